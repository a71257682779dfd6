//! `jz eval`: every decision of one record given as JSON, optionally explained rule by rule.

use crate::common::{apply_sets, load_program};
use jz_check::ir::{Program, RecordId};
use jz_check::Value;
use jz_eval::{explain_decision, Frame, Interp, RuleStatus};
use jz_i18n::t;
use std::path::Path;

pub fn run(policy: &Path, record: &str, json: &str, sets: &[String], explain: bool) -> u8 {
    let Some((checked, p)) = load_program(policy) else { return 1 };
    let Some(rid) = p.record(record) else {
        let names: Vec<&str> = p.records.iter().map(|r| r.name.as_str()).collect();
        eprintln!("{}", t!("run-no-record", record = record, names = names.join(", ")));
        return 1;
    };
    let fields = match record_from_json(&p, rid, json) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let mut it = Interp::new(&p);
    let mut scenario = it.default_scenario();
    if let Err(e) = apply_sets(&p, sets, &mut scenario, &mut it.params) {
        eprintln!("{e}");
        return 1;
    }
    let mut frame = Frame::new(&p, fields, scenario);
    let mut failed = false;
    for (d, dec) in p.decisions_of(rid) {
        if explain {
            let ex = explain_decision(&it, &mut frame, d);
            match &ex.result {
                Ok(o) => {
                    let by = match o.rule.and_then(|r| dec.rules.get(r)) {
                        Some(r) => {
                            let cites = if r.citations.is_empty() { t!("eval-no-citation") } else { r.citation() };
                            format!("  依据 {cites}")
                        }
                        None => format!("  {}", t!("eval-default")),
                    };
                    outln!("{} = {}{by}", dec.name, p.format_value(&dec.ty, &o.value));
                }
                Err(e) => {
                    failed = true;
                    outln!("{}", t!("why-error", decision = dec.name, error = e.message(&p)));
                }
            }
            for (r, st) in &ex.rules {
                let Some(rule) = dec.rules.get(*r) else { continue };
                let what = rule.shown();
                let line = match st {
                    RuleStatus::Decided => t!("eval-decided", rule = what),
                    RuleStatus::Agreed => t!("why-agreed", rule = what),
                    RuleStatus::Conflicting { with } => t!(
                        "eval-conflicts",
                        rule = what,
                        with = dec.rules.get(*with).map(|b| b.shown()).unwrap_or_default()
                    ),
                    RuleStatus::Overridden { by } => t!(
                        "why-overridden",
                        rule = what,
                        by = dec.rules.get(*by).map(|b| b.shown()).unwrap_or_default()
                    ),
                    RuleStatus::NotApplicable { failed: Some(span) } => {
                        t!("eval-not-applicable.false", rule = what, cond = checked.sources.slice(*span))
                    }
                    RuleStatus::NotApplicable { failed: None } => t!("eval-not-applicable", rule = what),
                    RuleStatus::Error(e) => t!("eval-rule-error", rule = what, error = e.message(&p)),
                };
                outln!("{line}");
            }
        } else {
            match it.decision(&mut frame, d) {
                Ok(o) => outln!("{} = {}", dec.name, p.format_value(&dec.ty, &o.value)),
                Err(e) => {
                    failed = true;
                    outln!("{}", t!("why-error", decision = dec.name, error = e.message(&p)));
                }
            }
        }
    }
    if let Err(e) = it.guarantees(&mut frame, rid) {
        failed = true;
        outln!("{}", t!("eval-error", error = e.message(&p)));
    }
    if failed {
        3
    } else {
        0
    }
}

/// A record from a JSON object: every required field must be there; unknown keys are errors (typos).
pub fn record_from_json(p: &Program, rid: RecordId, json: &str) -> Result<Vec<Value>, String> {
    let rec = p.records.get(rid).ok_or_else(|| t!("eval-json.no-record"))?;
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| t!("eval-json.invalid", error = e))?;
    let obj = v.as_object().ok_or_else(|| t!("eval-json.not-object"))?;
    for k in obj.keys() {
        if rec.field(k).is_none() {
            return Err(t!("eval-json.no-field", record = rec.name, field = k));
        }
    }
    let mut out = Vec::with_capacity(rec.fields.len());
    let mut missing = Vec::new();
    for f in &rec.fields {
        match obj.get(&f.name) {
            None | Some(serde_json::Value::Null) => {
                if !f.optional {
                    missing.push(f.name.clone());
                }
                out.push(Value::Absent);
            }
            Some(serde_json::Value::String(s))
                if s.trim().is_empty() && !matches!(f.ty, jz_check::Type::Text | jz_check::Type::Set(_)) =>
            {
                if !f.optional {
                    missing.push(f.name.clone());
                }
                out.push(Value::Absent);
            }
            Some(j) => out.push(
                jz_data::parse_json(p, &f.ty, j).map_err(|e| t!("eval-json.field", field = f.name, error = e.0))?,
            ),
        }
    }
    if !missing.is_empty() {
        return Err(t!("eval-json.missing", record = rec.name, fields = missing.join(", ")));
    }
    Ok(out)
}
