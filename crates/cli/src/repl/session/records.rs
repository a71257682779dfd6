//! Records: samples (the policy's, typed ones, dataset rows), the current record, expressions evaluated for
//! it, plain language input and `:explain`.

use super::*;

impl Session {
    pub(super) fn sample(&self, name: &str) -> Res<&Sample> {
        self.samples.iter().find(|s| s.def.name == name).ok_or_else(|| {
            let near = self
                .samples
                .iter()
                .map(|s| (strsim::levenshtein(&s.def.name, name), s.def.name.as_str()))
                .min_by_key(|x| x.0)
                .filter(|x| x.0 <= (name.chars().count() / 3).max(1));
            let help = match near {
                Some((_, n)) => t!("repl-did-you-mean", name = n),
                None => t!("repl-samples-help"),
            };
            Failure::Message(t!("repl-no-sample", name = name, help = help))
        })
    }

    pub(super) fn record_name(&self, r: RecordId) -> String {
        self.program.records.get(r).map(|x| x.name.clone()).unwrap_or_default()
    }

    pub(super) fn current_record(&self) -> Option<RecordId> {
        self.current.as_ref().and_then(|c| self.samples.iter().find(|s| &s.def.name == c)).map(|s| s.def.record)
    }

    pub(super) fn check_name(&self, name: &str) -> Res<()> {
        let ok = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !ok {
            return Err(t!("repl-not-a-name", name = name).into());
        }
        if self.program.record(name).is_some() {
            return Err(t!("repl-is-a-record-type", name = name).into());
        }
        Ok(())
    }

    /// Check a record literal and keep it as a sample (replacing one of the same name).
    pub(super) fn define_quiet(&mut self, name: &str, lit: &jz_syntax::ast::RecordLit, origin: Origin) -> Res<()> {
        self.check_name(name)?;
        let (record, fields) = self.scope.record_lit(lit).map_err(Failure::Diagnostics)?;
        let def = SampleDef { name: name.to_string(), record, fields, span: lit.span };
        self.scope.add_sample(def.clone());
        match self.samples.iter_mut().find(|s| s.def.name == name) {
            Some(s) => *s = Sample { def, origin },
            None => self.samples.push(Sample { def, origin }),
        }
        Ok(())
    }

    pub(super) fn define(
        &mut self,
        name: &str,
        lit: &jz_syntax::ast::RecordLit,
        origin: Origin,
        out: &mut dyn Write,
    ) -> Res<()> {
        let replaced = self.samples.iter().any(|s| s.def.name == name);
        self.define_quiet(name, lit, origin)?;
        self.current = Some(name.to_string());
        let def = self.sample(name)?.def.clone();
        let key = if replaced { "repl-defined.again" } else { "repl-defined" };
        say!(out, "{}", jz_i18n::tr(key, &[("name", &name), ("record", &self.record_name(def.record))]));
        let fields = self.field_values(&def.fields)?;
        self.show_decisions(def.record, fields, out)
    }

    /// The values of a sample's fields under the current scenario.
    pub(super) fn field_values(&self, fields: &[Option<Expr>]) -> Res<Vec<Value>> {
        let it = Interp { program: &self.program, params: self.params.clone() };
        let mut f = Frame::new(&self.program, Vec::new(), self.scenario.clone());
        fields
            .iter()
            .map(|x| match x {
                Some(e) => it
                    .eval(&mut f, e)
                    .map_err(|err| Failure::Message(format!("error: {}", err.describe(&self.program)))),
                None => Ok(Value::Absent),
            })
            .collect()
    }

    pub(super) fn frame_for(&self, name: &str) -> Res<(RecordId, Frame)> {
        let s = self.sample(name)?;
        let record = s.def.record;
        let fields = self.field_values(&s.def.fields.clone())?;
        Ok((record, Frame::new(&self.program, fields, self.scenario.clone())))
    }

    /// Every decision of a record with the rule that decided it, then its guarantees.
    pub(super) fn show_decisions(&self, record: RecordId, fields: Vec<Value>, out: &mut dyn Write) -> Res<()> {
        let p = &self.program;
        let it = Interp { program: p, params: self.params.clone() };
        let mut frame = Frame::new(p, fields, self.scenario.clone());
        let outputs = p.outputs.get(record).cloned().unwrap_or_default();
        let mut order: Vec<DecisionId> = outputs.clone();
        order.extend(p.decisions_of(record).map(|(d, _)| d).filter(|d| !outputs.contains(d)).collect::<Vec<_>>());
        let mut rows = Vec::new();
        for d in order {
            let Some(dec) = p.decisions.get(d) else { continue };
            let shown = |name: &str| {
                if outputs.contains(&d) {
                    name.to_string()
                } else {
                    t!("repl-not-an-output", name = name)
                }
            };
            match it.decision(&mut frame, d) {
                Ok(o) => {
                    let by = match o.rule.and_then(|r| dec.rules.get(r)) {
                        Some(r) if r.citations.is_empty() => t!("repl-rule", label = r.label.as_deref().unwrap_or("?")),
                        Some(r) => format!("依据 {}", r.citation()),
                        None => "默认".into(),
                    };
                    rows.push(vec![shown(&dec.name), p.format_value(&dec.ty, &o.value), by]);
                }
                Err(e) => rows.push(vec![shown(&dec.name), t!("repl-eval-error"), e.message(p)]),
            }
        }
        if rows.is_empty() {
            say!(out, "{}", t!("repl-no-decisions", record = self.record_name(record)));
        } else {
            for l in table(&["判定".into(), "值".into(), "依据".into()], &rows, &[]) {
                say!(out, "  {}", l.trim_end());
            }
        }
        if let Err(e) = it.guarantees(&mut frame, record) {
            say!(out, "  ✗ {}", e.message(p));
        }
        Ok(())
    }

