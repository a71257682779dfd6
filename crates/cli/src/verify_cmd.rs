//! `jz verify`: every guarantee proved or refuted with a replayed counterexample, the refinement's errors
//! (a rule it adds that can conflict with another, E0510; a record the province decides that it makes fail,
//! E0511), plus the verifier's warnings (possible conflicts among inherited rules, rules and exceptions that
//! never apply, default gaps). The report goes to stdout (text, or JSON with `--json`); exit 0 all guarantees
//! proved and no error, 1 a guarantee violated, a refinement error or the policy has errors (or a warning
//! under `--deny-warnings` / `[verify] deny-warnings` in jz.toml), 4 some guarantee undecided and nothing
//! else failed.

use crate::common::load_program;
use crate::config::DenyWarnings;
use jz_check::ir::{DecisionId, Program};
use jz_eval::{explain_decision, RuleStatus};
use jz_i18n::t;
use jz_syntax::{Diagnostic, SourceMap};
use jz_verify::{cex, decisions_involved, Counterexample, DeadCause, Finding, Options, Verdict};
use serde_json::json;
use std::path::Path;

/// Exit status when some guarantee could not be decided and none is violated.
pub const EXIT_UNKNOWN: u8 = 4;

pub fn run(policy: &Path, as_json: bool, lint: bool, deny_warnings: bool) -> u8 {
    if as_json {
        // the JSON report is machine-readable: its messages are the same whatever the language
        jz_i18n::set_lang(jz_i18n::Lang::En);
    }
    let settings = match crate::config::for_policy(policy) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let deny = if deny_warnings { DenyWarnings::All } else { settings.deny_warnings };
    let Some((checked, p)) = load_program(policy) else { return 1 };
    let opts = Options { lint, ..Options::default() };
    let report = jz_verify::verify(&p, &opts);
    let violated = report.guarantees.iter().filter(|g| matches!(g.verdict, Verdict::Violated(_))).count();
    let unknown = report.guarantees.iter().filter(|g| matches!(g.verdict, Verdict::Unknown(_))).count();
    let proved = report.guarantees.len() - violated - unknown;
    let diags: Vec<Diagnostic> = report.findings.iter().map(|f| finding_diag(&p, f, &deny)).collect();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let name = p.policies.last().map(|x| x.name.clone()).unwrap_or_default();
    if as_json {
        let (errs, warns): (Vec<_>, Vec<_>) = report
            .findings
            .iter()
            .zip(&diags)
            .map(|(f, d)| (d.is_error(), finding_json(&p, f, d, &checked.sources)))
            .partition(|(e, _)| *e);
        let doc = json!({
            "policy": name,
            "path": crate::common::relative(policy),
            "guarantees": report.guarantees.iter().map(|g| guarantee_json(&p, g.guarantee, &g.verdict, &checked.sources)).collect::<Vec<_>>(),
            "errors": errs.into_iter().map(|(_, j)| j).collect::<Vec<_>>(),
            "warnings": warns.into_iter().map(|(_, j)| j).collect::<Vec<_>>(),
            "summary": { "proved": proved, "violated": violated, "unknown": unknown, "errors": errors, "warnings": warnings, "millis": report.stats.millis as u64, "queries": report.stats.queries },
        });
        outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        text_report(&p, &checked.sources, &name, policy, &report, &diags);
        if let (Some(from), true) = (&settings.from, deny != DenyWarnings::None && !deny_warnings) {
            outln!("{}", t!("verify-denied-by", path = crate::common::relative(from)));
        }
        outln!(
            "{}",
            t!(
                "verify-summary",
                proved = jz_i18n::count(proved as u64),
                violated = jz_i18n::count(violated as u64),
                unknown = jz_i18n::count(unknown as u64),
                errors = jz_i18n::count(errors as u64),
                warnings = jz_i18n::count(warnings as u64),
                millis = report.stats.millis,
                queries = jz_i18n::count(report.stats.queries as u64)
            )
        );
    }
    if violated > 0 || errors > 0 {
        1
    } else if unknown > 0 {
        EXIT_UNKNOWN
    } else {
        0
    }
}

