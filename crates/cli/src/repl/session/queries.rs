//! Data questions: `:data`, `:count`, `:what-if`, `:moved`, `:export`, `:row`, `:rejects` over the dataset
//! held in memory ([`super::super::data::Dataset`]).

use super::*;

impl Session {
    /// `:data`'s reading words as the reader's options (the delimiter checked as `jz run` checks it).
    pub(super) fn reading_options(reading: &crate::repl::command::Reading) -> Res<jz_data::Options> {
        Ok(jz_data::Options {
            encoding: reading.encoding.clone(),
            delimiter: match reading.delimiter.as_deref() {
                Some(d) => Some(crate::run_cmd::delimiter(d).map_err(Failure::Message)?),
                None => None,
            },
            sheet: reading.sheet.clone(),
        })
    }

    pub(super) fn load_data(
        &mut self,
        path: &Path,
        record: Option<&str>,
        opts: &jz_data::Options,
        out: &mut dyn Write,
    ) -> Res<()> {
        let p = &self.program;
        let rid = match record {
            Some(r) => p.record(r).ok_or_else(|| {
                let names: Vec<&str> = p.records.iter().map(|x| x.name.as_str()).collect();
                Failure::Message(t!("repl-no-record-type", record = r, names = names.join(", ")))
            })?,
            None => self.detect_record(path, opts)?,
        };
        let cancel = Arc::clone(&self.interrupted);
        let d = Dataset::load(&self.program, rid, path, opts, &move || cancel())
            .map_err(|e| Failure::Message(t!("repl-data-error", error = e)))?;
        say!(
            out,
            "{}",
            t!(
                "repl-data-loaded",
                rows = thousands(d.rows as u64),
                record = self.record_name(rid),
                path = path.display(),
                secs = format!("{:.2}", d.load_secs),
                read = thousands(d.read),
                rejected = thousands(d.rejected_rows)
            )
        );
        for r in d.rejects.iter().take(5) {
            say!(out, "  {}", reject_line(r.row, &r.key, &r.column, &r.value, &r.reason));
        }
        if d.rejects.len() > 5 {
            say!(out, "{}", t!("repl-data-more-rejects", n = thousands(d.rejects.len() as u64)));
        }
        self.data = Some(d);
        Ok(())
    }

    /// The record type whose columns the file has (the one with the most fields when several fit).
    pub(super) fn detect_record(&self, path: &Path, opts: &jz_data::Options) -> Res<RecordId> {
        let p = &self.program;
        if p.records.is_empty() {
            return Err(t!("repl-no-record-types").into());
        }
        let mut fits = Vec::new();
        let mut why = Vec::new();
        let mut errors = Vec::new();
        for (r, rec) in p.records.iter().enumerate() {
            match jz_data::open_with(p, r, path, opts) {
                Ok(_) => fits.push((rec.fields.len(), Some(r) == self.current_record(), r)),
                Err(e) => {
                    why.push(format!("{}: {}", rec.name, e.lines().next().unwrap_or("")));
                    errors.push(e);
                }
            }
        }
        fits.sort();
        match fits.last() {
            Some((_, _, r)) => Ok(*r),
            // the same error for every record type is about the file (its encoding, its bytes), not its
            // columns: shown whole, with the reader's help (e.g. `--encoding gbk`)
            None if errors.windows(2).all(|w| w[0] == w[1]) && !errors.is_empty() => {
                Err(t!("repl-data-error", error = errors.swap_remove(0)).into())
            }
            // a file that cannot be read at all, not one whose columns fit no record type
            None if why.iter().any(|w| w.contains(&t!("data-cannot"))) => {
                Err(t!("repl-data-error", error = why.first().cloned().unwrap_or_default()).into())
            }
            None => Err(t!("repl-no-columns", path = path.display(), why = why.join("\n  ")).into()),
        }
    }

    pub(super) fn dataset(&mut self) -> Res<&mut Dataset> {
        self.data.as_mut().ok_or_else(|| Failure::Message(t!("repl-no-dataset.help")))
    }

