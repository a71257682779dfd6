//! Messages in Chinese and English: `jz explain` for every registered code (its wrong example really reports
//! the code, its corrected one does not), the language chosen by `--lang` over the locale, and machine-readable
//! outputs that do not change with the language.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail loudly")]

mod common;
use common::{captured, root, scratch};

use jz_i18n::codes::{Stage, CODES};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `jz ARGS` from the repository root with a clean locale plus `env`: (exit code, stdout, stderr).
fn jz_env(args: &[&str], env: &[(&str, &str)], dir: &Path) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jz"));
    c.args(args).current_dir(dir).env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
    for (k, v) in env {
        c.env(k, v);
    }
    captured(c.output().expect("run jz"))
}

/// Write an example (one file, or several after `// ==> name.jz` lines) into `dir`; the entry's path.
fn write_example(dir: &Path, text: &str) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let mut name = "main.jz".to_string();
    let mut body = String::new();
    let flush = |name: &str, body: &str| std::fs::write(dir.join(name), body).unwrap();
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("// ==> ") {
            flush(&name, &body);
            name = n.trim().to_string();
            body.clear();
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    flush(&name, &body);
    dir.join("main.jz")
}

/// Run one example the way its stage says: (exit code, everything printed).
fn run_example(code: &str, stage: Stage, kind: &str, text: &str) -> (i32, String) {
    let dir = scratch("explain", code).join(kind);
    let entry = write_example(&dir, text);
    let entry = entry.to_str().unwrap();
    let (c, out, err) = match stage {
        Stage::Check => jz_env(&["check", entry], &[], &dir),
        Stage::Test => jz_env(&["test", entry], &[], &dir),
        Stage::Verify => jz_env(&["verify", entry], &[], &dir),
        Stage::Sql => jz_env(&["sql", entry, "--record", "企业"], &[], &dir),
        Stage::Repl => {
            let script: String =
                text.lines().filter_map(|l| l.strip_prefix("// repl: ")).map(|l| format!("{l}\n")).collect();
            assert!(!script.is_empty(), "{code} {kind}: a REPL example types `// repl: …` lines");
            let mut child = Command::new(env!("CARGO_BIN_EXE_jz"))
                .args(["repl", entry])
                .current_dir(&dir)
                .env_remove("LANG")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
            captured(child.wait_with_output().unwrap())
        }
        Stage::Illustrative => unreachable!(),
    };
    (c, format!("{out}{err}"))
}

#[test]
fn every_wrong_example_reports_its_code_and_every_corrected_one_does_not() {
    let mut problems = Vec::new();
    let mut ran = 0;
    for c in CODES {
        if c.stage == Stage::Illustrative {
            continue;
        }
        let tag = format!("[{}]", c.code);
        let (_, wrong) = run_example(c.code, c.stage, "wrong", c.wrong);
        if !wrong.contains(&tag) {
            problems.push(format!("{}: the wrong example does not report it:\n{wrong}", c.code));
        }
        let (code, right) = run_example(c.code, c.stage, "right", c.right);
        if right.contains(&tag) {
            problems.push(format!("{}: the corrected example still reports it:\n{right}", c.code));
        }
        // the corrected example is clean altogether (warnings aside: a check example may still have one)
        if code != 0 || right.contains("error[") {
            problems.push(format!("{}: the corrected example fails (exit {code}):\n{right}", c.code));
        }
        ran += 1;
    }
    assert!(ran >= 50, "only {ran} examples ran");
    assert!(problems.is_empty(), "{} example problem(s):\n\n{}", problems.len(), problems.join("\n\n"));
}

#[test]
fn explain_prints_every_code_in_both_languages() {
    for c in CODES {
        for lang in ["en", "zh"] {
            let (code, out, err) = jz_env(&["explain", c.code, "--lang", lang], &[], &root());
            assert_eq!(code, 0, "{} {lang}: {err}", c.code);
            assert!(out.starts_with(&format!("{}: ", c.code)), "{out}");
            let first_wrong = c.wrong.lines().find(|l| !l.trim().is_empty()).unwrap();
            assert!(out.contains(first_wrong), "{} {lang}: the wrong example is shown:\n{out}", c.code);
            let heading = if lang == "zh" { "错误的写法：" } else { "A wrong example:" };
            assert!(out.contains(heading), "{out}");
        }
    }
    let (code, out, _) = jz_env(&["explain", "e0302", "--lang", "zh"], &[], &root());
    assert_eq!(code, 0);
    assert!(out.contains("单位不一致") && out.contains("35 [t/h]"), "{out}");
    let (code, _, err) = jz_env(&["explain", "E9999"], &[], &root());
    assert_eq!(code, 1);
    assert!(err.contains("no code `E9999`") && err.contains("jz explain --list"), "{err}");
    let (code, out, _) = jz_env(&["explain", "--list"], &[], &root());
    assert_eq!(code, 0);
    assert_eq!(out.lines().filter(|l| l.starts_with("  ")).count(), CODES.len(), "{out}");
}

