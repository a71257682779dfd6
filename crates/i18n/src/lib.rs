//! Every user-facing message of `jz`, in English and Chinese.
//!
//! The messages live in one Fluent catalogue per language (`locales/en/jz.ftl`, `locales/zh/jz.ftl`), embedded
//! at compile time. Code asks for a message by key ([`t!`], [`tr`]); a key `E0302.help` is the attribute `help`
//! of the message `E0302`. The language is chosen once per process ([`set_lang`]; `jz --lang`, else the locale,
//! [`Lang::from_env`]). A key missing from the Chinese catalogue falls back to English at run time (and fails
//! `tests/catalogues.rs`); a key missing from both comes out as the key itself.
//!
//! [`codes`] is the registry of every diagnostic code with its `jz explain` examples; [`explain`] renders an
//! entry.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::fmt::Display;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

pub mod codes;
mod explain;

pub use explain::explain;

/// The English catalogue (the reference: every key exists here first).
pub const EN_FTL: &str = include_str!("../locales/en/jz.ftl");
/// The Chinese catalogue.
pub const ZH_FTL: &str = include_str!("../locales/zh/jz.ftl");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// `en`/`zh` as given to `--lang` (a locale name such as `zh_CN.UTF-8` is accepted too).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language a locale variable asks for: `zh_*` is Chinese, anything else English.
    pub fn from_locale(value: &str) -> Lang {
        if value.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// From the environment as POSIX orders it: the first set, non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG`.
    pub fn from_env() -> Lang {
        Lang::from_vars(|k| std::env::var(k).ok())
    }

    /// [`Lang::from_env`] over any lookup (tests).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        for k in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = get(k).filter(|v| !v.is_empty()) {
                return Lang::from_locale(&v);
            }
        }
        Lang::En
    }

    pub fn id(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// Choose the language of every message from now on (the process has one).
pub fn set_lang(l: Lang) {
    LANG.store(l as u8, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == Lang::Zh as u8 {
        Lang::Zh
    } else {
        Lang::En
    }
}

type Bundle = FluentBundle<FluentResource>;

fn build(lang: Lang) -> Bundle {
    let text = match lang {
        Lang::En => EN_FTL,
        Lang::Zh => ZH_FTL,
    };
    // A syntax error in an embedded catalogue loses only the broken entries (and fails the catalogue tests).
    let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(res, _)| res);
    let id = lang.id().parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // no Unicode isolation marks around placeables: the text goes to terminals and snapshot files
    b.set_use_isolating(false);
    let _ = b.add_resource(res);
    b
}

fn bundle(lang: Lang) -> &'static Bundle {
    static EN: OnceLock<Bundle> = OnceLock::new();
    static ZH: OnceLock<Bundle> = OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| build(Lang::En)),
        Lang::Zh => ZH.get_or_init(|| build(Lang::Zh)),
    }
}

fn format(b: &Bundle, key: &str, args: &[(&str, &dyn Display)]) -> Option<String> {
    let (id, attr) = match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    };
    let msg = b.get_message(id)?;
    let pattern = match attr {
        Some(a) => msg.get_attribute(a)?.value(),
        None => msg.value()?,
    };
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(*k, FluentValue::from(v.to_string()));
    }
    let mut errors = Vec::new();
    let s = b.format_pattern(pattern, Some(&fa), &mut errors);
    Some(s.into_owned())
}

/// Whether `lang`'s own catalogue has `key` (no fallback).
pub fn has(lang: Lang, key: &str) -> bool {
    format(bundle(lang), key, &[]).is_some()
}

/// The message `key` in the current language, with `args` for its placeables.
pub fn tr(key: &str, args: &[(&str, &dyn Display)]) -> String {
    tr_in(lang(), key, args)
}

/// The message `key` in `lang` (English when `lang`'s catalogue lacks it; the key itself when both do).
pub fn tr_in(lang: Lang, key: &str, args: &[(&str, &dyn Display)]) -> String {
    if let Some(s) = format(bundle(lang), key, args) {
        return s;
    }
    if lang != Lang::En {
        if let Some(s) = format(bundle(Lang::En), key, args) {
            return s;
        }
    }
    key.to_string()
}

