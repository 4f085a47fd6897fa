//! Time as analysts use it: what held as of a date (valid time) and what had been reported
//! by a date (report time), as views that apply to any query.
//!
//! **As of a date**, single-holder posts follow succession. A post of one holder at a
//! time (a minister, a commander; not a deputy or a member) is a body and its title's
//! words, folded (case, script, British and American spelling, word order, the body's own
//! words: "Defence Minister" and "Minister of Defense of the Republic of Kazakhstan" in the
//! Ministry of Defence are one post), an acting holder holding the same post. Each term
//! of such a post holds until the day before a later term of another person begins (a
//! later appointment, or a report of someone else in the post), and an open term ("since
//! 2007") also ends with the same holder's next reported end. So as of any day a post
//! has one holder, unless two reports disagree on who took it up on the same day (a
//! conflict, and both are shown). Where a handover is known only to the month, the
//! successor holds the post from that month's first day. The table of terms is built once
//! per graph, on the first as-of query that meets a `holds_position` fact, in O(posts'
//! facts × log) and dropped by every mutation: each as-of check then costs a hash lookup.
//! In a view that is also known by a date, succession counts only the terms known by then,
//! at the cost of reading the post's terms between the term's start and the day asked
//! about.
//!
//! **Known by a date**, a fact is what the reports out by then gave: only their
//! attributions, and the date, valid time and place those gave (each attribution keeps
//! its source's own, see [`Attribution::claimed_date`](crate::Attribution::claimed_date),
//! [`claimed_valid`](crate::Attribution::claimed_valid) and
//! [`claimed_place`](crate::Attribution::claimed_place)): the most precise of their dates,
//! their valid times combined, their place. A [`FactRef`] that a known-by view (or a
//! filter with [`known_by`](Filter::known_by)) hands out carries the view's day, so its
//! [`date`](FactRef::date), [`valid`](FactRef::valid), [`place`](FactRef::place),
//! [`sources`](FactRef::sources), [`support`](FactRef::support), its text and every query
//! through the view answer for that version; [`FactRef::whole`] gives the fact as merged
//! from every report. Rather than a separate version type, the version rides on the
//! reference every query already returns, so that no query needs a second form and no
//! caller can forget to ask for the version.
//!
//! What a version does not change: its note (the merged fact's, which joins every
//! report's), [`FactRef::fact`] (the stored data), and exports, which write the stored
//! graph. A merge of only the reports out by a date may also group one statement's claims
//! into facts differently (the property test `tests/known_by.rs` says when): the view
//! shows the versions of the facts of the whole corpus.

use std::collections::HashMap;

use crate::model::date::{Bound, DateRange, FactDate, PartialDate, Span};
use crate::model::ids::{EntityId, FactId};
use crate::model::relation::{Direction, Relation};
use crate::query::answers::{Position, position};
use crate::query::neighbours::{DateMatch, Filter, Neighbours};
use crate::query::refs::{FactRef, SourceRef};
use crate::store::attributions::AttributionView;
use crate::store::facts::FactView;
use crate::store::graph::KnowledgeGraph;
use crate::store::hash::IdMap;
use crate::store::succession::{Succession, Term, TermAt};

/// The known-by day of a fact seen with everything known (no known-by view).
pub(crate) const ALL_KNOWN: i32 = i32::MAX;

/// Words of a post's title that mark it as one of several holders, or not the post
/// itself.
const SHARED_POSTS: &[&str] = &[
    "deputy",
    "first",
    "assistant",
    "vice",
    "member",
    "adviser",
    "advisor",
    "official",
    "officer",
    "zamestitel",
];

/// Words that mark a holder as acting in the post: the post is the same (an acting
/// minister holds the minister's post until the next appointment).
const ACTING: &[&str] = &[
    "acting",
    "interim",
    "vremenno",
    "ispolnyayushchiy",
    "obyazannosti",
];

/// Words that do not tell posts apart.
const TITLE_STOPWORDS: &[&str] = &["of", "the", "and", "for", "republic"];

/// A title's words, folded (case, diacritics, Cyrillic), spelling skeletons, stop words
/// out.
fn title_words(title: &str) -> Vec<String> {
    let folded = crate::corpus::transliterate(&crate::store::names::normalize_name(title));
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !TITLE_STOPWORDS.contains(w))
        .map(crate::corpus::resolve::skeleton)
        .collect()
}

/// Whether a title word (a skeleton) is one of `marks` (plain words, skeletonised here).
fn is_mark(marks: &[&str], word: &str) -> bool {
    marks
        .iter()
        .any(|m| crate::corpus::resolve::skeleton(m) == word)
}

/// The part of a title that names the post: a title in another script followed by its
/// English gloss in parentheses ("министр обороны (Minister of Defence)") is read by its
/// gloss, so that both spellings of the post compare equal.
fn post_title(title: &str) -> &str {
    let (Some(open), Some(close)) = (title.rfind('('), title.rfind(')')) else {
        return title;
    };
    let foreign = title
        .get(..open)
        .is_some_and(|out| out.chars().any(|c| c.is_alphabetic() && !c.is_ascii()));
    match title.get(open + 1..close) {
        Some(gloss) if foreign && !gloss.trim().is_empty() => gloss,
        _ => title,
    }
}

/// The post a title names in a body whose names have `body_words`: its words, sorted,
/// without the body's own words (unless nothing else is left) and the marks of an acting
/// holder; `None` for a post of several holders.
fn post_key(title: &str, body_words: &[String]) -> Option<Vec<String>> {
    let words = title_words(post_title(title));
    if words.iter().any(|w| is_mark(SHARED_POSTS, w)) {
        return None;
    }
    let mut own: Vec<String> = words.into_iter().filter(|w| !is_mark(ACTING, w)).collect();
    let narrowed: Vec<String> = own
        .iter()
        .filter(|w| !body_words.contains(w))
        .cloned()
        .collect();
    if !narrowed.is_empty() {
        own = narrowed;
    }
    own.sort_unstable();
    own.dedup();
    (!own.is_empty()).then_some(own)
}

