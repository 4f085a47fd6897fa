//! Writes the exports that columnar, graph and RDF engines load, with the Rust API's
//! answers to four questions beside them, for `scripts/check_scaleout.py` to compare.
//!
//! ```text
//! cargo run --example scaleout --features parquet -- [OUT_DIR] [seed|corpus]
//! ```
//!
//! OUT_DIR defaults to `target/scaleout/seed`; the graph is the embedded article
//! (`seed`, the default: `datasets::edm_2004_v1_i133()`) or the merged corpus
//! (`corpus`: `datasets::corpus()`). Written:
//!
//! | path | what | loaded by |
//! |---|---|---|
//! | `parquet/*.parquet` | entities, reports, facts, attributions (feature `parquet`) | DuckDB, Apache Spark |
//! | `neo4j/` | Neo4j CSV files and `import.sh` | an openCypher engine (Kùzu in the check) |
//! | `factgraph.cypher` | Cypher script | Neo4j `cypher-shell` |
//! | `factgraph.nq`, `factgraph.trig` | RDF with one named graph per report | Oxigraph |
//! | `answers.json` | what the Rust API answers | the check script |
//!
//! `counts` gives the number of entities, reports, facts and attributions, so that each
//! engine can show that it loaded everything. The questions, defined once here and asked in SQL, Cypher and SPARQL by the script:
//!
//! * `met_sembinov_november_2004`: for each `met` fact reported as done (modality
//!   `reported`) whose date lies wholly within November 2004, with the entity whose
//!   canonical name is "Bolat Sembinov" at one end: the other end's canonical name and the
//!   fact's date (EDTF).
//! * `signed_five_year_plan`: for each `signed` fact reported as done whose object is the
//!   entity named "US-Kazakhstan five-year cooperation plan": the subject's name and the
//!   date.
//! * `steppe_eagle_participants`: the names of the subjects of `participated_in` facts
//!   reported as done whose object is the entity named "Steppe Eagle" or an entity that a
//!   reported `part_of` fact makes part of it (Steppe Eagle 2004).
//! * `facts_by_report`: for each report (by its RDF graph IRI), the content keys of the
//!   facts it supports (one of their attributions names it).
//!
//! Lists are sorted and without duplicates; a pair is `[name, date]`, the date `null`
//! when unknown.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::path::PathBuf;

use factgraph::interchange::neo4j::{write_cypher, write_neo4j_csv};
use factgraph::interchange::rdf::{self, RdfOptions};
use factgraph::{
    DateRange, EntityRef, Filter, KnowledgeGraph, Modality, PartialDate, Relation, datasets,
};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/scaleout/seed".to_owned()),
    );
    let which = args.next().unwrap_or_else(|| "seed".to_owned());
    let g: &KnowledgeGraph = match which.as_str() {
        "seed" => datasets::edm_2004_v1_i133(),
        "corpus" => datasets::corpus(),
        other => return Err(format!("unknown dataset {other:?}: seed or corpus").into()),
    };
    std::fs::create_dir_all(&out)?;
    println!(
        "{which}: {} entities, {} facts, {} reports -> {}",
        g.entity_count(),
        g.fact_count(),
        g.report_count(),
        out.display()
    );

    #[cfg(feature = "parquet")]
    {
        let written = factgraph::interchange::parquet::write_dir(g, &out.join("parquet"))?;
        println!(
            "  parquet/   {} entities, {} reports, {} facts, {} attributions, {} quantities, {} events",
            written.entities,
            written.reports,
            written.facts,
            written.attributions,
            written.quantities,
            written.events
        );
    }
    #[cfg(not(feature = "parquet"))]
    println!("  parquet/   skipped: run with --features parquet");

    let neo4j = write_neo4j_csv(g, &out.join("neo4j"))?;
    println!("  neo4j/     {} CSV files", neo4j.csv.len());
    factgraph::interchange::file::write_atomically(&out.join("factgraph.cypher"), |w| {
        write_cypher(g, w)
    })?;
    let options = RdfOptions::default();
    rdf::write_nquads_file(g, &options, &out.join("factgraph.nq"))?;
    rdf::write_trig_file(g, &options, &out.join("factgraph.trig"))?;
    println!("  factgraph.cypher, factgraph.nq, factgraph.trig");

    let answers = serde_json::json!({
        "dataset": which,
        "counts": {
            "entities": g.entity_count(),
            "reports": g.report_count(),
            "facts": g.fact_count(),
            "attributions": g.facts().map(|f| f.sources().len()).sum::<usize>(),
            "quantities": g.facts().map(|f| f.fact().quantities().count()).sum::<usize>(),
            "events": factgraph::interchange::plover::records(g).count(),
        },
        "quantities_by_kind": quantities_by_kind(g),
        "met_sembinov_november_2004": met_sembinov_november_2004(g)?,
        "signed_five_year_plan": signed(g, "US-Kazakhstan five-year cooperation plan")?,
        "steppe_eagle_participants": participants(g, "Steppe Eagle")?,
        "facts_by_report": facts_by_report(g, &options),
    });
    let text = serde_json::to_string_pretty(&answers)?;
    factgraph::interchange::file::write_atomically(&out.join("answers.json"), |w| {
        std::io::Write::write_all(w, text.as_bytes())
    })?;
    println!("{text}");
    Ok(())
}

