//! The one way decisions are computed over a loaded batch of records (the REPL's data questions and
//! `jz diff` both go through [`evaluate`]): the Cranelift engine (`jz-jit`), compiled for the state asked
//! about, which gives exactly the interpreter's answers; the interpreter on every core only if native code
//! cannot be generated on this machine.

use jz_check::ir::{DecisionId, Program, RecordId};
use jz_check::Value;
use jz_data::Batch;
use jz_eval::{EvalError, Frame, Interp, Outcome};
use std::ops::Range;

/// For every row of `batch`, the outcomes of `decisions` (in that order) under the given parameter and
/// scenario values — or the first error, which rejects the row. After the decisions, `guarantees` (indices
/// into `program.guarantees`, about `record`) are checked in the order given; a violated one rejects the row.
/// `jz run`'s test is every guarantee of the record in declaration order ([`record_guarantees`]); the REPL
/// leaves out those it knows still hold (a what-if that changes nothing they read).
pub fn evaluate(
    program: &Program,
    record: RecordId,
    batch: &Batch,
    params: &[Value],
    scenario: &[Value],
    decisions: &[DecisionId],
    guarantees: &[usize],
) -> Vec<Result<Vec<Outcome>, EvalError>> {
    if let Ok(engine) = jz_jit::compile_with(program, record, decisions, guarantees, params, scenario) {
        let out = engine.evaluate(program, batch);
        return (0..batch.len()).map(|i| out.result(i)).collect();
    }
    interpret(program, record, batch, params, scenario, decisions, guarantees)
}

/// [`evaluate`] with the reference interpreter, rows split over the cores.
pub fn interpret(
    program: &Program,
    record: RecordId,
    batch: &Batch,
    params: &[Value],
    scenario: &[Value],
    decisions: &[DecisionId],
    guarantees: &[usize],
) -> Vec<Result<Vec<Outcome>, EvalError>> {
    let used = program.fields_read(record);
    let parts = split_rows(batch.len(), |rows| {
        let it = Interp { program, params: params.to_vec() };
        let mut frame = Frame::new(program, Vec::new(), scenario.to_vec());
        rows.map(|i| {
            batch.fill_row(i, &used, &mut frame.fields);
            frame.reset();
            let mut out = Vec::with_capacity(decisions.len());
            for &d in decisions {
                out.push(it.decision(&mut frame, d)?);
            }
            for &g in guarantees {
                it.guarantee(&mut frame, g)?;
            }
            Ok(out)
        })
        .collect::<Vec<_>>()
    });
    parts.into_iter().flatten().collect()
}

/// Every guarantee about `record`, in declaration order.
pub fn record_guarantees(p: &Program, record: RecordId) -> Vec<usize> {
    p.guarantees.iter().enumerate().filter(|(_, g)| g.record == record).map(|(i, _)| i).collect()
}

