//! The downloads: a table as CSV (UTF-8 with a byte-order mark, so Excel and WPS read the Chinese right) and
//! as a one-sheet XLSX workbook — the smallest SpreadsheetML package (content types, relationships, workbook,
//! styles with a bold header, one sheet of inline strings and numbers) zipped with the `zip` crate. Both are
//! embedded in the page as base64 `data:` links. Text cells that a spreadsheet would take for a formula
//! (`=`, `+`, `-`, `@` first) are written with a leading `'` in the CSV; XLSX inline strings are never formulas.

use std::io::Write;

/// One cell of a downloadable table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Num(u64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
}

/// The table as CSV text (with a BOM).
pub fn csv(header: &[String], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let mut first = true;
        for c in cells {
            if !first {
                out.push(b',');
            }
            first = false;
            jz_engine::pipeline::csv_field(&mut out, c.as_bytes());
        }
        out.extend_from_slice(b"\r\n");
    };
    line(&mut header.iter().map(|h| defuse(h)));
    for r in rows {
        line(&mut r.iter().map(|c| match c {
            Cell::Text(t) => defuse(t),
            Cell::Num(n) => n.to_string(),
        }));
    }
    out
}

/// A text cell a spreadsheet would evaluate, made inert.
fn defuse(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Text for XML: the five escapes, and characters XML 1.0 cannot hold dropped.
pub fn xml_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\t' | '\n' | '\r' => o.push(ch),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => o.push(c),
        }
    }
    o
}

/// `A`, `B`, … `Z`, `AA` …
fn column_name(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty.
fn sheet_name(s: &str) -> String {
    let n: String = s.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).take(31).collect();
    if n.trim().is_empty() {
        "Sheet1".into()
    } else {
        n
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

/// The table as an XLSX workbook with one sheet.
pub fn xlsx(sheet: &str, header: &[String], rows: &[Vec<Cell>]) -> std::io::Result<Vec<u8>> {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>"#,
    );
    for (i, h) in header.iter().enumerate() {
        let widest = rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(|c| match c {
                Cell::Text(t) => t.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum::<usize>(),
                Cell::Num(n) => n.to_string().len() + 2,
            })
            .chain(std::iter::once(h.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum::<usize>()))
            .max()
            .unwrap_or(8)
            .clamp(6, 80);
        s.push_str(&format!(r#"<col min="{0}" max="{0}" width="{1}" customWidth="1"/>"#, i + 1, widest + 2));
    }
    s.push_str("</cols><sheetData>");
    let mut put_row = |r: usize, cells: &mut dyn Iterator<Item = (Cell, u8)>| {
        s.push_str(&format!(r#"<row r="{r}">"#));
        for (c, (cell, style)) in cells.enumerate() {
            let at = format!("{}{r}", column_name(c));
            match cell {
                Cell::Text(t) => s.push_str(&format!(
                    r#"<c r="{at}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                    xml_text(&t)
                )),
                Cell::Num(n) => s.push_str(&format!(r#"<c r="{at}" s="2"><v>{n}</v></c>"#)),
            }
        }
        s.push_str("</row>");
    };
    put_row(1, &mut header.iter().map(|h| (Cell::Text(h.clone()), 1)));
    for (i, r) in rows.iter().enumerate() {
        put_row(i + 2, &mut r.iter().map(|c| (c.clone(), 0)));
    }
    s.push_str("</sheetData></worksheet>");
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        xml_text(&sheet_name(sheet))
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", workbook.as_str()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/styles.xml", STYLES),
        ("xl/worksheets/sheet1.xml", s.as_str()),
    ] {
        zip.start_file(name, opts).map_err(std::io::Error::other)?;
        zip.write_all(body.as_bytes())?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

/// Standard base64 (RFC 4648, padded), for `data:` links.
pub fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let b = [c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0), c.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= c.len() {
                o.push(char::from(A[((n >> shift) & 63) as usize]));
            } else {
                o.push('=');
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]
    use super::*;
    use calamine::{Data, Reader};

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn column_names_go_past_z() {
        assert_eq!([0, 25, 26, 27, 51, 52, 701, 702].map(column_name), ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn a_workbook_reads_back_with_the_same_cells() {
        let header = vec!["区县".to_string(), "行数".to_string()];
        let rows = vec![
            vec![Cell::text("安平县"), Cell::Num(1240)],
            vec![Cell::text("<b>&\"'\u{1}"), Cell::Num(0)],
            vec![Cell::text("=1+1"), Cell::Num(u64::from(u32::MAX) * 3)],
        ];
        let bytes = xlsx("按区县: [综合措施]", &header, &rows).unwrap();
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(wb.sheet_names(), vec!["按区县 综合措施".to_string()]);
        let range = wb.worksheet_range("按区县 综合措施").unwrap();
        let cells: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(cells[0], vec![Data::String("区县".into()), Data::String("行数".into())]);
        assert_eq!(cells[1], vec![Data::String("安平县".into()), Data::Float(1240.0)]);
        assert_eq!(cells[2][0], Data::String("<b>&\"'".into()), "escaped, the control character dropped");
        assert_eq!(cells[3], vec![Data::String("=1+1".into()), Data::Float(12_884_901_885.0)], "text, not a formula");
    }

    #[test]
    fn csv_has_a_bom_quotes_and_inert_formulas() {
        let out = csv(
            &["名称".into(), "n".into()],
            &[vec![Cell::text("a,b"), Cell::Num(3)], vec![Cell::text("=cmd"), Cell::Num(0)]],
        );
        assert_eq!(String::from_utf8(out).unwrap(), "\u{feff}名称,n\r\n\"a,b\",3\r\n'=cmd,0\r\n");
    }
}
