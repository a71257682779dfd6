//! Every policy under `policies/` over the bundled sample data, under every warning level and several
//! dates and restriction modes: the JIT gives the interpreter's answer for every row (values, deciding
//! rules, errors), and nothing in these policies falls back to the interpreter at compile time.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jz_check::ir::Program;
use jz_check::{load_and_check, Value};
use jz_data::{open, parse_chunk, Batch};
use jz_eval::{Frame, Interp};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(rel: &str) -> Program {
    let checked = load_and_check(&root().join(rel));
    checked.program.unwrap_or_else(|| panic!("{rel} does not check"))
}

fn batches(p: &Program, record: &str, data: &Path) -> Vec<Batch> {
    let rid = p.record(record).unwrap();
    let (mut src, schema) = open(p, rid, data).unwrap();
    let mut out = Vec::new();
    while let Some(chunk) = src.next_chunk(3000).unwrap() {
        let (b, _rejects) = parse_chunk(p, &schema, &chunk);
        out.push(b);
    }
    out
}

fn scenario(p: &Program, sets: &[(&str, &str)]) -> Vec<Value> {
    let mut s = jz_eval::default_scenario(p);
    for (name, raw) in sets {
        let i = p.scenario_param(name).unwrap();
        let ty = p.scenario[i].ty.clone();
        s[i] = jz_data::parse_cell(p, &ty, raw).unwrap();
    }
    s
}

/// Compare both engines on every row; returns (rows, rows the kernel decided natively).
fn agree(p: &Program, record: &str, data: &str, sets: &[(&str, &str)]) -> (u64, u64) {
    let rid = p.record(record).unwrap();
    let outputs = p.outputs[rid].clone();
    let it = Interp::new(p);
    let scen = scenario(p, sets);
    let engine = jz_jit::compile(p, rid, &outputs, true, &it.params, &scen).unwrap();
    assert!(engine.fallbacks().is_empty(), "{record}: fell back: {:?}", engine.fallbacks());
    let mut frame = Frame::new(p, Vec::new(), scen.clone());
    let used = vec![true; p.records[rid].fields.len()];
    let (mut rows, mut native) = (0, 0);
    for b in batches(p, record, &root().join(data)) {
        let got = engine.evaluate(p, &b);
        for row in 0..b.len() {
            b.fill_row(row, &used, &mut frame.fields);
            frame.reset();
            let want = it.outputs(&mut frame, rid);
            assert_eq!(got.result(row), want, "{record} row {} under {sets:?}", b.row_numbers[row]);
        }
        rows += got.stats().rows;
        native += got.stats().native;
    }
    (rows, native)
}

/// One lane's scenario values, by name.
type Lane = Vec<(&'static str, &'static str)>;

const LEVELS: [&str; 4] = ["无", "黄色", "橙色", "红色"];

#[test]
fn hebei_enterprises_agree_under_every_warning_level_and_season() {
    for policy in ["policies/hebei/main.jz", "policies/counties/安平县/main.jz", "policies/counties/武安市/main.jz"]
    {
        let p = load(policy);
        for level in LEVELS {
            for date in ["2026-01-15", "2026-07-01"] {
                let (rows, native) =
                    agree(&p, "企业", "examples/enterprises_10k.csv", &[("预警级别", level), ("日期", date)]);
                assert_eq!(rows, 10_000);
                assert!(native > 9_000, "{policy} {level} {date}: only {native} rows native");
            }
        }
    }
}

