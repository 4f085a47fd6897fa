//! The attribution pool: every distinct attribution list of a graph's facts, stored once.
//!
//! A fact names its list by number. The common part of an attribution (outlet, speaker,
//! and the report date as a number into the pool's distinct dates: 12 bytes) is a dense
//! column; the rest (report, quote, inference, the source's own dates, note), which few
//! attributions carry, is a sparse column. Lists are read through [`Attributions`] and [`AttributionView`], borrowed views with the
//! accessors of [`Attribution`].

use crate::store::column::Column;
use std::fmt;

use super::date_pool::DatePool;
use super::sparse::{Sparse, trim};
use crate::model::attribution::{Attribution, AttributionExtra};
use crate::model::date::FactDate;
use crate::model::ids::{EntityId, ReportId};

/// The part of an attribution every one has: 12 bytes, the report date a number into the
/// pool's [`DatePool`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) source: EntityId,
    pub(crate) speaker: Option<EntityId>,
    pub(crate) reported: u32,
}

/// The attribution lists of a graph (see the module documentation).
#[derive(Debug, Clone, Default)]
pub(crate) struct AttributionPool {
    /// List *k* is `records[starts[k]..starts[k + 1]]`; `starts` begins with 0.
    pub(crate) starts: Column<u32>,
    pub(crate) records: Vec<Record>,
    /// The distinct report dates.
    pub(crate) dates: DatePool,
    pub(crate) extra: Sparse<AttributionExtra>,
}

impl AttributionPool {
    /// Number of attributions stored.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// Number of lists.
    pub(crate) fn lists(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub(crate) fn reserve(&mut self, lists: usize, attributions: usize) {
        self.starts.reserve(lists);
        self.records.reserve(attributions);
    }

    pub(crate) fn trim(&mut self) {
        self.starts.trim();
        trim(&mut self.records);
        self.extra.trim();
    }

    /// List `k`.
    pub(crate) fn list(&self, k: u32) -> Attributions<'_> {
        let k = k as usize;
        let (start, end) = match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&a), Some(&b)) => (a, b),
            _ => (0, 0),
        };
        Attributions {
            pool: self,
            start,
            end,
        }
    }

    /// The report of the attribution at `at`, for reads in mostly ascending order (see
    /// [`Sparse::get_near`]).
    pub(crate) fn report_near(&self, at: u32, hint: &mut usize) -> Option<ReportId> {
        self.extra.get_near(at, hint).and_then(|e| e.report)
    }

    /// The outlet of the attribution at `at` (a position inside the pool).
    pub(crate) fn source_at(&self, at: u32) -> Option<EntityId> {
        self.records.get(at as usize).map(|r| r.source)
    }

    /// The positions of list `k`.
    pub(crate) fn positions_of(&self, k: u32) -> std::ops::Range<u32> {
        let list = self.list(k);
        list.start..list.end
    }

    /// Adds a list, returning its number. The attributions are moved in, their rare parts
    /// too (a fact's list is not copied). The batch refuses what would take the pool past
    /// `u32::MAX` attributions.
    pub(crate) fn push(&mut self, list: impl IntoIterator<Item = Attribution>) -> u32 {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        let k = self.lists() as u32;
        for a in list {
            let at = self.records.len() as u32;
            let reported = self.dates.intern(a.reported);
            self.records.push(Record {
                source: a.source,
                speaker: a.speaker,
                reported,
            });
            if let Some(extra) = a.extra {
                self.extra.push(at, *extra);
            }
        }
        self.starts.push(self.records.len() as u32);
        k
    }

    /// Appends the lists of `other`, renumbered after these; returns by how much.
    pub(crate) fn append(&mut self, other: AttributionPool) -> u32 {
        let lists = self.lists() as u32;
        let shift = self.records.len() as u32;
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        // `other.starts` begins with its 0, already present here as `shift`.
        self.starts
            .extend(other.starts.into_iter().skip(1).map(|s| s + shift));
        let renumbered = self.dates.absorb(&other.dates);
        self.records.extend(other.records.into_iter().map(|r| {
            Record {
                reported: renumbered
                    .get(r.reported as usize)
                    .copied()
                    .unwrap_or(r.reported),
                ..r
            }
        }));
        self.extra.append(other.extra, shift);
        lists
    }
}

