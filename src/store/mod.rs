//! Storage: the petgraph graph, its indexes, and validated, all-or-nothing mutation.

pub mod batch;
pub mod graph;
pub mod names;
