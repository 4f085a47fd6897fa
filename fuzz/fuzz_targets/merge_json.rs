//! Any bytes, read as a report file and merged into the built-in article: never a panic,
//! and a rejected merge leaves the graph as it was; an accepted one merged again is a
//! no-op.
#![no_main]

use factgraph::KnowledgeGraph;
use factgraph::corpus::MergePolicy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let base = factgraph::datasets::edm_2004_v1_i133();
    let mut g: KnowledgeGraph = base.clone();
    match g.merge_json(text, &MergePolicy::new()) {
        Err(_) => assert!(g == *base, "a rejected merge changed the graph"),
        Ok(_) => {
            let once = g.clone();
            let again = g.merge_json(text, &MergePolicy::new());
            assert!(again.is_ok_and(|r| r.is_noop()) && g == once, "merging again changed the graph");
        }
    }
});
