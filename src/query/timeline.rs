//! Facts in time order.

use crate::model::date::DateRange;
use crate::query::neighbours::DateMatch;
use crate::query::refs::FactRef;
use crate::store::dates::Match;
use crate::store::graph::KnowledgeGraph;

fn how(m: DateMatch) -> Match {
    match m {
        DateMatch::Overlaps => Match::Overlaps,
        DateMatch::Within => Match::Within,
    }
}

impl KnowledgeGraph {
    /// The dated facts whose date matches `range` (see [`DateMatch`]), in date order:
    /// earlier first day first, then earlier last day (`2004` before `2004-11-17`, which
    /// comes before `2004-11`), then fact number. Undated facts are never in a timeline;
    /// [`undated`](Self::undated) lists them.
    ///
    /// Uses the date index and reads no fact: O(span classes × log n + answer log answer),
    /// where the entries read are at most about twice the answer.
    ///
    /// ```
    /// use factgraph::{datasets, DateMatch, DateRange, PartialDate};
    /// let g = datasets::edm_2004_v1_i133();
    /// let nov17 = DateRange::of(PartialDate::day(2004, 11, 17)?);
    /// let facts = g.timeline(nov17, DateMatch::Within);
    /// assert!(facts.iter().all(|f| f.date().to_string() == "2004-11-17"));
    /// assert!(!facts.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn timeline(&self, range: DateRange, matching: DateMatch) -> Vec<FactRef<'_>> {
        let mut entries: Vec<(i32, i32, crate::FactId)> = Vec::new();
        self.dates
            .for_each_matching(range, how(matching), crate::RelationSet::ANY, |e| {
                entries.push((e.first, e.last, e.fact));
            });
        // A few sorted runs (one per span class, the one-day class sorted outright): the
        // stable sort merges runs, which the unstable one does not see. Entries are
        // distinct (one per fact), so the order is the same.
        entries.sort();
        entries
            .into_iter()
            .map(|(_, _, id)| self.fact_ref(id))
            .collect()
    }

    /// The number of dated facts whose date matches `range`, from the date index alone (no
    /// fact is read): O(log n) for [`DateMatch::Overlaps`], whatever the window or the spans;
    /// for [`DateMatch::Within`], O(log n) plus the facts not known to the day that start in
    /// the window.
    pub fn count_in(&self, range: DateRange, matching: DateMatch) -> usize {
        self.dates
            .count(range, how(matching), crate::RelationSet::ANY)
    }

    /// The facts with no date, in fact-number order.
    pub fn undated(&self) -> impl ExactSizeIterator<Item = FactRef<'_>> + '_ {
        self.undated.iter().map(|id| self.fact_ref(*id))
    }
}
