//! `jz repl` as an analyst uses it: through a terminal (a pty) — typing, Tab completion of Chinese names,
//! hints, errors that do not end the session, Ctrl-C, multi-line entry, Ctrl-D, history across sessions —
//! and with scripts piped in, the data answers checked against `jz run`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail loudly")]

mod common;
use common::{jz, root, thousands};

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn tmp(name: &str) -> PathBuf {
    common::scratch("repl-tests", name)
}

// ---------------------------------------------------------------------------------------------- a terminal

/// rexpect's reader hands out each byte as one `char`; UTF-8 text is matched in that form.
fn raw(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

/// Back from rexpect's byte-per-char form to text, for messages.
fn text(s: &str) -> String {
    String::from_utf8_lossy(&s.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>()).into_owned()
}

struct Term {
    s: rexpect::session::PtySession,
}

impl Term {
    fn start(args: &[&str], history: &Path) -> Term {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jz"));
        cmd.arg("repl").args(args).current_dir(root()).env("JZ_HISTORY", history).env("TERM", "xterm");
        // generous: the machine may be busy building other things
        let s = rexpect::session::spawn_with_options(
            cmd,
            rexpect::reader::Options::new().timeout_ms(Some(120_000)).strip_ansi_escape_codes(true),
        )
        .unwrap();
        Term { s }
    }
    /// Wait for `needle`; returns what came before it.
    fn expect(&mut self, needle: &str) -> String {
        match self.s.exp_string(&raw(needle)) {
            Ok(before) => text(&before),
            Err(e) => panic!("did not see `{needle}`: {e}"),
        }
    }
    fn send(&mut self, keys: &str) {
        self.s.send(keys).unwrap();
        self.s.flush().unwrap();
    }
    /// Type a line and press Enter.
    fn enter(&mut self, line: &str) {
        self.send(line);
        self.send("\r");
    }
}

#[test]
fn a_terminal_session_completes_evaluates_recovers_and_keeps_history() {
    let history = tmp("history-1");
    let _ = std::fs::remove_file(&history);
    let mut t = Term::start(&["policies/hebei/tests.jz"], &history);
    t.expect("loaded 河北.禁止一刀切.测试");
    t.expect("jz> ");

    // Tab completes a Chinese sample name after `:use`
    t.send(":use 钢铁");
    t.send("\t");
    t.expect("钢铁企业");
    t.send("\r");
    t.expect("current record: 钢铁企业 (企业)");
    t.expect("jz[钢铁企业]> ");

    // Tab completes a decision name in an expression, which is then evaluated for the current record
    t.send("列入错");
    t.send("\t");
    t.expect("列入错峰生产名单");
    t.send("\r");
    let out = t.expect("jz[钢铁企业]> ");
    assert!(out.contains("\n是"), "expected 是 for 钢铁企业, got {out:?}");

    // a command's arguments are hinted while typing
    t.send(":what");
    t.expect("-if NAME = VALUE");
    t.send("\u{15}"); // Ctrl-U clears the line

    // an error is the checker's diagnostic, and the session goes on
    t.enter("燃煤锅炉蒸吨 > 50 [mg/m3]");
    t.expect("error[E0302]: units do not match");
    t.expect("jz[钢铁企业]> ");

    // Ctrl-C drops the line being typed
    t.send("不存在的名字 + ");
    t.send("\u{3}");
    let mut after = t.expect("jz[钢铁企业]> "); // a fresh prompt
    t.enter("1 + 2");
    after += &t.expect("\n3\r\n");
    after += &t.expect("jz[钢铁企业]> ");
    assert!(!after.contains("error"), "the cancelled line was evaluated: {after:?}");

    // an open brace continues the entry on the next line
    t.enter("样本 乙厂 = 钢铁企业 {");
    t.enter("  绩效等级: B, 超低排放: 是 }");
    t.expect("defined 乙厂 (企业), now the current record");
    t.expect("jz[乙厂]> ");
    t.enter(":explain 综合措施");
    t.expect("综合措施 = ");
    t.expect("依据");
    t.expect("jz[乙厂]> ");

    // Ctrl-D leaves with status 0
    t.send("\u{4}");
    t.s.exp_eof().unwrap();
    let status = t.s.process_mut().wait().unwrap();
    let status = format!("{status:?}");
    assert!(status.starts_with("Exited(") && status.ends_with(", 0)"), "{status}");

    let h = std::fs::read_to_string(&history).unwrap();
    assert!(h.contains(":use 钢铁企业"), "{h}");
    assert!(h.contains("1 + 2"), "{h}");
    assert!(h.contains("绩效等级: B, 超低排放: 是 }"), "the multi-line entry is one history entry: {h}");
    assert!(!h.contains("不存在的名字"), "a cancelled line is not history: {h}");
}

#[test]
fn history_is_recalled_in_the_next_session() {
    let history = tmp("history-2");
    let _ = std::fs::remove_file(&history);
    let mut t = Term::start(&[], &history);
    t.expect("jz> ");
    t.enter("6 * 7 + 1000");
    t.expect("1042");
    t.expect("jz> ");
    t.send("\u{4}");
    t.s.exp_eof().unwrap();

    let mut t = Term::start(&[], &history);
    t.expect("jz> ");
    // Ctrl-P (the up arrow's binding) brings back the last entry; the arrow's escape sequence itself can
    // arrive split on a loaded machine and be read as Escape then `[A`, which made this test flaky
    t.send("\u{10}");
    t.expect("6 * 7 + 1000");
    t.send("\r");
    t.expect("1042");
    // Ctrl-D only once the prompt is back: typed while the line is evaluated, the terminal is in cooked mode and
    // its line discipline takes ^D as an end of input that is gone when rustyline switches to raw mode
    t.expect("jz> ");
    t.send("\u{4}");
    t.s.exp_eof().unwrap();
}

// ---------------------------------------------------------------------------------------------- piped

fn repl(args: &[&str], script: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jz"))
        .arg("repl")
        .args(args)
        .current_dir(root())
        .env("JZ_HISTORY", tmp("history-piped"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    common::captured(child.wait_with_output().unwrap())
}

#[test]
fn scenario_values_and_parameters_are_set_shown_and_reset() {
    let (code, out, err) = repl(
        &["policies/counties/安平县/main.jz"],
        ":set 预警级别 = 橙色, 锅炉淘汰上限 = 15\n:show\n:set 锅炉淘汰上限 = 5 [t/h]\n设定 日期 = 2026-07-01\n\
         :unset 预警级别\n:show\n秋冬季\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("预警级别 = 橙色 (was 无)"), "{out}");
    // the county set 20 t/h; the contract encoding `15` reads as 15 t/h
    assert!(out.contains("锅炉淘汰上限 = 15 [t/h] (was 20 [t/h])"), "{out}");
    assert!(out.contains("policy 20 [t/h]; open [10 [t/h], 35 [t/h]]"), "{out}");
    assert!(out.contains("note: 5 [t/h] is outside [10 [t/h], 35 [t/h]]"), "{out}");
    assert!(out.contains("日期 = 2026-07-01 (was 2026-01-15)"), "{out}");
    assert!(out.contains("预警级别 = 无\n"), "{out}");
    assert!(out.trim_end().ends_with('否'), "2026-07-01 is not 秋冬季: {out}");
}

#[test]
fn records_are_defined_evaluated_explained_and_typed() {
    let script = "\
普通企业
样本 甲厂 = 钢铁企业 {
  绩效等级: D, 燃煤锅炉蒸吨: 30 [t/h], 气电保障: 是
}
:type 燃煤锅炉蒸吨 * 2
燃煤锅炉列入淘汰
:set 预警级别 = 橙色
:explain 综合措施
:explain 应急减排措施 适度减排
:eval 普通企业 应急减排措施
:let 乙厂 = 甲厂 { 燃煤锅炉蒸吨: 40 [t/h] }
:what-if 预警级别 = 无
:samples
";
    let (code, out, err) = repl(&["policies/hebei/tests.jz"], script);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("普通企业 (企业)\n  判定"), "{out}");
    assert!(out.contains("defined 甲厂 (企业), now the current record"), "{out}");
    assert!(out.contains("数值 [t/h]\n"), "{out}");
    // the 30 t/h coal boiler with gas or power secured is on the phase-out list (≤ 35 t/h)
    assert!(out.contains("数值 [t/h]\n是\n"), "{out}");
    assert!(out.contains("甲厂 (企业)\n综合措施 = 停产  (依据 三（九）)"), "{out}");
    assert!(out.contains("  ✓ rule `应急减排最严` (三（九）) decided: 停产"), "{out}");
    assert!(out.contains("      because "), "{out}");
    assert!(out.contains("did not apply (it gives"), "{out}");
    assert!(out.contains("应急减排措施 = 停产, not 适度减排"), "{out}");
    assert!(out.contains("defined 乙厂"), "{out}");
    assert!(out.contains("乙厂: 应急减排措施 停产 → 无"), "{out}");
    assert!(out.contains("*乙厂"), "{out}");
    assert!(out.contains("普通企业      企业      policies/hebei/tests.jz:11"), "{out}");
}

#[test]
fn errors_are_diagnostics_and_never_end_the_session() {
    let script = "\
燃煤锅炉蒸吨 > 50 [mg/m3]
:use 钢铁企业
燃煤锅炉蒸吨 > 50 [mg/m3]
样本 丙 = 钢铁企业 { 吨位: 3 }
:whatiff 预警级别 = 紫色
:what-if 预警级别 = 紫色
:load no/such/policy.jz
定义 新定义 = 是
:count
1 +
综合措施
";
    let (code, out, err) = repl(&["policies/hebei/tests.jz"], script);
    assert_eq!(code, 1, "a script with failing entries exits 1: {out}{err}");
    // no record yet: the help says how to get one
    assert!(err.contains("error[E0202]: unknown name `燃煤锅炉蒸吨`"), "{err}");
    assert!(err.contains("choose a record first"), "{err}");
    // with a record: the units error, rendered like `jz check`, pointing into the typed line
    assert!(err.contains("error[E0302]: units do not match\n  ┌─ <repl:3>:1:1"), "{err}");
    assert!(err.contains("error[E0205]: record `企业` has no field `吨位`"), "{err}");
    assert!(err.contains("error: unknown command `:whatiff`\n  help: did you mean `:what-if`?"), "{err}");
    assert!(err.contains("`紫色`"), "{err}");
    assert!(err.contains("error[E0101]: cannot read `no/such/policy.jz`"), "{err}");
    assert!(err.contains("still using policies/hebei/tests.jz"), "{err}");
    assert!(err.contains("`定义` declares part of a policy"), "{err}");
    assert!(err.contains("error: no dataset loaded"), "{err}");
    assert!(err.contains("error[E0001]"), "{err}");
    // and after all that the session still answers
    assert!(out.trim_end().ends_with("错峰生产"), "{out}");
}

/// Decisions per key from a `jz run` output.
fn run_decisions(args: &[&str]) -> (Vec<String>, HashMap<String, Vec<String>>) {
    let (code, out, err) = jz(args);
    assert_eq!(code, 0, "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let mut m = HashMap::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        m.insert(rec[0].to_string(), rec.iter().skip(1).map(str::to_string).collect());
    }
    (header, m)
}

/// `A → B: n` lines of one decision in a transition report.
fn transitions(report: &str, decision: &str) -> HashMap<(String, String), u64> {
    let mut m = HashMap::new();
    let mut inside = false;
    for l in report.lines() {
        if l.starts_with(&format!("{decision}:")) {
            inside = true;
            continue;
        }
        if inside {
            let Some(rest) = l.strip_prefix("  ") else { break };
            let (pair, n) = rest.rsplit_once(": ").unwrap();
            let (a, b) = pair.split_once(" → ").unwrap();
            m.insert((a.to_string(), b.to_string()), n.replace(',', "").parse().unwrap());
        }
    }
    m
}

#[test]
fn what_if_and_counts_agree_with_two_jz_runs() {
    let data = "examples/enterprises_10k.csv";
    let base = ["run", "policies/hebei/main.jz", "--record", "企业", "--data", data];
    let (header, now) = run_decisions(&base);
    let (_, orange) = run_decisions(&[&base[..], &["--set", "预警级别=橙色"]].concat());
    let export = tmp("moved.csv");
    let script = format!(
        ":data {data}\n:count by 综合措施 where 区县 == \"安平县\"\n:what-if 预警级别 = 橙色\n:moved 综合措施 正常生产 → 限产 3\n\
         :export {}\n",
        export.display()
    );
    let (code, out, err) = repl(&["policies/hebei/main.jz"], &script);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("loaded 10,000 企业 rows from examples/enterprises_10k.csv"), "{out}");

    // every output decision's transitions, against the two runs
    for (i, name) in header.iter().enumerate().skip(1) {
        let mut expected: HashMap<(String, String), u64> = HashMap::new();
        for (k, a) in &now {
            let (x, y) = (&a[i - 1], &orange[k][i - 1]);
            if x != y {
                *expected.entry((x.clone(), y.clone())).or_default() += 1;
            }
        }
        assert_eq!(transitions(&out, name), expected, "{name}: {out}");
    }
    let changed: usize = now.iter().filter(|(k, a)| orange[*k] != **a).count();
    assert!(changed > 1000, "an orange warning changes many measures");
    assert!(out.contains(&format!("· {} changed ·", thousands(changed as u64))), "{out}");

    // `:moved` lists rows of that transition, `:export` all of them
    let moved = out.split("rows moved").nth(1).unwrap();
    let listed: Vec<&str> = moved.lines().skip(2).take(3).collect();
    for l in &listed {
        let key = l.split_whitespace().next().unwrap();
        assert_eq!((now[key][5].as_str(), orange[key][5].as_str()), ("正常生产", "限产"), "{l}");
    }
    let mut r = csv::Reader::from_path(&export).unwrap();
    let exported: Vec<String> = r.records().map(|x| x.unwrap()[0].to_string()).collect();
    assert_eq!(exported.len(), changed, "only output decisions change under a warning");
    assert!(exported.iter().all(|k| now[k] != orange[k]));

    // the grouped count, against the run joined with the input's 区县
    let mut county = HashMap::new();
    let mut input = csv::Reader::from_path(root().join(data)).unwrap();
    let h = input.headers().unwrap().clone();
    let ci = h.iter().position(|c| c == "区县").unwrap();
    for rec in input.records() {
        let rec = rec.unwrap();
        county.insert(rec[0].to_string(), rec[ci].to_string());
    }
    let mut expected: HashMap<String, u64> = HashMap::new();
    for (k, a) in &now {
        if county[k] == "安平县" {
            *expected.entry(a[5].clone()).or_default() += 1;
        }
    }
    let total: u64 = expected.values().sum();
    assert!(out.contains(&format!("{total} of 10,000 企业 rows match")), "{out}");
    for (measure, n) in expected {
        let line = out.lines().find(|l| l.trim_start().starts_with(&format!("{measure} "))).unwrap();
        assert_eq!(line.split_whitespace().nth(1).unwrap(), thousands(n), "{line}");
    }
}

#[test]
fn a_dataset_load_reports_every_rejected_row() {
    let rejects = tmp("repl-rejects.csv");
    let script = format!(":data examples/enterprises_bad.csv\n:count\n:rejects {}\n", rejects.display());
    let (code, out, err) = repl(&["policies/hebei/main.jz"], &script);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("loaded 26 企业 rows from examples/enterprises_bad.csv"), "{out}");
    assert!(out.contains("(40 read, 14 rejected)"), "{out}");
    assert!(out.contains("row 1 (91130110389020519E) column `排放污染物` value `PM2.5`"), "{out}");
    assert!(out.contains("26 企业 rows\n"), "{out}");
    let manifest = std::fs::read_to_string(root().join("examples/enterprises_bad.manifest.csv")).unwrap();
    let mut want: Vec<String> = manifest.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect();
    let written = std::fs::read_to_string(&rejects).unwrap();
    let mut got: Vec<String> = written.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect();
    want.sort();
    got.sort();
    got.dedup();
    assert_eq!(got, want);
}

#[test]
fn a_dataset_row_becomes_a_record_and_a_reload_keeps_the_session() {
    let dir = tmp("reload");
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("county.jz");
    let hebei = root().join("policies/hebei/main.jz");
    let v1 = format!(
        "政策 某县.实施意见 \"t\" 细化 河北.禁止一刀切\n引用 \"{}\"\n设定 锅炉淘汰上限 = 20 [t/h]\n",
        hebei.display()
    );
    std::fs::write(&policy, &v1).unwrap();
    let script = format!(
        ":data examples/enterprises_small.csv\n:row 91130100MA0A1B2C3D\n:set 预警级别 = 黄色\n\
         样本 丁 = 行1 {{ 绩效等级: D }}\n锅炉淘汰上限\n:reload\n:samples\n锅炉淘汰上限\n预警级别\n:load {}\n:show\n",
        hebei.display()
    );
    let first_key = {
        let f = std::fs::read_to_string(root().join("examples/enterprises_small.csv")).unwrap();
        f.lines().nth(1).unwrap().split(',').next().unwrap().to_string()
    };
    let script = script.replace("91130100MA0A1B2C3D", &first_key);
    let (code, out, err) = repl(&[policy.to_str().unwrap()], &script);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("行1 (企业): row 1 of the dataset, now the current record"), "{out}");
    assert!(out.contains("defined 丁 (企业)"), "{out}");
    assert!(out.contains("20 [t/h]\nloaded 某县.实施意见"), "{out}");
    assert!(out.contains("loaded 25 企业 rows"), "the dataset is read again on reload: {out}");
    assert!(out.contains(&format!("行1     企业    data row, key {first_key}")), "{out}");
    assert!(out.contains("*丁     企业    typed here"), "{out}");
    assert!(out.contains("\n黄色\n"), "the scenario survives a reload: {out}");
    assert!(out.contains("loaded 河北.禁止一刀切"), "{out}");
    assert!(out.contains("锅炉淘汰上限                  35 [t/h]"), "{out}");
}

