//! `jz diff A B`: the same records under two policies — a reform analysis ("what changes for our enterprises
//! if the county adopts this 实施意见?"). Every output decision the two policies share is compared by its
//! written value; the result is one transition table per decision (`限产 → 适度减排: 1,234`), the rows that
//! changed (`--out`), and every row either unchanged, changed or rejected (by either policy, with reasons).
//! The file is streamed: memory is bounded by the chunk size, not the file size.

use crate::common::{apply_sets, load_program};
use jz_check::ir::{DecisionId, Program, RecordId};
use jz_check::Value;
use jz_data::{open_with, parse_chunk, Batch, Options, Reject, Schema};
use jz_engine::transitions::{thousands, Interner, Transitions};
use jz_engine::{evaluate, record_guarantees};
use jz_eval::{EvalError, Interp, Outcome};
use jz_i18n::t;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct DiffArgs {
    pub a: PathBuf,
    pub b: PathBuf,
    pub record: String,
    pub data: PathBuf,
    pub sets: Vec<String>,
    pub out: Option<PathBuf>,
    pub rejects: Option<PathBuf>,
    pub batch_size: usize,
    /// How to read the file, as `jz run` takes it: `--encoding`, `--delimiter`, `--sheet`.
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
}

/// One policy's side of the comparison.
struct Side {
    p: Program,
    rid: RecordId,
    schema: Schema,
    params: Vec<Value>,
    scenario: Vec<Value>,
    /// The compared decisions, in A's output order.
    decisions: Vec<DecisionId>,
    /// Every guarantee of the record (a row that breaks one is rejected, as by `jz run`).
    guarantees: Vec<usize>,
    interners: Vec<Interner>,
    /// Per decision, the written form of each interned value.
    names: Vec<Vec<String>>,
}

impl Side {
    fn code(&mut self, k: usize, v: &Value) -> u32 {
        let (Some(int), Some(names)) = (self.interners.get_mut(k), self.names.get_mut(k)) else { return 0 };
        let c = int.code(v);
        if c as usize >= names.len() {
            let ty = self.decisions.get(k).and_then(|d| self.p.decisions.get(*d)).map(|d| d.ty.clone());
            names.push(ty.map(|t| self.p.format_value(&t, v)).unwrap_or_default());
        }
        c
    }
    fn name(&self, k: usize, code: u32) -> &str {
        self.names.get(k).and_then(|n| n.get(code as usize)).map(String::as_str).unwrap_or("")
    }
    /// One line for a rejected row, with the citations involved (as `jz run` writes it).
    fn reason(&self, e: &EvalError) -> String {
        let cites = e.citations(&self.p);
        if cites.is_empty() {
            e.describe(&self.p)
        } else {
            format!("{} [依据 {}]", e.describe(&self.p), cites.join("、"))
        }
    }
}

/// A policy loaded for one side: its program, the record, and the parameter and scenario values after `--set`.
type Loaded = (Program, RecordId, Vec<Value>, Vec<Value>);

fn load_side(label: &'static str, path: &Path, record: &str, sets: &[String]) -> Result<Loaded, String> {
    let Some((_checked, p)) = load_program(path) else {
        return Err(t!("diff-policy-errors", label = label, path = path.display()));
    };
    let Some(rid) = p.record(record) else {
        let names: Vec<&str> = p.records.iter().map(|r| r.name.as_str()).collect();
        return Err(t!(
            "diff-no-record",
            label = label,
            path = path.display(),
            record = record,
            names = names.join(", ")
        ));
    };
    let mut it = Interp::new(&p);
    let mut scenario = it.default_scenario();
    apply_sets(&p, sets, &mut scenario, &mut it.params)
        .map_err(|e| t!("diff-in-policy", error = e, label = label, path = path.display()))?;
    let params = std::mem::take(&mut it.params);
    Ok((p, rid, params, scenario))
}

fn side((p, rid, params, scenario): Loaded, data: &Path, opts: &Options) -> Result<Side, String> {
    let (_, schema) = open_with(&p, rid, data, opts).map_err(|e| t!("diff-error", error = e))?;
    let guarantees = record_guarantees(&p, rid);
    Ok(Side {
        p,
        rid,
        schema,
        params,
        scenario,
        decisions: Vec::new(),
        guarantees,
        interners: Vec::new(),
        names: Vec::new(),
    })
}

fn policy_name(p: &Program) -> String {
    p.policies.last().map(|x| x.name.clone()).unwrap_or_default()
}

