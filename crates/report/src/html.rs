//! The page: one HTML file with its style inline, charts as inline SVG ([`crate::svg`]), every table with
//! CSV and XLSX downloads embedded as `data:` links ([`crate::xlsx`]). No script, no remote resource: it
//! opens offline, from a mail attachment or a USB stick. Every text from the policy or the data is escaped.
//! Numbers carry `data-n` (the exact count) so a test — or a reader's tool — can read them back.

use crate::model::{Compare, Dim, Levels, Report};
use crate::svg::{self, esc};
use crate::xlsx::{self, Cell};
use jz_engine::transitions::thousands;
use jz_i18n::t;
use std::fmt::Write;

/// Rows of a dimension shown in its chart (the tables have them all).
const CHART_GROUPS: usize = 30;

const STYLE: &str = r#"
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 1100px; padding: 0 24px 48px; color: #1d2733; line-height: 1.5; }
h1 { font-size: 26px; margin: 28px 0 4px; } h2 { font-size: 21px; margin: 40px 0 8px; border-bottom: 2px solid #d5dde5; padding-bottom: 4px; }
h3 { font-size: 17px; margin: 24px 0 6px; } p.lead, p.note { color: #4a5866; margin: 4px 0 10px; }
nav { margin: 12px 0 8px; font-size: 14px; } nav a { margin-right: 14px; color: #2c5d8a; text-decoration: none; }
.figures { display: flex; gap: 16px; flex-wrap: wrap; margin: 14px 0; }
.figure { background: #f2f5f8; border-radius: 6px; padding: 10px 18px; min-width: 150px; }
.figure b { display: block; font-size: 26px; } .figure span { color: #4a5866; font-size: 14px; }
table { border-collapse: collapse; font-size: 14px; margin: 4px 0 8px; }
th, td { border-bottom: 1px solid #e1e6eb; padding: 3px 10px; text-align: left; vertical-align: top; }
thead th { background: #eef2f6; position: sticky; top: 0; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 8px 0 18px; } figcaption { font-size: 14px; color: #4a5866; margin-bottom: 4px; }
figcaption a { margin-left: 10px; font-size: 13px; color: #2c5d8a; border: 1px solid #b8c7d6; border-radius: 4px; padding: 0 6px; text-decoration: none; }
.scroll { max-height: 460px; overflow: auto; display: inline-block; max-width: 100%; }
svg.chart { font-size: 13px; fill: #1d2733; max-width: 100%; height: auto; } svg .num { fill: #4a5866; } svg .small { font-size: 10px; } svg .legend { font-size: 12px; } svg .empty { fill: #7a8896; }
.side { display: flex; gap: 28px; flex-wrap: wrap; align-items: flex-start; }
details > summary { cursor: pointer; color: #2c5d8a; margin: 6px 0; }
footer { margin-top: 48px; color: #7a8896; font-size: 13px; }
@media print { .scroll { max-height: none; overflow: visible; } figcaption a { display: none; } }
"#;

/// A table with its downloads.
struct Table {
    /// The file name of the downloads (without extension) and the sheet name.
    file: String,
    caption: String,
    /// What the table holds, for a test or a tool (`decision`, `dim`, `level` …).
    kind: &'static str,
    subject: String,
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

fn file_name(s: &str) -> String {
    s.chars()
        .map(
            |c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '_'
                } else {
                    c
                }
            },
        )
        .collect()
}

fn num(n: u64) -> Cell {
    Cell::Num(n)
}

fn pct(part: u64, whole: u64) -> Cell {
    if whole == 0 {
        return Cell::text("—");
    }
    Cell::Text(format!("{:.1}%", part as f64 * 100.0 / whole as f64))
}

fn put_table(out: &mut String, t: &Table) -> std::io::Result<()> {
    let csv = xlsx::base64(&xlsx::csv(&t.header, &t.rows));
    let book = xlsx::base64(&xlsx::xlsx(&t.file, &t.header, &t.rows)?);
    let f = esc(&file_name(&t.file));
    let _ = write!(
        out,
        r#"<figure class="table"><figcaption>{} <a download="{f}.csv" href="data:text/csv;charset=utf-8;base64,{csv}">CSV</a><a download="{f}.xlsx" href="data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,{book}">XLSX</a></figcaption><div class="scroll"><table data-kind="{}" data-subject="{}"><thead><tr>"#,
        esc(&t.caption),
        t.kind,
        esc(&t.subject)
    );
    let numeric: Vec<bool> =
        (0..t.header.len()).map(|i| t.rows.iter().any(|r| matches!(r.get(i), Some(Cell::Num(_))))).collect();
    for (i, h) in t.header.iter().enumerate() {
        let class = if numeric.get(i).copied().unwrap_or(false) { r#" class="n""# } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    if t.rows.is_empty() {
        let _ = write!(out, r#"<tr><td colspan="{}">{}</td></tr>"#, t.header.len().max(1), esc(&t!("report-none")));
    }
    for r in &t.rows {
        out.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            match (i, c) {
                (0, Cell::Text(s)) => {
                    let _ = write!(out, r#"<th scope="row">{}</th>"#, esc(s));
                }
                (_, Cell::Text(s)) => {
                    let _ = write!(out, "<td>{}</td>", esc(s));
                }
                (_, Cell::Num(n)) => {
                    let _ = write!(out, r#"<td class="n" data-n="{n}">{}</td>"#, thousands(*n));
                }
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></figure>");
    Ok(())
}

fn figure(out: &mut String, svg: String) {
    let _ = write!(out, r#"<figure class="chart">{svg}</figure>"#);
}

/// The labels of decision `k` that have rows somewhere in `counts` (columns worth showing).
fn used_labels(r: &Report, k: usize, counts: &[&[u64]]) -> Vec<usize> {
    let n = r.labels.get(k).map_or(0, Vec::len);
    (0..n).filter(|i| counts.iter().any(|c| c.get(*i).copied().unwrap_or(0) > 0)).collect()
}

fn label(r: &Report, k: usize, i: usize) -> String {
    r.labels.get(k).and_then(|l| l.get(i)).cloned().unwrap_or_default()
}

fn decision(r: &Report, k: usize) -> String {
    r.decisions.get(k).cloned().unwrap_or_default()
}

/// Render the whole page.
pub fn render(r: &Report) -> std::io::Result<String> {
    let mut o = String::with_capacity(1 << 20);
    let title = t!("report-title", record = r.meta.record, title = r.meta.title);
    let html_lang = if jz_i18n::lang() == jz_i18n::Lang::Zh { "zh-CN" } else { "en" };
    let _ = write!(
        o,
        r#"<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title><style>{STYLE}</style></head><body>"#,
        esc(&title)
    );
    let _ = write!(o, r#"<header id="summary"><h1>{}</h1>"#, esc(&title));
    let settings =
        if r.settings.is_empty() { t!("report-defaults") } else { r.settings.join(&t!("report-settings-sep")) };
    let _ = write!(
        o,
        r#"<p class="lead">{}</p>"#,
        t!(
            "report-lead",
            policy = esc(&r.meta.policy),
            title = esc(&r.meta.title),
            data = esc(&r.meta.data),
            settings = esc(&settings)
        )
    );
    o.push_str(r#"<div class="figures">"#);
    for (k, label, n) in [
        ("read", "report-read", r.read),
        ("written", "report-written", r.written),
        ("rejected", "report-rejected", r.rejected),
    ] {
        let _ = write!(
            o,
            r#"<div class="figure"><b data-k="{k}" data-n="{n}">{}</b><span>{}</span></div>"#,
            thousands(n),
            esc(&jz_i18n::tr(label, &[]))
        );
    }
    o.push_str("</div>");
    let _ = write!(o, r##"<nav><a href="#decisions">{}</a>"##, t!("report-nav-decisions"));
    for (i, d) in r.dims.iter().enumerate() {
        let _ = write!(o, r##"<a href="#dim-{i}">{}</a>"##, t!("report-by", name = esc(&d.name)));
    }
    if r.levels.is_some() {
        let _ = write!(o, r##"<a href="#levels">{}</a>"##, t!("report-nav-levels"));
    }
    if let Some(c) = &r.compare {
        let h = if c.policy { t!("report-policy-compare") } else { t!("report-what-if") };
        let _ = write!(o, r##"<a href="#compare">{h}</a>"##);
    }
    let _ = write!(
        o,
        r##"<a href="#articles">{}</a><a href="#rejects">{}</a></nav>"##,
        t!("report-nav-articles"),
        t!("report-nav-rejects")
    );
    let _ = write!(o, r#"<p class="note">{}</p></header>"#, t!("report-intro"));

    decisions(&mut o, r)?;
    for (i, d) in r.dims.iter().enumerate() {
        dim(&mut o, r, i, d)?;
    }
    if let Some(l) = &r.levels {
        levels(&mut o, r, l)?;
    }
    if let Some(c) = &r.compare {
        compare(&mut o, c)?;
    }
    articles(&mut o, r)?;
    rejects(&mut o, r)?;
    let _ = writeln!(o, "<footer>{}</footer></body></html>", t!("report-footer"));
    Ok(o)
}

fn decisions(o: &mut String, r: &Report) -> std::io::Result<()> {
    let _ = write!(
        o,
        r#"<section id="decisions"><h2>{}</h2><p class="note">{}</p>"#,
        t!("report-nav-decisions"),
        t!("report-decisions-note")
    );
    for (k, name) in r.decisions.iter().enumerate() {
        let counts = r.counts.get(k).cloned().unwrap_or_default();
        let total: u64 = counts.iter().sum();
        let items: Vec<(String, u64)> =
            counts.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, n)| (label(r, k, i), *n)).collect();
        let _ = write!(o, "<h3>{}</h3><div class=\"side\">", esc(name));
        figure(o, svg::bars(name, &items));
        put_table(
            o,
            &Table {
                file: name.clone(),
                caption: t!("report-values-caption", name = name),
                kind: "decision",
                subject: name.clone(),
                header: vec![t!("report-value"), t!("report-rows"), t!("report-share")],
                rows: items.iter().map(|(l, n)| vec![Cell::text(l), num(*n), pct(*n, total)]).collect(),
            },
        )?;
        o.push_str("</div>");
    }
    o.push_str("</section>");
    Ok(())
}

/// A table of groups × the values of decision `k`.
fn dim_table(r: &Report, d: &Dim, k: usize) -> Table {
    let name = decision(r, k);
    let cols =
        used_labels(r, k, &d.groups.iter().filter_map(|g| g.counts.get(k).map(Vec::as_slice)).collect::<Vec<_>>());
    let mut header = vec![d.name.clone(), t!("report-written"), t!("report-rejected-col")];
    header.extend(cols.iter().map(|i| label(r, k, *i)));
    let rows = d
        .groups
        .iter()
        .map(|g| {
            let mut row = vec![Cell::text(&g.label), num(g.rows), num(g.rejected)];
            row.extend(cols.iter().map(|i| num(g.counts.get(k).and_then(|c| c.get(*i)).copied().unwrap_or(0))));
            row
        })
        .collect();
    Table {
        file: t!("report-by-file", dim = d.name, name = name),
        caption: t!("report-by-caption", dim = d.name, name = name),
        kind: "dim",
        subject: format!("{}/{name}", d.name),
        header,
        rows,
    }
}

fn dim(o: &mut String, r: &Report, i: usize, d: &Dim) -> std::io::Result<()> {
    let main = decision(r, r.main);
    let _ = write!(o, r#"<section id="dim-{i}"><h2>{}</h2>"#, t!("report-by", name = esc(&d.name)));
    let top = if d.groups.len() > CHART_GROUPS { t!("report-dim-top", n = CHART_GROUPS) } else { String::new() };
    let _ = write!(
        o,
        r#"<p class="note">{}</p>"#,
        t!("report-dim-note", n = d.groups.len(), dim = esc(&d.name), main = esc(&main), top = top)
    );
    if d.folded > 0 {
        let _ = write!(
            o,
            r#"<p class="note">{}</p>"#,
            t!("report-dim-folded", dim = esc(&d.name), max = crate::collect::MAX_GROUPS, n = d.folded)
        );
    }
    let cols = used_labels(
        r,
        r.main,
        &d.groups.iter().filter_map(|g| g.counts.get(r.main).map(Vec::as_slice)).collect::<Vec<_>>(),
    );
    let mut shown: Vec<&crate::model::Group> = d.groups.iter().collect();
    if shown.len() > CHART_GROUPS {
        shown.sort_by_key(|b| std::cmp::Reverse(b.rows));
        shown.truncate(CHART_GROUPS);
    }
    let rows: Vec<(String, Vec<u64>)> = shown
        .iter()
        .map(|g| {
            (
                g.label.clone(),
                cols.iter().map(|c| g.counts.get(r.main).and_then(|v| v.get(*c)).copied().unwrap_or(0)).collect(),
            )
        })
        .collect();
    let series: Vec<String> = cols.iter().map(|c| label(r, r.main, *c)).collect();
    figure(o, svg::stacked(&t!("report-by-caption", dim = d.name, name = main), &rows, &series));
    put_table(o, &dim_table(r, d, r.main))?;
    if r.decisions.len() > 1 {
        let _ = write!(o, "<details><summary>{}</summary>", t!("report-other-decisions"));
        for k in (0..r.decisions.len()).filter(|k| *k != r.main) {
            put_table(o, &dim_table(r, d, k))?;
        }
        o.push_str("</details>");
    }
    o.push_str("</section>");
    Ok(())
}

fn levels(o: &mut String, r: &Report, l: &Levels) -> std::io::Result<()> {
    let _ = write!(
        o,
        r#"<section id="levels"><h2>{}</h2><p class="note">{}</p>"#,
        t!("report-levels-heading"),
        t!(
            "report-levels-note",
            field = esc(&l.field),
            current = esc(l.names.get(l.current).map_or("", String::as_str))
        )
    );
    let level_names: Vec<String> = l
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| if i == l.current { t!("report-this-run", name = n) } else { n.clone() })
        .collect();
    let mut header = vec![l.field.clone(), t!("report-written"), t!("report-rejected-col")];
    header.truncate(3);
    put_table(
        o,
        &Table {
            file: t!("report-levels-file", field = l.field),
            caption: t!("report-levels-caption", field = l.field),
            kind: "levels",
            subject: l.field.clone(),
            header,
            rows: level_names
                .iter()
                .zip(&l.ok)
                .map(|(n, ok)| vec![Cell::text(n), num(*ok), num(r.read.saturating_sub(*ok))])
                .collect(),
        },
    )?;
    for (k, name) in r.decisions.iter().enumerate() {
        let per: Vec<&[u64]> = l.counts.iter().map(|c| c.get(k).map_or(&[][..], Vec::as_slice)).collect();
        let cols = used_labels(r, k, &per);
        let cats: Vec<String> = cols.iter().map(|i| label(r, k, *i)).collect();
        let data: Vec<Vec<u64>> =
            per.iter().map(|c| cols.iter().map(|i| c.get(*i).copied().unwrap_or(0)).collect()).collect();
        let _ = write!(o, "<h3>{}</h3><div class=\"side\">", esc(name));
        figure(o, svg::grouped(&t!("report-per-level", name = name), &cats, &l.names, &data));
        let mut header = vec![t!("report-value")];
        header.extend(level_names.iter().cloned());
        put_table(
            o,
            &Table {
                file: t!("report-level-file", name = name, field = l.field),
                caption: t!("report-level-caption", name = name, field = l.field),
                kind: "level",
                subject: name.clone(),
                header,
                rows: cols
                    .iter()
                    .enumerate()
                    .map(|(ci, i)| {
                        let mut row = vec![Cell::text(label(r, k, *i))];
                        row.extend(data.iter().map(|d| num(d.get(ci).copied().unwrap_or(0))));
                        row
                    })
                    .collect(),
            },
        )?;
        o.push_str("</div>");
    }
    let main = decision(r, r.main);
    for d in &r.dims {
        let per: Vec<&[u64]> = d.groups.iter().flat_map(|g| g.levels.iter().map(Vec::as_slice)).collect();
        let cols = used_labels(r, r.main, &per);
        let mut header = vec![d.name.clone()];
        for lname in &l.names {
            header.extend(cols.iter().map(|c| format!("{lname}·{}", label(r, r.main, *c))));
        }
        let rows = d
            .groups
            .iter()
            .map(|g| {
                let mut row = vec![Cell::text(&g.label)];
                for li in 0..l.names.len() {
                    row.extend(
                        cols.iter().map(|c| num(g.levels.get(li).and_then(|v| v.get(*c)).copied().unwrap_or(0))),
                    );
                }
                row
            })
            .collect();
        let _ = write!(o, "<h3>{}</h3>", t!("report-level-dim-heading", dim = esc(&d.name), main = esc(&main)));
        put_table(
            o,
            &Table {
                file: t!("report-level-dim-file", dim = d.name, main = main, field = l.field),
                caption: t!("report-level-dim-caption", dim = d.name, main = main, field = l.field),
                kind: "level-dim",
                subject: format!("{}/{main}", d.name),
                header,
                rows,
            },
        )?;
    }
    o.push_str("</section>");
    Ok(())
}

fn compare(o: &mut String, c: &Compare) -> std::io::Result<()> {
    let (h, what) = if c.policy {
        (t!("report-policy-compare"), t!("report-compare-policy", label = c.label))
    } else {
        (t!("report-what-if"), t!("report-compare-what-if", label = c.label))
    };
    let _ = write!(
        o,
        r#"<section id="compare"><h2>{h}</h2><p class="note">{}</p><div class="figures">"#,
        t!("report-compare-note", what = esc(&what))
    );
    for (k, label, n) in [
        ("unchanged", "report-unchanged", c.unchanged),
        ("changed", "report-changed", c.changed),
        ("not-compared", "report-not-compared", c.rejected),
    ] {
        let _ = write!(
            o,
            r#"<div class="figure"><b data-k="{k}" data-n="{n}">{}</b><span>{}</span></div>"#,
            thousands(n),
            esc(&jz_i18n::tr(label, &[]))
        );
    }
    o.push_str("</div>");
    if !c.only_a.is_empty() || !c.only_b.is_empty() {
        let _ = write!(
            o,
            r#"<p class="note">{}</p>"#,
            t!(
                "report-only",
                a = esc(&c.only_a.join(&t!("report-list-sep"))),
                b = esc(&c.only_b.join(&t!("report-list-sep")))
            )
        );
    }
    let unchanged: Vec<&str> =
        c.transitions.iter().filter(|t| t.pairs.iter().all(|p| p.0 == p.1)).map(|t| t.decision.as_str()).collect();
    if !unchanged.is_empty() {
        let _ = write!(
            o,
            r#"<p class="note">{}</p>"#,
            t!("report-no-change", names = esc(&unchanged.join(&t!("report-list-sep"))))
        );
    }
    for t in c.transitions.iter().filter(|t| t.pairs.iter().any(|p| p.0 != p.1)) {
        let moved: Vec<&(String, String, u64)> = t.pairs.iter().filter(|p| p.0 != p.1).collect();
        let total: u64 = moved.iter().map(|p| p.2).sum();
        let mut left: Vec<String> = Vec::new();
        let mut right: Vec<String> = Vec::new();
        let mut flows = Vec::new();
        for (a, b, n) in &moved {
            let li = left.iter().position(|x| x == a).unwrap_or_else(|| {
                left.push(a.clone());
                left.len() - 1
            });
            let ri = right.iter().position(|x| x == b).unwrap_or_else(|| {
                right.push(b.clone());
                right.len() - 1
            });
            flows.push((li, ri, *n));
        }
        let _ = write!(
            o,
            r#"<h3>{}</h3><p class="note">{}</p><div class="side">"#,
            t!("report-moved-heading", decision = esc(&t.decision), n = thousands(total)),
            t!("report-sankey-note", n = thousands(t.pairs.iter().filter(|p| p.0 == p.1).map(|p| p.2).sum()))
        );
        figure(o, svg::sankey(&format!("{}：A → B", t.decision), &left, &right, &flows));
        put_table(
            o,
            &Table {
                file: t!("report-transition-file", decision = t.decision),
                caption: format!("{}：A → B", t.decision),
                kind: "transition",
                subject: t.decision.clone(),
                header: vec!["A".into(), "B".into(), t!("report-rows")],
                rows: t.pairs.iter().map(|(a, b, n)| vec![Cell::text(a), Cell::text(b), num(*n)]).collect(),
            },
        )?;
        o.push_str("</div>");
    }
    let _ = write!(o, "<h3>{}</h3>", t!("report-why-heading"));
    put_table(
        o,
        &Table {
            file: t!("report-why-file"),
            caption: t!("report-why-caption"),
            kind: "moves",
            subject: String::new(),
            header: vec![
                t!("report-decision"),
                "A".into(),
                "B".into(),
                t!("report-rows"),
                t!("report-by-a"),
                t!("report-by-b"),
            ],
            rows: c
                .moves
                .iter()
                .map(|m| {
                    vec![
                        Cell::text(&m.decision),
                        Cell::text(&m.from),
                        Cell::text(&m.to),
                        num(m.rows),
                        Cell::text(&m.by_a),
                        Cell::text(&m.by_b),
                    ]
                })
                .collect(),
        },
    )?;
    let _ = write!(
        o,
        r#"<h3>{}</h3><p class="note">{}</p>"#,
        t!("report-moved-rows-heading"),
        t!("report-moved-rows-note", n = c.rows.len().min(c.limit), total = thousands(c.changed))
    );
    put_table(
        o,
        &Table {
            file: t!("report-moved-rows-file"),
            caption: t!("report-moved-rows-caption"),
            kind: "moved-rows",
            subject: String::new(),
            header: vec![
                t!("report-row"),
                t!("report-key"),
                t!("report-name"),
                t!("report-county"),
                t!("report-change"),
            ],
            rows: c
                .rows
                .iter()
                .map(|m| {
                    let what: Vec<String> = m
                        .changes
                        .iter()
                        .map(|(d, a, b, by)| t!("report-change-cell", decision = d, a = a, b = b, by = by))
                        .collect();
                    vec![
                        Cell::Text(m.row.to_string()),
                        Cell::text(&m.key),
                        Cell::text(&m.name),
                        Cell::text(&m.county),
                        Cell::Text(what.join(&t!("report-change-sep"))),
                    ]
                })
                .collect(),
        },
    )?;
    o.push_str("</section>");
    Ok(())
}

fn articles(o: &mut String, r: &Report) -> std::io::Result<()> {
    let _ = write!(
        o,
        r#"<section id="articles"><h2>{}</h2><p class="note">{}</p>"#,
        t!("report-articles-heading"),
        t!("report-articles-note")
    );
    let top: Vec<(String, u64)> = r
        .articles
        .iter()
        .filter(|a| !a.citation.is_empty())
        .take(15)
        .map(|a| (format!("{} · {}", a.citation, a.decision), a.rows))
        .collect();
    figure(o, svg::bars(&t!("report-articles-chart"), &top));
    put_table(
        o,
        &Table {
            file: t!("report-articles-file"),
            caption: t!("report-articles-caption"),
            kind: "articles",
            subject: String::new(),
            header: vec![t!("report-citation"), t!("report-decision"), t!("report-rule"), t!("report-rows")],
            rows: r
                .articles
                .iter()
                .map(|a| {
                    let cite = if a.citation.is_empty() { t!("report-default") } else { a.citation.clone() };
                    vec![Cell::Text(cite), Cell::text(&a.decision), Cell::text(&a.rule), num(a.rows)]
                })
                .collect(),
        },
    )?;
    o.push_str("</section>");
    Ok(())
}

fn rejects(o: &mut String, r: &Report) -> std::io::Result<()> {
    let x = &r.rejects;
    let _ = write!(o, r#"<section id="rejects"><h2>{}</h2>"#, t!("report-rejects-heading"));
    if x.rows == 0 {
        let _ = write!(o, r#"<p class="note">{}</p></section>"#, t!("report-no-rejects"));
        return Ok(());
    }
    let _ = write!(
        o,
        r#"<p class="note">{}</p>"#,
        t!("report-rejects-note", n = x.rows, shown = thousands(x.rows), entries = thousands(x.entries))
    );
    put_table(
        o,
        &Table {
            file: t!("report-reasons-file"),
            caption: t!("report-reasons-caption"),
            kind: "reasons",
            subject: String::new(),
            header: vec![t!("report-reason"), t!("report-column"), t!("report-count")],
            rows: x.reasons.iter().map(|q| vec![Cell::text(&q.reason), Cell::text(&q.column), num(q.rows)]).collect(),
        },
    )?;
    let _ = write!(
        o,
        r#"<p class="note">{}</p>"#,
        t!("report-rejects-shown", n = x.shown.len(), total = thousands(x.entries))
    );
    put_table(
        o,
        &Table {
            file: t!("report-rejects-file"),
            caption: t!("report-rejects-file"),
            kind: "rejects",
            subject: String::new(),
            header: vec![
                t!("report-row"),
                t!("report-line"),
                t!("report-key"),
                t!("report-column"),
                t!("report-value"),
                t!("report-reason"),
            ],
            rows: x
                .shown
                .iter()
                .map(|j| {
                    vec![
                        Cell::Text(j.row.to_string()),
                        Cell::text(&j.line),
                        Cell::text(&j.key),
                        Cell::text(&j.column),
                        Cell::text(&j.value),
                        Cell::text(&j.reason),
                    ]
                })
                .collect(),
        },
    )?;
    o.push_str("</section>");
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]
    use super::*;
    use crate::collect::Meta;
    use crate::model::{Group, Rejects};

    fn report(labels: Vec<&str>, counts: Vec<u64>, groups: Vec<(String, u64)>) -> Report {
        Report {
            meta: Meta {
                title: "<b>标题</b>".into(),
                policy: "p.jz".into(),
                data: "d&.csv".into(),
                record: "企业".into(),
            },
            settings: vec![],
            read: counts.iter().sum(),
            written: counts.iter().sum(),
            rejected: 0,
            decisions: vec!["综合措施".into()],
            labels: vec![labels.into_iter().map(String::from).collect()],
            counts: vec![counts],
            main: 0,
            dims: vec![Dim {
                name: "区县".into(),
                groups: groups
                    .into_iter()
                    .map(|(label, n)| Group { label, rows: n, rejected: 0, counts: vec![vec![n]], levels: vec![] })
                    .collect(),
                folded: 0,
            }],
            levels: None,
            articles: vec![],
            rejects: Rejects { rows: 0, entries: 0, shown: vec![], limit: 200, reasons: vec![] },
            compare: None,
        }
    }

    #[test]
    fn names_from_policies_and_data_are_escaped_everywhere_on_the_page() {
        // the page as a drafter reads it (every test of this crate sets the same language)
        jz_i18n::set_lang(jz_i18n::Lang::Zh);
        let evil = "<img src=x onerror=alert(1)>\"'&";
        let r = report(vec![evil], vec![3], vec![(evil.into(), 3)]);
        let html = render(&r).unwrap();
        assert!(!html.contains("<img") && !html.contains("<b>标题"), "nothing from data becomes markup");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;"));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn an_empty_run_still_renders_every_section() {
        // the page as a drafter reads it (every test of this crate sets the same language)
        jz_i18n::set_lang(jz_i18n::Lang::Zh);
        let r = report(vec!["限产"], vec![0], vec![]);
        let html = render(&r).unwrap();
        for id in ["summary", "decisions", "dim-0", "articles", "rejects"] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        }
        assert!(html.contains("无数据") && html.contains("（无）") && html.contains("没有拒收的行"));
        assert!(html.contains(r#"data-k="read" data-n="0""#));
    }

    #[test]
    fn one_value_is_one_row_with_its_share_and_downloads() {
        // the page as a drafter reads it (every test of this crate sets the same language)
        jz_i18n::set_lang(jz_i18n::Lang::Zh);
        let html = render(&report(vec!["限产"], vec![1240], vec![("安平县".into(), 1240)])).unwrap();
        let t = html
            .split(r#"data-kind="decision" data-subject="综合措施">"#)
            .nth(1)
            .unwrap()
            .split("</table>")
            .next()
            .unwrap();
        assert_eq!(t.matches("<tr>").count(), 2, "the header and one value");
        assert!(t.contains(r#"data-n="1240">1,240</td><td>100.0%</td>"#), "{t}");
        let csv = html.split("data:text/csv;charset=utf-8;base64,").nth(1).unwrap().split('"').next().unwrap();
        assert!(!csv.is_empty() && csv.len().is_multiple_of(4));
    }

    #[test]
    fn many_counties_are_all_in_the_table_and_the_thirty_largest_in_the_chart() {
        // the page as a drafter reads it (every test of this crate sets the same language)
        jz_i18n::set_lang(jz_i18n::Lang::Zh);
        let groups: Vec<(String, u64)> = (0..400).map(|i| (format!("县{i}"), 1000 - i)).collect();
        let html = render(&report(vec!["限产"], vec![groups.iter().map(|g| g.1).sum()], groups)).unwrap();
        let t = html.split(r#"data-subject="区县/综合措施">"#).nth(1).unwrap().split("</table>").next().unwrap();
        assert_eq!(t.matches("<tr>").count(), 401);
        let chart = html.split(r#"<section id="dim-0">"#).nth(1).unwrap().split("</svg>").next().unwrap();
        assert_eq!(chart.matches("class=\"num\"").count(), CHART_GROUPS);
        assert!(chart.contains("县0") && !chart.contains("县399"));
    }
}
