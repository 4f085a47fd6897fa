//! The query language through the public API: the article's questions give the same
//! answers as the Rust API; errors carry message and location; budgets, parameters,
//! DISTINCT, ORDER BY, LIMIT and count; printing a parsed query parses back to it.

use std::collections::BTreeSet;

use factgraph::cypher::{Budget, CypherError, Params, Query, QueryResult, Value};
use factgraph::{
    DateRange, Direction, EntityId, FactId, Filter, KnowledgeGraph, Modality, PartialDate,
    Relation, RelationSet, datasets,
};
use proptest::prelude::*;

fn article() -> &'static KnowledgeGraph {
    datasets::edm_2004_v1_i133()
}

fn ask<'g>(g: &'g KnowledgeGraph, q: &str) -> QueryResult<'g> {
    g.query(q, &Params::new())
        .unwrap_or_else(|e| panic!("{q}\n{e}"))
}

fn ask_with<'g>(g: &'g KnowledgeGraph, q: &str, p: &Params) -> QueryResult<'g> {
    g.query(q, p).unwrap_or_else(|e| panic!("{q}\n{e}"))
}

/// Column `c` of every row, as text.
fn column(r: &QueryResult<'_>, c: usize) -> Vec<String> {
    r.rows
        .iter()
        .map(|row| row.get(c).map(|v| v.to_string()).unwrap_or_default())
        .collect()
}

fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    items.into_iter().collect()
}

fn all_facts(r: &QueryResult<'_>) -> BTreeSet<FactId> {
    r.rows
        .iter()
        .flat_map(|row| row.facts.iter().copied())
        .collect()
}

fn id(g: &KnowledgeGraph, name: &str) -> EntityId {
    g.find(name).expect("in the dataset").id()
}

fn err(g: &KnowledgeGraph, q: &str) -> CypherError {
    match g.query(q, &Params::new()) {
        Ok(_) => panic!("{q} should fail"),
        Err(e) => e,
    }
}

fn day(y: i32, m: u32, d: u32) -> PartialDate {
    PartialDate::day(y, m, d).expect("valid day")
}

// --- The article's questions, against the Rust API ---------------------------------------

#[test]
fn who_sembinov_met_with_dates_and_sources() {
    let g = article();
    let r = ask(
        g,
        r#"MATCH (p:Person)-[m:met]-(q:Person {name: "Sembinov"}) RETURN p, m.date, m.sources"#,
    );
    assert_eq!(r.columns, ["p", "m.date", "m.sources"]);
    let rust: BTreeSet<(String, String, String)> = g
        .meetings(id(g, "Sembinov"), Filter::any())
        .map(|m| {
            (
                m.with.name().to_owned(),
                m.date().describe(),
                m.fact.sources_line(),
            )
        })
        .collect();
    let cypher: BTreeSet<(String, String, String)> = r
        .rows
        .iter()
        .map(|row| {
            let v: Vec<String> = row.values.iter().map(|v| v.to_string()).collect();
            (v[0].clone(), v[1].clone(), v[2].clone())
        })
        .collect();
    assert_eq!(cypher, rust);
    assert_eq!(cypher.len(), 3);
    // Each row carries its one `met` fact, the same fact as the Rust API's.
    for row in &r.rows {
        let facts: Vec<_> = r.facts(row).collect();
        assert_eq!(facts.len(), 1);
        assert_eq!(facts[0].relation(), Relation::Met);
        assert!(matches!(row.values[0], Value::Entity(e) if e.name() != "Bolat Sembinov"));
    }
    let rust_facts: BTreeSet<FactId> = g
        .meetings(id(g, "Sembinov"), Filter::any())
        .map(|m| m.fact.id())
        .collect();
    assert_eq!(all_facts(&r), rust_facts);
    // The rendering with sources cites them.
    let text = r.with_sources().to_string();
    assert!(text.contains("[1] Bolat Sembinov met"), "{text}");
    assert!(text.contains("Interfax-Kazakhstan"), "{text}");
}

#[test]
fn who_signed_the_five_year_plan() {
    let g = article();
    let plan = id(g, "five-year cooperation plan");
    let r = ask(
        g,
        "MATCH (a)-[s:signed]->(:agreement {name: 'five-year cooperation plan'}) RETURN a.name, s.date",
    );
    let rust = g.signatories(plan);
    assert_eq!(
        set(column(&r, 0)),
        set(rust.iter().map(|s| s.entity.name().to_owned()))
    );
    assert_eq!(
        all_facts(&r),
        set(rust.iter().flat_map(|s| s.facts.iter().map(|f| f.id())))
    );
    assert_eq!(set(column(&r, 1)), set(["2003".to_owned()]));
    // Parties, by key and with the relation's other spelling.
    let r = ask(
        g,
        &format!(
            "MATCH (a)-[:PARTY_TO]->(p {{key: '{}'}}) RETURN a.name",
            g.entity(plan).expect("entity").key()
        ),
    );
    assert_eq!(
        set(column(&r, 0)),
        set(g.parties(plan).iter().map(|s| s.entity.name().to_owned()))
    );
}

#[test]
fn who_took_part_in_steppe_eagle_2004() {
    let g = article();
    let se = id(g, "Steppe Eagle 2004");
    let r = ask(
        g,
        "MATCH (a)-[:participated_in]->(:Exercise {name: 'Steppe Eagle 2004'}) RETURN DISTINCT a.name ORDER BY a.name",
    );
    let mut rust: Vec<String> = g
        .participants(se, Filter::any())
        .iter()
        .map(|s| s.entity.name().to_owned())
        .collect();
    rust.sort();
    assert_eq!(column(&r, 0), rust);
    // Stated only: the Rust API's stated_only filter.
    let r = ask(
        g,
        "MATCH (a)-[r:participated_in]->(e:exercise {name: 'Steppe Eagle 2004'}) WHERE r.stated = true RETURN a",
    );
    let rust = g.participants(se, Filter::any().stated_only());
    assert_eq!(
        set(column(&r, 0)),
        set(rust.iter().map(|s| s.entity.name().to_owned()))
    );
    // Said by Kazinform (cited by the article): the source index.
    let r = ask(
        g,
        "MATCH (a)-[r:participated_in]->(e {name: 'Steppe Eagle 2004'}) WHERE r.source = 'kazinform' RETURN a.name",
    );
    assert_eq!(
        set(column(&r, 0)),
        set(["United Kingdom".to_owned(), "United States".to_owned()])
    );
}