/// Whether a valid time gives its end (a date), rather than an open or unknown one.
fn has_end(v: &FactDate) -> bool {
    !matches!(v.span(), Span::Interval(_, Bound::Open | Bound::Unknown))
}

/// A `holds_position` fact as a term: from its valid time if it has one, otherwise an
/// observation at its date. `None` for an undated fact.
fn term_of(graph: &KnowledgeGraph, f: FactView<'_>) -> Option<Term> {
    let (start, end, period) = match f.valid() {
        Some(v) => {
            let (a, b) = v.day_bounds()?;
            (a, has_end(&v).then_some(b), true)
        }
        None => {
            let (a, b) = f.date().day_bounds()?;
            (a, Some(b), false)
        }
    };
    Some(Term {
        fact: f.id(),
        person: f.subject(),
        start,
        end,
        period,
        known: graph.known_day(f),
    })
}

/// The earliest start of a term of someone else that begins after `t`'s, from a running
/// pair: the earliest later start, and the earliest by another person than its.
fn next_other(best: &[Option<(i32, EntityId)>; 2], t: &Term) -> Option<i32> {
    match best {
        [Some((s, p)), _] if *p != t.person => Some(*s),
        [_, Some((s, _))] => Some(*s),
        _ => None,
    }
}

/// Adds a start to the running pair of [`next_other`].
fn push_start(best: &mut [Option<(i32, EntityId)>; 2], s: i32, p: EntityId) {
    match best[0] {
        None => best[0] = Some((s, p)),
        Some((s0, p0)) if p == p0 => {
            if s < s0 {
                best[0] = Some((s, p));
            }
        }
        Some((s0, _)) if s <= s0 => {
            best[1] = best[0];
            best[0] = Some((s, p));
        }
        Some(_) => {
            if best[1].is_none_or(|(s1, _)| s < s1) {
                best[1] = Some((s, p));
            }
        }
    }
}

/// The last day each term of one post holds when it is cut short, with everything known:
/// the day before the next term of someone else begins; for an open term, also its
/// holder's next reported end. O(terms × log terms).
fn post_caps(terms: &[Term], caps: &mut IdMap<FactId, i32>) {
    // Each holder's reported ends of periods, sorted, for their open terms.
    let mut ends: HashMap<EntityId, Vec<i32>> = HashMap::new();
    if terms.iter().any(|t| t.period && t.end.is_none()) {
        for t in terms.iter().filter(|t| t.period) {
            if let Some(e) = t.end {
                ends.entry(t.person).or_default().push(e);
            }
        }
        ends.values_mut().for_each(|v| v.sort_unstable());
    }
    // From the latest start back, keeping the earliest later starts.
    let mut best: [Option<(i32, EntityId)>; 2] = [None, None];
    let mut rest = terms;
    while let Some(last) = rest.last() {
        let group = rest
            .iter()
            .rev()
            .take_while(|t| t.start == last.start)
            .count();
        let (before, same) = rest.split_at(rest.len() - group);
        for t in same {
            let next = next_other(&best, t).map(|s| s.saturating_sub(1));
            let own = if t.period && t.end.is_none() {
                ends.get(&t.person).and_then(|v| {
                    let i = v.partition_point(|e| *e < t.start);
                    v.get(i).copied()
                })
            } else {
                None
            };
            let cap = match (next, own) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(c) = cap
                && t.end.is_none_or(|e| c < e)
            {
                caps.insert(t.fact, c);
            }
        }
        for t in same {
            push_start(&mut best, t.start, t.person);
        }
        rest = before;
    }
}

