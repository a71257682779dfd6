//! Running the SQL back end's query (`jz_sql::compile`) where the data are: a DuckDB process reading a CSV
//! file ([`duckdb`]), or a PostgreSQL server reading a table ([`postgres`]). Each hands every result row —
//! the key, the output decisions as `jz run` writes them, `依据` when asked, and `拒收原因` — to the caller in
//! the order the engine returns them, and says how many input rows the engine read, so that the caller can
//! check that no row was lost. Writing the outputs and the summary is the caller's (the CLI's), exactly as
//! for `jz run` with the built-in engines.
//!
//! DuckDB is driven as a process (the `duckdb` command line, e.g. from PyPI's `duckdb-cli`), not linked:
//! the embedded crate compiles DuckDB's C++ sources with every clean build (many minutes on two cores) and
//! gains nothing in exactness — the query and the engine are the same, and results come back as text.
//! PostgreSQL is reached with the `postgres` crate (pure Rust, no libpq).

pub mod duckdb;
pub mod postgres;

/// Why a run on an external engine failed.
#[derive(Debug)]
pub enum DbError {
    /// The engine's program could not be started.
    NoEngine { program: String, error: std::io::Error },
    /// The server could not be reached.
    Connect(String),
    /// The engine refused or failed the query: its own message.
    Engine(String),
    /// The engine's result could not be read.
    Results(String),
    /// Handing a row on failed (our output): the run stops.
    Write(std::io::Error),
    /// The output table exists already.
    TableExists(String),
    /// The input table does not exist.
    NoTable(String),
    /// Ctrl-C: the engine was stopped.
    Interrupted,
}

impl DbError {
    pub fn message(&self) -> String {
        match self {
            DbError::NoEngine { program, error } => format!("cannot start `{program}`: {error}"),
            DbError::Connect(e) => format!("cannot connect to the database: {e}"),
            DbError::Engine(e) => format!("the engine failed: {e}"),
            DbError::Results(e) => format!("cannot read the engine's result: {e}"),
            DbError::Write(e) => format!("writing the output failed: {e}"),
            DbError::TableExists(t) => format!("table `{t}` exists already"),
            DbError::NoTable(t) => format!("no table `{t}` in the database"),
            DbError::Interrupted => "interrupted".into(),
        }
    }

    /// What to do about it.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            DbError::NoEngine { .. } => Some(
                "install the DuckDB command line (`pip install duckdb-cli`) or name it with JZ_DUCKDB=/path/to/duckdb",
            ),
            DbError::Connect(_) => {
                Some("give a URL like postgresql://user@host:5432/db, or postgresql://user@%2Fvar%2Frun%2Fpostgresql/db for a socket")
            }
            DbError::TableExists(_) => Some("drop it first, or name another table with --out-table"),
            DbError::NoTable(_) => Some("name the table holding the records with --table"),
            _ => None,
        }
    }
}

/// A SQL identifier in double quotes (DuckDB and PostgreSQL).
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A SQL string literal.
pub fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
