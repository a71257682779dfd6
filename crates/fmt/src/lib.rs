//! `jz fmt`: one canonical layout for policy files.
//!
//! The formatter works on the token stream, not on the AST, so it cannot change meaning: it only changes the
//! whitespace between tokens (and, as an option, the width of the punctuation `：，、；（）｛｝？` and of string quotes
//! where the value allows). Comments are
//! tokens too, so they are kept where they are. The grammar (`grammar/jingzhun.pest`, parsed here a second time
//! with the same derive) only tells where statements start:
//!
//! - every item, policy header, rule and test part (`给定`, `情景`, `期望`) starts a line of its own;
//! - a line's indentation is two spaces per open bracket, plus two when the line continues a statement
//!   (its first token does not start an item, rule, field or match arm);
//! - a block whose first entry is on a new line has its closing brace on a line of its own;
//! - spaces: one between tokens, none before `,` `;` `:` `)` `?`, none inside `(…)`, set literals `{a, b}`,
//!   `集合<…>` and after a unary `-`, none between a function's name and its `(`;
//! - line breaks the drafter made inside a statement are kept (a long condition stays readable), at most one
//!   blank line in a row, none after an opening or before a closing brace; a line that starts a new entry of
//!   a comma-separated list (enum variants, record literal fields, set elements, arguments) is not a
//!   continuation;
//! - consecutive one-line rules of a block (and one-line guarantees) are aligned as a table ([`MAX_PAD`]);
//! - a file with a line `// jz fmt: off` is left as written (corpus files about punctuation and spacing).
//!
//! The result is checked before it is returned: its tokens must be the input's (punctuation normalised), or
//! [`FmtError::Internal`] is returned and nothing is written. Properties held by `tests/`: idempotence, and the
//! checked IR before and after formatting is the same for every policy, corpus file and generated program.

use jz_syntax::Diagnostic;
use pest::Parser;
use std::collections::HashSet;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/jingzhun.pest"]
struct Grammar;

/// How punctuation is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Punct {
    /// ASCII `: , ; ( ) { } ?` (full-width and `、` are converted). The default.
    #[default]
    Half,
    /// Full-width `： ， ； （ ）` (and `、` as `，`); braces and `?` stay ASCII.
    Full,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub punct: Punct,
}

#[derive(Debug)]
pub enum FmtError {
    /// The file does not parse; nothing is formatted. The diagnostics are `jz check`'s.
    Syntax(Vec<Diagnostic>),
    /// A bug in the formatter: the output's tokens differ from the input's (first differing byte of the input).
    Internal { at: usize, message: String },
}

impl std::fmt::Display for FmtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FmtError::Syntax(d) => write!(f, "the file has {} syntax error(s); fix them first (`jz check`)", d.len()),
            FmtError::Internal { at, message } => {
                write!(f, "formatter bug at byte {at}: {message}; the file was left unchanged, please report it")
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Str,
    Unit,
    LineComment,
    BlockComment,
    Punct,
}

#[derive(Clone, Debug)]
struct Tok<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    /// Newlines in the whitespace before this token.
    nl: usize,
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{3000}' | '\u{FEFF}')
}

fn ident_start(c: char) -> bool {
    unicode_ident::is_xid_start(c) || c == '_'
}

fn ident_char(c: char) -> bool {
    unicode_ident::is_xid_continue(c)
}