/// The last day a term of a post holds, from what was known by day `by` (the terms
/// reported later neither close it nor count): the same rules as [`post_caps`], by a scan
/// of the post (a combined as-of and known-by view only). Only a cap before day `first`
/// matters to the caller, so the scans stop at the terms that begin, and the ends that
/// fall, after it: the cost is the post's terms between this one's start and `first`.
fn cap_known(term: &TermAt<'_>, by: i32, first: i32) -> Option<i32> {
    let t = term.terms.get(term.at)?;
    let next = term
        .terms
        .iter()
        .skip(term.at + 1)
        .take_while(|u| u.start <= first)
        .filter(|u| u.known.is_some_and(|k| k <= by))
        .find(|u| u.start > t.start && u.person != t.person)
        .map(|u| u.start.saturating_sub(1));
    let own = if t.period && t.end.is_none() {
        let from = term.ends.partition_point(|(e, _)| *e < t.start);
        term.ends
            .iter()
            .skip(from)
            .take_while(|(e, _)| *e < first)
            .find(|(_, known)| known.is_some_and(|k| k <= by))
            .map(|(e, _)| *e)
    } else {
        None
    };
    match (next, own) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The folded words of a body's names, sorted: what a title in it need not repeat.
fn body_words(graph: &KnowledgeGraph, body: EntityId) -> Vec<String> {
    let mut w: Vec<String> = graph
        .entity(body)
        .map(|e| e.names().flat_map(title_words).collect())
        .unwrap_or_default();
    w.sort_unstable();
    w.dedup();
    w
}

/// The post a title names in `body`, folded as succession compares posts (spelling, case,
/// script, word order, the body's own words, a foreign title's English gloss, an acting
/// holder's marks): two titles name one post when their keys are equal. `None` for a post
/// of several holders (deputy, first, member…). For other checks that compare posts
/// (conflicts between holders), so that they fold titles as the as-of view does.
/// Whether a role `role_title` in `body` is the one-holder post that `wanted` names:
/// every word of `wanted` is in the role's title (folded as [`View::holders_of`] folds),
/// and the title is a post of one holder.
pub(crate) fn title_matches(
    graph: &KnowledgeGraph,
    body: EntityId,
    role_title: &str,
    wanted: &str,
) -> bool {
    let words = title_words(role_title);
    title_words(wanted).iter().all(|w| words.contains(w))
        && post_of(graph, body, role_title).is_some()
}

pub(crate) fn post_of(graph: &KnowledgeGraph, body: EntityId, title: &str) -> Option<Vec<String>> {
    post_key(title, &body_words(graph, body))
}

/// The succession table of `graph` (see the module documentation).
fn build_succession(graph: &KnowledgeGraph) -> Succession {
    let mut posts: HashMap<(EntityId, Vec<String>), Vec<Term>> = HashMap::new();
    // Titles and bodies repeat: each is folded once.
    let mut keys: HashMap<(EntityId, &str), Option<Vec<String>>> = HashMap::new();
    let mut bodies: HashMap<EntityId, Vec<String>> = HashMap::new();
    for f in graph.facts_of_relation(Relation::HoldsPosition) {
        let Some(role) = f.role() else {
            continue;
        };
        let body = f.fact().object();
        let key = keys
            .entry((body, role.title.as_str()))
            .or_insert_with(|| {
                let words = bodies
                    .entry(body)
                    .or_insert_with(|| body_words(graph, body));
                post_key(&role.title, words)
            })
            .clone();
        let (Some(key), Some(term)) = (key, term_of(graph, f.fact())) else {
            continue;
        };
        posts.entry((body, key)).or_default().push(term);
    }
    let mut table = Succession::default();
    let pool = graph.facts.pool();
    table.claims = vec![0u64; pool.positions().div_ceil(64)];
    for at in pool.claim_positions() {
        if let Some(w) = table.claims.get_mut(at as usize / 64) {
            *w |= 1 << (at % 64);
        }
    }
    for (_, mut terms) in posts {
        terms.sort_unstable_by_key(|t| (t.start, t.fact));
        let post = u32::try_from(table.posts.len()).unwrap_or(u32::MAX);
        for (i, t) in terms.iter().enumerate() {
            table
                .of_fact
                .insert(t.fact, (post, u32::try_from(i).unwrap_or(u32::MAX)));
        }
        post_caps(&terms, &mut table.caps);
        // The reported ends of each holder with an open term, for known-by views.
        for t in terms.iter().filter(|t| t.period && t.end.is_none()) {
            table.ends.entry((post, t.person)).or_insert_with(|| {
                let mut v: Vec<(i32, Option<i32>)> = terms
                    .iter()
                    .filter(|u| u.person == t.person && u.period)
                    .filter_map(|u| Some((u.end?, u.known)))
                    .collect();
                v.sort_unstable();
                v
            });
        }
        let complete = terms
            .iter()
            .try_fold(i32::MIN, |d, t| t.known.map(|k| d.max(k)));
        table.complete.push(complete);
        table.posts.push(terms);
    }
    table
}

impl KnowledgeGraph {
    /// The tables of the time views, built on first use.
    fn time_tables(&self) -> &Succession {
        self.succession.get_or_init(|| build_succession(self))
    }

    /// Whether some attribution of `fact` gives it a date, valid time or place of its
    /// own: if none does, every version of the fact has the stored date and valid time.
    pub(crate) fn has_claims(&self, fact: FactView<'_>) -> bool {
        let table = self.time_tables();
        fact.sources().iter().any(|a| table.claims_at(a.position()))
    }

    /// The last day a `holds_position` fact holds when succession cuts its term short,
    /// from what was known by day `by` ([`ALL_KNOWN`]: everything). In a known-by view
    /// only a cap before day `first` is sure to be found (the only one an as-of check
    /// from `first` needs).
    pub(crate) fn term_cap(&self, fact: FactId, by: i32, first: i32) -> Option<i32> {
        let table = self.time_tables();
        if by == ALL_KNOWN {
            return table.caps.get(&fact).copied();
        }
        let term = table.term(fact)?;
        if term.complete.is_some_and(|d| d <= by) {
            return table.caps.get(&fact).copied();
        }
        cap_known(&term, by, first)
    }

    /// The last day of the date an attribution's statement was put out: its cited
    /// item's, or its report's publication; `None` when neither is known.
    pub(crate) fn attribution_day(&self, a: AttributionView<'_>) -> Option<i32> {
        let own = a.reported();
        let date = if own.is_unknown() {
            a.report()
                .and_then(|r| self.report(r))
                .map_or(FactDate::UNKNOWN, |r| r.published())
        } else {
            own
        };
        date.day_bounds().map(|(_, last)| last)
    }

    /// The day number by which `fact` had certainly been reported.
    pub(crate) fn known_day(&self, fact: FactView<'_>) -> Option<i32> {
        fact.sources()
            .iter()
            .filter_map(|a| self.attribution_day(a))
            .min()
    }
}

/// Whether the version of a fact known by day `by` keeps attribution `a`.
pub(crate) fn kept(graph: &KnowledgeGraph, a: AttributionView<'_>, by: i32) -> bool {
    by == ALL_KNOWN || graph.attribution_day(a).is_some_and(|d| d <= by)
}

/// How much of a fact had been reported by a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coverage {
    /// Nothing: the fact is not in the view.
    None,
    /// Some of its reports: the view shows a version of it.
    Part,
    /// Every report: the fact as stored.
    All,
}

/// Which attributions of a fact the view known by a day keeps, found in one pass (the
/// date of each attribution's report is what a known-by view spends its time on): the
/// first 64 as bits, any further one asked again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kept {
    by: i32,
    bits: u64,
    coverage: Coverage,
}

