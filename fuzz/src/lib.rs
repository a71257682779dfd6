//! What every fuzz target shares: running on the stack size `jz` uses, the invariants every diagnostic must
//! satisfy, the interpreter over a checked program, and the grammar-based program generator of the
//! structure-aware target (`program`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod gen;

use jz_check::ir::Program;
use jz_check::Checked;
use jz_syntax::{Diagnostic, Span};
use std::path::PathBuf;

type Job = Box<dyn FnOnce() + Send>;

/// Run `f` with the stack `jz` gives its work (1 GiB, of which only what is touched is committed): the parser
/// and checker are allowed to recurse up to the documented limits, which do not fit libFuzzer's default
/// 8 MiB main thread. When the process was started with a main-thread stack of at least 1 GiB
/// (`ulimit -s 1048576`, as scripts/fuzz.sh does) and this is the main thread, `f` runs right here;
/// otherwise one worker thread with a 1 GiB stack serves every input (spawning one per input cost milliseconds
/// under AddressSanitizer, and handing each input to the worker costs two context switches, which on a
/// loaded machine were a large part of an execution). A panic in either place aborts the process
/// (libfuzzer-sys's panic hook), which libFuzzer reports as the crash of the current input.
pub fn on_big_stack(f: impl FnOnce() + Send + 'static) {
    use std::sync::mpsc::{channel, Sender};
    use std::sync::{Mutex, OnceLock};
    static INLINE: OnceLock<bool> = OnceLock::new();
    let inline = INLINE.get_or_init(|| {
        let big = main_stack_is_big();
        let place = if big { "on the main thread" } else { "on a 1 GiB worker thread" };
        eprintln!("jz-fuzz: inputs run {place}");
        big
    });
    if *inline {
        f();
        return;
    }
    static WORKER: OnceLock<Mutex<(Sender<Job>, std::sync::mpsc::Receiver<()>)>> = OnceLock::new();
    let worker = WORKER.get_or_init(|| {
        let (jobs, rx) = channel::<Job>();
        let (done_tx, done) = channel::<()>();
        std::thread::Builder::new()
            .stack_size(1 << 30)
            .spawn(move || {
                for job in rx {
                    job();
                    if done_tx.send(()).is_err() {
                        break;
                    }
                }
            })
            .expect("spawn the fuzzing worker");
        Mutex::new((jobs, done))
    });
    let w = worker.lock().unwrap_or_else(|e| e.into_inner());
    w.0.send(Box::new(f)).expect("the fuzzing worker is gone");
    w.1.recv().expect("the fuzzing worker is gone");
}

/// Bytes of main-thread stack `on_big_stack` needs to run an input in place.
const BIG_STACK: u64 = 1 << 30;

/// Whether the calling thread is the main thread (its stack pointer lies in the `[stack]` mapping) and the
/// main thread may grow to [`BIG_STACK`] (the soft `Max stack size` of /proc/self/limits). Linux only;
/// anywhere else, or if either file cannot be read, the answer is no and the worker thread is used.
fn main_stack_is_big() -> bool {
    let marker = 0u8;
    let here = std::ptr::addr_of!(marker) as usize;
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else { return false };
    let on_main = maps.lines().filter(|l| l.ends_with("[stack]")).any(|l| {
        let range = l.split_whitespace().next().unwrap_or("");
        let mut ends = range.split('-').map(|x| usize::from_str_radix(x, 16).ok());
        matches!((ends.next().flatten(), ends.next().flatten()), (Some(a), Some(b)) if a <= here && here < b)
    });
    let Ok(limits) = std::fs::read_to_string("/proc/self/limits") else { return false };
    let soft = limits
        .lines()
        .find(|l| l.starts_with("Max stack size"))
        .and_then(|l| l.trim_start_matches("Max stack size").split_whitespace().next().map(str::to_string));
    let big = match soft.as_deref() {
        Some("unlimited") => true,
        Some(n) => n.parse::<u64>().is_ok_and(|n| n >= BIG_STACK),
        None => false,
    };
    on_main && big
}

/// An empty directory of this process, made once: `引用` paths resolve against it (no input can bring in a
/// real file) and the data target writes each input there. In memory (`/dev/shm`) where there is one: a file
/// truncated and rewritten on ext4 is flushed to disk on close, which made the data target spend half its
/// time in the kernel (175 exec/s).
pub fn base_dir() -> PathBuf {
    use std::sync::OnceLock;
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = std::path::Path::new("/dev/shm");
        let root = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
        let d = root.join(format!("jz-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("scratch dir");
        d
    })
    .clone()
}

fn spans(d: &Diagnostic) -> impl Iterator<Item = Span> + '_ {
    std::iter::once(d.primary).chain(d.secondary.iter().map(|(s, _)| *s))
}

/// Every span lies inside the text of the file it names, on char boundaries; no diagnostic is the parser's
/// internal "could not read" error (E0002).
pub fn check_diagnostics(text_of: impl Fn(u32) -> String, diags: &[Diagnostic]) {
    for d in diags {
        assert!(d.code != "E0002", "internal parser error: {d:?}");
        for s in spans(d) {
            let text = text_of(s.file);
            let (a, b) = (s.start as usize, s.end as usize);
            assert!(a <= b && b <= text.len(), "span {a}..{b} outside {} bytes: {d:?}", text.len());
            assert!(text.is_char_boundary(a) && text.is_char_boundary(b), "span {a}..{b} not on chars: {d:?}");
        }
    }
}

/// Parse `text` as one file; check the diagnostics.
pub fn parse(text: &str) {
    let (_, diags) = jz_syntax::parse_file(0, text);
    check_diagnostics(|_| text.to_string(), &diags);
}

/// Load and check `text`; check the diagnostics and that they render; when it checks, run its tests and
/// evaluate each record's outputs for the tests' records (errors are fine, panics are not).
pub fn check(text: &str) -> Checked {
    let checked = jz_check::load_text("fuzz.jz", text, &base_dir());
    check_diagnostics(|f| checked.sources.text(f).to_string(), &checked.diagnostics);
    let rendered = checked.sources.render_plain(&checked.diagnostics);
    assert!(checked.diagnostics.is_empty() || !rendered.is_empty());
    if let Some(p) = &checked.program {
        run(p);
    }
    checked
}

/// Run the program's tests (every decision and guarantee of each test's record, through the interpreter).
pub fn run(p: &Program) {
    for r in jz_eval::run_tests(p) {
        let _ = r.passed();
    }
}
