//! The ego network of an entity: everything within k hops, as a graph of its own.

use crate::model::fact::Fact;
use crate::model::ids::{EntityId, FactId, ReportId};
use crate::query::connection::SearchError;
use crate::query::neighbours::Filter;
use crate::store::adjacency::End;
use crate::store::batch::Staged;
use crate::store::graph::KnowledgeGraph;

impl KnowledgeGraph {
    /// The entities within `k` hops of `center` (facts taken in either direction, those
    /// passing `filter`'s relation, modality and date parts) and every such fact among them,
    /// found through the adjacency index (the cost follows the size of the neighbourhood,
    /// not of the graph),
    /// as a new graph. Entities a kept fact needs as place, recipient, source or speaker are
    /// carried along so the new graph is complete; they do not extend the walk. Entities and
    /// facts keep their keys, data and relative order. `None` if `center` is not in this graph.
    ///
    /// ```
    /// use factgraph::{datasets, Filter};
    /// let g = datasets::edm_2004_v1_i133();
    /// let s = g.find("Sembinov")?;
    /// let ego = g.ego_network(s.id(), 1, Filter::any()).expect("in graph");
    /// assert!(ego.find("Richard Armitage").is_ok());
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
    ) -> Option<KnowledgeGraph> {
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
    ) -> Result<KnowledgeGraph, SearchError> {
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
                    if filter.accepts_entry(self, e) && mark(&mut reached_mark, e.other) {
                        next.push(e.other);
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
        let mut fact_ids: Vec<FactId> = reached
            .iter()
            .flat_map(|u| self.adjacency.all(*u))
            .filter(|e| {
                e.end() == End::Subject && is_reached(e.other) && filter.accepts_entry(self, e)
            })
            .map(|e| e.fact)
            .collect();
        fact_ids.sort_unstable();
        let facts: Vec<&Fact> = fact_ids
            .into_iter()
            .map(|id| self.fact_ref(id).fact())
            .collect();
        let mut keep_mark = reached_mark;
        let mut keep = reached;
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
            if let Some(report) = self.report(*r) {
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
                .filter_map(|r| self.report(*r))
                .map(|r| {
                    let mut r = r.clone();
                    r.map_entities(id);
                    Some(r)
                })
                .collect(),
            merged_keys: Vec::new(),
            burnt: Vec::new(),
            entities: keep
                .iter()
                .map(|e| Some(self.entity_ref(*e).entity().clone()))
                .collect(),
            facts: facts
                .into_iter()
                .map(|f| {
                    let mut f = f.clone();
                    f.map_entities(id);
                    f.map_reports(report_id);
                    f
                })
                .collect(),
        };
        let mut out = KnowledgeGraph::new();
        out.title = self.title.as_ref().map(|t| format!("{t} (ego network)"));
        // Every id was remapped into `keep`, which holds all referenced entities, and the
        // facts passed validation in `self`: committing without re-checking is sound.
        out.commit(staged);
        Ok(out)
    }
}
