//! The registry of every diagnostic code `jz` reports, with the two example programs `jz explain` shows.
//!
//! The examples live in `explain/<CODE>/wrong.jz` and `right.jz` (shared by both languages; the prose is in the
//! catalogues as `explain-<CODE>`). A file may hold several policy files, each after a line
//! `// ==> name.jz` (the first is the entry). `crates/cli/tests/explain.rs` runs every example whose [`Stage`]
//! says how through the real `jz`: the wrong one must report its code, the right one must not.

/// How an example is run to show its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// `jz check ENTRY` reports it.
    Check,
    /// `jz test ENTRY` reports it (a failing `测试`).
    Test,
    /// `jz verify ENTRY` reports it.
    Verify,
    /// `jz sql ENTRY --record R` reports it; the record type is the first `记录` of the entry.
    Sql,
    /// A REPL session over ENTRY reports it: the example's lines `// repl: …` are typed in.
    Repl,
    /// The example cannot be a small text file (a 16 MiB file, invalid UTF-8, 5,000 nested brackets, a parser
    /// bug): it is shown, abridged, but not run.
    Illustrative,
}

#[derive(Clone, Copy, Debug)]
pub struct Code {
    pub code: &'static str,
    pub stage: Stage,
    pub wrong: &'static str,
    pub right: &'static str,
}

impl Code {
    pub fn is_warning(&self) -> bool {
        self.code.starts_with('W')
    }
}

macro_rules! codes {
    ($($code:literal $stage:ident),* $(,)?) => {
        /// Every code, in order.
        pub const CODES: &[Code] = &[$(Code {
            code: $code,
            stage: Stage::$stage,
            wrong: include_str!(concat!("../explain/", $code, "/wrong.jz")),
            right: include_str!(concat!("../explain/", $code, "/right.jz")),
        }),*];
    };
}

codes! {
    "E0001" Check, "E0002" Illustrative, "E0003" Check, "E0004" Illustrative,
    "E0101" Check, "E0102" Check, "E0103" Check, "E0104" Check, "E0105" Illustrative, "E0106" Illustrative,
    "E0107" Check,
    "E0201" Check, "E0202" Check, "E0203" Check, "E0204" Check, "E0205" Check, "E0206" Check, "E0207" Check,
    "E0208" Check, "E0209" Check, "E0210" Check,
    "E0301" Check, "E0302" Check, "E0303" Check, "E0304" Check, "E0305" Check, "E0306" Check, "E0307" Check,
    "E0308" Check, "E0309" Check,
    "E0401" Check, "E0402" Check, "E0403" Check, "E0404" Check, "E0405" Check, "E0406" Check, "E0407" Check,
    "E0408" Check, "E0409" Check, "E0410" Check, "E0411" Check, "E0412" Check, "E0413" Check, "E0414" Check,
    "E0415" Illustrative, "E0420" Check, "E0421" Check, "E0422" Check, "E0423" Check,
    "W0001" Check,
    "E0500" Repl,
    "E0501" Verify, "W0502" Verify, "W0503" Verify, "W0504" Verify, "W0505" Verify, "W0506" Verify,
    "W0507" Verify, "E0510" Verify, "E0511" Verify,
    "E0601" Sql,
    "T0001" Test,
}

/// The registry entry of `code` (case-insensitive: `e0302` finds E0302).
pub fn find(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(code.trim()))
}
