//! JSON in and out: exact round trips, every kind of bad input with its line and column,
//! all-or-nothing merging, and a deterministic mutation test that loading never panics.
//!
//! Apart from the embedded EDM dataset, ALL DATA IN THIS FILE IS MADE UP: keys start with
//! `fake_` or `made_up_`, names are invented.

use std::panic::{AssertUnwindSafe, catch_unwind};

use factgraph::datasets::{self, EDM_2004_V1_I133_JSON};
use factgraph::{
    Attribution, DateError, Entity, EntityKind, Fact, FactDate, GraphError, JsonError,
    JsonErrorKind, KindSet, KnowledgeGraph, Modality, Relation, Role,
};

// ---------------------------------------------------------------------------------------
// Round trips.
// ---------------------------------------------------------------------------------------

#[test]
fn dataset_round_trips_exactly() {
    let g = datasets::edm_2004_v1_i133();
    let text = g.to_json();
    let back = KnowledgeGraph::from_json(&text).expect("to_json output loads");
    assert_eq!(&back, g);
    assert_eq!(back.to_json(), text, "byte-identical second serialization");
    assert_eq!(back.entity_count(), g.entity_count());
    assert_eq!(back.fact_count(), g.fact_count());
    assert_eq!(back.title(), g.title());

    // The embedded text itself loads to the same graph.
    let from_file = KnowledgeGraph::from_json(EDM_2004_V1_I133_JSON).expect("dataset loads");
    assert_eq!(&from_file, g);

    // Compact output reads back to the same graph too.
    let mut compact = Vec::new();
    g.write_json(&mut compact).expect("write to a Vec");
    let back = KnowledgeGraph::from_json_slice(&compact).expect("compact output loads");
    assert_eq!(&back, g);
    assert!(!compact.contains(&b'\n'));

    // Same JSON value as the file, field for field (defaults aside: the file spells out
    // every `modality`, and so does the writer).
    // The writer adds each fact's content key as `id`; the file leaves it out.
    let mut ours: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let facts = ours["facts"].as_array_mut().expect("facts");
    for (i, f) in facts.iter_mut().enumerate() {
        let id = f
            .as_object_mut()
            .and_then(|o| o.remove("id"))
            .expect("every fact has an id");
        let key = factgraph::FactKey::parse(id.as_str().expect("a string")).expect("16 hex digits");
        assert_eq!(g.fact_key(g.facts().nth(i).expect("fact").id()), Some(key));
    }
    let file: serde_json::Value = serde_json::from_str(EDM_2004_V1_I133_JSON).expect("valid");
    assert_eq!(ours, file);
}

/// Strings that a naive writer would get wrong.
const HOSTILE: &str = "quote \" backslash \\ slash / newline \n cr \r tab \t nul \u{0} bell \u{7} \
                       del \u{7f} emoji 🦅 rtl \u{202e}override\u{202c} combining e\u{301} \
                       line-sep \u{2028} bom \u{feff} </script> {\"factgraph\": 2} \\u0041";

