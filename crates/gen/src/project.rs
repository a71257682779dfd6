//! Record `施工项目`: construction projects.

use crate::domain::{self, Group, CLASSES, COUNTIES};
use crate::encode::{put, Encoder};
use crate::rng::{Rng, Stream, Weighted};
use crate::schema::{self, ColType};
use crate::RecordGen;
use std::fmt::Write;

/// Variant indices into [`schema::PROJECT_LEVEL`].
pub mod level {
    pub const NATIONAL: u8 = 0;
    pub const PROVINCIAL: u8 = 1;
    pub const CITY: u8 = 2;
    pub const COUNTY: u8 = 3;
    pub const NONE: u8 = 4;
}

/// Variant indices into [`schema::PROJECT_STAGE`].
pub mod stage {
    pub const EARTHWORK: u8 = 0;
    pub const DEMOLITION: u8 = 1;
    pub const STRUCTURE: u8 = 2;
    pub const FLOORING: u8 = 3;
    pub const WALLS: u8 = 4;
    pub const FIT_OUT: u8 = 5;
    pub const OTHER: u8 = 6;
}

/// One `施工项目` row as typed values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// 项目编号
    pub id: String,
    /// 项目名称
    pub name: String,
    /// 施工许可
    pub permit: bool,
    /// 重点项目级别 ([`schema::PROJECT_LEVEL`])
    pub key_level: u8,
    /// 扶贫易地搬迁
    pub poverty_relocation: bool,
    /// 民生工程
    pub livelihood: bool,
    /// 工序 ([`schema::PROJECT_STAGE`])
    pub stage: u8,
    /// 防治措施到位
    pub measures_in_place: bool,
    /// 配套砂石商砼
    pub supplies_key_project: bool,
}

impl Project {
    /// Writes the row's cells in contract order into `row`.
    pub fn write_cells(&self, row: &mut Vec<String>, enc: &mut Encoder) {
        row.resize(schema::PROJECT_HEADER.len(), String::new());
        put(&mut row[0], &self.id);
        put(&mut row[1], &self.name);
        enc.bool(&mut row[2], self.permit);
        put(&mut row[3], schema::PROJECT_LEVEL[usize::from(self.key_level)]);
        enc.bool(&mut row[4], self.poverty_relocation);
        enc.bool(&mut row[5], self.livelihood);
        put(&mut row[6], schema::PROJECT_STAGE[usize::from(self.stage)]);
        enc.bool(&mut row[7], self.measures_in_place);
        enc.bool(&mut row[8], self.supplies_key_project);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Housing,
    ShantyTown,
    School,
    Hospital,
    Road,
    HeatingPipes,
    OldCommunity,
    Factory,
    PovertyRelocation,
    ConcretePlant,
    Expressway,
    Railway,
    Park,
    Commercial,
    Water,
}

const KINDS: &[(Kind, u32)] = &[
    (Kind::Housing, 28),
    (Kind::ShantyTown, 6),
    (Kind::School, 5),
    (Kind::Hospital, 3),
    (Kind::Road, 10),
    (Kind::HeatingPipes, 3),
    (Kind::OldCommunity, 6),
    (Kind::Factory, 15),
    (Kind::PovertyRelocation, 2),
    (Kind::ConcretePlant, 6),
    (Kind::Expressway, 2),
    (Kind::Railway, 1),
    (Kind::Park, 3),
    (Kind::Commercial, 6),
    (Kind::Water, 4),
];

const PLACES: &[&str] = &[
    "幸福", "和平", "建设", "胜利", "中华", "人民", "滨河", "朝阳", "光明", "文化", "新华", "长安", "裕华", "东风",
    "西环", "南环", "北环", "东城", "西城", "锦绣", "紫荆", "翠园", "康宁", "丰泽", "槐安", "育才",
];
const NUMERALS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// Generates `施工项目` rows.
pub struct ProjectGen {
    rng: Rng,
    enc: Encoder,
    seed: u64,
    index: u64,
    counties: Weighted<&'static domain::County>,
    factories: Vec<&'static domain::Class>,
}

impl ProjectGen {
    /// The contract's column names, in contract order.
    pub const HEADER: &'static [&'static str] = schema::PROJECT_HEADER;
    /// The contract's column types, in contract order.
    pub const TYPES: &'static [ColType] = schema::PROJECT_TYPES;

