//! Record `企业`: realistic, correlated enterprise rows.

use crate::domain::{self, Class, County, Group, CLASSES, COUNTIES};
use crate::encode::{put, Encoder};
use crate::rng::{Rng, Stream, Weighted};
use crate::schema::{self, ColType};
use crate::{uscc, RecordGen};

/// Variant indices into [`schema::PERMIT`].
pub mod permit {
    pub const KEY: u8 = 0;
    pub const SIMPLIFIED: u8 = 1;
    pub const REGISTRATION: u8 = 2;
    pub const NONE: u8 = 3;
}

/// Variant indices into [`schema::GRADE`].
pub mod grade {
    pub const A: u8 = 0;
    pub const B: u8 = 1;
    pub const C: u8 = 2;
    pub const D: u8 = 3;
    pub const UNRATED: u8 = 4;
}

/// Variant indices into [`schema::PARK`].
pub mod park {
    pub const APPROVED: u8 = 0;
    pub const COURTYARD: u8 = 1;
    pub const OUTSIDE: u8 = 2;
}

/// Bits of the `排放污染物` mask (declaration order of [`schema::POLLUTANTS`]).
pub mod pollutant {
    pub const PM: u8 = 1 << 0;
    pub const SO2: u8 = 1 << 1;
    pub const NOX: u8 = 1 << 2;
    pub const CO: u8 = 1 << 3;
    pub const VOCS: u8 = 1 << 4;
}

/// Bits of the `违法行为` mask (declaration order of [`schema::VIOLATIONS`]).
pub mod violation {
    pub const UNLICENSED: u8 = 1 << 0;
    pub const SECRET_DISCHARGE: u8 = 1 << 1;
    pub const EXCEEDING: u8 = 1 << 2;
    pub const FRAUD: u8 = 1 << 3;
}

/// One `企业` row as typed values. Enums are variant indices into the `schema` arrays, sets are bit masks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enterprise {
    /// 统一社会信用代码
    pub credit_code: String,
    /// 企业名称
    pub name: String,
    /// 区县
    pub county: &'static str,
    /// 行业代码
    pub industry: &'static str,
    /// 排污许可类别 ([`schema::PERMIT`])
    pub permit: u8,
    /// 手续齐全
    pub procedures_complete: bool,
    /// 符合产业政策
    pub policy_compliant: bool,
    /// 稳定达标排放
    pub stably_compliant: bool,
    /// 超低排放
    pub ultra_low: bool,
    /// 工艺先进
    pub advanced_process: bool,
    /// 产品优质高端
    pub premium_products: bool,
    /// 排放污染物 (mask over [`schema::POLLUTANTS`])
    pub pollutants: u8,
    /// VOCs深度治理
    pub vocs_deep_treatment: bool,
    /// 低VOCs原辅材料替代
    pub low_vocs_materials: bool,
    /// 高效VOCs治理设施
    pub efficient_vocs_facilities: bool,
    /// 绩效等级 ([`schema::GRADE`])
    pub grade: u8,
    /// 园区 ([`schema::PARK`])
    pub park: u8,
    /// 散乱污
    pub sanluanwu: bool,
    /// 有整改价值
    pub worth_rectifying: bool,
    /// 扶持提升条件
    pub support_conditions: bool,
    /// 违法行为 (mask over [`schema::VIOLATIONS`])
    pub violations: u8,
    /// 燃煤锅炉蒸吨, in tenths of t/h
    pub boiler_tenths: u32,
    /// Presentation only: write an integral boiler value as `35.0` rather than `35`.
    pub boiler_point_zero: bool,
    /// 气电保障
    pub gas_power_secured: bool,
    /// 民生保障
    pub livelihood: bool,
    /// 战略新兴
    pub strategic_emerging: bool,
    /// 发酵或化学合成工艺
    pub fermentation_or_synthesis: bool,
    /// 产业链关键节点
    pub key_chain_node: bool,
}

