//! What `jz verify` checks, one record type at a time, and the verdicts. Every counterexample and witness is
//! replayed through the interpreter before it is reported; one that does not reproduce becomes "unknown".

use crate::encode::{Engine, Input, InputEnc};
use crate::logic::F;
use crate::query::{GiveUp, Solved};
use crate::sym::Reason;
use jz_check::ir::*;
use jz_check::{Type, Value};
use jz_eval::{EvalError, Frame, Interp};
use std::collections::{BTreeMap, HashSet};
use std::ops::Not;
use std::time::Instant;

/// A record and a scenario (and values for the parameters a refinement may still set).
#[derive(Clone, Debug, PartialEq)]
pub struct Counterexample {
    pub record: RecordId,
    pub fields: Vec<Value>,
    pub scenario: Vec<Value>,
    /// Every parameter's value, as the interpreter uses them.
    pub params: Vec<Value>,
    /// Parameters left open by the program (quantified over their declared range).
    pub open_params: Vec<ParamId>,
}

impl Counterexample {
    pub fn interp<'p>(&self, p: &'p Program) -> Interp<'p> {
        let mut it = Interp::new(p);
        it.params = self.params.clone();
        it
    }
    pub fn frame(&self, p: &Program) -> Frame {
        Frame::new(p, self.fields.clone(), self.scenario.clone())
    }
}

#[derive(Clone, Debug)]
pub enum Verdict {
    /// Holds for every record, scenario value and open parameter value.
    Holds,
    /// A counterexample that the interpreter confirms.
    Violated(Box<Counterexample>),
    /// Could not be decided, with the reasons.
    Unknown(Vec<Reason>),
}

#[derive(Clone, Debug)]
pub struct GuaranteeResult {
    pub guarantee: usize,
    pub verdict: Verdict,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadCause {
    /// The condition can never hold (or its evaluation always fails).
    Condition,
    /// The condition can hold, but then an exception always applies.
    Overridden,
}

#[derive(Clone, Debug)]
pub enum Finding {
    /// Two rules of a decision can both apply with different values. `by_refinement`: at least one of them was
    /// written below the root policy (a county's rule against the province's, or two of the county's): the
    /// refinement makes records fail that its province decides — an error, not a warning.
    Conflict { decision: DecisionId, a: RuleId, b: RuleId, by_refinement: bool, witness: Box<Counterexample> },
    /// A record the root policy decides (every output evaluates) on which the refinement's output `decision`
    /// fails with an error other than a conflict (overflow, division by zero); `province` is what the root
    /// policy decides for each output there (name, value).
    Rejects { decision: DecisionId, error: EvalError, province: Vec<(String, String)>, witness: Box<Counterexample> },
    /// A rule (or exception) that can never give its value.
    NeverApplies { decision: DecisionId, rule: RuleId, cause: DeadCause },
    /// The decision falls to its default at `gap` while rules decide it (with another value) both at a lower and
    /// a higher variant of the same ordered enum input.
    DefaultGap { decision: DecisionId, input: Input, low: u16, gap: u16, high: u16, witness: Box<Counterexample> },
    /// A check that could not be decided.
    Undecided { what: String, span: jz_syntax::Span, reasons: Vec<Reason> },
}

#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub records: usize,
    pub queries: usize,
    pub formula_nodes: usize,
    pub clauses: usize,
    pub millis: u128,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub guarantees: Vec<GuaranteeResult>,
    pub findings: Vec<Finding>,
    pub stats: Stats,
}

#[derive(Clone, Debug)]
pub struct Options {
    /// Conflicting rule pairs reported per decision.
    pub max_conflict_pairs: usize,
    /// Also look for conflicts, dead rules and default gaps (guarantees are always checked).
    pub lint: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_conflict_pairs: 8, lint: true }
    }
}

