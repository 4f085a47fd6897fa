//! Merges an analyst can trust (issue 17): a merge renames nothing unless asked, keeps the
//! report fields it found, leaves unrelated facts alone and says what it changed. Public
//! API only; all data here is made up.

use factgraph::KnowledgeGraph;
use factgraph::corpus::{FactChangeKind, MergePolicy, RenameReason};

const KAZAKHSTAN: &str = r#"{"factgraph": 2,
  "reports": [{"id": "r1", "outlet": "wire", "published": "2020-05-01",
               "headline": "As first published", "url": "https://example.org/1"}],
  "entities": [{"id": "wire", "kind": "source", "name": "Example Wire"},
    {"id": "kz", "kind": "country", "name": "Kazakhstan"},
    {"id": "mod_kz", "kind": "state_body", "name": "Ministry of Defense of Kazakhstan"},
    {"id": "smith", "kind": "person", "name": "Ann Smith"}],
  "facts": [{"relation": "part_of", "subject": "mod_kz", "object": "kz",
    "sources": [{"report": "r1"}]}]}"#;

const REPUBLIC: &str = r#"{"factgraph": 2,
  "reports": [{"id": "r1", "outlet": "wire2", "published": "2020-05-01",
               "headline": "A later headline", "url": "https://example.org/1"}],
  "entities": [{"id": "wire2", "kind": "source", "name": "Example Wire"},
    {"id": "rk", "kind": "country", "name": "Republic of Kazakhstan"},
    {"id": "mod", "kind": "state_body", "name": "Ministry of Defence of Kazakhstan"}],
  "facts": [{"relation": "part_of", "subject": "mod", "object": "rk",
    "sources": [{"report": "r1"}]}]}"#;

#[test]
fn a_merge_keeps_existing_names_keys_and_report_fields() {
    let mut g = KnowledgeGraph::from_json(KAZAKHSTAN).expect("valid");
    let policy = MergePolicy::new().same("rk", "kz");
    let report = g.merge_json(REPUBLIC, &policy).expect("merges");
    let kz = g.get("kz").expect("kept");
    assert_eq!(kz.name(), "Kazakhstan");
    assert!(kz.aliases().iter().any(|a| a == "Republic of Kazakhstan"));
    assert_eq!(
        g.get("rk").map(|e| e.id()),
        Ok(kz.id()),
        "the incoming key names it"
    );
    let mod_ = g.get("mod_kz").expect("kept");
    assert_eq!(mod_.name(), "Ministry of Defense of Kazakhstan");
    assert_eq!(
        g.find("Ministry of Defence of Kazakhstan").map(|e| e.id()),
        Ok(mod_.id())
    );
    assert!(report.renames.is_empty(), "{report}");
    // The headline first published stays; the other is reported.
    let r = g
        .report_by_key("r1")
        .and_then(|id| g.report(id))
        .expect("there");
    assert_eq!(r.headline(), Some("As first published"));
    assert!(
        report
            .differences
            .iter()
            .any(|d| d.attribute == "report.headline" && d.kept == "As first published"),
        "{report}"
    );
}

#[test]
fn a_rename_happens_only_when_asked_and_is_reported() {
    let mut g = KnowledgeGraph::from_json(KAZAKHSTAN).expect("valid");
    let policy = MergePolicy::new()
        .same("rk", "kz")
        .rename("rk", "Republic of Kazakhstan");
    let report = g.merge_json(REPUBLIC, &policy).expect("merges");
    assert_eq!(g.get("kz").map(|e| e.name()), Ok("Republic of Kazakhstan"));
    assert_eq!(report.renames.len(), 1, "{report}");
    assert_eq!(report.renames[0].reason, RenameReason::Policy);
    assert_eq!(report.renames[0].from, "Kazakhstan");
    assert!(report.to_string().contains("renamed `kz`"), "{report}");
    // A rename of a key nobody has is an error, and the graph is unchanged.
    let before = g.clone();
    let bad = MergePolicy::new().rename("nobody", "X");
    assert!(g.merge_json(REPUBLIC, &bad).is_err());
    assert!(g == before);
}

