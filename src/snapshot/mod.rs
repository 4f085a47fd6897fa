//! Binary snapshots: a built graph saved to bytes and opened again, checked end to end.
//!
//! This build writes version 4 and reads versions 4, 3 and 1.
//!
//! # Versions 3 and 4: the graph as it lives in memory
//!
//! Version 4 (issue 21, session 9) differs from version 3 in two places. It has no date
//! index over all facts (unfiltered windows read the per-relation indexes), and it stores
//! each distinct date once: a fact's date and an attribution's report date are `u32`
//! numbers into a section of the distinct dates before them. Both save memory and file:
//! 4 to 8 bytes per dated fact for the index, 4 bytes per date for the pools. A version-3
//! file is opened by checking its all-facts index like the rest and leaving it unused, and
//! by numbering its dates into pools as they are read (so its fact dates are not mapped).
//! Where this documentation and the code say "version 3" of the layout, they mean both.
//!
//! A 32-byte header, the sections, the section table and a 24-byte footer. All integers
//! are little-endian.
//!
//! | bytes | field |
//! |---|---|
//! | 0–7 | magic `FGSNAP\r\n` (the line ending catches text-mode mangling) |
//! | 8–11 | format version, `4` (`3` for the older files) |
//! | 12–15 | flags, `0` (anything else is refused) |
//! | 16–27 | zero (version 1 keeps its body's length and checksum here) |
//! | 28–31 | CRC-32 (IEEE) of bytes 0–27 |
//!
//! Each section is an array of fixed-size values (bytes, `u32`, `i32`, `u64`, pairs and
//! triples of them) or the bytes of an inner encoding (strings and optional fields, in the
//! version-1 encoding below), starting at a multiple of 8 bytes, right after the section
//! before it (the padding between them is zeros). The table has one 24-byte entry per
//! section: the value kind and size, two zero bytes, the section's CRC-32, its offset and
//! its length. The footer: the table's offset (`u64`), the number of sections (`u32`), the
//! table's CRC-32, the CRC-32 of those 16 bytes, and the end mark `FGv3`.
//!
//! The sections, in order: the counts of entities, reports and facts (three `u64`s); the
//! title, entities, reports and merged keys (one section, in the version-1 encoding); the
//! dense fact columns (relation, modality, the distinct dates (version 4), date (version 4:
//! its number), subject, object, attribution list); the sparse qualifiers (rows, then values: place, recipient, role, the role titles, note,
//! valid time, recurrence, edition); the attribution pool (list starts, the distinct
//! report dates (version 4), the records of source, speaker and report date (version 4:
//! its number), and the rare parts as a sparse column); the adjacency
//! index (offsets, entries, the delta of recent commits, the hubs' directories); the date
//! index (version 3 only: the same for all facts first; then the number of relations and,
//! per relation: the buffer, the day counts, and each span class); the undated facts; the facts by relation; the facts not reported; the facts by
//! source and by report.
//!
//! # Opening version 3
//!
//! [`KnowledgeGraph::open_snapshot`] (and [`KnowledgeGraph::load_snapshot`] and
//! [`KnowledgeGraph::from_snapshot`] on bytes) reads the footer and the table first and
//! checks that every section lies inside the file, in order and aligned, so no length read
//! from the file can reserve more than the file holds. It then takes the sections in order,
//! each through its checksum: a damaged section is refused before its values are used.
//! `open_snapshot` maps the file and uses the sections of plain values (the adjacency and
//! date indexes, the fact lists by relation, the facts' dates and attribution list
//! numbers) in place, from the file's pages; the others, and every section for
//! `load_snapshot` and `from_snapshot`, are read a megabyte at a time straight into the
//! vector the graph keeps. A file of a megabyte or more is read by two threads, each
//! through its own handle: one reads the entities, reports and fact columns, the other the
//! attribution pool and the indexes, both bounded by the counts at the start, which are
//! then checked against what was read. The entities and reports go through the validated
//! batch (keys unique, kinds, the key and name indexes built). Every other section is checked
//! in one linear pass, without rebuilding anything: ids and offsets in bounds, lists
//! sorted where a search relies on it, dates valid, lengths consistent, and the facts by
//! relation against the relation column. A file whose checksums were forged can then
//! hold indexes that disagree with the columns (wrong answers), but never anything that
//! makes a query read out of bounds, panic or loop; proving full agreement would be the
//! rebuild this version exists to avoid. Open version-1 files, or re-save, for that.
//!
//! The layout is that of the vectors in memory, aligned, so that a memory map serves the
//! sections in place. Entity ids are the exception: the graph keeps each as the
//! complement of its position (so that an optional id takes four bytes) and the file
//! stores positions, so the columns of ids (a fact's ends, an attribution's source and
//! speaker) are read and converted. A mapped graph is like any other: it takes new facts
//! (the first change to a mapped column copies it), and its file is never written. What
//! it asks of the caller is that the file is not rewritten in place while the graph is in
//! use (see [`KnowledgeGraph::open_snapshot`]); `load_snapshot` asks nothing.
//!
//! # Version 1
//!
//! A 32-byte header, then the body.
//!
//! | bytes | field |
//! |---|---|
//! | 0–7 | magic `FGSNAP\r\n` |
//! | 8–11 | format version, `1` |
//! | 12–15 | flags, `0` (anything else is refused) |
//! | 16–23 | body length in bytes |
//! | 24–27 | CRC-32 (IEEE) of the body |
//! | 28–31 | CRC-32 of bytes 0–27 |
//!
//! The body holds, in order: the title (optional string); the entities (a count, then per
//! position a tag, `0` for the placeholder of a rolled-back id or `1` followed by key, kind,
//! name, aliases, attributes (in name order, each name once) and note); the reports (the same scheme: key, outlet, headline,
//! address, publication date, language, author); the facts (relation, modality, date,
//! subject, object, then the optional place, recipient, role, note and valid time, then the
//! attributions: source, speaker, report date, report, quote, inference, claimed date, note,
//! claimed valid time); and the keys merges retired, with the entity each now names. A
//! string is a `u32` byte length and UTF-8; an optional value is a tag byte (`0` absent, `1`
//! present) and the value; a date is the 8-byte packed form of [`FactDate`](crate::FactDate), accepted only if
//! a valid date packs to it; kinds, relations and modalities are their positions in
//! [`EntityKind::ALL`](crate::EntityKind::ALL), [`Relation::ALL`] and
//! [`Modality::ALL`](crate::Modality::ALL).
//!
//! # Checks of version 1
//!
//! Loading checks the magic, the version, the flags, both checksums and the length before
//! reading the body, so a truncated, corrupted or foreign file is refused with a typed
//! [`SnapshotError`]; it then decodes every value with bounds, UTF-8, tag and date checks,
//! and adds the content through the same validated batch as every other load (keys unique,
//! ids in range, kinds the schema allows), so even a file whose checksum was forged never
//! yields a wrong graph or a panic. Nothing is shared with the graph being built until the
//! whole file has passed.
//!
//! A count read from the file is accepted only if the bytes left can hold that many
//! items, and it never reserves more than those bytes could hold as real items, nor more
//! than a chunk: memory follows what the file contains, not what it claims. Placeholders
//! (one byte each in the file) are capped at [`MAX_PLACEHOLDERS`] per section.
//!
//! Version 1 stores no index: every index is rebuilt through the validated batch on load,
//! which is why version 3 exists (the `scale` example measures both against the floor).

