//! The language test corpus (`tests/corpus/`): small programs, each protecting one behaviour of the language,
//! run through the real `jz` binary with their output snapshotted.
//!
//! Layout (paths relative to the workspace root):
//! - `tests/corpus/ok/*.jz`: valid programs; `jz check` and `jz test` must both exit 0.
//! - `tests/corpus/err/*.jz`: programs with mistakes; `jz check` must exit 1 (the snapshot shows the diagnostics).
//! - `tests/corpus/fail/*.jz`: valid programs whose tests fail or whose records conflict/overflow: `jz check`
//!   exits 0 and `jz test` exits 1 or some `jz eval` exits 3.
//! - `tests/corpus/multi/<category>_<name>/main.jz`: multi-file programs (the entry is `main.jz`, the other
//!   files are brought in with `引用`); `<category>` is `ok`, `err` or `fail` with the rules above.
//!
//! Every `.jz` file starts with a `// protects: …` line. A program may also carry directives:
//! - `// eval: 记录名 {JSON object}` runs `jz eval FILE --record 记录名 --json '{…}' --explain`;
//! - `// set: NAME=VALUE` adds `--set NAME=VALUE` to the next `// eval:` line (sets do not carry over).
//!
//! `jz check` runs first; `jz test` and the evals run only when it exits 0. The transcript (commands, exit
//! codes, stdout, stderr; the workspace path removed) is compared with the insta snapshot
//! `tests/corpus/snapshots/<category>__<name>.snap`; every case runs a second time with Chinese messages
//! (`LC_ALL=zh_CN.UTF-8`) against `tests/corpus/snapshots/zh/<category>__<name>.snap`. Update snapshots with
//! `INSTA_UPDATE=always cargo test -p jz-cli --test corpus` and read every changed one before committing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Category {
    Ok,
    Err,
    Fail,
}

impl Category {
    fn parse(s: &str) -> Option<Category> {
        match s {
            "ok" => Some(Category::Ok),
            "err" => Some(Category::Err),
            "fail" => Some(Category::Fail),
            _ => None,
        }
    }
}

struct Case {
    /// Snapshot name: `ok__name`, `err__name`, `fail__name`, `multi__dir`.
    snapshot: String,
    /// Entry file relative to the workspace root, with `/` separators.
    rel: String,
    category: Category,
    /// Every `.jz` file of the case (the entry first; for multi-file cases the whole directory tree).
    files: Vec<PathBuf>,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

fn corpus_dir(root: &Path) -> PathBuf {
    root.join("tests").join("corpus")
}

fn jz_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => {
            rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "jz")).collect()
        }
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

/// Every `.jz` file under `dir`, subdirectories included, in sorted order (after whatever `out` holds).
fn jz_files_deep(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    };
    entries.sort();
    for e in entries {
        if e.is_dir() {
            jz_files_deep(&e, out);
        } else if e.extension().is_some_and(|x| x == "jz") && !out.contains(&e) {
            out.push(e);
        }
    }
}

fn rel_str(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

fn collect_cases(root: &Path) -> Vec<Case> {
    let corpus = corpus_dir(root);
    let mut cases = Vec::new();
    for (dir, category) in [("ok", Category::Ok), ("err", Category::Err), ("fail", Category::Fail)] {
        for f in jz_files(&corpus.join(dir)) {
            let stem = f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            cases.push(Case { snapshot: format!("{dir}__{stem}"), rel: rel_str(root, &f), category, files: vec![f] });
        }
    }
    let mut dirs: Vec<PathBuf> = match std::fs::read_dir(corpus.join("multi")) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect(),
        Err(_) => Vec::new(),
    };
    dirs.sort();
    for d in dirs {
        let name = d.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let category = name.split_once('_').and_then(|(c, _)| Category::parse(c));
        let Some(category) = category else {
            panic!("tests/corpus/multi/{name}: the directory name must start with ok_, err_ or fail_");
        };
        let entry = d.join("main.jz");
        assert!(entry.is_file(), "tests/corpus/multi/{name}: no main.jz");
        let mut files = vec![entry.clone()];
        jz_files_deep(&d, &mut files);
        cases.push(Case { snapshot: format!("multi__{name}"), rel: rel_str(root, &entry), category, files });
    }
    cases
}