impl Enterprise {
    /// Writes the row's cells in contract order into `row` (resized to the header length).
    pub fn write_cells(&self, row: &mut Vec<String>, enc: &mut Encoder) {
        row.resize(schema::ENTERPRISE_HEADER.len(), String::new());
        put(&mut row[0], &self.credit_code);
        put(&mut row[1], &self.name);
        put(&mut row[2], self.county);
        put(&mut row[3], self.industry);
        put(&mut row[4], schema::PERMIT[usize::from(self.permit)]);
        enc.bool(&mut row[5], self.procedures_complete);
        enc.bool(&mut row[6], self.policy_compliant);
        enc.bool(&mut row[7], self.stably_compliant);
        enc.bool(&mut row[8], self.ultra_low);
        enc.bool(&mut row[9], self.advanced_process);
        enc.bool(&mut row[10], self.premium_products);
        enc.set(&mut row[11], self.pollutants, schema::POLLUTANTS);
        enc.bool(&mut row[12], self.vocs_deep_treatment);
        enc.bool(&mut row[13], self.low_vocs_materials);
        enc.bool(&mut row[14], self.efficient_vocs_facilities);
        put(&mut row[15], schema::GRADE[usize::from(self.grade)]);
        put(&mut row[16], schema::PARK[usize::from(self.park)]);
        enc.bool(&mut row[17], self.sanluanwu);
        enc.bool(&mut row[18], self.worth_rectifying);
        enc.bool(&mut row[19], self.support_conditions);
        enc.set(&mut row[20], self.violations, schema::VIOLATIONS);
        enc.tenths(&mut row[21], self.boiler_tenths, self.boiler_point_zero);
        enc.bool(&mut row[22], self.gas_power_secured);
        enc.bool(&mut row[23], self.livelihood);
        enc.bool(&mut row[24], self.strategic_emerging);
        enc.bool(&mut row[25], self.fermentation_or_synthesis);
        enc.bool(&mut row[26], self.key_chain_node);
    }

    /// True when the enterprise is a 领跑者 (超低排放 and 工艺先进 and 产品优质高端).
    pub fn is_leader(&self) -> bool {
        self.ultra_low && self.advanced_process && self.premium_products
    }
}

/// Generates `企业` rows. Deterministic in the seed; row `i` is the same whatever the row count.
///
/// ```
/// use jz_gen::{EnterpriseGen, RecordGen};
/// let rows: Vec<Vec<String>> = EnterpriseGen::new(2026).take(3).collect();
/// assert_eq!(rows[0].len(), EnterpriseGen::HEADER.len());
/// ```
pub struct EnterpriseGen {
    rng: Rng,
    enc: Encoder,
    seed: u64,
    index: u64,
    classes: Weighted<&'static Class>,
    counties: Weighted<&'static County>,
}

/// 字号 characters for company names.
const TRADE_CHARS: &[&str] = &[
    "鑫", "泰", "华", "丰", "盛", "恒", "宏", "达", "源", "通", "瑞", "兴", "隆", "昌", "永", "金", "宝", "德", "利",
    "新", "嘉", "鼎", "荣", "旭", "中", "远", "安", "正", "诚", "顺", "冀", "燕", "润", "博", "凯", "腾", "万", "亿",
    "福", "晟", "铭", "宇", "振", "海", "天", "长", "明", "东",
];

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "孙", "周", "吴", "郭", "马", "高", "田"];

impl EnterpriseGen {
    /// The contract's column names, in contract order.
    pub const HEADER: &'static [&'static str] = schema::ENTERPRISE_HEADER;
    /// The contract's column types, in contract order.
    pub const TYPES: &'static [ColType] = schema::ENTERPRISE_TYPES;

    pub fn new(seed: u64) -> Self {
        EnterpriseGen {
            rng: Rng::new(seed, Stream::Enterprise),
            enc: Encoder::new(seed, false),
            seed,
            index: 0,
            classes: Weighted::new(CLASSES.iter().map(|c| (c, c.weight))),
            counties: Weighted::new(COUNTIES.iter().map(|c| (c, c.weight))),
        }
    }

    /// Writes other accepted input forms (see [`Encoder`]) instead of the canonical ones.
    pub fn varied(mut self, on: bool) -> Self {
        self.enc = Encoder::new(self.seed, on);
        self
    }

    /// The next row as typed values.
    pub fn next_record(&mut self) -> Enterprise {
        let index = self.index;
        self.index += 1;
        generate(&mut self.rng, &self.classes, &self.counties, index, self.seed)
    }
}

impl RecordGen for EnterpriseGen {
    const NAME: &'static str = "企业";
    const HEADER: &'static [&'static str] = schema::ENTERPRISE_HEADER;
    const TYPES: &'static [ColType] = schema::ENTERPRISE_TYPES;
    const MARKER_COLUMN: usize = 1;

    fn with_seed(seed: u64) -> Self {
        EnterpriseGen::new(seed)
    }

    fn set_varied(&mut self, on: bool) {
        self.enc = Encoder::new(self.seed, on);
    }

    fn fill_row(&mut self, row: &mut Vec<String>) {
        let rec = self.next_record();
        rec.write_cells(row, &mut self.enc);
    }
}

