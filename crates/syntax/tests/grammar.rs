//! The grammar's `keyword` rule (what `ident` refuses) is one flat choice of strings, for speed; these tests
//! keep it equal to the union of the `kw_*`, `true_lit` and `false_lit` rules it replaced, and check that a
//! keyword glued to identifier characters is a name (`否决`, `intersection`) while the keyword alone is not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

fn grammar() -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../grammar/jingzhun.pest");
    std::fs::read_to_string(p).unwrap()
}

/// The quoted strings of the rule `name` (its body, from `{` to the first `}` that ends a line).
fn words_of(g: &str, name: &str) -> Vec<String> {
    let start =
        g.lines().position(|l| l.split(['=', ' ']).next() == Some(name)).unwrap_or_else(|| panic!("no rule {name}"));
    let rest = g.lines().skip(start).collect::<Vec<_>>().join("\n");
    let body = &rest[rest.find('{').unwrap()..];
    let body = &body[..body.find("}\n").unwrap_or(body.len())];
    body.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

fn kw_rule_names(g: &str) -> Vec<String> {
    g.lines()
        .filter_map(|l| l.split(['=', ' ']).next())
        .filter(|n| n.starts_with("kw_") || *n == "true_lit" || *n == "false_lit")
        .map(str::to_string)
        .collect()
}

#[test]
fn keyword_choice_holds_every_word_of_every_keyword_rule() {
    let g = grammar();
    let keyword: BTreeSet<String> = words_of(&g, "keyword").into_iter().collect();
    let names = kw_rule_names(&g);
    assert!(names.len() > 40, "found only {names:?}");
    for name in names {
        for w in words_of(&g, &name) {
            // `not in`, `is empty`, … are two words with whitespace between; their first word is a keyword
            let first = w.split_whitespace().next().unwrap_or("").to_string();
            assert!(keyword.contains(&first), "`{first}` of {name} is missing from `keyword`");
        }
    }
}

#[test]
fn keyword_choice_lists_a_word_before_any_word_it_is_a_prefix_of() {
    // the choice commits to the first string that matches, so `in` before `intersects` would let
    // `intersects` through as a name
    let g = grammar();
    let words = words_of(&g, "keyword");
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            assert!(!(b.starts_with(a.as_str()) && b != a), "`{a}` comes before `{b}`, which it is a prefix of");
        }
    }
}

fn parses_as_name(word: &str) -> bool {
    matches!(jz_syntax::parse_expr(0, word, 0), Ok(e) if matches!(e.kind, jz_syntax::ast::ExprKind::Path(..)))
}

#[test]
fn every_keyword_alone_is_not_a_name_and_glued_to_a_letter_is_one() {
    let g = grammar();
    for w in words_of(&g, "keyword") {
        assert!(!parses_as_name(&w), "`{w}` parsed as a name");
        let glued = format!("{w}x");
        assert!(parses_as_name(&glued), "`{glued}` did not parse as a name");
        let glued = format!("{w}甲");
        assert!(parses_as_name(&glued), "`{glued}` did not parse as a name");
    }
    for name in ["否决", "intersection", "days2", "非空气", "包含于甲", "input", "isolated"] {
        assert!(parses_as_name(name), "`{name}` did not parse as a name");
    }
}

/// Parse `text` as a REPL expression and as a file on another thread; fail if that takes more than 30 s.
fn parses_within_time(text: String) -> (bool, usize) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let expr_ok = jz_syntax::parse_expr(0, &text, 0).is_ok();
            let file = format!("定义 甲 = {text}\n");
            let (_, diags) = jz_syntax::parse_file(0, &file);
            let _ = tx.send((expr_ok, diags.len()));
        })
        .unwrap();
    rx.recv_timeout(std::time::Duration::from_secs(30)).expect("parsing took more than 30 s (exponential?)")
}

#[test]
fn nested_in_sets_parse_in_linear_time() {
    // each `属于 {` used to be parsed twice when the set did not close: 2^40 attempts here
    let depth = 40;
    let open = "甲 属于 {".repeat(depth);
    let (ok, errors) = parses_within_time(format!("{open}乙"));
    assert!(!ok && errors == 1, "an unclosed nest is one syntax error");
    let closed = format!("{open}乙{}", "}".repeat(depth));
    let (ok, errors) = parses_within_time(closed);
    assert!(ok && errors == 0, "a closed nest parses");
    // the same with `in` and full-width braces, as the fuzzer wrote it
    let (ok, _) = parses_within_time(format!("{}x", "a in ｛".repeat(depth)));
    assert!(!ok);
}

#[test]
fn a_set_after_in_is_still_the_whole_target() {
    let e = jz_syntax::parse_expr(0, "甲 属于 {乙, 丙} 且 丁", 0).unwrap();
    let jz_syntax::ast::ExprKind::Binary(jz_syntax::ast::BinOp::And, lhs, _) = e.kind else {
        panic!("`且` binds looser than `属于`: {e:?}")
    };
    let jz_syntax::ast::ExprKind::In { target, .. } = lhs.kind else { panic!("not an `属于`: {lhs:?}") };
    assert!(matches!(target.kind, jz_syntax::ast::ExprKind::SetLit(ref xs) if xs.len() == 2), "{target:?}");
}
