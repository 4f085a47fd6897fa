//! Editions of a recurring series: which edition an exercise or event is, stated by a
//! report or counted from the series' recurrence.

use crate::model::date::{PartialDate, Span};
use crate::model::ids::EntityId;
use crate::model::relation::{Direction, Relation};
use crate::query::neighbours::{Filter, RelationSet};
use crate::store::graph::KnowledgeGraph;

/// Which edition of its series an exercise or event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Edition {
    /// The series (the object of the edition's `part_of`).
    pub series: EntityId,
    /// The ordinal, 1 for the first.
    pub ordinal: u32,
    /// Whether a report gives the ordinal ("the 11th annual"); `false` when it is counted
    /// from a recurring fact of the series (`yearly` since 2003) and the edition's year.
    pub stated: bool,
}

impl KnowledgeGraph {
    /// Which edition of its series `edition` is: the ordinal a `part_of` fact states, or
    /// else the one counted from a recurring fact about the series (its span's start and
    /// step) and the year of the edition's earliest dated fact. `None` when neither is
    /// known. Cost: the edition's and the series' facts.
    ///
    /// ```
    /// use factgraph::datasets;
    /// let g = datasets::corpus();
    /// let se2010 = g.find("Steppe Eagle 2010")?;
    /// let e = g.edition_of(se2010.id()).expect("counted from the yearly series");
    /// assert_eq!((e.ordinal, e.stated), (8, false)); // the 2010 edition is the eighth
    /// let se2013 = g.find("Steppe Eagle 2013")?;
    /// assert_eq!(g.edition_of(se2013.id()).map(|e| (e.ordinal, e.stated)), Some((11, true)));
    /// # Ok::<(), factgraph::LookupError>(())
    /// ```
    pub fn edition_of(&self, edition: EntityId) -> Option<Edition> {
        let part_of = Filter::any()
            .relations(RelationSet::of(&[Relation::PartOf]))
            .direction(Direction::Outgoing);
        let parts: Vec<_> = self
            .neighbours(edition, part_of)
            .map(|h| h.fact())
            .collect();
        if let Some(f) = parts.iter().find(|f| f.fact().edition_number().is_some()) {
            return f.fact().edition_number().map(|n| Edition {
                series: f.object().id(),
                ordinal: n.get(),
                stated: true,
            });
        }
        let year = self
            .neighbours(edition, Filter::any())
            .filter_map(|h| match h.fact().date().span() {
                Span::On(d) | Span::Between(d, _) => Some(d.year_value()),
                _ => None,
            })
            .min()?;
        let when = PartialDate::year(year).ok()?;
        parts.iter().find_map(|p| {
            let series = p.object().id();
            let incoming = Filter::any().direction(Direction::Incoming);
            self.neighbours(series, incoming)
                .map(|h| h.fact())
                .find_map(|f| f.fact().recurrence()?.ordinal(f.date(), when))
                .map(|ordinal| Edition {
                    series,
                    ordinal,
                    stated: false,
                })
        })
    }
}
