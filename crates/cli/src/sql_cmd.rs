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
    let opts =
        Options { dialect, table: a.table.unwrap_or(a.record).to_string(), explain: a.explain, guarantees: true };
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
                SqlError::NoRecord(_) => jz_syntax::Span::default(),
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

fn quote(d: Dialect, name: &str) -> String {
    match d {
        Dialect::Spark => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}
