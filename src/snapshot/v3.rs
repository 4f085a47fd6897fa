//! Version 3: the graph's columns and indexes as they live in memory, read back without
//! rebuilding them.
//!
//! The entities, reports and merged keys (one section, in the version-1 encoding) go
//! through the validated batch, as every load does: keys unique, kinds, names, the key and
//! name indexes. Everything that grows with the facts (the fact columns, the attribution
//! pool, the sparse qualifiers, the adjacency index, the date index and the fact lists)
//! is a section of fixed-size values, read straight into the vector it becomes and then
//! checked in one linear pass: every id and offset in bounds, every list sorted where a
//! search relies on it, every date a date, every length consistent. A file that passes is
//! safe to query: no value it holds can make a lookup read out of bounds, panic or loop.
//! What the pass does not prove is that the indexes agree with the columns (that would
//! be the rebuild this format avoids); the checksums guard that against damage, and the
//! fact lists by relation are checked against the relation column, as they are cheap to.

use std::collections::HashMap;
use std::io::{self, Write};

use super::codec::{Reader, Writer};
use super::sections::{SectionReader, SectionWriter, Source, Stored};
use super::{
    HEADER_LEN, SnapshotError, decode_entities, decode_extra, decode_merged, encode_extra,
};
use crate::model::date::FactDate;
use crate::model::fact::Role;
use crate::model::ids::{EntityId, FactId, ReportId};
use crate::model::modality::Modality;
use crate::model::recurrence::Recurrence;
use crate::model::relation::Relation;
use crate::store::adjacency::{AdjEntry, Adjacency, DIRECTORY_FROM, Directory, KEYS};
use crate::store::attributions::{AttributionPool, Record};
use crate::store::column::{Column, Mapping};
use crate::store::date_pool::DatePool;
use crate::store::dates::{CLASSES, Class, DateEntry, DateIndex, Dates, Days};
use crate::store::facts::FactColumns;
use crate::store::graph::KnowledgeGraph;
use crate::store::hash::IdMap;
use crate::store::sparse::Sparse;

/// The speaker column's value for "no speaker".
const NO_SPEAKER: u32 = u32::MAX;

// ---------------------------------------------------------------------------------------
// Writing

/// Writes `g` after `header` (the caller's 32 bytes).
pub(crate) fn write(
    g: &KnowledgeGraph,
    header: &[u8; HEADER_LEN],
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(header)?;
    let mut w = SectionWriter::new(out, HEADER_LEN as u64);
    w.column(&[
        g.entities.len() as u64,
        g.reports.len() as u64,
        g.facts.len() as u64,
    ]);
    let mut model = Writer::default();
    model.opt_str(g.title());
    g.encode_entities(&mut model);
    g.encode_merged(&mut model);
    w.bytes(&model.bytes);
    drop(model);
    write_facts(&g.facts, &mut w);
    write_pool(g.facts.pool(), &mut w);
    write_adjacency(&g.adjacency, &mut w);
    write_dates(&g.dates, &mut w);
    fact_column(&mut w, &g.undated);
    for list in &g.by_relation {
        fact_column(&mut w, list);
    }
    fact_column(&mut w, &g.not_reported);
    let mut sources: Vec<(&EntityId, &Vec<FactId>)> = g.by_source.iter().collect();
    sources.sort_unstable_by_key(|(id, _)| **id);
    w.values(
        sources.len(),
        sources.iter().map(|(id, _)| id.index() as u32),
    );
    lists(&mut w, sources.iter().map(|(_, l)| l.as_slice()));
    lists(&mut w, g.by_report.iter().map(Vec::as_slice));
    w.finish()
}

fn fact_column(w: &mut SectionWriter<'_>, facts: &[FactId]) {
    w.values(facts.len(), facts.iter().map(|f| f.0));
}

fn entity_column(w: &mut SectionWriter<'_>, ids: &[EntityId]) {
    w.values(ids.len(), ids.iter().map(|e| e.index() as u32));
}

/// Lists of facts as starts (one more than the lists) and one flat column.
fn lists<'a>(w: &mut SectionWriter<'_>, lists: impl Iterator<Item = &'a [FactId]> + Clone) {
    let n = lists.clone().count();
    let mut sum = 0u64;
    let starts = std::iter::once(0).chain(lists.clone().map(move |l| {
        sum += l.len() as u64;
        sum
    }));
    w.values(n + 1, starts);
    let total: usize = lists.clone().map(<[FactId]>::len).sum();
    w.values(total, lists.flat_map(|l| l.iter().map(|f| f.0)));
}

fn sparse_rows<T>(w: &mut SectionWriter<'_>, s: &Sparse<T>) {
    w.column(&s.rows);
}

