//! `jz verify` time per policy: loading + checking, then verification (every guarantee, and the full report
//! with conflicts, dead rules and default gaps). Target: each county against all Hebei guarantees ≤ 2 s.
//! Run: `cargo bench -p jz-verify --bench verify` (`JZ_BENCH_RUNS=N` repetitions, default 10; the median is
//! printed).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "bench helpers fail loudly")]

use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn main() {
    let runs: usize = std::env::var("JZ_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(10);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let policies = [
        "policies/counties/安平县/main.jz",
        "policies/counties/武安市/main.jz",
        "policies/hebei/main.jz",
        "tests/verify/nonconformant_county.jz",
    ];
    println!(
        "{:<40} {:>10} {:>14} {:>12} {:>9} {:>8}",
        "policy", "check", "guarantees", "full report", "verdicts", "queries"
    );
    for rel in policies {
        let path = root.join(rel);
        let mut check = Vec::new();
        let mut only = Vec::new();
        let mut full = Vec::new();
        let mut summary = String::new();
        for _ in 0..runs {
            let t = Instant::now();
            let checked = jz_check::load_and_check(&path);
            check.push(t.elapsed());
            let p = checked.program.expect("policy checks");
            let t = Instant::now();
            let r = jz_verify::verify(&p, &jz_verify::Options { lint: false, ..Default::default() });
            only.push(t.elapsed());
            std::hint::black_box(&r);
            let t = Instant::now();
            let r = jz_verify::verify(&p, &jz_verify::Options::default());
            full.push(t.elapsed());
            let violated = r.guarantees.iter().filter(|g| matches!(g.verdict, jz_verify::Verdict::Violated(_))).count();
            summary = format!("{}/{} {:>8}", r.guarantees.len() - violated, r.guarantees.len(), r.stats.queries);
        }
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        println!(
            "{:<40} {:>10} {:>14} {:>12} {:>9}",
            rel,
            ms(median(check)),
            ms(median(only)),
            ms(median(full)),
            summary
        );
    }
}
