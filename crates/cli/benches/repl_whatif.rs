//! The REPL's targets, measured end to end on the release `jz`: start-up with the Hebei policy loaded, and a
//! what-if over a million enterprise records held in memory (generated with `jz-gen`, seed 2026, the same
//! file `run_scale` uses). Prints the figures; asserts only that the answers arrive.
//!
//! `cargo bench -p jz-cli --bench repl_whatif`; `JZ_BENCH_ROWS=100000` picks another size.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly when its setup is broken"
)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

struct Repl {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Repl {
    fn start(root: &Path) -> Repl {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jz"))
            .args(["repl", "policies/hebei/main.jz"])
            .current_dir(root)
            .env("JZ_HISTORY", root.join("target/bench-data/history"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Repl { child, stdin, stdout }
    }
    /// Send one entry and read all its output (a text literal sent after it marks the end).
    fn ask(&mut self, entry: &str) -> (f64, Vec<String>) {
        let t = Instant::now();
        writeln!(self.stdin, "{entry}\n\"__done__\"").unwrap();
        self.stdin.flush().unwrap();
        let mut lines = Vec::new();
        loop {
            let mut l = String::new();
            assert!(self.stdout.read_line(&mut l).unwrap() > 0, "the REPL ended early: {lines:?}");
            if l.trim_end() == "__done__" {
                return (t.elapsed().as_secs_f64(), lines);
            }
            lines.push(l.trim_end().to_string());
        }
    }
    fn memory(&self, field: &str) -> String {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let kb: u64 = status
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        format!("{} MB", kb / 1024)
    }
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();

    // start-up: process start to the first answer, with the Hebei policy loaded
    let mut times = Vec::new();
    let mut load_ms = String::new();
    for _ in 0..10 {
        let t = Instant::now();
        let mut r = Repl::start(&root);
        let (_, lines) = r.ask("1 + 1");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        load_ms = lines.first().and_then(|l| l.rsplit(" in ").next()).unwrap_or("?").to_string();
        drop(r.stdin);
        r.child.wait().unwrap();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "start-up with Hebei loaded (process start → first answer), 10 runs: min {:.0} ms, median {:.0} ms (policy load {load_ms})",
        times[0], times[5]
    );

    let rows: u64 = std::env::var("JZ_BENCH_ROWS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let data = dir.join(format!("enterprises_{rows}.csv"));
    if !data.exists() {
        let f = std::io::BufWriter::new(std::fs::File::create(&data).unwrap());
        jz_gen::write_enterprises(f, rows, 2026, &jz_gen::Options::default()).unwrap();
    }
    let mut r = Repl::start(&root);
    r.ask("1 + 1");
    let (secs, lines) = r.ask(&format!(":data {}", data.display()));
    println!("{rows} rows: load {secs:.2} s ({}), memory {} resident", lines.last().unwrap(), r.memory("VmRSS:"));
    let (secs, _) = r.ask(":count");
    println!("  current state (every decision of every row evaluated, then counted): {secs:.2} s");
    for (what, cmd) in [
        ("an orange warning", ":what-if 预警级别 = 橙色"),
        ("a 20 t/h boiler threshold", ":what-if 锅炉淘汰上限 = 20 [t/h]"),
    ] {
        let (secs, lines) = r.ask(cmd);
        let summary = lines.iter().find(|l| l.starts_with("rows: ")).cloned().unwrap_or_default();
        println!("  what-if, {what}: {secs:.2} s wall ({summary})");
    }
    let (secs, _) = r.ask(":what-if 锅炉淘汰上限 = 20 [t/h]");
    println!("  the last what-if again (its state is cached): {secs:.3} s");
    let (secs, _) = r.ask(":count by 综合措施 where 区县 == \"安平县\"");
    println!("  :count by 综合措施 where 区县 == \"安平县\": {secs:.2} s");
    println!("  peak memory {}, now {}", r.memory("VmHWM:"), r.memory("VmRSS:"));
    drop(r.stdin);
    r.child.wait().unwrap();
}
