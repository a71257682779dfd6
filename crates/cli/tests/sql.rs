//! `jz sql` against the interpreter on real engines: the query it prints, run by DuckDB (Python's `duckdb`) and by a
//! PostgreSQL server (`scripts/pg-start.sh`, found through PGHOST), gives every row the decisions, `依据` and
//! reject reason that `jz run --engine interp` gives — on the encoded law over generated data (100,000
//! enterprises), and on generated policies (booleans, enums, sets, integers whose sums overflow, dates with
//! offsets and month-day ranges, text prefixes, optional fields, decimals, nested exceptions that conflict,
//! guarantees) over generated records with extreme values. Rows `jz run` rejects for a cell it cannot read must
//! be rejected by the query too (the wording of cell errors is the reader's own).
//!
//! Spark SQL (PySpark in local mode, one session for all its jobs) runs a smaller set: the law on 10,000
//! enterprises, vehicles, the non-conformant draft and 8 generated policies.
//!
//! Outside CI an engine that is not installed is skipped with a message; under `CI=true` (`.ci/run` installs
//! all three) a missing engine fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail loudly")]

mod common;
use common::{jz, root, scratch};

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Engine {
    DuckDb,
    Postgres,
    Spark,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::DuckDb => "duckdb",
            Engine::Postgres => "postgres",
            Engine::Spark => "spark",
        }
    }
    fn available(self) -> bool {
        let ok = match self {
            Engine::DuckDb => {
                Command::new("python3").args(["-c", "import duckdb"]).output().is_ok_and(|o| o.status.success())
            }
            Engine::Postgres => {
                std::env::var("PGHOST").is_ok()
                    && Command::new("psql").args(["-Atc", "select 1"]).output().is_ok_and(|o| o.status.success())
            }
            Engine::Spark => {
                Command::new("python3").args(["-c", "import pyspark"]).output().is_ok_and(|o| o.status.success())
                    && Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success())
            }
        };
        if !ok {
            assert!(
                std::env::var("CI").is_err(),
                "{} is not available under CI (.ci/run installs it: pip install duckdb, scripts/pg-start.sh)",
                self.name()
            );
            eprintln!(
                "skipped: {} is not available (pip install duckdb; eval \"$(scripts/pg-start.sh)\")",
                self.name()
            );
        }
        ok
    }
}

