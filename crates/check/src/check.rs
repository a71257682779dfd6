//! Name resolution and type checking: AST → [`Program`]. Reports every error it can per item and keeps going.

use crate::error::CheckError as E;
use crate::ir::*;
use crate::types::{parse_date, value_cmp, Type, Unit, Value};
use jz_syntax::ast::{self, BinOp, ExprKind as A};
use jz_syntax::{Diagnostic, SourceMap, Span};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pub struct LoadedFile {
    pub id: u32,
    pub path: PathBuf,
    pub ast: ast::File,
    /// Files this one brings in with `引用`.
    pub deps: Vec<u32>,
}

/// The result of loading and checking: the sources (for rendering), the program when there were no errors,
/// and every diagnostic (errors and warnings).
pub struct Checked {
    pub sources: SourceMap,
    pub program: Option<Program>,
    pub diagnostics: Vec<Diagnostic>,
    /// The `样本` of every loaded file, in declaration order (for the REPL; tests already inline them).
    pub samples: Vec<SampleDef>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

type Res<T> = Result<T, ()>;

#[derive(Clone, Copy)]
struct Ctx {
    record: Option<RecordId>,
}

#[derive(Clone, Copy, PartialEq)]
enum DefState {
    Todo,
    InProgress,
    Done,
    Failed,
}

pub(crate) struct Checker<'a> {
    diags: Vec<Diagnostic>,
    p: Program,
    enum_by_name: HashMap<String, usize>,
    variants: HashMap<String, Vec<(usize, u16)>>,
    record_by_name: HashMap<String, usize>,
    scen_by_name: HashMap<String, usize>,
    param_by_name: HashMap<String, usize>,
    define_by_key: HashMap<(Option<usize>, String), usize>,
    decision_by_key: HashMap<(usize, String), usize>,
    define_ast: Vec<(&'a ast::Expr, Option<&'a ast::TypeExpr>)>,
    define_state: Vec<DefState>,
    define_stack: Vec<usize>,
    present: Vec<FieldId>,
    samples: HashMap<String, (RecordId, Vec<Option<Expr>>, Span)>,
    cycle_reported: bool,
    pending_exceptions: Vec<(DecisionId, RuleId, ast::Ident)>,
    /// Checking REPL input rather than policy files (changes a few `help` lines).
    repl: bool,
    /// Checking a guarantee: `上级.X` may be read.
    in_guarantee: bool,
    /// `上级.X` references: the guarantee (index) and the span of the reference, rewritten to the superior
    /// policy's copy of X once every rule is linked.
    parent_refs: Vec<(usize, Span)>,
    /// `X[情景值 = 常量]` references: the guarantee (index), the span of the reference and the fixed values
    /// (sorted by id), rewritten to a view of X once the `上级.X` references are resolved.
    views: Vec<ViewRef>,
}

/// A `X[情景值 = 常量]` reference: guarantee index, span, fixed values sorted by id.
type ViewRef = (usize, Span, Vec<(ScenId, Value)>);

pub fn check_files(sources: SourceMap, files: Vec<LoadedFile>, mut diags: Vec<Diagnostic>) -> Checked {
    let mut c = Checker {
        diags: Vec::new(),
        p: Program::default(),
        enum_by_name: HashMap::new(),
        variants: HashMap::new(),
        record_by_name: HashMap::new(),
        scen_by_name: HashMap::new(),
        param_by_name: HashMap::new(),
        define_by_key: HashMap::new(),
        decision_by_key: HashMap::new(),
        define_ast: Vec::new(),
        define_state: Vec::new(),
        define_stack: Vec::new(),
        present: Vec::new(),
        samples: HashMap::new(),
        cycle_reported: false,
        pending_exceptions: Vec::new(),
        repl: false,
        in_guarantee: false,
        parent_refs: Vec::new(),
        views: Vec::new(),
    };
    c.run(&files);
    diags.append(&mut c.diags);
    let ok = !diags.iter().any(Diagnostic::is_error);
    let mut samples: Vec<SampleDef> =
        c.samples.drain().map(|(name, (record, fields, span))| SampleDef { name, record, fields, span }).collect();
    samples.sort_by_key(|s| (s.span.file, s.span.start));
    Checked { sources, program: ok.then_some(c.p), diagnostics: diags, samples }
}

/// A checker for input typed against an already-checked program (see [`crate::Scope`]): every name of the
/// program resolves as it did in the policy files, plus the given samples.
impl Checker<'static> {
    pub(crate) fn for_program(p: &Program, samples: &[SampleDef]) -> Checker<'static> {
        let mut variants: HashMap<String, Vec<(usize, u16)>> = HashMap::new();
        for (e, def) in p.enums.iter().enumerate() {
            for (i, v) in def.variants.iter().enumerate() {
                variants.entry(v.clone()).or_default().push((e, i as u16));
            }
        }
        let mut c = Checker {
            diags: Vec::new(),
            p: p.clone(),
            enum_by_name: p.enums.iter().enumerate().map(|(i, e)| (e.name.clone(), i)).collect(),
            variants,
            record_by_name: p.records.iter().enumerate().map(|(i, r)| (r.name.clone(), i)).collect(),
            scen_by_name: p.scenario.iter().enumerate().map(|(i, s)| (s.name.clone(), i)).collect(),
            param_by_name: p.params.iter().enumerate().map(|(i, x)| (x.name.clone(), i)).collect(),
            define_by_key: p
                .defines
                .iter()
                .enumerate()
                .filter(|(_, d)| d.shadow.is_none())
                .map(|(i, d)| ((d.record, d.name.clone()), i))
                .collect(),
            decision_by_key: p
                .decisions
                .iter()
                .enumerate()
                .filter(|(_, d)| d.shadow.is_none())
                .map(|(i, d)| ((d.record, d.name.clone()), i))
                .collect(),
            define_ast: Vec::new(),
            define_state: vec![DefState::Done; p.defines.len()],
            define_stack: Vec::new(),
            present: Vec::new(),
            samples: HashMap::new(),
            cycle_reported: false,
            pending_exceptions: Vec::new(),
            repl: true,
            in_guarantee: false,
            parent_refs: Vec::new(),
            views: Vec::new(),
        };
        for s in samples {
            c.add_sample(s.clone());
        }
        c
    }

    pub(crate) fn add_sample(&mut self, s: SampleDef) {
        self.samples.insert(s.name, (s.record, s.fields, s.span));
    }

    pub(crate) fn remove_sample(&mut self, name: &str) {
        self.samples.remove(name);
    }

    /// Check one expression in the context of `record` (its fields and decisions are in scope).
    pub(crate) fn check_expr(
        &mut self,
        e: &ast::Expr,
        record: Option<RecordId>,
        expected: Option<&Type>,
    ) -> Result<Expr, Vec<Diagnostic>> {
        self.present.clear();
        let ctx = Ctx { record };
        let r = match expected {
            Some(t) => self.expect_type(e, ctx, t),
            None => self.expr(e, ctx, None),
        };
        self.present.clear();
        let diags = std::mem::take(&mut self.diags);
        match r {
            Ok(x) if !diags.iter().any(Diagnostic::is_error) => Ok(x),
            _ => Err(diags),
        }
    }

    /// Check one record literal: its record type and one expression per field.
    pub(crate) fn check_record_lit(
        &mut self,
        lit: &ast::RecordLit,
    ) -> Result<(RecordId, Vec<Option<Expr>>), Vec<Diagnostic>> {
        self.present.clear();
        let r = self.record_lit(lit);
        let diags = std::mem::take(&mut self.diags);
        match r {
            Ok(x) if !diags.iter().any(Diagnostic::is_error) => Ok(x),
            _ => Err(diags),
        }
    }
}

fn suggest<'n>(name: &str, candidates: impl Iterator<Item = &'n str>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .filter(|c| *c != name)
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

fn lit(v: Value, ty: Type, span: Span) -> Expr {
    Expr { kind: ExprKind::Lit(v), ty, span }
}

fn placeholder(span: Span) -> Expr {
    lit(Value::Bool(false), Type::Bool, span)
}

impl<'a> Checker<'a> {
    fn err<T>(&mut self, e: E) -> Res<T> {
        self.diags.push(e.into_diagnostic());
        Err(())
    }
    fn report(&mut self, e: E) {
        self.diags.push(e.into_diagnostic());
    }

