//! `jz`: the command-line front end. Each subcommand lives in its own module; this file only parses
//! arguments and maps results to exit codes (0 ok, 1 policy or usage error, 3 some rows/records rejected).

mod common;
mod eval_cmd;
mod test_cmd;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.cmd {
        Cmd::Check { paths } => common::check_cmd(&paths),
        Cmd::Test { paths } => test_cmd::run(&paths),
        Cmd::Eval { policy, record, json, sets, explain } => eval_cmd::run(&policy, &record, &json, &sets, explain),
    };
    ExitCode::from(code)
}
