//! Running a kernel over a batch: preparing its inputs (decimal columns scaled, text atoms, presence,
//! row-invariant slots), calling it, and sending the rows it marks slow to the interpreter. The helper
//! functions the kernel calls live here too.

use crate::compile::Engine;
use crate::plan::{decode, dec_to_scaled, encode, AtomKind, Input};
use crate::FIELD_SCALE;
use jz_check::ir::DecisionId;
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

/// The decisions of every row of a batch.
#[derive(Debug)]
pub struct BatchOutcome {
    n: usize,
    types: Vec<Type>,
    scales: Vec<u32>,
    /// `values[k * n + row]`, `rules[k * n + row]` for requested decision `k`.
    values: Vec<i64>,
    rules: Vec<i32>,
    status: Vec<u8>,
    /// Rows evaluated by the interpreter, by row.
    interpreted: Vec<(usize, Result<Vec<Outcome>, EvalError>)>,
    stats: EngineStats,
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
    fn interpreted(&self, row: usize) -> Option<&Result<Vec<Outcome>, EvalError>> {
        if self.status.get(row).copied().unwrap_or(1) == 0 {
            return None;
        }
        self.interpreted.binary_search_by_key(&row, |(r, _)| *r).ok().and_then(|i| self.interpreted.get(i)).map(|x| &x.1)
    }
    /// The error that rejects this row, if any.
    pub fn error(&self, row: usize) -> Option<&EvalError> {
        match self.interpreted(row) {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    }
    /// Requested decision `k` of `row` (meaningless when the row has an error).
    pub fn outcome(&self, row: usize, k: usize) -> Outcome {
        if let Some(r) = self.interpreted(row) {
            return match r {
                Ok(v) => v.get(k).cloned().unwrap_or(Outcome { value: Value::Absent, rule: None }),
                Err(_) => Outcome { value: Value::Absent, rule: None },
            };
        }
        let i = k * self.n + row;
        let v = self.values.get(i).copied().unwrap_or(0);
        let r = self.rules.get(i).copied().unwrap_or(-1);
        let ty = self.types.get(k).unwrap_or(&Type::Bool);
        Outcome { value: decode(ty, v, self.scales.get(k).copied().unwrap_or(0)), rule: usize::try_from(r).ok() }
    }
    /// Every requested decision of `row`, or the row's error — what `Interp::outputs` returns.
    pub fn result(&self, row: usize) -> Result<Vec<Outcome>, EvalError> {
        if let Some(r) = self.interpreted(row) {
            return r.clone();
        }
        Ok((0..self.types.len()).map(|k| self.outcome(row, k)).collect())
    }
}

/// What interpreter callbacks need while the kernel runs on one thread.
struct CallbackEnv<'a> {
    engine: &'a Engine,
    it: &'a Interp<'a>,
    batch: &'a Batch,
    frame: RefCell<Frame>,
    row: Cell<usize>,
}

