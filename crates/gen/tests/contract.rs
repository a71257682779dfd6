//! Checks generated data against shared/CONTRACT.md with an independent validator.

// Test helpers outside #[test] functions may panic too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jz_gen::{
    curated, uscc, write_enterprises, write_projects, write_records, write_vehicles, BadKind, ColType, EnterpriseGen,
    Format, Options, ProjectGen, VehicleGen,
};
use std::collections::{BTreeMap, HashSet};

// The contract's columns, copied by hand from CONTRACT.md (not from the crate).
const ENTERPRISE_COLUMNS: &str = "统一社会信用代码,企业名称,区县,行业代码,排污许可类别,手续齐全,符合产业政策,稳定达标排放,超低排放,工艺先进,产品优质高端,排放污染物,VOCs深度治理,低VOCs原辅材料替代,高效VOCs治理设施,绩效等级,园区,散乱污,有整改价值,扶持提升条件,违法行为,燃煤锅炉蒸吨,气电保障,民生保障,战略新兴,发酵或化学合成工艺,产业链关键节点";
const PROJECT_COLUMNS: &str =
    "项目编号,项目名称,施工许可,重点项目级别,扶贫易地搬迁,民生工程,工序,防治措施到位,配套砂石商砼";
const VEHICLE_COLUMNS: &str = "号牌,车辆类别,能源类型,排放标准,尾号";

/// Column types per CONTRACT.md, written out independently of the crate.
fn contract_types(record: &str) -> Vec<(&'static str, Ty)> {
    use Ty::*;
    let e = |v: &'static [&'static str]| Enum(v);
    match record {
        "企业" => {
            let mut t: Vec<(&str, Ty)> = vec![
                ("统一社会信用代码", Text),
                ("企业名称", Text),
                ("区县", Text),
                ("行业代码", Industry),
                ("排污许可类别", e(&["重点管理", "简化管理", "登记管理", "无"])),
            ];
            for c in ["手续齐全", "符合产业政策", "稳定达标排放", "超低排放", "工艺先进", "产品优质高端"]
            {
                t.push((c, Bool));
            }
            t.push(("排放污染物", Set(&["颗粒物", "二氧化硫", "氮氧化物", "一氧化碳", "VOCs"])));
            for c in ["VOCs深度治理", "低VOCs原辅材料替代", "高效VOCs治理设施"] {
                t.push((c, Bool));
            }
            t.push(("绩效等级", e(&["A", "B", "C", "D", "未评级"])));
            t.push(("园区", e(&["依法批准园区", "工业大院", "园区外"])));
            for c in ["散乱污", "有整改价值", "扶持提升条件"] {
                t.push((c, Bool));
            }
            t.push(("违法行为", Set(&["无证排污", "偷排偷放", "超标排放", "弄虚作假"])));
            t.push(("燃煤锅炉蒸吨", Number));
            for c in ["气电保障", "民生保障", "战略新兴", "发酵或化学合成工艺", "产业链关键节点"]
            {
                t.push((c, Bool));
            }
            t
        }
        "施工项目" => vec![
            ("项目编号", Text),
            ("项目名称", Text),
            ("施工许可", Bool),
            ("重点项目级别", e(&["国家", "省", "市", "县", "无"])),
            ("扶贫易地搬迁", Bool),
            ("民生工程", Bool),
            ("工序", e(&["土石方", "破拆改造", "主体结构", "室内地面铺装", "内外墙体", "内部装修", "其他"])),
            ("防治措施到位", Bool),
            ("配套砂石商砼", Bool),
        ],
        "机动车" => vec![
            ("号牌", Text),
            (
                "车辆类别",
                e(&[
                    "军队",
                    "警务",
                    "消防",
                    "急救",
                    "抢险",
                    "邮政快递",
                    "保险勘验救援",
                    "环卫",
                    "市政维护",
                    "民生保障",
                    "执法",
                    "公交",
                    "客运",
                    "出租",
                    "燃气",
                    "普通",
                    "重型柴油货车",
                ]),
            ),
            ("能源类型", e(&["汽油", "柴油", "纯电动", "插电混动", "燃料电池", "天然气"])),
            ("排放标准", e(&["国一", "国二", "国三", "国四", "国五", "国六"])),
            ("尾号", Digit),
        ],
        _ => unreachable!(),
    }
}

