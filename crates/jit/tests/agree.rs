//! Property: on randomly generated, well-typed policies the Cranelift engine gives exactly the interpreter's
//! result for every record — the same values, the same deciding rules (`Outcome.rule`), and for rejected
//! records the same `EvalError` (a conflict names the same two rules, an overflow or a division by zero the
//! same span, a violated guarantee the same guarantee) — through `BatchOutcome::result`, `outcome` and
//! `error` alike, with the outcome buffers reused across batches.
//!
//! What a case is: one generated policy (as source text, so the parser and checker run on it too) under one
//! scenario and parameter vector (an engine is compiled for them) with 32–64 random records of its record
//! type, evaluated as an empty batch and two non-empty ones into one reused `BatchOutcome`. Each generated
//! policy is checked once and run as [`RUNS`] = 2 cases: first under its declared defaults, then under
//! random scenario values and open-parameter values (within their `范围`); the second run sometimes compiles
//! (with `compile_with`, as the REPL and `jz diff` do) another choice of decisions and guarantees, in another
//! order, instead of what `jz run` compiles (`输出` and every guarantee, with `compile`). `PROPTEST_CASES` counts cases (default 10,000, i.e. 5,000 policies: about 40 s in the debug
//! test profile on a 2-core machine). A longer run:
//!
//! ```text
//! PROPTEST_CASES=200000 cargo test --release -p jz-jit --test agree
//! ```
//!
//! (`PROPTEST_RNG_SEED=N` makes a run repeatable.) The generator covers: decisions of every kernel type (bool,
//! int, decimal with and without units, date, day count, enum, set; rarely text, which the engine hands to
//! the interpreter) with rule trees (unlabelled rules, rules without `当`, sibling rules that agree or
//! conflict, exceptions to exceptions, exceptions declared before their target or added by `补充 判定`,
//! rarely a decision of 60+ rules), decisions without rules, definitions and decisions referring to earlier
//! ones (declared in shuffled order), scenario-level definitions, scenario values and open parameters in
//! conditions and values, guarantees (with and without `当`), `输出` with a subset of the decisions (or none:
//! then all), optional fields read under `有` (in `且`, `或`, `若` and rule conditions) or tested with `有`
//! alone, decimal and unit arithmetic (`+ - * /`, inexact and zero divisors, literals with more than 18
//! fractional digits, values beyond the kernel's scaled `i64`, products beyond 18 fractional digits),
//! integer and day-count overflow, dates (`± N 天`, date − date, comparisons, month-day ranges that wrap the
//! year), sets (`属于`, `包含`, `相交`, `包含于`, `为空`, `数量`), enum order and `匹配`, `若 … 则 … 否则`,
//! `最大`/`最小`, and text tests (`==`, `属于` lists, `开头为`, against literals, the text parameter or another
//! text value; 非/且/或/若 formulas over one field; more than 64 tests on one field). Keywords are Chinese or
//! English at random. Records mix edge values: the program's constants and their neighbours, zero,
//! negatives, `i64` extremes, decimals with more than 6 fractional digits or at the edge of the kernel's
//! scaled range, first and last calendar days, empty text, absent optional fields.
//!
//! Programs come from a byte stream that proptest shrinks towards simple programs; a failure prints the
//! minimal program with its scenario, parameters, the record and both results, plus a ready-to-paste
//! `agree_on(…)` regression test (see the end of this file). The run also checks that it tested something:
//! with at least 1,000 cases, rows must have been decided natively, by the interpreter, and rejected for
//! each kind of error, and the features above must have been generated.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jz_check::ir::{DecisionId, Program, RecordId};
use jz_check::types::{format_date, value_cmp};
use jz_check::{days_from_civil, load_text, Type, Value};
use jz_data::{parse_cell, Batch};
use jz_eval::{default_scenario, EvalError, Frame, Interp, Outcome};
use jz_jit::BatchOutcome;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use rust_decimal::Decimal;
use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

thread_local! {
    /// Set while a case runs on the property thread: panics there are caught and reported with the case, so
    /// the panic hook stays quiet (shrinking would otherwise print one backtrace per attempt).
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Run `f`, catching a panic without printing it.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    QUIET.with(|q| q.set(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    r
}

/// Default number of cases when `PROPTEST_CASES` is not set.
const DEFAULT_CASES: u32 = 10_000;
/// Scenario, parameter and record sets each generated program is compared under (one case each).
const RUNS: u32 = 2;
/// Bytes of the choice stream a program is generated from (exhausted streams read as zeros).
const STREAM: usize = 1536;

// ------------------------------------------------------------------------------------------------ choices

/// A program is generated from a byte stream; every choice reads bytes, and the byte 0 always means the
/// simplest option, so proptest's shrinking (bytes towards 0) shrinks programs towards simple ones.
struct Choices<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }
    /// A number in `0..n` (0 when `n <= 1`).
    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let b = usize::from(self.byte());
        if n <= 256 {
            b % n
        } else {
            (b << 8 | usize::from(self.byte())) % n
        }
    }
    /// True with about `p` percent probability; false for the byte 0.
    fn percent(&mut self, p: u32) -> bool {
        u32::from(self.byte()) * 100 >= (100 - p.min(100)) * 256
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

/// SplitMix64: records, scenarios and parameter values come from a seed (they need no shrinking: a failure
/// report shows the one record that disagrees).
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn pct(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi.abs_diff(lo).saturating_add(1);
        lo.wrapping_add(self.below(span) as i64)
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize].clone()
    }
}

// ------------------------------------------------------------------------------------------------ generator

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum U {
    One,
    Th,
    H,
    T,
}

impl U {
    fn text(self) -> &'static str {
        match self {
            U::One => "",
            U::Th => "t/h",
            U::H => "h",
            U::T => "t",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ty {
    Bool,
    Int,
    Dec(U),
    Text,
    Date,
    Days,
    Level,
    Kind,
    Kinds,
}

const LEVELS: [&str; 4] = ["无", "低", "中", "高"];
const KINDS: [&str; 5] = ["甲", "乙", "丙", "丁", "戊"];
const SCENARIO: [(&str, Ty); 5] =
    [("预警", Ty::Level), ("今天", Ty::Date), ("系数", Ty::Dec(U::One)), ("开关", Ty::Bool), ("门限", Ty::Int)];
const PARAMS: [(&str, Ty); 5] =
    [("上限", Ty::Dec(U::Th)), ("宽限", Ty::Days), ("倍数", Ty::Int), ("启用", Ty::Bool), ("前缀", Ty::Text)];
/// The record type every generated program declares (the engine is compiled for it).
const RECORD: &str = "企业";

const INTS: [i64; 12] = [0, 1, 2, 3, 5, 10, 100, 1000, 3_037_000_500, 4_294_967_296, 1 << 62, i64::MAX];
const DECS: [&str; 20] = [
    "0",
    "1",
    "0.5",
    "2",
    "3",
    "10",
    "35",
    "35.5",
    "0.1",
    "0.25",
    "12.345",
    "7",
    "0.000001",
    "0.0000001",
    "1.23456789",
    "1000000",
    "123456789012.5",
    "9223372036854.775807",
    "99999999999999999999",
    "0.333333333333333333333",
];
const DAYS: [i64; 13] = [0, 1, 2, 3, 7, 15, 30, 365, 1000, 2_147_483_647, 2_147_483_648, 3_000_000, i64::MAX];
const TEXTS: [&str; 12] = ["31", "3110", "2521", "", "3", "30", "301", "26", "甲乙", "abcdefgh", "abcdefghi", "K1"];
/// Month-days that sit on the boundaries of the usual seasons.
const MONTH_DAYS: [(u32, u32); 10] =
    [(10, 1), (9, 30), (3, 31), (4, 1), (2, 28), (2, 29), (12, 31), (1, 1), (5, 1), (3, 1)];

/// Literal values the program uses, so records can sit on and next to them.
#[derive(Default, Debug)]
struct Consts {
    ints: Vec<i64>,
    decs: Vec<Decimal>,
    dates: Vec<i32>,
    days: Vec<i64>,
    texts: Vec<String>,
}

/// Features of one generated program (for the coverage check).
#[derive(Default, Clone, Copy, Debug)]
struct Feat {
    nested_exceptions: bool,
    guarded_reads: bool,
    text_tests: bool,
    extension: bool,
    output_item: bool,
    english: bool,
}

struct FieldSpec {
    name: String,
    ty: Ty,
    optional: bool,
}

/// A definition or decision the program declares, in dependency order.
struct ItemSpec {
    name: String,
    ty: Ty,
    /// `false` for scenario-level definitions.
    record: bool,
}

struct RuleSpec {
    label: Option<String>,
    parent: Option<String>,
    text: String,
    /// Moved into a `补充 判定` block.
    extended: bool,
}

struct G<'a> {
    c: Choices<'a>,
    en: bool,
    fields: Vec<FieldSpec>,
    items: Vec<ItemSpec>,
    /// `items[..limit]` may be referenced.
    limit: usize,
    in_record: bool,
    /// Optional fields known to be present here.
    present: Vec<usize>,
    consts: Consts,
    feat: Feat,
    rules_made: usize,
}

/// A generated program: its source and what the record generator needs to know.
struct Generated {
    src: String,
    consts: Consts,
    feat: Feat,
    exhausted: bool,
}

fn wrap(s: &str) -> String {
    format!("({s})")
}

impl<'a> G<'a> {
    fn k(&self, zh: &'static str, en: &'static str) -> &'static str {
        if self.en {
            en
        } else {
            zh
        }
    }

    fn ty_text(&mut self, ty: Ty) -> String {
        match ty {
            Ty::Bool => self.k("布尔", "bool").into(),
            Ty::Int => self.k("整数", "int").into(),
            Ty::Dec(u) => {
                let base = if self.en {
                    if self.c.percent(30) {
                        "number"
                    } else {
                        "decimal"
                    }
                } else {
                    "数值"
                };
                if u == U::One {
                    base.into()
                } else {
                    format!("{base} [{}]", u.text())
                }
            }
            Ty::Text => self.k("文本", "text").into(),
            Ty::Date => self.k("日期", "date").into(),
            Ty::Days => self.k("天数", "days").into(),
            Ty::Level => "级别".into(),
            Ty::Kind => "物".into(),
            Ty::Kinds => self.k("集合<物>", "set<物>").into(),
        }
    }

    // -------------------------------------------------------------------------------------------- literals

    fn bool_lit(&mut self, b: bool) -> String {
        let alt = self.c.percent(15);
        match (b, self.en, alt) {
            (true, false, false) => "是",
            (true, false, true) => "真",
            (false, false, false) => "否",
            (false, false, true) => "假",
            (true, true, _) => "true",
            (false, true, _) => "false",
        }
        .into()
    }

    fn int_lit(&mut self) -> String {
        let v = if self.c.percent(40) { self.c.below(50) as i64 } else { self.c.pick(&INTS) };
        let neg = self.c.percent(20);
        self.consts.ints.push(if neg { -v } else { v });
        if neg {
            wrap(&format!("-{v}"))
        } else {
            v.to_string()
        }
    }

