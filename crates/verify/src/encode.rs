//! The typed IR of one record type, encoded as formulas following the interpreter's semantics exactly
//! (`jz_eval::interp` is the specification):
//!
//! - every expression yields `(err, value)`: when its evaluation raises an error, and its value otherwise,
//!   respecting the interpreter's short-circuits (`且`/`或`, `若`, `匹配`, `属于` stop early, so an error in a
//!   branch not taken is no error);
//! - a rule tree evaluates its exceptions first, in order; the first applicable one gives the value, a later
//!   applicable one with a different value is a conflict; with no applicable exception the rule applies when its
//!   condition holds; a decision does the same over its top-level rules and falls back to the default;
//! - a decision's error is split into "a conflict of this decision" and "another error", because the conflict
//!   report needs the interpreter's `Conflict { decision: D }` exactly.
//!
//! Inputs (record fields, scenario values, parameters a refinement may still set) are variables: booleans and
//! set members are SAT variables, enums one-hot, numbers and texts theory variables. A context may substitute
//! constants for some inputs (the default-gap check evaluates a decision at several enum values at once).

use crate::logic::{Logic, F};
use crate::sym::{num_add, Ev, Lin, Reason, ReasonId, Sym, TText, Term};
use crate::text::TextAtom;
use crate::theory::{Diff, MonthDay, Num, NumVar, Pt, Sort};
use jz_check::ir::*;
use jz_check::types::{days_from_civil, parse_date};
use jz_check::{Type, Value};
use jz_syntax::Span;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::ops::Not;
use std::rc::Rc;
use std::sync::Arc;

/// An input of a record's evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    Scen(ScenId),
    Param(ParamId),
    Field(FieldId),
}

#[derive(Clone, Debug)]
pub enum InputEnc {
    Bool(F),
    Enum(Vec<F>),
    Set(Vec<F>),
    Num(usize),
    Text(usize),
    /// A parameter fixed by the program (closed, or set by `设定`).
    Const(Value),
}

#[derive(Clone, Debug)]
pub struct InputSlot {
    pub key: Input,
    pub ty: Type,
    pub enc: InputEnc,
    /// Optional fields: is it present (`F::TRUE` otherwise).
    pub present: F,
    /// The variant range an open enum parameter may take.
    pub variants: Option<(u16, u16)>,
}

#[derive(Clone, Debug)]
pub enum AtomKind {
    Diff(Diff, Sort),
    Md(MonthDay),
    Text(TextAtom),
    /// Stands for something outside the fragment; any value is possible.
    Free(ReasonId),
}

#[derive(Clone, Debug)]
pub struct TextVar {
    pub input: Input,
    pub pref: Option<String>,
}

/// A rule tree's evaluation.
#[derive(Clone, Debug)]
pub struct RuleEv {
    pub err_conf: F,
    pub err_other: F,
    /// Returned a value without error.
    pub some: F,
    pub val: Sym,
    /// Which rule's value it returned.
    pub dec: Vec<(RuleId, F)>,
    /// First-error conflicts inside this tree: (earlier rule, later rule, when).
    pub conflicts: Vec<(RuleId, RuleId, F)>,
}

/// A decision's evaluation.
#[derive(Clone, Debug)]
pub struct DecEv {
    /// The evaluation ends in `Conflict { decision: this }`.
    pub err_conf: F,
    /// … in any other error.
    pub err_other: F,
    pub val: Sym,
    /// Ok, decided by this rule.
    pub decided: Vec<(RuleId, F)>,
    /// Ok, from the default.
    pub default: F,
    pub conflicts: Vec<(RuleId, RuleId, F)>,
}

impl DecEv {
    pub fn err(&self, lg: &mut Logic) -> F {
        lg.or2(self.err_conf, self.err_other)
    }
}

pub type CtxId = usize;

pub struct Engine<'p> {
    pub p: &'p Program,
    pub rec: RecordId,
    pub lg: Logic,
    pub inputs: Vec<InputSlot>,
    input_index: HashMap<Input, usize>,
    pub num_vars: Vec<NumVar>,
    pub num_input: Vec<Input>,
    pub text_vars: Vec<TextVar>,
    pub atoms: HashMap<usize, AtomKind>,
    diff_index: HashMap<Diff, F>,
    md_index: HashMap<MonthDay, F>,
    text_index: HashMap<TextAtom, F>,
    /// Atoms per theory key, for the eager axioms between atoms over the same variables.
    diff_by_pair: HashMap<(Pt, Pt), Vec<(Diff, F)>>,
    text_by_var: HashMap<usize, VarTextAtoms>,
    pub reasons: Vec<Reason>,
    reason_index: HashMap<Reason, ReasonId>,
    /// (free variable, the exact linear reading that guides counterexample search).
    pub hints: Vec<(F, F)>,
    ctxs: Vec<HashMap<Input, Sym>>,
    ctx_index: HashMap<Vec<(Input, u16)>, CtxId>,
    memo_def: HashMap<(CtxId, DefineId), Ev>,
    memo_dec: HashMap<(CtxId, DecisionId), Rc<DecEv>>,
    memo_rule: HashMap<(CtxId, DecisionId, RuleId), Rc<RuleEv>>,
    /// Rule `r` of decision `d` returns its own value (condition holds, no exception applies, no error).
    pub applies: HashMap<(CtxId, DecisionId, RuleId), F>,
    /// The rule's condition holds without error.
    pub cond_holds: HashMap<(CtxId, DecisionId, RuleId), F>,
    deps_def: HashMap<DefineId, Rc<HashSet<Input>>>,
    deps_dec: HashMap<DecisionId, Rc<HashSet<Input>>>,
    /// A clause could not be added; queries report it as unknown.
    pub broken: Option<String>,
}

pub fn sort_of(t: &Type) -> Option<Sort> {
    match t {
        Type::Int => Some(Sort::Int),
        Type::Date | Type::Days => Some(Sort::Day),
        Type::Dec(_) => Some(Sort::Dec),
        _ => None,
    }
}

pub fn date_min() -> i128 {
    i128::from(days_from_civil(0, 1, 1))
}
pub fn date_max() -> i128 {
    i128::from(days_from_civil(9999, 12, 31))
}

fn value_num(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::I(i128::from(*i))),
        Value::Date(d) => Some(Num::I(i128::from(*d))),
        Value::Days(d) => Some(Num::I(i128::from(*d))),
        Value::Dec(d) => Some(Num::D(*d)),
        _ => None,
    }
}

fn enum_len(p: &Program, e: usize) -> usize {
    p.enums.get(e).map_or(0, |d| d.variants.len())
}

