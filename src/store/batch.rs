//! Staging of changes: every check runs here, before the graph changes.

use std::collections::HashMap;

use super::graph::KnowledgeGraph;
use crate::error::{GraphError, SchemaViolation};
use crate::model::entity::Entity;
use crate::model::fact::Fact;
use crate::model::ids::{EntityId, FactId};
use crate::model::kind::{EntityKind, KindSet};
use crate::model::relation::Relation;

/// Kinds a `place` may be.
pub(crate) const PLACE_KINDS: KindSet = KindSet::of(&[EntityKind::Place, EntityKind::Country]);
/// Kinds a `recipient` may be.
pub(crate) const RECIPIENT_KINDS: KindSet = KindSet::of(&[
    EntityKind::Country,
    EntityKind::StateBody,
    EntityKind::Organisation,
]);
/// Kinds an attribution's `source` may be.
pub(crate) const SOURCE_KINDS: KindSet = KindSet::of(&[EntityKind::Source]);
/// Kinds a `speaker` may be.
pub(crate) const SPEAKER_KINDS: KindSet = KindSet::of(&[
    EntityKind::Person,
    EntityKind::Country,
    EntityKind::StateBody,
    EntityKind::Organisation,
]);

/// Entities and facts staged against a graph, validated as they are added, applied together
/// by [`KnowledgeGraph::transaction`]. Ids it returns are the ids the items will have once
/// applied, and may be used in later facts of the same batch.
#[derive(Debug)]
pub struct Batch<'g> {
    graph: &'g KnowledgeGraph,
    entities: Vec<Entity>,
    keys: HashMap<String, EntityId>,
    facts: Vec<Fact>,
}

/// The validated content of a finished batch.
pub(crate) struct Staged {
    pub(crate) entities: Vec<Entity>,
    pub(crate) facts: Vec<Fact>,
}

impl<'g> Batch<'g> {
    pub(crate) fn new(graph: &'g KnowledgeGraph) -> Self {
        Batch {
            graph,
            entities: Vec::new(),
            keys: HashMap::new(),
            facts: Vec::new(),
        }
    }

    pub(crate) fn into_staged(self) -> Staged {
        Staged {
            entities: self.entities,
            facts: self.facts,
        }
    }

    /// Stages an entity; see [`KnowledgeGraph::add_entity`] for the checks.
    pub fn add_entity(&mut self, entity: Entity) -> Result<EntityId, GraphError> {
        if entity.key.is_empty() {
            return Err(GraphError::EmptyKey);
        }
        if entity.names().any(|n| n.trim().is_empty()) {
            return Err(GraphError::EmptyName { key: entity.key });
        }
        if self.entity_by_key(&entity.key).is_some() {
            return Err(GraphError::DuplicateKey { key: entity.key });
        }
        let n = self.graph.entities.len() + self.entities.len();
        let id = EntityId::from_index(n).ok_or(GraphError::Capacity("entities"))?;
        self.keys.insert(entity.key.clone(), id);
        self.entities.push(entity);
        Ok(id)
    }

    /// Stages a fact; see [`KnowledgeGraph::add_fact`] for the checks.
    pub fn add_fact(&mut self, fact: Fact) -> Result<FactId, GraphError> {
        self.check_fact(&fact)?;
        let n = self.graph.facts.len() + self.facts.len();
        let id = FactId(u32::try_from(n).map_err(|_| GraphError::Capacity("facts"))?);
        self.facts.push(fact);
        Ok(id)
    }

    /// The id of an entity by key, in the graph or staged in this batch.
    pub fn entity_by_key(&self, key: &str) -> Option<EntityId> {
        self.graph
            .entity_by_key(key)
            .or_else(|| self.keys.get(key).copied())
    }

    /// The graph this batch will apply to, as it is before the batch.
    pub fn graph(&self) -> &KnowledgeGraph {
        self.graph
    }

    fn entity(&self, id: EntityId) -> Option<&Entity> {
        let base = self.graph.entities.len();
        match id.index().checked_sub(base) {
            None => self.graph.entities.get(id.index()),
            Some(i) => self.entities.get(i),
        }
    }

    fn resolve(&self, field: &'static str, id: EntityId) -> Result<&Entity, GraphError> {
        self.entity(id)
            .ok_or(GraphError::UnknownEntity { field, id })
    }

    /// The kind of an entity, from the graph's one-byte kind column when it is not staged:
    /// validation of a bulk load then reads one byte per end, not a whole entity.
    fn kind(&self, field: &'static str, id: EntityId) -> Result<EntityKind, GraphError> {
        match self.graph.kind_of(id) {
            Some(kind) => Ok(kind),
            None => self.resolve(field, id).map(|e| e.kind),
        }
    }

    fn check_kind(
        &self,
        field: &'static str,
        id: EntityId,
        expected: KindSet,
    ) -> Result<(), GraphError> {
        if expected.contains(self.kind(field, id)?) {
            return Ok(());
        }
        let e = self.resolve(field, id)?;
        if expected.contains(e.kind) {
            Ok(())
        } else {
            Err(GraphError::QualifierKind {
                field,
                key: e.key.clone(),
                kind: e.kind,
                expected,
            })
        }
    }

    fn check_fact(&self, fact: &Fact) -> Result<(), GraphError> {
        let subject_kind = self.kind("subject", fact.subject)?;
        let object_kind = self.kind("object", fact.object)?;
        if !fact.relation.allows(subject_kind, object_kind) {
            let subject = self.resolve("subject", fact.subject)?;
            let object = self.resolve("object", fact.object)?;
            let schema = fact.relation.schema();
            return Err(SchemaViolation {
                relation: fact.relation,
                subject: subject.key.clone(),
                subject_kind: subject.kind,
                object: object.key.clone(),
                object_kind: object.kind,
                allowed_subject: schema.subject,
                allowed_object: schema.object,
            }
            .into());
        }
        if let Some(place) = fact.place() {
            self.check_kind("place", place, PLACE_KINDS)?;
        }
        match (fact.recipient(), fact.relation) {
            (Some(r), Relation::Supplies) => self.check_kind("recipient", r, RECIPIENT_KINDS)?,
            (Some(_), relation) => return Err(GraphError::RecipientNotAllowed { relation }),
            (None, _) => {}
        }
        match (fact.role(), fact.relation) {
            (None, Relation::HoldsPosition) => return Err(GraphError::MissingRole),
            (Some(role), Relation::HoldsPosition) if role.title.trim().is_empty() => {
                return Err(GraphError::EmptyTitle);
            }
            (Some(_), relation) if relation != Relation::HoldsPosition => {
                return Err(GraphError::UnexpectedRole { relation });
            }
            _ => {}
        }
        for a in &fact.sources {
            self.check_kind("source", a.source, SOURCE_KINDS)?;
            if let Some(s) = a.speaker {
                self.check_kind("speaker", s, SPEAKER_KINDS)?;
            }
        }
        Ok(())
    }
}
