//! Opening a data file (CSV in UTF-8, UTF-16 with a BOM or GBK/GB18030, any delimiter; JSON Lines; XLSX and
//! the other workbook formats, every sheet with data) and the schema-driven parse of a chunk of raw rows into
//! a [`Batch`] plus the rows that could not be read. A row is never dropped: it is either in the batch or in
//! the rejects, with its 1-based data row number and its physical line in the file.

use crate::batch::Batch;
use crate::block::{split_fields, split_fields_known, Block, Field, RecKind, Splitter};
use crate::cells::Fnv;
use crate::cells::{preview, push_cell, FieldPlan};
use crate::json::{flat_object, Flat, JVal, Key};
use crate::parse_json;
use jz_check::ir::{Program, RecordId};
use jz_check::{Type, Value};
use std::collections::HashMap;
use std::fs::File;
use std::hash::BuildHasherDefault;
use std::io::Read;
use std::path::Path;

/// A row that could not be read or evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject {
    pub row: u64,
    /// Where the row is in the file: its physical line (`12`), or `sheet!row` in a workbook; empty when
    /// unknown.
    pub line: String,
    pub key: String,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// One row of a workbook: where it is and its cells by record field (`None`: the column is absent, an
/// optional field; `Err`: why the cell cannot be read, e.g. a formula without a saved value).
#[derive(Clone, Debug)]
pub struct CellRow {
    pub row: u64,
    pub line: String,
    pub cells: Vec<Option<Result<String, String>>>,
}

/// Raw rows as read, before parsing.
pub enum Chunk {
    /// Whole CSV or JSON Lines records.
    Block(Block),
    Cells(Vec<CellRow>),
}

