//! Cypher covers the model: every field a fact and its attributions carry is a
//! property, post holders on a date and conflicts are reachable, and an empty answer is
//! never silent about a likely typo. Each answer is checked against the Rust API.

use factgraph::cypher::{Params, QueryResult, Value};
use factgraph::{KnowledgeGraph, PartialDate, datasets};

fn ask<'g>(g: &'g KnowledgeGraph, q: &str) -> QueryResult<'g> {
    match g.query(q, &Params::new()) {
        Ok(r) => r,
        Err(e) => panic!("{q}: {e}"),
    }
}

fn text(v: &Value<'_>) -> String {
    v.to_string()
}

#[test]
fn place_recipient_and_report_fields_are_properties() {
    let g = datasets::corpus();
    let r = ask(
        g,
        r#"MATCH (a:person)-[m:met]-(b:person {name: "Sembinov"}) WHERE m.place = "Washington"
           RETURN a.name, m.place, m.report, m.url, m.outlet, m.cited, m.precision, m.key ORDER BY a.name"#,
    );
    assert_eq!(r.rows.len(), 3);
    for row in &r.rows {
        let f = r.facts(row).next().expect("a met fact");
        assert_eq!(
            text(&row.values[1]),
            f.place().expect("a place").name(),
            "m.place is the place's name"
        );
        let s = f.sources().next().expect("a source");
        let report = s.report().expect("a report");
        assert_eq!(text(&row.values[2]), report.key());
        assert_eq!(Some(text(&row.values[3]).as_str()), report.url());
        assert_eq!(text(&row.values[4]), s.publication().name());
        assert_eq!(
            text(&row.values[5]),
            s.cited().expect("a cited outlet").name()
        );
        assert_eq!(text(&row.values[6]), "day");
        assert_eq!(text(&row.values[7]), f.key().to_string());
    }
    // An alias of the place matches too, folded.
    let by_alias = ask(
        g,
        r#"MATCH (a:person)-[m:met]-(b:person {name: "Sembinov"}) WHERE m.place = "WASHINGTON" RETURN count(*)"#,
    );
    assert_eq!(text(&by_alias.rows[0].values[0]), "3");

    let supplies = ask(
        g,
        "MATCH (a)-[s:supplies]->(b) WHERE s.recipient = \"Kazakhstan\" RETURN s.recipient, s.inferred",
    );
    let api = g
        .facts_of_relation(factgraph::Relation::Supplies)
        .filter(|f| f.recipient().is_some_and(|e| e.name() == "Kazakhstan"))
        .count();
    assert_eq!(supplies.rows.len(), api);
    assert!(api > 0);
    for row in &supplies.rows {
        let f = r_fact(&supplies, row);
        let reasons: Vec<&str> = f.sources().filter_map(|s| s.inferred()).collect();
        match reasons.as_slice() {
            [] => assert_eq!(row.values[1], Value::Null),
            _ => assert!(text(&row.values[1]).contains(reasons[0])),
        }
    }
}

fn r_fact<'g>(r: &QueryResult<'g>, row: &factgraph::cypher::Row<'g>) -> factgraph::FactRef<'g> {
    r.facts(row).next().expect("a fact behind the row")
}

