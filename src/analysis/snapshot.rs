//! A view's facts as a compact undirected graph of entity pairs, built once per analysis:
//! the kernels (PageRank, betweenness) then run over plain arrays, and every pair keeps the
//! facts that link it.

use std::ops::Range;

use super::AnalysisError;
use crate::model::ids::{EntityId, FactId};
use crate::model::kind::KindSet;
use crate::model::relation::Direction;
use crate::query::neighbours::Filter;
use crate::store::graph::KnowledgeGraph;

/// Live entities by rank (`0..n`), and per entity its distinct neighbours (its "slots"),
/// sorted by rank, each with the facts that link the two. Facts linking an entity to
/// itself are left out.
#[derive(Debug)]
pub(crate) struct Snapshot {
    /// Entity of each rank.
    pub(crate) ids: Vec<EntityId>,
    /// Slots of rank `u`: `start[u]..start[u + 1]`.
    start: Vec<usize>,
    /// Neighbour rank of each slot.
    nbr: Vec<u32>,
    /// Facts of the pair that go from the slot's entity to the neighbour (subject to
    /// object, or a symmetric relation).
    fwd: Vec<u32>,
    /// Facts of each slot: `fact_start[s]..fact_start[s + 1]` in `facts`.
    fact_start: Vec<usize>,
    facts: Vec<FactId>,
}

impl Snapshot {
    /// Builds the snapshot of the facts `filter` keeps (relation, evidence, time; its
    /// direction and kind parts are ignored), charging one unit per entity and per fact
    /// end read to `spent`, up to `budget`.
    pub(crate) fn build(
        g: &KnowledgeGraph,
        filter: Filter,
        budget: usize,
        spent: &mut usize,
    ) -> Result<Snapshot, AnalysisError> {
        let filter = filter.direction(Direction::Both).kind_set(KindSet::ANY);
        let n = g.entity_count();
        let mut rank_of = vec![u32::MAX; g.id_bound()];
        let mut ids = Vec::with_capacity(n);
        for (rank, id) in (0..g.id_bound())
            .filter(|i| !g.is_burnt(*i))
            .filter_map(EntityId::from_index)
            .enumerate()
        {
            if let Some(r) = rank_of.get_mut(id.index()) {
                *r = rank as u32;
            }
            ids.push(id);
        }
        charge(spent, g.id_bound(), budget)?;
        let mut s = Snapshot {
            start: Vec::with_capacity(n + 1),
            nbr: Vec::new(),
            fwd: Vec::new(),
            fact_start: vec![0],
            facts: Vec::new(),
            ids,
        };
        let mut ends: Vec<(u32, FactId, bool)> = Vec::new();
        for &id in &s.ids {
            s.start.push(s.nbr.len());
            ends.clear();
            for hop in g.neighbours(id, filter) {
                let other = hop.other_id();
                if other == id {
                    continue;
                }
                let Some(&rank) = rank_of.get(other.index()) else {
                    continue;
                };
                let forward =
                    hop.direction() == Direction::Outgoing || hop.fact().relation().is_symmetric();
                ends.push((rank, hop.fact().id(), forward));
            }
            charge(spent, ends.len(), budget)?;
            ends.sort_unstable_by_key(|(rank, fact, _)| (*rank, *fact));
            for run in ends.chunk_by(|a, b| a.0 == b.0) {
                let Some(&(rank, _, _)) = run.first() else {
                    continue;
                };
                s.nbr.push(rank);
                s.fwd.push(run.iter().filter(|e| e.2).count() as u32);
                s.facts.extend(run.iter().map(|e| e.1));
                s.fact_start.push(s.facts.len());
            }
        }
        s.start.push(s.nbr.len());
        Ok(s)
    }

    /// Number of entities.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// Number of slots (each linked pair counted from both ends).
    pub(crate) fn slot_count(&self) -> usize {
        self.nbr.len()
    }

    /// The slots of rank `u`.
    pub(crate) fn slots(&self, u: usize) -> Range<usize> {
        let a = self.start.get(u).copied().unwrap_or(0);
        let b = self.start.get(u + 1).copied().unwrap_or(a);
        a..b
    }

