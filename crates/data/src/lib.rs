//! Reading and writing values in the data contract's encodings (`../shared/CONTRACT.md`): one cell of text
//! into a typed [`Value`], and back.

pub mod batch;
pub mod block;
pub mod cells;
pub mod json;
pub mod reader;
mod xlsx;

pub use batch::{Batch, Column};
pub use reader::{open, open_with, parse, parse_chunk, CellRow, Chunk, Options, Parsed, Reject, Schema, Source};

use jz_check::ir::Program;
use jz_check::types::parse_date;
use jz_check::{Type, Value};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Why a cell could not be read; short and lowercase, for the rejects file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError(pub String);

/// Parse one cell per the contract's encodings. Empty cells are the caller's business (optional or error).
pub fn parse_cell(p: &Program, ty: &Type, raw: &str) -> Result<Value, CellError> {
    let s = raw.trim();
    let err = |m: String| Err(CellError(m));
    match ty {
        Type::Bool => match s {
            "是" => Ok(Value::Bool(true)),
            "否" => Ok(Value::Bool(false)),
            _ if s.eq_ignore_ascii_case("true") || s == "1" => Ok(Value::Bool(true)),
            _ if s.eq_ignore_ascii_case("false") || s == "0" => Ok(Value::Bool(false)),
            _ => err(format!("`{s}` is not a boolean (use 是/否, true/false or 1/0)")),
        },
        Type::Int => {
            let digits = s.strip_prefix('-').unwrap_or(s);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return err(format!("`{s}` is not an integer"));
            }
            s.parse::<i64>().map(Value::Int).or_else(|_| err(format!("`{s}` is out of range")))
        }
        Type::Dec(_) => {
            if !is_decimal_literal(s) {
                return err(format!("`{s}` is not a decimal number"));
            }
            Decimal::from_str_exact(s).map(Value::Dec).or_else(|_| err(format!("`{s}` has too many digits")))
        }
        Type::Text => Ok(Value::Text(Arc::from(raw))),
        Type::Date => {
            parse_date(s).map(Value::Date).ok_or_else(|| CellError(format!("`{s}` is not a date (YYYY-MM-DD)")))
        }
        Type::Days => s.parse::<i64>().map(Value::Days).or_else(|_| err(format!("`{s}` is not a day count"))),
        Type::Enum(e) => {
            let def = p.enums.get(*e);
            match def.and_then(|d| d.variants.iter().position(|v| v == s)) {
                Some(i) => Ok(Value::Enum(i as u16)),
                None => err(format!("`{s}` is not one of {}", def.map(|d| d.variants.join(" ")).unwrap_or_default())),
            }
        }
        Type::Set(e) => {
            let def = p.enums.get(*e);
            let mut bits = 0u64;
            for part in s.split([';', '；', '、']).map(str::trim).filter(|x| !x.is_empty()) {
                match def.and_then(|d| d.variants.iter().position(|v| v == part)) {
                    Some(i) if i < 64 => bits |= 1u64 << i,
                    _ => {
                        return err(format!(
                            "`{part}` is not one of {}",
                            def.map(|d| d.variants.join(" ")).unwrap_or_default()
                        ))
                    }
                }
            }
            Ok(Value::Set(bits))
        }
    }
}

/// `-?[0-9]+(\.[0-9]+)?` (also `.5`-free, exponent-free: what the contract calls a decimal literal).
fn is_decimal_literal(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Read a JSON value (from `--json` or a JSON Lines file) into a typed value.
pub fn parse_json(p: &Program, ty: &Type, v: &serde_json::Value) -> Result<Value, CellError> {
    use serde_json::Value as J;
    match (ty, v) {
        (Type::Bool, J::Bool(b)) => Ok(Value::Bool(*b)),
        (Type::Set(_), J::Array(items)) => {
            let mut parts = Vec::new();
            for it in items {
                match it {
                    J::String(s) => parts.push(s.clone()),
                    other => return Err(CellError(format!("`{other}` is not a variant name"))),
                }
            }
            parse_cell(p, ty, &parts.join(";"))
        }
        (_, J::String(s)) => parse_cell(p, ty, s),
        (Type::Int | Type::Dec(_) | Type::Days, J::Number(n)) => parse_cell(p, ty, &n.to_string()),
        (Type::Bool, J::Number(n)) => parse_cell(p, ty, &n.to_string()),
        (_, other) => Err(CellError(format!("`{other}` is not a {}", p.type_name(ty)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> Program {
        Program {
            policies: vec![],
            enums: vec![jz_check::ir::EnumDef {
                name: "污染物".into(),
                variants: vec!["颗粒物".into(), "VOCs".into()],
                span: Default::default(),
            }],
            scenario: vec![],
            params: vec![],
            records: vec![],
            defines: vec![],
            decisions: vec![],
            guarantees: vec![],
            tests: vec![],
            outputs: vec![],
        }
    }

    #[test]
    fn contract_encodings_are_accepted() {
        let p = empty();
        for (s, b) in [("是", true), ("否", false), ("TRUE", true), ("false", false), ("1", true), ("0", false)] {
            assert_eq!(parse_cell(&p, &Type::Bool, s), Ok(Value::Bool(b)));
        }
        assert_eq!(parse_cell(&p, &Type::Set(0), "VOCs；颗粒物、VOCs"), Ok(Value::Set(0b11)));
        assert_eq!(parse_cell(&p, &Type::Set(0), ""), Ok(Value::Set(0)));
        assert_eq!(
            parse_cell(&p, &Type::Dec(Default::default()), "35.0"),
            parse_cell(&p, &Type::Dec(Default::default()), "35")
        );
    }

    #[test]
    fn malformed_cells_are_errors_not_guesses() {
        let p = empty();
        assert!(parse_cell(&p, &Type::Bool, "yes").is_err());
        assert!(parse_cell(&p, &Type::Dec(Default::default()), "1e3").is_err());
        assert!(parse_cell(&p, &Type::Dec(Default::default()), "35.").is_err());
        assert!(parse_cell(&p, &Type::Int, "3.5").is_err());
        assert!(parse_cell(&p, &Type::Date, "2026-02-30").is_err());
        assert!(parse_cell(&p, &Type::Set(0), "颗粒物;烟尘").is_err());
        assert!(parse_cell(&p, &Type::Enum(0), "voc").is_err());
    }
}
