//! The front of the pipeline: source text → syntax tree with spans.
//!
//! The grammar lives in `grammar/jingzhun.pest` (the single source of the syntax). This crate turns pest's
//! parse into a small typed AST ([`ast`]) and owns the [`diag`] types every later stage reports through.

pub mod ast;
pub mod diag;
pub mod limits;
mod parse;

pub use diag::{Diagnostic, Severity, SourceMap, Span};
pub use parse::{parse_expr, parse_file, parse_record_lit};
