//! `jz test`: run the `测试` blocks of each program, each test once, and report pass/fail per test.

use crate::common::{collect_files, print_new};
use jz_check::load_and_check;
use jz_i18n::t;
use jz_syntax::Diagnostic;
use std::collections::HashSet;
use std::path::PathBuf;

pub fn run(paths: &[PathBuf]) -> u8 {
    let files = match collect_files(paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let mut seen_diags = HashSet::new();
    let mut seen_tests: HashSet<(String, String)> = HashSet::new();
    let (mut passed, mut failed, mut broken) = (0usize, 0usize, 0usize);
    for f in &files {
        let checked = load_and_check(f);
        if print_new(&checked, &mut seen_diags) > 0 || checked.program.is_none() {
            broken += 1;
            continue;
        }
        let Some(program) = &checked.program else { continue };
        let own = program.own_files();
        let results = jz_eval::run_tests(program);
        for (t, r) in program.tests.iter().zip(results) {
            if !own.contains(&t.span.file) {
                continue;
            }
            let file = checked.sources.name(t.span.file).to_string();
            if !seen_tests.insert((file.clone(), t.name.clone())) {
                continue;
            }
            if r.passed() {
                passed += 1;
                outln!("{}", t!("test-ok", file = file, name = r.name));
            } else {
                failed += 1;
                outln!("{}", t!("test-failed-line", file = file, name = r.name));
                let diags: Vec<Diagnostic> = r
                    .failures
                    .iter()
                    .map(|fl| {
                        let mut d = Diagnostic::error("T0001", t!("T0001", name = r.name), fl.span)
                            .with_label(fl.message.clone())
                            .with_secondary(r.span, t!("T0001.in-test"));
                        for (n, v) in &fl.values {
                            d = d.with_note(format!("{n} = {v}"));
                        }
                        d
                    })
                    .collect();
                outln!("{}", checked.sources.render_plain(&diags).trim_end());
            }
        }
    }
    outln!("");
    outln!("{}", t!("test-summary", passed = jz_i18n::count(passed as u64), failed = jz_i18n::count(failed as u64)));
    if broken > 0 {
        eprintln!("{}", t!("test-broken", n = jz_i18n::count(broken as u64)));
    }
    if failed > 0 || broken > 0 {
        1
    } else {
        0
    }
}