impl Kept {
    /// The attributions of `fact` kept by the view known by day `by`.
    pub(crate) fn of(graph: &KnowledgeGraph, fact: FactView<'_>, by: i32) -> Kept {
        if by == ALL_KNOWN {
            return Kept::all();
        }
        let (mut bits, mut some, mut all) = (0u64, false, true);
        for (i, a) in fact.sources().iter().enumerate() {
            if kept(graph, a, by) {
                some = true;
                if i < 64 {
                    bits |= 1 << i;
                }
            } else {
                all = false;
            }
        }
        let coverage = match (some, all) {
            (false, _) => Coverage::None,
            (true, true) => Coverage::All,
            (true, false) => Coverage::Part,
        };
        Kept { by, bits, coverage }
    }

    /// Every attribution: the fact as stored.
    pub(crate) fn all() -> Kept {
        Kept {
            by: ALL_KNOWN,
            bits: u64::MAX,
            coverage: Coverage::All,
        }
    }

    /// How much of the fact is kept.
    pub(crate) fn coverage(&self) -> Coverage {
        self.coverage
    }

    /// Whether attribution `i` of the fact, `a`, is kept.
    fn keeps(&self, graph: &KnowledgeGraph, i: usize, a: AttributionView<'_>) -> bool {
        match self.coverage {
            Coverage::All => true,
            Coverage::None => false,
            Coverage::Part if i < 64 => self.bits >> i & 1 == 1,
            Coverage::Part => kept(graph, a, self.by),
        }
    }

    /// The kept attributions of `fact` (the fact this set was made for).
    pub(crate) fn iter<'g>(
        self,
        graph: &'g KnowledgeGraph,
        fact: FactView<'g>,
    ) -> impl Iterator<Item = AttributionView<'g>> + 'g {
        fact.sources()
            .iter()
            .enumerate()
            .filter(move |(i, a)| self.keeps(graph, *i, *a))
            .map(|(_, a)| a)
    }
}

/// How much of `fact` had been reported by day `by`.
pub(crate) fn coverage(graph: &KnowledgeGraph, fact: FactView<'_>, by: i32) -> Coverage {
    Kept::of(graph, fact, by).coverage
}

/// How precise a date is, for choosing the most precise: fewer days first, then the
/// earlier, then a stated year before an inferred one (the order a merge uses).
fn precision_key(d: &FactDate) -> (i64, Option<(i32, i32)>, bool) {
    (
        d.days().unwrap_or(i64::MAX),
        d.day_bounds(),
        d.year_inferred(),
    )
}

/// The date an attribution gives its fact.
fn own_date(fact: FactView<'_>, a: AttributionView<'_>) -> FactDate {
    a.claimed_date().unwrap_or(fact.date())
}

/// The valid time an attribution gives its fact (`None`: it gives none).
fn own_valid(fact: FactView<'_>, a: AttributionView<'_>) -> Option<FactDate> {
    match a.claimed_valid() {
        Some(v) if v.is_unknown() => None,
        Some(v) => Some(v),
        None => fact.valid(),
    }
}

/// The place an attribution gives its fact (`None`: it gives none).
fn own_place(fact: FactView<'_>, a: AttributionView<'_>) -> Option<EntityId> {
    match a.claimed_place() {
        Some(p) => p,
        None => fact.place(),
    }
}

/// The date of the version of `fact` known by day `by`: the most precise its kept
/// attributions give.
pub(crate) fn version_date(graph: &KnowledgeGraph, fact: FactView<'_>, by: i32) -> FactDate {
    kept_date(graph, fact, Kept::of(graph, fact, by))
}

/// [`version_date`] with the kept attributions found.
fn kept_date(graph: &KnowledgeGraph, fact: FactView<'_>, kept: Kept) -> FactDate {
    if kept.coverage != Coverage::Part {
        return fact.date();
    }
    kept.iter(graph, fact)
        .map(|a| own_date(fact, a))
        .min_by_key(precision_key)
        .unwrap_or(fact.date())
}

/// The valid time of the version of `fact` known by day `by`: its kept attributions'
/// valid times combined, as a merge combines them.
pub(crate) fn version_valid(
    graph: &KnowledgeGraph,
    fact: FactView<'_>,
    by: i32,
) -> Option<FactDate> {
    let stored = fact.valid()?;
    kept_valid(graph, fact, Kept::of(graph, fact, by), stored)
}

/// [`version_valid`] of a fact with valid time `stored`, with the kept attributions found.
fn kept_valid(
    graph: &KnowledgeGraph,
    fact: FactView<'_>,
    kept: Kept,
    stored: FactDate,
) -> Option<FactDate> {
    if kept.coverage != Coverage::Part {
        return Some(stored);
    }
    let mut out: Option<FactDate> = None;
    for a in kept.iter(graph, fact) {
        // The fact's own valid time combines every report's: one that gives it decides.
        if a.claimed_valid().is_none() {
            return Some(stored);
        }
        if let Some(v) = own_valid(fact, a) {
            out = Some(match out {
                None => v,
                Some(w) => combine_periods(&w, &v),
            });
        }
    }
    out
}

/// The place of the version of `fact` known by day `by`: the fact's if a kept attribution
/// gives it, otherwise the first another place a kept attribution gives.
pub(crate) fn version_place(
    graph: &KnowledgeGraph,
    fact: FactView<'_>,
    by: i32,
) -> Option<EntityId> {
    kept_place(graph, fact, Kept::of(graph, fact, by))
}

