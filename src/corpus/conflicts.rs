//! Conflicts: where reports disagree about something that has one value.

use crate::store::facts::FactView;
use std::collections::HashMap;
use std::fmt;

use crate::corpus::identity::Statement;
use crate::model::date::FactDate;
use crate::model::ids::{EntityId, FactId, FactKey};
use crate::model::periods::periods_compatible;
use crate::model::relation::Relation;
use crate::query::refs::FactRef;
use crate::store::graph::KnowledgeGraph;
use crate::store::names::normalize_name;

/// What two facts disagree about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ConflictKind {
    /// The same statement dated differently by different reports, the dates being
    /// incompatible (neither contains the other): one outlet says August 2003, another
    /// September 2003. Checked for relations that happen once between the same ends
    /// (`signed`, `attended`); meetings, visits, discussions, participation and hosting
    /// recur (see [`SameEvent`](Self::SameEvent)), and the states (deployments, posts,
    /// memberships, agreements in force) conflict on their periods only
    /// ([`ValidTime`](Self::ValidTime)): two reports that observe one deployment on
    /// different days do not disagree.
    Date,
    /// The same statement with compatible dates placed differently by different reports.
    Place,
    /// The same state (a deployment, a membership, an agreement in force) given periods by
    /// different reports that cannot be one period: "since August 2003" and "from
    /// September 2003". A state's period is its valid time or, for a state coded with an
    /// interval as its date (`2003/..`), that interval.
    ValidTime,
    /// Two people said by different reports to hold the same post (title, body) at
    /// overlapping times. Posts whose title marks them as one of several (deputy,
    /// assistant, member, adviser, vice-) are not checked.
    PostHolder,
    /// A weaker kind: perhaps one event reported twice. The same recurring statement (a
    /// meeting, visit, discussion, participation, hosting, attendance or address between
    /// the same ends) from different reports, at places that do not differ, on dates that
    /// do not overlap but are at most [`SAME_EVENT_DAYS`] days apart: "same meeting?".
    /// Both facts are kept; the analyst decides.
    SameEvent,
    /// The same statement, at compatible dates, given numbers by different reports that
    /// cannot both be true (troops, money, casualties; see
    /// [`Amount::agrees_with`](crate::Amount::agrees_with)). Numbers two reports give for
    /// one merged fact are listed by
    /// [`KnowledgeGraph::quantity_conflicts`](crate::KnowledgeGraph::quantity_conflicts).
    Quantity,
}

/// How many days apart two reports may date what may be one event
/// ([`ConflictKind::SameEvent`]).
pub const SAME_EVENT_DAYS: i32 = 3;

impl fmt::Display for ConflictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConflictKind::Date => "date",
            ConflictKind::Place => "place",
            ConflictKind::PostHolder => "post holder",
            ConflictKind::ValidTime => "valid time",
            ConflictKind::SameEvent => "same event?",
            ConflictKind::Quantity => "quantity",
        })
    }
}

/// Two facts from different reports that cannot both be right, each with its sources.
///
/// Both are kept in the graph: factgraph records what each report says, and a conflict
/// points the analyst at the disagreement.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Conflict<'g> {
    /// What they disagree about.
    pub kind: ConflictKind,
    /// The two facts, in fact-number order.
    pub sides: [FactRef<'g>; 2],
}

impl Conflict<'_> {
    /// The content keys of both sides: a name for the conflict that survives reloads.
    pub fn keys(&self) -> (FactKey, FactKey) {
        let g = self.sides[0].graph;
        (
            g.key_of(self.sides[0].fact()),
            g.key_of(self.sides[1].fact()),
        )
    }
}

impl fmt::Display for Conflict<'_> {
    /// `date conflict: Kazakhstan is deployed to Iraq, 2003-08 [A] / …, 2003-09 [B]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b] = &self.sides;
        write!(
            f,
            "{} conflict: {} [{}] / {} [{}]",
            self.kind,
            a,
            a.sources_line(),
            b,
            b.sources_line()
        )
    }
}

/// Facts with known dates as (fact, first day, last day), sorted by first day.
fn by_first_day(g: &KnowledgeGraph, ids: &[FactId]) -> Vec<(FactId, i32, i32)> {
    let mut v: Vec<(FactId, i32, i32)> = ids
        .iter()
        .filter_map(|id| {
            let (a, b) = g.facts.get(id.index())?.date().day_bounds()?;
            Some((*id, a, b))
        })
        .collect();
    v.sort_unstable_by_key(|(id, a, _)| (*a, *id));
    v
}

