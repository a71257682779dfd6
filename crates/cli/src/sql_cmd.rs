//! `jz sql`: the record type's output decisions as one SQL query for DuckDB, PostgreSQL or Spark SQL (see
//! `jz-sql`). The query goes to stdout; an expression the SQL representation cannot compute exactly is an error
//! at its span.

use crate::common::{apply_sets, load_program};
use jz_eval::Interp;
use jz_i18n::t;
use jz_sql::{Dialect, Options, SqlError};
use jz_syntax::Diagnostic;
use std::path::Path;

pub struct Args<'a> {
    pub policy: &'a Path,
    pub record: &'a str,
    pub dialect: &'a str,
    pub sets: &'a [String],
    pub explain: bool,
    pub table: Option<&'a str>,
    pub view: Option<&'a str>,
    /// The table's columns (`--columns`), or a CSV file whose header lists them (`--columns-from`).
    pub columns: Option<&'a str>,
    pub columns_from: Option<&'a Path>,
}

pub fn run(a: &Args) -> u8 {
    let Some(dialect) = Dialect::parse(a.dialect) else {
        eprintln!("{}", t!("sql-unknown-dialect", dialect = a.dialect));
        return 1;
    };
    let Some((checked, p)) = load_program(a.policy) else { return 1 };
    let Some(rid) = p.record(a.record) else {
        let names: Vec<&str> = p.records.iter().map(|r| r.name.as_str()).collect();
        eprintln!("{}", t!("sql-no-record-type", record = a.record, names = names.join(", ")));
        return 1;
    };
    let mut it = Interp::new(&p);
    let mut scenario = it.default_scenario();
    if let Err(e) = apply_sets(&p, a.sets, &mut scenario, &mut it.params) {
        eprintln!("{e}");
        return 1;
    }
    let columns = match (a.columns, a.columns_from) {
        (Some(list), _) => Some(list.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()),
        (None, Some(file)) => match header_of(file) {
            Ok(h) => Some(h),
            Err(e) => {
                eprintln!("{}", t!("sql-cannot-read-header", path = file.display(), error = e));
                return 1;
            }
        },
        (None, None) => None,
    };
    let opts = Options {
        dialect,
        table: a.table.unwrap_or(a.record).to_string(),
        explain: a.explain,
        guarantees: true,
        cell_details: false,
        columns,
    };
    match jz_sql::compile(&p, rid, &it.params, &scenario, &opts) {
        Ok(sql) => {
            match a.view {
                Some(v) => outln!("CREATE VIEW {} AS\n{};", quote(dialect, v), sql.trim_end()),
                None => outln!("{};", sql.trim_end()),
            }
            0
        }
        Err(e) => {
            let span = match &e {
                SqlError::Unsupported { span, .. } => *span,
                SqlError::MissingColumn(_) | SqlError::NoRecord(_) => {
                    eprintln!("{}", t!("db-missing-column", error = message(&e)));
                    return 1;
                }
            };
            let d =
                Diagnostic::error("E0601", message(&e), span).with_label(t!("E0601.label")).with_help(t!("E0601.help"));
            eprintln!("{}", checked.sources.render_plain(&[d]).trim_end());
            1
        }
    }
}

/// A compile error as people read it (`SqlError::message` is the English text): E0601 names what cannot be
/// compiled by one of the phrases `jz-sql` uses, translated; a phrase not known here stays as `jz-sql` wrote it.
pub(crate) fn message(e: &SqlError) -> String {
    match e {
        SqlError::Unsupported { what, .. } => t!("E0601", what = sql_what(what)),
        SqlError::NoRecord(r) => t!("sql-no-record", record = r),
        SqlError::MissingColumn(c) => t!("sql-missing-column", column = c),
    }
}

fn sql_what(what: &str) -> String {
    let key = match what {
        "a decision" => "sql-what.decision",
        "a definition" => "sql-what.definition",
        "a field" => "sql-what.field",
        "a guarantee" => "sql-what.guarantee",
        "a rule" => "sql-what.rule",
        "a scenario value" => "sql-what.scenario-value",
        "a list item read from the record" => "sql-what.list-item-read",
        "a list item that fails" => "sql-what.list-item-fails",
        "a prefix read from the record" => "sql-what.prefix-read",
        "a prefix that is not text" => "sql-what.prefix-not-text",
        "multiplication or division of values read from a record" => "sql-what.mul-div",
        "this arithmetic" => "sql-what.arithmetic",
        _ => {
            // "the decimal `1.234…` (more than N fractional digits)"
            let parsed = what
                .strip_prefix("the decimal `")
                .and_then(|r| r.split_once("` (more than "))
                .and_then(|(value, r)| r.strip_suffix(" fractional digits)").map(|digits| (value, digits)));
            return match parsed {
                Some((value, digits)) => t!("sql-what.decimal", value = value, digits = digits),
                None => what.to_string(),
            };
        }
    };
    t!(key)
}

/// The column names in the first line of a CSV file (a UTF-8 BOM skipped).
fn header_of(file: &Path) -> Result<Vec<String>, String> {
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_path(file).map_err(|e| e.to_string())?;
    let h = r.headers().map_err(|e| e.to_string())?;
    Ok(h.iter().map(|c| c.trim_start_matches('\u{feff}').to_string()).collect())
}

fn quote(d: Dialect, name: &str) -> String {
    match d {
        Dialect::Spark => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}
