//! Bad-row injection for reader tests.
//!
//! A bad row is a generated row with exactly one defect. It is marked by appending `#BAD:<kind>` to the row's
//! marker column (企业名称, 项目名称 or 号牌: free text, so the marker itself never makes a row unreadable), so a
//! test can count bad rows of each kind with a plain text search, and it is listed in the optional manifest.

use crate::rng::Rng;
use crate::schema::ColType;

/// The kinds of defect a bad row can carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BadKind {
    /// An enum or set cell holds a value that is not a variant (`特别管理`, `B-`, `PM2.5`, `国七`).
    UnknownVariant,
    /// A number or integer cell is not a decimal / integer literal (`35吨`, `3,5`, `七`, `3.0` for 尾号).
    MalformedNumber,
    /// A required cell is empty.
    EmptyCell,
    /// The row has one cell too few or one too many (in JSON Lines: one key missing).
    ColumnCount,
    /// The date cell is not a valid `YYYY-MM-DD` date (`2025-02-30`, `2025/03/04`). Only with the date column.
    BadDate,
    /// A bool cell holds something other than 是/否/true/false/1/0 (`有`, `Y`).
    BadBool,
}

impl BadKind {
    /// Every kind, in the order the injector cycles through them.
    pub const ALL: [BadKind; 6] = [
        BadKind::UnknownVariant,
        BadKind::MalformedNumber,
        BadKind::EmptyCell,
        BadKind::ColumnCount,
        BadKind::BadDate,
        BadKind::BadBool,
    ];

    /// The tag used in the `#BAD:<tag>` marker and the manifest.
    pub fn tag(self) -> &'static str {
        match self {
            BadKind::UnknownVariant => "unknown-variant",
            BadKind::MalformedNumber => "malformed-number",
            BadKind::EmptyCell => "empty-cell",
            BadKind::ColumnCount => "column-count",
            BadKind::BadDate => "bad-date",
            BadKind::BadBool => "bad-bool",
        }
    }

    /// The kind with this tag.
    pub fn from_tag(tag: &str) -> Option<BadKind> {
        BadKind::ALL.into_iter().find(|k| k.tag() == tag)
    }

    /// Position in [`BadKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether a row with these column types can carry this defect.
    pub fn applies_to(self, types: &[ColType]) -> bool {
        let any = |f: fn(&ColType) -> bool| types.iter().any(f);
        match self {
            BadKind::UnknownVariant => any(|t| matches!(t, ColType::Enum(_) | ColType::Set(_))),
            BadKind::MalformedNumber => any(|t| matches!(t, ColType::Number | ColType::Integer(..))),
            BadKind::EmptyCell | BadKind::ColumnCount => !types.is_empty(),
            BadKind::BadDate => any(|t| matches!(t, ColType::Date)),
            BadKind::BadBool => any(|t| matches!(t, ColType::Bool)),
        }
    }
}

/// The prefix of the marker appended to the marker column of a bad row.
pub const MARKER: &str = "#BAD:";

/// What was done to a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defect {
    pub kind: BadKind,
    /// The affected column (for [`BadKind::ColumnCount`]: the dropped column, or `(extra)`).
    pub column: String,
    /// The bad value written (empty for empty cells and dropped columns).
    pub value: String,
}

fn wrong_variants(column: &str) -> &'static [&'static str] {
    match column {
        "排污许可类别" => &["特别管理", "重点", "登记", "许可证"],
        "绩效等级" => &["B-", "引领性", "E", "AA"],
        "园区" => &["工业园区", "开发区", "园区内"],
        "排放污染物" => &["PM2.5", "氨", "二氧化碳", "颗粒物;臭氧", "SO2"],
        "违法行为" => &["超标", "未批先建", "无证排污;偷排"],
        "重点项目级别" => &["省级", "区", "国家级", "重点"],
        "工序" => &["装修", "基础施工", "拆除", "土方"],
        "车辆类别" => &["货车", "网约车", "校车", "危险品运输"],
        "能源类型" => &["油电混动", "氢能", "甲醇", "LNG"],
        "排放标准" => &["国七", "国3", "欧六", "国Ⅵ"],
        _ => &["未知"],
    }
}