/// `jz report`'s engine: every warning level as a lane of one kernel (and, for vehicles, the date varying
/// too). Each lane gives exactly the interpreter's answer under its own scenario, and the lanes differ where
/// the levels do — what reads no varying value is computed once and shared, and must not leak one lane's
/// answer into another.
#[test]
fn every_warning_level_as_a_lane_of_one_engine_agrees_with_the_interpreter() {
    let cases: [(&str, &str, &str, Vec<Lane>); 4] = [
        (
            "policies/hebei/main.jz",
            "企业",
            "examples/enterprises_10k.csv",
            LEVELS.map(|l| vec![("预警级别", l)]).to_vec(),
        ),
        (
            "policies/counties/安平县/main.jz",
            "企业",
            "examples/enterprises_10k.csv",
            LEVELS.map(|l| vec![("预警级别", l), ("日期", "2026-01-15")]).to_vec(),
        ),
        (
            "policies/hebei/main.jz",
            "企业",
            "examples/enterprises_bad.csv",
            LEVELS.map(|l| vec![("预警级别", l)]).to_vec(),
        ),
        (
            "policies/hebei/main.jz",
            "机动车",
            "examples/vehicles_1k.csv",
            vec![
                vec![("预警级别", "红色"), ("限行方式", "单双号"), ("日期", "2026-01-15")],
                vec![("预警级别", "橙色"), ("限行方式", "单双号"), ("日期", "2026-01-16")],
                vec![("预警级别", "红色"), ("限行方式", "单双号"), ("日期", "2026-01-16")],
            ],
        ),
    ];
    for (policy, record, data, lanes) in cases {
        let p = load(policy);
        let rid = p.record(record).unwrap();
        let outputs = p.outputs[rid].clone();
        let guarantees: Vec<usize> =
            p.guarantees.iter().enumerate().filter(|(_, g)| g.record == rid).map(|(i, _)| i).collect();
        let it = Interp::new(&p);
        let scens: Vec<Vec<Value>> = lanes.iter().map(|l| scenario(&p, l)).collect();
        let engine = jz_jit::compile_lanes(&p, rid, &outputs, &guarantees, &it.params, &scens).unwrap();
        assert_eq!(engine.lanes(), scens.len());
        assert!(engine.fallbacks().is_empty(), "{policy} {record}: fell back: {:?}", engine.fallbacks());
        let used = vec![true; p.records[rid].fields.len()];
        let mut outs = Vec::new();
        let (mut rows, mut differ) = (0u64, 0u64);
        for b in batches(&p, record, &root().join(data)) {
            engine.evaluate_lanes(&p, &b, &mut outs);
            assert_eq!(outs.len(), scens.len());
            for row in 0..b.len() {
                let mut first = None;
                for (lane, (out, scen)) in outs.iter().zip(&scens).enumerate() {
                    let mut frame = Frame::new(&p, Vec::new(), scen.clone());
                    b.fill_row(row, &used, &mut frame.fields);
                    frame.reset();
                    let want = it.outputs(&mut frame, rid);
                    let got = out.result(row);
                    assert_eq!(
                        got, want,
                        "{policy} {record} row {} in lane {lane} ({:?})",
                        b.row_numbers[row], lanes[lane]
                    );
                    match &first {
                        None => first = Some(got),
                        Some(f) if *f != got => differ += 1,
                        Some(_) => {}
                    }
                }
            }
            rows += b.len() as u64;
        }
        assert!(rows > 0 && differ > 0, "{policy} {record}: {rows} rows, none differing between lanes");
        // one lane is an engine like any other: the same answers as `compile` for that scenario
        let single = jz_jit::compile(&p, rid, &outputs, true, &it.params, &scens[1]).unwrap();
        for b in batches(&p, record, &root().join(data)).iter().take(1) {
            engine.evaluate_lanes(&p, b, &mut outs);
            let one = single.evaluate(&p, b);
            for row in 0..b.len() {
                assert_eq!(outs[1].result(row), one.result(row));
                assert_eq!(
                    outs[1].is_native(row),
                    one.is_native(row),
                    "{policy} row {row}: native in one, not the other"
                );
            }
        }
    }
}

#[test]
fn projects_and_vehicles_agree() {
    let p = load("policies/hebei/main.jz");
    for level in LEVELS {
        agree(&p, "施工项目", "examples/projects_1k.csv", &[("预警级别", level)]);
        for mode in ["无", "单双号", "按排放标准"] {
            for date in ["2026-01-15", "2026-01-16", "2026-01-14"] {
                agree(
                    &p,
                    "机动车",
                    "examples/vehicles_1k.csv",
                    &[("预警级别", level), ("限行方式", mode), ("日期", date)],
                );
            }
        }
    }
}

#[test]
fn curated_and_bad_samples_agree() {
    let p = load("policies/hebei/main.jz");
    for level in LEVELS {
        agree(&p, "企业", "examples/enterprises_small.csv", &[("预警级别", level)]);
        agree(&p, "企业", "examples/enterprises_bad.csv", &[("预警级别", level)]);
    }
}

/// 三（五）'s optional record `建设项目`: every combination of its findings (each optional column recorded `是`,
/// `否` or left empty) under the province and both counties, with the JIT giving the interpreter's answer.
#[test]
fn construction_admission_projects_agree_on_every_combination_of_findings() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("construction_admission_combinations.csv");
    let mut csv = String::from(
        "项目代码,项目名称,区县,行业代码,环评文件类型,位于生态敏感区域,备案制试点区域,重点项目级别,重大民生,扶贫易地搬迁,\
         环评手续完成,已开工建设,符合发展规划,符合三线一单,符合产业政策,违反生态保护红线,位于禁止建设区域,批建不符\n",
    );
    let tri = ["是", "否", ""];
    let levels = ["无", "国家", "省", "市", "县"];
    let mut n = 0usize;
    for doc in ["报告书", "报告表", "登记表"] {
        for sensitive in ["是", "否"] {
            for pilot in ["是", "否"] {
                for plan in tri {
                    for lines in tri {
                        for policy in tri {
                            for red in tri {
                                for forbidden in ["", "是"] {
                                    for started in ["是", "否"] {
                                        for done in ["是", "否"] {
                                            for mismatch in tri {
                                                let level = levels[n % levels.len()];
                                                let livelihood = if n.is_multiple_of(7) { "是" } else { "否" };
                                                let industry = if n.is_multiple_of(3) { "2521" } else { "2614" };
                                                csv.push_str(&format!(
                                                    "P{n},项目{n},某县,{industry},{doc},{sensitive},{pilot},{level},{livelihood},否,\
                                                     {done},{started},{plan},{lines},{policy},{red},{forbidden},{mismatch}\n"
                                                ));
                                                n += 1;
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    std::fs::write(&path, csv).unwrap();
    let data = path.to_str().unwrap();
    for policy in ["policies/hebei/main.jz", "policies/counties/安平县/main.jz", "policies/counties/武安市/main.jz"]
    {
        let p = load(policy);
        let (rows, native) = agree(&p, "建设项目", data, &[]);
        assert_eq!(rows, n as u64, "{policy}");
        assert!(native > 0, "{policy}: no row decided natively");
    }
}
