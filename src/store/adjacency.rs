//! The adjacency index: for every entity, its facts sorted by (relation, end), so that the
//! facts of one relation at one end are a contiguous slice found by binary search.

use super::hash::IdMap;
use crate::model::ids::{EntityId, FactId};
use crate::model::relation::Relation;

/// Which end of a fact an entity stands at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum End {
    Subject = 0,
    Object = 1,
}

/// One fact seen from one of its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AdjEntry {
    /// The entity at the other end.
    pub(crate) other: EntityId,
    /// The fact.
    pub(crate) fact: FactId,
    /// `relation * 2 + end`: the sort key.
    key: u8,
}

impl AdjEntry {
    pub(crate) fn key_of(relation: Relation, end: End) -> u8 {
        (relation.slot() as u8) * 2 + end as u8
    }

    /// The relation of the fact.
    pub(crate) fn relation(&self) -> Relation {
        // `key` is private and set only by `key_of`, so `key / 2` is a relation's slot,
        // below `Relation::ALL.len()`; this is on every neighbour walk's path.
        #[allow(clippy::indexing_slicing)]
        Relation::ALL[usize::from(self.key / 2)]
    }

    /// Which end the owning entity stands at.
    #[inline]
    pub(crate) fn end(&self) -> End {
        if self.key % 2 == 0 {
            End::Subject
        } else {
            End::Object
        }
    }
}

/// Per-entity fact lists, kept sorted by (key, fact).
///
/// Inserting appends and marks the list; [`Adjacency::settle`] restores order after a
/// commit, by insertion for a few new entries and by sorting for many, so that a bulk load
/// costs O(f log f) and a single fact O(degree) memory moves.
#[derive(Debug, Clone, Default)]
pub(crate) struct Adjacency {
    lists: Vec<Vec<AdjEntry>>,
    /// Per list, how many entries at its end are not yet in order.
    unsorted: Vec<u32>,
    dirty: Vec<EntityId>,
    /// For long lists (hubs), where each key's run starts: a binary search over hundreds of
    /// thousands of entries costs dozens of cache misses, a directory lookup one.
    directories: IdMap<EntityId, Box<Directory>>,
}

/// `starts[k]` is the index of the first entry with key `k` or more; `starts[32]` the length.
type Directory = [u32; KEYS + 1];

/// Number of keys: every relation at each end.
const KEYS: usize = Relation::ALL.len() * 2;

/// Lists at least this long get a directory.
const DIRECTORY_FROM: usize = 256;

impl Adjacency {
    pub(crate) fn add_entity(&mut self) {
        self.lists.push(Vec::new());
        self.unsorted.push(0);
    }

    /// Reserves room for a batch of new facts (by their two ends), so a bulk load grows
    /// each list once instead of by repeated doubling. O(b log b) for b ends: nothing in
    /// proportion to the graph (a table of every entity's count made any batch of more
    /// than 64 facts cost O(entities)).
    pub(crate) fn reserve(&mut self, ends: impl Iterator<Item = EntityId>) {
        let mut ends: Vec<EntityId> = ends.collect();
        ends.sort_unstable();
        for run in ends.chunk_by(|a, b| a == b) {
            if let Some(list) = run.first().and_then(|at| self.lists.get_mut(at.index())) {
                // Amortized growth: `reserve_exact` would copy a hub's list on every batch.
                list.reserve(run.len());
            }
        }
    }

    pub(crate) fn add(
        &mut self,
        at: EntityId,
        other: EntityId,
        fact: FactId,
        relation: Relation,
        end: End,
    ) {
        let i = at.index();
        if let (Some(list), Some(n)) = (self.lists.get_mut(i), self.unsorted.get_mut(i)) {
            list.push(AdjEntry {
                other,
                fact,
                key: AdjEntry::key_of(relation, end),
            });
            if *n == 0 {
                self.dirty.push(at);
            }
            *n += 1;
        }
    }

    /// Restores the order of every list touched since the last call.
    pub(crate) fn settle(&mut self) {
        for at in std::mem::take(&mut self.dirty) {
            let i = at.index();
            let (Some(list), Some(n)) = (self.lists.get_mut(i), self.unsorted.get_mut(i)) else {
                continue;
            };
            let new = *n as usize;
            *n = 0;
            let order = |e: &AdjEntry| (e.key, e.fact);
            if new <= 8 {
                // Move each new entry back to its place; facts only grow, so it lands at
                // the end of its key's run.
                let len = list.len();
                for k in len.saturating_sub(new)..len {
                    let Some(&e) = list.get(k) else { break };
                    let pos = list
                        .get(..k)
                        .map_or(k, |head| head.partition_point(|x| order(x) <= order(&e)));
                    if let Some(run) = list.get_mut(pos..=k) {
                        run.rotate_right(1);
                    }
                }
            } else {
                // Sort the new tail, then let the stable sort merge the two sorted runs in
                // O(length): a hub's list is not sorted from scratch for every batch.
                let tail = list.len() - new;
                if let Some(t) = list.get_mut(tail..) {
                    t.sort_unstable_by_key(order);
                }
                list.sort_by_key(order);
            }
            if list.len() >= DIRECTORY_FROM {
                let mut dir: Directory = [0; KEYS + 1];
                for (k, start) in dir.iter_mut().enumerate() {
                    *start = list.partition_point(|e| usize::from(e.key) < k) as u32;
                }
                self.directories.insert(at, Box::new(dir));
            }
        }
    }