impl Chunk {
    pub fn len(&self) -> usize {
        match self {
            Chunk::Block(b) => b.len(),
            Chunk::Cells(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How to read a file beyond what its name says.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `gbk`, `gb18030`, `utf-8`, `utf-16le`, `utf-16be` … (any WHATWG label); detected when absent.
    pub encoding: Option<String>,
    /// The CSV delimiter; `,` when absent (tab for `.tsv`).
    pub delimiter: Option<u8>,
    /// The one sheet of a workbook to read; every sheet with data when absent.
    pub sheet: Option<String>,
}

/// Where each field of the record comes from in the input.
#[derive(Clone, Debug)]
pub struct Schema {
    pub record: RecordId,
    /// Per field: the input column (CSV). JSON Lines looks fields up by name; workbook rows come by field.
    pub cols: Vec<Option<usize>>,
    pub ncols: usize,
    /// The input's header (CSV/XLSX).
    pub header: Vec<String>,
    pub names: Vec<String>,
    pub types: Vec<Type>,
    pub optional: Vec<bool>,
    pub key: usize,
    /// How each field is parsed.
    pub plans: Vec<FieldPlan>,
    /// What the reader decided that the user should know (the encoding, the header row of a sheet, the
    /// sheets read).
    pub notes: Vec<String>,
    /// The encoding a text file is transcoded from (`None`: read as UTF-8), for the reason a row with
    /// bytes that encoding cannot decode is rejected.
    pub decoded_from: Option<&'static str>,
}

impl Schema {
    /// Why a cell or line whose bytes do not decode is rejected.
    pub fn undecodable(&self) -> String {
        match self.decoded_from {
            Some(enc) => format!("bytes that are not valid {enc} (shown as �)"),
            None => "invalid UTF-8".into(),
        }
    }
}

impl Schema {
    /// Keep the text only of the key and of the text fields marked in `used` (the others are still checked
    /// for presence): what `jz run` needs.
    pub fn keep_text_of(&mut self, used: &[bool]) {
        for (i, plan) in self.plans.iter_mut().enumerate() {
            plan.keep_text = i == self.key || used.get(i).copied().unwrap_or(true);
        }
    }
}

pub enum Source {
    Block(Box<Splitter>),
    Cells { rows: std::vec::IntoIter<CellRow> },
}

fn ext(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// [`open_with`] with the defaults (what the REPL and `jz diff` use).
pub fn open(p: &Program, record: RecordId, path: &Path) -> Result<(Source, Schema), String> {
    open_with(p, record, path, &Options::default())
}

/// Open a data file and match its columns to the record. A missing required column, an encoding that is
/// not UTF-8 and not named, a damaged workbook are errors here, before any row is read.
pub fn open_with(p: &Program, record: RecordId, path: &Path, opts: &Options) -> Result<(Source, Schema), String> {
    let rec = p.records.get(record).ok_or("no such record")?;
    let names: Vec<String> = rec.fields.iter().map(|f| f.name.clone()).collect();
    let plans = rec.fields.iter().map(|f| FieldPlan::new(p, &f.name, &f.ty, f.optional, true)).collect();
    let mut schema = Schema {
        record,
        cols: vec![None; names.len()],
        ncols: 0,
        header: Vec::new(),
        names,
        types: rec.fields.iter().map(|f| f.ty.clone()).collect(),
        optional: rec.fields.iter().map(|f| f.optional).collect(),
        key: rec.key,
        plans,
        notes: Vec::new(),
        decoded_from: None,
    };
    let kind = ext(path);
    if matches!(kind.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods") {
        let rows = crate::xlsx::read(path, &mut schema, opts.sheet.as_deref(), &rec.name)?;
        return Ok((Source::Cells { rows: rows.into_iter() }, schema));
    }
    let json = matches!(kind.as_str(), "jsonl" | "ndjson" | "json");
    let delim = opts.delimiter.unwrap_or(if kind == "tsv" { b'\t' } else { b',' });
    let (mut splitter, decoded_from) = text_stream(path, opts, json, delim, &mut schema.notes)?;
    schema.decoded_from = decoded_from;
    if json {
        let head = splitter
            .peek(4096)
            .map_err(|e| jz_i18n::t!("data-cannot-read", path = path.display(), error = jz_i18n::io_error(&e)))?;
        if head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            return Err(jz_i18n::t!("data-json-array", path = path.display()));
        }
        return Ok((Source::Block(Box::new(splitter)), schema));
    }
    let header = read_header(&mut splitter, path)?;
    schema.ncols = header.len();
    splitter.ncols = header.len();
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
        return Err(missing_columns(path, None, &missing, &header, delim, &rec.name));
    }
    Ok((Source::Block(Box::new(splitter)), schema))
}

/// The error for required columns the header lacks (of the file, or of one sheet of a workbook): what was found,
/// and the delimiter it seems to use.
pub fn missing_columns(
    path: &Path,
    sheet: Option<&str>,
    missing: &[String],
    header: &[String],
    delim: u8,
    record: &str,
) -> String {
    use jz_i18n::t;
    let shown = |d: u8| if d == b'\t' { "tab".to_string() } else { format!("`{}`", d as char) };
    let mut found = header.join(" | ");
    if found.chars().count() > 300 {
        found = format!("{}…", found.chars().take(300).collect::<String>());
    }
    let mut help = t!("data-header-help", record = record);
    if header.len() == 1 {
        for (d, flag) in [(b';', "';'"), (b'\t', "tab"), (b'|', "'|'")] {
            if d != delim && header.first().is_some_and(|h| h.as_bytes().contains(&d)) {
                help = t!("data-header-separated", delimiter = shown(d), flag = flag);
            }
        }
    }
    let missing = missing.join(&t!("list-sep"));
    let lacks = match sheet {
        Some(s) => t!("data-lacks.sheet", sheet = s, path = path.display(), missing = missing),
        None => t!("data-lacks", path = path.display(), missing = missing),
    };
    let found = t!("data-found-header", n = header.len(), delimiter = shown(delim), found = found);
    format!("{lacks}\n{found}\n{}", t!("data-help", help = help))
}

/// The file as a UTF-8 stream: a byte-order mark says UTF-8 or UTF-16; `opts.encoding` names another;
/// otherwise it must be UTF-8, and a file that is not but reads cleanly as GBK/GB18030 is refused with the
/// flag that reads it.
fn text_stream(
    path: &Path,
    opts: &Options,
    json: bool,
    delim: u8,
    notes: &mut Vec<String>,
) -> Result<(Splitter, Option<&'static str>), String> {
    let mut f = File::open(path)
        .map_err(|e| jz_i18n::t!("data-cannot-open", path = path.display(), error = jz_i18n::io_error(&e)))?;
    let mut sample = vec![0u8; 64 << 10];
    let mut got = 0;
    while got < sample.len() {
        match f.read(sample.get_mut(got..).unwrap_or(&mut [])) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(jz_i18n::t!("data-cannot-read", path = path.display(), error = jz_i18n::io_error(&e)))
            }
        }
    }
    sample.truncate(got);
    let whole = got < 64 << 10;
    let named = match &opts.encoding {
        Some(label) => Some(encoding_for(label)?),
        None => None,
    };
    let bom = encoding_rs::Encoding::for_bom(&sample);
    let raw: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(sample.clone()).chain(f));
    let enc = match (bom, named) {
        (Some((e, _)), _) if e != encoding_rs::UTF_8 => e,
        (_, Some(e)) => e,
        (Some((e, _)), None) => e,
        (None, None) => {
            if !looks_utf8(&sample, whole) && looks_gb18030(&sample, whole) {
                return Err(jz_i18n::t!("data-gbk", path = path.display()));
            }
            encoding_rs::UTF_8
        }
    };
    let mut splitter = if enc == encoding_rs::UTF_8 {
        let mut s = Splitter::new(raw, delim, json);
        if s.peek(3)
            .map_err(|e| jz_i18n::t!("data-cannot-read", path = path.display(), error = jz_i18n::io_error(&e)))?
            == b"\xEF\xBB\xBF"
        {
            s.skip_prefix(3);
        }
        s
    } else {
        notes.push(jz_i18n::t!("data-reading-as", path = path.display(), encoding = enc.name()));
        Splitter::new(Box::new(Decode::new(raw, enc)), delim, json)
    };
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        // the decoder removes the BOM; nothing else to skip
        let _ = splitter.peek(1);
    }
    Ok((splitter, (enc != encoding_rs::UTF_8).then(|| enc.name())))
}

