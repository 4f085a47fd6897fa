//! The sections of a version-3 snapshot: arrays of fixed-size little-endian values, each
//! aligned to 8 bytes and checksummed on its own, listed in a table at the end of the file.
//!
//! The writer streams sections to any [`Write`], a megabyte at a time, and writes the
//! table and footer last. The reader takes the table first (it is at a known place from
//! the end), checks that every section lies inside the file, after the one before it and
//! aligned, then reads sections in order, each straight into the vector it becomes,
//! through its checksum: a section is never held twice, and a damaged one is refused
//! before anything reads its values.

use std::io::{self, Read, Seek, SeekFrom, Write};

use std::sync::Arc;

use super::SnapshotError;
use crate::model::date::FactDate;
use crate::model::ids::FactId;
use crate::store::adjacency::AdjEntry;
use crate::store::column::{Column, Mapping, Raw};
use crate::store::dates::DateEntry;

/// Bytes of one table entry: kind, element size, two reserved bytes, checksum, offset,
/// length.
pub(crate) const ENTRY_LEN: usize = 24;
/// Bytes of the footer: table offset (8), section count (4), table checksum (4), the
/// checksum of those 16 bytes (4), end mark (4).
pub(crate) const FOOTER_LEN: usize = 24;
/// The last four bytes of a version-3 file.
pub(crate) const END_MAGIC: [u8; 4] = *b"FGv3";
/// Sections start at multiples of this, so that a mapped file could serve them in place.
const ALIGN: u64 = 8;
/// `at` rounded up to [`ALIGN`].
fn align(at: u64) -> u64 {
    at.div_ceil(ALIGN).saturating_mul(ALIGN)
}

/// What the writer and the reader move at a time.
const CHUNK: usize = 1 << 20;

/// A value stored as a fixed number of little-endian bytes.
pub(crate) trait Plain: Copy {
    /// The section kind this type is written as (checked on read).
    const KIND: u8;
    /// Bytes per value.
    const SIZE: usize;
    /// Appends the value's bytes.
    fn put(self, out: &mut Vec<u8>);
    /// The value of exactly [`SIZE`](Self::SIZE) bytes.
    fn get(bytes: &[u8]) -> Self;
}

fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    bytes.first_chunk::<N>().copied().unwrap_or([0; N])
}

impl Plain for u8 {
    const KIND: u8 = 1;
    const SIZE: usize = 1;
    fn put(self, out: &mut Vec<u8>) {
        out.push(self);
    }
    fn get(bytes: &[u8]) -> Self {
        bytes.first().copied().unwrap_or(0)
    }
}

impl Plain for u32 {
    const KIND: u8 = 2;
    const SIZE: usize = 4;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        u32::from_le_bytes(array(bytes))
    }
}

impl Plain for i32 {
    const KIND: u8 = 3;
    const SIZE: usize = 4;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        i32::from_le_bytes(array(bytes))
    }
}

impl Plain for u64 {
    const KIND: u8 = 4;
    const SIZE: usize = 8;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        u64::from_le_bytes(array(bytes))
    }
}

/// A pair of `u32`s (an adjacency entry: packed end and key, then the fact).
impl Plain for (u32, u32) {
    const KIND: u8 = 5;
    const SIZE: usize = 8;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
        out.extend_from_slice(&self.1.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        let b: [u8; 8] = array(bytes);
        let (a, c) = b.split_at(4);
        (u32::get(a), u32::get(c))
    }
}

/// A triple (a buffered date entry: first day, last day, fact).
impl Plain for (i32, i32, u32) {
    const KIND: u8 = 6;
    const SIZE: usize = 12;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
        out.extend_from_slice(&self.1.to_le_bytes());
        out.extend_from_slice(&self.2.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        let b: [u8; 12] = array(bytes);
        let (a, rest) = b.split_at(4);
        let (c, d) = rest.split_at(4);
        (i32::get(a), i32::get(c), u32::get(d))
    }
}

/// A record of two `u32`s and a `u64` (an attribution's source, speaker and report date).
impl Plain for (u32, u32, u64) {
    const KIND: u8 = 7;
    const SIZE: usize = 16;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
        out.extend_from_slice(&self.1.to_le_bytes());
        out.extend_from_slice(&self.2.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        let b: [u8; 16] = array(bytes);
        let (a, rest) = b.split_at(4);
        let (c, d) = rest.split_at(4);
        (u32::get(a), u32::get(c), u64::get(d))
    }
}

