//! The SQL back end: one record type's output decisions (and its guarantees) as one query for an existing
//! engine — DuckDB, PostgreSQL or Spark SQL — over a table with the data contract's columns, giving for every row
//! the interpreter's answer: the decisions (and `依据` with `explain`), or the reason the row is rejected, worded
//! as `jz run` words it (a conflict naming both rules, a violated guarantee, an arithmetic error, a cell that
//! cannot be read).
//!
//! Like the JIT it is specialised: scenario values and parameters are constants, and every sub-expression that
//! reads only them is evaluated by the interpreter at compile time. It is another back end on the typed IR:
//! nothing is re-parsed.
//!
//! **Shape.** A chain of CTEs, one per dependency level: `t0` reads every cell as text (`CAST(col AS VARCHAR)`,
//! so typed and text tables are read alike) and parses it per the contract into a typed column plus an error
//! column; each later level adds the definitions, rule trees and decisions whose inputs are ready. Every node has
//! a value column and an error column (a message, or NULL). The final SELECT writes the key, each output
//! decision formatted as `jz run` writes it, `依据` when asked, and `拒收原因`: NULL, or the first error in the
//! interpreter's order (cells, then the outputs in order, then the guarantees).
//!
//! **Exactness.** Lazy evaluation is followed exactly: `且`/`或` short-circuit, `若`/`匹配` evaluate the taken
//! branch, a rule's value only when it applies, the default only when no rule does; an error is reported only
//! where the interpreter would meet it. A rule tree's result is computed as the interpreter computes it: the first
//! value found, a later different one is a conflict naming the first and that one, an error stops. Integers and
//! day counts are computed in DECIMAL(38,0) and checked against the `i64` range; decimals are DECIMAL(38,18).
//! What the SQL representation cannot match exactly is refused at compile time with the expression's span
//! ([`SqlError::Unsupported`]): multiplication and division of values read from a record, decimals with more
//! than 18 fractional digits, non-constant prefixes and list items. Cells the representation cannot hold (a
//! number with more than 19 integer or 18 fractional digits) are rejected with a reason that says so.

use jz_check::ir::*;
use jz_check::{Type, Value};
use jz_eval::{EvalError, Frame, Interp};
use jz_syntax::Span;
use std::collections::HashMap;
use std::fmt::Write;

/// The engine the query is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Postgres,
    Spark,
}

impl Dialect {
    pub fn parse(s: &str) -> Option<Dialect> {
        match s {
            "duckdb" => Some(Dialect::DuckDb),
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            "spark" => Some(Dialect::Spark),
            _ => None,
        }
    }

    fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    fn text(self, s: &str) -> String {
        let s = s.replace('\'', "''");
        match self {
            // Spark reads backslash escapes in string literals
            Dialect::Spark => format!("'{}'", s.replace('\\', "\\\\")),
            _ => format!("'{s}'"),
        }
    }

