//! The REPL's state and what each command does: the loaded program, the scenario and parameter values, the
//! samples (named records), the current record and the dataset. Results go to the given writer; mistakes
//! come back as a [`Failure`] that the loop renders (diagnostics exactly as `jz check` prints them) before
//! reading the next line — nothing typed ends the session.

use super::command::{self, Arg, Assign, Command, COMMANDS};
use super::data::{Dataset, Interrupted, State};
use super::explain::explain;
use super::helper::Names;
use crate::transitions::{table, thousands, width};
use jz_check::ir::{DecisionId, Expr, ExprKind, Program, RecordId, SampleDef};
use jz_check::types::value_cmp;
use jz_check::{load_and_check, load_text, Checked, Scope, Type, Value};
use jz_eval::{Frame, Interp};
use jz_syntax::ast::Item;
use jz_syntax::{parse_expr, parse_file, parse_record_lit, Diagnostic, Span};
use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Instant;

/// A line that could not be carried out.
pub enum Failure {
    /// Checker or parser diagnostics about the input (rendered with the session's sources).
    Diagnostics(Vec<Diagnostic>),
    /// `error: …` with an optional `help:` line, as the other subcommands print them.
    Message(String),
}

impl From<String> for Failure {
    fn from(m: String) -> Failure {
        Failure::Message(m)
    }
}

impl From<Interrupted> for Failure {
    fn from(_: Interrupted) -> Failure {
        Failure::Message("interrupted".into())
    }
}

type Res<T> = Result<T, Failure>;

pub enum Flow {
    Continue,
    Quit,
}

enum Origin {
    /// Declared with `样本` in a policy file.
    Policy,
    /// Typed at the prompt: the record literal's text, checked again after a reload.
    Typed(String),
    /// A dataset row, by key.
    Row(String),
}

struct Sample {
    def: SampleDef,
    origin: Origin,
}

#[derive(Clone, Copy, PartialEq)]
enum Target {
    Scen(usize),
    Param(usize),
}

macro_rules! say {
    ($out:expr, $($arg:tt)*) => {{
        let _ = writeln!($out, $($arg)*);
    }};
}

pub struct Session {
    path: Option<PathBuf>,
    checked: Checked,
    program: Program,
    scope: Scope,
    samples: Vec<Sample>,
    current: Option<String>,
    scenario: Vec<Value>,
    params: Vec<Value>,
    data: Option<Dataset>,
    inputs: u32,
    pub names: Rc<RefCell<Names>>,
    interrupted: Arc<dyn Fn() -> bool + Send + Sync>,
}

impl Session {
    /// An empty session (no policy: literal expressions only, until `:load`).
    pub fn new(interrupted: Arc<dyn Fn() -> bool + Send + Sync>) -> Session {
        let mut checked = load_text("<empty>", "", Path::new("."));
        let program = checked.program.take().unwrap_or_else(empty_program);
        let scope = Scope::new(&program, &[]);
        let s = Session {
            path: None,
            checked,
            scenario: jz_eval::default_scenario(&program),
            params: program.params.iter().map(|p| p.value.clone()).collect(),
            program,
            scope,
            samples: Vec::new(),
            current: None,
            data: None,
            inputs: 0,
            names: Rc::new(RefCell::new(Names::default())),
            interrupted,
        };
        s.refresh_names();
        s
    }

    pub fn prompt(&self) -> String {
        match &self.current {
            Some(c) => format!("jz[{c}]> "),
            None => "jz> ".into(),
        }
    }

    /// Print a failure to stderr: diagnostics exactly as `jz check` renders them.
    pub fn report(&self, f: &Failure) {
        match f {
            Failure::Diagnostics(d) => self.checked.sources.render_stderr(d),
            Failure::Message(m) => eprintln!("{m}"),
        }
    }

    /// Carry out one entry (possibly several lines).
    pub fn exec(&mut self, input: &str, out: &mut dyn Write) -> Res<Flow> {
        self.inputs += 1;
        let file = self.checked.sources.add(format!("<repl:{}>", self.inputs), input.to_string());
        let cmd = command::parse(input)?;
        let r = self.dispatch(cmd, file, out);
        self.refresh_names();
        r
    }

    fn dispatch(&mut self, cmd: Command, file: u32, out: &mut dyn Write) -> Res<Flow> {
        match cmd {
            Command::Nothing => {}
            Command::Quit => return Ok(Flow::Quit),
            Command::Help(c) => help(c.as_deref(), out)?,
            Command::Load(p) => self.load(Path::new(&p), out)?,
            Command::Reload => match self.path.clone() {
                Some(p) => self.load(&p, out)?,
                None => {
                    return Err("error: no policy loaded yet\n  help: `:load policies/hebei/main.jz`"
                        .to_string()
                        .into())
                }
            },
            Command::Set(a) if a.is_empty() => self.show(out),
            Command::Set(a) => self.set(&a, file, out)?,
            Command::Unset(names) => self.unset(&names, out)?,
            Command::Let { name, lit } => {
                let ast = parse_record_lit(file, &lit.text, lit.at).map_err(|d| Failure::Diagnostics(vec![d]))?;
                self.define(&name, &ast, Origin::Typed(lit.text.clone()), out)?;
            }
            Command::Use(name) => {
                let s = self.sample(&name)?;
                let rec = self.record_name(s.def.record);
                self.current = Some(name.clone());
                say!(out, "current record: {name} ({rec})");
            }
            Command::Samples => self.list_samples(out),
            Command::Eval(arg) => self.eval_cmd(&arg, file, out)?,
            Command::Type(arg) => {
                let e = self.check_expr(&arg, file, None)?;
                say!(out, "{}", self.program.type_name(&e.ty));
            }
            Command::Explain(words) => self.explain(&words, out)?,
            Command::Data { path, record } => self.load_data(Path::new(&path), record.as_deref(), out)?,
            Command::Count { by, filter } => self.count(&by, filter.as_ref(), file, out)?,
            Command::WhatIf(a) => self.what_if(&a, file, out)?,
            Command::Moved(words) => self.moved(&words, out)?,
            Command::Export(path) => self.export(Path::new(&path), out)?,
            Command::Row { key, name } => self.row(&key, name.as_deref(), out)?,
            Command::Rejects(path) => self.rejects(path.as_deref().map(Path::new), out)?,
            Command::Input(arg) => self.input(&arg, file, out)?,
        }
        Ok(Flow::Continue)
    }

    // ------------------------------------------------------------------ loading

