//! Streaming load of a JSON document: each entity and fact is staged as soon as serde has
//! parsed it, so the whole document never exists as records in memory at once (a 10M-fact
//! file would otherwise hold several gigabytes of them on top of the text and the graph).
//!
//! A staging error stops the parse: it is kept aside with its position and returned in place
//! of the abort message serde reports. A check ([`Stream::collecting`]) instead records it
//! and goes on with the next entity, report or fact.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::locate::{Seg, line_column, locate, value_span};
use super::raw::{READS_VERSIONS, RawEntity, RawFact, RawReport};
use super::{JsonError, JsonErrorKind, PathSeg, stage_entity, stage_fact, stage_report};
use crate::corpus::CandidateCounts;
use crate::limits::CutQuotes;
use crate::store::batch::Batch;

/// What a streamed document held besides its entities and facts.
pub(crate) struct Loaded {
    pub(crate) entities: usize,
    pub(crate) reports: usize,
    pub(crate) facts: usize,
    pub(crate) title: Option<String>,
    /// A candidate file's candidates, counted by review mark and left out.
    pub(crate) candidates: CandidateCounts,
    /// Whether a section was read as free JSON (`candidates`), whose depth the format
    /// does not bound.
    pub(crate) free_form: bool,
}

/// The deepest a document can be that parses with no free-form section: the document (1),
/// `facts` (2), a fact (3), `sources` (4), a source (5), `quantities` (6), a quantity (7).
/// Every other part of the format is shallower (a role or `attributes` object is at 4).
/// Under a depth limit at least this large, a document that parses needs no depth scan.
pub(crate) const PARSED_DEPTH: usize = 7;

/// Shared by the visitors: the batch, the text (for positions) and the first failure.
pub(crate) struct Stream<'t, 'b, 'g> {
    text: &'t str,
    batch: RefCell<&'b mut Batch<'g>>,
    failure: RefCell<Option<JsonError>>,
    /// In a check: the errors so far, and the load goes on past them.
    collect: Option<RefCell<Collected>>,
}

/// The errors a check found, up to its maximum, and how many more.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    pub(crate) errors: Vec<JsonError>,
    pub(crate) more: usize,
    max: usize,
    /// Ids of entities and reports that were refused: a fact naming one is not reported
    /// again as naming a missing entity or report.
    refused_entities: HashSet<String>,
    refused_reports: HashSet<String>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Field {
    Factgraph,
    Title,
    Reports,
    Entities,
    Facts,
    /// A candidate file's machine-coded proposals (docs/CODING.md): never loaded as facts;
    /// `CandidateFile::into_report` turns the accepted ones into facts.
    Candidates,
}

/// The message serde carries up when staging failed; never shown (the failure is).
const ABORT: &str = "factgraph: staging failed";

impl<'t, 'b, 'g> Stream<'t, 'b, 'g> {
    pub(crate) fn new(text: &'t str, batch: &'b mut Batch<'g>) -> Self {
        Stream {
            text,
            batch: RefCell::new(batch),
            failure: RefCell::new(None),
            collect: None,
        }
    }

    /// A stream that records up to `max` staging errors (and counts the rest) rather than
    /// stopping at the first; each entity, report or fact whose record has the wrong shape
    /// is an error of its own too. Malformed JSON still stops the parse.
    pub(crate) fn collecting(text: &'t str, batch: &'b mut Batch<'g>, max: usize) -> Self {
        let mut stream = Stream::new(text, batch);
        stream.collect = Some(RefCell::new(Collected {
            max,
            ..Collected::default()
        }));
        stream
    }

    /// Parses and stages the whole document, collecting errors: the errors in text order,
    /// with whatever stopped the parse (malformed JSON, a wrong document structure, an
    /// unsupported version) last, and whether something did.
    pub(crate) fn run_collecting(self) -> (Collected, bool) {
        let quote = self.batch.borrow().graph().limits.quote_chars;
        let max = self.batch.borrow().graph().limits.max_depth;
        let stop = if let Some(e) = too_deep_error(self.text, max) {
            Some(e)
        } else {
            let mut de = serde_json::Deserializer::from_str(self.text);
            let parsed = de
                .deserialize_map_with(&self)
                .and_then(|loaded| de.end().map(|()| loaded));
            match (parsed, self.failure.take()) {
                (_, Some(failure)) => Some(failure),
                (Ok(_), None) => None,
                (Err(e), None) => Some(from_serde(&e, self.text)),
            }
        };
        let mut collected = self.collect.map(RefCell::into_inner).unwrap_or_default();
        collected.errors.sort_by_key(|e| (e.line, e.column));
        let stopped = stop.is_some();
        if let Some(e) = stop {
            if collected.errors.len() < collected.max {
                collected.errors.push(e);
            } else {
                collected.more += 1;
            }
        }
        for e in &mut collected.errors {
            e.cut_quotes(quote);
        }
        (collected, stopped)
    }

