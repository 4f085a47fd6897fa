//! Three of the article's questions answered with factgraph's query API, printed as JSON.
//!
//! `scripts/check_interchange.py` asks the same questions in SPARQL of the RDF export
//! (loaded into pyoxigraph and rdflib) and compares the answers with this output, so each
//! question has one precise definition, used on both sides:
//!
//! * `met_sembinov`: the canonical names of the entities at the other end of a `met` fact
//!   reported as done (modality `reported`) with the entity named or aliased "Sembinov" at
//!   either end.
//! * `exercises_2004`: the canonical names of the entities of kind `exercise` that are the
//!   object of a `hosted` or `participated_in` fact reported as done whose date lies wholly
//!   within 2004 (every day it may stand for is in 2004: `2004`, `2004-07`, `2004-07-01`,
//!   or a range whose two ends are in 2004).
//! * `sources_19_november_meetings`: the canonical names of the sources of the `met` facts
//!   reported as done whose date lies wholly within 19 November 2004.
//!
//! Every list is sorted and without duplicates.
//!
//! Run with `cargo run --example answers` (the embedded dataset) or
//! `cargo run --example answers -- graph.json` (a graph in factgraph's JSON format).

use std::collections::BTreeSet;
use std::error::Error;

use factgraph::{
    DateRange, EntityKind, Filter, KnowledgeGraph, Modality, PartialDate, Relation, datasets,
};

fn main() -> Result<(), Box<dyn Error>> {
    let owned;
    let g: &KnowledgeGraph = match std::env::args_os().nth(1) {
        Some(path) => {
            owned = KnowledgeGraph::from_json(&std::fs::read_to_string(path)?)?;
            &owned
        }
        None => datasets::edm_2004_v1_i133(),
    };

    let answers = serde_json::json!({
        "met_sembinov": met_sembinov(g)?,
        "exercises_2004": exercises_2004(g)?,
        "sources_19_november_meetings": sources_19_november_meetings(g)?,
    });
    println!("{}", serde_json::to_string_pretty(&answers)?);
    Ok(())
}

/// Who met Sembinov.
fn met_sembinov(g: &KnowledgeGraph) -> Result<BTreeSet<String>, Box<dyn Error>> {
    let sembinov = g.find("Sembinov")?;
    Ok(g.meetings(sembinov.id(), Filter::any().reported_only())
        .map(|m| m.with.name().to_owned())
        .collect())
}

/// The 2004 exercises.
fn exercises_2004(g: &KnowledgeGraph) -> Result<BTreeSet<String>, Box<dyn Error>> {
    let year = DateRange::of(PartialDate::year(2004)?);
    Ok([Relation::Hosted, Relation::ParticipatedIn]
        .into_iter()
        .flat_map(|r| g.facts_of_relation(r))
        .filter(|f| f.modality() == Modality::Reported && f.date().within(&year))
        .map(|f| f.object())
        .filter(|e| e.kind() == EntityKind::Exercise)
        .map(|e| e.name().to_owned())
        .collect())
}

/// The sources of the 19 November meetings.
fn sources_19_november_meetings(g: &KnowledgeGraph) -> Result<BTreeSet<String>, Box<dyn Error>> {
    let day = DateRange::of(PartialDate::day(2004, 11, 19)?);
    Ok(g.facts_of_relation(Relation::Met)
        .filter(|f| f.modality() == Modality::Reported && f.date().within(&day))
        // `sources()` borrows the FactRef (edition 2024 capture rules), hence the Vec.
        .flat_map(|f| f.sources().collect::<Vec<_>>())
        .map(|s| s.source().name().to_owned())
        .collect())
}
