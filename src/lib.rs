#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr, clippy::missing_errors_doc)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod analysis;
pub mod coding;
pub mod corpus;
pub mod cypher;
pub mod datasets;
pub mod error;
pub mod interchange;
pub mod json;
pub mod limits;
pub mod model;
pub mod query;
pub mod snapshot;
pub mod store;
#[cfg(feature = "synthetic")]
pub mod synthetic;

/// petgraph, whose visit traits the graph and its views implement (see [`analysis`]).
pub use petgraph;

pub use error::{Candidate, DateError, GraphError, LookupError, SchemaViolation, UnknownName};
pub use json::{Added, JsonCheck, JsonError, JsonErrorKind};
pub use limits::Limits;
pub use model::attributes::Attributes;
pub use model::attribution::Attribution;
pub use model::date::{Bound, DateRange, FactDate, PartialDate, Precision, Qualifier, Span};
pub use model::entity::Entity;
pub use model::fact::{Fact, Role};
pub use model::ids::{EntityId, FactId, FactKey, ReportId};
pub use model::kind::{EntityKind, KindSet};
pub use model::modality::{Modality, ModalitySet};
pub use model::relation::{Direction, Relation, RelationSchema};
pub use model::report::Report;
pub use query::answers::{Meeting, Position, Supported, group_by_other};
pub use query::connection::{Connection, SearchError};
pub use query::ego::EgoNetwork;
pub use query::neighbours::{DateMatch, Filter, Hop, Neighbours, RelationSet};
pub use query::refs::{EntityRef, FactRef, SourceRef, Sources};
pub use query::search::{SearchHit, SearchTarget};
pub use query::time::View;
pub use query::window::{Window, WindowFacts};
pub use store::attributions::{AttributionView, Attributions};
pub use store::batch::Batch;
pub use store::facts::FactView;
pub use store::graph::KnowledgeGraph;
pub use store::memory::MemoryUsage;
pub use store::names::normalize_name;
