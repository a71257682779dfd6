//! The JSON Lines fast path (`jz_data::json::flat_object`, read straight into columns) and `serde_json` (what
//! any line the fast path declines is read with) must give the same batch and the same rejects for every
//! line: generated records, written with escapes, numbers or strings, nulls, arrays for sets, members out of
//! order, unknown and repeated keys, are read once as they are (fast path) and once with a nested member
//! appended that only `serde_json` reads (an unknown key: it changes nothing).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use proptest::prelude::*;
use serde_json::json;

const POLICY: &str = "枚举 级别 { 无, 黄色, 红色 }
记录 企业 键 代码 { 代码: 文本, 蒸吨: 数值 [t/h], 台数: 整数, 在用: 布尔, 等级: 级别, 投产: 日期, 期限: 天数, 备注: 文本?, 排放: 集合<级别>, 达标: 布尔? }
";

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-z0-9]{1,6}", "[中文字符\"\\\\/\\t\\n é😀]{1,5}", Just(" padded ".to_string()),]
}

/// One member's value, as JSON.
fn member(field: usize) -> BoxedStrategy<serde_json::Value> {
    let s = |v: &'static [&'static str]| proptest::sample::select(v).prop_map(|x| json!(x)).boxed();
    match field {
        0 => text().prop_map(|t| json!(t)).boxed(),
        1 => prop_oneof![(0u32..500).prop_map(|n| json!(n)), s(&["35.5", "0", "1e3", "x"]), Just(json!(2.25))].boxed(),
        2 => prop_oneof![(-5i64..50).prop_map(|n| json!(n)), s(&["7", "3.5"]), Just(json!(1.0))].boxed(),
        3 | 9 => {
            prop_oneof![any::<bool>().prop_map(|b| json!(b)), s(&["是", "否", "true", "1", "maybe"]), Just(json!(1))]
                .boxed()
        }
        4 => s(&["无", "黄色", "红色", "蓝色", ""]),
        5 => s(&["2026-01-15", "2026-02-30", "x"]),
        6 => prop_oneof![(0i64..400).prop_map(|n| json!(n)), s(&["12"])].boxed(),
        7 => prop_oneof![text().prop_map(|t| json!(t)), Just(serde_json::Value::Null)].boxed(),
        _ => prop_oneof![
            proptest::collection::vec(proptest::sample::select(&["无", "黄色", "红色", "蓝\\u7eff", "黄色"][..]), 0..4)
                .prop_map(|v| json!(v)),
            s(&["黄色；红色", ""]),
            Just(json!([1])),
        ]
        .boxed(),
    }
}

const NAMES: [&str; 10] = ["代码", "蒸吨", "台数", "在用", "等级", "投产", "期限", "备注", "排放", "达标"];

/// A line: every member (some left out), maybe shuffled, maybe an unknown or a repeated key.
fn line() -> impl Strategy<Value = String> {
    let members: Vec<BoxedStrategy<serde_json::Value>> = (0..NAMES.len()).map(member).collect();
    (members, proptest::collection::vec(any::<bool>(), NAMES.len()), any::<bool>(), 0u8..4).prop_map(
        |(values, keep, shuffle, extra)| {
            let mut parts: Vec<String> = NAMES
                .iter()
                .zip(&values)
                .zip(&keep)
                .filter(|((n, _), k)| **k || **n == "代码")
                .map(|((n, v), _)| format!("{}:{}", json!(n), v))
                .collect();
            if shuffle {
                parts.reverse();
            }
            match extra {
                1 => parts.push("\"未知\":\"x\"".into()),
                2 => parts.push("\"台数\":9".into()),
                3 => parts.insert(0, "\"\\u4ee3\\u7801\":\"k\\\"q\"".into()),
                _ => {}
            }
            format!("{{{}}}", parts.join(","))
        },
    )
}

fn read(p: &jz_check::ir::Program, path: &std::path::Path) -> (Vec<String>, Vec<String>) {
    let record = p.record("企业").unwrap();
    let (mut source, schema) = jz_data::open(p, record, path).unwrap();
    let (mut rows, mut rejects) = (Vec::new(), Vec::new());
    while let Some(chunk) = source.next_chunk(64).unwrap() {
        let (batch, rs) = jz_data::parse_chunk(p, &schema, &chunk);
        for i in 0..batch.len() {
            let cells: Vec<String> = batch
                .columns
                .iter()
                .zip(&batch.present)
                .map(|(c, pr)| match pr.as_ref().map(|v| v[i]) {
                    Some(false) => "∅".to_string(),
                    _ => format!("{:?}", c.value(i)),
                })
                .collect();
            rows.push(format!("{} {}", batch.row_numbers[i], cells.join("|")));
        }
        rejects.extend(rs.into_iter().map(|r| format!("{} {} {} {} {}", r.row, r.line, r.column, r.value, r.reason)));
    }
    (rows, rejects)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn the_fast_path_reads_every_line_as_serde_json_does(lines in proptest::collection::vec(line(), 1..40)) {
        let p = jz_check::load_text("t.jz", POLICY, std::path::Path::new(".")).program.unwrap();
        let dir = std::env::temp_dir().join(format!("jz-json-fast-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (fast, slow) = (dir.join("fast.jsonl"), dir.join("slow.jsonl"));
        std::fs::write(&fast, lines.join("\n")).unwrap();
        let nested: Vec<String> =
            lines.iter().map(|l| format!("{},\"嵌套\":{{\"n\":1}}}}", l.strip_suffix('}').unwrap())).collect();
        std::fs::write(&slow, nested.join("\n")).unwrap();
        let (a, b) = (read(&p, &fast), read(&p, &slow));
        prop_assert_eq!(a.0.len() + a.1.len() >= lines.len(), true);
        prop_assert_eq!(a, b);
    }
}
