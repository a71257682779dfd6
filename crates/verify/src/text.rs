//! The text theory: a text value is only ever compared for equality with literals or other text values and
//! tested for literal prefixes, so it is abstracted by those atoms. An assignment of the atoms is satisfiable iff,
//! in every class of values said to be equal, (a) at most one literal is chosen and it agrees with every prefix
//! atom, or (b) no literal is chosen, the true prefixes form a chain and no false prefix is a prefix of the
//! longest true one — then a string exists (the alphabet is unbounded) — and no two values said to differ are
//! forced to the same literal or put in the same class. [`check`] decides this and builds the strings.

use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TextAtom {
    /// The variable equals the literal.
    Eq(usize, Arc<str>),
    /// The variable starts with the literal.
    Prefix(usize, Arc<str>),
    /// Two variables are equal.
    VarEq(usize, usize),
}

#[derive(Clone, Debug)]
pub struct TextLit {
    pub atom: TextAtom,
    pub value: bool,
    pub id: usize,
}

#[derive(Debug, PartialEq)]
pub enum Outcome {
    Sat(HashMap<usize, String>),
    Conflict(Vec<usize>),
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while let Some(&p) = parent.get(r) {
        if p == r {
            break;
        }
        r = p;
    }
    // path compression
    let mut y = x;
    while let Some(&p) = parent.get(y) {
        if p == r {
            break;
        }
        if let Some(s) = parent.get_mut(y) {
            *s = r;
        }
        y = p;
    }
    r
}

#[derive(Default, Clone)]
struct Class {
    eq: Vec<Arc<str>>,
    not_eq: Vec<Arc<str>>,
    pre: Vec<Arc<str>>,
    not_pre: Vec<Arc<str>>,
}

impl Class {
    fn consistent(&self) -> bool {
        if let Some(first) = self.eq.first() {
            return self.eq.iter().all(|l| l == first)
                && !self.not_eq.contains(first)
                && self.pre.iter().all(|p| first.starts_with(&**p))
                && !self.not_pre.iter().any(|p| first.starts_with(&**p));
        }
        let longest = self.pre.iter().max_by_key(|p| p.len()).cloned().unwrap_or_else(|| Arc::from(""));
        self.pre.iter().all(|p| longest.starts_with(&**p)) && !self.not_pre.iter().any(|p| longest.starts_with(&**p))
    }

    fn accepts(&self, s: &str) -> bool {
        self.eq.iter().all(|l| &**l == s)
            && !self.not_eq.iter().any(|l| &**l == s)
            && self.pre.iter().all(|p| s.starts_with(&**p))
            && !self.not_pre.iter().any(|p| s.starts_with(&**p))
    }
}

/// Classes of variables said equal, each with its constraints.
fn classes(nvars: usize, lits: &[TextLit]) -> (Vec<usize>, HashMap<usize, Class>) {
    let mut parent: Vec<usize> = (0..nvars).collect();
    for l in lits {
        if let (TextAtom::VarEq(a, b), true) = (&l.atom, l.value) {
            let (ra, rb) = (find(&mut parent, *a), find(&mut parent, *b));
            if let Some(p) = parent.get_mut(ra) {
                *p = rb;
            }
        }
    }
    let mut cls: HashMap<usize, Class> = HashMap::new();
    for l in lits {
        let (v, s) = match &l.atom {
            TextAtom::Eq(v, s) | TextAtom::Prefix(v, s) => (*v, s.clone()),
            TextAtom::VarEq(..) => continue,
        };
        let r = find(&mut parent, v);
        let c = cls.entry(r).or_default();
        match (&l.atom, l.value) {
            (TextAtom::Eq(..), true) => c.eq.push(s),
            (TextAtom::Eq(..), false) => c.not_eq.push(s),
            (TextAtom::Prefix(..), true) => c.pre.push(s),
            (TextAtom::Prefix(..), false) => c.not_pre.push(s),
            _ => {}
        }
    }
    let roots: Vec<usize> = (0..nvars).map(|v| find(&mut parent, v)).collect();
    (roots, cls)
}

