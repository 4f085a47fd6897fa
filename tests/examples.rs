//! Runs every example under `examples/` with `cargo run --quiet --example NAME` and checks
//! that it exits successfully and prints something.
//!
//! The examples are discovered when the test runs, so a new example is covered without
//! editing this file. They are built in a target directory of their own (under this test's
//! `CARGO_TARGET_TMPDIR`) so the nested cargo never waits on the lock of the outer build.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The example names: `examples/NAME.rs` files and `examples/NAME/main.rs` directories.
fn example_names(dir: &Path) -> Vec<String> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| {
        panic!(
            "the examples directory {} cannot be read ({e}); every crate feature is meant \
             to have a runnable example there",
            dir.display()
        )
    });
    let mut names: Vec<String> = entries
        .map(|entry| entry.expect("directory entry").path())
        .filter_map(|path| {
            if path.is_file() && path.extension().is_some_and(|x| x == "rs") {
                path.file_stem().map(|s| s.to_string_lossy().into_owned())
            } else if path.is_dir() && path.join("main.rs").is_file() {
                path.file_name().map(|s| s.to_string_lossy().into_owned())
            } else {
                None
            }
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_example_runs_and_prints() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = manifest_dir.join("examples");
    assert!(
        examples.is_dir(),
        "no examples directory at {}: expected runnable examples under examples/",
        examples.display()
    );
    let names = example_names(&examples);
    assert!(
        !names.is_empty(),
        "the examples directory {} holds no example (NAME.rs or NAME/main.rs)",
        examples.display()
    );

    let target: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("examples-target");
    let mut failures = Vec::new();
    for name in &names {
        let output = Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--example", name, "--manifest-path"])
            .arg(manifest_dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(manifest_dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot start cargo for example `{name}`: {e}"));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            failures.push(format!(
                "example `{name}` failed ({}):\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
                output.status
            ));
        } else if stdout.trim().is_empty() {
            failures.push(format!(
                "example `{name}` printed nothing on stdout\n--- stderr ---\n{stderr}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
}
