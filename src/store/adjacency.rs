//! The adjacency index: for every entity, its facts sorted by (relation, end, fact), so
//! that the facts of one relation at one end (or a run of such keys) are a contiguous
//! slice found by a scan, a binary search or, for hubs, a directory.
//!
//! # Layout
//!
//! A *base* in compressed-sparse-row form, plus a small *delta*:
//!
//! - base: `offsets` (one `u64` per entity, and one more) and one flat `entries` array;
//!   entity *i*'s entries are `entries[offsets[i]..offsets[i + 1]]`. It is built by
//!   counting sort: count each entity's entries, prefix sums, a stable scatter in fact
//!   order, then a per-entity stable sort by key (insertion sort for short lists, a
//!   32-bucket counting sort for long ones; lists already in key order are left alone).
//!   No comparison sort of the whole index and no allocation per entity.
//! - delta: the entries of small commits (a single [`add_fact`], a short transaction),
//!   per touched entity, each list sorted by (key, fact). When the delta would outgrow an
//!   eighth of the base (entries plus entities), the next commit folds it into a new base;
//!   a bulk commit larger than that builds the base directly. Each entry is so copied a
//!   bounded number of times on average: adds cost amortised O(1) copies plus O(delta
//!   degree) moves in the entity's delta list.
//!
//! Facts are only added and their ids grow, so for one entity and one key the base's
//! facts all come before the delta's: a key range is two sorted slices ([`Entries`]), and
//! merging them by key alone gives the (key, fact) order.
//!
//! One index keyed by (relation, end) rather than one CSR per direction (out: the subject
//! side, in: the object side). The two hold the same entries and so the same memory per
//! fact, but with one index a filter on several relations at both ends (the common
//! [`Filter::any`](crate::Filter::any), or a symmetric relation) reads one contiguous
//! run per entity, and [`neighbours`](crate::KnowledgeGraph::neighbours) keeps its
//! documented order (relation, then end, then fact) without interleaving two arrays; two
//! CSRs would split every such run in two and add a second offsets array (8 bytes per
//! entity).
//!
//! Memory: 8 bytes per entry ([`AdjEntry`]: the other end and the key packed in a `u32`,
//! then the fact), two entries per fact (one per end), so 16 bytes per fact, plus 8 bytes per entity of offsets and 132 bytes per hub (an entity
//! with at least [`DIRECTORY_FROM`] entries) of directory; the delta holds at most an
//! eighth of that again between rebuilds. A rebuild grows the entries array in place
//! (runs move right, from the last entity down), so its peak is the new array plus a
//! second offsets array, not two copies of the index.
//!
//! [`add_fact`]: crate::KnowledgeGraph::add_fact

use super::hash::IdMap;
use crate::model::ids::{ENTITY_BITS, EntityId, FactId};
use crate::model::relation::Relation;
use crate::store::column::Column;

/// Which end of a fact an entity stands at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum End {
    Subject = 0,
    Object = 1,
}

/// One fact seen from one of its ends: 8 bytes, the other end's position and the sort key
/// packed in one `u32` (a graph holds at most [`MAX_ENTITIES`](crate::model::ids::MAX_ENTITIES) entities, so a position
/// needs [`ENTITY_BITS`] bits and the key the other 5), then the fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C)]
pub(crate) struct AdjEntry {
    /// The other end's position (low [`ENTITY_BITS`] bits) and `relation * 2 + end`, the
    /// sort key (high bits).
    packed: u32,
    /// The fact.
    pub(crate) fact: FactId,
}

// SAFETY: `#[repr(C)]` of two `u32`-sized fields (`FactId` is transparent), no padding;
// every bit pattern is a value (a key out of range is refused by the snapshot reader).
unsafe impl crate::store::column::Raw for AdjEntry {}

/// Every key (`relation * 2 + end`) fits the bits a packed entry leaves it.
const _: () = assert!(KEYS <= 1 << (32 - ENTITY_BITS));