impl<'p> Engine<'p> {
    pub fn new(p: &'p Program, rec: RecordId) -> Engine<'p> {
        let mut en = Engine {
            p,
            rec,
            lg: Logic::new(),
            inputs: Vec::new(),
            input_index: HashMap::new(),
            num_vars: Vec::new(),
            num_input: Vec::new(),
            text_vars: Vec::new(),
            atoms: HashMap::new(),
            diff_index: HashMap::new(),
            md_index: HashMap::new(),
            text_index: HashMap::new(),
            diff_by_pair: HashMap::new(),
            text_by_var: HashMap::new(),
            reasons: Vec::new(),
            reason_index: HashMap::new(),
            hints: Vec::new(),
            ctxs: vec![HashMap::new()],
            ctx_index: HashMap::new(),
            memo_def: HashMap::new(),
            memo_dec: HashMap::new(),
            memo_rule: HashMap::new(),
            applies: HashMap::new(),
            cond_holds: HashMap::new(),
            deps_def: HashMap::new(),
            deps_dec: HashMap::new(),
            broken: None,
        };
        en.make_inputs();
        en
    }

    // ------------------------------------------------------------------ inputs

    fn make_inputs(&mut self) {
        let p = self.p;
        let date_pref = p
            .scenario
            .iter()
            .find_map(|s| match s.default {
                Value::Date(d) => Some(i128::from(d)),
                _ => None,
            })
            .unwrap_or_else(|| parse_date("2026-01-01").map_or(0, i128::from));
        for (i, s) in p.scenario.iter().enumerate() {
            self.add_input(Input::Scen(i), &s.ty, false, Some(&s.default), None, date_pref);
        }
        for (i, pm) in p.params.iter().enumerate() {
            if pm.open.is_none() || pm.set_at.is_some() {
                let slot = InputSlot {
                    key: Input::Param(i),
                    ty: pm.ty.clone(),
                    enc: InputEnc::Const(pm.value.clone()),
                    present: F::TRUE,
                    variants: None,
                };
                self.push_input(slot);
            } else {
                let bounds = pm.open.clone().flatten();
                self.add_input(Input::Param(i), &pm.ty, false, Some(&pm.value), bounds, date_pref);
            }
        }
        if let Some(r) = p.records.get(self.rec) {
            for (i, f) in r.fields.iter().enumerate() {
                self.add_input(Input::Field(i), &f.ty, f.optional, None, None, date_pref);
            }
        }
    }

    fn push_input(&mut self, slot: InputSlot) {
        self.input_index.insert(slot.key, self.inputs.len());
        self.inputs.push(slot);
    }

    fn add_input(
        &mut self,
        key: Input,
        ty: &Type,
        optional: bool,
        pref: Option<&Value>,
        bounds: Option<(Value, Value)>,
        date_pref: i128,
    ) {
        let present = if optional { self.lg.var() } else { F::TRUE };
        let mut variants = None;
        let enc = match ty {
            Type::Bool => InputEnc::Bool(self.lg.var()),
            Type::Enum(e) => {
                let n = enum_len(self.p, *e);
                let (lo, hi) = match &bounds {
                    Some((Value::Enum(a), Value::Enum(b))) => (*a, *b),
                    _ => (0, n.saturating_sub(1) as u16),
                };
                variants = Some((lo, hi));
                let vs: Vec<F> = (0..n)
                    .map(|k| if (lo as usize..=hi as usize).contains(&k) { self.lg.var() } else { F::FALSE })
                    .collect();
                let one = self.lg.exactly_one(&vs);
                self.assert(one);
                InputEnc::Enum(vs)
            }
            Type::Set(e) => InputEnc::Set((0..enum_len(self.p, *e)).map(|_| self.lg.var()).collect()),
            Type::Text => {
                let v = self.text_vars.len();
                let is_key = self.p.records.get(self.rec).is_some_and(|r| key == Input::Field(r.key));
                let pref = match pref {
                    Some(Value::Text(t)) => Some(t.to_string()),
                    _ if is_key => Some("反例-1".to_string()),
                    _ => Some("反例".to_string()),
                };
                self.text_vars.push(TextVar { input: key, pref });
                InputEnc::Text(v)
            }
            Type::Int | Type::Dec(_) | Type::Date | Type::Days => {
                let sort = sort_of(ty).unwrap_or(Sort::Int);
                let (mut lo, mut hi) = match ty {
                    Type::Int | Type::Days => (Some(Num::I(i128::from(i64::MIN))), Some(Num::I(i128::from(i64::MAX)))),
                    Type::Date => (Some(Num::I(date_min())), Some(Num::I(date_max()))),
                    _ => (None, None),
                };
                if let Some((a, b)) = &bounds {
                    if let (Some(a), Some(b)) = (value_num(a), value_num(b)) {
                        lo = Some(max_num(lo, a));
                        hi = Some(min_num(hi, b));
                    }
                }
                let pref = match pref.and_then(value_num) {
                    Some(n) => n,
                    None => match ty {
                        Type::Date => Num::I(date_pref),
                        Type::Dec(_) => Num::D(Decimal::ZERO),
                        _ => Num::I(0),
                    },
                };
                let v = self.num_vars.len();
                self.num_vars.push(NumVar { sort, lo, hi, pref });
                self.num_input.push(key);
                InputEnc::Num(v)
            }
        };
        self.push_input(InputSlot { key, ty: ty.clone(), enc, present, variants });
    }

    pub fn input(&self, k: Input) -> Option<&InputSlot> {
        self.input_index.get(&k).and_then(|i| self.inputs.get(*i))
    }

    /// A hard constraint (true of every real record).
    pub fn assert(&mut self, f: F) {
        if f == F::TRUE {
            return;
        }
        let r = self.lg.lit(f).and_then(|l| self.lg.add_clause(&[l]));
        if let Err(e) = r {
            self.broken = Some(e.0);
        }
    }

    fn clause(&mut self, fs: &[F]) {
        let mut lits = Vec::new();
        for f in fs {
            match self.lg.lit(*f) {
                Ok(l) => lits.push(l),
                Err(e) => {
                    self.broken = Some(e.0);
                    return;
                }
            }
        }
        if let Err(e) = self.lg.add_clause(&lits) {
            self.broken = Some(e.0);
        }
    }

    pub fn reason(&mut self, message: impl Into<String>, span: Span) -> ReasonId {
        let r = Reason { message: message.into(), span };
        if let Some(&id) = self.reason_index.get(&r) {
            return id;
        }
        self.reasons.push(r.clone());
        self.reason_index.insert(r, self.reasons.len() - 1);
        self.reasons.len() - 1
    }

    /// A free variable standing for something outside the fragment.
    pub fn free(&mut self, why: ReasonId) -> F {
        let v = self.lg.var();
        self.atoms.insert(v.node(), AtomKind::Free(why));
        v
    }

    // ------------------------------------------------------------------ contexts

    /// The context where the given inputs are replaced by enum variants.
    pub fn context(&mut self, subst: &[(Input, u16)]) -> CtxId {
        if subst.is_empty() {
            return 0;
        }
        let mut key = subst.to_vec();
        key.sort_unstable();
        if let Some(&c) = self.ctx_index.get(&key) {
            return c;
        }
        let mut map = HashMap::new();
        for (k, variant) in &key {
            if let Some(Type::Enum(e)) = self.input(*k).map(|s| s.ty.clone()) {
                let vs = (0..enum_len(self.p, e)).map(|i| Logic::constant(i == *variant as usize)).collect();
                map.insert(*k, Sym::Enum(vs));
            }
        }
        self.ctxs.push(map);
        self.ctx_index.insert(key, self.ctxs.len() - 1);
        self.ctxs.len() - 1
    }

    fn expr_inputs(&mut self, e: &Expr, out: &mut HashSet<Input>) {
        let mut defs = Vec::new();
        let mut decs = Vec::new();
        e.walk(&mut |x| match x.kind {
            ExprKind::Field(i) | ExprKind::Has(i) => {
                out.insert(Input::Field(i));
            }
            ExprKind::Scen(i) => {
                out.insert(Input::Scen(i));
            }
            ExprKind::Param(i) => {
                out.insert(Input::Param(i));
            }
            ExprKind::Define(d) => defs.push(d),
            ExprKind::Decision(d) => decs.push(d),
            _ => {}
        });
        for d in defs {
            out.extend(self.define_inputs(d).iter().copied());
        }
        for d in decs {
            out.extend(self.decision_inputs(d).iter().copied());
        }
    }

    pub fn define_inputs(&mut self, d: DefineId) -> Rc<HashSet<Input>> {
        if let Some(s) = self.deps_def.get(&d) {
            return s.clone();
        }
        let mut out = HashSet::new();
        if let Some(def) = self.p.defines.get(d) {
            self.expr_inputs(&def.expr, &mut out);
        }
        let rc = Rc::new(out);
        self.deps_def.insert(d, rc.clone());
        rc
    }

    pub fn decision_inputs(&mut self, d: DecisionId) -> Rc<HashSet<Input>> {
        if let Some(s) = self.deps_dec.get(&d) {
            return s.clone();
        }
        let mut out = HashSet::new();
        if let Some(dec) = self.p.decisions.get(d) {
            self.expr_inputs(&dec.default, &mut out);
            for r in &dec.rules {
                if let Some(c) = &r.cond {
                    self.expr_inputs(c, &mut out);
                }
                self.expr_inputs(&r.value, &mut out);
            }
        }
        let rc = Rc::new(out);
        self.deps_dec.insert(d, rc.clone());
        rc
    }

    /// The context a define or decision is evaluated in: the plain one when it reads no substituted input.
    fn effective(&mut self, ctx: CtxId, deps: &HashSet<Input>) -> CtxId {
        if ctx == 0 {
            return 0;
        }
        let substituted = self.ctxs.get(ctx).is_some_and(|m| m.keys().any(|k| deps.contains(k)));
        if substituted {
            ctx
        } else {
            0
        }
    }

    // ------------------------------------------------------------------ atoms

    /// `x − y ≤ c` (`< c` when strict) for one sort, canonical and shared.
    pub fn diff(&mut self, sort: Sort, x: Pt, y: Pt, c: Num, strict: bool) -> Option<F> {
        // integers: strict becomes ≤ c − 1
        let (c, strict) = match (sort, c, strict) {
            (Sort::Dec, c, s) => (c, s),
            (_, Num::I(i), true) => (Num::I(i.checked_sub(1)?), false),
            (_, c, s) => (c, s),
        };
        if x == y {
            let holds = match c {
                Num::I(i) => {
                    if strict {
                        0 < i
                    } else {
                        0 <= i
                    }
                }
                Num::D(d) => {
                    if strict {
                        Decimal::ZERO < d
                    } else {
                        Decimal::ZERO <= d
                    }
                }
            };
            return Some(Logic::constant(holds));
        }
        if x > y {
            // x − y ≤ c  ⟺  ¬(y − x < −c)  ⟺ (integers) ¬(y − x ≤ −c − 1)
            let neg = num_add(crate::sym::zero_of(c), c, -1)?;
            return self.diff(sort, y, x, neg, !strict).map(F::not);
        }
        // static bounds of single variables
        if let (Pt::Zero, Pt::V(v)) = (x, y) {
            // −v ≤ c  ⟺  v ≥ −c
            if let Some(info) = self.num_vars.get(v) {
                let neg = num_add(crate::sym::zero_of(c), c, -1)?;
                if let Some(lo) = info.lo {
                    if num_ge(lo, neg, strict) {
                        return Some(F::TRUE);
                    }
                }
                if let Some(hi) = info.hi {
                    if !num_ge(hi, neg, strict) {
                        return Some(F::FALSE);
                    }
                }
            }
        }
        let key = Diff { x, y, c, strict };
        if let Some(f) = self.diff_index.get(&key) {
            return Some(*f);
        }
        let f = self.lg.var();
        self.atoms.insert(f.node(), AtomKind::Diff(key, sort));
        self.diff_index.insert(key, f);
        // eager: bounds on the same pair imply each other. They are kept sorted from the strongest to the
        // weakest and each is linked to its neighbours only (implication is transitive), so k bounds on one
        // pair cost O(k) clauses, not O(k²) (a chain of definitions each adding 1 makes thousands).
        let list = self.diff_by_pair.entry((x, y)).or_default();
        let at = list.partition_point(|(o, _)| bound_before(o, &key));
        let prev = at.checked_sub(1).and_then(|i| list.get(i)).copied();
        let next = list.get(at).copied();
        list.insert(at, (key, f));
        if let Some((o, g)) = prev {
            if implies(&o, &key) {
                self.clause(&[g.not(), f]);
            }
        }
        if let Some((o, g)) = next {
            if implies(&key, &o) {
                self.clause(&[f.not(), g]);
            }
        }
        Some(f)
    }

    pub fn month_day(&mut self, m: MonthDay) -> F {
        if let Some(f) = self.md_index.get(&m) {
            return *f;
        }
        let f = self.lg.var();
        self.atoms.insert(f.node(), AtomKind::Md(m));
        self.md_index.insert(m, f);
        f
    }

    pub fn text_atom(&mut self, a: TextAtom) -> F {
        let a = match a {
            TextAtom::Prefix(_, ref p) if p.is_empty() => return F::TRUE,
            TextAtom::VarEq(x, y) if x == y => return F::TRUE,
            TextAtom::VarEq(x, y) if x > y => TextAtom::VarEq(y, x),
            a => a,
        };
        if let Some(f) = self.text_index.get(&a) {
            return *f;
        }
        let f = self.lg.var();
        self.atoms.insert(f.node(), AtomKind::Text(a.clone()));
        self.text_index.insert(a.clone(), f);
        // eager: one variable's literal and prefix atoms
        let var = match &a {
            TextAtom::Eq(v, _) | TextAtom::Prefix(v, _) => Some(*v),
            TextAtom::VarEq(..) => None,
        };
        if let Some(v) = var {
            // Distinct literals exclude each other through a ladder (`some`: one of the earlier equalities
            // holds; 3 clauses per literal instead of one per pair — a list of 2,500 enterprise codes is
            // ordinary); a prefix is related to every literal and prefix of the variable.
            let mut clauses: Vec<[F; 2]> = Vec::new();
            let atoms = self.text_by_var.entry(v).or_default();
            match &a {
                TextAtom::Eq(_, l) => {
                    for (p, g) in &atoms.prefixes {
                        clauses.push(if l.starts_with(&**p) { [f.not(), *g] } else { [f.not(), g.not()] });
                    }
                    let some = self.lg.var();
                    clauses.push([f.not(), some]);
                    if let Some(prev) = atoms.some_eq {
                        clauses.push([prev.not(), some]);
                        clauses.push([prev.not(), f.not()]);
                    }
                    atoms.some_eq = Some(some);
                    atoms.eqs.push((l.clone(), f));
                }
                TextAtom::Prefix(_, p) => {
                    for (l, g) in &atoms.eqs {
                        clauses.push(if l.starts_with(&**p) { [g.not(), f] } else { [g.not(), f.not()] });
                    }
                    for (q, g) in &atoms.prefixes {
                        clauses.push(if p.starts_with(&**q) {
                            [f.not(), *g]
                        } else if q.starts_with(&**p) {
                            [g.not(), f]
                        } else {
                            [f.not(), g.not()]
                        });
                    }
                    atoms.prefixes.push((p.clone(), f));
                }
                TextAtom::VarEq(..) => {}
            }
            for c in clauses {
                self.clause(&c);
            }
        }
        f
    }

    /// The literals and prefixes each text variable is compared with.
    pub fn text_shapes(&self) -> Vec<Vec<Arc<str>>> {
        let mut out = vec![Vec::new(); self.text_vars.len()];
        for a in self.text_index.keys() {
            if let TextAtom::Eq(v, s) | TextAtom::Prefix(v, s) = a {
                if let Some(o) = out.get_mut(*v) {
                    o.push(s.clone());
                }
            }
        }
        out
    }

    // ------------------------------------------------------------------ comparisons

    /// `a op b` over linear terms; `None` outside difference logic.
    fn cmp_lin(&mut self, op: CmpOp, a: &Lin, b: &Lin) -> Option<F> {
        let d = a.add(b, -1)?;
        let sort = a.sort;
        // d op 0, d = Σ k·v + c
        let (x, y, c) = match d.vars.as_slice() {
            [] => {
                let holds = match d.c {
                    Num::I(i) => cmp_ord(op, i.cmp(&0)),
                    Num::D(v) => cmp_ord(op, v.cmp(&Decimal::ZERO)),
                };
                return Some(Logic::constant(holds));
            }
            [(v, 1)] => (Pt::V(*v), Pt::Zero, d.c),
            [(v, -1)] => (Pt::Zero, Pt::V(*v), d.c),
            [(v, 1), (w, -1)] => (Pt::V(*v), Pt::V(*w), d.c),
            [(v, -1), (w, 1)] => (Pt::V(*w), Pt::V(*v), d.c),
            _ => return None,
        };
        // x − y + c op 0
        let neg_c = num_add(crate::sym::zero_of(c), c, -1)?;
        let le = |s: &mut Self, strict| s.diff(sort, x, y, neg_c, strict); // x − y ≤/< −c
        let ge = |s: &mut Self, strict| s.diff(sort, y, x, c, strict); // y − x ≤/< c
        Some(match op {
            CmpOp::Le => le(self, false)?,
            CmpOp::Lt => le(self, true)?,
            CmpOp::Ge => ge(self, false)?,
            CmpOp::Gt => ge(self, true)?,
            CmpOp::Eq | CmpOp::Ne => {
                let (l, g) = (le(self, false)?, ge(self, false)?);
                let eq = self.lg.and2(l, g);
                if op == CmpOp::Eq {
                    eq
                } else {
                    eq.not()
                }
            }
        })
    }

    fn cmp_term(&mut self, op: CmpOp, a: &Term, b: &Term, span: Span) -> F {
        match (a, b) {
            (Term::Lin(x), Term::Lin(y)) => {
                let inexact = x.inexact.or(y.inexact);
                let exact = {
                    let (mut x2, mut y2) = (x.clone(), y.clone());
                    x2.inexact = None;
                    y2.inexact = None;
                    self.cmp_lin(op, &x2, &y2)
                };
                match (exact, inexact) {
                    (Some(f), None) => f,
                    (Some(f), Some(why)) => {
                        let v = self.free(why);
                        let hint = self.lg.iff(v, f);
                        self.hints.push((v, hint));
                        v
                    }
                    (None, _) => {
                        let why = self.reason(
                            "comparison of a sum of fields (only differences `x − y` and constants are decided)",
                            span,
                        );
                        self.free(why)
                    }
                }
            }
            (Term::Opaque(r), _) | (_, Term::Opaque(r)) => self.free(*r),
        }
    }

    /// Enum order `a < b` (by declaration).
    fn enum_lt(&mut self, a: &[F], b: &[F]) -> F {
        if a.len() > 16 && a.len() == b.len() {
            // one-hot by halves: `a` in the lower half and `b` in the upper, or both in one half (O(n log n)
            // nodes instead of the n²/2 of the loop below for a large enum)
            let mid = a.len() / 2;
            let ((al, ar), (bl, br)) = (a.split_at(mid), b.split_at(mid));
            let (lo, hi) = (self.lg.or(al.iter().copied()), self.lg.or(br.iter().copied()));
            let cross = self.lg.and2(lo, hi);
            let (l, r) = (self.enum_lt(al, bl), self.enum_lt(ar, br));
            return self.lg.or([cross, l, r]);
        }
        let mut parts = Vec::new();
        for (i, ai) in a.iter().enumerate() {
            let later: Vec<F> = b.iter().skip(i + 1).copied().collect();
            let any = self.lg.or(later);
            parts.push(self.lg.and2(*ai, any));
        }
        self.lg.or(parts)
    }

    fn enum_eq(&mut self, a: &[F], b: &[F]) -> F {
        let parts: Vec<F> = a.iter().zip(b).map(|(x, y)| self.lg.and2(*x, *y)).collect();
        self.lg.or(parts)
    }

    fn text_eq(&mut self, a: &TText, b: &TText) -> F {
        match (a, b) {
            (TText::Lit(x), TText::Lit(y)) => Logic::constant(x == y),
            (TText::Var(v), TText::Lit(l)) | (TText::Lit(l), TText::Var(v)) => {
                self.text_atom(TextAtom::Eq(*v, l.clone()))
            }
            (TText::Var(v), TText::Var(w)) => self.text_atom(TextAtom::VarEq(*v, *w)),
            (TText::Opaque(r), _) | (_, TText::Opaque(r)) => self.free(*r),
        }
    }

    /// Value equality as the interpreter's `==` (decimals by value).
    pub fn sym_eq(&mut self, a: &Sym, b: &Sym, span: Span) -> F {
        match (a, b) {
            (Sym::Bool(x), Sym::Bool(y)) => self.lg.iff(*x, *y),
            (Sym::Enum(x), Sym::Enum(y)) => self.enum_eq(x, y),
            (Sym::Set(x), Sym::Set(y)) => {
                let parts: Vec<F> = x.iter().zip(y).map(|(p, q)| self.lg.iff(*p, *q)).collect();
                self.lg.and(parts)
            }
            (Sym::Num(xs), Sym::Num(ys)) => self.any_pair(xs, ys, |me, tx, ty| me.cmp_term(CmpOp::Eq, tx, ty, span)),
            (Sym::Text(xs), Sym::Text(ys)) => self.any_pair(xs, ys, |me, tx, ty| me.text_eq(tx, ty)),
            _ => F::FALSE,
        }
    }

    /// `⋁ gx ∧ gy ∧ f(tx, ty)` over the pairs of guarded alternatives whose guards can hold together.
    fn any_pair<T>(&mut self, xs: &[(F, T)], ys: &[(F, T)], mut f: impl FnMut(&mut Self, &T, &T) -> F) -> F {
        let mut parts = Vec::new();
        for (gx, tx) in xs {
            for (gy, ty) in ys {
                let g = self.lg.and2(*gx, *gy);
                if g == F::FALSE {
                    continue;
                }
                let c = f(self, tx, ty);
                parts.push(self.lg.and2(g, c));
            }
        }
        self.lg.or(parts)
    }

    /// Ordered comparison of two values of one ordered type.
    fn sym_cmp(&mut self, op: CmpOp, a: &Sym, b: &Sym, span: Span) -> F {
        match op {
            CmpOp::Eq => return self.sym_eq(a, b, span),
            CmpOp::Ne => return self.sym_eq(a, b, span).not(),
            _ => {}
        }
        match (a, b) {
            (Sym::Enum(x), Sym::Enum(y)) => match op {
                CmpOp::Lt => self.enum_lt(x, y),
                CmpOp::Gt => self.enum_lt(y, x),
                CmpOp::Le => self.enum_lt(y, x).not(),
                _ => self.enum_lt(x, y).not(),
            },
            (Sym::Num(xs), Sym::Num(ys)) => self.any_pair(xs, ys, |me, tx, ty| me.cmp_term(op, tx, ty, span)),
            _ => F::FALSE,
        }
    }

    // ------------------------------------------------------------------ values

    fn const_sym(&mut self, ty: &Type, v: &Value, span: Span) -> Sym {
        match (ty, v) {
            (_, Value::Bool(b)) => Sym::Bool(Logic::constant(*b)),
            (Type::Enum(e), Value::Enum(i)) => {
                Sym::Enum((0..enum_len(self.p, *e)).map(|k| Logic::constant(k == *i as usize)).collect())
            }
            (Type::Set(e), Value::Set(bits)) => Sym::Set(
                (0..enum_len(self.p, *e)).map(|k| Logic::constant(k < 64 && bits & (1u64 << k) != 0)).collect(),
            ),
            (_, Value::Text(t)) => Sym::Text(vec![(F::TRUE, TText::Lit(t.clone()))]),
            (t, v) => match (sort_of(t), value_num(v)) {
                (Some(s), Some(n)) => Sym::Num(vec![(F::TRUE, Term::Lin(Lin::constant(s, n)))]),
                _ => {
                    let why = self.reason("a value the verifier cannot represent", span);
                    Sym::Num(vec![(F::TRUE, Term::Opaque(why))])
                }
            },
        }
    }

    fn input_sym(&mut self, k: Input, ctx: CtxId, span: Span) -> Sym {
        if let Some(s) = self.ctxs.get(ctx).and_then(|m| m.get(&k)) {
            return s.clone();
        }
        let Some(slot) = self.input(k).cloned() else {
            let why = self.reason("an input the verifier does not know", span);
            return Sym::Num(vec![(F::TRUE, Term::Opaque(why))]);
        };
        match &slot.enc {
            InputEnc::Bool(f) => Sym::Bool(*f),
            InputEnc::Enum(vs) => Sym::Enum(vs.clone()),
            InputEnc::Set(vs) => Sym::Set(vs.clone()),
            InputEnc::Num(v) => {
                let sort = sort_of(&slot.ty).unwrap_or(Sort::Int);
                Sym::Num(vec![(F::TRUE, Term::Lin(Lin::var(sort, *v)))])
            }
            InputEnc::Text(v) => Sym::Text(vec![(F::TRUE, TText::Var(*v))]),
            InputEnc::Const(v) => self.const_sym(&slot.ty, v, span),
        }
    }

    /// An undefined value of a type (used where no guard holds).
    fn empty(&self, ty: &Type) -> Sym {
        match ty {
            Type::Bool => Sym::Bool(F::FALSE),
            Type::Enum(e) => Sym::Enum(vec![F::FALSE; enum_len(self.p, *e)]),
            Type::Set(e) => Sym::Set(vec![F::FALSE; enum_len(self.p, *e)]),
            Type::Text => Sym::Text(Vec::new()),
            _ => Sym::Num(Vec::new()),
        }
    }

    /// The value under disjoint guards.
    pub fn merge(&mut self, ty: &Type, parts: &[(F, Sym)]) -> Sym {
        let mut out = self.empty(ty);
        for (g, v) in parts {
            if *g == F::FALSE {
                continue;
            }
            out = match (out, v) {
                (Sym::Bool(a), Sym::Bool(b)) => {
                    let x = self.lg.and2(*g, *b);
                    Sym::Bool(self.lg.or2(a, x))
                }
                (Sym::Enum(a), Sym::Enum(b)) | (Sym::Set(a), Sym::Set(b)) => {
                    let is_enum = matches!(v, Sym::Enum(_));
                    let merged: Vec<F> = a
                        .iter()
                        .zip(b)
                        .map(|(x, y)| {
                            let t = self.lg.and2(*g, *y);
                            self.lg.or2(*x, t)
                        })
                        .collect();
                    if is_enum {
                        Sym::Enum(merged)
                    } else {
                        Sym::Set(merged)
                    }
                }
                (Sym::Num(a), Sym::Num(b)) => Sym::Num(self.merge_alternatives(*g, a, b)),
                (Sym::Text(a), Sym::Text(b)) => Sym::Text(self.merge_alternatives(*g, a, b)),
                (o, _) => o,
            };
        }
        out
    }

    /// Add `b`'s guarded alternatives, under guard `g`, to `a` (one entry per distinct value).
    fn merge_alternatives<T: PartialEq + Clone>(&mut self, g: F, mut a: Vec<(F, T)>, b: &[(F, T)]) -> Vec<(F, T)> {
        for (h, t) in b {
            let gh = self.lg.and2(g, *h);
            if gh == F::FALSE {
                continue;
            }
            match a.iter_mut().find(|(_, u)| u == t) {
                Some(slot) => slot.0 = self.lg.or2(slot.0, gh),
                None => a.push((gh, t.clone())),
            }
        }
        a
    }

    fn ite(&mut self, ty: &Type, c: F, a: &Sym, b: &Sym) -> Sym {
        self.merge(ty, &[(c, a.clone()), (c.not(), b.clone())])
    }

    // ------------------------------------------------------------------ expressions

    pub fn eval(&mut self, e: &Expr, ctx: CtxId) -> Ev {
        use ExprKind as K;
        let ok = |val| Ev { err: F::FALSE, val };
        match &e.kind {
            K::Lit(v) => ok(self.const_sym(&e.ty, v, e.span)),
            K::Field(i) => ok(self.input_sym(Input::Field(*i), ctx, e.span)),
            K::Scen(i) => ok(self.input_sym(Input::Scen(*i), ctx, e.span)),
            K::Param(i) => ok(self.input_sym(Input::Param(*i), ctx, e.span)),
            K::Has(i) => {
                let f = self.input(Input::Field(*i)).map_or(F::TRUE, |s| s.present);
                ok(Sym::Bool(f))
            }
            K::Define(d) => self.define(*d, ctx),
            K::Decision(d) => {
                let de = self.decision(*d, ctx);
                let err = de.err(&mut self.lg);
                Ev { err, val: de.val.clone() }
            }
            K::Not(a) => {
                let x = self.eval(a, ctx);
                Ev { err: x.err, val: Sym::Bool(x.val.as_bool().not()) }
            }
            K::And(a, b) | K::Or(a, b) => {
                let is_and = matches!(e.kind, K::And(..));
                let x = self.eval(a, ctx);
                let y = self.eval(b, ctx);
                let (xv, yv) = (x.val.as_bool(), y.val.as_bool());
                // b runs when a did not decide: a true for 且, a false for 或
                let runs = if is_and { xv } else { xv.not() };
                let gate = self.lg.and([x.err.not(), runs, y.err]);
                let err = self.lg.or2(x.err, gate);
                let val = if is_and { self.lg.and2(xv, yv) } else { self.lg.or2(xv, yv) };
                Ev { err, val: Sym::Bool(val) }
            }
            K::If(c, a, b) => {
                let ce = self.eval(c, ctx);
                let ae = self.eval(a, ctx);
                let be = self.eval(b, ctx);
                let cv = ce.val.as_bool();
                let ea = self.lg.and([ce.err.not(), cv, ae.err]);
                let eb = self.lg.and([ce.err.not(), cv.not(), be.err]);
                let err = self.lg.or([ce.err, ea, eb]);
                let val = self.ite(&e.ty, cv, &ae.val, &be.val);
                Ev { err, val }
            }
            K::Match(s, table, arms) => {
                let se = self.eval(s, ctx);
                let Sym::Enum(sv) = se.val.clone() else { return self.opaque_bool(e, "match on a non-enum") };
                let mut errs = vec![se.err];
                let mut parts = Vec::new();
                for (ai, arm) in arms.iter().enumerate() {
                    let sel: Vec<F> =
                        sv.iter().enumerate().filter(|(k, _)| table.get(*k) == Some(&ai)).map(|(_, f)| *f).collect();
                    let guard = self.lg.or(sel);
                    if guard == F::FALSE {
                        continue;
                    }
                    let ae = self.eval(arm, ctx);
                    errs.push(self.lg.and([se.err.not(), guard, ae.err]));
                    parts.push((guard, ae.val));
                }
                let err = self.lg.or(errs);
                let val = self.merge(&e.ty, &parts);
                Ev { err, val }
            }
            K::Cmp(op, a, b) => {
                let x = self.eval(a, ctx);
                let y = self.eval(b, ctx);
                let err = self.seq_err(&[x.err, y.err]);
                let val = self.sym_cmp(*op, &x.val, &y.val, e.span);
                Ev { err, val: Sym::Bool(val) }
            }
            K::InList(a, xs) => {
                let x = self.eval(a, ctx);
                let mut err = x.err;
                let mut hit = F::FALSE;
                // stop at the first hit
                let mut running = x.err.not();
                for item in xs {
                    let ie = self.eval(item, ctx);
                    let here = self.lg.and2(running, ie.err);
                    err = self.lg.or2(err, here);
                    let eq = self.sym_eq(&x.val, &ie.val, e.span);
                    let h = self.lg.and([running, ie.err.not(), eq]);
                    hit = self.lg.or2(hit, h);
                    running = self.lg.and([running, ie.err.not(), eq.not()]);
                }
                Ev { err, val: Sym::Bool(hit) }
            }
            K::InSet(a, s) => {
                let x = self.eval(a, ctx);
                let y = self.eval(s, ctx);
                let err = self.seq_err(&[x.err, y.err]);
                let val = match (&x.val, &y.val) {
                    (Sym::Enum(v), Sym::Set(bits)) => {
                        let parts: Vec<F> = v.iter().zip(bits).map(|(p, q)| self.lg.and2(*p, *q)).collect();
                        self.lg.or(parts)
                    }
                    _ => F::FALSE,
                };
                Ev { err, val: Sym::Bool(val) }
            }
            K::MonthDay(a, from, to) => {
                let x = self.eval(a, ctx);
                let Sym::Num(terms) = &x.val else { return self.opaque_bool(e, "month-day test on a non-date") };
                let mut parts = Vec::new();
                for (g, t) in terms {
                    let f = self.month_day_term(t, *from, *to, e.span);
                    parts.push(self.lg.and2(*g, f));
                }
                Ev { err: x.err, val: Sym::Bool(self.lg.or(parts)) }
            }
            K::IsEmpty(a) => {
                let x = self.eval(a, ctx);
                let val = match &x.val {
                    Sym::Set(bits) => self.lg.and(bits.iter().map(|b| b.not()).collect::<Vec<_>>()),
                    _ => F::FALSE,
                };
                Ev { err: x.err, val: Sym::Bool(val) }
            }
            K::StartsWith(a, ps) => {
                let x = self.eval(a, ctx);
                let Sym::Text(ts) = x.val.clone() else { return self.opaque_bool(e, "prefix test on a non-text") };
                let mut err = x.err;
                let mut hit = F::FALSE;
                let mut running = x.err.not();
                for pe in ps {
                    let pv = self.eval(pe, ctx);
                    let here = self.lg.and2(running, pv.err);
                    err = self.lg.or2(err, here);
                    let starts = self.starts_with(&ts, &pv.val, pe.span);
                    let h = self.lg.and([running, pv.err.not(), starts]);
                    hit = self.lg.or2(hit, h);
                    running = self.lg.and([running, pv.err.not(), starts.not()]);
                }
                Ev { err, val: Sym::Bool(hit) }
            }
            K::Intersects(a, b) | K::Subset(a, b) => {
                let x = self.eval(a, ctx);
                let y = self.eval(b, ctx);
                let err = self.seq_err(&[x.err, y.err]);
                let val = match (&x.val, &y.val) {
                    (Sym::Set(p), Sym::Set(q)) => {
                        if matches!(e.kind, K::Intersects(..)) {
                            let parts: Vec<F> = p.iter().zip(q).map(|(u, v)| self.lg.and2(*u, *v)).collect();
                            self.lg.or(parts)
                        } else {
                            let parts: Vec<F> = p.iter().zip(q).map(|(u, v)| self.lg.implies(*u, *v)).collect();
                            self.lg.and(parts)
                        }
                    }
                    _ => F::FALSE,
                };
                Ev { err, val: Sym::Bool(val) }
            }
            K::SetLit(xs) => {
                let n = match e.ty {
                    Type::Set(en) => enum_len(self.p, en),
                    _ => 0,
                };
                let mut errs = Vec::new();
                let mut bits = vec![F::FALSE; n];
                for x in xs {
                    let xe = self.eval(x, ctx);
                    errs.push(xe.err);
                    if let Sym::Enum(v) = &xe.val {
                        for (k, f) in v.iter().enumerate() {
                            if let Some(b) = bits.get_mut(k) {
                                *b = self.lg.or2(*b, *f);
                            }
                        }
                    }
                }
                let err = self.seq_err(&errs);
                Ev { err, val: Sym::Set(bits) }
            }
            K::Max(xs) | K::Min(xs) => {
                let is_max = matches!(e.kind, K::Max(_));
                let mut errs = Vec::new();
                let mut best: Option<Sym> = None;
                for x in xs {
                    let xe = self.eval(x, ctx);
                    errs.push(xe.err);
                    best = Some(match best {
                        None => xe.val,
                        Some(b) => {
                            // the interpreter keeps the earlier value unless the new one is strictly better
                            let op = if is_max { CmpOp::Gt } else { CmpOp::Lt };
                            let better = self.sym_cmp(op, &xe.val, &b, e.span);
                            self.ite(&e.ty, better, &xe.val, &b)
                        }
                    });
                }
                let err = self.seq_err(&errs);
                Ev { err, val: best.unwrap_or_else(|| self.empty(&e.ty)) }
            }
            K::Count(a) => {
                let x = self.eval(a, ctx);
                let Sym::Set(bits) = &x.val else { return self.opaque_num(e, "count of a non-set") };
                // exactly-k formulas by dynamic programming over the members
                let mut exact: Vec<F> = vec![F::TRUE];
                for b in bits {
                    let mut next = vec![F::FALSE; exact.len() + 1];
                    for (k, f) in exact.iter().enumerate() {
                        let stay = self.lg.and2(*f, b.not());
                        let up = self.lg.and2(*f, *b);
                        if let Some(s) = next.get_mut(k) {
                            *s = self.lg.or2(*s, stay);
                        }
                        if let Some(s) = next.get_mut(k + 1) {
                            *s = self.lg.or2(*s, up);
                        }
                    }
                    exact = next;
                }
                let terms = exact
                    .into_iter()
                    .enumerate()
                    .filter(|(_, f)| *f != F::FALSE)
                    .map(|(k, f)| (f, Term::Lin(Lin::constant(Sort::Int, Num::I(k as i128)))))
                    .collect();
                Ev { err: x.err, val: Sym::Num(terms) }
            }
            K::Neg(a) => {
                let x = self.eval(a, ctx);
                let Sym::Num(terms) = &x.val else { return self.opaque_num(e, "negation of a non-number") };
                let mut out = Vec::new();
                let mut errs = vec![x.err];
                for (g, t) in terms {
                    let (nt, over) = match t {
                        Term::Lin(l) => match l.neg() {
                            Some(n) => {
                                // integers and day counts: negating i64::MIN overflows
                                let over = match e.ty {
                                    Type::Int | Type::Days => {
                                        let min = Lin::constant(l.sort, Num::I(i128::from(i64::MIN)));
                                        self.cmp_term(CmpOp::Eq, t, &Term::Lin(min), e.span)
                                    }
                                    _ => F::FALSE,
                                };
                                (Term::Lin(n), over)
                            }
                            None => {
                                let why = self.reason("a constant too large for exact reasoning", e.span);
                                (Term::Opaque(why), self.free(why))
                            }
                        },
                        Term::Opaque(r) => (Term::Opaque(*r), self.free(*r)),
                    };
                    let ge = self.lg.and([x.err.not(), *g, over]);
                    errs.push(ge);
                    out.push((*g, nt));
                }
                let err = self.lg.or(errs);
                Ev { err, val: Sym::Num(out) }
            }
            K::Arith(op, a, b) => self.arith(e, *op, a, b, ctx),
        }
    }

    /// Errors of operands evaluated one after the other (the first error wins; any is an error).
    fn seq_err(&mut self, errs: &[F]) -> F {
        self.lg.or(errs.iter().copied())
    }

    fn opaque_bool(&mut self, e: &Expr, what: &str) -> Ev {
        let why = self.reason(what.to_string(), e.span);
        let v = self.free(why);
        let err = self.free(why);
        Ev { err, val: Sym::Bool(v) }
    }

    fn opaque_num(&mut self, e: &Expr, what: &str) -> Ev {
        let why = self.reason(what.to_string(), e.span);
        let err = self.free(why);
        Ev { err, val: Sym::Num(vec![(F::TRUE, Term::Opaque(why))]) }
    }

    fn month_day_term(&mut self, t: &Term, from: (u8, u8), to: (u8, u8), span: Span) -> F {
        match t {
            Term::Lin(l) if l.inexact.is_none() => match (l.vars.as_slice(), l.c) {
                ([], Num::I(c)) => Logic::constant(i32::try_from(c).is_ok_and(|d| jz_eval::in_month_days(d, from, to))),
                ([(v, k)], Num::I(c)) if *k == 1 || *k == -1 => {
                    self.month_day(MonthDay { v: *v, neg: *k == -1, off: c, from, to })
                }
                _ => {
                    let why = self.reason("month-day test of a date computed from several fields", span);
                    self.free(why)
                }
            },
            Term::Lin(l) => {
                let why = match l.inexact {
                    Some(w) => w,
                    None => self.reason("month-day test of a computed date", span),
                };
                self.free(why)
            }
            Term::Opaque(r) => self.free(*r),
        }
    }

    fn starts_with(&mut self, ts: &[(F, TText)], prefix: &Sym, span: Span) -> F {
        let Sym::Text(ps) = prefix else { return F::FALSE };
        let mut parts = Vec::new();
        for (g, t) in ts {
            for (h, p) in ps {
                let gh = self.lg.and2(*g, *h);
                if gh == F::FALSE {
                    continue;
                }
                let f = match (t, p) {
                    (TText::Lit(s), TText::Lit(q)) => Logic::constant(s.starts_with(&**q)),
                    (TText::Var(v), TText::Lit(q)) => self.text_atom(TextAtom::Prefix(*v, q.clone())),
                    (TText::Opaque(r), _) | (_, TText::Opaque(r)) => self.free(*r),
                    (_, TText::Var(_)) => {
                        let why = self.reason("a prefix that is not a literal text", span);
                        self.free(why)
                    }
                };
                parts.push(self.lg.and2(gh, f));
            }
        }
        self.lg.or(parts)
    }

    fn arith(&mut self, e: &Expr, op: ArithOp, a: &Expr, b: &Expr, ctx: CtxId) -> Ev {
        let x = self.eval(a, ctx);
        let y = self.eval(b, ctx);
        let (Sym::Num(xs), Sym::Num(ys)) = (&x.val, &y.val) else {
            return self.opaque_num(e, "arithmetic on non-numbers");
        };
        let mut errs = vec![x.err, self.lg.and2(x.err.not(), y.err)];
        let both_ok = self.lg.and2(x.err.not(), y.err.not());
        let mut out: Vec<(F, Term)> = Vec::new();
        for (gx, tx) in xs {
            for (gy, ty) in ys {
                let g = self.lg.and2(*gx, *gy);
                if g == F::FALSE {
                    continue;
                }
                let (t, over) = self.arith_term(e, op, &a.ty, &b.ty, tx, ty);
                let ge = self.lg.and([both_ok, g, over]);
                errs.push(ge);
                match out.iter_mut().find(|(_, u)| *u == t) {
                    Some(slot) => slot.0 = self.lg.or2(slot.0, g),
                    None => out.push((g, t)),
                }
            }
        }
        let err = self.lg.or(errs);
        Ev { err, val: Sym::Num(out) }
    }

    /// One combination of operand terms: the result and when it is an error.
    fn arith_term(&mut self, e: &Expr, op: ArithOp, ta: &Type, tb: &Type, x: &Term, y: &Term) -> (Term, F) {
        let span = e.span;
        let (Term::Lin(lx), Term::Lin(ly)) = (x, y) else {
            let r = match (x, y) {
                (Term::Opaque(r), _) | (_, Term::Opaque(r)) => *r,
                _ => 0,
            };
            return (Term::Opaque(r), self.free(r));
        };
        // both constants: exactly the interpreter's arithmetic
        if lx.is_const() && ly.is_const() && lx.inexact.is_none() && ly.inexact.is_none() {
            return match const_arith(op, ta, tb, &lx.c, &ly.c, span) {
                Ok(v) => match (sort_of(&e.ty), value_num(&v)) {
                    (Some(s), Some(n)) => (Term::Lin(Lin::constant(s, n)), F::FALSE),
                    _ => {
                        let why = self.reason("a value the verifier cannot represent", span);
                        (Term::Opaque(why), F::FALSE)
                    }
                },
                // always an error for this combination; the value does not matter
                Err(()) => (Term::Lin(Lin::constant(lx.sort, lx.c)), F::TRUE),
            };
        }
        let sign = match op {
            ArithOp::Add => 1,
            ArithOp::Sub => -1,
            ArithOp::Mul | ArithOp::Div => {
                let why = self.reason(
                    if op == ArithOp::Mul {
                        "multiplication involving a field (only + and − are decided)"
                    } else {
                        "division involving a field (only + and − are decided)"
                    },
                    span,
                );
                return (Term::Opaque(why), self.free(why));
            }
        };
        let Some(mut sum) = lx.add(ly, sign) else {
            let why = self.reason("a constant too large for exact reasoning", span);
            return (Term::Opaque(why), self.free(why));
        };
        match (ta, tb) {
            (Type::Dec(_), _) => {
                // decimal sums round beyond 28 significant digits and overflow beyond ±7.9e28
                let why = self.reason("decimal arithmetic on a field (rounding at 28 digits is not modelled)", span);
                sum.inexact = Some(why);
                let over = self.free(why);
                self.hints.push((over, over.not()));
                (Term::Lin(sum), over)
            }
            (Type::Int, _) | (Type::Days, Type::Days) => {
                let over = self.outside(&sum, i128::from(i64::MIN), i128::from(i64::MAX), span);
                (Term::Lin(sum), over)
            }
            (Type::Date, Type::Days) => {
                let days = Term::Lin(ly.clone());
                let lo = self.cmp_term(CmpOp::Lt, &days, &int_term(i128::from(i32::MIN)), span);
                let hi = self.cmp_term(CmpOp::Gt, &days, &int_term(i128::from(i32::MAX)), span);
                let range = self.outside(&sum, -2_999_999, 2_999_999, span);
                (Term::Lin(sum), self.lg.or([lo, hi, range]))
            }
            // date − date: a day count, never an error
            _ => (Term::Lin(sum), F::FALSE),
        }
    }

    fn outside(&mut self, t: &Lin, lo: i128, hi: i128, span: Span) -> F {
        let t = Term::Lin(t.clone());
        let below = self.cmp_term(CmpOp::Lt, &t, &Term::Lin(Lin::constant(Sort::Day, Num::I(lo))), span);
        let above = self.cmp_term(CmpOp::Gt, &t, &Term::Lin(Lin::constant(Sort::Day, Num::I(hi))), span);
        self.lg.or2(below, above)
    }

    // ------------------------------------------------------------------ definitions and decisions

    pub fn define(&mut self, d: DefineId, ctx: CtxId) -> Ev {
        let deps = self.define_inputs(d);
        let ctx = self.effective(ctx, &deps);
        if let Some(ev) = self.memo_def.get(&(ctx, d)) {
            return ev.clone();
        }
        let ev = match self.p.defines.get(d) {
            Some(def) => self.eval(&def.expr, ctx),
            None => Ev { err: F::FALSE, val: Sym::Bool(F::FALSE) },
        };
        self.memo_def.insert((ctx, d), ev.clone());
        ev
    }

    pub fn decision(&mut self, d: DecisionId, ctx: CtxId) -> Rc<DecEv> {
        let deps = self.decision_inputs(d);
        let ctx = self.effective(ctx, &deps);
        if let Some(ev) = self.memo_dec.get(&(ctx, d)) {
            return ev.clone();
        }
        let p = self.p;
        let ev = match p.decisions.get(d) {
            None => DecEv {
                err_conf: F::FALSE,
                err_other: F::FALSE,
                val: Sym::Bool(F::FALSE),
                decided: Vec::new(),
                default: F::TRUE,
                conflicts: Vec::new(),
            },
            Some(dec) => {
                let seq = self.sequence(d, &dec.roots, &dec.ty, ctx);
                let ok = self.lg.and2(seq.err_conf.not(), seq.err_other.not());
                let reach = self.lg.and2(ok, seq.found.not());
                let de = self.eval(&dec.default, ctx);
                let de_err = self.lg.and2(reach, de.err);
                let err_other = self.lg.or2(seq.err_other, de_err);
                let default = self.lg.and2(reach, de.err.not());
                let mut parts = seq.vals.clone();
                parts.push((default, de.val));
                let val = self.merge(&dec.ty, &parts);
                let decided = seq.dec.iter().map(|(r, g)| (*r, self.lg.and2(*g, ok))).collect();
                DecEv { err_conf: seq.err_conf, err_other, val, decided, default, conflicts: seq.conflicts }
            }
        };
        let rc = Rc::new(ev);
        self.memo_dec.insert((ctx, d), rc.clone());
        rc
    }

    /// Evaluate rule trees in order as `decide` and `rule` do: the first value found, a later different one is
    /// a conflict, an error stops.
    fn sequence(&mut self, d: DecisionId, rules: &[RuleId], ty: &Type, ctx: CtxId) -> Seq {
        let mut s = Seq {
            err_conf: F::FALSE,
            err_other: F::FALSE,
            found: F::FALSE,
            vals: Vec::new(),
            dec: Vec::new(),
            conflicts: Vec::new(),
        };
        let span = self.p.decisions.get(d).map(|x| x.span).unwrap_or_default();
        for &r in rules {
            let ce = self.rule(d, r, ctx);
            let ok_before = self.lg.and2(s.err_conf.not(), s.err_other.not());
            let c1 = self.lg.and2(ok_before, ce.err_conf);
            s.err_conf = self.lg.or2(s.err_conf, c1);
            let o1 = self.lg.and2(ok_before, ce.err_other);
            s.err_other = self.lg.or2(s.err_other, o1);
            for (a, b, g) in &ce.conflicts {
                let g = self.lg.and2(ok_before, *g);
                s.conflicts.push((*a, *b, g));
            }
            let child_some = self.lg.and2(ok_before, ce.some);
            if s.found != F::FALSE {
                let prev = self.merge(ty, &s.vals);
                let eq = self.sym_eq(&prev, &ce.val, span);
                let conf = self.lg.and([child_some, s.found, eq.not()]);
                if conf != F::FALSE {
                    for (a, ga) in s.dec.clone() {
                        for (b, gb) in &ce.dec {
                            let g = self.lg.and([conf, ga, *gb]);
                            if g != F::FALSE {
                                s.conflicts.push((a, *b, g));
                            }
                        }
                    }
                    s.err_conf = self.lg.or2(s.err_conf, conf);
                }
            }
            let first = self.lg.and2(child_some, s.found.not());
            s.vals.push((first, ce.val.clone()));
            for (b, gb) in &ce.dec {
                let g = self.lg.and2(first, *gb);
                s.dec.push((*b, g));
            }
            s.found = self.lg.or2(s.found, first);
        }
        s
    }

    pub fn rule(&mut self, d: DecisionId, r: RuleId, ctx: CtxId) -> Rc<RuleEv> {
        if let Some(ev) = self.memo_rule.get(&(ctx, d, r)) {
            return ev.clone();
        }
        let p = self.p;
        let Some(dec) = p.decisions.get(d) else {
            return Rc::new(RuleEv {
                err_conf: F::FALSE,
                err_other: F::FALSE,
                some: F::FALSE,
                val: Sym::Bool(F::FALSE),
                dec: Vec::new(),
                conflicts: Vec::new(),
            });
        };
        let Some(rule) = dec.rules.get(r) else {
            return Rc::new(RuleEv {
                err_conf: F::FALSE,
                err_other: F::FALSE,
                some: F::FALSE,
                val: self.empty(&dec.ty),
                dec: Vec::new(),
                conflicts: Vec::new(),
            });
        };
        let mut s = self.sequence(d, &rule.children, &dec.ty, ctx);
        let ok = self.lg.and2(s.err_conf.not(), s.err_other.not());
        let reach = self.lg.and2(ok, s.found.not());
        let (cond_err, cond_val) = match &rule.cond {
            Some(c) => {
                let ce = self.eval(c, ctx);
                (ce.err, ce.val.as_bool())
            }
            None => (F::FALSE, F::TRUE),
        };
        let holds = self.lg.and2(cond_err.not(), cond_val);
        self.cond_holds.insert((ctx, d, r), holds);
        let ce = self.lg.and2(reach, cond_err);
        s.err_other = self.lg.or2(s.err_other, ce);
        let applies = self.lg.and([reach, cond_err.not(), cond_val]);
        let ve = self.eval(&rule.value, ctx);
        let vee = self.lg.and2(applies, ve.err);
        s.err_other = self.lg.or2(s.err_other, vee);
        let own = self.lg.and2(applies, ve.err.not());
        self.applies.insert((ctx, d, r), own);
        s.vals.push((own, ve.val));
        s.dec.push((r, own));
        let found_ok = self.lg.and2(ok, s.found);
        let some = self.lg.or2(found_ok, own);
        let val = self.merge(&dec.ty, &s.vals);
        let ev = Rc::new(RuleEv {
            err_conf: s.err_conf,
            err_other: s.err_other,
            some,
            val,
            dec: s.dec,
            conflicts: s.conflicts,
        });
        self.memo_rule.insert((ctx, d, r), ev.clone());
        ev
    }
}

struct Seq {
    err_conf: F,
    err_other: F,
    found: F,
    vals: Vec<(F, Sym)>,
    dec: Vec<(RuleId, F)>,
    conflicts: Vec<(RuleId, RuleId, F)>,
}

fn int_term(v: i128) -> Term {
    Term::Lin(Lin::constant(Sort::Day, Num::I(v)))
}

fn cmp_ord(op: CmpOp, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CmpOp::Eq => o == Equal,
        CmpOp::Ne => o != Equal,
        CmpOp::Lt => o == Less,
        CmpOp::Le => o != Greater,
        CmpOp::Gt => o == Greater,
        CmpOp::Ge => o != Less,
    }
}