/// [`version_place`] with the kept attributions found.
pub(crate) fn kept_place(
    graph: &KnowledgeGraph,
    fact: FactView<'_>,
    kept: Kept,
) -> Option<EntityId> {
    let stored = fact.place();
    if kept.coverage != Coverage::Part {
        return stored;
    }
    if stored.is_some() && kept.iter(graph, fact).any(|a| own_place(fact, a) == stored) {
        return stored;
    }
    kept.iter(graph, fact).find_map(|a| own_place(fact, a))
}

/// Whether the version of `fact` known by day `by` is stated by a report (or has no
/// attributions at all).
pub(crate) fn version_stated(graph: &KnowledgeGraph, fact: FactView<'_>, by: i32) -> bool {
    kept_stated(graph, fact, Kept::of(graph, fact, by))
}

/// [`version_stated`] with the kept attributions found.
pub(crate) fn kept_stated(graph: &KnowledgeGraph, fact: FactView<'_>, kept: Kept) -> bool {
    if kept.coverage != Coverage::Part {
        return fact.is_stated();
    }
    kept.iter(graph, fact).any(|a| a.is_stated())
}

// A version's valid time combines its reports' periods as a merge does, so that it is
// what a merge of those reports alone gives.
use crate::model::periods::combine_periods;

/// Whether `fact` holds or has happened at some day of `first..=last` (day numbers), as
/// known by day `by` ([`ALL_KNOWN`]: everything): its version's valid time or date, its
/// term cut short by succession (from the terms known by then) in a single-holder post.
pub(crate) fn holds_in(
    graph: &KnowledgeGraph,
    fact: FactView<'_>,
    first: i32,
    last: i32,
    by: i32,
) -> bool {
    Seen::new(graph, fact, Kept::of(graph, fact, by)).holds_in((first, last), by)
}

/// A fact's date and valid time as a view sees them (its version's, when only some of
/// its reports were out), each worked out at most once, when first asked for: a filter
/// reads them for several checks, and most checks need neither.
pub(crate) struct Seen<'g> {
    graph: &'g KnowledgeGraph,
    fact: FactView<'g>,
    kept: Kept,
    date: std::cell::Cell<Option<FactDate>>,
    valid: std::cell::Cell<Option<Option<FactDate>>>,
}

impl<'g> Seen<'g> {
    /// `fact`, seen through the attributions `kept`.
    pub(crate) fn new(graph: &'g KnowledgeGraph, fact: FactView<'g>, kept: Kept) -> Self {
        Seen {
            graph,
            fact,
            kept,
            date: std::cell::Cell::new(None),
            valid: std::cell::Cell::new(None),
        }
    }

    /// The date.
    pub(crate) fn date(&self) -> FactDate {
        if self.kept.coverage != Coverage::Part {
            return self.fact.date();
        }
        if let Some(d) = self.date.get() {
            return d;
        }
        let d = kept_date(self.graph, self.fact, self.kept);
        self.date.set(Some(d));
        d
    }

    /// The valid time.
    pub(crate) fn valid(&self) -> Option<FactDate> {
        let stored = self.fact.valid();
        if self.kept.coverage != Coverage::Part {
            return stored;
        }
        if let Some(v) = self.valid.get() {
            return v;
        }
        let v = stored.and_then(|s| kept_valid(self.graph, self.fact, self.kept, s));
        self.valid.set(Some(v));
        v
    }

    /// Whether the fact holds or has happened at some day of `first..=last`, succession
    /// counting the terms known by day `by`.
    pub(crate) fn holds_in(&self, window: (i32, i32), by: i32) -> bool {
        self.holds(window, Some(by))
    }

    /// [`holds_in`](Self::holds_in) without succession (which only cuts terms short): a
    /// necessary condition, with no table to read.
    pub(crate) fn may_hold_in(&self, window: (i32, i32)) -> bool {
        self.holds(window, None)
    }

    fn holds(&self, (first, last): (i32, i32), succession: Option<i32>) -> bool {
        let relation = self.fact.relation();
        // Succession: a term holds until the day it was cut short.
        let until = || match succession {
            Some(by) if relation == Relation::HoldsPosition => self
                .graph
                .term_cap(self.fact.id(), by, first)
                .unwrap_or(i32::MAX),
            _ => i32::MAX,
        };
        if let Some((a, b)) = self.valid().and_then(|v| v.day_bounds()) {
            return a <= last && first <= b && first <= until();
        }
        match self.date().day_bounds() {
            None => false,
            // A recurring fact's date is its series' span: the series runs on each of its
            // days, as a state holds.
            Some((a, b)) if self.fact.recurrence().is_some() => a <= last && first <= b,
            // Observed in the window: the only evidence of a state without a valid time.
            Some((a, b)) if relation.holds_over_time() => {
                a <= last && first <= b && first <= until()
            }
            // An event: it had happened (or begun) by the end of the window.
            Some((a, _)) => a <= last,
        }
    }
}

impl SourceRef<'_> {
    /// When this source put the statement out: the date of the cited item if given,
    /// otherwise the report's publication date; unknown if neither is known.
    pub fn report_date(&self) -> FactDate {
        let own = self.reported();
        if !own.is_unknown() {
            return own;
        }
        self.report().map_or(FactDate::UNKNOWN, |r| r.published())
    }
}

impl<'g> FactRef<'g> {
    /// The day by which the fact had certainly been reported: the earliest, over its
    /// attributions, of the last day their [report date](SourceRef::report_date) stands
    /// for (a report dated "2004-11" was certainly out by 30 November). `None` when no
    /// attribution has a date.
    pub fn known_since(&self) -> Option<PartialDate> {
        let day = self.graph.known_day(self.fact())?;
        self.fact
            .sources()
            .iter()
            .filter(|a| self.graph.attribution_day(*a) == Some(day))
            .find_map(|a| {
                let own = a.reported();
                let date = if own.is_unknown() {
                    a.report()
                        .and_then(|r| self.graph.report(r))
                        .map_or(FactDate::UNKNOWN, |r| r.published())
                } else {
                    own
                };
                date.latest()
            })
    }

