//! Any bytes as a snapshot, twice: as they are (the header checks must refuse them without a
//! panic) and as a body under a header whose checksums were made to fit (a forged file, so
//! the fuzzer reaches the body decoder). Never a panic; what loads round-trips itself.
#![no_main]

use factgraph::KnowledgeGraph;
use factgraph::snapshot::frame;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for bytes in [data.to_vec(), frame(data)] {
        if let Ok(g) = KnowledgeGraph::from_snapshot(&bytes) {
            let again = KnowledgeGraph::from_snapshot(&g.to_snapshot());
            assert!(again.is_ok_and(|h| h == g), "round trip");
        }
    }
});
