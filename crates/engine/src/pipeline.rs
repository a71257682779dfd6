//! A whole data file through the decisions: one reader thread cuts the input into blocks of whole records
//! (`jz_data::block`); worker threads (one per core) parse each block straight into typed columns, evaluate
//! it (the JIT kernel, or the interpreter) and format its output rows into one byte buffer, counting values
//! in vectors; the caller's thread writes the buffers back in input order. Channels are bounded, so memory
//! is bounded by the block size × threads, not by the input.
//!
//! Accounting is exact: a block's rows are counted (read = written + rejected) only once its output and
//! rejects were written. A write error stops the run (nothing after it is counted); an interrupt stops the
//! reading, and what was read is still evaluated and written.

use jz_check::ir::{DecisionId, Program, RecordId};
use jz_check::{Type, Value};
use jz_data::{parse, Chunk, Reject, Schema, Source};
use jz_eval::{Frame, Interp, Outcome};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};

/// What to evaluate and how.
pub struct Job<'a> {
    pub program: &'a Program,
    pub record: RecordId,
    /// The output decisions, in column order.
    pub outputs: &'a [DecisionId],
    pub interp: &'a Interp<'a>,
    pub scenario: &'a [Value],
    /// The native engine compiled for exactly these outputs, parameters and scenario; `None`: interpreter.
    pub engine: Option<&'a jz_jit::Engine>,
    pub explain: bool,
    /// JSON Lines output instead of CSV.
    pub jsonl: bool,
    pub threads: usize,
    /// At most this many rows per block.
    pub batch_rows: usize,
    /// Set (by a Ctrl-C handler) to stop reading; what was read is still written.
    pub interrupt: &'a AtomicBool,
}

/// Where results go. Each call gets one block's bytes or rejects; an error stops the run.
pub trait Sinks {
    fn output(&mut self, bytes: &[u8]) -> std::io::Result<()>;
    fn rejects(&mut self, rejects: &[Reject]) -> std::io::Result<()>;
    /// Rows accounted for so far and input bytes consumed.
    fn progress(&mut self, _rows: u64, _bytes: u64) {}
}

/// Why a run ended before the end of its input.
#[derive(Debug)]
pub enum Stop {
    Interrupted,
    Read(String),
    Output(std::io::Error),
    Rejects(std::io::Error),
}

#[derive(Debug)]
pub struct Summary {
    pub read: u64,
    pub written: u64,
    pub rejected: u64,
    /// Per output decision: (value, rows), enum values in declaration order, 是 before 否, others by text.
    pub counts: Vec<Vec<(String, u64)>>,
    pub stats: jz_jit::EngineStats,
    pub stop: Option<Stop>,
}

/// One decision's counts in [`Summary::counts`]' order: enum values in declaration order, 是 before 否,
/// any other value by its text; values never seen left out.
fn ordered(texts: &[String], boolean: bool, by_code: &[u64], other: &HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> =
        texts.iter().zip(by_code).filter(|(_, n)| **n > 0).map(|(t, n)| (t.clone(), *n)).collect();
    if boolean {
        v.reverse(); // 是 before 否
    }
    let mut rest: Vec<(String, u64)> = other.iter().map(|(k, n)| (k.clone(), *n)).collect();
    rest.sort();
    v.extend(rest);
    v
}

/// Counts of the output decisions' values from their texts as written (`限产`, `是`, `12`), for a back end
/// that hands back text rows (the SQL engines): [`Tally::sorted`] is ordered as [`Summary::counts`] is.
pub struct Tally {
    texts: Vec<Vec<String>>,
    boolean: Vec<bool>,
    by_code: Vec<Vec<u64>>,
    other: Vec<HashMap<String, u64>>,
}

impl Tally {
    pub fn new(p: &Program, outputs: &[DecisionId]) -> Tally {
        let decs: Vec<_> = outputs.iter().filter_map(|d| p.decisions.get(*d)).collect();
        let texts: Vec<Vec<String>> = decs
            .iter()
            .map(|d| match &d.ty {
                Type::Enum(e) => p.enums.get(*e).map(|e| e.variants.clone()).unwrap_or_default(),
                Type::Bool => vec!["否".into(), "是".into()],
                _ => Vec::new(),
            })
            .collect();
        Tally {
            boolean: decs.iter().map(|d| matches!(d.ty, Type::Bool)).collect(),
            by_code: texts.iter().map(|t| vec![0; t.len()]).collect(),
            other: vec![HashMap::new(); texts.len()],
            texts,
        }
    }