    /// The current state's decisions for every row (evaluated once per scenario).
    pub(super) fn current_state(&mut self, out: &mut dyn Write) -> Res<Arc<State>> {
        let cancel = Arc::clone(&self.interrupted);
        let (scenario, params) = (self.scenario.clone(), self.params.clone());
        let Some(d) = self.data.as_mut() else {
            return Err(t!("repl-no-dataset.help").into());
        };
        let before = Instant::now();
        let s = d.state(&self.program, &scenario, &params, &move || cancel())?;
        if before.elapsed().as_secs_f64() > 0.5 {
            say!(out, "{}", t!("repl-evaluated", rows = thousands(d.rows as u64), secs = format!("{:.2}", s.secs)));
        }
        Ok(s)
    }

    pub(super) fn count(&mut self, by: &[Arg], filter: Option<&Arg>, file: u32, out: &mut dyn Write) -> Res<()> {
        let record = self.dataset()?.record;
        let mut keys = Vec::new();
        for a in by {
            keys.push(self.check_expr_for(a, file, Some(record), None)?);
        }
        let filter = match filter {
            Some(a) => Some(self.check_expr_for(a, file, Some(record), Some(&Type::Bool))?),
            None => None,
        };
        let state = self.current_state(out)?;
        let cancel = Arc::clone(&self.interrupted);
        let p = &self.program;
        let Some(d) = self.data.as_ref() else { return Ok(()) };
        let marginals = keys.is_empty();
        if marginals {
            keys = p
                .outputs
                .get(record)
                .cloned()
                .unwrap_or_default()
                .iter()
                .filter_map(|x| {
                    p.decisions.get(*x).map(|dec| Expr {
                        kind: ExprKind::Decision(*x),
                        ty: dec.ty.clone(),
                        span: Span::default(),
                    })
                })
                .collect();
        }
        let c = d.count(p, &state, &keys, filter.as_ref(), &move || cancel())?;
        let rec = self.record_name(record);
        let rejected = state.errors.len() as u64;
        let of = if filter.is_some() { t!("repl-count.of", n = thousands(c.considered)) } else { String::new() };
        let not_counted =
            if rejected > 0 { t!("repl-count.not-counted", n = thousands(rejected)) } else { String::new() };
        let matching = if filter.is_some() { t!("repl-count.match") } else { String::new() };
        say!(
            out,
            "{}",
            t!(
                "repl-count",
                matched = thousands(c.matched),
                of = of,
                record = rec,
                matching = matching,
                rest = not_counted
            )
        );
        if c.errors > 0 {
            let first = c.first_error.as_ref().map(|e| e.describe(p)).unwrap_or_default();
            say!(out, "{}", t!("repl-count-failed", n = thousands(c.errors), first = first));
        }
        if marginals {
            for (i, k) in keys.iter().enumerate() {
                let mut m: Vec<(Value, u64)> = Vec::new();
                for (g, n) in &c.groups {
                    let Some(v) = g.get(i) else { continue };
                    match m.iter_mut().find(|(x, _)| x == v) {
                        Some(e) => e.1 += n,
                        None => m.push((v.clone(), *n)),
                    }
                }
                sort_groups(&mut m, |x| std::slice::from_ref(x));
                let name = match k.kind {
                    ExprKind::Decision(dd) => p.decisions.get(dd).map(|x| x.name.clone()).unwrap_or_default(),
                    _ => String::new(),
                };
                let parts: Vec<String> =
                    m.iter().map(|(v, n)| format!("{} {}", p.format_value(&k.ty, v), thousands(*n))).collect();
                say!(out, "  {name}: {}", parts.join(" · "));
            }
            return Ok(());
        }
        let mut groups = c.groups;
        if groups.is_empty() {
            return Ok(());
        }
        sort_groups(&mut groups, |g| g.as_slice());
        let mut header: Vec<String> = by.iter().map(|a| a.text.clone()).collect();
        header.push(rec);
        header.push("%".into());
        let total = c.matched.max(1) as f64;
        let rows: Vec<Vec<String>> = groups
            .iter()
            .map(|(g, n)| {
                let mut r: Vec<String> = g.iter().zip(&keys).map(|(v, k)| display(p, &k.ty, v)).collect();
                r.push(thousands(*n));
                r.push(format!("{:.1}", *n as f64 * 100.0 / total));
                r
            })
            .collect();
        let mut right = vec![false; by.len()];
        right.extend([true, true]);
        for l in table(&header, &rows, &right) {
            say!(out, "  {}", l.trim_end());
        }
        Ok(())
    }

