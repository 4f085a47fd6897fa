//! Any bytes, read as a report file and merged into the built-in article: never a panic,
//! and a rejected merge leaves the graph as it was; an accepted one merged again is a
//! no-op, and the indexes a merge updates in place agree with its data (every name finds
//! its entity, every source lists its facts, every fact is found between its ends).
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
            for e in g.entities() {
                for name in e.names() {
                    let found = g.find_all(name).any(|x| x.id() == e.id());
                    assert!(found, "{name:?} does not find {}", e.key());
                }
            }
            for f in g.facts() {
                for s in f.sources() {
                    let listed = g.reported_by(s.source().id()).any(|x| x.id() == f.id());
                    assert!(listed, "{f} is not listed under its source");
                }
                let other = f.fact().object();
                let between = g
                    .neighbours(f.fact().subject(), factgraph::Filter::relation(f.relation()))
                    .any(|h| h.fact().id() == f.id() && h.other().id() == other);
                assert!(between, "{f} is not found between its ends");
            }
            let once = g.clone();
            let again = g.merge_json(text, &MergePolicy::new());
            assert!(again.is_ok_and(|r| r.is_noop()) && g == once, "merging again changed the graph");
        }
    }
});