impl Iterator for EnterpriseGen {
    type Item = Vec<String>;

    fn next(&mut self) -> Option<Vec<String>> {
        let mut row = Vec::new();
        self.fill_row(&mut row);
        Some(row)
    }
}

fn generate(
    rng: &mut Rng,
    classes: &Weighted<&'static Class>,
    counties: &Weighted<&'static County>,
    index: u64,
    seed: u64,
) -> Enterprise {
    use Group::*;
    let county = counties.pick(rng);
    // A fifth of a county's enterprises belong to its characteristic industries.
    let class = if rng.permille(200) {
        let code = *rng.choose(county.specialties);
        domain::class(code).unwrap_or_else(|| classes.pick(rng))
    } else {
        classes.pick(rng)
    };
    let g = class.group;
    let high = g.is_high_emission();
    let manufacturing = g.is_manufacturing();

    // Permit category, by group (overall ≈ 87% 登记管理).
    let permit_weights: [(u8, u32); 4] = match (g, class.code) {
        // Large installations: blast furnaces, steelworks, ferro-alloys, coke ovens, cement kilns, float glass,
        // carbon, smelters, refineries, fertiliser plants.
        (
            _,
            "3110" | "3120" | "3140" | "2521" | "3011" | "3041" | "3091" | "3211" | "3212" | "3216" | "2511" | "2621",
        ) => [(0, 75), (1, 20), (2, 5), (3, 0)],
        (Chemical | ApiPesticide, _) => [(0, 20), (1, 27), (2, 50), (3, 3)],
        (Steel | NonFerrous | Casting, _) => [(0, 6), (1, 20), (2, 71), (3, 3)],
        (BuildingMaterials, _) => [(0, 2), (1, 8), (2, 87), (3, 3)],
        (Heat, _) => [(0, 60), (1, 25), (2, 15), (3, 0)],
        (Pharma | Printing | Paper | Leather, _) => [(0, 5), (1, 12), (2, 80), (3, 3)],
        (Catering | Laundry | Repair, _) => [(0, 0), (1, 0), (2, 97), (3, 3)],
        (Internet | IntegratedCircuit, _) => [(0, 0), (1, 3), (2, 87), (3, 10)],
        (CleanPower, _) => [(0, 0), (1, 5), (2, 90), (3, 5)],
        (Agriculture, _) => [(0, 2), (1, 8), (2, 85), (3, 5)],
        _ => [(0, 1), (1, 2), (2, 95), (3, 2)],
    };
    let permit = rng.pick(&permit_weights);

    // 散乱污: small manufacturing workshops, a few percent overall.
    let sanluanwu_pm = if manufacturing {
        match permit {
            permit::REGISTRATION => 45,
            permit::NONE => 300,
            permit::SIMPLIFIED => 2,
            _ => 0,
        }
    } else {
        match g {
            Repair => 25,
            Catering | Laundry => 3,
            _ => 0,
        }
    };
    let sanluanwu = rng.permille(sanluanwu_pm);

    // Coal boilers: mostly none.
    let boiler_pm: u32 = match g {
        Heat => 850,
        Petrochem => 400,
        Coking => 300,
        Steel | Paper => 220,
        ApiPesticide => 200,
        Chemical => 180,
        Pharma => 110,
        Carbon | NonFerrous | Leather => 90,
        Food => 70,
        BuildingMaterials | Textiles => 50,
        Casting | RubberPlastics | WoodFurniture => 15,
        MetalProducts | Equipment | Transport | Printing | Electrical => 8,
        Catering | Laundry | Agriculture => 2,
        Repair | CleanPower | IntegratedCircuit | Internet => 0,
    };
    let boiler_pm = match permit {
        permit::KEY => (boiler_pm * 2).min(950),
        permit::SIMPLIFIED => boiler_pm,
        _ => boiler_pm / 2,
    };
    let boiler_tenths = if rng.permille(boiler_pm) { boiler_size(rng, g == Heat) } else { 0 };
    let boiler_point_zero = boiler_tenths > 0 && boiler_tenths % 10 == 0 && rng.permille(100);

    // Pollutants by group: chance (per mille) that the enterprise emits nothing to air, then each pollutant.
    let (none_pm, pm, so2, nox, co, vocs): (u32, u32, u32, u32, u32, u32) = match g {
        Steel => {
            if class.code == "3130" {
                (120, 900, 500, 600, 150, 200)
            } else {
                (0, 1000, 950, 950, 700, 300)
            }
        }
        Coking => (0, 1000, 950, 950, 700, 950),
        Casting => (30, 1000, 300, 400, 500, 450),
        BuildingMaterials => (60, 1000, 450, 500, 100, 150),
        Carbon => (0, 1000, 800, 800, 500, 750),
        ApiPesticide => (20, 450, 300, 300, 50, 950),
        NonFerrous => (30, 950, 600, 600, 200, 150),
        Chemical => (40, 500, 350, 350, 80, 850),
        Petrochem => (0, 700, 800, 850, 300, 1000),
        MetalProducts => (150, 750, 120, 150, 20, 450),
        Equipment => (200, 650, 80, 100, 20, 500),
        RubberPlastics => (80, 350, 50, 50, 10, 900),
        Textiles => (300, 300, 120, 120, 10, 350),
        Printing => (20, 100, 20, 20, 0, 980),
        Pharma => (150, 400, 150, 150, 20, 650),
        Food => (250, 500, 200, 250, 30, 150),
        WoodFurniture => (50, 850, 60, 60, 10, 800),
        Leather => (120, 350, 150, 150, 10, 700),
        Paper => (150, 500, 350, 350, 30, 250),
        Transport => (120, 650, 60, 80, 10, 700),
        Electrical => (250, 450, 50, 50, 10, 500),
        Catering => (450, 600, 0, 50, 10, 500),
        Laundry => (550, 20, 0, 10, 0, 950),
        Repair => (350, 300, 0, 0, 0, 900),
        CleanPower => {
            if class.code == "4417" {
                (0, 1000, 600, 900, 300, 50)
            } else {
                (1000, 0, 0, 0, 0, 0)
            }
        }
        Heat => (0, 1000, 900, 1000, 300, 20),
        IntegratedCircuit => (300, 150, 0, 50, 0, 800),
        Internet => (1000, 0, 0, 0, 0, 0),
        Agriculture => (900, 1000, 0, 0, 0, 0),
    };
    let mut pollutants = 0u8;
    if !rng.permille(none_pm) {
        // SO2 and NOx come from combustion: draw "burns fuel" once, then which of the two.
        let combustion = so2.max(nox);
        if combustion > 0 && rng.permille(combustion) {
            if rng.permille(so2 * 1000 / combustion) {
                pollutants |= pollutant::SO2;
            }
            if rng.permille(nox * 1000 / combustion) || pollutants & pollutant::SO2 == 0 {
                pollutants |= pollutant::NOX;
            }
        }
        for (bit, p) in [(pollutant::PM, pm), (pollutant::CO, co), (pollutant::VOCS, vocs)] {
            if rng.permille(p) {
                pollutants |= bit;
            }
        }
    }
    if boiler_tenths > 0 {
        // Burning coal emits dust, SO2 and NOx.
        pollutants |= pollutant::PM | pollutant::SO2 | pollutant::NOX;
    }
    let emits = pollutants != 0;

    // Performance grade.
    let grade = if !emits {
        grade::UNRATED
    } else if high {
        let rated = match permit {
            permit::KEY => 950,
            permit::SIMPLIFIED => 850,
            permit::REGISTRATION => 400,
            _ => 30,
        };
        if rng.permille(rated) {
            match permit {
                permit::KEY => rng.pick(&[(grade::A, 15), (grade::B, 40), (grade::C, 35), (grade::D, 10)]),
                permit::SIMPLIFIED => rng.pick(&[(0, 5), (1, 30), (2, 45), (3, 20)]),
                _ => rng.pick(&[(0, 1), (1, 15), (2, 50), (3, 34)]),
            }
        } else {
            grade::UNRATED
        }
    } else if g.is_graded_elsewhere() {
        let rated = match permit {
            permit::KEY => 700,
            permit::SIMPLIFIED => 400,
            permit::REGISTRATION => 40,
            _ => 0,
        };
        if rng.permille(rated) {
            rng.pick(&[(grade::A, 5), (grade::B, 35), (grade::C, 45), (grade::D, 15)])
        } else {
            grade::UNRATED
        }
    } else {
        grade::UNRATED
    };
    let grade = if sanluanwu { grade::UNRATED } else { grade };

    let by_grade = |a: u32, b: u32, c: u32, d: u32, unrated: u32| match grade {
        grade::A => a,
        grade::B => b,
        grade::C => c,
        grade::D => d,
        _ => unrated,
    };
    let strategic_pm = match g {
        IntegratedCircuit => 950,
        Internet => 900,
        CleanPower => 700,
        Pharma if class.code == "2761" => 700,
        Pharma => 250,
        Electrical => 250,
        Equipment | Transport => 70,
        ApiPesticide => 50,
        _ => 15,
    };
    let strategic_emerging = rng.permille(strategic_pm);

    let ultra_low = emits
        && !sanluanwu
        && rng.permille(if high || g == Heat {
            by_grade(970, 600, 150, 20, 50)
        } else if boiler_tenths > 0 {
            350
        } else {
            by_grade(600, 250, 50, 10, 20)
        });
    let advanced_process =
        !sanluanwu && rng.permille(if strategic_emerging { 700 } else { by_grade(950, 550, 200, 50, 200) });
    let premium_products =
        !sanluanwu && rng.permille(if strategic_emerging { 600 } else { by_grade(900, 450, 150, 30, 150) });

    let has_vocs = pollutants & pollutant::VOCS != 0;
    let efficient_vocs_facilities = has_vocs && rng.permille(by_grade(950, 700, 400, 150, 450));
    let vocs_deep_treatment = has_vocs && rng.permille(if efficient_vocs_facilities { 600 } else { 120 });
    let low_vocs_materials = has_vocs && rng.permille(by_grade(900, 500, 300, 100, 300));

    let park = if sanluanwu {
        rng.pick(&[(park::COURTYARD, 35), (park::OUTSIDE, 65)])
    } else if high {
        rng.pick(&[(park::APPROVED, 55), (park::COURTYARD, 10), (park::OUTSIDE, 35)])
    } else if manufacturing {
        rng.pick(&[(park::APPROVED, 35), (park::COURTYARD, 12), (park::OUTSIDE, 53)])
    } else if matches!(g, CleanPower | Heat) {
        rng.pick(&[(park::APPROVED, 20), (park::OUTSIDE, 80)])
    } else {
        rng.pick(&[(park::APPROVED, 3), (park::COURTYARD, 1), (park::OUTSIDE, 96)])
    };

    let worth_rectifying = sanluanwu && rng.permille(550);
    let support_conditions = rng.permille(if sanluanwu {
        150
    } else {
        match g {
            IntegratedCircuit | Internet => 600,
            CleanPower => 400,
            Electrical => 150,
            _ => 80,
        }
    });

    // Violations: mostly none.
    let unlicensed_setting = sanluanwu || (permit == permit::NONE && emits);
    let violation_pm = if sanluanwu {
        400
    } else if unlicensed_setting {
        300
    } else if grade == grade::D {
        80
    } else {
        12
    };
    let mut violations = 0u8;
    if rng.permille(violation_pm) {
        let weights: [(u8, u32); 4] = if unlicensed_setting {
            [
                (violation::UNLICENSED, 50),
                (violation::SECRET_DISCHARGE, 20),
                (violation::EXCEEDING, 20),
                (violation::FRAUD, 10),
            ]
        } else {
            [
                (violation::UNLICENSED, 5),
                (violation::SECRET_DISCHARGE, 30),
                (violation::EXCEEDING, 45),
                (violation::FRAUD, 20),
            ]
        };
        violations |= rng.pick(&weights);
        if rng.permille(200) {
            violations |= rng.pick(&weights);
        }
    }

    let procedures_complete = rng.permille(if sanluanwu {
        100
    } else if permit == permit::NONE {
        600
    } else {
        970
    });
    let policy_compliant = rng.permille(if sanluanwu {
        400
    } else if grade == grade::D {
        800
    } else {
        975
    });
    let stably_compliant = violations & violation::EXCEEDING == 0
        && (!emits || rng.permille(if sanluanwu { 200 } else { by_grade(995, 970, 920, 600, 930) }));

    let gas_power_secured = rng.permille(if boiler_tenths > 0 { 550 } else { 600 });
    let livelihood = rng.permille(match g {
        Heat => 900,
        Food => 250,
        Agriculture => 300,
        Pharma if class.code == "2770" => 500,
        Pharma => 200,
        Catering => 150,
        Laundry => 100,
        _ => 15,
    });
    let fermentation_or_synthesis = rng.permille(match (g, class.code) {
        (ApiPesticide, "2710") => 900,
        (ApiPesticide, _) => 850,
        (Pharma, "2761") => 600,
        (Pharma, "2720") => 100,
        (Pharma, "2770") => 0,
        (Pharma, _) => 30,
        (Chemical, _) => 550,
        (Food, "1512" | "1462") => 600,
        (Food, _) => 20,
        _ => 0,
    });
    let key_chain_node = rng.permille(match g {
        IntegratedCircuit => 400,
        Electrical => 100,
        Equipment | Transport => 80,
        NonFerrous => 60,
        Steel => 50,
        MetalProducts | Chemical => 40,
        _ => 10,
    });

    let mut credit_code = String::with_capacity(18);
    uscc::write_code(&mut credit_code, county.division, index, seed);
    let name = company_name(rng, county, class, permit, sanluanwu);

    Enterprise {
        credit_code,
        name,
        county: county.name,
        industry: class.code,
        permit,
        procedures_complete,
        policy_compliant,
        stably_compliant,
        ultra_low,
        advanced_process,
        premium_products,
        pollutants,
        vocs_deep_treatment,
        low_vocs_materials,
        efficient_vocs_facilities,
        grade,
        park,
        sanluanwu,
        worth_rectifying,
        support_conditions,
        violations,
        boiler_tenths,
        boiler_point_zero,
        gas_power_secured,
        livelihood,
        strategic_emerging,
        fermentation_or_synthesis,
        key_chain_node,
    }
}

