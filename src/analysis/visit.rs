//! petgraph's visit traits on `&KnowledgeGraph` and on views (documented in `crate::analysis`).

use petgraph::Direction as PDirection;
use petgraph::visit::{
    Data, EdgeCount, EdgeIndexable, EdgeRef, GraphBase, GraphProp, GraphRef, IntoEdgeReferences,
    IntoEdges, IntoEdgesDirected, IntoNeighbors, IntoNeighborsDirected, IntoNodeIdentifiers,
    IntoNodeReferences, NodeCompactIndexable, NodeCount, NodeIndexable, NodeRef, VisitMap,
    Visitable,
};

use crate::model::entity::Entity;
use crate::model::ids::{EntityId, FactId};
use crate::model::kind::KindSet;
use crate::model::relation::Direction;
use crate::query::neighbours::{Filter, Hop, Neighbours};
use crate::query::refs::{EntityRef, FactRef};
use crate::query::time::View;
use crate::store::graph::KnowledgeGraph;

/// What the trait impls of both graph types read: the graph, and the filter on facts (for
/// a view).
trait Parts<'g>: Copy {
    fn parts(self) -> (&'g KnowledgeGraph, Option<Filter>);
}

impl<'g> Parts<'g> for &'g KnowledgeGraph {
    fn parts(self) -> (&'g KnowledgeGraph, Option<Filter>) {
        (self, None)
    }
}

impl<'g> Parts<'g> for View<'g> {
    fn parts(self) -> (&'g KnowledgeGraph, Option<Filter>) {
        (self.graph(), Some(self.filter()))
    }
}

/// The neighbour walk of one node, both directions, as a view's filter restricts it;
/// [`Edges`] keeps one direction. Both directions are one run of the node's sorted list,
/// where one direction alone is a run per relation (a symmetric relation comes from both
/// ends): reading the whole run and dropping half is faster for all but hubs.
fn walk(g: &KnowledgeGraph, filter: Option<Filter>, a: EntityId) -> Neighbours<'_> {
    // The kind part of a view's filter is about the other end of a walk; a graph view
    // has none.
    let f = filter
        .unwrap_or_default()
        .direction(Direction::Both)
        .kind_set(KindSet::ANY);
    g.neighbours(a, f)
}

/// The ids of live entities, in id order: [`IntoNodeIdentifiers`] of the graph and its
/// views.
#[derive(Debug, Clone)]
pub struct NodeIds<'g> {
    graph: &'g KnowledgeGraph,
    next: usize,
}

impl Iterator for NodeIds<'_> {
    type Item = EntityId;

    fn next(&mut self) -> Option<EntityId> {
        while self.next < self.graph.id_bound() {
            let i = self.next;
            self.next += 1;
            if !self.graph.is_burnt(i) {
                return EntityId::from_index(i);
            }
        }
        None
    }
}

/// The live entities, in id order: [`IntoNodeReferences`] of the graph and its views.
#[derive(Debug, Clone)]
pub struct NodeRefs<'g> {
    ids: NodeIds<'g>,
}

impl<'g> Iterator for NodeRefs<'g> {
    type Item = EntityRef<'g>;

    fn next(&mut self) -> Option<EntityRef<'g>> {
        let id = self.ids.next()?;
        Some(self.ids.graph.entity_ref(id))
    }
}

/// The facts at a node in one direction ([`IntoEdges`], [`IntoEdgesDirected`]), in order
/// of relation, then fact number.
#[derive(Debug, Clone)]
pub struct Edges<'g> {
    walk: Neighbours<'g>,
    outgoing: bool,
}

impl<'g> Iterator for Edges<'g> {
    type Item = Hop<'g>;

    fn next(&mut self) -> Option<Hop<'g>> {
        // Symmetric relations come from both ends whatever the walk's direction: keep the
        // ones where the node stands at the asked end.
        let outgoing = self.outgoing;
        self.walk
            .by_ref()
            .find(|hop| (hop.direction() == Direction::Outgoing) == outgoing)
    }
}

/// The entities at the other end of [`Edges`] ([`IntoNeighbors`],
/// [`IntoNeighborsDirected`]); an entity linked by several facts comes once per fact.
#[derive(Debug, Clone)]
pub struct Neighbors<'g> {
    edges: Edges<'g>,
}

impl Iterator for Neighbors<'_> {
    type Item = EntityId;

    fn next(&mut self) -> Option<EntityId> {
        let outgoing = self.edges.outgoing;
        self.edges
            .walk
            .by_ref()
            .find(|hop| (hop.direction() == Direction::Outgoing) == outgoing)
            .map(|hop| hop.other_id())
    }
}