#[derive(Clone, Copy, Debug)]
enum Ty {
    Text,
    Industry,
    Bool,
    Enum(&'static [&'static str]),
    Set(&'static [&'static str]),
    Number,
    Digit,
    Date,
}

fn check_cell(ty: Ty, cell: &str) -> Result<(), String> {
    let err = |what: &str| Err(format!("{what}: {cell:?}"));
    match ty {
        Ty::Text => {
            if cell.is_empty() {
                return err("empty text");
            }
        }
        Ty::Industry => {
            if cell.len() != 4 || !cell.bytes().all(|b| b.is_ascii_digit()) {
                return err("industry code");
            }
        }
        Ty::Bool => {
            let ok = matches!(cell, "是" | "否" | "1" | "0")
                || cell.eq_ignore_ascii_case("true")
                || cell.eq_ignore_ascii_case("false");
            if !ok {
                return err("bool");
            }
        }
        Ty::Enum(vs) => {
            if !vs.contains(&cell) {
                return err("enum");
            }
        }
        Ty::Set(vs) => {
            if cell.is_empty() {
                return Ok(());
            }
            for m in cell.split([';', '；', '、']) {
                if !vs.contains(&m) {
                    return err("set member");
                }
            }
        }
        Ty::Number => {
            let (int, frac) = match cell.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (cell, None),
            };
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if !digits(int) || frac.is_some_and(|f| !digits(f)) {
                return err("number");
            }
        }
        Ty::Digit => {
            if cell.len() != 1 || !cell.as_bytes()[0].is_ascii_digit() {
                return err("integer 0-9");
            }
        }
        Ty::Date => {
            let b = cell.as_bytes();
            let ok = b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && cell[..4].parse::<u32>().is_ok()
                && cell[5..7].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
                && cell[8..].parse::<u32>().is_ok_and(|d| {
                    let m: u32 = cell[5..7].parse().unwrap_or(0);
                    let max = match m {
                        2 => 29,
                        4 | 6 | 9 | 11 => 30,
                        _ => 31,
                    };
                    (1..=max).contains(&d)
                });
            if !ok {
                return err("date");
            }
        }
    }
    Ok(())
}

/// Validates one row (cells in file order) against the contract.
fn check_row(types: &[(&str, Ty)], row: &[String]) -> Result<(), String> {
    if row.len() != types.len() {
        return Err(format!("{} cells, expected {}", row.len(), types.len()));
    }
    for ((name, ty), cell) in types.iter().zip(row) {
        check_cell(*ty, cell).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(())
}

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(bytes);
    let mut records = r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect::<Vec<_>>());
    let header = records.next().unwrap();
    (header, records.collect())
}

fn gen_csv(record: &str, rows: u64, seed: u64, opts: &Options) -> Vec<u8> {
    let mut out = Vec::new();
    match record {
        "企业" => write_enterprises(&mut out, rows, seed, opts),
        "施工项目" => write_projects(&mut out, rows, seed, opts),
        "机动车" => write_vehicles(&mut out, rows, seed, opts),
        _ => unreachable!(),
    }
    .unwrap();
    out
}

const RECORDS: [&str; 3] = ["企业", "施工项目", "机动车"];

#[test]
fn headers_equal_the_contract() {
    assert_eq!(EnterpriseGen::HEADER.join(","), ENTERPRISE_COLUMNS);
    assert_eq!(ProjectGen::HEADER.join(","), PROJECT_COLUMNS);
    assert_eq!(VehicleGen::HEADER.join(","), VEHICLE_COLUMNS);
    for (record, cols) in RECORDS.iter().zip([ENTERPRISE_COLUMNS, PROJECT_COLUMNS, VEHICLE_COLUMNS]) {
        let bytes = gen_csv(record, 3, 1, &Options::default());
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.starts_with('\u{feff}'), "no BOM by default");
        assert_eq!(text.lines().next().unwrap(), cols);
        let names: Vec<&str> = contract_types(record).iter().map(|(n, _)| *n).collect();
        assert_eq!(names.join(","), cols);
    }
}

