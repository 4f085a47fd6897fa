//! Support by element: the reports behind a fact's statement, its date and its place are
//! counted apart. Public API only.

use factgraph::corpus::MergePolicy;
use factgraph::{KnowledgeGraph, PartialDate, datasets};

/// One made-up meeting in three reports: the wire gives the day and the place, the post
/// only the month and no place, the weekly neither date nor place.
fn meeting() -> KnowledgeGraph {
    let entities = r#"{"id": "ivanov", "kind": "person", "name": "Pyotr Ivanov"},
        {"id": "smith", "kind": "person", "name": "Ann Smith"},
        {"id": "vienna", "kind": "place", "name": "Vienna"}"#;
    let file = |outlet: &str, published: &str, date: &str, place: &str| {
        format!(
            r#"{{"factgraph": 2,
              "reports": [{{"id": "{outlet}_report", "outlet": "{outlet}", "published": "{published}"}}],
              "entities": [{{"id": "{outlet}", "kind": "source", "name": "Example {outlet}"}}, {entities}],
              "facts": [{{"relation": "met", "subject": "ivanov", "object": "smith", "date": "{date}"{place},
                "sources": [{{"report": "{outlet}_report"}}]}}]}}"#
        )
    };
    let mut g = KnowledgeGraph::new();
    for doc in [
        file("wire", "2020-05-02", "2020-04-30", r#", "place": "vienna""#),
        file("post", "2020-05-01", "2020-04", ""),
        file("weekly", "2020-05-08", "", ""),
    ] {
        g.merge_json(&doc, &MergePolicy::new()).expect("merges");
    }
    g
}

#[test]
fn a_less_specific_claim_supports_the_statement_not_the_date() {
    let g = meeting();
    assert_eq!(g.fact_count(), 1);
    let met = g.facts().next().expect("a fact");
    assert_eq!(met.date().to_string(), "2020-04-30");
    assert_eq!(met.place().map(|p| p.name()), Some("Vienna"));
    let s = met.support();
    assert_eq!((s.reports, s.outlets), (3, 3));
    assert_eq!(s.date_reports, 1, "only the wire gives the day");
    assert_eq!(s.place_reports, 1, "only the wire gives the place");
    // The sources say which gave what.
    let line = met.sources_line();
    assert!(
        line.contains("gives no date") && line.contains("gives no place"),
        "{line}"
    );
    // Known by 1 May, only the post was out: its version, dated to the month, with no
    // place, and its own support.
    let day = |d| PartialDate::day(2020, 5, d).expect("a day");
    let early = g.known_by(day(1)).facts().next().expect("known by the 1st");
    assert_eq!(early.date().to_string(), "2020-04");
    assert!(early.place().is_none());
    let s = early.support();
    assert_eq!((s.reports, s.date_reports, s.place_reports), (1, 1, 0));
    assert_eq!(early.to_string(), "Pyotr Ivanov met Ann Smith, 2020-04");
    // Its source gives what the version shows: nothing to note.
    let line = early.sources_line();
    assert!(
        !line.contains("dated") && !line.contains("gives no"),
        "{line}"
    );
    // By the 2nd, the wire too.
    let s = met.as_known_by(day(2)).expect("known by then").support();
    assert_eq!((s.reports, s.date_reports, s.place_reports), (2, 1, 1));
    // A JSON round trip keeps what each report gave.
    let back = KnowledgeGraph::from_json(&g.to_json()).expect("loads");
    assert!(back == g);
    let s = back.facts().next().expect("a fact").support();
    assert_eq!((s.date_reports, s.place_reports), (1, 1));
}

#[test]
fn the_corpus_counts_date_support_apart() {
    let g = datasets::corpus();
    let mut apart = 0;
    for f in g.facts() {
        let s = f.support();
        assert!(s.date_reports <= s.reports && s.place_reports <= s.reports);
        if f.date().is_unknown() {
            assert_eq!(s.date_reports, 0);
        }
        if f.place().is_none() {
            assert_eq!(s.place_reports, 0);
        }
        apart += usize::from(s.date_reports < s.reports && !f.date().is_unknown());
    }
    // Several facts have reports that give no date or a coarser one.
    assert!(apart >= 3, "{apart}");
}
