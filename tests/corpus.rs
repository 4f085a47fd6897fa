//! The corpus: reports as provenance, entity resolution, corroboration, conflicts, stated
//! and inferred facts, and the merge invariants (idempotence, order independence), through
//! the public API only.

use std::collections::BTreeSet;

use factgraph::corpus::{ConflictKind, EntityDecision, MergePolicy};
use factgraph::datasets::{self, EDM_2004_V1_I133_JSON, KAZAKHSTAN_DEFENCE_FILES};
use factgraph::{EntityId, EntityKind, Filter, KnowledgeGraph, Relation};

/// A graph as a set of lines that do not depend on merge order: entities by all their
/// keys and names (which key and name are canonical depends on which report came first:
/// a merge never renames what the graph holds), with their attributes; facts by what they
/// say, their ends named by their smallest key, with their attributions.
fn canonical(g: &KnowledgeGraph) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let id_of = |id: EntityId| -> String {
        let e = g.entity(id).expect("issued here");
        let mut keys = g.merged_keys_of(id);
        keys.push(e.key());
        keys.sort_unstable();
        keys.first().map_or(String::new(), |k| (*k).to_owned())
    };
    for e in g.entities() {
        let names: BTreeSet<&str> = e.names().collect();
        let mut keys = g.merged_keys_of(e.id());
        keys.push(e.key());
        keys.sort_unstable();
        out.insert(format!(
            "entity {keys:?} {} {names:?} {:?} {:?}",
            e.kind(),
            e.attributes(),
            e.note()
        ));
    }
    for (_, r) in g.reports() {
        out.insert(format!(
            "report {} {:?} {:?} {}",
            r.key(),
            r.headline(),
            r.url(),
            r.published()
        ));
    }
    for f in g.facts() {
        let v = f.fact();
        let (mut s, mut o) = (id_of(v.subject()), id_of(v.object()));
        if v.relation().is_symmetric() && o < s {
            std::mem::swap(&mut s, &mut o);
        }
        let sources: BTreeSet<String> = f
            .sources()
            .map(|s| {
                format!(
                    "{:?}|{}|{:?}|{:?}|{:?}|{:?}",
                    s.report().map(|r| r.key()),
                    id_of(s.source().id()),
                    s.speaker().map(|p| id_of(p.id())),
                    s.quote(),
                    s.inferred(),
                    s.attribution().claimed_date().map(|d| d.to_string())
                )
            })
            .collect();
        out.insert(format!(
            "fact {} {s} {o} {} {} {:?} {:?} {:?} {:?} {:?} {sources:?}",
            v.relation(),
            v.modality(),
            v.date(),
            v.valid().map(|d| d.to_string()),
            v.place().map(id_of),
            v.recipient().map(id_of),
            v.role(),
            f.note()
        ));
    }
    out
}

fn merged_in_order<'a>(files: impl IntoIterator<Item = &'a str>) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    for text in files {
        if let Err(e) = g.merge_json(text, &MergePolicy::new()) {
            panic!("{e}");
        }
    }
    g
}

fn corpus_texts() -> Vec<&'static str> {
    std::iter::once(EDM_2004_V1_I133_JSON)
        .chain(KAZAKHSTAN_DEFENCE_FILES.iter().map(|(_, t)| *t))
        .collect()
}

#[test]
fn the_corpus_is_large_enough_and_says_where_it_comes_from() {
    let g = datasets::corpus();
    assert!(g.report_count() >= 20, "{} reports", g.report_count());
    let outlets: BTreeSet<_> = g.reports().map(|(_, r)| r.outlet()).collect();
    assert!(outlets.len() >= 6, "{} outlets", outlets.len());
    let years: Vec<i32> = g
        .reports()
        .filter_map(|(_, r)| r.published().earliest())
        .map(|d| d.year_value())
        .collect();
    let span = years
        .iter()
        .max()
        .zip(years.iter().min())
        .map(|(a, b)| a - b);
    assert!(span.is_some_and(|s| s >= 10), "{span:?}");
    for (_, r) in g.reports() {
        assert!(r.url().is_some(), "{} has no URL", r.key());
        assert!(!r.published().is_unknown(), "{} has no date", r.key());
        // Every report is the provenance of some fact.
        let id = g.report_by_key(r.key()).expect("listed");
        assert!(g.reported_in(id).next().is_some(), "{}", r.key());
    }
    // No fact without its report.
    for f in g.facts() {
        assert!(
            f.sources().len() > 0 && f.sources().all(|s| s.report().is_some()),
            "{f}"
        );
    }
}