    pub fn load(&mut self, path: &Path, out: &mut dyn Write) -> Res<()> {
        let started = Instant::now();
        let mut checked = load_and_check(path);
        checked.sources.render_stderr(&checked.diagnostics);
        let Some(program) = checked.program.take() else {
            let kept = match &self.path {
                Some(p) => format!("; still using {}", p.display()),
                None => String::new(),
            };
            let n = checked.diagnostics.iter().filter(|d| d.is_error()).count();
            return Err(format!("error: `{}` has {n} error(s), not loaded{kept}", path.display()).into());
        };
        let old_program = std::mem::replace(&mut self.program, program);
        self.checked = checked;
        self.scope = Scope::new(&self.program, &self.checked.samples);
        self.path = Some(path.to_path_buf());
        // carry the values set so far over, by name
        let (old_scen, old_params) = (std::mem::take(&mut self.scenario), std::mem::take(&mut self.params));
        self.scenario = jz_eval::default_scenario(&self.program);
        self.params = self.program.params.iter().map(|p| p.value.clone()).collect();
        for (i, s) in old_program.scenario.iter().enumerate() {
            if let Some(v) = old_scen.get(i).filter(|v| **v != s.default) {
                self.carry(&s.name, &old_program.format_value(&s.ty, v), out);
            }
        }
        for (i, s) in old_program.params.iter().enumerate() {
            if let Some(v) = old_params.get(i).filter(|v| **v != s.value) {
                self.carry(&s.name, &old_program.format_value(&s.ty, v), out);
            }
        }
        let p = &self.program;
        let name = p.policies.last().map(|x| x.name.clone()).unwrap_or_default();
        say!(
            out,
            "loaded {name} from {} ({} files; {} records, {} decisions, {} samples) in {} ms",
            path.display(),
            p.policies.len(),
            p.records.len(),
            p.decisions.len(),
            self.checked.samples.len(),
            started.elapsed().as_millis()
        );
        // the dataset's columns are typed by the program: read it again; then the samples
        let old_samples = std::mem::take(&mut self.samples);
        self.samples = self.checked.samples.iter().map(|d| Sample { def: d.clone(), origin: Origin::Policy }).collect();
        if let Some(d) = self.data.take() {
            let record = old_program.records.get(d.record).map(|r| r.name.clone()).unwrap_or_default();
            if let Err(f) = self.load_data(&d.path, Some(&record), out) {
                self.report(&f);
            }
        }
        for s in old_samples {
            let name = s.def.name.clone();
            let r = match &s.origin {
                Origin::Policy => continue,
                Origin::Typed(text) => {
                    self.inputs += 1;
                    let file = self.checked.sources.add(format!("<repl:{}>", self.inputs), text.clone());
                    parse_record_lit(file, text, 0)
                        .map_err(|d| Failure::Diagnostics(vec![d]))
                        .and_then(|ast| self.define_quiet(&name, &ast, Origin::Typed(text.clone())))
                }
                Origin::Row(key) => self.row_sample(key, &name),
            };
            if let Err(f) = r {
                say!(out, "note: sample `{name}` is gone: it does not check against the new policy");
                self.report(&f);
            }
        }
        if self.current.as_ref().is_some_and(|c| !self.samples.iter().any(|s| &s.def.name == c)) {
            self.current = None;
        }
        self.refresh_names();
        Ok(())
    }

    fn carry(&mut self, name: &str, written: &str, out: &mut dyn Write) {
        let Some((target, ty)) = self.target(name) else {
            say!(out, "note: `{name}` = {written} dropped: the new policy has no such value");
            return;
        };
        match jz_data::parse_cell(&self.program, &ty, written) {
            Ok(v) => self.assign(target, v),
            Err(e) => say!(out, "note: `{name}` = {written} dropped: {}", e.0),
        }
    }

    fn refresh_names(&self) {
        let p = &self.program;
        let mut n = Names {
            samples: self.samples.iter().map(|s| s.def.name.clone()).collect(),
            decisions: p.decisions.iter().map(|d| d.name.clone()).collect(),
            settable: p
                .scenario
                .iter()
                .map(|s| s.name.clone())
                .chain(p.params.iter().map(|x| x.name.clone()))
                .collect(),
            idents: Vec::new(),
        };
        n.idents.extend(
            p.records
                .iter()
                .flat_map(|r| std::iter::once(r.name.clone()).chain(r.fields.iter().map(|f| f.name.clone()))),
        );
        n.idents.extend(p.enums.iter().flat_map(|e| std::iter::once(e.name.clone()).chain(e.variants.iter().cloned())));
        n.idents.extend(p.defines.iter().map(|d| d.name.clone()));
        n.idents.extend(n.decisions.iter().cloned());
        n.idents.extend(n.settable.iter().cloned());
        n.idents.extend(n.samples.iter().cloned());
        n.idents.sort();
        n.idents.dedup();
        n.decisions.sort();
        n.decisions.dedup();
        *self.names.borrow_mut() = n;
    }

    // ------------------------------------------------------------------ scenario and parameters

    fn target(&self, name: &str) -> Option<(Target, Type)> {
        let p = &self.program;
        if let Some(i) = p.scenario_param(name) {
            return p.scenario.get(i).map(|s| (Target::Scen(i), s.ty.clone()));
        }
        p.params
            .iter()
            .position(|x| x.name == name)
            .and_then(|i| p.params.get(i).map(|x| (Target::Param(i), x.ty.clone())))
    }

    fn assign(&mut self, t: Target, v: Value) {
        let slot = match t {
            Target::Scen(i) => self.scenario.get_mut(i),
            Target::Param(i) => self.params.get_mut(i),
        };
        if let Some(s) = slot {
            *s = v;
        }
    }

    fn current_value(&self, t: Target) -> Option<&Value> {
        match t {
            Target::Scen(i) => self.scenario.get(i),
            Target::Param(i) => self.params.get(i),
        }
    }

    /// A value written with its unit, as in the language (`20 [t/h]`).
    fn show_value(&self, ty: &Type, v: &Value) -> String {
        let s = self.program.format_value(ty, v);
        match ty {
            Type::Dec(u) if !u.is_none() => format!("{s} [{u}]"),
            _ => s,
        }
    }

    /// Resolve `NAME = VALUE`: the value is read as language text (`20 [t/h]`, `橙色`, `2026-12-01`) or, failing
    /// that, in the data contract's encoding (`20`, as `--set` takes it). Notes say when a parameter is set
    /// outside what a refinement may do.
    fn resolve(&mut self, a: &Assign, file: u32) -> Res<(Target, Value, Option<String>)> {
        let Some((target, ty)) = self.target(&a.name) else {
            let p = &self.program;
            let names: Vec<&str> =
                p.scenario.iter().map(|s| s.name.as_str()).chain(p.params.iter().map(|x| x.name.as_str())).collect();
            let near = names.iter().map(|n| (strsim::levenshtein(n, &a.name), *n)).min_by_key(|x| x.0);
            let help = match near {
                Some((d, n)) if d <= (a.name.chars().count() / 3).max(1) => format!("did you mean `{n}`?"),
                _ if names.is_empty() => "this policy has no scenario values or parameters".into(),
                _ => format!("one of {}", names.join(", ")),
            };
            return Err(format!("error: `{}` is not a scenario value or parameter\n  help: {help}", a.name).into());
        };
        let lang = parse_expr(file, &a.value.text, a.value.at)
            .map_err(|d| vec![d])
            .and_then(|ast| self.scope.expr(&ast, None, Some(&ty)))
            .and_then(|e| {
                let it = Interp { program: &self.program, params: self.params.clone() };
                let mut f = Frame::new(&self.program, Vec::new(), self.scenario.clone());
                it.eval(&mut f, &e).map_err(|err| {
                    vec![Diagnostic::error("E0500", err.describe(&self.program), e.span)
                        .with_help("the value must evaluate without error")]
                })
            });
        let v = match lang {
            Ok(v) => v,
            Err(diags) => match jz_data::parse_cell(&self.program, &ty, &a.value.text) {
                Ok(v) if !matches!(ty, Type::Text) || !a.value.text.starts_with(['"', '“']) => v,
                _ => return Err(Failure::Diagnostics(diags)),
            },
        };
        let mut note = None;
        if let Target::Param(i) = target {
            if let Some(pd) = self.program.params.get(i) {
                match &pd.open {
                    None => {
                        note = Some(format!(
                            "note: `{}` is not open: a refinement cannot change it (evaluating with it anyway)",
                            pd.name
                        ))
                    }
                    Some(Some((lo, hi)))
                        if value_cmp(&v, lo) == Some(std::cmp::Ordering::Less)
                            || value_cmp(&v, hi) == Some(std::cmp::Ordering::Greater) =>
                    {
                        note = Some(format!(
                            "note: {} is outside [{}, {}], the range a refinement may set (evaluating with it anyway)",
                            self.show_value(&ty, &v),
                            self.show_value(&ty, lo),
                            self.show_value(&ty, hi)
                        ))
                    }
                    _ => {}
                }
            }
        }
        Ok((target, v, note))
    }

