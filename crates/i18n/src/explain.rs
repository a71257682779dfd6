//! `jz explain CODE`: what a code means, a wrong and a right example, what to do — in the current language.

use crate::codes;
use crate::tr;

/// The whole entry for `code`, or `None` when no such code exists.
pub fn explain(code: &str) -> Option<String> {
    let c = codes::find(code)?;
    let key = format!("explain-{}", c.code);
    let mut out = String::new();
    out.push_str(&format!("{}: {}\n\n", c.code, tr(&key, &[])));
    out.push_str(tr(&format!("{key}.meaning"), &[]).trim_end());
    out.push_str("\n\n");
    out.push_str(&tr("explain-wrong", &[]));
    out.push_str("\n\n");
    out.push_str(&indent(c.wrong));
    out.push('\n');
    out.push_str(&tr("explain-right", &[]));
    out.push_str("\n\n");
    out.push_str(&indent(c.right));
    out.push('\n');
    out.push_str(&tr("explain-fix", &[]));
    out.push_str("\n\n");
    out.push_str(tr(&format!("{key}.fix"), &[]).trim_end());
    out.push('\n');
    Some(out)
}

/// An example as shown: indented four spaces; a `// ==> name.jz` line, where the next file of the example
/// starts, is shown as a comment naming that file.
fn indent(text: &str) -> String {
    let mut out = String::new();
    for line in text.trim_end().lines() {
        if let Some(name) = line.strip_prefix("// ==> ") {
            // the start of another file of the example
            out.push_str(&format!("    // {}\n", tr("explain-file", &[("name", &name.trim())])));
        } else if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
