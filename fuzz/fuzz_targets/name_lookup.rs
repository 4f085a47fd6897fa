//! Any text as names and queries: `find`, `find_kind` and `find_all` never panic, agree
//! with each other, and a failed lookup returns in bounded time (the closest-name budget).
#![no_main]

use std::time::{Duration, Instant};

use factgraph::{Entity, EntityKind, LookupError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Lines before the first empty one are names (grouped by `|` as aliases); lines after
    // it are queries.
    let (names, queries) = text.split_once("\n\n").unwrap_or((text, text));
    let mut g = factgraph::datasets::edm_2004_v1_i133().clone();
    for (i, line) in names.lines().take(200).enumerate() {
        let mut parts = line.split('|');
        let name = parts.next().unwrap_or_default();
        let mut e = Entity::new(format!("fuzz_{i}"), EntityKind::ALL[i % EntityKind::ALL.len()], name);
        for alias in parts {
            e = e.with_alias(alias);
        }
        let before = g.entity_count();
        if g.add_entity(e).is_err() {
            assert_eq!(g.entity_count(), before);
        }
    }
    for q in queries.lines().take(50).chain([queries]) {
        let start = Instant::now();
        let all: Vec<_> = g.find_all(q).map(|e| e.id()).collect();
        match g.find(q) {
            Ok(e) => assert_eq!(all, [e.id()]),
            Err(LookupError::Ambiguous { candidates, .. }) => {
                assert!(candidates.len() >= 2 && candidates.len() == all.len());
            }
            Err(LookupError::NotFound { closest, .. }) => {
                assert!(all.is_empty() && closest.len() <= 5);
                for c in &closest {
                    assert!(!c.is_empty() && g.find_all(c).next().is_some(), "{c:?}");
                }
            }
            Err(other) => panic!("{other}"),
        }
        for kind in [EntityKind::Person, EntityKind::Country] {
            let _ = g.find_kind(q, kind);
        }
        let took = start.elapsed();
        assert!(took < Duration::from_millis(500), "{took:?} for a query of {} bytes", q.len());
    }
});
