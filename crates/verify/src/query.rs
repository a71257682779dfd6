//! Solving: the SAT solver proposes an assignment of the formula and its atoms; the theories (arithmetic and
//! text) either accept it and give concrete numbers and strings, or return a small contradictory set of atom
//! literals, which the solver learns as a clause before trying again (lazy SMT). Only the atoms a query's
//! formula depends on are checked, so unrelated atoms never cost an iteration.

use crate::encode::{AtomKind, Engine, Input, InputEnc};
use crate::logic::F;
use crate::sym::ReasonId;
use crate::text::{self, TextLit};
use crate::theory::{self, Atom, Num, Sort};
use jz_check::{Type, Value};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::ops::Not;

const MAX_ROUNDS: usize = 20_000;

/// Concrete inputs of one evaluation.
#[derive(Clone, Debug, Default)]
pub struct Assignment {
    pub values: HashMap<Input, Value>,
}

#[derive(Clone, Debug)]
pub struct Solved {
    pub assignment: Assignment,
    /// Free variables (things outside the fragment) the query depended on.
    pub free: Vec<ReasonId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GiveUp(pub String);

impl Engine<'_> {
    /// Is `roots ∧ assume` satisfiable? With a model of the inputs when it is.
    pub fn solve(&mut self, roots: &[F], assume: &[F]) -> Result<Option<Solved>, GiveUp> {
        if let Some(b) = &self.broken {
            return Err(GiveUp(format!("solver: {b}")));
        }
        let all: Vec<F> = roots.iter().chain(assume).copied().collect();
        let mut lits = Vec::with_capacity(all.len());
        for f in &all {
            lits.push(self.lg.lit(*f).map_err(|e| GiveUp(format!("solver: {}", e.0)))?);
        }
        let cone = self.lg.cone_vars(&all);
        let cone_set: HashSet<usize> = cone.iter().copied().collect();
        for _ in 0..MAX_ROUNDS {
            if !self.lg.solve(&lits).map_err(|e| GiveUp(format!("solver: {}", e.0)))? {
                return Ok(None);
            }
            let mut by_sort: HashMap<Sort, Vec<theory::Lit>> = HashMap::new();
            let mut tlits: Vec<TextLit> = Vec::new();
            let mut free = Vec::new();
            for &n in &cone {
                let Some(kind) = self.atoms.get(&n) else { continue };
                let value = self.lg.value(F::of_node(n)).unwrap_or(false);
                match kind {
                    AtomKind::Diff(d, sort) => {
                        by_sort.entry(*sort).or_default().push(theory::Lit { atom: Atom::Diff(*d), value, id: n })
                    }
                    AtomKind::Md(m) => {
                        by_sort.entry(Sort::Day).or_default().push(theory::Lit { atom: Atom::Md(*m), value, id: n })
                    }
                    AtomKind::Text(a) => tlits.push(TextLit { atom: a.clone(), value, id: n }),
                    AtomKind::Free(r) => free.push(*r),
                }
            }
            let mut conflicts: Vec<Vec<usize>> = Vec::new();
            let mut nums: HashMap<usize, Num> = HashMap::new();
            for sort in [Sort::Int, Sort::Day, Sort::Dec] {
                let Some(ls) = by_sort.get(&sort) else { continue };
                match theory::check(sort, &self.num_vars, ls) {
                    theory::Outcome::Sat(m) => nums.extend(m),
                    theory::Outcome::Conflict(c) => conflicts.push(c),
                    theory::Outcome::Unknown(e) => return Err(GiveUp(e)),
                }
            }
            let shapes = self.text_shapes();
            let prefs: Vec<Option<String>> = self.text_vars.iter().map(|t| t.pref.clone()).collect();
            let texts = match text::check(self.text_vars.len(), &tlits, &shapes, &prefs) {
                text::Outcome::Sat(m) => m,
                text::Outcome::Conflict(c) => {
                    conflicts.push(c);
                    HashMap::new()
                }
            };
            if conflicts.is_empty() {
                free.sort_unstable();
                free.dedup();
                let assignment = self.assignment(&cone_set, &nums, &texts);
                return Ok(Some(Solved { assignment, free }));
            }
            for c in conflicts {
                let mut clause = Vec::with_capacity(c.len());
                for n in c {
                    let f = F::of_node(n);
                    let held = self.lg.value(f).unwrap_or(false);
                    let lit = self.lg.lit(if held { f.not() } else { f }).map_err(|e| GiveUp(e.0))?;
                    clause.push(lit);
                }
                self.lg.add_clause(&clause).map_err(|e| GiveUp(e.0))?;
            }
        }
        Err(GiveUp("the theory refinement did not converge".into()))
    }

