//! Dates stored once, or nearly.
//!
//! A corpus has few distinct dates next to its facts (twenty years of days at a few
//! precisions: tens of thousands against millions of facts and attributions), so a fact's
//! date and an attribution's report date are kept as a `u32` number into a pool of the
//! values: four bytes a date instead of eight, and a record of an attribution falls from
//! 16 bytes to 12.
//!
//! Interning is on the path of every fact staged, twice or more (its date and each report
//! date), so it must not miss the cache. Plain days, the common case, are found by their
//! calendar position in a small table (744 slots a year: each day as stated and with its
//! year inferred; a few kilobytes per year); other dates (months, years, spans) in a
//! direct-mapped table of the 4,096 last seen. A date in neither is added, even if an
//! older copy is in the pool: the pool is not a set, and a number is compared by the date
//! it names. A map of every date was tried first: at 100M facts its lookups missed the
//! cache for every span (most spans are distinct) and it held tens of megabytes.

use super::memory::vec_bytes;
use crate::model::date::FactDate;

/// Slots a year takes in the table of plain days: twelve months of 31, each day as stated
/// and with its year inferred.
const YEAR_SLOTS: usize = 2 * 12 * 31;
/// The most years the table of plain days spans (about 600 KB); days beyond go through
/// the table of recent dates.
const MAX_YEARS: usize = 200;
/// Slots of the table of recent dates other than plain days (64 KB; a power of two).
const RECENT_SLOTS: usize = 1 << 12;

/// The dates of a column (see the module documentation).
#[derive(Debug, Clone, Default)]
pub(crate) struct DatePool {
    dates: Vec<FactDate>,
    /// The numbers of plain days, number + 1 (0: none yet), by [`DatePool::day_slot`].
    days: Vec<u32>,
    /// The first year `days` covers.
    first_year: u16,
    /// Other dates seen lately: packed bits and number + 1 (0: empty), by a hash of the
    /// bits; empty until such a date comes.
    recent: Box<[(u64, u32)]>,
}

/// Year, month, day and inferred-year flag (0 or 1) of a date that is one plain day (no
/// qualifier, no second bound), read from its packed bits (see `FactDate::to_bits`).
fn plain_day(bits: u64) -> Option<(u16, usize, usize, usize)> {
    let (year, month, day) = (
        (bits & 0xFFFF) as u16,
        ((bits >> 16) & 0xFF) as usize,
        ((bits >> 24) & 0xFF) as usize,
    );
    // The end's bits are zero for a single date; the inferred flag is the month's high
    // bit; the qualifiers live in the day's high bits, which its range excludes; years 0
    // and from 0xFFFE are markers.
    let (inferred, month) = (month >> 7, month & 0x7F);
    let plain = bits >> 32 == 0
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && year != 0
        && year < 0xFFFE;
    plain.then_some((year, month, day, inferred))
}

impl DatePool {
    /// A pool of `dates`, numbered in order (the tables learn the first number of each).
    pub(crate) fn of(dates: Vec<FactDate>) -> DatePool {
        let mut pool = DatePool::default();
        for (k, d) in dates.iter().enumerate() {
            pool.learn(d.to_bits(), k as u32);
        }
        pool.dates = dates;
        pool
    }

    /// Notes that `bits` has number `k` where its table has no number for it yet.
    fn learn(&mut self, bits: u64, k: u32) {
        let number = k.saturating_add(1);
        if let Some(i) = self.day_slot(bits) {
            if let Some(slot) = self.days.get_mut(i)
                && *slot == 0
            {
                *slot = number;
            }
            return;
        }
        let i = self.recent_slot(bits);
        if let Some(slot) = self.recent.get_mut(i)
            && slot.1 == 0
        {
            *slot = (bits, number);
        }
    }

