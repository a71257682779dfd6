//! Workbooks (xlsx, xlsm, xlsb, xls, ods) through calamine: every sheet with data (or the one named), the
//! header found below any title rows, rows given by record field, and the cells that cannot be read named
//! for what they are (a formula without a saved value, the empty part of merged cells, a spreadsheet error).

use crate::reader::{missing_columns, CellRow, Schema};
use calamine::{open_workbook_auto, Data, Dimensions, Range, Reader, Sheets};
use std::path::Path;

/// How far down a sheet the header is looked for (title rows above it are common in office exports).
const HEADER_SEARCH_ROWS: usize = 20;

fn damaged(path: &Path, e: &str) -> String {
    let l = e.to_lowercase();
    if l.contains("zip") || l.contains("eof") || l.contains("end of file") || l.contains("xml") {
        jz_i18n::t!("data-damaged", path = path.display(), error = e)
    } else {
        jz_i18n::t!("data-cannot-open", path = path.display(), error = e)
    }
}

fn text(c: &Data) -> Result<String, String> {
    Ok(match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        // Excel serial dates count days from 1899-12-30; 25569 is 1970-01-01.
        Data::DateTime(d) => jz_check::types::format_date((d.as_f64().floor() as i32).saturating_sub(25_569)),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::Error(e) => return Err(format!("the cell holds the spreadsheet error `{e}`")),
        other => other.to_string(),
    })
}

/// `A1`-style name of a 0-based (row, column).
fn a1(row: u32, col: u32) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

fn merged(wb: &mut Sheets<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Dimensions> {
    match wb {
        Sheets::Xlsx(x) => x.worksheet_merge_cells(name).and_then(Result::ok).unwrap_or_default(),
        Sheets::Xls(x) => x.worksheet_merge_cells(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Read the workbook's rows for `schema`'s record; fills in the schema's header and notes.
pub(crate) fn read(
    path: &Path,
    schema: &mut Schema,
    sheet: Option<&str>,
    record: &str,
) -> Result<Vec<CellRow>, String> {
    let mut wb = open_workbook_auto(path).map_err(|e| damaged(path, &e.to_string()))?;
    let names = wb.sheet_names();
    let chosen: Vec<String> = match sheet {
        Some(s) if names.iter().any(|n| n == s) => vec![s.to_string()],
        Some(s) => {
            return Err(jz_i18n::t!(
                "data-no-sheet",
                path = path.display(),
                sheet = s,
                sheets = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ))
        }
        None => names.clone(),
    };
    let required: Vec<&str> =
        schema.names.iter().zip(&schema.optional).filter(|(_, o)| !**o).map(|(n, _)| n.as_str()).collect();
    let mut out = Vec::new();
    let mut row = 0u64;
    let mut read_sheets: Vec<(String, u64)> = Vec::new();
    for name in &chosen {
        let range: Range<Data> = wb.worksheet_range(name).map_err(|e| damaged(path, &e.to_string()))?;
        let grid: Vec<Vec<Result<String, String>>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
        let blank = |r: &Vec<Result<String, String>>| r.iter().all(|c| c.as_ref().is_ok_and(|t| t.trim().is_empty()));
        if grid.iter().all(blank) && sheet.is_none() {
            continue;
        }
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cell_text = |c: &Result<String, String>| c.as_ref().map(|t| t.trim().to_string()).unwrap_or_default();
        let hidx = grid
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .position(|r| required.iter().all(|n| r.iter().any(|c| cell_text(c) == *n)));
        let Some(hidx) = hidx else {
            let header: Vec<String> =
                grid.iter().find(|r| !blank(r)).map(|r| r.iter().map(cell_text).collect()).unwrap_or_default();
            let missing: Vec<String> =
                required.iter().filter(|n| !header.iter().any(|h| h == *n)).map(|n| (*n).to_string()).collect();
            let mut e = missing_columns(path, Some(name), &missing, &header, b',', record);
            if chosen.len() > 1 {
                e.push('\n');
                e.push_str(&jz_i18n::t!("data-every-sheet", sheets = names.join(", ")));
            }
            return Err(e);
        };
        let header: Vec<String> = grid.get(hidx).map(|r| r.iter().map(cell_text).collect()).unwrap_or_default();
        if hidx > 0 {
            schema.notes.push(jz_i18n::t!("data-header-row", sheet = name, row = r0 as usize + hidx + 1));
        }
        let cols: Vec<Option<usize>> = schema.names.iter().map(|n| header.iter().position(|h| h == n)).collect();
        if schema.header.is_empty() {
            schema.header.clone_from(&header);
            schema.ncols = header.len();
        }
        let formulas = wb.worksheet_formula(name).ok();
        let merges = merged(&mut wb, name);
        let mut count = 0u64;
        for (k, r) in grid.iter().enumerate().skip(hidx + 1) {
            let abs_row = r0 + k as u32;
            let formula_at = |c: u32| {
                formulas.as_ref().and_then(|f| f.get_value((abs_row, c0 + c))).filter(|f| !f.is_empty()).cloned()
            };
            if blank(r) && (0..r.len() as u32).all(|c| formula_at(c).is_none()) {
                continue;
            }
            row += 1;
            count += 1;
            let cells = cols
                .iter()
                .map(|c| {
                    let c = (*c)?;
                    let v = r.get(c).cloned().unwrap_or(Ok(String::new()));
                    Some(match v {
                        Ok(t) if t.trim().is_empty() => {
                            let abs_col = c0 + c as u32;
                            if let Some(f) = formula_at(c as u32) {
                                Err(format!(
                                    "formula `={f}` has no saved value (open and save the file in Excel or WPS to compute it)"
                                ))
                            } else if let Some(m) = merges.iter().find(|m| {
                                m.start.0 <= abs_row
                                    && abs_row <= m.end.0
                                    && m.start.1 <= abs_col
                                    && abs_col <= m.end.1
                                    && (m.start.0, m.start.1) != (abs_row, abs_col)
                            }) {
                                Err(format!(
                                    "part of merged cells {}:{}; only {} holds the value",
                                    a1(m.start.0, m.start.1),
                                    a1(m.end.0, m.end.1),
                                    a1(m.start.0, m.start.1)
                                ))
                            } else {
                                Ok(t)
                            }
                        }
                        other => other,
                    })
                })
                .collect();
            out.push(CellRow { row, line: format!("{name}!{}", abs_row + 1), cells });
        }
        read_sheets.push((name.clone(), count));
    }
    if read_sheets.is_empty() {
        return Err(jz_i18n::t!("data-no-sheet-with-data", path = path.display()));
    }
    if read_sheets.len() > 1 {
        let list: Vec<String> =
            read_sheets.iter().map(|(n, c)| jz_i18n::t!("data-sheet-rows", sheet = n, rows = c)).collect();
        schema.notes.push(jz_i18n::t!("data-sheets-read", n = read_sheets.len(), sheets = list.join(", ")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::a1;

    #[test]
    fn cell_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(4, 25), "Z5");
        assert_eq!(a1(9, 26), "AA10");
    }
}
