//! The questions an analyst asks about the Eurasia Daily Monitor article (volume 1, issue
//! 133, 2004), answered through the public API of `factgraph`.
//!
//! Every expected answer below is written down from the article text
//! (`/work/shared/seed/edm-2004-v1-i133.txt`) and the modelling notes
//! (`src/datasets/edm_2004_v1_i133.md`), not copied from what the code returns. Where a test
//! also reads the dataset's JSON text, it does so with `serde_json::Value`, independently of
//! the crate's own loader.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use factgraph::datasets::{self, EDM_2004_V1_I133_JSON};
use factgraph::{
    DateMatch, DateRange, Direction, Entity, EntityKind, FactDate, FactRef, Filter, KnowledgeGraph,
    LookupError, Modality, PartialDate, Relation, normalize_name,
};
use serde_json::Value;

/// The dataset, as the library embeds it.
fn graph() -> &'static KnowledgeGraph {
    datasets::edm_2004_v1_i133()
}

/// The dataset's JSON text, read as plain JSON, without the crate's loader.
fn raw_json() -> Value {
    serde_json::from_str(EDM_2004_V1_I133_JSON).expect("the embedded dataset is well-formed JSON")
}

/// The entity with this key, panicking with a clear message if it is missing.
fn key_id(g: &KnowledgeGraph, key: &str) -> factgraph::EntityId {
    g.get(key)
        .unwrap_or_else(|e| panic!("dataset has no entity `{key}`: {e}"))
        .id()
}

/// A fact as (relation, subject key, object key): the way the article's statements are
/// written down in the expectations below.
type Triple = (Relation, String, String);

fn triple(f: &FactRef<'_>) -> Triple {
    (
        f.relation(),
        f.subject().key().to_owned(),
        f.object().key().to_owned(),
    )
}

fn t(r: Relation, s: &str, o: &str) -> Triple {
    (r, s.to_owned(), o.to_owned())
}

fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    items.into_iter().collect()
}

fn day(y: i32, m: u32, d: u32) -> PartialDate {
    PartialDate::day(y, m, d).expect("valid day")
}

/// "November 19" in a 2004 issue: day and month from the text, year from the publication.
fn nov(d: u32) -> FactDate {
    FactDate::on(day(2004, 11, d)).with_year_inferred(true)
}

// ---------------------------------------------------------------------------------------
// Paragraph 1: "met Richard Armitage, ...; Mira Ricardel, ...; and James MacDougall, ...
// (Interfax-Kazakhstan, November 19)", on a trip to Washington completed on November 19.
// ---------------------------------------------------------------------------------------

#[test]
fn who_sembinov_met_when_where_and_according_to_whom() {
    let g = graph();
    let sembinov = g
        .find("Bolat Sembinov")
        .expect("Sembinov is in the dataset");
    let meetings: Vec<_> = g.meetings(sembinov.id(), Filter::any()).collect();

    let met: BTreeSet<&str> = meetings.iter().map(|m| m.with.name()).collect();
    assert_eq!(
        met,
        set(["James MacDougall", "Mira Ricardel", "Richard Armitage"])
    );
    assert_eq!(meetings.len(), 3, "one `met` fact per official");

    for m in &meetings {
        assert_eq!(m.who.key(), "bolat_sembinov");
        // When: November 19, the year 2004 inferred from the issue.
        assert_eq!(m.date(), nov(19), "date of the meeting with {}", m.with);
        assert!(m.date().year_inferred());
        assert_eq!(m.date().describe(), "2004-11-19 (year inferred)");
        // Where: Washington.
        assert_eq!(m.place().map(|p| p.key()), Some("washington"));
        assert_eq!(m.place().map(|p| p.name()), Some("Washington"));
        // According to whom: Interfax-Kazakhstan, November 19 (2004 inferred).
        let sources: Vec<_> = m.fact.sources().collect();
        assert_eq!(sources.len(), 1, "meeting with {}", m.with);
        assert_eq!(sources[0].source().name(), "Interfax-Kazakhstan");
        assert_eq!(sources[0].source().kind(), EntityKind::Source);
        assert_eq!(sources[0].reported(), nov(19));
        assert!(sources[0].reported().year_inferred());
        assert_eq!(m.fact.modality(), Modality::Reported);
    }

    // `met` is symmetric: each official met Sembinov, seen from their side.
    for official in ["Richard Armitage", "Mira Ricardel", "James MacDougall"] {
        let o = g.find(official).expect("official in dataset");
        let back: Vec<&str> = g
            .meetings(o.id(), Filter::any())
            .map(|m| m.with.key())
            .collect();
        assert_eq!(back, ["bolat_sembinov"], "{official}");
    }

    // Only these three meetings exist in the whole article.
    let all: BTreeSet<(String, String)> = g
        .all_meetings()
        .map(|m| (m.who.key().to_owned(), m.with.key().to_owned()))
        .collect();
    assert_eq!(
        all,
        set([
            ("bolat_sembinov".to_owned(), "james_macdougall".to_owned()),
            ("bolat_sembinov".to_owned(), "mira_ricardel".to_owned()),
            ("bolat_sembinov".to_owned(), "richard_armitage".to_owned()),
        ])
    );

    // He visited Washington, completing the trip on November 19.
    let visited: Vec<_> = g
        .neighbours(
            sembinov.id(),
            Filter::relation(Relation::Visited).direction(Direction::Outgoing),
        )
        .collect();
    assert_eq!(visited.len(), 1);
    assert_eq!(visited[0].other().key(), "washington");
    assert_eq!(visited[0].fact().date(), nov(19));
}

// ---------------------------------------------------------------------------------------
// Paragraph 2: "the five-year cooperation plan signed in 2003 between the two countries".
// ---------------------------------------------------------------------------------------

#[test]
fn five_year_plan_parties_and_signatories() {
    let g = graph();
    let plan = g
        .find("five-year cooperation plan")
        .expect("the plan is in the dataset");
    assert_eq!(plan.kind(), EntityKind::Agreement);

    let parties: BTreeSet<&str> = g
        .parties(plan.id())
        .iter()
        .map(|s| s.entity.name())
        .collect();
    assert_eq!(parties, set(["Kazakhstan", "United States"]));

    let signatories = g.signatories(plan.id());
    let names: BTreeSet<&str> = signatories.iter().map(|s| s.entity.name()).collect();
    assert_eq!(names, set(["Kazakhstan", "United States"]));
    for s in &signatories {
        assert!(!s.facts.is_empty(), "{} has a supporting fact", s.entity);
        for f in &s.facts {
            assert_eq!(f.relation(), Relation::Signed);
            assert_eq!(f.object().id(), plan.id());
            // "signed in 2003": the year is in the text, not inferred.
            assert_eq!(f.date(), FactDate::year(2003).expect("valid year"));
            assert!(!f.date().year_inferred());
            assert!(f.sources().len() >= 1);
        }
    }
    // Parties are supported by `party_to` facts.
    for p in g.parties(plan.id()) {
        assert!(p.facts.iter().all(|f| f.relation() == Relation::PartyTo));
    }
}

// ---------------------------------------------------------------------------------------
// Paragraph 3: "military exercises held within Kazakhstan: Saryarka 2004, Rubezh 2004, and
// Steppe Eagle 2004"; "participation by U.S. and British servicemen"; paragraph 4:
// "Kazakhstani forces in Steppe Eagle exercises".
// ---------------------------------------------------------------------------------------