/// Verify a checked program: its guarantees (all of them, inherited ones included) and, with `lint`, the
/// other reports for the rules and decisions of the entry policy's own files (conflicts for every decision).
pub fn verify(p: &Program, opts: &Options) -> Report {
    let start = Instant::now();
    // a refinement is compared with its root policy: the root's copies of the outputs (see `Shadow`)
    let root = p.root_policy().filter(|_| p.chain().len() > 1);
    let mut with_root;
    let (p, root_outputs): (&Program, Vec<Vec<DecisionId>>) = match root {
        Some(r) => {
            with_root = p.clone();
            let outs: Vec<Vec<DecisionId>> = p.outputs.iter().map(|o| with_root.shadows(r, o)).collect();
            (&with_root, outs)
        }
        None => (p, Vec::new()),
    };
    let mut report = Report::default();
    let own: HashSet<u32> = p.own_files().into_iter().collect();
    for rid in 0..p.records.len() {
        let has_guarantees = p.guarantees.iter().any(|g| g.record == rid);
        let has_decisions = p.decisions.iter().any(|d| d.record == rid);
        if !(has_guarantees || (opts.lint && has_decisions)) {
            continue;
        }
        report.stats.records += 1;
        let mut v = RecordVerifier { en: Engine::new(p, rid), p, rid, queries: 0 };
        for (gi, g) in p.guarantees.iter().enumerate() {
            if g.record == rid {
                let verdict = v.guarantee(gi);
                report.guarantees.push(GuaranteeResult { guarantee: gi, verdict });
            }
        }
        for (d, _) in p.decisions_of(rid) {
            v.conflicts(d, opts.max_conflict_pairs, true, &mut report.findings);
        }
        if let Some(roots) = root_outputs.get(rid) {
            v.rejects(roots, &mut report.findings);
        }
        if opts.lint {
            for (d, dec) in p.decisions_of(rid) {
                v.conflicts(d, opts.max_conflict_pairs, false, &mut report.findings);
                let touched = own.contains(&dec.span.file) || dec.rules.iter().any(|r| own.contains(&r.span.file));
                for (r, rule) in dec.rules.iter().enumerate() {
                    if own.contains(&rule.span.file) {
                        v.dead_rule(d, r, &mut report.findings);
                    }
                }
                if touched {
                    v.default_gaps(d, &mut report.findings);
                }
            }
        }
        report.stats.queries += v.queries;
        report.stats.formula_nodes += v.en.lg.node_count();
        report.stats.clauses += v.en.lg.clauses;
    }
    report.guarantees.sort_by_key(|g| g.guarantee);
    report.stats.millis = start.elapsed().as_millis();
    report
}

struct RecordVerifier<'p> {
    en: Engine<'p>,
    p: &'p Program,
    rid: RecordId,
    queries: usize,
}

/// How a query ended.
enum Found<T> {
    None,
    Confirmed(T, Box<Counterexample>),
    Unknown(Vec<Reason>),
}

impl<'p> RecordVerifier<'p> {
    fn give_up(&self, e: GiveUp) -> Vec<Reason> {
        vec![Reason { message: e.0, span: Default::default() }]
    }

    fn counterexample(&self, s: &Solved) -> Counterexample {
        let p = self.p;
        let get = |k: Input| s.assignment.values.get(&k).cloned().unwrap_or(Value::Absent);
        let nfields = p.records.get(self.rid).map_or(0, |r| r.fields.len());
        Counterexample {
            record: self.rid,
            fields: (0..nfields).map(|i| get(Input::Field(i))).collect(),
            scenario: (0..p.scenario.len()).map(|i| get(Input::Scen(i))).collect(),
            params: (0..p.params.len()).map(|i| get(Input::Param(i))).collect(),
            open_params: (0..p.params.len())
                .filter(|i| self.en.input(Input::Param(*i)).is_some_and(|s| !matches!(s.enc, InputEnc::Const(_))))
                .collect(),
        }
    }

    /// Look for a model of `root` the interpreter confirms with `replay`: first guided by the exact readings of
    /// inexact atoms, then over-approximated. No model at all is a proof.
    fn search<T>(&mut self, root: F, replay: &dyn Fn(&Program, &Counterexample) -> Option<T>) -> Found<T> {
        let cone = self.en.lg.cone_vars(&[root]);
        let cone: HashSet<usize> = cone.into_iter().collect();
        let hints: Vec<F> = self.en.hints.iter().filter(|(v, _)| cone.contains(&v.node())).map(|(_, h)| *h).collect();
        if !hints.is_empty() {
            self.queries += 1;
            match self.en.solve_preferring(&[root], &hints) {
                Ok(Some(s)) => {
                    let cex = self.counterexample(&s);
                    if let Some(t) = replay(self.p, &cex) {
                        return Found::Confirmed(t, Box::new(cex));
                    }
                }
                Ok(None) => {}
                Err(e) => return Found::Unknown(self.give_up(e)),
            }
        }
        self.queries += 1;
        match self.en.solve_preferring(&[root], &[]) {
            Ok(None) => Found::None,
            Ok(Some(s)) => {
                let cex = self.counterexample(&s);
                if let Some(t) = replay(self.p, &cex) {
                    return Found::Confirmed(t, Box::new(cex));
                }
                if !s.free.is_empty() {
                    if let Some((t, c)) = self.probe(&cex, replay) {
                        return Found::Confirmed(t, Box::new(c));
                    }
                }
                if s.free.is_empty() {
                    Found::Unknown(vec![Reason {
                        message: "the verifier's counterexample did not reproduce in the interpreter (a verifier bug)"
                            .into(),
                        span: Default::default(),
                    }])
                } else {
                    Found::Unknown(s.free.iter().filter_map(|r| self.en.reasons.get(*r).cloned()).collect())
                }
            }
            Err(e) => Found::Unknown(self.give_up(e)),
        }
    }

