//! The tables of the time views. Succession in single-holder posts: for each
//! `holds_position` fact of a post one person holds at a time (a minister, a commander),
//! the terms of the same post and what closes it; and which attributions give their fact
//! a date, valid time or place of their own. Built on the first as-of query, dropped by
//! every mutation (as the word index is). The rules live with the views, in
//! `query::time`; these are only the tables.

use std::sync::Arc;

use once_cell::sync::OnceCell;

use super::hash::IdMap;
use crate::model::ids::{EntityId, FactId};

/// One term of a single-holder post: a `holds_position` fact, with the days that matter
/// for succession.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Term {
    pub(crate) fact: FactId,
    pub(crate) person: EntityId,
    /// The first day the term may have begun.
    pub(crate) start: i32,
    /// The last day of its reported end; `None` for an open or unknown end.
    pub(crate) end: Option<i32>,
    /// A period (the fact has a valid time), not an observation at a date.
    pub(crate) period: bool,
    /// The day by which it had certainly been reported; `None` if no report is dated.
    pub(crate) known: Option<i32>,
}

/// A reported end of a holder's period in a post, and the day it was known (`None`:
/// never).
pub(crate) type ReportedEnd = (i32, Option<i32>);

/// The succession table of a graph.
#[derive(Debug, Default)]
pub(crate) struct Succession {
    /// Each post's terms, sorted by start (then fact).
    pub(crate) posts: Vec<Vec<Term>>,
    /// Per post, the day by which every term of it had been reported (`None` if some
    /// never was): from then on, `caps` holds for a known-by view too.
    pub(crate) complete: Vec<Option<i32>>,
    /// A fact of a single-holder post → (post, position in it).
    pub(crate) of_fact: IdMap<FactId, (u32, u32)>,
    /// A fact → the last day it holds, for the facts a later term (or the holder's own
    /// reported end) closes before their own end, with everything known.
    pub(crate) caps: IdMap<FactId, i32>,
    /// Per (post, holder) with an open term in the post: the reported ends of the
    /// holder's periods in it and the day each was known, sorted by end.
    pub(crate) ends: IdMap<(u32, EntityId), Vec<ReportedEnd>>,
    /// One bit per attribution position: whether it gives its fact a date, valid time or
    /// place of its own (the facts where a known-by view may see another date than the
    /// stored one).
    pub(crate) claims: Vec<u64>,
}

impl Succession {
    /// Whether attribution position `at` gives its fact a date, valid time or place of
    /// its own.
    pub(crate) fn claims_at(&self, at: u32) -> bool {
        self.claims
            .get(at as usize / 64)
            .is_some_and(|w| w >> (at % 64) & 1 == 1)
    }

    /// A fact's place in the table, if it is a term of a single-holder post.
    pub(crate) fn term(&self, fact: FactId) -> Option<TermAt<'_>> {
        let &(post, at) = self.of_fact.get(&fact)?;
        let terms = self.posts.get(post as usize)?;
        let t = terms.get(at as usize)?;
        Some(TermAt {
            terms,
            at: at as usize,
            complete: self.complete.get(post as usize).copied().flatten(),
            ends: self
                .ends
                .get(&(post, t.person))
                .map_or(&[][..], Vec::as_slice),
        })
    }
}

/// A term and its post, as [`Succession::term`] finds them.
pub(crate) struct TermAt<'t> {
    /// The post's terms.
    pub(crate) terms: &'t [Term],
    /// The term's position among them.
    pub(crate) at: usize,
    /// The day by which every term of the post had been reported.
    pub(crate) complete: Option<i32>,
    /// The holder's reported ends in the post, when the term is open (see
    /// [`Succession::ends`]).
    pub(crate) ends: &'t [ReportedEnd],
}

/// The lazily built table, cached in the graph. Cloning a graph clones a built table.
#[derive(Clone, Default)]
pub(crate) struct SuccessionCache(OnceCell<Arc<Succession>>);

impl std::fmt::Debug for SuccessionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = if self.0.get().is_some() {
            "built"
        } else {
            "not built"
        };
        write!(f, "SuccessionCache({state})")
    }
}

impl SuccessionCache {
    /// The table, built by `build` on first use.
    pub(crate) fn get_or_init(&self, build: impl FnOnce() -> Succession) -> &Succession {
        self.0.get_or_init(|| Arc::new(build()))
    }

    /// Forgets the table; the next as-of query that needs it builds it again.
    pub(crate) fn clear(&mut self) {
        self.0 = OnceCell::new();
    }
}
