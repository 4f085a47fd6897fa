//! Writing files so that a reader never sees half of one: each file is written to a
//! temporary file in the same directory, synced to disk and renamed over the old one;
//! a directory export is written to a temporary directory and swapped in.
//!
//! A failed write (a full disk, a read-only or missing directory, an error from the
//! serializer) returns the I/O error, removes the temporary file and leaves the old file
//! as it was.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A name for a temporary sibling of `path`, unique within this process and unlikely to
/// clash with another's: `.NAME.PID.N.tmp`.
fn temp_sibling(path: &Path, what: &str) -> io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} names no file", path.display()),
        )
    })?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut temp = std::ffi::OsString::from(".");
    temp.push(name);
    temp.push(format!(".{}.{n}.{what}", std::process::id()));
    Ok(path.with_file_name(temp))
}

/// What kind of thing `meta` describes, for an error about something that is not a
/// regular file.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
    }
    "a special file"
}

/// Checks, before opening it, that `path` (after following symbolic links) is a regular
/// file, and returns its length. Opening a FIFO blocks until a writer comes, and a device
/// such as `/dev/zero` never ends: input files must be regular files.
///
/// # Errors
/// The error of reading the file's metadata, or [`io::ErrorKind::InvalidInput`] naming
/// what the path is instead ("not a regular file (a FIFO)").
pub fn regular_file_len(path: &Path) -> io::Result<u64> {
    let meta = fs::metadata(path)?;
    if meta.is_file() {
        Ok(meta.len())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a regular file ({})", kind_of(&meta)),
        ))
    }
}

