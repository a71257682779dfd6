//! Running a kernel over a batch: preparing its inputs (decimal columns scaled, text atoms, presence,
//! row-invariant slots), calling it, and sending the rows it marks slow to the interpreter. The helper
//! functions the kernel calls live here too.

use crate::compile::Engine;
use crate::plan::{dec_to_scaled, decode, encode, Input, TextTests};
use crate::FIELD_SCALE;
use jz_check::ir::Program;
use jz_check::{civil_from_days, Type, Value};
use jz_data::{Batch, Column};
use jz_eval::{EvalError, Frame, Interp, Outcome};
use std::cell::{Cell, RefCell};

/// How the rows of a batch were evaluated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EngineStats {
    pub rows: u64,
    /// Rows the native kernel decided.
    pub native: u64,
    /// Rows the kernel handed to the interpreter that evaluated fine (values beyond the fast representation,
    /// absent optional fields read, …).
    pub interpreted: u64,
    /// Rows the interpreter rejected (conflict, overflow, division by zero, guarantee violated).
    pub errors: u64,
}

impl EngineStats {
    pub fn add(&mut self, o: &EngineStats) {
        self.rows += o.rows;
        self.native += o.native;
        self.interpreted += o.interpreted;
        self.errors += o.errors;
    }
}

/// One decision's values for a batch, at the kernel's width for its type.
#[derive(Debug, Default)]
struct OutCol {
    bytes: Vec<u8>,
    rules: Vec<i16>,
}

/// The decisions of every row of a batch. Reuse one across batches with [`Engine::evaluate_into`].
#[derive(Debug, Default)]
pub struct BatchOutcome {
    n: usize,
    types: Vec<Type>,
    scales: Vec<u32>,
    cols: Vec<OutCol>,
    status: Vec<u8>,
    /// Rows evaluated by the interpreter, by row.
    interpreted: Vec<(usize, Result<Vec<Outcome>, EvalError>)>,
    stats: EngineStats,
    // per-batch input buffers, kept for reuse
    bytes: Vec<Vec<u8>>,
    words: Vec<Vec<i64>>,
    /// Text-formula results by value, per text input, valid for the engine `cache_owner`.
    caches: Vec<Vec<(u64, i64)>>,
    cache_owner: u64,
    /// The engine that made this outcome ([`Engine::id`]; 0: none yet) and its lane.
    made_by: (u64, usize),
}

