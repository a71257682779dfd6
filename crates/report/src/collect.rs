//! Counting in the pipeline's pass: a [`Collector`] is a `jz_engine::pipeline::Observer`, so every block the
//! workers of `jz run` parse and evaluate is counted in the same worker — by decision value, by 区县, by
//! 行业 (two-digit class) and by 绩效等级, under every warning level (the block evaluated again by one native
//! engine per level), against a second state (`--what-if`: the same batch, another engine; `--compare`: the
//! raw records parsed again by the other policy) — and the per-block [`Part`]s are merged into one [`Acc`]
//! in input order. Only counts are kept: memory does not grow with the number of rows (groups are capped at
//! [`MAX_GROUPS`] per dimension, the rows listed at [`MAX_LISTED`]).

use crate::industry;
use crate::model::{Article, Compare, Dim, Group, Levels, Move, MovedRow, Reason, Rejects, Report, Transition};
use jz_check::ir::{DecisionId, Program, RecordId};
use jz_check::{Type, Value};
use jz_data::{parse, Batch, Reject, Schema};
use jz_engine::pipeline::{BlockView, Observer};
use jz_eval::{EvalError, Frame, Interp, Outcome};
use std::collections::HashMap;

/// Distinct values kept per dimension (区县 …); the rest are counted together in one last group.
pub const MAX_GROUPS: usize = 1000;
/// Rows listed by name (rejected rows, moved rows): the first ones in input order; the totals are exact.
pub const MAX_LISTED: usize = 200;
/// Distinct reject reasons kept; the rest are counted as one.
const MAX_REASONS: usize = 200;

/// The scenario field whose values are compared side by side.
pub const LEVEL_FIELD: &str = "预警级别";

/// The state a report compares the run with.
pub enum Other<'a> {
    /// The same policy with other parameter or scenario values (`--what-if NAME=VALUE`).
    WhatIf { label: String, params: Vec<Value>, scenario: Vec<Value> },
    /// Another policy over the same records (`--compare POLICY_B`).
    Compare {
        label: String,
        program: &'a Program,
        record: RecordId,
        schema: &'a Schema,
        params: Vec<Value>,
        scenario: Vec<Value>,
    },
}

/// What the report is about: the run's program, state and outputs.
pub struct Spec<'a> {
    pub program: &'a Program,
    pub record: RecordId,
    pub outputs: &'a [DecisionId],
    pub params: &'a [Value],
    pub scenario: &'a [Value],
    /// Evaluate under every value of [`LEVEL_FIELD`] too.
    pub levels: bool,
    pub other: Option<Other<'a>>,
    /// `false`: the interpreter only (`--engine interp`).
    pub native: bool,
}

/// One state evaluated over a batch: a native engine, or the interpreter.
struct Evaluator<'a> {
    program: &'a Program,
    record: RecordId,
    params: Vec<Value>,
    scenario: Vec<Value>,
    engine: Option<jz_jit::Engine>,
    /// Fields the interpreter fills for a row.
    used: Vec<bool>,
    /// The engine's output buffers, reused from block to block by the workers.
    bufs: std::sync::Mutex<Vec<jz_jit::BatchOutcome>>,
}

impl<'a> Evaluator<'a> {
    fn new(program: &'a Program, record: RecordId, params: Vec<Value>, scenario: Vec<Value>, native: bool) -> Self {
        let outputs = program.outputs.get(record).cloned().unwrap_or_default();
        let engine =
            if native { jz_jit::compile(program, record, &outputs, true, &params, &scenario).ok() } else { None };
        let used = program.fields_read(record);
        Evaluator { program, record, params, scenario, engine, used, bufs: std::sync::Mutex::new(Vec::new()) }
    }

    /// A pooled output buffer (returned with [`Evaluator::give_back`]).
    fn buffer(&self) -> jz_jit::BatchOutcome {
        self.bufs.lock().ok().and_then(|mut b| b.pop()).unwrap_or_default()
    }
    fn give_back(&self, b: jz_jit::BatchOutcome) {
        if let Ok(mut pool) = self.bufs.lock() {
            pool.push(b);
        }
    }

    /// Every row's output outcomes (row-major into `out`, `ok[i]` false for a rejected row), with the
    /// guarantees checked as `jz run` checks them.
    fn run(&self, batch: &Batch, out: &mut Vec<Outcome>, ok: &mut Vec<bool>, errors: &mut Vec<(usize, EvalError)>) {
        let width = self.program.outputs.get(self.record).map_or(0, Vec::len);
        out.clear();
        ok.clear();
        errors.clear();
        let absent = || Outcome { value: Value::Absent, rule: None };
        match &self.engine {
            Some(engine) => {
                let res = engine.evaluate(self.program, batch);
                for i in 0..batch.len() {
                    match res.error(i) {
                        Some(e) => {
                            out.extend((0..width).map(|_| absent()));
                            ok.push(false);
                            errors.push((i, e.clone()));
                        }
                        None => {
                            out.extend((0..width).map(|k| res.outcome(i, k)));
                            ok.push(true);
                        }
                    }
                }
            }
            None => {
                let it = Interp { program: self.program, params: self.params.clone() };
                let mut frame = Frame::new(self.program, Vec::new(), self.scenario.clone());
                for i in 0..batch.len() {
                    batch.fill_row(i, &self.used, &mut frame.fields);
                    frame.reset();
                    match it.outputs(&mut frame, self.record) {
                        Ok(o) => {
                            out.extend(o);
                            ok.push(true);
                        }
                        Err(e) => {
                            out.extend((0..width).map(|_| absent()));
                            ok.push(false);
                            errors.push((i, e));
                        }
                    }
                }
            }
        }
    }
}

impl Evaluator<'_> {
    /// Every row's output codes (row-major into `codes`, one per coder; `ok[i]` false for a rejected row). A
    /// row the kernel decided gives an enum's or a boolean's code straight from the kernel's column, without a
    /// `Value`; anything else goes through [`Evaluator::run`]'s outcomes and the coder.
    fn codes(
        &self,
        batch: &Batch,
        coders: &[Coder],
        extra: &mut [Labels],
        codes: &mut Vec<u32>,
        ok: &mut Vec<bool>,
        (out, errs): (&mut Vec<Outcome>, &mut Vec<(usize, EvalError)>),
    ) {
        codes.clear();
        let width = coders.len();
        let Some(engine) = &self.engine else {
            self.run(batch, out, ok, errs);
            for i in 0..batch.len() {
                let os = out.get(i * width..(i + 1) * width).unwrap_or(&[]);
                for (k, c) in coders.iter().enumerate() {
                    let code = match (ok.get(i).copied().unwrap_or(false), os.get(k), extra.get_mut(k)) {
                        (true, Some(o), Some(e)) => c.code(self.program, e, &o.value),
                        _ => 0,
                    };
                    codes.push(code);
                }
            }
            return;
        };
        ok.clear();
        let mut res = self.buffer();
        engine.evaluate_into(self.program, batch, &mut res);
        for i in 0..batch.len() {
            let good = res.error(i).is_none();
            ok.push(good);
            for (k, c) in coders.iter().enumerate() {
                let fast = if good { res.code(i, k).and_then(|x| c.fast(x)) } else { None };
                let code = match (fast, good, extra.get_mut(k)) {
                    (Some(x), _, _) => x,
                    (_, true, Some(e)) => c.code(self.program, e, &res.outcome(i, k).value),
                    _ => 0,
                };
                codes.push(code);
            }
        }
        self.give_back(res);
    }
}

/// How one decision's values get small codes: enum variants (否/是) by index, anything else by its text.
#[derive(Clone)]
struct Coder {
    ty: Type,
    fixed: Vec<String>,
    /// How many kernel codes are fixed labels (0 unless an enum or a boolean).
    nfixed: i64,
}

