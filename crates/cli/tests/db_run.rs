//! `jz run --engine duckdb` and `jz run --db postgresql://…`: the policy compiled to SQL and run where the
//! data are gives the same output file, rejects file, summary and exit status as `jz run` with the native
//! engine — on the encoded law over the bundled 10,000 enterprises and over a file with bad cells and a
//! multi-line field — and refuses what it cannot do the same way (a workbook, GBK, an existing output table),
//! with a failed write failing the run.
//!
//! DuckDB is the `duckdb` command line (`pip install duckdb-cli`, or JZ_DUCKDB); PostgreSQL the server
//! `scripts/pg-start.sh` starts (found through PGHOST/PGPORT/PGUSER/PGDATABASE). Outside CI a missing one is
//! skipped with a message; under `CI=true` it fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail loudly")]

mod common;
use common::{captured, jz, p, root, scratch};

use std::path::{Path, PathBuf};
use std::process::Command;

fn duckdb_available() -> bool {
    let program = std::env::var("JZ_DUCKDB").unwrap_or_else(|_| "duckdb".into());
    let ok = Command::new(program).arg("-version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").is_err(),
            "the duckdb command is not available under CI (.ci/run installs duckdb-cli)"
        );
        eprintln!("skipped: no duckdb command (pip install duckdb-cli)");
    }
    ok
}

/// A URL for the test server, from the libpq environment.
fn pg_url() -> Option<String> {
    let host = std::env::var("PGHOST").ok();
    let ok =
        host.is_some() && Command::new("psql").args(["-Atc", "select 1"]).output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var("CI").is_err(), "PostgreSQL is not available under CI (.ci/run starts it)");
        eprintln!("skipped: no PostgreSQL server (eval \"$(scripts/pg-start.sh)\")");
        return None;
    }
    let host = host.unwrap_or_default();
    let port = std::env::var("PGPORT").unwrap_or_else(|_| "5432".into());
    let user = std::env::var("PGUSER").unwrap_or_else(|_| "postgres".into());
    let db = std::env::var("PGDATABASE").unwrap_or_else(|_| "postgres".into());
    let host = if host.starts_with('/') { host.replace('/', "%2F") } else { host };
    Some(format!("postgresql://{user}@{host}:{port}/{db}"))
}