    /// Like [`Engine::solve`], but the model keeps as many inputs as possible at their preferred values (scenario
    /// defaults, parameter values, `否`, empty sets, first variant, absent) and theory atoms at their value for
    /// the preferred numbers, dates and texts, so counterexamples show only what matters.
    pub fn solve_preferring(&mut self, roots: &[F], assume: &[F]) -> Result<Option<Solved>, GiveUp> {
        let Some(first) = self.solve(roots, assume)? else { return Ok(None) };
        let all: Vec<F> = roots.iter().chain(assume).copied().collect();
        let cone: HashSet<usize> = self.lg.cone_vars(&all).into_iter().collect();
        let inputs = self.preferences(&cone);
        let groups = self.atom_preferences(&cone);
        if inputs.is_empty() && groups.is_empty() {
            return Ok(Some(first));
        }
        let mut with: Vec<F> = assume.to_vec();
        with.extend(inputs.iter().copied());
        with.extend(groups.iter().flatten().copied());
        if let Some(s) = self.solve(roots, &with)? {
            return Ok(Some(s));
        }
        let mut best = first;
        let mut accepted: Vec<F> = assume.to_vec();
        for p in inputs {
            accepted.push(p);
            match self.solve(roots, &accepted)? {
                Some(s) => best = s,
                None => {
                    accepted.pop();
                }
            }
        }
        for g in groups {
            let mark = accepted.len();
            accepted.extend(g);
            match self.solve(roots, &accepted)? {
                Some(s) => best = s,
                None => accepted.truncate(mark),
            }
        }
        Ok(Some(best))
    }

    fn preferences(&self, cone: &HashSet<usize>) -> Vec<F> {
        let mut out = Vec::new();
        let in_cone = |f: &F| !f.is_const() && cone.contains(&f.node());
        for slot in &self.inputs {
            let default = self.default_value(slot.key);
            if in_cone(&slot.present) {
                out.push(slot.present.not());
            }
            match &slot.enc {
                InputEnc::Bool(f) if in_cone(f) => {
                    out.push(if matches!(default, Some(Value::Bool(true))) { *f } else { f.not() });
                }
                // an enum's variables are tied by exactly-one: prefer the default when any of them matters
                InputEnc::Enum(vs) if vs.iter().any(&in_cone) => {
                    let want = match default {
                        Some(Value::Enum(i)) => Some(i as usize),
                        _ => vs.iter().position(|f| *f != F::FALSE),
                    };
                    if let Some(f) = want.and_then(|k| vs.get(k)) {
                        if !f.is_const() {
                            out.push(*f);
                        }
                    }
                }
                InputEnc::Set(vs) => out.extend(vs.iter().filter(|f| in_cone(f)).map(|f| f.not())),
                _ => {}
            }
        }
        out
    }

    /// Theory atoms at their value for the preferred numbers and texts, grouped by the variables they relate.
    fn atom_preferences(&self, cone: &HashSet<usize>) -> Vec<Vec<F>> {
        let mut groups: std::collections::BTreeMap<(Option<usize>, Option<usize>, u8), Vec<F>> = Default::default();
        let mut nodes: Vec<usize> = cone.iter().copied().collect();
        nodes.sort_unstable();
        for n in nodes {
            let Some(kind) = self.atoms.get(&n) else { continue };
            let f = F::of_node(n);
            let (key, value) = match kind {
                AtomKind::Diff(d, _) => {
                    let at = |p: theory::Pt| match p {
                        theory::Pt::Zero => Some(zero_like(&d.c)),
                        theory::Pt::V(v) => self.num_vars.get(v).map(|x| x.pref),
                    };
                    let (Some(x), Some(y)) = (at(d.x), at(d.y)) else { continue };
                    let key = (pt_var(d.x), pt_var(d.y), 0);
                    (key, diff_holds(x, y, d.c, d.strict))
                }
                AtomKind::Md(m) => {
                    let Some(Num::I(v)) = self.num_vars.get(m.v).map(|x| x.pref) else { continue };
                    ((Some(m.v), None, 0), m.holds(v))
                }
                AtomKind::Text(a) => {
                    let (v, holds) = match a {
                        text::TextAtom::Eq(v, l) => (*v, self.text_pref(*v).is_some_and(|s| *s == **l)),
                        text::TextAtom::Prefix(v, p) => (*v, self.text_pref(*v).is_some_and(|s| s.starts_with(&**p))),
                        text::TextAtom::VarEq(..) => continue,
                    };
                    ((Some(v), None, 1), holds)
                }
                AtomKind::Free(_) => continue,
            };
            groups.entry(key).or_default().push(if value { f } else { f.not() });
        }
        groups.into_values().collect()
    }

    fn text_pref(&self, v: usize) -> Option<&str> {
        self.text_vars.get(v).and_then(|t| t.pref.as_deref())
    }