    fn varchar(self) -> &'static str {
        match self {
            Dialect::Spark => "STRING",
            _ => "VARCHAR",
        }
    }

    /// Whole-string regular-expression match.
    fn matches(self, x: &str, re: &str) -> String {
        match self {
            Dialect::DuckDb => format!("regexp_full_match({x}, '{re}')"),
            Dialect::Postgres => format!("({x} ~ '^{re}$')"),
            Dialect::Spark => format!("({x} RLIKE '^{re}$')"),
        }
    }

    /// Days since 1970-01-01 of a DATE.
    fn epoch_days(self, d: &str) -> String {
        match self {
            Dialect::DuckDb => format!("CAST(date_diff('day', DATE '1970-01-01', {d}) AS DECIMAL(38,0))"),
            Dialect::Spark => format!("CAST(datediff({d}, DATE '1970-01-01') AS DECIMAL(38,0))"),
            Dialect::Postgres => format!("CAST(({d} - DATE '1970-01-01') AS DECIMAL(38,0))"),
        }
    }

    /// Does `hay` contain `needle`?
    fn contains(self, hay: &str, needle: &str) -> String {
        match self {
            Dialect::Spark => format!("(instr({hay}, {needle}) > 0)"),
            _ => format!("(strpos({hay}, {needle}) > 0)"),
        }
    }

    /// `s` without trailing `c` characters.
    fn rtrim(self, s: &str, c: char) -> String {
        match self {
            Dialect::Spark => format!("TRIM(TRAILING '{c}' FROM {s})"),
            _ => format!("rtrim({s}, '{c}')"),
        }
    }

    /// After each level's SELECT: PostgreSQL would otherwise pull every level up into one projection, copying
    /// each column's expression into every place that reads it (exponential in the number of levels).
    fn fence(self) -> &'static str {
        match self {
            Dialect::Postgres => " OFFSET 0",
            _ => "",
        }
    }

    /// A cast of text known (by the surrounding CASE) to be valid.
    fn cast(self, x: &str, ty: &str) -> String {
        match self {
            Dialect::DuckDb => format!("TRY_CAST({x} AS {ty})"),
            _ => format!("CAST({x} AS {ty})"),
        }
    }

    /// A DATE `n` days after `d` (n a DECIMAL(38,0) known to be small).
    fn add_days(self, d: &str, n: &str) -> String {
        match self {
            Dialect::Spark => format!("date_add({d}, CAST({n} AS INT))"),
            _ => format!("({d} + CAST({n} AS INTEGER))"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SqlError {
    /// An expression the SQL representation cannot compute exactly.
    Unsupported { what: String, span: Span },
    /// No such record type.
    NoRecord(String),
    /// The table lacks a column the record requires.
    MissingColumn(String),
}

impl SqlError {
    pub fn message(&self) -> String {
        match self {
            SqlError::Unsupported { what, .. } => format!("cannot compile {what} to SQL exactly"),
            SqlError::NoRecord(r) => format!("no record type `{r}`"),
            SqlError::MissingColumn(c) => format!("the table has no column `{c}`, which the record requires"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Options {
    pub dialect: Dialect,
    /// The table (or view) with the contract's columns.
    pub table: String,
    /// Add the `依据` column (the citation of the rule that decided each output, `默认` for the default).
    pub explain: bool,
    /// Check the record's guarantees (as `jz run` does).
    pub guarantees: bool,
    /// The table's columns, when known: an optional field the table does not have is absent in every row (as
    /// `jz run` reads a file without that column); a required one is an error. `None`: every field is a column.
    pub columns: Option<Vec<String>>,
    /// A row with cells that cannot be read is rejected with [`CELLS_PREFIX`] and, for each such cell, its
    /// field, its text and the query's reason (see [`bad_cells`]), so that a caller holding the contract's
    /// reader (`jz run` on an engine) words them exactly as the reader does. Otherwise the reason is the
    /// first bad cell's, "`列`: why".
    pub cell_details: bool,
}

/// The start of a reject reason that lists a row's unreadable cells (with [`Options::cell_details`]).
pub const CELLS_PREFIX: &str = "jz-cells:";

/// One unreadable cell of a row, as [`bad_cells`] decodes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadCell {
    /// The field's index in the record.
    pub field: usize,
    /// The cell's text (empty for NULL).
    pub text: String,
    /// The query's own reason (what the SQL representation could not read).
    pub reason: String,
}

/// Decode a reject reason written with [`Options::cell_details`]: `None` if it is not a list of cells.
/// Each cell is `FIELD:LEN:TEXT` then `LEN:REASON`, lengths in characters, so any text survives.
pub fn bad_cells(reason: &str) -> Option<Vec<BadCell>> {
    fn chars(s: &str, n: usize) -> Option<(&str, &str)> {
        let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
        if s.chars().count() < n {
            return None;
        }
        Some((s.get(..end)?, s.get(end..)?))
    }
    let mut rest = reason.strip_prefix(CELLS_PREFIX)?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (field, r) = rest.split_once(':')?;
        let (len, r) = r.split_once(':')?;
        let (text, r) = chars(r, len.parse().ok()?)?;
        let (rlen, r) = r.split_once(':')?;
        let (why, r) = chars(r, rlen.parse().ok()?)?;
        out.push(BadCell { field: field.parse().ok()?, text: text.to_string(), reason: why.to_string() });
        rest = r;
    }
    Some(out)
}

/// The name of the reject column in the query's result.
pub const REJECT_COLUMN: &str = "拒收原因";

/// Decimal columns: DECIMAL(38, 18); integer inputs at most 19 digits (so sums of a few stay inside).
const DEC_SCALE: u32 = 18;
const DEC: &str = "DECIMAL(38,18)";
const WIDE: &str = "DECIMAL(38,0)";

/// Compile the output decisions of `record` under these parameter values and this scenario to one query.
pub fn compile(
    p: &Program,
    record: RecordId,
    params: &[Value],
    scenario: &[Value],
    opts: &Options,
) -> Result<String, SqlError> {
    let rec = p.records.get(record).ok_or_else(|| SqlError::NoRecord(record.to_string()))?;
    let mut it = Interp::new(p);
    it.params = params.to_vec();
    let mut c = Compiler {
        p,
        rec,
        d: opts.dialect,
        it,
        scenario: scenario.to_vec(),
        level: HashMap::new(),
        layers: Vec::new(),
        errs: HashMap::new(),
        columns: opts.columns.clone(),
        cell_details: opts.cell_details,
    };
    c.build(record, opts)
}

/// Where a node's columns are: `(value, error)`; the error column is absent when it is always NULL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Node {
    Field(FieldId),
    Define(DefineId),
    Decision(DecisionId),
    /// A rule tree: `(decision, rule)`.
    Rule(DecisionId, RuleId),
    /// The sequence of a rule's exceptions (`Some(rule)`) or of a decision's roots (`None`).
    Seq(DecisionId, Option<RuleId>),
    Guarantee(usize),
}

/// A compiled expression: its SQL value and, when it can fail, an SQL expression giving the error message
/// (NULL when it does not fail).
struct Sx {
    v: String,
    e: Option<String>,
}

struct Compiler<'p> {
    p: &'p Program,
    rec: &'p RecordDef,
    d: Dialect,
    it: Interp<'p>,
    scenario: Vec<Value>,
    /// The CTE level of each node computed so far.
    level: HashMap<Node, usize>,
    /// Per level: (column name, SQL) pairs.
    layers: Vec<Vec<(String, String)>>,
    /// Nodes whose error column exists (can fail).
    errs: HashMap<Node, bool>,
    /// The table's columns, when known.
    columns: Option<Vec<String>>,
    /// Keep each cell's text (`f{i}_r`) for [`Options::cell_details`].
    cell_details: bool,
}

fn col(n: Node) -> String {
    match n {
        Node::Field(i) => format!("f{i}"),
        Node::Define(i) => format!("x{i}"),
        Node::Decision(i) => format!("d{i}"),
        Node::Rule(d, r) => format!("r{d}_{r}"),
        Node::Seq(d, Some(r)) => format!("s{d}_{r}"),
        Node::Seq(d, None) => format!("s{d}"),
        Node::Guarantee(g) => format!("g{g}"),
    }
}

impl<'p> Compiler<'p> {
    fn put(&mut self, level: usize, name: String, sql: String) {
        while self.layers.len() <= level {
            self.layers.push(Vec::new());
        }
        if let Some(l) = self.layers.get_mut(level) {
            l.push((name, sql));
        }
    }

    fn lit(&self, v: &Value, ty: &Type, span: Span) -> Result<String, SqlError> {
        Ok(match v {
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Value::Int(i) | Value::Days(i) => format!("CAST({i} AS {WIDE})"),
            Value::Dec(x) => {
                if x.scale() > DEC_SCALE {
                    return Err(SqlError::Unsupported {
                        what: format!("the decimal `{x}` (more than {DEC_SCALE} fractional digits)"),
                        span,
                    });
                }
                format!("CAST('{}' AS {DEC})", x.normalize())
            }
            Value::Text(t) => self.d.text(t),
            Value::Date(d) => format!("DATE '{}'", jz_check::types::format_date(*d)),
            Value::Enum(i) => i.to_string(),
            Value::Set(b) => format!("CAST({b} AS BIGINT)"),
            Value::Absent => format!("CAST(NULL AS {})", self.sql_type(ty)),
        })
    }

    fn sql_type(&self, ty: &Type) -> String {
        match ty {
            Type::Bool => "BOOLEAN".into(),
            Type::Int | Type::Days => WIDE.into(),
            Type::Dec(_) => DEC.into(),
            Type::Text => self.d.varchar().into(),
            Type::Date => "DATE".into(),
            Type::Enum(_) => "INTEGER".into(),
            Type::Set(_) => "BIGINT".into(),
        }
    }

    /// Reads nothing of the record (only scenario values, parameters and scenario-level definitions).
    fn invariant(&self, e: &Expr) -> bool {
        let mut ok = true;
        e.walk(&mut |x| match x.kind {
            ExprKind::Field(_) | ExprKind::Has(_) | ExprKind::Decision(_) => ok = false,
            ExprKind::Define(i) if self.p.defines.get(i).is_none_or(|d| d.record.is_some()) => ok = false,
            _ => {}
        });
        ok
    }

    fn err_lit(&self, e: &EvalError) -> String {
        self.d.text(&reason(self.p, e))
    }

    /// The level at which a node's columns can be read, compiling it (and what it needs) first.
    fn need(&mut self, n: Node) -> Result<usize, SqlError> {
        if let Some(l) = self.level.get(&n) {
            return Ok(*l);
        }
        let l = match n {
            Node::Field(i) => {
                self.field(i)?;
                0
            }
            Node::Define(i) => {
                let def = self.p.defines.get(i).ok_or_else(|| unsupported("a definition", Span::default()))?;
                let (x, lv) = self.expr_at(&def.expr)?;
                self.node_cols(n, lv, x);
                lv
            }
            Node::Decision(d) => self.decision(d)?,
            Node::Rule(d, r) => self.rule(d, r)?,
            Node::Seq(d, r) => self.seq(d, r)?,
            Node::Guarantee(g) => self.guarantee(g)?,
        };
        self.level.insert(n, l);
        Ok(l)
    }

    /// Put a node's value and error columns at `level`.
    fn node_cols(&mut self, n: Node, level: usize, x: Sx) {
        let name = col(n);
        self.put(level, name.clone(), x.v);
        self.errs.insert(n, x.e.is_some());
        if let Some(e) = x.e {
            self.put(level, format!("{name}_e"), e);
        }
    }

    fn read(&self, n: Node) -> Sx {
        let name = col(n);
        let e = self.errs.get(&n).copied().unwrap_or(false).then(|| format!("{name}_e"));
        Sx { v: name, e }
    }

    /// Compile an expression and the level after which it can be computed (one past its inputs).
    fn expr_at(&mut self, e: &Expr) -> Result<(Sx, usize), SqlError> {
        let mut deps = Vec::new();
        let mut fields = Vec::new();
        if !self.invariant(e) {
            e.walk(&mut |x| match x.kind {
                ExprKind::Field(i) | ExprKind::Has(i) => fields.push(i),
                ExprKind::Decision(d) => deps.push(Node::Decision(d)),
                ExprKind::Define(i) => deps.push(Node::Define(i)),
                _ => {}
            });
        }
        let mut lv = 1;
        for f in fields {
            lv = lv.max(self.need(Node::Field(f))? + 1);
        }
        for n in deps {
            if let Node::Define(i) = n {
                if self.p.defines.get(i).is_some_and(|d| d.record.is_none()) {
                    continue;
                }
            }
            lv = lv.max(self.need(n)? + 1);
        }
        Ok((self.expr(e)?, lv))
    }

    fn expr(&mut self, e: &Expr) -> Result<Sx, SqlError> {
        use ExprKind as K;
        if self.invariant(e) {
            let mut f = Frame::new(self.p, vec![Value::Absent; self.rec.fields.len()], self.scenario.clone());
            return Ok(match self.it.eval(&mut f, e) {
                Ok(v) => Sx { v: self.lit(&v, &e.ty, e.span)?, e: None },
                Err(err) => Sx { v: self.lit(&Value::Absent, &e.ty, e.span)?, e: Some(self.err_lit(&err)) },
            });
        }
        let d = self.d;
        Ok(match &e.kind {
            K::Lit(v) => Sx { v: self.lit(v, &e.ty, e.span)?, e: None },
            K::Field(i) => Sx { v: col(Node::Field(*i)), e: None },
            K::Has(i) => Sx { v: format!("({} IS NOT NULL)", col(Node::Field(*i))), e: None },
            K::Scen(_) | K::Param(_) => return Err(unsupported("a scenario value", e.span)),
            K::Define(i) => self.read(Node::Define(*i)),
            K::Decision(x) => self.read(Node::Decision(*x)),
            K::Not(a) => {
                let a = self.expr(a)?;
                Sx { v: format!("(NOT {})", a.v), e: a.e }
            }
            K::Neg(a) => {
                let x = self.expr(a)?;
                match e.ty {
                    Type::Dec(_) => Sx { v: format!("(-{})", x.v), e: x.e },
                    _ => {
                        let ovf = self.err_lit(&EvalError::Overflow { span: e.span });
                        let check = format!("CASE WHEN {} = CAST(-9223372036854775808 AS {WIDE}) THEN {ovf} END", x.v);
                        Sx { v: format!("(-{})", x.v), e: Some(coalesce(&[x.e, Some(check)])) }
                    }
                }
            }
            K::And(a, b) | K::Or(a, b) => {
                let and = matches!(e.kind, K::And(..));
                let (a, b) = (self.expr(a)?, self.expr(b)?);
                let v = format!("({} {} {})", a.v, if and { "AND" } else { "OR" }, b.v);
                // b is evaluated only when a does not decide
                let stop = if and { format!("NOT {}", a.v) } else { a.v.clone() };
                let err = match (&a.e, &b.e) {
                    (None, None) => None,
                    (Some(ae), None) => Some(ae.clone()),
                    (ae, Some(be)) => Some(format!(
                        "CASE {}WHEN {stop} THEN NULL ELSE {be} END",
                        ae.as_ref().map(|x| format!("WHEN {x} IS NOT NULL THEN {x} ")).unwrap_or_default()
                    )),
                };
                Sx { v, e: err }
            }
            K::Arith(op, a, b) => self.arith(*op, a, b, e)?,
            K::Cmp(op, a, b) => {
                let (a, b) = (self.expr(a)?, self.expr(b)?);
                let o = match op {
                    CmpOp::Eq => "=",
                    CmpOp::Ne => "<>",
                    CmpOp::Lt => "<",
                    CmpOp::Le => "<=",
                    CmpOp::Gt => ">",
                    CmpOp::Ge => ">=",
                };
                Sx { v: format!("({} {o} {})", a.v, b.v), e: join_errs(&[a.e, b.e]) }
            }
            K::InList(a, xs) => {
                let a = self.expr(a)?;
                let mut items = Vec::new();
                for x in xs {
                    if !self.invariant(x) {
                        return Err(unsupported("a list item read from the record", x.span));
                    }
                    let s = self.expr(x)?;
                    if s.e.is_some() {
                        return Err(unsupported("a list item that fails", x.span));
                    }
                    items.push(s.v);
                }
                Sx { v: format!("({} IN ({}))", a.v, items.join(", ")), e: a.e }
            }
            K::InSet(x, s) => {
                let bit = self.bit_of(x)?;
                let s = self.expr(s)?;
                Sx { v: format!("(({} & {}) <> 0)", s.v, bit.v), e: join_errs(&[bit.e, s.e]) }
            }
            K::MonthDay(a, from, to) => {
                let a = self.expr(a)?;
                let md = format!("(EXTRACT(MONTH FROM {x}) * 100 + EXTRACT(DAY FROM {x}))", x = a.v);
                let (f, t) = (u32::from(from.0) * 100 + u32::from(from.1), u32::from(to.0) * 100 + u32::from(to.1));
                let v = if f <= t {
                    format!("({md} BETWEEN {f} AND {t})")
                } else {
                    format!("({md} >= {f} OR {md} <= {t})")
                };
                Sx { v, e: a.e }
            }
            K::IsEmpty(a) => {
                let a = self.expr(a)?;
                Sx { v: format!("({} = 0)", a.v), e: a.e }
            }
            K::StartsWith(a, ps) => {
                let a = self.expr(a)?;
                let mut alts = Vec::new();
                let mut f = Frame::new(self.p, vec![Value::Absent; self.rec.fields.len()], self.scenario.clone());
                for x in ps {
                    if !self.invariant(x) {
                        return Err(unsupported("a prefix read from the record", x.span));
                    }
                    match self.it.eval(&mut f, x) {
                        Ok(Value::Text(t)) => {
                            let n = t.chars().count();
                            alts.push(format!("substr({}, 1, {n}) = {}", a.v, d.text(&t)));
                        }
                        _ => return Err(unsupported("a prefix that is not text", x.span)),
                    }
                }
                let v = if alts.is_empty() { "FALSE".to_string() } else { format!("({})", alts.join(" OR ")) };
                Sx { v, e: a.e }
            }
            K::Intersects(a, b) => {
                let (a, b) = (self.expr(a)?, self.expr(b)?);
                Sx { v: format!("(({} & {}) <> 0)", a.v, b.v), e: join_errs(&[a.e, b.e]) }
            }
            K::Subset(a, b) => {
                let (a, b) = (self.expr(a)?, self.expr(b)?);
                Sx { v: format!("(({} & ~{}) = 0)", a.v, b.v), e: join_errs(&[a.e, b.e]) }
            }
            K::SetLit(xs) => {
                let mut parts = Vec::new();
                let mut errs = Vec::new();
                for x in xs {
                    let s = self.bit_of(x)?;
                    parts.push(s.v);
                    errs.push(s.e);
                }
                let v = if parts.is_empty() { "CAST(0 AS BIGINT)".into() } else { format!("({})", parts.join(" | ")) };
                Sx { v, e: join_errs(&errs) }
            }
            K::If(c, a, b) => {
                let (c, a, b) = (self.expr(c)?, self.expr(a)?, self.expr(b)?);
                let v = format!("(CASE WHEN {} THEN {} ELSE {} END)", c.v, a.v, b.v);
                let branch = match (&a.e, &b.e) {
                    (None, None) => None,
                    (ae, be) => Some(format!(
                        "CASE WHEN {} THEN {} ELSE {} END",
                        c.v,
                        ae.clone().unwrap_or_else(|| "NULL".into()),
                        be.clone().unwrap_or_else(|| "NULL".into())
                    )),
                };
                Sx { v, e: join_errs(&[c.e, branch]) }
            }
            K::Match(s, table, arms) => {
                let s = self.expr(s)?;
                let mut vs = Vec::new();
                let mut es = Vec::new();
                let mut any_err = false;
                let compiled: Vec<Sx> = arms.iter().map(|a| self.expr(a)).collect::<Result<_, _>>()?;
                for (variant, arm) in table.iter().enumerate() {
                    if let Some(x) = compiled.get(*arm) {
                        vs.push(format!("WHEN {variant} THEN {}", x.v));
                        if let Some(err) = &x.e {
                            any_err = true;
                            es.push(format!("WHEN {variant} THEN {err}"));
                        }
                    }
                }
                let v = format!("(CASE {} {} END)", s.v, vs.join(" "));
                let branch = any_err.then(|| format!("CASE {} {} END", s.v, es.join(" ")));
                Sx { v, e: join_errs(&[s.e, branch]) }
            }
            K::Max(xs) | K::Min(xs) => {
                let f = if matches!(e.kind, K::Max(_)) { "GREATEST" } else { "LEAST" };
                let cs: Vec<Sx> = xs.iter().map(|x| self.expr(x)).collect::<Result<_, _>>()?;
                let v = format!("{f}({})", cs.iter().map(|x| x.v.as_str()).collect::<Vec<_>>().join(", "));
                Sx { v, e: join_errs(&cs.into_iter().map(|x| x.e).collect::<Vec<_>>()) }
            }
            K::Count(a) => {
                let x = self.expr(a)?;
                let n = match a.ty {
                    Type::Set(en) => self.p.enums.get(en).map_or(0, |d| d.variants.len()),
                    _ => 0,
                };
                let terms: Vec<String> = (0..n.min(63))
                    .map(|i| format!("CASE WHEN ({} & CAST({} AS BIGINT)) <> 0 THEN 1 ELSE 0 END", x.v, 1u64 << i))
                    .collect();
                let v = if terms.is_empty() {
                    format!("CAST(0 AS {WIDE})")
                } else {
                    format!("CAST(({}) AS {WIDE})", terms.join(" + "))
                };
                Sx { v, e: x.e }
            }
        })
    }

    /// The set bit of an enum value (its variant index as a power of two).
    fn bit_of(&mut self, x: &Expr) -> Result<Sx, SqlError> {
        let s = self.expr(x)?;
        let n = match x.ty {
            Type::Enum(en) => self.p.enums.get(en).map_or(0, |d| d.variants.len()),
            _ => 0,
        };
        let pow: Vec<String> = (0..n.min(63)).map(|i| format!("WHEN {i} THEN CAST({} AS BIGINT)", 1u64 << i)).collect();
        Ok(Sx { v: format!("(CASE {} {} ELSE CAST(0 AS BIGINT) END)", s.v, pow.join(" ")), e: s.e })
    }

    fn arith(&mut self, op: ArithOp, a: &Expr, b: &Expr, e: &Expr) -> Result<Sx, SqlError> {
        let ovf = self.err_lit(&EvalError::Overflow { span: e.span });
        if matches!(op, ArithOp::Mul | ArithOp::Div) {
            return Err(unsupported("multiplication or division of values read from a record", e.span));
        }
        let sign = if op == ArithOp::Add { "+" } else { "-" };
        let (x, y) = (self.expr(a)?, self.expr(b)?);
        let range = |v: &str| {
            format!(
                "CASE WHEN {v} < CAST(-9223372036854775808 AS {WIDE}) OR {v} > CAST(9223372036854775807 AS {WIDE}) THEN {ovf} END"
            )
        };
        Ok(match (&a.ty, &b.ty) {
            (Type::Int, Type::Int) | (Type::Days, Type::Days) => {
                let v = format!("({} {sign} {})", x.v, y.v);
                let check = range(&v);
                Sx { v, e: Some(coalesce(&[x.e, y.e, Some(check)])) }
            }
            (Type::Dec(_), Type::Dec(_)) => Sx { v: format!("({} {sign} {})", x.v, y.v), e: join_errs(&[x.e, y.e]) },
            (Type::Date, Type::Days) => {
                // the interpreter: the offset must fit an i32, the result must stay within ±3,000,000 days
                let day = format!("({} {sign} {})", self.d.epoch_days(&x.v), y.v);
                let bad = format!(
                    "{y} < CAST(-2147483648 AS {WIDE}) OR {y} > CAST(2147483647 AS {WIDE}) OR {day} <= CAST(-3000000 AS {WIDE}) OR {day} >= CAST(3000000 AS {WIDE})",
                    y = y.v
                );
                let n = if op == ArithOp::Add { y.v.clone() } else { format!("(-{})", y.v) };
                let v = format!("(CASE WHEN {bad} THEN CAST(NULL AS DATE) ELSE {} END)", self.d.add_days(&x.v, &n));
                Sx { v, e: Some(coalesce(&[x.e, y.e, Some(format!("CASE WHEN {bad} THEN {ovf} END"))])) }
            }
            (Type::Date, Type::Date) => Sx {
                v: format!("({} - {})", self.d.epoch_days(&x.v), self.d.epoch_days(&y.v)),
                e: join_errs(&[x.e, y.e]),
            },
            _ => return Err(unsupported("this arithmetic", e.span)),
        })
    }

    /// Parse one input cell into its typed column `f{i}` and the cell error `f{i}_e`.
    fn field(&mut self, i: FieldId) -> Result<(), SqlError> {
        let f = self.rec.fields.get(i).ok_or_else(|| unsupported("a field", Span::default()))?;
        let d = self.d;
        if let Some(cols) = &self.columns {
            if !cols.contains(&f.name) {
                if !f.optional {
                    return Err(SqlError::MissingColumn(f.name.clone()));
                }
                // not in the table: absent in every row
                self.put(0, col(Node::Field(i)), format!("CAST(NULL AS {})", self.sql_type(&f.ty)));
                self.put(0, format!("{}_e", col(Node::Field(i))), format!("CAST(NULL AS {})", d.varchar()));
                if self.cell_details {
                    self.put(0, format!("{}_r", col(Node::Field(i))), format!("CAST(NULL AS {})", d.varchar()));
                }
                self.errs.insert(Node::Field(i), false);
                return Ok(());
            }
        }
        let raw = match f.ty {
            // an empty set may be written as an empty cell (or NULL in a table)
            Type::Set(_) => format!("COALESCE(CAST({} AS {}), '')", d.ident(&f.name), d.varchar()),
            _ => format!("CAST({} AS {})", d.ident(&f.name), d.varchar()),
        };
        let t = format!("trim({raw})");
        let name = &f.name;
        let bad = |what: &str| d.text(&format!("`{name}`: {what}"));
        let (v, valid) = match &f.ty {
            Type::Text => (raw.clone(), "TRUE".to_string()),
            Type::Bool => (
                format!("(lower({t}) IN ('是', 'true', '1'))"),
                // two lists of three, not one of six: DuckDB turns an IN list of six or more constants into a
                // join per column, which took 60% of the query's time and gave up the rows' order
                format!("(lower({t}) IN ('是', 'true', '1') OR lower({t}) IN ('否', 'false', '0'))"),
            ),
            Type::Enum(en) => {
                let vars = self.p.enums.get(*en).map(|e| e.variants.clone()).unwrap_or_default();
                let arms: Vec<String> =
                    vars.iter().enumerate().map(|(k, n)| format!("WHEN {} THEN {k}", d.text(n))).collect();
                (format!("(CASE {t} {} END)", arms.join(" ")), format!("(CASE {t} {} END) IS NOT NULL", arms.join(" ")))
            }
            Type::Set(en) => {
                let vars = self.p.enums.get(*en).map(|e| e.variants.clone()).unwrap_or_default();
                // separators ; ； 、 become ';', spaces go, the cell is framed by ';'
                let norm = format!("(';' || replace(replace(replace({raw}, '；', ';'), '、', ';'), ' ', '') || ';')");
                let mut bits = Vec::new();
                let mut rest = norm.clone();
                for (k, n) in vars.iter().enumerate().take(63) {
                    let tok = d.text(&format!(";{n};"));
                    bits.push(format!(
                        "CASE WHEN {} THEN CAST({} AS BIGINT) ELSE CAST(0 AS BIGINT) END",
                        d.contains(&norm, &tok),
                        1u64 << k
                    ));
                    // twice: adjacent repeats do not overlap in one replace
                    rest = format!("replace(replace({rest}, {tok}, ';'), {tok}, ';')");
                }
                let v = if bits.is_empty() { "CAST(0 AS BIGINT)".into() } else { format!("({})", bits.join(" | ")) };
                (v, format!("replace({rest}, ';', '') = ''"))
            }
            Type::Int => (
                d.cast(&t, WIDE),
                format!(
                    "{} AND {} BETWEEN CAST(-9223372036854775808 AS {WIDE}) AND CAST(9223372036854775807 AS {WIDE})",
                    d.matches(&t, "-?[0-9]{1,19}"),
                    d.cast(&t, WIDE)
                ),
            ),
            Type::Dec(_) => (d.cast(&t, DEC), d.matches(&t, "-?[0-9]{1,19}([.][0-9]{1,18})?")),
            Type::Date => {
                let y = format!("CAST(substr({t}, 1, 4) AS INTEGER)");
                let m = format!("CAST(substr({t}, 6, 2) AS INTEGER)");
                let day = format!("CAST(substr({t}, 9, 2) AS INTEGER)");
                let leap = format!("(({y} % 4 = 0 AND {y} % 100 <> 0) OR {y} % 400 = 0)");
                let valid = format!(
                    "{} AND {m} BETWEEN 1 AND 12 AND {day} BETWEEN 1 AND (CASE WHEN {m} = 2 THEN (CASE WHEN {leap} THEN 29 ELSE 28 END) WHEN {m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END)",
                    d.matches(&t, "[0-9]{4}-[0-9]{2}-[0-9]{2}")
                );
                (d.cast(&t, "DATE"), valid)
            }
            Type::Days => (d.cast(&t, WIDE), d.matches(&t, "-?[0-9]{1,19}")),
        };
        let empty =
            if matches!(f.ty, Type::Set(_)) { "FALSE".to_string() } else { format!("({raw} IS NULL OR {t} = '')") };
        let (value, err) = if f.optional {
            (
                format!("(CASE WHEN {empty} THEN NULL WHEN {valid} THEN {v} END)"),
                format!("CASE WHEN {empty} THEN NULL WHEN NOT ({valid}) THEN {} END", bad("cannot read this value")),
            )
        } else {
            (
                format!("(CASE WHEN {empty} THEN NULL WHEN {valid} THEN {v} END)"),
                format!(
                    "CASE WHEN {empty} THEN {} WHEN NOT ({valid}) THEN {} END",
                    bad("empty cell"),
                    bad("cannot read this value")
                ),
            )
        };
        if self.cell_details {
            self.put(0, format!("{}_r", col(Node::Field(i))), format!("COALESCE({raw}, '')"));
        }
        self.put(0, col(Node::Field(i)), value);
        self.put(0, format!("{}_e", col(Node::Field(i))), err);
        self.errs.insert(Node::Field(i), false);
        Ok(())
    }

    /// The first value found in a sequence of rule trees, a later different one a conflict, an error stops.
    fn seq(&mut self, d: DecisionId, parent: Option<RuleId>) -> Result<usize, SqlError> {
        let dec = self.p.decisions.get(d).ok_or_else(|| unsupported("a decision", Span::default()))?;
        let items: Vec<RuleId> = match parent {
            Some(r) => dec.rules.get(r).map(|x| x.children.clone()).unwrap_or_default(),
            None => dec.roots.clone(),
        };
        let mut lv = 1;
        for &r in &items {
            lv = lv.max(self.need(Node::Rule(d, r))? + 1);
        }
        let name = col(Node::Seq(d, parent));
        let cols: Vec<Sx> = items.iter().map(|r| self.read(Node::Rule(d, *r))).collect();
        let f = |r: &RuleId| format!("{}_f", col(Node::Rule(d, *r)));
        let id = |r: &RuleId| format!("{}_id", col(Node::Rule(d, *r)));
        let found = if items.is_empty() {
            "FALSE".into()
        } else {
            format!("({})", items.iter().map(f).collect::<Vec<_>>().join(" OR "))
        };
        let first = |what: &dyn Fn(&RuleId) -> String, ty: &str| {
            if items.is_empty() {
                format!("CAST(NULL AS {ty})")
            } else {
                format!(
                    "(CASE {} END)",
                    items.iter().map(|r| format!("WHEN {} THEN {}", f(r), what(r))).collect::<Vec<_>>().join(" ")
                )
            }
        };
        let ty = self.sql_type(&dec.ty);
        let value = first(&|r| col(Node::Rule(d, *r)), &ty);
        let rule = first(&id, "INTEGER");
        // errors and conflicts in order: an item is reached only if nothing before it stopped
        let mut arms = Vec::new();
        for (k, r) in items.iter().enumerate() {
            if let Some(e) = cols.get(k).and_then(|c| c.e.clone()) {
                arms.push(format!("WHEN {e} IS NOT NULL THEN {e}"));
            }
            if k > 0 {
                let msg = self.conflict_msg(d, &format!("{name}_id0"), &id(r));
                arms.push(format!("WHEN {} AND {} <> {name}_v0 THEN {msg}", f(r), col(Node::Rule(d, *r))));
            }
        }
        // level lv: the first found (value, rule); level lv + 1: the errors, which compare with them
        self.put(lv, format!("{name}_v0"), value);
        self.put(lv, format!("{name}_id0"), rule);
        self.put(lv, format!("{name}_f"), found);
        let err = if arms.is_empty() { None } else { Some(format!("CASE {} END", arms.join(" "))) };
        self.put(lv + 1, name.clone(), format!("{name}_v0"));
        self.put(lv + 1, format!("{name}_id"), format!("{name}_id0"));
        self.errs.insert(Node::Seq(d, parent), err.is_some());
        if let Some(e) = err {
            self.put(lv + 1, format!("{name}_e"), e);
        }
        Ok(lv + 1)
    }

    /// `conflict in D: <first> and <this> both apply [依据 …]`, worded as `jz run` words it, for the deciding
    /// rules in the columns `first` and `this`.
    fn conflict_msg(&self, d: DecisionId, first: &str, this: &str) -> String {
        let Some(dec) = self.p.decisions.get(d) else { return "NULL".into() };
        let t = |s: &str| self.d.text(s);
        let desc = |c: &str| {
            let arms: Vec<String> = dec
                .rules
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let val = match &r.value.kind {
                        ExprKind::Lit(v) => format!(" = {}", self.p.format_value(&dec.ty, v)),
                        _ => String::new(),
                    };
                    format!("WHEN {k} THEN {}", t(&format!("{}{val}", r.describe())))
                })
                .collect();
            format!("(CASE {c} {} END)", arms.join(" "))
        };
        let cites = |c: &str| {
            let arms: Vec<String> = dec
                .rules
                .iter()
                .enumerate()
                .map(|(k, r)| format!("WHEN {k} THEN {}", t(&r.citations.join("、"))))
                .collect();
            format!("(CASE {c} {} END)", arms.join(" "))
        };
        let (ca, cb) = (cites(first), cites(this));
        let suffix = format!(
            "(CASE WHEN {ca} = '' AND {cb} = '' THEN '' WHEN {ca} = '' THEN ' [依据 ' || {cb} || ']' WHEN {cb} = '' THEN ' [依据 ' || {ca} || ']' ELSE ' [依据 ' || {ca} || '、' || {cb} || ']' END)"
        );
        format!(
            "({} || {} || ' and ' || {} || ' both apply' || {suffix})",
            t(&format!("conflict in `{}`: ", dec.name)),
            desc(first),
            desc(this)
        )
    }

    /// A rule tree: its exceptions first; otherwise its own condition and value.
    fn rule(&mut self, d: DecisionId, r: RuleId) -> Result<usize, SqlError> {
        let dec = self.p.decisions.get(d).ok_or_else(|| unsupported("a decision", Span::default()))?;
        let rule = dec.rules.get(r).ok_or_else(|| unsupported("a rule", Span::default()))?;
        let has_children = !rule.children.is_empty();
        let mut lv = 1;
        if has_children {
            lv = lv.max(self.need(Node::Seq(d, Some(r)))? + 1);
        }
        let (cond, lc) = match &rule.cond {
            Some(c) => {
                let (x, l) = self.expr_at(c)?;
                (x, l)
            }
            None => (Sx { v: "TRUE".into(), e: None }, 1),
        };
        let (value, lval) = self.expr_at(&rule.value)?;
        lv = lv.max(lc).max(lval);
        let name = col(Node::Rule(d, r));
        let own_err = join_errs(&[cond.e.clone(), value.e.map(|ve| format!("CASE WHEN {} THEN {ve} END", cond.v))]);
        let (f, v, id, e) = if has_children {
            let s = self.read(Node::Seq(d, Some(r)));
            let sf = format!("{}_f", s.v);
            let e = match (&s.e, &own_err) {
                (None, None) => None,
                (se, oe) => Some(format!(
                    "CASE {}WHEN {sf} THEN NULL ELSE {} END",
                    se.as_ref().map(|x| format!("WHEN {x} IS NOT NULL THEN {x} ")).unwrap_or_default(),
                    oe.clone().unwrap_or_else(|| "NULL".into())
                )),
            };
            (
                format!("({sf} OR {})", cond.v),
                format!("(CASE WHEN {sf} THEN {} ELSE {} END)", s.v, value.v),
                format!("(CASE WHEN {sf} THEN {}_id ELSE {r} END)", s.v),
                e,
            )
        } else {
            (cond.v.clone(), value.v, r.to_string(), own_err)
        };
        self.put(lv, format!("{name}_f"), format!("COALESCE({f}, FALSE)"));
        self.put(lv, name.clone(), v);
        self.put(lv, format!("{name}_id"), id);
        self.errs.insert(Node::Rule(d, r), e.is_some());
        if let Some(e) = e {
            self.put(lv, format!("{name}_e"), e);
        }
        Ok(lv)
    }

    fn decision(&mut self, d: DecisionId) -> Result<usize, SqlError> {
        let dec = self.p.decisions.get(d).ok_or_else(|| unsupported("a decision", Span::default()))?;
        let sl = self.need(Node::Seq(d, None))?;
        let (def, ld) = self.expr_at(&dec.default)?;
        let lv = (sl + 1).max(ld);
        let s = self.read(Node::Seq(d, None));
        let sf = format!("{}_f", s.v);
        let e = match (&s.e, &def.e) {
            (None, None) => None,
            (se, de) => Some(format!(
                "CASE {}WHEN {sf} THEN NULL ELSE {} END",
                se.as_ref().map(|x| format!("WHEN {x} IS NOT NULL THEN {x} ")).unwrap_or_default(),
                de.clone().unwrap_or_else(|| "NULL".into())
            )),
        };
        let name = col(Node::Decision(d));
        self.put(lv, name.clone(), format!("(CASE WHEN {sf} THEN {} ELSE {} END)", s.v, def.v));
        self.put(lv, format!("{name}_rule"), format!("(CASE WHEN {sf} THEN {}_id END)", s.v));
        self.errs.insert(Node::Decision(d), e.is_some());
        if let Some(e) = e {
            self.put(lv, format!("{name}_e"), e);
        }
        Ok(lv)
    }

    /// A guarantee: its error (the condition's, then the assertion's when the condition holds) or its violation.
    fn guarantee(&mut self, g: usize) -> Result<usize, SqlError> {
        let gd = self.p.guarantees.get(g).ok_or_else(|| unsupported("a guarantee", Span::default()))?;
        let (cond, lc) = match &gd.cond {
            Some(c) => self.expr_at(c)?,
            None => (Sx { v: "TRUE".into(), e: None }, 1),
        };
        let (a, la) = self.expr_at(&gd.assertion)?;
        let lv = lc.max(la);
        let violated = self.err_lit(&EvalError::GuaranteeViolated { guarantee: g });
        let mut arms = Vec::new();
        if let Some(ce) = &cond.e {
            arms.push(format!("WHEN {ce} IS NOT NULL THEN {ce}"));
        }
        arms.push(format!("WHEN NOT {} THEN NULL", cond.v));
        if let Some(ae) = &a.e {
            arms.push(format!("WHEN {ae} IS NOT NULL THEN {ae}"));
        }
        arms.push(format!("WHEN NOT {} THEN {violated}", a.v));
        let name = col(Node::Guarantee(g));
        self.put(lv, format!("{name}_e"), format!("CASE {} END", arms.join(" ")));
        self.errs.insert(Node::Guarantee(g), true);
        Ok(lv)
    }

    /// The value of decision `d` as `jz run` writes it (text).
    fn format(&self, d: DecisionId, v: &str) -> String {
        let Some(dec) = self.p.decisions.get(d) else { return "NULL".into() };
        match &dec.ty {
            Type::Bool => format!("(CASE WHEN {v} THEN '是' ELSE '否' END)"),
            Type::Enum(en) => {
                let vars = self.p.enums.get(*en).map(|e| e.variants.clone()).unwrap_or_default();
                let arms: Vec<String> =
                    vars.iter().enumerate().map(|(k, n)| format!("WHEN {k} THEN {}", self.d.text(n))).collect();
                format!("(CASE {v} {} END)", arms.join(" "))
            }
            Type::Set(en) => {
                let vars = self.p.enums.get(*en).map(|e| e.variants.clone()).unwrap_or_default();
                let parts: Vec<String> = vars
                    .iter()
                    .enumerate()
                    .take(63)
                    .map(|(k, n)| {
                        format!(
                            "CASE WHEN ({v} & CAST({} AS BIGINT)) <> 0 THEN {} ELSE '' END",
                            1u64 << k,
                            self.d.text(&format!("{n};"))
                        )
                    })
                    .collect();
                let all = if parts.is_empty() { "''".to_string() } else { parts.join(" || ") };
                format!("regexp_replace({all}, ';$', '')")
            }
            Type::Int | Type::Days => format!("CAST({v} AS {})", self.d.varchar()),
            Type::Dec(_) => {
                // shortest exact decimal: no trailing zeros, no trailing point
                let s = format!("CAST({v} AS {})", self.d.varchar());
                let trimmed = self.d.rtrim(&self.d.rtrim(&s, '0'), '.');
                format!("(CASE WHEN {} THEN {trimmed} ELSE {s} END)", self.d.contains(&s, "'.'"))
            }
            Type::Text => v.to_string(),
            Type::Date => format!("CAST({v} AS {})", self.d.varchar()),
        }
    }

    fn build(&mut self, record: RecordId, opts: &Options) -> Result<String, SqlError> {
        let p = self.p;
        let outputs: Vec<DecisionId> = p.outputs.get(record).cloned().unwrap_or_default();
        let guarantees: Vec<usize> = if opts.guarantees {
            p.guarantees.iter().enumerate().filter(|(_, g)| g.record == record).map(|(i, _)| i).collect()
        } else {
            Vec::new()
        };
        // every field is read (and so checked) as `jz run` reads every column of the record
        for i in 0..self.rec.fields.len() {
            self.need(Node::Field(i))?;
        }
        let mut top = 1;
        for &d in &outputs {
            top = top.max(self.need(Node::Decision(d))? + 1);
        }
        for &g in &guarantees {
            top = top.max(self.need(Node::Guarantee(g))? + 1);
        }
        let d = self.d;
        // the reject reason: cells in column order, then outputs in order, then guarantees
        let mut arms = Vec::new();
        if opts.cell_details {
            let (mut any, mut parts) = (Vec::new(), Vec::new());
            for i in 0..self.rec.fields.len() {
                let (c, r) = (format!("{}_e", col(Node::Field(i))), format!("{}_r", col(Node::Field(i))));
                let v = d.varchar();
                any.push(format!("{c} IS NOT NULL"));
                parts.push(format!(
                    "CASE WHEN {c} IS NOT NULL THEN '{i}:' || CAST(length({r}) AS {v}) || ':' || {r} || CAST(length({c}) AS {v}) || ':' || {c} ELSE '' END"
                ));
            }
            if !any.is_empty() {
                arms.push(format!("WHEN {} THEN '{CELLS_PREFIX}' || {}", any.join(" OR "), parts.join(" || ")));
            }
        } else {
            for i in 0..self.rec.fields.len() {
                let c = format!("{}_e", col(Node::Field(i)));
                arms.push(format!("WHEN {c} IS NOT NULL THEN {c}"));
            }
        }
        for &o in &outputs {
            if let Some(e) = self.read(Node::Decision(o)).e {
                arms.push(format!("WHEN {e} IS NOT NULL THEN {e}"));
            }
        }
        for &g in &guarantees {
            let c = format!("{}_e", col(Node::Guarantee(g)));
            arms.push(format!("WHEN {c} IS NOT NULL THEN {c}"));
        }
        let reject = format!("CASE {} END", arms.join(" "));
        let mut select = vec![format!(
            "jz_key AS {}",
            d.ident(self.rec.fields.get(self.rec.key).map(|f| f.name.as_str()).unwrap_or(""))
        )];
        for &o in &outputs {
            let name = p.decisions.get(o).map(|x| x.name.clone()).unwrap_or_default();
            let v = self.format(o, &col(Node::Decision(o)));
            select.push(format!("CASE WHEN jz_reject IS NULL THEN {v} END AS {}", d.ident(&name)));
        }
        if opts.explain {
            let mut parts = Vec::new();
            for &o in &outputs {
                let Some(dec) = p.decisions.get(o) else { continue };
                let arms: Vec<String> = dec
                    .rules
                    .iter()
                    .enumerate()
                    .map(|(k, r)| format!("WHEN {k} THEN {}", d.text(&r.citation())))
                    .collect();
                let cite = if arms.is_empty() {
                    "'默认'".to_string()
                } else {
                    format!("COALESCE(CASE {}_rule {} END, '默认')", col(Node::Decision(o)), arms.join(" "))
                };
                parts.push(format!("{} || {cite}", d.text(&format!("{}:", dec.name))));
            }
            let joined = if parts.is_empty() { "''".into() } else { parts.join(" || '；' || ") };
            select.push(format!("CASE WHEN jz_reject IS NULL THEN {joined} END AS {}", d.ident("依据")));
        }
        select.push(format!("jz_reject AS {}", d.ident(REJECT_COLUMN)));
        // each level passes on only the columns a later level or the result reads (a wide row copied through
        // every level is most of PostgreSQL's time otherwise)
        let top = top.max(1);
        let mut live: Vec<std::collections::HashSet<String>> = vec![Default::default(); top];
        let mut later: std::collections::HashSet<String> = identifiers(&reject);
        for s in &select {
            later.extend(identifiers(s));
        }
        for lv in (0..top).rev() {
            if let Some(slot) = live.get_mut(lv) {
                *slot = later.clone();
            }
            for (_, s) in self.layers.get(lv).map(Vec::as_slice).unwrap_or(&[]) {
                later.extend(identifiers(s));
            }
        }
        let mut sql = String::new();
        let _ = writeln!(sql, "-- jz sql: {} ({:?}), generated from the typed IR", self.rec.name, d);
        let _ = writeln!(sql, "WITH t0 AS (");
        let fields0: Vec<String> =
            self.layers.first().map(|l| l.iter().map(|(n, s)| format!("    {s} AS {n}")).collect()).unwrap_or_default();
        let key = self.rec.fields.get(self.rec.key).map(|f| d.ident(&f.name)).unwrap_or_default();
        let _ = writeln!(
            sql,
            "  SELECT CAST({key} AS {}) AS jz_key,\n{}\n  FROM {}\n)",
            d.varchar(),
            fields0.join(",\n"),
            table_name(d, &opts.table)
        );
        // the columns defined so far, in order
        let mut defined: Vec<String> = vec!["jz_key".into()];
        defined.extend(self.layers.first().into_iter().flatten().map(|(n, _)| n.clone()));
        for lv in 1..top {
            let keep: Vec<String> = live
                .get(lv - 1)
                .map(|l| defined.iter().filter(|c| l.contains(*c)).cloned().collect())
                .unwrap_or_default();
            let mut cols: Vec<String> = keep.iter().map(|c| format!("    {c}")).collect();
            for (n, s) in self.layers.get(lv).map(Vec::as_slice).unwrap_or(&[]) {
                cols.push(format!("    {s} AS {n}"));
                defined.push(n.clone());
            }
            if cols.is_empty() {
                cols.push("    jz_key".into());
            }
            let _ = writeln!(sql, ", t{lv} AS (\n  SELECT\n{}\n  FROM t{}{}\n)", cols.join(",\n"), lv - 1, d.fence());
        }
        let last = top - 1;
        let _ = writeln!(sql, ", tr AS (SELECT t{last}.*, {reject} AS jz_reject FROM t{last})");
        let _ = writeln!(sql, "SELECT\n  {}\nFROM tr", select.join(",\n  "));
        Ok(sql)
    }
}

/// The column names an SQL expression reads: identifiers outside string literals and quoted names.
fn identifiers(sql: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    for ch in sql.chars() {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
            continue;
        }
        if ch.is_ascii_alphanumeric() || ch == '_' {
            word.push(ch);
            continue;
        }
        if !word.is_empty() {
            out.insert(std::mem::take(&mut word));
        }
        if matches!(ch, '\'' | '"' | '`') {
            quote = Some(ch);
        }
    }
    if !word.is_empty() {
        out.insert(word);
    }
    out
}

