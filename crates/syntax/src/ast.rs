//! The syntax tree. Every node keeps its span; nothing here is resolved or typed.

use crate::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct File {
    pub header: Option<Header>,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub name: Ident,
    pub title: Option<String>,
    pub refines: Option<Ident>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Use { path: String, span: Span },
    Enum { name: Ident, variants: Vec<Ident> },
    Scenario { fields: Vec<ScenarioField> },
    Record { name: Ident, key: Ident, fields: Vec<FieldDecl> },
    ExtendRecord { name: Ident, fields: Vec<FieldDecl> },
    About { record: Ident },
    Define { name: Ident, ty: Option<TypeExpr>, value: Expr },
    Param { name: Ident, ty: Option<TypeExpr>, value: Expr, open: Option<OpenClause> },
    Set { name: Ident, value: Expr },
    Decision { name: Ident, ty: TypeExpr, default: Expr, rules: Vec<Rule> },
    ExtendDecision { name: Ident, rules: Vec<Rule> },
    Guarantee { name: Ident, citations: Vec<Citation>, cond: Option<Expr>, assertion: Expr },
    Sample { name: Ident, value: RecordLit },
    Output { record: Ident, decisions: Vec<Ident> },
    Test(Test),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioField {
    pub name: Ident,
    pub ty: TypeExpr,
    pub default: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: TypeExpr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OpenClause {
    pub range: Option<(Expr, Expr)>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The label of the rule this one is an exception to.
    pub exception_of: Option<Ident>,
    pub label: Option<Ident>,
    pub citations: Vec<Citation>,
    pub cond: Option<Expr>,
    pub value: Expr,
    /// The rule's head (`规则 …` up to the colon), for messages.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Test {
    pub name: String,
    pub name_span: Span,
    pub given: RecordLit,
    pub scenario: Vec<FieldInit>,
    pub expects: Vec<Expect>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    Holds(Expr),
    Conflict(Ident),
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordLit {
    /// A record type or a sample.
    pub base: Ident,
    pub fields: Vec<FieldInit>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldInit {
    pub name: Ident,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub optional: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Named { name: Ident, unit: Option<(String, Span)> },
    Set { elem: Ident },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    And,
    Or,
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Intersects,
    Subset,
    Contains,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::And => "且",
            BinOp::Or => "或",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Intersects => "相交",
            BinOp::Subset => "包含于",
            BinOp::Contains => "包含",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MonthDay {
    pub month: u8,
    pub day: u8,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    /// A decimal literal as written (`35`, `35.0`).
    Number(String),
    Quantity {
        number: String,
        unit: String,
        unit_span: Span,
    },
    Text(String),
    Date(String),
    Days(String),
    /// `name` or `Enum.Variant`.
    Path(Ident, Option<Ident>),
    /// `决定[情景值 = 常量, …]`: the decision `target` (a path) with the named scenario values fixed.
    View {
        target: Box<Expr>,
        fixed: Vec<(Ident, Expr)>,
    },
    SetLit(Vec<Expr>),
    Call(Ident, Vec<Expr>),
    Has(Ident),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    In {
        value: Box<Expr>,
        target: Box<Expr>,
        negated: bool,
    },
    InMonthDays {
        value: Box<Expr>,
        from: MonthDay,
        to: MonthDay,
        negated: bool,
    },
    IsEmpty {
        set: Box<Expr>,
        negated: bool,
    },
    StartsWith {
        text: Box<Expr>,
        prefixes: Vec<Expr>,
    },
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Match {
        scrutinee: Box<Expr>,
        arms: Vec<MatchArm>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchArm {
    /// Empty = wildcard `_`.
    pub patterns: Vec<Ident>,
    pub body: Expr,
    pub span: Span,
}
