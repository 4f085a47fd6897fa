//! Staging of changes: every check runs here, before the graph changes.

use std::collections::HashMap;

use super::facts::{FactColumns, SetTable};
use super::graph::KnowledgeGraph;
use super::keys::StagedKeys;
use crate::error::{GraphError, SchemaViolation};
use crate::model::entity::Entity;
use crate::model::fact::Fact;
use crate::model::ids::ReportId;
use crate::model::ids::{EntityId, FactId};
use crate::model::kind::{EntityKind, KindSet};
use crate::model::relation::Relation;
use crate::model::report::Report;

/// Kinds a `place` may be.
pub(crate) const PLACE_KINDS: KindSet = KindSet::of(&[EntityKind::Place, EntityKind::Country]);
/// Kinds a `recipient` may be.
pub(crate) const RECIPIENT_KINDS: KindSet = KindSet::of(&[
    EntityKind::Country,
    EntityKind::StateBody,
    EntityKind::Organisation,
]);
/// Kinds an attribution's `source` may be.
/// Who may publish a report or be cited as its source: an outlet, or a state body or
/// organisation that publishes its own statements (a ministry's press service, NATO's
/// website), so that it needs no duplicate `source` entity (issue 19).
pub(crate) const SOURCE_KINDS: KindSet = KindSet::of(&[
    EntityKind::Source,
    EntityKind::StateBody,
    EntityKind::Organisation,
]);
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
    /// Staged entities; `None` for a placeholder of a burnt id (a merge rebuilding a graph
    /// that has some).
    entities: Vec<Option<Entity>>,
    /// The kind of each staged entity (`None` for a placeholder), beside the entities so
    /// that checking a bulk load's facts reads one byte per end, not a whole entity.
    kinds: Vec<Option<EntityKind>>,
    /// Keys of the staged entities, with a packed copy of each for quick lookups.
    keys: StagedKeys,
    /// Keys staged by `add_merged_key`.
    merged: HashMap<String, EntityId>,
    /// The staged facts, as the columns the graph will take.
    facts: FactColumns,
    /// Finds attribution lists the staged facts share.
    sets: SetTable,
    /// Staged reports; `None` for a placeholder of a burnt id.
    reports: Vec<Option<Report>>,
    report_keys: HashMap<String, ReportId>,
    merged_keys: Vec<(String, EntityId)>,
    /// A graph whose entities and reports the staged data may name without defining them:
    /// they are copied in on first use (a report file merged into a corpus).
    fallback: Option<&'g KnowledgeGraph>,
}

/// The validated content of a finished batch.
pub(crate) struct Staged {
    pub(crate) entities: Vec<Option<Entity>>,
    /// Ranges of positions among the staged entities' ids that are placeholders.
    pub(crate) burnt: Vec<(u32, u32)>,
    pub(crate) facts: FactColumns,
    pub(crate) reports: Vec<Option<Report>>,
    pub(crate) merged_keys: Vec<(String, EntityId)>,
    /// The staged entities' keys as the batch hashed them (with the graph's hasher), for
    /// the commit to take in without hashing every key again; `None`: hash them.
    pub(crate) keys: Option<StagedKeys>,
}

/// Whether a name is empty once folded for lookup: blank, or only marks and invisible or
/// control characters that folding drops (a lone combining accent, zero-width spaces),
/// which `find("")` would otherwise match.
fn is_blank(name: &str) -> bool {
    if name.is_ascii() {
        // ASCII white space other than the space is made of control characters.
        name.bytes().all(|b| b == b' ' || b.is_ascii_control())
    } else {
        crate::store::names::normalize_name(name).is_empty()
    }
}

impl<'g> Batch<'g> {
    pub(crate) fn new(graph: &'g KnowledgeGraph) -> Self {
        Batch {
            graph,
            entities: Vec::new(),
            kinds: Vec::new(),
            keys: StagedKeys::beside(&graph.keys),
            merged: HashMap::new(),
            facts: FactColumns::default(),
            sets: SetTable::default(),
            reports: Vec::new(),
            report_keys: HashMap::new(),
            merged_keys: Vec::new(),
            fallback: None,
        }
    }

    /// Lets staged data name entities and reports of `fallback`, copied in on first use.
    pub(crate) fn with_fallback(mut self, fallback: &'g KnowledgeGraph) -> Self {
        self.fallback = Some(fallback);
        self
    }

    /// The entity with this key, copying it in from the fallback graph if needed.
    pub(crate) fn entity_or_import(&mut self, key: &str) -> Option<EntityId> {
        if let Some(id) = self.entity_by_key(key) {
            return Some(id);
        }
        let fallback = self.fallback?;
        let theirs = fallback.key_id(key)?;
        let entity = fallback.entity_data(theirs)?.clone();
        let canonical = entity.key.clone();
        let id = match self.entity_by_key(&canonical) {
            Some(id) => id,
            None => self.add_entity(entity).ok()?,
        };
        if canonical != key {
            self.add_merged_key(key.to_owned(), id).ok()?;
        }
        Some(id)
    }

