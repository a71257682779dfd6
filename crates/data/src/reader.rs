//! Streaming readers for CSV (with or without BOM), JSON Lines and XLSX, and the schema-driven parse of a
//! chunk of raw rows into a [`Batch`] plus the rows that could not be read. A row is never dropped: it is
//! either in the batch or in the rejects, with its 1-based data row number.

use crate::batch::Batch;
use crate::{parse_cell, parse_json};
use jz_check::ir::{Program, RecordId};
use jz_check::{Type, Value};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// A row that could not be read or evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject {
    pub row: u64,
    pub key: String,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// Raw rows as read, before parsing.
pub enum Chunk {
    Csv(Vec<(u64, csv::ByteRecord)>),
    Json(Vec<(u64, Result<String, String>)>),
    Cells(Vec<(u64, Vec<String>)>),
}

impl Chunk {
    pub fn len(&self) -> usize {
        match self {
            Chunk::Csv(v) => v.len(),
            Chunk::Json(v) => v.len(),
            Chunk::Cells(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Where each field of the record comes from in the input.
#[derive(Clone, Debug)]
pub struct Schema {
    pub record: RecordId,
    /// Per field: the input column (CSV/XLSX). JSON Lines looks fields up by name.
    pub cols: Vec<Option<usize>>,
    pub ncols: usize,
    /// The input's header (CSV/XLSX).
    pub header: Vec<String>,
    pub names: Vec<String>,
    pub types: Vec<Type>,
    pub optional: Vec<bool>,
    pub key: usize,
}

pub enum Source {
    Csv { reader: csv::Reader<Box<dyn Read + Send>>, row: u64 },
    Json { lines: BufReader<File>, row: u64 },
    Cells { rows: std::vec::IntoIter<Vec<String>>, row: u64 },
}

fn ext(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// Open a data file and match its columns to the record. A missing required column is an error here,
/// before any row is read.
pub fn open(p: &Program, record: RecordId, path: &Path) -> Result<(Source, Schema), String> {
    let rec = p.records.get(record).ok_or("no such record")?;
    let names: Vec<String> = rec.fields.iter().map(|f| f.name.clone()).collect();
    let mut schema = Schema {
        record,
        cols: vec![None; names.len()],
        ncols: 0,
        header: Vec::new(),
        names,
        types: rec.fields.iter().map(|f| f.ty.clone()).collect(),
        optional: rec.fields.iter().map(|f| f.optional).collect(),
        key: rec.key,
    };
    let header: Vec<String>;
    let source = match ext(path).as_str() {
        "jsonl" | "ndjson" | "json" => {
            let f = File::open(path).map_err(|e| format!("cannot open `{}`: {e}", path.display()))?;
            return Ok((Source::Json { lines: BufReader::with_capacity(1 << 20, f), row: 0 }, schema));
        }
        "xlsx" | "xlsm" | "xls" | "ods" => {
            let mut rows = read_sheet(path)?.into_iter();
            header = rows.next().unwrap_or_default();
            Source::Cells { rows, row: 0 }
        }
        _ => {
            let f = File::open(path).map_err(|e| format!("cannot open `{}`: {e}", path.display()))?;
            let boxed: Box<dyn Read + Send> = Box::new(BufReader::with_capacity(1 << 20, f));
            let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(boxed);
            let h =
                reader.byte_headers().map_err(|e| format!("cannot read the header of `{}`: {e}", path.display()))?;
            header = h.iter().map(|c| String::from_utf8_lossy(c).trim().to_string()).collect();
            Source::Csv { reader, row: 0 }
        }
    };
    let header: Vec<String> = header
        .into_iter()
        .enumerate()
        .map(|(i, h)| if i == 0 { h.trim_start_matches('\u{feff}').to_string() } else { h })
        .collect();
    schema.ncols = header.len();
    schema.header.clone_from(&header);
    let mut missing = Vec::new();
    for (i, name) in schema.names.iter().enumerate() {
        match header.iter().position(|h| h == name) {
            Some(c) => {
                if let Some(slot) = schema.cols.get_mut(i) {
                    *slot = Some(c);
                }
            }
            None if schema.optional.get(i).copied().unwrap_or(false) => {}
            None => missing.push(name.clone()),
        }
    }
    if !missing.is_empty() {
        return Err(format!(
            "`{}` lacks required column(s): {}\n  help: the header must name every field of record `{}` (extra columns are ignored)",
            path.display(),
            missing.join(", "),
            rec.name
        ));
    }
    Ok((source, schema))
}

fn read_sheet(path: &Path) -> Result<Vec<Vec<String>>, String> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(path).map_err(|e| format!("cannot open `{}`: {e}", path.display()))?;
    let sheet = wb.sheet_names().first().cloned().ok_or_else(|| format!("`{}` has no sheets", path.display()))?;
    let range = wb.worksheet_range(&sheet).map_err(|e| format!("cannot read sheet `{sheet}`: {e}"))?;
    Ok(range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    // Excel serial dates count days from 1899-12-30; 25569 is 1970-01-01.
                    Data::DateTime(d) => {
                        jz_check::types::format_date((d.as_f64().floor() as i32).saturating_sub(25_569))
                    }
                    Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

impl Source {
    /// The next chunk of up to `n` raw rows; `None` at the end. Read errors of the file itself end the
    /// stream with an error (the rows read so far are still processed).
    pub fn next_chunk(&mut self, n: usize) -> Result<Option<Chunk>, String> {
        match self {
            Source::Csv { reader, row } => {
                let mut v = Vec::with_capacity(n);
                while v.len() < n {
                    let mut rec = csv::ByteRecord::new();
                    match reader.read_byte_record(&mut rec) {
                        Ok(true) => {
                            *row += 1;
                            v.push((*row, rec));
                        }
                        Ok(false) => break,
                        Err(e) => return Err(format!("after data row {row}: {e}")),
                    }
                }
                Ok((!v.is_empty()).then_some(Chunk::Csv(v)))
            }
            Source::Json { lines, row } => {
                let mut v = Vec::with_capacity(n);
                let mut buf = Vec::new();
                while v.len() < n {
                    buf.clear();
                    let got = lines.read_until(b'\n', &mut buf).map_err(|e| format!("after data row {row}: {e}"))?;
                    if got == 0 {
                        break;
                    }
                    let text = String::from_utf8(std::mem::take(&mut buf)).map_err(|_| "invalid UTF-8".to_string());
                    if text.as_ref().is_ok_and(|t| t.trim().is_empty()) {
                        continue;
                    }
                    *row += 1;
                    v.push((*row, text));
                }
                Ok((!v.is_empty()).then_some(Chunk::Json(v)))
            }
            Source::Cells { rows, row } => {
                let mut v = Vec::with_capacity(n);
                for r in rows.by_ref().take(n) {
                    *row += 1;
                    v.push((*row, r));
                }
                Ok((!v.is_empty()).then_some(Chunk::Cells(v)))
            }
        }
    }

    /// Bytes consumed so far (CSV), for progress.
    pub fn position(&self) -> u64 {
        match self {
            Source::Csv { reader, .. } => reader.position().byte(),
            _ => 0,
        }
    }
}

/// Parse a chunk into a batch of good rows and the rejects.
pub fn parse_chunk(p: &Program, schema: &Schema, chunk: &Chunk) -> (Batch, Vec<Reject>) {
    let mut batch = Batch::new(p, schema.record);
    let mut rejects = Vec::new();
    let mut values: Vec<Value> = Vec::with_capacity(schema.names.len());
    let mut errs: Vec<(String, String, String)> = Vec::new();
    let mut push = |row: u64, key: String, values: &[Value], errs: &mut Vec<(String, String, String)>| {
        if errs.is_empty() {
            batch.push_row(row, values);
        } else {
            for (column, value, reason) in errs.drain(..) {
                rejects.push(Reject { row, key: key.clone(), column, value, reason });
            }
        }
    };
    match chunk {
        Chunk::Csv(rows) => {
            for (row, rec) in rows {
                values.clear();
                errs.clear();
                if rec.len() != schema.ncols {
                    // a short row names its first missing column
                    let column = schema.header.get(rec.len()).cloned().unwrap_or_default();
                    errs.push((
                        column,
                        String::new(),
                        format!("expected {} columns, found {}", schema.ncols, rec.len()),
                    ));
                    let key = schema
                        .cols
                        .get(schema.key)
                        .copied()
                        .flatten()
                        .and_then(|c| rec.get(c))
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                        .unwrap_or_default();
                    push(*row, key, &values, &mut errs);
                    continue;
                }
                for i in 0..schema.names.len() {
                    let cell = schema.cols.get(i).copied().flatten().and_then(|c| rec.get(c));
                    let v = match cell {
                        None => Ok(None),
                        Some(bytes) => match std::str::from_utf8(bytes) {
                            Ok(s) => Ok(Some(s)),
                            Err(_) => Err(("invalid UTF-8".to_string(), String::from_utf8_lossy(bytes).into_owned())),
                        },
                    };
                    read_field(p, schema, i, v, &mut values, &mut errs);
                }
                let key = key_text(schema, &values);
                push(*row, key, &values, &mut errs);
            }
        }
        Chunk::Cells(rows) => {
            for (row, cells) in rows {
                values.clear();
                errs.clear();
                for i in 0..schema.names.len() {
                    let cell =
                        schema.cols.get(i).copied().flatten().map(|c| cells.get(c).map(String::as_str).unwrap_or(""));
                    read_field(p, schema, i, Ok(cell), &mut values, &mut errs);
                }
                let key = key_text(schema, &values);
                push(*row, key, &values, &mut errs);
            }
        }
        Chunk::Json(rows) => {
            for (row, line) in rows {
                values.clear();
                errs.clear();
                let obj = match line.as_ref().map(|l| serde_json::from_str::<serde_json::Value>(l)) {
                    Err(e) => Err(e.clone()),
                    Ok(Err(e)) => Err(format!("not valid JSON: {e}")),
                    Ok(Ok(serde_json::Value::Object(m))) => Ok(m),
                    Ok(Ok(_)) => Err("not a JSON object".to_string()),
                };
                let obj = match obj {
                    Ok(o) => o,
                    Err(reason) => {
                        errs.push((String::new(), String::new(), reason));
                        push(*row, String::new(), &values, &mut errs);
                        continue;
                    }
                };
                for (i, name) in schema.names.iter().enumerate() {
                    let ty = schema.types.get(i).cloned().unwrap_or(Type::Text);
                    let optional = schema.optional.get(i).copied().unwrap_or(false);
                    let v = match obj.get(name) {
                        None | Some(serde_json::Value::Null) => empty_cell(&ty, optional),
                        Some(serde_json::Value::String(s)) if s.trim().is_empty() => empty_cell(&ty, optional),
                        Some(j) => parse_json(p, &ty, j).map_err(|e| (e.0, j.to_string())),
                    };
                    match v {
                        Ok(v) => values.push(v),
                        Err((reason, value)) => {
                            errs.push((name.clone(), value, reason));
                            values.push(Value::Absent);
                        }
                    }
                }
                let key = key_text(schema, &values);
                push(*row, key, &values, &mut errs);
            }
        }
    }
    (batch, rejects)
}

fn empty_cell(ty: &Type, optional: bool) -> Result<Value, (String, String)> {
    match ty {
        Type::Set(_) => Ok(Value::Set(0)),
        _ if optional => Ok(Value::Absent),
        _ => Err(("empty cell in a required column".into(), String::new())),
    }
}

fn read_field(
    p: &Program,
    schema: &Schema,
    i: usize,
    cell: Result<Option<&str>, (String, String)>,
    values: &mut Vec<Value>,
    errs: &mut Vec<(String, String, String)>,
) {
    let name = schema.names.get(i).cloned().unwrap_or_default();
    let ty = schema.types.get(i).cloned().unwrap_or(Type::Text);
    let optional = schema.optional.get(i).copied().unwrap_or(false);
    let v = match cell {
        Err((reason, value)) => Err((reason, value)),
        Ok(None) => empty_cell(&ty, optional),
        Ok(Some(s)) if s.trim().is_empty() => empty_cell(&ty, optional),
        Ok(Some(s)) => parse_cell(p, &ty, s).map_err(|e| (e.0, s.to_string())),
    };
    match v {
        Ok(v) => values.push(v),
        Err((reason, value)) => {
            errs.push((name, value, reason));
            values.push(Value::Absent);
        }
    }
}

fn key_text(schema: &Schema, values: &[Value]) -> String {
    match values.get(schema.key) {
        Some(Value::Text(t)) => t.to_string(),
        _ => String::new(),
    }
}