    /// A decimal literal of unit `u`. `int_ok`: an integer-looking literal would be typed by its context.
    fn dec_lit(&mut self, u: U, int_ok: bool) -> String {
        let s = if self.c.percent(30) {
            let m = self.c.below(4000);
            let scale = self.c.below(4) as u32;
            Decimal::new(m as i64, scale).to_string()
        } else {
            self.c.pick(&DECS).to_string()
        };
        let d = Decimal::from_str_exact(&s).unwrap_or_default();
        let neg = self.c.percent(20);
        self.consts.decs.push(if neg { -d } else { d });
        let body = if u == U::One {
            let integer_ok = int_ok && self.c.percent(50);
            if !s.contains('.') && !integer_ok {
                format!("{s}.0")
            } else {
                s
            }
        } else {
            format!("{s} [{}]", u.text())
        };
        if neg {
            wrap(&format!("-{body}"))
        } else {
            body
        }
    }

    fn date_value(&mut self) -> i32 {
        let year = 2023 + self.c.below(5) as i32;
        if self.c.percent(4) {
            return self.c.pick(&[
                days_from_civil(1, 1, 1),
                days_from_civil(9999, 12, 31),
                days_from_civil(1900, 3, 1),
            ]);
        }
        let (m, d) = if self.c.percent(50) {
            let (m, d) = self.c.pick(&MONTH_DAYS);
            if (m, d) == (2, 29) && year != 2024 {
                (2, 28)
            } else {
                (m, d)
            }
        } else {
            let m = 1 + self.c.below(12) as u32;
            (m, 1 + self.c.below(jz_check::types::days_in_month(year, m) as usize) as u32)
        };
        days_from_civil(year, m, d)
    }

    fn date_lit(&mut self) -> String {
        let v = self.date_value();
        self.consts.dates.push(v);
        format_date(v)
    }

    fn days_lit(&mut self) -> String {
        let v = if self.c.percent(40) { self.c.below(40) as i64 } else { self.c.pick(&DAYS) };
        let neg = self.c.percent(15);
        self.consts.days.push(if neg { -v } else { v });
        let unit = if self.en { self.c.pick(&["days", "day"]) } else { "天" };
        if neg {
            wrap(&format!("-{v} {unit}"))
        } else {
            format!("{v} {unit}")
        }
    }

    fn variant(&mut self, names: &[&str], enum_name: &str) -> String {
        let v = self.c.pick(names);
        if self.c.percent(15) {
            format!("{enum_name}.{v}")
        } else {
            v.into()
        }
    }

    fn text_lit(&mut self) -> String {
        let s = if self.c.percent(25) {
            (0..self.c.below(5)).map(|_| char::from(b'0' + self.c.below(4) as u8)).collect()
        } else {
            self.c.pick(&TEXTS).to_string()
        };
        self.consts.texts.push(s.clone());
        if self.c.percent(20) {
            format!("“{s}”")
        } else {
            format!("\"{s}\"")
        }
    }

    fn kinds_lit(&mut self, typed: bool) -> String {
        if self.c.percent(20) {
            return if typed { "{}".into() } else { "空集".into() };
        }
        let n = 1 + self.c.below(3);
        let xs: Vec<String> = (0..n).map(|_| self.variant(&KINDS, "物")).collect();
        format!("{{{}}}", xs.join(", "))
    }

    fn lit(&mut self, ty: Ty) -> String {
        match ty {
            Ty::Bool => {
                let b = self.c.percent(50);
                self.bool_lit(b)
            }
            Ty::Int => self.int_lit(),
            Ty::Dec(u) => self.dec_lit(u, false),
            Ty::Text => self.text_lit(),
            Ty::Date => self.date_lit(),
            Ty::Days => self.days_lit(),
            Ty::Level => self.variant(&LEVELS, "级别"),
            Ty::Kind => self.variant(&KINDS, "物"),
            Ty::Kinds => self.kinds_lit(false),
        }
    }

    // -------------------------------------------------------------------------------------------- names

    fn usable_field(&self, i: usize) -> bool {
        self.in_record && self.fields.get(i).is_some_and(|f| !f.optional || self.present.contains(&i))
    }

    /// Everything of type `ty` a name can refer to here.
    fn names_of(&self, ty: Ty) -> Vec<String> {
        let mut out = Vec::new();
        for (i, f) in self.fields.iter().enumerate() {
            if f.ty == ty && self.usable_field(i) {
                out.push(f.name.clone());
            }
        }
        for (n, t) in SCENARIO.iter().chain(PARAMS.iter()) {
            if *t == ty {
                out.push((*n).to_string());
            }
        }
        for it in self.items.get(..self.limit).unwrap_or(&[]) {
            if it.ty == ty && (self.in_record || !it.record) {
                out.push(it.name.clone());
            }
        }
        if ty == Ty::Kinds {
            out.push("空集".into());
        }
        out
    }

    /// Optional fields not yet known to be present.
    fn unchecked_optionals(&self) -> Vec<usize> {
        if !self.in_record {
            return Vec::new();
        }
        (0..self.fields.len()).filter(|i| self.fields[*i].optional && !self.present.contains(i)).collect()
    }

    fn text_fields(&self) -> Vec<String> {
        (0..self.fields.len())
            .filter(|i| self.fields[*i].ty == Ty::Text && self.usable_field(*i))
            .map(|i| self.fields[i].name.clone())
            .collect()
    }

    fn leaf(&mut self, ty: Ty) -> String {
        let fields: Vec<String> = (0..self.fields.len())
            .filter(|i| self.fields[*i].ty == ty && self.usable_field(*i))
            .map(|i| self.fields[i].name.clone())
            .collect();
        if !fields.is_empty() && self.c.percent(50) {
            let i = self.c.below(fields.len());
            return fields[i].clone();
        }
        let names = self.names_of(ty);
        if names.is_empty() || self.c.percent(if ty == Ty::Bool { 10 } else { 30 }) {
            self.lit(ty)
        } else {
            let i = self.c.below(names.len());
            names[i].clone()
        }
    }

    /// A condition that mostly depends on the record: a predicate on a field (under `有` when optional),
    /// sometimes combined with another condition.
    fn cond(&mut self, d: u32) -> String {
        if self.c.percent(25) {
            return self.expr(Ty::Bool, d);
        }
        let f = 1 + self.c.below(self.fields.len() - 1);
        let p = if self.usable_field(f) {
            self.pred_on(f, d)
        } else {
            self.feat.guarded_reads = true;
            self.present.push(f);
            let p = self.pred_on(f, d);
            self.present.pop();
            format!("({} {}) {} {}", self.k("有", "has"), self.fields[f].name, self.k("且", "and"), wrap(&p))
        };
        if self.c.percent(30) {
            let kw = if self.c.percent(70) { self.k("且", "and") } else { self.k("或", "or") };
            let more = self.expr(Ty::Bool, d.saturating_sub(1));
            format!("{} {kw} {}", wrap(&p), wrap(&more))
        } else {
            p
        }
    }

    // -------------------------------------------------------------------------------------------- expressions

    fn expr(&mut self, ty: Ty, d: u32) -> String {
        if d == 0 || !self.c.percent(55) {
            return self.leaf(ty);
        }
        match ty {
            Ty::Bool => self.bool_expr(d),
            Ty::Int => match self.c.below(7) {
                0 => {
                    let op = self.c.pick(&["+", "-", "*", "*"]);
                    let (a, b) = (self.expr(Ty::Int, d - 1), self.expr(Ty::Int, d - 1));
                    format!("{} {op} {}", wrap(&a), wrap(&b))
                }
                1 => format!("-{}", wrap(&self.expr(Ty::Int, d - 1))),
                2 => {
                    let f = self.k("数量", "count");
                    format!("{f}({})", self.expr(Ty::Kinds, d - 1))
                }
                3 => self.max_min(ty, d),
                4 => self.if_expr(ty, d),
                5 => self.match_expr(ty, d),
                _ => self.guard_if(ty, d),
            },
            Ty::Dec(u) => match self.c.below(8) {
                0 => {
                    let op = self.c.pick(&["+", "-", "-"]);
                    let (a, b) = (self.expr(ty, d - 1), self.expr(ty, d - 1));
                    format!("{} {op} {}", wrap(&a), wrap(&b))
                }
                1 => {
                    let mut opts = vec![(u, U::One), (U::One, u)];
                    if u == U::T {
                        opts.extend([(U::Th, U::H), (U::H, U::Th)]);
                    }
                    let (x, y) = self.c.pick(&opts);
                    let op = self.c.pick(&["*", "×"]);
                    let (a, b) = (self.expr(Ty::Dec(x), d - 1), self.expr(Ty::Dec(y), d - 1));
                    format!("{} {op} {}", wrap(&a), wrap(&b))
                }
                2 => {
                    let mut opts = vec![(u, U::One)];
                    match u {
                        U::One => opts.extend([(U::Th, U::Th), (U::H, U::H), (U::One, U::One)]),
                        U::Th => opts.push((U::T, U::H)),
                        U::H => opts.push((U::T, U::Th)),
                        U::T => {}
                    }
                    let (x, y) = self.c.pick(&opts);
                    let op = self.c.pick(&["/", "/", "÷"]);
                    let (a, b) = (self.expr(Ty::Dec(x), d - 1), self.expr(Ty::Dec(y), d - 1));
                    format!("{} {op} {}", wrap(&a), wrap(&b))
                }
                3 => format!("-{}", wrap(&self.expr(ty, d - 1))),
                4 => self.max_min(ty, d),
                5 => self.if_expr(ty, d),
                6 => self.match_expr(ty, d),
                _ => self.guard_if(ty, d),
            },
            Ty::Date => match self.c.below(5) {
                0 => {
                    let op = self.c.pick(&["+", "-"]);
                    let (a, b) = (self.expr(Ty::Date, d - 1), self.expr(Ty::Days, d - 1));
                    format!("{} {op} {}", wrap(&a), wrap(&b))
                }
                1 => self.max_min(ty, d),
                2 => self.if_expr(ty, d),
                3 => self.match_expr(ty, d),
                _ => self.guard_if(ty, d),
            },
            Ty::Days => match self.c.below(7) {
                0 => {
                    let (a, b) = (self.expr(Ty::Date, d - 1), self.expr(Ty::Date, d - 1));
                    format!("{} - {}", wrap(&a), wrap(&b))
                }
                1 => {
                    let op = self.c.pick(&["+", "-"]);
                    let (a, b) = (self.expr(Ty::Days, d - 1), self.expr(Ty::Days, d - 1));
                    format!("{} {op} {}", wrap(&a), wrap(&b))
                }
                2 => format!("-{}", wrap(&self.expr(ty, d - 1))),
                3 => self.max_min(ty, d),
                4 => self.if_expr(ty, d),
                5 => self.match_expr(ty, d),
                _ => self.guard_if(ty, d),
            },
            Ty::Level | Ty::Kind => match self.c.below(4) {
                0 => self.max_min(ty, d),
                1 => self.if_expr(ty, d),
                2 => self.match_expr(ty, d),
                _ => self.guard_if(ty, d),
            },
            Ty::Kinds => match self.c.below(4) {
                0 => {
                    let n = 1 + self.c.below(3);
                    let xs: Vec<String> = (0..n).map(|_| self.expr(Ty::Kind, d - 1)).collect();
                    format!("{{{}}}", xs.join(", "))
                }
                1 => self.if_expr(ty, d),
                2 => self.match_expr(ty, d),
                _ => self.guard_if(ty, d),
            },
            Ty::Text => match self.c.below(3) {
                0 => self.if_expr(ty, d),
                1 => self.match_expr(ty, d),
                _ => self.guard_if(ty, d),
            },
        }
    }