impl Engine {
    /// Evaluate every row of `batch` under `scenario` and the interpreter's current parameter values.
    pub fn evaluate(&self, it: &Interp<'_>, scenario: &[Value], batch: &Batch) -> BatchOutcome {
        let p = it.program;
        let n = batch.len();
        let k = self.decisions.len();
        let nfields = p.records.get(self.record).map_or(0, |r| r.fields.len());
        let mut frame = Frame::new(p, vec![Value::Absent; nfields], scenario.to_vec());

        // row-invariant slots: the interpreter, once per batch
        let mut slots = vec![0i64; 2 * self.slots.len()];
        for (i, s) in self.slots.iter().enumerate() {
            let enc = it.eval(&mut frame, &s.expr).ok().and_then(|v| encode(&v, s.scale));
            match enc {
                Some(v) => slots[2 * i] = v,
                None => slots[2 * i + 1] = 1,
            }
        }
        // inputs
        let mut owned: Vec<Vec<u8>> = Vec::new();
        let mut owned64: Vec<Vec<i64>> = Vec::new();
        enum Src {
            Bytes(usize),
            Words(usize),
            Borrowed(*const u8, usize),
        }
        let mut srcs: Vec<Src> = Vec::with_capacity(self.inputs.len());
        let mut all_slow = self.all_slow;
        for input in &self.inputs {
            let src = match *input {
                Input::Field(f) => match batch.columns.get(f) {
                    Some(Column::Bool(v)) => Src::Borrowed(v.as_ptr(), v.len()),
                    Some(Column::Int(v)) => Src::Borrowed(v.as_ptr().cast(), v.len()),
                    Some(Column::Days(v)) => Src::Borrowed(v.as_ptr().cast(), v.len()),
                    Some(Column::Date(v)) => Src::Borrowed(v.as_ptr().cast(), v.len()),
                    Some(Column::Enum(v)) => Src::Borrowed(v.as_ptr().cast(), v.len()),
                    Some(Column::Set(v)) => Src::Borrowed(v.as_ptr().cast(), v.len()),
                    Some(Column::Dec(v)) => {
                        owned64.push(v.iter().map(|d| dec_to_scaled(d, FIELD_SCALE).unwrap_or(0)).collect());
                        Src::Words(owned64.len() - 1)
                    }
                    Some(Column::Text { .. }) | None => {
                        all_slow = true;
                        owned64.push(vec![0; n]);
                        Src::Words(owned64.len() - 1)
                    }
                },
                Input::Ok(f) => {
                    let present = batch.present.get(f).and_then(Option::as_ref);
                    let mut ok: Vec<u8> = match present {
                        Some(pr) => pr.iter().map(|b| u8::from(*b)).collect(),
                        None => vec![1; n],
                    };
                    if let Some(Column::Dec(v)) = batch.columns.get(f) {
                        for (o, d) in ok.iter_mut().zip(v) {
                            if dec_to_scaled(d, FIELD_SCALE).is_none() {
                                *o = 0;
                            }
                        }
                    }
                    owned.push(ok);
                    Src::Bytes(owned.len() - 1)
                }
                Input::Present(f) => {
                    let v: Vec<u8> = match batch.present.get(f).and_then(Option::as_ref) {
                        Some(pr) => pr.iter().map(|b| u8::from(*b)).collect(),
                        None => vec![1; n],
                    };
                    owned.push(v);
                    Src::Bytes(owned.len() - 1)
                }
                Input::Atom(a) => match self.atom_column(it, &mut frame, batch, a) {
                    Some(v) => {
                        owned.push(v);
                        Src::Bytes(owned.len() - 1)
                    }
                    None => {
                        all_slow = true;
                        owned.push(vec![0; n]);
                        Src::Bytes(owned.len() - 1)
                    }
                },
            };
            srcs.push(src);
        }
        let mut cols: Vec<*const u8> = Vec::with_capacity(srcs.len());
        let mut short = false;
        for s in &srcs {
            let (ptr, len) = match s {
                Src::Bytes(i) => owned.get(*i).map_or((std::ptr::null(), 0), |v| (v.as_ptr(), v.len())),
                Src::Words(i) => owned64.get(*i).map_or((std::ptr::null(), 0), |v| (v.as_ptr().cast(), v.len())),
                Src::Borrowed(p, len) => (*p, *len),
            };
            short |= len < n || ptr.is_null();
            cols.push(ptr);
        }
        let mut values = vec![0i64; k * n];
        let mut rules = vec![-1i32; k * n];
        let mut status = vec![1u8; n];
        let env = CallbackEnv { engine: self, it, batch, frame: RefCell::new(frame), row: Cell::new(usize::MAX) };
        if !short && n > 0 && !all_slow {
            let mut outs: Vec<*mut u8> = Vec::with_capacity(2 * k + 1);
            for d in 0..k {
                outs.push(values[d * n..].as_mut_ptr().cast());
                outs.push(rules[d * n..].as_mut_ptr().cast());
            }
            outs.push(status.as_mut_ptr());
            let rows = i64::try_from(n).unwrap_or(0);
            // SAFETY: every input column pointer in `cols` is non-null and valid for at least `n` elements of
            // the width the kernel reads it at (checked just above: `short` is false; the widths follow
            // `Input` and the column types the plan was built from, and a column of another type made the
            // whole batch slow instead). `slots` has two words per slot. Each `outs` pointer addresses `n`
            // writable elements (i64 values, i32 rules, u8 status) in distinct vectors that outlive the
            // call. `env` points to a live `CallbackEnv` for the duration of the call and is only read
            // through a shared reference by `jz_callback`. The kernel never reads or writes outside these
            // ranges (row < n) and contains no traps (division guards its divisor).
            unsafe {
                (self.kernel)(
                    cols.as_ptr(),
                    slots.as_ptr(),
                    outs.as_ptr(),
                    (&env as *const CallbackEnv<'_>).cast(),
                    rows,
                )
            };
        } else {
            status.iter_mut().for_each(|s| *s = 1);
        }
        let mut frame = env.frame.into_inner();
        let mut interpreted = Vec::new();
        let mut stats = EngineStats { rows: n as u64, ..EngineStats::default() };
        for (row, s) in status.iter().enumerate() {
            if *s == 0 {
                stats.native += 1;
                continue;
            }
            batch.fill_row(row, &self.used, &mut frame.fields);
            frame.reset();
            let r = self.interpret(it, &mut frame);
            if r.is_ok() {
                stats.interpreted += 1;
            } else {
                stats.errors += 1;
            }
            interpreted.push((row, r));
        }
        BatchOutcome {
            n,
            types: self.types.clone(),
            scales: self.scales.clone(),
            values,
            rules,
            status,
            interpreted,
            stats,
        }
    }

    /// The interpreter's answer for the requested decisions and (when asked) the record's guarantees,
    /// in the order `Interp::outputs` evaluates them.
    fn interpret(&self, it: &Interp<'_>, frame: &mut Frame) -> Result<Vec<Outcome>, EvalError> {
        let mut out = Vec::with_capacity(self.decisions.len());
        for &d in &self.decisions {
            out.push(it.decision(frame, d)?);
        }
        if self.guarantees {
            it.guarantees(frame, self.record)?;
        }
        Ok(out)
    }

    /// One byte per row: does the atom hold? `None` when an operand cannot be evaluated (then the
    /// interpreter takes the batch and reports it).
    fn atom_column(&self, it: &Interp<'_>, frame: &mut Frame, batch: &Batch, a: usize) -> Option<Vec<u8>> {
        let atom = self.atoms.get(a)?;
        let mut ops: Vec<String> = Vec::with_capacity(atom.operands.len());
        for o in &atom.operands {
            match it.eval(frame, o) {
                Ok(Value::Text(t)) => ops.push(t.to_string()),
                _ => return None,
            }
        }
        let Some(Column::Text { bytes, ends }) = batch.columns.get(atom.field) else { return None };
        let present = batch.present.get(atom.field).and_then(Option::as_ref);
        let mut out = Vec::with_capacity(ends.len());
        let mut start = 0usize;
        for (row, end) in ends.iter().enumerate() {
            let end = *end as usize;
            let s = bytes.get(start..end).unwrap_or(&[]);
            start = end;
            let here = present.is_none_or(|p| p.get(row).copied().unwrap_or(false));
            let hit = here
                && match atom.kind {
                    AtomKind::Eq => ops.iter().any(|o| o.as_bytes() == s),
                    AtomKind::Prefix => ops.iter().any(|o| s.starts_with(o.as_bytes())),
                };
            out.push(u8::from(hit));
        }
        Some(out)
    }

    /// The decisions this engine computes, in order.
    pub fn decision_ids(&self) -> &[DecisionId] {
        &self.decisions
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
    let Ok(mut frame) = env.frame.try_borrow_mut() else { return i64::MIN };
    if env.row.get() != row {
        env.batch.fill_row(row, &env.engine.used, &mut frame.fields);
        frame.reset();
        env.row.set(row);
    }
    match env.it.eval(&mut frame, &cb.expr) {
        Ok(v) => encode(&v, cb.scale).unwrap_or(i64::MIN),
        Err(_) => i64::MIN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let d = jz_check::parse_date("2026-10-01").unwrap_or_default();
        assert_eq!(jz_month_day(i64::from(d)), 1001);
        assert_eq!(jz_month_day(i64::MAX), 0);
        assert_eq!(jz_month_day(-2_999_999), jz_month_day(-2_999_999));
    }
}
