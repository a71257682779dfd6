//! Charts as inline SVG, drawn here (no script, no library): horizontal bars, stacked bars, grouped bars and
//! a flow (Sankey) diagram. Every text goes through [`esc`]; sizes come from the counts only, so an empty or
//! one-value chart is still a well-formed picture.

use std::fmt::Write;

/// Text for HTML and SVG (text and attribute values): `& < > " '` escaped, control characters dropped.
pub fn esc(s: &str) -> String {
    crate::xlsx::xml_text(s)
}

/// A colour per value: the measures from lightest to heaviest, warning levels by their colour, else a palette.
pub fn color(label: &str, i: usize) -> &'static str {
    const PALETTE: [&str; 10] =
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
    match label {
        "正常生产" | "正常施工" | "不适用" => "#6b9bc3",
        "无" | "否" => "#a9b4bd",
        "是" => "#4e79a7",
        "自主减排" | "扶持提升" => "#59a14f",
        "适度减排" | "轮换生产" => "#a8c64e",
        "错峰生产" | "黄色" => "#e8c547",
        "限产" | "橙色" | "限期整改" | "依法查处" => "#f28e2b",
        "停产" | "红色" | "停工" => "#d9483b",
        "停产整治" => "#a8322d",
        "关停取缔" => "#6d2424",
        _ => PALETTE.get(i % PALETTE.len()).copied().unwrap_or("#4e79a7"),
    }
}

/// Approximate rendered width of text at 13 px (CJK and full-width characters twice a Latin one).
fn text_width(s: &str) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 7.2 } else { 13.0 }).sum()
}

/// At most `max` pixels of text, with an ellipsis.
fn fit(s: &str, max: f64) -> String {
    if text_width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = if c.is_ascii() { 7.2 } else { 13.0 };
        if w + cw + 13.0 > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

fn n(x: u64) -> String {
    jz_engine::transitions::thousands(x)
}

const W: f64 = 760.0;

fn open(h: f64, title: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{W}" height="{h:.0}" viewBox="0 0 {W} {h:.0}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(title),
        esc(title)
    )
}

fn empty(title: &str) -> String {
    let mut s = open(40.0, title);
    let _ = write!(s, r##"<text x="8" y="24" class="empty">{}</text></svg>"##, esc(&jz_i18n::t!("report-no-data")));
    s
}

/// One bar per item, labelled with its count.
pub fn bars(title: &str, items: &[(String, u64)]) -> String {
    let max = items.iter().map(|i| i.1).max().unwrap_or(0);
    if items.is_empty() || max == 0 {
        return empty(title);
    }
    let label_w = items.iter().map(|i| text_width(&i.0)).fold(40.0, f64::max).min(260.0) + 12.0;
    let bar_w = W - label_w - 90.0;
    let row = 24.0;
    let h = items.len() as f64 * row + 8.0;
    let mut s = open(h, title);
    for (i, (label, count)) in items.iter().enumerate() {
        let y = 4.0 + i as f64 * row;
        let w = if *count == 0 { 0.0 } else { (*count as f64 / max as f64 * bar_w).max(1.5) };
        let _ = write!(
            s,
            r#"<g><title>{}: {}</title><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{label_w:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="{}"/><text x="{:.1}" y="{:.1}" class="num">{}</text></g>"#,
            esc(label),
            n(*count),
            label_w - 8.0,
            y + 16.0,
            esc(&fit(label, label_w - 12.0)),
            y + 3.0,
            row - 6.0,
            color(label, i),
            label_w + w + 6.0,
            y + 16.0,
            n(*count)
        );
    }
    s.push_str("</svg>");
    s
}

/// Where each legend entry goes (x, line), wrapping at the chart's width.
fn legend_layout(series: &[String], x0: f64) -> Vec<(f64, usize, String)> {
    let mut x = x0;
    let mut line = 0;
    let mut out = Vec::new();
    for name in series {
        let label = fit(name, 150.0);
        let w = 28.0 + text_width(&label);
        if x + w > W && x > x0 {
            x = x0;
            line += 1;
        }
        out.push((x, line, label));
        x += w;
    }
    out
}

/// The legend's height in pixels.
fn legend_height(series: &[String], x0: f64) -> f64 {
    let lines = legend_layout(series, x0).last().map_or(0, |l| l.1 + 1);
    10.0 + 18.0 * lines as f64
}

fn legend(s: &mut String, series: &[String], y: f64, x0: f64) {
    for (i, (x, line, label)) in legend_layout(series, x0).into_iter().enumerate() {
        let y = y + 18.0 * line as f64;
        let name = series.get(i).map_or("", String::as_str);
        let _ = write!(
            s,
            r#"<rect x="{x:.1}" y="{:.1}" width="12" height="12" fill="{}"/><text x="{:.1}" y="{:.1}" class="legend">{}</text>"#,
            y,
            color(name, i),
            x + 16.0,
            y + 11.0,
            esc(&label)
        );
    }
}

/// One stacked bar per row (segments in `series` order), the row's total after it.
pub fn stacked(title: &str, rows: &[(String, Vec<u64>)], series: &[String]) -> String {
    let total = |v: &Vec<u64>| v.iter().sum::<u64>();
    let max = rows.iter().map(|r| total(&r.1)).max().unwrap_or(0);
    if rows.is_empty() || max == 0 {
        return empty(title);
    }
    let label_w = rows.iter().map(|r| text_width(&r.0)).fold(40.0, f64::max).min(240.0) + 12.0;
    let bar_w = W - label_w - 90.0;
    let row = 22.0;
    let top = legend_height(series, label_w) + 8.0;
    let h = top + rows.len() as f64 * row + 8.0;
    let mut s = open(h, title);
    legend(&mut s, series, 6.0, label_w);
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = top + i as f64 * row;
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end"><title>{}</title>{}</text>"#,
            label_w - 8.0,
            y + 15.0,
            esc(label),
            esc(&fit(label, label_w - 12.0))
        );
        let mut x = label_w;
        for (j, c) in counts.iter().enumerate() {
            if *c == 0 {
                continue;
            }
            let w = *c as f64 / max as f64 * bar_w;
            let name = series.get(j).map_or("", String::as_str);
            let _ = write!(
                s,
                r#"<rect x="{x:.2}" y="{:.1}" width="{w:.2}" height="{:.1}" fill="{}"><title>{}: {} {}</title></rect>"#,
                y + 3.0,
                row - 6.0,
                color(name, j),
                esc(label),
                esc(name),
                n(*c)
            );
            x += w;
        }
        let _ = write!(s, r#"<text x="{:.1}" y="{:.1}" class="num">{}</text>"#, x + 6.0, y + 15.0, n(total(counts)));
    }
    s.push_str("</svg>");
    s
}

