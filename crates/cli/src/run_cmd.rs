//! `jz run`: flags in, the summary out. The work is `jz_engine::pipeline::run`; this module opens the
//! input and the outputs (files are written beside their target and renamed only when the run succeeded),
//! refuses an output that is the input, installs the Ctrl-C handler and prints what happened. Nothing here
//! panics on a closed stderr: messages go through [`say`].

use crate::common::{apply_sets, load_program};
use jz_data::{open_with, Options, Reject};
use jz_engine::output::{same_file, Output};
use jz_engine::pipeline::{self, Job, Sinks, Stop, Summary, REJECTS_HEADER};
use jz_eval::Interp;
use jz_i18n::t;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

pub struct RunArgs {
    pub policy: PathBuf,
    pub record: String,
    /// The data file; `None` with `db`.
    pub data: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub rejects: Option<PathBuf>,
    pub sets: Vec<String>,
    pub engine: String,
    /// `--db URL`: evaluate a PostgreSQL table in place.
    pub db: Option<String>,
    pub table: Option<String>,
    pub out_table: Option<String>,
    pub explain: bool,
    pub summary_json: Option<PathBuf>,
    pub batch_size: usize,
    pub threads: usize,
    pub verbose: bool,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
}

/// Set by Ctrl-C: stop reading, write what was read, print the summary, exit 130.
pub(crate) static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// A line on stderr; a closed or broken stderr is ignored (the exit status still tells).
pub(crate) fn say(args: std::fmt::Arguments<'_>) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_fmt(args).and_then(|()| e.write_all(b"\n"));
}

macro_rules! say {
    ($($arg:tt)*) => { say(format_args!($($arg)*)) };
}

/// A `--delimiter` value: one ASCII character, or `tab`.
pub(crate) fn delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && !matches!(s, "\"" | "\n" | "\r") => Ok(s.as_bytes()[0]),
        _ => Err(t!("run-bad-delimiter", value = s)),
    }
}

pub(crate) struct Files {
    out: Output,
    rejects: Option<Output>,
    rejects_path: Option<PathBuf>,
    shown: usize,
}

impl Sinks for Files {
    fn output(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes)
    }
    fn rejects(&mut self, rs: &[Reject]) -> std::io::Result<()> {
        match &mut self.rejects {
            Some(w) => {
                if rs.is_empty() {
                    return Ok(());
                }
                let mut buf = Vec::with_capacity(rs.len() * 80);
                pipeline::rejects_csv(rs, &mut buf);
                w.write_all(&buf)
            }
            None => {
                for r in rs {
                    if self.shown < 20 {
                        let col = if r.column.is_empty() {
                            String::new()
                        } else {
                            t!("run-reject.column", column = r.column)
                        };
                        let val =
                            if r.value.is_empty() { String::new() } else { t!("run-reject.value", value = r.value) };
                        let line = if r.line.is_empty() { String::new() } else { t!("run-reject.line", line = r.line) };
                        say!(
                            "{}",
                            t!(
                                "run-reject",
                                row = r.row,
                                line = line,
                                key = r.key,
                                column = col,
                                value = val,
                                reason = r.reason
                            )
                        );
                    }
                    self.shown += 1;
                }
                Ok(())
            }
        }
    }
}