/// `:data` reads what `jz run` reads: a GBK, tab-separated export with `--encoding gbk --delimiter tab`
/// gives the same rows as the UTF-8 file; without the flags the file is refused with the reader's message
/// (never read as garbage), and a flag without a value or an unknown flag is an error that keeps the session.
#[test]
fn data_takes_the_reading_flags_of_jz_run() {
    let utf8 = std::fs::read_to_string(root().join("examples/enterprises_small.csv")).unwrap();
    assert!(!utf8.contains('\t') && !utf8.contains('"'), "the example must split on commas alone");
    let tabbed = utf8.replace(',', "\t");
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&tabbed);
    assert!(!lossy);
    let file = tmp("gbk-tab.csv");
    std::fs::write(&file, &gbk).unwrap();
    let f = file.display();
    let script = format!(
        ":data examples/enterprises_small.csv\n:count\n\
         :data {f} --encoding gbk --delimiter tab\n:count\n\
         :data {f} 企业 --sheet\n:data {f} --quote x\n:data {f}\n:count\n"
    );
    let (code, out, err) = repl(&["policies/hebei/main.jz"], &script);
    assert_eq!(code, 1, "a script with failing entries exits 1: {err}");
    let loaded: Vec<&str> = out.lines().filter(|l| l.starts_with("loaded ") && l.contains(" rows from ")).collect();
    assert_eq!(loaded.len(), 2, "{out}\n{err}");
    assert!(loaded[0].contains("loaded 25 企业 rows from examples/enterprises_small.csv"), "{out}");
    assert!(loaded[1].contains(&format!("loaded 25 企业 rows from {f}")), "{out}");
    assert!(loaded.iter().all(|l| l.contains("0 rejected")), "{out}");
    let counts: Vec<&str> = out.lines().filter(|l| l.ends_with("企业 rows")).collect();
    assert_eq!(counts, ["25 企业 rows"; 3], "the GBK file is not replaced by a file the session cannot read: {out}");
    assert!(err.contains("`--sheet` needs a value"), "{err}");
    assert!(err.contains("`:data` does not know `--quote`"), "{err}");
    assert!(
        err.contains("reads as GBK") && err.contains("--encoding gbk"),
        "the unflagged GBK file is refused with the flag that reads it: {err}"
    );
    assert!(!err.contains("has the columns of no record type"), "the file's encoding, not its columns: {err}");
}
