//! The arithmetic theory: integers, dates/day counts and decimals compared linearly, with month-day ranges.
//!
//! Every numeric atom the encoder makes is a *difference constraint* `x − y ≤ c` (or `< c` for decimals) between
//! two variables or a variable and the constant zero, or a month-day test `(±x + k) 在 MM-DD..MM-DD` on one
//! variable. The SAT solver assigns the atoms; [`check`] decides whether an assignment has a solution in the
//! real domains and either returns one or a small set of atom literals that cannot hold together (a lemma the
//! solver then learns). This is exact:
//!
//! - Integers (`整数`), dates and day counts (one sort: day numbers) are integers. Difference constraints over the
//!   integers with integer bounds have an integer solution iff the constraint graph has no negative cycle
//!   (Bellman–Ford).
//! - Month-day tests are unary and periodic (the Gregorian calendar repeats every 146 097 days). With unary
//!   constraints, solutions of `y ≥ x + w` systems are closed under componentwise minimum, so the least solution
//!   exists iff any does; it is the least fixpoint of "raise each lower bound to the next day that passes the
//!   variable's month-day tests and every `y ≥ x + w`", computed by iteration.
//! - Decimals are dense: a system with strict and non-strict bounds is solvable over the rationals iff, after
//!   scaling every constant by `K = 10^m ≥ n + 2` (n variables) and turning `< c` into `≤ cK − 1`, it is solvable
//!   over the integers; the integer solution divided by `K` is a decimal. (Decimals also have a precision limit;
//!   a model that does not fit is caught when the counterexample is replayed.)

use rust_decimal::Decimal;
use std::collections::HashMap;

/// Period of the Gregorian calendar in days.
pub const CYCLE: i128 = 146_097;
/// Stop a fixpoint that climbs for this many steps (a contradiction between month-day tests far apart).
const STEP_LIMIT: usize = 3_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sort {
    Int,
    /// Dates and day counts: day numbers.
    Day,
    Dec,
}

/// A point of the constraint graph: a variable or zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pt {
    Zero,
    V(usize),
}

/// A numeric constant: integers (and day numbers) exactly as `i128`, decimals as `Decimal`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Num {
    I(i128),
    D(Decimal),
}

#[derive(Clone, Debug)]
pub struct NumVar {
    pub sort: Sort,
    pub lo: Option<Num>,
    pub hi: Option<Num>,
    /// The value a counterexample uses when the constraints allow it (scenario default, parameter value, 0).
    pub pref: Num,
}

/// `x − y ≤ c`, or `< c` when `strict` (decimals only; integers are normalised to `≤`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Diff {
    pub x: Pt,
    pub y: Pt,
    pub c: Num,
    pub strict: bool,
}

/// `(sign·v + off)` lies in the month-day range `from..to` (inclusive, wrapping the year when from > to).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MonthDay {
    pub v: usize,
    pub neg: bool,
    pub off: i128,
    pub from: (u8, u8),
    pub to: (u8, u8),
}

