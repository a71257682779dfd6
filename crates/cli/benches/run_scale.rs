//! `jz run` end to end at province scale: generates contract-shaped enterprises with the deterministic
//! generator (seed 2026) and runs the release `jz` over them with each engine (JIT, interpreter),
//! printing rows/s and peak RSS.
//!
//! `cargo bench -p jz-cli --bench run_scale` runs 100k and 1M rows; `JZ_BENCH_ROWS=100000,1000000,10000000`
//! chooses the sizes (10M needs ~2 GB of disk under target/).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly when its setup is broken"
)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let sizes: Vec<u64> = std::env::var("JZ_BENCH_ROWS")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("JZ_BENCH_ROWS: comma-separated row counts"))
        .collect();
    println!("{:>10} {:>8} {:>12} {:>9}  engine", "rows", "seconds", "rows/s", "peak MB");
    for rows in sizes {
        let data = dir.join(format!("enterprises_{rows}.csv"));
        if !data.exists() {
            let f = std::io::BufWriter::new(std::fs::File::create(&data).unwrap());
            jz_gen::write_enterprises(f, rows, 2026, &jz_gen::Options::default()).unwrap();
        }
        let out = dir.join("decisions.csv");
        for engine in ["jit", "interp"] {
            let t = Instant::now();
            let o = Command::new(env!("CARGO_BIN_EXE_jz"))
                .args([
                    "run",
                    "policies/hebei/main.jz",
                    "--record",
                    "企业",
                    "--set",
                    "预警级别=橙色",
                    "--engine",
                    engine,
                ])
                .arg("--data")
                .arg(&data)
                .arg("--out")
                .arg(&out)
                .current_dir(&root)
                .output()
                .unwrap();
            let secs = t.elapsed().as_secs_f64();
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert!(o.status.success(), "jz run failed: {stderr}");
            let peak = stderr.split("peak memory ").nth(1).and_then(|s| s.split(' ').next()).unwrap_or("?");
            println!("{rows:>10} {secs:>8.2} {:>12.0} {peak:>9}  {engine}", rows as f64 / secs);
        }
    }
}