fn output_names(s: &Side) -> Vec<(DecisionId, String)> {
    s.p.outputs
        .get(s.rid)
        .map(|o| o.iter().filter_map(|d| s.p.decisions.get(*d).map(|x| (*d, x.name.clone()))).collect())
        .unwrap_or_default()
}

/// A rejected row: the reasons from each side, merged when both sides say the same.
struct RowReject {
    row: u64,
    key: String,
    column: String,
    value: String,
    reason: String,
    policies: &'static str,
}

pub fn run(a: DiffArgs) -> u8 {
    let started = Instant::now();
    let delimiter = match a.delimiter.as_deref().map(crate::run_cmd::delimiter).transpose() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let opts = Options { encoding: a.encoding.clone(), delimiter, sheet: a.sheet.clone() };
    // both policies are checked before the data is looked at
    let sides = load_side("A", &a.a, &a.record, &a.sets)
        .and_then(|la| Ok((la, load_side("B", &a.b, &a.record, &a.sets)?)))
        .and_then(|(la, lb)| Ok((side(la, &a.data, &opts)?, side(lb, &a.data, &opts)?)));
    let (mut sa, mut sb) = match sides {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let (outs_a, outs_b) = (output_names(&sa), output_names(&sb));
    let mut common: Vec<String> = Vec::new();
    for (d, name) in &outs_a {
        if let Some((db, _)) = outs_b.iter().find(|(_, n)| n == name) {
            sa.decisions.push(*d);
            sb.decisions.push(*db);
            common.push(name.clone());
        }
    }
    let only_a: Vec<&str> = outs_a.iter().filter(|(_, n)| !common.contains(n)).map(|(_, n)| n.as_str()).collect();
    let only_b: Vec<&str> = outs_b.iter().filter(|(_, n)| !common.contains(n)).map(|(_, n)| n.as_str()).collect();
    if common.is_empty() {
        eprintln!("{}", t!("diff-no-common", record = a.record));
        return 1;
    }
    for s in [&mut sa, &mut sb] {
        s.interners = vec![Interner::default(); s.decisions.len()];
        s.names = vec![Vec::new(); s.decisions.len()];
    }
    let mut out = match &a.out {
        Some(path) => match create_csv(path) {
            Ok(mut w) => {
                let key_name = sa.schema.names.get(sa.schema.key).cloned().unwrap_or_default();
                let mut header = vec![key_name, "行号".to_string()];
                for n in &common {
                    header.push(format!("{n}:A"));
                    header.push(format!("{n}:B"));
                }
                let _ = w.write_record(&header);
                Some(w)
            }
            Err(e) => {
                eprintln!("{e}");
                return 1;
            }
        },
        None => None,
    };
    let mut rejects_out = match &a.rejects {
        Some(path) => match create_csv(path) {
            Ok(mut w) => {
                let _ = w.write_record(["行号", "键", "列", "值", "原因", "政策"]);
                Some(w)
            }
            Err(e) => {
                eprintln!("{e}");
                return 1;
            }
        },
        None => None,
    };
    let (mut source, _) = match open_with(&sa.p, sa.rid, &a.data, &opts) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{}", t!("diff-error", error = e));
            return 1;
        }
    };
    let k = common.len();
    let mut pairs: Vec<HashMap<(u32, u32), u64>> = vec![HashMap::new(); k];
    let (mut read, mut unchanged, mut changed, mut rejected) = (0u64, 0u64, 0u64, 0u64);
    let mut shown = 0usize;
    let mut read_error = None;
    loop {
        let chunk = match source.next_chunk(a.batch_size.max(1)) {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                read_error = Some(e);
                break;
            }
        };
        read += chunk.len() as u64;
        let ((ba, ra), (bb, rb)) = std::thread::scope(|s| {
            let ha = s.spawn(|| parse_chunk(&sa.p, &sa.schema, &chunk));
            let pb = parse_chunk(&sb.p, &sb.schema, &chunk);
            (ha.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), pb)
        });
        let ea = evaluate(&sa.p, sa.rid, &ba, &sa.params, &sa.scenario, &sa.decisions, &sa.guarantees);
        let eb = evaluate(&sb.p, sb.rid, &bb, &sb.params, &sb.scenario, &sb.decisions, &sb.guarantees);
        let rows = join_rows(
            Read { batch: &ba, key: sa.schema.key, evaluated: &ea, rejects: &ra },
            Read { batch: &bb, key: sb.schema.key, evaluated: &eb, rejects: &rb },
        );
        for row in rows {
            match row {
                Joined::Both { key, number, a: oa, b: ob } => {
                    let codes: Vec<(u32, u32)> = (0..k)
                        .map(|i| {
                            let va = oa.get(i).map(|o| &o.value).unwrap_or(&Value::Absent);
                            let vb = ob.get(i).map(|o| &o.value).unwrap_or(&Value::Absent);
                            (sa.code(i, va), sb.code(i, vb))
                        })
                        .collect();
                    let mut any = false;
                    let mut cells = vec![key.to_string(), number.to_string()];
                    for (i, (ca, cb)) in codes.iter().enumerate() {
                        if let Some(m) = pairs.get_mut(i) {
                            *m.entry((*ca, *cb)).or_default() += 1;
                        }
                        let (na, nb) = (sa.name(i, *ca), sb.name(i, *cb));
                        if na != nb {
                            any = true;
                            cells.push(na.to_string());
                            cells.push(nb.to_string());
                        } else {
                            cells.push(String::new());
                            cells.push(String::new());
                        }
                    }
                    if any {
                        changed += 1;
                        if let Some(w) = out.as_mut() {
                            let _ = w.write_record(&cells);
                        }
                    } else {
                        unchanged += 1;
                    }
                }
                Joined::Rejected { number, key, unread, failed } => {
                    rejected += 1;
                    for r in row_rejects(number, &key, &unread, &failed, &sa, &sb) {
                        report_reject(&r, &mut rejects_out, &mut shown);
                    }
                }
            }
        }
    }
    if let Some(w) = out.as_mut() {
        let _ = w.flush();
    }
    if let Some(w) = rejects_out.as_mut() {
        let _ = w.flush();
    }
    if shown > 20 && a.rejects.is_none() {
        eprintln!("{}", t!("diff-more-rejects", n = jz_i18n::count((shown - 20) as u64)));
    }
    // the report
    outln!("{}", t!("diff-side", side = "A", name = policy_name(&sa.p), path = a.a.display()));
    outln!("{}", t!("diff-side", side = "B", name = policy_name(&sb.p), path = a.b.display()));
    outln!("{}", t!("diff-rows-of", n = thousands(read), record = a.record, path = a.data.display()));
    for (i, name) in common.iter().enumerate() {
        let mut t = Transitions::default();
        for ((ca, cb), n) in pairs.get(i).into_iter().flatten() {
            t.add(sa.name(i, *ca), sb.name(i, *cb), *n);
        }
        for line in crate::common::render_transitions(&t, name) {
            outln!("{line}");
        }
    }
    if !only_a.is_empty() {
        outln!("{}", t!("diff-only-in", side = "A", names = only_a.join(&t!("list-sep"))));
    }
    if !only_b.is_empty() {
        outln!("{}", t!("diff-only-in", side = "B", names = only_b.join(&t!("list-sep"))));
    }
    outln!(
        "{}",
        t!(
            "diff-rows",
            read = thousands(read),
            unchanged = thousands(unchanged),
            changed = thousands(changed),
            rejected = thousands(rejected)
        )
    );
    if let Some(path) = &a.out {
        outln!("{}", t!("diff-written", path = path.display()));
    }
    eprintln!("{}", t!("diff-compared", secs = format!("{:.2}", started.elapsed().as_secs_f64())));
    if let Some(e) = read_error {
        eprintln!("{}", t!("diff-read-stopped", path = a.data.display(), error = e));
        return 1;
    }
    if read != unchanged + changed + rejected {
        eprintln!("{}", t!("diff-mismatch", read = read));
        return 1;
    }
    if rejected > 0 {
        3
    } else {
        0
    }
}

