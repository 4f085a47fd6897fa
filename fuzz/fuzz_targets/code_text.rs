//! The coder on any text: never panics, every span within the text and on character
//! boundaries, and the candidate file it writes loads (its candidates left out).
#![no_main]

use factgraph::KnowledgeGraph;
use factgraph::coding::{Coder, ReportMeta};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let graph = KnowledgeGraph::new();
    let meta = ReportMeta::new("r", "Outlet").published("2004-11-23".parse().unwrap());
    let coding = Coder::new(&graph).code(text, &meta).unwrap();
    for c in &coding.candidates {
        for s in [c.cue, c.subject_span, c.object_span] {
            assert!(text.get(s.start..s.end).is_some());
        }
    }
    for e in &coding.entities {
        for m in &e.mentions {
            assert!(text.get(m.span.start..m.span.end).is_some());
        }
    }
    assert!(KnowledgeGraph::from_json(&coding.to_json()).is_ok());
});
