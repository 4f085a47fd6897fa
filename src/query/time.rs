//! Time as analysts use it: what held as of a date (valid time) and what had been reported
//! by a date (report time), as views that apply to any query.

use crate::model::date::{DateRange, FactDate, PartialDate};
use crate::model::ids::EntityId;
use crate::query::answers::Position;
use crate::query::neighbours::{DateMatch, Filter, Neighbours};
use crate::query::refs::{FactRef, SourceRef};
use crate::store::facts::FactView;
use crate::store::graph::KnowledgeGraph;

/// Words of a post's title that mark it as one of several holders, or not the post
/// itself.
const SHARED_POSTS: &[&str] = &[
    "deputy",
    "first",
    "acting",
    "assistant",
    "vice",
    "member",
    "adviser",
    "advisor",
    "zamestitel",
    "vremenno",
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

/// Whether `fact` holds or has happened at some day of `first..=last` (day numbers).
pub(crate) fn holds_in(fact: FactView<'_>, first: i32, last: i32) -> bool {
    if let Some((a, b)) = fact.valid().and_then(|v| v.day_bounds()) {
        return a <= last && first <= b;
    }
    match fact.date().day_bounds() {
        None => false,
        // Observed in the window: the only evidence of a state without a valid time.
        Some((a, b)) if fact.relation().holds_over_time() => a <= last && first <= b,
        // An event: it had happened (or begun) by the end of the window.
        Some((a, _)) => a <= last,
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
        self.sources()
            .filter_map(|s| s.report_date().latest())
            .find(|d| d.last_day_number() == day)
    }
}

impl KnowledgeGraph {
    /// The day number by which `fact` had certainly been reported.
    pub(crate) fn known_day(&self, fact: FactView<'_>) -> Option<i32> {
        fact.sources()
            .iter()
            .filter_map(|a| {
                let own = a.reported();
                let date = if own.is_unknown() {
                    a.report()
                        .and_then(|r| self.report(r))
                        .map_or(FactDate::UNKNOWN, |r| r.published())
                } else {
                    own
                };
                date.day_bounds().map(|(_, last)| last)
            })
            .min()
    }

    /// Whether a fact holds, or has happened, as of some day in `date`:
    ///
    /// - with a valid time ([`Fact::valid`](crate::Fact::valid)): the period overlaps `date` (an open or
    ///   unknown end counts as unbounded: "minister since 2001" holds in 2010 unless
    ///   another fact says otherwise);
    /// - a state (a relation that [holds over time](crate::Relation::holds_over_time))
    ///   without one: its date, when it was observed, overlaps `date`;
    /// - an event: it had happened (or begun) by the end of `date`.
    ///
    /// Undated facts hold at no date.
    pub fn holds_as_of(&self, fact: &FactRef<'_>, date: PartialDate) -> bool {
        holds_in(fact.fact(), date.first_day_number(), date.last_day_number())
    }

    /// A view of the graph as of `date` (valid time); see [`View`].
    ///
    /// ```
    /// use factgraph::{Entity, EntityKind, Fact, KnowledgeGraph, PartialDate, Relation, Role};
    /// // Made-up data: two ministers in turn.
    /// let mut g = KnowledgeGraph::new();
    /// let mod_ = g.add_entity(Entity::new("mod", EntityKind::StateBody, "Example Ministry"))?;
    /// for (key, name, term) in [("a", "Ann Example", "1996/1999-08"), ("b", "Bob Example", "1999-08/2001-12")] {
    ///     let p = g.add_entity(Entity::new(key, EntityKind::Person, name))?;
    ///     g.add_fact(Fact::new(Relation::HoldsPosition, p, mod_)
    ///         .with_role(Role::new("Minister")).valid_during(term.parse()?))?;
    /// }
    /// let on = |d| -> Vec<&str> { g.as_of(d).post_holders(mod_).map(|p| p.person.name()).collect() };
    /// assert_eq!(on(PartialDate::day(1999, 12, 17)?), ["Bob Example"]);
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
                (after < day && day <= by).then_some((day, f))
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

    /// Whether a fact is in the view.
    pub fn contains(&self, fact: &FactRef<'_>) -> bool {
        self.filter.accepts_fact(fact)
    }

    /// Every fact in the view, in fact-number order.
    pub fn facts(&self) -> impl Iterator<Item = FactRef<'g>> + '_ {
        self.graph.facts().filter(move |f| self.contains(f))
    }

    /// Typed neighbours, as [`KnowledgeGraph::neighbours`], within the view.
    pub fn neighbours(&self, entity: EntityId, filter: Filter) -> Neighbours<'g> {
        self.graph
            .neighbours(entity, filter.within_view(&self.filter))
    }

    /// The timeline, as [`KnowledgeGraph::timeline`], within the view.
    pub fn timeline(&self, range: DateRange, matching: DateMatch) -> Vec<FactRef<'g>> {
        let mut v = self.graph.timeline(range, matching);
        v.retain(|f| self.contains(f));
        v
    }

    /// The posts a person holds, within the view.
    pub fn positions_of(&self, person: EntityId) -> impl Iterator<Item = Position<'g>> + '_ {
        self.graph
            .positions_of(person)
            .filter(move |p| self.contains(&p.fact))
    }

    /// The people who hold posts in a body, within the view.
    pub fn post_holders(&self, body: EntityId) -> impl Iterator<Item = Position<'g>> + '_ {
        self.graph
            .post_holders(body)
            .filter(move |p| self.contains(&p.fact))
    }

    /// Who held a post of one holder at a time (a minister, a commander), as of the
    /// view's date: the holders whose role title has every word of `title` (case,
    /// script and spelling folded: `Minister of Defence` matches `defense minister` and
    /// `министр обороны (Minister of Defence)`) and no word of a post with several
    /// holders (deputy, first, acting, assistant, vice, member…), and, among them, whoever
    /// took the post up last on or before the date. An open-ended term ("minister since
    /// 2009") is thus ended by a later appointment, which is how reports of appointments
    /// read. Ties (two reports disagreeing on who was appointed last) are all returned.
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
        let by = self
            .filter
            .as_of_window()
            .map_or(i32::MAX, |(_, last)| last);
        let mut found: Vec<(i32, Position<'g>)> = self
            .post_holders(body)
            .filter(|p| {
                let words = title_words(&p.role.title);
                wanted.iter().all(|w| words.contains(w))
                    && !words.iter().any(|w| SHARED_POSTS.contains(&w.as_str()))
            })
            .filter_map(|p| {
                let start = p
                    .fact
                    .valid()
                    .unwrap_or(p.fact.date())
                    .day_bounds()
                    .map(|(first, _)| first)?;
                (start <= by).then_some((start, p))
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
