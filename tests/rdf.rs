//! The RDF export read back by Oxigraph's parsers (`oxttl`) and compared with the graph.
//!
//! Every test parses the N-Triples with `oxttl::NTriplesParser` and the Turtle with
//! `oxttl::TurtleParser`, checks that both hold the same set of triples, and compares that
//! set with the triples expected from the graph, built here with `oxrdf` terms. The
//! N-Quads and TriG exports are parsed with `oxttl::NQuadsParser` and `oxttl::TriGParser`
//! and checked against the N-Triples and the report graphs.
#![cfg(feature = "rdf")]

use std::collections::HashSet;

use factgraph::interchange::rdf::{
    self, DEFAULT_BASE, InvalidBaseIri, NAMESPACE, RdfOptions, attribute_iri, class_iri,
    relation_iri,
};
use factgraph::{
    Amount, Attribution, Bound, Entity, EntityKind, Fact, FactDate, FactId, FactKey, FactRef,
    KnowledgeGraph, Modality, PartialDate, Precision, Qualifier, QuantityKind, Relation, Report,
    Role, Span, Unit, datasets,
};
use oxrdf::vocab::{rdf as rdfv, rdfs, xsd};
use oxrdf::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Subject, Term, Triple};
use oxttl::{NQuadsParser, NTriplesParser, TriGParser, TurtleParser};

type Error = Box<dyn std::error::Error>;

// ----------------------------------------------------------------------------------------
// Parsing

fn parse_ntriples(text: &str) -> Result<Vec<Triple>, Error> {
    let mut out = Vec::new();
    for t in NTriplesParser::new().for_slice(text.as_bytes()) {
        out.push(t?);
    }
    Ok(out)
}

fn parse_turtle(text: &str) -> Result<Vec<Triple>, Error> {
    let mut out = Vec::new();
    for t in TurtleParser::new().for_slice(text.as_bytes()) {
        out.push(t?);
    }
    Ok(out)
}

/// Exports both syntaxes, parses both, checks they hold the same triples (and that the
/// N-Triples has one line per distinct triple), and returns the set.
fn export_and_parse(g: &KnowledgeGraph, o: &RdfOptions) -> Result<HashSet<Triple>, Error> {
    let nt = rdf::to_ntriples(g, o);
    let ttl = rdf::to_turtle(g, o);
    let nt_triples = parse_ntriples(&nt)?;
    let ttl_triples = parse_turtle(&ttl)?;
    let nt_set: HashSet<Triple> = nt_triples.iter().cloned().collect();
    let ttl_set: HashSet<Triple> = ttl_triples.iter().cloned().collect();
    assert_eq!(
        nt_set.len(),
        nt_triples.len(),
        "duplicate triples in N-Triples"
    );
    assert_eq!(nt.lines().count(), nt_triples.len(), "one triple per line");
    assert_eq!(
        nt_set.len(),
        ttl_set.len(),
        "N-Triples and Turtle differ in size"
    );
    let only_nt: Vec<_> = nt_set.difference(&ttl_set).collect();
    let only_ttl: Vec<_> = ttl_set.difference(&nt_set).collect();
    assert!(
        only_nt.is_empty() && only_ttl.is_empty(),
        "only in N-Triples: {only_nt:#?}\nonly in Turtle: {only_ttl:#?}"
    );
    // The writer-based variants write the same text.
    let mut buf = Vec::new();
    rdf::write_ntriples(g, o, &mut buf)?;
    assert_eq!(String::from_utf8(buf)?, nt);
    let mut buf = Vec::new();
    rdf::write_turtle(g, o, &mut buf)?;
    assert_eq!(String::from_utf8(buf)?, ttl);
    check_quads(g, o, &nt_set)?;
    Ok(nt_set)
}

/// The N-Quads and TriG exports: both parse to the same quads; without their graph names
/// they are the triples of the N-Triples; each report's graph holds the facts it supports
/// and their attributions from it, the default graph the rest.
fn check_quads(g: &KnowledgeGraph, o: &RdfOptions, triples: &HashSet<Triple>) -> Result<(), Error> {
    let nq = rdf::to_nquads(g, o);
    let trig = rdf::to_trig(g, o);
    let mut nq_quads = HashSet::new();
    for q in NQuadsParser::new().for_slice(nq.as_bytes()) {
        nq_quads.insert(q?);
    }
    let mut trig_quads = HashSet::new();
    for q in TriGParser::new().for_slice(trig.as_bytes()) {
        trig_quads.insert(q?);
    }
    assert_eq!(
        nq.lines().count(),
        nq_quads.len(),
        "one distinct quad per line"
    );
    assert!(nq_quads == trig_quads, "N-Quads and TriG differ");
    let flattened: HashSet<Triple> = nq_quads
        .iter()
        .map(|q| Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone()))
        .collect();
    assert!(
        &flattened == triples,
        "N-Quads without graphs differ from N-Triples"
    );
    let mut buf = Vec::new();
    rdf::write_nquads(g, o, &mut buf)?;
    assert_eq!(String::from_utf8(buf)?, nq);
    let mut buf = Vec::new();
    rdf::write_trig(g, o, &mut buf)?;
    assert_eq!(String::from_utf8(buf)?, trig);

    let has = |graph: &GraphName, s: &str, p: NamedNode, obj: Term| {
        nq_quads.contains(&Quad::new(iri(s), p, obj, graph.clone()))
    };
    for e in g.entities() {
        let class: Term = iri(&class_iri(e.kind())).into();
        assert!(has(
            &GraphName::DefaultGraph,
            &o.entity_iri(e.key()),
            rdfv::TYPE.into_owned(),
            class
        ));
    }
    for f in g.facts() {
        let fact_iri = o.fact_iri(g, f.id()).ok_or("no fact IRI")?;
        let fact_class: Term = fg("Fact").into();
        let mut in_default = f.sources().len() == 0;
        for (i, s) in f.sources().enumerate() {
            let graph = match s.report() {
                Some(r) => GraphName::NamedNode(iri(&o.report_iri(r.key()))),
                None => {
                    in_default = true;
                    GraphName::DefaultGraph
                }
            };
            let attribution = o
                .attribution_iri(g, f.id(), i)
                .ok_or("no attribution IRI")?;
            let attribution_class: Term = fg("Attribution").into();
            assert!(
                has(
                    &graph,
                    &fact_iri,
                    rdfv::TYPE.into_owned(),
                    fact_class.clone()
                ),
                "{fact_iri} in {graph}"
            );
            assert!(
                has(
                    &graph,
                    &attribution,
                    rdfv::TYPE.into_owned(),
                    attribution_class
                ),
                "{attribution} in {graph}"
            );
        }
        assert_eq!(
            has(
                &GraphName::DefaultGraph,
                &fact_iri,
                rdfv::TYPE.into_owned(),
                fact_class
            ),
            in_default,
            "{fact_iri} in the default graph"
        );
    }
    Ok(())
}

// ----------------------------------------------------------------------------------------
// The expected triples, built independently of the writer with oxrdf terms

fn iri(s: &str) -> NamedNode {
    NamedNode::new(s).unwrap_or_else(|e| panic!("invalid IRI {s:?}: {e}"))
}

fn fg(local: &str) -> NamedNode {
    iri(&format!("{NAMESPACE}{local}"))
}

fn plain(s: &str) -> Term {
    Literal::new_simple_literal(s).into()
}

fn typed(s: &str, datatype: NamedNodeRef<'_>) -> Term {
    Literal::new_typed_literal(s, datatype).into()
}

fn boolean(b: bool) -> Term {
    typed(if b { "true" } else { "false" }, xsd::BOOLEAN)
}

