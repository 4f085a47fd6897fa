//! Graph analysis on the graph and on filtered views of it.
//!
//! - **petgraph's algorithms, on the store.** `&KnowledgeGraph` and [`View`] implement
//!   petgraph's visit traits (nodes are [`EntityId`]s, edges [`FactId`]s), so
//!   `petgraph::algo::dijkstra(&g, ...)` or `tarjan_scc(g.view(filter))` run without a
//!   copy; see the table below.
//! - **Centrality** over a view ([`View::degree_centrality`], [`View::page_rank`],
//!   [`View::betweenness`]): the top entities, each with the facts behind its score
//!   ([`Ranked`]), within a work budget ([`AnalysisError::Budget`]).
//! - **The k shortest connections** between two entities
//!   ([`KnowledgeGraph::k_shortest_connections`]), each a [`Route`] with every fact of each
//!   step.
//!
//! A view is [`KnowledgeGraph::view`] with a [`Filter`]: its relations, modalities,
//! stated-only, date window, as-of, known-by and corroboration parts choose the facts.
//!
//! ```
//! use factgraph::analysis::Centrality;
//! use factgraph::{datasets, Filter, ModalitySet, Relation, RelationSet};
//! let g = datasets::corpus();
//! // Who is central among the stated, reported-as-done meetings and visits?
//! let view = g.view(
//!     Filter::any()
//!         .relations(RelationSet::of(&[Relation::Met, Relation::Visited]))
//!         .modalities(ModalitySet::REPORTED)
//!         .stated_only(),
//! );
//! for r in view.page_rank(&Centrality::new().top(3).facts(1))? {
//!     println!("{r}");
//! }
//! # Ok::<(), factgraph::analysis::AnalysisError>(())
//! ```
//!
//! ## petgraph's visit traits
//!
//! | | `&KnowledgeGraph` | [`View`] |
//! |---|---|---|
//! | nodes (`NodeId`) | every entity ([`EntityId`]); ids a rolled-back batch handed out are not nodes | the same |
//! | edges (`EdgeId`) | every fact ([`FactId`]), directed subject → object | the facts the view [contains](View::contains): its relations, modalities, stated-only, date window, as-of, known-by and corroboration parts; its direction and kind parts are ignored |
//! | weights (`Data`) | [`Entity`], [`Fact`] | the same |
//! | edge references | [`Hop`] (`source()` the subject, `target()` the object, read from the adjacency index; `fact()` the [`FactRef`]) | the same |
//! | node references | [`EntityRef`] | the same |
//!
//! A symmetric relation (`met`) is one directed edge, subject → object, as in
//! [`as_petgraph`](KnowledgeGraph::as_petgraph); walk it both ways with petgraph's
//! `UndirectedAdaptor` or `IntoNeighborsDirected`. Node indices
//! ([`NodeIndexable`]) are compact, `0..entity_count()`, even after rolled-back batches
//! (the index of an entity is its rank among live ids), so algorithms that size tables by
//! `node_count` (`page_rank`, `connected_components`) are right; a rolled-back id has no
//! index. Edge indices are fact numbers.
//!
//! Costs: the edges of a node come from the adjacency index, O(log degree + facts of the
//! chosen relations at the node); a view reads each such fact once to test it. `NodeCount`
//! is O(1); `EdgeCount` is O(1) for the graph and not implemented for views (it would
//! be a scan).
//!
//! ```
//! use factgraph::petgraph::algo::{connected_components, dijkstra};
//! use factgraph::{datasets, Filter};
//! let g = datasets::edm_2004_v1_i133();
//! let sembinov = g.find("Sembinov")?.id();
//! // Hop counts along facts, subject → object, on the graph itself.
//! let hops = dijkstra(&g, sembinov, None, |_| 1);
//! println!("{} entities reachable from Sembinov", hops.len());
//! // On the stated facts only.
//! let stated = g.view(Filter::any().stated_only());
//! println!("{} components when inferred facts are left out", connected_components(stated));
//! assert!(connected_components(stated) >= connected_components(&g));
//! # Ok::<(), factgraph::LookupError>(())
//! ```

mod centrality;
mod k_shortest;
mod snapshot;
mod visit;

pub use centrality::{Centrality, Ranked};
pub use k_shortest::Route;
pub use visit::{EdgeRefs, Edges, Neighbors, NodeIds, NodeRefs, VisitSet};

#[cfg(doc)]
use crate::{
    Entity, EntityId, EntityRef, Fact, FactId, FactRef, Filter, Hop, KnowledgeGraph, View,
    petgraph::visit::NodeIndexable,
};

/// Why an analysis gave no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// The analysis would do more work than its budget (units: an entity or a fact end
    /// visited). For betweenness `needed` is the bound checked before any search; ask for
    /// fewer [`samples`](Centrality::samples). For PageRank it is the work up to and
    /// including the iteration that would pass the budget.
    #[error("the analysis needs at least {needed} units of work, over its budget of {budget}")]
    Budget {
        /// The budget.
        budget: usize,
        /// The work needed, as far as known.
        needed: usize,
    },
    /// A PageRank damping outside `0.0..=1.0`.
    #[error("the damping must lie in 0.0..=1.0, not {damping}")]
    Damping {
        /// The damping given.
        damping: f64,
    },
}