    /// Outside the fragment the model may not reproduce; try nearby concrete values of the numeric inputs (one or
    /// two at a time: small numbers, the program's constants and their neighbours) and keep what the interpreter
    /// confirms. A bounded search, so it can only turn an "unknown" into a replayed counterexample.
    fn probe<T>(
        &self,
        cex: &Counterexample,
        replay: &dyn Fn(&Program, &Counterexample) -> Option<T>,
    ) -> Option<(T, Counterexample)> {
        let p = self.p;
        let consts = program_literals(p);
        let mut slots: Vec<(Input, Vec<Value>)> = Vec::new();
        for slot in &self.en.inputs {
            if matches!(slot.enc, InputEnc::Const(_)) || !matches!(slot.enc, InputEnc::Num(_)) {
                continue;
            }
            let current = get_input(cex, slot.key);
            let bounds = match slot.key {
                Input::Param(i) => p.params.get(i).and_then(|x| x.open.clone().flatten()),
                _ => None,
            };
            let mut cands = candidates(&slot.ty, current.as_ref(), &consts);
            cands.retain(|v| {
                bounds.as_ref().is_none_or(|(lo, hi)| {
                    jz_check::types::value_cmp(v, lo) != Some(std::cmp::Ordering::Less)
                        && jz_check::types::value_cmp(v, hi) != Some(std::cmp::Ordering::Greater)
                })
            });
            slots.push((slot.key, cands));
        }
        let mut budget = 3000usize;
        let attempt = |c: &Counterexample, budget: &mut usize| -> Option<T> {
            *budget = budget.checked_sub(1)?;
            replay(p, c)
        };
        for (k, vs) in &slots {
            for v in vs {
                let mut c = cex.clone();
                set_input(&mut c, *k, v.clone());
                if let Some(t) = attempt(&c, &mut budget) {
                    return Some((t, c));
                }
            }
        }
        for (i, (k1, vs1)) in slots.iter().enumerate() {
            for (k2, vs2) in slots.iter().skip(i + 1) {
                for v1 in vs1 {
                    for v2 in vs2 {
                        let mut c = cex.clone();
                        set_input(&mut c, *k1, v1.clone());
                        set_input(&mut c, *k2, v2.clone());
                        if let Some(t) = attempt(&c, &mut budget) {
                            return Some((t, c));
                        }
                        if budget == 0 {
                            return None;
                        }
                    }
                }
            }
        }
        None
    }

    fn outputs_ok(&mut self) -> F {
        let outs: Vec<DecisionId> = self.p.outputs.get(self.rid).cloned().unwrap_or_default();
        let mut parts = Vec::new();
        for d in outs {
            let de = self.en.decision(d, 0);
            parts.push(de.err(&mut self.en.lg).not());
        }
        self.en.lg.and(parts)
    }

    fn guarantee(&mut self, gi: usize) -> Verdict {
        let Some(g) = self.p.guarantees.get(gi) else { return Verdict::Holds };
        let ok = self.outputs_ok();
        let (cond_err, cond) = match &g.cond {
            Some(c) => {
                let e = self.en.eval(c, 0);
                (e.err, e.val.as_bool())
            }
            None => (F::FALSE, F::TRUE),
        };
        let a = self.en.eval(&g.assertion, 0);
        let root = self.en.lg.and([ok, cond_err.not(), cond, a.err.not(), a.val.as_bool().not()]);
        let replay = |p: &Program, cex: &Counterexample| violates(p, gi, cex).then_some(());
        match self.search(root, &replay) {
            Found::None => Verdict::Holds,
            Found::Confirmed((), cex) => Verdict::Violated(cex),
            Found::Unknown(r) => Verdict::Unknown(r),
        }
    }