#[test]
fn column_types_match_the_contract() {
    fn same(a: &ColType, b: &Ty) -> bool {
        match (a, b) {
            (ColType::Text, Ty::Text | Ty::Industry) => true,
            (ColType::Bool, Ty::Bool) => true,
            (ColType::Enum(x), Ty::Enum(y)) | (ColType::Set(x), Ty::Set(y)) => x == y,
            (ColType::Number, Ty::Number) => true,
            (ColType::Integer(0, 9), Ty::Digit) => true,
            _ => false,
        }
    }
    for (record, types) in RECORDS.iter().zip([EnterpriseGen::TYPES, ProjectGen::TYPES, VehicleGen::TYPES]) {
        let expected = contract_types(record);
        assert_eq!(types.len(), expected.len());
        for (a, (name, b)) in types.iter().zip(&expected) {
            assert!(same(a, b), "{record}.{name}: {a:?} vs {b:?}");
        }
    }
}

#[test]
fn same_seed_same_bytes_different_seed_different_bytes() {
    for record in RECORDS {
        let a = gen_csv(record, 3000, 42, &Options::default());
        let b = gen_csv(record, 3000, 42, &Options::default());
        let c = gen_csv(record, 3000, 43, &Options::default());
        assert_eq!(a, b, "{record}");
        assert_ne!(a, c, "{record}");
        // A shorter file is a prefix of a longer one.
        let short = gen_csv(record, 1000, 42, &Options::default());
        assert!(a.starts_with(&short), "{record}");
    }
}

#[test]
fn iterator_matches_writer() {
    let bytes = gen_csv("企业", 50, 9, &Options::default());
    let (_, rows) = read_csv(&bytes);
    let from_iter: Vec<Vec<String>> = EnterpriseGen::new(9).take(50).collect();
    assert_eq!(rows, from_iter);
}

/// The committed example files are exactly what the current generator writes (so the output for a seed is
/// pinned: a change of output shows up here, and the examples must be regenerated, see examples/README.md).
#[test]
fn committed_examples_are_current() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/");
    let optional = Options { optional_columns: true, ..Options::default() };
    let cases: [(&str, &str, u64, &Options); 4] = [
        ("enterprises_10k.csv", "企业", 10_000, &Options::default()),
        ("projects_1k.csv", "施工项目", 1_000, &Options::default()),
        ("vehicles_1k.csv", "机动车", 1_000, &Options::default()),
        ("enterprises_optional.csv", "企业", 3_000, &optional),
    ];
    for (file, record, rows, opts) in cases {
        let Ok(committed) = std::fs::read(format!("{dir}{file}")) else {
            continue;
        };
        let fresh = gen_csv(record, rows, 2026, opts);
        assert!(committed == fresh, "examples/{file} is stale: regenerate it");
    }
}

#[test]
fn every_cell_parses() {
    for varied in [false, true] {
        for record in RECORDS {
            let opts = Options { varied, ..Options::default() };
            let bytes = gen_csv(record, 20_000, 7, &opts);
            let (_, rows) = read_csv(&bytes);
            assert_eq!(rows.len(), 20_000);
            let types = contract_types(record);
            for (i, row) in rows.iter().enumerate() {
                if let Err(e) = check_row(&types, row) {
                    panic!("{record} row {}: {e}: {row:?}", i + 1);
                }
            }
        }
    }
}

