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

/// Untrusted text: corpus files with random bytes deleted, duplicated or replaced by punctuation, spaces and
/// keywords never make the formatter panic or report a bug of its own; what it formats is idempotent.
#[test]
fn mutated_corpus_files_are_formatted_or_refused_never_a_formatter_bug() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
    let inserts = [
        "", " ", "\n", "：", "，", "(", "）", "{", "}", "-", "\"", "“", "//", "/*", "..", "且", "规则", "[", "]", "？",
    ];
    let files = jz_files(&root().join("tests/corpus"));
    let (mut ok, mut refused) = (0, 0);
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        let chars: Vec<char> = src.chars().collect();
        for _ in 0..5 {
            let mut text: Vec<char> = chars.clone();
            for _ in 0..rng.gen_range(1..4) {
                if text.is_empty() {
                    break;
                }
                let at = rng.gen_range(0..text.len());
                let ins: Vec<char> = inserts[rng.gen_range(0..inserts.len())].chars().collect();
                let del = rng.gen_range(0..3).min(text.len() - at);
                text.splice(at..at + del, ins);
            }
            let text: String = text.into_iter().collect();
            match format(&text, &Options::default()) {
                Ok(out) => {
                    assert_eq!(
                        format(&out, &Options::default()).unwrap(),
                        out,
                        "{}: not idempotent\n{text}",
                        f.display()
                    );
                    ok += 1;
                }
                Err(FmtError::Syntax(_)) => refused += 1,
                Err(e) => panic!("{}: {e}\n{text}", f.display()),
            }
        }
    }
    assert!(ok > 50 && refused > 50, "formatted {ok}, refused {refused}");
}