fn integer(n: usize) -> Term {
    typed(&n.to_string(), xsd::INTEGER)
}

fn date_literal(d: PartialDate) -> Term {
    let datatype = match d.precision() {
        Precision::Day => xsd::DATE,
        Precision::Month => xsd::G_YEAR_MONTH,
        Precision::Year => xsd::G_YEAR,
        other => panic!("no XSD datatype expected for {other:?}"),
    };
    typed(&d.to_string(), datatype)
}

struct Expected {
    set: HashSet<Triple>,
}

impl Expected {
    fn add(&mut self, s: &NamedNode, p: NamedNode, o: impl Into<Term>) {
        self.set.insert(Triple::new(s.clone(), p, o));
    }

    fn date(&mut self, s: &NamedNode, name: &str, inferred: &str, date: FactDate) {
        // XSD-typed where the value fits; a qualified end has no XSD form.
        let typed = |this: &mut Self, p: String, d: PartialDate| {
            if d.qualifier() == Qualifier::None {
                this.add(s, fg(&p), date_literal(d));
            }
        };
        match date.span() {
            Span::Unknown => return,
            Span::On(d) => typed(self, name.to_owned(), d),
            Span::Between(a, b) => {
                typed(self, format!("{name}_start"), a);
                typed(self, format!("{name}_end"), b);
            }
            Span::Interval(a, b) => {
                if let Bound::Date(a) = a {
                    typed(self, format!("{name}_start"), a);
                }
                if let Bound::Date(b) = b {
                    typed(self, format!("{name}_end"), b);
                }
            }
            _ => panic!("a date form this test does not know: {date}"),
        }
        if date.is_qualified() || date.is_open_ended() {
            self.add(
                s,
                fg(&format!("{name}_edtf")),
                Literal::new_simple_literal(date.to_string()),
            );
        }
        self.add(s, fg(inferred), boolean(date.year_inferred()));
    }
}

/// The IRI of every fact, in fact order, computed here from the documented rule: base +
/// `fact/` + the 16-hex key, with `-<fact number>` for the second and later facts of one key.
/// Also checks that `RdfOptions::fact_iri` gives the same.
fn fact_iris(g: &KnowledgeGraph, o: &RdfOptions) -> Vec<String> {
    let mut seen = HashSet::new();
    g.facts()
        .map(|f| {
            let key = g.fact_key(f.id()).expect("a fact of g has a key");
            let hex = key.to_string();
            assert_eq!(hex.len(), 16);
            assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()));
            let s = if seen.insert(key) {
                format!("{}fact/{hex}", o.base())
            } else {
                format!("{}fact/{hex}-{}", o.base(), f.id().index())
            };
            assert_eq!(o.fact_iri(g, f.id()).as_deref(), Some(s.as_str()));
            s
        })
        .collect()
}

/// `RdfOptions::fact_iri` for a fact of `g`.
fn fact_iri(g: &KnowledgeGraph, o: &RdfOptions, id: FactId) -> String {
    o.fact_iri(g, id).expect("a fact of g")
}

/// `RdfOptions::attribution_iri` for a fact of `g`.
fn attribution_iri(g: &KnowledgeGraph, o: &RdfOptions, id: FactId, i: usize) -> String {
    o.attribution_iri(g, id, i).expect("a fact of g")
}

/// The IRI of a report from the documented rule: base + `report/` + the key encoded as an
/// entity key is (whose encoding `hostile_keys_yield_valid_reversible_iris` checks).
fn report_iri(o: &RdfOptions, key: &str) -> String {
    let entity = o.entity_iri(key);
    let segment = entity.strip_prefix(o.base()).expect("under the base");
    let r = format!("{}report/{segment}", o.base());
    assert_eq!(o.report_iri(key), r);
    r
}

fn expected_triples(g: &KnowledgeGraph, o: &RdfOptions) -> HashSet<Triple> {
    let mut x = Expected {
        set: HashSet::new(),
    };
    let ent = |key: &str| iri(&o.entity_iri(key));
    if let Some(title) = g.title() {
        let s = iri(o.base());
        x.add(&s, rdfv::TYPE.into(), fg("Dataset"));
        x.add(&s, fg("title"), plain(title));
    }
    for e in g.entities() {
        let s = ent(e.key());
        x.add(&s, rdfv::TYPE.into(), iri(&class_iri(e.kind())));
        x.add(&s, rdfs::LABEL.into(), plain(e.name()));
        x.add(&s, fg("key"), plain(e.key()));
        x.add(&s, fg("name"), plain(e.name()));
        for a in e.aliases() {
            x.add(&s, fg("alias"), plain(a));
        }
        for (k, v) in e.attributes() {
            x.add(&s, iri(&attribute_iri(k)), plain(v));
        }
        if let Some(n) = e.note() {
            x.add(&s, fg("note"), plain(n));
        }
    }
    for (_, r) in g.reports() {
        let s = iri(&report_iri(o, r.key()));
        x.add(&s, rdfv::TYPE.into(), fg("Report"));
        let outlet = g.entity(r.outlet()).expect("outlet of the graph");
        x.add(&s, fg("outlet"), ent(outlet.key()));
        if let Some(h) = r.headline() {
            x.add(&s, fg("headline"), plain(h));
        }
        if let Some(u) = r.url() {
            x.add(&s, fg("url"), plain(u));
        }
        x.date(&s, "published", "published_year_inferred", r.published());
        if let Some(l) = r.language() {
            x.add(&s, fg("language"), plain(l));
        }
        if let Some(a) = r.author() {
            x.add(&s, fg("author"), plain(a));
        }
    }
    let iris = fact_iris(g, o);
    for f in g.facts() {
        let fact_iri = &iris[f.id().index()];
        let s = iri(fact_iri);
        let (subj, obj) = (ent(f.subject().key()), ent(f.object().key()));
        let pred = iri(&relation_iri(f.relation()));
        if f.modality() == Modality::Reported {
            x.add(&subj, pred.clone(), obj.clone());
        }
        x.add(&s, rdfv::TYPE.into(), Term::from(rdfv::STATEMENT));
        x.add(&s, rdfv::TYPE.into(), fg("Fact"));
        x.add(&s, rdfv::SUBJECT.into(), subj);
        x.add(&s, rdfv::PREDICATE.into(), pred);
        x.add(&s, rdfv::OBJECT.into(), obj);
        x.add(&s, fg("fact_number"), integer(f.id().index()));
        let key = g.fact_key(f.id()).expect("key");
        x.add(&s, fg("fact_key"), plain(&key.to_string()));
        x.add(&s, fg("stated"), boolean(!f.is_inferred()));
        x.add(&s, fg("modality"), plain(f.modality().as_str()));
        x.date(&s, "date", "year_inferred", f.date());
        if let Some(v) = f.valid() {
            x.date(&s, "valid", "valid_year_inferred", v);
        }
        if let Some(p) = f.place() {
            x.add(&s, fg("place"), ent(p.key()));
        }
        if let Some(r) = f.recipient() {
            x.add(&s, fg("recipient"), ent(r.key()));
        }
        if let Some(role) = f.role() {
            x.add(&s, fg("role_title"), plain(&role.title));
            if let Some(rank) = &role.rank {
                x.add(&s, fg("role_rank"), plain(rank));
            }
        }
        if let Some(n) = f.note() {
            x.add(&s, fg("note"), plain(n));
        }
        for (i, a) in f.sources().enumerate() {
            let ai = iri(&format!("{fact_iri}/source/{i}"));
            assert_eq!(ai.as_str(), attribution_iri(g, o, f.id(), i));
            x.add(&s, fg("attribution"), ai.clone());
            x.add(&ai, rdfv::TYPE.into(), fg("Attribution"));
            x.add(&ai, fg("index"), integer(i));
            x.add(&ai, fg("source"), ent(a.source().key()));
            if let Some(r) = a.report() {
                x.add(&ai, fg("report"), iri(&report_iri(o, r.key())));
            }
            x.date(&ai, "reported", "reported_year_inferred", a.reported());
            if let Some(d) = a.attribution().claimed_date() {
                x.date(&ai, "claimed_date", "claimed_date_year_inferred", d);
            }
            if let Some(why) = a.inferred() {
                x.add(&ai, fg("inferred"), plain(why));
            }
            if let Some(sp) = a.speaker() {
                x.add(&ai, fg("speaker"), ent(sp.key()));
            }
            if let Some(q) = a.quote() {
                x.add(&ai, fg("quote"), plain(q));
            }
            for (j, q) in a.attribution().quantities().iter().enumerate() {
                let qi = iri(&format!("{fact_iri}/source/{i}/quantity/{j}"));
                x.add(&ai, fg("quantity"), qi.clone());
                x.add(&qi, rdfv::TYPE.into(), fg("Quantity"));
                x.add(&qi, fg("index"), integer(j));
                x.add(&qi, fg("kind"), plain(q.kind().as_str()));
                let amount = q.amount();
                x.add(&qi, fg("qualifier"), plain(amount.qualifier()));
                let int = |v: u64| typed(&v.to_string(), xsd::INTEGER);
                match amount {
                    Amount::Exact(v) | Amount::About(v) => x.add(&qi, fg("value"), int(v)),
                    Amount::UpTo(v) | Amount::LessThan(v) => x.add(&qi, fg("high"), int(v)),
                    Amount::AtLeast(v) | Amount::MoreThan(v) => x.add(&qi, fg("low"), int(v)),
                    Amount::Range(lo, hi) => {
                        x.add(&qi, fg("low"), int(lo));
                        x.add(&qi, fg("high"), int(hi));
                    }
                    other => panic!("an amount this test does not know: {other}"),
                }
                if let Some(u) = q.unit() {
                    x.add(&qi, fg("unit"), iri(&u.qudt()));
                    if let Unit::Currency(c) = u {
                        x.add(&qi, fg("currency"), plain(c.as_str()));
                    }
                }
                if let Some(of) = q.what() {
                    x.add(&qi, fg("of"), plain(of));
                }
            }
        }
        if let Some(r) = f.fact().recurrence() {
            x.add(&s, fg("recurrence"), plain(&r.to_string()));
            x.add(&s, fg("recurrence_every"), integer(usize::from(r.step())));
            x.add(&s, fg("recurrence_unit"), plain(r.unit().as_str()));
        }
        if let Some(n) = f.fact().edition_number() {
            x.add(&s, fg("edition"), typed(&n.to_string(), xsd::INTEGER));
        }
    }
    x.set
}

