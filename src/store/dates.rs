//! The date index.
//!
//! Counting the facts whose dates overlap a window is a rank query: a date `[first, last]`
//! overlaps `[F, L]` exactly when `first <= L` and not `last < F`, and since `first <= last`
//! the second set is inside the first, so the count is `#(first <= L) - #(last < F)`: two
//! rank queries over the first days and the last days, whatever the spans.
//!
//! Listing them uses entries sorted by first day, split into classes by powers of two of
//! their span (0, 1, 2–3, 4–7, … days), so a window looks back only as far as the longest
//! span of each class: one multi-year range must not make every one-day query scan years of
//! facts, and within a class every span is over half the longest, so the entries read and
//! rejected are at most about as many as those kept.
//!
//! Sorted days are kept as [`Days`]: where they are denser than one a day (millions of
//! facts over a few decades), as the number of values before each day of their range
//! rather than as the values, so a rank is one lookup and the days cost nothing per fact;
//! the few values outside that range (an open end, a date centuries away) stay a short
//! sorted list. An entry is then its fact number alone, plus its last day outside the
//! one-day class (a one-day date ends where it starts, and most facts are one day). The
//! first day of an entry is found by walking the day counts alongside the entries, which
//! costs at most one step per day of the window's look-back.
//!
//! New dates go into a small unsorted buffer, merged in when it grows past a sixteenth of
//! the settled part: adding one fact costs amortised O(1) element moves per array, not
//! O(n), and a query also scans the buffer.

use crate::model::date::DateRange;
use crate::model::ids::FactId;
use crate::model::relation::Relation;
use crate::model::relation::RelationSet;
use crate::store::column::Column;

/// Span classes: class `c` holds spans of `2^(c-1)` to `2^c - 1` days (class 0: one day).
pub(crate) const CLASSES: usize = 33;

fn class_of(span: i32) -> usize {
    (u32::BITS - span.max(0).unsigned_abs().leading_zeros()) as usize
}

/// Buffers up to this size are never merged early.
const MIN_BUFFER: usize = 256;

/// A dated fact: its first and last day numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C)]
pub(crate) struct DateEntry {
    pub(crate) first: i32,
    pub(crate) last: i32,
    pub(crate) fact: FactId,
}

// SAFETY: `#[repr(C)]` of three 4-byte integer fields, no padding; every bit pattern is a
// value (the snapshot reader checks the order and the fact).
unsafe impl crate::store::column::Raw for DateEntry {}

impl PartialOrd for DateEntry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateEntry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.first, self.fact).cmp(&(other.first, other.fact))
    }
}

/// A value sorted by a day number first: what [`counting_sort`] orders by.
trait DayKeyed: Copy + Ord {
    /// The day, the first part of the order.
    fn day(&self) -> i32;
}

impl DayKeyed for i32 {
    fn day(&self) -> i32 {
        *self
    }
}

impl DayKeyed for DateEntry {
    fn day(&self) -> i32 {
        self.first
    }
}

/// Sorts `values` by day with a stable counting sort when their days span a range not much
/// larger than their number (two decades of days for a bulk load of millions of facts), and
/// answers whether it did. Stable, so values pushed in fact order come out in (day, fact)
/// order, which is the full order of a `DateEntry`. O(n + range) rather than O(n log n):
/// sorting was the largest part of building the date index.
fn counting_sort<T: DayKeyed>(values: &mut [T]) -> bool {
    let n = values.len();
    let (Some(lo), Some(hi)) = (
        values.iter().map(DayKeyed::day).min(),
        values.iter().map(DayKeyed::day).max(),
    ) else {
        return true;
    };
    let range = (i64::from(hi) - i64::from(lo) + 1) as usize;
    if n < 1024 || range > 4 * n + 4096 {
        return false;
    }
    let slot = |v: &T| (i64::from(v.day()) - i64::from(lo)) as usize;
    let mut starts = vec![0usize; range + 1];
    for v in values.iter() {
        if let Some(c) = starts.get_mut(slot(v) + 1) {
            *c += 1;
        }
    }
    for i in 1..starts.len() {
        let before = starts.get(i - 1).copied().unwrap_or(0);
        if let Some(c) = starts.get_mut(i) {
            *c += before;
        }
    }
    let mut out: Vec<T> = values.to_vec();
    for v in values.iter() {
        if let Some(at) = starts.get_mut(slot(v)) {
            if let Some(o) = out.get_mut(*at) {
                *o = *v;
            }
            *at += 1;
        }
    }
    values.copy_from_slice(&out);
    true
}

