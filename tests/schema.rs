//! The builder API: the relation schema, qualifier checks, keys and ids, all-or-nothing
//! transactions, and dates with precision.
//!
//! ALL DATA IN THIS FILE IS MADE UP. Entity keys start with `made_up_` or `fake_` and names
//! are invented; nothing here describes real people, bodies or events.

use std::collections::BTreeMap;

use factgraph::{
    Attribution, DateError, DateMatch, DateRange, Direction, Entity, EntityId, EntityKind, Fact,
    FactDate, Filter, GraphError, KindSet, KnowledgeGraph, Modality, PartialDate, Precision,
    Relation, Role, Span,
};

/// A made-up graph holding one entity of every kind, keyed `made_up_<kind>`.
fn one_of_each_kind() -> (KnowledgeGraph, BTreeMap<EntityKind, EntityId>) {
    let mut g = KnowledgeGraph::with_title("made-up: one entity of each kind");
    let mut ids = BTreeMap::new();
    for &k in EntityKind::ALL {
        let id = g
            .add_entity(Entity::new(
                format!("made_up_{}", k.as_str()),
                k,
                format!("Made-up {}", k.as_str()),
            ))
            .expect("valid made-up entity");
        ids.insert(k, id);
    }
    (g, ids)
}

/// Adds a made-up entity that is valid by construction.
fn made_up(g: &mut KnowledgeGraph, key: &str, kind: EntityKind, name: &str) -> EntityId {
    g.add_entity(Entity::new(key, kind, name)).expect("valid")
}

fn key_of(k: EntityKind) -> String {
    format!("made_up_{}", k.as_str())
}

/// A fact of `r` between the two ids, with the role `holds_position` needs.
fn fact(r: Relation, s: EntityId, o: EntityId) -> Fact {
    let f = Fact::new(r, s, o);
    if r == Relation::HoldsPosition {
        f.with_role(Role::new("Made-up Title"))
    } else {
        f
    }
}

/// An allowed (subject kind, object kind) pair of `r`.
fn allowed_pair(r: Relation) -> (EntityKind, EntityKind) {
    let s = r.schema();
    let sk = s.subject.iter().next().expect("non-empty subject kinds");
    let ok = s.object.iter().next().expect("non-empty object kinds");
    (sk, ok)
}

#[test]
fn every_relation_accepts_exactly_the_schema_pairs() {
    let (mut g, ids) = one_of_each_kind();
    let mut rejected_per_relation: BTreeMap<Relation, usize> = BTreeMap::new();
    for &r in Relation::ALL {
        let schema = r.schema();
        for &sk in EntityKind::ALL {
            for &ok in EntityKind::ALL {
                // The sets, and one rule they cannot say: a country holds a post only in an
                // organisation (a chairmanship).
                let country_post = r == Relation::HoldsPosition
                    && sk == EntityKind::Country
                    && ok != EntityKind::Organisation;
                let allowed =
                    schema.subject.contains(sk) && schema.object.contains(ok) && !country_post;
                assert_eq!(r.allows(sk, ok), allowed, "{r}: {sk} -> {ok}");
                let before = g.fact_count();
                let result = g.add_fact(fact(r, ids[&sk], ids[&ok]));
                if allowed {
                    let id = result.unwrap_or_else(|e| panic!("{r}: {sk} -> {ok} rejected: {e}"));
                    assert_eq!(g.fact_count(), before + 1);
                    let f = g.fact(id).expect("fact just added");
                    assert_eq!(f.relation(), r);
                    assert_eq!(f.subject().kind(), sk);
                    assert_eq!(f.object().kind(), ok);
                } else {
                    *rejected_per_relation.entry(r).or_default() += 1;
                    match result {
                        Err(GraphError::Schema(v)) => {
                            assert_eq!(
                                (v.relation, v.subject_kind, v.object_kind),
                                (r, sk, ok),
                                "{r}: {sk} -> {ok}"
                            );
                            assert_eq!((&v.subject, &v.object), (&key_of(sk), &key_of(ok)));
                            assert_eq!(
                                (v.allowed_subject, v.allowed_object),
                                (schema.subject, schema.object)
                            );
                            let msg = GraphError::Schema(v).to_string();
                            for part in [r.as_str(), sk.as_str(), ok.as_str()] {
                                assert!(msg.contains(part), "{msg:?} names {part}");
                            }
                            assert!(msg.contains(&key_of(sk)) && msg.contains(&key_of(ok)));
                        }
                        other => panic!("{r}: {sk} -> {ok}: expected Schema, got {other:?}"),
                    }
                    assert_eq!(g.fact_count(), before, "rejected fact not added");
                }
            }
        }
    }
    // Every relation rejects at least one pair.
    for &r in Relation::ALL {
        assert!(
            rejected_per_relation.get(&r).copied().unwrap_or(0) > 0,
            "{r} rejects nothing"
        );
    }
}