    /// Rule pairs of `d` that can conflict: those involving a rule written by a refinement (`by_refinement`),
    /// or the others.
    fn conflicts(&mut self, d: DecisionId, max: usize, by_refinement: bool, out: &mut Vec<Finding>) {
        let de = self.en.decision(d, 0);
        let p = self.p;
        let refined =
            |r: RuleId| p.decisions.get(d).and_then(|x| x.rules.get(r)).is_some_and(|r| p.by_refinement(r.span.file));
        let mut pairs: BTreeMap<(RuleId, RuleId), Vec<F>> = BTreeMap::new();
        for (a, b, g) in &de.conflicts {
            if (refined(*a) || refined(*b)) == by_refinement {
                pairs.entry((*a, *b)).or_default().push(*g);
            }
        }
        let mut reported: HashSet<(RuleId, RuleId)> = HashSet::new();
        for _ in 0..max {
            let mut open = Vec::new();
            for (k, gs) in &pairs {
                if !reported.contains(k) {
                    open.push(self.en.lg.or(gs.iter().copied()));
                }
            }
            let root = self.en.lg.or(open);
            if root == F::FALSE {
                return;
            }
            let replay = |p: &Program, cex: &Counterexample| {
                let it = cex.interp(p);
                let mut f = cex.frame(p);
                match it.decision(&mut f, d) {
                    Err(EvalError::Conflict { decision, a, b }) if decision == d => Some((a, b)),
                    _ => None,
                }
            };
            match self.search(root, &replay) {
                Found::None => return,
                Found::Confirmed((a, b), cex) => {
                    if !reported.insert((a, b)) || !pairs.contains_key(&(a, b)) {
                        // the replayed pair is not one the formula named: stop rather than loop
                        return;
                    }
                    out.push(Finding::Conflict { decision: d, a, b, by_refinement, witness: cex });
                }
                Found::Unknown(reasons) => {
                    let (name, span) = self.p.decisions.get(d).map(|x| (x.name.clone(), x.span)).unwrap_or_default();
                    out.push(Finding::Undecided { what: format!("conflicts in `{name}`"), span, reasons });
                    return;
                }
            }
        }
    }

    /// Records the root policy decides (its copies `roots` of the outputs all evaluate) on which no decision of
    /// the refinement conflicts (conflicts are reported by rule pair) and yet an output fails.
    fn rejects(&mut self, roots: &[DecisionId], out: &mut Vec<Finding>) {
        let p = self.p;
        let outs: Vec<DecisionId> = p.outputs.get(self.rid).cloned().unwrap_or_default();
        let mut parts = Vec::new();
        for &r in roots {
            let de = self.en.decision(r, 0);
            parts.push(de.err(&mut self.en.lg).not());
        }
        let all: Vec<DecisionId> = p.decisions_of(self.rid).map(|(d, _)| d).collect();
        for d in all {
            let de = self.en.decision(d, 0);
            parts.push(de.err_conf.not());
        }
        let province_ok = self.en.lg.and(parts);
        for &d in &outs {
            let de = self.en.decision(d, 0);
            let err = de.err(&mut self.en.lg);
            let root = self.en.lg.and2(province_ok, err);
            if root == F::FALSE {
                continue;
            }
            let replay = |p: &Program, cex: &Counterexample| -> Option<(EvalError, Vec<(String, String)>)> {
                let it = cex.interp(p);
                let mut f = cex.frame(p);
                let mut province = Vec::new();
                for (&r, &o) in roots.iter().zip(&outs) {
                    let v = it.decision(&mut f, r).ok()?;
                    let dec = p.decisions.get(o)?;
                    province.push((dec.name.clone(), p.format_value(&dec.ty, &v.value)));
                }
                for (x, _) in p.decisions_of(cex.record) {
                    if let Err(EvalError::Conflict { .. }) = it.decision(&mut f, x) {
                        return None;
                    }
                }
                match it.decision(&mut f, d) {
                    Err(e) => Some((e, province)),
                    Ok(_) => None,
                }
            };
            match self.search(root, &replay) {
                Found::None => {}
                Found::Confirmed((error, province), witness) => {
                    out.push(Finding::Rejects { decision: d, error, province, witness });
                }
                Found::Unknown(reasons) => {
                    let (name, span) = p.decisions.get(d).map(|x| (x.name.clone(), x.span)).unwrap_or_default();
                    out.push(Finding::Undecided {
                        what: format!("whether the refinement makes `{name}` fail where the province decides it"),
                        span,
                        reasons,
                    });
                }
            }
        }
    }

