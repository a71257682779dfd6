//! `jz report`: what an analyst puts in front of the bureau chief. The counts are gathered in the same
//! streaming pass as `jz run` ([`collect::Collector`] is a `jz_engine::pipeline::Observer`), resolved into a
//! [`model::Report`], and rendered by [`html::render`] into one self-contained HTML file: inline SVG charts
//! ([`svg`]), every table downloadable as CSV and XLSX ([`xlsx`]), no script, nothing remote.

pub mod collect;
pub mod html;
pub mod industry;
pub mod model;
pub mod svg;
pub mod xlsx;

pub use collect::{Acc, Collector, Meta, Other, Spec};
pub use html::render;
pub use model::Report;