/// The low bits of `packed`: the other end's position.
const ENTITY_MASK: u32 = (1 << ENTITY_BITS) - 1;

impl AdjEntry {
    /// The two words a snapshot stores: the packed end and key, and the fact.
    pub(crate) fn raw(&self) -> (u32, u32) {
        (self.packed, self.fact.0)
    }

    /// The entry of two stored words, as they are: the snapshot reader checks the key,
    /// the end and the fact against its graph.
    pub(crate) fn from_words((packed, fact): (u32, u32)) -> AdjEntry {
        AdjEntry {
            packed,
            fact: FactId(fact),
        }
    }

    /// What a rebuild writes into new slots before the scatter fills them.
    const FILLER: AdjEntry = AdjEntry {
        packed: 0,
        fact: FactId(0),
    };

    /// The entry of `fact` seen from one end, `other` at the other end, with `key`.
    #[inline]
    pub(crate) fn new(other: EntityId, fact: FactId, key: u8) -> AdjEntry {
        // `other` is below MAX_ENTITIES (ids are issued below it) and `key` below KEYS.
        let at = u32::try_from(other.index()).unwrap_or(ENTITY_MASK) & ENTITY_MASK;
        AdjEntry {
            packed: at | (u32::from(key) << ENTITY_BITS),
            fact,
        }
    }

    /// The entity at the other end.
    #[inline]
    pub(crate) fn other(&self) -> EntityId {
        EntityId::at(self.packed & ENTITY_MASK)
    }

    /// `relation * 2 + end`: the sort key.
    #[inline]
    pub(crate) fn key(&self) -> u8 {
        // The high 5 bits: below 32.
        (self.packed >> ENTITY_BITS) as u8
    }

    pub(crate) fn key_of(relation: Relation, end: End) -> u8 {
        (relation.slot() as u8) * 2 + end as u8
    }

    /// The relation of the fact.
    pub(crate) fn relation(&self) -> Relation {
        // The key is set only by `key_of`, so `key / 2` is a relation's slot, below
        // `Relation::ALL.len()`; this is on every neighbour walk's path.
        #[allow(clippy::indexing_slicing)]
        Relation::ALL[usize::from(self.key() / 2)]
    }

    /// Which end the owning entity stands at.
    #[inline]
    pub(crate) fn end(&self) -> End {
        if self.key() % 2 == 0 {
            End::Subject
        } else {
            End::Object
        }
    }
}

/// The adjacency index: a compressed-sparse-row base and a small delta (see the module
/// documentation).
#[derive(Debug, Clone, Default)]
pub(crate) struct Adjacency {
    /// Entity *i*'s base entries are `entries[offsets[i]..offsets[i + 1]]`; entities at
    /// `offsets.len() - 1` and beyond (added since the last rebuild) have none in the base.
    pub(crate) offsets: Column<u64>,
    pub(crate) entries: Column<AdjEntry>,
    /// Entities added, placeholders included.
    pub(crate) entities: usize,
    /// Entries of commits since the last rebuild, per entity, sorted by (key, fact).
    pub(crate) delta: IdMap<EntityId, Vec<AdjEntry>>,
    /// Entries in `delta`.
    pub(crate) delta_len: usize,
    /// For base lists of hubs, the position of their directory in `directories`: a binary
    /// search over hundreds of thousands of entries costs dozens of cache misses, a
    /// directory lookup one.
    pub(crate) hubs: IdMap<EntityId, u32>,
    pub(crate) directories: Vec<Directory>,
}

/// `starts[k]` is the offset, in the entity's base list, of the first entry with key `k`
/// or more; `starts[KEYS]` the list's length.
pub(crate) type Directory = [u32; KEYS + 1];

/// Number of keys: every relation at each end.
pub(crate) const KEYS: usize = Relation::ALL.len() * 2;