const BAD_DECIMALS: &[&str] = &["35吨", "3,5", "35.0.0", "约20", "二十", "--35", "1/2"];
const BAD_INTEGERS: &[&str] = &["七", "3.0", "3a", "0x3", "３"];
const BAD_BOOLS: &[&str] = &["有", "Y", "yes", "2", "是的", "对"];
const BAD_DATES: &[&str] = &["2025-13-01", "2025-02-30", "2025/03/04", "20250304", "2025-3-4", "昨天"];

fn columns_where(types: &[ColType], f: impl Fn(usize, &ColType) -> bool) -> Vec<usize> {
    types.iter().enumerate().filter(|&(i, t)| f(i, t)).map(|(i, _)| i).collect()
}

/// Applies a defect of `kind` to `row` (whose cells match `header`/`types`) and marks it.
/// `kind` must apply to `types` (see [`BadKind::applies_to`]).
pub(crate) fn corrupt(
    kind: BadKind,
    row: &mut Vec<String>,
    header: &[&str],
    types: &[ColType],
    marker: usize,
    allow_extra_cell: bool,
    rng: &mut Rng,
) -> Defect {
    let pick = |rng: &mut Rng, cols: &[usize]| -> usize {
        if cols.is_empty() {
            marker
        } else {
            *rng.choose(cols)
        }
    };
    let (column, value) = match kind {
        BadKind::UnknownVariant => {
            let cols = columns_where(types, |_, t| matches!(t, ColType::Enum(_) | ColType::Set(_)));
            let i = pick(rng, &cols);
            let v = *rng.choose(wrong_variants(header[i]));
            row[i] = v.to_string();
            (header[i].to_string(), v.to_string())
        }
        BadKind::MalformedNumber => {
            let cols = columns_where(types, |_, t| matches!(t, ColType::Number | ColType::Integer(..)));
            let i = pick(rng, &cols);
            let v = if matches!(types[i], ColType::Integer(..)) {
                *rng.choose(BAD_INTEGERS)
            } else {
                *rng.choose(BAD_DECIMALS)
            };
            row[i] = v.to_string();
            (header[i].to_string(), v.to_string())
        }
        BadKind::EmptyCell => {
            let cols = columns_where(types, |i, t| {
                // Sets may be empty; the date column is optional (`日期?`), so may be empty too.
                i != marker && !matches!(t, ColType::Set(_) | ColType::Date)
            });
            let i = pick(rng, &cols);
            row[i].clear();
            (header[i].to_string(), String::new())
        }
        BadKind::ColumnCount => {
            // JSON Lines has no column count: there the defect is always a missing key.
            if rng.permille(500) || !allow_extra_cell {
                row.pop();
                (header[row.len()].to_string(), String::new())
            } else {
                row.push("多余".to_string());
                ("(extra)".to_string(), "多余".to_string())
            }
        }
        BadKind::BadDate => {
            let cols = columns_where(types, |_, t| matches!(t, ColType::Date));
            let i = pick(rng, &cols);
            let v = *rng.choose(BAD_DATES);
            row[i] = v.to_string();
            (header[i].to_string(), v.to_string())
        }
        BadKind::BadBool => {
            let cols = columns_where(types, |_, t| matches!(t, ColType::Bool));
            let i = pick(rng, &cols);
            let v = *rng.choose(BAD_BOOLS);
            row[i] = v.to_string();
            (header[i].to_string(), v.to_string())
        }
    };
    if let Some(cell) = row.get_mut(marker) {
        cell.push_str(MARKER);
        cell.push_str(kind.tag());
    }
    Defect { kind, column, value }
}
