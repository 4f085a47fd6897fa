//! The k shortest connections between two entities (Yen's algorithm over simple paths).

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use crate::model::ids::EntityId;
use crate::model::kind::KindSet;
use crate::model::relation::Direction;
use crate::query::connection::{Connection, SearchError};
use crate::query::neighbours::{Filter, Hop};
use crate::query::refs::{EntityRef, FactRef};
use crate::store::graph::KnowledgeGraph;
use crate::store::hash::IdMap;

/// One of the k shortest connections: a chain of distinct entities, and at each step
/// every fact of the filter that links the two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route<'g> {
    connection: Connection<'g>,
    facts: Vec<Vec<FactRef<'g>>>,
}

impl<'g> Route<'g> {
    /// The route as a [`Connection`], one fact per hop (the lowest-numbered of the step).
    pub fn connection(&self) -> &Connection<'g> {
        &self.connection
    }

    /// Number of hops.
    pub fn len(&self) -> usize {
        self.connection.len()
    }

    /// Whether start and end are the same entity.
    pub fn is_empty(&self) -> bool {
        self.connection.is_empty()
    }

    /// The entities along the way, start and end included.
    pub fn entities(&self) -> impl Iterator<Item = EntityRef<'g>> + '_ {
        self.connection.entities()
    }

    /// Per hop, every fact that links its two entities, in fact-number order.
    pub fn facts(&self) -> &[Vec<FactRef<'g>>] {
        &self.facts
    }
}

impl fmt::Display for Route<'_> {
    /// One line per hop: `A — B` and then each fact of the step with its sources.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (hop, facts)) in self.connection.hops().iter().zip(&self.facts).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{} — {}", hop.from(), hop.other())?;
            for fact in facts {
                write!(f, "\n    {}  [{}]", fact, fact.sources_line())?;
            }
        }
        Ok(())
    }
}

/// A path as the order of the k shortest: length, then entity ids one by one.
type Path = Vec<EntityId>;

/// The state of one k-shortest search: the filter, the budget left, and the distinct
/// neighbours of every entity met so far, sorted by id.
struct Search<'g> {
    graph: &'g KnowledgeGraph,
    filter: Filter,
    budget: usize,
    left: usize,
    adjacent: IdMap<EntityId, Vec<EntityId>>,
}

impl<'g> Search<'g> {
    fn spend(&mut self, n: usize) -> Result<(), SearchError> {
        self.left = self.left.checked_sub(n).ok_or(SearchError::Budget {
            budget: self.budget,
        })?;
        Ok(())
    }

    /// The distinct neighbours of `u` through the filter, sorted by id, memoised; each
    /// read of a list is charged its length, and the first one also the fact ends read.
    fn neighbours(&mut self, u: EntityId) -> Result<&[EntityId], SearchError> {
        if !self.adjacent.contains_key(&u) {
            let mut list: Vec<EntityId> = Vec::new();
            let mut read = 0;
            for hop in self.graph.neighbours(u, self.filter) {
                read += 1;
                if hop.other_id() != u {
                    list.push(hop.other_id());
                }
            }
            self.spend(read)?;
            list.sort_unstable();
            list.dedup();
            self.adjacent.insert(u, list);
        }
        let len = self.adjacent.get(&u).map_or(0, Vec::len);
        self.spend(len)?;
        Ok(self.adjacent.get(&u).map_or(&[], Vec::as_slice))
    }

