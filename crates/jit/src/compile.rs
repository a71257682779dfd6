//! Lowering the typed IR to one Cranelift function — the batch kernel — and JIT-compiling it.
//!
//! An engine is compiled for one scenario and one set of parameter values: subexpressions that read only
//! those are evaluated by the interpreter at compile time and become constants, so Cranelift folds the
//! scenario's logic away (compiling takes milliseconds; a what-if compiles a new engine).
//!
//! The kernel is one loop over the rows per requested decision, in dependency order (a decision an earlier
//! loop computed is read back from its output column), then one loop for the guarantees; the first loop
//! writes each row's status, later ones add their slow rows to it.
//!
//! Kernel signature (the host's C calling convention):
//! `kernel(cols: *const *const u8, outs: *const *mut u8, env: *const u8, n: i64)`.
//! `cols[i]` is the base of input column `i` (see [`Input`]); `outs[2d]`/`outs[2d+1]` receive decision `d`'s
//! value (width by type, see [`width`]) and deciding rule (`i16`, −1 for the default) per row, `outs[2D]`
//! the row status (`u8`, 1 = evaluate this row with the interpreter); `env` is passed through to
//! interpreter callbacks.

use crate::plan::{dec_literal, encode, Callback, Fallback, Formula, Input, Plan, TextTests};
use crate::runtime;
use crate::MAX_SCALE;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, AbiParam, Block, FuncRef, InstBuilder, MemFlagsData, UserFuncName, Value};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Linkage, Module};
use jz_check::ir::*;
use jz_check::{Type, Value as V};
use jz_eval::{Frame, Interp};
use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, Instant};

/// The kernel's native signature.
pub(crate) type KernelFn = unsafe extern "C" fn(*const *const u8, *const *mut u8, *const u8, i64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JitError {
    /// The host CPU is not one Cranelift can generate code for.
    UnsupportedHost(String),
    /// Cranelift rejected the generated code (a bug in this crate).
    Codegen(String),
    /// The record type does not exist.
    NoRecord,
    /// A decision has more rules than the kernel numbers (32,767).
    TooManyRules(String),
}

impl fmt::Display for JitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JitError::UnsupportedHost(m) => write!(f, "native code generation is not supported on this machine: {m}"),
            JitError::Codegen(m) => write!(f, "native code generation failed: {m}"),
            JitError::NoRecord => write!(f, "no such record type"),
            JitError::TooManyRules(d) => write!(f, "decision `{d}` has more rules than the native engine numbers"),
        }
    }
}

impl std::error::Error for JitError {}

/// A compiled kernel for one record type's decisions (and, optionally, its guarantees).
pub struct Engine {
    /// Distinguishes engines (caches in a reused `BatchOutcome` belong to one engine).
    pub(crate) id: u64,
    /// Owns the executable memory the kernel lives in; freed on drop.
    module: Option<JITModule>,
    pub(crate) kernel: KernelFn,
    pub(crate) record: RecordId,
    pub(crate) decisions: Vec<DecisionId>,
    pub(crate) types: Vec<Type>,
    pub(crate) scales: Vec<u32>,
    /// The guarantees checked after the decisions, in order (indexes into `Program::guarantees`).
    pub(crate) guarantees: Vec<usize>,
    /// Every row goes to the interpreter (a requested decision is text-valued).
    pub(crate) all_slow: bool,
    pub(crate) inputs: Vec<Input>,
    pub(crate) text: Vec<TextTests>,
    /// The parameter values and the scenario of each lane the engine was compiled for (the interpreter uses
    /// them for slow rows and callbacks).
    pub(crate) params: Vec<V>,
    pub(crate) scenarios: Vec<Vec<V>>,
    pub(crate) callbacks: Vec<Callback>,
    pub(crate) fallbacks: Vec<Fallback>,
    /// Fields of the record the interpreter needs when it evaluates a row or a callback.
    pub(crate) used: Vec<bool>,
    compile_time: Duration,
    code_size: usize,
}

// SAFETY: after `finalize_definitions` the module's code and data are immutable; the engine only ever
// calls the finalised kernel through `&self`, which is safe from any thread (the kernel writes only to the
// caller's buffers). The raw pointers inside `JITModule` are never dereferenced by this crate otherwise.
unsafe impl Send for Engine {}
// SAFETY: as above: shared references only call immutable, re-entrant native code.
unsafe impl Sync for Engine {}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Some(m) = self.module.take() {
            // SAFETY: the kernel pointer is owned by this engine and is not reachable once the engine is
            // dropped (`kernel` is a private field and never handed out), so no code in this module runs again.
            unsafe { m.free_memory() };
        }
    }
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field("record", &self.record)
            .field("decisions", &self.decisions)
            .field("fallbacks", &self.fallbacks)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// What the kernel does not compute natively (calls back into the interpreter for).
    pub fn fallbacks(&self) -> &[Fallback] {
        &self.fallbacks
    }
    pub fn compile_time(&self) -> Duration {
        self.compile_time
    }
    /// Bytes of native code.
    pub fn code_size(&self) -> usize {
        self.code_size
    }
    pub fn decisions(&self) -> &[DecisionId] {
        &self.decisions
    }
    pub fn record(&self) -> RecordId {
        self.record
    }
    /// This engine's number (unique in the process), as its outcomes record it ([`crate::BatchOutcome::engine`]).
    pub fn id(&self) -> u64 {
        self.id
    }
    /// The scenarios the kernel evaluates every row under, one lane each ([`compile_lanes`]).
    pub fn lanes(&self) -> usize {
        self.scenarios.len()
    }
}

/// Compile the kernel for `decisions` of `record` (with all the record's guarantees checked after them when
/// `guarantees`, as `Interp::outputs` does) under these parameter values and this scenario.
pub fn compile(
    p: &Program,
    record: RecordId,
    decisions: &[DecisionId],
    guarantees: bool,
    params: &[V],
    scenario: &[V],
) -> Result<Engine, JitError> {
    let all: Vec<usize> = if guarantees {
        p.guarantees.iter().enumerate().filter(|(_, g)| g.record == record).map(|(i, _)| i).collect()
    } else {
        Vec::new()
    };
    compile_with(p, record, decisions, &all, params, scenario)
}

/// [`compile`] checking exactly `guarantees` (indexes into `Program::guarantees`, about `record`), in order.
pub fn compile_with(
    p: &Program,
    record: RecordId,
    decisions: &[DecisionId],
    guarantees: &[usize],
    params: &[V],
    scenario: &[V],
) -> Result<Engine, JitError> {
    compile_lanes(p, record, decisions, guarantees, params, &[scenario.to_vec()])
}

