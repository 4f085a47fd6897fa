//! Time as analysts use it: EDTF dates, valid time, report time, as-of and known-by views,
//! and dates and validity through every format. Public API only.

use std::collections::BTreeSet;

use factgraph::interchange::graphml::to_graphml;
use factgraph::interchange::jsonl::{ImportMode, import_jsonl, to_jsonl};
use factgraph::interchange::neo4j::to_neo4j_csv;
use factgraph::interchange::rdf::{RdfOptions, to_ntriples};
use factgraph::{
    Attribution, DateError, DateMatch, DateRange, Entity, EntityKind, Fact, FactDate, Filter,
    GraphError, KnowledgeGraph, PartialDate, Relation, RelationSet, Report, Role,
};
use proptest::prelude::*;

/// Made-up data: a ministry with two ministers in turn, a plan in force for a period, a
/// membership since a year, a hedged date, each reported on a known day.
fn made_up() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    let add = |g: &mut KnowledgeGraph, key: &str, kind, name: &str| {
        g.add_entity(Entity::new(key, kind, name))
            .expect("valid entity")
    };
    let wire = add(&mut g, "wire", EntityKind::Source, "Made-up Wire");
    let ministry = add(
        &mut g,
        "ministry",
        EntityKind::StateBody,
        "Made-up Ministry",
    );
    let ann = add(&mut g, "ann", EntityKind::Person, "Ann Example");
    let bob = add(&mut g, "bob", EntityKind::Person, "Bob Example");
    let ruritania = add(&mut g, "ruritania", EntityKind::Country, "Ruritania");
    let plan = add(
        &mut g,
        "plan",
        EntityKind::Agreement,
        "Made-up Plan 2003-2008",
    );
    let alliance = add(
        &mut g,
        "alliance",
        EntityKind::Organisation,
        "Made-up Alliance",
    );
    let report = |g: &mut KnowledgeGraph, key: &str, day: &str| {
        g.add_report(Report::new(key, wire).published_on(day.parse().expect("date")))
            .expect("valid report")
    };
    let r1998 = report(&mut g, "r1998", "1998-03-01");
    let r2001 = report(&mut g, "r2001", "2001-12-20");
    let r2004 = report(&mut g, "r2004", "2004-11");
    let from = |r| Attribution::new(wire).in_report(r);
    let facts = [
        Fact::new(Relation::HoldsPosition, ann, ministry)
            .with_role(Role::new("Minister"))
            .valid_during("1996/1999-08".parse().expect("date"))
            .with_source(from(r1998)),
        Fact::new(Relation::HoldsPosition, bob, ministry)
            .with_role(Role::new("Minister"))
            .valid_during("1999-08/2001-12".parse().expect("date"))
            .with_source(from(r2001)),
        Fact::new(Relation::PartyTo, ruritania, plan)
            .on("2003".parse().expect("date"))
            .valid_during("2003/2008".parse().expect("date"))
            .with_source(from(r2004)),
        Fact::new(Relation::MemberOf, ruritania, alliance)
            .valid_during("1995/..".parse().expect("date"))
            .with_source(from(r2004)),
        Fact::new(Relation::Visited, bob, ruritania)
            .on("2005-03?".parse().expect("date"))
            .with_source(from(r2004).reported_on("2005-04~".parse().expect("date"))),
    ];
    for f in facts {
        g.add_fact(f).expect("valid fact");
    }
    g
}

fn day(y: i32, m: u32, d: u32) -> PartialDate {
    PartialDate::day(y, m, d).expect("valid day")
}

#[test]
fn who_held_the_post_as_of_a_date() {
    let g = made_up();
    let ministry = g.find("Made-up Ministry").expect("entity").id();
    let holders = |d| -> Vec<&str> {
        g.as_of(d)
            .post_holders(ministry)
            .map(|p| p.person.name())
            .collect()
    };
    assert_eq!(holders(day(1999, 12, 17)), ["Bob Example"]);
    assert_eq!(holders(day(1997, 6, 1)), ["Ann Example"]);
    // August 1999 is the month of the handover, known only to the month. One minister
    // at a time: the successor holds the post from the first day he may have taken it up.
    assert_eq!(
        holders(PartialDate::month(1999, 8).expect("month")),
        ["Bob Example"]
    );
    assert_eq!(holders(day(1999, 7, 31)), ["Ann Example"]);
    assert!(holders(day(2005, 1, 1)).is_empty());
}

