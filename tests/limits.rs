//! The limits on what outside input may cost (`factgraph::Limits`): each is enforced with a
//! typed, located error, and each can be changed.

use std::time::{Duration, Instant};

use factgraph::interchange::jsonl::{ImportMode, JsonlErrorKind, import_jsonl};
use factgraph::{
    Entity, EntityKind, Filter, GraphError, JsonErrorKind, KnowledgeGraph, Limits, LookupError,
    SearchError, datasets,
};

fn nested(depth: usize) -> String {
    format!(
        "{{\"factgraph\": 2, \"title\": {}\"x\"{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

#[test]
fn nesting_depth() {
    // Within serde_json's own recursion limit and beyond it: our error, located.
    for depth in [70, 100_000] {
        let err = KnowledgeGraph::from_json(&nested(depth))
            .err()
            .unwrap_or_else(|| panic!("accepted"));
        assert_eq!(err.kind(), &JsonErrorKind::TooDeep { max: 64 });
        // The document's own object is level 1: the 64th bracket is level 65.
        assert_eq!((err.line(), err.column()), (1, 27 + 63), "{err}");
    }
    let limits = Limits::default().with_max_depth(3);
    assert!(KnowledgeGraph::from_json_with(&nested(3), limits).is_err());
    let g =
        KnowledgeGraph::from_json_with(r#"{"factgraph": 2, "entities": [], "facts": []}"#, limits);
    assert!(g.is_ok_and(|g| g.limits().max_depth == 3));
    let line = format!(
        "{{\"entity\": {{\"id\": {}1{}}}}}",
        "[".repeat(80),
        "]".repeat(80)
    );
    let err = import_jsonl(
        &mut KnowledgeGraph::new(),
        line.as_bytes(),
        ImportMode::StopAtFirstError,
    )
    .err()
    .unwrap_or_else(|| panic!("accepted"));
    assert!(
        matches!(
            err.kind(),
            JsonlErrorKind::Invalid(JsonErrorKind::TooDeep { max: 64 })
        ),
        "{err}"
    );
    assert_eq!(err.column(), Some(18 + 63));
}

#[test]
fn nesting_depth_comes_first_wherever_it_is() {
    // A wrong field before the too-deep title: the depth is still what is reported.
    let doc = format!(
        "{{\"factgraph\": 2, \"bogus\": 1, \"title\": {}\"x\"{}}}",
        "[".repeat(70),
        "]".repeat(70)
    );
    let err = KnowledgeGraph::from_json(&doc)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.kind(), &JsonErrorKind::TooDeep { max: 64 });
    assert_eq!((err.line(), err.column()), (1, 39 + 63), "{err}");
    // A candidates section is free JSON: it parses however deep, and is refused after.
    let doc = format!(
        "{{\"factgraph\": 2, \"candidates\": {{\"facts\": [{{\"x\": {}1{}}}]}}}}",
        "[".repeat(70),
        "]".repeat(70)
    );
    let mut g = KnowledgeGraph::new();
    let err = g.add_json(&doc).err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.kind(), &JsonErrorKind::TooDeep { max: 64 });
    assert_eq!(g.entity_count() + g.fact_count(), 0);
}

#[test]
fn the_deepest_document_of_the_format() {
    // Made-up data. A quantity of a source of a fact is at level 7, the deepest the format
    // goes outside a candidates section (`json::stream::PARSED_DEPTH`).
    let doc = r#"{"factgraph": 2, "entities": [
        {"id": "a", "kind": "country", "name": "Made-up A", "aliases": ["A"],
         "attributes": {"iso": "AA"}},
        {"id": "b", "kind": "country", "name": "Made-up B"},
        {"id": "w", "kind": "source", "name": "Made-up Wire"}],
      "facts": [{"relation": "deployed_to", "subject": "a", "object": "b",
        "sources": [{"source": "w", "quantities": [{"kind": "personnel", "value": 5}]}]}]}"#;
    let at = |depth| KnowledgeGraph::from_json_with(doc, Limits::default().with_max_depth(depth));
    assert!(at(7).is_ok_and(|g| g.fact_count() == 1));
    let err = at(6).err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.kind(), &JsonErrorKind::TooDeep { max: 6 });
    assert_eq!((err.line(), err.column()), (7, 52), "{err}"); // the quantity's `{`
}