impl MonthDay {
    pub fn holds(&self, value: i128) -> bool {
        let d = if self.neg { value.saturating_neg() } else { value }.saturating_add(self.off);
        // reduce into one calendar cycle: month-days repeat exactly every CYCLE days
        let r = d.rem_euclid(CYCLE);
        i32::try_from(r).is_ok_and(|r| jz_eval::in_month_days(r, self.from, self.to))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Atom {
    Diff(Diff),
    Md(MonthDay),
}

/// An assigned atom: which atom (by the caller's index), its value.
#[derive(Clone, Copy, Debug)]
pub struct Lit {
    pub atom: Atom,
    pub value: bool,
    pub id: usize,
}

#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// A solution: a value per variable that any literal mentions.
    Sat(HashMap<usize, Num>),
    /// These literals (by `id`) cannot all hold.
    Conflict(Vec<usize>),
    /// The reason the check gave up (precision or step limits).
    Unknown(String),
}

/// One sort's constraint system in scaled integers.
struct System {
    /// Points: index 0 is zero, then the variables in `vars` order.
    vars: Vec<usize>,
    /// (from, to, weight, literal id): to ≤ from + weight.
    edges: Vec<(usize, usize, i128, Option<usize>)>,
    /// Per point: month-day tests that must hold / must not hold.
    preds: Vec<Vec<(MonthDay, bool)>>,
    scale: i128,
    scale_digits: u32,
}

enum Feasible {
    Yes,
    No(Vec<usize>),
    Unknown(String),
}

fn dec_scale(c: &Decimal, digits: u32) -> Option<i128> {
    let s = c.scale();
    if s > digits {
        return None;
    }
    let m = c.mantissa();
    m.checked_mul(10i128.checked_pow(digits - s)?)
}

fn to_int(n: &Num, scale_digits: u32) -> Option<i128> {
    match n {
        Num::I(i) => i.checked_mul(10i128.checked_pow(scale_digits)?),
        Num::D(d) => dec_scale(d, scale_digits),
    }
}

impl System {
    fn build(sort: Sort, vars_info: &[NumVar], lits: &[Lit]) -> Result<System, String> {
        let mut vars: Vec<usize> = Vec::new();
        let add_var = |v: usize, vars: &mut Vec<usize>| {
            if !vars.contains(&v) {
                vars.push(v);
            }
        };
        for l in lits {
            match l.atom {
                Atom::Diff(d) => {
                    for p in [d.x, d.y] {
                        if let Pt::V(v) = p {
                            add_var(v, &mut vars);
                        }
                    }
                }
                Atom::Md(m) => add_var(m.v, &mut vars),
            }
        }
        vars.sort_unstable();
        // decimal scale: every constant exact, and room to separate strict bounds
        let scale_digits = if sort == Sort::Dec {
            let mut s = 0u32;
            let mut note = |n: &Num| {
                if let Num::D(d) = n {
                    s = s.max(d.scale());
                }
            };
            for l in lits {
                if let Atom::Diff(d) = l.atom {
                    note(&d.c);
                }
            }
            for v in &vars {
                if let Some(info) = vars_info.get(*v) {
                    for n in [&info.lo, &info.hi].into_iter().flatten() {
                        note(n);
                    }
                    note(&info.pref);
                }
            }
            let mut m = 0u32;
            while 10i128.pow(m) < vars.len() as i128 + 2 {
                m += 1;
            }
            if s + m > 9 {
                return Err(format!("decimal constants with more than {} decimal places", 9 - m));
            }
            s + m
        } else {
            0
        };
        let scale = 10i128.pow(scale_digits);
        let index: HashMap<usize, usize> = vars.iter().enumerate().map(|(i, v)| (*v, i + 1)).collect();
        let pt = |p: Pt| match p {
            Pt::Zero => Some(0),
            Pt::V(v) => index.get(&v).copied(),
        };
        let mut sys = System {
            vars: vars.clone(),
            edges: Vec::new(),
            preds: vec![Vec::new(); vars.len() + 1],
            scale,
            scale_digits,
        };
        let overflow = || "a constant too large for exact reasoning".to_string();
        for l in lits {
            match l.atom {
                Atom::Diff(d) => {
                    let (Some(x), Some(y)) = (pt(d.x), pt(d.y)) else { continue };
                    let c = to_int(&d.c, scale_digits).ok_or_else(overflow)?;
                    // true: x − y ≤ c (− 1 if strict); false: y − x ≤ −c − 1 (or −c if the atom was strict)
                    if l.value {
                        let w = if d.strict { c.checked_sub(1).ok_or_else(overflow)? } else { c };
                        sys.edges.push((y, x, w, Some(l.id)));
                    } else {
                        let w = c.checked_neg().ok_or_else(overflow)?;
                        let w = if d.strict { w } else { w.checked_sub(1).ok_or_else(overflow)? };
                        sys.edges.push((x, y, w, Some(l.id)));
                    }
                }
                Atom::Md(m) => {
                    if let Some(&i) = index.get(&m.v) {
                        if let Some(ps) = sys.preds.get_mut(i) {
                            ps.push((m, l.value));
                        }
                    }
                }
            }
        }
        for (v, i) in &index {
            let Some(info) = vars_info.get(*v) else { continue };
            if let Some(hi) = &info.hi {
                let hi = to_int(hi, scale_digits).ok_or_else(overflow)?;
                sys.edges.push((0, *i, hi, None));
            }
            if let Some(lo) = &info.lo {
                let lo = to_int(lo, scale_digits).ok_or_else(overflow)?;
                sys.edges.push((*i, 0, lo.checked_neg().ok_or_else(overflow)?, None));
            }
        }
        Ok(sys)
    }