    fn set(&mut self, assigns: &[Assign], file: u32, out: &mut dyn Write) -> Res<()> {
        let mut resolved = Vec::new();
        for a in assigns {
            resolved.push((a.name.clone(), self.resolve(a, file)?));
        }
        for (name, (target, v, note)) in resolved {
            let ty = self.target(&name).map(|t| t.1).unwrap_or(Type::Bool);
            let was = self.current_value(target).map(|x| self.show_value(&ty, x)).unwrap_or_default();
            let now = self.show_value(&ty, &v);
            self.assign(target, v);
            say!(out, "{name} = {now} (was {was})");
            if let Some(n) = note {
                say!(out, "{n}");
            }
        }
        Ok(())
    }

    fn unset(&mut self, names: &[String], out: &mut dyn Write) -> Res<()> {
        let all: Vec<String> = if names.is_empty() {
            self.program
                .scenario
                .iter()
                .map(|s| s.name.clone())
                .chain(self.program.params.iter().map(|p| p.name.clone()))
                .collect()
        } else {
            names.to_vec()
        };
        for n in &all {
            if self.target(n).is_none() {
                return Err(
                    format!("error: `{n}` is not a scenario value or parameter\n  help: `:show` lists them").into()
                );
            }
        }
        for n in all {
            let Some((t, ty)) = self.target(&n) else { continue };
            let v = match t {
                Target::Scen(i) => self.program.scenario.get(i).map(|s| s.default.clone()),
                Target::Param(i) => self.program.params.get(i).map(|p| p.value.clone()),
            };
            if let Some(v) = v {
                if self.current_value(t) != Some(&v) {
                    say!(out, "{n} = {}", self.show_value(&ty, &v));
                }
                self.assign(t, v);
            }
        }
        Ok(())
    }

    fn show(&self, out: &mut dyn Write) {
        let p = &self.program;
        if p.scenario.is_empty() && p.params.is_empty() {
            say!(out, "no scenario values or parameters (load a policy with `:load PATH`)");
            return;
        }
        let mut rows = Vec::new();
        for (i, s) in p.scenario.iter().enumerate() {
            let v = self.scenario.get(i).unwrap_or(&s.default);
            let note =
                if *v == s.default { String::new() } else { format!("default {}", self.show_value(&s.ty, &s.default)) };
            rows.push(vec![s.name.clone(), self.show_value(&s.ty, v), "scenario".into(), note]);
        }
        for (i, x) in p.params.iter().enumerate() {
            let v = self.params.get(i).unwrap_or(&x.value);
            let mut notes = Vec::new();
            if *v != x.value {
                notes.push(format!("policy {}", self.show_value(&x.ty, &x.value)));
            }
            match &x.open {
                Some(Some((lo, hi))) => {
                    notes.push(format!("open [{}, {}]", self.show_value(&x.ty, lo), self.show_value(&x.ty, hi)))
                }
                Some(None) => notes.push("open".into()),
                None => {}
            }
            rows.push(vec![x.name.clone(), self.show_value(&x.ty, v), "parameter".into(), notes.join("; ")]);
        }
        for l in table(&["name".into(), "value".into(), "kind".into(), "".into()], &rows, &[]) {
            say!(out, "{}", l.trim_end());
        }
    }

    // ------------------------------------------------------------------ records

    fn sample(&self, name: &str) -> Res<&Sample> {
        self.samples.iter().find(|s| s.def.name == name).ok_or_else(|| {
            let near = self
                .samples
                .iter()
                .map(|s| (strsim::levenshtein(&s.def.name, name), s.def.name.as_str()))
                .min_by_key(|x| x.0)
                .filter(|x| x.0 <= (name.chars().count() / 3).max(1));
            let help = match near {
                Some((_, n)) => format!("did you mean `{n}`?"),
                None => "`:samples` lists them; define one with `样本 甲 = 普通企业 { … }` or `:row KEY`".into(),
            };
            Failure::Message(format!("error: no sample named `{name}`\n  help: {help}"))
        })
    }

    fn record_name(&self, r: RecordId) -> String {
        self.program.records.get(r).map(|x| x.name.clone()).unwrap_or_default()
    }

    fn current_record(&self) -> Option<RecordId> {
        self.current.as_ref().and_then(|c| self.samples.iter().find(|s| &s.def.name == c)).map(|s| s.def.record)
    }

    fn check_name(&self, name: &str) -> Res<()> {
        let ok = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !ok {
            return Err(format!("error: `{name}` is not a name\n  help: a name is letters (Chinese included), digits and `_`, not starting with a digit").into());
        }
        if self.program.record(name).is_some() {
            return Err(format!("error: `{name}` is a record type\n  help: give the sample another name").into());
        }
        Ok(())
    }

    /// Check a record literal and keep it as a sample (replacing one of the same name).
    fn define_quiet(&mut self, name: &str, lit: &jz_syntax::ast::RecordLit, origin: Origin) -> Res<()> {
        self.check_name(name)?;
        let (record, fields) = self.scope.record_lit(lit).map_err(Failure::Diagnostics)?;
        let def = SampleDef { name: name.to_string(), record, fields, span: lit.span };
        self.scope.add_sample(def.clone());
        match self.samples.iter_mut().find(|s| s.def.name == name) {
            Some(s) => *s = Sample { def, origin },
            None => self.samples.push(Sample { def, origin }),
        }
        Ok(())
    }

    fn define(&mut self, name: &str, lit: &jz_syntax::ast::RecordLit, origin: Origin, out: &mut dyn Write) -> Res<()> {
        let replaced = self.samples.iter().any(|s| s.def.name == name);
        self.define_quiet(name, lit, origin)?;
        self.current = Some(name.to_string());
        let def = self.sample(name)?.def.clone();
        let verb = if replaced { "redefined" } else { "defined" };
        say!(out, "{verb} {name} ({}), now the current record", self.record_name(def.record));
        let fields = self.field_values(&def.fields)?;
        self.show_decisions(def.record, fields, out)
    }

    /// The values of a sample's fields under the current scenario.
    fn field_values(&self, fields: &[Option<Expr>]) -> Res<Vec<Value>> {
        let it = Interp { program: &self.program, params: self.params.clone() };
        let mut f = Frame::new(&self.program, Vec::new(), self.scenario.clone());
        fields
            .iter()
            .map(|x| match x {
                Some(e) => it
                    .eval(&mut f, e)
                    .map_err(|err| Failure::Message(format!("error: {}", err.describe(&self.program)))),
                None => Ok(Value::Absent),
            })
            .collect()
    }

    fn frame_for(&self, name: &str) -> Res<(RecordId, Frame)> {
        let s = self.sample(name)?;
        let record = s.def.record;
        let fields = self.field_values(&s.def.fields.clone())?;
        Ok((record, Frame::new(&self.program, fields, self.scenario.clone())))
    }

