use jz_check::ir::*;
use jz_check::types::value_cmp;
use jz_check::{civil_from_days, Value};
use jz_syntax::Span;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The value a decision took and the rule that decided it (`None`: the default).
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub value: Value,
    pub rule: Option<RuleId>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EvalError {
    /// Two applicable rules of `decision` give different values and neither is an exception to the other.
    Conflict {
        decision: DecisionId,
        a: RuleId,
        b: RuleId,
    },
    Overflow {
        span: Span,
    },
    DivByZero {
        span: Span,
    },
    /// The guarantee's condition held and its assertion did not.
    GuaranteeViolated {
        guarantee: usize,
    },
}

impl EvalError {
    /// One line for a rejects file or a terminal.
    pub fn describe(&self, p: &Program) -> String {
        match self {
            EvalError::Conflict { decision, a, b } => {
                let Some(d) = p.decisions.get(*decision) else { return "conflict".into() };
                let (ra, rb) = (d.rules.get(*a), d.rules.get(*b));
                let show = |r: Option<&RuleDef>| r.map(RuleDef::describe).unwrap_or_default();
                let val = |r: Option<&RuleDef>| match r.map(|r| &r.value.kind) {
                    Some(ExprKind::Lit(v)) => format!(" = {}", p.format_value(&d.ty, v)),
                    _ => String::new(),
                };
                format!("conflict in `{}`: {}{} and {}{} both apply", d.name, show(ra), val(ra), show(rb), val(rb))
            }
            EvalError::Overflow { .. } => "arithmetic overflow".into(),
            EvalError::DivByZero { .. } => "division by zero".into(),
            EvalError::GuaranteeViolated { guarantee } => match p.guarantees.get(*guarantee) {
                Some(g) => format!("guarantee `{}` ({}) is violated", g.name, g.citations.join("、")),
                None => "guarantee violated".into(),
            },
        }
    }
    /// [`EvalError::describe`] in the current language, for people (test failures, the REPL, `jz verify`);
    /// `describe` itself stays English: it is the reject reason written to data files.
    pub fn message(&self, p: &Program) -> String {
        use jz_i18n::t;
        if jz_i18n::lang() == jz_i18n::Lang::En {
            return self.describe(p);
        }
        match self {
            EvalError::Conflict { decision, a, b } => {
                let Some(d) = p.decisions.get(*decision) else { return t!("eval-conflict") };
                let (ra, rb) = (d.rules.get(*a), d.rules.get(*b));
                let show = |r: Option<&RuleDef>| r.map(RuleDef::shown).unwrap_or_default();
                let val = |r: Option<&RuleDef>| match r.map(|r| &r.value.kind) {
                    Some(ExprKind::Lit(v)) => format!(" = {}", p.format_value(&d.ty, v)),
                    _ => String::new(),
                };
                t!(
                    "eval-conflict.in",
                    decision = d.name,
                    a = format!("{}{}", show(ra), val(ra)),
                    b = format!("{}{}", show(rb), val(rb))
                )
            }
            EvalError::Overflow { .. } => t!("eval-overflow"),
            EvalError::DivByZero { .. } => t!("eval-div-by-zero"),
            EvalError::GuaranteeViolated { guarantee } => match p.guarantees.get(*guarantee) {
                Some(g) => t!("eval-guarantee-violated.named", name = g.name, cites = g.citations.join("、")),
                None => t!("eval-guarantee-violated"),
            },
        }
    }
    /// The citations involved, for the `依据` of a rejected row.
    pub fn citations(&self, p: &Program) -> Vec<String> {
        match self {
            EvalError::Conflict { decision, a, b } => p
                .decisions
                .get(*decision)
                .map(|d| [a, b].iter().filter_map(|r| d.rules.get(**r)).flat_map(|r| r.citations.clone()).collect())
                .unwrap_or_default(),
            EvalError::GuaranteeViolated { guarantee } => {
                p.guarantees.get(*guarantee).map(|g| g.citations.clone()).unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }
}

type R<T> = Result<T, EvalError>;

/// The interpreter for one program; `params` are the current parameter values (what-if questions change them).
pub struct Interp<'p> {
    pub program: &'p Program,
    pub params: Vec<Value>,
}

/// Per-record evaluation state: the record's field values, the scenario and memoised definitions/decisions.
/// Reuse one frame across records with [`Frame::reset`].
pub struct Frame {
    pub fields: Vec<Value>,
    pub scenario: Vec<Value>,
    defs: Vec<Option<R<Value>>>,
    decs: Vec<Option<R<Outcome>>>,
}

impl Frame {
    pub fn new(p: &Program, fields: Vec<Value>, scenario: Vec<Value>) -> Frame {
        Frame { fields, scenario, defs: vec![None; p.defines.len()], decs: vec![None; p.decisions.len()] }
    }
    /// Forget memoised results (after changing fields or scenario).
    pub fn reset(&mut self) {
        self.defs.iter_mut().for_each(|x| *x = None);
        self.decs.iter_mut().for_each(|x| *x = None);
    }
}

pub fn default_scenario(p: &Program) -> Vec<Value> {
    p.scenario.iter().map(|s| s.default.clone()).collect()
}

impl<'p> Interp<'p> {
    pub fn new(program: &'p Program) -> Interp<'p> {
        Interp { program, params: program.params.iter().map(|p| p.value.clone()).collect() }
    }

    pub fn default_scenario(&self) -> Vec<Value> {
        default_scenario(self.program)
    }

    pub fn decision(&self, f: &mut Frame, d: DecisionId) -> R<Outcome> {
        if let Some(Some(r)) = f.decs.get(d) {
            return r.clone();
        }
        let r = self.decide(f, d);
        if let Some(slot) = f.decs.get_mut(d) {
            *slot = Some(r.clone());
        }
        r
    }

    fn decide(&self, f: &mut Frame, d: DecisionId) -> R<Outcome> {
        let Some(dec) = self.program.decisions.get(d) else { return Ok(Outcome { value: Value::Absent, rule: None }) };
        let mut found: Option<(Value, RuleId)> = None;
        for &r in &dec.roots {
            if let Some((v, rid)) = self.rule(f, d, r)? {
                match &found {
                    Some((v0, r0)) if *v0 != v => return Err(EvalError::Conflict { decision: d, a: *r0, b: rid }),
                    Some(_) => {}
                    None => found = Some((v, rid)),
                }
            }
        }
        match found {
            Some((value, rule)) => Ok(Outcome { value, rule: Some(rule) }),
            None => Ok(Outcome { value: self.eval(f, &dec.default)?, rule: None }),
        }
    }

    /// A rule tree: applicable exceptions override the rule; otherwise the rule applies when its condition holds.
    pub(crate) fn rule(&self, f: &mut Frame, d: DecisionId, r: RuleId) -> R<Option<(Value, RuleId)>> {
        let Some(rule) = self.program.decisions.get(d).and_then(|dec| dec.rules.get(r)) else { return Ok(None) };
        let mut found: Option<(Value, RuleId)> = None;
        for &c in &rule.children {
            if let Some((v, rid)) = self.rule(f, d, c)? {
                match &found {
                    Some((v0, r0)) if *v0 != v => return Err(EvalError::Conflict { decision: d, a: *r0, b: rid }),
                    Some(_) => {}
                    None => found = Some((v, rid)),
                }
            }
        }
        if found.is_some() {
            return Ok(found);
        }
        let applies = match &rule.cond {
            Some(c) => self.eval(f, c)?.as_bool(),
            None => true,
        };
        if applies {
            Ok(Some((self.eval(f, &rule.value)?, r)))
        } else {
            Ok(None)
        }
    }

    pub fn define(&self, f: &mut Frame, i: DefineId) -> R<Value> {
        if let Some(Some(r)) = f.defs.get(i) {
            return r.clone();
        }
        let r = match self.program.defines.get(i) {
            Some(d) => self.eval(f, &d.expr),
            None => Ok(Value::Absent),
        };
        if let Some(slot) = f.defs.get_mut(i) {
            *slot = Some(r.clone());
        }
        r
    }

    /// Check every guarantee about `record`; the first violated one is an error.
    pub fn guarantees(&self, f: &mut Frame, record: RecordId) -> R<()> {
        for (gi, _) in self.program.guarantees.iter().enumerate().filter(|(_, g)| g.record == record) {
            self.guarantee(f, gi)?;
        }
        Ok(())
    }

    /// Check one guarantee (by index) for the record in `f`: its condition held and its assertion did not is
    /// an error.
    pub fn guarantee(&self, f: &mut Frame, gi: usize) -> R<()> {
        let Some(g) = self.program.guarantees.get(gi) else { return Ok(()) };
        let applies = match &g.cond {
            Some(c) => self.eval(f, c)?.as_bool(),
            None => true,
        };
        if applies && !self.eval(f, &g.assertion)?.as_bool() {
            return Err(EvalError::GuaranteeViolated { guarantee: gi });
        }
        Ok(())
    }

    /// Every output decision of the record, then its guarantees. Any error rejects the record.
    pub fn outputs(&self, f: &mut Frame, record: RecordId) -> R<Vec<Outcome>> {
        let mut out = Vec::new();
        for &d in self.program.outputs.get(record).map(Vec::as_slice).unwrap_or(&[]) {
            out.push(self.decision(f, d)?);
        }
        self.guarantees(f, record)?;
        Ok(out)
    }

    pub fn eval(&self, f: &mut Frame, e: &Expr) -> R<Value> {
        use ExprKind as K;
        Ok(match &e.kind {
            K::Lit(v) => v.clone(),
            K::Field(i) => f.fields.get(*i).cloned().unwrap_or(Value::Absent),
            K::Scen(i) => f.scenario.get(*i).cloned().unwrap_or(Value::Absent),
            K::Param(i) => self.params.get(*i).cloned().unwrap_or(Value::Absent),
            K::Define(i) => self.define(f, *i)?,
            K::Decision(d) => self.decision(f, *d)?.value,
            K::Has(i) => Value::Bool(!matches!(f.fields.get(*i), Some(Value::Absent) | None)),
            K::Not(a) => Value::Bool(!self.eval(f, a)?.as_bool()),
            K::Neg(a) => match self.eval(f, a)? {
                Value::Int(i) => Value::Int(i.checked_neg().ok_or(EvalError::Overflow { span: e.span })?),
                Value::Dec(d) => Value::Dec(-d),
                Value::Days(d) => Value::Days(d.checked_neg().ok_or(EvalError::Overflow { span: e.span })?),
                v => v,
            },
            K::And(a, b) => Value::Bool(self.eval(f, a)?.as_bool() && self.eval(f, b)?.as_bool()),
            K::Or(a, b) => Value::Bool(self.eval(f, a)?.as_bool() || self.eval(f, b)?.as_bool()),
            K::Arith(op, a, b) => {
                let (x, y) = (self.eval(f, a)?, self.eval(f, b)?);
                arith(*op, &x, &y, e.span)?
            }
            K::Cmp(op, a, b) => {
                let (x, y) = (self.eval(f, a)?, self.eval(f, b)?);
                Value::Bool(compare(*op, &x, &y))
            }
            K::InList(a, xs) => {
                let v = self.eval(f, a)?;
                let mut hit = false;
                for x in xs {
                    if self.eval(f, x)? == v {
                        hit = true;
                        break;
                    }
                }
                Value::Bool(hit)
            }
            K::InSet(a, s) => {
                let (v, s) = (self.eval(f, a)?, self.eval(f, s)?);
                match (v, s) {
                    (Value::Enum(i), Value::Set(bits)) => Value::Bool(i < 64 && bits & (1u64 << i) != 0),
                    _ => Value::Bool(false),
                }
            }
            K::MonthDay(a, from, to) => match self.eval(f, a)? {
                Value::Date(d) => Value::Bool(in_month_days(d, *from, *to)),
                _ => Value::Bool(false),
            },
            K::IsEmpty(a) => Value::Bool(matches!(self.eval(f, a)?, Value::Set(0))),
            K::StartsWith(a, ps) => {
                let Value::Text(t) = self.eval(f, a)? else { return Ok(Value::Bool(false)) };
                let mut hit = false;
                for p in ps {
                    if let Value::Text(p) = self.eval(f, p)? {
                        if t.starts_with(&*p) {
                            hit = true;
                            break;
                        }
                    }
                }
                Value::Bool(hit)
            }
            K::Intersects(a, b) => match (self.eval(f, a)?, self.eval(f, b)?) {
                (Value::Set(x), Value::Set(y)) => Value::Bool(x & y != 0),
                _ => Value::Bool(false),
            },
            K::Subset(a, b) => match (self.eval(f, a)?, self.eval(f, b)?) {
                (Value::Set(x), Value::Set(y)) => Value::Bool(x & !y == 0),
                _ => Value::Bool(false),
            },
            K::SetLit(xs) => {
                let mut bits = 0u64;
                for x in xs {
                    if let Value::Enum(i) = self.eval(f, x)? {
                        if i < 64 {
                            bits |= 1u64 << i;
                        }
                    }
                }
                Value::Set(bits)
            }
            K::If(c, a, b) => {
                if self.eval(f, c)?.as_bool() {
                    self.eval(f, a)?
                } else {
                    self.eval(f, b)?
                }
            }
            K::Match(s, table, arms) => {
                let Value::Enum(i) = self.eval(f, s)? else { return Ok(Value::Absent) };
                match table.get(i as usize).and_then(|a| arms.get(*a)) {
                    Some(arm) => self.eval(f, arm)?,
                    None => Value::Absent,
                }
            }
            K::Max(xs) | K::Min(xs) => {
                let want = if matches!(e.kind, K::Max(_)) { Ordering::Greater } else { Ordering::Less };
                let mut best: Option<Value> = None;
                for x in xs {
                    let v = self.eval(f, x)?;
                    best = match best {
                        Some(b) if value_cmp(&v, &b) != Some(want) => Some(b),
                        _ => Some(v),
                    };
                }
                best.unwrap_or(Value::Absent)
            }
            K::Count(a) => match self.eval(f, a)? {
                Value::Set(bits) => Value::Int(i64::from(bits.count_ones())),
                _ => Value::Int(0),
            },
        })
    }
}

pub fn compare(op: CmpOp, x: &Value, y: &Value) -> bool {
    match op {
        CmpOp::Eq => x == y,
        CmpOp::Ne => x != y,
        _ => match value_cmp(x, y) {
            Some(o) => match op {
                CmpOp::Lt => o == Ordering::Less,
                CmpOp::Le => o != Ordering::Greater,
                CmpOp::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            },
            None => false,
        },
    }
}

pub fn in_month_days(day: i32, from: (u8, u8), to: (u8, u8)) -> bool {
    let (_, m, d) = civil_from_days(day);
    let md = m * 100 + d;
    let (a, b) = (u32::from(from.0) * 100 + u32::from(from.1), u32::from(to.0) * 100 + u32::from(to.1));
    if a <= b {
        a <= md && md <= b
    } else {
        md >= a || md <= b
    }
}

fn arith(op: ArithOp, x: &Value, y: &Value, span: Span) -> R<Value> {
    let ovf = EvalError::Overflow { span };
    Ok(match (x, y) {
        (Value::Int(a), Value::Int(b)) => Value::Int(
            match op {
                ArithOp::Add => a.checked_add(*b),
                ArithOp::Sub => a.checked_sub(*b),
                ArithOp::Mul => a.checked_mul(*b),
                ArithOp::Div => {
                    if *b == 0 {
                        return Err(EvalError::DivByZero { span });
                    }
                    a.checked_div(*b)
                }
            }
            .ok_or(ovf)?,
        ),
        (Value::Dec(a), Value::Dec(b)) => Value::Dec(dec_op(op, *a, *b, span)?),
        (Value::Date(a), Value::Days(b)) => {
            let b = i32::try_from(*b).map_err(|_| ovf.clone())?;
            let r = if op == ArithOp::Add { a.checked_add(b) } else { a.checked_sub(b) };
            Value::Date(r.filter(|d| d.unsigned_abs() < 3_000_000).ok_or(ovf)?)
        }
        (Value::Date(a), Value::Date(b)) => Value::Days(i64::from(*a) - i64::from(*b)),
        (Value::Days(a), Value::Days(b)) => {
            Value::Days(if op == ArithOp::Add { a.checked_add(*b) } else { a.checked_sub(*b) }.ok_or(ovf)?)
        }
        _ => Value::Absent,
    })
}

/// Exact decimal arithmetic; the same definition every back end must implement.
pub fn dec_op(op: ArithOp, a: Decimal, b: Decimal, span: Span) -> R<Decimal> {
    let r = match op {
        ArithOp::Add => a.checked_add(b),
        ArithOp::Sub => a.checked_sub(b),
        ArithOp::Mul => a.checked_mul(b),
        ArithOp::Div => {
            if b.is_zero() {
                return Err(EvalError::DivByZero { span });
            }
            a.checked_div(b)
        }
    };
    r.ok_or(EvalError::Overflow { span })
}
