//! Policy text written by a hostile or careless author never crashes, hangs or fills memory (issue 15): deep
//! nesting and long flat chains go through every stage (check, test, verify, eval, run with both engines,
//! the REPL), nesting beyond the documented limits is a located diagnostic, `引用` reads only regular files
//! of bounded size, `细化` cycles are errors, and a file that is not UTF-8 is reported at its first invalid
//! byte with the likely encoding. Runs unoptimised in CI too: the limits are sized for debug builds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{captured, p, scratch};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const LIMIT: usize = jz_syntax::limits::MAX_NESTING;

const HEAD: &str = "政策 敌意.测试 \"t\"\n枚举 级别 { 甲级, 乙级, 丙级 }\n\
                    记录 企业 键 代码 { 代码: 文本, 数: 整数, 开: 布尔, 级: 级别 }\n关于 企业\n";
const TAIL: &str = "样本 普通 = 企业 { 代码: \"E1\", 数: 1, 开: 是, 级: 甲级 }\n\
                    测试 \"t\" { 给定 普通 {}; 期望 结果 == 结果 }\n";
const RECORD: &str = r#"{"代码":"E1","数":1,"开":true,"级":"甲级"}"#;

/// A policy whose decision `结果` has `value` (boolean) as its rule's condition or (integer) as its value,
/// with a guarantee about it so `jz verify` has to encode it.
fn policy(name: &str, body: &str, ty: &str, value: &str) -> PathBuf {
    let decision = if ty == "布尔" {
        format!(
            "判定 结果: 布尔 默认 否 {{ 规则 依据 \"一\": 当 {value} 则 是 }}\n\
             保障 g 依据 \"一\": 当 结果 则 代码 开头为 \"E\" 或 数 != 0 或 开\n"
        )
    } else {
        format!("判定 结果: 整数 默认 0 {{ 规则 依据 \"一\": 当 开 则 {value} }}\n保障 g 依据 \"一\": 结果 != 12345\n")
    };
    let path = scratch("hostile", &format!("{name}.jz"));
    std::fs::write(&path, format!("{HEAD}{body}{decision}{TAIL}")).unwrap();
    path
}

fn data() -> PathBuf {
    let path = scratch("hostile", "data.csv");
    std::fs::write(&path, "代码,数,开,级\nE1,1,true,甲级\nE2,5,false,乙级\n").unwrap();
    path
}

/// Run `jz ARGS` (from the repository root), killing it after a minute: (exit code, stdout, stderr).
fn jz(args: &[&str]) -> (i32, String, String) {
    jz_with(args, None)
}

fn jz_with(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jz"))
        .args(args)
        .current_dir(common::root())
        .env("JZ_HISTORY", scratch("hostile", "history"))
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    // read both pipes while waiting (a full pipe would block the child), and give up after two minutes
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let Ok(out) = rx.recv_timeout(Duration::from_secs(120)) else {
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        panic!("`jz {}` did not finish within two minutes", args.join(" "));
    };
    let r = captured(out.unwrap());
    assert!(r.0 >= 0, "`jz {}` was killed by a signal:\n{}", args.join(" "), r.2);
    assert!(!r.2.contains("overflowed its stack") && !r.2.contains("panicked"), "{}", r.2);
    r
}

/// Every stage accepts the policy and computes the decision.
fn every_stage_survives(path: &Path, expect_value: &str) {
    let f = p(path);
    let (code, _, err) = jz(&["check", f]);
    assert_eq!(code, 0, "check: {err}");
    let (code, out, err) = jz(&["test", f]);
    assert_eq!(code, 0, "test: {out}{err}");
    let (code, out, err) = jz(&["verify", f]);
    assert!([0, 1, 4].contains(&code), "verify exit {code}: {out}{err}");
    assert!(out.contains("guarantee"), "verify: {out}{err}");
    let (code, out, err) = jz(&["eval", f, "--record", "企业", "--json", RECORD, "--explain"]);
    assert_eq!(code, 0, "eval: {err}");
    assert!(out.contains(&format!("结果 = {expect_value}")), "eval: {out}");
    let d = data();
    for engine in ["jit", "interp"] {
        let (code, out, err) = jz(&["run", f, "--record", "企业", "--data", p(&d), "--engine", engine]);
        assert_eq!(code, 0, "run --engine {engine}: {err}");
        assert!(out.lines().nth(1).is_some_and(|l| l.ends_with(expect_value)), "run {engine}: {out}");
    }
}

#[test]
fn nested_parentheses_survive_every_stage() {
    every_stage_survives(&policy("paren292", "", "整数", &format!("{}数{}", "(".repeat(292), ")".repeat(292))), "1");
    // up to the limit: the rule's braces and 4,997 brackets
    let deep = LIMIT - 3;
    every_stage_survives(&policy("paren_max", "", "整数", &format!("{}数{}", "(".repeat(deep), ")".repeat(deep))), "1");
}

