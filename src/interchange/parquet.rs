//! Parquet export (feature `parquet`): six tables — entities, reports, facts,
//! attributions, quantities and PLOVER event rows — for columnar engines such as DuckDB, Apache Spark, Polars or pandas.
//!
//! The tables follow the corpus model of the JSON format (`docs/FORMAT.md`): one row per
//! entity, per report, per fact and per attribution, entities and reports named by their
//! stable keys, facts by their fact number (`fact`, their position) and their content key
//! (`fact_key`, 16 hexadecimal digits, see [`FactKey`](crate::FactKey)). Joins go from
//! `facts.subject`/`object`/`place`/`recipient` and `attributions.source`/`speaker` to
//! `entities.key`, from `attributions.report` to `reports.key` and from
//! `attributions.fact` to `facts.fact`.
//!
//! Every date is given three times: as EDTF text (`date`, exactly as in the JSON format:
//! `2004-11-19`, `2004-11`, `2003/2008`, `2005-03?`), and as the first and last day it may
//! stand for (`date_first`, `date_last`, Parquet `DATE`), so that an engine compares
//! dates without parsing EDTF. A missing first or last day means an unknown date or an
//! open or unknown end (`2003/..`); `year_inferred` columns say that the year came from
//! the publication's context.
//!
//! | file | one row per | columns |
//! |---|---|---|
//! | `entities.parquet` | entity | `key`, `kind`, `name`, `aliases` (list of strings), `attributes` (map string → string), `note` |
//! | `reports.parquet` | report | `key`, `outlet` (entity key), `headline`, `url`, `language`, `author`, `published` (EDTF), `published_first`, `published_last`, `published_year_inferred` |
//! | `facts.parquet` | fact | `fact`, `fact_key`, `relation`, `modality`, `subject`, `object` (entity keys), `date`, `date_first`, `date_last`, `year_inferred`, `valid`, `valid_first`, `valid_last`, `valid_year_inferred`, `place`, `recipient`, `role_title`, `role_rank`, `inferred`, `source_count`, `note`, `recurrence` (`yearly`, `every 2 years`), `recurrence_every` (INT32), `recurrence_unit` (`year`, `month`), `edition` (INT64, the ordinal as stated) |
//! | `attributions.parquet` | attribution | `fact`, `fact_key`, `index` (position in the fact's sources, from 0), `source`, `report`, `speaker`, `reported` (EDTF), `reported_first`, `reported_last`, `reported_year_inferred`, `claimed_date` (EDTF), `quote`, `inferred`, `inferred_reason`, `note` |
//! | `quantities.parquet` | quantity an attribution gives | `fact`, `fact_key`, `attribution` (the attribution's `index`), `report`, `source`, `kind` (`personnel`, `money`, `killed`, `wounded`, `count`, `duration`), `qualifier` (`exact`, `about`, `up_to`, `less_than`, `at_least`, `more_than`, `range`), `value` (what a chart plots), `low`, `high` (the ends the report gives, [`Amount::ends`](crate::Amount::ends): null for an open side), `unit` (ISO 4217 code or `day`/`week`/`month`/`year`), `currency` (the ISO 4217 code, money only), `of` |
//! | `events.parquet` | event-like fact | the columns of the CSV event table, [`plover::EVENT_COLUMNS`](super::plover::EVENT_COLUMNS), typed: `year`, `quad_code`, `reports`, `outlets` INT32, `personnel` … `duration` INT64, `inferred` BOOLEAN, the rest strings; an empty CSV cell is null |
//!
//! Names are the snake_case names of the JSON format (`kind` `state_body`, `relation`
//! `participated_in`, `modality` `reported`). `facts.inferred` is
//! [`Fact::is_inferred`](crate::Fact::is_inferred): the coder inferred the fact from every
//! report it has; `attributions.inferred` says that this report does not state it, and
//! `inferred_reason` gives the coder's reason.
//!
//! The files are written with the arrow and parquet crates, uncompressed (no codec is
//! compiled in), in row groups of up to [`BATCH_ROWS`] rows: memory stays bounded by one
//! batch per table, whatever the size of the graph. Integers are signed (`fact` INT64,
//! `index` and `source_count` INT32), because Spark reads no unsigned Parquet types.
//!
//! ```
//! let g = factgraph::datasets::edm_2004_v1_i133();
//! let dir = std::env::temp_dir().join(format!("factgraph-parquet-doc-{}", std::process::id()));
//! let written = factgraph::interchange::parquet::write_dir(g, &dir)?;
//! assert_eq!(written.facts, g.fact_count());
//! assert!(dir.join("facts.parquet").is_file());
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Int32Builder, Int64Builder, ListBuilder, MapBuilder,
    StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