impl Coder {
    fn new(p: &Program, d: DecisionId) -> Coder {
        let ty = p.decisions.get(d).map(|d| d.ty.clone()).unwrap_or(Type::Bool);
        let fixed = match &ty {
            Type::Enum(e) => p.enums.get(*e).map(|e| e.variants.clone()).unwrap_or_default(),
            Type::Bool => vec!["否".into(), "是".into()],
            _ => Vec::new(),
        };
        let nfixed = if matches!(ty, Type::Enum(_) | Type::Bool) { fixed.len() as i64 } else { 0 };
        Coder { ty, fixed, nfixed }
    }
    /// The code of a kernel code, when it is one of this coder's fixed labels (no `Value` needed).
    #[inline]
    fn fast(&self, kernel: i64) -> Option<u32> {
        (0..self.nfixed).contains(&kernel).then_some(kernel as u32)
    }
    fn code(&self, p: &Program, extra: &mut Labels, v: &Value) -> u32 {
        let fixed = match v {
            Value::Enum(x) => Some(usize::from(*x)),
            Value::Bool(b) => Some(usize::from(*b)),
            _ => None,
        };
        if let Some(c) = fixed.filter(|c| *c < self.fixed.len()) {
            return c as u32;
        }
        (self.fixed.len() + extra.code(&p.format_value(&self.ty, v))) as u32
    }
    fn label<'s>(&'s self, extra: &'s Labels, code: u32) -> &'s str {
        let c = code as usize;
        match self.fixed.get(c) {
            Some(l) => l,
            None => extra.names.get(c - self.fixed.len()).map_or("", String::as_str),
        }
    }
}

/// Texts with small codes, in order of first appearance.
#[derive(Clone, Default)]
struct Labels {
    names: Vec<String>,
    map: HashMap<String, usize>,
}

impl Labels {
    fn code(&mut self, s: &str) -> usize {
        if let Some(c) = self.map.get(s) {
            return *c;
        }
        self.names.push(s.to_string());
        self.map.insert(s.to_string(), self.names.len() - 1);
        self.names.len() - 1
    }
}

fn bump(v: &mut Vec<u64>, i: usize, n: u64) {
    if v.len() <= i {
        v.resize(i + 1, 0);
    }
    if let Some(x) = v.get_mut(i) {
        *x += n;
    }
}

fn bump2(v: &mut Vec<Vec<u64>>, i: usize, j: usize, n: u64) {
    if v.len() <= i {
        v.resize(i + 1, Vec::new());
    }
    if let Some(x) = v.get_mut(i) {
        bump(x, j, n);
    }
}

/// `out[key] += 1` for every key below `bins` (a key of `bins` or more is not counted; `out` grows to
/// `bins`). Four interleaved tables: runs of one key (most rows share a few codes) would otherwise make
/// each increment wait for the one before.
fn histogram(keys: impl Iterator<Item = usize>, bins: usize, out: &mut Vec<u64>) {
    let w = bins + 1;
    let mut t = vec![0u64; 4 * w];
    let (t0, rest) = t.split_at_mut(w);
    let (t1, rest) = rest.split_at_mut(w);
    let (t2, t3) = rest.split_at_mut(w);
    let mut keys = keys.map(|k| k.min(bins));
    while let Some(a) = keys.next() {
        if let Some(x) = t0.get_mut(a) {
            *x += 1;
        }
        let Some(b) = keys.next() else { break };
        if let Some(x) = t1.get_mut(b) {
            *x += 1;
        }
        let Some(c) = keys.next() else { break };
        if let Some(x) = t2.get_mut(c) {
            *x += 1;
        }
        let Some(d) = keys.next() else { break };
        if let Some(x) = t3.get_mut(d) {
            *x += 1;
        }
    }
    if out.len() < bins {
        out.resize(bins, 0);
    }
    for (i, o) in out.iter_mut().enumerate().take(bins) {
        *o += t0.get(i).copied().unwrap_or(0)
            + t1.get(i).copied().unwrap_or(0)
            + t2.get(i).copied().unwrap_or(0)
            + t3.get(i).copied().unwrap_or(0);
    }
}

/// Add to `v[code]` the rows with `ok` by their code in `col` (one per row).
fn column_counts(col: &[u32], ok: &[bool], v: &mut Vec<u64>) {
    let bins = codes_above(col);
    histogram(ok.iter().zip(col).map(|(good, c)| if *good { *c as usize } else { bins }), bins, v);
}

/// Rows with `ok` per (group, code in `col`) into `flat[group * c + code]`, where `c` is above every code
/// in `col` and `ids[i]` is row `i`'s group, below `groups`.
fn group_counts(ids: &[usize], groups: usize, col: &[u32], c: usize, ok: &[bool], flat: &mut Vec<u64>) {
    flat.clear();
    let bins = groups * c;
    let keys = ok.iter().zip(ids).zip(col).map(|((good, g), code)| if *good { g * c + *code as usize } else { bins });
    histogram(keys, bins, flat);
}

/// Column `k` of `n` rows of column-by-column `codes`.
fn column(codes: &[u32], n: usize, k: usize) -> &[u32] {
    codes.get(k * n..(k + 1) * n).unwrap_or(&[])
}

/// One above the largest code in `col` (0 when empty).
fn codes_above(col: &[u32]) -> usize {
    col.iter().max().map_or(0, |m| *m as usize + 1)
}

/// Add [`group_counts`]' table to each group's counts at `[at][code]` (`at`: the decision, or the level).
fn fold_groups(
    flat: &[u64],
    c: usize,
    groups: &mut [GroupAcc],
    field: impl Fn(&mut GroupAcc) -> &mut Vec<Vec<u64>>,
    at: usize,
) {
    if c == 0 {
        return;
    }
    for (g, row) in groups.iter_mut().zip(flat.chunks_exact(c)) {
        for (code, n) in row.iter().enumerate() {
            if *n > 0 {
                bump2(field(g), at, code, *n);
            }
        }
    }
}

/// How the rows of a batch are grouped along one dimension.
#[derive(Clone, Copy)]
enum DimKind {
    Text,
    Industry,
    Enum,
}

struct DimSpec {
    name: String,
    field: usize,
    kind: DimKind,
    ty: Type,
}

/// The counts of one group (a 区县, a 行业, a 绩效等级).
#[derive(Clone, Default)]
struct GroupAcc {
    rows: u64,
    rejected: u64,
    /// [decision][code] in the run's state.
    base: Vec<Vec<u64>>,
    /// [level][code of the main decision].
    levels: Vec<Vec<u64>>,
}

impl GroupAcc {
    fn add(&mut self, o: &GroupAcc) {
        self.rows += o.rows;
        self.rejected += o.rejected;
        for (i, v) in o.base.iter().enumerate() {
            for (j, n) in v.iter().enumerate() {
                bump2(&mut self.base, i, j, *n);
            }
        }
        for (i, v) in o.levels.iter().enumerate() {
            for (j, n) in v.iter().enumerate() {
                bump2(&mut self.levels, i, j, *n);
            }
        }
    }
}

#[derive(Clone, Default)]
struct DimAcc {
    keys: Labels,
    groups: Vec<GroupAcc>,
    /// Values beyond [`MAX_GROUPS`], counted together.
    rest: GroupAcc,
    folded: Labels,
}

/// Counts against the other state.
/// A changed row's move: (decision, code A, code B, deciding rule A, deciding rule B).
type MoveKey = (usize, u32, u32, Option<usize>, Option<usize>);

