//! RDF export (feature `rdf`, on by default): N-Triples, Turtle, N-Quads and TriG, with a
//! small vocabulary of its own, written by Oxigraph's `oxttl` serializers.
//!
//! # The mapping in one picture
//!
//! ```text
//! id:bolat_sembinov a fg:Person ;                      # one class per entity kind
//!     rdfs:label "Bolat Sembinov" ; fg:name "Bolat Sembinov" ;
//!     fg:key "bolat_sembinov" ; fg:alias "Sembinov" ;
//!     fg:attribute_rank "Major-General" .              # one property per attribute name
//!
//! id:bolat_sembinov fg:met id:richard_armitage .       # asserted: modality `reported` only
//!
//! report:edm_2004_v1_i133 a fg:Report ;               # one block per report
//!     fg:outlet id:eurasia_daily_monitor ; fg:headline "United States Committed to …" ;
//!     fg:url "https://jamestown.org/…" ; fg:language "en" ;
//!     fg:published "2004-11"^^xsd:gYearMonth ; fg:published_year_inferred false .
//!
//! fact:afdaf959df07320c a rdf:Statement, fg:Fact ;     # named by its content key
//!     rdf:subject id:bolat_sembinov ; rdf:predicate fg:met ; rdf:object id:richard_armitage ;
//!     fg:fact_number 1 ; fg:fact_key "afdaf959df07320c" ; fg:stated true ;
//!     fg:modality "reported" ;
//!     fg:date "2004-11-19"^^xsd:date ; fg:year_inferred true ;
//!     fg:place id:washington ;
//!     fg:attribution <https://factgraph.example/id/fact/afdaf959df07320c/source/0> .
//!
//! <https://factgraph.example/id/fact/afdaf959df07320c/source/0> a fg:Attribution ;
//!     fg:index 0 ; fg:source id:interfax_kazakhstan ; fg:report report:edm_2004_v1_i133 ;
//!     fg:reported "2004-11-19"^^xsd:date ; fg:reported_year_inferred true .
//!     # and, when present: fg:speaker, fg:quote, fg:claimed_date, fg:inferred "<reason>",
//!     # fg:quantity <…/source/0/quantity/0> (one per quantity the report gives)
//!
//! <…/source/0/quantity/0> a fg:Quantity ;            # a number the report gives
//!     fg:index 0 ; fg:kind "money" ; fg:qualifier "up_to" ;
//!     fg:high 98000 ;                                  # xsd:integer; fg:value, fg:low too
//!     fg:unit <http://qudt.org/vocab/currency/USD> ; fg:currency "USD" .
//! ```
//!
//! with `fg:` = [`NAMESPACE`], `id:` = the [base IRI](RdfOptions::base), and, in this
//! picture only, `fact:` = the base followed by `fact/` and `report:` = the base followed
//! by `report/` (the Turtle output writes them `id:fact\/…` and `id:report\/…`).
//!
//! * **Entities** get the IRI *base* + *percent-encoded key* ([`RdfOptions::entity_iri`]):
//!   every character outside RFC 3987 `iunreserved` (ASCII letters, digits, `-._~` and the
//!   non-ASCII `ucschar` ranges) becomes `%XX` for each of its UTF-8 bytes, so a key with
//!   spaces, `#`, `/`, `%` or `>` yields one valid path segment and the encoding can be
//!   undone. A key of `.` or `..` is encoded as `%2E` / `%2E%2E` so that no IRI resolver
//!   mistakes it for a dot segment.
//! * **Facts** get the IRI *base* + `fact/` + their [content key](crate::FactKey) in 16
//!   hexadecimal digits ([`RdfOptions::fact_iri`]), so a fact's IRI does not depend on its
//!   position or the load order (see [`FactKey`] for what changes a key).
//!   Two facts with the same key can only occur
//!   in a graph built without merging (the same fact added twice): the first, in fact
//!   order, gets the plain IRI, and each later one gets `-<fact number>` appended
//!   (`fact/afdaf959df07320c-7`), which no other fact can get. `fg:fact_number` still
//!   gives the position and `fg:fact_key` the key. An entity key can never produce a fact
//!   IRI: the `/` of a key is encoded.
//! * **Reports** get the IRI *base* + `report/` + *percent-encoded report key*
//!   ([`RdfOptions::report_iri`]), encoded as entity keys are.
//! * **Attributions** get *fact IRI* + `/source/` + *position* ([`RdfOptions::attribution_iri`]);
//!   they are IRIs rather than blank nodes so two serializations of one graph hold exactly
//!   the same triples and each attribution can be referred to from outside.
//! * **Dates** are typed literals whose datatype carries the precision: `xsd:date`
//!   (`2004-11-19`), `xsd:gYearMonth` (`2004-11`), `xsd:gYear` (`2004`). A range is
//!   `fg:date_start` and `fg:date_end`, each at its own precision. `fg:year_inferred` is an
//!   `xsd:boolean` present on every dated fact. An unknown date produces no date triple.
//!   The same holds for an attribution's report date (`fg:reported`,
//!   `fg:reported_start`/`fg:reported_end`, `fg:reported_year_inferred`), the date an
//!   attribution claims for the fact (`fg:claimed_date`, `fg:claimed_date_year_inferred`)
//!   and a report's publication date (`fg:published`, `fg:published_year_inferred`).
//! * **Stated or inferred**: `fg:stated` (`xsd:boolean`) on every fact is `false` when the
//!   coder inferred the fact from every report it has
//!   ([`Fact::is_inferred`](crate::Fact::is_inferred)), else `true`; an attribution whose
//!   report does not state the fact carries the coder's reason as `fg:inferred`.
//! * **Quantities** ([`Quantity`]) are nodes on the attribution that gives them, IRI
//!   *attribution IRI* + `/quantity/` + *position*: `fg:kind` and `fg:qualifier` (the
//!   names of [`QuantityKind::as_str`](crate::QuantityKind::as_str) and
//!   [`Amount::qualifier`]), the number as `xsd:integer` — `fg:value` for an exact or
//!   approximate amount, `fg:low` and/or `fg:high` for a bound or range
//!   ([`Amount::ends`]) — the unit as a QUDT IRI ([`Unit::qudt`]: `unit:MO`, or
//!   `currency:USD` for money, which also gets its ISO 4217 code as the string
//!   `fg:currency`), and `fg:of`. A recurring fact has `fg:recurrence` (`"yearly"`),
//!   `fg:recurrence_every` and `fg:recurrence_unit`; an edition `fg:edition`.
//! * **Modality** is the plain literal of [`Modality::as_str`](crate::Modality::as_str) (`"reported"`, `"planned"`, …).
//!
//! # What is asserted
//!
//! Every fact is described by its reification (`rdf:Statement` with `rdf:subject`,
//! `rdf:predicate`, `rdf:object`), which carries the statement-level data. Only facts
//! reported as done ([`Modality::Reported`](crate::Modality::Reported)) are **also asserted** as the plain triple
//! `subject fg:relation object`. A plan, intention, proposal or claim is *not* asserted: a
//! naive SPARQL query such as `?who fg:supplies ?what` sees only what the sources report as
//! having happened, and a query that wants plans too reads the reifications. Symmetric
//! relations (`met`) are asserted once, in the stored direction: query them with
//! `fg:met|^fg:met`. Two reported facts with the same ends and relation assert one triple
//! (RDF graphs are sets) but keep two reifications.
//!
//! # Named graphs (N-Quads and TriG)
//!
//! [`to_nquads`] and [`to_trig`] hold the same triples, each placed in a graph:
//!
//! * the graph named by a report's IRI ([`RdfOptions::report_iri`]) holds each fact the
//!   report supports (one of the fact's attributions names the report): the fact's
//!   reification, its asserted triple when it is reported as done, and the attributions
//!   read in that report. A fact that several reports support is described in each of
//!   their graphs;
//! * the default graph holds the dataset's title, every entity, every report's own
//!   description (outlet, headline, date, …), and the facts without a report (no
//!   attribution, or an attribution without a report, as in version 1 data) with those
//!   attributions.
//!
//! So `GRAPH <report> { ?f a fg:Fact }` lists what one report says, and a store queried
//! with the union of its graphs as default graph sees exactly the N-Triples export.
//!
//! # Serialization
//!
//! The text is written by Oxigraph's serializers (`oxttl`) from `oxrdf` terms. Literals
//! are escaped by `oxrdf`: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and every other
//! C0 control character and DEL as `\uXXXX`. U+0085, U+2028 and U+2029, which readers that
//! split lines as Python's `str.splitlines` does (rdflib) take for line breaks, are written
//! as the escapes `\u0085`, `\u2028` and `\u2029` in literals and IRIs alike; all other
//! characters are written as UTF-8. The Turtle and TriG use the prefixes `rdf:`, `rdfs:`, `xsd:`, `fg:` and `id:` (the base);
//! oxttl escapes `/` and `%` in local names (`id:fact\/afdaf959df07320c`).
//!
//! ```
//! use factgraph::interchange::rdf::{self, RdfOptions};
//! let g = factgraph::datasets::edm_2004_v1_i133();
//! let nt = rdf::to_ntriples(g, &RdfOptions::default());
//! assert!(nt.contains(
//!     "<https://factgraph.example/id/bolat_sembinov> <https://factgraph.example/ns#met> \
//!      <https://factgraph.example/id/richard_armitage> .\n"
//! ));
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io;

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{GraphNameRef, Literal, NamedNode, NamedNodeRef, Term, TripleRef};
use oxttl::nquads::WriterNQuadsSerializer;
use oxttl::ntriples::WriterNTriplesSerializer;
use oxttl::trig::WriterTriGSerializer;
use oxttl::turtle::WriterTurtleSerializer;
use oxttl::{NQuadsSerializer, NTriplesSerializer, TriGSerializer, TurtleSerializer};