    fn n(&self) -> usize {
        self.vars.len() + 1
    }

    fn has_preds(&self) -> bool {
        self.preds.iter().any(|p| !p.is_empty())
    }

    /// Bellman–Ford from a virtual source; a negative cycle is returned as the literals on it.
    fn negative_cycle(&self) -> Result<Option<Vec<usize>>, String> {
        let n = self.n();
        let mut dist = vec![0i128; n];
        let mut pred: Vec<Option<usize>> = vec![None; n];
        let mut last = None;
        for _ in 0..=n {
            last = None;
            for (ei, (from, to, w, _)) in self.edges.iter().enumerate() {
                let (Some(df), Some(dt)) = (dist.get(*from), dist.get(*to)) else { continue };
                let cand = df.checked_add(*w).ok_or("a constant too large for exact reasoning")?;
                if cand < *dt {
                    if let Some(d) = dist.get_mut(*to) {
                        *d = cand;
                    }
                    if let Some(p) = pred.get_mut(*to) {
                        *p = Some(ei);
                    }
                    last = Some(*to);
                }
            }
            if last.is_none() {
                return Ok(None);
            }
        }
        // walk back n steps to land on the cycle, then collect it
        let Some(mut v) = last else { return Ok(None) };
        for _ in 0..n {
            let Some(ei) = pred.get(v).copied().flatten() else { break };
            v = self.edges.get(ei).map_or(v, |e| e.0);
        }
        let start = v;
        let mut lits = Vec::new();
        for _ in 0..=n {
            let Some(ei) = pred.get(v).copied().flatten() else { break };
            let Some(e) = self.edges.get(ei) else { break };
            if let Some(l) = e.3 {
                lits.push(l);
            }
            v = e.0;
            if v == start {
                break;
            }
        }
        Ok(Some(lits))
    }

    fn valid(&self, point: usize, value: i128) -> bool {
        self.preds.get(point).is_none_or(|ps| ps.iter().all(|(m, want)| m.holds(value) == *want))
    }

    /// The first value from `from` on (upwards or downwards) passing the point's month-day tests.
    fn next_valid(&self, point: usize, from: i128, up: bool) -> Option<i128> {
        if self.preds.get(point).is_none_or(Vec::is_empty) {
            return Some(from);
        }
        let step = if up { 1 } else { -1 };
        let mut v = from;
        for _ in 0..CYCLE {
            if self.valid(point, v) {
                return Some(v);
            }
            v = v.checked_add(step)?;
        }
        None
    }