mod codec;
mod sections;
mod v3;

use std::io::{self, Seek, Write};
use std::path::Path;

use codec::{Reader, Writer};

use crate::error::GraphError;
use crate::model::attribution::{Attribution, AttributionExtra};
use crate::model::entity::Entity;
use crate::model::fact::{Extra, Fact, Role};
use crate::model::ids::{EntityId, ReportId};
use crate::model::kind::EntityKind;
use crate::model::modality::Modality;
use crate::model::quantity::{Amount, Quantity, QuantityKind, Unit};
use crate::model::recurrence::Recurrence;
use crate::model::relation::Relation;
use crate::model::report::Report;
use crate::store::graph::KnowledgeGraph;

/// The first eight bytes of every snapshot.
pub const MAGIC: [u8; 8] = *b"FGSNAP\r\n";
/// The format version this build writes. It reads this one and versions 3 and 1.
pub const VERSION: u32 = 4;
/// The versions this build reads.
pub const READS_VERSIONS: [u32; 3] = [1, 3, 4];
/// Bytes in the header.
pub const HEADER_LEN: usize = 32;

/// Why a snapshot could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The file could not be read or written.
    #[error("snapshot {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// The bytes do not start with the snapshot magic.
    #[error("not a factgraph snapshot (the first bytes are not the snapshot magic)")]
    NotASnapshot,
    /// A format version this build does not read.
    #[error("snapshot format version {found}; this build reads versions 1, 3 and {supported}")]
    Version {
        /// The file's version.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// Flags this build does not know.
    #[error("snapshot flags {0:#x} are not known to this build")]
    Flags(u32),
    /// The file is shorter than its header says.
    #[error("snapshot truncated at byte {offset}: {what}")]
    Truncated {
        /// Where the data ran out (from the start of the body, or of the file for the header).
        offset: usize,
        /// What was being read.
        what: String,
    },
    /// The file is longer than its header says.
    #[error("snapshot has {extra} bytes after its body")]
    TrailingBytes {
        /// How many.
        extra: usize,
    },
    /// A checksum does not match: the file was corrupted.
    #[error(
        "snapshot {part} checksum mismatch (stored {stored:#010x}, computed {computed:#010x}): the file is corrupted"
    )]
    Checksum {
        /// `header` or `body`.
        part: &'static str,
        /// The checksum in the file.
        stored: u32,
        /// The checksum of the bytes.
        computed: u32,
    },
    /// A value in the body is not valid.
    #[error("snapshot body byte {offset}: {what}")]
    Invalid {
        /// The offset from the start of the body.
        offset: usize,
        /// What is wrong.
        what: String,
    },
    /// The content breaks a rule of the graph (a duplicate key, a dangling id, a kind the
    /// schema does not allow).
    #[error("snapshot {item}: {source}")]
    Graph {
        /// Which item, e.g. `fact 12`.
        item: String,
        /// The rule broken.
        #[source]
        source: GraphError,
    },
}