    fn max_min(&mut self, ty: Ty, d: u32) -> String {
        let f = if self.c.percent(50) { self.k("最大", "max") } else { self.k("最小", "min") };
        let n = 2 + self.c.below(2);
        let xs: Vec<String> = (0..n).map(|_| self.expr(ty, d - 1)).collect();
        format!("{f}({})", xs.join(", "))
    }

    fn if_kw(&mut self) -> &'static str {
        if self.en {
            "if"
        } else if self.c.percent(30) {
            "如果"
        } else {
            "若"
        }
    }

    fn if_expr(&mut self, ty: Ty, d: u32) -> String {
        let c = self.expr(Ty::Bool, d - 1);
        let (a, b) = (self.expr(ty, d - 1), self.expr(ty, d - 1));
        let kw = self.if_kw();
        format!("{kw} {} {} {} {} {}", wrap(&c), self.k("则", "then"), wrap(&a), self.k("否则", "else"), wrap(&b))
    }

    fn match_expr(&mut self, ty: Ty, d: u32) -> String {
        let (sty, names): (Ty, &[&str]) = if self.c.percent(50) { (Ty::Kind, &KINDS) } else { (Ty::Level, &LEVELS) };
        let s = self.expr(sty, d - 1);
        let narms = 1 + self.c.below(3);
        let mut groups: Vec<Vec<String>> = vec![Vec::new(); narms];
        let mut rest = false;
        for v in names {
            let g = self.c.below(narms + 1);
            match groups.get_mut(g) {
                Some(grp) => grp.push((*v).to_string()),
                None => rest = true,
            }
        }
        let mut arms = Vec::new();
        for g in groups.into_iter().filter(|g| !g.is_empty()) {
            let body = self.expr(ty, d - 1);
            arms.push(format!("{} => {}", g.join(" | "), wrap(&body)));
        }
        if rest || arms.is_empty() {
            let body = self.expr(ty, d - 1);
            arms.push(format!("_ => {}", wrap(&body)));
        }
        format!("{} {} {{ {} }}", self.k("匹配", "match"), wrap(&s), arms.join(", "))
    }

    /// `若 有 f 则 … 否则 …` (or its negation), the `则` branch reading `f`.
    fn guard_if(&mut self, ty: Ty, d: u32) -> String {
        let opts = self.unchecked_optionals();
        if opts.is_empty() {
            return self.if_expr(ty, d);
        }
        let f = self.c.pick(&opts);
        self.feat.guarded_reads = true;
        let name = self.fields[f].name.clone();
        self.present.push(f);
        let a = if self.fields[f].ty == ty && self.c.percent(60) { name.clone() } else { self.expr(ty, d - 1) };
        self.present.pop();
        let b = self.expr(ty, d - 1);
        let has = self.k("有", "has");
        let (t, e) = (self.k("则", "then"), self.k("否则", "else"));
        let kw = self.if_kw();
        match self.c.below(3) {
            0 => format!("{kw} {has} {name} {t} {} {e} {}", wrap(&a), wrap(&b)),
            1 => {
                // `若 有 f 且 C 则 …`: f may be read in C and in the `则` branch
                self.present.push(f);
                let more = self.expr(Ty::Bool, d - 1);
                self.present.pop();
                format!("{kw} ({has} {name}) {} {} {t} {} {e} {}", self.k("且", "and"), wrap(&more), wrap(&a), wrap(&b))
            }
            _ => format!("{kw} {} {has} {name} {t} {} {e} {}", self.k("非", "not"), wrap(&b), wrap(&a)),
        }
    }

    fn cmp_op(&mut self, ordered: bool) -> &'static str {
        if ordered {
            self.c.pick(&["<", "==", "<=", ">", ">=", "!=", "<", "≤", ">", "≥"])
        } else {
            self.c.pick(&["==", "!=", "≠"])
        }
    }

    /// A boolean that reads optional field `f` (which the caller has made present).
    fn pred_on(&mut self, f: usize, d: u32) -> String {
        let name = self.fields[f].name.clone();
        let ty = self.fields[f].ty;
        let d1 = d.saturating_sub(1);
        match ty {
            Ty::Bool => {
                if self.c.percent(50) {
                    name
                } else {
                    let other = self.expr(Ty::Bool, d1);
                    format!("{name} == {}", wrap(&other))
                }
            }
            Ty::Text => self.text_test_on(name, d1),
            Ty::Kinds => {
                if self.c.percent(50) {
                    format!("{name} {}", self.k("为空", "is empty"))
                } else {
                    let other = self.expr(Ty::Kinds, d1);
                    format!("{name} {} {}", self.k("相交", "intersects"), wrap(&other))
                }
            }
            _ => {
                let op = self.cmp_op(!matches!(ty, Ty::Bool));
                let other = if self.c.percent(60) { self.rhs_lit(ty) } else { self.expr(ty, d1) };
                format!("{name} {op} {}", wrap(&other))
            }
        }
    }

    /// A literal for the right of a comparison (integer literals may stand for unitless decimals there).
    fn rhs_lit(&mut self, ty: Ty) -> String {
        match ty {
            Ty::Dec(U::One) => self.dec_lit(U::One, true),
            _ => self.lit(ty),
        }
    }

    fn text_test_on(&mut self, t: String, d: u32) -> String {
        self.feat.text_tests = true;
        match self.c.below(9) {
            0 => {
                let l = self.text_lit();
                format!("{t} == {l}")
            }
            1 => {
                let l = self.text_lit();
                format!("{l} == {t}")
            }
            2 => {
                let l = self.text_lit();
                format!("{t} {} {l}", self.c.pick(&["!=", "≠"]))
            }
            3 | 4 => {
                let n = self.c.below(4);
                let mut xs: Vec<String> = (0..n).map(|_| self.text_lit()).collect();
                if self.c.percent(20) {
                    xs.push("前缀".into());
                }
                let kw = if self.c.percent(60) { self.k("属于", "in") } else { self.k("不属于", "not in") };
                format!("{t} {kw} {{{}}}", xs.join(", "))
            }
            5 => {
                let l = self.text_lit();
                format!("{t} {} {l}", self.k("开头为", "starts with"))
            }
            6 => {
                let n = 1 + self.c.below(3);
                let xs: Vec<String> = (0..n).map(|_| self.text_lit()).collect();
                format!("{t} {} {{{}}}", self.k("开头为", "starts with"), xs.join(", "))
            }
            7 => {
                let kw = self.k("开头为", "starts with");
                if self.c.percent(50) {
                    format!("{t} {kw} 前缀")
                } else {
                    format!("{t} == 前缀")
                }
            }
            _ => {
                // against another text value: a field, a text definition or decision, a conditional
                let other = self.expr(Ty::Text, d.saturating_sub(1));
                format!("{t} {} {}", self.cmp_op(false), wrap(&other))
            }
        }
    }

    fn md(&mut self) -> String {
        let m = 1 + self.c.below(12) as u32;
        let d = 1 + self.c.below(jz_check::types::days_in_month(2024, m) as usize) as u32;
        format!("{m:02}-{d:02}")
    }

    /// An ordered type worth comparing (biased towards the record's field types).
    fn ordered_ty(&mut self) -> Ty {
        let mut tys: Vec<Ty> = self
            .fields
            .iter()
            .map(|f| f.ty)
            .filter(|t| matches!(t, Ty::Int | Ty::Dec(_) | Ty::Date | Ty::Days | Ty::Level | Ty::Kind))
            .collect();
        tys.extend([Ty::Int, Ty::Dec(U::One), Ty::Dec(U::Th), Ty::Date, Ty::Days, Ty::Level]);
        self.c.pick(&tys)
    }

    fn bool_expr(&mut self, d: u32) -> String {
        let d1 = d - 1;
        match self.c.below(13) {
            0 => format!("{} {}", self.k("非", "not"), wrap(&self.expr(Ty::Bool, d1))),
            1 | 2 => {
                let kw = if self.c.percent(50) { self.k("且", "and") } else { self.k("或", "or") };
                let (a, b) = (self.expr(Ty::Bool, d1), self.expr(Ty::Bool, d1));
                format!("{} {kw} {}", wrap(&a), wrap(&b))
            }
            3 | 4 => {
                let ty = self.ordered_ty();
                let a = self.expr(ty, d1);
                let op = self.cmp_op(true);
                let b = if self.c.percent(60) { self.rhs_lit(ty) } else { self.expr(ty, d1) };
                format!("{} {op} {}", wrap(&a), wrap(&b))
            }
            5 => {
                let ty = self.c.pick(&[Ty::Bool, Ty::Kinds, Ty::Text, Ty::Int, Ty::Dec(U::Th), Ty::Date, Ty::Kind]);
                match ty {
                    Ty::Text => self.text_test(d),
                    _ => {
                        let a = self.expr(ty, d1);
                        let op = self.cmp_op(false);
                        let b = self.expr(ty, d1);
                        format!("{} {op} {}", wrap(&a), wrap(&b))
                    }
                }
            }
            6 => {
                let ty = self.c.pick(&[Ty::Level, Ty::Kind, Ty::Int, Ty::Dec(U::One), Ty::Date, Ty::Days, Ty::Text]);
                if ty == Ty::Text {
                    return self.text_test(d);
                }
                let a = self.expr(ty, d1);
                let n = if self.c.percent(5) { 0 } else { 1 + self.c.below(3) };
                let xs: Vec<String> = (0..n)
                    .map(|_| if self.c.percent(70) { self.rhs_lit(ty) } else { self.expr(ty, d1.saturating_sub(1)) })
                    .collect();
                let kw = if self.c.percent(70) { self.k("属于", "in") } else { self.k("不属于", "not in") };
                format!("{} {kw} {{{}}}", wrap(&a), xs.join(", "))
            }
            7 => self.set_test(d),
            8 => {
                let a = self.expr(Ty::Date, d1);
                let (from, to) = (self.md(), self.md());
                let kw = match (self.en, self.c.below(3)) {
                    (true, 0) => "not in",
                    (true, _) => "in",
                    (false, 0) => "不在",
                    (false, 1) => "属于",
                    (false, _) => "在",
                };
                format!("{} {kw} {from}..{to}", wrap(&a))
            }
            9 => self.text_test(d),
            10 => self.guard_bool(d),
            11 => self.if_expr(Ty::Bool, d),
            _ => self.match_expr(Ty::Bool, d),
        }
    }

    fn text_test(&mut self, d: u32) -> String {
        let ts = self.text_fields();
        if ts.is_empty() {
            return self.expr(Ty::Bool, d - 1);
        }
        let i = self.c.below(ts.len());
        if self.c.percent(40) {
            self.text_formula(&ts[i], d)
        } else {
            self.text_test_on(ts[i].clone(), d - 1)
        }
    }

    /// 非/且/或/若 over tests of one text field and row-invariant booleans: one host-computed formula.
    fn text_formula(&mut self, t: &str, d: u32) -> String {
        if d == 0 || !self.c.percent(60) {
            return self.text_test_on(t.to_string(), 0);
        }
        let d1 = d - 1;
        match self.c.below(5) {
            0 => format!("{} {}", self.k("非", "not"), wrap(&self.text_formula(t, d1))),
            1 | 2 => {
                let kw = if self.c.percent(50) { self.k("且", "and") } else { self.k("或", "or") };
                let (a, b) = (self.text_formula(t, d1), self.text_formula(t, d1));
                format!("{} {kw} {}", wrap(&a), wrap(&b))
            }
            3 => {
                let (c, a, b) = (self.text_formula(t, d1), self.text_formula(t, d1), self.text_formula(t, d1));
                let kw = self.if_kw();
                format!(
                    "{kw} {} {} {} {} {}",
                    wrap(&c),
                    self.k("则", "then"),
                    wrap(&a),
                    self.k("否则", "else"),
                    wrap(&b)
                )
            }
            _ => {
                let names = if self.in_record { vec!["开关", "启用"] } else { Vec::new() };
                let mut names: Vec<String> = names.into_iter().map(String::from).collect();
                names.extend(
                    self.items
                        .get(..self.limit)
                        .unwrap_or(&[])
                        .iter()
                        .filter(|i| i.ty == Ty::Bool && !i.record)
                        .map(|i| i.name.clone()),
                );
                let inv = if names.is_empty() { self.lit(Ty::Bool) } else { names[self.c.below(names.len())].clone() };
                let kw = if self.c.percent(50) { self.k("且", "and") } else { self.k("或", "or") };
                let a = self.text_formula(t, d1);
                if self.c.percent(50) {
                    format!("{} {kw} {}", wrap(&a), wrap(&inv))
                } else {
                    format!("{} {kw} {}", wrap(&inv), wrap(&a))
                }
            }
        }
    }

    fn set_test(&mut self, d: u32) -> String {
        let d1 = d - 1;
        let s = self.expr(Ty::Kinds, d1);
        match self.c.below(6) {
            0 => {
                let x = self.expr(Ty::Kind, d1);
                let kw = if self.c.percent(70) { self.k("属于", "in") } else { self.k("不属于", "not in") };
                format!("{} {kw} {}", wrap(&x), wrap(&s))
            }
            1 => {
                let x = self.expr(Ty::Kind, d1);
                format!("{} {} {}", wrap(&s), self.k("包含", "contains"), wrap(&x))
            }
            2 => {
                let kw =
                    if self.c.percent(50) { self.k("为空", "is empty") } else { self.k("非空", "is not empty") };
                format!("{} {kw}", wrap(&s))
            }
            3 => {
                let t = if self.c.percent(50) { self.kinds_lit(false) } else { self.expr(Ty::Kinds, d1) };
                format!("{} {} {}", wrap(&s), self.k("相交", "intersects"), wrap(&t))
            }
            4 => {
                let t = if self.c.percent(50) { self.kinds_lit(false) } else { self.expr(Ty::Kinds, d1) };
                format!("{} {} {}", wrap(&s), self.k("包含于", "subset of"), wrap(&t))
            }
            _ => {
                let op = self.cmp_op(true);
                let n = self.int_lit();
                format!("{}({}) {op} {n}", self.k("数量", "count"), s)
            }
        }
    }

    /// `有 f`, `有 f 且 P(f)`, `非 有 f 或 P(f)`.
    fn guard_bool(&mut self, d: u32) -> String {
        let opts = self.unchecked_optionals();
        if opts.is_empty() {
            return self.expr(Ty::Bool, d - 1);
        }
        let f = self.c.pick(&opts);
        let name = self.fields[f].name.clone();
        let has = self.k("有", "has");
        let form = self.c.below(4);
        if form == 0 {
            return format!("{has} {name}");
        }
        self.feat.guarded_reads = true;
        self.present.push(f);
        let p = self.pred_on(f, d);
        self.present.pop();
        match form {
            1 => format!("({has} {name}) {} {}", self.k("且", "and"), wrap(&p)),
            2 => format!("({} {has} {name}) {} {}", self.k("非", "not"), self.k("或", "or"), wrap(&p)),
            _ => format!("{} (({has} {name}) {} {})", self.k("非", "not"), self.k("且", "and"), wrap(&p)),
        }
    }

    // -------------------------------------------------------------------------------------------- items

    fn cites(&mut self) -> String {
        match self.c.below(6) {
            0 => String::new(),
            1 => format!(" {} \"一\", “二（三）”", self.k("依据", "cites")),
            _ => format!(" {} \"三（{}）\"", self.k("依据", "cites"), self.c.below(10)),
        }
    }

    /// A decision's rules: a forest of rules and exceptions (at most three levels of exceptions).
    fn rules(
        &mut self,
        dname: &str,
        ty: Ty,
        palette: &[String],
        parent: Option<String>,
        depth: u32,
        out: &mut Vec<RuleSpec>,
    ) {
        let n = match parent {
            None => 1 + usize::from(self.c.percent(35)) + usize::from(self.c.percent(10)),
            Some(_) => usize::from(self.c.percent(45)) + usize::from(self.c.percent(15)),
        };
        for _ in 0..n {
            if depth >= 2 {
                self.feat.nested_exceptions = true;
            }
            let id = self.rules_made;
            self.rules_made += 1;
            let label = format!("条{dname}_{id}");
            let mark = self.present.len();
            let cond = if self.c.percent(8) {
                None
            } else if self.c.percent(15) && !self.unchecked_optionals().is_empty() {
                // `当 有 f 且 …`: the value may read f
                let opts = self.unchecked_optionals();
                let f = self.c.pick(&opts);
                self.feat.guarded_reads = true;
                self.present.push(f);
                let more = self.cond(1);
                let name = self.fields[f].name.clone();
                Some(format!("({} {name}) {} {}", self.k("有", "has"), self.k("且", "and"), wrap(&more)))
            } else {
                Some(self.cond(2))
            };
            let value = if !palette.is_empty() && self.c.percent(75) {
                // mostly the first value: sibling rules agree more often than not
                palette[usize::from(self.c.percent(30))].clone()
            } else {
                let d = 1 + u32::from(self.c.percent(30));
                self.value_expr(ty, d)
            };
            self.present.truncate(mark);
            let cites = self.cites();
            let when = cond.map(|c| format!("{} {c} ", self.k("当", "when"))).unwrap_or_default();
            let body = format!("{label}{cites}: {when}{} {value}", self.k("则", "then"));
            let idx = out.len();
            out.push(RuleSpec { label: Some(label.clone()), parent: parent.clone(), text: body, extended: false });
            if depth < 3 {
                self.rules(dname, ty, palette, Some(label.clone()), depth + 1, out);
            }
            let has_children = out.iter().any(|r| r.parent.as_deref() == Some(label.as_str()));
            if !has_children && self.c.percent(40) {
                // an unlabelled rule
                if let Some(r) = out.get_mut(idx) {
                    r.label = None;
                    r.text = r.text.replacen(&label, "", 1);
                }
            }
        }
    }

    /// A value of `ty` where the checker knows the type (so `{}` is fine).
    fn value_expr(&mut self, ty: Ty, d: u32) -> String {
        if ty == Ty::Kinds && self.c.percent(15) {
            return "{}".into();
        }
        self.expr(ty, d)
    }

    fn decision(&mut self, name: &str, ty: Ty) -> (String, Vec<RuleSpec>) {
        let mut palette = Vec::new();
        if ty == Ty::Bool {
            let (t, f) = (self.bool_lit(true), self.bool_lit(false));
            palette.extend([t, f]);
        } else {
            for _ in 0..2 {
                let v = if ty == Ty::Kinds { self.kinds_lit(true) } else { self.lit(ty) };
                palette.push(v);
            }
        }
        let default = if self.c.percent(60) { palette[self.c.below(2)].clone() } else { self.value_expr(ty, 2) };
        let mut rules = Vec::new();
        if !self.c.percent(5) {
            self.rules(name, ty, &palette, None, 0, &mut rules);
        }
        let ty_text = self.ty_text(ty);
        let head = format!("{} {name}: {ty_text} {} {default}", self.k("判定", "decision"), self.k("默认", "default"));
        (head, rules)
    }

    fn rule_text(&self, r: &RuleSpec) -> String {
        match &r.parent {
            Some(p) => format!("  {} {p} {} {}", self.k("例外", "exception"), self.k("规则", "rule"), r.text),
            None => format!("  {} {}", self.k("规则", "rule"), r.text),
        }
    }
}

