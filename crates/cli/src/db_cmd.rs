//! `jz run --engine duckdb` and `jz run --db postgresql://…`: the policy compiled to SQL (`jz-sql`) and run
//! where the data are (`jz-db`), its rows written as `jz run` writes them — the same output columns, the same
//! rejects file, the same summary and exit status. What differs is who reads the data: DuckDB's CSV reader,
//! or the server's table. So that no row is lost between the two readers, a CSV file is also cut into records
//! by jz's own splitter (no cell is parsed): its record count must equal DuckDB's rows, and it gives each
//! rejected row its physical line.

use crate::run_cmd::{finish, open_files, paths_are_distinct, say, Files, RunArgs, INTERRUPTED};
use jz_check::ir::{Program, RecordId};
use jz_data::{open_with, Chunk, Options, Reject, Source};
use jz_db::DbError;
use jz_engine::pipeline::{csv_field, header, Job, Sinks, Stop, Summary, Tally};
use jz_eval::Interp;
use jz_i18n::t;
use jz_sql::{Dialect, SqlError};
use jz_syntax::Diagnostic;
use std::path::Path;
use std::time::Instant;

macro_rules! say {
    ($($arg:tt)*) => { say(format_args!($($arg)*)) };
}

/// Where a data row is in the file: the physical line of row `n` is `n + offset` for the last break at or
/// before `n` (a break where a record spans lines or blank lines are skipped).
struct Lines {
    breaks: Vec<(u64, u64)>,
    records: u64,
    /// Records jz's own reader would reject as unreadable (an unclosed quote, a too-long line).
    unreadable: Vec<(u64, u64)>,
}

impl Lines {
    fn line(&self, row: u64) -> u64 {
        let i = self.breaks.partition_point(|(r, _)| *r <= row);
        let off = if i == 0 { 1 } else { self.breaks.get(i - 1).map_or(1, |(_, o)| *o) };
        row + off
    }
}

/// Cut the file into records with jz's splitter: how many there are and where each starts.
fn lines_of(mut source: Source) -> Result<Lines, String> {
    let mut lines = Lines { breaks: Vec::new(), records: 0, unreadable: Vec::new() };
    let mut offset = u64::MAX;
    while let Some(chunk) = source.next_chunk(1 << 16)? {
        let Chunk::Block(b) = chunk else { return Err("not a text file".into()) };
        for (i, rec) in b.recs.iter().enumerate() {
            let row = b.first_row + i as u64;
            let line = b.first_line + u64::from(rec.line);
            let off = line.saturating_sub(row);
            if off != offset {
                lines.breaks.push((row, off));
                offset = off;
            }
            if rec.kind != jz_data::block::RecKind::Ok {
                lines.unreadable.push((row, line));
            }
            lines.records += 1;
        }
    }
    Ok(lines)
}

