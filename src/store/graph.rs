//! The graph itself: entities and facts in a petgraph graph, with the indexes queries use.

use crate::store::column::Column;
use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};

use super::adjacency::Adjacency;
use super::batch::{Batch, Staged};
use super::dates::{DateIndex, Dates};
use super::facts::{FactColumns, FactView};
use super::hash::IdMap;
use super::keys::KeyIndex;
use super::names::{NameIndex, normalize_name};
use super::parallel;
use super::succession::SuccessionCache;
use super::words::WordCache;
use crate::error::GraphError;
use crate::limits::Limits;
use crate::model::entity::Entity;
use crate::model::fact::Fact;
use crate::model::ids::ReportId;
use crate::model::ids::{EntityId, FactId};
use crate::model::kind::EntityKind;
use crate::model::relation::Relation;
use crate::model::report::Report;

/// A typed knowledge graph of entities and the facts that link them.
///
/// Entities are nodes and facts are directed edges (subject → object). Entity *n* and fact
/// *n* are the *n*th of their columns, because the graph only grows; there is no petgraph
/// graph inside (petgraph's algorithms run on the graph through its visit traits, and
/// [`as_petgraph`](Self::as_petgraph) makes a copy). The indexes:
///
/// | index | serves | cost of a lookup |
/// |---|---|---|
/// | key → entity | [`get`](Self::get) | O(1) |
/// | folded name or alias → entities | [`find`](Self::find) | O(1) after folding |
/// | kind → entities | [`entities_of_kind`](Self::entities_of_kind) | O(answer) |
/// | entity → facts sorted by (relation, end), with the other end | [`neighbours`](Self::neighbours), [`connection`](Self::connection), [`ego_network`](Self::ego_network), the typed queries | O(log degree + answer) |
/// | relation → facts | [`facts_of_relation`](Self::facts_of_relation) | O(answer) |
/// | modality ≠ reported → facts | [`not_reported`](Self::not_reported) | O(answer) |
/// | source → facts | [`reported_by`](Self::reported_by) | O(answer) |
/// | first day → facts, by span class (day, month, year, longer) | [`timeline`](Self::timeline), [`count_in`](Self::count_in) | O(log n + window) |
/// | folded word → entities and facts (built on the first search, dropped by a mutation) | [`search`](Self::search) | O(query words × postings) |
///
/// The entity → facts index is a compressed-sparse-row array built by counting sort, with
/// a small per-entity delta for the facts of small commits: adding a fact costs O(degree
/// in the delta) memory moves at each end, plus amortised O(1) when the delta is folded
/// into the array; a large [`transaction`](Self::transaction) rebuilds the array once, in
/// O(entities + facts).
///
/// Every mutation is validated before anything changes: a rejected entity, fact or batch
/// leaves the graph as it was.
///
/// ```
/// use factgraph::datasets;
/// let g = datasets::edm_2004_v1_i133();
/// let sembinov = g.find("sembinov")?;
/// assert_eq!(sembinov.name(), "Bolat Sembinov");
/// # Ok::<(), factgraph::LookupError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    pub(crate) title: Option<String>,
    pub(crate) entities: Vec<Entity>,
    /// The kind of each entity, apart from the entity data so kind filters stay in cache.
    pub(crate) kinds: Vec<EntityKind>,
    pub(crate) facts: FactColumns,
    pub(crate) keys: KeyIndex,
    pub(crate) names: NameIndex,
    pub(crate) by_kind: [Vec<EntityId>; EntityKind::ALL.len()],
    pub(crate) by_relation: [Column<FactId>; Relation::ALL.len()],
    pub(crate) not_reported: Column<FactId>,
    pub(crate) adjacency: Adjacency,
    pub(crate) by_source: IdMap<EntityId, Vec<FactId>>,
    pub(crate) dates: DateIndex,
    pub(crate) undated: Column<FactId>,
    /// Reports, in insertion order, and their keys.
    pub(crate) reports: Vec<Report>,
    pub(crate) report_keys: HashMap<String, ReportId>,
    /// The facts each report supports, by report index.
    pub(crate) by_report: Vec<Vec<FactId>>,
    /// Keys of entities that a merge united with another entity, and the entity they
    /// now name.
    pub(crate) merged_keys: HashMap<String, EntityId>,
    /// The word index of [`search`](Self::search), built on first use, dropped by every
    /// mutation.
    pub(crate) words: WordCache,
    /// The succession table of single-holder posts that as-of views apply, built on first
    /// use, dropped by every mutation.
    pub(crate) succession: SuccessionCache,
    /// The name blocks entity resolution keeps between merges (`corpus::blocking`; not
    /// part of equality).
    pub(crate) merge_blocks: super::cache::Cache,
    /// The limits loads and searches on this graph apply (not part of equality).
    pub(crate) limits: Limits,
    /// Ids a rolled-back [`transaction`](Self::transaction) handed out, as sorted,
    /// disjoint `start..end` ranges of entity positions: they hold placeholders and name
    /// nothing, so a stale id is an error rather than another entity.
    pub(crate) burnt: Vec<(u32, u32)>,
    /// How many ids `burnt` covers.
    pub(crate) burnt_count: usize,
    /// Report positions a rolled-back transaction handed out, sorted: placeholders too.
    pub(crate) burnt_reports: Vec<u32>,
}