fn citation(c: &[String]) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!(" ({})", c.join("、"))
    }
}

fn text_report(
    p: &Program,
    src: &SourceMap,
    name: &str,
    policy: &Path,
    report: &jz_verify::Report,
    diags: &[Diagnostic],
) {
    outln!(
        "{}",
        t!(
            "verify-header",
            path = crate::common::relative(policy),
            name = name,
            n = jz_i18n::count(report.guarantees.len() as u64)
        )
    );
    let marks = [t!("verify-mark.holds"), t!("verify-mark.violated"), t!("verify-mark.unknown")];
    let width = marks.iter().map(|m| unicode_width::UnicodeWidthStr::width(m.as_str())).max().unwrap_or(0);
    let pad = |m: &str| format!("{m}{}", " ".repeat(width - unicode_width::UnicodeWidthStr::width(m)));
    for g in &report.guarantees {
        let Some(gd) = p.guarantees.get(g.guarantee) else { continue };
        let mark = match g.verdict {
            Verdict::Holds => pad(&marks[0]),
            Verdict::Violated(_) => pad(&marks[1]),
            Verdict::Unknown(_) => pad(&marks[2]),
        };
        let rec = p.records.get(gd.record).map(|r| r.name.as_str()).unwrap_or("");
        outln!("  {mark} {}{} [{rec}]", gd.name, citation(&gd.citations));
    }
    for g in &report.guarantees {
        let Some(gd) = p.guarantees.get(g.guarantee) else { continue };
        match &g.verdict {
            Verdict::Holds => {}
            Verdict::Violated(c) => {
                outln!("");
                let mut d = Diagnostic::error("E0501", t!("E0501", name = gd.name), gd.span)
                    .with_label(t!("E0501.label"))
                    .with_help(t!("E0501.help"));
                for (dec, rule) in deciding_rules(p, g.guarantee, c) {
                    if let Some(r) = p.decisions.get(dec).and_then(|x| x.rules.get(rule)) {
                        if !same_span(r.span, gd.span) {
                            let name = p.decisions.get(dec).map(|x| x.name.as_str()).unwrap_or("");
                            d = d.with_secondary(r.span, t!("E0501.decides", name = name));
                        }
                    }
                }
                print_diag(src, d);
                print_counterexample(p, c, Some(g.guarantee));
            }
            Verdict::Unknown(reasons) => {
                outln!("");
                let mut d = Diagnostic::warning("W0502", t!("W0502", name = gd.name), gd.span)
                    .with_label(t!("W0502.label"))
                    .with_help(t!("W0502.help"));
                for r in reasons {
                    if r.span == jz_syntax::Span::default() {
                        d = d.with_note(reason_text(&r.message));
                    } else {
                        d = d.with_secondary(r.span, reason_text(&r.message));
                    }
                }
                print_diag(src, d);
            }
        }
    }
    // errors first, then warnings
    let mut order: Vec<usize> = (0..report.findings.len()).collect();
    order.sort_by_key(|i| !diags.get(*i).is_some_and(Diagnostic::is_error));
    for i in order {
        let (Some(f), Some(d)) = (report.findings.get(i), diags.get(i)) else { continue };
        outln!("");
        print_diag(src, d.clone());
        match f {
            Finding::Conflict { witness, .. } | Finding::DefaultGap { witness, .. } => {
                print_counterexample(p, witness, None);
            }
            Finding::Rejects { witness, province, .. } => {
                print_counterexample(p, witness, None);
                outln!("    {}", t!("verify-province-decides"));
                for (n, v) in province {
                    outln!("      {n} = {v}");
                }
            }
            _ => {}
        }
    }
    if !report.findings.is_empty() || report.guarantees.iter().any(|g| !matches!(g.verdict, Verdict::Holds)) {
        outln!("");
    }
}

fn same_span(a: jz_syntax::Span, b: jz_syntax::Span) -> bool {
    a.file == b.file && a.start == b.start
}

fn print_diag(src: &SourceMap, d: Diagnostic) {
    let text = src.render_plain(&[d]);
    outln!("{}", text.trim_end());
}