#[test]
fn canonical_output_forms() {
    let bytes = gen_csv("企业", 20_000, 3, &Options::default());
    let (_, rows) = read_csv(&bytes);
    let types = contract_types("企业");
    for row in &rows {
        for ((name, ty), cell) in types.iter().zip(row) {
            match ty {
                Ty::Bool => assert!(cell == "是" || cell == "否", "{name}: {cell}"),
                Ty::Set(vs) if !cell.is_empty() => {
                    let idx: Vec<usize> = cell.split(';').map(|m| vs.iter().position(|v| v == &m).unwrap()).collect();
                    assert!(idx.windows(2).all(|w| w[0] < w[1]), "{name}: {cell}");
                }
                _ => {}
            }
        }
    }
}

#[test]
fn keys_are_unique_and_well_formed() {
    let (_, rows) = read_csv(&gen_csv("企业", 200_000, 11, &Options::default()));
    let mut seen = HashSet::new();
    for row in &rows {
        assert_eq!(row[0].chars().count(), 18);
        assert!(uscc::is_valid(&row[0]), "{}", row[0]);
        // The division code in the credit code is the county's.
        let county = jz_gen::domain::county(&row[2]).unwrap();
        assert_eq!(&row[0][2..8], county.division);
        assert!(seen.insert(row[0].clone()), "duplicate {}", row[0]);
    }

    let (_, rows) = read_csv(&gen_csv("施工项目", 200_000, 11, &Options::default()));
    let mut seen = HashSet::new();
    for row in &rows {
        assert!(seen.insert(row[0].clone()), "duplicate {}", row[0]);
    }

    let (_, rows) = read_csv(&gen_csv("机动车", 300_000, 11, &Options::default()));
    let mut seen = HashSet::new();
    for row in &rows {
        let plate = &row[0];
        assert!(seen.insert(plate.clone()), "duplicate {plate}");
        let last_digit = plate.chars().rfind(char::is_ascii_digit).unwrap();
        assert_eq!(row[4], last_digit.to_string(), "{plate}");
        let n = plate.chars().count();
        if row[1] == "军队" {
            assert_eq!(n, 7, "{plate}");
        } else {
            assert!(plate.starts_with('冀'), "{plate}");
            let nev = matches!(row[2].as_str(), "纯电动" | "插电混动" | "燃料电池");
            let police = plate.ends_with('警');
            assert_eq!(n, if nev && !police { 8 } else { 7 }, "{plate}");
        }
    }
}

fn share(rows: &[Vec<String>], col: usize, pred: impl Fn(&str) -> bool) -> f64 {
    rows.iter().filter(|r| pred(&r[col])).count() as f64 / rows.len() as f64
}

