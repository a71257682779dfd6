//! pest parse → [`ast`](crate::ast), with per-item error recovery: a syntax error is reported and parsing
//! resumes at the next line that starts an item, so one run shows every error of a file.
#![expect(
    clippy::result_large_err,
    reason = "a diagnostic is the error path of a parse; it is built once per broken item"
)]

use crate::ast::*;
use crate::limits::{too_deep_at, too_deep_help, too_deep_message, MAX_NESTING};
use crate::{Diagnostic, Span};
use jz_i18n::t;
use pest::iterators::Pair;
use pest::Parser;
use std::cell::Cell;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/jingzhun.pest"]
struct JzParser;

/// Parse one source file. Returns the tree of every item that parsed and the diagnostics of those that did not.
pub fn parse_file(file: u32, src: &str) -> (File, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out = File { header: None, items: Vec::new() };
    let mut off = 0usize;
    let cx = Cx { file, depth: Cell::new(0) };

    match JzParser::parse(Rule::header_only, src) {
        Ok(mut pairs) => {
            if let Some(p) = pairs.next() {
                off = p.as_span().end();
                if let Some(h) = p.into_inner().find(|p| p.as_rule() == Rule::policy_header) {
                    match cx.header(h, 0) {
                        Ok(h) => out.header = Some(h),
                        Err(d) => diags.push(d),
                    }
                }
            }
        }
        Err(_) => {
            // No header: fine for test files and snippets; the checker decides whether one is needed.
        }
    }

    loop {
        let rest = src.get(off..).unwrap_or("");
        if only_trivia(rest) {
            break;
        }
        match parse_item(rest) {
            Ok(p) => {
                let end = p.as_span().end();
                if let Some(item) = p.into_inner().find(|p| p.as_rule() == Rule::item) {
                    match cx.item(item, off) {
                        Ok(it) => out.items.push(it),
                        Err(d) => diags.push(d),
                    }
                }
                if end == 0 {
                    break;
                }
                off += end;
            }
            Err(ItemError::TooDeep(pos)) => {
                diags.push(too_deep(file, off + pos, rest.get(pos..).unwrap_or("")));
                match next_item_start(src, off + pos, off) {
                    Some(next) => off = next,
                    None => break,
                }
            }
            Err(ItemError::Syntax(e)) => {
                let (pos, d) = syntax_error(file, off, rest, &e);
                diags.push(d);
                match next_item_start(src, pos, off) {
                    Some(next) => off = next,
                    None => break,
                }
            }
        }
    }
    (out, diags)
}

enum ItemError {
    TooDeep(usize),
    Syntax(pest::error::Error<Rule>),
}

/// Parse the item at the start of `rest`. pest builds an error message from the line around the failure by
/// scanning from the end of its input, so the item is parsed within a window that ends before the next line
/// starting with an item keyword (no item continues on such a line); only when the parse fails at the cut is
/// the window widened (doubling, so a broken file costs n log n, not n²).
fn parse_item(rest: &str) -> Result<Pair<'_, Rule>, ItemError> {
    let mut end = next_item_start(rest, 0, 0).unwrap_or(rest.len());
    loop {
        let window = rest.get(..end).unwrap_or(rest);
        if let Some(pos) = too_deep_at(window) {
            return Err(ItemError::TooDeep(pos));
        }
        match JzParser::parse(Rule::item_only, window) {
            Ok(mut pairs) => {
                return pairs.next().ok_or_else(|| {
                    ItemError::Syntax(pest::error::Error::new_from_pos(
                        pest::error::ErrorVariant::CustomError { message: "an item".into() },
                        pest::Position::from_start(window),
                    ))
                })
            }
            Err(e) => {
                let content_end = window.trim_end().len();
                if end >= rest.len() || error_pos(&e) < content_end {
                    return Err(ItemError::Syntax(e));
                }
                end = next_item_start(rest, (2 * end).min(rest.len()), end).unwrap_or(rest.len());
            }
        }
    }
}

fn error_pos(e: &pest::error::Error<Rule>) -> usize {
    match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
}

/// Whether `rest` holds only what the grammar skips (whitespace and complete comments): the end of the file.
fn only_trivia(rest: &str) -> bool {
    let mut s = rest;
    loop {
        s = s.trim_start_matches([' ', '\t', '\r', '\n', '\u{3000}', '\u{feff}']);
        if s.is_empty() {
            return true;
        }
        if let Some(tail) = s.strip_prefix("//") {
            s = tail.find('\n').map_or("", |n| tail.get(n..).unwrap_or(""));
        } else if let Some(tail) = s.strip_prefix("/*") {
            match tail.find("*/") {
                Some(n) => s = tail.get(n + 2..).unwrap_or(""),
                None => return false,
            }
        } else {
            return false;
        }
    }
}

/// "nesting deeper than N" at byte `abs` of `file`, underlining the token found there.
fn too_deep(file: u32, abs: usize, tail: &str) -> Diagnostic {
    let len = tail.chars().next().map_or(0, char::len_utf8);
    Diagnostic::error("E0004", too_deep_message(), Span::new(file, abs, abs + len))
        .with_label(t!("E0004.here", limit = MAX_NESTING))
        .with_help(too_deep_help())
}

/// Parse exactly one expression (a REPL line). `text` is the part of file `file` that starts at byte `offset`,
/// so spans point into the whole line the user typed.
pub fn parse_expr(file: u32, text: &str, offset: usize) -> Result<Expr, Diagnostic> {
    let cx = Cx { file, depth: Cell::new(0) };
    let pair = parse_whole(file, text, offset, Rule::expr_only)?;
    let inner = pair.into_inner().find(|p| p.as_rule() == Rule::expr);
    match inner {
        Some(e) => cx.expr(e, offset),
        None => Err(Diagnostic::error("E0002", t!("E0002.expr"), Span::new(file, offset, offset))),
    }
}

