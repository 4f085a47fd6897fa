//! A column of fixed-size values that either owns its vector or borrows its bytes from a
//! memory-mapped snapshot file.
//!
//! Opening a large snapshot by reading it spent most of its time having the kernel find,
//! zero and account fresh pages for the vectors the file is copied into (40 % of a 10M-fact
//! open, against 5 % for the copy itself). A mapped column costs none of that: its values
//! are the file's own bytes in the page cache, shared by every process that opens the same
//! file. Reads go through [`Deref`] to a slice either way. The first change to a mapped
//! column copies it into a vector of its own (copy on write), so a graph opened from a
//! map takes new facts as any other does, and the file is never written.
//!
//! Only types whose every bit pattern is a valid value are mapped ([`Raw`]): plain
//! integers and structs of them. The snapshot reader checks the values (bounds, order)
//! before it hands out a column, as it does for a copied one.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use crate::model::date::FactDate;
use crate::model::ids::FactId;

/// A snapshot file mapped into memory, shared by the columns that borrow from it.
pub(crate) struct Mapping {
    map: memmap2::Mmap,
}

impl Mapping {
    /// Maps `file` read-only.
    ///
    /// The caller promises what every memory-mapped store asks (see
    /// [`KnowledgeGraph::open_snapshot`](crate::KnowledgeGraph::open_snapshot)): the file is
    /// not rewritten in place or truncated while a graph uses it. factgraph's own writers
    /// never do that: they write a new file and rename it over the old one, which leaves a
    /// mapped file as it was.
    pub(crate) fn map(file: &std::fs::File) -> std::io::Result<Arc<Mapping>> {
        // SAFETY: the mapping is read-only and private, and lives as long as the `Arc`
        // that every borrowing column holds. That its bytes do not change underneath is
        // the caller's promise above; a change could only alter values of `Raw` types
        // (any bit pattern is one), never make a reference dangle.
        // Not populated up front: the reader checks the footer and the table before it
        // touches the sections, so a file that lies about its size costs no reading, and
        // the kernel brings sections in as the checks read them.
        let map = unsafe { memmap2::MmapOptions::new().map_copy_read_only(file)? };
        Ok(Arc::new(Mapping { map }))
    }

    /// The mapped bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.map
    }
}

/// Values that can be read straight from a file's little-endian bytes: `Copy`, without
/// padding, every bit pattern a valid value, and laid out as the file stores them.
///
/// # Safety
/// Implement only for types made of `u32`, `i32` and `u64` fields with `#[repr(C)]` or
/// `#[repr(transparent)]` and no padding, whose every bit pattern is a valid value.
pub(crate) unsafe trait Raw: Copy + Send + Sync + 'static {}

// SAFETY: primitive integers: every bit pattern is a value, no padding.
unsafe impl Raw for u32 {}
// SAFETY: as above.
unsafe impl Raw for i32 {}
// SAFETY: as above.
unsafe impl Raw for u64 {}
// SAFETY: `FactId` is `#[repr(transparent)]` over a `u32`.
unsafe impl Raw for FactId {}
// SAFETY: `FactDate` is `#[repr(C)]` of two `PartialDate`s, each `#[repr(C)]` of a `u16`
// and two `u8`s: 8 bytes, no padding (asserted below), every bit pattern a value of the
// type. Which values are dates the snapshot reader checks before a column is used.
unsafe impl Raw for FactDate {}
const _: () = assert!(size_of::<FactDate>() == 8 && align_of::<FactDate>() == 2);

/// A column: owned, or borrowed from a [`Mapping`].
pub(crate) struct Column<T: Raw> {
    inner: Inner<T>,
}

enum Inner<T> {
    Owned(Vec<T>),
    Mapped {
        map: Arc<Mapping>,
        /// Byte offset of the first value in the mapping.
        at: usize,
        /// Number of values.
        len: usize,
    },
}

impl<T: Raw> Column<T> {
    /// An empty column.
    pub(crate) const fn new() -> Self {
        Column {
            inner: Inner::Owned(Vec::new()),
        }
    }