/// CRC-32 (IEEE, as zlib and PNG use), by the crc32fast crate (SIMD where the CPU has it).
fn crc32(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

impl KnowledgeGraph {
    /// The graph as a binary snapshot (see [`snapshot`](crate::snapshot) for the format).
    ///
    /// ```
    /// use factgraph::{datasets, KnowledgeGraph};
    /// let g = datasets::edm_2004_v1_i133();
    /// let bytes = g.to_snapshot();
    /// assert_eq!(KnowledgeGraph::from_snapshot(&bytes)?, *g);
    /// # Ok::<(), factgraph::snapshot::SnapshotError>(())
    /// ```
    pub fn to_snapshot(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a vector cannot fail.
        let _ = self.write_snapshot(&mut out);
        out
    }

    /// The graph as a version-1 snapshot, for a reader that knows only version 1 (this
    /// build reads both; version 1 is rebuilt through the validated batch when loaded).
    ///
    /// ```
    /// use factgraph::{datasets, KnowledgeGraph};
    /// let g = datasets::edm_2004_v1_i133();
    /// assert_eq!(KnowledgeGraph::from_snapshot(&g.to_snapshot_v1())?, *g);
    /// # Ok::<(), factgraph::snapshot::SnapshotError>(())
    /// ```
    pub fn to_snapshot_v1(&self) -> Vec<u8> {
        let mut w = Writer::default();
        self.encode(&mut w);
        frame(&w.bytes)
    }

    /// Writes the snapshot (version 4) to `w`, streamed a megabyte at a time.
    ///
    /// # Errors
    ///
    /// The writer's error.
    pub fn write_snapshot(&self, mut w: impl Write) -> io::Result<()> {
        v3::write(self, &header_of(VERSION, 0, 0), &mut w)
    }

    /// Saves the snapshot (version 4) to `path`, atomically: a reader sees the old file or
    /// the new one, never half of one.
    ///
    /// # Errors
    ///
    /// [`SnapshotError::Io`] if the file cannot be written; the old file is then unchanged.
    pub fn save_snapshot(&self, path: impl AsRef<Path>) -> Result<(), SnapshotError> {
        let path = path.as_ref();
        crate::interchange::file::write_atomically(path, |file| self.write_snapshot(file)).map_err(
            |source| SnapshotError::Io {
                path: path.display().to_string(),
                source,
            },
        )
    }

    /// Opens a snapshot file of any version this build reads: versions 4 and 3 without
    /// rebuilding anything (its columns and indexes are used as they are, checked in one
    /// linear pass), version 1 by rebuilding every index through the validated batch.
    ///
    /// A version-4 or 3 file is **memory-mapped**: the adjacency index, the date index, the
    /// fact lists by relation, the facts' dates and their attribution list numbers (more
    /// than half of a large graph) are served straight from the file's pages in the page
    /// cache, never copied, and shared by every process that opens the same file; the
    /// rest (entities, reports, the facts' relations, modalities and ends, attributions,
    /// qualifiers) is read into the graph's own memory. The first change to a mapped part
    /// (a new fact, a merge) copies that part; the file is never written. [`mapped_bytes`](Self::mapped_bytes) says how much is mapped. Where
    /// mapping fails (a file system without it), the file is read as
    /// [`load_snapshot`](Self::load_snapshot) does.
    ///
    /// **Do not change the file in place while the graph is in use.** As with every
    /// memory-mapped store, a file that another program rewrites or truncates under a
    /// mapping can change what the graph answers, make a query panic on a value that was
    /// checked before the change, or end the process (`SIGBUS` on a truncated file).
    /// factgraph's own writers ([`save_snapshot`](Self::save_snapshot) and the command-line
    /// tool) never do: they write a new file and rename it over the old one, which leaves
    /// a mapped file as it was (on Unix; Windows refuses to replace a file while it is
    /// mapped, so there a save over the path of an open graph fails with an I/O error and
    /// leaves both as they were). For a file that may change, use
    /// [`load_snapshot`](Self::load_snapshot).
    ///
    /// ```
    /// use factgraph::{datasets, KnowledgeGraph};
    /// let g = datasets::edm_2004_v1_i133();
    /// let path = std::env::temp_dir().join(format!("seed-{}.fgsnap", std::process::id()));
    /// g.save_snapshot(&path)?;
    /// let opened = KnowledgeGraph::open_snapshot(&path)?;
    /// assert_eq!(opened, *g);
    /// assert_eq!(opened.find("sembinov")?.name(), "Bolat Sembinov");
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SnapshotError::Io`] if the file cannot be read, and every error of
    /// [`from_snapshot`](Self::from_snapshot).
    pub fn open_snapshot(path: impl AsRef<Path>) -> Result<KnowledgeGraph, SnapshotError> {
        Self::open_snapshot_with(path.as_ref(), true)
    }

    /// [`open_snapshot`](Self::open_snapshot) (`map`) or
    /// [`load_snapshot`](Self::load_snapshot).
    fn open_snapshot_with(path: &Path, map: bool) -> Result<KnowledgeGraph, SnapshotError> {
        use std::io::Read;
        let shown = path.display().to_string();
        let io = |source| SnapshotError::Io {
            path: shown.clone(),
            source,
        };
        // Checked before opening: opening a FIFO would block.
        crate::interchange::file::regular_file_len(path).map_err(io)?;
        let file = std::fs::File::open(path).map_err(io)?;
        let file_len = file.metadata().map_err(io)?.len();
        let mut head = Vec::with_capacity(HEADER_LEN);
        (&file)
            .take(HEADER_LEN as u64)
            .read_to_end(&mut head)
            .map_err(io)?;
        let (version, _, _) = parse_header(&head)?;
        if version == 1 {
            return Self::load_snapshot_v1(file, file_len, path);
        }
        let result = if map {
            match crate::store::column::Mapping::map(&file) {
                Ok(m) => {
                    // Two cursors on the mapped bytes: one per thread.
                    let bytes = sections::MapBytes(std::sync::Arc::clone(&m));
                    let len = bytes.as_ref().len() as u64;
                    let mut first = io::Cursor::new(bytes.clone());
                    let mut second = io::Cursor::new(bytes);
                    v3::read(version, &mut first, Some(&mut second), len, Some(m))
                }
                Err(_) => Self::read_v3(version, file, file_len, path),
            }
        } else {
            Self::read_v3(version, file, file_len, path)
        };
        result.map_err(|e| match e {
            SnapshotError::Io { source, .. } => SnapshotError::Io {
                path: shown.clone(),
                source,
            },
            e => e,
        })
    }

    /// Loads a snapshot file of either version into the graph's own memory, a megabyte at
    /// a time, without mapping it: the file may change or go once this returns. Otherwise
    /// the same as [`open_snapshot`](Self::open_snapshot) (the name earlier versions gave
    /// it), which maps a version-3 file and so opens a large one faster, in less private
    /// memory.
    ///
    /// # Errors
    ///
    /// Those of [`open_snapshot`](Self::open_snapshot).
    pub fn load_snapshot(path: impl AsRef<Path>) -> Result<KnowledgeGraph, SnapshotError> {
        Self::open_snapshot_with(path.as_ref(), false)
    }

    /// A version-3 or 4 file read (not mapped) through two handles.
    fn read_v3(
        version: u32,
        mut file: std::fs::File,
        file_len: u64,
        path: &Path,
    ) -> Result<KnowledgeGraph, SnapshotError> {
        // A second handle, so that a second thread reads the indexes (with its own
        // offset: a cloned handle would share this one's).
        let mut second = std::fs::File::open(path).map_err(|source| SnapshotError::Io {
            path: path.display().to_string(),
            source,
        })?;
        v3::read(version, &mut file, Some(&mut second), file_len, None)
    }

    /// A version-1 file, its header read: the body is decoded as it is read, a megabyte at
    /// a time, and its checksum checked at the end, before the batch is applied: the file
    /// is never held whole.
    fn load_snapshot_v1(
        file: std::fs::File,
        file_len: u64,
        path: &Path,
    ) -> Result<KnowledgeGraph, SnapshotError> {
        let (_, body_len, body_crc) = {
            use std::io::Read;
            let mut head = Vec::with_capacity(HEADER_LEN);
            (&file)
                .seek(io::SeekFrom::Start(0))
                .map_err(|source| SnapshotError::Io {
                    path: path.display().to_string(),
                    source,
                })?;
            (&file)
                .take(HEADER_LEN as u64)
                .read_to_end(&mut head)
                .map_err(|source| SnapshotError::Io {
                    path: path.display().to_string(),
                    source,
                })?;
            parse_header(&head)?
        };
        let have = file_len.saturating_sub(HEADER_LEN as u64);
        if have < body_len {
            return Err(SnapshotError::Truncated {
                offset: usize::try_from(file_len).unwrap_or(usize::MAX),
                what: format!("body of {body_len} bytes"),
            });
        }
        if have > body_len {
            return Err(SnapshotError::TrailingBytes {
                extra: usize::try_from(have - body_len).unwrap_or(usize::MAX),
            });
        }
        let len = usize::try_from(body_len).map_err(|_| SnapshotError::Truncated {
            offset: 0,
            what: format!("body of {body_len} bytes (more than this machine addresses)"),
        })?;
        let mut input: &std::fs::File = &file;
        let mut r = Reader::streamed(&mut input, len, path.display().to_string());
        let mut graph = KnowledgeGraph::new();
        let decoded = (|| {
            let title = r.opt_str("title")?.map(str::to_owned);
            graph.apply(|batch| {
                decode_into(&mut r, batch)?;
                if !r.is_done() {
                    return Err(r.invalid("bytes left after the last section"));
                }
                match r.finish_checksum()? {
                    Some(computed) if computed != body_crc => Err(SnapshotError::Checksum {
                        part: "body",
                        stored: body_crc,
                        computed,
                    }),
                    _ => Ok(()),
                }
            })?;
            Ok(title)
        })();
        match decoded {
            Ok(title) => {
                graph.set_title(title);
                Ok(graph)
            }
            Err(e @ (SnapshotError::Checksum { .. } | SnapshotError::Io { .. })) => Err(e),
            Err(e) => {
                // A damaged body is reported as damaged, whatever decoding tripped over
                // first (as when the whole file is checked before decoding).
                match r.finish_checksum() {
                    Ok(Some(computed)) if computed != body_crc => Err(SnapshotError::Checksum {
                        part: "body",
                        stored: body_crc,
                        computed,
                    }),
                    _ => Err(e),
                }
            }
        }
    }

    /// The graph a snapshot holds, after checking all of it.
    ///
    /// ```
    /// use factgraph::{datasets, KnowledgeGraph, snapshot::SnapshotError};
    /// let mut bytes = datasets::edm_2004_v1_i133().to_snapshot();
    /// let middle = bytes.len() / 2;
    /// bytes[middle] ^= 1; // one flipped bit
    /// assert!(matches!(KnowledgeGraph::from_snapshot(&bytes), Err(SnapshotError::Checksum { .. })));
    /// assert!(matches!(KnowledgeGraph::from_snapshot(&bytes[..40]), Err(SnapshotError::Truncated { .. })));
    /// assert!(matches!(KnowledgeGraph::from_snapshot(b"{\"entities\": []}"), Err(SnapshotError::NotASnapshot)));
    /// ```
    ///
    /// # Errors
    ///
    /// [`SnapshotError::NotASnapshot`], [`Version`](SnapshotError::Version) or
    /// [`Flags`](SnapshotError::Flags) for a foreign file;
    /// [`Truncated`](SnapshotError::Truncated), [`TrailingBytes`](SnapshotError::TrailingBytes)
    /// or [`Checksum`](SnapshotError::Checksum) for a damaged one;
    /// [`Invalid`](SnapshotError::Invalid) or [`Graph`](SnapshotError::Graph) for content
    /// that is not a valid graph.
    pub fn from_snapshot(bytes: &[u8]) -> Result<KnowledgeGraph, SnapshotError> {
        let (version, _, _) = parse_header(bytes)?;
        if version != 1 {
            return v3::read(
                version,
                &mut io::Cursor::new(bytes),
                Some(&mut io::Cursor::new(bytes)),
                bytes.len() as u64,
                None,
            );
        }
        let body = check_header(bytes)?;
        let mut r = Reader::new(body);
        let mut graph = KnowledgeGraph::new();
        let title = r.opt_str("title")?.map(str::to_owned);
        graph.apply(|batch| decode_into(&mut r, batch))?;
        if !r.is_done() {
            return Err(r.invalid("bytes left after the last section"));
        }
        graph.set_title(title);
        Ok(graph)
    }

    fn encode(&self, w: &mut Writer) {
        w.opt_str(self.title());
        self.encode_entities(w);
        self.encode_facts(w);
        self.encode_merged(w);
    }

    /// The entities and reports (v1 layout; v3 keeps it for them).
    pub(crate) fn encode_entities(&self, w: &mut Writer) {
        w.len(self.entities.len());
        for (i, e) in self.entities.iter().enumerate() {
            if self.is_burnt(i) {
                w.u8(0);
                continue;
            }
            w.u8(1);
            w.str(&e.key);
            w.u8(e.kind.slot() as u8);
            w.str(&e.name);
            w.len(e.aliases.len());
            for a in &e.aliases {
                w.str(a);
            }
            w.len(e.attributes.len());
            for (k, v) in &e.attributes {
                w.str(k);
                w.str(v);
            }
            w.opt_str(e.note.as_deref());
        }
        w.len(self.reports.len());
        for (i, r) in self.reports.iter().enumerate() {
            if self.is_burnt_report(i) {
                w.u8(0);
                continue;
            }
            w.u8(1);
            w.str(&r.key);
            w.u32(r.outlet.index() as u32);
            w.opt_str(r.headline.as_deref());
            w.opt_str(r.url.as_deref());
            w.date(r.published);
            w.opt_str(r.language.as_deref());
            w.opt_str(r.author.as_deref());
        }
    }

    fn encode_facts(&self, w: &mut Writer) {
        w.len(self.facts.len());
        for f in self.facts.iter() {
            w.u8(f.relation().slot() as u8);
            let modality = Modality::ALL.iter().position(|m| *m == f.modality());
            w.u8(modality.unwrap_or(0) as u8);
            w.date(f.date());
            w.u32(f.subject().index() as u32);
            w.u32(f.object().index() as u32);
            let (place, recipient, role, note, valid) =
                (f.place(), f.recipient(), f.role(), f.note(), f.valid());
            let (recurrence, edition) = (f.recurrence(), f.edition_number());
            if place.is_none()
                && recipient.is_none()
                && role.is_none()
                && note.is_none()
                && valid.is_none()
                && recurrence.is_none()
                && edition.is_none()
            {
                w.u8(0);
            } else {
                // Tag 2 adds recurrence and edition (issue 19), so that facts without
                // them keep the layout of tag 1.
                let cycle = recurrence.is_some() || edition.is_some();
                w.u8(if cycle { 2 } else { 1 });
                w.opt_u32(place.map(|p| p.index() as u32));
                w.opt_u32(recipient.map(|p| p.index() as u32));
                match role {
                    None => w.u8(0),
                    Some(role) => {
                        w.u8(1);
                        w.str(&role.title);
                        w.opt_str(role.rank.as_deref());
                    }
                }
                w.opt_str(note);
                w.date(valid.unwrap_or(crate::model::date::FactDate::UNKNOWN));
                if cycle {
                    match recurrence.map(|r| r.code()) {
                        None => w.u8(0),
                        Some((every, unit)) => {
                            w.u8(1);
                            w.u32(u32::from(every));
                            w.u8(unit);
                        }
                    }
                    w.opt_u32(edition.map(|e| e.get()));
                }
            }
            w.len(f.sources().len());
            for a in f.sources().iter() {
                w.u32(a.source().index() as u32);
                w.opt_u32(a.speaker().map(|s| s.index() as u32));
                w.date(a.reported());
                encode_extra(w, a.extra());
            }
        }
    }

    /// The keys merges retired, in key order, with the entity each now names.
    pub(crate) fn encode_merged(&self, w: &mut Writer) {
        let mut merged: Vec<(&String, &EntityId)> = self.merged_keys.iter().collect();
        merged.sort_unstable();
        w.len(merged.len());
        for (k, id) in merged {
            w.str(k);
            w.u32(id.index() as u32);
        }
    }
}

/// A version-1 snapshot of `body`: the header (magic, version, flags, length, both
/// checksums) and the body. What [`KnowledgeGraph::to_snapshot`] writes around the graph's body; public
/// for tools and tests that craft bodies of their own (the checksums guard against
/// corruption, not forgery: a crafted body still meets every check of the decoder).
///
/// ```
/// use factgraph::{KnowledgeGraph, snapshot};
/// let g = factgraph::datasets::edm_2004_v1_i133();
/// let bytes = g.to_snapshot_v1();
/// let body = &bytes[snapshot::HEADER_LEN..];
/// assert_eq!(snapshot::frame(body), bytes);
/// // A crafted body gets past the checksums and is refused by the decoder.
/// let refused = KnowledgeGraph::from_snapshot(&snapshot::frame(b"\x01\x02"));
/// assert!(matches!(refused, Err(snapshot::SnapshotError::Invalid { .. } | snapshot::SnapshotError::Truncated { .. })));
/// ```
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&header(body.len() as u64, crc32(body)));
    out.extend_from_slice(body);
    out
}