const FIELD_MENU: [Ty; 13] = [
    Ty::Bool,
    Ty::Bool,
    Ty::Int,
    Ty::Dec(U::One),
    Ty::Dec(U::Th),
    Ty::Dec(U::H),
    Ty::Date,
    Ty::Days,
    Ty::Level,
    Ty::Kind,
    Ty::Kinds,
    Ty::Text,
    Ty::Int,
];
const DEF_MENU: [Ty; 12] = [
    Ty::Bool,
    Ty::Bool,
    Ty::Bool,
    Ty::Int,
    Ty::Dec(U::One),
    Ty::Dec(U::Th),
    Ty::Date,
    Ty::Days,
    Ty::Level,
    Ty::Kind,
    Ty::Kinds,
    Ty::Dec(U::T),
];
const DECISION_MENU: [Ty; 12] = [
    Ty::Bool,
    Ty::Bool,
    Ty::Bool,
    Ty::Int,
    Ty::Dec(U::One),
    Ty::Dec(U::Th),
    Ty::Dec(U::T),
    Ty::Date,
    Ty::Days,
    Ty::Level,
    Ty::Level,
    Ty::Kinds,
];

fn field_prefix(ty: Ty) -> &'static str {
    match ty {
        Ty::Bool => "布",
        Ty::Int => "整",
        Ty::Dec(U::One) => "数",
        Ty::Dec(U::Th) => "量",
        Ty::Dec(U::H) => "时",
        Ty::Dec(U::T) => "吨",
        Ty::Text => "文",
        Ty::Date => "日",
        Ty::Days => "期",
        Ty::Level => "级",
        Ty::Kind => "类",
        Ty::Kinds => "集",
    }
}