    /// `len` values at byte `at` of `map`, if they lie inside it and `at` is aligned for
    /// `T` (the snapshot reader falls back to copying otherwise).
    pub(crate) fn mapped(map: &Arc<Mapping>, at: usize, len: usize) -> Option<Self> {
        let bytes = len.checked_mul(size_of::<T>())?;
        let end = at.checked_add(bytes)?;
        let whole = map.bytes();
        if end > whole.len() {
            return None;
        }
        let start = whole.as_ptr().wrapping_add(at);
        if start.align_offset(align_of::<T>()) != 0 {
            return None;
        }
        Some(Column {
            inner: Inner::Mapped {
                map: Arc::clone(map),
                at,
                len,
            },
        })
    }

    /// Whether the values are borrowed from a mapped file.
    #[cfg(test)]
    pub(crate) fn is_mapped(&self) -> bool {
        matches!(self.inner, Inner::Mapped { .. })
    }

    /// The values as a vector of their own, copied from the file if they were mapped.
    ///
    /// Inlined, the copy kept out of line: [`push`](Self::push) goes through here for each
    /// value a build appends, and whether the compiler inlined this on its own varied with
    /// unrelated changes elsewhere in the crate (a call per value then cost a build's
    /// commit a tenth of its time).
    #[inline]
    pub(crate) fn to_mut(&mut self) -> &mut Vec<T> {
        if let Inner::Mapped { .. } = self.inner {
            self.unmap();
        }
        match &mut self.inner {
            Inner::Owned(v) => v,
            // Replaced just above.
            Inner::Mapped { .. } => unreachable!("a mapped column was just copied"),
        }
    }

    /// Copies the mapped values into a vector of their own (once per column at most).
    #[cold]
    #[inline(never)]
    fn unmap(&mut self) {
        self.inner = Inner::Owned(self.as_slice().to_vec());
    }

    /// The values, as a vector (copied if mapped).
    pub(crate) fn into_vec(self) -> Vec<T> {
        match self.inner {
            Inner::Owned(v) => v,
            Inner::Mapped { .. } => self.as_slice().to_vec(),
        }
    }

    /// The values.
    pub(crate) fn as_slice(&self) -> &[T] {
        match &self.inner {
            Inner::Owned(v) => v,
            Inner::Mapped { map, at, len } => {
                let start = map.bytes().as_ptr().wrapping_add(*at).cast::<T>();
                // SAFETY: `mapped` checked that `len` values of `T` from byte `at` lie
                // inside the mapping and that the start is aligned for `T`; `T: Raw`
                // makes every bit pattern there a valid `T`; the mapping is read-only
                // and lives while `map` (held by `self`) does, which outlives the borrow.
                unsafe { std::slice::from_raw_parts(start, *len) }
            }
        }
    }

    /// Heap bytes the column holds: a mapped column holds none (its bytes are the file's).
    pub(crate) fn heap_bytes(&self) -> usize {
        match &self.inner {
            Inner::Owned(v) => v.capacity() * size_of::<T>(),
            Inner::Mapped { .. } => 0,
        }
    }

    /// Mapped bytes the column borrows.
    pub(crate) fn mapped_bytes(&self) -> usize {
        match &self.inner {
            Inner::Owned(_) => 0,
            Inner::Mapped { len, .. } => len * size_of::<T>(),
        }
    }

    /// The owned vector's capacity; 0 for a mapped column, which holds no heap.
    pub(crate) fn capacity(&self) -> usize {
        match &self.inner {
            Inner::Owned(v) => v.capacity(),
            Inner::Mapped { .. } => 0,
        }
    }

    /// Reserves room for `n` more values (copying a mapped column first).
    pub(crate) fn reserve(&mut self, n: usize) {
        self.to_mut().reserve(n);
    }

    /// Reserves room for exactly `n` more values (copying a mapped column first).
    pub(crate) fn reserve_exact(&mut self, n: usize) {
        self.to_mut().reserve_exact(n);
    }

