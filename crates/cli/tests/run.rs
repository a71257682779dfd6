//! `jz run` as an operator uses it: nothing lost, rejects explained, order kept, formats agree.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail loudly")]

mod common;
use common::{jz, p, root};

use std::path::PathBuf;

fn tmp(name: &str) -> PathBuf {
    common::scratch("run-tests", name)
}

#[test]
fn every_bad_row_is_rejected_with_its_row_and_column_and_every_good_row_written() {
    let (out, rej) = (tmp("bad.out.csv"), tmp("bad.rejects.csv"));
    let (code, _, stderr) = jz(&[
        "run",
        "policies/hebei/main.jz",
        "--record",
        "企业",
        "--data",
        "examples/enterprises_bad.csv",
        "--out",
        p(&out),
        "--rejects",
        p(&rej),
    ]);
    assert_eq!(code, 3, "{stderr}");
    let manifest = std::fs::read_to_string(root().join("examples/enterprises_bad.manifest.csv")).unwrap();
    let mut expected: Vec<(String, String)> = manifest
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            let col = if c[3].starts_with('(') { String::new() } else { c[3].to_string() };
            (c[0].to_string(), col)
        })
        .collect();
    let rejects = std::fs::read_to_string(&rej).unwrap();
    let mut got: Vec<(String, String)> = rejects
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0].to_string(), c[2].to_string())
        })
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected, "rejects differ from the generator's manifest");
    let data_rows = std::fs::read_to_string(root().join("examples/enterprises_bad.csv")).unwrap().lines().count() - 1;
    let written = std::fs::read_to_string(&out).unwrap().lines().count() - 1;
    assert_eq!(written + got.len(), data_rows);
    assert!(stderr.contains(&format!("rows read {data_rows}, written {written}, rejected {}", got.len())), "{stderr}");
}

#[test]
fn output_keeps_input_order_whatever_the_batching_and_threads() {
    let (a, b) = (tmp("order1.csv"), tmp("order2.csv"));
    let base = ["run", "policies/hebei/main.jz", "--record", "企业", "--data", "examples/enterprises_10k.csv"];
    let (c1, _, e1) = jz(&[&base[..], &["--out", p(&a), "--threads", "1", "--batch-size", "10000"]].concat());
    let (c2, _, e2) = jz(&[&base[..], &["--out", p(&b), "--threads", "2", "--batch-size", "7"]].concat());
    assert_eq!((c1, c2), (0, 0), "{e1}{e2}");
    let (x, y) = (std::fs::read_to_string(&a).unwrap(), std::fs::read_to_string(&b).unwrap());
    assert_eq!(x.lines().count(), 10_001);
    assert!(x == y, "outputs differ between batchings");
    let input = std::fs::read_to_string(root().join("examples/enterprises_10k.csv")).unwrap();
    let keys_in: Vec<&str> = input.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    let keys_out: Vec<&str> = x.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(keys_in, keys_out);
}

#[test]
fn json_lines_input_gives_the_same_decisions_as_csv() {
    let (a, b) = (tmp("small.csv.out.csv"), tmp("small.jsonl.out.csv"));
    let (c1, _, e1) = jz(&[
        "run",
        "policies/hebei/main.jz",
        "--record",
        "企业",
        "--data",
        "examples/enterprises_small.csv",
        "--out",
        p(&a),
        "--explain",
    ]);
    let (c2, _, e2) = jz(&[
        "run",
        "policies/hebei/main.jz",
        "--record",
        "企业",
        "--data",
        "examples/enterprises_small.jsonl",
        "--out",
        p(&b),
        "--explain",
    ]);
    assert_eq!((c1, c2), (0, 0), "{e1}{e2}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), std::fs::read_to_string(&b).unwrap());
    assert!(std::fs::read_to_string(&a).unwrap().lines().next().unwrap().ends_with(",依据"));
}

#[test]
fn a_missing_required_column_is_an_error_before_any_row_is_read() {
    let data = tmp("missing_col.csv");
    let src = std::fs::read_to_string(root().join("examples/enterprises_small.csv")).unwrap();
    // drop the 行业代码 column
    let idx = src.lines().next().unwrap().split(',').position(|h| h == "行业代码").unwrap();
    let cut: String = src
        .lines()
        .map(|l| {
            l.split(',').enumerate().filter(|(i, _)| *i != idx).map(|(_, c)| c).collect::<Vec<_>>().join(",") + "\n"
        })
        .collect();
    std::fs::write(&data, cut).unwrap();
    let (code, stdout, stderr) = jz(&["run", "policies/hebei/main.jz", "--record", "企业", "--data", p(&data)]);
    assert_eq!(code, 1);
    assert!(stderr.contains("行业代码"), "{stderr}");
    assert!(stdout.is_empty());
}

#[test]
fn invalid_utf8_and_evaluation_conflicts_are_rejected_not_dropped() {
    let policy = tmp("conflict.jz");
    std::fs::write(
        &policy,
        "记录 R 键 k { k: 文本, t: 文本, n: 数值 }\n关于 R\n判定 d: 布尔 默认 否 {\n 规则 a 依据 \"一\": 当 n > 1 则 是\n 规则 b 依据 \"二\": 当 n > 2 则 否\n}\n",
    )
    .unwrap();
    let data = tmp("conflict.csv");
    let mut bytes = b"k,t,n\nr1,ok,1\nr2,ok,3\nr3,".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b",0\nr4,ok,2\n");
    std::fs::write(&data, bytes).unwrap();
    let rej = tmp("conflict.rejects.csv");
    let (code, stdout, stderr) = jz(&["run", p(&policy), "--record", "R", "--data", p(&data), "--rejects", p(&rej)]);
    assert_eq!(code, 3, "{stderr}");
    assert_eq!(stdout, "k,d\nr1,否\nr4,是\n");
    let rejects = std::fs::read_to_string(&rej).unwrap();
    assert!(rejects.contains("2,r2,d,,conflict in `d`"), "{rejects}");
    assert!(rejects.contains("一") && rejects.contains("二"), "both citations named: {rejects}");
    assert!(rejects.contains("3,r3,t,") && rejects.contains("invalid UTF-8"), "{rejects}");
    assert!(stderr.contains("rows read 4, written 2, rejected 2"), "{stderr}");
}

