//! Runs every example under `examples/` and checks that it exits successfully and prints
//! something.
//!
//! The examples are discovered when the test runs, so a new example is covered without
//! editing this file. `cargo test` builds every example (into `target/<profile>/examples/`)
//! before it runs any test, so this test runs those binaries where they are: no nested
//! cargo, no target directory of its own, no second build of the dependencies. An example
//! whose `required-features` (in `Cargo.toml`) are not all enabled is not built and is
//! skipped; `.ci/run` runs the suite with the default features, which build them all.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

/// The `required-features` of each `[[example]]` section of the manifest, read line by
/// line (the manifest writes each section as `name = "..."` then `required-features = [...]`).
fn required_features(manifest: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_example = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_example = line == "[[example]]";
            continue;
        }
        if !in_example {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let strings = || {
            value
                .split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect::<Vec<String>>()
        };
        match key.trim() {
            "name" => out.push((strings().concat(), Vec::new())),
            "required-features" => {
                if let Some(last) = out.last_mut() {
                    last.1 = strings();
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether this test was built with `feature` on (integration tests get the package's
/// features). An unknown name counts as off, so a new feature shows up as a skipped example
/// rather than as a false failure; the assertion below requires every example to run with
/// the default features.
// With every feature on, each arm is `true` and clippy would have a `matches!`.
#[allow(clippy::match_like_matches_macro)]
fn enabled(feature: &str) -> bool {
    match feature {
        "serde" => cfg!(feature = "serde"),
        "synthetic" => cfg!(feature = "synthetic"),
        "interchange" => cfg!(feature = "interchange"),
        "dot" => cfg!(feature = "dot"),
        "graphml" => cfg!(feature = "graphml"),
        "neo4j" => cfg!(feature = "neo4j"),
        "rdf" => cfg!(feature = "rdf"),
        "cli" => cfg!(feature = "cli"),
        "html" => cfg!(feature = "html"),
        _ => false,
    }
}

#[test]
fn manifest_sections_are_read() {
    let manifest = "[package]\nname = \"p\"\n\n[[example]]\nname = \"a\"\n\
                    required-features = [\"x\", \"y\"]\n\n[[example]]\nname = \"b\"\n\n[[bench]]\nname = \"c\"\n";
    assert_eq!(
        required_features(manifest),
        vec![
            ("a".to_owned(), vec!["x".to_owned(), "y".to_owned()]),
            ("b".to_owned(), vec![])
        ]
    );
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
    let manifest = std::fs::read_to_string(manifest_dir.join("Cargo.toml"))
        .expect("the package manifest is readable");
    let required = required_features(&manifest);

    // This test runs as target/<profile>/deps/examples-<hash>; cargo puts the examples in
    // target/<profile>/examples/.
    let exe = std::env::current_exe().expect("the test knows its own path");
    let bin_dir: PathBuf = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary sits in target/<profile>/deps")
        .join("examples");

    // Started together and then awaited: the examples run in parallel, so this test takes
    // as long as the slowest one.
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    let mut running = Vec::new();
    for name in &names {
        let needs = required
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[][..], |(_, f)| f.as_slice());
        if !needs.iter().all(|f| enabled(f)) {
            skipped.push(name.as_str());
            continue;
        }
        let bin = bin_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
        if !bin.is_file() {
            failures.push(format!(
                "example `{name}` is not built at {}: run the whole suite with `cargo test` \
                 (which builds the examples first), or `cargo build --examples` before \
                 `cargo test --test examples`",
                bin.display()
            ));
            continue;
        }
        let child = Command::new(&bin)
            .current_dir(manifest_dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start example `{name}` ({}): {e}", bin.display()));
        running.push((name, child));
    }
    for (name, child) in running {
        let output = child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("example `{name}` could not be awaited: {e}"));
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
    let defaults = ["serde", "synthetic", "interchange"];
    if defaults.iter().all(|f| enabled(f)) {
        assert!(
            skipped.is_empty(),
            "with the default features every example must run, but these were skipped: {skipped:?}"
        );
    }
}