/// [`compile_with`] for several scenarios at once: one kernel evaluates every row under each of them (its
/// lanes; `Engine::evaluate_lanes` gives one outcome per lane). What does not read a scenario value the
/// lanes differ in — fields, definitions, decisions, text tests — is computed once per row and shared by
/// every lane: `jz report` evaluates the warning levels side by side this way.
pub fn compile_lanes(
    p: &Program,
    record: RecordId,
    decisions: &[DecisionId],
    guarantees: &[usize],
    params: &[V],
    scenarios: &[Vec<V>],
) -> Result<Engine, JitError> {
    let started = Instant::now();
    let Some(rec) = p.records.get(record) else { return Err(JitError::NoRecord) };
    if let Some(d) = p.decisions.iter().find(|d| d.rules.len() >= i16::MAX as usize) {
        return Err(JitError::TooManyRules(d.name.clone()));
    }
    if scenarios.is_empty() {
        return Err(JitError::Codegen("an engine needs at least one scenario".into()));
    }
    let mut it = Interp::new(p);
    it.params = params.to_vec();
    let frames: Vec<Frame> =
        scenarios.iter().map(|s| Frame::new(p, vec![V::Absent; rec.fields.len()], s.clone())).collect();
    // the scenario values some lane has otherwise than the first
    let varying: Vec<ScenId> = (0..p.scenario.len())
        .filter(|i| scenarios.iter().any(|s| s.get(*i) != scenarios.first().and_then(|f| f.get(*i))))
        .collect();
    let mut flags = settings::builder();
    let set = |fl: &mut settings::Builder, k: &str, v: &str| fl.set(k, v).map_err(|e| JitError::Codegen(e.to_string()));
    set(&mut flags, "opt_level", "speed")?;
    set(&mut flags, "use_colocated_libcalls", "false")?;
    set(&mut flags, "is_pic", "false")?;
    set(&mut flags, "enable_verifier", if cfg!(debug_assertions) { "true" } else { "false" })?;
    let isa = cranelift_native::builder()
        .map_err(|e| JitError::UnsupportedHost(e.to_string()))?
        .finish(settings::Flags::new(flags))
        .map_err(|e| JitError::Codegen(e.to_string()))?;
    let mut jb = JITBuilder::with_isa(isa, default_libcall_names());
    jb.symbol("jz_month_day", runtime::jz_month_day as *const u8);
    jb.symbol("jz_dec_div", runtime::jz_dec_div as *const u8);
    jb.symbol("jz_callback", runtime::jz_callback as *const u8);
    let mut module = JITModule::new(jb);
    let frontend = module.target_config();
    let ptr = frontend.pointer_type();

    let helper = |m: &mut JITModule, name: &str, params: usize| {
        let mut sig = m.make_signature();
        for _ in 0..params {
            sig.params.push(AbiParam::new(types::I64));
        }
        sig.returns.push(AbiParam::new(types::I64));
        m.declare_function(name, Linkage::Import, &sig).map_err(|e| JitError::Codegen(e.to_string()))
    };
    let month_day = helper(&mut module, "jz_month_day", 1)?;
    let dec_div = helper(&mut module, "jz_dec_div", 3)?;
    let callback = helper(&mut module, "jz_callback", 3)?;

    let mut sig = module.make_signature();
    for _ in 0..3 {
        sig.params.push(AbiParam::new(ptr));
    }
    sig.params.push(AbiParam::new(types::I64));
    let kernel_id =
        module.declare_function("jz_kernel", Linkage::Local, &sig).map_err(|e| JitError::Codegen(e.to_string()))?;
    let mut ctx = module.make_context();
    ctx.func.signature = sig;
    ctx.func.name = UserFuncName::user(0, kernel_id.as_u32());

    let mut plan = Plan::new(p, record);
    plan.set_varying(&varying);
    let nlanes = scenarios.len();
    let mut wanted = Vec::new();
    let mut all_slow = false;
    for &d in decisions {
        let Some(dec) = p.decisions.get(d).filter(|x| x.record == record) else { continue };
        if dec.ty == Type::Text {
            all_slow = true;
            plan.fallbacks.push(Fallback {
                span: dec.span,
                reason: format!("text-valued decision `{}`: every row is evaluated by the interpreter", dec.name),
            });
        }
        wanted.push(d);
    }
    let mut fctx = FunctionBuilderContext::new();
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        let exit = b.create_block();
        let params = b.block_params(entry).to_vec();
        let (cols, outs, env, n) = match params.as_slice() {
            [c, o, e, n] => (*c, *o, *e, *n),
            _ => return Err(JitError::Codegen("kernel signature".into())),
        };
        // One loop over the rows per requested decision, in dependency order, then one for the guarantees.
        // Each loop keeps only its own decision's values live (a single loop computing everything spilled
        // most of them); a decision computed by an earlier loop is read back from its output column.
        let groups = loop_order(p, &wanted);
        let checks: Vec<&GuaranteeDef> =
            guarantees.iter().filter_map(|g| p.guarantees.get(*g)).filter(|g| g.record == record).collect();
        let nloops = (groups.len() + usize::from(!checks.is_empty())).max(1);
        // (preheader, body, row): loop-invariant loads (column bases) are hoisted to the idom of a loop's
        // header, which must be a block outside the previous loop, not that loop's body
        let loops: Vec<(Block, Block, Value)> = (0..nloops)
            .map(|_| {
                let pre = b.create_block();
                let blk = b.create_block();
                let row = b.append_block_param(blk, types::I64);
                (pre, blk, row)
            })
            .collect();
        let Some(&(_, first, first_row)) = loops.first() else {
            return Err(JitError::Codegen("kernel without a loop".into()));
        };
        b.switch_to_block(entry);
        let nonempty = b.ins().icmp_imm_s(IntCC::SignedGreaterThan, n, 0);
        let zero = b.ins().iconst(types::I64, 0);
        b.ins().brif(nonempty, first, &[zero.into()], exit, &[]);

        b.switch_to_block(first);
        let refs = Refs {
            month_day: module.declare_func_in_func(month_day, b.func),
            dec_div: module.declare_func_in_func(dec_div, b.func),
            callback: module.declare_func_in_func(callback, b.func),
        };
        let mut lx = Lx {
            b,
            plan: &mut plan,
            refs,
            row: first_row,
            cols,
            outs,
            env,
            it: &it,
            frames,
            lane: 0,
            stride: 2 * wanted.len() + 1,
            consts: HashMap::new(),
            bases: HashMap::new(),
            masks: HashMap::new(),
            formulas: HashMap::new(),
            fields: HashMap::new(),
            defines: HashMap::new(),
            decided: HashMap::new(),
            stored: HashMap::new(),
            callbacks: HashMap::new(),
        };
        let flags = MemFlagsData::trusted();
        // output column bases do not change across rows: let Cranelift hoist their loads
        let hoist = MemFlagsData::trusted().with_readonly().with_can_move();
        for (i, &(pre, block, row)) in loops.iter().enumerate() {
            if i > 0 {
                lx.b.switch_to_block(pre);
                lx.b.ins().jump(block, &[zero.into()]);
                lx.b.switch_to_block(block);
                lx.start_loop(row);
            }
            // every lane's value of this loop's decision (or its guarantees), and its slow bit
            let stride = lx.stride;
            let mut slows: Vec<Option<Value>> = vec![None; nlanes];
            for (lane, slot_slow) in slows.iter_mut().enumerate() {
                lx.lane = lane;
                let mut slow: Option<Value> = None;
                if let Some((d, slots)) = groups.get(i) {
                    let ty = p.decisions.get(*d).map_or(Type::Bool, |x| x.ty.clone());
                    let r = lx.decision(*d);
                    slow = lx.or(slow, r.slow);
                    for &k in slots {
                        let at = 8 * (lane * stride + 2 * k);
                        let vptr = lx.b.ins().load(ptr, hoist, outs, at as i32);
                        let rptr = lx.b.ins().load(ptr, hoist, outs, (at + 8) as i32);
                        let (v, shift) = match width(&ty) {
                            2 if ty == Type::Bool => (lx.b.ins().uextend(types::I16, r.v), 1),
                            2 => (lx.b.ins().ireduce(types::I16, r.v), 1),
                            4 => (lx.b.ins().ireduce(types::I32, r.v), 2),
                            _ => (r.v, 3),
                        };
                        let off = lx.b.ins().ishl_imm_s(row, shift);
                        let a = lx.b.ins().iadd(vptr, off);
                        lx.b.ins().store(flags, v, a, 0);
                        let off = lx.b.ins().ishl_imm_s(row, 1);
                        let a = lx.b.ins().iadd(rptr, off);
                        lx.b.ins().store(flags, r.rule, a, 0);
                    }
                } else {
                    for g in &checks {
                        let (c, cs) = match &g.cond {
                            Some(c) => {
                                let l = lx.lower(c);
                                (l.v, l.slow)
                            }
                            None => (lx.b.ins().iconst(types::I8, 1), None),
                        };
                        let a = lx.lower(&g.assertion);
                        let violated = lx.b.ins().band_not(c, a.v);
                        let masked = lx.and(c, a.slow);
                        slow = lx.or(slow, cs);
                        slow = lx.or(slow, masked);
                        slow = lx.or(slow, Some(violated));
                    }
                }
                *slot_slow = slow;
            }
            lx.lane = 0;
            if let Some((d, slots)) = groups.get(i) {
                let ty = p.decisions.get(*d).map_or(Type::Bool, |x| x.ty.clone());
                if let Some(&k) = slots.first() {
                    lx.stored.insert(*d, (k, ty));
                }
            }
            for (lane, slow) in slows.into_iter().enumerate() {
                let at = 8 * (lane * stride + 2 * wanted.len());
                let sptr = lx.b.ins().load(ptr, hoist, outs, at as i32);
                let a = lx.b.ins().iadd(sptr, row);
                if i == 0 {
                    // the first loop writes every row's status; later ones add their slow rows to it
                    let st = match slow {
                        _ if all_slow => lx.b.ins().iconst(types::I8, 1),
                        Some(s) => s,
                        None => lx.b.ins().iconst(types::I8, 0),
                    };
                    lx.b.ins().store(flags, st, a, 0);
                } else if let Some(s) = slow {
                    let old = lx.b.ins().load(types::I8, flags, a, 0);
                    let st = lx.b.ins().bor(old, s);
                    lx.b.ins().store(flags, st, a, 0);
                }
            }
            let next = lx.b.ins().iadd_imm_s(row, 1);
            let more = lx.b.ins().icmp(IntCC::SignedLessThan, next, n);
            match loops.get(i + 1) {
                Some(&(then, _, _)) => lx.b.ins().brif(more, block, &[next.into()], then, &[]),
                None => lx.b.ins().brif(more, block, &[next.into()], exit, &[]),
            };
        }
        let mut b = lx.b;
        b.switch_to_block(exit);
        b.ins().return_(&[]);
        b.seal_all_blocks();
        b.finalize(frontend);
    }
    // `JZ_JIT_DISASM=FILE` writes the kernel's Cranelift IR and machine code (a developer aid)
    let disasm = std::env::var_os("JZ_JIT_DISASM");
    if disasm.is_some() {
        ctx.set_disasm(true);
    }
    let clif = disasm.as_ref().map(|_| ctx.func.display().to_string());
    module.define_function(kernel_id, &mut ctx).map_err(|e| JitError::Codegen(format!("{e:?}")))?;
    let code_size = ctx.compiled_code().map_or(0, |c| c.code_info().total_size as usize);
    if let (Some(path), Some(clif)) = (disasm, clif) {
        let vcode = ctx.compiled_code().and_then(|c| c.vcode.clone()).unwrap_or_default();
        let _ = std::fs::write(path, format!("{clif}\n\n{vcode}"));
    }
    module.clear_context(&mut ctx);
    module.finalize_definitions().map_err(|e| JitError::Codegen(e.to_string()))?;
    let code = module.get_finalized_function(kernel_id);
    // SAFETY: `code` is the finalised entry of the function defined above with exactly the signature
    // `KernelFn` (four pointers and an i64, no returns, the host's default C calling convention, which is
    // what `make_signature` uses). The module that owns the code lives as long as the engine.
    let kernel = unsafe { std::mem::transmute::<*const u8, KernelFn>(code) };
    let used = p.fields_read(record);
    let types_ = wanted.iter().map(|d| p.decisions.get(*d).map(|x| x.ty.clone()).unwrap_or(Type::Bool)).collect();
    let scales = wanted.iter().map(|d| plan.decision_scale(*d)).collect();
    static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    Ok(Engine {
        id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        module: Some(module),
        kernel,
        record,
        decisions: wanted,
        types: types_,
        scales,
        guarantees: guarantees.to_vec(),
        all_slow,
        inputs: plan.inputs,
        text: plan.text,
        params: params.to_vec(),
        scenarios: scenarios.to_vec(),
        callbacks: plan.callbacks,
        fallbacks: plan.fallbacks,
        used,
        compile_time: started.elapsed(),
        code_size,
    })
}

