//! The Parquet export read back with the parquet crate's Arrow reader and compared with
//! the graph, through the public API only.
#![cfg(feature = "parquet")]

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use factgraph::interchange::parquet::{ParquetError, Table, write_dir, write_table};
use factgraph::{
    Attribution, Entity, EntityKind, Fact, FactDate, KnowledgeGraph, Relation, Report, datasets,
};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

type Error = Box<dyn std::error::Error>;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("factgraph-parquet-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn read(path: &Path) -> Result<Vec<RecordBatch>, Error> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(path)?)?.build()?;
    Ok(reader.collect::<Result<Vec<_>, _>>()?)
}

/// Reads a Parquet file held in memory (through a scratch file).
fn read_bytes(name: &str, bytes: Vec<u8>) -> Result<Vec<RecordBatch>, Error> {
    let dir = scratch(name);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("t.parquet");
    std::fs::write(&path, bytes)?;
    let batches = read(&path)?;
    std::fs::remove_dir_all(&dir)?;
    Ok(batches)
}

/// The string column `name` of the batches, nulls as `None`.
fn strings(batches: &[RecordBatch], name: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for b in batches {
        let col = b
            .column_by_name(name)
            .unwrap_or_else(|| panic!("no column {name}"));
        let col = col.as_string::<i32>();
        for i in 0..col.len() {
            out.push(col.is_valid(i).then(|| col.value(i).to_owned()));
        }
    }
    out
}

fn dates(batches: &[RecordBatch], name: &str) -> Vec<Option<i32>> {
    let mut out = Vec::new();
    for b in batches {
        let col = b
            .column_by_name(name)
            .unwrap_or_else(|| panic!("no column {name}"));
        let col = col.as_primitive::<Date32Type>();
        for i in 0..col.len() {
            out.push(col.is_valid(i).then(|| col.value(i)));
        }
    }
    out
}

