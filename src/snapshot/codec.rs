//! The byte-level encoding of a snapshot body: little-endian integers, length-prefixed UTF-8
//! strings, one tag byte per optional value. The reader checks every length against what is
//! left, every string for UTF-8 and every tag, and reports the byte offset of what it
//! rejects.

use super::SnapshotError;
use crate::model::date::FactDate;

/// Appends values to a body in memory (a version-1 body, or a version-3 section of
/// strings and optional fields).
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub(crate) fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A count or index; every count in a graph fits in a `u32` (ids are `u32`).
    pub(crate) fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.len(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub(crate) fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }

    pub(crate) fn opt_u32(&mut self, v: Option<u32>) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                self.u32(v);
            }
        }
    }

    pub(crate) fn date(&mut self, d: FactDate) {
        self.u64(d.to_bits());
    }

    pub(crate) fn opt_date(&mut self, d: Option<FactDate>) {
        match d {
            None => self.u8(0),
            Some(d) => {
                self.u8(1);
                self.date(d);
            }
        }
    }
}

/// Reads values back from a body, checking each: from a slice, or streamed from a file a
/// megabyte at a time (so loading a large snapshot never holds the whole file).
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The body's length.
    len: usize,
    stream: Option<Stream<'a>>,
}

/// A body read from `input` as it is decoded, its checksum computed on the way.
struct Stream<'a> {
    input: &'a mut dyn std::io::Read,
    /// The file, for errors.
    path: String,
    /// The body's length, from the header.
    len: usize,
    /// Read but not yet decoded: `buf[start..]`.
    buf: Vec<u8>,
    start: usize,
    crc: crc32fast::Hasher,
}

/// How much a stream reads at a time.
const READ_AT_ONCE: usize = 1 << 20;

