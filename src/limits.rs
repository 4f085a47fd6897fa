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
/// Start from [`Limits::default()`] (or [`Limits::DEFAULT`]) and change what you need with
/// the `with_*` methods, so that a limit added later takes its default. (The struct is
/// `#[non_exhaustive]`: outside this crate it cannot be built with a struct expression.)
///
/// ```
/// use factgraph::{KnowledgeGraph, Limits};
/// let mut g = KnowledgeGraph::new();
/// g.set_limits(Limits::default().with_max_name_chars(200));
/// assert_eq!(g.limits().max_name_chars, 200);
/// assert_eq!(g.limits().max_depth, 64);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    /// The facts a path or ego-network search may follow (adjacency entries examined)
    /// before it gives up: [`KnowledgeGraph::try_connection`](crate::KnowledgeGraph::try_connection)
    /// then returns an error, [`connection`](crate::KnowledgeGraph::connection) `None`.
    /// Default 100,000,000 (more than a full search of a 10M-fact graph needs).
    pub search_expansions: usize,
    /// The longest value, in characters, quoted in an error message; longer values are cut
    /// and end in "…". Default 200.
    pub quote_chars: usize,
    /// The largest JSON document, in bytes, a report file or reader may hold: a JSON
    /// document is read whole before it is parsed, so a larger one is refused before it is
    /// read. Default 1 GiB. (JSON Lines are read a line at a time and bounded by
    /// [`max_line_bytes`](Self::max_line_bytes) instead.)
    pub max_document_bytes: usize,
}

impl Limits {
    /// The defaults (see each field).
    pub const DEFAULT: Limits = Limits {
        max_depth: 64,
        max_line_bytes: 16 << 20,
        max_name_chars: 1_000,
        closest_work: 200_000,
        search_expansions: 100_000_000,
        quote_chars: 200,
        max_document_bytes: 1 << 30,
    };

    /// No limit at all (every field at its maximum); for trusted input only.
    pub const UNLIMITED: Limits = Limits {
        max_depth: usize::MAX,
        max_line_bytes: usize::MAX,
        max_name_chars: usize::MAX,
        closest_work: usize::MAX,
        search_expansions: usize::MAX,
        quote_chars: usize::MAX,
        max_document_bytes: usize::MAX,
    };

    /// These limits with [`max_depth`](Self::max_depth) set to `value`.
    #[must_use]
    pub const fn with_max_depth(mut self, value: usize) -> Self {
        self.max_depth = value;
        self
    }

    /// These limits with [`max_line_bytes`](Self::max_line_bytes) set to `value`.
    #[must_use]
    pub const fn with_max_line_bytes(mut self, value: usize) -> Self {
        self.max_line_bytes = value;
        self
    }

    /// These limits with [`max_name_chars`](Self::max_name_chars) set to `value`.
    #[must_use]
    pub const fn with_max_name_chars(mut self, value: usize) -> Self {
        self.max_name_chars = value;
        self
    }

    /// These limits with [`closest_work`](Self::closest_work) set to `value`.
    #[must_use]
    pub const fn with_closest_work(mut self, value: usize) -> Self {
        self.closest_work = value;
        self
    }

    /// These limits with [`search_expansions`](Self::search_expansions) set to `value`.
    #[must_use]
    pub const fn with_search_expansions(mut self, value: usize) -> Self {
        self.search_expansions = value;
        self
    }

    /// These limits with [`quote_chars`](Self::quote_chars) set to `value`.
    #[must_use]
    pub const fn with_quote_chars(mut self, value: usize) -> Self {
        self.quote_chars = value;
        self
    }

