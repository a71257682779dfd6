//! `jz report` against `jz run` on the same generated file in the same run (seed 2026, 1M rows by default):
//! the release `jz` runs each command in turn, round after round, and each keeps its best wall time and the
//! CPU time of that run. The target: the report adds at most 20% to `jz run`'s time.
//!
//! `cargo bench -p jz-cli --bench report_scale`; `JZ_BENCH_ROWS=N`, `JZ_BENCH_ROUNDS=N` (default 3).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly when its setup is broken"
)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

/// User + system CPU seconds of finished children so far (Linux `/proc/self/stat`, clock ticks of 1/100 s).
fn children_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    // fields 16 and 17 (cutime, cstime) are at 13 and 14 after the command name
    let t = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (t(13) + t(14)) / 100.0
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let rows: u64 = std::env::var("JZ_BENCH_ROWS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let rounds: usize = std::env::var("JZ_BENCH_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    let data = dir.join(format!("enterprises_{rows}.csv"));
    if !data.exists() {
        let f = std::io::BufWriter::new(std::fs::File::create(&data).unwrap());
        jz_gen::write_enterprises(f, rows, 2026, &jz_gen::Options::default()).unwrap();
    }
    let data = data.to_str().unwrap().to_string();
    let out = dir.join("decisions.csv").to_str().unwrap().to_string();
    let page = dir.join("report.html").to_str().unwrap().to_string();
    let base = ["policies/hebei/main.jz", "--record", "企业", "--set", "预警级别=橙色", "--data", data.as_str()];
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("jz run --out CSV", [&["run"][..], &base, &["--out", out.as_str()]].concat()),
        ("jz report (4 warning levels)", [&["report"][..], &base, &["-o", page.as_str()]].concat()),
        ("jz report --no-levels", [&["report"][..], &base, &["--no-levels", "-o", page.as_str()]].concat()),
        (
            "jz report --compare 安平县",
            [&["report"][..], &base, &["--compare", "policies/counties/安平县/main.jz", "-o", page.as_str()]].concat(),
        ),
    ];
    let mut best: Vec<(f64, f64)> = vec![(f64::MAX, 0.0); cases.len()];
    for _ in 0..rounds {
        for (i, (_, args)) in cases.iter().enumerate() {
            let cpu0 = children_cpu();
            let t = Instant::now();
            let o = Command::new(env!("CARGO_BIN_EXE_jz")).args(args).current_dir(&root).output().unwrap();
            let secs = t.elapsed().as_secs_f64();
            let cpu = children_cpu() - cpu0;
            assert!(matches!(o.status.code(), Some(0 | 3)), "{}", String::from_utf8_lossy(&o.stderr));
            if let Some(b) = best.get_mut(i) {
                if secs < b.0 {
                    *b = (secs, cpu);
                }
            }
        }
    }
    let (run_wall, run_cpu) = best.first().copied().unwrap_or((1.0, 1.0));
    println!("{rows} rows, best of {rounds} rounds (wall s, CPU s, ratio to jz run wall / CPU)");
    for ((name, _), (wall, cpu)) in cases.iter().zip(&best) {
        println!("{name:<32} {wall:>7.2} {cpu:>7.2}   {:>5.2}× {:>5.2}×", wall / run_wall, cpu / run_cpu.max(1e-9));
    }
}