    fn run(&mut self, files: &'a [LoadedFile]) {
        // policies
        for f in files {
            let (name, title, refines) = match &f.ast.header {
                Some(h) => (h.name.name.clone(), h.title.clone(), h.refines.as_ref().map(|r| r.name.clone())),
                None => (f.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(), None, None),
            };
            self.p.policies.push(PolicyInfo {
                name,
                title,
                file: f.id,
                path: f.path.display().to_string(),
                refines,
                deps: f.deps.clone(),
            });
        }
        for f in files {
            if let Some(h) = &f.ast.header {
                if let Some(r) = &h.refines {
                    if !self.p.policies.iter().any(|p| p.name == r.name && p.file != f.id) {
                        self.report(E::RefinesUnknown { name: r.name.clone(), span: r.span });
                    }
                }
            }
        }
        let items = || files.iter().flat_map(|f| f.ast.items.iter());
        // 1. enums
        for it in items() {
            if let ast::Item::Enum { name, variants } = it {
                self.declare_enum(name, variants);
            }
        }
        // 2. records and scenario
        for it in items() {
            match it {
                ast::Item::Record { name, key, fields } => self.declare_record(name, key, fields),
                ast::Item::Scenario { fields } => {
                    for f in fields {
                        self.declare_scenario(f);
                    }
                }
                _ => {}
            }
        }
        for it in items() {
            if let ast::Item::ExtendRecord { name, fields } = it {
                match self.record_by_name.get(&name.name).copied() {
                    Some(r) => {
                        for f in fields {
                            self.add_field(r, f);
                        }
                    }
                    None => {
                        let s = suggest(&name.name, self.record_by_name.keys().map(String::as_str));
                        self.report(E::UnknownRecord { name: name.name.clone(), suggestion: s, span: name.span });
                    }
                }
            }
        }
        self.p.outputs = vec![Vec::new(); self.p.records.len()];
        // 3. params
        for it in items() {
            if let ast::Item::Param { name, ty, value, open } = it {
                self.declare_param(name, ty.as_ref(), value, open.as_ref());
            }
        }
        // 4. declarations with their record context
        let mut extensions: Vec<(&'a ast::Ident, &'a [ast::Rule])> = Vec::new();
        let mut guarantees = Vec::new();
        let mut tests = Vec::new();
        let mut samples = Vec::new();
        let mut outputs = Vec::new();
        let mut sets = Vec::new();
        let mut decision_asts: Vec<(&'a ast::Expr, &'a [ast::Rule])> = Vec::new();
        for f in files {
            let mut ctx = Ctx { record: None };
            for it in &f.ast.items {
                match it {
                    ast::Item::About { record } => match self.record_by_name.get(&record.name) {
                        Some(r) => ctx.record = Some(*r),
                        None => {
                            let s = suggest(&record.name, self.record_by_name.keys().map(String::as_str));
                            self.report(E::UnknownRecord {
                                name: record.name.clone(),
                                suggestion: s,
                                span: record.span,
                            });
                        }
                    },
                    ast::Item::Define { name, ty, value } => self.declare_define(ctx, name, ty.as_ref(), value),
                    ast::Item::Decision { name, ty, default, rules } => {
                        let Some(record) = ctx.record else {
                            self.report(E::NoRecordContext { what: "decision", span: name.span });
                            continue;
                        };
                        let key = (record, name.name.clone());
                        if let Some(&first) = self.decision_by_key.get(&key) {
                            let first = self.p.decisions.get(first).map(|d| d.span).unwrap_or_default();
                            self.report(E::Duplicate {
                                kind: "decision",
                                name: name.name.clone(),
                                span: name.span,
                                first,
                            });
                            continue;
                        }
                        if self.name_taken(Some(record), name) {
                            continue;
                        }
                        let ty = self.resolve_type(ty).unwrap_or(Type::Bool);
                        self.decision_by_key.insert(key, self.p.decisions.len());
                        self.p.decisions.push(DecisionDef {
                            name: name.name.clone(),
                            record,
                            ty,
                            default: placeholder(default.span),
                            rules: Vec::new(),
                            roots: Vec::new(),
                            span: name.span,
                            shadow: None,
                        });
                        decision_asts.push((default, rules));
                    }
                    ast::Item::ExtendDecision { name, rules } => extensions.push((name, rules)),
                    ast::Item::Guarantee { name, citations, cond, assertion } => {
                        guarantees.push((ctx, name, citations, cond.as_ref(), assertion))
                    }
                    ast::Item::Test(t) => tests.push(t),
                    ast::Item::Sample { name, value } => samples.push((name, value)),
                    ast::Item::Output { record, decisions } => outputs.push((record, decisions)),
                    ast::Item::Set { name, value } => sets.push((name, value)),
                    _ => {}
                }
            }
        }
        // 5. set open params
        for (name, value) in sets {
            self.set_param(name, value);
        }
        // 6. bodies
        for i in 0..self.define_ast.len() {
            self.check_define(i);
        }
        for (i, (default, rules)) in decision_asts.into_iter().enumerate() {
            self.check_decision_body(i, default, rules);
        }
        for (name, rules) in extensions {
            match self.find_decision(name) {
                Some(d) => {
                    for r in rules {
                        self.add_rule(d, r);
                    }
                }
                None => {
                    let s = suggest(&name.name, self.p.decisions.iter().map(|d| d.name.as_str()));
                    self.report(E::UnknownDecision { name: name.name.clone(), suggestion: s, span: name.span });
                }
            }
        }
        for (ctx, name, citations, cond, assertion) in guarantees {
            self.check_guarantee(ctx, name, citations, cond, assertion);
        }
        for (name, value) in samples {
            if let Some(first) = self.samples.get(&name.name).map(|s| s.2) {
                self.report(E::Duplicate { kind: "sample", name: name.name.clone(), span: name.span, first });
                continue;
            }
            if let Ok((r, fields)) = self.record_lit(value) {
                self.samples.insert(name.name.clone(), (r, fields, name.span));
            }
        }
        for t in tests {
            self.check_test(t);
        }
        for (record, decisions) in outputs {
            self.check_output(record, decisions);
        }
        // 7. rule trees, 8. cycles
        for d in 0..self.p.decisions.len() {
            self.link_rules(d);
        }
        for (r, out) in self.p.outputs.iter_mut().enumerate() {
            if out.is_empty() {
                *out = self.p.decisions.iter().enumerate().filter(|(_, d)| d.record == r).map(|(i, _)| i).collect();
            }
        }
        if !self.cycle_reported {
            self.find_cycles();
        }
        if !self.diags.iter().any(Diagnostic::is_error) {
            self.resolve_parent_refs();
            self.resolve_views();
        }
    }

    /// Point every `X[情景值 = 常量]` at the view of X (itself a superior's copy for `上级.X[…]`).
    fn resolve_views(&mut self) {
        for (gi, span, fixed) in std::mem::take(&mut self.views) {
            let mut target = None;
            if let Some(g) = self.p.guarantees.get(gi) {
                for e in g.cond.iter().chain(std::iter::once(&g.assertion)) {
                    e.walk(&mut |x| {
                        if let ExprKind::Decision(d) = x.kind {
                            if x.span == span {
                                target = Some(d);
                            }
                        }
                    });
                }
            }
            let Some(d) = target else { continue };
            let copy = self.p.view(&fixed, d);
            if let Some(g) = self.p.guarantees.get_mut(gi) {
                let mut stack: Vec<&mut Expr> = g.cond.iter_mut().chain(std::iter::once(&mut g.assertion)).collect();
                while let Some(x) = stack.pop() {
                    if x.span == span && matches!(x.kind, ExprKind::Decision(_)) {
                        x.kind = ExprKind::Decision(copy);
                    } else {
                        stack.extend(x.children_mut());
                    }
                }
            }
        }
    }