/// `a ≥ b` (`a > b` when strict): used for static bounds.
fn num_ge(a: Num, b: Num, strict: bool) -> bool {
    let o = match (a, b) {
        (Num::I(x), Num::I(y)) => x.cmp(&y),
        (Num::D(x), Num::D(y)) => x.cmp(&y),
        _ => return false,
    };
    if strict {
        o == std::cmp::Ordering::Greater
    } else {
        o != std::cmp::Ordering::Less
    }
}

fn max_num(a: Option<Num>, b: Num) -> Num {
    match a {
        Some(a) if num_ge(a, b, false) => a,
        _ => b,
    }
}

fn min_num(a: Option<Num>, b: Num) -> Num {
    match a {
        Some(a) if num_ge(b, a, false) => a,
        _ => b,
    }
}

/// The literal and prefix atoms of one text variable, for the eager clauses between them.
#[derive(Default)]
struct VarTextAtoms {
    eqs: Vec<(Arc<str>, F)>,
    prefixes: Vec<(Arc<str>, F)>,
    /// A variable implied by each equality so far, excluding the next ones.
    some_eq: Option<F>,
}

/// Does bound `a` come before `b` from the strongest bound on a pair to the weakest (by constant, and a strict
/// bound before the non-strict one of the same constant)?
fn bound_before(a: &Diff, b: &Diff) -> bool {
    match (a.c, b.c) {
        (Num::I(x), Num::I(y)) => x < y,
        (Num::D(x), Num::D(y)) => x < y || (x == y && a.strict && !b.strict),
        (Num::I(_), Num::D(_)) => true,
        (Num::D(_), Num::I(_)) => false,
    }
}

