//! Project settings: the nearest `jz.toml` above a policy file (its directory, then each parent). Today one
//! table, for a province that wants every county's draft clean:
//!
//! ```toml
//! [verify]
//! deny-warnings = true              # every verifier warning fails `jz verify` (exit 1)
//! # deny-warnings = ["W0503", "W0506"]   # or only these codes
//! ```

use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    verify: Verify,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Verify {
    deny_warnings: Option<Deny>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Deny {
    All(bool),
    Codes(Vec<String>),
}

/// Which verifier warnings fail the run.
#[derive(Debug, Default, Clone, PartialEq)]
pub enum DenyWarnings {
    #[default]
    None,
    All,
    Codes(Vec<String>),
}

impl DenyWarnings {
    pub fn denies(&self, code: &str) -> bool {
        match self {
            DenyWarnings::None => false,
            DenyWarnings::All => true,
            DenyWarnings::Codes(c) => c.iter().any(|x| x == code),
        }
    }
}

#[derive(Debug, Default)]
pub struct Settings {
    pub deny_warnings: DenyWarnings,
    /// The file they came from, if any.
    pub from: Option<PathBuf>,
}

/// The settings that apply to `policy`: from the nearest `jz.toml` in its directory or above, or defaults.
/// A file that cannot be read or parsed is an error naming it (with line and column), never ignored.
pub fn for_policy(policy: &Path) -> Result<Settings, String> {
    let start = policy.canonicalize().unwrap_or_else(|_| policy.to_path_buf());
    for dir in start.ancestors().skip(1) {
        let candidate = dir.join("jz.toml");
        if !candidate.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&candidate).map_err(|e| {
            format!("error: cannot read `{}`: {e}\n  help: fix or remove the file", candidate.display())
        })?;
        return parse(&text).map(|deny_warnings| Settings { deny_warnings, from: Some(candidate.clone()) }).map_err(
            |e| {
                format!(
                    "error: `{}` is not a valid jz.toml: {}\n  help: the file takes `[verify]` with `deny-warnings = true` or a list of codes",
                    candidate.display(),
                    e.trim_end()
                )
            },
        );
    }
    Ok(Settings::default())
}

fn parse(text: &str) -> Result<DenyWarnings, String> {
    let f: File = toml::from_str(text).map_err(|e| e.to_string())?;
    Ok(match f.verify.deny_warnings {
        None | Some(Deny::All(false)) => DenyWarnings::None,
        Some(Deny::All(true)) => DenyWarnings::All,
        Some(Deny::Codes(c)) => {
            if let Some(bad) = c.iter().find(|c| !is_warning_code(c)) {
                return Err(format!("`{bad}` is not a verifier warning code (W0502–W0507)"));
            }
            DenyWarnings::Codes(c)
        }
    })
}

fn is_warning_code(c: &str) -> bool {
    matches!(c, "W0502" | "W0503" | "W0504" | "W0505" | "W0506" | "W0507")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deny_warnings_reads_a_flag_or_a_list_of_codes() {
        assert_eq!(parse("").unwrap(), DenyWarnings::None);
        assert_eq!(parse("[verify]\ndeny-warnings = true\n").unwrap(), DenyWarnings::All);
        assert_eq!(parse("[verify]\ndeny-warnings = false\n").unwrap(), DenyWarnings::None);
        assert_eq!(
            parse("[verify]\ndeny-warnings = [\"W0503\"]\n").unwrap(),
            DenyWarnings::Codes(vec!["W0503".into()])
        );
    }

    #[test]
    fn a_mistyped_setting_is_an_error_with_its_line() {
        let e = parse("[verify]\ndeny-warning = true\n").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        let e = parse("[verify]\ndeny-warnings = [\"E0501\"]\n").unwrap_err();
        assert!(e.contains("E0501"), "{e}");
    }
}
