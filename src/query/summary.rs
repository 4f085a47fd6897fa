//! The graph in numbers and its best corroborated facts: what a briefing opens with, in
//! the CLI, the HTML page and the examples alike.

use std::fmt;

use crate::query::refs::FactRef;
use crate::store::graph::KnowledgeGraph;

/// The graph in numbers ([`KnowledgeGraph::summary`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Entities.
    pub entities: usize,
    /// Facts.
    pub facts: usize,
    /// Reports.
    pub reports: usize,
    /// Facts some report does not state outright (the coder inferred them).
    pub inferred: usize,
    /// Facts reported by two or more outlets.
    pub corroborated: usize,
    /// Conflicts between reports: facts that disagree ([`KnowledgeGraph::conflicts`])
    /// and numbers one fact's reports give that cannot both be true
    /// ([`KnowledgeGraph::quantity_conflicts`]).
    pub conflicts: usize,
    /// Of `conflicts`, those over numbers ([`KnowledgeGraph::quantity_conflicts`]).
    pub quantity_conflicts: usize,
}

impl fmt::Display for Summary {
    /// `324 entities, 560 facts from 41 reports; 145 inferred by the coder, 74 stated by
    /// two or more outlets, 1 conflict (1 over numbers)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} entities, {} facts from {} reports; {} inferred by the coder, {} stated by two or more outlets, {} conflict{}",
            self.entities,
            self.facts,
            self.reports,
            self.inferred,
            self.corroborated,
            self.conflicts,
            if self.conflicts == 1 { "" } else { "s" }
        )?;
        if self.quantity_conflicts > 0 {
            write!(f, " ({} over numbers)", self.quantity_conflicts)?;
        }
        Ok(())
    }
}

impl KnowledgeGraph {
    /// The graph in numbers. O(facts × attributions), plus the conflict search.
    ///
    /// ```
    /// let g = factgraph::datasets::edm_2004_v1_i133();
    /// let s = g.summary();
    /// assert_eq!((s.entities, s.facts), (g.entity_count(), g.fact_count()));
    /// assert!(s.to_string().starts_with(&format!("{} entities", s.entities)));
    /// ```
    pub fn summary(&self) -> Summary {
        let (mut inferred, mut corroborated) = (0, 0);
        for f in self.facts() {
            inferred += usize::from(f.is_inferred());
            corroborated += usize::from(f.support().outlets >= 2);
        }
        let quantity_conflicts = self.quantity_conflicts().count();
        Summary {
            entities: self.entity_count(),
            facts: self.fact_count(),
            reports: self.report_count(),
            inferred,
            corroborated,
            conflicts: self.conflicts().count() + quantity_conflicts,
            quantity_conflicts,
        }
    }
}

/// The facts among `facts` that some report states and two or more outlets report,
/// best corroborated first: the most independent origins, then outlets, then reports,
/// then in fact order.
///
/// ```
/// use factgraph::query::summary::best_corroborated;
/// let g = factgraph::datasets::corpus();
/// let best = best_corroborated(g.facts());
/// assert!(best.windows(2).all(|w| w[0].support().origins >= w[1].support().origins));
/// assert!(best.iter().all(|f| f.is_stated() && f.support().outlets >= 2));
/// ```
pub fn best_corroborated<'g>(facts: impl IntoIterator<Item = FactRef<'g>>) -> Vec<FactRef<'g>> {
    let mut ranked: Vec<_> = facts
        .into_iter()
        .filter(|f| f.is_stated())
        .map(|f| (f.support(), f))
        .filter(|(s, _)| s.outlets >= 2)
        .collect();
    ranked.sort_by_key(|(s, f)| (std::cmp::Reverse((s.origins, s.outlets, s.reports)), f.id()));
    ranked.into_iter().map(|(_, f)| f).collect()
}