/// Every fact of the graph or view, in fact-number order ([`IntoEdgeReferences`]).
#[derive(Debug, Clone)]
pub struct EdgeRefs<'g> {
    graph: &'g KnowledgeGraph,
    filter: Option<Filter>,
    next: usize,
}

impl<'g> Iterator for EdgeRefs<'g> {
    type Item = Hop<'g>;

    fn next(&mut self) -> Option<Hop<'g>> {
        while self.next < self.graph.fact_count() {
            let f = self.graph.fact_ref(FactId(self.next as u32));
            self.next += 1;
            if self.filter.is_none_or(|filter| filter.accepts_fact(&f)) {
                return Some(Hop {
                    from: f.fact.subject(),
                    other: f.fact.object(),
                    fact: f,
                    forward: true,
                });
            }
        }
        None
    }
}

/// The visited set of petgraph's traversals on the graph and its views
/// ([`Visitable::Map`]): one bit per entity id.
#[derive(Debug, Clone, Default)]
pub struct VisitSet {
    bits: Vec<u64>,
}

impl VisitSet {
    fn with_ids(n: usize) -> Self {
        VisitSet {
            bits: vec![0; n.div_ceil(64)],
        }
    }
}

impl VisitMap<EntityId> for VisitSet {
    fn visit(&mut self, a: EntityId) -> bool {
        let (word, bit) = (a.index() / 64, a.index() % 64);
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        match self.bits.get_mut(word) {
            Some(w) => {
                let first = *w & (1 << bit) == 0;
                *w |= 1 << bit;
                first
            }
            None => false,
        }
    }

    fn is_visited(&self, a: &EntityId) -> bool {
        self.bits
            .get(a.index() / 64)
            .is_some_and(|w| w & (1 << (a.index() % 64)) != 0)
    }

    fn unvisit(&mut self, a: EntityId) -> bool {
        match self.bits.get_mut(a.index() / 64) {
            Some(w) => {
                let mask = 1 << (a.index() % 64);
                let was = *w & mask != 0;
                *w &= !mask;
                was
            }
            None => false,
        }
    }
}

impl NodeRef for EntityRef<'_> {
    type NodeId = EntityId;
    type Weight = Entity;

    fn id(&self) -> EntityId {
        self.id
    }

    fn weight(&self) -> &Entity {
        self.entity
    }
}

/// The edge references of the graph and its views: a hop carries its two ends, so
/// `source()` and `target()` read no fact (the adjacency index has them); `weight()` is
/// the [`FactId`] (facts are stored as columns, so there is no fact value to borrow),
/// `fact()` the [`FactRef`] with its data and sources.
impl EdgeRef for Hop<'_> {
    type NodeId = EntityId;
    type EdgeId = FactId;
    type Weight = FactId;

    /// The subject.
    fn source(&self) -> EntityId {
        if self.forward { self.from } else { self.other }
    }

    /// The object.
    fn target(&self) -> EntityId {
        if self.forward { self.other } else { self.from }
    }

    fn weight(&self) -> &FactId {
        self.fact.fact.id_ref()
    }

    fn id(&self) -> FactId {
        self.fact.id()
    }
}

/// A fact as an edge, subject → object, for callers who hold [`FactRef`]s.
impl EdgeRef for FactRef<'_> {
    type NodeId = EntityId;
    type EdgeId = FactId;
    type Weight = FactId;

    /// The subject.
    fn source(&self) -> EntityId {
        self.fact.subject()
    }

    /// The object.
    fn target(&self) -> EntityId {
        self.fact.object()
    }

    fn weight(&self) -> &FactId {
        self.fact.id_ref()
    }

    fn id(&self) -> FactId {
        self.fact.id()
    }
}

/// The graph and the view's filter, borrowed from `&self`: what the base traits read.
trait Borrowed {
    fn borrowed(&self) -> (&KnowledgeGraph, Option<Filter>);
}

impl Borrowed for KnowledgeGraph {
    fn borrowed(&self) -> (&KnowledgeGraph, Option<Filter>) {
        (self, None)
    }
}

impl Borrowed for View<'_> {
    fn borrowed(&self) -> (&KnowledgeGraph, Option<Filter>) {
        (self.graph(), Some(self.filter()))
    }
}