    /// All facts at `at`, sorted by relation and end.
    pub(crate) fn all(&self, at: EntityId) -> &[AdjEntry] {
        self.lists.get(at.index()).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The entries of `at` whose keys lie in `lo..hi` (a run of keys: one relation at one
    /// end, one relation at both ends, or several).
    pub(crate) fn key_range(&self, at: EntityId, lo: u8, hi: u8) -> &[AdjEntry] {
        let list = self.all(at);
        if list.len() >= DIRECTORY_FROM
            && let Some(dir) = self.directories.get(&at)
        {
            let start = dir.get(usize::from(lo)).copied().unwrap_or(0) as usize;
            let end = dir.get(usize::from(hi)).copied().unwrap_or(0) as usize;
            return list.get(start..end.max(start)).unwrap_or(&[]);
        }
        if list.len() <= 32 {
            // Short lists (most entities): a forward scan beats a binary search's
            // unpredictable branches.
            let start = list.iter().position(|e| e.key >= lo).unwrap_or(list.len());
            let rest = list.get(start..).unwrap_or(&[]);
            let len = rest.iter().position(|e| e.key >= hi).unwrap_or(rest.len());
            return rest.get(..len).unwrap_or(&[]);
        }
        let start = list.partition_point(|e| e.key < lo);
        let rest = list.get(start..).unwrap_or(&[]);
        let len = rest.partition_point(|e| e.key < hi);
        rest.get(..len).unwrap_or(&[])
    }

    /// The facts of `relation` where `at` stands at `end`.
    #[cfg(test)]
    pub(crate) fn get(&self, at: EntityId, relation: Relation, end: End) -> &[AdjEntry] {
        let list = self.all(at);
        let key = AdjEntry::key_of(relation, end);
        let start = list.partition_point(|e| e.key < key);
        let len = list[start..].partition_point(|e| e.key == key);
        &list[start..start + len]
    }

    /// Number of facts at `at` (each end counted).
    pub(crate) fn degree(&self, at: EntityId) -> usize {
        self.all(at).len()
    }
}

impl Adjacency {
    /// Heap bytes of the lists and directories.
    pub(crate) fn heap_bytes(&self) -> usize {
        use super::memory::{map_bytes, vec_bytes};
        vec_bytes(&self.lists)
            + self.lists.iter().map(vec_bytes).sum::<usize>()
            + vec_bytes(&self.unsorted)
            + vec_bytes(&self.dirty)
            + map_bytes(&self.directories)
            + self.directories.len() * std::mem::size_of::<Directory>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_sorted_under_small_and_bulk_inserts() {
        let mut a = Adjacency::default();
        a.add_entity();
        a.add_entity();
        let (x, y) = (EntityId::at(0), EntityId::at(1));
        let rels = [
            Relation::Met,
            Relation::PartOf,
            Relation::Met,
            Relation::Hosted,
        ];
        for (i, r) in rels.iter().enumerate() {
            a.add(x, y, FactId(i as u32), *r, End::Subject);
            a.settle();
        }
        for i in 4..40 {
            a.add(x, y, FactId(i), rels[i as usize % 4], End::Object);
        }
        a.settle();
        let met_out: Vec<u32> = a
            .get(x, Relation::Met, End::Subject)
            .iter()
            .map(|e| e.fact.0)
            .collect();
        assert_eq!(met_out, [0, 2]);
        let met_in = a.get(x, Relation::Met, End::Object);
        assert_eq!(met_in.len(), 18);
        assert!(met_in.windows(2).all(|w| w[0].fact < w[1].fact));
        assert!(a.get(y, Relation::Met, End::Subject).is_empty());
        assert!(
            a.get(EntityId::at(9), Relation::Met, End::Subject)
                .is_empty()
        );
        assert_eq!(a.degree(x), 40);
        assert_eq!(a.all(x)[0].relation(), Relation::Met);
        assert_eq!(a.all(x)[0].end(), End::Subject);
    }

    #[test]
    fn key_ranges_agree_with_a_filter_for_every_list_length() {
        for n in [0u32, 1, 2, 5, 31, 32, 33, 64, 255, 256, 300] {
            let mut a = Adjacency::default();
            a.add_entity();
            let x = EntityId::at(0);
            for i in 0..n {
                let r = Relation::ALL[(i as usize * 5) % Relation::ALL.len()];
                let end = if i % 2 == 0 {
                    End::Object
                } else {
                    End::Subject
                };
                a.add(x, x, FactId(i), r, end);
            }
            a.settle();
            assert_key_ranges_match_a_filter(&a, x);
        }
    }

    /// Every run of keys `lo..hi` that `key_range` returns is what filtering the list gives.
    fn assert_key_ranges_match_a_filter(a: &Adjacency, x: EntityId) {
        let list = a.all(x);
        for lo in 0..=KEYS as u8 {
            for hi in lo..=KEYS as u8 {
                let want: Vec<AdjEntry> = list
                    .iter()
                    .filter(|e| e.key >= lo && e.key < hi)
                    .copied()
                    .collect();
                assert_eq!(
                    a.key_range(x, lo, hi),
                    want.as_slice(),
                    "{} entries, {lo}..{hi}",
                    list.len()
                );
            }
        }
    }

    #[test]
    fn long_lists_use_a_directory_that_agrees_with_search() {
        let mut a = Adjacency::default();
        a.add_entity();
        a.add_entity();
        let (x, y) = (EntityId::at(0), EntityId::at(1));
        for i in 0..1000u32 {
            let r = Relation::ALL[(i as usize * 7) % Relation::ALL.len()];
            let end = if i % 3 == 0 {
                End::Object
            } else {
                End::Subject
            };
            a.add(x, y, FactId(i), r, end);
            if i % 100 == 0 {
                a.settle(); // single inserts and bulk sorts both keep the directory right
            }
        }
        a.settle();
        assert!(a.directories.contains_key(&x));
        assert_key_ranges_match_a_filter(&a, x);
    }
}