/// Generate one well-typed program from a choice stream.
fn generate(bytes: &[u8]) -> Generated {
    let mut g = G {
        c: Choices { bytes, pos: 0 },
        en: false,
        fields: Vec::new(),
        items: Vec::new(),
        limit: 0,
        in_record: false,
        present: Vec::new(),
        consts: Consts::default(),
        feat: Feat::default(),
        rules_made: 0,
    };
    g.en = g.c.percent(25);
    g.feat.english = g.en;
    let mut src = String::new();
    let line = |src: &mut String, s: String| {
        src.push_str(&s);
        src.push('\n');
    };
    line(&mut src, format!("{} 生成.程序 \"随机生成的政策\"", g.k("政策", "policy")));
    line(&mut src, format!("{} 级别 {{ {} }}", g.k("枚举", "enum"), LEVELS.join(", ")));
    line(&mut src, format!("{} 物 {{ {} }}", g.k("枚举", "enum"), KINDS.join(", ")));

    // scenario and parameters, with random defaults
    let scen: Vec<String> = SCENARIO
        .iter()
        .map(|(n, t)| {
            let tt = g.ty_text(*t);
            let v = g.lit(*t);
            format!("{n}: {tt} = {v}")
        })
        .collect();
    line(&mut src, format!("{} {{ {} }}", g.k("情景", "scenario"), scen.join("; ")));
    let open = g.k("开放", "open");
    let cap = 10 + g.c.below(41);
    g.consts.decs.extend([Decimal::from(10), Decimal::from(50), Decimal::from(cap)]);
    line(
        &mut src,
        format!("{} 上限 = {cap} [t/h] {open} {} [10 [t/h], 50 [t/h]]", g.k("参数", "param"), g.k("范围", "range")),
    );
    let grace = g.days_lit();
    let ty = g.ty_text(Ty::Days);
    line(&mut src, format!("{} 宽限: {ty} = {grace} {open}", g.k("参数", "param")));
    let mult = g.int_lit();
    let o = if g.c.percent(80) { open } else { "" };
    line(&mut src, format!("{} 倍数 = {mult} {o}", g.k("参数", "param")));
    let on = g.lit(Ty::Bool);
    line(&mut src, format!("{} 启用 = {on} {open}", g.k("参数", "param")));
    let prefix = g.text_lit();
    line(&mut src, format!("{} 前缀 = {prefix} {open}", g.k("参数", "param")));
    line(&mut src, format!("{} 空集: {} = {{}}", g.k("定义", "define"), g.ty_text(Ty::Kinds)));

    // scenario-level definitions (only scenario values and parameters)
    for i in 0..g.c.below(3) {
        let ty =
            g.c.pick(&[Ty::Bool, Ty::Bool, Ty::Dec(U::Th), Ty::Date, Ty::Days, Ty::Int, Ty::Level, Ty::Dec(U::One)]);
        let name = format!("季{i}");
        g.limit = g.items.len();
        let body = if ty == Ty::Bool && g.c.percent(40) {
            let kw = g.k("在", "in");
            let (a, b) = (g.md(), g.md());
            format!("今天 {kw} {a}..{b}")
        } else {
            g.expr(ty, 2)
        };
        line(&mut src, format!("{} {name} = {body}", g.k("定义", "define")));
        g.items.push(ItemSpec { name, ty, record: false });
    }

    // the record
    g.fields.push(FieldSpec { name: "代码".into(), ty: Ty::Text, optional: false });
    let nfields = 3 + g.c.below(5);
    for i in 0..nfields {
        let ty = if i == 0 { Ty::Bool } else { g.c.pick(&FIELD_MENU) };
        let optional = i > 0 && g.c.percent(30);
        g.fields.push(FieldSpec { name: format!("{}{i}", field_prefix(ty)), ty, optional });
    }
    let decls: Vec<String> = (0..g.fields.len())
        .map(|i| {
            let (name, ty, optional) = (g.fields[i].name.clone(), g.fields[i].ty, g.fields[i].optional);
            let tt = g.ty_text(ty);
            let q = if optional {
                if g.c.percent(20) {
                    "？"
                } else {
                    "?"
                }
            } else {
                ""
            };
            format!("{name}: {tt}{q}")
        })
        .collect();
    line(&mut src, format!("{} {RECORD} {} 代码 {{ {} }}", g.k("记录", "record"), g.k("键", "key"), decls.join(", ")));
    line(&mut src, format!("{} {RECORD}", g.k("关于", "about")));
    g.in_record = true;

    // definitions and decisions, each referring only to earlier ones
    let ndecisions = 1 + g.c.below(4);
    let ndefs = g.c.below(5);
    let mut kinds: Vec<bool> = std::iter::repeat_n(true, ndecisions).chain(std::iter::repeat_n(false, ndefs)).collect();
    g.c.shuffle(&mut kinds);
    let mut blocks: Vec<String> = Vec::new();
    let mut extensions: Vec<String> = Vec::new();
    let mut decision_names = Vec::new();
    for (i, is_decision) in kinds.into_iter().enumerate() {
        g.limit = g.items.len();
        if is_decision {
            let ty = if g.c.percent(4) { Ty::Text } else { g.c.pick(&DECISION_MENU) };
            let name = format!("决{i}");
            let (head, mut rules) = g.decision(&name, ty);
            // some exceptions move to a `补充 判定` block; sometimes rules are declared out of order
            if g.c.percent(20) {
                for r in rules.iter_mut().filter(|r| r.parent.is_some()) {
                    r.extended = g.c.percent(60);
                }
            }
            if g.c.percent(15) {
                g.c.shuffle(&mut rules);
            }
            let body: Vec<String> = rules.iter().filter(|r| !r.extended).map(|r| g.rule_text(r)).collect();
            blocks.push(format!("{head} {{\n{}\n}}", body.join("\n")));
            let ext: Vec<String> = rules.iter().filter(|r| r.extended).map(|r| g.rule_text(r)).collect();
            if !ext.is_empty() {
                g.feat.extension = true;
                extensions.push(format!(
                    "{} {} {name} {{\n{}\n}}",
                    g.k("补充", "extend"),
                    g.k("判定", "decision"),
                    ext.join("\n")
                ));
            }
            decision_names.push((name.clone(), ty));
            g.items.push(ItemSpec { name, ty, record: true });
        } else {
            let ty = if g.c.percent(6) { Ty::Text } else { g.c.pick(&DEF_MENU) };
            let name = format!("派{i}");
            let annotate = g.c.percent(30);
            let body = if ty == Ty::Bool {
                g.cond(2)
            } else if annotate {
                g.value_expr(ty, 2)
            } else {
                g.expr(ty, 2)
            };
            let ann = if annotate { format!(": {}", g.ty_text(ty)) } else { String::new() };
            blocks.push(format!("{} {name}{ann} = {body}", g.k("定义", "define")));
            g.items.push(ItemSpec { name, ty, record: true });
        }
    }
    g.limit = g.items.len();
    if g.c.percent(30) {
        g.c.shuffle(&mut blocks);
    }
    for b in blocks.into_iter().chain(extensions) {
        line(&mut src, b);
    }

    // rarely: more distinct text tests on one field than the kernel's 64-bit mask holds
    if g.c.percent(2) {
        let name = "决宽".to_string();
        let n = 60 + g.c.below(10);
        let ty = g.c.pick(&[Ty::Int, Ty::Bool, Ty::Level]);
        let value = |g: &mut G<'_>, i: usize| match ty {
            Ty::Bool => g.bool_lit(i % 3 != 1),
            Ty::Level => LEVELS[i % 4].to_string(),
            _ => (i % 7).to_string(),
        };
        let mut rules = Vec::new();
        for i in 0..n {
            let v = value(&mut g, i);
            // every tenth rule has an exception, so rule numbers above 64 decide through packed rule trees
            let (rule, when, then) = (g.k("规则", "rule"), g.k("当", "when"), g.k("则", "then"));
            rules.push(format!("  {rule} 宽{i}: {when} 代码 == \"K{i}\" {then} {v}"));
            if i % 10 == 9 {
                let w = value(&mut g, i + 1);
                let exc = g.k("例外", "exception");
                rules.push(format!("  {exc} 宽{i} {rule} 宽{i}_例外: {when} 布0 {then} {w}"));
            }
        }
        let dflt = value(&mut g, n);
        let tt = g.ty_text(ty);
        line(
            &mut src,
            format!(
                "{} {name}: {tt} {} {dflt} {{\n{}\n}}",
                g.k("判定", "decision"),
                g.k("默认", "default"),
                rules.join("\n")
            ),
        );
        decision_names.push((name.clone(), ty));
        g.items.push(ItemSpec { name, ty, record: true });
        g.feat.text_tests = true;
    }

    // guarantees
    let nguarantees = usize::from(g.c.percent(50)) + usize::from(g.c.percent(25));
    for i in 0..nguarantees {
        let comparable: Vec<(String, Ty)> = decision_names.iter().filter(|(_, t)| *t != Ty::Text).cloned().collect();
        let assertion = if !comparable.is_empty() && g.c.percent(60) {
            let (d, t) = g.c.pick(&comparable.iter().map(|(n, t)| (n.as_str(), *t)).collect::<Vec<_>>());
            let op = if g.c.percent(70) { g.c.pick(&["!=", "≠"]) } else { "==" };
            let v = if t == Ty::Kinds { g.kinds_lit(false) } else { g.rhs_lit(t) };
            format!("{d} {op} {}", wrap(&v))
        } else {
            g.expr(Ty::Bool, 2)
        };
        let cites = g.cites();
        if g.c.percent(75) {
            let c = g.cond(1);
            line(
                &mut src,
                format!(
                    "{} 守{i}{cites}: {} {} {} {}",
                    g.k("保障", "guarantee"),
                    g.k("当", "when"),
                    wrap(&c),
                    g.k("则", "then"),
                    wrap(&assertion)
                ),
            );
        } else {
            line(&mut src, format!("{} 守{i}{cites}: {}", g.k("保障", "guarantee"), wrap(&assertion)));
        }
    }

    // `输出`: a subset of the decisions in some order (none: all of them in declaration order)
    if g.c.percent(60) {
        let mut names: Vec<String> = decision_names.iter().map(|(n, _)| n.clone()).collect();
        g.c.shuffle(&mut names);
        let keep = 1 + g.c.below(names.len());
        names.truncate(keep);
        if g.c.percent(5) {
            // a decision listed twice
            names.push(names[0].clone());
        }
        g.feat.output_item = true;
        line(&mut src, format!("{} {RECORD} {{ {} }}", g.k("输出", "output"), names.join(", ")));
    }
    let exhausted = g.c.pos > bytes.len();
    Generated { src, consts: g.consts, feat: g.feat, exhausted }
}

// ------------------------------------------------------------------------------------------------ values

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap_or_default()
}

