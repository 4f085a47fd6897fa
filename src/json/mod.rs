//! JSON in and out, in the format described in `docs/FORMAT.md`.
//!
//! Reading goes through plain records (private module `raw`) and then through the same validation as
//! the builder API, inside one transaction: a rejected document changes nothing.

mod check;
mod error;
pub(crate) mod locate;
pub(crate) mod raw;
pub(crate) mod stream;

use std::borrow::Cow;
use std::io::Write;

pub use check::JsonCheck;
pub use error::{JsonError, JsonErrorKind};
use raw::{
    FORMAT_VERSION, RawEntity, RawFact, RawGraph, RawQuantity, RawReport, RawRole, RawSource,
    RawValue,
};

use crate::corpus::{CandidateCounts, MergeError, MergePolicy, MergeReport};
use crate::error::GraphError;
use crate::model::attribution::Attribution;
use crate::model::date::FactDate;
use crate::model::entity::Entity;
use crate::model::fact::{Fact, Role};
use crate::model::ids::{EntityId, ReportId};
use crate::model::kind::EntityKind;
use crate::model::modality::Modality;
use crate::model::quantity::{Amount, Quantity, QuantityError, QuantityKind, Unit};
use crate::model::relation::Relation;
use crate::model::report::Report;
use crate::store::batch::Batch;
use crate::store::graph::KnowledgeGraph;

/// How many entities, reports and facts a [`KnowledgeGraph::add_json`] added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Added {
    /// Entities added.
    pub entities: usize,
    /// Reports added.
    pub reports: usize,
    /// Facts added.
    pub facts: usize,
}

impl KnowledgeGraph {
    /// Reads a whole graph from JSON text.
    ///
    /// Every problem is a [`JsonError`] with its line and column: malformed JSON, a wrong
    /// structure, an unknown kind, relation or modality, a duplicate entity id, a fact naming
    /// a missing entity, an invalid date, a schema violation. Never panics.
    ///
    /// # Errors
    /// [`JsonError`] with the line and column of the first problem: malformed JSON, an
    /// unsupported format version, an unknown kind, relation or modality, a bad date, or an
    /// entity, report or fact the graph refuses.
    ///
    /// ```
    /// use factgraph::{JsonErrorKind, KnowledgeGraph};
    /// let text = r#"{"factgraph": 1, "entities": [
    ///     {"id": "a", "kind": "person", "name": "Ann Example"},
    ///     {"id": "x", "kind": "exercise", "name": "Exercise X"}],
    ///   "facts": [{"relation": "met", "subject": "a", "object": "x"}]}"#;
    /// let err = KnowledgeGraph::from_json(text).unwrap_err();
    /// assert!(matches!(err.kind(), JsonErrorKind::InvalidFact { fact: 1, .. })); // from 1
    /// assert_eq!((err.line(), err.column()), (4, 13)); // the fact object
    /// ```
    pub fn from_json(text: &str) -> Result<KnowledgeGraph, JsonError> {
        let mut g = KnowledgeGraph::new();
        let title = g.add_json(text)?.1;
        g.title = title;
        Ok(g)
    }

    /// [`from_json`](Self::from_json) under `limits` (nesting depth, name length, quoted
    /// value length), which the returned graph keeps for later loads and searches.
    ///
    /// # Errors
    /// As [`from_json`](Self::from_json), and [`JsonErrorKind::TooDeep`] or
    /// [`JsonErrorKind`] limit errors when the document exceeds `limits`.
    ///
    /// ```
    /// use factgraph::{JsonErrorKind, KnowledgeGraph, Limits};
    /// let deep = format!("{{\"factgraph\": 2, \"title\": {}1{}}}", "[".repeat(10), "]".repeat(10));
    /// let limits = Limits::default().with_max_depth(8);
    /// let err = KnowledgeGraph::from_json_with(&deep, limits).unwrap_err();
    /// assert_eq!(err.kind(), &JsonErrorKind::TooDeep { max: 8 });
    /// assert_eq!((err.line(), err.column()), (1, 34)); // the bracket that opens level 9
    /// ```
    pub fn from_json_with(text: &str, limits: crate::Limits) -> Result<KnowledgeGraph, JsonError> {
        let mut g = KnowledgeGraph::new();
        g.limits = limits;
        let title = g.add_json(text)?.1;
        g.title = title;
        Ok(g)
    }