/// (decision, deciding rule) for the decisions a guarantee's counterexample involves.
fn deciding_rules(p: &Program, gi: usize, c: &Counterexample) -> Vec<(DecisionId, usize)> {
    let it = c.interp(p);
    let mut f = c.frame(p);
    decisions_involved(p, gi, c)
        .into_iter()
        .filter_map(|d| it.decision(&mut f, d).ok().and_then(|o| o.rule).map(|r| (d, r)))
        .collect()
}

fn print_counterexample(p: &Program, c: &Counterexample, guarantee: Option<usize>) {
    let rec = p.records.get(c.record).map(|r| r.name.as_str()).unwrap_or("");
    let sets = cex::sets(p, c);
    outln!("  {}", t!("verify-cex", record = rec));
    let scenario = if sets.is_empty() {
        t!("verify-cex.defaults")
    } else {
        sets.iter().map(|s| format!("--set {s}")).collect::<Vec<_>>().join(" ")
    };
    outln!("    {}", t!("verify-cex.scenario", scenario = scenario));
    let (header, row) = cex::csv(p, c);
    outln!("    csv:");
    outln!("      {header}");
    outln!("      {row}");
    outln!("    {}", t!("verify-cex.json", record = rec));
    outln!("      {}", cex::json(p, c));
    outln!("    {}", t!("verify-cex.literal"));
    outln!("      {}", cex::record_literal(p, c));
    outln!("      {}", cex::scenario_literal(p, c));
    let decisions = match guarantee {
        Some(g) => decisions_involved(p, g, c),
        None => Vec::new(),
    };
    if !decisions.is_empty() {
        outln!("    {}", t!("verify-cex.why"));
        for line in explanation(p, c, &decisions) {
            outln!("      {line}");
        }
    }
}

fn explanation(p: &Program, c: &Counterexample, decisions: &[DecisionId]) -> Vec<String> {
    let it = c.interp(p);
    let mut f = c.frame(p);
    let mut out = Vec::new();
    for &d in decisions {
        let Some(dec) = p.decisions.get(d) else { continue };
        let ex = explain_decision(&it, &mut f, d);
        match &ex.result {
            Ok(o) => {
                let by = match o.rule.and_then(|r| dec.rules.get(r)) {
                    Some(r) => t!("why-by", rule = r.shown()),
                    None => t!("why-default"),
                };
                out.push(format!("{} = {}{by}", dec.name, p.format_value(&dec.ty, &o.value)));
            }
            Err(e) => out.push(t!("why-error", decision = dec.name, error = e.message(p))),
        }
        for (r, st) in &ex.rules {
            let Some(rule) = dec.rules.get(*r) else { continue };
            let what = rule.shown();
            let line = match st {
                RuleStatus::Agreed => t!("why-agreed", rule = what),
                RuleStatus::Overridden { by } => {
                    t!("why-overridden", rule = what, by = dec.rules.get(*by).map(|b| b.shown()).unwrap_or_default())
                }
                RuleStatus::Conflicting { with } => {
                    t!("why-conflicts", rule = what, with = dec.rules.get(*with).map(|b| b.shown()).unwrap_or_default())
                }
                _ => continue,
            };
            out.push(line);
        }
    }
    out
}

fn rule_value(p: &Program, c: &Counterexample, d: DecisionId, r: usize) -> String {
    let Some((dec, rule)) = p.decisions.get(d).and_then(|x| x.rules.get(r).map(|y| (x, y))) else {
        return String::new();
    };
    let it = c.interp(p);
    let mut f = c.frame(p);
    match it.eval(&mut f, &rule.value) {
        Ok(v) => p.format_value(&dec.ty, &v),
        Err(_) => "?".into(),
    }
}

/// The finding as the drafter sees it: refinement errors are errors; a warning is an error when denied.
fn finding_diag(p: &Program, f: &Finding, deny: &DenyWarnings) -> Diagnostic {
    let mut d = finding_warning(p, f);
    if !d.is_error() && deny.denies(d.code) {
        d.severity = jz_syntax::Severity::Error;
        d.notes.push(t!("verify-denied"));
    }
    d
}

