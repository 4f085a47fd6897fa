//! What the analysis layer (`crate::analysis`) reads of the store besides the public
//! queries: how live entity ids map to a dense rank and back. Kept in one place so that a
//! change of the store's layout touches analysis through this file only.

use super::graph::KnowledgeGraph;
use crate::model::ids::EntityId;

impl KnowledgeGraph {
    /// The rank of a live entity among the live ones, in id order: its id's position
    /// minus the rolled-back ids below it. `None` for an id this graph did not issue or a
    /// rolled-back one. O(1) without rolled-back ids, else O(rolled-back batches).
    pub(crate) fn live_rank(&self, id: EntityId) -> Option<usize> {
        let i = id.index();
        if i >= self.id_bound() || self.is_burnt(i) {
            return None;
        }
        let below: usize = self
            .burnt
            .iter()
            .take_while(|(_, end)| *end as usize <= i)
            .map(|(start, end)| (end - start) as usize)
            .sum();
        Some(i - below)
    }

    /// The live entity of a rank (the inverse of [`live_rank`](Self::live_rank)); `None`
    /// at or past [`entity_count`](Self::entity_count).
    pub(crate) fn live_at(&self, rank: usize) -> Option<EntityId> {
        if rank >= self.entity_count() {
            return None;
        }
        let mut i = rank;
        for (start, end) in &self.burnt {
            if (*start as usize) <= i {
                i += (end - start) as usize;
            } else {
                break;
            }
        }
        EntityId::from_index(i)
    }
}
