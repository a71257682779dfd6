//! Every error and warning the loader and checker report. Each variant is one kind of drafting mistake with a
//! stable code; [`CheckError::into_diagnostic`] turns it into the short message + span + help the drafter sees.

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
    BadLiteral {
        what: &'static str,
        text: String,
        span: Span,
        help: &'static str,
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
    s.as_ref().map(|s| format!("did you mean `{s}`?"))
}

impl CheckError {
    pub fn into_diagnostic(self) -> Diagnostic {
        use CheckError::*;
        match self {
            FileNotFound { path, reason, span } => Diagnostic::error("E0101", format!("cannot read `{path}`"), span)
                .with_label(reason)
                .with_help("paths in `引用` are relative to the file that contains them"),
            MissingHeader { span } => {
                Diagnostic::error("E0102", "only a refinement of the declaring policy may set this parameter", span)
                    .with_label("not a refinement")
                    .with_help(
                        "start the file with `政策 名称 \"标题\" 细化 上级政策` naming the policy that declares it",
                    )
            }
            RefinesUnknown { name, span } => {
                Diagnostic::error("E0103", format!("`{name}` is not a loaded policy"), span)
                    .with_label("refined policy not found")
                    .with_help(format!("bring it in with `引用 \"path/to/file.jz\"`, whose header names `{name}`"))
            }
            Duplicate { kind, name, span, first } => {
                Diagnostic::error("E0201", format!("{kind} `{name}` is defined twice"), span)
                    .with_label("second definition")
                    .with_secondary(first, "first defined here")
                    .with_help("rename one of them, or extend the first with `补充`")
            }
            UnknownName { name, suggestion, span, hint } => {
                let d = Diagnostic::error("E0202", format!("unknown name `{name}`"), span).with_label("not found");
                match (did_you_mean(&suggestion), hint) {
                    (_, Some(h)) => d.with_help(h),
                    (Some(s), None) => d.with_help(s),
                    (None, None) => d.with_help("define it with `定义`, or check the spelling of the field"),
                }
            }
            UnknownType { name, suggestion, span } => {
                Diagnostic::error("E0203", format!("unknown type `{name}`"), span).with_label("not a type").with_help(
                    did_you_mean(&suggestion).unwrap_or_else(|| {
                        "use 布尔, 整数, 数值 [unit], 文本, 日期, 天数, 集合<枚举> or an enum name".into()
                    }),
                )
            }
            UnknownRecord { name, suggestion, span } => {
                Diagnostic::error("E0204", format!("unknown record type or sample `{name}`"), span)
                    .with_label("not found")
                    .with_help(did_you_mean(&suggestion).unwrap_or_else(|| "declare it with `记录` or `样本`".into()))
            }
            UnknownField { record, name, suggestion, span } => {
                Diagnostic::error("E0205", format!("record `{record}` has no field `{name}`"), span)
                    .with_label("unknown field")
                    .with_help(
                        did_you_mean(&suggestion)
                            .unwrap_or_else(|| format!("add it with `补充 记录 {record} {{ … }}`")),
                    )
            }
            UnknownVariant { enum_name, name, suggestion, span } => {
                Diagnostic::error("E0206", format!("`{name}` is not a variant of `{enum_name}`"), span)
                    .with_label("unknown variant")
                    .with_help(
                        did_you_mean(&suggestion).unwrap_or_else(|| format!("see `枚举 {enum_name}` for its variants")),
                    )
            }
            UnknownDecision { name, suggestion, span } => {
                Diagnostic::error("E0207", format!("unknown decision `{name}`"), span)
                    .with_label("not a decision of this record")
                    .with_help(did_you_mean(&suggestion).unwrap_or_else(|| "declare it with `判定`".into()))
            }
            UnknownFunction { name, span } => Diagnostic::error("E0208", format!("unknown function `{name}`"), span)
                .with_help("the functions are 最大/max, 最小/min and 数量/count"),
            AmbiguousVariant { name, enums, span } => {
                Diagnostic::error("E0209", format!("`{name}` is a variant of several enums"), span)
                    .with_label(format!("could be {}", enums.join(", ")))
                    .with_help(format!("qualify it, e.g. `{}.{name}`", enums.first().cloned().unwrap_or_default()))
            }
            CannotInfer { what, span } => Diagnostic::error("E0210", format!("cannot tell the type of {what}"), span)
                .with_help("compare it with a typed field or qualify the variant (`枚举.变体`)"),
            TypeMismatch { expected, found, span } => Diagnostic::error("E0301", "mismatched types", span)
                .with_label(format!("expected `{expected}`, found `{found}`"))
                .with_help("there are no implicit conversions; change the value or the declared type"),
            UnitMismatch { left, right, span } => Diagnostic::error("E0302", "units do not match", span)
                .with_label(format!("`{left}` against `{right}`"))
                .with_help(
                    "quantities can only be compared, added or subtracted in the same unit; write e.g. `35 [t/h]`",
                ),
            BadOperands { op, left, right, span } => {
                Diagnostic::error("E0303", format!("`{op}` cannot be applied to `{left}` and `{right}`"), span)
                    .with_label("unsupported operand types")
                    .with_help("see the operator table in docs/LANGUAGE.md")
            }
            NotOrdered { ty, span } => Diagnostic::error("E0304", format!("values of type `{ty}` have no order"), span)
                .with_help("use `==` / `!=`, or compare numbers, quantities, dates, day counts or enum variants"),
            NonExhaustive { missing, span } => Diagnostic::error("E0305", "match does not cover every variant", span)
                .with_label(format!("missing {}", missing.join(", ")))
                .with_help("add an arm for each missing variant, or a wildcard arm `_ => …`"),
            UnreachableArm { variant, span } => {
                Diagnostic::error("E0306", format!("variant `{variant}` is matched twice"), span)
                    .with_label("this arm is never taken")
                    .with_help("remove the repeated variant")
            }
            UncheckedOptional { field, span } => Diagnostic::error(
                "E0307",
                format!("optional field `{field}` used without checking it is present"),
                span,
            )
            .with_label("may be absent")
            .with_help(format!("write `有 {field} 且 …` or `若 有 {field} 则 … 否则 …`")),
            NotOptional { field, span } => Diagnostic::error("E0308", format!("field `{field}` is not optional"), span)
                .with_help("`有` only applies to fields declared with `?`"),
            Cycle { path, span } => Diagnostic::error("E0401", "definitions depend on each other in a cycle", span)
                .with_label(path.join(" → "))
                .with_help("break the cycle: a definition or decision cannot depend on itself"),
            NoRecordContext { what, span } => {
                Diagnostic::error("E0402", format!("this {what} is not about any record"), span)
                    .with_help("put `关于 记录名` (e.g. `关于 企业`) before it")
            }
            UnknownLabel { label, decision, suggestion, span } => {
                Diagnostic::error("E0403", format!("decision `{decision}` has no rule labelled `{label}`"), span)
                    .with_label("exception target not found")
                    .with_help(did_you_mean(&suggestion).unwrap_or_else(|| "label the rule: `规则 标签 依据 …`".into()))
            }
            ExceptionCycle { label, span } => {
                Diagnostic::error("E0404", format!("exceptions of `{label}` form a cycle"), span)
                    .with_help("an exception cannot, directly or indirectly, be an exception to itself")
            }
            MissingFields { record, fields, span } => {
                Diagnostic::error("E0405", format!("missing fields of `{record}`"), span)
                    .with_label(fields.join(", "))
                    .with_help("give every required field, or start from a `样本` and override fields")
            }
            NotConstant { span } => Diagnostic::error("E0406", "expected a constant", span)
                .with_help("parameters and scenario defaults take a literal value such as `35 [t/h]` or `橙色`"),
            ParamNotOpen { name, span, declared } => {
                Diagnostic::error("E0407", format!("parameter `{name}` is not open"), span)
                    .with_secondary(declared, "declared here without `开放`")
                    .with_help("only parameters the parent policy declares `开放` may be set")
            }
            ParamOutOfBounds { name, value, lo, hi, span } => {
                Diagnostic::error("E0408", format!("`{name}` = {value} is outside its bounds"), span)
                    .with_label(format!("allowed range is [{lo}, {hi}]"))
                    .with_help("the provincial policy fixes these bounds; choose a value inside them")
            }
            ParamSetTwice { name, span, first } => {
                Diagnostic::error("E0409", format!("parameter `{name}` is set twice"), span)
                    .with_secondary(first, "first set here")
                    .with_help("set each open parameter once")
            }
            BadLiteral { what, text, span, help } => {
                Diagnostic::error("E0410", format!("`{text}` is not a valid {what}"), span).with_help(help)
            }
            BadUnit { text, span } => Diagnostic::error("E0411", format!("cannot read unit `{text}`"), span)
                .with_help("write units like `[t/h]`, `[mg/m3]`, `[MW]`, `[%]`"),
            SetTooLarge { enum_name, span } => {
                Diagnostic::error("E0412", format!("enum `{enum_name}` has more than 64 variants"), span)
                    .with_help("sets are limited to enums of at most 64 variants")
            }
            BadKey { record, key, span } => {
                Diagnostic::error("E0413", format!("key `{key}` is not a required field of `{record}`"), span)
                    .with_help("the key must be one of the record's fields and must not be optional")
            }
            Arity { func, expected, found, span } => {
                Diagnostic::error("E0414", format!("`{func}` takes {expected} argument(s), found {found}"), span)
                    .with_help("check the call against docs/LANGUAGE.md")
            }
            MissingCitation { what, span } => Diagnostic::warning("W0001", format!("{what} has no citation"), span)
                .with_label("no `依据`")
                .with_help("cite the article it encodes: `依据 \"三（八）\"`"),
            NotAFile { path, kind, span } => {
                Diagnostic::error("E0104", format!("`{path}` is not a regular file"), span)
                    .with_label(format!("a {kind}"))
                    .with_help(
                        "a policy is read from a `.jz` text file; name the file, not a device, pipe or directory",
                    )
            }
            FileTooLarge { path, size, limit, span } => {
                Diagnostic::error("E0105", format!("`{path}` is too large to be a policy ({size} bytes)"), span)
                    .with_label(format!("more than {limit} bytes"))
                    .with_help(
                        "split the policy into files brought in with `引用`, or check that this is the right file",
                    )
            }
            NotUtf8 { path, line, column, byte, encoding, span, used } => {
                let guess = encoding.map(|e| format!("; it looks like {e}")).unwrap_or_default();
                let d = Diagnostic::error(
                    "E0106",
                    format!("`{path}` is not UTF-8 text: byte 0x{byte:02X} at line {line}, column {column}{guess}"),
                    span,
                )
                .with_label("first invalid byte");
                let d = match used {
                    Some(u) => d.with_secondary(u, "brought in here"),
                    None => d,
                };
                let from = match encoding {
                    Some(e) if e.starts_with("UTF-16") => "UTF-16",
                    Some(_) => "GBK",
                    None => "ENCODING",
                };
                d.with_help(format!(
                    "save it as UTF-8, e.g. `iconv -f {from} -t UTF-8 '{path}' > converted.jz` (policies are read as UTF-8)"
                ))
            }
            RefinesCycle { path, span } => Diagnostic::error("E0107", "policies refine each other in a cycle", span)
                .with_label(path.join(" → "))
                .with_help(
                    "a refinement (`细化`) names its parent policy; a policy cannot refine itself or its refinements",
                ),
            ParentOutsideGuarantee { span } => {
                Diagnostic::error("E0420", "`上级` can only be read in a guarantee", span)
                    .with_label("the superior policy's value")
                    .with_help("compare with the province in a `保障`: `保障 名 依据 \"…\": 措施 <= 上级.措施`")
            }
            ViewOutsideGuarantee { span } => Diagnostic::error(
                "E0421",
                "a decision under other scenario values can only be read in a guarantee",
                span,
            )
            .with_label("read under other scenario values")
            .with_help("compare two scenarios in a `保障`: `保障 名 依据 \"…\": 综合措施 == 综合措施[督察期间 = 否]`"),
            ViewOfNonDecision { name, span } => Diagnostic::error("E0422", format!("`{name}` is not a decision"), span)
                .with_label("only a decision can be read under other scenario values")
                .with_help("write `[…]` after the name of a decision of this record, or after `上级.判定`"),
            ViewOfNonScenario { name, suggestion, span } => {
                let help = match suggestion {
                    Some(s) => {
                        format!("did you mean `{s}`? only scenario values (`情景 {{ … }}`) can be fixed in `[…]`")
                    }
                    None => "only scenario values (`情景 { … }`) can be fixed in `[…]`".to_string(),
                };
                Diagnostic::error("E0423", format!("`{name}` is not a scenario value"), span).with_help(help)
            }
            TooDeep { name, depth, limit, span } => {
                Diagnostic::error("E0415", format!("nesting deeper than {limit}"), span)
                    .with_label(format!("`{name}` evaluates {depth} levels deep through definitions and decisions"))
                    .with_help("shorten the chain of definitions that use each other, or split long expressions")
            }
        }
    }
}