/// Per category a group of bars, one per series (e.g. per value of a decision, one bar per warning level).
pub fn grouped(title: &str, categories: &[String], series: &[String], data: &[Vec<u64>]) -> String {
    // data[series][category]
    let max = data.iter().flatten().copied().max().unwrap_or(0);
    if categories.is_empty() || series.is_empty() || max == 0 {
        return empty(title);
    }
    let label_w = categories.iter().map(|c| text_width(c)).fold(40.0, f64::max).min(220.0) + 12.0;
    let bar_w = W - label_w - 90.0;
    let bar = 12.0;
    let group = bar * series.len() as f64 + 10.0;
    let top = legend_height(series, label_w) + 8.0;
    let h = top + categories.len() as f64 * group + 4.0;
    let mut s = open(h, title);
    legend(&mut s, series, 6.0, label_w);
    for (i, cat) in categories.iter().enumerate() {
        let y0 = top + i as f64 * group;
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            label_w - 8.0,
            y0 + group / 2.0,
            esc(&fit(cat, label_w - 12.0))
        );
        for (j, name) in series.iter().enumerate() {
            let c = data.get(j).and_then(|d| d.get(i)).copied().unwrap_or(0);
            let y = y0 + j as f64 * bar;
            let w = if c == 0 { 0.0 } else { (c as f64 / max as f64 * bar_w).max(1.5) };
            let _ = write!(
                s,
                r#"<rect x="{label_w:.1}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{}"><title>{} · {}: {}</title></rect><text x="{:.1}" y="{:.1}" class="num small">{}</text>"#,
                bar - 1.0,
                color(name, j),
                esc(cat),
                esc(name),
                n(c),
                label_w + w + 4.0,
                y + bar - 2.0,
                n(c)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Flows from the values on the left to the values on the right, band widths proportional to rows.
pub fn sankey(title: &str, left: &[String], right: &[String], flows: &[(usize, usize, u64)]) -> String {
    let total: u64 = flows.iter().map(|f| f.2).sum();
    if total == 0 || left.is_empty() || right.is_empty() {
        return empty(title);
    }
    let side = |k: usize, idx: fn(&(usize, usize, u64)) -> usize| -> Vec<u64> {
        (0..k).map(|i| flows.iter().filter(|f| idx(f) == i).map(|f| f.2).sum()).collect()
    };
    let lt = side(left.len(), |f| f.0);
    let rt = side(right.len(), |f| f.1);
    let shown = |t: &[u64]| t.iter().filter(|x| **x > 0).count();
    let gap = 14.0;
    let h_avail = 320.0;
    let gaps = (shown(&lt).max(shown(&rt)).saturating_sub(1)) as f64 * gap;
    let scale = (h_avail - gaps).max(40.0) / total as f64;
    let min_h = 2.0;
    let label_w = 190.0;
    let (x0, x1) = (label_w, W - label_w);
    let node = 12.0;
    let place = |t: &[u64]| -> Vec<(f64, f64)> {
        let mut y = 10.0;
        t.iter()
            .map(|c| {
                if *c == 0 {
                    return (y, 0.0);
                }
                let h = (*c as f64 * scale).max(min_h);
                let at = (y, h);
                y += h + gap;
                at
            })
            .collect()
    };
    let (lp, rp) = (place(&lt), place(&rt));
    let bottom = lp.iter().chain(&rp).map(|(y, h)| y + h).fold(0.0, f64::max) + 12.0;
    let mut s = open(bottom, title);
    // bands, in order of their left node, then right node, so they do not cross within a node
    let mut order: Vec<&(usize, usize, u64)> = flows.iter().filter(|f| f.2 > 0).collect();
    order.sort_by_key(|f| (f.0, f.1));
    let mut lo: Vec<f64> = lp.iter().map(|p| p.0).collect();
    let mut ro: Vec<f64> = rp.iter().map(|p| p.0).collect();
    let mut by_right: Vec<&(usize, usize, u64)> = order.clone();
    by_right.sort_by_key(|f| (f.1, f.0));
    let mut right_y: std::collections::HashMap<(usize, usize), f64> = std::collections::HashMap::new();
    for f in &by_right {
        if let Some(y) = ro.get_mut(f.1) {
            right_y.insert((f.0, f.1), *y);
            *y += (f.2 as f64 * scale).max(min_h.min(rp.get(f.1).map_or(0.0, |p| p.1)));
        }
    }
    for f in &order {
        let hgt = (f.2 as f64 * scale).max(1.0);
        let (Some(ly), Some(ry)) = (lo.get_mut(f.0), right_y.get(&(f.0, f.1))) else { continue };
        let (ya, yb) = (*ly, *ry);
        *ly += hgt;
        let (xa, xb) = (x0 + node, x1);
        let mid = (xa + xb) / 2.0;
        let from = left.get(f.0).map_or("", String::as_str);
        let to = right.get(f.1).map_or("", String::as_str);
        let _ = write!(
            s,
            r#"<path class="band" d="M{xa:.1},{ya:.2} C{mid:.1},{ya:.2} {mid:.1},{yb:.2} {xb:.1},{yb:.2} L{xb:.1},{:.2} C{mid:.1},{:.2} {mid:.1},{:.2} {xa:.1},{:.2} Z" fill="{}" fill-opacity="0.45"><title>{} → {}: {}</title></path>"#,
            yb + hgt,
            yb + hgt,
            ya + hgt,
            ya + hgt,
            color(from, f.0),
            esc(from),
            esc(to),
            n(f.2)
        );
    }
    for (i, ((y, h), c)) in lp.iter().zip(&lt).enumerate() {
        if *c == 0 {
            continue;
        }
        let name = left.get(i).map_or("", String::as_str);
        let _ = write!(
            s,
            r#"<rect x="{x0:.1}" y="{y:.2}" width="{node}" height="{h:.2}" fill="{}"/><text x="{:.1}" y="{:.1}" text-anchor="end">{} {}</text>"#,
            color(name, i),
            x0 - 6.0,
            y + h / 2.0 + 4.0,
            esc(&fit(name, label_w - 70.0)),
            n(*c)
        );
    }
    for (i, ((y, h), c)) in rp.iter().zip(&rt).enumerate() {
        if *c == 0 {
            continue;
        }
        let name = right.get(i).map_or("", String::as_str);
        let _ = write!(
            s,
            r#"<rect x="{x1:.1}" y="{y:.2}" width="{node}" height="{h:.2}" fill="{}"/><text x="{:.1}" y="{:.1}">{} {}</text>"#,
            color(name, i),
            x1 + node + 6.0,
            y + h / 2.0 + 4.0,
            esc(&fit(name, label_w - 70.0)),
            n(*c)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn well_formed(svg: &str) {
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        assert_eq!(svg.matches("<g>").count(), svg.matches("</g>").count());
    }

    #[test]
    fn names_from_data_are_escaped_in_every_chart() {
        // the page as a drafter reads it (every test of this crate sets the same language)
        jz_i18n::set_lang(jz_i18n::Lang::Zh);
        let evil = "<script>alert('x')</script>&\"";
        let items = vec![(evil.to_string(), 3u64)];
        for svg in [
            bars("t", &items),
            stacked("t", &[(evil.into(), vec![1, 2])], &[evil.into(), "b".into()]),
            grouped("t", &[evil.into()], &[evil.into()], &[vec![4]]),
            sankey("t", &[evil.into()], &[evil.into()], &[(0, 0, 5)]),
        ] {
            well_formed(&svg);
            assert!(!svg.contains("<script") && !svg.contains("alert('x')"), "{svg}");
            assert!(svg.contains("&lt;script&gt;"), "{svg}");
        }
    }

    #[test]
    fn empty_data_draws_a_note_not_a_broken_chart() {
        // the page as a drafter reads it (every test of this crate sets the same language)
        jz_i18n::set_lang(jz_i18n::Lang::Zh);
        for svg in [
            bars("t", &[]),
            bars("t", &[("a".into(), 0)]),
            stacked("t", &[], &[]),
            grouped("t", &[], &[], &[]),
            sankey("t", &[], &[], &[]),
        ] {
            well_formed(&svg);
            assert!(svg.contains("无数据"), "{svg}");
        }
    }

    #[test]
    fn one_value_fills_the_bar_and_shows_its_count() {
        // the page as a drafter reads it (every test of this crate sets the same language)
        jz_i18n::set_lang(jz_i18n::Lang::Zh);
        let svg = bars("t", &[("限产".into(), 1240)]);
        well_formed(&svg);
        assert!(svg.contains("1,240") && svg.contains(r##"fill="#f28e2b""##), "{svg}");
        assert_eq!(svg.matches("<rect").count(), 1);
    }

    #[test]
    fn many_groups_get_one_row_each_and_long_names_are_cut() {
        // the page as a drafter reads it (every test of this crate sets the same language)
        jz_i18n::set_lang(jz_i18n::Lang::Zh);
        let rows: Vec<(String, Vec<u64>)> =
            (0..300).map(|i| (format!("{}县{i}", "很长的名字".repeat(i % 9)), vec![i as u64, 1])).collect();
        let svg = stacked("t", &rows, &["停产".into(), "限产".into()]);
        well_formed(&svg);
        assert!(svg.contains('…'));
        assert_eq!(svg.matches("class=\"num\"").count(), 300);
        let height: f64 =
            svg.split("height=\"").nth(1).and_then(|h| h.split('"').next()).and_then(|h| h.parse().ok()).unwrap_or(0.0);
        assert!(height > 300.0 * 20.0, "{height}");
    }

    #[test]
    fn a_long_legend_wraps_and_keeps_every_value() {
        // the page as a drafter reads it (every test of this crate sets the same language)
        jz_i18n::set_lang(jz_i18n::Lang::Zh);
        let series: Vec<String> = [
            "正常生产",
            "自主减排",
            "适度减排",
            "错峰生产",
            "限产",
            "停产",
            "停产整治",
            "关停取缔",
            "其他措施甲",
            "其他措施乙",
        ]
        .map(String::from)
        .to_vec();
        let svg = stacked("t", &[("很长很长很长很长的行业名称".into(), vec![1; 10])], &series);
        well_formed(&svg);
        assert_eq!(svg.matches("class=\"legend\"").count(), 10);
        assert!(svg.contains(">关停取缔</text>"));
    }

    #[test]
    fn sankey_bands_carry_the_flow_counts() {
        // the page as a drafter reads it (every test of this crate sets the same language)
        jz_i18n::set_lang(jz_i18n::Lang::Zh);
        let svg = sankey(
            "综合措施",
            &["限产".into(), "自主减排".into()],
            &["适度减排".into(), "错峰生产".into()],
            &[(0, 0, 35), (1, 1, 3), (0, 1, 0)],
        );
        well_formed(&svg);
        assert_eq!(svg.matches("class=\"band\"").count(), 2, "a zero flow draws nothing");
        assert!(svg.contains("限产 → 适度减排: 35") && svg.contains("自主减排 → 错峰生产: 3"));
    }
}