    /// The fact as the reports out by the end of `date` gave it (see the [module
    /// documentation](crate::query::time)), or `None` when none of them was out by then.
    ///
    /// ```
    /// use factgraph::{datasets, PartialDate};
    /// let g = datasets::corpus();
    /// // A fact several reports gave, some of them later than others.
    /// let f = g.facts().find(|f| f.support().reports > 1 && f.known_since().is_some()).ok_or("none")?;
    /// let first = f.known_since().ok_or("undated")?;
    /// let early = f.as_known_by(first).ok_or("not known")?;
    /// assert!(early.support().reports >= 1 && early.support().reports <= f.support().reports);
    /// assert!(f.as_known_by(PartialDate::year(1990)?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_known_by(&self, date: PartialDate) -> Option<FactRef<'g>> {
        let by = date.last_day_number();
        (coverage(self.graph, self.fact, by) != Coverage::None).then_some(self.at_day(by))
    }

    /// The fact as merged from every report, whatever view it came through.
    pub fn whole(&self) -> FactRef<'g> {
        self.at_day(ALL_KNOWN)
    }

    /// Whether this reference shows a version of the fact that leaves some of its
    /// reports out (it came through a known-by view that ends before its last report).
    pub fn is_version(&self) -> bool {
        coverage(self.graph, self.fact, self.known_by) == Coverage::Part
    }
}

impl KnowledgeGraph {
    /// Whether a fact holds, or has happened, as of some day in `date`:
    ///
    /// - with a valid time ([`Fact::valid`](crate::Fact::valid)): the period overlaps `date` (an open or
    ///   unknown end counts as unbounded: "minister since 2001" holds in 2010 unless
    ///   another fact says otherwise);
    /// - a state (a relation that [holds over time](crate::Relation::holds_over_time))
    ///   without one: its date, when it was observed, overlaps `date`;
    /// - a recurring fact ([`Fact::recurring`](crate::Fact::recurring)): its series runs,
    ///   its date (the series' span) overlaps `date`;
    /// - an event: it had happened (or begun) by the end of `date`;
    /// - a term of a single-holder post ends the day before a later holder's term begins,
    ///   and an open term ends with its holder's next reported end (see the [module
    ///   documentation](crate::query::time)): one minister per day.
    ///
    /// Undated facts hold at no date. A fact that came through a known-by view is judged
    /// as that view knew it (its version's dates, succession from the terms known then).
    pub fn holds_as_of(&self, fact: &FactRef<'_>, date: PartialDate) -> bool {
        holds_in(
            self,
            fact.fact(),
            date.first_day_number(),
            date.last_day_number(),
            fact.known_by,
        )
    }

    /// A view of the graph as of `date` (valid time); see [`View`].
    ///
    /// ```
    /// use factgraph::{Entity, EntityKind, Fact, KnowledgeGraph, PartialDate, Relation, Role};
    /// // Made-up data: two ministers in turn; the first one's term is open ("since 1996"),
    /// // and the appointment of the second ends it.
    /// let mut g = KnowledgeGraph::new();
    /// let mod_ = g.add_entity(Entity::new("mod", EntityKind::StateBody, "Example Ministry"))?;
    /// for (key, name, title, term) in [("a", "Ann Example", "Minister", "1996/.."),
    ///                                  ("b", "Bob Example", "Example Minister", "1999-08-02/2001-12")] {
    ///     let p = g.add_entity(Entity::new(key, EntityKind::Person, name))?;
    ///     g.add_fact(Fact::new(Relation::HoldsPosition, p, mod_)
    ///         .with_role(Role::new(title)).valid_during(term.parse()?))?;
    /// }
    /// let on = |d| -> Vec<&str> { g.as_of(d).post_holders(mod_).map(|p| p.person.name()).collect() };
    /// assert_eq!(on(PartialDate::day(1999, 12, 17)?), ["Bob Example"]);
    /// assert_eq!(on(PartialDate::day(1999, 8, 1)?), ["Ann Example"]);
    /// assert_eq!(on(PartialDate::day(1997, 1, 1)?), ["Ann Example"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_of(&self, date: PartialDate) -> View<'_> {
        View {
            graph: self,
            filter: Filter::any().as_of(date),
        }
    }

    /// A view of the graph as known by the end of `date` (report time); see [`View`].
    /// Its facts are the versions the reports out by then gave.
    ///
    /// ```
    /// use factgraph::{datasets, PartialDate};
    /// let g = datasets::corpus();
    /// let end_2004 = PartialDate::year(2004)?;
    /// let last_day = end_2004.last_day_number();
    /// for f in g.known_by(end_2004).facts() {
    ///     // Every source shown was out by the end of 2004, and the fact shows what they
    ///     // gave (the merged fact may have more).
    ///     let out = |s: factgraph::SourceRef<'_>| s.report_date().latest().map(|d| d.last_day_number());
    ///     assert!(f.sources().all(|s| out(s).is_some_and(|d| d <= last_day)));
    ///     assert!(f.support().reports <= f.whole().support().reports);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn known_by(&self, date: PartialDate) -> View<'_> {
        View {
            graph: self,
            filter: Filter::any().known_by(date),
        }
    }

    /// A view restricted by any filter's time and evidence parts.
    pub fn view(&self, filter: Filter) -> View<'_> {
        View {
            graph: self,
            filter,
        }
    }

    /// What became known between two report dates: the facts known by the end of `to` but
    /// not by the end of `from`, in the order they became known.
    ///
    /// The order needs every fact's first report date, so the facts are found and sorted
    /// when the call runs (O(facts + answer log answer)); the iterator then hands them out
    /// in that order.
    ///
    /// ```
    /// use factgraph::{datasets, PartialDate};
    /// let g = datasets::corpus();
    /// let mut new = g.learnt_between(PartialDate::year(2007)?, PartialDate::year(2008)?);
    /// assert!(new.any(|f| f.to_string().contains("Iraq")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn learnt_between(
        &self,
        from: PartialDate,
        to: PartialDate,
    ) -> impl ExactSizeIterator<Item = FactRef<'_>> + '_ {
        let (after, by) = (from.last_day_number(), to.last_day_number());
        let mut out: Vec<(i32, FactRef<'_>)> = self
            .facts()
            .filter_map(|f| {
                let day = self.known_day(f.fact())?;
                (after < day && day <= by).then_some((day, f.at_day(by)))
            })
            .collect();
        out.sort_by_key(|(day, f)| (*day, f.id()));
        out.into_iter().map(|(_, f)| f)
    }
}

