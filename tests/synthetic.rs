//! The synthetic generator through the public API: a graph built from
//! `synthetic::Generator`'s entities and facts, a chunk at a time as the lean scale run
//! builds it, is the graph `synthetic::generate` returns. All data here are made up by the
//! generator.

use factgraph::KnowledgeGraph;
use factgraph::synthetic::{Generator, SyntheticConfig, SyntheticError, generate};

#[test]
fn generator_chunks_build_the_generated_graph() -> Result<(), SyntheticError> {
    let config = SyntheticConfig::new(3_000, 11).with_facts_per_entity(4.0);
    let generator = Generator::new(&config)?;
    let mut g = KnowledgeGraph::with_title(generator.title());
    let mut chunks = 0;
    g.transaction(|batch| {
        let mut facts = generator.facts();
        for entity in generator.entities() {
            batch.add_entity(entity)?;
        }
        loop {
            let chunk: Vec<_> = facts.by_ref().take(1_000).collect::<Result<_, _>>()?;
            if chunk.is_empty() {
                break;
            }
            chunks += 1;
            for fact in chunk {
                batch.add_fact(fact)?;
            }
        }
        Ok::<(), SyntheticError>(())
    })?;
    assert_eq!(chunks, 12);
    assert_eq!(
        (g.entity_count(), g.fact_count()),
        (generator.entity_count(), generator.fact_count())
    );
    assert_eq!(g, generate(&config)?);
    Ok(())
}

/// `Batch::add_facts` stages the same graph as `add_fact` one by one (blocks of any size,
/// here 1,000 facts that are not a multiple of its read-ahead), and stops at the first
/// fact refused with the facts before it staged.
#[test]
fn add_facts_stages_what_add_fact_stages() -> Result<(), Box<dyn std::error::Error>> {
    use factgraph::{Entity, EntityKind, Fact, GraphError, Relation};
    let config = SyntheticConfig::new(300, 11).with_facts_per_entity(4.0);
    let one_by_one = generate(&config)?;
    let generator = Generator::new(&config)?;
    let facts: Vec<Fact> = generator.facts().collect::<Result<_, _>>()?;
    let mut g = KnowledgeGraph::with_title(generator.title());
    let staged = g.transaction(|batch| {
        for entity in generator.entities() {
            batch.add_entity(entity)?;
        }
        batch.add_facts(facts.iter().cloned())
    })?;
    assert_eq!(staged, facts.len());
    assert_eq!(g, one_by_one);

    // Made-up data: after 40 good facts, one naming an entity this graph does not have.
    // The error is the one add_fact gives, and the transaction applies nothing.
    let other = KnowledgeGraph::from_parts(generator.entities().take(5), [])?;
    let stranger = other
        .get(generator.entities().nth(4).ok_or("few")?.key())?
        .id();
    let mut small = KnowledgeGraph::new();
    let result = small.transaction(|batch| {
        let a = batch.add_entity(Entity::new("a", EntityKind::Country, "Ruritania"))?;
        let x = batch.add_entity(Entity::new("x", EntityKind::Exercise, "Exercise X"))?;
        let bad = Fact::new(Relation::Hosted, a, stranger);
        let expected = batch.add_fact(bad.clone()).err();
        let good = (0..40).map(|_| Fact::new(Relation::Hosted, a, x));
        let outcome = batch.add_facts(good.chain([bad]));
        assert_eq!(outcome.as_ref().err(), expected.as_ref());
        outcome
    });
    assert!(matches!(result, Err(GraphError::UnknownEntity { .. })));
    assert_eq!((small.entity_count(), small.fact_count()), (0, 0));
    Ok(())
}