#[test]
fn planned_and_not_reported_by_modality() {
    let g = article();
    let r = ask(
        g,
        "MATCH (a)-[r]->(b) WHERE r.modality = 'planned' RETURN r",
    );
    let rust: BTreeSet<FactId> = g.with_modality(Modality::Planned).map(|f| f.id()).collect();
    assert!(!rust.is_empty());
    assert_eq!(all_facts(&r), rust);
    let r = ask(
        g,
        "MATCH (a)-[r]->(b) WHERE NOT r.modality = 'reported' RETURN r.modality, count(*)",
    );
    assert_eq!(all_facts(&r), g.not_reported().map(|f| f.id()).collect());
    let counted: i64 = r
        .rows
        .iter()
        .map(|row| match row.values[1] {
            Value::Int(n) => n,
            _ => 0,
        })
        .sum();
    // Each fact once: no symmetric relation among plans.
    assert_eq!(counted as usize, g.not_reported().len());
}

#[test]
fn two_hop_pattern_who_sembinov_met_and_where_they_serve() {
    let g = article();
    let r = ask(
        g,
        "MATCH (s:person {name: 'Sembinov'})-[:met]-(o:person)-[h:holds_position]->(b) RETURN o.name, b.name",
    );
    let mut rust = BTreeSet::new();
    let mut facts = BTreeSet::new();
    for m in g.meetings(id(g, "Sembinov"), Filter::any()) {
        for h in g.neighbours(
            m.with.id(),
            Filter::relation(Relation::HoldsPosition).direction(Direction::Outgoing),
        ) {
            rust.insert((m.with.name().to_owned(), h.other().name().to_owned()));
            facts.insert(m.fact.id());
            facts.insert(h.fact().id());
        }
    }
    let cypher: BTreeSet<(String, String)> = r
        .rows
        .iter()
        .map(|row| (row.values[0].to_string(), row.values[1].to_string()))
        .collect();
    assert_eq!(cypher, rust);
    assert_eq!(all_facts(&r), facts);
    assert!(r.rows.iter().all(|row| row.facts.len() == 2));
    // The same question written as two patterns sharing a variable, and as two MATCHes.
    for q in [
        "MATCH (s:person {name: 'Sembinov'})-[:met]-(o), (o)-[:holds_position]->(b) RETURN o.name, b.name",
        "MATCH (s:person {name: 'Sembinov'})-[:met]-(o) MATCH (b)<-[:holds_position]-(o) RETURN o.name, b.name",
    ] {
        let again = ask(g, q);
        let again: BTreeSet<(String, String)> = again
            .rows
            .iter()
            .map(|row| (row.values[0].to_string(), row.values[1].to_string()))
            .collect();
        assert_eq!(again, cypher, "{q}");
    }
}

#[test]
fn variable_length_paths() {
    let g = article();
    let r = ask(
        g,
        "MATCH (e:exercise {name: 'Steppe Eagle 2004'})-[:part_of|located_in*1..2]->(x) RETURN x.name ORDER BY x.name",
    );
    assert_eq!(column(&r, 0), ["Kazakhstan", "Steppe Eagle"]);
    // A body's country through part_of, at most 3 hops; the facts of the path come back.
    let r = ask(
        g,
        "MATCH (p:person {name: 'Sembinov'})-[:holds_position]->(b)-[:part_of*1..3]->(c:country) RETURN c.name",
    );
    assert_eq!(column(&r, 0), ["Kazakhstan"]);
    assert_eq!(r.rows[0].facts.len(), 2);
    // Zero hops: the node itself.
    let r = ask(
        g,
        "MATCH (c:country {name: 'Kazakhstan'})-[:part_of*0..1]-(x:country) RETURN x.name",
    );
    assert_eq!(column(&r, 0), ["Kazakhstan"]);
}

// --- Shortest connections ---------------------------------------------------------------

/// The shortest path between every pair of a sample of entities, in Cypher and through
/// `KnowledgeGraph::connection`, with and without relation types and an upper bound.
#[test]
fn shortest_paths_answer_as_connection_does() {
    let variants: [(&str, Filter, usize); 3] = [
        ("[*..6]", Filter::any(), 6),
        (
            "[:met|signed|participated_in|holds_position*..4]",
            Filter::any().relations(RelationSet::of(&[
                Relation::Met,
                Relation::Signed,
                Relation::ParticipatedIn,
                Relation::HoldsPosition,
            ])),
            4,
        ),
        ("[*..2]", Filter::any(), 2),
    ];
    for g in [article(), datasets::corpus()] {
        // Every seventh entity, so that the pairs spread over the whole dataset.
        let sample: Vec<EntityId> = g.entities().map(|e| e.id()).step_by(7).take(14).collect();
        for (rel, filter, max) in &variants {
            let text = format!(
                "MATCH p = shortestPath((a {{key: $a}})-{rel}-(b {{key: $b}})) RETURN p, length(p)"
            );
            let q = Query::parse(&text).expect("parses");
            let mut found = 0;
            for &a in &sample {
                for &b in &sample {
                    let key = |id| g.entity(id).expect("sampled").key().to_owned();
                    let params = Params::new().with("a", key(a)).with("b", key(b));
                    let r = g
                        .run(&q, &params, Budget::default())
                        .unwrap_or_else(|e| panic!("{text}: {e}"));
                    let expected = g
                        .connection(a, b, *filter)
                        .filter(|c| c.len() <= *max && !c.is_empty());
                    match expected {
                        None => assert!(r.rows.is_empty(), "{text} {a} {b}: {:?}", column(&r, 0)),
                        Some(c) => {
                            found += 1;
                            assert_eq!(r.rows.len(), 1, "{text} {a} {b}");
                            let row = &r.rows[0];
                            assert_eq!(row.values[0].as_path(), Some(&c));
                            assert_eq!(row.values[1], Value::Int(c.len() as i64));
                            // The row's facts are the path's.
                            let hops = set(c.hops().iter().map(|h| h.fact().id()));
                            assert_eq!(set(row.facts.iter().copied()), hops);
                        }
                    }
                }
            }
            assert!(found > 0, "{text}: no pair connected in the sample");
        }
    }
}

#[test]
fn shortest_path_on_the_article() {
    let g = article();
    let r = ask(
        g,
        "MATCH p = shortestPath((a {name: 'Mira Ricardel'})-[*]-(b {name: 'Steppe Eagle 2004'})) RETURN p, length(p) AS hops",
    );
    let c = g
        .connection(
            id(g, "Mira Ricardel"),
            id(g, "Steppe Eagle 2004"),
            Filter::any(),
        )
        .expect("connected");
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].values[0], Value::Path(c.clone()));
    // The path prints as names and relations, start to end.
    let text = r.rows[0].values[0].to_string();
    assert!(text.starts_with("Mira Ricardel -["), "{text}");
    assert_eq!(
        text.matches(" -[").count() + text.matches(" <-[").count(),
        c.len()
    );
    assert!(text.ends_with(" Steppe Eagle 2004"), "{text}");
    // Each hop's fact is cited with its sources.
    let cited = r.with_sources().to_string();
    for hop in c.hops() {
        assert!(cited.contains(&hop.fact().sources_line()), "{cited}");
    }
    // Zero hops only with a lower bound of 0.
    let same = "MATCH p = shortestPath((a {name: 'Kazakhstan'})-[*0..3]-(b {name: 'Kazakhstan'})) RETURN length(p)";
    assert_eq!(column(&ask(g, same), 0), ["0"]);
    let same = same.replace("*0..3", "*..3");
    assert!(ask(g, &same).rows.is_empty());
    // A time view applies to every fact of the path: nothing was reported before 2004.
    let r = ask(
        g,
        "MATCH p = shortestPath((a {name: 'Mira Ricardel'})-[*]-(b {name: 'Steppe Eagle 2004'})) KNOWN BY date('2003') RETURN p",
    );
    assert!(r.rows.is_empty());
}