/// Sorts `values` by day: by counting when their range allows, else by comparison.
fn sort_by_day<T: DayKeyed>(values: &mut [T]) {
    if !counting_sort(values) {
        values.sort_unstable();
    }
}

/// A sorted multiset of day numbers, for rank queries and for reading back the day at a
/// position. The values of a range of days `lo..lo + R` are kept as counts: `before[k]` is
/// the number of values before day `lo + k` (those below the range included), one `u32`
/// per day instead of one per value. The values outside the range are kept sorted in
/// `low` and `high`. With no range (`before` empty) every value is in `low`.
///
/// The range is chosen to take the least memory: all the values' days, or all but the
/// thirty-second at each end (so one open-ended date does not force a range of eight
/// thousand years), or none.
#[derive(Debug, Clone, Default)]
pub(crate) struct Days {
    pub(crate) low: Column<i32>,
    pub(crate) lo: i32,
    pub(crate) before: Column<u32>,
    pub(crate) high: Column<i32>,
}

impl Days {
    /// The days of `values`, which must be sorted.
    fn new(values: Vec<i32>) -> Days {
        let n = values.len();
        // Memory, in four-byte slots, of counting the days `lo..=hi`: the counts plus the
        // values outside; and where those values end and start.
        let counted = |lo: i32, hi: i32| {
            let a = values.partition_point(|v| *v < lo);
            let b = values.partition_point(|v| *v <= hi).max(a);
            let days = usize::try_from(i64::from(hi) - i64::from(lo) + 1).unwrap_or(usize::MAX);
            (days.saturating_add(1 + a + (n - b)), lo, a, b)
        };
        let trim = n / 32;
        let candidates = [
            values.first().zip(values.last()),
            values.get(trim).zip(values.get(n.saturating_sub(1 + trim))),
        ];
        let best = candidates
            .into_iter()
            .flatten()
            .filter(|(lo, hi)| lo <= hi)
            .map(|(lo, hi)| counted(*lo, *hi))
            .min_by_key(|c| c.0);
        let Some((_, lo, a, b)) = best.filter(|c| c.0 < n) else {
            // Merged from two runs, the values may hold up to twice their length.
            let mut values = values;
            values.shrink_to_fit();
            return Days {
                low: values.into(),
                ..Days::default()
            };
        };
        let (Some(core), Some(low), Some(high)) =
            (values.get(a..b), values.get(..a), values.get(b..))
        else {
            return Days {
                low: values.into(),
                ..Days::default()
            };
        };
        let days = core
            .last()
            .map_or(0, |hi| (i64::from(*hi) - i64::from(lo) + 1) as usize);
        let mut before = vec![0u32; days + 1];
        for v in core {
            if let Some(c) = before.get_mut((i64::from(*v) - i64::from(lo)) as usize + 1) {
                *c += 1;
            }
        }
        let mut running = a as u32;
        for c in &mut before {
            running += *c;
            *c = running;
        }
        Days {
            low: low.to_vec().into(),
            lo,
            before: before.into(),
            high: high.to_vec().into(),
        }
    }

    /// Number of values before the high ones.
    fn core_end(&self) -> usize {
        self.before.last().map_or(self.low.len(), |b| *b as usize)
    }

    pub(crate) fn len(&self) -> usize {
        self.core_end() + self.high.len()
    }

    /// Number of values `< d`: one lookup when `d` is in the counted range.
    fn below(&self, d: i32) -> usize {
        if self.before.is_empty() || d <= self.lo {
            return self.low.partition_point(|v| *v < d);
        }
        let k = (i64::from(d) - i64::from(self.lo)) as usize;
        match self.before.get(k) {
            Some(b) => *b as usize,
            None => self.core_end() + self.high.partition_point(|v| *v < d),
        }
    }

    /// Number of values `<= d`.
    fn through(&self, d: i32) -> usize {
        match d.checked_add(1) {
            Some(next) => self.below(next),
            None => self.len(),
        }
    }

    /// A cursor for [`day`](Self::day) from the first position of a value `>= from`.
    fn cursor(&self, from: i32) -> usize {
        if from <= self.lo {
            return 0;
        }
        let k = (i64::from(from) - i64::from(self.lo)) as usize;
        k.min(self.before.len().saturating_sub(1))
    }