    /// Every decision of a record with the rule that decided it, then its guarantees.
    fn show_decisions(&self, record: RecordId, fields: Vec<Value>, out: &mut dyn Write) -> Res<()> {
        let p = &self.program;
        let it = Interp { program: p, params: self.params.clone() };
        let mut frame = Frame::new(p, fields, self.scenario.clone());
        let outputs = p.outputs.get(record).cloned().unwrap_or_default();
        let mut order: Vec<DecisionId> = outputs.clone();
        order.extend(p.decisions_of(record).map(|(d, _)| d).filter(|d| !outputs.contains(d)).collect::<Vec<_>>());
        let mut rows = Vec::new();
        for d in order {
            let Some(dec) = p.decisions.get(d) else { continue };
            let mark = if outputs.contains(&d) { "" } else { " (not an output)" };
            match it.decision(&mut frame, d) {
                Ok(o) => {
                    let by = match o.rule.and_then(|r| dec.rules.get(r)) {
                        Some(r) if r.citations.is_empty() => format!("rule `{}`", r.label.as_deref().unwrap_or("?")),
                        Some(r) => format!("依据 {}", r.citation()),
                        None => "默认".into(),
                    };
                    rows.push(vec![format!("{}{mark}", dec.name), p.format_value(&dec.ty, &o.value), by]);
                }
                Err(e) => rows.push(vec![format!("{}{mark}", dec.name), "error".into(), e.describe(p)]),
            }
        }
        if rows.is_empty() {
            say!(out, "(`{}` has no decisions)", self.record_name(record));
        } else {
            for l in table(&["判定".into(), "值".into(), "依据".into()], &rows, &[]) {
                say!(out, "  {}", l.trim_end());
            }
        }
        if let Err(e) = it.guarantees(&mut frame, record) {
            say!(out, "  ✗ {}", e.describe(p));
        }
        Ok(())
    }

    fn list_samples(&self, out: &mut dyn Write) {
        if self.samples.is_empty() {
            say!(out, "no samples: define one with `样本 甲 = 企业 {{ … }}` (or load a policy's tests.jz, which declares some)");
            return;
        }
        let rows: Vec<Vec<String>> = self
            .samples
            .iter()
            .map(|s| {
                let from = match &s.origin {
                    Origin::Policy => {
                        let (l, _) = self.checked.sources.line_col(s.def.span);
                        format!("{}:{l}", self.checked.sources.name(s.def.span.file))
                    }
                    Origin::Typed(_) => "typed here".into(),
                    Origin::Row(k) => format!("data row, key {k}"),
                };
                let cur = if self.current.as_deref() == Some(s.def.name.as_str()) { "*" } else { "" };
                vec![format!("{cur}{}", s.def.name), self.record_name(s.def.record), from]
            })
            .collect();
        for l in table(&["sample".into(), "record".into(), "from".into()], &rows, &[]) {
            say!(out, "{}", l.trim_end());
        }
    }

    // ------------------------------------------------------------------ expressions

    fn check_expr(&mut self, arg: &Arg, file: u32, expected: Option<&Type>) -> Res<Expr> {
        self.check_expr_for(arg, file, self.current_record(), expected)
    }

    fn check_expr_for(&mut self, arg: &Arg, file: u32, record: Option<RecordId>, expected: Option<&Type>) -> Res<Expr> {
        let ast = parse_expr(file, &arg.text, arg.at).map_err(|d| Failure::Diagnostics(vec![d]))?;
        self.scope.expr(&ast, record, expected).map_err(Failure::Diagnostics)
    }

    /// Evaluate an expression for a sample (or without a record) and print its value.
    fn eval_expr(&mut self, arg: &Arg, file: u32, sample: Option<&str>, out: &mut dyn Write) -> Res<()> {
        let record = match sample {
            Some(n) => Some(self.sample(n)?.def.record),
            None => self.current_record(),
        };
        let e = self.check_expr_for(arg, file, record, None)?;
        let mut frame = match sample.or(self.current.as_deref()).filter(|_| record.is_some()) {
            Some(n) => self.frame_for(n)?.1,
            None => Frame::new(&self.program, Vec::new(), self.scenario.clone()),
        };
        let it = Interp { program: &self.program, params: self.params.clone() };
        match it.eval(&mut frame, &e) {
            Ok(Value::Absent) => say!(out, "(absent)"),
            Ok(v) => say!(out, "{}", self.show_value(&e.ty, &v)),
            Err(err) => {
                let d = Diagnostic::error("E0500", err.describe(&self.program), span_of(&err).unwrap_or(e.span));
                return Err(Failure::Diagnostics(vec![d]));
            }
        }
        Ok(())
    }

    fn eval_cmd(&mut self, arg: &Arg, file: u32, out: &mut dyn Write) -> Res<()> {
        let first = arg.text.split_whitespace().next().unwrap_or("");
        if arg.text.is_empty() {
            let Some(c) = self.current.clone() else {
                return Err(
                    "error: no current record\n  help: `:eval NAME`, or define one with `样本 甲 = 普通企业 { … }`"
                        .to_string()
                        .into(),
                );
            };
            return self.show_sample(&c, out);
        }
        if self.samples.iter().any(|s| s.def.name == first) {
            let rest = arg.text.get(first.len()..).unwrap_or("");
            if rest.trim().is_empty() {
                return self.show_sample(first, out);
            }
            let at = arg.at + first.len() + (rest.len() - rest.trim_start().len());
            let sub = Arg { text: rest.trim().to_string(), at };
            return self.eval_expr(&sub, file, Some(first), out);
        }
        self.eval_expr(arg, file, None, out)
    }

    fn show_sample(&mut self, name: &str, out: &mut dyn Write) -> Res<()> {
        let (record, frame) = self.frame_for(name)?;
        say!(out, "{name} ({})", self.record_name(record));
        self.show_decisions(record, frame.fields, out)
    }

    /// Language input: `样本 …`, `设定 …`, a sample's name, a record literal, or an expression.
    fn input(&mut self, arg: &Arg, file: u32, out: &mut dyn Write) -> Res<()> {
        let text = arg.text.as_str();
        let first: String = text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let after = text.get(first.len()..).unwrap_or("");
        if matches!(first.as_str(), "样本" | "sample" | "设定" | "set") && after.starts_with(char::is_whitespace) {
            let src = self.checked.sources.text(file).to_string();
            let (f, diags) = parse_file(file, &src);
            if !diags.is_empty() {
                return Err(Failure::Diagnostics(diags));
            }
            return match f.items.as_slice() {
                [Item::Sample { name, value }] => {
                    let lit_text = self.checked.sources.slice(value.span).to_string();
                    self.define(&name.name, value, Origin::Typed(lit_text), out)
                }
                [Item::Set { name, value }] => {
                    let vtext = self.checked.sources.slice(value.span).to_string();
                    let a =
                        Assign { name: name.name.clone(), value: Arg { text: vtext, at: value.span.start as usize } };
                    self.set(&[a], file, out)
                }
                _ => {
                    Err("error: one `样本` or `设定` at a time\n  help: enter each on its own line".to_string().into())
                }
            };
        }
        const ITEMS: &[&str] = &[
            "定义",
            "判定",
            "规则",
            "例外",
            "记录",
            "枚举",
            "情景",
            "参数",
            "保障",
            "测试",
            "关于",
            "引用",
            "补充",
            "输出",
            "政策",
            "define",
            "decision",
            "rule",
            "record",
            "enum",
            "scenario",
            "param",
            "guarantee",
            "test",
            "about",
            "use",
            "extend",
            "output",
            "policy",
        ];
        if ITEMS.contains(&first.as_str()) && after.starts_with(char::is_whitespace) {
            return Err(format!(
                "error: `{first}` declares part of a policy; the REPL evaluates expressions and records\n  help: write it in the policy file and `:reload`"
            )
            .into());
        }
        if !first.is_empty() && after.trim().is_empty() && self.samples.iter().any(|s| s.def.name == first) {
            self.current = Some(first.clone());
            return self.show_sample(&first, out);
        }
        if !first.is_empty() && after.trim_start().starts_with(['{', '｛']) {
            let lit = parse_record_lit(file, text, arg.at).map_err(|d| Failure::Diagnostics(vec![d]))?;
            let (record, fields) = self.scope.record_lit(&lit).map_err(Failure::Diagnostics)?;
            let values = self.field_values(&fields)?;
            return self.show_decisions(record, values, out);
        }
        self.eval_expr(arg, file, None, out)
    }

