//! Building a graph from scratch with the builder API, then questioning it.
//!
//! ALL DATA IN THIS EXAMPLE IS MADE UP. The countries, people, exercise and agency below
//! are fictional; they only show how the API is used.
//!
//! Run with `cargo run --example builder`.

use std::error::Error;

use factgraph::{
    Attribution, DateMatch, DateRange, Entity, EntityKind, Fact, FactDate, Filter, KnowledgeGraph,
    Modality, PartialDate, Relation, Role,
};

fn main() -> Result<(), Box<dyn Error>> {
    let mut g = KnowledgeGraph::with_title("Made-up example: Ruritania and Freedonia");

    // One transaction: if any entity or fact were invalid, nothing would be added.
    g.transaction(|b| -> Result<(), Box<dyn Error>> {
        let ruritania = b.add_entity(Entity::new("ruritania", EntityKind::Country, "Ruritania"))?;
        let freedonia = b.add_entity(
            Entity::new("freedonia", EntityKind::Country, "Freedonia").with_alias("FRD"),
        )?;
        let mod_r = b.add_entity(Entity::new(
            "ruritania_mod",
            EntityKind::StateBody,
            "Ministry of Defence of Ruritania",
        ))?;
        let anna = b.add_entity(
            Entity::new("anna_novak", EntityKind::Person, "Anna Nováková")
                .with_alias("Novakova")
                .with_attribute("rank", "Colonel"),
        )?;
        let boris = b.add_entity(Entity::new("boris_k", EntityKind::Person, "Boris Kallas"))?;
        let drill = b.add_entity(Entity::new(
            "north_shield_2021",
            EntityKind::Exercise,
            "North Shield 2021",
        ))?;
        let capital = b.add_entity(Entity::new("strelsau", EntityKind::Place, "Strelsau"))?;
        let wire = b.add_entity(Entity::new("wire", EntityKind::Source, "Example Wire"))?;

        let report = |day: u32| -> Result<Attribution, Box<dyn Error>> {
            Ok(Attribution::new(wire).reported_on(FactDate::day(2021, 6, day)?))
        };
        b.add_fact(Fact::new(Relation::PartOf, mod_r, ruritania).with_source(report(1)?))?;
        b.add_fact(
            Fact::new(Relation::HoldsPosition, anna, mod_r)
                .with_role(Role::new("Deputy Minister").with_rank("Colonel"))
                .with_source(report(1)?),
        )?;
        b.add_fact(
            Fact::new(Relation::Met, anna, boris)
                .on(FactDate::day(2021, 6, 2)?)
                .at(capital)
                .with_source(report(3)?.with_speaker(anna)),
        )?;
        b.add_fact(
            Fact::new(Relation::Hosted, ruritania, drill)
                .on(FactDate::month(2021, 9)?)
                .with_modality(Modality::Planned)
                .with_source(report(3)?.with_quote("North Shield will be held in September")),
        )?;
        b.add_fact(
            Fact::new(Relation::ParticipatedIn, freedonia, drill)
                .on(FactDate::month(2021, 9)?)
                .with_modality(Modality::Intended)
                .with_source(report(4)?),
        )?;
        Ok(())
    })?;

    // Questions, answered through the query API.
    let anna = g.find("novakova")?; // alias, case- and diacritic-insensitive
    println!("{} ({})", anna.name(), anna.kind());
    for p in g.positions_of(anna.id()) {
        println!(
            "  post: {} in {} [{}]",
            p.role.title,
            p.body.name(),
            p.fact.sources_line()
        );
    }
    for m in g.meetings(anna.id(), Filter::any()) {
        println!(
            "  met {} {} [{}]",
            m.with.name(),
            m.date().describe(),
            m.fact.sources_line()
        );
    }

    let drill = g.find("North Shield 2021")?;
    for host in g.hosts(drill.id()) {
        println!("North Shield 2021 host: {}", host.entity.name());
    }
    for p in g.participants(drill.id(), Filter::any()) {
        println!(
            "North Shield 2021 participant: {} ({})",
            p.entity.name(),
            p.facts
                .iter()
                .map(|f| f.modality().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    let june = DateRange::of(PartialDate::month(2021, 6)?);
    println!("June 2021:");
    for f in g.timeline(june, DateMatch::Within) {
        println!("  {f}");
    }
    println!("Not yet done:");
    for f in g.not_reported() {
        println!("  {f}");
    }

    // A rejected fact changes nothing.
    let before = g.fact_count();
    let (anna_id, drill_id) = (anna.id(), drill.id());
    let bad = g.add_fact(Fact::new(Relation::Signed, anna_id, drill_id));
    if let Err(e) = bad {
        println!("rejected as expected: {e}");
    }
    assert_eq!(g.fact_count(), before);

    let from = g.find("Boris Kallas")?;
    if let Some(path) = g.connection(from.id(), drill_id, Filter::any()) {
        println!(
            "Boris Kallas to North Shield 2021 in {} hops:\n{path}",
            path.len()
        );
    }
    Ok(())
}