    /// The value at position `p`. Positions must not decrease between calls with one
    /// cursor: a counted day is found by stepping the cursor forward.
    fn day(&self, cursor: &mut usize, p: usize) -> i32 {
        if let Some(v) = self.low.get(p) {
            return *v;
        }
        let end = self.core_end();
        if p >= end {
            return self.high.get(p - end).copied().unwrap_or(i32::MAX);
        }
        while self
            .before
            .get(*cursor + 1)
            .is_some_and(|b| *b as usize <= p)
        {
            *cursor += 1;
        }
        (i64::from(self.lo) + *cursor as i64) as i32
    }

    /// Calls `run(day, from, to)` for the positions `at..end` in order, grouped into runs
    /// of one day where the days are counted: every position of `from..to` holds `day`.
    /// `start` is a day no later than the value at `at` (where the counted walk begins).
    fn runs(&self, at: usize, end: usize, start: i32, mut run: impl FnMut(i32, usize, usize)) {
        let a = self.low.len();
        let core_end = self.core_end();
        for p in at..end.min(a) {
            if let Some(v) = self.low.get(p) {
                run(*v, p, p + 1);
            }
        }
        let mut p = at.max(a);
        let mut k = self.cursor(start);
        while p < end.min(core_end) {
            match self.before.get(k + 1) {
                Some(next) if (*next as usize) <= p => k += 1,
                Some(next) => {
                    let to = (*next as usize).min(end);
                    run((i64::from(self.lo) + k as i64) as i32, p, to);
                    p = to;
                    k += 1;
                }
                None => break,
            }
        }
        for p in at.max(core_end)..end {
            if let Some(v) = self.high.get(p - core_end) {
                run(*v, p, p + 1);
            }
        }
    }

    /// The values, in order.
    fn to_vec(&self) -> Vec<i32> {
        let mut cursor = 0;
        (0..self.len()).map(|p| self.day(&mut cursor, p)).collect()
    }

    fn heap_bytes(&self) -> usize {
        4 * (self.low.capacity() + self.before.capacity() + self.high.capacity())
    }

    fn mapped_bytes(&self) -> usize {
        self.low.mapped_bytes() + self.before.mapped_bytes() + self.high.mapped_bytes()
    }
}

/// The settled entries of one span class, sorted by first day: their first days, their
/// facts and, outside the one-day class, their last days.
#[derive(Debug, Clone, Default)]
pub(crate) struct Class {
    pub(crate) longest: i32,
    pub(crate) firsts: Days,
    pub(crate) facts: Column<FactId>,
    /// Empty in class 0, whose last days are its first days.
    pub(crate) lasts: Column<i32>,
}

impl Class {
    fn build(entries: &[DateEntry], one_day: bool, longest: i32) -> Class {
        Class {
            longest,
            firsts: Days::new(entries.iter().map(|e| e.first).collect()),
            facts: entries.iter().map(|e| e.fact).collect(),
            lasts: if one_day {
                Column::new()
            } else {
                entries.iter().map(|e| e.last).collect()
            },
        }
    }

    /// Calls `f` on the entries whose first day is in `from..=last_day`, kept by `keep`,
    /// in order.
    fn for_each_matching(
        &self,
        from: i32,
        last_day: i32,
        keep: Keep,
        f: &mut impl FnMut(DateEntry),
    ) {
        let at = self.firsts.below(from);
        let end = self.firsts.through(last_day).max(at);
        self.firsts.runs(at, end, from, |first, lo, hi| {
            let Some(facts) = self.facts.get(lo..hi) else {
                return;
            };
            match self.lasts.get(lo..hi) {
                // The one-day class has no last days, and needs no test: its scanned part
                // is the window itself.
                None | Some([]) => {
                    for fact in facts {
                        f(DateEntry {
                            first,
                            last: first,
                            fact: *fact,
                        });
                    }
                }
                Some(lasts) => {
                    for (fact, last) in facts.iter().zip(lasts) {
                        let kept = match keep {
                            Keep::LastFrom(d) => *last >= d,
                            Keep::LastThrough(d) => *last <= d,
                        };
                        if kept {
                            f(DateEntry {
                                first,
                                last: *last,
                                fact: *fact,
                            });
                        }
                    }
                }
            }
        });
    }

    /// The entries, in order.
    fn entries(&self) -> Vec<DateEntry> {
        let mut cursor = 0;
        self.facts
            .iter()
            .enumerate()
            .map(|(p, fact)| {
                let first = self.firsts.day(&mut cursor, p);
                DateEntry {
                    first,
                    last: self.lasts.get(p).copied().unwrap_or(first),
                    fact: *fact,
                }
            })
            .collect()
    }

