//! The facts, stored as columns.
//!
//! Fact *n* is row *n* of every column. The dense columns hold what every fact has and
//! what filters read: relation, modality, date, subject, object, and the number of its
//! attribution set. Qualifiers few facts carry (place, recipient, role, note, valid time)
//! live in sparse columns: sorted fact numbers beside their values, so a fact without
//! them costs nothing.
//!
//! Attributions are pooled by *set*: a fact stores the number of its list of attributions,
//! and facts with equal lists share one copy. Facts drawn from one report through one
//! outlet on one day usually carry the same list, so a corpus pays for each list once. A
//! bulk commit deduplicates through a table that lives only for the commit (a permanent
//! table would cost about 20 bytes per distinct list); a single added fact is compared
//! with the previous fact's list, the common case of a report coded fact by fact.
//!
//! Roles are pooled the same way, with a permanent table: there are few distinct titles.
//!
//! Memory per fact: 22 bytes of dense columns, 4 bytes of set offset and the
//! attributions of each distinct list (24 bytes each), and 8 bytes plus the value for
//! each sparse qualifier it has.

use crate::store::column::Column;
use std::collections::HashMap;
use std::hash::BuildHasher;

use super::attributions::{AttributionPool, AttributionView, Attributions};
use super::date_pool::DatePool;
use super::sparse::{Sparse, trim};
use crate::model::attribution::Attribution;
use crate::model::date::FactDate;
use crate::model::fact::{Fact, Role};
use crate::model::ids::{EntityId, FactId};
use crate::model::modality::Modality;
use crate::model::recurrence::Recurrence;
use crate::model::relation::Relation;
use crate::model::source_list::SourceList;
use std::num::NonZeroU32;

/// The facts of a graph, as columns (see the module documentation).
#[derive(Debug, Clone, Default)]
pub(crate) struct FactColumns {
    pub(crate) relation: Vec<Relation>,
    pub(crate) modality: Vec<Modality>,
    /// Per fact, the number of its date in `dates`.
    pub(crate) date: Column<u32>,
    /// The distinct dates of the facts.
    pub(crate) dates: DatePool,
    pub(crate) subject: Vec<EntityId>,
    pub(crate) object: Vec<EntityId>,
    /// Per fact, its attribution set.
    pub(crate) set: Column<u32>,
    /// The attribution lists the facts name.
    pub(crate) pool: AttributionPool,
    pub(crate) place: Sparse<EntityId>,
    pub(crate) recipient: Sparse<EntityId>,
    pub(crate) role: Sparse<u32>,
    pub(crate) roles: Vec<Role>,
    /// Role content hash → role number. A hash collision only stores a role twice.
    pub(crate) role_ids: HashMap<u64, u32>,
    pub(crate) note: Sparse<Box<str>>,
    pub(crate) valid: Sparse<FactDate>,
    /// Recurrence and edition (issue 19): rare, so sparse like the other qualifiers.
    pub(crate) recurrence: Sparse<Recurrence>,
    pub(crate) edition: Sparse<NonZeroU32>,
}

/// Finds equal attribution lists among those staged recently: a direct-mapped table
/// from content hash to set number, of fixed size (512 KiB), where a newer list takes the
/// slot of an older one. Facts that share a list (one report, one outlet, one day) are
/// usually coded together, so a small table finds most sharing (it starts at 8 KiB and
/// grows once, so a small transaction does not pay for the full size); an exact table would cost
/// about 20 bytes per distinct list, 2–3 GB at 100 million facts.
#[derive(Debug, Clone)]
pub(crate) struct SetTable {
    /// Per slot: set number + 1 (0 is empty) and the low half of the list's hash, so that
    /// a slot another list took costs no comparison.
    slots: Box<[(u32, u32)]>,
    /// The hash of the list staged last.
    last_hash: Option<u64>,
}

const SET_SLOTS: usize = 1 << 16;
const SMALL_SLOTS: usize = 1 << 10;
// `SetTable::at` masks: both sizes must be powers of two.
const _: () = assert!(SET_SLOTS.is_power_of_two() && SMALL_SLOTS.is_power_of_two());

