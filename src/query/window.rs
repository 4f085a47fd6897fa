//! Windows of time: the facts dated in a range, narrowed by relation, modality and the kinds
//! of their ends, counted or listed.

use crate::model::date::DateRange;
use crate::model::kind::{EntityKind, KindSet};
use crate::model::modality::ModalitySet;
use crate::model::relation::Relation;
use crate::query::neighbours::{DateMatch, RelationSet};
use crate::query::refs::FactRef;
use crate::store::dates::Match;
use crate::store::graph::KnowledgeGraph;

/// A question about the facts dated in a window: which relations, modalities and kinds of
/// subject and object to keep. Built by [`KnowledgeGraph::window`]; [`count`](Self::count)
/// and [`facts`](Self::facts) answer it.
///
/// A window narrowed by relation alone is counted from that relation's part of the date
/// index in O(log n) per relation, however many facts the window holds; modality, kind and
/// stated-only filters read each fact in the window.
///
/// ```
/// use factgraph::{datasets, DateRange, PartialDate, Relation};
/// let g = datasets::edm_2004_v1_i133();
/// let nov = DateRange::of(PartialDate::month(2004, 11)?);
/// let meetings = g.window(nov).relation(Relation::Met);
/// assert_eq!(meetings.count(), meetings.facts().count());
/// assert!(meetings.facts().all(|f| f.relation() == Relation::Met));
/// assert!(meetings.count() < g.window(nov).count());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Window<'g> {
    graph: &'g KnowledgeGraph,
    range: DateRange,
    matching: DateMatch,
    relations: RelationSet,
    modalities: ModalitySet,
    subject_kinds: KindSet,
    object_kinds: KindSet,
    either_kinds: KindSet,
    stated_only: bool,
}

impl KnowledgeGraph {
    /// The facts dated in `range` (overlapping it, unless [`Window::matching`] says
    /// otherwise), to be narrowed and then counted or listed. Undated facts are in no window.
    pub fn window(&self, range: DateRange) -> Window<'_> {
        Window {
            graph: self,
            range,
            matching: DateMatch::Overlaps,
            relations: RelationSet::ANY,
            modalities: ModalitySet::ANY,
            subject_kinds: KindSet::ANY,
            object_kinds: KindSet::ANY,
            either_kinds: KindSet::ANY,
            stated_only: false,
        }
    }
}

impl<'g> Window<'g> {
    /// How a fact's date must relate to the window (overlap by default).
    pub fn matching(mut self, matching: DateMatch) -> Self {
        self.matching = matching;
        self
    }

    /// Keeps the facts of `relation` only.
    pub fn relation(self, relation: Relation) -> Self {
        self.relations(RelationSet::of(&[relation]))
    }

    /// Keeps the facts of these relations only.
    pub fn relations(mut self, relations: RelationSet) -> Self {
        self.relations = relations;
        self
    }

    /// Keeps the facts of these modalities only.
    pub fn modalities(mut self, modalities: ModalitySet) -> Self {
        self.modalities = modalities;
        self
    }

    /// Keeps the facts whose subject is of one of these kinds.
    pub fn subject_kinds(mut self, kinds: &[EntityKind]) -> Self {
        self.subject_kinds = KindSet::of(kinds);
        self
    }

    /// Keeps the facts whose object is of one of these kinds.
    pub fn object_kinds(mut self, kinds: &[EntityKind]) -> Self {
        self.object_kinds = KindSet::of(kinds);
        self
    }

    /// Keeps the facts with at least one end (subject or object) of one of these kinds.
    pub fn kinds(mut self, kinds: &[EntityKind]) -> Self {
        self.either_kinds = KindSet::of(kinds);
        self
    }

    /// Keeps the facts some report states, leaving out those the coder inferred.
    pub fn stated_only(mut self) -> Self {
        self.stated_only = true;
        self
    }

    fn how(&self) -> Match {
        match self.matching {
            DateMatch::Overlaps => Match::Overlaps,
            DateMatch::Within => Match::Within,
        }
    }

    /// Whether the filters beyond relation need each fact read.
    fn reads_facts(&self) -> bool {
        self.modalities != ModalitySet::ANY
            || self.subject_kinds != KindSet::ANY
            || self.object_kinds != KindSet::ANY
            || self.either_kinds != KindSet::ANY
            || self.stated_only
    }