fn encoding_for(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "gbk" | "gb2312" | "cp936" | "936" | "gb18030" => "gb18030",
        "utf8" => "utf-8",
        "utf16le" | "utf-16" => "utf-16le",
        "utf16be" => "utf-16be",
        other => other,
    };
    encoding_rs::Encoding::for_label(l.as_bytes()).ok_or_else(|| jz_i18n::t!("data-unknown-encoding", label = label))
}

/// Valid UTF-8, allowing a character cut at the end of a partial sample.
fn looks_utf8(b: &[u8], whole: bool) -> bool {
    match std::str::from_utf8(b) {
        Ok(_) => true,
        Err(e) => !whole && e.error_len().is_none(),
    }
}

/// Reads as GB18030: the first line (the header) and at least nine in ten of the other lines with
/// non-ASCII text decode without a malformed sequence, and more of them than read as UTF-8 — so a GBK file
/// with a damaged row is still recognised, and the damaged row is rejected after `--encoding gbk`.
fn looks_gb18030(b: &[u8], whole: bool) -> bool {
    let cut = if whole { b.len() } else { memchr::memrchr(b'\n', b).unwrap_or(b.len()) };
    let b = b.get(..cut).unwrap_or(b);
    let gb = |l: &[u8]| encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(l).is_some();
    let mut lines = b.split(|c| *c == b'\n').filter(|l| !l.is_ascii());
    let Some(first) = b.split(|c| *c == b'\n').next() else { return false };
    if !gb(first) || (first.is_ascii() && lines.clone().next().is_none()) {
        return false;
    }
    let (mut n, mut as_gb, mut as_utf8) = (0usize, 0usize, 0usize);
    for l in lines.by_ref() {
        n += 1;
        as_gb += usize::from(gb(l));
        as_utf8 += usize::from(std::str::from_utf8(l).is_ok());
    }
    n > 0 && as_gb > as_utf8 && as_gb * 10 >= n * 9
}