impl Default for SetTable {
    /// No slots yet: a batch of one fact (every `add_fact`) never allocates them.
    fn default() -> Self {
        SetTable {
            slots: Box::default(),
            last_hash: None,
        }
    }
}

impl SetTable {
    fn slot(hash: u64) -> usize {
        (hash >> 48) as usize % SET_SLOTS
    }

    /// Where `hash` goes in a table of `len` slots, a power of two: a mask, where a
    /// remainder by a length not known at compile time is a division on every fact.
    fn at(hash: u64, len: usize) -> usize {
        Self::slot(hash) & len.wrapping_sub(1)
    }

    fn get(&self, hash: u64) -> Option<u32> {
        let (v, tag) = self.slots.get(Self::at(hash, self.slots.len())).copied()?;
        if tag != hash as u32 {
            return None;
        }
        v.checked_sub(1)
    }

    /// The hash of `sources` and what the table holds for it, read ahead of staging the
    /// fact (see [`FactColumns::push_probed`]).
    pub(crate) fn probe(&self, sources: &[Attribution]) -> Probe {
        let hash = content_hash(sources);
        Probe {
            hash,
            found: self.get(hash),
        }
    }

    fn set(&mut self, hash: u64, set: u32) {
        // Small at first (8 KiB), full size once a batch has staged thousands of lists: a
        // transaction of a few facts does not pay for 512 KiB.
        if self.slots.is_empty() || (set >= 8 * SMALL_SLOTS as u32 && self.slots.len() < SET_SLOTS)
        {
            let n = if self.slots.is_empty() {
                SMALL_SLOTS
            } else {
                SET_SLOTS
            };
            self.slots = vec![(0, 0); n].into_boxed_slice();
        }
        let at = Self::at(hash, self.slots.len());
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = (set.saturating_add(1), hash as u32);
        }
    }
}

/// An attribution list's hash and the set the [`SetTable`] held under it when probed.
/// The table's slot is the one likely cache miss of staging a fact: a batch probes it
/// before validating the fact, so that the miss overlaps the checks' own reads rather
/// than following them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Probe {
    hash: u64,
    found: Option<u32>,
}

/// The content hash of attribution lists and roles. The seed is fixed, so which lists
/// share a copy does not vary between runs; a collision (even a forged one) only means
/// a list is stored twice, since equality is checked before sharing.
fn content_hash<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    foldhash::fast::FixedState::with_seed(0x5eed_fac7).hash_one(value)
}

impl FactColumns {
    /// The attribution lists (for the tables of the time views).
    pub(crate) fn pool(&self) -> &AttributionPool {
        &self.pool
    }

    /// Number of facts.
    pub(crate) fn len(&self) -> usize {
        self.relation.len()
    }

    /// Number of attributions stored (after sharing).
    pub(crate) fn attribution_count(&self) -> usize {
        self.pool.len()
    }

    /// Grows every dense column once for `n` more facts, and the pool for up to
    /// `attributions` more (what sharing saves is given back by [`settle`](Self::settle)).
    pub(crate) fn reserve(&mut self, n: usize, attributions: usize) {
        self.pool.reserve(n, attributions);
        self.relation.reserve(n);
        self.modality.reserve(n);
        self.date.reserve(n);
        self.subject.reserve(n);
        self.object.reserve(n);
        self.set.reserve(n);
    }

    /// After a bulk load into an empty graph: gives back spare room in a column when it is
    /// more than an eighth of its length (staging grows columns by doubling; a smaller
    /// slack is kept for later additions rather than copied away). Not after appending to
    /// a graph: shrinking there would copy the whole column on every commit.
    fn settle(&mut self) {
        trim(&mut self.relation);
        trim(&mut self.modality);
        self.date.trim();
        trim(&mut self.subject);
        trim(&mut self.object);
        self.set.trim();
        self.pool.trim();
        self.place.trim();
        self.recipient.trim();
        self.role.trim();
        self.note.trim();
        self.valid.trim();
        self.recurrence.trim();
        self.edition.trim();
    }

