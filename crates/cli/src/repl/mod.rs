//! `jz repl [POLICY]`: questions asked interactively. On a terminal the line editor gives history (kept in
//! a file across sessions), multi-line entry, Tab completion, hints and bracket matching; Ctrl-C cancels the
//! line (or a long evaluation), Ctrl-D leaves. Without a terminal (a script piped in) the same commands are
//! read line by line, an open bracket continuing the entry; the exit status is then 1 if any entry failed.

mod command;
mod data;
mod explain;
mod helper;
mod session;

use helper::ReplHelper;
use jz_i18n::t;
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{CompletionType, Config, Editor};
use session::{Flow, Session};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Set by Ctrl-C while a command runs (at the prompt the line editor reads Ctrl-C as a key).
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

pub fn run(policy: Option<&Path>) -> u8 {
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if interactive {
        // without a handler a Ctrl-C during a long evaluation would end the session
        let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    }
    if interactive {
        println!("{}", t!("repl-banner", version = env!("CARGO_PKG_VERSION")));
    }
    let mut session = Session::new(Arc::new(|| INTERRUPTED.load(Ordering::Relaxed)));
    let mut failed = false;
    if let Some(p) = policy {
        let mut out = std::io::stdout();
        if let Err(f) = session.load(p, &mut out) {
            session.report(&f);
            failed = true;
        }
    }
    if interactive {
        interactive_loop(session)
    } else {
        piped_loop(session, failed)
    }
}

/// Where the history is kept: `$JZ_HISTORY`, else `$XDG_STATE_HOME/jingzhun/history`, else
/// `~/.local/state/jingzhun/history`.
fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("JZ_HISTORY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let state = std::env::var_os("XDG_STATE_HOME").filter(|p| !p.is_empty()).map(PathBuf::from).or_else(|| {
        std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| PathBuf::from(h).join(".local/state"))
    })?;
    Some(state.join("jingzhun").join("history"))
}

fn interactive_loop(mut session: Session) -> u8 {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .history_ignore_space(true)
        .max_history_size(10_000)
        .map(|b| b.build())
        .unwrap_or_default();
    let mut rl: Editor<ReplHelper, FileHistory> = match Editor::with_config(config) {
        Ok(rl) => rl,
        Err(e) => {
            eprintln!("{}", t!("repl-cannot-start", error = e));
            return 1;
        }
    };
    rl.set_helper(Some(ReplHelper::new(Rc::clone(&session.names))));
    let history = history_path();
    if let Some(h) = &history {
        if let Some(dir) = h.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if h.exists() {
            if let Err(e) = rl.load_history(h) {
                eprintln!("{}", t!("repl-history-unreadable", path = h.display(), error = e));
            }
        }
    }
    let mut out = std::io::stdout();
    loop {
        INTERRUPTED.store(false, Ordering::SeqCst);
        match rl.readline(&session.prompt()) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = rl.add_history_entry(line.as_str());
                    if let Some(h) = &history {
                        // written after every entry, so a killed terminal loses nothing
                        if let Err(e) = rl.append_history(h) {
                            eprintln!("{}", t!("repl-history-unwritable", path = h.display(), error = e));
                        }
                    }
                }
                let r = session.exec(&line, &mut out);
                let _ = out.flush();
                match r {
                    Ok(Flow::Quit) => break,
                    Ok(Flow::Continue) => {}
                    Err(f) => session.report(&f),
                }
            }
            // Ctrl-C: the line is dropped, a fresh prompt follows
            Err(ReadlineError::Interrupted) => {}
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("{}", t!("repl-reading-input", error = e));
                return 1;
            }
        }
    }
    0
}

fn piped_loop(mut session: Session, mut failed: bool) -> u8 {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    let mut entry = String::new();
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{}", t!("repl-reading-input", error = e));
                return 1;
            }
        };
        if !entry.is_empty() {
            entry.push('\n');
        }
        entry.push_str(&line);
        if command::needs_more(&entry) {
            continue;
        }
        let r = session.exec(&entry, &mut out);
        entry.clear();
        if out.flush().is_err() {
            return if failed { 1 } else { 0 };
        }
        match r {
            Ok(Flow::Quit) => return if failed { 1 } else { 0 },
            Ok(Flow::Continue) => {}
            Err(f) => {
                session.report(&f);
                failed = true;
            }
        }
    }
    if !entry.trim().is_empty() {
        eprintln!("{}", t!("repl-open-bracket", line = entry.lines().next().unwrap_or("")));
        failed = true;
    }
    if failed {
        1
    } else {
        0
    }
}
