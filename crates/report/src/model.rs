//! The report as data: every count resolved to labels, ready to render (no program, no rows).

use crate::collect::Meta;
use jz_data::Reject;

#[derive(Debug)]
pub struct Report {
    pub meta: Meta,
    /// `--set` values as typed.
    pub settings: Vec<String>,
    pub read: u64,
    pub written: u64,
    pub rejected: u64,
    /// The output decisions, in column order.
    pub decisions: Vec<String>,
    /// Per decision, its values in display order (enum order, 是 before 否, other values by text).
    pub labels: Vec<Vec<String>>,
    /// Per decision, rows per value (aligned with `labels`): what `jz run`'s summary counts.
    pub counts: Vec<Vec<u64>>,
    /// The decision the dimension charts show (the last output: the overall measure).
    pub main: usize,
    pub dims: Vec<Dim>,
    pub levels: Option<Levels>,
    /// Rows decided per rule (or default) per decision, most first.
    pub articles: Vec<Article>,
    pub rejects: Rejects,
    pub compare: Option<Compare>,
}

#[derive(Debug)]
pub struct Dim {
    /// 区县, 行业, 绩效等级.
    pub name: String,
    pub groups: Vec<Group>,
    /// Distinct values counted together in the last group (beyond `collect::MAX_GROUPS`).
    pub folded: u64,
}

#[derive(Debug)]
pub struct Group {
    pub label: String,
    /// Rows evaluated in the run's state.
    pub rows: u64,
    /// Rows read but rejected when evaluated (unreadable rows have no group).
    pub rejected: u64,
    /// [decision][value] aligned with `Report::labels`.
    pub counts: Vec<Vec<u64>>,
    /// [level][value of the main decision].
    pub levels: Vec<Vec<u64>>,
}

#[derive(Debug)]
pub struct Levels {
    pub field: String,
    pub names: Vec<String>,
    /// The level of the run itself.
    pub current: usize,
    /// Rows evaluated (not rejected) per level.
    pub ok: Vec<u64>,
    /// [level][decision][value].
    pub counts: Vec<Vec<Vec<u64>>>,
}

#[derive(Debug)]
pub struct Article {
    /// The citations of the deciding rule (empty for a default).
    pub citation: String,
    pub decision: String,
    pub rule: String,
    pub rows: u64,
}

#[derive(Debug)]
pub struct Rejects {
    /// Rows rejected (a row with several bad cells is one row).
    pub rows: u64,
    /// Reject entries (one per bad cell or failed evaluation).
    pub entries: u64,
    /// The first entries in input order.
    pub shown: Vec<Reject>,
    pub limit: usize,
    pub reasons: Vec<Reason>,
}

#[derive(Debug)]
pub struct Reason {
    pub column: String,
    pub reason: String,
    pub rows: u64,
}

#[derive(Debug)]
pub struct Compare {
    /// The other state as the command line named it (`B: policies/…` or `锅炉淘汰上限=20`).
    pub label: String,
    /// Another policy (`--compare`), or a what-if of the same one.
    pub policy: bool,
    pub unchanged: u64,
    pub changed: u64,
    /// Rows not compared: rejected by either side.
    pub rejected: u64,
    pub transitions: Vec<Transition>,
    /// Changed rows by decision, values and the rules that decided on each side.
    pub moves: Vec<Move>,
    pub rows: Vec<MovedRow>,
    pub limit: usize,
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
}

#[derive(Debug)]
pub struct Transition {
    pub decision: String,
    /// (before, after, rows), most first; unchanged pairs included.
    pub pairs: Vec<(String, String, u64)>,
}

#[derive(Debug)]
pub struct Move {
    pub decision: String,
    pub from: String,
    pub to: String,
    pub rows: u64,
    pub by_a: String,
    pub by_b: String,
}

#[derive(Debug)]
pub struct MovedRow {
    pub row: u64,
    pub key: String,
    pub name: String,
    pub county: String,
    /// (decision, before, after, the rule that decided after).
    pub changes: Vec<(String, String, String, String)>,
}
