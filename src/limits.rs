//! Limits on the work and memory outside input may cost: each has a default, each can be
//! changed, and each exceeded limit is a typed error that says which limit and where.

/// Limits applied to input read from outside (JSON documents, JSON Lines, report files
/// merged into a corpus) and to searches whose cost depends on the graph.
///
/// A graph carries its limits ([`KnowledgeGraph::limits`](crate::KnowledgeGraph::limits),
/// [`KnowledgeGraph::set_limits`](crate::KnowledgeGraph::set_limits)); loads and searches on
/// it use them. The defaults are generous for real data and bound what a hostile input can
/// cost.
///
/// ```
/// use factgraph::{KnowledgeGraph, Limits};
/// let mut g = KnowledgeGraph::new();
/// g.set_limits(Limits { max_name_chars: 200, ..Limits::default() });
/// assert_eq!(g.limits().max_depth, 64);
/// ```
/// Build one with struct update syntax from [`Limits::default()`], as below, so that a
/// limit added later takes its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// The deepest nesting of JSON arrays and objects a document or line may have.
    /// Default 64 (the format itself needs 5).
    pub max_depth: usize,
    /// The longest line, in bytes, a JSON Lines input may have (without its line end).
    /// Default 16 MiB.
    pub max_line_bytes: usize,
    /// The longest entity name or alias, in characters. Default 1,000.
    pub max_name_chars: usize,
    /// The work one closest-name search may do when a lookup fails: trigram postings
    /// visited plus edit-distance cells computed. Default 200,000 (about a millisecond).
    pub closest_work: usize,
    /// The entities a path or ego-network search may expand before it gives up with an
    /// error. Default 10,000,000.
    pub search_expansions: usize,
    /// The longest value, in characters, quoted in an error message; longer values are cut
    /// and end in "…". Default 200.
    pub quote_chars: usize,
}

impl Limits {
    /// The defaults (see each field).
    pub const DEFAULT: Limits = Limits {
        max_depth: 64,
        max_line_bytes: 16 << 20,
        max_name_chars: 1_000,
        closest_work: 200_000,
        search_expansions: 10_000_000,
        quote_chars: 200,
    };

    /// No limit at all (every field at its maximum); for trusted input only.
    pub const UNLIMITED: Limits = Limits {
        max_depth: usize::MAX,
        max_line_bytes: usize::MAX,
        max_name_chars: usize::MAX,
        closest_work: usize::MAX,
        search_expansions: usize::MAX,
        quote_chars: usize::MAX,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// `value` cut to at most `max` characters, ending in "…" when cut: error messages quote
/// what they reject, and a megabyte value must not make a megabyte message.
pub(crate) fn quote(value: &str, max: usize) -> String {
    match value.char_indices().nth(max) {
        None => value.to_owned(),
        Some((end, _)) => {
            let mut out = value.get(..end).unwrap_or_default().to_owned();
            out.push('…');
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_cut() {
        assert_eq!(quote("abc", 3), "abc");
        assert_eq!(quote("abcd", 3), "abc…");
        assert_eq!(quote("ééééé", 2), "éé…");
        assert_eq!(quote("", 0), "");
    }
}
