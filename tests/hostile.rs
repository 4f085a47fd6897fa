//! Hostile input of the second test round (issue 23): crafted snapshots, unbounded reads,
//! non-regular files, queries whose cost the budget must bound, and the messages that
//! quote what was refused. Each test is a scaled-down reproduction that still shows the
//! bound; the figures of the full-size reproductions are in `docs/RELIABILITY.md`.

mod common;

use std::io::Write;
use std::path::PathBuf;

use factgraph::snapshot::{self, SnapshotError};
use factgraph::{Entity, EntityKind, KnowledgeGraph};

fn scratch(name: &str) -> PathBuf {
    common::scratch("hostile", name)
}

/// A version-1 snapshot header for a body of `len` bytes with checksum `crc`, as the
/// format says.
fn header(len: u64, crc: u32) -> Vec<u8> {
    let mut head = snapshot::MAGIC.to_vec();
    head.extend_from_slice(&1u32.to_le_bytes());
    head.extend_from_slice(&0u32.to_le_bytes());
    head.extend_from_slice(&len.to_le_bytes());
    head.extend_from_slice(&crc.to_le_bytes());
    let header_crc = crc32(&head);
    head.extend_from_slice(&header_crc.to_le_bytes());
    head
}

use common::crc32;

/// V9: the reproduction itself, 2^28 entities declared by a body that has 2^28 bytes left,
/// as a sparse file (no disk used). The loader used to reserve 32 GiB for the count and
/// abort the whole test process; now the reservation follows what the bytes can hold and
/// the bad tag after the count is an error.
#[test]
fn a_snapshot_count_bomb_is_an_error_not_an_abort() {
    let dir = scratch("count-bomb");
    let path = dir.join("bomb.fgsnap");
    let n: u32 = 1 << 28;
    let body_len = 1 + 4 + u64::from(n);
    let mut f = std::fs::File::create(&path).expect("create");
    // The body's checksum is not computed (that would read 256 MiB): the streamed loader
    // decodes before it checks, which is the path that aborted.
    f.write_all(&header(body_len, 0)).expect("write");
    f.write_all(&[0]).expect("write"); // no title
    f.write_all(&n.to_le_bytes()).expect("write");
    f.write_all(&[0xFF]).expect("write"); // not a tag
    f.set_len(32 + body_len).expect("a sparse file");
    drop(f);
    let err = KnowledgeGraph::load_snapshot(&path).expect_err("refused");
    assert!(
        matches!(
            err,
            SnapshotError::Checksum { .. } | SnapshotError::Invalid { .. }
        ),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// V9, the same count with placeholders (tag 0, one byte each): refused at the cap on
/// placeholders instead of growing to tens of gigabytes. Scaled down: just past the cap.
#[test]
fn a_snapshot_of_placeholders_is_capped() {
    let n = snapshot::MAX_PLACEHOLDERS + 1;
    let mut body = vec![0u8];
    body.extend_from_slice(&u32::try_from(n).expect("fits").to_le_bytes());
    body.resize(body.len() + n, 0);
    let err = KnowledgeGraph::from_snapshot(&snapshot::frame(&body)).expect_err("refused");
    assert!(err.to_string().contains("placeholders"), "{err}");
}

/// V15: a duplicate attribute name in a snapshot body is refused, as JSON refuses it,
/// instead of loading with the last value.
#[test]
fn a_duplicate_attribute_in_a_snapshot_is_refused() {
    let mut g = KnowledgeGraph::new();
    g.add_entity(
        Entity::new("p", EntityKind::Person, "Ann Example")
            .with_attribute("qa", "1")
            .with_attribute("qb", "2"),
    )
    .expect("add");
    let bytes = g.to_snapshot_v1();
    let mut body = bytes[snapshot::HEADER_LEN..].to_vec();
    // The second name, `qb`, becomes a second `qa`.
    let at = body
        .windows(2)
        .position(|w| w == b"qb")
        .expect("the attribute's name is in the body");
    body[at + 1] = b'a';
    let err = KnowledgeGraph::from_snapshot(&snapshot::frame(&body)).expect_err("refused");
    assert!(
        matches!(err, SnapshotError::Invalid { ref what, .. } if what.contains("duplicate attribute `qa`")),
        "{err}"
    );
    // Names out of order are refused as well (each insert stays an append).
    body[at + 1] = b'0';
    let err = KnowledgeGraph::from_snapshot(&snapshot::frame(&body)).expect_err("refused");
    assert!(err.to_string().contains("out of name order"), "{err}");
    // Version 3 keeps entities in the same encoding, through the same checks: altered and
    // resealed (so the checksums pass), it is refused for the same reason.
    let mut v3 = g.to_snapshot();
    let at = v3
        .windows(2)
        .position(|w| w == b"qb")
        .expect("the attribute's name is in the file");
    v3[at + 1] = b'a';
    snapshot::reseal(&mut v3);
    let err = KnowledgeGraph::from_snapshot(&v3).expect_err("refused");
    assert!(
        err.to_string().contains("duplicate attribute `qa`"),
        "{err}"
    );
}

/// V9 for version 3: a section table that claims a section of 2^40 bytes is refused
/// before anything is reserved, and a sparse file whose table claims 256 MiB of entries
/// reserves only what the file holds and is refused by a checksum.
#[test]
fn a_version_3_table_cannot_claim_more_than_the_file() {
    let g = factgraph::datasets::edm_2004_v1_i133();
    let bytes = g.to_snapshot();
    // The table's first entry: its length field, 16 bytes into the 24-byte entry.
    let n = bytes.len();
    let footer = &bytes[n - 24..];
    let table_at = u64::from_le_bytes(footer[..8].try_into().expect("8 bytes")) as usize;
    let mut forged = bytes.clone();
    forged[table_at + 16..table_at + 24].copy_from_slice(&(1u64 << 40).to_le_bytes());
    snapshot::reseal(&mut forged);
    let err = KnowledgeGraph::from_snapshot(&forged).expect_err("refused");
    assert!(matches!(err, SnapshotError::Invalid { .. }), "{err}");
    // A file grown (sparsely) by 256 MiB of zeros inside the adjacency's entries would
    // need its table moved too; a zero-filled tail is simply not a footer.
    let dir = scratch("v3-bomb");
    let path = dir.join("bomb.fgsnap");
    let mut f = std::fs::File::create(&path).expect("create");
    f.write_all(&bytes).expect("write");
    f.set_len(bytes.len() as u64 + (1 << 28))
        .expect("a sparse file");
    drop(f);
    let err = KnowledgeGraph::open_snapshot(&path).expect_err("refused");
    assert!(matches!(err, SnapshotError::Truncated { .. }), "{err}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// A reader that counts what is read from it.
struct Counting<R> {
    inner: R,
    read: std::rc::Rc<std::cell::Cell<usize>>,
}

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n);
        Ok(n)
    }
}

fn counting<R>(inner: R) -> (Counting<R>, std::rc::Rc<std::cell::Cell<usize>>) {
    let read = std::rc::Rc::new(std::cell::Cell::new(0));
    (
        Counting {
            inner,
            read: read.clone(),
        },
        read,
    )
}

/// V7: a FIFO with a report file's name, given or found in a directory, is refused at
/// once (opening it used to block until killed); so is a link to a device.
#[cfg(unix)]
#[test]
fn non_regular_files_are_refused_not_opened() {
    use factgraph::corpus::{LoadError, MergePolicy, report_files};
    let dir = scratch("fifo");
    std::fs::write(
        dir.join("a.json"),
        r#"{"factgraph": 2, "entities": [{"id": "a", "kind": "person", "name": "Ann Example"}]}"#,
    )
    .expect("write");
    let fifo = dir.join("upload.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.jsonl")).expect("symlink");
    let refused = |e: &LoadError| {
        matches!(
            e,
            LoadError::Io {
                kind: std::io::ErrorKind::InvalidInput,
                ..
            }
        )
    };
    let err = report_files(&dir).expect_err("refused");
    assert!(refused(&err), "{err}");
    let err = report_files(&fifo).expect_err("refused");
    assert!(
        err.to_string().contains("not a regular file (a FIFO)"),
        "{err}"
    );
    let mut g = KnowledgeGraph::new();
    let err = g
        .merge_paths([&dir], &MergePolicy::new())
        .expect_err("refused");
    assert!(refused(&err), "{err}");
    let err = g
        .merge_path(&fifo, &MergePolicy::new())
        .expect_err("refused");
    assert!(refused(&err), "{err}");
    let err = g
        .merge_path(dir.join("zero.jsonl"), &MergePolicy::new())
        .expect_err("refused");
    assert!(err.to_string().contains("a device"), "{err}");
    assert_eq!(g.entity_count(), 0, "nothing was applied");
    let err = KnowledgeGraph::load_snapshot(&fifo).expect_err("refused");
    assert!(err.to_string().contains("FIFO"), "{err}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// V8: a JSON document that cannot be JSON is refused after its first chunk, not read
/// whole (an endless reader of NUL bytes used to be read until memory ran out); one over
/// `max_document_bytes` is refused by its size, before it is read.
#[test]
fn json_reads_are_bounded() {
    use factgraph::Limits;
    use factgraph::corpus::{FileFormat, LoadError, MergePolicy};
    let mut g = KnowledgeGraph::new();
    let (zeros, read) = counting(std::io::repeat(0));
    let err = g
        .merge_reader(zeros, FileFormat::Json, &MergePolicy::new())
        .expect_err("refused");
    match &err {
        LoadError::Json { source, .. } => assert_eq!((source.line(), source.column()), (1, 1)),
        other => panic!("{other}"),
    }
    assert!(read.get() <= 1 << 20, "read {} bytes", read.get());
    // A document that looks like JSON but never ends stops at the size limit.
    g.set_limits(Limits::default().with_max_document_bytes(100_000));
    let (spaces, read) = counting(std::io::Read::chain(
        &b"{\"title\": \""[..],
        std::io::repeat(b'x'),
    ));
    let err = g
        .merge_reader(spaces, FileFormat::Json, &MergePolicy::new())
        .expect_err("refused");
    assert!(
        matches!(err, LoadError::TooLarge { max: 100_000, .. }),
        "{err}"
    );
    assert!(read.get() <= 300_000, "read {} bytes", read.get());
    // A file over the limit is refused by its size, without being read.
    let dir = scratch("big-json");
    let big = dir.join("big.json");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(1 << 30))
        .expect("a sparse file");
    let err = g
        .merge_path(&big, &MergePolicy::new())
        .expect_err("refused");
    assert!(matches!(err, LoadError::TooLarge { .. }), "{err}");
    // Within the default limit, the 1 GiB of NUL bytes is an error at 1:1 after one chunk.
    g.set_limits(Limits::default());
    let err = factgraph::corpus::read_json_file(&big, g.limits()).expect_err("refused");
    assert!(matches!(err, LoadError::Json { .. }), "{err}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// V8: a JSON Lines line over `max_line_bytes` is refused at the limit when the import
/// stops at the first error: an endless line used to be read forever.
#[test]
fn a_jsonl_line_over_the_limit_is_not_read_to_its_end() {
    use factgraph::Limits;
    use factgraph::corpus::{FileFormat, LoadError, MergePolicy};
    use factgraph::interchange::jsonl::JsonlErrorKind;
    let mut g = KnowledgeGraph::new();
    g.set_limits(Limits::default().with_max_line_bytes(10_000));
    let (endless, read) = counting(std::io::repeat(b'x'));
    let err = g
        .merge_reader(endless, FileFormat::JsonLines, &MergePolicy::new())
        .expect_err("refused");
    match &err {
        LoadError::Jsonl { source, .. } => assert_eq!(
            source.kind(),
            &JsonlErrorKind::LineOverLimit { max: 10_000 }
        ),
        other => panic!("{other}"),
    }
    assert!(read.get() <= 100_000, "read {} bytes", read.get());
}

/// V1: the did-you-mean of an undefined variable costs nothing for long names (it was
/// the product of the lengths: 16 s at 100,000 characters) and the message is cut (it
/// quoted both names whole: 200,054 characters). Scaled down to 20,000 characters.
#[test]
fn a_did_you_mean_is_bounded_and_its_quote_cut() {
    let n = 20_000;
    let q = format!(
        "MATCH ({}:country) RETURN {}b",
        "a".repeat(n),
        "a".repeat(n - 1)
    );
    let e = factgraph::datasets::corpus()
        .query(&q, &factgraph::cypher::Params::new())
        .expect_err("refused");
    let message = e.to_string();
    assert!(message.contains("is not defined"), "{message}");
    assert!(
        message.chars().count() < 300,
        "{} characters",
        message.len()
    );
}

/// V12: what a Cypher message quotes is escaped: an invisible or control character is
/// written as an escape, never printed raw.
#[test]
fn cypher_messages_escape_what_they_quote() {
    let g = factgraph::datasets::corpus();
    let e = g
        .query(
            "MATCH (a:pers\u{200b}on) RETURN a",
            &factgraph::cypher::Params::new(),
        )
        .expect_err("refused");
    assert!(e.to_string().contains("`\\u{200b}`"), "{e}");
    assert!(!e.to_string().contains('\u{200b}'), "{e}");
    let e = g
        .query(
            "MATCH (a) RETURN a\u{1b}",
            &factgraph::cypher::Params::new(),
        )
        .expect_err("refused");
    assert!(e.to_string().contains("`\\u{1b}`"), "{e}");
    assert!(!e.to_string().contains('\u{1b}'), "{e}");
}

/// V2: work on long strings reads the clock, not only expansions: `a.name CONTAINS $s`
/// with a megabytes-long `$s` folded it for every row and read the clock every 1024
/// expansions only (28.7 s under a 100 ms budget). With a zero time budget the run now
/// stops once the text work passes a megabyte, though it makes few expansions.
#[test]
fn the_time_budget_sees_work_on_long_strings() {
    use factgraph::cypher::{Budget, CypherError, Params, Query};
    let g = factgraph::datasets::corpus();
    let q = Query::parse("MATCH (a:person) WHERE a.name CONTAINS $s RETURN a").expect("parses");
    let params = Params::new().with("s", "x".repeat(2 << 20));
    let e = g
        .run(
            &q,
            &params,
            Budget {
                max_time: std::time::Duration::ZERO,
                ..Budget::default()
            },
        )
        .expect_err("stopped");
    assert!(
        matches!(e, CypherError::Budget { limit: "time", .. }),
        "{e}"
    );
    // Within the default budget: the parameter is folded once, not once per row.
    let rows = g.run(&q, &params, Budget::default()).expect("runs");
    assert_eq!(rows.rows.len(), 0);
}

/// V3: the text of the rows is bounded by the budget's `max_bytes`: a 40 kB literal in
/// `RETURN` was copied into every row (2.9 GB over 24,000 rows in the CLI).
#[test]
fn the_bytes_of_the_rows_are_bounded_by_the_budget() {
    use factgraph::cypher::{Budget, CypherError, Params, Query};
    let g = factgraph::datasets::corpus();
    let literal = "w".repeat(40_000);
    let q = Query::parse(&format!("MATCH (a:person) RETURN '{literal}' AS s")).expect("parses");
    let persons = g
        .run(
            &Query::parse("MATCH (a:person) RETURN a").expect("parses"),
            &Params::new(),
            Budget::default(),
        )
        .expect("runs")
        .rows
        .len();
    assert!(persons > 5, "the corpus has {persons} persons");
    let budget = Budget {
        max_bytes: 5 * 40_000,
        ..Budget::default()
    };
    let e = g.run(&q, &Params::new(), budget).expect_err("stopped");
    assert_eq!(
        e,
        CypherError::Budget {
            limit: "bytes",
            value: 200_000
        }
    );
    // The default budget (64 MiB) holds this one.
    assert_eq!(
        g.run(&q, &Params::new(), Budget::default())
            .expect("runs")
            .rows
            .len(),
        persons
    );
}

/// V12: the loaders' messages name the entity once, escape what they quote, say where
/// once, and call a lone surrogate escape what it is (serde_json said "unexpected end of
/// hex escape").
#[test]
fn load_messages_say_each_thing_once_and_visibly() {
    let e = KnowledgeGraph::from_json(
        r#"{"factgraph": 2, "entities": [{"id": "a", "kind": "person", "name": " "}]}"#,
    )
    .expect_err("refused");
    assert_eq!(e.kind().to_string(), "entity `a` has an empty name");
    let e = KnowledgeGraph::from_json(
        r#"{"factgraph": 2, "entities": [{"id": "a\ud800", "kind": "person", "name": "x"}]}"#,
    )
    .expect_err("refused");
    assert!(
        e.to_string().contains("a lone UTF-16 surrogate escape"),
        "{e}"
    );
    let e = factgraph::interchange::jsonl::import_jsonl(
        &mut KnowledgeGraph::new(),
        &b"{\"entity\": {\"id\": \"a\\udc00\", \"kind\": \"person\", \"name\": \"x\"}}\n"[..],
        factgraph::interchange::jsonl::ImportMode::StopAtFirstError,
    )
    .expect_err("refused");
    assert!(
        e.to_string().contains("a lone UTF-16 surrogate escape"),
        "{e}"
    );
    let twice = format!(
        r#"{{"factgraph": 2, "entities": [{{"id": "a\u001b[2J{long}\u200b", "kind": "person", "name": "x"}}, {{"id": "a\u001b[2J{long}\u200b", "kind": "person", "name": "y"}}]}}"#,
        long = "z".repeat(100_000)
    );
    let e = KnowledgeGraph::from_json(&twice).expect_err("refused");
    let message = e.to_string();
    assert!(
        message.starts_with("duplicate entity id `a\\u{1b}[2Jzzz"),
        "{message}"
    );
    assert!(!message.contains('\u{1b}'), "a raw escape character");
    assert!(
        message.chars().count() < 400,
        "{} characters",
        message.len()
    );
    // Through a file: the position once, as FILE:LINE:COLUMN.
    let dir = scratch("messages");
    let path = dir.join("bad.json");
    std::fs::write(
        &path,
        r#"{"factgraph": 2, "entities": [{"id": "a", "kind": "person", "name": " "}]}"#,
    )
    .expect("write");
    let e = KnowledgeGraph::new()
        .merge_path(&path, &factgraph::corpus::MergePolicy::new())
        .expect_err("refused");
    assert!(
        e.to_string()
            .ends_with("bad.json:1:69: entity `a` has an empty name"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}
