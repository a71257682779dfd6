//! The typed IR: the contract between the front end and every back end. Names are resolved to indexes,
//! every expression carries its type, literals are values. No back end re-parses or re-types.

use crate::types::{EnumId, Type, Value};
use jz_syntax::Span;

pub type RecordId = usize;
pub type FieldId = usize;
pub type ScenId = usize;
pub type ParamId = usize;
pub type DefineId = usize;
pub type DecisionId = usize;
pub type RuleId = usize;

#[derive(Clone, Debug, Default)]
pub struct Program {
    /// Every loaded policy, dependencies first, the entry last.
    pub policies: Vec<PolicyInfo>,
    pub enums: Vec<EnumDef>,
    pub scenario: Vec<ScenarioParam>,
    pub params: Vec<ParamDef>,
    pub records: Vec<RecordDef>,
    pub defines: Vec<DefineDef>,
    pub decisions: Vec<DecisionDef>,
    pub guarantees: Vec<GuaranteeDef>,
    pub tests: Vec<TestDef>,
    /// Per record: the decisions `jz run` writes, in order.
    pub outputs: Vec<Vec<DecisionId>>,
}

#[derive(Clone, Debug)]
pub struct PolicyInfo {
    pub name: String,
    pub title: Option<String>,
    pub file: u32,
    pub path: String,
    pub refines: Option<String>,
    /// Files this policy file brings in with `引用`.
    pub deps: Vec<u32>,
}

