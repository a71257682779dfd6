//! Loading: the entry file and, transitively, every file it brings in with `引用`. A file is loaded once
//! (by canonical path); the order is dependencies first, the entry last, which is also declaration order.
//! Only regular files of at most [`MAX_FILE_BYTES`] are read (a path may name `/dev/zero` or a pipe), text
//! that is not UTF-8 is reported at its first invalid byte with the likely encoding, `细化` cycles are an
//! error, and a program whose evaluation would nest deeper than [`crate::MAX_EVAL_DEPTH`] is not checked.

use crate::check::{check_files, Checked, LoadedFile};
use crate::error::CheckError;
use jz_syntax::{parse_file, Diagnostic, SourceMap, Span};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest policy file read: policies are written by people (the two encoded regulations are 30–60 KB), so
/// anything bigger is a wrong path, and reading stops here instead of filling memory.
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// Load and check the program whose entry file is `entry`.
pub fn load_and_check(entry: &Path) -> Checked {
    let mut sources = SourceMap::new();
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let mut seen = HashMap::new();
    let shown = entry.display().to_string();
    match read_policy(entry) {
        Ok(text) => {
            let canon = entry.canonicalize().unwrap_or_else(|_| entry.to_path_buf());
            let id = sources.add(shown, text);
            seen.insert(canon.clone(), id);
            load_rec(&mut sources, &mut diags, &mut files, &mut seen, id, canon);
        }
        Err(ReadError::Io(e)) => {
            let help = if e.kind() == std::io::ErrorKind::NotFound {
                jz_i18n::t!("E0101.help-path")
            } else {
                jz_i18n::t!("E0101.help-permissions")
            };
            let reason = jz_i18n::io_error(&e);
            diags.push(
                Diagnostic::error("E0101", jz_i18n::t!("E0101.entry", path = shown, reason = reason), Span::default())
                    .with_help(help),
            );
        }
        Err(e) => diags.push(e.into_diagnostic(&mut sources, shown, None)),
    }
    finish(sources, files, diags)
}

/// Load a program from text (the REPL and tests); `引用` paths are relative to `base_dir`.
pub fn load_text(name: &str, text: &str, base_dir: &Path) -> Checked {
    let mut sources = SourceMap::new();
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let mut seen = HashMap::new();
    let id = sources.add(name.to_string(), text.to_string());
    load_rec(&mut sources, &mut diags, &mut files, &mut seen, id, base_dir.join(name));
    finish(sources, files, diags)
}

/// Check the loaded files, unless their refinements form a cycle or their evaluation nests too deep (either
/// would make a later stage loop or overflow its stack).
fn finish(sources: SourceMap, files: Vec<LoadedFile>, mut diags: Vec<Diagnostic>) -> Checked {
    let guard = refines_cycle(&files).or_else(|| crate::depth::too_deep(&files));
    if let Some(d) = guard {
        diags.push(d);
        return Checked { sources, program: None, diagnostics: diags, samples: Vec::new() };
    }
    if files.is_empty() {
        return Checked { sources, program: None, diagnostics: diags, samples: Vec::new() };
    }
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
                        CheckError::FileNotFound { path: rel.clone(), reason: jz_i18n::io_error(&e), span: *span }
                            .into_diagnostic(),
                    );
                    continue;
                }
            };
            if let Some(&known) = seen.get(&canon) {
                deps.push(known);
                continue;
            }
            match read_policy(&canon) {
                Ok(text) => {
                    let name = display_path(&target);
                    let sub = sources.add(name, text);
                    seen.insert(canon.clone(), sub);
                    deps.push(sub);
                    load_rec(sources, diags, files, seen, sub, canon);
                }
                Err(ReadError::Io(e)) => diags.push(
                    CheckError::FileNotFound { path: rel.clone(), reason: jz_i18n::io_error(&e), span: *span }
                        .into_diagnostic(),
                ),
                Err(e) => diags.push(e.into_diagnostic(sources, rel.clone(), Some(*span))),
            }
        }
    }
    files.push(LoadedFile { id, path, ast, deps });
}