const UNITS: &str = "tests/corpus/err/unit_mismatches.jz";

#[test]
fn the_language_comes_from_the_flag_then_lc_all_lc_messages_lang() {
    let r = root();
    let zh = |out: &str| out.contains("错误[E0302]: 单位不一致");
    let en = |out: &str| out.contains("error[E0302]: units do not match");
    let (_, _, e) = jz_env(&["check", UNITS], &[], &r);
    assert!(en(&e), "English without a locale: {e}");
    let (_, _, e) = jz_env(&["check", UNITS], &[("LANG", "zh_CN.UTF-8")], &r);
    assert!(zh(&e), "{e}");
    let (_, _, e) = jz_env(&["check", UNITS], &[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "en_US.UTF-8")], &r);
    assert!(en(&e), "LC_ALL wins: {e}");
    let (_, _, e) = jz_env(&["check", UNITS], &[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_CN.UTF-8")], &r);
    assert!(zh(&e), "LC_MESSAGES over LANG: {e}");
    let (_, _, e) = jz_env(&["check", UNITS, "--lang", "en"], &[("LC_ALL", "zh_CN.UTF-8")], &r);
    assert!(en(&e), "--lang wins: {e}");
    let (_, _, e) = jz_env(&["--lang=zh", "check", UNITS], &[], &r);
    assert!(zh(&e), "{e}");
    assert!(e.contains("帮助：") && e.contains("详见 `jz explain E0302`"), "{e}");
    assert!(e.contains("错误：发现 "), "{e}");
    let (code, _, e) = jz_env(&["check", UNITS, "--lang", "fr"], &[], &r);
    assert_eq!(code, 1);
    assert!(e.contains("unknown language `fr`"), "{e}");
}

#[test]
fn diagnostics_underline_the_right_columns_under_chinese_text() {
    // the caret line sits under the span whatever the message language: same source lines in both
    let r = root();
    let (_, _, en) = jz_env(&["check", UNITS, "--lang", "en"], &[], &r);
    let (_, _, zh) = jz_env(&["check", UNITS, "--lang", "zh"], &[], &r);
    let carets = |s: &str| -> Vec<String> {
        s.lines().filter(|l| l.contains('^')).map(|l| l.split('^').next().unwrap().to_string()).collect()
    };
    assert!(!carets(&en).is_empty());
    assert_eq!(carets(&en), carets(&zh), "{en}\n{zh}");
}

#[test]
fn machine_readable_outputs_do_not_change_with_the_language() {
    let r = root();
    // jz verify --json: same document (the timing aside)
    let strip = |s: &str| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
        v["summary"]["millis"] = serde_json::Value::Null;
        v
    };
    let draft = "tests/verify/nonconformant_county.jz";
    let (_, en, _) = jz_env(&["verify", draft, "--json", "--lang", "en"], &[], &r);
    let (_, zh, _) = jz_env(&["verify", draft, "--json", "--lang", "zh"], &[], &r);
    assert_eq!(strip(&en), strip(&zh));
    // jz run: the output CSV, the rejects CSV (header and reasons) and --summary-json
    let mut outs = Vec::new();
    for lang in ["en", "zh"] {
        let out = scratch("i18n", &format!("out-{lang}.csv"));
        let rej = scratch("i18n", &format!("rejects-{lang}.csv"));
        let sum = scratch("i18n", &format!("summary-{lang}.json"));
        let (code, _, err) = jz_env(
            &[
                "run",
                "policies/hebei/main.jz",
                "--record",
                "企业",
                "--data",
                "examples/enterprises_bad.csv",
                "--out",
                out.to_str().unwrap(),
                "--rejects",
                rej.to_str().unwrap(),
                "--summary-json",
                sum.to_str().unwrap(),
                "--lang",
                lang,
            ],
            &[],
            &r,
        );
        assert_eq!(code, 3, "{err}");
        if lang == "zh" {
            assert!(err.contains("读入 ") && err.contains("拒收 "), "{err}");
        }
        let mut summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sum).unwrap()).unwrap();
        if let Some(o) = summary.as_object_mut() {
            o.retain(|k, _| !k.contains("sec") && !k.contains("millis") && !k.contains("rate"));
        }
        outs.push((std::fs::read_to_string(&out).unwrap(), std::fs::read_to_string(&rej).unwrap(), summary));
    }
    // counts people read are grouped by three in Chinese
    let (_, _, err) = jz_env(
        &[
            "run",
            "policies/hebei/main.jz",
            "--record",
            "企业",
            "--data",
            "examples/enterprises_10k.csv",
            "--lang",
            "zh",
        ],
        &[],
        &r,
    );
    assert!(err.contains("读入 10,000 行，写出 10,000 行，拒收 0 行"), "{err}");
    assert_eq!(outs[0].0, outs[1].0, "the output CSV");
    assert_eq!(outs[0].1, outs[1].1, "the rejects CSV");
    assert_eq!(outs[0].2, outs[1].2, "the summary JSON");
}

