//! A counterexample in the forms people paste elsewhere: `--set` arguments, a CSV header and row exactly as
//! `jz run --data` reads them (the contract's encodings), a JSON object for `jz eval --json`, and a record literal
//! in the language's own syntax (`企业 { 字段: 值, … }`, as in `样本` and `测试 … 给定`).

use crate::verify::Counterexample;
use jz_check::ir::Program;
use jz_check::types::format_date;
use jz_check::{Type, Value};

/// One CSV cell in the contract's encoding (`是`/`否`, `;`-joined sets, `YYYY-MM-DD`, plain day counts, empty
/// when absent).
pub fn cell(p: &Program, ty: &Type, v: &Value) -> String {
    match (ty, v) {
        (_, Value::Absent) => String::new(),
        (_, Value::Days(d)) => d.to_string(),
        _ => p.format_value(ty, v),
    }
}

/// The CSV header line and data line of the record.
pub fn csv(p: &Program, cex: &Counterexample) -> (String, String) {
    let Some(rec) = p.records.get(cex.record) else { return (String::new(), String::new()) };
    let header: Vec<&str> = rec.fields.iter().map(|f| f.name.as_str()).collect();
    let row: Vec<String> = rec.fields.iter().zip(&cex.fields).map(|(f, v)| cell(p, &f.ty, v)).collect();
    (csv_line(&header), csv_line(&row))
}

fn csv_line<S: AsRef<[u8]>>(cells: &[S]) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    if w.write_record(cells).is_err() {
        return String::new();
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end_matches('\n').to_string()
}

/// The record as a JSON object (absent optional fields left out).
pub fn json(p: &Program, cex: &Counterexample) -> serde_json::Value {
    let mut obj = serde_json::Map::new();
    if let Some(rec) = p.records.get(cex.record) {
        for (f, v) in rec.fields.iter().zip(&cex.fields) {
            if let Some(j) = json_value(p, &f.ty, v) {
                obj.insert(f.name.clone(), j);
            }
        }
    }
    serde_json::Value::Object(obj)
}

pub fn json_value(p: &Program, ty: &Type, v: &Value) -> Option<serde_json::Value> {
    use serde_json::Value as J;
    Some(match (ty, v) {
        (_, Value::Absent) => return None,
        (_, Value::Bool(b)) => J::Bool(*b),
        (Type::Set(e), Value::Set(bits)) => J::Array(
            (0..64u16).filter(|i| bits & (1u64 << i) != 0).map(|i| J::String(p.variant_name(*e, i).into())).collect(),
        ),
        (_, Value::Int(_) | Value::Dec(_) | Value::Days(_)) => {
            let text = cell(p, ty, v);
            match serde_json::from_str::<serde_json::Number>(&text) {
                Ok(n) => J::Number(n),
                Err(_) => J::String(text),
            }
        }
        _ => J::String(p.format_value(ty, v)),
    })
}

/// A value written as a literal of the language.
pub fn literal_value(p: &Program, ty: &Type, v: &Value) -> String {
    match (ty, v) {
        (_, Value::Bool(b)) => if *b { "是" } else { "否" }.into(),
        (_, Value::Int(i)) => i.to_string(),
        (Type::Dec(u), Value::Dec(d)) => {
            let n = d.normalize().to_string();
            if u.is_none() {
                n
            } else {
                format!("{n} [{u}]")
            }
        }
        (_, Value::Text(t)) => quote(t),
        (_, Value::Date(d)) => format_date(*d),
        (_, Value::Days(d)) => format!("{d} 天"),
        (Type::Enum(e), Value::Enum(i)) => p.variant_name(*e, *i).to_string(),
        (Type::Set(e), Value::Set(bits)) => {
            let names: Vec<&str> =
                (0..64u16).filter(|i| bits & (1u64 << i) != 0).map(|i| p.variant_name(*e, i)).collect();
            format!("{{{}}}", names.join(", "))
        }
        _ => p.format_value(ty, v),
    }
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `企业 { 字段: 值, … }` with every present field, in declaration order.
pub fn record_literal(p: &Program, cex: &Counterexample) -> String {
    let Some(rec) = p.records.get(cex.record) else { return String::new() };
    let parts: Vec<String> = rec
        .fields
        .iter()
        .zip(&cex.fields)
        .filter(|(_, v)| !matches!(v, Value::Absent))
        .map(|(f, v)| format!("{}: {}", f.name, literal_value(p, &f.ty, v)))
        .collect();
    format!("{} {{ {} }}", rec.name, parts.join(", "))
}

/// `情景 { 名称: 值, … }` with the scenario values that differ from their defaults (`情景 {}` when none do).
pub fn scenario_literal(p: &Program, cex: &Counterexample) -> String {
    let parts: Vec<String> = p
        .scenario
        .iter()
        .zip(&cex.scenario)
        .filter(|(s, v)| s.default != **v)
        .map(|(s, v)| format!("{}: {}", s.name, literal_value(p, &s.ty, v)))
        .collect();
    if parts.is_empty() {
        "情景 {}".into()
    } else {
        format!("情景 {{ {} }}", parts.join(", "))
    }
}

/// `NAME=VALUE` for every scenario value that differs from its default and every open parameter that differs
/// from its declared value (the arguments of `--set`).
pub fn sets(p: &Program, cex: &Counterexample) -> Vec<String> {
    let mut out: Vec<String> = p
        .scenario
        .iter()
        .zip(&cex.scenario)
        .filter(|(s, v)| s.default != **v)
        .map(|(s, v)| format!("{}={}", s.name, cell(p, &s.ty, v)))
        .collect();
    for &i in &cex.open_params {
        if let (Some(pm), Some(v)) = (p.params.get(i), cex.params.get(i)) {
            if pm.value != *v {
                out.push(format!("{}={}", pm.name, cell(p, &pm.ty, v)));
            }
        }
    }
    out
}