#[test]
fn a_name_marked_sic_never_stays_canonical() {
    let misspelt = r#"{"factgraph": 2, "entities": [
        {"id": "altnybayev", "kind": "person", "name": "Mukhtar Altnybayev",
         "attributes": {"sic": "Mukhtar Altnybayev"}}]}"#;
    let right = r#"{"factgraph": 2, "entities": [
        {"id": "mukhtar_altynbayev", "kind": "person", "name": "Mukhtar Altynbayev"}]}"#;
    let mut g = KnowledgeGraph::from_json(right).expect("valid");
    let report = g.merge_json(misspelt, &MergePolicy::new()).expect("merges");
    assert_eq!(g.entity_count(), 1, "{report}");
    assert_eq!(
        g.get("altnybayev").map(|e| e.name()),
        Ok("Mukhtar Altynbayev")
    );
    // The other order: the misspelling came first, and gives way.
    let mut g = KnowledgeGraph::from_json(misspelt).expect("valid");
    let report = g.merge_json(right, &MergePolicy::new()).expect("merges");
    assert_eq!(
        g.get("altnybayev").map(|e| e.name()),
        Ok("Mukhtar Altynbayev")
    );
    assert_eq!(report.renames.len(), 1, "{report}");
    assert_eq!(report.renames[0].reason, RenameReason::Sic);
}

/// Repro V6 (hostile tester): two compatible facts of one statement, loaded as they were
/// coded, became one when an unrelated file was merged, with a report of no change.
#[test]
fn an_unrelated_merge_leaves_existing_facts_alone() {
    let first = r#"{"factgraph": 2,
     "entities": [
      {"id": "a", "kind": "person", "name": "Ann Example"},
      {"id": "b", "kind": "person", "name": "Bob Example"},
      {"id": "s1", "kind": "source", "name": "Wire One"},
      {"id": "s2", "kind": "source", "name": "Wire Two"}],
     "facts": [
      {"relation": "met", "subject": "a", "object": "b", "date": "2010", "sources": [{"source": "s1"}]},
      {"relation": "met", "subject": "a", "object": "b", "date": "2010-05-03", "sources": [{"source": "s2"}]}]}"#;
    let unrelated = r#"{"factgraph": 2, "entities": [{"id": "c", "kind": "person", "name": "Cyd Other"}], "facts": []}"#;
    let mut g = KnowledgeGraph::from_json(first).expect("valid");
    let report = g
        .merge_json(unrelated, &MergePolicy::new())
        .expect("merges");
    assert_eq!(g.fact_count(), 2, "{report}");
    assert!(report.facts_changed.is_empty());
    // A claim of the same statement regroups them, and the report says so.
    let related = r#"{"factgraph": 2,
     "entities": [{"id": "a", "kind": "person", "name": "Ann Example"},
      {"id": "b", "kind": "person", "name": "Bob Example"},
      {"id": "s3", "kind": "source", "name": "Wire Three"}],
     "facts": [{"relation": "met", "subject": "b", "object": "a", "date": "2010-05",
       "sources": [{"source": "s3"}]}]}"#;
    let report = g.merge_json(related, &MergePolicy::new()).expect("merges");
    assert_eq!(g.fact_count(), 1, "{report}");
    assert!(
        report
            .facts_changed
            .iter()
            .any(|c| c.kind == FactChangeKind::United && c.before.len() == 2),
        "{report}"
    );
    assert!(!report.is_noop());
}