/// Parses the "Relations and the schema" table of docs/FORMAT.md.
fn documented_schema() -> BTreeMap<String, (KindSet, KindSet, bool)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/FORMAT.md");
    let text = std::fs::read_to_string(&path).expect("docs/FORMAT.md is readable");
    let section = text
        .split("## Relations and the schema")
        .nth(1)
        .expect("FORMAT.md has the schema section");
    let kinds = |cell: &str| -> KindSet {
        let cell = cell.trim();
        if let Some(but) = cell.strip_prefix("any kind but ") {
            let k: EntityKind = but.trim().parse().expect("kind name");
            return KindSet::ANY.without(k);
        }
        let ks: Vec<EntityKind> = cell
            .split(',')
            .map(|k| k.trim().parse().expect("kind name in FORMAT.md"))
            .collect();
        KindSet::of(&ks)
    };
    let mut out = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').collect();
        assert_eq!(cells.len(), 4, "{line}");
        let name = cells[0].trim().trim_matches('`').to_owned();
        let symmetric = match cells[3].trim() {
            "yes" => true,
            "no" => false,
            other => panic!("symmetric column: {other}"),
        };
        out.insert(name, (kinds(cells[1]), kinds(cells[2]), symmetric));
    }
    out
}

#[test]
fn schema_matches_the_format_documentation() {
    let doc = documented_schema();
    assert_eq!(doc.len(), Relation::ALL.len(), "one row per relation");
    for &r in Relation::ALL {
        let (subject, object, symmetric) = doc
            .get(r.as_str())
            .unwrap_or_else(|| panic!("{r} missing from FORMAT.md"));
        let s = r.schema();
        assert_eq!(s.subject, *subject, "{r} subject kinds");
        assert_eq!(s.object, *object, "{r} object kinds");
        assert_eq!(s.symmetric, *symmetric, "{r} symmetry");
        assert_eq!(r.is_symmetric(), *symmetric);
        assert_eq!(r.as_str().parse::<Relation>(), Ok(r));
    }
    assert!("meets".parse::<Relation>().is_err());
}

#[test]
fn met_is_symmetric_in_neighbours_whatever_the_direction() {
    // Made-up people and a made-up place.
    let mut g = KnowledgeGraph::new();
    let a = made_up(&mut g, "made_up_a", EntityKind::Person, "Ann Madeup");
    let b = made_up(&mut g, "made_up_b", EntityKind::Person, "Ben Madeup");
    let town = made_up(&mut g, "made_up_town", EntityKind::Place, "Madeupville");
    let met = g
        .add_fact(Fact::new(Relation::Met, a, b).at(town))
        .expect("valid");
    let visited = g
        .add_fact(Fact::new(Relation::Visited, a, town))
        .expect("valid");

    for dir in [Direction::Outgoing, Direction::Incoming, Direction::Both] {
        let from_a: Vec<_> = g
            .neighbours(a, Filter::relation(Relation::Met).direction(dir))
            .map(|h| (h.other().id(), h.fact().id()))
            .collect();
        assert_eq!(from_a, [(b, met)], "from the subject, {dir:?}");
        let from_b: Vec<_> = g
            .neighbours(b, Filter::relation(Relation::Met).direction(dir))
            .map(|h| (h.other().id(), h.fact().id()))
            .collect();
        assert_eq!(from_b, [(a, met)], "from the object, {dir:?}");
        let meetings: Vec<_> = g
            .meetings(b, Filter::any().direction(dir))
            .map(|m| m.with.id())
            .collect();
        assert_eq!(meetings, [a], "meetings from the object, {dir:?}");
    }
    // A hop from the object side walks the fact backwards.
    let hop = g
        .neighbours(b, Filter::relation(Relation::Met))
        .next()
        .expect("one hop");
    assert_eq!(hop.direction(), Direction::Incoming);
    assert_eq!(hop.from().id(), b);

    // A non-symmetric relation respects the direction.
    let out: Vec<_> = g
        .neighbours(
            town,
            Filter::relation(Relation::Visited).direction(Direction::Outgoing),
        )
        .collect();
    assert!(out.is_empty());
    let inc: Vec<_> = g
        .neighbours(
            town,
            Filter::relation(Relation::Visited).direction(Direction::Incoming),
        )
        .map(|h| (h.other().id(), h.fact().id()))
        .collect();
    assert_eq!(inc, [(a, visited)]);
    let a_out: Vec<_> = g
        .neighbours(
            a,
            Filter::relation(Relation::Visited).direction(Direction::Incoming),
        )
        .collect();
    assert!(a_out.is_empty());
}