/// Split source text into tokens. Never fails: an unknown character is a one-character punctuation token
/// (the file parsed, so that cannot happen outside comments and strings, which are whole tokens).
fn lex(src: &str) -> Vec<Tok<'_>> {
    let b = src.as_bytes();
    let mut toks: Vec<Tok<'_>> = Vec::new();
    let mut i = 0;
    let mut nl = 0;
    while i < src.len() {
        let rest = &src[i..];
        let Some(c) = rest.chars().next() else { break };
        if is_ws(c) {
            if c == '\n' {
                nl += 1;
            }
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let (kind, len) = if rest.starts_with("//") {
            (Kind::LineComment, rest.find('\n').unwrap_or(rest.len()))
        } else if let Some(body) = rest.strip_prefix("/*") {
            (Kind::BlockComment, body.find("*/").map_or(rest.len(), |e| e + 4))
        } else if c == '"' {
            let mut j = 1;
            while j < b.len() - i {
                match b[i + j] {
                    b'\\' => j += 2,
                    b'"' => {
                        j += 1;
                        break;
                    }
                    _ => j += 1,
                }
            }
            (Kind::Str, j.min(rest.len()))
        } else if c == '“' {
            (Kind::Str, rest.find('”').map_or(rest.len(), |e| e + '”'.len_utf8()))
        } else if c == '[' && !matches!(prev_sig_text(&toks), Some("范围" | "range")) {
            match rest.find(']') {
                Some(e) if !rest[..e].contains('\n') => (Kind::Unit, e + 1),
                _ => (Kind::Punct, 1),
            }
        } else if c.is_ascii_digit() {
            (Kind::Number, number_len(rest))
        } else if ident_start(c) {
            (Kind::Word, rest.char_indices().find(|&(_, ch)| !ident_char(ch)).map_or(rest.len(), |(k, _)| k))
        } else {
            let two = ["=>", "==", "!=", "<=", ">=", ".."];
            match two.iter().find(|p| rest.starts_with(**p)) {
                Some(p) => (Kind::Punct, p.len()),
                None => (Kind::Punct, c.len_utf8()),
            }
        };
        // Strings can hold a stray backslash at the very end; never cut inside a character.
        let mut len = len.min(rest.len());
        while !rest.is_char_boundary(len) {
            len += 1;
        }
        let text = &src[start..start + len];
        let text = if kind == Kind::LineComment { text.trim_end() } else { text };
        toks.push(Tok { kind, text, start, nl });
        nl = 0;
        i = start + len;
    }
    toks
}

fn prev_sig_text<'a>(toks: &[Tok<'a>]) -> Option<&'a str> {
    toks.iter().rev().find(|t| !matches!(t.kind, Kind::LineComment | Kind::BlockComment)).map(|t| t.text)
}

/// A number token: digits, an optional fraction, or a whole `YYYY-MM-DD` / `MM-DD` literal; glued to any
/// identifier characters that follow (pest would not split them either).
fn number_len(s: &str) -> usize {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let n = digits(0);
    let mut end = n;
    let dash_digits = |at: usize, k: usize| b.get(at) == Some(&b'-') && digits(at + 1) == k;
    if n == 4 && dash_digits(4, 2) && dash_digits(7, 2) {
        end = 10;
    } else if n == 2 && dash_digits(2, 2) {
        end = 5;
    } else if b.get(n) == Some(&b'.') && digits(n + 1) > 0 {
        end = n + 1 + digits(n + 1);
    }
    let tail = s[end..].char_indices().find(|&(_, ch)| !ident_char(ch)).map_or(s.len() - end, |(k, _)| k);
    end + tail
}

/// Punctuation (and string quotes) as written in the output.
fn norm(tok: &Tok<'_>, p: Punct) -> String {
    if tok.kind == Kind::Str {
        return quotes(tok.text, p);
    }
    if tok.kind != Kind::Punct {
        return tok.text.to_string();
    }
    let half = match tok.text {
        "：" => ":",
        "，" | "、" => ",",
        "；" => ";",
        "（" => "(",
        "）" => ")",
        "｛" => "{",
        "｝" => "}",
        "？" => "?",
        t => t,
    };
    match p {
        Punct::Half => half.to_string(),
        Punct::Full => match half {
            ":" => "：",
            "," => "，",
            ";" => "；",
            "(" => "（",
            ")" => "）",
            t => t,
        }
        .to_string(),
    }
}

/// A string in the quotes of the punctuation width, when its value stays the same: `"…"` becomes `“…”` (full
/// width) unless it holds a `\` escape or a `”`; `“…”` becomes `"…"` (half width) unless it holds a `"` or a
/// `\` (which would need escapes).
fn quotes(text: &str, p: Punct) -> String {
    match p {
        Punct::Half => match text.strip_prefix('“').and_then(|t| t.strip_suffix('”')) {
            Some(inner) if !inner.contains(['"', '\\']) => format!("\"{inner}\""),
            _ => text.to_string(),
        },
        Punct::Full => match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(inner) if !inner.contains(['\\', '”']) => format!("“{inner}”"),
            _ => text.to_string(),
        },
    }
}