    /// Appends the facts of `other` after these: its sets, sparse rows and roles are
    /// renumbered. When this is empty, `other`'s columns are taken as they are (a bulk load
    /// into an empty graph copies nothing) and their spare room given back.
    pub(crate) fn append(&mut self, other: FactColumns) {
        if self.len() == 0 && self.roles.is_empty() {
            *self = other;
            self.settle();
            return;
        }
        let rows = self.len() as u32;
        let FactColumns {
            relation,
            modality,
            date,
            dates,
            subject,
            object,
            set,
            pool,
            place,
            recipient,
            role,
            roles,
            role_ids: _,
            note,
            valid,
            recurrence,
            edition,
        } = other;
        self.relation.extend(relation);
        self.modality.extend(modality);
        let renumbered = self.dates.absorb(&dates);
        self.date.extend(
            date.iter()
                .map(|k| renumbered.get(*k as usize).copied().unwrap_or(*k)),
        );
        self.subject.extend(subject);
        self.object.extend(object);
        let lists = self.pool.append(pool);
        self.set.extend(set.into_iter().map(|k| k + lists));
        self.place.append(place, rows);
        self.recipient.append(recipient, rows);
        let renumbered: Vec<u32> = roles.into_iter().map(|r| self.intern_role(r)).collect();
        let role = Sparse {
            rows: role.rows,
            values: role
                .values
                .into_iter()
                .map(|k| renumbered.get(k as usize).copied().unwrap_or(k))
                .collect(),
        };
        self.role.append(role, rows);
        self.note.append(note, rows);
        self.valid.append(valid, rows);
        self.recurrence.append(recurrence, rows);
        self.edition.append(edition, rows);
    }

    /// The set number for `sources`: an equal earlier list (the previous fact's, or one the
    /// table has seen), or a new set.
    fn intern_set(
        &mut self,
        sources: SourceList,
        table: Option<&mut SetTable>,
        probe: Option<Probe>,
    ) -> u32 {
        let last = self.set.last().copied();
        let Some(t) = table else {
            // One fact alone: compared with the previous fact's list.
            if let Some(last) = last
                && self.pool.list(last) == *sources
            {
                return last;
            }
            return self.pool.push(sources);
        };
        // In a batch the hash decides which list to compare with (the previous fact's, or
        // the one in the table's slot), so a list shared with neither costs no comparison.
        let probe = probe.unwrap_or_else(|| t.probe(&sources));
        let h = probe.hash;
        let candidate = if t.last_hash == Some(h) {
            last
        } else {
            probe.found
        };
        t.last_hash = Some(h);
        if let Some(k) = candidate
            && self.pool.list(k) == *sources
        {
            t.set(h, k);
            return k;
        }
        let k = self.pool.push(sources);
        t.set(h, k);
        k
    }

    /// Rebuilds the role table's lookup from `roles` (after a snapshot filled them).
    pub(crate) fn index_roles(&mut self) {
        self.role_ids.clear();
        for (k, role) in self.roles.iter().enumerate() {
            self.role_ids.entry(content_hash(role)).or_insert(k as u32);
        }
    }

    fn intern_role(&mut self, role: Role) -> u32 {
        let h = content_hash(&role);
        if let Some(&k) = self.role_ids.get(&h)
            && self.roles.get(k as usize) == Some(&role)
        {
            return k;
        }
        let k = self.roles.len() as u32;
        self.roles.push(role);
        self.role_ids.entry(h).or_insert(k);
        k
    }

    /// Appends a fact as the next row; `table` shares attribution lists across a commit.
    pub(crate) fn push(&mut self, fact: Fact, table: Option<&mut SetTable>) -> FactId {
        self.push_probed(fact, table, None)
    }