/// A reader that transcodes to UTF-8. A malformed sequence becomes the byte 0xFF, which is never valid
/// UTF-8, so the row holding it is rejected as unreadable instead of being read with a guessed character.
struct Decode {
    inner: Box<dyn Read + Send>,
    dec: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl Decode {
    fn new(inner: Box<dyn Read + Send>, enc: &'static encoding_rs::Encoding) -> Decode {
        Decode { inner, dec: enc.new_decoder_with_bom_removal(), raw: Vec::new(), out: Vec::new(), pos: 0, eof: false }
    }
}

impl Read for Decode {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.out.len() {
            if self.eof {
                return Ok(0);
            }
            self.raw.resize(256 << 10, 0);
            let n = loop {
                match self.inner.read(&mut self.raw) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            self.eof = n == 0;
            self.out.clear();
            self.pos = 0;
            let mut input = self.raw.get(..n).unwrap_or(&[]);
            let cap = self.dec.max_utf8_buffer_length_without_replacement(input.len()).unwrap_or(input.len() * 3 + 16);
            self.out.resize(cap.max(16), 0);
            let mut written = 0;
            loop {
                let (res, read, w) = self.dec.decode_to_utf8_without_replacement(
                    input,
                    self.out.get_mut(written..).unwrap_or(&mut []),
                    self.eof,
                );
                written += w;
                input = input.get(read..).unwrap_or(&[]);
                match res {
                    encoding_rs::DecoderResult::InputEmpty => break,
                    encoding_rs::DecoderResult::OutputFull => {
                        let more = self.out.len() * 2;
                        self.out.resize(more, 0);
                    }
                    encoding_rs::DecoderResult::Malformed(_, _) => {
                        if written >= self.out.len() {
                            let more = self.out.len() * 2;
                            self.out.resize(more, 0);
                        }
                        if let Some(b) = self.out.get_mut(written) {
                            *b = 0xFF;
                        }
                        written += 1;
                    }
                }
            }
            self.out.truncate(written);
        }
        let avail = self.out.get(self.pos..).unwrap_or(&[]);
        let n = avail.len().min(buf.len());
        buf.get_mut(..n).unwrap_or(&mut []).copy_from_slice(avail.get(..n).unwrap_or(&[]));
        self.pos += n;
        Ok(n)
    }
}

fn read_header(s: &mut Splitter, path: &Path) -> Result<Vec<String>, String> {
    let block = s
        .next_block(1)
        .map_err(|e| jz_i18n::t!("data-cannot-read-header", path = path.display(), error = jz_i18n::io_error(&e)))?
        .ok_or_else(|| jz_i18n::t!("data-empty", path = path.display()))?;
    s.header_read();
    let rec = block.recs.first().ok_or_else(|| jz_i18n::t!("data-empty", path = path.display()))?;
    match rec.kind {
        RecKind::Ok => {}
        RecKind::Unclosed { col } => {
            return Err(jz_i18n::t!("data-header-unclosed", path = path.display(), column = col))
        }
        RecKind::TooLong { bytes } => {
            return Err(jz_i18n::t!("data-header-too-long", path = path.display(), bytes = bytes))
        }
    }
    let bytes = block.bytes(rec);
    let (mut fields, mut scratch) = (Vec::new(), Vec::new());
    split_fields(bytes, block.delim, &mut fields, &mut scratch);
    Ok(fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let h = String::from_utf8_lossy(f.get(bytes, &scratch)).trim().to_string();
            if i == 0 {
                h.trim_start_matches('\u{feff}').to_string()
            } else {
                h
            }
        })
        .collect())
}