    /// A staging error: recorded when collecting (and the stream goes on), else the
    /// failure that stops it.
    fn reject<E: de::Error>(&self, path: &[Seg<'_>], kind: JsonErrorKind) -> Result<(), E> {
        let Some(collect) = &self.collect else {
            return Err(self.fail(path, kind));
        };
        let mut c = collect.borrow_mut();
        let cascade = match &kind {
            JsonErrorKind::MissingEntity { entity, .. }
            | JsonErrorKind::MissingOutlet { entity, .. } => c.refused_entities.contains(entity),
            JsonErrorKind::MissingReport { report, .. } => c.refused_reports.contains(report),
            _ => false,
        };
        if cascade {
            return Ok(());
        }
        if c.errors.len() < c.max {
            // Locating walks the text: done only for the errors kept.
            let (line, column) = locate(self.text, path);
            c.errors.push(JsonError { kind, line, column });
        } else {
            c.more += 1;
        }
        Ok(())
    }

    /// Notes an entity or report that was refused, when collecting.
    fn refused(&self, entity: Option<String>, report: Option<String>) {
        if let Some(c) = &self.collect {
            let mut c = c.borrow_mut();
            c.refused_entities.extend(entity);
            c.refused_reports.extend(report);
        }
    }

    fn collecting_records(&self) -> bool {
        self.collect.is_some()
    }

    /// A record of the wrong shape at `path`, when collecting: located where reading
    /// the record's own text stops (the offending field, as a load reports it), else at
    /// the record.
    fn malformed<'x, E: de::Error, T: Deserialize<'x>>(
        &'x self,
        path: &[Seg<'_>],
        e: &serde_json::Error,
    ) -> Result<(), E> {
        let kind = JsonErrorKind::Structure {
            message: serde_message(e),
        };
        let within = value_span(self.text, path).and_then(|(start, end)| {
            let record = self.text.get(start..end)?;
            let e = serde_json::from_str::<T>(record).err()?;
            let at = record
                .split('\n')
                .take(e.line().max(1) - 1)
                .map(|l| l.len() + 1)
                .sum::<usize>()
                + e.column().saturating_sub(1);
            Some(start + at)
        });
        match (within, &self.collect) {
            (Some(offset), Some(collect)) => {
                let mut c = collect.borrow_mut();
                if c.errors.len() < c.max {
                    let (line, column) = line_column(self.text, offset);
                    c.errors.push(JsonError { kind, line, column });
                } else {
                    c.more += 1;
                }
                Ok(())
            }
            _ => self.reject(path, kind),
        }
    }

    /// Parses and stages the whole document.
    ///
    /// A document nested deeper than the limit is refused with [`JsonErrorKind::TooDeep`]
    /// at its first bracket too deep, before any other error, as if the text were scanned
    /// first. The scan (a second pass over the text, a third of serde_json's own time) is
    /// made first only under a limit below [`PARSED_DEPTH`]; otherwise it is made after the
    /// parse, and only when the parse failed or read a free-form section: a document that
    /// parsed without one is at most `PARSED_DEPTH` deep. The batch is not applied on any
    /// error, so staging before the scan changes nothing.
    pub(crate) fn run(self) -> Result<Loaded, JsonError> {
        let text = self.text;
        let max = self.batch.borrow().graph().limits.max_depth;
        let quote = self.batch.borrow().graph().limits.quote_chars;
        let scan_first = max < PARSED_DEPTH;
        if scan_first && let Some(e) = too_deep_error(text, max) {
            return Err(e);
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed = de
            .deserialize_map_with(&self)
            .and_then(|loaded| de.end().map(|()| loaded));
        let result = match (parsed, self.failure.into_inner()) {
            (_, Some(failure)) => Err(failure),
            (Ok(loaded), None) => Ok(loaded),
            (Err(e), None) => Err(from_serde(&e, text)),
        };
        let result = match result {
            Ok(loaded) if scan_first || !loaded.free_form => {
                // The bound above is what lets the scan be skipped: tests and fuzzing
                // (debug builds) check it on every document that parses.
                debug_assert!(super::locate::too_deep(text, PARSED_DEPTH).is_none());
                Ok(loaded)
            }
            result if scan_first => result,
            result => too_deep_error(text, max).map_or(result, Err),
        };
        result.map_err(|mut e| {
            e.cut_quotes(quote);
            e
        })
    }

    fn fail<E: de::Error>(&self, path: &[Seg<'_>], kind: JsonErrorKind) -> E {
        let (line, column) = locate(self.text, path);
        *self.failure.borrow_mut() = Some(JsonError { kind, line, column });
        E::custom(ABORT)
    }

    fn entity<E: de::Error>(&self, i: usize, e: RawEntity<'_>) -> Result<(), E> {
        let id = self.collecting_records().then(|| e.id.clone().into_owned());
        let staged = stage_entity(&mut self.batch.borrow_mut(), e);
        staged.map(|_| ()).or_else(|(path, kind)| {
            self.refused(id, None);
            let mut full = vec![Seg::Key("entities"), Seg::Index(i)];
            full.extend(path.iter().map(PathSeg::seg));
            self.reject(&full, kind)
        })
    }

    fn report<E: de::Error>(&self, i: usize, r: RawReport<'_>) -> Result<(), E> {
        let id = self.collecting_records().then(|| r.id.clone().into_owned());
        let staged = stage_report(&mut self.batch.borrow_mut(), r);
        staged.map(|_| ()).or_else(|(field, kind)| {
            self.refused(None, id);
            self.reject(&[Seg::Key("reports"), Seg::Index(i), Seg::Key(field)], kind)
        })
    }

    fn fact<E: de::Error>(&self, i: usize, f: RawFact<'_>) -> Result<(), E> {
        let staged = stage_fact(&mut self.batch.borrow_mut(), i, f);
        staged.or_else(|(path, kind)| {
            let mut full = vec![Seg::Key("facts"), Seg::Index(i)];
            full.extend(path.iter().map(PathSeg::seg));
            self.reject(&full, kind)
        })
    }
}

/// [`JsonErrorKind::TooDeep`] at the first bracket that opens a value more than `max` deep.
fn too_deep_error(text: &str, max: usize) -> Option<JsonError> {
    let at = super::locate::too_deep(text, max)?;
    let (line, column) = line_column(text, at);
    Some(JsonError {
        kind: JsonErrorKind::TooDeep { max },
        line,
        column,
    })
}

/// serde_json's error as ours, located once: serde_json's own "at line L column C" is cut
/// from the message, and its column (bytes, 0 at the very start of a line) becomes a
/// 1-based column in characters, as every other column of ours.
pub(crate) fn from_serde(e: &serde_json::Error, text: &str) -> JsonError {
    let message = serde_message(e);
    let kind = match e.classify() {
        serde_json::error::Category::Data => JsonErrorKind::Structure { message },
        _ => JsonErrorKind::Syntax { message },
    };
    let line = e.line().max(1);
    JsonError {
        kind,
        line,
        column: char_column(text, line, e.column()),
    }
}

/// serde_json's message without its own position, in the user's terms where serde_json's
/// are its parser's ("unexpected end of hex escape" for a lone `\ud800`).
pub(crate) fn serde_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = match message.rsplit_once(" at line ") {
        Some((m, _)) if e.line() > 0 => m.to_owned(),
        _ => message,
    };
    match message.as_str() {
        // serde_json's words for a `\uD800`–`\uDBFF` escape not followed by a `\u`
        // escape, and for one not followed by a `\uDC00`–`\uDFFF` escape (or a lone
        // `\uDC00`–`\uDFFF`).
        "unexpected end of hex escape" | "lone leading surrogate in hex escape" => {
            "a lone UTF-16 surrogate escape: \\uD800 to \\uDFFF escapes stand for half a \
             character and must come in pairs, \\uD800-\\uDBFF then \\uDC00-\\uDFFF"
                .to_owned()
        }
        _ => message,
    }
}

/// The 1-based column in characters of serde_json's `byte_column` (1-based bytes; 0 at the
/// start of a line) on 1-based `line` of `text`.
pub(crate) fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(l) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column.max(1);
    };
    let mut b = byte_column.saturating_sub(1).min(l.len());
    while b > 0 && !l.is_char_boundary(b) {
        b -= 1;
    }
    l.get(..b).map_or(1, |before| before.chars().count() + 1)
}

trait DeserializeMapWith<'de> {
    fn deserialize_map_with<V: Visitor<'de>>(
        &mut self,
        v: V,
    ) -> Result<V::Value, serde_json::Error>;
}