#[derive(Clone, Debug)]
pub struct EnumDef {
    pub name: String,
    pub variants: Vec<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ScenarioParam {
    pub name: String,
    pub ty: Type,
    pub default: Value,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ParamDef {
    pub name: String,
    pub ty: Type,
    pub value: Value,
    /// `Some(None)`: open without bounds; `Some(Some((lo, hi)))`: open within bounds.
    pub open: Option<Option<(Value, Value)>>,
    pub span: Span,
    /// Where a refinement set it, if it did.
    pub set_at: Option<Span>,
}

#[derive(Clone, Debug)]
pub struct RecordDef {
    pub name: String,
    pub key: FieldId,
    pub fields: Vec<FieldDef>,
    pub span: Span,
}

impl RecordDef {
    pub fn field(&self, name: &str) -> Option<FieldId> {
        self.fields.iter().position(|f| f.name == name)
    }
}

#[derive(Clone, Debug)]
pub struct FieldDef {
    pub name: String,
    pub ty: Type,
    pub optional: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct DefineDef {
    pub name: String,
    /// `None`: a scenario-level definition (uses only scenario values and params).
    pub record: Option<RecordId>,
    pub ty: Type,
    pub expr: Expr,
    pub span: Span,
    /// A copy made for a superior policy's view (see [`Shadow`]); never looked up by name.
    pub shadow: Option<Shadow>,
}

/// A decision or definition as a superior policy (`policy`, an index into [`Program::policies`]) decides it:
/// a copy of `of` keeping only the rules declared in that policy's files and the files it brings in, reading
/// the same copies of the decisions and definitions below it. `上级.X` in a guarantee reads one; the verifier
/// adds them to compare a refinement with its province. Same record, scenario and parameter values.
///
/// With `fixed` not empty, a *view* instead (`综合措施[督察期间 = 否]` in a guarantee): a copy of `of` with every
/// read of the listed scenario values replaced by the constant, the rules kept as they are, reading the views of
/// the decisions and definitions below it that read those values (directly or not). `policy` is then the policy
/// whose decision is viewed (the entry's, or a superior's for `上级.X[…]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shadow {
    pub of: usize,
    pub policy: usize,
    /// Scenario values fixed by a view, sorted by id; empty for a superior policy's copy.
    pub fixed: Vec<(ScenId, Value)>,
}

#[derive(Clone, Debug)]
pub struct DecisionDef {
    pub name: String,
    pub record: RecordId,
    pub ty: Type,
    pub default: Expr,
    pub rules: Vec<RuleDef>,
    /// Rules that are not exceptions, in declaration order.
    pub roots: Vec<RuleId>,
    pub span: Span,
    /// A superior policy's copy of a decision (see [`Shadow`]): not an output, not listed, not linted.
    pub shadow: Option<Shadow>,
}

#[derive(Clone, Debug)]
pub struct RuleDef {
    pub label: Option<String>,
    pub citations: Vec<String>,
    pub cond: Option<Expr>,
    pub value: Expr,
    /// The rule this one is an exception to.
    pub parent: Option<RuleId>,
    /// Exceptions to this rule.
    pub children: Vec<RuleId>,
    pub span: Span,
}

impl RuleDef {
    /// `规则 标签 (三（八）)` style name for messages.
    pub fn describe(&self) -> String {
        let label = self.label.as_deref().unwrap_or("(unlabelled)");
        if self.citations.is_empty() {
            format!("rule `{label}`")
        } else {
            format!("rule `{label}` ({})", self.citations.join(", "))
        }
    }
    /// [`RuleDef::describe`] in the current language (for people; `describe` is also part of reject reasons).
    pub fn shown(&self) -> String {
        if jz_i18n::lang() == jz_i18n::Lang::En {
            return self.describe();
        }
        let label = self.label.clone().unwrap_or_else(|| jz_i18n::t!("rule-unlabelled"));
        if self.citations.is_empty() {
            jz_i18n::t!("rule-shown", label = label)
        } else {
            jz_i18n::t!("rule-shown.cited", label = label, cites = self.citations.join("、"))
        }
    }
    pub fn citation(&self) -> String {
        self.citations.join("、")
    }
}

#[derive(Clone, Debug)]
pub struct GuaranteeDef {
    pub name: String,
    pub record: RecordId,
    pub citations: Vec<String>,
    pub cond: Option<Expr>,
    pub assertion: Expr,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct TestDef {
    pub name: String,
    pub record: RecordId,
    pub span: Span,
    /// One entry per field of the record; `None` = absent (optional fields only).
    pub fields: Vec<Option<Expr>>,
    pub scenario: Vec<(ScenId, Expr)>,
    pub expects: Vec<ExpectDef>,
}

/// A named record literal (`样本 名 = 企业 { … }`): one expression per field of the record (`None`: absent, or
/// left to the literal that uses the sample as its base). Tests inline samples; the REPL keeps them by name.
#[derive(Clone, Debug)]
pub struct SampleDef {
    pub name: String,
    pub record: RecordId,
    pub fields: Vec<Option<Expr>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ExpectDef {
    Holds(Expr),
    Conflict(DecisionId, Span),
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Lit(Value),
    Field(FieldId),
    Scen(ScenId),
    Param(ParamId),
    Define(DefineId),
    Decision(DecisionId),
    /// Is the optional field present?
    Has(FieldId),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    /// Int∘Int, Dec∘Dec, Date±Days, Date−Date, Days±Days (the result type says which).
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// Value equals one of the listed values.
    InList(Box<Expr>, Vec<Expr>),
    /// Enum value is a member of the set value.
    InSet(Box<Expr>, Box<Expr>),
    /// Date within month-day range (inclusive, wrapping the year when from > to).
    MonthDay(Box<Expr>, (u8, u8), (u8, u8)),
    IsEmpty(Box<Expr>),
    StartsWith(Box<Expr>, Vec<Expr>),
    Intersects(Box<Expr>, Box<Expr>),
    Subset(Box<Expr>, Box<Expr>),
    SetLit(Vec<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `arm_of[variant]` is the index into `arms` taken for that variant.
    Match(Box<Expr>, Vec<usize>, Vec<Expr>),
    Max(Vec<Expr>),
    Min(Vec<Expr>),
    Count(Box<Expr>),
}

impl Expr {
    /// The direct sub-expressions, in evaluation order.
    pub fn children(&self) -> Vec<&Expr> {
        use ExprKind as K;
        match &self.kind {
            K::Lit(_) | K::Field(_) | K::Scen(_) | K::Param(_) | K::Define(_) | K::Decision(_) | K::Has(_) => {
                Vec::new()
            }
            K::Not(a) | K::Neg(a) | K::IsEmpty(a) | K::Count(a) | K::MonthDay(a, _, _) => vec![a],
            K::And(a, b)
            | K::Or(a, b)
            | K::Arith(_, a, b)
            | K::Cmp(_, a, b)
            | K::InSet(a, b)
            | K::Intersects(a, b)
            | K::Subset(a, b) => vec![a, b],
            K::InList(a, xs) | K::StartsWith(a, xs) => std::iter::once(&**a).chain(xs.iter()).collect(),
            K::SetLit(xs) | K::Max(xs) | K::Min(xs) => xs.iter().collect(),
            K::If(a, b, c) => vec![a, b, c],
            K::Match(s, _, arms) => std::iter::once(&**s).chain(arms.iter()).collect(),
        }
    }

    /// The direct sub-expressions, mutably.
    pub fn children_mut(&mut self) -> Vec<&mut Expr> {
        use ExprKind as K;
        match &mut self.kind {
            K::Lit(_) | K::Field(_) | K::Scen(_) | K::Param(_) | K::Define(_) | K::Decision(_) | K::Has(_) => {
                Vec::new()
            }
            K::Not(a) | K::Neg(a) | K::IsEmpty(a) | K::Count(a) | K::MonthDay(a, _, _) => vec![a],
            K::And(a, b)
            | K::Or(a, b)
            | K::Arith(_, a, b)
            | K::Cmp(_, a, b)
            | K::InSet(a, b)
            | K::Intersects(a, b)
            | K::Subset(a, b) => vec![a, b],
            K::InList(a, xs) | K::StartsWith(a, xs) => std::iter::once(&mut **a).chain(xs.iter_mut()).collect(),
            K::SetLit(xs) | K::Max(xs) | K::Min(xs) => xs.iter_mut().collect(),
            K::If(a, b, c) => vec![a, b, c],
            K::Match(s, _, arms) => std::iter::once(&mut **s).chain(arms.iter_mut()).collect(),
        }
    }

    /// Visit this expression and every sub-expression, parents first.
    pub fn walk<'e>(&'e self, f: &mut dyn FnMut(&'e Expr)) {
        f(self);
        for c in self.children() {
            c.walk(f);
        }
    }
}

impl Program {
    /// Which fields of `record` the program reads (through definitions, decisions and guarantees about it).
    pub fn fields_read(&self, record: RecordId) -> Vec<bool> {
        let n = self.records.get(record).map_or(0, |r| r.fields.len());
        let mut used = vec![false; n];
        let mut mark = |e: &Expr| {
            e.walk(&mut |x| {
                if let ExprKind::Field(i) | ExprKind::Has(i) = x.kind {
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                }
            })
        };
        for d in self.defines.iter().filter(|d| d.record == Some(record)) {
            mark(&d.expr);
        }
        for d in self.decisions.iter().filter(|d| d.record == record) {
            mark(&d.default);
            for r in &d.rules {
                if let Some(c) = &r.cond {
                    mark(c);
                }
                mark(&r.value);
            }
        }
        for g in self.guarantees.iter().filter(|g| g.record == record) {
            if let Some(c) = &g.cond {
                mark(c);
            }
            mark(&g.assertion);
        }
        used
    }

    /// Every expression of every decision (node `d`) and definition (node `decisions.len() + j`): the nodes
    /// of the graph of what reads what.
    pub(crate) fn node_exprs<'e>(&'e self, f: &mut dyn FnMut(usize, &'e Expr)) {
        for (i, d) in self.decisions.iter().enumerate() {
            f(i, &d.default);
            for r in &d.rules {
                if let Some(c) = &r.cond {
                    f(i, c);
                }
                f(i, &r.value);
            }
        }
        let nd = self.decisions.len();
        for (j, d) in self.defines.iter().enumerate() {
            f(nd + j, &d.expr);
        }
    }

    /// Which decisions and which guarantees read scenario value `s`, directly or through the definitions
    /// and decisions they read (by index into `decisions` and `guarantees`). What reads it not can differ
    /// only in nothing between two values of `s`: `jz report` evaluates just the rest once per warning level.
    /// Linear in the size of the program (a breadth-first walk up the reads from the direct readers).
    pub fn reading_scenario(&self, s: ScenId) -> (Vec<bool>, Vec<bool>) {
        let r = self.nodes_reading(&[s]);
        let guarantees = self
            .guarantees
            .iter()
            .map(|g| g.cond.as_ref().is_some_and(|c| r.expr(c)) || r.expr(&g.assertion))
            .collect();
        (r.decisions, guarantees)
    }

    /// Which decisions and definitions read any of the scenario values `s`, directly or through what they
    /// read (linear in the size of the program, as [`Program::reading_scenario`]).
    pub fn nodes_reading(&self, s: &[ScenId]) -> Reading {
        let nd = self.decisions.len();
        let total = nd + self.defines.len();
        // readers[y]: the nodes that read node y; seed: the nodes that read `s` themselves
        let mut readers: Vec<Vec<usize>> = vec![Vec::new(); total];
        let mut yes = vec![false; total];
        self.node_exprs(&mut |x, e| {
            e.walk(&mut |n| {
                let y = match n.kind {
                    ExprKind::Decision(d) => d,
                    ExprKind::Define(j) => nd + j,
                    ExprKind::Scen(t) if s.contains(&t) => {
                        if let Some(v) = yes.get_mut(x) {
                            *v = true;
                        }
                        return;
                    }
                    _ => return,
                };
                if let Some(r) = readers.get_mut(y) {
                    r.push(x);
                }
            })
        });
        let mut todo: Vec<usize> = (0..total).filter(|&x| yes.get(x) == Some(&true)).collect();
        while let Some(y) = todo.pop() {
            for &x in readers.get(y).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(v) = yes.get_mut(x).filter(|v| !**v) {
                    *v = true;
                    todo.push(x);
                }
            }
        }
        let defines = yes.split_off(nd);
        Reading { scenario: s.to_vec(), decisions: yes, defines }
    }

    /// The files a file brings in, transitively, itself included.
    pub fn closure(&self, file: u32) -> Vec<u32> {
        let mut out = vec![file];
        let mut i = 0;
        while let Some(&f) = out.get(i) {
            if let Some(p) = self.policies.iter().find(|p| p.file == f) {
                for d in &p.deps {
                    if !out.contains(d) {
                        out.push(*d);
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// Files whose tests belong to this program: everything loaded except what a refined parent policy
    /// brings (the parent's tests hold for the parent, not necessarily for its refinement).
    pub fn own_files(&self) -> Vec<u32> {
        let Some(entry) = self.policies.last() else { return Vec::new() };
        let mut parent_files = Vec::new();
        let mut refines = entry.refines.clone();
        while let Some(name) = refines {
            match self.policies.iter().find(|p| p.name == name) {
                Some(parent) => {
                    parent_files.extend(self.closure(parent.file));
                    refines = parent.refines.clone();
                }
                None => break,
            }
        }
        self.closure(entry.file).into_iter().filter(|f| !parent_files.contains(f)).collect()
    }

    pub fn record(&self, name: &str) -> Option<RecordId> {
        self.records.iter().position(|r| r.name == name)
    }
    pub fn scenario_param(&self, name: &str) -> Option<ScenId> {
        self.scenario.iter().position(|s| s.name == name)
    }
    /// The record's decisions as written (a superior policy's copies, [`Shadow`], left out).
    pub fn decisions_of(&self, record: RecordId) -> impl Iterator<Item = (DecisionId, &DecisionDef)> {
        self.decisions.iter().enumerate().filter(move |(_, d)| d.record == record && d.shadow.is_none())
    }
    /// Render a type for messages and output headers.
    pub fn type_name(&self, t: &Type) -> String {
        match t {
            Type::Bool => "布尔".into(),
            Type::Int => "整数".into(),
            Type::Dec(u) if u.is_none() => "数值".into(),
            Type::Dec(u) => format!("数值 [{u}]"),
            Type::Text => "文本".into(),
            Type::Date => "日期".into(),
            Type::Days => "天数".into(),
            Type::Enum(e) => self.enums.get(*e).map(|e| e.name.clone()).unwrap_or_default(),
            Type::Set(e) => format!("集合<{}>", self.enums.get(*e).map(|e| e.name.as_str()).unwrap_or("")),
        }
    }
    /// Render a value the way the data contract writes it.
    pub fn format_value(&self, t: &Type, v: &Value) -> String {
        match (t, v) {
            (_, Value::Bool(b)) => if *b { "是" } else { "否" }.into(),
            (_, Value::Int(i)) => i.to_string(),
            (_, Value::Dec(d)) => d.normalize().to_string(),
            (_, Value::Text(s)) => s.to_string(),
            (_, Value::Date(d)) => crate::types::format_date(*d),
            (_, Value::Days(d)) => format!("{d} 天"),
            (Type::Enum(e), Value::Enum(i)) => self.variant_name(*e, *i).to_string(),
            (Type::Set(e), Value::Set(bits)) => {
                let names: Vec<&str> =
                    (0..64u16).filter(|i| bits & (1u64 << i) != 0).map(|i| self.variant_name(*e, i)).collect();
                names.join(";")
            }
            (_, Value::Enum(i)) => format!("#{i}"),
            (_, Value::Set(b)) => format!("{b:#x}"),
            (_, Value::Absent) => String::new(),
        }
    }
    pub fn variant_name(&self, e: EnumId, i: u16) -> &str {
        self.enums.get(e).and_then(|d| d.variants.get(i as usize)).map(String::as_str).unwrap_or("?")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    /// What `jz report` leaves out of its per-level evaluations must really not depend on the level:
    /// readers through a definition, a scenario-level definition and another decision count; a decision
    /// or guarantee that reads only fields does not.
    #[test]
    fn what_reads_a_scenario_value_is_found_through_definitions_and_decisions() {
        let src = "
枚举 级 { 无, 高 }
情景 { 预警: 级 = 无; 日: 布尔 = 否 }
记录 企业 键 代码 { 代码: 文本, 数: 整数 }
定义 应急 = 预警 > 无
关于 企业
定义 大 = 数 > 10
判定 甲: 布尔 默认 否 { 规则 依据 \"1\": 当 应急 且 大 则 是 }
判定 乙: 布尔 默认 否 { 规则 依据 \"2\": 当 大 且 日 则 是 }
判定 丙: 布尔 默认 否 { 规则 依据 \"3\": 当 甲 则 是 }
保障 一 依据 \"1\": 当 丙 则 大
保障 二 依据 \"2\": 当 乙 则 大
输出 企业 { 甲, 乙, 丙 }
";
        let mut c = crate::load_text("t.jz", src, std::path::Path::new("."));
        let p = c.program.take().unwrap();
        let s = p.scenario_param("预警").unwrap();
        let (decisions, guarantees) = p.reading_scenario(s);
        let by_name = |n: &str| decisions[p.decisions.iter().position(|d| d.name == n).unwrap()];
        assert!(by_name("甲") && by_name("丙") && !by_name("乙"));
        let g = |n: &str| guarantees[p.guarantees.iter().position(|d| d.name == n).unwrap()];
        assert!(g("一") && !g("二"));
        let day = p.scenario_param("日").unwrap();
        let (decisions, _) = p.reading_scenario(day);
        assert!(decisions[p.decisions.iter().position(|d| d.name == "乙").unwrap()]);
    }
}

/// What reads some scenario values ([`Program::nodes_reading`]): per decision and per definition, whether it
/// does, directly or through what it reads.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    pub scenario: Vec<ScenId>,
    pub decisions: Vec<bool>,
    pub defines: Vec<bool>,
}

impl Reading {
    /// Does `e` read one of the scenario values, itself or through a definition or decision?
    pub fn expr(&self, e: &Expr) -> bool {
        let mut r = false;
        e.walk(&mut |n| {
            r |= match n.kind {
                ExprKind::Scen(t) => self.scenario.contains(&t),
                ExprKind::Decision(d) => self.decisions.get(d) == Some(&true),
                ExprKind::Define(j) => self.defines.get(j) == Some(&true),
                _ => false,
            }
        });
        r
    }
}