/// A merge that only adds and corroborates leaves every existing fact where it was: same
/// id, same content key (repro V11's graph was rebuilt for a one-fact file).
#[test]
fn a_small_merge_keeps_every_existing_fact_in_place() {
    let mut g = factgraph::datasets::corpus().clone();
    let keys: Vec<_> = g.facts().map(|f| g.fact_key(f.id())).collect();
    let tiny = r#"{"factgraph": 2, "entities": [
        {"id": "made_up_a", "kind": "person", "name": "Ann Example"},
        {"id": "made_up_b", "kind": "person", "name": "Bob Example"}],
        "facts": [{"relation": "met", "subject": "made_up_a", "object": "made_up_b",
        "date": "2020-01-02"}]}"#;
    let report = g.merge_json(tiny, &MergePolicy::new()).expect("merges");
    assert_eq!(report.facts_added, 1, "{report}");
    assert_eq!(g.fact_count(), keys.len() + 1);
    for (i, key) in keys.iter().enumerate() {
        let f = g.facts().nth(i).expect("still there");
        assert_eq!(g.fact_key(f.id()), *key, "{f}");
    }
    // The new people are found by name, the new fact by its ends.
    let ann = g.find("Ann Example").expect("added").id();
    assert_eq!(g.meetings(ann, factgraph::Filter::any()).count(), 1);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Made-up people, each with spellings a merge resolves to one entity, and a few
    /// names marked `sic`.
    const PEOPLE: &[&[&str]] = &[
        &["Pyotr Ivanov", "Пётр Иванов", "Petr Ivanov"],
        &["Ann Smith", "Anne Smith"],
        &[
            "Mukhtar Altynbayev",
            "Mukhtar Altynbaev",
            "Мухтар Алтынбаев",
        ],
        &["Chidi Okafor", "Chidi Okaffor"],
    ];

    /// A file naming some of the people under file-specific keys, some spellings marked
    /// `sic`, with one meeting between the first two.
    fn doc(n: usize, picks: &[(usize, usize, bool)]) -> String {
        let mut entities = Vec::new();
        let mut keys = Vec::new();
        for (k, &(p, s, sic)) in picks.iter().enumerate() {
            let spellings = PEOPLE[p % PEOPLE.len()];
            let name = spellings[s % spellings.len()];
            let key = format!("f{n}_p{k}");
            let sic = if sic {
                format!(r#", "attributes": {{"sic": "{name}"}}"#)
            } else {
                String::new()
            };
            entities.push(format!(
                r#"{{"id": "{key}", "kind": "person", "name": "{name}"{sic}}}"#
            ));
            keys.push((p % PEOPLE.len(), key));
        }
        let facts = match (keys.first(), keys.get(1)) {
            (Some((a, ka)), Some((b, kb))) if a != b => format!(
                r#"{{"relation": "met", "subject": "{ka}", "object": "{kb}", "date": "2020-0{}"}}"#,
                n % 9 + 1
            ),
            _ => String::new(),
        };
        format!(
            r#"{{"factgraph": 2, "entities": [{}], "facts": [{facts}]}}"#,
            entities.join(",")
        )
    }

    fn docs() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(
            prop::collection::vec((0usize..4, 0usize..3, prop::bool::weighted(0.2)), 1..4),
            1..6,
        )
        .prop_map(|files| files.iter().enumerate().map(|(n, f)| doc(n, f)).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// A merge never changes an existing entity's key or canonical name unless its
        /// report lists the rename (here only `sic` can cause one: the policy asks none).
        #[test]
        fn no_silent_rename(files in docs()) {
            let mut g = KnowledgeGraph::new();
            for f in &files {
                let before: Vec<(String, String)> = g
                    .entities()
                    .map(|e| (e.key().to_owned(), e.name().to_owned()))
                    .collect();
                let report = g.merge_json(f, &MergePolicy::new()).expect("merges");
                for (i, (key, name)) in before.iter().enumerate() {
                    let e = g.entities().nth(i).expect("entities only grow");
                    prop_assert_eq!(e.key(), key.as_str(), "keys never change");
                    if e.name() != name {
                        prop_assert!(
                            report.renames.iter().any(|r| &r.key == key
                                && &r.from == name
                                && r.to == e.name()
                                && r.reason == RenameReason::Sic),
                            "{} renamed from {:?} to {:?} silently:\n{}", key, name, e.name(), report
                        );
                        // The old name is still found.
                        prop_assert_eq!(g.find(name).map(|x| x.id()), Ok(e.id()));
                    }
                }
            }
        }
    }
}

/// A graph keeps its name index between merges (a cache); a copy starts without it. Both
/// must resolve alike: the corpus's files merged into one graph, and each merged into a
/// fresh copy of the graph so far, give equal graphs.
#[test]
fn the_kept_name_index_resolves_as_a_fresh_one() {
    use factgraph::datasets::{EDM_2004_V1_I133_JSON, KAZAKHSTAN_DEFENCE_FILES};
    let texts: Vec<&str> = std::iter::once(EDM_2004_V1_I133_JSON)
        .chain(KAZAKHSTAN_DEFENCE_FILES.iter().map(|(_, t)| *t))
        .collect();
    let mut kept = KnowledgeGraph::new();
    let mut fresh = KnowledgeGraph::new();
    for text in texts {
        let a = kept.merge_json(text, &MergePolicy::new()).expect("merges");
        let mut copy = fresh.clone();
        let b = copy.merge_json(text, &MergePolicy::new()).expect("merges");
        fresh = copy;
        assert_eq!(a, b);
    }
    assert!(kept == fresh);
}