/// A random value of a checked type, often on or next to one of the program's constants.
fn random_value(r: &mut Mix, p: &Program, ty: &Type, k: &Consts) -> Value {
    match ty {
        Type::Bool => Value::Bool(r.pct(50)),
        Type::Int => Value::Int(match r.below(10) {
            0..=3 if !k.ints.is_empty() => r.pick(&k.ints).saturating_add(r.range(-1, 1)),
            4 | 5 => r.pick(&[
                0,
                1,
                -1,
                i64::MAX,
                i64::MIN,
                i64::MAX - 1,
                i64::MIN + 1,
                3_037_000_500,
                -3_037_000_500,
                4_294_967_296,
                1 << 62,
            ]),
            _ => r.range(-20, 20),
        }),
        Type::Dec(_) => Value::Dec(match r.below(20) {
            0..=6 if !k.decs.is_empty() => {
                let c = r.pick(&k.decs);
                let delta = r.pick(&["0", "0", "0.000001", "-0.000001", "1", "-1", "0.5", "0.0000001"]);
                c.checked_add(dec(delta)).unwrap_or(c)
            }
            7 | 8 => Decimal::ZERO,
            9..=12 => Decimal::new(r.range(-2000, 2000), r.below(4) as u32),
            13 | 14 => Decimal::new(r.range(-1_000_000_000_000, 1_000_000_000_000), 7 + r.below(6) as u32),
            15 => Decimal::from_i128_with_scale(
                (10i128.pow(19) + i128::from(r.range(0, 1 << 40))) * if r.pct(50) { 1 } else { -1 },
                r.below(3) as u32,
            ),
            16 => dec(r.pick(&[
                "9223372036854.775807",
                "-9223372036854.775808",
                "9223372036854.775806",
                "-9223372036854.775807",
                "9223372036854.7758070",
                "4611686018427.387904",
            ])),
            17 => r.pick(&[
                Decimal::MAX,
                Decimal::MIN,
                dec("1.5000000000"),
                dec("-0"),
                dec("0.000000000000000000000000001"),
            ]),
            _ => Decimal::new(r.range(-100_000_000, 100_000_000), r.below(7) as u32),
        }),
        // dates a data file can hold: years 0000–9999
        Type::Date => Value::Date(
            match r.below(10) {
                0..=3 if !k.dates.is_empty() => r.pick(&k.dates).saturating_add(r.range(-2, 2) as i32),
                4 | 5 => {
                    let y = 2023 + r.range(0, 4) as i32;
                    let (m, d) = r.pick(&MONTH_DAYS);
                    let d = if (m, d) == (2, 29) && y != 2024 { 28 } else { d };
                    days_from_civil(y, m, d)
                }
                6 => r.pick(&[days_from_civil(0, 1, 1), days_from_civil(9999, 12, 31), days_from_civil(1970, 1, 1)]),
                _ => r.range(i64::from(days_from_civil(2020, 1, 1)), i64::from(days_from_civil(2030, 1, 1))) as i32,
            }
            .clamp(days_from_civil(0, 1, 1), days_from_civil(9999, 12, 31)),
        ),
        Type::Days => Value::Days(match r.below(10) {
            0..=3 if !k.days.is_empty() => r.pick(&k.days).saturating_add(r.range(-1, 1)),
            4 | 5 => r.pick(&[
                0,
                1,
                -1,
                365,
                2_147_483_647,
                2_147_483_648,
                -2_147_483_648,
                -2_147_483_649,
                i64::MAX,
                i64::MIN,
                3_000_000,
                -3_000_000,
            ]),
            _ => r.range(-400, 400),
        }),
        Type::Enum(e) => Value::Enum(r.below(p.enums.get(*e).map_or(1, |d| d.variants.len()) as u64) as u16),
        Type::Set(e) => {
            let n = p.enums.get(*e).map_or(1, |d| d.variants.len()) as u32;
            let all = (1u64 << n) - 1;
            Value::Set(match r.below(5) {
                0 => 0,
                1 => all,
                _ => r.next() & all,
            })
        }
        Type::Text => {
            let s: String = match r.below(10) {
                0..=3 if !k.texts.is_empty() => r.pick(&k.texts),
                4..=6 => r.pick(&TEXTS).to_string(),
                7 => {
                    // a prefix or an extension of a constant
                    let base = r.pick(&TEXTS).to_string();
                    if r.pct(50) {
                        base.chars().take(r.below(4) as usize).collect()
                    } else {
                        format!("{base}{}", r.below(10))
                    }
                }
                _ => (0..r.below(11)).map(|_| char::from(b'0' + r.below(10) as u8)).collect(),
            };
            Value::Text(Arc::from(s.as_str()))
        }
    }
}

// ------------------------------------------------------------------------------------------------ comparing

/// What a run exercised.
#[derive(Default, Debug)]
struct Tally {
    policies: u64,
    cases: u64,
    rows: u64,
    native: u64,
    interpreted: u64,
    errors: u64,
    conflicts: u64,
    overflows: u64,
    div_by_zero: u64,
    guarantees: u64,
    native_by_rule: u64,
    native_by_default: u64,
    programs_with_fallbacks: u64,
    nested_exceptions: u64,
    guarded_reads: u64,
    text_tests: u64,
    extensions: u64,
    output_items: u64,
    english: u64,
    exhausted_streams: u64,
    other_engines: u64,
    /// Cases compiled with `jz_jit::compile_lanes` for more than one scenario.
    lane_engines: u64,
    /// Of those, rows where a later lane's result differs from the first lane's.
    lanes_differing: u64,
    fallback_reasons: std::collections::BTreeMap<String, u64>,
}

fn cell(p: &Program, ty: &Type, v: &Value) -> Option<String> {
    match v {
        Value::Absent => None,
        Value::Dec(d) => Some(d.to_string()),
        Value::Text(t) => Some(t.to_string()),
        Value::Days(d) => Some(d.to_string()),
        other => Some(p.format_value(ty, other)),
    }
}

fn describe(p: &Program, r: &Result<Vec<Outcome>, EvalError>) -> String {
    match r {
        Ok(v) => format!("{v:?}"),
        Err(e) => format!("{e:?} — {}", e.describe(p)),
    }
}

/// One program under one scenario and parameter vector.
struct Case<'a> {
    src: &'a str,
    p: &'a Program,
    rid: RecordId,
    scenario: &'a [Value],
    params: &'a [Value],
    /// The decisions the engine computes and the guarantees it checks after them (indexes into
    /// `Program::guarantees`). The record's `输出` and all its guarantees in declaration order is what `jz run`
    /// compiles (with `jz_jit::compile`; the result must equal `Interp::outputs`); other choices (the REPL's)
    /// are compiled with `jz_jit::compile_with` and checked against the interpreter evaluating the same
    /// decisions and guarantees in the same order.
    decisions: &'a [DecisionId],
    guarantees: &'a [usize],
    /// The scenarios of the engine's further lanes (`jz_jit::compile_lanes`; empty: one lane, `scenario`).
    lanes: &'a [Vec<Value>],
}

impl Case<'_> {
    fn official(&self) -> bool {
        let all: Vec<usize> =
            self.p.guarantees.iter().enumerate().filter(|(_, g)| g.record == self.rid).map(|(i, _)| i).collect();
        self.decisions == self.p.outputs[self.rid].as_slice() && self.guarantees == all.as_slice()
    }
}

