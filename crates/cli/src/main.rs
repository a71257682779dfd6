//! `jz`: the command-line front end. Each subcommand lives in its own module; this file only parses
//! arguments and maps results to exit codes (0 ok, 1 policy or usage error, 3 some rows/records rejected,
//! 4 `jz verify` could not decide some guarantee).

#[macro_use]
mod common;
mod cli_help;
mod config;
mod coverage_cmd;
mod db_cmd;
mod diff_cmd;
mod doc_cmd;
mod eval_cmd;
mod fmt_cmd;
mod repl;
mod report_cmd;
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
    /// Language of messages: zh (中文) or en; default from LC_ALL / LC_MESSAGES / LANG (zh_* is Chinese)
    #[arg(long, global = true, value_name = "zh|en")]
    lang: Option<String>,
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
        /// The data file (CSV, JSON Lines, XLSX); not with --db
        #[arg(long, required_unless_present = "db", conflicts_with = "db")]
        data: Option<PathBuf>,
        /// Output file (CSV, or JSON Lines when it ends in .jsonl); stdout when absent
        #[arg(long)]
        out: Option<PathBuf>,
        /// Rejected rows (row number, key, column, value, reason) as CSV; stderr when absent
        #[arg(long)]
        rejects: Option<PathBuf>,
        /// Set a scenario value or a parameter: NAME=VALUE (repeatable)
        #[arg(long = "set", value_name = "NAME=VALUE")]
        sets: Vec<String>,
        /// `jit` (native code compiled with Cranelift; the default), `interp` (the reference interpreter) or
        /// `duckdb` (the policy compiled to SQL and run by a DuckDB process over the CSV file)
        #[arg(long)]
        engine: Option<String>,
        /// Evaluate a table in a PostgreSQL database in place: postgresql://user@host:port/db (the policy
        /// compiled to SQL and run by the server)
        #[arg(long, value_name = "URL")]
        db: Option<String>,
        /// With --db: the table holding the records (default: the record's name)
        #[arg(long, requires = "db")]
        table: Option<String>,
        /// With --db: create this table with the decided rows (rejects still go to --rejects)
        #[arg(long, requires = "db")]
        out_table: Option<String>,
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
    /// One self-contained HTML report of a data file's decisions (charts by 区县, 行业, 绩效等级 and warning
    /// level, a comparison, the deciding articles, the rejects; every table as CSV/XLSX), from one pass
    Report {
        policy: PathBuf,
        #[arg(long)]
        record: String,
        #[arg(long)]
        data: PathBuf,
        /// The HTML file to write
        #[arg(short, long)]
        out: PathBuf,
        /// Set a scenario value or a parameter: NAME=VALUE (repeatable)
        #[arg(long = "set", value_name = "NAME=VALUE")]
        sets: Vec<String>,
        /// Compare with another policy over the same records (e.g. a county's draft)
        #[arg(long, value_name = "POLICY_B", conflicts_with = "what_if")]
        compare: Option<PathBuf>,
        /// Compare with the same policy under another value: NAME=VALUE (repeatable)
        #[arg(long = "what-if", value_name = "NAME=VALUE")]
        what_if: Vec<String>,
        /// Leave out the side-by-side evaluation under every 预警级别
        #[arg(long)]
        no_levels: bool,
        /// `jit` (default) or `interp`
        #[arg(long, default_value = "jit")]
        engine: String,
        #[arg(long, default_value_t = 65536)]
        batch_size: usize,
        #[arg(long)]
        threads: Option<usize>,
        /// As for `jz run`: gbk, utf-8, utf-16le, utf-16be
        #[arg(long)]
        encoding: Option<String>,
        /// As for `jz run`: `,`, `;`, `tab`, `|`
        #[arg(long)]
        delimiter: Option<String>,
        /// As for `jz run`: the sheet of a workbook to read
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
        /// Text encoding of a CSV file (as for `jz run`): gbk, gb18030, utf-8, utf-16le, utf-16be
        #[arg(long)]
        encoding: Option<String>,
        /// CSV field delimiter: `,` (default; tab for .tsv), `;`, `tab`, `|`
        #[arg(long)]
        delimiter: Option<String>,
        /// The sheet of a workbook to read (default: every sheet with data)
        #[arg(long)]
        sheet: Option<String>,
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
    /// Explain an error or warning code: what it means, a wrong and a corrected example, what to do
    Explain {
        /// The code, e.g. E0302
        code: Option<String>,
        /// List every code
        #[arg(long)]
        list: bool,
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

/// The language asked for: `--lang X` / `--lang=X` anywhere on the command line (read before clap, so that
/// clap's own messages can be in it too), else the locale.
fn choose_lang() -> jz_i18n::Lang {
    let args: Vec<String> = std::env::args().collect();
    let mut asked = None;
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            asked = args.get(i + 1).cloned();
        } else if let Some(v) = a.strip_prefix("--lang=") {
            asked = Some(v.to_string());
        }
    }
    asked.as_deref().and_then(jz_i18n::Lang::parse).unwrap_or_else(jz_i18n::Lang::from_env)
}

