//! Typed neighbours: the facts at an entity, filtered by relation, direction, kind of the
//! other end, date and modality.

use crate::model::date::{DateRange, PartialDate};
use crate::model::ids::EntityId;
use crate::model::kind::{EntityKind, KindSet};
use crate::model::modality::{Modality, ModalitySet};
use crate::model::relation::{Direction, Relation};
use crate::query::refs::{EntityRef, FactRef};
use crate::query::time::{self, ALL_KNOWN, Coverage};
use crate::store::adjacency::{self, AdjEntry, End};
use crate::store::facts::FactView;
use crate::store::graph::KnowledgeGraph;

// The set of relations lives with the relations (the store's date index uses it too);
// re-exported here, where filters take it.
pub use crate::model::relation::RelationSet;

/// How a fact's date must relate to a filter's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum DateMatch {
    /// Some day the date may stand for is in the window (`2004-11` matches 17 November).
    #[default]
    Overlaps,
    /// Every day the date may stand for is in the window (`2004-11` does not match 17 November).
    Within,
}

/// What to keep when walking from an entity: relations, direction, the other end's kind,
/// a date window and modalities. The default keeps everything.
///
/// ```
/// use factgraph::{datasets, Direction, EntityKind, Filter, Relation};
/// let g = datasets::edm_2004_v1_i133();
/// let kz = g.find("Kazakhstan")?;
/// let hosted: Vec<&str> = g
///     .neighbours(kz.id(), Filter::relation(Relation::Hosted).direction(Direction::Outgoing)
///         .kinds(&[EntityKind::Exercise]))
///     .map(|hop| hop.other().name())
///     .collect();
/// assert!(hosted.contains(&"Steppe Eagle 2004"));
/// # Ok::<(), factgraph::LookupError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    relations: RelationSet,
    direction: Direction,
    kinds: KindSet,
    window: Option<(DateRange, DateMatch)>,
    modalities: ModalitySet,
    stated_only: bool,
    min_reports: u16,
    min_outlets: u16,
    as_of: Option<(i32, i32)>,
    known_by: Option<i32>,
}

impl Default for Filter {
    fn default() -> Self {
        Filter::any()
    }
}

impl Filter {
    /// Keeps every fact.
    pub const fn any() -> Self {
        Filter {
            relations: RelationSet::ANY,
            direction: Direction::Both,
            kinds: KindSet::ANY,
            window: None,
            modalities: ModalitySet::ANY,
            stated_only: false,
            min_reports: 0,
            min_outlets: 0,
            as_of: None,
            known_by: None,
        }
    }

    /// Keeps facts of one relation.
    pub const fn relation(r: Relation) -> Self {
        Filter::any().relations(RelationSet::of(&[r]))
    }

    /// Keeps facts of these relations.
    pub const fn relations(mut self, relations: RelationSet) -> Self {
        self.relations = relations;
        self
    }

    /// Keeps facts where the entity stands at this end. Symmetric relations (`met`) match
    /// in both directions whatever is set here.
    pub const fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    /// Keeps facts whose other end is of one of the kinds of a set.
    pub(crate) const fn kind_set(mut self, kinds: KindSet) -> Self {
        self.kinds = kinds;
        self
    }

    /// Keeps facts whose other end is of one of these kinds.
    pub const fn kinds(mut self, kinds: &[EntityKind]) -> Self {
        self.kinds = KindSet::of(kinds);
        self
    }

    /// Keeps facts whose date overlaps `range` (undated facts are dropped).
    pub const fn during(mut self, range: DateRange) -> Self {
        self.window = Some((range, DateMatch::Overlaps));
        self
    }

    /// Keeps facts whose date lies wholly within `range` (undated facts are dropped).
    pub const fn within(mut self, range: DateRange) -> Self {
        self.window = Some((range, DateMatch::Within));
        self
    }

    /// Keeps facts of these modalities.
    pub const fn modalities(mut self, modalities: ModalitySet) -> Self {
        self.modalities = modalities;
        self
    }

    /// Keeps facts reported as done (no plans, intentions, proposals or claims).
    pub const fn reported_only(self) -> Self {
        self.modalities(ModalitySet::REPORTED)
    }