#[test]
fn spellings_and_scripts_resolve_to_one_entity() {
    let g = datasets::corpus();
    let id = g.find("Mukhtar Altynbayev").expect("in the seed").id();
    for spelling in ["Altynbayev", "Mukhtar Altynbaev", "Мухтар Алтынбаев"] {
        assert_eq!(g.find(spelling).map(|e| e.id()), Ok(id), "{spelling}");
    }
    // The keys the reports used all still name him.
    for key in ["mukhtar_altynbayev", "mukhtar_altynbaev", "altynbaev"] {
        assert_eq!(g.get(key).ok().map(|e| e.id()), Some(id), "{key}");
    }
    // Only one person of that name.
    let people = g
        .entities_of_kind(EntityKind::Person)
        .filter(|e| e.names().any(|n| n.contains("ltynba")))
        .count();
    assert_eq!(people, 1);
    // A misspelling with a rank, in a made-up release, joins him too.
    let mut g = g.clone();
    let report = g
        .merge_json(
            r#"{"factgraph": 2,
              "reports": [{"id": "made_up_release", "outlet": "made_up_ministry_site", "published": "2005-01-01"}],
              "entities": [
                {"id": "made_up_ministry_site", "kind": "source", "name": "Made-up ministry website"},
                {"id": "altnybayev", "kind": "person", "name": "Col.-Gen. Altnybayev"}],
              "facts": [{"relation": "visited", "subject": "altnybayev", "object": "astana",
                "sources": [{"report": "made_up_release"}]}]}"#,
            &MergePolicy::new(),
        )
        .expect("merges");
    assert!(report.entities.iter().any(|d| matches!(d,
        EntityDecision::Merged { incoming, into, .. } if incoming == "altnybayev" && into == "mukhtar_altynbayev")));
    assert_eq!(g.get("altnybayev").ok().map(|e| e.id()), Some(id));
}

#[test]
fn successive_plans_and_editions_stay_apart() {
    let g = datasets::corpus();
    let plans: Vec<&str> = g
        .entities_of_kind(EntityKind::Agreement)
        .filter(|e| e.name().to_lowercase().contains("five-year"))
        .map(|e| e.name())
        .collect();
    assert!(plans.len() >= 3, "{plans:?}");
    let editions: Vec<&str> = g
        .entities_of_kind(EntityKind::Exercise)
        .filter(|e| e.name().starts_with("Steppe Eagle 20"))
        .map(|e| e.name())
        .collect();
    assert!(editions.len() >= 5, "{editions:?}");
    // And a made-up plan whose name differs only in its years is added, not merged.
    let mut g = g.clone();
    let before = g.entity_count();
    g.merge_json(
        r#"{"factgraph": 2, "entities": [{"id": "made_up_plan", "kind": "agreement",
             "name": "US-Kazakhstan Five-Year Military Cooperation Plan 2023-2027"}]}"#,
        &MergePolicy::new(),
    )
    .expect("merges");
    assert_eq!(g.entity_count(), before + 1);
}