/// Parse exactly one record literal (`企业 { 字段: 值, … }` or `样本名 { … }`), like [`parse_expr`].
pub fn parse_record_lit(file: u32, text: &str, offset: usize) -> Result<RecordLit, Diagnostic> {
    let cx = Cx { file, depth: Cell::new(0) };
    let pair = parse_whole(file, text, offset, Rule::record_lit_only)?;
    let inner = pair.into_inner().find(|p| p.as_rule() == Rule::record_lit);
    match inner {
        Some(r) => cx.record_lit(r, offset),
        None => Err(Diagnostic::error("E0002", t!("E0002.record"), Span::new(file, offset, offset))),
    }
}

fn parse_whole(file: u32, text: &str, offset: usize, rule: Rule) -> Result<Pair<'_, Rule>, Diagnostic> {
    if let Some(pos) = too_deep_at(text) {
        return Err(too_deep(file, offset + pos, text.get(pos..).unwrap_or("")));
    }
    match JzParser::parse(rule, text) {
        Ok(mut pairs) => {
            pairs.next().ok_or_else(|| Diagnostic::error("E0002", t!("E0002.empty"), Span::new(file, offset, offset)))
        }
        Err(e) => Err(syntax_error(file, offset, text, &e).1),
    }
}

/// Byte offset of the first line at or after the line of `pos` (and after `off`) that starts, at column 0,
/// with an item keyword.
fn next_item_start(src: &str, pos: usize, off: usize) -> Option<usize> {
    const STARTS: &[&str] = &[
        "引用",
        "枚举",
        "情景",
        "记录",
        "关于",
        "定义",
        "参数",
        "设定",
        "判定",
        "补充",
        "保障",
        "测试",
        "样本",
        "输出",
        "use ",
        "enum ",
        "scenario",
        "record ",
        "about ",
        "define ",
        "param ",
        "set ",
        "decision ",
        "extend ",
        "guarantee ",
        "test ",
        "sample ",
        "output ",
    ];
    let line_start = src.get(..pos).and_then(|s| s.rfind('\n')).map_or(0, |n| n + 1);
    let mut start = line_start;
    loop {
        let line = src.get(start..).unwrap_or("");
        if start > off && STARTS.iter().any(|k| line.starts_with(k)) {
            return Some(start);
        }
        start += line.find('\n')? + 1;
    }
}

fn syntax_error(file: u32, off: usize, rest: &str, e: &pest::error::Error<Rule>) -> (usize, Diagnostic) {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let abs = off + pos;
    let tail = rest.get(pos..).unwrap_or("");
    let found: String = tail.chars().take_while(|c| !c.is_whitespace()).take(12).collect();
    // an odd space (e.g. U+00A0) is shown by its code point; the span always ends on a char boundary
    let first = tail.chars().next();
    let end = abs + if found.is_empty() { first.map_or(0, char::len_utf8) } else { found.len() };
    let (expected, help) = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        // the one custom error is "an item" (an item that parsed to nothing)
        pest::error::ErrorVariant::CustomError { .. } => (t!("expected-item"), "E0001.help-item"),
    };
    let message = match first {
        None => t!("E0001.eof"),
        Some(c) if found.is_empty() => t!("E0001.char", code = format!("{:04X}", u32::from(c))),
        Some(_) => t!("E0001", found = found),
    };
    let span = Span::new(file, abs, end.min(off + rest.len()).max(abs));
    let d = Diagnostic::error("E0001", message, span)
        .with_label(t!("E0001.label", expected = expected))
        .with_help(t!(help));
    (abs, d)
}

/// What pest expected, in words, and the key of the help that fits it.
fn describe_expected(rules: &[Rule]) -> (String, &'static str) {
    let mut names: Vec<&str> = Vec::new();
    // `[…]` may follow any name, but only guarantees use it: not worth naming beside what a drafter meant
    let quiet = |r: &Rule| matches!(r, Rule::scenario_view) && rules.len() > 1;
    for r in rules.iter().filter(|r| !quiet(r)) {
        let n = rule_name(*r);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let help = if names.iter().any(|n| matches!(*n, "expected-citation" | "expected-punct")) {
        "E0001.help-rule"
    } else if names.contains(&"expected-item") {
        "E0001.help-item"
    } else if names.contains(&"expected-expression") {
        "E0001.help-expr"
    } else {
        "E0001.help-grammar"
    };
    let mut words: Vec<String> = names.iter().map(|n| t!(n)).collect();
    let text = match words.len() {
        0 => t!("expected-something"),
        1 => words.concat(),
        _ => {
            let last = words.pop().unwrap_or_default();
            t!("expected-or", list = words.join(&t!("list-sep")), last = last)
        }
    };
    (text, help)
}

/// The catalogue key naming what a grammar rule stands for.
fn rule_name(r: Rule) -> &'static str {
    match r {
        Rule::item | Rule::item_only => "expected-item",
        Rule::ident | Rule::qname | Rule::path => "expected-name",
        Rule::expr
        | Rule::or_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::predicate
        | Rule::additive
        | Rule::multiplicative
        | Rule::unary
        | Rule::primary => "expected-expression",
        Rule::string | Rule::string_ascii | Rule::string_cjk => "expected-string",
        Rule::citation | Rule::kw_cites => "expected-citation",
        Rule::kw_then => "expected-then",
        Rule::kw_when => "expected-when",
        Rule::kw_else => "expected-else",
        Rule::kw_default => "expected-default",
        Rule::kw_key => "expected-key",
        Rule::kw_rule => "expected-rule-kw",
        Rule::kw_expect => "expected-expect",
        Rule::kw_given => "expected-given",
        Rule::type_expr | Rule::named_type | Rule::set_type => "expected-type",
        Rule::cmp_op => "expected-comparison",
        Rule::add_op | Rule::mul_op => "expected-operator",
        Rule::pred_tail => "expected-operator",
        Rule::kw_and | Rule::kw_or => "expected-and-or",
        Rule::EOI => "expected-eof",
        Rule::rule_item => "expected-rule",
        Rule::field_decl | Rule::field_init | Rule::scenario_field => "expected-field",
        Rule::match_arm | Rule::pattern => "expected-arm",
        Rule::unit | Rule::unit_text => "expected-unit",
        Rule::scenario_view | Rule::view_field => "expected-view",
        Rule::number | Rule::number_lit => "expected-number",
        Rule::date_lit => "expected-date",
        Rule::month_day | Rule::md_range => "expected-month-day",
        _ => "expected-punct",
    }
}