fn write_facts(f: &FactColumns, w: &mut SectionWriter<'_>) {
    w.values(f.relation.len(), f.relation.iter().map(|r| r.slot() as u8));
    w.values(
        f.modality.len(),
        f.modality
            .iter()
            .map(|m| Modality::ALL.iter().position(|x| x == m).unwrap_or(0) as u8),
    );
    w.values(f.dates.len(), f.dates.dates().iter().map(|d| d.to_bits()));
    w.column(&f.date);
    entity_column(w, &f.subject);
    entity_column(w, &f.object);
    w.column(&f.set);
    sparse_rows(w, &f.place);
    entity_column(w, &f.place.values);
    sparse_rows(w, &f.recipient);
    entity_column(w, &f.recipient.values);
    sparse_rows(w, &f.role);
    w.column(&f.role.values);
    let mut roles = Writer::default();
    roles.len(f.roles.len());
    for role in &f.roles {
        roles.str(&role.title);
        roles.opt_str(role.rank.as_deref());
    }
    w.bytes(&roles.bytes);
    sparse_rows(w, &f.note);
    let mut notes = Writer::default();
    for note in &f.note.values {
        notes.str(note);
    }
    w.bytes(&notes.bytes);
    sparse_rows(w, &f.valid);
    w.values(
        f.valid.values.len(),
        f.valid.values.iter().map(|d| d.to_bits()),
    );
    sparse_rows(w, &f.recurrence);
    w.values(
        f.recurrence.values.len(),
        f.recurrence.values.iter().map(|r| {
            let (every, unit) = r.code();
            (u32::from(every) << 8) | u32::from(unit)
        }),
    );
    sparse_rows(w, &f.edition);
    w.values(
        f.edition.values.len(),
        f.edition.values.iter().map(|e| e.get()),
    );
}

fn write_pool(p: &AttributionPool, w: &mut SectionWriter<'_>) {
    w.column(&p.starts);
    w.values(p.dates.len(), p.dates.dates().iter().map(|d| d.to_bits()));
    w.values(
        p.records.len(),
        p.records.iter().map(|r| {
            (
                r.source.index() as u32,
                r.speaker.map_or(NO_SPEAKER, |s| s.index() as u32),
                r.reported,
            )
        }),
    );
    w.column(&p.extra.rows);
    let mut extras = Writer::default();
    for x in &p.extra.values {
        encode_extra(&mut extras, Some(x));
    }
    w.bytes(&extras.bytes);
}

fn write_adjacency(a: &Adjacency, w: &mut SectionWriter<'_>) {
    w.column(&a.offsets);
    w.values(a.entries.len(), a.entries.iter().map(AdjEntry::raw));
    let mut delta: Vec<(&EntityId, &Vec<AdjEntry>)> = a.delta.iter().collect();
    delta.sort_unstable_by_key(|(id, _)| **id);
    w.values(delta.len(), delta.iter().map(|(id, _)| id.index() as u32));
    let mut sum = 0u32;
    w.values(
        delta.len() + 1,
        std::iter::once(0).chain(delta.iter().map(|(_, l)| {
            sum = sum.saturating_add(l.len() as u32);
            sum
        })),
    );
    let total: usize = delta.iter().map(|(_, l)| l.len()).sum();
    w.values(
        total,
        delta.iter().flat_map(|(_, l)| l.iter().map(AdjEntry::raw)),
    );
    // The hubs in directory order.
    let mut hubs = vec![0u32; a.directories.len()];
    for (id, slot) in &a.hubs {
        if let Some(h) = hubs.get_mut(*slot as usize) {
            *h = id.index() as u32;
        }
    }
    w.column(&hubs);
    w.values(
        a.directories.len() * (KEYS + 1),
        a.directories.iter().flat_map(|d| d.iter().copied()),
    );
}

fn write_days(d: &Days, w: &mut SectionWriter<'_>) {
    w.column(&[d.lo]);
    w.column(&d.low);
    w.column(&d.before);
    w.column(&d.high);
}

fn write_dates_of(d: &Dates, w: &mut SectionWriter<'_>) {
    w.values(
        d.recent.len(),
        d.recent.iter().map(|e| (e.first, e.last, e.fact.0)),
    );
    write_days(&d.firsts, w);
    write_days(&d.lasts, w);
    w.column(&[d.classes.len() as u32]);
    for c in &d.classes {
        w.column(&[c.longest]);
        write_days(&c.firsts, w);
        fact_column(w, &c.facts);
        w.column(&c.lasts);
    }
}

fn write_dates(d: &DateIndex, w: &mut SectionWriter<'_>) {
    w.column(&[d.by_relation.len() as u32]);
    for r in &d.by_relation {
        write_dates_of(r, w);
    }
}