#[test]
fn a_fact_from_two_outlets_is_one_fact_with_two_citations() {
    let g = datasets::corpus();
    let rumsfeld = g.find("Rumsfeld").expect("in the corpus").id();
    let altynbayev = g.find("Altynbayev").expect("in the corpus").id();
    let meetings: Vec<_> = g
        .meetings(rumsfeld, Filter::any())
        .filter(|m| m.with.id() == altynbayev)
        .collect();
    assert_eq!(meetings.len(), 1, "one meeting, not one per report");
    let support = meetings[0].fact.support();
    assert!(support.reports >= 2 && support.outlets >= 2, "{support:?}");
    // Requiring two outlets keeps it; requiring more than it has drops it.
    let two = Filter::relation(Relation::Met).min_outlets(2);
    assert!(
        g.neighbours(rumsfeld, two)
            .any(|h| h.other().id() == altynbayev)
    );
    let many = Filter::relation(Relation::Met).min_outlets(support.outlets as u16 + 1);
    assert!(
        !g.neighbours(rumsfeld, many)
            .any(|h| h.other().id() == altynbayev)
    );
}

/// Made-up data: two outlets date one signing differently.
const SIGNING_A: &str = r#"{"factgraph": 2,
  "reports": [{"id": "made_up_a", "outlet": "made_up_wire", "published": "2003-10-01"}],
  "entities": [{"id": "made_up_wire", "kind": "source", "name": "Made-up Wire"},
    {"id": "ruritania", "kind": "country", "name": "Ruritania"},
    {"id": "plan", "kind": "agreement", "name": "Made-up Cooperation Plan"}],
  "facts": [{"relation": "signed", "subject": "ruritania", "object": "plan",
    "date": "2003-08", "sources": [{"report": "made_up_a"}]}]}"#;
const SIGNING_B: &str = r#"{"factgraph": 2,
  "reports": [{"id": "made_up_b", "outlet": "made_up_post", "published": "2003-11-01"}],
  "entities": [{"id": "made_up_post", "kind": "source", "name": "Made-up Post"},
    {"id": "ruritania", "kind": "country", "name": "Ruritania"},
    {"id": "plan", "kind": "agreement", "name": "Made-up Cooperation Plan"}],
  "facts": [{"relation": "signed", "subject": "ruritania", "object": "plan",
    "date": "2003-09", "sources": [{"report": "made_up_b"}]}]}"#;

/// Made-up data: one outlet's fact about two countries, with a relation, date, place and
/// valid time given as JSON fragments.
fn one_fact(n: u32, relation: &str, rest: &str) -> String {
    format!(
        r#"{{"factgraph": 2,
          "reports": [{{"id": "r{n}", "outlet": "o{n}", "published": "2009"}}],
          "entities": [{{"id": "o{n}", "kind": "source", "name": "Made-up Outlet {n}"}},
            {{"id": "ruritania", "kind": "country", "name": "Ruritania"}},
            {{"id": "freedonia", "kind": "country", "name": "Freedonia"}},
            {{"id": "zenda", "kind": "place", "name": "Zenda"}},
            {{"id": "strel", "kind": "place", "name": "Strelsau"}}],
          "facts": [{{"relation": "{relation}", "subject": "ruritania", "object": "freedonia",
            {rest} "sources": [{{"report": "r{n}"}}]}}]}}"#
    )
}

#[test]
fn a_dated_disagreement_is_a_conflict() {
    let mut g = merged_in_order([SIGNING_A]);
    let report = g
        .merge_json(SIGNING_B, &MergePolicy::new())
        .expect("merges");
    assert_eq!(g.fact_count(), 2, "both versions are kept");
    assert_eq!(report.new_conflicts.len(), 1, "{report}");
    let conflicts: Vec<_> = g.conflicts().collect();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].kind, ConflictKind::Date);
    let dates: BTreeSet<String> = conflicts[0]
        .sides
        .iter()
        .map(|f| f.date().to_string())
        .collect();
    assert_eq!(dates, BTreeSet::from(["2003-08".into(), "2003-09".into()]));
    // Each side keeps its own source.
    for side in conflicts[0].sides {
        assert_eq!(side.support().reports, 1);
    }
    for c in datasets::corpus().conflicts() {
        let [a, b] = c.sides;
        assert!(a.support().reports >= 1 && b.support().reports >= 1);
    }
}