    /// [`push`](Self::push), with the attribution list's probe of `table` made already
    /// (by [`SetTable::probe`] on the same table, unchanged since).
    pub(crate) fn push_probed(
        &mut self,
        fact: Fact,
        table: Option<&mut SetTable>,
        probe: Option<Probe>,
    ) -> FactId {
        let row = self.len() as u32;
        let Fact {
            relation,
            modality,
            date,
            subject,
            object,
            sources,
            extra,
        } = fact;
        self.relation.push(relation);
        self.modality.push(modality);
        let date = self.dates.intern(date);
        self.date.push(date);
        self.subject.push(subject);
        self.object.push(object);
        let set = self.intern_set(sources, table, probe);
        self.set.push(set);
        if let Some(extra) = extra {
            let extra = *extra;
            if let Some(p) = extra.place {
                self.place.push(row, p);
            }
            if let Some(r) = extra.recipient {
                self.recipient.push(row, r);
            }
            if let Some(role) = extra.role {
                let k = self.intern_role(role);
                self.role.push(row, k);
            }
            if let Some(note) = extra.note {
                self.note.push(row, note);
            }
            if !extra.valid.is_unknown() {
                self.valid.push(row, extra.valid);
            }
            if let Some(r) = extra.recurrence {
                self.recurrence.push(row, r);
            }
            if let Some(e) = extra.edition {
                self.edition.push(row, e);
            }
        }
        FactId(row)
    }

    /// Replaces the qualifiers and attributions of the fact at `id` with `fact`'s, which
    /// makes the same statement (relation, ends, modality) on the same date: the dense
    /// columns the indexes read do not change. The old attribution list stays in the pool
    /// (other facts may share it). Returns `false`, changing nothing, when `fact` differs
    /// in what the indexes read or `id` is past the end.
    pub(crate) fn replace(&mut self, id: FactId, fact: Fact) -> bool {
        let row = id.0;
        let Some(old) = self.get(id.index()) else {
            return false;
        };
        if old.relation() != fact.relation
            || old.subject() != fact.subject
            || old.object() != fact.object
            || old.modality() != fact.modality
            || old.date() != fact.date
        {
            return false;
        }
        let Fact { sources, extra, .. } = fact;
        let set = self.pool.push(sources);
        if let Some(slot) = self.set.get_mut(id.index()) {
            *slot = set;
        }
        let extra = extra.map(|e| *e).unwrap_or_default();
        self.place.set(row, extra.place);
        self.recipient.set(row, extra.recipient);
        let role = extra.role.map(|r| self.intern_role(r));
        self.role.set(row, role);
        self.note.set(row, extra.note);
        self.valid
            .set(row, Some(extra.valid).filter(|v| !v.is_unknown()));
        self.recurrence.set(row, extra.recurrence);
        self.edition.set(row, extra.edition);
        true
    }

    /// The fact at `id`, if there is one.
    #[inline]
    pub(crate) fn get(&self, index: usize) -> Option<FactView<'_>> {
        let id = FactId(u32::try_from(index).ok()?);
        (index < self.len()).then_some(FactView { columns: self, id })
    }

    /// The fact at `id`, unchecked: for ids valid by construction. A row past the end
    /// reads fallback values rather than panicking.
    #[inline]
    pub(crate) fn view(&self, id: FactId) -> FactView<'_> {
        FactView { columns: self, id }
    }

    /// Every fact, in id order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = FactView<'_>> + '_ {
        (0..self.len() as u32).map(move |row| FactView {
            columns: self,
            id: FactId(row),
        })
    }
}

impl FromIterator<Fact> for FactColumns {
    /// Unchecked: for facts already valid against the graph they will go into.
    fn from_iter<I: IntoIterator<Item = Fact>>(iter: I) -> Self {
        let mut columns = FactColumns::default();
        let mut table = SetTable::default();
        for f in iter {
            columns.push(f, Some(&mut table));
        }
        columns
    }
}