/// The attributions of one fact, borrowed from the graph: the list
/// [`FactView::sources`](crate::FactView::sources) gives.
///
/// ```
/// use factgraph::datasets;
/// let g = datasets::edm_2004_v1_i133();
/// let f = g.facts().next().map(|f| f.fact());
/// let n = f.map_or(0, |f| f.sources().len());
/// assert!(n > 0);
/// ```
#[derive(Clone, Copy)]
pub struct Attributions<'g> {
    pool: &'g AttributionPool,
    start: u32,
    end: u32,
}

impl<'g> Attributions<'g> {
    /// Number of attributions.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`th attribution.
    pub fn get(&self, i: usize) -> Option<AttributionView<'g>> {
        let at = u32::try_from(i).ok()?.checked_add(self.start)?;
        (at < self.end).then_some(AttributionView {
            pool: self.pool,
            at,
        })
    }

    /// The attributions, in the order given.
    pub fn iter(&self) -> AttributionIter<'g> {
        AttributionIter {
            pool: self.pool,
            next: self.start,
            end: self.end,
        }
    }

    /// Owned copies.
    pub fn to_vec(&self) -> Vec<Attribution> {
        self.iter().map(|a| a.to_attribution()).collect()
    }
}

impl<'g> IntoIterator for Attributions<'g> {
    type Item = AttributionView<'g>;
    type IntoIter = AttributionIter<'g>;

    fn into_iter(self) -> AttributionIter<'g> {
        self.iter()
    }
}

/// The iterator of [`Attributions`].
#[derive(Debug, Clone)]
pub struct AttributionIter<'g> {
    pool: &'g AttributionPool,
    next: u32,
    end: u32,
}

impl<'g> Iterator for AttributionIter<'g> {
    type Item = AttributionView<'g>;

    fn next(&mut self) -> Option<AttributionView<'g>> {
        (self.next < self.end).then(|| {
            let at = self.next;
            self.next += 1;
            AttributionView {
                pool: self.pool,
                at,
            }
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end.saturating_sub(self.next) as usize;
        (n, Some(n))
    }
}

impl ExactSizeIterator for AttributionIter<'_> {}

impl DoubleEndedIterator for AttributionIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        (self.next < self.end).then(|| {
            self.end -= 1;
            AttributionView {
                pool: self.pool,
                at: self.end,
            }
        })
    }
}

impl PartialEq for Attributions<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl Eq for Attributions<'_> {}

impl PartialEq<[Attribution]> for Attributions<'_> {
    fn eq(&self, other: &[Attribution]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == *b)
    }
}

impl fmt::Debug for Attributions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// One attribution, borrowed from the graph: the accessors of [`Attribution`], and
/// [`to_attribution`](Self::to_attribution) for an owned copy.
#[derive(Clone, Copy)]
pub struct AttributionView<'g> {
    pool: &'g AttributionPool,
    at: u32,
}

impl<'g> AttributionView<'g> {
    fn record(&self) -> Record {
        // Views are made only for positions inside the pool; the fallback is never read.
        self.pool
            .records
            .get(self.at as usize)
            .copied()
            .unwrap_or(Record {
                source: EntityId::at(0),
                speaker: None,
                reported: u32::MAX,
            })
    }