const KEYWORDS: &[&str] = &[
    "policy",
    "政策",
    "use",
    "引用",
    "refines",
    "细化",
    "enum",
    "枚举",
    "scenario",
    "情景",
    "record",
    "记录",
    "key",
    "键",
    "about",
    "关于",
    "define",
    "定义",
    "param",
    "参数",
    "open",
    "开放",
    "range",
    "范围",
    "set",
    "设定",
    "decision",
    "判定",
    "default",
    "默认",
    "rule",
    "规则",
    "exception",
    "例外",
    "cites",
    "依据",
    "when",
    "当",
    "then",
    "则",
    "guarantee",
    "保障",
    "test",
    "测试",
    "given",
    "给定",
    "expect",
    "期望",
    "conflict",
    "冲突",
    "sample",
    "样本",
    "extend",
    "补充",
    "output",
    "输出",
    "and",
    "且",
    "or",
    "或",
    "not",
    "非",
    "if",
    "如果",
    "若",
    "else",
    "否则",
    "match",
    "匹配",
    "in",
    "属于",
    "在",
    "不属于",
    "不在",
    "is",
    "empty",
    "为空",
    "非空",
    "has",
    "有",
    "starts",
    "with",
    "开头为",
    "intersects",
    "相交",
    "subset",
    "of",
    "包含于",
    "contains",
    "包含",
    "days",
    "day",
    "天",
];

/// What the grammar says about positions in the file.
#[derive(Default)]
struct Shape {
    /// Tokens that must start a line (items, rules, test parts).
    forced: HashSet<usize>,
    /// Tokens that start a statement where a line may begin without being a continuation.
    stmt: HashSet<usize>,
    /// Opening braces of set literals: no spaces inside.
    tight_brace: HashSet<usize>,
    /// Byte ranges inside which tokens are written without spaces (`集合<污染物>`).
    tight_ranges: Vec<(usize, usize)>,
    /// A unary minus or a function name: no space after it.
    glue_after: HashSet<usize>,
    /// Starts of constructs whose first bracket holds a comma-separated list (enum variants, fields, set
    /// elements, arguments): a line that starts after a separator in there is an entry, not a continuation.
    list_from: Vec<usize>,
    /// The openers of those lists (token starts), filled in by [`mark_lists`].
    list_open: HashSet<usize>,
    /// Rules and guarantees, whose one-line runs are aligned (see [`align`]).
    aligned: Vec<Aligned>,
}

/// A rule or guarantee: its byte range in the input and where its own `则` starts.
#[derive(Clone, Copy)]
struct Aligned {
    start: usize,
    end: usize,
    then: Option<usize>,
    guarantee: bool,
}

fn shape(src: &str) -> Result<Shape, FmtError> {
    let pairs = Grammar::parse(Rule::file, src).map_err(|e| {
        let (start, end) = match e.location {
            pest::error::InputLocation::Pos(p) => (p, p),
            pest::error::InputLocation::Span(s) => s,
        };
        FmtError::Syntax(vec![Diagnostic::error(
            "E0001",
            "the file does not parse as a whole",
            jz_syntax::Span::new(0, start, end),
        )
        .with_help("run `jz check` on it and fix the syntax errors first")])
    })?;
    let mut s = Shape::default();
    for p in pairs.flatten() {
        let start = p.as_span().start();
        match p.as_rule() {
            Rule::rule_item | Rule::guarantee_item => {
                let then = p.clone().into_inner().find(|c| c.as_rule() == Rule::kw_then).map(|c| c.as_span().start());
                let guarantee = p.as_rule() == Rule::guarantee_item;
                s.aligned.push(Aligned { start, end: p.as_span().end(), then, guarantee });
                if !guarantee {
                    s.forced.insert(start);
                    s.stmt.insert(start);
                }
            }
            Rule::item | Rule::policy_header | Rule::test_given | Rule::test_scenario | Rule::test_expect => {
                s.forced.insert(start);
                s.stmt.insert(start);
                if p.as_rule() == Rule::test_scenario {
                    s.list_from.push(start);
                }
            }
            Rule::field_decl | Rule::scenario_field | Rule::field_init | Rule::match_arm => {
                s.stmt.insert(start);
            }
            Rule::set_lit | Rule::text_set => {
                s.tight_brace.insert(start);
                s.list_from.push(start);
            }
            Rule::enum_item
            | Rule::output_item
            | Rule::record_item
            | Rule::extend_record
            | Rule::scenario_item
            | Rule::record_lit => s.list_from.push(start),
            Rule::set_type => s.tight_ranges.push((start, p.as_span().end())),
            Rule::neg_op => {
                s.glue_after.insert(start);
            }
            Rule::call => {
                s.glue_after.insert(start);
                s.list_from.push(start);
            }
            _ => {}
        }
    }
    Ok(s)
}

