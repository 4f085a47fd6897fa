//! JSON Lines: bulk import of entities and facts, one JSON object per line, and the same
//! form written out.
//!
//! Each line is an entity, a report or a fact, with exactly the fields of the JSON format
//! (`docs/FORMAT.md`) wrapped in a one-key object (`entity`, `report`, `fact`):
//!
//! ```text
//! # made-up data; blank lines and lines starting with '#' are skipped
//! {"entity": {"id": "ann", "kind": "person", "name": "Ann Example", "aliases": ["A. Example"]}}
//! {"entity": {"id": "bob", "kind": "person", "name": "Bob Example"}}
//! {"fact": {"relation": "met", "subject": "ann", "object": "Bob Example", "date": "2021-03"}}
//! ```
//!
//! A fact names each entity (`subject`, `object`, `place`, `recipient`, and `source` and
//! `speaker` in `sources`) by **id or by name**: a value that is the id of an entity (of
//! the graph or of an earlier line) is that entity; otherwise it is looked up as a name or
//! alias as [`KnowledgeGraph::find`] does (case-, space- and diacritic-insensitive), among
//! the graph's entities and those of earlier lines. A name no entity carries, or one that
//! several carry, is an error ([`JsonlErrorKind::Lookup`], with the closest names or the
//! candidates). Looking for the closest names costs at most
//! [`Limits::closest_work`](crate::Limits::closest_work) units per unresolvable reference,
//! whatever the graph holds, so a file of bad lines costs time in proportion to its lines.
//!
//! The input is read line by line from any [`BufRead`]: memory use beyond the graph (and
//! the staged batch of [`ImportMode::StopAtFirstError`], which becomes part of the graph)
//! is one line, of at most [`Limits::max_line_bytes`](crate::Limits::max_line_bytes). A line
//! ends at LF, CR LF or a lone CR; a UTF-8 byte order mark at the start is skipped.
//! Everything is checked as for JSON documents: kinds, relations, modalities,
//! dates, the schema, duplicate ids.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::{Candidate, LookupError};
use crate::json::locate::{Seg, locate};
use crate::json::raw::{RawEntity, RawFact, RawReport};
use crate::json::stream::{char_column, serde_message};
use crate::json::{JsonErrorKind, PathSeg, stage_entity, stage_fact, stage_report};
use crate::limits::CutQuotes;
use crate::model::kind::EntityKind;
use crate::store::batch::Batch;
use crate::store::graph::KnowledgeGraph;
use crate::store::names::normalize_name;

