//! The arithmetic theory against brute force: random assignments of difference constraints and month-day tests
//! (with offsets and negated variables) over two or three date variables confined to a window around a leap
//! day, decided by `theory::check` and by trying every combination of dates in the window. A satisfiable verdict
//! must come with a model that satisfies every literal; a conflict must name literals that are contradictory on
//! their own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail loudly")]

use jz_check::types::parse_date;
use jz_verify::theory::{check, Atom, Diff, Lit, MonthDay, Num, NumVar, Outcome, Pt, Sort};
use proptest::prelude::*;

fn day(s: &str) -> i128 {
    i128::from(parse_date(s).unwrap())
}

const MDS: [((u8, u8), (u8, u8)); 6] = [
    ((2, 28), (2, 28)),
    ((2, 29), (2, 29)),
    ((3, 1), (3, 1)),
    ((2, 1), (2, 29)),
    ((12, 1), (1, 31)),
    ((3, 5), (3, 20)),
];

#[derive(Clone, Debug)]
enum A {
    Diff { x: Option<usize>, y: Option<usize>, c: i64 },
    Md { v: usize, neg: bool, off: i64, md: usize },
}

fn atom() -> impl Strategy<Value = (A, bool)> {
    let pt = prop_oneof![Just(None), (0usize..3).prop_map(Some)];
    let diff = (pt.clone(), pt, -40i64..40).prop_map(|(x, y, c)| A::Diff { x, y, c });
    let md =
        (0usize..3, any::<bool>(), -3i64..3, 0usize..MDS.len()).prop_map(|(v, neg, off, md)| A::Md { v, neg, off, md });
    (prop_oneof![diff, md], any::<bool>())
}

fn lits(nvars: usize, spec: &[(A, bool)], lo: i128) -> Vec<Lit> {
    spec.iter()
        .enumerate()
        .filter_map(|(id, (a, value))| {
            let atom = match a {
                A::Diff { x, y, c } => {
                    let p = |v: &Option<usize>| v.filter(|v| *v < nvars).map_or(Pt::Zero, Pt::V);
                    let (x, y) = (p(x), p(y));
                    if x == y {
                        return None;
                    }
                    // constants against zero are relative to the window start
                    let c = i128::from(*c)
                        + match (x, y) {
                            (Pt::V(_), Pt::Zero) => lo,
                            (Pt::Zero, Pt::V(_)) => -lo,
                            _ => 0,
                        };
                    Atom::Diff(Diff { x, y, c: Num::I(c), strict: false })
                }
                A::Md { v, neg, off, md } => {
                    if *v >= nvars {
                        return None;
                    }
                    let (from, to) = MDS[*md];
                    // a negated variable reads the date mirrored around zero: shift it back into the window
                    let off = i128::from(*off) + if *neg { 2 * lo + 60 } else { 0 };
                    Atom::Md(MonthDay { v: *v, neg: *neg, off, from, to })
                }
            };
            Some(Lit { atom, value: *value, id })
        })
        .collect()
}

fn holds(l: &Lit, vals: &[i128]) -> bool {
    let r = match l.atom {
        Atom::Diff(d) => {
            let at = |p: Pt| match p {
                Pt::Zero => 0,
                Pt::V(v) => vals[v],
            };
            let Num::I(c) = d.c else { panic!() };
            at(d.x) - at(d.y) <= c
        }
        // the interpreter's own month-day test on the actual date, not the theory's periodic reduction
        Atom::Md(m) => {
            let d = if m.neg { -vals[m.v] } else { vals[m.v] } + m.off;
            jz_eval::in_month_days(i32::try_from(d).unwrap(), m.from, m.to)
        }
    };
    r == l.value
}

fn brute(nvars: usize, ls: &[Lit], lo: i128, hi: i128) -> bool {
    let mut vals = vec![lo; nvars];
    loop {
        if ls.iter().all(|l| holds(l, &vals)) {
            return true;
        }
        let mut i = 0;
        loop {
            if i == nvars {
                return false;
            }
            vals[i] += 1;
            if vals[i] <= hi {
                break;
            }
            vals[i] = lo;
            i += 1;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    #[test]
    fn month_days_and_differences_agree_with_enumeration(
        nvars in 2usize..4,
        spec in proptest::collection::vec(atom(), 1..7),
    ) {
        // a window of 2028-02-10 .. 2028-03-15 (the leap day inside) for two variables, a shorter one for three
        let lo = day("2028-02-10");
        let hi = if nvars == 2 { day("2028-03-15") } else { day("2028-02-25") + 7 };
        let var = NumVar { sort: Sort::Day, lo: Some(Num::I(lo)), hi: Some(Num::I(hi)), pref: Num::I(lo + 5) };
        let vars = vec![var; nvars];
        let ls = lits(nvars, &spec, lo);
        let expected = brute(nvars, &ls, lo, hi);
        match check(Sort::Day, &vars, &ls) {
            Outcome::Sat(m) => {
                prop_assert!(expected, "theory says sat, enumeration finds nothing: {ls:?}");
                let vals: Vec<i128> = (0..nvars).map(|v| match m.get(&v) { Some(Num::I(x)) => *x, _ => lo + 5 }).collect();
                prop_assert!(vals.iter().all(|v| (lo..=hi).contains(v)), "{vals:?}");
                for l in &ls {
                    prop_assert!(holds(l, &vals), "model {vals:?} breaks {l:?}");
                }
            }
            Outcome::Conflict(ids) => {
                prop_assert!(!expected, "theory says unsat, enumeration finds a solution: {ls:?}");
                let core: Vec<Lit> = ls.iter().filter(|l| ids.contains(&l.id)).copied().collect();
                prop_assert!(!brute(nvars, &core, lo, hi), "the conflict {ids:?} is satisfiable on its own");
            }
            Outcome::Unknown(e) => prop_assert!(false, "unknown: {e}"),
        }
    }
}