impl Case<'_> {
    /// Everything needed to reproduce a disagreement, including a regression test to paste into this file.
    fn report(&self, row: &[Value], what: &str, fallbacks: &str) -> String {
        let (src, p) = (self.src, self.p);
        let named = |names: Vec<(&str, &Type)>, vals: &[Value]| -> Vec<(String, String)> {
            names.into_iter().zip(vals).map(|((n, t), v)| (n.to_string(), cell(p, t, v).unwrap_or_default())).collect()
        };
        let scen = named(p.scenario.iter().map(|s| (s.name.as_str(), &s.ty)).collect(), self.scenario);
        let lanes: Vec<Vec<(String, String)>> = self
            .lanes
            .iter()
            .map(|l| named(p.scenario.iter().map(|s| (s.name.as_str(), &s.ty)).collect(), l))
            .collect();
        let pars = named(p.params.iter().map(|s| (s.name.as_str(), &s.ty)).collect(), self.params);
        let rec: Vec<(String, Option<String>)> =
            p.records[self.rid].fields.iter().zip(row).map(|(f, v)| (f.name.clone(), cell(p, &f.ty, v))).collect();
        let list =
            |xs: &[(String, String)]| xs.iter().map(|(n, v)| format!("({n:?}, {v:?})")).collect::<Vec<_>>().join(", ");
        let recs = rec
            .iter()
            .map(|(n, v)| match v {
                Some(v) => format!("({n:?}, Some({v:?}))"),
                None => format!("({n:?}, None)"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let names: Vec<&str> =
            self.decisions.iter().filter_map(|d| p.decisions.get(*d)).map(|d| d.name.as_str()).collect();
        let official = self.official();
        let checked: Vec<&str> =
            self.guarantees.iter().filter_map(|g| p.guarantees.get(*g)).map(|g| g.name.as_str()).collect();
        let (call, engine) = if !lanes.is_empty() {
            ("agree_on_lanes", format!("        &{names:?},\n        &{checked:?},\n"))
        } else if official {
            ("agree_on", String::new())
        } else {
            ("agree_on_engine", format!("        &{names:?},\n        &{checked:?},\n"))
        };
        let scenario_arg = if lanes.is_empty() {
            format!("&[{}]", list(&scen))
        } else {
            let all: Vec<String> = std::iter::once(&scen).chain(&lanes).map(|l| format!("&[{}]", list(l))).collect();
            format!("&[{}]", all.join(", "))
        };
        format!(
            "{what}\n\
             engine for decisions {names:?}, guarantees {checked:?}{}\n\
             engine fallbacks: {fallbacks}\n\
             scenario: {scen:?}\nfurther lanes: {lanes:?}\nparams: {pars:?}\nrecord: {rec:?}\n\
             --- program ---\n{src}\n\
             --- regression test (paste into crates/jit/tests/agree.rs) ---\n\
             #[test]\nfn jit_agrees_on_REPLACE_ME() {{\n    {call}(\n        r##\"{src}\"##,\n{engine}        {scenario_arg},\n        &[{}],\n        &[{recs}],\n    );\n}}\n",
            if official && lanes.is_empty() { " (what `jz run` compiles)" } else { "" },
            list(&pars),
        )
    }
}

/// Compile an engine for `scenario` and `params`, evaluate `rows` as two batches into one reused outcome,
/// and compare every row with the interpreter.
fn compare(case: &Case<'_>, rows: &[Vec<Value>], tally: &mut Tally) -> Result<(), String> {
    let Case { src, p, rid, scenario, params, decisions, guarantees, lanes } = *case;
    let official = case.official();
    let scenarios: Vec<Vec<Value>> = std::iter::once(scenario.to_vec()).chain(lanes.iter().cloned()).collect();
    let engine = if !lanes.is_empty() {
        jz_jit::compile_lanes(p, rid, decisions, guarantees, params, &scenarios)
    } else if official {
        jz_jit::compile(p, rid, decisions, true, params, scenario)
    } else {
        jz_jit::compile_with(p, rid, decisions, guarantees, params, scenario)
    }
    .map_err(|e| format!("the engine does not compile: {e}\n{src}"))?;
    if engine.lanes() != scenarios.len() {
        return Err(format!("an engine for {} scenarios has {} lanes", scenarios.len(), engine.lanes()));
    }
    let fallbacks = format!("{:?}", engine.fallbacks());
    let mut it = Interp::new(p);
    it.params = params.to_vec();
    let split = rows.len() / 3;
    // one reused outcome per lane (a one-lane engine through `evaluate_into`, as `jz run` calls it)
    let mut outs: Vec<BatchOutcome> = Vec::new();
    for part in [&rows[..0], &rows[..split], &rows[split..]] {
        let mut batch = Batch::new(p, rid);
        for (i, row) in part.iter().enumerate() {
            batch.push_row(i as u64 + 1, row);
        }
        if lanes.is_empty() {
            outs.resize_with(1, BatchOutcome::default);
            engine.evaluate_into(p, &batch, &mut outs[0]);
        } else {
            engine.evaluate_lanes(p, &batch, &mut outs);
        }
        if outs.len() != scenarios.len() {
            return Err(format!("{} scenarios gave {} outcomes", scenarios.len(), outs.len()));
        }
        if !lanes.is_empty() {
            for i in 0..part.len() {
                if outs.iter().any(|o| o.result(i) != outs[0].result(i)) {
                    tally.lanes_differing += 1;
                }
            }
        }
        for (lane, (out, scenario)) in outs.iter().zip(&scenarios).enumerate() {
            let stats = out.stats();
            let fail = |row: &[Value], what: String| {
                let what = if lanes.is_empty() {
                    what
                } else {
                    format!("{what}\n  in lane {lane} of {}, under the scenario {scenario:?}", scenarios.len())
                };
                case.report(row, &what, &fallbacks)
            };
            if out.len() != part.len() || stats.rows != part.len() as u64 {
                return Err(fail(
                    &[],
                    format!("batch of {} rows gave {} results, stats {stats:?}", part.len(), out.len()),
                ));
            }
            if stats.native + stats.interpreted + stats.errors != stats.rows {
                return Err(fail(&[], format!("stats do not add up: {stats:?}")));
            }
            for (i, row) in part.iter().enumerate() {
                let mut frame = Frame::new(p, row.clone(), scenario.to_vec());
                let want = if official {
                    it.outputs(&mut frame, rid)
                } else {
                    let mut want = decisions.iter().map(|d| it.decision(&mut frame, *d)).collect::<Result<Vec<_>, _>>();
                    for g in guarantees {
                        if want.is_ok() {
                            want = it.guarantee(&mut frame, *g).and(want);
                        }
                    }
                    want
                };
                let got = out.result(i);
                let native = out.is_native(i);
                if got != want {
                    let what = format!(
                    "JIT and interpreter disagree (row {i} of a batch of {}, decided {})\n  interpreter: {}\n  jit:         {}",
                    part.len(),
                    if native { "natively" } else { "by the interpreter" },
                    describe(p, &want),
                    describe(p, &got),
                );
                    return Err(fail(row, what));
                }
                match &want {
                    Ok(w) => {
                        for (k, o) in w.iter().enumerate() {
                            if out.outcome(i, k) != *o {
                                let what = format!("outcome({i}, {k}) = {:?}, result() = {o:?}", out.outcome(i, k));
                                return Err(fail(row, what));
                            }
                        }
                        if out.error(i).is_some() {
                            return Err(fail(row, format!("error({i}) = {:?} on a row without error", out.error(i))));
                        }
                        if native {
                            tally.native_by_rule += w.iter().filter(|o| o.rule.is_some()).count() as u64;
                            tally.native_by_default += w.iter().filter(|o| o.rule.is_none()).count() as u64;
                        }
                    }
                    Err(e) => {
                        if native || out.error(i) != Some(e) {
                            return Err(fail(
                                row,
                                format!("error({i}) = {:?}, native {native}, want {e:?}", out.error(i)),
                            ));
                        }
                        match e {
                            EvalError::Conflict { .. } => tally.conflicts += 1,
                            EvalError::Overflow { .. } => tally.overflows += 1,
                            EvalError::DivByZero { .. } => tally.div_by_zero += 1,
                            EvalError::GuaranteeViolated { .. } => tally.guarantees += 1,
                        }
                    }
                }
            }
            tally.rows += stats.rows;
            tally.native += stats.native;
            tally.interpreted += stats.interpreted;
            tally.errors += stats.errors;
        }
    }
    if !lanes.is_empty() {
        tally.lane_engines += 1;
    }
    if !engine.fallbacks().is_empty() {
        tally.programs_with_fallbacks += 1;
    }
    for f in engine.fallbacks() {
        let reason = f.reason.split('`').next().unwrap_or_default().trim().to_string();
        *tally.fallback_reasons.entry(reason).or_default() += 1;
    }

    Ok(())
}

fn check(name: &str, src: &str) -> Result<Program, String> {
    let checked = load_text(name, src, Path::new("."));
    let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
    let rendered = checked.sources.render_plain(&errors);
    match checked.program {
        Some(p) if !checked.has_errors() => Ok(p),
        _ => Err(format!("generated program does not check (a generator bug):\n{rendered}\n--- program ---\n{src}")),
    }
}

/// A scenario and parameter vector for `p`: the declared defaults, or random values for some of them
/// (open parameters only, within their range).
fn scenario_and_params(r: &mut Mix, p: &Program, k: &Consts, defaults: bool) -> (Vec<Value>, Vec<Value>) {
    let mut scenario = default_scenario(p);
    let mut params: Vec<Value> = p.params.iter().map(|x| x.value.clone()).collect();
    if defaults {
        return (scenario, params);
    }
    for (i, s) in p.scenario.iter().enumerate() {
        if r.pct(50) {
            scenario[i] = random_value(r, p, &s.ty, k);
        }
    }
    for (i, d) in p.params.iter().enumerate() {
        let Some(bounds) = &d.open else { continue };
        if !r.pct(50) {
            continue;
        }
        let v = random_value(r, p, &d.ty, k);
        params[i] = match bounds {
            Some((lo, hi))
                if value_cmp(&v, lo).is_some_and(|o| o.is_lt()) || value_cmp(&v, hi).is_some_and(|o| o.is_gt()) =>
            {
                r.pick(&[lo.clone(), hi.clone()])
            }
            _ => v,
        };
    }
    (scenario, params)
}

/// Every value survives the cell text a failure report shows (so its `agree_on` call reproduces the case).
fn reproducible(
    p: &Program,
    rid: RecordId,
    scenario: &[Value],
    params: &[Value],
    rows: &[Vec<Value>],
) -> Result<(), String> {
    let fields = p.records[rid].fields.iter().map(|f| &f.ty);
    let tys: Vec<&Type> = p.scenario.iter().map(|s| &s.ty).chain(p.params.iter().map(|x| &x.ty)).collect();
    let mut checks: Vec<(&Type, &Value)> = tys.into_iter().zip(scenario.iter().chain(params)).collect();
    for row in rows {
        checks.extend(fields.clone().zip(row));
    }
    for (ty, v) in checks {
        let back = match cell(p, ty, v) {
            None => Value::Absent,
            Some(c) => parse_cell(p, ty, &c).map_err(|e| format!("{v:?} as the cell {c:?} does not parse: {e:?}"))?,
        };
        if back != *v {
            return Err(format!("{v:?} as a cell reads back as {back:?}"));
        }
    }
    Ok(())
}

/// 32–64 random records of the record type.
fn records(r: &mut Mix, p: &Program, rid: RecordId, k: &Consts) -> Vec<Vec<Value>> {
    let rec = &p.records[rid];
    let n = 32 + r.below(33) as usize;
    (0..n)
        .map(|row| {
            (0..rec.fields.len())
                .map(|i| {
                    let f = &rec.fields[i];
                    if i == rec.key {
                        Value::Text(Arc::from(format!("K{row}").as_str()))
                    } else if f.optional && r.pct(25) {
                        Value::Absent
                    } else {
                        random_value(r, p, &f.ty, k)
                    }
                })
                .collect()
        })
        .collect()
}

/// One generated program (from `bytes`), checked once and compared under [`RUNS`] scenario, parameter and
/// record sets (from `seed`; the first run uses the declared defaults): [`RUNS`] cases.
fn run_policy(bytes: &[u8], seed: u64, tally: &mut Tally) -> Result<(), String> {
    let g = generate(bytes);
    let p = check("生成.jz", &g.src)?;
    let rid = p.record(RECORD).ok_or("the generated program has no record type")?;
    let mut r = Mix(seed);
    for run in 0..RUNS {
        let (scenario, params) = scenario_and_params(&mut r, &p, &g.consts, run == 0);
        let rows = records(&mut r, &p, rid, &g.consts);
        if run == 0 {
            reproducible(&p, rid, &scenario, &params, &rows)?;
        }
        // mostly what `jz run` compiles; sometimes another choice of decisions and guarantees (the REPL's)
        let mut decisions = p.outputs[rid].clone();
        let mut guarantees: Vec<usize> =
            p.guarantees.iter().enumerate().filter(|(_, g)| g.record == rid).map(|(i, _)| i).collect();
        if run > 0 && r.pct(20) {
            decisions = p.decisions_of(rid).map(|(d, _)| d).filter(|_| r.pct(60)).collect();
            decisions.reverse();
            // a decision asked for twice fills two output slots (the kernel computes it once)
            if r.pct(15) {
                if let Some(&d) = decisions.first() {
                    decisions.push(d);
                }
            }
            guarantees.retain(|_| r.pct(50));
            if r.pct(50) {
                guarantees.reverse();
            }
            tally.other_engines += 1;
        }
        // sometimes an engine of several lanes (as `jz report` compiles for the warning levels): one to
        // three further scenarios, each the first with one or two values changed (or none)
        let mut lanes: Vec<Vec<Value>> = Vec::new();
        if run > 0 && !p.scenario.is_empty() && r.pct(30) {
            for _ in 0..1 + r.below(3) {
                let mut s = scenario.clone();
                for _ in 0..r.below(3) {
                    let i = r.below(p.scenario.len() as u64) as usize;
                    s[i] = random_value(&mut r, &p, &p.scenario[i].ty, &g.consts);
                }
                lanes.push(s);
            }
        }
        let case = Case {
            src: &g.src,
            p: &p,
            rid,
            scenario: &scenario,
            params: &params,
            decisions: &decisions,
            guarantees: &guarantees,
            lanes: &lanes,
        };
        match quietly(|| compare(&case, &rows, tally)) {
            Ok(result) => result?,
            Err(e) => return Err(panicked(&case, &rows, e.as_ref())),
        }
        tally.cases += 1;
    }
    let f = g.feat;
    tally.policies += 1;
    tally.nested_exceptions += u64::from(f.nested_exceptions);
    tally.guarded_reads += u64::from(f.guarded_reads);
    tally.text_tests += u64::from(f.text_tests);
    tally.extensions += u64::from(f.extension);
    tally.output_items += u64::from(f.output_item);
    tally.english += u64::from(f.english);
    tally.exhausted_streams += u64::from(g.exhausted);
    Ok(())
}

/// A report for a panic while comparing: the first record on which the interpreter alone panics, or the
/// whole batch when it does not (then the engine panicked).
fn panicked(case: &Case<'_>, rows: &[Vec<Value>], e: &(dyn std::any::Any + Send)) -> String {
    let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
    let msg = msg.unwrap_or_default();
    let mut it = Interp::new(case.p);
    it.params = case.params.to_vec();
    for row in rows {
        let mut frame = Frame::new(case.p, row.clone(), case.scenario.to_vec());
        if quietly(|| it.outputs(&mut frame, case.rid)).is_err() {
            return case.report(row, &format!("the interpreter panicked on this record: {msg}"), "-");
        }
    }
    let all: Vec<String> = rows.iter().map(|r| format!("{r:?}")).collect();
    case.report(&[], &format!("the engine panicked on this batch: {msg}\nrecords:\n{}", all.join("\n")), "-")
}

fn cases() -> u32 {
    match std::env::var("PROPTEST_CASES") {
        Ok(s) => s.trim().parse().unwrap_or_else(|_| panic!("PROPTEST_CASES={s:?} is not a number")),
        Err(_) => DEFAULT_CASES,
    }
}

#[test]
fn jit_agrees_with_the_interpreter_on_generated_policies() {
    // the unoptimised parser spends ~32 KiB of stack per nesting level of an expression: more than a test
    // thread's 2 MiB for the generated conditions
    let run = std::thread::Builder::new().stack_size(64 << 20).spawn(property).expect("spawn the property thread");
    if let Err(panic) = run.join() {
        std::panic::resume_unwind(panic);
    }
}

fn property() {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !QUIET.with(Cell::get) {
            hook(info);
        }
    }));
    let cases = cases();
    let policies = cases.div_ceil(RUNS);
    let config = Config {
        cases: policies,
        failure_persistence: None,
        max_shrink_iters: 2048,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let tally = RefCell::new(Tally::default());
    let strategy = (proptest::collection::vec(any::<u8>(), STREAM), any::<u64>());
    let started = std::time::Instant::now();
    let result = runner
        .run(&strategy, |(bytes, seed)| run_policy(&bytes, seed, &mut tally.borrow_mut()).map_err(TestCaseError::fail));
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, (_, seed))) => panic!("minimal failing case (record seed {seed:#x}):\n{reason}"),
        Err(e) => panic!("{e}"),
    }
    let t = tally.into_inner();
    eprintln!("{} cases ({} policies) in {:.1?}: {t:#?}", t.cases, t.policies, started.elapsed());
    if cases >= 1000 {
        let checks = [
            ("rows decided natively", t.native),
            ("rows decided by the interpreter without error", t.interpreted),
            ("native outputs decided by a rule", t.native_by_rule),
            ("native outputs given by the default", t.native_by_default),
            ("conflicts", t.conflicts),
            ("overflows", t.overflows),
            ("divisions by zero", t.div_by_zero),
            ("violated guarantees", t.guarantees),
            ("programs with interpreter callbacks", t.programs_with_fallbacks),
            ("programs with exceptions to exceptions", t.nested_exceptions),
            ("programs reading optional fields under 有", t.guarded_reads),
            ("programs with text tests", t.text_tests),
            ("programs with 补充 判定", t.extensions),
            ("programs with 输出", t.output_items),
            ("programs in English keywords", t.english),
            ("engines of several lanes", t.lane_engines),
            ("rows whose lanes differ", t.lanes_differing),
        ];
        for (what, n) in checks {
            assert!(n > 0, "no {what} in {cases} cases: the generator has lost coverage ({t:#?})");
        }
        assert!(t.native * 10 > t.rows, "fewer than 10% of rows were native: {t:#?}");
    }
}

