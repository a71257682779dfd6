//! Front end, second half: load a program (the entry file and everything it `引用`s), resolve names and
//! check types, producing the typed IR ([`ir::Program`]) — the only thing the back ends (interpreter, JIT,
//! verifier) share.

mod check;
mod depth;
mod error;
pub mod ir;
mod load;
mod scope;
mod shadow;
pub mod types;

pub use check::Checked;
pub use depth::MAX_EVAL_DEPTH;
pub use error::CheckError;
pub use load::{load_and_check, load_text, MAX_FILE_BYTES};
pub use scope::Scope;
pub use types::{civil_from_days, days_from_civil, Type, Unit, Value};