    /// Reads a graph from JSON bytes (UTF-8).
    ///
    /// # Errors
    /// As [`from_json`](Self::from_json), and a [`JsonError`] when the bytes are not UTF-8.
    pub fn from_json_slice(bytes: &[u8]) -> Result<KnowledgeGraph, JsonError> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let (line, column) = locate::line_column(
                std::str::from_utf8(bytes.get(..e.valid_up_to()).unwrap_or(&[])).unwrap_or(""),
                e.valid_up_to(),
            );
            JsonError {
                kind: JsonErrorKind::Syntax {
                    message: format!("invalid UTF-8: {e}"),
                },
                line,
                column,
            }
        })?;
        KnowledgeGraph::from_json(text)
    }

    /// Adds the entities, reports and facts of a JSON document to this graph as they are,
    /// with no entity resolution and no regrouping of facts: an id the graph already has is
    /// an error ([`JsonErrorKind::DuplicateId`]). Facts may name entities and reports
    /// already in the graph by id. All or nothing: on error the graph is unchanged. The
    /// document's title, if any, is returned and not applied.
    ///
    /// To bring a report into a corpus, where the same entity may come under the same key
    /// or another spelling and the same fact from several reports, use
    /// [`merge_json`](Self::merge_json).
    ///
    /// # Errors
    /// A [`JsonError`] with its line and column.
    pub fn add_json(&mut self, text: &str) -> Result<(Added, Option<String>), JsonError> {
        // A byte order mark is not JSON, but editors write one; JSON Lines skips it too.
        let text = strip_bom(text);
        // Streamed: each entity and fact is staged as soon as it is parsed.
        let loaded = self.apply(|batch| stream::Stream::new(text, batch).run())?;
        let added = Added {
            entities: loaded.entities,
            reports: loaded.reports,
            facts: loaded.facts,
        };
        Ok((added, loaded.title))
    }

    /// Reads a JSON document as a graph of its own, letting it name entities and reports of
    /// this graph that it does not define, and merges it into this graph with
    /// [`merge`](Self::merge). All or nothing.
    ///
    /// # Errors
    /// [`MergeError::Json`] for a document that does not load, or another [`MergeError`].
    pub fn merge_json(
        &mut self,
        text: &str,
        policy: &MergePolicy,
    ) -> Result<MergeReport, MergeError> {
        let quote = self.limits.quote_chars;
        let (doc, candidates) = self.read_document(text)?;
        let mut report = self.merge(&doc, policy).map_err(|mut e| {
            crate::limits::CutQuotes::cut_quotes(&mut e, quote);
            e
        })?;
        report.candidates = candidates;
        Ok(report)
    }

    /// A document as a graph of its own, entities and reports it names from `self` copied in.
    /// A document as a graph of its own, with the candidates of a candidate file it
    /// left out.
    pub(crate) fn read_document(
        &self,
        text: &str,
    ) -> Result<(KnowledgeGraph, CandidateCounts), JsonError> {
        let text = strip_bom(text);
        let mut doc = KnowledgeGraph::new();
        doc.limits = self.limits;
        let loaded = {
            let mut batch = Batch::new(&doc).with_fallback(self);
            let loaded = stream::Stream::new(text, &mut batch).run()?;
            (loaded, batch.into_staged())
        };
        doc.commit(loaded.1);
        doc.title = loaded.0.title;
        Ok((doc, loaded.0.candidates))
    }

    /// The graph as pretty-printed JSON. [`from_json`](Self::from_json) reads it back to an
    /// equal graph.
    pub fn to_json(&self) -> String {
        // Only strings, integers, booleans, vectors and maps with string keys: serde_json
        // cannot fail on these, so the expect marks an unreachable case.
        #[allow(clippy::expect_used)]
        serde_json::to_string_pretty(&self.to_raw()).expect("plain data always serializes")
    }

    /// Writes the graph as compact JSON.
    ///
    /// # Errors
    /// The I/O error `writer` returns.
    pub fn write_json(&self, writer: impl Write) -> std::io::Result<()> {
        serde_json::to_writer(writer, &self.to_raw()).map_err(std::io::Error::from)
    }

    /// Saves the graph as compact JSON to the file at `path`, atomically: written to a
    /// temporary file in the same directory, synced and renamed over the old file. A failed
    /// save returns the I/O error and leaves the old file as it was (a `File::create` plus
    /// [`write_json`](Self::write_json) would leave it truncated).
    ///
    /// # Errors
    /// The I/O error of creating, writing, syncing or renaming the file.
    ///
    /// ```
    /// use factgraph::{datasets, KnowledgeGraph};
    /// let path = std::env::temp_dir().join(format!("factgraph-save-{}.json", std::process::id()));
    /// let g = datasets::edm_2004_v1_i133();
    /// g.save_json(&path)?;
    /// let copy = KnowledgeGraph::from_json(&std::fs::read_to_string(&path)?)?;
    /// assert!(copy == *g);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn save_json(&self, path: impl AsRef<std::path::Path>) -> std::io::Result<()> {
        crate::interchange::file::write_atomically(path.as_ref(), |w| self.write_json(w))
    }

    /// The graph as serializable records, borrowing every string from the graph.
    pub(crate) fn to_raw(&self) -> RawGraph<'_> {
        let key = |id: EntityId| Cow::Borrowed(self.entity_ref(id).key());
        let date = |d: FactDate| {
            if d.is_unknown() {
                Cow::Borrowed("")
            } else {
                Cow::Owned(d.to_string())
            }
        };
        let mut merged: std::collections::HashMap<&str, Vec<Cow<'_, str>>> =
            std::collections::HashMap::new();
        for (k, id) in &self.merged_keys {
            merged
                .entry(self.entity_ref(*id).key())
                .or_default()
                .push(Cow::Borrowed(k.as_str()));
        }
        for list in merged.values_mut() {
            list.sort_unstable();
        }
        RawGraph {
            factgraph: FORMAT_VERSION,
            title: self.title.as_deref().map(Cow::Borrowed),
            entities: self
                .entities()
                .map(|e| e.entity)
                .map(|e| RawEntity {
                    id: Cow::Borrowed(&e.key),
                    kind: Cow::Borrowed(e.kind.as_str()),
                    name: Cow::Borrowed(&e.name),
                    aliases: e
                        .aliases
                        .iter()
                        .map(|a| Cow::Borrowed(a.as_str()))
                        .collect(),
                    attributes: e
                        .attributes
                        .iter()
                        .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v.as_str())))
                        .collect(),
                    note: e.note.as_deref().map(Cow::Borrowed),
                    merged_ids: merged.get(e.key.as_str()).cloned().unwrap_or_default(),
                })
                .collect(),
            reports: self
                .reports()
                .map(|(_, r)| RawReport {
                    id: Cow::Borrowed(&r.key),
                    outlet: key(r.outlet),
                    headline: r.headline.as_deref().map(Cow::Borrowed),
                    url: r.url.as_deref().map(Cow::Borrowed),
                    published: date(r.published),
                    published_year_inferred: r.published.year_inferred(),
                    language: r.language.as_deref().map(Cow::Borrowed),
                    author: r.author.as_deref().map(Cow::Borrowed),
                })
                .collect(),
            facts: self
                .facts
                .iter()
                .enumerate()
                .map(|(i, f)| RawFact {
                    id: Some(Cow::Owned(self.fact_key_at(i).to_string())),
                    relation: Cow::Borrowed(f.relation().as_str()),
                    subject: key(f.subject()),
                    object: key(f.object()),
                    date: date(f.date()),
                    year_inferred: f.date().year_inferred(),
                    valid: f.valid().map_or(Cow::Borrowed(""), date),
                    valid_year_inferred: f.valid().is_some_and(|v| v.year_inferred()),
                    modality: Cow::Borrowed(f.modality().as_str()),
                    place: f.place().map(key),
                    recipient: f.recipient().map(key),
                    role: f.role().map(|r| RawRole {
                        title: Cow::Borrowed(&r.title),
                        rank: r.rank.as_deref().map(Cow::Borrowed),
                    }),
                    sources: f
                        .sources()
                        .iter()
                        .map(|a| {
                            let report = a.report().and_then(|r| self.report(r));
                            // A report's own statements need no `source`: it is the outlet.
                            let own = report.is_some_and(|r| r.outlet == a.source());
                            let claimed = a.claimed_date().unwrap_or(FactDate::UNKNOWN);
                            RawSource {
                                report: report.map(|r| Cow::Borrowed(r.key.as_str())),
                                source: (!own).then(|| key(a.source())),
                                reported: date(a.reported()),
                                reported_year_inferred: a.reported().year_inferred(),
                                speaker: a.speaker().map(key),
                                quote: a.quote().map(Cow::Borrowed),
                                inferred: a.inferred().map(Cow::Borrowed),
                                // A source that gives no date where the fact has one
                                // is written `unknown`, so it reads back the same.
                                date: match a.claimed_date() {
                                    Some(d) if d.is_unknown() => Cow::Borrowed("unknown"),
                                    _ => date(claimed),
                                },
                                date_year_inferred: claimed.year_inferred(),
                                note: a.note().map(Cow::Borrowed),
                                valid: a.claimed_valid().map(|v| Cow::Owned(v.to_string())),
                                place: a.claimed_place().map(|p| p.map_or(Cow::Borrowed(""), key)),
                                quantities: a.quantities().iter().map(raw_quantity).collect(),
                            }
                        })
                        .collect(),
                    recurrence: f.recurrence().map(|r| Cow::Owned(r.to_string())),
                    edition: f.edition_number().map(|e| e.get()),
                    note: f.note().map(Cow::Borrowed),
                })
                .collect(),
        }
    }
}