#[test]
fn shortest_path_errors_and_budget() {
    let g = article();
    let cases = [
        (
            "MATCH p = shortestPath((a)-[*..3]->(b)) RETURN p",
            (1, 27),
            "either way",
        ),
        (
            "MATCH p = shortestPath((a)-[:met]-(b)) RETURN p",
            (1, 27),
            "variable-length",
        ),
        (
            "MATCH p = shortestPath((a)-[*2..3]-(b)) RETURN p",
            (1, 27),
            "lower bound of 0 or 1",
        ),
        (
            "MATCH p = shortestPath((a)-[*]-(b)-[*]-(c)) RETURN p",
            (1, 7),
            "one relationship between two nodes",
        ),
        (
            "MATCH p = (a)-[*]-(b) RETURN p",
            (1, 7),
            "needs `shortestPath",
        ),
        (
            "MATCH p = shortestPath((a)-[*]-(b)) RETURN p.name",
            (1, 46),
            "no properties",
        ),
        (
            "MATCH p = shortestPath((a)-[*]-(b)) RETURN length(a)",
            (1, 51),
            "length() takes a path",
        ),
        (
            "MATCH p = shortestPath((a)-[*]-(b)) RETURN p = p",
            (1, 44),
            "cannot compare a path",
        ),
        (
            "MATCH p = shortestPath((a)-[*]-(b)), (p) RETURN p",
            (1, 39),
            "is a path, not a node",
        ),
    ];
    for (q, at, message) in cases {
        let e = err(g, q);
        assert_eq!(e.position(), Some(at), "{q}: {e}");
        assert!(e.to_string().contains(message), "{q}: {e}");
    }
    // The search is charged to the query's expansions.
    let q = Query::parse(
        "MATCH p = shortestPath((a {name: 'Mira Ricardel'})-[*]-(b {name: 'Steppe Eagle 2004'})) RETURN p",
    )
    .expect("parses");
    let tight = Budget {
        max_expansions: 5,
        ..Budget::default()
    };
    assert_eq!(
        g.run(&q, &Params::new(), tight).unwrap_err(),
        CypherError::Budget {
            limit: "expansions",
            value: 5
        }
    );
}

// --- Time views, dates, evidence on the corpus ----------------------------------------------

#[test]
fn as_of_and_known_by_match_the_views() {
    let g = datasets::corpus();
    let ministry = id(g, "Ministry of Defense of Kazakhstan");
    let d = day(1999, 12, 17);
    let r = ask_with(
        g,
        "MATCH (p:person)-[h:holds_position]->(b {name: 'Ministry of Defense of Kazakhstan'}) AS OF $d RETURN DISTINCT p.name",
        &Params::new().with("d", d),
    );
    let rust: BTreeSet<String> = g
        .as_of(d)
        .post_holders(ministry)
        .map(|p| p.person.name().to_owned())
        .collect();
    assert!(rust.contains("Sat Tokpakbayev"));
    assert_eq!(set(column(&r, 0)), rust);

    let y = PartialDate::year(2004).expect("year");
    let r = ask(
        g,
        "MATCH (a)-[r:participated_in]->(b) KNOWN BY date('2004') RETURN count(*)",
    );
    let rust = g
        .known_by(y)
        .facts()
        .filter(|f| f.relation() == Relation::ParticipatedIn)
        .count();
    assert_eq!(r.rows[0].values[0], Value::Int(rust as i64));
    assert_eq!(r.rows[0].facts.len(), rust);
    // Both views at once.
    let both = ask(
        g,
        "MATCH (a)-[r:participated_in]->(b) AS OF date('2003') KNOWN BY date('2004') RETURN r",
    );
    let rust: BTreeSet<FactId> = g
        .as_of(PartialDate::year(2003).expect("year"))
        .known_by(y)
        .facts()
        .filter(|f| f.relation() == Relation::ParticipatedIn)
        .map(|f| f.id())
        .collect();
    assert_eq!(all_facts(&both), rust);
}

/// `AS OF` applies succession (one minister a day) and `KNOWN BY` shows each fact as the
/// reports out by then gave it, in the values, the conditions and the cited sources.
#[test]
fn as_of_succession_and_known_by_versions() {
    let g = datasets::corpus();
    let r = ask(
        g,
        "MATCH (p:person)-[h:holds_position]->(b {name: 'Ministry of Defense of Kazakhstan'}) AS OF date('2011-04-12') RETURN DISTINCT p.name",
    );
    let names = set(column(&r, 0));
    assert!(names.contains("Adilbek Dzhaksybekov"), "{names:?}");
    assert!(!names.contains("Daniyal Akhmetov"), "{names:?}");

    // Kazakhstan in the Partnership for Peace: dated 1995 by NATO in 2022; by the end of
    // 2004 only the DoD releases of 1998 and 1999 (the latter since the session-6 review)
    // had given it, without a date.
    let pfp =
        "MATCH (a {name: 'Kazakhstan'})-[r:participated_in]->(b {name: 'Partnership for Peace'})";
    let now = ask(g, &format!("{pfp} RETURN r.date, r.reports"));
    assert_eq!(now.rows.len(), 1);
    assert_eq!(now.rows[0].values[0].to_string(), "1995");
    assert_eq!(now.rows[0].values[1], Value::Int(4));
    let then = ask(
        g,
        &format!("{pfp} KNOWN BY date('2004') RETURN r.date, r.reports"),
    );
    assert_eq!(then.rows.len(), 1);
    assert_ne!(then.rows[0].values[0].to_string(), "1995");
    assert_eq!(then.rows[0].values[1], Value::Int(2));
    let cited = then.with_sources().to_string();
    assert!(!cited.contains("2022"), "{cited}");
    // Conditions judge the version too.
    let dated = format!("{pfp} WHERE r.date = date('1995') KNOWN BY date('2004') RETURN r");
    assert!(ask(g, &dated).rows.is_empty());
    let dated = format!("{pfp} WHERE r.date = date('1995') RETURN r");
    assert_eq!(ask(g, &dated).rows.len(), 1);
}

