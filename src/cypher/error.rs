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
    #[error(
        "{line}:{column}: unknown {what} `{}`{}{}",
        q(name),
        did_you_mean(suggestion),
        listed(what, known)
    )]
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
        /// The whole vocabulary: every name that would have been understood here.
        known: Vec<&'static str>,
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
    #[error("{line}:{column}: parameter `${}` is not given", q(name))]
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
    /// (`"rows"`, `"expansions"`, `"time"`, `"hops"` or `"bytes"`) and `value` gives its
    /// value (milliseconds for time).
    #[error("query stopped: it exceeds the budget's {limit} limit of {value}")]
    Budget {
        /// Which limit: `"rows"`, `"expansions"`, `"time"`, `"hops"` or `"bytes"`.
        limit: &'static str,
        /// The limit's value.
        value: u64,
    },
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{}`?", q(s)),
        None => String::new(),
    }
}

/// ` (the node properties: name, key, kind)`, or nothing for an empty vocabulary.
fn listed(what: &str, known: &[&str]) -> String {
    if known.is_empty() {
        return String::new();
    }
    let what = match what {
        "property" | "relation" | "function" | "modality" => format!("{what}s"),
        w if w.ends_with("property") => format!("{}properties", w.trim_end_matches("property")),
        w if w.ends_with('s') => w.to_owned(),
        w => format!("{w}s"),
    };
    format!(" (the {what}: {})", known.join(", "))
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

/// `value` as a message quotes it: invisible and control characters escaped, cut to the
/// default [`Limits::quote_chars`](crate::Limits::quote_chars) (a 100,000-character name
/// must not make a 100,000-character message).
pub(crate) fn q(value: impl std::fmt::Display) -> String {
    crate::limits::shown(&value.to_string(), crate::Limits::DEFAULT.quote_chars)
}

/// The longest word, in characters, for which a suggestion is looked for: names longer
/// than that are not typos of the vocabulary's, and the edit distance costs the product
/// of the lengths.
const MAX_SUGGEST_CHARS: usize = 64;

/// The edit-distance cells one suggestion may compute in all (a query may define many
/// variables): about a tenth of a millisecond.
const SUGGEST_WORK: usize = 100_000;

/// The closest word of `vocabulary` to `word` by edit distance (case-insensitive), if it
/// is within a third of the word's length (at least 2 edits) and keeps some of the word.
/// Bounded: no suggestion for a word over [`MAX_SUGGEST_CHARS`], candidates whose length
/// alone puts them too far are skipped, and the search stops after [`SUGGEST_WORK`]
/// cells.
pub(crate) fn closest<'a>(
    word: &str,
    vocabulary: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    if word.chars().nth(MAX_SUGGEST_CHARS).is_some() {
        return None;
    }
    let lower = word.to_lowercase();
    let w: Vec<char> = lower.chars().collect();
    let limit = (w.len() / 3).max(2);
    let mut work = 0usize;
    let mut best: Option<(usize, &str)> = None;
    for v in vocabulary {
        // The distance is at least the difference of the lengths (in bytes, more than
        // in characters: a cheap first filter).
        if v.len() > w.len().saturating_mul(4).saturating_add(limit) {
            continue;
        }
        let theirs = v.to_lowercase();
        let n = theirs.chars().count();
        if n.abs_diff(w.len()) > limit {
            continue;
        }
        work += (w.len() + 1) * (n + 1);
        if work > SUGGEST_WORK {
            break;
        }
        let Some(d) = crate::store::names::edit_distance(&lower, &theirs, limit) else {
            continue;
        };
        if d < w.len() && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, v));
        }
    }
    best.map(|(_, v)| v.to_owned())
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

    /// V1: the suggestion for a long name costs nothing (it was the product of the two
    /// lengths: 16 s for two 100,000-character names), and the message is cut.
    #[test]
    fn suggestions_are_bounded() {
        let long = "a".repeat(100_000);
        let near = format!("{}b", "a".repeat(99_999));
        assert_eq!(closest(&near, [long.as_str()]), None);
        let many: Vec<String> = (0..100_000).map(|i| format!("v{i}")).collect();
        // Stops after its work budget, whatever it found by then.
        let _ = closest("v99999x", many.iter().map(String::as_str));
        assert_eq!(q(&long).chars().count(), 201);
        assert_eq!(q("a\u{202e}b"), "a\\u{202e}b");
    }
}