/// The written form of a quantity: an exact value as a number, any other as its text.
fn raw_quantity(q: &Quantity) -> RawQuantity {
    RawQuantity {
        kind: q.kind().as_str().to_owned(),
        value: match q.amount() {
            Amount::Exact(v) => RawValue::Number(v),
            other => RawValue::Text(other.to_string()),
        },
        unit: q.unit().map(|u| u.to_string()),
        of: q.what().map(str::to_owned),
    }
}

/// A quantity read back, checked as [`Quantity::new`] checks it.
fn read_quantity(q: RawQuantity) -> Result<Quantity, QuantityError> {
    let kind: QuantityKind = q.kind.parse().map_err(|_| QuantityError::BadKind {
        text: q.kind.chars().take(32).collect(),
    })?;
    let amount = match q.value {
        RawValue::Number(v) => Amount::Exact(v),
        RawValue::Text(t) => t.parse()?,
    };
    let unit = match q.unit.as_deref() {
        None => None,
        Some(u) => Some(Unit::parse_for(kind, u)?),
    };
    let quantity = Quantity::new(kind, amount, unit)?;
    match q.of {
        None => Ok(quantity),
        Some(of) => quantity.of(of),
    }
}

/// `text` without a leading UTF-8 byte order mark.
fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// An owned path step, for errors raised inside a fact.
pub(crate) enum PathSeg {
    Key(&'static str),
    Index(usize),
}

impl PathSeg {
    pub(crate) fn seg(&self) -> locate::Seg<'static> {
        match self {
            PathSeg::Key(k) => locate::Seg::Key(k),
            PathSeg::Index(n) => locate::Seg::Index(*n),
        }
    }
}