    /// Count `text` for output `k`.
    pub fn add(&mut self, k: usize, text: &str) {
        let (Some(texts), Some(codes), Some(other)) =
            (self.texts.get(k), self.by_code.get_mut(k), self.other.get_mut(k))
        else {
            return;
        };
        match texts.iter().position(|t| t == text).and_then(|c| codes.get_mut(c)) {
            Some(n) => *n += 1,
            None => *other.entry(text.to_string()).or_default() += 1,
        }
    }

    pub fn sorted(&self) -> Vec<Vec<(String, u64)>> {
        (0..self.texts.len())
            .map(|k| {
                ordered(
                    self.texts.get(k).map_or(&[][..], |v| v),
                    self.boolean.get(k).copied().unwrap_or(false),
                    self.by_code.get(k).map_or(&[][..], |v| v),
                    self.other.get(k).unwrap_or(&HashMap::new()),
                )
            })
            .collect()
    }
}

/// The columns of the rejects file.
pub const REJECTS_HEADER: &[u8] = "行号,键,列,值,原因,文件行\n".as_bytes();

/// Rejects as CSV lines (after [`REJECTS_HEADER`]).
pub fn rejects_csv(rs: &[Reject], out: &mut Vec<u8>) {
    for r in rs {
        out.extend_from_slice(r.row.to_string().as_bytes());
        for f in [&r.key, &r.column, &r.value, &r.reason, &r.line] {
            out.push(b',');
            csv_field(out, f.as_bytes());
        }
        out.push(b'\n');
    }
}

