//! The shortest connection between two entities, explained hop by hop.

use std::fmt;

use crate::model::ids::{EntityId, FactId};
use crate::query::neighbours::{Filter, Hop};
use crate::query::refs::EntityRef;
use crate::store::graph::KnowledgeGraph;

/// A chain of facts from one entity to another; each hop names the fact (and so its
/// sources) that links two consecutive entities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection<'g> {
    start: EntityRef<'g>,
    hops: Vec<Hop<'g>>,
}

impl<'g> Connection<'g> {
    /// The hops, from the start to the end.
    pub fn hops(&self) -> &[Hop<'g>] {
        &self.hops
    }

    /// Number of hops (0 when start and end are the same entity).
    pub fn len(&self) -> usize {
        self.hops.len()
    }

    /// Whether start and end are the same entity.
    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }

    /// The entities along the way, start and end included.
    pub fn entities(&self) -> impl Iterator<Item = EntityRef<'g>> + '_ {
        std::iter::once(self.start).chain(self.hops.iter().map(|h| h.other()))
    }

    /// The chain from `start` along `facts`, each fact joining the entity reached so far
    /// to the next (as a search found them; the query language keeps paths as ids).
    /// `None` for an id not in `graph` or a fact that does not touch the entity reached.
    ///
    /// Each fact is shown as known by day `by` (`i32::MAX`: as stored).
    pub(crate) fn along(
        graph: &'g KnowledgeGraph,
        start: EntityId,
        facts: &[FactId],
        by: i32,
    ) -> Option<Self> {
        let first = graph.entity(start)?;
        let mut hops = Vec::with_capacity(facts.len());
        let mut at = start;
        for &id in facts {
            let f = graph.fact(id)?;
            if f.fact().subject() != at && f.fact().object() != at {
                return None;
            }
            let mut hop = graph.hop_along(at, id);
            hop.fact = hop.fact.at_day(by);
            at = hop.other;
            hops.push(hop);
        }
        Some(Connection { start: first, hops })
    }

    /// A connection from `start` along `hops` (each starting where the last one ended).
    pub(crate) fn from_hops(start: EntityRef<'g>, hops: Vec<Hop<'g>>) -> Self {
        Connection { start, hops }
    }
}

impl fmt::Display for Connection<'_> {
    /// One line per hop: `Mira Ricardel —met→ Bolat Sembinov  [fact 12: …; sources]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, hop) in self.hops.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let arrow = match hop.direction() {
                crate::Direction::Incoming => format!("←{}—", hop.fact().relation()),
                _ => format!("—{}→", hop.fact().relation()),
            };
            write!(
                f,
                "{} {} {}  ({}; {})",
                hop.from(),
                arrow,
                hop.other(),
                hop.fact(),
                hop.fact().sources_line()
            )?;
        }
        Ok(())
    }
}

/// One side of a bidirectional search: which entities it reached (by generation stamp, so
/// clearing is O(1)), how deep, and from which fact and entity.
#[derive(Default)]
struct Side {
    stamp: Vec<u32>,
    depth: Vec<u32>,
    parent: Vec<(FactId, EntityId)>,
    frontier: Vec<EntityId>,
    next: Vec<EntityId>,
    /// Sum of the degrees of the frontier: the work of expanding it.
    cost: usize,
}

impl Side {
    fn reset(&mut self, n: usize, generation: u32) {
        if self.stamp.len() < n || generation == 1 {
            self.stamp.clear();
            self.stamp.resize(n, 0);
            self.depth.resize(n, 0);
            self.parent.resize(n, (FactId(0), EntityId::at(0)));
        }
        self.frontier.clear();
        self.next.clear();
        self.cost = 0;
    }

    fn seen(&self, v: EntityId, generation: u32) -> bool {
        self.stamp.get(v.index()) == Some(&generation)
    }

    fn visit(&mut self, v: EntityId, generation: u32, depth: u32, parent: (FactId, EntityId)) {
        let i = v.index();
        if let (Some(s), Some(d), Some(p)) = (
            self.stamp.get_mut(i),
            self.depth.get_mut(i),
            self.parent.get_mut(i),
        ) {
            *s = generation;
            *d = depth;
            *p = parent;
        }
    }

    fn depth_of(&self, v: EntityId) -> u32 {
        self.depth.get(v.index()).copied().unwrap_or(0)
    }

    fn parent_of(&self, v: EntityId, generation: u32) -> Option<(FactId, EntityId)> {
        if self.seen(v, generation) && self.depth_of(v) > 0 {
            self.parent.get(v.index()).copied()
        } else {
            None
        }
    }
}