/// A made-up graph that uses every field of the format.
fn everything_graph() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::with_title(format!("Made-up test graph — {HOSTILE}"));
    let mut ids = std::collections::BTreeMap::new();
    for &k in EntityKind::ALL {
        let id = g
            .add_entity(Entity::new(
                format!("made_up_{}", k.as_str()),
                k,
                format!("Made-up {} «{}»", k.as_str(), k.as_str().to_uppercase()),
            ))
            .expect("valid");
        ids.insert(k, id);
    }
    let id = |k: EntityKind| ids[&k];
    let zofia = g
        .add_entity(
            Entity::new("fake_zofia_żółć", EntityKind::Person, "Zofia Żółć-Ñandú")
                .with_alias("Зофия Жулць")
                .with_alias("Z. \"the Fake\" Żółć")
                .with_alias(HOSTILE)
                .with_attribute("rank", "Made-up Colonel")
                .with_attribute("quote\"key\\", "value\nwith newline")
                .with_attribute("日本語", "値")
                .with_note(HOSTILE),
        )
        .expect("valid");
    let wire2 = g
        .add_entity(
            Entity::new("fake_wire_2", EntityKind::Source, "Second Fake Wire")
                .with_note("a made-up agency"),
        )
        .expect("valid");

    let src = id(EntityKind::Source);
    let facts = [
        // A range with ends at different precisions, year inferred, several sources.
        Fact::new(Relation::Met, zofia, id(EntityKind::Person))
            .on(FactDate::parse_inferred("2004-11-17/2004-11-19").expect("valid"))
            .at(id(EntityKind::Place))
            .with_source(
                Attribution::new(src)
                    .reported_on(FactDate::parse_inferred("2004-11-19").expect("valid"))
                    .with_speaker(zofia)
                    .with_quote(HOSTILE),
            )
            .with_source(
                Attribution::new(wire2)
                    .reported_on(FactDate::month(2004, 12).expect("valid"))
                    .with_speaker(id(EntityKind::StateBody))
                    .with_quote("“Typographic” quotes — and ‘apostrophes’"),
            )
            .with_source(Attribution::new(src))
            .with_note(HOSTILE),
        // A year range; planned; recipient.
        Fact::new(
            Relation::Supplies,
            id(EntityKind::Country),
            id(EntityKind::Equipment),
        )
        .on("2003/2008".parse().expect("valid"))
        .with_modality(Modality::Planned)
        .to(id(EntityKind::StateBody))
        .with_source(Attribution::new(src).reported_on(FactDate::year(2004).expect("valid"))),
        // Unknown date; intended.
        Fact::new(Relation::Plans, zofia, id(EntityKind::Exercise))
            .with_modality(Modality::Intended),
        // Proposed, month precision.
        Fact::new(
            Relation::Plans,
            id(EntityKind::Organisation),
            id(EntityKind::Agreement),
        )
        .on(FactDate::month(2005, 2).expect("valid"))
        .with_modality(Modality::Proposed),
        // Claimed, speaker a country.
        Fact::new(
            Relation::ParticipatedIn,
            id(EntityKind::StateBody),
            id(EntityKind::Programme),
        )
        .on(FactDate::year(2004).expect("valid"))
        .with_modality(Modality::Claimed)
        .with_source(Attribution::new(wire2).with_speaker(id(EntityKind::Country))),
        // Roles with and without rank.
        Fact::new(Relation::HoldsPosition, zofia, id(EntityKind::StateBody))
            .on(FactDate::day(2000, 2, 29).expect("valid"))
            .with_role(Role::new("Made-up Minister").with_rank(HOSTILE)),
        Fact::new(
            Relation::HoldsPosition,
            id(EntityKind::Person),
            id(EntityKind::Organisation),
        )
        .with_role(Role::new("Fake Secretary \"General\"")),
        // A day, not inferred, place a country, reported explicitly.
        Fact::new(
            Relation::Hosted,
            id(EntityKind::Country),
            id(EntityKind::Event),
        )
        .on(FactDate::day(2004, 11, 17).expect("valid"))
        .with_modality(Modality::Reported)
        .at(id(EntityKind::Country)),
    ];
    for f in facts {
        g.add_fact(f).expect("valid made-up fact");
    }
    g
}

#[test]
fn made_up_graph_with_every_field_round_trips_exactly() {
    let g = everything_graph();
    // Sanity: the graph really uses every modality.
    for &m in Modality::ALL {
        assert!(g.facts().any(|f| f.modality() == m), "{m} used");
    }
    let text = g.to_json();
    let back = KnowledgeGraph::from_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, g);
    assert_eq!(back.to_json(), text);

    // Field by field, for the most loaded items.
    let z = back.get("fake_zofia_żółć").expect("entity");
    assert_eq!(z.aliases()[2], HOSTILE);
    assert_eq!(z.note(), Some(HOSTILE));
    assert_eq!(z.attribute("quote\"key\\"), Some("value\nwith newline"));
    assert_eq!(z.attribute("日本語"), Some("値"));
    let f0 = back.facts().next().expect("first fact");
    assert_eq!(f0.date().to_string(), "2004-11-17/2004-11-19");
    assert!(f0.date().year_inferred());
    assert_eq!(f0.sources().len(), 3);
    let s0 = f0.sources().next().expect("source");
    assert_eq!(s0.quote(), Some(HOSTILE));
    assert!(s0.reported().year_inferred());
    assert_eq!(s0.speaker().map(|p| p.key()), Some("fake_zofia_żółć"));
    assert_eq!(back.title(), g.title());
    // Lookup by a hostile alias still works after the round trip.
    assert_eq!(back.find(HOSTILE).map(|e| e.key()), Ok("fake_zofia_żółć"));

    // Compact form.
    let mut compact = Vec::new();
    back.write_json(&mut compact).expect("write");
    assert_eq!(
        KnowledgeGraph::from_json_slice(&compact).expect("compact loads"),
        g
    );
}

#[test]
fn defaults_and_optional_fields() {
    // A minimal made-up document: every optional field omitted.
    let text = r#"{"factgraph": 1, "entities": [
        {"id": "fake_a", "kind": "person", "name": "A Fake"},
        {"id": "fake_b", "kind": "person", "name": "B Fake"}],
      "facts": [{"relation": "met", "subject": "fake_a", "object": "fake_b"}]}"#;
    let g = KnowledgeGraph::from_json(text).expect("valid");
    let f = g.facts().next().expect("one fact");
    assert_eq!(f.modality(), Modality::Reported);
    assert!(f.date().is_unknown());
    assert_eq!(f.sources().len(), 0);
    assert!(f.place().is_none() && f.recipient().is_none() && f.role().is_none());
    assert!(g.title().is_none());
    let e = g.get("fake_a").expect("entity");
    assert!(e.aliases().is_empty() && e.attributes().is_empty() && e.note().is_none());
    // "unknown" is the same as an omitted date; an empty document is an empty graph.
    let text2 = text.replace(
        r#""object": "fake_b"}"#,
        r#""object": "fake_b", "date": "unknown"}"#,
    );
    assert_eq!(KnowledgeGraph::from_json(&text2).expect("valid"), g);
    let empty = KnowledgeGraph::from_json(r#"{"factgraph": 1}"#).expect("valid");
    assert_eq!(empty, KnowledgeGraph::new());
}

