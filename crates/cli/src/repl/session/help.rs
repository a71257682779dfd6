//! `:help`: the command table, one command in detail with examples.

use super::*;
use jz_i18n::t;

pub(super) fn help(cmd: Option<&str>, out: &mut dyn Write) -> Res<()> {
    if let Some(c) = cmd {
        let want = if c.starts_with(':') { c.to_string() } else { format!(":{c}") };
        let Some(name) = command::canonical(&want) else {
            return Err(t!("repl-unknown-command", command = c, help = t!("repl-lists-commands")).into());
        };
        if let Some((n, aliases, args, what)) = COMMANDS.iter().find(|x| x.0 == name) {
            say!(out, "{n} {args}");
            say!(out, "  {}", jz_i18n::tr(what, &[]));
            if !aliases.is_empty() {
                say!(out, "{}", t!("repl-help-also", aliases = aliases.join(" ")));
            }
            if let Some(ex) = EXAMPLES.iter().find(|e| e.0 == name) {
                for l in ex.1 {
                    say!(out, "{}", t!("repl-help-example", example = l));
                }
            }
        }
        return Ok(());
    }
    for key in ["repl-help-intro", "repl-help-expression", "repl-help-sample", "repl-help-define", "repl-help-set"] {
        say!(out, "{}", jz_i18n::tr(key, &[]));
    }
    say!(out, "");
    let rows: Vec<Vec<String>> =
        COMMANDS.iter().map(|(n, _, a, w)| vec![format!("{n} {a}"), jz_i18n::tr(w, &[])]).collect();
    let wide = rows.iter().map(|r| r.first().map_or(0, |c| width(c))).max().unwrap_or(0);
    for r in &rows {
        let (a, b) = (r.first().cloned().unwrap_or_default(), r.get(1).cloned().unwrap_or_default());
        say!(out, "  {a}{}  {b}", " ".repeat(wide.saturating_sub(width(&a))));
    }
    say!(out, "");
    say!(out, "{}", t!("repl-help-keys"));
    Ok(())
}

const EXAMPLES: &[(&str, &[&str])] = &[
    (":set", &[":set 预警级别 = 橙色", ":set 锅炉淘汰上限 = 20 [t/h], 日期 = 2026-12-01"]),
    (":let", &[":let 甲厂 = 钢铁企业 { 绩效等级: C, 燃煤锅炉蒸吨: 40 [t/h] }"]),
    (":explain", &[":explain 综合措施", ":explain 甲厂 应急减排措施 适度减排   (why not 适度减排?)"]),
    (":count", &[":count by 综合措施 where 区县 == \"安平县\"", ":count by 区县, 综合措施 where 绩效等级 在 {A, B}"]),
    (":what-if", &[":what-if 预警级别 = 橙色", ":what-if 锅炉淘汰上限 = 20 [t/h]"]),
    (":moved", &[":moved", ":moved 综合措施 正常生产 → 限产 50", ":moved all"]),
    (
        ":data",
        &[
            ":data examples/enterprises_10k.csv",
            ":data projects.csv 施工项目",
            ":data 导出.csv --encoding gbk --delimiter ;",
        ],
    ),
];
