//! Spans, the source map and diagnostics shared by every stage.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Files, SimpleFiles};
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{Buffer, BufferedStandardStream, ColorChoice, WriteColor};

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: u32,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: u32, start: usize, end: usize) -> Span {
        Span { file, start: clamp(start), end: clamp(end) }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One message for the drafter: a code, a short lowercase message, a primary span, optional secondary
/// spans and a `help` line that says what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub primary: Span,
    pub label: String,
    pub secondary: Vec<(Span, String)>,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, primary: Span) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            primary,
            label: String::new(),
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }
    pub fn warning(code: &'static str, message: impl Into<String>, primary: Span) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message, primary) }
    }
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push((span, label.into()));
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Every source file of a program, by id (the `file` of a [`Span`]).
pub struct SourceMap {
    files: SimpleFiles<String, String>,
    count: u32,
}

impl Default for SourceMap {
    fn default() -> Self {
        SourceMap { files: SimpleFiles::new(), count: 0 }
    }
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> u32 {
        self.files.add(name.into(), text.into());
        self.count += 1;
        self.count - 1
    }
    /// How many files were added (their ids are `0..len`).
    pub fn len(&self) -> u32 {
        self.count
    }
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
    pub fn text(&self, file: u32) -> &str {
        self.files.get(file as usize).map(|f| f.source().as_str()).unwrap_or("")
    }
    pub fn name(&self, file: u32) -> &str {
        self.files.get(file as usize).map(|f| f.name().as_str()).unwrap_or("")
    }
    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.text(span.file).get(span.start as usize..span.end as usize).unwrap_or("")
    }
    /// 1-based line and column (in characters) of a span's start.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        let file = span.file as usize;
        let line = self.files.line_index(file, span.start as usize).unwrap_or(0);
        let col = self.files.column_number(file, line, span.start as usize).unwrap_or(1);
        (line + 1, col)
    }

    fn to_codespan(&self, d: &Diagnostic) -> cs::Diagnostic<usize> {
        let sev = match d.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let mut labels = vec![cs::Label::primary(d.primary.file as usize, range(d.primary)).with_message(&d.label)];
        for (s, m) in &d.secondary {
            labels.push(cs::Label::secondary(s.file as usize, range(*s)).with_message(m));
        }
        let mut notes: Vec<String> = d.notes.clone();
        notes.push(help_line(d));
        cs::Diagnostic::new(sev).with_code(d.code).with_message(&d.message).with_labels(labels).with_notes(notes)
    }

    /// Render diagnostics as plain text (no colour): what tests snapshot.
    pub fn render_plain(&self, diags: &[Diagnostic]) -> String {
        let mut buf = Buffer::no_color();
        self.emit(&mut buf, diags);
        String::from_utf8_lossy(buf.as_slice()).into_owned()
    }

    /// Render diagnostics to stderr, in colour when it is a terminal.
    pub fn render_stderr(&self, diags: &[Diagnostic]) {
        let choice =
            if std::io::IsTerminal::is_terminal(&std::io::stderr()) { ColorChoice::Auto } else { ColorChoice::Never };
        // buffered: thousands of diagnostics are thousands of small writes otherwise
        let mut out = BufferedStandardStream::stderr(choice);
        self.emit(&mut out, diags);
        let _ = std::io::Write::flush(&mut out);
    }

    fn emit(&self, out: &mut dyn WriteColor, diags: &[Diagnostic]) {
        let config = term::Config::default();
        let zh = jz_i18n::lang() != jz_i18n::Lang::En;
        for d in diags {
            if self.files.get(d.primary.file as usize).is_err() {
                // a diagnostic about no source (e.g. the entry file cannot be read): no snippet to show
                let sev = severity_word(d.severity);
                if write!(out, "{sev}[{}]: {}\n  = {}\n\n", d.code, d.message, help_line(d)).is_err() {
                    break;
                }
                continue;
            }
            // Rendering only fails on a broken writer; there is nothing better to do than stop.
            if !zh {
                if term::emit(out, &config, &self.files, &self.to_codespan(d)).is_err() {
                    break;
                }
                continue;
            }
            // codespan writes the severity in English: render into a buffer and put the word in the header
            let mut buf = if out.supports_color() { Buffer::ansi() } else { Buffer::no_color() };
            if term::emit(&mut buf, &config, &self.files, &self.to_codespan(d)).is_err() {
                break;
            }
            let text = String::from_utf8_lossy(buf.as_slice());
            let english = match d.severity {
                Severity::Error => "error[",
                Severity::Warning => "warning[",
            };
            let text = text.replacen(english, &format!("{}[", severity_word(d.severity)), 1);
            if out.write_all(text.as_bytes()).is_err() {
                break;
            }
        }
    }
}

/// `error` / `warning` in the current language.
pub fn severity_word(s: Severity) -> String {
    match s {
        Severity::Error => jz_i18n::t!("severity-error"),
        Severity::Warning => jz_i18n::t!("severity-warning"),
    }
}

/// The last line of a diagnostic: its help and where `jz explain` says more.
fn help_line(d: &Diagnostic) -> String {
    match &d.help {
        Some(h) => jz_i18n::t!("diag-help", help = h, code = d.code),
        None => jz_i18n::t!("diag-help-only", code = d.code),
    }
}

fn range(s: Span) -> std::ops::Range<usize> {
    s.start as usize..s.end.max(s.start) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_without_a_source_file_is_still_shown() {
        let d =
            Diagnostic::error("E0101", "cannot read `nope.jz`: not found", Span::default()).with_help("check the path");
        let text = SourceMap::new().render_plain(&[d]);
        assert_eq!(
            text,
            "error[E0101]: cannot read `nope.jz`: not found\n  = help: check the path (see `jz explain E0101`)\n\n"
        );
    }
}
