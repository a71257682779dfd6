//! Types, units and values.

use rust_decimal::Decimal;
use std::fmt;
use std::sync::Arc;

/// The largest power of one symbol in a unit (`t1000`): far beyond any physical unit, and small enough that
/// no sum of two powers overflows. Policy text is untrusted: `[h99999999999]` or a runaway product of
/// definitions is an error, not an overflow.
pub const MAX_UNIT_POWER: i32 = 1_000;

/// A physical unit as a product of symbols with integer exponents (`t/h` = t¹·h⁻¹). Dimensionless = empty.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Unit(pub Vec<(String, i32)>);

impl Unit {
    pub fn none() -> Unit {
        Unit(Vec::new())
    }
    pub fn is_none(&self) -> bool {
        self.0.is_empty()
    }
    /// Parse `t/h`, `mg/m3`, `kg*m^2/s2`, `%`. Everything after the first `/` is in the denominator. `None`
    /// for text that is not a unit, or a unit with a power beyond [`MAX_UNIT_POWER`].
    pub fn parse(text: &str) -> Option<Unit> {
        let (num, den) = match text.split_once('/') {
            Some((n, d)) => (n, Some(d)),
            None => (text, None),
        };
        let mut u = Unit::none();
        for (part, sign) in [(num, 1), (den.unwrap_or(""), -1)] {
            for sym in part.split(['*', '·', '/']).map(str::trim).filter(|s| !s.is_empty()) {
                let digits = sym.trim_end_matches(|c: char| c.is_ascii_digit());
                let exp_str = sym.get(digits.len()..).unwrap_or("");
                let base = digits.trim_end_matches('^');
                if base.is_empty() || base.chars().any(|c| c.is_whitespace() || c.is_ascii_digit()) {
                    return None;
                }
                let exp: i32 = if exp_str.is_empty() { 1 } else { exp_str.parse().ok()? };
                if exp > MAX_UNIT_POWER {
                    return None;
                }
                u = u.mul(&Unit(vec![(base.to_string(), exp * sign)]))?;
            }
        }
        if den.is_some_and(|d| d.trim().is_empty()) {
            return None;
        }
        Some(u)
    }
    /// The product of two units; `None` when a power would leave ±[`MAX_UNIT_POWER`].
    pub fn mul(&self, other: &Unit) -> Option<Unit> {
        let mut v = self.0.clone();
        for (s, e) in &other.0 {
            if let Some(x) = v.iter_mut().find(|(t, _)| t == s) {
                x.1 = x.1.checked_add(*e)?;
            } else {
                v.push((s.clone(), *e));
            }
        }
        if v.iter().any(|(_, e)| e.unsigned_abs() > MAX_UNIT_POWER.unsigned_abs()) {
            return None;
        }
        v.retain(|(_, e)| *e != 0);
        v.sort();
        Some(Unit(v))
    }
    pub fn inv(&self) -> Unit {
        Unit(self.0.iter().map(|(s, e)| (s.clone(), -e)).collect())
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = |pos: bool| {
            self.0
                .iter()
                .filter(|(_, e)| (*e > 0) == pos)
                .map(|(s, e)| if e.abs() == 1 { s.clone() } else { format!("{s}{}", e.abs()) })
                .collect::<Vec<_>>()
                .join("·")
        };
        let (n, d) = (part(true), part(false));
        match (n.is_empty(), d.is_empty()) {
            (true, true) => Ok(()),
            (false, true) => write!(f, "{n}"),
            (true, false) => write!(f, "1/{d}"),
            (false, false) => write!(f, "{n}/{d}"),
        }
    }
}

pub type EnumId = usize;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Int,
    Dec(Unit),
    Text,
    Date,
    Days,
    Enum(EnumId),
    Set(EnumId),
}

/// A runtime value. Enums are variant indexes, sets bitmasks over variant indexes, dates day numbers
/// (days since 1970-01-01).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    Text(Arc<str>),
    Date(i32),
    Days(i64),
    Enum(u16),
    Set(u64),
    /// An optional field with no value.
    Absent,
}

impl Value {
    pub fn as_bool(&self) -> bool {
        matches!(self, Value::Bool(true))
    }
}

/// The order of two values of one ordered type (numbers, dates, day counts, enum variants by declaration);
/// `None` for values that have no order. Shared by the checker (parameter bounds) and every back end.
pub fn value_cmp(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Dec(x), Value::Dec(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Days(x), Value::Days(y)) => Some(x.cmp(y)),
        (Value::Enum(x), Value::Enum(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parse `YYYY-MM-DD` strictly (real calendar dates only).
pub fn parse_date(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let y: i32 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

pub fn format_date(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_cancel_and_print_canonically() {
        let th = Unit::parse("t/h").unwrap();
        assert_eq!(th.to_string(), "t/h");
        assert_eq!(Unit::parse("mg/m3").unwrap().to_string(), "mg/m3");
        assert_eq!(th.mul(&Unit::parse("h").unwrap()).unwrap().to_string(), "t");
        assert!(th.mul(&th.inv()).unwrap().is_none());
        assert_ne!(th, Unit::parse("mg/m3").unwrap());
        assert!(Unit::parse("t/").is_none());
        assert!(Unit::parse("3").is_none());
    }

    #[test]
    fn unit_powers_beyond_the_limit_are_refused_not_overflowed() {
        // found by fuzzing a REPL line: `[t*rh0037738003/h00377386388*…]` overflowed an `i32` power
        assert!(Unit::parse("h1000").is_some());
        assert!(Unit::parse("h1001").is_none());
        assert!(Unit::parse("h2147483647").is_none());
        assert!(Unit::parse("h99999999999").is_none());
        assert!(Unit::parse("h600*h600").is_none(), "the powers of one symbol add up");
        assert_eq!(Unit::parse("h600/h600").unwrap(), Unit::none());
        let big = Unit::parse("t1000").unwrap();
        assert!(big.mul(&big).is_none());
        assert!(big.inv().mul(&big.inv()).is_none());
        assert_eq!(big.mul(&big.inv()).unwrap(), Unit::none());
        let max = Unit(vec![("t".into(), i32::MAX)]);
        assert!(max.mul(&max).is_none(), "no overflow even past the limit");
    }

    #[test]
    fn dates_round_trip_and_reject_impossible_days() {
        for s in ["1970-01-01", "2026-01-15", "2024-02-29", "2000-12-31", "1900-03-01"] {
            assert_eq!(format_date(parse_date(s).unwrap()), s);
        }
        assert_eq!(parse_date("1970-01-02"), Some(1));
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("2026-1-01").is_none());
    }
}