/// The pairs of `dated` (sorted by first day) whose dates overlap or lie at most `slack`
/// days apart, each once, in (lower id, higher id) order: a sweep, so dates spread over
/// time cost in proportion to the pairs close in time, not to all pairs.
/// Stops once `out` holds `limit` pairs.
fn near_pairs(
    dated: &[(FactId, i32, i32)],
    slack: i32,
    limit: usize,
    out: &mut Vec<(FactId, FactId)>,
) {
    for (i, (x, _, last)) in dated.iter().enumerate() {
        let reach = last.saturating_add(slack);
        for (y, first, _) in dated.iter().skip(i + 1) {
            if *first > reach || out.len() >= limit {
                break;
            }
            out.push((*x.min(y), *x.max(y)));
        }
    }
}

/// The pairs of facts of one statement that may conflict (see [`statement_conflict`]):
/// every pair for a relation that happens once (any two dates disagree) and among facts
/// with periods (any two periods may); otherwise the pairs whose dates overlap (a place
/// conflict) or lie [`SAME_EVENT_DAYS`] apart (the same event?).
/// At most `limit` pairs: the second value says whether some may have been left out.
fn candidate_pairs(
    g: &KnowledgeGraph,
    ids: &[FactId],
    relation: Relation,
    limit: usize,
) -> (Vec<(FactId, FactId)>, bool) {
    let mut out = Vec::new();
    let all_pairs = |list: &[FactId], out: &mut Vec<(FactId, FactId)>| {
        for (i, x) in list.iter().enumerate() {
            for y in list.iter().skip(i + 1) {
                if out.len() >= limit {
                    return;
                }
                out.push((*x.min(y), *x.max(y)));
            }
        }
    };
    if happens_once(relation) {
        all_pairs(ids, &mut out);
        let full = out.len() >= limit;
        return (out, full);
    }
    let with_period: Vec<FactId> = ids
        .iter()
        .copied()
        .filter(|id| {
            g.facts.get(id.index()).is_some_and(|f| {
                f.valid().is_some() || (relation.holds_over_time() && period(f).is_some())
            })
        })
        .collect();
    all_pairs(&with_period, &mut out);
    near_pairs(&by_first_day(g, ids), SAME_EVENT_DAYS, limit, &mut out);
    let full = out.len() >= limit;
    out.sort_unstable();
    out.dedup();
    (out, full)
}

/// Judges the pairs with at least one fact in `touched`, each costing one unit of `left`,
/// and keeps the conflicts in `out`. Returns whether the budget ran out (and says so in
/// `out`).
fn judge_pairs(
    pairs: Vec<(FactId, FactId)>,
    touched: &std::collections::HashSet<FactId>,
    left: &mut usize,
    out: &mut Touching,
    judge: impl Fn(FactId, FactId) -> Option<ConflictKind>,
) -> bool {
    for (x, y) in pairs {
        if !(touched.contains(&x) || touched.contains(&y)) {
            continue;
        }
        if *left == 0 {
            out.exhausted = true;
            return true;
        }
        *left -= 1;
        if let Some(kind) = judge(x, y) {
            out.pairs.push((x.min(y), x.max(y), kind));
        }
    }
    false
}

/// The conflicts among some facts and the rest of their groups, as found by
/// `KnowledgeGraph::conflicts_touching`.
#[derive(Debug, Default)]
pub(crate) struct Touching {
    /// (first fact, second fact, kind), sorted.
    pub(crate) pairs: Vec<(FactId, FactId, ConflictKind)>,
    /// Whether the budget of pairs ran out before every pair was compared.
    pub(crate) exhausted: bool,
}

/// One report behind a fact: the report, or for data without reports the outlet.
#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Mark {
    Report(crate::ReportId),
    Outlet(EntityId),
}

/// The report behind an attribution, or its outlet for data without reports.
fn mark(a: crate::store::attributions::AttributionView<'_>) -> Mark {
    a.report().map_or(Mark::Outlet(a.source()), Mark::Report)
}

/// Whether some report supports both facts. No allocation: facts have a handful of
/// attributions, and this runs for every pair of facts of one statement.
fn share_a_report(a: FactView<'_>, b: FactView<'_>) -> bool {
    let theirs = b.sources();
    a.sources().iter().any(|x| {
        let m = mark(x);
        theirs.iter().any(|y| mark(y) == m)
    })
}

