//! Quantity conflicts: two reports that give one fact numbers that cannot both be true.
//!
//! A fact's quantities belong to its attributions, each with its report, so reports that
//! give different numbers for one fact stay apart. Two such numbers conflict when they
//! measure the same thing (kind, unit and what is counted) and their amounts do not
//! overlap ([`Amount::agrees_with`](crate::Amount::agrees_with): "about 30" agrees with
//! 27, "25" does not agree with "29"). Numbers from the same report never conflict: a
//! report may give a total and a part.

use std::fmt;

use crate::model::quantity::Quantity;
use crate::query::refs::FactRef;
use crate::store::attributions::AttributionView;
use crate::store::graph::KnowledgeGraph;

/// Two reports' numbers for one fact that cannot both be true.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct QuantityConflict<'g> {
    /// The fact.
    pub fact: FactRef<'g>,
    /// Each side: the attribution (its report) and the number it gives.
    pub sides: [(AttributionView<'g>, &'g Quantity); 2],
}

impl fmt::Display for QuantityConflict<'_> {
    /// `quantity conflict: <fact>: personnel: 25 [report a] / personnel: 29 [report b]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = self.fact.graph;
        let name = |a: &AttributionView<'_>| match a.report().and_then(|r| g.report(r)) {
            Some(r) => r.key.clone(),
            None => g
                .entity(a.source())
                .map_or_else(String::new, |e| e.key().to_owned()),
        };
        let [(a, x), (b, y)] = &self.sides;
        write!(
            f,
            "quantity conflict: {}: {x} [{}] / {y} [{}]",
            self.fact,
            name(a),
            name(b)
        )
    }
}

/// Whether two attributions come from different reports (or, without reports, different
/// outlets).
fn different_reports(a: &AttributionView<'_>, b: &AttributionView<'_>) -> bool {
    match (a.report(), b.report()) {
        (Some(x), Some(y)) => x != y,
        _ => a.source() != b.source(),
    }
}

impl KnowledgeGraph {
    /// Every pair of numbers that different reports give for one fact and that cannot
    /// both be true, in fact order. O(quantities²) per fact: facts carry a handful.
    ///
    /// ```
    /// use factgraph::{Amount, Attribution, Entity, EntityKind, Fact, KnowledgeGraph, Quantity, QuantityKind, Relation, Report};
    /// // Made-up data: two wires give one deployment 25 and 29 troops.
    /// let mut g = KnowledgeGraph::new();
    /// let c = g.add_entity(Entity::new("c", EntityKind::Country, "Exampleland"))?;
    /// let p = g.add_entity(Entity::new("p", EntityKind::Country, "Otherland"))?;
    /// let mut sources = Vec::new();
    /// for (key, n) in [("a", 25), ("b", 29)] {
    ///     let wire = g.add_entity(Entity::new(format!("wire_{key}"), EntityKind::Source, "Made-up Wire"))?;
    ///     let r = g.add_report(Report::new(key, wire))?;
    ///     sources.push(Attribution::new(wire).in_report(r)
    ///         .with_quantity(Quantity::new(QuantityKind::Personnel, Amount::Exact(n), None)?));
    /// }
    /// g.add_fact(Fact::new(Relation::DeployedTo, c, p).with_sources(sources))?;
    /// let found: Vec<String> = g.quantity_conflicts().map(|c| c.to_string()).collect();
    /// assert_eq!(found.len(), 1);
    /// assert!(found[0].contains("personnel: 25 [a] / personnel: 29 [b]"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quantity_conflicts(&self) -> impl Iterator<Item = QuantityConflict<'_>> + '_ {
        self.facts
            .iter()
            .flat_map(move |f| self.quantity_conflicts_of(f.id()).into_iter())
    }

    /// The quantity conflicts of one fact ([`quantity_conflicts`](Self::quantity_conflicts)
    /// for that fact alone): O(its numbers²).
    pub(crate) fn quantity_conflicts_of(
        &self,
        id: crate::model::ids::FactId,
    ) -> Vec<QuantityConflict<'_>> {
        let Some(f) = self.facts.get(id.index()) else {
            return Vec::new();
        };
        let numbers: Vec<(AttributionView<'_>, &Quantity)> = f.quantities().collect();
        let mut out = Vec::new();
        for (i, (a, x)) in numbers.iter().enumerate() {
            for (b, y) in numbers.iter().skip(i + 1) {
                if x.measures_same_as(y)
                    && different_reports(a, b)
                    && !x.amount().agrees_with(y.amount())
                {
                    out.push(QuantityConflict {
                        fact: self.fact_ref(id),
                        sides: [(*a, *x), (*b, *y)],
                    });
                }
            }
        }
        out
    }
}

/// Whether two facts' reports give numbers for the same thing that cannot both be true
/// (for [`ConflictKind::Quantity`](crate::corpus::ConflictKind::Quantity) between two
/// facts of one statement).
pub(crate) fn facts_disagree(
    a: crate::store::facts::FactView<'_>,
    b: crate::store::facts::FactView<'_>,
) -> bool {
    a.quantities().any(|(sa, x)| {
        b.quantities().any(|(sb, y)| {
            x.measures_same_as(y)
                && different_reports(&sa, &sb)
                && !x.amount().agrees_with(y.amount())
        })
    })
}