    pub(super) fn what_if(&mut self, assigns: &[Assign], file: u32, out: &mut dyn Write) -> Res<()> {
        let mut scenario = self.scenario.clone();
        let mut params = self.params.clone();
        let mut labels = Vec::new();
        let mut short = Vec::new();
        for a in assigns {
            let (t, v, note) = self.resolve(a, file)?;
            let ty = self.target(&a.name).map(|x| x.1).unwrap_or(Type::Bool);
            let now = self.current_value(t).map(|x| self.show_value(&ty, x)).unwrap_or_default();
            labels.push(t!("repl-what-if-now", name = a.name, value = self.show_value(&ty, &v), now = now));
            short.push(format!("{} = {}", a.name, self.show_value(&ty, &v)));
            if let Some(n) = note {
                say!(out, "{n}");
            }
            let slot = match t {
                Target::Scen(i) => scenario.get_mut(i),
                Target::Param(i) => params.get_mut(i),
            };
            if let Some(s) = slot {
                *s = v;
            }
        }
        let label = labels.join(", ");
        if self.data.is_none() && self.current.is_none() {
            return Err(t!("repl-nothing-to-compare").into());
        }
        if self.data.is_some() {
            let base = self.current_state(out)?;
            let cancel = Arc::clone(&self.interrupted);
            let Some(d) = self.data.as_mut() else { return Ok(()) };
            let started = Instant::now();
            let new = d.state(&self.program, &scenario, &params, &move || cancel())?;
            let c = d.compare(&self.program, &base, &new);
            let p = &self.program;
            let rec = p.records.get(d.record).map(|r| r.name.clone()).unwrap_or_default();
            say!(out, "{}", t!("repl-what-if", label = label, rows = thousands(d.rows as u64), record = rec));
            let outputs = p.outputs.get(d.record).cloned().unwrap_or_default();
            for (k, t) in c.transitions.iter().enumerate() {
                let Some(dd) = d.decisions.get(k) else { continue };
                let name = p.decisions.get(*dd).map(|x| x.name.clone()).unwrap_or_default();
                let name = if outputs.contains(dd) { name } else { t!("repl-not-an-output", name = name) };
                for l in crate::common::render_transitions(t, &name) {
                    say!(out, "{l}");
                }
            }
            say!(
                out,
                "{}",
                t!(
                    "repl-what-if-rows",
                    unchanged = thousands(c.unchanged),
                    changed = thousands(c.changed),
                    rejected = thousands(c.rejected),
                    now = thousands(base.errors.len() as u64)
                )
            );
            let secs = started.elapsed().as_secs_f64();
            say!(out, "{}", t!("repl-what-if-answered", secs = format!("{secs:.2}")));
            d.last = Some(WhatIf { label: short.join(", "), base, new });
        }
        if let Some(name) = self.current.clone() {
            let (record, frame) = self.frame_for(&name)?;
            let p = &self.program;
            let it_now = Interp { program: p, params: self.params.clone() };
            let it_new = Interp { program: p, params };
            let mut f_now = Frame::new(p, frame.fields.clone(), self.scenario.clone());
            let mut f_new = Frame::new(p, frame.fields, scenario);
            let mut changes = Vec::new();
            for (d, dec) in p.decisions_of(record) {
                let show = |r: Result<jz_eval::Outcome, jz_eval::EvalError>| match r {
                    Ok(o) => p.format_value(&dec.ty, &o.value),
                    Err(_) => t!("repl-eval-error"),
                };
                let (a, b) = (show(it_now.decision(&mut f_now, d)), show(it_new.decision(&mut f_new, d)));
                if a != b {
                    changes.push(format!("{} {a} → {b}", dec.name));
                }
            }
            if changes.is_empty() {
                say!(out, "{}", t!("repl-no-changes", name = name));
            } else {
                say!(out, "{name}: {}", changes.join(&t!("list-sep")));
            }
        }
        Ok(())
    }

