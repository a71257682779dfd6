//! A dataset held in memory for the REPL's data questions: columnar batches (as `jz run` reads them), the
//! decisions of every row under a scenario (cached, four bytes a decision a row), what-if transitions and
//! grouped counts. All decision values come from [`jz_engine::evaluate`].

use jz_check::ir::{DecisionId, Expr, ExprKind, Program, RecordId};
use jz_check::Value;
use jz_data::{parse_chunk, Batch, Reject};
use jz_engine::transitions::{Interner, Transitions, REJECTED};
use jz_engine::{evaluate, record_guarantees, split_rows};
use jz_eval::{EvalError, Frame, Interp};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Rows per batch held in memory.
const BATCH_ROWS: usize = 65_536;

/// Per decision per row the value's code, and the rejected rows with their errors.
type Evaluated = (Vec<Vec<u32>>, Vec<(usize, EvalError)>);

/// Evaluation stopped by Ctrl-C.
#[derive(Debug)]
pub struct Interrupted;

pub struct Dataset {
    pub path: PathBuf,
    /// How the file was read (`:data`'s `--encoding`, `--delimiter`, `--sheet`), to read it again the same way.
    pub reading: jz_data::Options,
    pub record: RecordId,
    batches: Vec<Batch>,
    /// Index of each batch's first row among all rows.
    starts: Vec<usize>,
    /// Rows read and parsed (good ones).
    pub rows: usize,
    /// Data rows in the file.
    pub read: u64,
    /// Rows that could not be read, one entry per bad cell.
    pub rejects: Vec<Reject>,
    pub rejected_rows: u64,
    pub load_secs: f64,
    /// The decisions evaluated for every row: the record's output columns, then its other decisions.
    pub decisions: Vec<DecisionId>,
    interners: Vec<Interner>,
    key_field: usize,
    cache: Vec<Arc<State>>,
    /// The last what-if: its base and its state, for `:moved` and `:export`.
    pub last: Option<WhatIf>,
}

/// The decisions of every row under one scenario and parameter values.
pub struct State {
    pub scenario: Vec<Value>,
    pub params: Vec<Value>,
    /// Per decision (in `Dataset::decisions` order), per row: the value's code, or [`REJECTED`].
    codes: Vec<Vec<u32>>,
    /// Rows whose evaluation failed, by row index (sorted).
    pub errors: Vec<(usize, EvalError)>,
    pub secs: f64,
}

pub struct WhatIf {
    pub label: String,
    pub base: Arc<State>,
    pub new: Arc<State>,
}

/// The result of comparing two states.
pub struct Compared {
    /// Per decision (in `Dataset::decisions` order).
    pub transitions: Vec<Transitions>,
    pub unchanged: u64,
    pub changed: u64,
    /// Rows rejected in the new state (some of them may also be rejected in the base state).
    pub rejected: u64,
}

/// Grouped counts of a query.
pub struct Counted {
    pub groups: Vec<(Vec<Value>, u64)>,
    /// Rows evaluated (not rejected) that were looked at.
    pub considered: u64,
    pub matched: u64,
    pub errors: u64,
    pub first_error: Option<EvalError>,
}

impl State {
    pub fn is_rejected(&self, row: usize) -> bool {
        match self.codes.first() {
            Some(c) => c.get(row).copied() == Some(REJECTED),
            None => self.errors.binary_search_by_key(&row, |e| e.0).is_ok(),
        }
    }
    pub fn code(&self, k: usize, row: usize) -> u32 {
        self.codes.get(k).and_then(|c| c.get(row)).copied().unwrap_or(REJECTED)
    }
    fn same_state(&self, scenario: &[Value], params: &[Value]) -> bool {
        self.scenario == scenario && self.params == params
    }
    fn differences(&self, scenario: &[Value], params: &[Value]) -> usize {
        let s = self.scenario.iter().zip(scenario).filter(|(a, b)| a != b).count();
        s + self.params.iter().zip(params).filter(|(a, b)| a != b).count()
    }
}

