//! `jz --help` in the chosen language. The English help is the doc comments of `main.rs` (clap's derive);
//! for another language the built `Command` is given the catalogue's texts at run time: `cli-about`,
//! `cli-<subcommand>` for a subcommand's about and `cli-<subcommand>-<arg id>` for an argument's help (global
//! arguments: `cli-<arg id>`), plus clap's own headings and `--help`/`--version` lines. `tests/i18n.rs` walks
//! every subcommand and argument and fails when the catalogues lack one.

use clap::Command;
use jz_i18n::{has, lang, tr_in, Lang};

#[cfg(test)]
/// The key of every text the help shows: (key, the English text clap has from the doc comments).
pub fn keys(cmd: &Command) -> Vec<(String, String)> {
    let mut cmd = cmd.clone();
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, "cli", &mut out, true);
    for s in cmd.get_subcommands() {
        if s.get_name() == "help" {
            continue;
        }
        collect(s, &format!("cli-{}", s.get_name()), &mut out, false);
    }
    out
}

#[cfg(test)]
fn collect(c: &Command, key: &str, out: &mut Vec<(String, String)>, top: bool) {
    let about = if top { "about" } else { "" };
    if let Some(a) = c.get_about() {
        out.push((if top { format!("{key}-{about}") } else { key.to_string() }, a.to_string()));
    }
    for a in c.get_arguments() {
        let id = a.get_id().as_str();
        if matches!(id, "help" | "version") || (a.is_global_set() && !top) {
            continue;
        }
        if let Some(h) = a.get_help() {
            out.push((format!("{key}-{id}"), h.to_string()));
        }
    }
}

/// `cmd` with its texts in the current language (unchanged in English).
pub fn localise(cmd: Command) -> Command {
    localise_in(cmd, lang())
}

pub fn localise_in(mut cmd: Command, l: Lang) -> Command {
    if l == Lang::En {
        return cmd;
    }
    let t = |k: &str| tr_in(l, k, &[]);
    cmd.build();
    cmd = apply(cmd, "cli", true, l);
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for n in names {
        cmd = cmd.mut_subcommand(&n, |s| {
            if n == "help" {
                return s.about(t("cli-help-subcommand")).help_template(template(l));
            }
            apply(s, &format!("cli-{n}"), false, l)
        });
    }
    cmd
}

fn template(l: Lang) -> String {
    let usage = tr_in(l, "cli-usage", &[]);
    // a full-width colon carries its own space
    let sp = if usage.ends_with('：') { "" } else { " " };
    format!("{{before-help}}{{about-with-newline}}\n{usage}{sp}{{usage}}\n\n{{all-args}}{{after-help}}")
}

fn apply(mut c: Command, key: &str, top: bool, l: Lang) -> Command {
    let t = |k: &str| tr_in(l, k, &[]);
    let about_key = if top { format!("{key}-about") } else { key.to_string() };
    if has(l, &about_key) {
        c = c.about(t(&about_key));
    }
    c = c.help_template(template(l)).subcommand_help_heading(t("cli-commands"));
    let ids: Vec<(String, bool, Vec<String>)> = c
        .get_arguments()
        .map(|a| {
            let defaults = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            (a.get_id().as_str().to_string(), a.is_positional(), defaults)
        })
        .collect();
    for (id, positional, defaults) in ids {
        let help = match id.as_str() {
            "help" => Some(t("cli-help-flag")),
            "version" => Some(t("cli-version-flag")),
            _ if has(l, &format!("{key}-{id}")) => Some(t(&format!("{key}-{id}"))),
            _ if has(l, &format!("cli-{id}")) => Some(t(&format!("cli-{id}"))),
            _ => None,
        };
        let heading = if positional { t("cli-arguments") } else { t("cli-options") };
        c = c.mut_arg(id.as_str(), |mut a| {
            if let Some(h) = help {
                let shown = if defaults.is_empty() {
                    h
                } else {
                    format!("{h} {}", tr_in(l, "cli-default", &[("value", &defaults.join(", "))]))
                };
                a = a.help(shown).hide_default_value(!defaults.is_empty());
            }
            a.help_heading(heading)
        });
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use jz_i18n::tr_in;

    #[test]
    fn every_help_text_is_in_both_catalogues_and_the_english_one_is_the_doc_comment() {
        let cmd = <crate::Cli as clap::CommandFactory>::command();
        let all = keys(&cmd);
        assert!(all.len() > 40, "{all:?}");
        let mut missing = String::new();
        for (k, en) in &all {
            if !has(Lang::En, k) || !has(Lang::Zh, k) {
                missing.push_str(&format!("{k} = {en}\n"));
            } else {
                assert_eq!(&tr_in(Lang::En, k, &[]), en, "locales/en/jz.ftl `{k}` differs from the doc comment");
            }
        }
        assert!(missing.is_empty(), "help texts without a catalogue entry:\n{missing}");
        for k in ["cli-usage", "cli-options", "cli-arguments", "cli-commands", "cli-help-flag", "cli-version-flag"] {
            assert!(has(Lang::Zh, k) && has(Lang::En, k), "{k}");
        }
    }

    #[test]
    fn chinese_help_has_chinese_headings_and_texts() {
        let mut cmd = localise_in(<crate::Cli as clap::CommandFactory>::command(), Lang::Zh);
        let top = cmd.render_help().to_string();
        let check = cmd.find_subcommand_mut("run").map(|c| c.render_help().to_string()).unwrap_or_default();
        assert!(top.contains(&tr_in(Lang::Zh, "cli-usage", &[])), "{top}");
        assert!(top.contains(&tr_in(Lang::Zh, "cli-commands", &[])), "{top}");
        assert!(top.contains(&tr_in(Lang::Zh, "cli-check", &[])), "{top}");
        assert!(check.contains(&tr_in(Lang::Zh, "cli-run-batch_size", &[])), "{check}");
        assert!(check.contains(&tr_in(Lang::Zh, "cli-default", &[("value", &"65536")])), "{check}");
        assert!(!check.contains("Options:") && !check.contains("Print help"), "{check}");
    }
}