impl PartialEq for FactColumns {
    /// The same facts in the same order, whichever lists were shared.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

/// A fact of a graph, borrowed from its columns: the same accessors as [`Fact`], which
/// [`to_fact`](Self::to_fact) makes a copy of.
///
/// ```
/// use factgraph::datasets;
/// let g = datasets::edm_2004_v1_i133();
/// let f = g.facts().next().map(|f| f.fact());
/// let owned = f.map(|f| f.to_fact());
/// assert_eq!(owned.map(|o| o.relation()), f.map(|f| f.relation()));
/// ```
#[derive(Clone, Copy)]
pub struct FactView<'g> {
    columns: &'g FactColumns,
    id: FactId,
}

impl std::fmt::Debug for FactView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FactView")
            .field("id", &self.id)
            .field("relation", &self.relation())
            .field("subject", &self.subject())
            .field("object", &self.object())
            .field("date", &self.date())
            .field("modality", &self.modality())
            .finish_non_exhaustive()
    }
}

impl PartialEq for FactView<'_> {
    /// Equal content (not the same row).
    fn eq(&self, other: &Self) -> bool {
        self.relation() == other.relation()
            && self.modality() == other.modality()
            && self.date() == other.date()
            && self.subject() == other.subject()
            && self.object() == other.object()
            && self.sources() == other.sources()
            && self.place() == other.place()
            && self.recipient() == other.recipient()
            && self.role() == other.role()
            && self.note() == other.note()
            && self.valid() == other.valid()
            && self.recurrence() == other.recurrence()
            && self.edition_number() == other.edition_number()
    }
}

impl Eq for FactView<'_> {}

impl PartialEq<Fact> for FactView<'_> {
    fn eq(&self, other: &Fact) -> bool {
        self.relation() == other.relation()
            && self.modality() == other.modality()
            && self.date() == other.date()
            && self.subject() == other.subject()
            && self.object() == other.object()
            && self.sources() == *other.sources()
            && self.place() == other.place()
            && self.recipient() == other.recipient()
            && self.role() == other.role()
            && self.note() == other.note()
            && self.valid() == other.valid()
            && self.recurrence() == other.recurrence()
            && self.edition_number() == other.edition_number()
    }
}

impl<'g> FactView<'g> {
    /// The id.
    #[inline]
    pub fn id(&self) -> FactId {
        self.id
    }

    /// The id, borrowed: petgraph's edge weight.
    pub(crate) fn id_ref(&self) -> &FactId {
        &self.id
    }

    #[inline]
    fn row(&self) -> u32 {
        self.id.0
    }

    /// This fact's cell of a dense column. Rows are checked when a view is made, so the
    /// fallback is never read.
    #[inline]
    fn cell<T: Copy>(&self, column: &[T], fallback: T) -> T {
        column.get(self.row() as usize).copied().unwrap_or(fallback)
    }

    /// The relation.
    #[inline]
    pub fn relation(&self) -> Relation {
        self.cell(&self.columns.relation, Relation::Met)
    }

    /// Reported, planned, intended, proposed or claimed.
    #[inline]
    pub fn modality(&self) -> Modality {
        self.cell(&self.columns.modality, Modality::Reported)
    }

    /// The date of the fact itself.
    #[inline]
    pub fn date(&self) -> FactDate {
        let k = self.cell(&self.columns.date, u32::MAX);
        self.columns.dates.get(k)
    }

    /// The subject.
    #[inline]
    pub fn subject(&self) -> EntityId {
        self.cell(&self.columns.subject, EntityId::at(0))
    }

    /// The object.
    #[inline]
    pub fn object(&self) -> EntityId {
        self.cell(&self.columns.object, EntityId::at(0))
    }