    fn heap_bytes(&self) -> usize {
        self.firsts.heap_bytes() + 4 * (self.facts.capacity() + self.lasts.capacity())
    }

    fn mapped_bytes(&self) -> usize {
        self.firsts.mapped_bytes() + self.facts.mapped_bytes() + self.lasts.mapped_bytes()
    }
}

/// How a date must relate to a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    Overlaps,
    Within,
}

/// What an entry's last day must be, beyond its first day lying in the scanned part.
#[derive(Debug, Clone, Copy)]
enum Keep {
    /// At least this day (overlaps: the look-back part starts before the window).
    LastFrom(i32),
    /// At most this day (within).
    LastThrough(i32),
}

/// The dates of one relation's facts (or of all facts): first and last days for counts,
/// the span classes for lists, and the buffer of recent additions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dates {
    pub(crate) recent: Column<DateEntry>,
    pub(crate) firsts: Days,
    pub(crate) lasts: Days,
    pub(crate) classes: Vec<Class>,
}

/// The date index: the dates of each relation's facts, as first and last days (counts)
/// and span classes (lists). A count or list of one relation's facts reads only that
/// relation's arrays (a `met` window count used to list every fact of the window and
/// filter it); an unfiltered one reads every relation's. Once settled, a dated fact costs
/// its fact number, and its last day when it spans more than one day: 4 to 8 bytes, plus
/// the day counts (a few kilobytes per class and relation for a few decades of dates).
///
/// Until snapshot version 4 (issue 21, session 9) a second view held every fact's date
/// again, for unfiltered windows: when rank queries were binary searches, summing the
/// relations' answers made a window list 2.1–2.6× the floor. With the day counts each
/// relation's answer is a pair of lookups, and the second view cost 4–8 bytes a dated
/// fact and the longest part of a bulk commit.
#[derive(Debug, Clone, Default)]
pub(crate) struct DateIndex {
    pub(crate) by_relation: Vec<Dates>,
}

impl Dates {
    pub(crate) fn add(&mut self, first: i32, last: i32, fact: FactId) {
        // A date never ends before it starts; were one to, it counts as one day.
        let last = last.max(first);
        self.recent.push(DateEntry { first, last, fact });
    }

    /// Merges the buffer when it is large: past [`MIN_BUFFER`] and a sixteenth of the
    /// settled part, so merging costs O(1) amortized per value and a small batch never
    /// costs time in proportion to the index.
    pub(crate) fn settle(&mut self) {
        let n = self.recent.len();
        if n == 0 || n <= MIN_BUFFER.max(self.firsts.len() / 16) {
            return;
        }
        let mut new = std::mem::take(&mut self.recent);
        sort_by_day(&mut new);
        // Two sorted runs: the stable sort merges them in O(n).
        let mut firsts = self.firsts.to_vec();
        let split = firsts.len();
        firsts.extend(new.iter().map(|e| e.first));
        // Nothing settled before (a first bulk load): the new run is the whole, sorted.
        if split > 0 {
            firsts.sort();
        }
        self.firsts = Days::new(firsts);
        let mut lasts = self.lasts.to_vec();
        let split = lasts.len();
        lasts.extend(new.iter().map(|e| e.last));
        if let Some(tail) = lasts.get_mut(split..) {
            sort_by_day(tail);
        }
        if split > 0 {
            lasts.sort();
        }
        self.lasts = Days::new(lasts);
        // The new entries class by class, each still in (first, fact) order; each class's
        // list sized first, so none grows by doubling (a copy of it at every step).
        let mut sizes = [0usize; CLASSES];
        for e in &new {
            if let Some(n) = sizes.get_mut(class_of(e.last - e.first)) {
                *n += 1;
            }
        }
        let mut groups: Vec<Vec<DateEntry>> =
            sizes.iter().map(|n| Vec::with_capacity(*n)).collect();
        for e in new {
            if let Some(g) = groups.get_mut(class_of(e.last - e.first)) {
                g.push(e);
            }
        }
        if self.classes.is_empty() {
            self.classes.resize_with(CLASSES, Class::default);
        }
        for (c, (class, group)) in self.classes.iter_mut().zip(groups).enumerate() {
            if group.is_empty() {
                continue;
            }
            let longest = group
                .iter()
                .map(|e| e.last - e.first)
                .fold(class.longest, i32::max);
            let entries = if class.facts.is_empty() {
                group
            } else {
                let mut entries = class.entries();
                entries.extend(group);
                entries.sort();
                entries
            };
            *class = Class::build(&entries, c == 0, longest);
        }
    }

