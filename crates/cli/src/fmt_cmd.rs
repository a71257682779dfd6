//! `jz fmt [--check] [--full-width] PATH…`: rewrite policy files in the canonical layout (`jz-fmt`), or with
//! `--check` list the files that are not (exit 1). A file with syntax errors is reported and left alone.

use crate::common::{collect_files, relative};
use jz_fmt::{format, FmtError, Options, Punct};
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
                eprintln!("error: cannot read `{name}`: {e}\nhelp: check the path and its permissions");
                failed += 1;
                continue;
            }
        };
        match format(&src, &opts) {
            Ok(out) if out == src => {}
            Ok(out) => {
                changed += 1;
                if check {
                    outln!("{name}: not formatted");
                } else if let Err(e) = std::fs::write(f, out) {
                    eprintln!("error: cannot write `{name}`: {e}\nhelp: check its permissions");
                    failed += 1;
                } else {
                    outln!("formatted {name}");
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
                eprintln!("error: `{name}` was not formatted\nhelp: fix the syntax errors above first");
                failed += 1;
            }
            Err(e) => {
                eprintln!("error: `{name}`: {e}");
                failed += 1;
            }
        }
    }
    if check && changed > 0 {
        eprintln!("error: {changed} file(s) not formatted\nhelp: run `jz fmt` on them");
    }
    u8::from(failed > 0 || (check && changed > 0))
}
