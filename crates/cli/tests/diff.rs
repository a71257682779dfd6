//! `jz diff` as a reform analyst uses it: the transition counts equal what two `jz run`s give, the changed
//! rows are written exactly, and no row is lost (rejected by either policy, with its reason).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail loudly")]

mod common;
use common::{jz, p, thousands};

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

fn tmp(name: &str) -> PathBuf {
    common::scratch("diff-tests", name)
}

/// `jz run` decisions per key, and the header.
fn run(policy: &str, data: &str, sets: &[&str]) -> (Vec<String>, HashMap<String, Vec<String>>) {
    let mut args = vec!["run", policy, "--record", "企业", "--data", data];
    for s in sets {
        args.extend(["--set", s]);
    }
    let (code, out, err) = jz(&args);
    assert_eq!(code, 0, "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap())
        .map(|x| (x[0].to_string(), x.iter().skip(1).map(str::to_string).collect()))
        .collect();
    (header, rows)
}

/// The `A → B: n` lines under one decision of the report.
fn transitions(report: &str, decision: &str) -> HashMap<(String, String), u64> {
    let mut m = HashMap::new();
    let mut lines = report.lines().skip_while(|l| !l.starts_with(&format!("{decision}:")));
    lines.next();
    for l in lines {
        let Some(rest) = l.strip_prefix("  ") else { break };
        let (pair, n) = rest.rsplit_once(": ").unwrap();
        let (a, b) = pair.split_once(" → ").unwrap();
        m.insert((a.to_string(), b.to_string()), n.replace(',', "").parse().unwrap());
    }
    m
}

#[test]
fn province_against_county_equals_two_runs() {
    let data = "examples/enterprises_10k.csv";
    for (county, sets) in [
        ("policies/counties/安平县/main.jz", vec!["预警级别=橙色"]),
        ("policies/counties/武安市/main.jz", vec!["预警级别=红色"]),
    ] {
        let (header, a) = run("policies/hebei/main.jz", data, &sets);
        let (_, b) = run(county, data, &sets);
        let out_file = tmp("changed.csv");
        let mut args =
            vec!["diff", "policies/hebei/main.jz", county, "--record", "企业", "--data", data, "--out", p(&out_file)];
        for s in &sets {
            args.extend(["--set", s]);
        }
        let (code, out, err) = jz(&args);
        assert_eq!(code, 0, "{err}");
        let mut changed_keys = BTreeSet::new();
        for (i, name) in header.iter().enumerate().skip(1) {
            let mut expected: HashMap<(String, String), u64> = HashMap::new();
            for (k, va) in &a {
                let (x, y) = (&va[i - 1], &b[k][i - 1]);
                if x != y {
                    *expected.entry((x.clone(), y.clone())).or_default() += 1;
                    changed_keys.insert(k.clone());
                }
            }
            if expected.is_empty() {
                assert!(out.contains(&format!("\n{name}: unchanged\n")), "{name}: {out}");
            }
            assert_eq!(transitions(&out, name), expected, "{county} {name}: {out}");
        }
        assert!(!changed_keys.is_empty(), "{county} changes something");
        let unchanged = a.len() - changed_keys.len();
        assert!(
            out.contains(&format!(
                "rows: 10,000 read · {} unchanged · {} changed · 0 rejected",
                thousands(unchanged as u64),
                thousands(changed_keys.len() as u64)
            )),
            "{out}"
        );
        // the changed rows, with old and new values only where a decision changed
        let mut r = csv::Reader::from_path(&out_file).unwrap();
        let h: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(h[..4], ["统一社会信用代码", "行号", "列入错峰生产名单:A", "列入错峰生产名单:B"]);
        let mut written = BTreeSet::new();
        for rec in r.records() {
            let rec = rec.unwrap();
            let k = rec[0].to_string();
            for i in 1..header.len() {
                let (x, y) = (&a[&k][i - 1], &b[&k][i - 1]);
                let (ca, cb) = (&rec[2 * i], &rec[2 * i + 1]);
                if x == y {
                    assert_eq!((ca, cb), ("", ""), "{k}");
                } else {
                    assert_eq!((ca, cb), (x.as_str(), y.as_str()), "{k}");
                }
            }
            written.insert(k);
        }
        assert_eq!(written, changed_keys);
    }
}

const A: &str = "政策 甲.政策 \"A\"
记录 企业 键 代码 { 代码: 文本; 量: 整数; 豁免: 布尔 }
关于 企业
判定 措施: 布尔 默认 否 { 规则 大 依据 \"一\": 当 量 > 5 则 是 }
判定 仅甲: 布尔 默认 否 {}
";

const B: &str = "政策 乙.政策 \"B\"
记录 企业 键 代码 { 代码: 文本; 量: 整数; 豁免: 布尔 }
关于 企业
判定 措施: 布尔 默认 否 {
  规则 大 依据 \"一\": 当 量 > 3 则 是
  规则 免 依据 \"二\": 当 豁免 则 否
}
判定 仅乙: 布尔 默认 否 {}
";

#[test]
fn rows_rejected_by_either_policy_are_counted_and_explained() {
    let (a, b, data, rejects) = (tmp("a.jz"), tmp("b.jz"), tmp("small.csv"), tmp("rejects.csv"));
    std::fs::write(&a, A).unwrap();
    std::fs::write(&b, B).unwrap();
    // rows 1–10 by 量; rows 5 and 8 are exceptions (a conflict in B where 量 > 3); row 11 is unreadable
    let mut csv = String::from("代码,量,豁免\n");
    for i in 1..=10 {
        csv.push_str(&format!("k{i},{i},{}\n", if i == 5 || i == 8 { "是" } else { "否" }));
    }
    csv.push_str("k11,很多,否\n");
    std::fs::write(&data, csv).unwrap();
    let out_file = tmp("small-changed.csv");
    let (code, out, err) = jz(&[
        "diff",
        p(&a),
        p(&b),
        "--record",
        "企业",
        "--data",
        p(&data),
        "--out",
        p(&out_file),
        "--rejects",
        p(&rejects),
    ]);
    assert_eq!(code, 3, "{out}{err}");
    // 量 4 and 5 change (5 conflicts in B); 8 conflicts in B; 11 is unreadable in both
    assert!(out.contains("措施: 1 changed\n  否 → 是: 1\n"), "{out}");
    assert!(out.contains("only in A (not compared): 仅甲"), "{out}");
    assert!(out.contains("only in B (not compared): 仅乙"), "{out}");
    assert!(out.contains("rows: 11 read · 7 unchanged · 1 changed · 3 rejected"), "{out}");
    let r = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = r.lines().collect();
    assert_eq!(lines[0], "行号,键,列,值,原因,政策");
    assert!(lines[1].starts_with("5,k5,措施,,conflict in `措施`") && lines[1].ends_with(",B"), "{r}");
    assert!(lines[2].starts_with("8,k8,措施,") && lines[2].ends_with(",B"), "{r}");
    assert!(lines[3].starts_with("11,k11,量,很多,") && lines[3].ends_with(",A B"), "{r}");
    assert_eq!(lines.len(), 4, "{r}");
    let changed = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(changed, "代码,行号,措施:A,措施:B\nk4,4,否,是\n");
}

#[test]
fn usage_and_policy_errors_exit_1() {
    let (a, c) = (tmp("a2.jz"), tmp("c2.jz"));
    std::fs::write(&a, A).unwrap();
    std::fs::write(&c, "政策 丙.政策 \"C\"\n记录 车辆 键 号牌 { 号牌: 文本 }\n").unwrap();
    let data = "examples/enterprises_small.csv";
    let (code, _, err) = jz(&["diff", p(&a), p(&c), "--record", "企业", "--data", data]);
    assert_eq!(code, 1);
    assert!(err.contains("policy B") && err.contains("has no record type `企业`"), "{err}");
    let (code, _, err) = jz(&[
        "diff",
        "policies/hebei/main.jz",
        "policies/counties/安平县/main.jz",
        "--record",
        "企业",
        "--data",
        data,
        "--set",
        "预警=橙色",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("`预警` is not a scenario value or parameter"), "{err}");
    let (code, _, err) = jz(&["diff", "nope.jz", "policies/hebei/main.jz", "--record", "企业", "--data", data]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read `nope.jz`"), "{err}");
}