    /// Leaves out facts that no report states outright (every report behind them was
    /// marked inferred by the coder).
    ///
    /// ```
    /// use factgraph::{datasets, Filter, Relation};
    /// let g = datasets::edm_2004_v1_i133();
    /// let us = g.find("United States")?.id();
    /// let all = g.neighbours(us, Filter::relation(Relation::ParticipatedIn)).count();
    /// let stated = g.neighbours(us, Filter::relation(Relation::ParticipatedIn).stated_only()).count();
    /// assert!(stated < all); // "the US took part in Steppe Eagle 2004" is inferred
    /// # Ok::<(), factgraph::LookupError>(())
    /// ```
    pub const fn stated_only(mut self) -> Self {
        self.stated_only = true;
        self
    }

    /// Keeps facts supported by at least `n` distinct reports (see
    /// [`Support`](crate::corpus::Support)).
    pub const fn min_reports(mut self, n: u16) -> Self {
        self.min_reports = n;
        self
    }

    /// Keeps facts supported by at least `n` distinct outlets: independent corroboration
    /// (see [`Support`](crate::corpus::Support)).
    pub const fn min_outlets(mut self, n: u16) -> Self {
        self.min_outlets = n;
        self
    }

    /// Keeps what holds or has happened as of `date` (valid time; see
    /// [`holds_as_of`](crate::KnowledgeGraph::holds_as_of) for the rules). A month or year
    /// means "at some time in it".
    ///
    /// ```
    /// use factgraph::{Entity, EntityKind, Fact, Filter, KnowledgeGraph, PartialDate, Relation};
    /// // Made-up data: a country in an organisation since 1995, another from 1992 to 1994.
    /// let mut g = KnowledgeGraph::new();
    /// let org = g.add_entity(Entity::new("org", EntityKind::Organisation, "Example Alliance"))?;
    /// for (key, term) in [("r", "1995/.."), ("f", "1992/1994")] {
    ///     let c = g.add_entity(Entity::new(key, EntityKind::Country, key))?;
    ///     g.add_fact(Fact::new(Relation::MemberOf, c, org).valid_during(term.parse()?))?;
    /// }
    /// let members = |y| -> Vec<&str> {
    ///     g.neighbours(org, Filter::relation(Relation::MemberOf).as_of(PartialDate::year(y).unwrap()))
    ///         .map(|h| h.other().key()).collect()
    /// };
    /// assert_eq!(members(2010), ["r"]);
    /// assert_eq!(members(1993), ["f"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_of(mut self, date: PartialDate) -> Self {
        self.as_of = Some((date.first_day_number(), date.last_day_number()));
        self
    }

    /// Keeps what had been reported by the end of `date` (report time): a fact at least
    /// one of whose reports was certainly out by then (see
    /// [`known_since`](crate::FactRef::known_since)), as those reports gave it: the other
    /// parts of the filter (as-of, date window, stated only, minimum reports or outlets)
    /// judge that version, and the facts the query returns show it (see
    /// [`FactRef`]).
    pub fn known_by(mut self, date: PartialDate) -> Self {
        self.known_by = Some(date.last_day_number());
        self
    }

    /// The known-by day, as a day number ([`ALL_KNOWN`] without one).
    pub(crate) fn known_by_day(&self) -> i32 {
        self.known_by.unwrap_or(ALL_KNOWN)
    }

    /// This filter narrowed by `view`: only the relations and modalities both allow; the
    /// view's date window, time views (as-of, known-by) and evidence requirements added
    /// where this one sets none. How a [`View`](crate::View) applies itself to a query's
    /// own filter. (Direction and kinds stay this filter's: they describe a walk, not a
    /// set of facts.)
    pub fn within_view(mut self, view: &Filter) -> Self {
        self.relations = RelationSet(self.relations.0 & view.relations.0);
        self.modalities = self.modalities.intersection(view.modalities);
        self.window = self.window.or(view.window);
        self.as_of = self.as_of.or(view.as_of);
        self.known_by = self.known_by.or(view.known_by);
        self.stated_only |= view.stated_only;
        self.min_reports = self.min_reports.max(view.min_reports);
        self.min_outlets = self.min_outlets.max(view.min_outlets);
        self
    }

    /// Whether `fact` passes the relation, date and modality parts of the filter.
    pub fn accepts_fact(&self, fact: &FactRef<'_>) -> bool {
        self.relations.contains(fact.relation()) && self.accepts_evidence(fact.graph, fact.fact())
    }

    /// Whether the date and modality parts accept `fact`.
    pub(crate) fn accepts_evidence(&self, graph: &KnowledgeGraph, fact: FactView<'_>) -> bool {
        if !self.modalities.contains(fact.modality()) {
            return false;
        }
        // Known by a day: the fact as the reports out by then gave it. `by` is that day
        // when only some of its reports were out, so the checks below judge the version.
        let by = self.known_by_day();
        // As of a date in a known-by view: a fact whose attributions give no date or valid
        // time of their own has the stored ones in every version, so the as-of check on
        // them can reject it before its reports' dates are read (most facts fail it).
        if let Some(window) = self.as_of
            && by != ALL_KNOWN
            && !graph.has_claims(fact)
            && !time::Seen::new(graph, fact, time::Kept::all()).may_hold_in(window)
        {
            return false;
        }
        let kept = time::Kept::of(graph, fact, by);
        if kept.coverage() == Coverage::None {
            return false;
        }
        let seen = time::Seen::new(graph, fact, kept);
        // Succession as of a date counts only the terms known by the view's day.
        self.as_of.is_none_or(|window| seen.holds_in(window, by))
            && (!self.stated_only || time::kept_stated(graph, fact, kept))
            && (self.min_reports <= 1 && self.min_outlets <= 1 || {
                let s = crate::corpus::Support::of_kept(graph, fact, kept);
                s.reports >= usize::from(self.min_reports)
                    && s.outlets >= usize::from(self.min_outlets)
            })
            && match self.window {
                None => true,
                Some((range, DateMatch::Overlaps)) => seen.date().overlaps(&range),
                Some((range, DateMatch::Within)) => seen.date().within(&range),
            }
    }

    /// Whether the filter looks at anything but relation, direction and kind, and so must
    /// read the fact itself.
    pub(crate) fn reads_facts(&self) -> bool {
        self.window.is_some()
            || self.modalities != ModalitySet::ANY
            || self.stated_only
            || self.as_of.is_some()
            || self.known_by.is_some()
            || self.min_reports > 1
            || self.min_outlets > 1
    }

    /// Whether an adjacency entry passes relation, direction, kind, date and modality.
    pub(crate) fn accepts_entry(&self, graph: &KnowledgeGraph, entry: &AdjEntry) -> bool {
        let r = entry.relation();
        self.relations.contains(r)
            && (r.is_symmetric()
                || match self.direction {
                    Direction::Both => true,
                    Direction::Outgoing => entry.end() == End::Subject,
                    Direction::Incoming => entry.end() == End::Object,
                })
            && (self.kinds == KindSet::ANY
                || graph
                    .kind_of(entry.other())
                    .is_some_and(|k| self.kinds.contains(k)))
            && (!self.reads_facts()
                || graph
                    .fact_data(entry.fact)
                    .is_some_and(|f| self.accepts_evidence(graph, f)))
    }

    /// Whether modality `m` passes.
    pub fn accepts_modality(&self, m: Modality) -> bool {
        self.modalities.contains(m)
    }

    /// The adjacency keys (`relation * 2 + end`, one bit each) the filter visits: a few
    /// bit operations per chosen relation, as this runs once per query.
    fn adjacency_keys(&self) -> u32 {
        let mut keys = 0u32;
        let mut rels = self.relations.0;
        while rels != 0 {
            let i = rels.trailing_zeros();
            rels &= rels - 1;
            let subject = 1u32 << (2 * i);
            let symmetric = Relation::ALL
                .get(i as usize)
                .is_some_and(|r| r.is_symmetric());
            keys |= match self.direction {
                _ if symmetric => subject | subject << 1,
                Direction::Both => subject | subject << 1,
                Direction::Outgoing => subject,
                Direction::Incoming => subject << 1,
            };
        }
        keys
    }

    #[cfg(test)]
    fn ends(&self, r: Relation) -> &'static [End] {
        match self.direction {
            _ if r.is_symmetric() => &[End::Subject, End::Object],
            Direction::Both => &[End::Subject, End::Object],
            Direction::Outgoing => &[End::Subject],
            Direction::Incoming => &[End::Object],
        }
    }
}