    /// Point every `上级.X` at X as the policy that declares its guarantee decides it.
    fn resolve_parent_refs(&mut self) {
        for (gi, span) in std::mem::take(&mut self.parent_refs) {
            let Some(level) = self.p.guarantees.get(gi).and_then(|g| self.p.level_of_file(g.span.file)) else {
                continue;
            };
            let mut targets = Vec::new();
            if let Some(g) = self.p.guarantees.get(gi) {
                for e in g.cond.iter().chain(std::iter::once(&g.assertion)) {
                    e.walk(&mut |x| {
                        if let ExprKind::Decision(d) = x.kind {
                            if x.span == span {
                                targets.push(d);
                            }
                        }
                    });
                }
            }
            let copies = self.p.shadows(level, &targets);
            let Some(&copy) = copies.first() else { continue };
            if let Some(g) = self.p.guarantees.get_mut(gi) {
                let mut stack: Vec<&mut Expr> = g.cond.iter_mut().chain(std::iter::once(&mut g.assertion)).collect();
                while let Some(x) = stack.pop() {
                    if x.span == span && matches!(x.kind, ExprKind::Decision(_)) {
                        x.kind = ExprKind::Decision(copy);
                    } else {
                        stack.extend(x.children_mut());
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ declarations

    fn declare_enum(&mut self, name: &ast::Ident, variants: &[ast::Ident]) {
        if let Some(&first) = self.enum_by_name.get(&name.name) {
            let first = self.p.enums.get(first).map(|e| e.span).unwrap_or_default();
            self.report(E::Duplicate { kind: "enum", name: name.name.clone(), span: name.span, first });
            return;
        }
        let id = self.p.enums.len();
        let mut vs: Vec<String> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        for v in variants {
            if let Some(i) = vs.iter().position(|x| *x == v.name) {
                let first = spans.get(i).copied().unwrap_or_default();
                self.report(E::Duplicate { kind: "variant", name: v.name.clone(), span: v.span, first });
                continue;
            }
            self.variants.entry(v.name.clone()).or_default().push((id, vs.len() as u16));
            vs.push(v.name.clone());
            spans.push(v.span);
        }
        self.enum_by_name.insert(name.name.clone(), id);
        self.p.enums.push(EnumDef { name: name.name.clone(), variants: vs, span: name.span });
    }

    fn resolve_type(&mut self, t: &ast::TypeExpr) -> Res<Type> {
        match &t.kind {
            ast::TypeKind::Set { elem } => match self.enum_by_name.get(&elem.name).copied() {
                Some(e) => {
                    if self.p.enums.get(e).map_or(0, |d| d.variants.len()) > 64 {
                        return self.err(E::SetTooLarge { enum_name: elem.name.clone(), span: elem.span });
                    }
                    Ok(Type::Set(e))
                }
                None => {
                    let s = suggest(&elem.name, self.enum_by_name.keys().map(String::as_str));
                    self.err(E::UnknownType { name: elem.name.clone(), suggestion: s, span: elem.span })
                }
            },
            ast::TypeKind::Named { name, unit } => {
                let base = match name.name.as_str() {
                    "布尔" | "bool" => Type::Bool,
                    "整数" | "int" => Type::Int,
                    "数值" | "decimal" | "number" => Type::Dec(Unit::none()),
                    "文本" | "text" => Type::Text,
                    "日期" | "date" => Type::Date,
                    "天数" | "days" => Type::Days,
                    other => match self.enum_by_name.get(other) {
                        Some(e) => Type::Enum(*e),
                        None => {
                            const BUILTIN: [&str; 12] = [
                                "布尔", "bool", "整数", "int", "数值", "decimal", "文本", "text", "日期", "date",
                                "天数", "days",
                            ];
                            let s = suggest(other, self.enum_by_name.keys().map(String::as_str).chain(BUILTIN));
                            return self.err(E::UnknownType {
                                name: other.to_string(),
                                suggestion: s,
                                span: name.span,
                            });
                        }
                    },
                };
                match (unit, base) {
                    (None, b) => Ok(b),
                    (Some((text, span)), Type::Dec(_)) => match Unit::parse(text) {
                        Some(u) => Ok(Type::Dec(u)),
                        None => self.err(E::BadUnit { text: text.clone(), span: *span }),
                    },
                    (Some((_, span)), b) => {
                        let found = self.p.type_name(&b);
                        self.err(E::TypeMismatch {
                            expected: "数值 (only numbers take units)".into(),
                            found,
                            span: *span,
                        })
                    }
                }
            }
        }
    }

    fn declare_record(&mut self, name: &ast::Ident, key: &ast::Ident, fields: &[ast::FieldDecl]) {
        if let Some(&first) = self.record_by_name.get(&name.name) {
            let first = self.p.records.get(first).map(|r| r.span).unwrap_or_default();
            self.report(E::Duplicate { kind: "record", name: name.name.clone(), span: name.span, first });
            return;
        }
        let r = self.p.records.len();
        self.record_by_name.insert(name.name.clone(), r);
        self.p.records.push(RecordDef { name: name.name.clone(), key: 0, fields: Vec::new(), span: name.span });
        for f in fields {
            self.add_field(r, f);
        }
        let key_field = self.p.records.get(r).and_then(|rec| rec.field(&key.name));
        let ok = key_field
            .and_then(|k| self.p.records.get(r).and_then(|rec| rec.fields.get(k)))
            .is_some_and(|f| !f.optional);
        match key_field {
            Some(k) if ok => {
                if let Some(rec) = self.p.records.get_mut(r) {
                    rec.key = k;
                }
            }
            _ => self.report(E::BadKey { record: name.name.clone(), key: key.name.clone(), span: key.span }),
        }
    }

    fn add_field(&mut self, r: RecordId, f: &ast::FieldDecl) {
        let Ok(ty) = self.resolve_type(&f.ty) else { return };
        let Some(rec) = self.p.records.get(r) else { return };
        if let Some(i) = rec.field(&f.name.name) {
            let first = rec.fields.get(i).map(|x| x.span).unwrap_or_default();
            self.report(E::Duplicate { kind: "field", name: f.name.name.clone(), span: f.name.span, first });
            return;
        }
        if let Some(rec) = self.p.records.get_mut(r) {
            rec.fields.push(FieldDef { name: f.name.name.clone(), ty, optional: f.ty.optional, span: f.name.span });
        }
    }

    fn declare_scenario(&mut self, f: &ast::ScenarioField) {
        if let Some(&first) = self.scen_by_name.get(&f.name.name) {
            let first = self.p.scenario.get(first).map(|s| s.span).unwrap_or_default();
            self.report(E::Duplicate { kind: "scenario value", name: f.name.name.clone(), span: f.name.span, first });
            return;
        }
        let Ok(ty) = self.resolve_type(&f.ty) else { return };
        let Ok(default) = self.constant(&f.default, &ty) else { return };
        self.scen_by_name.insert(f.name.name.clone(), self.p.scenario.len());
        self.p.scenario.push(ScenarioParam { name: f.name.name.clone(), ty, default, span: f.name.span });
    }

    fn declare_param(
        &mut self,
        name: &ast::Ident,
        ty: Option<&ast::TypeExpr>,
        value: &ast::Expr,
        open: Option<&ast::OpenClause>,
    ) {
        if let Some(&first) = self.param_by_name.get(&name.name) {
            let first = self.p.params.get(first).map(|s| s.span).unwrap_or_default();
            self.report(E::Duplicate { kind: "parameter", name: name.name.clone(), span: name.span, first });
            return;
        }
        let declared = match ty {
            Some(t) => match self.resolve_type(t) {
                Ok(t) => Some(t),
                Err(()) => return,
            },
            None => None,
        };
        let Ok((v, ty)) = self.constant_infer(value, declared.as_ref()) else { return };
        let open = match open {
            None => None,
            Some(o) => match &o.range {
                None => Some(None),
                Some((lo, hi)) => {
                    let (Ok(lo), Ok(hi)) = (self.constant(lo, &ty), self.constant(hi, &ty)) else { return };
                    if value_cmp(&v, &lo) == Some(Ordering::Less) || value_cmp(&v, &hi) == Some(Ordering::Greater) {
                        let f = |x: &Value| self.p.format_value(&ty, x);
                        let e = E::ParamOutOfBounds {
                            name: name.name.clone(),
                            value: f(&v),
                            lo: f(&lo),
                            hi: f(&hi),
                            span: value.span,
                        };
                        self.report(e);
                    }
                    Some(Some((lo, hi)))
                }
            },
        };
        self.param_by_name.insert(name.name.clone(), self.p.params.len());
        self.p.params.push(ParamDef { name: name.name.clone(), ty, value: v, open, span: name.span, set_at: None });
    }

    fn set_param(&mut self, name: &ast::Ident, value: &ast::Expr) {
        let Some(&pid) = self.param_by_name.get(&name.name) else {
            let s = suggest(&name.name, self.param_by_name.keys().map(String::as_str));
            self.report(E::UnknownName { name: name.name.clone(), suggestion: s, span: name.span, hint: None });
            return;
        };
        let Some(p) = self.p.params.get(pid).cloned() else { return };
        if !self.refines_file_of(name.span.file, p.span.file) {
            self.report(E::MissingHeader { span: name.span });
            return;
        }
        let Some(open) = &p.open else {
            self.report(E::ParamNotOpen { name: name.name.clone(), span: name.span, declared: p.span });
            return;
        };
        if let Some(first) = p.set_at {
            self.report(E::ParamSetTwice { name: name.name.clone(), span: name.span, first });
            return;
        }
        let Ok(v) = self.constant(value, &p.ty) else { return };
        if let Some((lo, hi)) = open {
            if value_cmp(&v, lo) == Some(Ordering::Less) || value_cmp(&v, hi) == Some(Ordering::Greater) {
                let f = |x: &Value| self.p.format_value(&p.ty, x);
                let e = E::ParamOutOfBounds {
                    name: name.name.clone(),
                    value: f(&v),
                    lo: f(lo),
                    hi: f(hi),
                    span: value.span,
                };
                self.report(e);
                return;
            }
        }
        if let Some(pm) = self.p.params.get_mut(pid) {
            pm.value = v;
            pm.set_at = Some(name.span);
        }
    }

    /// Does the policy of `file` refine (directly or through its parents) a policy that brings in `target`?
    /// A file may also set parameters it declares itself.
    fn refines_file_of(&self, file: u32, target: u32) -> bool {
        if file == target {
            return true;
        }
        let mut current = self.p.policies.iter().find(|p| p.file == file);
        let mut steps = 0;
        while let Some(name) = current.and_then(|p| p.refines.clone()) {
            current = self.p.policies.iter().find(|p| p.name == name);
            if let Some(parent) = current {
                if self.p.closure(parent.file).contains(&target) {
                    return true;
                }
            }
            steps += 1;
            if steps > self.p.policies.len() {
                break;
            }
        }
        false
    }

    /// A literal value of the given type.
    fn constant(&mut self, e: &ast::Expr, ty: &Type) -> Res<Value> {
        let (v, t) = self.constant_infer(e, Some(ty))?;
        if &t != ty {
            return self.mismatch(ty, &t, e.span);
        }
        Ok(v)
    }

    fn constant_infer(&mut self, e: &ast::Expr, expected: Option<&Type>) -> Res<(Value, Type)> {
        match &e.kind {
            A::Neg(inner) => {
                let (v, t) = self.constant_infer(inner, expected)?;
                match v {
                    Value::Int(i) => Ok((Value::Int(-i), t)),
                    Value::Dec(d) => Ok((Value::Dec(-d), t)),
                    Value::Days(d) => Ok((Value::Days(-d), t)),
                    _ => self.err(E::NotConstant { span: e.span }),
                }
            }
            A::Bool(_) | A::Number(_) | A::Quantity { .. } | A::Text(_) | A::Date(_) | A::Days(_) | A::Path(..) => {
                let x = self.expr(e, Ctx { record: None }, expected)?;
                match x.kind {
                    ExprKind::Lit(v) => Ok((v, x.ty)),
                    _ => self.err(E::NotConstant { span: e.span }),
                }
            }
            _ => self.err(E::NotConstant { span: e.span }),
        }
    }

    /// A name declared in a value namespace already? (fields, scenario, params, defines, decisions)
    fn name_taken(&mut self, record: Option<RecordId>, name: &ast::Ident) -> bool {
        let first = record
            .and_then(|r| {
                self.p
                    .records
                    .get(r)
                    .and_then(|rec| rec.field(&name.name).and_then(|f| rec.fields.get(f).map(|f| f.span)))
            })
            .or_else(|| self.scen_by_name.get(&name.name).and_then(|i| self.p.scenario.get(*i)).map(|s| s.span))
            .or_else(|| self.param_by_name.get(&name.name).and_then(|i| self.p.params.get(*i)).map(|s| s.span))
            .or_else(|| {
                self.define_by_key
                    .get(&(record, name.name.clone()))
                    .and_then(|i| self.p.defines.get(*i))
                    .map(|s| s.span)
            })
            .or_else(|| {
                self.define_by_key.get(&(None, name.name.clone())).and_then(|i| self.p.defines.get(*i)).map(|s| s.span)
            })
            .or_else(|| {
                record.and_then(|r| {
                    self.decision_by_key
                        .get(&(r, name.name.clone()))
                        .and_then(|i| self.p.decisions.get(*i))
                        .map(|s| s.span)
                })
            });
        if let Some(first) = first {
            self.report(E::Duplicate { kind: "name", name: name.name.clone(), span: name.span, first });
            return true;
        }
        false
    }

    fn declare_define(&mut self, ctx: Ctx, name: &ast::Ident, ty: Option<&'a ast::TypeExpr>, value: &'a ast::Expr) {
        if self.name_taken(ctx.record, name) {
            return;
        }
        self.define_by_key.insert((ctx.record, name.name.clone()), self.p.defines.len());
        self.p.defines.push(DefineDef {
            name: name.name.clone(),
            record: ctx.record,
            ty: Type::Bool,
            expr: placeholder(name.span),
            span: name.span,
            shadow: None,
        });
        self.define_ast.push((value, ty));
        self.define_state.push(DefState::Todo);
    }

    fn check_define(&mut self, i: usize) {
        if self.define_state.get(i) != Some(&DefState::Todo) {
            return;
        }
        let Some(&(value, ty)) = self.define_ast.get(i) else { return };
        let Some(def) = self.p.defines.get(i) else { return };
        let ctx = Ctx { record: def.record };
        if let Some(s) = self.define_state.get_mut(i) {
            *s = DefState::InProgress;
        }
        self.define_stack.push(i);
        let saved = std::mem::take(&mut self.present);
        let declared = ty.and_then(|t| self.resolve_type(t).ok());
        let result = self.expr(value, ctx, declared.as_ref()).and_then(|x| match &declared {
            Some(t) if *t != x.ty => self.mismatch(t, &x.ty, x.span),
            _ => Ok(x),
        });
        self.present = saved;
        self.define_stack.pop();
        let state = match result {
            Ok(x) => {
                if let Some(d) = self.p.defines.get_mut(i) {
                    d.ty = x.ty.clone();
                    d.expr = x;
                }
                DefState::Done
            }
            Err(()) => DefState::Failed,
        };
        if let Some(s) = self.define_state.get_mut(i) {
            *s = state;
        }
    }

    fn find_decision(&self, name: &ast::Ident) -> Option<DecisionId> {
        self.p.decisions.iter().position(|d| d.name == name.name)
    }

    fn check_decision_body(&mut self, d: DecisionId, default: &ast::Expr, rules: &[ast::Rule]) {
        let Some(dec) = self.p.decisions.get(d) else { return };
        let (ty, record) = (dec.ty.clone(), dec.record);
        if let Ok(x) = self.expect_type(default, Ctx { record: Some(record) }, &ty) {
            if let Some(dec) = self.p.decisions.get_mut(d) {
                dec.default = x;
            }
        }
        for r in rules {
            self.add_rule(d, r);
        }
    }

    fn add_rule(&mut self, d: DecisionId, r: &ast::Rule) {
        let Some(dec) = self.p.decisions.get(d) else { return };
        let (ty, ctx) = (dec.ty.clone(), Ctx { record: Some(dec.record) });
        if r.citations.is_empty() {
            self.report(E::MissingCitation { what: "rule", span: r.span });
        }
        let mark = self.present.len();
        let cond = match &r.cond {
            Some(c) => match self.expect_type(c, ctx, &Type::Bool) {
                Ok(x) => {
                    let facts = facts(&x, true);
                    self.present.extend(facts);
                    Some(x)
                }
                Err(()) => {
                    self.present.truncate(mark);
                    return;
                }
            },
            None => None,
        };
        let value = self.expect_type(&r.value, ctx, &ty);
        self.present.truncate(mark);
        let Ok(value) = value else { return };
        // exception targets are linked once every rule (including `补充` ones) is known
        let mut label = r.label.as_ref().map(|l| l.name.clone());
        let dup = label.as_ref().and_then(|l| {
            self.p
                .decisions
                .get(d)
                .and_then(|dec| dec.rules.iter().find(|x| x.label.as_deref() == Some(l.as_str())).map(|x| x.span))
        });
        if let (Some(first), Some(l)) = (dup, &r.label) {
            self.report(E::Duplicate { kind: "rule label", name: l.name.clone(), span: l.span, first });
            label = None;
        }
        let pending = r.exception_of.clone();
        if let Some(dec) = self.p.decisions.get_mut(d) {
            dec.rules.push(RuleDef {
                label,
                citations: r.citations.iter().map(|c| c.text.clone()).collect(),
                cond,
                value,
                parent: None,
                children: Vec::new(),
                span: r.span,
            });
            if let Some(t) = pending {
                self.pending_exceptions.push((d, dec.rules.len() - 1, t));
            }
        }
    }

    fn link_rules(&mut self, d: DecisionId) {
        let pending: Vec<(usize, ast::Ident)> =
            self.pending_exceptions.iter().filter(|(x, _, _)| *x == d).map(|(_, r, t)| (*r, t.clone())).collect();
        let Some(dec) = self.p.decisions.get(d) else { return };
        let dname = dec.name.clone();
        let labels: Vec<Option<String>> = dec.rules.iter().map(|r| r.label.clone()).collect();
        let mut parent: Vec<Option<usize>> = vec![None; labels.len()];
        for (r, target) in &pending {
            match labels.iter().position(|l| l.as_deref() == Some(target.name.as_str())) {
                Some(t) => {
                    if let Some(p) = parent.get_mut(*r) {
                        *p = Some(t);
                    }
                }
                None => {
                    let s = suggest(&target.name, labels.iter().flatten().map(String::as_str));
                    self.report(E::UnknownLabel {
                        label: target.name.clone(),
                        decision: dname.clone(),
                        suggestion: s,
                        span: target.span,
                    });
                }
            }
        }
        // cycles: walking up from any rule must reach a root within n steps
        for (start, _) in pending.iter() {
            let mut cur = Some(*start);
            let mut steps = 0;
            while let Some(c) = cur {
                steps += 1;
                if steps > labels.len() + 1 {
                    let label = labels.get(*start).cloned().flatten().unwrap_or_default();
                    let span =
                        self.p.decisions.get(d).and_then(|x| x.rules.get(*start)).map(|r| r.span).unwrap_or_default();
                    self.report(E::ExceptionCycle { label, span });
                    return;
                }
                cur = parent.get(c).copied().flatten();
            }
        }
        if let Some(dec) = self.p.decisions.get_mut(d) {
            for (i, p) in parent.iter().enumerate() {
                if let Some(r) = dec.rules.get_mut(i) {
                    r.parent = *p;
                }
                match p {
                    Some(p) => {
                        if let Some(pr) = dec.rules.get_mut(*p) {
                            pr.children.push(i);
                        }
                    }
                    None => dec.roots.push(i),
                }
            }
        }
    }

    fn check_guarantee(
        &mut self,
        ctx: Ctx,
        name: &ast::Ident,
        citations: &[ast::Citation],
        cond: Option<&ast::Expr>,
        assertion: &ast::Expr,
    ) {
        let Some(record) = ctx.record else {
            self.report(E::NoRecordContext { what: "guarantee", span: name.span });
            return;
        };
        if let Some(first) = self.p.guarantees.iter().find(|g| g.name == name.name).map(|g| g.span) {
            self.report(E::Duplicate { kind: "guarantee", name: name.name.clone(), span: name.span, first });
            return;
        }
        if citations.is_empty() {
            self.report(E::MissingCitation { what: "guarantee", span: name.span });
        }
        let mark = self.present.len();
        let refs = self.parent_refs.len();
        let views = self.views.len();
        self.in_guarantee = true;
        let cond = match cond {
            Some(c) => match self.expect_type(c, ctx, &Type::Bool) {
                Ok(x) => {
                    self.present.extend(facts(&x, true));
                    Some(Some(x))
                }
                Err(()) => None,
            },
            None => Some(None),
        };
        let a = cond.as_ref().map(|_| self.expect_type(assertion, ctx, &Type::Bool));
        self.in_guarantee = false;
        self.present.truncate(mark);
        let (Some(cond), Some(Ok(assertion))) = (cond, a) else {
            self.parent_refs.truncate(refs);
            self.views.truncate(views);
            return;
        };
        self.p.guarantees.push(GuaranteeDef {
            name: name.name.clone(),
            record,
            citations: citations.iter().map(|c| c.text.clone()).collect(),
            cond,
            assertion,
            span: name.span,
        });
    }

    /// A record literal: the record type and one optional expression per field.
    fn record_lit(&mut self, lit: &ast::RecordLit) -> Res<(RecordId, Vec<Option<Expr>>)> {
        let (record, mut fields, from_type) = if let Some(&r) = self.record_by_name.get(&lit.base.name) {
            let n = self.p.records.get(r).map_or(0, |x| x.fields.len());
            (r, vec![None; n], true)
        } else if let Some((r, f, _)) = self.samples.get(&lit.base.name) {
            (*r, f.clone(), false)
        } else {
            let s = suggest(&lit.base.name, self.record_by_name.keys().chain(self.samples.keys()).map(String::as_str));
            return self.err(E::UnknownRecord { name: lit.base.name.clone(), suggestion: s, span: lit.base.span });
        };
        let Some(rec) = self.p.records.get(record).cloned() else { return Err(()) };
        let mut failed = false;
        let mut given = vec![false; rec.fields.len()];
        for fi in &lit.fields {
            let Some(f) = rec.field(&fi.name.name) else {
                let s = suggest(&fi.name.name, rec.fields.iter().map(|f| f.name.as_str()));
                self.report(E::UnknownField {
                    record: rec.name.clone(),
                    name: fi.name.name.clone(),
                    suggestion: s,
                    span: fi.name.span,
                });
                failed = true;
                continue;
            };
            if let Some(g) = given.get_mut(f) {
                *g = true;
            }
            let Some(fdef) = rec.fields.get(f) else { continue };
            match self.expect_type(&fi.value, Ctx { record: None }, &fdef.ty) {
                Ok(x) => {
                    if let Some(slot) = fields.get_mut(f) {
                        *slot = Some(x);
                    }
                }
                Err(()) => failed = true,
            }
        }
        if from_type {
            let missing: Vec<String> = rec
                .fields
                .iter()
                .zip(fields.iter().zip(&given))
                .filter(|(f, (v, g))| !f.optional && v.is_none() && !**g)
                .map(|(f, _)| f.name.clone())
                .collect();
            if !missing.is_empty() {
                return self.err(E::MissingFields { record: rec.name.clone(), fields: missing, span: lit.base.span });
            }
        }
        if failed {
            return Err(());
        }
        Ok((record, fields))
    }

    fn check_test(&mut self, t: &ast::Test) {
        let Ok((record, fields)) = self.record_lit(&t.given) else { return };
        let mut scenario = Vec::new();
        for s in &t.scenario {
            let Some(&sid) = self.scen_by_name.get(&s.name.name) else {
                let sug = suggest(&s.name.name, self.scen_by_name.keys().map(String::as_str));
                self.report(E::UnknownName {
                    name: s.name.name.clone(),
                    suggestion: sug,
                    span: s.name.span,
                    hint: Some(jz_i18n::t!("E0202.hint-test-scenario")),
                });
                continue;
            };
            let Some(ty) = self.p.scenario.get(sid).map(|x| x.ty.clone()) else { continue };
            if let Ok(x) = self.expect_type(&s.value, Ctx { record: None }, &ty) {
                scenario.push((sid, x));
            }
        }
        let mut expects = Vec::new();
        for e in &t.expects {
            match e {
                ast::Expect::Holds(x) => {
                    if let Ok(x) = self.expect_type(x, Ctx { record: Some(record) }, &Type::Bool) {
                        expects.push(ExpectDef::Holds(x));
                    }
                }
                ast::Expect::Conflict(d) => match self.decision_by_key.get(&(record, d.name.clone())) {
                    Some(&id) => expects.push(ExpectDef::Conflict(id, d.span)),
                    None => {
                        let s = suggest(&d.name, self.p.decisions_of(record).map(|(_, x)| x.name.as_str()));
                        self.report(E::UnknownDecision { name: d.name.clone(), suggestion: s, span: d.span });
                    }
                },
            }
        }
        self.p.tests.push(TestDef { name: t.name.clone(), record, span: t.name_span, fields, scenario, expects });
    }

    fn check_output(&mut self, record: &ast::Ident, decisions: &[ast::Ident]) {
        let Some(&r) = self.record_by_name.get(&record.name) else {
            let s = suggest(&record.name, self.record_by_name.keys().map(String::as_str));
            self.report(E::UnknownRecord { name: record.name.clone(), suggestion: s, span: record.span });
            return;
        };
        let mut out = Vec::new();
        for d in decisions {
            match self.decision_by_key.get(&(r, d.name.clone())) {
                Some(&id) => out.push(id),
                None => {
                    let s = suggest(&d.name, self.p.decisions_of(r).map(|(_, x)| x.name.as_str()));
                    self.report(E::UnknownDecision { name: d.name.clone(), suggestion: s, span: d.span });
                }
            }
        }
        if let Some(o) = self.p.outputs.get_mut(r) {
            *o = out;
        }
    }

    fn find_cycles(&mut self) {
        // nodes: defines 0..nd, decisions nd..
        let nd = self.p.defines.len();
        let n = nd + self.p.decisions.len();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        let collect = |e: &Expr, out: &mut Vec<usize>| {
            e.walk(&mut |x| match x.kind {
                ExprKind::Define(i) => out.push(i),
                ExprKind::Decision(j) => out.push(nd + j),
                _ => {}
            })
        };
        for (i, d) in self.p.defines.iter().enumerate() {
            if let Some(es) = edges.get_mut(i) {
                collect(&d.expr, es);
            }
        }
        for (j, d) in self.p.decisions.iter().enumerate() {
            if let Some(es) = edges.get_mut(nd + j) {
                collect(&d.default, es);
                for r in &d.rules {
                    if let Some(c) = &r.cond {
                        collect(c, es);
                    }
                    collect(&r.value, es);
                }
            }
        }
        let name = |p: &Program, i: usize| {
            if i < nd {
                p.defines.get(i).map(|d| (d.name.clone(), d.span))
            } else {
                p.decisions.get(i - nd).map(|d| (d.name.clone(), d.span))
            }
            .unwrap_or_default()
        };
        let mut color = vec![0u8; n];
        for start in 0..n {
            if color.get(start) != Some(&0) {
                continue;
            }
            // iterative DFS keeping the path
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            if let Some(c) = color.get_mut(start) {
                *c = 1;
            }
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                let succ = edges.get(node).and_then(|e| e.get(*next)).copied();
                *next += 1;
                match succ {
                    None => {
                        if let Some(c) = color.get_mut(node) {
                            *c = 2;
                        }
                        stack.pop();
                    }
                    Some(s) => match color.get(s).copied() {
                        Some(0) => {
                            if let Some(c) = color.get_mut(s) {
                                *c = 1;
                            }
                            stack.push((s, 0));
                        }
                        Some(1) => {
                            let pos = stack.iter().position(|(x, _)| *x == s).unwrap_or(0);
                            let mut path: Vec<String> =
                                stack.get(pos..).unwrap_or(&[]).iter().map(|(x, _)| name(&self.p, *x).0).collect();
                            path.push(name(&self.p, s).0);
                            let span = name(&self.p, s).1;
                            self.report(E::Cycle { path, span });
                            return;
                        }
                        _ => {}
                    },
                }
            }
        }
    }
}

/// Fields known to be present when `e` evaluates to `when`.
fn facts(e: &Expr, when: bool) -> Vec<FieldId> {
    match (&e.kind, when) {
        (ExprKind::Has(f), true) => vec![*f],
        (ExprKind::Not(x), w) => facts(x, !w),
        (ExprKind::And(a, b), true) | (ExprKind::Or(a, b), false) => {
            let mut v = facts(a, when);
            v.extend(facts(b, when));
            v
        }
        _ => Vec::new(),
    }
}

const FUNCS: [&str; 6] = ["最大", "max", "最小", "min", "数量", "count"];

impl Checker<'_> {
    fn mismatch<T>(&mut self, expected: &Type, found: &Type, span: Span) -> Res<T> {
        if let (Type::Dec(a), Type::Dec(b)) = (expected, found) {
            return self.err(E::UnitMismatch { left: unit_name(a), right: unit_name(b), span });
        }
        let (expected, found) = (self.p.type_name(expected), self.p.type_name(found));
        self.err(E::TypeMismatch { expected, found, span })
    }

    fn expect_type(&mut self, e: &ast::Expr, ctx: Ctx, ty: &Type) -> Res<Expr> {
        let x = self.expr(e, ctx, Some(ty))?;
        if &x.ty != ty {
            return self.mismatch(ty, &x.ty, e.span);
        }
        Ok(x)
    }

    /// Would this expression take its type from the other operand? (integer literals, `{}`, bare variants)
    fn contextual(&self, e: &ast::Expr, ctx: Ctx) -> bool {
        match &e.kind {
            A::Number(n) => !n.contains('.'),
            A::SetLit(xs) => xs.iter().all(|x| self.contextual(x, ctx)),
            A::Path(id, None) => {
                !self.is_value_name(&id.name, ctx) && self.variants.get(&id.name).is_some_and(|v| v.len() != 1)
            }
            A::Binary(BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div, l, r) => {
                self.contextual(l, ctx) && self.contextual(r, ctx)
            }
            A::Neg(x) => self.contextual(x, ctx),
            _ => false,
        }
    }

    fn is_value_name(&self, name: &str, ctx: Ctx) -> bool {
        ctx.record.and_then(|r| self.p.records.get(r)).is_some_and(|r| r.field(name).is_some())
            || self.scen_by_name.contains_key(name)
            || self.param_by_name.contains_key(name)
            || self.define_by_key.contains_key(&(ctx.record, name.to_string()))
            || self.define_by_key.contains_key(&(None, name.to_string()))
            || ctx.record.is_some_and(|r| self.decision_by_key.contains_key(&(r, name.to_string())))
    }

    fn expr(&mut self, e: &ast::Expr, ctx: Ctx, expected: Option<&Type>) -> Res<Expr> {
        let span = e.span;
        let mk = |kind, ty| Ok(Expr { kind, ty, span });
        match &e.kind {
            A::Bool(b) => mk(ExprKind::Lit(Value::Bool(*b)), Type::Bool),
            A::Number(n) => {
                let want_dec = matches!(expected, Some(Type::Dec(_)));
                if !n.contains('.') && !want_dec {
                    match n.parse::<i64>() {
                        Ok(i) => mk(ExprKind::Lit(Value::Int(i)), Type::Int),
                        Err(_) => self.err(E::BadLiteral { what: "integer", text: n.clone(), span }),
                    }
                } else {
                    match Decimal::from_str_exact(n) {
                        Ok(d) => mk(ExprKind::Lit(Value::Dec(d)), Type::Dec(Unit::none())),
                        Err(_) => self.err(E::BadLiteral { what: "decimal", text: n.clone(), span }),
                    }
                }
            }
            A::Quantity { number, unit, unit_span } => {
                let Some(u) = Unit::parse(unit) else {
                    return self.err(E::BadUnit { text: unit.clone(), span: *unit_span });
                };
                match Decimal::from_str_exact(number) {
                    Ok(d) => mk(ExprKind::Lit(Value::Dec(d)), Type::Dec(u)),
                    Err(_) => self.err(E::BadLiteral { what: "decimal", text: number.clone(), span }),
                }
            }
            A::Text(t) => mk(ExprKind::Lit(Value::Text(Arc::from(t.as_str()))), Type::Text),
            A::Date(d) => match parse_date(d) {
                Some(v) => mk(ExprKind::Lit(Value::Date(v)), Type::Date),
                None => self.err(E::BadLiteral { what: "date", text: d.clone(), span }),
            },
            A::Days(n) => match n.parse::<i64>() {
                Ok(v) => mk(ExprKind::Lit(Value::Days(v)), Type::Days),
                Err(_) => self.err(E::BadLiteral { what: "day count", text: n.clone(), span }),
            },
            A::Path(a, Some(b))
                if (a.name == "上级" || a.name == "parent") && !self.enum_by_name.contains_key(&a.name) =>
            {
                if !self.in_guarantee {
                    return self.err(E::ParentOutsideGuarantee { span });
                }
                let found = ctx.record.and_then(|r| self.decision_by_key.get(&(r, b.name.clone())).copied());
                let Some(d) = found else {
                    let s = suggest(
                        &b.name,
                        self.decision_by_key.keys().filter(|(r, _)| Some(*r) == ctx.record).map(|(_, n)| n.as_str()),
                    );
                    return self.err(E::UnknownDecision { name: b.name.clone(), suggestion: s, span: b.span });
                };
                let ty = self.p.decisions.get(d).map(|x| x.ty.clone()).unwrap_or(Type::Bool);
                self.parent_refs.push((self.p.guarantees.len(), span));
                Ok(Expr { kind: ExprKind::Decision(d), ty, span })
            }
            A::View { target, fixed } => self.view_expr(target, fixed, ctx, span),
            A::Path(a, Some(b)) => {
                let Some(&en) = self.enum_by_name.get(&a.name) else {
                    let s = suggest(&a.name, self.enum_by_name.keys().map(String::as_str));
                    return self.err(E::UnknownType { name: a.name.clone(), suggestion: s, span: a.span });
                };
                self.variant(en, b).map(|i| lit(Value::Enum(i), Type::Enum(en), span))
            }
            A::Path(id, None) => self.name(id, ctx, expected),
            A::SetLit(items) => {
                let elem = match expected {
                    Some(Type::Set(e)) => Some(*e),
                    _ => None,
                };
                let mut xs = Vec::new();
                let mut en = elem;
                for it in items {
                    let want = en.map(Type::Enum);
                    let x = self.expr(it, ctx, want.as_ref())?;
                    match (&x.ty, en) {
                        (Type::Enum(k), None) => en = Some(*k),
                        (Type::Enum(k), Some(j)) if *k == j => {}
                        (t, Some(j)) => return self.mismatch(&Type::Enum(j), &t.clone(), x.span),
                        (t, None) => {
                            let found = self.p.type_name(t);
                            return self.err(E::TypeMismatch {
                                expected: "an enum variant".into(),
                                found,
                                span: x.span,
                            });
                        }
                    }
                    xs.push(x);
                }
                match en {
                    Some(k) => mk(ExprKind::SetLit(xs), Type::Set(k)),
                    None => self.err(E::CannotInfer { what: "this set", span }),
                }
            }
            A::Call(f, args) => self.call(f, args, ctx, expected, span),
            A::Has(id) => {
                let field = ctx
                    .record
                    .and_then(|r| self.p.records.get(r))
                    .and_then(|r| r.field(&id.name).and_then(|i| r.fields.get(i).map(|f| (i, f.optional))));
                match field {
                    Some((i, true)) => mk(ExprKind::Has(i), Type::Bool),
                    Some((_, false)) => self.err(E::NotOptional { field: id.name.clone(), span: id.span }),
                    None => self.err(E::UnknownName {
                        name: id.name.clone(),
                        suggestion: None,
                        span: id.span,
                        hint: Some(jz_i18n::t!("E0202.hint-has")),
                    }),
                }
            }
            A::Not(a) => {
                let x = self.expect_type(a, ctx, &Type::Bool)?;
                mk(ExprKind::Not(Box::new(x)), Type::Bool)
            }
            A::Neg(a) => {
                let x = self.expr(a, ctx, expected)?;
                match x.ty {
                    Type::Int | Type::Dec(_) | Type::Days => {
                        let t = x.ty.clone();
                        mk(ExprKind::Neg(Box::new(x)), t)
                    }
                    ref t => {
                        let t = t.clone();
                        self.err(E::TypeMismatch {
                            expected: "整数, 数值 or 天数 (negation)".into(),
                            found: self.p.type_name(&t),
                            span,
                        })
                    }
                }
            }
            A::Binary(op, l, r) => self.binary(*op, l, r, ctx, span, expected),
            A::In { value, target, negated } => {
                let v = self.expr(value, ctx, None)?;
                let x = if let A::SetLit(items) = &target.kind {
                    let mut xs = Vec::new();
                    for it in items {
                        xs.push(self.expect_type(it, ctx, &v.ty)?);
                    }
                    Expr { kind: ExprKind::InList(Box::new(v), xs), ty: Type::Bool, span }
                } else {
                    let want = match v.ty {
                        Type::Enum(e) => Some(Type::Set(e)),
                        _ => None,
                    };
                    let t = self.expr(target, ctx, want.as_ref())?;
                    match (&v.ty, &t.ty) {
                        (Type::Enum(a), Type::Set(b)) if a == b => {
                            Expr { kind: ExprKind::InSet(Box::new(v), Box::new(t)), ty: Type::Bool, span }
                        }
                        (a, b) => {
                            let (a, b) = (self.p.type_name(a), self.p.type_name(b));
                            return self.err(E::BadOperands { op: "属于".into(), left: a, right: b, span });
                        }
                    }
                };
                Ok(if *negated { Expr { kind: ExprKind::Not(Box::new(x)), ty: Type::Bool, span } } else { x })
            }
            A::InMonthDays { value, from, to, negated } => {
                let v = self.expect_type(value, ctx, &Type::Date)?;
                let x = Expr {
                    kind: ExprKind::MonthDay(Box::new(v), (from.month, from.day), (to.month, to.day)),
                    ty: Type::Bool,
                    span,
                };
                Ok(if *negated { Expr { kind: ExprKind::Not(Box::new(x)), ty: Type::Bool, span } } else { x })
            }
            A::IsEmpty { set, negated } => {
                let s = self.expr(set, ctx, None)?;
                if !matches!(s.ty, Type::Set(_)) {
                    let found = self.p.type_name(&s.ty);
                    return self.err(E::TypeMismatch { expected: "集合<…>".into(), found, span: s.span });
                }
                let x = Expr { kind: ExprKind::IsEmpty(Box::new(s)), ty: Type::Bool, span };
                Ok(if *negated { Expr { kind: ExprKind::Not(Box::new(x)), ty: Type::Bool, span } } else { x })
            }
            A::StartsWith { text, prefixes } => {
                let t = self.expect_type(text, ctx, &Type::Text)?;
                let mut ps = Vec::new();
                for p in prefixes {
                    ps.push(self.expect_type(p, ctx, &Type::Text)?);
                }
                mk(ExprKind::StartsWith(Box::new(t), ps), Type::Bool)
            }
            A::If(c, a, b) => {
                let c = self.expect_type(c, ctx, &Type::Bool)?;
                let mark = self.present.len();
                self.present.extend(facts(&c, true));
                let first_ctx = self.contextual(a, ctx) && !self.contextual(b, ctx);
                let (x, y) = if first_ctx {
                    self.present.truncate(mark);
                    self.present.extend(facts(&c, false));
                    let y = self.expr(b, ctx, expected);
                    self.present.truncate(mark);
                    let y = y?;
                    self.present.extend(facts(&c, true));
                    let x = self.expect_type(a, ctx, &y.ty);
                    self.present.truncate(mark);
                    (x?, y)
                } else {
                    let x = self.expr(a, ctx, expected);
                    self.present.truncate(mark);
                    let x = x?;
                    self.present.extend(facts(&c, false));
                    let y = self.expect_type(b, ctx, &x.ty);
                    self.present.truncate(mark);
                    (x, y?)
                };
                let t = x.ty.clone();
                mk(ExprKind::If(Box::new(c), Box::new(x), Box::new(y)), t)
            }
            A::Match { scrutinee, arms } => self.match_expr(scrutinee, arms, ctx, expected, span),
        }
    }

    fn variant(&mut self, en: usize, id: &ast::Ident) -> Res<u16> {
        let Some(def) = self.p.enums.get(en) else { return Err(()) };
        match def.variants.iter().position(|v| *v == id.name) {
            Some(i) => Ok(i as u16),
            None => {
                let s = suggest(&id.name, def.variants.iter().map(String::as_str));
                let enum_name = def.name.clone();
                self.err(E::UnknownVariant { enum_name, name: id.name.clone(), suggestion: s, span: id.span })
            }
        }
    }

    /// `决定[情景值 = 常量, …]` in a guarantee: the decision (or `上级.决定`) as it is decided with those scenario
    /// values fixed; lowered to a view (see [`Program::view`]) once every rule is linked.
    fn view_expr(&mut self, target: &ast::Expr, fixed: &[(ast::Ident, ast::Expr)], ctx: Ctx, span: Span) -> Res<Expr> {
        if !self.in_guarantee {
            return self.err(E::ViewOutsideGuarantee { span });
        }
        let refs = self.parent_refs.len();
        let t = self.expr(target, ctx, None)?;
        if !matches!(t.kind, ExprKind::Decision(_)) {
            let name = match &target.kind {
                A::Path(a, Some(b)) => format!("{}.{}", a.name, b.name),
                A::Path(a, None) => a.name.clone(),
                _ => String::new(),
            };
            return self.err(E::ViewOfNonDecision { name, span: target.span });
        }
        // a `上级.X` inside stands at the view's span now: the superior's copy is made first, then viewed
        if let Some(r) = self.parent_refs.get_mut(refs) {
            r.1 = span;
        }
        let mut values: Vec<(ScenId, Value)> = Vec::new();
        let mut seen: Vec<(ScenId, Span)> = Vec::new();
        for (name, value) in fixed {
            let Some(&s) = self.scen_by_name.get(&name.name) else {
                let suggestion = suggest(&name.name, self.scen_by_name.keys().map(String::as_str));
                return self.err(E::ViewOfNonScenario { name: name.name.clone(), suggestion, span: name.span });
            };
            if let Some(&(_, first)) = seen.iter().find(|(x, _)| *x == s) {
                return self.err(E::Duplicate {
                    kind: "scenario value",
                    name: name.name.clone(),
                    span: name.span,
                    first,
                });
            }
            seen.push((s, name.span));
            let ty = self.p.scenario.get(s).map(|x| x.ty.clone()).unwrap_or(Type::Bool);
            let v = self.constant(value, &ty)?;
            values.push((s, v));
        }
        values.sort_by_key(|(s, _)| *s);
        self.views.push((self.p.guarantees.len(), span, values));
        Ok(Expr { kind: t.kind, ty: t.ty, span })
    }

    fn name(&mut self, id: &ast::Ident, ctx: Ctx, expected: Option<&Type>) -> Res<Expr> {
        let span = id.span;
        let n = id.name.as_str();
        // a variant of the expected enum wins: `预警级别 == 橙色`
        if let Some(Type::Enum(en)) = expected {
            if let Some(i) = self.p.enums.get(*en).and_then(|d| d.variants.iter().position(|v| v == n)) {
                return Ok(lit(Value::Enum(i as u16), Type::Enum(*en), span));
            }
        }
        if let Some(rec) = ctx.record.and_then(|r| self.p.records.get(r)) {
            if let Some(f) = rec.field(n) {
                let Some(fd) = rec.fields.get(f) else { return Err(()) };
                if fd.optional && !self.present.contains(&f) {
                    return self.err(E::UncheckedOptional { field: n.to_string(), span });
                }
                return Ok(Expr { kind: ExprKind::Field(f), ty: fd.ty.clone(), span });
            }
        }
        if let Some(&s) = self.scen_by_name.get(n) {
            let ty = self.p.scenario.get(s).map(|x| x.ty.clone()).unwrap_or(Type::Bool);
            return Ok(Expr { kind: ExprKind::Scen(s), ty, span });
        }
        if let Some(&p) = self.param_by_name.get(n) {
            let ty = self.p.params.get(p).map(|x| x.ty.clone()).unwrap_or(Type::Bool);
            return Ok(Expr { kind: ExprKind::Param(p), ty, span });
        }
        let def = self
            .define_by_key
            .get(&(ctx.record, n.to_string()))
            .or_else(|| self.define_by_key.get(&(None, n.to_string())))
            .copied();
        if let Some(d) = def {
            return self.define_ref(d, span);
        }
        if let Some(r) = ctx.record {
            if let Some(&d) = self.decision_by_key.get(&(r, n.to_string())) {
                let ty = self.p.decisions.get(d).map(|x| x.ty.clone()).unwrap_or(Type::Bool);
                return Ok(Expr { kind: ExprKind::Decision(d), ty, span });
            }
        }
        match self.variants.get(n).map(Vec::as_slice) {
            Some([(en, i)]) => Ok(lit(Value::Enum(*i), Type::Enum(*en), span)),
            Some(many) if many.len() > 1 => {
                let enums = many.iter().filter_map(|(e, _)| self.p.enums.get(*e).map(|d| d.name.clone())).collect();
                self.err(E::AmbiguousVariant { name: n.to_string(), enums, span })
            }
            _ => {
                let mut cands: Vec<&str> = Vec::new();
                if let Some(rec) = ctx.record.and_then(|r| self.p.records.get(r)) {
                    cands.extend(rec.fields.iter().map(|f| f.name.as_str()));
                }
                cands.extend(self.scen_by_name.keys().map(String::as_str));
                cands.extend(self.param_by_name.keys().map(String::as_str));
                cands.extend(
                    self.define_by_key.keys().filter(|(r, _)| r.is_none() || *r == ctx.record).map(|(_, n)| n.as_str()),
                );
                cands.extend(
                    self.decision_by_key.keys().filter(|(r, _)| Some(*r) == ctx.record).map(|(_, n)| n.as_str()),
                );
                if let Some(Type::Enum(en)) = expected {
                    if let Some(d) = self.p.enums.get(*en) {
                        cands.extend(d.variants.iter().map(String::as_str));
                    }
                }
                let suggestion = suggest(n, cands.into_iter());
                let hint = match (ctx.record, self.p.records.iter().find(|r| r.field(n).is_some())) {
                    (None, Some(r)) if self.repl => {
                        Some(jz_i18n::t!("E0202.hint-repl-field", name = n, record = r.name))
                    }
                    (None, Some(r)) => Some(jz_i18n::t!("E0202.hint-field", name = n, record = r.name)),
                    _ => None,
                };
                self.err(E::UnknownName { name: n.to_string(), suggestion, span, hint })
            }
        }
    }

    fn define_ref(&mut self, d: usize, span: Span) -> Res<Expr> {
        match self.define_state.get(d).copied() {
            Some(DefState::Todo) => self.check_define(d),
            Some(DefState::InProgress) => {
                // a cycle among definitions: report it here, with the chain
                let pos = self.define_stack.iter().position(|x| *x == d).unwrap_or(0);
                let mut path: Vec<String> = self
                    .define_stack
                    .get(pos..)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|i| self.p.defines.get(*i).map(|x| x.name.clone()))
                    .collect();
                path.push(self.p.defines.get(d).map(|x| x.name.clone()).unwrap_or_default());
                self.cycle_reported = true;
                return self.err(E::Cycle { path, span });
            }
            _ => {}
        }
        match (self.define_state.get(d), self.p.defines.get(d)) {
            (Some(DefState::Done), Some(def)) => Ok(Expr { kind: ExprKind::Define(d), ty: def.ty.clone(), span }),
            _ => Err(()),
        }
    }

    fn binary(
        &mut self,
        op: BinOp,
        l: &ast::Expr,
        r: &ast::Expr,
        ctx: Ctx,
        span: Span,
        expected: Option<&Type>,
    ) -> Res<Expr> {
        let boxed = |x: Expr| Box::new(x);
        match op {
            BinOp::And | BinOp::Or => {
                let a = self.expect_type(l, ctx, &Type::Bool)?;
                let mark = self.present.len();
                self.present.extend(facts(&a, op == BinOp::And));
                let b = self.expect_type(r, ctx, &Type::Bool);
                self.present.truncate(mark);
                let b = b?;
                let kind =
                    if op == BinOp::And { ExprKind::And(boxed(a), boxed(b)) } else { ExprKind::Or(boxed(a), boxed(b)) };
                return Ok(Expr { kind, ty: Type::Bool, span });
            }
            BinOp::Intersects | BinOp::Subset => {
                let (a, b) = self.pair(l, r, ctx)?;
                return match (&a.ty, &b.ty) {
                    (Type::Set(x), Type::Set(y)) if x == y => {
                        let kind = if op == BinOp::Intersects {
                            ExprKind::Intersects(boxed(a), boxed(b))
                        } else {
                            ExprKind::Subset(boxed(a), boxed(b))
                        };
                        Ok(Expr { kind, ty: Type::Bool, span })
                    }
                    _ => self.bad(op, &a.ty, &b.ty, span),
                };
            }
            BinOp::Contains => {
                let s = self.expr(l, ctx, None)?;
                let Type::Set(en) = s.ty else { return self.bad(op, &s.ty, &Type::Bool, span) };
                let x = self.expect_type(r, ctx, &Type::Enum(en))?;
                return Ok(Expr { kind: ExprKind::InSet(boxed(x), boxed(s)), ty: Type::Bool, span });
            }
            _ => {}
        }
        let arith = matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div);
        // `1 / 8` where a decimal is expected: both literals take the expected type
        let (a, b) = match expected {
            Some(t @ Type::Dec(_)) if arith && self.contextual(l, ctx) && self.contextual(r, ctx) => {
                let t = if op == BinOp::Add || op == BinOp::Sub { t.clone() } else { Type::Dec(Unit::none()) };
                (self.expr(l, ctx, Some(&t))?, self.expr(r, ctx, Some(&t))?)
            }
            _ => self.pair(l, r, ctx)?,
        };
        let cmp = |c| Some(c);
        let cmp_op = match op {
            BinOp::Eq => cmp(CmpOp::Eq),
            BinOp::Ne => cmp(CmpOp::Ne),
            BinOp::Lt => cmp(CmpOp::Lt),
            BinOp::Le => cmp(CmpOp::Le),
            BinOp::Gt => cmp(CmpOp::Gt),
            BinOp::Ge => cmp(CmpOp::Ge),
            _ => None,
        };
        if let Some(c) = cmp_op {
            if a.ty != b.ty {
                return self.mismatch(&a.ty, &b.ty, span);
            }
            let ordered = matches!(a.ty, Type::Int | Type::Dec(_) | Type::Date | Type::Days | Type::Enum(_));
            if !ordered && !matches!(c, CmpOp::Eq | CmpOp::Ne) {
                let ty = self.p.type_name(&a.ty);
                return self.err(E::NotOrdered { ty, span });
            }
            return Ok(Expr { kind: ExprKind::Cmp(c, boxed(a), boxed(b)), ty: Type::Bool, span });
        }
        let aop = match op {
            BinOp::Add => ArithOp::Add,
            BinOp::Sub => ArithOp::Sub,
            BinOp::Mul => ArithOp::Mul,
            _ => ArithOp::Div,
        };
        let ty = match (aop, &a.ty, &b.ty) {
            (ArithOp::Add | ArithOp::Sub | ArithOp::Mul, Type::Int, Type::Int) => Type::Int,
            (ArithOp::Add | ArithOp::Sub, Type::Dec(x), Type::Dec(y)) => {
                if x != y {
                    return self.err(E::UnitMismatch { left: unit_name(x), right: unit_name(y), span });
                }
                Type::Dec(x.clone())
            }
            (ArithOp::Mul | ArithOp::Div, Type::Dec(x), Type::Dec(y)) => {
                let product = if aop == ArithOp::Mul { x.mul(y) } else { x.mul(&y.inv()) };
                match product {
                    Some(u) => Type::Dec(u),
                    None => {
                        let (left, right) = (unit_name(x), unit_name(y));
                        return self.err(E::UnitPower { left, right, span });
                    }
                }
            }
            (ArithOp::Add | ArithOp::Sub, Type::Date, Type::Days) => Type::Date,
            (ArithOp::Sub, Type::Date, Type::Date) => Type::Days,
            (ArithOp::Add | ArithOp::Sub, Type::Days, Type::Days) => Type::Days,
            _ => {
                let (x, y) = (a.ty.clone(), b.ty.clone());
                return self.bad(op, &x, &y, span);
            }
        };
        Ok(Expr { kind: ExprKind::Arith(aop, boxed(a), boxed(b)), ty, span })
    }

    /// Check two operands, letting a contextual one (integer literal, bare variant) take the other's type.
    fn pair(&mut self, l: &ast::Expr, r: &ast::Expr, ctx: Ctx) -> Res<(Expr, Expr)> {
        if self.contextual(l, ctx) && !self.contextual(r, ctx) {
            let b = self.expr(r, ctx, None)?;
            let a = self.expr(l, ctx, Some(&b.ty))?;
            Ok((a, b))
        } else {
            let a = self.expr(l, ctx, None)?;
            let b = self.expr(r, ctx, Some(&a.ty))?;
            Ok((a, b))
        }
    }

    fn bad<T>(&mut self, op: BinOp, a: &Type, b: &Type, span: Span) -> Res<T> {
        let (left, right) = (self.p.type_name(a), self.p.type_name(b));
        self.err(E::BadOperands { op: op.symbol().into(), left, right, span })
    }

    fn call(&mut self, f: &ast::Ident, args: &[ast::Expr], ctx: Ctx, expected: Option<&Type>, span: Span) -> Res<Expr> {
        if !FUNCS.contains(&f.name.as_str()) {
            return self.err(E::UnknownFunction { name: f.name.clone(), span: f.span });
        }
        if matches!(f.name.as_str(), "数量" | "count") {
            let [a] = args else {
                return self.err(E::Arity { func: f.name.clone(), expected: "1", found: args.len(), span });
            };
            let x = self.expr(a, ctx, None)?;
            if !matches!(x.ty, Type::Set(_)) {
                let found = self.p.type_name(&x.ty);
                return self.err(E::TypeMismatch { expected: "集合<…>".into(), found, span: x.span });
            }
            return Ok(Expr { kind: ExprKind::Count(Box::new(x)), ty: Type::Int, span });
        }
        if args.is_empty() {
            return self.err(E::Arity { func: f.name.clone(), expected: "at least 1", found: 0, span });
        }
        // the first non-contextual argument fixes the type
        let first = args.iter().position(|a| !self.contextual(a, ctx)).unwrap_or(0);
        let Some(fa) = args.get(first) else { return Err(()) };
        let x = self.expr(fa, ctx, expected)?;
        let t = x.ty.clone();
        if !matches!(t, Type::Int | Type::Dec(_) | Type::Date | Type::Days | Type::Enum(_)) {
            let ty = self.p.type_name(&t);
            return self.err(E::NotOrdered { ty, span: fa.span });
        }
        // checked with the type it has, the first argument is what checking it again would give: keep it (checking
        // every argument twice made nested calls `最小(最小(…))` take 2^depth; the fuzzer found 28 levels at 26 s)
        let mut checked = (expected == Some(&t)).then_some(x);
        let mut xs = Vec::new();
        for (i, a) in args.iter().enumerate() {
            match checked.take_if(|_| i == first) {
                Some(x) => xs.push(x),
                None => xs.push(self.expect_type(a, ctx, &t)?),
            }
        }
        let kind = if matches!(f.name.as_str(), "最大" | "max") { ExprKind::Max(xs) } else { ExprKind::Min(xs) };
        Ok(Expr { kind, ty: t, span })
    }

    fn match_expr(
        &mut self,
        scrutinee: &ast::Expr,
        arms: &[ast::MatchArm],
        ctx: Ctx,
        expected: Option<&Type>,
        span: Span,
    ) -> Res<Expr> {
        let s = self.expr(scrutinee, ctx, None)?;
        let Type::Enum(en) = s.ty else {
            let found = self.p.type_name(&s.ty);
            return self.err(E::TypeMismatch { expected: "an enum".into(), found, span: s.span });
        };
        let nvar = self.p.enums.get(en).map_or(0, |d| d.variants.len());
        let mut arm_of: Vec<Option<usize>> = vec![None; nvar];
        let mut wildcard = None;
        let mut failed = false;
        for (ai, arm) in arms.iter().enumerate() {
            if arm.patterns.is_empty() {
                wildcard.get_or_insert(ai);
            }
            for p in &arm.patterns {
                match self.variant(en, p) {
                    Ok(i) => match arm_of.get_mut(i as usize) {
                        Some(slot @ None) => *slot = Some(ai),
                        Some(Some(_)) => {
                            self.report(E::UnreachableArm { variant: p.name.clone(), span: p.span });
                            failed = true;
                        }
                        None => {}
                    },
                    Err(()) => failed = true,
                }
            }
        }
        let missing: Vec<String> = arm_of
            .iter()
            .enumerate()
            .filter(|(_, a)| a.is_none())
            .map(|(i, _)| self.p.variant_name(en, i as u16).to_string())
            .collect();
        if wildcard.is_none() && !missing.is_empty() {
            return self.err(E::NonExhaustive { missing, span: scrutinee.span });
        }
        // arm bodies: the first non-contextual one fixes the type
        let order: Vec<usize> = {
            let first = arms.iter().position(|a| !self.contextual(&a.body, ctx)).unwrap_or(0);
            std::iter::once(first).chain((0..arms.len()).filter(|i| *i != first)).collect()
        };
        let mut bodies: Vec<Option<Expr>> = vec![None; arms.len()];
        // `expected` is a hint for the first arm (as for `若`), not a requirement: in `日期 + 匹配 …` the
        // arms are day counts
        let mut ty: Option<Type> = None;
        for i in order {
            let Some(arm) = arms.get(i) else { continue };
            let x = match &ty {
                Some(t) => self.expect_type(&arm.body, ctx, t),
                None => self.expr(&arm.body, ctx, expected),
            };
            match x {
                Ok(x) => {
                    ty.get_or_insert(x.ty.clone());
                    if let Some(b) = bodies.get_mut(i) {
                        *b = Some(x);
                    }
                }
                Err(()) => failed = true,
            }
        }
        if failed {
            return Err(());
        }
        let bodies: Vec<Expr> = bodies.into_iter().flatten().collect();
        let table: Vec<usize> = arm_of.iter().map(|a| a.or(wildcard).unwrap_or(0)).collect();
        let ty = ty.unwrap_or(Type::Bool);
        Ok(Expr { kind: ExprKind::Match(Box::new(s), table, bodies), ty, span })
    }
}

fn unit_name(u: &Unit) -> String {
    if u.is_none() {
        jz_i18n::t!("unit-none")
    } else {
        format!("[{u}]")
    }
}
