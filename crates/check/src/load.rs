//! Loading: the entry file and, transitively, every file it brings in with `引用`. A file is loaded once
//! (by canonical path); the order is dependencies first, the entry last, which is also declaration order.

use crate::check::{check_files, Checked, LoadedFile};
use crate::error::CheckError;
use jz_syntax::{parse_file, Diagnostic, SourceMap, Span};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Load and check the program whose entry file is `entry`.
pub fn load_and_check(entry: &Path) -> Checked {
    let mut sources = SourceMap::new();
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let mut seen = HashMap::new();
    match std::fs::read_to_string(entry) {
        Ok(text) => {
            let canon = entry.canonicalize().unwrap_or_else(|_| entry.to_path_buf());
            let id = sources.add(entry.display().to_string(), text);
            seen.insert(canon.clone(), id);
            load_rec(&mut sources, &mut diags, &mut files, &mut seen, id, canon);
        }
        Err(e) => {
            diags.push(
                Diagnostic::error("E0101", format!("cannot read `{}`: {e}", entry.display()), Span::default())
                    .with_help("check the path"),
            );
            return Checked { sources, program: None, diagnostics: diags, samples: Vec::new() };
        }
    }
    check_files(sources, files, diags)
}

/// Load a program from text (the REPL and tests); `引用` paths are relative to `base_dir`.
pub fn load_text(name: &str, text: &str, base_dir: &Path) -> Checked {
    let mut sources = SourceMap::new();
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let mut seen = HashMap::new();
    let id = sources.add(name.to_string(), text.to_string());
    load_rec(&mut sources, &mut diags, &mut files, &mut seen, id, base_dir.join(name));
    check_files(sources, files, diags)
}

fn load_rec(
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    files: &mut Vec<LoadedFile>,
    seen: &mut HashMap<PathBuf, u32>,
    id: u32,
    path: PathBuf,
) {
    let (ast, mut ds) = parse_file(id, sources.text(id));
    diags.append(&mut ds);
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut deps = Vec::new();
    for item in &ast.items {
        if let jz_syntax::ast::Item::Use { path: rel, span } = item {
            let target = dir.join(rel);
            let canon = match target.canonicalize() {
                Ok(c) => c,
                Err(e) => {
                    diags.push(
                        CheckError::FileNotFound { path: rel.clone(), reason: e.to_string(), span: *span }
                            .into_diagnostic(),
                    );
                    continue;
                }
            };
            if let Some(&known) = seen.get(&canon) {
                deps.push(known);
                continue;
            }
            match std::fs::read_to_string(&canon) {
                Ok(text) => {
                    let name = display_path(&target);
                    let sub = sources.add(name, text);
                    seen.insert(canon.clone(), sub);
                    deps.push(sub);
                    load_rec(sources, diags, files, seen, sub, canon);
                }
                Err(e) => diags.push(
                    CheckError::FileNotFound { path: rel.clone(), reason: e.to_string(), span: *span }
                        .into_diagnostic(),
                ),
            }
        }
    }
    files.push(LoadedFile { id, path, ast, deps });
}

/// `a/b/../c.jz` → `a/c.jz`, so messages show short paths.
fn display_path(p: &Path) -> String {
    let mut out: Vec<std::path::Component<'_>> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir if matches!(out.last(), Some(std::path::Component::Normal(_))) => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    let p: PathBuf = out.iter().collect();
    match std::env::current_dir() {
        Ok(cwd) => p.strip_prefix(&cwd).unwrap_or(&p).display().to_string(),
        Err(_) => p.display().to_string(),
    }
}