// ---------------------------------------------------------------------------------------
// Bad input. Each case is a small made-up document written line by line; the expected line
// and column are computed from the text (1-based, column in characters).
// ---------------------------------------------------------------------------------------

/// The valid base document. Fact 1 (the second) is where most cases put their error, so
/// that the fact number is checked too.
const BASE: [&str; 12] = [
    "{",
    "  \"factgraph\": 1,",
    "  \"title\": \"Made-up merge test\",",
    "  \"entities\": [",
    "    {\"id\": \"fake_ann\", \"kind\": \"person\", \"name\": \"Ann Fakeperson\"},",
    "    {\"id\": \"fake_wire\", \"kind\": \"source\", \"name\": \"Fake Wire\"},",
    "    {\"id\": \"fake_land\", \"kind\": \"country\", \"name\": \"Fakeland\"}",
    "  ],",
    "  \"facts\": [",
    "    {\"relation\": \"met\", \"subject\": \"fake_ann\", \"object\": \"fake_land\", \"sources\": [{\"source\": \"fake_wire\"}]},",
    "    {\"relation\": \"visited\", \"subject\": \"fake_ann\", \"object\": \"fake_land\", \"date\": \"2004-11-19\", \"sources\": [{\"source\": \"fake_wire\", \"reported\": \"2004-11-20\"}]}",
    "  ]\n}",
];

fn base_text() -> String {
    BASE.join("\n")
}

/// The base text with the first occurrence of `old` (which must exist) replaced.
fn edit(old: &str, new: &str) -> String {
    let text = base_text();
    assert!(text.contains(old), "test bug: {old:?} not in the base text");
    text.replacen(old, new, 1)
}

/// 1-based line and character column of the first occurrence of `needle` (which must be
/// unique) in `text`, plus `offset` characters.
fn pos(text: &str, needle: &str, offset: usize) -> (usize, usize) {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "test bug: {needle:?} must occur exactly once"
    );
    let at = text.find(needle).expect("present");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1 + offset;
    (line, column)
}

/// A made-up graph that bad documents are merged into; it must come out unchanged.
fn merge_target() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::with_title("made-up merge target");
    let a = g
        .add_entity(Entity::new(
            "fake_existing",
            EntityKind::Person,
            "Existing Fake",
        ))
        .expect("valid");
    let b = g
        .add_entity(Entity::new("fake_other", EntityKind::Country, "Otherfake"))
        .expect("valid");
    g.add_fact(Fact::new(Relation::Met, a, b)).expect("valid");
    g
}

/// Loads `text` with `from_json` and with `merge_json` into [`merge_target`]; both must
/// fail with the same error, at `at`, and the merge target must be unchanged. Returns the
/// error for kind-specific checks.
fn reject(text: &str, at: (usize, usize)) -> JsonError {
    let err = match KnowledgeGraph::from_json(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e,
    };
    assert_eq!(
        (err.line(), err.column()),
        at,
        "position of {:?}\n{text}",
        err.kind()
    );
    assert!(
        err.to_string()
            .ends_with(&format!("(line {}, column {})", at.0, at.1)),
        "{err}"
    );

    let mut g = merge_target();
    let before = g.clone();
    let before_json = g.to_json();
    let merge_err = g.add_json(text).expect_err("merge rejects too");
    assert_eq!(merge_err, err, "merge_json reports the same error");
    assert_eq!(g, before, "a rejected merge changes nothing");
    assert_eq!(g.to_json(), before_json);
    assert_eq!(g.find("Ann Fakeperson").ok().map(|e| e.id()), None);
    err
}

#[test]
fn the_base_document_is_valid_and_merges() {
    let text = base_text();
    let g = KnowledgeGraph::from_json(&text).expect("base is valid");
    assert_eq!(g.entity_count(), 3);
    assert_eq!(g.fact_count(), 2);
    assert_eq!(g.title(), Some("Made-up merge test"));

    let mut target = merge_target();
    let (added, title) = target.add_json(&text).expect("merges");
    assert_eq!((added.entities, added.reports, added.facts), (3, 0, 2));
    assert_eq!(title.as_deref(), Some("Made-up merge test"));
    assert_eq!(
        target.title(),
        Some("made-up merge target"),
        "title not applied"
    );
    assert_eq!(target.entity_count(), 5);
    assert_eq!(target.fact_count(), 3);

    // A document may name entities already in the graph.
    let extra = r#"{"factgraph": 1, "facts": [{"relation": "met", "subject": "fake_existing", "object": "fake_ann"}]}"#;
    let (added, _) = target.add_json(extra).expect("refers to existing entities");
    assert_eq!((added.entities, added.reports, added.facts), (0, 0, 1));
    assert_eq!(target.fact_count(), 4);
}

