//! Compile-time analysis shared by the lowering and the runtime: which subexpressions are row-invariant
//! (evaluated once per batch), the fixed decimal scale of every decimal expression, the host-computed text
//! atoms, the kernel's input columns, and what falls back to the interpreter.

use crate::{FIELD_SCALE, MAX_SCALE};
use jz_check::ir::*;
use jz_check::{Type, Value};
use jz_syntax::Span;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// An expression the kernel does not compute itself: it calls back into the interpreter for it (or, for a
/// text-valued decision, the host evaluates that decision with the interpreter for every row).
#[derive(Clone, Debug)]
pub struct Fallback {
    pub span: Span,
    pub reason: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum AtomKind {
    /// The field equals one of the operands.
    Eq,
    /// The field starts with one of the operands.
    Prefix,
}

/// A boolean function of one text field's value: tests against fixed strings (row-invariant operands,
/// evaluated at compile time) combined with 非/且/或. `行业代码 开头为 "30" 且 非 行业代码 开头为 "3091"`
/// is one formula, computed once per distinct value on the host and read by the kernel as one bit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Formula {
    Test(AtomKind, Vec<String>),
    Const(bool),
    Not(Box<Formula>),
    And(Box<Formula>, Box<Formula>),
    Or(Box<Formula>, Box<Formula>),
}

impl Formula {
    /// The formula's truth for a present value (an absent value satisfies no test).
    pub fn eval(&self, s: Option<&[u8]>) -> bool {
        match self {
            Formula::Test(AtomKind::Eq, ops) => s.is_some_and(|s| ops.iter().any(|o| o.as_bytes() == s)),
            Formula::Test(AtomKind::Prefix, ops) => s.is_some_and(|s| ops.iter().any(|o| s.starts_with(o.as_bytes()))),
            Formula::Const(b) => *b,
            Formula::Not(a) => !a.eval(s),
            Formula::And(a, b) => a.eval(s) && b.eval(s),
            Formula::Or(a, b) => a.eval(s) || b.eval(s),
        }
    }
}

/// The text formulas of one field: the host computes, per row, a bitmask with bit `i` set when
/// `atoms[i]` holds.
#[derive(Clone, Debug)]
pub(crate) struct TextTests {
    pub field: FieldId,
    pub atoms: Vec<Formula>,
}

/// One column the kernel reads, in the order of the kernel's column-pointer array.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Input {
    /// The field's values in their column form (decimals converted to scaled `i64`, `i64::MIN` where a
    /// value has no kernel representation).
    Field(FieldId),
    /// One byte per row: 1 when the optional field is present (`有`).
    Present(FieldId),
    /// One `u64` per row: the bitmask of `text[i]`'s tests that hold.
    TextMask(usize),
}

/// An expression evaluated by calling back into the interpreter.
#[derive(Clone, Debug)]
pub(crate) struct Callback {
    pub expr: Expr,
    pub scale: u32,
    /// The lane whose scenario it is evaluated under.
    pub lane: usize,
}

pub(crate) struct Plan<'p> {
    pub p: &'p Program,
    pub record: RecordId,
    invariant: HashMap<usize, bool>,
    scales: HashMap<usize, u32>,
    pub text: Vec<TextTests>,
    pub inputs: Vec<Input>,
    input_of: HashMap<Input, usize>,
    pub callbacks: Vec<Callback>,
    pub fallbacks: Vec<Fallback>,
    /// What reads the scenario values the engine's lanes differ in (`None`: one lane).
    reading: Option<Reading>,
    varies: HashMap<usize, bool>,
}

fn key(e: &Expr) -> usize {
    e as *const Expr as usize
}

/// A decimal literal as a scaled `i64` at its own (normalised) scale, if it fits.
pub(crate) fn dec_literal(d: &Decimal) -> Option<(i64, u32)> {
    let n = d.normalize();
    let s = n.scale();
    if s > MAX_SCALE {
        return None;
    }
    i64::try_from(n.mantissa()).ok().map(|m| (m, s))
}

