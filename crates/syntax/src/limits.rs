//! Limits that keep untrusted policy text from exhausting the stack: every stage after the parser recurses
//! over expression trees, and pest's recursive descent recurses over nesting in the text. Flat chains (`或`,
//! `且`, `+`, …) are read iteratively and do not count as nesting in the text; after lowering, a chain of
//! `+`/`-`/`*`/`/` is a left-deep tree (its grouping decides where an intermediate sum overflows), so its
//! length counts towards the depth of the tree, while `或`/`且` chains are balanced (their value and
//! short-circuit order do not depend on grouping) and add only their logarithm.
//!
//! The numbers are chosen so that the deepest stage fits the stack `jz` runs on (see `crates/cli/src/main.rs`,
//! where the measured stack per level is written down).

/// Deepest nesting of an expression: brackets, `若`, `非` and `匹配` in the text (checked before pest runs),
/// and the depth of the syntax tree after lowering (a chain of `n` arithmetic terms is `n` deep).
pub const MAX_NESTING: usize = 5_000;

/// The message of every "too deep" diagnostic.
pub fn too_deep_message() -> String {
    jz_i18n::t!("E0004", limit = MAX_NESTING)
}

/// The help of every "too deep" diagnostic.
pub fn too_deep_help() -> String {
    jz_i18n::t!("E0004.help")
}

