//! Cells parsed straight into typed columns: no `Value`, no allocation, enum and set variants through a
//! per-column dictionary. Anything the fast path does not recognise goes to [`crate::parse_cell`], which
//! decides (and words the error), so the result is always exactly what `parse_cell` would give.

use crate::batch::Column;
use crate::parse_cell;
use jz_check::ir::Program;
use jz_check::types::parse_date;
use jz_check::{Type, Value};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: short keys (variant names) hash in a few nanoseconds.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Variant name → index, for one enum.
pub type Dict = HashMap<Box<[u8]>, u16, BuildHasherDefault<Fnv>>;

/// How one field of the record is read.
#[derive(Clone, Debug)]
pub struct FieldPlan {
    pub name: String,
    pub ty: Type,
    pub optional: bool,
    /// Keep the text (the key, or a text field a rule reads); other text is checked for presence only.
    pub keep_text: bool,
    pub dict: Option<Dict>,
}

impl FieldPlan {
    pub fn new(p: &Program, name: &str, ty: &Type, optional: bool, keep_text: bool) -> FieldPlan {
        let dict = match ty {
            Type::Enum(e) | Type::Set(e) => p.enums.get(*e).map(|d| {
                d.variants
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v.as_bytes().to_vec().into_boxed_slice(), i as u16))
                    .collect::<Dict>()
            }),
            _ => None,
        };
        FieldPlan { name: name.to_string(), ty: ty.clone(), optional, keep_text, dict }
    }
}

/// Does `b` start with a Unicode white-space character (as `char::is_whitespace` says)?
#[inline]
fn ws_start(b: &[u8]) -> bool {
    match b {
        [c, ..] if *c < 0x80 => c.is_ascii_whitespace() || *c == 0x0B,
        [0xC2, 0x85 | 0xA0, ..]
        | [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => true,
        _ => false,
    }
}

/// Does `b` end with a Unicode white-space character?
#[inline]
fn ws_end(b: &[u8]) -> bool {
    match b {
        [.., c] if *c < 0x80 => c.is_ascii_whitespace() || *c == 0x0B,
        [.., 0xC2, 0x85 | 0xA0]
        | [.., 0xE1, 0x9A, 0x80]
        | [.., 0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF]
        | [.., 0xE2, 0x81, 0x9F]
        | [.., 0xE3, 0x80, 0x80] => true,
        _ => false,
    }
}

/// `str::trim`, without scanning when neither end is white space (the usual cell, ASCII or Chinese).
#[inline]
fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    if b.is_empty() || ws_start(b) || ws_end(b) {
        s.trim()
    } else {
        s
    }
}

/// Why a cell was not read: (reason, the cell's text).
pub type CellErr = (String, String);

/// Append one cell to `col` (and its presence to `present`, for an optional field).
pub fn push_cell(
    p: &Program,
    plan: &FieldPlan,
    col: &mut Column,
    present: Option<&mut Vec<bool>>,
    raw: &str,
) -> Result<(), CellErr> {
    if let (Type::Text, Column::Text { bytes, ends }) = (&plan.ty, &mut *col) {
        if !raw.is_empty() && !ws_start(raw.as_bytes()) {
            if plan.keep_text {
                bytes.extend_from_slice(raw.as_bytes());
            }
            ends.push(u32::try_from(bytes.len()).unwrap_or(u32::MAX));
            if let Some(pr) = present {
                pr.push(true);
            }
            return Ok(());
        }
    }
    let s = trim(raw);
    if s.is_empty() {
        return match (&plan.ty, col) {
            (Type::Set(_), Column::Set(c)) => {
                c.push(0);
                if let Some(pr) = present {
                    pr.push(true);
                }
                Ok(())
            }
            (_, col) if plan.optional => {
                col.push(&Value::Absent);
                if let Some(pr) = present {
                    pr.push(false);
                }
                Ok(())
            }
            _ => Err(("empty cell in a required column".into(), String::new())),
        };
    }
    let fast = match (&plan.ty, &mut *col) {
        (Type::Bool, Column::Bool(c)) => fast_bool(s).map(|b| c.push(u8::from(b))),
        (Type::Int, Column::Int(c)) => fast_int(s).map(|v| c.push(v)),
        (Type::Dec(_), Column::Dec(c)) => fast_dec(s).map(|v| c.push(v)),
        (Type::Date, Column::Date(c)) => parse_date(s).map(|v| c.push(v)),
        (Type::Days, Column::Days(c)) => s.parse::<i64>().ok().map(|v| c.push(v)),
        (Type::Enum(_), Column::Enum(c)) => plan.dict.as_ref().and_then(|d| d.get(s.as_bytes())).map(|v| c.push(*v)),
        (Type::Set(_), Column::Set(c)) => plan.dict.as_ref().and_then(|d| fast_set(d, s)).map(|v| c.push(v)),
        (Type::Text, Column::Text { bytes, ends }) => {
            if plan.keep_text {
                bytes.extend_from_slice(raw.as_bytes());
            }
            ends.push(u32::try_from(bytes.len()).unwrap_or(u32::MAX));
            Some(())
        }
        _ => None,
    };
    if fast.is_none() {
        match parse_cell(p, &plan.ty, raw) {
            Ok(v) => col.push(&v),
            Err(e) => return Err((e.0, preview(raw))),
        }
    }
    if let Some(pr) = present {
        pr.push(true);
    }
    Ok(())
}