/// A decimal at a fixed scale as an `i64`, when exactly representable.
pub(crate) fn dec_to_scaled(d: &Decimal, scale: u32) -> Option<i64> {
    let n = d.normalize();
    let s = n.scale();
    if s > scale {
        return None;
    }
    let m = n.mantissa().checked_mul(10i128.checked_pow(scale - s)?)?;
    let v = i64::try_from(m).ok()?;
    // i64::MIN is the kernel's "no value" sentinel for helper results; keep it out of the fast path
    (v != i64::MIN).then_some(v)
}

/// A value in the kernel's representation (`scale` for decimals), or `None` when it has none.
pub(crate) fn encode(v: &Value, scale: u32) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Int(i) => Some(*i),
        Value::Dec(d) => dec_to_scaled(d, scale),
        Value::Date(d) => Some(i64::from(*d)),
        Value::Days(d) => Some(*d),
        Value::Enum(e) => Some(i64::from(*e)),
        Value::Set(s) => Some(*s as i64),
        Value::Text(_) | Value::Absent => None,
    }
}

/// The inverse of [`encode`] for a value of type `ty`.
pub(crate) fn decode(ty: &Type, v: i64, scale: u32) -> Value {
    match ty {
        Type::Bool => Value::Bool(v != 0),
        Type::Int => Value::Int(v),
        Type::Dec(_) => Value::Dec(Decimal::from_i128_with_scale(i128::from(v), scale)),
        Type::Date => Value::Date(i32::try_from(v).unwrap_or_default()),
        Type::Days => Value::Days(v),
        Type::Enum(_) => Value::Enum(u16::try_from(v).unwrap_or_default()),
        Type::Set(_) => Value::Set(v as u64),
        Type::Text => Value::Absent,
    }
}

impl<'p> Plan<'p> {
    pub fn new(p: &'p Program, record: RecordId) -> Plan<'p> {
        Plan {
            p,
            record,
            invariant: HashMap::new(),
            scales: HashMap::new(),
            text: Vec::new(),
            inputs: Vec::new(),
            input_of: HashMap::new(),
            callbacks: Vec::new(),
            fallbacks: Vec::new(),
            reading: None,
            varies: HashMap::new(),
        }
    }

    /// The engine's lanes differ in these scenario values.
    pub fn set_varying(&mut self, scenario: &[ScenId]) {
        self.reading = (!scenario.is_empty()).then(|| self.p.nodes_reading(scenario));
        self.varies.clear();
    }

    /// Does `e` read a scenario value the lanes differ in (itself or through a definition or decision)?
    /// What does not is lowered once and shared by every lane.
    pub fn varies(&mut self, e: &Expr) -> bool {
        let Some(r) = &self.reading else { return false };
        if let Some(b) = self.varies.get(&key(e)) {
            return *b;
        }
        let b = match &e.kind {
            ExprKind::Scen(t) => r.scenario.contains(t),
            ExprKind::Decision(d) => r.decisions.get(*d) == Some(&true),
            ExprKind::Define(j) => r.defines.get(*j) == Some(&true),
            _ => e.children().into_iter().any(|k| self.varies(k)),
        };
        self.varies.insert(key(e), b);
        b
    }

    /// Does decision `d` read a scenario value the lanes differ in?
    pub fn decision_varies(&self, d: DecisionId) -> bool {
        self.reading.as_ref().is_some_and(|r| r.decisions.get(d) == Some(&true))
    }

    /// Does definition `i` read a scenario value the lanes differ in?
    pub fn define_varies(&self, i: DefineId) -> bool {
        self.reading.as_ref().is_some_and(|r| r.defines.get(i) == Some(&true))
    }

    pub fn input(&mut self, i: Input) -> usize {
        if let Some(k) = self.input_of.get(&i) {
            return *k;
        }
        self.inputs.push(i);
        self.input_of.insert(i, self.inputs.len() - 1);
        self.inputs.len() - 1
    }

    pub fn field(&self, f: FieldId) -> Option<&'p FieldDef> {
        self.p.records.get(self.record).and_then(|r| r.fields.get(f))
    }