impl PartialEq for KnowledgeGraph {
    /// Two graphs are equal when they hold the same title, entities, reports and facts in
    /// the same order, and the same merged keys; indexes follow from those.
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title
            && self.burnt == other.burnt
            && self.burnt_reports == other.burnt_reports
            && self.entities == other.entities
            && self.facts == other.facts
            && self.reports == other.reports
            && self.merged_keys == other.merged_keys
    }
}

impl KnowledgeGraph {
    /// An empty graph.
    pub fn new() -> Self {
        KnowledgeGraph::default()
    }

    /// An empty graph with a title.
    pub fn with_title(title: impl Into<String>) -> Self {
        KnowledgeGraph {
            title: Some(title.into()),
            ..KnowledgeGraph::default()
        }
    }

    /// The limits that loads into this graph and searches on it apply.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Sets the limits that loads into this graph and searches on it apply.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// The dataset's title, if any.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// Sets the title.
    pub fn set_title(&mut self, title: Option<String>) {
        self.title = title;
    }

    /// Number of entities.
    pub fn entity_count(&self) -> usize {
        self.entities.len() - self.burnt_count
    }

    /// One more than the highest entity id this graph has issued (rolled-back ones
    /// included): the size of a table indexed by entity id.
    pub(crate) fn id_bound(&self) -> usize {
        self.entities.len()
    }

    /// Whether the entity position `i` is a placeholder for an id of a rolled-back batch.
    pub(crate) fn is_burnt(&self, i: usize) -> bool {
        !self.burnt.is_empty() && {
            let i = i as u64;
            let k = self.burnt.partition_point(|(_, end)| u64::from(*end) <= i);
            self.burnt
                .get(k)
                .is_some_and(|(start, _)| u64::from(*start) <= i)
        }
    }

