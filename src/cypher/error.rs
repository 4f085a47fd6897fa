//! Errors of the query language: where in the text, and what to write instead.

use thiserror::Error;

use crate::error::DateError;
use crate::model::kind::KindSet;

/// Why a query was refused or stopped. Every variant but [`Budget`](CypherError::Budget)
/// carries the line and column (both from 1, columns in characters) of the offending
/// text; [`position`](CypherError::position) gives them.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CypherError {
    /// The text is not a query of the subset.
    #[error("{line}:{column}: syntax error: {message}")]
    Syntax {
        /// Line, from 1.
        line: u32,
        /// Column, from 1, in characters.
        column: u32,
        /// What was expected and what was found.
        message: String,
    },
    /// A kind, relation, property, function, modality or map key that is not in the
    /// vocabulary.
    #[error("{line}:{column}: unknown {what} `{name}`{}", did_you_mean(suggestion))]
    Unknown {
        /// Line, from 1.
        line: u32,
        /// Column, from 1, in characters.
        column: u32,
        /// What was looked up: "entity kind", "relation", "property", ...
        what: &'static str,
        /// The name as written.
        name: String,
        /// The closest name of the vocabulary, when one is close.
        suggestion: Option<String>,
    },
    /// A relationship pattern that the schema allows between no kinds at its ends.
    #[error(
        "{line}:{column}: no schema allows ({subject})-[:{relation}]->({object}): the relation does not join these kinds"
    )]
    Schema {
        /// Line, from 1.
        line: u32,
        /// Column, from 1, in characters.
        column: u32,
        /// The relation types of the pattern, `|`-separated (every relation when none is given).
        relation: String,
        /// The kinds the pattern allows at the subject's end.
        subject: KindSet,
        /// The kinds the pattern allows at the object's end.
        object: KindSet,
    },
    /// A variable used but never bound by a pattern, or bound twice in conflicting ways.
    #[error("{line}:{column}: {message}")]
    Variable {
        /// Line, from 1.
        line: u32,
        /// Column, from 1, in characters.
        column: u32,
        /// What is wrong, naming the variable.
        message: String,
    },
    /// A `$name` the [`Params`](super::Params) do not give.
    #[error("{line}:{column}: parameter `${name}` is not given")]
    UnknownParameter {
        /// Line, from 1.
        line: u32,
        /// Column, from 1, in characters.
        column: u32,
        /// The parameter's name, without `$`.
        name: String,
    },
    /// An expression of the wrong type for where it stands (a string compared with a
    /// number, `count` in `WHERE`).
    #[error("{line}:{column}: {message}")]
    Type {
        /// Line, from 1.
        line: u32,
        /// Column, from 1, in characters.
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// A `date(...)` argument that is not a date.
    #[error("{line}:{column}: {error}")]
    Date {
        /// Line, from 1.
        line: u32,
        /// Column, from 1, in characters.
        column: u32,
        /// Why the date was refused.
        #[source]
        error: DateError,
    },
    /// The query ran into a limit of its [`Budget`](super::Budget): `limit` names it
    /// (`"rows"`, `"expansions"`, `"time"` or `"hops"`) and `value` gives its value
    /// (milliseconds for time).
    #[error("query stopped: it exceeds the budget's {limit} limit of {value}")]
    Budget {
        /// Which limit: `"rows"`, `"expansions"`, `"time"` or `"hops"`.
        limit: &'static str,
        /// The limit's value.
        value: u64,
    },
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

impl CypherError {
    /// Line and column (from 1) of the offending text; `None` for a budget error.
    pub fn position(&self) -> Option<(u32, u32)> {
        match self {
            CypherError::Syntax { line, column, .. }
            | CypherError::Unknown { line, column, .. }
            | CypherError::Schema { line, column, .. }
            | CypherError::Variable { line, column, .. }
            | CypherError::UnknownParameter { line, column, .. }
            | CypherError::Type { line, column, .. }
            | CypherError::Date { line, column, .. } => Some((*line, *column)),
            CypherError::Budget { .. } => None,
        }
    }
}

/// The closest word of `vocabulary` to `word` by edit distance (case-insensitive), if it
/// is within a third of the word's length (at least 2 edits) and keeps some of the word.
pub(crate) fn closest<'a>(
    word: &str,
    vocabulary: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    let limit = (w.len() / 3).max(2);
    vocabulary
        .into_iter()
        .map(|v| {
            (
                edit_distance(&w, &v.to_lowercase().chars().collect::<Vec<_>>()),
                v,
            )
        })
        .filter(|(d, _)| *d <= limit && *d < w.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v.to_owned())
}

/// Levenshtein distance, O(|a| × |b|).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = Vec::with_capacity(b.len() + 1);
    for (i, ca) in a.iter().enumerate() {
        cur.clear();
        let mut left = i + 1;
        cur.push(left);
        // `diag` is prev[j], `up` is prev[j + 1], `left` is cur[j].
        for ((cb, diag), up) in b.iter().zip(&prev).zip(prev.iter().skip(1)) {
            let sub = diag + usize::from(ca != cb);
            left = sub.min(up + 1).min(left + 1);
            cur.push(left);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    // `prev` always holds b.len() + 1 entries.
    prev.last().copied().unwrap_or(a.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(closest("mett", ["met", "visited"]), Some("met".into()));
        assert_eq!(closest("Persn", ["person", "place"]), Some("person".into()));
        assert_eq!(closest("zzzzzz", ["met"]), None);
        assert_eq!(closest("x", ["p"]), None);
        assert_eq!(closest("nmae", ["name", "key"]), Some("name".into()));
    }
}