/// Relations that happen once between the same two ends, so two dates for one such fact
/// are a disagreement.
fn happens_once(r: Relation) -> bool {
    matches!(r, Relation::Signed | Relation::Attended)
}

/// The period a state holds over: its valid time, or its date when that is an interval.
fn period(f: FactView<'_>) -> Option<FactDate> {
    f.valid()
        .or_else(|| Some(f.date()).filter(|d| d.is_open_ended()))
}

/// Whether two dates that do not overlap are close enough to be one event misdated.
fn near_in_days(a: &FactDate, b: &FactDate) -> bool {
    let precise = |d: &FactDate| d.day_bounds().filter(|(x, y)| y - x < 7);
    match (precise(a), precise(b)) {
        (Some((a0, a1)), Some((b0, b1))) => {
            let gap = if a1 < b0 { b0 - a1 } else { a0 - b1 };
            gap > 0 && gap <= SAME_EVENT_DAYS
        }
        _ => false,
    }
}

/// Words that mark a post as one of several holders.
const PLURAL_POSTS: &[&str] = &[
    "deputy",
    "assistant",
    "member",
    "adviser",
    "advisor",
    "vice",
    "officer",
    "representative",
    "attache",
];

/// The conflict, if any, between two facts that make the same statement (`a` before `b`).
fn statement_conflict(fa: FactView<'_>, fb: FactView<'_>) -> Option<ConflictKind> {
    if share_a_report(fa, fb) {
        return None;
    }
    if fa.relation().holds_over_time() {
        // A state: only its period can disagree; its observation dates cannot.
        let periods = period(fa).zip(period(fb));
        return periods
            .filter(|(x, y)| !periods_compatible(x, y))
            .map(|_| ConflictKind::ValidTime);
    }
    let periods = fa.valid().zip(fb.valid());
    if periods.is_some_and(|(x, y)| !periods_compatible(&x, &y)) {
        Some(ConflictKind::ValidTime)
    } else if fa.date().is_unknown() || fb.date().is_unknown() {
        None
    } else if fa.date().compatible(&fb.date()) {
        // Same time, different places: a conflict for any relation; same place, numbers
        // that cannot both be true.
        match (fa.place(), fb.place()) {
            (Some(p), Some(q)) if p != q => Some(ConflictKind::Place),
            _ if crate::corpus::quantities::facts_disagree(fa, fb) => Some(ConflictKind::Quantity),
            _ => None,
        }
    } else if happens_once(fa.relation()) {
        Some(ConflictKind::Date)
    } else if near_in_days(&fa.date(), &fb.date())
        && !matches!((fa.place(), fb.place()), (Some(p), Some(q)) if p != q)
    {
        Some(ConflictKind::SameEvent)
    } else {
        None
    }
}

/// Whether two people are said by different reports to hold one single-holder post at
/// overlapping times.
fn post_conflict(fa: FactView<'_>, fb: FactView<'_>) -> bool {
    let overlap = match (fa.date().day_bounds(), fb.date().day_bounds()) {
        (Some((a0, a1)), Some((b0, b1))) => a0 <= b1 && b0 <= a1,
        _ => false,
    };
    fa.subject() != fb.subject() && overlap && !share_a_report(fa, fb)
}

fn single_holder(title: &str) -> bool {
    let t = normalize_name(title);
    !t.split(|c: char| !c.is_alphanumeric())
        .any(|w| PLURAL_POSTS.contains(&w))
}

/// Words that do not tell posts apart.
const TITLE_STOPWORDS: &[&str] = &["of", "the", "and", "for"];

/// A post's title folded for comparison: case, diacritics and script, spelling variants
/// (`Defense` / `Defence`), word order (`Defence Minister` / `Minister of Defence`) and
/// small words do not make another post.
///
/// ```
/// use factgraph::corpus::fold_title;
/// assert_eq!(fold_title("Minister of Defense"), fold_title("Defence Minister"));
/// assert_ne!(fold_title("Minister of Defence"), fold_title("Minister of Foreign Affairs"));
/// ```
pub fn fold_title(title: &str) -> String {
    let folded = crate::corpus::transliterate(&normalize_name(title));
    let mut words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !TITLE_STOPWORDS.contains(w))
        .map(crate::corpus::resolve::skeleton)
        .collect();
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