impl<'de> DeserializeMapWith<'de> for serde_json::Deserializer<serde_json::de::StrRead<'de>> {
    fn deserialize_map_with<V: Visitor<'de>>(
        &mut self,
        v: V,
    ) -> Result<V::Value, serde_json::Error> {
        de::Deserializer::deserialize_map(self, v)
    }
}

impl<'de> Visitor<'de> for &Stream<'_, '_, '_> {
    type Value = Loaded;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a factgraph document: {\"factgraph\": 2, \"reports\": [...], \"entities\": [...], \"facts\": [...]}",
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loaded, A::Error> {
        let mut version: Option<u32> = None;
        let mut title: Option<String> = None;
        let (mut entities, mut facts) = (None::<usize>, None::<usize>);
        let mut reports = None::<usize>;
        let mut candidates = CandidateCounts::default();
        let mut seen_candidates = false;
        // Facts that come before the entities or reports they name, and reports that come
        // before the entities they name, wait until the end. A version 1 document has no
        // reports, so its facts need not wait for them.
        let mut early: Vec<RawFact<'de>> = Vec::new();
        let mut early_reports: Vec<RawReport<'de>> = Vec::new();
        while let Some(key) = map.next_key::<Field>()? {
            match key {
                Field::Factgraph => {
                    if version.is_some() {
                        return Err(de::Error::duplicate_field("factgraph"));
                    }
                    let found: u32 = map.next_value()?;
                    if !READS_VERSIONS.contains(&found) {
                        return Err(
                            self.fail(&[Seg::Key("factgraph")], JsonErrorKind::Version { found })
                        );
                    }
                    version = Some(found);
                }
                Field::Title => {
                    if title.is_some() {
                        return Err(de::Error::duplicate_field("title"));
                    }
                    title = map.next_value::<Option<String>>()?;
                }
                Field::Reports => {
                    if reports.is_some() {
                        return Err(de::Error::duplicate_field("reports"));
                    }
                    reports = Some(if entities.is_some() {
                        map.next_value_seed(Reports(self))?
                    } else {
                        early_reports = map.next_value()?;
                        early_reports.len()
                    });
                }
                Field::Entities => {
                    if entities.is_some() {
                        return Err(de::Error::duplicate_field("entities"));
                    }
                    entities = Some(map.next_value_seed(Entities(self))?);
                }
                Field::Candidates => {
                    if seen_candidates {
                        return Err(de::Error::duplicate_field("candidates"));
                    }
                    seen_candidates = true;
                    // Read only to count the review marks; never staged.
                    let section: serde_json::Value = map.next_value()?;
                    candidates = candidates.plus(count_marks(&section));
                }
                Field::Facts => {
                    if facts.is_some() {
                        return Err(de::Error::duplicate_field("facts"));
                    }
                    // Facts stream once the entities are in, unless reports were read before
                    // the entities and wait with them. Reports after the facts are an error
                    // for the facts that name them (docs/FORMAT.md: reports come first).
                    let reports_settled = early_reports.is_empty();
                    facts = Some(if entities.is_some() && reports_settled {
                        map.next_value_seed(Facts(self))?
                    } else {
                        early = map.next_value()?;
                        early.len()
                    });
                }
            }
        }
        if version.is_none() {
            return Err(de::Error::missing_field("factgraph"));
        }
        for (i, r) in early_reports.into_iter().enumerate() {
            self.report(i, r)?;
        }
        for (i, f) in early.into_iter().enumerate() {
            self.fact(i, f)?;
        }
        Ok(Loaded {
            entities: entities.unwrap_or(0),
            reports: reports.unwrap_or(0),
            facts: facts.unwrap_or(0),
            title,
            candidates,
            free_form: seen_candidates,
        })
    }
}