/// The warning-level field's name, its variants, the index of the run's own level, an evaluator per other level.
type LevelEvals<'a> = (String, Vec<String>, usize, Vec<Option<LevelEval<'a>>>);

/// One other warning level: a lane of the [`Lanes`] engine (what does not read the level is computed once
/// per row for every level), or, without one, an evaluator of the whole program under this level.
enum LevelEval<'a> {
    Whole(Box<Evaluator<'a>>),
    Lane(usize),
}

/// One native engine for every warning level, a lane each (the run's own level first): every output and
/// guarantee, what does not read the level computed once per row for all of them. `jz report` runs it as
/// the pipeline's engine ([`Collector::engine`]), so its lanes come with each block; a block without them
/// (the REPL's rows) is evaluated here.
struct Lanes {
    engine: jz_jit::Engine,
    /// Output buffers (one per lane), reused from block to block by the workers.
    bufs: std::sync::Mutex<Vec<Vec<jz_jit::BatchOutcome>>>,
}

impl Lanes {
    fn evaluate(&self, p: &Program, batch: &Batch) -> Vec<jz_jit::BatchOutcome> {
        let mut outs = self.bufs.lock().ok().and_then(|mut b| b.pop()).unwrap_or_default();
        self.engine.evaluate_lanes(p, batch, &mut outs);
        outs
    }
    fn give_back(&self, outs: Vec<jz_jit::BatchOutcome>) {
        if let Ok(mut pool) = self.bufs.lock() {
            pool.push(outs);
        }
    }
}

#[derive(Default)]
struct OtherAcc {
    /// Per common decision, codes of the other side's values.
    extra_b: Vec<Labels>,
    /// (decision, code A, code B) → rows, every row both sides evaluated.
    pairs: HashMap<(usize, u32, u32), u64>,
    /// Changed only: (decision, code A, code B, rule A, rule B) → rows.
    moves: HashMap<MoveKey, u64>,
    both: u64,
    changed: u64,
    rows: Vec<MovedRow>,
}

/// What one block adds (built in a worker).
pub struct Part {
    extra: Vec<Labels>,
    base: Vec<Vec<u64>>,
    rules: Vec<Vec<u64>>,
    levels: Vec<(u64, Vec<Vec<u64>>)>,
    dims: Vec<DimAcc>,
    rejects: Vec<Reject>,
    reject_entries: u64,
    reasons: HashMap<(String, String), u64>,
    other: Option<OtherAcc>,
}

/// Everything counted so far (merged in input order).
pub struct Acc {
    part: Part,
    folded_reasons: u64,
}

/// The [`jz_engine::pipeline::Observer`] of `jz report`.
pub struct Collector<'a> {
    p: &'a Program,
    outputs: Vec<DecisionId>,
    coders: Vec<Coder>,
    main: usize,
    dims: Vec<DimSpec>,
    key_field: usize,
    name_field: Option<usize>,
    county_dim: Option<usize>,
    /// The level field's variants, the index of the run's own level, an evaluator per other level.
    levels: Option<LevelEvals<'a>>,
    /// The native engine of every other level (its lanes), when one compiled.
    level_lanes: Option<Lanes>,
    other: Option<OtherSide<'a>>,
    settings: Vec<String>,
}

struct OtherSide<'a> {
    label: String,
    compare: bool,
    eval: Evaluator<'a>,
    schema: Option<&'a Schema>,
    /// Common decisions: (index among A's outputs, index among B's outputs, name).
    common: Vec<(usize, usize, String)>,
    coders_b: Vec<Coder>,
    only_a: Vec<String>,
    only_b: Vec<String>,
}

fn outputs_of(p: &Program, r: RecordId) -> Vec<DecisionId> {
    p.outputs.get(r).cloned().unwrap_or_default()
}