/// `jz ARGS --lang L` from the repository root: everything printed (stdout then stderr).
fn said(args: &[&str], lang: &str) -> String {
    let mut a = args.to_vec();
    a.extend(["--lang", lang]);
    let (_, out, err) = jz_env(&a, &[], &root());
    format!("{out}{err}")
}

#[test]
fn engine_lines_engine_errors_and_e0601_follow_the_language() {
    let run = ["run", "policies/hebei/main.jz", "--record", "企业", "--data", "examples/enterprises_small.csv"];
    let verbose = [&run[..], &["--verbose"]].concat();
    let en = said(&verbose, "en");
    assert!(en.contains("engine: jit; kernel compiled in ") && en.contains(" row(s) decided natively"), "{en}");
    let zh = said(&verbose, "zh");
    assert!(zh.contains("引擎：jit；内核编译用时 ") && zh.contains("本机代码判定 25 行"), "{zh}");
    assert!(!zh.contains("engine:"), "{zh}");
    let bogus = [&run[..], &["--engine", "bogus"]].concat();
    assert!(said(&bogus, "en").contains("error: unknown engine `bogus`"));
    assert!(said(&bogus, "zh").contains("错误：未知引擎 `bogus`"));
    let jsonl = ["run", "policies/hebei/main.jz", "--record", "企业", "--data", "examples/enterprises_small.jsonl"];
    let duck = [&jsonl[..], &["--engine", "duckdb"]].concat();
    assert!(said(&duck, "en").contains("`--engine duckdb` reads CSV files"));
    assert!(said(&duck, "zh").contains("`--engine duckdb` 只读 CSV 文件"));
    // a fallback's reason, worded by jz-jit, translated
    let dir = scratch("i18n", "fallback");
    std::fs::create_dir_all(&dir).unwrap();
    let policy = "政策 示例 \"示例\"\n记录 企业 键 代码 { 代码: 文本, 名称: 文本 }\n关于 企业\n判定 称呼: 文本 默认 \"无\" { 规则 依据 \"一\": 当 名称 == \"甲\" 则 \"甲厂\" }\n";
    std::fs::write(dir.join("main.jz"), policy).unwrap();
    std::fs::write(dir.join("d.csv"), "代码,名称\n1,甲\n2,乙\n").unwrap();
    let (main, data) = (dir.join("main.jz"), dir.join("d.csv"));
    let fallback = ["run", main.to_str().unwrap(), "--record", "企业", "--data", data.to_str().unwrap(), "--verbose"];
    let en = said(&fallback, "en");
    assert!(
        en.contains("engine: falls back to the interpreter at ") && en.contains(": text-valued decision `称呼`"),
        "{en}"
    );
    let zh = said(&fallback, "zh");
    assert!(zh.contains("交给解释器求值：文本类型的判定 `称呼`：每一行都由解释器求值"), "{zh}");
    // E0601 in `jz sql`: message, label and help
    let dir = scratch("i18n", "e0601");
    let entry = write_example(&dir, jz_i18n::codes::find("E0601").unwrap().wrong);
    let sql = ["sql", entry.to_str().unwrap(), "--record", "企业"];
    let en = said(&sql, "en");
    assert!(en.contains("error[E0601]: cannot compile multiplication or division") && en.contains("not expressible"));
    let zh = said(&sql, "zh");
    assert!(zh.contains("错误[E0601]: 无法把记录中读出的值之间的乘除精确编译为 SQL"), "{zh}");
    assert!(zh.contains("无法在 SQL 中精确表达") && zh.contains("帮助：请改写"), "{zh}");
}

/// A REPL session over the law with `script` typed in, under `--lang L`: everything printed.
fn repl_said(script: &str, lang: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jz"))
        .args(["repl", "policies/hebei/main.jz", "--lang", lang])
        .current_dir(root())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let (_, out, err) = captured(child.wait_with_output().unwrap());
    format!("{out}{err}")
}