    fn dead_rule(&mut self, d: DecisionId, r: RuleId, out: &mut Vec<Finding>) {
        self.en.decision(d, 0);
        let applies = self.en.applies.get(&(0, d, r)).copied().unwrap_or(F::FALSE);
        self.queries += 1;
        match self.en.solve(&[applies], &[]) {
            Ok(Some(_)) => {}
            Ok(None) => {
                let holds = self.en.cond_holds.get(&(0, d, r)).copied().unwrap_or(F::FALSE);
                self.queries += 1;
                let cause = match self.en.solve(&[holds], &[]) {
                    Ok(None) => DeadCause::Condition,
                    _ => DeadCause::Overridden,
                };
                out.push(Finding::NeverApplies { decision: d, rule: r, cause });
            }
            Err(e) => {
                let (what, span) = self
                    .p
                    .decisions
                    .get(d)
                    .and_then(|x| x.rules.get(r))
                    .map(|x| (format!("whether {} can apply", x.describe()), x.span))
                    .unwrap_or_default();
                out.push(Finding::Undecided { what, span, reasons: self.give_up(e) });
            }
        }
    }

    /// Enum inputs of the decision's rule conditions (directly or through definitions) whose variants are
    /// ordered as a scale.
    fn dimensions(&mut self, d: DecisionId) -> Vec<(Input, u16, u16)> {
        let Some(dec) = self.p.decisions.get(d) else { return Vec::new() };
        let mut found: Vec<Input> = Vec::new();
        let mut seen_defs: HashSet<DefineId> = HashSet::new();
        let mut stack: Vec<&Expr> = dec.rules.iter().filter_map(|r| r.cond.as_ref()).collect();
        while let Some(e) = stack.pop() {
            e.walk(&mut |x| match x.kind {
                ExprKind::Field(i) if matches!(x.ty, Type::Enum(_)) => found.push(Input::Field(i)),
                ExprKind::Scen(i) if matches!(x.ty, Type::Enum(_)) => found.push(Input::Scen(i)),
                ExprKind::Param(i) if matches!(x.ty, Type::Enum(_)) => found.push(Input::Param(i)),
                ExprKind::Define(di) if seen_defs.insert(di) => {
                    if let Some(def) = self.p.defines.get(di) {
                        stack.push(&def.expr);
                    }
                }
                _ => {}
            });
        }
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .filter_map(|k| {
                let slot = self.en.input(k)?;
                if matches!(slot.enc, InputEnc::Const(_)) {
                    return None;
                }
                let (lo, hi) = slot.variants?;
                // a severity scale has a handful of variants; an enum of thousands is a code list, and one
                // evaluation per variant (each substituting a one-hot vector) would be quadratic in it
                let width = hi.saturating_sub(lo);
                (2..=MAX_GAP_VARIANTS).contains(&width).then_some((k, lo, hi))
            })
            .collect()
    }

