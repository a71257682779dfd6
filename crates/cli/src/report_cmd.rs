//! `jz report`: the run's counts as one self-contained HTML page (`jz-report`). The file goes through the
//! same pipeline as `jz run` (`jz_engine::pipeline::run_observed`, rows counted but not formatted), with the
//! report's collector counting each block in the worker that evaluated it: one pass, memory bounded by the
//! block size, not the file. `--compare POLICY_B` parses each block again for the other policy;
//! `--what-if NAME=VALUE` evaluates it again in another state. The page is written like `jz run`'s outputs
//! (a temporary file renamed only on success; an output that is the input is refused).

use crate::common::{apply_sets, load_program};
use jz_data::{open_with, Options, Reject};
use jz_engine::output::{same_file, Output};
use jz_engine::pipeline::{self, Job, Sinks, Stop};
use jz_eval::Interp;
use jz_i18n::t;
use jz_report::{Collector, Meta, Other, Spec};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

pub struct ReportArgs {
    pub policy: PathBuf,
    pub record: String,
    pub data: PathBuf,
    pub out: PathBuf,
    pub sets: Vec<String>,
    pub compare: Option<PathBuf>,
    pub what_if: Vec<String>,
    pub no_levels: bool,
    pub engine: String,
    pub batch_size: usize,
    pub threads: usize,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// A line on stderr; a closed stderr is ignored (the exit status still tells).
fn say(args: std::fmt::Arguments<'_>) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_fmt(args).and_then(|()| e.write_all(b"\n"));
}

macro_rules! say {
    ($($arg:tt)*) => { say(format_args!($($arg)*)) };
}

/// The pipeline's outputs are not wanted: the report is built from the counts.
struct Nothing;

impl Sinks for Nothing {
    fn output(&mut self, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
    fn rejects(&mut self, _: &[Reject]) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn run(a: ReportArgs) -> u8 {
    let started = Instant::now();
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    let Some((_checked, p)) = load_program(&a.policy) else { return 1 };
    let Some(rid) = p.record(&a.record) else {
        let names: Vec<&str> = p.records.iter().map(|r| r.name.as_str()).collect();
        say!("{}", t!("run-no-record", record = a.record, names = names.join(", ")));
        return 1;
    };
    let native = match a.engine.as_str() {
        "interp" => false,
        "jit" => true,
        other => {
            say!("{}", t!("report-cmd-unknown-engine", engine = other));
            return 1;
        }
    };
    let delim = match a.delimiter.as_deref().map(crate::run_cmd::delimiter).transpose() {
        Ok(d) => d,
        Err(e) => {
            say!("{e}");
            return 1;
        }
    };
    if same_file(&a.data, &a.out) {
        say!("{}", t!("report-cmd-same-as-input", out = a.out.display(), data = a.data.display()));
        return 1;
    }
    let mut it = Interp::new(&p);
    let mut scenario = it.default_scenario();
    if let Err(e) = apply_sets(&p, &a.sets, &mut scenario, &mut it.params) {
        say!("{e}");
        return 1;
    }
    let opts = Options { encoding: a.encoding.clone(), delimiter: delim, sheet: a.sheet.clone() };
    // the other policy, checked before any row is read
    let other_policy = match &a.compare {
        Some(path) => {
            let Some((_c, pb)) = load_program(path) else {
                say!("{}", t!("report-cmd-b-errors", path = path.display()));
                return 1;
            };
            let Some(rb) = pb.record(&a.record) else {
                say!("{}", t!("report-cmd-b-no-record", path = path.display(), record = a.record));
                return 1;
            };
            let mut ib = Interp::new(&pb);
            let mut sb = ib.default_scenario();
            if let Err(e) = apply_sets(&pb, &a.sets, &mut sb, &mut ib.params) {
                say!("{}", t!("report-cmd-in-b", error = e, path = path.display()));
                return 1;
            }
            let schema_b = match open_with(&pb, rb, &a.data, &opts) {
                Ok((_, mut s)) => {
                    s.keep_text_of(&pb.fields_read(rb));
                    s
                }
                Err(e) => {
                    say!("{}", t!("report-cmd-as-b-reads", error = e, path = path.display()));
                    return 1;
                }
            };
            let params_b = std::mem::take(&mut ib.params);
            Some((pb, rb, sb, params_b, schema_b))
        }
        None => None,
    };
    let other = match (&other_policy, a.what_if.is_empty()) {
        (Some((pb, rb, sb, params_b, schema_b)), _) => Some(Other::Compare {
            label: crate::common::relative(a.compare.as_deref().unwrap_or(&a.policy)),
            program: pb,
            record: *rb,
            schema: schema_b,
            params: params_b.clone(),
            scenario: sb.clone(),
        }),
        (None, false) => {
            let (mut s2, mut p2) = (scenario.clone(), it.params.clone());
            if let Err(e) = apply_sets(&p, &a.what_if, &mut s2, &mut p2) {
                say!("{}", e.replace("--set", "--what-if"));
                return 1;
            }
            Some(Other::WhatIf { label: a.what_if.join("，"), params: p2, scenario: s2 })
        }
        (None, true) => None,
    };
    let outputs: Vec<usize> = p.outputs.get(rid).cloned().unwrap_or_default();
    let collector = match Collector::new(
        Spec {
            program: &p,
            record: rid,
            outputs: &outputs,
            params: &it.params,
            scenario: &scenario,
            levels: !a.no_levels,
            other,
            native,
        },
        a.sets.clone(),
    ) {
        Ok(c) => c,
        Err(e) => {
            say!("{e}");
            return 1;
        }
    };
    // the levels engine does the run's work too (its first lane is the run's scenario)
    let engine = if collector.engine().is_some() {
        None
    } else if native {
        match jz_jit::compile(&p, rid, &outputs, true, &it.params, &scenario) {
            Ok(e) => Some(e),
            Err(e) => {
                say!("{}", t!("report-cmd-jit-fallback", error = e));
                None
            }
        }
    } else {
        None
    };
    let (source, mut schema) = match open_with(&p, rid, &a.data, &opts) {
        Ok(x) => x,
        Err(e) => {
            say!("{}", t!("run-data-error", error = e));
            return 1;
        }
    };
    for n in &schema.notes {
        say!("{}", t!("run-note", note = n));
    }
    let mut keep = p.fields_read(rid);
    for f in collector.fields_shown() {
        if let Some(k) = keep.get_mut(f) {
            *k = true;
        }
    }
    schema.keep_text_of(&keep);
    // created now, so that an unwritable place fails before any row is read
    let mut out = match Output::create(&a.out) {
        Ok(o) => o,
        Err(e) => {
            say!("{}", t!("report-cmd-cannot-create", path = a.out.display(), error = jz_i18n::io_error(&e)));
            return 1;
        }
    };
    let job = Job {
        program: &p,
        record: rid,
        outputs: &outputs,
        interp: &it,
        scenario: &scenario,
        engine: engine.as_ref().or(collector.engine()),
        explain: false,
        jsonl: false,
        threads: a.threads.max(1),
        batch_rows: a.batch_size.max(1),
        interrupt: &INTERRUPTED,
    };
    let mut acc = collector.acc();
    let s = pipeline::run_observed(&job, source, &schema, &mut Nothing, &collector, |part| acc.merge(&collector, part));
    let secs = started.elapsed().as_secs_f64();
    say!(
        "{}",
        t!(
            "report-cmd-summary",
            read = jz_i18n::count(s.read),
            written = jz_i18n::count(s.written),
            rejected = jz_i18n::count(s.rejected),
            secs = format!("{secs:.2}")
        )
    );
    match &s.stop {
        None => {}
        Some(Stop::Interrupted) => {
            say!("{}", t!("report-cmd-interrupted", row = s.read));
            return 130;
        }
        Some(Stop::Read(e)) => {
            say!("{}", t!("run-read-stopped", path = a.data.display(), error = e));
            return 1;
        }
        Some(Stop::Output(e) | Stop::Rejects(e)) => {
            say!("{}", t!("run-data-error", error = e));
            return 1;
        }
    }
    if s.read != s.written + s.rejected {
        say!("{}", t!("report-cmd-mismatch", read = s.read, written = s.written, rejected = s.rejected));
        return 1;
    }
    let title = p.policies.last().map(|x| x.title.clone().unwrap_or_else(|| x.name.clone())).unwrap_or_default();
    let meta = Meta {
        title,
        policy: crate::common::relative(&a.policy),
        data: crate::common::relative(&a.data),
        record: a.record.clone(),
    };
    let report = acc.finish(&collector, meta, s.read, s.written, s.rejected);
    let html = match jz_report::render(&report) {
        Ok(h) => h,
        Err(e) => {
            say!("{}", t!("report-cmd-cannot-build", error = e));
            return 1;
        }
    };
    if let Err(e) = out.write_all(html.as_bytes()).and_then(|()| out.commit()) {
        say!("{}", t!("run-write-path-failed", path = a.out.display(), error = e));
        return 1;
    }
    say!("{}", t!("report-cmd-written", path = a.out.display(), kb = html.len() / 1024));
    if s.rejected > 0 {
        3
    } else {
        0
    }
}
