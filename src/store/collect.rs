//! Building a graph with the standard collection traits.
//!
//! Every entity and fact is checked as [`KnowledgeGraph::add_entity`] and
//! [`KnowledgeGraph::add_fact`] check it, so these traits keep the graph valid. They differ
//! in what happens to an item the graph refuses:
//!
//! - collecting into `Result<KnowledgeGraph, GraphError>` is all or nothing, like collecting
//!   into `Result<Vec<_>, _>`: the first refused entity is the error;
//! - `Extend` cannot report, so it leaves a refused item out, as a set's `extend` leaves out
//!   an element it already holds (an entity whose key is taken keeps the entity the graph
//!   has); the graph is as if that item had not been offered. Collecting into a plain
//!   `KnowledgeGraph` does the same. Use [`KnowledgeGraph::add_all`] or
//!   [`KnowledgeGraph::transaction`] to learn why an item was refused.

use crate::error::GraphError;
use crate::model::entity::Entity;
use crate::model::fact::Fact;
use crate::store::graph::KnowledgeGraph;

/// Adds each entity the graph accepts; see the [module documentation](self).
///
/// ```
/// use factgraph::{Entity, EntityKind, KnowledgeGraph};
/// // Made-up data.
/// let mut g = KnowledgeGraph::new();
/// g.extend([
///     Entity::new("a", EntityKind::Country, "Ruritania"),
///     Entity::new("a", EntityKind::Country, "Ruritania again"), // key taken: left out
///     Entity::new("b", EntityKind::Country, ""),                // no name: left out
/// ]);
/// assert_eq!(g.entity_count(), 1);
/// assert_eq!(g.get("a")?.name(), "Ruritania");
/// # Ok::<(), factgraph::LookupError>(())
/// ```
impl Extend<Entity> for KnowledgeGraph {
    fn extend<I: IntoIterator<Item = Entity>>(&mut self, entities: I) {
        for entity in entities {
            // A refused entity leaves the graph unchanged; see the module documentation.
            let _ = self.add_entity(entity);
        }
    }
}

/// Adds each fact the graph accepts (its ends must be entities of this graph, of kinds the
/// relation allows); see the [module documentation](self).
///
/// ```
/// use factgraph::{Entity, EntityKind, Fact, KnowledgeGraph, Relation};
/// // Made-up data.
/// let mut g: KnowledgeGraph = [
///     Entity::new("a", EntityKind::Country, "Ruritania"),
///     Entity::new("x", EntityKind::Exercise, "Exercise X"),
/// ]
/// .into_iter()
/// .collect();
/// let (a, x) = (g.get("a")?.id(), g.get("x")?.id());
/// g.extend([
///     Fact::new(Relation::Hosted, a, x),
///     Fact::new(Relation::Hosted, x, a), // an exercise cannot host: left out
/// ]);
/// assert_eq!(g.fact_count(), 1);
/// # Ok::<(), factgraph::LookupError>(())
/// ```
impl Extend<Fact> for KnowledgeGraph {
    fn extend<I: IntoIterator<Item = Fact>>(&mut self, facts: I) {
        for fact in facts {
            // A refused fact leaves the graph unchanged; see the module documentation.
            let _ = self.add_fact(fact);
        }
    }
}

/// A graph of the entities it accepts, as [`Extend`] adds them; see the [module
/// documentation](self).
impl FromIterator<Entity> for KnowledgeGraph {
    fn from_iter<I: IntoIterator<Item = Entity>>(entities: I) -> Self {
        let mut g = KnowledgeGraph::new();
        g.extend(entities);
        g
    }
}

/// A graph of all the entities, or the first error: nothing is half built.
///
/// ```
/// use factgraph::{Entity, EntityKind, GraphError, KnowledgeGraph};
/// // Made-up data.
/// let ok: Result<KnowledgeGraph, GraphError> = [
///     Entity::new("a", EntityKind::Country, "Ruritania"),
///     Entity::new("b", EntityKind::Country, "Freedonia"),
/// ]
/// .into_iter()
/// .collect();
/// assert_eq!(ok?.entity_count(), 2);
/// let twice: Result<KnowledgeGraph, GraphError> =
///     std::iter::repeat_n(Entity::new("a", EntityKind::Country, "Ruritania"), 2).collect();
/// assert!(matches!(twice, Err(GraphError::DuplicateKey { .. })));
/// # Ok::<(), GraphError>(())
/// ```
impl FromIterator<Entity> for Result<KnowledgeGraph, GraphError> {
    fn from_iter<I: IntoIterator<Item = Entity>>(entities: I) -> Self {
        KnowledgeGraph::from_parts(entities, [])
    }
}