#[test]
fn long_flat_chains_survive_every_stage() {
    let codes: Vec<String> = (0..2500).map(|i| format!("代码 == \"E{i}\"")).collect();
    every_stage_survives(&policy("or2500", "", "布尔", &codes.join(" 或 ")), "是");
    let ands: Vec<String> = (2..2502).map(|i| format!("数 != {i}")).collect();
    every_stage_survives(&policy("and2500", "", "布尔", &ands.join(" 且 ")), "是");
    every_stage_survives(&policy("plus2300", "", "整数", &vec!["数"; 2300].join(" + ")), "2300");
    // `或` chains have no length limit (they are balanced); 100,000 terms check and evaluate
    let many: Vec<String> = (0..100_000).map(|i| format!("数 == {i}")).collect();
    let path = policy("or100000", "", "布尔", &many.join(" 或 "));
    let (code, out, err) = jz(&["eval", p(&path), "--record", "企业", "--json", RECORD]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("结果 = 是"), "{out}");
}

#[test]
fn deep_if_match_and_definition_chains_survive_every_stage() {
    let ifs = format!("{}数{}", "若 开 则 ".repeat(1500), " 否则 0".repeat(1500));
    every_stage_survives(&policy("if1500", "", "整数", &ifs), "1");
    let matches = format!("{}数{}", "匹配 级 { 甲级 => ".repeat(2000), ", _ => 0 }".repeat(2000));
    every_stage_survives(&policy("match2000", "", "整数", &matches), "1");
    let defs: String = (0..6700).map(|i| format!("定义 d{i} = d{} + 1\n", i + 1)).collect();
    every_stage_survives(&policy("defs6700", &format!("{defs}定义 d6700 = 数\n"), "整数", "d0"), "6701");
}

/// Nested `最小`/`最大` calls: the checker checked each call's first argument twice, 2^depth (found by the
/// `program` fuzz target: 28 levels took 26 s). Checking, the interpreter, the JIT and the verifier stay fast.
#[test]
fn nested_min_and_max_calls_survive_every_stage() {
    let mins = format!("{}数{}", "最小(".repeat(1000), ", 7)".repeat(1000));
    every_stage_survives(&policy("min1000", "", "整数", &mins), "1");
    // in a comparison the first check has no expected type: the second check of each level is kept
    let maxes = format!("{}数{} > 0", "最大(".repeat(300), ")".repeat(300));
    every_stage_survives(&policy("max300", "", "布尔", &maxes), "是");
}