    /// The first, in the order of [`Path`], of the shortest paths from `s` to `t` that
    /// avoid the entities `banned` and the links from `s` to `banned_next`.
    fn shortest(
        &mut self,
        s: EntityId,
        t: EntityId,
        banned: &HashSet<EntityId>,
        banned_next: &HashSet<EntityId>,
    ) -> Result<Option<Path>, SearchError> {
        if s == t {
            return Ok(Some(vec![s]));
        }
        let cut = |u: EntityId, v: EntityId| {
            (u == s && banned_next.contains(&v)) || (v == s && banned_next.contains(&u))
        };
        // Breadth first from both ends, a whole level at a time, the side with the
        // smaller frontier first, until the levels meet: `total` is then the distance.
        let mut from_s: IdMap<EntityId, u32> = IdMap::default();
        let mut from_t: IdMap<EntityId, u32> = IdMap::default();
        from_s.insert(s, 0);
        from_t.insert(t, 0);
        let (mut front_s, mut front_t) = (vec![s], vec![t]);
        let (mut depth_s, mut depth_t) = (0u32, 0u32);
        let mut total: Option<u32> = None;
        while total.is_none() && !front_s.is_empty() && !front_t.is_empty() {
            let forward = front_s.len() <= front_t.len();
            let (front, mine, theirs, depth) = if forward {
                (&mut front_s, &mut from_s, &from_t, &mut depth_s)
            } else {
                (&mut front_t, &mut from_t, &from_s, &mut depth_t)
            };
            *depth += 1;
            let mut next = Vec::new();
            for u in std::mem::take(front) {
                for &v in self.neighbours(u)? {
                    if banned.contains(&v) || mine.contains_key(&v) || cut(u, v) {
                        continue;
                    }
                    mine.insert(v, *depth);
                    if let Some(d) = theirs.get(&v) {
                        let length = *depth + d;
                        total = Some(total.map_or(length, |t| t.min(length)));
                    }
                    next.push(v);
                }
            }
            *front = next;
        }
        let Some(total) = total else {
            return Ok(None);
        };
        // Which entities `j` steps from `s` lie on a shortest path: near `t` the distance
        // to `t` says so; nearer `s`, an entity does if a neighbour one step further does
        // (worked out from the far layers back).
        let known_t = total.saturating_sub(depth_t); // positions from here on: by `from_t`
        let mut layers: Vec<Vec<EntityId>> = vec![Vec::new(); known_t as usize];
        for (v, d) in &from_s {
            if let Some(layer) = layers.get_mut(*d as usize)
                && *d > 0
            {
                layer.push(*v);
            }
        }
        let mut on_path: IdMap<EntityId, ()> = IdMap::default();
        for j in (1..known_t).rev() {
            let layer = layers.get(j as usize).cloned().unwrap_or_default();
            for u in layer {
                let leads = self.neighbours(u)?.iter().any(|w| {
                    if j + 1 >= known_t {
                        from_t.get(w) == Some(&(total - j - 1))
                    } else {
                        on_path.contains_key(w)
                    }
                });
                if leads {
                    on_path.insert(u, ());
                }
            }
        }
        // Walk from `s`, taking the lowest id on a shortest path each time.
        let mut path = vec![s];
        let mut at = s;
        for j in 1..=total {
            let good = |v: &EntityId| {
                if j >= known_t {
                    from_t.get(v) == Some(&(total - j))
                } else {
                    from_s.get(v) == Some(&j) && on_path.contains_key(v)
                }
            };
            let Some(v) = self
                .neighbours(at)?
                .iter()
                .copied()
                .find(|v| !banned.contains(v) && !cut(at, *v) && good(v))
            else {
                return Ok(None);
            };
            path.push(v);
            at = v;
        }
        Ok(Some(path))
    }
}

