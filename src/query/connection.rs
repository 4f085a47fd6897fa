//! The shortest connection between two entities, explained hop by hop.

use std::collections::HashMap;
use std::fmt;

use petgraph::Direction as PgDirection;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

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

/// Per side of the search: entity → (depth, the fact and entity it was reached from).
type Parents = HashMap<EntityId, (u32, Option<(FactId, EntityId)>)>;

impl KnowledgeGraph {
    /// The shortest chain of facts between `from` and `to`, ignoring fact direction, using
    /// only facts that pass `filter` (its relation, modality and date parts; its kind part
    /// is ignored). `None` if they are not connected or either id is not in this graph.
    ///
    /// A bidirectional breadth-first search over the petgraph graph: it expands the smaller
    /// frontier a whole level at a time, so the result is a shortest chain; among equally
    /// short chains the choice is deterministic for a given graph.
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
    pub fn connection(
        &self,
        from: EntityId,
        to: EntityId,
        filter: Filter,
    ) -> Option<Connection<'_>> {
        let start = self.entity(from)?;
        self.entity(to)?;
        if from == to {
            return Some(Connection {
                start,
                hops: Vec::new(),
            });
        }
        let mut fwd: Parents = HashMap::from([(from, (0, None))]);
        let mut bwd: Parents = HashMap::from([(to, (0, None))]);
        let mut fwd_frontier = vec![from];
        let mut bwd_frontier = vec![to];
        loop {
            if fwd_frontier.is_empty() || bwd_frontier.is_empty() {
                return None;
            }
            let forward = fwd_frontier.len() <= bwd_frontier.len();
            let (frontier, mine, theirs) = if forward {
                (&mut fwd_frontier, &mut fwd, &bwd)
            } else {
                (&mut bwd_frontier, &mut bwd, &fwd)
            };
            let meet = self.expand(frontier, mine, theirs, filter);
            if let Some(middle) = meet {
                return Some(Connection {
                    start,
                    hops: self.stitch(middle, &fwd, &bwd),
                });
            }
        }
    }

    /// Expands one whole level; returns the meeting entity with the shortest total length.
    fn expand(
        &self,
        frontier: &mut Vec<EntityId>,
        mine: &mut Parents,
        theirs: &Parents,
        filter: Filter,
    ) -> Option<EntityId> {
        let mut next = Vec::new();
        let mut best: Option<(u32, EntityId)> = None;
        for &u in frontier.iter() {
            let depth = mine.get(&u).map_or(0, |p| p.0) + 1;
            for dir in [PgDirection::Outgoing, PgDirection::Incoming] {
                for edge in self.graph.edges_directed(NodeIndex::new(u.index()), dir) {
                    let fact = *edge.weight();
                    if !filter.accepts_fact(&self.fact_ref(fact)) {
                        continue;
                    }
                    let other = if dir == PgDirection::Outgoing {
                        edge.target()
                    } else {
                        edge.source()
                    };
                    let v = EntityId(other.index() as u32);
                    if mine.contains_key(&v) {
                        continue;
                    }
                    mine.insert(v, (depth, Some((fact, u))));
                    next.push(v);
                    if let Some((d, _)) = theirs.get(&v) {
                        let total = depth + d;
                        if best.is_none_or(|(b, _)| total < b) {
                            best = Some((total, v));
                        }
                    }
                }
            }
        }
        *frontier = next;
        best.map(|(_, v)| v)
    }

    /// Builds the hop list start → middle → end from the two parent maps.
    fn stitch(&self, middle: EntityId, fwd: &Parents, bwd: &Parents) -> Vec<Hop<'_>> {
        let mut left = Vec::new();
        let mut at = middle;
        while let Some(&(_, Some((fact, prev)))) = fwd.get(&at) {
            left.push(self.hop(prev, fact));
            at = prev;
        }
        left.reverse();
        let mut at = middle;
        while let Some(&(_, Some((fact, next)))) = bwd.get(&at) {
            left.push(self.hop(at, fact));
            at = next;
        }
        left
    }

    fn hop(&self, from: EntityId, fact: FactId) -> Hop<'_> {
        let f = self.fact_ref(fact);
        Hop {
            from,
            fact: f,
            forward: f.fact().subject() == from,
        }
    }
}