/// The requested decisions that get a loop each, in an order where every decision comes after the requested
/// decisions it reads (through definitions and decisions that are not requested), each with the output
/// slots it fills (a decision requested twice fills both). Text-valued decisions get none: their engine
/// sends every row to the interpreter.
fn loop_order(p: &Program, wanted: &[DecisionId]) -> Vec<(DecisionId, Vec<usize>)> {
    let mut slots: HashMap<DecisionId, Vec<usize>> = HashMap::new();
    for (k, d) in wanted.iter().enumerate() {
        if p.decisions.get(*d).is_some_and(|x| x.ty != Type::Text) {
            slots.entry(*d).or_default().push(k);
        }
    }
    // 0: unvisited, 1: on the path (a cycle the checker rejects; ignored here), 2: placed
    let mut state: HashMap<DecisionId, u8> = HashMap::new();
    let mut order = Vec::new();
    fn visit<'p>(
        p: &'p Program,
        d: DecisionId,
        slots: &HashMap<DecisionId, Vec<usize>>,
        state: &mut HashMap<DecisionId, u8>,
        order: &mut Vec<(DecisionId, Vec<usize>)>,
    ) {
        if state.get(&d).copied().unwrap_or(0) != 0 {
            return;
        }
        state.insert(d, 1);
        let mut reads = Vec::new();
        let mut seen_defines = std::collections::HashSet::new();
        let mut seen_decisions = std::collections::HashSet::from([d]);
        let mut stack: Vec<&'p Expr> = Vec::new();
        let push_decision = |x: DecisionId, stack: &mut Vec<&'p Expr>| {
            if let Some(dec) = p.decisions.get(x) {
                stack.push(&dec.default);
                for r in &dec.rules {
                    stack.extend(r.cond.iter());
                    stack.push(&r.value);
                }
            }
        };
        push_decision(d, &mut stack);
        while let Some(e) = stack.pop() {
            e.walk(&mut |x: &'p Expr| match &x.kind {
                ExprKind::Define(i) if seen_defines.insert(*i) => {
                    if let Some(def) = p.defines.get(*i) {
                        stack.push(&def.expr);
                    }
                }
                ExprKind::Decision(x) if seen_decisions.insert(*x) => {
                    if slots.contains_key(x) {
                        reads.push(*x);
                    } else {
                        push_decision(*x, &mut stack);
                    }
                }
                _ => {}
            });
        }
        for x in reads {
            visit(p, x, slots, state, order);
        }
        state.insert(d, 2);
        if let Some(s) = slots.get(&d) {
            order.push((d, s.clone()));
        }
    }
    for d in wanted {
        if slots.contains_key(d) {
            visit(p, *d, &slots, &mut state, &mut order);
        }
    }
    order
}

/// Bytes per row of a decision's values in the kernel's output: booleans and enums as `u16`, dates as
/// `i32`, everything else as `i64`.
pub(crate) fn width(ty: &Type) -> usize {
    match ty {
        Type::Bool | Type::Enum(_) => 2,
        Type::Date => 4,
        _ => 8,
    }
}

struct Refs {
    month_day: FuncRef,
    dec_div: FuncRef,
    callback: FuncRef,
}

/// A lowered value: the value (`i8` for booleans, `i64` otherwise; decimals scaled) and its slow bit
/// (`None`: never slow).
#[derive(Clone, Copy)]
struct Lv {
    v: Value,
    slow: Option<Value>,
}

