//! Snapshot version 3 through the public API: the graph it opens answers every index query
//! as the graph saved did (the indexes are read, not rebuilt, so equality of content alone
//! would not show it), an opened graph takes new facts like any other, version-1 files
//! still open, and altered files (resealed, so that the checksums pass) are refused or
//! opened without a panic.

use factgraph::snapshot::{self, SnapshotError};
use factgraph::{
    DateMatch, DateRange, Entity, EntityKind, Fact, FactDate, Filter, GraphError, KnowledgeGraph,
    PartialDate, Relation, datasets,
};

/// What the graph's indexes answer, as text: per entity its hops (the adjacency index)
/// and the facts its sources reported; per relation its facts; the facts not reported;
/// per report its facts; timelines and counts over windows (the date index).
fn answers(g: &KnowledgeGraph) -> Vec<String> {
    let mut out = Vec::new();
    for e in g.entities() {
        let hops: Vec<_> = g
            .neighbours(e.id(), Filter::any())
            .map(|h| (h.fact().id(), h.other().id()))
            .collect();
        out.push(format!("{:?} hops {hops:?}", e.id()));
        for r in Relation::ALL {
            let n = g.neighbours(e.id(), Filter::relation(*r)).count();
            if n > 0 {
                out.push(format!("{:?} {r:?} {n}", e.id()));
            }
        }
        let by: Vec<_> = g.reported_by(e.id()).map(|f| f.id()).collect();
        out.push(format!("{:?} reported {by:?}", e.id()));
    }
    for r in Relation::ALL {
        let facts: Vec<_> = g.facts_of_relation(*r).map(|f| f.id()).collect();
        out.push(format!("{r:?} {facts:?}"));
    }
    let not: Vec<_> = g.not_reported().map(|f| f.id()).collect();
    out.push(format!("not reported {not:?}"));
    for (id, _) in g.reports() {
        let facts: Vec<_> = g.reported_in(id).map(|f| f.id()).collect();
        out.push(format!("report {id:?} {facts:?}"));
    }
    for year in 1990..2030 {
        let Ok(y) = PartialDate::year(year) else {
            continue;
        };
        let range = DateRange::of(y);
        for how in [DateMatch::Overlaps, DateMatch::Within] {
            let mut t: Vec<_> = g.timeline(range, how).iter().map(|f| f.id()).collect();
            t.sort();
            out.push(format!("{year} {how:?} {} {t:?}", g.count_in(range, how)));
        }
    }
    out
}

fn reopened(g: &KnowledgeGraph) -> KnowledgeGraph {
    let bytes = g.to_snapshot();
    KnowledgeGraph::from_snapshot(&bytes).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_corpus_opens_with_the_same_answers() {
    let g = datasets::corpus();
    let back = reopened(g);
    assert_eq!(back, *g);
    assert_eq!(answers(&back), answers(g));
    assert_eq!(
        back.to_snapshot(),
        g.to_snapshot(),
        "a second save is byte for byte the same"
    );
}

/// Made-up data: a graph built fact by fact keeps part of its adjacency in the delta and
/// part of its dates in the buffer; a rolled-back batch leaves placeholder ids; a merge
/// retires a key. All of it must survive the file.
#[test]
fn deltas_buffers_and_placeholders_survive() {
    let mut g = KnowledgeGraph::with_title("made-up");
    let mut ids = Vec::new();
    for i in 0..40 {
        let kind = if i % 4 == 0 {
            EntityKind::Organisation
        } else {
            EntityKind::Person
        };
        let id = g
            .add_entity(Entity::new(
                format!("e{i}"),
                kind,
                format!("Made-Up Name {i}"),
            ))
            .unwrap_or_else(|e| panic!("{e}"));
        ids.push(id);
    }
    let r: Result<(), GraphError> = g.transaction(|b| {
        b.add_entity(Entity::new("gone", EntityKind::Person, "Rolled Back"))?;
        Err(GraphError::EmptyKey)
    });
    assert!(r.is_err());
    let date = |d: &str| d.parse::<FactDate>().unwrap_or_else(|e| panic!("{e}"));
    for (k, pair) in ids.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        let d = ["2004-11-19", "2003", "2004-11", "2001/2005", "2010-06-01"][k % 5];
        let fact = Fact::new(Relation::Met, a, b).on(date(d));
        g.add_fact(fact).unwrap_or_else(|e| panic!("{e}"));
    }
    let back = reopened(&g);
    assert_eq!(back, g);
    assert_eq!(answers(&back), answers(&g));
    // Both take the same new facts, past a rebuild of the adjacency's base.
    let mut a = g.clone();
    let mut b = back;
    for k in 0..200 {
        let (x, y) = (ids[k % ids.len()], ids[(k * 7 + 3) % ids.len()]);
        if x == y {
            continue;
        }
        let fact = Fact::new(Relation::Discussed, x, y).on(date("2005-03"));
        a.add_fact(fact.clone()).unwrap_or_else(|e| panic!("{e}"));
        b.add_fact(fact).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(a, b);
    assert_eq!(answers(&a), answers(&b));
}

#[test]
fn a_version_1_file_still_opens() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seed-v1.fgsnap");
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        &bytes[8..12],
        &1u32.to_le_bytes(),
        "the fixture is version 1"
    );
    let g = KnowledgeGraph::open_snapshot(path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        g,
        KnowledgeGraph::from_snapshot(&bytes).unwrap_or_else(|e| panic!("{e}"))
    );
    assert!(g.fact_count() > 20 && g.entity_count() > 20);
    assert_eq!(
        g.find("sembinov").map(|e| e.name().to_owned()).ok(),
        Some("Bolat Sembinov".into())
    );
    // Saved again, it is version 3 and answers the same.
    let again = reopened(&g);
    assert_eq!(again, g);
    assert_eq!(answers(&again), answers(&g));
}