/// One line of the input.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum RawLine<'a> {
    #[serde(borrow)]
    Entity(RawEntity<'a>),
    #[serde(borrow)]
    Report(RawReport<'a>),
    #[serde(borrow)]
    Fact(RawFact<'a>),
}

/// What to do with a bad line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ImportMode {
    /// Everything in one transaction: the first bad line (or read error) ends the import
    /// and nothing at all is applied.
    #[default]
    StopAtFirstError,
    /// Each good line is applied on its own; each bad line is reported in
    /// [`ImportReport::errors`] and skipped. Later lines may refer to entities of earlier
    /// good lines only.
    SkipAndReport,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ImportReport {
    /// Lines read, blank and comment lines included.
    pub lines: usize,
    /// Blank lines and `#` comment lines.
    pub skipped: usize,
    /// Entities added to the graph.
    pub entities_added: usize,
    /// Facts added to the graph.
    pub facts_added: usize,
    /// Reports added to the graph.
    pub reports_added: usize,
    /// The bad lines, in order ([`ImportMode::SkipAndReport`] only; a read error, which
    /// ends the import, is the last entry).
    pub errors: Vec<JsonlError>,
}

impl ImportReport {
    /// Whether no line was rejected.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }
}

/// A rejected line: where and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}{}: {kind}", column.map(|c| format!(", column {c}")).unwrap_or_default())]
pub struct JsonlError {
    pub(crate) line: usize,
    pub(crate) column: Option<usize>,
    pub(crate) kind: JsonlErrorKind,
}

impl JsonlError {
    /// 1-based line number in the input.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column (in characters) of the offending value, where known: for malformed
    /// JSON, where serde_json detected the problem; for a rejected value, its start; for
    /// invalid UTF-8, the first bad byte. `None` for read errors.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// What was wrong.
    pub fn kind(&self) -> &JsonlErrorKind {
        &self.kind
    }
}

/// Why a line was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum JsonlErrorKind {
    /// The input could not be read (the import stops there).
    #[error("read error: {message}")]
    Io {
        /// The I/O error's description.
        message: String,
    },
    /// The line is not valid UTF-8.
    #[error("invalid UTF-8")]
    Utf8,
    /// The line is longer than [`Limits::max_line_bytes`](crate::Limits::max_line_bytes)
    /// (it is skipped whole without being kept in memory).
    #[error("the line has {bytes} bytes, more than the limit of {max}")]
    LineTooLong {
        /// The line's length in bytes, without its line end.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The line is longer than [`Limits::max_line_bytes`](crate::Limits::max_line_bytes),
    /// found by an import that stops at the first error: reading stopped at the limit, so
    /// the line's length is not known (a line that never ends is not read forever).
    #[error("the line is longer than the limit of {max} bytes (reading stopped there)")]
    LineOverLimit {
        /// The limit.
        max: usize,
    },
    /// The line is not well-formed JSON.
    #[error("malformed JSON: {message}")]
    Syntax {
        /// serde_json's description.
        message: String,
    },
    /// Well-formed JSON of the wrong shape: not `{"entity": {...}}` or `{"fact": {...}}`,
    /// a missing or unknown field, a wrong type.
    #[error("unexpected JSON structure: {message}")]
    Structure {
        /// serde_json's description.
        message: String,
    },
    /// A fact's entity reference that is neither an id nor exactly one entity's name or
    /// alias.
    #[error("{field}: {source}")]
    Lookup {
        /// The field: `subject`, `object`, `place`, `recipient`, `sources[0].source`,
        /// `sources[0].speaker`, …
        field: String,
        /// Not found (with the closest names) or ambiguous (with the candidates).
        source: LookupError,
    },
    /// An entity or fact rejected as in a JSON document: unknown kind, relation or
    /// modality, duplicate id, invalid date, schema violation… The `fact` number in it is
    /// the 0-based position of the fact among the input's fact lines.
    #[error(transparent)]
    Invalid(#[from] JsonErrorKind),
}

/// Reads lines, reusing one buffer. A line ends at LF, CR LF or a lone CR (a file with
/// old Mac line ends is read line by line, not as one long line, which a leading comment
/// would swallow whole). Raw CR cannot occur inside a JSON string, so no valid line is
/// split.
struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
    line: usize,
    /// The previous line ended with CR: a LF right after it belongs to that line end.
    after_cr: bool,
    /// The longest line accepted, in bytes.
    max: usize,
    /// Stop reading a line as soon as it is longer than `max` (when the import stops at
    /// the first error anyway): a line that never ends must not be read forever.
    stop_long: bool,
    /// The last line read was stopped there, unfinished.
    stopped: bool,
}

enum Read<'a> {
    Eof,
    Line(usize, &'a str),
    Bad(JsonlError),
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R, max: usize, stop_long: bool) -> Self {
        Lines {
            reader,
            buf: Vec::new(),
            line: 0,
            after_cr: false,
            max,
            stop_long,
            stopped: false,
        }
    }

    /// Reads up to the next line end into `buf` (at most `max` bytes are kept; the rest
    /// of a longer line is read and dropped). Returns whether anything was read and the
    /// line's full length.
    fn fill(&mut self) -> io::Result<Option<usize>> {
        self.buf.clear();
        let mut len = 0usize;
        let mut any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(any.then_some(len));
            }
            let mut skip = 0;
            if self.after_cr {
                self.after_cr = false;
                if chunk.first() == Some(&b'\n') {
                    skip = 1;
                }
            }
            let rest = chunk.get(skip..).unwrap_or_default();
            match rest.iter().position(|b| *b == b'\n' || *b == b'\r') {
                Some(at) => {
                    let part = rest.get(..at).unwrap_or_default();
                    let room = self.max.saturating_sub(self.buf.len());
                    self.buf
                        .extend_from_slice(part.get(..room.min(part.len())).unwrap_or_default());
                    len += at;
                    self.after_cr = rest.get(at) == Some(&b'\r');
                    self.reader.consume(skip + at + 1);
                    return Ok(Some(len));
                }
                None => {
                    let room = self.max.saturating_sub(self.buf.len());
                    self.buf
                        .extend_from_slice(rest.get(..room.min(rest.len())).unwrap_or_default());
                    len += rest.len();
                    any = any || !rest.is_empty();
                    let n = skip + rest.len();
                    self.reader.consume(n);
                    if self.stop_long && len > self.max {
                        self.stopped = true;
                        return Ok(Some(len));
                    }
                }
            }
        }
    }

    /// The next line without its line end; `Err` for a read error.
    fn read(&mut self) -> Result<Read<'_>, JsonlError> {
        let len = match self.fill() {
            Ok(Some(len)) => len,
            Ok(None) => return Ok(Read::Eof),
            Err(e) => {
                return Err(JsonlError {
                    line: self.line + 1,
                    column: None,
                    kind: JsonlErrorKind::Io {
                        message: e.to_string(),
                    },
                });
            }
        };
        self.line += 1;
        if self.stopped {
            return Ok(Read::Bad(JsonlError {
                line: self.line,
                column: None,
                kind: JsonlErrorKind::LineOverLimit { max: self.max },
            }));
        }
        if len > self.max {
            return Ok(Read::Bad(JsonlError {
                line: self.line,
                column: None,
                kind: JsonlErrorKind::LineTooLong {
                    bytes: len,
                    max: self.max,
                },
            }));
        }
        let bytes = self.buf.as_slice();
        match std::str::from_utf8(bytes) {
            Ok(mut text) => {
                if self.line == 1 {
                    text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
                }
                Ok(Read::Line(self.line, text))
            }
            Err(e) => {
                let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
                let column = String::from_utf8_lossy(valid).chars().count() + 1;
                Ok(Read::Bad(JsonlError {
                    line: self.line,
                    column: Some(column),
                    kind: JsonlErrorKind::Utf8,
                }))
            }
        }
    }
}