#[test]
fn open_periods_hold_later_and_views_compose_with_filters() {
    let g = made_up();
    let r = g.find("Ruritania").expect("entity").id();
    let as_of = |y| -> BTreeSet<String> {
        g.as_of(PartialDate::year(y).expect("year"))
            .neighbours(r, Filter::any())
            .map(|h| format!("{} {}", h.fact().relation(), h.other().key()))
            .collect()
    };
    assert_eq!(
        as_of(2006),
        BTreeSet::from([
            "member_of alliance".to_owned(),
            "party_to plan".to_owned(),
            "visited bob".to_owned()
        ])
    );
    // The plan's period is over, the membership goes on.
    assert_eq!(
        as_of(2030),
        BTreeSet::from(["member_of alliance".to_owned(), "visited bob".to_owned()])
    );
    // A view composes with a query's own filter.
    let members: Vec<_> = g
        .as_of(PartialDate::year(2030).expect("year"))
        .neighbours(r, Filter::relation(Relation::MemberOf))
        .collect();
    assert_eq!(members.len(), 1);
}

#[test]
fn known_by_uses_the_report_time() {
    let g = made_up();
    let known = |d| g.known_by(d).facts().count();
    assert_eq!(known(day(1998, 2, 28)), 0);
    assert_eq!(known(day(1998, 3, 1)), 1);
    assert_eq!(known(day(2001, 12, 20)), 2);
    // A report dated 2004-11 is certainly out by 30 November, not by the 15th.
    assert_eq!(known(day(2004, 11, 15)), 2);
    assert_eq!(known(day(2004, 11, 30)), 4);
    // The visit's own report time is its cited item's, "about April 2005".
    assert_eq!(known(day(2005, 4, 30)), 5);
    // As of a date according to what was known by another: chained views.
    let ministry = g.find("Made-up Ministry").expect("entity").id();
    let v = g.as_of(day(2000, 1, 1)).known_by(day(1999, 1, 1));
    assert_eq!(
        v.post_holders(ministry).count(),
        0,
        "Bob's term was reported in 2001"
    );
    let learnt: Vec<String> = g
        .learnt_between(
            PartialDate::year(2000).expect("y"),
            PartialDate::year(2004).expect("y"),
        )
        .map(|f| f.to_string())
        .collect();
    assert_eq!(learnt.len(), 3, "{learnt:#?}");
    let visit = g.facts().last().expect("facts");
    assert_eq!(visit.known_since(), Some(day(2005, 4, 30)));
}

#[test]
fn a_valid_time_only_on_relations_that_hold_over_time() {
    let mut g = made_up();
    let ann = g.find("Ann Example").expect("entity").id();
    let bob = g.find("Bob Example").expect("entity").id();
    let err = g
        .add_fact(
            Fact::new(Relation::Met, ann, bob).valid_during("2001/2002".parse().expect("date")),
        )
        .expect_err("a meeting has no valid time");
    assert!(matches!(
        err,
        GraphError::ValidityNotAllowed {
            relation: Relation::Met
        }
    ));
}