#[test]
fn the_repls_own_messages_and_tables_follow_the_language() {
    let script = ":help\n:data examples/enterprises_small.csv\n:what-if 预警级别 = 橙色\n:moved 1\n:show\n:nope\n:row 91130481MA0JN0018B 甲\n:explain 甲 综合措施\n";
    let en = repl_said(script, "en");
    for s in [
        "loaded 河北.禁止一刀切 from ",
        "Type language text, or a command:",
        "this list, or one command in detail",
        "what if 预警级别 = 橙色 (now 无), over 25 企业 rows:",
        "综合措施: 16 changed",
        ": unchanged",
        "rows moved (what if",
        "name ",
        "error: unknown command `:nope`",
        "甲 (企业): row 1 of the dataset, now the current record",
        "did not apply (it gives 正常生产)",
    ] {
        assert!(en.contains(s), "no `{s}` in\n{en}");
    }
    let zh = repl_said(script, "zh");
    for s in [
        "已载入 河北.禁止一刀切，来自 ",
        "输入语言文本，或一条命令：",
        "本列表，或某条命令的详细说明",
        "假设 预警级别 = 橙色（现为 无），对 25 行企业记录：",
        "综合措施：16 行变化",
        "：不变",
        "21 行发生变化",
        "名称 ",
        "错误：未知命令 `:nope`",
        "甲（企业）：数据集第 1 行，现为当前记录",
        "不适用（它得出 正常生产）",
    ] {
        assert!(zh.contains(s), "no `{s}` in\n{zh}");
    }
    for s in ["unchanged", "changed", "Type language", "loaded"] {
        assert!(!zh.contains(s), "`{s}` in\n{zh}");
    }
}

#[test]
fn diff_coverage_and_fmt_follow_the_language() {
    let diff = [
        "diff",
        "policies/hebei/main.jz",
        "policies/counties/安平县/main.jz",
        "--record",
        "企业",
        "--data",
        "examples/enterprises_small.csv",
    ];
    let en = said(&diff, "en");
    assert!(en.contains("25 rows of 企业 (examples/enterprises_small.csv), same scenario for both"), "{en}");
    assert!(en.contains("综合措施: unchanged") && en.contains("rows: 25 read · 25 unchanged"), "{en}");
    let zh = said(&diff, "zh");
    assert!(zh.contains("企业 25 行（examples/enterprises_small.csv），两边情景相同"), "{zh}");
    assert!(zh.contains("综合措施：不变") && zh.contains("行：读入 25 · 不变 25"), "{zh}");
    let coverage = ["coverage", "policies/hebei/main.jz"];
    assert!(said(&coverage, "en").contains(" operative article(s) encoded, "));
    let zh = said(&coverage, "zh");
    assert!(zh.contains("操作性条款：已编码 ") && zh.contains("原文之外的依据："), "{zh}");
    let untidy = scratch("i18n", "untidy.jz");
    std::fs::write(&untidy, "政策   示例 \"示例\"\n").unwrap();
    let fmt = ["fmt", "--check", untidy.to_str().unwrap()];
    let en = said(&fmt, "en");
    assert!(en.contains(": not formatted") && en.contains("error: 1 file(s) not formatted"), "{en}");
    let zh = said(&fmt, "zh");
    assert!(zh.contains("：未按规范格式排版") && zh.contains("错误：1 个文件未按规范格式排版"), "{zh}");
}

#[test]
fn the_report_page_follows_the_language_and_its_numbers_do_not() {
    let mut pages = Vec::new();
    for lang in ["en", "zh"] {
        let page = scratch("i18n", &format!("report-{lang}.html"));
        let args = [
            "report",
            "policies/hebei/main.jz",
            "--record",
            "企业",
            "--data",
            "examples/enterprises_bad.csv",
            "--what-if",
            "预警级别=红色",
            "-o",
            page.to_str().unwrap(),
        ];
        let err = said(&args, lang);
        pages.push((err, std::fs::read_to_string(&page).unwrap()));
    }
    let (en_err, en) = &pages[0];
    let (zh_err, zh) = &pages[1];
    assert!(en_err.contains("report written to "), "{en_err}");
    assert!(zh_err.contains("报告已写入 ") && zh_err.contains("读入 40 行"), "{zh_err}");
    for s in [
        "<html lang=\"en\">",
        "企业 decisions · ",
        "Rejected rows and why",
        "what if 预警级别=红色",
        "Articles deciding the most rows",
    ] {
        assert!(en.contains(s), "no `{s}` in the English page");
    }
    for s in ["<html lang=\"zh-CN\">", "企业判定报告 · ", "拒收的行及原因", "假设 预警级别=红色", "决定行数最多的条款"]
    {
        assert!(zh.contains(s), "no `{s}` in the Chinese page");
    }
    assert!(!zh.contains("Rejected rows") && !zh.contains("rows read"));
    // what a tool reads back is the same: section ids, figure keys and their exact counts
    let marks = |html: &str| -> Vec<String> {
        html.split(['<', '>'])
            .filter(|t| t.contains("data-k=") || t.starts_with("section id="))
            .map(|t| t.to_string())
            .collect()
    };
    assert!(!marks(en).is_empty());
    assert_eq!(marks(en), marks(zh));
}