/// A date comparison the neighbour filter applies exactly is not evaluated again: the same
/// comparison under `NOT NOT` (which is neither pushed down nor skipped) gives the same facts,
/// whatever the operator, the literal's precision and the anchor.
#[test]
fn filtered_date_comparisons_match_evaluated_ones() {
    let g = datasets::corpus();
    let facts = |q: &str| all_facts(&ask(g, q));
    let mut nonempty = 0;
    for op in ["=", "<>", "<", "<=", ">", ">="] {
        for d in ["2004", "2004-11", "2004-11-17", "1999-12", "2008"] {
            for pattern in [
                "(a)-[r]->(b)",
                "(a)-[r:met|visited]-(b)",
                "(a {name: 'Kazakhstan'})-[r]-(b)",
            ] {
                let plain = format!("MATCH {pattern} WHERE r.date {op} date('{d}') RETURN r");
                let both = format!(
                    "MATCH {pattern} WHERE r.date >= date('1990') AND r.date {op} date('{d}') RETURN r"
                );
                let kept = facts(&plain);
                assert_eq!(
                    kept,
                    facts(&format!(
                        "MATCH {pattern} WHERE NOT NOT r.date {op} date('{d}') RETURN r"
                    )),
                    "{plain}"
                );
                assert_eq!(
                    facts(&both),
                    facts(&format!(
                        "MATCH {pattern} WHERE NOT NOT (r.date >= date('1990') AND r.date {op} date('{d}')) RETURN r"
                    )),
                    "{both}"
                );
                nonempty += usize::from(!kept.is_empty());
            }
        }
    }
    assert!(nonempty > 40, "{nonempty}");
}

#[test]
fn dates_compare_with_their_precision() {
    let g = datasets::corpus();
    let facts = |q: &str| all_facts(&ask(g, q));
    let met = |range: DateRange| -> BTreeSet<FactId> {
        g.facts()
            .filter(|f| f.relation() == Relation::Met && f.date().within(&range))
            .map(|f| f.id())
            .collect()
    };
    let y = |n| PartialDate::year(n).expect("year");
    // `=`: the fact's date lies within the literal's days.
    assert_eq!(
        facts("MATCH (a)-[m:met]-(b) WHERE m.date = date('2004') RETURN m"),
        met(DateRange::of(y(2004)))
    );
    // `>=`: on or after its first day; `<`: wholly before it.
    assert_eq!(
        facts("MATCH (a)-[m:met]-(b) WHERE m.date >= date('2004') RETURN m"),
        met(DateRange::new(y(2004), y(9999)).expect("range"))
    );
    assert_eq!(
        facts("MATCH (a)-[m:met]-(b) WHERE m.date < date('2004') RETURN m"),
        met(DateRange::new(y(1), y(2003)).expect("range"))
    );
    // The literal may stand on the left.
    assert_eq!(
        facts("MATCH (a)-[m:met]-(b) WHERE date('2004') <= m.date RETURN m"),
        facts("MATCH (a)-[m:met]-(b) WHERE m.date >= date('2004') RETURN m"),
    );
    // A month-precision fact is not "on 17 November", but is "in November".
    let article = article();
    let nov = all_facts(&ask(
        article,
        "MATCH (a)-[r]->(b) WHERE r.date = date('2004-11') RETURN r",
    ));
    let nov17 = all_facts(&ask(
        article,
        "MATCH (a)-[r]->(b) WHERE r.date = date('2004-11-17') RETURN r",
    ));
    assert!(nov17.is_subset(&nov) && nov17.len() < nov.len());
}

#[test]
fn evidence_reports_outlets_source_and_report() {
    let g = datasets::corpus();
    let r = ask(
        g,
        "MATCH (a)-[r]->(b) WHERE r.outlets >= 3 RETURN r, r.reports, r.outlets",
    );
    let rust: BTreeSet<FactId> = g
        .facts()
        .filter(|f| f.support().outlets >= 3)
        .map(|f| f.id())
        .collect();
    assert!(!rust.is_empty());
    assert_eq!(all_facts(&r), rust);
    for row in &r.rows {
        assert!(matches!(row.values[2], Value::Int(n) if n >= 3));
    }
    let r = ask(g, "MATCH (a)-[r]->(b) WHERE r.reports >= 2 RETURN r");
    let rust: BTreeSet<FactId> = g
        .facts()
        .filter(|f| f.support().reports >= 2)
        .map(|f| f.id())
        .collect();
    assert_eq!(all_facts(&r), rust);
    // A report by key: the report index.
    let (rid, report) = g.reports().nth(3).expect("a fourth report");
    let r = ask_with(
        g,
        "MATCH (a)-[r]-(b) WHERE r.report = $k RETURN DISTINCT r",
        &Params::new().with("k", report.key()),
    );
    assert_eq!(all_facts(&r), g.reported_in(rid).map(|f| f.id()).collect());
    // An outlet by name: through it (cited) or by it (published).
    let kazinform = id(g, "Kazinform");
    let r = ask(g, "MATCH (a)-[r]-(b) WHERE r.source = 'Kazinform' RETURN r");
    let rust: BTreeSet<FactId> = g
        .facts()
        .filter(|f| {
            f.sources()
                .any(|s| s.source().id() == kazinform || s.publication().id() == kazinform)
        })
        .map(|f| f.id())
        .collect();
    assert_eq!(all_facts(&r), rust);
}

#[test]
fn names_exact_folded_and_contains() {
    let g = article();
    // The pattern map is the name lookup: names and aliases, folded.
    let r = ask(g, "MATCH (b {name: '  PENTAGON '}) RETURN b.key");
    assert_eq!(column(&r, 0), ["us_department_of_defense"]);
    // WHERE `=` is exact on the canonical name.
    assert!(
        ask(g, "MATCH (b) WHERE b.name = 'pentagon' RETURN b")
            .rows
            .is_empty()
    );
    let r = ask(
        g,
        "MATCH (b) WHERE fold(b.name) = fold('UNITED STATES DEPARTMENT OF DEFENSE') RETURN b.key",
    );
    assert_eq!(column(&r, 0), ["us_department_of_defense"]);
    // CONTAINS: folded substring of the name or an alias.
    let r = ask(
        g,
        "MATCH (b:state_body) WHERE b.name CONTAINS 'pentag' RETURN b.key",
    );
    assert_eq!(column(&r, 0), ["us_department_of_defense"]);
    let r = ask(
        g,
        "MATCH (b) WHERE b.name CONTAINS 'ministry of defense' OR b.key = 'kazakhstan' RETURN b.name ORDER BY b.name",
    );
    assert_eq!(
        column(&r, 0),
        ["Kazakhstan", "Ministry of Defense of Kazakhstan"]
    );
    let r = ask(
        g,
        "MATCH (c) WHERE c.kind = 'Country' AND c.name <> 'Kazakhstan' RETURN count(c)",
    );
    let n = g
        .entities_of_kind(factgraph::EntityKind::Country)
        .filter(|e| e.name() != "Kazakhstan")
        .count();
    assert_eq!(r.rows[0].values[0], Value::Int(n as i64));
}