#[test]
fn the_old_shorthand_gets_its_edtf_form() {
    match "2004-11-17/19".parse::<FactDate>() {
        Err(e @ DateError::Shorthand { .. }) => {
            assert!(e.to_string().contains("2004-11-17/2004-11-19"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    // And in a document, the error is located.
    let doc = r#"{"factgraph": 2, "entities": [{"id": "a", "kind": "country", "name": "A"},
        {"id": "x", "kind": "exercise", "name": "X"}],
      "facts": [{"relation": "hosted", "subject": "a", "object": "x", "date": "2004-11-17/19"}]}"#;
    let err = KnowledgeGraph::from_json(doc).expect_err("shorthand");
    assert!(err.to_string().contains("2004-11-17/2004-11-19"), "{err}");
    assert_eq!(err.line(), 3);
}

#[test]
fn dates_and_validity_go_through_every_format() {
    let g = made_up();
    // JSON and JSON Lines: exact round trips.
    assert!(KnowledgeGraph::from_json(&g.to_json()).expect("loads") == g);
    let mut back = KnowledgeGraph::new();
    import_jsonl(
        &mut back,
        to_jsonl(&g).as_bytes(),
        ImportMode::StopAtFirstError,
    )
    .expect("loads");
    assert!(back == g);
    // Every EDTF string of the graph appears in each other export.
    let edtf: Vec<String> = g
        .facts()
        .flat_map(|f| [Some(f.date()), f.valid()])
        .flatten()
        .filter(|d| !d.is_unknown())
        .map(|d| d.to_string())
        .collect();
    assert!(edtf.contains(&"1995/..".to_owned()) && edtf.contains(&"2005-03?".to_owned()));
    let nt = to_ntriples(&g, &RdfOptions::default());
    let graphml = to_graphml(&g);
    let neo4j: String = to_neo4j_csv(&g)
        .files
        .iter()
        .map(|f| f.text.clone())
        .collect();
    for d in &edtf {
        // RDF carries qualified and open dates as EDTF strings, the rest XSD-typed.
        let typed = !d.contains(['?', '~', '%']) && !d.contains("..") && !d.ends_with('/');
        if !typed {
            assert!(nt.contains(&format!("\"{d}\"")), "RDF lacks {d}");
        }
        assert!(graphml.contains(d.as_str()), "GraphML lacks {d}");
        assert!(neo4j.contains(d.as_str()), "Neo4j CSV lacks {d}");
    }
    assert!(nt.contains("#valid_edtf> \"1995/..\""));
    assert!(nt.contains("#valid_start> \"2003\"^^<http://www.w3.org/2001/XMLSchema#gYear>"));
}

fn partial() -> impl Strategy<Value = PartialDate> {
    (1i32..=9999, 0u32..=12, 0u32..=31, 0usize..4).prop_filter_map("a real date", |(y, m, d, q)| {
        let date = match (m, d) {
            (0, _) => PartialDate::year(y),
            (m, 0) => PartialDate::month(y, m),
            (m, d) => PartialDate::day(y, m, d),
        }
        .ok()?;
        let q = ["", "?", "~", "%"][q];
        format!("{date}{q}").parse().ok()
    })
}

fn fact_date() -> impl Strategy<Value = FactDate> {
    prop_oneof![
        Just(FactDate::UNKNOWN),
        partial().prop_map(FactDate::on),
        (partial(), partial()).prop_filter_map("ordered", |(a, b)| FactDate::between(a, b).ok()),
        (partial(), 0usize..4).prop_filter_map("an interval", |(d, k)| {
            let text = match k {
                0 => format!("{d}/.."),
                1 => format!("../{d}"),
                2 => format!("{d}/"),
                _ => format!("/{d}"),
            };
            text.parse().ok()
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn print_then_parse_is_identity(d in fact_date()) {
        let text = d.to_string();
        let back: FactDate = text.parse().expect("what we print parses");
        prop_assert_eq!(back, d);
        prop_assert_eq!(back.to_string(), text);
    }

    #[test]
    fn ordering_is_a_total_order_consistent_with_equality(a in fact_date(), b in fact_date(), c in fact_date()) {
        use std::cmp::Ordering::*;
        prop_assert_eq!(a.cmp(&b) == Equal, a == b);
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
        // Earlier first days sort first.
        if let (Some(x), Some(y)) = (a.earliest(), b.earliest()) {
            if x.first_day_number() < y.first_day_number() {
                prop_assert!(a < b);
            }
        }
    }

    #[test]
    fn compatibility_is_symmetric(a in fact_date(), b in fact_date()) {
        prop_assert_eq!(a.compatible(&b), b.compatible(&a));
        prop_assert!(a.compatible(&a));
    }

    #[test]
    fn parsing_any_text_never_panics(s in "\\PC{0,24}") {
        let _ = s.parse::<FactDate>();
    }

    #[test]
    fn parsing_date_like_text_never_panics(s in "[0-9./?~%TX-]{0,24}") {
        if let Ok(d) = s.parse::<FactDate>() {
            prop_assert_eq!(d.to_string().parse::<FactDate>().ok(), Some(d));
        }
    }
}

mod corpus {
    use factgraph::{PartialDate, Relation, datasets};

    fn day(y: i32, m: u32, d: u32) -> PartialDate {
        PartialDate::day(y, m, d).expect("valid day")
    }

    #[test]
    fn kazakhstans_minister_of_defence_on_a_given_day() {
        let g = datasets::corpus();
        let mod_kz = g
            .find("Ministry of Defense of Kazakhstan")
            .expect("in the corpus")
            .id();
        let who = |d: PartialDate| -> Vec<String> {
            g.as_of(d)
                .holders_of(mod_kz, "Minister of Defence")
                .iter()
                .map(|p| p.person.name().to_owned())
                .collect()
        };
        for (d, want) in [
            (day(1999, 12, 17), "Sat Tokpakbayev"),
            (day(2008, 1, 1), "Daniyal Akhmetov"),
            (day(2010, 1, 1), "Adilbek Dzhaksybekov"),
            (day(2015, 1, 1), "Imangali Tasmagambetov"),
            (day(2017, 6, 1), "Saken Zhassuzakov"),
        ] {
            assert_eq!(who(d), [want], "{d}");
        }
        // Nothing the reports place before the first report of an appointment.
        assert!(who(day(1990, 1, 1)).is_empty());
    }

    /// As of every day that begins or ends a post of the corpus, and on 12 April 2011
    /// (when an open term of 2007 used to outlive the 2009 report that ended it), the
    /// Ministry of Defence of Kazakhstan has one minister (acting or not).
    #[test]
    fn one_defence_minister_of_kazakhstan_a_day() {
        let g = datasets::corpus();
        let mod_kz = g
            .find("Ministry of Defense of Kazakhstan")
            .expect("in the corpus")
            .id();
        let ministers = |d: PartialDate| -> Vec<String> {
            let mut v: Vec<String> = g
                .as_of(d)
                .post_holders(mod_kz)
                .filter(|p| {
                    let t = p.role.title.to_lowercase();
                    t.contains("minister") && !t.contains("deputy")
                })
                .map(|p| p.person.name().to_owned())
                .collect();
            v.sort();
            v.dedup();
            v
        };
        assert_eq!(ministers(day(2011, 4, 12)), ["Adilbek Dzhaksybekov"]);
        // The day of the 2009 handover: Altynbayev acting from the 17th.
        assert_eq!(ministers(day(2009, 6, 16)), ["Daniyal Akhmetov"]);
        assert_eq!(ministers(day(2009, 6, 17)), ["Mukhtar Altynbayev"]);
        assert_eq!(ministers(day(2009, 6, 23)), ["Adilbek Dzhaksybekov"]);
        let mut days = 0;
        for f in g.facts_of_relation(Relation::HoldsPosition) {
            for d in [Some(f.date()), f.valid()].into_iter().flatten() {
                for d in [d.earliest(), d.latest()].into_iter().flatten() {
                    assert!(ministers(d).len() <= 1, "{d}: {:?}", ministers(d));
                    days += 1;
                }
            }
        }
        assert!(days > 50);
    }

    #[test]
    fn what_had_been_reported_about_the_deployment_in_iraq_by_the_end_of_2004() {
        let g = datasets::corpus();
        let iraq = g.find("Iraq").expect("in the corpus").id();
        let end_2004 = PartialDate::year(2004).expect("year");
        let deployed: Vec<(String, Option<PartialDate>)> = g
            .known_by(end_2004)
            .neighbours(iraq, factgraph::Filter::relation(Relation::DeployedTo))
            .map(|h| (h.other().name().to_owned(), h.fact().known_since()))
            .collect();
        // Kazakhstan's deployment was known from RFE/RL's report of 25 February 2004, the
        // engineer detachment's from Karavan's of 30 January 2004; KAZBAT's own deployment
        // was reported only from January 2005.
        assert!(
            deployed.contains(&("Kazakhstan".to_owned(), Some(day(2004, 2, 25)))),
            "{deployed:?}"
        );
        assert!(
            deployed
                .iter()
                .any(|(n, d)| n.contains("engineer") && *d == Some(day(2004, 1, 30))),
            "{deployed:?}"
        );
        assert!(!deployed.iter().any(|(n, _)| n == "KAZBAT"), "{deployed:?}");
        let later = g
            .known_by(PartialDate::year(2005).expect("year"))
            .neighbours(iraq, factgraph::Filter::relation(Relation::DeployedTo))
            .any(|h| h.other().name() == "KAZBAT");
        assert!(later);
    }

    #[test]
    fn the_views_cost_no_more_than_their_filter() {
        // A view is its filter: the same answer either way.
        let g = datasets::corpus();
        let iraq = g.find("Iraq").expect("in the corpus").id();
        let d = PartialDate::year(2006).expect("year");
        let through_view: Vec<_> = g
            .as_of(d)
            .neighbours(iraq, Default::default())
            .map(|h| h.fact().id())
            .collect();
        let through_filter: Vec<_> = g
            .neighbours(iraq, factgraph::Filter::any().as_of(d))
            .map(|h| h.fact().id())
            .collect();
        assert_eq!(through_view, through_filter);
        assert!(!through_view.is_empty());
    }
}

/// A made-up date near 2001–2003: a day, a month, a year, a range, an interval with an
/// open or unknown end, or unknown.
fn window_fact_date() -> impl Strategy<Value = FactDate> {
    let day = (2001i32..=2003, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| PartialDate::day(y, m, d).expect("a real day"));
    prop_oneof![
        6 => day.clone().prop_map(FactDate::on),
        2 => (2001i32..=2003, 1u32..=12)
            .prop_map(|(y, m)| FactDate::on(PartialDate::month(y, m).expect("a real month"))),
        1 => (2001i32..=2003).prop_map(|y| FactDate::on(PartialDate::year(y).expect("a year"))),
        2 => (day.clone(), day.clone()).prop_map(|(a, b)| {
            let (a, b) = if a.first_day_number() <= b.first_day_number() { (a, b) } else { (b, a) };
            FactDate::between(a, b).expect("ordered days")
        }),
        2 => (day, 0usize..4).prop_map(|(d, k)| {
            let text = match k {
                0 => format!("{d}/.."),
                1 => format!("../{d}"),
                2 => format!("{d}/"),
                _ => format!("/{d}"),
            };
            text.parse().expect("an interval")
        }),
        1 => Just(FactDate::UNKNOWN),
    ]
}

/// A made-up window: a few days to a year near the dates, or every day.
fn window_range() -> impl Strategy<Value = DateRange> {
    prop_oneof![
        4 => (2000i32..=2004, 1u32..=12, 1u32..=28, 0u32..=3).prop_map(|(y, m, d, k)| {
            let from = PartialDate::day(y, m, d).expect("a real day");
            let to = match k {
                0 => from,
                1 => PartialDate::day(y, m, 28).expect("a real day"),
                2 => PartialDate::month(y, 12).expect("a month"),
                _ => PartialDate::year(y + 1).expect("a year"),
            };
            DateRange::new(from, to).expect("ordered")
        }),
        1 => Just(DateRange::ALL),
    ]
}

proptest! {
    // Each case adds hundreds of facts one at a time (past the index's merge threshold).
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Window counts and lists, of every relation or some, overlapping or within, agree
    /// with filtering every fact by `FactDate::overlaps` / `FactDate::within`, with facts
    /// added one at a time so some are merged into the index and some still buffered.
    #[test]
    fn windows_agree_with_a_filter_over_every_fact(
        facts in proptest::collection::vec((0usize..3, window_fact_date()), 0..700),
        windows in proptest::collection::vec(window_range(), 1..5),
    ) {
        let mut g = KnowledgeGraph::new();
        let add = |g: &mut KnowledgeGraph, key: &str, kind| {
            g.add_entity(Entity::new(key, kind, key)).expect("valid entity")
        };
        let (a, b) = (add(&mut g, "person a", EntityKind::Person), add(&mut g, "person b", EntityKind::Person));
        let treaty = add(&mut g, "made-up treaty", EntityKind::Agreement);
        let summit = add(&mut g, "made-up summit", EntityKind::Event);
        for (r, date) in facts {
            let fact = match r {
                0 => Fact::new(Relation::Met, a, b),
                1 => Fact::new(Relation::Signed, a, treaty),
                _ => Fact::new(Relation::Attended, b, summit),
            };
            // The same fact twice is one fact: a refusal is fine, the graph is the truth.
            let _ = g.add_fact(fact.on(date));
        }
        for range in windows {
            for matching in [DateMatch::Overlaps, DateMatch::Within] {
                let dated = |f: &factgraph::FactRef<'_>| {
                    if matching == DateMatch::Within {
                        f.date().within(&range)
                    } else {
                        f.date().overlaps(&range)
                    }
                };
                let want: BTreeSet<_> = g.facts().filter(|f| dated(f)).map(|f| f.id()).collect();
                let listed: BTreeSet<_> = g.timeline(range, matching).iter().map(|f| f.id()).collect();
                prop_assert_eq!(&listed, &want);
                prop_assert_eq!(g.count_in(range, matching), want.len());
                let some = [Relation::Met, Relation::Attended];
                let want: BTreeSet<_> = g
                    .facts()
                    .filter(|f| dated(f) && some.contains(&f.relation()))
                    .map(|f| f.id())
                    .collect();
                let window = g.window(range).matching(matching).relations(RelationSet::of(&some));
                let listed: Vec<_> = window.facts().map(|f| f.id()).collect();
                prop_assert_eq!(listed.iter().copied().collect::<BTreeSet<_>>(), want.clone());
                prop_assert_eq!(listed.len(), want.len());
                prop_assert_eq!(window.count(), want.len());
            }
        }
    }
}

/// Hostile input: one post with thousands of open terms (two people in turn, every day a
/// new appointment, each reported the day it began). The succession table is built once
/// in O(terms log terms); as of any day, and known by any day, the post has one holder
/// (the run takes well under a second in a debug build: each check reads the post's
/// terms between its start and the day asked about, not the whole post).
#[test]
fn a_post_with_thousands_of_open_terms_stays_one_holder_and_fast() {
    let mut g = KnowledgeGraph::new();
    let wire = g
        .add_entity(Entity::new("wire", EntityKind::Source, "Made-up Wire"))
        .expect("valid");
    let body = g
        .add_entity(Entity::new(
            "mod",
            EntityKind::StateBody,
            "Made-up Ministry",
        ))
        .expect("valid");
    let people: Vec<_> = ["ann", "bob"]
        .iter()
        .map(|k| {
            g.add_entity(Entity::new(*k, EntityKind::Person, *k))
                .expect("valid")
        })
        .collect();
    let n = 4_000usize;
    let days: Vec<PartialDate> = (0..n as i32)
        .map(|i| {
            // Made-up days in order: 12 months of 28 days a year.
            let (y, r) = (2000 + i / 336, i % 336);
            PartialDate::day(y, 1 + (r / 28) as u32, 1 + (r % 28) as u32).expect("day")
        })
        .collect();
    g.transaction(|b| {
        for (i, d) in days.iter().enumerate() {
            b.add_fact(
                Fact::new(Relation::HoldsPosition, people[i % 2], body)
                    .with_role(Role::new("Minister"))
                    .valid_during(format!("{d}/..").parse().expect("open term"))
                    .with_source(Attribution::new(wire).reported_on(FactDate::on(*d))),
            )?;
        }
        Ok::<(), GraphError>(())
    })
    .expect("valid facts");
    for (i, d) in days.iter().enumerate().step_by(97) {
        let holders: Vec<_> = g.as_of(*d).post_holders(body).collect();
        assert_eq!(holders.len(), 1, "{d}");
        assert_eq!(holders[0].person.id(), people[i % 2]);
        // Known by an earlier day: the appointments after it are not known yet, so the
        // last one known holds.
        let back = days[i / 2];
        let known: Vec<_> = g.as_of(*d).known_by(back).post_holders(body).collect();
        assert_eq!(known.len(), 1, "{d} known by {back}");
        assert_eq!(known[0].person.id(), people[(i / 2) % 2]);
    }
}
