//! Any bytes as a snapshot, twice: as they are (the header checks must refuse them without a
//! panic) and as a body under a header whose checksums were made to fit (a forged file, so
//! the fuzzer reaches the body decoder). Each also as a file, which `load_snapshot` decodes
//! streamed and checks at the end: it must answer as `from_snapshot` does (the same graph,
//! or an error of the same kind). Never a panic; what loads round-trips itself.
#![no_main]

use factgraph::KnowledgeGraph;
use factgraph::snapshot::frame;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("factgraph-fuzz-{}.fgsnap", std::process::id()));
    for bytes in [data.to_vec(), frame(data)] {
        let from_bytes = KnowledgeGraph::from_snapshot(&bytes);
        if let Ok(g) = &from_bytes {
            let again = KnowledgeGraph::from_snapshot(&g.to_snapshot());
            assert!(again.is_ok_and(|h| h == *g), "round trip");
        }
        if std::fs::write(&path, &bytes).is_ok() {
            let from_file = KnowledgeGraph::load_snapshot(&path);
            match (&from_file, &from_bytes) {
                (Ok(a), Ok(b)) => assert!(a == b, "file and bytes differ"),
                (Err(a), Err(b)) => assert_eq!(
                    std::mem::discriminant(a),
                    std::mem::discriminant(b),
                    "file: {a}; bytes: {b}"
                ),
                _ => panic!("file: {:?}; bytes: {:?}", from_file.is_ok(), from_bytes.is_ok()),
            }
        }
    }
    let _ = std::fs::remove_file(&path);
});