#[test]
fn steppe_eagle_2004_hosts_and_participants() {
    let g = graph();
    let se = g.find("Steppe Eagle 2004").expect("exercise in dataset");
    assert_eq!(se.kind(), EntityKind::Exercise);

    let hosts: BTreeSet<&str> = g.hosts(se.id()).iter().map(|s| s.entity.name()).collect();
    assert_eq!(hosts, set(["Kazakhstan"]));

    let participants = g.participants(se.id(), Filter::any());
    let names: BTreeSet<&str> = participants.iter().map(|s| s.entity.name()).collect();
    assert_eq!(
        names,
        set(["Kazakhstan", "United Kingdom", "United States"])
    );
    for p in &participants {
        for f in &p.facts {
            assert_eq!(f.relation(), Relation::ParticipatedIn);
            assert_eq!(f.object().id(), se.id());
            assert!(f.sources().len() >= 1);
        }
    }
    // U.S. and British participation is Kazinform's report of Altynbayev's statement;
    // Kazakhstani participation comes from the Kazakh Television passage.
    let source_of = |name: &str| -> BTreeSet<&str> {
        participants
            .iter()
            .filter(|p| p.entity.name() == name)
            .flat_map(|p| p.facts.iter())
            .flat_map(|f| f.sources().map(|s| s.source().name()))
            .collect()
    };
    assert_eq!(source_of("United States"), set(["Kazinform"]));
    assert_eq!(source_of("United Kingdom"), set(["Kazinform"]));
    assert_eq!(
        source_of("Kazakhstan"),
        set(["Kazakh Television First Channel"])
    );

    // The 2004 edition belongs to the Steppe Eagle series.
    let series: Vec<&str> = g
        .neighbours(
            se.id(),
            Filter::relation(Relation::PartOf).direction(Direction::Outgoing),
        )
        .map(|h| h.other().key())
        .collect();
    assert_eq!(series, ["steppe_eagle"]);
}

#[test]
fn exercises_kazakhstan_hosted_in_2004() {
    let g = graph();
    let kz = g.find("Kazakhstan").expect("Kazakhstan in dataset");
    let y2004 = DateRange::of(PartialDate::year(2004).expect("valid year"));
    let hosted: BTreeSet<&str> = g
        .neighbours(
            kz.id(),
            Filter::relation(Relation::Hosted)
                .direction(Direction::Outgoing)
                .kinds(&[EntityKind::Exercise])
                .within(y2004),
        )
        .map(|h| h.other().name())
        .collect();
    assert_eq!(
        hosted,
        set(["Rubezh 2004", "Saryarka 2004", "Steppe Eagle 2004"])
    );

    // Without the date window the answer is the same: the article names no other exercise
    // held in Kazakhstan.
    let hosted_any: BTreeSet<&str> = g
        .neighbours(
            kz.id(),
            Filter::relation(Relation::Hosted)
                .direction(Direction::Outgoing)
                .kinds(&[EntityKind::Exercise]),
        )
        .map(|h| h.other().name())
        .collect();
    assert_eq!(hosted_any, hosted);

    // And each of the three is hosted by Kazakhstan alone, in 2004 (from its name).
    for name in ["Saryarka 2004", "Rubezh 2004", "Steppe Eagle 2004"] {
        let ex = g.find(name).expect("exercise in dataset");
        let hosts = g.hosts(ex.id());
        assert_eq!(hosts.len(), 1, "{name}");
        assert_eq!(hosts[0].entity.key(), "kazakhstan", "{name}");
        for f in &hosts[0].facts {
            assert_eq!(
                f.date(),
                FactDate::year(2004).expect("valid year"),
                "{name}"
            );
        }
    }
}

#[test]
fn exercises_of_each_country() {
    let g = graph();
    let names = |who: &str, filter: Filter| -> BTreeSet<&'static str> {
        let id = g.find(who).expect("in dataset").id();
        g.exercises_of(id, filter)
            .iter()
            .map(|s| s.entity.name())
            .collect()
    };
    // Participation is stated for "Steppe Eagle" without an edition, and recorded on the
    // series and on the 2004 edition (see the modelling notes).
    let steppe_eagle = set(["Steppe Eagle", "Steppe Eagle 2004"]);
    assert_eq!(names("Kazakhstan", Filter::any()), steppe_eagle);
    assert_eq!(names("United States", Filter::any()), steppe_eagle);
    assert_eq!(names("United Kingdom", Filter::any()), steppe_eagle);
    // Nobody else is said to have taken part in an exercise.
    assert!(names("Bolat Sembinov", Filter::any()).is_empty());
    assert!(names("Mukhtar Altynbayev", Filter::any()).is_empty());

    // Restricted to facts dated within 2004: only the dated edition.
    let y2004 = DateRange::of(PartialDate::year(2004).expect("valid year"));
    assert_eq!(
        names("United States", Filter::any().within(y2004)),
        set(["Steppe Eagle 2004"])
    );
}

// ---------------------------------------------------------------------------------------
// Titles and ranks as the article gives them.
// ---------------------------------------------------------------------------------------