impl<'a> Collector<'a> {
    /// Compile what the report evaluates beside the run (a few ms per state). `settings` are the `--set`
    /// values as typed, shown on the page.
    pub fn new(spec: Spec<'a>, settings: Vec<String>) -> Result<Collector<'a>, String> {
        let p = spec.program;
        let rec = p.records.get(spec.record).ok_or_else(|| "error: no such record type".to_string())?;
        let outputs = spec.outputs.to_vec();
        if outputs.is_empty() {
            return Err(format!(
                "error: record type `{}` has no output decisions\n  help: a report counts the decisions of `输出 {} {{ … }}`",
                rec.name, rec.name
            ));
        }
        let coders: Vec<Coder> = outputs.iter().map(|d| Coder::new(p, *d)).collect();
        let mut dims = Vec::new();
        for (name, field, want) in [
            ("区县", "区县", DimKind::Text),
            ("行业", "行业代码", DimKind::Industry),
            ("绩效等级", "绩效等级", DimKind::Enum),
        ] {
            if let Some(f) = rec.field(field) {
                let ty = rec.fields.get(f).map(|f| f.ty.clone()).unwrap_or(Type::Bool);
                let kind = match (&ty, want) {
                    (Type::Text, DimKind::Industry) => DimKind::Industry,
                    (Type::Text, _) => DimKind::Text,
                    (Type::Enum(_), _) => DimKind::Enum,
                    _ => continue,
                };
                dims.push(DimSpec { name: name.to_string(), field: f, kind, ty });
            }
        }
        let county_dim = dims.iter().position(|d| d.name == "区县");
        let levels_and_lanes = if spec.levels {
            p.scenario.iter().position(|s| s.name == LEVEL_FIELD).and_then(|si| {
                let sp = p.scenario.get(si)?;
                let Type::Enum(e) = sp.ty else { return None };
                let names = p.enums.get(e)?.variants.clone();
                let current = match spec.scenario.get(si) {
                    Some(Value::Enum(x)) => usize::from(*x),
                    _ => 0,
                };
                let scenario_of = |l: usize| {
                    let mut s = spec.scenario.to_vec();
                    if let Some(x) = s.get_mut(si) {
                        *x = Value::Enum(l as u16);
                    }
                    s
                };
                let others: Vec<usize> = (0..names.len()).filter(|l| *l != current).collect();
                let params = spec.params.to_vec();
                // one engine, a lane per level (the run's first): what does not read the level is computed
                // once per row; `None` inside: it did not compile
                let lanes = (spec.native && !others.is_empty()).then(|| {
                    let scenarios: Vec<Vec<Value>> =
                        std::iter::once(current).chain(others.iter().copied()).map(scenario_of).collect();
                    let guarantees: Vec<usize> = (0..p.guarantees.len())
                        .filter(|g| p.guarantees.get(*g).is_some_and(|x| x.record == spec.record))
                        .collect();
                    jz_jit::compile_lanes(p, spec.record, &outputs, &guarantees, &params, &scenarios).ok()
                });
                let evals = (0..names.len())
                    .map(|l| {
                        let lane = 1 + others.iter().position(|o| *o == l)?;
                        let s = scenario_of(l);
                        let params = params.clone();
                        Some(match &lanes {
                            Some(Some(_)) => LevelEval::Lane(lane),
                            // the engine did not compile: the whole program, natively if it can
                            Some(None) => LevelEval::Whole(Box::new(Evaluator::new(p, spec.record, params, s, true))),
                            None => LevelEval::Whole(Box::new(Evaluator::new(p, spec.record, params, s, false))),
                        })
                    })
                    .collect();
                let lanes = lanes.flatten().map(|engine| Lanes { engine, bufs: std::sync::Mutex::new(Vec::new()) });
                Some(((sp.name.clone(), names, current, evals), lanes))
            })
        } else {
            None
        };
        let (levels, level_lanes) = match levels_and_lanes {
            Some((l, lanes)) => (Some(l), lanes),
            None => (None, None),
        };
        let name_of = |q: &Program, d: DecisionId| q.decisions.get(d).map(|x| x.name.clone()).unwrap_or_default();
        let other = match spec.other {
            None => None,
            Some(Other::WhatIf { label, params, scenario }) => {
                let common = outputs.iter().enumerate().map(|(k, d)| (k, k, name_of(p, *d))).collect();
                Some(OtherSide {
                    label,
                    compare: false,
                    eval: Evaluator::new(p, spec.record, params, scenario, spec.native),
                    schema: None,
                    common,
                    coders_b: coders.clone(),
                    only_a: Vec::new(),
                    only_b: Vec::new(),
                })
            }
            Some(Other::Compare { label, program, record, schema, params, scenario }) => {
                let outs_b = outputs_of(program, record);
                let mut common = Vec::new();
                let mut coders_b = Vec::new();
                for (k, d) in outputs.iter().enumerate() {
                    let n = name_of(p, *d);
                    if let Some(kb) = outs_b.iter().position(|db| name_of(program, *db) == n) {
                        if let Some(db) = outs_b.get(kb) {
                            coders_b.push(Coder::new(program, *db));
                        }
                        common.push((k, kb, n));
                    }
                }
                if common.is_empty() {
                    return Err(format!(
                        "error: the two policies share no output decision of `{}`\n  help: `--compare` compares decisions with the same name in both",
                        rec.name
                    ));
                }
                let only_a =
                    outputs.iter().map(|d| name_of(p, *d)).filter(|n| !common.iter().any(|c| &c.2 == n)).collect();
                let only_b =
                    outs_b.iter().map(|d| name_of(program, *d)).filter(|n| !common.iter().any(|c| &c.2 == n)).collect();
                Some(OtherSide {
                    label,
                    compare: true,
                    eval: Evaluator::new(program, record, params, scenario, spec.native),
                    schema: Some(schema),
                    common,
                    coders_b,
                    only_a,
                    only_b,
                })
            }
        };
        Ok(Collector {
            p,
            main: outputs.len() - 1,
            coders,
            outputs,
            dims,
            key_field: rec.key,
            name_field: rec.field("企业名称").or_else(|| rec.field("名称")),
            county_dim,
            levels,
            level_lanes,
            other,
            settings,
        })
    }

    /// The native engine of every warning level, a lane each, the run's own first ([`jz_jit::compile_lanes`]):
    /// give it to the pipeline as the run's engine, and each block brings every level's outcome with it.
    pub fn engine(&self) -> Option<&jz_jit::Engine> {
        self.level_lanes.as_ref().map(|x| &x.engine)
    }

    /// The fields a report reads beside the program's own (their text must be kept when parsing).
    pub fn fields_shown(&self) -> Vec<usize> {
        let mut f: Vec<usize> = self.dims.iter().map(|d| d.field).collect();
        // names are shown only beside the rows a comparison moved
        f.extend(self.name_field.filter(|_| self.other.is_some()));
        f.push(self.key_field);
        f
    }

    fn empty_part(&self) -> Part {
        Part {
            extra: vec![Labels::default(); self.outputs.len()],
            base: vec![Vec::new(); self.outputs.len()],
            rules: vec![Vec::new(); self.outputs.len()],
            levels: self.levels.as_ref().map(|l| vec![(0, Vec::new()); l.1.len()]).unwrap_or_default(),
            dims: self.dims.iter().map(|_| DimAcc::default()).collect(),
            rejects: Vec::new(),
            reject_entries: 0,
            reasons: HashMap::new(),
            other: self
                .other
                .as_ref()
                .map(|o| OtherAcc { extra_b: vec![Labels::default(); o.common.len()], ..OtherAcc::default() }),
        }
    }

    /// An empty accumulator to merge parts into.
    pub fn acc(&self) -> Acc {
        Acc { part: self.empty_part(), folded_reasons: 0 }
    }

    /// The group of a (present) cell: its text, the 行业 class of a code, or the enum value's name.
    fn group_label(&self, d: &DimSpec, text: &str, value: Option<&Value>) -> String {
        match (d.kind, value) {
            (DimKind::Enum, Some(v)) => self.p.format_value(&d.ty, v),
            _ if text.is_empty() => "(空)".into(),
            (DimKind::Industry, _) => industry::group(text),
            _ => text.to_string(),
        }
    }

    /// Count one block (in a worker).
    fn count_block(&self, b: &BlockView<'_>) -> Part {
        let mut part = self.empty_part();
        let batch = b.batch;
        let n = batch.len();
        // each row's group per dimension (a local index), each distinct cell looked up once
        let mut gid: Vec<Vec<usize>> = Vec::with_capacity(self.dims.len());
        for (d, acc) in self.dims.iter().zip(part.dims.iter_mut()) {
            let mut ids = Vec::with_capacity(n);
            let present = batch.present.get(d.field).and_then(Option::as_ref);
            let mut by_text: HashMap<&str, usize> = HashMap::new();
            let mut by_enum: HashMap<u16, usize> = HashMap::new();
            let mut absent_id = None;
            if let Some(col) = batch.columns.get(d.field) {
                for i in 0..n {
                    let id = if present.is_some_and(|p| !p.get(i).copied().unwrap_or(true)) {
                        *absent_id.get_or_insert_with(|| acc.keys.code("(未填)"))
                    } else if let (DimKind::Enum, jz_data::Column::Enum(c)) = (d.kind, col) {
                        let x = c.get(i).copied().unwrap_or(0);
                        match by_enum.get(&x) {
                            Some(id) => *id,
                            None => {
                                let id = acc.keys.code(&self.group_label(d, "", Some(&Value::Enum(x))));
                                by_enum.insert(x, id);
                                id
                            }
                        }
                    } else {
                        let t = col.text(i);
                        match by_text.get(t) {
                            Some(id) => *id,
                            None => {
                                let id = acc.keys.code(&self.group_label(d, t, None));
                                by_text.insert(t, id);
                                id
                            }
                        }
                    };
                    ids.push(id);
                }
            }
            acc.groups.resize(acc.keys.names.len(), GroupAcc::default());
            gid.push(ids);
        }
        let level_of_run = self.levels.as_ref().map(|l| l.2);
        let width = self.coders.len();
        // the run's own state, from the pipeline's outcomes: every row's codes column by column (`k * n + i`,
        // zeros for a rejected row) and deciding rules (+1, 0: the default)
        let ok: Vec<bool> = (0..n).map(|i| b.ok(i)).collect();
        let mut codes: Vec<u32> = vec![0; n * width];
        let mut rules: Vec<u32> = vec![0; n * width];
        let mut col: Vec<i64> = Vec::new();
        let kernel = b.kernel();
        for (k, c) in self.coders.iter().enumerate() {
            let Some(extra) = part.extra.get_mut(k) else { continue };
            if let Some(res) = kernel {
                res.codes_into(k, &mut col);
            }
            let kernel_rules = kernel.map(|r| r.rules(k)).unwrap_or(&[]);
            for i in 0..n {
                if !ok.get(i).copied().unwrap_or(false) {
                    continue;
                }
                // an enum's or a boolean's code straight from the kernel's column
                let fast = col.get(i).and_then(|x| c.fast(*x));
                let (code, rule) = match fast {
                    Some(x) => (x, kernel_rules.get(i).and_then(|r| usize::try_from(*r).ok())),
                    None => match b.outcome(i, k) {
                        Some(o) => (c.code(self.p, extra, &o.value), o.rule),
                        None => continue,
                    },
                };
                if let Some(x) = codes.get_mut(k * n + i) {
                    *x = code;
                }
                if let Some(x) = rules.get_mut(k * n + i) {
                    *x = rule.map_or(0, |r| r as u32 + 1);
                }
            }
            col.clear();
        }
        let good = ok.iter().filter(|x| **x).count() as u64;
        let mut flat: Vec<u64> = Vec::new();
        for k in 0..width {
            if let Some(v) = part.base.get_mut(k) {
                column_counts(column(&codes, n, k), &ok, v);
            }
            if let Some(v) = part.rules.get_mut(k) {
                column_counts(column(&rules, n, k), &ok, v);
            }
        }
        if let Some(l) = level_of_run {
            if let Some((okc, counts)) = part.levels.get_mut(l) {
                *okc += good;
                counts.resize(width.max(counts.len()), Vec::new());
                for (k, v) in counts.iter_mut().enumerate() {
                    column_counts(column(&codes, n, k), &ok, v);
                }
            }
        }
        for (acc, ids) in part.dims.iter_mut().zip(&gid) {
            for (i, id) in ids.iter().enumerate() {
                if let Some(g) = acc.groups.get_mut(*id) {
                    match ok.get(i) {
                        Some(true) => g.rows += 1,
                        _ => g.rejected += 1,
                    }
                }
            }
            for k in 0..width {
                let col = column(&codes, n, k);
                let c = codes_above(col);
                group_counts(ids, acc.groups.len(), col, c, &ok, &mut flat);
                fold_groups(&flat, c, &mut acc.groups, |g| &mut g.base, k);
                if let (Some(l), true) = (level_of_run, k == self.main) {
                    fold_groups(&flat, c, &mut acc.groups, |g| &mut g.levels, l);
                }
            }
        }
        // the other warning levels: lanes of one engine — the pipeline's, when it ran it, else run here
        let (mut out, mut lok, mut errs) = (Vec::new(), Vec::new(), Vec::new());
        if let Some((_, _, _, evals)) = &self.levels {
            let mut own: Option<Vec<jz_jit::BatchOutcome>> = None;
            let lanes: &[jz_jit::BatchOutcome] = match &self.level_lanes {
                Some(x)
                    if b.lanes().len() == x.engine.lanes()
                        && b.lanes().first().map(|o| o.engine()) == Some((x.engine.id(), 0)) =>
                {
                    b.lanes()
                }
                Some(x) => own.insert(x.evaluate(self.p, batch)),
                None => &[],
            };
            let mut codes: Vec<u32> = Vec::with_capacity(n * width);
            for (l, ev) in evals.iter().enumerate() {
                match ev {
                    None => continue,
                    Some(LevelEval::Whole(ev)) => {
                        ev.codes(batch, &self.coders, &mut part.extra, &mut codes, &mut lok, (&mut out, &mut errs));
                        // row-major to column by column
                        let rows = std::mem::take(&mut codes);
                        codes =
                            (0..width * n).map(|x| rows.get((x % n) * width + x / n).copied().unwrap_or(0)).collect();
                    }
                    Some(LevelEval::Lane(j)) => {
                        let Some(res) = lanes.get(*j) else { continue };
                        self.lane_codes(res, &mut part.extra, &mut codes, &mut lok, &mut col);
                    }
                }
                let Some((okc, counts)) = part.levels.get_mut(l) else { continue };
                *okc += lok.iter().filter(|x| **x).count() as u64;
                counts.resize(width.max(counts.len()), Vec::new());
                for (k, v) in counts.iter_mut().enumerate() {
                    column_counts(column(&codes, n, k), &lok, v);
                }
                let main = column(&codes, n, self.main);
                let c = codes_above(main);
                for (acc, ids) in part.dims.iter_mut().zip(&gid) {
                    group_counts(ids, acc.groups.len(), main, c, &lok, &mut flat);
                    fold_groups(&flat, c, &mut acc.groups, |g| &mut g.levels, l);
                }
            }
            if let (Some(x), Some(outs)) = (&self.level_lanes, own) {
                x.give_back(outs);
            }
        }
        // rejects of the run
        part.reject_entries = b.rejects.len() as u64;
        part.rejects = b.rejects.iter().take(MAX_LISTED).cloned().collect();
        for r in b.rejects {
            *part.reasons.entry((r.column.clone(), r.reason.clone())).or_default() += 1;
        }
        if let Some(o) = &self.other {
            self.count_other(o, b, &mut part, &gid);
        }
        part
    }

    /// Every row's output codes in one lane of the levels engine (column by column into `codes`, zeros and
    /// `ok[i]` false for a row rejected there); `col` is scratch.
    fn lane_codes(
        &self,
        res: &jz_jit::BatchOutcome,
        extra: &mut [Labels],
        codes: &mut Vec<u32>,
        ok: &mut Vec<bool>,
        col: &mut Vec<i64>,
    ) {
        let n = res.len();
        let width = self.coders.len();
        ok.clear();
        ok.extend((0..n).map(|i| res.error(i).is_none()));
        codes.clear();
        codes.resize(n * width, 0);
        for (k, c) in self.coders.iter().enumerate() {
            let Some(e) = extra.get_mut(k) else { continue };
            res.codes_into(k, col);
            for i in 0..n {
                if !ok.get(i).copied().unwrap_or(false) {
                    continue;
                }
                let code = match col.get(i).and_then(|x| c.fast(*x)) {
                    Some(x) => x,
                    None => c.code(self.p, e, &res.outcome(i, k).value),
                };
                if let Some(x) = codes.get_mut(k * n + i) {
                    *x = code;
                }
            }
        }
    }

    fn count_other(&self, o: &OtherSide<'_>, b: &BlockView<'_>, part: &mut Part, gid: &[Vec<usize>]) {
        let Some(acc) = part.other.as_mut() else { return };
        let (mut out, mut ok, mut errs) = (Vec::new(), Vec::new(), Vec::new());
        // the other side's batch, and for each of its rows the index of the same row in the run's batch
        let parsed;
        let (batch_b, index): (&Batch, Vec<Option<usize>>) = match (o.compare, o.schema, b.chunk) {
            (true, Some(schema), Some(chunk)) => {
                parsed = parse(o.eval.program, schema, chunk);
                let mut map = Vec::with_capacity(parsed.batch.len());
                let rows_a = &b.batch.row_numbers;
                let mut j = 0usize;
                for rn in &parsed.batch.row_numbers {
                    while rows_a.get(j).is_some_and(|x| x < rn) {
                        j += 1;
                    }
                    map.push((rows_a.get(j) == Some(rn)).then_some(j));
                }
                (&parsed.batch, map)
            }
            (false, _, _) => (b.batch, (0..b.batch.len()).map(Some).collect()),
            // another policy needs the raw records
            _ => return,
        };
        o.eval.run(batch_b, &mut out, &mut ok, &mut errs);
        let width_b = o.eval.program.outputs.get(o.eval.record).map_or(0, Vec::len);
        let key_col = b.batch.columns.get(self.key_field);
        let name_col = self.name_field.and_then(|f| b.batch.columns.get(f));
        for (ib, ia) in index.iter().enumerate() {
            let Some(ia) = *ia else { continue };
            if !ok.get(ib).copied().unwrap_or(false) {
                continue;
            }
            let Some(ob) = out.get(ib * width_b..(ib + 1) * width_b).filter(|_| b.ok(ia)) else { continue };
            acc.both += 1;
            let mut changes = Vec::new();
            let mut moved = false;
            for (c, (ka, kb, name)) in o.common.iter().enumerate() {
                let (Some(va), Some(vb)) = (b.outcome(ia, *ka), ob.get(*kb)) else { continue };
                let (Some(ca), Some(cb)) = (self.coders.get(*ka), o.coders_b.get(c)) else { continue };
                let (Some(ea), Some(eb)) = (part.extra.get_mut(*ka), acc.extra_b.get_mut(c)) else { continue };
                let code_a = ca.code(self.p, ea, &va.value);
                let code_b = cb.code(o.eval.program, eb, &vb.value);
                *acc.pairs.entry((c, code_a, code_b)).or_default() += 1;
                let (la, lb) = (ca.label(ea, code_a), cb.label(eb, code_b));
                if la != lb {
                    moved = true;
                    *acc.moves.entry((c, code_a, code_b, va.rule, vb.rule)).or_default() += 1;
                    if acc.rows.len() < MAX_LISTED {
                        let d = o.eval.program.outputs.get(o.eval.record).and_then(|x| x.get(*kb));
                        changes.push((
                            name.clone(),
                            la.to_string(),
                            lb.to_string(),
                            rule_text(o.eval.program, d, vb.rule),
                        ));
                    }
                }
            }
            if moved {
                acc.changed += 1;
                if !changes.is_empty() {
                    let county = self
                        .county_dim
                        .and_then(|d| Some((part.dims.get(d)?, gid.get(d)?.get(ia)?)))
                        .and_then(|(acc, id)| acc.keys.names.get(*id).cloned())
                        .unwrap_or_default();
                    acc.rows.push(MovedRow {
                        row: b.batch.row_numbers.get(ia).copied().unwrap_or(0),
                        key: key_col.map(|c| c.text(ia).to_string()).unwrap_or_default(),
                        name: name_col.map(|c| c.text(ia).to_string()).unwrap_or_default(),
                        county,
                        changes,
                    });
                }
            }
        }
    }
}

/// `规则 名 (依据 …)` of the rule that decided, or `默认`.
fn rule_text(p: &Program, d: Option<&DecisionId>, rule: Option<usize>) -> String {
    let r = d.and_then(|d| p.decisions.get(*d)).and_then(|d| rule.and_then(|r| d.rules.get(r)));
    match r {
        Some(r) => {
            let label = r.label.as_deref().unwrap_or("(无标签)");
            if r.citations.is_empty() {
                label.to_string()
            } else {
                format!("{label}（依据 {}）", r.citation())
            }
        }
        None => "默认".into(),
    }
}

impl Observer for Collector<'_> {
    type Part = Part;
    const FORMAT: bool = false;
    fn block(&self, b: &BlockView<'_>) -> Part {
        self.count_block(b)
    }
}