    fn explain(&mut self, words: &[String], out: &mut dyn Write) -> Res<()> {
        let mut words = words.iter().peekable();
        let name = match words.peek() {
            Some(w) if self.samples.iter().any(|s| &s.def.name == *w) => words.next().cloned(),
            _ => self.current.clone(),
        };
        let Some(name) = name else {
            return Err(
                "error: no record to explain\n  help: `:explain NAME DECISION`, or make one current with `:use NAME`"
                    .to_string()
                    .into(),
            );
        };
        let (record, mut frame) = self.frame_for(&name)?;
        let p = &self.program;
        let mut asks: Vec<(DecisionId, Option<Value>)> = Vec::new();
        for w in words {
            if let Some((d, _)) = p.decisions_of(record).find(|(_, x)| &x.name == w) {
                asks.push((d, None));
                continue;
            }
            let last_ty = asks.last().and_then(|(d, _)| p.decisions.get(*d)).map(|x| x.ty.clone());
            if let (Some(ty), Some(last)) = (last_ty, asks.last_mut()) {
                if last.1.is_none() {
                    if let Ok(v) = jz_data::parse_cell(p, &ty, w) {
                        last.1 = Some(v);
                        continue;
                    }
                }
            }
            let near = p
                .decisions_of(record)
                .map(|(_, x)| (strsim::levenshtein(&x.name, w), x.name.as_str()))
                .min_by_key(|x| x.0)
                .filter(|x| x.0 <= (w.chars().count() / 3).max(1));
            let help = match near {
                Some((_, n)) => format!("did you mean `{n}`?"),
                None => format!(
                    "the decisions of `{}`: {}",
                    self.record_name(record),
                    p.decisions_of(record).map(|(_, x)| x.name.as_str()).collect::<Vec<_>>().join(", ")
                ),
            };
            return Err(format!(
                "error: `{w}` is not a decision of `{}` (or a value of the decision before it)\n  help: {help}",
                self.record_name(record)
            )
            .into());
        }
        if asks.is_empty() {
            asks = p.outputs.get(record).cloned().unwrap_or_default().into_iter().map(|d| (d, None)).collect();
        }
        let it = Interp { program: p, params: self.params.clone() };
        say!(out, "{name} ({})", self.record_name(record));
        for (d, why_not) in asks {
            for l in explain(&it, &self.checked.sources, &mut frame, d, why_not.as_ref()) {
                say!(out, "{l}");
            }
        }
        Ok(())
    }

    // ------------------------------------------------------------------ data

    fn load_data(&mut self, path: &Path, record: Option<&str>, out: &mut dyn Write) -> Res<()> {
        let p = &self.program;
        let rid = match record {
            Some(r) => p.record(r).ok_or_else(|| {
                let names: Vec<&str> = p.records.iter().map(|x| x.name.as_str()).collect();
                Failure::Message(format!(
                    "error: no record type `{r}` in this policy\n  help: one of {}",
                    names.join(", ")
                ))
            })?,
            None => self.detect_record(path)?,
        };
        let cancel = Arc::clone(&self.interrupted);
        let d = Dataset::load(&self.program, rid, path, &move || cancel())
            .map_err(|e| Failure::Message(format!("error: {e}")))?;
        say!(
            out,
            "loaded {} {} rows from {} in {:.2} s ({} read, {} rejected)",
            thousands(d.rows as u64),
            self.record_name(rid),
            path.display(),
            d.load_secs,
            thousands(d.read),
            thousands(d.rejected_rows)
        );
        for r in d.rejects.iter().take(5) {
            say!(out, "  {}", reject_line(r.row, &r.key, &r.column, &r.value, &r.reason));
        }
        if d.rejects.len() > 5 {
            say!(
                out,
                "  … `:rejects` lists all {} reasons, `:rejects FILE` writes them",
                thousands(d.rejects.len() as u64)
            );
        }
        self.data = Some(d);
        Ok(())
    }

    /// The record type whose columns the file has (the one with the most fields when several fit).
    fn detect_record(&self, path: &Path) -> Res<RecordId> {
        let p = &self.program;
        if p.records.is_empty() {
            return Err("error: no record types: load a policy first\n  help: `:load policies/hebei/main.jz`"
                .to_string()
                .into());
        }
        let mut fits = Vec::new();
        let mut why = Vec::new();
        for (r, rec) in p.records.iter().enumerate() {
            match jz_data::open(p, r, path) {
                Ok(_) => fits.push((rec.fields.len(), Some(r) == self.current_record(), r)),
                Err(e) => why.push(format!("{}: {}", rec.name, e.lines().next().unwrap_or(""))),
            }
        }
        fits.sort();
        match fits.last() {
            Some((_, _, r)) => Ok(*r),
            None if why.iter().any(|w| w.contains("cannot")) => {
                Err(format!("error: {}", why.first().cloned().unwrap_or_default()).into())
            }
            None => Err(format!(
                "error: `{}` has the columns of no record type\n  {}\n  help: name the record: `:data FILE RECORD`",
                path.display(),
                why.join("\n  ")
            )
            .into()),
        }
    }

    fn dataset(&mut self) -> Res<&mut Dataset> {
        self.data.as_mut().ok_or_else(|| {
            Failure::Message("error: no dataset loaded\n  help: `:data examples/enterprises_10k.csv`".into())
        })
    }

    /// The current state's decisions for every row (evaluated once per scenario).
    fn current_state(&mut self, out: &mut dyn Write) -> Res<Arc<State>> {
        let cancel = Arc::clone(&self.interrupted);
        let (scenario, params) = (self.scenario.clone(), self.params.clone());
        let Some(d) = self.data.as_mut() else {
            return Err("error: no dataset loaded\n  help: `:data examples/enterprises_10k.csv`".to_string().into());
        };
        let before = Instant::now();
        let s = d.state(&self.program, &scenario, &params, &move || cancel())?;
        if before.elapsed().as_secs_f64() > 0.5 {
            say!(out, "(evaluated {} rows in {:.2} s)", thousands(d.rows as u64), s.secs);
        }
        Ok(s)
    }