fn consistent(nvars: usize, lits: &[TextLit]) -> bool {
    let (roots, cls) = classes(nvars, lits);
    if !cls.values().all(Class::consistent) {
        return false;
    }
    for l in lits {
        if let (TextAtom::VarEq(a, b), false) = (&l.atom, l.value) {
            let (Some(ra), Some(rb)) = (roots.get(*a), roots.get(*b)) else { continue };
            if ra == rb {
                return false;
            }
            let fixed = |r: &usize| cls.get(r).and_then(|c| c.eq.first().cloned());
            if let (Some(x), Some(y)) = (fixed(ra), fixed(rb)) {
                if x == y {
                    return false;
                }
            }
        }
    }
    true
}

/// Decide an assignment of text atoms over variables `0..nvars`; `shape[v]` lists the literals and prefixes
/// the program compares variable `v` with (to build strings of the same shape) and `pref[v]` a preferred value.
pub fn check(nvars: usize, lits: &[TextLit], shape: &[Vec<Arc<str>>], pref: &[Option<String>]) -> Outcome {
    if !consistent(nvars, lits) {
        let mut keep: Vec<TextLit> = lits.to_vec();
        let mut i = 0;
        while i < keep.len() {
            let mut trial = keep.clone();
            trial.remove(i);
            if consistent(nvars, &trial) {
                i += 1;
            } else {
                keep = trial;
            }
        }
        return Outcome::Conflict(keep.iter().map(|l| l.id).collect());
    }
    let (roots, cls) = classes(nvars, lits);
    let differs: Vec<(usize, usize)> = lits
        .iter()
        .filter_map(|l| match (&l.atom, l.value) {
            (TextAtom::VarEq(a, b), false) => Some((*a, *b)),
            _ => None,
        })
        .collect();
    let mut by_root: HashMap<usize, String> = HashMap::new();
    let mut out = HashMap::new();
    // classes fixed to a literal first: a free class said to differ from one must avoid its literal, and the
    // literal cannot move out of the way of a string chosen earlier
    let mut order: Vec<usize> = (0..nvars).collect();
    order.sort_by_key(|v| roots.get(*v).and_then(|r| cls.get(r)).is_none_or(|c| c.eq.is_empty()));
    for v in order {
        let Some(&r) = roots.get(v) else { continue };
        if let Some(s) = by_root.get(&r) {
            out.insert(v, s.clone());
            continue;
        }
        let class = cls.get(&r).cloned().unwrap_or_default();
        // strings already chosen for classes this one must differ from
        let avoid: Vec<String> = differs
            .iter()
            .filter_map(|(a, b)| {
                let (ra, rb) = (roots.get(*a)?, roots.get(*b)?);
                if *ra == r {
                    by_root.get(rb).cloned()
                } else if *rb == r {
                    by_root.get(ra).cloned()
                } else {
                    None
                }
            })
            .collect();
        let ok = |s: &str| class.accepts(s) && !avoid.iter().any(|a| a == s);
        let members: Vec<usize> = (0..nvars).filter(|u| roots.get(*u) == Some(&r)).collect();
        let mut shape_lits: Vec<Arc<str>> =
            members.iter().flat_map(|u| shape.get(*u).cloned().unwrap_or_default()).collect();
        shape_lits.sort();
        shape_lits.dedup();
        let preferred = members.iter().find_map(|u| pref.get(*u).cloned().flatten());
        let s = build(&class, &shape_lits, preferred.as_deref(), &ok);
        by_root.insert(r, s.clone());
        out.insert(v, s);
    }
    Outcome::Sat(out)
}

