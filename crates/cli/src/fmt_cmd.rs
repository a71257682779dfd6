//! `jz fmt [--check] [--full-width] PATH…`: rewrite policy files in the canonical layout (`jz-fmt`), or with
//! `--check` list the files that are not (exit 1). A file with syntax errors is reported and left alone.

use crate::common::{collect_files, relative};
use jz_fmt::{format, FmtError, Options, Punct};
use jz_i18n::t;
use std::path::PathBuf;

pub fn run(paths: &[PathBuf], check: bool, full_width: bool) -> u8 {
    let files = match collect_files(paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let opts = Options { punct: if full_width { Punct::Full } else { Punct::Half } };
    let (mut changed, mut failed) = (0usize, 0usize);
    for f in &files {
        let name = relative(f);
        let src = match std::fs::read_to_string(f) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{}", t!("fmt-cannot-read", name = name, error = jz_i18n::io_error(&e)));
                failed += 1;
                continue;
            }
        };
        match format(&src, &opts) {
            Ok(out) if out == src => {}
            Ok(out) => {
                changed += 1;
                if check {
                    outln!("{}", t!("fmt-not-formatted", name = name));
                } else if let Err(e) = std::fs::write(f, out) {
                    eprintln!("{}", t!("fmt-cannot-write", name = name, error = jz_i18n::io_error(&e)));
                    failed += 1;
                } else {
                    outln!("{}", t!("fmt-formatted", name = name));
                }
            }
            Err(FmtError::Syntax(diags)) => {
                let mut sources = jz_syntax::SourceMap::new();
                let id = sources.add(name.clone(), src);
                let diags: Vec<_> = diags
                    .into_iter()
                    .map(|mut d| {
                        d.primary.file = id;
                        d
                    })
                    .collect();
                sources.render_stderr(&diags);
                eprintln!("{}", t!("fmt-syntax", name = name));
                failed += 1;
            }
            Err(e) => {
                eprintln!("{}", t!("fmt-error", name = name, error = e));
                failed += 1;
            }
        }
    }
    if check && changed > 0 {
        eprintln!("{}", t!("fmt-summary", n = jz_i18n::count(changed as u64)));
    }
    u8::from(failed > 0 || (check && changed > 0))
}
