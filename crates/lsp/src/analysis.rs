//! One open document: its text, the checked program, and what each request answers from them.

use jz_check::ir::{Program, RuleId};
use jz_check::{load_text, Checked};
use jz_syntax::ast::Item;
use jz_syntax::{Severity, Span};
use lsp_types::{
    CompletionItem, CompletionItemKind, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol, Hover,
    HoverContents, Location, MarkupContent, MarkupKind, NumberOrString, Position, Range, SymbolKind, TextEdit, Url,
};
use std::path::{Path, PathBuf};

/// Line starts of a text, for converting byte offsets to LSP positions (UTF-16 columns) and back.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let col: usize = text.get(start..offset).map_or(0, |s| s.chars().map(char::len_utf16).sum());
        Position::new(line as u32, col as u32)
    }

    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else { return text.len() };
        let mut units = 0usize;
        for (i, c) in text[start..].char_indices() {
            if units >= pos.character as usize || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    }

    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(self.position(text, start), self.position(text, end))
    }
}

/// A document and what checking it gave.
pub struct Analysis {
    pub uri: Url,
    pub path: PathBuf,
    pub text: String,
    /// The check of the current text.
    checked: Checked,
    /// The last check of this document that produced a program (the current one when it has no errors).
    good: Option<Checked>,
}