/// One step from an entity along a fact to the entity at its other end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop<'g> {
    pub(crate) from: EntityId,
    pub(crate) other: EntityId,
    pub(crate) fact: FactRef<'g>,
    pub(crate) forward: bool,
}

impl<'g> Hop<'g> {
    /// The hop with its fact shown as known by day `by`.
    #[inline]
    fn known_by(mut self, by: i32) -> Self {
        self.fact.known_by = by;
        self
    }

    /// The supporting fact (with its sources; through a known-by view, the version the
    /// reports out by then gave).
    #[inline]
    pub fn fact(&self) -> FactRef<'g> {
        self.fact
    }

    /// The entity the step starts from.
    pub fn from(&self) -> EntityRef<'g> {
        self.fact.graph.entity_ref(self.from)
    }

    /// The entity at the other end.
    #[inline]
    pub fn other(&self) -> EntityRef<'g> {
        self.fact.graph.entity_ref(self.other)
    }

    /// The id of the entity at the other end (no entity data is read).
    #[inline]
    pub fn other_id(&self) -> EntityId {
        self.other
    }

    /// `Outgoing` if the step goes from subject to object, `Incoming` otherwise.
    pub fn direction(&self) -> Direction {
        if self.forward {
            Direction::Outgoing
        } else {
            Direction::Incoming
        }
    }
}

