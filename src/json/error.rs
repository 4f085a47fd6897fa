//! Errors of JSON loading, each with what went wrong, where in the data and where in the text.

use thiserror::Error;

use crate::error::{DateError, GraphError, UnknownName};

/// A rejected JSON document: what went wrong ([`JsonErrorKind`]) and where in the text.
/// The graph a load was applied to is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{kind} (line {line}, column {column})")]
pub struct JsonError {
    pub(crate) kind: JsonErrorKind,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl JsonError {
    /// What went wrong.
    pub fn kind(&self) -> &JsonErrorKind {
        &self.kind
    }

    /// 1-based line in the JSON text.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column (in characters for semantic errors, as serde_json counts for syntax
    /// and shape errors).
    pub fn column(&self) -> usize {
        self.column
    }
}

/// What was wrong with a JSON document. `fact` is the fact number (0-based position in
/// `facts`); `entity` is the entity's `id` as written.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum JsonErrorKind {
    /// Not well-formed JSON.
    #[error("malformed JSON: {message}")]
    Syntax {
        /// serde_json's description.
        message: String,
    },
    /// Well-formed JSON of the wrong shape: a missing or unknown field, a wrong type.
    #[error("unexpected JSON structure: {message}")]
    Structure {
        /// serde_json's description.
        message: String,
    },
    /// Arrays and objects nested deeper than [`Limits::max_depth`](crate::Limits::max_depth)
    /// (located at the bracket that goes one level too deep).
    #[error("nested more than {max} levels deep")]
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// A `factgraph` version this crate does not read.
    #[error("unsupported format version {found} (this crate reads versions 1 and 2)")]
    Version {
        /// The version in the document.
        found: u32,
    },
    /// An entity with a kind not in the vocabulary.
    #[error("entity `{entity}`: {source}")]
    UnknownKind {
        /// The entity id.
        entity: String,
        /// The rejected name and the accepted ones.
        source: UnknownName,
    },
    /// A second entity with an id already used.
    #[error("duplicate entity id `{entity}`")]
    DuplicateId {
        /// The repeated id.
        entity: String,
    },
    /// An entity the graph rejects (empty id, name or alias).
    #[error("entity `{entity}`{}", entity_problem(source))]
    InvalidEntity {
        /// The entity id.
        entity: String,
        /// The reason.
        source: GraphError,
    },
    /// A fact with a relation or modality not in the vocabulary.
    #[error("fact {fact}: {source}")]
    UnknownName {
        /// The fact's position in the document's `facts`, from 1.
        fact: usize,
        /// The rejected name and the accepted ones.
        source: UnknownName,
    },
    /// A fact naming an entity id that is not in the graph.
    #[error("fact {fact}: {field} `{entity}` is not an entity of the graph")]
    MissingEntity {
        /// The fact's position in the document's `facts`, from 1.
        fact: usize,
        /// The field: `subject`, `object`, `place`, `recipient`, `sources[0].source`, ...
        field: String,
        /// The id as written.
        entity: String,
    },
    /// A fact or report date that is not a valid date.
    #[error("fact {fact}: {field}: {source}")]
    InvalidDate {
        /// The fact's position in the document's `facts`, from 1.
        fact: usize,
        /// The field: `date` or `sources[N].reported`.
        field: String,
        /// The reason.
        source: DateError,
    },
    /// A quantity or recurrence that is not valid (an amount, unit or step in a form not
    /// read, a unit the kind does not take).
    #[error("fact {fact}: {field}: {source}")]
    InvalidQuantity {
        /// The fact's position in the document's `facts`, from 1.
        fact: usize,
        /// The field: `recurrence` or `sources[N].quantities[M]`.
        field: String,
        /// The reason.
        source: crate::model::quantity::QuantityError,
    },
    /// A report the graph rejects (empty or repeated id, an outlet that is not a source).
    #[error("report `{report}`: {source}")]
    InvalidReport {
        /// The report id as written.
        report: String,
        /// The reason.
        source: GraphError,
    },
    /// A report whose outlet is not an entity of the graph.
    #[error("report `{report}`: outlet `{entity}` is not an entity of the graph")]
    MissingOutlet {
        /// The report id as written.
        report: String,
        /// The outlet id as written.
        entity: String,
    },
    /// A report whose publication date is not a valid date.
    #[error("report `{report}`: published: {source}")]
    InvalidReportDate {
        /// The report id as written.
        report: String,
        /// The reason.
        source: DateError,
    },
    /// A fact naming a report id that is not in the document or the graph.
    #[error("fact {fact}: {field} names report `{report}`, which is not in the graph")]
    MissingReport {
        /// The fact's position in the document's `facts`, from 1.
        fact: usize,
        /// The field: `sources[N].report`.
        field: String,
        /// The report id as written.
        report: String,
    },
    /// An attribution with neither a report nor a source.
    #[error("fact {fact}: sources[{index}] names neither a report nor a source")]
    NoSource {
        /// The fact's position in the document's `facts`, from 1.
        fact: usize,
        /// The attribution's position in `sources`.
        index: usize,
    },
    /// A merged key that clashes with an entity's key.
    #[error("entity `{entity}`: merged id `{key}` is already used")]
    DuplicateMergedId {
        /// The entity id.
        entity: String,
        /// The clashing key.
        key: String,
    },
    /// A fact the schema or the graph rejects (wrong kinds at its ends, a misplaced role).
    #[error("fact {fact}: {source}")]
    InvalidFact {
        /// The fact's position in the document's `facts`, from 1.
        fact: usize,
        /// The reason; [`GraphError::Schema`] names relation, kinds and entities.
        source: GraphError,
    },
}

/// What is wrong with an entity, after the message has named it: the graph's own
/// message names the entity too, and saying the key twice ("entity `a`: entity `a` has
/// an empty name") hides the problem.
fn entity_problem(source: &GraphError) -> String {
    match source {
        GraphError::EmptyName { .. } => " has an empty name".to_owned(),
        GraphError::EmptyAlias { index, .. } => {
            format!(" has an empty alias (aliases[{index}])")
        }
        GraphError::NameTooLong { alias, max, .. } => format!(
            ": {} has more than {max} characters",
            alias.map_or("the name".to_owned(), |i| format!("aliases[{i}]"))
        ),
        other => format!(": {other}"),
    }
}