/// `jz explain CODE` / `jz explain --list`.
fn explain_cmd(code: Option<&str>, list: bool) -> u8 {
    use jz_i18n::t;
    match code {
        Some(c) if !list => match jz_i18n::explain(c) {
            Some(text) => {
                outln!("{}", text.trim_end());
                0
            }
            None => {
                eprintln!("{}\n  = {}", t!("explain-unknown", code = c), t!("explain-unknown.help"));
                1
            }
        },
        _ => {
            outln!("{}", t!("explain-list"));
            for c in jz_i18n::codes::CODES {
                outln!("  {}  {}", c.code, t!(&format!("explain-{}", c.code)));
            }
            0
        }
    }
}

fn run() -> ExitCode {
    jz_i18n::set_lang(choose_lang());
    let matches = match cli_help::localise(<Cli as clap::CommandFactory>::command()).try_get_matches() {
        Ok(m) => m,
        Err(e) => match cli_help::parse_error(&e) {
            // `e.exit()` for English, `--help` and `--version` (clap prints them), in the language otherwise
            Some(text) => {
                eprintln!("{text}");
                return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
            }
            None => e.exit(),
        },
    };
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    if let Some(l) = &cli.lang {
        if jz_i18n::Lang::parse(l).is_none() {
            eprintln!("{}\n  = {}", jz_i18n::t!("cli-bad-lang", lang = l), jz_i18n::t!("cli-bad-lang.help"));
            return ExitCode::from(1);
        }
    }
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
            db,
            table,
            out_table,
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
                engine: engine.unwrap_or_else(|| if db.is_some() { "postgres".into() } else { "jit".into() }),
                db,
                table,
                out_table,
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
        Cmd::Report {
            policy,
            record,
            data,
            out,
            sets,
            compare,
            what_if,
            no_levels,
            engine,
            batch_size,
            threads,
            encoding,
            delimiter,
            sheet,
        } => {
            let threads = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            report_cmd::run(report_cmd::ReportArgs {
                policy,
                record,
                data,
                out,
                sets,
                compare,
                what_if,
                no_levels,
                engine,
                batch_size,
                threads,
                encoding,
                delimiter,
                sheet,
            })
        }
        Cmd::Repl { policy } => repl::run(policy.as_deref()),
        Cmd::Diff { policy_a, policy_b, record, data, sets, out, rejects, batch_size, encoding, delimiter, sheet } => {
            diff_cmd::run(diff_cmd::DiffArgs {
                a: policy_a,
                b: policy_b,
                record,
                data,
                sets,
                out,
                rejects,
                batch_size,
                encoding,
                delimiter,
                sheet,
            })
        }
        Cmd::Fmt { paths, check, full_width } => fmt_cmd::run(&paths, check, full_width),
        Cmd::Doc { policy, out } => doc_cmd::run(&policy, &out),
        Cmd::Lsp { stdio: _ } => jz_lsp::run(),
        Cmd::Explain { code, list } => explain_cmd(code.as_deref(), list),
    };
    ExitCode::from(code)
}