impl BatchOutcome {
    pub fn len(&self) -> usize {
        self.n
    }
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }
    pub fn stats(&self) -> EngineStats {
        self.stats
    }
    /// The engine ([`Engine::id`]) and the lane of it that made this outcome (`(0, 0)`: none yet).
    pub fn engine(&self) -> (u64, usize) {
        self.made_by
    }
    /// Did the kernel itself decide this row (rather than the interpreter)?
    pub fn is_native(&self, row: usize) -> bool {
        self.status.get(row) == Some(&0)
    }
    fn interpreted(&self, row: usize) -> Option<&Result<Vec<Outcome>, EvalError>> {
        if self.is_native(row) {
            return None;
        }
        let i = self.interpreted.binary_search_by_key(&row, |(r, _)| *r).ok()?;
        self.interpreted.get(i).map(|x| &x.1)
    }
    /// The error that rejects this row, if any.
    pub fn error(&self, row: usize) -> Option<&EvalError> {
        match self.interpreted(row) {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    }
    /// The kernel's code for requested decision `k` of a native row: the enum variant index, 0/1 for a
    /// boolean, the day number of a date, the integer, the set's bits, or the decimal scaled by its scale.
    pub fn code(&self, row: usize, k: usize) -> Option<i64> {
        if !self.is_native(row) {
            return None;
        }
        let c = self.cols.get(k)?;
        let w = crate::compile::width(self.types.get(k)?);
        let b = c.bytes.get(row * w..row * w + w)?;
        Some(match b.len() {
            2 => i64::from(u16::from_ne_bytes([b[0], b[1]])),
            4 => i64::from(i32::from_ne_bytes([b[0], b[1], b[2], b[3]])),
            _ => i64::from_ne_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
        })
    }
    /// [`BatchOutcome::code`] of every row into `out` (cleared first), `i64::MIN` for a row the kernel did not
    /// decide (or a code it cannot tell from that mark: ask [`BatchOutcome::outcome`] then) — for reading a
    /// whole column at once.
    pub fn codes_into(&self, k: usize, out: &mut Vec<i64>) {
        out.clear();
        let (Some(c), Some(ty)) = (self.cols.get(k), self.types.get(k)) else {
            out.resize(self.n, i64::MIN);
            return;
        };
        let status = self.status.get(..self.n).unwrap_or(&[]);
        let mark = |s: &u8, v: i64| if *s == 0 { v } else { i64::MIN };
        match crate::compile::width(ty) {
            2 => out.extend(
                c.bytes.chunks_exact(2).zip(status).map(|(b, s)| mark(s, i64::from(u16::from_ne_bytes([b[0], b[1]])))),
            ),
            4 => out.extend(
                c.bytes
                    .chunks_exact(4)
                    .zip(status)
                    .map(|(b, s)| mark(s, i64::from(i32::from_ne_bytes([b[0], b[1], b[2], b[3]])))),
            ),
            _ => out.extend(
                c.bytes
                    .chunks_exact(8)
                    .zip(status)
                    .map(|(b, s)| mark(s, i64::from_ne_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))),
            ),
        }
        out.resize(self.n, i64::MIN);
    }
    /// The deciding rule of requested decision `k` of every row as the kernel wrote it (−1: the default);
    /// meaningful for the rows it decided ([`BatchOutcome::is_native`]).
    pub fn rules(&self, k: usize) -> &[i16] {
        self.cols.get(k).map(|c| c.rules.get(..self.n).unwrap_or(&c.rules)).unwrap_or(&[])
    }
    /// The kernel's code and deciding rule (`None`: the default) for requested decision `k` of a native row.
    pub fn native(&self, row: usize, k: usize) -> Option<(i64, Option<usize>)> {
        let code = self.code(row, k)?;
        let rule = self.cols.get(k)?.rules.get(row).and_then(|r| usize::try_from(*r).ok());
        Some((code, rule))
    }
    /// Requested decision `k` of `row` (`Absent` when the row has an error).
    pub fn outcome(&self, row: usize, k: usize) -> Outcome {
        let none = Outcome { value: Value::Absent, rule: None };
        if let Some(r) = self.interpreted(row) {
            return match r {
                Ok(v) => v.get(k).cloned().unwrap_or(none),
                Err(_) => none,
            };
        }
        let (Some((code, rule)), Some(ty)) = (self.native(row, k), self.types.get(k)) else {
            return none;
        };
        Outcome { value: decode(ty, code, self.scales.get(k).copied().unwrap_or(0)), rule }
    }
    /// Every requested decision of `row`, or the row's error — what `Interp::outputs` returns.
    pub fn result(&self, row: usize) -> Result<Vec<Outcome>, EvalError> {
        if let Some(r) = self.interpreted(row) {
            return r.clone();
        }
        Ok((0..self.types.len()).map(|k| self.outcome(row, k)).collect())
    }
}

/// What interpreter callbacks need while the kernel runs on one thread: a frame per lane (its scenario),
/// with the row it holds.
struct CallbackEnv<'a> {
    engine: &'a Engine,
    it: &'a Interp<'a>,
    batch: &'a Batch,
    frames: Vec<(RefCell<Frame>, Cell<usize>)>,
}

/// Where a kernel input comes from this batch.
enum Src {
    Bytes(usize),
    Words(usize),
    Borrowed(*const u8, usize),
}