#[test]
fn role_is_required_on_holds_position_and_rejected_elsewhere() {
    let (mut g, ids) = one_of_each_kind();
    let person = ids[&EntityKind::Person];
    let body = ids[&EntityKind::StateBody];

    assert_eq!(
        g.add_fact(Fact::new(Relation::HoldsPosition, person, body)),
        Err(GraphError::MissingRole)
    );
    for title in ["", "   ", "\t\n"] {
        assert_eq!(
            g.add_fact(
                Fact::new(Relation::HoldsPosition, person, body).with_role(Role::new(title))
            ),
            Err(GraphError::EmptyTitle),
            "title {title:?}"
        );
    }
    assert_eq!(g.fact_count(), 0);

    // With and without a rank.
    let plain = g
        .add_fact(
            Fact::new(Relation::HoldsPosition, person, body)
                .with_role(Role::new("Made-up Deputy Minister")),
        )
        .expect("role without rank");
    let ranked = g
        .add_fact(
            Fact::new(Relation::HoldsPosition, person, body)
                .with_role(Role::new("Made-up Minister").with_rank("Made-up General")),
        )
        .expect("role with rank");
    let roles: Vec<(String, Option<String>)> = g
        .positions_of(person)
        .map(|p| (p.role.title.clone(), p.role.rank.clone()))
        .collect();
    assert_eq!(
        roles,
        [
            ("Made-up Deputy Minister".to_owned(), None),
            (
                "Made-up Minister".to_owned(),
                Some("Made-up General".to_owned())
            ),
        ]
    );
    assert_eq!(
        g.fact(plain).and_then(|f| f.role().cloned()),
        Some(Role::new("Made-up Deputy Minister"))
    );
    assert!(g.fact(ranked).is_some());

    // Any other relation, with an allowed pair, rejects a role.
    for &r in Relation::ALL {
        if r == Relation::HoldsPosition {
            continue;
        }
        let (sk, ok) = allowed_pair(r);
        let before = g.fact_count();
        assert_eq!(
            g.add_fact(Fact::new(r, ids[&sk], ids[&ok]).with_role(Role::new("Made-up"))),
            Err(GraphError::UnexpectedRole { relation: r }),
            "{r}"
        );
        assert_eq!(g.fact_count(), before);
        // Without the role the same fact is fine.
        g.add_fact(Fact::new(r, ids[&sk], ids[&ok]))
            .unwrap_or_else(|e| panic!("{r}: {e}"));
    }
}

#[test]
fn place_must_be_a_place_or_country() {
    let (mut g, ids) = one_of_each_kind();
    let (a, b) = (ids[&EntityKind::Person], ids[&EntityKind::Country]);
    let expected = KindSet::of(&[EntityKind::Place, EntityKind::Country]);
    for &k in EntityKind::ALL {
        let before = g.fact_count();
        let r = g.add_fact(Fact::new(Relation::Met, a, b).at(ids[&k]));
        if expected.contains(k) {
            let f = r.unwrap_or_else(|e| panic!("place {k}: {e}"));
            assert_eq!(g.fact(f).and_then(|f| f.place()).map(|p| p.kind()), Some(k));
        } else {
            assert_eq!(
                r,
                Err(GraphError::QualifierKind {
                    field: "place",
                    key: key_of(k),
                    kind: k,
                    expected,
                }),
                "place {k}"
            );
            assert_eq!(g.fact_count(), before);
        }
    }
}

#[test]
fn recipient_only_on_supplies_and_of_the_right_kind() {
    let (mut g, ids) = one_of_each_kind();
    let supplier = ids[&EntityKind::Country];
    let kit = ids[&EntityKind::Equipment];
    let expected = KindSet::of(&[
        EntityKind::Country,
        EntityKind::StateBody,
        EntityKind::Organisation,
    ]);
    for &k in EntityKind::ALL {
        let r = g.add_fact(
            Fact::new(Relation::Supplies, supplier, kit)
                .with_modality(Modality::Planned)
                .to(ids[&k]),
        );
        if expected.contains(k) {
            let f = r.unwrap_or_else(|e| panic!("recipient {k}: {e}"));
            assert_eq!(
                g.fact(f).and_then(|f| f.recipient()).map(|p| p.kind()),
                Some(k)
            );
        } else {
            assert_eq!(
                r,
                Err(GraphError::QualifierKind {
                    field: "recipient",
                    key: key_of(k),
                    kind: k,
                    expected,
                }),
                "recipient {k}"
            );
        }
    }
    for &r in Relation::ALL {
        if r == Relation::Supplies {
            continue;
        }
        let (sk, ok) = allowed_pair(r);
        assert_eq!(
            g.add_fact(fact(r, ids[&sk], ids[&ok]).to(ids[&EntityKind::Country])),
            Err(GraphError::RecipientNotAllowed { relation: r }),
            "{r}"
        );
    }
}