    /// Calls `f` on the entries that match `range`, class by class, in no particular
    /// order (each class in first-day order).
    fn for_each_matching(&self, range: DateRange, how: Match, f: &mut impl FnMut(DateEntry)) {
        let (first, last) = range.bounds();
        for class in self.classes.iter().filter(|class| !class.facts.is_empty()) {
            let (from, keep) = match how {
                // An overlapping date starts at most `longest` days before the window.
                Match::Overlaps => (first.saturating_sub(class.longest), Keep::LastFrom(first)),
                Match::Within => (first, Keep::LastThrough(last)),
            };
            class.for_each_matching(from, last, keep, f);
        }
        for e in &self.recent {
            let kept = match how {
                Match::Overlaps => e.first <= last && e.last >= first,
                Match::Within => e.first >= first && e.last <= last,
            };
            if kept {
                f(*e);
            }
        }
    }

    /// How many dates overlap `range`: two rank queries.
    fn count_overlapping(&self, range: DateRange) -> usize {
        let (first, last) = range.bounds();
        self.firsts
            .through(last)
            .saturating_sub(self.lasts.below(first))
            + self
                .recent
                .iter()
                .filter(|e| e.first <= last && e.last >= first)
                .count()
    }

    /// How many dates lie within `range`: per class, the entries starting in the window by
    /// rank, those that start early enough to end in it by rank, and the rest scanned.
    fn count_within(&self, range: DateRange) -> usize {
        let (first, last) = range.bounds();
        let settled: usize = self
            .classes
            .iter()
            .filter(|class| !class.facts.is_empty())
            .map(|class| {
                let lo = class.firsts.below(first);
                let hi = class.firsts.through(last).max(lo);
                // A date starting by `last - longest` ends by `last`.
                let sure = class
                    .firsts
                    .through(last.saturating_sub(class.longest))
                    .clamp(lo, hi);
                let rest = class
                    .lasts
                    .get(sure..hi)
                    .map_or(0, |lasts| lasts.iter().filter(|d| **d <= last).count());
                sure - lo + rest
            })
            .sum();
        settled
            + self
                .recent
                .iter()
                .filter(|e| e.first >= first && e.last <= last)
                .count()
    }

    fn count(&self, range: DateRange, how: Match) -> usize {
        match how {
            Match::Overlaps => self.count_overlapping(range),
            Match::Within => self.count_within(range),
        }
    }

    fn heap_bytes(&self) -> usize {
        self.recent.capacity() * std::mem::size_of::<DateEntry>()
            + self.firsts.heap_bytes()
            + self.lasts.heap_bytes()
            + self.classes.capacity() * std::mem::size_of::<Class>()
            + self.classes.iter().map(Class::heap_bytes).sum::<usize>()
    }

    fn mapped_bytes(&self) -> usize {
        self.recent.mapped_bytes()
            + self.firsts.mapped_bytes()
            + self.lasts.mapped_bytes()
            + self.classes.iter().map(Class::mapped_bytes).sum::<usize>()
    }
}

impl DateIndex {
    /// Makes room in the buffers for a commit's dated facts, `per_relation[r]` of relation
    /// slot `r`: each buffer grows once, not by doubling (a copy of it at every step).
    pub(crate) fn reserve(&mut self, per_relation: &[usize]) {
        if self.by_relation.is_empty() {
            self.by_relation
                .resize_with(Relation::ALL.len(), Dates::default);
        }
        for (dates, n) in self.by_relation.iter_mut().zip(per_relation) {
            dates.recent.reserve(*n);
        }
    }

    /// One fact in its relation's index (a commit adds them through
    /// [`relations_mut`](Self::relations_mut)).
    #[cfg(test)]
    pub(crate) fn add(&mut self, first: i32, last: i32, fact: FactId, relation: Relation) {
        if self.by_relation.is_empty() {
            self.by_relation
                .resize_with(Relation::ALL.len(), Dates::default);
        }
        if let Some(dates) = self.by_relation.get_mut(relation.slot()) {
            dates.add(first, last, fact);
        }
    }

    /// The per-relation indexes, by relation slot, for a commit to extend.
    pub(crate) fn relations_mut(&mut self) -> &mut [Dates] {
        if self.by_relation.is_empty() {
            self.by_relation
                .resize_with(Relation::ALL.len(), Dates::default);
        }
        &mut self.by_relation
    }