impl Acc {
    /// Add one block's part (parts must come in input order).
    pub fn merge(&mut self, c: &Collector<'_>, p: Part) {
        let a = &mut self.part;
        // the run's values: local codes → the accumulator's
        let remap = |coder: &Coder, into: &mut Labels, from: &Labels, code: usize| -> usize {
            let f = coder.fixed.len();
            if code < f {
                code
            } else {
                from.names.get(code - f).map_or(code, |s| f + into.code(s))
            }
        };
        let mut maps: Vec<Vec<usize>> = Vec::with_capacity(c.coders.len());
        for (k, coder) in c.coders.iter().enumerate() {
            let (Some(into), Some(from)) = (a.extra.get_mut(k), p.extra.get(k)) else {
                maps.push(Vec::new());
                continue;
            };
            maps.push((0..coder.fixed.len() + from.names.len()).map(|x| remap(coder, into, from, x)).collect());
        }
        let m = |k: usize, x: usize| maps.get(k).and_then(|v| v.get(x)).copied().unwrap_or(x);
        for (k, v) in p.base.iter().enumerate() {
            for (x, n) in v.iter().enumerate() {
                bump2(&mut a.base, k, m(k, x), *n);
            }
        }
        for (k, v) in p.rules.iter().enumerate() {
            for (x, n) in v.iter().enumerate() {
                bump2(&mut a.rules, k, x, *n);
            }
        }
        for (l, (ok, counts)) in p.levels.iter().enumerate() {
            if a.levels.len() <= l {
                a.levels.resize(l + 1, (0, Vec::new()));
            }
            if let Some((aok, ac)) = a.levels.get_mut(l) {
                *aok += ok;
                for (k, v) in counts.iter().enumerate() {
                    for (x, n) in v.iter().enumerate() {
                        bump2(ac, k, m(k, x), *n);
                    }
                }
            }
        }
        let main = c.main;
        for (da, dp) in a.dims.iter_mut().zip(p.dims) {
            for (id, g) in dp.groups.into_iter().enumerate() {
                let key = dp.keys.names.get(id).cloned().unwrap_or_default();
                let mut g2 = GroupAcc { rows: g.rows, rejected: g.rejected, ..GroupAcc::default() };
                for (k, v) in g.base.iter().enumerate() {
                    for (x, n) in v.iter().enumerate() {
                        bump2(&mut g2.base, k, m(k, x), *n);
                    }
                }
                for (l, v) in g.levels.iter().enumerate() {
                    for (x, n) in v.iter().enumerate() {
                        bump2(&mut g2.levels, l, m(main, x), *n);
                    }
                }
                let target = match da.keys.map.get(&key) {
                    Some(i) => da.groups.get_mut(*i),
                    None if da.keys.names.len() < MAX_GROUPS => {
                        let i = da.keys.code(&key);
                        da.groups.resize(i + 1, GroupAcc::default());
                        da.groups.get_mut(i)
                    }
                    None => {
                        da.folded.code(&key);
                        Some(&mut da.rest)
                    }
                };
                if let Some(t) = target {
                    t.add(&g2);
                }
            }
        }
        a.reject_entries += p.reject_entries;
        let room = MAX_LISTED.saturating_sub(a.rejects.len());
        a.rejects.extend(p.rejects.into_iter().take(room));
        // in a fixed order, so which reasons are kept when there are too many does not depend on hashing
        let mut reasons: Vec<((String, String), u64)> = p.reasons.into_iter().collect();
        reasons.sort();
        for (k, n) in reasons {
            let kept = a.reasons.len();
            match a.reasons.get_mut(&k) {
                Some(x) => *x += n,
                None if kept < MAX_REASONS => {
                    a.reasons.insert(k, n);
                }
                None => self.folded_reasons += n,
            }
        }
        if let (Some(ao), Some(po), Some(side)) = (a.other.as_mut(), p.other, c.other.as_ref()) {
            let mut maps_b: Vec<Vec<usize>> = Vec::new();
            for (ci, coder) in side.coders_b.iter().enumerate() {
                let (Some(into), Some(from)) = (ao.extra_b.get_mut(ci), po.extra_b.get(ci)) else {
                    maps_b.push(Vec::new());
                    continue;
                };
                maps_b.push((0..coder.fixed.len() + from.names.len()).map(|x| remap(coder, into, from, x)).collect());
            }
            let mb = |ci: usize, x: u32| {
                maps_b.get(ci).and_then(|v| v.get(x as usize)).copied().unwrap_or(x as usize) as u32
            };
            let ka = |ci: usize| side.common.get(ci).map_or(0, |c| c.0);
            for ((ci, x, y), n) in po.pairs {
                *ao.pairs.entry((ci, m(ka(ci), x as usize) as u32, mb(ci, y))).or_default() += n;
            }
            for ((ci, x, y, ra, rb), n) in po.moves {
                *ao.moves.entry((ci, m(ka(ci), x as usize) as u32, mb(ci, y), ra, rb)).or_default() += n;
            }
            ao.both += po.both;
            ao.changed += po.changed;
            let room = MAX_LISTED.saturating_sub(ao.rows.len());
            ao.rows.extend(po.rows.into_iter().take(room));
        }
    }