pub fn run(a: RunArgs) -> u8 {
    let started = Instant::now();
    // first thing, so that a Ctrl-C at any point ends with the summary (the pipeline sees the flag)
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            // a second Ctrl-C: stop now (an output file is still only a temporary one)
            std::process::exit(130);
        }
    });
    let Some((checked, p)) = load_program(&a.policy) else { return 1 };
    let Some(rid) = p.record(&a.record) else {
        let names: Vec<&str> = p.records.iter().map(|r| r.name.as_str()).collect();
        say!("{}", t!("run-no-record", record = a.record, names = names.join(", ")));
        return 1;
    };
    let use_jit = match (a.engine.as_str(), &a.db) {
        ("interp", None) => false,
        ("jit", None) => true,
        ("duckdb", None) | ("postgres", Some(_)) => {
            return crate::db_cmd::run(&a, &checked, &p, rid, started);
        }
        ("postgres", None) => {
            say!("{}", t!("run-postgres-needs-db"));
            return 1;
        }
        (other, Some(_)) => {
            say!("{}", t!("run-engine-with-db", engine = other));
            return 1;
        }
        (other, None) => {
            say!("{}", t!("run-unknown-engine", engine = other));
            return 1;
        }
    };
    let Some(data) = a.data.clone() else {
        say!("{}", t!("run-no-data"));
        return 1;
    };
    let delim = match a.delimiter.as_deref().map(delimiter).transpose() {
        Ok(d) => d,
        Err(e) => {
            say!("{e}");
            return 1;
        }
    };
    if !paths_are_distinct(&a, Some(&data)) {
        return 1;
    }
    let mut it = Interp::new(&p);
    let mut scenario = it.default_scenario();
    if let Err(e) = apply_sets(&p, &a.sets, &mut scenario, &mut it.params) {
        say!("{e}");
        return 1;
    }
    let outputs: Vec<usize> = p.outputs.get(rid).cloned().unwrap_or_default();
    let engine = if use_jit {
        match jz_jit::compile(&p, rid, &outputs, true, &it.params, &scenario) {
            Ok(e) => {
                if a.verbose {
                    report_engine(&checked, &e);
                }
                Some(e)
            }
            Err(e) => {
                say!("{}", t!("run-jit-fallback", error = e));
                None
            }
        }
    } else {
        None
    };
    let opts = Options { encoding: a.encoding.clone(), delimiter: delim, sheet: a.sheet.clone() };
    let (source, mut schema) = match open_with(&p, rid, &data, &opts) {
        Ok(x) => x,
        Err(e) => {
            say!("{}", t!("run-data-error", error = e));
            return 1;
        }
    };
    for n in &schema.notes {
        say!("{}", t!("run-note", note = n));
    }
    schema.keep_text_of(&p.fields_read(rid));
    let Some(mut files) = open_files(&a) else { return 1 };
    let jsonl = a.out.as_ref().is_some_and(|o| o.extension().is_some_and(|e| e == "jsonl"));
    let job = Job {
        program: &p,
        record: rid,
        outputs: &outputs,
        interp: &it,
        scenario: &scenario,
        engine: engine.as_ref(),
        explain: a.explain,
        jsonl,
        threads: a.threads.max(1),
        batch_rows: a.batch_size.max(1),
        interrupt: &INTERRUPTED,
    };
    let file_len = std::fs::metadata(&data).map(|m| m.len()).unwrap_or(0);
    let progress = make_progress(file_len);
    let summary = {
        struct WithProgress<'a> {
            files: &'a mut Files,
            pb: Option<&'a indicatif::ProgressBar>,
        }
        impl Sinks for WithProgress<'_> {
            fn output(&mut self, b: &[u8]) -> std::io::Result<()> {
                self.files.output(b)
            }
            fn rejects(&mut self, r: &[Reject]) -> std::io::Result<()> {
                self.files.rejects(r)
            }
            fn progress(&mut self, rows: u64, bytes: u64) {
                if let Some(pb) = self.pb {
                    pb.set_position(bytes);
                    pb.set_message(t!("run-progress-rows", rows = jz_i18n::count(rows)));
                }
            }
        }
        pipeline::run(&job, source, &schema, &mut WithProgress { files: &mut files, pb: progress.as_ref() })
    };
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    finish(&a, &p, &outputs, engine.is_some(), summary, files, started)
}

/// `--out`, `--rejects` and `--summary-json` name neither the input nor each other (an error said if they do).
pub(crate) fn paths_are_distinct(a: &RunArgs, data: Option<&Path>) -> bool {
    for (what, path) in [("--out", &a.out), ("--rejects", &a.rejects), ("--summary-json", &a.summary_json)] {
        if let (Some(path), Some(data)) = (path, data) {
            if same_file(data, path) {
                say!("{}", t!("run-same-as-input", flag = what, path = path.display(), data = data.display()));
                return false;
            }
        }
    }
    if let (Some(o), Some(r)) = (&a.out, &a.rejects) {
        if o == r || same_file(o, r) {
            say!("{}", t!("run-out-is-rejects", path = o.display()));
            return false;
        }
    }
    true
}

/// The output and the rejects file, created now (beside their targets) so that an unwritable place fails
/// before any row is read; `None` after saying why.
pub(crate) fn open_files(a: &RunArgs) -> Option<Files> {
    let out = match &a.out {
        Some(path) => match Output::create(path) {
            Ok(o) => o,
            Err(e) => {
                say!("{}", t!("run-cannot-create", path = path.display(), error = e));
                return None;
            }
        },
        None => Output::stdout(),
    };
    let rejects = match &a.rejects {
        Some(path) => match Output::create(path).and_then(|mut o| o.write_all(REJECTS_HEADER).map(|()| o)) {
            Ok(o) => Some(o),
            Err(e) => {
                say!("{}", t!("run-cannot-write-rejects", path = path.display(), error = e));
                return None;
            }
        },
        None => None,
    };
    Some(Files { out, rejects, rejects_path: a.rejects.clone(), shown: 0 })
}

