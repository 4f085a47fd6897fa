//! The coder on any HTML page: never panics, the extracted text is what the spans refer
//! to, and the candidate file it writes loads and checks clean.
#![no_main]

use factgraph::KnowledgeGraph;
use factgraph::coding::{Coder, ReportMeta, check_candidates};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(html) = std::str::from_utf8(data) else { return };
    let graph = KnowledgeGraph::new();
    let meta = ReportMeta::new("r", "Outlet").published("2004-11-23".parse().unwrap());
    let Ok(coding) = Coder::new(&graph).code_html(html, &meta) else { return };
    for c in &coding.candidates {
        for s in [c.cue, c.subject_span, c.object_span] {
            assert!(coding.text.get(s.start..s.end).is_some());
        }
    }
    let json = coding.to_json();
    assert!(KnowledgeGraph::from_json(&json).is_ok());
    assert!(check_candidates(&json).is_some_and(|c| c.is_ok()));
});
