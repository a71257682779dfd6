//! `jz run` on the files and the conditions operators meet: nothing lost, nothing falsely reported. Every
//! test checks that rows read = written + rejected and that a run that did not finish says so, exits
//! non-zero and leaves no output file that looks complete.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail loudly")]

mod common;
use common::{captured, jz, p, root};

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const HEBEI: &str = "policies/hebei/main.jz";

fn tmp(name: &str) -> PathBuf {
    common::scratch("bad-inputs", name)
}

fn example(name: &str) -> String {
    std::fs::read_to_string(root().join("examples").join(name)).unwrap()
}

/// (read, written, rejected) from the summary line.
fn counts(stderr: &str) -> (u64, u64, u64) {
    let line = stderr.lines().find(|l| l.starts_with("rows read ")).unwrap_or_else(|| panic!("no summary: {stderr}"));
    let nums: Vec<u64> =
        line.trim_start_matches("rows read ").split([',', ' ']).filter_map(|w| w.parse().ok()).take(3).collect();
    let c = (nums[0], nums[1], nums[2]);
    assert_eq!(c.0, c.1 + c.2, "rows read = written + rejected: {line}");
    c
}

fn run(data: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["run", HEBEI, "--record", "企业", "--data", p(data)];
    args.extend(extra);
    jz(&args)
}

