//! A table through the query on a PostgreSQL server, in place: in one transaction the query's result is
//! kept in a temporary table, the decided rows are written to the output table when one is named, and
//! every result row is copied out (`COPY … TO STDOUT`) and handed on. Any failure rolls the transaction
//! back, so an output table exists only if the whole run succeeded. A Ctrl-C cancels the running
//! statement on the server.

use crate::{ident, DbError};
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// What to run.
pub struct Job<'a> {
    /// `postgresql://user@host:port/db` or `host=… user=…` (the `postgres` crate's forms).
    pub url: &'a str,
    /// The table the query reads (its name in the query).
    pub table: &'a str,
    /// Create this table with the decided rows (the result's columns but the reject column).
    pub out_table: Option<&'a str>,
    pub query: &'a str,
    /// The name of the result's reject column.
    pub reject_column: &'a str,
}

#[derive(Debug)]
pub struct Outcome {
    /// Rows of the input table.
    pub table_rows: u64,
    /// Result rows handed on.
    pub rows: u64,
}

fn engine(e: &postgres::Error) -> DbError {
    match e.as_db_error() {
        Some(d) => DbError::Engine(d.message().to_string()),
        None => DbError::Engine(e.to_string()),
    }
}

/// The table's columns, in order; `None` if there is no such table.
pub fn columns(url: &str, table: &str) -> Result<Vec<String>, DbError> {
    let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| DbError::Connect(e.to_string()))?;
    table_columns(&mut client, table)
}

fn table_columns(client: &mut postgres::Client, table: &str) -> Result<Vec<String>, DbError> {
    let rows = client
        .query(
            "SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 \
             AND NOT a.attisdropped ORDER BY a.attnum",
            &[&ident(table)],
        )
        .map_err(|e| engine(&e))?;
    let exists: Option<String> =
        client.query_one("SELECT to_regclass($1)::text", &[&ident(table)]).map_err(|e| engine(&e))?.get(0);
    if exists.is_none() {
        return Err(DbError::NoTable(table.to_string()));
    }
    Ok(rows.iter().map(|r| r.get::<_, String>(0)).collect())
}

/// Run the job; every result row goes to `on_row`. A failing `on_row` stops the run (rolled back).
pub fn run(
    job: &Job<'_>,
    interrupt: &AtomicBool,
    on_row: &mut dyn FnMut(&csv::ByteRecord) -> std::io::Result<()>,
) -> Result<Outcome, DbError> {
    let mut client =
        postgres::Client::connect(job.url, postgres::NoTls).map_err(|e| DbError::Connect(e.to_string()))?;
    table_columns(&mut client, job.table)?;
    if let Some(out) = job.out_table {
        let exists: Option<String> =
            client.query_one("SELECT to_regclass($1)::text", &[&ident(out)]).map_err(|e| engine(&e))?.get(0);
        if exists.is_some() {
            return Err(DbError::TableExists(out.to_string()));
        }
    }
    // Ctrl-C while a statement runs on the server: cancel it there
    let token = client.cancel_token();
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                if interrupt.load(Ordering::Relaxed) {
                    let _ = token.cancel_query(postgres::NoTls);
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let r = transaction(&mut client, job, interrupt, on_row);
        done.store(true, Ordering::Relaxed);
        if interrupt.load(Ordering::Relaxed) {
            return Err(DbError::Interrupted);
        }
        r
    })
}

fn transaction(
    client: &mut postgres::Client,
    job: &Job<'_>,
    interrupt: &AtomicBool,
    on_row: &mut dyn FnMut(&csv::ByteRecord) -> std::io::Result<()>,
) -> Result<Outcome, DbError> {
    let mut tx = client.transaction().map_err(|e| engine(&e))?;
    let n: i64 =
        tx.query_one(&format!("SELECT count(*) FROM {}", ident(job.table)), &[]).map_err(|e| engine(&e))?.get(0);
    let query = job.query.trim().trim_end_matches(';');
    tx.batch_execute(&format!("CREATE TEMP TABLE jz_result ON COMMIT DROP AS {query}")).map_err(|e| engine(&e))?;
    if let Some(out) = job.out_table {
        tx.batch_execute(&format!(
            "CREATE TABLE {out} AS SELECT * FROM jz_result WHERE {rc} IS NULL; ALTER TABLE {out} DROP COLUMN {rc}",
            out = ident(out),
            rc = ident(job.reject_column)
        ))
        .map_err(|e| engine(&e))?;
    }
    let mut rows = 0u64;
    {
        let copy = tx.copy_out("COPY jz_result TO STDOUT (FORMAT csv)").map_err(|e| engine(&e))?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Interruptible { inner: copy, interrupt });
        let mut rec = csv::ByteRecord::new();
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {
                    rows += 1;
                    on_row(&rec).map_err(DbError::Write)?;
                }
                Ok(false) => break,
                Err(e) if interrupt.load(Ordering::Relaxed) => {
                    let _ = e;
                    return Err(DbError::Interrupted);
                }
                Err(e) => return Err(DbError::Results(e.to_string())),
            }
        }
    }
    tx.commit().map_err(|e| engine(&e))?;
    Ok(Outcome { table_rows: u64::try_from(n).unwrap_or(0), rows })
}

/// A reader that fails once Ctrl-C was pressed (so a long copy stops).
struct Interruptible<'a, R> {
    inner: R,
    interrupt: &'a AtomicBool,
}

impl<R: Read> Read for Interruptible<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.interrupt.load(Ordering::Relaxed) {
            return Err(std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted"));
        }
        self.inner.read(buf)
    }
}
