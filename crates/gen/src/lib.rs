//! Deterministic sample data for the jingzhun Hebei data contract (shared/CONTRACT.md): records `企业`,
//! `施工项目` and `机动车`.
//!
//! - Deterministic: the output depends only on the seed and the row count (ChaCha8 streams and integer
//!   arithmetic; no thread RNG, no hash-map iteration). Row `i` is the same whatever the row count, so a shorter
//!   file is a prefix of a longer one.
//! - Streaming: memory does not grow with the row count.
//! - Realistic: columns are correlated (industry → permit, pollutants, boiler, grade …); see `domain`.
//! - Bad rows on request ([`Options::bad_rows`]), each marked `#BAD:<kind>` and listed in an optional manifest.
//!
//! ```
//! let mut out = Vec::new();
//! let summary = jz_gen::write_enterprises(&mut out, 5, 2026, &jz_gen::Options::default()).unwrap();
//! assert_eq!(summary.rows, 5);
//! assert_eq!(String::from_utf8(out).unwrap().lines().count(), 6);
//! ```

pub mod bad;
pub mod curated;
pub mod domain;
pub mod encode;
pub mod enterprise;
pub mod project;
mod rng;
pub mod schema;
pub mod uscc;
pub mod vehicle;

pub use bad::{BadKind, Defect};
pub use enterprise::{Enterprise, EnterpriseGen};
pub use project::{Project, ProjectGen};
pub use schema::ColType;
pub use vehicle::{Vehicle, VehicleGen};

use rng::{Rng, Stream};
use std::io::{self, BufWriter, Write};

/// A generator of rows of one record type, as cells in contract order.
pub trait RecordGen: Sized {
    /// The record name in the contract (`企业`, `施工项目`, `机动车`).
    const NAME: &'static str;
    /// Column names, in contract order.
    const HEADER: &'static [&'static str];
    /// Column types, in contract order.
    const TYPES: &'static [ColType];
    /// The free-text column that carries the `#BAD:<kind>` marker of bad rows.
    const MARKER_COLUMN: usize;
    /// The largest row count for which keys are guaranteed unique.
    const MAX_ROWS: u64 = u64::MAX;

    fn with_seed(seed: u64) -> Self;
    /// Write other accepted input forms (`true`, `1`, `；` …) instead of the canonical output forms.
    fn set_varied(&mut self, on: bool);
    /// Overwrites `row` with the next row's cells (reusing its strings).
    fn fill_row(&mut self, row: &mut Vec<String>);
}

/// Output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// CSV with a header row, UTF-8, `\n` line ends, quoting only where needed.
    #[default]
    Csv,
    /// JSON Lines: one object per row, keys = column names; bool cells as JSON booleans, set cells as arrays of
    /// strings, every other cell as a JSON string.
    Jsonl,
}

/// Generation options. `Options::default()` is the contract's canonical output with no bad rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// Fraction of rows (0.0–1.0) to turn into bad rows. Default 0.
    pub bad_rows: f64,
    /// Write other accepted input forms instead of the canonical ones (see [`encode::Encoder`]).
    pub varied: bool,
    /// Append the optional date column [`schema::DATE_COLUMN`] (`填报日期`), which also enables
    /// [`BadKind::BadDate`].
    pub date_column: bool,
    /// Append the optional 企业 columns of [`schema::OPTIONAL_COLUMNS`] (企业 only, not with bad rows): each cell
    /// is left empty (not recorded) one time in three, else drawn independently of the row's other columns — data
    /// for exercising every reading of the optional columns, not a model of who is recorded how.
    pub optional_columns: bool,
    /// Start CSV output with a UTF-8 byte-order mark.
    pub bom: bool,
    pub format: Format,
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Data rows written (good and bad).
    pub rows: u64,
    /// Bad rows per kind, indexed by [`BadKind::index`].
    pub bad: [u64; BadKind::ALL.len()],
}

impl Summary {
    pub fn bad_total(&self) -> u64 {
        self.bad.iter().sum()
    }

    pub fn bad_count(&self, kind: BadKind) -> u64 {
        self.bad[kind.index()]
    }
}

/// Writes `rows` 企业 rows generated from `seed`.
pub fn write_enterprises<W: Write>(w: W, rows: u64, seed: u64, opts: &Options) -> io::Result<Summary> {
    write_records::<EnterpriseGen, W>(w, None, rows, seed, opts)
}

