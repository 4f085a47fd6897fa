//! Any bytes as a JSON document: never a panic; what loads exports and reloads to an equal
//! graph; a rejected document leaves the graph it was added to unchanged; an error's line
//! and column fall inside the input; `check_json` finds errors exactly when loading does,
//! each inside the input.
#![no_main]

use factgraph::KnowledgeGraph;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match KnowledgeGraph::from_json_slice(data) {
        Ok(g) => {
            let again = KnowledgeGraph::from_json(&g.to_json());
            assert!(again.as_ref().is_ok_and(|h| *h == g), "round trip: {again:?}");
            let mut compact = Vec::new();
            assert!(g.write_json(&mut compact).is_ok());
            let again = KnowledgeGraph::from_json_slice(&compact);
            assert!(again.is_ok_and(|h| h == g), "compact round trip");
        }
        Err(e) => {
            let text = String::from_utf8_lossy(data);
            let lines = text.split('\n').count();
            assert!(e.line() >= 1 && e.line() <= lines, "line {} of {lines}: {e}", e.line());
            let width = text
                .split('\n')
                .nth(e.line() - 1)
                .map_or(0, |l| l.chars().count());
            assert!(e.column() >= 1 && e.column() <= width + 1, "column {} of {width}: {e}", e.column());
        }
    }
    // A check finds an error exactly when loading does, and every error it lists lies
    // inside the input.
    if let Ok(text) = std::str::from_utf8(data) {
        let check = KnowledgeGraph::check_json(text, 16);
        assert_eq!(check.is_ok(), KnowledgeGraph::from_json(text).is_ok(), "{check}");
        assert!(check.errors.len() <= 16);
        let lines: Vec<&str> = text.split('\n').collect();
        for e in &check.errors {
            let width = lines.get(e.line().wrapping_sub(1)).map(|l| l.chars().count());
            assert!(width.is_some_and(|w| e.column() >= 1 && e.column() <= w + 1), "{e}");
        }
    }
    // Added to a graph that already holds the article: all or nothing.
    if let Ok(text) = std::str::from_utf8(data) {
        let base = factgraph::datasets::edm_2004_v1_i133();
        let mut g = base.clone();
        if g.add_json(text).is_err() {
            assert!(g == *base, "a rejected add_json changed the graph");
        }
    }
});