#[test]
fn a_state_observed_on_different_days_is_no_conflict() {
    // A deployment seen in August by one report and in September by another: one state,
    // observed twice.
    let mut g = KnowledgeGraph::new();
    for (n, date) in [(1, "2003-08"), (2, "2003-09")] {
        let doc = one_fact(n, "deployed_to", &format!(r#""date": "{date}","#));
        g.merge_json(&doc, &MergePolicy::new()).expect("merges");
    }
    let conflicts: Vec<String> = g.conflicts().map(|c| c.to_string()).collect();
    assert!(conflicts.is_empty(), "{conflicts:?}");
}

#[test]
fn periods_that_disagree_stay_apart_and_conflict() {
    // "Since 2003" and "since 2006", coded as the date of the state: not one period.
    let mut g = KnowledgeGraph::new();
    for (n, date) in [(1, "2003/.."), (2, "2006/..")] {
        let doc = one_fact(n, "deployed_to", &format!(r#""date": "{date}","#));
        g.merge_json(&doc, &MergePolicy::new()).expect("merges");
    }
    assert_eq!(g.fact_count(), 2, "neither period absorbs the other");
    let kinds: Vec<ConflictKind> = g.conflicts().map(|c| c.kind).collect();
    assert_eq!(kinds, [ConflictKind::ValidTime]);
}

#[test]
fn one_meeting_dated_days_apart_is_a_possible_duplicate() {
    let mut g = KnowledgeGraph::new();
    for (n, date) in [(1, "2004-11-19"), (2, "2004-11-21")] {
        let doc = one_fact(n, "met", &format!(r#""date": "{date}", "place": "zenda","#));
        g.merge_json(&doc, &MergePolicy::new()).expect("merges");
    }
    let kinds: Vec<ConflictKind> = g.conflicts().map(|c| c.kind).collect();
    assert_eq!(kinds, [ConflictKind::SameEvent]);
    assert!(
        g.conflicts()
            .all(|c| c.to_string().starts_with("same event?"))
    );
    // A week apart, or in different places, meetings recur: no conflict.
    for (date, place) in [("2004-11-28", "zenda"), ("2004-11-20", "strel")] {
        let mut g = KnowledgeGraph::new();
        for (n, date, place) in [(1, "2004-11-19", "zenda"), (2, date, place)] {
            let doc = one_fact(
                n,
                "met",
                &format!(r#""date": "{date}", "place": "{place}","#),
            );
            g.merge_json(&doc, &MergePolicy::new()).expect("merges");
        }
        let kinds: Vec<ConflictKind> = g.conflicts().map(|c| c.kind).collect();
        assert!(
            kinds.is_empty() || kinds == [ConflictKind::Place],
            "{date} {place}: {kinds:?}"
        );
    }
}

#[test]
fn post_titles_are_compared_folded() {
    // Made-up data: two people said to hold one post, its title spelt two ways.
    let doc = |n: u32, person: &str, name: &str, title: &str| {
        format!(
            r#"{{"factgraph": 2,
              "reports": [{{"id": "r{n}", "outlet": "o{n}", "published": "2009"}}],
              "entities": [{{"id": "o{n}", "kind": "source", "name": "Made-up Outlet {n}"}},
                {{"id": "mod", "kind": "state_body", "name": "Made-up Ministry"}},
                {{"id": "{person}", "kind": "person", "name": "{name}"}}],
              "facts": [{{"relation": "holds_position", "subject": "{person}", "object": "mod",
                "role": {{"title": "{title}"}}, "date": "2009-05",
                "sources": [{{"report": "r{n}"}}]}}]}}"#
        )
    };
    let mut g = KnowledgeGraph::new();
    for d in [
        doc(1, "ann", "Ann Example", "Minister of Defense"),
        doc(2, "bob", "Bob Other", "Defence Minister"),
    ] {
        g.merge_json(&d, &MergePolicy::new()).expect("merges");
    }
    let kinds: Vec<ConflictKind> = g.conflicts().map(|c| c.kind).collect();
    assert_eq!(kinds, [ConflictKind::PostHolder]);
}

#[test]
fn inferred_facts_are_marked_and_can_be_left_out() {
    let g = datasets::edm_2004_v1_i133();
    let inferred: Vec<String> = g
        .facts()
        .filter(|f| f.is_inferred())
        .map(|f| f.to_string())
        .collect();
    assert!(
        inferred.contains(&"United States took part in Steppe Eagle 2004, 2004".to_owned()),
        "{inferred:#?}"
    );
    assert!(inferred.contains(&"Astana regional command is located in Astana".to_owned()));
    for f in g.facts().filter(|f| f.is_inferred()) {
        assert!(
            f.sources()
                .all(|s| s.inferred().is_some_and(|r| !r.is_empty())),
            "{f}"
        );
    }
    let us = g.find("United States").expect("in the article").id();
    let stated: Vec<String> = g
        .neighbours(us, Filter::relation(Relation::ParticipatedIn).stated_only())
        .map(|h| h.other().name().to_owned())
        .collect();
    assert!(
        !stated.contains(&"Steppe Eagle 2004".to_owned()),
        "{stated:?}"
    );
    assert!(stated.contains(&"Steppe Eagle".to_owned()), "{stated:?}");
}

#[test]
fn the_publication_is_told_from_the_outlets_it_cites() {
    let g = datasets::edm_2004_v1_i133();
    let edm = g.find("Eurasia Daily Monitor").expect("outlet").id();
    let kazinform = g.find("Kazinform").expect("outlet").id();
    assert_eq!(g.published_by(edm).count(), g.fact_count());
    assert_eq!(g.published_by(kazinform).count(), 0);
    let cited: Vec<_> = g.cited(kazinform).collect();
    assert!(!cited.is_empty());
    for f in cited {
        let s = f
            .sources()
            .find(|s| s.source().id() == kazinform)
            .expect("cites Kazinform");
        assert_eq!(s.publication().id(), edm);
        assert_eq!(s.cited().map(|c| c.id()), Some(kazinform));
    }
}

#[test]
fn merging_again_changes_nothing() {
    let mut g = datasets::corpus().clone();
    let before = g.clone();
    for text in corpus_texts() {
        let report = g.merge_json(text, &MergePolicy::new()).expect("merges");
        assert!(report.is_noop(), "{report}");
        assert!(report.new_conflicts.is_empty());
    }
    assert!(g == before);
}

#[test]
fn merge_order_does_not_change_the_result() {
    let forward = datasets::corpus();
    let mut texts = corpus_texts();
    texts.reverse();
    let backward = merged_in_order(texts.iter().copied());
    let (a, b) = (canonical(forward), canonical(&backward));
    let only_a: Vec<_> = a.difference(&b).collect();
    let only_b: Vec<_> = b.difference(&a).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "forward only: {only_a:#?}\nbackward only: {only_b:#?}"
    );
}

#[test]
fn a_rejected_merge_changes_nothing() {
    let mut g = datasets::edm_2004_v1_i133().clone();
    let before = g.clone();
    // Made-up: the key of a country, used for a person.
    let bad =
        r#"{"factgraph": 2, "entities": [{"id": "kazakhstan", "kind": "person", "name": "K"}]}"#;
    assert!(g.merge_json(bad, &MergePolicy::new()).is_err());
    // A fact that names a report nobody defined.
    let bad = r#"{"factgraph": 2, "facts": [{"relation": "met", "subject": "bolat_sembinov",
        "object": "richard_armitage", "sources": [{"report": "nowhere"}]}]}"#;
    assert!(g.merge_json(bad, &MergePolicy::new()).is_err());
    assert!(g == before);
}

#[test]
fn a_user_mapping_overrides_the_names() {
    let mut g = datasets::edm_2004_v1_i133().clone();
    let doc = r#"{"factgraph": 2, "entities": [
        {"id": "the_minister", "kind": "person", "name": "The minister"},
        {"id": "sembinov_again", "kind": "person", "name": "Bolat Sembinov"}]}"#;
    let policy = MergePolicy::new()
        .same("the_minister", "mukhtar_altynbayev")
        .distinct("sembinov_again");
    let before = g.entity_count();
    g.merge_json(doc, &policy).expect("merges");
    assert_eq!(g.entity_count(), before + 1); // only the distinct one is added
    assert_eq!(
        g.get("the_minister").ok().map(|e| e.id()),
        g.get("mukhtar_altynbayev").ok().map(|e| e.id())
    );
}