/// Three `u32`s (version 4: an attribution's source, speaker and report date number).
impl Plain for (u32, u32, u32) {
    const KIND: u8 = 8;
    const SIZE: usize = 12;
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
        out.extend_from_slice(&self.1.to_le_bytes());
        out.extend_from_slice(&self.2.to_le_bytes());
    }
    fn get(bytes: &[u8]) -> Self {
        let b: [u8; 12] = array(bytes);
        let (a, rest) = b.split_at(4);
        let (c, d) = rest.split_at(4);
        (u32::get(a), u32::get(c), u32::get(d))
    }
}

/// Raw bytes an inner codec reads (strings, optional fields).
pub(crate) const KIND_BYTES: u8 = 0;

/// One entry of the section table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Section {
    kind: u8,
    size: u8,
    crc: u32,
    offset: u64,
    len: u64,
}

impl Section {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[self.kind, self.size, 0, 0]);
        out.extend_from_slice(&self.crc.to_le_bytes());
        out.extend_from_slice(&self.offset.to_le_bytes());
        out.extend_from_slice(&self.len.to_le_bytes());
    }

    fn get(b: &[u8]) -> Section {
        let b: [u8; ENTRY_LEN] = array(b);
        let (head, rest) = b.split_at(4);
        let (crc, rest) = rest.split_at(4);
        let (offset, len) = rest.split_at(8);
        Section {
            kind: head.first().copied().unwrap_or(0),
            size: head.get(1).copied().unwrap_or(0),
            crc: u32::get(crc),
            offset: u64::get(offset),
            len: u64::get(len),
        }
    }
}

/// Writes sections to a sink (see the module documentation). Errors are kept and given
/// by [`finish`](Self::finish): the graph's parts write without checking each call.
pub(crate) struct SectionWriter<'w> {
    out: &'w mut dyn Write,
    /// Bytes written so far, from the start of the file.
    pos: u64,
    table: Vec<Section>,
    buf: Vec<u8>,
    error: Option<io::Error>,
}

impl<'w> SectionWriter<'w> {
    /// A writer whose first section comes `start` bytes into the file (after the
    /// header, which the caller wrote).
    pub(crate) fn new(out: &'w mut dyn Write, start: u64) -> Self {
        SectionWriter {
            out,
            pos: start,
            table: Vec::new(),
            buf: Vec::with_capacity(CHUNK + 64),
            error: None,
        }
    }

    fn emit(&mut self, bytes: &[u8]) {
        if self.error.is_none()
            && let Err(e) = self.out.write_all(bytes)
        {
            self.error = Some(e);
        }
        self.pos += bytes.len() as u64;
    }

    fn pad(&mut self) {
        let pad = (ALIGN - self.pos % ALIGN) % ALIGN;
        let zeros = [0u8; ALIGN as usize];
        self.emit(zeros.get(..pad as usize).unwrap_or(&[]));
    }

    fn flush_buf(&mut self, crc: &mut crc32fast::Hasher) {
        crc.update(&self.buf);
        let buf = std::mem::take(&mut self.buf);
        self.emit(&buf);
        self.buf = buf;
        self.buf.clear();
    }

    /// A section of values.
    pub(crate) fn column<T: Plain>(&mut self, values: &[T]) {
        self.values(values.len(), values.iter().copied());
    }

    /// A section of `n` values from an iterator (which must yield exactly `n`).
    pub(crate) fn values<T: Plain>(&mut self, n: usize, values: impl Iterator<Item = T>) {
        self.pad();
        let offset = self.pos;
        let mut crc = crc32fast::Hasher::new();
        let mut written = 0usize;
        self.buf.clear();
        for v in values.take(n) {
            v.put(&mut self.buf);
            written += 1;
            if self.buf.len() >= CHUNK {
                self.flush_buf(&mut crc);
            }
        }
        // An iterator that fell short is padded with zeros, so the length stays `n`.
        for _ in written..n {
            self.buf.extend(std::iter::repeat_n(0, T::SIZE));
            if self.buf.len() >= CHUNK {
                self.flush_buf(&mut crc);
            }
        }
        self.flush_buf(&mut crc);
        self.table.push(Section {
            kind: T::KIND,
            size: T::SIZE as u8,
            crc: crc.finalize(),
            offset,
            len: (n * T::SIZE) as u64,
        });
    }

