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

    /// Takes in the keys a batch indexed in `staged` ([`StagedKeys::beside`] this index,
    /// so hashed alike), without hashing a key again: a bulk commit hashed every key
    /// twice. A hash this index holds already sends the staged key to the spill, as
    /// [`insert`](Self::insert) would; `key_of` reads an entity's key for that.
    pub(crate) fn absorb<'a>(
        &mut self,
        staged: StagedKeys,
        key_of: impl Fn(EntityId) -> Option<&'a str>,
    ) {
        self.by_hash.reserve(staged.by_hash.len());
        for (h, (id, _)) in staged.by_hash {
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

/// The keys of a batch's staged entities, with a copy of each key beside the index.
///
/// A bulk load looks a key up for every end of every fact. Checking the key in the staged
/// entity (as [`KeyIndex`] does) reads the entity and then its key's heap block: two cache
/// misses, on top of the table's, at 100 000 entities and more. Here each slot holds where
/// the key's copy starts in one packed buffer, so a lookup reads the slot and the buffer
/// only. The copy lives as long as the batch: the graph's own index keeps no second copy.
#[derive(Debug, Default)]
pub(crate) struct StagedKeys {
    /// Key hash → the entity and the offset of its key's copy in `text`.
    by_hash: IdMap<u64, (EntityId, u32)>,
    /// Keys whose hash an earlier key already took, or whose copy would start past
    /// `u32::MAX` in `text`.
    spill: HashMap<String, EntityId>,
    /// Each key as its length (4 bytes, little-endian) then its bytes.
    text: Vec<u8>,
    hasher: RandomState,
}

impl StagedKeys {
    /// An empty index that hashes as `graph` does, so that one hash of a key serves both.
    pub(crate) fn beside(graph: &KeyIndex) -> StagedKeys {
        StagedKeys {
            hasher: graph.hasher.clone(),
            ..StagedKeys::default()
        }
    }

    pub(crate) fn hash(&self, key: &str) -> u64 {
        self.hasher.hash_one(key)
    }

    /// Grows the table once for `n` more keys.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.by_hash.reserve(n);
    }

    /// Indexes `id` under `key`, which no entity has yet.
    pub(crate) fn insert(&mut self, key: &str, id: EntityId) {
        let h = self.hash(key);
        let copy = u32::try_from(self.text.len())
            .ok()
            .zip(u32::try_from(key.len()).ok());
        match (self.by_hash.entry(h), copy) {
            (std::collections::hash_map::Entry::Vacant(slot), Some((at, len))) => {
                self.text.extend_from_slice(&len.to_le_bytes());
                self.text.extend_from_slice(key.as_bytes());
                slot.insert((id, at));
            }
            _ => {
                self.spill.insert(key.to_owned(), id);
            }
        }
    }

    /// The entity with `key`, whose hash by [`hash`](Self::hash) is `hash`.
    pub(crate) fn get_hashed(&self, hash: u64, key: &str) -> Option<EntityId> {
        if let Some(&(id, at)) = self.by_hash.get(&hash)
            && self.key_at(at as usize) == Some(key.as_bytes())
        {
            return Some(id);
        }
        if self.spill.is_empty() {
            None
        } else {
            self.spill.get(key).copied()
        }
    }

    /// The copy of a key that starts at `at` in `text`.
    fn key_at(&self, at: usize) -> Option<&[u8]> {
        let len = self.text.get(at..at.checked_add(4)?)?;
        let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
        let start = at + 4;
        self.text.get(start..start.checked_add(len)?)
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
    fn staged_keys_find_every_key_and_no_other() {
        let graph = KeyIndex::default();
        let mut staged = StagedKeys::beside(&graph);
        let keys: Vec<String> = (0..1000).map(|i| format!("k{i}")).collect();
        for (i, k) in keys.iter().enumerate() {
            staged.insert(k, EntityId::at(i as u32));
        }
        // The empty key and a key with a multi-byte character are copied as any other.
        staged.insert("", EntityId::at(1000));
        staged.insert("é", EntityId::at(1001));
        // Force a collision: a key whose hash is taken goes to the spill.
        let h = staged.hash("k3");
        staged.by_hash.insert(h, (EntityId::at(3), 0));
        staged.insert("k3-again", EntityId::at(1002));
        staged.spill.insert("forced".to_owned(), EntityId::at(7));
        let get = |k: &str| staged.get_hashed(staged.hash(k), k);
        for (i, k) in keys.iter().enumerate().filter(|(i, _)| *i != 3) {
            assert_eq!(get(k), Some(EntityId::at(i as u32)));
        }
        assert_eq!(get(""), Some(EntityId::at(1000)));
        assert_eq!(get("é"), Some(EntityId::at(1001)));
        assert_eq!(get("k3-again"), Some(EntityId::at(1002)));
        assert_eq!(get("forced"), Some(EntityId::at(7)));
        // A slot whose copy is another key's answers nothing for this key.
        assert_eq!(get("k1000"), None);
        assert_eq!(get("k"), None);
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
        let mut staged = StagedKeys::beside(&graph);
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
        // Into an empty index.
        let mut empty = KeyIndex::default();
        let mut staged = StagedKeys::beside(&empty);
        staged.insert("k1", EntityId::at(1));
        empty.absorb(staged, key_of);
        assert_eq!(get(&empty, "k1", &entities), Some(EntityId::at(1)));
    }
}