    /// The scenario default or parameter value of an input.
    pub fn default_value(&self, k: Input) -> Option<Value> {
        match k {
            Input::Scen(i) => self.p.scenario.get(i).map(|s| s.default.clone()),
            Input::Param(i) => self.p.params.get(i).map(|s| s.value.clone()),
            Input::Field(_) => None,
        }
    }

    fn assignment(
        &self,
        cone: &HashSet<usize>,
        nums: &HashMap<usize, Num>,
        texts: &HashMap<usize, String>,
    ) -> Assignment {
        let mut values = HashMap::new();
        let key_field = self.p.records.get(self.rec).map(|r| r.key);
        let model = |f: &F| -> Option<bool> {
            if f.is_const() {
                return Some(*f == F::TRUE);
            }
            if cone.contains(&f.node()) {
                self.lg.value(*f)
            } else {
                None
            }
        };
        for slot in &self.inputs {
            let default = self.default_value(slot.key);
            if !model(&slot.present).unwrap_or(false) && slot.present != F::TRUE {
                values.insert(slot.key, Value::Absent);
                continue;
            }
            let v = match &slot.enc {
                InputEnc::Const(v) => v.clone(),
                InputEnc::Bool(f) => Value::Bool(model(f).unwrap_or(matches!(default, Some(Value::Bool(true))))),
                InputEnc::Enum(vs) => {
                    // the variables are tied by exactly-one: when any is in the cone, all their values count
                    let relevant = vs.iter().any(|f| !f.is_const() && cone.contains(&f.node()));
                    let chosen = if relevant {
                        vs.iter().position(|f| *f != F::FALSE && self.lg.value(*f) == Some(true))
                    } else {
                        None
                    };
                    match (chosen, default) {
                        (Some(k), _) => Value::Enum(k as u16),
                        (None, Some(d)) => d,
                        (None, None) => Value::Enum(vs.iter().position(|f| *f != F::FALSE).unwrap_or(0) as u16),
                    }
                }
                InputEnc::Set(vs) => {
                    let mut bits = 0u64;
                    for (k, f) in vs.iter().enumerate() {
                        if k < 64 && model(f) == Some(true) {
                            bits |= 1u64 << k;
                        }
                    }
                    Value::Set(bits)
                }
                InputEnc::Num(v) => {
                    let n = nums.get(v).copied().or_else(|| self.num_vars.get(*v).map(|x| x.pref));
                    num_value(&slot.ty, n)
                }
                InputEnc::Text(v) => {
                    let s = texts.get(v).cloned().unwrap_or_else(|| {
                        if Some(slot.key) == key_field.map(Input::Field) {
                            "反例-1".to_string()
                        } else {
                            "反例".to_string()
                        }
                    });
                    Value::Text(s.into())
                }
            };
            values.insert(slot.key, v);
        }
        Assignment { values }
    }
}

fn pt_var(p: theory::Pt) -> Option<usize> {
    match p {
        theory::Pt::Zero => None,
        theory::Pt::V(v) => Some(v),
    }
}

fn zero_like(c: &Num) -> Num {
    match c {
        Num::I(_) => Num::I(0),
        Num::D(_) => Num::D(Decimal::ZERO),
    }
}

/// `x − y ≤ c` (`< c`) at given values; values of mismatched kinds compare as false.
fn diff_holds(x: Num, y: Num, c: Num, strict: bool) -> bool {
    let o = match (x, y, c) {
        (Num::I(x), Num::I(y), Num::I(c)) => x.checked_sub(y).map(|d| d.cmp(&c)),
        (Num::D(x), Num::D(y), Num::D(c)) => x.checked_sub(y).map(|d| d.cmp(&c)),
        _ => None,
    };
    match o {
        Some(std::cmp::Ordering::Less) => true,
        Some(std::cmp::Ordering::Equal) => !strict,
        _ => false,
    }
}

fn num_value(ty: &Type, n: Option<Num>) -> Value {
    match (ty, n) {
        (Type::Int, Some(Num::I(i))) => Value::Int(i64::try_from(i).unwrap_or(0)),
        (Type::Date, Some(Num::I(i))) => Value::Date(i32::try_from(i).unwrap_or(0)),
        (Type::Days, Some(Num::I(i))) => Value::Days(i64::try_from(i).unwrap_or(0)),
        (Type::Dec(_), Some(Num::D(d))) => Value::Dec(d),
        (Type::Dec(_), Some(Num::I(i))) => Value::Dec(Decimal::try_from_i128_with_scale(i, 0).unwrap_or(Decimal::ZERO)),
        (Type::Dec(_), None) => Value::Dec(Decimal::ZERO),
        (Type::Date, None) => Value::Date(0),
        (Type::Days, None) => Value::Days(0),
        _ => Value::Int(0),
    }
}
