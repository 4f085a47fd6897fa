//! Corroboration: how many reports and independent outlets support a fact, and how many
//! of those support its date and its place.

use crate::model::date::FactDate;
use crate::model::ids::{EntityId, ReportId};
use crate::query::refs::FactRef;
use crate::query::time::{self, ALL_KNOWN, Coverage, Kept};
use crate::store::attributions::AttributionView;
use crate::store::facts::FactView;
use crate::store::graph::KnowledgeGraph;

/// How well a fact is supported, element by element.
///
/// - `reports`: distinct reports among its attributions: support for the statement. An
///   attribution without a report (data of format version 1) counts as one report per
///   outlet and date.
/// - `outlets`: distinct outlets the statements came through (an attribution's `source`:
///   the outlet a report cites, or the report's own outlet). Two reports that both cite
///   Interfax-Kazakhstan count once: they are not independent.
/// - `origins`: distinct independent origins, the measure of corroboration to rank by.
///   An attribution's origin is the speaker whose statement it relays, when it names one,
///   and otherwise the outlet it came through (as for `outlets`). Two reports that relay
///   one ministry's statement, or one wire, count once however many outlets carried them;
///   each attribution keeps its own chain (report, outlet, cited outlet, speaker), so
///   nothing is lost by counting this way. `origins <= outlets` unless one outlet relays
///   several speakers.
/// - `stated`: reports that state the fact outright; the others inferred it.
/// - `date_reports`: reports that give the fact's date, as precisely as the fact has it.
///   A report that gives no date, or a coarser one ("in November" for a meeting another
///   report dates to the 17th; see [`Attribution::claimed_date`](crate::Attribution::claimed_date)),
///   supports the statement but not the date. 0 for an undated fact.
/// - `place_reports`: reports that give the fact's place (not those that give none, see
///   [`Attribution::claimed_place`](crate::Attribution::claimed_place)). 0 for a fact
///   without a place.
///
/// Through a known-by view, the counts are those of the version (the reports out by then).
///
/// ```
/// use factgraph::datasets;
/// let g = datasets::corpus();
/// for f in g.facts() {
///     let s = f.support();
///     assert!(s.date_reports <= s.reports && s.place_reports <= s.reports);
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct Support {
    /// Distinct reports: support for the statement.
    pub reports: usize,
    /// Distinct outlets, a measure of independent corroboration.
    pub outlets: usize,
    /// Distinct independent origins: the speakers relayed, or the outlets for what no
    /// speaker is named for.
    pub origins: usize,
    /// Distinct reports (as counted in `reports`) that state the fact outright.
    pub stated: usize,
    /// Distinct reports (as counted in `reports`) that give the fact's date as precisely
    /// as the fact has it.
    pub date_reports: usize,
    /// Distinct reports (as counted in `reports`) that give the fact's place.
    pub place_reports: usize,
}

/// One attribution's report, for counting.
#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum ReportMark {
    Report(ReportId),
    Legacy(EntityId, FactDate),
}

/// What one report (among a fact's attributions) supports: stated, the date, the place.
#[derive(Clone, Copy)]
struct Marks {
    report: ReportMark,
    stated: bool,
    date: bool,
    place: bool,
}

impl Support {
    /// Counts a fact's support, every attribution counted. O(attributions × log
    /// attributions).
    pub fn of(fact: FactView<'_>) -> Support {
        Support::count(fact, fact.sources().iter(), fact.date(), fact.place())
    }

    /// The support of the version of `fact` known by day `by`.
    pub(crate) fn of_version(graph: &KnowledgeGraph, fact: FactView<'_>, by: i32) -> Support {
        if by == ALL_KNOWN {
            return Support::of(fact);
        }
        Support::of_kept(graph, fact, Kept::of(graph, fact, by))
    }

    /// The support of `fact` through the attributions `kept`.
    pub(crate) fn of_kept(graph: &KnowledgeGraph, fact: FactView<'_>, kept: Kept) -> Support {
        if kept.coverage() != Coverage::Part {
            return Support::of(fact);
        }
        Support::count(
            fact,
            kept.iter(graph, fact),
            time::Seen::new(graph, fact, kept).date(),
            time::kept_place(graph, fact, kept),
        )
    }

    /// Counts the support of `attributions` of `fact` for a statement dated `date` and
    /// placed at `place`.
    fn count<'g>(
        fact: FactView<'g>,
        attributions: impl Iterator<Item = AttributionView<'g>>,
        date: FactDate,
        place: Option<EntityId>,
    ) -> Support {
        let bounds = date.day_bounds();
        let mut outlets: Vec<EntityId> = Vec::new();
        let mut origins: Vec<EntityId> = Vec::new();
        let mut reports: Vec<Marks> = attributions
            .map(|a| {
                outlets.push(a.source());
                origins.push(a.speaker().unwrap_or(a.source()));
                let report = match a.report() {
                    Some(r) => ReportMark::Report(r),
                    None => ReportMark::Legacy(a.source(), a.reported()),
                };
                // The date it gives supports the fact's when it is as precise: every day
                // it may stand for is one the fact's may.
                let own = a.claimed_date().unwrap_or(fact.date());
                let date = match (own.day_bounds(), bounds) {
                    (Some((a0, a1)), Some((b0, b1))) => b0 <= a0 && a1 <= b1,
                    _ => false,
                };
                let own_place = a.claimed_place().unwrap_or(fact.place());
                Marks {
                    report,
                    stated: a.is_stated(),
                    date,
                    place: place.is_some() && own_place == place,
                }
            })
            .collect();
        reports.sort_unstable_by_key(|m| m.report);
        // One report counts once for each element any of its attributions supports.
        let mut merged: Vec<Marks> = Vec::with_capacity(reports.len());
        for m in reports {
            match merged.last_mut() {
                Some(last) if last.report == m.report => {
                    last.stated |= m.stated;
                    last.date |= m.date;
                    last.place |= m.place;
                }
                _ => merged.push(m),
            }
        }
        outlets.sort_unstable();
        outlets.dedup();
        origins.sort_unstable();
        origins.dedup();
        Support {
            reports: merged.len(),
            outlets: outlets.len(),
            origins: origins.len(),
            stated: merged.iter().filter(|r| r.stated).count(),
            date_reports: merged.iter().filter(|r| r.date).count(),
            place_reports: merged.iter().filter(|r| r.place).count(),
        }
    }
}

impl FactRef<'_> {
    /// How many reports and independent outlets support the fact, and how many of them
    /// its date and its place (of its version, through a known-by view).
    ///
    /// ```
    /// use factgraph::datasets;
    /// let g = datasets::corpus();
    /// // Some fact of the corpus is stated by more than one report.
    /// assert!(g.facts().any(|f| f.support().reports > 1));
    /// ```
    pub fn support(&self) -> Support {
        Support::of_version(self.graph, self.fact(), self.known_by)
    }
}