#[test]
fn roles_valid_time_and_holders_on_a_date() {
    let g = datasets::corpus();
    let ministry = g
        .find("Ministry of Defense of Kazakhstan")
        .expect("the ministry");
    for day in [
        PartialDate::day(1999, 12, 17).unwrap(),
        PartialDate::day(2010, 6, 1).unwrap(),
        PartialDate::day(2017, 6, 1).unwrap(),
    ] {
        let q = format!(
            r#"MATCH (p:person)-[h:holds_position]->(:state_body {{key: "{}"}})
               WHERE holds_post(h, "Minister of Defence") AS OF date("{day}")
               RETURN DISTINCT p.name, h.title, h.from"#,
            ministry.key()
        );
        let r = ask(g, &q);
        let mut cypher: Vec<String> = r.rows.iter().map(|row| text(&row.values[0])).collect();
        let mut api: Vec<String> = g
            .as_of(day)
            .holders_of(ministry.id(), "Minister of Defence")
            .iter()
            .map(|p| p.person.name().to_owned())
            .collect();
        cypher.sort();
        cypher.dedup();
        api.sort();
        assert_eq!(cypher, api, "{day}");
        assert!(!api.is_empty(), "{day}");
        for row in &r.rows {
            let f = r_fact(&r, row);
            assert_eq!(text(&row.values[1]), f.role().expect("a role").title);
        }
    }
    // from and until are the ends of the valid time, null when open.
    let r = ask(
        g,
        "MATCH (p)-[h:holds_position]->(b) WHERE h.until >= date(\"1900\") RETURN h.from, h.until, h.valid",
    );
    assert!(!r.rows.is_empty());
    for row in &r.rows {
        let f = r_fact(&r, row);
        let valid = f.valid().expect("a closed valid time").to_string();
        let (from, until) = valid.split_once('/').expect("a period");
        assert!(text(&row.values[0]).starts_with(from), "{valid}");
        assert!(text(&row.values[1]).starts_with(until), "{valid}");
    }
    // A deputy is not the minister.
    let deputies = ask(
        g,
        "MATCH (p)-[h:holds_position]->(b) WHERE h.title CONTAINS \"deputy\" AND holds_post(h, \"Defence Minister\") RETURN count(*)",
    );
    assert_eq!(text(&deputies.rows[0].values[0]), "0");
}

/// Made-up data: two made-up reports disagree on the date of a meeting.
const DISAGREEING: &str = r#"{
  "factgraph": 2,
  "entities": [
    {"id": "a", "kind": "person", "name": "Made-up Minister A"},
    {"id": "b", "kind": "person", "name": "Made-up Envoy B"},
    {"id": "x", "kind": "source", "name": "Made-up Agency X"},
    {"id": "y", "kind": "source", "name": "Made-up Paper Y"}
  ],
  "reports": [
    {"id": "rx", "outlet": "x", "published": "2010-03-02", "url": "https://example.org/x"},
    {"id": "ry", "outlet": "y", "published": "2010-03-05", "url": "https://example.org/y"}
  ],
  "facts": [
    {"relation": "met", "subject": "a", "object": "b", "date": "2010-03-01",
     "sources": [{"report": "rx", "speaker": "a", "quote": "a useful talk"}]},
    {"relation": "met", "subject": "a", "object": "b", "date": "2010-03-03",
     "sources": [{"report": "ry"}]}
  ]
}"#;

#[test]
fn conflicts_speakers_and_quotes_are_reachable() {
    let g = KnowledgeGraph::from_json(DISAGREEING).expect("made-up data loads");
    let api: Vec<String> = g.conflicts().map(|c| c.to_string()).collect();
    assert_eq!(api.len(), 1, "{api:?}");
    let r = ask(
        &g,
        "MATCH (a)-[m:met]-(b) WHERE m.conflicts > 0 AND a.name < b.name RETURN m.report, m.conflicts, m.conflict ORDER BY m.report",
    );
    assert_eq!(r.rows.len(), 2, "both sides");
    for row in &r.rows {
        assert_eq!(text(&row.values[1]), "1");
        assert_eq!(text(&row.values[2]), api[0]);
    }
    let said = ask(
        &g,
        "MATCH (a)-[m:met]-(b) WHERE m.speaker = \"made-up minister a\" AND a.name < b.name RETURN m.quote, m.speaker, m.reported",
    );
    assert_eq!(said.rows.len(), 1);
    assert_eq!(text(&said.rows[0].values[0]), "a useful talk");
    assert_eq!(text(&said.rows[0].values[1]), "Made-up Minister A");
    assert_eq!(text(&said.rows[0].values[2]), "2010-03-02");
    // A fact without a speaker is neither = nor <> a name: its speaker is unknown.
    let none = ask(
        &g,
        "MATCH (a)-[m:met]-(b) WHERE m.speaker <> \"Made-up Minister A\" RETURN m",
    );
    assert!(none.rows.is_empty());
}