    fn default_gaps(&mut self, d: DecisionId, out: &mut Vec<Finding>) {
        let Some(dec) = self.p.decisions.get(d) else { return };
        for (input, lo, hi) in self.dimensions(d) {
            // per variant: falls to the default; decided by a rule with another value than the default
            let mut falls = Vec::new();
            let mut ruled = Vec::new();
            for k in lo..=hi {
                let ctx = self.en.context(&[(input, k)]);
                let de = self.en.decision(d, ctx);
                let def = self.en.eval(&dec.default, ctx);
                let same = self.en.sym_eq(&de.val, &def.val, dec.span);
                let decided = self.en.lg.or(de.decided.iter().map(|(_, g)| *g));
                let r = self.en.lg.and([decided, def.err.not(), same.not()]);
                falls.push(de.default);
                ruled.push(r);
            }
            // "ruled at a lower variant" and "at a higher one" as running disjunctions (linear in the variants,
            // not quadratic), and one query for all variants first: usually there is no gap at all
            let mut below = vec![F::FALSE; ruled.len() + 1];
            let mut above = vec![F::FALSE; ruled.len() + 1];
            for (i, r) in ruled.iter().enumerate() {
                below[i + 1] = self.en.lg.or2(below[i], *r);
            }
            for (i, r) in ruled.iter().enumerate().rev() {
                above[i] = self.en.lg.or2(above[i + 1], *r);
            }
            let roots: Vec<F> = ((lo + 1)..hi)
                .map(|k| {
                    let idx = (k - lo) as usize;
                    let gap = falls.get(idx).copied().unwrap_or(F::FALSE);
                    self.en.lg.and([gap, below[idx], above[idx + 1]])
                })
                .collect();
            let any = self.en.lg.or(roots.iter().copied());
            if any == F::FALSE {
                continue;
            }
            self.queries += 1;
            if matches!(self.en.solve(&[any], &[]), Ok(None)) {
                continue;
            }
            for k in (lo + 1)..hi {
                let root = roots.get((k - lo - 1) as usize).copied().unwrap_or(F::FALSE);
                if root == F::FALSE {
                    continue;
                }
                let replay = |p: &Program, cex: &Counterexample| gap_witness(p, d, input, lo, k, hi, cex);
                match self.search(root, &replay) {
                    Found::None => {}
                    Found::Confirmed((low, high), mut cex) => {
                        set_input(&mut cex, input, Value::Enum(k));
                        out.push(Finding::DefaultGap { decision: d, input, low, gap: k, high, witness: cex });
                        break;
                    }
                    Found::Unknown(_) => {}
                }
            }
        }
    }
}

/// Default gaps (W0506) are looked for along ordered enum inputs of at most this many variants.
const MAX_GAP_VARIANTS: u16 = 256;

fn get_input(cex: &Counterexample, k: Input) -> Option<Value> {
    match k {
        Input::Field(i) => cex.fields.get(i),
        Input::Scen(i) => cex.scenario.get(i),
        Input::Param(i) => cex.params.get(i),
    }
    .cloned()
}

/// Every literal in the program's definitions, decisions and guarantees.
fn program_literals(p: &Program) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut note = |e: &Expr| {
        e.walk(&mut |x| {
            if let ExprKind::Lit(v) = &x.kind {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
        })
    };
    for d in &p.defines {
        note(&d.expr);
    }
    for d in &p.decisions {
        note(&d.default);
        for r in &d.rules {
            if let Some(c) = &r.cond {
                note(c);
            }
            note(&r.value);
        }
    }
    for g in &p.guarantees {
        if let Some(c) = &g.cond {
            note(c);
        }
        note(&g.assertion);
    }
    out
}

/// Values worth trying for a numeric input: small numbers, the program's constants of its type and their
/// neighbours, and for dates days around the current value.
fn candidates(ty: &Type, current: Option<&Value>, consts: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let small: [i64; 9] = [0, 1, -1, 2, -2, 3, 10, -10, 100];
    match ty {
        Type::Int | Type::Days => {
            let mk = |i: i64| if matches!(ty, Type::Int) { Value::Int(i) } else { Value::Days(i) };
            out.extend(small.iter().map(|i| mk(*i)));
            for c in consts {
                if let Value::Int(i) | Value::Days(i) = c {
                    out.extend([i.checked_sub(1), Some(*i), i.checked_add(1)].into_iter().flatten().map(mk));
                }
            }
        }
        Type::Dec(_) => {
            out.extend(small.iter().map(|i| Value::Dec(rust_decimal::Decimal::from(*i))));
            let half = rust_decimal::Decimal::new(5, 1);
            for c in consts {
                if let Value::Dec(d) = c {
                    for delta in [
                        -rust_decimal::Decimal::ONE,
                        -half,
                        rust_decimal::Decimal::ZERO,
                        half,
                        rust_decimal::Decimal::ONE,
                    ] {
                        if let Some(x) = d.checked_add(delta) {
                            out.push(Value::Dec(x));
                        }
                    }
                }
            }
        }
        Type::Date => {
            let base: Vec<i32> = current
                .into_iter()
                .chain(consts.iter())
                .filter_map(|v| match v {
                    Value::Date(d) => Some(*d),
                    _ => None,
                })
                .collect();
            for b in base {
                for delta in [-365, -30, -7, -1, 0, 1, 7, 30, 365] {
                    let d = b + delta;
                    if (crate::encode::date_min()..=crate::encode::date_max()).contains(&i128::from(d)) {
                        out.push(Value::Date(d));
                    }
                }
            }
        }
        _ => {}
    }
    let mut seen = Vec::new();
    out.retain(|v| {
        if seen.contains(v) {
            false
        } else {
            seen.push(v.clone());
            true
        }
    });
    out
}

