//! REPL input → [`Command`]. Only the command layer is parsed here; language text inside a command (an
//! expression, a record literal, a value) is kept with its byte offset in the input, so the checker's
//! diagnostics point at the columns the user typed.

use jz_i18n::t;

/// A piece of the input that is language text, with the byte offset where it starts.
/// How `:data` reads its file beyond what the name says: the words of `jz run`'s reading flags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub text: String,
    pub at: usize,
}

/// `NAME = VALUE` (`:set`, `:what-if`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assign {
    pub name: String,
    pub value: Arg,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Help(Option<String>),
    Quit,
    Load(String),
    Reload,
    /// No assignments: show the scenario and parameters.
    Set(Vec<Assign>),
    /// No names: every value back to the policy's.
    Unset(Vec<String>),
    Let {
        name: String,
        lit: Arg,
    },
    Use(String),
    Samples,
    Eval(Arg),
    Type(Arg),
    Explain(Vec<String>),
    Data {
        path: String,
        record: Option<String>,
        /// `--encoding`, `--delimiter`, `--sheet`, as `jz run` reads them.
        reading: Reading,
    },
    Count {
        by: Vec<Arg>,
        filter: Option<Arg>,
    },
    WhatIf(Vec<Assign>),
    Moved(Vec<String>),
    Export(String),
    Row {
        key: String,
        name: Option<String>,
    },
    Rejects(Option<String>),
    /// `:report FILE`: the `jz report` page for the current state.
    Report(String),
    /// Language input: an expression, a record literal, a sample name, `样本 …` or `设定 …`.
    Input(Arg),
    Nothing,
}

/// Every command: name, aliases, arguments, what it does. Drives parsing, `:help`, completion and hints.
pub const COMMANDS: &[(&str, &[&str], &str, &str)] = &[
    (":help", &[":h", ":?"], "[COMMAND]", "repl-cmd.help"),
    (":load", &[":l"], "PATH", "repl-cmd.load"),
    (":reload", &[":r"], "", "repl-cmd.reload"),
    (":set", &[], "[NAME = VALUE, …]", "repl-cmd.set"),
    (":unset", &[], "[NAME …]", "repl-cmd.unset"),
    (":show", &[], "", "repl-cmd.show"),
    (":let", &[], "NAME = RECORD { … }", "repl-cmd.let"),
    (":use", &[], "NAME", "repl-cmd.use"),
    (":samples", &[":ls"], "", "repl-cmd.samples"),
    (":eval", &[":e"], "[NAME] [EXPR]", "repl-cmd.eval"),
    (":explain", &[":why"], "[NAME] [DECISION [VALUE]]", "repl-cmd.explain"),
    (":type", &[":t"], "EXPR", "repl-cmd.type"),
    (":data", &[":d"], "FILE [RECORD] [--encoding E] [--delimiter D] [--sheet S]", "repl-cmd.data"),
    (":count", &[], "[by EXPR, …] [where CONDITION]", "repl-cmd.count"),
    (":what-if", &[":whatif", ":wi"], "NAME = VALUE, …", "repl-cmd.what-if"),
    (":moved", &[], "[DECISION] [FROM → TO] [N | all]", "repl-cmd.moved"),
    (":export", &[], "FILE", "repl-cmd.export"),
    (":row", &[], "KEY [NAME]", "repl-cmd.row"),
    (":rejects", &[], "[FILE]", "repl-cmd.rejects"),
    (":report", &[], "FILE", "repl-cmd.report"),
    (":quit", &[":q", ":exit"], "", "repl-cmd.quit"),
];

/// The canonical name of a command or alias.
pub fn canonical(word: &str) -> Option<&'static str> {
    COMMANDS.iter().find(|(n, aliases, _, _)| *n == word || aliases.contains(&word)).map(|c| c.0)
}