#[test]
fn an_excel_sheet_gives_the_same_decisions_as_the_csv_it_was_made_from() {
    let (a, b) = (tmp("small.xlsx.out.csv"), tmp("small.csv.out2.csv"));
    let base = ["run", "policies/hebei/main.jz", "--record", "企业", "--explain"];
    let (c1, _, e1) = jz(&[&base[..], &["--data", "examples/enterprises_small.xlsx", "--out", p(&a)]].concat());
    let (c2, _, e2) = jz(&[&base[..], &["--data", "examples/enterprises_small.csv", "--out", p(&b)]].concat());
    assert_eq!((c1, c2), (0, 0), "{e1}{e2}");
    let x = std::fs::read_to_string(&a).unwrap();
    assert_eq!(x.lines().count(), 26);
    assert_eq!(x, std::fs::read_to_string(&b).unwrap());
}

/// The native engine is the default and writes byte for byte what the interpreter writes — decisions,
/// `依据` citations, rejects — for the province and both counties; `--verbose` says nothing fell back.
#[test]
fn jit_is_the_default_and_writes_exactly_what_the_interpreter_writes() {
    let cases = [
        ("policies/hebei/main.jz", "企业", "examples/enterprises_10k.csv", "预警级别=橙色"),
        ("policies/counties/安平县/main.jz", "企业", "examples/enterprises_10k.csv", "预警级别=红色"),
        ("policies/counties/武安市/main.jz", "企业", "examples/enterprises_10k.csv", "预警级别=黄色"),
        ("policies/hebei/main.jz", "企业", "examples/enterprises_bad.csv", "预警级别=橙色"),
        // the optional columns the policies add, a third of them not recorded
        ("policies/hebei/main.jz", "企业", "examples/enterprises_optional.csv", "预警级别=红色"),
        ("policies/counties/安平县/main.jz", "企业", "examples/enterprises_optional.csv", "预警级别=橙色"),
        ("policies/hebei/main.jz", "施工项目", "examples/projects_1k.csv", "预警级别=红色"),
        ("policies/hebei/main.jz", "机动车", "examples/vehicles_1k.csv", "限行方式=按排放标准"),
    ];
    for (i, (policy, record, data, set)) in cases.iter().enumerate() {
        let mut outs = Vec::new();
        for engine in [None, Some("interp")] {
            let tag = engine.unwrap_or("default");
            let (out, rej) = (tmp(&format!("eng{i}.{tag}.csv")), tmp(&format!("eng{i}.{tag}.rejects.csv")));
            let mut args =
                vec!["run", policy, "--record", record, "--data", data, "--set", set, "--explain", "--verbose"];
            args.extend(["--out", p(&out), "--rejects", p(&rej)]);
            if let Some(e) = engine {
                args.extend(["--engine", e]);
            }
            let (code, _, stderr) = jz(&args);
            assert!(code == 0 || code == 3, "{policy} {record}: exit {code}: {stderr}");
            if engine.is_none() {
                assert!(stderr.contains("engine: jit"), "the default engine is the JIT: {stderr}");
                assert!(stderr.contains("nothing falls back"), "{policy} {record}: {stderr}");
            } else {
                assert!(stderr.contains("engine: interpreter"), "{stderr}");
            }
            outs.push((std::fs::read(&out).unwrap(), std::fs::read(&rej).unwrap()));
        }
        assert!(outs[0].0.len() > 100);
        assert!(outs[0] == outs[1], "{policy} {record} {data}: engines disagree");
    }
}
