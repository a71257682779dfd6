//! `:set`, `:unset`, `:show`: scenario values and parameters, read as language text or in the data contract's
//! encoding, with notes when a parameter is set beyond what a refinement may do.

use super::*;

impl Session {
    pub(super) fn target(&self, name: &str) -> Option<(Target, Type)> {
        let p = &self.program;
        if let Some(i) = p.scenario_param(name) {
            return p.scenario.get(i).map(|s| (Target::Scen(i), s.ty.clone()));
        }
        p.params
            .iter()
            .position(|x| x.name == name)
            .and_then(|i| p.params.get(i).map(|x| (Target::Param(i), x.ty.clone())))
    }

    pub(super) fn assign(&mut self, t: Target, v: Value) {
        let slot = match t {
            Target::Scen(i) => self.scenario.get_mut(i),
            Target::Param(i) => self.params.get_mut(i),
        };
        if let Some(s) = slot {
            *s = v;
        }
    }

    pub(super) fn current_value(&self, t: Target) -> Option<&Value> {
        match t {
            Target::Scen(i) => self.scenario.get(i),
            Target::Param(i) => self.params.get(i),
        }
    }

    /// A value written with its unit, as in the language (`20 [t/h]`).
    pub(super) fn show_value(&self, ty: &Type, v: &Value) -> String {
        let s = self.program.format_value(ty, v);
        match ty {
            Type::Dec(u) if !u.is_none() => format!("{s} [{u}]"),
            _ => s,
        }
    }

    /// Resolve `NAME = VALUE`: the value is read as language text (`20 [t/h]`, `橙色`, `2026-12-01`) or, failing
    /// that, in the data contract's encoding (`20`, as `--set` takes it). Notes say when a parameter is set
    /// outside what a refinement may do.
    pub(super) fn resolve(&mut self, a: &Assign, file: u32) -> Res<(Target, Value, Option<String>)> {
        let Some((target, ty)) = self.target(&a.name) else {
            let p = &self.program;
            let names: Vec<&str> =
                p.scenario.iter().map(|s| s.name.as_str()).chain(p.params.iter().map(|x| x.name.as_str())).collect();
            let near = names.iter().map(|n| (strsim::levenshtein(n, &a.name), *n)).min_by_key(|x| x.0);
            let help = match near {
                Some((d, n)) if d <= (a.name.chars().count() / 3).max(1) => t!("repl-did-you-mean", name = n),
                _ if names.is_empty() => t!("repl-no-values-help"),
                _ => t!("repl-one-of", names = names.join(", ")),
            };
            return Err(t!("repl-not-a-value", name = a.name, help = help).into());
        };
        let lang = parse_expr(file, &a.value.text, a.value.at)
            .map_err(|d| vec![d])
            .and_then(|ast| self.scope.expr(&ast, None, Some(&ty)))
            .and_then(|e| {
                let it = Interp { program: &self.program, params: self.params.clone() };
                let mut f = Frame::new(&self.program, Vec::new(), self.scenario.clone());
                it.eval(&mut f, &e).map_err(|err| {
                    vec![Diagnostic::error("E0500", err.message(&self.program), e.span)
                        .with_help(jz_i18n::t!("E0500.help"))]
                })
            });
        let v = match lang {
            Ok(v) => v,
            Err(diags) => match jz_data::parse_cell(&self.program, &ty, &a.value.text) {
                Ok(v) if !matches!(ty, Type::Text) || !a.value.text.starts_with(['"', '“']) => v,
                _ => return Err(Failure::Diagnostics(diags)),
            },
        };
        let mut note = None;
        if let Target::Param(i) = target {
            if let Some(pd) = self.program.params.get(i) {
                match &pd.open {
                    None => note = Some(t!("repl-not-open", name = pd.name)),
                    Some(Some((lo, hi)))
                        if value_cmp(&v, lo) == Some(std::cmp::Ordering::Less)
                            || value_cmp(&v, hi) == Some(std::cmp::Ordering::Greater) =>
                    {
                        note = Some(t!(
                            "repl-outside-range",
                            value = self.show_value(&ty, &v),
                            low = self.show_value(&ty, lo),
                            high = self.show_value(&ty, hi)
                        ))
                    }
                    _ => {}
                }
            }
        }
        Ok((target, v, note))
    }

    pub(super) fn set(&mut self, assigns: &[Assign], file: u32, out: &mut dyn Write) -> Res<()> {
        let mut resolved = Vec::new();
        for a in assigns {
            resolved.push((a.name.clone(), self.resolve(a, file)?));
        }
        for (name, (target, v, note)) in resolved {
            let ty = self.target(&name).map(|t| t.1).unwrap_or(Type::Bool);
            let was = self.current_value(target).map(|x| self.show_value(&ty, x)).unwrap_or_default();
            let now = self.show_value(&ty, &v);
            self.assign(target, v);
            say!(out, "{}", t!("repl-set", name = name, now = now, was = was));
            if let Some(n) = note {
                say!(out, "{n}");
            }
        }
        Ok(())
    }

    pub(super) fn unset(&mut self, names: &[String], out: &mut dyn Write) -> Res<()> {
        let all: Vec<String> = if names.is_empty() {
            self.program
                .scenario
                .iter()
                .map(|s| s.name.clone())
                .chain(self.program.params.iter().map(|p| p.name.clone()))
                .collect()
        } else {
            names.to_vec()
        };
        for n in &all {
            if self.target(n).is_none() {
                return Err(t!("repl-not-a-value.show", name = n).into());
            }
        }
        for n in all {
            let Some((t, ty)) = self.target(&n) else { continue };
            let v = match t {
                Target::Scen(i) => self.program.scenario.get(i).map(|s| s.default.clone()),
                Target::Param(i) => self.program.params.get(i).map(|p| p.value.clone()),
            };
            if let Some(v) = v {
                if self.current_value(t) != Some(&v) {
                    say!(out, "{n} = {}", self.show_value(&ty, &v));
                }
                self.assign(t, v);
            }
        }
        Ok(())
    }

    pub(super) fn show(&self, out: &mut dyn Write) {
        let p = &self.program;
        if p.scenario.is_empty() && p.params.is_empty() {
            say!(out, "{}", t!("repl-no-values"));
            return;
        }
        let mut rows = Vec::new();
        for (i, s) in p.scenario.iter().enumerate() {
            let v = self.scenario.get(i).unwrap_or(&s.default);
            let note = if *v == s.default {
                String::new()
            } else {
                t!("repl-show.default", value = self.show_value(&s.ty, &s.default))
            };
            rows.push(vec![s.name.clone(), self.show_value(&s.ty, v), t!("repl-show.scenario"), note]);
        }
        for (i, x) in p.params.iter().enumerate() {
            let v = self.params.get(i).unwrap_or(&x.value);
            let mut notes = Vec::new();
            if *v != x.value {
                notes.push(t!("repl-show.policy", value = self.show_value(&x.ty, &x.value)));
            }
            match &x.open {
                Some(Some((lo, hi))) => notes.push(t!(
                    "repl-show.open-range",
                    low = self.show_value(&x.ty, lo),
                    high = self.show_value(&x.ty, hi)
                )),
                Some(None) => notes.push(t!("repl-show.open")),
                None => {}
            }
            rows.push(vec![
                x.name.clone(),
                self.show_value(&x.ty, v),
                t!("repl-show.parameter"),
                notes.join(&t!("list-sep.semicolon")),
            ]);
        }
        for l in table(&[t!("repl-show.name"), t!("repl-show.value"), t!("repl-show.kind"), String::new()], &rows, &[])
        {
            say!(out, "{}", l.trim_end());
        }
    }
}