    pub(super) fn list_samples(&self, out: &mut dyn Write) {
        if self.samples.is_empty() {
            say!(out, "{}", t!("repl-no-samples"));
            return;
        }
        let rows: Vec<Vec<String>> = self
            .samples
            .iter()
            .map(|s| {
                let from = match &s.origin {
                    Origin::Policy => {
                        let (l, _) = self.checked.sources.line_col(s.def.span);
                        format!("{}:{l}", self.checked.sources.name(s.def.span.file))
                    }
                    Origin::Typed(_) => t!("repl-samples.typed"),
                    Origin::Row(k) => t!("repl-samples.row", key = k),
                };
                let cur = if self.current.as_deref() == Some(s.def.name.as_str()) { "*" } else { "" };
                vec![format!("{cur}{}", s.def.name), self.record_name(s.def.record), from]
            })
            .collect();
        for l in table(&[t!("repl-samples.sample"), t!("repl-samples.record"), t!("repl-samples.from")], &rows, &[]) {
            say!(out, "{}", l.trim_end());
        }
    }

    // ------------------------------------------------------------------ expressions

    pub(super) fn check_expr(&mut self, arg: &Arg, file: u32, expected: Option<&Type>) -> Res<Expr> {
        self.check_expr_for(arg, file, self.current_record(), expected)
    }

    pub(super) fn check_expr_for(
        &mut self,
        arg: &Arg,
        file: u32,
        record: Option<RecordId>,
        expected: Option<&Type>,
    ) -> Res<Expr> {
        let ast = parse_expr(file, &arg.text, arg.at).map_err(|d| Failure::Diagnostics(vec![d]))?;
        self.scope.expr(&ast, record, expected).map_err(Failure::Diagnostics)
    }

    /// Evaluate an expression for a sample (or without a record) and print its value.
    pub(super) fn eval_expr(&mut self, arg: &Arg, file: u32, sample: Option<&str>, out: &mut dyn Write) -> Res<()> {
        let record = match sample {
            Some(n) => Some(self.sample(n)?.def.record),
            None => self.current_record(),
        };
        let e = self.check_expr_for(arg, file, record, None)?;
        let mut frame = match sample.or(self.current.as_deref()).filter(|_| record.is_some()) {
            Some(n) => self.frame_for(n)?.1,
            None => Frame::new(&self.program, Vec::new(), self.scenario.clone()),
        };
        let it = Interp { program: &self.program, params: self.params.clone() };
        match it.eval(&mut frame, &e) {
            Ok(Value::Absent) => say!(out, "{}", t!("repl-absent")),
            Ok(v) => say!(out, "{}", self.show_value(&e.ty, &v)),
            Err(err) => {
                let d = Diagnostic::error("E0500", err.message(&self.program), span_of(&err).unwrap_or(e.span));
                return Err(Failure::Diagnostics(vec![d]));
            }
        }
        Ok(())
    }

    pub(super) fn eval_cmd(&mut self, arg: &Arg, file: u32, out: &mut dyn Write) -> Res<()> {
        let first = arg.text.split_whitespace().next().unwrap_or("");
        if arg.text.is_empty() {
            let Some(c) = self.current.clone() else {
                return Err(t!("repl-no-current").into());
            };
            return self.show_sample(&c, out);
        }
        if self.samples.iter().any(|s| s.def.name == first) {
            let rest = arg.text.get(first.len()..).unwrap_or("");
            if rest.trim().is_empty() {
                return self.show_sample(first, out);
            }
            let at = arg.at + first.len() + (rest.len() - rest.trim_start().len());
            let sub = Arg { text: rest.trim().to_string(), at };
            return self.eval_expr(&sub, file, Some(first), out);
        }
        self.eval_expr(arg, file, None, out)
    }

    pub(super) fn show_sample(&mut self, name: &str, out: &mut dyn Write) -> Res<()> {
        let (record, frame) = self.frame_for(name)?;
        say!(out, "{}", t!("repl-record-heading", name = name, record = self.record_name(record)));
        self.show_decisions(record, frame.fields, out)
    }