    /// The neighbour rank of a slot.
    pub(crate) fn nbr(&self, slot: usize) -> usize {
        self.nbr.get(slot).map_or(0, |r| *r as usize)
    }

    /// How many facts link the pair of a slot.
    pub(crate) fn weight(&self, slot: usize) -> u32 {
        let r = self.fact_range(slot);
        (r.end - r.start) as u32
    }

    /// How many of them go from the slot's entity to the neighbour.
    pub(crate) fn forward(&self, slot: usize) -> u32 {
        self.fwd.get(slot).copied().unwrap_or(0)
    }

    /// The facts of a slot, in fact-number order.
    pub(crate) fn facts(&self, slot: usize) -> &[FactId] {
        self.facts.get(self.fact_range(slot)).unwrap_or(&[])
    }

    fn fact_range(&self, slot: usize) -> Range<usize> {
        let a = self.fact_start.get(slot).copied().unwrap_or(0);
        let b = self.fact_start.get(slot + 1).copied().unwrap_or(a);
        a..b
    }

    /// The slot of `v` in the list of `u`, if they are linked.
    pub(crate) fn slot_of(&self, u: usize, v: usize) -> Option<usize> {
        let r = self.slots(u);
        let list = self.nbr.get(r.clone())?;
        list.binary_search(&(v as u32)).ok().map(|i| r.start + i)
    }

    /// Number of distinct facts at rank `u` in the snapshot.
    pub(crate) fn degree(&self, u: usize) -> usize {
        let r = self.slots(u);
        let a = self.fact_start.get(r.start).copied().unwrap_or(0);
        let b = self.fact_start.get(r.end).copied().unwrap_or(a);
        b - a
    }
}

/// Adds `n` units of work to `spent`; [`AnalysisError::Budget`] past `budget`.
pub(crate) fn charge(spent: &mut usize, n: usize, budget: usize) -> Result<(), AnalysisError> {
    *spent = spent.saturating_add(n);
    if *spent > budget {
        Err(AnalysisError::Budget {
            budget,
            needed: *spent,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entity::Entity;
    use crate::model::fact::Fact;
    use crate::model::kind::EntityKind;
    use crate::model::relation::Relation;

    #[test]
    fn pairs_keep_their_facts_and_directions() {
        // Made-up data: a person who visited a country twice and met another person.
        let mut g = KnowledgeGraph::new();
        let a = g
            .add_entity(Entity::new("a", EntityKind::Person, "A"))
            .unwrap();
        let c = g
            .add_entity(Entity::new("c", EntityKind::Country, "C"))
            .unwrap();
        let b = g
            .add_entity(Entity::new("b", EntityKind::Person, "B"))
            .unwrap();
        for f in [
            Fact::new(Relation::Visited, a, c),
            Fact::new(Relation::Met, b, a),
            Fact::new(Relation::Visited, a, c),
        ] {
            g.add_fact(f).unwrap();
        }
        let mut spent = 0;
        let s = Snapshot::build(&g, Filter::any(), 1_000, &mut spent).unwrap();
        assert_eq!((s.len(), s.slot_count()), (3, 4));
        let ac = s.slot_of(0, 1).unwrap();
        assert_eq!(s.facts(ac), [FactId(0), FactId(2)]);
        assert_eq!((s.weight(ac), s.forward(ac)), (2, 2));
        let ca = s.slot_of(1, 0).unwrap();
        assert_eq!((s.weight(ca), s.forward(ca)), (2, 0));
        let ab = s.slot_of(0, 2).unwrap();
        assert_eq!(s.forward(ab), 1); // `met` goes both ways
        assert_eq!(s.slot_of(1, 2), None);
        assert_eq!(s.degree(0), 3);
        assert!(spent > 0);
        assert!(matches!(
            Snapshot::build(&g, Filter::any(), 2, &mut 0),
            Err(AnalysisError::Budget { budget: 2, .. })
        ));
    }
}