    pub fn new(seed: u64) -> Self {
        ProjectGen {
            rng: Rng::new(seed, Stream::Project),
            enc: Encoder::new(seed, false),
            seed,
            index: 0,
            counties: Weighted::new(COUNTIES.iter().map(|c| (c, c.weight))),
            factories: CLASSES.iter().filter(|c| c.group.is_manufacturing() && c.group != Group::Catering).collect(),
        }
    }

    /// Writes other accepted input forms instead of the canonical ones.
    pub fn varied(mut self, on: bool) -> Self {
        self.enc = Encoder::new(self.seed, on);
        self
    }

    /// The next row as typed values.
    pub fn next_record(&mut self) -> Project {
        let index = self.index;
        self.index += 1;
        let rng = &mut self.rng;
        let county = self.counties.pick(rng);
        let kind = rng.pick(KINDS);
        let year = rng.pick(&[(2024u32, 20), (2025, 55), (2026, 25)]);
        let mut id = String::with_capacity(24);
        let _ = write!(id, "XM{}{year}{:06}", county.division, index + 1);

        use level::*;
        let key_level = match kind {
            Kind::Expressway | Kind::Railway => rng.pick(&[(NATIONAL, 50), (PROVINCIAL, 50)]),
            Kind::Water => rng.pick(&[(NATIONAL, 10), (PROVINCIAL, 30), (CITY, 30), (COUNTY, 30)]),
            Kind::School | Kind::Hospital => rng.pick(&[(PROVINCIAL, 5), (CITY, 30), (COUNTY, 50), (NONE, 15)]),
            Kind::ShantyTown | Kind::OldCommunity | Kind::HeatingPipes => {
                rng.pick(&[(CITY, 30), (COUNTY, 40), (NONE, 30)])
            }
            Kind::Road => rng.pick(&[(PROVINCIAL, 10), (CITY, 30), (COUNTY, 40), (NONE, 20)]),
            Kind::Factory => rng.pick(&[(NATIONAL, 1), (PROVINCIAL, 10), (CITY, 15), (COUNTY, 15), (NONE, 59)]),
            Kind::Housing | Kind::Commercial => rng.pick(&[(CITY, 4), (COUNTY, 6), (NONE, 90)]),
            Kind::PovertyRelocation => rng.pick(&[(PROVINCIAL, 40), (CITY, 30), (COUNTY, 30)]),
            Kind::ConcretePlant => NONE,
            Kind::Park => rng.pick(&[(COUNTY, 30), (NONE, 70)]),
        };
        let livelihood = rng.permille(match kind {
            Kind::ShantyTown
            | Kind::OldCommunity
            | Kind::HeatingPipes
            | Kind::School
            | Kind::Hospital
            | Kind::PovertyRelocation => 950,
            Kind::Water => 600,
            Kind::Park => 300,
            Kind::Road => 200,
            _ => 20,
        });
        let poverty_relocation = kind == Kind::PovertyRelocation;
        let supplies_key_project = kind == Kind::ConcretePlant && rng.permille(650);
        use stage::*;
        let stage = match kind {
            Kind::ConcretePlant => rng.pick(&[(OTHER, 70), (EARTHWORK, 15), (STRUCTURE, 15)]),
            Kind::Road | Kind::Expressway | Kind::Railway | Kind::Water => {
                rng.pick(&[(EARTHWORK, 40), (STRUCTURE, 30), (OTHER, 20), (DEMOLITION, 10)])
            }
            Kind::ShantyTown | Kind::OldCommunity => {
                rng.pick(&[(DEMOLITION, 30), (EARTHWORK, 15), (STRUCTURE, 20), (WALLS, 20), (FIT_OUT, 10), (OTHER, 5)])
            }
            _ => rng.pick(&[
                (EARTHWORK, 20),
                (DEMOLITION, 5),
                (STRUCTURE, 32),
                (FLOORING, 8),
                (WALLS, 12),
                (FIT_OUT, 15),
                (OTHER, 8),
            ]),
        };
        let permit = rng.permille(if key_level != NONE {
            990
        } else if kind == Kind::ConcretePlant {
            850
        } else {
            930
        });
        let measures_in_place = rng.permille(850);

        let place = domain::short_name(county.name);
        let p = *rng.choose(PLACES);
        let n = *rng.choose(NUMERALS);
        let name = match kind {
            Kind::Housing => {
                format!("{place}{p}{}{n}期住宅项目", rng.choose(&["花园", "家园", "华府", "雅苑", "名邸"]))
            }
            Kind::ShantyTown => format!("{place}{p}片区棚户区改造项目"),
            Kind::School => {
                format!("{place}第{n}中学{}建设项目", rng.choose(&["教学楼", "综合楼", "宿舍楼", "体育馆"]))
            }
            Kind::Hospital => format!(
                "{place}{}{}楼建设项目",
                rng.choose(&["人民医院", "中医医院", "妇幼保健院"]),
                rng.choose(&["门诊", "住院", "医技综合"])
            ),
            Kind::Road => format!(
                "{place}{p}{}{}工程",
                rng.choose(&["路", "大街", "大道"]),
                rng.choose(&["改造提升", "新建", "拓宽", "雨污分流改造"])
            ),
            Kind::HeatingPipes => format!("{place}集中供热管网{}工程", rng.choose(&["改造", "扩建", "互联互通"])),
            Kind::OldCommunity => format!("{place}{p}小区老旧小区改造工程"),
            Kind::Factory => {
                let class = *rng.choose(&self.factories);
                format!(
                    "{place}{p}{}有限公司年产{}万{}项目",
                    class.word,
                    1 + rng.below(50),
                    rng.choose(&["吨", "件", "套"])
                )
            }
            Kind::PovertyRelocation => format!("{place}{p}易地扶贫搬迁集中安置区项目"),
            Kind::ConcretePlant => {
                format!("{place}{p}{}", rng.choose(&["商砼站", "混凝土搅拌站", "砂石料场", "预拌砂浆站"]))
            }
            Kind::Expressway => {
                format!("{}高速公路{place}段", rng.choose(&["京雄", "荣乌", "津石", "京德", "太行山", "石衡沧"]))
            }
            Kind::Railway => {
                format!("{}{place}段", rng.choose(&["石衡沧港城际铁路", "雄忻高铁", "津兴城际铁路", "京雄商高铁"]))
            }
            Kind::Park => format!("{place}{p}公园{}工程", rng.choose(&["提升改造", "绿化", "新建"])),
            Kind::Commercial => format!("{place}{p}商业综合体项目"),
            Kind::Water => format!(
                "{place}{}工程",
                rng.choose(&["南水北调配套", "城乡供水一体化", "河道综合治理", "污水处理厂提标改造"])
            ),
        };
        Project {
            id,
            name,
            permit,
            key_level,
            poverty_relocation,
            livelihood,
            stage,
            measures_in_place,
            supplies_key_project,
        }
    }
}

impl RecordGen for ProjectGen {
    const NAME: &'static str = "施工项目";
    const HEADER: &'static [&'static str] = schema::PROJECT_HEADER;
    const TYPES: &'static [ColType] = schema::PROJECT_TYPES;
    const MARKER_COLUMN: usize = 1;

    fn with_seed(seed: u64) -> Self {
        ProjectGen::new(seed)
    }

    fn set_varied(&mut self, on: bool) {
        self.enc = Encoder::new(self.seed, on);
    }

    fn fill_row(&mut self, row: &mut Vec<String>) {
        let rec = self.next_record();
        rec.write_cells(row, &mut self.enc);
    }
}

impl Iterator for ProjectGen {
    type Item = Vec<String>;

    fn next(&mut self) -> Option<Vec<String>> {
        let mut row = Vec::new();
        self.fill_row(&mut row);
        Some(row)
    }
}