struct Cx {
    file: u32,
    /// Depth in the syntax tree of the expression being lowered (checked against [`MAX_NESTING`]).
    depth: Cell<usize>,
}

type R<T> = Result<T, Diagnostic>;

fn trim_ws(s: &str) -> &str {
    s.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// In text that holds only silent tokens (punctuation, keywords without a pair), whitespace and comments: the
/// end of the last character that is not whitespace or comment, or `None` when there is none.
fn last_token_end(text: &str) -> Option<usize> {
    let mut end = None;
    let mut i = 0;
    while let Some(rest) = text.get(i..) {
        let Some(c) = rest.chars().next() else { break };
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.get(2..).and_then(|r| r.find("*/")).map_or(rest.len(), |n| n + 4);
        } else {
            i += c.len_utf8();
            if !(c.is_whitespace() || c == '\u{feff}') {
                end = Some(i);
            }
        }
    }
    end
}

fn children(p: Pair<'_, Rule>) -> Vec<Pair<'_, Rule>> {
    p.into_inner().collect()
}

fn is_kw(r: Rule) -> bool {
    format!("{r:?}").starts_with("kw_")
}

impl Cx {
    /// The pair's span without the trailing whitespace pest's implicit skipping leaves inside it (so an
    /// underline never runs on to the next line).
    ///
    /// Comments are skipped like whitespace, so a pair can end in a comment too (`期望 结果 == 是 // 注释`). When
    /// the trimmed text may end in one (its last line has `//`, or it ends with `*/`), the end is found exactly:
    /// the last token of the pair is its last descendant pair, or a silent token (`)`, `}`) after it; between
    /// the two there is only punctuation, whitespace and comments, which [`last_token_end`] reads forward.
    fn span(&self, p: &Pair<'_, Rule>, off: usize) -> Span {
        let s = p.as_span();
        let trimmed = trim_ws(s.as_str());
        let last_line = trimmed.rsplit('\n').next().unwrap_or("");
        if !last_line.contains("//") && !trimmed.ends_with("*/") {
            return Span::new(self.file, off + s.start(), off + s.start() + trimmed.len());
        }
        // descend along last children while what follows each one inside its parent is only skipped text
        let mut cur = p.clone();
        let end = loop {
            let cs = cur.as_span();
            let Some(last) = cur.clone().into_inner().last() else {
                // a leaf (atomic, or plain literal text): whitespace is all it can end in
                break cs.start() + trim_ws(cs.as_str()).len();
            };
            let after = last.as_span().end();
            let rest = cur.as_str().get(after - cs.start()..).unwrap_or("");
            match last_token_end(rest) {
                Some(n) => break after + n,
                None => cur = last,
            }
        };
        Span::new(self.file, off + s.start(), off + end.max(s.start()))
    }

    fn bug(&self, p: &Pair<'_, Rule>, off: usize, what: &str) -> Diagnostic {
        Diagnostic::error("E0002", t!("E0002.bug", what = what), self.span(p, off)).with_help(t!("E0002.bug-help"))
    }

    fn ident(&self, p: Pair<'_, Rule>, off: usize) -> Ident {
        Ident { name: p.as_str().to_string(), span: self.span(&p, off) }
    }

    fn string(&self, p: &Pair<'_, Rule>) -> String {
        let raw = p.as_str();
        match p.as_rule() {
            Rule::string_ascii => unescape(raw.get(1..raw.len().saturating_sub(1)).unwrap_or("")),
            _ => {
                // “…”: strip the two 3-byte quote characters
                let mut cs = raw.chars();
                cs.next();
                cs.next_back();
                cs.as_str().to_string()
            }
        }
    }

    fn header(&self, p: Pair<'_, Rule>, off: usize) -> R<Header> {
        let span = self.span(&p, off);
        let mut name = None;
        let mut title = None;
        let mut refines = None;
        let mut after_refines = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::qname if after_refines => refines = Some(self.ident(c, off)),
                Rule::qname => name = Some(self.ident(c, off)),
                Rule::string_ascii | Rule::string_cjk => title = Some(self.string(&c)),
                Rule::kw_refines => after_refines = true,
                _ => {}
            }
        }
        let name = name.ok_or_else(|| Diagnostic::error("E0002", t!("E0002.no-header-name"), span))?;
        Ok(Header { name, title, refines, span })
    }

    fn item(&self, p: Pair<'_, Rule>, off: usize) -> R<Item> {
        let inner = p.into_inner().next();
        let Some(p) = inner else { return Err(Diagnostic::error("E0002", t!("E0002.empty-item"), Span::default())) };
        let span = self.span(&p, off);
        let rule = p.as_rule();
        let cs: Vec<Pair<'_, Rule>> = p.into_inner().filter(|c| !is_kw(c.as_rule())).collect();
        let mut it = cs.into_iter();
        let mut next =
            |what: &str| it.next().ok_or_else(|| Diagnostic::error("E0002", t!("E0002.missing", what = what), span));
        Ok(match rule {
            Rule::use_item => {
                let s = next("path")?;
                Item::Use { path: self.string(&s), span }
            }
            Rule::enum_item => {
                let name = self.ident(next("name")?, off);
                let mut variants = Vec::new();
                while let Ok(v) = next("variant") {
                    variants.push(self.ident(v, off));
                }
                Item::Enum { name, variants }
            }
            Rule::scenario_item => {
                let mut fields = Vec::new();
                while let Ok(f) = next("field") {
                    let mut fc = children(f).into_iter();
                    let (Some(n), Some(t), Some(d)) = (fc.next(), fc.next(), fc.next()) else {
                        return Err(Diagnostic::error("E0002", t!("E0002.bad-scenario-field"), span));
                    };
                    fields.push(ScenarioField {
                        name: self.ident(n, off),
                        ty: self.ty(t, off)?,
                        default: self.expr(d, off)?,
                    });
                }
                Item::Scenario { fields }
            }
            Rule::record_item => {
                let name = self.ident(next("name")?, off);
                let key = self.ident(next("key")?, off);
                let mut fields = Vec::new();
                while let Ok(f) = next("field") {
                    fields.push(self.field_decl(f, off)?);
                }
                Item::Record { name, key, fields }
            }
            Rule::extend_record => {
                let name = self.ident(next("name")?, off);
                let mut fields = Vec::new();
                while let Ok(f) = next("field") {
                    fields.push(self.field_decl(f, off)?);
                }
                Item::ExtendRecord { name, fields }
            }
            Rule::about_item => Item::About { record: self.ident(next("record")?, off) },
            Rule::define_item => {
                let name = self.ident(next("name")?, off);
                let a = next("value")?;
                if a.as_rule() == Rule::type_expr {
                    let ty = self.ty(a, off)?;
                    Item::Define { name, ty: Some(ty), value: self.expr(next("value")?, off)? }
                } else {
                    Item::Define { name, ty: None, value: self.expr(a, off)? }
                }
            }
            Rule::param_item => {
                let name = self.ident(next("name")?, off);
                let mut ty = None;
                let mut value = None;
                let mut open = None;
                while let Ok(c) = next("value") {
                    match c.as_rule() {
                        Rule::type_expr => ty = Some(self.ty(c, off)?),
                        Rule::expr => value = Some(self.expr(c, off)?),
                        Rule::open_clause => {
                            let ospan = self.span(&c, off);
                            let es: Vec<_> = c.into_inner().filter(|x| x.as_rule() == Rule::expr).collect();
                            let range = match <[Pair<'_, Rule>; 2]>::try_from(es) {
                                Ok([a, b]) => Some((self.expr(a, off)?, self.expr(b, off)?)),
                                Err(_) => None,
                            };
                            open = Some(OpenClause { range, span: ospan });
                        }
                        _ => {}
                    }
                }
                let value = value.ok_or_else(|| Diagnostic::error("E0002", t!("E0002.param-without-value"), span))?;
                Item::Param { name, ty, value, open }
            }
            Rule::set_item => {
                Item::Set { name: self.ident(next("name")?, off), value: self.expr(next("value")?, off)? }
            }
            Rule::decision_item => {
                let name = self.ident(next("name")?, off);
                let ty = self.ty(next("type")?, off)?;
                let default = self.expr(next("default")?, off)?;
                let mut rules = Vec::new();
                while let Ok(r) = next("rule") {
                    rules.push(self.rule(r, off)?);
                }
                Item::Decision { name, ty, default, rules }
            }
            Rule::extend_decision => {
                let first = next("name")?;
                // `补充 判定 名称`: the `判定` keyword is filtered out with the other keywords.
                let name = self.ident(first, off);
                let mut rules = Vec::new();
                while let Ok(r) = next("rule") {
                    rules.push(self.rule(r, off)?);
                }
                Item::ExtendDecision { name, rules }
            }
            Rule::guarantee_item => {
                let name = self.ident(next("name")?, off);
                let mut citations = Vec::new();
                let mut exprs = Vec::new();
                while let Ok(c) = next("expr") {
                    match c.as_rule() {
                        Rule::citation => citations = self.citations(c, off),
                        Rule::expr => exprs.push(self.expr(c, off)?),
                        _ => {}
                    }
                }
                let assertion = exprs
                    .pop()
                    .ok_or_else(|| Diagnostic::error("E0002", t!("E0002.guarantee-without-condition"), span))?;
                Item::Guarantee { name, citations, cond: exprs.pop(), assertion }
            }
            Rule::sample_item => {
                Item::Sample { name: self.ident(next("name")?, off), value: self.record_lit(next("record")?, off)? }
            }
            Rule::output_item => {
                let record = self.ident(next("record")?, off);
                let mut decisions = Vec::new();
                while let Ok(d) = next("decision") {
                    decisions.push(self.ident(d, off));
                }
                Item::Output { record, decisions }
            }
            Rule::test_item => {
                let n = next("name")?;
                let name_span = self.span(&n, off);
                let name = self.string(&n);
                let mut given = None;
                let mut scenario = Vec::new();
                let mut expects = Vec::new();
                while let Ok(c) = next("test") {
                    match c.as_rule() {
                        Rule::test_given => {
                            if let Some(r) = c.into_inner().find(|x| x.as_rule() == Rule::record_lit) {
                                given = Some(self.record_lit(r, off)?);
                            }
                        }
                        Rule::test_scenario => {
                            for f in c.into_inner().filter(|x| x.as_rule() == Rule::field_init) {
                                scenario.push(self.field_init(f, off)?);
                            }
                        }
                        Rule::test_expect => {
                            if let Some(e) = c.into_inner().find(|x| !is_kw(x.as_rule())) {
                                if e.as_rule() == Rule::expect_conflict {
                                    if let Some(i) = e.into_inner().find(|x| x.as_rule() == Rule::ident) {
                                        expects.push(Expect::Conflict(self.ident(i, off)));
                                    }
                                } else {
                                    expects.push(Expect::Holds(self.expr(e, off)?));
                                }
                            }
                        }
                        _ => {}
                    }
                }
                let given = given.ok_or_else(|| Diagnostic::error("E0002", t!("E0002.test-without-given"), span))?;
                Item::Test(Test { name, name_span, given, scenario, expects })
            }
            _ => return Err(Diagnostic::error("E0002", t!("E0002.unknown-item"), span)),
        })
    }

    fn field_decl(&self, p: Pair<'_, Rule>, off: usize) -> R<FieldDecl> {
        let span = self.span(&p, off);
        let mut c = p.into_inner();
        let (Some(n), Some(t)) = (c.next(), c.next()) else {
            return Err(Diagnostic::error("E0002", t!("E0002.bad-field"), span));
        };
        Ok(FieldDecl { name: self.ident(n, off), ty: self.ty(t, off)? })
    }

    fn field_init(&self, p: Pair<'_, Rule>, off: usize) -> R<FieldInit> {
        let span = self.span(&p, off);
        let mut c = p.into_inner();
        let (Some(n), Some(v)) = (c.next(), c.next()) else {
            return Err(Diagnostic::error("E0002", t!("E0002.bad-field"), span));
        };
        Ok(FieldInit { name: self.ident(n, off), value: self.expr(v, off)? })
    }

    fn record_lit(&self, p: Pair<'_, Rule>, off: usize) -> R<RecordLit> {
        let span = self.span(&p, off);
        let mut c = p.into_inner();
        let base = c.next().ok_or_else(|| self_missing(span))?;
        let base = self.ident(base, off);
        let mut fields = Vec::new();
        for f in c {
            fields.push(self.field_init(f, off)?);
        }
        Ok(RecordLit { base, fields, span })
    }

    fn citations(&self, p: Pair<'_, Rule>, off: usize) -> Vec<Citation> {
        p.into_inner()
            .filter(|c| matches!(c.as_rule(), Rule::string_ascii | Rule::string_cjk))
            .map(|c| Citation { text: self.string(&c), span: self.span(&c, off) })
            .collect()
    }

    fn rule(&self, p: Pair<'_, Rule>, off: usize) -> R<Rule_> {
        let full = self.span(&p, off);
        let mut exception_of = None;
        let mut label = None;
        let mut citations = Vec::new();
        let mut cond = None;
        let mut value = None;
        let mut head_end = full.start;
        let mut seen_when = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::exception_of => {
                    if let Some(i) = c.into_inner().find(|x| x.as_rule() == Rule::ident) {
                        exception_of = Some(self.ident(i, off));
                    }
                }
                Rule::ident => {
                    let id = self.ident(c, off);
                    head_end = id.span.end;
                    label = Some(id);
                }
                Rule::kw_rule => head_end = head_end.max(self.span(&c, off).end),
                Rule::citation => {
                    head_end = self.span(&c, off).end;
                    citations = self.citations(c, off);
                }
                Rule::kw_when => seen_when = true,
                Rule::expr if seen_when && cond.is_none() => cond = Some(self.expr(c, off)?),
                Rule::expr => value = Some(self.expr(c, off)?),
                _ => {}
            }
        }
        let value = value.ok_or_else(|| Diagnostic::error("E0002", t!("E0002.rule-without-value"), full))?;
        let span = Span { file: full.file, start: full.start, end: head_end.max(full.start) };
        Ok(Rule_ { exception_of, label, citations, cond, value, span })
    }

    fn ty(&self, p: Pair<'_, Rule>, off: usize) -> R<TypeExpr> {
        let span = self.span(&p, off);
        let mut optional = false;
        let mut kind = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::optional_mark => optional = true,
                Rule::set_type => {
                    let elem = c.into_inner().find(|x| x.as_rule() == Rule::ident).ok_or_else(|| self_missing(span))?;
                    kind = Some(TypeKind::Set { elem: self.ident(elem, off) });
                }
                Rule::named_type => {
                    let mut name = None;
                    let mut unit = None;
                    for x in c.into_inner() {
                        match x.as_rule() {
                            Rule::ident | Rule::days_type => name = Some(self.ident(x, off)),
                            Rule::unit => {
                                let us = self.span(&x, off);
                                let text =
                                    x.into_inner().next().map(|t| t.as_str().trim().to_string()).unwrap_or_default();
                                unit = Some((text, us));
                            }
                            _ => {}
                        }
                    }
                    let name = name.ok_or_else(|| self_missing(span))?;
                    kind = Some(TypeKind::Named { name, unit });
                }
                _ => {}
            }
        }
        let kind = kind.ok_or_else(|| self_missing(span))?;
        Ok(TypeExpr { kind, optional, span })
    }

    /// Lower `p` as a node `depth` levels below the current one.
    fn sub(&self, p: Pair<'_, Rule>, off: usize, depth: usize) -> R<Expr> {
        let saved = self.depth.get();
        self.depth.set(saved + depth);
        let r = self.expr(p, off);
        self.depth.set(saved);
        r
    }

    /// The error for a tree deeper than [`MAX_NESTING`], at the expression `span` that goes too deep.
    fn deeper(&self, span: Span, levels: usize) -> R<()> {
        if self.depth.get() + levels > MAX_NESTING {
            return Err(Diagnostic::error("E0004", too_deep_message(), span)
                .with_label(t!("E0004.label", limit = MAX_NESTING))
                .with_help(too_deep_help()));
        }
        Ok(())
    }

    fn expr(&self, p: Pair<'_, Rule>, off: usize) -> R<Expr> {
        let span = self.span(&p, off);
        let rule = p.as_rule();
        self.deeper(span, 0)?;
        let mk = |kind| Ok(Expr { kind, span });
        match rule {
            Rule::expr | Rule::paren_expr | Rule::primary | Rule::string_lit | Rule::number_lit => {
                let inner = p.into_inner().next().ok_or_else(|| self_missing(span))?;
                if rule == Rule::paren_expr {
                    let mut e = self.expr(inner, off)?;
                    e.span = span;
                    return Ok(e);
                }
                self.expr(inner, off)
            }
            Rule::if_expr => {
                let es: Vec<_> = p.into_inner().filter(|c| c.as_rule() == Rule::expr).collect();
                let [c, a, b] = <[Pair<'_, Rule>; 3]>::try_from(es).map_err(|_| self_missing(span))?;
                mk(ExprKind::If(
                    Box::new(self.sub(c, off, 1)?),
                    Box::new(self.sub(a, off, 1)?),
                    Box::new(self.sub(b, off, 1)?),
                ))
            }
            Rule::match_expr => {
                let mut it = p.into_inner().filter(|c| !is_kw(c.as_rule()));
                let scrut = it.next().ok_or_else(|| self_missing(span))?;
                let scrutinee = Box::new(self.sub(scrut, off, 1)?);
                let mut arms = Vec::new();
                for a in it {
                    let aspan = self.span(&a, off);
                    let mut ac = a.into_inner();
                    let (Some(pat), Some(body)) = (ac.next(), ac.next()) else { return Err(self_missing(aspan)) };
                    let patterns =
                        pat.into_inner().filter(|x| x.as_rule() == Rule::ident).map(|x| self.ident(x, off)).collect();
                    arms.push(MatchArm { patterns, body: self.sub(body, off, 1)?, span: aspan });
                }
                mk(ExprKind::Match { scrutinee, arms })
            }
            Rule::or_expr | Rule::and_expr => {
                let op = if rule == Rule::or_expr { BinOp::Or } else { BinOp::And };
                let terms: Vec<Pair<'_, Rule>> = p.into_inner().filter(|c| !is_kw(c.as_rule())).collect();
                if terms.len() <= LEFT_DEEP_CHAIN {
                    // a short chain stays as written, left-deep (what diagnostics and explanations show)
                    self.deeper(span, terms.len().saturating_sub(1))?;
                    let n = terms.len();
                    let mut it = terms.into_iter();
                    let first = it.next().ok_or_else(|| self_missing(span))?;
                    let mut acc = self.sub(first, off, n.saturating_sub(1))?;
                    for (i, c) in it.enumerate() {
                        let rhs = self.sub(c, off, n - 1 - i)?;
                        let s = acc.span.to(rhs.span);
                        acc = Expr { kind: ExprKind::Binary(op, Box::new(acc), Box::new(rhs)), span: s };
                    }
                    return Ok(acc);
                }
                // a long chain is balanced: `且`/`或` are associative, and evaluating any grouping left to right
                // with short-circuits reads the same terms in the same order, so value and errors are the same
                let levels = usize::BITS as usize - terms.len().leading_zeros() as usize;
                self.deeper(span, levels)?;
                let mut lowered = Vec::with_capacity(terms.len());
                for c in terms {
                    lowered.push(self.sub(c, off, levels)?);
                }
                balanced(op, lowered).ok_or_else(|| self_missing(span))
            }
            Rule::not_expr => {
                let cs = children(p);
                match cs.as_slice() {
                    [single] => self.expr(single.clone(), off),
                    [_, inner] => mk(ExprKind::Not(Box::new(self.sub(inner.clone(), off, 1)?))),
                    _ => Err(self_missing(span)),
                }
            }
            Rule::predicate => {
                let mut it = p.into_inner();
                let lhs_p = it.next().ok_or_else(|| self_missing(span))?;
                match it.next() {
                    None => self.expr(lhs_p, off),
                    Some(tail) => {
                        let lhs = self.sub(lhs_p, off, 1)?;
                        self.pred_tail(lhs, tail, span, off)
                    }
                }
            }
            Rule::additive | Rule::multiplicative => {
                // left-deep, as written: the grouping decides where an intermediate result overflows
                let cs: Vec<Pair<'_, Rule>> = p.into_inner().collect();
                let n = cs.len().div_ceil(2);
                self.deeper(span, n.saturating_sub(1))?;
                let mut it = cs.into_iter();
                let first = it.next().ok_or_else(|| self_missing(span))?;
                let mut acc = self.sub(first, off, n.saturating_sub(1))?;
                let mut i = 0;
                while let (Some(op), Some(rhs)) = (it.next(), it.next()) {
                    let op = match op.as_str() {
                        "+" => BinOp::Add,
                        "-" => BinOp::Sub,
                        "*" | "×" => BinOp::Mul,
                        _ => BinOp::Div,
                    };
                    i += 1;
                    let rhs = self.sub(rhs, off, n - i)?;
                    let s = acc.span.to(rhs.span);
                    acc = Expr { kind: ExprKind::Binary(op, Box::new(acc), Box::new(rhs)), span: s };
                }
                Ok(acc)
            }
            Rule::unary => {
                let cs = children(p);
                let negs = cs.iter().filter(|c| c.as_rule() == Rule::neg_op).count();
                self.deeper(span, negs)?;
                let prim = cs.into_iter().find(|c| c.as_rule() == Rule::primary).ok_or_else(|| self_missing(span))?;
                let mut e = self.sub(prim, off, negs)?;
                for _ in 0..negs {
                    e = Expr { kind: ExprKind::Neg(Box::new(e)), span };
                }
                Ok(e)
            }
            Rule::has_expr => {
                let i = p.into_inner().find(|c| c.as_rule() == Rule::ident).ok_or_else(|| self_missing(span))?;
                mk(ExprKind::Has(self.ident(i, off)))
            }
            Rule::date_lit => mk(ExprKind::Date(p.as_str().to_string())),
            Rule::days_lit => {
                let n = p.into_inner().find(|c| c.as_rule() == Rule::number).ok_or_else(|| self_missing(span))?;
                mk(ExprKind::Days(n.as_str().to_string()))
            }
            Rule::quantity => {
                let mut it = p.into_inner();
                let (Some(n), Some(u)) = (it.next(), it.next()) else { return Err(self_missing(span)) };
                let unit_span = self.span(&u, off);
                let unit = u.into_inner().next().map(|t| t.as_str().trim().to_string()).unwrap_or_default();
                mk(ExprKind::Quantity { number: n.as_str().to_string(), unit, unit_span })
            }
            Rule::number => mk(ExprKind::Number(p.as_str().to_string())),
            Rule::true_lit => mk(ExprKind::Bool(true)),
            Rule::false_lit => mk(ExprKind::Bool(false)),
            Rule::string_ascii | Rule::string_cjk => mk(ExprKind::Text(self.string(&p))),
            Rule::set_lit | Rule::text_set => {
                let mut items = Vec::new();
                for c in p.into_inner() {
                    items.push(self.sub(c, off, 1)?);
                }
                mk(ExprKind::SetLit(items))
            }
            Rule::call => {
                let mut it = p.into_inner();
                let f = it.next().ok_or_else(|| self_missing(span))?;
                let f = self.ident(f, off);
                let mut args = Vec::new();
                for a in it {
                    args.push(self.sub(a, off, 1)?);
                }
                mk(ExprKind::Call(f, args))
            }
            Rule::path => {
                let mut it = p.into_inner();
                let a = it.next().ok_or_else(|| self_missing(span))?;
                let a = self.ident(a, off);
                let mut b = None;
                let mut view = None;
                for x in it {
                    match x.as_rule() {
                        Rule::scenario_view => view = Some(x),
                        _ => b = Some(self.ident(x, off)),
                    }
                }
                let Some(view) = view else { return mk(ExprKind::Path(a, b)) };
                let target_span = b.as_ref().map_or(a.span, |b| a.span.to(b.span));
                let target = Box::new(Expr { kind: ExprKind::Path(a, b), span: target_span });
                let mut fixed = Vec::new();
                for f in view.into_inner() {
                    let fspan = self.span(&f, off);
                    let mut fi = f.into_inner();
                    let (Some(name), Some(value)) = (fi.next(), fi.next()) else { return Err(self_missing(fspan)) };
                    fixed.push((self.ident(name, off), self.sub(value, off, 1)?));
                }
                mk(ExprKind::View { target, fixed })
            }
            _ => Err(self.bug(&p, off, "this expression")),
        }
    }

    fn pred_tail(&self, lhs: Expr, tail: Pair<'_, Rule>, span: Span, off: usize) -> R<Expr> {
        let mut it = tail.into_inner();
        let head = it.next().ok_or_else(|| self_missing(span))?;
        let arg = it.next();
        let bin = |op, rhs: Expr| Expr { kind: ExprKind::Binary(op, Box::new(lhs.clone()), Box::new(rhs)), span };
        fn need(a: Option<Pair<'_, Rule>>, span: Span) -> R<Pair<'_, Rule>> {
            a.ok_or_else(|| self_missing(span))
        }
        Ok(match head.as_rule() {
            Rule::cmp_op => {
                let op = match head.as_str() {
                    "==" => BinOp::Eq,
                    "!=" | "≠" => BinOp::Ne,
                    "<=" | "≤" => BinOp::Le,
                    ">=" | "≥" => BinOp::Ge,
                    "<" => BinOp::Lt,
                    _ => BinOp::Gt,
                };
                bin(op, self.sub(need(arg, span)?, off, 1)?)
            }
            Rule::kw_in | Rule::kw_not_in => {
                let negated = head.as_rule() == Rule::kw_not_in;
                let target = need(arg, span)?;
                let t = target.into_inner().next().ok_or_else(|| self_missing(span))?;
                if t.as_rule() == Rule::md_range {
                    let mds: Vec<_> = t.into_inner().collect();
                    let [a, b] = <[Pair<'_, Rule>; 2]>::try_from(mds).map_err(|_| self_missing(span))?;
                    let from = self.month_day(a, off)?;
                    let to = self.month_day(b, off)?;
                    Expr { kind: ExprKind::InMonthDays { value: Box::new(lhs), from, to, negated }, span }
                } else {
                    Expr {
                        kind: ExprKind::In { value: Box::new(lhs), target: Box::new(self.sub(t, off, 1)?), negated },
                        span,
                    }
                }
            }
            Rule::kw_is_empty => Expr { kind: ExprKind::IsEmpty { set: Box::new(lhs), negated: false }, span },
            Rule::kw_not_empty => Expr { kind: ExprKind::IsEmpty { set: Box::new(lhs), negated: true }, span },
            Rule::kw_starts => {
                let a = need(arg, span)?;
                let prefixes = if a.as_rule() == Rule::text_set {
                    let mut v = Vec::new();
                    for s in a.into_inner() {
                        let sp = self.span(&s, off);
                        v.push(Expr { kind: ExprKind::Text(self.string(&s)), span: sp });
                    }
                    v
                } else {
                    vec![self.sub(a, off, 1)?]
                };
                Expr { kind: ExprKind::StartsWith { text: Box::new(lhs), prefixes }, span }
            }
            Rule::kw_intersects => bin(BinOp::Intersects, self.sub(need(arg, span)?, off, 1)?),
            Rule::kw_subset => bin(BinOp::Subset, self.sub(need(arg, span)?, off, 1)?),
            Rule::kw_contains => bin(BinOp::Contains, self.sub(need(arg, span)?, off, 1)?),
            _ => return Err(self.bug(&head, off, "this operator")),
        })
    }

    fn month_day(&self, p: Pair<'_, Rule>, off: usize) -> R<MonthDay> {
        let span = self.span(&p, off);
        let s = p.as_str();
        let (m, d) = s.split_once('-').ok_or_else(|| self_missing(span))?;
        let month: u8 = m.parse().unwrap_or(0);
        let day: u8 = d.parse().unwrap_or(0);
        let max = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 => 29,
            _ => 0,
        };
        if day == 0 || day > max {
            return Err(Diagnostic::error("E0003", t!("E0003", text = s), span)
                .with_label(t!("E0003.label"))
                .with_help(t!("E0003.help")));
        }
        Ok(MonthDay { month, day, span })
    }
}

type Rule_ = crate::ast::Rule;

/// `且`/`或` chains of at most this many terms are kept left-deep as written; longer ones are balanced.
const LEFT_DEEP_CHAIN: usize = 16;

/// `terms` joined by `op` as a balanced tree (the terms keep their order).
fn balanced(op: BinOp, mut terms: Vec<Expr>) -> Option<Expr> {
    if terms.len() <= 1 {
        return terms.pop();
    }
    let right = terms.split_off(terms.len() / 2);
    let (a, b) = (balanced(op, terms)?, balanced(op, right)?);
    let span = a.span.to(b.span);
    Some(Expr { kind: ExprKind::Binary(op, Box::new(a), Box::new(b)), span })
}

fn self_missing(span: Span) -> Diagnostic {
    Diagnostic::error("E0002", t!("E0002"), span).with_help(t!("E0002.help"))
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(src: &str) -> File {
        let (f, d) = parse_file(0, src);
        assert!(d.is_empty(), "unexpected diagnostics: {d:?}");
        f
    }

    #[test]
    fn parses_chinese_decision_with_exception() {
        let f = ok("政策 河北.测试 \"t\"\n判定 甲: 布尔 默认 否 {\n 规则 高 依据 \"三（八）\": 当 乙 且 非 丙 为空 则 是\n 例外 高 规则 豁免 依据 \"三（八）\"：当 丁 则 否\n}\n");
        assert_eq!(f.header.as_ref().map(|h| h.name.name.as_str()), Some("河北.测试"));
        let Item::Decision { rules, .. } = &f.items[0] else { panic!("not a decision") };
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[1].exception_of.as_ref().map(|i| i.name.as_str()), Some("高"));
        assert_eq!(rules[1].label.as_ref().map(|i| i.name.as_str()), Some("豁免"));
    }

    #[test]
    fn keywords_are_whole_tokens() {
        // `否则` is else, `否` false, `有整改价值` a name, `非空` the not-empty test.
        let f = ok("定义 甲 = 若 有整改价值 则 否 否则 是\n定义 乙 = 排放 非空\n");
        assert_eq!(f.items.len(), 2);
        let Item::Define { value, .. } = &f.items[1] else { panic!() };
        assert!(matches!(value.kind, ExprKind::IsEmpty { negated: true, .. }));
    }

    #[test]
    fn english_spelling_parses_the_same_shape() {
        let f = ok(
            "policy a.b \"t\"\ndecision x: bool default false {\n rule r cites \"3\": when y and not z then true\n}\n",
        );
        assert!(matches!(f.items[0], Item::Decision { .. }));
    }

    #[test]
    fn recovers_to_report_every_broken_item() {
        let src = "定义 甲 = = 1\n定义 乙 = 2\n判定 丙: 布尔 默认 { }\n定义 丁 = 3\n";
        let (f, d) = parse_file(0, src);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(f.items.len(), 2);
    }

    #[test]
    fn month_day_is_validated() {
        let (_, d) = parse_file(0, "定义 甲 = 日期 在 02-30..03-31\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "E0003");
    }

    #[test]
    fn repl_input_parses_one_expression_or_record_literal_with_offset_spans() {
        let line = ":type 燃煤锅炉蒸吨 > 35 [t/h]";
        let start = line.find('燃').unwrap();
        let e = parse_expr(7, &line[start..], start).unwrap();
        assert!(matches!(e.kind, ExprKind::Binary(BinOp::Gt, _, _)));
        assert_eq!((e.span.file, e.span.start as usize, e.span.end as usize), (7, start, line.len()));
        // trailing input is an error, located where it starts
        let d = parse_expr(7, "甲 乙", 10).unwrap_err();
        assert_eq!((d.code, d.primary.start), ("E0001", 14));
        let r = parse_record_lit(0, "普通企业 { 绩效等级: A, 燃煤锅炉蒸吨: 20 [t/h] }", 0).unwrap();
        assert_eq!(r.base.name, "普通企业");
        assert_eq!(r.fields.len(), 2);
        assert!(parse_record_lit(0, "普通企业 { 绩效等级 A }", 0).is_err());
        assert!(parse_expr(0, "", 0).is_err());
    }

    #[test]
    fn quantity_and_dates() {
        let f = ok("定义 甲 = 蒸吨 <= 35 [t/h] 且 日期 >= 2026-01-01 + 3 天\n");
        assert_eq!(f.items.len(), 1);
    }
}
