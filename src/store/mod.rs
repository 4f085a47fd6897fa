//! Storage: the petgraph graph, its indexes, and validated, all-or-nothing mutation.

pub(crate) mod access;
pub(crate) mod adjacency;
pub mod attributions;
pub mod batch;
pub(crate) mod cache;
pub mod collect;
pub(crate) mod column;
pub(crate) mod date_pool;
pub(crate) mod dates;
pub mod facts;
pub mod graph;
pub(crate) mod hash;
pub(crate) mod keys;
pub mod memory;
pub mod names;
pub(crate) mod parallel;
pub(crate) mod sparse;
pub(crate) mod succession;
pub(crate) mod update;
pub(crate) mod words;
