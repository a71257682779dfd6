//! `jz fmt` end to end: `--check` lists unformatted files and exits 1 without writing, `jz fmt` rewrites them
//! (then `--check` passes), a file with syntax errors is reported with a help and left alone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{jz, p, scratch};

#[test]
fn check_lists_then_fmt_rewrites_and_broken_files_are_left_alone() {
    let untidy = "定义   甲 =最小( 1 ，2 )\n判定 乙: 布尔 默认 否 { 规则 一 依据 \"一\": 当 甲 > 1 则 是 }\n";
    let tidy = "定义 甲 = 最小(1, 2)\n判定 乙: 布尔 默认 否 {\n  规则 一 依据 \"一\": 当 甲 > 1 则 是\n}\n";
    let file = scratch("fmt", "untidy.jz");
    std::fs::write(&file, untidy).unwrap();

    let (code, out, err) = jz(&["fmt", "--check", p(&file)]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("untidy.jz: not formatted"), "{out}");
    assert!(err.contains("help: run `jz fmt`"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), untidy, "--check wrote the file");

    let (code, out, err) = jz(&["fmt", p(&file)]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), tidy);
    let (code, out, err) = jz(&["fmt", "--check", p(&file)]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");

    let (code, _, _) = jz(&["fmt", "--full-width", p(&file)]);
    assert_eq!(code, 0);
    assert!(std::fs::read_to_string(&file).unwrap().contains("最小（1，2）"));

    let broken_text = "定义 甲 = = 1\n";
    let broken = scratch("fmt", "broken.jz");
    std::fs::write(&broken, broken_text).unwrap();
    let (code, _, err) = jz(&["fmt", p(&broken)]);
    assert_eq!(code, 1);
    assert!(err.contains("error[E0001]") && err.contains("was not formatted") && err.contains("help:"), "{err}");
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), broken_text);
}