fn table_name(d: Dialect, t: &str) -> String {
    // `schema.table` stays qualified
    t.split('.').map(|part| d.ident(part)).collect::<Vec<_>>().join(".")
}

fn unsupported(what: &str, span: Span) -> SqlError {
    SqlError::Unsupported { what: what.to_string(), span }
}

/// The first non-NULL of several error expressions (each evaluated in order, as the interpreter does when all
/// the operands are evaluated).
fn join_errs(errs: &[Option<String>]) -> Option<String> {
    let present: Vec<String> = errs.iter().flatten().cloned().collect();
    match present.len() {
        0 => None,
        1 => present.into_iter().next(),
        _ => Some(format!("COALESCE({})", present.join(", "))),
    }
}

fn coalesce(errs: &[Option<String>]) -> String {
    join_errs(errs).unwrap_or_else(|| "NULL".into())
}

/// A rejected row's reason, exactly as `jz run` writes it in the rejects file.
pub fn reason(p: &Program, e: &EvalError) -> String {
    let cites = e.citations(p);
    if cites.is_empty() {
        e.describe(p)
    } else {
        format!("{} [依据 {}]", e.describe(p), cites.join("、"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_cells_decode_any_text_by_its_length() {
        let r = format!("{CELLS_PREFIX}3:4:a:b;15:`x`: empty cell11:2:中文8:`y`: 不是数");
        let cells = bad_cells(&r).unwrap();
        assert_eq!(cells.len(), 2);
        assert_eq!(cells[0], BadCell { field: 3, text: "a:b;".into(), reason: "`x`: empty cell".into() });
        assert_eq!(cells[1], BadCell { field: 11, text: "中文".into(), reason: "`y`: 不是数".into() });
    }

    #[test]
    fn a_reason_that_lists_no_cells_is_not_decoded() {
        assert_eq!(bad_cells("conflict between rules"), None);
        assert_eq!(bad_cells(&format!("{CELLS_PREFIX}3:99:short")), None, "a length beyond the text");
        assert_eq!(bad_cells(CELLS_PREFIX), Some(Vec::new()));
    }
}
