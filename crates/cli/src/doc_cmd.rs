//! `jz doc POLICY -o DIR`: one static, offline HTML page (`DIR/index.html`, no script, no CDN) of a policy:
//! each article of the `source.txt` files beside the policy and its lineage, with the rules and guarantees
//! citing it beside it (coverage colour, links both ways), the refinement lineage (what each policy of the
//! chain added to each decision), `jz verify`'s verdict per guarantee, and the tests (the `tests.jz` beside
//! the entry, when there is one) with their results.

use crate::common::{load_program, relative};
use crate::coverage_cmd::{parse_source, Article};
use jz_check::ir::Program;
use jz_check::Checked;
use jz_i18n::t;
use jz_syntax::Span;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn canon(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// An anchor id from any text (ASCII only, stable).
fn anchor(kind: &str, parts: &[&str]) -> String {
    let mut s = String::from(kind);
    for p in parts {
        s.push('-');
        for b in p.bytes() {
            if b.is_ascii_alphanumeric() {
                s.push(b as char);
            } else {
                let _ = write!(s, "{b:02x}");
            }
        }
    }
    s
}

/// Source text of a span, without the blank and comment lines a parse span carries at its end.
fn source(checked: &Checked, span: Span) -> String {
    let mut s = checked.sources.text(span.file).get(span.start as usize..span.end as usize).unwrap_or("").trim_end();
    while let Some((head, last)) = s.rsplit_once('\n') {
        if last.trim().is_empty() || last.trim_start().starts_with("//") {
            s = head.trim_end();
        } else {
            break;
        }
    }
    s.to_string()
}

struct Citer {
    id: String,
    title: String,
    place: String,
    code: String,
    policy: String,
}

pub fn run(policy: &Path, out_dir: &Path) -> u8 {
    let Some((checked, p)) = load_program(policy) else { return 1 };
    let place = |span: Span| {
        let (l, _) = checked.sources.line_col(span);
        format!("{}:{l}", relative(Path::new(checked.sources.name(span.file))))
    };
    let policy_of = |file: u32| {
        p.level_of_file(file).and_then(|i| p.policies.get(i)).map_or_else(String::new, |pol| pol.name.clone())
    };
    // sources: the entry's lineage first, then every other loaded policy's
    let chain = p.chain();
    let mut order: Vec<usize> = chain.clone();
    order.extend((0..p.policies.len()).filter(|i| !chain.contains(i)));
    let mut sources: Vec<(PathBuf, Vec<Article>)> = Vec::new();
    for i in order {
        let Some(pol) = p.policies.get(i) else { continue };
        let Some(dir) = Path::new(&pol.path).parent() else { continue };
        let path = canon(&dir.join("source.txt"));
        if sources.iter().any(|(q, _)| *q == path) {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            sources.push((path, parse_source(&text)));
        }
    }
    // verdicts
    let report = jz_verify::verify(&p, &jz_verify::Options { lint: false, ..Default::default() });
    let verdict = |gi: usize| {
        let (class, key) =
            report.guarantees.iter().find(|g| g.guarantee == gi).map_or(("unknown", "doc-unverified"), |g| {
                match g.verdict {
                    jz_verify::Verdict::Holds => ("holds", "doc-holds"),
                    jz_verify::Verdict::Violated(_) => ("violated", "doc-violated"),
                    jz_verify::Verdict::Unknown(_) => ("unknown", "doc-unknown"),
                }
            });
        (class, jz_i18n::tr(key, &[]))
    };
    // who cites what
    let mut citers: Vec<(Vec<String>, u32, PathBuf, Citer)> = Vec::new();
    for (di, d) in p.decisions.iter().enumerate().filter(|(_, d)| d.shadow.is_none()) {
        for (ri, r) in d.rules.iter().enumerate() {
            let end = r.value.span.end.max(r.span.end);
            let kind = if r.parent.is_some() { t!("doc-exception") } else { t!("doc-rule") };
            citers.push((
                r.citations.clone(),
                r.span.file,
                canon(Path::new(checked.sources.name(r.span.file))).parent().map(Path::to_path_buf).unwrap_or_default(),
                Citer {
                    id: format!("r{di}-{ri}"),
                    title: t!(
                        "doc-rule-title",
                        decision = d.name,
                        kind = kind,
                        label = r.label.as_deref().unwrap_or("")
                    ),
                    place: place(r.span),
                    code: source(&checked, Span { end, ..r.span }),
                    policy: policy_of(r.span.file),
                },
            ));
        }
    }
    for (gi, g) in p.guarantees.iter().enumerate() {
        let end = g.assertion.span.end.max(g.span.end);
        citers.push((
            g.citations.clone(),
            g.span.file,
            canon(Path::new(checked.sources.name(g.span.file))).parent().map(Path::to_path_buf).unwrap_or_default(),
            Citer {
                id: format!("g{gi}"),
                title: t!("doc-guarantee-title", name = g.name, verdict = verdict(gi).1),
                place: place(g.span),
                code: format!("保障 {}", source(&checked, Span { end, ..g.span })),
                policy: policy_of(g.span.file),
            },
        ));
    }
    // citation → (source index, article id): beside the citing file, then the policies of the refinement chain
    // above the one it belongs to (as `jz coverage` resolves it), then any source
    let find = |c: &str, file: u32, dir: &Path| {
        let has = |si: usize| sources.get(si).is_some_and(|(_, arts)| arts.iter().any(|a| a.id == c));
        crate::coverage_cmd::lineage_dirs(&p, file, dir)
            .iter()
            .find_map(|d| sources.iter().position(|(path, _)| path.parent() == Some(d.as_path())).filter(|si| has(*si)))
            .or_else(|| (0..sources.len()).find(|si| has(*si)))
    };
    let mut by_article: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
    let mut links: Vec<Vec<(String, String)>> = vec![Vec::new(); citers.len()];
    for (k, (cites, file, dir, _)) in citers.iter().enumerate() {
        for c in cites {
            if let Some(si) = find(c, *file, dir) {
                by_article.entry((si, c.clone())).or_default().push(k);
                links[k].push((c.clone(), anchor("a", &[&si.to_string(), c])));
            } else {
                links[k].push((c.clone(), String::new()));
            }
        }
    }
    let tests = tests_beside(policy);

    let mut h = String::new();
    let entry = p.policies.last();
    let title = entry.map_or(String::new(), |e| e.title.clone().unwrap_or_else(|| e.name.clone()));
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body>\n",
        jz_i18n::lang().id(),
        esc(&title)
    );
    let _ = writeln!(h, "<h1>{}</h1>", esc(&title));
    let lineage: Vec<String> =
        chain.iter().filter_map(|&i| p.policies.get(i)).map(|pol| format!("<code>{}</code>", esc(&pol.name))).collect();
    let _ = writeln!(h, "<p class=\"lineage\">{}</p>", t!("doc-lineage", chain = lineage.join(" → ")));
    let _ = writeln!(
        h,
        "<nav><a href=\"#articles\">{}</a> · <a href=\"#guarantees\">{}</a> · <a href=\"#lineage\">{}</a> · <a href=\"#tests\">{}</a></nav>",
        t!("doc-nav-articles"),
        t!("doc-nav-guarantees"),
        t!("doc-nav-lineage"),
        t!("doc-nav-tests")
    );

    // a citer's citations, each a link to its article (grey when no source has it)
    let cite_links = |k: usize| {
        links[k]
            .iter()
            .map(|(c, a)| {
                if a.is_empty() {
                    format!("<span class=\"outside\">{}</span>", esc(c))
                } else {
                    format!("<a href=\"#{a}\">{}</a>", esc(c))
                }
            })
            .collect::<Vec<_>>()
            .join(&t!("doc-cite-sep"))
    };

    // articles
    let mut shown = std::collections::HashSet::new();
    let _ = writeln!(h, "<h2 id=\"articles\">{}</h2>", t!("doc-nav-articles"));
    for (si, (path, arts)) in sources.iter().enumerate() {
        let _ = writeln!(h, "<h3>{}</h3>", esc(&relative(path)));
        for a in arts {
            let who = by_article.get(&(si, a.id.clone()));
            let class = match (a.operative, who, &a.reason) {
                (_, Some(_), _) => "encoded",
                (false, None, _) => "note",
                (true, None, Some(_)) => "explained",
                (true, None, None) => "missing",
            };
            let _ =
                writeln!(h, "<section class=\"article {class}\" id=\"{}\">", anchor("a", &[&si.to_string(), &a.id]));
            let _ = writeln!(h, "<div class=\"law\"><h4>§ {}</h4>", esc(&a.id));
            for para in a.text.lines().filter(|l| !l.trim().is_empty()) {
                let _ = writeln!(h, "<p>{}</p>", esc(para));
            }
            let _ = writeln!(h, "</div><div class=\"code\">");
            match (who, &a.reason) {
                (Some(ks), _) => {
                    for &k in ks {
                        let c = &citers[k].3;
                        let id = if shown.insert(c.id.clone()) { format!(" id=\"{}\"", c.id) } else { String::new() };
                        let _ = writeln!(
                            h,
                            "<div class=\"citer\"{id}><div class=\"t\">{}</div><div class=\"w\">{} · {} · {}</div><pre>{}</pre></div>",
                            esc(&c.title),
                            esc(&c.policy),
                            esc(&c.place),
                            t!("doc-cited", cites = cite_links(k)),
                            esc(&c.code)
                        );
                    }
                }
                (None, Some(r)) => {
                    let _ = writeln!(h, "<p class=\"reason\">{}</p>", t!("doc-not-encoded", reason = esc(r)));
                }
                (None, None) if a.operative => {
                    let _ = writeln!(h, "<p class=\"reason\">{}</p>", t!("doc-missing"));
                }
                (None, None) => {
                    let _ = writeln!(h, "<p class=\"reason\">{}</p>", t!("doc-note"));
                }
            }
            let _ = writeln!(h, "</div></section>");
        }
    }
    // guarantees
    let _ = writeln!(
        h,
        "<h2 id=\"guarantees\">{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t!("doc-guarantees-heading"),
        t!("doc-guarantee"),
        t!("doc-verdict"),
        t!("doc-citation"),
        t!("doc-policy"),
        t!("doc-place")
    );
    for (gi, g) in p.guarantees.iter().enumerate() {
        let (class, text) = verdict(gi);
        let k = citers.iter().position(|c| c.3.id == format!("g{gi}")).unwrap_or(0);
        let _ = writeln!(
            h,
            "<tr><td><a href=\"#g{gi}\">{}</a></td><td class=\"{class}\">{text}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&g.name),
            cite_links(k),
            esc(&policy_of(g.span.file)),
            esc(&place(g.span))
        );
    }
    let _ = writeln!(h, "</table>");

    // lineage: per decision, the rules each policy of the chain added
    let _ = writeln!(h, "<h2 id=\"lineage\">{}</h2>", t!("doc-lineage-heading"));
    for (di, d) in p.decisions.iter().enumerate().filter(|(_, d)| d.shadow.is_none()) {
        let mut per: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (ri, r) in d.rules.iter().enumerate() {
            let level = p.level_of_file(r.span.file).and_then(|l| chain.iter().position(|&c| c == l)).unwrap_or(0);
            per.entry(usize::MAX - level).or_default().push(ri);
        }
        if per.len() < 2 && chain.len() > 1 {
            continue;
        }
        let _ = writeln!(h, "<h3>{}</h3><ul>", t!("doc-decision", name = esc(&d.name)));
        for (level, rules) in &per {
            let pol = chain.get(usize::MAX - level).and_then(|&i| p.policies.get(i)).map_or("", |x| x.name.as_str());
            let items: Vec<String> = rules
                .iter()
                .filter_map(|&ri| {
                    let r = d.rules.get(ri)?;
                    let k = citers.iter().position(|c| c.3.id == format!("r{di}-{ri}"))?;
                    let label = r.label.clone().unwrap_or_else(|| t!("doc-rule"));
                    Some(t!(
                        "doc-lineage-rule",
                        rule = format!("<a href=\"#r{di}-{ri}\">{}</a>", esc(&label)),
                        cites = cite_links(k)
                    ))
                })
                .collect();
            let _ = writeln!(
                h,
                "<li>{}</li>",
                t!("doc-lineage-item", policy = esc(pol), rules = items.join(&t!("doc-lineage-sep")))
            );
        }
        let _ = writeln!(h, "</ul>");
    }

    // tests
    let _ = writeln!(h, "<h2 id=\"tests\">{}</h2>", t!("doc-nav-tests"));
    match &tests {
        Some((file, results)) => {
            let passed = results.iter().filter(|t| t.1).count();
            let _ = writeln!(
                h,
                "<p>{}</p><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
                t!(
                    "doc-tests-summary",
                    file = esc(file),
                    summary = t!(
                        "test-summary",
                        passed = jz_i18n::count(passed as u64),
                        failed = jz_i18n::count((results.len() - passed) as u64)
                    )
                ),
                t!("doc-test"),
                t!("doc-result"),
                t!("doc-place")
            );
            for (name, ok, place, msgs) in results {
                let (class, text) = if *ok { ("holds", t!("doc-passed")) } else { ("violated", t!("doc-failed")) };
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td class=\"{class}\">{text}{}</td><td>{}</td></tr>",
                    esc(name),
                    msgs.iter().map(|m| format!("<br>{}", esc(m))).collect::<String>(),
                    esc(place)
                );
            }
            let _ = writeln!(h, "</table>");
        }
        None => {
            let _ = writeln!(h, "<p>{}</p>", t!("doc-no-tests"));
        }
    }
    h.push_str("</body></html>\n");

    if let Err(e) = std::fs::create_dir_all(out_dir).and_then(|()| std::fs::write(out_dir.join("index.html"), h)) {
        eprintln!("{}", t!("doc-cannot-write", path = out_dir.display(), error = jz_i18n::io_error(&e)));
        return 1;
    }
    outln!("{}", t!("doc-wrote", path = relative(&out_dir.join("index.html"))));
    0
}

