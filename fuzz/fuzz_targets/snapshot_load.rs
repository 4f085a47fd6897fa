//! Any bytes as a snapshot, twice: as they are (the header checks must refuse them without a
//! panic) and as a body under a header whose checksums were made to fit (a forged file, so
//! the fuzzer reaches the body decoder). Never a panic; what loads round-trips itself.
#![no_main]

use factgraph::KnowledgeGraph;
use factgraph::snapshot::{MAGIC, VERSION};
use libfuzzer_sys::fuzz_target;

fn with_header(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::from(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
    let header = crc32fast::hash(&out);
    out.extend_from_slice(&header.to_le_bytes());
    out.extend_from_slice(body);
    out
}

fuzz_target!(|data: &[u8]| {
    for bytes in [data.to_vec(), with_header(data)] {
        if let Ok(g) = KnowledgeGraph::from_snapshot(&bytes) {
            let again = KnowledgeGraph::from_snapshot(&g.to_snapshot());
            assert!(again.is_ok_and(|h| h == g), "round trip");
        }
    }
});
