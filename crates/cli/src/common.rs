//! Shared by the subcommands: finding policy files, loading them, printing diagnostics, `--set`.

/// `println!` that ends the program quietly when stdout is closed (`jz test | head`) instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::common::emit(format_args!($($arg)*))
    };
}

pub fn emit(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if out.write_fmt(args).and_then(|()| out.write_all(b"\n")).is_err() {
        std::process::exit(0);
    }
}

/// A path shown relative to the working directory when it lies below it.
pub fn relative(p: &std::path::Path) -> String {
    match std::env::current_dir() {
        Ok(cwd) => p.strip_prefix(&cwd).unwrap_or(p).display().to_string(),
        Err(_) => p.display().to_string(),
    }
}

use jz_check::ir::Program;
use jz_check::{load_and_check, Checked, Type, Value};
use jz_syntax::Diagnostic;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Every `.jz` file named or found (recursively, sorted) under the given paths.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out).map_err(|e| jz_i18n::t!("files-cannot-read-dir", path = p.display(), error = e))?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(jz_i18n::t!("files-not-found", path = p.display()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            walk(&e, out)?;
        } else if e.extension().is_some_and(|x| x == "jz") {
            out.push(e);
        }
    }
    Ok(())
}

/// Print diagnostics not printed before (files shared by several entries would repeat them).
pub fn print_new(checked: &Checked, seen: &mut HashSet<(String, u32, u32, &'static str)>) -> usize {
    let fresh: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| {
            let key = (checked.sources.name(d.primary.file).to_string(), d.primary.start, d.primary.end, d.code);
            seen.insert(key)
        })
        .cloned()
        .collect();
    checked.sources.render_stderr(&fresh);
    fresh.iter().filter(|d| d.is_error()).count()
}

pub fn check_cmd(paths: &[PathBuf]) -> u8 {
    let files = match collect_files(paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let mut seen = HashSet::new();
    let mut errors = 0;
    for f in &files {
        let checked = load_and_check(f);
        errors += print_new(&checked, &mut seen);
    }
    if errors > 0 {
        eprintln!("{}", jz_i18n::t!("diag-summary-errors", n = jz_i18n::count(errors as u64)));
        1
    } else {
        0
    }
}

/// Load one policy for evaluation; diagnostics go to stderr. `None` when it has errors.
pub fn load_program(path: &Path) -> Option<(Checked, Program)> {
    let mut checked = load_and_check(path);
    let mut seen = HashSet::new();
    print_new(&checked, &mut seen);
    let program = checked.program.take()?;
    Some((checked, program))
}

/// Apply `--set NAME=VALUE` to a scenario or parameter values.
pub fn apply_sets(p: &Program, sets: &[String], scenario: &mut [Value], params: &mut [Value]) -> Result<(), String> {
    for s in sets {
        let Some((name, value)) = s.split_once('=') else {
            return Err(jz_i18n::t!("set-syntax", set = s));
        };
        let (name, value) = (name.trim(), value.trim());
        let (ty, slot): (Type, &mut Value) = if let Some(i) = p.scenario_param(name) {
            let ty = p.scenario.get(i).map(|x| x.ty.clone()).unwrap_or(Type::Bool);
            match scenario.get_mut(i) {
                Some(slot) => (ty, slot),
                None => continue,
            }
        } else if let Some(i) = p.params.iter().position(|x| x.name == name) {
            let ty = p.params.get(i).map(|x| x.ty.clone()).unwrap_or(Type::Bool);
            match params.get_mut(i) {
                Some(slot) => (ty, slot),
                None => continue,
            }
        } else {
            let names: Vec<&str> =
                p.scenario.iter().map(|s| s.name.as_str()).chain(p.params.iter().map(|x| x.name.as_str())).collect();
            return Err(jz_i18n::t!("set-unknown", name = name, names = names.join(", ")));
        };
        match jz_data::parse_cell(p, &ty, value) {
            Ok(v) => *slot = v,
            Err(e) => return Err(jz_i18n::t!("set-bad-value", name = name, error = e.0)),
        }
    }
    Ok(())
}

/// A decision's transitions as people read them (`jz_engine`'s `Transitions::render`, in the process's
/// language): `name: unchanged`, or `name: N changed` and one line `  A → B: count` per transition.
pub fn render_transitions(t: &jz_engine::transitions::Transitions, name: &str) -> Vec<String> {
    use jz_engine::transitions::thousands;
    let changes = t.changes();
    if changes.is_empty() {
        return vec![jz_i18n::t!("transitions-unchanged", name = name)];
    }
    let total = thousands(changes.iter().map(|c| c.2).sum());
    let mut lines = vec![jz_i18n::t!("transitions-changed", name = name, n = total)];
    lines.extend(changes.iter().map(|(a, b, n)| format!("  {a} → {b}: {}", thousands(*n))));
    lines
}