// --- RETURN: DISTINCT, ORDER BY, SKIP, LIMIT, count, aliases ------------------------------

#[test]
fn distinct_order_limit_and_count() {
    let g = article();
    let r = ask(
        g,
        "MATCH (a)-[r]->(b) RETURN r.relation AS rel, count(*) AS n ORDER BY n DESC, rel LIMIT 3",
    );
    assert_eq!(r.columns, ["rel", "n"]);
    assert_eq!(r.rows.len(), 3);
    let counts: Vec<i64> = r
        .rows
        .iter()
        .map(|row| match row.values[1] {
            Value::Int(n) => n,
            _ => -1,
        })
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let discussed = g
        .facts()
        .filter(|f| f.relation() == Relation::Discussed)
        .count();
    assert_eq!(column(&r, 0)[0], "discussed");
    assert_eq!(counts[0], discussed as i64);
    // The grouped row carries every fact counted.
    assert_eq!(r.rows[0].facts.len(), discussed);

    let all = ask(g, "MATCH (a:person) RETURN a.name ORDER BY a.name");
    let paged = ask(
        g,
        "MATCH (a:person) RETURN a.name ORDER BY a.name SKIP 2 LIMIT 3",
    );
    assert_eq!(column(&paged, 0), column(&all, 0)[2..5]);
    let desc = ask(g, "MATCH (a:person) RETURN a.name AS n ORDER BY n DESC");
    let mut rev = column(&all, 0);
    rev.reverse();
    assert_eq!(column(&desc, 0), rev);

    // DISTINCT merges rows and unites their facts.
    let r = ask(
        g,
        "MATCH (a {name: 'Kazakhstan'})-[r]-(b) RETURN DISTINCT r.relation ORDER BY r.relation",
    );
    let rels: BTreeSet<String> = g
        .neighbours(id(g, "Kazakhstan"), Filter::any())
        .map(|h| h.fact().relation().to_string())
        .collect();
    assert_eq!(set(column(&r, 0)), rels);
    assert_eq!(column(&r, 0).len(), rels.len());
    let hops = g.neighbours(id(g, "Kazakhstan"), Filter::any()).count();
    assert_eq!(
        r.rows.iter().map(|row| row.facts.len()).sum::<usize>(),
        hops
    );
}

#[test]
fn parameters() {
    let g = article();
    let p = Params::new()
        .with("who", "Sembinov")
        .with("n", 2)
        .with("since", PartialDate::month(2004, 11).expect("month"))
        .with("yes", true);
    let r = ask_with(
        g,
        "MATCH (p {name: $who})-[m:met]-(q) WHERE m.date >= $since AND m.stated = $yes RETURN q.name ORDER BY q.name LIMIT $n",
        &p,
    );
    assert_eq!(column(&r, 0), ["James MacDougall", "Mira Ricardel"]);
    let r = ask_with(
        g,
        "MATCH (p {name: $who})-[m:met]-(q) WHERE m.date = date($d) RETURN count(*)",
        &Params::new()
            .with("who", "Sembinov")
            .with("d", "2004-11-19"),
    );
    assert_eq!(r.rows[0].values[0], Value::Int(3));
    // A parameter not given.
    let e = g
        .query("MATCH (p {name: $who}) RETURN p", &Params::new())
        .unwrap_err();
    assert_eq!(e.to_string(), "1:17: parameter `$who` is not given");
    assert!(matches!(e, CypherError::UnknownParameter { ref name, .. } if name == "who"));
    // The wrong type.
    let e = g
        .query(
            "MATCH (p)-[m:met]-(q) WHERE m.reports >= $who RETURN p",
            &Params::new().with("who", "x"),
        )
        .unwrap_err();
    assert!(matches!(e, CypherError::Type { .. }), "{e}");
}

// --- Errors: message and exact location -----------------------------------------------------

#[test]
fn unknown_names_with_suggestions_and_locations() {
    let g = article();
    let cases = [
        (
            "MATCH (p:Persn) RETURN p",
            "1:10: unknown entity kind `Persn`; did you mean `person`?",
        ),
        (
            "MATCH (p:person)\n  -[:mett]-(q)\nRETURN p",
            "2:6: unknown relation `mett`; did you mean `met`?",
        ),
        (
            "MATCH (p)-[m:met]-(q) RETURN m.dat",
            "1:32: unknown relationship property `dat`; did you mean `date`?",
        ),
        (
            "MATCH (p)-[m:met]-(q) RETURN p.nmae",
            "1:32: unknown node property `nmae`; did you mean `name`?",
        ),
        (
            "MATCH (p)-[m]-(q) WHERE m.modality = 'planed' RETURN p",
            "1:38: unknown modality `planed`; did you mean `planned`?",
        ),
        (
            "MATCH (p) WHERE p.kind = 'persn' RETURN p",
            "1:26: unknown entity kind `persn`; did you mean `person`?",
        ),
        (
            "MATCH (p) RETURN lenght(p)",
            "1:18: unknown function `lenght`; did you mean `length`?",
        ),
        (
            "MATCH (p {nam: 'x'}) RETURN p",
            "1:11: unknown node pattern property `nam`; did you mean `name`?",
        ),
    ];
    for (q, want) in cases {
        let message = err(g, q).to_string();
        assert!(message.starts_with(want), "{q}: {message}");
        // Then the whole vocabulary, so that the user need not guess again.
        assert!(message.ends_with(')'), "{q}: {message}");
    }
    let message = err(g, "MATCH (p)-[m:met]-(q) RETURN m.plac").to_string();
    for property in [
        "place",
        "recipient",
        "title",
        "rank",
        "from",
        "until",
        "url",
        "speaker",
    ] {
        assert!(message.contains(&format!(" {property},")), "{message}");
    }
}

#[test]
fn patterns_the_schema_does_not_allow() {
    let g = article();
    let e = err(g, "MATCH (c:Country)-[:met]->(a:Agreement) RETURN c");
    assert_eq!(
        e.to_string(),
        "1:18: no schema allows (country)-[:met]->(agreement): the relation does not join these kinds"
    );
    assert!(matches!(&e, CypherError::Schema { relation, .. } if relation == "met"));
    // Direction matters: an agreement signs nothing.
    let e = err(g, "MATCH (a:agreement)-[:signed]->(p:person) RETURN a");
    assert_eq!(e.position(), Some((1, 20)));
    // ...and the same pattern the other way is allowed.
    ask(g, "MATCH (a:agreement)<-[:signed]-(p:person) RETURN a");
    ask(g, "MATCH (a:agreement)-[:signed]-(p:person) RETURN a");
    // No relation at all joins a source to an equipment.
    let e = err(g, "MATCH (s:source)-[]->(e:equipment) RETURN s");
    assert!(e.to_string().contains("any relation"), "{e}");
}