/// Run `f` over `0..n` cut into one contiguous range per core (in order); small inputs stay on this thread.
pub fn split_rows<T: Send>(n: usize, f: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    const MIN_ROWS_PER_THREAD: usize = 1024;
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let threads = cores.min(n / MIN_ROWS_PER_THREAD).max(1);
    if threads == 1 {
        return vec![f(0..n)];
    }
    let per = n.div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> =
            (0..threads).map(|t| s.spawn(move || f((t * per).min(n)..((t + 1) * per).min(n)))).collect();
        // a worker only panics on a bug; re-raising it keeps the bug visible instead of losing rows
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jz_check::load_text;

    const SRC: &str = "
枚举 级别 { 无, 橙色 }
情景 { 预警级别: 级别 = 无 }
参数 上限 = 35 [t/h]
记录 企业 键 代码 { 代码: 文本; 蒸吨: 数值 [t/h]; 甲: 布尔; 乙: 布尔 }
关于 企业
判定 淘汰: 布尔 默认 否 { 规则 r 依据 \"1\": 当 蒸吨 > 上限 则 是 }
判定 限产: 布尔 默认 否 { 规则 r 依据 \"2\": 当 预警级别 == 橙色 则 是 }
判定 矛盾: 布尔 默认 否 { 规则 a 依据 \"3\": 当 甲 则 是  规则 b 依据 \"4\": 当 乙 则 否 }
保障 小 依据 \"5\": 当 淘汰 则 蒸吨 < 49 [t/h]
";

    fn setup(rows: usize) -> (Program, Batch) {
        let mut c = load_text("t.jz", SRC, std::path::Path::new("."));
        let p = c.program.take().unwrap();
        let mut b = Batch::new(&p, 0);
        for i in 0..rows {
            let v = [
                Value::Text(i.to_string().into()),
                Value::Dec(((i % 50) as i64).into()),
                Value::Bool(i % 7 == 0),
                Value::Bool(i % 7 == 0 && i % 2 == 0),
            ];
            b.push_row(i as u64 + 1, &v);
        }
        (p, b)
    }

    #[test]
    fn every_row_in_order_with_params_and_scenario_applied() {
        let (p, b) = setup(5000);
        let params = vec![Value::Dec(20.into())];
        let res = evaluate(&p, 0, &b, &params, &[Value::Enum(1)], &[0, 1], &[]);
        assert_eq!(res.len(), 5000);
        for (i, r) in res.iter().enumerate() {
            let o = r.as_ref().unwrap();
            assert_eq!(o[0].value, Value::Bool(i % 50 > 20), "row {i}");
            assert_eq!(o[1].value, Value::Bool(true));
        }
        let res = evaluate(&p, 0, &b, &[Value::Dec(35.into())], &[Value::Enum(0)], &[1], &[]);
        assert!(res.iter().all(|r| r.as_ref().unwrap()[0].value == Value::Bool(false)));
    }

    #[test]
    fn a_conflict_rejects_only_its_rows_and_only_when_asked_for() {
        let (p, b) = setup(3000);
        let params = vec![Value::Dec(35.into())];
        let res = evaluate(&p, 0, &b, &params, &[Value::Enum(0)], &[0, 2], &record_guarantees(&p, 0));
        for (i, r) in res.iter().enumerate() {
            let conflict = i % 7 == 0 && i % 2 == 0;
            assert_eq!(matches!(r, Err(EvalError::Conflict { .. })), conflict, "row {i}");
        }
        assert!(evaluate(&p, 0, &b, &params, &[Value::Enum(0)], &[0], &[]).iter().all(Result::is_ok));
    }

    #[test]
    fn guarantees_asked_for_reject_the_rows_that_break_them() {
        let (p, b) = setup(3000);
        let params = vec![Value::Dec(20.into())];
        let res = evaluate(&p, 0, &b, &params, &[Value::Enum(0)], &[0], &record_guarantees(&p, 0));
        for (i, r) in res.iter().enumerate() {
            // 淘汰 above 20 t/h, and the guarantee says a phased-out boiler is below 49 t/h
            let broken = i % 50 == 49;
            assert_eq!(matches!(r, Err(EvalError::GuaranteeViolated { guarantee: 0 })), broken, "row {i}");
        }
        assert!(evaluate(&p, 0, &b, &params, &[Value::Enum(0)], &[0], &[]).iter().all(Result::is_ok));
    }

    #[test]
    fn the_native_engine_answers_exactly_as_the_interpreter() {
        let (p, b) = setup(5000);
        for limit in [20, 35, 49] {
            for level in [0, 1] {
                let (params, scen) = (vec![Value::Dec(limit.into())], [Value::Enum(level)]);
                for (ds, gs) in [(vec![0, 1, 2], record_guarantees(&p, 0)), (vec![1], vec![]), (vec![0], vec![0])] {
                    let native = evaluate(&p, 0, &b, &params, &scen, &ds, &gs);
                    assert_eq!(native, interpret(&p, 0, &b, &params, &scen, &ds, &gs), "limit {limit} level {level}");
                }
            }
        }
    }

    #[test]
    fn split_rows_covers_every_index_once_in_order() {
        for n in [0, 1, 1023, 1024, 5000, 100_003] {
            let parts = split_rows(n, |r| r.collect::<Vec<_>>());
            let all: Vec<usize> = parts.into_iter().flatten().collect();
            assert_eq!(all, (0..n).collect::<Vec<_>>());
        }
    }
}