use crate::model::date::{Bound, FactDate, PartialDate, Precision, Span};
use crate::model::ids::{EntityId, FactId, FactKey, ReportId};
use crate::model::kind::EntityKind;
use crate::model::quantity::{Amount, Quantity, Unit};
use crate::model::relation::Relation;
use crate::model::report::Report;
use crate::query::refs::{EntityRef, FactRef};
use crate::store::graph::KnowledgeGraph;

/// The namespace of factgraph's RDF vocabulary (prefix `fg:` in Turtle).
///
/// Classes are [`class_name`] (`fg:Person`, `fg:StateBody`, …) plus `fg:Fact`,
/// `fg:Attribution`, `fg:Report` and `fg:Dataset`; relations are properties named as
/// [`Relation::as_str`] (`fg:met`, `fg:participated_in`, …); the other properties are listed
/// in `docs/INTERCHANGE.md`.
pub const NAMESPACE: &str = "https://factgraph.example/ns#";

/// The default base IRI under which entity, report and fact IRIs are minted.
pub const DEFAULT_BASE: &str = "https://factgraph.example/id/";

/// The RDF namespace (`rdf:`).
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// The RDF Schema namespace (`rdfs:`).
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";

/// The XML Schema datatypes namespace (`xsd:`).
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// Options of the RDF export: the base IRI under which entities and facts are named.
///
/// ```
/// use factgraph::interchange::rdf::RdfOptions;
/// let o = RdfOptions::default();
/// assert_eq!(o.base(), "https://factgraph.example/id/");
/// let o = RdfOptions::new().with_base("urn:example:graph:")?;
/// assert_eq!(o.entity_iri("kazakh tv/1"), "urn:example:graph:kazakh%20tv%2F1");
/// assert!(RdfOptions::new().with_base("not an iri").is_err());
/// # Ok::<(), factgraph::interchange::rdf::InvalidBaseIri>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RdfOptions {
    base: String,
}

impl Default for RdfOptions {
    fn default() -> Self {
        RdfOptions {
            base: DEFAULT_BASE.to_owned(),
        }
    }
}