/// Does a batch column have the layout the kernel reads for a field of this type?
fn column_fits(ty: &Type, c: &Column) -> bool {
    matches!(
        (ty, c),
        (Type::Bool, Column::Bool(_))
            | (Type::Int, Column::Int(_))
            | (Type::Dec(_), Column::Dec(_))
            | (Type::Date, Column::Date(_))
            | (Type::Days, Column::Days(_))
            | (Type::Enum(_), Column::Enum(_))
            | (Type::Set(_), Column::Set(_))
    )
}

impl Engine {
    /// Evaluate every row of `batch` (of this engine's record type in `p`, the program it was compiled from).
    pub fn evaluate(&self, p: &Program, batch: &Batch) -> BatchOutcome {
        let mut out = BatchOutcome::default();
        self.evaluate_into(p, batch, &mut out);
        out
    }

    /// [`Engine::evaluate`] reusing `out`'s buffers (the first lane's outcome, for an engine of several).
    pub fn evaluate_into(&self, p: &Program, batch: &Batch, out: &mut BatchOutcome) {
        if self.lanes() == 1 {
            self.evaluate_all(p, batch, std::slice::from_mut(out));
            return;
        }
        let mut outs = vec![std::mem::take(out)];
        self.evaluate_lanes(p, batch, &mut outs);
        if let Some(first) = outs.into_iter().next() {
            *out = first;
        }
    }

    /// Evaluate every row of `batch` under each lane's scenario ([`crate::compile_lanes`]): `outs[l]` is lane
    /// `l`'s outcome (`outs` is resized to the lanes; reuse it across batches).
    pub fn evaluate_lanes(&self, p: &Program, batch: &Batch, outs: &mut Vec<BatchOutcome>) {
        outs.resize_with(self.lanes(), BatchOutcome::default);
        self.evaluate_all(p, batch, outs);
    }