/// Where, if anywhere, the nesting of `text` (one item or one REPL entry) first exceeds [`MAX_NESTING`]:
/// a cheap upper bound on the depth of pest's recursion, computed by a scan of the tokens.
///
/// What the scan counts: each open bracket (`(`, `{`, `[` and their full-width forms) is one level; inside a
/// bracket, each `若` whose `否则` branch has not ended is one level (a `若` is closed by a separator or by the
/// `则`/`否则` of an enclosing `若`), and a run of `非` is one level per `非`. Strings and comments are skipped.
/// Returns the byte offset of the token that went too deep.
pub fn too_deep_at(text: &str) -> Option<usize> {
    struct Frame {
        close: char,
        /// States of the open `若`s of this bracket: 0 condition, 1 then-branch, 2 else-branch.
        ifs: Vec<u8>,
        nots: usize,
    }
    let mut frames: Vec<Frame> = vec![Frame { close: '\0', ifs: Vec::new(), nots: 0 }];
    let mut open_ifs = 0usize;
    let mut it = text.char_indices().peekable();
    while let Some((pos, c)) = it.next() {
        let top = frames.last_mut()?;
        match c {
            '/' if matches!(it.peek(), Some((_, '/'))) => {
                for (_, c) in it.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                continue;
            }
            '/' if matches!(it.peek(), Some((_, '*'))) => {
                it.next();
                let mut star = false;
                let mut closed = false;
                for (_, c) in it.by_ref() {
                    if star && c == '/' {
                        closed = true;
                        break;
                    }
                    star = c == '*';
                }
                if !closed {
                    return None;
                }
                continue;
            }
            '"' => {
                let mut escaped = false;
                let mut closed = false;
                for (_, c) in it.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return None;
                }
                top.nots = 0;
                continue;
            }
            '“' => {
                if !it.by_ref().any(|(_, c)| c == '”') {
                    return None;
                }
                top.nots = 0;
                continue;
            }
            '(' | '（' | '{' | '｛' | '[' => {
                top.nots = 0;
                let close = match c {
                    '(' | '（' => ')',
                    '[' => ']',
                    _ => '}',
                };
                frames.push(Frame { close, ifs: Vec::new(), nots: 0 });
            }
            ')' | '）' | '}' | '｝' | ']' => {
                let want = match c {
                    ')' | '）' => ')',
                    ']' => ']',
                    _ => '}',
                };
                if let Some(i) = frames.iter().rposition(|f| f.close == want) {
                    if i > 0 {
                        for f in frames.drain(i..) {
                            open_ifs = open_ifs.saturating_sub(f.ifs.len());
                        }
                    }
                }
                if let Some(top) = frames.last_mut() {
                    top.nots = 0;
                }
                continue;
            }
            '=' if matches!(it.peek(), Some((_, '>'))) => {
                // a match arm starts: the `若`s of the previous arm's body are closed
                it.next();
                open_ifs = open_ifs.saturating_sub(top.ifs.len());
                top.ifs.clear();
                top.nots = 0;
                continue;
            }
            ',' | '，' | '、' | ';' | '；' => {
                open_ifs = open_ifs.saturating_sub(top.ifs.len());
                top.ifs.clear();
                top.nots = 0;
                continue;
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut end = pos + c.len_utf8();
                while let Some(&(p, n)) = it.peek() {
                    if !(n.is_alphanumeric() || n == '_') {
                        break;
                    }
                    end = p + n.len_utf8();
                    it.next();
                }
                match text.get(pos..end).unwrap_or("") {
                    "若" | "如果" | "if" => {
                        top.ifs.push(0);
                        open_ifs += 1;
                        top.nots = 0;
                    }
                    w @ ("则" | "then" | "否则" | "else") => {
                        let (from, to) = if matches!(w, "则" | "then") { (0, 1) } else { (1, 2) };
                        while top.ifs.last() == Some(&2) {
                            top.ifs.pop();
                            open_ifs = open_ifs.saturating_sub(1);
                        }
                        if let Some(s) = top.ifs.last_mut() {
                            if *s == from {
                                *s = to;
                            }
                        }
                        top.nots = 0;
                        continue;
                    }
                    "非" | "not" => top.nots += 1,
                    _ => {
                        top.nots = 0;
                        continue;
                    }
                }
            }
            c if c.is_whitespace() || c == '\u{feff}' => continue,
            _ => {
                top.nots = 0;
                continue;
            }
        }
        let nots = frames.last().map_or(0, |f| f.nots);
        if frames.len() + open_ifs + nots > MAX_NESTING {
            return Some(pos);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_brackets_ifs_and_nots_but_not_flat_chains() {
        let deep = |n: usize| format!("{}1{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(too_deep_at(&deep(MAX_NESTING - 1)), None);
        assert_eq!(too_deep_at(&deep(MAX_NESTING + 1)), Some(MAX_NESTING - 1));
        let ifs = |n: usize| format!("{}1{}", "若 甲 则 ".repeat(n), " 否则 0".repeat(n));
        assert_eq!(too_deep_at(&ifs(MAX_NESTING - 2)), None);
        assert!(too_deep_at(&ifs(MAX_NESTING + 1)).is_some());
        // an else-if chain nests; a list of separate `若`s does not
        let list: Vec<String> = (0..3 * MAX_NESTING).map(|i| format!("若 甲 则 {i} 否则 0")).collect();
        assert_eq!(too_deep_at(&format!("{{{}}}", list.join(", "))), None);
        assert_eq!(too_deep_at(&"非 甲 且 ".repeat(3 * MAX_NESTING)), None);
        assert!(too_deep_at(&"非 ".repeat(MAX_NESTING + 1)).is_some());
        assert_eq!(too_deep_at(&"甲 或 ".repeat(3 * MAX_NESTING)), None);
        // brackets inside strings and comments do not count; `若干` is a name
        let quoted = format!("\"{}\" // {}\n 若干", "(".repeat(2 * MAX_NESTING), "(".repeat(2 * MAX_NESTING));
        assert_eq!(too_deep_at(&quoted), None);
    }

    #[test]
    fn the_condition_of_a_rule_is_not_an_open_if() {
        // `当 若 a 则 b 否则 c 则 d`: the rule's `则` closes the `若` of its condition
        let rules = "规则 依据 \"一\": 当 若 甲 则 乙 否则 丙 则 丁\n".repeat(3 * MAX_NESTING);
        assert_eq!(too_deep_at(&format!("判定 x: 布尔 默认 否 {{ {rules} }}")), None);
    }
}