    /// The attributions, in the order given.
    pub fn sources(&self) -> Attributions<'g> {
        let columns = self.columns;
        let k = columns
            .set
            .get(self.row() as usize)
            .copied()
            .unwrap_or(u32::MAX);
        columns.pool.list(k)
    }

    /// Where it happened.
    pub fn place(&self) -> Option<EntityId> {
        self.columns.place.get(self.row()).copied()
    }

    /// Who receives (for `supplies`).
    pub fn recipient(&self) -> Option<EntityId> {
        self.columns.recipient.get(self.row()).copied()
    }

    /// Title and rank (for `holds_position`).
    pub fn role(&self) -> Option<&'g Role> {
        let columns = self.columns;
        columns
            .role
            .get(self.row())
            .and_then(|&k| columns.roles.get(k as usize))
    }

    /// The free-text note.
    pub fn note(&self) -> Option<&'g str> {
        self.columns.note.get(self.row()).map(|n| &**n)
    }

    /// The valid time, if given.
    pub fn valid(&self) -> Option<FactDate> {
        self.columns.valid.get(self.row()).copied()
    }

    /// How often the fact comes back, if it recurs (its date is then the series' span).
    pub fn recurrence(&self) -> Option<Recurrence> {
        self.columns.recurrence.get(self.row()).copied()
    }

    /// The edition's ordinal in its series, as the coder wrote it (`part_of` only).
    pub fn edition_number(&self) -> Option<NonZeroU32> {
        self.columns.edition.get(self.row()).copied()
    }

    /// The quantities the fact's reports give, each with the attribution that gave it.
    pub fn quantities(
        &self,
    ) -> impl Iterator<Item = (AttributionView<'g>, &'g crate::model::quantity::Quantity)> + 'g
    {
        self.sources()
            .iter()
            .flat_map(|a| a.quantities().iter().map(move |q| (a, q)))
    }

    /// The other end of the fact seen from `id`, if `id` is one of its ends.
    pub fn other_end(&self, id: EntityId) -> Option<EntityId> {
        let (s, o) = (self.subject(), self.object());
        if s == id {
            Some(o)
        } else if o == id {
            Some(s)
        } else {
            None
        }
    }

    /// Whether the coder inferred the fact from every report it has (no report states it
    /// outright). A fact with no attributions is not inferred.
    pub fn is_inferred(&self) -> bool {
        let sources = self.sources();
        !sources.is_empty() && sources.iter().all(|a| !a.is_stated())
    }

    /// Whether at least one report states the fact outright, or it has no attributions.
    pub fn is_stated(&self) -> bool {
        !self.is_inferred()
    }

    /// Every entity the fact refers to: ends, place, recipient, sources and speakers.
    pub fn referenced_entities(&self) -> impl Iterator<Item = EntityId> + 'g {
        [
            Some(self.subject()),
            Some(self.object()),
            self.place(),
            self.recipient(),
        ]
        .into_iter()
        .flatten()
        .chain(
            self.sources()
                .iter()
                .flat_map(|a| std::iter::once(a.source()).chain(a.speaker())),
        )
    }

    /// An owned copy of the fact, to add to another graph or keep.
    pub fn to_fact(&self) -> Fact {
        let mut f = Fact::new(self.relation(), self.subject(), self.object())
            .on(self.date())
            .with_modality(self.modality())
            .with_sources(self.sources().iter().map(|a| a.to_attribution()));
        if let Some(p) = self.place() {
            f = f.at(p);
        }
        if let Some(r) = self.recipient() {
            f = f.to(r);
        }
        if let Some(role) = self.role() {
            f = f.with_role(role.clone());
        }
        if let Some(n) = self.note() {
            f = f.with_note(n);
        }
        if let Some(v) = self.valid() {
            f = f.valid_during(v);
        }
        if let Some(r) = self.recurrence() {
            f = f.recurring(r);
        }
        if let Some(e) = self.edition_number() {
            f = f.edition(e);
        }
        f
    }
}

/// Serialized as the [`Fact`] it is a view of.
#[cfg(feature = "serde")]
impl serde::Serialize for FactView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_fact().serialize(serializer)
    }
}