/// Recomputes the checksums of a version-3 snapshot in place: every section's, the
/// section table's and the header's. For tools and tests that alter a file on purpose
/// (a fuzzer, a hostile-input test): the checksums guard against damage, not forgery, so
/// an altered file must still meet every check of the opener. Bytes that do not look
/// like a version-3 file are left as they are.
///
/// ```
/// use factgraph::{KnowledgeGraph, snapshot};
/// let g = factgraph::datasets::edm_2004_v1_i133();
/// let mut bytes = g.to_snapshot();
/// let at = bytes.len() / 2;
/// bytes[at] ^= 0x55;
/// snapshot::reseal(&mut bytes);
/// // Past the checksums, the damage is caught by the checks of the values, or is a value
/// // that is still in bounds: never a panic.
/// let _ = KnowledgeGraph::from_snapshot(&bytes);
/// ```
pub fn reseal(bytes: &mut [u8]) {
    if bytes.get(..MAGIC.len()) != Some(&MAGIC[..]) {
        return;
    }
    sections::reseal(bytes, HEADER_LEN);
    let crc_at = HEADER_LEN - 4;
    let crc = crc32(bytes.get(..crc_at).unwrap_or(&[]));
    if let Some(slot) = bytes.get_mut(crc_at..HEADER_LEN) {
        slot.copy_from_slice(&crc.to_le_bytes());
    }
}