pub fn parse(input: &str) -> Result<Command, String> {
    let trimmed = input.trim_start();
    let lead = input.len() - trimmed.len();
    if trimmed.trim_end().is_empty() || trimmed.starts_with("//") {
        return Ok(Command::Nothing);
    }
    if !trimmed.starts_with(':') {
        return Ok(Command::Input(Arg { text: trimmed.trim_end().to_string(), at: lead }));
    }
    let word_len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
    let word = trimmed.get(..word_len).unwrap_or("");
    let rest_raw = trimmed.get(word_len..).unwrap_or("");
    let rest_at = lead + word_len + (rest_raw.len() - rest_raw.trim_start().len());
    let rest = rest_raw.trim();
    let arg = Arg { text: rest.to_string(), at: rest_at };
    let Some(name) = canonical(word) else {
        let help = match suggest(word) {
            Some(s) => t!("repl-did-you-mean-command", command = s),
            None => t!("repl-lists-commands"),
        };
        return Err(t!("repl-unknown-command", command = word, help = help));
    };
    let words: Vec<String> = rest.split_whitespace().map(str::to_string).collect();
    // `what`: a key of `repl-need`
    let need = |what: &str| -> Result<(), String> {
        if rest.is_empty() {
            Err(t!("repl-needs", command = name, what = jz_i18n::tr(what, &[]), usage = usage(name)))
        } else {
            Ok(())
        }
    };
    Ok(match name {
        ":help" => Command::Help(words.first().cloned()),
        ":quit" => Command::Quit,
        ":load" => {
            need("repl-need.policy-file")?;
            Command::Load(rest.to_string())
        }
        ":reload" => Command::Reload,
        ":set" => Command::Set(assignments(&arg)?),
        ":show" => Command::Set(Vec::new()),
        ":unset" => Command::Unset(words),
        ":let" => {
            need("repl-need.name-and-record")?;
            let Some(eq) = rest.find('=') else {
                return Err(t!("repl-let-needs-record", usage = usage(name)));
            };
            let lhs = rest.get(..eq).unwrap_or("").trim();
            let after = rest.get(eq + 1..).unwrap_or("");
            let lit_at = rest_at + eq + 1 + (after.len() - after.trim_start().len());
            if lhs.is_empty() || lhs.contains(char::is_whitespace) {
                return Err(t!("repl-let-one-name", usage = usage(name)));
            }
            Command::Let { name: lhs.to_string(), lit: Arg { text: after.trim().to_string(), at: lit_at } }
        }
        ":use" => {
            need("repl-need.sample-name")?;
            Command::Use(rest.to_string())
        }
        ":samples" => Command::Samples,
        ":eval" => Command::Eval(arg),
        ":type" => {
            need("repl-need.expression")?;
            Command::Type(arg)
        }
        ":explain" => Command::Explain(words),
        ":data" => {
            need("repl-need.data-file")?;
            let mut w = words.into_iter();
            let path = w.next().unwrap_or_default();
            let (mut record, mut reading) = (None, Reading::default());
            while let Some(word) = w.next() {
                let slot = match word.as_str() {
                    "--encoding" => &mut reading.encoding,
                    "--delimiter" => &mut reading.delimiter,
                    "--sheet" => &mut reading.sheet,
                    _ if !word.starts_with("--") && record.is_none() => {
                        record = Some(word);
                        continue;
                    }
                    _ => return Err(t!("repl-data-flag", word = word, usage = usage(name))),
                };
                match w.next() {
                    Some(v) => *slot = Some(v),
                    None => return Err(t!("repl-data-flag-value", flag = word, usage = usage(name))),
                }
            }
            Command::Data { path, record, reading }
        }
        ":count" => count(&arg)?,
        ":what-if" => {
            need("repl-need.assignment")?;
            Command::WhatIf(assignments(&arg)?)
        }
        ":moved" => Command::Moved(words),
        ":export" => {
            need("repl-need.file")?;
            Command::Export(rest.to_string())
        }
        ":row" => {
            need("repl-need.key")?;
            let mut w = words.into_iter();
            Command::Row { key: w.next().unwrap_or_default(), name: w.next() }
        }
        ":rejects" => Command::Rejects(words.first().cloned()),
        ":report" => {
            need("repl-need.file")?;
            Command::Report(rest.to_string())
        }
        _ => Command::Nothing,
    })
}

/// `:name ARGS — what it does`, for messages.
pub fn usage(name: &str) -> String {
    match COMMANDS.iter().find(|c| c.0 == name) {
        Some((n, _, "", _)) => format!("`{n}`"),
        Some((n, _, args, _)) => format!("`{n} {args}`"),
        None => String::new(),
    }
}

fn suggest(word: &str) -> Option<&'static str> {
    let all = COMMANDS.iter().flat_map(|(n, a, _, _)| std::iter::once(*n).chain(a.iter().copied()));
    let best = all.map(|c| (strsim::levenshtein(word, c), c)).min_by_key(|(d, _)| *d)?;
    if best.0 <= 2 {
        canonical(best.1)
    } else {
        COMMANDS.iter().map(|c| c.0).find(|n| n.starts_with(word) && word.len() > 1)
    }
}

/// Split language text at top-level occurrences of any of `seps` (not inside brackets or quotes). Returns
/// each part's byte range.
pub fn split_top(text: &str, seps: &[char]) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                continue;
            }
            None => match c {
                '"' => quote = Some('"'),
                '“' => quote = Some('”'),
                '{' | '(' | '[' | '｛' | '（' => depth += 1,
                '}' | ')' | ']' | '｝' | '）' => depth -= 1,
                _ if depth == 0 && seps.contains(&c) => {
                    parts.push((start, i));
                    start = i + c.len_utf8();
                }
                _ => {}
            },
        }
    }
    parts.push((start, text.len()));
    parts
}