use crate::model::date::FactDate;
use crate::store::graph::KnowledgeGraph;

/// The most rows a table buffers before writing them as one row group.
pub const BATCH_ROWS: usize = 65_536;

/// The four tables, one file each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Table {
    /// `entities.parquet`.
    Entities,
    /// `reports.parquet`.
    Reports,
    /// `facts.parquet`.
    Facts,
    /// `attributions.parquet`.
    Attributions,
    /// `quantities.parquet`: one row per quantity an attribution gives.
    Quantities,
    /// `events.parquet`: the event table of [`plover`](super::plover), typed.
    Events,
}

impl Table {
    /// Every table, in the order [`write_dir`] writes them.
    pub const ALL: [Table; 6] = [
        Table::Entities,
        Table::Reports,
        Table::Facts,
        Table::Attributions,
        Table::Quantities,
        Table::Events,
    ];
}

impl Table {
    /// The file name of the table: `entities.parquet`, …
    pub const fn file_name(self) -> &'static str {
        match self {
            Table::Entities => "entities.parquet",
            Table::Reports => "reports.parquet",
            Table::Facts => "facts.parquet",
            Table::Attributions => "attributions.parquet",
            Table::Quantities => "quantities.parquet",
            Table::Events => "events.parquet",
        }
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.file_name())
    }
}