/// A base IRI that [`RdfOptions::with_base`] refused, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid RDF base IRI {base:?}: {reason}")]
pub struct InvalidBaseIri {
    /// The base as given.
    pub base: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl RdfOptions {
    /// The default options (base [`DEFAULT_BASE`]).
    pub fn new() -> Self {
        RdfOptions::default()
    }

    /// Sets the base IRI. It must be an absolute IRI (a scheme such as `https:` or `urn:`),
    /// contain only characters allowed in IRIs with every `%` followed by two hex digits, and
    /// end with `/`, `#` or `:` so that each key forms its own segment.
    ///
    /// # Errors
    /// [`InvalidBaseIri`] saying which of these rules the base breaks.
    pub fn with_base(mut self, base: impl Into<String>) -> Result<Self, InvalidBaseIri> {
        let base = base.into();
        if let Err(reason) = check_base(&base) {
            return Err(InvalidBaseIri { base, reason });
        }
        self.base = base;
        Ok(self)
    }

    /// The base IRI.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The IRI of the entity with this key: the base followed by the percent-encoded key.
    pub fn entity_iri(&self, key: &str) -> String {
        let mut iri = self.base.clone();
        push_encoded_segment(&mut iri, key);
        iri
    }

    /// The IRI of a report: the base, `report/` and the percent-encoded report key.
    ///
    /// ```
    /// use factgraph::interchange::rdf::RdfOptions;
    /// let o = RdfOptions::new().with_base("urn:example:graph:")?;
    /// assert_eq!(o.report_iri("wire/2020 05"), "urn:example:graph:report/wire%2F2020%2005");
    /// # Ok::<(), factgraph::interchange::rdf::InvalidBaseIri>(())
    /// ```
    pub fn report_iri(&self, key: &str) -> String {
        let mut iri = format!("{}report/", self.base);
        push_encoded_segment(&mut iri, key);
        iri
    }

    /// The IRI of a fact of `graph` (its reification): the base, `fact/` and the fact's
    /// [content key](KnowledgeGraph::fact_key) in 16 hexadecimal digits. When an earlier
    /// fact of the graph (a lower fact number) has the same key, which only a graph built
    /// without merging can hold, `-<fact number>` is appended. `None` for an id `graph` did
    /// not issue.
    ///
    /// O(facts) per call: finding whether an earlier fact has the same key is a scan. The
    /// export itself names every fact in one pass.
    ///
    /// ```
    /// use factgraph::interchange::rdf::RdfOptions;
    /// let g = factgraph::datasets::edm_2004_v1_i133();
    /// let f = g.facts().next().unwrap();
    /// let key = g.fact_key(f.id()).unwrap();
    /// assert_eq!(
    ///     RdfOptions::default().fact_iri(g, f.id()),
    ///     Some(format!("https://factgraph.example/id/fact/{key}"))
    /// );
    /// ```
    pub fn fact_iri(&self, graph: &KnowledgeGraph, fact: FactId) -> Option<String> {
        let key = graph.fact_key(fact)?;
        let first = graph.fact_by_key(key).map(|f| f.id());
        Some(self.fact_iri_of(key, (first != Some(fact)).then_some(fact)))
    }

    /// The IRI of the `index`-th attribution (from 0) of a fact of `graph`: its
    /// [fact IRI](Self::fact_iri) followed by `/source/` and `index`. `None` for an id
    /// `graph` did not issue.
    pub fn attribution_iri(
        &self,
        graph: &KnowledgeGraph,
        fact: FactId,
        index: usize,
    ) -> Option<String> {
        self.fact_iri(graph, fact)
            .map(|iri| format!("{iri}/source/{index}"))
    }

    /// The fact IRI for this key; `duplicate` is the fact number of a fact that is not the
    /// first with its key.
    fn fact_iri_of(&self, key: FactKey, duplicate: Option<FactId>) -> String {
        match duplicate {
            None => format!("{}fact/{key}", self.base),
            Some(id) => format!("{}fact/{key}-{}", self.base, id.index()),
        }
    }
}

/// The local name of the class of an entity kind: `Person`, `Country`, `StateBody`,
/// `Organisation`, `Agreement`, `Exercise`, `Event`, `Programme`, `Equipment`, `Place`,
/// `Source`.
pub const fn class_name(kind: EntityKind) -> &'static str {
    kind.pascal_name()
}

/// The full IRI of the class of an entity kind, e.g. `https://factgraph.example/ns#StateBody`.
pub fn class_iri(kind: EntityKind) -> String {
    format!("{NAMESPACE}{}", class_name(kind))
}

/// The full IRI of the property of a relation, e.g. `https://factgraph.example/ns#met`.
pub fn relation_iri(relation: Relation) -> String {
    format!("{NAMESPACE}{}", relation.as_str())
}

/// The full IRI of the property holding an entity attribute: [`NAMESPACE`] followed by
/// `attribute_` and the percent-encoded attribute name (`fg:attribute_rank`).
pub fn attribute_iri(name: &str) -> String {
    let mut iri = format!("{NAMESPACE}attribute_");
    push_encoded(&mut iri, name);
    iri
}

/// The graph as N-Triples (one triple per line, UTF-8), see the [module docs](self).
///
/// ```
/// use factgraph::{Entity, EntityKind, KnowledgeGraph};
/// use factgraph::interchange::rdf::{to_ntriples, RdfOptions};
/// // Made-up data.
/// let mut g = KnowledgeGraph::new();
/// g.add_entity(Entity::new("ann", EntityKind::Person, "Ann \"the\" Example"))?;
/// let nt = to_ntriples(&g, &RdfOptions::default());
/// assert!(nt.contains(
///     "<https://factgraph.example/id/ann> <https://factgraph.example/ns#name> \"Ann \\\"the\\\" Example\" .\n"
/// ));
/// # Ok::<(), factgraph::GraphError>(())
/// ```
pub fn to_ntriples(graph: &KnowledgeGraph, options: &RdfOptions) -> String {
    to_string(graph, options, Syntax::NTriples)
}

