//! The REPL's state and what each command does: the loaded program, the scenario and parameter values, the
//! samples (named records), the current record and the dataset. Results go to the given writer; mistakes
//! come back as a [`Failure`] that the loop renders (diagnostics exactly as `jz check` prints them) before
//! reading the next line — nothing typed ends the session.

use super::command::{self, Arg, Assign, Command, COMMANDS};
use super::data::{Dataset, Interrupted, State, WhatIf};
use super::explain::explain;
use super::helper::Names;
use jz_check::ir::{DecisionId, Expr, ExprKind, Program, RecordId, SampleDef};
use jz_check::types::value_cmp;
use jz_check::{load_and_check, load_text, Checked, Scope, Type, Value};
use jz_engine::transitions::{table, thousands, width};
use jz_eval::{Frame, Interp};
use jz_i18n::t;
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
        Failure::Message(t!("repl-interrupted"))
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

mod help;
mod queries;
mod records;
mod report;
mod values;

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
        let program = checked.program.take().unwrap_or_default();
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
            Command::Help(c) => help::help(c.as_deref(), out)?,
            Command::Load(p) => self.load(Path::new(&p), out)?,
            Command::Reload => match self.path.clone() {
                Some(p) => self.load(&p, out)?,
                None => return Err(t!("repl-no-policy").into()),
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
                say!(out, "{}", t!("repl-current-record", name = name, record = rec));
            }
            Command::Samples => self.list_samples(out),
            Command::Eval(arg) => self.eval_cmd(&arg, file, out)?,
            Command::Type(arg) => {
                let e = self.check_expr(&arg, file, None)?;
                say!(out, "{}", self.program.type_name(&e.ty));
            }
            Command::Explain(words) => self.explain(&words, out)?,
            Command::Data { path, record, reading } => {
                let opts = Self::reading_options(&reading)?;
                self.load_data(Path::new(&path), record.as_deref(), &opts, out)?
            }
            Command::Count { by, filter } => self.count(&by, filter.as_ref(), file, out)?,
            Command::WhatIf(a) => self.what_if(&a, file, out)?,
            Command::Moved(words) => self.moved(&words, out)?,
            Command::Export(path) => self.export(Path::new(&path), out)?,
            Command::Row { key, name } => self.row(&key, name.as_deref(), out)?,
            Command::Rejects(path) => self.rejects(path.as_deref().map(Path::new), out)?,
            Command::Report(path) => self.write_report(Path::new(&path), out)?,
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
                Some(p) => t!("repl-not-loaded.kept", path = p.display()),
                None => String::new(),
            };
            let n = checked.diagnostics.iter().filter(|d| d.is_error()).count();
            return Err(t!("repl-not-loaded", path = path.display(), n = jz_i18n::count(n as u64), kept = kept).into());
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
            "{}",
            t!(
                "repl-loaded",
                name = name,
                path = path.display(),
                files = jz_i18n::count(p.policies.len() as u64),
                records = jz_i18n::count(p.records.len() as u64),
                decisions = jz_i18n::count(p.decisions.len() as u64),
                samples = jz_i18n::count(self.checked.samples.len() as u64),
                millis = jz_i18n::count(started.elapsed().as_millis())
            )
        );
        // the dataset's columns are typed by the program: read it again; then the samples
        let old_samples = std::mem::take(&mut self.samples);
        self.samples = self.checked.samples.iter().map(|d| Sample { def: d.clone(), origin: Origin::Policy }).collect();
        if let Some(d) = self.data.take() {
            let record = old_program.records.get(d.record).map(|r| r.name.clone()).unwrap_or_default();
            if let Err(f) = self.load_data(&d.path, Some(&record), &d.reading, out) {
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
                say!(out, "{}", t!("repl-sample-gone", name = name));
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
            say!(out, "{}", t!("repl-value-dropped.no-such", name = name, value = written));
            return;
        };
        match jz_data::parse_cell(&self.program, &ty, written) {
            Ok(v) => self.assign(target, v),
            Err(e) => say!(out, "{}", t!("repl-value-dropped", name = name, value = written, reason = e.0)),
        }
    }

    fn refresh_names(&self) {
        let p = &self.program;
        let mut n = Names {
            samples: self.samples.iter().map(|s| s.def.name.clone()).collect(),
            decisions: p.decisions.iter().filter(|d| d.shadow.is_none()).map(|d| d.name.clone()).collect(),
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
        n.idents.extend(p.defines.iter().filter(|d| d.shadow.is_none()).map(|d| d.name.clone()));
        n.idents.extend(n.decisions.iter().cloned());
        n.idents.extend(n.settable.iter().cloned());
        n.idents.extend(n.samples.iter().cloned());
        n.idents.sort();
        n.idents.dedup();
        n.decisions.sort();
        n.decisions.dedup();
        *self.names.borrow_mut() = n;
    }
}

fn span_of(e: &jz_eval::EvalError) -> Option<Span> {
    match e {
        jz_eval::EvalError::Overflow { span } | jz_eval::EvalError::DivByZero { span } => Some(*span),
        _ => None,
    }
}