    /// Makes the next `n` ids name nothing, for ever: a rolled-back batch handed them out.
    fn burn(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        let start = self.entities.len();
        for _ in 0..n {
            self.insert_placeholder();
        }
        let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(self.entities.len()))
        else {
            return;
        };
        match self.burnt.last_mut() {
            Some(last) if last.1 == start => last.1 = end,
            _ => self.burnt.push((start, end)),
        }
        self.burnt_count += n;
    }

    /// A placeholder at the next position: no key, no name, in no index but the
    /// per-position columns.
    pub(crate) fn insert_placeholder(&mut self) {
        self.kinds.push(EntityKind::Person);
        self.adjacency.add_entity();
        self.entities.push(Entity::new("", EntityKind::Person, ""));
    }

    /// Number of facts.
    pub fn fact_count(&self) -> usize {
        self.facts.len()
    }

    /// Adds an entity after checking it: non-empty key, name and aliases; key not yet used.
    ///
    /// # Errors
    /// [`GraphError::EmptyKey`], [`GraphError::EmptyName`], [`GraphError::EmptyAlias`],
    /// [`GraphError::NameTooLong`] or [`GraphError::DuplicateKey`]; the graph is unchanged.
    ///
    /// ```
    /// use factgraph::{Entity, EntityKind, GraphError, KnowledgeGraph};
    /// let mut g = KnowledgeGraph::new();
    /// g.add_entity(Entity::new("kz", EntityKind::Country, "Kazakhstan"))?;
    /// let again = g.add_entity(Entity::new("kz", EntityKind::Country, "Kazakhstan"));
    /// assert!(matches!(again, Err(GraphError::DuplicateKey { .. })));
    /// assert_eq!(g.entity_count(), 1);
    /// # Ok::<(), GraphError>(())
    /// ```
    pub fn add_entity(&mut self, entity: Entity) -> Result<EntityId, GraphError> {
        self.apply(|batch| batch.add_entity(entity))
    }

    /// Adds a fact after checking it against the schema and this graph's entities.
    ///
    /// Errors: an id this graph did not issue, ends whose kinds the relation does not allow
    /// ([`GraphError::Schema`] names the relation, both kinds and both entities), a place,
    /// recipient, source or speaker of the wrong kind, a missing or misplaced role.
    ///
    /// # Errors
    /// The [`GraphError`] of the first failed check; the graph is unchanged.
    pub fn add_fact(&mut self, fact: Fact) -> Result<FactId, GraphError> {
        self.apply(|batch| batch.add_fact(fact))
    }

    /// Adds many entities, then many facts, in one transaction: all of them or, on the
    /// first error, none. Facts may refer to the new entities by the ids they will get
    /// (the graph's entity count before the call, counting up).
    ///
    /// # Errors
    /// The [`GraphError`] of the first entity or fact refused; nothing is added.
    ///
    /// ```
    /// use factgraph::{Entity, EntityKind, Fact, KnowledgeGraph, Relation};
    /// // Made-up data.
    /// let a = Entity::new("a", EntityKind::Country, "Ruritania");
    /// let x = Entity::new("x", EntityKind::Exercise, "Exercise X");
    /// let g = KnowledgeGraph::from_parts([a, x], [])?;
    /// let (a, x) = (g.get("a")?.id(), g.get("x")?.id());
    /// let mut h = g.clone();
    /// h.add_all([], [Fact::new(Relation::Hosted, a, x)])?;
    /// assert_eq!((g.fact_count(), h.fact_count()), (0, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_all(
        &mut self,
        entities: impl IntoIterator<Item = Entity>,
        facts: impl IntoIterator<Item = Fact>,
    ) -> Result<(), GraphError> {
        let (entities, facts) = (entities.into_iter(), facts.into_iter());
        self.apply(|batch| {
            // Counts known up front (vectors, most iterators) grow the staged columns once.
            batch.reserve(entities.size_hint().0, facts.size_hint().0);
            for e in entities {
                batch.add_entity(e)?;
            }
            batch.add_facts(facts)?;
            Ok(())
        })
    }

    /// A new graph of these entities and facts, validated as by [`add_all`](Self::add_all).
    ///
    /// # Errors
    /// As [`add_all`](Self::add_all).
    pub fn from_parts(
        entities: impl IntoIterator<Item = Entity>,
        facts: impl IntoIterator<Item = Fact>,
    ) -> Result<KnowledgeGraph, GraphError> {
        let mut g = KnowledgeGraph::new();
        g.add_all(entities, facts)?;
        Ok(g)
    }

    /// Runs `f` with a [`Batch`] that stages entities and facts, then applies them all if
    /// `f` returns `Ok`, or none of them if it returns `Err`.
    ///
    /// Entity and report ids handed out by a batch that is rolled back are never issued
    /// again: using one later (in [`add_fact`](Self::add_fact), [`entity`](Self::entity),
    /// [`report`](Self::report), ...) is [`GraphError::UnknownEntity`],
    /// [`GraphError::UnknownReport`] or `None`, never another entity or report. Each such
    /// id keeps a placeholder of about 150 bytes in the graph. Fact ids are not burnt: a
    /// fact id from a rolled-back batch may later name another fact.
    ///
    /// # Errors
    /// The error `f` returns; nothing it staged is applied.
    ///
    /// ```
    /// use factgraph::{Entity, EntityKind, Fact, GraphError, KnowledgeGraph, Relation};
    /// // Made-up data.
    /// let mut g = KnowledgeGraph::new();
    /// let r: Result<(), GraphError> = g.transaction(|b| {
    ///     let a = b.add_entity(Entity::new("a", EntityKind::Person, "A"))?;
    ///     let x = b.add_entity(Entity::new("x", EntityKind::Exercise, "X"))?;
    ///     b.add_fact(Fact::new(Relation::Met, a, x))?; // a person cannot meet an exercise
    ///     Ok(())
    /// });
    /// assert!(r.is_err());
    /// assert_eq!(g.entity_count(), 0); // nothing half-applied
    /// ```
    pub fn transaction<T, E>(
        &mut self,
        f: impl FnOnce(&mut Batch<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let (value, staged) = {
            let mut batch = Batch::new(self);
            match f(&mut batch) {
                Ok(value) => (value, batch.into_staged()),
                Err(e) => {
                    let issued = batch.staged_entities();
                    let reports = batch.staged_reports();
                    self.burn(issued);
                    for _ in 0..reports {
                        self.insert_report_placeholder();
                    }
                    return Err(e);
                }
            }
        };
        self.commit(staged);
        Ok(value)
    }

    /// [`transaction`](Self::transaction) for callers inside this crate whose batch never
    /// hands ids out on failure (loaders): a rollback burns no ids.
    pub(crate) fn apply<T, E>(
        &mut self,
        f: impl FnOnce(&mut Batch<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let (value, staged) = {
            let mut batch = Batch::new(self);
            let value = f(&mut batch)?;
            (value, batch.into_staged())
        };
        self.commit(staged);
        Ok(value)
    }

    /// Applies staged, already validated changes. Infallible by construction: every check
    /// ran in the batch against this graph's state, which cannot have changed since (the
    /// batch borrowed the graph).
    pub(crate) fn commit(&mut self, staged: Staged) {
        self.words.clear();
        self.succession.clear();
        // Grow every column once for the whole batch.
        let (ne, nf) = (staged.entities.len(), staged.facts.len());
        self.entities.reserve(ne);
        self.kinds.reserve(ne);
        if staged.keys.is_none() {
            self.keys.reserve(ne);
        }
        if ne > 64 {
            self.names.reserve(
                staged
                    .entities
                    .iter()
                    .flatten()
                    .map(|e| 1 + e.aliases.len())
                    .sum(),
            );
        }
        let hashed = staged.keys.is_some();
        for entity in staged.entities {
            match entity {
                Some(entity) => self.insert_entity(entity, !hashed),
                None => self.insert_placeholder(),
            }
        }
        if let Some(keys) = staged.keys {
            let entities = &self.entities;
            self.keys
                .absorb(keys, |id| entities.get(id.index()).map(Entity::key));
        }
        for (start, end) in staged.burnt {
            match self.burnt.last_mut() {
                Some(last) if last.1 == start => last.1 = end,
                _ => self.burnt.push((start, end)),
            }
            self.burnt_count += (end - start) as usize;
        }
        for report in staged.reports {
            match report {
                Some(report) => self.insert_report(report),
                None => self.insert_report_placeholder(),
            }
        }
        for (key, id) in staged.merged_keys {
            self.merged_keys.insert(key, id);
        }
        if nf > 64 {
            // The per-relation lists grow once, by what the batch adds: pushing would leave
            // them up to twice the size they need (a third of their memory, on average).
            // Read straight from the columns: a view per fact costs a bounds check per field.
            let columns = &staged.facts;
            let mut per_relation = [0usize; Relation::ALL.len()];
            let mut dated = [0usize; Relation::ALL.len()];
            let (mut plans, mut undated) = (0, 0);
            for ((relation, modality), date) in columns
                .relation
                .iter()
                .zip(&columns.modality)
                .zip(&columns.date)
            {
                let slot = relation.slot();
                if let Some(n) = per_relation.get_mut(slot) {
                    *n += 1;
                }
                plans += usize::from(!modality.is_reported());
                // An unknown date is the one without day bounds.
                if columns.dates.get(*date).is_unknown() {
                    undated += 1;
                } else if let Some(n) = dated.get_mut(slot) {
                    *n += 1;
                }
            }
            for (list, n) in self.by_relation.iter_mut().zip(per_relation) {
                list.reserve(n);
            }
            self.not_reported.reserve(plans);
            self.undated.reserve(undated);
            self.dates.reserve(&dated);
        }
        // The staged facts are indexed where they are, then their columns appended. The
        // indexes are independent of each other: a large commit builds them on all cores.
        let base = self.facts.len() as u32;
        let columns = &staged.facts;
        let threads = commit_threads(nf);
        let KnowledgeGraph {
            adjacency,
            by_relation,
            not_reported,
            by_source,
            by_report,
            dates,
            undated,
            ..
        } = self;
        let relation_dates = dates.relations_mut();
        // Longest first (at ten million facts: the adjacency, the date index, the lists),
        // so that the last job to start is a short one.
        let jobs: Vec<parallel::Job<'_>> = vec![
            // The adjacency takes the whole batch at once: a bulk commit is one counting sort.
            Box::new(move || {
                adjacency.extend(
                    FactId(base),
                    columns
                        .subject
                        .iter()
                        .zip(&columns.object)
                        .zip(&columns.relation)
                        .map(|((s, o), r)| (*s, *o, *r)),
                );
            }),
            Box::new(move || index_relation_dates(columns, base, relation_dates, undated)),
            Box::new(move || {
                index_lists(
                    columns,
                    base,
                    Lists {
                        by_relation,
                        not_reported,
                        by_source,
                        by_report,
                    },
                );
            }),
        ];
        parallel::run(jobs, threads);
        self.facts.append(staged.facts);
        if base == 0 && nf > 64 {
            // The first bulk load: the source lists grew by doubling, and nothing says the
            // graph will grow again (trimming after every commit would copy them each time).
            for list in self.by_source.values_mut() {
                crate::store::sparse::trim(list);
            }
        }
    }

    /// Adds an entity and indexes it; its key too when `key` (a batch's commit takes
    /// the keys the batch indexed instead).
    fn insert_entity(&mut self, entity: Entity, key: bool) {
        let id = EntityId::at(self.entities.len() as u32);
        if key {
            self.keys.insert(&entity.key, id);
        }
        for name in entity.names() {
            self.names.insert(normalize_name(name), id);
        }
        if let Some(ids) = self.by_kind.get_mut(entity.kind.slot()) {
            ids.push(id);
        }
        self.kinds.push(entity.kind);
        self.adjacency.add_entity();
        self.entities.push(entity);
    }

    /// A placeholder report at the next position, for an id a rolled-back batch handed out.
    fn insert_report_placeholder(&mut self) {
        if let Ok(at) = u32::try_from(self.reports.len()) {
            self.burnt_reports.push(at);
            self.reports.push(Report::new("", EntityId::at(0)));
            self.by_report.push(Vec::new());
        }
    }

    /// Whether report position `i` is a placeholder.
    pub(crate) fn is_burnt_report(&self, i: usize) -> bool {
        !self.burnt_reports.is_empty()
            && u32::try_from(i).is_ok_and(|i| self.burnt_reports.binary_search(&i).is_ok())
    }

    fn insert_report(&mut self, report: Report) {
        if let Some(id) = ReportId::from_index(self.reports.len()) {
            self.report_keys.insert(report.key.clone(), id);
            self.reports.push(report);
            self.by_report.push(Vec::new());
        }
    }

    /// The entity with this key, or that a merge united with an entity under this key.
    pub(crate) fn key_id(&self, key: &str) -> Option<EntityId> {
        self.key_id_hashed(self.keys.hash(key), key)
    }

    /// [`key_id`](Self::key_id) for a key already hashed by this graph's key index (a
    /// batch hashes a key once for the graph's index and its own).
    pub(crate) fn key_id_hashed(&self, hash: u64, key: &str) -> Option<EntityId> {
        let entities = &self.entities;
        self.keys
            .get_hashed(hash, key, |id| entities.get(id.index()).map(Entity::key))
            .or_else(|| self.merged_keys.get(key).copied())
    }

    /// The keys a merge united with the entity `id` (its canonical key aside), sorted: each
    /// still names it through [`get`](Self::get). O(merged keys).
    ///
    /// ```
    /// use factgraph::datasets;
    /// let g = datasets::corpus();
    /// let altynbayev = g.get("mukhtar_altynbayev")?;
    /// let keys = g.merged_keys_of(altynbayev.id());
    /// assert!(keys.iter().all(|k| g.get(k).map(|e| e.id()) == Ok(altynbayev.id())));
    /// # Ok::<(), factgraph::LookupError>(())
    /// ```
    pub fn merged_keys_of(&self, id: EntityId) -> Vec<&str> {
        let mut keys: Vec<&str> = self
            .merged_keys
            .iter()
            .filter(|(_, e)| **e == id)
            .map(|(k, _)| k.as_str())
            .collect();
        keys.sort_unstable();
        keys
    }

    /// Number of reports.
    pub fn report_count(&self) -> usize {
        self.reports.len() - self.burnt_reports.len()
    }

    /// Adds a report after checking it: non-empty key not yet used, an outlet of kind
    /// `source` from this graph.
    ///
    /// # Errors
    /// [`GraphError::EmptyKey`], [`GraphError::DuplicateReport`],
    /// [`GraphError::UnknownEntity`] or [`GraphError::QualifierKind`] for the outlet.
    pub fn add_report(&mut self, report: Report) -> Result<ReportId, GraphError> {
        self.apply(|batch| batch.add_report(report))
    }

    /// The report with this key.
    pub fn report_by_key(&self, key: &str) -> Option<ReportId> {
        self.report_keys.get(key).copied()
    }

    /// The report data, if this graph issued the id.
    pub fn report(&self, id: ReportId) -> Option<&Report> {
        if self.is_burnt_report(id.index()) {
            return None;
        }
        self.reports.get(id.index())
    }

    /// Every report with its id, in insertion order.
    pub fn reports(&self) -> impl ExactSizeIterator<Item = (ReportId, &Report)> + '_ {
        self.reports
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.is_burnt_report(*i))
            .filter_map(|(i, r)| ReportId::from_index(i).map(|id| (id, r)))
            .collect::<Vec<_>>()
            .into_iter()
    }

    pub(crate) fn entity_data(&self, id: EntityId) -> Option<&Entity> {
        if self.is_burnt(id.index()) {
            return None;
        }
        self.entities.get(id.index())
    }

    pub(crate) fn fact_data(&self, id: FactId) -> Option<FactView<'_>> {
        self.facts.get(id.index())
    }

    /// The kind of an entity issued by this graph.
    pub(crate) fn kind_of(&self, id: EntityId) -> Option<EntityKind> {
        if self.is_burnt(id.index()) {
            return None;
        }
        self.kinds.get(id.index()).copied()
    }

    /// A petgraph copy of the graph, for users who want a materialised petgraph graph.
    /// Node *n* carries `EntityId` *n* and edge *n* carries `FactId` *n* (subject →
    /// object); the nodes of burnt ids (see [`transaction`](Self::transaction)) are
    /// isolated. O(entities + facts) time and memory: the graph itself no longer keeps a
    /// petgraph graph beside its adjacency index (every link was stored twice).
    ///
    /// ```
    /// use factgraph::datasets;
    /// let g = datasets::edm_2004_v1_i133();
    /// let pg = g.as_petgraph();
    /// assert_eq!(pg.edge_count(), g.fact_count());
    /// ```
    pub fn as_petgraph(&self) -> DiGraph<EntityId, FactId, u32> {
        let mut pg = DiGraph::with_capacity(self.entities.len(), self.facts.len());
        for i in 0..self.entities.len() {
            pg.add_node(EntityId::at(i as u32));
        }
        for f in self.facts.iter() {
            pg.add_edge(
                NodeIndex::new(f.subject().index()),
                NodeIndex::new(f.object().index()),
                f.id(),
            );
        }
        pg
    }
}