/// Why a Parquet export failed. A failed [`write_dir`] leaves the directory as it was.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParquetError {
    /// Reading, writing or renaming a file or directory failed.
    #[error("cannot write the Parquet export to {}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The writer given to [`write_table`] failed when flushed.
    #[error("cannot write {table}: {source}")]
    Write {
        /// The table being written.
        table: Table,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// Arrow or the Parquet writer refused a table (a failing writer included, which
    /// the parquet crate reports as its own error) (an error of those crates; kept opaque
    /// so that their versions are not part of this crate's API).
    #[error("cannot encode {table}: {source}")]
    Encode {
        /// The table being written.
        table: Table,
        /// The error of the arrow or parquet crate.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// What [`write_dir`] wrote: the directory and the number of rows of each table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParquetExport {
    /// The directory holding the four files.
    pub dir: PathBuf,
    /// Rows of `entities.parquet`.
    pub entities: usize,
    /// Rows of `reports.parquet`.
    pub reports: usize,
    /// Rows of `facts.parquet`.
    pub facts: usize,
    /// Rows of `attributions.parquet`.
    pub attributions: usize,
    /// Rows of `quantities.parquet`.
    pub quantities: usize,
    /// Rows of `events.parquet`.
    pub events: usize,
}

/// Writes `entities.parquet`, `reports.parquet`, `facts.parquet`,
/// `attributions.parquet`, `quantities.parquet` and `events.parquet` into `dir`, atomically as a set (see
/// [`file`](super::file)): the files are written into a temporary directory beside `dir`,
/// which then replaces `dir`. A directory that holds anything other than `.parquet` files
/// is not replaced.
///
/// Cost: one pass over the entities, reports and facts; memory of one batch of
/// [`BATCH_ROWS`] rows per table.
///
/// # Errors
///
/// [`ParquetError::Io`] when `dir` cannot be written, or holds files this export did not
/// write ([`io::ErrorKind::AlreadyExists`]); [`ParquetError::Encode`] when the arrow or
/// parquet crate refuses a table. Either way `dir` is left as it was.
pub fn write_dir(graph: &KnowledgeGraph, dir: &Path) -> Result<ParquetExport, ParquetError> {
    // `replace_dir` speaks io::Error; a typed encoding error is kept aside and returned
    // in its place.
    let mut encode_error: Option<ParquetError> = None;
    let result = super::file::replace_dir(
        dir,
        |name| name.ends_with(".parquet"),
        |temp| {
            let mut counts = [0usize; Table::ALL.len()];
            for (table, count) in Table::ALL.into_iter().zip(counts.iter_mut()) {
                let path = temp.join(table.file_name());
                let file = File::create(&path)?;
                match write_table(graph, table, io::BufWriter::new(file)) {
                    Ok(n) => *count = n,
                    Err(ParquetError::Io { source, .. } | ParquetError::Write { source, .. }) => {
                        return Err(source);
                    }
                    Err(e) => {
                        encode_error = Some(e);
                        return Err(io::Error::other("encoding failed"));
                    }
                }
            }
            Ok(counts)
        },
    );
    match (result, encode_error) {
        (_, Some(e)) => Err(e),
        (Err(source), None) => Err(ParquetError::Io {
            path: dir.to_owned(),
            source,
        }),
        (Ok([entities, reports, facts, attributions, quantities, events]), None) => {
            Ok(ParquetExport {
                dir: dir.to_owned(),
                entities,
                reports,
                facts,
                attributions,
                quantities,
                events,
            })
        }
    }
}

/// Writes one table of `graph` as a Parquet file to `writer` and returns its number of
/// rows. Wrap a file in a [`std::io::BufWriter`]; for a whole export use [`write_dir`],
/// which is atomic.
///
/// ```
/// use factgraph::interchange::parquet::{Table, write_table};
/// let g = factgraph::datasets::edm_2004_v1_i133();
/// let mut bytes = Vec::new();
/// let rows = write_table(g, Table::Entities, &mut bytes)?;
/// assert_eq!(rows, g.entity_count());
/// assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
/// # Ok::<(), factgraph::interchange::parquet::ParquetError>(())
/// ```
///
/// # Errors
///
/// [`ParquetError::Encode`] when the arrow or parquet crate refuses the table or
/// `writer` fails while it writes; [`ParquetError::Write`] when `writer` fails to flush.
pub fn write_table<W: Write + Send>(
    graph: &KnowledgeGraph,
    table: Table,
    writer: W,
) -> Result<usize, ParquetError> {
    let mut sink = Sink::new(table, writer);
    match table {
        Table::Entities => {
            let mut b = EntityColumns::default();
            for e in graph.entities() {
                b.append(e);
                sink.maybe_flush(&mut b)?;
            }
            sink.finish(&mut b)
        }
        Table::Reports => {
            let mut b = ReportColumns::default();
            for (_, r) in graph.reports() {
                b.append(graph, r);
                sink.maybe_flush(&mut b)?;
            }
            sink.finish(&mut b)
        }
        Table::Facts => {
            let mut b = FactColumns::default();
            for f in graph.facts() {
                b.append(graph, f);
                sink.maybe_flush(&mut b)?;
            }
            sink.finish(&mut b)
        }
        Table::Attributions => {
            let mut b = AttributionColumns::default();
            for f in graph.facts() {
                let key = fact_key_text(graph, f);
                for (i, s) in f.sources().enumerate() {
                    b.append(f, &key, i, s);
                    sink.maybe_flush(&mut b)?;
                }
            }
            sink.finish(&mut b)
        }
        Table::Quantities => {
            let mut b = QuantityColumns::default();
            for f in graph.facts() {
                let key = fact_key_text(graph, f);
                for (i, s) in f.sources().enumerate() {
                    for q in s.attribution().quantities() {
                        b.append(f, &key, i, s, q);
                        sink.maybe_flush(&mut b)?;
                    }
                }
            }
            sink.finish(&mut b)
        }
        Table::Events => {
            let mut b = EventColumns::default();
            for r in super::plover::records(graph) {
                b.append(&super::plover::event_cells(&r));
                sink.maybe_flush(&mut b)?;
            }
            sink.finish(&mut b)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Writing batches

/// The columns of one table under construction.
trait Columns {
    /// Rows appended since the last [`finish`](Self::finish).
    fn len(&self) -> usize;
    /// The named columns and whether each may hold nulls; resets the builders.
    fn finish(&mut self) -> Vec<(&'static str, ArrayRef, bool)>;
}

/// The Parquet writer of one table, created with the schema of the first batch.
struct Sink<W: Write + Send> {
    table: Table,
    writer: Option<W>,
    arrow: Option<ArrowWriter<W>>,
    rows: usize,
}

impl<W: Write + Send> Sink<W> {
    fn new(table: Table, writer: W) -> Self {
        Sink {
            table,
            writer: Some(writer),
            arrow: None,
            rows: 0,
        }
    }

    fn encode(&self, e: impl std::error::Error + Send + Sync + 'static) -> ParquetError {
        ParquetError::Encode {
            table: self.table,
            source: Box::new(e),
        }
    }

    /// Writes the rows of `columns` as a batch (an empty one too: the first batch gives
    /// the file its schema).
    fn flush(&mut self, columns: &mut impl Columns) -> Result<(), ParquetError> {
        let n = columns.len();
        let batch = RecordBatch::try_from_iter_with_nullable(columns.finish())
            .map_err(|e| self.encode(e))?;
        if self.arrow.is_none() {
            if let Some(w) = self.writer.take() {
                let props = WriterProperties::builder()
                    .set_max_row_group_row_count(Some(BATCH_ROWS))
                    .build();
                let arrow = ArrowWriter::try_new(w, batch.schema(), Some(props))
                    .map_err(|e| self.encode(e))?;
                self.arrow = Some(arrow);
            }
        }
        if let Some(arrow) = self.arrow.as_mut() {
            arrow.write(&batch).map_err(|e| ParquetError::Encode {
                table: self.table,
                source: Box::new(e),
            })?;
        }
        self.rows += n;
        Ok(())
    }

    fn maybe_flush(&mut self, columns: &mut impl Columns) -> Result<(), ParquetError> {
        if columns.len() >= BATCH_ROWS {
            self.flush(columns)?;
        }
        Ok(())
    }

    fn finish(mut self, columns: &mut impl Columns) -> Result<usize, ParquetError> {
        if columns.len() > 0 || self.arrow.is_none() {
            self.flush(columns)?;
        }
        if let Some(arrow) = self.arrow.take() {
            let mut w = arrow.into_inner().map_err(|e| self.encode(e))?;
            w.flush().map_err(|source| ParquetError::Write {
                table: self.table,
                source,
            })?;
        }
        Ok(self.rows)
    }
}

fn array(b: &mut impl arrow_array::builder::ArrayBuilder) -> ArrayRef {
    b.finish()
}

/// A date as EDTF text and its first and last day (days since 1970-01-01); all null for
/// an unknown date.
#[derive(Default)]
struct DateColumns {
    text: StringBuilder,
    first: Date32Builder,
    last: Date32Builder,
    year_inferred: BooleanBuilder,
}

impl DateColumns {
    fn append(&mut self, date: Option<FactDate>) {
        match date.filter(|d| !d.is_unknown()) {
            Some(d) => {
                self.text.append_value(d.to_string());
                self.first
                    .append_option(d.earliest().map(|p| p.first_day_number()));
                self.last
                    .append_option(d.latest().map(|p| p.last_day_number()));
                self.year_inferred.append_value(d.year_inferred());
            }
            None => {
                self.text.append_null();
                self.first.append_null();
                self.last.append_null();
                self.year_inferred.append_null();
            }
        }
    }

    /// The four columns named `name`, `name_first`, `name_last` and `inferred`.
    fn finish(&mut self, names: [&'static str; 4], out: &mut Vec<(&'static str, ArrayRef, bool)>) {
        let [text, first, last, inferred] = names;
        out.push((text, array(&mut self.text), true));
        out.push((first, array(&mut self.first), true));
        out.push((last, array(&mut self.last), true));
        out.push((inferred, array(&mut self.year_inferred), true));
    }
}

fn fact_key_text(graph: &KnowledgeGraph, f: crate::FactRef<'_>) -> String {
    graph
        .fact_key(f.id())
        .map(|k| k.to_string())
        .unwrap_or_default()
}

/// The fact number as a signed 64-bit integer (Spark reads no unsigned types).
fn fact_number(f: crate::FactRef<'_>) -> i64 {
    i64::try_from(f.id().index()).unwrap_or(i64::MAX)
}

fn int32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

// ---------------------------------------------------------------------------------------
// The tables

struct EntityColumns {
    rows: usize,
    key: StringBuilder,
    kind: StringBuilder,
    name: StringBuilder,
    aliases: ListBuilder<StringBuilder>,
    attributes: MapBuilder<StringBuilder, StringBuilder>,
    note: StringBuilder,
}

impl Default for EntityColumns {
    fn default() -> Self {
        EntityColumns {
            rows: 0,
            key: StringBuilder::new(),
            kind: StringBuilder::new(),
            name: StringBuilder::new(),
            aliases: ListBuilder::new(StringBuilder::new()),
            attributes: MapBuilder::new(None, StringBuilder::new(), StringBuilder::new()),
            note: StringBuilder::new(),
        }
    }
}

impl EntityColumns {
    fn append(&mut self, e: crate::EntityRef<'_>) {
        let entity = e.entity();
        self.rows += 1;
        self.key.append_value(e.key());
        self.kind.append_value(e.kind().as_str());
        self.name.append_value(e.name());
        for alias in entity.aliases() {
            self.aliases.values().append_value(alias);
        }
        self.aliases.append(true);
        for (name, value) in entity.attributes() {
            self.attributes.keys().append_value(name);
            self.attributes.values().append_value(value);
        }
        // Only fails when keys and values differ in length, which the loop rules out.
        let _ = self.attributes.append(true);
        self.note.append_option(entity.note());
    }
}

impl Columns for EntityColumns {
    fn len(&self) -> usize {
        self.rows
    }

    fn finish(&mut self) -> Vec<(&'static str, ArrayRef, bool)> {
        self.rows = 0;
        vec![
            ("key", array(&mut self.key), false),
            ("kind", array(&mut self.kind), false),
            ("name", array(&mut self.name), false),
            ("aliases", array(&mut self.aliases), false),
            ("attributes", array(&mut self.attributes), false),
            ("note", array(&mut self.note), true),
        ]
    }
}

#[derive(Default)]
struct ReportColumns {
    rows: usize,
    key: StringBuilder,
    outlet: StringBuilder,
    headline: StringBuilder,
    url: StringBuilder,
    language: StringBuilder,
    author: StringBuilder,
    published: DateColumns,
}

impl ReportColumns {
    fn append(&mut self, graph: &KnowledgeGraph, r: &crate::Report) {
        self.rows += 1;
        self.key.append_value(r.key());
        self.outlet.append_value(graph.entity_ref(r.outlet()).key());
        self.headline.append_option(r.headline());
        self.url.append_option(r.url());
        self.language.append_option(r.language());
        self.author.append_option(r.author());
        self.published.append(Some(r.published()));
    }
}

impl Columns for ReportColumns {
    fn len(&self) -> usize {
        self.rows
    }

    fn finish(&mut self) -> Vec<(&'static str, ArrayRef, bool)> {
        self.rows = 0;
        let mut out = vec![
            ("key", array(&mut self.key), false),
            ("outlet", array(&mut self.outlet), false),
            ("headline", array(&mut self.headline), true),
            ("url", array(&mut self.url), true),
            ("language", array(&mut self.language), true),
            ("author", array(&mut self.author), true),
        ];
        self.published.finish(
            [
                "published",
                "published_first",
                "published_last",
                "published_year_inferred",
            ],
            &mut out,
        );
        out
    }
}

#[derive(Default)]
struct FactColumns {
    rows: usize,
    fact: Int64Builder,
    fact_key: StringBuilder,
    relation: StringBuilder,
    modality: StringBuilder,
    subject: StringBuilder,
    object: StringBuilder,
    date: DateColumns,
    valid: DateColumns,
    place: StringBuilder,
    recipient: StringBuilder,
    role_title: StringBuilder,
    role_rank: StringBuilder,
    inferred: BooleanBuilder,
    source_count: Int32Builder,
    note: StringBuilder,
    recurrence: StringBuilder,
    recurrence_every: Int32Builder,
    recurrence_unit: StringBuilder,
    edition: Int64Builder,
}

impl FactColumns {
    fn append(&mut self, graph: &KnowledgeGraph, f: crate::FactRef<'_>) {
        self.rows += 1;
        self.fact.append_value(fact_number(f));
        self.fact_key.append_value(fact_key_text(graph, f));
        self.relation.append_value(f.relation().as_str());
        self.modality.append_value(f.modality().as_str());
        self.subject.append_value(f.subject().key());
        self.object.append_value(f.object().key());
        self.date.append(Some(f.date()));
        self.valid.append(f.valid());
        self.place.append_option(f.place().map(|e| e.key()));
        self.recipient.append_option(f.recipient().map(|e| e.key()));
        self.role_title
            .append_option(f.role().map(|r| r.title.as_str()));
        self.role_rank
            .append_option(f.role().and_then(|r| r.rank.as_deref()));
        self.inferred.append_value(f.fact().is_inferred());
        self.source_count.append_value(int32(f.sources().len()));
        self.note.append_option(f.note());
        let recurrence = f.fact().recurrence();
        self.recurrence
            .append_option(recurrence.map(|r| r.to_string()));
        self.recurrence_every
            .append_option(recurrence.map(|r| i32::from(r.step())));
        self.recurrence_unit
            .append_option(recurrence.map(|r| r.unit().as_str()));
        self.edition
            .append_option(f.fact().edition_number().map(|n| i64::from(n.get())));
    }
}

impl Columns for FactColumns {
    fn len(&self) -> usize {
        self.rows
    }

    fn finish(&mut self) -> Vec<(&'static str, ArrayRef, bool)> {
        self.rows = 0;
        let mut out = vec![
            ("fact", array(&mut self.fact), false),
            ("fact_key", array(&mut self.fact_key), false),
            ("relation", array(&mut self.relation), false),
            ("modality", array(&mut self.modality), false),
            ("subject", array(&mut self.subject), false),
            ("object", array(&mut self.object), false),
        ];
        self.date.finish(
            ["date", "date_first", "date_last", "year_inferred"],
            &mut out,
        );
        self.valid.finish(
            ["valid", "valid_first", "valid_last", "valid_year_inferred"],
            &mut out,
        );
        out.extend([
            ("place", array(&mut self.place), true),
            ("recipient", array(&mut self.recipient), true),
            ("role_title", array(&mut self.role_title), true),
            ("role_rank", array(&mut self.role_rank), true),
            ("inferred", array(&mut self.inferred), false),
            ("source_count", array(&mut self.source_count), false),
            ("note", array(&mut self.note), true),
            ("recurrence", array(&mut self.recurrence), true),
            ("recurrence_every", array(&mut self.recurrence_every), true),
            ("recurrence_unit", array(&mut self.recurrence_unit), true),
            ("edition", array(&mut self.edition), true),
        ]);
        out
    }
}

#[derive(Default)]
struct AttributionColumns {
    rows: usize,
    fact: Int64Builder,
    fact_key: StringBuilder,
    index: Int32Builder,
    source: StringBuilder,
    report: StringBuilder,
    speaker: StringBuilder,
    reported: DateColumns,
    claimed_date: StringBuilder,
    quote: StringBuilder,
    inferred: BooleanBuilder,
    inferred_reason: StringBuilder,
    note: StringBuilder,
}

impl AttributionColumns {
    fn append(
        &mut self,
        f: crate::FactRef<'_>,
        fact_key: &str,
        index: usize,
        s: crate::SourceRef<'_>,
    ) {
        self.rows += 1;
        self.fact.append_value(fact_number(f));
        self.fact_key.append_value(fact_key);
        self.index.append_value(int32(index));
        self.source.append_value(s.source().key());
        self.report.append_option(s.report().map(|r| r.key()));
        self.speaker.append_option(s.speaker().map(|e| e.key()));
        self.reported.append(Some(s.reported()));
        self.claimed_date.append_option(
            s.attribution()
                .claimed_date()
                .filter(|d| !d.is_unknown())
                .map(|d| d.to_string()),
        );
        self.quote.append_option(s.quote());
        self.inferred.append_value(s.inferred().is_some());
        self.inferred_reason.append_option(s.inferred());
        self.note.append_option(s.attribution().note());
    }
}

impl Columns for AttributionColumns {
    fn len(&self) -> usize {
        self.rows
    }

    fn finish(&mut self) -> Vec<(&'static str, ArrayRef, bool)> {
        self.rows = 0;
        let mut out = vec![
            ("fact", array(&mut self.fact), false),
            ("fact_key", array(&mut self.fact_key), false),
            ("index", array(&mut self.index), false),
            ("source", array(&mut self.source), false),
            ("report", array(&mut self.report), true),
            ("speaker", array(&mut self.speaker), true),
        ];
        self.reported.finish(
            [
                "reported",
                "reported_first",
                "reported_last",
                "reported_year_inferred",
            ],
            &mut out,
        );
        out.extend([
            ("claimed_date", array(&mut self.claimed_date), true),
            ("quote", array(&mut self.quote), true),
            ("inferred", array(&mut self.inferred), false),
            ("inferred_reason", array(&mut self.inferred_reason), true),
            ("note", array(&mut self.note), true),
        ]);
        out
    }
}

/// A quantity's value as a signed 64-bit integer (values are at most 10^15).
fn value64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

#[derive(Default)]
struct QuantityColumns {
    rows: usize,
    fact: Int64Builder,
    fact_key: StringBuilder,
    attribution: Int32Builder,
    report: StringBuilder,
    source: StringBuilder,
    kind: StringBuilder,
    qualifier: StringBuilder,
    value: Int64Builder,
    low: Int64Builder,
    high: Int64Builder,
    unit: StringBuilder,
    currency: StringBuilder,
    of: StringBuilder,
}

impl QuantityColumns {
    fn append(
        &mut self,
        f: crate::FactRef<'_>,
        fact_key: &str,
        index: usize,
        s: crate::SourceRef<'_>,
        q: &crate::Quantity,
    ) {
        self.rows += 1;
        self.fact.append_value(fact_number(f));
        self.fact_key.append_value(fact_key);
        self.attribution.append_value(int32(index));
        self.report.append_option(s.report().map(|r| r.key()));
        self.source.append_value(s.source().key());
        self.kind.append_value(q.kind().as_str());
        let amount = q.amount();
        self.qualifier.append_value(amount.qualifier());
        self.value.append_value(value64(amount.value()));
        let (low, high) = amount.ends();
        self.low.append_option(low.map(value64));
        self.high.append_option(high.map(value64));
        self.unit.append_option(q.unit().map(|u| u.to_string()));
        self.currency.append_option(q.unit().and_then(|u| match u {
            crate::Unit::Currency(c) => Some(c.to_string()),
            _ => None,
        }));
        self.of.append_option(q.what());
    }
}

impl Columns for QuantityColumns {
    fn len(&self) -> usize {
        self.rows
    }

    fn finish(&mut self) -> Vec<(&'static str, ArrayRef, bool)> {
        self.rows = 0;
        vec![
            ("fact", array(&mut self.fact), false),
            ("fact_key", array(&mut self.fact_key), false),
            ("attribution", array(&mut self.attribution), false),
            ("report", array(&mut self.report), true),
            ("source", array(&mut self.source), false),
            ("kind", array(&mut self.kind), false),
            ("qualifier", array(&mut self.qualifier), false),
            ("value", array(&mut self.value), false),
            ("low", array(&mut self.low), true),
            ("high", array(&mut self.high), true),
            ("unit", array(&mut self.unit), true),
            ("currency", array(&mut self.currency), true),
            ("of", array(&mut self.of), true),
        ]
    }
}

/// One typed column of the event table.
enum EventColumn {
    Text(StringBuilder),
    Int32(Int32Builder),
    Int64(Int64Builder),
    Bool(BooleanBuilder),
}

impl EventColumn {
    /// The type of the event table's column `name`: counts and codes are integers,
    /// quantities 64-bit integers, `inferred` a boolean, the rest text.
    fn for_name(name: &str) -> Self {
        match name {
            "year" | "quad_code" | "reports" | "outlets" => EventColumn::Int32(Int32Builder::new()),
            "personnel" | "money" | "killed" | "wounded" | "count" | "duration" => {
                EventColumn::Int64(Int64Builder::new())
            }
            "inferred" => EventColumn::Bool(BooleanBuilder::new()),
            _ => EventColumn::Text(StringBuilder::new()),
        }
    }

    /// Appends a CSV cell: an empty cell is null, a number or boolean is parsed (the
    /// cells are the event table's own, so they always parse; one that did not would be
    /// null rather than a wrong value).
    fn append(&mut self, cell: &str) {
        let cell = Some(cell).filter(|c| !c.is_empty());
        match self {
            EventColumn::Text(b) => b.append_option(cell),
            EventColumn::Int32(b) => b.append_option(cell.and_then(|c| c.parse().ok())),
            EventColumn::Int64(b) => b.append_option(cell.and_then(|c| c.parse().ok())),
            EventColumn::Bool(b) => b.append_option(cell.and_then(|c| c.parse().ok())),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            EventColumn::Text(b) => array(b),
            EventColumn::Int32(b) => array(b),
            EventColumn::Int64(b) => array(b),
            EventColumn::Bool(b) => array(b),
        }
    }
}

/// The event table's columns, named and ordered as [`EVENT_COLUMNS`](super::plover::EVENT_COLUMNS).
struct EventColumns {
    rows: usize,
    columns: Vec<(&'static str, EventColumn)>,
}

impl Default for EventColumns {
    fn default() -> Self {
        EventColumns {
            rows: 0,
            columns: super::plover::EVENT_COLUMNS
                .iter()
                .map(|&name| (name, EventColumn::for_name(name)))
                .collect(),
        }
    }
}

impl EventColumns {
    fn append(&mut self, cells: &[String]) {
        self.rows += 1;
        for (i, (_, column)) in self.columns.iter_mut().enumerate() {
            column.append(cells.get(i).map_or("", String::as_str));
        }
    }
}

impl Columns for EventColumns {
    fn len(&self) -> usize {
        self.rows
    }

    fn finish(&mut self) -> Vec<(&'static str, ArrayRef, bool)> {
        self.rows = 0;
        self.columns
            .iter_mut()
            .map(|(name, column)| (*name, column.finish(), true))
            .collect()
    }
}
