//! Runs the `测试` blocks of a program.

use crate::interp::{EvalError, Frame, Interp};
use jz_check::ir::*;
use jz_check::Value;
use jz_syntax::Span;

#[derive(Clone, Debug)]
pub struct TestFailure {
    pub span: Span,
    pub message: String,
    /// Names mentioned by the failed expectation with their values.
    pub values: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct TestResult {
    pub name: String,
    pub span: Span,
    pub failures: Vec<TestFailure>,
}

impl TestResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

pub fn run_tests(p: &Program) -> Vec<TestResult> {
    let it = Interp::new(p);
    p.tests.iter().map(|t| run_test(&it, t)).collect()
}

fn run_test(it: &Interp<'_>, t: &TestDef) -> TestResult {
    let p = it.program;
    let mut consts = Frame::new(p, Vec::new(), it.default_scenario());
    let mut failures = Vec::new();
    let mut fields = Vec::with_capacity(t.fields.len());
    for f in &t.fields {
        match f {
            Some(e) => match it.eval(&mut consts, e) {
                Ok(v) => fields.push(v),
                Err(err) => {
                    failures.push(TestFailure { span: e.span, message: err.message(p), values: Vec::new() });
                    fields.push(Value::Absent);
                }
            },
            None => fields.push(Value::Absent),
        }
    }
    let mut scenario = it.default_scenario();
    for (sid, e) in &t.scenario {
        match it.eval(&mut consts, e) {
            Ok(v) => {
                if let Some(s) = scenario.get_mut(*sid) {
                    *s = v;
                }
            }
            Err(err) => failures.push(TestFailure { span: e.span, message: err.message(p), values: Vec::new() }),
        }
    }
    let mut frame = Frame::new(p, fields, scenario);
    // a test whose record could not be built reports that, not consequences of the missing field
    let mut expects_conflict = !failures.is_empty();
    for ex in &t.expects {
        match ex {
            ExpectDef::Holds(e) => match it.eval(&mut frame, e) {
                Ok(v) if v.as_bool() => {}
                Ok(_) => failures.push(TestFailure {
                    span: e.span,
                    message: jz_i18n::t!("test-expectation-fails"),
                    values: crate::explain::mentioned(it, &mut frame, e, None),
                }),
                Err(err) => failures.push(TestFailure { span: e.span, message: err.message(p), values: Vec::new() }),
            },
            ExpectDef::Conflict(d, span) => {
                expects_conflict = true;
                match it.decision(&mut frame, *d) {
                    Err(EvalError::Conflict { decision, .. }) if decision == *d => {}
                    Err(err) => failures.push(TestFailure { span: *span, message: err.message(p), values: Vec::new() }),
                    Ok(o) => {
                        let (name, ty) = p
                            .decisions
                            .get(*d)
                            .map(|x| (x.name.clone(), x.ty.clone()))
                            .unwrap_or((String::new(), jz_check::Type::Bool));
                        failures.push(TestFailure {
                            span: *span,
                            message: jz_i18n::t!("test-expected-conflict", name = name),
                            values: vec![(name, p.format_value(&ty, &o.value))],
                        });
                    }
                }
            }
        }
    }
    if !expects_conflict {
        if let Err(err) = it.guarantees(&mut frame, t.record) {
            failures.push(TestFailure { span: t.span, message: err.message(p), values: Vec::new() });
        }
    }
    TestResult { name: t.name.clone(), span: t.span, failures }
}