#[test]
fn distributions_are_plausible() {
    let (h, rows) = read_csv(&gen_csv("企业", 100_000, 2026, &Options::default()));
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let registration = share(&rows, col("排污许可类别"), |c| c == "登记管理");
    assert!((0.84..0.90).contains(&registration), "登记管理 {registration}");
    for v in ["重点管理", "简化管理", "无"] {
        assert!(share(&rows, col("排污许可类别"), |c| c == v) > 0.01, "{v}");
    }
    let slw = share(&rows, col("散乱污"), |c| c == "是");
    assert!((0.01..0.06).contains(&slw), "散乱污 {slw}");
    let no_boiler = share(&rows, col("燃煤锅炉蒸吨"), |c| c == "0");
    assert!(no_boiler > 0.9, "boiler 0: {no_boiler}");
    for v in ["35", "35.0", "20.5", "40"] {
        assert!(rows.iter().any(|r| r[col("燃煤锅炉蒸吨")] == v), "boiler {v}");
    }
    let unrated = share(&rows, col("绩效等级"), |c| c == "未评级");
    assert!((0.8..0.97).contains(&unrated), "未评级 {unrated}");
    let no_violation = share(&rows, col("违法行为"), str::is_empty);
    assert!((0.94..0.995).contains(&no_violation), "违法行为 empty {no_violation}");
    let no_emission = share(&rows, col("排放污染物"), str::is_empty);
    assert!((0.05..0.4).contains(&no_emission), "不涉气 {no_emission}");

    // The five big industry groups hold roughly 44% of rows.
    let big5 = share(&rows, col("行业代码"), |c| {
        ["33", "30", "34", "29", "17", "18"].iter().any(|p| c.starts_with(p)) && !matches!(c, "3391" | "3392" | "3091")
    });
    assert!((0.38..0.52).contains(&big5), "big five {big5}");

    // Graded rows are mostly in 高排放 industries; 领跑者 exist there.
    let high = |c: &str| {
        ["31", "32", "26", "30"].iter().any(|p| c.starts_with(p)) || matches!(c, "2521" | "3391" | "3392" | "2710")
    };
    let graded: Vec<&Vec<String>> = rows.iter().filter(|r| r[col("绩效等级")] != "未评级").collect();
    let graded_high = graded.iter().filter(|r| high(&r[col("行业代码")])).count();
    assert!(graded_high * 2 > graded.len());
    let leaders = rows
        .iter()
        .filter(|r| {
            high(&r[col("行业代码")]) && ["超低排放", "工艺先进", "产品优质高端"].iter().all(|c| r[col(c)] == "是")
        })
        .count();
    assert!(leaders > 100, "领跑者 {leaders}");

    // Services emit little: most catering/laundry/repair rows emit nothing or only PM/VOCs.
    for r in &rows {
        let code = &r[col("行业代码")];
        if code.starts_with("62") || code == "8030" || code.starts_with("81") {
            assert!(!r[col("排放污染物")].contains("二氧化硫") || r[col("燃煤锅炉蒸吨")] != "0");
        }
        // VOCs treatment only where VOCs are emitted.
        if !r[col("排放污染物")].contains("VOCs") {
            assert_eq!(r[col("VOCs深度治理")], "否");
        }
        if r[col("散乱污")] == "否" {
            assert_eq!(r[col("有整改价值")], "否");
        }
    }

    let (h, rows) = read_csv(&gen_csv("机动车", 100_000, 2026, &Options::default()));
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let ordinary = share(&rows, col("车辆类别"), |c| c == "普通");
    assert!((0.75..0.9).contains(&ordinary), "普通 {ordinary}");
    let petrol = share(&rows, col("能源类型"), |c| c == "汽油");
    assert!((0.6..0.8).contains(&petrol), "汽油 {petrol}");
    for r in &rows {
        if r[col("车辆类别")] == "重型柴油货车" {
            assert_eq!(r[col("能源类型")], "柴油");
            assert!(["国三", "国四", "国五", "国六"].contains(&r[col("排放标准")].as_str()));
        }
    }
    let mut tails = BTreeMap::new();
    for r in &rows {
        *tails.entry(r[col("尾号")].clone()).or_insert(0u32) += 1;
    }
    assert_eq!(tails.len(), 10);
    assert!(tails.values().all(|&n| n > 9_000 && n < 11_000), "{tails:?}");
}

