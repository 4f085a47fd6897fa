//! Standard output and error that never panic (`print!` panics when a write fails).
//!
//! A closed pipe on standard output (`factgraph ask … | head -1`: the reader has what it
//! wanted) ends the output: that write and every later one are dropped, and the command
//! finishes its other work (such as `merge -o`) and exits as it would have. Any other
//! failure to write (a full disk, `> /dev/full`) is an error: a line on standard error and
//! exit code 1. A failure to write to standard error is ignored: there is nowhere left to
//! report it.

use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use super::Failure;

/// Set once standard output was found closed.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `text` to standard output and flushes it.
pub fn out(text: &str) -> Result<(), Failure> {
    if CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => {
            CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(format!("cannot write to standard output: {e}")),
    }
}

/// Whether standard output was found closed (a loop that prints may stop).
pub fn closed() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

/// A line on standard error.
pub fn err(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}