/// Is more input needed to close an open bracket or quote? (Multi-line entry.)
pub fn needs_more(text: &str) -> bool {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if c == '\\' && q == '"' {
                    chars.next();
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '/' if chars.peek() == Some(&'/') => {
                    // a comment runs to the end of the line
                    for d in chars.by_ref() {
                        if d == '\n' {
                            break;
                        }
                    }
                }
                '"' => quote = Some('"'),
                '“' => quote = Some('”'),
                '{' | '(' | '[' | '｛' | '（' => depth += 1,
                '}' | ')' | ']' | '｝' | '）' => depth -= 1,
                _ => {}
            },
        }
    }
    depth > 0 || quote.is_some()
}

fn assignments(arg: &Arg) -> Result<Vec<Assign>, String> {
    let mut out = Vec::new();
    if arg.text.is_empty() {
        return Ok(out);
    }
    for (s, e) in split_top(&arg.text, &[',', '，', ';', '；']) {
        let part = arg.text.get(s..e).unwrap_or("");
        if part.trim().is_empty() {
            continue;
        }
        let Some(eq) = part.find('=').filter(|i| part.get(i + 1..i + 2) != Some("=")) else {
            return Err(t!("repl-assign-syntax.help", part = part.trim()));
        };
        let name = part.get(..eq).unwrap_or("").trim();
        let value = part.get(eq + 1..).unwrap_or("");
        let vat = arg.at + s + eq + 1 + (value.len() - value.trim_start().len());
        if name.is_empty() || value.trim().is_empty() {
            return Err(t!("repl-assign-syntax", part = part.trim()));
        }
        out.push(Assign { name: name.to_string(), value: Arg { text: value.trim().to_string(), at: vat } });
    }
    Ok(out)
}

/// `by A, B where C` (or `按 A 当 C`, either order).
fn count(arg: &Arg) -> Result<Command, String> {
    let text = arg.text.as_str();
    let marks = keywords(text, &["by", "按", "where", "当"]);
    let mut by = Vec::new();
    let mut filter = None;
    if let Some((first, _, _)) = marks.first() {
        if !text.get(..*first).unwrap_or("").trim().is_empty() {
            return Err(t!("repl-count-syntax", usage = usage(":count")));
        }
    } else if !text.trim().is_empty() {
        return Err(t!("repl-count-syntax", usage = usage(":count")));
    }
    for (i, (start, len, word)) in marks.iter().enumerate() {
        let body_start = start + len;
        let body_end = marks.get(i + 1).map_or(text.len(), |m| m.0);
        let body = text.get(body_start..body_end).unwrap_or("");
        let lead = body.len() - body.trim_start().len();
        let at = arg.at + body_start + lead;
        let body = body.trim();
        if body.is_empty() {
            return Err(t!("repl-count-needs-expression", word = word, usage = usage(":count")));
        }
        if matches!(*word, "by" | "按") {
            for (s, e) in split_top(body, &[',', '，', '、']) {
                let part = body.get(s..e).unwrap_or("");
                let pl = part.len() - part.trim_start().len();
                if !part.trim().is_empty() {
                    by.push(Arg { text: part.trim().to_string(), at: at + s + pl });
                }
            }
        } else {
            filter = Some(Arg { text: body.to_string(), at });
        }
    }
    Ok(Command::Count { by, filter })
}