    /// Does this expression read only the scenario and parameters?
    pub fn is_invariant(&mut self, e: &Expr) -> bool {
        if let Some(b) = self.invariant.get(&key(e)) {
            return *b;
        }
        let p = self.p;
        let b = match &e.kind {
            ExprKind::Lit(_) | ExprKind::Scen(_) | ExprKind::Param(_) => true,
            ExprKind::Field(_) | ExprKind::Has(_) | ExprKind::Decision(_) => false,
            ExprKind::Define(i) => match p.defines.get(*i) {
                Some(d) => self.is_invariant(&d.expr),
                None => false,
            },
            _ => e.children().into_iter().all(|k| self.is_invariant(k)),
        };
        self.invariant.insert(key(e), b);
        b
    }

    /// The fixed scale of a decimal expression (0 for other types).
    pub fn scale(&mut self, e: &Expr) -> u32 {
        if !matches!(e.ty, Type::Dec(_)) {
            return 0;
        }
        if let Some(s) = self.scales.get(&key(e)) {
            return *s;
        }
        let p = self.p;
        let s = match &e.kind {
            ExprKind::Lit(Value::Dec(d)) => dec_literal(d).map_or(0, |(_, s)| s),
            ExprKind::Field(_) => FIELD_SCALE,
            ExprKind::Param(i) => value_scale(p.params.get(*i).map(|x| &x.value)),
            ExprKind::Scen(i) => value_scale(p.scenario.get(*i).map(|x| &x.default)),
            ExprKind::Define(i) => match p.defines.get(*i) {
                Some(d) => self.scale(&d.expr),
                None => 0,
            },
            ExprKind::Decision(d) => self.decision_scale(*d),
            ExprKind::Neg(a) => self.scale(a),
            ExprKind::Arith(ArithOp::Add | ArithOp::Sub, a, b) => self.scale(a).max(self.scale(b)),
            ExprKind::Arith(ArithOp::Mul, a, b) => (self.scale(a) + self.scale(b)).min(MAX_SCALE),
            ExprKind::Arith(ArithOp::Div, a, b) => (self.scale(a).max(self.scale(b)) + 6).min(MAX_SCALE),
            ExprKind::If(_, a, b) => self.scale(a).max(self.scale(b)),
            ExprKind::Match(_, _, arms) | ExprKind::Max(arms) | ExprKind::Min(arms) => {
                arms.iter().map(|a| self.scale(a)).max().unwrap_or(0)
            }
            _ => 0,
        };
        self.scales.insert(key(e), s);
        s
    }

    /// The fixed scale of a decimal decision's values: the largest of its rule values and default.
    pub fn decision_scale(&mut self, d: DecisionId) -> u32 {
        let p = self.p;
        let Some(dec) = p.decisions.get(d) else { return 0 };
        if !matches!(dec.ty, Type::Dec(_)) {
            return 0;
        }
        let mut s = self.scale(&dec.default);
        for r in &dec.rules {
            s = s.max(self.scale(&r.value));
        }
        s
    }

