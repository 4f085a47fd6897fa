//! `coding::check_candidates` and the loader on any candidate file: never panic, every
//! issue located on a line of the text, and the loader's count of left-out candidates is
//! the check's.
#![no_main]

use factgraph::KnowledgeGraph;
use factgraph::coding::check_candidates;
use factgraph::corpus::MergePolicy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(check) = check_candidates(text) else { return };
    let lines = text.lines().count().max(1);
    for i in &check.issues {
        assert!(i.line >= 1 && i.line <= lines + 1);
        let _ = i.to_string();
    }
    if let Ok(report) = KnowledgeGraph::new().merge_json(text, &MergePolicy::new()) {
        assert_eq!(report.candidates.total(), check.counts.total());
    }
});