// ---------------------------------------------------------------------------------------
// Reading

/// What a check of the values found wrong.
fn bad(r: &SectionReader<'_>, what: impl Into<String>) -> SnapshotError {
    SnapshotError::Invalid {
        offset: r.offset(),
        what: what.into(),
    }
}

/// Where the second thread starts in a file of `version`: after the counts, the entities
/// and reports, the dense fact columns (six, and the distinct dates from version 4) and the
/// fifteen sections of sparse qualifiers; it reads the attribution pool and the indexes.
fn second_half_at(version: u32) -> usize {
    let dense = if version == 3 { 6 } else { 7 };
    2 + dense + 15
}

/// Files at least this long are read by two threads.
const PARALLEL_FROM: u64 = 1 << 20;

/// What the second thread reads: the attribution pool and the indexes.
struct SecondHalf {
    pool: AttributionPool,
    adjacency: Adjacency,
    dates: DateIndex,
    undated: Column<FactId>,
    by_relation: [Column<FactId>; Relation::ALL.len()],
    not_reported: Column<FactId>,
    by_source: IdMap<EntityId, Vec<FactId>>,
    by_report: Vec<Vec<FactId>>,
}

/// The graph of a version-3 file of `file_len` bytes (the header already checked), its
/// index columns borrowed from `map` when the file is mapped (`src` then reads the same
/// mapped bytes). With
/// `second`, another source of the same bytes, a second thread reads the attribution pool
/// and the indexes while this one reads the entities, reports and fact columns: the two
/// halves take about as long for a graph of a hundred facts per entity, and much of
/// reading either is the kernel's work of giving the vectors their pages, which two cores
/// share. The counts at the start of the file bound the ids both halves check; they are
/// compared with what the entities and facts turned out to be once both are read.
pub(crate) fn read(
    version: u32,
    src: &mut dyn Source,
    second: Option<&mut dyn Source>,
    file_len: u64,
    map: Option<std::sync::Arc<Mapping>>,
) -> Result<KnowledgeGraph, SnapshotError> {
    let mut r = SectionReader::open(src, file_len, HEADER_LEN as u64)?.with_map(map);
    let counts = r.column::<u64>("counts")?;
    let b = match counts.as_slice() {
        [e, rep, f] => Bounds {
            entities: usize::try_from(*e).unwrap_or(usize::MAX),
            reports: usize::try_from(*rep).unwrap_or(usize::MAX),
            facts: usize::try_from(*f).unwrap_or(usize::MAX),
            version,
        },
        _ => return Err(bad(&r, "counts: not three values")),
    };
    let second_half = |r2: &mut SectionReader<'_>| -> Result<SecondHalf, SnapshotError> {
        let half = read_second_half(r2, b)?;
        r2.finish()?;
        Ok(half)
    };
    // A small file is read by one thread: a thread costs more than it saves there.
    let second = second.filter(|_| file_len >= PARALLEL_FROM);
    let (graph, facts, half) = match second {
        Some(src2) => {
            let mut r2 = r.fork(src2, second_half_at(b.version))?;
            let (first, half) = std::thread::scope(|s| {
                let half = s.spawn(move || second_half(&mut r2));
                let first = read_entities_and_facts(&mut r, b);
                (first, half.join())
            });
            let half = half.map_err(|_| bad(&r, "the thread reading the indexes failed"))?;
            let (graph, facts) = first?;
            (graph, facts, half?)
        }
        None => {
            let (graph, facts) = read_entities_and_facts(&mut r, b)?;
            let half = second_half(&mut r)?;
            (graph, facts, half)
        }
    };
    // The halves must agree with each other and with the counts.
    if graph.entities.len() != b.entities
        || graph.reports.len() != b.reports
        || facts.len() != b.facts
    {
        return Err(bad(
            &r,
            "the counts do not match the entities, reports and facts",
        ));
    }
    if let Some(k) = facts.set.iter().find(|k| **k as usize >= half.pool.lists()) {
        return Err(bad(
            &r,
            format!("attribution set {k} of {}", half.pool.lists()),
        ));
    }
    for (slot, list) in half.by_relation.iter().enumerate() {
        // Cheap to prove against the column, and every relation filter reads these.
        if list
            .iter()
            .any(|f| facts.relation.get(f.index()).map(|x| x.slot()) != Some(slot))
        {
            return Err(bad(
                &r,
                format!("facts of relation {slot}: a fact of another relation"),
            ));
        }
    }
    let mut graph = graph;
    graph.facts = facts;
    graph.facts.pool = half.pool;
    graph.adjacency = half.adjacency;
    graph.dates = half.dates;
    graph.undated = half.undated;
    graph.by_relation = half.by_relation;
    graph.not_reported = half.not_reported;
    graph.by_source = half.by_source;
    graph.by_report = half.by_report;
    Ok(graph)
}

