//! Error types, one per concern: names of kinds, dates, graph building, lookups.
//! JSON loading has its own type in [`crate::json`].

use thiserror::Error;

use crate::model::ids::EntityId;
use crate::model::kind::{EntityKind, KindSet};
use crate::model::relation::Relation;

/// A serialized name (kind, relation, modality) that is not in the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown {what} `{value}` (expected one of: {})", expected.join(", "))]
#[non_exhaustive]
pub struct UnknownName {
    /// What was being parsed: "entity kind", "relation" or "modality".
    pub what: &'static str,
    /// The rejected value.
    pub value: String,
    /// The accepted names.
    pub expected: Vec<&'static str>,
}

/// An invalid date.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DateError {
    /// Not a date of the EDTF forms factgraph reads.
    #[error(
        "`{value}` is not a date (expected EDTF: YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ? ~ or %; START/END with ends that are dates, `..` (open) or empty (unknown); or unknown)"
    )]
    Syntax {
        /// The rejected text.
        value: String,
    },
    /// A shorthand range whose end leaves out parts of the start.
    #[error("`{value}` is a shorthand range; write it in full, in EDTF: `{suggestion}`")]
    Shorthand {
        /// The rejected text.
        value: String,
        /// The EDTF form.
        suggestion: String,
    },
    /// A date with a time of day, which factgraph does not keep.
    #[error("`{value}` has a time of day; factgraph keeps dates to the day (write YYYY-MM-DD)")]
    TimeOfDay {
        /// The rejected text.
        value: String,
    },
    /// Year outside 1..=9999.
    #[error("year {year} is out of range (1 to 9999)")]
    YearOutOfRange {
        /// The rejected year.
        year: i32,
    },
    /// Month outside 1..=12.
    #[error("month {month} is out of range (1 to 12)")]
    MonthOutOfRange {
        /// The rejected month.
        month: u32,
    },
    /// A day the month does not have (2004-02-30).
    #[error("{year:04}-{month:02} has no day {day}")]
    DayOutOfRange {
        /// The year.
        year: i32,
        /// The month.
        month: u32,
        /// The rejected day.
        day: u32,
    },
    /// A range whose start comes after its end.
    #[error("range starts at {start}, after its end {end}")]
    RangeReversed {
        /// The start as written.
        start: String,
        /// The end as written.
        end: String,
    },
}

/// A fact whose ends have kinds the relation does not allow.
///
/// The message names the relation, both kinds and both entities, and says which end is
/// wrong and what it may be.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.describe())]
#[non_exhaustive]
pub struct SchemaViolation {
    /// The relation.
    pub relation: Relation,
    /// Key of the subject entity.
    pub subject: String,
    /// Kind of the subject entity.
    pub subject_kind: EntityKind,
    /// Key of the object entity.
    pub object: String,
    /// Kind of the object entity.
    pub object_kind: EntityKind,
    /// Kinds the schema allows as subject.
    pub allowed_subject: KindSet,
    /// Kinds the schema allows as object.
    pub allowed_object: KindSet,
}

impl SchemaViolation {
    fn describe(&self) -> String {
        let mut why = Vec::new();
        if !self.allowed_subject.contains(self.subject_kind) {
            why.push(format!(
                "its subject must be one of: {}",
                self.allowed_subject
            ));
        }
        if !self.allowed_object.contains(self.object_kind) {
            why.push(format!(
                "its object must be one of: {}",
                self.allowed_object
            ));
        }
        format!(
            "schema violation: `{}` cannot link {} `{}` to {} `{}`: {}",
            self.relation,
            self.subject_kind,
            self.subject,
            self.object_kind,
            self.object,
            why.join(" and ")
        )
    }
}