/// The header of a version-1 body of `len` bytes with checksum `crc`.
fn header(len: u64, crc: u32) -> [u8; HEADER_LEN] {
    header_of(1, len, crc)
}

/// The header of version `version`: magic, version, flags, the body's length and
/// checksum (zero in version 3, whose sections carry their own), the header's checksum.
fn header_of(version: u32, len: u64, crc: u32) -> [u8; HEADER_LEN] {
    let mut out = [0u8; HEADER_LEN];
    let mut at = 0;
    let header_crc_at = HEADER_LEN - 4;
    for part in [
        &MAGIC[..],
        &version.to_le_bytes(),
        &0u32.to_le_bytes(),
        &len.to_le_bytes(),
        &crc.to_le_bytes(),
    ] {
        if let Some(slot) = out.get_mut(at..at + part.len()) {
            slot.copy_from_slice(part);
        }
        at += part.len();
    }
    let header_crc = crc32(out.get(..header_crc_at).unwrap_or(&[]));
    if let Some(slot) = out.get_mut(header_crc_at..) {
        slot.copy_from_slice(&header_crc.to_le_bytes());
    }
    out
}

/// The body, after the header's checks.
fn check_header(bytes: &[u8]) -> Result<&[u8], SnapshotError> {
    let (_, body_len, body_crc) = parse_header(bytes)?;
    let body = bytes.get(HEADER_LEN..).unwrap_or(&[]);
    let want = usize::try_from(body_len).unwrap_or(usize::MAX);
    if body.len() < want {
        return Err(SnapshotError::Truncated {
            offset: bytes.len(),
            what: format!("body of {body_len} bytes"),
        });
    }
    if body.len() > want {
        return Err(SnapshotError::TrailingBytes {
            extra: body.len() - want,
        });
    }
    let computed = crc32(body);
    if computed != body_crc {
        return Err(SnapshotError::Checksum {
            part: "body",
            stored: body_crc,
            computed,
        });
    }
    Ok(body)
}