/// [`push_cell`] of `parts` joined by `;` (a set given as a JSON array), without joining them when every part
/// is a variant name.
pub fn push_parts(
    p: &Program,
    plan: &FieldPlan,
    col: &mut Column,
    present: Option<&mut Vec<bool>>,
    parts: &[&str],
) -> Result<(), CellErr> {
    if let (Type::Set(_), Column::Set(c), Some(d)) = (&plan.ty, &mut *col, &plan.dict) {
        let mut bits = Some(0u64);
        for part in parts {
            bits = bits.and_then(|b| fast_set(d, part).map(|x| b | x));
        }
        if let Some(b) = bits {
            c.push(b);
            if let Some(pr) = present {
                pr.push(true);
            }
            return Ok(());
        }
    }
    let joined = parts.join(";");
    push_cell(p, plan, col, present, &joined)
}

/// A cell's text for a reject, cut at 200 characters.
pub fn preview(raw: &str) -> String {
    match raw.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", raw.get(..i).unwrap_or("")),
        None => raw.to_string(),
    }
}

fn fast_bool(s: &str) -> Option<bool> {
    match s {
        "是" | "1" | "true" | "TRUE" | "True" => Some(true),
        "否" | "0" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

fn fast_int(s: &str) -> Option<i64> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = digits.bytes().fold(0i64, |a, b| a * 10 + i64::from(b - b'0'));
    Some(if neg { -v } else { v })
}

/// `-?[0-9]+(\.[0-9]+)?` with at most 18 digits, as `Decimal::from_str_exact` reads it (same scale);
/// negative zero is left to the slow path.
fn fast_dec(s: &str) -> Option<Decimal> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty()
        || (body.len() != int.len() && frac.is_empty())
        || int.len() + frac.len() > 18
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let m = int.bytes().chain(frac.bytes()).fold(0i64, |a, b| a * 10 + i64::from(b - b'0'));
    if neg && m == 0 {
        return None;
    }
    Some(Decimal::new(if neg { -m } else { m }, frac.len() as u32))
}

fn fast_set(d: &Dict, s: &str) -> Option<u64> {
    let mut bits = 0u64;
    for part in s.split([';', '；', '、']) {
        let part = trim(part);
        if part.is_empty() {
            continue;
        }
        let i = *d.get(part.as_bytes())?;
        if i >= 64 {
            return None;
        }
        bits |= 1u64 << i;
    }
    Some(bits)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_fast_decimal_is_the_exact_decimal() {
        for s in ["35", "35.0", "0.75", "-12.5", "007.50", "123456789012345678", "1.00000000000000001"] {
            assert_eq!(fast_dec(s).map(|d| d.to_string()), Some(Decimal::from_str_exact(s).unwrap().to_string()));
        }
        for s in ["-0", "-0.0", "35.", ".5", "1e3", "1234567890123456789", "+1"] {
            assert_eq!(fast_dec(s), None, "{s}");
        }
    }

    #[test]
    fn trimming_matches_str_trim() {
        for s in [
            "a",
            " a",
            "a ",
            "\u{3000}是",
            "是\u{3000}",
            "\t1\t",
            "",
            "  ",
            "é",
            "\u{a0}x",
            "x\u{2029}",
            "\u{85}",
            "\x7f",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }
}