/// The entity whose canonical name is `name` (the questions name entities exactly, so
/// that SQL, Cypher and SPARQL can ask them the same way).
fn named<'g>(g: &'g KnowledgeGraph, name: &str) -> Result<EntityRef<'g>, Box<dyn Error>> {
    let mut found = g.entities().filter(|e| e.name() == name);
    match (found.next(), found.next()) {
        (Some(e), None) => Ok(e),
        (None, _) => Err(format!("no entity named {name:?}").into()),
        (Some(_), Some(_)) => Err(format!("several entities named {name:?}").into()),
    }
}

/// Names with a date (EDTF, `None` when unknown), sorted.
type Dated = BTreeSet<(String, Option<String>)>;

fn date_text(date: factgraph::FactDate) -> Option<String> {
    (!date.is_unknown()).then(|| date.to_string())
}

fn met_sembinov_november_2004(g: &KnowledgeGraph) -> Result<Dated, Box<dyn Error>> {
    let sembinov = named(g, "Bolat Sembinov")?;
    let november = DateRange::of(PartialDate::month(2004, 11)?);
    let filter = Filter::any().reported_only().within(november);
    Ok(g.meetings(sembinov.id(), filter)
        .map(|m| (m.with.name().to_owned(), date_text(m.date())))
        .collect())
}

fn signed(g: &KnowledgeGraph, agreement: &str) -> Result<Dated, Box<dyn Error>> {
    let plan = named(g, agreement)?.id();
    Ok(g.facts_of_relation(Relation::Signed)
        .filter(|f| f.modality() == Modality::Reported && f.object().id() == plan)
        .map(|f| (f.subject().name().to_owned(), date_text(f.date())))
        .collect())
}

fn participants(g: &KnowledgeGraph, series: &str) -> Result<BTreeSet<String>, Box<dyn Error>> {
    let series = named(g, series)?.id();
    let mut targets = BTreeSet::from([series]);
    targets.extend(
        g.facts_of_relation(Relation::PartOf)
            .filter(|f| f.modality() == Modality::Reported && f.object().id() == series)
            .map(|f| f.subject().id()),
    );
    Ok(g.facts_of_relation(Relation::ParticipatedIn)
        .filter(|f| f.modality() == Modality::Reported && targets.contains(&f.object().id()))
        .map(|f| f.subject().name().to_owned())
        .collect())
}

fn facts_by_report(g: &KnowledgeGraph, options: &RdfOptions) -> BTreeMap<String, BTreeSet<String>> {
    let mut by_report: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in g.facts() {
        let Some(key) = g.fact_key(f.id()) else {
            continue;
        };
        for s in f.sources() {
            if let Some(r) = s.report() {
                by_report
                    .entry(options.report_iri(r.key()))
                    .or_default()
                    .insert(key.to_string());
            }
        }
    }
    by_report
}

/// How many quantities the graph's reports give, per kind (`personnel`, `money`, …): each
/// attribution's quantities counted once, kinds with none left out.
fn quantities_by_kind(g: &KnowledgeGraph) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for f in g.facts() {
        for (_, q) in f.fact().quantities() {
            *counts.entry(q.kind().as_str()).or_default() += 1;
        }
    }
    counts
}