    /// The least (`up`) or greatest solution, given extra bounds per point; `Ok(None)` when there is none.
    fn extreme(&self, up: bool, extra: &[(usize, i128, i128)]) -> Result<Option<Vec<i128>>, String> {
        let n = self.n();
        let inf = i128::MAX / 4;
        let mut lb = vec![-inf; n];
        let mut ub = vec![inf; n];
        if let (Some(l), Some(u)) = (lb.get_mut(0), ub.get_mut(0)) {
            *l = 0;
            *u = 0;
        }
        let mut pair_edges = Vec::new();
        for (from, to, w, _) in &self.edges {
            if *from == 0 && *to != 0 {
                if let Some(u) = ub.get_mut(*to) {
                    *u = (*u).min(*w);
                }
            } else if *to == 0 && *from != 0 {
                if let Some(l) = lb.get_mut(*from) {
                    *l = (*l).max(w.saturating_neg());
                }
            } else if *from != 0 && *to != 0 {
                pair_edges.push((*from, *to, *w));
            }
        }
        for (p, lo, hi) in extra {
            if let (Some(l), Some(u)) = (lb.get_mut(*p), ub.get_mut(*p)) {
                *l = (*l).max(*lo);
                *u = (*u).min(*hi);
            }
        }
        let mut val: Vec<i128> = if up { lb.clone() } else { ub.clone() };
        for p in 1..n {
            let Some(v) = val.get(p).copied() else { continue };
            match self.next_valid(p, v, up) {
                Some(x) => {
                    if let Some(s) = val.get_mut(p) {
                        *s = x;
                    }
                }
                None => return Ok(None),
            }
        }
        let mut steps = 0usize;
        loop {
            let mut changed = false;
            for (from, to, w) in &pair_edges {
                // to ≤ from + w
                let (Some(vf), Some(vt)) = (val.get(*from).copied(), val.get(*to).copied()) else { continue };
                let (point, target) = if up {
                    // raise `from` to at least to − w
                    let t = vt.saturating_sub(*w);
                    if vf >= t {
                        continue;
                    }
                    (*from, t)
                } else {
                    // lower `to` to at most from + w
                    let t = vf.saturating_add(*w);
                    if vt <= t {
                        continue;
                    }
                    (*to, t)
                };
                let Some(x) = self.next_valid(point, target, up) else { return Ok(None) };
                if let Some(s) = val.get_mut(point) {
                    *s = x;
                }
                changed = true;
                steps += 1;
                if steps > STEP_LIMIT {
                    return Err("dates constrained both by month-day ranges and by each other beyond the step limit"
                        .to_string());
                }
            }
            let out_of_bounds = (1..n).any(|p| {
                let (Some(v), Some(l), Some(u)) = (val.get(p), lb.get(p), ub.get(p)) else { return true };
                v < l || v > u
            });
            if out_of_bounds {
                return Ok(None);
            }
            if !changed {
                return Ok(Some(val));
            }
        }
    }