/// The iterator of [`KnowledgeGraph::neighbours`]: hops from one entity, in order of
/// relation, then end (as subject first), then fact number.
#[derive(Debug, Clone)]
pub struct Neighbours<'g> {
    graph: &'g KnowledgeGraph,
    from: EntityId,
    /// The (relation, end) keys still to visit, one bit each.
    keys: u32,
    current: adjacency::Iter<'g>,
    kinds: Option<KindSet>,
    evidence: Option<Filter>,
    /// The known-by day the facts are shown as of ([`ALL_KNOWN`]: as stored).
    known_by: i32,
}

impl<'g> Iterator for Neighbours<'g> {
    type Item = Hop<'g>;

    #[inline]
    fn next(&mut self) -> Option<Hop<'g>> {
        loop {
            for e in self.current.by_ref() {
                if let Some(kinds) = self.kinds
                    && !self
                        .graph
                        .kind_of(e.other())
                        .is_some_and(|k| kinds.contains(k))
                {
                    continue;
                }
                if let Some(filter) = &self.evidence
                    && !self
                        .graph
                        .fact_data(e.fact)
                        .is_some_and(|f| filter.accepts_evidence(self.graph, f))
                {
                    continue;
                }
                return Some(self.graph.hop(self.from, e).known_by(self.known_by));
            }
            if !self.next_run() {
                return None;
            }
        }
    }

    /// Internal iteration: one tight loop per run of keys, the filters chosen once per
    /// query rather than tested per entry (`fold`, `count`, `for_each`, `sum` and the
    /// adapters built on them go this way; on a hub's thousands of entries the per-entry
    /// `next` was most of the cost).
    fn fold<B, F>(mut self, init: B, mut f: F) -> B
    where
        F: FnMut(B, Hop<'g>) -> B,
    {
        let mut acc = init;
        let (graph, from) = (self.graph, self.from);
        loop {
            let (slice, delta) = self.current.as_slices();
            match (self.kinds, &self.evidence) {
                (None, None) if delta.is_empty() => {
                    for e in slice {
                        acc = f(acc, graph.hop(from, e));
                    }
                }
                // With filters, or with facts of small commits not yet folded into the
                // index's array (a second run, merged entry by entry).
                _ => {
                    for e in std::mem::take(&mut self.current) {
                        if self.kinds.is_some_and(|kinds| {
                            !graph.kind_of(e.other()).is_some_and(|k| kinds.contains(k))
                        }) {
                            continue;
                        }
                        if let Some(filter) = &self.evidence
                            && !graph
                                .fact_data(e.fact)
                                .is_some_and(|fact| filter.accepts_evidence(graph, fact))
                        {
                            continue;
                        }
                        acc = f(acc, graph.hop(from, e).known_by(self.known_by));
                    }
                }
            }
            if !self.next_run() {
                return acc;
            }
        }
    }
}

impl Neighbours<'_> {
    /// Moves to the next run of consecutive keys (one contiguous slice of the entity's
    /// list, and of its delta); `false` when none is left. Out of line, so that `next`
    /// (a per-entry loop) stays small enough to be inlined into its callers.
    #[inline(never)]
    fn next_run(&mut self) -> bool {
        if self.keys == 0 {
            return false;
        }
        let lo = self.keys.trailing_zeros();
        let run = (self.keys >> lo).trailing_ones();
        let hi = lo + run;
        self.keys &= if hi >= 32 { 0 } else { !0u32 << hi };
        self.current = self
            .graph
            .adjacency
            .key_range(self.from, lo as u8, hi as u8)
            .iter();
        true
    }
}

