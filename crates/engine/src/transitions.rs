//! What the REPL's `:what-if` and `jz diff` print: per decision, how many rows went from one value to another
//! (`正常生产 → 限产: 1,234`), plus the small pieces both need — a value interner that keeps per-row results
//! compact, thousands separators and tables that line up with Chinese text.

use jz_check::Value;
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

/// The code of a row that was rejected (no value).
pub const REJECTED: u32 = u32::MAX;

/// Distinct values of one decision, each with a small code, so a million rows cost four bytes a decision.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    pub values: Vec<Value>,
    map: HashMap<Value, u32>,
}

impl Interner {
    pub fn code(&mut self, v: &Value) -> u32 {
        // decisions have a handful of values: a scan beats hashing until there are many
        if self.values.len() <= 16 {
            if let Some(i) = self.values.iter().position(|x| x == v) {
                return i as u32;
            }
        } else if let Some(&c) = self.map.get(v) {
            return c;
        }
        let c = self.values.len() as u32;
        self.values.push(v.clone());
        self.map.insert(v.clone(), c);
        c
    }

    pub fn value(&self, code: u32) -> Option<&Value> {
        self.values.get(code as usize)
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Counts of (before, after) per decision, keyed by display text (`rejected` for a rejected row).
#[derive(Clone, Debug, Default)]
pub struct Transitions {
    pub counts: HashMap<(String, String), u64>,
}

impl Transitions {
    pub fn add(&mut self, before: &str, after: &str, n: u64) {
        if n == 0 {
            return;
        }
        match self.counts.get_mut(&(before.to_string(), after.to_string())) {
            Some(c) => *c += n,
            None => {
                self.counts.insert((before.to_string(), after.to_string()), n);
            }
        }
    }

    /// The changes (before ≠ after), most frequent first, ties in text order.
    pub fn changes(&self) -> Vec<(&str, &str, u64)> {
        let mut v: Vec<(&str, &str, u64)> =
            self.counts.iter().filter(|((a, b), _)| a != b).map(|((a, b), n)| (a.as_str(), b.as_str(), *n)).collect();
        v.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| x.0.cmp(y.0)).then_with(|| x.1.cmp(y.1)));
        v
    }

    /// `name: unchanged`, or `name: N changed` and one line `  A → B: count` per transition.
    pub fn render(&self, name: &str) -> Vec<String> {
        let changes = self.changes();
        if changes.is_empty() {
            return vec![format!("{name}: unchanged")];
        }
        let mut lines = vec![format!("{name}: {} changed", thousands(changes.iter().map(|c| c.2).sum()))];
        lines.extend(changes.iter().map(|(a, b, n)| format!("  {a} → {b}: {}", thousands(*n))));
        lines
    }
}

/// Display width of text in a terminal (CJK characters take two columns).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// A plain-text table: columns padded to the widest cell (by display width); `right[i]` right-aligns column i.
pub fn table(header: &[String], rows: &[Vec<String>], right: &[bool]) -> Vec<String> {
    let ncols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(ncols) {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(c));
            }
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate().take(ncols) {
            let w = widths.get(i).copied().unwrap_or(0);
            let pad = " ".repeat(w.saturating_sub(width(c)));
            if i > 0 {
                s.push_str("  ");
            }
            if right.get(i).copied().unwrap_or(false) {
                s.push_str(&pad);
                s.push_str(c);
            } else {
                s.push_str(c);
                if i + 1 < ncols {
                    s.push_str(&pad);
                }
            }
        }
        s
    };
    let mut out = vec![line(header)];
    out.extend(rows.iter().map(|r| line(r)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn interner_codes_are_stable_past_the_scan_limit() {
        let mut i = Interner::default();
        let codes: Vec<u32> = (0..40).map(|n| i.code(&Value::Int(n))).collect();
        assert_eq!(codes, (0..40).collect::<Vec<u32>>());
        assert_eq!(i.code(&Value::Int(3)), 3);
        assert_eq!(i.code(&Value::Int(33)), 33);
        assert_eq!(i.value(5), Some(&Value::Int(5)));
    }

    #[test]
    fn transitions_sort_by_count_and_skip_unchanged() {
        let mut t = Transitions::default();
        t.add("正常生产", "正常生产", 9000);
        t.add("正常生产", "限产", 1234);
        t.add("限产", "停产", 5);
        t.add("无", "适度减排", 1234);
        assert_eq!(t.changes().iter().map(|c| c.2).sum::<u64>(), 2473);
        assert_eq!(
            t.render("综合措施"),
            vec!["综合措施: 2,473 changed", "  无 → 适度减排: 1,234", "  正常生产 → 限产: 1,234", "  限产 → 停产: 5"]
        );
        let mut u = Transitions::default();
        u.add("是", "是", 3);
        assert_eq!(u.render("列入错峰生产名单"), vec!["列入错峰生产名单: unchanged"]);
    }

    #[test]
    fn tables_align_by_display_width() {
        let t = table(
            &["综合措施".into(), "count".into()],
            &[vec!["正常生产".into(), "12".into()], vec!["限产".into(), "1,234".into()]],
            &[false, true],
        );
        assert_eq!(t, vec!["综合措施  count", "正常生产     12", "限产      1,234"]);
    }
}
