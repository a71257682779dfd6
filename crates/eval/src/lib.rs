//! The reference interpreter: the semantics every other back end is tested against.
//!
//! A decision's value is that of its applicable rules not overridden by an applicable exception; two
//! applicable rules that disagree with no priority between them are a [`EvalError::Conflict`]; none
//! applicable gives the default. Decimal arithmetic is exact; overflow and division by zero are errors.

mod explain;
mod interp;
mod tests_runner;

pub use explain::{explain_decision, mentioned, Explanation, RuleStatus};
pub use interp::{compare, dec_op, default_scenario, in_month_days, EvalError, Frame, Interp, Outcome};
pub use tests_runner::{run_tests, TestFailure, TestResult};