/// The message languages every case runs in: the English transcript is `snapshots/<name>.snap`, the Chinese
/// one `snapshots/zh/<name>.snap`; the locale given to `jz` is what `LC_ALL` would be.
const LANGS: [(&str, &str); 2] = [("en", "C"), ("zh", "zh_CN.UTF-8")];

fn run_jz(root: &Path, locale: &str, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_jz"))
        .args(args)
        .current_dir(root)
        .env("LC_ALL", locale)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run the jz binary");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Remove the absolute workspace path (the loader shows canonical paths for files brought in with `引用`).
fn normalise(s: &str, root: &Path) -> String {
    let mut out = s.to_string();
    let mut roots = vec![root.display().to_string()];
    let raw = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").display().to_string();
    roots.push(raw);
    for r in roots {
        out = out.replace(&format!("{r}/"), "").replace(&r, "<root>");
    }
    out
}

fn section(out: &mut String, root: &Path, cmd: &str, run: &Run) {
    out.push_str(&format!("$ {cmd}\nexit: {}\n", run.code));
    for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        if text.is_empty() {
            continue;
        }
        out.push_str(&format!("--- {name}\n"));
        let t = normalise(text, root);
        out.push_str(&t);
        if !t.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push('\n');
}

struct Eval {
    record: String,
    json: String,
    sets: Vec<String>,
}

/// The `// eval:` directives of a program, each with the `// set:` lines before it.
fn evals(text: &str) -> Vec<Eval> {
    let mut out = Vec::new();
    let mut sets = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(s) = line.strip_prefix("// set:") {
            sets.push(s.trim().to_string());
        } else if let Some(e) = line.strip_prefix("// eval:") {
            let e = e.trim();
            let (record, json) = e.split_once(char::is_whitespace).unwrap_or((e, "{}"));
            out.push(Eval {
                record: record.to_string(),
                json: json.trim().to_string(),
                sets: std::mem::take(&mut sets),
            });
        }
    }
    out
}

/// Run one case; returns the transcript and every violated exit-status expectation.
fn transcript(root: &Path, case: &Case, locale: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut problems = Vec::new();
    let text = std::fs::read_to_string(root.join(&case.rel)).unwrap_or_default();

    let check = run_jz(root, locale, &["check", &case.rel]);
    section(&mut out, root, &format!("jz check {}", case.rel), &check);
    let mut test_code = None;
    let mut eval_codes = Vec::new();
    if check.code == 0 {
        let test = run_jz(root, locale, &["test", &case.rel]);
        section(&mut out, root, &format!("jz test {}", case.rel), &test);
        test_code = Some(test.code);
        for e in evals(&text) {
            let mut args: Vec<&str> = vec!["eval", &case.rel, "--record", &e.record, "--json", &e.json];
            for s in &e.sets {
                args.push("--set");
                args.push(s);
            }
            args.push("--explain");
            let run = run_jz(root, locale, &args);
            let shown: Vec<String> = args
                .iter()
                .map(|a| if a.contains(' ') || a.starts_with('{') { format!("'{a}'") } else { a.to_string() })
                .collect();
            section(&mut out, root, &format!("jz {}", shown.join(" ")), &run);
            eval_codes.push(run.code);
        }
    }

    match case.category {
        Category::Ok => {
            if check.code != 0 {
                problems.push(format!("`jz check` exited {} (expected 0)", check.code));
            }
            if test_code.is_some_and(|c| c != 0) {
                problems.push(format!("`jz test` exited {} (expected 0)", test_code.unwrap_or(-1)));
            }
            if let Some(c) = eval_codes.iter().find(|c| **c != 0) {
                problems.push(format!("`jz eval` exited {c} (expected 0)"));
            }
        }
        Category::Err => {
            if check.code != 1 {
                problems.push(format!("`jz check` exited {} (expected 1)", check.code));
            }
        }
        Category::Fail => {
            if check.code != 0 {
                problems.push(format!("`jz check` exited {} (expected 0)", check.code));
            } else if test_code != Some(1) && !eval_codes.contains(&3) {
                problems.push(format!(
                    "`jz test` exited {test_code:?} and no `jz eval` exited 3 (expected test 1 or eval 3)"
                ));
            }
            if let Some(c) = eval_codes.iter().find(|c| **c != 0 && **c != 3) {
                problems.push(format!("`jz eval` exited {c} (expected 0 or 3)"));
            }
        }
    }
    (out, problems)
}