    fn keeps(&self, fact: &FactRef<'_>) -> bool {
        let f = fact.fact();
        let kind = |id| self.graph.kind_of(id);
        self.modalities.contains(f.modality())
            && !(self.stated_only && f.is_inferred())
            && kind(f.subject()).is_some_and(|k| self.subject_kinds.contains(k))
            && kind(f.object()).is_some_and(|k| self.object_kinds.contains(k))
            && (self.either_kinds == KindSet::ANY
                || [f.subject(), f.object()]
                    .into_iter()
                    .any(|e| kind(e).is_some_and(|k| self.either_kinds.contains(k))))
    }

    /// How many facts the window keeps. From the date index alone (no fact read) when
    /// only relations narrow it: O(log n) per relation for overlaps; otherwise O(window).
    pub fn count(&self) -> usize {
        if self.reads_facts() {
            let mut n = 0;
            self.graph
                .dates
                .for_each_matching(self.range, self.how(), self.relations, |e| {
                    n += usize::from(self.keeps(&self.graph.fact_ref(e.fact)));
                });
            return n;
        }
        self.graph
            .dates
            .count(self.range, self.how(), self.relations)
    }

    /// The facts the window keeps, in date order (earlier first day first, then earlier
    /// last day, then fact number), as [`KnowledgeGraph::timeline`] orders them.
    pub fn facts(&self) -> WindowFacts<'g> {
        let graph = self.graph;
        let mut entries: Vec<(i32, i32, crate::FactId)> = Vec::new();
        let reads = self.reads_facts();
        graph
            .dates
            .for_each_matching(self.range, self.how(), self.relations, |e| {
                if !reads || self.keeps(&graph.fact_ref(e.fact)) {
                    entries.push((e.first, e.last, e.fact));
                }
            });
        // Sorted runs, one per class and relation: see `timeline`.
        entries.sort();
        WindowFacts {
            graph,
            entries: entries.into_iter(),
        }
    }
}

/// The facts of a [`Window`], in date order.
#[derive(Debug, Clone)]
pub struct WindowFacts<'g> {
    graph: &'g KnowledgeGraph,
    entries: std::vec::IntoIter<(i32, i32, crate::FactId)>,
}

impl<'g> Iterator for WindowFacts<'g> {
    type Item = FactRef<'g>;

    fn next(&mut self) -> Option<FactRef<'g>> {
        self.entries
            .next()
            .map(|(_, _, id)| self.graph.fact_ref(id))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for WindowFacts<'_> {}

#[cfg(test)]
mod tests {
    use crate::model::date::{DateRange, PartialDate};
    use crate::model::kind::EntityKind;
    use crate::model::modality::ModalitySet;
    use crate::query::neighbours::{DateMatch, RelationSet};
    use crate::{Relation, datasets};

    /// Every combination of filters answers as a scan of all facts does.
    #[test]
    fn windows_agree_with_a_scan() {
        let g = datasets::corpus();
        let ranges = [
            DateRange::of(PartialDate::year(2004).unwrap_or_else(|e| panic!("{e}"))),
            DateRange::of(PartialDate::month(2004, 11).unwrap_or_else(|e| panic!("{e}"))),
            DateRange::ALL,
        ];
        let relation_sets = [
            RelationSet::ANY,
            RelationSet::of(&[Relation::Met]),
            RelationSet::of(&[Relation::ParticipatedIn, Relation::Hosted]),
        ];
        for range in ranges {
            for matching in [DateMatch::Overlaps, DateMatch::Within] {
                for relations in relation_sets {
                    for modalities in [ModalitySet::ANY, ModalitySet::NOT_REPORTED] {
                        for stated in [false, true] {
                            let mut w = g
                                .window(range)
                                .matching(matching)
                                .relations(relations)
                                .modalities(modalities)
                                .subject_kinds(&[EntityKind::Person, EntityKind::Country]);
                            if stated {
                                w = w.stated_only();
                            }
                            let want: Vec<_> = g
                                .timeline(range, matching)
                                .into_iter()
                                .filter(|f| {
                                    relations.contains(f.relation())
                                        && modalities.contains(f.modality())
                                        && !(stated && f.is_inferred())
                                        && matches!(
                                            f.subject().kind(),
                                            EntityKind::Person | EntityKind::Country
                                        )
                                })
                                .map(|f| f.id())
                                .collect();
                            let got: Vec<_> = w.facts().map(|f| f.id()).collect();
                            assert_eq!(got, want, "{range:?} {matching:?}");
                            assert_eq!(w.count(), want.len());
                            let by_relation_only =
                                g.window(range).matching(matching).relations(relations);
                            assert_eq!(by_relation_only.count(), by_relation_only.facts().count());
                        }
                    }
                }
            }
        }
    }
}