enum ReadError {
    Io(std::io::Error),
    NotAFile(&'static str),
    TooLarge(u64),
    NotUtf8(Vec<u8>, std::str::Utf8Error),
}

impl ReadError {
    /// The diagnostic for `path` (as the user wrote it); `used` is the `引用` that named it.
    fn into_diagnostic(self, sources: &mut SourceMap, path: String, used: Option<Span>) -> Diagnostic {
        let span = used.unwrap_or_default();
        match self {
            ReadError::Io(e) => {
                CheckError::FileNotFound { path, reason: jz_i18n::io_error(&e), span }.into_diagnostic()
            }
            ReadError::NotAFile(kind) => CheckError::NotAFile { path, kind, span }.into_diagnostic(),
            ReadError::TooLarge(size) => {
                CheckError::FileTooLarge { path, size, limit: MAX_FILE_BYTES, span }.into_diagnostic()
            }
            ReadError::NotUtf8(bytes, e) => {
                let at = e.valid_up_to();
                let byte = bytes.get(at).copied().unwrap_or(0);
                let valid = std::str::from_utf8(bytes.get(..at).unwrap_or(&[])).unwrap_or("");
                let line = valid.matches('\n').count() + 1;
                let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let encoding = guess_encoding(&bytes);
                // the file is kept as lossy text so the diagnostic can show the line; the bytes before the
                // first invalid one are unchanged, so the span is exact
                let lossy = String::from_utf8_lossy(&bytes).into_owned();
                let end = at + lossy.get(at..).and_then(|t| t.chars().next()).map_or(0, char::len_utf8);
                let file = sources.add(path.clone(), lossy);
                let span = Span::new(file, at, end);
                CheckError::NotUtf8 { path, line, column, byte, encoding, span, used }.into_diagnostic()
            }
        }
    }
}

/// Read a policy file: a regular file of at most [`MAX_FILE_BYTES`], UTF-8 (a leading BOM is kept; the
/// grammar skips it).
fn read_policy(path: &Path) -> Result<String, ReadError> {
    // the kind is checked before opening: opening a pipe blocks until someone writes to it
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    not_a_file(&meta)?;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    not_a_file(&meta)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    match std::str::from_utf8(&bytes) {
        Ok(_) => String::from_utf8(bytes).map_err(|e| {
            let u = e.utf8_error();
            ReadError::NotUtf8(e.into_bytes(), u)
        }),
        Err(e) => Err(ReadError::NotUtf8(bytes, e)),
    }
}

fn not_a_file(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    if meta.is_file() {
        return Ok(());
    }
    let kind = if meta.is_dir() {
        "directory"
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            let t = meta.file_type();
            if t.is_char_device() || t.is_block_device() {
                "device"
            } else if t.is_fifo() {
                "pipe"
            } else if t.is_socket() {
                "socket"
            } else {
                "special file"
            }
        }
        #[cfg(not(unix))]
        {
            "special file"
        }
    };
    Err(ReadError::NotAFile(kind))
}

/// The encoding a Chinese editor most likely saved `bytes` in, when they are not UTF-8: UTF-16 (a byte-order
/// mark, or a zero byte in every other position of the first line), or GBK/GB18030 (every byte ≥ 0x80 starts
/// a valid two-byte pair: lead 0x81–0xFE, trail 0x40–0xFE except 0x7F).
fn guess_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("UTF-16LE"),
        [0xFE, 0xFF, ..] => return Some("UTF-16BE"),
        _ => {}
    }
    let head = bytes.get(..bytes.len().min(200)).unwrap_or(bytes);
    let zeros_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
    let half = head.len() / 2;
    if half >= 2 && zeros_at(1) * 2 >= half {
        return Some("UTF-16LE");
    }
    if half >= 2 && zeros_at(0) * 2 >= half {
        return Some("UTF-16BE");
    }
    let mut i = 0;
    let mut pairs = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            i += 1;
            continue;
        }
        match (b, bytes.get(i + 1)) {
            (0x81..=0xFE, Some(&t)) if (0x40..=0xFE).contains(&t) && t != 0x7F => {
                pairs += 1;
                i += 2;
            }
            _ => return None,
        }
    }
    (pairs > 0).then_some("GBK (GB18030)")
}

/// `细化` between the loaded policies forms a cycle (`A 细化 B`, `B 细化 A`): the error at the header of the
/// first file on it. A refinement names its parent by policy name, resolved to the first loaded policy of
/// that name, as the checker does.
fn refines_cycle(files: &[LoadedFile]) -> Option<Diagnostic> {
    fn header(f: &LoadedFile) -> Option<&jz_syntax::ast::Header> {
        f.ast.header.as_ref()
    }
    let mut first_of: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if let Some(h) = header(f) {
            first_of.entry(h.name.name.as_str()).or_insert((i, 0)).1 += 1;
        }
    }
    // a policy naming itself, with no other file of that name, is the checker's E0103 (not loaded)
    let parent = |i: usize| -> Option<usize> {
        let r = files.get(i).and_then(header)?.refines.as_ref()?;
        let &(p, count) = first_of.get(r.name.as_str())?;
        (p != i || count > 1).then_some(p)
    };
    // 0 unvisited, 1 on the current walk, 2 known to end
    let mut state = vec![0u8; files.len()];
    for start in 0..files.len() {
        let mut walk = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state.get(i).copied() {
                Some(0) => {
                    if let Some(s) = state.get_mut(i) {
                        *s = 1;
                    }
                    walk.push(i);
                    at = parent(i);
                }
                Some(1) => {
                    let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                    let cycle = walk.get(from..).unwrap_or(&[]);
                    let name = |w: &usize| files.get(*w).and_then(header).map(|h| h.name.name.clone());
                    let mut path: Vec<String> = cycle.iter().filter_map(name).collect();
                    path.extend(name(&i));
                    let span = files.get(i).and_then(header).and_then(|h| h.refines.as_ref()).map(|r| r.span);
                    return Some(CheckError::RefinesCycle { path, span: span.unwrap_or_default() }.into_diagnostic());
                }
                _ => break,
            }
        }
        for w in walk {
            if let Some(s) = state.get_mut(w) {
                *s = 2;
            }
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf16_are_recognised() {
        // “企业” in GBK, then in UTF-16LE with its byte-order mark
        assert_eq!(guess_encoding(&[b'a', 0xC6, 0xF3, 0xD2, 0xB5]), Some("GBK (GB18030)"));
        assert_eq!(guess_encoding(&[0xFF, 0xFE, 0x01, 0x4F]), Some("UTF-16LE"));
        let ascii_utf16: Vec<u8> = "policy a".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(guess_encoding(&ascii_utf16), Some("UTF-16LE"));
        assert_eq!(guess_encoding(&[0xC6]), None);
    }
}
