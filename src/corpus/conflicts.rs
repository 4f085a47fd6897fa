//! Conflicts: where reports disagree about something that has one value.

use crate::store::facts::FactView;
use std::collections::HashMap;
use std::fmt;

use crate::corpus::identity::Statement;
use crate::corpus::merge::periods_compatible;
use crate::model::date::FactDate;
use crate::model::ids::{EntityId, FactId, FactKey};
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

/// One report behind a fact: the report, or for data without reports the outlet.
#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Mark {
    Report(crate::ReportId),
    Outlet(EntityId),
}

fn report_marks(f: FactView<'_>) -> Vec<Mark> {
    let mut v: Vec<Mark> = f
        .sources()
        .iter()
        .map(|a| a.report().map_or(Mark::Outlet(a.source()), Mark::Report))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn share_a_report(a: FactView<'_>, b: FactView<'_>) -> bool {
    let (ra, rb) = (report_marks(a), report_marks(b));
    ra.iter().any(|m| rb.contains(m))
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
        // Same time, different places: a conflict for any relation.
        match (fa.place(), fb.place()) {
            (Some(p), Some(q)) if p != q => Some(ConflictKind::Place),
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
    /// The conflicts that involve one of `facts`, each once, as (content keys, kind,
    /// description): what [`conflicts`](Self::conflicts) lists for those facts, found
    /// through the adjacency of their ends rather than a pass over the graph, so a merge
    /// pays for what it touched. O(Σ degree of the facts' subjects and objects).
    pub(crate) fn conflicts_touching(
        &self,
        facts: &[FactId],
    ) -> Vec<(FactKey, FactKey, ConflictKind, String)> {
        use crate::store::adjacency::{AdjEntry, End};
        let mut pairs: Vec<(FactId, FactId, ConflictKind)> = Vec::new();
        for &a in facts {
            let Some(fa) = self.facts.get(a.index()) else {
                continue;
            };
            let rel = fa.relation();
            let (lo, hi) = (
                AdjEntry::key_of(rel, End::Subject),
                AdjEntry::key_of(rel, End::Object) + 1,
            );
            let statement = Statement::of(fa, |id| id, |s, o| o < s);
            for e in self.adjacency.key_range(fa.subject(), lo, hi).iter() {
                let b = e.fact;
                if b == a || e.other != fa.object() {
                    continue;
                }
                let Some(fb) = self.facts.get(b.index()) else {
                    continue;
                };
                if Statement::of(fb, |id| id, |s, o| o < s) != statement {
                    continue;
                }
                let (x, y) = if a < b { (fa, fb) } else { (fb, fa) };
                if let Some(kind) = statement_conflict(x, y) {
                    pairs.push((x.id(), y.id(), kind));
                }
            }
            if let (Relation::HoldsPosition, Some(role)) = (rel, fa.role())
                && fa.modality().is_reported()
                && single_holder(&role.title)
            {
                let post = fold_title(&role.title);
                let key = AdjEntry::key_of(rel, End::Object);
                for e in self.adjacency.key_range(fa.object(), key, key + 1).iter() {
                    let b = e.fact;
                    let Some(fb) = self.facts.get(b.index()) else {
                        continue;
                    };
                    let same_post = fb.role().is_some_and(|r| fold_title(&r.title) == post);
                    if b == a || !same_post || !fb.modality().is_reported() {
                        continue;
                    }
                    let (x, y) = if a < b { (fa, fb) } else { (fb, fa) };
                    if post_conflict(x, y) {
                        pairs.push((x.id(), y.id(), ConflictKind::PostHolder));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
            .into_iter()
            .map(|(a, b, kind)| {
                let c = Conflict {
                    kind,
                    sides: [self.fact_ref(a), self.fact_ref(b)],
                };
                let (ka, kb) = c.keys();
                (ka, kb, kind, c.to_string())
            })
            .collect()
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
        (0..self.facts.len()).flat_map(move |i| {
            let a = FactId(i as u32);
            let mut found: Vec<Conflict<'_>> = Vec::new();
            let Some(fa) = self.facts.get(i) else {
                return found.into_iter();
            };
            // Lists hold ids in increasing order: the facts after `a` in its group.
            let later = |list: Option<&Vec<FactId>>| -> Vec<FactId> {
                list.map(|l| l.iter().copied().filter(|b| *b > a).collect())
                    .unwrap_or_default()
            };
            let same = later(group_of.get(i).and_then(|g| group_lists.get(*g)));
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
            let holders = later(
                post_of
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|p| post_lists.get(p)),
            );
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
