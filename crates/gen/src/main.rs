//! `jz-gen`: write deterministic sample data for the jingzhun Hebei data contract.

use clap::{Args, Parser, Subcommand, ValueEnum};
use jz_gen::{
    curated, json_object, write_records, EnterpriseGen, Format, Options, ProjectGen, RecordGen, Summary, VehicleGen,
};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "jz-gen",
    version,
    about = "Deterministic sample data for the jingzhun Hebei data contract (企业, 施工项目, 机动车)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 企业 rows.
    Enterprises(GenArgs),
    /// 施工项目 rows.
    Projects(GenArgs),
    /// 机动车 rows.
    Vehicles(GenArgs),
    /// The hand-picked 企业 rows of examples/enterprises_small.* (with --purposes: what each row is for).
    Curated(CuratedArgs),
}

#[derive(Args)]
struct GenArgs {
    /// Number of data rows.
    #[arg(long, default_value_t = 1000)]
    rows: u64,
    /// Seed; the same seed and row count give byte-identical output.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Output file (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Output format (default: jsonl when --out ends in .jsonl, else csv).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Fraction of rows (0–1) to make unreadable, each marked `#BAD:<kind>` in its name/plate column.
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    bad_rows: f64,
    /// Write a CSV manifest of the bad rows (row,line,kind,column,value) to this file.
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
    /// Write the other accepted input forms (true/1/TRUE, `；`/`、` separators, shuffled sets, 35.00).
    #[arg(long)]
    varied: bool,
    /// Append the optional date column 填报日期 (enables bad-date rows).
    #[arg(long)]
    date_column: bool,
    /// Append the optional 企业 columns the policies add (严重污染环境 … 其他污染物); not with --bad-rows.
    #[arg(long)]
    optional_columns: bool,
    /// Start CSV output with a UTF-8 byte-order mark.
    #[arg(long)]
    bom: bool,
}

#[derive(Args)]
struct CuratedArgs {
    /// Output file (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Output format (default: jsonl when --out ends in .jsonl, else csv).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Print a Markdown table of row numbers, names and purposes instead of the data.
    #[arg(long)]
    purposes: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Jsonl,
}

fn format_for(arg: Option<FormatArg>, out: Option<&PathBuf>) -> Format {
    match arg {
        Some(FormatArg::Csv) => Format::Csv,
        Some(FormatArg::Jsonl) => Format::Jsonl,
        None if out.is_some_and(|p| p.extension().is_some_and(|e| e == "jsonl")) => Format::Jsonl,
        None => Format::Csv,
    }
}

fn open_out(out: Option<&PathBuf>) -> io::Result<Box<dyn Write>> {
    Ok(match out {
        Some(path) => Box::new(BufWriter::new(File::create(path)?)),
        None => Box::new(io::stdout().lock()),
    })
}

fn generate<G: RecordGen>(args: &GenArgs) -> io::Result<Summary> {
    if !(0.0..=1.0).contains(&args.bad_rows) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "--bad-rows must be a fraction between 0 and 1"));
    }
    let opts = Options {
        bad_rows: args.bad_rows,
        varied: args.varied,
        date_column: args.date_column,
        optional_columns: args.optional_columns,
        bom: args.bom,
        format: format_for(args.format, args.out.as_ref()),
    };
    let out = open_out(args.out.as_ref())?;
    let mut manifest = match &args.manifest {
        Some(path) => Some(BufWriter::new(File::create(path)?)),
        None => None,
    };
    let summary =
        write_records::<G, _>(out, manifest.as_mut().map(|m| m as &mut dyn Write), args.rows, args.seed, &opts)?;
    if let Some(mut m) = manifest {
        m.flush()?;
    }
    if summary.bad_total() > 0 {
        let parts: Vec<String> = jz_gen::BadKind::ALL
            .iter()
            .filter(|k| summary.bad_count(**k) > 0)
            .map(|k| format!("{} {}", k.tag(), summary.bad_count(*k)))
            .collect();
        eprintln!("jz-gen: {} rows, {} bad ({})", summary.rows, summary.bad_total(), parts.join(", "));
    }
    Ok(summary)
}

fn curated_out(args: &CuratedArgs) -> io::Result<()> {
    let cases = curated::cases();
    let mut out = open_out(args.out.as_ref())?;
    let header = EnterpriseGen::HEADER;
    let types = EnterpriseGen::TYPES;
    let mut enc = jz_gen::encode::Encoder::new(0, false);
    let mut row = Vec::new();
    if args.purposes {
        writeln!(out, "| row | line | 企业名称 | purpose |")?;
        writeln!(out, "|---|---|---|---|")?;
        for (i, case) in cases.iter().enumerate() {
            writeln!(out, "| {} | {} | {} | {} |", i + 1, i + 2, case.enterprise.name, case.purpose)?;
        }
        return out.flush();
    }
    match format_for(args.format, args.out.as_ref()) {
        Format::Csv => {
            let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
            w.write_record(header)?;
            for case in &cases {
                case.enterprise.write_cells(&mut row, &mut enc);
                w.write_record(&row)?;
            }
            w.flush()?;
        }
        Format::Jsonl => {
            let mut line = String::new();
            for case in &cases {
                case.enterprise.write_cells(&mut row, &mut enc);
                line.clear();
                json_object(&mut line, &row, header, types);
                line.push('\n');
                out.write_all(line.as_bytes())?;
            }
            out.flush()?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Enterprises(a) => generate::<EnterpriseGen>(a).map(drop),
        Command::Projects(a) => generate::<ProjectGen>(a).map(drop),
        Command::Vehicles(a) => generate::<VehicleGen>(a).map(drop),
        Command::Curated(a) => curated_out(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`jz-gen … | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jz-gen: error: {e}");
            ExitCode::FAILURE
        }
    }
}