/// Reused search state, one per thread, so a query allocates nothing once warm.
#[derive(Default)]
struct Scratch {
    generation: u32,
    fwd: Side,
    bwd: Side,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl KnowledgeGraph {
    /// The shortest chain of facts between `from` and `to`, ignoring fact direction, using
    /// only facts that pass `filter` (its relation, modality and date parts; its direction
    /// and kind parts are ignored). `None` if they are not connected or either id is not in
    /// this graph.
    ///
    /// A bidirectional breadth-first search over the adjacency index: it expands, a whole
    /// level at a time, the side whose frontier has fewer facts, so the result is a shortest
    /// chain; among equally short chains the choice is deterministic for a given graph.
    /// Search state is kept per thread and reused (O(entities) memory once, O(1) reset).
    ///
    /// ```
    /// use factgraph::{datasets, Filter};
    /// let g = datasets::edm_2004_v1_i133();
    /// let (a, b) = (g.find("Mira Ricardel")?, g.find("Steppe Eagle 2004")?);
    /// let path = g.connection(a.id(), b.id(), Filter::any()).expect("connected");
    /// assert_eq!(path.entities().next().map(|e| e.name()), Some("Mira Ricardel"));
    /// assert_eq!(path.entities().last().map(|e| e.name()), Some("Steppe Eagle 2004"));
    /// # Ok::<(), factgraph::LookupError>(())
    /// ```
    ///
    /// The search follows at most [`Limits::search_expansions`](crate::Limits::search_expansions)
    /// facts of this graph's limits and answers `None` past that; [`try_connection`](Self::try_connection)
    /// takes a budget and tells "not connected" from "gave up".
    pub fn connection(
        &self,
        from: EntityId,
        to: EntityId,
        filter: Filter,
    ) -> Option<Connection<'_>> {
        self.try_connection(from, to, filter, self.limits.search_expansions)
            .ok()
            .flatten()
    }

