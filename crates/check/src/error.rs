//! Every error and warning the loader and checker report. Each variant is one kind of drafting mistake with a
//! stable code; [`CheckError::into_diagnostic`] turns it into the short message + span + help the drafter sees.

use jz_i18n::t;
use jz_syntax::{Diagnostic, Span};

#[derive(Clone, Debug, PartialEq)]
pub enum CheckError {
    FileNotFound {
        path: String,
        reason: String,
        span: Span,
    },
    MissingHeader {
        span: Span,
    },
    RefinesUnknown {
        name: String,
        span: Span,
    },
    Duplicate {
        kind: &'static str,
        name: String,
        span: Span,
        first: Span,
    },
    UnknownName {
        name: String,
        suggestion: Option<String>,
        span: Span,
        hint: Option<String>,
    },
    UnknownType {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    UnknownRecord {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    UnknownField {
        record: String,
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    UnknownVariant {
        enum_name: String,
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    UnknownDecision {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    UnknownFunction {
        name: String,
        span: Span,
    },
    AmbiguousVariant {
        name: String,
        enums: Vec<String>,
        span: Span,
    },
    CannotInfer {
        what: &'static str,
        span: Span,
    },
    TypeMismatch {
        expected: String,
        found: String,
        span: Span,
    },
    UnitMismatch {
        left: String,
        right: String,
        span: Span,
    },
    /// A product or quotient of quantities whose unit has a power beyond `MAX_UNIT_POWER`.
    UnitPower {
        left: String,
        right: String,
        span: Span,
    },
    BadOperands {
        op: String,
        left: String,
        right: String,
        span: Span,
    },
    NotOrdered {
        ty: String,
        span: Span,
    },
    NonExhaustive {
        missing: Vec<String>,
        span: Span,
    },
    UnreachableArm {
        variant: String,
        span: Span,
    },
    UncheckedOptional {
        field: String,
        span: Span,
    },
    NotOptional {
        field: String,
        span: Span,
    },
    Cycle {
        path: Vec<String>,
        span: Span,
    },
    NoRecordContext {
        what: &'static str,
        span: Span,
    },
    UnknownLabel {
        label: String,
        decision: String,
        suggestion: Option<String>,
        span: Span,
    },
    ExceptionCycle {
        label: String,
        span: Span,
    },
    MissingFields {
        record: String,
        fields: Vec<String>,
        span: Span,
    },
    NotConstant {
        span: Span,
    },
    ParamNotOpen {
        name: String,
        span: Span,
        declared: Span,
    },
    ParamOutOfBounds {
        name: String,
        value: String,
        lo: String,
        hi: String,
        span: Span,
    },
    ParamSetTwice {
        name: String,
        span: Span,
        first: Span,
    },
    /// `what` is `integer`, `decimal`, `date` or `day count`; the help says what such a literal may be.
    BadLiteral {
        what: &'static str,
        text: String,
        span: Span,
    },
    BadUnit {
        text: String,
        span: Span,
    },
    SetTooLarge {
        enum_name: String,
        span: Span,
    },
    BadKey {
        record: String,
        key: String,
        span: Span,
    },
    Arity {
        func: String,
        expected: &'static str,
        found: usize,
        span: Span,
    },
    MissingCitation {
        what: &'static str,
        span: Span,
    },
    /// A policy path names something that is not a regular file (a device, a pipe, a directory).
    NotAFile {
        path: String,
        kind: &'static str,
        span: Span,
    },
    FileTooLarge {
        path: String,
        size: u64,
        limit: u64,
        span: Span,
    },
    /// `span` covers the first invalid byte in the (lossily decoded) file; `used` is the `引用` naming it.
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
        byte: u8,
        encoding: Option<&'static str>,
        span: Span,
        used: Option<Span>,
    },
    RefinesCycle {
        path: Vec<String>,
        span: Span,
    },
    /// Evaluation would nest deeper than the limit through chains of definitions and decisions.
    ParentOutsideGuarantee {
        span: Span,
    },
    /// `决定[情景值 = 常量]` outside a guarantee.
    ViewOutsideGuarantee {
        span: Span,
    },
    /// `X[…]` where X is not a decision of the record.
    ViewOfNonDecision {
        name: String,
        span: Span,
    },
    /// A name inside `[…]` that is not a scenario value.
    ViewOfNonScenario {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    TooDeep {
        name: String,
        depth: usize,
        limit: usize,
        span: Span,
    },
}

fn did_you_mean(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| t!("did-you-mean", name = s))
}

/// A noun the checker names things by (`decision`, `scenario value`, …) in the current language.
pub fn noun(kind: &str) -> String {
    t!(&format!("noun-{}", kind.replace(' ', "-")))
}

/// Names joined as a list in the current language.
fn list(items: &[String]) -> String {
    items.join(&t!("list-sep"))
}

impl CheckError {
    pub fn into_diagnostic(self) -> Diagnostic {
        use CheckError::*;
        match self {
            FileNotFound { path, reason, span } => Diagnostic::error("E0101", t!("E0101", path = path), span)
                .with_label(reason)
                .with_help(t!("E0101.help")),
            MissingHeader { span } => {
                Diagnostic::error("E0102", t!("E0102"), span).with_label(t!("E0102.label")).with_help(t!("E0102.help"))
            }
            RefinesUnknown { name, span } => Diagnostic::error("E0103", t!("E0103", name = name), span)
                .with_label(t!("E0103.label"))
                .with_help(t!("E0103.help", name = name)),
            Duplicate { kind, name, span, first } => {
                Diagnostic::error("E0201", t!("E0201", kind = noun(kind), name = name), span)
                    .with_label(t!("E0201.label"))
                    .with_secondary(first, t!("E0201.first"))
                    .with_help(t!("E0201.help"))
            }
            UnknownName { name, suggestion, span, hint } => {
                let d = Diagnostic::error("E0202", t!("E0202", name = name), span).with_label(t!("E0202.label"));
                match (did_you_mean(&suggestion), hint) {
                    (_, Some(h)) => d.with_help(h),
                    (Some(s), None) => d.with_help(s),
                    (None, None) => d.with_help(t!("E0202.help")),
                }
            }
            UnknownType { name, suggestion, span } => Diagnostic::error("E0203", t!("E0203", name = name), span)
                .with_label(t!("E0203.label"))
                .with_help(did_you_mean(&suggestion).unwrap_or_else(|| t!("E0203.help"))),
            UnknownRecord { name, suggestion, span } => Diagnostic::error("E0204", t!("E0204", name = name), span)
                .with_label(t!("E0204.label"))
                .with_help(did_you_mean(&suggestion).unwrap_or_else(|| t!("E0204.help"))),
            UnknownField { record, name, suggestion, span } => {
                Diagnostic::error("E0205", t!("E0205", record = record, name = name), span)
                    .with_label(t!("E0205.label"))
                    .with_help(did_you_mean(&suggestion).unwrap_or_else(|| t!("E0205.help", record = record)))
            }
            UnknownVariant { enum_name, name, suggestion, span } => {
                Diagnostic::error("E0206", t!("E0206", name = name, enum = enum_name), span)
                    .with_label(t!("E0206.label"))
                    .with_help(did_you_mean(&suggestion).unwrap_or_else(|| t!("E0206.help", enum = enum_name)))
            }
            UnknownDecision { name, suggestion, span } => Diagnostic::error("E0207", t!("E0207", name = name), span)
                .with_label(t!("E0207.label"))
                .with_help(did_you_mean(&suggestion).unwrap_or_else(|| t!("E0207.help"))),
            UnknownFunction { name, span } => {
                Diagnostic::error("E0208", t!("E0208", name = name), span).with_help(t!("E0208.help"))
            }
            AmbiguousVariant { name, enums, span } => Diagnostic::error("E0209", t!("E0209", name = name), span)
                .with_label(t!("E0209.label", enums = list(&enums)))
                .with_help(t!("E0209.help", first = enums.first().cloned().unwrap_or_default(), name = name)),
            CannotInfer { what, span } => {
                Diagnostic::error("E0210", t!("E0210", what = noun(what)), span).with_help(t!("E0210.help"))
            }
            TypeMismatch { expected, found, span } => Diagnostic::error("E0301", t!("E0301"), span)
                .with_label(t!("E0301.label", expected = expected, found = found))
                .with_help(t!("E0301.help")),
            UnitMismatch { left, right, span } => Diagnostic::error("E0302", t!("E0302"), span)
                .with_label(t!("E0302.label", left = left, right = right))
                .with_help(t!("E0302.help")),
            UnitPower { left, right, span } => {
                Diagnostic::error("E0309", t!("E0309", max = crate::types::MAX_UNIT_POWER), span)
                    .with_label(t!("E0309.label", left = left, right = right))
                    .with_help(t!("E0309.help"))
            }
            BadOperands { op, left, right, span } => {
                Diagnostic::error("E0303", t!("E0303", op = op, left = left, right = right), span)
                    .with_label(t!("E0303.label"))
                    .with_help(t!("E0303.help"))
            }
            NotOrdered { ty, span } => {
                Diagnostic::error("E0304", t!("E0304", ty = ty), span).with_help(t!("E0304.help"))
            }
            NonExhaustive { missing, span } => Diagnostic::error("E0305", t!("E0305"), span)
                .with_label(t!("E0305.label", missing = list(&missing)))
                .with_help(t!("E0305.help")),
            UnreachableArm { variant, span } => Diagnostic::error("E0306", t!("E0306", variant = variant), span)
                .with_label(t!("E0306.label"))
                .with_help(t!("E0306.help")),
            UncheckedOptional { field, span } => Diagnostic::error("E0307", t!("E0307", field = field), span)
                .with_label(t!("E0307.label"))
                .with_help(t!("E0307.help", field = field)),
            NotOptional { field, span } => {
                Diagnostic::error("E0308", t!("E0308", field = field), span).with_help(t!("E0308.help"))
            }
            Cycle { path, span } => {
                Diagnostic::error("E0401", t!("E0401"), span).with_label(path.join(" → ")).with_help(t!("E0401.help"))
            }
            NoRecordContext { what, span } => {
                Diagnostic::error("E0402", t!("E0402", what = noun(what)), span).with_help(t!("E0402.help"))
            }
            UnknownLabel { label, decision, suggestion, span } => {
                Diagnostic::error("E0403", t!("E0403", decision = decision, label = label), span)
                    .with_label(t!("E0403.label"))
                    .with_help(did_you_mean(&suggestion).unwrap_or_else(|| t!("E0403.help")))
            }
            ExceptionCycle { label, span } => {
                Diagnostic::error("E0404", t!("E0404", label = label), span).with_help(t!("E0404.help"))
            }
            MissingFields { record, fields, span } => Diagnostic::error("E0405", t!("E0405", record = record), span)
                .with_label(list(&fields))
                .with_help(t!("E0405.help")),
            NotConstant { span } => Diagnostic::error("E0406", t!("E0406"), span).with_help(t!("E0406.help")),
            ParamNotOpen { name, span, declared } => Diagnostic::error("E0407", t!("E0407", name = name), span)
                .with_secondary(declared, t!("E0407.declared"))
                .with_help(t!("E0407.help")),
            ParamOutOfBounds { name, value, lo, hi, span } => {
                Diagnostic::error("E0408", t!("E0408", name = name, value = value), span)
                    .with_label(t!("E0408.label", lo = lo, hi = hi))
                    .with_help(t!("E0408.help"))
            }
            ParamSetTwice { name, span, first } => Diagnostic::error("E0409", t!("E0409", name = name), span)
                .with_secondary(first, t!("E0409.first"))
                .with_help(t!("E0409.help")),
            BadLiteral { what, text, span } => {
                Diagnostic::error("E0410", t!("E0410", text = text, what = noun(what)), span)
                    .with_help(t!(&format!("E0410.help-{}", what.replace(' ', "-"))))
            }
            BadUnit { text, span } => {
                Diagnostic::error("E0411", t!("E0411", text = text), span).with_help(t!("E0411.help"))
            }
            SetTooLarge { enum_name, span } => {
                Diagnostic::error("E0412", t!("E0412", enum = enum_name), span).with_help(t!("E0412.help"))
            }
            BadKey { record, key, span } => {
                Diagnostic::error("E0413", t!("E0413", key = key, record = record), span).with_help(t!("E0413.help"))
            }
            Arity { func, expected, found, span } => {
                let expected = if expected == "at least 1" { t!("arity-at-least-1") } else { expected.to_string() };
                Diagnostic::error("E0414", t!("E0414", func = func, expected = expected, found = found), span)
                    .with_help(t!("E0414.help"))
            }
            MissingCitation { what, span } => Diagnostic::warning("W0001", t!("W0001", what = noun(what)), span)
                .with_label(t!("W0001.label"))
                .with_help(t!("W0001.help")),
            NotAFile { path, kind, span } => Diagnostic::error("E0104", t!("E0104", path = path), span)
                .with_label(t!("E0104.label", kind = noun(kind)))
                .with_help(t!("E0104.help")),
            FileTooLarge { path, size, limit, span } => {
                Diagnostic::error("E0105", t!("E0105", path = path, size = jz_i18n::count(size)), span)
                    .with_label(t!("E0105.label", limit = jz_i18n::count(limit)))
                    .with_help(t!("E0105.help"))
            }
            NotUtf8 { path, line, column, byte, encoding, span, used } => {
                let guess = encoding.map(|e| t!("E0106.guess", encoding = e)).unwrap_or_default();
                let d = Diagnostic::error(
                    "E0106",
                    t!("E0106", path = path, byte = format!("{byte:02X}"), line = line, column = column, guess = guess),
                    span,
                )
                .with_label(t!("E0106.label"));
                let d = match used {
                    Some(u) => d.with_secondary(u, t!("E0106.used")),
                    None => d,
                };
                let from = match encoding {
                    Some(e) if e.starts_with("UTF-16") => "UTF-16",
                    Some(_) => "GBK",
                    None => "ENCODING",
                };
                d.with_help(t!("E0106.help", from = from, path = path))
            }
            RefinesCycle { path, span } => {
                Diagnostic::error("E0107", t!("E0107"), span).with_label(path.join(" → ")).with_help(t!("E0107.help"))
            }
            ParentOutsideGuarantee { span } => {
                Diagnostic::error("E0420", t!("E0420"), span).with_label(t!("E0420.label")).with_help(t!("E0420.help"))
            }
            ViewOutsideGuarantee { span } => {
                Diagnostic::error("E0421", t!("E0421"), span).with_label(t!("E0421.label")).with_help(t!("E0421.help"))
            }
            ViewOfNonDecision { name, span } => Diagnostic::error("E0422", t!("E0422", name = name), span)
                .with_label(t!("E0422.label"))
                .with_help(t!("E0422.help")),
            ViewOfNonScenario { name, suggestion, span } => {
                let help = match suggestion {
                    Some(s) => t!("E0423.help-suggest", suggestion = s),
                    None => t!("E0423.help"),
                };
                Diagnostic::error("E0423", t!("E0423", name = name), span).with_help(help)
            }
            TooDeep { name, depth, limit, span } => Diagnostic::error("E0415", t!("E0415", limit = limit), span)
                .with_label(t!("E0415.label", name = name, depth = depth))
                .with_help(t!("E0415.help")),
        }
    }
}