#[test]
fn malformed_json_truncated() {
    // Cut right after `"facts": [` and the first fact's opening brace.
    let full = base_text();
    let cut = full.find("{\"relation\": \"met\"").expect("present") + 1;
    let text = &full[..cut];
    // serde_json stops at the end of the text: the last character, `{`, on line 10.
    let last_line = text.lines().count();
    let last_col = text.lines().last().expect("lines").chars().count();
    let err = reject(text, (last_line, last_col));
    assert_eq!(last_line, 10);
    match err.kind() {
        JsonErrorKind::Syntax { message } => assert!(message.contains("EOF"), "{message}"),
        other => panic!("{other:?}"),
    }
    // The empty text, too.
    let err = KnowledgeGraph::from_json("").expect_err("empty");
    assert!(matches!(err.kind(), JsonErrorKind::Syntax { .. }));
}

#[test]
fn malformed_json_trailing_comma() {
    let text = edit(
        "\"name\": \"Fakeland\"}\n  ],",
        "\"name\": \"Fakeland\"},\n  ],",
    );
    // serde_json reports the `]` that follows the comma: line 8, column 3.
    let err = reject(&text, (8, 3));
    match err.kind() {
        JsonErrorKind::Syntax { message } => {
            assert!(message.contains("trailing comma"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_json_invalid_utf8() {
    // "Fåke Wire" with a stray 0xFF byte after "Fåke".
    let text = base_text().replacen("Fake Wire", "Fåke\u{1}Wire", 1);
    let mut bytes = text.into_bytes();
    let at = bytes.iter().position(|b| *b == 1).expect("marker");
    bytes[at] = 0xFF;
    // Line 6; the bad byte follows `    {"id": "fake_wire", "kind": "source", "name": "Fåke`.
    let prefix = "    {\"id\": \"fake_wire\", \"kind\": \"source\", \"name\": \"Fåke";
    let expected = (6, prefix.chars().count() + 1);
    let err = KnowledgeGraph::from_json_slice(&bytes).expect_err("invalid UTF-8");
    match err.kind() {
        JsonErrorKind::Syntax { message } => assert!(message.contains("UTF-8"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert_eq!((err.line(), err.column()), expected);
    // Valid bytes load.
    assert!(KnowledgeGraph::from_json_slice(base_text().as_bytes()).is_ok());
}

#[test]
fn wrong_structure_missing_field() {
    let text = edit(
        "{\"id\": \"fake_land\", \"kind\": \"country\", \"name\": \"Fakeland\"}",
        "{\"id\": \"fake_land\", \"kind\": \"country\"}",
    );
    // serde_json notices at the closing brace of the entity.
    let at = pos(&text, "\"country\"}", "\"country\"".len());
    let err = reject(&text, at);
    match err.kind() {
        JsonErrorKind::Structure { message } => {
            assert!(message.contains("missing field `name`"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn wrong_structure_unknown_field() {
    let text = edit(
        "\"name\": \"Fakeland\"}",
        "\"name\": \"Fakeland\", \"colour\": \"red\"}",
    );
    // serde_json notices once it has read the key: its closing quote.
    let at = pos(&text, "\"colour\"", "\"colour\"".len() - 1);
    let err = reject(&text, at);
    match err.kind() {
        JsonErrorKind::Structure { message } => {
            assert!(message.contains("unknown field `colour`"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn wrong_structure_wrong_type() {
    // A string where the version number goes: noticed at the string's closing quote.
    let text = edit("\"factgraph\": 1,", "\"factgraph\": \"1\",");
    let at = pos(&text, "\"1\"", 2);
    let err = reject(&text, at);
    match err.kind() {
        JsonErrorKind::Structure { message } => {
            assert!(message.contains("invalid type"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    // A string where a list of aliases goes.
    let text = edit(
        "\"name\": \"Fakeland\"}",
        "\"name\": \"Fakeland\", \"aliases\": \"Fakia\"}",
    );
    let at = pos(&text, "\"Fakia\"", "\"Fakia\"".len() - 1);
    let err = reject(&text, at);
    assert!(
        matches!(err.kind(), JsonErrorKind::Structure { .. }),
        "{err}"
    );
    // Not an object at all.
    let err = KnowledgeGraph::from_json("[1, 2]").expect_err("an array");
    assert!(
        matches!(err.kind(), JsonErrorKind::Structure { .. }),
        "{err}"
    );
}

#[test]
fn unsupported_version() {
    let text = edit("\"factgraph\": 1,", "\"factgraph\": 3,");
    let at = pos(&text, "3,\n", 0);
    let err = reject(&text, at);
    assert_eq!(err.kind(), &JsonErrorKind::Version { found: 3 });
    assert_eq!(at, (2, 16));
}

#[test]
fn unknown_entity_kind() {
    // Non-ASCII before the bad value on the same line: the column counts characters.
    let text = edit(
        "{\"id\": \"fake_ann\", \"kind\": \"person\", \"name\": \"Ann Fakeperson\"}",
        "{\"id\": \"fake_ann\", \"name\": \"Änn Fåkeperson\", \"kind\": \"persön\"}",
    );
    let at = pos(&text, "\"persön\"", 0);
    let err = reject(&text, at);
    match err.kind() {
        JsonErrorKind::UnknownKind { entity, source } => {
            assert_eq!(entity, "fake_ann");
            assert_eq!(source.what, "entity kind");
            assert_eq!(source.value, "persön");
            let all: Vec<&str> = EntityKind::ALL.iter().map(|k| k.as_str()).collect();
            assert_eq!(source.expected, all);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(at.0, 5);
}

#[test]
fn unknown_relation() {
    let text = edit("\"relation\": \"visited\"", "\"relation\": \"toured\"");
    let at = pos(&text, "\"toured\"", 0);
    let err = reject(&text, at);
    match err.kind() {
        JsonErrorKind::UnknownName { fact, source } => {
            assert_eq!(*fact, 2, "counted from 1");
            assert_eq!(source.what, "relation");
            assert_eq!(source.value, "toured");
            assert_eq!(source.expected.len(), Relation::ALL.len());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(at, (11, 18));
}

#[test]
fn unknown_modality() {
    let text = edit(
        "\"date\": \"2004-11-19\",",
        "\"date\": \"2004-11-19\", \"modality\": \"rumoured\",",
    );
    let at = pos(&text, "\"rumoured\"", 0);
    let err = reject(&text, at);
    match err.kind() {
        JsonErrorKind::UnknownName { fact, source } => {
            assert_eq!(*fact, 2, "counted from 1");
            assert_eq!(source.what, "modality");
            assert_eq!(source.value, "rumoured");
            assert_eq!(
                source.expected,
                ["reported", "planned", "intended", "proposed", "claimed"]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn positions_skip_escapes_and_count_characters() {
    // Escaped quotes, backslashes and non-ASCII text earlier on the line, and a key that
    // looks like `modality` inside a string: the column is that of the real value.
    let text = edit(
        "\"date\": \"2004-11-19\",",
        "\"note\": \"a \\\"modality\\\": \\\\ «ñ» \\u00e9\", \"date\": \"2004-11-19\", \"modality\": \"hearsay\",",
    );
    let at = pos(&text, "\"hearsay\"", 0);
    let err = reject(&text, at);
    match err.kind() {
        JsonErrorKind::UnknownName { fact: 2, source } => assert_eq!(source.value, "hearsay"),
        other => panic!("{other:?}"),
    }
}

/// Checks a `MissingEntity` error.
fn missing(text: &str, needle: &str, field: &str, entity: &str) {
    let at = pos(text, needle, 0);
    let err = reject(text, at);
    assert_eq!(
        err.kind(),
        &JsonErrorKind::MissingEntity {
            fact: 2,
            field: field.to_owned(),
            entity: entity.to_owned(),
        }
    );
}

#[test]
fn fact_naming_a_missing_entity() {
    // subject
    let text = edit(
        "\"relation\": \"visited\", \"subject\": \"fake_ann\"",
        "\"relation\": \"visited\", \"subject\": \"fake_nobody\"",
    );
    missing(&text, "\"fake_nobody\"", "subject", "fake_nobody");

    // object
    let text = edit(
        "\"subject\": \"fake_ann\", \"object\": \"fake_land\", \"date\"",
        "\"subject\": \"fake_ann\", \"object\": \"fake_nowhere\", \"date\"",
    );
    missing(&text, "\"fake_nowhere\"", "object", "fake_nowhere");

    // place
    let text = edit(
        "\"date\": \"2004-11-19\",",
        "\"date\": \"2004-11-19\", \"place\": \"fake_atlantis\",",
    );
    missing(&text, "\"fake_atlantis\"", "place", "fake_atlantis");

    // recipient
    let text = edit(
        "\"date\": \"2004-11-19\",",
        "\"date\": \"2004-11-19\", \"recipient\": \"fake_receiver\",",
    );
    missing(&text, "\"fake_receiver\"", "recipient", "fake_receiver");

    // sources[1].source
    let text = edit(
        "\"reported\": \"2004-11-20\"}]",
        "\"reported\": \"2004-11-20\"}, {\"source\": \"fake_ghost_wire\"}]",
    );
    missing(
        &text,
        "\"fake_ghost_wire\"",
        "sources[1].source",
        "fake_ghost_wire",
    );

    // speaker
    let text = edit(
        "\"reported\": \"2004-11-20\"}]",
        "\"reported\": \"2004-11-20\", \"speaker\": \"fake_ghost\"}]",
    );
    missing(&text, "\"fake_ghost\"", "sources[0].speaker", "fake_ghost");
}

#[test]
fn schema_violation() {
    // A person cannot host, and a country is not an exercise or event.
    let text = edit("\"relation\": \"visited\"", "\"relation\": \"hosted\"");
    // The error points at the fact itself: the `{` opening line 11.
    let at = pos(&text, "{\"relation\": \"hosted\"", 0);
    assert_eq!(at, (11, 5));
    let err = reject(&text, at);
    let schema = Relation::Hosted.schema();
    match err.kind() {
        JsonErrorKind::InvalidFact {
            fact: 2,
            source: GraphError::Schema(v),
        } => {
            assert_eq!(v.relation, Relation::Hosted);
            assert_eq!(
                (v.subject.as_str(), v.subject_kind),
                ("fake_ann", EntityKind::Person)
            );
            assert_eq!(
                (v.object.as_str(), v.object_kind),
                ("fake_land", EntityKind::Country)
            );
            assert_eq!(
                (v.allowed_subject, v.allowed_object),
                (schema.subject, schema.object)
            );
        }
        other => panic!("expected a schema violation of fact 2, got {other:?}"),
    }
    // A role on the wrong relation is an invalid fact too.
    let text = edit(
        "\"date\": \"2004-11-19\",",
        "\"date\": \"2004-11-19\", \"role\": {\"title\": \"Fake\"},",
    );
    let err = reject(&text, (11, 5));
    assert_eq!(
        err.kind(),
        &JsonErrorKind::InvalidFact {
            fact: 2,
            source: GraphError::UnexpectedRole {
                relation: Relation::Visited
            }
        }
    );
    // A place of the wrong kind.
    let text = edit(
        "\"date\": \"2004-11-19\",",
        "\"date\": \"2004-11-19\", \"place\": \"fake_wire\",",
    );
    let err = reject(&text, (11, 5));
    assert_eq!(
        err.kind(),
        &JsonErrorKind::InvalidFact {
            fact: 2,
            source: GraphError::QualifierKind {
                field: "place",
                key: "fake_wire".to_owned(),
                kind: EntityKind::Source,
                expected: KindSet::of(&[EntityKind::Place, EntityKind::Country]),
            }
        }
    );
}

#[test]
fn invalid_dates() {
    // The fact's own date.
    let text = edit("\"date\": \"2004-11-19\"", "\"date\": \"2004-02-30\"");
    let at = pos(&text, "\"2004-02-30\"", 0);
    let err = reject(&text, at);
    assert_eq!(
        err.kind(),
        &JsonErrorKind::InvalidDate {
            fact: 2,
            field: "date".to_owned(),
            source: DateError::DayOutOfRange {
                year: 2004,
                month: 2,
                day: 30
            },
        }
    );
    // A reversed range.
    let text = edit(
        "\"date\": \"2004-11-19\"",
        "\"date\": \"2004-11-19/2004-11-17\"",
    );
    let at = pos(&text, "\"2004-11-19/2004-11-17\"", 0);
    let err = reject(&text, at);
    assert!(matches!(
        err.kind(),
        JsonErrorKind::InvalidDate {
            fact: 2,
            source: DateError::RangeReversed { .. },
            ..
        }
    ));
    // The date of the report.
    let text = edit(
        "\"reported\": \"2004-11-20\"",
        "\"reported\": \"2004-13-01\"",
    );
    let at = pos(&text, "\"2004-13-01\"", 0);
    let err = reject(&text, at);
    assert_eq!(
        err.kind(),
        &JsonErrorKind::InvalidDate {
            fact: 2,
            field: "sources[0].reported".to_owned(),
            source: DateError::MonthOutOfRange { month: 13 },
        }
    );
    // 1900 was not a leap year.
    let text = edit(
        "\"reported\": \"2004-11-20\"",
        "\"reported\": \"1900-02-29\"",
    );
    let at = pos(&text, "\"1900-02-29\"", 0);
    let err = reject(&text, at);
    assert!(matches!(
        err.kind(),
        JsonErrorKind::InvalidDate {
            source: DateError::DayOutOfRange { year: 1900, .. },
            ..
        }
    ));
}

#[test]
fn duplicate_id() {
    let text = edit("{\"id\": \"fake_land\"", "{\"id\": \"fake_ann\"");
    // The second `"fake_ann"` on line 7, the id of the third entity.
    let line7 = text.lines().nth(6).expect("line 7");
    assert!(line7.starts_with("    {\"id\": \"fake_ann\""));
    let err = reject(&text, (7, "    {\"id\": ".chars().count() + 1));
    assert_eq!(
        err.kind(),
        &JsonErrorKind::DuplicateId {
            entity: "fake_ann".to_owned()
        }
    );

    // An id already in the graph being merged into is a duplicate as well.
    let mut g = merge_target();
    let before = g.clone();
    let doc = [
        "{\"factgraph\": 1, \"entities\": [",
        "  {\"id\": \"fake_new\", \"kind\": \"place\", \"name\": \"Newfake\"},",
        "  {\"id\": \"fake_existing\", \"kind\": \"place\", \"name\": \"Clash\"}",
        "]}",
    ]
    .join("\n");
    let err = g
        .add_json(&doc)
        .expect_err("duplicate of an existing entity");
    assert_eq!(
        err.kind(),
        &JsonErrorKind::DuplicateId {
            entity: "fake_existing".to_owned()
        }
    );
    let at = pos(&doc, "\"fake_existing\"", 0);
    assert_eq!(at, (3, 10));
    assert_eq!((err.line(), err.column()), at);
    assert_eq!(g, before);
    assert!(
        g.get("fake_new").is_err(),
        "the first entity was not applied"
    );
}

#[test]
fn empty_names_are_invalid_entities() {
    let text = edit("\"name\": \"Fakeland\"", "\"name\": \"  \"");
    let at = pos(&text, "\"  \"", 0);
    let err = reject(&text, at);
    assert_eq!(
        err.kind(),
        &JsonErrorKind::InvalidEntity {
            entity: "fake_land".to_owned(),
            source: GraphError::EmptyName {
                key: "fake_land".to_owned()
            }
        }
    );
}

#[test]
fn syntax_error_positions_are_one_based() {
    // JsonError documents a 1-based line and column. A raw newline inside a string is a
    // control character; it ends line 1, where the string starts at column 27.
    let text = "{\"factgraph\": 1, \"title\": \"made-up\nbroken\"}";
    let err = KnowledgeGraph::from_json(text).expect_err("control character in a string");
    assert!(matches!(err.kind(), JsonErrorKind::Syntax { .. }), "{err}");
    assert!(
        err.line() >= 1 && err.column() >= 1,
        "position must be 1-based, got line {} column {}",
        err.line(),
        err.column()
    );
}

#[test]
fn empty_id_is_an_invalid_entity() {
    let text = edit("{\"id\": \"fake_land\"", "{\"id\": \"\"");
    let at = pos(&text, "\"id\": \"\"", "\"id\": ".len());
    let err = reject(&text, at);
    assert_eq!(
        err.kind(),
        &JsonErrorKind::InvalidEntity {
            entity: String::new(),
            source: GraphError::EmptyKey
        }
    );
}

// ---------------------------------------------------------------------------------------
// Deterministic mutations: loading never panics.
// ---------------------------------------------------------------------------------------

/// A 64-bit linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn mutated_dataset_never_panics() {
    let original = EDM_2004_V1_I133_JSON;
    let replacements = [
        '{', '}', '[', ']', '"', ',', ':', '\\', '0', '9', '-', '/', ' ', '\n', 'x', 'é', '🦅',
        'e', 't', 'n', '\u{0}',
    ];
    let mut rng = Lcg(0x5eed_0000_0133_2004);
    let (mut ok, mut err) = (0, 0);
    for round in 0..400 {
        let mut bytes = original.as_bytes().to_vec();
        // One to three mutations per document.
        let mut log = Vec::new();
        for _ in 0..=rng.below(3) {
            let i = rng.below(bytes.len());
            match rng.below(3) {
                0 => {
                    bytes.remove(i);
                    log.push(format!("delete byte {i}"));
                }
                1 => {
                    let b = bytes[i];
                    bytes.insert(i, b);
                    log.push(format!("duplicate byte {i}"));
                }
                _ => {
                    // Replace the character starting at or after `i` (keeps UTF-8 valid
                    // when the bytes were valid).
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    let start = (i..text.len())
                        .find(|j| text.is_char_boundary(*j))
                        .unwrap_or(0);
                    let c = text[start..].chars().next().unwrap_or(' ');
                    let r = replacements[rng.below(replacements.len())];
                    let mut s = text;
                    s.replace_range(start..start + c.len_utf8(), r.encode_utf8(&mut [0; 4]));
                    bytes = s.into_bytes();
                    log.push(format!("replace char at {start} with {r:?}"));
                }
            }
        }
        let result = catch_unwind(AssertUnwindSafe(|| {
            let from_slice = KnowledgeGraph::from_json_slice(&bytes);
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let from_text = KnowledgeGraph::from_json(text);
                assert_eq!(from_text.is_ok(), from_slice.is_ok());
                let mut g = KnowledgeGraph::new();
                let _ = g.add_json(text);
                // A check finds an error exactly when the loader does, and one it finds
                // by staging (not by parsing) is the loader's. (Every fourth round: a
                // check reads each record twice, slow in a debug build.)
                if round % 4 != 0 {
                    return from_slice;
                }
                let check = KnowledgeGraph::check_json(text, 4);
                assert_eq!(check.is_ok(), from_text.is_ok(), "{check}");
                if let Err(e) = &from_text
                    && !check.stopped
                    && check.more == 0
                    && !matches!(e.kind(), JsonErrorKind::Structure { .. })
                {
                    assert!(check.errors.contains(e), "{e} not in {check}");
                }
            }
            from_slice
        }));
        match result {
            Ok(Ok(g)) => {
                ok += 1;
                // Whatever loads serializes and reloads to itself.
                let again = KnowledgeGraph::from_json(&g.to_json()).expect("reload");
                assert_eq!(again, g, "round {round}: {log:?}");
            }
            Ok(Err(e)) => {
                err += 1;
                // (Columns are checked separately, see
                // `syntax_error_positions_are_one_based`.)
                assert!(e.line() >= 1, "round {round}: {e}");
                assert!(!e.to_string().is_empty());
            }
            Err(_) => panic!("round {round}: loading panicked after {log:?}"),
        }
    }
    assert_eq!(ok + err, 400);
    assert!(err > 0, "mutations should break some documents");
}

// ---------------------------------------------------------------------------------------
// Checking: every error, not only the first.
// ---------------------------------------------------------------------------------------

/// A MADE-UP document with one error on each of several lines.
const SEVERAL_ERRORS: &str = r#"{"factgraph": 2,
  "reports": [{"id": "fake_report", "outlet": "fake_nowhere"}],
  "entities": [
    {"id": "fake_ann", "kind": "persn", "name": "Ann Fakeperson"},
    {"id": "fake_bob", "kind": "person", "name": "Bob Fakeperson"},
    {"id": "fake_bob", "kind": "person", "name": "Bob Again"},
    {"id": "fake_land", "kind": "country", "name": "Fakeland", "colour": "blue"},
    {"id": "fake_kaz", "kind": "country", "name": "Fakestan"}
  ],
  "facts": [
    {"relation": "mett", "subject": "fake_bob", "object": "fake_kaz"},
    {"relation": "met", "subject": "fake_ann", "object": "fake_bob"},
    {"relation": "met", "subject": "fake_bob", "object": "fake_nobody"},
    {"relation": "visited", "subject": "fake_bob", "object": "fake_kaz", "date": "2004-13"},
    {"relation": "signed", "subject": "fake_bob", "object": "fake_kaz"},
    {"relation": "met", "subject": "fake_bob", "object": "fake_kaz",
     "sources": [{"report": "fake_report"}]}
  ]
}"#;

#[test]
fn check_json_reports_every_error_with_its_location() {
    let text = SEVERAL_ERRORS;
    let check = KnowledgeGraph::check_json(text, 100);
    let found: Vec<(usize, usize, String)> = check
        .errors
        .iter()
        .map(|e| (e.line(), e.column(), e.kind().to_string()))
        .collect();
    let at = |needle: &str| pos(text, needle, 0);
    // Each error where its value is; the fact naming the refused `fake_ann` and the one
    // citing the refused report are not reported again.
    let expected = [
        (at(r#""fake_nowhere""#), "outlet `fake_nowhere`"),
        (at(r#""persn""#), "persn"),
        (
            pos(
                text,
                r#""fake_bob", "kind": "person", "name": "Bob Again""#,
                0,
            ),
            "duplicate entity id",
        ),
        // Where reading the record stops, as a load reports it: the unknown key's closing
        // quote.
        (
            {
                let (line, column) = at(r#""colour""#);
                (line, column + r#""colour""#.len() - 1)
            },
            "unknown field `colour`",
        ),
        (at(r#""mett""#), "mett"),
        (at(r#""fake_nobody""#), "fake_nobody"),
        (at(r#""2004-13""#), "fact 4: date"),
        (pos(text, r#"{"relation": "signed""#, 0), "fact 5"),
    ];
    assert_eq!(found.len(), expected.len(), "{check}");
    for ((line, column, message), (want, words)) in found.iter().zip(expected) {
        assert_eq!((*line, *column), want, "{message}");
        assert!(message.contains(words), "{message} lacks {words:?}");
    }
    assert_eq!(
        (check.more, check.stopped, check.is_ok()),
        (0, false, false)
    );
    // The loader stops at the first it meets (reports listed before the entities wait for
    // them), with the same error at the same place.
    let first = KnowledgeGraph::from_json(text).expect_err("invalid");
    assert!(check.errors.contains(&first), "{first}");
    // A bound keeps the first errors and counts the rest.
    let short = KnowledgeGraph::check_json(text, 3);
    assert_eq!(short.errors.len(), 3);
    assert!(
        short.errors.iter().all(|e| check.errors.contains(e)),
        "{short}"
    );
    assert!(short.errors.is_sorted_by_key(|e| (e.line(), e.column())));
    assert_eq!((short.more, short.count()), (5, 8));
    assert!(
        short
            .to_string()
            .contains("... and 5 more errors (only the first 3 are listed)")
    );
    // A valid document has none.
    let ok = KnowledgeGraph::check_json(EDM_2004_V1_I133_JSON, 100);
    assert!(ok.is_ok(), "{ok}");
}

#[test]
fn check_json_stops_at_malformed_json_keeping_what_it_found() {
    let text = SEVERAL_ERRORS.replace(
        r#""object": "fake_kaz"},
    {"relation": "met""#,
        r#""object": "fake_kaz"}
    {"relation": "met""#,
    );
    let check = KnowledgeGraph::check_json(&text, 100);
    assert!(check.stopped, "{check}");
    let last = check.errors.last().expect("the syntax error");
    assert!(
        matches!(last.kind(), JsonErrorKind::Syntax { .. }),
        "{check}"
    );
    // The errors of the entities before it are there (the reports, read before the
    // entities, wait for them and so for the end, which never came).
    assert_eq!(check.errors.len(), 4, "{check}");
    assert!(check.to_string().contains("checking stopped"));
}