/// Why an entity or fact was not added to a graph. Nothing is changed when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum GraphError {
    /// An entity with an empty key.
    #[error("entity key is empty")]
    EmptyKey,
    /// An entity with an empty name (blank, or only marks that folding drops).
    #[error("entity `{key}` has an empty name")]
    EmptyName {
        /// Key of the entity.
        key: String,
    },
    /// An entity with an empty alias (blank, or only marks that folding drops).
    #[error("entity `{key}` has an empty alias (aliases[{index}])")]
    EmptyAlias {
        /// Key of the entity.
        key: String,
        /// Position of the alias in the entity's aliases.
        index: usize,
    },
    /// A name or alias longer than [`Limits::max_name_chars`](crate::Limits::max_name_chars).
    #[error("entity `{key}`: {} has more than {max} characters", alias.map_or("the name".to_owned(), |i| format!("aliases[{i}]")))]
    NameTooLong {
        /// Key of the entity (cut to the quoting limit).
        key: String,
        /// `None` for the name, or the position of the alias.
        alias: Option<usize>,
        /// The limit, in characters.
        max: usize,
    },
    /// A second entity with the same key.
    #[error("duplicate entity key `{key}`")]
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// A second report with the same key.
    #[error("duplicate report key `{key}`")]
    DuplicateReport {
        /// The repeated key.
        key: String,
    },
    /// A report id that this graph did not issue.
    #[error("an attribution refers to {id}, which is not in this graph")]
    UnknownReport {
        /// The id.
        id: crate::model::ids::ReportId,
    },
    /// An entity id that this graph did not issue.
    #[error("{field} refers to {id}, which is not in this graph")]
    UnknownEntity {
        /// Which field of the fact: "subject", "object", "place", ...
        field: &'static str,
        /// The id.
        id: EntityId,
    },
    /// The ends' kinds break the schema.
    #[error(transparent)]
    Schema(#[from] SchemaViolation),
    /// A qualifier (place, recipient, source, speaker) of a kind that field does not take.
    #[error("{field} `{key}` is a {kind}, but {field} takes {expected}")]
    QualifierKind {
        /// Which field: "place", "recipient", "source", "speaker" or "outlet".
        field: &'static str,
        /// Key of the entity given.
        key: String,
        /// Its kind.
        kind: EntityKind,
        /// Kinds the field takes.
        expected: KindSet,
    },
    /// A `holds_position` fact without a role (title and rank).
    #[error("a holds_position fact needs a role (title, optional rank)")]
    MissingRole,
    /// A role on a relation other than `holds_position`.
    #[error("a role is only allowed on holds_position, not on `{relation}`")]
    UnexpectedRole {
        /// The relation of the fact.
        relation: Relation,
    },
    /// A valid time on a relation that does not hold over a period (a meeting happens;
    /// it is not "valid" from one date to another).
    #[error(
        "a valid time is only allowed on relations that hold over a period (holds_position, member_of, part_of, party_to, deployed_to, located_in), not on `{relation}`"
    )]
    ValidityNotAllowed {
        /// The relation of the fact.
        relation: Relation,
    },
    /// A role with an empty title.
    #[error("role title is empty")]
    EmptyTitle,
    /// A recipient on a relation other than `supplies`.
    #[error("a recipient is only allowed on supplies, not on `{relation}`")]
    RecipientNotAllowed {
        /// The relation of the fact.
        relation: Relation,
    },
    /// A recurring fact whose date has no start: the date of a recurring fact is the
    /// span of its series (`2003/..`), which the recurrence counts from.
    #[error(
        "a recurring fact needs a date with a start (the span of the series, e.g. `2003/..` for \"since 2003\"), not `{date}`"
    )]
    RecurrenceWithoutStart {
        /// The date given.
        date: crate::model::date::FactDate,
    },
    /// An edition ordinal on a fact other than `part_of` from an exercise or event.
    #[error(
        "an edition ordinal is only allowed on part_of from an exercise or event to its series, not on `{relation}` from a {kind}"
    )]
    EditionNotAllowed {
        /// The relation of the fact.
        relation: Relation,
        /// The kind of its subject.
        kind: EntityKind,
    },
    /// The graph is full: more than [`MAX_ENTITIES`](crate::model::ids::MAX_ENTITIES)
    /// (134,217,728) entities, or more than `u32::MAX` facts, reports or attributions.
    #[error(
        "the graph is full: it cannot hold more {0} (at most 134217728 entities and 4294967295 facts, reports or attributions)"
    )]
    Capacity(&'static str),
}

/// A failed lookup by name.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum LookupError {
    /// No entity has this name or alias.
    #[error("no entity is named `{name}`{}", closest_hint(closest))]
    NotFound {
        /// The name asked for.
        name: String,
        /// The closest names known, best first (at most five).
        closest: Vec<String>,
    },
    /// Several entities share this name or alias.
    #[error("`{name}` is ambiguous: {}", candidates.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("; "))]
    Ambiguous {
        /// The name asked for.
        name: String,
        /// The entities it could mean.
        candidates: Vec<Candidate>,
    },
    /// An entity key that is not in the graph.
    #[error("no entity has the key `{key}`")]
    UnknownKey {
        /// The key asked for.
        key: String,
    },
}

fn closest_hint(closest: &[String]) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        format!(" (did you mean: {}?)", closest.join(", "))
    }
}

/// One of several entities an ambiguous name could mean.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Candidate {
    /// The entity's id.
    pub id: EntityId,
    /// Its key.
    pub key: String,
    /// Its canonical name.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
}

impl std::fmt::Display for Candidate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}, `{}`)", self.name, self.kind, self.key)
    }
}
