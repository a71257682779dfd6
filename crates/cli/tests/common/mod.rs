//! What the `jz` integration tests share: the repository root, a scratch directory per test binary, and
//! running the built `jz` from the root.
#![allow(dead_code, reason = "each test binary uses its own subset of these helpers")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `name` inside this test binary's scratch directory `dir` (created) under Cargo's test temp dir.
pub fn scratch(dir: &str, name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(dir);
    std::fs::create_dir_all(&d).expect("create the scratch directory");
    d.join(name)
}

/// Run `jz ARGS` from the repository root: (exit code, stdout, stderr). Messages are English whatever the
/// developer's locale (`LC_ALL=C`): the tests match their text.
pub fn jz(args: &[&str]) -> (i32, String, String) {
    captured(
        Command::new(env!("CARGO_BIN_EXE_jz"))
            .args(args)
            .current_dir(root())
            .env("LC_ALL", "C")
            .output()
            .expect("run jz"),
    )
}

/// A finished process's exit code (−1 when killed by a signal), stdout and stderr.
pub fn captured(out: Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `1234567` as `1,234,567`, the way `jz` prints counts (written here independently of the CLI's own).
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn p(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}