    /// The slot of `bits` in the table of recent dates, the table made on first use.
    fn recent_slot(&mut self, bits: u64) -> usize {
        if self.recent.is_empty() {
            self.recent = vec![(0, 0); RECENT_SLOTS].into_boxed_slice();
        }
        let h = (bits ^ (bits >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> 52) as usize & (RECENT_SLOTS - 1)
    }

    /// Where the plain day of `bits` goes in `days`, the table grown to cover its year when
    /// that keeps it within [`MAX_YEARS`]; `None` for other dates and years too far out.
    fn day_slot(&mut self, bits: u64) -> Option<usize> {
        let (year, month, day, inferred) = plain_day(bits)?;
        let years = self.days.len() / YEAR_SLOTS;
        if years == 0 {
            self.first_year = year;
            self.days.resize(YEAR_SLOTS, 0);
        } else if year < self.first_year {
            let more = usize::from(self.first_year - year);
            if years + more > MAX_YEARS {
                return None;
            }
            let mut days = vec![0; more * YEAR_SLOTS];
            days.extend_from_slice(&self.days);
            self.days = days;
            self.first_year = year;
        } else if usize::from(year - self.first_year) >= years {
            let need = usize::from(year - self.first_year) + 1;
            if need > MAX_YEARS {
                return None;
            }
            self.days.resize(need * YEAR_SLOTS, 0);
        }
        let in_year = ((month - 1) * 31 + (day - 1)) * 2 + inferred;
        Some(usize::from(year - self.first_year) * YEAR_SLOTS + in_year)
    }

    /// A number of `date`: the one a table remembers, or a new one. A pool holds at most
    /// one number per row of the columns that use it, so it stays below `u32::MAX` as
    /// they do.
    pub(crate) fn intern(&mut self, date: FactDate) -> u32 {
        let bits = date.to_bits();
        let next = self.dates.len() as u32;
        let number = next.saturating_add(1);
        if let Some(i) = self.day_slot(bits) {
            if let Some(slot) = self.days.get_mut(i) {
                if let Some(k) = slot.checked_sub(1) {
                    return k;
                }
                *slot = number;
            }
        } else {
            let i = self.recent_slot(bits);
            if let Some(slot) = self.recent.get_mut(i) {
                if slot.1 != 0 && slot.0 == bits {
                    return slot.1 - 1;
                }
                *slot = (bits, number);
            }
        }
        self.dates.push(date);
        next
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

    /// How many dates (a date may be held more than once).
    pub(crate) fn len(&self) -> usize {
        self.dates.len()
    }

    /// The numbers of `other`'s dates in this pool, interning them: how to renumber a
    /// column appended from `other`.
    pub(crate) fn absorb(&mut self, other: &DatePool) -> Vec<u32> {
        other.dates.iter().map(|d| self.intern(*d)).collect()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        vec_bytes(&self.dates)
            + vec_bytes(&self.days)
            + self.recent.len() * std::mem::size_of::<(u64, u32)>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(s: &str) -> FactDate {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn equal_dates_share_a_number() {
        let mut p = DatePool::default();
        let (a, b) = (date("2004-11-19"), date("2004-11"));
        let (ka, kb, ka2) = (p.intern(a), p.intern(b), p.intern(a));
        assert_eq!((ka, kb, ka2), (0, 1, 0));
        assert_eq!((p.get(ka), p.get(kb)), (a, b));
        assert_eq!(p.get(99), FactDate::UNKNOWN);
        let mut q = DatePool::default();
        q.intern(b);
        assert_eq!(q.absorb(&p), vec![1, 0]);
        assert_eq!(DatePool::of(vec![a, b, a]).get(2), a);
    }

    /// Days before and after the table's years, qualified and inferred days, days past its
    /// span and other dates: a few of each keep one number each.
    #[test]
    fn plain_days_and_the_rest_keep_their_numbers() {
        let mut p = DatePool::default();
        let all = [
            "2004-11-19",
            "1999-01-01",
            "2010-12-31",
            "2004-11-19?",
            "1999-01-01?",
            "2004-11-19~",
            "1750-06-01",
            "2300-06-01",
            "2004",
            "2004-11",
            "2001/2005",
            "2004-11-19/2004-11-20",
            "2003/..",
            "unknown",
        ];
        let first: Vec<u32> = all.iter().map(|s| p.intern(date(s))).collect();
        assert_eq!(first, (0..all.len() as u32).collect::<Vec<_>>());
        let again: Vec<u32> = all.iter().rev().map(|s| p.intern(date(s))).collect();
        assert_eq!(again, first.iter().rev().copied().collect::<Vec<_>>());
        for (k, s) in all.iter().enumerate() {
            assert_eq!(p.get(k as u32), date(s), "{s}");
        }
        assert!(p.days.len() <= MAX_YEARS * YEAR_SLOTS);
        // The same day with its year inferred is another date, with a number of its own.
        let stated = date("2004-11-19");
        let inferred = stated.with_year_inferred(true);
        let k = p.intern(inferred);
        assert_eq!(k as usize, all.len());
        assert_eq!((p.intern(inferred), p.intern(stated)), (k, 0));
        assert_eq!(p.get(k), inferred);
    }

    proptest! {
        /// Any sequence of dates: every number names the date it was given for; a plain
        /// day, and a date seen just before, gets the number it had; the pool holds no
        /// more dates than were interned; `of` of the pool's dates numbers them the same.
        #[test]
        fn numbers_name_their_dates(
            picks in proptest::collection::vec((1500u16..2500, 0u8..13, 0u8..32, 0u8..3), 0..300)
        ) {
            let mut p = DatePool::default();
            let mut given: Vec<(FactDate, u32)> = Vec::new();
            for (y, m, d, q) in picks {
                let text = match (m, d) {
                    (0, _) => format!("{y}"),
                    (m, 0) => format!("{y}-{m:02}"),
                    (m, d) => format!("{y}-{m:02}-{d:02}{}", ["", "?", "~"][usize::from(q)]),
                };
                let Ok(fd) = text.parse::<FactDate>() else { continue };
                let k = p.intern(fd);
                prop_assert_eq!(p.get(k), fd);
                prop_assert_eq!(p.intern(fd), k, "just seen");
                if plain_day(fd.to_bits()).is_some()
                    && let Some((_, earlier)) = given.iter().find(|(g, _)| *g == fd)
                {
                    prop_assert_eq!(k, *earlier, "a plain day keeps its number");
                }
                given.push((fd, k));
            }
            prop_assert!(p.len() <= given.len());
            let q = DatePool::of(p.dates().to_vec());
            for (d, k) in &given {
                prop_assert_eq!(p.get(*k), *d);
                prop_assert_eq!(q.get(*k), *d);
            }
        }
    }
}