    /// Gives back an owned vector's spare room when it is more than an eighth of its
    /// length (as [`trim`](crate::store::sparse::trim) does); a mapped column has none.
    pub(crate) fn trim(&mut self) {
        if let Inner::Owned(v) = &mut self.inner {
            crate::store::sparse::trim(v);
        }
    }

    /// Appends a value (copying a mapped column first). Inlined, as `to_mut` is.
    #[inline]
    pub(crate) fn push(&mut self, value: T) {
        self.to_mut().push(value);
    }
}

impl<T: Raw> Deref for Column<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Raw> DerefMut for Column<T> {
    /// Copies a mapped column into a vector of its own first.
    fn deref_mut(&mut self) -> &mut [T] {
        self.to_mut()
    }
}

impl<T: Raw> Default for Column<T> {
    fn default() -> Self {
        Column::new()
    }
}

impl<T: Raw> Clone for Column<T> {
    /// A mapped column's clone borrows the same mapping.
    fn clone(&self) -> Self {
        let inner = match &self.inner {
            Inner::Owned(v) => Inner::Owned(v.clone()),
            Inner::Mapped { map, at, len } => Inner::Mapped {
                map: Arc::clone(map),
                at: *at,
                len: *len,
            },
        };
        Column { inner }
    }
}

impl<T: Raw + fmt::Debug> fmt::Debug for Column<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<T: Raw + PartialEq> PartialEq for Column<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Raw + Eq> Eq for Column<T> {}

impl<T: Raw> From<Vec<T>> for Column<T> {
    fn from(v: Vec<T>) -> Self {
        Column {
            inner: Inner::Owned(v),
        }
    }
}

impl<T: Raw> FromIterator<T> for Column<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Column::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T: Raw> Extend<T> for Column<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.to_mut().extend(iter);
    }
}

impl<'a, T: Raw> IntoIterator for &'a Column<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<T: Raw> IntoIterator for Column<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn mapping_of(bytes: &[u8]) -> (std::path::PathBuf, Arc<Mapping>) {
        let path = std::env::temp_dir().join(format!(
            "factgraph-column-{}-{}",
            std::process::id(),
            bytes.len()
        ));
        let mut f = std::fs::File::create(&path).expect("a temporary file");
        f.write_all(bytes).expect("written");
        drop(f);
        let f = std::fs::File::open(&path).expect("reopened");
        (path.clone(), Mapping::map(&f).expect("mapped"))
    }

    #[test]
    fn a_mapped_column_reads_the_file_and_copies_on_write() {
        // Made-up values: eight little-endian u32 after eight bytes of something else.
        let mut bytes = vec![0xAAu8; 8];
        for v in 1u32..=8 {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        let (path, map) = mapping_of(&bytes);
        let mut c = Column::<u32>::mapped(&map, 8, 8).expect("inside and aligned");
        assert!(c.is_mapped());
        if cfg!(target_endian = "little") {
            assert_eq!(&*c, &[1, 2, 3, 4, 5, 6, 7, 8]);
        }
        assert_eq!(c.heap_bytes(), 0);
        assert_eq!(c.mapped_bytes(), 32);
        let shared = c.clone();
        c.push(9);
        assert!(!c.is_mapped());
        assert_eq!(c.len(), 9);
        assert_eq!(shared.len(), 8, "the clone still borrows the file");
        assert_eq!(&c[..8], &*shared);
        // Out of the file, or misaligned: refused.
        assert!(Column::<u32>::mapped(&map, 8, 9).is_none());
        assert!(Column::<u32>::mapped(&map, 6, 1).is_none());
        assert!(Column::<u64>::mapped(&map, usize::MAX, 1).is_none());
        drop((c, shared, map));
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn an_owned_column_behaves_as_a_vector() {
        let mut c: Column<FactId> = (0..4).map(FactId).collect();
        c.extend([FactId(7)]);
        c[0] = FactId(9);
        assert_eq!(c.len(), 5);
        assert_eq!(c.first(), Some(&FactId(9)));
        assert!(c.heap_bytes() >= 20);
        assert_eq!(c.clone().into_vec().len(), 5);
        assert_eq!(Column::<u64>::default().len(), 0);
    }
}