fn is_opener(t: &str) -> bool {
    matches!(t, "{" | "(" | "[" | "｛" | "（")
}

fn is_closer(t: &str) -> bool {
    matches!(t, "}" | ")" | "]" | "｝" | "）")
}

struct Open {
    tight: bool,
    /// The first token after the opener went on a new line: the closer goes on its own line too.
    broken: bool,
    /// It holds a comma-separated list.
    list: bool,
}

/// Format one file's text.
pub fn format(src: &str, opts: &Options) -> Result<String, FmtError> {
    // before parsing: corpus files written to have syntax errors carry the marker too
    if is_off(src) {
        return Ok(src.to_string());
    }
    let (_, diags) = jz_syntax::parse_file(0, src);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(FmtError::Syntax(diags));
    }
    let mut shape = shape(src)?;
    let toks = lex(src);
    mark_lists(&toks, &mut shape);
    let (mut out, out_at) = layout(&toks, &shape, opts.punct);
    align(&mut out, &toks, &out_at, &shape);
    verify_tokens(src, &out, opts.punct)?;
    Ok(out)
}

/// A line that keeps a file as it is written (corpus files that protect full-width punctuation, odd spacing or
/// syntax errors). A reason may follow after a space: `// jz fmt: off (the point is the full-width colons)`.
pub const OFF: &str = "// jz fmt: off";