fn needs_quotes(f: &[u8]) -> bool {
    f.iter().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// One CSV field, quoted when it holds a comma, a quote or a line break (as the `csv` crate writes it).
pub fn csv_field(out: &mut Vec<u8>, f: &[u8]) {
    if !needs_quotes(f) {
        out.extend_from_slice(f);
        return;
    }
    out.push(b'"');
    for &b in f {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// Per decision: how values are written and counted.
struct Column {
    name: String,
    ty: Type,
    /// The written text of each enum variant (or 否/是), CSV-escaped; empty for other types.
    labels: Vec<Vec<u8>>,
    texts: Vec<String>,
    /// `name:citation` of each rule, and of the default (the CSV `依据` cell).
    cites: Vec<String>,
    default_cite: String,
    /// The citation of each rule alone (JSON Lines `依据`).
    raw_cites: Vec<String>,
}

#[derive(Clone, Default)]
struct Counts {
    by_code: Vec<u64>,
    other: HashMap<String, u64>,
}

struct Done {
    out: Vec<u8>,
    rejects: Vec<Reject>,
    read: u64,
    written: u64,
    rejected_rows: u64,
    counts: Vec<Counts>,
    stats: jz_jit::EngineStats,
}

struct Ctx<'a> {
    job: &'a Job<'a>,
    schema: &'a Schema,
    cols: Vec<Column>,
    used: Vec<bool>,
    key_name: String,
}

/// The header line of the CSV output (none for JSON Lines).
pub fn header(job: &Job<'_>) -> Vec<u8> {
    if job.jsonl {
        return Vec::new();
    }
    let p = job.program;
    let key = p.records.get(job.record).and_then(|r| r.fields.get(r.key)).map(|f| f.name.clone()).unwrap_or_default();
    let mut out = Vec::new();
    csv_field(&mut out, key.as_bytes());
    for d in job.outputs.iter().filter_map(|d| p.decisions.get(*d)) {
        out.push(b',');
        csv_field(&mut out, d.name.as_bytes());
    }
    if job.explain {
        out.extend_from_slice(",依据".as_bytes());
    }
    out.push(b'\n');
    out
}

/// Evaluate every row of `source` and hand the results to `sinks` in input order. The header (if any)
/// is written first.
pub fn run(job: &Job<'_>, mut source: Source, schema: &Schema, sinks: &mut dyn Sinks) -> Summary {
    let p = job.program;
    let cols: Vec<Column> = job
        .outputs
        .iter()
        .filter_map(|d| p.decisions.get(*d))
        .map(|d| {
            let texts: Vec<String> = match &d.ty {
                Type::Enum(e) => p.enums.get(*e).map(|e| e.variants.clone()).unwrap_or_default(),
                Type::Bool => vec!["否".into(), "是".into()],
                _ => Vec::new(),
            };
            let labels = texts
                .iter()
                .map(|t| {
                    let mut b = Vec::new();
                    csv_field(&mut b, t.as_bytes());
                    b
                })
                .collect();
            Column {
                name: d.name.clone(),
                ty: d.ty.clone(),
                labels,
                texts,
                cites: d.rules.iter().map(|r| format!("{}:{}", d.name, r.citation())).collect(),
                default_cite: format!("{}:默认", d.name),
                raw_cites: d.rules.iter().map(|r| r.citation()).collect(),
            }
        })
        .collect();
    let key_name =
        p.records.get(job.record).and_then(|r| r.fields.get(r.key)).map(|f| f.name.clone()).unwrap_or_default();
    let ctx = Ctx { job, schema, cols, used: p.fields_read(job.record), key_name };
    let mut summary = Summary {
        read: 0,
        written: 0,
        rejected: 0,
        counts: Vec::new(),
        stats: jz_jit::EngineStats::default(),
        stop: None,
    };
    let mut counts: Vec<Counts> =
        ctx.cols.iter().map(|c| Counts { by_code: vec![0; c.texts.len()], ..Counts::default() }).collect();
    if let Err(e) = sinks.output(&header(job)) {
        summary.stop = Some(Stop::Output(e));
        summary.counts = ctx.sorted(&counts);
        return summary;
    }
    let threads = job.threads.max(1);
    let halt = AtomicBool::new(false);
    let position = AtomicU64::new(0);
    let (chunk_tx, chunk_rx) = mpsc::sync_channel::<(usize, Chunk)>(threads * 2);
    let chunk_rx = Arc::new(Mutex::new(chunk_rx));
    let (res_tx, res_rx) = mpsc::sync_channel::<(usize, Done)>(threads * 2);
    let mut stop: Option<Stop> = None;
    std::thread::scope(|s| {
        let (halt, position) = (&halt, &position);
        let reader = s.spawn(move || {
            let mut idx = 0usize;
            loop {
                if job.interrupt.load(Ordering::Relaxed) {
                    return Some(Stop::Interrupted);
                }
                if halt.load(Ordering::Relaxed) {
                    return None;
                }
                match source.next_chunk(job.batch_rows.max(1)) {
                    Ok(Some(c)) => {
                        position.store(source.position(), Ordering::Relaxed);
                        if chunk_tx.send((idx, c)).is_err() {
                            return None;
                        }
                        idx += 1;
                    }
                    Ok(None) => return None,
                    Err(e) => return Some(Stop::Read(e)),
                }
            }
        });
        for _ in 0..threads {
            let rx = Arc::clone(&chunk_rx);
            let tx = res_tx.clone();
            let ctx = &ctx;
            s.spawn(move || {
                let mut frame = Frame::new(ctx.job.program, Vec::new(), ctx.job.scenario.to_vec());
                let mut buf = jz_jit::BatchOutcome::default();
                loop {
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let Ok((idx, chunk)) = next else { return };
                    if halt.load(Ordering::Relaxed) {
                        continue;
                    }
                    let r = ctx.process(&chunk, &mut frame, &mut buf);
                    if tx.send((idx, r)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(res_tx);
        let mut pending: BTreeMap<usize, Done> = BTreeMap::new();
        let mut next = 0usize;
        for (idx, r) in res_rx.iter() {
            if stop.is_some() {
                continue;
            }
            pending.insert(idx, r);
            while let Some(r) = pending.remove(&next) {
                next += 1;
                if let Err(e) = sinks.output(&r.out) {
                    stop = Some(Stop::Output(e));
                } else if let Err(e) = sinks.rejects(&r.rejects) {
                    stop = Some(Stop::Rejects(e));
                }
                if stop.is_some() {
                    halt.store(true, Ordering::Relaxed);
                    pending.clear();
                    break;
                }
                summary.read += r.read;
                summary.written += r.written;
                summary.rejected += r.rejected_rows;
                summary.stats.add(&r.stats);
                for (acc, c) in counts.iter_mut().zip(r.counts) {
                    for (a, b) in acc.by_code.iter_mut().zip(&c.by_code) {
                        *a += b;
                    }
                    for (k, v) in c.other {
                        *acc.other.entry(k).or_default() += v;
                    }
                }
                sinks.progress(summary.read, position.load(Ordering::Relaxed));
            }
        }
        let read_stop = reader.join().ok().flatten();
        if stop.is_none() {
            stop = read_stop;
        }
    });
    summary.stop = stop;
    summary.counts = ctx.sorted(&counts);
    summary
}

impl Ctx<'_> {
    fn sorted(&self, counts: &[Counts]) -> Vec<Vec<(String, u64)>> {
        self.cols
            .iter()
            .zip(counts)
            .map(|(col, c)| ordered(&col.texts, matches!(col.ty, Type::Bool), &c.by_code, &c.other))
            .collect()
    }

    fn process(&self, chunk: &Chunk, frame: &mut Frame, buf: &mut jz_jit::BatchOutcome) -> Done {
        let job = self.job;
        let p = job.program;
        let mut parsed = parse(p, self.schema, chunk);
        let batch = &parsed.batch;
        let mut rejects = std::mem::take(&mut parsed.rejects);
        let mut bad_rows: Vec<u64> = rejects.iter().map(|r| r.row).collect();
        let mut stats = jz_jit::EngineStats::default();
        if let Some(engine) = job.engine {
            engine.evaluate_into(p, batch, buf);
            stats = buf.stats();
        }
        // the usual row fits, so the buffer is not grown (and copied) while rows are formatted
        let mut out = Vec::with_capacity(batch.len() * if job.explain { 320 } else { 96 });
        let mut counts: Vec<Counts> =
            self.cols.iter().map(|c| Counts { by_code: vec![0; c.texts.len()], ..Counts::default() }).collect();
        let key_col = batch.columns.get(self.schema.key);
        let mut written = 0u64;
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(self.cols.len());
        let mut scratch: Vec<u8> = Vec::new();
        for i in 0..batch.len() {
            let key = key_col.map(|c| c.text(i)).unwrap_or("");
            let result = match job.engine {
                Some(_) => match buf.error(i) {
                    Some(e) => Err(e.clone()),
                    None => {
                        outcomes.clear();
                        outcomes.extend((0..self.cols.len()).map(|k| buf.outcome(i, k)));
                        Ok(())
                    }
                },
                None => {
                    batch.fill_row(i, &self.used, &mut frame.fields);
                    frame.reset();
                    job.interp.outputs(frame, job.record).map(|o| outcomes = o)
                }
            };
            match result {
                Ok(()) => {
                    written += 1;
                    if job.jsonl {
                        self.json_row(key, &outcomes, &mut out, &mut counts);
                    } else {
                        self.csv_row(key, &outcomes, &mut out, &mut counts, &mut scratch);
                    }
                }
                Err(e) => {
                    let row = batch.row_numbers.get(i).copied().unwrap_or(0);
                    let column = match &e {
                        jz_eval::EvalError::Conflict { decision, .. } => {
                            p.decisions.get(*decision).map(|d| d.name.clone()).unwrap_or_default()
                        }
                        _ => String::new(),
                    };
                    let cites = e.citations(p);
                    let reason = if cites.is_empty() {
                        e.describe(p)
                    } else {
                        format!("{} [依据 {}]", e.describe(p), cites.join("、"))
                    };
                    let line = parsed.line(i);
                    rejects.push(Reject { row, line, key: key.to_string(), column, value: String::new(), reason });
                    bad_rows.push(row);
                }
            }
        }
        rejects.sort_by_key(|r| r.row);
        bad_rows.sort_unstable();
        bad_rows.dedup();
        Done { out, rejects, read: parsed.read, written, rejected_rows: bad_rows.len() as u64, counts, stats }
    }

    /// The label index of a value of an enum or boolean decision.
    fn code(v: &Value) -> Option<usize> {
        match v {
            Value::Enum(x) => Some(usize::from(*x)),
            Value::Bool(b) => Some(usize::from(*b)),
            _ => None,
        }
    }

    fn count_and_text(&self, k: usize, o: &Outcome, counts: &mut [Counts]) -> Result<usize, String> {
        let col = self.cols.get(k);
        let p = self.job.program;
        if let (Some(_), Some(c)) = (col, Self::code(&o.value)) {
            if let Some(n) = counts.get_mut(k).and_then(|x| x.by_code.get_mut(c)) {
                *n += 1;
                return Ok(c);
            }
        }
        let text = col.map(|c| p.format_value(&c.ty, &o.value)).unwrap_or_default();
        if let Some(x) = counts.get_mut(k) {
            match x.other.get_mut(text.as_str()) {
                Some(n) => *n += 1,
                None => {
                    x.other.insert(text.clone(), 1);
                }
            }
        }
        Err(text)
    }

    fn cite<'c>(col: &'c Column, o: &Outcome) -> &'c str {
        o.rule.and_then(|r| col.cites.get(r)).unwrap_or(&col.default_cite)
    }

    fn csv_row(
        &self,
        key: &str,
        outcomes: &[Outcome],
        out: &mut Vec<u8>,
        counts: &mut [Counts],
        scratch: &mut Vec<u8>,
    ) {
        csv_field(out, key.as_bytes());
        for (k, o) in outcomes.iter().enumerate() {
            out.push(b',');
            match self.count_and_text(k, o, counts) {
                Ok(c) => {
                    if let Some(l) = self.cols.get(k).and_then(|col| col.labels.get(c)) {
                        out.extend_from_slice(l);
                    }
                }
                Err(text) => csv_field(out, text.as_bytes()),
            }
        }
        if self.job.explain {
            out.push(b',');
            let plain = outcomes.iter().zip(&self.cols).all(|(o, col)| !needs_quotes(Self::cite(col, o).as_bytes()));
            let target: &mut Vec<u8> = if plain { out } else { scratch };
            if !plain {
                target.clear();
            }
            for (k, (o, col)) in outcomes.iter().zip(&self.cols).enumerate() {
                if k > 0 {
                    target.extend_from_slice("；".as_bytes());
                }
                target.extend_from_slice(Self::cite(col, o).as_bytes());
            }
            if !plain {
                csv_field(out, scratch);
            }
        }
        out.push(b'\n');
    }

    fn json_row(&self, key: &str, outcomes: &[Outcome], out: &mut Vec<u8>, counts: &mut [Counts]) {
        let mut m = serde_json::Map::new();
        m.insert(self.key_name.clone(), serde_json::Value::String(key.to_string()));
        let mut basis = serde_json::Map::new();
        for (k, o) in outcomes.iter().enumerate() {
            let text = match self.count_and_text(k, o, counts) {
                Ok(c) => self.cols.get(k).and_then(|col| col.texts.get(c)).cloned().unwrap_or_default(),
                Err(t) => t,
            };
            if let Some(col) = self.cols.get(k) {
                m.insert(col.name.clone(), serde_json::Value::String(text));
                if self.job.explain {
                    let c = o.rule.and_then(|r| col.raw_cites.get(r)).map_or("默认", String::as_str);
                    basis.insert(col.name.clone(), serde_json::Value::String(c.to_string()));
                }
            }
        }
        if self.job.explain {
            m.insert("依据".into(), serde_json::Value::Object(basis));
        }
        out.extend_from_slice(serde_json::Value::Object(m).to_string().as_bytes());
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let mut o = Vec::new();
        for f in ["a", "a,b", "say \"hi\"", "x\ny", ""] {
            csv_field(&mut o, f.as_bytes());
            o.push(b'|');
        }
        assert_eq!(String::from_utf8(o).unwrap_or_default(), "a|\"a,b\"|\"say \"\"hi\"\"\"|\"x\ny\"||");
    }
}
