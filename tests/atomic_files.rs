//! Files are written atomically: a failed write returns the I/O error and leaves the old
//! file whole, and no temporary file stays behind (issue 11 #3).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use factgraph::interchange::file::write_atomically;
use factgraph::interchange::{dot, graphml, jsonl, neo4j, rdf};
use factgraph::{Entity, EntityKind, KnowledgeGraph, datasets};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("factgraph-atomic-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|r| {
            r.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_save_that_fails_partway_leaves_the_old_file() {
    let dir = scratch("save");
    let path = dir.join("graph.json");
    let g = datasets::edm_2004_v1_i133();
    g.save_json(&path).unwrap_or_else(|e| panic!("{e}"));
    let before = fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    // A writer that fails after half the bytes.
    let failed = write_atomically(&path, |w| {
        w.write_all(&before[..before.len() / 2])?;
        Err(io::Error::other("made-up failure halfway"))
    });
    assert_eq!(
        failed.err().map(|e| e.to_string()),
        Some("made-up failure halfway".to_owned())
    );
    assert_eq!(fs::read(&path).unwrap_or_default(), before);
    assert_eq!(names(&dir), ["graph.json"], "no temporary file left");
    let copy = KnowledgeGraph::from_json_slice(&before).unwrap_or_else(|e| panic!("{e}"));
    assert!(copy == *g);
    fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_missing_or_unwritable_directory_is_an_error() {
    let dir = scratch("missing");
    let g = datasets::edm_2004_v1_i133();
    let missing = dir.join("no/such/dir/graph.json");
    assert_eq!(
        g.save_json(&missing).err().map(|e| e.kind()),
        Some(io::ErrorKind::NotFound)
    );
    let file = dir.join("plain");
    fs::write(&file, "x").unwrap_or_else(|e| panic!("{e}"));
    assert!(g.save_json(file.join("graph.json")).is_err());
    assert!(jsonl::write_jsonl_file(g, &dir.join("no/x.jsonl")).is_err());
    assert!(neo4j::write_neo4j_csv(g, &dir.join("no/such/neo4j")).is_err());
    assert_eq!(names(&dir), ["plain"]);
    // Read-only: only meaningful when not running as root (root writes anyway).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.join("ro");
        fs::create_dir(&ro).unwrap_or_else(|e| panic!("{e}"));
        g.save_json(ro.join("graph.json"))
            .unwrap_or_else(|e| panic!("{e}"));
        let before = fs::read(ro.join("graph.json")).unwrap_or_default();
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555))
            .unwrap_or_else(|e| panic!("{e}"));
        let probe = fs::File::create(ro.join("probe")).is_ok();
        if !probe {
            let mut h = g.clone();
            h.add_entity(Entity::new("made_up", EntityKind::Person, "Made Up"))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                h.save_json(ro.join("graph.json")).err().map(|e| e.kind()),
                Some(io::ErrorKind::PermissionDenied)
            );
            assert_eq!(fs::read(ro.join("graph.json")).unwrap_or_default(), before);
        }
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn every_export_has_an_atomic_file_writer() {
    let dir = scratch("exports");
    let g = datasets::edm_2004_v1_i133();
    let options = rdf::RdfOptions::new();
    let dot_options = dot::DotOptions::new();
    jsonl::write_jsonl_file(g, &dir.join("g.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    rdf::write_ntriples_file(g, &options, &dir.join("g.nt")).unwrap_or_else(|e| panic!("{e}"));
    rdf::write_turtle_file(g, &options, &dir.join("g.ttl")).unwrap_or_else(|e| panic!("{e}"));
    graphml::write_graphml_file(g, &dir.join("g.graphml")).unwrap_or_else(|e| panic!("{e}"));
    dot::write_dot_file(g, &dir.join("g.dot"), &dot_options).unwrap_or_else(|e| panic!("{e}"));
    let read = |n: &str| fs::read_to_string(dir.join(n)).unwrap_or_default();
    assert_eq!(read("g.jsonl"), jsonl::to_jsonl(g));
    assert_eq!(read("g.nt"), rdf::to_ntriples(g, &options));
    assert_eq!(read("g.ttl"), rdf::to_turtle(g, &options));
    assert_eq!(read("g.graphml"), graphml::to_graphml(g));
    assert_eq!(read("g.dot"), dot::to_dot(g, &dot_options));
    assert_eq!(
        names(&dir),
        ["g.dot", "g.graphml", "g.jsonl", "g.nt", "g.ttl"]
    );
    fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_neo4j_re_export_leaves_no_stale_file() {
    let dir = scratch("neo4j");
    let out = dir.join("neo4j");
    let g = datasets::edm_2004_v1_i133();
    let first = neo4j::write_neo4j_csv(g, &out).unwrap_or_else(|e| panic!("{e}"));
    assert!(first.csv.len() > 3);
    let mut small = KnowledgeGraph::new();
    small
        .add_entity(Entity::new("a", EntityKind::Person, "Made Up"))
        .unwrap_or_else(|e| panic!("{e}"));
    let second = neo4j::write_neo4j_csv(&small, &out).unwrap_or_else(|e| panic!("{e}"));
    let mut expected: Vec<String> = second
        .csv
        .iter()
        .chain([&second.script])
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    expected.sort();
    assert_eq!(names(&out), expected);
    assert_eq!(names(&dir), ["neo4j"], "no temporary directory left");
    fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
}
