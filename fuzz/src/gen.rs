//! A grammar-based generator: `arbitrary` builds a program of the language's shape (declarations, names
//! drawn from small pools so references resolve, every expression form, both keyword spellings), rendered as
//! text. Most inputs then get past the parser and many past the checker, so the fuzzer spends its time in
//! the checker's rules and the interpreter instead of in syntax errors.

use arbitrary::Arbitrary;
use std::fmt::Write;

const FIELDS: [(&str, &str); 6] =
    [("甲", "布尔"), ("乙", "整数"), ("丙", "数值 [t/h]"), ("丁", "文本"), ("戊", "日期"), ("己", "级别")];
const VARIANTS: [&str; 3] = ["无", "黄色", "红色"];

#[derive(Arbitrary, Debug)]
pub struct Program {
    english: bool,
    optional_last: bool,
    scenario: Option<Expr>,
    param: Option<(Expr, bool)>,
    defines: Vec<Expr>,
    decisions: Vec<Decision>,
    guarantees: Vec<(Option<Expr>, Expr)>,
    tests: Vec<Test>,
}

#[derive(Arbitrary, Debug)]
pub struct Decision {
    ty: u8,
    default: Expr,
    rules: Vec<Rule>,
}

#[derive(Arbitrary, Debug)]
pub struct Rule {
    exception_of: Option<u8>,
    cond: Option<Expr>,
    value: Expr,
}

#[derive(Arbitrary, Debug)]
pub struct Test {
    fields: Vec<(u8, Expr)>,
    expects: Vec<Expr>,
    conflict: Option<u8>,
}

#[derive(Arbitrary, Debug)]
pub enum Expr {
    Bool(bool),
    Int(i16),
    Dec(u16, u8),
    Text(u8),
    Date(u8, u8),
    Days(u8),
    Variant(u8),
    Field(u8),
    Define(u8),
    Decision(u8),
    Scenario,
    Param,
    Has,
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Bin(u8, Box<Expr>, Box<Expr>),
    Chain(u8, Vec<Expr>),
    In(Box<Expr>, Vec<Expr>),
    MonthDays(Box<Expr>, u8, u8),
    Starts(Box<Expr>, u8),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Match(Box<Expr>, Vec<(u8, Expr)>, Option<Box<Expr>>),
    Call(u8, Vec<Expr>),
    Set(Vec<u8>),
    Paren(Box<Expr>),
}

struct Out {
    s: String,
    en: bool,
}

impl Out {
    fn kw(&mut self, zh: &str, en: &str) {
        self.s.push(' ');
        self.s.push_str(if self.en { en } else { zh });
        self.s.push(' ');
    }
    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Bool(b) => self.kw(if *b { "是" } else { "否" }, if *b { "true" } else { "false" }),
            Expr::Int(i) => {
                let _ = write!(self.s, "{}", i.unsigned_abs());
            }
            Expr::Dec(a, b) => {
                let _ = write!(self.s, "{a}.{b} [t/h]");
            }
            Expr::Text(t) => {
                let _ = write!(self.s, "\"C{}\"", t % 4);
            }
            Expr::Date(m, d) => {
                let _ = write!(self.s, "2026-{:02}-{:02}", m % 12 + 1, d % 28 + 1);
            }
            Expr::Days(d) => {
                let _ = write!(self.s, "{d}");
                self.kw("天", "days");
            }
            Expr::Variant(v) => self.s.push_str(VARIANTS[*v as usize % VARIANTS.len()]),
            Expr::Field(f) => self.s.push_str(FIELDS[*f as usize % FIELDS.len()].0),
            Expr::Define(d) => {
                let _ = write!(self.s, "定义{}", d % 4);
            }
            Expr::Decision(d) => {
                let _ = write!(self.s, "判定{}", d % 3);
            }
            Expr::Scenario => self.s.push_str("预警"),
            Expr::Param => self.s.push_str("上限"),
            Expr::Has => {
                self.kw("有", "has");
                self.s.push_str(FIELDS[5].0);
            }
            Expr::Not(x) => {
                self.kw("非", "not");
                self.expr(x);
            }
            Expr::Neg(x) => {
                self.s.push_str(" -");
                self.expr(x);
            }
            Expr::Bin(op, a, b) => {
                self.s.push('(');
                self.expr(a);
                const OPS: [&str; 14] =
                    ["+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "≥", "且", "或", "相交"];
                let _ = write!(self.s, " {} ", OPS[*op as usize % OPS.len()]);
                self.expr(b);
                self.s.push(')');
            }
            Expr::Chain(op, xs) => {
                let op = ["且", "或", "+", "-"][*op as usize % 4];
                self.s.push('(');
                for (i, x) in xs.iter().enumerate() {
                    if i > 0 {
                        let _ = write!(self.s, " {op} ");
                    }
                    self.expr(x);
                }
                if xs.is_empty() {
                    self.s.push('1');
                }
                self.s.push(')');
            }
            Expr::In(x, xs) => {
                self.expr(x);
                self.kw("属于", "in");
                self.s.push('{');
                for (i, y) in xs.iter().enumerate() {
                    if i > 0 {
                        self.s.push_str(", ");
                    }
                    self.expr(y);
                }
                self.s.push('}');
            }
            Expr::MonthDays(x, a, b) => {
                self.expr(x);
                let _ = write!(self.s, " 在 {:02}-{:02}..{:02}-{:02}", a % 12 + 1, a % 28 + 1, b % 12 + 1, b % 28 + 1);
            }
            Expr::Starts(x, p) => {
                self.expr(x);
                let _ = write!(self.s, " 开头为 \"C{}\"", p % 3);
            }
            Expr::If(c, a, b) => {
                self.s.push('(');
                self.kw("若", "if");
                self.expr(c);
                self.kw("则", "then");
                self.expr(a);
                self.kw("否则", "else");
                self.expr(b);
                self.s.push(')');
            }
            Expr::Match(x, arms, rest) => {
                self.s.push('(');
                self.kw("匹配", "match");
                self.expr(x);
                self.s.push_str(" { ");
                for (v, body) in arms {
                    let _ = write!(self.s, "{} => ", VARIANTS[*v as usize % VARIANTS.len()]);
                    self.expr(body);
                    self.s.push_str(", ");
                }
                if let Some(r) = rest {
                    self.s.push_str("_ => ");
                    self.expr(r);
                }
                self.s.push_str(" })");
            }
            Expr::Call(f, xs) => {
                self.s.push_str(["最大", "最小", "数量", "max"][*f as usize % 4]);
                self.s.push('(');
                for (i, x) in xs.iter().enumerate() {
                    if i > 0 {
                        self.s.push_str(", ");
                    }
                    self.expr(x);
                }
                self.s.push(')');
            }
            Expr::Set(vs) => {
                self.s.push('{');
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        self.s.push('、');
                    }
                    self.s.push_str(VARIANTS[*v as usize % VARIANTS.len()]);
                }
                self.s.push('}');
            }
            Expr::Paren(x) => {
                self.s.push('（');
                self.expr(x);
                self.s.push('）');
            }
        }
    }
}

