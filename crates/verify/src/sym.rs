//! Symbolic values: what an expression evaluates to, as formulas over the record, scenario and open parameters.

use crate::theory::{Num, Sort};
use jz_syntax::Span;
use rust_decimal::Decimal;
use std::sync::Arc;

pub use crate::logic::F;

/// Why something is outside the exactly decided fragment (shown with "unknown").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reason {
    pub message: String,
    pub span: Span,
}

pub type ReasonId = usize;

/// A linear term `Σ coef·var + c` over one sort's theory variables.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Lin {
    pub sort: Sort,
    /// (variable, coefficient), sorted by variable, no zero coefficients.
    pub vars: Vec<(usize, i32)>,
    pub c: Num,
    /// Decimal arithmetic on a variable: exact only while no rounding happens, so comparisons over it are
    /// over-approximated (and the exact linear reading only guides the search for counterexamples).
    pub inexact: Option<ReasonId>,
}

impl Lin {
    pub fn constant(sort: Sort, c: Num) -> Lin {
        Lin { sort, vars: Vec::new(), c, inexact: None }
    }
    pub fn var(sort: Sort, v: usize) -> Lin {
        let zero = if sort == Sort::Dec { Num::D(Decimal::ZERO) } else { Num::I(0) };
        Lin { sort, vars: vec![(v, 1)], c: zero, inexact: None }
    }
    pub fn is_const(&self) -> bool {
        self.vars.is_empty()
    }

    /// `self + sign·other`; `None` when a constant overflows.
    pub fn add(&self, other: &Lin, sign: i32) -> Option<Lin> {
        let mut vars = self.vars.clone();
        for (v, k) in &other.vars {
            match vars.iter_mut().find(|(w, _)| w == v) {
                Some(slot) => slot.1 += k * sign,
                None => vars.push((*v, k * sign)),
            }
        }
        vars.retain(|(_, k)| *k != 0);
        vars.sort_unstable();
        let c = num_add(self.c, other.c, sign)?;
        Some(Lin { sort: self.sort, vars, c, inexact: self.inexact.or(other.inexact) })
    }

    pub fn neg(&self) -> Option<Lin> {
        let c = num_add(zero_of(self.c), self.c, -1)?;
        Some(Lin { sort: self.sort, vars: self.vars.iter().map(|(v, k)| (*v, -k)).collect(), c, inexact: self.inexact })
    }
}

pub fn zero_of(n: Num) -> Num {
    match n {
        Num::I(_) => Num::I(0),
        Num::D(_) => Num::D(Decimal::ZERO),
    }
}

pub fn num_add(a: Num, b: Num, sign: i32) -> Option<Num> {
    match (a, b) {
        (Num::I(x), Num::I(y)) => {
            if sign >= 0 {
                x.checked_add(y).map(Num::I)
            } else {
                x.checked_sub(y).map(Num::I)
            }
        }
        (Num::D(x), Num::D(y)) => {
            if sign >= 0 {
                x.checked_add(y).map(Num::D)
            } else {
                x.checked_sub(y).map(Num::D)
            }
        }
        _ => None,
    }
}

/// A numeric value: a linear term, or something the verifier does not model.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Term {
    Lin(Lin),
    Opaque(ReasonId),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TText {
    Lit(Arc<str>),
    Var(usize),
    Opaque(ReasonId),
}

/// A symbolic value of one type. Guarded lists have disjoint guards; where none holds the value is undefined
/// (never used: every use is under the condition that produced it).
#[derive(Clone, Debug)]
pub enum Sym {
    Bool(F),
    /// One formula per variant, exactly one true.
    Enum(Vec<F>),
    /// One formula per variant: is it a member.
    Set(Vec<F>),
    Num(Vec<(F, Term)>),
    Text(Vec<(F, TText)>),
}

impl Sym {
    pub fn as_bool(&self) -> F {
        match self {
            Sym::Bool(f) => *f,
            _ => F::FALSE,
        }
    }
}

/// An evaluated expression: when it raises an error (conflict, overflow, division by zero), and its value
/// otherwise.
#[derive(Clone, Debug)]
pub struct Ev {
    pub err: F,
    pub val: Sym,
}