impl Dataset {
    /// Read a whole file for `record` (parsing in parallel), keeping good rows in batches and every bad one
    /// in `rejects`.
    pub fn load(
        p: &Program,
        record: RecordId,
        path: &Path,
        opts: &jz_data::Options,
        cancel: &dyn Fn() -> bool,
    ) -> Result<Dataset, String> {
        let started = Instant::now();
        let (mut source, schema) = jz_data::open_with(p, record, path, opts)?;
        let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
        let mut batches = Vec::new();
        let mut rejects = Vec::new();
        let mut read = 0u64;
        loop {
            if cancel() {
                return Err(jz_i18n::t!("repl-data-interrupted"));
            }
            let mut chunks = Vec::with_capacity(cores);
            while chunks.len() < cores {
                match source.next_chunk(BATCH_ROWS) {
                    Ok(Some(c)) => chunks.push(c),
                    Ok(None) => break,
                    Err(e) => return Err(jz_i18n::t!("repl-data-stopped", path = path.display(), error = e)),
                }
            }
            if chunks.is_empty() {
                break;
            }
            read += chunks.iter().map(|c| c.len() as u64).sum::<u64>();
            let parsed: Vec<(Batch, Vec<Reject>)> = std::thread::scope(|s| {
                let hs: Vec<_> = chunks.iter().map(|c| s.spawn(|| parse_chunk(p, &schema, c))).collect();
                hs.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
            });
            for (b, r) in parsed {
                if !b.is_empty() {
                    batches.push(b);
                }
                rejects.extend(r);
            }
        }
        let mut starts = Vec::with_capacity(batches.len());
        let mut rows = 0;
        for b in &batches {
            starts.push(rows);
            rows += b.len();
        }
        let mut bad: Vec<u64> = rejects.iter().map(|r| r.row).collect();
        bad.sort_unstable();
        bad.dedup();
        if rows as u64 + bad.len() as u64 != read {
            return Err(jz_i18n::t!("repl-data-mismatch", read = read, rows = rows, rejected = bad.len()));
        }
        let mut decisions: Vec<DecisionId> = p.outputs.get(record).cloned().unwrap_or_default();
        decisions.extend(p.decisions_of(record).map(|(d, _)| d).filter(|d| !decisions.contains(d)).collect::<Vec<_>>());
        Ok(Dataset {
            path: path.to_path_buf(),
            reading: opts.clone(),
            record,
            batches,
            starts,
            rows,
            read,
            rejects,
            rejected_rows: bad.len() as u64,
            load_secs: started.elapsed().as_secs_f64(),
            interners: vec![Interner::default(); decisions.len()],
            decisions,
            key_field: schema.key,
            cache: Vec::new(),
            last: None,
        })
    }

    /// The rows held, batch by batch, in input order.
    pub fn batches(&self) -> &[Batch] {
        &self.batches
    }

    fn locate(&self, row: usize) -> Option<(&Batch, usize)> {
        let b = self.starts.partition_point(|s| *s <= row).checked_sub(1)?;
        let start = self.starts.get(b)?;
        let batch = self.batches.get(b)?;
        (row - start < batch.len()).then_some((batch, row - start))
    }

    pub fn key(&self, row: usize) -> &str {
        self.locate(row).and_then(|(b, i)| b.columns.get(self.key_field).map(|c| c.text(i))).unwrap_or("")
    }

    /// The 1-based data row of the file.
    pub fn row_number(&self, row: usize) -> u64 {
        self.locate(row).and_then(|(b, i)| b.row_numbers.get(i).copied()).unwrap_or(0)
    }

    /// Every field of a row.
    pub fn row_values(&self, row: usize) -> Vec<Value> {
        let mut out = Vec::new();
        if let Some((b, i)) = self.locate(row) {
            b.fill_row(i, &[], &mut out);
        }
        out
    }

    pub fn find_key(&self, key: &str) -> Option<usize> {
        (0..self.rows).find(|r| self.key(*r) == key)
    }