impl KnowledgeGraph {
    /// The facts at `entity` that pass `filter`, as hops to the other end; lazily, from the
    /// adjacency index, where each entity's facts are sorted by relation and end: the cost is
    /// a binary search per run of chosen (relation, end) pairs plus the number of facts of
    /// those relations at this entity, not the size of the graph. Kind filters read a
    /// one-byte kind column; only date and modality filters read the facts. A fact linking
    /// an entity to itself appears once per end. An id this graph did not issue yields
    /// nothing.
    pub fn neighbours(&self, entity: EntityId, filter: Filter) -> Neighbours<'_> {
        let keys = filter.adjacency_keys();
        Neighbours {
            graph: self,
            from: entity,
            keys,
            current: adjacency::Iter::default(),
            kinds: (filter.kinds != KindSet::ANY).then_some(filter.kinds),
            evidence: filter.reads_facts().then_some(filter),
            known_by: filter.known_by_day(),
        }
    }

    #[inline]
    pub(crate) fn hop(&self, from: EntityId, e: &AdjEntry) -> Hop<'_> {
        Hop {
            from,
            other: e.other(),
            fact: self.fact_ref(e.fact),
            forward: e.end() == End::Subject,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacency_keys_match_the_key_layout() {
        for &r in Relation::ALL {
            for d in [Direction::Outgoing, Direction::Incoming, Direction::Both] {
                let f = Filter::relation(r).direction(d);
                let want = f
                    .ends(r)
                    .iter()
                    .fold(0u32, |k, end| k | 1 << AdjEntry::key_of(r, *end));
                assert_eq!(f.adjacency_keys(), want, "{r} {d:?}");
            }
        }
        let all = Filter::any().adjacency_keys();
        assert_eq!(all, u32::MAX);
    }

    /// `fold` (internal iteration) yields what `next` yields, in the same order, under every
    /// kind of filter.
    #[test]
    fn fold_agrees_with_next() {
        let g = crate::datasets::corpus();
        let filters = [
            Filter::any(),
            Filter::relation(Relation::Met),
            Filter::relation(Relation::MemberOf).direction(Direction::Outgoing),
            Filter::any().kinds(&[crate::EntityKind::Person]),
            Filter::any().modalities(crate::ModalitySet::NOT_REPORTED),
            Filter::any().stated_only(),
        ];
        for e in g.entities() {
            for filter in filters {
                let mut by_next = Vec::new();
                // A `for` loop calls `next`.
                for h in g.neighbours(e.id(), filter) {
                    by_next.push((h.other_id(), h.fact().id()));
                }
                let by_fold = g.neighbours(e.id(), filter).fold(Vec::new(), |mut v, h| {
                    v.push((h.other_id(), h.fact().id()));
                    v
                });
                assert_eq!(by_fold, by_next, "{} {filter:?}", e.key());
                // Partly consumed, then folded.
                let mut it = g.neighbours(e.id(), filter);
                let first = it.next().map(|h| h.fact().id());
                let rest: Vec<_> = it.map(|h| h.fact().id()).collect();
                let all: Vec<_> = first.into_iter().chain(rest).collect();
                let want: Vec<_> = by_next.iter().map(|(_, f)| *f).collect();
                assert_eq!(all, want);
            }
        }
    }

    /// A view's neighbours are exactly the hops whose facts the view contains.
    #[test]
    fn view_neighbours_keep_to_the_view() {
        let g = crate::datasets::corpus();
        let year = crate::PartialDate::year(2004).unwrap_or_else(|e| panic!("{e}"));
        let views = [
            Filter::relation(Relation::Met),
            Filter::any().modalities(crate::ModalitySet::NOT_REPORTED),
            Filter::any().during(crate::DateRange::of(year)),
            Filter::any().stated_only(),
        ];
        for v in views {
            let view = g.view(v);
            for e in g.entities() {
                let got: Vec<_> = view
                    .neighbours(e.id(), Filter::any())
                    .map(|h| h.fact().id())
                    .collect();
                let want: Vec<_> = g
                    .neighbours(e.id(), Filter::any())
                    .filter(|h| view.contains(&h.fact()))
                    .map(|h| h.fact().id())
                    .collect();
                assert_eq!(got, want, "{} in {v:?}", e.key());
            }
        }
    }

    #[test]
    fn relation_sets() {
        let s = RelationSet::of(&[Relation::Met, Relation::LocatedIn]);
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            [Relation::Met, Relation::LocatedIn]
        );
        assert_eq!(RelationSet::ANY.iter().count(), Relation::ALL.len());
    }
}