pub fn run(a: &RunArgs, checked: &jz_check::Checked, p: &Program, rid: RecordId, started: Instant) -> u8 {
    let postgres = a.db.is_some();
    if a.out.as_ref().is_some_and(|o| o.extension().is_some_and(|e| e == "jsonl")) {
        say!("{}", t!("db-writes-csv"));
        return 1;
    }
    if !paths_are_distinct(a, a.data.as_deref()) {
        return 1;
    }
    let mut it = Interp::new(p);
    let mut scenario = it.default_scenario();
    if let Err(e) = crate::common::apply_sets(p, &a.sets, &mut scenario, &mut it.params) {
        say!("{e}");
        return 1;
    }
    let outputs: Vec<usize> = p.outputs.get(rid).cloned().unwrap_or_default();
    let record_name = p.records.get(rid).map(|r| r.name.clone()).unwrap_or_default();
    let table = a.table.clone().unwrap_or_else(|| if postgres { record_name.clone() } else { "jz_input".into() });

    // what the engine reads: the file's header (checked by jz's reader first) or the table's columns
    let mut lines = None;
    let mut delim = b',';
    let columns = if let Some(url) = &a.db {
        match jz_db::postgres::columns(url, &table) {
            Ok(c) => c,
            Err(e) => return db_error(&e),
        }
    } else {
        let Some(data) = a.data.as_deref() else {
            say!("{}", t!("run-no-data"));
            return 1;
        };
        match csv_input(a, p, rid, data) {
            Ok((cols, d, l)) => {
                delim = d;
                lines = Some(l);
                cols
            }
            Err(msg) => {
                say!("{msg}");
                return 1;
            }
        }
    };
    if let Some(l) = &lines {
        if let Some((row, line)) = l.unreadable.first() {
            say!("{}", t!("db-uncuttable-row", row = jz_i18n::count(*row), line = jz_i18n::count(*line)));
            return 1;
        }
    }
    let dialect = if postgres { Dialect::Postgres } else { Dialect::DuckDb };
    let opts = jz_sql::Options {
        dialect,
        table: table.clone(),
        explain: a.explain,
        guarantees: true,
        cell_details: true,
        columns: Some(columns.clone()),
    };
    let query = match jz_sql::compile(p, rid, &it.params, &scenario, &opts) {
        Ok(q) => q,
        Err(SqlError::Unsupported { what, span }) => {
            let e = SqlError::Unsupported { what, span };
            let d = Diagnostic::error("E0601", crate::sql_cmd::message(&e), span)
                .with_label(t!("E0601.label"))
                .with_help(t!("E0601.help-run"));
            say!("{}", checked.sources.render_plain(&[d]).trim_end());
            return 1;
        }
        Err(e) => {
            say!("{}", t!("db-missing-column", error = crate::sql_cmd::message(&e)));
            return 1;
        }
    };
    let Some(mut files) = open_files(a) else { return 1 };
    let job = Job {
        program: p,
        record: rid,
        outputs: &outputs,
        interp: &it,
        scenario: &scenario,
        engine: None,
        explain: a.explain,
        jsonl: false,
        threads: 1,
        batch_rows: 1,
        interrupt: &INTERRUPTED,
    };
    let mut rows = Rows {
        program: p,
        record: rid,
        files: &mut files,
        tally: Tally::new(p, &outputs),
        decisions: outputs.len(),
        explain: a.explain,
        write_decided: a.out_table.is_none(),
        buf: Vec::with_capacity(1 << 20),
        lines: lines.as_ref(),
        n: 0,
        written: 0,
        rejected: 0,
        failed: None,
    };
    let mut summary = Summary {
        read: 0,
        written: 0,
        rejected: 0,
        counts: Vec::new(),
        stats: jz_jit::EngineStats::default(),
        stop: None,
    };
    if rows.write_decided {
        if let Err(e) = rows.files.output(&header(&job)) {
            summary.stop = Some(Stop::Output(e));
        }
    }
    let result = if summary.stop.is_some() {
        None
    } else if let Some(url) = &a.db {
        let pg = jz_db::postgres::Job {
            url,
            table: &table,
            out_table: a.out_table.as_deref(),
            query: &query,
            reject_column: jz_sql::REJECT_COLUMN,
        };
        Some(jz_db::postgres::run(&pg, &INTERRUPTED, &mut |r| rows.row(r)).map(|o| (o.rows, o.table_rows)))
    } else {
        let data = a.data.as_deref().unwrap_or(Path::new(""));
        let input = jz_db::duckdb::CsvInput { path: data, delimiter: delim, columns: &columns, table: &table };
        let program = jz_db::duckdb::program();
        Some(jz_db::duckdb::run_csv(&program, &input, &query, &INTERRUPTED, &mut |r| rows.row(r)).and_then(|o| {
            match o.unread.first() {
                Some(u) => Err(DbError::Engine(t!(
                    "db-unread-lines",
                    n = jz_i18n::count(o.unread.len() as u64),
                    line = u.line,
                    message = u.message,
                    text = u.text
                ))),
                None => Ok((o.rows, lines.as_ref().map_or(o.rows, |l| l.records))),
            }
        }))
    };
    if summary.stop.is_none() {
        if let Err(e) = rows.flush() {
            rows.failed.get_or_insert(e);
        }
    }
    let (n, written, rejected, failed) = (rows.n, rows.written, rows.rejected, rows.failed.take());
    summary.counts = rows.tally.sorted();
    summary.read = n;
    summary.written = written;
    summary.rejected = rejected;
    match result {
        None => {}
        Some(Ok((got, expected))) => {
            if let Some(e) = failed {
                summary.stop = Some(Stop::Output(e));
            } else if got != expected {
                say!("{}", t!("db-row-count", got = jz_i18n::count(got), expected = jz_i18n::count(expected)));
                summary.stop = Some(Stop::Read(t!("db-rows-missing", n = jz_i18n::count(expected.abs_diff(got)))));
            }
        }
        Some(Err(DbError::Interrupted)) => summary.stop = Some(Stop::Interrupted),
        Some(Err(DbError::Write(e))) => summary.stop = Some(Stop::Output(failed.unwrap_or(e))),
        Some(Err(e)) => {
            db_error(&e);
            summary.stop = Some(Stop::Read(db_message(&e).0));
        }
    }
    finish(a, p, &outputs, false, summary, files, started)
}