fn create_csv(path: &Path) -> Result<csv::Writer<std::fs::File>, String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| t!("diff-cannot-create-dir", path = dir.display(), error = jz_i18n::io_error(&e)))?;
    }
    csv::Writer::from_path(path).map_err(|e| t!("diff-cannot-create", path = path.display(), error = e))
}

enum Joined<'a> {
    Both {
        key: &'a str,
        number: u64,
        a: &'a [Outcome],
        b: &'a [Outcome],
    },
    /// Why each side rejected the row: unreadable cells, or an evaluation error.
    Rejected {
        number: u64,
        key: String,
        unread: Vec<(&'static str, &'a Reject)>,
        failed: Vec<(&'static str, &'a EvalError)>,
    },
}

type Evaluated = Vec<Result<Vec<Outcome>, EvalError>>;

/// One policy's reading of a chunk: its batch (with the key column's index), evaluation and rejects.
struct Read<'a> {
    batch: &'a Batch,
    key: usize,
    evaluated: &'a Evaluated,
    rejects: &'a [Reject],
}

/// Pair up the rows of one chunk as each policy read them, in input order.
fn join_rows<'a>(a: Read<'a>, b: Read<'a>) -> Vec<Joined<'a>> {
    type Slot<'r> = (Option<usize>, Option<usize>, Vec<(&'static str, &'r Reject)>);
    let mut by_row: std::collections::BTreeMap<u64, Slot<'a>> = std::collections::BTreeMap::new();
    for (i, n) in a.batch.row_numbers.iter().enumerate() {
        by_row.entry(*n).or_default().0 = Some(i);
    }
    for (i, n) in b.batch.row_numbers.iter().enumerate() {
        by_row.entry(*n).or_default().1 = Some(i);
    }
    for (label, side) in [("A", &a), ("B", &b)] {
        for r in side.rejects {
            by_row.entry(r.row).or_default().2.push((label, r));
        }
    }
    let key_of = |s: &Read<'a>, i: usize| -> &'a str { s.batch.columns.get(s.key).map(|c| c.text(i)).unwrap_or("") };
    let mut out = Vec::with_capacity(by_row.len());
    for (number, (ia, ib, unread)) in by_row {
        let key = ia.map(|i| key_of(&a, i)).or_else(|| ib.map(|i| key_of(&b, i))).unwrap_or("");
        let (ra, rb) = (ia.and_then(|i| a.evaluated.get(i)), ib.and_then(|i| b.evaluated.get(i)));
        match (ra, rb) {
            (Some(Ok(oa)), Some(Ok(ob))) if unread.is_empty() => out.push(Joined::Both { key, number, a: oa, b: ob }),
            _ => {
                let failed: Vec<(&'static str, &'a EvalError)> = [("A", ra), ("B", rb)]
                    .into_iter()
                    .filter_map(|(label, r)| match r {
                        Some(Err(e)) => Some((label, e)),
                        _ => None,
                    })
                    .collect();
                let key = if key.is_empty() {
                    unread.iter().map(|(_, r)| r.key.clone()).find(|k| !k.is_empty()).unwrap_or_default()
                } else {
                    key.to_string()
                };
                out.push(Joined::Rejected { number, key, unread, failed });
            }
        }
    }
    out
}