/// The candidates of a `candidates` section by review mark: a candidate without a known
/// mark counts as pending (it is left out like the others). A section of another shape
/// counts none; `coding::check_candidates` is where its shape is checked.
fn count_marks(section: &serde_json::Value) -> CandidateCounts {
    let mut counts = CandidateCounts::default();
    let facts = section
        .get("facts")
        .and_then(serde_json::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for f in facts {
        match f.get("review").and_then(serde_json::Value::as_str) {
            Some("accepted") => counts.accepted += 1,
            Some("rejected") => counts.rejected += 1,
            _ => counts.pending += 1,
        }
    }
    counts
}

struct Entities<'s, 't, 'b, 'g>(&'s Stream<'t, 'b, 'g>);

impl<'de> DeserializeSeed<'de> for Entities<'_, '_, '_, '_> {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entities<'_, '_, '_, '_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of entities")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut i = 0;
        if self.0.collecting_records() {
            // Each record read as a JSON value first, so that one of the wrong shape is
            // an error of its own and the check goes on with the next.
            while let Some(value) = seq.next_element::<serde_json::Value>()? {
                match RawEntity::deserialize(&value) {
                    Ok(e) => self.0.entity(i, e)?,
                    Err(e) => self.0.malformed::<_, RawEntity<'_>>(
                        &[Seg::Key("entities"), Seg::Index(i)],
                        &e,
                    )?,
                }
                i += 1;
            }
            return Ok(i);
        }
        while let Some(e) = seq.next_element::<RawEntity<'de>>()? {
            self.0.entity(i, e)?;
            i += 1;
        }
        Ok(i)
    }
}

