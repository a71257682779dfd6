//! Columnar batches: each column of the record parsed straight into its typed form (bool → byte,
//! enum → variant index, set → bitmask, decimal → exact decimal, date → day number, text → one byte buffer
//! with offsets). Rows are materialised into interpreter values only for the fields a program reads.

use jz_check::ir::{Program, RecordId};
use jz_check::{Type, Value};
use rust_decimal::Decimal;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub enum Column {
    Bool(Vec<u8>),
    Int(Vec<i64>),
    Dec(Vec<Decimal>),
    Date(Vec<i32>),
    Days(Vec<i64>),
    Enum(Vec<u16>),
    Set(Vec<u64>),
    Text { bytes: Vec<u8>, ends: Vec<u32> },
}

impl Column {
    pub fn for_type(t: &Type) -> Column {
        match t {
            Type::Bool => Column::Bool(Vec::new()),
            Type::Int => Column::Int(Vec::new()),
            Type::Dec(_) => Column::Dec(Vec::new()),
            Type::Date => Column::Date(Vec::new()),
            Type::Days => Column::Days(Vec::new()),
            Type::Enum(_) => Column::Enum(Vec::new()),
            Type::Set(_) => Column::Set(Vec::new()),
            Type::Text => Column::Text { bytes: Vec::new(), ends: Vec::new() },
        }
    }

    /// Append a value of this column's type (`Absent` appends the type's zero; presence is tracked apart).
    pub fn push(&mut self, v: &Value) {
        match (self, v) {
            (Column::Bool(c), Value::Bool(b)) => c.push(u8::from(*b)),
            (Column::Int(c), Value::Int(i)) => c.push(*i),
            (Column::Dec(c), Value::Dec(d)) => c.push(*d),
            (Column::Date(c), Value::Date(d)) => c.push(*d),
            (Column::Days(c), Value::Days(d)) => c.push(*d),
            (Column::Enum(c), Value::Enum(e)) => c.push(*e),
            (Column::Set(c), Value::Set(s)) => c.push(*s),
            (Column::Text { bytes, ends }, Value::Text(t)) => {
                bytes.extend_from_slice(t.as_bytes());
                ends.push(u32::try_from(bytes.len()).unwrap_or(u32::MAX));
            }
            (c, _) => c.push_zero(),
        }
    }

