//! The two catalogues say the same things: every key in both, the same placeholders in each, no syntax
//! errors; every key the code asks for exists; every registered code has a `jz explain` entry in both.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fluent_bundle::FluentResource;
use jz_i18n::{codes, has, keys, Lang, EN_FTL, ZH_FTL};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// key → the placeholders (`$name`) its text uses.
fn placeholders(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut msg = String::new();
    let mut key = String::new();
    for line in ftl.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let body = if line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            let (id, rest) = line.split_once('=').unwrap_or((line, ""));
            msg = id.trim().to_string();
            key = msg.clone();
            rest
        } else if let Some(attr) = line.trim_start().strip_prefix('.') {
            let (a, rest) = attr.split_once('=').unwrap_or((attr, ""));
            key = format!("{msg}.{}", a.trim());
            rest
        } else {
            line
        };
        let set = out.entry(key.clone()).or_default();
        for part in body.split("{ $").skip(1) {
            let name: String = part.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-').collect();
            set.insert(name);
        }
    }
    out
}

#[test]
fn both_catalogues_parse_without_errors() {
    for (name, text) in [("en", EN_FTL), ("zh", ZH_FTL)] {
        if let Err((_, errors)) = FluentResource::try_new(text.to_string()) {
            panic!("locales/{name}/jz.ftl: {errors:?}");
        }
    }
}

#[test]
fn every_key_is_in_both_catalogues_with_the_same_placeholders() {
    let en = placeholders(EN_FTL);
    let zh = placeholders(ZH_FTL);
    let only_en: Vec<&String> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let only_zh: Vec<&String> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "keys missing from locales/zh/jz.ftl: {only_en:?}");
    assert!(only_zh.is_empty(), "keys only in locales/zh/jz.ftl: {only_zh:?}");
    for (k, vars) in &en {
        assert_eq!(Some(vars), zh.get(k), "`{k}` uses other placeholders in zh");
    }
    // and the line scanner agrees with Fluent about which keys exist
    for k in keys(EN_FTL) {
        assert!(has(Lang::En, &k), "{k}");
        assert!(has(Lang::Zh, &k), "{k} falls back to English");
    }
    assert_eq!(keys(EN_FTL).len(), en.len());
}

#[test]
fn every_code_has_an_explain_entry_in_both_languages() {
    let mut seen = BTreeSet::new();
    for c in codes::CODES {
        assert!(seen.insert(c.code), "{} is registered twice", c.code);
        for k in ["", ".meaning", ".fix"] {
            let key = format!("explain-{}{k}", c.code);
            assert!(has(Lang::En, &key), "no `{key}` in locales/en/jz.ftl");
            assert!(has(Lang::Zh, &key), "no `{key}` in locales/zh/jz.ftl");
        }
        assert!(!c.wrong.trim().is_empty() && !c.right.trim().is_empty(), "{}: empty example", c.code);
        assert_ne!(c.wrong, c.right, "{}: the examples are the same", c.code);
    }
    // no entry for a code that is not registered
    for k in keys(EN_FTL) {
        if let Some(code) = k
            .strip_prefix("explain-")
            .filter(|c| !c.contains('.') && c.len() == 5 && c.chars().skip(1).all(|d| d.is_ascii_digit()))
        {
            assert!(codes::find(code).is_some(), "explain entry for unregistered code {code}");
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            if !p.ends_with("target") {
                rust_files(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every literal key the code passes to `t!`/`tr`, and every diagnostic code literal.
#[test]
fn every_key_the_code_uses_exists_and_every_code_it_reports_is_registered() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&crates, &mut files);
    assert!(files.len() > 20, "found the sources under {}", crates.display());
    let mut missing = Vec::new();
    let mut unregistered = BTreeSet::new();
    let mut used = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let mut from = 0;
        while let Some(at) = text.get(from..).and_then(|t| t.find("t!(\"")) {
            let start = from + at;
            from = start + 4;
            // `t!(` itself, not the end of `format!(` or `assert!(`
            let before = text.get(..start).and_then(|b| b.chars().last()).unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' {
                continue;
            }
            let key: String = text.get(from..).unwrap_or("").chars().take_while(|c| *c != '"').collect();
            used += 1;
            if !has(Lang::En, &key) || !has(Lang::Zh, &key) {
                missing.push(format!("{}: {key}", f.display()));
            }
        }
        if f.components().any(|c| c.as_os_str() == "tests" || c.as_os_str() == "benches") {
            continue;
        }
        for (i, part) in text.split("Diagnostic::").enumerate() {
            if i == 0 {
                continue;
            }
            let Some(rest) = part.strip_prefix("error(\"").or_else(|| part.strip_prefix("warning(\"")) else {
                continue;
            };
            let code: String = rest.chars().take_while(|c| *c != '"').collect();
            if codes::find(&code).is_none() {
                unregistered.insert(code);
            }
        }
    }
    assert!(used > 100, "only {used} keys found: is the scan looking at the sources?");
    assert!(missing.is_empty(), "keys missing from a catalogue:\n{}", missing.join("\n"));
    assert!(unregistered.is_empty(), "codes reported but not in jz_i18n::codes: {unregistered:?}");
}
