//! Targeted verdicts: what counts as a violation (a record rejected for a conflict or an overflow violates
//! nothing), exact arithmetic on integers and dates, open parameters within their range, text prefixes, and the
//! honest "unknown" outside the fragment.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail loudly")]

use jz_check::load_text;
use jz_verify::{Finding, Options, Verdict};

const HEAD: &str = "政策 语义.测试 \"语义\"\n\
    枚举 级别 { 低, 中, 高 }\n\
    情景 { 预警: 级别 = 低; 日期: 日期 = 2026-01-15 }\n\
    参数 门槛: 级别 = 中 开放 范围 [中, 高]\n\
    记录 单位 键 编号 { 编号: 文本, a: 布尔, n: 整数, x: 数值, t: 文本, o: 整数?, d: 日期 }\n\
    关于 单位\n";

/// The verdict of each guarantee, by name, and the findings.
fn verdicts(body: &str) -> (Vec<(String, &'static str)>, Vec<Finding>) {
    let src = format!("{HEAD}{body}");
    let checked = load_text("语义.jz", &src, std::path::Path::new("."));
    let rendered = checked.sources.render_plain(&checked.diagnostics);
    let p = checked.program.unwrap_or_else(|| panic!("{src}\n{rendered}"));
    let r = jz_verify::verify(&p, &Options::default());
    let v = r
        .guarantees
        .iter()
        .map(|g| {
            let kind = match &g.verdict {
                Verdict::Holds => "holds",
                Verdict::Violated(c) => {
                    assert!(jz_verify::violates(&p, g.guarantee, c));
                    "violated"
                }
                Verdict::Unknown(_) => "unknown",
            };
            (p.guarantees[g.guarantee].name.clone(), kind)
        })
        .collect();
    (v, r.findings)
}

fn one(body: &str) -> &'static str {
    let (v, _) = verdicts(body);
    assert_eq!(v.len(), 1, "{v:?}");
    v[0].1
}

#[test]
fn a_record_rejected_for_a_conflict_violates_no_guarantee() {
    // the only records where 结果 is 否 under a are those where both rules apply: a conflict, so rejected
    let body = "判定 结果: 布尔 默认 是 {\n  规则 r1 依据 \"一\": 当 a 则 是\n  规则 r2 依据 \"一\": 当 a 则 否\n}\n\
                保障 g 依据 \"一\": 当 a 则 结果\n";
    let (v, findings) = verdicts(body);
    assert_eq!(v, vec![("g".to_string(), "holds")]);
    assert!(findings.iter().any(|f| matches!(f, Finding::Conflict { .. })), "{findings:?}");
}

#[test]
fn integer_overflow_rejects_the_record() {
    // n + 1 > n fails only at n = i64::MAX, where n + 1 overflows: the record is rejected, not a counterexample
    assert_eq!(one("保障 g 依据 \"一\": n + 1 > n\n"), "holds");
    assert_eq!(one("保障 g 依据 \"一\": n + 1 > n + 2\n"), "violated");
    assert_eq!(one("保障 g 依据 \"一\": 当 n > 3 且 n < 5 则 n == 4\n"), "holds");
    assert_eq!(one("保障 g 依据 \"一\": 当 n > 3 且 n <= 5 则 n == 4\n"), "violated");
    assert_eq!(one("保障 g 依据 \"一\": 当 有 o 则 o - n != 5 或 n - o == -5\n"), "holds");
}

#[test]
fn dates_are_exact_with_month_days_and_offsets() {
    assert_eq!(one("保障 g 依据 \"一\": 日期 + 1 天 > 日期\n"), "holds");
    assert_eq!(
        one("保障 g 依据 \"一\": 当 d == 日期 + 1 天 且 日期 在 02-28..02-28 则 d 在 03-01..03-01\n"),
        "violated"
    );
    assert_eq!(one("保障 g 依据 \"一\": 当 d == 日期 + 1 天 且 日期 在 02-28..02-28 则 d 在 02-29..03-01\n"), "holds");
    assert_eq!(one("保障 g 依据 \"一\": 当 日期 - d > 3 天 则 d < 日期\n"), "holds");
    assert_eq!(
        one("保障 g 依据 \"一\": 当 日期 > 2026-01-01 且 日期 < 2026-01-10 则 非 (日期 在 02-01..12-31)\n"),
        "holds"
    );
}

#[test]
fn open_parameters_range_over_their_bounds_only() {
    assert_eq!(one("保障 g 依据 \"一\": 门槛 >= 中\n"), "holds");
    assert_eq!(one("保障 g 依据 \"一\": 门槛 == 中\n"), "violated");
    assert_eq!(one("保障 g 依据 \"一\": 当 预警 > 门槛 则 预警 == 高\n"), "holds");
}

#[test]
fn text_prefixes_are_consistent() {
    assert_eq!(one("保障 g 依据 \"一\": 当 t 开头为 \"2521\" 则 t 开头为 \"25\"\n"), "holds");
    assert_eq!(one("保障 g 依据 \"一\": 当 t 开头为 \"25\" 则 t 开头为 \"2521\"\n"), "violated");
    assert_eq!(one("保障 g 依据 \"一\": 当 t == \"31\" 则 非 (t 开头为 \"3120\")\n"), "holds");
    assert_eq!(one("保障 g 依据 \"一\": 当 t 开头为 \"31\" 且 t 开头为 \"26\" 则 a\n"), "holds");
}

#[test]
fn outside_the_fragment_is_unknown_not_a_guess() {
    // decimal sums round at 28 significant digits, so x + 1 > x is not proved
    assert_eq!(one("保障 g 依据 \"一\": x + 1 > x\n"), "unknown");
    // but a counterexample the interpreter confirms is still reported
    assert_eq!(one("保障 g 依据 \"一\": x + 1 > 2\n"), "violated");
    assert_eq!(one("保障 g 依据 \"一\": 当 x > 0 则 x * x > 0\n"), "unknown");
}