    /// The decisions of every row under these values: from the cache, or evaluated once. When a cached state
    /// differs only in some scenario values or parameters, only the decisions that read them (directly or
    /// through definitions and other decisions) are evaluated again; the others are copied. Rows rejected in
    /// that state are evaluated in full, so the result is exactly that of evaluating everything.
    pub fn state(
        &mut self,
        p: &Program,
        scenario: &[Value],
        params: &[Value],
        cancel: &dyn Fn() -> bool,
    ) -> Result<Arc<State>, Interrupted> {
        if let Some(i) = self.cache.iter().position(|s| s.same_state(scenario, params)) {
            // most recently used first: the current state is never the one evicted by a what-if
            let s = self.cache.remove(i);
            self.cache.insert(0, Arc::clone(&s));
            return Ok(s);
        }
        let started = Instant::now();
        // derive from the cached state that differs in the fewest values
        let base = self.cache.iter().min_by_key(|s| s.differences(scenario, params)).cloned();
        let all_guarantees = record_guarantees(p, self.record);
        let (affected, guarantees) = match &base {
            Some(b) => {
                let mut deps = Deps::new(p, &b.scenario, scenario, &b.params, params);
                let affected: Vec<bool> = self.decisions.iter().map(|d| deps.decision(*d)).collect();
                let reads_changed = |deps: &mut Deps<'_>, g: usize| match p.guarantees.get(g) {
                    Some(g) => g.cond.as_ref().is_some_and(|c| deps.expr(c)) || deps.expr(&g.assertion),
                    None => true,
                };
                let g: Vec<usize> = all_guarantees.iter().copied().filter(|g| reads_changed(&mut deps, *g)).collect();
                (affected, g)
            }
            None => (vec![true; self.decisions.len()], all_guarantees.clone()),
        };
        let (codes, errors) = match base {
            Some(b) if !affected.iter().all(|a| *a) || guarantees.len() < all_guarantees.len() => {
                if affected.iter().any(|a| *a) || !guarantees.is_empty() {
                    self.evaluate_changed(p, &b, &affected, &guarantees, scenario, params, cancel)?
                } else {
                    // nothing the record's decisions or guarantees read has changed
                    (b.codes.clone(), b.errors.clone())
                }
            }
            _ => self.evaluate_all(p, scenario, params, cancel)?,
        };
        let state = Arc::new(State {
            scenario: scenario.to_vec(),
            params: params.to_vec(),
            codes,
            errors,
            secs: started.elapsed().as_secs_f64(),
        });
        self.cache.insert(0, Arc::clone(&state));
        self.cache.truncate(2);
        Ok(state)
    }

    /// Every decision of every row.
    fn evaluate_all(
        &mut self,
        p: &Program,
        scenario: &[Value],
        params: &[Value],
        cancel: &dyn Fn() -> bool,
    ) -> Result<Evaluated, Interrupted> {
        let guarantees = record_guarantees(p, self.record);
        let mut codes: Vec<Vec<u32>> = vec![Vec::with_capacity(self.rows); self.decisions.len()];
        let mut errors = Vec::new();
        for (batch, start) in self.batches.iter().zip(&self.starts) {
            if cancel() {
                return Err(Interrupted);
            }
            let results = evaluate(p, self.record, batch, params, scenario, &self.decisions, &guarantees);
            for (i, r) in results.into_iter().enumerate() {
                match r {
                    Ok(outcomes) => {
                        for ((c, int), o) in codes.iter_mut().zip(self.interners.iter_mut()).zip(&outcomes) {
                            c.push(int.code(&o.value));
                        }
                    }
                    Err(e) => {
                        codes.iter_mut().for_each(|c| c.push(REJECTED));
                        errors.push((start + i, e));
                    }
                }
            }
        }
        Ok((codes, errors))
    }

    /// The affected decisions and `guarantees` (those that read a changed value) of every row, the other
    /// decisions taken from `base`; rows `base` rejected are evaluated in full.
    #[expect(clippy::too_many_arguments, reason = "the two states' values and what differs between them")]
    fn evaluate_changed(
        &mut self,
        p: &Program,
        base: &State,
        affected: &[bool],
        guarantees: &[usize],
        scenario: &[Value],
        params: &[Value],
        cancel: &dyn Fn() -> bool,
    ) -> Result<Evaluated, Interrupted> {
        let ks: Vec<usize> = (0..self.decisions.len()).filter(|k| affected.get(*k).copied().unwrap_or(true)).collect();
        let asked: Vec<DecisionId> = ks.iter().filter_map(|k| self.decisions.get(*k).copied()).collect();
        let all = record_guarantees(p, self.record);
        let mut codes: Vec<Vec<u32>> = vec![Vec::with_capacity(self.rows); self.decisions.len()];
        let mut errors = Vec::new();
        let mut values = Vec::new();
        for (batch, start) in self.batches.iter().zip(&self.starts) {
            if cancel() {
                return Err(Interrupted);
            }
            // a row `base` accepted met every guarantee; those that read no changed value still hold
            let results = evaluate(p, self.record, batch, params, scenario, &asked, guarantees);
            let redo: Vec<usize> = (0..batch.len()).filter(|i| base.is_rejected(start + i)).collect();
            let mut full = Vec::new().into_iter();
            if !redo.is_empty() {
                let mut again = Batch::new(p, self.record);
                for i in &redo {
                    batch.fill_row(*i, &[], &mut values);
                    again.push_row(batch.row_numbers.get(*i).copied().unwrap_or(0), &values);
                }
                full = evaluate(p, self.record, &again, params, scenario, &self.decisions, &all).into_iter();
            }
            for (i, r) in results.into_iter().enumerate() {
                let row = start + i;
                if base.is_rejected(row) {
                    match full.next() {
                        Some(Ok(outcomes)) => {
                            for ((c, int), o) in codes.iter_mut().zip(self.interners.iter_mut()).zip(&outcomes) {
                                c.push(int.code(&o.value));
                            }
                        }
                        Some(Err(e)) => {
                            codes.iter_mut().for_each(|c| c.push(REJECTED));
                            errors.push((row, e));
                        }
                        None => codes.iter_mut().for_each(|c| c.push(REJECTED)),
                    }
                    continue;
                }
                match r {
                    Ok(outcomes) => {
                        let mut fresh = outcomes.iter();
                        for (k, c) in codes.iter_mut().enumerate() {
                            if affected.get(k).copied().unwrap_or(true) {
                                let code = match (fresh.next(), self.interners.get_mut(k)) {
                                    (Some(o), Some(int)) => int.code(&o.value),
                                    _ => REJECTED,
                                };
                                c.push(code);
                            } else {
                                c.push(base.code(k, row));
                            }
                        }
                    }
                    Err(e) => {
                        codes.iter_mut().for_each(|c| c.push(REJECTED));
                        errors.push((row, e));
                    }
                }
            }
        }
        Ok((codes, errors))
    }

    /// How a decision's value is written (`rejected` for a rejected row).
    pub fn name(&self, p: &Program, k: usize, code: u32) -> String {
        if code == REJECTED {
            // data (`:export` writes it), so the same word in every language
            return "rejected".into();
        }
        let ty = self.decisions.get(k).and_then(|d| p.decisions.get(*d)).map(|d| &d.ty);
        match (ty, self.interners.get(k).and_then(|i| i.value(code))) {
            (Some(t), Some(v)) => p.format_value(t, v),
            _ => String::new(),
        }
    }

    pub fn value(&self, k: usize, code: u32) -> Option<&Value> {
        self.interners.get(k).and_then(|i| i.value(code))
    }

    pub fn compare(&self, p: &Program, base: &State, new: &State) -> Compared {
        let mut transitions = Vec::with_capacity(self.decisions.len());
        for k in 0..self.decisions.len() {
            let n = self.interners.get(k).map_or(0, |i| i.values.len()) + 1;
            let idx = |c: u32| if c == REJECTED { n - 1 } else { c as usize };
            let mut pairs: HashMap<(usize, usize), u64> = HashMap::new();
            if let (Some(a), Some(b)) = (base.codes.get(k), new.codes.get(k)) {
                if n <= 256 {
                    let mut dense = vec![0u64; n * n];
                    for (x, y) in a.iter().zip(b) {
                        if let Some(slot) = dense.get_mut(idx(*x) * n + idx(*y)) {
                            *slot += 1;
                        }
                    }
                    for (i, c) in dense.iter().enumerate().filter(|(_, c)| **c > 0) {
                        pairs.insert((i / n, i % n), *c);
                    }
                } else {
                    for (x, y) in a.iter().zip(b) {
                        *pairs.entry((idx(*x), idx(*y))).or_default() += 1;
                    }
                }
            }
            let code = |i: usize| if i == n - 1 { REJECTED } else { i as u32 };
            let mut t = Transitions::default();
            for ((x, y), c) in pairs {
                t.add(&self.name(p, k, code(x)), &self.name(p, k, code(y)), c);
            }
            transitions.push(t);
        }
        let mut changed = 0u64;
        let mut rejected = 0u64;
        for row in 0..self.rows {
            if new.is_rejected(row) {
                rejected += 1;
            }
            if self.moved(base, new, row) {
                changed += 1;
            }
        }
        Compared { transitions, unchanged: self.rows as u64 - changed, changed, rejected }
    }

    /// Did any decision of the row change (a row rejected in one state and not the other counts)?
    pub fn moved(&self, base: &State, new: &State, row: usize) -> bool {
        if base.is_rejected(row) != new.is_rejected(row) {
            return true;
        }
        (0..self.decisions.len()).any(|k| base.code(k, row) != new.code(k, row))
    }

    /// Count rows by the values of `keys` among those where `filter` holds, under `state`.
    pub fn count(
        &self,
        p: &Program,
        state: &State,
        keys: &[Expr],
        filter: Option<&Expr>,
        cancel: &dyn Fn() -> bool,
    ) -> Result<Counted, Interrupted> {
        let nfields = p.records.get(self.record).map_or(0, |r| r.fields.len());
        // decisions already computed for the state are read from the cache, not evaluated again
        let cached = |e: &Expr| {
            let mut e = e.clone();
            rewrite(&mut e, &|k: &ExprKind| match k {
                ExprKind::Decision(d) => {
                    self.decisions.iter().position(|x| x == d).map(|i| ExprKind::Field(nfields + i))
                }
                _ => None,
            });
            e
        };
        let keys: Vec<Expr> = keys.iter().map(cached).collect();
        let filter = filter.map(cached);
        let mut used = vec![false; nfields];
        for e in keys.iter().chain(filter.iter()) {
            reach(p, e, &mut used);
        }
        let mut total = Counted { groups: Vec::new(), considered: 0, matched: 0, errors: 0, first_error: None };
        let mut groups: HashMap<Vec<Value>, u64> = HashMap::new();
        for (batch, start) in self.batches.iter().zip(&self.starts) {
            if cancel() {
                return Err(Interrupted);
            }
            let parts = split_rows(batch.len(), |range| {
                let it = Interp { program: p, params: state.params.clone() };
                let mut frame = Frame::new(p, Vec::new(), state.scenario.clone());
                let mut local: HashMap<Vec<Value>, u64> = HashMap::new();
                let (mut considered, mut matched, mut errors, mut first) = (0u64, 0u64, 0u64, None);
                for i in range {
                    let row = start + i;
                    if state.is_rejected(row) {
                        continue;
                    }
                    considered += 1;
                    batch.fill_row(i, &used, &mut frame.fields);
                    for k in 0..self.decisions.len() {
                        let v = self.value(k, state.code(k, row)).cloned().unwrap_or(Value::Absent);
                        frame.fields.push(v);
                    }
                    frame.reset();
                    let r = (|| -> Result<Option<Vec<Value>>, EvalError> {
                        if let Some(f) = &filter {
                            if !it.eval(&mut frame, f)?.as_bool() {
                                return Ok(None);
                            }
                        }
                        keys.iter().map(|k| it.eval(&mut frame, k)).collect::<Result<Vec<_>, _>>().map(Some)
                    })();
                    match r {
                        Ok(Some(key)) => {
                            matched += 1;
                            *local.entry(key).or_default() += 1;
                        }
                        Ok(None) => {}
                        Err(e) => {
                            errors += 1;
                            first.get_or_insert(e);
                        }
                    }
                }
                (local, considered, matched, errors, first)
            });
            for (local, considered, matched, errors, first) in parts {
                for (k, n) in local {
                    *groups.entry(k).or_default() += n;
                }
                total.considered += considered;
                total.matched += matched;
                total.errors += errors;
                if total.first_error.is_none() {
                    total.first_error = first;
                }
            }
        }
        total.groups = groups.into_iter().collect();
        Ok(total)
    }
}