    /// The report: labels resolved, groups sorted, with the run's totals (`read`, `written`, `rejected` as
    /// the pipeline counted them).
    pub fn finish(self, c: &Collector<'_>, meta: Meta, read: u64, written: u64, rejected: u64) -> Report {
        let a = self.part;
        let p = c.p;
        let names: Vec<String> =
            c.outputs.iter().map(|d| p.decisions.get(*d).map(|x| x.name.clone()).unwrap_or_default()).collect();
        // display order per decision: enum order (是 before 否), then other values by text; codes kept
        let mut orders: Vec<Vec<usize>> = Vec::new();
        let mut labels: Vec<Vec<String>> = Vec::new();
        for (k, coder) in c.coders.iter().enumerate() {
            let extra = a.extra.get(k).cloned().unwrap_or_default();
            let mut fixed: Vec<usize> = (0..coder.fixed.len()).collect();
            if matches!(coder.ty, Type::Bool) {
                fixed.reverse();
            }
            let mut others: Vec<usize> = (0..extra.names.len()).map(|x| x + coder.fixed.len()).collect();
            others.sort_by(|x, y| coder.label(&extra, *x as u32).cmp(coder.label(&extra, *y as u32)));
            fixed.extend(others);
            labels.push(fixed.iter().map(|x| coder.label(&extra, *x as u32).to_string()).collect());
            orders.push(fixed);
        }
        let pick = |k: usize, v: Option<&Vec<u64>>| -> Vec<u64> {
            orders
                .get(k)
                .map_or_else(Vec::new, |o| o.iter().map(|x| v.and_then(|v| v.get(*x)).copied().unwrap_or(0)).collect())
        };
        let counts: Vec<Vec<u64>> = (0..c.outputs.len()).map(|k| pick(k, a.base.get(k))).collect();
        let group = |label: String, g: &GroupAcc| Group {
            label,
            rows: g.rows,
            rejected: g.rejected,
            counts: (0..c.outputs.len()).map(|k| pick(k, g.base.get(k))).collect(),
            levels: g.levels.iter().map(|v| pick(c.main, Some(v))).collect(),
        };
        let dims = c
            .dims
            .iter()
            .zip(&a.dims)
            .map(|(spec, d)| {
                let mut groups: Vec<Group> = d
                    .groups
                    .iter()
                    .enumerate()
                    .map(|(i, g)| group(d.keys.names.get(i).cloned().unwrap_or_default(), g))
                    .collect();
                match spec.kind {
                    // a scale: in its own order
                    DimKind::Enum => {
                        let order: Vec<String> = match &spec.ty {
                            Type::Enum(e) => p.enums.get(*e).map(|e| e.variants.clone()).unwrap_or_default(),
                            _ => Vec::new(),
                        };
                        groups.sort_by_key(|g| order.iter().position(|o| *o == g.label).unwrap_or(usize::MAX));
                    }
                    DimKind::Industry => groups.sort_by(|x, y| x.label.cmp(&y.label)),
                    DimKind::Text => groups
                        .sort_by(|x, y| (y.rows + y.rejected).cmp(&(x.rows + x.rejected)).then(x.label.cmp(&y.label))),
                }
                let folded = d.folded.names.len() as u64;
                if folded > 0 {
                    groups.push(group(format!("(其余 {folded} 个)"), &d.rest));
                }
                Dim { name: spec.name.clone(), groups, folded }
            })
            .collect();
        let levels = c.levels.as_ref().map(|(field, lnames, current, _)| Levels {
            field: field.clone(),
            names: lnames.clone(),
            current: *current,
            ok: (0..lnames.len()).map(|l| a.levels.get(l).map_or(0, |x| x.0)).collect(),
            counts: (0..lnames.len())
                .map(|l| (0..c.outputs.len()).map(|k| pick(k, a.levels.get(l).and_then(|x| x.1.get(k)))).collect())
                .collect(),
        });
        let mut articles = Vec::new();
        for (k, d) in c.outputs.iter().enumerate() {
            let Some(def) = p.decisions.get(*d) else { continue };
            for (x, n) in a.rules.get(k).into_iter().flatten().enumerate() {
                if *n == 0 {
                    continue;
                }
                let (rule, citation) = match x.checked_sub(1).and_then(|r| def.rules.get(r)) {
                    Some(r) => (r.label.clone().unwrap_or_else(|| "(无标签)".into()), r.citation()),
                    None => ("默认".to_string(), String::new()),
                };
                articles.push(Article { citation, decision: def.name.clone(), rule, rows: *n });
            }
        }
        articles
            .sort_by(|x, y| y.rows.cmp(&x.rows).then(x.citation.cmp(&y.citation)).then(x.decision.cmp(&y.decision)));
        let mut reasons: Vec<Reason> =
            a.reasons.into_iter().map(|((column, reason), rows)| Reason { column, reason, rows }).collect();
        if self.folded_reasons > 0 {
            reasons.push(Reason { column: String::new(), reason: "(其他原因)".into(), rows: self.folded_reasons });
        }
        reasons.sort_by(|x, y| y.rows.cmp(&x.rows).then(x.reason.cmp(&y.reason)).then(x.column.cmp(&y.column)));
        let rejects =
            Rejects { rows: rejected, entries: a.reject_entries, shown: a.rejects, limit: MAX_LISTED, reasons };
        let compare = match (a.other, c.other.as_ref()) {
            (Some(o), Some(side)) => Some(compare(c, side, o, &a.extra, read)),
            _ => None,
        };
        Report {
            meta,
            settings: c.settings.clone(),
            read,
            written,
            rejected,
            decisions: names,
            labels,
            counts,
            main: c.main,
            dims,
            levels,
            articles,
            rejects,
            compare,
        }
    }
}