impl Source {
    /// The next chunk of up to `n` raw rows; `None` at the end. Read errors of the file itself end the
    /// stream with an error (the rows read so far are still processed).
    pub fn next_chunk(&mut self, n: usize) -> Result<Option<Chunk>, String> {
        match self {
            Source::Block(s) => {
                let row = s.rows();
                s.next_block(n).map(|b| b.map(Chunk::Block)).map_err(|e| format!("after data row {row}: {e}"))
            }
            Source::Cells { rows } => {
                let v: Vec<CellRow> = rows.by_ref().take(n.max(1)).collect();
                Ok((!v.is_empty()).then_some(Chunk::Cells(v)))
            }
        }
    }

    /// Bytes consumed so far (text formats), for progress.
    pub fn position(&self) -> u64 {
        match self {
            Source::Block(s) => s.consumed(),
            Source::Cells { .. } => 0,
        }
    }
}

/// A parsed chunk: the good rows, the rejects (one per bad cell), and where each good row is in the file.
#[derive(Debug)]
pub struct Parsed {
    pub batch: Batch,
    pub rejects: Vec<Reject>,
    /// The physical line of each good row (text formats).
    pub lines: Vec<u64>,
    /// `sheet!row` of each good row (workbooks).
    pub places: Vec<String>,
    /// Rows read (good + rejected).
    pub read: u64,
}

impl Parsed {
    /// Where good row `i` is in the file, as a reject shows it.
    pub fn line(&self, i: usize) -> String {
        match self.places.get(i) {
            Some(p) => p.clone(),
            None => self.lines.get(i).map(u64::to_string).unwrap_or_default(),
        }
    }
}

/// Parse a chunk into a batch of good rows and the rejects.
pub fn parse_chunk(p: &Program, schema: &Schema, chunk: &Chunk) -> (Batch, Vec<Reject>) {
    let parsed = parse(p, schema, chunk);
    (parsed.batch, parsed.rejects)
}

/// Parse a chunk: every raw row ends in the batch or in the rejects.
pub fn parse(p: &Program, schema: &Schema, chunk: &Chunk) -> Parsed {
    match chunk {
        Chunk::Block(b) if b.json => parse_json_block(p, schema, b),
        Chunk::Block(b) => parse_csv_block(p, schema, b),
        Chunk::Cells(rows) => parse_cells(p, schema, rows),
    }
}

struct Rows<'a> {
    p: &'a Program,
    schema: &'a Schema,
    batch: Batch,
    rejects: Vec<Reject>,
    lines: Vec<u64>,
    places: Vec<String>,
    errs: Vec<(String, String, String)>,
    read: u64,
}

