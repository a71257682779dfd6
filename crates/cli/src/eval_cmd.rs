//! `jz eval`: every decision of one record given as JSON, optionally explained rule by rule.

use crate::common::{apply_sets, load_program};
use jz_check::ir::{Program, RecordId};
use jz_check::Value;
use jz_eval::{explain_decision, Frame, Interp, RuleStatus};
use std::path::Path;

pub fn run(policy: &Path, record: &str, json: &str, sets: &[String], explain: bool) -> u8 {
    let Some((checked, p)) = load_program(policy) else { return 1 };
    let Some(rid) = p.record(record) else {
        let names: Vec<&str> = p.records.iter().map(|r| r.name.as_str()).collect();
        eprintln!("error: no record type `{record}` in this policy\n  help: one of {}", names.join(", "));
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
                            format!("  依据 {}", if r.citations.is_empty() { "(none)".into() } else { r.citation() })
                        }
                        None => "  (default)".into(),
                    };
                    outln!("{} = {}{by}", dec.name, p.format_value(&dec.ty, &o.value));
                }
                Err(e) => {
                    failed = true;
                    outln!("{} = error: {}", dec.name, e.describe(&p));
                }
            }
            for (r, st) in &ex.rules {
                let Some(rule) = dec.rules.get(*r) else { continue };
                let what = rule.describe();
                let line = match st {
                    RuleStatus::Decided => format!("  ✓ {what} decided"),
                    RuleStatus::Agreed => format!("  ✓ {what} applied (agrees)"),
                    RuleStatus::Conflicting { with } => format!(
                        "  ✗ {what} applied and conflicts with {}",
                        dec.rules.get(*with).map(|b| b.describe()).unwrap_or_default()
                    ),
                    RuleStatus::Overridden { by } => {
                        format!(
                            "  ↷ {what} overridden by {}",
                            dec.rules.get(*by).map(|b| b.describe()).unwrap_or_default()
                        )
                    }
                    RuleStatus::NotApplicable { failed: Some(span) } => {
                        format!("  · {what} did not apply: `{}` is false", checked.sources.slice(*span))
                    }
                    RuleStatus::NotApplicable { failed: None } => format!("  · {what} did not apply"),
                    RuleStatus::Error(e) => format!("  ! {what}: {}", e.describe(&p)),
                };
                outln!("{line}");
            }
        } else {
            match it.decision(&mut frame, d) {
                Ok(o) => outln!("{} = {}", dec.name, p.format_value(&dec.ty, &o.value)),
                Err(e) => {
                    failed = true;
                    outln!("{} = error: {}", dec.name, e.describe(&p));
                }
            }
        }
    }
    if let Err(e) = it.guarantees(&mut frame, rid) {
        failed = true;
        outln!("error: {}", e.describe(&p));
    }
    if failed {
        3
    } else {
        0
    }
}

/// A record from a JSON object: every required field must be there; unknown keys are errors (typos).
pub fn record_from_json(p: &Program, rid: RecordId, json: &str) -> Result<Vec<Value>, String> {
    let rec = p.records.get(rid).ok_or("error: no such record")?;
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("error: --json is not valid JSON: {e}"))?;
    let obj = v.as_object().ok_or("error: --json must be a JSON object")?;
    for k in obj.keys() {
        if rec.field(k).is_none() {
            return Err(format!("error: record `{}` has no field `{k}`", rec.name));
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
            Some(j) => {
                out.push(jz_data::parse_json(p, &f.ty, j).map_err(|e| format!("error: field `{}`: {}", f.name, e.0))?)
            }
        }
    }
    if !missing.is_empty() {
        return Err(format!(
            "error: missing field(s) of `{}`: {}\n  help: give every required field in --json",
            rec.name,
            missing.join(", ")
        ));
    }
    Ok(out)
}