/// A named thing of the program.
#[derive(Clone, Copy, Debug)]
enum Entity {
    Decision(usize),
    Rule(usize, RuleId),
    Define(usize),
    Param(usize),
    Scenario(usize),
    Record(usize),
    Field(usize, usize),
    Enum(usize),
    Variant(usize, usize),
    Guarantee(usize),
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `offset` moved back to the start of the character it falls in.
fn floor_char(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// The identifier around byte `offset`, with its byte range.
fn word_at(text: &str, offset: usize) -> Option<(usize, usize, &str)> {
    let offset = floor_char(text, offset);
    let mut start = offset;
    for (i, c) in text[..offset].char_indices().rev() {
        if !is_word_char(c) {
            break;
        }
        start = i;
    }
    let end = text[offset..].char_indices().find(|&(_, c)| !is_word_char(c)).map_or(text.len(), |(i, _)| offset + i);
    (start < end).then(|| (start, end, &text[start..end]))
}

/// The word before byte `start` on the same line, if any.
fn prev_word(text: &str, start: usize) -> Option<&str> {
    let before = text[..start].trim_end_matches([' ', '\t']);
    let (s, e, w) = word_at(before, before.len())?;
    (e > s).then_some(w)
}

/// The string literal (`"…"` or `“…”`) on the line around byte `offset`: its contents.
fn string_at(text: &str, offset: usize) -> Option<String> {
    let offset = floor_char(text, offset);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let (open, close) = if rest.starts_with('"') {
            ('"', '"')
        } else if rest.starts_with('“') {
            ('“', '”')
        } else if rest.starts_with("//") {
            return None;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let body = i + open.len_utf8();
        let end = line[body..].find(close).map_or(line.len(), |e| body + e);
        if (line_start + i..=line_start + end).contains(&offset) {
            return Some(line[body..end].to_string());
        }
        i = (end + close.len_utf8()).min(line.len()).max(i + 1);
    }
    None
}

/// One article of a `source.txt`: `§ ID 操作性|说明 …` and its text.
struct Article {
    id: String,
    head: String,
    text: String,
}

fn articles(text: &str) -> Vec<Article> {
    let mut out: Vec<Article> = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix('§') {
            let id = h.split_whitespace().next().unwrap_or("").to_string();
            out.push(Article { id, head: h.trim().to_string(), text: String::new() });
        } else if let Some(a) = out.last_mut() {
            a.text.push_str(line);
            a.text.push('\n');
        }
    }
    out
}

fn canon(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

impl Analysis {
    pub fn new(uri: &Url, text: String, previous: Option<Analysis>) -> Analysis {
        let path = uri.to_file_path().unwrap_or_else(|()| PathBuf::from(uri.path()));
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let checked = load_text(&path.display().to_string(), &text, &dir);
        let good = if checked.program.is_some() {
            None
        } else {
            previous.and_then(|p| if p.checked.program.is_some() { Some(p.checked) } else { p.good })
        };
        Analysis { uri: uri.clone(), path, text, checked, good }
    }

    /// The program hover, definition and completion read.
    fn program(&self) -> Option<(&Checked, &Program)> {
        if let Some(p) = &self.checked.program {
            return Some((&self.checked, p));
        }
        self.good.as_ref().and_then(|c| c.program.as_ref().map(|p| (c, p)))
    }

    /// The file id of this document in `checked` (the entry is the first file loaded).
    const ENTRY: u32 = 0;

    /// The diagnostics of this check, as `jz check` reports them, by file: this document's first, then each file
    /// it brings in (`引用`, directly or not) that has any, at their real places. A diagnostic in a brought-in file
    /// is also shown in this document, on the `引用` that brings that file in, with a pointer to the real place.
    pub fn diagnostics(&self) -> Vec<(Url, Vec<lsp_types::Diagnostic>)> {
        let mut own = Vec::new();
        let mut others: Vec<(Url, Vec<lsp_types::Diagnostic>)> = Vec::new();
        let uses = self.uses();
        for d in &self.checked.diagnostics {
            let severity = Some(if d.severity == Severity::Error {
                DiagnosticSeverity::ERROR
            } else {
                DiagnosticSeverity::WARNING
            });
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(h);
            }
            for n in &d.notes {
                message.push_str("\nnote: ");
                message.push_str(n);
            }
            let related: Vec<DiagnosticRelatedInformation> = d
                .secondary
                .iter()
                .filter_map(|(s, m)| {
                    Some(DiagnosticRelatedInformation {
                        location: self.location(&self.checked, *s)?,
                        message: m.clone(),
                    })
                })
                .collect();
            let diag =
                |range: Range, message: String, related: Vec<DiagnosticRelatedInformation>| lsp_types::Diagnostic {
                    range,
                    severity,
                    code: Some(NumberOrString::String(d.code.to_string())),
                    source: Some("jz".into()),
                    message,
                    related_information: (!related.is_empty()).then_some(related),
                    ..Default::default()
                };
            if d.primary.file == Self::ENTRY {
                let range =
                    LineIndex::new(&self.text).range(&self.text, d.primary.start as usize, d.primary.end as usize);
                own.push(diag(range, message, related));
                continue;
            }
            // in a file brought in: there, and on the `引用` here that brings it in
            let real = self.location(&self.checked, d.primary);
            if let Some(loc) = &real {
                match others.iter_mut().find(|(u, _)| *u == loc.uri) {
                    Some((_, v)) => v.push(diag(loc.range, message.clone(), related.clone())),
                    None => others.push((loc.uri.clone(), vec![diag(loc.range, message.clone(), related.clone())])),
                }
            }
            let (line, _) = self.checked.sources.line_col(d.primary);
            let here = format!("in {}:{line}: {message}", self.place_name(d.primary.file));
            let via = uses.iter().filter(|(id, _)| *id <= d.primary.file).max_by_key(|(id, _)| *id);
            let range = via.map_or_else(Range::default, |(_, r)| *r);
            let mut pointer: Vec<DiagnosticRelatedInformation> = real
                .into_iter()
                .map(|location| DiagnosticRelatedInformation { location, message: d.message.clone() })
                .collect();
            pointer.extend(related);
            own.push(diag(range, here, pointer));
        }
        let mut out = vec![(self.uri.clone(), own)];
        out.extend(others);
        out
    }

    /// This document's `引用`s: the source id of the file each brings in, and the range of the `引用`. Files are
    /// numbered depth first as they are loaded, so a file brought in indirectly has an id at or after the one of
    /// the `引用` here that leads to it (and before the next).
    fn uses(&self) -> Vec<(u32, Range)> {
        let (file, _) = jz_syntax::parse_file(Self::ENTRY, &self.text);
        let idx = LineIndex::new(&self.text);
        let dir = self.path.parent().map(Path::to_path_buf).unwrap_or_default();
        let sources = &self.checked.sources;
        let ids: Vec<(u32, PathBuf)> = (1..sources.len()).map(|id| (id, canon(Path::new(sources.name(id))))).collect();
        file.items
            .iter()
            .filter_map(|it| match it {
                Item::Use { path, span } => {
                    let target = canon(&dir.join(path));
                    let (id, _) = ids.iter().find(|(_, p)| *p == target)?;
                    let text = self.text.get(span.start as usize..span.end as usize)?;
                    let end = span.start as usize + text.trim_end().len();
                    Some((*id, idx.range(&self.text, span.start as usize, end)))
                }
                _ => None,
            })
            .collect()
    }

    /// Whether this check read `path` (a file brought in, directly or not).
    pub fn depends_on(&self, path: &Path) -> bool {
        let target = canon(path);
        let sources = &self.checked.sources;
        (1..sources.len()).any(|id| canon(Path::new(sources.name(id))) == target)
    }

    /// A loaded file's name relative to this document's directory.
    fn place_name(&self, file: u32) -> String {
        if file == Self::ENTRY {
            return self.path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
        }
        let p = canon(Path::new(self.checked.sources.name(file)));
        let dir = canon(self.path.parent().unwrap_or(Path::new(".")));
        relative_to(&p, &dir)
    }

    /// Where a span of a checked program lies, as a file URL and range.
    fn location(&self, checked: &Checked, span: Span) -> Option<Location> {
        let (text, path) = if span.file == Self::ENTRY {
            (self.text.as_str(), self.path.clone())
        } else {
            (checked.sources.text(span.file), canon(Path::new(checked.sources.name(span.file))))
        };
        let uri = Url::from_file_path(&path).ok()?;
        let idx = LineIndex::new(text);
        Some(Location { uri, range: idx.range(text, span.start as usize, span.end as usize) })
    }

    /// The source of a span, without the blank and comment lines a parse span carries at its end.
    fn source_of(checked: &Checked, span: Span) -> &str {
        let mut s =
            checked.sources.text(span.file).get(span.start as usize..span.end as usize).unwrap_or("").trim_end();
        while let Some((head, last)) = s.rsplit_once('\n') {
            if last.trim().is_empty() || last.trim_start().starts_with("//") {
                s = head.trim_end();
            } else {
                break;
            }
        }
        s
    }

    /// `file:line` of a span, the file shown relative to this document's directory.
    fn place(&self, checked: &Checked, span: Span) -> String {
        let (line, _) = checked.sources.line_col(span);
        let name = if span.file == Self::ENTRY {
            self.path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default()
        } else {
            let p = canon(Path::new(checked.sources.name(span.file)));
            let dir = canon(self.path.parent().unwrap_or(Path::new(".")));
            relative_to(&p, &dir)
        };
        format!("{name}:{line}")
    }

    fn lookup(p: &Program, name: &str) -> Option<Entity> {
        if let Some(i) = p.decisions.iter().position(|d| d.name == name && d.shadow.is_none()) {
            return Some(Entity::Decision(i));
        }
        if let Some(i) = p.defines.iter().position(|d| d.name == name && d.shadow.is_none()) {
            return Some(Entity::Define(i));
        }
        if let Some(i) = p.params.iter().position(|d| d.name == name) {
            return Some(Entity::Param(i));
        }
        if let Some(i) = p.scenario.iter().position(|d| d.name == name) {
            return Some(Entity::Scenario(i));
        }
        if let Some(i) = p.records.iter().position(|d| d.name == name) {
            return Some(Entity::Record(i));
        }
        if let Some(i) = p.enums.iter().position(|d| d.name == name) {
            return Some(Entity::Enum(i));
        }
        if let Some(i) = p.guarantees.iter().position(|d| d.name == name) {
            return Some(Entity::Guarantee(i));
        }
        for (r, rec) in p.records.iter().enumerate() {
            if let Some(f) = rec.fields.iter().position(|f| f.name == name) {
                return Some(Entity::Field(r, f));
            }
        }
        for (e, en) in p.enums.iter().enumerate() {
            if let Some(v) = en.variants.iter().position(|v| v == name) {
                return Some(Entity::Variant(e, v));
            }
        }
        for (d, dec) in p.decisions.iter().enumerate().filter(|(_, d)| d.shadow.is_none()) {
            if let Some(r) = dec.rules.iter().position(|r| r.label.as_deref() == Some(name)) {
                return Some(Entity::Rule(d, r));
            }
        }
        None
    }

    fn entity_span(p: &Program, e: Entity) -> Option<Span> {
        Some(match e {
            Entity::Decision(i) => p.decisions.get(i)?.span,
            Entity::Rule(d, r) => p.decisions.get(d)?.rules.get(r)?.span,
            Entity::Define(i) => p.defines.get(i)?.span,
            Entity::Param(i) => p.params.get(i)?.span,
            Entity::Scenario(i) => p.scenario.get(i)?.span,
            Entity::Record(i) => p.records.get(i)?.span,
            Entity::Field(r, f) => p.records.get(r)?.fields.get(f)?.span,
            Entity::Enum(i) | Entity::Variant(i, _) => p.enums.get(i)?.span,
            Entity::Guarantee(i) => p.guarantees.get(i)?.span,
        })
    }

    /// Go to where the name under the cursor is declared: a decision (and, after its declaration, the first
    /// of its rules in each other file, i.e. the provinces' `补充`s), a rule an `例外` names, a parameter a
    /// `设定` sets, a definition, field, enum.
    pub fn definition(&self, offset: usize) -> Vec<Location> {
        let Some((checked, p)) = self.program() else { return Vec::new() };
        let Some((start, _, word)) = word_at(&self.text, offset) else { return Vec::new() };
        let Some(e) = Self::lookup_at(p, word, prev_word(&self.text, start)) else { return Vec::new() };
        let mut spans: Vec<Span> = Self::entity_span(p, e).into_iter().collect();
        if let Entity::Decision(i) = e {
            if let Some(d) = p.decisions.get(i) {
                let mut files = vec![Self::ENTRY, d.span.file];
                for r in &d.rules {
                    if !files.contains(&r.span.file) {
                        files.push(r.span.file);
                        spans.push(r.span);
                    }
                }
            }
        }
        spans.into_iter().filter_map(|s| self.location(checked, s)).collect()
    }

    /// After `例外` or `规则` a name is a rule label first.
    fn lookup_at(p: &Program, word: &str, before: Option<&str>) -> Option<Entity> {
        if matches!(before, Some("例外" | "exception" | "规则" | "rule")) {
            for (d, dec) in p.decisions.iter().enumerate().filter(|(_, d)| d.shadow.is_none()) {
                if let Some(r) = dec.rules.iter().position(|r| r.label.as_deref() == Some(word)) {
                    return Some(Entity::Rule(d, r));
                }
            }
        }
        Self::lookup(p, word)
    }

    pub fn hover(&self, offset: usize) -> Option<Hover> {
        let (checked, p) = self.program()?;
        let md = if let Some(cite) = string_at(&self.text, offset) {
            self.article(p, &cite)?
        } else {
            let (start, _, word) = word_at(&self.text, offset)?;
            self.describe(checked, p, Self::lookup_at(p, word, prev_word(&self.text, start))?)?
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md }),
            range: None,
        })
    }

    /// The article a citation names: from the `source.txt` beside this file, then beside the policies it
    /// refines (nearest first), then any loaded policy's.
    fn article(&self, p: &Program, cite: &str) -> Option<String> {
        let here = canon(self.path.parent()?);
        let dir_of = |path: &str| canon(Path::new(path)).parent().map(Path::to_path_buf);
        let mut dirs = vec![here.clone()];
        let mut current = p.policies.iter().rev().find(|pol| dir_of(&pol.path).as_deref() == Some(here.as_path()));
        while let Some(name) = current.and_then(|pol| pol.refines.clone()) {
            current = p.policies.iter().find(|pol| pol.name == name);
            if let Some(d) = current.and_then(|pol| dir_of(&pol.path)) {
                if dirs.contains(&d) {
                    break;
                }
                dirs.push(d);
            }
        }
        for pol in &p.policies {
            if let Some(d) = dir_of(&pol.path) {
                if !dirs.contains(&d) {
                    dirs.push(d);
                }
            }
        }
        for d in &dirs {
            let src = d.join("source.txt");
            let Ok(text) = std::fs::read_to_string(&src) else { continue };
            if let Some(a) = articles(&text).into_iter().find(|a| a.id == cite) {
                let shown = relative_to(&src, &here);
                return Some(format!("**§ {}** — `{shown}`\n\n{}", a.head, a.text.trim_end()));
            }
        }
        None
    }

    fn describe(&self, checked: &Checked, p: &Program, e: Entity) -> Option<String> {
        let code = |s: &str| format!("```jingzhun\n{s}\n```");
        let at = |span: Span| self.place(checked, span);
        Some(match e {
            Entity::Decision(i) => {
                let d = p.decisions.get(i)?;
                let mut s = code(&format!(
                    "判定 {}: {} 默认 {}",
                    d.name,
                    p.type_name(&d.ty),
                    Self::source_of(checked, d.default.span)
                ));
                s.push_str(&format!("\n\n记录 `{}`，声明于 {}\n\n", p.records.get(d.record)?.name, at(d.span)));
                fn tree(d: &jz_check::ir::DecisionDef, r: RuleId, depth: usize, out: &mut Vec<(usize, RuleId)>) {
                    out.push((depth, r));
                    if let Some(rule) = d.rules.get(r) {
                        for &c in &rule.children {
                            tree(d, c, depth + 1, out);
                        }
                    }
                }
                let mut order = Vec::new();
                for &r in &d.roots {
                    tree(d, r, 0, &mut order);
                }
                if order.is_empty() {
                    s.push_str("没有规则：总是取默认值。\n");
                }
                for (depth, r) in order {
                    let Some(rule) = d.rules.get(r) else { continue };
                    let cites = if rule.citations.is_empty() {
                        String::new()
                    } else {
                        format!(" 依据 {}", rule.citations.join("、"))
                    };
                    let kind = if depth == 0 { "规则" } else { "例外" };
                    s.push_str(&format!(
                        "{}- {kind} `{}`{cites} — {}\n",
                        "  ".repeat(depth),
                        rule.label.as_deref().unwrap_or("（无名）"),
                        at(rule.span)
                    ));
                }
                s
            }
            Entity::Rule(d, r) => {
                let dec = p.decisions.get(d)?;
                let rule = dec.rules.get(r)?;
                let mut s = format!(
                    "规则 `{}` of 判定 `{}` — {}",
                    rule.label.as_deref().unwrap_or(""),
                    dec.name,
                    at(rule.span)
                );
                if !rule.citations.is_empty() {
                    s.push_str(&format!("\n\n依据 {}", rule.citations.join("、")));
                }
                if let Some(parent) = rule.parent.and_then(|q| dec.rules.get(q)) {
                    s.push_str(&format!("\n\n例外于 `{}`", parent.label.as_deref().unwrap_or("")));
                }
                s
            }
            Entity::Define(i) => {
                let d = p.defines.get(i)?;
                let whole = Span { end: d.expr.span.end.max(d.span.end), ..d.span };
                format!(
                    "{}\n\n类型 {} — {}",
                    code(&format!("定义 {}", Self::source_of(checked, whole))),
                    p.type_name(&d.ty),
                    at(d.span)
                )
            }
            Entity::Param(i) => {
                let d = p.params.get(i)?;
                let mut s =
                    code(&format!("参数 {}: {} = {}", d.name, p.type_name(&d.ty), p.format_value(&d.ty, &d.value)));
                s.push_str(&format!("\n\n声明于 {}\n\n", at(d.span)));
                match &d.open {
                    Some(Some((lo, hi))) => s.push_str(&format!(
                        "**开放**，范围 [{}, {}]：细化本政策的政策可以用 `设定 {} = …` 在范围内取值；省里的保障对范围内每个值都要成立。",
                        p.format_value(&d.ty, lo),
                        p.format_value(&d.ty, hi),
                        d.name
                    )),
                    Some(None) => s.push_str(&format!(
                        "**开放**，不限范围：细化本政策的政策可以用 `设定 {} = …` 取值。",
                        d.name
                    )),
                    None => s.push_str("**不开放**：细化政策不能改变它。"),
                }
                if let Some(set) = d.set_at {
                    s.push_str(&format!(
                        "\n\n本政策链中由 `设定` 取为 {} — {}",
                        p.format_value(&d.ty, &d.value),
                        at(set)
                    ));
                }
                s
            }
            Entity::Scenario(i) => {
                let d = p.scenario.get(i)?;
                format!(
                    "{}\n\n情景值（默认 {}）— {}",
                    code(&format!("情景 {}: {}", d.name, p.type_name(&d.ty))),
                    p.format_value(&d.ty, &d.default),
                    at(d.span)
                )
            }
            Entity::Record(i) => {
                let r = p.records.get(i)?;
                let fields: Vec<String> = r
                    .fields
                    .iter()
                    .map(|f| format!("  {}: {}{}", f.name, p.type_name(&f.ty), if f.optional { "?" } else { "" }))
                    .collect();
                let key = r.fields.get(r.key).map_or("", |f| f.name.as_str());
                format!(
                    "{}\n\n{}",
                    code(&format!("记录 {} 键 {key} {{\n{}\n}}", r.name, fields.join("\n"))),
                    at(r.span)
                )
            }
            Entity::Field(r, f) => {
                let rec = p.records.get(r)?;
                let fd = rec.fields.get(f)?;
                format!(
                    "{}\n\n记录 `{}` 的字段{} — {}",
                    code(&format!("{}: {}{}", fd.name, p.type_name(&fd.ty), if fd.optional { "?" } else { "" })),
                    rec.name,
                    if fd.optional { "（可缺省：用 `有` 判断）" } else { "" },
                    at(fd.span)
                )
            }
            Entity::Enum(i) => {
                let en = p.enums.get(i)?;
                format!(
                    "{}\n\n有序：按声明顺序比较 — {}",
                    code(&format!("枚举 {} {{{}}}", en.name, en.variants.join(", "))),
                    at(en.span)
                )
            }
            Entity::Variant(i, v) => {
                let en = p.enums.get(i)?;
                format!(
                    "枚举 `{}` 的取值 `{}`（第 {} 个，共 {} 个）\n\n{}",
                    en.name,
                    en.variants.get(v)?,
                    v + 1,
                    en.variants.len(),
                    en.variants.join(" < ")
                )
            }
            Entity::Guarantee(i) => {
                let g = p.guarantees.get(i)?;
                let whole = Span { end: g.assertion.span.end.max(g.span.end), ..g.span };
                format!("{}\n\n{}", code(&format!("保障 {}", Self::source_of(checked, whole))), at(g.span))
            }
        })
    }

    /// Names of the program, enum variants, fields and the keywords in both spellings.
    pub fn completion(&self) -> Vec<CompletionItem> {
        let mut out = Vec::new();
        let item = |label: &str, kind: CompletionItemKind, detail: String| CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail: Some(detail),
            ..Default::default()
        };
        if let Some((_, p)) = self.program() {
            for d in p.decisions.iter().filter(|d| d.shadow.is_none()) {
                out.push(item(&d.name, CompletionItemKind::FUNCTION, format!("判定: {}", p.type_name(&d.ty))));
            }
            for d in p.defines.iter().filter(|d| d.shadow.is_none()) {
                out.push(item(&d.name, CompletionItemKind::VARIABLE, format!("定义: {}", p.type_name(&d.ty))));
            }
            for d in &p.params {
                out.push(item(&d.name, CompletionItemKind::CONSTANT, format!("参数: {}", p.type_name(&d.ty))));
            }
            for d in &p.scenario {
                out.push(item(&d.name, CompletionItemKind::VARIABLE, format!("情景: {}", p.type_name(&d.ty))));
            }
            for r in &p.records {
                out.push(item(&r.name, CompletionItemKind::STRUCT, "记录".into()));
                for f in &r.fields {
                    out.push(item(
                        &f.name,
                        CompletionItemKind::FIELD,
                        format!("{} 的字段: {}", r.name, p.type_name(&f.ty)),
                    ));
                }
            }
            for e in &p.enums {
                out.push(item(&e.name, CompletionItemKind::ENUM, "枚举".into()));
                for v in &e.variants {
                    out.push(item(v, CompletionItemKind::ENUM_MEMBER, format!("{} 的取值", e.name)));
                }
            }
        }
        for (zh, en) in KEYWORDS {
            out.push(item(zh, CompletionItemKind::KEYWORD, format!("关键字 ({en})")));
            out.push(item(en, CompletionItemKind::KEYWORD, format!("keyword ({zh})")));
        }
        out
    }

    /// The items of this file (decisions with their rules as children).
    pub fn symbols(&self) -> Vec<DocumentSymbol> {
        let (file, _) = jz_syntax::parse_file(0, &self.text);
        let idx = LineIndex::new(&self.text);
        let range = |s: Span| idx.range(&self.text, s.start as usize, s.end as usize);
        #[allow(deprecated, reason = "the field is deprecated but not optional in lsp-types 0.95")]
        let sym = |name: &str, detail: &str, kind: SymbolKind, span: Span, children: Option<Vec<DocumentSymbol>>| {
            DocumentSymbol {
                name: name.to_string(),
                detail: Some(detail.to_string()),
                kind,
                tags: None,
                deprecated: None,
                range: range(span),
                selection_range: range(span),
                children,
            }
        };
        let rules = |rs: &[jz_syntax::ast::Rule]| {
            let v: Vec<DocumentSymbol> = rs
                .iter()
                .map(|r| {
                    let name = r.label.as_ref().map_or("规则", |l| l.name.as_str());
                    sym(name, if r.exception_of.is_some() { "例外" } else { "规则" }, SymbolKind::METHOD, r.span, None)
                })
                .collect();
            (!v.is_empty()).then_some(v)
        };
        let mut out = Vec::new();
        for it in &file.items {
            match it {
                Item::Enum { name, .. } => out.push(sym(&name.name, "枚举", SymbolKind::ENUM, name.span, None)),
                Item::Record { name, .. } => out.push(sym(&name.name, "记录", SymbolKind::STRUCT, name.span, None)),
                Item::ExtendRecord { name, .. } => {
                    out.push(sym(&name.name, "补充 记录", SymbolKind::STRUCT, name.span, None))
                }
                Item::Define { name, .. } => out.push(sym(&name.name, "定义", SymbolKind::VARIABLE, name.span, None)),
                Item::Param { name, .. } => out.push(sym(&name.name, "参数", SymbolKind::CONSTANT, name.span, None)),
                Item::Set { name, .. } => out.push(sym(&name.name, "设定", SymbolKind::CONSTANT, name.span, None)),
                Item::Decision { name, rules: rs, .. } => {
                    out.push(sym(&name.name, "判定", SymbolKind::FUNCTION, name.span, rules(rs)))
                }
                Item::ExtendDecision { name, rules: rs } => {
                    out.push(sym(&name.name, "补充 判定", SymbolKind::FUNCTION, name.span, rules(rs)))
                }
                Item::Guarantee { name, .. } => {
                    out.push(sym(&name.name, "保障", SymbolKind::PROPERTY, name.span, None))
                }
                Item::Sample { name, .. } => out.push(sym(&name.name, "样本", SymbolKind::OBJECT, name.span, None)),
                Item::Test(t) => out.push(sym(&t.name, "测试", SymbolKind::EVENT, t.name_span, None)),
                Item::Use { .. } | Item::Scenario { .. } | Item::About { .. } | Item::Output { .. } => {}
            }
        }
        out
    }

    /// The whole document in `jz fmt`'s layout; no edit when it has syntax errors.
    pub fn formatting(&self) -> Vec<TextEdit> {
        match jz_fmt::format(&self.text, &jz_fmt::Options::default()) {
            Ok(out) if out != self.text => {
                let idx = LineIndex::new(&self.text);
                vec![TextEdit { range: idx.range(&self.text, 0, self.text.len()), new_text: out }]
            }
            _ => Vec::new(),
        }
    }
}