/// The graph seen as of a date (valid time), as known by a date (report time), or through
/// any [`Filter`]'s evidence parts (stated only, minimum reports or outlets).
///
/// A view is a filter that every query made through it applies on top of its own: it
/// composes with every query and filter, and it costs what that filter costs on the same
/// query — the indexes do the work, the view only reads the facts they return. Views
/// chain: `g.as_of(d).known_by(e)` is what held on `d` according to what was reported
/// by `e`.
///
/// Through a known-by view, each fact is the version the reports out by then gave (its
/// [`FactRef`] carries the view's day; see the [module documentation](crate::query::time)).
/// As of a date, single-holder posts follow succession: one holder per day.
#[derive(Debug, Clone, Copy)]
pub struct View<'g> {
    graph: &'g KnowledgeGraph,
    filter: Filter,
}

impl<'g> View<'g> {
    /// The same view, also as of `date`.
    pub fn as_of(mut self, date: PartialDate) -> Self {
        self.filter = self.filter.as_of(date);
        self
    }

    /// The same view, also as known by the end of `date`.
    pub fn known_by(mut self, date: PartialDate) -> Self {
        self.filter = self.filter.known_by(date);
        self
    }

    /// The view's own filter, for queries that take one: `g.neighbours(id,
    /// f.within_view(&view.filter()))` is what [`neighbours`](Self::neighbours) does.
    pub fn filter(&self) -> Filter {
        self.filter
    }

    /// The view's known-by day ([`ALL_KNOWN`] without one).
    fn day(&self) -> i32 {
        self.filter.known_by_day()
    }

    /// Whether a fact is in the view.
    pub fn contains(&self, fact: &FactRef<'_>) -> bool {
        self.filter.accepts_fact(fact)
    }

    /// Every fact in the view, in fact-number order (each as the view knows it).
    pub fn facts(&self) -> impl Iterator<Item = FactRef<'g>> + '_ {
        let by = self.day();
        self.graph
            .facts()
            .filter(move |f| self.contains(f))
            .map(move |f| f.at_day(by))
    }