/// The traits petgraph reaches through `&G` for a `G` that has them (so they are
/// implemented on `KnowledgeGraph` and reach `&KnowledgeGraph` that way) and on views.
macro_rules! base_impls {
    ([$($lt:lifetime)?] $t:ty) => {
        impl<$($lt)?> GraphBase for $t {
            type NodeId = EntityId;
            type EdgeId = FactId;
        }

        impl<$($lt)?> GraphProp for $t {
            type EdgeType = petgraph::Directed;
        }

        impl<$($lt)?> Data for $t {
            type NodeWeight = Entity;
            type EdgeWeight = FactId;
        }

        impl<$($lt)?> NodeCount for $t {
            /// The number of live entities, O(1).
            fn node_count(&self) -> usize {
                self.borrowed().0.entity_count()
            }
        }

        impl<$($lt)?> NodeIndexable for $t {
            fn node_bound(&self) -> usize {
                self.borrowed().0.entity_count()
            }

            /// The entity's rank among live ids; `usize::MAX` for an id that is not a
            /// node of this graph.
            fn to_index(&self, a: EntityId) -> usize {
                self.borrowed().0.live_rank(a).unwrap_or(usize::MAX)
            }

            /// The entity of a rank; past `node_bound`, an id no graph issues.
            fn from_index(&self, i: usize) -> EntityId {
                self.borrowed()
                    .0
                    .live_at(i)
                    .unwrap_or(EntityId::at(u32::MAX - 1))
            }
        }

        impl<$($lt)?> NodeCompactIndexable for $t {}

        impl<$($lt)?> EdgeIndexable for $t {
            fn edge_bound(&self) -> usize {
                self.borrowed().0.fact_count()
            }

            fn to_index(&self, a: FactId) -> usize {
                a.index()
            }

            fn from_index(&self, i: usize) -> FactId {
                FactId(u32::try_from(i).unwrap_or(u32::MAX))
            }
        }

        impl<$($lt)?> Visitable for $t {
            type Map = VisitSet;

            fn visit_map(&self) -> VisitSet {
                VisitSet::with_ids(self.borrowed().0.id_bound())
            }

            fn reset_map(&self, map: &mut VisitSet) {
                map.bits.clear();
                map.bits.resize(self.borrowed().0.id_bound().div_ceil(64), 0);
            }
        }
    };
}

/// The traits of graph references, which petgraph's algorithms take by value.
macro_rules! into_impls {
    ($t:ty) => {
        impl<'g> IntoNodeIdentifiers for $t {
            type NodeIdentifiers = NodeIds<'g>;

            fn node_identifiers(self) -> NodeIds<'g> {
                NodeIds {
                    graph: self.parts().0,
                    next: 0,
                }
            }
        }

        impl<'g> IntoNodeReferences for $t {
            type NodeRef = EntityRef<'g>;
            type NodeReferences = NodeRefs<'g>;

            fn node_references(self) -> NodeRefs<'g> {
                NodeRefs {
                    ids: self.node_identifiers(),
                }
            }
        }

        impl<'g> IntoEdgeReferences for $t {
            type EdgeRef = Hop<'g>;
            type EdgeReferences = EdgeRefs<'g>;

            fn edge_references(self) -> EdgeRefs<'g> {
                let (graph, filter) = self.parts();
                EdgeRefs {
                    graph,
                    filter,
                    next: 0,
                }
            }
        }

        impl<'g> IntoEdgesDirected for $t {
            type EdgesDirected = Edges<'g>;

            fn edges_directed(self, a: EntityId, dir: PDirection) -> Edges<'g> {
                let (g, filter) = self.parts();
                Edges {
                    walk: walk(g, filter, a),
                    outgoing: dir == PDirection::Outgoing,
                }
            }
        }

        impl<'g> IntoEdges for $t {
            type Edges = Edges<'g>;

            /// The facts whose subject is `a`.
            fn edges(self, a: EntityId) -> Edges<'g> {
                self.edges_directed(a, PDirection::Outgoing)
            }
        }

        impl<'g> IntoNeighborsDirected for $t {
            type NeighborsDirected = Neighbors<'g>;

            fn neighbors_directed(self, a: EntityId, dir: PDirection) -> Neighbors<'g> {
                Neighbors {
                    edges: self.edges_directed(a, dir),
                }
            }
        }

        impl<'g> IntoNeighbors for $t {
            type Neighbors = Neighbors<'g>;

            /// The objects of the facts whose subject is `a`.
            fn neighbors(self, a: EntityId) -> Neighbors<'g> {
                self.neighbors_directed(a, PDirection::Outgoing)
            }
        }
    };
}

base_impls!([] KnowledgeGraph);
base_impls!(['g] View<'g>);
impl GraphRef for View<'_> {}
into_impls!(&'g KnowledgeGraph);
into_impls!(View<'g>);

impl EdgeCount for KnowledgeGraph {
    /// The number of facts, O(1).
    fn edge_count(&self) -> usize {
        self.fact_count()
    }
}