pub(crate) fn stage_entity(
    batch: &mut Batch<'_>,
    e: RawEntity<'_>,
) -> Result<EntityId, (Vec<PathSeg>, JsonErrorKind)> {
    let kind: EntityKind = e.kind.parse().map_err(|source| {
        (
            vec![PathSeg::Key("kind")],
            JsonErrorKind::UnknownKind {
                entity: e.id.clone().into_owned(),
                source,
            },
        )
    })?;
    let id = e.id.clone(); // borrowed from the text in the common case: no allocation
    let mut entity = Entity::new(e.id, kind, e.name);
    entity.aliases = e.aliases.into_iter().map(Cow::into_owned).collect();
    entity.attributes = e
        .attributes
        .into_iter()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    entity.note = e.note.map(Cow::into_owned);
    let merged_ids = e.merged_ids;
    let staged = batch.add_entity(entity).map_err(|err| match err {
        GraphError::DuplicateKey { key } => (
            vec![PathSeg::Key("id")],
            JsonErrorKind::DuplicateId { entity: key },
        ),
        GraphError::EmptyName { .. } | GraphError::NameTooLong { alias: None, .. } => (
            vec![PathSeg::Key("name")],
            JsonErrorKind::InvalidEntity {
                entity: id.clone().into_owned(),
                source: err,
            },
        ),
        GraphError::EmptyAlias { index, .. }
        | GraphError::NameTooLong {
            alias: Some(index), ..
        } => (
            vec![PathSeg::Key("aliases"), PathSeg::Index(index)],
            JsonErrorKind::InvalidEntity {
                entity: id.clone().into_owned(),
                source: err,
            },
        ),
        source => (
            vec![PathSeg::Key("id")],
            JsonErrorKind::InvalidEntity {
                entity: id.clone().into_owned(),
                source,
            },
        ),
    })?;
    for key in merged_ids {
        batch
            .add_merged_key(key.clone().into_owned(), staged)
            .map_err(|_| {
                (
                    vec![PathSeg::Key("merged_ids")],
                    JsonErrorKind::DuplicateMergedId {
                        entity: id.clone().into_owned(),
                        key: key.into_owned(),
                    },
                )
            })?;
    }
    Ok(staged)
}