    /// Typed neighbours, as [`KnowledgeGraph::neighbours`], within the view.
    pub fn neighbours(&self, entity: EntityId, filter: Filter) -> Neighbours<'g> {
        self.graph
            .neighbours(entity, filter.within_view(&self.filter))
    }

    /// The timeline, as [`KnowledgeGraph::timeline`], within the view.
    pub fn timeline(&self, range: DateRange, matching: DateMatch) -> Vec<FactRef<'g>> {
        let by = self.day();
        let mut v = self.graph.timeline(range, matching);
        v.retain(|f| self.contains(f));
        v.iter_mut().for_each(|f| *f = f.at_day(by));
        v
    }

    /// The posts a person holds, within the view.
    pub fn positions_of(&self, person: EntityId) -> impl Iterator<Item = Position<'g>> + '_ {
        self.neighbours(
            person,
            Filter::relation(Relation::HoldsPosition).direction(Direction::Outgoing),
        )
        .filter_map(|hop| position(hop.fact()))
    }

    /// The people who hold posts in a body, within the view.
    pub fn post_holders(&self, body: EntityId) -> impl Iterator<Item = Position<'g>> + '_ {
        self.neighbours(
            body,
            Filter::relation(Relation::HoldsPosition).direction(Direction::Incoming),
        )
        .filter_map(|hop| position(hop.fact()))
    }

    /// Who held a post of one holder at a time (a minister, a commander), as of the
    /// view's date: the holders whose role title has every word of `title` (case,
    /// script and spelling folded: `Minister of Defence` matches `defense minister` and
    /// `министр обороны (Minister of Defence)`) and no word of a post with several
    /// holders (deputy, first, assistant, vice, member…; an acting holder holds the
    /// post), among those the view holds as of its date (succession applied: a term ends
    /// when a later holder's begins), whoever took the post up last. Ties (two reports
    /// disagreeing on who was appointed on the same day) are all returned.
    ///
    /// Without an as-of date, the latest holder on record.
    ///
    /// ```
    /// use factgraph::{datasets, PartialDate};
    /// let g = datasets::corpus();
    /// let mod_kz = g.find("Ministry of Defense of Kazakhstan")?.id();
    /// let who = |d| -> Vec<&str> {
    ///     g.as_of(d).holders_of(mod_kz, "Minister of Defence").iter().map(|p| p.person.name()).collect()
    /// };
    /// assert_eq!(who(PartialDate::day(1999, 12, 17)?), ["Sat Tokpakbayev"]);
    /// assert_eq!(who(PartialDate::day(2017, 6, 1)?), ["Saken Zhassuzakov"]); // also spelt Zhasuzakov
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn holders_of(&self, body: EntityId, title: &str) -> Vec<Position<'g>> {
        let wanted = title_words(title);
        let mut found: Vec<(i32, Position<'g>)> = self
            .post_holders(body)
            .filter(|p| {
                let words = title_words(&p.role.title);
                wanted.iter().all(|w| words.contains(w))
                    && post_of(self.graph, body, &p.role.title).is_some()
            })
            .filter_map(|p| {
                let start = p.fact.valid().unwrap_or(p.fact.date()).day_bounds()?.0;
                Some((start, p))
            })
            .collect();
        let Some(latest) = found.iter().map(|(start, _)| *start).max() else {
            return Vec::new();
        };
        found.retain(|(start, _)| *start == latest);
        let mut people: Vec<Position<'g>> = Vec::new();
        for (_, p) in found {
            if !people.iter().any(|q| q.person.id() == p.person.id()) {
                people.push(p);
            }
        }
        people
    }

    /// The graph the view looks at.
    pub fn graph(&self) -> &'g KnowledgeGraph {
        self.graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(title: &str, body: &str) -> Option<Vec<String>> {
        let mut w = title_words(body);
        w.sort_unstable();
        post_key(title, &w)
    }

    #[test]
    fn titles_of_one_post_compare_equal() {
        let body = "Ministry of Defense of Kazakhstan";
        let minister = key("Minister of Defence", body);
        assert!(minister.is_some());
        for t in [
            "Minister of Defense",
            "Defence Minister",
            "defense minister",
            "Minister of Defense of the Republic of Kazakhstan",
            "министр обороны (Minister of Defence)",
            "министр обороны РК (Minister of Defence)",
            "временно исполняющий обязанности министра обороны (acting Minister of Defence)",
        ] {
            assert_eq!(key(t, body), minister, "{t}");
        }
        for t in [
            "Deputy Defense Minister",
            "first deputy defense minister",
            "заместитель министра обороны (Deputy Minister of Defence)",
        ] {
            assert_eq!(key(t, body), None, "{t}");
        }
        assert_ne!(key("Chief of the General Staff", body), minister);
    }

    /// As of every day that begins or ends a `holds_position` fact's date or valid time
    /// (and the days around it), each single-holder post of the corpus has at most one
    /// holder; and so in the views known by the corpus's report dates.
    #[test]
    fn one_holder_per_post_and_day_in_the_corpus() {
        let g = crate::datasets::corpus();
        let table = g.time_tables();
        assert!(table.posts.len() > 10);
        let mut days: Vec<i32> = Vec::new();
        let mut known: Vec<i32> = Vec::new();
        for f in g.facts_of_relation(Relation::HoldsPosition) {
            for d in [Some(f.date()), f.valid()].into_iter().flatten() {
                if let Some((a, b)) = d.day_bounds() {
                    days.extend([a - 1, a, a + 1, b - 1, b, b + 1]);
                }
            }
            known.extend(g.known_day(f.fact()));
        }
        days.retain(|d| (-30_000..30_000).contains(d));
        days.sort_unstable();
        days.dedup();
        known.sort_unstable();
        known.dedup();
        let views = std::iter::once(ALL_KNOWN).chain(known.iter().copied().step_by(3));
        let mut checked = 0;
        for by in views {
            for &day in &days {
                for terms in &table.posts {
                    let mut people: Vec<EntityId> = terms
                        .iter()
                        .filter(|t| {
                            g.fact_data(t.fact).is_some_and(|f| {
                                coverage(g, f, by) != Coverage::None && holds_in(g, f, day, day, by)
                            })
                        })
                        .map(|t| t.person)
                        .collect();
                    people.sort_unstable();
                    people.dedup();
                    assert!(people.len() <= 1, "day {day}, known by {by}: {people:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000);
    }

    #[test]
    fn succession_caps_open_terms() {
        let p = |i| EntityId::at(i);
        let f = |i| FactId(i);
        let term = |fact, person, start, end, period| Term {
            fact: f(fact),
            person: p(person),
            start,
            end,
            period,
            known: Some(start),
        };
        // Ann since day 0 (open), Ann again reported 0..=50, Bob from 100, Bob observed
        // on 150, Cy from 200 (open).
        let terms = [
            term(0, 0, 0, None, true),
            term(1, 0, 0, Some(50), true),
            term(2, 1, 100, None, true),
            term(3, 1, 150, Some(150), false),
            term(4, 2, 200, None, true),
        ];
        let mut caps = IdMap::default();
        post_caps(&terms, &mut caps);
        assert_eq!(caps.get(&f(0)), Some(&50)); // her own reported end
        assert_eq!(caps.get(&f(1)), None); // ends before Bob anyway
        assert_eq!(caps.get(&f(2)), Some(&199)); // Cy's appointment
        assert_eq!(caps.get(&f(3)), None);
        assert_eq!(caps.get(&f(4)), None);
        // The scan of a known-by view gives the same with everything known…
        let ends = [(50, Some(0))];
        let terms_ref = &terms;
        for (i, t) in terms_ref.iter().enumerate() {
            let own: &[(i32, Option<i32>)] = if t.person == p(0) { &ends } else { &[] };
            let full = cap_known(
                &TermAt {
                    terms: terms_ref,
                    at: i,
                    complete: None,
                    ends: own,
                },
                ALL_KNOWN - 1,
                i32::MAX,
            );
            let want = caps.get(&t.fact).copied();
            assert!(want.is_none() || full == want, "{i}");
        }
        // …and nothing from terms reported later.
        let bob = TermAt {
            terms: terms_ref,
            at: 2,
            complete: None,
            ends: &[],
        };
        assert_eq!(cap_known(&bob, 150, i32::MAX), None);
        // Only a cap before the day asked about is looked for.
        assert_eq!(cap_known(&bob, ALL_KNOWN - 1, 150), None);
        assert_eq!(cap_known(&bob, ALL_KNOWN - 1, 250), Some(199));
    }
}
