//! The analyst's day in the command line (issue 18): a report merged into the built-in
//! corpus with only its own changes reported, citations in every output format, no
//! silent empty answer, and the small traps diagnosed. Built only with `--features cli`.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};

mod cli_support;

use cli_support::{factgraph, scratch_in};
use factgraph::datasets;
use predicates::prelude::*;
use predicates::str::contains;

fn scratch(name: &str) -> PathBuf {
    scratch_in("workflow", name)
}

/// A MADE-UP report of version 2, as a user would write it after reading docs/FORMAT.md:
/// one existing entity of the corpus (Altynbayev, by another spelling and key), one new.
fn my_report(dir: &Path) -> PathBuf {
    let text = r#"{
  "factgraph": 2,
  "entities": [
    {"id": "my_altynbaev", "kind": "Person", "name": "Mukhtar Altynbaev"},
    {"id": "made_up_envoy", "kind": "person", "name": "Made-up Envoy Zed"},
    {"id": "made_up_wire", "kind": "source", "name": "Made-up Wire"}
  ],
  "reports": [
    {"id": "made_up_wire_2030_01_02", "outlet": "made_up_wire", "published": "2030-01-02",
     "url": "https://example.org/made-up"}
  ],
  "facts": [
    {"relation": "met", "subject": "my_altynbaev", "object": "made_up_envoy", "date": "2030-01-01",
     "sources": [{"report": "made_up_wire_2030_01_02", "quote": "made-up words"}]}
  ]
}"#;
    let path = dir.join("mine.json");
    std::fs::write(&path, text).expect("write the made-up report");
    path
}

