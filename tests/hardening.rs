//! Regression tests for the defects a hostile input found (issue 11), one test each;
//! every one failed before its fix.

use std::time::{Duration, Instant};

use factgraph::interchange::jsonl::{ImportMode, JsonlErrorKind, import_jsonl};
use factgraph::interchange::{dot, rdf};
use factgraph::{
    Entity, EntityKind, Fact, GraphError, JsonErrorKind, KnowledgeGraph, LookupError, Relation,
};

/// Made-up people, `n` of them, named `prefix 0`, `prefix 1`, ...
fn people(n: usize, name: impl Fn(usize) -> String) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    g.add_all(
        (0..n).map(|i| Entity::new(format!("p{i}"), EntityKind::Person, name(i))),
        [],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    g
}

/// Defect 1: one failed `find` on a graph holding 100 names of 10,000 characters took 19 s.
#[test]
fn a_failed_lookup_among_long_names_is_fast() {
    let mut g = KnowledgeGraph::new();
    let long = |i: usize| format!("{}{i}", "a".repeat(10_000));
    g.set_limits(factgraph::Limits::default().with_max_name_chars(20_000));
    g.add_all(
        (0..100).map(|i| Entity::new(format!("p{i}"), EntityKind::Person, long(i))),
        [],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let start = Instant::now();
    for q in [
        format!("{}x", "a".repeat(10_000)),
        "a".repeat(9_999),
        "aaa".to_owned(),
    ] {
        assert!(matches!(g.find(&q), Err(LookupError::NotFound { .. })));
    }
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

/// Defect 2: in skip-and-report mode each unresolvable line cost time in proportion to the
/// graph's names (5 ms at 20,000 names, 24 ms at 80,000). Now the cost is bounded by the
/// closest-name budget: forty times the names cost a few times as much, not forty.
#[test]
fn bad_jsonl_lines_cost_little_whatever_the_graph() {
    let mut input = String::new();
    for i in 0..10 {
        input.push_str(&format!(
            "{{\"fact\": {{\"relation\": \"met\", \"subject\": \"p1\", \"object\": \"person numbr {i:05}x\"}}}}\n"
        ));
    }
    let mut took = [Duration::MAX; 2];
    for (slot, n) in [(0, 2_000), (1, 80_000)] {
        let g = people(n, |i| format!("person number {i:05}"));
        // The first failed lookup builds the trigram index, once per graph: not per line.
        assert!(g.find("nobody").is_err());
        for _ in 0..2 {
            let mut g = g.clone();
            let start = Instant::now();
            let report = import_jsonl(&mut g, input.as_bytes(), ImportMode::SkipAndReport)
                .unwrap_or_else(|e| panic!("{e}"));
            took[slot] = took[slot].min(start.elapsed());
            assert_eq!(report.errors.len(), 10);
        }
    }
    assert!(
        took[1] < took[0] * 10 + Duration::from_millis(100),
        "2,000 names: {:?}; 80,000 names: {:?}",
        took[0],
        took[1]
    );
}

/// Defect 4: rdflib split the N-Triples export at U+2028 and U+2029 inside a key.
#[test]
fn ntriples_escape_line_and_paragraph_separators() {
    let mut g = KnowledgeGraph::new();
    g.add_entity(
        Entity::new(
            "made\u{2028}up\u{2029}key",
            EntityKind::Person,
            "Line\u{2028}Sep",
        )
        .with_alias("Para\u{2029}Sep"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let options = rdf::RdfOptions::new();
    for text in [rdf::to_ntriples(&g, &options), rdf::to_turtle(&g, &options)] {
        assert!(!text.contains(['\u{2028}', '\u{2029}']), "{text}");
        assert!(text.contains("\\u2028") && text.contains("\\u2029"));
    }
    // Still the same IRI to a conforming reader.
    let nt = rdf::to_ntriples(&g, &options);
    let iri = options.entity_iri("made\u{2028}up\u{2029}key");
    let found = oxttl::NTriplesParser::new()
        .for_slice(nt.as_bytes())
        .map(|t| t.unwrap_or_else(|e| panic!("{e}")))
        .any(|t| t.subject.to_string() == format!("<{iri}>"));
    assert!(found, "{nt}");
}

/// Defect 5: the DOT export passed U+FFFE and U+FFFF through, and `dot -Tsvg` wrote
/// ill-formed XML.
#[test]
fn dot_replaces_xml_noncharacters() {
    let mut g = KnowledgeGraph::new();
    g.add_entity(Entity::new("k", EntityKind::Person, "A\u{FFFE}B\u{FFFF}C"))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = dot::to_dot(&g, &dot::DotOptions::new());
    assert!(!text.contains(['\u{FFFE}', '\u{FFFF}']));
    assert!(text.contains("A\u{FFFD}B\u{FFFD}C"));
}

/// Defect 6: a name made only of a combining mark was accepted; it folds to empty, and
/// `find("")` then matched it.
#[test]
fn names_that_fold_to_nothing_are_rejected() {
    let mut g = KnowledgeGraph::new();
    for (name, alias) in [("\u{301}", None), ("Fine", Some("\u{301}\u{302} "))] {
        let mut e = Entity::new("k", EntityKind::Person, name);
        if let Some(a) = alias {
            e = e.with_alias(a);
        }
        let err = g.add_entity(e);
        assert!(
            matches!(
                err,
                Err(GraphError::EmptyName { .. } | GraphError::EmptyAlias { index: 0, .. })
            ),
            "{err:?}"
        );
    }
    let doc = r#"{"factgraph": 2, "entities": [{"id": "k", "kind": "person", "name": "́"}]}"#;
    assert!(KnowledgeGraph::from_json(doc).is_err());
    assert!(g.find("").is_err() && g.find("   ").is_err());
}

/// Defect 7: a JSON Lines file with CR-only line ends that starts with a comment imported
/// nothing and reported success.
#[test]
fn jsonl_reads_cr_only_line_ends() {
    let input = "# made-up data\r{\"entity\": {\"id\": \"a\", \"kind\": \"person\", \"name\": \"Ann\"}}\r\
                 {\"entity\": {\"id\": \"b\", \"kind\": \"person\", \"name\": \"Bob\"}}\r\n\
                 {\"fact\": {\"relation\": \"met\", \"subject\": \"a\", \"object\": \"b\"}}\r";
    for mode in [ImportMode::StopAtFirstError, ImportMode::SkipAndReport] {
        let mut g = KnowledgeGraph::new();
        let report = import_jsonl(&mut g, input.as_bytes(), mode).unwrap_or_else(|e| panic!("{e}"));
        assert!(report.is_clean(), "{:?}", report.errors);
        assert_eq!((report.lines, report.skipped), (4, 1));
        assert_eq!((g.entity_count(), g.fact_count()), (2, 1));
    }
    // An error on the third line is reported on the third line.
    let bad = "# c\r\n{\"entity\": {\"id\": \"a\", \"kind\": \"person\", \"name\": \"Ann\"}}\r{\"oops\": 1}";
    let err = import_jsonl(
        &mut KnowledgeGraph::new(),
        bad.as_bytes(),
        ImportMode::StopAtFirstError,
    )
    .err()
    .map(|e| e.line());
    assert_eq!(err, Some(3));
}

/// Defect 8: `from_json` rejected a UTF-8 byte order mark that JSON Lines accepted.
#[test]
fn json_accepts_a_byte_order_mark() {
    let doc = "\u{FEFF}{\"factgraph\": 2, \"entities\": [{\"id\": \"a\", \"kind\": \"person\", \"name\": \"Ann\"}]}";
    let g = KnowledgeGraph::from_json(doc).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(g.entity_count(), 1);
    let g = KnowledgeGraph::from_json_slice(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(g.entity_count(), 1);
    let mut h = KnowledgeGraph::new();
    h.merge_json(doc, &factgraph::corpus::MergePolicy::new())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(h.entity_count(), 1);
}

/// Defect 9: a duplicate key inside `attributes` was silently overwritten.
#[test]
fn duplicate_attribute_keys_are_rejected() {
    let doc = "{\"factgraph\": 2, \"entities\": [\n  {\"id\": \"a\", \"kind\": \"person\", \"name\": \"Ann\",\n   \"attributes\": {\"rank\": \"1\", \"rank\": \"2\"}}]}";
    let err = KnowledgeGraph::from_json(doc)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert!(
        matches!(err.kind(), JsonErrorKind::Structure { .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("duplicate attribute `rank`"),
        "{err}"
    );
    assert_eq!(err.line(), 3);
    let line = "{\"entity\": {\"id\": \"a\", \"kind\": \"person\", \"name\": \"Ann\", \"attributes\": {\"x\": \"1\", \"x\": \"1\"}}}";
    let err = import_jsonl(
        &mut KnowledgeGraph::new(),
        line.as_bytes(),
        ImportMode::StopAtFirstError,
    )
    .err()
    .unwrap_or_else(|| panic!("accepted"));
    assert!(
        matches!(err.kind(), JsonlErrorKind::Structure { .. }),
        "{err}"
    );
}

/// Defect 10: an empty alias was reported at the entity's name, and syntax errors gave
/// their location twice, with columns counted from 0 in one and from 1 in the other.
#[test]
fn errors_are_located_once_and_at_the_right_place() {
    let doc = "{\"factgraph\": 2, \"entities\": [\n  {\"id\": \"a\", \"kind\": \"person\", \"name\": \"Ann\",\n   \"aliases\": [\"A.\", \" \"]}]}";
    let err = KnowledgeGraph::from_json(doc)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert!(
        matches!(
            err.kind(),
            JsonErrorKind::InvalidEntity {
                source: GraphError::EmptyAlias { index: 1, .. },
                ..
            }
        ),
        "{err}"
    );
    assert_eq!((err.line(), err.column()), (3, 22), "{err}");
    // A syntax error says where once, in 1-based characters.
    let doc = "{\"factgraph\": 2,\n\"title\": \"Żółć\" x}";
    let err = KnowledgeGraph::from_json(doc)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    let text = err.to_string();
    assert_eq!(text.matches("line").count(), 1, "{text}");
    assert_eq!((err.line(), err.column()), (2, 17), "{text}");
    // At the very start of a line: column 1, not 0.
    let err = KnowledgeGraph::from_json("{\"factgraph\": 2,\n").err();
    assert!(err.is_some_and(|e| e.column() >= 1 && !e.to_string().contains("column 0")));
}

/// Defect 11: ids from a rolled-back batch were issued again, so a stale id named another
/// entity.
#[test]
fn ids_of_a_rolled_back_batch_are_never_reissued() {
    let mut g = people(2, |i| format!("Person {i}"));
    let mut stale = None;
    let r: Result<(), GraphError> = g.transaction(|b| {
        stale = Some(b.add_entity(Entity::new("x", EntityKind::Person, "Xavier Made-Up"))?);
        Err(GraphError::EmptyKey)
    });
    assert!(r.is_err());
    let stale = stale.unwrap_or_else(|| panic!("an id"));
    let fresh = g
        .add_entity(Entity::new("y", EntityKind::Person, "Yolanda Made-Up"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(stale, fresh);
    assert!(g.entity(stale).is_none());
    assert_eq!(g.entity_count(), 3);
    assert_eq!(g.entities().len(), 3);
    assert_eq!(g.entities().count(), 3);
    let p0 = g
        .get("p0")
        .map(|e| e.id())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        g.add_fact(Fact::new(Relation::Met, p0, stale)),
        Err(GraphError::UnknownEntity { id, .. }) if id == stale
    ));
    g.add_fact(Fact::new(Relation::Met, p0, fresh))
        .unwrap_or_else(|e| panic!("{e}"));
    // Exports and reloads see only the live entities; a merge keeps the id burnt.
    let copy = KnowledgeGraph::from_json(&g.to_json()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(copy.to_json(), g.to_json());
    g.merge_json(
        r#"{"factgraph": 2, "entities": [{"id": "z", "kind": "person", "name": "Zed Made-Up"}]}"#,
        &factgraph::corpus::MergePolicy::new(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(g.entity(stale).is_none());
    assert_eq!(g.get("y").map(|e| e.id()), Ok(fresh));
    assert_eq!(g.entity_count(), 4);
}

/// Defect 12: many entities sharing one name loaded in quadratic time (1.14 s at 80,000
/// in a release build).
#[test]
fn many_entities_sharing_a_name_load_in_linear_time() {
    let n = 40_000;
    let mut doc = String::from("{\"factgraph\": 2, \"entities\": [");
    let mut lines = String::new();
    for i in 0..n {
        if i > 0 {
            doc.push(',');
        }
        let e = format!("{{\"id\": \"p{i}\", \"kind\": \"person\", \"name\": \"John Smith\"}}");
        doc.push_str(&e);
        lines.push_str(&format!("{{\"entity\": {e}}}\n"));
    }
    doc.push_str("]}");
    let start = Instant::now();
    let g = KnowledgeGraph::from_json(&doc).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(g.find_all("john smith").count(), n);
    let mut h = KnowledgeGraph::new();
    import_jsonl(&mut h, lines.as_bytes(), ImportMode::StopAtFirstError)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(h.entity_count(), n);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(5), "{took:?}");
}

/// Defect 13: any batch of more than 64 facts cost time in proportion to the whole graph.
#[test]
fn a_batch_of_65_facts_costs_about_what_64_cost() {
    let n = 200_000;
    let mut g = people(n, |i| format!("Person {i}"));
    let ids: Vec<_> = g.entities().map(|e| e.id()).collect();
    let facts = |k: usize, round: usize| -> Vec<Fact> {
        (0..k)
            .map(|i| {
                let a = ids[(round * 131 + i * 7919) % n];
                let b = ids[(round * 17 + i * 104_729 + 1) % n];
                Fact::new(Relation::Met, a, b).on("2004-11-19".parse().unwrap_or_default())
            })
            .collect()
    };
    // Some dated facts first, so the date index has something to re-sort.
    g.add_all([], (0..40).flat_map(|r| facts(1000, 1000 + r)))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut best = [Duration::MAX; 2];
    for round in 0..30 {
        for (slot, k) in [(0, 64), (1, 65)] {
            let batch = facts(k, round * 2 + slot);
            let start = Instant::now();
            g.add_all([], batch).unwrap_or_else(|e| panic!("{e}"));
            best[slot] = best[slot].min(start.elapsed());
        }
    }
    assert!(
        best[1] < best[0] * 3,
        "64 facts: {:?}, 65 facts: {:?}",
        best[0],
        best[1]
    );
}

/// Defect 11, for reports: a report id from a rolled-back batch named the next report.
#[test]
fn report_ids_of_a_rolled_back_batch_are_never_reissued() {
    let mut g = people(2, |i| format!("Person {i}"));
    let wire = g
        .add_entity(Entity::new("wire", EntityKind::Source, "Made-Up Wire"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stale = None;
    let r: Result<(), GraphError> = g.transaction(|b| {
        stale = Some(b.add_report(factgraph::Report::new("r0", wire))?);
        Err(GraphError::EmptyKey)
    });
    assert!(r.is_err());
    let stale = stale.unwrap_or_else(|| panic!("an id"));
    let fresh = g
        .add_report(factgraph::Report::new("r1", wire))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(stale, fresh);
    assert!(g.report(stale).is_none());
    assert_eq!((g.report_count(), g.reports().len()), (1, 1));
    let (p0, p1) = (
        g.get("p0")
            .map(|e| e.id())
            .unwrap_or_else(|e| panic!("{e}")),
        g.get("p1")
            .map(|e| e.id())
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let cite = |r| {
        Fact::new(Relation::Met, p0, p1).with_source(factgraph::Attribution::new(wire).in_report(r))
    };
    assert!(matches!(
        g.add_fact(cite(stale)),
        Err(GraphError::UnknownReport { id }) if id == stale
    ));
    g.add_fact(cite(fresh)).unwrap_or_else(|e| panic!("{e}"));
    let copy = KnowledgeGraph::from_json(&g.to_json()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(copy.to_json(), g.to_json());
    g.merge_json(
        r#"{"factgraph": 2, "reports": [{"id": "r2", "outlet": "wire"}], "facts": []}"#,
        &factgraph::corpus::MergePolicy::new(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(g.report(stale).is_none());
    assert_eq!(g.report_by_key("r1"), Some(fresh));
    assert_eq!(g.report_count(), 2);
}
