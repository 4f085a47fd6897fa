//! Facts in time order.

use crate::model::date::DateRange;
use crate::query::neighbours::DateMatch;
use crate::query::refs::FactRef;
use crate::store::graph::KnowledgeGraph;

impl KnowledgeGraph {
    /// The dated facts whose date matches `range` (see [`DateMatch`]), in date order
    /// (earlier first day first, then earlier last day, then the more precise, then fact
    /// number; see [`FactDate`](crate::FactDate)'s ordering). Undated facts are
    /// never in a timeline; [`undated`](Self::undated) lists them.
    ///
    /// Uses the first-day index: O(log n + facts starting in the window widened by the
    /// longest dated span in the graph).
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
    pub fn timeline(&self, range: DateRange, how: DateMatch) -> Vec<FactRef<'_>> {
        let (first, last) = range.bounds();
        let from = first.saturating_sub(self.longest_span);
        let mut out: Vec<FactRef<'_>> = self
            .by_first_day
            .range(from..=last)
            .flat_map(|(_, ids)| ids.iter().map(|id| self.fact_ref(*id)))
            .filter(|f| match how {
                DateMatch::Overlaps => f.date().overlaps(&range),
                DateMatch::Within => f.date().within(&range),
            })
            .collect();
        out.sort_by(|a, b| a.date().cmp(&b.date()).then(a.id().cmp(&b.id())));
        out
    }

    /// The number of dated facts whose date matches `range`, without sorting them.
    pub fn count_in(&self, range: DateRange, how: DateMatch) -> usize {
        let (first, last) = range.bounds();
        let from = first.saturating_sub(self.longest_span);
        self.by_first_day
            .range(from..=last)
            .flat_map(|(_, ids)| ids.iter())
            .filter(|id| {
                let d = self.fact_ref(**id).date();
                match how {
                    DateMatch::Overlaps => d.overlaps(&range),
                    DateMatch::Within => d.within(&range),
                }
            })
            .count()
    }

    /// The facts with no date, in fact-number order.
    pub fn undated(&self) -> impl ExactSizeIterator<Item = FactRef<'_>> + '_ {
        self.undated.iter().map(|id| self.fact_ref(*id))
    }
}
