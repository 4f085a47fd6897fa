//! Corroboration: how many reports and independent outlets support a fact.

use crate::model::date::FactDate;
use crate::model::ids::{EntityId, ReportId};
use crate::query::refs::FactRef;
use crate::store::facts::FactView;

/// How well a fact is supported.
///
/// - `reports`: distinct reports among its attributions. An attribution without a report
///   (data of format version 1) counts as one report per outlet and date.
/// - `outlets`: distinct outlets the statements came through (an attribution's `source`:
///   the outlet a report cites, or the report's own outlet). Two reports that both cite
///   Interfax-Kazakhstan count once: they are not independent.
/// - `stated`: reports that state the fact outright; the others inferred it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct Support {
    /// Distinct reports.
    pub reports: usize,
    /// Distinct outlets, a measure of independent corroboration.
    pub outlets: usize,
    /// Distinct reports (as counted in `reports`) that state the fact outright.
    pub stated: usize,
}

/// One attribution's report, for counting.
#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum ReportMark {
    Report(ReportId),
    Legacy(EntityId, FactDate),
}

impl Support {
    /// Counts a fact's support. O(attributions × log attributions).
    pub fn of(fact: FactView<'_>) -> Support {
        let mut reports: Vec<(ReportMark, bool)> = fact
            .sources()
            .iter()
            .map(|a| {
                let mark = match a.report() {
                    Some(r) => ReportMark::Report(r),
                    None => ReportMark::Legacy(a.source(), a.reported()),
                };
                (mark, a.is_stated())
            })
            .collect();
        reports.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        reports.dedup_by(|x, y| x.0 == y.0);
        let mut outlets: Vec<EntityId> = fact.sources().iter().map(|a| a.source()).collect();
        outlets.sort_unstable();
        outlets.dedup();
        Support {
            reports: reports.len(),
            outlets: outlets.len(),
            stated: reports.iter().filter(|r| r.1).count(),
        }
    }
}

impl FactRef<'_> {
    /// How many reports and independent outlets support the fact.
    ///
    /// ```
    /// use factgraph::datasets;
    /// let g = datasets::corpus();
    /// // Some fact of the corpus is stated by more than one report.
    /// assert!(g.facts().any(|f| f.support().reports > 1));
    /// ```
    pub fn support(&self) -> Support {
        Support::of(self.fact())
    }
}
