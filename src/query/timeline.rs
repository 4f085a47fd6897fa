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
    /// The dated facts whose date matches `range` (see [`DateMatch`]), in date order
    /// (earlier first day first, then earlier last day, then the more precise, then fact
    /// number; see [`FactDate`](crate::FactDate)'s ordering). Undated facts are never in a
    /// timeline; [`undated`](Self::undated) lists them.
    ///
    /// Uses the date index: O(log n + facts starting in the window, widened by the longest
    /// span of each span class (day, month, year, longer)), plus sorting the answer.
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
        let mut out: Vec<FactRef<'_>> = self
            .dates
            .matching(range, how(matching))
            .map(|e| self.fact_ref(e.fact))
            .collect();
        out.sort_by(|a, b| a.date().cmp(&b.date()).then(a.id().cmp(&b.id())));
        out
    }

    /// The number of dated facts whose date matches `range`, from the date index alone (no
    /// fact is read): O(log n) for [`DateMatch::Overlaps`], whatever the window or the spans;
    /// for [`DateMatch::Within`], O(log n) plus the facts not known to the day that start in
    /// the window.
    pub fn count_in(&self, range: DateRange, matching: DateMatch) -> usize {
        self.dates.count(range, how(matching))
    }

    /// The facts with no date, in fact-number order.
    pub fn undated(&self) -> impl ExactSizeIterator<Item = FactRef<'_>> + '_ {
        self.undated.iter().map(|id| self.fact_ref(*id))
    }
}
