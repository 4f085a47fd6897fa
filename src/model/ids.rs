//! Typed handles for entities and facts.

use std::fmt;
use std::num::NonZeroU32;

/// Handle of an entity inside one [`KnowledgeGraph`](crate::KnowledgeGraph).
///
/// Ids are never reused: a graph only grows, so an id stays valid for the life of the graph
/// that issued it. They are dense, except that ids handed out by a rolled-back
/// [`transaction`](crate::KnowledgeGraph::transaction) are burnt: they name nothing, ever. An id from another graph is not meaningful here; lookups with
/// such an id return `None` rather than panicking. The stable, serialized identity of an
/// entity is its [`key`](crate::Entity::key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntityId(
    // The index's bitwise complement, so that `Option<EntityId>` (a fact's place, an
    // attribution's speaker) takes four bytes, not eight.
    NonZeroU32,
);

/// Handle of a fact inside one [`KnowledgeGraph`](crate::KnowledgeGraph).
///
/// Facts are numbered in insertion order from zero; the number is the "fact number" used
/// in error messages and is preserved by a JSON round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[repr(transparent)]
pub struct FactId(pub(crate) u32);

/// Bits of an entity's position: the adjacency index packs an entity and the 5-bit key of
/// a fact's relation and end into one `u32` (8 bytes an entry instead of 12).
pub(crate) const ENTITY_BITS: u32 = 27;

/// The most entities a graph holds: 134,217,728 (ten per fact at a billion facts would
/// still fit; a graph of 100 million facts has about 10 million).
pub const MAX_ENTITIES: usize = 1 << ENTITY_BITS;

impl EntityId {
    /// The id of the entity at `index`; `None` at [`MAX_ENTITIES`] and above.
    pub(crate) fn from_index(index: usize) -> Option<EntityId> {
        if index >= MAX_ENTITIES {
            return None;
        }
        u32::try_from(index)
            .ok()
            .and_then(|i| NonZeroU32::new(!i))
            .map(EntityId)
    }

    /// The id of entity `index`, for indexes known to be in range (below the entity
    /// count, which `from_index` bounds).
    pub(crate) const fn at(index: u32) -> EntityId {
        match NonZeroU32::new(!index) {
            Some(n) => EntityId(n),
            // `!u32::MAX` is 0; no graph reaches that index (see `from_index`).
            None => EntityId(NonZeroU32::MIN),
        }
    }

    /// Position of the entity in insertion order, counting burnt ids (see above): below
    /// the number of ids the graph has issued.
    pub fn index(self) -> usize {
        (!self.0.get()) as usize
    }
}

impl PartialOrd for EntityId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for EntityId {
    /// Insertion order.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index().cmp(&other.index())
    }
}

impl FactId {
    /// The fact number: its position in insertion order, starting at 0.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "entity #{}", self.index())
    }
}

impl fmt::Display for FactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fact #{}", self.0)
    }
}

/// Handle of a [`Report`](crate::Report) inside one [`KnowledgeGraph`](crate::KnowledgeGraph).
///
/// Dense, in insertion order, never reused. The stable, serialized identity of a report is
/// its [`key`](crate::Report::key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReportId(
    // The index plus one, so that `Option<ReportId>` (an attribution's report) takes four
    // bytes.
    NonZeroU32,
);

impl ReportId {
    /// The id of the report at `index`; `None` at `u32::MAX` and above.
    pub(crate) fn from_index(index: usize) -> Option<ReportId> {
        u32::try_from(index)
            .ok()
            .and_then(|i| i.checked_add(1))
            .and_then(NonZeroU32::new)
            .map(ReportId)
    }

    /// Position of the report in insertion order.
    pub fn index(self) -> usize {
        (self.0.get() - 1) as usize
    }
}

impl fmt::Display for ReportId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "report #{}", self.index())
    }
}

/// The content identity of a fact: a 64-bit digest of what the fact says (relation, ends
/// by key, modality, role, recipient, place, date), not of when it was loaded.
///
/// The same fact gets the same `FactKey` in every graph and across loads and merges, so it
/// names a fact in exports (`"id"` in JSON, the fact's IRI in RDF) and across sessions.
/// Symmetric relations are keyed with their ends in key order, so "A met B" and "B met A"
/// are one fact. Sources are not part of the identity: a fact corroborated by a second
/// report keeps its key. Renaming an entity's key (a merge that unites two entities)
/// changes the keys of its facts.
///
/// Displayed as 16 lower-case hexadecimal digits; parsed back with [`FactKey::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactKey(pub(crate) u64);

impl FactKey {
    /// The digest.
    pub fn value(self) -> u64 {
        self.0
    }

    /// Reads the 16-digit hexadecimal form; `None` for anything else.
    ///
    /// ```
    /// use factgraph::FactKey;
    /// let k = FactKey::parse("00ff00ff00ff00ff").unwrap();
    /// assert_eq!(k.to_string(), "00ff00ff00ff00ff");
    /// assert!(FactKey::parse("xyz").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<FactKey> {
        if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u64::from_str_radix(text, 16).ok().map(FactKey)
    }
}

impl fmt::Display for FactKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}