/// The graph as Turtle, with prefixes `rdf:`, `rdfs:`, `xsd:`, `fg:` ([`NAMESPACE`]) and
/// `id:` (the base), written by oxttl's Turtle serializer. It holds exactly the triples of
/// [`to_ntriples`]. Facts and reports are under the base too, so they print as
/// `id:fact\/afdaf959df07320c` and `id:report\/edm_2004_v1_i133` (a `/` in a local name is
/// escaped).
///
/// ```
/// use factgraph::{Entity, EntityKind, Fact, FactDate, KnowledgeGraph, Modality, Relation};
/// use factgraph::interchange::rdf::{to_turtle, RdfOptions};
/// // Made-up data.
/// let mut g = KnowledgeGraph::new();
/// let a = g.add_entity(Entity::new("land_a", EntityKind::Country, "Land A"))?;
/// let p = g.add_entity(Entity::new("pact", EntityKind::Agreement, "Example Pact"))?;
/// g.add_fact(Fact::new(Relation::Signed, a, p).on(FactDate::month(2021, 3)?)
///     .with_modality(Modality::Planned))?;
/// let ttl = to_turtle(&g, &RdfOptions::default());
/// assert!(ttl.contains("fg:date \"2021-03\"^^xsd:gYearMonth"));
/// assert!(ttl.contains("fg:modality \"planned\""));
/// assert!(!ttl.contains("id:land_a fg:signed id:pact")); // a plan is not asserted
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_turtle(graph: &KnowledgeGraph, options: &RdfOptions) -> String {
    to_string(graph, options, Syntax::Turtle)
}

/// The graph as N-Quads, with one named graph per report (see [Named graphs](self#named-graphs)).
/// Dropping the graph names gives exactly the triples of [`to_ntriples`].
///
/// ```
/// use factgraph::interchange::rdf::{to_nquads, RdfOptions};
/// let g = factgraph::datasets::edm_2004_v1_i133();
/// let nq = to_nquads(g, &RdfOptions::default());
/// // The meeting is asserted in the graph of the report that states it.
/// assert!(nq.contains(
///     "<https://factgraph.example/id/bolat_sembinov> <https://factgraph.example/ns#met> \
///      <https://factgraph.example/id/richard_armitage> \
///      <https://factgraph.example/id/report/edm_2004_v1_i133> .\n"
/// ));
/// ```
pub fn to_nquads(graph: &KnowledgeGraph, options: &RdfOptions) -> String {
    to_string(graph, options, Syntax::NQuads)
}

/// The graph as TriG: the quads of [`to_nquads`] with the prefixes of [`to_turtle`].
///
/// ```
/// use factgraph::interchange::rdf::{to_trig, RdfOptions};
/// let trig = to_trig(factgraph::datasets::edm_2004_v1_i133(), &RdfOptions::default());
/// assert!(trig.contains("id:report\\/edm_2004_v1_i133 {"));
/// ```
pub fn to_trig(graph: &KnowledgeGraph, options: &RdfOptions) -> String {
    to_string(graph, options, Syntax::TriG)
}

/// Writes [`to_ntriples`] to `writer`, one triple at a time: no copy of the output is held
/// in memory, only a set of the asserted (subject, relation, object) triples, so that each
/// is written once, and a set of the fact keys seen, to name facts with the same key
/// apart. Wrap a file in a [`std::io::BufWriter`].
///
/// # Errors
/// The I/O error `writer` returns.
///
/// ```
/// use factgraph::interchange::rdf::{write_ntriples, RdfOptions};
/// let mut out = Vec::new();
/// write_ntriples(factgraph::datasets::edm_2004_v1_i133(), &RdfOptions::default(), &mut out)?;
/// assert!(out.ends_with(b" .\n"));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
///
/// The first error of `writer`.
pub fn write_ntriples(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    writer: impl io::Write,
) -> io::Result<()> {
    write_syntax(graph, options, Syntax::NTriples, writer)
}

/// Writes [`to_turtle`] to `writer`. Wrap a file in a [`std::io::BufWriter`].
///
/// ```
/// use factgraph::interchange::rdf::{write_turtle, RdfOptions};
/// let mut out = Vec::new();
/// write_turtle(factgraph::datasets::edm_2004_v1_i133(), &RdfOptions::default(), &mut out)?;
/// assert!(out.starts_with(b"@prefix rdf: "));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
///
/// The first error of `writer`.
pub fn write_turtle(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    writer: impl io::Write,
) -> io::Result<()> {
    write_syntax(graph, options, Syntax::Turtle, writer)
}

/// Writes [`to_nquads`] to `writer`, one quad at a time. Wrap a file in a
/// [`std::io::BufWriter`].
///
/// # Errors
///
/// The first error of `writer`.
pub fn write_nquads(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    writer: impl io::Write,
) -> io::Result<()> {
    write_syntax(graph, options, Syntax::NQuads, writer)
}

/// Writes [`to_trig`] to `writer`. Wrap a file in a [`std::io::BufWriter`].
///
/// # Errors
///
/// The first error of `writer`.
pub fn write_trig(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    writer: impl io::Write,
) -> io::Result<()> {
    write_syntax(graph, options, Syntax::TriG, writer)
}

/// Writes the graph as N-Triples to the file at `path`, atomically (see
/// [`super::file`]): a failed write leaves the old file as it was.
///
/// # Errors
///
/// The I/O error that stopped the write.
pub fn write_ntriples_file(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    path: &std::path::Path,
) -> io::Result<()> {
    super::file::write_atomically(path, |w| write_ntriples(graph, options, w))
}

/// Writes the graph as Turtle to the file at `path`, atomically (see [`super::file`]): a
/// failed write leaves the old file as it was.
///
/// # Errors
///
/// The I/O error that stopped the write.
pub fn write_turtle_file(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    path: &std::path::Path,
) -> io::Result<()> {
    super::file::write_atomically(path, |w| write_turtle(graph, options, w))
}

/// Writes the graph as N-Quads to the file at `path`, atomically (see [`super::file`]).
///
/// # Errors
///
/// The I/O error that stopped the write.
pub fn write_nquads_file(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    path: &std::path::Path,
) -> io::Result<()> {
    super::file::write_atomically(path, |w| write_nquads(graph, options, w))
}