#[test]
fn source_and_speaker_kinds() {
    let (mut g, ids) = one_of_each_kind();
    let (a, b) = (ids[&EntityKind::Person], ids[&EntityKind::Person]);
    let src = ids[&EntityKind::Source];
    // An outlet, or a state body or organisation publishing its own statements (issue 19).
    let source_kinds = KindSet::of(&[
        EntityKind::Source,
        EntityKind::StateBody,
        EntityKind::Organisation,
    ]);
    let speaker_kinds = KindSet::of(&[
        EntityKind::Person,
        EntityKind::Country,
        EntityKind::StateBody,
        EntityKind::Organisation,
    ]);
    for &k in EntityKind::ALL {
        let r = g.add_fact(Fact::new(Relation::Met, a, b).with_source(Attribution::new(ids[&k])));
        if source_kinds.contains(k) {
            r.unwrap_or_else(|e| panic!("{k} may be a source: {e}"));
        } else {
            assert_eq!(
                r,
                Err(GraphError::QualifierKind {
                    field: "source",
                    key: key_of(k),
                    kind: k,
                    expected: source_kinds,
                }),
                "source {k}"
            );
        }
        let r = g.add_fact(
            Fact::new(Relation::Met, a, b).with_source(Attribution::new(src).with_speaker(ids[&k])),
        );
        if speaker_kinds.contains(k) {
            r.unwrap_or_else(|e| panic!("speaker {k}: {e}"));
        } else {
            assert_eq!(
                r,
                Err(GraphError::QualifierKind {
                    field: "speaker",
                    key: key_of(k),
                    kind: k,
                    expected: speaker_kinds,
                }),
                "speaker {k}"
            );
        }
    }
    // A bad second attribution rejects the fact too.
    let before = g.fact_count();
    assert!(matches!(
        g.add_fact(
            Fact::new(Relation::Met, a, b)
                .with_source(Attribution::new(src))
                .with_source(Attribution::new(ids[&EntityKind::Place]))
        ),
        Err(GraphError::QualifierKind {
            field: "source",
            ..
        })
    ));
    assert_eq!(g.fact_count(), before);
}

#[test]
fn keys_and_names_are_checked() {
    let mut g = KnowledgeGraph::new();
    let first = g
        .add_entity(Entity::new(
            "made_up_dup",
            EntityKind::Country,
            "Madeupistan",
        ))
        .expect("first");
    assert_eq!(
        g.add_entity(Entity::new(
            "made_up_dup",
            EntityKind::Person,
            "Someone Else"
        )),
        Err(GraphError::DuplicateKey {
            key: "made_up_dup".to_owned()
        })
    );
    assert_eq!(g.entity_count(), 1);
    assert_eq!(g.get("made_up_dup").map(|e| e.id()), Ok(first));
    assert_eq!(
        g.get("made_up_dup").map(|e| e.kind()),
        Ok(EntityKind::Country)
    );
    // The rejected entity's name is not findable.
    assert!(g.find("Someone Else").is_err());

    assert_eq!(
        g.add_entity(Entity::new("", EntityKind::Person, "No Key")),
        Err(GraphError::EmptyKey)
    );
    for (name, alias) in [("", None), ("  ", None), ("Fine Name", Some(" \t"))] {
        let mut e = Entity::new("made_up_blank", EntityKind::Person, name);
        if let Some(a) = alias {
            e = e.with_alias(a);
        }
        let expected = match alias {
            None => GraphError::EmptyName {
                key: "made_up_blank".to_owned(),
            },
            Some(_) => GraphError::EmptyAlias {
                key: "made_up_blank".to_owned(),
                index: 0,
            },
        };
        assert_eq!(
            g.add_entity(e),
            Err(expected),
            "name {name:?} alias {alias:?}"
        );
    }
    assert_eq!(g.entity_count(), 1);

    // Duplicates inside one transaction are caught too, and nothing is applied.
    let r: Result<(), GraphError> = g.transaction(|b| {
        b.add_entity(Entity::new("made_up_new", EntityKind::Place, "New Place"))?;
        b.add_entity(Entity::new("made_up_new", EntityKind::Place, "New Place 2"))?;
        Ok(())
    });
    assert_eq!(
        r,
        Err(GraphError::DuplicateKey {
            key: "made_up_new".to_owned()
        })
    );
    assert_eq!(g.entity_count(), 1);
    assert!(g.get("made_up_new").is_err());
}