#[test]
fn a_directory_of_report_files_loads() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/datasets/kazakhstan_defence");
    let mut g = KnowledgeGraph::new();
    g.merge_json(EDM_2004_V1_I133_JSON, &MergePolicy::new())
        .expect("seed");
    let report = g.merge_paths([&dir], &MergePolicy::new()).expect("loads");
    assert_eq!(report.reports_added.len(), KAZAKHSTAN_DEFENCE_FILES.len());
    assert_eq!(canonical(&g), canonical(datasets::corpus()));
    // A missing path is an error naming it, and nothing is applied.
    let before = g.clone();
    let err = g
        .merge_paths([dir.join("no-such-file.json")], &MergePolicy::new())
        .expect_err("missing");
    assert!(err.to_string().contains("no-such-file.json"), "{err}");
    assert!(g == before);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Made-up report files over a fixed cast: keys may differ between files for the
    /// same person (spelt differently or in Cyrillic), dates come at several precisions.
    const PEOPLE: &[(&str, &str)] = &[
        ("ivanov", "Pyotr Ivanov"),
        ("p_ivanov", "Пётр Иванов"),
        ("smith", "Ann Smith"),
        ("a_smith", "Ann Smith"),
        ("okafor", "Chidi Okafor"),
    ];
    const DATES: &[&str] = &["2020", "2020-04", "2020-04-30", "2020-05", "2020-05-02", ""];

    fn doc(n: usize, facts: &[(usize, usize, usize)]) -> String {
        let mut entities = vec![format!(
            r#"{{"id": "outlet{n}", "kind": "source", "name": "Made-up Outlet {n}"}}"#
        )];
        let mut used = BTreeSet::new();
        let mut lines = Vec::new();
        for &(a, b, d) in facts {
            let (a, b) = (a % PEOPLE.len(), b % PEOPLE.len());
            if PEOPLE[a].1 == PEOPLE[b].1
                || PEOPLE[a].1.ends_with("Иванов") && PEOPLE[b].1.ends_with("Ivanov")
                || PEOPLE[b].1.ends_with("Иванов") && PEOPLE[a].1.ends_with("Ivanov")
            {
                continue;
            }
            used.insert(a);
            used.insert(b);
            let date = DATES[d % DATES.len()];
            let date = if date.is_empty() {
                String::new()
            } else {
                format!(r#""date": "{date}","#)
            };
            lines.push(format!(
                r#"{{"relation": "met", "subject": "{}", "object": "{}", {date} "sources": [{{"report": "r{n}"}}]}}"#,
                PEOPLE[a].0, PEOPLE[b].0
            ));
        }
        for i in used {
            entities.push(format!(
                r#"{{"id": "{}", "kind": "person", "name": "{}"}}"#,
                PEOPLE[i].0, PEOPLE[i].1
            ));
        }
        format!(
            r#"{{"factgraph": 2, "reports": [{{"id": "r{n}", "outlet": "outlet{n}", "published": "2020-06"}}],
               "entities": [{}], "facts": [{}]}}"#,
            entities.join(","),
            lines.join(",")
        )
    }

    fn docs() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(
            prop::collection::vec((0usize..5, 0usize..5, 0usize..6), 0..5),
            1..5,
        )
        .prop_map(|files| files.iter().enumerate().map(|(n, f)| doc(n, f)).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn merging_is_idempotent(files in docs()) {
            let mut g = merged_in_order(files.iter().map(String::as_str));
            let before = g.clone();
            for f in &files {
                let report = g.merge_json(f, &MergePolicy::new()).expect("merges");
                prop_assert!(report.is_noop(), "{}", report);
            }
            prop_assert!(g == before);
        }

        #[test]
        fn merge_order_does_not_matter(files in docs()) {
            let forward = merged_in_order(files.iter().map(String::as_str));
            let backward = merged_in_order(files.iter().rev().map(String::as_str));
            prop_assert_eq!(canonical(&forward), canonical(&backward));
        }

        #[test]
        fn no_statement_is_lost(files in docs()) {
            // Every (report, pair) stated in some file is still supported after merging.
            let g = merged_in_order(files.iter().map(String::as_str));
            let reports: usize = g.facts().map(|f| f.support().reports).sum();
            let stated: BTreeSet<(usize, String)> = files
                .iter()
                .enumerate()
                .flat_map(|(n, f)| {
                    let single = KnowledgeGraph::from_json(f).expect("valid");
                    single.facts().map(move |x| (n, x.to_string())).collect::<Vec<_>>()
                })
                .collect();
            prop_assert!(reports >= stated.len().min(1) || stated.is_empty());
            prop_assert!(g.facts().count() <= stated.len());
        }
    }
}