/// Writes `rows` 施工项目 rows generated from `seed`.
pub fn write_projects<W: Write>(w: W, rows: u64, seed: u64, opts: &Options) -> io::Result<Summary> {
    write_records::<ProjectGen, W>(w, None, rows, seed, opts)
}

/// Writes `rows` 机动车 rows generated from `seed`.
pub fn write_vehicles<W: Write>(w: W, rows: u64, seed: u64, opts: &Options) -> io::Result<Summary> {
    write_records::<VehicleGen, W>(w, None, rows, seed, opts)
}

/// Writes `rows` rows of record type `G`; when `manifest` is given, writes one CSV line per bad row to it
/// (`row,line,kind,column,value`, with `row` the 1-based data row and `line` the 1-based line of the file).
pub fn write_records<G: RecordGen, W: Write>(
    out: W,
    manifest: Option<&mut dyn Write>,
    rows: u64,
    seed: u64,
    opts: &Options,
) -> io::Result<Summary> {
    if !(0.0..=1.0).contains(&opts.bad_rows) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "the bad-row fraction must be between 0 and 1"));
    }
    if rows > G::MAX_ROWS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("at most {} {} rows (keys would repeat)", G::MAX_ROWS, G::NAME),
        ));
    }
    let mut gen = G::with_seed(seed);
    gen.set_varied(opts.varied);
    let mut header: Vec<&str> = G::HEADER.to_vec();
    let mut types: Vec<ColType> = G::TYPES.to_vec();
    if opts.date_column {
        header.push(schema::DATE_COLUMN);
        types.push(ColType::Date);
    }
    if opts.optional_columns {
        if G::NAME != "企业" {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "only 企业 has optional columns"));
        }
        if opts.bad_rows > 0.0 {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "optional columns are not written with bad rows"));
        }
        for (name, ty, _) in schema::OPTIONAL_COLUMNS {
            header.push(*name);
            types.push(*ty);
        }
    }
    let mut optional_rng = Rng::new(seed, Stream::Optional);
    let kinds: Vec<BadKind> = BadKind::ALL.into_iter().filter(|k| k.applies_to(&types)).collect();
    let bad_ppm = (opts.bad_rows * 1_000_000.0).round() as u32;
    let mut bad_rng = Rng::new(seed, Stream::Bad);
    let mut date_rng = Rng::new(seed, Stream::Date);
    let mut manifest = match manifest {
        Some(m) => {
            let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(m);
            w.write_record(["row", "line", "kind", "column", "value"])?;
            Some(w)
        }
        None => None,
    };

    let mut sink = Sink::new(out, opts, &header)?;
    let mut summary = Summary::default();
    let mut row: Vec<String> = Vec::with_capacity(header.len() + 1);
    for i in 0..rows {
        gen.fill_row(&mut row);
        if opts.date_column {
            let mut d = String::with_capacity(10);
            write_date(&mut d, date_rng.below(379));
            row.push(d);
        }
        if opts.optional_columns {
            optional_cells(&mut row, &mut optional_rng);
        }
        if bad_ppm > 0 && bad_rng.per_million(bad_ppm) && !kinds.is_empty() {
            let kind = kinds[(summary.bad_total() % kinds.len() as u64) as usize];
            let defect = bad::corrupt(
                kind,
                &mut row,
                &header,
                &types,
                G::MARKER_COLUMN,
                opts.format == Format::Csv,
                &mut bad_rng,
            );
            summary.bad[kind.index()] += 1;
            if let Some(m) = manifest.as_mut() {
                let line = match opts.format {
                    Format::Csv => i + 2,
                    Format::Jsonl => i + 1,
                };
                m.write_record([
                    (i + 1).to_string().as_str(),
                    line.to_string().as_str(),
                    kind.tag(),
                    defect.column.as_str(),
                    defect.value.as_str(),
                ])?;
            }
        }
        sink.write_row(&row, &header, &types)?;
        summary.rows += 1;
    }
    sink.finish()?;
    if let Some(mut m) = manifest {
        m.flush()?;
    }
    Ok(summary)
}