    /// The report with this key, copying it (and its outlet) in from the fallback graph if
    /// needed.
    pub(crate) fn report_or_import(&mut self, key: &str) -> Option<ReportId> {
        if let Some(id) = self.report_by_key(key) {
            return Some(id);
        }
        let fallback = self.fallback?;
        let theirs = fallback.report(fallback.report_by_key(key)?)?.clone();
        let outlet_key = fallback.entity_data(theirs.outlet)?.key.clone();
        let outlet = self.entity_or_import(&outlet_key)?;
        let mut copy = theirs;
        copy.outlet = outlet;
        self.add_report(copy).ok()
    }

    pub(crate) fn into_staged(self) -> Staged {
        let base = self.graph.entities.len();
        let mut burnt: Vec<(u32, u32)> = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            let Ok(at) = u32::try_from(base + i) else {
                break;
            };
            if e.is_none() {
                match burnt.last_mut() {
                    Some(last) if last.1 == at => last.1 = at + 1,
                    _ => burnt.push((at, at + 1)),
                }
            }
        }
        Staged {
            burnt,
            entities: self.entities,
            facts: self.facts,
            reports: self.reports,
            merged_keys: self.merged_keys,
            keys: Some(self.keys),
        }
    }

    /// Stages a report; see [`KnowledgeGraph::add_report`] for the checks.
    ///
    /// # Errors
    /// As [`KnowledgeGraph::add_report`].
    pub fn add_report(&mut self, report: Report) -> Result<ReportId, GraphError> {
        if report.key.is_empty() {
            return Err(GraphError::EmptyKey);
        }
        if self.report_by_key(&report.key).is_some() {
            return Err(GraphError::DuplicateReport { key: report.key });
        }
        self.check_kind("outlet", report.outlet, SOURCE_KINDS)?;
        let n = self.graph.reports.len() + self.reports.len();
        let id = ReportId::from_index(n).ok_or(GraphError::Capacity("reports"))?;
        self.report_keys.insert(report.key.clone(), id);
        self.reports.push(Some(report));
        Ok(id)
    }

    /// How many report ids this batch has handed out.
    pub(crate) fn staged_reports(&self) -> usize {
        self.reports.len()
    }

    /// Stages a placeholder report: the next report id names nothing (a merge carrying
    /// over the burnt ids of the graph it rebuilds).
    pub(crate) fn add_report_placeholder(&mut self) -> Result<ReportId, GraphError> {
        let n = self.graph.reports.len() + self.reports.len();
        let id = ReportId::from_index(n).ok_or(GraphError::Capacity("reports"))?;
        self.reports.push(None);
        Ok(id)
    }

    /// The id of a report by key, in the graph or staged in this batch.
    pub fn report_by_key(&self, key: &str) -> Option<ReportId> {
        self.graph
            .report_by_key(key)
            .or_else(|| self.report_keys.get(key).copied())
    }

    /// The report data, in the graph or staged in this batch.
    pub(crate) fn report(&self, id: ReportId) -> Option<&Report> {
        let base = self.graph.reports.len();
        match id.index().checked_sub(base) {
            None => self.graph.report(id),
            Some(i) => self.reports.get(i).and_then(Option::as_ref),
        }
    }

    /// Records that `key` (no longer an entity's own key) names entity `id`, after a merge.
    pub(crate) fn add_merged_key(&mut self, key: String, id: EntityId) -> Result<(), GraphError> {
        if self.entity_by_key(&key).is_some() {
            return Err(GraphError::DuplicateKey { key });
        }
        self.resolve("merged key", id)?;
        self.merged.insert(key.clone(), id);
        self.merged_keys.push((key, id));
        Ok(())
    }

    /// Makes room for `entities` more entities and `facts` more facts, for a loader that
    /// knows its counts: the staged columns grow once instead of by doubling (which leaves
    /// up to half of each column spare, and copies it at every step). Room for one and a
    /// half attributions per fact is made; what is not used is given back when the batch
    /// is applied to an empty graph.
    ///
    /// ```
    /// use factgraph::{Entity, EntityKind, KnowledgeGraph};
    /// // Made-up data.
    /// let mut g = KnowledgeGraph::new();
    /// g.transaction(|b| {
    ///     b.reserve(1000, 0);
    ///     for i in 0..1000 {
    ///         b.add_entity(Entity::new(format!("p{i}"), EntityKind::Person, format!("Person {i}")))?;
    ///     }
    ///     Ok::<(), factgraph::GraphError>(())
    /// })?;
    /// assert_eq!(g.entity_count(), 1000);
    /// # Ok::<(), factgraph::GraphError>(())
    /// ```
    pub fn reserve(&mut self, entities: usize, facts: usize) {
        self.entities.reserve(entities);
        self.kinds.reserve(entities);
        self.keys.reserve(entities);
        self.facts.reserve(facts, facts.saturating_add(facts / 2));
    }

    /// How many entity ids this batch has handed out.
    pub(crate) fn staged_entities(&self) -> usize {
        self.entities.len()
    }

    /// Stages a placeholder: the next id names nothing (a merge carrying over the burnt ids
    /// of the graph it rebuilds).
    pub(crate) fn add_placeholder(&mut self) -> Result<EntityId, GraphError> {
        let n = self.graph.entities.len() + self.entities.len();
        let id = EntityId::from_index(n).ok_or(GraphError::Capacity("entities"))?;
        self.entities.push(None);
        self.kinds.push(None);
        Ok(id)
    }

    /// Stages an entity; see [`KnowledgeGraph::add_entity`] for the checks.
    ///
    /// # Errors
    /// As [`KnowledgeGraph::add_entity`].
    pub fn add_entity(&mut self, entity: Entity) -> Result<EntityId, GraphError> {
        if entity.key.is_empty() {
            return Err(GraphError::EmptyKey);
        }
        if is_blank(&entity.name) {
            return Err(GraphError::EmptyName { key: entity.key });
        }
        if let Some(index) = entity.aliases.iter().position(|a| is_blank(a)) {
            return Err(GraphError::EmptyAlias {
                key: entity.key,
                index,
            });
        }
        let max = self.graph.limits.max_name_chars;
        // A name of at most `max` bytes has at most `max` characters: most names are
        // checked by their length alone.
        if let Some(index) = entity
            .names()
            .position(|n| n.len() > max && n.chars().nth(max).is_some())
        {
            return Err(GraphError::NameTooLong {
                key: crate::limits::quote(&entity.key, self.graph.limits.quote_chars),
                alias: index.checked_sub(1),
                max,
            });
        }
        if self.entity_by_key(&entity.key).is_some() {
            return Err(GraphError::DuplicateKey { key: entity.key });
        }
        let n = self.graph.entities.len() + self.entities.len();
        let id = EntityId::from_index(n).ok_or(GraphError::Capacity("entities"))?;
        self.keys.insert(&entity.key, id);
        self.kinds.push(Some(entity.kind));
        self.entities.push(Some(entity));
        Ok(id)
    }

    /// Stages a fact; see [`KnowledgeGraph::add_fact`] for the checks.
    ///
    /// # Errors
    /// As [`KnowledgeGraph::add_fact`].
    pub fn add_fact(&mut self, fact: Fact) -> Result<FactId, GraphError> {
        // The sharing table's slot first: a likely cache miss, which then overlaps the
        // checks (a tenth of staging's time when it followed them).
        let probe = self.sets.probe(&fact.sources);
        self.check_fact(&fact)?;
        let n = self.graph.facts.len() + self.facts.len();
        let id = FactId(u32::try_from(n).map_err(|_| GraphError::Capacity("facts"))?);
        // The attribution pool is numbered by `u32` (counted before this fact's list is
        // shared, so this refuses only what might not fit).
        let attributions = self.graph.facts.attribution_count()
            + self.facts.attribution_count()
            + fact.sources.len();
        if attributions > u32::MAX as usize {
            return Err(GraphError::Capacity("attributions"));
        }
        self.facts
            .push_probed(fact, Some(&mut self.sets), Some(probe));
        Ok(id)
    }

    /// Stages many facts, in order, as [`add_fact`](Self::add_fact) would one by one, and
    /// returns how many were staged. Their ids are consecutive, from the id the first one
    /// gets. The faster way to stage a large collection: facts are taken a small block at
    /// a time and each block's heap parts (the attribution lists of two or more and the
    /// rare qualifiers, often not in the cache when the fact comes from a large
    /// collection; a single attribution is held in the fact itself) are read together
    /// first, so the cache misses overlap instead of coming one per fact.
    ///
    /// # Errors
    /// The [`GraphError`] of the first fact refused. The facts before it stay staged and
    /// the rest are not taken; as with any error in a [`KnowledgeGraph::transaction`],
    /// returning it from the transaction applies none of them.
    ///
    /// ```
    /// use factgraph::{Entity, EntityKind, Fact, KnowledgeGraph, Relation};
    /// // Made-up data.
    /// let mut g = KnowledgeGraph::new();
    /// let staged = g.transaction(|b| {
    ///     let a = b.add_entity(Entity::new("a", EntityKind::Country, "Ruritania"))?;
    ///     let x = b.add_entity(Entity::new("x", EntityKind::Exercise, "Exercise X"))?;
    ///     let y = b.add_entity(Entity::new("y", EntityKind::Exercise, "Exercise Y"))?;
    ///     b.add_facts([Fact::new(Relation::Hosted, a, x), Fact::new(Relation::Hosted, a, y)])
    /// })?;
    /// assert_eq!((staged, g.fact_count()), (2, 2));
    /// # Ok::<(), factgraph::GraphError>(())
    /// ```
    pub fn add_facts(
        &mut self,
        facts: impl IntoIterator<Item = Fact>,
    ) -> Result<usize, GraphError> {
        let mut facts = facts.into_iter();
        let mut block: Vec<Fact> = Vec::with_capacity(PREFETCH_BLOCK);
        let mut staged = 0;
        loop {
            block.extend(facts.by_ref().take(PREFETCH_BLOCK));
            if block.is_empty() {
                return Ok(staged);
            }
            touch(&block);
            for fact in block.drain(..) {
                self.add_fact(fact)?;
                staged += 1;
            }
        }
    }

    /// The id of an entity by key, in the graph or staged in this batch. (A staged entity
    /// has no [`EntityRef`](crate::EntityRef) yet, so a batch answers with the id; on a
    /// graph, look keys up with [`KnowledgeGraph::get`].)
    pub fn entity_by_key(&self, key: &str) -> Option<EntityId> {
        // One hash of the key serves the graph's index and the batch's (same hasher).
        let hash = self.keys.hash(key);
        self.graph
            .key_id_hashed(hash, key)
            .or_else(|| self.keys.get_hashed(hash, key))
            .or_else(|| self.merged.get(key).copied())
    }

    /// The graph this batch will apply to, as it is before the batch.
    pub fn graph(&self) -> &KnowledgeGraph {
        self.graph
    }

    fn entity(&self, id: EntityId) -> Option<&Entity> {
        let base = self.graph.entities.len();
        match id.index().checked_sub(base) {
            None => self.graph.entity_data(id),
            Some(i) => self.entities.get(i).and_then(Option::as_ref),
        }
    }

    fn resolve(&self, field: &'static str, id: EntityId) -> Result<&Entity, GraphError> {
        self.entity(id)
            .ok_or(GraphError::UnknownEntity { field, id })
    }

    /// The kind of an entity, from the graph's one-byte kind column when it is not staged:
    /// validation of a bulk load then reads one byte per end, not a whole entity.
    fn kind(&self, field: &'static str, id: EntityId) -> Result<EntityKind, GraphError> {
        let staged = id
            .index()
            .checked_sub(self.graph.entities.len())
            .and_then(|i| self.kinds.get(i).copied().flatten());
        match staged.or_else(|| self.graph.kind_of(id)) {
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

    pub(crate) fn check_fact(&self, fact: &Fact) -> Result<(), GraphError> {
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
        if fact.recurrence().is_some()
            && crate::model::recurrence::Recurrence::start_of(fact.date).is_none()
        {
            return Err(GraphError::RecurrenceWithoutStart { date: fact.date });
        }
        if fact.edition_number().is_some()
            && (fact.relation != Relation::PartOf
                || !matches!(subject_kind, EntityKind::Exercise | EntityKind::Event))
        {
            return Err(GraphError::EditionNotAllowed {
                relation: fact.relation,
                kind: subject_kind,
            });
        }
        if fact.valid().is_some() && !fact.relation.holds_over_time() {
            return Err(GraphError::ValidityNotAllowed {
                relation: fact.relation,
            });
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
            if let Some(r) = a.report() {
                if self.report(r).is_none() {
                    return Err(GraphError::UnknownReport { id: r });
                }
            }
            self.check_kind("source", a.source, SOURCE_KINDS)?;
            if let Some(s) = a.speaker {
                self.check_kind("speaker", s, SPEAKER_KINDS)?;
            }
            if let Some(Some(p)) = a.claimed_place() {
                self.check_kind("place", p, PLACE_KINDS)?;
            }
        }
        Ok(())
    }
}

/// How many facts [`Batch::add_facts`] reads ahead: enough misses in flight to hide most of
/// the memory's latency, few enough that the block stays in the first-level cache.
const PREFETCH_BLOCK: usize = 32;

/// Reads a word of each fact's first attribution (a heap read only when the fact has two or
/// more) and rare parts, so that staging the facts then finds them in the cache. The reads are independent of each other, so the processor
/// has many of them in flight at once (one fact at a time, each miss is waited for in
/// turn); `black_box` keeps the otherwise unused reads from being optimized away.
fn touch(block: &[Fact]) {
    let mut sum = 0u32;
    for fact in block {
        if let Some(a) = fact.sources.first() {
            sum ^= a.source().index() as u32;
        }
        if let Some(extra) = &fact.extra {
            sum ^= u32::from(extra.place.is_some());
        }
    }
    std::hint::black_box(sum);
}
