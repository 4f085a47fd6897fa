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
