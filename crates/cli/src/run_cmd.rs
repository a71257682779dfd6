//! `jz run`: batch evaluation. A reader thread cuts the input into chunks; worker threads (one per core)
//! parse each chunk into a columnar batch and evaluate it; the writer puts results back in input order.
//! Channels are bounded, so memory is bounded by the chunk size, not the input size. Every row read is
//! either written or rejected (with row number, column, value and reason).

use crate::common::{apply_sets, load_program};
use jz_check::ir::{Program, RecordId};
use jz_check::Value;
use jz_data::{open, parse_chunk, Chunk, Reject, Schema};
use jz_eval::{Frame, Interp};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Instant;

pub struct RunArgs {
    pub policy: PathBuf,
    pub record: String,
    pub data: PathBuf,
    pub out: Option<PathBuf>,
    pub rejects: Option<PathBuf>,
    pub sets: Vec<String>,
    pub engine: String,
    pub explain: bool,
    pub summary_json: Option<PathBuf>,
    pub batch_size: usize,
    pub threads: usize,
    pub verbose: bool,
}

struct ChunkResult {
    out: Vec<u8>,
    rejects: Vec<Reject>,
    read: u64,
    written: u64,
    rejected_rows: u64,
    counts: Vec<HashMap<String, u64>>,
    stats: jz_jit::EngineStats,
}