/// The CSV file as DuckDB will read it, checked by jz's own reader first (required columns, encoding):
/// its header, its delimiter, and where its records are.
fn csv_input(a: &RunArgs, p: &Program, rid: RecordId, data: &Path) -> Result<(Vec<String>, u8, Lines), String> {
    let ext = data.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if !matches!(ext.as_str(), "csv" | "tsv" | "txt") {
        return Err(t!("db-not-csv", path = data.display()));
    }
    if let Some(enc) = &a.encoding {
        if !matches!(enc.to_lowercase().replace('_', "-").as_str(), "utf-8" | "utf8") {
            return Err(t!("db-not-utf8", encoding = enc));
        }
    }
    let mut head = [0u8; 2];
    if let Ok(mut f) = std::fs::File::open(data) {
        let _ = std::io::Read::read(&mut f, &mut head);
    }
    if head == [0xff, 0xfe] || head == [0xfe, 0xff] {
        return Err(t!("db-utf16", path = data.display()));
    }
    let delim = match a.delimiter.as_deref() {
        None if ext == "tsv" => b'\t',
        None => b',',
        Some(d) => crate::run_cmd::delimiter(d)?,
    };
    let opts = Options { encoding: a.encoding.clone(), delimiter: Some(delim), sheet: None };
    let (source, schema) = open_with(p, rid, data, &opts).map_err(|e| t!("run-data-error", error = e))?;
    for n in &schema.notes {
        say!("{}", t!("run-note", note = n));
    }
    let header = schema.header.clone();
    let lines = lines_of(source).map_err(|e| t!("run-read-stopped", path = data.display(), error = e))?;
    Ok((header, delim, lines))
}

fn db_error(e: &DbError) -> u8 {
    let (message, help) = db_message(e);
    match help {
        Some(help) => say!("{}", t!("db-error.help", message = message, help = help)),
        None => say!("{}", t!("db-error", message = message)),
    }
    1
}

/// A database engine's error as people read it, and what to do about it (`DbError::message`/`help` are the
/// English text, kept for the engine crate's own callers).
fn db_message(e: &DbError) -> (String, Option<String>) {
    match e {
        DbError::NoEngine { program, error } => {
            (t!("db-no-engine", program = program, error = jz_i18n::io_error(error)), Some(t!("db-no-engine.help")))
        }
        DbError::Connect(err) => (t!("db-connect", error = err), Some(t!("db-connect.help"))),
        DbError::Engine(err) => (t!("db-engine-failed", error = err), None),
        DbError::Results(err) => (t!("db-results", error = err), None),
        DbError::Write(err) => (t!("db-write", error = jz_i18n::io_error(err)), None),
        DbError::TableExists(table) => (t!("db-table-exists", table = table), Some(t!("db-table-exists.help"))),
        DbError::NoTable(table) => (t!("db-no-table", table = table), Some(t!("db-no-table.help"))),
        DbError::Interrupted => (t!("db-interrupted"), None),
    }
}

