//! The ego network of an entity: everything within k hops, as a borrowed view of the graph
//! (or, on request, as a graph of its own).

use crate::model::ids::{EntityId, FactId, ReportId};
use crate::query::connection::SearchError;
use crate::query::neighbours::Filter;
use crate::query::refs::{EntityRef, FactRef};
use crate::store::adjacency::End;
use crate::store::batch::Staged;
use crate::store::facts::FactView;
use crate::store::graph::KnowledgeGraph;

/// The entities within k hops of a centre and the facts among them: a view that borrows the
/// graph and holds only two sorted id lists, so finding it costs the walk and nothing more
/// (the owned graph this replaced cloned every entity and fact, 30 times the walk).
/// [`to_graph`](Self::to_graph) makes a graph of its own, for export.
///
/// ```
/// use factgraph::{datasets, Filter};
/// let g = datasets::edm_2004_v1_i133();
/// let s = g.find("Sembinov")?;
/// let ego = g.ego_network(s.id(), 1, Filter::any()).expect("in graph");
/// assert!(ego.entities().any(|e| e.name() == "Richard Armitage"));
/// assert!(ego.facts().all(|f| ego.contains(f.subject().id()) && ego.contains(f.object().id())));
/// let own = ego.to_graph();
/// assert!(own.find("Richard Armitage").is_ok());
/// # Ok::<(), factgraph::LookupError>(())
/// ```
#[derive(Debug, Clone)]
pub struct EgoNetwork<'g> {
    graph: &'g KnowledgeGraph,
    center: EntityId,
    /// The reached entities, ascending.
    entities: Vec<EntityId>,
    /// The facts among them that pass the filter, ascending.
    facts: Vec<FactId>,
    /// The filter's known-by day: the facts are shown as known then.
    known_by: i32,
}

impl<'g> EgoNetwork<'g> {
    /// The centre.
    pub fn center(&self) -> EntityRef<'g> {
        self.graph.entity_ref(self.center)
    }

    /// The graph this view borrows.
    pub fn graph(&self) -> &'g KnowledgeGraph {
        self.graph
    }

    /// Number of entities within k hops, the centre included.
    pub fn entity_count(&self) -> usize {
        self.entities.len()
    }

    /// Number of facts among them.
    pub fn fact_count(&self) -> usize {
        self.facts.len()
    }

    /// The entities within k hops, in id order.
    pub fn entities(&self) -> impl ExactSizeIterator<Item = EntityRef<'g>> + '_ {
        let graph = self.graph;
        self.entities.iter().map(move |id| graph.entity_ref(*id))
    }

    /// The ids of the entities within k hops, ascending.
    pub fn entity_ids(&self) -> &[EntityId] {
        &self.entities
    }

    /// The facts among them (each passing the filter), in fact-number order; through a
    /// known-by filter, as the reports out by then gave them.
    pub fn facts(&self) -> impl ExactSizeIterator<Item = FactRef<'g>> + '_ {
        let (graph, by) = (self.graph, self.known_by);
        self.facts
            .iter()
            .map(move |id| graph.fact_ref(*id).at_day(by))
    }

    /// The ids of the facts, ascending.
    pub fn fact_ids(&self) -> &[FactId] {
        &self.facts
    }

    /// Whether `entity` is within k hops: O(log n).
    pub fn contains(&self, entity: EntityId) -> bool {
        self.entities.binary_search(&entity).is_ok()
    }

    /// Whether `fact` is among the view's facts: O(log n).
    pub fn contains_fact(&self, fact: FactId) -> bool {
        self.facts.binary_search(&fact).is_ok()
    }

    /// The view as a graph of its own: the entities and facts, plus the entities a fact
    /// needs as place, recipient, source or speaker and the reports the facts cite with their
    /// outlets, so the new graph is complete. Entities, facts and reports keep their keys,
    /// data and relative order; ids are renumbered.
    pub fn to_graph(&self) -> KnowledgeGraph {
        let this = self.graph;
        let n = this.id_bound();
        let mut keep_mark = vec![false; n];
        for e in &self.entities {
            if let Some(m) = keep_mark.get_mut(e.index()) {
                *m = true;
            }
        }
        let mark = |marks: &mut Vec<bool>, id: EntityId| -> bool {
            match marks.get_mut(id.index()) {
                Some(m) if !*m => {
                    *m = true;
                    true
                }
                _ => false,
            }
        };
        let mut keep = self.entities.clone();
        let facts: Vec<FactView<'_>> = self
            .facts
            .iter()
            .map(|id| this.fact_ref(*id).fact())
            .collect();
        // The reports the facts cite come along, with their outlets.
        let mut report_ids: Vec<ReportId> = facts
            .iter()
            .flat_map(|f| f.sources().iter().filter_map(|a| a.report()))
            .collect();
        report_ids.sort_unstable();
        report_ids.dedup();
        for f in &facts {
            for id in f.referenced_entities() {
                if mark(&mut keep_mark, id) {
                    keep.push(id);
                }
            }
        }
        for r in &report_ids {
            if let Some(report) = this.report(*r) {
                if mark(&mut keep_mark, report.outlet) {
                    keep.push(report.outlet);
                }
            }
        }
        keep.sort_unstable();
        // New ids follow the old order; `remap[old]` is valid for every kept entity.
        let mut remap = vec![u32::MAX; n];
        for (new, old) in keep.iter().enumerate() {
            if let Some(slot) = remap.get_mut(old.index()) {
                *slot = new as u32;
            }
        }
        let id = |old: EntityId| {
            remap
                .get(old.index())
                .filter(|i| **i != u32::MAX)
                .map_or(old, |i| EntityId::at(*i))
        };
        let report_id = |old: ReportId| {
            report_ids
                .binary_search(&old)
                .ok()
                .and_then(ReportId::from_index)
                .unwrap_or(old)
        };
        let staged = Staged {
            reports: report_ids
                .iter()
                .filter_map(|r| this.report(*r))
                .map(|r| {
                    let mut r = r.clone();
                    r.map_entities(id);
                    Some(r)
                })
                .collect(),
            merged_keys: Vec::new(),
            keys: None,
            burnt: Vec::new(),
            entities: keep
                .iter()
                .map(|e| Some(this.entity_ref(*e).entity().clone()))
                .collect(),
            facts: facts
                .into_iter()
                .map(|f| {
                    let mut f = f.to_fact();
                    f.map_entities(id);
                    f.map_reports(report_id);
                    f
                })
                .collect(),
        };
        let mut out = KnowledgeGraph::new();
        out.title = this.title.as_ref().map(|t| format!("{t} (ego network)"));
        // Every id was remapped into `keep`, which holds all referenced entities, and the
        // facts passed validation in `self`: committing without re-checking is sound.
        out.commit(staged);
        out
    }
}