/// The directory `path` is in ("." for a bare file name).
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Syncs a directory so that a rename in it survives a crash (a no-op where directories
/// cannot be opened for syncing).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The process id in the name of a temporary sibling of `name`, if `entry` is one:
/// `.NAME.PID.N.tmp` (this module's) or `.NAME.PID.tmp` (the command-line tool's, before
/// it wrote through this module).
fn temp_pid(entry: &std::ffi::OsStr, name: &std::ffi::OsStr) -> Option<u32> {
    let entry = entry.to_str()?;
    let rest = entry
        .strip_prefix('.')?
        .strip_prefix(name.to_str()?)?
        .strip_prefix('.')?
        .strip_suffix(".tmp")?;
    let (pid, n) = match rest.split_once('.') {
        Some((pid, n)) => (pid, Some(n)),
        None => (rest, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || n.is_some_and(|n| !digits(n)) {
        return None;
    }
    pid.parse().ok()
}

/// Whether the temporary file of process `pid`, last changed at `modified`, was left by a
/// process that no longer runs. Where `/proc` lists the running processes that decides;
/// elsewhere a file untouched for a day counts as left behind.
fn is_stale(pid: u32, modified: Option<std::time::SystemTime>) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return !proc.join(pid.to_string()).exists();
    }
    modified
        .and_then(|m| m.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(24 * 3600))
}

/// Removes the temporary siblings of `path` that earlier writes left when their process
/// was killed before it could clean up (`kill -9`, a power cut): files and directories
/// named `.NAME.PID.N.tmp` whose process no longer runs. Returns what was removed, with
/// the bytes each held (0 for a directory). [`write_atomically`] calls it before each
/// write, so a killed export costs its disk space only until the next write of the same
/// file.
///
/// # Errors
/// The error of listing the directory. A file that cannot be removed is left and not
/// listed.
pub fn remove_stale_temps(path: &Path) -> io::Result<Vec<(PathBuf, u64)>> {
    let Some(name) = path.file_name() else {
        return Ok(Vec::new());
    };
    let mut removed = Vec::new();
    for entry in fs::read_dir(parent_of(path))? {
        let Ok(entry) = entry else { continue };
        let Some(pid) = temp_pid(&entry.file_name(), name) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !is_stale(pid, meta.modified().ok()) {
            continue;
        }
        let p = entry.path();
        let gone = if meta.is_dir() {
            fs::remove_dir_all(&p)
        } else {
            fs::remove_file(&p)
        };
        if gone.is_ok() {
            removed.push((p, if meta.is_dir() { 0 } else { meta.len() }));
        }
    }
    Ok(removed)
}

/// Writes the file at `path` atomically with what `write` writes: to a temporary file in
/// the same directory, flushed and synced, then renamed over `path`. If `write` or any
/// step fails, the error is returned, the temporary file is removed and the file at `path`
/// (if any) is untouched. Temporary files of earlier writes of `path` whose process was
/// killed are removed first ([`remove_stale_temps`]).
///
/// # Errors
/// The error `write` returns, or the I/O error of creating, syncing or renaming the file.
///
/// ```
/// use std::io::Write;
/// use factgraph::interchange::file::write_atomically;
/// let dir = std::env::temp_dir().join(format!("factgraph-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("notes.txt");
/// write_atomically(&path, |w| w.write_all(b"first"))?;
/// let failed = write_atomically(&path, |w| {
///     w.write_all(b"half a sec")?;
///     Err(std::io::Error::other("the serializer gave up"))
/// });
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read_to_string(&path)?, "first");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>) -> io::Result<()>,
) -> io::Result<()> {
    // Best effort: a directory that cannot be listed fails below anyway.
    let _ = remove_stale_temps(path);
    let temp = temp_sibling(path, "tmp")?;
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    let result = (|| {
        let mut w = BufWriter::new(&file);
        write(&mut w)?;
        w.flush()?;
        drop(w);
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    match result {
        Ok(()) => {
            sync_dir(parent_of(path));
            Ok(())
        }
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Writes a directory atomically as far as the file system allows: `fill` writes the
/// files into a fresh temporary directory beside `dir`, whose files are synced; then the
/// old `dir` (if any) is moved aside, the new one renamed into place and the old one
/// removed. If `fill` or any step before the swap fails, `dir` is untouched; if the
/// second rename fails, the old directory is moved back.
///
/// `dir` must be a directory this crate wrote (only `.csv` files and `import.sh`), or
/// missing: a directory holding anything else is not replaced
/// ([`io::ErrorKind::AlreadyExists`]).
#[cfg(feature = "neo4j")]
pub(crate) fn replace_dir<T>(
    dir: &Path,
    ours: impl Fn(&str) -> bool,
    fill: impl FnOnce(&Path) -> io::Result<T>,
) -> io::Result<T> {
    if dir.exists() {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let is_ours = name.to_str().is_some_and(&ours) && entry.file_type()?.is_file();
            if !is_ours {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "{} holds {:?}, which this export did not write; not replaced",
                        dir.display(),
                        name
                    ),
                ));
            }
        }
    }
    let _ = remove_stale_temps(dir);
    let temp = temp_sibling(dir, "tmp")?;
    fs::create_dir(&temp)?;
    let filled = fill(&temp).and_then(|value| {
        for entry in fs::read_dir(&temp)? {
            File::open(entry?.path())?.sync_all()?;
        }
        sync_dir(&temp);
        Ok(value)
    });
    let value = match filled {
        Ok(v) => v,
        Err(e) => {
            let _ = fs::remove_dir_all(&temp);
            return Err(e);
        }
    };
    let old = temp_sibling(dir, "old")?;
    let had_old = match fs::rename(dir, &old) {
        Ok(()) => true,
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => {
            let _ = fs::remove_dir_all(&temp);
            return Err(e);
        }
    };
    if let Err(e) = fs::rename(&temp, dir) {
        if had_old {
            let _ = fs::rename(&old, dir);
        }
        let _ = fs::remove_dir_all(&temp);
        return Err(e);
    }
    sync_dir(parent_of(dir));
    if had_old {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(value)
}

#[cfg(test)]
mod stale_tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised() {
        let name = std::ffi::OsStr::new("k.nt");
        let pid = |e: &str| temp_pid(std::ffi::OsStr::new(e), name);
        assert_eq!(pid(".k.nt.123.0.tmp"), Some(123));
        assert_eq!(pid(".k.nt.123.tmp"), Some(123));
        assert_eq!(pid(".k.nt.123.0.old"), None);
        assert_eq!(pid(".k.nt.x.tmp"), None);
        assert_eq!(pid(".k.ntx.123.tmp"), None);
        assert_eq!(pid("k.nt"), None);
        assert_eq!(pid(".other.123.0.tmp"), None);
    }

    #[test]
    fn a_temporary_file_of_a_killed_write_is_removed_by_the_next() {
        let dir = std::env::temp_dir().join(format!("factgraph-stale-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("k.nt");
        fs::write(&path, "old").unwrap();
        // A process id no system hands out (above Linux's 2^22 maximum), and this one's.
        let dead = dir.join(".k.nt.4294967294.0.tmp");
        let mine = dir.join(format!(".k.nt.{}.7.tmp", std::process::id()));
        fs::write(&dead, "half a file").unwrap();
        fs::write(&mine, "being written").unwrap();
        write_atomically(&path, |w| w.write_all(b"new")).unwrap();
        if Path::new("/proc/self").exists() {
            assert!(!dead.exists(), "the killed write's file is removed");
        }
        assert!(mine.exists(), "a running process's file is left");
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        fs::remove_dir_all(&dir).unwrap();
    }
}

#[cfg(all(test, feature = "neo4j"))]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("factgraph-file-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_directory_export_that_fails_partway_leaves_the_old_one() {
        let root = scratch("dir");
        let dir = root.join("neo4j");
        let ours = |n: &str| n.ends_with(".csv");
        replace_dir(&dir, ours, |t| {
            fs::write(t.join("a.csv"), "old a")?;
            fs::write(t.join("b.csv"), "old b")
        })
        .unwrap();
        let failed = replace_dir(&dir, ours, |t| {
            fs::write(t.join("a.csv"), "new a")?;
            Err::<(), _>(io::Error::other("disk full, say"))
        });
        assert!(failed.is_err());
        assert_eq!(names(&dir), ["a.csv", "b.csv"]);
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "old a");
        assert_eq!(names(&root), ["neo4j"], "no temporary directory left");
        // A new export replaces the whole set: no stale file stays.
        replace_dir(&dir, ours, |t| fs::write(t.join("c.csv"), "new c")).unwrap();
        assert_eq!(names(&dir), ["c.csv"]);
        assert_eq!(names(&root), ["neo4j"]);
        // A directory with other files is not replaced.
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        let refused = replace_dir(&dir, ours, |t| fs::write(t.join("d.csv"), "d"));
        assert_eq!(
            refused.err().map(|e| e.kind()),
            Some(io::ErrorKind::AlreadyExists)
        );
        assert_eq!(names(&dir), ["c.csv", "notes.txt"]);
        fs::remove_dir_all(&root).unwrap();
    }
}