/// A commit of at least this many facts builds its indexes on all cores; a smaller one
/// would spend more on starting a thread (tens of microseconds) than it saves.
const PARALLEL_FACTS: usize = 1 << 15;

/// How many threads a commit of `facts` facts builds its indexes on.
fn commit_threads(facts: usize) -> usize {
    #[cfg(test)]
    if let Some(n) = COMMIT_THREADS.with(std::cell::Cell::get) {
        return n;
    }
    if facts >= PARALLEL_FACTS {
        parallel::threads()
    } else {
        1
    }
}

#[cfg(test)]
thread_local! {
    /// A test's choice of thread count for every commit (1: the jobs one after another).
    static COMMIT_THREADS: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// The fact lists a commit extends: by relation, not reported, by source, by report.
struct Lists<'a> {
    by_relation: &'a mut [Column<FactId>; Relation::ALL.len()],
    not_reported: &'a mut Column<FactId>,
    by_source: &'a mut IdMap<EntityId, Vec<FactId>>,
    by_report: &'a mut Vec<Vec<FactId>>,
}

/// Adds the staged `columns`, facts from `base` on, to the fact lists. Read straight from
/// the columns (a view per field costs a bounds check and a fallback each).
fn index_lists(columns: &FactColumns, base: u32, lists: Lists<'_>) {
    let pool = columns.pool();
    // Report lookups walk the pool's rare parts forward with one hint (lists are staged
    // in fact order), not a binary search per attribution.
    let mut hint = 0;
    let rows = columns
        .relation
        .iter()
        .zip(columns.modality.iter())
        .zip(columns.set.iter());
    for (row, ((relation, modality), &set)) in rows.enumerate() {
        let id = FactId(base + row as u32);
        if let Some(ids) = lists.by_relation.get_mut(relation.slot()) {
            ids.push(id);
        }
        if !modality.is_reported() {
            lists.not_reported.push(id);
        }
        // Each distinct source and report once. A fact has a handful of attributions, so a
        // look back over the earlier ones beats collecting, sorting and deduplicating a
        // vector (an allocation per fact, a quarter of a bulk commit's time).
        let positions = pool.positions_of(set);
        for at in positions.clone() {
            let Some(source) = pool.source_at(at) else {
                continue;
            };
            let seen = (positions.start..at).any(|b| pool.source_at(b) == Some(source));
            if !seen {
                lists.by_source.entry(source).or_default().push(id);
            }
            if let Some(r) = pool.report_near(at, &mut hint) {
                // Rare: the earlier attributions' reports by plain lookups.
                let list = pool.list(set);
                let seen = list
                    .iter()
                    .take((at - positions.start) as usize)
                    .any(|b| b.report() == Some(r));
                if !seen && let Some(list) = lists.by_report.get_mut(r.index()) {
                    list.push(id);
                }
            }
        }
    }
}