#[test]
fn positions_with_exact_titles_and_ranks() {
    let g = graph();
    // (person, body key, title, rank)
    let expected: [(&str, &str, &str, Option<&str>); 6] = [
        (
            "Bolat Sembinov",
            "kazakhstan_ministry_of_defense",
            "Deputy Defense Minister",
            Some("Major-General"),
        ),
        (
            "Richard Armitage",
            "us_department_of_state",
            "Deputy Secretary of State",
            None,
        ),
        (
            "Mira Ricardel",
            "us_department_of_defense",
            "Assistant Secretary of Defense for International Security Policy",
            None,
        ),
        (
            "James MacDougall",
            "us_department_of_defense",
            "head of Eurasia affairs",
            None,
        ),
        (
            "Mukhtar Altynbayev",
            "kazakhstan_ministry_of_defense",
            "Minister of Defense",
            Some("Army-General"),
        ),
        (
            "Daniyal Akhmetov",
            "government_of_kazakhstan",
            "Prime Minister",
            None,
        ),
    ];
    for (person, body, title, rank) in expected {
        let p = g.find(person).expect("person in dataset");
        let posts: Vec<_> = g.positions_of(p.id()).collect();
        assert_eq!(posts.len(), 1, "{person} holds one post in the article");
        let post = &posts[0];
        assert_eq!(post.person.id(), p.id());
        assert_eq!(post.body.key(), body, "{person}");
        assert_eq!(post.role.title, title, "{person}");
        assert_eq!(post.role.rank.as_deref(), rank, "{person}");
        assert_eq!(post.fact.relation(), Relation::HoldsPosition);
        assert_eq!(post.fact.role(), Some(post.role));
    }

    // "Kazakhstan's Deputy Defense Minister" and "Minister of Defense": the Kazakh Ministry
    // of Defense has exactly these two post holders.
    let mod_id = key_id(g, "kazakhstan_ministry_of_defense");
    let holders: BTreeSet<(&str, &str, Option<&str>)> = g
        .post_holders(mod_id)
        .map(|p| {
            (
                p.person.name(),
                p.role.title.as_str(),
                p.role.rank.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        holders,
        set([
            (
                "Bolat Sembinov",
                "Deputy Defense Minister",
                Some("Major-General")
            ),
            (
                "Mukhtar Altynbayev",
                "Minister of Defense",
                Some("Army-General")
            ),
        ])
    );
    // Ranks also appear as entity attributes.
    assert_eq!(
        g.find("Sembinov").expect("in dataset").attribute("rank"),
        Some("Major-General")
    );
    assert_eq!(
        g.find("Altynbayev").expect("in dataset").attribute("rank"),
        Some("Army-General")
    );
}

// ---------------------------------------------------------------------------------------
// 17 November 2004: the training session (Kazinform), the TV interview (Kazakh Television
// First Channel) and the government session (Interfax-Kazakhstan).
// ---------------------------------------------------------------------------------------

#[test]
fn timeline_of_17_november() {
    let g = graph();
    let nov17 = DateRange::of(day(2004, 11, 17));
    let timeline = g.timeline(nov17, DateMatch::Within);

    let events = [
        "operational_mobilization_training_session_2004_11_17",
        "kazakhstan_government_session_2004_11_17",
        "altynbayev_television_interview_2004_11_17",
    ];
    let mut expected: BTreeSet<Triple> = set([
        // The training session: addressed by Altynbayev, held in the Astana regional
        // command, where the three exercises were discussed.
        t(
            Relation::Addressed,
            "mukhtar_altynbayev",
            "operational_mobilization_training_session_2004_11_17",
        ),
        t(
            Relation::Hosted,
            "astana_regional_command",
            "operational_mobilization_training_session_2004_11_17",
        ),
        t(
            Relation::Discussed,
            "operational_mobilization_training_session_2004_11_17",
            "saryarka_2004",
        ),
        t(
            Relation::Discussed,
            "operational_mobilization_training_session_2004_11_17",
            "rubezh_2004",
        ),
        t(
            Relation::Discussed,
            "operational_mobilization_training_session_2004_11_17",
            "steppe_eagle_2004",
        ),
        // The TV interview.
        t(
            Relation::Addressed,
            "mukhtar_altynbayev",
            "altynbayev_television_interview_2004_11_17",
        ),
        t(
            Relation::Hosted,
            "kazakh_television_first_channel",
            "altynbayev_television_interview_2004_11_17",
        ),
        t(
            Relation::Discussed,
            "altynbayev_television_interview_2004_11_17",
            "psychological_testing_of_senior_officers",
        ),
        // The government session.
        t(
            Relation::Addressed,
            "daniyal_akhmetov",
            "kazakhstan_government_session_2004_11_17",
        ),
        t(
            Relation::Hosted,
            "government_of_kazakhstan",
            "kazakhstan_government_session_2004_11_17",
        ),
        t(
            Relation::Discussed,
            "kazakhstan_government_session_2004_11_17",
            "kazakhstan_national_security_system_enhancement",
        ),
        // Akhmetov's four measures, one `discussed` fact each.
        t(
            Relation::Discussed,
            "kazakhstan_government_session_2004_11_17",
            "kazakhstan_terrorism_extremism_prevention",
        ),
        t(
            Relation::Discussed,
            "kazakhstan_government_session_2004_11_17",
            "kazakhstan_crisis_cooperation_system",
        ),
        t(
            Relation::Discussed,
            "kazakhstan_government_session_2004_11_17",
            "kazakhstan_border_protection_technologies",
        ),
        t(
            Relation::Discussed,
            "kazakhstan_government_session_2004_11_17",
            "kazakhstan_migration_control",
        ),
    ]);
    // The titles given in the same passages are dated to those days as well (see the
    // modelling notes: "holds_position dates are the days of the events where the article
    // gives each title").
    expected.insert(t(
        Relation::HoldsPosition,
        "mukhtar_altynbayev",
        "kazakhstan_ministry_of_defense",
    ));
    expected.insert(t(
        Relation::HoldsPosition,
        "daniyal_akhmetov",
        "government_of_kazakhstan",
    ));

    let got: BTreeSet<Triple> = timeline.iter().map(triple).collect();
    assert_eq!(got, expected);
    assert_eq!(timeline.len(), expected.len(), "no fact listed twice");

    // Every fact about the three events is in the timeline...
    for f in g.facts() {
        if events.contains(&f.subject().key()) || events.contains(&f.object().key()) {
            assert!(
                timeline.contains(&f),
                "fact about a 17 November event missing: {f}"
            );
        }
    }
    // ...and nothing dated otherwise: every fact is dated exactly 17 November (year
    // inferred), and every fact so dated is listed.
    for f in &timeline {
        assert_eq!(f.date(), nov(17), "{f}");
    }
    for f in g.facts() {
        assert_eq!(f.date() == nov(17), timeline.contains(&f), "{f}");
    }
    // Facts dated "2004" overlap 17 November but are not within it.
    assert!(
        timeline
            .iter()
            .all(|f| f.date() != FactDate::year(2004).expect("valid year"))
    );
    let overlapping = g.timeline(nov17, DateMatch::Overlaps);
    assert!(overlapping.len() > timeline.len());
    assert!(timeline.iter().all(|f| overlapping.contains(f)));
    assert!(
        overlapping
            .iter()
            .any(|f| triple(f) == t(Relation::Hosted, "kazakhstan", "steppe_eagle_2004"))
    );
    assert!(overlapping.iter().all(|f| f.date() != nov(19)));
    assert_eq!(g.count_in(nov17, DateMatch::Within), timeline.len());
    assert_eq!(g.count_in(nov17, DateMatch::Overlaps), overlapping.len());

    // Date order, then fact number.
    for w in overlapping.windows(2) {
        assert!(
            (w[0].date(), w[0].id()) <= (w[1].date(), w[1].id()),
            "{} before {}",
            w[0],
            w[1]
        );
    }
}

// ---------------------------------------------------------------------------------------
// What is only planned, intended or claimed.
// ---------------------------------------------------------------------------------------

#[test]
fn not_reported_is_exactly_the_plans_intentions_and_claims() {
    let g = graph();
    let got: BTreeSet<(Triple, Modality)> = g
        .not_reported()
        .map(|f| (triple(&f), f.modality()))
        .collect();

    // From the article:
    // - "Sembinov was keen to make real progress towards supplying C-130 transport aircraft
    //   to the Kazakhstani Air Force" (planned, not done);
    // - "He also envisages introducing psychological testing for senior officers" (planned);
    // - "Kazakhstan's plans to further professionalize its army" (planned);
    // - "Altynbayev would like Steppe Eagle to be expanded" (intended);
    // - "Kazakhstan's Ministry of Defense claims genuine progress has been made in 2004
    //   towards many of its reform objectives" (claimed);
    // - "a key part of the government's plans to improve security" (planned), for the
    //   efforts as a whole and for the one measure it names, the cooperation and coordination
    //   of state security bodies;
    // - "Kazakhstan looks towards the United States for the supply of weapons and equipment"
    //   (intended: a reliance on supply, not a delivery).
    let expected: BTreeSet<(Triple, Modality)> = set([
        (
            t(Relation::Supplies, "united_states", "c_130"),
            Modality::Planned,
        ),
        (
            t(
                Relation::Plans,
                "mukhtar_altynbayev",
                "psychological_testing_of_senior_officers",
            ),
            Modality::Planned,
        ),
        (
            t(
                Relation::Plans,
                "kazakhstan",
                "kazakhstan_army_professionalization",
            ),
            Modality::Planned,
        ),
        (
            t(Relation::Plans, "mukhtar_altynbayev", "steppe_eagle"),
            Modality::Intended,
        ),
        (
            t(
                Relation::ParticipatedIn,
                "kazakhstan_ministry_of_defense",
                "kazakhstan_military_reform",
            ),
            Modality::Claimed,
        ),
        (
            t(
                Relation::Plans,
                "government_of_kazakhstan",
                "kazakhstan_national_security_system_enhancement",
            ),
            Modality::Planned,
        ),
        (
            t(
                Relation::Plans,
                "government_of_kazakhstan",
                "kazakhstan_crisis_cooperation_system",
            ),
            Modality::Planned,
        ),
        (
            t(Relation::Supplies, "united_states", "weapons"),
            Modality::Intended,
        ),
        (
            t(Relation::Supplies, "united_states", "military_equipment"),
            Modality::Intended,
        ),
    ]);
    assert_eq!(got, expected);
    assert_eq!(g.not_reported().len(), expected.len());

    // Against the JSON text: exactly the facts whose `modality` is not "reported" (a missing
    // modality means reported), in the same order.
    let json = raw_json();
    let facts = json["facts"].as_array().expect("facts array");
    let from_json: Vec<(Triple, String)> = facts
        .iter()
        .filter(|f| f["modality"].as_str().unwrap_or("reported") != "reported")
        .map(|f| {
            let r: Relation = f["relation"]
                .as_str()
                .expect("relation")
                .parse()
                .expect("known relation");
            (
                t(
                    r,
                    f["subject"].as_str().expect("subject"),
                    f["object"].as_str().expect("object"),
                ),
                f["modality"].as_str().expect("modality").to_owned(),
            )
        })
        .collect();
    let from_api: Vec<(Triple, String)> = g
        .not_reported()
        .map(|f| (triple(&f), f.modality().as_str().to_owned()))
        .collect();
    assert_eq!(from_api, from_json);

    // The C-130 supply goes to the Kazakhstani Air Force; the claim is the Ministry's own.
    let c130 = g
        .not_reported()
        .find(|f| f.relation() == Relation::Supplies && f.object().key() == "c_130")
        .expect("C-130 supply");
    assert_eq!(
        c130.recipient().map(|r| r.name()),
        Some("Kazakhstani Air Force")
    );
    let claim = g
        .not_reported()
        .find(|f| f.modality() == Modality::Claimed)
        .expect("MoD claim");
    assert!(
        claim
            .sources()
            .any(|s| s.speaker().map(|p| p.key()) == Some("kazakhstan_ministry_of_defense"))
    );
    assert_eq!(claim.date(), FactDate::year(2004).expect("valid year"));

    // with_modality agrees with not_reported.
    let planned: BTreeSet<Triple> = g
        .with_modality(Modality::Planned)
        .map(|f| triple(&f))
        .collect();
    assert_eq!(planned.len(), 5);
    assert_eq!(
        g.with_modality(Modality::Reported).count() + g.not_reported().len(),
        g.fact_count()
    );
}

// ---------------------------------------------------------------------------------------
// What each agency or broadcaster reported.
// ---------------------------------------------------------------------------------------

/// Facts whose `sources` name `source` in the JSON text, as triples.
fn json_facts_citing(source: &str) -> BTreeSet<Triple> {
    let json = raw_json();
    json["facts"]
        .as_array()
        .expect("facts array")
        .iter()
        .filter(|f| {
            f["sources"]
                .as_array()
                .is_some_and(|ss| ss.iter().any(|s| s["source"] == source))
        })
        .map(|f| {
            t(
                f["relation"]
                    .as_str()
                    .expect("relation")
                    .parse()
                    .expect("relation"),
                f["subject"].as_str().expect("subject"),
                f["object"].as_str().expect("object"),
            )
        })
        .collect()
}

#[test]
fn reported_by_kazinform() {
    let g = graph();
    let kazinform = g.find("Kazinform").expect("Kazinform in dataset");
    let got: BTreeSet<Triple> = g.reported_by(kazinform.id()).map(|f| triple(&f)).collect();
    let session = "operational_mobilization_training_session_2004_11_17";
    // "(Kazinform, November 17)" closes the training-session paragraph.
    let expected = set([
        t(
            Relation::HoldsPosition,
            "mukhtar_altynbayev",
            "kazakhstan_ministry_of_defense",
        ),
        t(Relation::Addressed, "mukhtar_altynbayev", session),
        t(Relation::Hosted, "astana_regional_command", session),
        t(Relation::Discussed, session, "saryarka_2004"),
        t(Relation::Discussed, session, "rubezh_2004"),
        t(Relation::Discussed, session, "steppe_eagle_2004"),
        t(Relation::Hosted, "kazakhstan", "saryarka_2004"),
        t(Relation::Hosted, "kazakhstan", "rubezh_2004"),
        t(Relation::Hosted, "kazakhstan", "steppe_eagle_2004"),
        t(Relation::LocatedIn, "saryarka_2004", "kazakhstan"),
        t(Relation::LocatedIn, "rubezh_2004", "kazakhstan"),
        t(Relation::LocatedIn, "steppe_eagle_2004", "kazakhstan"),
        t(Relation::Plans, "mukhtar_altynbayev", "steppe_eagle"),
        t(Relation::ParticipatedIn, "united_states", "steppe_eagle"),
        t(
            Relation::ParticipatedIn,
            "united_states",
            "steppe_eagle_2004",
        ),
        t(Relation::ParticipatedIn, "united_kingdom", "steppe_eagle"),
        t(
            Relation::ParticipatedIn,
            "united_kingdom",
            "steppe_eagle_2004",
        ),
    ]);
    assert_eq!(got, expected);
    assert_eq!(got, json_facts_citing("kazinform"));
    for f in g.reported_by(kazinform.id()) {
        let s = f
            .sources()
            .find(|s| s.source().id() == kazinform.id())
            .expect("cites Kazinform");
        assert_eq!(s.reported(), nov(17), "{f}");
    }
}

#[test]
fn reported_by_kazakh_television() {
    let g = graph();
    let tv = g
        .find("Kazakh Television First Channel")
        .expect("broadcaster in dataset");
    let got: BTreeSet<Triple> = g.reported_by(tv.id()).map(|f| triple(&f)).collect();
    let interview = "altynbayev_television_interview_2004_11_17";
    // "(Kazakh Television First Channel, November 17)" closes the psychological-testing
    // paragraph, which also speaks of "Kazakhstani forces in Steppe Eagle exercises".
    let expected = set([
        t(Relation::Addressed, "mukhtar_altynbayev", interview),
        t(
            Relation::Hosted,
            "kazakh_television_first_channel",
            interview,
        ),
        t(
            Relation::Discussed,
            interview,
            "psychological_testing_of_senior_officers",
        ),
        t(
            Relation::Plans,
            "mukhtar_altynbayev",
            "psychological_testing_of_senior_officers",
        ),
        t(Relation::ParticipatedIn, "kazakhstan", "steppe_eagle"),
        t(Relation::ParticipatedIn, "kazakhstan", "steppe_eagle_2004"),
    ]);
    assert_eq!(got, expected);
    assert_eq!(got, json_facts_citing("kazakh_television_first_channel"));

    // The quoted words are Altynbayev's own, exactly as printed.
    let plan = g
        .reported_by(tv.id())
        .find(|f| f.relation() == Relation::Plans)
        .expect("psychological testing plan");
    let s = plan.sources().next().expect("one source");
    assert_eq!(s.speaker().map(|p| p.name()), Some("Mukhtar Altynbayev"));
    let quote = s.quote().expect("quote");
    // A short phrase of his own words, no more.
    assert!(quote.contains("psychological"), "{quote}");
    assert!(quote.split_whitespace().count() <= 8, "{quote}");
    // The article text lives beside the repository; check the wording when it is there.
    let article_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seed/edm-2004-v1-i133.txt");
    if let Ok(article) = std::fs::read_to_string(&article_path) {
        assert!(
            article.contains(quote),
            "the quote is the article's wording"
        );
    }
}

#[test]
fn reported_by_interfax_kazakhstan() {
    let g = graph();
    let interfax = g.find("Interfax-Kazakhstan").expect("agency in dataset");
    let got: BTreeSet<Triple> = g.reported_by(interfax.id()).map(|f| triple(&f)).collect();
    let meetings = "sembinov_washington_meetings_2004_11_19";
    let session = "kazakhstan_government_session_2004_11_17";
    // "(Interfax-Kazakhstan, November 19)" for the Washington meetings and
    // "(Interfax-Kazakhstan, November 17)" for the government session.
    let nov19 = set([
        t(Relation::Visited, "bolat_sembinov", "washington"),
        t(Relation::Met, "bolat_sembinov", "richard_armitage"),
        t(Relation::Met, "bolat_sembinov", "mira_ricardel"),
        t(Relation::Met, "bolat_sembinov", "james_macdougall"),
        t(Relation::Attended, "bolat_sembinov", meetings),
        t(Relation::Attended, "richard_armitage", meetings),
        t(Relation::Attended, "mira_ricardel", meetings),
        t(Relation::Attended, "james_macdougall", meetings),
        t(Relation::LocatedIn, meetings, "washington"),
        t(
            Relation::HoldsPosition,
            "bolat_sembinov",
            "kazakhstan_ministry_of_defense",
        ),
        t(
            Relation::HoldsPosition,
            "richard_armitage",
            "us_department_of_state",
        ),
        t(
            Relation::HoldsPosition,
            "mira_ricardel",
            "us_department_of_defense",
        ),
        t(
            Relation::HoldsPosition,
            "james_macdougall",
            "us_department_of_defense",
        ),
    ]);
    let nov17 = set([
        t(
            Relation::HoldsPosition,
            "daniyal_akhmetov",
            "government_of_kazakhstan",
        ),
        t(Relation::Addressed, "daniyal_akhmetov", session),
        t(Relation::Hosted, "government_of_kazakhstan", session),
        t(
            Relation::Discussed,
            session,
            "kazakhstan_national_security_system_enhancement",
        ),
        // The four measures Akhmetov listed: each discussed, each (by the coder's grouping)
        // part of the efforts to enhance the national security system.
        t(
            Relation::Discussed,
            session,
            "kazakhstan_terrorism_extremism_prevention",
        ),
        t(
            Relation::Discussed,
            session,
            "kazakhstan_crisis_cooperation_system",
        ),
        t(
            Relation::Discussed,
            session,
            "kazakhstan_border_protection_technologies",
        ),
        t(Relation::Discussed, session, "kazakhstan_migration_control"),
        t(
            Relation::PartOf,
            "kazakhstan_terrorism_extremism_prevention",
            "kazakhstan_national_security_system_enhancement",
        ),
        t(
            Relation::PartOf,
            "kazakhstan_crisis_cooperation_system",
            "kazakhstan_national_security_system_enhancement",
        ),
        t(
            Relation::PartOf,
            "kazakhstan_border_protection_technologies",
            "kazakhstan_national_security_system_enhancement",
        ),
        t(
            Relation::PartOf,
            "kazakhstan_migration_control",
            "kazakhstan_national_security_system_enhancement",
        ),
    ]);
    let expected: BTreeSet<Triple> = nov19.union(&nov17).cloned().collect();
    assert_eq!(got, expected);
    assert_eq!(got, json_facts_citing("interfax_kazakhstan"));

    for f in g.reported_by(interfax.id()) {
        let s = f
            .sources()
            .find(|s| s.source().id() == interfax.id())
            .expect("cites Interfax");
        let want = if nov19.contains(&triple(&f)) {
            nov(19)
        } else {
            nov(17)
        };
        assert_eq!(s.reported(), want, "{f}");
    }
    // Akhmetov's quotes are his own words: every topic of the session is his statement,
    // with a short phrase of his list.
    let quotes: BTreeMap<String, String> = g
        .reported_by(interfax.id())
        .filter(|f| f.relation() == Relation::Discussed)
        .map(|f| {
            let s = f.sources().next().expect("source");
            assert_eq!(
                s.speaker().map(|p| p.key()),
                Some("daniyal_akhmetov"),
                "{f}"
            );
            let q = s.quote().unwrap_or_else(|| panic!("{f} has a quote"));
            (f.object().key().to_owned(), q.to_owned())
        })
        .collect();
    assert_eq!(quotes.len(), 5);
    assert!(
        quotes["kazakhstan_terrorism_extremism_prevention"]
            .contains("terrorist and extremist activities")
    );
    assert!(quotes["kazakhstan_migration_control"].contains("migration flows"));
    assert!(quotes["kazakhstan_border_protection_technologies"].contains("border protection"));
    assert!(quotes["kazakhstan_crisis_cooperation_system"].contains("cooperation system"));
    for q in quotes.values() {
        assert!(q.split_whitespace().count() <= 8, "a short phrase: {q}");
    }
}

// ---------------------------------------------------------------------------------------
// Connections and ego networks, checked against a breadth-first search written here over
// `g.facts()`, ignoring direction.
// ---------------------------------------------------------------------------------------

/// Undirected adjacency of the graph's facts: entity key → neighbour keys.
fn adjacency(g: &KnowledgeGraph) -> BTreeMap<String, BTreeSet<String>> {
    let mut adj: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in g.facts() {
        let (s, o) = (f.subject().key().to_owned(), f.object().key().to_owned());
        adj.entry(s.clone()).or_default().insert(o.clone());
        adj.entry(o).or_default().insert(s);
    }
    adj
}

/// Hop distances from `start` to every entity reachable over facts (either direction).
fn bfs(g: &KnowledgeGraph, start: &str) -> BTreeMap<String, usize> {
    let adj = adjacency(g);
    let mut dist = BTreeMap::from([(start.to_owned(), 0)]);
    let mut queue = VecDeque::from([start.to_owned()]);
    while let Some(u) = queue.pop_front() {
        let d = dist[&u];
        for v in adj.get(&u).into_iter().flatten() {
            if !dist.contains_key(v) {
                dist.insert(v.clone(), d + 1);
                queue.push_back(v.clone());
            }
        }
    }
    dist
}

#[test]
fn connection_from_ricardel_to_steppe_eagle_2004() {
    let g = graph();
    let from = g.find("Mira Ricardel").expect("in dataset");
    let to = g.find("Steppe Eagle 2004").expect("in dataset");
    let path = g
        .connection(from.id(), to.id(), Filter::any())
        .expect("Ricardel and Steppe Eagle 2004 are connected");

    let entities: Vec<&str> = path.entities().map(|e| e.key()).collect();
    assert_eq!(entities.first(), Some(&"mira_ricardel"));
    assert_eq!(entities.last(), Some(&"steppe_eagle_2004"));
    assert_eq!(entities.len(), path.len() + 1);
    assert!(!path.is_empty());

    // Each hop's fact links the two consecutive entities, and hops chain.
    let mut at = from.id();
    for hop in path.hops() {
        assert_eq!(hop.from().id(), at, "hops chain");
        let f = hop.fact();
        let ends = set([f.subject().id(), f.object().id()]);
        assert_eq!(ends, set([hop.from().id(), hop.other().id()]), "{f}");
        match hop.direction() {
            Direction::Outgoing => assert_eq!(f.subject().id(), hop.from().id()),
            Direction::Incoming => assert_eq!(f.object().id(), hop.from().id()),
            other => panic!("a hop has a definite direction, not {other:?}"),
        }
        assert!(f.sources().len() >= 1, "every hop is sourced: {f}");
        at = hop.other().id();
    }
    assert_eq!(at, to.id());

    // No shorter chain exists: the length equals the BFS distance.
    let dist = bfs(g, "mira_ricardel");
    assert_eq!(dist.get("steppe_eagle_2004"), Some(&path.len()));
    // Worked out by hand from the article: Ricardel holds a post at the Pentagon, part of
    // the United States, which took part in Steppe Eagle 2004; she has no two-hop link.
    assert_eq!(path.len(), 3);

    // The Display form names every hop.
    let text = path.to_string();
    assert_eq!(text.lines().count(), 3);
    assert!(text.starts_with("Mira Ricardel"));

    // The trivial connection and the reverse one.
    let same = g
        .connection(from.id(), from.id(), Filter::any())
        .expect("self");
    assert!(same.is_empty());
    let back = g
        .connection(to.id(), from.id(), Filter::any())
        .expect("connected");
    assert_eq!(back.len(), path.len());
}

#[test]
fn connection_lengths_match_bfs_for_all_pairs() {
    let g = graph();
    for a in g.entities() {
        let dist = bfs(g, a.key());
        for b in g.entities() {
            let c = g.connection(a.id(), b.id(), Filter::any());
            match dist.get(b.key()) {
                Some(d) => {
                    let c = c.unwrap_or_else(|| {
                        panic!("{} reaches {} but no connection", a.key(), b.key())
                    });
                    assert_eq!(c.len(), *d, "shortest {} -> {}", a.key(), b.key());
                    let mut at = a.id();
                    for hop in c.hops() {
                        assert_eq!(hop.from().id(), at);
                        let ends = set([hop.fact().subject().id(), hop.fact().object().id()]);
                        assert_eq!(ends, set([hop.from().id(), hop.other().id()]));
                        at = hop.other().id();
                    }
                    assert_eq!(at, b.id(), "{} -> {} ends right", a.key(), b.key());
                }
                None => assert!(c.is_none(), "{} -> {} unreachable", a.key(), b.key()),
            }
        }
    }
}

fn check_ego(k: usize) {
    let g = graph();
    let center = g.find("Bolat Sembinov").expect("in dataset");
    let ego = g
        .ego_network(center.id(), k, Filter::any())
        .expect("centre in graph")
        .to_graph();

    let dist = bfs(g, "bolat_sembinov");
    let within: BTreeSet<String> = dist
        .iter()
        .filter(|(_, d)| **d <= k)
        .map(|(key, _)| key.clone())
        .collect();

    // Facts: exactly those of the dataset with both ends within k hops.
    let expected_facts: Vec<FactRef<'_>> = g
        .facts()
        .filter(|f| within.contains(f.subject().key()) && within.contains(f.object().key()))
        .collect();
    let expected_triples: Vec<(Triple, FactDate)> = expected_facts
        .iter()
        .map(|f| (triple(f), f.date()))
        .collect();
    let got_triples: Vec<(Triple, FactDate)> =
        ego.facts().map(|f| (triple(&f), f.date())).collect();
    assert_eq!(got_triples, expected_triples, "k = {k}");

    // Entities: the BFS set plus the places, recipients, sources and speakers those facts
    // refer to.
    let mut expected_keys = within.clone();
    for f in &expected_facts {
        expected_keys.extend(f.place().map(|p| p.key().to_owned()));
        expected_keys.extend(f.recipient().map(|p| p.key().to_owned()));
        for s in f.sources() {
            expected_keys.insert(s.source().key().to_owned());
            expected_keys.extend(s.speaker().map(|p| p.key().to_owned()));
        }
    }
    let got_keys: BTreeSet<String> = ego.entities().map(|e| e.key().to_owned()).collect();
    assert_eq!(got_keys, expected_keys, "k = {k}");
    assert_eq!(ego.entity_count(), expected_keys.len());

    // Every fact in it has both ends within k hops of the centre in the dataset.
    for f in ego.facts() {
        for end in [f.subject(), f.object()] {
            let d = dist.get(end.key()).copied();
            assert!(d.is_some_and(|d| d <= k), "{f}: {} at {d:?}", end.key());
        }
    }
    // Entities and facts keep their data.
    for e in ego.entities() {
        let orig = g.get(e.key()).expect("same key in dataset");
        assert_eq!(e.entity(), orig.entity());
    }
    for (f, orig) in ego.facts().zip(expected_facts.iter()) {
        assert_eq!(f.modality(), orig.modality());
        assert_eq!(f.role(), orig.role());
        assert_eq!(f.note(), orig.note());
        assert_eq!(f.sources_line(), orig.sources_line());
        assert_eq!(f.place().map(|p| p.key()), orig.place().map(|p| p.key()));
    }
    // The ego network is a complete graph of its own: it survives a JSON round trip.
    let reloaded = KnowledgeGraph::from_json(&ego.to_json()).expect("ego network reloads");
    assert_eq!(reloaded, ego);
}

#[test]
fn ego_network_of_sembinov_k1() {
    check_ego(1);
    // By hand from the article: Sembinov visited Washington, met the three officials,
    // attended the meetings, holds a post at the Ministry, discussed professionalization and
    // is an influence behind the military reform.
    let g = graph();
    let ego = g
        .ego_network(
            g.find("Sembinov").expect("in dataset").id(),
            1,
            Filter::any(),
        )
        .expect("in graph")
        .to_graph();
    for key in [
        "bolat_sembinov",
        "washington",
        "richard_armitage",
        "mira_ricardel",
        "james_macdougall",
        "sembinov_washington_meetings_2004_11_19",
        "kazakhstan_ministry_of_defense",
        "kazakhstan_army_professionalization",
        "kazakhstan_military_reform",
        "interfax_kazakhstan",
        "eurasia_daily_monitor",
    ] {
        assert!(ego.get(key).is_ok(), "{key} in the 1-hop ego network");
    }
    // Two hops away: not in the 1-hop network.
    assert!(ego.get("mukhtar_altynbayev").is_err());
    assert!(ego.get("united_states").is_err());
}

#[test]
fn ego_network_of_sembinov_k2() {
    check_ego(2);
    let g = graph();
    let s = g.find("Sembinov").expect("in dataset").id();
    let e1 = g.ego_network(s, 1, Filter::any()).expect("in graph");
    let e2 = g.ego_network(s, 2, Filter::any()).expect("in graph");
    assert!(e2.entity_count() > e1.entity_count());
    assert!(e2.fact_count() > e1.fact_count());
    // Altynbayev holds a post at the same Ministry: two hops.
    assert!(e2.entities().any(|e| e.key() == "mukhtar_altynbayev"));
    // k = 0 is the centre alone.
    let e0 = g.ego_network(s, 0, Filter::any()).expect("in graph");
    assert_eq!(e0.entity_count(), 1);
    assert_eq!(e0.fact_count(), 0);
}

// ---------------------------------------------------------------------------------------
// Lookups by name.
// ---------------------------------------------------------------------------------------

#[test]
fn lookups_ignore_case_whitespace_and_diacritics() {
    let g = graph();
    for (query, key) in [
        ("  bolat   SEMBINOV ", "bolat_sembinov"),
        ("Bolat Sembinov", "bolat_sembinov"),
        ("sembinov", "bolat_sembinov"),
        ("Bolát Sembínov", "bolat_sembinov"),
        ("Pentagon", "us_department_of_defense"),
        ("pentagon", "us_department_of_defense"),
        ("THE PENTAGON", "us_department_of_defense"),
        (
            "Kazakhstan’s Ministry of Defense",
            "kazakhstan_ministry_of_defense",
        ),
        (
            "kazakhstan's ministry of defense",
            "kazakhstan_ministry_of_defense",
        ),
        ("Mukhtar\tAltynbayev", "mukhtar_altynbayev"),
        ("STEPPE  EAGLE 2004", "steppe_eagle_2004"),
        ("steppe eagle", "steppe_eagle"),
        ("Interfax Kazakhstan", "interfax_kazakhstan"),
        ("U.S.", "united_states"),
    ] {
        match g.find(query) {
            Ok(e) => assert_eq!(e.key(), key, "find({query:?})"),
            Err(e) => panic!("find({query:?}): {e}"),
        }
    }
    assert_eq!(
        normalize_name("  bolat   SEMBINOV "),
        normalize_name("Bolat Sembinov")
    );
}

#[test]
fn unknown_names_give_not_found_with_closest_names() {
    let g = graph();
    match g.find("Sembinof") {
        Err(LookupError::NotFound { name, closest }) => {
            assert_eq!(name, "Sembinof", "the name as asked");
            assert_eq!(closest.first().map(String::as_str), Some("Bolat Sembinov"));
            assert!(closest.len() <= 5);
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    match g.find("Richard Armitag") {
        Err(LookupError::NotFound { closest, .. }) => {
            assert_eq!(
                closest.first().map(String::as_str),
                Some("Richard Armitage")
            );
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    // A name nothing resembles.
    match g.find("Qqqqqqqqqqqqqqqqqqqq") {
        Err(LookupError::NotFound { closest, .. }) => assert!(closest.is_empty(), "{closest:?}"),
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert!(matches!(
        g.get("no_such_key"),
        Err(LookupError::UnknownKey { key }) if key == "no_such_key"
    ));
    assert_eq!(g.find_all("nobody at all").count(), 0);
}

#[test]
fn ambiguous_names_list_candidates() {
    // MADE-UP DATA: two invented entities sharing the invented alias "Made-up Falcon".
    let mut g = KnowledgeGraph::with_title("made-up lookup test graph");
    let drill = g
        .add_entity(
            Entity::new(
                "made_up_falcon_drill",
                EntityKind::Exercise,
                "Made-up Falcon Drill",
            )
            .with_alias("Made-up Falcon"),
        )
        .expect("valid entity");
    let person = g
        .add_entity(
            Entity::new(
                "made_up_falcon_person",
                EntityKind::Person,
                "Fictional Falcon Person",
            )
            .with_alias("made-up  FALCON"),
        )
        .expect("valid entity");
    g.add_entity(Entity::new(
        "made_up_other",
        EntityKind::Place,
        "Made-up Unrelated Town",
    ))
    .expect("valid entity");

    match g.find(" MADE-UP falcon ") {
        Err(LookupError::Ambiguous { name, candidates }) => {
            assert_eq!(name, " MADE-UP falcon ");
            let got: BTreeSet<(factgraph::EntityId, &str, &str, EntityKind)> = candidates
                .iter()
                .map(|c| (c.id, c.key.as_str(), c.name.as_str(), c.kind))
                .collect();
            assert_eq!(
                got,
                set([
                    (
                        drill,
                        "made_up_falcon_drill",
                        "Made-up Falcon Drill",
                        EntityKind::Exercise
                    ),
                    (
                        person,
                        "made_up_falcon_person",
                        "Fictional Falcon Person",
                        EntityKind::Person
                    ),
                ])
            );
            let msg = LookupError::Ambiguous {
                name: name.clone(),
                candidates: candidates.clone(),
            }
            .to_string();
            assert!(msg.contains("made_up_falcon_drill") && msg.contains("made_up_falcon_person"));
        }
        other => panic!("expected Ambiguous, got {other:?}"),
    }
    // find_all lists both; find_kind settles the kind; the canonical names stay unique.
    let all: BTreeSet<&str> = g.find_all("made-up falcon").map(|e| e.key()).collect();
    assert_eq!(all, set(["made_up_falcon_drill", "made_up_falcon_person"]));
    assert_eq!(
        g.find_kind("Made-up Falcon", EntityKind::Exercise)
            .map(|e| e.id()),
        Ok(drill)
    );
    assert_eq!(
        g.find_kind("Made-up Falcon", EntityKind::Person)
            .map(|e| e.id()),
        Ok(person)
    );
    assert!(matches!(
        g.find_kind("Made-up Falcon", EntityKind::Country),
        Err(LookupError::NotFound { .. })
    ));
    assert_eq!(
        g.find("Fictional Falcon Person").map(|e| e.id()),
        Ok(person)
    );
}

#[test]
fn every_entity_is_found_by_its_name_and_aliases() {
    let g = graph();
    assert!(g.entity_count() > 0);
    for e in g.entities() {
        assert_eq!(
            g.get(e.key()).map(|x| x.id()),
            Ok(e.id()),
            "key {}",
            e.key()
        );
        assert_eq!(g.entity(e.id()).map(|x| x.key()), Some(e.key()));
        for name in e.names() {
            let all: Vec<_> = g.find_all(name).map(|x| x.id()).collect();
            assert!(
                all.contains(&e.id()),
                "find_all({name:?}) lacks {}",
                e.key()
            );
            match g.find(name) {
                Ok(found) => assert_eq!(found.id(), e.id(), "find({name:?})"),
                Err(LookupError::Ambiguous { candidates, .. }) => {
                    assert!(candidates.iter().any(|c| c.id == e.id()), "{name:?}");
                    assert!(all.len() > 1);
                }
                Err(other) => panic!("find({name:?}): {other}"),
            }
            // Also in upper case with padding.
            let shouted = format!("  {}  ", name.to_uppercase());
            assert!(
                g.find_all(&shouted).any(|x| x.id() == e.id()),
                "{shouted:?}"
            );
        }
    }
    // Every entity of the JSON text is in the graph, with its kind.
    let json = raw_json();
    let entities = json["entities"].as_array().expect("entities array");
    assert_eq!(entities.len(), g.entity_count());
    for e in entities {
        let key = e["id"].as_str().expect("id");
        let found = g.get(key).expect("entity in graph");
        assert_eq!(found.kind().as_str(), e["kind"].as_str().expect("kind"));
        assert_eq!(found.name(), e["name"].as_str().expect("name"));
    }
}

#[test]
fn every_fact_has_a_source() {
    let g = graph();
    assert!(g.fact_count() > 0);
    for f in g.facts() {
        assert!(f.sources().len() >= 1, "unsourced fact {}: {f}", f.id());
        for s in f.sources() {
            assert_eq!(s.source().kind(), EntityKind::Source, "{f}");
        }
        assert_ne!(f.sources_line(), "no source");
    }
    let json = raw_json();
    let facts = json["facts"].as_array().expect("facts array");
    assert_eq!(facts.len(), g.fact_count());
    for (i, f) in facts.iter().enumerate() {
        assert!(
            f["sources"].as_array().is_some_and(|s| !s.is_empty()),
            "JSON fact {i} has no source"
        );
    }
}

#[test]
fn day_dates_have_inferred_years_and_quotes_are_verbatim() {
    let g = graph();
    // The article never writes a year next to a day ("November 19"): every day-precision
    // date, of a fact or of a report, has its year inferred; "2003" and the exercises' 2004
    // are stated (in the text or the exercise names).
    for f in g.facts() {
        let dates = std::iter::once(f.date()).chain(f.sources().map(|s| s.reported()));
        for date in dates {
            if date.precision() == Some(factgraph::Precision::Day) {
                assert!(date.year_inferred(), "{f}: {date:?}");
            }
        }
        if f.date().precision() == Some(factgraph::Precision::Year) {
            assert!(!f.date().year_inferred(), "{f}");
        }
        // Facts on the article's own authority carry the EDM report (published November
        // 2004) and no date of a cited item; cited items carry their own date.
        for s in f.sources() {
            let report = s.report().expect("every fact is read in the EDM report");
            assert_eq!(report.key(), "edm_2004_v1_i133");
            assert_eq!(
                report.published(),
                FactDate::month(2004, 11).expect("valid month")
            );
            if s.source().key() == "eurasia_daily_monitor" {
                assert!(s.cited().is_none(), "{f}");
                assert!(s.reported().is_unknown(), "{f}");
            }
        }
    }

    // Every quote is the article's exact wording (when the article text is available).
    let article_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seed/edm-2004-v1-i133.txt");
    let Ok(article) = std::fs::read_to_string(&article_path) else {
        eprintln!(
            "article text not found at {}; quotes not checked",
            article_path.display()
        );
        return;
    };
    let mut quotes = 0;
    for f in g.facts() {
        for q in f.sources().filter_map(|s| s.quote()) {
            assert!(article.contains(q), "quote not in the article: {q:?}");
            assert!(
                q.split_whitespace().count() <= 8,
                "a quote is a short phrase: {q:?}"
            );
            quotes += 1;
        }
    }
    assert!(quotes > 0);
}

#[test]
fn embedded_text_is_the_dataset_file() {
    assert_eq!(
        EDM_2004_V1_I133_JSON,
        include_str!("../src/datasets/edm_2004_v1_i133.json")
    );
    assert!(datasets::try_edm_2004_v1_i133().is_ok());
}

// ---------------------------------------------------------------------------------------
// Enumerations: every item the article lists is a fact of its own (the honest-data rule).
// ---------------------------------------------------------------------------------------

#[test]
fn every_topic_of_the_washington_talks_is_a_fact() {
    let g = graph();
    // Paragraph 2: "the five-year cooperation plan ..., the relationship between Kazakhstan
    // and NATO, technical military matters, ... the Cooperative Threat Reduction mechanism,
    // and closer collaboration in the war on terror"; "the security situation in Afghanistan
    // and Iraq", the servicemen in Central Iraq, the professionalization report; the C-130s
    // and the U.S. assistance (both inferred, see the modelling notes).
    let meetings = key_id(g, "sembinov_washington_meetings_2004_11_19");
    let topics: BTreeSet<&str> = g
        .neighbours(
            meetings,
            Filter::relation(Relation::Discussed).direction(Direction::Outgoing),
        )
        .map(|n| n.other().key())
        .collect();
    assert_eq!(
        topics,
        set([
            "us_kazakhstan_five_year_cooperation_plan",
            "nato",
            "us_kazakhstan_technical_military_matters",
            "cooperative_threat_reduction",
            "war_on_terror",
            "afghanistan",
            "iraq",
            "central_iraq",
            "kazakhstan_army_professionalization",
            "c_130",
            "us_military_assistance_to_kazakhstan",
        ])
    );
    let technical = g
        .find("Technical military matters")
        .expect("the topic is an entity");
    assert_eq!(technical.kind(), EntityKind::Programme);
}

#[test]
fn every_measure_of_the_government_session_is_a_fact() {
    let g = graph();
    // Akhmetov: "measures ... to prevent terrorist and extremist activities, the creation of
    // an effective cooperation system between state bodies in a crisis, the introduction of
    // new technologies in the system ensuring border protection, and controlling migration
    // flows".
    let measures = [
        "kazakhstan_terrorism_extremism_prevention",
        "kazakhstan_crisis_cooperation_system",
        "kazakhstan_border_protection_technologies",
        "kazakhstan_migration_control",
    ];
    let session = key_id(g, "kazakhstan_government_session_2004_11_17");
    let efforts = key_id(g, "kazakhstan_national_security_system_enhancement");
    let discussed: BTreeSet<&str> = g
        .neighbours(
            session,
            Filter::relation(Relation::Discussed).direction(Direction::Outgoing),
        )
        .map(|n| n.other().key())
        .collect();
    let parts: BTreeSet<&str> = g
        .neighbours(
            efforts,
            Filter::relation(Relation::PartOf).direction(Direction::Incoming),
        )
        .map(|n| n.other().key())
        .collect();
    for m in measures {
        assert!(discussed.contains(m), "{m} discussed");
        assert!(parts.contains(m), "{m} part of the efforts");
    }
    assert_eq!(
        discussed.len(),
        measures.len() + 1,
        "the efforts and each measure"
    );
    assert_eq!(parts, set(measures));
}

#[test]
fn weapons_and_equipment_are_each_a_fact() {
    let g = graph();
    // "Kazakhstan looks towards the United States for the supply of weapons and equipment".
    let us = key_id(g, "united_states");
    let supplied: BTreeMap<&str, Modality> = g
        .neighbours(
            us,
            Filter::relation(Relation::Supplies).direction(Direction::Outgoing),
        )
        .map(|n| (n.other().key(), n.fact().modality()))
        .collect();
    assert_eq!(
        supplied,
        BTreeMap::from([
            ("c_130", Modality::Planned),
            ("military_equipment", Modality::Intended),
            ("weapons", Modality::Intended),
        ])
    );
    for key in ["weapons", "military_equipment"] {
        let f = g
            .facts()
            .find(|f| f.relation() == Relation::Supplies && f.object().key() == key)
            .expect("supply fact");
        assert_eq!(f.recipient().map(|r| r.key()), Some("kazakhstan"));
        assert!(f.is_inferred(), "the supply is read from a reliance: {f}");
    }
}