    /// The rare part, if it has one.
    pub(crate) fn extra(&self) -> Option<&'g AttributionExtra> {
        self.pool.extra.get(self.at)
    }

    /// The position in the pool: with the fact, what tells two attributions apart.
    pub(crate) fn position(&self) -> u32 {
        self.at
    }

    /// The outlet the statement came through.
    pub fn source(&self) -> EntityId {
        self.record().source
    }

    /// Whose statement it is, if the fact is someone's statement.
    pub fn speaker(&self) -> Option<EntityId> {
        self.record().speaker
    }

    /// The date of the report.
    pub fn reported(&self) -> FactDate {
        self.pool.dates.get(self.record().reported)
    }

    /// The report it was read in, if known.
    pub fn report(&self) -> Option<ReportId> {
        self.extra().and_then(|e| e.report)
    }

    /// The quoted words, if any.
    pub fn quote(&self) -> Option<&'g str> {
        self.extra().and_then(|e| e.quote.as_deref())
    }

    /// Why the coder inferred the fact from this report; `None` when the report states it.
    pub fn inferred(&self) -> Option<&'g str> {
        self.extra().and_then(|e| e.inferred.as_deref())
    }

    /// Whether the report states the fact outright (not inferred).
    pub fn is_stated(&self) -> bool {
        self.inferred().is_none()
    }

    /// The coder's note on this report's statement, if any.
    pub fn note(&self) -> Option<&'g str> {
        self.extra().and_then(|e| e.note.as_deref())
    }

    /// The numbers this report gives for the fact (see [`Quantity`](crate::Quantity)).
    pub fn quantities(&self) -> &'g [crate::model::quantity::Quantity] {
        self.extra()
            .and_then(|e| e.quantities.as_deref())
            .map_or(&[], |v| v.as_slice())
    }

    /// The date this source gives the fact, when it differs from the fact's own date.
    pub fn claimed_date(&self) -> Option<FactDate> {
        self.extra().and_then(|e| e.claimed)
    }

    /// The valid time this source gives the fact when it differs from the fact's own.
    pub fn claimed_valid(&self) -> Option<FactDate> {
        self.extra().and_then(|e| e.claimed_valid)
    }

    /// The place this source gives the fact when it differs from the fact's own:
    /// `Some(None)` when it gives none.
    pub fn claimed_place(&self) -> Option<Option<EntityId>> {
        self.extra().and_then(|e| e.claimed_place)
    }

    /// An owned copy.
    pub fn to_attribution(&self) -> Attribution {
        let r = self.record();
        Attribution {
            source: r.source,
            speaker: r.speaker,
            reported: self.reported(),
            extra: self.extra().map(|e| Box::new(e.clone())),
        }
    }
}

impl PartialEq for AttributionView<'_> {
    /// Equal content.
    fn eq(&self, other: &Self) -> bool {
        // Records of two pools number their dates apart: dates are compared by value.
        let (a, b) = (self.record(), other.record());
        a.source == b.source
            && a.speaker == b.speaker
            && self.reported() == other.reported()
            && self.extra() == other.extra()
    }
}

impl Eq for AttributionView<'_> {}

impl PartialEq<Attribution> for AttributionView<'_> {
    fn eq(&self, other: &Attribution) -> bool {
        let r = self.record();
        r.source == other.source
            && r.speaker == other.speaker
            && self.reported() == other.reported
            && self.extra() == other.extra.as_deref()
    }
}

impl fmt::Debug for AttributionView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_attribution(), f)
    }
}

impl AttributionPool {
    /// The positions of the attributions that give their fact a date, valid time or
    /// place of their own, in order (for the known-by views).
    pub(crate) fn claim_positions(&self) -> impl Iterator<Item = u32> + '_ {
        self.extra
            .rows
            .iter()
            .zip(&self.extra.values)
            .filter(|(_, e)| {
                e.claimed.is_some() || e.claimed_valid.is_some() || e.claimed_place.is_some()
            })
            .map(|(row, _)| *row)
    }

    /// The number of attribution positions.
    pub(crate) fn positions(&self) -> usize {
        self.records.len()
    }
}

impl AttributionPool {
    /// Heap bytes of the pool, the rare parts' strings included.
    pub(crate) fn heap_bytes(&self) -> usize {
        use super::memory::vec_bytes;
        let opt = |s: &Option<Box<str>>| s.as_ref().map_or(0, |s| s.len());
        self.starts.heap_bytes()
            + vec_bytes(&self.records)
            + self.extra.heap_bytes()
            + self
                .extra
                .values
                .iter()
                .map(|e| opt(&e.quote) + opt(&e.inferred) + opt(&e.note))
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_back_with_their_rare_parts() {
        // Made-up attributions.
        let a = Attribution::new(EntityId::at(1)).with_speaker(EntityId::at(2));
        let b = Attribution::new(EntityId::at(3)).with_quote("made up");
        let mut pool = AttributionPool::default();
        let k0 = pool.push(vec![a.clone(), b.clone()]);
        let k1 = pool.push(Vec::new());
        let mut other = AttributionPool::default();
        other.push(vec![b.clone()]);
        let shift = pool.append(other);
        assert_eq!(pool.list(k0).to_vec(), vec![a.clone(), b.clone()]);
        assert!(pool.list(k1).is_empty());
        assert_eq!(pool.list(shift).to_vec(), vec![b.clone()]);
        assert_eq!(
            pool.list(shift).get(0).and_then(|v| v.quote()),
            Some("made up")
        );
        assert!(pool.list(k0) == *[a, b].as_slice());
        assert_eq!(pool.list(k0).iter().rev().count(), 2);
    }
}