/// The entities, reports and merged keys (through the validated batch), then the fact
/// columns but the attribution pool; the reader stops where the second half begins.
fn read_entities_and_facts(
    r: &mut SectionReader<'_>,
    b: Bounds,
) -> Result<(KnowledgeGraph, FactColumns), SnapshotError> {
    let model = r.bytes("entities and reports")?;
    let mut graph = KnowledgeGraph::new();
    let mut c = Reader::new(&model);
    let title = c.opt_str("title")?.map(str::to_owned);
    graph.apply(|batch| {
        decode_entities(&mut c, batch)?;
        decode_merged(&mut c, batch)
    })?;
    if !c.is_done() {
        return Err(c.invalid("bytes left after the merged keys"));
    }
    drop(model);
    graph.set_title(title);
    if graph.entities.len() != b.entities || graph.reports.len() != b.reports {
        return Err(bad(r, "the counts do not match the entities and reports"));
    }
    let facts = read_facts(r, b)?;
    if r.next_section() != second_half_at(b.version) {
        return Err(bad(r, "the fact columns do not end where the pool begins"));
    }
    Ok((graph, facts))
}

/// The attribution pool and the indexes.
fn read_second_half(r: &mut SectionReader<'_>, b: Bounds) -> Result<SecondHalf, SnapshotError> {
    let pool = read_pool(r, b)?;
    let adjacency = read_adjacency(r, b)?;
    let dates = read_dates(r, b)?;
    let undated = fact_list(r, "undated facts", b.facts)?;
    let mut listed = 0usize;
    let mut by_relation: [Column<FactId>; Relation::ALL.len()] = Default::default();
    for list in by_relation.iter_mut() {
        *list = fact_list(r, "facts of a relation", b.facts)?;
        listed += list.len();
    }
    if listed != b.facts {
        return Err(bad(
            r,
            format!("{listed} facts listed by relation, {} facts", b.facts),
        ));
    }
    let not_reported = fact_list(r, "facts not reported", b.facts)?;
    let source_ids = r.column::<u32>("sources")?;
    let source_lists = read_lists(r, "facts by source", Some(source_ids.len()), b.facts)?;
    let mut by_source = IdMap::default();
    for (id, list) in source_ids.iter().zip(source_lists) {
        let id = entity_below(*id, b.entities)
            .ok_or_else(|| bad(r, format!("source {id} is not an entity")))?;
        if by_source.insert(id, list).is_some() {
            return Err(bad(r, format!("source {} listed twice", id.index())));
        }
    }
    let by_report = read_lists(r, "facts by report", Some(b.reports), b.facts)?;
    Ok(SecondHalf {
        pool,
        adjacency,
        dates,
        undated,
        by_relation,
        not_reported,
        by_source,
        by_report,
    })
}

/// How many entities, reports and facts the graph being read holds.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    entities: usize,
    reports: usize,
    facts: usize,
    /// The file's format version: 3 or 4 (which differ only in the date index).
    version: u32,
}

fn entity_below(raw: u32, n: usize) -> Option<EntityId> {
    ((raw as usize) < n).then(|| EntityId::at(raw))
}

fn entities(
    r: &mut SectionReader<'_>,
    what: &'static str,
    n: usize,
) -> Result<Vec<EntityId>, SnapshotError> {
    r.map_column::<u32, _>(what, "not an entity", |v| entity_below(v, n))
}

/// A column of `T` read or mapped, then checked value by value: `ok` sees each value
/// and the one before it; the first it refuses is named with its offset and `why`.
fn checked_column<T: Stored>(
    r: &mut SectionReader<'_>,
    what: &'static str,
    why: &str,
    mut ok: impl FnMut(Option<&T>, &T) -> bool,
) -> Result<Column<T>, SnapshotError> {
    let (column, at) = r.stored_column::<T>(what)?;
    let mut prev = None;
    for (i, v) in column.iter().enumerate() {
        if !ok(prev, v) {
            return Err(SnapshotError::Invalid {
                offset: usize::try_from(at + (i * size_of::<T>()) as u64).unwrap_or(usize::MAX),
                what: format!("{what}, value {i}: {why}"),
            });
        }
        prev = Some(v);
    }
    Ok(column)
}

/// A strictly increasing list of facts below `n`.
fn fact_list(
    r: &mut SectionReader<'_>,
    what: &'static str,
    n: usize,
) -> Result<Column<FactId>, SnapshotError> {
    checked_column::<FactId>(r, what, "out of order or past the last fact", |prev, f| {
        f.index() < n && prev.is_none_or(|p| p < f)
    })
}

