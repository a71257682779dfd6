//! The line editor's helper: Tab completion of commands, keywords and the loaded program's names (Chinese
//! included) and of file paths after `:load`/`:data`/`:export`; a grey hint with a command's arguments;
//! matching-bracket highlighting; and multi-line entry while a bracket or quote is open.

use super::command::{canonical, needs_more, COMMANDS};
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter, MatchingBracketHighlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

/// What can be completed, refreshed by the session after every command.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// Every name of the loaded program (fields, decisions, definitions, scenario values, parameters, enums,
    /// variants, records) and the samples.
    pub idents: Vec<String>,
    pub samples: Vec<String>,
    pub decisions: Vec<String>,
    /// Scenario values and parameters.
    pub settable: Vec<String>,
}

/// Keywords of the language, both spellings.
const KEYWORDS: &[&str] = &[
    "且",
    "或",
    "非",
    "若",
    "如果",
    "则",
    "否则",
    "匹配",
    "属于",
    "不属于",
    "在",
    "不在",
    "为空",
    "非空",
    "有",
    "开头为",
    "相交",
    "包含",
    "包含于",
    "天",
    "是",
    "否",
    "真",
    "假",
    "最大",
    "最小",
    "数量",
    "样本",
    "设定",
    "and",
    "or",
    "not",
    "if",
    "then",
    "else",
    "match",
    "in",
    "has",
    "intersects",
    "contains",
    "true",
    "false",
    "max",
    "min",
    "count",
    "sample",
    "set",
];

pub struct ReplHelper {
    pub names: Rc<RefCell<Names>>,
    files: FilenameCompleter,
    brackets: MatchingBracketHighlighter,
    history: HistoryHinter,
}

impl ReplHelper {
    pub fn new(names: Rc<RefCell<Names>>) -> ReplHelper {
        ReplHelper {
            names,
            files: FilenameCompleter::new(),
            brackets: MatchingBracketHighlighter::new(),
            history: HistoryHinter::new(),
        }
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The candidates for the word ending at `pos`: `(start of the word, candidates)`.
pub fn complete(names: &Names, line: &str, pos: usize) -> (usize, Vec<String>) {
    let before = line.get(..pos).unwrap_or("");
    let trimmed = before.trim_start();
    // the command word itself
    if trimmed.starts_with(':') && !trimmed.contains(char::is_whitespace) {
        let start = pos - trimmed.len();
        let mut c: Vec<String> =
            COMMANDS.iter().map(|c| c.0).filter(|n| n.starts_with(trimmed)).map(str::to_string).collect();
        c.sort();
        return (start, c);
    }
    let start = before.char_indices().rev().take_while(|(_, c)| is_ident_char(*c)).last().map_or(pos, |(i, _)| i);
    let prefix = before.get(start..).unwrap_or("");
    if prefix.is_empty() {
        return (pos, Vec::new());
    }
    let command = trimmed.split_whitespace().next().and_then(canonical);
    let first_arg = trimmed.split_whitespace().count() <= 2 && !trimmed.ends_with(char::is_whitespace);
    let pool: Vec<&String> = match command {
        Some(":use" | ":eval" | ":samples") if first_arg => names.samples.iter().collect(),
        Some(":explain" | ":moved") => names.samples.iter().chain(&names.decisions).collect(),
        Some(":unset") => names.settable.iter().collect(),
        Some(":set" | ":what-if") if !before.contains('=') || before.rfind(',') > before.rfind('=') => {
            names.settable.iter().collect()
        }
        _ => names.idents.iter().collect(),
    };
    let mut c: Vec<String> = pool.into_iter().filter(|n| n.starts_with(prefix)).cloned().collect();
    if command.is_none() || matches!(command, Some(":eval" | ":type" | ":count")) {
        c.extend(KEYWORDS.iter().filter(|k| k.starts_with(prefix) && **k != prefix).map(|k| k.to_string()));
    }
    c.sort();
    c.dedup();
    (start, c)
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let head = line.split_whitespace().next().and_then(canonical);
        let in_args = line.trim_start().contains(char::is_whitespace);
        if in_args && matches!(head, Some(":load" | ":data" | ":export" | ":rejects" | ":report")) {
            return self.files.complete(line, pos, ctx);
        }
        let (start, c) = complete(&self.names.borrow(), line, pos);
        Ok((start, c.into_iter().map(|n| Pair { display: n.clone(), replacement: n }).collect()))
    }
}

/// A hint: what is shown (grey) and what the right arrow inserts.
pub struct CommandHint {
    display: String,
    insert: Option<String>,
}

impl rustyline::hint::Hint for CommandHint {
    fn display(&self) -> &str {
        &self.display
    }
    fn completion(&self) -> Option<&str> {
        self.insert.as_deref()
    }
}

/// The hint for a line being typed: the rest of a command name and its arguments.
pub fn command_hint(line: &str) -> Option<(String, Option<String>)> {
    let t = line.trim_start();
    if !t.starts_with(':') {
        return None;
    }
    let word = t.split_whitespace().next().unwrap_or("");
    let typed_args = t.get(word.len()..).unwrap_or("");
    if typed_args.is_empty() {
        // still typing the command: complete the unique match
        let matches: Vec<_> = COMMANDS.iter().filter(|c| c.0.starts_with(word)).collect();
        if let [c] = matches.as_slice() {
            let rest = c.0.get(word.len()..).unwrap_or("").to_string();
            let args = if c.2.is_empty() { String::new() } else { format!(" {}", c.2) };
            if rest.is_empty() && args.is_empty() {
                return None;
            }
            return Some((format!("{rest}{args}"), Some(rest)));
        }
        return None;
    }
    if typed_args.trim().is_empty() {
        let c = COMMANDS.iter().find(|c| Some(c.0) == canonical(word))?;
        if c.2.is_empty() {
            return None;
        }
        let sep = if typed_args.ends_with(' ') { "" } else { " " };
        return Some((format!("{sep}{}", c.2), None));
    }
    None
}

impl Hinter for ReplHelper {
    type Hint = CommandHint;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<CommandHint> {
        if pos < line.len() {
            return None;
        }
        if let Some((display, insert)) = command_hint(line) {
            return Some(CommandHint { display, insert });
        }
        self.history.hint(line, pos, ctx).map(|h| CommandHint { display: h.clone(), insert: Some(h) })
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, pos: usize) -> Cow<'l, str> {
        self.brackets.highlight(line, pos)
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
    }

