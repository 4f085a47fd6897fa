//! Typed handles for entities and facts.

use std::fmt;

/// Handle of an entity inside one [`KnowledgeGraph`](crate::KnowledgeGraph).
///
/// Ids are dense and never reused: a graph only grows, so an id stays valid for the life of
/// the graph that issued it. An id from another graph is not meaningful here; lookups with
/// such an id return `None` rather than panicking. The stable, serialized identity of an
/// entity is its [`key`](crate::Entity::key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub(crate) u32);

/// Handle of a fact inside one [`KnowledgeGraph`](crate::KnowledgeGraph).
///
/// Facts are numbered in insertion order from zero; the number is the "fact number" used
/// in error messages and is preserved by a JSON round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactId(pub(crate) u32);

impl EntityId {
    /// Position of the entity in insertion order.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl FactId {
    /// The fact number: its position in insertion order, starting at 0.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "entity #{}", self.0)
    }
}

impl fmt::Display for FactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fact #{}", self.0)
    }
}