struct Reports<'s, 't, 'b, 'g>(&'s Stream<'t, 'b, 'g>);

impl<'de> DeserializeSeed<'de> for Reports<'_, '_, '_, '_> {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Reports<'_, '_, '_, '_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of reports")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut i = 0;
        if self.0.collecting_records() {
            // Each record read as a JSON value first, so that one of the wrong shape is
            // an error of its own and the check goes on with the next.
            while let Some(value) = seq.next_element::<serde_json::Value>()? {
                match RawReport::deserialize(&value) {
                    Ok(r) => self.0.report(i, r)?,
                    Err(e) => self
                        .0
                        .malformed::<_, RawReport<'_>>(&[Seg::Key("reports"), Seg::Index(i)], &e)?,
                }
                i += 1;
            }
            return Ok(i);
        }
        while let Some(r) = seq.next_element::<RawReport<'de>>()? {
            self.0.report(i, r)?;
            i += 1;
        }
        Ok(i)
    }
}

struct Facts<'s, 't, 'b, 'g>(&'s Stream<'t, 'b, 'g>);

impl<'de> DeserializeSeed<'de> for Facts<'_, '_, '_, '_> {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Facts<'_, '_, '_, '_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of facts")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut i = 0;
        if self.0.collecting_records() {
            // Each record read as a JSON value first, so that one of the wrong shape is
            // an error of its own and the check goes on with the next.
            while let Some(value) = seq.next_element::<serde_json::Value>()? {
                match RawFact::deserialize(&value) {
                    Ok(f) => self.0.fact(i, f)?,
                    Err(e) => self
                        .0
                        .malformed::<_, RawFact<'_>>(&[Seg::Key("facts"), Seg::Index(i)], &e)?,
                }
                i += 1;
            }
            return Ok(i);
        }
        while let Some(f) = seq.next_element::<RawFact<'de>>()? {
            self.0.fact(i, f)?;
            i += 1;
        }
        Ok(i)
    }
}

#[cfg(test)]
mod tests {
    use crate::{JsonErrorKind, KnowledgeGraph};

    // Made-up entities.
    const ENTITIES: &str = r#""entities": [{"id": "a", "kind": "person", "name": "Ann Example"},
        {"id": "b", "kind": "person", "name": "Bob Example"}]"#;
    const FACTS: &str = r#""facts": [{"relation": "met", "subject": "a", "object": "b"}]"#;

    #[test]
    fn facts_may_come_before_entities() {
        let doc = format!("{{{FACTS}, \"factgraph\": 1, {ENTITIES}}}");
        let g = KnowledgeGraph::from_json(&doc).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((g.entity_count(), g.fact_count()), (2, 1));
    }

    #[test]
    fn structural_errors() {
        let cases = [
            format!("{{{ENTITIES}, {FACTS}}}"),
            format!("{{\"factgraph\": 1, {ENTITIES}, {ENTITIES}}}"),
            format!("{{\"factgraph\": 1, \"extra\": 2, {ENTITIES}}}"),
            format!("{{\"factgraph\": 1, {ENTITIES}}} trailing"),
            "[]".to_owned(),
        ];
        for doc in &cases {
            match KnowledgeGraph::from_json(doc) {
                Err(e) => assert!(
                    matches!(
                        e.kind(),
                        JsonErrorKind::Structure { .. } | JsonErrorKind::Syntax { .. }
                    ),
                    "{doc}: {e}"
                ),
                Ok(_) => panic!("accepted: {doc}"),
            }
        }
    }

    #[test]
    fn a_bad_version_is_reported_wherever_it_stands() {
        let doc = format!("{{{ENTITIES}, \"factgraph\": 3}}");
        let err = KnowledgeGraph::from_json(&doc).err();
        assert!(matches!(
            err.map(|e| e.kind().clone()),
            Some(JsonErrorKind::Version { found: 3 })
        ));
    }
}