    /// The text test this expression is — a text field against row-invariant operands — as
    /// (field, kind, operands, negated), if it is one the host can compute per batch.
    pub fn text_test(&mut self, e: &Expr) -> Option<(FieldId, AtomKind, Vec<Expr>, bool)> {
        let text_field = |x: &Expr| match x.kind {
            ExprKind::Field(f) if x.ty == Type::Text => Some(f),
            _ => None,
        };
        match &e.kind {
            ExprKind::Cmp(op @ (CmpOp::Eq | CmpOp::Ne), a, b) if a.ty == Type::Text => {
                let (f, other) = match (text_field(a), text_field(b)) {
                    (Some(f), _) if self.is_invariant(b) => (f, b),
                    (_, Some(f)) if self.is_invariant(a) => (f, a),
                    _ => return None,
                };
                Some((f, AtomKind::Eq, vec![(**other).clone()], *op == CmpOp::Ne))
            }
            ExprKind::InList(a, xs) if a.ty == Type::Text => {
                let f = text_field(a)?;
                xs.iter().all(|x| self.is_invariant(x)).then(|| (f, AtomKind::Eq, xs.clone(), false))
            }
            ExprKind::StartsWith(a, xs) => {
                let f = text_field(a)?;
                xs.iter().all(|x| self.is_invariant(x)).then(|| (f, AtomKind::Prefix, xs.clone(), false))
            }
            _ => None,
        }
    }

    /// The (input, bit) of a text formula, registering it; `None` when the field already has 64 tests.
    pub fn atom(&mut self, field: FieldId, atom: Formula) -> Option<(usize, u32)> {
        let t = match self.text.iter().position(|t| t.field == field) {
            Some(t) => t,
            None => {
                self.text.push(TextTests { field, atoms: Vec::new() });
                self.text.len() - 1
            }
        };
        let tests = self.text.get_mut(t)?;
        let bit = match tests.atoms.iter().position(|a| *a == atom) {
            Some(b) => b,
            None if tests.atoms.len() < 64 => {
                tests.atoms.push(atom);
                tests.atoms.len() - 1
            }
            None => return None,
        };
        Some((self.input(Input::TextMask(t)), bit as u32))
    }

    /// Register a callback into the interpreter for `e`, with the reason the kernel cannot compute it.
    pub fn callback(&mut self, e: &Expr, reason: &str, lane: usize) -> usize {
        let scale = self.scale(e);
        self.callbacks.push(Callback { expr: e.clone(), scale, lane });
        // one fallback per expression, however many lanes call it back
        if !self.fallbacks.iter().any(|f| f.span == e.span && f.reason == reason) {
            self.fallbacks.push(Fallback { span: e.span, reason: reason.to_string() });
        }
        self.callbacks.len() - 1
    }
}

fn value_scale(v: Option<&Value>) -> u32 {
    match v {
        Some(Value::Dec(d)) => dec_literal(d).map_or(FIELD_SCALE, |(_, s)| s.max(FIELD_SCALE)),
        _ => FIELD_SCALE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn decimals_scale_exactly_or_not_at_all() {
        let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
        assert_eq!(dec_to_scaled(&d("35.5"), 6), Some(35_500_000));
        assert_eq!(dec_to_scaled(&d("35.500000000"), 6), Some(35_500_000));
        assert_eq!(dec_to_scaled(&d("0.0000001"), 6), None);
        assert_eq!(dec_to_scaled(&d("-12"), 0), Some(-12));
        assert_eq!(dec_to_scaled(&d("99999999999999999999"), 0), None);
        assert_eq!(dec_literal(&d("1.2500")), Some((125, 2)));
    }

    #[test]
    fn encode_and_decode_round_trip_every_kernel_type() {
        let cases = [
            (Type::Bool, Value::Bool(true)),
            (Type::Int, Value::Int(-7)),
            (Type::Dec(jz_check::Unit::none()), Value::Dec(Decimal::new(12345, 3))),
            (Type::Date, Value::Date(20_000)),
            (Type::Days, Value::Days(-3)),
            (Type::Enum(0), Value::Enum(4)),
            (Type::Set(0), Value::Set(u64::MAX >> 1)),
        ];
        for (t, v) in cases {
            let Some(x) = encode(&v, 4) else { panic!("{v:?} has no encoding") };
            assert_eq!(decode(&t, x, 4), v);
        }
        assert_eq!(encode(&Value::Absent, 0), None);
    }
}
