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

/// A parse error of clap's in the current language, or `None` to let clap print it (English, which keeps
/// clap's own text byte for byte; `--help`/`--version`, which are not errors; a kind not rendered here). Built
/// from the error's kind and context, as clap's `RichFormatter` does.
pub fn parse_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind as C, ContextValue as V, ErrorKind as K};
    use jz_i18n::t;
    if lang() == Lang::En {
        return None;
    }
    let s = |k: C| match e.get(k) {
        Some(V::String(s)) => Some(s.clone()),
        _ => None,
    };
    let tab = "  ";
    let mut message = match e.kind() {
        K::UnknownArgument => t!("cli-error-unknown-argument", arg = s(C::InvalidArg)?),
        K::InvalidSubcommand => t!("cli-error-invalid-subcommand", subcommand = s(C::InvalidSubcommand)?),
        K::MissingRequiredArgument => {
            let Some(V::Strings(args)) = e.get(C::InvalidArg) else { return None };
            let mut m = t!("cli-error-missing");
            for a in args {
                m.push_str(&format!("\n{tab}{a}"));
            }
            m
        }
        K::InvalidValue => {
            let (arg, value) = (s(C::InvalidArg)?, s(C::InvalidValue)?);
            let mut m = if value.is_empty() {
                t!("cli-error-no-value", arg = arg)
            } else {
                t!("cli-error-invalid-value", arg = arg, value = value)
            };
            if let Some(V::Strings(values)) =
                e.get(C::ValidValue).filter(|v| !matches!(v, V::Strings(x) if x.is_empty()))
            {
                m.push_str(&format!("\n{tab}{}", t!("cli-error-possible-values", values = values.join(", "))));
            }
            m
        }
        K::ValueValidation => {
            let m = t!("cli-error-invalid-value", arg = s(C::InvalidArg)?, value = s(C::InvalidValue)?);
            // the parser's own reason (`invalid digit found in string`) stays as the library words it
            match std::error::Error::source(e) {
                Some(src) => t!("cli-error-reason", message = m, reason = src),
                None => m,
            }
        }
        K::ArgumentConflict => {
            let arg = s(C::InvalidArg)?;
            match e.get(C::PriorArg) {
                Some(V::String(p)) if *p == arg => t!("cli-error-used-twice", arg = arg),
                Some(V::String(p)) => t!("cli-error-conflict", arg = arg, other = format!("'{p}'")),
                Some(V::Strings(ps)) => {
                    let list: String = ps.iter().map(|p| format!("\n{tab}{p}")).collect();
                    t!("cli-error-conflict", arg = arg, other = list)
                }
                _ => t!("cli-error-conflict", arg = arg, other = t!("cli-error-conflict-others")),
            }
        }
        K::TooManyValues => t!("cli-error-too-many", arg = s(C::InvalidArg)?, value = s(C::InvalidValue)?),
        K::NoEquals => t!("cli-error-no-equals", arg = s(C::InvalidArg)?),
        K::MissingSubcommand => t!("cli-error-needs-subcommand", command = s(C::InvalidSubcommand)?),
        _ => return None,
    };
    let mut tips = Vec::new();
    for (kind, key) in [
        (C::SuggestedSubcommand, "cli-error-tip-subcommand"),
        (C::SuggestedArg, "cli-error-tip-argument"),
        (C::SuggestedValue, "cli-error-tip-value"),
    ] {
        match e.get(kind) {
            Some(V::String(n)) => tips.push(tr_in(lang(), key, &[("name", n)])),
            Some(V::Strings(ns)) => tips.extend(ns.iter().map(|n| tr_in(lang(), key, &[("name", n)]))),
            _ => {}
        }
    }
    if let Some(V::StyledStrs(more)) = e.get(C::Suggested) {
        // clap's own hints (`to pass '-x' as a value, use '-- -x'`) keep its words
        tips.extend(more.iter().map(|m| {
            let m = m.to_string();
            let pass = m.strip_prefix("to pass '").and_then(|r| r.split_once("' as a value, use '-- ")).map(|(a, _)| a);
            t!("cli-error-tip", tip = pass.map_or(m.clone(), |a| t!("cli-error-pass-as-value", arg = a)))
        }));
    }
    if !tips.is_empty() {
        message.push('\n');
        for tip in tips {
            message.push_str(&format!("\n{tab}{tip}"));
        }
    }
    let mut out = t!("cli-error", message = message);
    if let Some(V::StyledStr(usage)) = e.get(C::Usage) {
        let usage = usage.to_string();
        let rest = usage.strip_prefix("Usage:").map(str::trim_start).unwrap_or(&usage);
        let head = t!("cli-usage");
        let sp = if head.ends_with('：') { "" } else { " " };
        out.push_str(&format!("\n\n{head}{sp}{rest}"));
    }
    out.push_str("\n\n");
    out.push_str(&t!("cli-error-more", flag = "--help"));
    Some(out)
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