/// Commit or discard the outputs, print the summary, and give the exit status.
pub(crate) fn finish(
    a: &RunArgs,
    p: &jz_check::ir::Program,
    outputs: &[usize],
    jit: bool,
    s: Summary,
    files: Files,
    started: Instant,
) -> u8 {
    let secs = started.elapsed().as_secs_f64();
    let Files { mut out, mut rejects, rejects_path, shown } = files;
    let mut code = match &s.stop {
        None => {
            if s.rejected > 0 {
                3
            } else {
                0
            }
        }
        Some(Stop::Interrupted) => 130,
        Some(_) => 1,
    };
    if shown > 20 && rejects_path.is_none() {
        say!("{}", t!("run-more-rejects", n = jz_i18n::count((shown - 20) as u64)));
    }
    let target = a.out.as_ref().map_or(t!("run-stdout"), |o| format!("`{}`", o.display()));
    // the files that are renamed into place: what a failure leaves as it was
    let renamed: Vec<String> = [
        out.is_renamed().then(|| format!("`{}`", out.name)),
        rejects.as_ref().filter(|r| r.is_renamed()).map(|r| format!("`{}`", r.name)),
        a.summary_json.as_ref().map(|j| format!("`{}`", j.display())),
    ]
    .into_iter()
    .flatten()
    .collect();
    let kept_nothing = || {
        if !renamed.is_empty() {
            say!("{}", t!("run-kept-nothing", files = renamed.join(&t!("list-sep"))));
        }
    };
    // Every output (decisions, rejects, --summary-json) is flushed and on disk before any is renamed, and before
    // the summary is printed: the last block's write or the `fsync` can still fail (a full disk), and then none
    // is kept.
    let mut prepare_failed = None;
    let mut summary_file = None;
    if code == 0 || code == 3 {
        let rejects_name = || rejects_path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        prepare_failed = match (rejects.as_mut().map(Output::prepare), out.prepare()) {
            (Some(Err(e)), _) => Some(t!("run-write-path-failed", path = rejects_name(), error = e)),
            (_, Err(e)) => Some(t!("run-write-failed", target = target, error = e)),
            _ => match a.summary_json.as_ref().map(|path| (path, write_summary_json(path, p, outputs, &s, secs))) {
                Some((path, Err(e))) => Some(t!("run-cannot-write", path = path.display(), error = e)),
                Some((_, Ok(o))) => {
                    summary_file = Some(o);
                    None
                }
                None => None,
            },
        };
        if prepare_failed.is_some() {
            code = 1;
        }
    }
    let peak = peak_rss_mb().map(|m| t!("run-summary.peak", mb = m)).unwrap_or_default();
    let rate = if secs > 0.0 { s.read as f64 / secs } else { 0.0 };
    say!(
        "{}",
        t!(
            "run-summary",
            read = jz_i18n::count(s.read),
            written = jz_i18n::count(s.written),
            rejected = jz_i18n::count(s.rejected),
            secs = format!("{secs:.2}"),
            rate = jz_i18n::group_digits(&format!("{rate:.0}")),
            peak = peak
        )
    );
    if a.verbose {
        if jit {
            say!(
                "{}",
                t!(
                    "engine-jit-stats",
                    native = jz_i18n::count(s.stats.native),
                    interpreted = jz_i18n::count(s.stats.interpreted),
                    errors = jz_i18n::count(s.stats.errors)
                )
            );
        } else {
            say!("{}", t!("engine-interp"));
        }
    }
    for (d, c) in outputs.iter().zip(&s.counts) {
        let name = p.decisions.get(*d).map(|x| x.name.as_str()).unwrap_or("");
        let parts: Vec<String> = c.iter().map(|(k, n)| format!("{k} {}", jz_i18n::count(*n))).collect();
        say!("  {name}: {}", parts.join(&t!("list-sep")));
    }
    if s.read != s.written + s.rejected {
        say!("{}", t!("run-mismatch", read = s.read, written = s.written, rejected = s.rejected));
        code = 1;
    }
    match &s.stop {
        None => {}
        Some(Stop::Interrupted) => {
            let kept = if a.out.is_some() { t!("run-interrupted.kept") } else { String::new() };
            say!("{}", t!("run-interrupted", row = s.read, target = target, kept = kept));
        }
        Some(Stop::Read(e)) => say!(
            "{}",
            t!(
                "run-read-stopped",
                path = a.data.as_ref().map_or_else(|| a.table.clone().unwrap_or_default(), |d| d.display().to_string()),
                error = e
            )
        ),
        Some(Stop::Output(e)) if out.is_renamed() => say!("{}", t!("run-write-failed", target = target, error = e)),
        Some(Stop::Output(e)) => {
            say!("{}", t!("run-write-failed.counted", target = target, error = e))
        }
        Some(Stop::Rejects(e)) => say!(
            "{}",
            t!(
                "run-write-rejects-failed",
                path = rejects_path.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
                error = e
            )
        ),
    }
    if let Some(m) = &prepare_failed {
        say!("{m}");
    }
    if code != 0 && code != 3 {
        // `out` and `rejects` are dropped uncommitted: temporary files go, targets stay as they were
        if a.out.is_none() {
            let _ = std::io::stdout().lock().flush();
        }
        kept_nothing();
        return code;
    }
    // the output first: if its rename fails, the rejects file is dropped with it and nothing is kept
    if let Err(e) = out.commit() {
        say!("{}", t!("run-write-failed", target = target, error = e));
        kept_nothing();
        return 1;
    }
    if let Some(r) = rejects {
        if let Err(e) = r.commit() {
            say!(
                "{}",
                t!(
                    "run-write-path-failed",
                    path = rejects_path.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
                    error = e
                )
            );
            return 1;
        }
    }
    if let (Some(o), Some(path)) = (summary_file, &a.summary_json) {
        if let Err(e) = o.commit() {
            say!("{}", t!("run-cannot-write", path = path.display(), error = e));
            return 1;
        }
    }
    code
}

