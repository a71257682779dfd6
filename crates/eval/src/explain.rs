//! Why a decision came out as it did: for every rule, whether it decided, agreed, was overridden by an
//! exception, or did not apply (and which condition failed).

use crate::interp::{EvalError, Frame, Interp, Outcome};
use jz_check::ir::*;
use jz_check::Value;
use jz_syntax::Span;

#[derive(Clone, Debug, PartialEq)]
pub enum RuleStatus {
    /// This rule gave the decision its value.
    Decided,
    /// Applied and agreed with the deciding rule.
    Agreed,
    /// Applied, and disagrees with `with`, which also applied: the decision is a conflict.
    Conflicting {
        with: RuleId,
    },
    /// An applicable exception took precedence.
    Overridden {
        by: RuleId,
    },
    /// Its condition did not hold; `failed` is the first part of the condition that was false.
    NotApplicable {
        failed: Option<Span>,
    },
    Error(EvalError),
}

#[derive(Clone, Debug)]
pub struct Explanation {
    pub decision: DecisionId,
    pub result: Result<Outcome, EvalError>,
    pub rules: Vec<(RuleId, RuleStatus)>,
}

pub fn explain_decision(it: &Interp<'_>, f: &mut Frame, d: DecisionId) -> Explanation {
    let result = it.decision(f, d);
    let mut rules = Vec::new();
    let n = it.program.decisions.get(d).map_or(0, |x| x.rules.len());
    for r in 0..n {
        let status = match it.rule(f, d, r) {
            Err(e) => RuleStatus::Error(e),
            Ok(Some((_, rid))) if rid != r => RuleStatus::Overridden { by: rid },
            Ok(Some(_)) => match &result {
                Ok(o) if o.rule == Some(r) => RuleStatus::Decided,
                _ => RuleStatus::Agreed,
            },
            Ok(None) => {
                let cond = it.program.decisions.get(d).and_then(|x| x.rules.get(r)).and_then(|x| x.cond.as_ref());
                RuleStatus::NotApplicable { failed: cond.and_then(|c| first_false(it, f, c)) }
            }
        };
        rules.push((r, status));
    }
    if let Err(EvalError::Conflict { decision, a, b }) = &result {
        if *decision == d {
            for (r, st) in rules.iter_mut() {
                if *r == *a {
                    *st = RuleStatus::Conflicting { with: *b };
                } else if *r == *b {
                    *st = RuleStatus::Conflicting { with: *a };
                }
            }
        }
    }
    Explanation { decision: d, result, rules }
}

/// The first conjunct of `e` that evaluates to false.
fn first_false(it: &Interp<'_>, f: &mut Frame, e: &Expr) -> Option<Span> {
    match &e.kind {
        ExprKind::And(a, b) => first_false(it, f, a).or_else(|| first_false(it, f, b)),
        _ => match it.eval(f, e) {
            Ok(v) if !v.as_bool() => Some(e.span),
            _ => None,
        },
    }
}

/// The names `e` reads — decisions, definitions and scenario values, and with `inputs_of` also the fields
/// of that record type and the parameters — each once, in the order they appear, with their values for
/// the record in `frame` (an absent optional value as `(absent)`, an evaluation error as its description).
pub fn mentioned(it: &Interp<'_>, frame: &mut Frame, e: &Expr, inputs_of: Option<RecordId>) -> Vec<(String, String)> {
    let p = it.program;
    let fields = inputs_of.and_then(|r| p.records.get(r)).map(|r| r.fields.as_slice());
    let mut refs: Vec<(String, Expr)> = Vec::new();
    e.walk(&mut |x| {
        let name = match x.kind {
            ExprKind::Decision(d) => p.decisions.get(d).map(|d| d.name.clone()),
            ExprKind::Define(i) => p.defines.get(i).map(|d| d.name.clone()),
            ExprKind::Scen(i) => p.scenario.get(i).map(|d| d.name.clone()),
            ExprKind::Field(i) => fields.and_then(|f| f.get(i)).map(|f| f.name.clone()),
            ExprKind::Param(i) if inputs_of.is_some() => p.params.get(i).map(|d| d.name.clone()),
            _ => None,
        };
        if let Some(n) = name {
            if !refs.iter().any(|(m, _)| *m == n) {
                refs.push((n, x.clone()));
            }
        }
    });
    refs.into_iter()
        .map(|(n, x)| {
            let v = match it.eval(frame, &x) {
                Ok(Value::Absent) => "(absent)".to_string(),
                Ok(v) => p.format_value(&x.ty, &v),
                Err(err) => err.describe(p),
            };
            (n, v)
        })
        .collect()
}