/// Base lists at least this long get a directory.
pub(crate) const DIRECTORY_FROM: usize = 256;

/// The delta may always hold this many entries, however small the base: building a small
/// graph fact by fact then rebuilds every few dozen facts, not at every one. (Smaller in
/// unit tests, so that they cross rebuilds often.)
const MIN_DELTA: usize = if cfg!(test) { 6 } else { 64 };

/// Lists up to this long are scanned (and sorted by insertion): a forward scan beats a
/// binary search's unpredictable branches on short lists (most entities).
const SHORT: usize = 32;

/// The entries of one entity in a run of keys: the base's and the delta's, each sorted by
/// (key, fact). Every delta fact is newer than every base fact.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Entries<'a> {
    base: &'a [AdjEntry],
    delta: &'a [AdjEntry],
}

impl<'a> Entries<'a> {
    /// How many entries.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.base.len() + self.delta.len()
    }

    /// The entries in (key, fact) order.
    #[inline]
    pub(crate) fn iter(&self) -> Iter<'a> {
        Iter {
            base: self.base.iter(),
            delta: self.delta,
        }
    }
}

impl<'a> IntoIterator for Entries<'a> {
    type Item = &'a AdjEntry;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The iterator of [`Entries`]: a merge of its two runs by key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Iter<'a> {
    base: std::slice::Iter<'a, AdjEntry>,
    /// The delta's entries not yet yielded: almost always none.
    delta: &'a [AdjEntry],
}

impl<'a> Iter<'a> {
    /// What is left: the base's entries and the delta's, each in (key, fact) order.
    #[inline]
    pub(crate) fn as_slices(&self) -> (&'a [AdjEntry], &'a [AdjEntry]) {
        (self.base.as_slice(), self.delta)
    }

    /// The next entry of a real merge, kept out of line so that the common case (no
    /// delta) stays a plain slice walk where it is inlined.
    #[cold]
    #[inline(never)]
    fn next_merged(&mut self) -> Option<&'a AdjEntry> {
        let (d, rest) = self.delta.split_first()?;
        match self.base.as_slice().first() {
            // On equal keys the base goes first: its facts are older.
            Some(b) if b.key() <= d.key() => self.base.next(),
            _ => {
                self.delta = rest;
                Some(d)
            }
        }
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a AdjEntry;

    #[inline]
    fn next(&mut self) -> Option<&'a AdjEntry> {
        if self.delta.is_empty() {
            self.base.next()
        } else {
            self.next_merged()
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.base.len() + self.delta.len();
        (n, Some(n))
    }