/// `t!("E0302.label", left = a, right = b)`: the message in the current language.
#[macro_export]
macro_rules! t {
    ($key:expr $(,)?) => {
        $crate::tr($key, &[])
    };
    ($key:expr, $($name:ident = $val:expr),+ $(,)?) => {
        $crate::tr($key, &[$((stringify!($name), &$val as &dyn ::std::fmt::Display)),+])
    };
}

/// A count the user reads. English keeps the plain digits `jz` has always printed (`1234567`); Chinese groups
/// digits by three with commas (`1,234,567`), as Chinese statistical reports print exact counts: `123万4567`
/// is exact too but hard to scan, and its width varies so columns of counts would not line up.
pub fn count(n: impl Into<u128>) -> String {
    count_in(lang(), n.into())
}

pub fn count_in(lang: Lang, n: u128) -> String {
    group_digits_in(lang, &n.to_string())
}

/// A number already written as digits, grouped as [`count`] groups (anything but plain digits is kept).
pub fn group_digits(s: &str) -> String {
    group_digits_in(lang(), s)
}

fn group_digits_in(lang: Lang, plain: &str) -> String {
    if lang == Lang::En || plain.is_empty() || !plain.bytes().all(|b| b.is_ascii_digit()) {
        return plain.to_string();
    }
    let mut out = String::with_capacity(plain.len() + plain.len() / 3);
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An operating-system error as the user reads it: English keeps the system's own text (`No such file or
/// directory (os error 2)`); Chinese names the common kinds and keeps the system's text for the rest.
pub fn io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    if lang() == Lang::En {
        return e.to_string();
    }
    let key = match e.kind() {
        NotFound => "io-not-found",
        PermissionDenied => "io-permission-denied",
        IsADirectory => "io-is-a-directory",
        InvalidData => "io-invalid-data",
        _ => return e.to_string(),
    };
    tr(key, &[])
}

/// Every key of a catalogue's text: message ids and `id.attribute`s, in order (what the catalogue tests walk).
pub fn keys(ftl: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in ftl.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let first = line.chars().next().unwrap_or(' ');
        if first.is_ascii_alphabetic() {
            if let Some((id, _)) = line.split_once('=') {
                let id = id.trim().to_string();
                current = Some(id.clone());
                out.push(id);
            }
        } else if let (Some(id), Some(rest)) = (&current, line.trim_start().strip_prefix('.')) {
            if let Some((attr, _)) = rest.split_once('=') {
                out.push(format!("{id}.{}", attr.trim()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_chooses_chinese_only_for_zh() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::from_vars(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(Lang::from_vars(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_vars(env(&[])), Lang::En);
        // LC_ALL over LC_MESSAGES over LANG; an empty variable is not set
        assert_eq!(Lang::from_vars(env(&[("LC_ALL", "C"), ("LANG", "zh_CN")])), Lang::En);
        assert_eq!(Lang::from_vars(env(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_TW"), ("LANG", "en")])), Lang::Zh);
        assert_eq!(Lang::from_vars(env(&[("LC_MESSAGES", "en_GB"), ("LANG", "zh_CN")])), Lang::En);
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn chinese_counts_are_grouped_by_three_and_english_ones_are_plain() {
        assert_eq!(count_in(Lang::Zh, 1_234_567), "1,234,567");
        assert_eq!(count_in(Lang::Zh, 100), "100");
        assert_eq!(count_in(Lang::Zh, 1000), "1,000");
        assert_eq!(count_in(Lang::Zh, 0), "0");
        assert_eq!(count_in(Lang::En, 1_234_567), "1234567");
    }

    #[test]
    fn placeables_are_filled_without_isolation_marks() {
        let s = tr_in(Lang::En, "E0302.label", &[("left", &"t/h"), ("right", &"kg/h")]);
        assert_eq!(s, "`t/h` against `kg/h`");
        let z = tr_in(Lang::Zh, "E0302.label", &[("left", &"t/h"), ("right", &"kg/h")]);
        assert!(z.contains("`t/h`") && z.contains("`kg/h`") && !z.contains('\u{2068}'), "{z}");
    }

    #[test]
    fn an_unknown_key_comes_out_as_itself() {
        assert_eq!(tr_in(Lang::Zh, "no-such-key", &[]), "no-such-key");
    }
}
