//! Questions about evidence: what is only planned, intended, proposed or claimed; what a
//! source reported; what someone said.

use crate::model::ids::EntityId;
use crate::model::modality::Modality;
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
}