#[test]
fn bad_rows_are_counted_and_marked() {
    for record in RECORDS {
        for date_column in [false, true] {
            let opts = Options { bad_rows: 0.1, date_column, ..Options::default() };
            let mut out = Vec::new();
            let mut manifest = Vec::new();
            let summary = match record {
                "企业" => write_records::<EnterpriseGen, _>(&mut out, Some(&mut manifest), 20_000, 5, &opts),
                "施工项目" => write_records::<ProjectGen, _>(&mut out, Some(&mut manifest), 20_000, 5, &opts),
                _ => write_records::<VehicleGen, _>(&mut out, Some(&mut manifest), 20_000, 5, &opts),
            }
            .unwrap();
            assert_eq!(summary.rows, 20_000);
            let bad = summary.bad_total();
            assert!((1_700..2_300).contains(&bad), "{record}: {bad} bad rows");

            let mut types = contract_types(record);
            if date_column {
                types.push(("填报日期", Ty::Date));
            }
            let (header, rows) = read_csv(&out);
            assert_eq!(header.len(), types.len());
            assert_eq!(rows.len(), 20_000);
            let mut counted = BTreeMap::new();
            let marker_col = if record == "机动车" { 0 } else { 1 };
            for (i, row) in rows.iter().enumerate() {
                let marker = row.get(marker_col).and_then(|c| c.split_once("#BAD:")).map(|(_, tag)| tag.to_string());
                match marker {
                    None => {
                        if let Err(e) = check_row(&types, row) {
                            panic!("{record} good row {} invalid: {e}", i + 1);
                        }
                    }
                    Some(tag) => {
                        let kind = BadKind::from_tag(&tag).unwrap();
                        *counted.entry(kind).or_insert(0u64) += 1;
                        assert!(
                            check_row(&types, row).is_err(),
                            "{record} row {} marked {tag} but valid: {row:?}",
                            i + 1
                        );
                    }
                }
            }
            for kind in BadKind::ALL {
                let n = counted.get(&kind).copied().unwrap_or(0);
                assert_eq!(n, summary.bad_count(kind), "{record} {kind:?}");
                let applies = match kind {
                    BadKind::MalformedNumber => record != "施工项目",
                    BadKind::BadBool => record != "机动车",
                    BadKind::BadDate => date_column,
                    _ => true,
                };
                assert_eq!(n > 0, applies, "{record} {kind:?} date_column={date_column}");
            }
            // The manifest lists every bad row.
            let manifest = String::from_utf8(manifest).unwrap();
            assert_eq!(manifest.lines().count() as u64, bad + 1);
            assert!(manifest.starts_with("row,line,kind,column,value\n"));
        }
    }
}

#[test]
fn bad_rows_do_not_change_good_rows() {
    let clean = gen_csv("企业", 2000, 8, &Options::default());
    let dirty = gen_csv("企业", 2000, 8, &Options { bad_rows: 0.3, ..Options::default() });
    let (_, clean) = read_csv(&clean);
    let (_, dirty) = read_csv(&dirty);
    let mut same = 0;
    for (c, d) in clean.iter().zip(&dirty) {
        if !d[1].contains("#BAD:") {
            assert_eq!(c, d);
            same += 1;
        }
    }
    assert!(same > 1200);
}

#[test]
fn bom_and_jsonl() {
    let opts = Options { bom: true, ..Options::default() };
    let bytes = gen_csv("企业", 5, 1, &opts);
    assert!(bytes.starts_with("\u{feff}统一社会信用代码".as_bytes()));

    let opts = Options { format: Format::Jsonl, ..Options::default() };
    let csv_rows = read_csv(&gen_csv("企业", 500, 4, &Options::default())).1;
    let jsonl = String::from_utf8(gen_csv("企业", 500, 4, &opts)).unwrap();
    let types = contract_types("企业");
    let mut n = 0;
    for (line, row) in jsonl.lines().zip(&csv_rows) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let obj = v.as_object().unwrap();
        assert_eq!(obj.len(), types.len());
        for ((name, ty), cell) in types.iter().zip(row) {
            let value = &obj[*name];
            match ty {
                Ty::Bool => assert_eq!(value.as_bool().unwrap(), cell == "是"),
                Ty::Set(_) => {
                    let joined: Vec<&str> = value.as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
                    assert_eq!(joined.join(";"), *cell);
                }
                _ => assert_eq!(value.as_str().unwrap(), cell),
            }
        }
        n += 1;
    }
    assert_eq!(n, 500);
}

#[test]
fn curated_rows_are_valid_and_distinct() {
    let cases = curated::cases();
    assert!((18..=30).contains(&cases.len()));
    let types = contract_types("企业");
    let mut enc = jz_gen::encode::Encoder::new(0, false);
    let mut seen = HashSet::new();
    let mut row = Vec::new();
    for case in &cases {
        case.enterprise.write_cells(&mut row, &mut enc);
        check_row(&types, &row).unwrap();
        assert!(uscc::is_valid(&row[0]));
        assert!(seen.insert(row[0].clone()));
        assert!(!case.purpose.is_empty());
        assert!(jz_gen::domain::class(&row[3]).is_some(), "{}", row[3]);
    }
    let boilers: Vec<String> = cases
        .iter()
        .map(|c| {
            c.enterprise.write_cells(&mut row, &mut enc);
            row[21].clone()
        })
        .collect();
    for v in ["35", "35.0", "40", "20.5"] {
        assert!(boilers.iter().any(|b| b == v), "{v}");
    }
}