    fn fold<B, F>(self, init: B, mut f: F) -> B
    where
        F: FnMut(B, &'a AdjEntry) -> B,
    {
        if self.delta.is_empty() {
            return self.base.fold(init, f);
        }
        let mut acc = init;
        // A `for` loop calls `next`, not `fold`.
        for e in self {
            acc = f(acc, e);
        }
        acc
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl Adjacency {
    pub(crate) fn add_entity(&mut self) {
        self.entities += 1;
    }

    /// Adds the facts of a commit, in fact order, the first with id `first`: each as an
    /// entry at its subject and one at its object. Both ends must be entities added
    /// before (the batch checked them); an end that is not is skipped.
    ///
    /// Cost: a commit that would grow the delta past an eighth of the base (entries plus
    /// entities) rebuilds the base by counting sort, O(base + entities + facts); a smaller
    /// one goes to the delta, O(facts × delta degree).
    pub(crate) fn extend<I>(&mut self, first: FactId, facts: I)
    where
        I: ExactSizeIterator<Item = (EntityId, EntityId, Relation)> + Clone,
    {
        let added = facts.len().saturating_mul(2);
        if added == 0 {
            return;
        }
        let room = MIN_DELTA.max((self.entries.len() + self.entities) / 8);
        if self.delta_len.saturating_add(added) > room {
            self.rebuild(first, facts);
            return;
        }
        let mut fact = first;
        for (subject, object, relation) in facts {
            self.push_delta(
                subject,
                object,
                fact,
                AdjEntry::key_of(relation, End::Subject),
            );
            self.push_delta(
                object,
                subject,
                fact,
                AdjEntry::key_of(relation, End::Object),
            );
            fact = FactId(fact.0.wrapping_add(1));
        }
    }

    /// Adds one entry to `at`'s delta list, at the end of its key's run (its fact is the
    /// newest).
    fn push_delta(&mut self, at: EntityId, other: EntityId, fact: FactId, key: u8) {
        if at.index() >= self.entities {
            return;
        }
        let list = self.delta.entry(at).or_default();
        let pos = list.partition_point(|e| e.key() <= key);
        list.insert(pos, AdjEntry::new(other, fact, key));
        self.delta_len += 1;
    }

    /// A new base of the old base, the delta and these facts, by counting sort; the delta
    /// is then empty.
    fn rebuild<I>(&mut self, first: FactId, facts: I)
    where
        I: Iterator<Item = (EntityId, EntityId, Relation)> + Clone,
    {
        let n = self.entities;
        // 1. Each entity's degree, at `offsets[i + 1]`.
        let mut offsets = vec![0u64; n + 1];
        for ((count, start), end) in offsets
            .iter_mut()
            .skip(1)
            .zip(&self.offsets)
            .zip(self.offsets.iter().skip(1))
        {
            *count = end - start;
        }
        for (at, list) in &self.delta {
            if let Some(count) = offsets.get_mut(at.index() + 1) {
                *count += list.len() as u64;
            }
        }
        for (subject, object, _) in facts.clone() {
            for at in [subject, object] {
                if let Some(count) = offsets.get_mut(at.index() + 1) {
                    *count += 1;
                }
            }
        }
        // 2. Prefix sums: `offsets[i]` is where entity i's entries start.
        let mut sum = 0u64;
        for o in offsets.iter_mut() {
            sum += *o;
            *o = sum;
        }
        let Ok(total) = usize::try_from(sum) else {
            return;
        };
        // 3. The old base's runs move right to their new starts, in place, from the last
        // entity down: a run never lands on one not yet moved, as starts only grow.
        let old = std::mem::take(&mut self.offsets);
        self.entries
            .reserve_exact(total.saturating_sub(self.entries.len()));
        self.entries.to_mut().resize(total, AdjEntry::FILLER);
        for (i, (&start, &end)) in old.iter().zip(old.iter().skip(1)).enumerate().rev() {
            let to = offsets.get(i).copied().unwrap_or(start);
            if to != start && start <= end && to as usize + (end - start) as usize <= total {
                self.entries
                    .copy_within(start as usize..end as usize, to as usize);
            }
        }
        // 4. Where each entity's next new entry goes: after its base run.
        let mut cursor: Vec<u64> = offsets.get(..n).unwrap_or(&[]).to_vec();
        for (c, (start, end)) in cursor.iter_mut().zip(old.iter().zip(old.iter().skip(1))) {
            *c += end - start;
        }
        drop(old);
        // 5. A stable scatter: the delta (older facts first), then the new facts in order.
        let entries = &mut self.entries;
        let mut place = |at: EntityId, e: AdjEntry| {
            if let Some(c) = cursor.get_mut(at.index()) {
                if let Some(slot) = entries.get_mut(*c as usize) {
                    *slot = e;
                }
                *c += 1;
            }
        };
        for (&at, list) in &self.delta {
            for &e in list {
                place(at, e);
            }
        }
        let mut fact = first;
        for (subject, object, relation) in facts {
            let key = AdjEntry::key_of(relation, End::Subject);
            place(subject, AdjEntry::new(object, fact, key));
            let key = AdjEntry::key_of(relation, End::Object);
            place(object, AdjEntry::new(subject, fact, key));
            fact = FactId(fact.0.wrapping_add(1));
        }
        self.delta = IdMap::default();
        self.delta_len = 0;
        // 6. Each list in key order (a stable sort: within a key, base facts, then the
        // delta's, then the new ones, each ascending), and directories for hubs.
        self.hubs.clear();
        self.directories.clear();
        let mut scratch = Vec::new();
        for (i, (&start, &end)) in offsets.iter().zip(offsets.iter().skip(1)).enumerate() {
            let Some(list) = self.entries.get_mut(start as usize..end as usize) else {
                continue;
            };
            if !list.is_sorted_by_key(|e| e.key()) {
                sort_by_key(list, &mut scratch);
            }
            if list.len() >= DIRECTORY_FROM
                && let (Some(at), Ok(slot)) = (
                    EntityId::from_index(i),
                    u32::try_from(self.directories.len()),
                )
            {
                self.hubs.insert(at, slot);
                self.directories.push(directory(list));
            }
        }
        self.offsets = offsets.into();
    }

    /// `at`'s base list.
    #[inline]
    fn base(&self, at: EntityId) -> &[AdjEntry] {
        let i = at.index();
        match self.offsets.get(i..i + 2) {
            Some(&[start, end]) => self
                .entries
                .get(start as usize..end as usize)
                .unwrap_or(&[]),
            _ => &[],
        }
    }

    /// `at`'s delta list.
    #[inline]
    fn delta(&self, at: EntityId) -> &[AdjEntry] {
        if self.delta_len == 0 {
            return &[];
        }
        self.delta.get(&at).map_or(&[], Vec::as_slice)
    }

    /// All facts at `at`, sorted by relation and end.
    #[inline]
    pub(crate) fn all(&self, at: EntityId) -> Entries<'_> {
        Entries {
            base: self.base(at),
            delta: self.delta(at),
        }
    }

    /// The entries of `at` whose keys lie in `lo..hi` (a run of keys: one relation at one
    /// end, one relation at both ends, or several).
    pub(crate) fn key_range(&self, at: EntityId, lo: u8, hi: u8) -> Entries<'_> {
        let list = self.base(at);
        let base = if list.len() >= DIRECTORY_FROM
            && let Some(dir) = self
                .hubs
                .get(&at)
                .and_then(|&d| self.directories.get(d as usize))
        {
            let start = dir.get(usize::from(lo)).copied().unwrap_or(0) as usize;
            let end = dir.get(usize::from(hi)).copied().unwrap_or(0) as usize;
            list.get(start..end.max(start)).unwrap_or(&[])
        } else {
            keys_in(list, lo, hi)
        };
        Entries {
            base,
            delta: keys_in(self.delta(at), lo, hi),
        }
    }

    /// The facts of `relation` where `at` stands at `end`.
    #[cfg(test)]
    pub(crate) fn get(&self, at: EntityId, relation: Relation, end: End) -> Vec<AdjEntry> {
        let key = AdjEntry::key_of(relation, end);
        self.key_range(at, key, key + 1).iter().copied().collect()
    }

    /// Number of facts at `at` (each end counted).
    #[inline]
    pub(crate) fn degree(&self, at: EntityId) -> usize {
        // From the offsets alone: no slice of the entries is formed.
        let i = at.index();
        let base = match self.offsets.get(i..i + 2) {
            Some(&[start, end]) => end.saturating_sub(start) as usize,
            _ => 0,
        };
        base + self.delta(at).len()
    }
}

impl Adjacency {
    /// Heap bytes of the base (offsets, entries), the delta and the hub directories.
    pub(crate) fn heap_bytes(&self) -> usize {
        use super::memory::{map_bytes, vec_bytes};
        self.offsets.heap_bytes()
            + self.entries.heap_bytes()
            + map_bytes(&self.delta)
            + self.delta.values().map(vec_bytes).sum::<usize>()
            + map_bytes(&self.hubs)
            + vec_bytes(&self.directories)
    }
}

/// The entries of a list sorted by key whose keys lie in `lo..hi`.
#[inline]
fn keys_in(list: &[AdjEntry], lo: u8, hi: u8) -> &[AdjEntry] {
    if list.len() <= SHORT {
        let start = list
            .iter()
            .position(|e| e.key() >= lo)
            .unwrap_or(list.len());
        let rest = list.get(start..).unwrap_or(&[]);
        let len = rest
            .iter()
            .position(|e| e.key() >= hi)
            .unwrap_or(rest.len());
        return rest.get(..len).unwrap_or(&[]);
    }
    let start = list.partition_point(|e| e.key() < lo);
    let rest = list.get(start..).unwrap_or(&[]);
    let len = rest.partition_point(|e| e.key() < hi);
    rest.get(..len).unwrap_or(&[])
}

/// Sorts a list by key, stably: insertion for short lists, a counting sort through
/// `scratch` for long ones (keys are below [`KEYS`]).
fn sort_by_key(list: &mut [AdjEntry], scratch: &mut Vec<AdjEntry>) {
    if list.len() <= SHORT {
        for i in 1..list.len() {
            let mut j = i;
            while j > 0 {
                match (list.get(j - 1), list.get(j)) {
                    (Some(a), Some(b)) if a.key() > b.key() => list.swap(j - 1, j),
                    _ => break,
                }
                j -= 1;
            }
        }
        return;
    }
    let mut starts = [0usize; KEYS + 1];
    for e in list.iter() {
        if let Some(s) = starts.get_mut(usize::from(e.key()) + 1) {
            *s += 1;
        }
    }
    let mut sum = 0;
    for s in starts.iter_mut() {
        sum += *s;
        *s = sum;
    }
    scratch.clear();
    scratch.extend_from_slice(list);
    for e in scratch.iter() {
        if let Some(s) = starts.get_mut(usize::from(e.key())) {
            if let Some(slot) = list.get_mut(*s) {
                *slot = *e;
            }
            *s += 1;
        }
    }
}

/// The directory of a list sorted by key.
fn directory(list: &[AdjEntry]) -> Directory {
    let mut dir: Directory = [0; KEYS + 1];
    for e in list {
        if let Some(d) = dir.get_mut(usize::from(e.key()) + 1) {
            *d += 1;
        }
    }
    let mut sum = 0;
    for d in dir.iter_mut() {
        sum += *d;
        *d = sum;
    }
    dir
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A made-up fact: subject, object, relation.
    type Triple = (EntityId, EntityId, Relation);

    fn adjacency(entities: usize) -> Adjacency {
        let mut a = Adjacency::default();
        for _ in 0..entities {
            a.add_entity();
        }
        a
    }

    /// Commits `facts` as one batch, numbered from `*next` on.
    fn commit(a: &mut Adjacency, next: &mut u32, facts: &[Triple]) {
        a.extend(FactId(*next), facts.iter().copied());
        *next += facts.len() as u32;
    }

    #[test]
    fn stays_sorted_under_small_and_bulk_inserts() {
        let mut a = adjacency(2);
        let (x, y) = (EntityId::at(0), EntityId::at(1));
        let rels = [
            Relation::Met,
            Relation::PartOf,
            Relation::Met,
            Relation::Hosted,
        ];
        let mut next = 0;
        for r in rels {
            commit(&mut a, &mut next, &[(x, y, r)]);
        }
        let bulk: Vec<Triple> = (4..40).map(|i| (y, x, rels[i % 4])).collect();
        commit(&mut a, &mut next, &bulk);
        let met_out: Vec<u32> = a
            .get(x, Relation::Met, End::Subject)
            .iter()
            .map(|e| e.fact.0)
            .collect();
        assert_eq!(met_out, [0, 2]);
        let met_in = a.get(x, Relation::Met, End::Object);
        assert_eq!(met_in.len(), 18);
        assert!(met_in.windows(2).all(|w| w[0].fact < w[1].fact));
        let y_met_in: Vec<u32> = a
            .get(y, Relation::Met, End::Object)
            .iter()
            .map(|e| e.fact.0)
            .collect();
        assert_eq!(y_met_in, [0, 2]);
        assert!(
            a.get(EntityId::at(9), Relation::Met, End::Subject)
                .is_empty()
        );
        assert_eq!(a.degree(x), 40);
        let first = a.all(x).iter().next().copied().unwrap();
        assert_eq!(first.relation(), Relation::Met);
        assert_eq!(first.end(), End::Subject);
    }

    #[test]
    fn key_ranges_agree_with_a_filter_for_every_list_length() {
        for n in [0u32, 1, 2, 5, 31, 32, 33, 64, 255, 256, 300] {
            // Once in one commit (the base), once a fact at a time (base and delta).
            for one_by_one in [false, true] {
                let mut a = adjacency(1);
                let x = EntityId::at(0);
                let facts: Vec<Triple> = (0..n)
                    .map(|i| {
                        let r = Relation::ALL[(i as usize * 5) % Relation::ALL.len()];
                        (x, x, r)
                    })
                    .collect();
                let mut next = 0;
                if one_by_one {
                    for f in &facts {
                        commit(&mut a, &mut next, std::slice::from_ref(f));
                    }
                } else {
                    commit(&mut a, &mut next, &facts);
                }
                assert_eq!(a.degree(x), 2 * n as usize);
                assert_key_ranges_match_a_filter(&a, x);
            }
        }
    }

    /// Every run of keys `lo..hi` that `key_range` returns is what filtering the whole
    /// list gives, and the whole list is in (key, fact) order.
    fn assert_key_ranges_match_a_filter(a: &Adjacency, x: EntityId) {
        let list: Vec<AdjEntry> = a.all(x).iter().copied().collect();
        assert!(list.is_sorted_by_key(|e| (e.key(), e.fact)));
        for lo in 0..=KEYS as u8 {
            for hi in lo..=KEYS as u8 {
                let want: Vec<AdjEntry> = list
                    .iter()
                    .filter(|e| e.key() >= lo && e.key() < hi)
                    .copied()
                    .collect();
                let got: Vec<AdjEntry> = a.key_range(x, lo, hi).iter().copied().collect();
                assert_eq!(got, want, "{} entries, {lo}..{hi}", list.len());
                assert_eq!(a.key_range(x, lo, hi).len(), want.len());
            }
        }
    }

    #[test]
    fn long_lists_use_a_directory_that_agrees_with_search() {
        let mut a = adjacency(2);
        let (x, y) = (EntityId::at(0), EntityId::at(1));
        let mut next = 0;
        let mut batch = Vec::new();
        for i in 0..1000usize {
            let r = Relation::ALL[(i * 7) % Relation::ALL.len()];
            batch.push(if i % 3 == 0 { (y, x, r) } else { (x, y, r) });
            if i % 100 == 0 {
                // Single commits (to the delta) and bulk ones (rebuilds) alternate.
                commit(&mut a, &mut next, &batch);
                batch.clear();
            }
        }
        commit(&mut a, &mut next, &batch);
        assert!(a.hubs.contains_key(&x));
        assert_key_ranges_match_a_filter(&a, x);
        assert_key_ranges_match_a_filter(&a, y);
    }

    #[test]
    fn entities_added_after_the_base_and_unknown_ends() {
        let mut a = adjacency(2);
        let mut next = 0;
        let (x, y, z) = (EntityId::at(0), EntityId::at(1), EntityId::at(2));
        let bulk: Vec<Triple> = (0..20).map(|_| (x, y, Relation::Met)).collect();
        commit(&mut a, &mut next, &bulk);
        // z is not an entity yet: its end is skipped, the other end kept.
        commit(&mut a, &mut next, &[(x, z, Relation::Met)]);
        assert_eq!((a.degree(x), a.degree(z)), (21, 0));
        a.add_entity();
        commit(&mut a, &mut next, &[(z, y, Relation::Hosted)]);
        assert_eq!(a.degree(z), 1);
        // A bulk commit folds the delta in; z, past the old base, gets a base list.
        let bulk: Vec<Triple> = (0..40).map(|_| (z, x, Relation::Met)).collect();
        commit(&mut a, &mut next, &bulk);
        assert_eq!(a.delta_len, 0);
        assert_eq!((a.degree(x), a.degree(y), a.degree(z)), (61, 21, 41));
        for at in [x, y, z] {
            assert_key_ranges_match_a_filter(&a, at);
        }
    }

    /// The naive model: per entity, every entry, sorted by (key, fact).
    fn model(entities: usize, facts: &[Triple]) -> Vec<Vec<AdjEntry>> {
        let mut lists = vec![Vec::new(); entities];
        for (i, &(s, o, r)) in facts.iter().enumerate() {
            let fact = FactId(i as u32);
            for (at, other, end) in [(s, o, End::Subject), (o, s, End::Object)] {
                if let Some(list) = lists.get_mut(at.index()) {
                    list.push(AdjEntry::new(other, fact, AdjEntry::key_of(r, end)));
                }
            }
        }
        for list in &mut lists {
            list.sort_by_key(|e| (e.key(), e.fact));
        }
        lists
    }

    /// A made-up commit: new entities first, then facts among the first `ends` entities
    /// by position (taken modulo the entities there are).
    #[derive(Debug, Clone)]
    struct Commit {
        new_entities: usize,
        facts: Vec<(usize, usize, usize)>,
    }

    fn commit_strategy() -> impl Strategy<Value = Commit> {
        let fact = (0usize..64, 0usize..64, 0usize..Relation::ALL.len());
        (
            0usize..4,
            prop_oneof![
                3 => proptest::collection::vec(fact.clone(), 0..4),
                1 => proptest::collection::vec(fact, 0..120),
            ],
        )
            .prop_map(|(new_entities, facts)| Commit {
                new_entities,
                facts,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any sequence of single adds and bulk commits, with entities added between
        /// them, leaves every list and every key range as the naive model has them.
        #[test]
        fn agrees_with_a_naive_model(commits in proptest::collection::vec(commit_strategy(), 1..30)) {
            let mut a = adjacency(1);
            let mut entities = 1;
            let mut all: Vec<Triple> = Vec::new();
            let mut next = 0;
            for c in &commits {
                for _ in 0..c.new_entities {
                    a.add_entity();
                }
                entities += c.new_entities;
                let batch: Vec<Triple> = c
                    .facts
                    .iter()
                    .map(|&(s, o, r)| {
                        (
                            EntityId::at((s % entities) as u32),
                            EntityId::at((o % entities) as u32),
                            Relation::ALL[r],
                        )
                    })
                    .collect();
                commit(&mut a, &mut next, &batch);
                all.extend(batch);
            }
            let want = model(entities, &all);
            for (i, list) in want.iter().enumerate() {
                let at = EntityId::at(i as u32);
                let got: Vec<AdjEntry> = a.all(at).iter().copied().collect();
                prop_assert_eq!(&got, list);
                prop_assert_eq!(a.degree(at), list.len());
                for (lo, hi) in [(0u8, 1u8), (0, 2), (3, 9), (2, 3), (0, KEYS as u8), (31, 32)] {
                    let got: Vec<AdjEntry> = a.key_range(at, lo, hi).iter().copied().collect();
                    let want: Vec<AdjEntry> =
                        list.iter().filter(|e| e.key() >= lo && e.key() < hi).copied().collect();
                    prop_assert_eq!(got, want);
                }
            }
        }
    }
}
