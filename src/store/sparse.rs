//! Values for a few rows of a column.

/// Values for some rows of a column, by ascending row: a column most rows leave empty
/// costs nothing for them.
#[derive(Debug, Clone)]
pub(crate) struct Sparse<T> {
    pub(crate) rows: Vec<u32>,
    pub(crate) values: Vec<T>,
}

impl<T> Default for Sparse<T> {
    fn default() -> Self {
        Sparse {
            rows: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T> Sparse<T> {
    /// Adds a value for `row`, which is past every row so far (columns only grow).
    pub(crate) fn push(&mut self, row: u32, value: T) {
        self.rows.push(row);
        self.values.push(value);
    }

    /// Sets or clears the value of any row, keeping the rows sorted: O(rows after it)
    /// element moves when a row is added or removed, O(log rows) when one is replaced.
    pub(crate) fn set(&mut self, row: u32, value: Option<T>) {
        match (self.rows.binary_search(&row), value) {
            (Ok(i), Some(v)) => {
                if let Some(slot) = self.values.get_mut(i) {
                    *slot = v;
                }
            }
            (Ok(i), None) => {
                if i < self.rows.len() && i < self.values.len() {
                    self.rows.remove(i);
                    self.values.remove(i);
                }
            }
            (Err(i), Some(v)) => {
                if i <= self.rows.len() && i <= self.values.len() {
                    self.rows.insert(i, row);
                    self.values.insert(i, v);
                }
            }
            (Err(_), None) => {}
        }
    }

    pub(crate) fn get(&self, row: u32) -> Option<&T> {
        let i = self.rows.binary_search(&row).ok()?;
        self.values.get(i)
    }

    /// The value of `row`, for reads in mostly ascending row order. `hint` (0 at first)
    /// is where the last forward read stopped: a later row is found by stepping forward
    /// from there, so reads in ascending order cost O(1) amortized and walk the column
    /// once, where a binary search per read misses the cache at every step of a large
    /// column (a bulk commit's report lookups). An earlier row is binary-searched and
    /// leaves the hint where it was.
    pub(crate) fn get_near(&self, row: u32, hint: &mut usize) -> Option<&T> {
        let before = self.rows.get(..*hint).unwrap_or(&[]);
        if before.last().is_some_and(|&r| r >= row) {
            let i = before.binary_search(&row).ok()?;
            return self.values.get(i);
        }
        let rest = self.rows.get(*hint..).unwrap_or(&[]);
        *hint += rest.iter().take_while(|&&r| r < row).count();
        if self.rows.get(*hint) == Some(&row) {
            self.values.get(*hint)
        } else {
            None
        }
    }

    /// Appends `other`, whose rows come `shift` rows later here.
    pub(crate) fn append(&mut self, other: Sparse<T>, shift: u32) {
        self.rows.extend(other.rows.into_iter().map(|r| r + shift));
        self.values.extend(other.values);
    }

    /// Gives back spare room of more than an eighth.
    pub(crate) fn trim(&mut self) {
        trim(&mut self.rows);
        trim(&mut self.values);
    }
}

/// Gives back a vector's spare room when it is more than an eighth of its length.
pub(crate) fn trim<T>(v: &mut Vec<T>) {
    if v.capacity() - v.len() > v.len() / 8 {
        v.shrink_to_fit();
    }
}

impl<T> Sparse<T> {
    /// Heap bytes of the two columns (not of what the values own).
    pub(crate) fn heap_bytes(&self) -> usize {
        super::memory::vec_bytes(&self.rows) + super::memory::vec_bytes(&self.values)
    }
}

#[cfg(test)]
mod tests {
    use super::Sparse;

    #[test]
    fn reads_near_a_hint_answer_as_plain_reads_do() {
        let mut column = Sparse::default();
        for row in (0..200u32).filter(|r| r % 3 == 0 || r % 7 == 0) {
            column.push(row, row * 10);
        }
        // Forward, with repeats, then jumps back (a shared older list) and forward again.
        let reads = (0..210u32)
            .chain([5, 5, 6, 3, 0, 150, 149, 199, 200, 7])
            .chain(100..120);
        let mut hint = 0;
        for row in reads {
            assert_eq!(
                column.get_near(row, &mut hint),
                column.get(row),
                "row {row}"
            );
        }
        let empty: Sparse<u32> = Sparse::default();
        assert_eq!(empty.get_near(4, &mut 0), None);
    }
}