impl<'a> Rows<'a> {
    fn new(p: &'a Program, schema: &'a Schema, rows: usize) -> Rows<'a> {
        let mut batch = Batch::new(p, schema.record);
        batch.reserve(rows);
        Rows { p, schema, batch, rejects: Vec::new(), lines: Vec::new(), places: Vec::new(), errs: Vec::new(), read: 0 }
    }

    /// Field `i` of the current row from its raw text (`None`: no such column).
    fn cell(&mut self, i: usize, raw: Option<&str>) {
        let (Some(plan), Some(col)) = (self.schema.plans.get(i), self.batch.columns.get_mut(i)) else { return };
        let present = self.batch.present.get_mut(i).and_then(Option::as_mut);
        let r = match raw {
            Some(s) => push_cell(self.p, plan, col, present, s),
            None => push_cell(self.p, plan, col, present, ""),
        };
        if let Err((reason, value)) = r {
            self.errs.push((plan.name.clone(), value, reason));
        }
    }

    /// A JSON boolean: pushed as it is into a boolean column (what [`Rows::cell`] of `true`/`false` gives,
    /// without reading the text again).
    fn cell_bool(&mut self, i: usize, b: bool) {
        if let (Some(Type::Bool), Some(crate::Column::Bool(c))) =
            (self.schema.types.get(i), self.batch.columns.get_mut(i))
        {
            c.push(u8::from(b));
            if let Some(pr) = self.batch.present.get_mut(i).and_then(Option::as_mut) {
                pr.push(true);
            }
            return;
        }
        self.cell(i, Some(if b { "true" } else { "false" }));
    }

    /// A set field given as parts (a JSON array of variant names): read as the parts joined by `;`.
    fn cell_parts(&mut self, i: usize, parts: &[&str]) {
        let (Some(plan), Some(col)) = (self.schema.plans.get(i), self.batch.columns.get_mut(i)) else { return };
        let present = self.batch.present.get_mut(i).and_then(Option::as_mut);
        if let Err((reason, value)) = crate::cells::push_parts(self.p, plan, col, present, parts) {
            self.errs.push((plan.name.clone(), value, reason));
        }
    }

    fn bad(&mut self, i: usize, value: String, reason: String) {
        let name = self.schema.names.get(i).cloned().unwrap_or_default();
        self.errs.push((name, value, reason));
    }

    /// End the current row: kept when no cell failed, otherwise every column cut back and one reject per
    /// bad cell.
    fn finish(&mut self, row: u64, line: u64, place: Option<&str>, key: impl FnOnce(&Batch) -> String) {
        self.read += 1;
        let n = self.batch.len();
        if self.errs.is_empty() {
            self.batch.row_numbers.push(row);
            match place {
                Some(p) => self.places.push(p.to_string()),
                None => self.lines.push(line),
            }
            return;
        }
        let line = place.map_or_else(|| line.to_string(), str::to_string);
        let key = key(&self.batch);
        self.batch.truncate(n);
        for (column, value, reason) in self.errs.drain(..) {
            self.rejects.push(Reject { row, line: line.clone(), key: key.clone(), column, value, reason });
        }
    }

    fn reject_row(&mut self, row: u64, line: String, key: String, column: String, reason: String) {
        self.read += 1;
        let n = self.batch.len();
        self.batch.truncate(n);
        self.errs.clear();
        self.rejects.push(Reject { row, line, key, column, value: String::new(), reason });
    }

    fn done(self) -> Parsed {
        Parsed { batch: self.batch, rejects: self.rejects, lines: self.lines, places: self.places, read: self.read }
    }
}

/// The key of the row being read (the key column is text and was just pushed).
fn pending_key(batch: &Batch, key: usize) -> String {
    let n = batch.len();
    match batch.columns.get(key) {
        Some(c) => c.text(n).to_string(),
        None => String::new(),
    }
}