/// The reasons for one rejected row, merged when both policies give the same one.
fn row_rejects(
    number: u64,
    key: &str,
    unread: &[(&'static str, &Reject)],
    failed: &[(&'static str, &EvalError)],
    sa: &Side,
    sb: &Side,
) -> Vec<RowReject> {
    let mut all: Vec<(&'static str, String, String, String)> =
        unread.iter().map(|(l, r)| (*l, r.column.clone(), r.value.clone(), r.reason.clone())).collect();
    for (label, e) in failed {
        let side = if *label == "A" { sa } else { sb };
        let column = match e {
            EvalError::Conflict { decision, .. } => {
                side.p.decisions.get(*decision).map(|d| d.name.clone()).unwrap_or_default()
            }
            _ => String::new(),
        };
        all.push((label, column, String::new(), side.reason(e)));
    }
    let mut out: Vec<RowReject> = Vec::new();
    for (label, column, value, reason) in all {
        if let Some(same) = out.iter_mut().find(|x| x.column == column && x.value == value && x.reason == reason) {
            if same.policies != label {
                same.policies = "A B";
            }
            continue;
        }
        out.push(RowReject { row: number, key: key.to_string(), column, value, reason, policies: label });
    }
    out
}

fn report_reject(r: &RowReject, out: &mut Option<csv::Writer<std::fs::File>>, shown: &mut usize) {
    match out {
        Some(w) => {
            let _ = w.write_record([r.row.to_string().as_str(), &r.key, &r.column, &r.value, &r.reason, r.policies]);
        }
        None => {
            if *shown < 20 {
                let col = if r.column.is_empty() { String::new() } else { t!("diff-reject.column", column = r.column) };
                let val = if r.value.is_empty() { String::new() } else { t!("diff-reject.value", value = r.value) };
                eprintln!(
                    "{}",
                    t!(
                        "diff-reject",
                        row = r.row,
                        key = r.key,
                        policies = r.policies,
                        column = col,
                        value = val,
                        reason = r.reason
                    )
                );
            }
            *shown += 1;
        }
    }
}