/// A lowered decision or rule tree.
#[derive(Clone, Copy)]
struct Dv {
    v: Value,
    /// Deciding rule as `i16`; −1 for the default.
    rule: Value,
    slow: Option<Value>,
}

/// A text formula and the field it tests (`None`: a constant).
type FieldFormula = (Option<FieldId>, Formula);

struct Lx<'a, 'p> {
    b: FunctionBuilder<'a>,
    plan: &'a mut Plan<'p>,
    refs: Refs,
    /// This loop's row index.
    row: Value,
    cols: Value,
    outs: Value,
    env: Value,
    /// The interpreter and a frame with each lane's scenario, for compile-time evaluation of invariants.
    it: &'a Interp<'p>,
    frames: Vec<Frame>,
    /// The lane being lowered. Caches of what reads a scenario value the lanes differ in are per lane;
    /// everything else is cached under lane 0 and shared.
    lane: usize,
    /// Output pointers per lane: two per requested decision, then the status.
    stride: usize,
    consts: HashMap<(usize, usize), Option<i64>>,
    bases: HashMap<usize, Value>,
    /// This row's text-test bitmask per input.
    masks: HashMap<usize, Value>,
    formulas: HashMap<(usize, usize), Option<FieldFormula>>,
    fields: HashMap<FieldId, Lv>,
    defines: HashMap<(usize, DefineId), Lv>,
    decided: HashMap<(usize, DecisionId), Dv>,
    /// Requested decisions an earlier loop computed: output slot and type.
    stored: HashMap<DecisionId, (usize, Type)>,
    callbacks: HashMap<(usize, usize), usize>,
}

const POW10: [i64; 19] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
];

impl Lx<'_, '_> {
    /// Start lowering the next loop: values of the previous loop's body are out of reach.
    fn start_loop(&mut self, row: Value) {
        self.row = row;
        self.bases.clear();
        self.masks.clear();
        self.fields.clear();
        self.defines.clear();
        self.decided.clear();
    }

    /// The lane whose cache holds `e`'s lowering: the current one when `e` reads a scenario value the lanes
    /// differ in, else lane 0 (shared).
    fn lane_of(&mut self, e: &Expr) -> usize {
        if self.lane > 0 && self.plan.varies(e) {
            self.lane
        } else {
            0
        }
    }

    /// Evaluate a row-invariant expression now, under the current lane's scenario.
    fn eval_now(&mut self, e: &Expr) -> Option<V> {
        let lane = self.lane;
        self.frames.get_mut(lane).and_then(|f| self.it.eval(f, e).ok())
    }

    /// A requested decision computed by an earlier loop (in `lane`'s columns), read back from its output
    /// column. Its slow bit is already in the row's status, and a row slow there goes to the interpreter
    /// whole (which evaluates every requested decision), so readers need not carry it.
    fn stored_decision(&mut self, k: usize, ty: &Type, lane: usize) -> Dv {
        let ptr = self.b.func.dfg.value_type(self.outs);
        let hoist = MemFlagsData::trusted().with_readonly().with_can_move();
        let base = self.b.ins().load(ptr, hoist, self.outs, (8 * (lane * self.stride + 2 * k)) as i32);
        let flags = MemFlagsData::trusted();
        let shift = match width(ty) {
            2 => 1,
            4 => 2,
            _ => 3,
        };
        let off = self.b.ins().ishl_imm_s(self.row, shift);
        let a = self.b.ins().iadd(base, off);
        let v = match ty {
            Type::Bool => {
                let x = self.b.ins().load(types::I16, flags, a, 0);
                self.b.ins().ireduce(types::I8, x)
            }
            Type::Enum(_) => self.b.ins().uload16(types::I64, flags, a, 0),
            Type::Date => self.b.ins().sload32(flags, a, 0),
            _ => self.b.ins().load(types::I64, flags, a, 0),
        };
        // readers use only the value; the deciding rule was stored by the decision's own loop
        let rule = self.b.ins().iconst(types::I16, -1);
        Dv { v, rule, slow: None }
    }