fn parse_csv_block(p: &Program, schema: &Schema, b: &Block) -> Parsed {
    let mut rows = Rows::new(p, schema, b.len());
    // one validation for the whole block; fields are then slices of it (delimiters are ASCII, so every
    // field boundary is a character boundary)
    let text = simdutf8::basic::from_utf8(&b.data).ok();
    let (mut fields, mut scratch): (Vec<Field>, Vec<u8>) = (Vec::new(), Vec::new());
    let key_col = schema.cols.get(schema.key).copied().flatten();
    for (k, rec) in b.recs.iter().enumerate() {
        let row = b.first_row + k as u64;
        let line_no = b.first_line + u64::from(rec.line);
        let bytes = b.bytes(rec);
        let rec_text = text.and_then(|t| t.get(rec.start as usize..rec.end as usize));
        match rec.kind {
            RecKind::Ok => {}
            RecKind::Unclosed { col } => {
                let line = line_no.to_string();
                let key =
                    bytes.split(|c| *c == b.delim).nth(key_col.unwrap_or(usize::MAX)).map(lossy).unwrap_or_default();
                rows.reject_row(
                    row,
                    line.clone(),
                    key,
                    String::new(),
                    format!("unclosed quote: the quote at line {line} column {col} never closes (this line is read alone; reading goes on at the next line)"),
                );
                continue;
            }
            RecKind::TooLong { bytes } => {
                rows.reject_row(
                    row,
                    line_no.to_string(),
                    String::new(),
                    String::new(),
                    format!(
                        "a line of {bytes} bytes (longer than {} MiB) is not a row",
                        crate::block::MAX_RECORD >> 20
                    ),
                );
                continue;
            }
        }
        split_fields_known(bytes, b.delim, rec.quotes, &mut fields, &mut scratch);
        if fields.len() != schema.ncols {
            let column = schema.header.get(fields.len()).cloned().unwrap_or_default();
            let key = key_col.and_then(|c| fields.get(c)).map(|f| lossy(f.get(bytes, &scratch))).unwrap_or_default();
            let reason = format!("expected {} columns, found {}", schema.ncols, fields.len());
            rows.reject_row(row, line_no.to_string(), key, column, reason);
            continue;
        }
        for i in 0..schema.names.len() {
            let Some(f) = schema.cols.get(i).copied().flatten().and_then(|c| fields.get(c)) else {
                rows.cell(i, None);
                continue;
            };
            if let (Some(t), false) = (rec_text, f.scratch) {
                if let Some(s) = t.get(f.start as usize..f.end as usize) {
                    rows.cell(i, Some(s));
                    continue;
                }
            }
            let c = f.get(bytes, &scratch);
            match std::str::from_utf8(c) {
                Ok(s) => rows.cell(i, Some(s)),
                // the row is rejected; its columns are cut back, so nothing is pushed for this cell
                Err(_) => rows.bad(i, preview(&String::from_utf8_lossy(c)), schema.undecodable()),
            }
        }
        let key = schema.key;
        rows.finish(row, line_no, None, |batch| pending_key(batch, key));
    }
    rows.done()
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A JSON Lines row through the fast path ([`crate::json::flat_object`]); `false`: nothing was read, the
/// caller reads the line with `serde_json`.
fn read_flat<'t>(
    rows: &mut Rows<'_>,
    schema: &Schema,
    index: &HashMap<&str, usize, BuildHasherDefault<Fnv>>,
    text: &'t str,
    flat: &'t mut Flat,
    slots: &mut [usize],
) -> bool {
    if flat_object(text, flat, &schema.names).is_none() {
        return false;
    }
    let flat: &'t Flat = flat;
    slots.fill(usize::MAX);
    for (m, (k, _)) in flat.members.iter().enumerate() {
        // members usually come in the record's field order, and were matched there
        let i = match k {
            Key::Expected(i) => Some(*i as usize),
            Key::Name(k) => index.get(flat.text(text, *k)).copied(),
        };
        if let Some(s) = i.and_then(|i| slots.get_mut(i)) {
            *s = m;
        }
    }
    let fits = slots.iter().zip(&schema.types).all(|(m, ty)| match flat.members.get(*m).map(|x| &x.1) {
        None | Some(JVal::Str(_) | JVal::Null) => true,
        Some(JVal::Num(_)) => matches!(ty, Type::Int | Type::Dec(_) | Type::Days | Type::Bool),
        Some(JVal::Bool(_)) => matches!(ty, Type::Bool),
        Some(JVal::Strs(..)) => matches!(ty, Type::Set(_)),
    });
    if !fits {
        return false;
    }
    for (i, m) in slots.iter().enumerate() {
        match flat.members.get(*m).map(|x| x.1) {
            None | Some(JVal::Null) => rows.cell(i, None),
            Some(JVal::Str(s) | JVal::Num(s)) => rows.cell(i, Some(flat.text(text, s))),
            Some(JVal::Bool(b)) => rows.cell_bool(i, b),
            Some(JVal::Strs(a, b)) => {
                let items = flat.items(a, b);
                // a set has a few members: their texts on the stack, no allocation per row
                let mut few = [""; 16];
                if items.len() <= few.len() {
                    for (slot, x) in few.iter_mut().zip(items) {
                        *slot = flat.text(text, *x);
                    }
                    rows.cell_parts(i, few.get(..items.len()).unwrap_or(&[]));
                } else {
                    let many: Vec<&str> = items.iter().map(|x| flat.text(text, *x)).collect();
                    rows.cell_parts(i, &many);
                }
            }
        }
    }
    true
}