/// Checks that `rows` increase strictly and stay below `n`.
fn check_rows(
    r: &SectionReader<'_>,
    rows: &[u32],
    n: usize,
    what: &str,
) -> Result<(), SnapshotError> {
    if !rows.is_sorted_by(|a, b| a < b) {
        return Err(bad(r, format!("{what}: not in increasing order")));
    }
    if rows.last().is_some_and(|l| *l as usize >= n) {
        return Err(bad(r, format!("{what}: past the last of {n}")));
    }
    Ok(())
}

/// Lists of facts below `n`, each in increasing order: `count` of them, if given.
fn read_lists(
    r: &mut SectionReader<'_>,
    what: &'static str,
    count: Option<usize>,
    n: usize,
) -> Result<Vec<Vec<FactId>>, SnapshotError> {
    let starts = r.column::<u64>(what)?;
    let count = count.unwrap_or(starts.len().saturating_sub(1));
    if starts.len() != count + 1 || starts.first() != Some(&0) || !starts.is_sorted() {
        return Err(bad(r, format!("{what}: the starts do not cover the lists")));
    }
    r.map_lists::<u32, _>(
        what,
        "out of order or past the last fact",
        &starts,
        |prev: Option<&FactId>, f: u32| {
            ((f as usize) < n && prev.is_none_or(|p| p.0 < f)).then_some(FactId(f))
        },
    )
}