fn build(class: &Class, shape: &[Arc<str>], preferred: Option<&str>, ok: &dyn Fn(&str) -> bool) -> String {
    if let Some(l) = class.eq.first() {
        return l.to_string();
    }
    if let Some(p) = preferred {
        if ok(p) {
            return p.to_string();
        }
    }
    let base: String = class.pre.iter().max_by_key(|p| p.len()).map(|p| p.to_string()).unwrap_or_default();
    // codes compared with digit literals get digits: "2521" → "2521", a code outside every prefix → "0000"
    let digits = !shape.is_empty() && shape.iter().all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
    if digits && base.bytes().all(|b| b.is_ascii_digit()) {
        let len = shape.iter().map(|s| s.len()).max().unwrap_or(4).max(4).max(base.len());
        for len in len..len + 3 {
            let free = len - base.len();
            if free == 0 {
                if ok(&base) {
                    return base;
                }
                continue;
            }
            let limit: u64 = 10u64.saturating_pow(free.min(6) as u32);
            for n in 0..limit {
                let s = format!("{base}{n:0free$}");
                if ok(&s) {
                    return s;
                }
            }
        }
    }
    for n in 0..10_000u32 {
        let s = if n == 0 && !base.is_empty() { base.clone() } else { format!("{base}反例{n}") };
        if ok(&s) {
            return s;
        }
    }
    format!("{base}反例")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(atom: TextAtom, value: bool, id: usize) -> TextLit {
        TextLit { atom, value, id }
    }
    fn a(s: &str) -> Arc<str> {
        Arc::from(s)
    }

    #[test]
    fn prefixes_must_form_a_chain() {
        let lits = [lit(TextAtom::Prefix(0, a("31")), true, 0), lit(TextAtom::Prefix(0, a("2521")), true, 1)];
        assert_eq!(check(1, &lits, &[], &[]), Outcome::Conflict(vec![0, 1]));
        let lits = [lit(TextAtom::Prefix(0, a("25")), false, 0), lit(TextAtom::Prefix(0, a("2521")), true, 1)];
        assert_eq!(check(1, &lits, &[], &[]), Outcome::Conflict(vec![0, 1]));
    }

    #[test]
    fn strings_take_the_shape_of_the_codes() {
        let shape = vec![vec![a("31"), a("2521"), a("3391")]];
        let lits = [
            lit(TextAtom::Prefix(0, a("3391")), true, 0),
            lit(TextAtom::Prefix(0, a("31")), false, 1),
            lit(TextAtom::Eq(0, a("3391")), false, 2),
        ];
        let Outcome::Sat(m) = check(1, &lits, &shape, &[None]) else { panic!() };
        assert_eq!(m.get(&0).map(String::as_str), Some("33910"));
        let lits = [lit(TextAtom::Prefix(0, a("0")), false, 1), lit(TextAtom::Prefix(0, a("31")), false, 1)];
        let Outcome::Sat(m) = check(1, &lits, &shape, &[None]) else { panic!() };
        assert_eq!(m.get(&0).map(String::as_str), Some("1000"));
    }

    #[test]
    fn equal_and_different_variables() {
        let lits = [lit(TextAtom::VarEq(0, 1), true, 0), lit(TextAtom::VarEq(0, 1), false, 1)];
        assert!(matches!(check(2, &lits, &[], &[]), Outcome::Conflict(_)));
        let lits = [
            lit(TextAtom::VarEq(0, 1), false, 0),
            lit(TextAtom::Prefix(0, a("x")), true, 1),
            lit(TextAtom::Prefix(1, a("x")), true, 2),
        ];
        let Outcome::Sat(m) = check(2, &lits, &[], &[None, None]) else { panic!() };
        assert_ne!(m.get(&0), m.get(&1));
        // a free variable built before one fixed to a literal must not take that literal
        let lits = [
            lit(TextAtom::VarEq(0, 1), false, 0),
            lit(TextAtom::Prefix(0, a("ab")), true, 1),
            lit(TextAtom::Eq(1, a("ab")), true, 2),
        ];
        let Outcome::Sat(m) = check(2, &lits, &[], &[None, None]) else { panic!() };
        assert_eq!(m.get(&1).map(String::as_str), Some("ab"));
        assert_ne!(m.get(&0), m.get(&1));
        let lits = [
            lit(TextAtom::VarEq(0, 1), false, 0),
            lit(TextAtom::Eq(0, a("a")), true, 1),
            lit(TextAtom::Eq(1, a("a")), true, 2),
        ];
        assert!(matches!(check(2, &lits, &[], &[]), Outcome::Conflict(_)));
    }
}