/// One row's cells for [`schema::OPTIONAL_COLUMNS`]: a third not recorded (empty), the rest drawn.
fn optional_cells(row: &mut Vec<String>, rng: &mut Rng) {
    for (_, ty, per_mille) in schema::OPTIONAL_COLUMNS {
        if rng.below(3) == 0 {
            row.push(String::new());
            continue;
        }
        match ty {
            ColType::Set(variants) => {
                let members: Vec<&str> = variants.iter().copied().filter(|_| rng.permille(*per_mille)).collect();
                row.push(members.join(";"));
            }
            _ => row.push(if rng.permille(*per_mille) { "是" } else { "否" }.to_string()),
        }
    }
}

enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(BufWriter<W>, String),
}

impl<W: Write> Sink<W> {
    fn new(mut out: W, opts: &Options, header: &[&str]) -> io::Result<Self> {
        match opts.format {
            Format::Csv => {
                if opts.bom {
                    out.write_all("\u{feff}".as_bytes())?;
                }
                let mut w = csv::WriterBuilder::new()
                    .flexible(true)
                    .terminator(csv::Terminator::Any(b'\n'))
                    .buffer_capacity(1 << 16)
                    .from_writer(out);
                w.write_record(header)?;
                Ok(Sink::Csv(Box::new(w)))
            }
            Format::Jsonl => Ok(Sink::Jsonl(BufWriter::with_capacity(1 << 16, out), String::new())),
        }
    }

    fn write_row(&mut self, row: &[String], header: &[&str], types: &[ColType]) -> io::Result<()> {
        match self {
            Sink::Csv(w) => Ok(w.write_record(row)?),
            Sink::Jsonl(w, line) => {
                line.clear();
                json_object(line, row, header, types);
                line.push('\n');
                w.write_all(line.as_bytes())
            }
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Sink::Csv(mut w) => w.flush(),
            Sink::Jsonl(mut w, _) => w.flush(),
        }
    }
}

/// Appends one JSON object for `row` to `out`: bool cells in an accepted form become JSON booleans, set cells
/// arrays of strings, anything else a string. Cells beyond the header go under the key `多余列`.
pub fn json_object(out: &mut String, row: &[String], header: &[&str], types: &[ColType]) {
    out.push('{');
    for (i, cell) in row.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(out, header.get(i).copied().unwrap_or("多余列"));
        out.push(':');
        match types.get(i) {
            Some(ColType::Bool) => match parse_bool(cell) {
                Some(true) => out.push_str("true"),
                Some(false) => out.push_str("false"),
                None => json_string(out, cell),
            },
            Some(ColType::Set(_)) => {
                out.push('[');
                for (n, member) in split_set(cell).enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    json_string(out, member);
                }
                out.push(']');
            }
            _ => json_string(out, cell),
        }
    }
    out.push('}');
}

/// Parses a bool cell per the contract (`是 否 true false 1 0`, Latin forms case-insensitive).
pub fn parse_bool(cell: &str) -> Option<bool> {
    match cell {
        "是" | "1" => Some(true),
        "否" | "0" => Some(false),
        _ if cell.eq_ignore_ascii_case("true") => Some(true),
        _ if cell.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Splits a set cell on `;`, `；` or `、` (an empty cell is the empty set).
pub fn split_set(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '；', '、']).filter(|s| !s.is_empty())
}

fn json_string(out: &mut String, s: &str) {
    use std::fmt::Write as _;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes the date `days` days after 2025-01-01 as `YYYY-MM-DD`.
fn write_date(out: &mut String, days: u32) {
    use std::fmt::Write as _;
    let (mut y, mut d) = (2025u32, days);
    loop {
        let len = if is_leap(y) { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let months = [31, if is_leap(y) { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut m = 0;
    while m < 11 && d >= months[m] {
        d -= months[m];
        m += 1;
    }
    let _ = write!(out, "{y:04}-{:02}-{:02}", m + 1, d + 1);
}

fn is_leap(y: u32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let mut s = String::new();
        write_date(&mut s, 0);
        assert_eq!(s, "2025-01-01");
        s.clear();
        write_date(&mut s, 58);
        assert_eq!(s, "2025-02-28");
        s.clear();
        write_date(&mut s, 59);
        assert_eq!(s, "2025-03-01");
        s.clear();
        write_date(&mut s, 364);
        assert_eq!(s, "2025-12-31");
        s.clear();
        write_date(&mut s, 378);
        assert_eq!(s, "2026-01-14");
    }

    #[test]
    fn json_escapes() {
        let mut s = String::new();
        json_string(&mut s, "a\"b\\c\n\u{1}");
        assert_eq!(s, "\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