fn finding_warning(p: &Program, f: &Finding) -> Diagnostic {
    match f {
        Finding::Conflict { decision, a, b, by_refinement, witness } => {
            let dec = p.decisions.get(*decision);
            let name = dec.map(|x| x.name.as_str()).unwrap_or("");
            let (ra, rb) = (dec.and_then(|x| x.rules.get(*a)), dec.and_then(|x| x.rules.get(*b)));
            // the refinement's rule is the primary span
            let (ra, rb, a, b) = match (ra, rb) {
                (Some(x), Some(y))
                    if *by_refinement && p.by_refinement(x.span.file) && !p.by_refinement(y.span.file) =>
                {
                    (Some(y), Some(x), *b, *a)
                }
                _ => (ra, rb, *a, *b),
            };
            let (va, vb) = (rule_value(p, witness, *decision, a), rule_value(p, witness, *decision, b));
            let label =
                |r: Option<&jz_check::ir::RuleDef>| r.and_then(|r| r.label.clone()).unwrap_or_else(|| "标签".into());
            let mut d = if *by_refinement {
                let inherited = ra.is_some_and(|r| !p.by_refinement(r.span.file));
                Diagnostic::error(
                    "E0510",
                    t!(
                        "E0510",
                        b = rb.map(|r| r.shown()).unwrap_or_default(),
                        name = name,
                        inherited = if inherited { t!("E0510.inherited") } else { String::new() },
                        a = ra.map(|r| r.shown()).unwrap_or_default()
                    )
                    .replace("  ", " "),
                    rb.map(|r| r.span).unwrap_or_default(),
                )
                .with_label(t!("verify-gives", value = vb))
                .with_note(t!("E0510.note"))
                .with_help(t!("E0510.help", a = label(ra), b = label(rb)))
            } else {
                Diagnostic::warning("W0503", t!("W0503", name = name), rb.map(|r| r.span).unwrap_or_default())
                    .with_label(t!("verify-gives", value = vb))
                    .with_help(t!("W0503.help", a = label(ra)))
            };
            if let Some(ra) = ra {
                d = d.with_secondary(ra.span, t!("verify-gives", value = va));
            }
            d
        }
        Finding::Rejects { decision, error, .. } => {
            let dec = p.decisions.get(*decision);
            let name = dec.map(|x| x.name.as_str()).unwrap_or("");
            let mut d = Diagnostic::error("E0511", t!("E0511", name = name), dec.map(|x| x.span).unwrap_or_default())
                .with_label(error.message(p))
                .with_help(t!("E0511.help"));
            if let jz_eval::EvalError::Overflow { span } | jz_eval::EvalError::DivByZero { span } = error {
                d = d.with_secondary(*span, t!("E0511.fails-here"));
            }
            d
        }
        Finding::NeverApplies { decision, rule, cause } => {
            let dec = p.decisions.get(*decision);
            let name = dec.map(|x| x.name.as_str()).unwrap_or("");
            let r = dec.and_then(|x| x.rules.get(*rule));
            let span = r.map(|r| r.span).unwrap_or_default();
            let what = r.map(|r| r.shown()).unwrap_or_default();
            let label = match cause {
                DeadCause::Condition => t!("W0504.condition"),
                DeadCause::Overridden => t!("W0504.overridden"),
            };
            match r.and_then(|r| r.parent).and_then(|pr| dec.and_then(|x| x.rules.get(pr))) {
                Some(parent) => Diagnostic::warning("W0505", t!("W0505", rule = what, name = name), span)
                    .with_label(label)
                    .with_secondary(parent.span, t!("W0505.parent"))
                    .with_help(t!("W0504.help")),
                None => Diagnostic::warning("W0504", t!("W0504", rule = what, name = name), span)
                    .with_label(label)
                    .with_help(t!("W0504.help")),
            }
        }
        Finding::DefaultGap { decision, input, low, gap, high, witness } => {
            let dec = p.decisions.get(*decision);
            let name = dec.map(|x| x.name.as_str()).unwrap_or("");
            let (iname, ety) = input_name(p, dec.map_or(0, |x| x.record), *input);
            let v = |k: u16| match ety {
                Some(e) => p.variant_name(e, k).to_string(),
                None => format!("#{k}"),
            };
            let default = dec.map(|x| {
                let it = witness.interp(p);
                let mut f = witness.frame(p);
                it.eval(&mut f, &x.default).map(|v| p.format_value(&x.ty, &v)).unwrap_or_default()
            });
            Diagnostic::warning(
                "W0506",
                t!("W0506", name = name, input = iname, gap = v(*gap), low = v(*low), high = v(*high)),
                dec.map(|x| x.span).unwrap_or_default(),
            )
            .with_label(t!("W0506.label", default = default.unwrap_or_default()))
            .with_help(t!("W0506.help", input = iname, gap = v(*gap)))
        }
        Finding::Undecided { what, span, reasons } => {
            let mut d = Diagnostic::warning("W0507", t!("W0507", what = undecided_text(what)), *span)
                .with_label(t!("W0507.label"))
                .with_help(t!("W0507.help"));
            for r in reasons {
                if r.span == jz_syntax::Span::default() {
                    d = d.with_note(reason_text(&r.message));
                } else {
                    d = d.with_secondary(r.span, reason_text(&r.message));
                }
            }
            d
        }
    }
}

