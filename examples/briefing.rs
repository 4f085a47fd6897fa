//! An analyst's briefing on the embedded article (Eurasia Daily Monitor, 2004, vol. 1,
//! issue 133), produced entirely through factgraph's query API: every line below comes from
//! a query answer, and every line carries the sources of the facts behind it.
//!
//! Run with `cargo run --example briefing`.

use std::error::Error;

use factgraph::{
    DateMatch, DateRange, EntityKind, FactRef, Filter, KnowledgeGraph, PartialDate, datasets,
};

fn main() -> Result<(), Box<dyn Error>> {
    let g = datasets::edm_2004_v1_i133();
    println!("BRIEFING: {}", g.title().unwrap_or("embedded dataset"));
    println!(
        "{} entities, {} facts. Dates marked \"(year inferred)\" give day and month in the text; the year comes from the 2004 issue.",
        g.entity_count(),
        g.fact_count()
    );

    meetings_in_washington(g)?;
    the_agreement(g)?;
    exercises_2004(g)?;
    seventeenth_november(g)?;
    plans_and_intentions(g);
    ricardel_to_steppe_eagle(g)?;
    Ok(())
}

fn heading(title: &str) {
    println!("\n== {title} ==");
}

/// A fact line followed by its sources, indented.
fn fact_line(f: FactRef<'_>) {
    println!("  - {f}");
    for s in f.sources() {
        match s.quote() {
            Some(q) => println!("      source: {s}: \"{q}\""),
            None => println!("      source: {s}"),
        }
    }
}

fn meetings_in_washington(g: &KnowledgeGraph) -> Result<(), Box<dyn Error>> {
    heading("Who met whom in Washington, and when");
    let washington = g.find("Washington")?;
    for m in g
        .all_meetings()
        .filter(|m| m.place().map(|p| p.id()) == Some(washington.id()))
    {
        let posts: Vec<String> = g
            .positions_of(m.with.id())
            .map(|p| format!("{}, {}", p.role.title, p.body.name()))
            .collect();
        println!(
            "  - {} met {} ({}) on {}",
            m.who.name(),
            m.with.name(),
            posts.join("; "),
            m.date().describe()
        );
        println!("      source: {}", m.fact.sources_line());
    }
    Ok(())
}

fn the_agreement(g: &KnowledgeGraph) -> Result<(), Box<dyn Error>> {
    heading("The agreement behind the cooperation");
    let plan = g.find_kind("five-year cooperation plan", EntityKind::Agreement)?;
    println!("  {}", plan.name());
    for s in g.signatories(plan.id()) {
        for f in s.facts {
            fact_line(f);
        }
    }
    for s in g.parties(plan.id()) {
        for f in s.facts {
            fact_line(f);
        }
    }
    println!("  Where it was discussed:");
    for hop in g.neighbours(
        plan.id(),
        Filter::relation(factgraph::Relation::Discussed).direction(factgraph::Direction::Incoming),
    ) {
        fact_line(hop.fact());
    }
    Ok(())
}

fn exercises_2004(g: &KnowledgeGraph) -> Result<(), Box<dyn Error>> {
    heading("The 2004 exercises and who took part");
    let year = DateRange::of(PartialDate::year(2004)?);
    for ex in g.entities_of_kind(EntityKind::Exercise) {
        // An exercise of 2004: one with a fact dated within 2004 (hosted, held, took part).
        let in_2004 = g
            .neighbours(ex.id(), Filter::any().within(year))
            .next()
            .is_some();
        if !in_2004 {
            continue;
        }
        println!("  {}", ex.name());
        for host in g.hosts(ex.id()) {
            for f in host.facts {
                fact_line(f);
            }
        }
        for p in g.participants(ex.id(), Filter::any()) {
            for f in p.facts {
                fact_line(f);
            }
        }
    }
    Ok(())
}

fn seventeenth_november(g: &KnowledgeGraph) -> Result<(), Box<dyn Error>> {
    heading("What happened on 17 November 2004");
    let day = DateRange::of(PartialDate::day(2004, 11, 17)?);
    for f in g.timeline(day, DateMatch::Within) {
        fact_line(f);
    }
    Ok(())
}

fn plans_and_intentions(g: &KnowledgeGraph) {
    heading("Plans, intentions and claims (not reported as done)");
    for f in g.not_reported() {
        fact_line(f);
        if let Some(note) = f.note() {
            println!("      note: {note}");
        }
    }
}

fn ricardel_to_steppe_eagle(g: &KnowledgeGraph) -> Result<(), Box<dyn Error>> {
    heading("How Mira Ricardel is connected to Steppe Eagle 2004");
    let from = g.find("Mira Ricardel")?;
    let to = g.find("Steppe Eagle 2004")?;
    match g.connection(from.id(), to.id(), Filter::any().reported_only()) {
        None => println!("  no connection through reported facts"),
        Some(path) => {
            println!("  {} hops, through reported facts only:", path.len());
            for hop in path.hops() {
                let arrow = match hop.direction() {
                    factgraph::Direction::Incoming => "<-",
                    _ => "->",
                };
                println!(
                    "  {} {arrow}[{}]{arrow} {}",
                    hop.from().name(),
                    hop.fact().relation(),
                    hop.other().name()
                );
                println!("      fact: {}", hop.fact());
                println!("      source: {}", hop.fact().sources_line());
            }
        }
    }
    Ok(())
}