    fn count(&mut self, by: &[Arg], filter: Option<&Arg>, file: u32, out: &mut dyn Write) -> Res<()> {
        let record = self.dataset()?.record;
        let mut keys = Vec::new();
        for a in by {
            keys.push(self.check_expr_for(a, file, Some(record), None)?);
        }
        let filter = match filter {
            Some(a) => Some(self.check_expr_for(a, file, Some(record), Some(&Type::Bool))?),
            None => None,
        };
        let state = self.current_state(out)?;
        let cancel = Arc::clone(&self.interrupted);
        let p = &self.program;
        let Some(d) = self.data.as_ref() else { return Ok(()) };
        let marginals = keys.is_empty();
        if marginals {
            keys = p
                .outputs
                .get(record)
                .cloned()
                .unwrap_or_default()
                .iter()
                .filter_map(|x| {
                    p.decisions.get(*x).map(|dec| Expr {
                        kind: ExprKind::Decision(*x),
                        ty: dec.ty.clone(),
                        span: Span::default(),
                    })
                })
                .collect();
        }
        let c = d.count(p, &state, &keys, filter.as_ref(), &move || cancel())?;
        let rec = self.record_name(record);
        let rejected = state.errors.len() as u64;
        let of = if filter.is_some() { format!(" of {}", thousands(c.considered)) } else { String::new() };
        let not_counted =
            if rejected > 0 { format!("; {} rejected rows not counted", thousands(rejected)) } else { String::new() };
        say!(
            out,
            "{}{of} {rec} rows{}{not_counted}",
            thousands(c.matched),
            if filter.is_some() { " match" } else { "" }
        );
        if c.errors > 0 {
            let first = c.first_error.as_ref().map(|e| e.describe(p)).unwrap_or_default();
            say!(out, "note: the query failed on {} rows (first: {first}); they are not counted", thousands(c.errors));
        }
        if marginals {
            for (i, k) in keys.iter().enumerate() {
                let mut m: Vec<(Value, u64)> = Vec::new();
                for (g, n) in &c.groups {
                    let Some(v) = g.get(i) else { continue };
                    match m.iter_mut().find(|(x, _)| x == v) {
                        Some(e) => e.1 += n,
                        None => m.push((v.clone(), *n)),
                    }
                }
                sort_groups(&mut m, |x| std::slice::from_ref(x));
                let name = match k.kind {
                    ExprKind::Decision(dd) => p.decisions.get(dd).map(|x| x.name.clone()).unwrap_or_default(),
                    _ => String::new(),
                };
                let parts: Vec<String> =
                    m.iter().map(|(v, n)| format!("{} {}", p.format_value(&k.ty, v), thousands(*n))).collect();
                say!(out, "  {name}: {}", parts.join(" · "));
            }
            return Ok(());
        }
        let mut groups = c.groups;
        if groups.is_empty() {
            return Ok(());
        }
        sort_groups(&mut groups, |g| g.as_slice());
        let mut header: Vec<String> = by.iter().map(|a| a.text.clone()).collect();
        header.push(rec);
        header.push("%".into());
        let total = c.matched.max(1) as f64;
        let rows: Vec<Vec<String>> = groups
            .iter()
            .map(|(g, n)| {
                let mut r: Vec<String> = g.iter().zip(&keys).map(|(v, k)| display(p, &k.ty, v)).collect();
                r.push(thousands(*n));
                r.push(format!("{:.1}", *n as f64 * 100.0 / total));
                r
            })
            .collect();
        let mut right = vec![false; by.len()];
        right.extend([true, true]);
        for l in table(&header, &rows, &right) {
            say!(out, "  {}", l.trim_end());
        }
        Ok(())
    }

    fn what_if(&mut self, assigns: &[Assign], file: u32, out: &mut dyn Write) -> Res<()> {
        let mut scenario = self.scenario.clone();
        let mut params = self.params.clone();
        let mut labels = Vec::new();
        let mut short = Vec::new();
        for a in assigns {
            let (t, v, note) = self.resolve(a, file)?;
            let ty = self.target(&a.name).map(|x| x.1).unwrap_or(Type::Bool);
            let now = self.current_value(t).map(|x| self.show_value(&ty, x)).unwrap_or_default();
            labels.push(format!("{} = {} (now {now})", a.name, self.show_value(&ty, &v)));
            short.push(format!("{} = {}", a.name, self.show_value(&ty, &v)));
            if let Some(n) = note {
                say!(out, "{n}");
            }
            let slot = match t {
                Target::Scen(i) => scenario.get_mut(i),
                Target::Param(i) => params.get_mut(i),
            };
            if let Some(s) = slot {
                *s = v;
            }
        }
        let label = labels.join(", ");
        if self.data.is_none() && self.current.is_none() {
            return Err(
                "error: nothing to compare\n  help: load data with `:data FILE`, or define a record with `样本 甲 = …`"
                    .to_string()
                    .into(),
            );
        }
        if self.data.is_some() {
            let base = self.current_state(out)?;
            let cancel = Arc::clone(&self.interrupted);
            let Some(d) = self.data.as_mut() else { return Ok(()) };
            let started = Instant::now();
            let new = d.state(&self.program, &scenario, &params, &move || cancel())?;
            let c = d.compare(&self.program, &base, &new);
            let p = &self.program;
            let rec = p.records.get(d.record).map(|r| r.name.clone()).unwrap_or_default();
            say!(out, "what if {label}, over {} {rec} rows:", thousands(d.rows as u64));
            let outputs = p.outputs.get(d.record).cloned().unwrap_or_default();
            for (k, t) in c.transitions.iter().enumerate() {
                let Some(dd) = d.decisions.get(k) else { continue };
                let name = p.decisions.get(*dd).map(|x| x.name.clone()).unwrap_or_default();
                let name = if outputs.contains(dd) { name } else { format!("{name} (not an output)") };
                for l in t.render(&name) {
                    say!(out, "{l}");
                }
            }
            say!(
                out,
                "rows: {} unchanged · {} changed · {} rejected ({} now)",
                thousands(c.unchanged),
                thousands(c.changed),
                thousands(c.rejected),
                thousands(base.errors.len() as u64)
            );
            let secs = started.elapsed().as_secs_f64();
            say!(
                out,
                "what-if answered in {secs:.2} s; `:moved` lists the rows that changed, `:export FILE` writes them"
            );
            d.last = Some(super::data::WhatIf { label: short.join(", "), base, new });
        }
        if let Some(name) = self.current.clone() {
            let (record, frame) = self.frame_for(&name)?;
            let p = &self.program;
            let it_now = Interp { program: p, params: self.params.clone() };
            let it_new = Interp { program: p, params };
            let mut f_now = Frame::new(p, frame.fields.clone(), self.scenario.clone());
            let mut f_new = Frame::new(p, frame.fields, scenario);
            let mut changes = Vec::new();
            for (d, dec) in p.decisions_of(record) {
                let show = |r: Result<jz_eval::Outcome, jz_eval::EvalError>| match r {
                    Ok(o) => p.format_value(&dec.ty, &o.value),
                    Err(_) => "error".into(),
                };
                let (a, b) = (show(it_now.decision(&mut f_now, d)), show(it_new.decision(&mut f_new, d)));
                if a != b {
                    changes.push(format!("{} {a} → {b}", dec.name));
                }
            }
            if changes.is_empty() {
                say!(out, "{name}: no decision changes");
            } else {
                say!(out, "{name}: {}", changes.join(", "));
            }
        }
        Ok(())
    }