fn parse_json_block(p: &Program, schema: &Schema, b: &Block) -> Parsed {
    let mut rows = Rows::new(p, schema, b.len());
    let index: HashMap<&str, usize, BuildHasherDefault<Fnv>> =
        schema.names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let mut flat = Flat::default();
    let mut slots = vec![usize::MAX; schema.names.len()];
    // one validation for the whole block (lines end at ASCII newlines, so each is then a slice of it); a
    // block with an invalid byte is validated line by line, to reject just those lines
    let block_text = simdutf8::basic::from_utf8(&b.data).ok();
    for (k, rec) in b.recs.iter().enumerate() {
        let row = b.first_row + k as u64;
        let line_no = b.first_line + u64::from(rec.line);
        let line = || line_no.to_string();
        if let RecKind::TooLong { bytes } = rec.kind {
            rows.reject_row(row, line(), String::new(), String::new(), format!("a line of {bytes} bytes is not a row"));
            continue;
        }
        let bytes = b.bytes(rec);
        let valid = match block_text.and_then(|t| t.get(rec.start as usize..rec.end as usize)) {
            Some(t) => Ok(t),
            None => simdutf8::basic::from_utf8(bytes),
        };
        let text = match valid {
            Ok(t) => t.trim_start_matches('\u{feff}'),
            Err(_) => {
                rows.reject_row(row, line(), String::new(), String::new(), schema.undecodable());
                continue;
            }
        };
        if read_flat(&mut rows, schema, &index, text, &mut flat, &mut slots) {
            let key = schema.key;
            rows.finish(row, line_no, None, |batch| pending_key(batch, key));
            continue;
        }
        let obj = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(m)) => m,
            Ok(_) => {
                rows.reject_row(row, line(), String::new(), String::new(), "not a JSON object".into());
                continue;
            }
            Err(e) => {
                let mut m = e.to_string();
                if let Some(at) = m.rfind(" at line ") {
                    m.truncate(at);
                }
                let reason = format!("not valid JSON: {m} at line {line_no} column {}", e.column());
                rows.reject_row(row, line(), String::new(), String::new(), reason);
                continue;
            }
        };
        for (i, name) in schema.names.iter().enumerate() {
            let ty = schema.types.get(i).cloned().unwrap_or(Type::Text);
            match obj.get(name) {
                None | Some(serde_json::Value::Null) => rows.cell(i, None),
                Some(serde_json::Value::String(s)) => rows.cell(i, Some(s)),
                // a set as an array of names: read as the fast path reads it (the same cell, the same reject)
                Some(serde_json::Value::Array(a))
                    if matches!(ty, Type::Set(_)) && a.iter().all(serde_json::Value::is_string) =>
                {
                    let parts: Vec<&str> = a.iter().filter_map(serde_json::Value::as_str).collect();
                    rows.cell_parts(i, &parts);
                }
                Some(j) => match parse_json(p, &ty, j) {
                    Ok(v) => push_value(&mut rows, i, &v),
                    Err(e) => rows.bad(i, j.to_string(), e.0),
                },
            }
        }
        let key = schema.key;
        rows.finish(row, line_no, None, |batch| pending_key(batch, key));
    }
    rows.done()
}

/// A value already parsed (a JSON number, boolean or array): appended as the cell parser would.
fn push_value(rows: &mut Rows<'_>, i: usize, v: &Value) {
    if let Some(col) = rows.batch.columns.get_mut(i) {
        col.push(v);
    }
    if let Some(Some(pr)) = rows.batch.present.get_mut(i) {
        pr.push(true);
    }
}

fn parse_cells(p: &Program, schema: &Schema, chunk: &[CellRow]) -> Parsed {
    let mut rows = Rows::new(p, schema, chunk.len());
    for r in chunk {
        for i in 0..schema.names.len() {
            match r.cells.get(i) {
                None | Some(None) => rows.cell(i, None),
                Some(Some(Ok(s))) => rows.cell(i, Some(s)),
                Some(Some(Err(reason))) => rows.bad(i, String::new(), reason.clone()),
            }
        }
        let key = schema.key;
        rows.finish(r.row, 0, Some(&r.line), |batch| pending_key(batch, key));
    }
    rows.done()
}