#[test]
fn the_seed_dataset_round_trips() -> Result<(), Error> {
    let g = datasets::edm_2004_v1_i133();
    let dir = scratch("seed");
    let written = write_dir(g, &dir)?;
    assert_eq!(written.entities, g.entity_count());
    assert_eq!(written.facts, g.fact_count());
    assert_eq!(written.reports, g.report_count());
    let attributions: usize = g.facts().map(|f| f.sources().len()).sum();
    assert_eq!(written.attributions, attributions);

    let entities = read(&dir.join("entities.parquet"))?;
    let keys = strings(&entities, "key");
    let names = strings(&entities, "name");
    let kinds = strings(&entities, "kind");
    let expected: Vec<_> = g.entities().map(|e| Some(e.key().to_owned())).collect();
    assert_eq!(keys, expected);
    for (i, e) in g.entities().enumerate() {
        assert_eq!(names[i].as_deref(), Some(e.name()));
        assert_eq!(kinds[i].as_deref(), Some(e.kind().as_str()));
    }
    // Aliases are a list column; the total count matches.
    let alias_total: usize = entities
        .iter()
        .map(|b| {
            b.column_by_name("aliases")
                .map(|c| c.as_list::<i32>().values().len())
                .unwrap_or(0)
        })
        .sum();
    assert_eq!(
        alias_total,
        g.entities()
            .map(|e| e.entity().aliases().len())
            .sum::<usize>()
    );

    let facts = read(&dir.join("facts.parquet"))?;
    let subjects = strings(&facts, "subject");
    let relations = strings(&facts, "relation");
    let date = strings(&facts, "date");
    let first = dates(&facts, "date_first");
    let last = dates(&facts, "date_last");
    let fact_keys = strings(&facts, "fact_key");
    for (i, f) in g.facts().enumerate() {
        assert_eq!(subjects[i].as_deref(), Some(f.subject().key()));
        assert_eq!(relations[i].as_deref(), Some(f.relation().as_str()));
        let d = f.date();
        assert_eq!(date[i], (!d.is_unknown()).then(|| d.to_string()));
        assert_eq!(first[i], d.earliest().map(|p| p.first_day_number()));
        assert_eq!(last[i], d.latest().map(|p| p.last_day_number()));
        assert_eq!(
            fact_keys[i],
            g.fact_key(f.id()).map(|k| k.to_string()),
            "fact {i}"
        );
    }
    let numbers: Vec<i64> = facts
        .iter()
        .flat_map(|b| {
            b.column_by_name("fact")
                .map(|c| c.as_primitive::<Int64Type>().values().to_vec())
                .unwrap_or_default()
        })
        .collect();
    let expected: Vec<i64> = g.facts().map(|f| f.id().index() as i64).collect();
    assert_eq!(numbers, expected);

    let attributions = read(&dir.join("attributions.parquet"))?;
    let reports = strings(&attributions, "report");
    let sources = strings(&attributions, "source");
    let index: Vec<i32> = attributions
        .iter()
        .flat_map(|b| {
            b.column_by_name("index")
                .map(|c| c.as_primitive::<Int32Type>().values().to_vec())
                .unwrap_or_default()
        })
        .collect();
    let mut row = 0;
    for f in g.facts() {
        for (i, s) in f.sources().enumerate() {
            assert_eq!(index[row], i as i32);
            assert_eq!(sources[row].as_deref(), Some(s.source().key()));
            assert_eq!(reports[row].as_deref(), s.report().map(|r| r.key()));
            row += 1;
        }
    }

    let report_rows = read(&dir.join("reports.parquet"))?;
    assert_eq!(
        strings(&report_rows, "key"),
        g.reports()
            .map(|(_, r)| Some(r.key().to_owned()))
            .collect::<Vec<_>>()
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn dates_ranges_and_nulls() -> Result<(), Error> {
    // Made-up data: an open range, a qualified month and an unknown date.
    let mut g = KnowledgeGraph::new();
    let a = g.add_entity(Entity::new("a", EntityKind::Country, "Land A"))?;
    let b = g.add_entity(Entity::new("b", EntityKind::Organisation, "Pact B"))?;
    let c = g.add_entity(Entity::new("c", EntityKind::Agreement, "Treaty C"))?;
    let w = g.add_entity(Entity::new("w", EntityKind::Source, "Wire"))?;
    let r = g.add_report(Report::new("w/1", w).published_on("2020-05".parse::<FactDate>()?))?;
    g.add_fact(
        Fact::new(Relation::MemberOf, a, b)
            .on("2003/..".parse::<FactDate>()?)
            .with_source(Attribution::new(w).in_report(r).inferred_because("made up")),
    )?;
    g.add_fact(Fact::new(Relation::Signed, a, c).on("2004-11?".parse::<FactDate>()?))?;
    g.add_fact(Fact::new(Relation::PartyTo, a, c))?;
    let mut bytes = Vec::new();
    assert_eq!(write_table(&g, Table::Facts, &mut bytes)?, 3);
    let batches = read_bytes("facts", bytes)?;
    assert_eq!(
        strings(&batches, "date"),
        [
            Some("2003/..".to_owned()),
            Some("2004-11?".to_owned()),
            None
        ]
    );
    let first = dates(&batches, "date_first");
    let last = dates(&batches, "date_last");
    // 2003-01-01 and 2004-11-01 / 2004-11-30 as days since 1970-01-01.
    assert_eq!(first, [Some(12053), Some(12723), None]);
    assert_eq!(last, [None, Some(12752), None]);

    let mut bytes = Vec::new();
    assert_eq!(write_table(&g, Table::Attributions, &mut bytes)?, 1);
    let batches = read_bytes("attributions", bytes)?;
    assert_eq!(strings(&batches, "report"), [Some("w/1".to_owned())]);
    assert_eq!(
        strings(&batches, "inferred_reason"),
        [Some("made up".to_owned())]
    );
    Ok(())
}

#[test]
fn an_empty_graph_writes_four_files_with_a_schema() -> Result<(), Error> {
    let dir = scratch("empty");
    let written = write_dir(&KnowledgeGraph::new(), &dir)?;
    assert_eq!(
        (written.entities, written.facts, written.attributions),
        (0, 0, 0)
    );
    for table in [
        Table::Entities,
        Table::Reports,
        Table::Facts,
        Table::Attributions,
    ] {
        let builder =
            ParquetRecordBatchReaderBuilder::try_new(File::open(dir.join(table.file_name()))?)?;
        assert!(
            !builder.schema().fields().is_empty(),
            "{table} has no columns"
        );
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn a_directory_with_other_files_is_left_alone() -> Result<(), Error> {
    let dir = scratch("foreign");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("notes.txt"), "mine")?;
    let err = write_dir(datasets::edm_2004_v1_i133(), &dir);
    assert!(
        matches!(err, Err(ParquetError::Io { ref source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists),
        "{err:?}"
    );
    let names: BTreeMap<_, _> = std::fs::read_dir(&dir)?
        .map(|e| e.map(|e| (e.file_name(), ())))
        .collect::<Result<_, _>>()?;
    assert_eq!(names.len(), 1, "only notes.txt");
    // A second export over a first one replaces it.
    let ours = scratch("replace");
    write_dir(datasets::edm_2004_v1_i133(), &ours)?;
    let again = write_dir(&KnowledgeGraph::new(), &ours)?;
    assert_eq!(again.facts, 0);
    assert_eq!(
        read(&ours.join("facts.parquet"))?
            .iter()
            .map(|b| b.num_rows())
            .sum::<usize>(),
        0
    );
    std::fs::remove_dir_all(&dir)?;
    std::fs::remove_dir_all(&ours)?;
    Ok(())
}

/// A writer that fails after `room` bytes (a full disk, say).
struct Full {
    room: usize,
}

impl std::io::Write for Full {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.room {
            return Err(std::io::Error::other("disk full (made up)"));
        }
        self.room -= buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_gives_a_typed_error_naming_the_table() {
    let g = datasets::edm_2004_v1_i133();
    for room in [0, 100, 1000] {
        let err = write_table(g, Table::Facts, Full { room });
        match err {
            Err(e @ (ParquetError::Encode { .. } | ParquetError::Write { .. })) => {
                assert!(e.to_string().contains("facts.parquet"), "{e}");
            }
            other => panic!("room {room}: {other:?}"),
        }
    }
}