    fn moved(&mut self, words: &[String], out: &mut dyn Write) -> Res<()> {
        let p = &self.program;
        let Some(d) = self.data.as_ref() else {
            return Err("error: no dataset loaded\n  help: `:data FILE`, then `:what-if NAME = VALUE`"
                .to_string()
                .into());
        };
        let Some(w) = d.last.as_ref() else {
            return Err("error: no what-if yet\n  help: `:what-if 预警级别 = 橙色`".to_string().into());
        };
        let text = words.join(" ");
        let (head, arrow) = match ["→", "->", "=>"].iter().find_map(|a| text.split_once(a)) {
            Some((l, r)) => (l.to_string(), Some(r.to_string())),
            None => (text.clone(), None),
        };
        let mut decision: Option<usize> = None;
        let mut limit = Some(20usize);
        let mut from = None;
        let mut to = None;
        let mut head_words: Vec<&str> = head.split_whitespace().collect();
        let mut tail_words: Vec<&str> = arrow.as_deref().map(|a| a.split_whitespace().collect()).unwrap_or_default();
        // a trailing count or `all`
        let last = if arrow.is_some() { tail_words.last().copied() } else { head_words.last().copied() };
        if let Some(l) = last {
            let parsed = if l == "all" { Some(None) } else { l.parse::<usize>().ok().map(Some) };
            if let Some(n) = parsed {
                limit = n;
                if arrow.is_some() {
                    tail_words.pop();
                } else {
                    head_words.pop();
                }
            }
        }
        if let Some(first) = head_words.first() {
            if let Some(k) = d.decisions.iter().position(|x| p.decisions.get(*x).is_some_and(|dec| dec.name == *first))
            {
                decision = Some(k);
                head_words.remove(0);
            }
        }
        if arrow.is_some() {
            from = Some(head_words.join(" ")).filter(|s| !s.is_empty());
            to = Some(tail_words.join(" ")).filter(|s| !s.is_empty());
        } else if let Some(x) = head_words.first() {
            return Err(format!(
                "error: `{x}` is not a decision of the dataset's record\n  help: {}",
                command::usage(":moved")
            )
            .into());
        }
        let matches = |k: usize, row: usize| {
            let (a, b) = (w.base.code(k, row), w.new.code(k, row));
            a != b
                && from.as_ref().is_none_or(|f| d.name(p, k, a) == *f)
                && to.as_ref().is_none_or(|t| d.name(p, k, b) == *t)
        };
        let ks: Vec<usize> = match decision {
            Some(k) => vec![k],
            None => (0..d.decisions.len()).collect(),
        };
        let mut rows = Vec::new();
        let mut total = 0u64;
        for row in 0..d.rows {
            if !ks.iter().any(|k| matches(*k, row)) {
                continue;
            }
            total += 1;
            if limit.is_some_and(|l| rows.len() >= l) {
                continue;
            }
            let changes: Vec<String> = ks
                .iter()
                .filter(|k| w.base.code(**k, row) != w.new.code(**k, row))
                .map(|k| {
                    let name =
                        d.decisions.get(*k).and_then(|x| p.decisions.get(*x)).map(|x| x.name.as_str()).unwrap_or("");
                    format!("{name} {} → {}", d.name(p, *k, w.base.code(*k, row)), d.name(p, *k, w.new.code(*k, row)))
                })
                .collect();
            rows.push(vec![d.key(row).to_string(), d.row_number(row).to_string(), changes.join("; ")]);
        }
        say!(out, "{} rows moved (what if {})", thousands(total), w.label);
        if !rows.is_empty() {
            let key_name =
                p.records.get(d.record).and_then(|r| r.fields.get(r.key)).map(|f| f.name.clone()).unwrap_or_default();
            for l in table(&[key_name, "行号".into(), "change".into()], &rows, &[false, true, false]) {
                say!(out, "  {}", l.trim_end());
            }
        }
        if (rows.len() as u64) < total {
            say!(
                out,
                "  … {} more: `:moved … all`, or `:export FILE` writes them all",
                thousands(total - rows.len() as u64)
            );
        }
        Ok(())
    }

    fn export(&mut self, path: &Path, out: &mut dyn Write) -> Res<()> {
        let p = &self.program;
        let Some(d) = self.data.as_ref() else { return Err("error: no dataset loaded".to_string().into()) };
        let Some(w) = d.last.as_ref() else {
            return Err("error: no what-if yet\n  help: `:what-if 预警级别 = 橙色`, then `:export FILE`"
                .to_string()
                .into());
        };
        if let Some(dir) = path.parent().filter(|x| !x.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| Failure::Message(format!("error: cannot create `{}`: {e}", dir.display())))?;
        }
        let mut csv = csv::Writer::from_path(path)
            .map_err(|e| Failure::Message(format!("error: cannot create `{}`: {e}", path.display())))?;
        let key_name =
            p.records.get(d.record).and_then(|r| r.fields.get(r.key)).map(|f| f.name.clone()).unwrap_or_default();
        let mut header = vec![key_name, "行号".to_string()];
        for dd in &d.decisions {
            let n = p.decisions.get(*dd).map(|x| x.name.clone()).unwrap_or_default();
            header.push(format!("{n}:现状"));
            header.push(format!("{n}:假设"));
        }
        let io = |e: csv::Error| Failure::Message(format!("error: writing `{}`: {e}", path.display()));
        csv.write_record(&header).map_err(io)?;
        let mut n = 0u64;
        for row in (0..d.rows).filter(|r| d.moved(&w.base, &w.new, *r)) {
            let mut cells = vec![d.key(row).to_string(), d.row_number(row).to_string()];
            for k in 0..d.decisions.len() {
                let (a, b) = (w.base.code(k, row), w.new.code(k, row));
                if a == b {
                    cells.extend([String::new(), String::new()]);
                } else {
                    cells.extend([d.name(p, k, a), d.name(p, k, b)]);
                }
            }
            csv.write_record(&cells).map_err(io)?;
            n += 1;
        }
        csv.flush().map_err(|e| Failure::Message(format!("error: writing `{}`: {e}", path.display())))?;
        say!(out, "wrote {} rows to {} (what if {})", thousands(n), path.display(), w.label);
        Ok(())
    }

    fn row_sample(&mut self, key: &str, name: &str) -> Res<()> {
        let d = self
            .data
            .as_ref()
            .ok_or_else(|| Failure::Message("error: no dataset loaded\n  help: `:data FILE`".into()))?;
        let row = d.find_key(key).ok_or_else(|| {
            let rejected = d.rejects.iter().find(|r| r.key == key);
            Failure::Message(match rejected {
                Some(r) => format!("error: row {} with key `{key}` was rejected at load: {}", r.row, r.reason),
                None => format!("error: no row with key `{key}` in {}", d.path.display()),
            })
        })?;
        let record = d.record;
        let values = d.row_values(row);
        let fields: Vec<Option<Expr>> = values
            .into_iter()
            .zip(self.program.records.get(record).map(|r| r.fields.as_slice()).unwrap_or(&[]))
            .map(|(v, f)| {
                (!matches!(v, Value::Absent)).then(|| Expr {
                    kind: ExprKind::Lit(v),
                    ty: f.ty.clone(),
                    span: Span::default(),
                })
            })
            .collect();
        self.check_name(name)?;
        let def = SampleDef { name: name.to_string(), record, fields, span: Span::default() };
        self.scope.add_sample(def.clone());
        let origin = Origin::Row(key.to_string());
        match self.samples.iter_mut().find(|s| s.def.name == name) {
            Some(s) => *s = Sample { def, origin },
            None => self.samples.push(Sample { def, origin }),
        }
        Ok(())
    }

    fn row(&mut self, key: &str, name: Option<&str>, out: &mut dyn Write) -> Res<()> {
        let d = self.dataset()?;
        let row = d.find_key(key);
        let default = row.map(|r| format!("行{}", d.row_number(r))).unwrap_or_default();
        let name = name.map(str::to_string).unwrap_or(default);
        self.row_sample(key, &name)?;
        self.current = Some(name.clone());
        let (record, frame) = self.frame_for(&name)?;
        say!(
            out,
            "{name} ({}): row {} of the dataset, now the current record",
            self.record_name(record),
            row.map(|r| self.data.as_ref().map_or(0, |d| d.row_number(r))).unwrap_or(0)
        );
        self.show_decisions(record, frame.fields, out)
    }

    fn rejects(&mut self, path: Option<&Path>, out: &mut dyn Write) -> Res<()> {
        let state = self.current_state(out)?;
        let p = &self.program;
        let Some(d) = self.data.as_ref() else { return Ok(()) };
        let mut all: Vec<(u64, String, String, String, String)> = d
            .rejects
            .iter()
            .map(|r| (r.row, r.key.clone(), r.column.clone(), r.value.clone(), r.reason.clone()))
            .collect();
        for (row, e) in &state.errors {
            let column = match e {
                jz_eval::EvalError::Conflict { decision, .. } => {
                    p.decisions.get(*decision).map(|x| x.name.clone()).unwrap_or_default()
                }
                _ => String::new(),
            };
            let cites = e.citations(p);
            let reason = if cites.is_empty() {
                e.describe(p)
            } else {
                format!("{} [依据 {}]", e.describe(p), cites.join("、"))
            };
            all.push((d.row_number(*row), d.key(*row).to_string(), column, String::new(), reason));
        }
        all.sort_by_key(|r| r.0);
        let rows: std::collections::BTreeSet<u64> = all.iter().map(|r| r.0).collect();
        say!(
            out,
            "{} rejected rows: {} unreadable, {} failed evaluation under the current scenario",
            thousands(rows.len() as u64),
            thousands(d.rejected_rows),
            thousands(state.errors.len() as u64)
        );
        match path {
            Some(path) => {
                let mut w = csv::Writer::from_path(path)
                    .map_err(|e| Failure::Message(format!("error: cannot create `{}`: {e}", path.display())))?;
                let _ = w.write_record(["行号", "键", "列", "值", "原因"]);
                for r in &all {
                    let _ = w.write_record([r.0.to_string().as_str(), &r.1, &r.2, &r.3, &r.4]);
                }
                w.flush().map_err(|e| Failure::Message(format!("error: writing `{}`: {e}", path.display())))?;
                say!(out, "wrote {} reasons to {}", thousands(all.len() as u64), path.display());
            }
            None => {
                for r in all.iter().take(20) {
                    say!(out, "  {}", reject_line(r.0, &r.1, &r.2, &r.3, &r.4));
                }
                if all.len() > 20 {
                    say!(out, "  … {} more; `:rejects FILE` writes them all", all.len() - 20);
                }
            }
        }
        Ok(())
    }
}

