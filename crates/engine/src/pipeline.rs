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
use jz_data::{parse, Batch, Chunk, Reject, Schema, Source};
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

/// Work done on each block beside the pipeline's own, in the worker that evaluated it (so it runs in
/// parallel and in the same pass: `jz report` counts by 区县, 行业 and warning level this way). The
/// parts come back to the caller of [`run_observed`] in input order.
pub trait Observer: Sync {
    type Part: Send;
    /// `false`: the rows are evaluated and counted but not formatted (the sinks get empty output).
    const FORMAT: bool = true;
    /// `false`: no [`BlockView`] is built and [`Observer::block`] is not called (plain `jz run`).
    const OBSERVE: bool = true;
    fn block(&self, block: &BlockView<'_>) -> Self::Part;
}

/// No observer: what `jz run` uses.
impl Observer for () {
    type Part = ();
    const OBSERVE: bool = false;
    fn block(&self, _: &BlockView<'_>) {}
}

/// One evaluated block as an [`Observer`] sees it.
pub struct BlockView<'a> {
    /// The raw records (another policy can parse them again); `None` for rows held in memory (the REPL).
    pub chunk: Option<&'a Chunk>,
    /// The good rows as this job's program read them.
    pub batch: &'a Batch,
    /// Every reject of the block (unreadable cells, failed evaluations), sorted by row number.
    pub rejects: &'a [Reject],
    rows: Outcomes<'a>,
    ok: &'a [bool],
    /// Every lane's outcome when the job's engine has several (`jz_jit::compile_lanes`; the first is the
    /// job's own scenario); empty otherwise.
    lanes: &'a [jz_jit::BatchOutcome],
}

/// Where a view's outcomes are.
enum Outcomes<'a> {
    /// Row-major, `width` per row.
    Held { outcomes: &'a [Outcome], width: usize },
    /// The kernel's columns (outcomes are made on demand; codes read without a `Value`).
    Kernel(&'a jz_jit::BatchOutcome),
}

impl<'a> BlockView<'a> {
    /// A view of rows evaluated elsewhere (the REPL's dataset): `outcomes` row-major, `width` per row, `ok[i]`
    /// false for a rejected row.
    pub fn new(
        chunk: Option<&'a Chunk>,
        batch: &'a Batch,
        rejects: &'a [Reject],
        outcomes: &'a [Outcome],
        ok: &'a [bool],
        width: usize,
    ) -> BlockView<'a> {
        BlockView { chunk, batch, rejects, rows: Outcomes::Held { outcomes, width }, ok, lanes: &[] }
    }

    /// The kernel's outcome of the view's rows (read whole columns of codes at once), when the kernel ran.
    pub fn kernel(&self) -> Option<&'a jz_jit::BatchOutcome> {
        match &self.rows {
            Outcomes::Kernel(buf) => Some(buf),
            Outcomes::Held { .. } => None,
        }
    }

    /// The outcome of every lane of the job's engine for this block, when it has more than one (the first
    /// is the job's own scenario, the rows of which the rest of this view shows); empty otherwise.
    pub fn lanes(&self) -> &'a [jz_jit::BatchOutcome] {
        self.lanes
    }

    /// Was row `i` of the batch evaluated (not rejected)?
    pub fn ok(&self, i: usize) -> bool {
        self.ok.get(i).copied().unwrap_or(false)
    }

    /// Output `k` (in `Job::outputs` order) of row `i`, or `None`: the row was rejected.
    pub fn outcome(&self, i: usize, k: usize) -> Option<Outcome> {
        if !self.ok(i) {
            return None;
        }
        match &self.rows {
            Outcomes::Held { outcomes, width } => outcomes.get(i * width + k).filter(|_| k < *width).cloned(),
            Outcomes::Kernel(buf) => Some(buf.outcome(i, k)),
        }
    }

    /// The kernel's code and deciding rule of output `k` of row `i` when the kernel decided the row (see
    /// `jz_jit::BatchOutcome::code`); `None` otherwise — ask [`BlockView::outcome`].
    pub fn native(&self, i: usize, k: usize) -> Option<(i64, Option<usize>)> {
        match &self.rows {
            Outcomes::Kernel(buf) if self.ok(i) => buf.native(i, k),
            _ => None,
        }
    }
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