/// Result rows into the output and the rejects, as the pipeline writes them.
struct Rows<'a> {
    program: &'a Program,
    record: RecordId,
    files: &'a mut Files,
    tally: Tally,
    decisions: usize,
    explain: bool,
    /// Write decided rows to the output (not when they go to an output table).
    write_decided: bool,
    buf: Vec<u8>,
    lines: Option<&'a Lines>,
    n: u64,
    written: u64,
    rejected: u64,
    failed: Option<std::io::Error>,
}

impl Rows<'_> {
    fn row(&mut self, r: &csv::ByteRecord) -> std::io::Result<()> {
        let want = 1 + self.decisions + usize::from(self.explain) + 1;
        if r.len() != want {
            return Err(std::io::Error::other(format!("a result row has {} columns, not {want}", r.len())));
        }
        self.n += 1;
        let text = |i: usize| String::from_utf8_lossy(r.get(i).unwrap_or(b"")).into_owned();
        let reason = r.get(want - 1).unwrap_or(b"");
        if reason.is_empty() {
            for k in 0..self.decisions {
                self.tally.add(k, &String::from_utf8_lossy(r.get(1 + k).unwrap_or(b"")));
            }
            self.written += 1;
            if self.write_decided {
                for i in 0..want - 1 {
                    if i > 0 {
                        self.buf.push(b',');
                    }
                    csv_field(&mut self.buf, r.get(i).unwrap_or(b""));
                }
                self.buf.push(b'\n');
                if self.buf.len() >= 1 << 20 {
                    self.flush()?;
                }
            }
            return Ok(());
        }
        self.rejected += 1;
        let reason = String::from_utf8_lossy(reason).into_owned();
        let line = self.lines.map(|l| l.line(self.n).to_string()).unwrap_or_default();
        let key = text(0);
        let rejects: Vec<Reject> = match jz_sql::bad_cells(&reason) {
            // cells the engine could not read: worded by the contract's reader, one reject per cell
            Some(cells) => cells
                .into_iter()
                .map(|c| {
                    let (column, why) = self.word(&c);
                    Reject {
                        row: self.n,
                        line: line.clone(),
                        key: key.clone(),
                        column,
                        value: jz_data::cells::preview(c.text.trim()),
                        reason: why,
                    }
                })
                .collect(),
            None => vec![Reject { row: self.n, line, key, column: String::new(), value: String::new(), reason }],
        };
        self.files.rejects(&rejects)
    }

    /// A bad cell's column and reason as `jz run`'s reader words them.
    fn word(&self, c: &jz_sql::BadCell) -> (String, String) {
        let Some(f) = self.program.records.get(self.record).and_then(|r| r.fields.get(c.field)) else {
            return (String::new(), c.reason.clone());
        };
        let own = c.reason.strip_prefix(&format!("`{}`: ", f.name)).unwrap_or(&c.reason).to_string();
        let why = if c.text.trim().is_empty() {
            "empty cell in a required column".to_string()
        } else {
            match jz_data::parse_cell(self.program, &f.ty, &c.text) {
                Err(e) => e.0,
                // the reader reads it; the SQL representation cannot hold it (say so in its words)
                Ok(_) => own,
            }
        };
        (f.name.clone(), why)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.files.output(&self.buf);
        self.buf.clear();
        if let Err(e) = &r {
            self.failed.get_or_insert(std::io::Error::new(e.kind(), e.to_string()));
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_the_breaks_where_a_record_spans_lines() {
        // rows 1–3 on lines 2–4, row 4 spans lines 5–6, so row 5 is on line 7
        let l = Lines { breaks: vec![(1, 1), (5, 2)], records: 5, unreadable: Vec::new() };
        assert_eq!([l.line(1), l.line(3), l.line(4), l.line(5), l.line(9)], [2, 4, 5, 7, 11]);
    }
}