    /// A section of bytes an inner codec wrote.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.pad();
        let offset = self.pos;
        self.emit(bytes);
        self.table.push(Section {
            kind: KIND_BYTES,
            size: 1,
            crc: crc32fast::hash(bytes),
            offset,
            len: bytes.len() as u64,
        });
    }

    /// Writes the table and the footer; the first error of any write.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.pad();
        let table_at = self.pos;
        let mut table = Vec::with_capacity(self.table.len() * ENTRY_LEN);
        for s in &self.table {
            s.put(&mut table);
        }
        let mut footer = Vec::with_capacity(FOOTER_LEN);
        footer.extend_from_slice(&table_at.to_le_bytes());
        footer.extend_from_slice(&(self.table.len() as u32).to_le_bytes());
        footer.extend_from_slice(&crc32fast::hash(&table).to_le_bytes());
        let footer_crc = crc32fast::hash(&footer);
        footer.extend_from_slice(&footer_crc.to_le_bytes());
        footer.extend_from_slice(&END_MAGIC);
        self.emit(&table);
        self.emit(&footer);
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.flush()
    }
}

/// A value a mapped file can serve in place: its stored form ([`Plain`]) has its layout
/// on a little-endian machine.
pub(crate) trait Stored: Raw {
    /// How the file stores it.
    type As: Plain;
    /// The value of its stored form (for files read rather than mapped).
    fn from_stored(v: Self::As) -> Self;
}

impl Stored for u32 {
    type As = u32;
    fn from_stored(v: u32) -> Self {
        v
    }
}

impl Stored for i32 {
    type As = i32;
    fn from_stored(v: i32) -> Self {
        v
    }
}

impl Stored for u64 {
    type As = u64;
    fn from_stored(v: u64) -> Self {
        v
    }
}

impl Stored for FactId {
    type As = u32;
    fn from_stored(v: u32) -> Self {
        FactId(v)
    }
}

impl Stored for FactDate {
    type As = u64;
    fn from_stored(bits: u64) -> Self {
        FactDate::from_bits_unchecked(bits)
    }
}

impl Stored for AdjEntry {
    type As = (u32, u32);
    fn from_stored(v: (u32, u32)) -> Self {
        AdjEntry::from_words(v)
    }
}

impl Stored for DateEntry {
    type As = (i32, i32, u32);
    fn from_stored((first, last, fact): (i32, i32, u32)) -> Self {
        DateEntry {
            first,
            last,
            fact: FactId(fact),
        }
    }
}

/// The bytes of a mapped file, as a [`Source`] (through `io::Cursor`).
#[derive(Clone)]
pub(crate) struct MapBytes(pub(crate) Arc<Mapping>);

impl AsRef<[u8]> for MapBytes {
    fn as_ref(&self) -> &[u8] {
        self.0.bytes()
    }
}

/// A source of snapshot bytes: a file or a slice in memory (`Send`, so that two threads
/// can read two parts of one file through two sources).
pub(crate) trait Source: Read + Seek + Send {}
impl<T: Read + Seek + Send> Source for T {}

/// Reads the sections of a version-3 file in order (see the module documentation).
pub(crate) struct SectionReader<'r> {
    src: &'r mut dyn Source,
    table: Vec<Section>,
    next: usize,
    /// Where `src` stands.
    pos: u64,
    buf: Vec<u8>,
    /// The file mapped in memory, when it is: columns of [`Stored`] values then borrow
    /// its bytes instead of being copied.
    map: Option<Arc<Mapping>>,
}