    /// Restores order after a commit, buffers merged when they have grown large.
    #[cfg(test)]
    pub(crate) fn settle(&mut self) {
        for dates in &mut self.by_relation {
            dates.settle();
        }
    }

    /// Calls `f` on the entries of the relations in `relations` that match `range`,
    /// relation by relation and class by class, in no particular order. A callback rather
    /// than an iterator: every caller visits them all, and the nested iterators (relations,
    /// classes, days) cost more per entry than the entry itself.
    pub(crate) fn for_each_matching(
        &self,
        range: DateRange,
        how: Match,
        relations: RelationSet,
        mut f: impl FnMut(DateEntry),
    ) {
        for dates in self.relations(relations) {
            dates.for_each_matching(range, how, &mut f);
        }
    }

    fn relations(&self, relations: RelationSet) -> impl Iterator<Item = &Dates> + '_ {
        relations
            .iter()
            .filter_map(|r| self.by_relation.get(r.slot()))
    }

    /// How many dates of the relations in `relations` match `range`: a pair of rank
    /// queries per relation for overlaps; for within, one per span class plus the facts not
    /// known to the day that start in the window's last `longest` days.
    pub(crate) fn count(&self, range: DateRange, how: Match, relations: RelationSet) -> usize {
        self.relations(relations).map(|d| d.count(range, how)).sum()
    }

    /// Heap bytes held, capacity included.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.by_relation.capacity() * std::mem::size_of::<Dates>()
            + self
                .by_relation
                .iter()
                .map(Dates::heap_bytes)
                .sum::<usize>()
    }

    /// Bytes served from a mapped snapshot file.
    pub(crate) fn mapped_bytes(&self) -> usize {
        self.by_relation
            .iter()
            .map(Dates::mapped_bytes)
            .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::PartialDate;
    use proptest::prelude::*;

    fn range(a: &str, b: &str) -> DateRange {
        let p = |s: &str| s.parse::<PartialDate>().unwrap_or_else(|e| panic!("{e}"));
        DateRange::new(p(a), p(b)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Made-up spans: days, months, a year, a decade; some settled, some still buffered.
    /// The made-up relation of fact `i`: the relations in turn.
    fn relation_of(i: usize) -> Relation {
        Relation::ALL[i % Relation::ALL.len()]
    }

    fn index(settle_every: usize) -> (DateIndex, Vec<(i32, i32)>) {
        let mut spans = vec![
            (100, 100),
            (90, 120),
            (0, 365),
            (-3000, 4000),
            (130, 130),
            (101, 101),
        ];
        // A deterministic spread of more made-up dates to exercise buffers and merges.
        let mut x: u32 = 7;
        for _ in 0..2000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let first = (x >> 8) as i32 % 400 - 50;
            let len = [0, 0, 0, 29, 364, 900][(x % 6) as usize];
            spans.push((first, first + len));
        }
        let mut idx = DateIndex::default();
        for (i, (a, b)) in spans.iter().enumerate() {
            idx.add(*a, *b, FactId(i as u32), relation_of(i));
            if settle_every > 0 && i % settle_every == 0 {
                idx.settle();
            }
        }
        (idx, spans)
    }

    #[test]
    fn an_empty_index_counts_nothing() {
        let idx = DateIndex::default();
        for how in [Match::Overlaps, Match::Within] {
            assert_eq!(idx.count(DateRange::ALL, how, RelationSet::ANY), 0);
            let mut n = 0;
            idx.for_each_matching(DateRange::ALL, how, RelationSet::ANY, |_| n += 1);
            assert_eq!(n, 0);
        }
    }

    /// The counting sort orders as the comparison sort does, entries of one day by fact.
    #[test]
    fn counting_sort_agrees_with_sort() {
        let mut x: u32 = 11;
        let mut entries: Vec<DateEntry> = (0..5000u32)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let first = (x >> 8) as i32 % 3000 - 1000;
                DateEntry {
                    first,
                    last: first + (x % 7) as i32,
                    fact: FactId(i),
                }
            })
            .collect();
        let mut want = entries.clone();
        want.sort();
        assert!(counting_sort(&mut entries));
        assert_eq!(entries, want);
        let mut days: Vec<i32> = want.iter().rev().map(|e| e.last).collect();
        let mut sorted_days = days.clone();
        sorted_days.sort_unstable();
        assert!(counting_sort(&mut days));
        assert_eq!(days, sorted_days);
        // Too wide a range for its size: left to the comparison sort.
        let mut sparse = vec![i32::MIN, 0, i32::MAX];
        sparse.extend(0..2000);
        assert!(!counting_sort(&mut sparse));
    }

    #[test]
    fn span_classes() {
        assert_eq!(class_of(0), 0);
        assert_eq!(class_of(1), 1);
        assert_eq!((class_of(2), class_of(3), class_of(4)), (2, 2, 3));
        assert_eq!(class_of(i32::MAX), 31);
        assert!(class_of(3_652_058) < CLASSES); // 0001-01-01 to 9999-12-31
    }

    #[test]
    fn matches_and_counts_like_a_scan() {
        for settle_every in [0, 1, 7, 500] {
            let (idx, spans) = index(settle_every);
            for (a, b) in [
                ("1970-04-11", "1970-04-30"),
                ("1969-12-01", "1970-02-01"),
                ("1971", "1971"),
            ] {
                let window = range(a, b);
                let (f, l) = window.bounds();
                let some = RelationSet::of(&[Relation::Met, Relation::Signed]);
                for relations in [RelationSet::ANY, some] {
                    for how in [Match::Overlaps, Match::Within] {
                        let mut got: Vec<u32> = Vec::new();
                        idx.for_each_matching(window, how, relations, |e| got.push(e.fact.0));
                        got.sort_unstable();
                        let want: Vec<u32> = spans
                            .iter()
                            .enumerate()
                            .filter(|(i, (a, b))| {
                                relations.contains(relation_of(*i))
                                    && match how {
                                        Match::Overlaps => *a <= l && *b >= f,
                                        Match::Within => *a >= f && *b <= l,
                                    }
                            })
                            .map(|(i, _)| i as u32)
                            .collect();
                        assert_eq!(got, want, "{how:?} {a}..{b} settle {settle_every}");
                        assert_eq!(
                            idx.count(window, how, relations),
                            want.len(),
                            "{how:?} {a}..{b}"
                        );
                    }
                }
            }
        }
    }

    /// The days of made-up values, and a naive model: the sorted values themselves.
    fn check_days(mut values: Vec<i32>, probes: &[i32]) {
        values.sort_unstable();
        let days = Days::new(values.clone());
        assert_eq!(days.len(), values.len());
        assert_eq!(days.to_vec(), values);
        // Every value (and its neighbours) for ranks; a sample of them for the runs, which
        // read to the end.
        for (i, d) in probes.iter().chain(values.iter()).copied().enumerate() {
            for d in [d.saturating_sub(1), d, d.saturating_add(1)] {
                let below = values.partition_point(|v| *v < d);
                assert_eq!(days.below(d), below, "below {d}");
                assert_eq!(
                    days.through(d),
                    values.partition_point(|v| *v <= d),
                    "through {d}"
                );
                if i >= probes.len() && i % 97 != 0 {
                    continue;
                }
                let mut got = Vec::new();
                days.runs(below, values.len(), d, |day, lo, hi| {
                    assert!(lo < hi);
                    got.extend(std::iter::repeat_n(day, hi - lo));
                });
                assert_eq!(got, values.get(below..).unwrap_or(&[]), "runs from {d}");
            }
        }
    }

    /// Each way of keeping days: sorted (sparse), counted (dense), counted with outliers
    /// at both ends (open-ended made-up dates).
    #[test]
    fn days_rank_and_read_back_in_every_form() {
        let extremes = [i32::MIN, i32::MAX, -719_162, 2_932_896];
        check_days(vec![], &extremes);
        check_days(vec![5], &extremes);
        check_days(vec![0, 1000, 2000, 3000], &extremes);
        let dense: Vec<i32> = (0..3000).map(|i| i % 700 - 40).collect();
        assert!(!Days::new(sorted(dense.clone())).before.is_empty());
        check_days(dense.clone(), &extremes);
        let mut outliers = dense;
        outliers.extend([-719_162, -719_162, 2_932_896, i32::MAX, i32::MIN]);
        let kept = Days::new(sorted(outliers.clone()));
        assert!(!kept.before.is_empty() && !kept.low.is_empty() && !kept.high.is_empty());
        check_days(outliers, &extremes);
    }

    fn sorted(mut values: Vec<i32>) -> Vec<i32> {
        values.sort_unstable();
        values
    }

    /// A made-up date: mostly one day in a few years, some spans of days to years, a few
    /// open-ended (the bounds an open end takes).
    fn made_up_date() -> impl Strategy<Value = (i32, i32)> {
        let first = 12_000..12_000 + 3 * 365;
        prop_oneof![
            6 => first.clone().prop_map(|d| (d, d)),
            3 => (first.clone(), 1..40).prop_map(|(d, n)| (d, d + n)),
            1 => (first.clone(), 300..2000).prop_map(|(d, n)| (d, d + n)),
            1 => first.clone().prop_map(|d| (d, 2_932_896)),
            1 => first.prop_map(|d| (-719_162, d)),
        ]
    }

    fn made_up_window() -> impl Strategy<Value = DateRange> {
        prop_oneof![
            6 => (11_900..13_200, 0..60).prop_map(|(f, n)| DateRange::from_days(f, f + n)),
            1 => (11_000..14_000, 0..3000).prop_map(|(f, n)| DateRange::from_days(f, f + n)),
            1 => Just(DateRange::ALL),
        ]
    }

    proptest! {
        // Each case builds an index of thousands of dates: fewer cases keep the suite quick.
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Counts and lists, of all facts and of some relations, overlapping and within,
        /// agree with a filter over every date, however the additions were settled.
        #[test]
        fn counts_and_lists_agree_with_a_filter(
            dates in proptest::collection::vec((made_up_date(), 0..16usize), 0..3000),
            settle_every in prop_oneof![Just(0usize), 1..50usize, Just(2999usize)],
            windows in proptest::collection::vec(made_up_window(), 1..6),
            chosen in proptest::collection::vec(0..16usize, 1..4),
        ) {
            let mut idx = DateIndex::default();
            for (i, ((a, b), r)) in dates.iter().enumerate() {
                idx.add(*a, *b, FactId(i as u32), Relation::ALL[*r]);
                if settle_every > 0 && i % settle_every == 0 {
                    idx.settle();
                }
            }
            let chosen: Vec<Relation> = chosen.iter().map(|r| Relation::ALL[*r]).collect();
            for window in windows {
                let (f, l) = window.bounds();
                for relations in [RelationSet::ANY, RelationSet::of(&chosen)] {
                    for how in [Match::Overlaps, Match::Within] {
                        let mut got = Vec::new();
                        idx.for_each_matching(window, how, relations, |e| got.push((e.fact.0, e.first, e.last)));
                        got.sort_unstable();
                        let want: Vec<(u32, i32, i32)> = dates
                            .iter()
                            .enumerate()
                            .filter(|(_, ((a, b), r))| {
                                relations.contains(Relation::ALL[*r])
                                    && match how {
                                        Match::Overlaps => *a <= l && *b >= f,
                                        Match::Within => *a >= f && *b <= l,
                                    }
                            })
                            .map(|(i, ((a, b), _))| (i as u32, *a, *b))
                            .collect();
                        prop_assert_eq!(&got, &want, "{:?} {:?}", how, window);
                        prop_assert_eq!(idx.count(window, how, relations), want.len());
                    }
                }
            }
        }

        #[test]
        fn days_agree_with_sorted_values(
            values in proptest::collection::vec(prop_oneof![
                8 => 0..500i32,
                1 => any::<i32>(),
            ], 0..800),
            probes in proptest::collection::vec(any::<i32>(), 0..8),
        ) {
            check_days(values, &probes);
        }
    }

    /// The memory the index takes once settled, on made-up dates shaped like the
    /// synthetic graph's (two decades; two thirds one day, the rest months, years and
    /// ranges; sixteen relations): at most 20 bytes per dated fact, both views together,
    /// where it took 40.
    #[test]
    fn a_settled_index_takes_at_most_twenty_bytes_a_fact() {
        let n = 400_000u32;
        let mut idx = DateIndex::default();
        let mut x: u32 = 3;
        for i in 0..n {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let first = 12_784 + (x >> 8) as i32 % 7300;
            let last = first
                + match x % 100 {
                    0..65 => 0,
                    65..80 => 29,
                    80..87 => 364,
                    87..92 => (x >> 4) as i32 % 8,
                    _ => 365 * ((x >> 4) as i32 % 5 + 1),
                };
            idx.add(first, last, FactId(i), relation_of(i as usize));
        }
        idx.settle();
        let per_fact = idx.heap_bytes() as f64 / f64::from(n);
        assert!(per_fact <= 20.0, "{per_fact:.1} bytes per dated fact");
    }
}
