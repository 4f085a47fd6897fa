//! What the command-line tests share: the built binary, and a fresh scratch directory.

use std::path::PathBuf;

use assert_cmd::Command;

/// The `factgraph` binary this test run built (`--features cli`).
pub fn factgraph() -> Command {
    Command::cargo_bin("factgraph").expect("the factgraph binary is built with --features cli")
}

/// A fresh directory under the target directory for one test, named `PREFIX-NAME`.
pub fn scratch_in(prefix: &str, name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{prefix}-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}