/// The version, the body's length and its checksum, after checking the header at the
/// start of `bytes`.
fn parse_header(bytes: &[u8]) -> Result<(u32, u64, u32), SnapshotError> {
    let field = |at: usize, n: usize, what: &str| {
        bytes
            .get(at..at + n)
            .ok_or_else(|| SnapshotError::Truncated {
                offset: bytes.len(),
                what: format!("header {what}"),
            })
    };
    let u32_at = |at: usize, what: &str| -> Result<u32, SnapshotError> {
        let mut a = [0u8; 4];
        a.copy_from_slice(field(at, 4, what)?);
        Ok(u32::from_le_bytes(a))
    };
    if bytes.len() < MAGIC.len() {
        return Err(if MAGIC.starts_with(bytes) && !bytes.is_empty() {
            SnapshotError::Truncated {
                offset: bytes.len(),
                what: "header magic".into(),
            }
        } else {
            SnapshotError::NotASnapshot
        });
    }
    if field(0, 8, "magic")? != MAGIC {
        return Err(SnapshotError::NotASnapshot);
    }
    let version = u32_at(8, "version")?;
    if !READS_VERSIONS.contains(&version) {
        return Err(SnapshotError::Version {
            found: version,
            supported: VERSION,
        });
    }
    let flags = u32_at(12, "flags")?;
    let mut len = [0u8; 8];
    len.copy_from_slice(field(16, 8, "body length")?);
    let body_len = u64::from_le_bytes(len);
    let body_crc = u32_at(24, "body checksum")?;
    let header_crc = u32_at(28, "header checksum")?;
    let computed = crc32(field(0, 28, "fields")?);
    if computed != header_crc {
        return Err(SnapshotError::Checksum {
            part: "header",
            stored: header_crc,
            computed,
        });
    }
    if flags != 0 {
        return Err(SnapshotError::Flags(flags));
    }
    Ok((version, body_len, body_crc))
}

/// The error for item `i` of a section (made only on failure: a `format!` per item was a
/// third of decoding).
fn graph_error(what: &str, i: usize, source: GraphError) -> SnapshotError {
    SnapshotError::Graph {
        item: format!("{what} {i}"),
        source,
    }
}

/// An entity id (any index a graph can hold; the batch checks that it names an entity).
fn entity(r: &mut Reader<'_>, what: &str) -> Result<EntityId, SnapshotError> {
    let raw = r.u32(what)?;
    EntityId::from_index(raw as usize).ok_or_else(|| r.invalid(format!("{what}: id {raw}")))
}

fn opt_entity(r: &mut Reader<'_>, what: &str) -> Result<Option<EntityId>, SnapshotError> {
    match r.opt_u32(what)? {
        None => Ok(None),
        Some(raw) => EntityId::from_index(raw as usize)
            .map(Some)
            .ok_or_else(|| r.invalid(format!("{what}: id {raw}"))),
    }
}

/// The fewest bytes a present entity takes: tag, key length, kind, name length, alias
/// count, attribute count, note tag.
const MIN_ENTITY_BYTES: usize = 1 + 4 + 1 + 4 + 4 + 4 + 1;

/// The most room reserved at once from a count read from a file (items, not bytes):
/// beyond it, storage grows as items are decoded, so what a load holds in memory follows
/// what the file really contains, never what a count claims.
const RESERVE_CHUNK: usize = 1 << 20;

/// The most placeholders (ids of rolled-back batches) a snapshot may hold per section. A
/// placeholder is one byte in the file but a slot of about a hundred bytes in memory, so
/// without a cap a 256 MiB file of them would ask for some 30 GB; 1 Mi of them cost
/// about 130 MB. A graph that burnt more ids than that (rolled-back transactions) saves a
/// snapshot this loader refuses: save it as JSON, which carries no placeholders.
pub const MAX_PLACEHOLDERS: usize = 1 << 20;

fn too_many_placeholders(what: &str) -> String {
    format!("more than {MAX_PLACEHOLDERS} {what} placeholders (ids of rolled-back batches)")
}

/// Room to reserve for a count of `n` items of at least `min_bytes` each with `left`
/// bytes of body left: no more than the bytes can hold, and no more than a chunk.
fn reservation(n: usize, left: usize, min_bytes: usize) -> usize {
    n.min(left / min_bytes.max(1)).min(RESERVE_CHUNK)
}

/// A quantity: kind, amount (tag and two values), unit (tag, and a currency's three
/// letters), and what is counted.
fn encode_quantity(w: &mut Writer, q: &Quantity) {
    w.u8(q.kind().code());
    let (tag, a, b) = q.amount().code();
    w.u8(tag);
    w.u64(a);
    w.u64(b);
    match q.unit() {
        None => w.u8(0),
        Some(Unit::Currency(c)) => {
            w.u8(1);
            w.str(c.as_str());
        }
        Some(Unit::Day) => w.u8(2),
        Some(Unit::Week) => w.u8(3),
        Some(Unit::Month) => w.u8(4),
        Some(Unit::Year) => w.u8(5),
    }
    w.opt_str(q.what());
}

/// The quantities of an attribution of fact `i`, each checked as [`Quantity::new`] checks
/// it.
fn decode_quantities(r: &mut Reader<'_>, i: usize) -> Result<Vec<Quantity>, SnapshotError> {
    // 20 bytes at least: kind, amount tag, two values, unit tag, `of` tag.
    let n = r.count(20, "quantity count")?;
    let mut out = Vec::with_capacity(reservation(n, r.left(), 20));
    for _ in 0..n {
        let at = r.offset();
        let bad = |what: String| SnapshotError::Invalid {
            offset: at,
            what: format!("fact {i}: {what}"),
        };
        let kind = r.u8("quantity kind")?;
        let kind =
            QuantityKind::from_code(kind).ok_or_else(|| bad(format!("quantity kind {kind}")))?;
        let tag = r.u8("amount tag")?;
        let a = r.u64("amount")?;
        let b = r.u64("amount")?;
        let amount =
            Amount::from_code(tag, a, b).ok_or_else(|| bad(format!("amount {tag} {a} {b}")))?;
        let unit = match r.u8("unit tag")? {
            0 => None,
            1 => Some(Unit::Currency(
                r.str("currency")?
                    .parse()
                    .map_err(|e: crate::QuantityError| bad(e.to_string()))?,
            )),
            2 => Some(Unit::Day),
            3 => Some(Unit::Week),
            4 => Some(Unit::Month),
            5 => Some(Unit::Year),
            t => return Err(bad(format!("unit tag {t}"))),
        };
        let mut q = Quantity::new(kind, amount, unit).map_err(|e| bad(e.to_string()))?;
        if let Some(of) = r.opt_str("quantity of")? {
            q = q.of(of).map_err(|e| bad(e.to_string()))?;
        }
        out.push(q);
    }
    Ok(out)
}