/// Writes the graph as TriG to the file at `path`, atomically (see [`super::file`]).
///
/// # Errors
///
/// The I/O error that stopped the write.
pub fn write_trig_file(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    path: &std::path::Path,
) -> io::Result<()> {
    super::file::write_atomically(path, |w| write_trig(graph, options, w))
}

// ---------------------------------------------------------------------------------------
// Serializers

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    NTriples,
    Turtle,
    NQuads,
    TriG,
}

impl Syntax {
    fn has_graphs(self) -> bool {
        matches!(self, Syntax::NQuads | Syntax::TriG)
    }
}

/// One of oxttl's serializers, writing to `W`.
enum Out<W: io::Write> {
    NTriples(WriterNTriplesSerializer<W>),
    Turtle(WriterTurtleSerializer<W>),
    NQuads(WriterNQuadsSerializer<W>),
    TriG(WriterTriGSerializer<W>),
}

/// The prefixes of the Turtle and TriG output. A prefix oxttl refuses (a base its IRI
/// parser rejects) is left out: the output then spells those IRIs in full.
fn prefixes(options: &RdfOptions) -> [(&'static str, &str); 5] {
    [
        ("rdf", RDF),
        ("rdfs", RDFS),
        ("xsd", XSD),
        ("fg", NAMESPACE),
        ("id", options.base()),
    ]
}

impl<W: io::Write> Out<W> {
    fn new(syntax: Syntax, options: &RdfOptions, writer: W) -> Self {
        match syntax {
            Syntax::NTriples => Out::NTriples(NTriplesSerializer::new().for_writer(writer)),
            Syntax::NQuads => Out::NQuads(NQuadsSerializer::new().for_writer(writer)),
            Syntax::Turtle => {
                let mut s = TurtleSerializer::new();
                for (name, iri) in prefixes(options) {
                    if let Ok(with) = s.clone().with_prefix(name, iri) {
                        s = with;
                    }
                }
                Out::Turtle(s.for_writer(writer))
            }
            Syntax::TriG => {
                let mut s = TriGSerializer::new();
                for (name, iri) in prefixes(options) {
                    if let Ok(with) = s.clone().with_prefix(name, iri) {
                        s = with;
                    }
                }
                Out::TriG(s.for_writer(writer))
            }
        }
    }

    /// Writes the rows of `block`, in the named graph `graph` (`None`: the default graph)
    /// where the syntax has graphs.
    fn emit(&mut self, graph: Option<&NamedNode>, block: &Block) -> io::Result<()> {
        let graph_name = match graph {
            Some(g) => GraphNameRef::NamedNode(g.as_ref()),
            None => GraphNameRef::DefaultGraph,
        };
        for (predicate, object) in &block.rows {
            let t = TripleRef::new(&block.subject, predicate, object);
            match self {
                Out::NTriples(s) => s.serialize_triple(t)?,
                Out::Turtle(s) => s.serialize_triple(t)?,
                Out::NQuads(s) => s.serialize_quad(t.in_graph(graph_name))?,
                Out::TriG(s) => s.serialize_quad(t.in_graph(graph_name))?,
            }
        }
        Ok(())
    }

    fn finish(self) -> io::Result<W> {
        match self {
            Out::NTriples(s) => Ok(s.finish()),
            Out::NQuads(s) => Ok(s.finish()),
            Out::Turtle(s) => s.finish(),
            Out::TriG(s) => s.finish(),
        }
    }
}

fn write_syntax(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    syntax: Syntax,
    writer: impl io::Write,
) -> io::Result<()> {
    // oxttl writes each term in several small writes: the buffer hands the filter (and
    // the caller's writer) large chunks instead.
    let buffered = io::BufWriter::with_capacity(1 << 16, LineSafe::new(writer));
    let mut out = Out::new(syntax, options, buffered);
    render(graph, options, syntax.has_graphs(), &mut out)?;
    out.finish()?
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?
        .finish()
}

/// Rewrites U+0085, U+2028 and U+2029 as the escapes `\u0085`, `\u2028` and `\u2029`.
///
/// oxrdf writes them as UTF-8, which the grammars allow, but readers that split lines as
/// Python's `str.splitlines` does (rdflib did) cut a triple in two at them. The escape is
/// valid wherever the serializers can put these characters: in an IRI between `<` and `>`
/// and in a quoted literal (none of them can appear in a prefixed name, so oxttl writes
/// such IRIs in full). They are 2- and 3-byte UTF-8 sequences starting with 0xC2 or 0xE2,
/// so up to two bytes of a sequence split between two writes are held back.
struct LineSafe<W: io::Write> {
    inner: W,
    pending: Vec<u8>,
    out: Vec<u8>,
}

const LINE_BREAKS: [(&[u8], &[u8]); 3] = [
    ("\u{85}".as_bytes(), b"\\u0085"),
    ("\u{2028}".as_bytes(), b"\\u2028"),
    ("\u{2029}".as_bytes(), b"\\u2029"),
];

impl<W: io::Write> LineSafe<W> {
    fn new(inner: W) -> Self {
        LineSafe {
            inner,
            pending: Vec::new(),
            out: Vec::new(),
        }
    }

    /// Writes what is held back and flushes.
    fn finish(mut self) -> io::Result<()> {
        self.inner.write_all(&self.pending)?;
        self.inner.flush()
    }
}

impl<W: io::Write> io::Write for LineSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let data: &[u8] = if self.pending.is_empty() {
            buf
        } else {
            self.pending.extend_from_slice(buf);
            &self.pending
        };
        // Runs of plain bytes go straight through; only a match is rewritten.
        let mut rest = data;
        let mut plain_from = 0;
        let mut at_total = 0;
        let mut held = 0;
        while let Some(at) = rest.iter().position(|&b| b == 0xC2 || b == 0xE2) {
            let tail = rest.get(at..).unwrap_or_default();
            at_total += at;
            if let Some((from, to)) = LINE_BREAKS.iter().find(|(from, _)| tail.starts_with(from)) {
                self.inner
                    .write_all(data.get(plain_from..at_total).unwrap_or_default())?;
                self.inner.write_all(to)?;
                at_total += from.len();
                plain_from = at_total;
                rest = tail.get(from.len()..).unwrap_or_default();
            } else if tail.len() < 3 && LINE_BREAKS.iter().any(|(from, _)| from.starts_with(tail)) {
                // The start of a sequence that the next write completes.
                held = tail.len();
                rest = &[];
            } else {
                at_total += 1;
                rest = tail.get(1..).unwrap_or_default();
            }
        }
        let end = data.len() - held;
        self.inner
            .write_all(data.get(plain_from..end).unwrap_or_default())?;
        self.out.clear();
        self.out
            .extend_from_slice(data.get(end..).unwrap_or_default());
        std::mem::swap(&mut self.pending, &mut self.out);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn to_string(graph: &KnowledgeGraph, options: &RdfOptions, syntax: Syntax) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail, and the serializers write UTF-8 only.
    let _ = write_syntax(graph, options, syntax, &mut buf);
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

// ---------------------------------------------------------------------------------------
// Terms and blocks

/// One subject with its predicate-object pairs.
struct Block {
    subject: NamedNode,
    rows: Vec<(NamedNode, Term)>,
}

/// An IRI this module built: the base was checked by [`RdfOptions::with_base`], keys are
/// percent-encoded and the vocabulary is fixed, so it needs no second validation.
fn named(iri: String) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

impl Block {
    fn new(subject: String) -> Self {
        Block {
            subject: named(subject),
            rows: Vec::new(),
        }
    }

    fn iri(&mut self, predicate: NamedNode, object: String) {
        self.rows.push((predicate, named(object).into()));
    }

    fn class(&mut self, class: NamedNode) {
        self.rows.push((rdf::TYPE.into_owned(), class.into()));
    }

    fn str(&mut self, predicate: NamedNode, value: &str) {
        self.rows
            .push((predicate, Literal::new_simple_literal(value).into()));
    }

    fn typed(&mut self, predicate: NamedNode, value: String, datatype: NamedNodeRef<'_>) {
        self.rows.push((
            predicate,
            Literal::new_typed_literal(value, datatype).into(),
        ));
    }

    fn boolean(&mut self, predicate: NamedNode, value: bool) {
        let v = if value { "true" } else { "false" };
        self.typed(predicate, v.to_owned(), xsd::BOOLEAN);
    }

    fn integer(&mut self, predicate: NamedNode, value: usize) {
        self.typed(predicate, value.to_string(), xsd::INTEGER);
    }

    /// `name`, or `name_start` and `name_end`, typed with XSD where the value fits
    /// (`xsd:date`, `xsd:gYearMonth`, `xsd:gYear`); `name_edtf`, the EDTF string, when
    /// it does not (a qualifier `?` `~` `%`, an open or unknown interval end); and
    /// `inferred` when the date is known.
    fn date(&mut self, name: &str, inferred: &str, date: FactDate) {
        match date.span() {
            Span::Unknown => return,
            Span::On(d) => self.partial_date(fg(name), d),
            Span::Between(a, b) => {
                self.partial_date(fg(&format!("{name}_start")), a);
                self.partial_date(fg(&format!("{name}_end")), b);
            }
            Span::Interval(a, b) => {
                if let Bound::Date(a) = a {
                    self.partial_date(fg(&format!("{name}_start")), a);
                }
                if let Bound::Date(b) = b {
                    self.partial_date(fg(&format!("{name}_end")), b);
                }
            }
        }
        if date.is_qualified() || date.is_open_ended() {
            self.str(fg(&format!("{name}_edtf")), &date.to_string());
        }
        self.boolean(fg(inferred), date.year_inferred());
    }

    /// A plain date as an XSD-typed literal; a qualified one has no XSD form and is
    /// carried by the `_edtf` string instead.
    fn partial_date(&mut self, predicate: NamedNode, d: PartialDate) {
        if d.qualifier() != crate::model::date::Qualifier::None {
            return;
        }
        let datatype = match d.precision() {
            Precision::Day => xsd::DATE,
            Precision::Month => xsd::G_YEAR_MONTH,
            Precision::Year => xsd::G_YEAR,
        };
        self.typed(predicate, d.to_string(), datatype);
    }
}

fn fg(local: &str) -> NamedNode {
    named(format!("{NAMESPACE}{local}"))
}

fn entity_block(options: &RdfOptions, e: EntityRef<'_>) -> Block {
    let mut b = Block::new(options.entity_iri(e.key()));
    b.class(named(class_iri(e.kind())));
    b.str(rdfs::LABEL.into_owned(), e.name());
    b.str(fg("key"), e.key());
    b.str(fg("name"), e.name());
    for alias in e.aliases() {
        b.str(fg("alias"), alias);
    }
    for (name, value) in e.attributes() {
        b.str(named(attribute_iri(name)), value);
    }
    if let Some(note) = e.note() {
        b.str(fg("note"), note);
    }
    b
}

/// The block of a fact whose IRI is `iri` and content key `key`.
fn fact_block(options: &RdfOptions, f: FactRef<'_>, iri: &str, key: FactKey) -> Block {
    let id = f.id();
    let mut b = Block::new(iri.to_owned());
    b.class(rdf::STATEMENT.into_owned());
    b.class(fg("Fact"));
    b.iri(
        rdf::SUBJECT.into_owned(),
        options.entity_iri(f.subject().key()),
    );
    b.iri(rdf::PREDICATE.into_owned(), relation_iri(f.relation()));
    b.iri(
        rdf::OBJECT.into_owned(),
        options.entity_iri(f.object().key()),
    );
    b.integer(fg("fact_number"), id.index());
    b.str(fg("fact_key"), &key.to_string());
    b.boolean(fg("stated"), !f.is_inferred());
    b.str(fg("modality"), f.modality().as_str());
    b.date("date", "year_inferred", f.date());
    if let Some(v) = f.valid() {
        b.date("valid", "valid_year_inferred", v);
    }
    if let Some(p) = f.place() {
        b.iri(fg("place"), options.entity_iri(p.key()));
    }
    if let Some(r) = f.recipient() {
        b.iri(fg("recipient"), options.entity_iri(r.key()));
    }
    if let Some(role) = f.role() {
        b.str(fg("role_title"), &role.title);
        if let Some(rank) = &role.rank {
            b.str(fg("role_rank"), rank);
        }
    }
    if let Some(note) = f.note() {
        b.str(fg("note"), note);
    }
    if let Some(r) = f.fact().recurrence() {
        b.str(fg("recurrence"), &r.to_string());
        b.integer(fg("recurrence_every"), usize::from(r.step()));
        b.str(fg("recurrence_unit"), r.unit().as_str());
    }
    if let Some(n) = f.fact().edition_number() {
        b.typed(fg("edition"), n.to_string(), xsd::INTEGER);
    }
    for i in 0..f.sources().len() {
        b.iri(fg("attribution"), attribution_iri(iri, i));
    }
    b
}

fn attribution_iri(fact_iri: &str, index: usize) -> String {
    format!("{fact_iri}/source/{index}")
}

/// The IRI of the `index`-th quantity of the attribution whose IRI is `attribution_iri`.
fn quantity_iri(attribution_iri: &str, index: usize) -> String {
    format!("{attribution_iri}/quantity/{index}")
}

/// The block of one quantity: its kind, qualifier, the numbers as `xsd:integer`
/// (`fg:value` for an exact or approximate amount, `fg:low` / `fg:high` for the ends a
/// bound or range gives), its unit as a QUDT IRI (a currency's also as its ISO 4217
/// code) and what it counts.
fn quantity_block(iri: String, index: usize, q: &Quantity) -> Block {
    let mut b = Block::new(iri);
    b.class(fg("Quantity"));
    b.integer(fg("index"), index);
    b.str(fg("kind"), q.kind().as_str());
    let amount = q.amount();
    b.str(fg("qualifier"), amount.qualifier());
    match amount {
        Amount::Exact(v) | Amount::About(v) => {
            b.typed(fg("value"), v.to_string(), xsd::INTEGER);
        }
        _ => {
            let (low, high) = amount.ends();
            if let Some(low) = low {
                b.typed(fg("low"), low.to_string(), xsd::INTEGER);
            }
            if let Some(high) = high {
                b.typed(fg("high"), high.to_string(), xsd::INTEGER);
            }
        }
    }
    if let Some(unit) = q.unit() {
        b.iri(fg("unit"), unit.qudt());
        if let Unit::Currency(c) = unit {
            b.str(fg("currency"), c.as_str());
        }
    }
    if let Some(of) = q.what() {
        b.str(fg("of"), of);
    }
    b
}

/// The blocks of the attributions of a fact whose IRI is `fact_iri`, each with the report
/// it was read in and followed by the blocks of its quantities.
fn attribution_blocks(
    options: &RdfOptions,
    f: FactRef<'_>,
    fact_iri: &str,
) -> Vec<(Option<ReportId>, Vec<Block>)> {
    f.sources()
        .enumerate()
        .map(|(i, s)| {
            let iri = attribution_iri(fact_iri, i);
            let mut b = Block::new(iri.clone());
            b.class(fg("Attribution"));
            b.integer(fg("index"), i);
            b.iri(fg("source"), options.entity_iri(s.source().key()));
            if let Some(r) = s.report() {
                b.iri(fg("report"), options.report_iri(r.key()));
            }
            b.date("reported", "reported_year_inferred", s.reported());
            if let Some(d) = s.attribution().claimed_date() {
                b.date("claimed_date", "claimed_date_year_inferred", d);
            }
            if let Some(speaker) = s.speaker() {
                b.iri(fg("speaker"), options.entity_iri(speaker.key()));
            }
            if let Some(q) = s.quote() {
                b.str(fg("quote"), q);
            }
            if let Some(why) = s.inferred() {
                b.str(fg("inferred"), why);
            }
            let quantities = s.attribution().quantities();
            let mut blocks = Vec::with_capacity(1 + quantities.len());
            for j in 0..quantities.len() {
                b.iri(fg("quantity"), quantity_iri(&iri, j));
            }
            blocks.push(b);
            for (j, q) in quantities.iter().enumerate() {
                blocks.push(quantity_block(quantity_iri(&iri, j), j, q));
            }
            (s.attribution().report(), blocks)
        })
        .collect()
}

fn report_block(options: &RdfOptions, graph: &KnowledgeGraph, r: &Report) -> Block {
    let mut b = Block::new(options.report_iri(r.key()));
    b.class(fg("Report"));
    b.iri(
        fg("outlet"),
        options.entity_iri(graph.entity_ref(r.outlet()).key()),
    );
    if let Some(h) = r.headline() {
        b.str(fg("headline"), h);
    }
    if let Some(u) = r.url() {
        b.str(fg("url"), u);
    }
    b.date("published", "published_year_inferred", r.published());
    if let Some(l) = r.language() {
        b.str(fg("language"), l);
    }
    if let Some(a) = r.author() {
        b.str(fg("author"), a);
    }
    b
}

/// Writes every block to `out`. With `graphs`, each fact goes into the named graph of
/// every report that supports it (the default graph for an attribution without a report
/// or a fact without attributions), each attribution into its own report's graph, and
/// everything else into the default graph.
fn render<W: io::Write>(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    graphs: bool,
    out: &mut Out<W>,
) -> io::Result<()> {
    if let Some(title) = graph.title() {
        let mut b = Block::new(options.base.clone());
        b.class(fg("Dataset"));
        b.str(fg("title"), title);
        out.emit(None, &b)?;
    }
    for e in graph.entities() {
        out.emit(None, &entity_block(options, e))?;
    }
    let mut report_graphs: HashMap<ReportId, NamedNode> = HashMap::new();
    for (id, r) in graph.reports() {
        out.emit(None, &report_block(options, graph, r))?;
        if graphs {
            report_graphs.insert(id, named(options.report_iri(r.key())));
        }
    }
    let mut asserted: HashSet<(Option<ReportId>, EntityId, Relation, EntityId)> = HashSet::new();
    let mut keys: HashSet<FactKey> = HashSet::new();
    let mut targets: Vec<Option<ReportId>> = Vec::new();
    for f in graph.facts() {
        let key = graph.fact_key_at(f.id().index());
        let duplicate = (!keys.insert(key)).then_some(f.id());
        let iri = options.fact_iri_of(key, duplicate);
        let fact = fact_block(options, f, &iri, key);
        let attributions = attribution_blocks(options, f, &iri);
        // The graphs the fact goes into, in the order of its attributions.
        targets.clear();
        if graphs {
            for (report, _) in &attributions {
                if !targets.contains(report) {
                    targets.push(*report);
                }
            }
        }
        if targets.is_empty() {
            targets.push(None);
        }
        for &target in &targets {
            let name = target.and_then(|r| report_graphs.get(&r));
            if f.modality().is_reported()
                && asserted.insert((target, f.subject().id(), f.relation(), f.object().id()))
            {
                let mut b = Block::new(options.entity_iri(f.subject().key()));
                b.iri(
                    named(relation_iri(f.relation())),
                    options.entity_iri(f.object().key()),
                );
                out.emit(name, &b)?;
            }
            out.emit(name, &fact)?;
            for (report, blocks) in &attributions {
                if !graphs || *report == target {
                    for b in blocks {
                        out.emit(name, b)?;
                    }
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// IRIs

/// Appends `s` as one path segment: percent-encoded, with `.` and `..` encoded too.
fn push_encoded_segment(out: &mut String, s: &str) {
    if s == "." || s == ".." {
        for _ in 0..s.len() {
            out.push_str("%2E");
        }
    } else {
        push_encoded(out, s);
    }
}

/// Appends `s` with every character outside RFC 3987 `iunreserved` percent-encoded as the
/// `%XX` of each of its UTF-8 bytes.
fn push_encoded(out: &mut String, s: &str) {
    for c in s.chars() {
        if is_iunreserved(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
}

/// RFC 3987: `iunreserved = ALPHA / DIGIT / "-" / "." / "_" / "~" / ucschar`.
fn is_iunreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~') || is_ucschar(c)
}

/// RFC 3987 `ucschar`.
fn is_ucschar(c: char) -> bool {
    let u = u32::from(c);
    matches!(u, 0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF)
        || ((0x1_0000..=0xE_FFFD).contains(&u) && (u & 0xFFFF) <= 0xFFFD)
}

/// RFC 3987 `iprivate` (allowed in a query part, so in a base given by the user).
fn is_iprivate(c: char) -> bool {
    let u = u32::from(c);
    matches!(u, 0xE000..=0xF8FF | 0xF_0000..=0xF_FFFD | 0x10_0000..=0x10_FFFD)
}

fn check_base(base: &str) -> Result<(), &'static str> {
    let Some((scheme, _)) = base.split_once(':') else {
        return Err("no scheme: an absolute IRI such as https://example.org/id/ is required");
    };
    let mut sc = scheme.chars();
    if !(sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    {
        return Err("the scheme must be a letter followed by letters, digits, '+', '-' or '.'");
    }
    let bytes = base.as_bytes();
    for (i, c) in base.char_indices() {
        let allowed = c.is_ascii_alphanumeric()
            || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
            || is_ucschar(c)
            || is_iprivate(c);
        if !allowed {
            return Err(
                "contains a character not allowed in an IRI (space, control, <>\"{}|\\^` …)",
            );
        }
        if c == '%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return Err("'%' must be followed by two hex digits");
        }
    }
    if !(base.ends_with('/') || base.ends_with('#') || base.ends_with(':')) {
        return Err("must end with '/', '#' or ':' so that each key forms its own segment");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str) -> String {
        let mut out = String::new();
        push_encoded_segment(&mut out, s);
        out
    }

    #[test]
    fn percent_encoding() {
        assert_eq!(enc("bolat_sembinov"), "bolat_sembinov");
        assert_eq!(enc("a b#c/d%e"), "a%20b%23c%2Fd%25e");
        assert_eq!(enc("Москва"), "Москва");
        assert_eq!(enc("<x>\"{}|^`\\"), "%3Cx%3E%22%7B%7D%7C%5E%60%5C");
        assert_eq!(enc("\u{7}\u{85}"), "%07%C2%85");
        assert_eq!(enc("\u{E000}"), "%EE%80%80");
        assert_eq!(enc("."), "%2E");
        assert_eq!(enc(".."), "%2E%2E");
        assert_eq!(enc("..."), "...");
        assert_eq!(enc("a:b?c"), "a%3Ab%3Fc");
    }

    #[test]
    fn line_breaks_are_escaped_across_writes() {
        use std::io::Write as _;
        let text = "a\u{2028}b\u{2029}c\u{85}d é € \u{2027}\u{202A}";
        let want = "a\\u2028b\\u2029c\\u0085d é € \u{2027}\u{202A}";
        // Every way of cutting the text into two writes gives the same output.
        for cut in 0..=text.len() {
            let mut out = Vec::new();
            let mut w = LineSafe::new(&mut out);
            w.write_all(&text.as_bytes()[..cut]).unwrap();
            w.write_all(&text.as_bytes()[cut..]).unwrap();
            w.finish().unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want, "cut at {cut}");
        }
    }

    #[test]
    fn base_checks() {
        for ok in [
            "https://factgraph.example/id/",
            "urn:x:",
            "http://h/p#",
            "http://h/%20/",
        ] {
            assert!(check_base(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "no-scheme/",
            "1http://x/",
            "http://a b/",
            "http://a/<b>/",
            "http://x/%zz/",
            "http://x/%2",
            "http://x/id",
        ] {
            assert!(check_base(bad).is_err(), "{bad}");
        }
    }
}