fn set_input(cex: &mut Counterexample, k: Input, v: Value) {
    let slot = match k {
        Input::Field(i) => cex.fields.get_mut(i),
        Input::Scen(i) => cex.scenario.get_mut(i),
        Input::Param(i) => cex.params.get_mut(i),
    };
    if let Some(s) = slot {
        *s = v;
    }
}

/// Does the interpreter confirm that this record violates guarantee `gi` (every output decision evaluates, the
/// condition holds and the assertion does not)?
pub fn violates(p: &Program, gi: usize, cex: &Counterexample) -> bool {
    let Some(g) = p.guarantees.get(gi) else { return false };
    let it = cex.interp(p);
    let mut f = cex.frame(p);
    for &d in p.outputs.get(cex.record).map(Vec::as_slice).unwrap_or(&[]) {
        if it.decision(&mut f, d).is_err() {
            return false;
        }
    }
    let cond = match &g.cond {
        Some(c) => it.eval(&mut f, c),
        None => Ok(Value::Bool(true)),
    };
    matches!(cond, Ok(Value::Bool(true))) && matches!(it.eval(&mut f, &g.assertion), Ok(Value::Bool(false)))
}

/// The interpreter's view of a default gap: at `gap` the decision takes its default; at some lower and some
/// higher variant a rule decides it with a value other than the default.
fn gap_witness(
    p: &Program,
    d: DecisionId,
    input: Input,
    lo: u16,
    gap: u16,
    hi: u16,
    cex: &Counterexample,
) -> Option<(u16, u16)> {
    let dec = p.decisions.get(d)?;
    let at = |k: u16| -> Option<(Option<RuleId>, Value, Value)> {
        let mut c = cex.clone();
        set_input(&mut c, input, Value::Enum(k));
        let it = c.interp(p);
        let mut f = c.frame(p);
        let o = it.decision(&mut f, d).ok()?;
        let def = it.eval(&mut f, &dec.default).ok()?;
        Some((o.rule, o.value, def))
    };
    let (rule, _, _) = at(gap)?;
    if rule.is_some() {
        return None;
    }
    let ruled = |k: u16| matches!(at(k), Some((Some(_), v, def)) if v != def);
    let low = (lo..gap).find(|k| ruled(*k))?;
    let high = (gap + 1..=hi).find(|k| ruled(*k))?;
    Some((low, high))
}

/// The decisions a guarantee's verdict depends on: those it mentions (through definitions), then those the
/// rules that decided them mention, for the explanation of a counterexample.
pub fn decisions_involved(p: &Program, gi: usize, cex: &Counterexample) -> Vec<DecisionId> {
    enum Ref {
        Decision(DecisionId),
        Define(DefineId),
    }
    let Some(g) = p.guarantees.get(gi) else { return Vec::new() };
    let mut out: Vec<DecisionId> = Vec::new();
    let mut queue: Vec<&Expr> = g.cond.iter().chain(std::iter::once(&g.assertion)).collect();
    let it = cex.interp(p);
    let mut f = cex.frame(p);
    let mut seen_defs = HashSet::new();
    while let Some(e) = queue.pop() {
        let mut found = Vec::new();
        e.walk(&mut |x| match x.kind {
            ExprKind::Decision(d) => found.push(Ref::Decision(d)),
            ExprKind::Define(di) => found.push(Ref::Define(di)),
            _ => {}
        });
        for x in found {
            match x {
                Ref::Define(di) => {
                    if seen_defs.insert(di) {
                        if let Some(def) = p.defines.get(di) {
                            queue.push(&def.expr);
                        }
                    }
                }
                Ref::Decision(d) => {
                    if out.contains(&d) {
                        continue;
                    }
                    out.push(d);
                    // follow the rule that decided it
                    if let (Ok(o), Some(dec)) = (it.decision(&mut f, d), p.decisions.get(d)) {
                        if let Some(rule) = o.rule.and_then(|r| dec.rules.get(r)) {
                            queue.extend(rule.cond.iter());
                            queue.push(&rule.value);
                        }
                    }
                }
            }
        }
    }
    out
}