/// `--verbose`: what the native engine compiled and what it hands back to the interpreter.
fn report_engine(checked: &jz_check::Checked, e: &jz_jit::Engine) {
    say!(
        "{}",
        t!(
            "engine-jit-compiled",
            millis = format!("{:.1}", e.compile_time().as_secs_f64() * 1e3),
            bytes = jz_i18n::count(e.code_size() as u64)
        )
    );
    if e.fallbacks().is_empty() {
        say!("{}", t!("engine-no-fallback"));
    }
    for f in e.fallbacks() {
        let (line, col) = checked.sources.line_col(f.span);
        let file = crate::common::relative(Path::new(checked.sources.name(f.span.file)));
        let text = checked.sources.slice(f.span);
        say!(
            "{}",
            t!("engine-fallback", at = format!("{file}:{line}:{col}"), text = text, reason = jit_reason(&f.reason))
        );
    }
}

/// A reason of `jz-jit`'s (`Fallback::reason`) as people read it: its phrases are translated one by one, one
/// not known here is kept as `jz-jit` words it.
fn jit_reason(reason: &str) -> String {
    let key = match reason {
        "text value" => "jit-reason.text-value",
        "text comparison the kernel cannot precompute (not a field against fixed text)" => "jit-reason.text-comparison",
        "more than 64 distinct text tests on one field" => "jit-reason.text-tests",
        "decimal product with more than 18 fractional digits" => "jit-reason.decimal-product",
        "decimal quotient scale" => "jit-reason.decimal-quotient",
        "arithmetic on these types" => "jit-reason.arithmetic",
        _ => {
            let decision = reason
                .strip_prefix("text-valued decision `")
                .and_then(|r| r.strip_suffix("`: every row is evaluated by the interpreter"));
            return match decision {
                Some(d) => t!("jit-reason.text-decision", decision = d),
                None => reason.to_string(),
            };
        }
    };
    t!(key)
}

/// Peak resident memory of this process (Linux `VmHWM`), in MB.
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

fn make_progress(len: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) || len == 0 {
        return None;
    }
    let pb = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
        "{{bar:40}} {{bytes}}/{{total_bytes}} {{bytes_per_sec}} {} {{eta}} {{msg}}",
        t!("run-progress-eta")
    )) {
        pb.set_style(style);
    }
    Some(pb)
}

/// `--summary-json`: written and on disk, left for the caller to rename with the other outputs.
fn write_summary_json(
    path: &Path,
    p: &jz_check::ir::Program,
    outputs: &[usize],
    s: &Summary,
    secs: f64,
) -> std::io::Result<Output> {
    let mut decisions = serde_json::Map::new();
    for (d, c) in outputs.iter().zip(&s.counts) {
        let name = p.decisions.get(*d).map(|x| x.name.clone()).unwrap_or_default();
        let m: serde_json::Map<String, serde_json::Value> =
            c.iter().map(|(k, n)| (k.clone(), serde_json::Value::from(*n))).collect();
        decisions.insert(name, serde_json::Value::Object(m));
    }
    let v = serde_json::json!({
        "rows_read": s.read, "rows_written": s.written, "rows_rejected": s.rejected, "seconds": secs, "decisions": decisions
    });
    let mut o = Output::create(path)?;
    o.write_all(serde_json::to_string_pretty(&v).unwrap_or_default().as_bytes())?;
    o.prepare()?;
    Ok(o)
}