fn psql(sql: &str) -> String {
    let out = Command::new("psql").args(["-v", "ON_ERROR_STOP=1", "-Atq", "-c", sql]).output().unwrap();
    assert!(out.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Load a CSV file into a fresh table of text columns.
fn load_table(table: &str, data: &Path) {
    let header = std::fs::read_to_string(data).unwrap();
    let header = header.lines().next().unwrap().trim_start_matches('\u{feff}');
    let cols: Vec<String> = header.split(',').map(|c| format!("\"{c}\" TEXT")).collect();
    psql(&format!("DROP TABLE IF EXISTS \"{table}\"; CREATE TABLE \"{table}\" ({})", cols.join(", ")));
    psql(&format!("\\copy \"{table}\" FROM '{}' WITH (FORMAT csv, HEADER true)", p(data)));
}

struct Run {
    code: i32,
    stderr: String,
    out: String,
    rejects: String,
    summary: serde_json::Value,
}

fn run(tag: &str, args: &[&str]) -> Run {
    let out = scratch("db_run", &format!("{tag}.csv"));
    let rejects = scratch("db_run", &format!("{tag}.rejects.csv"));
    let summary = scratch("db_run", &format!("{tag}.summary.json"));
    for f in [&out, &rejects, &summary] {
        let _ = std::fs::remove_file(f);
    }
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--out", p(&out), "--rejects", p(&rejects), "--summary-json", p(&summary)]);
    let (code, _, stderr) = jz(&all);
    let read = |f: &PathBuf| std::fs::read_to_string(f).unwrap_or_default();
    let mut summary: serde_json::Value = serde_json::from_str(&read(&summary)).unwrap_or(serde_json::Value::Null);
    if let Some(o) = summary.as_object_mut() {
        o.remove("seconds");
    }
    Run { code, stderr, out: read(&out), rejects: read(&rejects), summary }
}

const LAW: &str = "policies/counties/安平县/main.jz";

#[test]
fn duckdb_gives_the_native_engines_output_rejects_and_summary_on_the_law() {
    if !duckdb_available() {
        return;
    }
    let data = "examples/enterprises_10k.csv";
    for sets in [&[][..], &["--set", "预警级别=橙色"][..]] {
        let mut a = vec!["run", LAW, "--record", "企业", "--data", data, "--explain"];
        a.extend(sets);
        let native = run("law-jit", &a);
        a.extend(["--engine", "duckdb"]);
        let duck = run("law-duckdb", &a);
        assert_eq!(native.code, 0, "{}", native.stderr);
        assert_eq!(duck.code, native.code, "{}", duck.stderr);
        assert!(native.out.lines().count() > 10_000, "every enterprise has a row");
        assert!(duck.out == native.out, "the output files differ ({sets:?})");
        assert_eq!(duck.summary, native.summary, "{sets:?}");
        assert_eq!(duck.rejects, native.rejects);
    }
}

#[test]
fn duckdb_rejects_the_rows_jz_rejects_with_their_lines() {
    if !duckdb_available() {
        return;
    }
    // bad cells, an empty key, a quoted field over two lines and a blank line before the last row
    let src = std::fs::read_to_string(root().join("examples/enterprises_small.csv")).unwrap();
    let mut lines: Vec<String> = src.lines().map(String::from).collect();
    let header: Vec<String> = lines[0].split(',').map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let set = |line: &str, c: usize, v: &str| {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        cells[c] = v.to_string();
        cells.join(",")
    };
    let name = header.iter().position(|h| h.contains("名称")).unwrap_or(1);
    lines[2] = set(&lines[2], col("燃煤锅炉蒸吨"), "很多");
    lines[3] = set(&lines[3], name, "\"一家\n两行的企业\"");
    lines[4] = set(&lines[4], col("燃煤锅炉蒸吨"), "");
    lines[5] = set(&set(&lines[5], col("燃煤锅炉蒸吨"), "1e3"), col("绩效等级"), "Z级");
    let last = lines.len() - 1;
    lines.insert(last, String::new());
    let data = scratch("db_run", "bad.csv");
    std::fs::write(&data, lines.join("\n") + "\n").unwrap();
    let a = ["run", LAW, "--record", "企业", "--data", p(&data)];
    let native = run("bad-jit", &a);
    let mut d = a.to_vec();
    d.extend(["--engine", "duckdb"]);
    let duck = run("bad-duckdb", &d);
    assert_eq!(native.code, 3, "{}", native.stderr);
    assert_eq!(duck.code, 3, "{}", duck.stderr);
    assert!(duck.out == native.out, "the output files differ");
    assert_eq!(duck.summary, native.summary);
    assert!(native.rejects.lines().count() == 5, "one reject per bad cell: {}", native.rejects);
    assert_eq!(duck.rejects, native.rejects, "the same rejects file: rows, keys, columns, values, reasons, lines");
}

#[test]
fn duckdb_refuses_what_it_would_read_differently() {
    let xlsx = ["run", LAW, "--record", "企业", "--data", "examples/enterprises_small.xlsx", "--engine", "duckdb"];
    let (code, _, err) = jz(&xlsx);
    assert_eq!(code, 1);
    assert!(err.contains("reads CSV files") && err.contains("--engine jit"), "{err}");
    let gbk = [
        "run",
        LAW,
        "--record",
        "企业",
        "--data",
        "examples/enterprises_small.csv",
        "--engine",
        "duckdb",
        "--encoding",
        "gbk",
    ];
    let (code, _, err) = jz(&gbk);
    assert_eq!(code, 1);
    assert!(err.contains("UTF-8 only"), "{err}");
    let missing = Command::new(env!("CARGO_BIN_EXE_jz"))
        .args(["run", LAW, "--record", "企业", "--data", "examples/enterprises_small.csv", "--engine", "duckdb"])
        .env("JZ_DUCKDB", "/nonexistent/duckdb")
        .current_dir(root())
        .output()
        .unwrap();
    let (code, out, err) = captured(missing);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("cannot start `/nonexistent/duckdb`") && err.contains("pip install duckdb-cli"), "{err}");
    assert!(!out.contains('\n') || out.lines().count() <= 1, "no rows when the engine is missing: {out}");
}

#[test]
fn duckdb_a_failed_write_fails_the_run() {
    if !duckdb_available() {
        return;
    }
    let a = [
        "run",
        LAW,
        "--record",
        "企业",
        "--data",
        "examples/enterprises_10k.csv",
        "--engine",
        "duckdb",
        "--out",
        "/dev/full",
    ];
    let (code, _, err) = jz(&a);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("No space left") || err.contains("failed"), "{err}");
}