/// A sparse column: rows increasing below `n`, and as many values.
fn sparse<T>(
    r: &mut SectionReader<'_>,
    what: &'static str,
    n: usize,
    values: impl FnOnce(&mut SectionReader<'_>) -> Result<Vec<T>, SnapshotError>,
) -> Result<Sparse<T>, SnapshotError> {
    let rows = r.column::<u32>(what)?;
    check_rows(r, &rows, n, what)?;
    let values = values(r)?;
    if values.len() != rows.len() {
        return Err(bad(
            r,
            format!("{what}: {} rows, {} values", rows.len(), values.len()),
        ));
    }
    Ok(Sparse { rows, values })
}

fn dates_column(
    r: &mut SectionReader<'_>,
    what: &'static str,
) -> Result<Vec<FactDate>, SnapshotError> {
    // Dates repeat (thousands of days over millions of facts): each distinct value is
    // checked once per slot of a direct-mapped table, not once per fact.
    let unknown = FactDate::UNKNOWN;
    let mut seen = vec![(unknown.to_bits(), unknown); 1 << 16];
    r.map_column::<u64, _>(what, "not a date", |bits| cached_date(&mut seen, bits))
}

/// The date of `bits`, checked once per slot of `seen` (a direct-mapped table).
fn cached_date(seen: &mut [(u64, FactDate)], bits: u64) -> Option<FactDate> {
    let slot = ((bits ^ (bits >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize;
    match seen.get_mut(slot) {
        Some((b, d)) if *b == bits => Some(*d),
        Some(cached) => {
            let d = FactDate::from_bits(bits)?;
            *cached = (bits, d);
            Some(d)
        }
        None => FactDate::from_bits(bits),
    }
}

fn same_len(r: &SectionReader<'_>, what: &str, len: usize, n: usize) -> Result<(), SnapshotError> {
    if len == n {
        Ok(())
    } else {
        Err(bad(r, format!("{what}: {len} values for {n} facts")))
    }
}

fn read_facts(r: &mut SectionReader<'_>, b: Bounds) -> Result<FactColumns, SnapshotError> {
    let relation = r.map_column::<u8, _>("relations", "a code that names no relation", |x| {
        Relation::ALL.get(usize::from(x)).copied()
    })?;
    let n = relation.len();
    if u32::try_from(n).is_err() {
        return Err(bad(r, format!("{n} facts: more than ids can name")));
    }
    let modality = r.map_column::<u8, _>("modalities", "a code that names no modality", |x| {
        Modality::ALL.get(usize::from(x)).copied()
    })?;
    same_len(r, "modalities", modality.len(), n)?;
    let (date, dates) = if b.version == 3 {
        // Version 3 stored every date in full: numbered into a pool here, so not mapped.
        let mut pool = DatePool::default();
        let numbers: Vec<u32> = dates_column(r, "fact dates")?
            .into_iter()
            .map(|d| pool.intern(d))
            .collect();
        (Column::from(numbers), pool)
    } else {
        let pool = DatePool::of(dates_column(r, "distinct fact dates")?);
        let distinct = pool.len();
        let date = checked_column::<u32>(r, "fact dates", "past the distinct dates", |_, k| {
            (*k as usize) < distinct
        })?;
        (date, pool)
    };
    same_len(r, "fact dates", date.len(), n)?;
    let subject = entities(r, "subjects", b.entities)?;
    same_len(r, "subjects", subject.len(), n)?;
    let object = entities(r, "objects", b.entities)?;
    same_len(r, "objects", object.len(), n)?;
    // Checked against the pool once the second half has read it.
    let (set, _) = r.stored_column::<u32>("attribution sets")?;
    same_len(r, "attribution sets", set.len(), n)?;
    let place = sparse(r, "places", n, |r| entities(r, "places", b.entities))?;
    let recipient = sparse(r, "recipients", n, |r| {
        entities(r, "recipients", b.entities)
    })?;
    let role = sparse(r, "roles", n, |r| r.column::<u32>("roles"))?;
    let role_bytes = r.bytes("role titles")?;
    let mut c = Reader::new(&role_bytes);
    let count = c.count(5, "role count")?;
    let mut roles = Vec::with_capacity(count);
    for _ in 0..count {
        let title = c.str("role title")?.to_owned();
        let rank = c.opt_str("role rank")?.map(str::to_owned);
        roles.push(Role { title, rank });
    }
    if !c.is_done() {
        return Err(c.invalid("bytes left after the roles"));
    }
    if let Some(k) = role.values.iter().find(|k| **k as usize >= roles.len()) {
        return Err(bad(r, format!("role {k} of {}", roles.len())));
    }
    let note = sparse(r, "notes", n, |r| {
        let bytes = r.bytes("notes")?;
        let mut c = Reader::new(&bytes);
        let mut notes = Vec::new();
        while !c.is_done() {
            notes.push(Box::from(c.str("note")?));
        }
        Ok(notes)
    })?;
    let valid = sparse(r, "valid times", n, |r| dates_column(r, "valid times"))?;
    let recurrence = sparse(r, "recurrences", n, |r| {
        r.column::<u32>("recurrences")?
            .into_iter()
            .map(|code| {
                u16::try_from(code >> 8)
                    .ok()
                    .and_then(|every| Recurrence::from_code(every, code as u8))
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad(r, "recurrences: a code that is no recurrence"))
    })?;
    let edition = sparse(r, "editions", n, |r| {
        r.column::<u32>("editions")?
            .into_iter()
            .map(std::num::NonZeroU32::new)
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad(r, "editions: edition 0"))
    })?;
    let mut f = FactColumns {
        relation,
        modality,
        date,
        dates,
        subject,
        object,
        set,
        // Read by the second half, and set once both are read.
        pool: AttributionPool::default(),
        place,
        recipient,
        role,
        roles,
        role_ids: HashMap::new(),
        note,
        valid,
        recurrence,
        edition,
    };
    f.index_roles();
    Ok(f)
}

fn read_pool(r: &mut SectionReader<'_>, b: Bounds) -> Result<AttributionPool, SnapshotError> {
    let (starts, _) = r.stored_column::<u32>("attribution list starts")?;
    let ends = |source: u32, speaker: u32| {
        let source = entity_below(source, b.entities)?;
        let speaker = match speaker {
            NO_SPEAKER => None,
            s => Some(entity_below(s, b.entities)?),
        };
        Some((source, speaker))
    };
    let (records, dates) = if b.version == 3 {
        // Version 3 stored every report date in full: numbered into a pool here.
        let unknown = FactDate::UNKNOWN;
        let mut seen = vec![(unknown.to_bits(), unknown); 1 << 16];
        let mut pool = DatePool::default();
        let records = r.map_column::<(u32, u32, u64), _>(
            "attributions",
            "an id that is not an entity, or not a date",
            |(source, speaker, bits)| {
                let (source, speaker) = ends(source, speaker)?;
                let reported = pool.intern(cached_date(&mut seen, bits)?);
                Some(Record {
                    source,
                    speaker,
                    reported,
                })
            },
        )?;
        (records, pool)
    } else {
        let pool = DatePool::of(dates_column(r, "distinct report dates")?);
        let distinct = pool.len();
        let records = r.map_column::<(u32, u32, u32), _>(
            "attributions",
            "an id that is not an entity, or a date past the distinct dates",
            |(source, speaker, reported)| {
                let (source, speaker) = ends(source, speaker)?;
                ((reported as usize) < distinct).then_some(Record {
                    source,
                    speaker,
                    reported,
                })
            },
        )?;
        (records, pool)
    };
    let n = records.len();
    if !starts.is_empty()
        && (starts.first() != Some(&0)
            || !starts.is_sorted()
            || starts.last().map(|l| *l as usize) != Some(n))
    {
        return Err(bad(
            r,
            "attribution list starts do not cover the attributions",
        ));
    }
    if starts.is_empty() && n != 0 {
        return Err(bad(r, "attributions without lists"));
    }
    let extra = sparse(r, "attribution extras", n, |r| {
        let bytes = r.bytes("attribution extras")?;
        let mut c = Reader::new(&bytes);
        let mut out = Vec::new();
        while !c.is_done() {
            let i = out.len();
            let x = decode_extra(&mut c, i)?
                .ok_or_else(|| c.invalid(format!("attribution extra {i}: empty")))?;
            out.push(*x);
        }
        Ok(out)
    })?;
    for x in &extra.values {
        if x.report
            .is_some_and(|rep: ReportId| rep.index() >= b.reports)
        {
            return Err(bad(
                r,
                "attribution extras: a report that is not in the graph",
            ));
        }
        if x.claimed_place
            .flatten()
            .is_some_and(|p| p.index() >= b.entities)
        {
            return Err(bad(r, "attribution extras: a place that is not an entity"));
        }
    }
    Ok(AttributionPool {
        starts,
        records,
        dates,
        extra,
    })
}

/// An adjacency list's entries: keys valid, the other end an entity, the fact a fact,
/// sorted by key.
fn check_entries(
    r: &SectionReader<'_>,
    list: &[AdjEntry],
    b: Bounds,
    what: &str,
) -> Result<(), SnapshotError> {
    for e in list {
        if usize::from(e.key()) >= KEYS {
            return Err(bad(
                r,
                format!("{what}: a key that names no relation and end"),
            ));
        }
        if e.other().index() >= b.entities || e.fact.index() >= b.facts {
            return Err(bad(r, format!("{what}: an entry past the graph")));
        }
    }
    if !list.is_sorted_by_key(AdjEntry::key) {
        return Err(bad(r, format!("{what}: a list out of key order")));
    }
    Ok(())
}

fn read_adjacency(r: &mut SectionReader<'_>, b: Bounds) -> Result<Adjacency, SnapshotError> {
    let (offsets, _) = r.stored_column::<u64>("adjacency offsets")?;
    // Keys, ends and facts are checked list by list below: the offsets cover them all.
    let (entries, _) = r.stored_column::<AdjEntry>("adjacency entries")?;
    if !offsets.is_empty()
        && (offsets.len() > b.entities + 1
            || offsets.first() != Some(&0)
            || !offsets.is_sorted()
            || offsets.last().copied() != Some(entries.len() as u64))
    {
        return Err(bad(r, "adjacency offsets do not cover the entries"));
    }
    if offsets.is_empty() && !entries.is_empty() {
        return Err(bad(r, "adjacency entries without offsets"));
    }
    for (a, z) in offsets.iter().zip(offsets.iter().skip(1)) {
        check_entries(
            r,
            entries.get(*a as usize..*z as usize).unwrap_or(&[]),
            b,
            "adjacency",
        )?;
    }
    let delta_at = r.column::<u32>("adjacency delta entities")?;
    let delta_starts = r.column::<u32>("adjacency delta starts")?;
    let (delta_entries, _) = r.stored_column::<AdjEntry>("adjacency delta entries")?;
    if delta_starts.len() != delta_at.len() + 1
        || delta_starts.first() != Some(&0)
        || !delta_starts.is_sorted()
        || delta_starts.last().map(|l| *l as usize) != Some(delta_entries.len())
    {
        return Err(bad(r, "adjacency delta starts do not cover its entries"));
    }
    let mut delta = IdMap::default();
    for (i, at) in delta_at.iter().enumerate() {
        let id = entity_below(*at, b.entities)
            .ok_or_else(|| bad(r, format!("adjacency delta of {at}: not an entity")))?;
        let (Some(s), Some(e)) = (delta_starts.get(i), delta_starts.get(i + 1)) else {
            continue;
        };
        let list = delta_entries.get(*s as usize..*e as usize).unwrap_or(&[]);
        check_entries(r, list, b, "adjacency delta")?;
        if !list.is_sorted_by_key(|e| (e.key(), e.fact)) {
            return Err(bad(r, "adjacency delta: a list out of (key, fact) order"));
        }
        if delta.insert(id, list.to_vec()).is_some() {
            return Err(bad(r, format!("adjacency delta of {at} listed twice")));
        }
    }
    let hub_ids = r.column::<u32>("adjacency hubs")?;
    let flat = r.column::<u32>("adjacency directories")?;
    if flat.len() != hub_ids.len() * (KEYS + 1) {
        return Err(bad(r, "adjacency directories: not one per hub"));
    }
    let mut hubs = IdMap::default();
    let mut directories: Vec<Directory> = Vec::with_capacity(hub_ids.len());
    for (slot, (at, dir)) in hub_ids.iter().zip(flat.chunks_exact(KEYS + 1)).enumerate() {
        let id = entity_below(*at, b.entities)
            .ok_or_else(|| bad(r, format!("adjacency hub {at}: not an entity")))?;
        let len = match (offsets.get(id.index()), offsets.get(id.index() + 1)) {
            (Some(a), Some(z)) => z - a,
            _ => 0,
        };
        let mut d: Directory = [0; KEYS + 1];
        d.copy_from_slice(dir);
        if (len as usize) < DIRECTORY_FROM
            || d.first() != Some(&0)
            || !d.is_sorted()
            || d.last().map(|l| u64::from(*l)) != Some(len)
        {
            return Err(bad(
                r,
                format!("adjacency directory of {at} does not fit its list"),
            ));
        }
        if hubs.insert(id, slot as u32).is_some() {
            return Err(bad(r, format!("adjacency hub {at} listed twice")));
        }
        directories.push(d);
    }
    Ok(Adjacency {
        offsets,
        entries,
        entities: b.entities,
        delta_len: delta.values().map(Vec::len).sum(),
        delta,
        hubs,
        directories,
    })
}

/// A column of day numbers in ascending order.
fn days_column(
    r: &mut SectionReader<'_>,
    what: &'static str,
) -> Result<Column<i32>, SnapshotError> {
    checked_column::<i32>(r, what, "not in order", |prev, d| {
        prev.is_none_or(|p| p <= d)
    })
}

fn read_days(r: &mut SectionReader<'_>) -> Result<Days, SnapshotError> {
    let lo = r.scalar::<i32>("day range start")?;
    let low = days_column(r, "days before the range")?;
    let (before, _) = r.stored_column::<u32>("day counts")?;
    let high = days_column(r, "days after the range")?;
    let fits = if before.is_empty() {
        high.is_empty()
    } else {
        // The counted days are lo..lo + before.len() - 1: the values below come before,
        // those above after, and the counts grow from the number below.
        let last = i64::from(lo) + before.len() as i64 - 2;
        before.first().map(|c| *c as usize) == Some(low.len())
            && before.is_sorted()
            && low.last().is_none_or(|d| *d < lo)
            && high.first().is_none_or(|d| i64::from(*d) > last)
            && last <= i64::from(i32::MAX)
    };
    if !fits {
        return Err(bad(r, "day counts do not fit their range"));
    }
    Ok(Days {
        low,
        lo,
        before,
        high,
    })
}

fn read_dates_of(r: &mut SectionReader<'_>, b: Bounds) -> Result<Dates, SnapshotError> {
    let (recent, _) = r.stored_column::<DateEntry>("recent dates")?;
    if recent
        .iter()
        .any(|e| e.fact.index() >= b.facts || e.last < e.first)
    {
        return Err(bad(
            r,
            "recent dates: an entry past the facts or ending before it starts",
        ));
    }
    let firsts = read_days(r)?;
    let lasts = read_days(r)?;
    let classes = r.scalar::<u32>("date class count")? as usize;
    if classes != 0 && classes != CLASSES {
        return Err(bad(r, format!("{classes} date classes, not {CLASSES}")));
    }
    let mut out = Vec::with_capacity(classes);
    let mut settled = 0usize;
    for c in 0..classes {
        let longest = r.scalar::<i32>("longest span")?;
        let firsts = read_days(r)?;
        let (facts, _) = r.stored_column::<FactId>("dated facts")?;
        let (lasts, _) = r.stored_column::<i32>("last days")?;
        if facts.iter().any(|f| f.index() >= b.facts)
            || firsts.len() != facts.len()
            || (c == 0 && !lasts.is_empty())
            || (c > 0 && lasts.len() != facts.len())
            || longest < 0
        {
            return Err(bad(r, format!("date class {c} does not fit its facts")));
        }
        settled += facts.len();
        out.push(Class {
            longest,
            firsts,
            facts,
            lasts,
        });
    }
    if firsts.len() != settled || lasts.len() != settled {
        return Err(bad(r, "date counts do not match the dated facts"));
    }
    Ok(Dates {
        recent,
        firsts,
        lasts,
        classes: out,
    })
}

fn read_dates(r: &mut SectionReader<'_>, b: Bounds) -> Result<DateIndex, SnapshotError> {
    if b.version == 3 {
        // Version 3 held every fact's date a second time, for unfiltered windows: checked
        // like the rest (so a damaged file is still refused), then left unused.
        read_dates_of(r, b)?;
    }
    let n = r.scalar::<u32>("relations with dates")? as usize;
    if n != 0 && n != Relation::ALL.len() {
        return Err(bad(
            r,
            format!("dates of {n} relations, not {}", Relation::ALL.len()),
        ));
    }
    let mut by_relation = Vec::with_capacity(n);
    for _ in 0..n {
        by_relation.push(read_dates_of(r, b)?);
    }
    Ok(DateIndex { by_relation })
}