    pub(super) fn moved(&mut self, words: &[String], out: &mut dyn Write) -> Res<()> {
        let p = &self.program;
        let Some(d) = self.data.as_ref() else {
            return Err(t!("repl-no-dataset.what-if").into());
        };
        let Some(w) = d.last.as_ref() else {
            return Err(t!("repl-no-what-if").into());
        };
        let text = words.join(" ");
        let (head, arrow) = match ["→", "->", "=>"].iter().find_map(|a| text.split_once(a)) {
            Some((l, r)) => (l.to_string(), Some(r.to_string())),
            None => (text.clone(), None),
        };
        let mut decision: Option<usize> = None;
        let mut limit = Some(20usize);
        let mut from = None;
        let mut to = None;
        let mut head_words: Vec<&str> = head.split_whitespace().collect();
        let mut tail_words: Vec<&str> = arrow.as_deref().map(|a| a.split_whitespace().collect()).unwrap_or_default();
        // a trailing count or `all`
        let last = if arrow.is_some() { tail_words.last().copied() } else { head_words.last().copied() };
        if let Some(l) = last {
            let parsed = if l == "all" { Some(None) } else { l.parse::<usize>().ok().map(Some) };
            if let Some(n) = parsed {
                limit = n;
                if arrow.is_some() {
                    tail_words.pop();
                } else {
                    head_words.pop();
                }
            }
        }
        if let Some(first) = head_words.first() {
            if let Some(k) = d.decisions.iter().position(|x| p.decisions.get(*x).is_some_and(|dec| dec.name == *first))
            {
                decision = Some(k);
                head_words.remove(0);
            }
        }
        if arrow.is_some() {
            from = Some(head_words.join(" ")).filter(|s| !s.is_empty());
            to = Some(tail_words.join(" ")).filter(|s| !s.is_empty());
        } else if let Some(x) = head_words.first() {
            return Err(t!("repl-not-a-dataset-decision", name = x, usage = command::usage(":moved")).into());
        }
        let matches = |k: usize, row: usize| {
            let (a, b) = (w.base.code(k, row), w.new.code(k, row));
            a != b
                && from.as_ref().is_none_or(|f| d.name(p, k, a) == *f)
                && to.as_ref().is_none_or(|t| d.name(p, k, b) == *t)
        };
        let ks: Vec<usize> = match decision {
            Some(k) => vec![k],
            None => (0..d.decisions.len()).collect(),
        };
        let mut rows = Vec::new();
        let mut total = 0u64;
        for row in 0..d.rows {
            if !ks.iter().any(|k| matches(*k, row)) {
                continue;
            }
            total += 1;
            if limit.is_some_and(|l| rows.len() >= l) {
                continue;
            }
            let changes: Vec<String> = ks
                .iter()
                .filter(|k| w.base.code(**k, row) != w.new.code(**k, row))
                .map(|k| {
                    let name =
                        d.decisions.get(*k).and_then(|x| p.decisions.get(*x)).map(|x| x.name.as_str()).unwrap_or("");
                    format!("{name} {} → {}", d.name(p, *k, w.base.code(*k, row)), d.name(p, *k, w.new.code(*k, row)))
                })
                .collect();
            rows.push(vec![
                d.key(row).to_string(),
                d.row_number(row).to_string(),
                changes.join(&t!("list-sep.semicolon")),
            ]);
        }
        say!(out, "{}", t!("repl-moved", n = thousands(total), label = w.label));
        if !rows.is_empty() {
            let key_name =
                p.records.get(d.record).and_then(|r| r.fields.get(r.key)).map(|f| f.name.clone()).unwrap_or_default();
            for l in table(&[key_name, "行号".into(), t!("repl-change")], &rows, &[false, true, false]) {
                say!(out, "  {}", l.trim_end());
            }
        }
        if (rows.len() as u64) < total {
            say!(out, "{}", t!("repl-moved-more", n = thousands(total - rows.len() as u64)));
        }
        Ok(())
    }