/// The reject of a row whose evaluation failed: the decision in conflict as its column, the reason with the
/// citations involved (`… [依据 三（八）、…]`).
pub fn eval_reject(p: &Program, row: u64, line: String, key: &str, e: &jz_eval::EvalError) -> Reject {
    let column = match e {
        jz_eval::EvalError::Conflict { decision, .. } => {
            p.decisions.get(*decision).map(|d| d.name.clone()).unwrap_or_default()
        }
        _ => String::new(),
    };
    let cites = e.citations(p);
    let reason =
        if cites.is_empty() { e.describe(p) } else { format!("{} [依据 {}]", e.describe(p), cites.join("、")) };
    Reject { row, line, key: key.to_string(), column, value: String::new(), reason }
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
    /// No citation of this decision (nor its default) needs CSV quotes: the usual case, so a row's `依据`
    /// cell is written without looking at its bytes.
    cites_plain: bool,
}

#[derive(Clone, Default)]
struct Counts {
    by_code: Vec<u64>,
    other: HashMap<String, u64>,
}

struct Done<P> {
    part: Option<P>,
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
pub fn run(job: &Job<'_>, source: Source, schema: &Schema, sinks: &mut dyn Sinks) -> Summary {
    run_observed(job, source, schema, sinks, &(), |()| {})
}

/// [`run`] with an [`Observer`] called on every block in the workers; `merge` gets its parts in input
/// order, each just before that block's rows are counted.
pub fn run_observed<O: Observer>(
    job: &Job<'_>,
    mut source: Source,
    schema: &Schema,
    sinks: &mut dyn Sinks,
    observer: &O,
    mut merge: impl FnMut(O::Part),
) -> Summary {
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
                cites_plain: d.rules.iter().all(|r| !needs_quotes(format!("{}:{}", d.name, r.citation()).as_bytes()))
                    && !needs_quotes(format!("{}:默认", d.name).as_bytes()),
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
    let (res_tx, res_rx) = mpsc::sync_channel::<(usize, Done<O::Part>)>(threads * 2);
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
                let mut buf: Vec<jz_jit::BatchOutcome> = Vec::new();
                loop {
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let Ok((idx, chunk)) = next else { return };
                    if halt.load(Ordering::Relaxed) {
                        continue;
                    }
                    let r = ctx.process(&chunk, &mut frame, &mut buf, observer);
                    if tx.send((idx, r)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(res_tx);
        let mut pending: BTreeMap<usize, Done<O::Part>> = BTreeMap::new();
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
                if let Some(part) = r.part {
                    merge(part);
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

    fn process<O: Observer>(
        &self,
        chunk: &Chunk,
        frame: &mut Frame,
        bufs: &mut Vec<jz_jit::BatchOutcome>,
        observer: &O,
    ) -> Done<O::Part> {
        let job = self.job;
        let p = job.program;
        let mut parsed = parse(p, self.schema, chunk);
        let batch = &parsed.batch;
        let mut rejects = std::mem::take(&mut parsed.rejects);
        let mut bad_rows: Vec<u64> = rejects.iter().map(|r| r.row).collect();
        let mut stats = jz_jit::EngineStats::default();
        if let Some(engine) = job.engine {
            engine.evaluate_lanes(p, batch, bufs);
        }
        let empty = jz_jit::BatchOutcome::default();
        let buf = bufs.first().unwrap_or(&empty);
        if job.engine.is_some() {
            stats = buf.stats();
        }
        // the usual row fits, so the buffer is not grown (and copied) while rows are formatted
        let per_row = match (O::FORMAT, job.explain) {
            (false, _) => 0,
            (true, true) => 320,
            (true, false) => 96,
        };
        let mut out = Vec::with_capacity(batch.len() * per_row);
        let mut counts: Vec<Counts> =
            self.cols.iter().map(|c| Counts { by_code: vec![0; c.texts.len()], ..Counts::default() }).collect();
        let key_col = batch.columns.get(self.schema.key);
        let mut written = 0u64;
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(self.cols.len());
        let mut scratch: Vec<u8> = Vec::new();
        // what an observer is shown: whether each row was evaluated, and its outcomes — the kernel's own
        // columns when it ran, else every row's outcomes row-major
        let hold = O::OBSERVE && job.engine.is_none();
        let mut all: Vec<Outcome> = if hold { Vec::with_capacity(batch.len() * self.cols.len()) } else { Vec::new() };
        let mut ok: Vec<bool> = if O::OBSERVE { Vec::with_capacity(batch.len()) } else { Vec::new() };
        for i in 0..batch.len() {
            let key = key_col.map(|c| c.text(i)).unwrap_or("");
            let result = match job.engine {
                Some(_) => match buf.error(i) {
                    Some(e) => Err(e.clone()),
                    // nothing is formatted: count straight from the kernel's columns (no `Value` for an
                    // enum or a boolean the kernel decided)
                    None if !O::FORMAT => {
                        outcomes.clear();
                        for k in 0..self.cols.len() {
                            let fast = buf.code(i, k).and_then(|x| usize::try_from(x).ok());
                            match fast.and_then(|x| counts.get_mut(k)?.by_code.get_mut(x)) {
                                Some(n) => *n += 1,
                                None => self.count(k, &buf.outcome(i, k), &mut counts),
                            }
                        }
                        Ok(())
                    }
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
                    if O::OBSERVE {
                        if hold {
                            all.extend_from_slice(&outcomes);
                        }
                        ok.push(true);
                    }
                    if !O::FORMAT {
                        for (k, o) in outcomes.iter().enumerate() {
                            self.count(k, o, &mut counts);
                        }
                    } else if job.jsonl {
                        self.json_row(key, &outcomes, &mut out, &mut counts);
                    } else {
                        self.csv_row(key, &outcomes, &mut out, &mut counts, &mut scratch);
                    }
                }
                Err(e) => {
                    if O::OBSERVE {
                        if hold {
                            all.extend((0..self.cols.len()).map(|_| Outcome { value: Value::Absent, rule: None }));
                        }
                        ok.push(false);
                    }
                    let row = batch.row_numbers.get(i).copied().unwrap_or(0);
                    rejects.push(eval_reject(p, row, parsed.line(i), key, &e));
                    bad_rows.push(row);
                }
            }
        }
        rejects.sort_by_key(|r| r.row);
        bad_rows.sort_unstable();
        bad_rows.dedup();
        let part = O::OBSERVE.then(|| {
            let rows = match job.engine {
                Some(_) => Outcomes::Kernel(buf),
                None => Outcomes::Held { outcomes: &all, width: self.cols.len() },
            };
            let lanes = if bufs.len() > 1 { bufs.as_slice() } else { &[] };
            observer.block(&BlockView { chunk: Some(chunk), batch, rejects: &rejects, rows, ok: &ok, lanes })
        });
        Done { part, out, rejects, read: parsed.read, written, rejected_rows: bad_rows.len() as u64, counts, stats }
    }

    /// Count one value without formatting the row ([`Observer::FORMAT`] `false`).
    fn count(&self, k: usize, o: &Outcome, counts: &mut [Counts]) {
        if let Some(c) = Self::code(&o.value) {
            if let Some(n) = counts.get_mut(k).and_then(|x| x.by_code.get_mut(c)) {
                *n += 1;
                return;
            }
        }
        let _ = self.count_and_text(k, o, counts);
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
            let plain = outcomes
                .iter()
                .zip(&self.cols)
                .all(|(o, col)| col.cites_plain || !needs_quotes(Self::cite(col, o).as_bytes()));
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
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]
    use super::*;

    const SRC: &str = "
记录 企业 键 代码 { 代码: 文本; 蒸吨: 数值 [t/h]; 甲: 布尔; 乙: 布尔 }
关于 企业
判定 淘汰: 布尔 默认 否 { 规则 r 依据 \"1\": 当 蒸吨 > 35 [t/h] 则 是 }
判定 矛盾: 布尔 默认 否 { 规则 a 依据 \"3\": 当 甲 则 是  规则 b 依据 \"4\": 当 乙 则 否 }
输出 企业 { 淘汰, 矛盾 }
";

    struct Mem(Vec<u8>, Vec<u64>);
    impl Sinks for Mem {
        fn output(&mut self, b: &[u8]) -> std::io::Result<()> {
            self.0.extend_from_slice(b);
            Ok(())
        }
        fn rejects(&mut self, r: &[Reject]) -> std::io::Result<()> {
            self.1.extend(r.iter().map(|r| r.row));
            Ok(())
        }
    }

    /// Row numbers seen, rejected ones, and `淘汰` = 是 rows, per block.
    struct Seen<const FORMAT: bool>;
    impl<const F: bool> Observer for Seen<F> {
        type Part = (Vec<u64>, Vec<u64>, u64);
        const FORMAT: bool = F;
        fn block(&self, b: &BlockView<'_>) -> Self::Part {
            let mut yes = 0;
            for i in 0..b.batch.len() {
                if let Some(o) = b.outcome(i, 0) {
                    assert!(b.outcome(i, 1).is_some());
                    yes += u64::from(o.value == Value::Bool(true));
                    if let Some((code, _)) = b.native(i, 0) {
                        assert_eq!(code, i64::from(o.value == Value::Bool(true)), "the kernel's code is the value's");
                    }
                } else {
                    assert!(b.native(i, 0).is_none());
                }
            }
            (b.batch.row_numbers.clone(), b.rejects.iter().map(|r| r.row).collect(), yes)
        }
    }

    /// Per block seen by the observer: its good rows' numbers, its rejected rows' numbers, rows counted.
    type Blocks = Vec<(Vec<u64>, Vec<u64>, u64)>;

    fn observed<const F: bool>(engine: bool) -> (Summary, Mem, Blocks) {
        let dir = std::env::temp_dir().join(format!("jz-pipeline-{}-{F}-{engine}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("in.csv");
        let mut csv = String::from("代码,蒸吨,甲,乙\n");
        for i in 0..5000 {
            let cell = if i % 997 == 5 { "x".to_string() } else { (i % 60).to_string() };
            let yes_no = |b: bool| if b { "是" } else { "否" };
            csv.push_str(&format!("k{i},{cell},{},{}\n", yes_no(i % 7 == 0), yes_no(i % 14 == 0)));
        }
        std::fs::write(&path, csv).unwrap();
        let mut c = jz_check::load_text("t.jz", SRC, std::path::Path::new("."));
        let p = c.program.take().unwrap();
        let it = Interp::new(&p);
        let scenario = it.default_scenario();
        let outputs = p.outputs[0].clone();
        let eng = engine.then(|| jz_jit::compile(&p, 0, &outputs, true, &it.params, &scenario).unwrap());
        let stop = AtomicBool::new(false);
        let job = Job {
            program: &p,
            record: 0,
            outputs: &outputs,
            interp: &it,
            scenario: &scenario,
            engine: eng.as_ref(),
            explain: false,
            jsonl: false,
            threads: 2,
            batch_rows: 300,
            interrupt: &stop,
        };
        let (source, schema) = jz_data::open(&p, 0, &path).unwrap();
        let mut sinks = Mem(Vec::new(), Vec::new());
        let mut parts = Vec::new();
        let s = run_observed(&job, source, &schema, &mut sinks, &Seen::<F>, |x| parts.push(x));
        std::fs::remove_dir_all(&dir).unwrap();
        (s, sinks, parts)
    }

    #[test]
    fn an_observer_sees_every_block_in_input_order_with_the_counted_outcomes() {
        for engine in [true, false] {
            let (s, out, parts) = observed::<true>(engine);
            let bad = (0..5000).filter(|i| i % 14 == 0 || i % 997 == 5).count() as u64;
            assert_eq!((s.read, s.rejected), (5000, bad), "conflicts (甲 and 乙) and unreadable cells");
            assert!(parts.len() > 10, "many blocks");
            let rows: Vec<u64> = parts.iter().flat_map(|p| p.0.iter().copied()).collect();
            let mut sorted = rows.clone();
            sorted.sort_unstable();
            assert_eq!(rows, sorted, "parts arrive in input order");
            let rejected: Vec<u64> = parts.iter().flat_map(|p| p.1.iter().copied()).collect();
            assert_eq!(rejected, out.1, "the same rejects as the sinks get");
            let yes: u64 = parts.iter().map(|p| p.2).sum();
            assert_eq!(s.counts[0].first(), Some(&("是".to_string(), yes)));
            assert!(out.0.len() > 40_000, "rows formatted");
            // without formatting: the same counts, no output rows
            let (u, bare, _) = observed::<false>(engine);
            assert_eq!(u.counts, s.counts);
            assert_eq!((u.read, u.written, u.rejected), (s.read, s.written, s.rejected));
            assert_eq!(bare.0, "代码,淘汰,矛盾\n".as_bytes(), "only the header");
        }
    }

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