#[test]
fn undefined_variables_and_type_errors() {
    let g = article();
    let cases = [
        (
            "MATCH (p)-[m:met]-(q) WHERE x.name = 'a' RETURN p",
            "1:29: variable `x` is not defined",
        ),
        (
            "MATCH (person)-[m:met]-(q) RETURN persn",
            "1:35: variable `persn` is not defined; did you mean `person`?",
        ),
        (
            "MATCH (p)-[m:met]-(q) RETURN p ORDER BY q.name",
            "1:41: ORDER BY `q.name`: order by a returned expression or a column alias",
        ),
        (
            "MATCH (p)-[m:met]-(q) WHERE m.date >= '2004' RETURN p",
            "1:29: cannot compare a date with a string by `>=`",
        ),
        (
            "MATCH (p) WHERE p.name RETURN p",
            "1:17: WHERE needs a boolean, not a string",
        ),
        (
            "MATCH (p) WHERE count(*) > 1 RETURN p",
            "1:17: count() may only stand as a whole RETURN item",
        ),
        (
            "MATCH (p)-[m]-(q) WHERE m.date = date('2004-13') RETURN p",
            "1:39: month 13 is out of range (1 to 12)",
        ),
        (
            "MATCH (p)-[m]-(q)-[m]-(r) RETURN p",
            "1:20: variable `m` is already bound",
        ),
        (
            "MATCH (p)-[m*1..2]-(q) RETURN m",
            "1:31: `m` names a variable-length relationship, which this subset cannot return or compare; its facts are in each row's facts",
        ),
    ];
    for (q, want) in cases {
        assert_eq!(err(g, q).to_string(), want, "{q}");
    }
}

#[test]
fn syntax_errors_are_located() {
    let cases = [
        ("RETURN 1", (1, 1), "expected `MATCH`, found `RETURN`"),
        (
            "MATCH (p:person\nRETURN p",
            (2, 1),
            "expected `)` closing the node pattern, found `RETURN`",
        ),
        (
            "MATCH (p)\n  WHERE p.name = \"x\n RETURN p",
            (2, 18),
            "string not closed",
        ),
        (
            "MATCH (p) RETURN p LIMIT -1",
            (1, 26),
            "expected an integer or a parameter, found `-`",
        ),
        ("MATCH (p) RETURN p ;", (1, 20), "unexpected character `;`"),
        (
            "MATCH (p)-[:met*1..x]-(q) RETURN p",
            (1, 20),
            "expected `]` closing the relationship pattern, found `x`",
        ),
        (
            "MATCH (p) AS OF RETURN p",
            (1, 17),
            "expected an expression, found `RETURN`",
        ),
    ];
    for (q, pos, msg) in cases {
        let e = Query::parse(q).unwrap_err();
        assert_eq!(e.position(), Some(pos), "{q}: {e}");
        assert!(e.to_string().ends_with(msg), "{q}: {e}");
        assert!(matches!(e, CypherError::Syntax { .. }));
    }
}

// --- Budgets and planning --------------------------------------------------------------------

#[test]
fn budgets_say_which_limit() {
    let g = datasets::corpus();
    let q = Query::parse("MATCH (a)-[]-(b)-[]-(c) RETURN count(*)").expect("parses");
    let run = |b: Budget| g.run(&q, &Params::new(), b);
    let e = run(Budget {
        max_expansions: 1000,
        ..Budget::default()
    })
    .unwrap_err();
    assert_eq!(
        e,
        CypherError::Budget {
            limit: "expansions",
            value: 1000
        }
    );
    assert_eq!(
        e.to_string(),
        "query stopped: it exceeds the budget's expansions limit of 1000"
    );
    let e = run(Budget {
        max_rows: 10,
        ..Budget::default()
    })
    .unwrap_err();
    assert!(matches!(
        e,
        CypherError::Budget {
            limit: "rows",
            value: 10
        }
    ));
    let e = run(Budget {
        max_time: std::time::Duration::ZERO,
        ..Budget::default()
    })
    .unwrap_err();
    assert!(matches!(e, CypherError::Budget { limit: "time", .. }));
    // Path lengths: an explicit bound above the cap is refused before running.
    let e = g
        .query("MATCH (a)-[:part_of*1..9]->(b) RETURN a", &Params::new())
        .unwrap_err();
    assert_eq!(
        e,
        CypherError::Budget {
            limit: "hops",
            value: 6
        }
    );
    assert!(e.position().is_none());
}

#[test]
fn anchored_queries_use_the_indexes_not_a_scan() {
    let g = datasets::corpus();
    // A handful of expansions is enough from a name or a key: the anchor is looked up,
    // then only its own facts are followed.
    let small = Budget {
        max_expansions: 60,
        ..Budget::default()
    };
    for q in [
        "MATCH (p:person)-[m:met]-(q:person {name: 'Sembinov'}) RETURN p",
        "MATCH (x)-[:participated_in]->(e {key: 'steppe_eagle_2004'}) RETURN x",
        // The anchor is chosen whatever the order the patterns are written in.
        "MATCH (a:country)-[:hosted]->(e), (e)<-[:participated_in]-(p {name: 'Sembinov'}) RETURN a",
    ] {
        let parsed = Query::parse(q).expect("parses");
        g.run(&parsed, &Params::new(), small)
            .unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    // Unanchored, the same budget is not enough.
    let parsed = Query::parse("MATCH (x)-[:participated_in]->(e) RETURN x").expect("parses");
    assert!(g.run(&parsed, &Params::new(), small).is_err());
}

#[test]
fn tables_are_aligned() {
    let g = article();
    let r = ask(
        g,
        "MATCH (p:person {name: 'Sembinov'})-[m:met]-(q) RETURN q.name AS who, m.date ORDER BY who LIMIT 2",
    );
    assert_eq!(
        r.to_string(),
        "who              | m.date\n\
         -----------------+---------------------------\n\
         James MacDougall | 2004-11-19 (year inferred)\n\
         Mira Ricardel    | 2004-11-19 (year inferred)\n\
         (2 rows)\n"
    );
}

// --- Printing and parsing -----------------------------------------------------------------

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,5}".prop_filter("not a keyword", |s| {
        ![
            "as", "by", "or", "of", "and", "asc", "desc", "not", "skip", "limit", "match", "where",
            "order", "known", "return", "distinct", "contains", "true", "false",
        ]
        .contains(&s.as_str())
    })
}

fn string() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[ -~\\n\\té\"'\\\\]{0,6}").expect("regex")
}

fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        string().prop_map(|s| format!("{s:?}")),
        (0i64..10_000).prop_map(|n| n.to_string()),
        Just("true".to_owned()),
        Just("FALSE".to_owned()),
        ident().prop_map(|p| format!("${p}")),
    ]
}

