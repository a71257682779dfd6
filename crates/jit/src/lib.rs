//! The Cranelift fast path: the typed IR of one record type's decisions lowered to a single native kernel
//! that evaluates a whole columnar [`Batch`](jz_data::Batch) per call.
//!
//! # How it stays the interpreter's exact twin
//!
//! Each row loop is straight-line code (the kernel is one loop per requested decision, in dependency
//! order, then one for the guarantees): every expression a row could need is computed eagerly, with
//! branch-free selects, and each expression also carries a *slow* bit: "the interpreter would hit an error
//! here, or the fast representation cannot hold this value". Slow bits are masked the way the interpreter
//! evaluates lazily — `a 且 b` only counts `b`'s slow bit when `a` held, an `若` only its taken branch, a
//! rule's value only when the rule applies — so a row is marked slow exactly when the interpreter's own
//! evaluation order would reach a problem (conflict, overflow, division by zero, a guarantee violated, an
//! absent optional field read, a decimal with more digits than the fast path keeps). Slow rows are then
//! evaluated by the interpreter, which produces the exact values or the exact error. A row the kernel
//! reports as fast has the interpreter's values and deciding rules by construction; the property tests
//! in `tests/` hold this on generated programs.
//!
//! Representation: booleans are bytes, integers/days/dates/enums/sets are `i64` (sets as bitmasks),
//! decimals are `i64` scaled by a power of ten fixed per expression at compile time. Text never enters the
//! kernel: boolean formulas over one text field and literals (`==`, `属于`, `开头为`, with 非/且/或) are
//! computed on the host once per distinct value (cached across batches) and read as one bit of a per-row
//! mask. Subexpressions that only read the scenario and parameters are evaluated by the interpreter when
//! the engine is compiled and become constants. Anything else the kernel cannot represent calls back into
//! the interpreter for that expression (a [`Fallback`]); `jz run --verbose` lists them.

mod compile;
mod plan;
mod runtime;

pub use compile::{compile, compile_lanes, compile_with, Engine, JitError};
pub use plan::Fallback;
pub use runtime::{BatchOutcome, EngineStats};

/// Decimals read from data columns are held at this many fractional digits in the kernel; a value with
/// more digits makes its row take the interpreter.
pub const FIELD_SCALE: u32 = 6;
/// The largest decimal scale the kernel computes with (10^18 fits in an `i64`).
pub const MAX_SCALE: u32 = 18;
