//! Version-3 snapshots altered at fuzzer-chosen places and resealed (every checksum made
//! to fit, as a forger would), so that the fuzzer reaches the checks of the values behind
//! the checksums: the section table, the columns and the indexes. The input is a list of
//! edits (offset, operation, byte) applied to the snapshot of the seed graph or of a small
//! made-up graph with an adjacency delta, buffered dates and placeholder ids; the raw input
//! is also opened, resealed. What opens must answer index queries without a panic and
//! round-trip; the file openers (mapped and read) must agree with the bytes opener, and a
//! mapped graph must take a change.
#![no_main]

use std::sync::OnceLock;

use factgraph::snapshot::reseal;
use factgraph::{
    DateMatch, DateRange, Entity, EntityKind, Fact, Filter, GraphError, KnowledgeGraph,
    PartialDate, Relation, datasets,
};
use libfuzzer_sys::fuzz_target;

/// Made-up data: built fact by fact, with a rolled-back batch.
fn made_up() -> Vec<u8> {
    let mut g = KnowledgeGraph::new();
    let mut ids = Vec::new();
    for i in 0..12 {
        if let Ok(id) = g.add_entity(Entity::new(format!("e{i}"), EntityKind::Person, format!("Made-Up {i}"))) {
            ids.push(id);
        }
    }
    let _: Result<(), GraphError> = g.transaction(|b| {
        b.add_entity(Entity::new("gone", EntityKind::Person, "Rolled Back"))?;
        Err(GraphError::EmptyKey)
    });
    for (k, pair) in ids.windows(2).enumerate() {
        let d = ["2004-11-19", "2003", "2001/2005"][k % 3];
        if let (Some(a), Some(b), Ok(date)) = (pair.first(), pair.get(1), d.parse()) {
            let _ = g.add_fact(Fact::new(Relation::Met, *a, *b).on(date));
        }
    }
    g.to_snapshot()
}

fn bases() -> &'static [Vec<u8>; 2] {
    static BASES: OnceLock<[Vec<u8>; 2]> = OnceLock::new();
    BASES.get_or_init(|| [datasets::edm_2004_v1_i133().to_snapshot(), made_up()])
}

fn exercise(g: &KnowledgeGraph) {
    for e in g.entities() {
        let _ = g.neighbours(e.id(), Filter::any()).count();
        let _ = g.reported_by(e.id()).count();
    }
    for r in Relation::ALL {
        let _ = g.facts_of_relation(*r).count();
    }
    let _ = g.not_reported().count();
    for year in [2001, 2003, 2004, 2010] {
        if let Ok(y) = PartialDate::year(year) {
            let range = DateRange::of(y);
            for how in [DateMatch::Overlaps, DateMatch::Within] {
                let _ = g.timeline(range, how).len();
                let _ = g.count_in(range, how);
            }
        }
    }
    let again = KnowledgeGraph::from_snapshot(&g.to_snapshot());
    assert!(again.is_ok_and(|h| h == *g), "round trip");
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, edits)) = data.split_first() else {
        return;
    };
    let base = &bases()[usize::from(which % 2)];
    let mut bytes = base.clone();
    for e in edits.chunks_exact(4) {
        let at = usize::from(u16::from_le_bytes([e[0], e[1]])) % bytes.len().max(1);
        match e[2] % 4 {
            0 => bytes[at] ^= e[3],
            1 => bytes[at] = e[3],
            // Cut the file here (what is left is resealed if it still has a footer).
            2 => bytes.truncate(at.max(1)),
            _ => bytes.insert(at, e[3]),
        }
        if bytes.is_empty() {
            break;
        }
    }
    let mut raw = data.to_vec();
    reseal(&mut raw);
    reseal(&mut bytes);
    let path = std::env::temp_dir().join(format!("factgraph-fuzz-open-{}.fgsnap", std::process::id()));
    for input in [bytes, raw] {
        let from_bytes = KnowledgeGraph::from_snapshot(&input);
        if let Ok(g) = &from_bytes {
            exercise(g);
        }
        if std::fs::write(&path, &input).is_ok() {
            // `open_snapshot` maps the file (its index columns are the file's pages);
            // `load_snapshot` reads it. Both must agree with the bytes opener, and the
            // mapped graph must answer (queries read the mapped columns) and take a change
            // (which copies them).
            let mapped = KnowledgeGraph::open_snapshot(&path);
            let loaded = KnowledgeGraph::load_snapshot(&path);
            match (&mapped, &loaded, &from_bytes) {
                (Ok(a), Ok(l), Ok(b)) => {
                    assert!(a == b && l == b, "file and bytes differ");
                    exercise(a);
                }
                (Err(_), Err(_), Err(_)) => {}
                _ => panic!(
                    "mapped: {:?}; loaded: {:?}; bytes: {:?}",
                    mapped.is_ok(),
                    loaded.is_ok(),
                    from_bytes.is_ok()
                ),
            }
            if let Ok(mut g) = mapped {
                let ends: Vec<_> = g.entities().take(2).map(|e| e.id()).collect();
                if let [a, b] = ends[..] {
                    let _ = g.add_fact(Fact::new(Relation::Discussed, a, b));
                    exercise(&g);
                }
            }
        }
    }
    let _ = std::fs::remove_file(&path);
});