/// A verifier's reason for not deciding something, in the current language (the verifier words them in
/// English, as the JSON report keeps them).
fn reason_text(m: &str) -> String {
    let key = match m {
        "comparison of a sum of fields (only differences `x − y` and constants are decided)" => "reason-sum",
        "a value the verifier cannot represent" => "reason-unrepresentable",
        "an input the verifier does not know" => "reason-unknown-input",
        "a constant too large for exact reasoning" => "reason-large-constant",
        "month-day test of a date computed from several fields" => "reason-month-day-fields",
        "month-day test of a computed date" => "reason-month-day-computed",
        "a prefix that is not a literal text" => "reason-prefix",
        "multiplication involving a field (only + and − are decided)" => "reason-mul",
        "division involving a field (only + and − are decided)" => "reason-div",
        "decimal arithmetic on a field (rounding at 28 digits is not modelled)" => "reason-decimal",
        _ => return m.to_string(),
    };
    t!(key)
}

/// What a W0507 could not check (`conflicts in `X``, or whether a refinement makes X fail), in the current
/// language.
fn undecided_text(what: &str) -> String {
    if let Some(name) = what.strip_prefix("conflicts in `").and_then(|s| s.strip_suffix('`')) {
        return t!("W0507.conflicts", name = name);
    }
    let refinement = what
        .strip_prefix("whether the refinement makes `")
        .and_then(|s| s.strip_suffix("` fail where the province decides it"));
    match refinement {
        Some(name) => t!("W0507.refinement", name = name),
        None => what.to_string(),
    }
}

fn input_name(p: &Program, rec: usize, k: jz_verify::encode::Input) -> (String, Option<usize>) {
    use jz_check::Type;
    use jz_verify::encode::Input;
    let found = match k {
        Input::Scen(i) => p.scenario.get(i).map(|s| (s.name.clone(), s.ty.clone())),
        Input::Param(i) => p.params.get(i).map(|s| (s.name.clone(), s.ty.clone())),
        Input::Field(i) => p.records.get(rec).and_then(|r| r.fields.get(i)).map(|f| (f.name.clone(), f.ty.clone())),
    };
    match found {
        Some((n, Type::Enum(e))) => (n, Some(e)),
        Some((n, _)) => (n, None),
        None => (String::new(), None),
    }
}

fn guarantee_json(p: &Program, gi: usize, v: &Verdict, src: &SourceMap) -> serde_json::Value {
    let Some(g) = p.guarantees.get(gi) else { return serde_json::Value::Null };
    let (line, col) = src.line_col(g.span);
    let mut o = json!({
        "name": g.name,
        "citations": g.citations,
        "record": p.records.get(g.record).map(|r| r.name.clone()),
        "at": format!("{}:{line}:{col}", src.name(g.span.file)),
    });
    match v {
        Verdict::Holds => o["verdict"] = json!("holds"),
        Verdict::Violated(c) => {
            o["verdict"] = json!("violated");
            o["counterexample"] = cex_json(p, c, Some(gi));
        }
        Verdict::Unknown(rs) => {
            o["verdict"] = json!("unknown");
            o["reasons"] = json!(rs.iter().map(|r| reason_json(src, r)).collect::<Vec<_>>());
        }
    }
    o
}

