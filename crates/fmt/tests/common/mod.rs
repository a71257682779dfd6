//! Shared by the formatter's integration tests: scratch trees and "the same meaning".
#![allow(dead_code, reason = "each test binary uses a part")]

use jz_check::load_and_check;
use std::path::{Path, PathBuf};

/// A fresh scratch directory for this test process.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jz-fmt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "snapshots") {
                continue;
            }
            copy_tree(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

pub fn jz_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "jz") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The IR's debug rendering without byte offsets (spans move when whitespace changes).
pub fn canonical(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(k) = rest.find("Span {") {
        out.push_str(&rest[..k]);
        let Some(e) = rest[k..].find('}') else { break };
        out.push_str("Span");
        rest = &rest[k + e + 1..];
    }
    out.push_str(rest);
    out
}

/// What checking a file gives, with positions removed: the program, or the diagnostics' codes and messages.
pub fn meaning(path: &Path, base: &Path) -> String {
    let checked = load_and_check(path);
    let base = base.display().to_string();
    let mut diags: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {} {:?}", d.code, d.message, d.help).replace(&base, "<root>"))
        .collect();
    diags.sort();
    let program = checked.program.as_ref().map(|p| canonical(&format!("{p:?}")).replace(&base, "<root>"));
    format!("{diags:#?}\n{program:?}")
}

/// `original` (under `root_a`) and `formatted` (under `root_b`) check to the same thing.
pub fn same_meaning(original: &Path, formatted: &Path, root_a: &Path, root_b: &Path) {
    let a = meaning(original, root_a);
    let b = meaning(formatted, root_b);
    if a != b {
        let first = a.chars().zip(b.chars()).position(|(x, y)| x != y).unwrap_or(0);
        let lo = first.saturating_sub(200);
        panic!(
            "{}: formatting changed the meaning near\n  before: {}\n  after:  {}",
            original.display(),
            a.chars().skip(lo).take(400).collect::<String>(),
            b.chars().skip(lo).take(400).collect::<String>()
        );
    }
}