    /// The kernel over `batch` into one outcome per lane (`outs.len() == self.lanes()`); the inputs are
    /// prepared once, in the first outcome's buffers.
    fn evaluate_all(&self, p: &Program, batch: &Batch, outs: &mut [BatchOutcome]) {
        let mut it = Interp::new(p);
        it.params.clone_from(&self.params);
        let n = batch.len();
        let k = self.decisions.len();
        let fields = p.records.get(self.record).map(|r| r.fields.as_slice()).unwrap_or(&[]);
        let mut all_slow = self.all_slow || fields.len() != batch.columns.len() || outs.len() != self.lanes();
        let Some((out, others)) = outs.split_first_mut() else { return };
        for (lane, o) in std::iter::once(&mut *out).chain(others.iter_mut()).enumerate() {
            o.made_by = (self.id, lane);
            o.n = n;
            o.types.clone_from(&self.types);
            o.scales.clone_from(&self.scales);
            o.interpreted.clear();
        }
        if out.cache_owner != self.id {
            out.caches.clear();
            out.cache_owner = self.id;
        }
        let (mut nb, mut nw, mut nc) = (0usize, 0usize, 0usize);
        let mut srcs: Vec<Src> = Vec::with_capacity(self.inputs.len());
        for input in &self.inputs {
            let src = match *input {
                Input::Field(f) => {
                    let col = batch.columns.get(f);
                    let fits = match (fields.get(f), col) {
                        (Some(fd), Some(c)) => column_fits(&fd.ty, c),
                        _ => false,
                    };
                    match col {
                        _ if !fits => {
                            all_slow = true;
                            Src::Borrowed(std::ptr::null(), 0)
                        }
                        Some(Column::Bool(v)) => Src::Borrowed(v.as_ptr(), v.len()),
                        Some(Column::Int(v)) => Src::Borrowed(v.as_ptr().cast(), v.len()),
                        Some(Column::Days(v)) => Src::Borrowed(v.as_ptr().cast(), v.len()),
                        Some(Column::Date(v)) => Src::Borrowed(v.as_ptr().cast(), v.len()),
                        Some(Column::Enum(v)) => Src::Borrowed(v.as_ptr().cast(), v.len()),
                        Some(Column::Set(v)) => Src::Borrowed(v.as_ptr().cast(), v.len()),
                        Some(Column::Dec(v)) => {
                            let w = take(&mut out.words, nw);
                            nw += 1;
                            w.extend(v.iter().map(|d| dec_to_scaled(d, FIELD_SCALE).unwrap_or(i64::MIN)));
                            Src::Words(nw - 1)
                        }
                        Some(Column::Text { .. }) | None => {
                            all_slow = true;
                            Src::Borrowed(std::ptr::null(), 0)
                        }
                    }
                }
                Input::Present(f) => {
                    let b = take(&mut out.bytes, nb);
                    nb += 1;
                    match batch.present.get(f).and_then(Option::as_ref) {
                        Some(pr) => b.extend(pr.iter().map(|x| u8::from(*x))),
                        None => b.resize(n, 1),
                    }
                    Src::Bytes(nb - 1)
                }
                Input::TextMask(t) => {
                    let w = take(&mut out.words, nw);
                    nw += 1;
                    while out.caches.len() <= nc {
                        out.caches.push(vec![(u64::MAX, 0); CACHE_SLOTS]);
                    }
                    match (self.text.get(t), out.caches.get_mut(nc)) {
                        (Some(tests), Some(cache)) => text_masks(tests, batch, w, cache),
                        _ => all_slow = true,
                    }
                    nc += 1;
                    Src::Words(nw - 1)
                }
            };
            srcs.push(src);
        }
        let mut cols: Vec<*const u8> = Vec::with_capacity(srcs.len());
        for s in &srcs {
            let (ptr, len) = match s {
                Src::Bytes(i) => out.bytes.get(*i).map_or((std::ptr::null(), 0), |v| (v.as_ptr(), v.len())),
                Src::Words(i) => out.words.get(*i).map_or((std::ptr::null(), 0), |v| (v.as_ptr().cast(), v.len())),
                Src::Borrowed(p, len) => (*p, *len),
            };
            all_slow |= len < n || ptr.is_null();
            cols.push(ptr);
        }
        // the kernel writes every row of these (and when it does not run, every row is marked slow), so
        // reused buffers are only resized, not cleared
        for o in std::iter::once(&mut *out).chain(others.iter_mut()) {
            o.cols.resize_with(k, OutCol::default);
            for (c, ty) in o.cols.iter_mut().zip(&self.types) {
                c.bytes.resize(n * crate::compile::width(ty), 0);
                c.rules.resize(n, -1);
            }
            o.status.resize(n, 1);
        }
        let nfields = fields.len();
        let frames = self
            .scenarios
            .iter()
            .map(|s| (RefCell::new(Frame::new(p, vec![Value::Absent; nfields], s.clone())), Cell::new(usize::MAX)))
            .collect();
        let env = CallbackEnv { engine: self, it: &it, batch, frames };
        if !all_slow && n > 0 {
            // per lane: two pointers per requested decision, then the status (the kernel's `stride`)
            let mut ptrs: Vec<*mut u8> = Vec::with_capacity((2 * k + 1) * self.lanes());
            for o in std::iter::once(&mut *out).chain(others.iter_mut()) {
                for c in o.cols.iter_mut() {
                    ptrs.push(c.bytes.as_mut_ptr());
                    ptrs.push(c.rules.as_mut_ptr().cast());
                }
                ptrs.push(o.status.as_mut_ptr());
            }
            let rows = i64::try_from(n).unwrap_or(0);
            // SAFETY: every pointer in `cols` is non-null and valid for `n` elements of the width the kernel
            // reads it at: lengths were checked just above (`all_slow` is false), and each field column was
            // checked to have the layout of the field's type (`column_fits`), decimal columns, presence
            // bytes and text masks being this function's own buffers of `n` elements. `ptrs` holds, for
            // each of the engine's lanes (`outs.len() == self.lanes()`, else `all_slow`), `2k + 1` pointers
            // (the layout the kernel was compiled for): each addresses `n` writable elements of the
            // decision's width (`width`), `n` rule numbers (`i16`) or `n` status bytes, in distinct buffers
            // that outlive the call. `env` points to a live `CallbackEnv` for the duration of the call and
            // is only read through a shared reference by `jz_callback`. The kernel reads and writes only
            // rows `0..n` and contains no trapping instructions (division guards its divisor).
            unsafe { (self.kernel)(cols.as_ptr(), ptrs.as_ptr(), (&env as *const CallbackEnv<'_>).cast(), rows) };
        } else {
            for o in std::iter::once(&mut *out).chain(others.iter_mut()) {
                o.status.iter_mut().for_each(|s| *s = 1);
            }
        }
        let lanes = std::iter::once(&mut *out).chain(others.iter_mut());
        for (o, (frame, _)) in lanes.zip(env.frames) {
            let mut frame = frame.into_inner();
            let mut stats = EngineStats { rows: n as u64, ..EngineStats::default() };
            for (row, s) in o.status.iter().enumerate() {
                if *s == 0 {
                    stats.native += 1;
                    continue;
                }
                batch.fill_row(row, &self.used, &mut frame.fields);
                frame.reset();
                let r = self.interpret(&it, &mut frame);
                if r.is_ok() {
                    stats.interpreted += 1;
                } else {
                    stats.errors += 1;
                }
                o.interpreted.push((row, r));
            }
            o.stats = stats;
        }
    }

    /// The interpreter's answer for the requested decisions and then the requested guarantees, in the order
    /// `Interp::outputs` evaluates them.
    fn interpret(&self, it: &Interp<'_>, frame: &mut Frame) -> Result<Vec<Outcome>, EvalError> {
        let mut out = Vec::with_capacity(self.decisions.len());
        for &d in &self.decisions {
            out.push(it.decision(frame, d)?);
        }
        for &g in &self.guarantees {
            if it.program.guarantees.get(g).is_some_and(|x| x.record == self.record) {
                it.guarantee(frame, g)?;
            }
        }
        Ok(out)
    }
}

/// A cleared reusable buffer at index `i`.
fn take<T>(pool: &mut Vec<Vec<T>>, i: usize) -> &mut Vec<T> {
    while pool.len() <= i {
        pool.push(Vec::new());
    }
    let v = &mut pool[i];
    v.clear();
    v
}

/// Entries of a text-formula cache (a power of two, in pairs of two ways).
const CACHE_SLOTS: usize = 4096;

/// Per row, the bitmask of the field's text formulas that hold. Values repeat (industry codes, county
/// names), so results are cached by the value's bytes (up to seven) and length in a direct-mapped table
/// that lives as long as the caller's `BatchOutcome`.
fn text_masks(tests: &TextTests, batch: &Batch, out: &mut Vec<i64>, cache: &mut [(u64, i64)]) {
    let Some(Column::Text { bytes, ends }) = batch.columns.get(tests.field) else { return };
    let eval = |s: Option<&[u8]>| {
        let mut m = 0u64;
        for (i, a) in tests.atoms.iter().enumerate() {
            m |= u64::from(a.eval(s)) << i;
        }
        m as i64
    };
    out.clear();
    // `cache.len()` is a power of two (`CACHE_SLOTS`, or smaller in tests)
    let slots = cache.len().saturating_sub(1);
    let mut start = 0usize;
    out.extend(ends.iter().map(|end| {
        let end = *end as usize;
        let s = bytes.get(start..end).unwrap_or(&[]);
        let len = s.len();
        // the key: the value's bytes (up to seven) with its length in the top byte, read as one word
        // when eight bytes are available, which they are for all but the last few values of a batch
        let key = if len >= 8 {
            None
        } else {
            let mut w = [0u8; 8];
            match bytes.get(start..start + 8) {
                Some(word) => w.copy_from_slice(word),
                None => w[..len].copy_from_slice(s),
            }
            let keep = (1u64 << (8 * len)) - 1;
            Some((u64::from_le_bytes(w) & keep) | ((len as u64) << 56))
        };
        start = end;
        let Some(key) = key else { return eval(Some(s)) };
        // two-way set associative: a value evicts the older of the pair's entries, so two frequent
        // values whose hashes meet do not keep evicting each other
        let i = ((key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & slots) & !1;
        match (cache.get(i).copied(), cache.get(i + 1).copied()) {
            (Some((k, m)), _) if k == key => m,
            (Some(first), Some((k, m))) if k == key => {
                // most recently used first
                if let Some(pair) = cache.get_mut(i..i + 2) {
                    pair[0] = (k, m);
                    pair[1] = first;
                }
                m
            }
            (Some(first), Some(_)) => {
                let m = eval(Some(s));
                if let Some(pair) = cache.get_mut(i..i + 2) {
                    pair[1] = first;
                    pair[0] = (key, m);
                }
                m
            }
            _ => eval(Some(s)),
        }
    }));
    // an absent value equals no text and starts with none
    if let Some(present) = batch.present.get(tests.field).and_then(Option::as_ref) {
        let absent = eval(None);
        for (slot, p) in out.iter_mut().zip(present) {
            if !*p {
                *slot = absent;
            }
        }
    }
}

/// `month * 100 + day` of a day number (0 for days outside the calendar range dates can have).
pub(crate) extern "C" fn jz_month_day(day: i64) -> i64 {
    if !(-3_000_000..3_000_000).contains(&day) {
        return 0;
    }
    let (_, m, d) = civil_from_days(day as i32);
    i64::from(m) * 100 + i64::from(d)
}

/// `a * 10^exp / b` when exact and representable; `i64::MIN` otherwise (division by zero included): the
/// row then goes to the interpreter, which reports exactly what happened.
pub(crate) extern "C" fn jz_dec_div(a: i64, b: i64, exp: i64) -> i64 {
    let Ok(exp) = u32::try_from(exp) else { return i64::MIN };
    if b == 0 {
        return i64::MIN;
    }
    let Some(num) = 10i128.checked_pow(exp).and_then(|p| i128::from(a).checked_mul(p)) else { return i64::MIN };
    let den = i128::from(b);
    if num % den != 0 {
        return i64::MIN;
    }
    i64::try_from(num / den).unwrap_or(i64::MIN)
}

/// Evaluate callback `idx` for `row` with the interpreter; `i64::MIN` when it errors or has no kernel
/// representation (the row then goes to the interpreter as a whole).
pub(crate) extern "C" fn jz_callback(env: *const u8, row: i64, idx: i64) -> i64 {
    if env.is_null() {
        return i64::MIN;
    }
    // SAFETY: the kernel passes through the `env` pointer `Engine::evaluate` gave it, which points to a
    // `CallbackEnv` alive for the whole kernel call; only shared access is taken here (the frame is behind a
    // `RefCell`), and the kernel runs on the thread that owns the env.
    let env = unsafe { &*env.cast::<CallbackEnv<'_>>() };
    let (Ok(row), Ok(idx)) = (usize::try_from(row), usize::try_from(idx)) else { return i64::MIN };
    let Some(cb) = env.engine.callbacks.get(idx) else { return i64::MIN };
    if row >= env.batch.len() {
        return i64::MIN;
    }
    let Some((frame, at)) = env.frames.get(cb.lane) else { return i64::MIN };
    let Ok(mut frame) = frame.try_borrow_mut() else { return i64::MIN };
    if at.get() != row {
        env.batch.fill_row(row, &env.engine.used, &mut frame.fields);
        frame.reset();
        at.set(row);
    }
    match env.it.eval(&mut frame, &cb.expr) {
        Ok(v) => encode(&v, cb.scale).unwrap_or(i64::MIN),
        Err(_) => i64::MIN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache key reads a value's bytes as one word when eight bytes follow it in the buffer and copies
    /// them otherwise (the batch's last values); both must give the formula's own answer, for every length
    /// around the key's seven-byte limit, for absent values, and with a cache kept across batches.
    #[test]
    fn text_masks_match_the_formulas_for_every_length_and_position() {
        use crate::plan::{AtomKind, Formula};
        let prefix = |xs: &[&str]| Formula::Test(AtomKind::Prefix, xs.iter().map(|x| x.to_string()).collect());
        let eq = |xs: &[&str]| Formula::Test(AtomKind::Eq, xs.iter().map(|x| x.to_string()).collect());
        let tests = TextTests {
            field: 0,
            atoms: vec![
                prefix(&["30"]),
                Formula::And(Box::new(prefix(&["30"])), Box::new(Formula::Not(Box::new(prefix(&["3091"]))))),
                eq(&["", "3", "3091", "3091234", "30912345"]),
                prefix(&["309123456"]),
                Formula::Not(Box::new(eq(&["30"]))),
            ],
        };
        let words = ["", "3", "30", "309", "3091", "30912", "309123", "3091234", "30912345", "309123456", "3091234567"];
        // the full cache, and one of a single pair of slots, where every value collides with every other
        for slots in [CACHE_SLOTS, 2] {
            let mut cache = vec![(u64::MAX, 0); slots];
            let mut out = Vec::new();
            // every order ends the buffer on a different value, so each length meets the short-tail path
            for shift in 0..words.len() {
                let values: Vec<&str> = words.iter().cycle().skip(shift).take(2 * words.len()).copied().collect();
                let (mut bytes, mut ends, mut present) = (Vec::new(), Vec::new(), Vec::new());
                for (i, w) in values.iter().enumerate() {
                    let here = i % 3 != 1;
                    if here {
                        bytes.extend_from_slice(w.as_bytes());
                    }
                    ends.push(bytes.len() as u32);
                    present.push(here);
                }
                let batch = Batch {
                    columns: vec![Column::Text { bytes, ends }],
                    present: vec![Some(present.clone())],
                    row_numbers: (1..=values.len() as u64).collect(),
                };
                text_masks(&tests, &batch, &mut out, &mut cache);
                assert_eq!(out.len(), values.len());
                for (i, w) in values.iter().enumerate() {
                    let s = present[i].then_some(w.as_bytes());
                    let want = tests.atoms.iter().enumerate().fold(0i64, |m, (b, f)| m | (i64::from(f.eval(s)) << b));
                    assert_eq!(out[i], want, "value {w:?} (present: {}) at row {i} of order {shift}", present[i]);
                }
            }
        }
    }

    #[test]
    fn exact_decimal_division_or_the_interpreter() {
        // 7.5 (scale 1) / 2.5 (scale 1) at result scale 3: 75 * 10^3 / 25 = 3000 → 3.000
        assert_eq!(jz_dec_div(75, 25, 3), 3000);
        // 1 / 3 is not exact at any scale: the interpreter decides
        assert_eq!(jz_dec_div(1, 3, 6), i64::MIN);
        assert_eq!(jz_dec_div(5, 0, 0), i64::MIN);
        assert_eq!(jz_dec_div(i64::MAX, 1, 18), i64::MIN);
    }

    #[test]
    fn month_day_of_known_dates_and_no_panic_far_out() {
        let d = jz_check::types::parse_date("2026-10-01").unwrap_or_default();
        assert_eq!(jz_month_day(i64::from(d)), 1001);
        assert_eq!(jz_month_day(i64::MAX), 0);
        assert_eq!(jz_month_day(-2_999_999), jz_month_day(-2_999_999));
    }
}