impl<'r> SectionReader<'r> {
    /// Reads and checks the footer and the table of a file of `file_len` bytes whose
    /// first section may start at `start`.
    pub(crate) fn open(
        src: &'r mut dyn Source,
        file_len: u64,
        start: u64,
    ) -> Result<Self, SnapshotError> {
        let min = start + FOOTER_LEN as u64;
        if file_len < min {
            return Err(SnapshotError::Truncated {
                offset: usize::try_from(file_len).unwrap_or(usize::MAX),
                what: "version-3 footer".into(),
            });
        }
        let io = |e: io::Error| SnapshotError::Io {
            path: "snapshot".into(),
            source: e,
        };
        let footer_at = file_len - FOOTER_LEN as u64;
        src.seek(SeekFrom::Start(footer_at)).map_err(io)?;
        let mut footer = [0u8; FOOTER_LEN];
        src.read_exact(&mut footer).map_err(io)?;
        let (fields, rest) = footer.split_at(16);
        let (footer_crc, end) = rest.split_at(4);
        let (table_at, rest) = fields.split_at(8);
        let (count, table_crc) = rest.split_at(4);
        let invalid = |what: String| SnapshotError::Invalid {
            offset: usize::try_from(footer_at).unwrap_or(usize::MAX),
            what,
        };
        if end != END_MAGIC {
            return Err(SnapshotError::Truncated {
                offset: usize::try_from(file_len).unwrap_or(usize::MAX),
                what:
                    "version-3 footer: its end mark is missing, so the file is truncated or damaged"
                        .into(),
            });
        }
        let (stored, computed) = (u32::get(footer_crc), crc32fast::hash(fields));
        if stored != computed {
            return Err(SnapshotError::Checksum {
                part: "footer",
                stored,
                computed,
            });
        }
        let table_at = u64::get(table_at);
        let count = u64::from(u32::get(count));
        let table_len = count * ENTRY_LEN as u64;
        if table_at < start || table_at.checked_add(table_len) != Some(footer_at) {
            return Err(invalid(format!(
                "section table at {table_at} with {count} entries does not end at the footer ({footer_at})"
            )));
        }
        src.seek(SeekFrom::Start(table_at)).map_err(io)?;
        // Bounded by the file's length, checked above.
        let mut table_bytes = vec![0u8; usize::try_from(table_len).unwrap_or(0)];
        src.read_exact(&mut table_bytes).map_err(io)?;
        let stored = u32::get(table_crc);
        let computed = crc32fast::hash(&table_bytes);
        if stored != computed {
            return Err(SnapshotError::Checksum {
                part: "section table",
                stored,
                computed,
            });
        }
        let table: Vec<Section> = table_bytes
            .chunks_exact(ENTRY_LEN)
            .map(Section::get)
            .collect();
        // Sections follow one another, each at the next aligned place, and the table
        // follows the last: no byte of the file is outside a checksum but the padding,
        // which must be zeros.
        let mut end = start;
        for (i, s) in table.iter().enumerate() {
            let ends = s.offset.checked_add(s.len);
            if s.offset != align(end)
                || ends.is_none_or(|e| e > table_at)
                || s.size == 0
                || s.len % u64::from(s.size) != 0
            {
                return Err(invalid(format!(
                    "section {i} (offset {}, {} bytes) is out of place",
                    s.offset, s.len
                )));
            }
            end = ends.unwrap_or(table_at);
        }
        if table_at != align(end) {
            return Err(invalid(format!(
                "section table at {table_at}, not after the last section ({end})"
            )));
        }
        src.seek(SeekFrom::Start(start)).map_err(io)?;
        Ok(SectionReader {
            src,
            table,
            next: 0,
            pos: start,
            buf: vec![0u8; CHUNK],
            map: None,
        })
    }

