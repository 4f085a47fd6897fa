//! Distinct dates, each stored once.
//!
//! A corpus has few distinct dates next to its facts (twenty years of days at a few
//! precisions: tens of thousands against millions of facts and attributions), so a fact's
//! date and an attribution's report date are kept as a `u32` number into a pool of the
//! distinct values: four bytes a date instead of eight, and a record of an attribution
//! falls from 16 bytes to 12. The pool keeps a map from each date's packed bits to its
//! number for interning (about 20 bytes per distinct date). Were every date distinct, the
//! pool would cost more than it saves; dates are not like that.

use super::hash::IdMap;
use super::memory::{map_bytes, vec_bytes};
use crate::model::date::FactDate;

/// The distinct dates of a column (see the module documentation).
#[derive(Debug, Clone, Default)]
pub(crate) struct DatePool {
    dates: Vec<FactDate>,
    /// Packed bits of each date → its number.
    numbers: IdMap<u64, u32>,
}

impl DatePool {
    /// A pool of `dates`, numbered in order (a repeated date keeps its first number).
    pub(crate) fn of(dates: Vec<FactDate>) -> DatePool {
        let mut numbers = IdMap::default();
        numbers.reserve(dates.len());
        for (k, d) in dates.iter().enumerate() {
            numbers.entry(d.to_bits()).or_insert(k as u32);
        }
        DatePool { dates, numbers }
    }

    /// The number of `date`, added if new. A pool holds at most one number per row of the
    /// columns that use it, so it stays below `u32::MAX` as they do.
    pub(crate) fn intern(&mut self, date: FactDate) -> u32 {
        let next = self.dates.len() as u32;
        let k = *self.numbers.entry(date.to_bits()).or_insert(next);
        if k == next {
            self.dates.push(date);
        }
        k
    }

    /// The date numbered `k` (unknown for a number the pool never gave).
    #[inline]
    pub(crate) fn get(&self, k: u32) -> FactDate {
        self.dates
            .get(k as usize)
            .copied()
            .unwrap_or(FactDate::UNKNOWN)
    }

    /// The distinct dates, by number.
    pub(crate) fn dates(&self) -> &[FactDate] {
        &self.dates
    }

    /// How many distinct dates.
    pub(crate) fn len(&self) -> usize {
        self.dates.len()
    }

    /// The numbers of `other`'s dates in this pool, interning those it lacks: how to
    /// renumber a column appended from `other`.
    pub(crate) fn absorb(&mut self, other: &DatePool) -> Vec<u32> {
        other.dates.iter().map(|d| self.intern(*d)).collect()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        vec_bytes(&self.dates) + map_bytes(&self.numbers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_dates_share_a_number() {
        let mut p = DatePool::default();
        let a: FactDate = "2004-11-19".parse().unwrap_or_else(|e| panic!("{e}"));
        let b: FactDate = "2004-11".parse().unwrap_or_else(|e| panic!("{e}"));
        let (ka, kb, ka2) = (p.intern(a), p.intern(b), p.intern(a));
        assert_eq!((ka, kb, ka2), (0, 1, 0));
        assert_eq!((p.get(ka), p.get(kb)), (a, b));
        assert_eq!(p.get(99), FactDate::UNKNOWN);
        let mut q = DatePool::default();
        q.intern(b);
        assert_eq!(q.absorb(&p), vec![1, 0]);
        assert_eq!(DatePool::of(vec![a, b, a]).get(2), a);
    }
}
