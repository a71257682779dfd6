//! `jz sql`: the record type's output decisions as one SQL query for DuckDB, PostgreSQL or Spark SQL (see
//! `jz-sql`). The query goes to stdout; an expression the SQL representation cannot compute exactly is an error
//! at its span.

use crate::common::{apply_sets, load_program};
use jz_eval::Interp;
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
        eprintln!("error: unknown dialect `{}`\n  help: one of duckdb, postgres, spark", a.dialect);
        return 1;
    };
    let Some((checked, p)) = load_program(a.policy) else { return 1 };
    let Some(rid) = p.record(a.record) else {
        let names: Vec<&str> = p.records.iter().map(|r| r.name.as_str()).collect();
        eprintln!("error: no record type `{}` in this policy\n  help: one of {}", a.record, names.join(", "));
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
                eprintln!("error: cannot read the header of `{}`: {e}\n  help: give a CSV file whose first line names the table's columns, or --columns A,B,…", file.display());
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
                    eprintln!("error: {}\n  help: add the column to the table (see the data contract)", e.message());
                    return 1;
                }
            };
            let d = Diagnostic::error("E0601", e.message(), span)
                .with_label("not expressible exactly in SQL")
                .with_help(
                "rewrite it with comparisons, sums and differences of fields, or evaluate this policy with `jz run`",
            );
            eprintln!("{}", checked.sources.render_plain(&[d]).trim_end());
            1
        }
    }
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