    fn feasible(&self, extra: &[(usize, i128, i128)]) -> Feasible {
        if extra.is_empty() {
            match self.negative_cycle() {
                Err(e) => return Feasible::Unknown(e),
                Ok(Some(cycle)) => return Feasible::No(cycle),
                Ok(None) => {}
            }
            if !self.has_preds() {
                return Feasible::Yes;
            }
        }
        match self.extreme(true, extra) {
            Err(e) => Feasible::Unknown(e),
            Ok(Some(_)) => Feasible::Yes,
            Ok(None) => Feasible::No(self.edges.iter().filter_map(|e| e.3).collect()),
        }
    }
}

/// Is this assignment of one sort's atoms satisfiable? `vars` describes every variable by index.
pub fn check(sort: Sort, vars: &[NumVar], lits: &[Lit]) -> Outcome {
    let sys = match System::build(sort, vars, lits) {
        Ok(s) => s,
        Err(e) => return Outcome::Unknown(e),
    };
    match sys.feasible(&[]) {
        Feasible::Unknown(e) => Outcome::Unknown(e),
        Feasible::No(core) => {
            // start from the negative cycle when there is one (it is contradictory on its own)
            let sub: Vec<Lit> = lits.iter().filter(|l| core.contains(&l.id)).copied().collect();
            let start = if !sub.is_empty() && infeasible(sort, vars, &sub) { sub } else { lits.to_vec() };
            Outcome::Conflict(minimise(sort, vars, &start))
        }
        Feasible::Yes => model(&sys, sort, vars),
    }
}

fn infeasible(sort: Sort, vars: &[NumVar], lits: &[Lit]) -> bool {
    match System::build(sort, vars, lits) {
        Ok(sys) => matches!(sys.feasible(&[]), Feasible::No(_)),
        Err(_) => false,
    }
}

/// Drop literals one at a time while the rest stays contradictory.
fn minimise(sort: Sort, vars: &[NumVar], lits: &[Lit]) -> Vec<usize> {
    let mut keep: Vec<Lit> = lits.to_vec();
    let mut i = 0;
    while i < keep.len() {
        let mut trial = keep.clone();
        trial.remove(i);
        if infeasible(sort, vars, &trial) {
            keep = trial;
        } else {
            i += 1;
        }
    }
    keep.iter().map(|l| l.id).collect()
}

/// A concrete solution close to each variable's preferred value: pin variables one by one to the preferred
/// value, or else to the nearest value above (least solution) or below (greatest solution) it.
fn model(sys: &System, sort: Sort, vars: &[NumVar]) -> Outcome {
    let mut pins: Vec<(usize, i128, i128)> = Vec::new();
    for (k, v) in sys.vars.iter().enumerate() {
        let point = k + 1;
        let Some(info) = vars.get(*v) else { continue };
        let Some(pref) = to_int(&info.pref, sys.scale_digits) else {
            return Outcome::Unknown("a preferred value does not fit".into());
        };
        let mut trial = pins.clone();
        trial.push((point, pref, pref));
        match sys.feasible(&trial) {
            Feasible::Yes => {
                pins = trial;
                continue;
            }
            Feasible::Unknown(e) => return Outcome::Unknown(e),
            Feasible::No(_) => {}
        }
        let inf = i128::MAX / 4;
        let mut chosen = None;
        for up in [true, false] {
            let mut trial = pins.clone();
            trial.push(if up { (point, pref, inf) } else { (point, -inf, pref) });
            match sys.extreme(up, &trial) {
                Err(e) => return Outcome::Unknown(e),
                Ok(Some(sol)) => {
                    chosen = sol.get(point).copied();
                    break;
                }
                Ok(None) => {}
            }
        }
        match chosen {
            Some(x) => pins.push((point, x, x)),
            None => return Outcome::Unknown("no value found for a variable of a satisfiable system".into()),
        }
    }
    let mut out = HashMap::new();
    for (point, x, _) in pins {
        let Some(v) = point.checked_sub(1).and_then(|k| sys.vars.get(k)) else { continue };
        let num = match sort {
            Sort::Dec => match Decimal::try_from_i128_with_scale(x, sys.scale_digits) {
                Ok(d) => Num::D(d.normalize()),
                Err(_) => return Outcome::Unknown("a decimal value does not fit".into()),
            },
            _ => Num::I(x / sys.scale),
        };
        out.insert(*v, num);
    }
    Outcome::Sat(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jz_check::types::parse_date;

    fn day(s: &str) -> i128 {
        i128::from(parse_date(s).unwrap())
    }

    fn date_var() -> NumVar {
        NumVar {
            sort: Sort::Day,
            lo: Some(Num::I(day("0000-01-01"))),
            hi: Some(Num::I(day("9999-12-31"))),
            pref: Num::I(day("2026-01-15")),
        }
    }

    fn le(x: Pt, y: Pt, c: i128, value: bool, id: usize) -> Lit {
        Lit { atom: Atom::Diff(Diff { x, y, c: Num::I(c), strict: false }), value, id }
    }

    fn md(v: usize, from: (u8, u8), to: (u8, u8), value: bool, id: usize) -> Lit {
        Lit { atom: Atom::Md(MonthDay { v, neg: false, off: 0, from, to }), value, id }
    }

    #[test]
    fn difference_cycle_is_a_conflict() {
        let vars = vec![date_var(), date_var()];
        // x − y ≤ −1 and y − x ≤ 0
        let lits = [le(Pt::V(0), Pt::V(1), -1, true, 7), le(Pt::V(1), Pt::V(0), 0, true, 8)];
        assert_eq!(check(Sort::Day, &vars, &lits), Outcome::Conflict(vec![7, 8]));
    }

    #[test]
    fn model_prefers_the_preferred_value() {
        let vars = vec![date_var()];
        let lits = [md(0, (10, 1), (3, 31), true, 0)];
        let Outcome::Sat(m) = check(Sort::Day, &vars, &lits) else { panic!() };
        assert_eq!(m.get(&0), Some(&Num::I(day("2026-01-15"))));
        let lits = [md(0, (5, 1), (9, 30), true, 0)];
        let Outcome::Sat(m) = check(Sort::Day, &vars, &lits) else { panic!() };
        assert_eq!(m.get(&0), Some(&Num::I(day("2026-05-01"))));
    }

    #[test]
    fn month_days_interact_with_differences() {
        let vars = vec![date_var(), date_var()];
        // y = x + 1, x on 02-28, y on 02-29: x must be 02-28 of a leap year
        let lits = [
            le(Pt::V(1), Pt::V(0), 1, true, 0),
            le(Pt::V(0), Pt::V(1), -1, true, 1),
            md(0, (2, 28), (2, 28), true, 2),
            md(1, (2, 29), (2, 29), true, 3),
        ];
        let Outcome::Sat(m) = check(Sort::Day, &vars, &lits) else { panic!() };
        assert_eq!(m.get(&0), Some(&Num::I(day("2028-02-28"))));
        // y = x + 1, x on 01-05, y on 03-03: impossible
        let lits = [
            le(Pt::V(1), Pt::V(0), 1, true, 0),
            le(Pt::V(0), Pt::V(1), -1, true, 1),
            md(0, (1, 5), (1, 5), true, 2),
            md(1, (3, 3), (3, 3), true, 3),
        ];
        let Outcome::Conflict(c) = check(Sort::Day, &vars, &lits) else { panic!() };
        assert_eq!(c.len(), 4);
        // a short window between constants that misses the month-days
        let lits = [
            le(Pt::V(0), Pt::Zero, day("2026-01-10"), true, 0),
            le(Pt::Zero, Pt::V(0), -day("2026-01-01"), true, 1),
            md(0, (3, 1), (3, 31), true, 2),
        ];
        assert!(matches!(check(Sort::Day, &vars, &lits), Outcome::Conflict(_)));
    }

    #[test]
    fn decimals_are_dense() {
        let v = NumVar { sort: Sort::Dec, lo: None, hi: None, pref: Num::D(Decimal::ZERO) };
        let vars = vec![v.clone(), v];
        let d = |s: &str| Num::D(s.parse::<Decimal>().unwrap());
        // 1 < x < 1.1, x < y < 1.1
        let lits = [
            Lit { atom: Atom::Diff(Diff { x: Pt::Zero, y: Pt::V(0), c: d("-1"), strict: true }), value: true, id: 0 },
            Lit { atom: Atom::Diff(Diff { x: Pt::V(0), y: Pt::Zero, c: d("1.1"), strict: true }), value: true, id: 1 },
            Lit { atom: Atom::Diff(Diff { x: Pt::V(0), y: Pt::V(1), c: d("0"), strict: true }), value: true, id: 2 },
            Lit { atom: Atom::Diff(Diff { x: Pt::V(1), y: Pt::Zero, c: d("1.1"), strict: true }), value: true, id: 3 },
        ];
        let Outcome::Sat(m) = check(Sort::Dec, &vars, &lits) else { panic!() };
        let (Some(Num::D(x)), Some(Num::D(y))) = (m.get(&0), m.get(&1)) else { panic!() };
        assert!(Decimal::ONE < *x && *x < *y && *y < d_("1.1"), "{x} {y}");
        // x < 1 and not (x < 1): conflict
        let lits = [
            Lit { atom: Atom::Diff(Diff { x: Pt::V(0), y: Pt::Zero, c: d("1"), strict: true }), value: true, id: 0 },
            Lit { atom: Atom::Diff(Diff { x: Pt::V(0), y: Pt::Zero, c: d("1"), strict: false }), value: false, id: 1 },
        ];
        assert_eq!(check(Sort::Dec, &vars, &lits), Outcome::Conflict(vec![0, 1]));
    }

    fn d_(s: &str) -> Decimal {
        s.parse().unwrap()
    }
}
