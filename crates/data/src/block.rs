//! Cutting a text stream (CSV or JSON Lines, already UTF-8 or transcoded to it) into blocks of whole
//! records, and splitting a CSV record into fields. The splitter runs on one thread and only finds record
//! boundaries (a `memchr` for the newline, and a quote-aware scan of the lines that contain a quote);
//! parsing the fields of a block is left to the worker that receives it.
//!
//! Two rules keep one bad byte from swallowing a file: a quoted field may run over several lines only when
//! the quote closes within [`MAX_QUOTED_LINES`] lines and the record it completes has exactly the header's
//! number of columns — otherwise the quote is *unclosed*: that one physical line is a bad record (the
//! reject says where the quote opened) and reading goes on at the next line. And a record longer than
//! [`MAX_RECORD`] bytes is a bad record skipped without being held in memory.

use memchr::memchr;
use std::io::Read;

/// Bytes of input per block (a block is cut at the first record boundary past this).
pub const BLOCK_BYTES: usize = 4 << 20;
/// A longer line is rejected and skipped as it streams by, never held whole in memory.
pub const MAX_RECORD: usize = 16 << 20;
/// A quoted field may span at most this many lines.
pub const MAX_QUOTED_LINES: usize = 1000;

/// What a record of a block is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecKind {
    Ok,
    /// A quote opened at this character column (1-based) of the line and did not close in a way that
    /// makes a record; the record is that one line.
    Unclosed {
        col: u32,
    },
    /// A line of this many bytes (longer than [`MAX_RECORD`]); its bytes are not kept.
    TooLong {
        bytes: u64,
    },
}

/// One record of a block: its bytes `start..end` (without the line terminator) and the physical line it
/// starts on, counted from the block's first line.
#[derive(Clone, Copy, Debug)]
pub struct Rec {
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub kind: RecKind,
    /// Does the record hold a quote (so its fields need the quote-aware split)?
    pub quotes: bool,
}

/// Whole records of the input, with where they are in the file.
#[derive(Debug, Default)]
pub struct Block {
    pub data: Vec<u8>,
    pub recs: Vec<Rec>,
    /// Data row number (1-based) of `recs[0]`.
    pub first_row: u64,
    /// Physical line number (1-based) of the block's first byte.
    pub first_line: u64,
    pub delim: u8,
    /// Is this JSON Lines (no quoting, one record a line)?
    pub json: bool,
}

impl Block {
    pub fn len(&self) -> usize {
        self.recs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }
    pub fn bytes(&self, r: &Rec) -> &[u8] {
        self.data.get(r.start as usize..r.end as usize).unwrap_or(&[])
    }
}

/// Cuts a stream into [`Block`]s.
pub struct Splitter {
    input: Box<dyn Read + Send>,
    buf: Vec<u8>,
    eof: bool,
    delim: u8,
    json: bool,
    /// Columns of the header (0 until it is read): a multi-line quoted record must have this many.
    pub ncols: usize,
    rows: u64,
    line: u64,
    consumed: u64,
    block_bytes: usize,
}

enum Scan {
    /// The record ends at this newline (or at the end of the data), having spanned `lines` lines.
    End { nl: usize, lines: usize, fields: usize },
    /// A quote opened at this byte offset is still open (past the end of data or the line limit).
    Open { at: usize },
    /// The data ends inside the record and more may come.
    NeedMore,
}

impl Splitter {
    pub fn new(input: Box<dyn Read + Send>, delim: u8, json: bool) -> Splitter {
        Splitter {
            input,
            buf: Vec::new(),
            eof: false,
            delim,
            json,
            ncols: 0,
            rows: 0,
            line: 1,
            consumed: 0,
            block_bytes: BLOCK_BYTES,
        }
    }

    /// Smaller blocks (tests exercise the cuts with them).
    pub fn with_block_bytes(mut self, n: usize) -> Splitter {
        self.block_bytes = n.max(1);
        self
    }

    /// Bytes of the (decoded) stream handed out in blocks so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Data rows handed out so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The record just read was the header: data rows are counted from the next one.
    pub fn header_read(&mut self) {
        self.rows = 0;
    }

    /// Physical line at which the next block starts.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The first bytes of the stream (for sniffing), read without consuming them.
    pub fn peek(&mut self, n: usize) -> std::io::Result<&[u8]> {
        self.fill(n)?;
        Ok(self.buf.get(..n.min(self.buf.len())).unwrap_or(&[]))
    }

    /// Drop `n` bytes at the very start (a byte-order mark).
    pub fn skip_prefix(&mut self, n: usize) {
        let n = n.min(self.buf.len());
        self.buf.drain(..n);
        self.consumed += n as u64;
    }