    /// These limits with [`max_document_bytes`](Self::max_document_bytes) set to `value`.
    #[must_use]
    pub const fn with_max_document_bytes(mut self, value: usize) -> Self {
        self.max_document_bytes = value;
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// `value` cut to at most `max` characters, ending in "…" when cut: error messages quote
/// what they reject, and a megabyte value must not make a megabyte message.
/// Invisible and control characters are written as escapes (see [`shown`]).
pub(crate) fn quote(value: &str, max: usize) -> String {
    shown(value, max)
}

/// Whether `c` would print as nothing, or move the cursor, or reorder the text around it:
/// control characters, the line and paragraph separators, and the characters name folding
/// drops as invisible ([`crate::store::names::is_invisible`]: zero-width spaces and
/// joiners, direction marks and overrides, the byte order mark, the soft hyphen, tags).
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || crate::store::names::is_invisible(c)
}

/// `value` as an error message may show it: every invisible or control character written
/// as an escape (`\u{200b}`, `\n`), so that what is quoted can be seen and cannot move the
/// cursor of a terminal, and cut to at most `max` characters (before escaping) with "…".
pub(crate) fn shown(value: &str, max: usize) -> String {
    let mut out = String::with_capacity(value.len().min(max.saturating_mul(4)));
    for (i, c) in value.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_invisible(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Cuts a string in place to [`quote`]'s form (escapes included).
pub(crate) fn cut(s: &mut String, max: usize) {
    if s.chars().nth(max).is_some() || s.chars().any(is_invisible) {
        *s = shown(s, max);
    }
}

/// Errors that quote values from the input and can cut them to a length.
pub(crate) trait CutQuotes {
    /// Cuts every quoted value to at most `max` characters (plus "…").
    fn cut_quotes(&mut self, max: usize);
}

impl CutQuotes for crate::error::UnknownName {
    fn cut_quotes(&mut self, max: usize) {
        cut(&mut self.value, max);
    }
}

impl CutQuotes for crate::error::DateError {
    fn cut_quotes(&mut self, max: usize) {
        use crate::error::DateError;
        match self {
            DateError::Syntax { value } => cut(value, max),
            DateError::RangeReversed { start, end } => {
                cut(start, max);
                cut(end, max);
            }
            _ => {}
        }
    }
}

impl CutQuotes for crate::error::GraphError {
    fn cut_quotes(&mut self, max: usize) {
        use crate::error::GraphError as G;
        match self {
            G::EmptyName { key }
            | G::EmptyAlias { key, .. }
            | G::NameTooLong { key, .. }
            | G::DuplicateKey { key }
            | G::DuplicateReport { key }
            | G::QualifierKind { key, .. } => cut(key, max),
            G::Schema(v) => {
                cut(&mut v.subject, max);
                cut(&mut v.object, max);
            }
            _ => {}
        }
    }
}

impl CutQuotes for crate::error::LookupError {
    fn cut_quotes(&mut self, max: usize) {
        use crate::error::LookupError as L;
        match self {
            L::NotFound { name, closest } => {
                cut(name, max);
                closest.iter_mut().for_each(|c| cut(c, max));
            }
            L::Ambiguous { name, candidates } => {
                cut(name, max);
                for c in candidates {
                    cut(&mut c.key, max);
                    cut(&mut c.name, max);
                }
            }
            L::UnknownKey { key } => cut(key, max),
        }
    }
}

impl CutQuotes for crate::json::JsonErrorKind {
    fn cut_quotes(&mut self, max: usize) {
        use crate::json::JsonErrorKind as J;
        match self {
            J::Syntax { message } | J::Structure { message } => cut(message, max),
            J::UnknownKind { entity, source } => {
                cut(entity, max);
                source.cut_quotes(max);
            }
            J::DuplicateId { entity } => cut(entity, max),
            J::InvalidEntity { entity, source } => {
                cut(entity, max);
                source.cut_quotes(max);
            }
            J::UnknownName { source, .. } => source.cut_quotes(max),
            J::MissingEntity { entity, .. } => cut(entity, max),
            J::InvalidDate { source, .. } => source.cut_quotes(max),
            J::InvalidReport { report, source } => {
                cut(report, max);
                source.cut_quotes(max);
            }
            J::MissingOutlet { report, entity } => {
                cut(report, max);
                cut(entity, max);
            }
            J::InvalidReportDate { report, source } => {
                cut(report, max);
                source.cut_quotes(max);
            }
            J::MissingReport { report, .. } => cut(report, max),
            J::DuplicateMergedId { entity, key } => {
                cut(entity, max);
                cut(key, max);
            }
            J::InvalidFact { source, .. } => source.cut_quotes(max),
            _ => {}
        }
    }
}

impl CutQuotes for crate::json::JsonError {
    fn cut_quotes(&mut self, max: usize) {
        self.kind.cut_quotes(max);
    }
}

impl CutQuotes for crate::interchange::jsonl::JsonlError {
    fn cut_quotes(&mut self, max: usize) {
        use crate::interchange::jsonl::JsonlErrorKind as K;
        match &mut self.kind {
            K::Io { message } | K::Syntax { message } | K::Structure { message } => {
                cut(message, max)
            }
            K::Lookup { source, .. } => source.cut_quotes(max),
            K::Invalid(kind) => kind.cut_quotes(max),
            _ => {}
        }
    }
}

impl CutQuotes for crate::corpus::MergeError {
    fn cut_quotes(&mut self, max: usize) {
        use crate::corpus::MergeError as M;
        match self {
            M::KindMismatch { key, .. } => cut(key, max),
            M::BadMapping { incoming, target } => {
                cut(incoming, max);
                cut(target, max);
            }
            M::BadRename { key, name } => {
                cut(key, max);
                cut(name, max);
            }
            M::Json(e) => e.cut_quotes(max),
            M::Invalid(e) => e.cut_quotes(max),
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

    #[test]
    fn shown_escapes_what_cannot_be_seen_and_cuts() {
        assert_eq!(shown("Iva\u{200b}n", 10), "Iva\\u{200b}n");
        assert_eq!(shown("a\u{1b}[2Jb\n", 10), "a\\u{1b}[2Jb\\n");
        assert_eq!(shown("\u{202e}abc", 2), "\\u{202e}a…");
        assert_eq!(shown(&"x".repeat(100_000), 200).chars().count(), 201);
        assert_eq!(shown("Ivan Petrov", 200), "Ivan Petrov");
    }
}