/// Adds the staged facts to the per-relation date indexes (the undated ones to `undated`)
/// and restores their order.
fn index_relation_dates(
    columns: &FactColumns,
    base: u32,
    by_relation: &mut [Dates],
    undated: &mut Column<FactId>,
) {
    for (row, (date, relation)) in columns.date.iter().zip(columns.relation.iter()).enumerate() {
        let id = FactId(base + row as u32);
        match columns.dates.get(*date).day_bounds() {
            Some((first, last)) => {
                if let Some(dates) = by_relation.get_mut(relation.slot()) {
                    dates.add(first, last, id);
                }
            }
            None => undated.push(id),
        }
    }
    for dates in by_relation {
        dates.settle();
    }
}

#[cfg(all(test, feature = "synthetic"))]
mod tests {
    use super::*;
    use crate::synthetic::{Generator, SyntheticConfig};

    /// A commit's indexes are the same whether its jobs run one after another or on
    /// several threads: the version-3 snapshot, which holds every index as laid out in
    /// memory, is the same to the byte. Two commits, so that the second extends indexes
    /// already built. Made-up data.
    #[test]
    fn indexes_do_not_depend_on_the_commit_threads() -> Result<(), Box<dyn std::error::Error>> {
        let config = SyntheticConfig::new(2_000, 5).with_facts_per_entity(25.0);
        let generator = Generator::new(&config)?;
        let facts: Vec<Fact> = generator.facts().collect::<Result<_, _>>()?;
        let half = facts.len() / 2;
        let mut files = Vec::new();
        for threads in [1, 2, 3] {
            COMMIT_THREADS.with(|t| t.set(Some(threads)));
            let mut g = KnowledgeGraph::with_title(generator.title());
            g.add_all(generator.entities(), facts.iter().take(half).cloned())?;
            g.add_all([], facts.iter().skip(half).cloned())?;
            COMMIT_THREADS.with(|t| t.set(None));
            assert_eq!(g.fact_count(), facts.len());
            files.push(g.to_snapshot());
        }
        assert!(files.iter().all(|f| *f == files[0]));
        Ok(())
    }
}