#[test]
fn specialties_and_classes_are_consistent() {
    for county in jz_gen::domain::COUNTIES {
        assert_eq!(county.division.len(), 6);
        assert!(county.division.starts_with("13"));
        for code in county.specialties {
            assert!(jz_gen::domain::class(code).is_some(), "{} {code}", county.name);
        }
    }
    let mut codes = HashSet::new();
    for class in jz_gen::domain::CLASSES {
        assert!(codes.insert(class.code), "duplicate class {}", class.code);
        assert_eq!(class.code.len(), 4);
    }
}

#[test]
fn bad_rows_in_json_lines_stay_valid_json() {
    let opts = Options { bad_rows: 0.2, format: Format::Jsonl, ..Options::default() };
    let mut out = Vec::new();
    let summary = write_records::<ProjectGen, _>(&mut out, None, 3000, 3, &opts).unwrap();
    let text = String::from_utf8(out).unwrap();
    let types = contract_types("施工项目");
    let mut missing_key = 0;
    let mut marked = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let obj = v.as_object().unwrap();
        // JSON Lines never gets an extra key: a column-count defect is a missing key.
        assert!(obj.len() <= types.len());
        if obj.len() < types.len() {
            missing_key += 1;
        }
        if obj["项目名称"].as_str().unwrap().contains("#BAD:") {
            marked += 1;
        }
    }
    assert_eq!(marked, summary.bad_total());
    assert_eq!(missing_key, summary.bad_count(BadKind::ColumnCount));
}

#[test]
fn optional_columns_are_appended_with_every_reading_and_only_for_enterprises() {
    let opts = Options { optional_columns: true, ..Options::default() };
    let (header, rows) = read_csv(&gen_csv("企业", 3_000, 9, &opts));
    let plain = read_csv(&gen_csv("企业", 3_000, 9, &Options::default()));
    // the contract's columns and cells are the same as without them: the optional ones are appended
    assert_eq!(header[..plain.0.len()], plain.0[..]);
    assert!(rows.iter().zip(&plain.1).all(|(r, p)| r[..p.len()] == p[..]));
    let names: Vec<&str> = jz_gen::schema::OPTIONAL_COLUMNS.iter().map(|(n, _, _)| *n).collect();
    assert_eq!(header[plain.0.len()..], names[..]);
    for (k, name) in names.iter().enumerate() {
        let col = plain.0.len() + k;
        let mut seen = BTreeMap::new();
        for r in &rows {
            let v = &r[col];
            let kind = if v.is_empty() {
                "empty"
            } else if *name == "其他污染物" {
                assert!(v.split(';').all(|m| jz_gen::schema::OTHER_POLLUTANTS.contains(&m)), "{name}: {v}");
                "set"
            } else {
                assert!(v == "是" || v == "否", "{name}: {v}");
                v.as_str()
            };
            *seen.entry(kind).or_insert(0u32) += 1;
        }
        let empty = seen.get("empty").copied().unwrap_or(0);
        if *name == "其他污染物" {
            // an empty set and a set not recorded are both an empty cell (and mean the same: none recorded)
            assert!(empty >= 800 && seen.get("set").copied().unwrap_or(0) >= 800, "{name}: {seen:?}");
        } else {
            assert!((800..1_200).contains(&empty), "{name}: about a third not recorded: {seen:?}");
            assert!(seen.contains_key("是") && seen.contains_key("否"), "{name}: {seen:?}");
        }
    }
    // not for the other records, and not together with bad rows
    let mut out = Vec::new();
    assert!(write_records::<ProjectGen, _>(&mut out, None, 10, 1, &opts).is_err());
    let bad = Options { bad_rows: 0.1, ..opts };
    assert!(write_records::<EnterpriseGen, _>(&mut out, None, 10, 1, &bad).is_err());
}