    /// A second reader of the same file, through `src` (another handle on it), that
    /// starts at section `at` and reads to the end; this one should stop before `at`.
    pub(crate) fn fork<'s>(
        &self,
        src: &'s mut dyn Source,
        at: usize,
    ) -> Result<SectionReader<'s>, SnapshotError> {
        let pos = match at.checked_sub(1).and_then(|i| self.table.get(i)) {
            Some(s) => s.offset + s.len,
            None => self.pos,
        };
        src.seek(SeekFrom::Start(pos)).map_err(|e| self.io(e))?;
        Ok(SectionReader {
            src,
            table: self.table.clone(),
            next: at.min(self.table.len()),
            pos,
            buf: vec![0u8; CHUNK],
            map: self.map.clone(),
        })
    }

    /// Serves columns of [`Stored`] values from `map`, the bytes `src` reads.
    pub(crate) fn with_map(mut self, map: Option<Arc<Mapping>>) -> Self {
        self.map = map;
        self
    }

    /// The number of the next section.
    pub(crate) fn next_section(&self) -> usize {
        self.next
    }

    /// The next section's entry, checked to be of `kind` and `size`, with `src` moved to
    /// its start.
    fn begin(&mut self, kind: u8, size: usize, what: &str) -> Result<Section, SnapshotError> {
        let i = self.next;
        let s = *self.table.get(i).ok_or_else(|| SnapshotError::Invalid {
            offset: usize::try_from(self.pos).unwrap_or(usize::MAX),
            what: format!("section {i} ({what}) is missing: the table lists {i}"),
        })?;
        if s.kind != kind || usize::from(s.size) != size {
            return Err(SnapshotError::Invalid {
                offset: usize::try_from(s.offset).unwrap_or(usize::MAX),
                what: format!(
                    "section {i} ({what}) holds values of kind {} and {} bytes, not kind {kind} of {size}",
                    s.kind, s.size
                ),
            });
        }
        self.skip_padding(s.offset)?;
        self.next += 1;
        Ok(s)
    }

    /// Reads the zeros from where the reader stands to `to` (under [`ALIGN`] bytes, as
    /// the table was checked).
    fn skip_padding(&mut self, to: u64) -> Result<(), SnapshotError> {
        let n = to.saturating_sub(self.pos).min(ALIGN) as usize;
        let mut pad = [0u8; ALIGN as usize];
        let pad = pad.get_mut(..n).unwrap_or(&mut []);
        if let Err(e) = self.src.read_exact(pad) {
            return Err(self.io(e));
        }
        if pad.iter().any(|b| *b != 0) {
            return Err(SnapshotError::Invalid {
                offset: usize::try_from(self.pos).unwrap_or(usize::MAX),
                what: "padding between sections is not zero: the file is damaged".into(),
            });
        }
        self.pos += n as u64;
        Ok(())
    }

    fn io(&self, e: io::Error) -> SnapshotError {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            SnapshotError::Truncated {
                offset: usize::try_from(self.pos).unwrap_or(usize::MAX),
                what: "a section".into(),
            }
        } else {
            SnapshotError::Io {
                path: "snapshot".into(),
                source: e,
            }
        }
    }

    /// Reads the section's bytes through `each` (chunk by chunk) and its checksum.
    fn read(
        &mut self,
        s: Section,
        what: &'static str,
        mut each: impl FnMut(&[u8]),
    ) -> Result<(), SnapshotError> {
        let mut left = s.len;
        let mut crc = crc32fast::Hasher::new();
        // Chunks hold whole values: CHUNK is a multiple of every size but 12, and for 12
        // the chunk is cut to a multiple.
        let step = (CHUNK / usize::from(s.size.max(1))) * usize::from(s.size.max(1));
        while left > 0 {
            let n = usize::try_from(left).unwrap_or(step).min(step);
            let Some(buf) = self.buf.get_mut(..n) else {
                break;
            };
            if let Err(e) = self.src.read_exact(buf) {
                return Err(self.io(e));
            }
            crc.update(buf);
            each(buf);
            self.pos += n as u64;
            left -= n as u64;
        }
        let computed = crc.finalize();
        if computed != s.crc {
            return Err(SnapshotError::Checksum {
                part: what,
                stored: s.crc,
                computed,
            });
        }
        Ok(())
    }

    /// The next section, as values of `T`.
    pub(crate) fn column<T: Plain>(&mut self, what: &'static str) -> Result<Vec<T>, SnapshotError> {
        let s = self.begin(T::KIND, T::SIZE, what)?;
        // The length lies inside the file (checked with the table), so the room reserved
        // follows what the file holds.
        let n = usize::try_from(s.len).unwrap_or(0) / T::SIZE;
        let mut out = Vec::with_capacity(n);
        self.read(s, what, |chunk| {
            out.extend(chunk.chunks_exact(T::SIZE).map(T::get));
        })?;
        Ok(out)
    }

    /// The next section as a column of `T`, and the offset of its first value: borrowed
    /// from the mapped file when there is one (its checksum checked over the mapped
    /// bytes, which the kernel brings in without copying), else read and copied. The
    /// caller checks the values.
    pub(crate) fn stored_column<T: Stored>(
        &mut self,
        what: &'static str,
    ) -> Result<(Column<T>, u64), SnapshotError> {
        let map = match &self.map {
            // Mapped values are read as they lie: only where that is the stored layout.
            Some(map) if cfg!(target_endian = "little") && size_of::<T>() == T::As::SIZE => {
                Arc::clone(map)
            }
            _ => {
                let v = self.map_column::<T::As, T>(what, "", |v| Some(T::from_stored(v)))?;
                let at = self.pos - (v.len() * T::As::SIZE) as u64;
                return Ok((Column::from(v), at));
            }
        };
        let s = self.begin(T::As::KIND, T::As::SIZE, what)?;
        let (at, len) = (
            usize::try_from(s.offset).unwrap_or(usize::MAX),
            usize::try_from(s.len).unwrap_or(usize::MAX),
        );
        // Inside the file: the table was checked against its length.
        let bytes = at
            .checked_add(len)
            .and_then(|end| map.bytes().get(at..end))
            .ok_or_else(|| self.io(io::ErrorKind::UnexpectedEof.into()))?;
        let computed = crc32fast::hash(bytes);
        if computed != s.crc {
            return Err(SnapshotError::Checksum {
                part: what,
                stored: s.crc,
                computed,
            });
        }
        let n = len / T::As::SIZE;
        let column = match Column::mapped(&map, at, n) {
            Some(c) => c,
            // Not aligned for `T` in memory (the file is, so this is an unusual mapping):
            // copied instead.
            None => bytes
                .chunks_exact(T::As::SIZE)
                .map(|c| T::from_stored(T::As::get(c)))
                .collect(),
        };
        self.pos = s.offset + s.len;
        self.src
            .seek(SeekFrom::Start(self.pos))
            .map_err(|e| self.io(e))?;
        Ok((column, s.offset))
    }

    /// The next section, each value of `T` turned into a `U` by `f` as it is read (no
    /// second vector); `None` from `f` refuses the section, naming the value's position
    /// and `why`, once its checksum has been checked.
    pub(crate) fn map_column<T: Plain, U>(
        &mut self,
        what: &'static str,
        why: &str,
        mut f: impl FnMut(T) -> Option<U>,
    ) -> Result<Vec<U>, SnapshotError> {
        let s = self.begin(T::KIND, T::SIZE, what)?;
        let at = self.pos;
        let n = usize::try_from(s.len).unwrap_or(0) / T::SIZE;
        let mut out = Vec::with_capacity(n);
        let mut failed = None;
        self.read(s, what, |chunk| {
            if failed.is_some() {
                return;
            }
            for c in chunk.chunks_exact(T::SIZE) {
                match f(T::get(c)) {
                    Some(u) => out.push(u),
                    None => {
                        failed = Some(out.len());
                        return;
                    }
                }
            }
        })?;
        match failed {
            None => Ok(out),
            Some(i) => Err(SnapshotError::Invalid {
                offset: usize::try_from(at + (i * T::SIZE) as u64).unwrap_or(usize::MAX),
                what: format!("{what}, value {i}: {why}"),
            }),
        }
    }

    /// The next section, cut into lists at `starts` (one more than the lists, from 0 to
    /// the section's length in values, never decreasing: the caller checked), each value
    /// turned into a `U` by `f`, which also sees the list's previous value: each list is
    /// filled as it is read, with no flat copy between. `None` from `f` refuses the
    /// section, naming the value's position and `why`, once its checksum has been checked.
    pub(crate) fn map_lists<T: Plain, U>(
        &mut self,
        what: &'static str,
        why: &str,
        starts: &[u64],
        mut f: impl FnMut(Option<&U>, T) -> Option<U>,
    ) -> Result<Vec<Vec<U>>, SnapshotError> {
        let s = self.begin(T::KIND, T::SIZE, what)?;
        let at = self.pos;
        let total = s.len / T::SIZE as u64;
        if starts.first().is_some_and(|f| *f != 0) || starts.last().copied().unwrap_or(0) != total {
            return Err(SnapshotError::Invalid {
                offset: usize::try_from(at).unwrap_or(usize::MAX),
                what: format!("{what}: the starts do not cover the {total} values"),
            });
        }
        let lists = starts.len().saturating_sub(1);
        let len_of = |k: usize| match (starts.get(k), starts.get(k + 1)) {
            (Some(a), Some(b)) => usize::try_from(b.saturating_sub(*a)).unwrap_or(0),
            _ => 0,
        };
        let mut out: Vec<Vec<U>> = Vec::with_capacity(lists);
        let mut cur: Vec<U> = Vec::with_capacity(len_of(0));
        let mut failed = None;
        let mut seen = 0usize;
        self.read(s, what, |chunk| {
            if failed.is_some() {
                return;
            }
            for c in chunk.chunks_exact(T::SIZE) {
                // Close the lists that are full (empty ones included) before this value.
                while cur.len() >= len_of(out.len()) && out.len() < lists {
                    let next = Vec::with_capacity(len_of(out.len() + 1));
                    out.push(std::mem::replace(&mut cur, next));
                }
                match f(cur.last(), T::get(c)) {
                    Some(u) => cur.push(u),
                    None => {
                        failed = Some(seen);
                        return;
                    }
                }
                seen += 1;
            }
        })?;
        if let Some(i) = failed {
            return Err(SnapshotError::Invalid {
                offset: usize::try_from(at + (i * T::SIZE) as u64).unwrap_or(usize::MAX),
                what: format!("{what}, value {i}: {why}"),
            });
        }
        while out.len() < lists {
            let next = Vec::with_capacity(len_of(out.len() + 1));
            out.push(std::mem::replace(&mut cur, next));
        }
        Ok(out)
    }

    /// The next section, as one value of `T` (a column of exactly one).
    pub(crate) fn scalar<T: Plain>(&mut self, what: &'static str) -> Result<T, SnapshotError> {
        let at = self.pos;
        let v = self.column::<T>(what)?;
        match v.as_slice() {
            [one] => Ok(*one),
            _ => Err(SnapshotError::Invalid {
                offset: usize::try_from(at).unwrap_or(usize::MAX),
                what: format!("{what}: {} values where one belongs", v.len()),
            }),
        }
    }

    /// The next section, as bytes for an inner codec.
    pub(crate) fn bytes(&mut self, what: &'static str) -> Result<Vec<u8>, SnapshotError> {
        let s = self.begin(KIND_BYTES, 1, what)?;
        let mut out = Vec::with_capacity(usize::try_from(s.len).unwrap_or(0));
        self.read(s, what, |chunk| out.extend_from_slice(chunk))?;
        Ok(out)
    }

    /// Where the next section would start (for error offsets).
    pub(crate) fn offset(&self) -> usize {
        usize::try_from(self.pos).unwrap_or(usize::MAX)
    }

    /// Checks that every section was read.
    pub(crate) fn finish(&mut self) -> Result<(), SnapshotError> {
        if self.next == self.table.len() {
            self.skip_padding(align(self.pos))?;
        }
        if self.next != self.table.len() {
            return Err(SnapshotError::Invalid {
                offset: self.offset(),
                what: format!(
                    "the table lists {} sections; this build reads {}",
                    self.table.len(),
                    self.next
                ),
            });
        }
        Ok(())
    }
}