/// Whether a line is blank or a comment.
fn skippable(text: &str) -> bool {
    let t = text.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// State carried across lines of one transaction.
#[derive(Default)]
struct Stager {
    /// Folded names and aliases of the entities staged in the current batch (not yet in the
    /// graph's name index).
    staged_names: HashMap<String, Vec<Candidate>>,
    /// Fact lines seen so far (numbers facts in error messages).
    fact_lines: usize,
}

enum Added {
    Entity,
    Report,
    Fact,
}

/// Imports JSON Lines from `reader` into `graph`. See the [module documentation](self) for
/// the format.
///
/// With [`ImportMode::StopAtFirstError`] the result is `Err` with the first bad line (or
/// read error) and the graph is unchanged, or `Ok` with everything applied. With
/// [`ImportMode::SkipAndReport`] the result is always `Ok`, listing the bad lines.
///
/// # Errors
/// In [`ImportMode::StopAtFirstError`] the first [`JsonlError`] (reading, a line over
/// [`Limits::max_line_bytes`](crate::Limits::max_line_bytes), bad JSON, an invalid record),
/// with the graph unchanged; in [`ImportMode::SkipAndReport`] only a read error, invalid
/// lines being listed in the report.
///
/// ```
/// use factgraph::interchange::jsonl::{import_jsonl, ImportMode};
/// use factgraph::KnowledgeGraph;
/// // Made-up data.
/// let input = r#"
/// {"entity": {"id": "ann", "kind": "person", "name": "Ann Example"}}
/// {"entity": {"id": "bob", "kind": "person", "name": "Bob Example", "aliases": ["Bobby"]}}
/// {"fact": {"relation": "met", "subject": "ann", "object": "bobby", "date": "2021-03"}}
/// {"fact": {"relation": "met", "subject": "ann", "object": "Carol"}}
/// "#;
/// let mut g = KnowledgeGraph::new();
/// let err = import_jsonl(&mut g, input.as_bytes(), ImportMode::StopAtFirstError).unwrap_err();
/// assert_eq!((err.line(), err.column()), (5, Some(58))); // at "Carol"
/// assert_eq!(g.entity_count(), 0); // nothing applied
///
/// let report = import_jsonl(&mut g, input.as_bytes(), ImportMode::SkipAndReport)?;
/// assert_eq!((report.entities_added, report.facts_added), (2, 1));
/// assert_eq!(report.errors.len(), 1);
/// assert_eq!(report.errors[0].line(), 5);
/// # Ok::<(), factgraph::interchange::jsonl::JsonlError>(())
/// ```
pub fn import_jsonl(
    graph: &mut KnowledgeGraph,
    reader: impl BufRead,
    mode: ImportMode,
) -> Result<ImportReport, JsonlError> {
    let quote = graph.limits.quote_chars;
    let cut = |mut e: JsonlError| {
        e.cut_quotes(quote);
        e
    };
    let mut lines = Lines::new(
        reader,
        graph.limits.max_line_bytes,
        mode == ImportMode::StopAtFirstError,
    );
    let mut report = ImportReport::default();
    let mut st = Stager::default();
    match mode {
        ImportMode::StopAtFirstError => graph
            .apply(|batch| {
                loop {
                    let (n, text) = match lines.read()? {
                        Read::Eof => break,
                        Read::Bad(e) => return Err(e),
                        Read::Line(n, text) => (n, text),
                    };
                    if skippable(text) {
                        report.skipped += 1;
                        continue;
                    }
                    match process(batch, text, n, &mut st)? {
                        Added::Entity => report.entities_added += 1,
                        Added::Report => report.reports_added += 1,
                        Added::Fact => report.facts_added += 1,
                    }
                }
                report.lines = lines.line;
                Ok(report)
            })
            .map_err(cut),
        ImportMode::SkipAndReport => {
            loop {
                let (n, text) = match lines.read() {
                    Err(e) => {
                        report.errors.push(cut(e));
                        break;
                    }
                    Ok(Read::Eof) => break,
                    Ok(Read::Bad(e)) => {
                        report.errors.push(cut(e));
                        continue;
                    }
                    Ok(Read::Line(n, text)) => (n, text),
                };
                if skippable(text) {
                    report.skipped += 1;
                    continue;
                }
                // Each line is its own transaction: entities of earlier lines are in the
                // graph's own name index by now.
                st.staged_names.clear();
                match graph.apply(|batch| process(batch, text, n, &mut st)) {
                    Ok(Added::Entity) => report.entities_added += 1,
                    Ok(Added::Report) => report.reports_added += 1,
                    Ok(Added::Fact) => report.facts_added += 1,
                    Err(e) => report.errors.push(cut(e)),
                }
            }
            report.lines = lines.line;
            Ok(report)
        }
    }
}

/// Stages one non-blank line.
fn process(
    batch: &mut Batch<'_>,
    text: &str,
    line: usize,
    st: &mut Stager,
) -> Result<Added, JsonlError> {
    let at = |path: &[Seg<'_>], kind: JsonlErrorKind| JsonlError {
        line,
        column: Some(locate(text, path).1),
        kind,
    };
    let max = batch.graph().limits.max_depth;
    if let Some(at) = crate::json::locate::too_deep(text, max) {
        return Err(JsonlError {
            line,
            column: Some(crate::json::locate::line_column(text, at).1),
            kind: JsonErrorKind::TooDeep { max }.into(),
        });
    }
    let raw: RawLine = serde_json::from_str(text).map_err(|e| {
        let message = serde_message(&e);
        // serde_json counts bytes; count characters, like every other column here.
        let column = char_column(text, 1, e.column());
        JsonlError {
            line,
            column: Some(column),
            kind: match e.classify() {
                serde_json::error::Category::Data => JsonlErrorKind::Structure { message },
                _ => JsonlErrorKind::Syntax { message },
            },
        }
    })?;
    match raw {
        RawLine::Entity(e) => {
            let key = e.id.clone().into_owned();
            let names: Vec<String> = std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(|n| n.clone().into_owned())
                .collect();
            let kind_text = e.kind.clone();
            let id = stage_entity(batch, e).map_err(|(path, kind)| {
                let mut full = vec![Seg::Key("entity")];
                full.extend(path.iter().map(PathSeg::seg));
                at(&full, kind.into())
            })?;
            // Staging succeeded, so the kind parses.
            if let Ok(kind) = kind_text.parse::<EntityKind>() {
                let name = names.first().cloned().unwrap_or_default();
                for n in &names {
                    let entry = st.staged_names.entry(normalize_name(n)).or_default();
                    // Ids only grow: a repeat is the last entry (a search of the list made
                    // many entities sharing one name quadratic).
                    if entry.last().map(|c| c.id) != Some(id) {
                        entry.push(Candidate {
                            id,
                            key: key.clone(),
                            name: name.clone(),
                            kind,
                        });
                    }
                }
            }
            Ok(Added::Entity)
        }
        RawLine::Report(mut r) => {
            resolve(batch, st, &mut r.outlet).map_err(|source| {
                at(
                    &[Seg::Key("report"), Seg::Key("outlet")],
                    JsonlErrorKind::Lookup {
                        field: "outlet".into(),
                        source,
                    },
                )
            })?;
            stage_report(batch, r)
                .map_err(|(field, kind)| at(&[Seg::Key("report"), Seg::Key(field)], kind.into()))?;
            Ok(Added::Report)
        }
        RawLine::Fact(mut f) => {
            let i = st.fact_lines;
            st.fact_lines += 1;
            let lookup = |field: String, path: &[Seg<'_>], source: LookupError| {
                at(path, JsonlErrorKind::Lookup { field, source })
            };
            resolve(batch, st, &mut f.subject).map_err(|s| {
                lookup(
                    "subject".into(),
                    &[Seg::Key("fact"), Seg::Key("subject")],
                    s,
                )
            })?;
            resolve(batch, st, &mut f.object)
                .map_err(|s| lookup("object".into(), &[Seg::Key("fact"), Seg::Key("object")], s))?;
            if let Some(p) = &mut f.place {
                resolve(batch, st, p).map_err(|s| {
                    lookup("place".into(), &[Seg::Key("fact"), Seg::Key("place")], s)
                })?;
            }
            if let Some(r) = &mut f.recipient {
                resolve(batch, st, r).map_err(|s| {
                    lookup(
                        "recipient".into(),
                        &[Seg::Key("fact"), Seg::Key("recipient")],
                        s,
                    )
                })?;
            }
            for (j, a) in f.sources.iter_mut().enumerate() {
                let path = |name| {
                    [
                        Seg::Key("fact"),
                        Seg::Key("sources"),
                        Seg::Index(j),
                        Seg::Key(name),
                    ]
                };
                if let Some(source) = &mut a.source {
                    resolve(batch, st, source)
                        .map_err(|s| lookup(format!("sources[{j}].source"), &path("source"), s))?;
                }
                if let Some(sp) = &mut a.speaker {
                    resolve(batch, st, sp).map_err(|s| {
                        lookup(format!("sources[{j}].speaker"), &path("speaker"), s)
                    })?;
                }
            }
            stage_fact(batch, i, f).map_err(|(path, kind)| {
                let mut full = vec![Seg::Key("fact")];
                full.extend(path.iter().map(PathSeg::seg));
                at(&full, kind.into())
            })?;
            Ok(Added::Fact)
        }
    }
}

/// Replaces a reference by the key of the entity it names: itself if it is a key, else
/// the one entity (of the graph or staged) with that name or alias.
fn resolve(batch: &Batch<'_>, st: &Stager, value: &mut Cow<'_, str>) -> Result<(), LookupError> {
    if batch.entity_by_key(value).is_some() {
        return Ok(());
    }
    let graph = batch.graph();
    let mut candidates: Vec<Candidate> = graph
        .find_all(value)
        .map(|e| Candidate {
            id: e.id(),
            key: e.key().to_owned(),
            name: e.name().to_owned(),
            kind: e.kind(),
        })
        .collect();
    if let Some(staged) = st.staged_names.get(&normalize_name(value)) {
        candidates.extend(staged.iter().cloned());
    }
    let mut found = candidates.into_iter();
    match (found.next(), found.next()) {
        (Some(only), None) => {
            *value = Cow::Owned(only.key);
            Ok(())
        }
        (None, _) => {
            let closest = match graph.find(value) {
                Err(LookupError::NotFound { closest, .. }) => closest,
                _ => Vec::new(),
            };
            Err(LookupError::NotFound {
                name: value.clone().into_owned(),
                closest,
            })
        }
        (Some(a), Some(b)) => Err(LookupError::Ambiguous {
            name: value.clone().into_owned(),
            candidates: [a, b].into_iter().chain(found).collect(),
        }),
    }
}

/// The graph as JSON Lines: one entity line per entity, one report line per report, then
/// one fact line per fact, with
/// entities named by id. [`import_jsonl`] into an empty graph reads it back to an equal
/// graph (the title, which JSON Lines does not carry, aside).
///
/// ```
/// use factgraph::interchange::jsonl::{import_jsonl, to_jsonl, ImportMode};
/// use factgraph::KnowledgeGraph;
/// let g = factgraph::datasets::edm_2004_v1_i133();
/// let text = to_jsonl(g);
/// let mut copy = KnowledgeGraph::with_title(g.title().unwrap_or_default());
/// import_jsonl(&mut copy, text.as_bytes(), ImportMode::StopAtFirstError)?;
/// assert!(copy == *g);
/// # Ok::<(), factgraph::interchange::jsonl::JsonlError>(())
/// ```
pub fn to_jsonl(graph: &KnowledgeGraph) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and serde_json writes UTF-8.
    let _ = write_jsonl(graph, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the graph as JSON Lines to `writer`. See [`to_jsonl`].
///
/// # Errors
/// The I/O error `writer` returns.
pub fn write_jsonl(graph: &KnowledgeGraph, mut writer: impl Write) -> io::Result<()> {
    let raw = graph.to_raw();
    for e in raw.entities {
        serde_json::to_writer(&mut writer, &RawLine::Entity(e)).map_err(io::Error::from)?;
        writer.write_all(b"\n")?;
    }
    for r in raw.reports {
        serde_json::to_writer(&mut writer, &RawLine::Report(r)).map_err(io::Error::from)?;
        writer.write_all(b"\n")?;
    }
    for f in raw.facts {
        serde_json::to_writer(&mut writer, &RawLine::Fact(f)).map_err(io::Error::from)?;
        writer.write_all(b"\n")?;
    }
    writer.flush()
}

/// Writes the graph as JSON Lines to the file at `path`, atomically (see
/// [`super::file`]): a failed write leaves the old file as it was.
///
/// # Errors
/// The I/O error of creating, writing, syncing or renaming the file.
pub fn write_jsonl_file(graph: &KnowledgeGraph, path: &std::path::Path) -> io::Result<()> {
    super::file::write_atomically(path, |w| write_jsonl(graph, w))
}
