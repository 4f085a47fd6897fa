//! Questions about evidence: what is only planned, intended, proposed or claimed; what a
//! source reported; what someone said.

use crate::model::ids::EntityId;
use crate::model::ids::{FactId, ReportId};
use crate::model::modality::Modality;
use crate::model::report::Report;
use crate::query::refs::FactRef;
use crate::store::graph::KnowledgeGraph;

impl KnowledgeGraph {
    /// Every plan, intention, proposal and claim: the facts not reported as done, in
    /// fact-number order; from an index, O(answer).
    ///
    /// ```
    /// use factgraph::{datasets, Modality};
    /// let g = datasets::edm_2004_v1_i133();
    /// assert!(g.not_reported().all(|f| f.modality() != Modality::Reported));
    /// assert!(g.not_reported().any(|f| f.modality() == Modality::Planned));
    /// ```
    pub fn not_reported(&self) -> impl ExactSizeIterator<Item = FactRef<'_>> + '_ {
        self.not_reported.iter().map(|id| self.fact_ref(*id))
    }

    /// The facts of one modality, in fact-number order.
    pub fn with_modality(&self, modality: Modality) -> impl Iterator<Item = FactRef<'_>> + '_ {
        let facts: Box<dyn Iterator<Item = FactRef<'_>>> = if modality.is_reported() {
            Box::new(self.facts())
        } else {
            Box::new(self.not_reported())
        };
        facts.filter(move |f| f.modality() == modality)
    }

    /// Everything one source reported, in fact-number order; from the source index.
    pub fn reported_by(&self, source: EntityId) -> impl Iterator<Item = FactRef<'_>> + '_ {
        self.by_source
            .get(&source)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|id| self.fact_ref(*id))
    }

    /// The facts that are someone's statement (an attribution names them as speaker).
    /// A scan of all facts.
    pub fn statements_by(&self, speaker: EntityId) -> impl Iterator<Item = FactRef<'_>> + '_ {
        self.facts().filter(move |f| {
            f.sources()
                .any(|s| s.attribution().speaker() == Some(speaker))
        })
    }

    /// The facts read in one report, in fact-number order; from the report index.
    ///
    /// ```
    /// use factgraph::datasets;
    /// let g = datasets::edm_2004_v1_i133();
    /// let edm = g.report_by_key("edm_2004_v1_i133").unwrap();
    /// assert_eq!(g.reported_in(edm).count(), g.fact_count());
    /// ```
    pub fn reported_in(&self, report: ReportId) -> impl Iterator<Item = FactRef<'_>> + '_ {
        self.by_report
            .get(report.index())
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|id| self.fact_ref(*id))
    }

    /// The reports an outlet published, in insertion order.
    pub fn reports_of(&self, outlet: EntityId) -> impl Iterator<Item = (ReportId, &Report)> + '_ {
        self.reports().filter(move |(_, r)| r.outlet == outlet)
    }

    /// The facts from reports the outlet published (what it carried, on its own authority
    /// or citing others), in fact-number order. Data without reports counts the
    /// attribution's source as the publication.
    ///
    /// ```
    /// use factgraph::datasets;
    /// let g = datasets::edm_2004_v1_i133();
    /// let edm = g.find("Eurasia Daily Monitor")?.id();
    /// let kazinform = g.find("Kazinform")?.id();
    /// assert_eq!(g.published_by(edm).count(), g.fact_count());
    /// assert_eq!(g.published_by(kazinform).count(), 0); // EDM cites it; it published nothing here
    /// assert!(g.cited(kazinform).count() > 0);
    /// # Ok::<(), factgraph::LookupError>(())
    /// ```
    pub fn published_by(&self, outlet: EntityId) -> impl Iterator<Item = FactRef<'_>> + '_ {
        let mut ids: Vec<FactId> = self
            .reports_of(outlet)
            .flat_map(|(r, _)| self.by_report.get(r.index()).into_iter().flatten().copied())
            .chain(self.reported_by(outlet).filter_map(|f| {
                f.sources()
                    .any(|s| {
                        s.attribution().report().is_none() && s.attribution().source() == outlet
                    })
                    .then_some(f.id())
            }))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| self.fact_ref(id))
    }

    /// The facts a report attributes to this outlet, which it cites (Eurasia Daily Monitor
    /// citing Interfax-Kazakhstan); from the source index.
    pub fn cited(&self, outlet: EntityId) -> impl Iterator<Item = FactRef<'_>> + '_ {
        self.reported_by(outlet).filter(move |f| {
            f.sources().any(|s| {
                s.attribution().source() == outlet && s.report().is_some_and(|r| r.outlet != outlet)
            })
        })
    }
}