/// The decisions of the small example as written from the UTF-8 CSV: what every other encoding of the
/// same rows must give.
fn reference() -> String {
    let (code, out, err) = run(&root().join("examples/enterprises_small.csv"), &["--explain"]);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn an_unclosed_quote_rejects_its_line_and_every_row_after_it_is_still_read() {
    let src = example("enterprises_10k.csv");
    let mut lines: Vec<String> = src.lines().map(String::from).collect();
    // data row 3000 is physical line 3001; open a quote at the start of its 企业名称 and never close it
    let broken_key = lines[3000].split(',').next().unwrap().to_string();
    let mut cells: Vec<&str> = lines[3000].split(',').collect();
    let name = format!("\"{}", cells[1]);
    cells[1] = &name;
    lines[3000] = cells.join(",");
    let data = tmp("unclosed.csv");
    std::fs::write(&data, lines.join("\n") + "\n").unwrap();
    let rej = tmp("unclosed.rejects.csv");
    let (code, out, err) = run(&data, &["--rejects", p(&rej)]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(counts(&err), (10_000, 9_999, 1));
    let rejects = std::fs::read_to_string(&rej).unwrap();
    let bad = rejects.lines().nth(1).unwrap();
    assert!(bad.starts_with(&format!("3000,{broken_key},")), "{bad}");
    assert!(bad.contains("unclosed quote") && bad.contains("line 3001 column"), "{bad}");
    assert!(bad.ends_with(",3001"), "the physical line is in the last column: {bad}");
    // every other row is decided exactly as in the intact file
    let (_, whole, _) = run(&root().join("examples/enterprises_10k.csv"), &[]);
    let expected: Vec<&str> = whole.lines().filter(|l| !l.starts_with(&format!("{broken_key},"))).collect();
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn a_quoted_field_over_two_lines_is_one_row_and_later_rejects_name_their_physical_line() {
    let src = example("enterprises_small.csv");
    let mut lines: Vec<String> = src.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    cells[1] = format!("\"{}\n（原{}）\"", cells[1], cells[1]);
    lines[1] = cells.join(",");
    let mut bad: Vec<String> = lines[5].split(',').map(String::from).collect();
    bad[5] = "也许".into(); // 手续齐全 is a boolean
    lines[5] = bad.join(",");
    let data = tmp("multiline.csv");
    std::fs::write(&data, lines.join("\n") + "\n").unwrap();
    let rej = tmp("multiline.rejects.csv");
    let (code, _, err) = run(&data, &["--rejects", p(&rej)]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(counts(&err), (25, 24, 1));
    let rejects = std::fs::read_to_string(&rej).unwrap();
    assert_eq!(rejects.lines().next().unwrap(), "行号,键,列,值,原因,文件行");
    // data row 5 is on physical line 7: the header and row 1's second line come before it
    let r = rejects.lines().nth(1).unwrap();
    assert!(r.starts_with("5,") && r.contains(",手续齐全,也许,") && r.ends_with(",7"), "{r}");
}

/// A minimal workbook: sheets of inline-string cells; `formula` puts a formula without a saved value at a
/// cell, `merge` a merged range.
struct Sheet<'a> {
    name: &'a str,
    rows: Vec<Vec<String>>,
    formula: Option<(&'a str, &'a str)>,
    merge: Option<&'a str>,
}

fn col_name(c: usize) -> String {
    let mut c = c + 1;
    let mut s = Vec::new();
    while c > 0 {
        s.push(char::from(b'A' + ((c - 1) % 26) as u8));
        c = (c - 1) / 26;
    }
    s.iter().rev().collect()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn write_xlsx(path: &Path, sheets: &[Sheet<'_>]) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, body: String| {
        z.start_file(name, o).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    };
    let overrides: String = (1..=sheets.len())
        .map(|i| format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
        .collect();
    put(
        "[Content_Types].xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
        ),
    );
    put("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into());
    let list: String = sheets
        .iter()
        .enumerate()
        .map(|(i, s)| format!(r#"<sheet name="{}" sheetId="{}" r:id="rId{}"/>"#, s.name, i + 1, i + 1))
        .collect();
    put(
        "xl/workbook.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{list}</sheets></workbook>"#
        ),
    );
    let rels: String = (1..=sheets.len())
        .map(|i| format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
        .collect();
    put(
        "xl/_rels/workbook.xml.rels",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    );
    for (i, s) in sheets.iter().enumerate() {
        let mut body = String::new();
        for (r, row) in s.rows.iter().enumerate() {
            body.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, v) in row.iter().enumerate() {
                let at = format!("{}{}", col_name(c), r + 1);
                if s.formula.is_some_and(|(cell, _)| cell == at) {
                    body.push_str(&format!(r#"<c r="{at}"><f>{}</f></c>"#, s.formula.unwrap().1));
                } else if !v.is_empty() {
                    body.push_str(&format!(r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#, xml_escape(v)));
                }
            }
            body.push_str("</row>");
        }
        let merge = s
            .merge
            .map(|m| format!(r#"<mergeCells count="1"><mergeCell ref="{m}"/></mergeCells>"#))
            .unwrap_or_default();
        put(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}</sheetData>{merge}</worksheet>"#
            ),
        );
    }
    z.finish().unwrap();
}

fn small_rows() -> Vec<Vec<String>> {
    example("enterprises_small.csv")
        .lines()
        .map(|l| {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(l.as_bytes())
                .records()
                .next()
                .unwrap()
                .unwrap()
                .iter()
                .map(String::from)
                .collect()
        })
        .collect()
}

#[test]
fn every_sheet_with_data_is_read_and_sheet_names_one() {
    let rows = small_rows();
    let (header, data) = (rows[0].clone(), &rows[1..]);
    let first: Vec<Vec<String>> = std::iter::once(header.clone()).chain(data[..10].iter().cloned()).collect();
    // the second sheet has a title row above its header
    let title = vec!["河北省重点企业名单（续）".to_string()];
    let second: Vec<Vec<String>> = [title, header.clone()].into_iter().chain(data[10..].iter().cloned()).collect();
    let book = tmp("two_sheets.xlsx");
    write_xlsx(
        &book,
        &[
            Sheet { name: "名单", rows: first, formula: None, merge: None },
            Sheet { name: "续表", rows: second, formula: None, merge: None },
            Sheet { name: "空表", rows: vec![], formula: None, merge: None },
        ],
    );
    let (code, out, err) = run(&book, &["--explain"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, reference(), "both sheets, in order");
    assert_eq!(counts(&err), (25, 25, 0));
    assert!(err.contains("read 2 sheets: `名单` (10 rows), `续表` (15 rows)"), "{err}");
    assert!(err.contains("sheet `续表`: header taken from row 2"), "{err}");
    let (code, out, err) = run(&book, &["--sheet", "续表"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(counts(&err), (15, 15, 0));
    assert_eq!(out.lines().count(), 16);
    let (code, _, err) = run(&book, &["--sheet", "Sheet9"]);
    assert_eq!(code, 1);
    assert!(err.contains("no sheet `Sheet9`") && err.contains("`续表`"), "{err}");
}

#[test]
fn a_sheet_with_data_but_not_the_columns_is_an_error_naming_it_not_skipped() {
    let rows = small_rows();
    let book = tmp("notes_sheet.xlsx");
    write_xlsx(
        &book,
        &[
            Sheet { name: "名单", rows: rows.clone(), formula: None, merge: None },
            Sheet {
                name: "说明",
                rows: vec![vec!["填表说明".into()], vec!["按季度更新".into()]],
                formula: None,
                merge: None,
            },
        ],
    );
    let (code, out, err) = run(&book, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("sheet `说明`") && err.contains("--sheet"), "{err}");
    let (code, _, err) = run(&book, &["--sheet", "名单"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn formula_cells_without_a_value_and_merged_cells_are_named_as_such() {
    let mut rows = small_rows();
    rows[4][2] = String::new(); // 区县 of data row 4 is the lower half of a merge C4:C5 (row 3 holds it)
    let book = tmp("formula_merged.xlsx");
    write_xlsx(&book, &[Sheet { name: "名单", rows, formula: Some(("V3", "SUM(W3:X3)")), merge: Some("C4:C5") }]);
    let rej = tmp("formula_merged.rejects.csv");
    let (code, _, err) = run(&book, &["--rejects", p(&rej)]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(counts(&err), (25, 23, 2));
    let rejects = std::fs::read_to_string(&rej).unwrap();
    assert!(rejects.contains("formula `=SUM(W3:X3)` has no saved value") && rejects.contains(",名单!3"), "{rejects}");
    assert!(rejects.contains("part of merged cells C4:C5; only C4 holds the value"), "{rejects}");
    assert!(rejects.lines().any(|l| l.starts_with("4,") && l.ends_with(",名单!5")), "{rejects}");
}

#[test]
fn a_truncated_workbook_is_called_truncated() {
    let whole = std::fs::read(root().join("examples/enterprises_small.xlsx")).unwrap();
    let cut = tmp("truncated.xlsx");
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let (code, out, err) = run(&cut, &[]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("truncated or damaged"), "{err}");
}

#[test]
fn an_output_that_is_the_input_is_refused_and_the_input_kept() {
    let data = tmp("self.csv");
    std::fs::copy(root().join("examples/enterprises_small.csv"), &data).unwrap();
    let before = std::fs::read(&data).unwrap();
    let link = tmp("self_link.csv");
    let _ = std::fs::remove_file(&link);
    std::fs::hard_link(&data, &link).unwrap();
    let dotted = data.parent().unwrap().join(".").join("self.csv");
    for (flag, target) in [("--out", &data), ("--out", &link), ("--rejects", &dotted), ("--out", &dotted)] {
        let (code, out, err) = run(&data, &[flag, p(target)]);
        assert_eq!(code, 1, "{flag} {}: {err}", target.display());
        assert!(err.contains("is the input file"), "{err}");
        assert!(out.is_empty());
        assert_eq!(std::fs::read(&data).unwrap(), before, "the input is untouched");
    }
}

#[test]
fn write_errors_end_the_run_with_exit_1_and_leave_the_old_output() {
    let data = root().join("examples/enterprises_bad.csv");
    // --out on a full device
    let (code, _, err) = run(&data, &["--out", "/dev/full"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("writing `/dev/full` failed") && err.contains("No space left"), "{err}");
    counts(&err);
    // --rejects on a full device; the --out file keeps its old content and no temporary file is left
    let dir = tmp("full-rejects");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.csv");
    std::fs::write(&out, "old\n").unwrap();
    let (code, _, err) = run(&data, &["--out", p(&out), "--rejects", "/dev/full"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("rejects") && err.contains("No space left"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary file left beside it");
    // stdout on a full device
    let o = Command::new(env!("CARGO_BIN_EXE_jz"))
        .args(["run", HEBEI, "--record", "企业", "--data", p(&data)])
        .current_dir(root())
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    let (code, _, err) = captured(o);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("writing stdout failed") && err.contains("No space left"), "{err}");
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_an_error_not_success() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jz"))
        .args(["run", HEBEI, "--record", "企业", "--data", "examples/enterprises_10k.csv"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // `| head -0`
    let o = child.wait_with_output().unwrap();
    let (code, _, err) = captured(o);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("writing stdout failed") && err.contains("Broken pipe"), "{err}");
    let (read, _, _) = counts(&err);
    assert!(read < 10_000, "what was not written is not counted: {err}");
}

#[test]
fn a_closed_stderr_never_panics() {
    let out = tmp("closed_stderr.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jz"))
        .args(["run", HEBEI, "--record", "企业", "--data", "examples/enterprises_bad.csv", "--out", p(&out)])
        .current_dir(root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(3), "rejected rows, no panic (101)");
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 40 - 14 + 1);
}

#[test]
fn ctrl_c_prints_the_summary_exits_130_and_leaves_no_output_file() {
    let dir = tmp("sigint");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("in.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = dir.join("out.csv");
    let child = Command::new(env!("CARGO_BIN_EXE_jz"))
        .args(["run", HEBEI, "--record", "企业", "--data", p(&fifo), "--out", p(&out)])
        .current_dir(root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let src = example("enterprises_10k.csv");
    let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    let half = src.len() / 2;
    let cut = half + src.as_bytes()[half..].iter().position(|b| *b == b'\n').unwrap() + 1;
    w.write_all(&src.as_bytes()[..cut]).unwrap();
    // the run is waiting for more input (its temporary output file exists); Ctrl-C, then the rest arrives
    let started = std::time::Instant::now();
    while std::fs::read_dir(&dir).unwrap().count() < 2 {
        assert!(started.elapsed().as_secs() < 120, "the run never created its output");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap().success());
    std::thread::sleep(std::time::Duration::from_millis(300));
    // the run may already have stopped reading (a broken pipe here); either way the input ends now
    let _ = w.write_all(&src.as_bytes()[cut..]);
    drop(w);
    let (code, _, err) = captured(child.wait_with_output().unwrap());
    assert_eq!(code, 130, "{err}");
    assert!(err.contains("interrupted"), "{err}");
    let (read, _, _) = counts(&err);
    assert!(read > 0, "{err}");
    assert!(!out.exists(), "an interrupted run leaves no output file");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "and no temporary file");
}

#[test]
fn gbk_is_read_with_the_flag_and_detected_without_it() {
    let text = example("enterprises_small.csv");
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let data = tmp("gbk.csv");
    std::fs::write(&data, &bytes).unwrap();
    let (code, out, err) = run(&data, &[]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("not UTF-8") && err.contains("--encoding gbk"), "{err}");
    let (code, out, err) = run(&data, &["--encoding", "gbk", "--explain"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, reference());
}

#[test]
fn utf16_with_a_bom_and_jsonl_with_a_bom_are_read() {
    let text = example("enterprises_small.csv");
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let data = tmp("utf16.csv");
    std::fs::write(&data, le).unwrap();
    let (code, out, err) = run(&data, &["--explain"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, reference());
    let json = tmp("bom.jsonl");
    std::fs::write(&json, format!("\u{feff}{}", example("enterprises_small.jsonl"))).unwrap();
    let (code, out, err) = run(&json, &["--explain"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, reference());
}

#[test]
fn a_json_error_names_the_line_of_the_file() {
    let mut lines: Vec<String> = example("enterprises_small.jsonl").lines().map(String::from).collect();
    lines[6] = lines[6].replacen("\"企业名称\"", "\"企业名称\" ", 1).replacen(':', "", 1);
    let json = tmp("broken.jsonl");
    std::fs::write(&json, lines.join("\n") + "\n").unwrap();
    let rej = tmp("broken.rejects.csv");
    let (code, _, err) = run(&json, &["--rejects", p(&rej)]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(counts(&err), (25, 24, 1));
    let r = std::fs::read_to_string(&rej).unwrap();
    let line = r.lines().nth(1).unwrap();
    assert!(line.starts_with("7,") && line.contains("at line 7 column") && line.ends_with(",7"), "{line}");
}

#[test]
fn semicolon_and_tab_files_need_the_delimiter_and_the_error_shows_the_header() {
    for (d, flag) in [(b';', ";"), (b'\t', "tab")] {
        let mut w = csv::WriterBuilder::new().delimiter(d).from_writer(Vec::new());
        for r in small_rows() {
            w.write_record(&r).unwrap();
        }
        let data = tmp(&format!("delim{}.csv", d));
        std::fs::write(&data, w.into_inner().unwrap()).unwrap();
        let (code, _, err) = run(&data, &[]);
        assert_eq!(code, 1);
        assert!(err.contains("found header (1 column(s)") && err.contains("统一社会信用代码"), "{err}");
        assert!(err.contains(&format!("--delimiter {}", if flag == "tab" { "tab" } else { "';'" })), "{err}");
        let (code, out, err) = run(&data, &["--delimiter", flag, "--explain"]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out, reference());
    }
}

#[test]
fn a_line_far_longer_than_any_row_is_one_reject_and_is_never_held_in_memory() {
    let src = example("enterprises_small.csv");
    let mut lines: Vec<&str> = src.lines().collect();
    let huge = "x".repeat(40 << 20);
    lines.insert(3, &huge);
    let data = tmp("huge_line.csv");
    std::fs::write(&data, lines.join("\n") + "\n").unwrap();
    let (code, out, err) = run(&data, &[]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(counts(&err), (26, 25, 1));
    assert!(err.contains("a line of 41943040 bytes"), "{err}");
    assert_eq!(out.lines().count(), 26);
    let peak: u64 = err.split("peak memory ").nth(1).and_then(|s| s.split(' ').next()).unwrap().parse().unwrap();
    assert!(peak < 80, "a 40 MB line held in memory? peak {peak} MB");
}

#[test]
fn jz_diff_reads_gbk_and_tab_separated_files_with_the_flags_jz_run_takes() {
    let text = example("enterprises_small.csv");
    assert!(!text.contains('"') && !text.contains('\t'), "no field needs quotes once commas are tabs");
    let tabs = text.replace(',', "\t");
    let (bytes, _, bad) = encoding_rs::GBK.encode(&tabs);
    assert!(!bad);
    let data = tmp("diff-gbk-tabs.csv");
    std::fs::write(&data, &bytes).unwrap();
    let diff = |extra: &[&str]| {
        let mut a = vec!["diff", "policies/hebei/main.jz", "policies/counties/安平县/main.jz", "--record", "企业"];
        a.extend(["--data", data.to_str().unwrap()]);
        a.extend(extra);
        jz(&a)
    };
    let (code, _, err) = diff(&[]);
    assert_eq!(code, 1, "without the flags the file is refused: {err}");
    assert!(err.contains("--encoding gbk"), "{err}");
    let (code, out, err) = diff(&["--encoding", "gbk", "--delimiter", "tab"]);
    assert_eq!(code, 0, "{err}");
    // the same comparison as on the UTF-8, comma-separated original
    let (code0, out0, _) = jz(&[
        "diff",
        "policies/hebei/main.jz",
        "policies/counties/安平县/main.jz",
        "--record",
        "企业",
        "--data",
        "examples/enterprises_small.csv",
    ]);
    assert_eq!(code0, 0);
    let body = |s: &str| s.lines().filter(|l| !l.contains(" rows of 企业 (")).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&out), body(&out0));
    assert!(out.contains("25 read"), "{out}");
}

#[test]
fn a_gbk_file_with_a_damaged_row_is_still_recognised_and_the_row_rejected_naming_the_encoding() {
    let text = example("enterprises_small.csv");
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    // two bytes that are no GB18030 sequence in the middle of the fourth line (data row 3)
    let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    let at = lines[3].iter().position(|b| *b >= 0x80).unwrap();
    lines[3].splice(at..at + 2, [0x81, 0x20]);
    let data = tmp("gbk-damaged.csv");
    std::fs::write(&data, lines.join(&b'\n')).unwrap();
    let (code, out, err) = run(&data, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("not UTF-8") && err.contains("--encoding gbk"), "recognised as GBK: {err}");
    let rejects = tmp("gbk-damaged.rejects.csv");
    let (code, out, err) = run(&data, &["--encoding", "gbk", "--rejects", p(&rejects)]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(out.lines().count(), 1 + 24, "the other rows are read");
    let r = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        r.contains("not valid gb18030") && r.lines().nth(1).is_some_and(|l| l.starts_with("3,") && l.ends_with(",4")),
        "{r}"
    );
    assert!(!r.contains("UTF-8"), "the reason names the file's encoding: {r}");
}

/// An `LD_PRELOAD` shim (built here with the system C compiler) that fails with EIO, for files whose path
/// contains `EIO_MATCH` (default `eio-target`), every `write`/`writev` past the first 64 KiB — or, with
/// `EIO_AT=sync`, every `fsync`/`fdatasync`; built in a fresh scratch directory `name`, returned with it.
/// `None`: no C compiler (outside CI only).
fn eio_shim(name: &str) -> Option<(PathBuf, PathBuf)> {
    let dir = tmp(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let shim_src = dir.join("eio.c");
    std::fs::write(
        &shim_src,
        r#"
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>
static long passed = 0;
/* EIO_MATCH: the part of a path whose files fail (default eio-target); EIO_AT=sync: their fsync/fdatasync
   fail instead of their writes past 64 KiB */
static int at_sync(void) { const char *a = getenv("EIO_AT"); return a && strcmp(a, "sync") == 0; }
static int doomed(int fd) {
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return 0;
    path[n] = 0;
    const char *m = getenv("EIO_MATCH");
    return strstr(path, m ? m : "eio-target") != NULL;
}
int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    if (at_sync() && doomed(fd)) { errno = EIO; return -1; }
    return real(fd);
}
int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (at_sync() && doomed(fd)) { errno = EIO; return -1; }
    return real(fd);
}
ssize_t write(int fd, const void *buf, size_t count) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (fd > 2 && !at_sync() && doomed(fd)) {
        if (passed + (long)count > 65536) { errno = EIO; return -1; }
        passed += (long)count;
    }
    return real(fd, buf, count);
}
ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    static ssize_t (*real)(int, const struct iovec *, int);
    if (!real) real = (ssize_t (*)(int, const struct iovec *, int))dlsym(RTLD_NEXT, "writev");
    if (fd > 2 && !at_sync() && doomed(fd)) {
        long n = 0;
        for (int i = 0; i < cnt; i++) n += (long)iov[i].iov_len;
        if (passed + n > 65536) { errno = EIO; return -1; }
        passed += n;
    }
    return real(fd, iov, cnt);
}
"#,
    )
    .unwrap();
    let shim = dir.join("libeio.so");
    let cc = Command::new("cc").args(["-shared", "-fPIC", "-o"]).arg(&shim).arg(&shim_src).arg("-ldl").output();
    if !cc.is_ok_and(|o| o.status.success()) {
        assert!(std::env::var_os("CI").is_none(), "no C compiler to build the EIO shim under CI");
        eprintln!("skipped: no C compiler for the EIO shim");
        return None;
    }
    Some((dir, shim))
}

/// An input/output error of the disk (EIO) mid-run, injected by [`eio_shim`]. The run must end with exit 1
/// naming the file and the error, count only what was written, keep the old output and leave no temporary
/// file.
#[test]
fn an_io_error_of_the_disk_ends_the_run_and_keeps_the_old_output() {
    let Some((dir, shim)) = eio_shim("eio") else { return };
    let out = dir.join("eio-target.csv");
    std::fs::write(&out, "old\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_jz"))
        .args(["run", HEBEI, "--record", "企业", "--data", "examples/enterprises_10k.csv", "--out", p(&out)])
        .current_dir(root())
        .env("LD_PRELOAD", &shim)
        .output()
        .unwrap();
    let (code, _, err) = captured(o);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("eio-target.csv") && err.contains("Input/output error"), "{err}");
    let (read, _, _) = counts(&err);
    assert!(read < 10_000, "what was not written is not counted: {err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n", "the old output is kept");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert!(left.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")), "no temporary file left: {left:?}");
}

/// The last step of a run can still fail: the `fsync` before the rename (a full disk or a failing device
/// reports there). Then none of the decisions, the rejects and the summary file is kept — also when only one
/// of them fails — the old files stay, no temporary file is left, exit 1, and the message says nothing was kept.
#[test]
fn a_failed_sync_at_the_end_keeps_none_of_the_outputs() {
    let Some((dir, shim)) = eio_shim("eio-sync") else { return };
    // rows with a reject among them, so that both files have something to keep
    let mut data = example("enterprises_small.csv");
    data.push_str("91130000MA0JN9999X,坏行企业,武安市,31x0\n");
    let input = dir.join("in.csv");
    std::fs::write(&input, &data).unwrap();
    let (out, rej, sum) =
        (dir.join("eio-target-out.csv"), dir.join("eio-target-rej.csv"), dir.join("eio-target-sum.json"));
    let run = |failing: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_jz"))
            .args(["run", HEBEI, "--record", "企业", "--data", p(&input), "--out", p(&out), "--rejects", p(&rej)])
            .args(["--summary-json", p(&sum)])
            .current_dir(root())
            .env("LD_PRELOAD", &shim)
            .env("EIO_AT", "sync")
            .env("EIO_MATCH", failing)
            .output()
            .unwrap();
        captured(o)
    };
    for failing in ["eio-target-out.csv", "eio-target-rej.csv", "eio-target-sum.json"] {
        for f in [&out, &rej, &sum] {
            std::fs::write(f, "old\n").unwrap();
        }
        let (code, _, err) = run(failing);
        assert_eq!(code, 1, "{failing}: {err}");
        assert!(err.contains(failing) && err.contains("Input/output error"), "{failing}: {err}");
        assert!(err.contains("no file of this run was kept"), "{failing}: {err}");
        for f in [&out, &rej, &sum] {
            assert_eq!(std::fs::read_to_string(f).unwrap(), "old\n", "{failing}: {} is kept as it was", f.display());
        }
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert!(left.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")), "no temporary file left: {left:?}");
    }
    // without the failure the same run keeps all three
    let (code, _, err) = run("no-such-file");
    assert_eq!(code, 3, "{err}");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("统一社会信用代码"), "{err}");
    assert!(std::fs::read_to_string(&sum).unwrap().contains("\"rows_rejected\": 1"), "{err}");
    assert_eq!(std::fs::read_to_string(&rej).unwrap().lines().count(), 2, "the header and the one reject");
}