impl KnowledgeGraph {
    /// The `k` shortest connections between `from` and `to`: chains of distinct entities
    /// (simple paths), facts taken in either direction, using only facts that pass
    /// `filter` (its relation, modality, stated-only, date, as-of and known-by parts; its
    /// direction and kind parts are ignored, as in [`connection`](Self::connection)).
    /// Shortest first by number of hops; among equally long ones, by the entity ids along
    /// the way, so the answer is the same for the same graph. Entities linked by several
    /// facts are one step, with all those facts ([`Route::facts`]). Fewer than `k` when
    /// there are fewer; none when the two are not connected; one empty route when
    /// `from == to`.
    ///
    /// Yen's algorithm: one shortest-path search per entity of each route found, each a
    /// bidirectional breadth-first search. The budget counts fact ends read (memoised lists
    /// included), as in [`try_connection`](Self::try_connection).
    ///
    /// ```
    /// use factgraph::{datasets, Filter};
    /// let g = datasets::corpus();
    /// let (a, b) = (g.find("Mukhtar Altynbayev")?.id(), g.find("NATO")?.id());
    /// let routes = g.k_shortest_connections(a, b, 3, Filter::any(), 1_000_000)?;
    /// for (i, r) in routes.iter().enumerate() {
    ///     println!("route {} ({} hops):\n{r}", i + 1, r.len());
    /// }
    /// assert!(routes.windows(2).all(|w| w[0].len() <= w[1].len()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`SearchError::UnknownEntity`] for an id this graph did not issue,
    /// [`SearchError::Budget`] when the searches read `budget` fact ends.
    pub fn k_shortest_connections(
        &self,
        from: EntityId,
        to: EntityId,
        k: usize,
        filter: Filter,
        budget: usize,
    ) -> Result<Vec<Route<'_>>, SearchError> {
        self.entity(from)
            .ok_or(SearchError::UnknownEntity { id: from })?;
        self.entity(to)
            .ok_or(SearchError::UnknownEntity { id: to })?;
        if k == 0 {
            return Ok(Vec::new());
        }
        let filter = filter.direction(Direction::Both).kind_set(KindSet::ANY);
        let mut search = Search {
            graph: self,
            filter,
            budget,
            left: budget,
            adjacent: IdMap::default(),
        };
        let none = HashSet::new();
        let Some(first) = search.shortest(from, to, &none, &none)? else {
            return Ok(Vec::new());
        };
        let mut found: Vec<Path> = vec![first];
        let mut candidates: BTreeSet<(usize, Path)> = BTreeSet::new();
        while found.len() < k {
            let Some(last) = found.last().cloned() else {
                break;
            };
            for i in 0..last.len().saturating_sub(1) {
                let (Some(root), Some(&spur)) = (last.get(..=i), last.get(i)) else {
                    break;
                };
                let banned_next: HashSet<EntityId> = found
                    .iter()
                    .filter(|p| p.len() > i + 1 && p.get(..=i) == Some(root))
                    .filter_map(|p| p.get(i + 1).copied())
                    .collect();
                let banned: HashSet<EntityId> = root.iter().take(i).copied().collect();
                if let Some(tail) = search.shortest(spur, to, &banned, &banned_next)? {
                    let mut path: Path = root.iter().take(i).copied().collect();
                    path.extend(tail);
                    if !found.contains(&path) {
                        candidates.insert((path.len(), path));
                    }
                }
            }
            match candidates.pop_first() {
                Some((_, path)) => found.push(path),
                None => break,
            }
        }
        Ok(found.iter().filter_map(|p| self.route(p, filter)).collect())
    }

    /// A route along `path` with every fact of each step.
    fn route(&self, path: &[EntityId], filter: Filter) -> Option<Route<'_>> {
        let mut hops = Vec::new();
        let mut facts = Vec::new();
        for pair in path.windows(2) {
            let [u, v] = pair else { continue };
            let mut step: Vec<FactRef<'_>> = self
                .neighbours(*u, filter)
                .filter(|h| h.other_id() == *v)
                .map(|h| h.fact())
                .collect();
            step.sort_by_key(|f| f.id());
            step.dedup();
            if let Some(first) = step.first() {
                hops.push(Hop {
                    from: *u,
                    other: *v,
                    fact: *first,
                    forward: first.fact().subject() == *u,
                });
            }
            facts.push(step);
        }
        Some(Route {
            connection: Connection::from_hops(self.entity_ref(*path.first()?), hops),
            facts,
        })
    }
}