    fn or(&mut self, a: Option<Value>, b: Option<Value>) -> Option<Value> {
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(x), Some(y)) => Some(self.b.ins().bor(x, y)),
        }
    }
    /// `cond && slow`: a slow bit that only counts where `cond` holds.
    fn and(&mut self, cond: Value, s: Option<Value>) -> Option<Value> {
        s.map(|s| self.b.ins().band(cond, s))
    }
    fn not(&mut self, v: Value) -> Value {
        self.b.ins().bxor_imm_s(v, 1)
    }
    /// `x && !y` for booleans (one `andn`; `x`'s upper bits are zero, so `!y`'s do not matter).
    fn and_not(&mut self, x: Value, y: Value) -> Value {
        match self.const_of(y) {
            Some(0) => x,
            Some(_) => self.b.ins().iconst(types::I8, 0),
            None => self.b.ins().band_not(x, y),
        }
    }
    /// `!y && slow`: a slow bit that only counts where `y` does not hold.
    fn unless(&mut self, y: Value, s: Option<Value>) -> Option<Value> {
        s.map(|s| self.and_not(s, y))
    }
    /// The value of an `iconst`.
    fn const_of(&self, v: Value) -> Option<i64> {
        use cranelift_codegen::ir::{InstructionData, Opcode, ValueDef};
        match self.b.func.dfg.value_def(v) {
            ValueDef::Result(inst, 0) => match self.b.func.dfg.insts[inst] {
                InstructionData::UnaryImm { opcode: Opcode::Iconst, imm } => Some(imm.bits()),
                _ => None,
            },
            _ => None,
        }
    }
    fn select_slow(&mut self, c: Value, a: Option<Value>, b: Option<Value>) -> Option<Value> {
        match (a, b) {
            (None, None) => None,
            _ => {
                let zero = self.b.ins().iconst(types::I8, 0);
                let (x, y) = (a.unwrap_or(zero), b.unwrap_or(zero));
                Some(self.b.ins().select(c, x, y))
            }
        }
    }
    fn konst(&mut self, ty: &Type, v: i64) -> Value {
        if *ty == Type::Bool {
            self.b.ins().iconst(types::I8, v & 1)
        } else {
            self.b.ins().iconst(types::I64, v)
        }
    }
    fn always_slow(&mut self, ty: &Type) -> Lv {
        let v = self.konst(ty, 0);
        let s = self.b.ins().iconst(types::I8, 1);
        Lv { v, slow: Some(s) }
    }

    fn base(&mut self, input: Input) -> Value {
        let i = self.plan.input(input);
        self.base_at(i)
    }
    fn base_at(&mut self, i: usize) -> Value {
        if let Some(v) = self.bases.get(&i) {
            return *v;
        }
        let ptr = self.b.func.dfg.value_type(self.cols);
        let v =
            self.b.ins().load(ptr, MemFlagsData::trusted().with_readonly().with_can_move(), self.cols, (8 * i) as i32);
        self.bases.insert(i, v);
        v
    }
    /// Load this row's byte from a one-byte-per-row input (as `i8` 0/1).
    fn byte(&mut self, input: Input) -> Value {
        let base = self.base(input);
        let a = self.b.ins().iadd(base, self.row);
        self.b.ins().load(types::I8, MemFlagsData::trusted().with_readonly(), a, 0)
    }

    /// A row-invariant expression: evaluated now by the interpreter under the engine's scenario and
    /// parameters, and emitted as a constant (always slow when it errors or has no kernel representation:
    /// rows that reach it go to the interpreter, which reports the error).
    fn invariant(&mut self, e: &Expr) -> Lv {
        let key = (self.lane_of(e), e as *const Expr as usize);
        let c = match self.consts.get(&key) {
            Some(c) => *c,
            None => {
                let scale = self.plan.scale(e);
                let c = self.eval_now(e).and_then(|v| encode(&v, scale));
                self.consts.insert(key, c);
                c
            }
        };
        match c {
            Some(v) => {
                let v = self.konst(&e.ty, v);
                Lv { v, slow: None }
            }
            None => self.always_slow(&e.ty),
        }
    }

    fn callback(&mut self, e: &Expr, reason: &str) -> Lv {
        let key = (self.lane_of(e), e as *const Expr as usize);
        let idx = match self.callbacks.get(&key) {
            Some(i) => *i,
            None => {
                let i = self.plan.callback(e, reason, key.0);
                self.callbacks.insert(key, i);
                i
            }
        };
        let k = self.b.ins().iconst(types::I64, idx as i64);
        let call = self.b.ins().call(self.refs.callback, &[self.env, self.row, k]);
        let Some(&r) = self.b.inst_results(call).first() else { return self.always_slow(&e.ty) };
        let slow = self.b.ins().icmp_imm_s(IntCC::Equal, r, i64::MIN);
        let v = if e.ty == Type::Bool { self.b.ins().ireduce(types::I8, r) } else { r };
        Lv { v, slow: Some(slow) }
    }

    fn field(&mut self, f: FieldId, ty: &Type) -> Lv {
        if let Some(l) = self.fields.get(&f) {
            return *l;
        }
        let Some(def) = self.plan.field(f) else { return self.always_slow(ty) };
        let optional = def.optional;
        let base = self.base(Input::Field(f));
        let flags = MemFlagsData::trusted().with_readonly();
        let v = match ty {
            Type::Bool => {
                let a = self.b.ins().iadd(base, self.row);
                self.b.ins().load(types::I8, flags, a, 0)
            }
            Type::Enum(_) => {
                let off = self.b.ins().ishl_imm_s(self.row, 1);
                let a = self.b.ins().iadd(base, off);
                self.b.ins().uload16(types::I64, flags, a, 0)
            }
            Type::Date => {
                let off = self.b.ins().ishl_imm_s(self.row, 2);
                let a = self.b.ins().iadd(base, off);
                self.b.ins().sload32(flags, a, 0)
            }
            _ => {
                let off = self.b.ins().ishl_imm_s(self.row, 3);
                let a = self.b.ins().iadd(base, off);
                self.b.ins().load(types::I64, flags, a, 0)
            }
        };
        // an absent optional field, or a decimal the kernel cannot hold (`i64::MIN`), is the interpreter's
        let unreadable = matches!(ty, Type::Dec(_)).then(|| self.b.ins().icmp_imm_s(IntCC::Equal, v, i64::MIN));
        let absent = if optional {
            let present = self.byte(Input::Present(f));
            Some(self.not(present))
        } else {
            None
        };
        let slow = self.or(unreadable, absent);
        let l = Lv { v, slow };
        self.fields.insert(f, l);
        l
    }

    /// Bring a decimal to a larger scale (multiplying by a power of ten, overflow is slow).
    fn rescale(&mut self, l: Lv, from: u32, to: u32) -> Lv {
        if to <= from {
            return l;
        }
        let Some(&m) = POW10.get((to - from) as usize) else {
            let s = self.b.ins().icmp_imm_s(IntCC::NotEqual, l.v, 0);
            let slow = self.or(l.slow, Some(s));
            return Lv { v: l.v, slow };
        };
        let k = self.b.ins().iconst(types::I64, m);
        let (v, of) = self.b.ins().smul_overflow(l.v, k);
        let slow = self.or(l.slow, Some(of));
        Lv { v, slow }
    }

    /// Lower `e` and bring it to scale `to` when it is a decimal.
    fn lower_at(&mut self, e: &Expr, to: u32) -> Lv {
        let l = self.lower(e);
        if matches!(e.ty, Type::Dec(_)) {
            let from = self.plan.scale(e);
            self.rescale(l, from, to)
        } else {
            l
        }
    }

    fn lower(&mut self, e: &Expr) -> Lv {
        use ExprKind as K;
        if let K::Lit(v) = &e.kind {
            return self.literal(&e.ty, v);
        }
        if e.ty == Type::Text {
            // text values never enter the kernel; parents that need one call back instead
            return self.callback(e, "text value");
        }
        if self.plan.is_invariant(e) {
            return self.invariant(e);
        }
        if e.ty == Type::Bool && !matches!(e.kind, K::Field(_) | K::Has(_) | K::Decision(_)) {
            if let Some(l) = self.text_formula(e) {
                return l;
            }
        }
        match &e.kind {
            // always invariant, so handled above
            K::Lit(_) | K::Scen(_) | K::Param(_) => self.invariant(e),
            K::Field(f) => self.field(*f, &e.ty),
            K::Has(f) => {
                if self.plan.field(*f).is_some_and(|d| d.optional) {
                    let v = self.byte(Input::Present(*f));
                    Lv { v, slow: None }
                } else {
                    let v = self.b.ins().iconst(types::I8, 1);
                    Lv { v, slow: None }
                }
            }
            K::Define(i) => {
                let key = (if self.plan.define_varies(*i) { self.lane } else { 0 }, *i);
                if let Some(l) = self.defines.get(&key) {
                    return *l;
                }
                let p = self.plan.p;
                let l = match p.defines.get(*i) {
                    Some(d) => {
                        let to = self.plan.scale(e);
                        self.lower_at(&d.expr, to)
                    }
                    None => self.always_slow(&e.ty),
                };
                self.defines.insert(key, l);
                l
            }
            K::Decision(d) => {
                let r = self.decision(*d);
                Lv { v: r.v, slow: r.slow }
            }
            K::Not(a) => {
                let a = self.lower(a);
                let v = self.not(a.v);
                Lv { v, slow: a.slow }
            }
            K::Neg(a) => {
                let x = self.lower(a);
                let zero = self.b.ins().iconst(types::I64, 0);
                let (v, of) = self.b.ins().ssub_overflow(zero, x.v);
                let slow = self.or(x.slow, Some(of));
                Lv { v, slow }
            }
            K::And(a, b) => {
                let x = self.lower(a);
                let y = self.lower(b);
                let v = self.b.ins().band(x.v, y.v);
                let ys = self.and(x.v, y.slow);
                Lv { v, slow: self.or(x.slow, ys) }
            }
            K::Or(a, b) => {
                let x = self.lower(a);
                let y = self.lower(b);
                let v = self.b.ins().bor(x.v, y.v);
                let ys = self.unless(x.v, y.slow);
                Lv { v, slow: self.or(x.slow, ys) }
            }
            K::Arith(op, a, b) => self.arith(e, *op, a, b),
            K::Cmp(op, a, b) => {
                if a.ty == Type::Text {
                    return self.text_test(e);
                }
                let to = self.plan.scale(a).max(self.plan.scale(b));
                let x = self.lower_at(a, to);
                let y = self.lower_at(b, to);
                let slow = self.or(x.slow, y.slow);
                let ordered = matches!(a.ty, Type::Int | Type::Dec(_) | Type::Date | Type::Days | Type::Enum(_));
                let v = match op {
                    CmpOp::Eq => self.b.ins().icmp(IntCC::Equal, x.v, y.v),
                    CmpOp::Ne => self.b.ins().icmp(IntCC::NotEqual, x.v, y.v),
                    _ if !ordered => self.b.ins().iconst(types::I8, 0),
                    CmpOp::Lt => self.b.ins().icmp(IntCC::SignedLessThan, x.v, y.v),
                    CmpOp::Le => self.b.ins().icmp(IntCC::SignedLessThanOrEqual, x.v, y.v),
                    CmpOp::Gt => self.b.ins().icmp(IntCC::SignedGreaterThan, x.v, y.v),
                    CmpOp::Ge => self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, x.v, y.v),
                };
                Lv { v, slow }
            }
            K::InList(a, xs) => {
                if a.ty == Type::Text {
                    return self.text_test(e);
                }
                let mut to = self.plan.scale(a);
                for x in xs {
                    to = to.max(self.plan.scale(x));
                }
                let x = self.lower_at(a, to);
                let mut hit = self.b.ins().iconst(types::I8, 0);
                let mut slow = x.slow;
                for item in xs {
                    let y = self.lower_at(item, to);
                    // the interpreter stops at the first hit: later items count only before it
                    let ys = self.unless(hit, y.slow);
                    slow = self.or(slow, ys);
                    let eq = self.b.ins().icmp(IntCC::Equal, x.v, y.v);
                    hit = self.b.ins().bor(hit, eq);
                }
                Lv { v: hit, slow }
            }
            K::StartsWith(..) => self.text_test(e),
            K::InSet(a, s) => {
                let x = self.lower(a);
                let set = self.lower(s);
                let bit = self.bit(x.v);
                let hit = self.b.ins().band(set.v, bit);
                let v = self.b.ins().icmp_imm_s(IntCC::NotEqual, hit, 0);
                Lv { v, slow: self.or(x.slow, set.slow) }
            }
            K::MonthDay(a, from, to) => {
                let x = self.lower(a);
                let call = self.b.ins().call(self.refs.month_day, &[x.v]);
                let Some(&md) = self.b.inst_results(call).first() else { return self.always_slow(&e.ty) };
                let lo = i64::from(from.0) * 100 + i64::from(from.1);
                let hi = i64::from(to.0) * 100 + i64::from(to.1);
                let ge = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, md, lo);
                let le = self.b.ins().icmp_imm_s(IntCC::SignedLessThanOrEqual, md, hi);
                let v = if lo <= hi { self.b.ins().band(ge, le) } else { self.b.ins().bor(ge, le) };
                Lv { v, slow: x.slow }
            }
            K::IsEmpty(a) => {
                let x = self.lower(a);
                let v = self.b.ins().icmp_imm_s(IntCC::Equal, x.v, 0);
                Lv { v, slow: x.slow }
            }
            K::Intersects(a, b) | K::Subset(a, b) => {
                let x = self.lower(a);
                let y = self.lower(b);
                let v = if matches!(e.kind, K::Intersects(..)) {
                    let m = self.b.ins().band(x.v, y.v);
                    self.b.ins().icmp_imm_s(IntCC::NotEqual, m, 0)
                } else {
                    let m = self.b.ins().band_not(x.v, y.v);
                    self.b.ins().icmp_imm_s(IntCC::Equal, m, 0)
                };
                Lv { v, slow: self.or(x.slow, y.slow) }
            }
            K::SetLit(xs) => {
                let mut bits = self.b.ins().iconst(types::I64, 0);
                let mut slow = None;
                for x in xs {
                    let l = self.lower(x);
                    let bit = self.bit(l.v);
                    bits = self.b.ins().bor(bits, bit);
                    slow = self.or(slow, l.slow);
                }
                Lv { v: bits, slow }
            }
            K::If(c, a, b) => {
                let to = self.plan.scale(e);
                let c = self.lower(c);
                let x = self.lower_at(a, to);
                let y = self.lower_at(b, to);
                let v = self.b.ins().select(c.v, x.v, y.v);
                let s = self.select_slow(c.v, x.slow, y.slow);
                Lv { v, slow: self.or(c.slow, s) }
            }
            K::Match(s, table, arms) => {
                let to = self.plan.scale(e);
                let sc = self.lower(s);
                let lowered: Vec<Lv> = arms.iter().map(|a| self.lower_at(a, to)).collect();
                let Some(last) = lowered.last().copied() else { return self.always_slow(&e.ty) };
                let (mut v, mut slow) = (last.v, last.slow);
                for (j, arm) in lowered.iter().enumerate().rev().skip(1) {
                    let hit = self.variants_in(sc.v, table, j);
                    v = self.b.ins().select(hit, arm.v, v);
                    slow = self.select_slow(hit, arm.slow, slow);
                }
                Lv { v, slow: self.or(sc.slow, slow) }
            }
            K::Max(xs) | K::Min(xs) => {
                let to = self.plan.scale(e);
                let ordered = matches!(e.ty, Type::Int | Type::Dec(_) | Type::Date | Type::Days | Type::Enum(_));
                let cc = if matches!(e.kind, K::Max(_)) { IntCC::SignedGreaterThan } else { IntCC::SignedLessThan };
                let mut best: Option<Lv> = None;
                for x in xs {
                    let l = self.lower_at(x, to);
                    best = Some(match best {
                        None => l,
                        Some(b) => {
                            let slow = self.or(b.slow, l.slow);
                            let v = if ordered {
                                let better = self.b.ins().icmp(cc, l.v, b.v);
                                self.b.ins().select(better, l.v, b.v)
                            } else {
                                b.v
                            };
                            Lv { v, slow }
                        }
                    });
                }
                match best {
                    Some(b) => b,
                    None => self.always_slow(&e.ty),
                }
            }
            K::Count(a) => {
                let x = self.lower(a);
                let v = self.b.ins().popcnt(x.v);
                Lv { v, slow: x.slow }
            }
        }
    }

    /// `1 << v` for an enum index, or 0 when the index is outside a 64-bit set (as the interpreter treats it).
    fn bit(&mut self, v: Value) -> Value {
        let one = self.b.ins().iconst(types::I64, 1);
        let shifted = self.b.ins().ishl(one, v);
        let inside = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThan, v, 64);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.ins().select(inside, shifted, zero)
    }

    /// Does the enum value `s` fall in arm `j` of a `匹配` table?
    fn variants_in(&mut self, s: Value, table: &[usize], j: usize) -> Value {
        if table.len() <= 64 {
            let mask = table.iter().enumerate().filter(|(_, a)| **a == j).fold(0u64, |m, (i, _)| m | (1u64 << i));
            let bit = self.bit(s);
            let hit = self.b.ins().band_imm_s(bit, mask as i64);
            self.b.ins().icmp_imm_s(IntCC::NotEqual, hit, 0)
        } else {
            let mut hit = self.b.ins().iconst(types::I8, 0);
            for (i, _) in table.iter().enumerate().filter(|(_, a)| **a == j) {
                let eq = self.b.ins().icmp_imm_s(IntCC::Equal, s, i as i64);
                hit = self.b.ins().bor(hit, eq);
            }
            hit
        }
    }

    fn literal(&mut self, ty: &Type, v: &V) -> Lv {
        let x = match v {
            V::Dec(d) => dec_literal(d).map(|(m, _)| m),
            V::Text(_) | V::Absent => None,
            other => encode(other, 0),
        };
        match x {
            Some(x) => {
                let v = self.konst(ty, x);
                Lv { v, slow: None }
            }
            None => self.always_slow(ty),
        }
    }

    fn text_test(&mut self, e: &Expr) -> Lv {
        match self.text_formula(e) {
            Some(l) => l,
            None => self.callback(e, "text comparison the kernel cannot precompute (not a field against fixed text)"),
        }
    }

    /// A boolean expression that reads one text field (and otherwise only the scenario and parameters),
    /// as one bit of that field's host-computed mask.
    fn text_formula(&mut self, e: &Expr) -> Option<Lv> {
        let (Some(field), f) = self.formula(e)? else { return None };
        let Some((input, bit)) = self.plan.atom(field, f) else {
            return Some(self.callback(e, "more than 64 distinct text tests on one field"));
        };
        let mask = match self.masks.get(&input) {
            Some(m) => *m,
            None => {
                let base = self.base_at(input);
                let off = self.b.ins().ishl_imm_s(self.row, 3);
                let a = self.b.ins().iadd(base, off);
                let m = self.b.ins().load(types::I64, MemFlagsData::trusted().with_readonly(), a, 0);
                self.masks.insert(input, m);
                m
            }
        };
        let hit = self.b.ins().band_imm_s(mask, (1u64 << bit) as i64);
        let v = self.b.ins().icmp_imm_s(IntCC::NotEqual, hit, 0);
        Some(Lv { v, slow: None })
    }

    /// `e` as a formula over at most one text field (`None` field: a constant), if it is one.
    fn formula(&mut self, e: &Expr) -> Option<(Option<FieldId>, Formula)> {
        let key = (self.lane_of(e), e as *const Expr as usize);
        if let Some(f) = self.formulas.get(&key) {
            return f.clone();
        }
        let f = self.formula_of(e);
        self.formulas.insert(key, f.clone());
        f
    }

    fn formula_of(&mut self, e: &Expr) -> Option<(Option<FieldId>, Formula)> {
        use ExprKind as K;
        if e.ty != Type::Bool {
            return None;
        }
        if self.plan.is_invariant(e) {
            return match self.eval_now(e) {
                Some(V::Bool(b)) => Some((None, Formula::Const(b))),
                _ => None,
            };
        }
        let both = |a: (Option<FieldId>, Formula), b: (Option<FieldId>, Formula), and: bool| {
            let field = match (a.0, b.0) {
                (Some(x), Some(y)) if x != y => return None,
                (x, y) => x.or(y),
            };
            let f = if and {
                Formula::And(Box::new(a.1), Box::new(b.1))
            } else {
                Formula::Or(Box::new(a.1), Box::new(b.1))
            };
            Some((field, f))
        };
        match &e.kind {
            K::Not(a) => self.formula(a).map(|(fd, f)| (fd, Formula::Not(Box::new(f)))),
            K::And(a, b) | K::Or(a, b) => {
                let x = self.formula(a)?;
                let y = self.formula(b)?;
                both(x, y, matches!(e.kind, K::And(..)))
            }
            K::If(c, a, b) => {
                let c = self.formula(c)?;
                let x = self.formula(a)?;
                let y = self.formula(b)?;
                let then = both(c.clone(), x, true)?;
                let other = both((c.0, Formula::Not(Box::new(c.1))), y, true)?;
                both(then, other, false)
            }
            K::Define(i) => {
                let p = self.plan.p;
                let body = &p.defines.get(*i)?.expr;
                self.formula(body)
            }
            K::Cmp(..) | K::InList(..) | K::StartsWith(..) => {
                let (field, kind, operands, negate) = self.plan.text_test(e)?;
                let mut ops = Vec::with_capacity(operands.len());
                for o in &operands {
                    match self.eval_now(o) {
                        Some(V::Text(t)) => ops.push(t.to_string()),
                        _ => return None,
                    }
                }
                let t = Formula::Test(kind, ops);
                Some((Some(field), if negate { Formula::Not(Box::new(t)) } else { t }))
            }
            _ => None,
        }
    }

    fn arith(&mut self, e: &Expr, op: ArithOp, a: &Expr, b: &Expr) -> Lv {
        match (&a.ty, &b.ty) {
            (Type::Dec(_), Type::Dec(_)) => {
                let (sa, sb) = (self.plan.scale(a), self.plan.scale(b));
                match op {
                    ArithOp::Add | ArithOp::Sub => {
                        let to = sa.max(sb);
                        let x = self.lower_at(a, to);
                        let y = self.lower_at(b, to);
                        self.checked(op, x, y)
                    }
                    ArithOp::Mul => {
                        if sa + sb > MAX_SCALE {
                            return self.callback(e, "decimal product with more than 18 fractional digits");
                        }
                        let x = self.lower(a);
                        let y = self.lower(b);
                        self.checked(op, x, y)
                    }
                    ArithOp::Div => {
                        let sr = self.plan.scale(e);
                        let x = self.lower(a);
                        let y = self.lower(b);
                        let exp = i64::from(sb) + i64::from(sr) - i64::from(sa);
                        if exp < 0 {
                            return self.callback(e, "decimal quotient scale");
                        }
                        let k = self.b.ins().iconst(types::I64, exp);
                        let call = self.b.ins().call(self.refs.dec_div, &[x.v, y.v, k]);
                        let Some(&r) = self.b.inst_results(call).first() else { return self.always_slow(&e.ty) };
                        let bad = self.b.ins().icmp_imm_s(IntCC::Equal, r, i64::MIN);
                        let slow = self.or(x.slow, y.slow);
                        Lv { v: r, slow: self.or(slow, Some(bad)) }
                    }
                }
            }
            (Type::Int, Type::Int) | (Type::Days, Type::Days) => {
                let x = self.lower(a);
                let y = self.lower(b);
                self.checked(op, x, y)
            }
            (Type::Date, Type::Days) => {
                let x = self.lower(a);
                let y = self.lower(b);
                let (v, of) = match op {
                    ArithOp::Sub => self.b.ins().ssub_overflow(x.v, y.v),
                    _ => self.b.ins().sadd_overflow(x.v, y.v),
                };
                // the interpreter keeps dates within ±3,000,000 days
                let hi = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, v, 3_000_000);
                let lo = self.b.ins().icmp_imm_s(IntCC::SignedLessThanOrEqual, v, -3_000_000);
                let out = self.b.ins().bor(hi, lo);
                let bad = self.b.ins().bor(of, out);
                let slow = self.or(x.slow, y.slow);
                Lv { v, slow: self.or(slow, Some(bad)) }
            }
            (Type::Date, Type::Date) => {
                let x = self.lower(a);
                let y = self.lower(b);
                let v = self.b.ins().isub(x.v, y.v);
                Lv { v, slow: self.or(x.slow, y.slow) }
            }
            _ => self.callback(e, "arithmetic on these types"),
        }
    }

    /// Overflow-checked `i64` arithmetic; division by zero and `MIN / -1` are slow (the interpreter reports
    /// them), and never trap.
    fn checked(&mut self, op: ArithOp, x: Lv, y: Lv) -> Lv {
        let slow = self.or(x.slow, y.slow);
        let (v, bad) = match op {
            ArithOp::Add => self.b.ins().sadd_overflow(x.v, y.v),
            ArithOp::Sub => self.b.ins().ssub_overflow(x.v, y.v),
            ArithOp::Mul => self.b.ins().smul_overflow(x.v, y.v),
            ArithOp::Div => {
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, y.v, 0);
                let min = self.b.ins().icmp_imm_s(IntCC::Equal, x.v, i64::MIN);
                let neg1 = self.b.ins().icmp_imm_s(IntCC::Equal, y.v, -1);
                let ovf = self.b.ins().band(min, neg1);
                let bad = self.b.ins().bor(zero, ovf);
                let one = self.b.ins().iconst(types::I64, 1);
                let safe = self.b.ins().select(bad, one, y.v);
                (self.b.ins().sdiv(x.v, safe), bad)
            }
        };
        Lv { v, slow: self.or(slow, Some(bad)) }
    }

    /// A decision: its root rules, in order, conflict when two applicable ones disagree, else the default.
    fn decision(&mut self, d: DecisionId) -> Dv {
        let key = (if self.plan.decision_varies(d) { self.lane } else { 0 }, d);
        if let Some(r) = self.decided.get(&key) {
            return *r;
        }
        if let Some((k, ty)) = self.stored.get(&d).cloned() {
            let r = self.stored_decision(k, &ty, key.0);
            self.decided.insert(key, r);
            return r;
        }
        let p = self.plan.p;
        let Some(dec) = p.decisions.get(d) else {
            let l = self.always_slow(&Type::Bool);
            let rule = self.b.ins().iconst(types::I16, -1);
            return Dv { v: l.v, rule, slow: l.slow };
        };
        let scale = self.plan.decision_scale(d);
        let packed = packable(&dec.ty);
        let mut acc = Acc::new(self, &dec.ty);
        for &r in &dec.roots {
            let c = self.rule(d, r, scale);
            acc.add(self, c, packed);
        }
        let dl = self.lower_at(&dec.default, scale);
        let ds = self.unless(acc.found, dl.slow);
        let slow = self.or(acc.slow, ds);
        let out = if packed {
            // value in the low 16 bits, rule + 1 above (0: the default)
            let dv = self.widen(dl.v);
            let vr = self.b.ins().select(acc.found, acc.val, dv);
            let low = self.b.ins().band_imm_s(vr, 0xFFFF);
            let v = if dec.ty == Type::Bool { self.b.ins().ireduce(types::I8, low) } else { low };
            let hi = self.b.ins().ushr_imm_s(vr, 16);
            let r16 = self.b.ins().ireduce(types::I16, hi);
            let rule = self.b.ins().iadd_imm_s(r16, -1);
            Dv { v, rule, slow }
        } else {
            let v = self.b.ins().select(acc.found, acc.val, dl.v);
            let minus1 = self.b.ins().iconst(types::I16, -1);
            let rule = self.b.ins().select(acc.found, acc.rule, minus1);
            Dv { v, rule, slow }
        };
        self.decided.insert(key, out);
        out
    }

    /// A boolean (`i8`) as `i64`; other values unchanged.
    fn widen(&mut self, v: Value) -> Value {
        if self.b.func.dfg.value_type(v) == types::I8 {
            self.b.ins().uextend(types::I64, v)
        } else {
            v
        }
    }

    /// A rule tree: applicable exceptions override the rule; otherwise it applies when its condition holds.
    /// Returns whether it applies, its value, deciding rule and slow bit, and its statically known value.
    fn rule(&mut self, d: DecisionId, r: RuleId, scale: u32) -> Tree {
        let p = self.plan.p;
        let Some(rule) = p.decisions.get(d).and_then(|x| x.rules.get(r)) else {
            let f = self.b.ins().iconst(types::I8, 0);
            let v = self.b.ins().iconst(types::I64, 0);
            let rr = self.b.ins().iconst(types::I16, -1);
            return Tree { applies: f, d: Dv { v, rule: rr, slow: None }, same: None };
        };
        let ty = p.decisions.get(d).map_or(Type::Bool, |x| x.ty.clone());
        let packed = packable(&ty);
        let mut acc = Acc::new(self, &ty);
        for &c in &rule.children {
            let x = self.rule(d, c, scale);
            acc.add(self, x, packed);
        }
        let (cond, cs) = match &rule.cond {
            Some(c) => {
                let l = self.lower(c);
                (l.v, l.slow)
            }
            None => (self.b.ins().iconst(types::I8, 1), None),
        };
        let cs = self.unless(acc.found, cs);
        let own = self.and_not(cond, acc.found);
        let val = self.lower_at(&rule.value, scale);
        let mine = self.same_of(val.v);
        // the tree's value is known to be `same` whenever it applies when this rule's and every
        // exception's are
        let same = match acc.same {
            Uniform::Empty => Some(mine),
            Uniform::All(k) if k == mine => Some(mine),
            _ => None,
        };
        let vs = self.and(own, val.slow);
        let mut slow = self.or(acc.slow, cs);
        slow = self.or(slow, vs);
        let applies = self.b.ins().bor(acc.found, own);
        if packed {
            let w = self.widen(val.v);
            let mine = self.b.ins().bor_imm_s(w, ((r as i64) + 1) << 16);
            let v = self.b.ins().select(acc.found, acc.val, mine);
            return Tree { applies, d: Dv { v, rule: acc.rule, slow }, same };
        }
        let v = self.b.ins().select(acc.found, acc.val, val.v);
        let me = self.b.ins().iconst(types::I16, r as i64);
        let rid = self.b.ins().select(acc.found, acc.rule, me);
        Tree { applies, d: Dv { v, rule: rid, slow }, same }
    }

    /// What makes two rule values statically equal: the same SSA value (a shared define, decision or field)
    /// or the same constant.
    fn same_of(&self, v: Value) -> Same {
        match self.const_of(v) {
            Some(c) => Same::Const(c),
            None => Same::Ssa(v),
        }
    }
}

