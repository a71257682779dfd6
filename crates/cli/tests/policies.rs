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
        "三（三）",
        "三（四）",
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