type TestRow = (String, bool, String, Vec<String>);

/// The tests of the `tests.jz` beside the entry (which brings the entry in), run by the interpreter.
fn tests_beside(policy: &Path) -> Option<(String, Vec<TestRow>)> {
    let file = policy.parent()?.join("tests.jz");
    if !file.exists() || canon(&file) == canon(policy) {
        return None;
    }
    let mut checked = jz_check::load_and_check(&file);
    let p: Program = checked.program.take()?;
    let rows = jz_eval::run_tests(&p)
        .into_iter()
        .map(|t| {
            let (l, _) = checked.sources.line_col(t.span);
            let place = format!("{}:{l}", relative(Path::new(checked.sources.name(t.span.file))));
            let ok = t.passed();
            (t.name, ok, place, t.failures.into_iter().map(|f| f.message).collect())
        })
        .collect();
    Some((relative(&file), rows))
}

const CSS: &str = "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}\
h1{font-size:1.5em}nav{margin-bottom:1em}.lineage code{background:#eef;padding:0 .3em}\
.article{display:grid;grid-template-columns:1fr 1fr;gap:1em;border-left:6px solid #ccc;padding:.5em 1em;margin:.5em 0;background:#fafafa}\
.article.encoded{border-color:#2a9d4b}.article.explained{border-color:#e0a800}.article.missing{border-color:#d62828}.article.note{border-color:#bbb;opacity:.8}\
.law p{margin:.3em 0;line-height:1.6}.citer{border:1px solid #ddd;background:#fff;margin-bottom:.5em;padding:.3em .5em}\
.citer .t{font-weight:600}.citer .w{font-size:.85em;color:#666}pre{white-space:pre-wrap;font-size:.85em;margin:.3em 0}\
.reason{color:#8a6d00}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}\
.holds{color:#2a9d4b;font-weight:600}.violated{color:#d62828;font-weight:600}.unknown{color:#e0a800;font-weight:600}.outside{color:#999}\
:target{outline:3px solid #4a7bd0}";
