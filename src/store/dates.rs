//! The date index.
//!
//! Counting the facts whose dates overlap a window is a rank query: a date `[first, last]`
//! overlaps `[F, L]` exactly when `first <= L` and not `last < F`, and since `first <= last`
//! the second set is inside the first, so the count is `#(first <= L) - #(last < F)`: two
//! binary searches over sorted first days and sorted last days, whatever the spans.
//!
//! Listing them uses entries sorted by first day, split into classes by powers of two of
//! their span (0, 1, 2–3, 4–7, … days), so a window looks back only as far as the longest
//! span of each class: one multi-year range must not make every one-day query scan years of
//! facts, and within a class every span is over half the longest, so the entries read and
//! rejected are at most about as many as those kept.
//!
//! Every sorted array takes new values into a small unsorted buffer, merged in when it grows
//! past a sixteenth of the array: adding one fact costs amortised O(1) element moves per
//! array, not O(n), and a query also scans the buffer.

use crate::model::date::DateRange;
use crate::model::ids::FactId;
use crate::model::relation::Relation;
use crate::query::neighbours::RelationSet;

/// Span classes: class `c` holds spans of `2^(c-1)` to `2^c - 1` days (class 0: one day).
const CLASSES: usize = 33;

fn class_of(span: i32) -> usize {
    (u32::BITS - span.max(0).unsigned_abs().leading_zeros()) as usize
}

/// Buffers up to this size are never merged early.
const MIN_BUFFER: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateEntry {
    pub(crate) first: i32,
    pub(crate) last: i32,
    pub(crate) fact: FactId,
}

/// A sorted array plus an unsorted buffer of recent additions.
#[derive(Debug, Clone)]
struct Buffered<T> {
    sorted: Vec<T>,
    recent: Vec<T>,
}

impl<T> Default for Buffered<T> {
    fn default() -> Self {
        Buffered {
            sorted: Vec::new(),
            recent: Vec::new(),
        }
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

impl<T: DayKeyed> Buffered<T> {
    fn push(&mut self, value: T) {
        self.recent.push(value);
    }

    /// Merges the buffer when it is large: past [`MIN_BUFFER`] and a sixteenth of the
    /// sorted part, so merging costs O(1) amortized per value and a small batch never
    /// costs time in proportion to the index (a batch of any size used to force a merge).
    fn settle(&mut self) {
        let n = self.recent.len();
        if n == 0 || n <= MIN_BUFFER.max(self.sorted.len() / 16) {
            return;
        }
        self.sorted.append(&mut self.recent);
        // `append` leaves the buffer's allocation behind: after a bulk load that is as
        // large as the sorted part itself.
        self.recent.shrink_to(MIN_BUFFER);
        // Two sorted runs after sorting the tail: the stable sort merges them in O(n).
        let split = self.sorted.len() - n;
        if let Some(tail) = self.sorted.get_mut(split..)
            && !counting_sort(tail)
        {
            tail.sort_unstable();
        }
        self.sorted.sort();
    }

    /// Number of values `v` with `below(v)`, where `below` is a prefix predicate.
    fn rank(&self, below: impl Fn(&T) -> bool) -> usize {
        self.sorted.partition_point(&below) + self.recent.iter().filter(|v| below(v)).count()
    }
}

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

#[derive(Debug, Clone, Default)]
struct Class {
    entries: Buffered<DateEntry>,
    longest: i32,
}

/// How a date must relate to a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    Overlaps,
    Within,
}

/// The dates of one relation's facts (or of all facts): sorted first and last days for
/// counts, and the span classes for lists.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dates {
    firsts: Buffered<i32>,
    lasts: Buffered<i32>,
    classes: Vec<Class>,
}

/// The date index: the dates of all facts, and of each relation's facts, each as sorted
/// first and last days (counts) and span classes (lists). A count or list of one relation's
/// facts reads only that relation's arrays (a `met` window count used to list every fact
/// of the window and filter it); an unfiltered one reads the arrays of all facts (summing
/// sixteen relations' answers made every window list do sixteen times the binary searches,
/// 2.1–2.6× the floor). Costs 40 bytes per dated fact: 20 for all facts, 20 for its relation.
#[derive(Debug, Clone, Default)]
pub(crate) struct DateIndex {
    all: Dates,
    by_relation: Vec<Dates>,
}

impl Dates {
    fn add(&mut self, first: i32, last: i32, fact: FactId) {
        let span = last - first;
        if self.classes.is_empty() {
            self.classes.resize_with(CLASSES, Class::default);
        }
        let Some(class) = self.classes.get_mut(class_of(span)) else {
            return;
        };
        class.entries.push(DateEntry { first, last, fact });
        class.longest = class.longest.max(span);
        self.firsts.push(first);
        self.lasts.push(last);
    }

    fn settle(&mut self) {
        self.firsts.settle();
        self.lasts.settle();
        for class in &mut self.classes {
            class.entries.settle();
        }
    }

