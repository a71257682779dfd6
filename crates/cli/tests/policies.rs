//! The encoded law stays checked, tested and fully accounted for: `jz check`, `jz test` and `jz coverage`
//! over `policies/` as a drafter would run them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail loudly")]

mod common;
use common::jz;

#[test]
fn every_policy_checks_without_errors_or_warnings() {
    let (code, stdout, stderr) = jz(&["check", "policies/"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.is_empty(), "jz check printed diagnostics:\n{stderr}");
}

#[test]
fn every_in_language_test_of_the_policies_passes() {
    let (code, stdout, stderr) = jz(&["test", "policies/"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let summary = stdout.lines().last().unwrap_or("");
    let passed: usize = summary.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(passed >= 100, "expected the encoded clauses' tests to run, got `{summary}`");
    assert!(summary.ends_with(" 0 failed"), "{summary}");
}

#[test]
fn every_operative_article_of_the_hebei_guideline_is_encoded_or_explained() {
    let (code, stdout, stderr) = jz(&["coverage", "policies/hebei/main.jz"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains(" 0 missing"), "{stdout}");
    // the Hebei section: from its source's line to the next unindented line
    let hebei: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.contains("hebei/source.txt"))
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .collect();
    for article in [
        "二.2",
        "二.3",
        "二.4",
        "三（一）",
        "三（二）",
        "三（三）",
        "三（四）",
        "三（五）",
        "三（六）",
        "三（七）",
        "三（八）",
        "三（九）",
        "三（十）",
        "四（一）",
        "四（二）",
        "四（三）",
    ] {
        let line = hebei.iter().find(|l| l.trim_start().starts_with(article)).copied().unwrap_or("");
        assert!(line.contains("encoded by"), "{article} is not encoded: `{line}`");
    }
    // no article that gives an order is waved through as preamble: the ones marked 说明 are the preface, the
    // section headings and the two statements of principle (一, 二.1), nothing else
    let source = std::fs::read_to_string(common::root().join("policies/hebei/source.txt")).unwrap();
    let explained: Vec<&str> =
        source.lines().filter_map(|l| l.strip_prefix("§ ")).filter_map(|l| l.strip_suffix(" 说明")).collect();
    assert_eq!(explained, ["序言", "一", "二", "二.1", "三", "四"]);
}

/// COMPILER-BUGS §1: a county's citation of a provincial article is credited to the province even when the
/// national opinion the province brings in has an article of the same ID, also when the citing file is one the
/// county brings in (loaded before the county's own header file, and refining nothing itself).
#[test]
fn coverage_resolves_a_county_citation_through_its_own_refinement_chain_before_other_sources() {
    let dir = common::scratch("coverage_chain", "");
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("national/source.txt", "§ 三（二） 操作性\n国家的三（二）\n");
    write(
        "national/main.jz",
        "政策 国.意见 \"国\"\n记录 厂 键 编号 { 编号: 文本, a: 布尔 }\n关于 厂\n\
         判定 甲: 布尔 默认 否 { 规则 国规则 依据 \"三（二）\": 当 a 则 是 }\n",
    );
    write("province/source.txt", "§ 三（二） 操作性\n省的三（二）\n");
    write(
        "province/main.jz",
        "政策 省.意见 \"省\"\n引用 \"../national/main.jz\"\n关于 厂\n\
         判定 乙: 布尔 默认 否 { 规则 省规则 依据 \"三（二）\": 当 a 则 是 }\n",
    );
    write("county/source.txt", "§ 县一 操作性\n县的第一条\n");
    write(
        "county/helper.jz",
        "政策 县.辅助 \"县辅助\"\n引用 \"../province/main.jz\"\n关于 厂\n\
         判定 丙: 布尔 默认 否 { 规则 县辅助规则 依据 \"三（二）\", \"县一\": 当 a 则 是 }\n",
    );
    write(
        "county/main.jz",
        "政策 县.意见 \"县\" 细化 省.意见\n引用 \"helper.jz\"\n引用 \"../province/main.jz\"\n关于 厂\n\
         判定 丁: 布尔 默认 否 { 规则 县规则 依据 \"三（二）\": 当 a 则 是 }\n",
    );
    let entry = dir.join("county/main.jz");
    let (code, stdout, stderr) = jz(&["coverage", common::p(&entry)]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // each source's block: its path line, then the indented lines below it
    let block = |name: &str| -> String {
        stdout
            .lines()
            .skip_while(|l| !l.contains(name))
            .skip(1)
            .take_while(|l| l.starts_with(' '))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let national = block("national/source.txt");
    let province = block("province/source.txt");
    assert!(national.contains("国规则") && !national.contains("县"), "national: {national}\n{stdout}");
    for who in ["省规则", "县规则", "县辅助规则"] {
        assert!(province.contains(who), "{who} is credited to the province: {province}\n{stdout}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