#[test]
fn a_valid_time_disagreement_is_a_conflict() {
    // Made-up data: one report says the deployment began in August 2003, another in
    // September 2003; a third gives the end, which is no disagreement.
    let doc = |n: u32, valid: &str| {
        format!(
            r#"{{"factgraph": 2,
              "reports": [{{"id": "r{n}", "outlet": "o{n}", "published": "2009"}}],
              "entities": [{{"id": "o{n}", "kind": "source", "name": "Made-up Outlet {n}"}},
                {{"id": "ruritania", "kind": "country", "name": "Ruritania"}},
                {{"id": "freedonia", "kind": "country", "name": "Freedonia"}}],
              "facts": [{{"relation": "deployed_to", "subject": "ruritania", "object": "freedonia",
                "valid": "{valid}", "sources": [{{"report": "r{n}"}}]}}]}}"#
        )
    };
    let mut g = KnowledgeGraph::new();
    for (n, valid) in [(1, "2003-08/.."), (2, "2003/2008-10"), (3, "2003-09/..")] {
        g.merge_json(&doc(n, valid), &MergePolicy::new())
            .expect("merges");
    }
    assert_eq!(
        g.fact_count(),
        2,
        "August..open and 2003..October 2008 are one period"
    );
    let conflicts: Vec<_> = g.conflicts().collect();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].kind, ConflictKind::ValidTime);
    // The united fact's period takes the most precise start and the known end, and each
    // report keeps its own.
    let united = g
        .facts()
        .find(|f| f.support().reports == 2)
        .expect("one fact from two reports");
    assert_eq!(
        united.valid().map(|v| v.to_string()),
        Some("2003-08/2008-10".to_owned())
    );
    let own: BTreeSet<String> = united
        .sources()
        .map(|s| {
            s.attribution()
                .claimed_valid()
                .map_or("same".into(), |v| v.to_string())
        })
        .collect();
    assert_eq!(
        own,
        BTreeSet::from(["2003-08/..".to_owned(), "2003/2008-10".to_owned()])
    );
}

