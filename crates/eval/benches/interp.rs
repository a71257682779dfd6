//! Issue targets held here: `jz check` of the Hebei policy (with the national opinion and its tests) under
//! 100 ms, and all decisions of one enterprise record under 20 µs in the interpreter.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly when its fixtures are broken"
)]

use criterion::{criterion_group, criterion_main, Criterion};
use jz_check::load_and_check;
use jz_eval::{Frame, Interp};
use std::hint::black_box;
use std::path::PathBuf;

fn policies() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../policies")
}

fn bench(c: &mut Criterion) {
    let entry = policies().join("hebei/tests.jz");
    c.bench_function("check hebei main.jz + mee + tests", |b| {
        b.iter(|| {
            let checked = load_and_check(black_box(&entry));
            assert!(checked.program.is_some());
        })
    });

    let checked = load_and_check(&entry);
    let Some(p) = checked.program else { panic!("policies do not check") };
    let Some(rid) = p.record("企业") else { panic!("no 企业") };
    let it = Interp::new(&p);
    // the enterprise records of the in-language tests, as realistic inputs
    let mut consts = Frame::new(&p, Vec::new(), it.default_scenario());
    let records: Vec<Vec<jz_check::Value>> = p
        .tests
        .iter()
        .filter(|t| t.record == rid)
        .map(|t| {
            t.fields
                .iter()
                .map(|f| match f {
                    Some(e) => it.eval(&mut consts, e).unwrap_or(jz_check::Value::Absent),
                    None => jz_check::Value::Absent,
                })
                .collect()
        })
        .collect();
    assert!(!records.is_empty());
    let mut frame = Frame::new(&p, Vec::new(), it.default_scenario());
    let mut i = 0usize;
    c.bench_function("interpreter: all decisions + guarantees of one 企业", |b| {
        b.iter(|| {
            i = (i + 1) % records.len();
            frame.fields.clone_from(&records[i]);
            frame.reset();
            black_box(it.outputs(&mut frame, rid).ok());
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
