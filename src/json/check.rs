//! Checking a JSON document for every error rather than stopping at the first, for tools
//! that validate files (`factgraph check`).

use std::fmt;

use super::JsonError;
use super::stream::Stream;
use crate::store::batch::Batch;
use crate::store::graph::KnowledgeGraph;

/// What [`KnowledgeGraph::check_json`] found in a document: its errors in text order, each
/// with line and column, up to the maximum asked for.
///
/// Displays one error a line (`line:column: message`), then how many more there were and
/// whether the check stopped early.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct JsonCheck {
    /// The errors kept, in text order (the one that stopped the check, if any, last).
    pub errors: Vec<JsonError>,
    /// Errors found past the maximum: counted, not kept.
    pub more: usize,
    /// Whether the check stopped before the end of the document, at malformed JSON (or
    /// text nested too deep, a wrong document structure, an unsupported version): that
    /// error is the last one, and nothing after it was looked at.
    pub stopped: bool,
}

impl JsonCheck {
    /// Whether the document has no error: [`KnowledgeGraph::from_json`] loads it.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty() && self.more == 0
    }

    /// The number of errors found, kept or not.
    pub fn count(&self) -> usize {
        self.errors.len() + self.more
    }
}

impl fmt::Display for JsonCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.errors {
            writeln!(f, "{}:{}: {}", e.line(), e.column(), e.kind())?;
        }
        if self.more > 0 {
            writeln!(
                f,
                "... and {} more error{} (only the first {} are listed)",
                self.more,
                if self.more == 1 { "" } else { "s" },
                self.errors.len()
            )?;
        }
        if self.stopped {
            writeln!(
                f,
                "(checking stopped at the last error: the rest of the document was not read)"
            )?;
        }
        Ok(())
    }
}

impl KnowledgeGraph {
    /// Checks a JSON document as [`from_json`](Self::from_json) would read it, but goes on
    /// past each error and reports them all, each with its line and column: entities,
    /// reports and facts that the graph refuses (unknown kinds, relations or modalities,
    /// invalid dates, missing or duplicate ids, schema violations) and records of the
    /// wrong shape (a missing, unknown or mistyped field). A fact that names a refused
    /// entity or report is not reported again for it.
    ///
    /// Malformed JSON stops the check where it is (the parser cannot resynchronize), as do
    /// nesting deeper than [`Limits::max_depth`](crate::Limits::max_depth), a wrong
    /// top-level structure and an unsupported version; the errors found before are kept
    /// and [`JsonCheck::stopped`] is set. The first `max_errors` errors met are kept
    /// (reports listed before the entities are checked after them), each located by
    /// walking the text, O(length); further ones are only counted in [`JsonCheck::more`].
    /// Changes no graph.
    ///
    /// ```
    /// use factgraph::{JsonErrorKind, KnowledgeGraph};
    /// // Made-up entities: an unknown kind, then a fact with an unknown relation.
    /// let text = r#"{"factgraph": 2,
    ///   "entities": [{"id": "a", "kind": "persn", "name": "Ann Example"},
    ///                {"id": "b", "kind": "person", "name": "Bob Example"}],
    ///   "facts": [{"relation": "mett", "subject": "b", "object": "b"}]}"#;
    /// let check = KnowledgeGraph::check_json(text, 100);
    /// assert_eq!(check.errors.len(), 2);
    /// assert!(matches!(check.errors[0].kind(), JsonErrorKind::UnknownKind { .. }));
    /// assert_eq!((check.errors[1].line(), check.errors[1].column()), (4, 26));
    /// println!("{check}");
    /// ```
    pub fn check_json(text: &str, max_errors: usize) -> JsonCheck {
        let text = super::strip_bom(text);
        let graph = KnowledgeGraph::new();
        let mut batch = Batch::new(&graph);
        let (collected, stopped) =
            Stream::collecting(text, &mut batch, max_errors).run_collecting();
        JsonCheck {
            errors: collected.errors,
            more: collected.more,
            stopped,
        }
    }
}
