//! The reproductions of issue 23 run against the command-line tool under a memory cap
//! (`prlimit --as`, address space) and a time limit: each must end within both, with an
//! error line or a bounded answer. Scaled so that a debug build runs them in seconds,
//! while each still shows its bound (the full-size figures, measured with a release
//! build, are in `docs/RELIABILITY.md`). Linux only (`prlimit`, `mkfifo`,
//! `/dev/zero`); built with `--features cli`.

#![cfg(all(feature = "cli", target_os = "linux"))]

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::str::contains;

/// The address space each run may use: a few times what the tool needs for the inputs
/// here, far below what each reproduction used to take (32 GiB for V9, all memory for V8).
const MEMORY: &str = "--as=1500000000";

/// The time each run may take (a debug build, on a busy machine).
const TIME: Duration = Duration::from_secs(30);

/// The tool under `prlimit`, with the time limit.
fn capped() -> Command {
    let mut c = Command::new("prlimit");
    c.arg(MEMORY)
        .arg("--")
        .arg(assert_cmd::cargo::cargo_bin("factgraph"))
        .timeout(TIME);
    c
}

fn scratch(name: &str) -> PathBuf {
    common::scratch("resources", name)
}

/// V9: `v3_snapshot_count_bomb.py` as a sparse file (2^28 entities declared, 256 MiB).
#[test]
fn v9_snapshot_count_bomb() {
    let dir = scratch("v9");
    let path = dir.join("bomb.fgsnap");
    let n: u32 = 1 << 28;
    let mut body = vec![0u8];
    body.extend_from_slice(&n.to_le_bytes());
    body.push(0xFF);
    // The header with a body checksum that does not match: the streamed loader decodes
    // before it checks, the path that aborted.
    let mut head = factgraph::snapshot::frame(&[]);
    head.truncate(factgraph::snapshot::HEADER_LEN);
    let len = 5 + u64::from(n);
    head[16..24].copy_from_slice(&len.to_le_bytes());
    let header_crc = crc32(&head[..28]);
    head[28..32].copy_from_slice(&header_crc.to_le_bytes());
    let mut bytes = head;
    bytes.extend_from_slice(&body);
    std::fs::write(&path, &bytes).expect("write");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_len(32 + len))
        .expect("a sparse file");
    capped()
        .arg("stats")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains("snapshot"));
}

/// V8: `v3_read_unbounded.sh`: a 1 GiB sparse `.json`, and links to `/dev/zero` named
/// `.json` and `.jsonl`.
#[test]
fn v8_unbounded_reads() {
    let dir = scratch("v8");
    let big = dir.join("big.json");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(1 << 30))
        .expect("a sparse file");
    capped()
        .arg("stats")
        .arg(&big)
        .assert()
        .code(1)
        .stderr(contains("big.json:1:1:"));
    for name in ["zero.json", "zero.jsonl"] {
        let link = dir.join(name);
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        capped()
            .arg("stats")
            .arg(&link)
            .assert()
            .code(1)
            .stderr(contains("not a regular file (a device)"));
    }
}

/// V7: `v3_merge_fifo.sh`: a FIFO named `upload.json` in a directory, and given.
#[test]
fn v7_fifo() {
    let dir = scratch("v7");
    std::fs::write(
        dir.join("a.json"),
        r#"{"factgraph": 2, "entities": [{"id": "a", "kind": "person", "name": "Ann Example"}]}"#,
    )
    .expect("write");
    let fifo = dir.join("upload.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
    );
    for (command, path) in [("stats", &dir), ("check", &fifo)] {
        capped()
            .arg(command)
            .arg(path)
            .assert()
            .code(1)
            .stderr(contains("not a regular file (a FIFO)"));
    }
}

/// V1: `v3_cypher_didyoumean.py 60000`: 4.4 s and 300 kB of standard error in a release
/// build before; now a bounded hint and a cut quote.
#[test]
fn v1_did_you_mean() {
    let n = 60_000;
    let query = format!(
        "MATCH ({}:country) RETURN {}b",
        "a".repeat(n),
        "a".repeat(n - 1)
    );
    let out = capped().arg("ask").arg(&query).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.len() < 2_000,
        "{} bytes of stderr",
        out.stderr.len()
    );
}

/// V3: `v3_cypher_literal_rows.sh`: a 40 kB literal returned for every person of a
/// synthetic graph (made-up data) of 8,000 entities: more text than the budget's 64 MiB,
/// so the query stops with the budget's error instead of holding it all.
#[test]
fn v3_literal_rows() {
    let dir = scratch("v3");
    let path = dir.join("big.fgsnap");
    synthetic(&path, 8_000);
    let literal = "w".repeat(40_000);
    capped()
        .arg("ask")
        .arg(&path)
        .arg("--no-sources")
        .arg(format!("MATCH (a:person) RETURN '{literal}' AS s"))
        .assert()
        .code(1)
        .stderr(contains("exceeds the budget's bytes limit"));
}

/// A snapshot of a synthetic graph of `n` entities (made-up data).
fn synthetic(path: &Path, n: usize) {
    let config = factgraph::synthetic::SyntheticConfig::new(n, 7);
    factgraph::synthetic::generate(&config)
        .expect("generates")
        .save_snapshot(path)
        .expect("saves");
}

use common::crc32;
