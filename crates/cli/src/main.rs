//! `jz`: the command-line front end. Each subcommand lives in its own module; this file only parses
//! arguments and maps results to exit codes (0 ok, 1 policy or usage error, 3 some rows/records rejected,
//! 4 `jz verify` could not decide some guarantee).

#[macro_use]
mod common;
mod config;
mod coverage_cmd;
mod diff_cmd;
mod doc_cmd;
mod eval_cmd;
mod fmt_cmd;
mod repl;
mod run_cmd;
mod sql_cmd;
mod test_cmd;
mod verify_cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "jz", version, about = "jingzhun (精准): environmental regulation as executable, cited rules")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Parse and type-check policy files (directories are searched for *.jz)
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Run the tests written in the language (`测试` blocks)
    Test {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Evaluate every decision for one record given as JSON
    Eval {
        policy: PathBuf,
        #[arg(long)]
        record: String,
        /// The record as a JSON object, e.g. '{"统一社会信用代码": "…", …}'
        #[arg(long)]
        json: String,
        /// Set a scenario value or a parameter: NAME=VALUE (repeatable)
        #[arg(long = "set", value_name = "NAME=VALUE")]
        sets: Vec<String>,
        /// Show, for each decision, the rules that applied, the one that decided and those that did not
        #[arg(long)]
        explain: bool,
    },
    /// List every operative article of the source texts with the rules that cite it, or why it is not encoded
    Coverage { policy: PathBuf },
    /// Prove every guarantee (保障) for all records and scenarios or print a counterexample; report possible
    /// conflicts, rules that never apply and default gaps. Exit 0 proved, 1 violated or errors, 4 undecided
    Verify {
        policy: PathBuf,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// Check the guarantees only (no conflict, dead-rule or default-gap warnings)
        #[arg(long)]
        guarantees_only: bool,
        /// Fail (exit 1) on warnings too; also set by `[verify] deny-warnings` in the nearest jz.toml
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print one SQL query (DuckDB, PostgreSQL, Spark SQL) computing the record's output decisions and rejects
    /// over a table with the contract's columns, with the interpreter's answers
    Sql {
        policy: PathBuf,
        #[arg(long)]
        record: String,
        /// duckdb, postgres or spark
        #[arg(long, default_value = "duckdb")]
        dialect: String,
        /// NAME=VALUE: a scenario value or parameter, folded into the query as a constant
        #[arg(long = "set")]
        sets: Vec<String>,
        /// Add the 依据 column
        #[arg(long)]
        explain: bool,
        /// The table to read (default: the record's name)
        #[arg(long)]
        table: Option<String>,
        /// Print `CREATE VIEW NAME AS …` instead of the bare query
        #[arg(long)]
        view: Option<String>,
        /// The table's columns, comma-separated: optional fields it lacks are absent in every row
        #[arg(long)]
        columns: Option<String>,
        /// Take the table's columns from the header line of this CSV file
        #[arg(long)]
        columns_from: Option<PathBuf>,
    },
    /// Evaluate a data file (CSV, JSON Lines, XLSX) of records: decisions out, unreadable rows to rejects
    Run {
        policy: PathBuf,
        #[arg(long)]
        record: String,
        #[arg(long)]
        data: PathBuf,
        /// Output file (CSV, or JSON Lines when it ends in .jsonl); stdout when absent
        #[arg(long)]
        out: Option<PathBuf>,
        /// Rejected rows (row number, key, column, value, reason) as CSV; stderr when absent
        #[arg(long)]
        rejects: Option<PathBuf>,
        /// Set a scenario value or a parameter: NAME=VALUE (repeatable)
        #[arg(long = "set", value_name = "NAME=VALUE")]
        sets: Vec<String>,
        /// `jit` (native code compiled with Cranelift; the default) or `interp` (the reference interpreter)
        #[arg(long, default_value = "jit")]
        engine: String,
        /// Report how the engine was compiled, what falls back to the interpreter, and how rows were decided
        #[arg(long)]
        verbose: bool,
        /// Add a `依据` column: the citation that decided each decision
        #[arg(long)]
        explain: bool,
        /// Write the per-decision value counts and row counts as JSON
        #[arg(long)]
        summary_json: Option<PathBuf>,
        /// At most this many rows per block (a block is also at most about 4 MiB of input)
        #[arg(long, default_value_t = 65536)]
        batch_size: usize,
        /// Worker threads (default: one per core)
        #[arg(long)]
        threads: Option<usize>,
        /// Text encoding of a CSV file: gbk (also GB2312/GB18030, what Excel and WPS export), utf-8,
        /// utf-16le, utf-16be; UTF-8 when absent (a byte-order mark is always followed)
        #[arg(long)]
        encoding: Option<String>,
        /// CSV field delimiter: `,` (default; tab for .tsv), `;`, `tab`, `|`
        #[arg(long)]
        delimiter: Option<String>,
        /// The sheet of a workbook to read (default: every sheet with data)
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Ask questions interactively: set the scenario, define records, explain decisions, load data, what-if
    Repl {
        /// The policy to load at start (more with `:load`)
        policy: Option<PathBuf>,
    },
    /// Compare two policies over the same data: per decision, how many records go from one value to another
    Diff {
        /// The policy as it is (A)
        policy_a: PathBuf,
        /// The policy compared with it (B), e.g. a county's refinement or a reform draft
        policy_b: PathBuf,
        #[arg(long)]
        record: String,
        #[arg(long)]
        data: PathBuf,
        /// Set a scenario value or a parameter in both policies: NAME=VALUE (repeatable)
        #[arg(long = "set", value_name = "NAME=VALUE")]
        sets: Vec<String>,
        /// Write the rows that changed as CSV: key, row number, and for each decision its A and B values
        /// (both empty where that decision did not change)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Rejected rows (row number, key, column, value, reason, policy) as CSV; stderr when absent
        #[arg(long)]
        rejects: Option<PathBuf>,
        /// Rows per chunk
        #[arg(long, default_value_t = 65536)]
        batch_size: usize,
    },
    /// Rewrite policy files in the canonical layout (comments kept, meaning unchanged)
    Fmt {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// List the files that are not formatted and exit 1; write nothing
        #[arg(long)]
        check: bool,
        /// Write full-width punctuation `：，；（）` instead of ASCII `: , ; ( )`
        #[arg(long)]
        full_width: bool,
    },
    /// Write a static, offline HTML page of a policy: articles beside the rules citing them, refinement lineage,
    /// verdicts per guarantee, tests
    Doc {
        policy: PathBuf,
        /// The output directory (index.html is written there)
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Run the language server on stdin/stdout (for editors: diagnostics, hover, definition, completion, …)
    Lsp {
        /// Accepted and ignored: stdin/stdout is the only transport (language clients such as VS Code's pass it)
        #[arg(long)]
        stdio: bool,
    },
}

/// The stack of every thread `jz` runs (the main work and the workers of `jz run`, `jz diff` and the REPL's
/// data questions). Each stage recurses over expression trees and over chains of definitions; the parser
/// bounds nesting at `jz_syntax::limits::MAX_NESTING` and the loader bounds the evaluation depth through
/// definitions at `jz_check::MAX_EVAL_DEPTH`, and the worst stage (see ARCHITECTURE.md, "Untrusted input")
/// needs less than this at those limits in an unoptimised build. Only the pages a deep policy touches are
/// ever committed. `JZ_STACK_MIB` overrides it (to measure the stack per level).
const STACK_MIB: usize = 1024;

fn main() -> ExitCode {
    let mib = std::env::var("JZ_STACK_MIB").ok().and_then(|v| v.parse::<usize>().ok()).unwrap_or(STACK_MIB);
    let bytes = mib.saturating_mul(1 << 20);
    // Threads spawned later (scoped workers) take their size from RUST_MIN_STACK, read once at the first
    // spawn; nothing has spawned yet, so setting it here is seen by every thread.
    std::env::set_var("RUST_MIN_STACK", bytes.to_string());
    match std::thread::Builder::new().name("jz".into()).stack_size(bytes).spawn(run) {
        Ok(h) => h.join().unwrap_or(ExitCode::FAILURE),
        Err(e) => {
            eprintln!("error: cannot start a thread with a {mib} MiB stack: {e}\n  = help: set JZ_STACK_MIB lower");
            ExitCode::FAILURE
        }
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.cmd {
        Cmd::Check { paths } => common::check_cmd(&paths),
        Cmd::Test { paths } => test_cmd::run(&paths),
        Cmd::Eval { policy, record, json, sets, explain } => eval_cmd::run(&policy, &record, &json, &sets, explain),
        Cmd::Coverage { policy } => coverage_cmd::run(&policy),
        Cmd::Sql { policy, record, dialect, sets, explain, table, view, columns, columns_from } => {
            sql_cmd::run(&sql_cmd::Args {
                policy: &policy,
                record: &record,
                dialect: &dialect,
                sets: &sets,
                explain,
                table: table.as_deref(),
                view: view.as_deref(),
                columns: columns.as_deref(),
                columns_from: columns_from.as_deref(),
            })
        }
        Cmd::Verify { policy, json, guarantees_only, deny_warnings } => {
            verify_cmd::run(&policy, json, !guarantees_only, deny_warnings)
        }
        Cmd::Run {
            policy,
            record,
            data,
            out,
            rejects,
            sets,
            engine,
            verbose,
            explain,
            summary_json,
            batch_size,
            threads,
            encoding,
            delimiter,
            sheet,
        } => {
            let threads = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            run_cmd::run(run_cmd::RunArgs {
                policy,
                record,
                data,
                out,
                rejects,
                sets,
                engine,
                explain,
                summary_json,
                batch_size,
                threads,
                verbose,
                encoding,
                delimiter,
                sheet,
            })
        }
        Cmd::Repl { policy } => repl::run(policy.as_deref()),
        Cmd::Diff { policy_a, policy_b, record, data, sets, out, rejects, batch_size } => {
            diff_cmd::run(diff_cmd::DiffArgs { a: policy_a, b: policy_b, record, data, sets, out, rejects, batch_size })
        }
        Cmd::Fmt { paths, check, full_width } => fmt_cmd::run(&paths, check, full_width),
        Cmd::Doc { policy, out } => doc_cmd::run(&policy, &out),
        Cmd::Lsp { stdio: _ } => jz_lsp::run(),
    };
    ExitCode::from(code)
}