    pub(super) fn export(&mut self, path: &Path, out: &mut dyn Write) -> Res<()> {
        let p = &self.program;
        let Some(d) = self.data.as_ref() else { return Err(t!("repl-no-dataset").into()) };
        let Some(w) = d.last.as_ref() else {
            return Err(t!("repl-no-what-if.export").into());
        };
        if let Some(dir) = path.parent().filter(|x| !x.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Failure::Message(t!("repl-cannot-create", path = dir.display(), error = jz_i18n::io_error(&e)))
            })?;
        }
        let mut csv = csv::Writer::from_path(path)
            .map_err(|e| Failure::Message(t!("repl-cannot-create", path = path.display(), error = e)))?;
        let key_name =
            p.records.get(d.record).and_then(|r| r.fields.get(r.key)).map(|f| f.name.clone()).unwrap_or_default();
        let mut header = vec![key_name, "行号".to_string()];
        for dd in &d.decisions {
            let n = p.decisions.get(*dd).map(|x| x.name.clone()).unwrap_or_default();
            header.push(format!("{n}:现状"));
            header.push(format!("{n}:假设"));
        }
        let io = |e: csv::Error| Failure::Message(t!("repl-writing", path = path.display(), error = e));
        csv.write_record(&header).map_err(io)?;
        let mut n = 0u64;
        for row in (0..d.rows).filter(|r| d.moved(&w.base, &w.new, *r)) {
            let mut cells = vec![d.key(row).to_string(), d.row_number(row).to_string()];
            for k in 0..d.decisions.len() {
                let (a, b) = (w.base.code(k, row), w.new.code(k, row));
                if a == b {
                    cells.extend([String::new(), String::new()]);
                } else {
                    cells.extend([d.name(p, k, a), d.name(p, k, b)]);
                }
            }
            csv.write_record(&cells).map_err(io)?;
            n += 1;
        }
        csv.flush().map_err(|e| Failure::Message(t!("repl-writing", path = path.display(), error = e)))?;
        say!(out, "{}", t!("repl-exported", n = thousands(n), path = path.display(), label = w.label));
        Ok(())
    }

    pub(super) fn row_sample(&mut self, key: &str, name: &str) -> Res<()> {
        let d = self.data.as_ref().ok_or_else(|| Failure::Message(t!("repl-no-dataset.row")))?;
        let row = d.find_key(key).ok_or_else(|| {
            let rejected = d.rejects.iter().find(|r| r.key == key);
            Failure::Message(match rejected {
                Some(r) => t!("repl-row-rejected", row = r.row, key = key, reason = r.reason),
                None => t!("repl-no-row", key = key, path = d.path.display()),
            })
        })?;
        let record = d.record;
        let values = d.row_values(row);
        let fields: Vec<Option<Expr>> = values
            .into_iter()
            .zip(self.program.records.get(record).map(|r| r.fields.as_slice()).unwrap_or(&[]))
            .map(|(v, f)| {
                (!matches!(v, Value::Absent)).then(|| Expr {
                    kind: ExprKind::Lit(v),
                    ty: f.ty.clone(),
                    span: Span::default(),
                })
            })
            .collect();
        self.check_name(name)?;
        let def = SampleDef { name: name.to_string(), record, fields, span: Span::default() };
        self.scope.add_sample(def.clone());
        let origin = Origin::Row(key.to_string());
        match self.samples.iter_mut().find(|s| s.def.name == name) {
            Some(s) => *s = Sample { def, origin },
            None => self.samples.push(Sample { def, origin }),
        }
        Ok(())
    }

    pub(super) fn row(&mut self, key: &str, name: Option<&str>, out: &mut dyn Write) -> Res<()> {
        let d = self.dataset()?;
        let row = d.find_key(key);
        let default = row.map(|r| format!("行{}", d.row_number(r))).unwrap_or_default();
        let name = name.map(str::to_string).unwrap_or(default);
        self.row_sample(key, &name)?;
        self.current = Some(name.clone());
        let (record, frame) = self.frame_for(&name)?;
        say!(
            out,
            "{}",
            t!(
                "repl-row-current",
                name = name,
                record = self.record_name(record),
                row = row.map(|r| self.data.as_ref().map_or(0, |d| d.row_number(r))).unwrap_or(0)
            )
        );
        self.show_decisions(record, frame.fields, out)
    }

    pub(super) fn rejects(&mut self, path: Option<&Path>, out: &mut dyn Write) -> Res<()> {
        let state = self.current_state(out)?;
        let p = &self.program;
        let Some(d) = self.data.as_ref() else { return Ok(()) };
        let mut all: Vec<(u64, String, String, String, String)> = d
            .rejects
            .iter()
            .map(|r| (r.row, r.key.clone(), r.column.clone(), r.value.clone(), r.reason.clone()))
            .collect();
        for (row, e) in &state.errors {
            let column = match e {
                jz_eval::EvalError::Conflict { decision, .. } => {
                    p.decisions.get(*decision).map(|x| x.name.clone()).unwrap_or_default()
                }
                _ => String::new(),
            };
            let cites = e.citations(p);
            let reason = if cites.is_empty() {
                e.describe(p)
            } else {
                format!("{} [依据 {}]", e.describe(p), cites.join("、"))
            };
            all.push((d.row_number(*row), d.key(*row).to_string(), column, String::new(), reason));
        }
        all.sort_by_key(|r| r.0);
        let rows: std::collections::BTreeSet<u64> = all.iter().map(|r| r.0).collect();
        say!(
            out,
            "{}",
            t!(
                "repl-rejects",
                rows = thousands(rows.len() as u64),
                unreadable = thousands(d.rejected_rows),
                failed = thousands(state.errors.len() as u64)
            )
        );
        match path {
            Some(path) => {
                let mut w = csv::Writer::from_path(path)
                    .map_err(|e| Failure::Message(t!("repl-cannot-create", path = path.display(), error = e)))?;
                let _ = w.write_record(["行号", "键", "列", "值", "原因"]);
                for r in &all {
                    let _ = w.write_record([r.0.to_string().as_str(), &r.1, &r.2, &r.3, &r.4]);
                }
                w.flush().map_err(|e| Failure::Message(t!("repl-writing", path = path.display(), error = e)))?;
                say!(out, "{}", t!("repl-rejects-written", n = thousands(all.len() as u64), path = path.display()));
            }
            None => {
                for r in all.iter().take(20) {
                    say!(out, "  {}", reject_line(r.0, &r.1, &r.2, &r.3, &r.4));
                }
                if all.len() > 20 {
                    say!(out, "{}", t!("repl-rejects-more", n = jz_i18n::count((all.len() - 20) as u64)));
                }
            }
        }
        Ok(())
    }
}