/// The made-up facts the version-3 fixture adds to the version-1 one, one commit each (so
/// that the date index holds unsettled buffers, in both of version 3's views). The fixture
/// was written by the code of commit bab5c99 (the last to write version 3) from the
/// version-1 fixture and these additions.
fn additions(g: &mut KnowledgeGraph) {
    let people: Vec<_> = g
        .entities()
        .filter(|e| e.kind() == EntityKind::Person)
        .map(|e| e.id())
        .take(12)
        .collect();
    let dates = [
        "2004-11-19",
        "2003",
        "2004-11",
        "2001/2005",
        "2010-06-01",
        "2004-11-19?",
    ];
    for (k, pair) in people.windows(2).enumerate() {
        let d: FactDate = dates[k % dates.len()]
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        g.add_fact(Fact::new(Relation::Met, pair[0], pair[1]).on(d))
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// A version-3 file, which held a second date index over all facts, opens (mapped and
/// loaded) to the graph it was written from, with the same answers (the unfiltered window
/// counts and timelines now come from the per-relation indexes), and is saved again as
/// version 4.
#[test]
fn a_version_3_file_still_opens() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
    let v3 = format!("{dir}seed-v3.fgsnap");
    let bytes = std::fs::read(&v3).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        &bytes[8..12],
        &3u32.to_le_bytes(),
        "the fixture is version 3"
    );
    let mut expected = KnowledgeGraph::open_snapshot(format!("{dir}seed-v1.fgsnap"))
        .unwrap_or_else(|e| panic!("{e}"));
    additions(&mut expected);
    let mapped = KnowledgeGraph::open_snapshot(&v3).unwrap_or_else(|e| panic!("{e}"));
    let loaded = KnowledgeGraph::load_snapshot(&v3).unwrap_or_else(|e| panic!("{e}"));
    for g in [&mapped, &loaded] {
        assert_eq!(*g, expected);
        assert_eq!(answers(g), answers(&expected));
    }
    let again = mapped.to_snapshot();
    assert_eq!(&again[8..12], &snapshot::VERSION.to_le_bytes());
    assert_eq!(snapshot::VERSION, 4);
    assert!(
        again.len() < bytes.len(),
        "version 4 drops the second date index"
    );
    let back = KnowledgeGraph::from_snapshot(&again).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answers(&back), answers(&expected));
}

