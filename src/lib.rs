//! A typed knowledge graph of news-reported facts about international security
//! cooperation: who met whom, when, and says who; who signed what; who took part in which
//! exercise; how two actors are connected; what is a plan and what has happened. Every
//! answer carries the facts and the sources behind it.
//!
//! # Quick start
//!
//! ```
//! use factgraph::{cypher::Params, datasets, Filter};
//!
//! let g = datasets::corpus(); // the 2004 article and 40 real reports, merged
//! let sembinov = g.find("Sembinov")?; // by name or alias, folded
//! for m in g.meetings(sembinov.id(), Filter::any()) {
//!     println!("{} met {} on {} [{}]", m.who, m.with, m.date().describe(), m.fact.sources_line());
//! }
//! // The same graph in a Cypher subset; each row carries its facts.
//! let r = g.query(
//!     r#"MATCH (p:person)-[m:met]-(:person {name: $who}) RETURN p.name, m.date, m.place"#,
//!     &Params::new().with("who", "Altynbayev"),
//! )?;
//! print!("{}", r.with_sources());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Your own reports, in the JSON format of `docs/FORMAT.md`, merge into the corpus with
//! [`KnowledgeGraph::merge_path`], which returns a [`corpus::MergeReport`] of what they
//! changed.
//!
//! # Map of the crate
//!
//! | module | what it holds |
//! |---|---|
//! | [`model`] | the typed model: entity kinds, relations and their schema, EDTF dates, modality, attributions, reports |
//! | [`store`] | the graph ([`KnowledgeGraph`]): columns, indexes, all-or-nothing building ([`Batch`], transactions) |
//! | [`query`] | lookups, neighbours, meetings, posts, windows, connections, ego networks, search, and the time views ([`View`]) |
//! | [`corpus`] | reports and merging: entity resolution, corroboration, conflicts, the merge report |
//! | [`cypher`] | a schema-checked Cypher subset over the same indexes |
//! | [`analysis`] | petgraph's algorithms on the graph and on views; centrality, k shortest connections |
//! | [`json`], [`snapshot`] | the JSON format in and out, binary snapshots |
//! | [`interchange`] | exports: DOT, GraphML, RDF, Neo4j, Parquet; JSON Lines import |
//! | [`coding`] | assisted coding: candidate facts from a report's text, tied to their words, for review |
//! | `briefing` | the HTML briefing: link chart, timeline, citations, in one offline page (feature `html`) |
//! | [`datasets`] | the built-in article and corpus |
//! | [`limits`], [`error`] | limits on what outside input may cost; the error types |
//! | `synthetic` | made-up graphs of any size, for benches and tests (feature `synthetic`) |
//!
//! # Guides
//!
//! The library in depth: [GUIDE](https://docs.rs/crate/factgraph/latest/source/docs/GUIDE.md). The JSON
//! format: [FORMAT](https://docs.rs/crate/factgraph/latest/source/docs/FORMAT.md). The Cypher subset:
//! [CYPHER](https://docs.rs/crate/factgraph/latest/source/docs/CYPHER.md). Merging:
//! [MERGING](https://docs.rs/crate/factgraph/latest/source/docs/MERGING.md). The command-line tool (feature
//! `cli`): [CLI](https://docs.rs/crate/factgraph/latest/source/docs/CLI.md). Exports:
//! [INTERCHANGE](https://docs.rs/crate/factgraph/latest/source/docs/INTERCHANGE.md). Speed:
//! [PERFORMANCE](https://docs.rs/crate/factgraph/latest/source/docs/PERFORMANCE.md). Errors and limits:
//! [RELIABILITY](https://docs.rs/crate/factgraph/latest/source/docs/RELIABILITY.md). Dependencies and
//! features: [DEPENDENCIES](https://docs.rs/crate/factgraph/latest/source/docs/DEPENDENCIES.md).
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
#[cfg(feature = "html")]
pub mod briefing;
pub mod coding;
pub mod corpus;
pub mod cypher;
pub mod datasets;
pub mod error;
mod heap;
pub mod interchange;
pub mod json;
pub mod limits;
pub mod model;
pub mod query;
pub mod snapshot;
pub mod store;
#[cfg(feature = "synthetic")]
pub mod synthetic;

/// The README's examples, compiled and run as doc tests (the front page is the crate
/// documentation above, not the README).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The guide's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../docs/GUIDE.md")]
pub struct GuideDoctests;

/// The Cypher guide's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../docs/CYPHER.md")]
pub struct CypherDoctests;

/// petgraph, whose visit traits the graph and its views implement (see [`analysis`]).
pub use petgraph;

pub use corpus::QuantityConflict;
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
pub use model::quantity::{Amount, Currency, Quantity, QuantityError, QuantityKind, Unit};
pub use model::recurrence::{Recurrence, RecurrenceUnit};
pub use model::relation::{Direction, Relation, RelationSchema};
pub use model::report::Report;
pub use query::answers::{Meeting, Position, Supported, group_by_other};
pub use query::connection::{Connection, SearchError};
pub use query::editions::Edition;
pub use query::ego::EgoNetwork;
pub use query::neighbours::{DateMatch, Filter, Hop, Neighbours, RelationSet};
pub use query::refs::{EntityRef, FactRef, SourceRef, Sources};
pub use query::search::{SearchHit, SearchTarget};
pub use query::summary::Summary;
pub use query::time::View;
pub use query::window::{Window, WindowFacts};
pub use store::attributions::{AttributionView, Attributions};
pub use store::batch::Batch;
pub use store::facts::FactView;
pub use store::graph::KnowledgeGraph;
pub use store::memory::MemoryUsage;
pub use store::names::normalize_name;
