//! serde round trips of the public model types (feature `serde`), through JSON, on the
//! embedded datasets (real reported data) and on made-up values; and refusals of values
//! the constructors refuse.

use factgraph::{
    Attribution, DateRange, Direction, Entity, EntityId, EntityKind, Fact, FactDate, FactKey,
    KindSet, Modality, ModalitySet, PartialDate, Precision, Qualifier, Relation, Report, ReportId,
    Role,
};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) -> T {
    let json = serde_json::to_string(value).unwrap_or_else(|e| panic!("{value:?}: {e}"));
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(&back, value, "through {json}");
    back
}

#[test]
fn every_entity_fact_attribution_and_report_of_the_corpus_round_trips() {
    let g = factgraph::datasets::corpus();
    for e in g.entities() {
        round_trip(e.entity());
        round_trip(&e.id());
        round_trip(&e.kind());
    }
    for f in g.facts() {
        round_trip(&f.to_fact());
        round_trip(&f.id());
        round_trip(&f.date());
        for a in f.fact().sources() {
            round_trip(&a.to_attribution());
        }
    }
    for (id, r) in g.reports() {
        round_trip(r);
        round_trip(&id);
    }
}

#[test]
fn the_public_forms_are_plain() {
    // Made-up values.
    let d = PartialDate::day(2004, 11, 19).unwrap();
    assert_eq!(serde_json::to_string(&d).unwrap(), r#""2004-11-19""#);
    let inferred = FactDate::parse_inferred("2004-11-19").unwrap();
    assert_eq!(
        serde_json::to_string(&inferred).unwrap(),
        r#"{"date":"2004-11-19","year_inferred":true}"#
    );
    assert_eq!(
        serde_json::to_string(&FactDate::UNKNOWN).unwrap(),
        r#"{"date":"unknown"}"#
    );
    let nov = DateRange::of(PartialDate::month(2004, 11).unwrap());
    assert_eq!(
        serde_json::to_string(&nov).unwrap(),
        r#""2004-11-01/2004-11-30""#
    );
    let key = FactKey::parse("00ff00ff00ff00ff").unwrap();
    assert_eq!(
        serde_json::to_string(&key).unwrap(),
        r#""00ff00ff00ff00ff""#
    );
    let kinds = KindSet::of(&[EntityKind::Person, EntityKind::StateBody]);
    assert_eq!(
        serde_json::to_string(&kinds).unwrap(),
        r#"["person","state_body"]"#
    );
    assert_eq!(
        serde_json::to_string(&Relation::HoldsPosition).unwrap(),
        r#""holds_position""#
    );
    let g = factgraph::datasets::edm_2004_v1_i133();
    let f = g.facts().next().expect("the dataset has facts");
    let json = serde_json::to_value(f.fact()).unwrap();
    assert_eq!(json["relation"], f.relation().as_str());
    assert_eq!(json["subject"], f.subject().id().index());
}

#[test]
fn small_types_round_trip() {
    // Made-up values.
    for &k in EntityKind::ALL {
        round_trip(&k);
    }
    for &r in Relation::ALL {
        round_trip(&r);
        round_trip(&r.schema());
    }
    for &m in Modality::ALL {
        round_trip(&m);
    }
    for p in [Precision::Year, Precision::Month, Precision::Day] {
        round_trip(&p);
    }
    for q in [
        Qualifier::None,
        Qualifier::Uncertain,
        Qualifier::Approximate,
    ] {
        round_trip(&q);
    }
    for d in [Direction::Outgoing, Direction::Incoming, Direction::Both] {
        round_trip(&d);
    }
    round_trip(&KindSet::ANY);
    round_trip(&KindSet::EMPTY);
    round_trip(&ModalitySet::ANY);
    round_trip(&ModalitySet::NOT_REPORTED);
    round_trip(&DateRange::ALL);
    round_trip(&"2003/..".parse::<FactDate>().unwrap().span());
    round_trip(&Role::new("Minister").with_rank("Colonel"));

    let (a, b) = (EntityId::default_for_tests(), EntityId::default_for_tests());
    let fact = Fact::new(Relation::Met, a, b)
        .on("2005-03?".parse().unwrap())
        .with_modality(Modality::Planned)
        .at(a)
        .with_note("made up")
        .with_source(
            Attribution::new(a)
                .with_quote("We will meet.")
                .claiming_date(FactDate::year(2006).unwrap()),
        );
    round_trip(&fact);
    let report = Report::new("r1", a)
        .with_headline("Made-up headline")
        .published_on(FactDate::day(2020, 5, 1).unwrap());
    round_trip(&report);
    let entity = Entity::new("x", EntityKind::Person, "Ann Example")
        .with_alias("A. Example")
        .with_attribute("born", "1960");
    round_trip(&entity);
}

/// `EntityId` has no public constructor; take one from a made-up graph.
trait ForTests {
    fn default_for_tests() -> Self;
}

impl ForTests for EntityId {
    fn default_for_tests() -> Self {
        let mut g = factgraph::KnowledgeGraph::new();
        g.add_entity(Entity::new("a", EntityKind::Country, "Ruritania"))
            .expect("a made-up entity")
    }
}

#[test]
fn values_the_constructors_refuse_are_refused() {
    for bad in [r#""2004-02-30""#, r#""2004-13""#, r#""yesterday""#, r#"12"#] {
        assert!(
            serde_json::from_str::<PartialDate>(bad).is_err(),
            "{bad} is not a date"
        );
    }
    assert!(serde_json::from_str::<FactDate>(r#"{"date":"2008/2003"}"#).is_err());
    assert!(serde_json::from_str::<FactDate>(r#"{"date":"2004","extra":1}"#).is_err());
    assert!(serde_json::from_str::<DateRange>(r#""2005/2004""#).is_err());
    assert!(serde_json::from_str::<FactKey>(r#""xyz""#).is_err());
    assert!(serde_json::from_str::<EntityId>("4294967295").is_err());
    assert!(serde_json::from_str::<ReportId>("-1").is_err());
    assert!(serde_json::from_str::<Relation>(r#""meets""#).is_err());
    assert!(serde_json::from_str::<KindSet>(r#"["person","alien"]"#).is_err());
    assert!(serde_json::from_str::<Fact>(r#"{"relation":"met","subject":0}"#).is_err());
}

fn partial_date() -> impl Strategy<Value = PartialDate> {
    (1i32..=9999, 0u32..=12, 0u32..=31, 0usize..4).prop_filter_map(
        "a valid date",
        |(y, m, d, q)| {
            let date = match (m, d) {
                (0, _) => PartialDate::year(y),
                (m, 0) => PartialDate::month(y, m),
                (m, d) => PartialDate::day(y, m, d),
            }
            .ok()?;
            let q = [
                Qualifier::None,
                Qualifier::Uncertain,
                Qualifier::Approximate,
                Qualifier::UncertainApproximate,
            ]
            .get(q)
            .copied()?;
            Some(date.with_qualifier(q))
        },
    )
}

proptest! {
    #[test]
    fn dates_round_trip(a in partial_date(), b in partial_date(), inferred: bool) {
        round_trip(&a);
        round_trip(&FactDate::on(a).with_year_inferred(inferred));
        if let Ok(between) = FactDate::between(a, b) {
            round_trip(&between.with_year_inferred(inferred));
        }
        if let Ok(range) = DateRange::new(a, b) {
            round_trip(&range);
            prop_assert_eq!(range.to_string().parse::<DateRange>().ok(), Some(range));
        }
    }
}