fn assert_same(parsed: &HashSet<Triple>, expected: &HashSet<Triple>) {
    let missing: Vec<_> = expected.difference(parsed).collect();
    let extra: Vec<_> = parsed.difference(expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nunexpected: {extra:#?}"
    );
}

/// The objects of `(s, p, ?)`.
fn objects(set: &HashSet<Triple>, s: &str, p: &NamedNode) -> Vec<Term> {
    let s = Subject::from(iri(s));
    set.iter()
        .filter(|t| t.subject == s && &t.predicate == p)
        .map(|t| t.object.clone())
        .collect()
}

fn literal_values(set: &HashSet<Triple>, s: &str, p: &NamedNode) -> Vec<String> {
    let mut v: Vec<String> = objects(set, s, p)
        .into_iter()
        .filter_map(|t| match t {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        })
        .collect();
    v.sort();
    v
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("percent-encoded UTF-8")
}

// ----------------------------------------------------------------------------------------
// The embedded dataset

#[test]
fn embedded_dataset_parses_and_matches_the_graph() -> Result<(), Error> {
    let g = datasets::edm_2004_v1_i133();
    let o = RdfOptions::default();
    let parsed = export_and_parse(g, &o)?;
    assert_same(&parsed, &expected_triples(g, &o));
    Ok(())
}

/// The corpus, with its quantities, recurrences and editions, read back as the graph says.
#[test]
fn corpus_parses_and_matches_the_graph() -> Result<(), Error> {
    let g = datasets::corpus();
    let o = RdfOptions::default();
    let parsed = export_and_parse(g, &o)?;
    assert_same(&parsed, &expected_triples(g, &o));
    // Some fact of the corpus recurs and some attribution gives quantities, so the
    // comparison above covered them.
    assert!(parsed.iter().any(|t| t.predicate == fg("recurrence")));
    assert!(parsed.iter().any(|t| t.predicate == fg("quantity")));
    Ok(())
}

/// A troop number of a `deployed_to` fact of the corpus comes through the N-Triples as an
/// `xsd:integer` on a `fg:Quantity` of the attribution that gave it.
#[test]
fn corpus_troop_number_comes_through() -> Result<(), Error> {
    let g = datasets::corpus();
    let o = RdfOptions::default();
    let (fact, index, quantity) = g
        .facts()
        .filter(|f| f.relation() == Relation::DeployedTo)
        .find_map(|f| {
            f.attributions().enumerate().find_map(|(i, a)| {
                a.quantities()
                    .iter()
                    .find(|q| q.kind() == QuantityKind::Personnel && q.what().is_none())
                    .map(|q| (f, i, q.clone()))
            })
        })
        .ok_or("the corpus has a deployed_to fact with a troop number")?;
    let triples: HashSet<Triple> = parse_ntriples(&rdf::to_ntriples(g, &o))?
        .into_iter()
        .collect();
    let attribution = attribution_iri(g, &o, fact.id(), index);
    let nodes = objects(&triples, &attribution, &fg("quantity"));
    let personnel = nodes
        .iter()
        .filter_map(|n| match n {
            Term::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .find(|n| {
            literal_values(&triples, n, &fg("kind")) == ["personnel"]
                && objects(&triples, n, &fg("of")).is_empty()
        })
        .ok_or("a personnel quantity node on the attribution")?;
    let (low, high) = quantity.amount().ends();
    let want = |p: &str, v: Option<u64>| {
        let got: Vec<Term> = objects(&triples, &personnel, &fg(p));
        match v {
            Some(v)
                if p == "value"
                    || !matches!(quantity.amount(), Amount::Exact(_) | Amount::About(_)) =>
            {
                assert_eq!(got, vec![typed(&v.to_string(), xsd::INTEGER)], "{p}")
            }
            _ => assert!(got.is_empty(), "{p}: {got:?}"),
        }
    };
    match quantity.amount() {
        Amount::Exact(v) | Amount::About(v) => want("value", Some(v)),
        _ => {
            want("low", low);
            want("high", high);
        }
    }
    assert_eq!(
        literal_values(&triples, &personnel, &fg("qualifier")),
        [quantity.amount().qualifier()]
    );
    assert_eq!(
        objects(&triples, &attribution, &fg("report")).len(),
        1,
        "the quantity's report is its attribution's"
    );
    Ok(())
}

#[test]
fn embedded_dataset_entities_have_type_and_name() -> Result<(), Error> {
    let g = datasets::edm_2004_v1_i133();
    let o = RdfOptions::default();
    let parsed = export_and_parse(g, &o)?;
    for e in g.entities() {
        let s = o.entity_iri(e.key());
        assert_eq!(
            objects(&parsed, &s, &rdfv::TYPE.into()),
            [Term::from(iri(&class_iri(e.kind())))],
            "{s}"
        );
        assert_eq!(literal_values(&parsed, &s, &fg("name")), [e.name()]);
        assert_eq!(literal_values(&parsed, &s, &fg("key")), [e.key()]);
        let mut aliases = e.aliases().to_vec();
        aliases.sort();
        assert_eq!(literal_values(&parsed, &s, &fg("alias")), aliases);
    }
    // Spot checks with the article's values.
    let sembinov = o.entity_iri("bolat_sembinov");
    assert_eq!(sembinov, "https://factgraph.example/id/bolat_sembinov");
    assert_eq!(
        literal_values(&parsed, &sembinov, &fg("attribute_rank")),
        ["Major-General"]
    );
    Ok(())
}

#[test]
fn embedded_dataset_facts_are_reified_with_date_modality_and_sources() -> Result<(), Error> {
    let g = datasets::edm_2004_v1_i133();
    let o = RdfOptions::default();
    let parsed = export_and_parse(g, &o)?;
    for f in g.facts() {
        let s = fact_iri(g, &o, f.id());
        assert_eq!(
            objects(&parsed, &s, &rdfv::PREDICATE.into()),
            [Term::from(iri(&relation_iri(f.relation())))]
        );
        assert_eq!(
            literal_values(&parsed, &s, &fg("modality")),
            [f.modality().as_str()]
        );
        let dates = objects(&parsed, &s, &fg("date"));
        match f.date().span() {
            Span::On(d) => assert_eq!(dates, [date_literal(d)], "{s}"),
            _ => assert!(dates.is_empty(), "{s}"),
        }
        assert_eq!(
            objects(&parsed, &s, &fg("attribution")).len(),
            f.sources().len()
        );
        for (i, a) in f.sources().enumerate() {
            let ai = attribution_iri(g, &o, f.id(), i);
            assert_eq!(
                objects(&parsed, &ai, &fg("source")),
                [Term::from(iri(&o.entity_iri(a.source().key())))]
            );
        }
        let asserted = Triple::new(
            iri(&o.entity_iri(f.subject().key())),
            iri(&relation_iri(f.relation())),
            iri(&o.entity_iri(f.object().key())),
        );
        let any_reported = g.facts().any(|h| {
            h.modality() == Modality::Reported
                && h.relation() == f.relation()
                && h.subject().id() == f.subject().id()
                && h.object().id() == f.object().id()
        });
        assert_eq!(parsed.contains(&asserted), any_reported, "{s}");
    }

    // Fact 1: Sembinov met Armitage on 19 November (year inferred), per Interfax-Kazakhstan.
    let met = fact_where(g, |f| {
        f.relation() == Relation::Met && f.object().key() == "richard_armitage"
    });
    let s = fact_iri(g, &o, met.id());
    assert_eq!(
        objects(&parsed, &s, &fg("date")),
        [typed("2004-11-19", xsd::DATE)]
    );
    assert_eq!(objects(&parsed, &s, &fg("year_inferred")), [boolean(true)]);
    assert_eq!(
        objects(&parsed, &s, &fg("place")),
        [Term::from(iri(&o.entity_iri("washington")))]
    );
    let a0 = attribution_iri(g, &o, met.id(), 0);
    assert_eq!(a0, format!("{s}/source/0"));
    assert_eq!(
        objects(&parsed, &a0, &fg("source")),
        [Term::from(iri(&o.entity_iri("interfax_kazakhstan")))]
    );
    assert_eq!(
        objects(&parsed, &a0, &fg("reported")),
        [typed("2004-11-19", xsd::DATE)]
    );

    // A year-precision date is an xsd:gYear.
    let hosted = fact_where(g, |f| {
        f.relation() == Relation::Hosted && f.object().key() == "steppe_eagle_2004"
    });
    assert_eq!(
        objects(&parsed, &fact_iri(g, &o, hosted.id()), &fg("date")),
        [typed("2004", xsd::G_YEAR)]
    );

    // The planned C-130 supply is reified, not asserted.
    let supplies = fact_where(g, |f| f.relation() == Relation::Supplies);
    assert_eq!(supplies.modality(), Modality::Planned);
    let s = fact_iri(g, &o, supplies.id());
    assert_eq!(literal_values(&parsed, &s, &fg("modality")), ["planned"]);
    assert_eq!(
        objects(&parsed, &s, &fg("recipient")),
        [Term::from(iri(&o.entity_iri("kazakhstan_air_force")))]
    );
    assert!(!parsed.iter().any(|t| t.predicate == fg("supplies")));

    // A role is carried by the reification of holds_position.
    let post = fact_where(g, |f| {
        f.relation() == Relation::HoldsPosition && f.subject().key() == "bolat_sembinov"
    });
    let s = fact_iri(g, &o, post.id());
    assert_eq!(
        literal_values(&parsed, &s, &fg("role_title")),
        ["Deputy Defense Minister"]
    );
    assert_eq!(
        literal_values(&parsed, &s, &fg("role_rank")),
        ["Major-General"]
    );
    Ok(())
}

#[test]
fn embedded_dataset_facts_carry_key_stated_flag_and_reports() -> Result<(), Error> {
    let g = datasets::edm_2004_v1_i133();
    let o = RdfOptions::default();
    let parsed = export_and_parse(g, &o)?;

    // An inferred fact: not stated, named by its key, with the coder's reason.
    let astana = fact_where(g, |f| {
        f.to_string() == "Astana regional command is located in Astana"
    });
    assert!(astana.is_inferred());
    let key = g.fact_key(astana.id()).expect("key");
    let s = fact_iri(g, &o, astana.id());
    assert_eq!(s, format!("{DEFAULT_BASE}fact/{key}"));
    let tail = s.rsplit('/').next().expect("a segment");
    assert_eq!(FactKey::parse(tail), Some(key));
    assert_eq!(
        literal_values(&parsed, &s, &fg("fact_key")),
        [key.to_string()]
    );
    assert_eq!(objects(&parsed, &s, &fg("stated")), [boolean(false)]);
    assert_eq!(
        objects(&parsed, &s, &fg("fact_number")),
        [integer(astana.id().index())]
    );
    assert!(astana.sources().len() > 0);
    for (i, a) in astana.sources().enumerate() {
        let ai = attribution_iri(g, &o, astana.id(), i);
        assert_eq!(ai, format!("{s}/source/{i}"));
        let why = a
            .inferred()
            .expect("every report of an inferred fact gives a reason");
        assert_eq!(literal_values(&parsed, &ai, &fg("inferred")), [why]);
    }

    // A stated fact: `fg:stated true`.
    let met = fact_where(g, |f| {
        f.relation() == Relation::Met && f.object().key() == "richard_armitage"
    });
    assert!(!met.is_inferred());
    assert_eq!(
        objects(&parsed, &fact_iri(g, &o, met.id()), &fg("stated")),
        [boolean(true)]
    );

    // Every fact: one key, one flag; as many `false` as inferred facts.
    let mut keys = HashSet::new();
    for f in g.facts() {
        let s = fact_iri(g, &o, f.id());
        let k = literal_values(&parsed, &s, &fg("fact_key"));
        assert_eq!(k.len(), 1, "{s}");
        assert!(s.ends_with(&format!("/fact/{}", k[0])), "{s}");
        assert!(
            keys.insert(k[0].clone()),
            "two facts of the dataset share a key"
        );
        assert_eq!(
            objects(&parsed, &s, &fg("stated")),
            [boolean(!f.is_inferred())]
        );
    }
    let not_stated = parsed
        .iter()
        .filter(|t| t.predicate == fg("stated") && t.object == boolean(false))
        .count();
    assert_eq!(not_stated, g.facts().filter(|f| f.is_inferred()).count());
    assert!(not_stated > 0);

    // Reports: one fg:Report per report, each with its outlet; attributions point to them.
    assert!(g.report_count() > 0);
    for (_, r) in g.reports() {
        let ri = o.report_iri(r.key());
        assert!(ri.starts_with(&format!("{DEFAULT_BASE}report/")));
        assert_eq!(
            objects(&parsed, &ri, &rdfv::TYPE.into()),
            [Term::from(fg("Report"))]
        );
        let outlet = g.entity(r.outlet()).expect("outlet");
        assert_eq!(
            objects(&parsed, &ri, &fg("outlet")),
            [Term::from(iri(&o.entity_iri(outlet.key())))]
        );
        assert_eq!(
            literal_values(&parsed, &ri, &fg("headline")),
            r.headline().into_iter().collect::<Vec<_>>()
        );
    }
    let reports: HashSet<Term> = g
        .reports()
        .map(|(_, r)| Term::from(iri(&o.report_iri(r.key()))))
        .collect();
    let cited: Vec<&Term> = parsed
        .iter()
        .filter(|t| t.predicate == fg("report"))
        .map(|t| &t.object)
        .collect();
    assert!(!cited.is_empty());
    assert!(cited.iter().all(|r| reports.contains(r)));
    Ok(())
}

#[test]
fn facts_with_one_key_get_distinct_iris() -> Result<(), Error> {
    // Made-up data: the same fact added three times (no merging), and another fact.
    let mut g = KnowledgeGraph::new();
    let a = g.add_entity(Entity::new("ann", EntityKind::Person, "Ann"))?;
    let b = g.add_entity(Entity::new("bob", EntityKind::Person, "Bob"))?;
    let wire = g.add_entity(Entity::new("wire", EntityKind::Source, "Wire"))?;
    let met = || Fact::new(Relation::Met, a, b).on(FactDate::year(2020).expect("year"));
    let f0 = g.add_fact(met())?;
    let other = g.add_fact(Fact::new(Relation::Met, a, b))?;
    let f2 = g.add_fact(met().with_source(Attribution::new(wire)))?;
    let f3 = g.add_fact(met())?;
    let key = g.fact_key(f0).expect("key");
    assert_eq!(g.fact_key(f2), Some(key));
    assert_eq!(g.fact_key(f3), Some(key));
    assert_ne!(g.fact_key(other), Some(key));
    let o = RdfOptions::default();
    assert_eq!(fact_iri(&g, &o, f0), format!("{DEFAULT_BASE}fact/{key}"));
    assert_eq!(fact_iri(&g, &o, f2), format!("{DEFAULT_BASE}fact/{key}-2"));
    assert_eq!(fact_iri(&g, &o, f3), format!("{DEFAULT_BASE}fact/{key}-3"));
    assert_eq!(
        attribution_iri(&g, &o, f2, 0),
        format!("{DEFAULT_BASE}fact/{key}-2/source/0")
    );
    let parsed = export_and_parse(&g, &o)?;
    assert_same(&parsed, &expected_triples(&g, &o));
    // Four reifications, three of which carry the same key.
    let statements = parsed
        .iter()
        .filter(|t| t.object == Term::from(rdfv::STATEMENT))
        .count();
    assert_eq!(statements, 4);
    let same_key = parsed
        .iter()
        .filter(|t| t.predicate == fg("fact_key") && t.object == plain(&key.to_string()))
        .count();
    assert_eq!(same_key, 3);
    // An id the graph did not issue has no IRI.
    let other_graph = KnowledgeGraph::new();
    assert_eq!(o.fact_iri(&other_graph, f0), None);
    assert_eq!(o.attribution_iri(&other_graph, f0, 0), None);
    Ok(())
}

fn fact_where(g: &KnowledgeGraph, pred: impl Fn(&FactRef<'_>) -> bool) -> FactRef<'_> {
    g.facts()
        .find(|f| pred(f))
        .unwrap_or_else(|| panic!("no such fact in the dataset"))
}

#[test]
fn custom_base_is_used_everywhere() -> Result<(), Error> {
    let g = datasets::edm_2004_v1_i133();
    for base in [
        "http://localhost:7878/kz2004/",
        "urn:example:factgraph:",
        "https://example.org/graph#",
    ] {
        let o = RdfOptions::new().with_base(base)?;
        let parsed = export_and_parse(g, &o)?;
        assert_same(&parsed, &expected_triples(g, &o));
        let default_base = Subject::from(iri(&format!("{DEFAULT_BASE}bolat_sembinov")));
        assert!(!parsed.iter().any(|t| t.subject == default_base));
        assert!(
            parsed.iter().all(
                |t| matches!(&t.subject, Subject::NamedNode(n) if n.as_str().starts_with(base))
            )
        );
    }
    Ok(())
}

#[test]
fn invalid_bases_are_refused() {
    for bad in [
        "",
        "factgraph/",
        "http://exa mple.org/",
        "http://example.org/<x>/",
        "http://example.org/\"/",
        "http://example.org/%zz/",
        "http://example.org/id",
    ] {
        let e: Result<RdfOptions, InvalidBaseIri> = RdfOptions::new().with_base(bad);
        assert!(e.is_err(), "{bad:?} accepted");
    }
}

// ----------------------------------------------------------------------------------------
// Made-up data: every date shape

#[test]
fn every_date_shape_has_the_right_datatype() -> Result<(), Error> {
    // Made-up data.
    let mut g = KnowledgeGraph::new();
    let a = g.add_entity(Entity::new("land_a", EntityKind::Country, "Land A"))?;
    let p = g.add_entity(Entity::new("pact", EntityKind::Agreement, "Example Pact"))?;
    let wire = g.add_entity(Entity::new("wire", EntityKind::Source, "Example Wire"))?;
    let dates = [
        "2021-03-04",
        "2021-03",
        "2021",
        "2019/2024",
        "2021-02/2021-03-04",
        "unknown",
    ];
    for (i, d) in dates.iter().enumerate() {
        let date: FactDate = d.parse()?;
        let date = date.with_year_inferred(i % 2 == 0);
        let report = g.add_report(Report::new(format!("r{i}"), wire).published_on(date))?;
        g.add_fact(
            Fact::new(Relation::Signed, a, p).on(date).with_source(
                Attribution::new(wire)
                    .in_report(report)
                    .reported_on(date)
                    .claiming_date(date),
            ),
        )?;
    }
    let o = RdfOptions::default();
    let parsed = export_and_parse(&g, &o)?;
    assert_same(&parsed, &expected_triples(&g, &o));
    let fact = |i: usize| {
        g.facts()
            .nth(i)
            .map(|f| fact_iri(&g, &o, f.id()))
            .unwrap_or_default()
    };
    assert_eq!(
        objects(&parsed, &fact(0), &fg("date")),
        [typed("2021-03-04", xsd::DATE)]
    );
    assert_eq!(
        objects(&parsed, &fact(1), &fg("date")),
        [typed("2021-03", xsd::G_YEAR_MONTH)]
    );
    assert_eq!(
        objects(&parsed, &fact(2), &fg("date")),
        [typed("2021", xsd::G_YEAR)]
    );
    assert_eq!(
        objects(&parsed, &fact(3), &fg("date_start")),
        [typed("2019", xsd::G_YEAR)]
    );
    assert_eq!(
        objects(&parsed, &fact(3), &fg("date_end")),
        [typed("2024", xsd::G_YEAR)]
    );
    assert!(objects(&parsed, &fact(3), &fg("date")).is_empty());
    assert_eq!(
        objects(&parsed, &fact(4), &fg("date_start")),
        [typed("2021-02", xsd::G_YEAR_MONTH)]
    );
    assert_eq!(
        objects(&parsed, &fact(4), &fg("date_end")),
        [typed("2021-03-04", xsd::DATE)]
    );
    assert_eq!(
        objects(&parsed, &fact(0), &fg("year_inferred")),
        [boolean(true)]
    );
    assert_eq!(
        objects(&parsed, &fact(1), &fg("year_inferred")),
        [boolean(false)]
    );
    // Unknown: no date and no year_inferred.
    assert!(objects(&parsed, &fact(5), &fg("date")).is_empty());
    assert!(objects(&parsed, &fact(5), &fg("year_inferred")).is_empty());
    let last_source = format!("{}/source/0", fact(5));
    assert!(objects(&parsed, &last_source, &fg("reported")).is_empty());
    assert_eq!(
        objects(
            &parsed,
            &format!("{}/source/0", fact(3)),
            &fg("reported_end")
        ),
        [typed("2024", xsd::G_YEAR)]
    );
    // Claimed and publication dates are encoded the same way.
    assert_eq!(
        objects(
            &parsed,
            &format!("{}/source/0", fact(4)),
            &fg("claimed_date_start")
        ),
        [typed("2021-02", xsd::G_YEAR_MONTH)]
    );
    assert_eq!(
        objects(
            &parsed,
            &format!("{}/source/0", fact(0)),
            &fg("claimed_date_year_inferred")
        ),
        [boolean(true)]
    );
    assert!(
        objects(
            &parsed,
            &format!("{}/source/0", fact(5)),
            &fg("claimed_date")
        )
        .is_empty()
    );
    assert_eq!(
        objects(&parsed, &o.report_iri("r1"), &fg("published")),
        [typed("2021-03", xsd::G_YEAR_MONTH)]
    );
    assert_eq!(
        objects(&parsed, &o.report_iri("r3"), &fg("published_end")),
        [typed("2024", xsd::G_YEAR)]
    );
    assert!(objects(&parsed, &o.report_iri("r5"), &fg("published")).is_empty());
    assert!(objects(&parsed, &o.report_iri("r5"), &fg("published_year_inferred")).is_empty());
    // Six reported facts with the same ends: one asserted triple, six reifications.
    let asserted: Vec<_> = parsed
        .iter()
        .filter(|t| t.predicate == fg("signed"))
        .collect();
    assert_eq!(asserted.len(), 1);
    assert_eq!(
        parsed
            .iter()
            .filter(|t| t.object == Term::from(rdfv::STATEMENT))
            .count(),
        6
    );
    Ok(())
}

// ----------------------------------------------------------------------------------------
// Made-up data: hostile names and keys

const HOSTILE_NAMES: &[&str] = &[
    "He said \"hello\" and left",
    "back\\slash \\\" \\n \\u0041 (a literal backslash-u)",
    "line one\nline two\r\nline three\ttabbed",
    "\"}; MATCH (n) DETACH DELETE n; //",
    "<script>alert('x')</script>",
    "=cmd|' /C calc'!A0",
    "Болат Сембинов",
    "\"\"\" triple quotes ''' and '",
    "@prefix x: <http://evil.example/> . # not a comment",
    "ends with a dot.",
    "\"2004\"^^xsd:gYear",
    "controls \u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}\u{7f}\u{85} end",
    "emoji 😀, CJK 中文, RTL עברית, combining é",
    "line separator \u{2028} paragraph \u{2029}",
];

const HOSTILE_KEYS: &[&str] = &[
    "key with spaces",
    "hash#tag",
    "slash/and/more",
    "100%",
    "%41 not an A",
    "Алматы",
    ".",
    "..",
    "a:b?c=d&e",
    "<angle>\"quote\"{brace}|pipe^caret`tick\\back",
    "[v6]@host",
    "-leading-dash",
    "trailing.",
    "tab\tand\nnewline",
    "emoji😀",
    "\u{E000}private",
    "fact",
    "fact/0",
];

fn hostile_graph() -> Result<KnowledgeGraph, Error> {
    // Made-up data: names and keys chosen to break naive serializers.
    let mut g = KnowledgeGraph::with_title("Made-up \"hostile\" graph\n<script>");
    let mut people = Vec::new();
    for (i, name) in HOSTILE_NAMES.iter().enumerate() {
        let e = Entity::new(format!("person_{i}"), EntityKind::Person, *name)
            .with_alias(format!("{name} (alias)"))
            .with_attribute("rank", *name)
            .with_attribute("odd attribute / name #1", *name)
            .with_note(*name);
        people.push(g.add_entity(e)?);
    }
    let mut places = Vec::new();
    for key in HOSTILE_KEYS {
        places.push(g.add_entity(Entity::new(*key, EntityKind::Place, format!("Place {key}")))?);
    }
    let src = g.add_entity(Entity::new(
        "wire \"x\"",
        EntityKind::Source,
        "=HYPERLINK(\"http://evil\")",
    ))?;
    let body = g.add_entity(Entity::new(
        "ministry/of#truth",
        EntityKind::StateBody,
        "Ministry <of> Truth",
    ))?;
    // One report per hostile key, with hostile headlines and authors.
    let mut reports = Vec::new();
    for (i, key) in HOSTILE_KEYS.iter().enumerate() {
        let name = HOSTILE_NAMES[i % HOSTILE_NAMES.len()];
        reports.push(
            g.add_report(
                Report::new(*key, src)
                    .with_headline(name)
                    .with_url(format!("{name} <not an IRI>"))
                    .with_language("en")
                    .with_author(name)
                    .published_on(FactDate::month(2020, 2)?),
            )?,
        );
    }
    for (i, p) in people.iter().enumerate() {
        let name = HOSTILE_NAMES[i];
        let mut attribution = Attribution::new(src)
            .in_report(reports[i % reports.len()])
            .with_speaker(*p)
            .with_quote(name)
            .reported_on(FactDate::month(2020, 2)?);
        if i % 2 == 1 {
            attribution = attribution.inferred_because(name);
        }
        if i % 3 == 0 {
            attribution = attribution.claiming_date(FactDate::parse_inferred("2019-12")?);
        }
        g.add_fact(
            Fact::new(Relation::Visited, *p, places[i % places.len()])
                .on(FactDate::day(2020, 1, 1 + i as u32)?)
                .with_source(attribution)
                .with_note(name),
        )?;
        g.add_fact(
            Fact::new(Relation::HoldsPosition, *p, body)
                .with_role(Role::new(name).with_rank(name))
                .with_modality(Modality::Claimed),
        )?;
    }
    for (i, place) in places.iter().enumerate() {
        g.add_fact(Fact::new(
            Relation::LocatedIn,
            *place,
            places[(i + 1) % places.len()],
        ))?;
    }
    Ok(g)
}

#[test]
fn hostile_names_survive_both_syntaxes() -> Result<(), Error> {
    let g = hostile_graph()?;
    let o = RdfOptions::default();
    let parsed = export_and_parse(&g, &o)?;
    assert_same(&parsed, &expected_triples(&g, &o));
    for (i, name) in HOSTILE_NAMES.iter().enumerate() {
        let s = o.entity_iri(&format!("person_{i}"));
        assert_eq!(literal_values(&parsed, &s, &fg("name")), [*name]);
        assert_eq!(
            literal_values(&parsed, &s, &fg("alias")),
            [format!("{name} (alias)")]
        );
        assert_eq!(literal_values(&parsed, &s, &fg("note")), [*name]);
        assert_eq!(literal_values(&parsed, &s, &fg("attribute_rank")), [*name]);
        assert_eq!(
            literal_values(&parsed, &s, &iri(&attribute_iri("odd attribute / name #1"))),
            [*name]
        );
    }
    // Quotes and roles too.
    let quotes: HashSet<&str> = parsed
        .iter()
        .filter(|t| t.predicate == fg("quote"))
        .filter_map(|t| match &t.object {
            Term::Literal(l) => Some(l.value()),
            _ => None,
        })
        .collect();
    assert_eq!(quotes, HOSTILE_NAMES.iter().copied().collect());
    let titles: HashSet<&str> = parsed
        .iter()
        .filter(|t| t.predicate == fg("role_title") || t.predicate == fg("role_rank"))
        .filter_map(|t| match &t.object {
            Term::Literal(l) => Some(l.value()),
            _ => None,
        })
        .collect();
    assert_eq!(titles, HOSTILE_NAMES.iter().copied().collect());
    // Inference reasons, headlines and authors too.
    let values = |p: &str| -> HashSet<&str> {
        parsed
            .iter()
            .filter(|t| t.predicate == fg(p))
            .filter_map(|t| match &t.object {
                Term::Literal(l) => Some(l.value()),
                _ => None,
            })
            .collect()
    };
    let odd: HashSet<&str> = HOSTILE_NAMES.iter().copied().skip(1).step_by(2).collect();
    assert_eq!(values("inferred"), odd);
    assert_eq!(values("headline"), HOSTILE_NAMES.iter().copied().collect());
    assert_eq!(values("author"), HOSTILE_NAMES.iter().copied().collect());
    // A fact inferred from its only report is not stated.
    let visits: Vec<FactRef<'_>> = g.facts_of_relation(Relation::Visited).collect();
    for (i, f) in visits.iter().enumerate() {
        assert_eq!(
            objects(&parsed, &fact_iri(&g, &o, f.id()), &fg("stated")),
            [boolean(i % 2 == 0)]
        );
    }
    Ok(())
}

#[test]
fn hostile_keys_yield_valid_reversible_iris() -> Result<(), Error> {
    let g = hostile_graph()?;
    for base in [DEFAULT_BASE, "urn:x-made-up:", "http://example.org/g#"] {
        let o = RdfOptions::new().with_base(base)?;
        let parsed = export_and_parse(&g, &o)?;
        let mut seen = HashSet::new();
        for key in HOSTILE_KEYS {
            let s = o.entity_iri(key);
            // A valid IRI (oxiri's check) and the key's own segment under the base.
            let node = NamedNode::new(s.clone())?;
            let segment = s.strip_prefix(base).unwrap_or_else(|| panic!("{s}"));
            assert!(
                segment
                    .chars()
                    .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~%".contains(c)),
                "{segment:?}"
            );
            assert_ne!(segment, ".");
            assert_ne!(segment, "..");
            assert_eq!(percent_decode(segment), *key);
            assert!(seen.insert(s.clone()), "two keys, one IRI: {s}");
            // The parsed data names the entity by that IRI and gives back its key.
            assert_eq!(literal_values(&parsed, &s, &fg("key")), [*key]);
            assert_eq!(
                objects(&parsed, &s, &rdfv::TYPE.into()),
                [Term::from(iri(&class_iri(EntityKind::Place)))]
            );
            assert!(parsed.iter().any(|t| t.object == Term::from(node.clone())));
            // The report of the same key: its own reversible segment under `report/`.
            let r = o.report_iri(key);
            NamedNode::new(r.clone())?;
            let segment = r
                .strip_prefix(&format!("{base}report/"))
                .unwrap_or_else(|| panic!("{r}"));
            assert_eq!(percent_decode(segment), *key);
            assert!(seen.insert(r.clone()), "two keys, one IRI: {r}");
            assert_eq!(
                objects(&parsed, &r, &rdfv::TYPE.into()),
                [Term::from(fg("Report"))]
            );
        }
        // The entity keyed `fact/<key of fact 0>` is not fact 0, nor `report/<key>` a report.
        let first = g.facts().next().map(|f| f.id()).unwrap_or_else(|| panic!());
        let key = g.fact_key(first).unwrap_or_else(|| panic!());
        assert_ne!(
            o.entity_iri(&format!("fact/{key}")),
            fact_iri(&g, &o, first)
        );
        assert_ne!(o.entity_iri("report/r"), o.report_iri("r"));
    }
    Ok(())
}

#[test]
fn exact_ntriples_for_a_tiny_graph() -> Result<(), Error> {
    // Made-up data: the whole output, to pin the format down.
    let mut g = KnowledgeGraph::new();
    let a = g.add_entity(Entity::new("a b", EntityKind::Person, "Ann \"A\"\n"))?;
    let b = g.add_entity(Entity::new("b", EntityKind::Person, "Bob"))?;
    g.add_fact(Fact::new(Relation::Met, a, b).on(FactDate::parse_inferred("2004-11")?))?;
    let o = RdfOptions::new().with_base("http://x.example/")?;
    let nt = rdf::to_ntriples(&g, &o);
    let expected = r#"<http://x.example/a%20b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://factgraph.example/ns#Person> .
<http://x.example/a%20b> <http://www.w3.org/2000/01/rdf-schema#label> "Ann \"A\"\n" .
<http://x.example/a%20b> <https://factgraph.example/ns#key> "a b" .
<http://x.example/a%20b> <https://factgraph.example/ns#name> "Ann \"A\"\n" .
<http://x.example/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://factgraph.example/ns#Person> .
<http://x.example/b> <http://www.w3.org/2000/01/rdf-schema#label> "Bob" .
<http://x.example/b> <https://factgraph.example/ns#key> "b" .
<http://x.example/b> <https://factgraph.example/ns#name> "Bob" .
<http://x.example/a%20b> <https://factgraph.example/ns#met> <http://x.example/b> .
<http://x.example/fact/a9a7f65afd705c87> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> .
<http://x.example/fact/a9a7f65afd705c87> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://factgraph.example/ns#Fact> .
<http://x.example/fact/a9a7f65afd705c87> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <http://x.example/a%20b> .
<http://x.example/fact/a9a7f65afd705c87> <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <https://factgraph.example/ns#met> .
<http://x.example/fact/a9a7f65afd705c87> <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <http://x.example/b> .
<http://x.example/fact/a9a7f65afd705c87> <https://factgraph.example/ns#fact_number> "0"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://x.example/fact/a9a7f65afd705c87> <https://factgraph.example/ns#fact_key> "a9a7f65afd705c87" .
<http://x.example/fact/a9a7f65afd705c87> <https://factgraph.example/ns#stated> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<http://x.example/fact/a9a7f65afd705c87> <https://factgraph.example/ns#modality> "reported" .
<http://x.example/fact/a9a7f65afd705c87> <https://factgraph.example/ns#date> "2004-11"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .
<http://x.example/fact/a9a7f65afd705c87> <https://factgraph.example/ns#year_inferred> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
"#;
    assert_eq!(nt, expected);
    let ttl = rdf::to_turtle(&g, &o);
    // oxttl's layout: prefixed names where the local name allows, `\`-escaped
    // characters (`%`, `/`) in local names, one subject per block.
    assert!(ttl.contains("id:a\\%20b a fg:Person ;\n"), "{ttl}");
    assert!(
        ttl.contains("id:fact\\/a9a7f65afd705c87 a rdf:Statement , fg:Fact ;\n"),
        "{ttl}"
    );
    assert!(ttl.contains("fg:stated true ;"), "{ttl}");
    assert!(ttl.contains("fg:year_inferred true ."), "{ttl}");
    Ok(())
}

#[test]
fn exact_ntriples_for_a_report_and_an_inference() -> Result<(), Error> {
    // Made-up data: one report, one fact the coder inferred from it, to pin the format down.
    let mut g = KnowledgeGraph::new();
    let a = g.add_entity(Entity::new("a", EntityKind::Place, "A"))?;
    let b = g.add_entity(Entity::new("b", EntityKind::Place, "B"))?;
    let w = g.add_entity(Entity::new("w", EntityKind::Source, "Wire"))?;
    let r = g.add_report(
        Report::new("w 1", w)
            .with_headline("A \"in\" B")
            .with_url("https://w.example/1")
            .published_on(FactDate::day(2020, 5, 1)?)
            .with_language("en")
            .with_author("Ann"),
    )?;
    g.add_fact(
        Fact::new(Relation::LocatedIn, a, b).with_source(
            Attribution::new(w)
                .in_report(r)
                .claiming_date(FactDate::year(2019)?)
                .inferred_because("from the map"),
        ),
    )?;
    let o = RdfOptions::new().with_base("http://x.example/")?;
    let key = g
        .facts()
        .next()
        .and_then(|f| g.fact_key(f.id()))
        .ok_or("no fact")?;
    let nt = rdf::to_ntriples(&g, &o);
    let expected = r#"<http://x.example/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://factgraph.example/ns#Place> .
<http://x.example/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .
<http://x.example/a> <https://factgraph.example/ns#key> "a" .
<http://x.example/a> <https://factgraph.example/ns#name> "A" .
<http://x.example/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://factgraph.example/ns#Place> .
<http://x.example/b> <http://www.w3.org/2000/01/rdf-schema#label> "B" .
<http://x.example/b> <https://factgraph.example/ns#key> "b" .
<http://x.example/b> <https://factgraph.example/ns#name> "B" .
<http://x.example/w> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://factgraph.example/ns#Source> .
<http://x.example/w> <http://www.w3.org/2000/01/rdf-schema#label> "Wire" .
<http://x.example/w> <https://factgraph.example/ns#key> "w" .
<http://x.example/w> <https://factgraph.example/ns#name> "Wire" .
<http://x.example/report/w%201> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://factgraph.example/ns#Report> .
<http://x.example/report/w%201> <https://factgraph.example/ns#outlet> <http://x.example/w> .
<http://x.example/report/w%201> <https://factgraph.example/ns#headline> "A \"in\" B" .
<http://x.example/report/w%201> <https://factgraph.example/ns#url> "https://w.example/1" .
<http://x.example/report/w%201> <https://factgraph.example/ns#published> "2020-05-01"^^<http://www.w3.org/2001/XMLSchema#date> .
<http://x.example/report/w%201> <https://factgraph.example/ns#published_year_inferred> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<http://x.example/report/w%201> <https://factgraph.example/ns#language> "en" .
<http://x.example/report/w%201> <https://factgraph.example/ns#author> "Ann" .
<http://x.example/a> <https://factgraph.example/ns#located_in> <http://x.example/b> .
<http://x.example/fact/KEY> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> .
<http://x.example/fact/KEY> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://factgraph.example/ns#Fact> .
<http://x.example/fact/KEY> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <http://x.example/a> .
<http://x.example/fact/KEY> <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <https://factgraph.example/ns#located_in> .
<http://x.example/fact/KEY> <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <http://x.example/b> .
<http://x.example/fact/KEY> <https://factgraph.example/ns#fact_number> "0"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://x.example/fact/KEY> <https://factgraph.example/ns#fact_key> "KEY" .
<http://x.example/fact/KEY> <https://factgraph.example/ns#stated> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<http://x.example/fact/KEY> <https://factgraph.example/ns#modality> "reported" .
<http://x.example/fact/KEY> <https://factgraph.example/ns#attribution> <http://x.example/fact/KEY/source/0> .
<http://x.example/fact/KEY/source/0> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://factgraph.example/ns#Attribution> .
<http://x.example/fact/KEY/source/0> <https://factgraph.example/ns#index> "0"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://x.example/fact/KEY/source/0> <https://factgraph.example/ns#source> <http://x.example/w> .
<http://x.example/fact/KEY/source/0> <https://factgraph.example/ns#report> <http://x.example/report/w%201> .
<http://x.example/fact/KEY/source/0> <https://factgraph.example/ns#claimed_date> "2019"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<http://x.example/fact/KEY/source/0> <https://factgraph.example/ns#claimed_date_year_inferred> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<http://x.example/fact/KEY/source/0> <https://factgraph.example/ns#inferred> "from the map" .
"#;
    assert_eq!(nt, expected.replace("KEY", &key.to_string()));
    let ttl = rdf::to_turtle(&g, &o);
    assert!(ttl.contains("@prefix id: <http://x.example/> .\n"), "{ttl}");
    assert!(ttl.contains("id:report\\/w\\%201 a fg:Report ;\n"), "{ttl}");
    assert!(ttl.contains("fg:stated false ;"), "{ttl}");
    assert!(ttl.contains("fg:inferred \"from the map\" ."), "{ttl}");
    Ok(())
}

#[test]
fn empty_graph_is_valid() -> Result<(), Error> {
    let g = KnowledgeGraph::new();
    let o = RdfOptions::default();
    assert_eq!(rdf::to_ntriples(&g, &o), "");
    assert!(export_and_parse(&g, &o)?.is_empty());
    Ok(())
}

// ----------------------------------------------------------------------------------------
// Property: random graphs with reports

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

/// A made-up graph: four people, one outlet with three reports, and `met` facts between
/// the people, each with attributions in some report or in none (version 1 style).
fn graph_with_reports(facts: &[(usize, usize, Vec<Option<usize>>)]) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    let people: Vec<_> = (0..4)
        .map(|i| {
            g.add_entity(Entity::new(
                format!("p{i}"),
                EntityKind::Person,
                format!("Person {i}"),
            ))
            .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    let wire = g
        .add_entity(Entity::new("wire", EntityKind::Source, "Made-up Wire"))
        .unwrap_or_else(|e| panic!("{e}"));
    let reports: Vec<_> = (0..3)
        .map(|i| {
            g.add_report(Report::new(format!("r {i}"), wire))
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    for (a, b, sources) in facts {
        if a == b {
            continue;
        }
        let mut fact = Fact::new(Relation::Met, people[*a], people[*b]);
        for s in sources {
            let mut attribution = Attribution::new(wire);
            if let Some(r) = s {
                attribution = attribution.in_report(reports[*r]);
            }
            fact = fact.with_source(attribution);
        }
        g.add_fact(fact).unwrap_or_else(|e| panic!("{e}"));
    }
    g
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(cases()))]

    /// N-Quads and TriG agree, hold the N-Triples' triples, and put each fact in the
    /// graphs of the reports that support it (checked by `check_quads`).
    #[test]
    fn quads_place_facts_in_their_report_graphs(
        facts in proptest::collection::vec(
            (0..4usize, 0..4usize, proptest::collection::vec(proptest::option::of(0..3usize), 0..4)),
            0..10,
        )
    ) {
        let g = graph_with_reports(&facts);
        let result = export_and_parse(&g, &RdfOptions::default());
        proptest::prop_assert!(result.is_ok(), "{:?}", result.err());
    }
}