#[test]
fn ids_from_another_graph_are_rejected() {
    // A small made-up graph, and a bigger one whose later ids do not exist in the small one.
    let mut small = KnowledgeGraph::new();
    let p = made_up(&mut small, "made_up_p", EntityKind::Person, "Pat Madeup");
    let q = made_up(&mut small, "made_up_q", EntityKind::Country, "Qland");
    let src = made_up(&mut small, "made_up_src", EntityKind::Source, "Madeup Wire");
    let kit = made_up(
        &mut small,
        "made_up_kit",
        EntityKind::Equipment,
        "Madeup Kit",
    );
    let (big, big_ids) = one_of_each_kind();
    let foreign = big_ids[&EntityKind::Source];
    assert!(foreign.index() >= small.entity_count());
    assert!(small.entity(foreign).is_none());
    assert!(big.entity(foreign).is_some());
    let before = small.to_json();

    let cases: [(&'static str, Fact); 6] = [
        ("subject", Fact::new(Relation::Met, foreign, q)),
        ("object", Fact::new(Relation::Met, p, foreign)),
        ("place", Fact::new(Relation::Met, p, q).at(foreign)),
        (
            "recipient",
            Fact::new(Relation::Supplies, q, kit).to(foreign),
        ),
        (
            "source",
            Fact::new(Relation::Met, p, q).with_source(Attribution::new(foreign)),
        ),
        (
            "speaker",
            Fact::new(Relation::Met, p, q).with_source(Attribution::new(src).with_speaker(foreign)),
        ),
    ];
    for (field, f) in cases {
        assert_eq!(
            small.add_fact(f),
            Err(GraphError::UnknownEntity { field, id: foreign }),
            "{field}"
        );
    }
    assert_eq!(small.to_json(), before, "nothing changed");
    // Queries with a foreign id answer nothing rather than panic.
    assert_eq!(small.neighbours(foreign, Filter::any()).count(), 0);
    assert!(small.connection(p, foreign, Filter::any()).is_none());
    assert!(small.ego_network(foreign, 2, Filter::any()).is_none());
    assert_eq!(small.positions_of(foreign).count(), 0);
}

#[test]
fn transaction_is_all_or_nothing() {
    let (mut g, ids) = one_of_each_kind();
    g.add_fact(Fact::new(
        Relation::Met,
        ids[&EntityKind::Person],
        ids[&EntityKind::Country],
    ))
    .expect("valid");
    let before_json = g.to_json();
    let before = g.clone();

    // Several good steps, then a schema violation: nothing is applied.
    let r: Result<(), GraphError> = g.transaction(|b| {
        let x = b.add_entity(Entity::new("fake_x", EntityKind::Person, "Xavier Fake"))?;
        let y = b.add_entity(Entity::new("fake_y", EntityKind::Exercise, "Fake Drill"))?;
        assert_eq!(
            b.entity_by_key("fake_x"),
            Some(x),
            "staged keys are visible"
        );
        assert_eq!(b.graph().entity_count(), EntityKind::ALL.len());
        b.add_fact(Fact::new(Relation::ParticipatedIn, x, y))?;
        b.add_fact(Fact::new(Relation::Met, x, y))?; // a person cannot meet an exercise
        Ok(())
    });
    assert!(matches!(r, Err(GraphError::Schema(_))));
    assert_eq!(g.to_json(), before_json);
    // The content is as it was; the two ids the batch handed out are burnt, so the graph
    // is not `==` to its old self (a later entity gets a different id).
    assert_eq!(g.entity_count(), before.entity_count());
    assert!(
        g.entities()
            .map(|e| e.entity().clone())
            .eq(before.entities().map(|e| e.entity().clone()))
    );
    assert!(g.find("Xavier Fake").is_err(), "no stale name index entry");
    assert!(g.get("fake_x").is_err());

    // A user error type aborts as well.
    let r: Result<(), String> = g.transaction(|b| {
        b.add_entity(Entity::new("fake_z", EntityKind::Place, "Fake Zone"))
            .map_err(|e| e.to_string())?;
        Err("made-up user abort".to_owned())
    });
    assert_eq!(r, Err("made-up user abort".to_owned()));
    assert_eq!(g.to_json(), before_json);

    // A successful batch applies everything, with the ids it promised.
    let (x, y, f) = g
        .transaction(|b| -> Result<_, GraphError> {
            let x = b.add_entity(Entity::new("fake_x", EntityKind::Person, "Xavier Fake"))?;
            let y = b.add_entity(Entity::new("fake_y", EntityKind::Exercise, "Fake Drill"))?;
            let f = b.add_fact(Fact::new(Relation::ParticipatedIn, x, y))?;
            Ok((x, y, f))
        })
        .expect("valid batch");
    assert_eq!(g.entity_count(), EntityKind::ALL.len() + 2);
    // Ids of the rolled-back batches (three) were not issued again.
    assert_eq!(x.index(), EntityKind::ALL.len() + 3);
    assert_eq!(g.find("xavier fake").map(|e| e.id()), Ok(x));
    assert_eq!(g.get("fake_y").map(|e| e.id()), Ok(y));
    let fr = g.fact(f).expect("fact applied");
    assert_eq!((fr.subject().id(), fr.object().id()), (x, y));
    assert_eq!(fr.id().index(), 1);
}

// ---------------------------------------------------------------------------------------
// Dates.
// ---------------------------------------------------------------------------------------

fn d(s: &str) -> FactDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn pd(s: &str) -> PartialDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn impossible_dates_are_rejected() {
    assert_eq!(
        "2004-02-30".parse::<FactDate>(),
        Err(DateError::DayOutOfRange {
            year: 2004,
            month: 2,
            day: 30
        })
    );
    assert_eq!(
        PartialDate::day(2004, 2, 30),
        Err(DateError::DayOutOfRange {
            year: 2004,
            month: 2,
            day: 30
        })
    );
    // 2000 is a leap year (divisible by 400), 1900 is not (divisible by 100), 2004 is.
    assert!(PartialDate::day(2000, 2, 29).is_ok());
    assert_eq!(d("2000-02-29").precision(), Some(Precision::Day));
    assert_eq!(
        "1900-02-29".parse::<FactDate>(),
        Err(DateError::DayOutOfRange {
            year: 1900,
            month: 2,
            day: 29
        })
    );
    assert!(PartialDate::day(2004, 2, 29).is_ok());
    assert!(PartialDate::day(2003, 2, 29).is_err());
    assert!(PartialDate::day(2004, 4, 31).is_err());
    assert!(PartialDate::day(2004, 12, 31).is_ok());
    assert!(PartialDate::day(2004, 1, 0).is_err());
    assert_eq!(
        "2004-13".parse::<FactDate>(),
        Err(DateError::MonthOutOfRange { month: 13 })
    );
    assert_eq!(
        "2004-00-01".parse::<FactDate>(),
        Err(DateError::MonthOutOfRange { month: 0 })
    );
    assert_eq!(
        "0000".parse::<FactDate>(),
        Err(DateError::YearOutOfRange { year: 0 })
    );
    assert_eq!(
        PartialDate::year(10_000),
        Err(DateError::YearOutOfRange { year: 10_000 })
    );
    for bad in ["19 November", "04-11-19", "/", "../..", "x"] {
        assert!(
            matches!(bad.parse::<FactDate>(), Err(DateError::Syntax { .. })),
            "{bad:?}"
        );
    }
    // A time of day is refused for what it is; unknown interval ends are EDTF.
    assert!(matches!(
        "2004-11-19T00:00".parse::<FactDate>(),
        Err(DateError::TimeOfDay { .. })
    ));
    for edtf in ["2004/", "/2004", "2004/.."] {
        assert!(edtf.parse::<FactDate>().is_ok(), "{edtf}");
    }
    // Unknown.
    assert!(d("unknown").is_unknown());
    assert_eq!(d("unknown"), FactDate::UNKNOWN);
    assert_eq!(FactDate::default(), FactDate::UNKNOWN);
}

#[test]
fn reversed_ranges_are_rejected() {
    assert_eq!(
        "2004-11-19/2004-11-17".parse::<FactDate>(),
        Err(DateError::RangeReversed {
            start: "2004-11-19".to_owned(),
            end: "2004-11-17".to_owned()
        })
    );
    assert_eq!(
        "2008/2003".parse::<FactDate>(),
        Err(DateError::RangeReversed {
            start: "2008".to_owned(),
            end: "2003".to_owned()
        })
    );
    assert!(FactDate::between(pd("2004-12"), pd("2004-11")).is_err());
    assert!(DateRange::new(pd("2005"), pd("2004")).is_err());
    assert!(DateRange::new(pd("2004-11-19"), pd("2004-11-18")).is_err());
    // A range within one day, and ends at different precisions, are fine.
    assert!(FactDate::between(pd("2004-11-19"), pd("2004-11-19")).is_ok());
    assert_eq!(d("2004-11/2004-12-05").to_string(), "2004-11/2004-12-05");
    assert_eq!(d("2003/2008").precision(), Some(Precision::Year));
    assert_eq!(d("2004-11-17/2004-12").precision(), Some(Precision::Month));
    assert!(matches!(d("2003/2008").span(), Span::Between(_, _)));
}

#[test]
fn dates_print_as_they_parse() {
    for s in [
        "2004-11-19",
        "2004-11",
        "2004",
        "2003/2008",
        "2004-11-17/2004-11-19",
        "2004-11/2005",
        "unknown",
        "0001-01-01",
        "9999-12-31",
    ] {
        assert_eq!(d(s).to_string(), s);
    }
    let inferred = FactDate::parse_inferred("2004-11-19").expect("valid");
    assert!(inferred.year_inferred());
    assert_eq!(inferred.to_string(), "2004-11-19");
    assert_eq!(inferred.describe(), "2004-11-19 (year inferred)");
    assert_ne!(inferred, d("2004-11-19"));
    // An unknown date cannot have an inferred year.
    assert!(!FactDate::UNKNOWN.with_year_inferred(true).year_inferred());
    assert_eq!(pd("2004-11").precision(), Precision::Month);
    assert_eq!(pd("2004-11").month_value(), Some(11));
    assert_eq!(pd("2004-11").day_value(), None);
    assert_eq!(pd("2004").first_day(), pd("2004-01-01"));
    assert_eq!(pd("2004").last_day(), pd("2004-12-31"));
    assert_eq!(pd("2000-02").last_day(), pd("2000-02-29"));
    assert_eq!(pd("1900-02").last_day(), pd("1900-02-28"));
    assert_eq!(d("2003/2008").earliest(), Some(pd("2003-01-01")));
    assert_eq!(d("2003/2008").latest(), Some(pd("2008-12-31")));
    assert_eq!(FactDate::UNKNOWN.earliest(), None);
}

#[test]
fn ordering_puts_earlier_and_coarser_first_and_unknown_last() {
    let mut v = [
        "unknown",
        "2004-11-19",
        "2004",
        "2004-11",
        "2003",
        "2004-11-17",
        "2003/2008",
        "2004-11-17/2004-11-19",
        "2005",
    ]
    .map(d);
    v.sort();
    let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    assert_eq!(
        s,
        [
            "2003",
            "2003/2008",
            "2004",
            "2004-11",
            "2004-11-17",
            "2004-11-17/2004-11-19",
            "2004-11-19",
            "2005",
            "unknown"
        ]
    );
    // Ord agrees with Eq, including the inferred flag.
    let all: Vec<FactDate> = v
        .iter()
        .flat_map(|x| [*x, x.with_year_inferred(true)])
        .collect();
    for a in &all {
        for b in &all {
            assert_eq!(a.cmp(b) == std::cmp::Ordering::Equal, a == b, "{a:?} {b:?}");
            assert_eq!(a.cmp(b), b.cmp(a).reverse());
        }
    }
}

#[test]
fn overlap_and_within_follow_precision() {
    let nov17 = DateRange::of(pd("2004-11-17"));
    let nov = DateRange::of(pd("2004-11"));
    let y2004 = DateRange::of(pd("2004"));
    let feb2000 = DateRange::new(pd("2000-02-01"), pd("2000-02-29")).expect("valid");
    // (date, range, overlaps, within)
    let table: [(&str, &DateRange, bool, bool); 16] = [
        ("2004-11-17", &nov17, true, true),
        ("2004-11-18", &nov17, false, false),
        ("2004-11", &nov17, true, false),
        ("2004", &nov17, true, false),
        ("2003/2008", &nov17, true, false),
        ("2004-11-10/2004-11-20", &nov17, true, false),
        ("unknown", &nov17, false, false),
        ("2004-11-30", &nov, true, true),
        ("2004-12-01", &nov, false, false),
        ("2004-10-31/2004-11-01", &nov, true, false),
        ("2004-11", &nov, true, true),
        ("2004-11", &y2004, true, true),
        ("2004/2005", &y2004, true, false),
        ("2003", &y2004, false, false),
        ("2000-02", &feb2000, true, true),
        ("2000-02-29", &feb2000, true, true),
    ];
    for (s, range, overlaps, within) in table {
        assert_eq!(d(s).overlaps(range), overlaps, "{s} overlaps");
        assert_eq!(d(s).within(range), within, "{s} within");
    }
    assert!(!FactDate::UNKNOWN.overlaps(&DateRange::ALL));
    assert!(!FactDate::UNKNOWN.within(&DateRange::ALL));
    assert!(d("0001/9999").within(&DateRange::ALL));
    assert!(pd("2004-11").contains(pd("2004-11-19")));
    assert!(!pd("2004-11-19").contains(pd("2004-11")));
    assert!(pd("2004").contains(pd("2004")));
}

#[test]
fn date_filters_in_queries() {
    // Made-up facts at several precisions.
    let mut g = KnowledgeGraph::new();
    let a = made_up(&mut g, "made_up_a", EntityKind::Person, "Ann Madeup");
    let mut by_date = BTreeMap::new();
    for (i, date) in [
        "2004",
        "2004-11",
        "2004-11-17",
        "2004-11-19",
        "2004-11-10/2004-11-20",
        "unknown",
    ]
    .into_iter()
    .enumerate()
    {
        let other = g
            .add_entity(Entity::new(
                format!("made_up_{i}"),
                EntityKind::Person,
                format!("Made-up Person {i}"),
            ))
            .expect("valid");
        g.add_fact(Fact::new(Relation::Met, a, other).on(d(date)))
            .expect("valid");
        by_date.insert(other, date);
    }
    let nov17 = DateRange::of(pd("2004-11-17"));
    let names = |filter: Filter| -> Vec<&str> {
        let mut v: Vec<&str> = g
            .neighbours(a, filter)
            .map(|h| by_date[&h.other().id()])
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names(Filter::any().during(nov17)),
        ["2004", "2004-11", "2004-11-10/2004-11-20", "2004-11-17"]
    );
    assert_eq!(names(Filter::any().within(nov17)), ["2004-11-17"]);
    assert_eq!(names(Filter::any()).len(), 6);
    let tl: Vec<String> = g
        .timeline(nov17, DateMatch::Overlaps)
        .iter()
        .map(|f| f.date().to_string())
        .collect();
    assert_eq!(
        tl,
        ["2004", "2004-11", "2004-11-10/2004-11-20", "2004-11-17"]
    );
    assert_eq!(g.undated().count(), 1);
}

#[test]
fn timeline_order_is_first_day_then_last_day_then_fact_number() {
    // Made-up facts; the timeline documents "earlier first day first, then earlier last
    // day, then fact number".
    let mut g = KnowledgeGraph::new();
    let a = made_up(&mut g, "made_up_a", EntityKind::Person, "Ann Madeup");
    let b = made_up(&mut g, "made_up_b", EntityKind::Person, "Ben Madeup");
    // Inserted in an order that differs from the expected one.
    let dates = [
        "2004",
        "2004-11",
        "2004-01/2004-12",
        "2004-11-01",
        "2004-11-01",
        "2003-12-31",
    ];
    for date in dates {
        g.add_fact(Fact::new(Relation::Met, a, b).on(d(date)))
            .expect("valid");
    }
    let tl: Vec<(String, usize)> = g
        .timeline(DateRange::ALL, DateMatch::Overlaps)
        .iter()
        .map(|f| (f.date().to_string(), f.id().index()))
        .collect();
    let want: Vec<(String, usize)> = [
        ("2003-12-31", 5),
        // Same first and last day: fact number decides.
        ("2004", 0),
        ("2004-01/2004-12", 2),
        // Same first day (1 November): the day before the month, then fact number.
        ("2004-11-01", 3),
        ("2004-11-01", 4),
        ("2004-11", 1),
    ]
    .iter()
    .map(|(s, i)| ((*s).to_owned(), *i))
    .collect();
    assert_eq!(tl, want);
}

#[test]
fn a_self_loop_appears_once_per_end() {
    // Made-up: a body that is part of itself (allowed by the schema), and a person who
    // met themself.
    let mut g = KnowledgeGraph::new();
    let body = made_up(&mut g, "made_up_body", EntityKind::StateBody, "Loop Office");
    let p = made_up(&mut g, "made_up_p", EntityKind::Person, "Pat Loop");
    let f = g
        .add_fact(Fact::new(Relation::PartOf, body, body))
        .expect("valid");
    let m = g.add_fact(Fact::new(Relation::Met, p, p)).expect("valid");
    let both: Vec<_> = g
        .neighbours(body, Filter::any())
        .map(|h| (h.fact().id(), h.direction()))
        .collect();
    assert_eq!(both, [(f, Direction::Outgoing), (f, Direction::Incoming)]);
    let out: Vec<_> = g
        .neighbours(body, Filter::any().direction(Direction::Outgoing))
        .collect();
    assert_eq!(out.len(), 1);
    let met: Vec<_> = g
        .neighbours(p, Filter::any())
        .map(|h| h.fact().id())
        .collect();
    assert_eq!(met, [m, m]);
    let path = g.connection(body, body, Filter::any()).expect("self");
    assert!(path.is_empty());
}