#[test]
fn search_finds_words_inside_names_ranked() {
    use factgraph::SearchTarget;
    let g = datasets::corpus();
    let hits: Vec<_> = g.search("training session").collect();
    assert_eq!(
        hits[0].name(),
        "Operational and mobilization training session (17 November 2004)"
    );
    assert!(hits[0].phrase && hits[0].matched == 2);
    // All words before some.
    let first_partial = hits
        .iter()
        .position(|h| h.matched < 2)
        .unwrap_or(hits.len());
    assert!(hits[first_partial..].iter().all(|h| h.matched < 2));

    // "Defence" finds "Defense"; the ministries of defence come first, with the phrase
    // in a name or alias (Iraq's since the session-6 review of the corpus, report 15); an
    // event whose name has the words apart ranks after them.
    let hits: Vec<_> = g.search("Ministry of Defence").collect();
    let phrase: BTreeSet<String> = hits
        .iter()
        .take_while(|h| h.phrase)
        .map(|h| h.name())
        .collect();
    assert_eq!(
        phrase,
        BTreeSet::from([
            "Ministry of Defence of Iraq".to_owned(),
            "Ministry of Defense of Kazakhstan".to_owned(),
            "United States Department of Defense".to_owned()
        ]),
        "{hits:#?}"
    );
    let visit = hits
        .iter()
        .position(|h| h.name().starts_with("Kazakh Defence Ministry delegation"))
        .expect("the delegation visit holds both words");
    assert!(visit >= 2);

    // An exact whole name ranks first, whatever the case, script or spelling.
    let hits: Vec<_> = g.search("MINISTRY OF DEFENCE OF KAZAKHSTAN").collect();
    assert!(hits[0].exact);
    assert_eq!(hits[0].name(), "Ministry of Defense of Kazakhstan");
    let hits: Vec<_> = g.search("Минобороны Казахстана").collect();
    assert!(hits[0].exact, "{:?}", hits[0]);
    assert_eq!(hits[0].name(), "Ministry of Defense of Kazakhstan");

    // Quotes: facts are found too, named as a fact.
    let quote = g
        .facts()
        .flat_map(|f| f.sources().filter_map(|s| s.quote()).collect::<Vec<_>>())
        .next()
        .expect("the corpus has quotes");
    let hits: Vec<_> = g.search(quote).collect();
    assert!(
        hits.iter()
            .any(|h| matches!(h.target, SearchTarget::Fact(_)) && h.text == quote),
        "{quote}"
    );

    // Nothing to search for, or nothing found.
    assert!(g.search("").len() == 0);
    assert!(g.search("  ,,, ").len() == 0);
    assert!(g.search("qqqqzzzz").len() == 0);
    // The budget: a long query uses its first words only and stays bounded.
    let long = "the ".repeat(10_000) + &"kazakhstan defense ".repeat(1_000);
    assert!(g.search(&long).len() <= factgraph::query::search::MAX_HITS);
}

