//! How much heap a graph holds, part by part.
//!
//! Estimated from the capacities of the graph's vectors, strings and maps (a hash map's
//! buckets and control bytes included); what the allocator adds per allocation is not.
//! The scale example checks the estimate against a counting allocator.

use super::graph::KnowledgeGraph;

/// Heap bytes of a [`KnowledgeGraph`], by part: what [`KnowledgeGraph::memory_usage`]
/// returns.
///
/// ```
/// use factgraph::datasets;
/// let g = datasets::edm_2004_v1_i133();
/// let m = g.memory_usage();
/// assert!(m.facts > 0 && m.adjacency > 0);
/// assert_eq!(m.total(), m.entities + m.lookups + m.facts + m.adjacency + m.dates + m.lists + m.reports);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MemoryUsage {
    /// Entity values and their strings, and the kind column.
    pub entities: usize,
    /// Key, name, merged-key and kind indexes.
    pub lookups: usize,
    /// Fact columns, the attribution pool, sparse qualifiers and pooled roles.
    pub facts: usize,
    /// The adjacency index.
    pub adjacency: usize,
    /// The date index and the list of undated facts.
    pub dates: usize,
    /// Facts by relation, by source and by report, and the not-reported list.
    pub lists: usize,
    /// Reports and their keys.
    pub reports: usize,
    /// Not heap: bytes of the index columns served straight from a memory-mapped
    /// snapshot file ([`KnowledgeGraph::open_snapshot`]), shared with every process that
    /// maps the same file. Not part of [`total`](Self::total); 0 for a graph built,
    /// loaded or already changed.
    pub mapped: usize,
}

impl MemoryUsage {
    /// All heap parts together (not [`mapped`](Self::mapped)).
    pub fn total(&self) -> usize {
        self.entities
            + self.lookups
            + self.facts
            + self.adjacency
            + self.dates
            + self.lists
            + self.reports
    }
}

pub(crate) use crate::heap::{map_bytes, string_bytes, vec_bytes};
use crate::store::column::Column;

impl KnowledgeGraph {
    /// Heap bytes this graph holds, by part (see [`MemoryUsage`]). O(entities + reports):
    /// entity strings are summed one by one. The search index, built on the first
    /// [`search`](Self::search), is not counted.
    pub fn memory_usage(&self) -> MemoryUsage {
        let entities = vec_bytes(&self.entities)
            + self.entities.iter().map(|e| e.heap_bytes()).sum::<usize>()
            + vec_bytes(&self.kinds);
        let lookups = self.keys.heap_bytes()
            + self.names.heap_bytes()
            + map_bytes(&self.merged_keys)
            + self
                .merged_keys
                .keys()
                .map(|k| string_bytes(k))
                .sum::<usize>()
            + self.by_kind.iter().map(vec_bytes).sum::<usize>();
        let lists = self
            .by_relation
            .iter()
            .map(Column::heap_bytes)
            .sum::<usize>()
            + self.not_reported.heap_bytes()
            + map_bytes(&self.by_source)
            + self.by_source.values().map(vec_bytes).sum::<usize>()
            + vec_bytes(&self.by_report)
            + self.by_report.iter().map(vec_bytes).sum::<usize>();
        let reports = vec_bytes(&self.reports)
            + self.reports.iter().map(|r| r.heap_bytes()).sum::<usize>()
            + map_bytes(&self.report_keys)
            + self
                .report_keys
                .keys()
                .map(|k| string_bytes(k))
                .sum::<usize>();
        MemoryUsage {
            entities,
            lookups,
            facts: self.facts.heap_bytes(),
            adjacency: self.adjacency.heap_bytes(),
            dates: self.dates.heap_bytes() + self.undated.heap_bytes(),
            lists,
            reports,
            mapped: self.mapped_bytes(),
        }
    }

    /// Bytes of this graph served from a memory-mapped snapshot file rather than held in
    /// its own memory (see [`open_snapshot`](Self::open_snapshot)): the adjacency and date
    /// indexes, the fact lists by relation, the facts' dates and attribution list numbers. 0 for a graph
    /// that was built, loaded or read from bytes; it falls as changes copy mapped parts.
    ///
    /// ```
    /// use factgraph::{datasets, KnowledgeGraph};
    /// let path = std::env::temp_dir().join(format!("mapped-{}.fgsnap", std::process::id()));
    /// datasets::edm_2004_v1_i133().save_snapshot(&path)?;
    /// let opened = KnowledgeGraph::open_snapshot(&path)?;
    /// let loaded = KnowledgeGraph::load_snapshot(&path)?;
    /// assert_eq!(opened, loaded);
    /// assert_eq!(loaded.mapped_bytes(), 0);
    /// # #[cfg(all(target_endian = "little", any(unix, windows)))]
    /// assert!(opened.mapped_bytes() > 0);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn mapped_bytes(&self) -> usize {
        self.adjacency.offsets.mapped_bytes()
            + self.adjacency.entries.mapped_bytes()
            + self.dates.mapped_bytes()
            + self.undated.mapped_bytes()
            + self.not_reported.mapped_bytes()
            + self
                .by_relation
                .iter()
                .map(Column::mapped_bytes)
                .sum::<usize>()
            + self.facts.date.mapped_bytes()
            + self.facts.set.mapped_bytes()
            + self.facts.pool.starts.mapped_bytes()
    }
}