/// Total coal-fired boiler capacity in tenths of t/h: one to three equal units, 1–130 t/h in all.
fn boiler_size(rng: &mut Rng, heating: bool) -> u32 {
    let unit = if heating {
        rng.pick(&[(200u32, 10), (290, 5), (350, 15), (400, 10), (650, 15), (750, 15), (900, 5), (1300, 10)])
    } else {
        rng.pick(&[
            (10u32, 10),
            (14, 3),
            (20, 12),
            (28, 4),
            (40, 12),
            (42, 2),
            (60, 8),
            (100, 12),
            (105, 2),
            (150, 6),
            (200, 12),
            (205, 2),
            (250, 3),
            (350, 10),
            (400, 4),
            (450, 2),
            (650, 5),
            (750, 4),
            (900, 1),
            (1300, 2),
        ])
    };
    let units = rng.pick(&[(1u32, 75), (2, 20), (3, 5)]);
    if unit * units > 1300 {
        unit
    } else {
        unit * units
    }
}

fn company_name(rng: &mut Rng, county: &County, class: &Class, permit: u8, sanluanwu: bool) -> String {
    let place = domain::short_name(county.name);
    // Two different 字号 characters.
    let n = TRADE_CHARS.len() as u32;
    let i = rng.below(n);
    let j = (i + 1 + rng.below(n - 1)) % n;
    let (a, b) = (TRADE_CHARS[i as usize], TRADE_CHARS[j as usize]);
    let word = class.word;
    match class.group {
        Group::Catering | Group::Laundry | Group::Repair => {
            let form = rng.below(3);
            let shop = match class.group {
                Group::Catering => *rng.choose(&["饭店", "酒家", "餐馆", "食府"]),
                Group::Laundry => *rng.choose(&["洗衣店", "干洗店", "洗涤服务部"]),
                _ => match class.code {
                    "8111" => *rng.choose(&["汽车修理厂", "汽修部", "汽车维修中心"]),
                    "8121" => "电脑维修部",
                    _ => "家电维修部",
                },
            };
            match form {
                0 => format!("{place}{a}{b}{shop}"),
                1 => format!("{place}{}记{shop}", rng.choose(SURNAMES)),
                _ => {
                    let business = match class.group {
                        Group::Catering => "餐饮",
                        Group::Laundry => "洗涤服务",
                        _ if class.code == "8111" => "汽车服务",
                        _ => "电器维修",
                    };
                    format!("{place}{a}{b}{business}有限公司")
                }
            }
        }
        _ if sanluanwu || permit == permit::NONE => match rng.below(3) {
            0 => format!("{place}{a}{b}{word}加工厂"),
            1 => format!("{place}{}{}村{word}作坊", a, rng.choose(&["庄", "营", "屯", "家"])),
            _ => format!("{place}{a}{b}{word}厂"),
        },
        _ => {
            let suffix = match permit {
                permit::KEY => *rng.choose(&["股份有限公司", "集团有限公司", "有限公司"]),
                _ => *rng.choose(&["有限公司", "有限公司", "有限责任公司", "科技有限公司"]),
            };
            format!("{place}{a}{b}{word}{suffix}")
        }
    }
}
