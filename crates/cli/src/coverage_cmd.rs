//! `jz coverage`: every operative article of the source texts kept next to the policies (`source.txt`),
//! with the rules and guarantees that cite it, or the recorded reason it is not encoded.
//!
//! `source.txt` holds one block per article: a line `§ ID 操作性|说明 [未编码: reason]` and the article text.
//! A citation is matched against the source in its own file's directory first, else against every source.

use crate::common::load_program;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One article of a policy's `source.txt`: its id, whether it is operative, why it is not encoded, its text.
pub(crate) struct Article {
    pub(crate) id: String,
    pub(crate) operative: bool,
    pub(crate) reason: Option<String>,
    pub(crate) text: String,
}

/// The articles of a `source.txt`: each `§id [操作性] [未编码: reason]` line starts one, the lines after it are
/// its text.
pub(crate) fn parse_source(text: &str) -> Vec<Article> {
    let mut out: Vec<Article> = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix('§') {
            let (head, reason) = match h.split_once("未编码:").or_else(|| h.split_once("未编码：")) {
                Some((a, r)) => (a, Some(r.trim().to_string())),
                None => (h, None),
            };
            let mut parts = head.split_whitespace();
            let id = parts.next().unwrap_or("").to_string();
            let operative = parts.next() == Some("操作性");
            out.push(Article { id, operative, reason, text: String::new() });
        } else if let Some(a) = out.last_mut() {
            a.text.push_str(line);
            a.text.push('\n');
        }
    }
    out
}

fn canon(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

fn dir_of(file: &str) -> PathBuf {
    canon(Path::new(file)).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The directory of the citing file, then those of the policies of the refinement chain from the one the file
/// belongs to (`Program::level_of_file`: a county's file, even one it brings in with `引用`, belongs to the
/// county) up to the root, nearest first. A file outside the chain (the national opinion the province brings in)
/// has only its own directory.
pub(crate) fn lineage_dirs(p: &jz_check::ir::Program, file: u32, dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    let chain = p.chain();
    let Some(level) = p.level_of_file(file) else { return out };
    for i in chain.iter().skip_while(|&&i| i != level) {
        if let Some(pol) = p.policies.get(*i) {
            let d = dir_of(&pol.path);
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    out
}

pub fn run(policy: &Path) -> u8 {
    let Some((checked, p)) = load_program(policy) else { return 1 };
    // the sources next to the loaded policy files
    let mut sources: Vec<(PathBuf, Vec<Article>)> = Vec::new();
    for pol in &p.policies {
        let Some(dir) = Path::new(&pol.path).parent() else { continue };
        let path = canon(&dir.join("source.txt"));
        if sources.iter().any(|(p, _)| *p == path) {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            sources.push((path, parse_source(&text)));
        }
    }
    if sources.is_empty() {
        eprintln!("{}", jz_i18n::t!("coverage-no-source"));
        return 1;
    }
    // every citation with who made it
    let mut cites: Vec<(String, u32, PathBuf, String)> = Vec::new();
    let loc = |span: jz_syntax::Span| {
        let (l, _) = checked.sources.line_col(span);
        format!("{}:{l}", checked.sources.name(span.file))
    };
    for d in p.decisions.iter().filter(|d| d.shadow.is_none()) {
        for r in &d.rules {
            let who = format!("{}/{} ({})", d.name, r.label.as_deref().unwrap_or("规则"), loc(r.span));
            let dir = dir_of(checked.sources.name(r.span.file));
            for c in &r.citations {
                cites.push((c.clone(), r.span.file, dir.clone(), who.clone()));
            }
        }
    }
    for g in &p.guarantees {
        let who = format!("保障 {} ({})", g.name, loc(g.span));
        let dir = dir_of(checked.sources.name(g.span.file));
        for c in &g.citations {
            cites.push((c.clone(), g.span.file, dir.clone(), who.clone()));
        }
    }
    let mut by_article: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
    let mut outside: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (c, file, dir, who) in &cites {
        // the source beside the citing file, then those of the policies it refines, then any
        let has = |si: usize| sources.get(si).is_some_and(|(_, arts)| arts.iter().any(|a| a.id == *c));
        let any = lineage_dirs(&p, *file, dir)
            .iter()
            .find_map(|d| sources.iter().position(|(path, _)| path.parent() == Some(d.as_path())).filter(|si| has(*si)))
            .or_else(|| (0..sources.len()).find(|si| has(*si)));
        match any {
            Some(s) => by_article.entry((s, c.clone())).or_default().push(who.clone()),
            None => outside.entry(c.clone()).or_default().push(who.clone()),
        }
    }
    let (mut encoded, mut explained, mut missing) = (0, 0, 0);
    for (si, (path, arts)) in sources.iter().enumerate() {
        outln!("{}", crate::common::relative(path));
        for a in arts.iter().filter(|a| a.operative) {
            match (by_article.get(&(si, a.id.clone())), &a.reason) {
                (Some(ws), _) => {
                    encoded += 1;
                    outln!("  {:<8} {}", a.id, jz_i18n::t!("coverage-encoded-by", n = jz_i18n::count(ws.len() as u64)));
                    for w in ws {
                        outln!("             {w}");
                    }
                }
                (None, Some(r)) => {
                    explained += 1;
                    outln!("  {:<8} {}", a.id, jz_i18n::t!("coverage-not-encoded", reason = r));
                }
                (None, None) => {
                    missing += 1;
                    outln!("  {:<8} {}", a.id, jz_i18n::t!("coverage-missing"));
                }
            }
        }
    }
    if !outside.is_empty() {
        outln!("{}", jz_i18n::t!("coverage-outside"));
        for (c, ws) in &outside {
            outln!("  {c}: {}", ws.join(&jz_i18n::t!("list-sep")));
        }
    }
    let count = |n: usize| jz_i18n::count(n as u64);
    outln!(
        "{}",
        jz_i18n::t!(
            "coverage-summary",
            encoded = count(encoded),
            explained = count(explained),
            missing = count(missing)
        )
    );
    if missing > 0 {
        eprintln!("{}", jz_i18n::t!("coverage-failed", missing = count(missing)));
        1
    } else {
        0
    }
}