/// Recomputes every section's checksum, the table's and the header's of a version-3 file:
/// see [`reseal`](super::reseal). Leaves bytes it cannot place alone.
pub(crate) fn reseal(bytes: &mut [u8], start: usize) {
    let n = bytes.len();
    if n < start + FOOTER_LEN {
        return;
    }
    let footer_at = n - FOOTER_LEN;
    let Some(footer) = bytes.get(footer_at..) else {
        return;
    };
    let table_at = u64::get(footer.get(..8).unwrap_or(&[])) as usize;
    let count = u32::get(footer.get(8..12).unwrap_or(&[])) as usize;
    let Some(table_end) = count
        .checked_mul(ENTRY_LEN)
        .and_then(|l| l.checked_add(table_at))
    else {
        return;
    };
    if table_end != footer_at || table_at < start {
        return;
    }
    for i in 0..count {
        let at = table_at + i * ENTRY_LEN;
        let Some(entry) = bytes.get(at..at + ENTRY_LEN) else {
            return;
        };
        let s = Section::get(entry);
        let (Ok(o), Ok(l)) = (usize::try_from(s.offset), usize::try_from(s.len)) else {
            continue;
        };
        let Some(crc) = o
            .checked_add(l)
            .and_then(|e| bytes.get(o..e))
            .map(crc32fast::hash)
        else {
            continue;
        };
        if let Some(slot) = bytes.get_mut(at + 4..at + 8) {
            slot.copy_from_slice(&crc.to_le_bytes());
        }
    }
    let crc = crc32fast::hash(bytes.get(table_at..footer_at).unwrap_or(&[]));
    if let Some(slot) = bytes.get_mut(footer_at + 12..footer_at + 16) {
        slot.copy_from_slice(&crc.to_le_bytes());
    }
    let crc = crc32fast::hash(bytes.get(footer_at..footer_at + 16).unwrap_or(&[]));
    if let Some(slot) = bytes.get_mut(footer_at + 16..footer_at + 20) {
        slot.copy_from_slice(&crc.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_cut_at_their_starts_empty_ones_included() {
        let mut file = vec![0u8; 32];
        {
            let mut w = SectionWriter::new(&mut file, 32);
            w.column(&[1u32, 2, 3, 4, 5]);
            w.column(&[7u32, 8]);
            w.finish().unwrap();
        }
        let len = file.len() as u64;
        let mut src = std::io::Cursor::new(file);
        let mut r = SectionReader::open(&mut src, len, 32).unwrap();
        let lists = r
            .map_lists::<u32, u32>("a", "", &[0, 0, 2, 2, 5, 5], |_, v| Some(v))
            .unwrap();
        assert_eq!(
            lists,
            vec![vec![], vec![1, 2], vec![], vec![3, 4, 5], vec![]]
        );
        // Starts that do not end at the section's length are refused.
        assert!(
            r.map_lists::<u32, u32>("b", "", &[0, 1], |_, v| Some(v))
                .is_err()
        );
    }

    #[test]
    fn sections_round_trip_and_refuse_damage() {
        let mut file = vec![0u8; 32];
        {
            let mut w = SectionWriter::new(&mut file, 32);
            w.column(&[1u32, 2, 3]);
            w.bytes(b"hello");
            w.column(&[(1i32, 2i32, 3u32); 200_000]);
            w.column::<u64>(&[]);
            w.finish().unwrap();
        }
        let len = file.len() as u64;
        let mut src = std::io::Cursor::new(file.clone());
        let mut r = SectionReader::open(&mut src, len, 32).unwrap();
        assert_eq!(r.column::<u32>("a").unwrap(), vec![1, 2, 3]);
        assert!(
            r.column::<u32>("b").is_err(),
            "a byte section is not a u32 column"
        );
        let mut src = std::io::Cursor::new(file.clone());
        let mut r = SectionReader::open(&mut src, len, 32).unwrap();
        r.column::<u32>("a").unwrap();
        assert_eq!(r.bytes("b").unwrap(), b"hello");
        assert_eq!(r.column::<(i32, i32, u32)>("c").unwrap().len(), 200_000);
        assert!(r.column::<u64>("d").unwrap().is_empty());
        r.finish().unwrap();
        // One flipped bit in a section is its checksum's error.
        let mut bad = file.clone();
        bad[33] ^= 4;
        let mut src = std::io::Cursor::new(bad.clone());
        let mut r = SectionReader::open(&mut src, len, 32).unwrap();
        assert!(matches!(
            r.column::<u32>("a"),
            Err(SnapshotError::Checksum { .. })
        ));
        // Resealed, it reads (wrong values, right checksum).
        reseal(&mut bad, 32);
        let mut src = std::io::Cursor::new(bad);
        let mut r = SectionReader::open(&mut src, len, 32).unwrap();
        assert_ne!(r.column::<u32>("a").unwrap(), vec![1, 2, 3]);
        // Every cut of the file is refused when opened or read.
        for cut in (0..file.len()).step_by(997) {
            let mut src = std::io::Cursor::new(&file[..cut]);
            let all = SectionReader::open(&mut src, cut as u64, 32).and_then(|mut r| {
                r.column::<u32>("a")?;
                r.bytes("b")?;
                r.column::<(i32, i32, u32)>("c")?;
                r.column::<u64>("d")?;
                r.finish()
            });
            assert!(all.is_err(), "cut at {cut}");
        }
    }
}