pub fn run(a: RunArgs) -> u8 {
    let started = Instant::now();
    let Some((checked, p)) = load_program(&a.policy) else { return 1 };
    let Some(rid) = p.record(&a.record) else {
        let names: Vec<&str> = p.records.iter().map(|r| r.name.as_str()).collect();
        eprintln!("error: no record type `{}` in this policy\n  help: one of {}", a.record, names.join(", "));
        return 1;
    };
    let use_jit = match a.engine.as_str() {
        "interp" => false,
        "jit" => true,
        other => {
            eprintln!("error: unknown engine `{other}`\n  help: use `--engine jit` (default) or `--engine interp`");
            return 1;
        }
    };
    let mut it = Interp::new(&p);
    let mut scenario = it.default_scenario();
    if let Err(e) = apply_sets(&p, &a.sets, &mut scenario, &mut it.params) {
        eprintln!("{e}");
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
                eprintln!(
                    "warning: {e}; evaluating with the interpreter\n  help: `--engine interp` skips the native engine"
                );
                None
            }
        }
    } else {
        None
    };
    let (mut source, schema) = match open(&p, rid, &a.data) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    for path in [&a.out, &a.rejects, &a.summary_json].into_iter().flatten() {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("error: cannot create directory `{}`: {e}", dir.display());
                return 1;
            }
        }
    }
    let jsonl_out = a.out.as_ref().is_some_and(|o| o.extension().is_some_and(|e| e == "jsonl"));
    let mut out: Box<dyn Write> = match &a.out {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(std::io::BufWriter::with_capacity(1 << 20, f)),
            Err(e) => {
                eprintln!("error: cannot create `{}`: {e}", path.display());
                return 1;
            }
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut rejects_out: Option<csv::Writer<std::fs::File>> = match &a.rejects {
        Some(path) => match csv::Writer::from_path(path) {
            Ok(mut w) => {
                let _ = w.write_record(["行号", "键", "列", "值", "原因"]);
                Some(w)
            }
            Err(e) => {
                eprintln!("error: cannot create `{}`: {e}", path.display());
                return 1;
            }
        },
        None => None,
    };
    let key_name = p.records.get(rid).and_then(|r| r.fields.get(r.key)).map(|f| f.name.clone()).unwrap_or_default();
    if !jsonl_out {
        let mut header = vec![key_name.clone()];
        header.extend(outputs.iter().filter_map(|d| p.decisions.get(*d).map(|x| x.name.clone())));
        if a.explain {
            header.push("依据".into());
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(&header);
        let _ = out.write_all(&w.into_inner().unwrap_or_default());
    }
    let used = p.fields_read(rid);
    let file_len = std::fs::metadata(&a.data).map(|m| m.len()).unwrap_or(0);
    let progress = make_progress(file_len);
    let position = Arc::new(AtomicU64::new(0));
    let threads = a.threads.max(1);
    let (chunk_tx, chunk_rx) = mpsc::sync_channel::<(usize, Chunk)>(threads * 2);
    let chunk_rx = Arc::new(Mutex::new(chunk_rx));
    let (res_tx, res_rx) = mpsc::sync_channel::<(usize, ChunkResult)>(threads * 2);
    let mut read_error: Option<String> = None;
    let (mut read, mut written, mut rejected) = (0u64, 0u64, 0u64);
    let mut counts: Vec<HashMap<String, u64>> = vec![HashMap::new(); outputs.len()];
    let mut stats = jz_jit::EngineStats::default();
    let mut shown_rejects = 0usize;
    let labels: Vec<Vec<String>> = outputs
        .iter()
        .map(|d| match p.decisions.get(*d).map(|x| &x.ty) {
            Some(jz_check::Type::Enum(e)) => p.enums.get(*e).map(|e| e.variants.clone()).unwrap_or_default(),
            Some(jz_check::Type::Bool) => vec!["否".into(), "是".into()],
            _ => Vec::new(),
        })
        .collect();
    let ctx = Ctx {
        p: &p,
        it: &it,
        engine: engine.as_ref(),
        labels: &labels,
        rid,
        schema: &schema,
        used: &used,
        outputs: &outputs,
        scenario: &scenario,
        jsonl: jsonl_out,
        explain: a.explain,
        key_name: &key_name,
    };
    std::thread::scope(|s| {
        let pos = Arc::clone(&position);
        let batch = a.batch_size.max(1);
        let reader = s.spawn(move || {
            let mut idx = 0usize;
            loop {
                match source.next_chunk(batch) {
                    Ok(Some(c)) => {
                        pos.store(source.position(), Ordering::Relaxed);
                        if chunk_tx.send((idx, c)).is_err() {
                            return None;
                        }
                        idx += 1;
                    }
                    Ok(None) => return None,
                    Err(e) => return Some(e),
                }
            }
        });
        for _ in 0..threads {
            let rx = Arc::clone(&chunk_rx);
            let tx = res_tx.clone();
            let ctx = &ctx;
            s.spawn(move || {
                let mut frame = Frame::new(ctx.p, Vec::new(), ctx.scenario.to_vec());
                let mut buf = jz_jit::BatchOutcome::default();
                loop {
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let Ok((idx, chunk)) = next else { return };
                    let r = ctx.process(&chunk, &mut frame, &mut buf);
                    if tx.send((idx, r)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(res_tx);
        // the writer: results back in input order
        let mut pending: BTreeMap<usize, ChunkResult> = BTreeMap::new();
        let mut next = 0usize;
        for (idx, r) in res_rx.iter() {
            pending.insert(idx, r);
            while let Some(r) = pending.remove(&next) {
                next += 1;
                read += r.read;
                written += r.written;
                rejected += r.rejected_rows;
                stats.add(&r.stats);
                let _ = out.write_all(&r.out);
                for (acc, c) in counts.iter_mut().zip(r.counts) {
                    for (k, v) in c {
                        *acc.entry(k).or_default() += v;
                    }
                }
                write_rejects(&r.rejects, &mut rejects_out, &mut shown_rejects);
                if let Some(pb) = &progress {
                    pb.set_position(position.load(Ordering::Relaxed));
                    pb.set_message(format!("{read} rows"));
                }
            }
        }
        read_error = reader.join().ok().flatten();
    });
    let _ = out.flush();
    if let Some(w) = rejects_out.as_mut() {
        let _ = w.flush();
    }
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    let secs = started.elapsed().as_secs_f64();
    if shown_rejects > 20 && a.rejects.is_none() {
        eprintln!("… and {} more rejected row(s); write them all with --rejects FILE", shown_rejects - 20);
    }
    let peak = peak_rss_mb().map(|m| format!(", peak memory {m} MB")).unwrap_or_default();
    eprintln!(
        "rows read {read}, written {written}, rejected {rejected} in {secs:.2} s ({:.0} rows/s{peak})",
        if secs > 0.0 { read as f64 / secs } else { 0.0 }
    );
    if a.verbose {
        match &engine {
            Some(_) => eprintln!(
                "engine: jit; {} row(s) decided natively, {} by the interpreter, {} rejected by it",
                stats.native, stats.interpreted, stats.errors
            ),
            None => eprintln!("engine: interpreter"),
        }
    }
    print_summary(&p, &outputs, &counts);
    if let Some(path) = &a.summary_json {
        if let Err(e) = write_summary_json(path, &p, &outputs, &counts, read, written, rejected, secs) {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            return 1;
        }
    }
    if let Some(e) = read_error {
        eprintln!("error: reading `{}` stopped: {e}", a.data.display());
        return 1;
    }
    if read != written + rejected {
        eprintln!("error: internal accounting mismatch: read {read} ≠ written {written} + rejected {rejected}");
        return 1;
    }
    if rejected > 0 {
        3
    } else {
        0
    }
}

struct Ctx<'a> {
    p: &'a Program,
    it: &'a Interp<'a>,
    engine: Option<&'a jz_jit::Engine>,
    /// Per output decision: the text of each enum variant (or 否/是), for cells without formatting.
    labels: &'a [Vec<String>],
    rid: RecordId,
    schema: &'a Schema,
    used: &'a [bool],
    outputs: &'a [usize],
    scenario: &'a [Value],
    jsonl: bool,
    explain: bool,
    key_name: &'a str,
}

impl Ctx<'_> {
    fn process(&self, chunk: &Chunk, frame: &mut Frame, buf: &mut jz_jit::BatchOutcome) -> ChunkResult {
        let (batch, mut rejects) = parse_chunk(self.p, self.schema, chunk);
        // one reject line per bad cell, but rows are counted once
        let mut rows_rejected: Vec<u64> = rejects.iter().map(|r| r.row).collect();
        let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::with_capacity(batch.len() * 64));
        let mut jsonl = Vec::new();
        let mut counts: Vec<HashMap<String, u64>> = vec![HashMap::new(); self.outputs.len()];
        let key_col = batch.columns.get(self.schema.key);
        let mut written = 0u64;
        let mut stats = jz_jit::EngineStats::default();
        if let Some(engine) = self.engine {
            engine.evaluate_into(self.p, &batch, buf);
            stats = buf.stats();
        }
        let mut outcomes: Vec<jz_eval::Outcome> = Vec::with_capacity(self.outputs.len());
        let mut cells: Vec<String> = Vec::with_capacity(self.outputs.len() + 2);
        for i in 0..batch.len() {
            let key = key_col.map(|c| c.text(i)).unwrap_or("");
            let result = match self.engine {
                Some(_) => match buf.error(i) {
                    Some(e) => Err(e.clone()),
                    None => {
                        outcomes.clear();
                        outcomes.extend((0..self.outputs.len()).map(|k| buf.outcome(i, k)));
                        Ok(())
                    }
                },
                None => {
                    batch.fill_row(i, self.used, &mut frame.fields);
                    frame.reset();
                    self.it.outputs(frame, self.rid).map(|o| outcomes = o)
                }
            };
            match result {
                Ok(()) => {
                    written += 1;
                    cells.clear();
                    cells.push(key.to_string());
                    let mut basis = Vec::new();
                    for (k, ((d, o), count)) in self.outputs.iter().zip(&outcomes).zip(counts.iter_mut()).enumerate() {
                        let Some(dec) = self.p.decisions.get(*d) else { continue };
                        let label = match &o.value {
                            jz_check::Value::Enum(x) => self.labels.get(k).and_then(|l| l.get(usize::from(*x))),
                            jz_check::Value::Bool(b) => self.labels.get(k).and_then(|l| l.get(usize::from(*b))),
                            _ => None,
                        };
                        let v = match label {
                            Some(l) => l.clone(),
                            None => self.p.format_value(&dec.ty, &o.value),
                        };
                        match count.get_mut(v.as_str()) {
                            Some(n) => *n += 1,
                            None => {
                                count.insert(v.clone(), 1);
                            }
                        }
                        cells.push(v);
                        if self.explain {
                            let c = o
                                .rule
                                .and_then(|r| dec.rules.get(r))
                                .map(|r| r.citation())
                                .unwrap_or_else(|| "默认".into());
                            basis.push((dec.name.as_str(), c));
                        }
                    }
                    if self.jsonl {
                        jsonl.extend_from_slice(self.json_line(&cells, &basis).as_bytes());
                    } else {
                        if self.explain {
                            cells.push(basis.iter().map(|(n, c)| format!("{n}:{c}")).collect::<Vec<_>>().join("；"));
                        }
                        let _ = w.write_record(&cells);
                    }
                }
                Err(e) => {
                    let row = batch.row_numbers.get(i).copied().unwrap_or(0);
                    let column = match &e {
                        jz_eval::EvalError::Conflict { decision, .. } => {
                            self.p.decisions.get(*decision).map(|d| d.name.clone()).unwrap_or_default()
                        }
                        _ => String::new(),
                    };
                    let cites = e.citations(self.p);
                    let reason = if cites.is_empty() {
                        e.describe(self.p)
                    } else {
                        format!("{} [依据 {}]", e.describe(self.p), cites.join("、"))
                    };
                    rejects.push(Reject { row, key: key.to_string(), column, value: String::new(), reason });
                    rows_rejected.push(row);
                }
            }
        }
        rejects.sort_by_key(|r| r.row);
        rows_rejected.sort_unstable();
        rows_rejected.dedup();
        let out = if self.jsonl { jsonl } else { w.into_inner().unwrap_or_default() };
        let rejected_rows = rows_rejected.len() as u64;
        ChunkResult { out, rejects, read: chunk.len() as u64, written, rejected_rows, counts, stats }
    }

    fn json_line(&self, cells: &[String], basis: &[(&str, String)]) -> String {
        let mut m = serde_json::Map::new();
        let mut names = std::iter::once(self.key_name.to_string())
            .chain(self.outputs.iter().filter_map(|d| self.p.decisions.get(*d).map(|x| x.name.clone())));
        for c in cells {
            if let Some(n) = names.next() {
                m.insert(n, serde_json::Value::String(c.clone()));
            }
        }
        if self.explain {
            let b: serde_json::Map<String, serde_json::Value> =
                basis.iter().map(|(n, c)| ((*n).to_string(), serde_json::Value::String(c.clone()))).collect();
            m.insert("依据".into(), serde_json::Value::Object(b));
        }
        let mut s = serde_json::Value::Object(m).to_string();
        s.push('\n');
        s
    }
}

/// `--verbose`: what the native engine compiled and what it hands back to the interpreter.
fn report_engine(checked: &jz_check::Checked, e: &jz_jit::Engine) {
    eprintln!(
        "engine: jit; kernel compiled in {:.1} ms, {} bytes of native code",
        e.compile_time().as_secs_f64() * 1e3,
        e.code_size()
    );
    if e.fallbacks().is_empty() {
        eprintln!("engine: nothing falls back to the interpreter at compile time");
    }
    for f in e.fallbacks() {
        let (line, col) = checked.sources.line_col(f.span);
        let file = crate::common::relative(std::path::Path::new(checked.sources.name(f.span.file)));
        let text = checked.sources.slice(f.span);
        eprintln!("engine: falls back to the interpreter at {file}:{line}:{col} `{text}`: {}", f.reason);
    }
}

fn write_rejects(rs: &[Reject], out: &mut Option<csv::Writer<std::fs::File>>, shown: &mut usize) {
    for r in rs {
        match out {
            Some(w) => {
                let _ = w.write_record([r.row.to_string().as_str(), &r.key, &r.column, &r.value, &r.reason]);
            }
            None => {
                if *shown < 20 {
                    let col = if r.column.is_empty() { String::new() } else { format!(" column `{}`", r.column) };
                    let val = if r.value.is_empty() { String::new() } else { format!(" value `{}`", r.value) };
                    eprintln!("rejected row {} ({}){col}{val}: {}", r.row, r.key, r.reason);
                }
                *shown += 1;
            }
        }
    }
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
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}")
    {
        pb.set_style(style);
    }
    Some(pb)
}

fn sorted_counts<'a>(p: &Program, d: usize, c: &'a HashMap<String, u64>) -> Vec<(&'a String, u64)> {
    let mut v: Vec<(&String, u64)> = c.iter().map(|(k, n)| (k, *n)).collect();
    // enum values in declaration order, others by name
    let order: Vec<String> = match p.decisions.get(d).map(|x| &x.ty) {
        Some(jz_check::Type::Enum(e)) => p.enums.get(*e).map(|e| e.variants.clone()).unwrap_or_default(),
        Some(jz_check::Type::Bool) => vec!["是".into(), "否".into()],
        _ => Vec::new(),
    };
    v.sort_by_key(|(k, _)| (order.iter().position(|o| o == *k).unwrap_or(usize::MAX), (*k).clone()));
    v
}

fn print_summary(p: &Program, outputs: &[usize], counts: &[HashMap<String, u64>]) {
    for (d, c) in outputs.iter().zip(counts) {
        let name = p.decisions.get(*d).map(|x| x.name.as_str()).unwrap_or("");
        let parts: Vec<String> = sorted_counts(p, *d, c).iter().map(|(k, n)| format!("{k} {n}")).collect();
        eprintln!("  {name}: {}", parts.join(", "));
    }
}

#[allow(clippy::too_many_arguments)]
fn write_summary_json(
    path: &Path,
    p: &Program,
    outputs: &[usize],
    counts: &[HashMap<String, u64>],
    read: u64,
    written: u64,
    rejected: u64,
    secs: f64,
) -> std::io::Result<()> {
    let mut decisions = serde_json::Map::new();
    for (d, c) in outputs.iter().zip(counts) {
        let name = p.decisions.get(*d).map(|x| x.name.clone()).unwrap_or_default();
        let m: serde_json::Map<String, serde_json::Value> =
            sorted_counts(p, *d, c).into_iter().map(|(k, n)| (k.clone(), serde_json::Value::from(n))).collect();
        decisions.insert(name, serde_json::Value::Object(m));
    }
    let v = serde_json::json!({
        "rows_read": read, "rows_written": written, "rows_rejected": rejected, "seconds": secs, "decisions": decisions
    });
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap_or_default())
}