#[test]
fn line_length() {
    let mut g = KnowledgeGraph::new();
    g.set_limits(Limits::default().with_max_line_bytes(100));
    let long = format!(
        "# {}\n{{\"entity\": {{\"id\": \"a\", \"kind\": \"person\", \"name\": \"Ann\"}}}}\n",
        "x".repeat(1000)
    );
    let report = import_jsonl(&mut g, long.as_bytes(), ImportMode::SkipAndReport)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].line(), 1);
    assert_eq!(
        report.errors[0].kind(),
        &JsonlErrorKind::LineTooLong {
            bytes: 1002,
            max: 100
        }
    );
    // The next line is read as its own line.
    assert_eq!(report.entities_added, 1);
}

#[test]
fn name_and_alias_length() {
    let long = "n".repeat(1001);
    let doc = format!(
        "{{\"factgraph\": 2, \"entities\": [\n {{\"id\": \"a\", \"kind\": \"person\", \"name\": \"Ann\", \"aliases\": [\"A\", \"{long}\"]}}]}}"
    );
    let err = KnowledgeGraph::from_json(&doc)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert!(
        matches!(
            err.kind(),
            JsonErrorKind::InvalidEntity {
                source: GraphError::NameTooLong {
                    alias: Some(1),
                    max: 1000,
                    ..
                },
                ..
            }
        ),
        "{err}"
    );
    assert_eq!((err.line(), err.column()), (2, 64));
    let mut g = KnowledgeGraph::new();
    g.set_limits(Limits::default().with_max_name_chars(2000));
    assert!(
        g.add_entity(Entity::new("a", EntityKind::Person, long))
            .is_ok()
    );
    // merge_json applies the graph's limits too.
    let mut h = KnowledgeGraph::new();
    assert!(
        h.merge_json(&doc, &factgraph::corpus::MergePolicy::new())
            .is_err()
    );
    assert_eq!(h.entity_count(), 0);
}

#[test]
fn closest_name_budget() {
    let mut g = datasets::edm_2004_v1_i133().clone();
    assert!(
        matches!(g.find("Sembinof"), Err(LookupError::NotFound { closest, .. }) if !closest.is_empty())
    );
    g.set_limits(Limits::default().with_closest_work(0));
    assert!(
        matches!(g.find("Sembinof"), Err(LookupError::NotFound { closest, .. }) if closest.is_empty())
    );
}

#[test]
fn search_budget() {
    let g = datasets::edm_2004_v1_i133();
    let (a, b) = (
        g.find("Mira Ricardel")
            .map(|e| e.id())
            .unwrap_or_else(|e| panic!("{e}")),
        g.find("Steppe Eagle 2004")
            .map(|e| e.id())
            .unwrap_or_else(|e| panic!("{e}")),
    );
    assert_eq!(
        g.try_connection(a, b, Filter::any(), 2).err(),
        Some(SearchError::Budget { budget: 2 })
    );
    assert!(
        g.try_connection(a, b, Filter::any(), 1_000_000)
            .is_ok_and(|c| c.is_some())
    );
    assert_eq!(
        g.try_ego_network(a, 3, Filter::any(), 5).err(),
        Some(SearchError::Budget { budget: 5 })
    );
    assert!(g.try_ego_network(a, 1, Filter::any(), 1_000_000).is_ok());
    // The old signatures use the graph's limits.
    let mut small = g.clone();
    small.set_limits(Limits::default().with_search_expansions(2));
    assert!(small.connection(a, b, Filter::any()).is_none());
    assert!(g.connection(a, b, Filter::any()).is_some());
}

#[test]
fn quoted_values_are_cut() {
    let huge = "é".repeat(1 << 20);
    let doc = format!(
        "{{\"factgraph\": 2, \"entities\": [{{\"id\": \"a\", \"kind\": \"{huge}\", \"name\": \"Ann\"}}]}}"
    );
    let start = Instant::now();
    let err = KnowledgeGraph::from_json(&doc)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    let text = err.to_string();
    assert!(text.len() < 2000, "{} bytes", text.len());
    assert!(text.contains(&format!("{}…", "é".repeat(200))), "{text}");
    // A missing entity, a lookup and a JSONL line.
    let mut g = datasets::edm_2004_v1_i133().clone();
    let err = g
        .find(&huge)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.len() < 2000);
    let line = format!(
        "{{\"fact\": {{\"relation\": \"met\", \"subject\": \"{huge}\", \"object\": \"x\"}}}}"
    );
    let err = import_jsonl(&mut g, line.as_bytes(), ImportMode::StopAtFirstError)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(!err.is_empty() && err.len() < 2000, "{} bytes", err.len());
    let mut short = KnowledgeGraph::new();
    short.set_limits(Limits::default().with_quote_chars(5));
    let err = short
        .get("abcdefghij")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("`abcde…`"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(10));
}