#[test]
fn search_index_follows_mutations() {
    use factgraph::{Entity, EntityKind};
    let mut g = datasets::edm_2004_v1_i133().clone();
    assert!(g.search("zanzibar").len() == 0);
    g.add_entity(Entity::new("z", EntityKind::Place, "Zanzibar").with_note("Made up."))
        .unwrap();
    assert_eq!(
        g.search("zanzibar")
            .next()
            .map(|h| h.name())
            .unwrap_or_default(),
        "Zanzibar"
    );
    assert_eq!(
        g.search("made up")
            .next()
            .map(|h| h.name())
            .unwrap_or_default(),
        "Zanzibar"
    );
}

#[test]
fn find_suggests_canonical_names() {
    let g = datasets::corpus();
    match g.find("Ministry of Defence of Kazakstan") {
        Err(factgraph::LookupError::NotFound { closest, .. }) => {
            assert_eq!(
                closest.first().map(String::as_str),
                Some("Ministry of Defense of Kazakhstan")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn conflicts_come_in_fact_order_and_the_first_few_need_not_the_rest() {
    // Made-up data: three outlets date one signing three ways, so every pair conflicts.
    let third = SIGNING_B
        .replace("made_up_b", "made_up_c")
        .replace("made_up_post", "made_up_daily")
        .replace("Made-up Post", "Made-up Daily")
        .replace("\"2003-09\"", "\"2003-10\"");
    let mut g = merged_in_order([SIGNING_A]);
    for doc in [SIGNING_B, third.as_str()] {
        g.merge_json(doc, &MergePolicy::new()).expect("merges");
    }
    assert_eq!(g.fact_count(), 3);
    let key = |c: factgraph::corpus::Conflict<'_>| (c.sides[0].id(), c.sides[1].id(), c.kind);
    let all: Vec<_> = g.conflicts().map(key).collect();
    assert_eq!(all.len(), 3, "every pair of the three dates: {all:?}");
    let mut sorted = all.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        all, sorted,
        "in (first fact, second fact, kind) order, each once"
    );
    let first: Vec<_> = g.conflicts().take(2).map(key).collect();
    assert_eq!(first.as_slice(), all.get(..2).unwrap_or_default());
}