    /// Language input: `样本 …`, `设定 …`, a sample's name, a record literal, or an expression.
    pub(super) fn input(&mut self, arg: &Arg, file: u32, out: &mut dyn Write) -> Res<()> {
        let text = arg.text.as_str();
        let first: String = text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let after = text.get(first.len()..).unwrap_or("");
        if matches!(first.as_str(), "样本" | "sample" | "设定" | "set") && after.starts_with(char::is_whitespace) {
            let src = self.checked.sources.text(file).to_string();
            let (f, diags) = parse_file(file, &src);
            if !diags.is_empty() {
                return Err(Failure::Diagnostics(diags));
            }
            return match f.items.as_slice() {
                [Item::Sample { name, value }] => {
                    let lit_text = self.checked.sources.slice(value.span).to_string();
                    self.define(&name.name, value, Origin::Typed(lit_text), out)
                }
                [Item::Set { name, value }] => {
                    let vtext = self.checked.sources.slice(value.span).to_string();
                    let a =
                        Assign { name: name.name.clone(), value: Arg { text: vtext, at: value.span.start as usize } };
                    self.set(&[a], file, out)
                }
                _ => Err(t!("repl-one-at-a-time").into()),
            };
        }
        const ITEMS: &[&str] = &[
            "定义",
            "判定",
            "规则",
            "例外",
            "记录",
            "枚举",
            "情景",
            "参数",
            "保障",
            "测试",
            "关于",
            "引用",
            "补充",
            "输出",
            "政策",
            "define",
            "decision",
            "rule",
            "record",
            "enum",
            "scenario",
            "param",
            "guarantee",
            "test",
            "about",
            "use",
            "extend",
            "output",
            "policy",
        ];
        if ITEMS.contains(&first.as_str()) && after.starts_with(char::is_whitespace) {
            return Err(t!("repl-declares", word = first).into());
        }
        if !first.is_empty() && after.trim().is_empty() && self.samples.iter().any(|s| s.def.name == first) {
            self.current = Some(first.clone());
            return self.show_sample(&first, out);
        }
        if !first.is_empty() && after.trim_start().starts_with(['{', '｛']) {
            let lit = parse_record_lit(file, text, arg.at).map_err(|d| Failure::Diagnostics(vec![d]))?;
            let (record, fields) = self.scope.record_lit(&lit).map_err(Failure::Diagnostics)?;
            let values = self.field_values(&fields)?;
            return self.show_decisions(record, values, out);
        }
        self.eval_expr(arg, file, None, out)
    }

    pub(super) fn explain(&mut self, words: &[String], out: &mut dyn Write) -> Res<()> {
        let mut words = words.iter().peekable();
        let name = match words.peek() {
            Some(w) if self.samples.iter().any(|s| &s.def.name == *w) => words.next().cloned(),
            _ => self.current.clone(),
        };
        let Some(name) = name else {
            return Err(t!("repl-nothing-to-explain").into());
        };
        let (record, mut frame) = self.frame_for(&name)?;
        let p = &self.program;
        let mut asks: Vec<(DecisionId, Option<Value>)> = Vec::new();
        for w in words {
            if let Some((d, _)) = p.decisions_of(record).find(|(_, x)| &x.name == w) {
                asks.push((d, None));
                continue;
            }
            let last_ty = asks.last().and_then(|(d, _)| p.decisions.get(*d)).map(|x| x.ty.clone());
            if let (Some(ty), Some(last)) = (last_ty, asks.last_mut()) {
                if last.1.is_none() {
                    if let Ok(v) = jz_data::parse_cell(p, &ty, w) {
                        last.1 = Some(v);
                        continue;
                    }
                }
            }
            let near = p
                .decisions_of(record)
                .map(|(_, x)| (strsim::levenshtein(&x.name, w), x.name.as_str()))
                .min_by_key(|x| x.0)
                .filter(|x| x.0 <= (w.chars().count() / 3).max(1));
            let help = match near {
                Some((_, n)) => t!("repl-did-you-mean", name = n),
                None => t!(
                    "repl-decisions-of",
                    record = self.record_name(record),
                    names = p.decisions_of(record).map(|(_, x)| x.name.as_str()).collect::<Vec<_>>().join(", ")
                ),
            };
            return Err(t!("repl-not-a-decision", name = w, record = self.record_name(record), help = help).into());
        }
        if asks.is_empty() {
            asks = p.outputs.get(record).cloned().unwrap_or_default().into_iter().map(|d| (d, None)).collect();
        }
        let it = Interp { program: p, params: self.params.clone() };
        say!(out, "{}", t!("repl-record-heading", name = name, record = self.record_name(record)));
        for (d, why_not) in asks {
            for l in explain(&it, &self.checked.sources, &mut frame, d, why_not.as_ref()) {
                say!(out, "{l}");
            }
        }
        Ok(())
    }
}
