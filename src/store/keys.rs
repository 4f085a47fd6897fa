//! The key index: entity key → entity, without a second copy of every key.
//!
//! The keys live in the entities. The index maps a 64-bit hash of each key to its entity
//! and checks the entity's key on lookup. The hash is keyed at random per graph (std's
//! SipHash), so outside input cannot aim two keys at one hash; if two keys ever do share
//! one, the later key goes to a small map of its own. A `HashMap<String, EntityId>` cost
//! about 65 bytes per entity (a bucket of 32 and the copied key); this costs about 25.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use super::hash::IdMap;
use crate::model::ids::EntityId;

#[derive(Debug, Clone, Default)]
pub(crate) struct KeyIndex {
    /// Key hash → the entity whose key it is.
    by_hash: IdMap<u64, EntityId>,
    /// Keys whose hash an earlier key already took.
    spill: HashMap<String, EntityId>,
    hasher: RandomState,
}

impl KeyIndex {
    pub(crate) fn hash(&self, key: &str) -> u64 {
        self.hasher.hash_one(key)
    }

    /// An empty index that hashes as this one does, so that one hash of a key serves
    /// both (a batch's staged keys beside its graph's).
    pub(crate) fn sibling(&self) -> KeyIndex {
        KeyIndex {
            hasher: self.hasher.clone(),
            ..KeyIndex::default()
        }
    }

    /// Grows the table once for `n` more keys.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.by_hash.reserve(n);
    }

    /// Indexes `id` under `key`, which no entity has yet.
    pub(crate) fn insert(&mut self, key: &str, id: EntityId) {
        let h = self.hash(key);
        match self.by_hash.entry(h) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(id);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.spill.insert(key.to_owned(), id);
            }
        }
    }

    /// Takes in the keys a batch indexed in `staged`, a [`sibling`](Self::sibling) of this
    /// index (so hashed alike), without hashing a key again: a bulk commit hashed every
    /// key twice. A hash this index holds already sends the staged key to the spill, as
    /// [`insert`](Self::insert) would; `key_of` reads an entity's key for that.
    pub(crate) fn absorb<'a>(
        &mut self,
        staged: KeyIndex,
        key_of: impl Fn(EntityId) -> Option<&'a str>,
    ) {
        if self.by_hash.is_empty() && self.spill.is_empty() {
            // Into an empty graph: the staged index is the whole index.
            self.by_hash = staged.by_hash;
            self.spill = staged.spill;
            return;
        }
        self.by_hash.reserve(staged.by_hash.len());
        for (h, id) in staged.by_hash {
            match self.by_hash.entry(h) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(id);
                }
                std::collections::hash_map::Entry::Occupied(_) => {
                    if let Some(key) = key_of(id) {
                        self.spill.insert(key.to_owned(), id);
                    }
                }
            }
        }
        self.spill.extend(staged.spill);
    }

    /// The entity with `key`, whose hash by this index's [`hash`](Self::hash) is `hash`,
    /// reading an entity's key with `key_of` to check it.
    pub(crate) fn get_hashed<'a>(
        &self,
        hash: u64,
        key: &str,
        key_of: impl FnOnce(EntityId) -> Option<&'a str>,
    ) -> Option<EntityId> {
        if let Some(&id) = self.by_hash.get(&hash)
            && key_of(id) == Some(key)
        {
            return Some(id);
        }
        if self.spill.is_empty() {
            None
        } else {
            self.spill.get(key).copied()
        }
    }
}

impl KeyIndex {
    /// Heap bytes of the tables.
    pub(crate) fn heap_bytes(&self) -> usize {
        use super::memory::map_bytes;
        map_bytes(&self.by_hash)
            + map_bytes(&self.spill)
            + self.spill.keys().map(String::capacity).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entity::Entity;
    use crate::model::kind::EntityKind;

    fn get(index: &KeyIndex, key: &str, entities: &[Entity]) -> Option<EntityId> {
        index.get_hashed(index.hash(key), key, |id| {
            entities.get(id.index()).map(Entity::key)
        })
    }

    #[test]
    fn finds_every_key_and_no_other_even_when_hashes_collide() {
        // Made-up entities.
        let entities: Vec<Entity> = (0..1000)
            .map(|i| Entity::new(format!("k{i}"), EntityKind::Person, "P"))
            .collect();
        let mut index = KeyIndex::default();
        for (i, e) in entities.iter().enumerate() {
            index.insert(e.key(), EntityId::at(i as u32));
        }
        // Force a collision: a key indexed under another key's hash goes to the spill.
        index.spill.insert("forced".to_owned(), EntityId::at(7));
        for (i, e) in entities.iter().enumerate() {
            assert_eq!(
                get(&index, e.key(), &entities),
                Some(EntityId::at(i as u32))
            );
        }
        assert_eq!(get(&index, "k1000", &entities), None);
        assert_eq!(get(&index, "forced", &entities), Some(EntityId::at(7)));
        // A second insert under a taken hash spills rather than overwriting.
        let h = index.hash("k3");
        let mut other = index.clone();
        other.by_hash.insert(h, EntityId::at(3));
        other.insert("k3", EntityId::at(3));
        assert_eq!(get(&other, "k3", &entities), Some(EntityId::at(3)));
    }

    #[test]
    fn absorbing_a_batch_index_finds_what_inserting_would() {
        // Made-up entities: the first 600 in the graph, the rest staged by a batch.
        let entities: Vec<Entity> = (0..1000)
            .map(|i| Entity::new(format!("k{i}"), EntityKind::Person, "P"))
            .collect();
        let key_of = |id: EntityId| entities.get(id.index()).map(Entity::key);
        let mut graph = KeyIndex::default();
        for (i, e) in entities.iter().enumerate().take(600) {
            graph.insert(e.key(), EntityId::at(i as u32));
        }
        let mut staged = graph.sibling();
        for (i, e) in entities.iter().enumerate().skip(600) {
            staged.insert(e.key(), EntityId::at(i as u32));
        }
        // Force a collision with the graph: a staged key's hash is taken already.
        let h = staged.hash("k700");
        graph.by_hash.insert(h, EntityId::at(5));
        graph.absorb(staged, key_of);
        for (i, e) in entities.iter().enumerate() {
            assert_eq!(
                get(&graph, e.key(), &entities),
                Some(EntityId::at(i as u32))
            );
        }
        assert_eq!(get(&graph, "k1000", &entities), None);
        // Into an empty index the staged one is taken whole.
        let mut empty = KeyIndex::default();
        let mut staged = empty.sibling();
        staged.insert("k1", EntityId::at(1));
        empty.absorb(staged, key_of);
        assert_eq!(get(&empty, "k1", &entities), Some(EntityId::at(1)));
    }
}