impl KnowledgeGraph {
    /// The conflicts that involve one of `facts`, each once, in (first fact, second fact,
    /// kind) order: what [`conflicts`](Self::conflicts) lists for those facts, found
    /// through the adjacency of their ends rather than a pass over the graph, so a merge
    /// pays for what it touched. At most `budget` pairs of facts are compared (a pair is
    /// a few comparisons, no allocation); [`Touching::exhausted`] says when the budget ran
    /// out before every pair was.
    pub(crate) fn conflicts_touching(&self, facts: &[FactId], budget: usize) -> Touching {
        use crate::store::adjacency::{AdjEntry, End};
        let mut out = Touching::default();
        let mut left = budget;
        let touched: std::collections::HashSet<FactId> = facts.iter().copied().collect();
        // Each statement group and post once: (subject, relation, object) and (body, title).
        let mut groups_done: std::collections::HashSet<(EntityId, Relation, EntityId)> =
            std::collections::HashSet::new();
        let mut posts_done: std::collections::HashSet<(EntityId, String)> =
            std::collections::HashSet::new();
        'facts: for &a in facts {
            let Some(fa) = self.facts.get(a.index()) else {
                continue;
            };
            let rel = fa.relation();
            let (s, o) = if rel.is_symmetric() && fa.object() < fa.subject() {
                (fa.object(), fa.subject())
            } else {
                (fa.subject(), fa.object())
            };
            if groups_done.insert((s, rel, o)) {
                let (lo, hi) = (
                    AdjEntry::key_of(rel, End::Subject),
                    AdjEntry::key_of(rel, End::Object) + 1,
                );
                // The facts between the two ends, each with its statement.
                let mut members: Vec<(FactId, Statement<EntityId>)> = self
                    .adjacency
                    .key_range(s, lo, hi)
                    .iter()
                    .filter(|e| e.other() == o || (s == o && e.other() == s))
                    .filter_map(|e| {
                        let f = self.facts.get(e.fact.index())?;
                        Some((e.fact, Statement::of(f, |id| id, |x, y| y < x)))
                    })
                    .collect();
                members.sort_by_key(|(id, _)| *id);
                members.dedup_by_key(|(id, _)| *id);
                // Facts of one statement, by statement (the ends matched; modality, role
                // and recipient may still differ).
                let mut by_statement: HashMap<&Statement<EntityId>, Vec<FactId>> = HashMap::new();
                for (id, st) in &members {
                    by_statement.entry(st).or_default().push(*id);
                }
                for ids in by_statement.values() {
                    let (pairs, full) = candidate_pairs(self, ids, rel, left.saturating_add(1));
                    out.exhausted |= full && pairs.len() > left;
                    let judge = |x: FactId, y: FactId| {
                        statement_conflict(self.facts.view(x), self.facts.view(y))
                    };
                    if judge_pairs(pairs, &touched, &mut left, &mut out, judge) {
                        break 'facts;
                    }
                }
            }
            if let (Relation::HoldsPosition, Some(role)) = (rel, fa.role())
                && fa.modality().is_reported()
                && single_holder(&role.title)
            {
                let post = fold_title(&role.title);
                if !posts_done.insert((fa.object(), post.clone())) {
                    continue;
                }
                let key = AdjEntry::key_of(rel, End::Object);
                let mut holders: Vec<FactId> = self
                    .adjacency
                    .key_range(fa.object(), key, key + 1)
                    .iter()
                    .map(|e| e.fact)
                    .filter(|b| {
                        self.facts.get(b.index()).is_some_and(|fb| {
                            fb.modality().is_reported()
                                && fb.role().is_some_and(|r| fold_title(&r.title) == post)
                        })
                    })
                    .collect();
                holders.sort_unstable();
                holders.dedup();
                let dated = by_first_day(self, &holders);
                let mut pairs = Vec::new();
                near_pairs(&dated, 0, left.saturating_add(1), &mut pairs);
                let judge = |x: FactId, y: FactId| {
                    post_conflict(self.facts.view(x), self.facts.view(y))
                        .then_some(ConflictKind::PostHolder)
                };
                if judge_pairs(pairs, &touched, &mut left, &mut out, judge) {
                    break 'facts;
                }
            }
        }
        out.pairs.sort_unstable();
        out.pairs.dedup();
        out
    }

    /// The description of a conflict found by
    /// [`conflicts_touching`](Self::conflicts_touching).
    pub(crate) fn describe_conflict(&self, (a, b, kind): (FactId, FactId, ConflictKind)) -> String {
        Conflict {
            kind,
            sides: [self.fact_ref(a), self.fact_ref(b)],
        }
        .to_string()
    }

    /// Every conflict between reports, in the order of their first fact, then of their
    /// second, then of kind.
    ///
    /// Lazy: grouping the facts that make the same statement (and the single-holder posts)
    /// costs O(facts) up front; the pairwise checks, quadratic only within a group, run as
    /// the iterator advances, so a caller that wants the first conflict (or to know whether
    /// there is one) stops early and skips the rest.
    ///
    /// ```
    /// use factgraph::datasets;
    /// let g = datasets::corpus();
    /// for c in g.conflicts() {
    ///     assert!(c.sides[0].id() < c.sides[1].id());
    /// }
    /// let any = g.conflicts().next().is_some();
    /// assert_eq!(any, g.conflicts().count() > 0);
    /// ```
    pub fn conflicts(&self) -> impl Iterator<Item = Conflict<'_>> + '_ {
        // Each fact's group (and post group): a key into the maps would borrow them.
        let mut group_of: Vec<usize> = Vec::with_capacity(self.facts.len());
        let mut post_of: Vec<Option<usize>> = Vec::with_capacity(self.facts.len());
        let mut group_lists: Vec<Vec<FactId>> = Vec::new();
        let mut post_lists: Vec<Vec<FactId>> = Vec::new();
        let mut group_slot: HashMap<Statement<EntityId>, usize> = HashMap::new();
        let mut post_slot: HashMap<(EntityId, String), usize> = HashMap::new();
        for (i, f) in self.facts.iter().enumerate() {
            let id = FactId(i as u32);
            let next = group_lists.len();
            let g = *group_slot
                .entry(Statement::of(f, |id| id, |s, o| o < s))
                .or_insert(next);
            if g == next {
                group_lists.push(Vec::new());
            }
            if let Some(list) = group_lists.get_mut(g) {
                list.push(id);
            }
            group_of.push(g);
            let mut post = None;
            if let (Relation::HoldsPosition, Some(role)) = (f.relation(), f.role()) {
                if f.modality().is_reported() && single_holder(&role.title) {
                    let next = post_lists.len();
                    let p = *post_slot
                        .entry((f.object(), fold_title(&role.title)))
                        .or_insert(next);
                    if p == next {
                        post_lists.push(Vec::new());
                    }
                    if let Some(list) = post_lists.get_mut(p) {
                        list.push(id);
                    }
                    post = Some(p);
                }
            }
            post_of.push(post);
        }
        // The maps only number the groups; the iterator keeps the lists.
        drop((group_slot, post_slot));
        // Per group, the pairs that may conflict (see `candidate_pairs`), sorted, made when
        // the iterator first reaches the group: a statement made with thousands of dates
        // costs the pairs close in time, not all pairs (a relation that happens once, where
        // any two dates disagree, is still compared pair by pair).
        let mut statement_pairs: HashMap<usize, Vec<(FactId, FactId)>> = HashMap::new();
        let mut post_pairs: HashMap<usize, Vec<(FactId, FactId)>> = HashMap::new();
        (0..self.facts.len()).flat_map(move |i| {
            let a = FactId(i as u32);
            let mut found: Vec<Conflict<'_>> = Vec::new();
            let Some(fa) = self.facts.get(i) else {
                return found.into_iter();
            };
            // The partners of `a` after it in a sorted list of pairs.
            let partners = |pairs: &[(FactId, FactId)]| -> Vec<FactId> {
                let start = pairs.partition_point(|(x, _)| *x < a);
                pairs
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|(x, _)| *x == a)
                    .map(|(_, y)| *y)
                    .collect()
            };
            let group = group_of.get(i).copied();
            let list = group.and_then(|g| group_lists.get(g));
            let same: Vec<FactId> = match (group, list) {
                (Some(g), Some(list)) if !happens_once(fa.relation()) => {
                    let pairs = statement_pairs.entry(g).or_insert_with(|| {
                        candidate_pairs(self, list, fa.relation(), usize::MAX).0
                    });
                    partners(pairs)
                }
                (_, Some(list)) => list.iter().copied().filter(|b| *b > a).collect(),
                _ => Vec::new(),
            };
            for b in same {
                let Some(fb) = self.facts.get(b.index()) else {
                    continue;
                };
                if let Some(kind) = statement_conflict(fa, fb) {
                    found.push(Conflict {
                        kind,
                        sides: [self.fact_ref(a), self.fact_ref(b)],
                    });
                }
            }
            let post = post_of.get(i).copied().flatten();
            let holders: Vec<FactId> = match (post, post.and_then(|p| post_lists.get(p))) {
                (Some(p), Some(list)) => {
                    let pairs = post_pairs.entry(p).or_insert_with(|| {
                        let mut pairs = Vec::new();
                        near_pairs(&by_first_day(self, list), 0, usize::MAX, &mut pairs);
                        pairs.sort_unstable();
                        pairs.dedup();
                        pairs
                    });
                    partners(pairs)
                }
                _ => Vec::new(),
            };
            for b in holders {
                let Some(fb) = self.facts.get(b.index()) else {
                    continue;
                };
                if post_conflict(fa, fb) {
                    found.push(Conflict {
                        kind: ConflictKind::PostHolder,
                        sides: [self.fact_ref(a), self.fact_ref(b)],
                    });
                }
            }
            found.sort_by_key(|c| (c.sides[1].id(), c.kind));
            found.into_iter()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::MergePolicy;

    /// Every pair of facts judged, the definition `conflicts` must agree with.
    fn brute_force(g: &KnowledgeGraph) -> Vec<(FactId, FactId, ConflictKind)> {
        let mut out = Vec::new();
        let facts: Vec<FactView<'_>> = g.facts.iter().collect();
        for (i, fa) in facts.iter().enumerate() {
            for fb in facts.iter().skip(i + 1) {
                let same = Statement::of(*fa, |id| id, |s, o| o < s)
                    == Statement::of(*fb, |id| id, |s, o| o < s);
                if same && let Some(kind) = statement_conflict(*fa, *fb) {
                    out.push((fa.id(), fb.id(), kind));
                }
                let post = |f: &FactView<'_>| match (f.relation(), f.role()) {
                    (Relation::HoldsPosition, Some(r))
                        if f.modality().is_reported() && single_holder(&r.title) =>
                    {
                        Some((f.object(), fold_title(&r.title)))
                    }
                    _ => None,
                };
                if post(fa).is_some() && post(fa) == post(fb) && post_conflict(*fa, *fb) {
                    out.push((fa.id(), fb.id(), ConflictKind::PostHolder));
                }
            }
        }
        out.sort_unstable();
        out
    }

    fn listed(g: &KnowledgeGraph) -> Vec<(FactId, FactId, ConflictKind)> {
        let mut v: Vec<_> = g
            .conflicts()
            .map(|c| (c.sides[0].id(), c.sides[1].id(), c.kind))
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn the_sweep_finds_what_every_pair_finds() {
        let corpus = crate::datasets::corpus();
        assert_eq!(listed(corpus), brute_force(corpus));
        // Made-up data: meetings, signings, deployments and posts on many nearby dates.
        let mut g = KnowledgeGraph::new();
        for n in 0..24u32 {
            let day = 1 + (n * 7) % 27;
            let (rel, obj, extra) = match n % 4 {
                0 => ("met", "b", String::new()),
                1 => ("signed", "plan", String::new()),
                2 => (
                    "deployed_to",
                    "place",
                    format!(r#""valid": "2003-0{}/..","#, 1 + n % 9),
                ),
                _ => (
                    "holds_position",
                    "body",
                    r#""role": {"title": "Minister"},"#.into(),
                ),
            };
            let subject = match n % 4 {
                3 => format!("p{}", n % 3),
                2 => "c".into(),
                _ => "a".into(),
            };
            let subject_kind = if n % 4 == 2 { "country" } else { "person" };
            let doc = format!(
                r#"{{"factgraph": 2,
                  "reports": [{{"id": "r{n}", "outlet": "o{n}", "published": "2004"}}],
                  "entities": [{{"id": "o{n}", "kind": "source", "name": "Made-up Outlet {n}"}},
                    {{"id": "{subject}", "kind": "{subject_kind}", "name": "Made-up {subject}"}},
                    {{"id": "b", "kind": "person", "name": "Made-up B"}},
                    {{"id": "plan", "kind": "agreement", "name": "Made-up Plan"}},
                    {{"id": "place", "kind": "place", "name": "Made-up Place"}},
                    {{"id": "body", "kind": "state_body", "name": "Made-up Body"}}],
                  "facts": [{{"relation": "{rel}", "subject": "{subject}", "object": "{obj}", {extra}
                    "date": "2004-0{}-{day:02}", "sources": [{{"report": "r{n}"}}]}}]}}"#,
                1 + n % 3
            );
            g.merge_json(&doc, &MergePolicy::new())
                .unwrap_or_else(|e| panic!("{e}\n{doc}"));
        }
        let found = listed(&g);
        assert!(found.len() > 5, "{found:?}");
        assert_eq!(found, brute_force(&g));
    }
}