/// An attribution's extra part: a tag (`0` none; `1`; `2` adds the claimed place; `3`
/// adds the quantities after it), then its fields. Tags 2 and 3 came later, so that
/// snapshots without those fields keep the layout of tag 1.
pub(crate) fn encode_extra(w: &mut Writer, extra: Option<&AttributionExtra>) {
    let Some(x) = extra else {
        w.u8(0);
        return;
    };
    let quantities = x.quantities.as_deref().map_or(&[][..], |v| v.as_slice());
    w.u8(if !quantities.is_empty() {
        3
    } else if x.claimed_place.is_some() {
        2
    } else {
        1
    });
    w.opt_u32(x.report.map(|r| r.index() as u32));
    w.opt_str(x.quote.as_deref());
    w.opt_str(x.inferred.as_deref());
    w.opt_date(x.claimed);
    w.opt_str(x.note.as_deref());
    w.opt_date(x.claimed_valid);
    if !quantities.is_empty() {
        w.u8(u8::from(x.claimed_place.is_some()));
    }
    if let Some(place) = x.claimed_place {
        w.opt_u32(place.map(|p| p.index() as u32));
    }
    if !quantities.is_empty() {
        w.len(quantities.len());
        for q in quantities {
            encode_quantity(w, q);
        }
    }
}

/// The extra part [`encode_extra`] wrote; `i` names the fact in errors.
pub(crate) fn decode_extra(
    r: &mut Reader<'_>,
    i: usize,
) -> Result<Option<Box<AttributionExtra>>, SnapshotError> {
    Ok(match r.u8("attribution extra tag")? {
        0 => None,
        tag @ (1..=3) => Some(Box::new(AttributionExtra {
            report: match r.opt_u32("report")? {
                None => None,
                Some(raw) => Some(
                    ReportId::from_index(raw as usize)
                        .ok_or_else(|| r.invalid(format!("report id {raw}")))?,
                ),
            },
            quote: r.opt_str("quote")?.map(Box::from),
            inferred: r.opt_str("inference")?.map(Box::from),
            claimed: r.opt_date("claimed date")?,
            note: r.opt_str("attribution note")?.map(Box::from),
            claimed_valid: r.opt_date("claimed valid time")?,
            claimed_place: match tag {
                2 => Some(opt_entity(r, "claimed place")?),
                3 => match r.u8("claimed place tag")? {
                    0 => None,
                    1 => Some(opt_entity(r, "claimed place")?),
                    t => return Err(r.invalid(format!("fact {i}: claimed place tag {t}"))),
                },
                _ => None,
            },
            quantities: match tag {
                3 => Some(Box::new(decode_quantities(r, i)?)),
                _ => None,
            },
        })),
        t => return Err(r.invalid(format!("fact {i}: attribution tag {t}"))),
    })
}

fn decode_into(
    r: &mut Reader<'_>,
    batch: &mut crate::store::batch::Batch<'_>,
) -> Result<(), SnapshotError> {
    decode_entities(r, batch)?;
    decode_facts(r, batch)?;
    decode_merged(r, batch)
}

/// The entities and reports [`KnowledgeGraph::encode_entities`] wrote, into `batch`.
pub(crate) fn decode_entities(
    r: &mut Reader<'_>,
    batch: &mut crate::store::batch::Batch<'_>,
) -> Result<(), SnapshotError> {
    // Entities: a placeholder is one byte, a present entity at least MIN_ENTITY_BYTES.
    let n = r.count(1, "entity count")?;
    // The count is checked against the bytes left, but a placeholder takes one byte there
    // and a hundred in memory: room is made for what the bytes can hold as real entities,
    // and at most a chunk; the rest grows as entities are actually decoded.
    batch.reserve(reservation(n, r.left(), MIN_ENTITY_BYTES), 0);
    let mut placeholders = 0usize;
    for i in 0..n {
        let present = r.u8("entity tag")?;
        match present {
            0 => {
                placeholders += 1;
                if placeholders > MAX_PLACEHOLDERS {
                    return Err(r.invalid(too_many_placeholders("entity")));
                }
                batch
                    .add_placeholder()
                    .map_err(|source| graph_error("entity", i, source))?;
            }
            1 => {
                let key = r.str("entity key")?.to_owned();
                let at = r.offset();
                let kind = r.u8("entity kind")?;
                let kind = *EntityKind::ALL.get(usize::from(kind)).ok_or_else(|| {
                    SnapshotError::Invalid {
                        offset: at,
                        what: format!("entity {i}: kind {kind}"),
                    }
                })?;
                let mut e = Entity::new(key, kind, r.str("entity name")?);
                let aliases = r.count(4, "alias count")?;
                for _ in 0..aliases {
                    e.aliases.push(r.str("alias")?.to_owned());
                }
                let attributes = r.count(8, "attribute count")?;
                for _ in 0..attributes {
                    let at = r.offset();
                    let k = r.str("attribute name")?.to_owned();
                    // Written in name order, each name once: a repeated name is refused as
                    // JSON refuses it (not the last value silently kept), and names out of
                    // order are refused too, so each insert is an append, never a shift.
                    if let Some(last) = e.attributes.keys().next_back()
                        && *last >= k
                    {
                        let shown = crate::limits::shown(&k, crate::Limits::DEFAULT.quote_chars);
                        return Err(SnapshotError::Invalid {
                            offset: at,
                            what: if *last == k {
                                format!("entity {i}: duplicate attribute `{shown}`")
                            } else {
                                format!("entity {i}: attribute `{shown}` out of name order")
                            },
                        });
                    }
                    let v = r.str("attribute value")?.to_owned();
                    e.attributes.insert(k, v);
                }
                e.note = r.opt_str("entity note")?.map(str::to_owned);
                batch
                    .add_entity(e)
                    .map_err(|source| graph_error("entity", i, source))?;
            }
            t => return Err(r.invalid(format!("entity {i}: tag {t}"))),
        }
    }
    let n = r.count(1, "report count")?;
    let mut placeholders = 0usize;
    for i in 0..n {
        match r.u8("report tag")? {
            0 => {
                placeholders += 1;
                if placeholders > MAX_PLACEHOLDERS {
                    return Err(r.invalid(too_many_placeholders("report")));
                }
                batch
                    .add_report_placeholder()
                    .map_err(|source| graph_error("report", i, source))?;
            }
            1 => {
                let key = r.str("report key")?.to_owned();
                // Any value is a well-formed id; the batch checks that it names an entity.
                let outlet = entity(r, "report outlet")?;
                let mut rep = Report::new(key, outlet);
                rep.headline = r.opt_str("headline")?.map(str::to_owned);
                rep.url = r.opt_str("url")?.map(str::to_owned);
                rep.published = r.date("publication date")?;
                rep.language = r.opt_str("language")?.map(str::to_owned);
                rep.author = r.opt_str("author")?.map(str::to_owned);
                batch
                    .add_report(rep)
                    .map_err(|source| graph_error("report", i, source))?;
            }
            t => return Err(r.invalid(format!("report {i}: tag {t}"))),
        }
    }
    Ok(())
}