/// Top-level whole-word occurrences of the keywords: (byte offset, length, keyword).
fn keywords<'k>(text: &str, words: &[&'k str]) -> Vec<(usize, usize, &'k str)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut prev_space = true;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            prev_space = false;
            continue;
        }
        match c {
            '"' => quote = Some('"'),
            '“' => quote = Some('”'),
            '{' | '(' | '[' | '｛' | '（' => depth += 1,
            '}' | ')' | ']' | '｝' | '）' => depth -= 1,
            _ => {}
        }
        if depth == 0 && prev_space {
            let tail = text.get(i..).unwrap_or("");
            for w in words {
                if let Some(after) = tail.strip_prefix(w) {
                    if after.is_empty() || after.starts_with(char::is_whitespace) {
                        out.push((i, w.len(), *w));
                    }
                }
            }
        }
        prev_space = c.is_whitespace();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(text: &str, at: usize) -> Arg {
        Arg { text: text.into(), at }
    }

    #[test]
    fn plain_input_keeps_its_offset() {
        assert_eq!(parse("  燃煤锅炉蒸吨 > 35 [t/h] ").unwrap(), Command::Input(arg("燃煤锅炉蒸吨 > 35 [t/h]", 2)));
        assert_eq!(parse("   ").unwrap(), Command::Nothing);
        assert_eq!(parse("// note").unwrap(), Command::Nothing);
    }

    #[test]
    fn commands_aliases_and_unknown_ones() {
        assert_eq!(parse(":q").unwrap(), Command::Quit);
        assert_eq!(parse(":why 甲 综合措施").unwrap(), Command::Explain(vec!["甲".into(), "综合措施".into()]));
        assert_eq!(parse(":show").unwrap(), Command::Set(vec![]));
        let e = parse(":whatiff 预警级别 = 橙色").unwrap_err();
        assert!(e.contains("unknown command `:whatiff`") && e.contains("did you mean `:what-if`"), "{e}");
        assert!(parse(":load").unwrap_err().contains("needs a policy file"));
    }

    #[test]
    fn every_command_is_described_in_both_languages() {
        for (name, _, _, what) in COMMANDS {
            for lang in [jz_i18n::Lang::En, jz_i18n::Lang::Zh] {
                assert!(jz_i18n::has(lang, what), "{name}: no `{what}` in the {lang:?} catalogue");
            }
        }
        for key in [
            "repl-need.policy-file",
            "repl-need.name-and-record",
            "repl-need.sample-name",
            "repl-need.expression",
            "repl-need.data-file",
            "repl-need.assignment",
            "repl-need.file",
            "repl-need.key",
        ] {
            assert!(jz_i18n::has(jz_i18n::Lang::Zh, key), "{key}");
        }
    }

    #[test]
    fn assignments_split_at_top_level_with_value_offsets() {
        let line = ":what-if 预警级别 = 橙色, 日期=2026-12-01; 排放 = {颗粒物, VOCs}";
        let Command::WhatIf(a) = parse(line).unwrap() else { panic!() };
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].name, "预警级别");
        assert_eq!(&line[a[0].value.at..a[0].value.at + a[0].value.text.len()], "橙色");
        assert_eq!(a[1].value.text, "2026-12-01");
        assert_eq!(&line[a[1].value.at..a[1].value.at + 10], "2026-12-01");
        assert_eq!(a[2].value.text, "{颗粒物, VOCs}");
        assert!(parse(":set 预警级别 == 橙色").is_err());
        assert!(parse(":set 预警级别").is_err());
        assert_eq!(parse(":set").unwrap(), Command::Set(vec![]));
    }

    #[test]
    fn let_splits_name_and_record_literal() {
        let line = ":let 甲厂 = 普通企业 { 绩效等级: A }";
        let Command::Let { name, lit } = parse(line).unwrap() else { panic!() };
        assert_eq!(name, "甲厂");
        assert_eq!(&line[lit.at..], "普通企业 { 绩效等级: A }");
        assert!(parse(":let 甲 乙 = 企业 {}").is_err());
    }

    #[test]
    fn count_by_and_where_in_either_order_and_language() {
        let line = ":count by 综合措施, 区县 where 区县 == \"安平县\" 且 绩效等级 在 {A, B}";
        let Command::Count { by, filter } = parse(line).unwrap() else { panic!() };
        assert_eq!(by.iter().map(|a| a.text.as_str()).collect::<Vec<_>>(), ["综合措施", "区县"]);
        let f = filter.unwrap();
        assert_eq!(f.text, "区县 == \"安平县\" 且 绩效等级 在 {A, B}");
        assert_eq!(&line[f.at..], f.text);
        assert_eq!(&line[by[1].at..by[1].at + by[1].text.len()], "区县");
        let Command::Count { by, filter } = parse(":count 当 散乱污 按 散乱污处置").unwrap() else {
            panic!()
        };
        assert_eq!((by[0].text.as_str(), filter.unwrap().text.as_str()), ("散乱污处置", "散乱污"));
        // `按排放标准` is a name, not the keyword `按`; a quoted "where" is text
        let Command::Count { filter, .. } = parse(":count where 限行方式 == 按排放标准").unwrap() else {
            panic!()
        };
        assert_eq!(filter.unwrap().text, "限行方式 == 按排放标准");
        let Command::Count { filter, .. } = parse(":count where 企业名称 == \"a where b\"").unwrap() else {
            panic!()
        };
        assert_eq!(filter.unwrap().text, "企业名称 == \"a where b\"");
        assert_eq!(parse(":count").unwrap(), Command::Count { by: vec![], filter: None });
        assert!(parse(":count 综合措施").is_err());
        assert!(parse(":count by").is_err());
    }

    #[test]
    fn open_brackets_and_quotes_need_more_lines() {
        assert!(needs_more("样本 甲 = 普通企业 {"));
        assert!(needs_more("样本 甲 = 普通企业 {\n 绩效等级: A,"));
        assert!(!needs_more("样本 甲 = 普通企业 {\n 绩效等级: A }"));
        assert!(!needs_more("企业名称 == \"{\""));
        assert!(needs_more("企业名称 == \"abc"));
        assert!(needs_more("普通企业 ｛ 绩效等级: A"));
        assert!(!needs_more("1 + 2 // {"));
    }
}