/// Does bound `a` on a pair imply bound `b` on the same pair? (`x − y ≤ c₁` ⇒ `x − y ≤ c₂` when c₁ ≤ c₂.)
fn implies(a: &Diff, b: &Diff) -> bool {
    match (a.c, b.c) {
        (Num::I(x), Num::I(y)) => x <= y,
        (Num::D(x), Num::D(y)) => x < y || (x == y && (a.strict || !b.strict)),
        _ => false,
    }
}

/// Constant arithmetic exactly as `jz_eval::interp::arith` (which is private): `Err` is an evaluation error.
fn const_arith(op: ArithOp, ta: &Type, tb: &Type, a: &Num, b: &Num, span: Span) -> Result<Value, ()> {
    match (ta, tb, a, b) {
        (Type::Int, Type::Int, Num::I(x), Num::I(y)) => {
            let (x, y) = (i64::try_from(*x).map_err(|_| ())?, i64::try_from(*y).map_err(|_| ())?);
            let r = match op {
                ArithOp::Add => x.checked_add(y),
                ArithOp::Sub => x.checked_sub(y),
                ArithOp::Mul => x.checked_mul(y),
                ArithOp::Div => {
                    if y == 0 {
                        return Err(());
                    }
                    x.checked_div(y)
                }
            };
            r.map(Value::Int).ok_or(())
        }
        (Type::Dec(_), Type::Dec(_), Num::D(x), Num::D(y)) => {
            jz_eval::dec_op(op, *x, *y, span).map(Value::Dec).map_err(|_| ())
        }
        (Type::Date, Type::Days, Num::I(x), Num::I(y)) => {
            let x = i32::try_from(*x).map_err(|_| ())?;
            let y = i32::try_from(*y).map_err(|_| ())?;
            let r = if op == ArithOp::Add { x.checked_add(y) } else { x.checked_sub(y) };
            r.filter(|d| d.abs() < 3_000_000).map(Value::Date).ok_or(())
        }
        (Type::Date, Type::Date, Num::I(x), Num::I(y)) => {
            let (x, y) = (i64::try_from(*x).map_err(|_| ())?, i64::try_from(*y).map_err(|_| ())?);
            Ok(Value::Days(x - y))
        }
        (Type::Days, Type::Days, Num::I(x), Num::I(y)) => {
            let (x, y) = (i64::try_from(*x).map_err(|_| ())?, i64::try_from(*y).map_err(|_| ())?);
            let r = if op == ArithOp::Add { x.checked_add(y) } else { x.checked_sub(y) };
            r.map(Value::Days).ok_or(())
        }
        _ => Err(()),
    }
}