/// Which decisions and definitions read a scenario value or parameter that differs between two states
/// (through any chain of definitions and decisions): only those can have a different value.
struct Deps<'p> {
    p: &'p Program,
    scen: Vec<bool>,
    params: Vec<bool>,
    decisions: Vec<Option<bool>>,
    defines: Vec<Option<bool>>,
}

impl<'p> Deps<'p> {
    fn new(p: &'p Program, s0: &[Value], s1: &[Value], p0: &[Value], p1: &[Value]) -> Deps<'p> {
        Deps {
            p,
            scen: s0.iter().zip(s1).map(|(a, b)| a != b).collect(),
            params: p0.iter().zip(p1).map(|(a, b)| a != b).collect(),
            decisions: vec![None; p.decisions.len()],
            defines: vec![None; p.defines.len()],
        }
    }

    fn expr(&mut self, e: &Expr) -> bool {
        let mut refs = Vec::new();
        e.walk(&mut |x| match x.kind {
            ExprKind::Scen(_) | ExprKind::Param(_) | ExprKind::Define(_) | ExprKind::Decision(_) => {
                refs.push(x.kind.clone())
            }
            _ => {}
        });
        refs.into_iter().any(|k| match k {
            ExprKind::Scen(i) => self.scen.get(i).copied().unwrap_or(true),
            ExprKind::Param(i) => self.params.get(i).copied().unwrap_or(true),
            ExprKind::Define(i) => self.define(i),
            ExprKind::Decision(d) => self.decision(d),
            _ => false,
        })
    }

    fn define(&mut self, i: usize) -> bool {
        if let Some(Some(known)) = self.defines.get(i) {
            return *known;
        }
        let p = self.p;
        let r = p.defines.get(i).is_none_or(|d| self.expr(&d.expr));
        if let Some(slot) = self.defines.get_mut(i) {
            *slot = Some(r);
        }
        r
    }

    fn decision(&mut self, d: DecisionId) -> bool {
        if let Some(Some(known)) = self.decisions.get(d) {
            return *known;
        }
        let p = self.p;
        let r = match p.decisions.get(d) {
            Some(dec) => {
                self.expr(&dec.default)
                    || dec.rules.iter().any(|r| r.cond.as_ref().is_some_and(|c| self.expr(c)) || self.expr(&r.value))
            }
            None => true,
        };
        if let Some(slot) = self.decisions.get_mut(d) {
            *slot = Some(r);
        }
        r
    }
}

/// Replace sub-expressions (outermost first) where `f` gives a replacement.
fn rewrite(e: &mut Expr, f: &dyn Fn(&ExprKind) -> Option<ExprKind>) {
    if let Some(k) = f(&e.kind) {
        e.kind = k;
        return;
    }
    for c in e.children_mut() {
        rewrite(c, f);
    }
}

/// Mark the record fields an expression reads, through the definitions and decisions it uses.
fn reach(p: &Program, e: &Expr, used: &mut [bool]) {
    let mut defs = vec![false; p.defines.len()];
    let mut decs = vec![false; p.decisions.len()];
    let mut todo: Vec<Expr> = vec![e.clone()];
    while let Some(x) = todo.pop() {
        let mut more: Vec<&Expr> = Vec::new();
        x.walk(&mut |y| match y.kind {
            ExprKind::Field(i) | ExprKind::Has(i) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
            }
            ExprKind::Define(d) => {
                if let (Some(seen), Some(def)) = (defs.get_mut(d), p.defines.get(d)) {
                    if !*seen {
                        *seen = true;
                        more.push(&def.expr);
                    }
                }
            }
            ExprKind::Decision(d) => {
                if let (Some(seen), Some(dec)) = (decs.get_mut(d), p.decisions.get(d)) {
                    if !*seen {
                        *seen = true;
                        more.push(&dec.default);
                        for r in &dec.rules {
                            more.extend(r.cond.iter());
                            more.push(&r.value);
                        }
                    }
                }
            }
            _ => {}
        });
        todo.extend(more.into_iter().cloned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jz_check::load_text;

    const SRC: &str = "
枚举 级别 { 无, 橙色 }
枚举 措施 { 正常, 限产, 停产 }
情景 { 预警级别: 级别 = 无; 日期: 日期 = 2026-01-15 }
参数 上限 = 35 [t/h] 开放
记录 企业 键 代码 { 代码: 文本; 区县: 文本; 蒸吨: 数值 [t/h]; 甲: 布尔; 乙: 布尔 }
关于 企业
判定 淘汰: 布尔 默认 否 { 规则 r 依据 \"1\": 当 蒸吨 > 上限 则 是 }
判定 预警: 布尔 默认 否 { 规则 w 依据 \"8\": 当 预警级别 == 橙色 则 是 }
保障 大锅炉 依据 \"9\": 当 日期 > 2027-01-01 则 蒸吨 < 39 [t/h]
判定 措施: 措施 默认 正常 {
  规则 限 依据 \"2\": 当 预警级别 == 橙色 则 限产
  规则 停 依据 \"3\": 当 淘汰 则 停产
  例外 限 规则 停优先 依据 \"3\": 当 淘汰 则 停产
}
判定 矛盾: 布尔 默认 否 { 规则 a 依据 \"4\": 当 甲 则 是  规则 b 依据 \"5\": 当 乙 且 蒸吨 < 上限 则 否 }
输出 企业 { 措施, 矛盾 }
";

    fn data(rows: usize) -> (Program, PathBuf) {
        let mut c = load_text("t.jz", SRC, Path::new("."));
        assert!(!c.has_errors(), "{:?}", c.diagnostics);
        let p = c.program.take().unwrap();
        let dir = std::env::temp_dir().join(format!("jz-repl-data-{}-{rows}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("d.csv");
        let mut s = String::from("代码,区县,蒸吨,甲,乙\n");
        for i in 0..rows {
            let county = if i % 3 == 0 { "安平县" } else { "武安市" };
            let conflict = i % 1000 == 7;
            s.push_str(&format!("c{i},{county},{},{},{}\n", i % 40, conflict, conflict));
        }
        s.push_str("bad,安平县,x,是,否\n");
        std::fs::write(&path, s).unwrap();
        (p, path)
    }

    fn scen(warning: u16, year: i32) -> Vec<Value> {
        vec![Value::Enum(warning), Value::Date(jz_check::days_from_civil(year, 1, 15))]
    }

    /// Every row's decision values (None: rejected) and rejection reasons, comparable across datasets.
    type Snapshot = (Vec<Vec<Option<Value>>>, Vec<(usize, String)>);

    fn snapshot(p: &Program, d: &Dataset, s: &State) -> Snapshot {
        let values =
            (0..d.decisions.len()).map(|k| (0..d.rows).map(|r| d.value(k, s.code(k, r)).cloned()).collect()).collect();
        (values, s.errors.iter().map(|(r, e)| (*r, e.describe(p))).collect())
    }

    #[test]
    fn a_state_derived_from_a_cached_one_equals_a_full_evaluation() {
        let (p, path) = data(4000);
        let mut d = Dataset::load(&p, 0, &path, &jz_data::Options::default(), &|| false).unwrap();
        // (warning, year, limit): each step changes the warning, the limit, the date (guarantee only) or nothing
        // the record reads; rows rejected at one step (a conflict below the limit) may come back at the next
        let steps = [(0, 2026, 35), (0, 2026, 5), (1, 2026, 5), (1, 2028, 5), (1, 2028, 36), (0, 2026, 30)];
        let mut seen_errors = Vec::new();
        for (w, year, limit) in steps {
            let (sc, pa) = (scen(w, year), vec![Value::Dec(limit.into())]);
            let derived = d.state(&p, &sc, &pa, &|| false).unwrap();
            let mut fresh = Dataset::load(&p, 0, &path, &jz_data::Options::default(), &|| false).unwrap();
            let full = fresh.state(&p, &sc, &pa, &|| false).unwrap();
            assert_eq!(snapshot(&p, &d, &derived), snapshot(&p, &fresh, &full), "step {w} {year} {limit}");
            seen_errors.push(derived.errors.len());
        }
        assert_eq!(seen_errors, [4, 0, 0, 100, 104, 4], "conflicts below the limit; boilers ≥ 39 t/h after 2027");
    }

    #[test]
    fn load_keeps_every_row_or_rejects_it() {
        let (p, path) = data(70_000);
        let d = Dataset::load(&p, 0, &path, &jz_data::Options::default(), &|| false).unwrap();
        assert_eq!((d.read, d.rows, d.rejected_rows), (70_001, 70_000, 1));
        assert_eq!(d.rejects[0].column, "蒸吨");
        assert_eq!(d.key(69_999), "c69999");
        assert_eq!(d.row_number(65_536), 65_537);
        assert_eq!(d.find_key("c12345"), Some(12_345));
        assert_eq!(d.decisions.len(), 4, "outputs, then the other decisions");
    }

    #[test]
    fn what_if_transitions_match_a_direct_count() {
        let (p, path) = data(5000);
        let mut d = Dataset::load(&p, 0, &path, &jz_data::Options::default(), &|| false).unwrap();
        let base = d.state(&p, &scen(0, 2026), &[Value::Dec(35.into())], &|| false).unwrap();
        let new = d.state(&p, &scen(1, 2026), &[Value::Dec(20.into())], &|| false).unwrap();
        assert_eq!(base.errors.len(), 5, "rows 7, 1007, … conflict");
        let c = d.compare(&p, &base, &new);
        let tons = |i: usize| i % 40;
        let (mut to_limit, mut to_stop) = (0, 0);
        for i in (0..5000).filter(|i| i % 1000 != 7) {
            if tons(i) > 20 {
                to_stop += 1;
            } else {
                to_limit += 1;
            }
        }
        // base: 停产 above 35 t/h; new: orange warning (限产) and 停产 above 20 t/h
        let stays_stop = (0..5000).filter(|i| i % 1000 != 7 && tons(*i) > 35).count() as u64;
        let t = &c.transitions[0];
        assert_eq!(t.counts.get(&("正常".into(), "限产".into())), Some(&(to_limit as u64)));
        assert_eq!(t.counts.get(&("正常".into(), "停产".into())), Some(&(to_stop as u64 - stays_stop)));
        assert_eq!(t.counts.get(&("停产".into(), "停产".into())), Some(&stays_stop));
        assert_eq!(t.counts.get(&("rejected".into(), "rejected".into())), Some(&5));
        assert_eq!(to_limit + to_stop, 4995);
        assert_eq!(c.changed, 4995, "预警 changes for every row that is not rejected");
        assert_eq!(c.transitions[3].counts.get(&("否".into(), "是".into())), Some(&4995));
        assert_eq!(c.unchanged + c.changed, 5000);
        assert_eq!(c.rejected, 5);
        // the same state again comes from the cache
        let again = d.state(&p, &scen(1, 2026), &[Value::Dec(20.into())], &|| false).unwrap();
        assert!(Arc::ptr_eq(&again, &new));
        assert!(d.state(&p, &scen(0, 2026), &[Value::Dec(21.into())], &|| true).is_err());
    }

    #[test]
    fn counts_group_and_filter_with_cached_decisions() {
        let (p, path) = data(3000);
        let mut d = Dataset::load(&p, 0, &path, &jz_data::Options::default(), &|| false).unwrap();
        let st = d.state(&p, &scen(0, 2026), &[Value::Dec(35.into())], &|| false).unwrap();
        let mut scope = jz_check::Scope::new(&p, &[]);
        let e =
            |s: &mut jz_check::Scope, t: &str| s.expr(&jz_syntax::parse_expr(0, t, 0).unwrap(), Some(0), None).unwrap();
        let by = e(&mut scope, "措施");
        let filter = e(&mut scope, "区县 == \"安平县\"");
        let c = d.count(&p, &st, &[by], Some(&filter), &|| false).unwrap();
        let expect_stop = (0..3000).filter(|i| i % 3 == 0 && i % 1000 != 7 && i % 40 > 35).count() as u64;
        let expect_all = (0..3000).filter(|i| i % 3 == 0 && i % 1000 != 7).count() as u64;
        assert_eq!(c.considered, 2997);
        assert_eq!(c.matched, expect_all);
        let stop = c.groups.iter().find(|(k, _)| k == &vec![Value::Enum(2)]).map(|g| g.1);
        assert_eq!(stop, Some(expect_stop));
        // a decision not cached (none here) and a definition-free filter on a decision agree with the cache
        let f2 = e(&mut scope, "淘汰 且 措施 == 停产");
        let c2 = d.count(&p, &st, &[], Some(&f2), &|| false).unwrap();
        assert_eq!(c2.matched, (0..3000).filter(|i| i % 1000 != 7 && i % 40 > 35).count() as u64);
    }
}
