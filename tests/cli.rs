//! The `factgraph` command-line tool, end to end: run as a user would, output and exit
//! codes checked. Built only with `--features cli`.
#![cfg(feature = "cli")]

use std::path::PathBuf;

mod cli_support;

use cli_support::{factgraph, scratch_in};
use factgraph::KnowledgeGraph;
use factgraph::datasets::KAZAKHSTAN_DEFENCE_FILES;
use predicates::prelude::*;
use predicates::str::contains;

fn scratch(name: &str) -> PathBuf {
    scratch_in("cli", name)
}

/// Two real report files of the corpus, written out.
fn two_reports(dir: &std::path::Path) -> Vec<PathBuf> {
    KAZAKHSTAN_DEFENCE_FILES[..2]
        .iter()
        .map(|(name, text)| {
            let p = dir.join(name);
            std::fs::write(&p, text).expect("write a report file");
            p
        })
        .collect()
}

#[test]
fn ask_answers_about_the_corpus_with_citations() {
    factgraph()
        .args([
            "ask",
            "MATCH (p:Person)-[m:met]-(q:Person {name: $who}) RETURN p.name, m.date ORDER BY m.date",
            "--param",
            "who=Sembinov",
        ])
        .assert()
        .success()
        .stdout(contains("Richard Armitage"))
        .stdout(contains("| facts"))
        .stdout(contains("[1] Bolat Sembinov met"))
        .stdout(contains("Eurasia Daily Monitor"));
}

