//! The verifier: for every guarantee (`保障`) a program has or inherits, a proof that it holds for every possible
//! record, scenario value and open parameter value, or a counterexample the interpreter confirms; and, for the
//! entry policy's own rules, possible conflicts (with a witness), rules and exceptions that can never apply, and
//! decisions that fall to their default between two ruled values of an ordered enum.
//!
//! Pipeline: the typed IR of one record type is encoded as formulas that follow the interpreter's semantics
//! ([`encode`]); booleans, enums and sets are SAT variables, numbers, dates and texts are theory variables whose
//! atoms (difference constraints, month-day tests, text equality and prefixes) are decided exactly by
//! [`theory`] and [`text`] in a lazy SMT loop around a SAT solver ([`logic`], [`query`]). What lies outside
//! that fragment becomes a free variable: proofs stay sound, and a counterexample that depends on one is
//! reported only when the interpreter reproduces it.

pub mod cex;
pub mod encode;
pub mod logic;
pub mod query;
pub mod sym;
pub mod text;
pub mod theory;
mod verify;

pub use verify::{
    decisions_involved, verify, violates, Counterexample, DeadCause, Finding, GuaranteeResult, Options, Report, Stats,
    Verdict,
};