fn decode_facts(
    r: &mut Reader<'_>,
    batch: &mut crate::store::batch::Batch<'_>,
) -> Result<(), SnapshotError> {
    // Facts: 27 bytes at least (two codes, a date, two ids, a tag, a count).
    let n = r.count(23, "fact count")?;
    batch.reserve(0, reservation(n, r.left(), 23));
    for i in 0..n {
        let at = r.offset();
        let relation = r.u8("relation")?;
        let relation =
            *Relation::ALL
                .get(usize::from(relation))
                .ok_or_else(|| SnapshotError::Invalid {
                    offset: at,
                    what: format!("fact {i}: relation {relation}"),
                })?;
        let at = r.offset();
        let modality = r.u8("modality")?;
        let modality =
            *Modality::ALL
                .get(usize::from(modality))
                .ok_or_else(|| SnapshotError::Invalid {
                    offset: at,
                    what: format!("fact {i}: modality {modality}"),
                })?;
        let date = r.date("fact date")?;
        let subject = entity(r, "subject")?;
        let object = entity(r, "object")?;
        let mut fact = Fact::new(relation, subject, object)
            .on(date)
            .with_modality(modality);
        match r.u8("fact extra tag")? {
            0 => {}
            tag @ (1 | 2) => {
                let place = opt_entity(r, "place")?;
                let recipient = opt_entity(r, "recipient")?;
                let role = match r.u8("role tag")? {
                    0 => None,
                    1 => {
                        let title = r.str("role title")?.to_owned();
                        let rank = r.opt_str("role rank")?.map(str::to_owned);
                        Some(Role { title, rank })
                    }
                    t => return Err(r.invalid(format!("fact {i}: role tag {t}"))),
                };
                let note = r.opt_str("fact note")?.map(Box::from);
                let valid = r.date("valid time")?;
                let (recurrence, edition) = if tag == 2 {
                    let recurrence = match r.u8("recurrence tag")? {
                        0 => None,
                        1 => {
                            let every = r.u32("recurrence step")?;
                            let unit = r.u8("recurrence unit")?;
                            let got = u16::try_from(every)
                                .ok()
                                .and_then(|e| Recurrence::from_code(e, unit));
                            Some(got.ok_or_else(|| {
                                r.invalid(format!("fact {i}: recurrence {every} {unit}"))
                            })?)
                        }
                        t => return Err(r.invalid(format!("fact {i}: recurrence tag {t}"))),
                    };
                    let edition = match r.opt_u32("edition")? {
                        None => None,
                        Some(e) => Some(
                            std::num::NonZeroU32::new(e)
                                .ok_or_else(|| r.invalid(format!("fact {i}: edition 0")))?,
                        ),
                    };
                    (recurrence, edition)
                } else {
                    (None, None)
                };
                fact.extra = Some(Box::new(Extra {
                    place,
                    recipient,
                    role,
                    note,
                    valid,
                    recurrence,
                    edition,
                }));
            }
            t => return Err(r.invalid(format!("fact {i}: extra tag {t}"))),
        }
        // Collected, not pushed to a vector: a list of one (most facts) then needs no heap
        // block, and a forged count reserves nothing.
        let sources = r.count(13, "attribution count")?;
        fact.sources = (0..sources)
            .map(|_| {
                Ok(Attribution {
                    source: entity(r, "source")?,
                    speaker: opt_entity(r, "speaker")?,
                    reported: r.date("report date")?,
                    extra: decode_extra(r, i)?,
                })
            })
            .collect::<Result<_, SnapshotError>>()?;
        batch
            .add_fact(fact)
            .map_err(|source| graph_error("fact", i, source))?;
    }
    Ok(())
}

/// The merged keys [`KnowledgeGraph::encode_merged`] wrote, into `batch`.
pub(crate) fn decode_merged(
    r: &mut Reader<'_>,
    batch: &mut crate::store::batch::Batch<'_>,
) -> Result<(), SnapshotError> {
    let n = r.count(8, "merged key count")?;
    for i in 0..n {
        let key = r.str("merged key")?.to_owned();
        let id = entity(r, "merged key entity")?;
        batch
            .add_merged_key(key, id)
            .map_err(|source| graph_error("merged key", i, source))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets;

    #[test]
    fn the_corpus_round_trips() {
        let g = datasets::corpus();
        let bytes = g.to_snapshot();
        let back = KnowledgeGraph::from_snapshot(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, *g);
        assert_eq!(
            back.to_snapshot(),
            bytes,
            "a second save gives the same bytes"
        );
    }

    /// Every truncation of a snapshot is refused, never half-loaded.
    #[test]
    fn every_truncation_is_refused() {
        let bytes = datasets::edm_2004_v1_i133().to_snapshot();
        for n in (0..bytes.len()).step_by(7) {
            let cut = bytes.get(..n).unwrap_or(&[]);
            assert!(KnowledgeGraph::from_snapshot(cut).is_err(), "cut at {n}");
        }
    }

    /// A flipped bit anywhere is caught by a checksum (or the magic, version or flags).
    #[test]
    fn flipped_bits_are_caught() {
        let bytes = datasets::edm_2004_v1_i133().to_snapshot();
        for at in (0..bytes.len()).step_by(13) {
            let mut bad = bytes.clone();
            if let Some(b) = bad.get_mut(at) {
                *b ^= 0x10;
            }
            assert!(KnowledgeGraph::from_snapshot(&bad).is_err(), "bit at {at}");
        }
    }

    #[cfg(feature = "synthetic")]
    #[test]
    fn a_saved_file_holds_the_bytes_to_snapshot_gives_and_loads_back_past_a_spill() {
        // Made-up data, large enough that the body passes through the sink several times.
        let g =
            crate::synthetic::generate(&crate::synthetic::SyntheticConfig::new(8_000, 7)).unwrap();
        let bytes = g.to_snapshot();
        assert!(
            bytes.len() > 3 << 20,
            "several chunks of the section writer"
        );
        let dir = std::env::temp_dir().join(format!("factgraph-snap-spill-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("g.fgsnap");
        g.save_snapshot(&path).unwrap();
        let saved = std::fs::read(&path).unwrap();
        // Read back streamed, a megabyte at a time.
        let loaded = KnowledgeGraph::load_snapshot(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(saved == bytes, "the saved file differs from to_snapshot()");
        assert!(loaded == g, "the streamed load differs");
    }
}