/// Run the `jz sql` query for these arguments on `engine` over `data`: rows by key (decisions + 依据, reject).
fn via_sql(engine: Engine, policy: &str, record: &str, data: &Path, sets: &[&str], tag: &str) -> Vec<Vec<String>> {
    let data_arg = data.to_str().unwrap();
    let mut args =
        vec!["sql", policy, "--record", record, "--dialect", engine.name(), "--explain", "--columns-from", data_arg];
    for s in sets {
        args.extend(["--set", s]);
    }
    let (code, sql, stderr) = jz(&args);
    assert_eq!(code, 0, "jz sql {policy}: {stderr}");
    let query = scratch("sql", &format!("{tag}-{}.sql", engine.name()));
    std::fs::write(&query, sql).unwrap();
    let out = scratch("sql", &format!("{tag}-{}.csv", engine.name()));
    let run = Command::new("python3")
        .arg(root().join("scripts/run_sql.py"))
        .args([engine.name(), query.to_str().unwrap(), data.to_str().unwrap(), record, out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(run.status.success(), "{} failed on {policy}: {}", engine.name(), String::from_utf8_lossy(&run.stderr));
    read_csv(&out)
}

/// The `jz sql` query for Spark (its views take ASCII names: the table is `jz_input`), written to a file.
fn spark_query(policy: &str, record: &str, data: &Path, sets: &[&str], tag: &str) -> std::path::PathBuf {
    let data = data.to_str().unwrap();
    let mut args = vec![
        "sql",
        policy,
        "--record",
        record,
        "--dialect",
        "spark",
        "--explain",
        "--table",
        "jz_input",
        "--columns-from",
        data,
    ];
    for s in sets {
        args.extend(["--set", s]);
    }
    let (code, sql, stderr) = jz(&args);
    assert_eq!(code, 0, "jz sql {policy}: {stderr}");
    let query = scratch("sql", &format!("{tag}-spark.sql"));
    std::fs::write(&query, sql).unwrap();
    query
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_path(path).unwrap();
    r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect()
}

/// What `jz run --engine interp` says of every row: key → Ok(decisions and 依据) or Err((column, reason)).
type Verdicts = HashMap<String, Result<Vec<String>, (String, String)>>;

fn via_interp(policy: &str, record: &str, data: &Path, sets: &[&str], tag: &str) -> Verdicts {
    let out = scratch("sql", &format!("{tag}-interp.csv"));
    let rejects = scratch("sql", &format!("{tag}-rejects.csv"));
    let mut args = vec!["run", policy, "--record", record, "--data", data.to_str().unwrap(), "--engine", "interp"];
    args.extend(["--explain", "--out", out.to_str().unwrap(), "--rejects", rejects.to_str().unwrap()]);
    for s in sets {
        args.extend(["--set", s]);
    }
    let (code, _, stderr) = jz(&args);
    assert!(code == 0 || code == 3, "jz run {policy}: {stderr}");
    let mut v: Verdicts = HashMap::new();
    for row in read_csv(&out) {
        let key = row.first().cloned().unwrap_or_default();
        v.insert(key, Ok(row.get(1..).unwrap_or(&[]).to_vec()));
    }
    // 行号,键,列,值,原因: the first reason of a row (a row with several bad cells has several lines)
    for row in read_csv(&rejects) {
        let key = row.get(1).cloned().unwrap_or_default();
        v.entry(key)
            .or_insert_with(|| Err((row.get(2).cloned().unwrap_or_default(), row.get(4).cloned().unwrap_or_default())));
    }
    v
}

/// Compare: every key the interpreter saw, with its decisions or its reject reason.
fn compare(interp: &Verdicts, sql: &[Vec<String>], what: &str) -> (usize, usize) {
    assert_eq!(interp.len(), sql.len(), "{what}: row counts differ");
    let (mut written, mut rejected) = (0, 0);
    for row in sql {
        let key = row.first().cloned().unwrap_or_default();
        let reject = row.last().cloned().unwrap_or_default();
        let decided = row.get(1..row.len() - 1).unwrap_or(&[]).to_vec();
        match interp.get(&key) {
            Some(Ok(expected)) => {
                assert!(reject.is_empty(), "{what}: {key} rejected by SQL ({reject}), decided by the interpreter");
                assert_eq!(&decided, expected, "{what}: {key}");
                written += 1;
            }
            Some(Err((column, reason))) => {
                assert!(!reject.is_empty(), "{what}: {key} decided by SQL, rejected by the interpreter ({reason})");
                let cell = !column.is_empty() && !reason.starts_with("conflict");
                if !cell {
                    assert_eq!(&reject, reason, "{what}: {key}");
                }
                rejected += 1;
            }
            None => panic!("{what}: SQL returned key {key} the interpreter did not see"),
        }
    }
    (written, rejected)
}

#[test]
fn the_encoded_law_gives_the_interpreters_answers_on_duckdb_and_postgres() {
    let engines: Vec<Engine> = [Engine::DuckDb, Engine::Postgres].into_iter().filter(|e| e.available()).collect();
    if engines.is_empty() {
        return;
    }
    let big = scratch("sql", "enterprises_100k.csv");
    let file = std::fs::File::create(&big).unwrap();
    jz_gen::write_enterprises(std::io::BufWriter::new(file), 100_000, 7, &jz_gen::Options::default()).unwrap();
    let small = root().join("examples/enterprises_10k.csv");
    let cases: Vec<(&str, &str, std::path::PathBuf, &[&str])> = vec![
        ("policies/hebei/main.jz", "企业", big.clone(), &["预警级别=橙色"]),
        ("policies/hebei/main.jz", "企业", small.clone(), &["预警级别=红色", "日期=2026-07-01"]),
        ("policies/counties/安平县/main.jz", "企业", small.clone(), &["预警级别=黄色"]),
        ("policies/counties/武安市/main.jz", "企业", small.clone(), &["预警级别=红色", "日期=2026-12-01"]),
        ("tests/verify/nonconformant_county.jz", "企业", small.clone(), &["预警级别=橙色"]),
        (
            "policies/hebei/main.jz",
            "机动车",
            root().join("examples/vehicles_1k.csv"),
            &["预警级别=红色", "限行方式=单双号", "日期=2026-01-16"],
        ),
        ("policies/hebei/main.jz", "施工项目", root().join("examples/projects_1k.csv"), &["预警级别=橙色"]),
    ];
    for (i, (policy, record, data, sets)) in cases.iter().enumerate() {
        let tag = format!("law{i}");
        let interp = via_interp(policy, record, data, sets, &tag);
        for &engine in &engines {
            let sql = via_sql(engine, policy, record, data, sets, &tag);
            let (w, r) = compare(&interp, &sql, &format!("{} {policy} {sets:?}", engine.name()));
            eprintln!("{}: {policy} {record} {sets:?}: {w} decided, {r} rejected, identical", engine.name());
            if *policy == "tests/verify/nonconformant_county.jz" {
                assert!(r > 0, "the draft's conflicts and violated guarantees are rejects here");
            }
        }
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn chance(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
}

const ATOMS: &[&str] = &[
    "a",
    "b",
    "e == 中",
    "e >= 中",
    "e 属于 {低, 高}",
    "(匹配 e { 低 => 是, 中 => 否, _ => b })",
    "n > 3",
    "n + 1 > 4",
    "n - 上限 >= 0",
    "-n < -4",
    "最大(n, 上限) > 5",
    "s 包含 甲",
    "s 为空",
    "s 相交 {乙}",
    "数量(s) == 1",
    "{甲} 包含于 s",
    "t 开头为 \"ab\"",
    "t == \"x\"",
    "t 开头为 {\"a\", \"q\"}",
    "有 o 且 o",
    "非 有 o",
    "日期 在 10-01..03-31",
    "d + 3 天 >= 日期",
    "d < 日期",
    "日期 - d > 10 天",
    "x > 1.5 [t/h]",
    "x + x <= 限值",
    "x - 限值 > 0 [t/h]",
    "预警 > 低",
    "开关",
];

fn cond(r: &mut Rng, depth: usize) -> String {
    if depth == 0 || r.chance(40) {
        let a = r.pick(ATOMS).to_string();
        return if r.chance(20) { format!("非 ({a})") } else { a };
    }
    match r.below(4) {
        0 => format!("({} 且 {})", cond(r, depth - 1), cond(r, depth - 1)),
        1 => format!("({} 或 {})", cond(r, depth - 1), cond(r, depth - 1)),
        2 => format!("(若 {} 则 {} 否则 {})", cond(r, 0), cond(r, depth - 1), cond(r, depth - 1)),
        _ => format!("非 ({})", cond(r, depth - 1)),
    }
}

fn rules(r: &mut Rng, name: &str, values: &[&str], reads: &str) -> String {
    let n = 1 + r.below(4);
    let mut out = String::new();
    for i in 0..n {
        let head = if i > 0 && r.chance(45) {
            format!("例外 {name}{} 规则 {name}{i}", r.below(i))
        } else {
            format!("规则 {name}{i}")
        };
        let when = if r.chance(10) {
            String::new()
        } else if !reads.is_empty() && r.chance(30) {
            format!("当 {reads} 且 {} ", cond(r, 1))
        } else {
            format!("当 {} ", cond(r, 2))
        };
        out.push_str(&format!("  {head} 依据 \"第{i}条\": {when}则 {}\n", r.pick(values)));
    }
    out
}

fn policy(seed: u64) -> String {
    let mut r = Rng(seed | 1);
    let mut src = String::from(
        "政策 随机.政策 \"随机\"\n枚举 级别 { 低, 中, 高 }\n枚举 类 { 甲, 乙 }\n枚举 结果 { 无, 轻, 重 }\n\
         情景 { 预警: 级别 = 低; 日期: 日期 = 2026-01-15 }\n\
         参数 上限: 整数 = 5 开放 范围 [3, 7]\n参数 开关: 布尔 = 否 开放\n参数 限值 = 1.5 [t/h]\n\
         记录 单位 键 编号 { 编号: 文本, a: 布尔, b: 布尔, e: 级别, n: 整数, s: 集合<类>, t: 文本, o: 布尔?, d: 日期, x: 数值 [t/h] }\n\
         关于 单位\n",
    );
    src.push_str(&format!("定义 条件甲 = {}\n", cond(&mut r, 2)));
    src.push_str(&format!("判定 D0: 布尔 默认 否 {{\n{}}}\n", rules(&mut r, "p", &["是", "否"], "条件甲")));
    let d1_default = *r.pick(&["无", "轻", "若 a 则 轻 否则 无"]);
    src.push_str(&format!("判定 D1: 结果 默认 {d1_default} {{\n{}}}\n", rules(&mut r, "q", &["无", "轻", "重"], "D0")));
    src.push_str(&format!(
        "判定 D2: 整数 默认 0 {{\n  规则 w0 依据 \"w\": 当 D1 >= 轻 则 n + 1\n  规则 w1 依据 \"w\": 当 {} 则 n - 上限\n}}\n",
        cond(&mut r, 1)
    ));
    src.push_str(&format!("判定 D3: 日期 默认 d {{\n  规则 v0 依据 \"v\": 当 {} 则 d + 7 天\n}}\n", cond(&mut r, 1)));
    let asserts = ["非 D0", "D1 <= 轻", "D1 != 重", "D1 == 无 或 D0", "D2 < 100"];
    for i in 0..r.below(3) {
        src.push_str(&format!("保障 G{i} 依据 \"保障{i}\": 当 {} 则 {}\n", cond(&mut r, 1), r.pick(&asserts)));
    }
    src
}

fn records(seed: u64, n: usize) -> String {
    let mut r = Rng(seed.wrapping_mul(31) | 1);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["编号", "a", "b", "e", "n", "s", "t", "o", "d", "x"]).unwrap();
    let ints = [
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "-1",
        "9",
        "9223372036854775807",
        "-9223372036854775808",
        "-9223372036854775805",
        "9223372036854775806",
    ];
    for i in 0..n {
        let bad = r.chance(3);
        let row = [
            format!("k{i}"),
            r.pick(&["是", "否", "true", "0"]).to_string(),
            r.pick(&["是", "否", "1", "FALSE"]).to_string(),
            if bad { "极高".into() } else { r.pick(&["低", "中", "高"]).to_string() },
            r.pick(&ints).to_string(),
            r.pick(&["", "甲", "乙", "甲;乙", "乙、甲", "甲；甲"]).to_string(),
            r.pick(&["x", "ab", "abz", "a", "q", "qq", "z"]).to_string(),
            r.pick(&["", "是", "否"]).to_string(),
            r.pick(&["2026-01-15", "2026-01-10", "2025-10-01", "2026-03-31", "2026-06-30", "2026-01-12"]).to_string(),
            r.pick(&["0", "1.5", "0.75", "1.6", "2", "0.8", "1.25"]).to_string(),
        ];
        w.write_record(&row).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn generated_policies_give_the_interpreters_answers_on_duckdb_and_postgres() {
    let engines: Vec<Engine> = [Engine::DuckDb, Engine::Postgres].into_iter().filter(|e| e.available()).collect();
    if engines.is_empty() {
        return;
    }
    let cases: u64 = std::env::var("JZ_SQL_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(40);
    let (mut decided, mut rejected, mut compiled) = (0, 0, 0);
    for seed in 1..=cases {
        let src = policy(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let file = scratch("sql", &format!("gen{seed}.jz"));
        std::fs::write(&file, &src).unwrap();
        let (code, _, stderr) = jz(&["check", file.to_str().unwrap()]);
        assert_eq!(code, 0, "generated policy does not check:\n{src}\n{stderr}");
        let data = scratch("sql", &format!("gen{seed}.csv"));
        std::fs::write(&data, records(seed, 300)).unwrap();
        let sets: &[&str] = match seed % 3 {
            0 => &["预警=高", "日期=2026-01-15"],
            1 => &["预警=中", "上限=3", "开关=是"],
            _ => &["日期=2026-07-01", "上限=7"],
        };
        let policy = file.to_str().unwrap();
        let interp = via_interp(policy, "单位", &data, sets, &format!("gen{seed}"));
        for &engine in &engines {
            let sql = via_sql(engine, policy, "单位", &data, sets, &format!("gen{seed}"));
            let (w, r) = compare(&interp, &sql, &format!("{} seed {seed}\n{src}", engine.name()));
            decided += w;
            rejected += r;
            compiled += 1;
        }
    }
    eprintln!("{compiled} generated policy runs: {decided} rows decided, {rejected} rejected, all identical");
    // the campaign is not vacuous: both kinds of row occur
    assert!(decided > 0 && rejected > 0, "{decided} decided, {rejected} rejected");
}

#[test]
fn what_sql_cannot_compute_exactly_is_an_error_at_its_span() {
    let file = scratch("sql", "product.jz");
    std::fs::write(
        &file,
        "政策 小.政策 \"乘法\"\n记录 厂 键 号 { 号: 文本, x: 数值, y: 数值 }\n关于 厂\n\
         判定 大: 布尔 默认 否 { 规则 r 依据 \"一\": 当 x * y > 10 则 是 }\n",
    )
    .unwrap();
    let (code, stdout, stderr) = jz(&["sql", file.to_str().unwrap(), "--record", "厂"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stderr.contains("error[E0601]") && stderr.contains("product.jz:4"), "{stderr}");
    let (code, _, stderr) = jz(&["sql", file.to_str().unwrap(), "--record", "厂", "--dialect", "oracle"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown dialect"), "{stderr}");
}

#[test]
fn spark_sql_gives_the_interpreters_answers() {
    if !Engine::Spark.available() {
        return;
    }
    // (policy, record, data, sets, tag)
    let mut cases: Vec<(String, &str, std::path::PathBuf, Vec<&str>, String)> = vec![
        (
            "policies/hebei/main.jz".into(),
            "企业",
            root().join("examples/enterprises_10k.csv"),
            vec!["预警级别=橙色"],
            "spark-law".into(),
        ),
        (
            "tests/verify/nonconformant_county.jz".into(),
            "企业",
            root().join("examples/enterprises_10k.csv"),
            vec!["预警级别=红色"],
            "spark-draft".into(),
        ),
        (
            "policies/hebei/main.jz".into(),
            "机动车",
            root().join("examples/vehicles_1k.csv"),
            vec!["预警级别=红色", "限行方式=按排放标准", "日期=2026-01-16"],
            "spark-veh".into(),
        ),
    ];
    for seed in 1..=8u64 {
        let src = policy(seed.wrapping_mul(0xD1B5_4A32_D192_ED03));
        let file = scratch("sql", &format!("spark-gen{seed}.jz"));
        std::fs::write(&file, &src).unwrap();
        let data = scratch("sql", &format!("spark-gen{seed}.csv"));
        std::fs::write(&data, records(seed + 1000, 200)).unwrap();
        let sets = if seed % 2 == 0 { vec!["预警=高", "上限=3"] } else { vec!["日期=2026-07-01", "开关=是"] };
        cases.push((file.to_str().unwrap().to_string(), "单位", data, sets, format!("spark-gen{seed}")));
    }
    let mut jobs = String::new();
    for (policy, record, data, sets, tag) in &cases {
        let q = spark_query(policy, record, data, sets, tag);
        let out = scratch("sql", &format!("{tag}-spark.csv"));
        jobs.push_str(&format!("{}\t{}\tjz_input\t{}\n", q.display(), data.display(), out.display()));
    }
    let list = scratch("sql", "spark-jobs.tsv");
    std::fs::write(&list, jobs).unwrap();
    let run =
        Command::new("python3").arg(root().join("scripts/run_sql.py")).arg("spark-batch").arg(&list).output().unwrap();
    assert!(run.status.success(), "spark failed: {}", String::from_utf8_lossy(&run.stderr));
    let (mut decided, mut rejected) = (0, 0);
    for (policy, record, data, sets, tag) in &cases {
        let interp = via_interp(policy, record, data, sets, tag);
        let sql = read_csv(&scratch("sql", &format!("{tag}-spark.csv")));
        let (w, r) = compare(&interp, &sql, &format!("spark {policy} {sets:?}"));
        decided += w;
        rejected += r;
    }
    eprintln!("spark: {} runs, {decided} rows decided, {rejected} rejected, all identical", cases.len());
    assert!(decided > 0 && rejected > 0, "{decided} decided, {rejected} rejected");
}