/// `path` relative to `dir` (with `..`), for messages.
fn relative_to(path: &Path, dir: &Path) -> String {
    let a: Vec<_> = path.components().collect();
    let b: Vec<_> = dir.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &a[common..] {
        out.push(c);
    }
    out.display().to_string()
}

/// Every keyword, Chinese and English spelling.
const KEYWORDS: &[(&str, &str)] = &[
    ("政策", "policy"),
    ("引用", "use"),
    ("细化", "refines"),
    ("枚举", "enum"),
    ("情景", "scenario"),
    ("记录", "record"),
    ("键", "key"),
    ("关于", "about"),
    ("定义", "define"),
    ("参数", "param"),
    ("开放", "open"),
    ("范围", "range"),
    ("设定", "set"),
    ("判定", "decision"),
    ("默认", "default"),
    ("规则", "rule"),
    ("例外", "exception"),
    ("依据", "cites"),
    ("当", "when"),
    ("则", "then"),
    ("保障", "guarantee"),
    ("测试", "test"),
    ("给定", "given"),
    ("期望", "expect"),
    ("冲突", "conflict"),
    ("样本", "sample"),
    ("补充", "extend"),
    ("输出", "output"),
    ("且", "and"),
    ("或", "or"),
    ("非", "not"),
    ("若", "if"),
    ("否则", "else"),
    ("匹配", "match"),
    ("属于", "in"),
    ("不属于", "not in"),
    ("为空", "is empty"),
    ("非空", "is not empty"),
    ("有", "has"),
    ("开头为", "starts with"),
    ("相交", "intersects"),
    ("包含于", "subset of"),
    ("包含", "contains"),
    ("天", "days"),
    ("是", "true"),
    ("否", "false"),
    ("集合", "set"),
    ("上级", "上级"),
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_round_trip() {
        let text = "定义 甲 = 1\n规则 𝔸乙";
        let idx = LineIndex::new(text);
        let off = text.find('乙').unwrap();
        let pos = idx.position(text, off);
        assert_eq!(pos, Position::new(1, 5)); // 规 则 space 𝔸(2 units)
        assert_eq!(idx.offset(text, pos), off);
    }

    #[test]
    fn the_word_and_the_string_under_the_cursor_are_found() {
        let text = "规则 甲 依据 \"三（四）\", “三（九）”: 当 预警级别 > 无";
        let at = |s: &str| text.find(s).unwrap() + 1;
        assert_eq!(string_at(text, at("三（四）")).as_deref(), Some("三（四）"));
        assert_eq!(string_at(text, at("三（九）")).as_deref(), Some("三（九）"));
        assert_eq!(string_at(text, at("预警级别")), None);
        assert_eq!(word_at(text, at("预警级别")).map(|w| w.2), Some("预警级别"));
    }

    #[test]
    fn articles_are_split_at_section_marks() {
        let a = articles("§ 一 说明\n总则。\n§ 三（四） 操作性\n分类施策。\n第二行。\n");
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].id, "三（四）");
        assert_eq!(a[1].text, "分类施策。\n第二行。\n");
    }
}