fn reject_line(row: u64, key: &str, column: &str, value: &str, reason: &str) -> String {
    let col = if column.is_empty() { String::new() } else { format!(" column `{column}`") };
    let val = if value.is_empty() { String::new() } else { format!(" value `{value}`") };
    format!("row {row} ({key}){col}{val}: {reason}")
}

fn display(p: &Program, ty: &Type, v: &Value) -> String {
    match v {
        Value::Absent => "(absent)".into(),
        _ => {
            let s = p.format_value(ty, v);
            if s.is_empty() {
                "(empty)".into()
            } else {
                s
            }
        }
    }
}

/// Groups in the order of their values when every key is an enum or a bool (是 before 否, variants in
/// declaration order), otherwise most frequent first.
fn sort_groups<K>(groups: &mut [(K, u64)], key: impl Fn(&K) -> &[Value]) {
    let ordered = groups.iter().all(|(k, _)| key(k).iter().all(|v| matches!(v, Value::Enum(_) | Value::Bool(_))));
    let rank = |v: &Value| match v {
        Value::Bool(b) => u64::from(!*b),
        Value::Enum(i) => u64::from(*i),
        _ => 0,
    };
    if ordered {
        groups.sort_by(|a, b| key(&a.0).iter().map(rank).cmp(key(&b.0).iter().map(rank)));
    } else {
        groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| format!("{:?}", key(&a.0)).cmp(&format!("{:?}", key(&b.0)))));
    }
}

fn span_of(e: &jz_eval::EvalError) -> Option<Span> {
    match e {
        jz_eval::EvalError::Overflow { span } | jz_eval::EvalError::DivByZero { span } => Some(*span),
        _ => None,
    }
}

fn empty_program() -> Program {
    Program {
        policies: Vec::new(),
        enums: Vec::new(),
        scenario: Vec::new(),
        params: Vec::new(),
        records: Vec::new(),
        defines: Vec::new(),
        decisions: Vec::new(),
        guarantees: Vec::new(),
        tests: Vec::new(),
        outputs: Vec::new(),
    }
}

fn help(cmd: Option<&str>, out: &mut dyn Write) -> Res<()> {
    if let Some(c) = cmd {
        let want = if c.starts_with(':') { c.to_string() } else { format!(":{c}") };
        let Some(name) = command::canonical(&want) else {
            return Err(format!("error: unknown command `{c}`\n  help: `:help` lists the commands").into());
        };
        if let Some((n, aliases, args, what)) = COMMANDS.iter().find(|x| x.0 == name) {
            say!(out, "{n} {args}");
            say!(out, "  {what}");
            if !aliases.is_empty() {
                say!(out, "  also: {}", aliases.join(" "));
            }
            if let Some(ex) = EXAMPLES.iter().find(|e| e.0 == name) {
                for l in ex.1 {
                    say!(out, "  e.g. {l}");
                }
            }
        }
        return Ok(());
    }
    say!(out, "Type language text, or a command:");
    say!(
        out,
        "  an expression       evaluated for the current record: 综合措施, 燃煤锅炉蒸吨 > 锅炉淘汰上限, 预警级别"
    );
    say!(out, "  a sample's name     its decisions, and it becomes the current record");
    say!(out, "  样本 甲 = 普通企业 {{ 绩效等级: A }}   define a record (an open `{{` continues on the next line)");
    say!(out, "  设定 预警级别 = 橙色                 set a scenario value or parameter");
    say!(out, "");
    let rows: Vec<Vec<String>> = COMMANDS.iter().map(|(n, _, a, w)| vec![format!("{n} {a}"), w.to_string()]).collect();
    let wide = rows.iter().map(|r| r.first().map_or(0, |c| width(c))).max().unwrap_or(0);
    for r in &rows {
        let (a, b) = (r.first().cloned().unwrap_or_default(), r.get(1).cloned().unwrap_or_default());
        say!(out, "  {a}{}  {b}", " ".repeat(wide.saturating_sub(width(&a))));
    }
    say!(out, "");
    say!(out, "Tab completes names (Chinese too); Ctrl-C cancels the line or a long evaluation; Ctrl-D quits.");
    Ok(())
}

const EXAMPLES: &[(&str, &[&str])] = &[
    (":set", &[":set 预警级别 = 橙色", ":set 锅炉淘汰上限 = 20 [t/h], 日期 = 2026-12-01"]),
    (":let", &[":let 甲厂 = 钢铁企业 { 绩效等级: C, 燃煤锅炉蒸吨: 40 [t/h] }"]),
    (":explain", &[":explain 综合措施", ":explain 甲厂 应急减排措施 适度减排   (why not 适度减排?)"]),
    (":count", &[":count by 综合措施 where 区县 == \"安平县\"", ":count by 区县, 综合措施 where 绩效等级 在 {A, B}"]),
    (":what-if", &[":what-if 预警级别 = 橙色", ":what-if 锅炉淘汰上限 = 20 [t/h]"]),
    (":moved", &[":moved", ":moved 综合措施 正常生产 → 限产 50", ":moved all"]),
    (":data", &[":data examples/enterprises_10k.csv", ":data projects.csv 施工项目"]),
];