pub(crate) fn stage_report(
    batch: &mut Batch<'_>,
    r: RawReport<'_>,
) -> Result<ReportId, (&'static str, JsonErrorKind)> {
    let outlet = batch.entity_or_import(&r.outlet).ok_or_else(|| {
        (
            "outlet",
            JsonErrorKind::MissingOutlet {
                report: r.id.clone().into_owned(),
                entity: r.outlet.clone().into_owned(),
            },
        )
    })?;
    let published = parse_date(&r.published, r.published_year_inferred).map_err(|source| {
        (
            "published",
            JsonErrorKind::InvalidReportDate {
                report: r.id.clone().into_owned(),
                source,
            },
        )
    })?;
    let id = r.id.clone();
    let mut report = Report::new(r.id, outlet).published_on(published);
    report.headline = r.headline.map(Cow::into_owned);
    report.url = r.url.map(Cow::into_owned);
    report.language = r.language.map(Cow::into_owned);
    report.author = r.author.map(Cow::into_owned);
    batch.add_report(report).map_err(|source| {
        let field = match source {
            GraphError::QualifierKind { .. } => "outlet",
            _ => "id",
        };
        (
            field,
            JsonErrorKind::InvalidReport {
                report: id.into_owned(),
                source,
            },
        )
    })
}

pub(crate) type FactErr = (Vec<PathSeg>, JsonErrorKind);