    /// The entries that match `range`, class by class, in no particular order.
    fn matching(&self, range: DateRange, how: Match) -> impl Iterator<Item = &DateEntry> + '_ {
        let (first, last) = range.bounds();
        self.classes.iter().flat_map(move |class| {
            // An overlapping date starts at most `longest` days before the window.
            let from = match how {
                Match::Overlaps => first.saturating_sub(class.longest),
                Match::Within => first,
            };
            let sorted = &class.entries.sorted;
            let lo = sorted.partition_point(|e| e.first < from);
            let hi = sorted.partition_point(|e| e.first <= last).max(lo);
            sorted
                .get(lo..hi)
                .unwrap_or(&[])
                .iter()
                .chain(
                    class
                        .entries
                        .recent
                        .iter()
                        .filter(move |e| e.first >= from && e.first <= last),
                )
                .filter(move |e| match how {
                    Match::Overlaps => e.last >= first,
                    Match::Within => e.last <= last,
                })
        })
    }

    /// How many dates overlap `range`: two rank queries.
    fn count_overlapping(&self, range: DateRange) -> usize {
        let (first, last) = range.bounds();
        self.firsts.rank(|d| *d <= last) - self.lasts.rank(|d| *d < first)
    }

    /// How many dates lie within `range`: the one-day class by rank, the others scanned
    /// from the window's start.
    fn count_within(&self, range: DateRange) -> usize {
        let (first, last) = range.bounds();
        let Some((days, rest)) = self.classes.split_first() else {
            return 0;
        };
        let days = days.entries.rank(|e| e.first <= last) - days.entries.rank(|e| e.first < first);
        days + rest
            .iter()
            .map(|c| {
                let sorted = &c.entries.sorted;
                let lo = sorted.partition_point(|e| e.first < first);
                let hi = sorted.partition_point(|e| e.first <= last).max(lo);
                sorted
                    .get(lo..hi)
                    .unwrap_or(&[])
                    .iter()
                    .filter(|e| e.last <= last)
                    .count()
                    + c.entries
                        .recent
                        .iter()
                        .filter(|e| e.first >= first && e.last <= last)
                        .count()
            })
            .sum::<usize>()
    }

    fn count(&self, range: DateRange, how: Match) -> usize {
        match how {
            Match::Overlaps => self.count_overlapping(range),
            Match::Within => self.count_within(range),
        }
    }
}

impl DateIndex {
    pub(crate) fn add(&mut self, first: i32, last: i32, fact: FactId, relation: Relation) {
        if self.by_relation.is_empty() {
            self.by_relation
                .resize_with(Relation::ALL.len(), Dates::default);
        }
        if let Some(dates) = self.by_relation.get_mut(relation.slot()) {
            dates.add(first, last, fact);
            self.all.add(first, last, fact);
        }
    }

    /// Restores order after a commit, buffers merged when they have grown large.
    pub(crate) fn settle(&mut self) {
        self.all.settle();
        for dates in &mut self.by_relation {
            dates.settle();
        }
    }

    /// The entries of the relations in `relations` that match `range`, relation by
    /// relation and class by class, in no particular order.
    pub(crate) fn matching(
        &self,
        range: DateRange,
        how: Match,
        relations: RelationSet,
    ) -> impl Iterator<Item = &DateEntry> + '_ {
        let any = relations == RelationSet::ANY;
        // All facts' arrays when every relation counts, else the chosen relations' arrays.
        let chosen = std::iter::once(&self.all)
            .filter(move |_| any)
            .chain(self.relations(if any { RelationSet::of(&[]) } else { relations }));
        chosen.flat_map(move |d| d.matching(range, how))
    }

    fn relations(&self, relations: RelationSet) -> impl Iterator<Item = &Dates> + '_ {
        relations
            .iter()
            .filter_map(|r| self.by_relation.get(r.slot()))
    }

    /// How many dates of the relations in `relations` match `range`: O(log n) per relation
    /// for overlaps (one pair of rank queries over all facts when every relation counts);
    /// for within, O(log n) plus the facts not known to the day that start in the window.
    pub(crate) fn count(&self, range: DateRange, how: Match, relations: RelationSet) -> usize {
        if relations == RelationSet::ANY {
            return self.all.count(range, how);
        }
        self.relations(relations).map(|d| d.count(range, how)).sum()
    }
}

impl<T> Buffered<T> {
    fn heap_bytes(&self) -> usize {
        super::memory::vec_bytes(&self.sorted) + super::memory::vec_bytes(&self.recent)
    }
}

impl Dates {
    fn heap_bytes(&self) -> usize {
        self.firsts.heap_bytes()
            + self.lasts.heap_bytes()
            + super::memory::vec_bytes(&self.classes)
            + self
                .classes
                .iter()
                .map(|c| c.entries.heap_bytes())
                .sum::<usize>()
    }
}

impl DateIndex {
    /// Heap bytes of every array.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.all.heap_bytes()
            + super::memory::vec_bytes(&self.by_relation)
            + self
                .by_relation
                .iter()
                .map(Dates::heap_bytes)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::PartialDate;

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
            assert_eq!(
                idx.matching(DateRange::ALL, how, RelationSet::ANY).count(),
                0
            );
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
                        let mut got: Vec<u32> = idx
                            .matching(window, how, relations)
                            .map(|e| e.fact.0)
                            .collect();
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
}