fn compare(c: &Collector<'_>, side: &OtherSide<'_>, o: OtherAcc, extra_a: &[Labels], read: u64) -> Compare {
    let pb = side.eval.program;
    let outs_b = outputs_of(pb, side.eval.record);
    let label_a = |ci: usize, code: u32| -> String {
        let ka = side.common.get(ci).map_or(0, |x| x.0);
        match (c.coders.get(ka), extra_a.get(ka)) {
            (Some(cd), Some(e)) => cd.label(e, code).to_string(),
            _ => String::new(),
        }
    };
    let label_b = |ci: usize, code: u32| -> String {
        match (side.coders_b.get(ci), o.extra_b.get(ci)) {
            (Some(cd), Some(e)) => cd.label(e, code).to_string(),
            _ => String::new(),
        }
    };
    let mut transitions: Vec<Transition> =
        side.common.iter().map(|(_, _, name)| Transition { decision: name.clone(), pairs: Vec::new() }).collect();
    let mut by_text: Vec<HashMap<(String, String), u64>> = vec![HashMap::new(); side.common.len()];
    for ((ci, x, y), n) in &o.pairs {
        if let Some(m) = by_text.get_mut(*ci) {
            *m.entry((label_a(*ci, *x), label_b(*ci, *y))).or_default() += n;
        }
    }
    for (t, m) in transitions.iter_mut().zip(by_text) {
        t.pairs = m.into_iter().map(|((a, b), n)| (a, b, n)).collect();
        t.pairs.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| x.0.cmp(&y.0)).then_with(|| x.1.cmp(&y.1)));
    }
    let mut moves: Vec<Move> = o
        .moves
        .iter()
        .map(|((ci, x, y, ra, rb), n)| {
            let (ka, kb) = side.common.get(*ci).map_or((0, 0), |c| (c.0, c.1));
            Move {
                decision: side.common.get(*ci).map(|c| c.2.clone()).unwrap_or_default(),
                from: label_a(*ci, *x),
                to: label_b(*ci, *y),
                rows: *n,
                by_a: rule_text(c.p, c.outputs.get(ka), *ra),
                by_b: rule_text(pb, outs_b.get(kb), *rb),
            }
        })
        .collect();
    moves.sort_by(|x, y| {
        y.rows
            .cmp(&x.rows)
            .then_with(|| (&x.decision, &x.from, &x.to, &x.by_b).cmp(&(&y.decision, &y.from, &y.to, &y.by_b)))
    });
    Compare {
        label: side.label.clone(),
        policy: side.compare,
        unchanged: o.both.saturating_sub(o.changed),
        changed: o.changed,
        rejected: read.saturating_sub(o.both),
        transitions,
        moves,
        rows: o.rows,
        limit: MAX_LISTED,
        only_a: side.only_a.clone(),
        only_b: side.only_b.clone(),
    }
}