/// Folding sibling rules: the first applicable one is kept; a later applicable one with another value is a
/// conflict (slow: the interpreter reports it).
struct Acc {
    found: Value,
    val: Value,
    rule: Value,
    slow: Option<Value>,
    /// The value every folded tree has when it applies, if it is statically one.
    same: Uniform,
}

/// A lowered rule tree: whether it applies, its value, deciding rule and slow bit, and the value it has
/// whenever it applies, when that is statically one ([`Same`]).
struct Tree {
    applies: Value,
    d: Dv,
    same: Option<Same>,
}

/// A value known at compile time to be shared by rules: then they cannot conflict with each other, and
/// no conflict test is emitted between them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Same {
    Const(i64),
    Ssa(Value),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Uniform {
    /// No tree folded yet.
    Empty,
    /// Every folded tree has this value when it applies.
    All(Same),
    /// Folded trees may disagree.
    Mixed,
}

/// Booleans and enums travel through rule trees packed with their rule number in one `i64`
/// (value in the low 16 bits, rule + 1 above), halving the selects per rule.
fn packable(ty: &Type) -> bool {
    matches!(ty, Type::Bool | Type::Enum(_))
}

impl Acc {
    fn new(lx: &mut Lx<'_, '_>, ty: &Type) -> Acc {
        let found = lx.b.ins().iconst(types::I8, 0);
        let val = if packable(ty) { lx.b.ins().iconst(types::I64, 0) } else { lx.konst(ty, 0) };
        let rule = lx.b.ins().iconst(types::I16, -1);
        Acc { found, val, rule, slow: None, same: Uniform::Empty }
    }
    fn add(&mut self, lx: &mut Lx<'_, '_>, t: Tree, packed: bool) {
        let (applies, c) = (t.applies, t.d);
        self.slow = lx.or(self.slow, c.slow);
        // a conflict needs an earlier tree that applied with another value: none before the first tree,
        // and none when both values are statically the same
        let agree = match self.same {
            Uniform::Empty => true,
            Uniform::All(k) => t.same == Some(k),
            Uniform::Mixed => false,
        };
        if !agree {
            let differ = if packed {
                let x = lx.b.ins().bxor(self.val, c.v);
                let low = lx.b.ins().band_imm_s(x, 0xFFFF);
                lx.b.ins().icmp_imm_s(IntCC::NotEqual, low, 0)
            } else {
                lx.b.ins().icmp(IntCC::NotEqual, self.val, c.v)
            };
            let both = lx.b.ins().band(self.found, applies);
            let conflict = lx.b.ins().band(both, differ);
            self.slow = lx.or(self.slow, Some(conflict));
        }
        self.same = match (self.same, t.same) {
            (Uniform::Empty, Some(k)) => Uniform::All(k),
            (Uniform::All(k), Some(j)) if k == j => Uniform::All(k),
            _ => Uniform::Mixed,
        };
        self.val = lx.b.ins().select(self.found, self.val, c.v);
        if !packed {
            self.rule = lx.b.ins().select(self.found, self.rule, c.rule);
        }
        self.found = lx.b.ins().bor(self.found, applies);
    }
}