impl FactColumns {
    /// Heap bytes of every column, the pools and the strings they own.
    pub(crate) fn heap_bytes(&self) -> usize {
        use super::memory::{map_bytes, vec_bytes};
        vec_bytes(&self.relation)
            + vec_bytes(&self.modality)
            + self.date.heap_bytes()
            + self.dates.heap_bytes()
            + vec_bytes(&self.subject)
            + vec_bytes(&self.object)
            + self.set.heap_bytes()
            + self.pool.heap_bytes()
            + self.place.heap_bytes()
            + self.recipient.heap_bytes()
            + self.role.heap_bytes()
            + vec_bytes(&self.roles)
            + self
                .roles
                .iter()
                .map(|r| r.title.capacity() + r.rank.as_ref().map_or(0, String::capacity))
                .sum::<usize>()
            + map_bytes(&self.role_ids)
            + self.note.heap_bytes()
            + self.note.values.iter().map(|n| n.len()).sum::<usize>()
            + self.valid.heap_bytes()
            + self.recurrence.heap_bytes()
            + self.edition.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::EntityId;

    fn made_up(i: u32, source: u32) -> Fact {
        // Made-up data.
        Fact::new(Relation::Met, EntityId::at(i), EntityId::at(i + 1))
            .with_source(Attribution::new(EntityId::at(source)))
    }

    #[test]
    fn equal_lists_share_one_copy_and_read_back() {
        let mut c = FactColumns::default();
        let mut t = SetTable::default();
        for i in 0..10 {
            c.push(made_up(i, i % 2), Some(&mut t));
        }
        assert_eq!(c.len(), 10);
        assert_eq!(c.attribution_count(), 2);
        for (i, v) in c.iter().enumerate() {
            assert_eq!(v, made_up(i as u32, i as u32 % 2));
            assert_eq!(v.to_fact(), made_up(i as u32, i as u32 % 2));
        }
    }

    #[test]
    fn single_adds_share_with_the_previous_fact_only() {
        let mut c = FactColumns::default();
        for s in [0, 0, 1, 0] {
            c.push(made_up(0, s), None);
        }
        assert_eq!(c.attribution_count(), 3);
    }

    #[test]
    fn sparse_qualifiers_and_roles() {
        let mut c = FactColumns::default();
        let role = Role::new("Minister").with_rank("General");
        let a = Fact::new(Relation::HoldsPosition, EntityId::at(1), EntityId::at(2))
            .with_role(role.clone())
            .with_note("made up")
            .valid_during(FactDate::year(2001).unwrap_or(FactDate::UNKNOWN));
        let b = Fact::new(Relation::Met, EntityId::at(1), EntityId::at(3)).at(EntityId::at(4));
        c.push(a.clone(), None);
        c.push(b.clone(), None);
        c.push(a.clone(), None);
        assert_eq!(c.roles.len(), 1);
        let got: Vec<Fact> = c.iter().map(|v| v.to_fact()).collect();
        assert_eq!(got, vec![a.clone(), b.clone(), a]);
        assert_eq!(c.get(1).and_then(|v| v.place()), Some(EntityId::at(4)));
        assert_eq!(c.get(1).and_then(|v| v.role()), None);
        assert!(c.get(3).is_none());
    }

    #[test]
    fn append_renumbers_sets_rows_and_roles() {
        // Made-up data.
        let holds = |p: u32, title: &str| {
            Fact::new(Relation::HoldsPosition, EntityId::at(p), EntityId::at(9))
                .with_role(Role::new(title))
                .with_source(Attribution::new(EntityId::at(p % 2)))
        };
        let met = |p: u32| made_up(p, 7).at(EntityId::at(8)).with_note("made up");
        let first = vec![holds(1, "Minister"), met(2), holds(3, "Deputy")];
        let second = vec![met(4), holds(5, "Deputy"), holds(6, "Envoy"), met(4)];
        let mut a: FactColumns = first.iter().cloned().collect();
        let b: FactColumns = second.iter().cloned().collect();
        a.append(b);
        let want: Vec<Fact> = first.into_iter().chain(second).collect();
        let got: Vec<Fact> = a.iter().map(|v| v.to_fact()).collect();
        assert_eq!(got, want);
        assert_eq!(a.roles.len(), 3);
        // Appending to an empty store takes the columns as they are.
        let mut empty = FactColumns::default();
        empty.append(a.clone());
        assert_eq!(empty, a);
    }
}