fn operand() -> impl Strategy<Value = String> {
    prop_oneof![
        literal(),
        ident(),
        (ident(), ident()).prop_map(|(v, p)| format!("{v}.{p}")),
        (ident(), literal()).prop_map(|(f, a)| format!("{f}({a})")),
        Just("count(*)".to_owned()),
    ]
}

fn condition() -> impl Strategy<Value = String> {
    let leaf = (
        operand(),
        prop::sample::select(vec![
            "=", "<>", "<", "<=", ">", ">=", "CONTAINS", "contains",
        ]),
        operand(),
    )
        .prop_map(|(a, op, b)| format!("{a} {op} {b}"));
    leaf.prop_recursive(4, 16, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} AND {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) or {b}")),
            inner.clone().prop_map(|a| format!("NOT ({a})")),
            inner.prop_map(|a| format!("(({a}))")),
        ]
    })
}

fn node() -> impl Strategy<Value = String> {
    (
        prop::option::of(ident()),
        prop::option::of(ident()),
        prop::collection::vec((ident(), literal()), 0..3),
    )
        .prop_map(|(v, l, props)| {
            let mut s = String::from("(");
            if let Some(v) = v {
                s.push_str(&v);
            }
            if let Some(l) = l {
                s.push(':');
                s.push_str(&l);
            }
            if !props.is_empty() {
                let p: Vec<String> = props.iter().map(|(k, v)| format!("{k}:{v}")).collect();
                s.push_str(&format!(" {{{}}}", p.join(",")));
            }
            s.push(')');
            s
        })
}

fn rel() -> impl Strategy<Value = String> {
    (
        prop::option::of(ident()),
        prop::collection::vec(ident(), 0..3),
        prop::option::of((
            prop::option::of(0u32..5),
            prop::option::of(0u32..5),
            any::<bool>(),
        )),
        0..4usize,
    )
        .prop_map(|(v, types, len, arrow)| {
            let mut inner = v.unwrap_or_default();
            if !types.is_empty() {
                inner.push(':');
                inner.push_str(&types.join("|"));
            }
            if let Some((a, b, range)) = len {
                inner.push('*');
                if let Some(a) = a {
                    inner.push_str(&a.to_string());
                }
                if range {
                    inner.push_str("..");
                    if let Some(b) = b {
                        inner.push_str(&b.to_string());
                    }
                }
            }
            match arrow {
                0 => format!("-[{inner}]->"),
                1 => format!("<-[{inner}]-"),
                2 => format!("-[{inner}]-"),
                _ => "--".to_owned(),
            }
        })
}

fn pattern() -> impl Strategy<Value = String> {
    let plain = (node(), prop::collection::vec((rel(), node()), 0..3)).prop_map(|(n, steps)| {
        let mut s = n;
        for (r, n) in steps {
            s.push_str(&r);
            s.push_str(&n);
        }
        s
    });
    // A path variable and `shortestPath(...)`, each optional, around any pattern.
    (
        prop::option::of(ident()),
        prop::sample::select(vec!["", "shortestPath", "SHORTESTPATH", "shortestpath"]),
        plain,
    )
        .prop_map(|(var, shortest, body)| {
            let mut s = var.map(|v| format!("{v}= ")).unwrap_or_default();
            if shortest.is_empty() {
                s.push_str(&body);
            } else {
                s.push_str(&format!("{shortest}( {body} )"));
            }
            s
        })
}

fn query() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            (
                prop::collection::vec(pattern(), 1..3),
                prop::option::of(condition()),
            ),
            1..3,
        ),
        prop::option::of(operand()),
        prop::option::of(operand()),
        any::<bool>(),
        prop::collection::vec((operand(), prop::option::of(ident())), 1..4),
        prop::collection::vec((operand(), 0..3usize), 0..3),
        prop::option::of(0i64..100),
        prop::option::of(ident()),
    )
        .prop_map(
            |(matches, as_of, known_by, distinct, items, order, skip, limit)| {
                let mut q = String::new();
                for (patterns, filter) in matches {
                    q.push_str(&format!("MATCH {}", patterns.join(", ")));
                    if let Some(f) = filter {
                        q.push_str(&format!("\n  WHERE {f}"));
                    }
                    q.push(' ');
                }
                if let Some(d) = as_of {
                    q.push_str(&format!("AS OF {d} "));
                }
                if let Some(d) = known_by {
                    q.push_str(&format!("known by {d} "));
                }
                q.push_str("RETURN ");
                if distinct {
                    q.push_str("DISTINCT ");
                }
                let items: Vec<String> = items
                    .into_iter()
                    .map(|(e, a)| match a {
                        Some(a) => format!("{e} AS {a}"),
                        None => e,
                    })
                    .collect();
                q.push_str(&items.join(", "));
                if !order.is_empty() {
                    let o: Vec<String> = order
                        .into_iter()
                        .map(|(e, d)| format!("{e}{}", ["", " ASC", " desc"][d]))
                        .collect();
                    q.push_str(&format!(" ORDER BY {}", o.join(", ")));
                }
                if let Some(s) = skip {
                    q.push_str(&format!(" SKIP {s}"));
                }
                if let Some(l) = limit {
                    q.push_str(&format!(" LIMIT ${l}"));
                }
                q
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn printing_a_parsed_query_parses_back_to_it(text in query()) {
        let q = Query::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}\n{e}")))?;
        let printed = q.to_string();
        let again = Query::parse(&printed)
            .map_err(|e| TestCaseError::fail(format!("{printed}\n{e}")))?;
        prop_assert_eq!(&again, &q, "{}", printed);
        // Printing is a normal form.
        prop_assert_eq!(again.to_string(), printed);
    }

    #[test]
    fn any_text_parses_or_fails_with_a_location_inside_it(text in "\\PC{0,40}") {
        if let Err(e) = Query::parse(&text) {
            let (line, column) = e.position().expect("parse errors are located");
            let lines: Vec<&str> = text.split('\n').collect();
            prop_assert!(line >= 1 && (line as usize) <= lines.len(), "{e}");
            let len = lines[line as usize - 1].chars().count();
            prop_assert!(column >= 1 && (column as usize) <= len + 1, "{e}");
        }
    }
}

/// Every query of `docs/CYPHER.md`'s examples runs, on the corpus, and answers something.
#[test]
fn the_documented_examples_run() {
    let doc = include_str!("../docs/CYPHER.md");
    let g = datasets::corpus();
    let mut n = 0;
    for block in doc.split("```cypher").skip(1) {
        let block = block.split("```").next().unwrap_or_default();
        for q in block.split("\n\n") {
            let text: Vec<&str> = q
                .lines()
                .filter(|l| !l.trim_start().starts_with("//") && !l.trim().is_empty())
                .collect();
            if text.is_empty() {
                continue;
            }
            let q = text.join("\n");
            let r = ask(g, &q);
            assert!(!r.rows.is_empty(), "{q} answers nothing");
            n += 1;
        }
    }
    assert_eq!(n, 13);
}