    /// [`connection`](Self::connection) with a budget: `Ok(None)` when the two are not
    /// connected, [`SearchError::Budget`] when the search followed `budget` facts (an
    /// adjacency entry examined is one) without an answer, [`SearchError::UnknownEntity`]
    /// for an id this graph did not issue. Costs O(budget) at most.
    ///
    /// # Errors
    /// [`SearchError::Budget`] when the search would follow more than `budget` facts,
    /// [`SearchError::UnknownEntity`] for an id this graph did not issue.
    ///
    /// ```
    /// use factgraph::{datasets, Filter, SearchError};
    /// let g = datasets::edm_2004_v1_i133();
    /// let (a, b) = (g.find("Mira Ricardel")?.id(), g.find("Steppe Eagle 2004")?.id());
    /// assert!(matches!(g.try_connection(a, b, Filter::any(), 3), Err(SearchError::Budget { .. })));
    /// assert!(g.try_connection(a, b, Filter::any(), 100_000).is_ok_and(|c| c.is_some()));
    /// # Ok::<(), factgraph::LookupError>(())
    /// ```
    pub fn try_connection(
        &self,
        from: EntityId,
        to: EntityId,
        filter: Filter,
        budget: usize,
    ) -> Result<Option<Connection<'_>>, SearchError> {
        let mut left = budget;
        self.connection_within(from, to, filter, &mut left)
    }

    /// [`try_connection`](Self::try_connection) taking its budget from `left` and leaving
    /// there what it did not use, so that a caller running many searches (a query) bounds
    /// them all together.
    pub(crate) fn connection_within(
        &self,
        from: EntityId,
        to: EntityId,
        filter: Filter,
        left: &mut usize,
    ) -> Result<Option<Connection<'_>>, SearchError> {
        let budget = *left;
        let start = self
            .entity(from)
            .ok_or(SearchError::UnknownEntity { id: from })?;
        self.entity(to)
            .ok_or(SearchError::UnknownEntity { id: to })?;
        if from == to {
            return Ok(Some(Connection {
                start,
                hops: Vec::new(),
            }));
        }
        let filter = filter
            .direction(crate::Direction::Both)
            .kinds(crate::EntityKind::ALL);
        let hops = SCRATCH
            .with(|cell| match cell.try_borrow_mut() {
                Ok(mut scratch) => self.connection_search(&mut scratch, from, to, filter, left),
                // Only reachable through re-entrancy, which this crate does not do; stay correct.
                Err(_) => self.connection_search(&mut Scratch::default(), from, to, filter, left),
            })
            .map_err(|OverBudget| SearchError::Budget { budget })?;
        // Through a known-by filter, each fact as the reports out by then gave it.
        let by = filter.known_by_day();
        Ok(hops.map(|mut hops| {
            hops.iter_mut().for_each(|h| h.fact = h.fact.at_day(by));
            Connection { start, hops }
        }))
    }

    fn connection_search(
        &self,
        s: &mut Scratch,
        from: EntityId,
        to: EntityId,
        filter: Filter,
        left: &mut usize,
    ) -> Result<Option<Vec<Hop<'_>>>, OverBudget> {
        s.generation = s.generation.wrapping_add(1).max(1);
        let generation = s.generation;
        let n = self.id_bound();
        s.fwd.reset(n, generation);
        s.bwd.reset(n, generation);
        s.fwd.visit(from, generation, 0, (FactId(0), from));
        s.bwd.visit(to, generation, 0, (FactId(0), to));
        s.fwd.frontier.push(from);
        s.bwd.frontier.push(to);
        s.fwd.cost = self.adjacency.degree(from);
        s.bwd.cost = self.adjacency.degree(to);
        loop {
            if s.fwd.frontier.is_empty() || s.bwd.frontier.is_empty() {
                return Ok(None);
            }
            let meet = if s.fwd.cost <= s.bwd.cost {
                self.expand(&mut s.fwd, &s.bwd, generation, filter, left)?
            } else {
                self.expand(&mut s.bwd, &s.fwd, generation, filter, left)?
            };
            if let Some(middle) = meet {
                return Ok(Some(self.stitch(middle, &s.fwd, &s.bwd, generation)));
            }
        }
    }

    /// Expands one whole level of `mine`; returns the meeting entity with the shortest
    /// total length, if the level touched the other side.
    fn expand(
        &self,
        mine: &mut Side,
        theirs: &Side,
        generation: u32,
        filter: Filter,
        left: &mut usize,
    ) -> Result<Option<EntityId>, OverBudget> {
        let mut best: Option<(u32, EntityId)> = None;
        let mut cost = 0;
        let frontier = std::mem::take(&mut mine.frontier);
        for &u in &frontier {
            let depth = mine.depth_of(u) + 1;
            let list = self.adjacency.all(u);
            *left = left.checked_sub(list.len()).ok_or(OverBudget)?;
            for e in list {
                let v = e.other();
                if mine.seen(v, generation) || !filter.accepts_entry(self, e) {
                    continue;
                }
                mine.visit(v, generation, depth, (e.fact, u));
                mine.next.push(v);
                cost += self.adjacency.degree(v);
                if theirs.seen(v, generation) {
                    let total = depth + theirs.depth_of(v);
                    if best.is_none_or(|(b, _)| total < b) {
                        best = Some((total, v));
                    }
                }
            }
        }
        mine.frontier = std::mem::take(&mut mine.next);
        mine.next = frontier;
        mine.next.clear();
        mine.cost = cost;
        Ok(best.map(|(_, v)| v))
    }

    /// Builds the hop list start → middle → end from the two sides' parents.
    fn stitch(&self, middle: EntityId, fwd: &Side, bwd: &Side, generation: u32) -> Vec<Hop<'_>> {
        let mut hops = Vec::new();
        let mut at = middle;
        while let Some((fact, prev)) = fwd.parent_of(at, generation) {
            hops.push(self.hop_along(prev, fact));
            at = prev;
        }
        hops.reverse();
        let mut at = middle;
        while let Some((fact, next)) = bwd.parent_of(at, generation) {
            hops.push(self.hop_along(at, fact));
            at = next;
        }
        hops
    }

    fn hop_along(&self, from: EntityId, fact: FactId) -> Hop<'_> {
        let f = self.fact_ref(fact);
        let forward = f.fact().subject() == from;
        Hop {
            from,
            other: if forward {
                f.fact().object()
            } else {
                f.fact().subject()
            },
            fact: f,
            forward,
        }
    }
}

/// A search ran out of its budget.
#[derive(Debug)]
pub(crate) struct OverBudget;

/// Why a budgeted search ([`KnowledgeGraph::try_connection`],
/// [`KnowledgeGraph::try_ego_network`]) gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// An entity id this graph did not issue (or one a rolled-back batch handed out).
    #[error("{id} is not in this graph")]
    UnknownEntity {
        /// The id.
        id: EntityId,
    },
    /// The search followed its whole budget of facts without an answer.
    #[error("the search followed {budget} facts without an answer (the budget)")]
    Budget {
        /// The budget, in facts followed.
        budget: usize,
    },
}