#[test]
fn postgres_evaluates_a_table_in_place_with_the_native_engines_answers() {
    let Some(url) = pg_url() else { return };
    let data = root().join("examples/enterprises_10k.csv");
    load_table("jz_db_run_10k", &data);
    psql("DROP TABLE IF EXISTS jz_db_run_out");
    let native =
        run("pg-jit", &["run", LAW, "--record", "企业", "--data", p(&data), "--explain", "--set", "预警级别=红色"]);
    let pg = run(
        "pg",
        &[
            "run",
            LAW,
            "--record",
            "企业",
            "--db",
            &url,
            "--table",
            "jz_db_run_10k",
            "--explain",
            "--set",
            "预警级别=红色",
        ],
    );
    assert_eq!(native.code, 0, "{}", native.stderr);
    assert_eq!(pg.code, 0, "{}", pg.stderr);
    assert_eq!(pg.summary, native.summary);
    let sorted = |s: &str| {
        let mut v: Vec<&str> = s.lines().collect();
        v.sort_unstable();
        v.join("\n")
    };
    assert!(sorted(&pg.out) == sorted(&native.out), "the decided rows differ");

    // --out-table: the decided rows land in the database, the same count; a second run refuses to overwrite
    let pg2 = run(
        "pg-table",
        &["run", LAW, "--record", "企业", "--db", &url, "--table", "jz_db_run_10k", "--out-table", "jz_db_run_out"],
    );
    assert_eq!(pg2.code, 0, "{}", pg2.stderr);
    let rows: u64 = psql("SELECT count(*) FROM jz_db_run_out").trim().parse().unwrap();
    assert_eq!(Some(rows), native.summary["rows_written"].as_u64());
    let cols = psql("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'jz_db_run_out'");
    assert!(cols.starts_with("统一社会信用代码,") && !cols.contains("拒收原因"), "{cols}");
    let again = run(
        "pg-again",
        &["run", LAW, "--record", "企业", "--db", &url, "--table", "jz_db_run_10k", "--out-table", "jz_db_run_out"],
    );
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    let missing = run("pg-missing", &["run", LAW, "--record", "企业", "--db", &url, "--table", "no_such_table"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("no table `no_such_table`"), "{}", missing.stderr);
}

#[test]
fn postgres_rejects_what_jz_rejects_and_an_unreachable_server_is_an_error() {
    let (code, _, err) =
        jz(&["run", LAW, "--record", "企业", "--db", "postgresql://nobody@127.0.0.1:1/none", "--table", "t"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot connect to the database"), "{err}");
    let Some(url) = pg_url() else { return };
    let src = std::fs::read_to_string(root().join("examples/enterprises_small.csv")).unwrap();
    let mut lines: Vec<String> = src.lines().map(String::from).collect();
    let header: Vec<String> = lines[0].split(',').map(String::from).collect();
    let c = header.iter().position(|h| h == "燃煤锅炉蒸吨").unwrap();
    let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    cells[c] = "很多".into();
    lines[1] = cells.join(",");
    let data = scratch("db_run", "pg-bad.csv");
    std::fs::write(&data, lines.join("\n") + "\n").unwrap();
    load_table("jz_db_run_bad", &data);
    let native = run("pgbad-jit", &["run", LAW, "--record", "企业", "--data", p(&data)]);
    let pg = run("pgbad", &["run", LAW, "--record", "企业", "--db", &url, "--table", "jz_db_run_bad"]);
    assert_eq!(native.code, 3);
    assert_eq!(pg.code, 3, "{}", pg.stderr);
    assert_eq!(pg.summary, native.summary);
    // a table has no lines: the same rejects but for 文件行, which is empty
    let strip =
        |r: &str| -> Vec<String> { r.lines().map(|l| l.rsplit_once(',').map_or(l, |x| x.0).to_string()).collect() };
    assert_eq!(strip(&pg.rejects), strip(&native.rejects));
    assert!(pg.rejects.lines().skip(1).all(|l| l.ends_with(',')), "{}", pg.rejects);
}
