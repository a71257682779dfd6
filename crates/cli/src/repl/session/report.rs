//! `:report FILE`: the page `jz report` writes, for the session's current state (the scenario and parameters
//! as `:set`) over the loaded dataset, through the same collector — each batch evaluated by
//! `jz_engine::evaluate` and shown to it as `jz run`'s pipeline shows a block. The last `:what-if`, when it
//! was asked from this state, is the page's comparison.

use super::{Failure, Res, Session};
use jz_check::Value;
use jz_data::{Batch, Reject};
use jz_engine::output::{same_file, Output};
use jz_engine::pipeline::{eval_reject, BlockView, Observer};
use jz_engine::{evaluate, record_guarantees};
use jz_eval::Outcome;
use jz_i18n::t;
use jz_report::{Collector, Meta, Other, Spec};
use std::io::Write;
use std::path::Path;

impl Session {
    pub(super) fn write_report(&mut self, path: &Path, out: &mut dyn Write) -> Res<()> {
        let Some(d) = self.data.as_ref() else {
            return Err(t!("repl-no-dataset.report").into());
        };
        if same_file(&d.path, path) {
            return Err(t!("repl-same-file", path = path.display()).into());
        }
        let p = &self.program;
        let rid = d.record;
        let outputs = p.outputs.get(rid).cloned().unwrap_or_default();
        let other =
            d.last.as_ref().filter(|w| w.base.scenario == self.scenario && w.base.params == self.params).map(|w| {
                Other::WhatIf { label: w.label.clone(), params: w.new.params.clone(), scenario: w.new.scenario.clone() }
            });
        // the values that differ from the policy's, as `--set` would give them
        let mut settings = Vec::new();
        for (i, s) in p.scenario.iter().enumerate() {
            if let Some(v) = self.scenario.get(i).filter(|v| **v != s.default) {
                settings.push(format!("{}={}", s.name, self.show_value(&s.ty, v)));
            }
        }
        for (i, x) in p.params.iter().enumerate() {
            if let Some(v) = self.params.get(i).filter(|v| **v != x.value) {
                settings.push(format!("{}={}", x.name, self.show_value(&x.ty, v)));
            }
        }
        let spec = Spec {
            program: p,
            record: rid,
            outputs: &outputs,
            params: &self.params,
            scenario: &self.scenario,
            levels: true,
            other,
            native: true,
        };
        let collector = Collector::new(spec, settings).map_err(Failure::Message)?;
        let mut acc = collector.acc();
        // the rows that could not be read, as a block of their own
        let empty = Batch::new(p, rid);
        acc.merge(&collector, collector.block(&BlockView::new(None, &empty, &d.rejects, &[], &[], outputs.len())));
        let guarantees = record_guarantees(p, rid);
        let key = p.records.get(rid).map_or(0, |r| r.key);
        let mut failed = 0u64;
        for batch in d.batches() {
            if (self.interrupted)() {
                return Err(t!("repl-report-interrupted").into());
            }
            let res = evaluate(p, rid, batch, &self.params, &self.scenario, &outputs, &guarantees);
            let mut all: Vec<Outcome> = Vec::with_capacity(batch.len() * outputs.len());
            let mut ok = Vec::with_capacity(batch.len());
            let mut rejects: Vec<Reject> = Vec::new();
            for (i, r) in res.iter().enumerate() {
                match r {
                    Ok(o) => {
                        all.extend(o.iter().cloned());
                        ok.push(true);
                    }
                    Err(e) => {
                        all.extend((0..outputs.len()).map(|_| Outcome { value: Value::Absent, rule: None }));
                        ok.push(false);
                        let k = batch.columns.get(key).map(|c| c.text(i)).unwrap_or("");
                        let row = batch.row_numbers.get(i).copied().unwrap_or(0);
                        rejects.push(eval_reject(p, row, String::new(), k, e));
                        failed += 1;
                    }
                }
            }
            let view = BlockView::new(None, batch, &rejects, &all, &ok, outputs.len());
            acc.merge(&collector, collector.block(&view));
        }
        let rejected = d.rejected_rows + failed;
        let read = d.read;
        let title = p.policies.last().map(|x| x.title.clone().unwrap_or_else(|| x.name.clone())).unwrap_or_default();
        let meta = Meta {
            title,
            policy: self.path.as_ref().map(|x| crate::common::relative(x)).unwrap_or_default(),
            data: crate::common::relative(&d.path),
            record: p.records.get(rid).map(|r| r.name.clone()).unwrap_or_default(),
        };
        let report = acc.finish(&collector, meta, read, read.saturating_sub(rejected), rejected);
        let html = jz_report::render(&report).map_err(|e| Failure::Message(t!("repl-report-failed", error = e)))?;
        let mut o = Output::create(path).map_err(|e| {
            Failure::Message(t!("repl-cannot-create", path = path.display(), error = jz_i18n::io_error(&e)))
        })?;
        o.write_all(html.as_bytes()).and_then(|()| o.commit()).map_err(|e| {
            Failure::Message(t!("repl-writing-failed", path = path.display(), error = jz_i18n::io_error(&e)))
        })?;
        let _ = writeln!(out, "{}", t!("repl-report-written", path = path.display(), rows = read, rejected = rejected));
        Ok(())
    }
}