impl Program {
    /// The program as jingzhun text.
    pub fn render(&self) -> String {
        let mut o = Out { s: String::new(), en: self.english };
        o.s.push_str("政策 模糊.测试 \"生成\"\n枚举 级别 { 无, 黄色, 红色 }\n");
        o.s.push_str("情景 { 预警: 级别 = ");
        match &self.scenario {
            Some(e) => o.expr(e),
            None => o.s.push('无'),
        }
        o.s.push_str(" }\n");
        if let Some((v, open)) = &self.param {
            o.s.push_str("参数 上限 = ");
            o.expr(v);
            if *open {
                o.s.push_str(" 开放");
            }
            o.s.push('\n');
        }
        o.s.push_str("记录 企业 键 丁 { ");
        for (i, (n, t)) in FIELDS.iter().enumerate() {
            let q = if self.optional_last && i == FIELDS.len() - 1 { "?" } else { "" };
            let _ = write!(o.s, "{n}: {t}{q}, ");
        }
        o.s.push_str("}\n关于 企业\n");
        for (i, d) in self.defines.iter().take(4).enumerate() {
            let _ = write!(o.s, "定义 定义{i} = ");
            o.expr(d);
            o.s.push('\n');
        }
        const TYPES: [&str; 4] = ["布尔", "整数", "级别", "数值 [t/h]"];
        for (i, d) in self.decisions.iter().take(3).enumerate() {
            let _ = write!(o.s, "判定 判定{i}: {} 默认 ", TYPES[d.ty as usize % TYPES.len()]);
            o.expr(&d.default);
            o.s.push_str(" {\n");
            for (j, r) in d.rules.iter().take(6).enumerate() {
                if let Some(e) = r.exception_of {
                    let _ = write!(o.s, "  例外 r{} ", e % 6);
                }
                let _ = write!(o.s, "  规则 r{j} 依据 \"一\": ");
                if let Some(c) = &r.cond {
                    o.kw("当", "when");
                    o.expr(c);
                }
                o.kw("则", "then");
                o.expr(&r.value);
                o.s.push('\n');
            }
            o.s.push_str("}\n");
        }
        for (i, (c, a)) in self.guarantees.iter().take(3).enumerate() {
            let _ = write!(o.s, "保障 g{i} 依据 \"一\": ");
            if let Some(c) = c {
                o.kw("当", "when");
                o.expr(c);
                o.kw("则", "then");
            }
            o.expr(a);
            o.s.push('\n');
        }
        o.s.push_str("样本 普通 = 企业 { 甲: 是, 乙: 1, 丙: 1 [t/h], 丁: \"C1\", 戊: 2026-01-01, 己: 无 }\n");
        for (i, t) in self.tests.iter().take(4).enumerate() {
            let _ = write!(o.s, "测试 \"t{i}\" {{ 给定 普通 {{ ");
            for (f, e) in &t.fields {
                let _ = write!(o.s, "{}: ", FIELDS[*f as usize % FIELDS.len()].0);
                o.expr(e);
                o.s.push_str(", ");
            }
            o.s.push_str("}; ");
            for e in &t.expects {
                o.s.push_str("期望 ");
                o.expr(e);
                o.s.push_str("; ");
            }
            match t.conflict {
                Some(d) => {
                    let _ = write!(o.s, "期望 冲突 判定{}", d % 3);
                }
                None if t.expects.is_empty() => o.s.push_str("期望 是"),
                None => {}
            }
            o.s.push_str(" }\n");
        }
        o.s
    }
}