/// Where a field of a fact is, for errors: its path and its name, built only on failure.
#[derive(Clone, Copy)]
enum Field {
    Top(&'static str),
    Source(usize, &'static str),
}

impl Field {
    fn path(self) -> Vec<PathSeg> {
        match self {
            Field::Top(name) => vec![PathSeg::Key(name)],
            Field::Source(j, name) => vec![
                PathSeg::Key("sources"),
                PathSeg::Index(j),
                PathSeg::Key(name),
            ],
        }
    }

    fn name(self) -> String {
        match self {
            Field::Top(name) => name.to_owned(),
            Field::Source(j, name) => format!("sources[{j}].{name}"),
        }
    }
}

pub(crate) fn stage_fact(batch: &mut Batch<'_>, i: usize, f: RawFact<'_>) -> Result<(), FactErr> {
    // Messages count facts from 1, as a reader counts them.
    let number = i + 1;
    let unknown = |field: Field, source| {
        (
            field.path(),
            JsonErrorKind::UnknownName {
                fact: number,
                source,
            },
        )
    };
    let bad_date = |field: Field, source| {
        (
            field.path(),
            JsonErrorKind::InvalidDate {
                fact: number,
                field: field.name(),
                source,
            },
        )
    };
    let relation: Relation = f
        .relation
        .parse()
        .map_err(|e| unknown(Field::Top("relation"), e))?;
    let modality: Modality = if f.modality.is_empty() {
        Modality::Reported
    } else {
        f.modality
            .parse()
            .map_err(|e| unknown(Field::Top("modality"), e))?
    };
    let date = parse_date(&f.date, f.year_inferred).map_err(|e| bad_date(Field::Top("date"), e))?;
    let resolve = |batch: &mut Batch<'_>, field: Field, id: &str| {
        batch.entity_or_import(id).ok_or_else(|| {
            (
                field.path(),
                JsonErrorKind::MissingEntity {
                    fact: number,
                    field: field.name(),
                    entity: id.to_owned(),
                },
            )
        })
    };
    let subject = resolve(batch, Field::Top("subject"), &f.subject)?;
    let object = resolve(batch, Field::Top("object"), &f.object)?;
    let valid = parse_date(&f.valid, f.valid_year_inferred)
        .map_err(|e| bad_date(Field::Top("valid"), e))?;
    let mut fact = Fact::new(relation, subject, object)
        .on(date)
        .with_modality(modality);
    if !valid.is_unknown() {
        fact = fact.valid_during(valid);
    }
    if let Some(p) = &f.place {
        fact = fact.at(resolve(batch, Field::Top("place"), p)?);
    }
    if let Some(r) = &f.recipient {
        fact = fact.to(resolve(batch, Field::Top("recipient"), r)?);
    }
    if let Some(r) = f.role {
        fact = fact.with_role(Role {
            title: r.title.into_owned(),
            rank: r.rank.map(Cow::into_owned),
        });
    }
    if let Some(note) = f.note {
        fact = fact.with_note(note);
    }
    if let Some(r) = &f.recurrence {
        let r: crate::Recurrence = r.parse().map_err(|source| {
            (
                Field::Top("recurrence").path(),
                JsonErrorKind::InvalidQuantity {
                    fact: number,
                    field: "recurrence".to_owned(),
                    source,
                },
            )
        })?;
        fact = fact.recurring(r);
    }
    if let Some(e) = f.edition {
        let e = std::num::NonZeroU32::new(e).ok_or_else(|| {
            (
                Field::Top("edition").path(),
                JsonErrorKind::InvalidQuantity {
                    fact: number,
                    field: "edition".to_owned(),
                    source: QuantityError::BadNumber { text: "0".into() },
                },
            )
        })?;
        fact = fact.edition(e);
    }
    let mut sources = Vec::with_capacity(f.sources.len());
    for (j, s) in f.sources.into_iter().enumerate() {
        let report = match &s.report {
            None => None,
            Some(key) => Some(batch.report_or_import(key).ok_or_else(|| {
                let field = Field::Source(j, "report");
                (
                    field.path(),
                    JsonErrorKind::MissingReport {
                        fact: number,
                        field: field.name(),
                        report: key.clone().into_owned(),
                    },
                )
            })?),
        };
        let source = match (&s.source, report) {
            (Some(key), _) => resolve(batch, Field::Source(j, "source"), key)?,
            // On the report's own authority: the outlet is the report's.
            (None, Some(r)) => match batch.report(r) {
                Some(r) => r.outlet,
                None => {
                    return Err((
                        Field::Source(j, "report").path(),
                        JsonErrorKind::NoSource {
                            fact: number,
                            index: j,
                        },
                    ));
                }
            },
            (None, None) => {
                return Err((
                    vec![PathSeg::Key("sources"), PathSeg::Index(j)],
                    JsonErrorKind::NoSource {
                        fact: number,
                        index: j,
                    },
                ));
            }
        };
        let reported = parse_date(&s.reported, s.reported_year_inferred)
            .map_err(|e| bad_date(Field::Source(j, "reported"), e))?;
        let claimed = parse_date(&s.date, s.date_year_inferred)
            .map_err(|e| bad_date(Field::Source(j, "date"), e))?;
        let mut a = Attribution::new(source).reported_on(reported);
        if let Some(sp) = &s.speaker {
            a.speaker = Some(resolve(batch, Field::Source(j, "speaker"), sp)?);
        }
        if let Some(r) = report {
            a = a.in_report(r);
        }
        if let Some(q) = s.quote {
            a = a.with_quote(q);
        }
        if let Some(why) = s.inferred {
            a = a.inferred_because(why);
        }
        if !claimed.is_unknown() || s.date.trim() == "unknown" {
            a = a.claiming_date(claimed);
        }
        if let Some(note) = s.note {
            a = a.with_note(note);
        }
        if let Some(v) = &s.valid {
            let v = parse_date(v, false).map_err(|e| bad_date(Field::Source(j, "valid"), e))?;
            a = a.claiming_valid(v);
        }
        match s.place.as_deref() {
            None => {}
            Some("") => a = a.claiming_place(None),
            Some(p) => a = a.claiming_place(Some(resolve(batch, Field::Source(j, "place"), p)?)),
        }
        for (k, q) in s.quantities.into_iter().enumerate() {
            let q = read_quantity(q).map_err(|source| {
                (
                    vec![
                        PathSeg::Key("sources"),
                        PathSeg::Index(j),
                        PathSeg::Key("quantities"),
                        PathSeg::Index(k),
                    ],
                    JsonErrorKind::InvalidQuantity {
                        fact: number,
                        field: format!("sources[{j}].quantities[{k}]"),
                        source,
                    },
                )
            })?;
            a = a.with_quantity(q);
        }
        sources.push(a);
    }
    fact.sources = sources.into();
    batch.add_fact(fact).map_err(|source| {
        (
            Vec::new(),
            JsonErrorKind::InvalidFact {
                fact: number,
                source,
            },
        )
    })?;
    Ok(())
}

/// An empty text is an unknown date.
fn parse_date(text: &str, year_inferred: bool) -> Result<FactDate, crate::DateError> {
    Ok(text.parse::<FactDate>()?.with_year_inferred(year_inferred))
}