#[test]
fn ask_formats_json_and_csv() {
    let q = "MATCH (a)-[:participated_in]->(:exercise {name: \"Steppe Eagle 2004\"}) RETURN DISTINCT a.name ORDER BY a.name";
    let out = factgraph()
        .args(["ask", q, "--format", "json", "--sources"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON output");
    assert_eq!(json["columns"][0], "a.name");
    let rows = json["rows"].as_array().expect("rows");
    assert!(rows.iter().any(|r| r["values"][0] == "Kazakhstan"));
    assert!(
        rows.iter()
            .all(|r| !r["citations"][0]["sources"].as_array().unwrap().is_empty())
    );
    factgraph()
        .args(["ask", q, "-f", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("a.name,fact_keys,reports,"))
        .stdout(contains("\nKazakhstan,"));
    factgraph()
        .args(["ask", q, "-f", "csv", "--no-sources"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("a.name\n"))
        .stdout(contains("\nKazakhstan\n"));
}

#[test]
fn a_bad_query_exits_1_with_line_and_column() {
    factgraph()
        .args(["ask", "MATCH (c:country)-[:mett]-(p)\nRETURN c"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains(
            "factgraph: error: 1:21: unknown relation `mett`; did you mean `met`?",
        ))
        .stderr(contains("                      ^"));
    factgraph()
        .args(["ask", "MATCH (a)\nRETURN"])
        .assert()
        .code(1)
        .stderr(contains("factgraph: error: 2:7: syntax error"));
}

#[test]
fn usage_errors_exit_2() {
    factgraph().args(["ask"]).assert().code(2);
    factgraph().args(["frobnicate"]).assert().code(2);
    factgraph()
        .args(["export", "--format", "pdf"])
        .assert()
        .code(2);
}

#[test]
fn check_reports_every_error_with_its_location() {
    let dir = scratch("check");
    let good = two_reports(&dir);
    let bad_json = dir.join("bad.json");
    std::fs::write(&bad_json, "{\n  \"factgraph\": 2,\n  \"entities\": [\n    {\"id\": \"x\", \"kind\": \"spaceship\", \"name\": \"X\"}\n  ]\n}\n").unwrap();
    let bad_lines = dir.join("bad.jsonl");
    std::fs::write(
        &bad_lines,
        "{\"entity\": {\"id\": \"a\", \"kind\": \"country\", \"name\": \"Ruritania\"}}\n\
         {not json\n\
         {\"entity\": {\"id\": \"b\", \"kind\": \"country\", \"name\": \"Freedonia\"}}\n\
         {\"fact\": {\"relation\": \"met\", \"subject\": \"a\", \"object\": \"Nowhere\"}}\n",
    )
    .unwrap();
    let assert = factgraph()
        .arg("check")
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(contains(format!("{}:4:", bad_json.display())))
        .stderr(contains(format!("{}:2:", bad_lines.display())))
        .stderr(contains(format!("{}:4:", bad_lines.display())))
        .stderr(contains("factgraph: error: 3 errors found"));
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("spaceship"), "{stderr}");
    // The good files alone pass.
    factgraph()
        .arg("check")
        .args(&good)
        .assert()
        .success()
        .stdout(contains("ok"));
    factgraph()
        .args(["check", "no/such/file.json"])
        .assert()
        .code(1)
        .stderr(contains("factgraph: error: no/such/file.json"));
}

#[test]
fn merge_writes_a_file_that_loads() {
    let dir = scratch("merge");
    let files = two_reports(&dir);
    let out = dir.join("out").join("merged.json");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    factgraph()
        .arg("merge")
        .args(&files)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("facts"));
    let text = std::fs::read_to_string(&out).expect("merged file written");
    let g = KnowledgeGraph::from_json(&text).expect("the merged file loads");
    assert_eq!(g.report_count(), 2);
    let mut expected = KnowledgeGraph::new();
    expected
        .merge_paths(&files, &factgraph::corpus::MergePolicy::new())
        .unwrap();
    assert_eq!(g.fact_count(), expected.fact_count());
    // No temporary file left behind.
    let left: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
    // The merged file is a report file the tool reads.
    factgraph()
        .arg("ask")
        .arg(&out)
        .arg("MATCH (r:person) RETURN count(*)")
        .assert()
        .success()
        .stdout(contains("(1 row)"));
}

/// `merge -o X.fgsnap` writes a snapshot; every command loads it, alone or as the graph
/// further report files merge into, with the same answers as from the report files; a
/// damaged snapshot is an error that names the file, and `check` says what is wrong.
#[test]
fn snapshots_from_merge_load_everywhere() {
    let dir = scratch("snapshot");
    let files = two_reports(&dir);
    let snap = dir.join("corpus.fgsnap");
    factgraph()
        .arg("merge")
        .arg(&files[0])
        .arg("-o")
        .arg(&snap)
        .assert()
        .success();
    let loaded = KnowledgeGraph::load_snapshot(&snap).expect("the snapshot loads");
    assert_eq!(loaded.report_count(), 1);
    let query = "MATCH (p:person) RETURN p.name ORDER BY p.name";
    let ask = |paths: &[&std::path::Path]| {
        let out = factgraph()
            .arg("ask")
            .args(paths)
            .arg(query)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(ask(&[&snap]), ask(&[&files[0]]));
    assert_eq!(ask(&[&snap, &files[1]]), ask(&[&files[0], &files[1]]));
    // Only first.
    factgraph()
        .arg("ask")
        .arg(&files[1])
        .arg(&snap)
        .arg(query)
        .assert()
        .failure()
        .stderr(contains("only be the first path"));
    // A flipped byte: refused on load and by check, naming the file. (The middle of the
    // file is inside a checksummed section.)
    let mut bytes = std::fs::read(&snap).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    let bad = dir.join("bad.fgsnap");
    std::fs::write(&bad, &bytes).expect("write");
    factgraph()
        .arg("stats")
        .arg(&bad)
        .assert()
        .failure()
        .stderr(contains("checksum"));
    factgraph()
        .arg("check")
        .arg(&bad)
        .arg(&snap)
        .assert()
        .failure()
        .stderr(contains("bad.fgsnap").and(contains("checksum")));
}

#[test]
fn export_writes_each_format() {
    let dir = scratch("export");
    for (format, name, needle) in [
        ("ntriples", "g.nt", "<"),
        ("graphml", "g.graphml", "<graphml"),
        ("dot", "g.dot", "digraph"),
        ("jsonl", "g.jsonl", "{\"entity\""),
        ("nquads", "g.nq", "<https://factgraph.example/id/report/"),
        ("trig", "g.trig", "id:report\\/"),
    ] {
        let out = dir.join(name);
        factgraph()
            .args(["export", "--format", format, "-o"])
            .arg(&out)
            .assert()
            .success();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(needle), "{format}");
    }
    factgraph()
        .args(["export", "-f", "turtle"])
        .assert()
        .success()
        .stdout(contains("@prefix"));
    let neo = dir.join("neo4j");
    factgraph()
        .args(["export", "-f", "neo4j", "-o"])
        .arg(&neo)
        .assert()
        .success();
    assert!(neo.join("import.sh").exists());
    #[cfg(feature = "parquet")]
    {
        let parquet = dir.join("parquet");
        factgraph()
            .args(["export", "-f", "parquet", "-o"])
            .arg(&parquet)
            .assert()
            .success();
        assert!(parquet.join("facts.parquet").exists());
        assert!(parquet.join("quantities.parquet").exists());
        assert!(parquet.join("events.parquet").exists());
    }
}

#[test]
fn search_brief_and_stats() {
    factgraph()
        .args(["search", "training session", "-n", "1"])
        .assert()
        .success()
        .stdout(contains(
            "1. Operational and mobilization training session (17 November 2004) (event)",
        ));
    factgraph()
        .args(["search", "Ministry of Defence"])
        .assert()
        .success()
        .stdout(contains("1. Ministry of Defense of Kazakhstan"))
        .stdout(contains("United States Department of Defense"));
    factgraph()
        .args(["stats"])
        .assert()
        .success()
        .stdout(contains("entities by kind:"));
    let dir = scratch("brief");
    let files = two_reports(&dir);
    factgraph()
        .arg("brief")
        .args(&files)
        .assert()
        .success()
        .stdout(contains("== What changed: the 2 files merged =="))
        .stdout(contains("BRIEFING"));
}

/// The README's quick start and the CLI guide show what the tool prints.
#[test]
fn the_readme_quick_start_is_real_output() {
    let readme = concat!(include_str!("../README.md"), include_str!("../docs/CLI.md"));
    let mut shown_asks = 0;
    for (start, _) in readme.match_indices("$ factgraph ask ") {
        let block = &readme[start..];
        let block = &block[..block.find("\n```").expect("the block ends")];
        let (command, shown) = block.split_once('\n').expect("a command line, then output");
        assert!(command.contains("--param who=Altynbayev"), "{command}");
        let query = command
            .split('\'')
            .nth(1)
            .expect("the query is in single quotes");
        let out = factgraph()
            .args(["ask", query, "--param", "who=Altynbayev"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert_eq!(String::from_utf8_lossy(&out).trim_end(), shown.trim_end());
        shown_asks += 1;
    }
    assert_eq!(
        shown_asks, 3,
        "the README's quick start, the guide's meetings and shortest path"
    );
}

#[test]
fn check_lists_every_error_of_a_json_document() {
    let dir = scratch("check-several");
    // A MADE-UP document with an error on lines 4, 6 and 9 (and a fact naming the refused
    // entity, not reported again).
    let text = r#"{"factgraph": 2,
  "entities": [
    {"id": "fake_a", "kind": "person", "name": "Ann Fakeperson"},
    {"id": "fake_b", "kind": "persn", "name": "Bob Fakeperson"},
    {"id": "fake_c", "kind": "country", "name": "Fakeland"},
    {"id": "fake_a", "kind": "country", "name": "Fakeland Again"}],
  "facts": [
    {"relation": "met", "subject": "fake_a", "object": "fake_b"},
    {"relation": "visited", "subject": "fake_a", "object": "fake_c", "date": "2004-13"}]}
"#;
    let file = dir.join("several.json");
    std::fs::write(&file, text).expect("write");
    let f = file.display().to_string();
    factgraph()
        .args(["check", &f])
        .assert()
        .code(1)
        .stderr(contains(format!(
            "{f}:4:30: entity `fake_b`: unknown entity kind `persn`"
        )))
        .stderr(contains(format!("{f}:6:12: duplicate entity id `fake_a`")))
        .stderr(contains(format!("{f}:9:78: fact 2: date")))
        .stderr(contains("factgraph: error: 3 errors found"))
        .stderr(contains("fake_b` is not an entity").not());
    // A bound lists the first errors and counts the others.
    factgraph()
        .args(["check", "--max-errors", "1", &f])
        .assert()
        .code(1)
        .stderr(contains(format!(
            "{f}: ... and 2 more errors (only the first 1 are listed; see --max-errors)"
        )))
        .stderr(contains("factgraph: error: 3 errors found"));
    // Malformed JSON stops the file, after what came before it.
    std::fs::write(&file, text.replace("\"Fakeland\"},", "\"Fakeland\"}")).expect("write");
    factgraph()
        .args(["check", &f])
        .assert()
        .code(1)
        .stderr(contains(format!("{f}:4:30:")))
        .stderr(contains(format!("{f}:6:5: malformed JSON")))
        .stderr(contains("checking stopped at the error above"))
        .stderr(contains("factgraph: error: 2 errors found"));
}

#[test]
fn the_progress_bar_shows_when_asked() {
    let dir = scratch("progress");
    let files = two_reports(&dir);
    // Forced on, the bar is drawn on standard error even though it is a pipe here, and
    // cleared at the end (carriage return, erase line); standard output is untouched.
    let out = factgraph()
        .args(["stats", "--progress", "always"])
        .args(&files)
        .assert()
        .success()
        .stderr(contains("/2 files"))
        .stderr(contains("\r\x1b[2K"))
        .get_output()
        .clone();
    let quiet = factgraph()
        .args(["stats", "--progress", "never"])
        .args(&files)
        .assert()
        .success()
        .stderr(contains("files").not())
        .get_output()
        .clone();
    assert_eq!(out.stdout, quiet.stdout);
    // `auto` (the default) draws only on a terminal: not on this pipe.
    factgraph()
        .arg("stats")
        .args(&files)
        .assert()
        .success()
        .stderr(contains("files").not());
    // The bar ticks once per file, for `check` too.
    factgraph()
        .args(["--progress", "always", "check"])
        .args(&files)
        .assert()
        .success()
        .stderr(contains("2/2 files"));
    factgraph()
        .args(["stats", "--progress", "sometimes"])
        .assert()
        .code(2)
        .stderr(contains("possible values: auto, always, never"));
}

#[test]
fn ask_finds_a_shortest_path() {
    factgraph()
        .args([
            "ask",
            "MATCH p = shortestPath((a {name: $a})-[*..4]-(b {name: $b})) RETURN p, length(p) AS hops",
            "-p",
            "a=Mira Ricardel",
            "-p",
            "b=Steppe Eagle 2004",
        ])
        .assert()
        .success()
        .stdout(contains("Mira Ricardel -["))
        .stdout(contains("-> Steppe Eagle 2004"))
        .stdout(contains("[1] "));
}

/// The binary, for tests that need std's `Command` (to give it a closed pipe or a full
/// device as standard output).
fn binary() -> std::process::Command {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("factgraph"))
}

/// V10: a full device on standard output is an error line and exit 1 for every command
/// that prints (it was a panic, exit 101, for all but `export`).
#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_is_an_error_not_a_panic() {
    // One small report file rather than the built-in corpus: a debug build loads it faster.
    let dir = scratch("full-output");
    let file = two_reports(&dir).swap_remove(0);
    for args in [
        &["stats"][..],
        &["brief"],
        &["ask", "MATCH (a:person) RETURN a.name"],
        &["search", "Kazakhstan"],
        &["export", "-f", "json"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let (command, rest) = args.split_first().expect("a command");
        let out = binary()
            .arg(command)
            .arg(&file)
            .args(rest)
            .stdout(full)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

/// V10: a closed pipe on standard output (`| head -1`) ends the output: exit 0, no panic,
/// and `merge -o` still writes its file after its report found the pipe closed.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let dir = scratch("closed-pipe");
    let files = two_reports(&dir);
    let merged = dir.join("merged.json");
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["stats".into(), files[0].clone().into_os_string()],
        vec![
            "ask".into(),
            files[0].clone().into_os_string(),
            "MATCH (a:person) RETURN a.name".into(),
        ],
        vec![
            "export".into(),
            files[0].clone().into_os_string(),
            "-f".into(),
            "ntriples".into(),
        ],
        std::iter::once("merge".into())
            .chain(files.iter().map(|f| f.clone().into_os_string()))
            .chain(["-o".into(), merged.clone().into_os_string()])
            .collect(),
    ];
    for args in runs {
        let mut child = binary()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("runs");
        // The reader goes away before the tool has loaded anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    let written = std::fs::read_to_string(&merged).expect("merge -o wrote its file");
    assert!(KnowledgeGraph::from_json(&written).is_ok());
}

/// V14: paths are taken as the system gives them: a file name that is not UTF-8 is
/// accepted by `ask` and `search` as by the other commands (clap refused it).
#[cfg(target_os = "linux")]
#[test]
fn paths_need_not_be_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("non-utf8");
    let (_, text) = KAZAKHSTAN_DEFENCE_FILES[0];
    let path = dir.join(std::ffi::OsStr::from_bytes(b"bad\xff\xfe.json"));
    std::fs::write(&path, text).expect("a file with a non-UTF-8 name");
    factgraph()
        .arg("ask")
        .arg(&path)
        .arg("MATCH (a:person) RETURN count(a) AS n")
        .assert()
        .success()
        .stdout(contains("n"));
    factgraph()
        .arg("search")
        .arg(&path)
        .arg("Kazakhstan")
        .assert()
        .success();
    factgraph().arg("stats").arg(&path).assert().success();
    // The query itself must be text.
    factgraph()
        .arg("ask")
        .arg(std::ffi::OsStr::from_bytes(b"MATCH (a) RETURN \xff"))
        .assert()
        .code(1)
        .stderr(contains("the query (the last argument) is not valid UTF-8"));
}

/// V16: a temporary file left by an export that was killed (`kill -9`) is removed by the
/// next export of the same file, which says so; a running process's is left alone.
#[cfg(target_os = "linux")]
#[test]
fn a_killed_exports_temporary_file_is_removed_by_the_next() {
    let dir = scratch("stale-temp");
    let out = dir.join("k.nt");
    std::fs::write(&out, "old").expect("write");
    // A process id Linux never hands out (above its 2^22 maximum): a dead process.
    let stale = dir.join(".k.nt.4194305.tmp");
    let stale_new_style = dir.join(".k.nt.4194306.3.tmp");
    std::fs::write(&stale, vec![b'x'; 1000]).expect("write");
    std::fs::write(&stale_new_style, "x").expect("write");
    let other = dir.join(".other.nt.4194305.tmp");
    std::fs::write(&other, "not ours").expect("write");
    factgraph()
        .args(["export", "-f", "ntriples", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(contains(
            "(1000 bytes), left by an earlier run that was killed",
        ));
    assert!(!stale.exists() && !stale_new_style.exists());
    assert!(other.exists(), "another file's temporary file is left");
    assert!(std::fs::read_to_string(&out).is_ok_and(|t| t.len() > 3));
}

/// V7: a FIFO with a report file's name, in a directory or given, is refused at once
/// (`stats DIR` and `check FIFO` blocked until killed).
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_read() {
    let dir = scratch("fifo");
    two_reports(&dir);
    let fifo = dir.join("upload.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
    );
    for command in ["stats", "check"] {
        for path in [&dir, &fifo] {
            factgraph()
                .arg(command)
                .arg(path)
                .timeout(std::time::Duration::from_secs(20))
                .assert()
                .code(1)
                .stderr(contains("not a regular file (a FIFO)"));
        }
    }
}

/// `brief --html` writes the page for a focus given by a word of a name or an alias; the
/// page options need `--html`; an unknown focus is an error that says so.
#[test]
fn brief_writes_an_html_page_for_a_focus() {
    let dir = scratch("brief-html");
    let out = dir.join("briefing.html");
    factgraph()
        .args(["brief", "--html"])
        .arg(&out)
        .args(["--focus", "Altynbayev", "--from", "2004", "--to", "2005-06"])
        .assert()
        .success()
        .stderr(contains("focus Mukhtar Altynbayev"));
    let page = std::fs::read_to_string(&out).expect("the page");
    assert!(page.starts_with("<!DOCTYPE html>") && page.len() < 2_000_000);
    assert!(page.contains(r#""from":"2004","to":"2005-06""#));
    factgraph()
        .args(["brief", "--focus", "Altynbayev"])
        .assert()
        .code(2)
        .stderr(contains("--html"));
    factgraph()
        .args(["brief", "--html"])
        .arg(&out)
        .args(["--focus", "Zzyzx Qwerty"])
        .assert()
        .code(1)
        .stderr(contains("--focus: no entity is named"));
    factgraph()
        .args(["brief", "--html"])
        .arg(&out)
        .args(["--hops", "3"])
        .assert()
        .code(2);
}