/// Whether the file has an [`OFF`] line.
pub fn is_off(src: &str) -> bool {
    src.lines().any(|l| l.trim().strip_prefix(OFF).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')))
}

/// Find the opener of each list construct: the first `{`/`(` token at or after its start.
fn mark_lists(toks: &[Tok<'_>], shape: &mut Shape) {
    for &from in &shape.list_from {
        let k = toks.partition_point(|t| t.start < from);
        if let Some(t) = toks[k..].iter().find(|t| t.kind == Kind::Punct && matches!(t.text, "{" | "｛" | "(" | "（"))
        {
            shape.list_open.insert(t.start);
        }
    }
}

/// Whether `src` is already formatted.
pub fn is_formatted(src: &str, opts: &Options) -> Result<bool, FmtError> {
    Ok(format(src, opts)? == src)
}

/// The laid-out text, and where each token starts in it.
fn layout(toks: &[Tok<'_>], shape: &Shape, punct: Punct) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut out_at = Vec::with_capacity(toks.len());
    let mut stack: Vec<Open> = Vec::new();
    let in_tight = |pos: usize| shape.tight_ranges.iter().any(|&(a, b)| a <= pos && pos < b);
    let mut prev: Option<&Tok<'_>> = None;
    let mut prev_sig: Option<&Tok<'_>> = None;
    for (i, t) in toks.iter().enumerate() {
        let comment = matches!(t.kind, Kind::LineComment | Kind::BlockComment);
        let punct_tok = t.kind == Kind::Punct;
        let closer = punct_tok && is_closer(t.text);
        let after_opener = prev.is_some_and(|p| p.kind == Kind::Punct && is_opener(p.text));
        let mut newline = prev.is_some() && (t.nl > 0 || shape.forced.contains(&t.start));
        if prev.is_some_and(|p| p.kind == Kind::LineComment) {
            newline = true;
        }
        if closer {
            if after_opener {
                newline = false; // `{}`
            } else if stack.last().is_some_and(|o| o.broken) {
                newline = true;
            }
        }
        // A trailing comment stays on its line.
        if comment && t.nl == 0 && prev.is_some() {
            newline = false;
        }
        if after_opener {
            if let Some(o) = stack.last_mut() {
                o.broken = newline;
            }
        }
        let text = norm(t, punct);
        if newline {
            if t.nl >= 2 && !after_opener && !closer {
                out.push('\n');
            }
            out.push('\n');
            let indent =
                if comment { comment_indent(toks, i, &stack, shape) } else { line_indent(t, prev_sig, &stack, shape) };
            for _ in 0..indent {
                out.push_str("  ");
            }
        } else if let Some(p) = prev {
            if space_between(p, t, &stack, shape, &in_tight, punct) {
                out.push(' ');
            }
        }
        out_at.push(out.len());
        out.push_str(&text);
        if punct_tok && is_opener(t.text) {
            let tight = (t.text == "{" || t.text == "｛") && shape.tight_brace.contains(&t.start)
                || t.text == "("
                || t.text == "（"
                || t.text == "[";
            stack.push(Open { tight, broken: false, list: shape.list_open.contains(&t.start) });
        } else if closer {
            stack.pop();
        }
        prev = Some(t);
        if !comment {
            prev_sig = Some(t);
        }
    }
    out.push('\n');
    (out, out_at)
}

/// At most this many columns of padding are added to a line by [`align`]; a run whose widths differ more is
/// aligned in parts.
pub const MAX_PAD: usize = 20;

/// Aligned rule blocks. Consecutive lines that each hold one whole rule of a block (or one whole guarantee, at
/// the top level) are a table: the part after the header's `:` starts in one column, and so does each `则`
/// (`规则 二: 则 否` puts its `则` under the others'). Widths are display columns (a Chinese character is two). A
/// blank line, a comment line or a rule of several lines ends a run; where padding would exceed [`MAX_PAD`]
/// columns a new alignment starts. Only spaces inside lines are added, so the tokens and line structure stay
/// the layout's, and formatting again gives the same text.
fn align(out: &mut String, toks: &[Tok<'_>], out_at: &[usize], shape: &Shape) {
    use unicode_width::UnicodeWidthStr;
    let mut line_starts = vec![0];
    line_starts.extend(out.match_indices('\n').map(|(i, _)| i + 1));
    let line_of = |o: usize| line_starts.partition_point(|&s| s <= o).saturating_sub(1);
    let is_comment = |t: &Tok<'_>| matches!(t.kind, Kind::LineComment | Kind::BlockComment);
    // One candidate line: its line number, kind, where the body and its `则` start in `out`.
    struct Row {
        line: usize,
        guarantee: bool,
        body: usize,
        then: Option<usize>,
    }
    let mut rows: Vec<Row> = Vec::new();
    for a in &shape.aligned {
        let k0 = toks.partition_point(|t| t.start < a.start);
        let Some(klast) =
            (k0..toks.len()).take_while(|&k| toks[k].start < a.end).filter(|&k| !is_comment(&toks[k])).last()
        else {
            continue;
        };
        let Some(colon) = (k0..=klast).find(|&k| toks[k].kind == Kind::Punct && matches!(toks[k].text, ":" | "："))
        else {
            continue;
        };
        let body = colon + 1;
        if body > klast || is_comment(&toks[body]) {
            continue;
        }
        let (Some(&o0), Some(&olast), Some(&obody)) = (out_at.get(k0), out_at.get(klast), out_at.get(body)) else {
            continue;
        };
        let line = line_of(o0);
        if line_of(olast) != line {
            continue; // a rule of several lines is not part of a table
        }
        let then = a
            .then
            .and_then(|t| toks[k0..=klast].iter().position(|x| x.start == t))
            .and_then(|i| out_at.get(k0 + i).copied());
        rows.push(Row { line, guarantee: a.guarantee, body: obody, then });
    }
    let width = |from: usize, to: usize| out.get(from..to).map_or(0, UnicodeWidthStr::width);
    let mut pads: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i + 1;
        while j < rows.len() && rows[j].line == rows[j - 1].line + 1 && rows[j].guarantee == rows[i].guarantee {
            j += 1;
        }
        let run = &rows[i..j];
        // the body column, in parts whose header widths differ by at most MAX_PAD
        let heads: Vec<usize> = run.iter().map(|r| width(line_starts[r.line], r.body)).collect();
        let mut cols = heads.clone();
        for (from, to) in spans_within(&heads, |_| true) {
            let target = heads[from..to].iter().copied().max().unwrap_or(0);
            for k in from..to {
                if target > heads[k] {
                    pads.push((run[k].body, target - heads[k]));
                }
                cols[k] = target;
            }
        }
        // the `则` column, in parts of consecutive rows that have one
        let thens: Vec<usize> =
            run.iter().zip(&cols).map(|(r, &c)| r.then.map_or(0, |t| c + width(r.body, t))).collect();
        for (from, to) in spans_within(&thens, |k| run[k].then.is_some()) {
            let target = thens[from..to].iter().copied().max().unwrap_or(0);
            for k in from..to {
                if let Some(t) = run[k].then {
                    if target > thens[k] {
                        pads.push((t, target - thens[k]));
                    }
                }
            }
        }
        i = j;
    }
    pads.sort_by_key(|p| std::cmp::Reverse(p.0));
    for (at, n) in pads {
        out.insert_str(at, &" ".repeat(n));
    }
}

/// Maximal runs `from..to` of consecutive indexes with `keep(k)`, cut greedily so that the values of each run
/// differ by at most [`MAX_PAD`]; runs of one index are left out (nothing to align).
fn spans_within(values: &[usize], keep: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < values.len() {
        if !keep(k) {
            k += 1;
            continue;
        }
        let (mut lo, mut hi) = (values[k], values[k]);
        let mut e = k + 1;
        while e < values.len() && keep(e) {
            let (l, h) = (lo.min(values[e]), hi.max(values[e]));
            if h - l > MAX_PAD {
                break;
            }
            (lo, hi) = (l, h);
            e += 1;
        }
        if e - k > 1 {
            out.push((k, e));
        }
        k = e;
    }
    out
}

/// Indentation (in levels) of a line that starts with the non-comment token `t`.
fn line_indent(t: &Tok<'_>, prev_sig: Option<&Tok<'_>>, stack: &[Open], shape: &Shape) -> usize {
    if t.kind == Kind::Punct && is_closer(t.text) {
        return stack.len().saturating_sub(1);
    }
    let after_open = prev_sig.is_some_and(|p| p.kind == Kind::Punct && is_opener(p.text));
    let after_sep_in_list = prev_sig
        .is_some_and(|p| p.kind == Kind::Punct && matches!(p.text, "," | "，" | "、" | ";" | "；"))
        && stack.last().is_some_and(|o| o.list);
    let continuation = !shape.stmt.contains(&t.start) && !after_open && !after_sep_in_list && prev_sig.is_some();
    stack.len() + usize::from(continuation)
}

/// A comment on its own line is indented like the code line it precedes (inside the block before a closer).
fn comment_indent(toks: &[Tok<'_>], i: usize, stack: &[Open], shape: &Shape) -> usize {
    let prev_sig = toks[..i].iter().rev().find(|t| !matches!(t.kind, Kind::LineComment | Kind::BlockComment));
    match toks[i..].iter().find(|t| !matches!(t.kind, Kind::LineComment | Kind::BlockComment)) {
        Some(next) if next.kind == Kind::Punct && is_closer(next.text) => stack.len(),
        Some(next) => line_indent(next, prev_sig, stack, shape),
        None => stack.len(),
    }
}

fn space_between(
    a: &Tok<'_>,
    b: &Tok<'_>,
    stack: &[Open],
    shape: &Shape,
    in_tight: &dyn Fn(usize) -> bool,
    punct: Punct,
) -> bool {
    let word_like = |t: &Tok<'_>| t.kind != Kind::Punct;
    if in_tight(a.start) && in_tight(b.start) {
        return false;
    }
    if b.kind == Kind::LineComment || b.kind == Kind::BlockComment || a.kind == Kind::BlockComment {
        return true;
    }
    if word_like(a) && word_like(b) {
        return true;
    }
    let at = if a.kind == Kind::Punct { norm(a, Punct::Half) } else { String::new() };
    let bt = if b.kind == Kind::Punct { norm(b, Punct::Half) } else { String::new() };
    if matches!(bt.as_str(), "," | ";" | ":" | "?" | "." | "..") || matches!(at.as_str(), "." | "..") {
        return false;
    }
    if punct == Punct::Full && matches!(at.as_str(), "," | ";" | ":") {
        return false;
    }
    if shape.glue_after.contains(&a.start) {
        return false; // `-x`, `最小(`
    }
    if matches!(bt.as_str(), ")" | "]") || matches!(at.as_str(), "(" | "[") {
        return false;
    }
    if bt == "}" {
        return !stack.last().is_some_and(|o| o.tight) && at != "{";
    }
    if at == "{" {
        // `a` is the innermost opener now (pushed before `b` is written)
        return !stack.last().is_some_and(|o| o.tight);
    }
    if bt == "(" {
        return a.kind != Kind::Word || KEYWORDS.contains(&a.text);
    }
    true
}

/// The output must have the input's tokens, in order, with punctuation normalised.
fn verify_tokens(src: &str, out: &str, punct: Punct) -> Result<(), FmtError> {
    let before = lex(src);
    let after = lex(out);
    for (k, x) in before.iter().enumerate() {
        let Some(y) = after.get(k) else {
            return Err(FmtError::Internal { at: x.start, message: "tokens were lost".into() });
        };
        if x.kind != y.kind || norm(x, punct) != norm(y, punct) {
            return Err(FmtError::Internal { at: x.start, message: format!("token `{}` became `{}`", x.text, y.text) });
        }
    }
    if after.len() != before.len() {
        return Err(FmtError::Internal { at: src.len(), message: "tokens were added".into() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]
    use super::*;

    fn fmt(s: &str) -> String {
        format(s, &Options::default()).unwrap()
    }

    #[test]
    fn rules_go_on_their_own_lines_and_the_block_closes_below_them() {
        let src = "判定 甲: 布尔 默认 否 { 规则 一: 当 x>1 则 是 规则 二 : 则 否 }\n";
        assert_eq!(fmt(src), "判定 甲: 布尔 默认 否 {\n  规则 一: 当 x > 1 则 是\n  规则 二:          则 否\n}\n");
    }

    #[test]
    fn one_line_rules_of_a_block_are_aligned_as_a_table_in_display_columns() {
        let src =
            "判定 甲: 布尔 默认 否 {\n规则 短 依据 \"一\": 当 x > 1 则 是\n规则 长一些的名字啊: 当 乙 且 丙 则 否\n}\n";
        let want = "判定 甲: 布尔 默认 否 {\n  规则 短 依据 \"一\":   当 x > 1    则 是\n  规则 长一些的名字啊: 当 乙 且 丙 则 否\n}\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want, "aligning again changes nothing");
    }

    #[test]
    fn a_blank_line_a_comment_or_a_rule_of_several_lines_ends_the_table() {
        let src = "判定 甲: 布尔 默认 否 {\n  规则 一: 当 乙 则 是\n\n  规则 二二二: 当 乙 则 是\n  // 注\n  规则 三: 当 乙 则 是\n  规则 四四四四:\n    当 乙 则 是\n  规则 五: 当 乙 则 是\n}\n";
        assert_eq!(fmt(src), src);
    }

    #[test]
    fn guarantees_in_a_row_are_aligned_and_a_row_without_then_breaks_the_then_column() {
        let src = "保障 甲: 当 乙 则 丙\n保障 甲甲甲: 丙 >= 上级.丙\n保障 丁: 当 乙乙乙 则 丙\n";
        let want = "保障 甲:     当 乙 则 丙\n保障 甲甲甲: 丙 >= 上级.丙\n保障 丁:     当 乙乙乙 则 丙\n";
        assert_eq!(fmt(src), want);
    }

    #[test]
    fn widths_far_apart_are_aligned_in_parts_of_at_most_max_pad_columns() {
        let long = "很".repeat(MAX_PAD);
        let src = format!("判定 甲: 布尔 默认 否 {{\n  规则 一: 则 是\n  规则 二: 则 是\n  规则 {long}: 则 是\n}}\n");
        // the long header would pad the short ones by 2 × MAX_PAD columns: it starts a part of its own
        assert_eq!(fmt(&src), src);
    }

    #[test]
    fn continuation_lines_are_indented_one_level_deeper_and_comments_follow_the_code() {
        let src = "定义 甲 =\n乙 且\n      丙\n   // 说明\n定义 丁 = 1\n";
        assert_eq!(fmt(src), "定义 甲 =\n  乙 且\n  丙\n// 说明\n定义 丁 = 1\n");
    }

    #[test]
    fn sets_calls_units_and_unary_minus_are_tight() {
        let src = "定义 甲 = 最小 ( 乙 , - 3 ) 属于 { 1 , 2 }\n记录 企业 键 代码 { 代码: 文本 , 污染 : 集合 < 污染物 > ？ }\n";
        assert_eq!(
            fmt(src),
            "定义 甲 = 最小(乙, -3) 属于 {1, 2}\n记录 企业 键 代码 { 代码: 文本, 污染: 集合<污染物>? }\n"
        );
    }

    #[test]
    fn full_width_punctuation_is_one_option() {
        let src = "定义 甲 = 最小(乙, 3)\n";
        let full = format(src, &Options { punct: Punct::Full }).unwrap();
        assert_eq!(full, "定义 甲 = 最小（乙，3）\n");
        assert_eq!(fmt(&full), src);
    }

    #[test]
    fn string_quotes_follow_the_punctuation_width_when_the_value_stays_the_same() {
        let src = "测试 “一” {\n  给定 甲 { 名称: \"“乙”\", 代码: \"a\\\"b\" }\n  期望 丙 == “丁”\n}\n";
        let half = fmt(src);
        assert_eq!(half, "测试 \"一\" {\n  给定 甲 { 名称: \"“乙”\", 代码: \"a\\\"b\" }\n  期望 丙 == \"丁\"\n}\n");
        let full = format(src, &Options { punct: Punct::Full }).unwrap();
        assert_eq!(full, "测试 “一” {\n  给定 甲 { 名称：\"“乙”\"，代码：\"a\\\"b\" }\n  期望 丙 == “丁”\n}\n");
        assert_eq!(fmt(&full), half);
    }

    #[test]
    fn blank_lines_collapse_to_one_and_none_open_a_block() {
        let src = "\n\n定义 甲 = 1\n\n\n\n补充 判定 乙 {\n\n  规则 一: 则 是\n\n}\n\n";
        assert_eq!(fmt(src), "定义 甲 = 1\n\n补充 判定 乙 {\n  规则 一: 则 是\n}\n");
    }

    #[test]
    fn list_entries_after_a_separator_stay_at_the_list_level() {
        let src = "枚举 类别 {\n  甲, 乙,\n      丙,\n}\n定义 x = 最小(甲,\n乙)\n";
        assert_eq!(fmt(src), "枚举 类别 {\n  甲, 乙,\n  丙,\n}\n定义 x = 最小(甲,\n  乙)\n");
    }

    #[test]
    fn a_file_marked_off_is_left_as_written() {
        let src = "// jz fmt: off\n定义 甲 = 最小（乙 ， 3）\n";
        assert_eq!(fmt(src), src);
        let broken = "定义 = = 1\n// jz fmt: off (a syntax error is the point)\n";
        assert_eq!(fmt(broken), broken);
        assert!(!is_off("// jz fmt: offside\n"));
    }

    #[test]
    fn a_file_with_syntax_errors_is_not_formatted() {
        assert!(matches!(format("定义 = = 1", &Options::default()), Err(FmtError::Syntax(_))));
    }
}