#[test]
fn an_empty_answer_says_which_name_matched_nothing() {
    let g = datasets::corpus();
    let r = ask(
        g,
        r#"MATCH (p {name: "Jaksybekov"})-[:met]-(q) RETURN q.name"#,
    );
    assert!(r.rows.is_empty());
    assert_eq!(r.warnings().len(), 1);
    assert!(r.warnings()[0].contains("Jaksybekov"), "{:?}", r.warnings());
    assert!(
        r.warnings()[0].contains("Adilbek Dzhaksybekov"),
        "{:?}",
        r.warnings()
    );
    // A parameter too, and a name of another kind.
    let r = g
        .query(
            "MATCH (p:person {name: $who})-[:met]-(q) RETURN q",
            &Params::new().with("who", "Kazakhstan"),
        )
        .expect("runs");
    assert!(r.warnings()[0].contains("country"), "{:?}", r.warnings());
    // A key that names nothing.
    let r = ask(g, r#"MATCH (p {key: "no_such_key"}) RETURN p"#);
    assert!(r.warnings()[0].contains("no_such_key"));
    // Something matched: no warning.
    let r = ask(g, r#"MATCH (p {name: "Sembinov"}) RETURN p"#);
    assert_eq!(r.rows.len(), 1);
    assert!(r.warnings().is_empty());
}

#[test]
fn counting_nothing_gives_one_row_of_zero() {
    let g = datasets::corpus();
    let r = ask(
        g,
        r#"MATCH (p:person)-[:signed]->(a:agreement) WHERE a.name = "no such agreement" RETURN count(*) AS n, count(p)"#,
    );
    assert_eq!(r.rows.len(), 1);
    assert_eq!(text(&r.rows[0].values[0]), "0");
    assert_eq!(text(&r.rows[0].values[1]), "0");
    assert!(r.rows[0].facts.is_empty());
    // With a grouping key, no group: no row, as in Cypher.
    let r = ask(
        g,
        r#"MATCH (p:person)-[:signed]->(a:agreement) WHERE a.name = "no such agreement" RETURN p.name, count(*)"#,
    );
    assert!(r.rows.is_empty());
}

#[test]
fn entity_aliases_and_notes() {
    let g = datasets::corpus();
    let r = ask(
        g,
        r#"MATCH (p:person) WHERE p.aliases = "Altynbaev" RETURN p.name, p.aliases"#,
    );
    assert_eq!(r.rows.len(), 1);
    let e = g.find("Altynbaev").expect("found by alias");
    assert_eq!(text(&r.rows[0].values[0]), e.name());
    for alias in e.entity().aliases() {
        assert!(text(&r.rows[0].values[1]).contains(alias.as_str()));
    }
}

#[test]
fn sum_max_and_min_fold_each_group_as_its_rows_say() {
    let g = datasets::corpus();
    let rows = ask(
        g,
        "MATCH (a)-[r:deployed_to]->(b) WHERE r.personnel > 0 RETURN a.name, b.name, r.personnel",
    );
    assert!(!rows.rows.is_empty(), "the corpus has troop numbers");
    let mut by_actor: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
    for row in &rows.rows {
        let Value::Int(n) = row.values[2] else {
            panic!("an integer: {:?}", row.values[2]);
        };
        by_actor.entry(text(&row.values[0])).or_default().push(n);
    }
    let agg = ask(
        g,
        "MATCH (a)-[r:deployed_to]->(b) WHERE r.personnel > 0 RETURN a.name, sum(r.personnel), max(r.personnel), min(r.personnel), count(*)",
    );
    assert_eq!(agg.rows.len(), by_actor.len());
    for row in &agg.rows {
        let ns = &by_actor[&text(&row.values[0])];
        let want = [
            ns.iter().sum::<i64>(),
            *ns.iter().max().unwrap(),
            *ns.iter().min().unwrap(),
            ns.len() as i64,
        ];
        for (i, w) in want.iter().enumerate() {
            assert_eq!(row.values[i + 1], Value::Int(*w), "{row:?}");
        }
        assert!(!row.facts.is_empty(), "a group cites its facts");
    }
    // Over nothing: a sum of 0, no max.
    let none = ask(
        g,
        "MATCH (a)-[r:deployed_to]->(b) WHERE r.personnel > 1000000 RETURN sum(r.personnel), max(r.personnel)",
    );
    assert_eq!(none.rows.len(), 1);
    assert_eq!(none.rows[0].values, vec![Value::Int(0), Value::Null]);
    // Not an integer: refused before any data is read.
    let e = g
        .query("MATCH (a)-[r]->(b) RETURN sum(a.name)", &Params::new())
        .expect_err("a string has no sum");
    assert!(e.to_string().contains("sum() takes an integer"), "{e}");
}