/// The guide's Cypher output is what the query prints.
#[test]
fn the_guide_shows_the_real_output() {
    let guide = include_str!("../docs/GUIDE.md");
    let section = guide
        .split("## Asking in Cypher")
        .nth(1)
        .expect("the guide has the section");
    let shown = section
        .split("```text\n")
        .nth(1)
        .and_then(|t| t.split("```").next())
        .expect("an output block");
    let r = ask_with(
        article(),
        r#"MATCH (p:Person)-[m:met]-(:Person {name: $who}) RETURN p.name AS who, m.date AS when ORDER BY who"#,
        &Params::new().with("who", "Sembinov"),
    );
    assert_eq!(r.with_sources().to_string(), shown);
}

/// A dated relationship between two loose nodes starts from the date index; the matches
/// are those of the Rust API: every fact of the relation within the window, each way the
/// arrow (or a symmetric relation) allows, with the ends' kinds.
#[test]
fn date_windows_match_the_rust_api_whichever_anchor_the_plan_takes() {
    use factgraph::{DateRange, EntityKind, PartialDate, Relation};
    let g = factgraph::datasets::corpus();
    let mut checked = 0;
    for (rel, relation) in [
        ("met", Relation::Met),
        ("participated_in", Relation::ParticipatedIn),
        ("visited", Relation::Visited),
    ] {
        for arrow in ["->", "<-", "-"] {
            for kind in [None, Some(EntityKind::Country), Some(EntityKind::Person)] {
                for (from, to) in [("2004", "2004"), ("1998", "2008-06"), ("2013-05", "2019")] {
                    let left = kind.map_or("a".to_owned(), |k| format!("a:{k}"));
                    let (l, r) = match arrow {
                        "->" => ("-", "->"),
                        "<-" => ("<-", "-"),
                        _ => ("-", "-"),
                    };
                    let text = format!(
                        "MATCH ({left}){l}[r:{rel}]{r}(b) WHERE r.date >= date(\"{from}\") AND r.date <= date(\"{to}\") RETURN a.key, b.key"
                    );
                    let result = match g.query(&text, &Params::new()) {
                        Ok(r) => Some(r),
                        // A pattern no schema allows: checked below to match nothing.
                        Err(CypherError::Schema { .. }) => None,
                        Err(e) => panic!("{text}: {e}"),
                    };
                    let got: Vec<(String, String)> = {
                        let mut v: Vec<_> = result
                            .iter()
                            .flat_map(|r| r.rows.iter())
                            .map(|row| (row.values[0].to_string(), row.values[1].to_string()))
                            .collect();
                        v.sort();
                        v
                    };
                    let range = DateRange::new(
                        from.parse::<PartialDate>().unwrap(),
                        to.parse::<PartialDate>().unwrap(),
                    )
                    .unwrap();
                    let mut want = Vec::new();
                    for f in g.facts_of_relation(relation) {
                        if !f.date().within(&range) {
                            continue;
                        }
                        let (s, o) = (f.subject(), f.object());
                        let ways = if arrow == "-" || relation.is_symmetric() {
                            vec![(s, o), (o, s)]
                        } else if arrow == "<-" {
                            vec![(o, s)]
                        } else {
                            vec![(s, o)]
                        };
                        for (a, b) in ways {
                            if kind.is_none_or(|k| a.kind() == k) {
                                want.push((a.key().to_owned(), b.key().to_owned()));
                            }
                        }
                    }
                    want.sort();
                    assert_eq!(got, want, "{text}");
                    checked += want.len();
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

/// Grouping by one entity (found by its number) and by its key (hashed) give the same
/// groups, counts and facts; paging without ordering slices the matches.
#[test]
fn grouping_by_entity_and_by_key_agree_and_paging_slices() {
    let g = datasets::corpus();
    let by_entity = ask(
        g,
        "MATCH (a)-[:participated_in]->(b) RETURN b, count(*) AS n",
    );
    let by_key = ask(
        g,
        "MATCH (a)-[:participated_in]->(b) RETURN b.key, count(*) AS n",
    );
    assert!(by_entity.rows.len() > 5);
    assert_eq!(by_entity.rows.len(), by_key.rows.len());
    for (x, y) in by_entity.rows.iter().zip(&by_key.rows) {
        let e = x.values[0].as_entity().expect("an entity");
        assert_eq!(y.values[0].as_str(), Some(e.key()));
        assert_eq!(x.values[1], y.values[1]);
        assert_eq!(x.facts, y.facts);
        let Value::Int(n) = x.values[1] else {
            panic!("a count")
        };
        assert!(n >= 1 && !x.facts.is_empty());
        assert!(x.facts.windows(2).all(|w| w[0] < w[1]));
    }
    let distinct = ask(g, "MATCH (a)-[:participated_in]->(b) RETURN DISTINCT b");
    assert_eq!(column(&distinct, 0), column(&by_entity, 0));
    let all = ask(g, "MATCH (a)-[:participated_in]->(b) RETURN a, b");
    let page = ask(
        g,
        "MATCH (a)-[:participated_in]->(b) RETURN a, b SKIP 3 LIMIT 4",
    );
    assert_eq!(page.rows, all.rows[3..7].to_vec());
    let past = ask(
        g,
        "MATCH (a)-[:participated_in]->(b) RETURN a SKIP 100000 LIMIT 4",
    );
    assert!(past.rows.is_empty());
}

/// A prepared query gives, run after run with other parameters, the rows and facts
/// `KnowledgeGraph::run` gives.
#[test]
fn a_prepared_query_answers_as_run_does() {
    let g = datasets::corpus();
    let q = Query::parse(
        "MATCH (a {name: $n})-[r]-(b) WHERE r.date >= $since RETURN b.name, r.date, count(*) ORDER BY b.name",
    )
    .unwrap();
    let since = PartialDate::year(2000).unwrap();
    let params = |n: &str| Params::new().with("n", n).with("since", since);
    let mut prepared = q.prepare(g, &params("Kazakhstan")).unwrap();
    for name in ["Kazakhstan", "Sembinov", "Nobody at all", "Kazakhstan"] {
        let p = params(name);
        let rows = prepared.run(&p).unwrap().to_result();
        let expected = g.run(&q, &p, Budget::default()).unwrap();
        assert_eq!(rows.rows, expected.rows, "{name}");
        assert_eq!(rows.rows.is_empty(), name == "Nobody at all", "{name}");
        assert_eq!(rows.columns, expected.columns);
    }
    // A parameter of another type is checked again, with the same error.
    let bad = Params::new().with("n", 3).with("since", since);
    assert_eq!(
        prepared.run(&bad).unwrap_err(),
        g.run(&q, &bad, Budget::default()).unwrap_err()
    );
    assert!(prepared.run(&Params::new()).is_err());
}
