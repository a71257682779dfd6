//! Output files that never look complete unless they are: a regular file is written to a temporary file
//! beside its target and renamed over it only by [`Output::commit`]; dropped uncommitted, the temporary
//! file is removed and the target is left as it was. Devices and pipes (`/dev/full`, a FIFO) are written in
//! place; stdout is stdout. Every write error is returned, never swallowed.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

enum Target {
    Stdout,
    /// Renamed to `dest` on commit.
    Temp {
        file: File,
        tmp: PathBuf,
        dest: PathBuf,
        flusher: Flusher,
        unsynced: u64,
    },
    Direct {
        file: File,
    },
}

/// Bytes written between two background `sync_data` calls.
const SYNC_EVERY: u64 = 32 << 20;

/// Writes a temporary file's data to disk in the background while the run goes on, so that the `sync_data`
/// before the rename (a file that is renamed into place must be on disk) has little left to do: for the
/// 260 MB of a 1M-row `--explain` output it was half a second of waiting at the end.
struct Flusher {
    kick: Option<std::sync::mpsc::Sender<()>>,
    done: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Flusher {
    fn new(file: &File) -> Flusher {
        let Ok(clone) = file.try_clone() else { return Flusher { kick: None, done: None } };
        let (kick, wait) = std::sync::mpsc::channel::<()>();
        let done = std::thread::Builder::new()
            .name("jz-sync".into())
            .spawn(move || {
                while wait.recv().is_ok() {
                    while wait.try_recv().is_ok() {}
                    clone.sync_data()?;
                }
                Ok(())
            })
            .ok();
        Flusher { kick: done.as_ref().map(|_| kick), done }
    }

    fn kick(&self) {
        if let Some(k) = &self.kick {
            let _ = k.send(());
        }
    }

    /// Stop the thread; the first error it met, if any.
    fn finish(&mut self) -> std::io::Result<()> {
        self.kick = None;
        match self.done.take().map(std::thread::JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(std::io::Error::other("the background sync thread failed")),
            None => Ok(()),
        }
    }
}

pub struct Output {
    target: Target,
    committed: bool,
    /// The name for messages: the path, or `stdout`.
    pub name: String,
}

impl Output {
    pub fn stdout() -> Output {
        Output { target: Target::Stdout, committed: false, name: "stdout".into() }
    }

    /// An output to `path`, created (with its directory) now so that an unwritable place fails before any
    /// row is read.
    pub fn create(path: &Path) -> std::io::Result<Output> {
        let name = path.display().to_string();
        // /dev/stdout and the like are written in place even when they resolve to a regular file (the shell
        // opened it); devices, FIFOs and sockets too. A regular file anywhere else — also on /dev/shm — is
        // written beside and renamed.
        let descriptor = ["/dev/stdout", "/dev/stderr", "/dev/fd", "/proc/self/fd", "/proc/thread-self/fd"]
            .iter()
            .any(|d| path.starts_with(d))
            || (path.starts_with("/proc") && path.parent().is_some_and(|d| d.ends_with("fd")));
        let special = descriptor || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
        if special {
            let file = std::fs::OpenOptions::new().write(true).open(path)?;
            return Ok(Output { target: Target::Direct { file }, committed: false, name });
        }
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let base = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
        let tmp = dir.join(format!(".{base}.jz-{}.tmp", std::process::id()));
        let file = File::create(&tmp)?;
        let flusher = Flusher::new(&file);
        Ok(Output {
            target: Target::Temp { file, tmp, dest: path.to_path_buf(), flusher, unsynced: 0 },
            committed: false,
            name,
        })
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match &mut self.target {
            Target::Stdout => std::io::stdout().lock().write_all(bytes),
            Target::Direct { file } => file.write_all(bytes),
            Target::Temp { file, flusher, unsynced, .. } => {
                file.write_all(bytes)?;
                *unsynced += bytes.len() as u64;
                if *unsynced >= SYNC_EVERY {
                    *unsynced = 0;
                    flusher.kick();
                }
                Ok(())
            }
        }
    }

    /// Everything was written: flush, and put the file in place.
    pub fn commit(mut self) -> std::io::Result<()> {
        self.committed = true;
        match &mut self.target {
            Target::Stdout => std::io::stdout().lock().flush(),
            Target::Direct { file } => file.flush(),
            Target::Temp { file, tmp, dest, flusher, .. } => {
                file.flush()?;
                flusher.finish()?;
                file.sync_data()?;
                std::fs::rename(&*tmp, &*dest)
            }
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let (false, Target::Temp { tmp, flusher, .. }) = (self.committed, &mut self.target) {
            // the thread is told to stop and left to end by itself: its handle does not keep the name
            flusher.kick = None;
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Do the two paths name the same file (also through another path, a symbolic or a hard link)? A path
/// that does not exist is no file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                x.dev() == y.dev() && x.ino() == y.ino()
            }
            #[cfg(not(unix))]
            {
                let _ = (x, y);
                matches!((a.canonicalize(), b.canonicalize()), (Ok(p), Ok(q)) if p == q)
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_uncommitted_output_leaves_the_target_as_it_was() {
        let dir = std::env::temp_dir().join(format!("jz-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.csv");
        std::fs::write(&target, "old\n").unwrap();
        let mut o = Output::create(&target).unwrap();
        o.write_all(b"new\n").unwrap();
        drop(o);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "the temporary file is removed");
        let mut o = Output::create(&target).unwrap();
        o.write_all(b"new\n").unwrap();
        o.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
        let link = dir.join("link.csv");
        let _ = std::fs::remove_file(&link);
        std::fs::hard_link(&target, &link).unwrap();
        assert!(same_file(&target, &link));
        assert!(same_file(&target, &dir.join("..").join(dir.file_name().unwrap()).join("out.csv")));
        assert!(!same_file(&target, &dir.join("missing.csv")));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A regular file in a tmpfs under /dev (/dev/shm, where operators put scratch output) is an ordinary
    /// target: created when new, replaced whole (never overwritten in place, which left the old file's tail
    /// behind a shorter output), renamed only on commit.
    #[test]
    fn a_regular_file_under_dev_shm_is_created_and_replaced_whole() {
        let shm = Path::new("/dev/shm");
        if !shm.is_dir() {
            return;
        }
        let target = shm.join(format!("jz-output-{}.csv", std::process::id()));
        let _ = std::fs::remove_file(&target);
        let mut o = Output::create(&target).unwrap();
        o.write_all(b"a much longer first output\n").unwrap();
        o.commit().unwrap();
        let mut o = Output::create(&target).unwrap();
        o.write_all(b"short\n").unwrap();
        drop(o);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "a much longer first output\n");
        let mut o = Output::create(&target).unwrap();
        o.write_all(b"short\n").unwrap();
        o.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "short\n");
        std::fs::remove_file(&target).unwrap();
    }
}