/// Every corpus file says what it protects on its first line.
fn protects_line(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let first = text.lines().next().unwrap_or("");
    match first.strip_prefix("// protects:") {
        Some(p) if !p.trim().is_empty() => Ok(p.trim().to_string()),
        _ => Err("the first line must be `// protects: <behaviour>`".into()),
    }
}

#[test]
fn corpus() {
    let root = workspace_root();
    let cases = collect_cases(&root);
    for c in [Category::Ok, Category::Err, Category::Fail] {
        assert!(cases.iter().any(|x| x.category == c), "the corpus has no {c:?} program: is tests/corpus there?");
    }
    let snap_dir = corpus_dir(&root).join("snapshots");
    let mut failures: Vec<String> = Vec::new();

    for case in &cases {
        let mut description = String::new();
        for f in &case.files {
            match protects_line(f) {
                Ok(p) if description.is_empty() => description = p,
                Ok(_) => {}
                Err(e) => failures.push(format!("{}: {e}", rel_str(&root, f))),
            }
        }
        for (lang, locale) in LANGS {
            let (text, problems) = transcript(&root, case, locale);
            for p in problems {
                failures.push(format!("{} ({lang}): {p}", case.rel));
            }
            let snapshot = case.snapshot.clone();
            let (dir, shown) = if lang == "en" {
                (snap_dir.clone(), format!("tests/corpus/snapshots/{}.snap", case.snapshot))
            } else {
                (snap_dir.join(lang), format!("tests/corpus/snapshots/{lang}/{}.snap", case.snapshot))
            };
            let matched = catch_unwind(AssertUnwindSafe(|| {
                insta::with_settings!({
                    snapshot_path => dir.clone(),
                    prepend_module_to_snapshot => false,
                    omit_expression => true,
                    description => description.clone(),
                }, {
                    insta::assert_snapshot!(snapshot, text);
                });
            }));
            if matched.is_err() {
                failures.push(format!("{}: output differs from snapshot {shown}", case.rel));
            }
        }
    }

    // A snapshot whose program was renamed or removed would otherwise linger unnoticed.
    let expected: BTreeSet<String> = cases.iter().map(|c| format!("{}.snap", c.snapshot)).collect();
    for (lang, _) in LANGS {
        let (dir, shown) = if lang == "en" {
            (snap_dir.clone(), "tests/corpus/snapshots".to_string())
        } else {
            (snap_dir.join(lang), format!("tests/corpus/snapshots/{lang}"))
        };
        if let Ok(rd) = std::fs::read_dir(&dir) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.ends_with(".snap") && !expected.contains(&name) {
                    failures.push(format!("{shown}/{name}: no corpus program has this snapshot (delete it)"));
                }
            }
        }
    }

    assert!(
        failures.is_empty(),
        "{} corpus problem(s) in {} programs:\n  {}",
        failures.len(),
        cases.len(),
        failures.join("\n  ")
    );
}