impl KnowledgeGraph {
    /// The entities within `k` hops of `center` (facts taken in either direction, those
    /// passing `filter`'s relation, modality and date parts) and every such fact among them,
    /// found through the adjacency index (the cost follows the size of the neighbourhood,
    /// not of the graph), as a borrowed [`EgoNetwork`]. `None` if `center` is not in this
    /// graph.
    ///
    /// ```
    /// use factgraph::{datasets, Filter};
    /// let g = datasets::edm_2004_v1_i133();
    /// let s = g.find("Sembinov")?;
    /// let ego = g.ego_network(s.id(), 1, Filter::any()).expect("in graph");
    /// assert!(ego.entities().any(|e| e.name() == "Richard Armitage"));
    /// assert!(ego.entity_count() < g.entity_count());
    /// # Ok::<(), factgraph::LookupError>(())
    /// ```
    ///
    /// The search follows at most [`Limits::search_expansions`](crate::Limits::search_expansions)
    /// facts of this graph's limits and answers `None` past that, as for an unknown id;
    /// [`try_ego_network`](Self::try_ego_network) takes a budget and tells them apart.
    pub fn ego_network(
        &self,
        center: EntityId,
        k: usize,
        filter: Filter,
    ) -> Option<EgoNetwork<'_>> {
        self.try_ego_network(center, k, filter, self.limits.search_expansions)
            .ok()
    }

    /// [`ego_network`](Self::ego_network) with a budget: [`SearchError::Budget`] when the
    /// search would follow more than `budget` facts (adjacency entries examined),
    /// [`SearchError::UnknownEntity`] for an id this graph did not issue.
    ///
    /// # Errors
    /// [`SearchError::Budget`] or [`SearchError::UnknownEntity`], as above.
    pub fn try_ego_network(
        &self,
        center: EntityId,
        k: usize,
        filter: Filter,
        budget: usize,
    ) -> Result<EgoNetwork<'_>, SearchError> {
        self.entity(center)
            .ok_or(SearchError::UnknownEntity { id: center })?;
        let mut left = budget;
        let mut spend = |n: usize| -> Result<(), SearchError> {
            left = left.checked_sub(n).ok_or(SearchError::Budget { budget })?;
            Ok(())
        };
        let filter = filter
            .direction(crate::Direction::Both)
            .kinds(crate::EntityKind::ALL);
        // Dense marks (one byte per entity) rather than a set: a two-hop neighbourhood
        // through a hub reaches a large part of the graph.
        let n = self.id_bound();
        let mut reached_mark = vec![false; n];
        let mark = |marks: &mut Vec<bool>, id: EntityId| -> bool {
            match marks.get_mut(id.index()) {
                Some(m) if !*m => {
                    *m = true;
                    true
                }
                _ => false,
            }
        };
        mark(&mut reached_mark, center);
        let mut reached = vec![center];
        let mut frontier = vec![center];
        for _ in 0..k {
            let mut next = Vec::new();
            for u in frontier {
                spend(self.adjacency.all(u).len())?;
                for e in self.adjacency.all(u) {
                    if filter.accepts_entry(self, e) && mark(&mut reached_mark, e.other()) {
                        next.push(e.other());
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            reached.extend_from_slice(&next);
            frontier = next;
        }
        spend(reached.iter().map(|u| self.adjacency.all(*u).len()).sum())?;
        let is_reached = |id: EntityId| reached_mark.get(id.index()).copied().unwrap_or(false);
        // The facts among reached entities: each is in the adjacency list of its ends, so
        // scanning the reached entities' lists finds them all without a pass over the graph.
        // Taking each fact from its subject's list (or the object's, for a self-loop's
        // second entry) lists it once.
        // Internal iteration per entity (`for_each`): a plain slice walk when the index
        // has no delta, where collecting a `flat_map` would call `next` per entry.
        let mut fact_ids: Vec<FactId> = Vec::new();
        for u in &reached {
            self.adjacency.all(*u).iter().for_each(|e| {
                if e.end() == End::Subject && is_reached(e.other()) && filter.accepts_entry(self, e)
                {
                    fact_ids.push(e.fact);
                }
            });
        }
        fact_ids.sort_unstable();
        reached.sort_unstable();
        Ok(EgoNetwork {
            graph: self,
            center,
            entities: reached,
            facts: fact_ids,
            known_by: filter.known_by_day(),
        })
    }
}