fn reason_json(src: &SourceMap, r: &jz_verify::sym::Reason) -> serde_json::Value {
    if r.span == jz_syntax::Span::default() {
        return json!({ "message": r.message });
    }
    let (line, col) = src.line_col(r.span);
    json!({ "message": r.message, "at": format!("{}:{line}:{col}", src.name(r.span.file)), "text": src.slice(r.span) })
}

fn cex_json(p: &Program, c: &Counterexample, guarantee: Option<usize>) -> serde_json::Value {
    let (header, row) = cex::csv(p, c);
    let it = c.interp(p);
    let mut f = c.frame(p);
    let why: Vec<serde_json::Value> = guarantee
        .map(|g| decisions_involved(p, g, c))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|d| {
            let dec = p.decisions.get(d)?;
            let o = it.decision(&mut f, d).ok()?;
            let rule = o.rule.and_then(|r| dec.rules.get(r));
            Some(json!({
                "decision": dec.name,
                "value": p.format_value(&dec.ty, &o.value),
                "rule": rule.and_then(|r| r.label.clone()),
                "citations": rule.map(|r| r.citations.clone()).unwrap_or_default(),
            }))
        })
        .collect();
    json!({
        "record": p.records.get(c.record).map(|r| r.name.clone()),
        "set": cex::sets(p, c),
        "csv_header": header,
        "csv_row": row,
        "json": cex::json(p, c),
        "literal": cex::record_literal(p, c),
        "scenario_literal": cex::scenario_literal(p, c),
        "why": why,
    })
}

fn finding_json(p: &Program, f: &Finding, d: &Diagnostic, src: &SourceMap) -> serde_json::Value {
    let (line, col) = src.line_col(d.primary);
    let mut o = json!({
        "code": d.code,
        "message": d.message,
        "at": format!("{}:{line}:{col}", src.name(d.primary.file)),
    });
    let dname = |d: &DecisionId| p.decisions.get(*d).map(|x| x.name.clone());
    let rname =
        |d: &DecisionId, r: &usize| p.decisions.get(*d).and_then(|x| x.rules.get(*r)).and_then(|r| r.label.clone());
    match f {
        Finding::Conflict { decision, a, b, witness, .. } => {
            o["decision"] = json!(dname(decision));
            o["rules"] = json!([rname(decision, a), rname(decision, b)]);
            let cites = |r: &usize| {
                p.decisions
                    .get(*decision)
                    .and_then(|x| x.rules.get(*r))
                    .map(|r| r.citations.clone())
                    .unwrap_or_default()
            };
            o["citations"] = json!([cites(a), cites(b)]);
            o["witness"] = cex_json(p, witness, None);
        }
        Finding::Rejects { decision, error, province, witness } => {
            o["decision"] = json!(dname(decision));
            o["error"] = json!(error.describe(p));
            o["province"] =
                json!(province.iter().map(|(n, v)| json!({ "decision": n, "value": v })).collect::<Vec<_>>());
            o["witness"] = cex_json(p, witness, None);
        }
        Finding::NeverApplies { decision, rule, cause } => {
            o["decision"] = json!(dname(decision));
            o["rule"] = json!(rname(decision, rule));
            o["cause"] = json!(match cause {
                DeadCause::Condition => "condition",
                DeadCause::Overridden => "overridden",
            });
        }
        Finding::DefaultGap { decision, witness, .. } => {
            o["decision"] = json!(dname(decision));
            o["witness"] = cex_json(p, witness, None);
        }
        Finding::Undecided { reasons, .. } => {
            o["reasons"] = json!(reasons.iter().map(|r| reason_json(src, r)).collect::<Vec<_>>());
        }
    }
    o
}
