//! Writing typed values into CSV cells per the contract's encodings.

use crate::rng::{Rng, Stream};

/// Turns values into cell text. By default it writes the contract's output forms (`是`/`否`, sets joined by `;` in
/// declaration order). With `varied`, it writes the other accepted input forms at random (`true`, `0`, `TRUE`,
/// `；` or `、` separators, shuffled and repeated set members, `35.00`) to exercise readers.
pub struct Encoder {
    varied: Option<Rng>,
}

impl Encoder {
    pub fn new(seed: u64, varied: bool) -> Self {
        Encoder { varied: varied.then(|| Rng::new(seed, Stream::Encoding)) }
    }

    pub fn is_varied(&self) -> bool {
        self.varied.is_some()
    }

    pub fn bool(&mut self, out: &mut String, v: bool) {
        out.clear();
        let form = match &mut self.varied {
            None => 0,
            Some(rng) => rng.pick(&[(0u8, 40), (1, 15), (2, 5), (3, 5), (4, 35)]),
        };
        out.push_str(match (form, v) {
            (1, true) => "true",
            (1, false) => "false",
            (2, true) => "TRUE",
            (2, false) => "FALSE",
            (3, true) => "True",
            (3, false) => "False",
            (4, true) => "1",
            (4, false) => "0",
            (_, true) => "是",
            (_, false) => "否",
        });
    }

    /// A set given as a bit mask over `variants` (bit i = variant i).
    pub fn set(&mut self, out: &mut String, mask: u8, variants: &[&str]) {
        out.clear();
        let members = variants.iter().enumerate().filter(|&(i, _)| mask & (1 << i) != 0).map(|(_, v)| *v);
        match &mut self.varied {
            None => {
                for (n, m) in members.enumerate() {
                    if n > 0 {
                        out.push(';');
                    }
                    out.push_str(m);
                }
            }
            Some(rng) => {
                let mut list: Vec<&str> = members.collect();
                if list.is_empty() {
                    return;
                }
                if rng.permille(500) {
                    list.reverse();
                }
                if rng.permille(150) {
                    list.push(list[0]);
                }
                let sep = *rng.choose(&[";", "；", "、"]);
                out.push_str(&list.join(sep));
            }
        }
    }

    /// A decimal given in tenths; `point_zero` writes an integral value as `35.0` instead of `35`.
    pub fn tenths(&mut self, out: &mut String, tenths: u32, point_zero: bool) {
        use std::fmt::Write;
        out.clear();
        let whole = tenths / 10;
        let frac = tenths % 10;
        let _ = write!(out, "{whole}");
        let extra_zero = match &mut self.varied {
            Some(rng) => rng.permille(100),
            None => false,
        };
        if frac != 0 {
            let _ = write!(out, ".{frac}");
            if extra_zero {
                out.push('0');
            }
        } else if point_zero {
            out.push_str(".0");
            if extra_zero {
                out.push('0');
            }
        }
    }
}

/// Replaces the contents of `out` with `s`, keeping its allocation.
pub fn put(out: &mut String, s: &str) {
    out.clear();
    out.push_str(s);
}
