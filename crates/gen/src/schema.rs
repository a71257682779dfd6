//! The data contract (shared/CONTRACT.md): column names, types and enum variants, in contract order.

/// The type of a column, with its variants for enums and sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColType {
    Text,
    Bool,
    Enum(&'static [&'static str]),
    /// A set of enum variants; the only column type that may be empty.
    Set(&'static [&'static str]),
    /// A decimal number.
    Number,
    /// An integer with inclusive bounds.
    Integer(i64, i64),
    Date,
}

pub const PERMIT: &[&str] = &["重点管理", "简化管理", "登记管理", "无"];
pub const POLLUTANTS: &[&str] = &["颗粒物", "二氧化硫", "氮氧化物", "一氧化碳", "VOCs"];
pub const GRADE: &[&str] = &["A", "B", "C", "D", "未评级"];
pub const PARK: &[&str] = &["依法批准园区", "工业大院", "园区外"];
pub const VIOLATIONS: &[&str] = &["无证排污", "偷排偷放", "超标排放", "弄虚作假"];

pub const PROJECT_LEVEL: &[&str] = &["国家", "省", "市", "县", "无"];
pub const PROJECT_STAGE: &[&str] = &["土石方", "破拆改造", "主体结构", "室内地面铺装", "内外墙体", "内部装修", "其他"];

pub const VEHICLE_CATEGORY: &[&str] = &[
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
];
pub const ENERGY: &[&str] = &["汽油", "柴油", "纯电动", "插电混动", "燃料电池", "天然气"];
pub const EMISSION_STANDARD: &[&str] = &["国一", "国二", "国三", "国四", "国五", "国六"];

/// Columns of record `企业`, in contract order.
pub const ENTERPRISE_HEADER: &[&str] = &[
    "统一社会信用代码",
    "企业名称",
    "区县",
    "行业代码",
    "排污许可类别",
    "手续齐全",
    "符合产业政策",
    "稳定达标排放",
    "超低排放",
    "工艺先进",
    "产品优质高端",
    "排放污染物",
    "VOCs深度治理",
    "低VOCs原辅材料替代",
    "高效VOCs治理设施",
    "绩效等级",
    "园区",
    "散乱污",
    "有整改价值",
    "扶持提升条件",
    "违法行为",
    "燃煤锅炉蒸吨",
    "气电保障",
    "民生保障",
    "战略新兴",
    "发酵或化学合成工艺",
    "产业链关键节点",
];

pub const ENTERPRISE_TYPES: &[ColType] = &[
    ColType::Text,
    ColType::Text,
    ColType::Text,
    ColType::Text,
    ColType::Enum(PERMIT),
    ColType::Bool,
    ColType::Bool,
    ColType::Bool,
    ColType::Bool,
    ColType::Bool,
    ColType::Bool,
    ColType::Set(POLLUTANTS),
    ColType::Bool,
    ColType::Bool,
    ColType::Bool,
    ColType::Enum(GRADE),
    ColType::Enum(PARK),
    ColType::Bool,
    ColType::Bool,
    ColType::Bool,
    ColType::Set(VIOLATIONS),
    ColType::Number,
    ColType::Bool,
    ColType::Bool,
    ColType::Bool,
    ColType::Bool,
    ColType::Bool,
];

/// Columns of record `施工项目`, in contract order.
pub const PROJECT_HEADER: &[&str] = &[
    "项目编号",
    "项目名称",
    "施工许可",
    "重点项目级别",
    "扶贫易地搬迁",
    "民生工程",
    "工序",
    "防治措施到位",
    "配套砂石商砼",
];

pub const PROJECT_TYPES: &[ColType] = &[
    ColType::Text,
    ColType::Text,
    ColType::Bool,
    ColType::Enum(PROJECT_LEVEL),
    ColType::Bool,
    ColType::Bool,
    ColType::Enum(PROJECT_STAGE),
    ColType::Bool,
    ColType::Bool,
];

/// Columns of record `机动车`, in contract order.
pub const VEHICLE_HEADER: &[&str] = &["号牌", "车辆类别", "能源类型", "排放标准", "尾号"];

pub const VEHICLE_TYPES: &[ColType] = &[
    ColType::Text,
    ColType::Enum(VEHICLE_CATEGORY),
    ColType::Enum(ENERGY),
    ColType::Enum(EMISSION_STANDARD),
    ColType::Integer(0, 9),
];

/// 大气以外的污染物 (`非大气污染物` in `policies/schema/contract.jz`).
pub const OTHER_POLLUTANTS: &[&str] = &["废水", "固体废物", "危险废物", "噪声"];

/// The optional 企业 columns the encoded policies add to the contract (`policies/schema/contract.jz`,
/// `docs/CONTRACT-EXTENSIONS.md`), added by [`crate::Options::optional_columns`], with the per-mille chance that a
/// bool cell is `是` when it is recorded.
pub const OPTIONAL_COLUMNS: &[(&str, ColType, u32)] = &[
    ("严重污染环境", ColType::Bool, 60),
    ("有治理价值", ColType::Bool, 500),
    ("列入正面清单", ColType::Bool, 300),
    ("地方特色产业", ColType::Bool, 120),
    ("排放总量大", ColType::Bool, 100),
    ("其他污染物", ColType::Set(OTHER_POLLUTANTS), 250),
];

/// The optional extra date column added by [`crate::Options::date_column`] (not part of the contract; a county
/// policy may declare it as `填报日期: 日期?`).
pub const DATE_COLUMN: &str = "填报日期";