#[test]
fn the_doc_page_follows_the_language() {
    for (lang, want) in [
        ("en", ["<html lang=\"en\">", "Articles and rules", "Guarantees (jz verify)", "proved", " passed, 0 failed"]),
        ("zh", ["<html lang=\"zh\">", "条文与规则", "保障（jz verify）", "证明成立", "通过 60 个，未通过 0 个"]),
    ] {
        let out = scratch("i18n", &format!("doc-{lang}"));
        let said = said(&["doc", "policies/counties/安平县/main.jz", "-o", out.to_str().unwrap()], lang);
        assert!(said.contains(if lang == "en" { "wrote " } else { "已写出 " }), "{said}");
        let html = std::fs::read_to_string(out.join("index.html")).unwrap();
        for s in want {
            assert!(html.contains(s), "no `{s}` in the {lang} page");
        }
    }
}

#[test]
fn clap_parse_errors_follow_the_language_with_the_same_exit_status() {
    let r = root();
    let (code, _, en) = jz_env(&["verify", "x.jz", "--jsn", "--lang", "en"], &[], &r);
    assert_eq!(code, 2);
    assert!(en.starts_with("error: unexpected argument '--jsn' found"), "{en}");
    assert!(en.contains("tip: a similar argument exists: '--json'") && en.contains("Usage: jz verify"), "{en}");
    assert!(en.contains("For more information, try '--help'."), "{en}");
    let (code, _, zh) = jz_env(&["verify", "x.jz", "--jsn", "--lang", "zh"], &[], &r);
    assert_eq!(code, 2);
    assert!(zh.starts_with("错误：未知参数 '--jsn'"), "{zh}");
    assert!(zh.contains("提示：有一个相近的参数：'--json'") && zh.contains("用法：jz verify"), "{zh}");
    assert!(zh.contains("详细信息请用 '--help'。") && !zh.contains("error:"), "{zh}");
    let (code, _, zh) = jz_env(&["run", "policies/hebei/main.jz"], &[("LANG", "zh_CN.UTF-8")], &r);
    assert_eq!(code, 2);
    assert!(zh.contains("错误：缺少以下必需的参数：\n  --record <RECORD>"), "{zh}");
    let (code, _, zh) = jz_env(&["run", "p.jz", "--record", "x", "--batch-size", "abc", "--lang", "zh"], &[], &r);
    assert_eq!(code, 2);
    assert!(zh.contains("错误：'--batch-size <BATCH_SIZE>' 的值 'abc' 无效："), "{zh}");
    // --help is not an error, in either language
    let (code, out, _) = jz_env(&["--help", "--lang", "zh"], &[], &r);
    assert_eq!(code, 0);
    assert!(out.contains("用法："), "{out}");
}

#[test]
fn the_data_readers_file_errors_follow_the_language_and_reject_reasons_do_not() {
    let bad = scratch("i18n", "no-columns.csv");
    std::fs::write(&bad, "a,b\n1,2\n").unwrap();
    let run = ["run", "policies/hebei/main.jz", "--record", "企业", "--data", bad.to_str().unwrap()];
    let en = said(&run, "en");
    assert!(
        en.contains("lacks required column(s): 统一社会信用代码, 企业名称")
            && en.contains("  found header (2 column(s)")
    );
    let zh = said(&run, "zh");
    assert!(
        zh.contains("缺少必需的列：统一社会信用代码、企业名称") && zh.contains("  实际表头（2 列，分隔符 `,`）：a | b")
    );
    let sheet = ["run", "policies/hebei/main.jz", "--record", "企业", "--data", "examples/enterprises_small.xlsx"];
    let sheet = [&sheet[..], &["--sheet", "nope"]].concat();
    assert!(said(&sheet, "en").contains("has no sheet `nope`"));
    assert!(said(&sheet, "zh").contains("中没有工作表 `nope`"));
}