/// What the page says about the run itself.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub title: String,
    pub policy: String,
    pub data: String,
    pub record: String,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]
    use super::*;

    const SRC: &str = "
枚举 预警级别 { 无, 橙色 }
情景 { 预警级别: 预警级别 = 无 }
记录 企业 键 代码 { 代码: 文本; 区县: 文本; 行业代码: 文本 }
关于 企业
判定 限产: 布尔 默认 否 { 规则 r 依据 \"1\": 当 预警级别 == 橙色 且 行业代码 开头为 \"31\" 则 是 }
输出 企业 { 限产 }
";

    /// Record 0's outputs under `scenario`, every warning level, no other state.
    fn levels_spec<'a>(p: &'a Program, outputs: &'a [DecisionId], scenario: &'a [Value], native: bool) -> Spec<'a> {
        Spec { program: p, record: 0, outputs, params: &[], scenario, levels: true, other: None, native }
    }

    #[test]
    fn counties_beyond_the_cap_are_summed_in_one_group_and_levels_are_evaluated_again() {
        let mut c = jz_check::load_text("t.jz", SRC, std::path::Path::new("."));
        let p = c.program.take().unwrap();
        let outputs = p.outputs[0].clone();
        let scenario = vec![Value::Enum(0)];
        let col = Collector::new(levels_spec(&p, &outputs, &scenario, true), vec![]).unwrap();
        let mut acc = col.acc();
        let n = MAX_GROUPS + 500;
        for block in 0..3 {
            let mut b = Batch::new(&p, 0);
            for i in 0..n {
                let code = if i % 2 == 0 { "3110" } else { "1311" };
                let row = [
                    Value::Text(format!("k{i}").into()),
                    Value::Text(format!("县{i}").into()),
                    Value::Text(code.into()),
                ];
                b.push_row((block * n + i) as u64, &row);
            }
            let outcomes: Vec<Outcome> = (0..n).map(|_| Outcome { value: Value::Bool(false), rule: None }).collect();
            let ok = vec![true; n];
            acc.merge(&col, col.block(&BlockView::new(None, &b, &[], &outcomes, &ok, 1)));
        }
        let total = 3 * n as u64;
        let r = acc.finish(&col, Meta::default(), total, total, 0);
        let county = &r.dims[0];
        assert_eq!(county.groups.len(), MAX_GROUPS + 1);
        assert_eq!(county.folded, 500);
        assert_eq!(county.groups.iter().map(|g| g.rows).sum::<u64>(), total, "no row lost by folding");
        assert_eq!(county.groups.last().unwrap().rows, 3 * 500);
        let industry = &r.dims[1];
        let names: Vec<&str> = industry.groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(names, ["13 农副食品加工业", "31 黑色金属冶炼和压延加工业"]);
        // under 橙色 (evaluated again by the collector) the 31xx half is 限产
        let levels = r.levels.unwrap();
        assert_eq!(levels.names, ["无", "橙色"]);
        let yes = r.labels[0].iter().position(|l| l == "是").unwrap();
        assert_eq!(levels.counts[1][0][yes], total / 2);
        assert_eq!(levels.counts[0][0][yes], 0);
    }

    /// Another level is a lane of one engine of every level: an output that does not read the level has
    /// the run's value, one that does gets the level's, and a row the run rejected (a guarantee that holds
    /// only under the run's level) is evaluated there in full — the same counts as the interpreter
    /// evaluating everything. The block here comes without lanes (as the REPL's do): the collector runs
    /// the engine itself.
    #[test]
    fn another_level_is_a_lane_and_counts_the_rows_the_run_rejected() {
        let src = "
枚举 预警级别 { 无, 橙色 }
情景 { 预警级别: 预警级别 = 无 }
记录 企业 键 代码 { 代码: 文本; 数: 整数 }
关于 企业
判定 大: 布尔 默认 否 { 规则 r 依据 \"1\": 当 数 > 5 则 是 }
判定 限产: 布尔 默认 否 { 规则 s 依据 \"2\": 当 预警级别 == 橙色 且 大 则 是 }
保障 g 依据 \"3\": 当 预警级别 == 无 则 数 < 8
输出 企业 { 大, 限产 }
";
        let mut c = jz_check::load_text("t.jz", src, std::path::Path::new("."));
        let p = c.program.take().unwrap();
        let outputs = p.outputs[0].clone();
        let scenario = vec![Value::Enum(0)];
        let n = 10usize;
        let mut b = Batch::new(&p, 0);
        for i in 0..n {
            b.push_row(i as u64 + 1, &[Value::Text(format!("k{i}").into()), Value::Int(i as i64)]);
        }
        // the run under 无: rows with 数 ≥ 8 violate g
        let it = Interp { program: &p, params: Vec::new() };
        let used = p.fields_read(0);
        let (mut outcomes, mut ok) = (Vec::new(), Vec::new());
        for i in 0..n {
            let mut frame = Frame::new(&p, Vec::new(), scenario.clone());
            b.fill_row(i, &used, &mut frame.fields);
            frame.reset();
            match it.outputs(&mut frame, 0) {
                Ok(o) => {
                    outcomes.extend(o);
                    ok.push(true);
                }
                Err(_) => {
                    outcomes.extend((0..2).map(|_| Outcome { value: Value::Absent, rule: None }));
                    ok.push(false);
                }
            }
        }
        assert_eq!(ok.iter().filter(|x| !**x).count(), 2);
        let levels = |native: bool| {
            let col = Collector::new(levels_spec(&p, &outputs, &scenario, native), vec![]).unwrap();
            assert_eq!(col.engine().map(jz_jit::Engine::lanes), native.then_some(2));
            if native {
                let Some((_, _, _, evals)) = &col.levels else { panic!("levels") };
                match evals.get(1) {
                    Some(Some(LevelEval::Lane(1))) => {}
                    _ => panic!("橙色 is the engine's second lane"),
                }
            }
            let mut acc = col.acc();
            acc.merge(&col, col.block(&BlockView::new(None, &b, &[], &outcomes, &ok, 2)));
            let r = acc.finish(&col, Meta::default(), n as u64, 8, 2);
            let yes = r.labels[0].iter().position(|l| l == "是").unwrap();
            (r.levels.unwrap(), yes)
        };
        let (part, yes) = levels(true);
        // under 橙色 every row is evaluated (none violates g there): 大 and 限产 for 数 6..9
        assert_eq!(part.ok[1], n as u64);
        assert_eq!(part.counts[1][0][yes], 4);
        assert_eq!(part.counts[1][1][yes], 4);
        // under 无, the run: 8 rows, 大 for 数 6 and 7, no 限产
        assert_eq!(part.ok[0], 8);
        assert_eq!(part.counts[0][0][yes], 2);
        let (whole, _) = levels(false);
        assert_eq!(part.counts, whole.counts);
        assert_eq!(part.ok, whole.ok);
    }
}
