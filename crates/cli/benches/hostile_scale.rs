//! Scaling of the front end and the verifier on large or broken policies (issue 15), end to end on the built
//! `jz`: each case is generated at n and 4n and timed side by side, so the ratio shows the growth (≈ 4 linear,
//! ≈ 16 quadratic). Prints the figures; asserts only that the commands finish with the expected exit code.
//!
//! `cargo bench -p jz-cli --bench hostile_scale` (release build).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly when its setup is broken"
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const HEAD: &str = "政策 规模.测试 \"t\"\n记录 企业 键 代码 { 代码: 文本, 数: 整数 }\n关于 企业\n";

fn definitions(n: usize) -> String {
    let defs: String = (0..n).map(|i| format!("定义 d{i} = 数 + {i}\n")).collect();
    format!("{HEAD}{defs}判定 结果: 整数 默认 d0 {{ }}\n")
}

fn syntax_errors(n: usize) -> String {
    let bad: String = (0..n).map(|i| format!("定义 d{i} = = {i}\n")).collect();
    format!("{HEAD}{bad}")
}

fn codes(n: usize) -> String {
    let list: Vec<String> = (0..n).map(|i| format!("代码 == \"E{i}\"")).collect();
    format!(
        "{HEAD}判定 列入: 布尔 默认 否 {{ 规则 依据 \"一\": 当 {} 则 是 }}\n保障 g 依据 \"一\": 当 列入 则 代码 开头为 \"E\"\n",
        list.join(" 或 ")
    )
}

fn variants(n: usize) -> String {
    let vs: Vec<String> = (0..n).map(|i| format!("V{i}")).collect();
    format!(
        "政策 规模.枚举 \"t\"\n枚举 大 {{ {} }}\n记录 企业 键 代码 {{ 代码: 文本, 类: 大 }}\n关于 企业\n\
         判定 结果: 布尔 默认 否 {{ 规则 依据 \"一\": 当 类 == V{} 则 是 }}\n保障 g 依据 \"一\": 当 类 == V0 则 非 结果\n",
        vs.join(", "),
        n - 1
    )
}

fn chain(n: usize) -> String {
    let defs: String = (0..n).map(|i| format!("定义 d{i} = d{} + 1\n", i + 1)).collect();
    format!("{HEAD}{defs}定义 d{n} = 数\n判定 结果: 整数 默认 0 {{ 规则 依据 \"一\": 当 数 > 0 则 d0 }}\n保障 g 依据 \"一\": 结果 != 12345\n")
}

fn time(root: &Path, cmd: &str, file: &Path, codes: &[i32]) -> f64 {
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_jz")).arg(cmd).arg(file).current_dir(root).output().unwrap();
    let secs = t.elapsed().as_secs_f64();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        codes.contains(&code),
        "jz {cmd} {}: exit {code}\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    secs
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("target/bench-data/hostile");
    std::fs::create_dir_all(&dir).unwrap();
    type Gen = fn(usize) -> String;
    let cases: [(&str, &str, Gen, usize, &[i32]); 5] = [
        ("definitions", "check", definitions, 37_500, &[0]),
        ("syntax errors", "check", syntax_errors, 10_000, &[1]),
        ("codes in one 或 chain", "verify", codes, 2_500, &[0]),
        ("enum variants", "verify", variants, 2_500, &[0, 1]),
        ("chained definitions", "verify", chain, 1_600, &[0, 1, 4]),
    ];
    println!("{:<24} {:>7} {:>10} {:>10} {:>7} {:>10}  {:>6}", "case", "command", "n", "time", "4n", "time", "ratio");
    for (name, cmd, gen, n, codes) in cases {
        let mut t = [0.0; 2];
        for (k, m) in [n, 4 * n].into_iter().enumerate() {
            let f = dir.join(format!("{}-{m}.jz", name.replace(' ', "_")));
            std::fs::write(&f, gen(m)).unwrap();
            t[k] = time(&root, cmd, &f, codes);
        }
        println!(
            "{name:<24} {cmd:>7} {n:>10} {:>9.3}s {:>7} {:>9.3}s  {:>6.1}",
            t[0],
            4 * n,
            t[1],
            t[1] / t[0].max(1e-9)
        );
    }
}