    fn push_zero(&mut self) {
        match self {
            Column::Bool(c) => c.push(0),
            Column::Int(c) => c.push(0),
            Column::Dec(c) => c.push(Decimal::ZERO),
            Column::Date(c) => c.push(0),
            Column::Days(c) => c.push(0),
            Column::Enum(c) => c.push(0),
            Column::Set(c) => c.push(0),
            Column::Text { bytes, ends } => ends.push(u32::try_from(bytes.len()).unwrap_or(u32::MAX)),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Column::Bool(c) => c.len(),
            Column::Int(c) => c.len(),
            Column::Dec(c) => c.len(),
            Column::Date(c) => c.len(),
            Column::Days(c) => c.len(),
            Column::Enum(c) => c.len(),
            Column::Set(c) => c.len(),
            Column::Text { ends, .. } => ends.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Room for `n` more rows (text: 16 bytes a row).
    pub fn reserve(&mut self, n: usize) {
        match self {
            Column::Bool(c) => c.reserve(n),
            Column::Int(c) => c.reserve(n),
            Column::Dec(c) => c.reserve(n),
            Column::Date(c) => c.reserve(n),
            Column::Days(c) => c.reserve(n),
            Column::Enum(c) => c.reserve(n),
            Column::Set(c) => c.reserve(n),
            Column::Text { bytes, ends } => {
                ends.reserve(n);
                bytes.reserve(n * 16);
            }
        }
    }

    /// Keep the first `n` rows (a row being read that turned out bad is cut back this way).
    pub fn truncate(&mut self, n: usize) {
        match self {
            Column::Bool(c) => c.truncate(n),
            Column::Int(c) => c.truncate(n),
            Column::Dec(c) => c.truncate(n),
            Column::Date(c) => c.truncate(n),
            Column::Days(c) => c.truncate(n),
            Column::Enum(c) => c.truncate(n),
            Column::Set(c) => c.truncate(n),
            Column::Text { bytes, ends } => {
                ends.truncate(n);
                bytes.truncate(ends.last().copied().unwrap_or(0) as usize);
            }
        }
    }

    pub fn text(&self, row: usize) -> &str {
        match self {
            Column::Text { bytes, ends } => {
                let start = if row == 0 { 0 } else { ends.get(row - 1).copied().unwrap_or(0) as usize };
                let end = ends.get(row).copied().unwrap_or(0) as usize;
                bytes.get(start..end).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
            }
            _ => "",
        }
    }

    pub fn value(&self, row: usize) -> Value {
        match self {
            Column::Bool(c) => Value::Bool(c.get(row).copied().unwrap_or(0) != 0),
            Column::Int(c) => Value::Int(c.get(row).copied().unwrap_or(0)),
            Column::Dec(c) => Value::Dec(c.get(row).copied().unwrap_or(Decimal::ZERO)),
            Column::Date(c) => Value::Date(c.get(row).copied().unwrap_or(0)),
            Column::Days(c) => Value::Days(c.get(row).copied().unwrap_or(0)),
            Column::Enum(c) => Value::Enum(c.get(row).copied().unwrap_or(0)),
            Column::Set(c) => Value::Set(c.get(row).copied().unwrap_or(0)),
            Column::Text { .. } => Value::Text(Arc::from(self.text(row))),
        }
    }
}

/// A batch of good rows of one record type, column by column.
#[derive(Clone, Debug)]
pub struct Batch {
    pub columns: Vec<Column>,
    /// Per optional field: is the value present in each row?
    pub present: Vec<Option<Vec<bool>>>,
    /// 1-based data row number of each row in the input.
    pub row_numbers: Vec<u64>,
}

impl Batch {
    pub fn new(p: &Program, record: RecordId) -> Batch {
        let fields = p.records.get(record).map(|r| r.fields.as_slice()).unwrap_or(&[]);
        Batch {
            columns: fields.iter().map(|f| Column::for_type(&f.ty)).collect(),
            present: fields.iter().map(|f| f.optional.then(Vec::new)).collect(),
            row_numbers: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.row_numbers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.row_numbers.is_empty()
    }

    /// Room for `n` more rows in every column.
    pub fn reserve(&mut self, n: usize) {
        for c in &mut self.columns {
            c.reserve(n);
        }
        for p in self.present.iter_mut().flatten() {
            p.reserve(n);
        }
        self.row_numbers.reserve(n);
    }

    /// Keep the first `n` rows of every column (and presence); row numbers are the caller's.
    pub fn truncate(&mut self, n: usize) {
        for c in &mut self.columns {
            c.truncate(n);
        }
        for p in self.present.iter_mut().flatten() {
            p.truncate(n);
        }
    }

    /// Append one fully parsed row.
    pub fn push_row(&mut self, row_number: u64, values: &[Value]) {
        for ((col, pres), v) in self.columns.iter_mut().zip(self.present.iter_mut()).zip(values) {
            col.push(v);
            if let Some(p) = pres {
                p.push(!matches!(v, Value::Absent));
            }
        }
        self.row_numbers.push(row_number);
    }

    /// Fill `out` with row `row`'s values for the fields marked in `used` (others stay `Absent`).
    pub fn fill_row(&self, row: usize, used: &[bool], out: &mut Vec<Value>) {
        out.clear();
        for (i, col) in self.columns.iter().enumerate() {
            let wanted = used.get(i).copied().unwrap_or(true);
            let present = match self.present.get(i) {
                Some(Some(p)) => p.get(row).copied().unwrap_or(false),
                _ => true,
            };
            out.push(if wanted && present { col.value(row) } else { Value::Absent });
        }
    }
}
