//! Every policy file and corpus program, formatted in a copy of the tree: formatting is idempotent, and each
//! file checks to the same program (the IR's debug rendering with spans removed) or, for the files written to
//! fail, to the same diagnostics (code and message) as before. The repository's files are never written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::{copy_tree, jz_files, same_meaning};
use jz_fmt::{format, FmtError, Options, Punct};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().parent().unwrap()
}

fn check_tree(punct: Punct) {
    let tmp = common::scratch(&format!("tree-{punct:?}"));
    for dir in ["policies", "tests"] {
        copy_tree(&root().join(dir), &tmp.join(dir));
    }
    let opts = Options { punct };
    let files = jz_files(&tmp);
    assert!(files.len() > 100, "the corpus was not found: {} files", files.len());
    let (mut formatted, mut refused) = (0, 0);
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        match format(&src, &opts) {
            Ok(out) => {
                let again = format(&out, &opts).unwrap_or_else(|e| panic!("{}: formatted text: {e}", f.display()));
                assert_eq!(again, out, "{}: formatting is not idempotent", f.display());
                std::fs::write(f, &out).unwrap();
                formatted += 1;
            }
            // Corpus files written to have syntax errors stay as they are; jz check reports them.
            Err(FmtError::Syntax(_)) => refused += 1,
            Err(e) => panic!("{}: {e}", f.display()),
        }
    }
    assert!(refused < 20 && formatted > 100, "formatted {formatted}, refused {refused}");
    for f in &files {
        let rel = f.strip_prefix(&tmp).unwrap();
        same_meaning(&root().join(rel), f, root(), &tmp);
    }
}

#[test]
fn policies_and_corpus_format_idempotently_to_the_same_program_half_width() {
    check_tree(Punct::Half);
}

#[test]
fn policies_and_corpus_format_idempotently_to_the_same_program_full_width() {
    check_tree(Punct::Full);
}