// ------------------------------------------------------------------------------------------------ regressions

/// Check `src`, set the named scenario values and parameters (cells as in a data file), build the one record
/// (fields not listed or `None` are absent) and compare both engines on it.
fn agree_on(src: &str, scenario: &[(&str, &str)], params: &[(&str, &str)], record: &[(&str, Option<&str>)]) {
    let p = check("regression.jz", src).unwrap_or_else(|e| panic!("{e}"));
    let rid = p.record(RECORD).expect("the program declares the record type");
    let decisions: Vec<&str> = p.outputs[rid].iter().map(|d| p.decisions[*d].name.as_str()).collect();
    let guarantees: Vec<&str> = p.guarantees.iter().filter(|g| g.record == rid).map(|g| g.name.as_str()).collect();
    agree_on_engine(src, &decisions, &guarantees, scenario, params, record);
}

/// [`agree_on`] for an engine compiled with `jz_jit::compile_with` for the named decisions and guarantees,
/// in that order.
fn agree_on_engine(
    src: &str,
    decisions: &[&str],
    guarantees: &[&str],
    scenario: &[(&str, &str)],
    params: &[(&str, &str)],
    record: &[(&str, Option<&str>)],
) {
    agree_on_lanes(src, decisions, guarantees, &[scenario], params, record);
}

/// [`agree_on_engine`] for an engine of several lanes (`jz_jit::compile_lanes`), one per scenario (one
/// scenario: the engine `compile_with` makes).
fn agree_on_lanes(
    src: &str,
    decisions: &[&str],
    guarantees: &[&str],
    lanes: &[&[(&str, &str)]],
    params: &[(&str, &str)],
    record: &[(&str, Option<&str>)],
) {
    let p = check("regression.jz", src).unwrap_or_else(|e| panic!("{e}"));
    let rid = p.record(RECORD).expect("the program declares the record type");
    let scenario = |named: &[(&str, &str)]| {
        let mut scen = default_scenario(&p);
        for (name, raw) in named {
            let i = p.scenario_param(name).unwrap_or_else(|| panic!("no scenario value {name}"));
            scen[i] = parse_cell(&p, &p.scenario[i].ty, raw).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        }
        scen
    };
    let scens: Vec<Vec<Value>> = lanes.iter().map(|l| scenario(l)).collect();
    let (first, rest) = scens.split_first().expect("at least one lane");
    let mut pars: Vec<Value> = p.params.iter().map(|x| x.value.clone()).collect();
    for (name, raw) in params {
        let i = p.params.iter().position(|x| x.name == *name).unwrap_or_else(|| panic!("no parameter {name}"));
        pars[i] = parse_cell(&p, &p.params[i].ty, raw).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
    let row: Vec<Value> = p.records[rid]
        .fields
        .iter()
        .map(|f| match record.iter().find(|(n, _)| *n == f.name) {
            Some((_, Some(raw))) => parse_cell(&p, &f.ty, raw).unwrap_or_else(|e| panic!("{}: {e:?}", f.name)),
            _ => Value::Absent,
        })
        .collect();
    let decision =
        |n: &&str| p.decisions.iter().position(|d| d.name == *n).unwrap_or_else(|| panic!("no decision {n}"));
    let decisions: Vec<DecisionId> = decisions.iter().map(decision).collect();
    let guarantee =
        |n: &&str| p.guarantees.iter().position(|g| g.name == *n).unwrap_or_else(|| panic!("no guarantee {n}"));
    let guarantees: Vec<usize> = guarantees.iter().map(guarantee).collect();
    let case = Case {
        src,
        p: &p,
        rid,
        scenario: first,
        params: &pars,
        decisions: &decisions,
        guarantees: &guarantees,
        lanes: rest,
    };
    let mut tally = Tally::default();
    if let Err(e) = compare(&case, &[row.clone(), row], &mut tally) {
        panic!("{e}");
    }
}

#[test]
fn agree_on_checks_a_small_program() {
    agree_on(
        r#"政策 回归.样例 "样例"
枚举 级别 { 无, 低, 中, 高 }
情景 { 预警: 级别 = 无 }
记录 企业 键 代码 { 代码: 文本, 量1: 数值 [t/h], 布2: 布尔? }
关于 企业
判定 决0: 级别 默认 无 {
  规则 甲 依据 "一": 当 量1 > 35 [t/h] 则 高
  例外 甲 规则 乙 依据 "二": 当 有 布2 且 布2 则 低
  规则 依据 "三": 当 预警 == 高 则 中
}
"#,
        &[("预警", "高")],
        &[],
        &[("代码", Some("1")), ("量1", Some("35.0000001")), ("布2", None)],
    );
}

/// Lanes share what reads no value they differ in (the field test `大`, the text test on `名`) and keep
/// their own of what does: the level's `匹配` table, `警` and the row's `大警`, a decision reading another, and a text
/// comparison against a scenario text value (a different text formula per lane).
#[test]
fn lanes_keep_their_own_scenario_and_share_the_rest() {
    let src = r#"政策 回归.车道 "车道"
枚举 级别 { 无, 黄色, 橙色, 红色 }
枚举 措施 { 无, 减排, 限产, 停产 }
情景 { 预警: 级别 = 无; 名单: 文本 = "甲" }
记录 企业 键 代码 { 代码: 文本, 量: 数值, 名: 文本 }
关于 企业
定义 大 = 量 > 10
定义 警 = 预警 > 无
定义 大警 = 大 且 警
判定 措: 措施 默认 无 {
  规则 甲 依据 "一": 当 大警 则 匹配 预警 { 红色 => 停产, 橙色 => 限产, _ => 减排 }
  规则 乙 依据 "二": 当 名 == 名单 且 非 大 则 减排
}
判定 重: 布尔 默认 否 {
  规则 依据 "三": 当 措 >= 限产 则 是
}
保障 守 依据 "四": 当 预警 == 无 则 措 == 无 或 名 == 名单
"#;
    for (q, name) in [("35", "乙"), ("35", "甲"), ("5", "甲"), ("5", "乙")] {
        agree_on_lanes(
            src,
            &["措", "重"],
            &["守"],
            &[&[("预警", "黄色")], &[("预警", "红色"), ("名单", "乙")], &[("预警", "无")], &[("预警", "橙色")]],
            &[],
            &[("代码", Some("1")), ("量", Some(q)), ("名", Some(name))],
        );
    }
}

#[test]
fn date_plus_days_landing_on_i32_min_is_an_overflow_not_a_panic() {
    agree_on(
        r#"政策 回归.日期下溢 "日期加天数恰为 i32::MIN"
记录 企业 键 代码 { 代码: 文本, 日1: 日期, 期2: 天数 }
关于 企业
判定 截止: 日期 默认 日1 + 期2 { }
"#,
        &[],
        &[],
        &[("代码", Some("1")), ("日1", Some("1970-01-01")), ("期2", Some("-2147483648"))],
    );
}