#[test]
fn my_report_merges_into_the_corpus_and_the_report_covers_only_it() {
    let dir = scratch("with-corpus");
    let mine = my_report(&dir);
    let corpus_entities = datasets::corpus().entity_count();
    let out = factgraph()
        .args(["merge", "--with-corpus"])
        .arg(&mine)
        .arg("-o")
        .arg(dir.join("merged.fgsnap"))
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Two entities added (the envoy and the wire), Altynbayev merged by name; one report.
    assert!(
        stdout.starts_with(
            "entities: 2 added, 1 merged by name, 0 by key or mapping; reports: 1 added"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("facts: 1 added"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("({} entities,", corpus_entities + 2)),
        "{stderr}"
    );
    // A saved snapshot works the same way: the file's own changes only.
    factgraph()
        .arg("merge")
        .arg(dir.join("merged.fgsnap"))
        .arg(&mine)
        .assert()
        .success()
        .stdout(contains("entities: 0 added"))
        .stdout(contains("facts: 0 added"));
    // The brief says what the file changed, on one screen.
    let out = factgraph()
        .args(["brief", "--with-corpus"])
        .arg(&mine)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let brief = String::from_utf8_lossy(&out);
    assert!(brief.contains("What changed: your 1 file merged into the corpus"));
    assert!(
        brief.lines().count() <= 60,
        "{} lines",
        brief.lines().count()
    );
    assert!(brief.contains("Made-up Wire (made_up_wire_2030_01_02): 1 fact"));
    // And the question is answered from the merged graph.
    factgraph()
        .args(["ask", "--with-corpus"])
        .arg(&mine)
        .arg(r#"MATCH (a {name: "Altynbayev"})-[m:met]-(b {name: "Made-up Envoy Zed"}) RETURN m.date"#)
        .assert()
        .success()
        .stdout(contains("2030-01-01"));
    // A snapshot with --with-corpus is refused, saying why.
    factgraph()
        .args(["merge", "--with-corpus"])
        .arg(dir.join("merged.fgsnap"))
        .assert()
        .code(1)
        .stderr(contains("a snapshot is a graph of its own"));
}

#[test]
fn the_full_brief_lists_every_fact() {
    let out = factgraph()
        .args(["brief", "--full"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("== How the built-in corpus was merged =="));
    let listed = text.lines().filter(|l| l.starts_with("- ")).count();
    assert!(listed >= datasets::corpus().fact_count(), "{listed}");
}

#[test]
fn citations_in_every_format_by_default() {
    let q =
        r#"MATCH (a)-[s:signed]->(:agreement {name: "five-year cooperation plan"}) RETURN a.name"#;
    let out = factgraph()
        .args(["ask", q, "-f", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON output");
    let rows = json["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    let g = datasets::corpus();
    for row in rows {
        let cite = &row["citations"][0];
        let key = cite["fact"].as_str().expect("a content key");
        let fact = g
            .facts()
            .find(|f| f.key().to_string() == key)
            .expect("the key names a fact of the corpus");
        let source = &cite["sources"][0];
        let report = g
            .report_by_key(source["report"].as_str().expect("a report key"))
            .and_then(|id| g.report(id))
            .expect("the report");
        assert_eq!(source["url"].as_str(), report.url());
        assert!(source["outlet"].is_string());
        assert!(source["stated"].is_boolean());
        assert_eq!(cite["relation"], fact.relation().as_str());
    }
    let out = factgraph()
        .args(["ask", q, "-f", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8_lossy(&out);
    let header = csv.lines().next().expect("a header");
    assert_eq!(
        header,
        "a.name,fact_keys,reports,urls,outlets,published,reported,cited,speakers,quotes,inferred"
    );
    factgraph()
        .args(["ask", q, "--no-sources"])
        .assert()
        .success()
        .stdout(contains("| facts").not());
}

#[test]
fn a_misspelt_name_is_never_a_silent_nothing() {
    factgraph()
        .args([
            "ask",
            r#"MATCH (p {name: "Jaksybekov"})-[:met]-(q) RETURN q.name"#,
        ])
        .assert()
        .success()
        .stdout(contains("(0 rows)"))
        .stderr(contains("warning: no entity is named `Jaksybekov`"))
        .stderr(contains("Adilbek Dzhaksybekov"));
    let out = factgraph()
        .args([
            "ask",
            "-f",
            "json",
            "MATCH (p {name: $who}) RETURN p",
            "-p",
            "who=Jaksybekov",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON output");
    assert!(
        json["warnings"][0]
            .as_str()
            .unwrap()
            .contains("Dzhaksybekov")
    );
    factgraph()
        .args(["search", "Jaksybekov"])
        .assert()
        .success()
        .stdout(contains("no match"))
        .stdout(contains("the closest names: Adilbek Dzhaksybekov"));
    factgraph()
        .args([
            "ask",
            "MATCH (p:person {name: \"no such person\"}) RETURN count(*)",
        ])
        .assert()
        .success()
        .stdout(contains("(1 row)"));
}

#[test]
fn the_small_traps_are_diagnosed() {
    let dir = scratch("traps");
    let mine = my_report(&dir);
    // The query before the files.
    factgraph()
        .args(["ask", "MATCH (a) RETURN count(*)"])
        .arg(&mine)
        .assert()
        .code(1)
        .stderr(contains("must be the last argument"));
    // A date-like parameter is a date; `str:` keeps it a string.
    factgraph()
        .args([
            "ask",
            "MATCH (p)-[h:holds_position]->(b) AS OF $d RETURN count(*)",
            "-p",
            "d=2011-04-12",
        ])
        .assert()
        .success();
    factgraph()
        .args([
            "ask",
            "MATCH (p {name: $n}) RETURN p",
            "-p",
            "n=str:2011-04",
        ])
        .assert()
        .success()
        .stderr(contains("no entity is named `2011-04`"));
    // Parquet names its feature when the build lacks it.
    if !cfg!(feature = "parquet") {
        factgraph()
            .args(["export", "-f", "parquet", "-o"])
            .arg(dir.join("pq"))
            .assert()
            .code(1)
            .stderr(contains("the `parquet` feature"));
    }
    // The history file's place is in --help.
    factgraph()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("FACTGRAPH_HISTORY"));
    // A role as a string is its title; a kind in any case; facts counted from 1, and check
    // and merge point at the same place.
    let made_up = r#"{"factgraph": 2,
  "entities": [
    {"id": "p", "kind": "Person", "name": "Made-up Person"},
    {"id": "b", "kind": "STATE_BODY", "name": "Made-up Ministry"}],
  "facts": [
    {"relation": "holds_position", "subject": "p", "object": "b", "role": "Deputy Minister"},
    {"relation": "met", "subject": "p", "object": "b", "role": 5}]}"#;
    let file = dir.join("traps.json");
    std::fs::write(&file, made_up).expect("write");
    let f = file.display().to_string();
    let want =
        format!("{f}:7:64: unexpected JSON structure: invalid type: integer `5`, expected a role");
    factgraph()
        .args(["check", &f])
        .assert()
        .code(1)
        .stderr(contains(want.clone()))
        .stderr(contains("Raw").not());
    factgraph()
        .args(["merge", &f])
        .assert()
        .code(1)
        .stderr(contains(want));
    std::fs::write(&file, made_up.replace(", \"role\": 5", "")).expect("write");
    factgraph()
        .arg("ask")
        .arg(&file)
        .arg("MATCH (p)-[h:holds_position]->(b) RETURN h.title")
        .assert()
        .success()
        .stdout(contains("Deputy Minister"));
    std::fs::write(
        &file,
        made_up.replace("\"object\": \"b\", \"role\": 5", "\"object\": \"zz\""),
    )
    .expect("write");
    factgraph()
        .args(["check", &f])
        .assert()
        .code(1)
        .stderr(contains("fact 2: object `zz` is not an entity"));
}

/// A candidate file: `check` notes its candidates and locates a broken one, `brief` says
/// they are pending and not in the graph, `ask` does not see them.
#[test]
fn check_and_brief_understand_candidate_files() {
    let dir = scratch("candidates");
    // Made-up report text.
    let text = dir.join("made_up.txt");
    std::fs::write(
        &text,
        "General Ann Example met Colonel Bob Sample and Major Cid Test in Kazakhstan.\n",
    )
    .expect("write the made-up text");
    let cand = dir.join("cand.json");
    factgraph()
        .args(["code", "--empty", "-o"])
        .arg(&cand)
        .arg(&text)
        .assert()
        .success();
    factgraph()
        .arg("check")
        .arg(&cand)
        .assert()
        .success()
        .stderr(contains("note: a candidate file: 2 candidates (2 pending"));
    factgraph()
        .arg("brief")
        .arg(&cand)
        .assert()
        .success()
        .stdout(
            contains("2 candidate facts pending review").and(contains("0 facts from 1 reports")),
        );
    factgraph()
        .args(["ask"])
        .arg(&cand)
        .arg("MATCH (a)-[m:met]-(b) RETURN a.name, b.name")
        .assert()
        .success()
        .stdout(contains("Sample").not());
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cand).expect("read the candidate file"))
            .expect("a candidate file is JSON");
    doc["candidates"]["facts"][0]["rule"] = "meeting".into();
    doc["candidates"]["facts"][1]["cue"]["chars"] = serde_json::json!([70, 9999]);
    let bad = dir.join("bad.json");
    std::fs::write(&bad, serde_json::to_string_pretty(&doc).expect("JSON"))
        .expect("write the broken file");
    factgraph()
        .arg("check")
        .arg(&bad)
        .assert()
        .failure()
        .stderr(
            contains("unknown rule \"meeting\"")
                .and(contains("is not within the text's"))
                .and(contains(": candidate c1: unknown rule")),
        );
}

/// An HTML page is coded through its text, which the candidate file records.
#[test]
fn code_reads_an_html_page() {
    let dir = scratch("html");
    // A made-up page, named without .html: its leading `<` tells.
    let page = dir.join("page.txt");
    std::fs::write(
        &page,
        "<html><body><script>var no = 1;</script><p>General Ann Example met Colonel Bob \
         Sample &amp; Major Cid Test in Kazakhstan.</p></body></html>",
    )
    .expect("write the made-up page");
    let out = factgraph()
        .args(["code", "--empty"])
        .arg(&page)
        .assert()
        .success()
        .stderr(contains("read as HTML"))
        .get_output()
        .stdout
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("a candidate file");
    assert_eq!(doc["candidates"]["input"], "html");
    let text = doc["candidates"]["text"]
        .as_str()
        .expect("the text is recorded");
    assert!(text.contains("Bob Sample & Major Cid Test") && !text.contains("var no"));
    assert!(doc["candidates"]["facts"][0]["cue"]["words"] == "met");
}
