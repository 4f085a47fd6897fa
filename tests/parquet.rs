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
use factgraph::interchange::plover;
use factgraph::{
    Attribution, Entity, EntityKind, Fact, FactDate, KnowledgeGraph, QuantityKind, Relation,
    Report, datasets,
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

/// The 64-bit integer column `name` of the batches, nulls as `None`.
fn ints(batches: &[RecordBatch], name: &str) -> Vec<Option<i64>> {
    let mut out = Vec::new();
    for b in batches {
        let col = b
            .column_by_name(name)
            .unwrap_or_else(|| panic!("no column {name}"));
        let col = col.as_primitive::<Int64Type>();
        for i in 0..col.len() {
            out.push(col.is_valid(i).then(|| col.value(i)));
        }
    }
    out
}

/// The corpus's quantities, recurrences, editions and event rows come through as typed
/// columns, row for row as the API gives them.
#[test]
fn corpus_quantities_recurrence_and_events() -> Result<(), Error> {
    let g = datasets::corpus();
    let dir = scratch("corpus");
    let written = write_dir(g, &dir)?;

    // One row per quantity, in fact and attribution order.
    let api: Vec<_> = g
        .facts()
        .flat_map(|f| {
            f.sources()
                .enumerate()
                .flat_map(move |(i, s)| {
                    s.attribution().quantities().iter().map(move |q| {
                        (
                            f.id().index() as i64,
                            i,
                            s.report().map(|r| r.key().to_owned()),
                            q.clone(),
                        )
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(!api.is_empty(), "the corpus gives quantities");
    assert_eq!(written.quantities, api.len());
    let q = read(&dir.join("quantities.parquet"))?;
    let facts = ints(&q, "fact");
    let reports = strings(&q, "report");
    let kinds = strings(&q, "kind");
    let qualifiers = strings(&q, "qualifier");
    let (low, high) = (ints(&q, "low"), ints(&q, "high"));
    let units = strings(&q, "unit");
    let of = strings(&q, "of");
    for (row, (fact, _, report, quantity)) in api.iter().enumerate() {
        assert_eq!(facts[row], Some(*fact));
        assert_eq!(&reports[row], report);
        assert_eq!(kinds[row].as_deref(), Some(quantity.kind().as_str()));
        assert_eq!(
            qualifiers[row].as_deref(),
            Some(quantity.amount().qualifier())
        );
        let (lo, hi) = quantity.amount().ends();
        assert_eq!(low[row], lo.map(|v| v as i64), "row {row}");
        assert_eq!(high[row], hi.map(|v| v as i64), "row {row}");
        assert_eq!(units[row], quantity.unit().map(|u| u.to_string()));
        assert_eq!(of[row].as_deref(), quantity.what());
    }
    // A troop number of a deployment is among them.
    assert!(api.iter().any(|(fact, _, _, q)| {
        g.facts().nth(*fact as usize).map(|f| f.relation()) == Some(Relation::DeployedTo)
            && q.kind() == QuantityKind::Personnel
    }));

    // Recurrence and edition on facts.
    let f = read(&dir.join("facts.parquet"))?;
    let recurrence = strings(&f, "recurrence");
    let edition = ints(&f, "edition");
    for (i, fact) in g.facts().enumerate() {
        assert_eq!(
            recurrence[i],
            fact.fact().recurrence().map(|r| r.to_string())
        );
        assert_eq!(
            edition[i],
            fact.fact().edition_number().map(|n| i64::from(n.get()))
        );
    }
    assert!(
        recurrence.iter().any(Option::is_some),
        "the corpus has a series"
    );

    // The event table: the CSV's columns and rows, typed.
    let mut csv = Vec::new();
    let rows = plover::write_csv(g, &mut csv)?;
    assert_eq!(written.events, rows);
    let e = read(&dir.join("events.parquet"))?;
    let schema = e.first().ok_or("a batch")?.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names, plover::EVENT_COLUMNS);
    let csv = String::from_utf8(csv)?;
    let personnel_column = plover::EVENT_COLUMNS
        .iter()
        .position(|c| *c == "personnel")
        .ok_or("a personnel column")?;
    let ids = strings(&e, "id");
    let personnel = ints(&e, "personnel");
    for (row, line) in csv.lines().skip(1).enumerate() {
        // Ids and numbers hold no comma, so splitting finds them on a line without quoted
        // cells (a quoted cell may hold a comma and shift the split).
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(ids[row].as_deref(), cells.first().copied());
        let want = cells
            .get(personnel_column)
            .filter(|c| !c.is_empty())
            .map(|c| c.parse::<i64>())
            .transpose()?;
        if !line.contains('"') {
            assert_eq!(personnel[row], want, "row {row}");
        }
    }
    assert!(personnel.iter().any(Option::is_some));
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
fn an_empty_graph_writes_six_files_with_a_schema() -> Result<(), Error> {
    let dir = scratch("empty");
    let written = write_dir(&KnowledgeGraph::new(), &dir)?;
    assert_eq!(
        (
            written.entities,
            written.facts,
            written.attributions,
            written.quantities,
            written.events
        ),
        (0, 0, 0, 0, 0)
    );
    for table in Table::ALL {
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