#[test]
fn a_newer_version_is_named() {
    let mut bytes = datasets::edm_2004_v1_i133().to_snapshot();
    bytes[8..12].copy_from_slice(&5u32.to_le_bytes());
    snapshot::reseal(&mut bytes);
    let Err(err) = KnowledgeGraph::from_snapshot(&bytes) else {
        panic!("a version-5 file was opened");
    };
    assert!(
        matches!(err, SnapshotError::Version { found: 5, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("versions 1, 3 and 4"), "{err}");
}

/// Every byte of the seed's file altered in turn, resealed so the checksums pass: the
/// opener refuses it or opens a graph, and never panics. The outcomes are counted so that
/// the test shows the checks doing work.
#[test]
fn altered_and_resealed_files_never_panic() {
    let bytes = datasets::edm_2004_v1_i133().to_snapshot();
    let (mut refused, mut opened) = (0, 0);
    for at in (0..bytes.len()).step_by(7) {
        for flip in [0x01u8, 0x80, 0xFF] {
            let mut bad = bytes.clone();
            bad[at] ^= flip;
            snapshot::reseal(&mut bad);
            match KnowledgeGraph::from_snapshot(&bad) {
                Ok(g) => {
                    opened += 1;
                    // Whatever opened must answer without a panic.
                    let _ = answers(&g);
                }
                Err(_) => refused += 1,
            }
        }
    }
    eprintln!("{refused} refused, {opened} opened");
    assert!(refused > 1000, "{refused} refused, {opened} opened");
}

/// Made-up data large enough that two threads read it (the indexes apart from the facts):
/// damage in either half is found, and an altered, resealed file is refused or opens
/// without a panic.
#[cfg(feature = "synthetic")]
#[test]
fn a_large_file_read_by_two_threads_is_checked_in_both_halves() {
    use factgraph::synthetic::{SyntheticConfig, generate};
    let g = generate(&SyntheticConfig::new(6_000, 11)).unwrap_or_else(|e| panic!("{e}"));
    let bytes = g.to_snapshot();
    assert!(
        bytes.len() > 2 << 20,
        "{} bytes: too small for two threads",
        bytes.len()
    );
    let back = KnowledgeGraph::from_snapshot(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert!(back == g);
    for at in [bytes.len() / 5, bytes.len() / 2, bytes.len() * 4 / 5] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x20;
        let err = KnowledgeGraph::from_snapshot(&bad).expect_err("damage is found");
        assert!(
            matches!(err, SnapshotError::Checksum { .. }),
            "at {at}: {err}"
        );
        snapshot::reseal(&mut bad);
        if let Ok(g) = KnowledgeGraph::from_snapshot(&bad) {
            let _ = answers(&g);
        }
    }
}

/// A temporary file path for this test process.
fn temp_path(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("factgraph-v3-{}-{name}.fgsnap", std::process::id()))
}

/// A mapping is only made on a little-endian machine with memory maps.
const MAPS: bool = cfg!(all(target_endian = "little", any(unix, windows)));

/// `open_snapshot` maps the file; `load_snapshot` and `from_snapshot` copy it: the three
/// graphs are equal and answer every index query alike.
#[test]
fn a_mapped_file_answers_as_a_loaded_one() {
    let g = datasets::corpus();
    let path = temp_path("mapped-corpus");
    g.save_snapshot(&path).unwrap_or_else(|e| panic!("{e}"));
    let mapped = KnowledgeGraph::open_snapshot(&path).unwrap_or_else(|e| panic!("{e}"));
    let loaded = KnowledgeGraph::load_snapshot(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mapped, *g);
    assert_eq!(loaded, *g);
    assert_eq!(answers(&mapped), answers(g));
    assert_eq!(loaded.mapped_bytes(), 0);
    assert_eq!(g.mapped_bytes(), 0);
    assert_eq!(mapped.memory_usage().mapped, mapped.mapped_bytes());
    if MAPS {
        // The index columns are served from the file, not the heap.
        let (m, l) = (mapped.memory_usage(), loaded.memory_usage());
        assert!(m.mapped > 0);
        assert!(
            m.adjacency < l.adjacency && m.dates < l.dates,
            "{m:?} {l:?}"
        );
    }
    // A mapped graph saves byte for byte as the original does.
    assert_eq!(mapped.to_snapshot(), g.to_snapshot());
    drop(mapped);
    let _ = std::fs::remove_file(&path);
}

/// Made-up data: a mapped graph takes new facts (its mapped columns are copied on the
/// first change) exactly as the graph it was saved from, and the file stays as it was.
/// Saving another graph over the path while the mapped one is open leaves the open one
/// answering as before, because saving replaces the file instead of rewriting it.
#[test]
fn a_mapped_graph_changes_apart_from_its_file() {
    let mut g = KnowledgeGraph::with_title("made-up, mapped");
    let ids: Vec<_> = (0..30)
        .map(|i| {
            g.add_entity(Entity::new(
                format!("m{i}"),
                EntityKind::Person,
                format!("Made-Up Person {i}"),
            ))
            .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    let date = |d: &str| d.parse::<FactDate>().unwrap_or_else(|e| panic!("{e}"));
    for (k, pair) in ids.windows(2).enumerate() {
        let d = ["2004-11-19", "2003", "2001/2005"][k % 3];
        g.add_fact(Fact::new(Relation::Met, pair[0], pair[1]).on(date(d)))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let path = temp_path("mapped-changes");
    g.save_snapshot(&path).unwrap_or_else(|e| panic!("{e}"));
    let file = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut mapped = KnowledgeGraph::open_snapshot(&path).unwrap_or_else(|e| panic!("{e}"));
    let before = mapped.mapped_bytes();
    let mut plain = g.clone();
    for k in 0..120 {
        let (x, y) = (ids[k % ids.len()], ids[(k * 11 + 5) % ids.len()]);
        if x == y {
            continue;
        }
        let fact = Fact::new(Relation::Discussed, x, y).on(date("2006-02"));
        plain
            .add_fact(fact.clone())
            .unwrap_or_else(|e| panic!("{e}"));
        mapped.add_fact(fact).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(mapped, plain);
    assert_eq!(answers(&mapped), answers(&plain));
    assert!(mapped.mapped_bytes() < before || !MAPS);
    assert_eq!(
        std::fs::read(&path).unwrap_or_else(|e| panic!("{e}")),
        file,
        "the file is never written"
    );

    // Another graph saved over the path: the open graph is untouched. (Windows refuses to
    // replace a mapped file, so this part is for Unix.)
    if !cfg!(unix) {
        drop(mapped);
        let _ = std::fs::remove_file(&path);
        return;
    }
    let kept = KnowledgeGraph::open_snapshot(&path).unwrap_or_else(|e| panic!("{e}"));
    let kept_answers = answers(&kept);
    datasets::edm_2004_v1_i133()
        .save_snapshot(&path)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answers(&kept), kept_answers);
    assert_eq!(kept, g);
    let now = KnowledgeGraph::open_snapshot(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(now, *datasets::edm_2004_v1_i133());
    drop((kept, now));
    let _ = std::fs::remove_file(&path);
}

/// Altered and resealed files through the file openers: the mapped open refuses what the
/// bytes opener refuses (the values of mapped sections are checked as copied ones are),
/// and what opens is the same graph either way.
#[test]
fn mapped_and_copied_opens_agree_on_altered_files() {
    let bytes = datasets::edm_2004_v1_i133().to_snapshot();
    let path = temp_path("mapped-altered");
    let (mut refused, mut opened) = (0, 0);
    for at in (0..bytes.len()).step_by(53) {
        let mut bad = bytes.clone();
        bad[at] ^= 0x41;
        snapshot::reseal(&mut bad);
        std::fs::write(&path, &bad).unwrap_or_else(|e| panic!("{e}"));
        let from_bytes = KnowledgeGraph::from_snapshot(&bad);
        let mapped = KnowledgeGraph::open_snapshot(&path);
        let loaded = KnowledgeGraph::load_snapshot(&path);
        match (&from_bytes, &mapped, &loaded) {
            (Ok(a), Ok(b), Ok(c)) => {
                assert!(a == b && b == c, "byte {at}: the openers disagree");
                assert_eq!(answers(b), answers(a), "byte {at}");
                opened += 1;
            }
            (Err(a), Err(b), Err(c)) => {
                assert_eq!(a.to_string(), b.to_string(), "byte {at}");
                assert_eq!(b.to_string(), c.to_string(), "byte {at}");
                refused += 1;
            }
            _ => panic!(
                "byte {at}: bytes {:?}, mapped {:?}, loaded {:?}",
                from_bytes.as_ref().err(),
                mapped.as_ref().err(),
                loaded.as_ref().err()
            ),
        }
    }
    let _ = std::fs::remove_file(&path);
    assert!(
        refused > 100 && opened > 10,
        "{refused} refused, {opened} opened"
    );
}