    fn highlight_char(&self, line: &str, pos: usize, kind: CmdKind) -> bool {
        self.brackets.highlight_char(line, pos, kind)
    }
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if needs_more(ctx.input()) { ValidationResult::Incomplete } else { ValidationResult::Valid(None) })
    }
}

impl Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            idents: ["列入错峰生产名单", "综合措施", "综合措施类别", "燃煤锅炉蒸吨", "预警级别", "橙色", "企业"]
                .map(String::from)
                .to_vec(),
            samples: ["普通企业", "钢铁企业"].map(String::from).to_vec(),
            decisions: ["列入错峰生产名单", "综合措施"].map(String::from).to_vec(),
            settable: ["预警级别", "锅炉淘汰上限"].map(String::from).to_vec(),
        }
    }

    #[test]
    fn completes_chinese_names_from_the_word_start() {
        let n = names();
        let line = "列入错 == 否";
        let (start, c) = complete(&n, line, "列入错".len());
        assert_eq!((start, c), (0, vec!["列入错峰生产名单".to_string()]));
        let line = "绩效等级 == A 且 燃煤";
        let (start, c) = complete(&n, line, line.len());
        assert_eq!(&line[start..], "燃煤");
        assert_eq!(c, vec!["燃煤锅炉蒸吨"]);
        let (_, c) = complete(&n, "综合", "综合".len());
        assert_eq!(c, vec!["综合措施", "综合措施类别"]);
        assert!(complete(&n, "1 + ", 4).1.is_empty());
    }

    #[test]
    fn completes_commands_and_context_specific_names() {
        let n = names();
        assert_eq!(complete(&n, ":wh", 3), (0, vec![":what-if".to_string()]));
        assert_eq!(complete(&n, ":e", 2).1, vec![":eval", ":explain", ":export"]);
        let line = ":use 钢";
        assert_eq!(complete(&n, line, line.len()).1, vec!["钢铁企业"]);
        let line = ":what-if 锅";
        assert_eq!(complete(&n, line, line.len()).1, vec!["锅炉淘汰上限"]);
        let line = ":what-if 预警级别 = 橙";
        assert_eq!(complete(&n, line, line.len()).1, vec!["橙色"]);
        let line = ":explain 普通企业 综";
        assert_eq!(complete(&n, line, line.len()).1, vec!["综合措施"]);
        // keywords complete in expressions
        assert_eq!(complete(&n, "若", "若".len()).1, Vec::<String>::new());
        assert!(complete(&n, "否", "否".len()).1.contains(&"否则".to_string()));
    }

    #[test]
    fn hints_show_the_rest_of_a_command_and_its_arguments() {
        assert_eq!(command_hint(":what"), Some(("-if NAME = VALUE, …".into(), Some("-if".into()))));
        assert_eq!(command_hint(":explain "), Some(("[NAME] [DECISION [VALUE]]".into(), None)));
        assert_eq!(command_hint(":quit"), None);
        assert_eq!(command_hint(":loa"), Some(("d PATH".into(), Some("d".into()))));
        assert_eq!(command_hint(":explain 甲"), None);
        assert_eq!(command_hint("综合措施"), None);
    }
}
