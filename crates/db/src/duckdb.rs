//! A CSV file through the query on a DuckDB process: the file is a view over DuckDB's own CSV reader (every
//! column as text, as the query expects; lines DuckDB cannot read kept in its rejects table), the result is
//! copied to the process's stdout as CSV and handed on row by row, in input order
//! (`preserve_insertion_order`; and no rewriting of IN lists into joins, which gave up that order on 1M rows
//! and was slower). The script goes in through stdin.

use crate::{ident, literal, DbError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The CSV file the query reads, as the table `table`.
pub struct CsvInput<'a> {
    pub path: &'a Path,
    pub delimiter: u8,
    /// The file's header, in order: every column is read as text under these names.
    pub columns: &'a [String],
    pub table: &'a str,
}

/// A line of the file DuckDB could not read as a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    /// The physical line, as DuckDB counts it.
    pub line: u64,
    pub message: String,
    /// The line's text, as DuckDB kept it.
    pub text: String,
}

#[derive(Debug)]
pub struct Outcome {
    /// Result rows handed on.
    pub rows: u64,
    /// Lines of the file that are not rows of the result.
    pub unread: Vec<Unread>,
}

/// The DuckDB command: `JZ_DUCKDB`, or `duckdb` on the PATH.
pub fn program() -> String {
    std::env::var("JZ_DUCKDB").ok().filter(|p| !p.is_empty()).unwrap_or_else(|| "duckdb".into())
}

/// The script DuckDB runs: the view over the file, the query's result to stdout, the unread lines to
/// `unread`.
pub fn script(input: &CsvInput<'_>, query: &str, unread: &Path) -> String {
    let columns: Vec<String> = input.columns.iter().map(|c| format!("{}: 'VARCHAR'", literal(c))).collect();
    let delim = literal(&char::from(input.delimiter).to_string());
    format!(
        "SET preserve_insertion_order = true;\n\
         SET disabled_optimizers = 'in_clause';\n\
         CREATE VIEW {view} AS SELECT * FROM read_csv({path}, header = true, auto_detect = false, delim = {delim}, \
         quote = '\"', escape = '\"', columns = {{{columns}}}, store_rejects = true, rejects_table = 'jz_unread', \
         rejects_scan = 'jz_unread_scan');\n\
         COPY ({query}) TO '/dev/stdout' (FORMAT csv, HEADER false);\n\
         COPY (SELECT line, coalesce(error_message, ''), coalesce(csv_line, '') FROM jz_unread ORDER BY line) \
         TO {unread} (FORMAT csv, HEADER false);\n",
        view = ident(input.table),
        path = literal(&input.path.to_string_lossy()),
        columns = columns.join(", "),
        query = query.trim().trim_end_matches(';'),
        unread = literal(&unread.to_string_lossy()),
    )
}

/// A temporary file name for the unread lines, unique in this process.
fn scratch() -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    std::env::temp_dir().join(format!(
        "jz-duckdb-unread-{}-{}.csv",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Removes the file when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Run `query` over the file on `program` (see [`program`]); every result row goes to `on_row` in order.
/// A failing `on_row` stops the engine and the run. `interrupt` (Ctrl-C) stops it too: the engine gets
/// the same SIGINT from the terminal, and is killed if it is still running.
pub fn run_csv(
    program: &str,
    input: &CsvInput<'_>,
    query: &str,
    interrupt: &AtomicBool,
    on_row: &mut dyn FnMut(&csv::ByteRecord) -> std::io::Result<()>,
) -> Result<Outcome, DbError> {
    let unread = Scratch(scratch());
    let script = script(input, query, &unread.0);
    let mut child = Command::new(program)
        .args(["-batch", "-bail"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| DbError::NoEngine { program: program.to_string(), error })?;
    let (Some(mut stdin), Some(stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        return Err(DbError::Engine("no pipes to the process".into()));
    };
    let writer = std::thread::spawn(move || stdin.write_all(script.as_bytes()));
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(stdout);
    let mut rec = csv::ByteRecord::new();
    let mut rows = 0u64;
    let mut failure = None;
    loop {
        if interrupt.load(Ordering::Relaxed) {
            failure = Some(DbError::Interrupted);
            break;
        }
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {
                rows += 1;
                if let Err(e) = on_row(&rec) {
                    failure = Some(DbError::Write(e));
                    break;
                }
            }
            Ok(false) => break,
            Err(e) => {
                failure = Some(DbError::Results(e.to_string()));
                break;
            }
        }
    }
    if failure.is_some() {
        let _ = child.kill();
    }
    drop(rdr);
    let status = child.wait().map_err(|e| DbError::Engine(e.to_string()))?;
    let _ = writer.join();
    let stderr = errors.join().unwrap_or_default();
    if interrupt.load(Ordering::Relaxed) {
        return Err(DbError::Interrupted);
    }
    if let Some(f) = failure {
        return Err(f);
    }
    if !status.success() {
        let msg = stderr.trim();
        return Err(DbError::Engine(if msg.is_empty() {
            format!("`{program}` exited with {status}")
        } else {
            msg.to_string()
        }));
    }
    let mut unread_lines = Vec::new();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&unread.0)
        .map_err(|e| DbError::Results(format!("the unread lines: {e}")))?;
    for rec in r.records() {
        let rec = rec.map_err(|e| DbError::Results(format!("the unread lines: {e}")))?;
        unread_lines.push(Unread {
            line: rec.get(0).and_then(|l| l.parse().ok()).unwrap_or(0),
            message: rec.get(1).unwrap_or("").to_string(),
            text: rec.get(2).unwrap_or("").to_string(),
        });
    }
    Ok(Outcome { rows, unread: unread_lines })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_quotes_the_path_the_names_and_the_delimiter() {
        let cols = vec!["名称".to_string(), "it's".to_string()];
        let input = CsvInput { path: Path::new("/tmp/o'neil.csv"), delimiter: b';', columns: &cols, table: "企\"业" };
        let s = script(&input, "SELECT 1;", Path::new("/tmp/u.csv"));
        assert!(s.contains("read_csv('/tmp/o''neil.csv'"), "{s}");
        assert!(s.contains("'it''s': 'VARCHAR'"), "{s}");
        assert!(s.contains("delim = ';'"), "{s}");
        assert!(s.contains("CREATE VIEW \"企\"\"业\""), "{s}");
        assert!(s.contains("COPY (SELECT 1) TO '/dev/stdout'"), "{s}");
    }

    #[test]
    fn a_missing_program_is_an_error_that_says_how_to_install_it() {
        let cols = vec!["a".to_string()];
        let input = CsvInput { path: Path::new("x.csv"), delimiter: b',', columns: &cols, table: "t" };
        let stop = AtomicBool::new(false);
        let e = run_csv("/nonexistent/duckdb", &input, "SELECT 1", &stop, &mut |_| Ok(())).unwrap_err();
        assert!(matches!(e, DbError::NoEngine { .. }));
        assert!(e.help().is_some_and(|h| h.contains("duckdb-cli")));
    }
}