/// `jz check` fails with "nesting deeper than …" located at `line:col`.
fn too_deep(name: &str, ty: &str, value: &str, limit: usize, at: &str) {
    let path = policy(name, "", ty, value);
    let (code, _, err) = jz(&["check", p(&path)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("nesting deeper than {limit}")), "{err}");
    assert!(err.contains(&format!("{name}.jz:{at}")), "{err}");
    let (code, _, err) = jz(&["verify", p(&path)]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn nesting_beyond_the_limit_is_a_located_diagnostic() {
    let n = LIMIT + 1000;
    // the bracket that goes too deep: column of `当 开 则 ` + the rule's brace and LIMIT - 1 brackets
    let col = "判定 结果: 整数 默认 0 { 规则 依据 \"一\": 当 开 则 ".chars().count() + LIMIT - 1;
    too_deep("paren_over", "整数", &format!("{}数{}", "(".repeat(n), ")".repeat(n)), LIMIT, &format!("5:{col}"));
    too_deep("plus_over", "整数", &vec!["数"; n].join(" + "), LIMIT, "5:");
    too_deep("neg_over", "整数", &format!("{}数", "- ".repeat(n)), LIMIT, "5:");
    too_deep("if_over", "整数", &format!("{}数{}", "若 开 则 ".repeat(n), " 否则 0".repeat(n)), LIMIT, "5:");
    too_deep("not_over", "布尔", &format!("{}开", "非 ".repeat(n)), LIMIT, "5:");
    let matches = format!("{}数{}", "匹配 级 { 甲级 => ".repeat(n), ", _ => 0 }".repeat(n));
    too_deep("match_over", "整数", &matches, LIMIT, "5:");
    // a chain of definitions deeper than the evaluation limit
    let defs: String = (0..12_000).map(|i| format!("定义 d{i} = d{} + 1\n", i + 1)).collect();
    let path = policy("defs_over", &format!("{defs}定义 d12000 = 数\n"), "整数", "d0");
    let (code, _, err) = jz(&["test", p(&path)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("nesting deeper than {}", jz_check::MAX_EVAL_DEPTH)), "{err}");
    assert!(err.contains("E0415"), "{err}");
}

#[test]
fn one_bad_repl_line_never_ends_the_session() {
    let path = policy("repl", "", "整数", "数");
    let n = LIMIT + 10;
    let ifs = format!("{}1{}", "若 是 则 ".repeat(1500), " 否则 0".repeat(1500));
    let script = format!(
        "{open}1{close}\n{open_ok}1{close_ok}\n{negs}1\n{sum}\n{ors}\n{ifs}\n1 + 1\n",
        open = "(".repeat(n),
        close = ")".repeat(n),
        open_ok = "(".repeat(LIMIT - 1),
        close_ok = ")".repeat(LIMIT - 1),
        negs = "- ".repeat(n),
        sum = vec!["1"; 2300].join(" + "),
        ors = vec!["否"; 2500].join(" 或 "),
    );
    let (code, out, err) = jz_with(&["repl", p(&path)], Some(&script));
    // piped, the exit status says that some entry failed; every entry after a failed one still ran
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        out.matches(&format!("nesting deeper than {LIMIT}")).count() + err.matches("nesting deeper").count(),
        2,
        "{out}{err}"
    );
    for value in ["\n1\n", "\n2300\n", "\n否\n", "\n2\n"] {
        assert!(format!("\n{out}").contains(value), "missing {value:?} in {out}{err}");
    }
}

#[test]
fn unit_powers_beyond_the_limit_are_errors_not_overflows() {
    // found by fuzzing a REPL line: a unit's powers were added as `i32` without a bound
    let power = jz_check::types::MAX_UNIT_POWER;
    let path = policy("unit_product", &format!("定义 大 = 1 [t{power}] * 1 [t{power}]\n"), "整数", "数");
    let (code, _, err) = jz(&["check", p(&path)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0309") && err.contains(&format!("unit power beyond ±{power}")), "{err}");
    let path = policy("unit_literal", "定义 大 = 1 [h2147483648]\n", "整数", "数");
    let (code, _, err) = jz(&["check", p(&path)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0411"), "{err}");
    let path = policy("unit_repl", "", "整数", "数");
    let script = "1 [t*rh0037738003/h00377386388*t037738003/h00377386388*t] * 1 [h99999999]\n\
                  1 [t500] * 1 [t500] * 1 [t1]\n1 + 1\n";
    let (code, out, err) = jz_with(&["repl", p(&path)], Some(script));
    assert_eq!(code, 1, "{out}{err}");
    assert!(format!("{out}{err}").contains("E0309"), "{out}{err}");
    assert!(format!("\n{out}").contains("\n2\n"), "the session went on: {out}{err}");
}

#[test]
fn use_reads_only_regular_files() {
    for dev in ["/dev/zero", "/dev/urandom"] {
        if !Path::new(dev).exists() {
            continue;
        }
        let path = scratch("hostile", "use_dev.jz");
        std::fs::write(&path, format!("引用 \"{dev}\"\n定义 甲 = 1\n")).unwrap();
        let (code, _, err) = jz(&["check", p(&path)]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(&format!("`{dev}` is not a regular file")) && err.contains("a device"), "{err}");
        assert!(err.contains("use_dev.jz:1:"), "{err}");
        // as the entry file too
        let (code, _, err) = jz(&["check", dev]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("is not a regular file"), "{err}");
    }
    // a directory
    let path = scratch("hostile", "use_dir.jz");
    std::fs::write(&path, "引用 \".\"\n").unwrap();
    let (code, _, err) = jz(&["check", p(&path)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("a directory"), "{err}");
    // a file over the size limit (sparse: nothing is written)
    let big = scratch("hostile", "big.jz");
    std::fs::File::create(&big).unwrap().set_len(jz_check::MAX_FILE_BYTES + 1).unwrap();
    let path = scratch("hostile", "use_big.jz");
    std::fs::write(&path, "引用 \"big.jz\"\n").unwrap();
    let (code, _, err) = jz(&["check", p(&path)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("too large to be a policy"), "{err}");
}

#[test]
fn refinement_cycles_are_an_error() {
    let a = scratch("hostile-cycle", "a.jz");
    let b = scratch("hostile-cycle", "b.jz");
    std::fs::write(&a, "政策 甲 \"a\" 细化 乙\n引用 \"b.jz\"\n").unwrap();
    std::fs::write(&b, "政策 乙 \"b\" 细化 甲\n引用 \"a.jz\"\n").unwrap();
    for cmd in ["check", "test", "verify"] {
        let (code, _, err) = jz(&[cmd, p(&a)]);
        assert_eq!(code, 1, "{cmd}: {err}");
        assert!(err.contains("policies refine each other in a cycle") && err.contains("E0107"), "{cmd}: {err}");
    }
    // itself, while another loaded file has its name: the lineage would loop
    let s = scratch("hostile-cycle", "self.jz");
    let other = scratch("hostile-cycle", "other.jz");
    std::fs::write(&s, "政策 丙 \"c\" 细化 丙\n").unwrap();
    std::fs::write(&other, "政策 丙 \"d\"\n引用 \"self.jz\"\n").unwrap();
    let (code, _, err) = jz(&["test", p(&other)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0107"), "{err}");
}

#[test]
fn a_policy_that_is_not_utf8_is_located_with_its_likely_encoding() {
    // "政策 a \"t\"\n定义 甲 = 1" with the second line in GBK: 定义 = B6 A8 D2 E5, 甲 = BC D7
    let path = scratch("hostile", "gbk.jz");
    let mut bytes = "政策 a \"t\"\n".as_bytes().to_vec();
    bytes.extend([0xB6, 0xA8, 0xD2, 0xE5, b' ', 0xBC, 0xD7, b' ', b'=', b' ', b'1', b'\n']);
    std::fs::write(&path, &bytes).unwrap();
    let (code, _, err) = jz(&["check", p(&path)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is not UTF-8 text: byte 0xB6 at line 2, column 1"), "{err}");
    assert!(err.contains("GBK") && err.contains("iconv -f GBK -t UTF-8"), "{err}");
    assert!(err.contains("gbk.jz:2:1"), "{err}");
    assert!(!err.contains("check the path"), "{err}");
    // UTF-16 with a byte-order mark, brought in by `引用`
    let u16 = scratch("hostile", "utf16.jz");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("定义 甲 = 1\n".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&u16, bytes).unwrap();
    let user = scratch("hostile", "uses_utf16.jz");
    std::fs::write(&user, "引用 \"utf16.jz\"\n").unwrap();
    let (code, _, err) = jz(&["check", p(&user)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("UTF-16") && err.contains("iconv -f UTF-16 -t UTF-8"), "{err}");
    assert!(err.contains("brought in here"), "{err}");
}

/// The data readers' fuzzing corpus (`scripts/fuzz.sh data` keeps it minimised in `tests/fuzz/data/`): each
/// input's first byte picks CSV, JSON Lines or XLSX, as in `fuzz/fuzz_targets/data.rs`; every row read is in
/// the batch or rejected.
#[test]
fn data_reader_fuzz_corpus_loses_no_row() {
    let policy = "政策 模糊.数据 \"数据\"\n枚举 级别 { 无, 黄色, 红色 }\n\
                  记录 企业 键 代码 { 代码: 文本, 蒸吨: 数值 [t/h], 台数: 整数, 在用: 布尔, 等级: 级别, 投产: 日期, \
                  期限: 天数, 备注: 文本?, 排放: 集合<级别> }\n";
    let checked = jz_check::load_text("数据.jz", policy, Path::new("."));
    let p = checked.program.expect("the data policy checks");
    let record = p.record("企业").unwrap();
    let dir = common::root().join("tests/fuzz/data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus in {}", dir.display());
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let Some((&kind, body)) = bytes.split_first() else { continue };
        let ext = ["csv", "jsonl", "xlsx"][kind as usize % 3];
        let input = scratch("hostile-data", &format!("input.{ext}"));
        std::fs::write(&input, body).unwrap();
        let Ok((mut source, schema)) = jz_data::open(&p, record, &input) else { continue };
        while let Ok(Some(chunk)) = source.next_chunk(7) {
            let (batch, rejects) = jz_data::parse_chunk(&p, &schema, &chunk);
            let rejected: std::collections::HashSet<u64> = rejects.iter().map(|r| r.row).collect();
            assert_eq!(chunk.len(), batch.len() + rejected.len(), "{}: rows in != rows out + rejected", f.display());
        }
    }
}

/// `jz verify` with an enum of 10,000 variants (one-hot, exactly-one by halves, no per-variant default-gap
/// search for code lists) proves its guarantee; the figures are in `benches/hostile_scale.rs`.
#[test]
fn verify_handles_an_enum_of_ten_thousand_variants() {
    let vs: Vec<String> = (0..10_000).map(|i| format!("V{i}")).collect();
    let path = scratch("hostile", "enum10000.jz");
    std::fs::write(
        &path,
        format!(
            "政策 敌意.枚举 \"t\"\n枚举 大 {{ {} }}\n记录 企业 键 代码 {{ 代码: 文本, 类: 大 }}\n关于 企业\n\
             判定 结果: 布尔 默认 否 {{ 规则 依据 \"一\": 当 类 == V9999 则 是 }}\n保障 g 依据 \"一\": 当 类 == V0 则 非 结果\n",
            vs.join(", ")
        ),
    )
    .unwrap();
    let (code, out, err) = jz(&["verify", p(&path)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 proved"), "{out}");
}