    fn fill(&mut self, want: usize) -> std::io::Result<()> {
        while !self.eof && self.buf.len() < want {
            let old = self.buf.len();
            let n = want - old;
            self.buf.reserve(n);
            // `read_to_end` reads a file straight into the spare capacity (no zeroing of 4 MiB a block
            // first); it retries interrupted reads and keeps what it read before an error
            let got = (&mut self.input).take(n as u64).read_to_end(&mut self.buf);
            match got {
                Ok(0) => self.eof = true,
                Ok(_) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The next block of at most `max_rows` records; `None` at the end of the input.
    pub fn next_block(&mut self, max_rows: usize) -> std::io::Result<Option<Block>> {
        let max_rows = max_rows.max(1);
        // a few rows (the header) need not wait for a whole block of a slow input
        self.fill(self.block_bytes.min(max_rows.saturating_mul(1024).max(64 << 10)))?;
        let mut recs: Vec<Rec> = Vec::new();
        let mut i = 0usize;
        let mut line = 0u32;
        loop {
            if recs.len() >= max_rows || (i >= self.block_bytes && !recs.is_empty()) {
                break;
            }
            if i >= self.buf.len() {
                if self.eof || i > 0 {
                    break;
                }
                self.fill(self.block_bytes)?;
                if self.buf.is_empty() {
                    break;
                }
                continue;
            }
            let rest = self.buf.get(i..).unwrap_or(&[]);
            // one scan finds the newline, or first a quote (then the line is looked at closely)
            let first = if self.json { memchr(b'\n', rest) } else { memchr::memchr2(b'\n', b'"', rest) };
            let plain = first.is_some_and(|k| rest.get(k) == Some(&b'\n'));
            let found = if plain || self.json {
                first
            } else {
                first.and_then(|q| memchr(b'\n', rest.get(q..)?).map(|k| q + k))
            };
            let nl = match found {
                Some(k) => i + k,
                None if !self.eof => {
                    if i > 0 {
                        break; // the partial line goes to the next block
                    }
                    if self.buf.len() > MAX_RECORD {
                        let bytes = self.skip_line()?;
                        let start_line = self.line;
                        self.line += 1;
                        self.rows += 1;
                        let rec = Rec { start: 0, end: 0, line: 0, kind: RecKind::TooLong { bytes }, quotes: false };
                        return Ok(Some(Block {
                            data: Vec::new(),
                            recs: vec![rec],
                            first_row: self.rows,
                            first_line: start_line,
                            delim: self.delim,
                            json: self.json,
                        }));
                    }
                    let more = (self.buf.len() * 2).clamp(self.block_bytes, MAX_RECORD + 1);
                    self.fill(more)?;
                    continue;
                }
                None => self.buf.len(),
            };
            let body_end = if nl > i && self.buf.get(nl - 1) == Some(&b'\r') { nl - 1 } else { nl };
            let next = (nl + 1).min(self.buf.len());
            let body = self.buf.get(i..body_end).unwrap_or(&[]);
            if body.is_empty() || (self.json && body.iter().all(u8::is_ascii_whitespace)) {
                line += 1;
                i = next;
                continue;
            }
            if self.json || plain || memchr(b'"', body).is_none() {
                recs.push(Rec { start: i as u32, end: body_end as u32, line, kind: RecKind::Ok, quotes: false });
                line += 1;
                i = next;
                continue;
            }
            match scan_record(self.buf.get(i..).unwrap_or(&[]), self.delim, self.eof) {
                Scan::End { nl: e, lines, fields } if lines == 1 || fields == self.ncols || self.ncols == 0 => {
                    let end_nl = i + e;
                    let end = if end_nl > i && self.buf.get(end_nl - 1) == Some(&b'\r') { end_nl - 1 } else { end_nl };
                    recs.push(Rec { start: i as u32, end: end as u32, line, kind: RecKind::Ok, quotes: true });
                    line += lines as u32;
                    i = (end_nl + 1).min(self.buf.len());
                }
                Scan::NeedMore if i > 0 => break,
                Scan::NeedMore if self.buf.len() <= MAX_RECORD => {
                    let more = (self.buf.len() * 2).clamp(self.block_bytes, MAX_RECORD + 1);
                    self.fill(more)?;
                }
                other => {
                    let at = match other {
                        Scan::Open { at } => at,
                        _ => first_quote(body),
                    };
                    let col =
                        body.get(..at.min(body.len())).map_or(0, |b| b.iter().filter(|c| (**c & 0xC0) != 0x80).count())
                            + 1;
                    recs.push(Rec {
                        start: i as u32,
                        end: body_end as u32,
                        line,
                        kind: RecKind::Unclosed { col: col as u32 },
                        quotes: true,
                    });
                    line += 1;
                    i = next;
                }
            }
        }
        if recs.is_empty() && i == 0 {
            return Ok(None);
        }
        let rest = self.buf.split_off(i.min(self.buf.len()));
        let data = std::mem::replace(&mut self.buf, rest);
        let first_row = self.rows + 1;
        let first_line = self.line;
        self.rows += recs.len() as u64;
        self.line += u64::from(line);
        self.consumed += data.len() as u64;
        if recs.is_empty() {
            // only blank lines: keep going
            return self.next_block(max_rows);
        }
        Ok(Some(Block { data, recs, first_row, first_line, delim: self.delim, json: self.json }))
    }

    /// Discard the rest of an over-long line (the buffer holds its start); returns its length.
    fn skip_line(&mut self) -> std::io::Result<u64> {
        let mut n = 0u64;
        loop {
            if let Some(k) = memchr(b'\n', &self.buf) {
                n += k as u64;
                self.buf.drain(..=k);
                self.consumed += k as u64 + 1;
                return Ok(n);
            }
            n += self.buf.len() as u64;
            self.consumed += self.buf.len() as u64;
            self.buf.clear();
            if self.eof {
                return Ok(n);
            }
            self.fill(1 << 20)?;
            if self.buf.is_empty() && self.eof {
                return Ok(n);
            }
        }
    }
}

fn first_quote(b: &[u8]) -> usize {
    memchr(b'"', b).unwrap_or(0)
}

/// Follow one record from its first byte with the CSV quoting rules (a quote opens a quoted field only
/// at the start of a field; `""` inside is a quote).
fn scan_record(b: &[u8], delim: u8, eof: bool) -> Scan {
    #[derive(PartialEq)]
    enum St {
        Start,
        Plain,
        Quoted,
        QuoteInQuoted,
    }
    let mut st = St::Start;
    let mut fields = 1usize;
    let mut lines = 1usize;
    let mut open_at = 0usize;
    let mut first_open = None;
    for (k, &c) in b.iter().enumerate() {
        match st {
            St::Start | St::Plain => {
                if c == b'\n' {
                    return Scan::End { nl: k, lines, fields };
                } else if c == delim {
                    fields += 1;
                    st = St::Start;
                } else if c == b'"' && st == St::Start {
                    st = St::Quoted;
                    open_at = k;
                } else {
                    st = St::Plain;
                }
            }
            St::Quoted => {
                if c == b'"' {
                    st = St::QuoteInQuoted;
                } else if c == b'\n' {
                    first_open.get_or_insert(open_at);
                    lines += 1;
                    if lines > MAX_QUOTED_LINES {
                        return Scan::Open { at: first_open.unwrap_or(open_at) };
                    }
                }
            }
            St::QuoteInQuoted => {
                if c == b'"' {
                    st = St::Quoted;
                } else if c == b'\n' {
                    return Scan::End { nl: k, lines, fields };
                } else if c == delim {
                    fields += 1;
                    st = St::Start;
                } else {
                    st = St::Plain;
                }
            }
        }
    }
    if !eof {
        return Scan::NeedMore;
    }
    match st {
        St::Quoted => Scan::Open { at: first_open.unwrap_or(open_at) },
        _ => Scan::End { nl: b.len(), lines, fields },
    }
}

/// One field of a record: bytes of the record, or of the scratch buffer when it was quoted with `""`.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub start: u32,
    pub end: u32,
    pub scratch: bool,
}

impl Field {
    pub fn get<'a>(&self, rec: &'a [u8], scratch: &'a [u8]) -> &'a [u8] {
        let src = if self.scratch { scratch } else { rec };
        src.get(self.start as usize..self.end as usize).unwrap_or(&[])
    }
}

/// Split a record into fields. Unquoted fields are slices of `rec`; quoted ones are unescaped into
/// `scratch` (text after a closing quote is kept, as the `csv` crate does).
pub fn split_fields(rec: &[u8], delim: u8, out: &mut Vec<Field>, scratch: &mut Vec<u8>) {
    split_fields_known(rec, delim, memchr(b'"', rec).is_some(), out, scratch);
}

/// [`split_fields`] when it is known whether the record holds a quote ([`Rec::quotes`]).
pub fn split_fields_known(rec: &[u8], delim: u8, quotes: bool, out: &mut Vec<Field>, scratch: &mut Vec<u8>) {
    out.clear();
    scratch.clear();
    if !quotes {
        let mut s = 0usize;
        for d in memchr::memchr_iter(delim, rec) {
            out.push(Field { start: s as u32, end: d as u32, scratch: false });
            s = d + 1;
        }
        out.push(Field { start: s as u32, end: rec.len() as u32, scratch: false });
        return;
    }
    let n = rec.len();
    let mut i = 0usize;
    loop {
        if rec.get(i) == Some(&b'"') {
            let s = scratch.len();
            i += 1;
            loop {
                match memchr(b'"', rec.get(i..).unwrap_or(&[])) {
                    Some(q) => {
                        scratch.extend_from_slice(rec.get(i..i + q).unwrap_or(&[]));
                        if rec.get(i + q + 1) == Some(&b'"') {
                            scratch.push(b'"');
                            i += q + 2;
                        } else {
                            i += q + 1;
                            break;
                        }
                    }
                    None => {
                        scratch.extend_from_slice(rec.get(i..).unwrap_or(&[]));
                        i = n;
                        break;
                    }
                }
            }
            // anything up to the delimiter after the closing quote belongs to the field
            let d = memchr(delim, rec.get(i..).unwrap_or(&[])).map_or(n, |d| i + d);
            scratch.extend_from_slice(rec.get(i..d).unwrap_or(&[]));
            out.push(Field { start: s as u32, end: scratch.len() as u32, scratch: true });
            i = d;
        } else {
            let d = memchr(delim, rec.get(i..).unwrap_or(&[])).map_or(n, |d| i + d);
            out.push(Field { start: i as u32, end: d as u32, scratch: false });
            i = d;
        }
        if i >= n {
            break;
        }
        i += 1; // past the delimiter
        if i == n {
            out.push(Field { start: n as u32, end: n as u32, scratch: false });
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Per block: first data row, first line, and each record's text, line offset and kind.
    type Cut = (u64, u64, Vec<(String, u32, RecKind)>);

    fn blocks(text: &str, ncols: usize, block: usize) -> Vec<Cut> {
        let mut s = Splitter::new(Box::new(std::io::Cursor::new(text.as_bytes().to_vec())), b',', false)
            .with_block_bytes(block);
        s.ncols = ncols;
        let mut out = Vec::new();
        while let Some(b) = s.next_block(usize::MAX).unwrap() {
            let recs =
                b.recs.iter().map(|r| (String::from_utf8_lossy(b.bytes(r)).into_owned(), r.line, r.kind)).collect();
            out.push((b.first_row, b.first_line, recs));
        }
        out
    }

    fn fields(rec: &str) -> Vec<String> {
        let (mut f, mut scratch) = (Vec::new(), Vec::new());
        split_fields(rec.as_bytes(), b',', &mut f, &mut scratch);
        f.iter().map(|x| String::from_utf8_lossy(x.get(rec.as_bytes(), &scratch)).into_owned()).collect()
    }

    #[test]
    fn records_are_cut_at_newlines_outside_quotes_whatever_the_block_size() {
        let text = "a,b\n1,\"x\ny\"\n\n2,z\r\n3,\"q\"\"r\"\n";
        for block in [1, 3, 7, 64] {
            let all: Vec<(String, RecKind)> =
                blocks(text, 2, block).into_iter().flat_map(|b| b.2).map(|r| (r.0, r.2)).collect();
            assert_eq!(
                all,
                vec![
                    ("a,b".into(), RecKind::Ok),
                    ("1,\"x\ny\"".into(), RecKind::Ok),
                    ("2,z".into(), RecKind::Ok),
                    ("3,\"q\"\"r\"".into(), RecKind::Ok)
                ],
                "block {block}"
            );
        }
    }

    #[test]
    fn an_unclosed_quote_is_one_bad_line_and_the_rows_after_it_are_read() {
        let text = "k,v\nr1,1\nr2,\"oops\nr3,3\nr4,4\n";
        let b = blocks(text, 2, 1 << 20);
        let recs = &b[0].2;
        assert_eq!(recs.len(), 5);
        assert_eq!(recs[2], ("r2,\"oops".into(), 2, RecKind::Unclosed { col: 4 }));
        assert_eq!(recs[3].0, "r3,3");
        assert_eq!(recs[4].1, 4, "physical line offsets count from the block's first line");
    }

    #[test]
    fn a_quote_in_the_middle_of_a_field_is_a_character() {
        assert_eq!(fields("a,5\"dia,x"), vec!["a", "5\"dia", "x"]);
        assert_eq!(fields("\"a,b\",\"c\"\"d\",e,"), vec!["a,b", "c\"d", "e", ""]);
        assert_eq!(fields("\"ab\"cd,e"), vec!["abcd", "e"]);
        assert_eq!(fields(""), vec![""]);
        let b = blocks("k,v\na,5\"dia\nb,2\n", 2, 1 << 20);
        assert!(b[0].2.iter().all(|r| r.2 == RecKind::Ok));
    }

    #[test]
    fn rows_and_lines_continue_across_blocks() {
        let text = "h\n1\n\n2\n3\n";
        let b = blocks(text, 1, 2);
        let starts: Vec<(u64, u64)> = b.iter().map(|x| (x.0, x.1)).collect();
        assert_eq!(starts.first(), Some(&(1, 1)));
        let last = b.last().unwrap();
        assert_eq!((last.0, last.1 + u64::from(last.2[0].1)), (4, 5));
    }
}
