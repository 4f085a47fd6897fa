//! In-place updates of what a graph already holds, for a merge that changes a few
//! entities, reports and facts of a large graph: each costs in proportion to what it
//! changes, not to the graph.
//!
//! None of these validates: the caller (the merge) has checked the new values against
//! the graph through a batch, and each update keeps what the indexes rely on (an entity's
//! key and kind; a report's key; a fact's relation, ends, modality and date).

use super::graph::KnowledgeGraph;
use super::names::normalize_name;
use crate::model::entity::Entity;
use crate::model::fact::Fact;
use crate::model::ids::{EntityId, FactId, ReportId};
use crate::model::report::Report;

impl KnowledgeGraph {
    /// Replaces entity `id`'s names, attributes and note with `entity`'s (same key and
    /// kind); names it did not have go into the name index. A name it no longer has stays
    /// findable: merges only add names. Returns `false`, changing nothing, for another key
    /// or kind.
    pub(crate) fn update_entity(&mut self, id: EntityId, entity: Entity) -> bool {
        let Some(old) = self.entities.get(id.index()) else {
            return false;
        };
        if old.key != entity.key || old.kind != entity.kind {
            return false;
        }
        for name in entity.names() {
            self.names.insert_for_existing(normalize_name(name), id);
        }
        if let Some(slot) = self.entities.get_mut(id.index()) {
            *slot = entity;
        }
        self.words.clear();
        self.succession.clear();
        true
    }

    /// Replaces report `id`'s fields with `report`'s (same key and outlet). Returns
    /// `false`, changing nothing, otherwise.
    pub(crate) fn update_report(&mut self, id: ReportId, report: Report) -> bool {
        match self.reports.get_mut(id.index()) {
            Some(old) if old.key == report.key && old.outlet == report.outlet => {
                *old = report;
                true
            }
            _ => false,
        }
    }

    /// Replaces the qualifiers and attributions of fact `id` with `fact`'s, which makes the
    /// same statement on the same date (see `FactColumns::replace`); the sources and
    /// reports it gains list it. Attributions are only added by a merge, never taken away,
    /// so no list loses it. Returns `false`, changing nothing, when `fact` differs in what
    /// the indexes read.
    pub(crate) fn update_fact(&mut self, id: FactId, fact: Fact) -> bool {
        let Some(old) = self.facts.get(id.index()) else {
            return false;
        };
        let mut old_sources: Vec<EntityId> = old.sources().iter().map(|a| a.source()).collect();
        let mut old_reports: Vec<ReportId> =
            old.sources().iter().filter_map(|a| a.report()).collect();
        old_sources.sort_unstable();
        old_reports.sort_unstable();
        let mut new_sources: Vec<EntityId> = fact.sources.iter().map(|a| a.source).collect();
        let mut new_reports: Vec<ReportId> =
            fact.sources.iter().filter_map(|a| a.report()).collect();
        new_sources.sort_unstable();
        new_sources.dedup();
        new_reports.sort_unstable();
        new_reports.dedup();
        if !self.facts.replace(id, fact) {
            return false;
        }
        // Lists are sorted by fact id: the fact goes in its place.
        let insert = |list: &mut Vec<FactId>| {
            if let Err(at) = list.binary_search(&id) {
                list.insert(at, id);
            }
        };
        for s in new_sources {
            if old_sources.binary_search(&s).is_err() {
                insert(self.by_source.entry(s).or_default());
            }
        }
        for r in new_reports {
            if old_reports.binary_search(&r).is_err()
                && let Some(list) = self.by_report.get_mut(r.index())
            {
                insert(list);
            }
        }
        self.words.clear();
        // A fact's valid time may have changed, and with it a term of a post.
        self.succession.clear();
        true
    }
}