fn reject_line(row: u64, key: &str, column: &str, value: &str, reason: &str) -> String {
    let col = if column.is_empty() { String::new() } else { t!("repl-reject-line.column", column = column) };
    let val = if value.is_empty() { String::new() } else { t!("repl-reject-line.value", value = value) };
    t!("repl-reject-line", row = row, key = key, column = col, value = val, reason = reason)
}

fn display(p: &Program, ty: &Type, v: &Value) -> String {
    match v {
        Value::Absent => t!("repl-absent"),
        _ => {
            let s = p.format_value(ty, v);
            if s.is_empty() {
                t!("repl-empty")
            } else {
                s
            }
        }
    }
}

/// Groups in the order of their values when every key is an enum or a bool (是 before 否, variants in
/// declaration order), otherwise most frequent first.
fn sort_groups<K>(groups: &mut [(K, u64)], key: impl Fn(&K) -> &[Value]) {
    let ordered = groups.iter().all(|(k, _)| key(k).iter().all(|v| matches!(v, Value::Enum(_) | Value::Bool(_))));
    let rank = |v: &Value| match v {
        Value::Bool(b) => u64::from(!*b),
        Value::Enum(i) => u64::from(*i),
        _ => 0,
    };
    if ordered {
        groups.sort_by(|a, b| key(&a.0).iter().map(rank).cmp(key(&b.0).iter().map(rank)));
    } else {
        groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| format!("{:?}", key(&a.0)).cmp(&format!("{:?}", key(&b.0)))));
    }
}
