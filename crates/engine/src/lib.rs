//! The batch side of jingzhun, shared by `jz run`, `jz diff`, the REPL and future back ends:
//! [`evaluate::evaluate`] (decisions over a loaded batch), [`pipeline::run`] (a whole file: block-parallel
//! parsing, evaluation and ordered output with exact accounting), [`output`] (files written beside their
//! target and renamed only on success) and [`transitions`] (what-if and diff tables).

pub mod evaluate;
pub mod output;
pub mod pipeline;
pub mod transitions;

pub use evaluate::{evaluate, interpret, record_guarantees, split_rows};
