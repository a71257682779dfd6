//! `:explain`: why a decision has its value for a record — which rule decided (and the values it looked at),
//! which agreed, which were overridden by an exception, which did not apply and the part of the condition
//! that failed — and, asked about a value, why not that value. Every rule is shown with its citation.

use jz_check::ir::{DecisionId, Expr, ExprKind, RuleDef};
use jz_check::Value;
use jz_eval::{explain_decision, mentioned, Frame, Interp, RuleStatus};
use jz_i18n::t;
use jz_syntax::{SourceMap, Span};

/// The lines explaining decision `d` for the record in `frame`. With `why_not`, only the rules that would
/// give that value are listed, each with the reason it did not decide.
pub fn explain(
    it: &Interp<'_>,
    sources: &SourceMap,
    frame: &mut Frame,
    d: DecisionId,
    why_not: Option<&Value>,
) -> Vec<String> {
    let p = it.program;
    let Some(dec) = p.decisions.get(d) else { return Vec::new() };
    let ex = explain_decision(it, frame, d);
    let mut lines = Vec::new();
    match &ex.result {
        Ok(o) => {
            let v = p.format_value(&dec.ty, &o.value);
            let by = match o.rule.and_then(|r| dec.rules.get(r)) {
                Some(r) => t!("repl-explain.cited", cites = cites(r)),
                None => t!("repl-explain.default", n = jz_i18n::count(dec.rules.len() as u64)),
            };
            match why_not {
                Some(w) if *w == o.value => {
                    lines.push(t!("repl-explain.already", decision = dec.name, value = v, by = by))
                }
                Some(w) => lines.push(t!(
                    "repl-explain.not",
                    decision = dec.name,
                    value = v,
                    other = p.format_value(&dec.ty, w),
                    by = by
                )),
                None => lines.push(t!("repl-explain.is", decision = dec.name, value = v, by = by)),
            }
        }
        Err(e) => lines.push(t!("repl-explain.error", decision = dec.name, error = e.message(p))),
    }
    let mut shown = 0;
    for (r, st) in &ex.rules {
        let Some(rule) = dec.rules.get(*r) else { continue };
        let gives = rule_value(it, frame, rule);
        if let Some(w) = why_not {
            if gives.as_ref() != Some(w) {
                continue;
            }
        }
        shown += 1;
        let what = rule.shown();
        let val = gives.as_ref().map(|v| p.format_value(&dec.ty, v)).unwrap_or_else(|| "?".into());
        match st {
            RuleStatus::Decided => {
                lines.push(t!("repl-explain.decided", rule = what, value = val));
                if let Some(c) = &rule.cond {
                    push_because(&mut lines, it, frame, d, c, &t!("repl-explain.because"));
                }
            }
            RuleStatus::Agreed => lines.push(t!("repl-explain.agrees", rule = what, value = val)),
            RuleStatus::Conflicting { with } => lines.push(t!(
                "repl-explain.conflicts",
                rule = what,
                value = val,
                with = dec.rules.get(*with).map(RuleDef::shown).unwrap_or_default()
            )),
            RuleStatus::Overridden { by } => lines.push(t!(
                "repl-explain.overridden",
                rule = what,
                value = val,
                by = dec.rules.get(*by).map(RuleDef::shown).unwrap_or_default()
            )),
            RuleStatus::NotApplicable { failed: Some(span) } => {
                lines.push(t!("repl-explain.false", rule = what, value = val, cond = one_line(sources, *span)));
                if let Some(part) = rule.cond.as_ref().and_then(|c| find_span(c, *span)) {
                    push_because(&mut lines, it, frame, d, part, &t!("repl-explain.where"));
                }
            }
            RuleStatus::NotApplicable { failed: None } => {
                lines.push(t!("repl-explain.not-applied", rule = what, value = val))
            }
            RuleStatus::Error(e) => lines.push(t!("repl-explain.rule-error", rule = what, error = e.message(p))),
        }
    }
    if let (Some(w), 0) = (why_not, shown) {
        lines.push(t!("repl-explain.no-rule-gives", decision = dec.name, value = p.format_value(&dec.ty, w)));
    }
    lines
}

fn cites(r: &RuleDef) -> String {
    if r.citations.is_empty() {
        t!("repl-explain.no-citation")
    } else {
        r.citation()
    }
}

/// The value a rule gives when it applies (evaluated for this record when it is not a literal).
fn rule_value(it: &Interp<'_>, frame: &mut Frame, rule: &RuleDef) -> Option<Value> {
    match &rule.value.kind {
        ExprKind::Lit(v) => Some(v.clone()),
        _ => it.eval(frame, &rule.value).ok(),
    }
}

/// Source text of a span on one line (conditions can span lines in the policy file).
fn one_line(sources: &SourceMap, span: Span) -> String {
    sources.slice(span).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn find_span(e: &Expr, span: Span) -> Option<&Expr> {
    let mut out = None;
    e.walk(&mut |x| {
        if out.is_none() && x.span == span {
            out = Some(x);
        }
    });
    out
}

fn push_because(lines: &mut Vec<String>, it: &Interp<'_>, frame: &mut Frame, d: DecisionId, e: &Expr, lead: &str) {
    let record = it.program.decisions.get(d).map_or(0, |x| x.record);
    let values = mentioned(it, frame, e, Some(record));
    if !values.is_empty() {
        let shown: Vec<String> = values.iter().take(8).map(|(n, v)| format!("{n} = {v}")).collect();
        let more = if values.len() > 8 {
            t!("repl-explain.more", n = jz_i18n::count((values.len() - 8) as u64))
        } else {
            String::new()
        };
        lines.push(format!("{lead}{}{more}", shown.join(&t!("list-sep"))));
    }
}