impl Stream<'_> {
    /// Makes `n` unread bytes available in `buf[start..]`.
    fn fill(&mut self, n: usize, at: usize) -> Result<(), SnapshotError> {
        let have = self.buf.len() - self.start;
        if have >= n {
            return Ok(());
        }
        // What was decoded goes into the checksum and out of the buffer.
        if let Some(done) = self.buf.get(..self.start) {
            self.crc.update(done);
        }
        self.buf.drain(..self.start);
        self.start = 0;
        let left_in_body = self.len.saturating_sub(at + have);
        let want = (n - have).max(READ_AT_ONCE).min(left_in_body) as u64;
        use std::io::Read;
        let got = (&mut self.input)
            .take(want)
            .read_to_end(&mut self.buf)
            .map_err(|source| SnapshotError::Io {
                path: self.path.clone(),
                source,
            })?;
        if (got as u64) < want || self.buf.len() < n {
            return Err(SnapshotError::Truncated {
                offset: at + self.buf.len(),
                what: format!("body of {} bytes", self.len),
            });
        }
        Ok(())
    }
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader {
            bytes,
            at: 0,
            len: bytes.len(),
            stream: None,
        }
    }

    /// A reader of a body of `len` bytes read from `input`.
    pub(crate) fn streamed(input: &'a mut dyn std::io::Read, len: usize, path: String) -> Self {
        Reader {
            bytes: &[],
            at: 0,
            len,
            stream: Some(Stream {
                input,
                path,
                len,
                buf: Vec::with_capacity(READ_AT_ONCE),
                start: 0,
                crc: crc32fast::Hasher::new(),
            }),
        }
    }

    /// The offset of the next byte to read.
    pub(crate) fn offset(&self) -> usize {
        self.at
    }

    /// The bytes of the body not yet decoded.
    pub(crate) fn left(&self) -> usize {
        self.len.saturating_sub(self.at)
    }

    pub(crate) fn is_done(&self) -> bool {
        self.at == self.len
    }

    /// For a streamed body: reads what was not decoded, then the checksum of the whole
    /// body (a slice's checksum was checked before decoding).
    pub(crate) fn finish_checksum(&mut self) -> Result<Option<u32>, SnapshotError> {
        let at = self.at;
        let Some(s) = self.stream.as_mut() else {
            return Ok(None);
        };
        let mut at = at;
        loop {
            let rest = s.buf.len() - s.start;
            at += rest;
            s.start = s.buf.len();
            if at >= s.len {
                break;
            }
            s.fill((s.len - at).min(READ_AT_ONCE), at)?;
        }
        if let Some(done) = s.buf.get(..s.start) {
            s.crc.update(done);
        }
        s.buf.clear();
        s.start = 0;
        self.at = at;
        Ok(Some(s.crc.clone().finalize()))
    }

    /// An error at the current offset.
    pub(crate) fn invalid(&self, what: impl Into<String>) -> SnapshotError {
        SnapshotError::Invalid {
            offset: self.at,
            what: what.into(),
        }
    }

    #[inline]
    fn take(&mut self, n: usize, what: &str) -> Result<&[u8], SnapshotError> {
        let at = self.at;
        let truncated = || SnapshotError::Truncated {
            offset: at,
            what: what.to_owned(),
        };
        let end = at
            .checked_add(n)
            .filter(|e| *e <= self.len)
            .ok_or_else(truncated)?;
        self.at = end;
        match self.stream.as_mut() {
            None => self.bytes.get(at..end).ok_or_else(truncated),
            Some(s) => {
                s.fill(n, at)?;
                let from = s.start;
                s.start += n;
                s.buf.get(from..from + n).ok_or_else(truncated)
            }
        }
    }

    pub(crate) fn u8(&mut self, what: &str) -> Result<u8, SnapshotError> {
        Ok(self.take(1, what)?.first().copied().unwrap_or(0))
    }

    pub(crate) fn u32(&mut self, what: &str) -> Result<u32, SnapshotError> {
        let b = self.take(4, what)?;
        let mut a = [0u8; 4];
        a.copy_from_slice(b);
        Ok(u32::from_le_bytes(a))
    }

    pub(crate) fn u64(&mut self, what: &str) -> Result<u64, SnapshotError> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// A count of items each at least `min_bytes` long: rejected at once if the rest of the
    /// body cannot hold that many, so a corrupt count never makes a huge allocation.
    pub(crate) fn count(&mut self, min_bytes: usize, what: &str) -> Result<usize, SnapshotError> {
        let at = self.at;
        let n = self.u32(what)? as usize;
        let left = self.len - self.at;
        if n.saturating_mul(min_bytes.max(1)) > left {
            return Err(SnapshotError::Invalid {
                offset: at,
                what: format!("{what}: {n} items cannot fit in the {left} bytes left"),
            });
        }
        Ok(n)
    }

    pub(crate) fn str(&mut self, what: &str) -> Result<&str, SnapshotError> {
        let at = self.at;
        let n = self.u32(what)? as usize;
        let b = self.take(n, what)?;
        std::str::from_utf8(b).map_err(|e| SnapshotError::Invalid {
            offset: at,
            what: format!("{what}: not UTF-8 ({e})"),
        })
    }

    fn tag(&mut self, what: &str) -> Result<bool, SnapshotError> {
        let at = self.at;
        match self.u8(what)? {
            0 => Ok(false),
            1 => Ok(true),
            t => Err(SnapshotError::Invalid {
                offset: at,
                what: format!("{what}: tag {t}, expected 0 or 1"),
            }),
        }
    }

    pub(crate) fn opt_str(&mut self, what: &str) -> Result<Option<&str>, SnapshotError> {
        if self.tag(what)? {
            self.str(what).map(Some)
        } else {
            Ok(None)
        }
    }

    pub(crate) fn opt_u32(&mut self, what: &str) -> Result<Option<u32>, SnapshotError> {
        if self.tag(what)? {
            self.u32(what).map(Some)
        } else {
            Ok(None)
        }
    }

    pub(crate) fn date(&mut self, what: &str) -> Result<FactDate, SnapshotError> {
        let at = self.at;
        let bits = self.u64(what)?;
        FactDate::from_bits(bits).ok_or_else(|| SnapshotError::Invalid {
            offset: at,
            what: format!("{what}: {bits:#018x} is not a valid date"),
        })
    }

    pub(crate) fn opt_date(&mut self, what: &str) -> Result<Option<FactDate>, SnapshotError> {
        if self.tag(what)? {
            self.date(what).map(Some)
        } else {
            Ok(None)
        }
    }
}
