//! Checking a candidate file's `candidates` section (the loader leaves it out, so
//! `factgraph check` looks at it here): its review marks counted, and every span, rule,
//! review mark and entity a candidate names checked, each error located by line and
//! column.

use std::collections::HashSet;
use std::fmt;

use serde_json::Value;

use super::model::Rule;
use crate::corpus::CandidateCounts;
use crate::json::locate::{Seg, locate};

/// The most issues one check lists (the others are counted in [`CandidateCheck::more`]):
/// each is located by walking the text, O(length).
pub const MAX_ISSUES: usize = 100;

/// What is wrong with one part of a candidates section.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CandidateIssueKind {
    /// A span that is not `[start, end]` with `start <= end <= ` the text's length.
    #[error("`{at}`: the span {span} is not within the text's {text_chars} characters")]
    BadSpan {
        /// Where: `candidates.facts[2].cue.chars`.
        at: String,
        /// The span as written.
        span: String,
        /// The text's length in characters (`candidates.text_chars`).
        text_chars: usize,
    },
    /// Words that are not the recorded text's words at the span.
    #[error("`{at}`: the words {words:?} are not the text's {found:?} at that span")]
    WrongWords {
        /// Where.
        at: String,
        /// The words written.
        words: String,
        /// The recorded text's words at the span.
        found: String,
    },
    /// A rule the coder does not have.
    #[error("candidate {candidate}: unknown rule {rule:?} (the rules: {})", Rule::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "))]
    UnknownRule {
        /// The candidate's id.
        candidate: String,
        /// The rule written.
        rule: String,
    },
    /// A review mark other than pending, accepted or rejected.
    #[error("candidate {candidate}: unknown review mark {mark:?} (pending, accepted or rejected)")]
    UnknownReview {
        /// The candidate's id.
        candidate: String,
        /// The mark written.
        mark: String,
    },
    /// A candidate fact naming an entity that neither the file's entities nor its
    /// candidate entities define.
    #[error(
        "candidate {candidate}: `{field}` names entity {id:?}, which neither `entities` nor `candidates.entities` defines"
    )]
    UnknownEntity {
        /// The candidate's id.
        candidate: String,
        /// The field (`subject`, `object`, `sources[0].speaker`, ...).
        field: String,
        /// The key named.
        id: String,
    },
    /// A part of the section of the wrong shape (a missing `fact`, `text_chars` not a
    /// number, ...).
    #[error("`{at}`: {what}")]
    Malformed {
        /// Where.
        at: String,
        /// What was expected.
        what: String,
    },
}

/// One issue of a candidates section, with the line and column (from 1, in characters)
/// of the value it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateIssue {
    /// The line.
    pub line: usize,
    /// The column.
    pub column: usize,
    /// What is wrong.
    pub kind: CandidateIssueKind,
}

impl fmt::Display for CandidateIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.kind)
    }
}

/// What [`check_candidates`] found in a candidate file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CandidateCheck {
    /// The candidates by review mark (all left out of any graph the file loads into).
    pub counts: CandidateCounts,
    /// The issues, the first [`MAX_ISSUES`], in the order the section lists them.
    pub issues: Vec<CandidateIssue>,
    /// Issues past [`MAX_ISSUES`]: counted, not listed.
    pub more: usize,
}

impl CandidateCheck {
    /// Whether the section has no issue.
    pub fn is_ok(&self) -> bool {
        self.issues.is_empty() && self.more == 0
    }
}

/// Checks the `candidates` section of a candidate file (docs/CODING.md): counts its
/// candidates by review mark and reports, located by line and column, every span outside
/// the text (or whose words are not the recorded text's), unknown rule or review mark,
/// entity named by a candidate fact that neither the file's `entities` nor its candidate
/// entities define, and part of the wrong shape. `None` when `text` is not JSON or has no
/// `candidates` section (the ordinary check covers it). O(length × issues listed).
///
/// ```
/// use factgraph::coding::{Coder, ReportMeta, check_candidates};
/// use factgraph::KnowledgeGraph;
/// // Made-up text.
/// let coding = Coder::new(&KnowledgeGraph::new())
///     .code("General Ann Example met Colonel Bob Sample.", &ReportMeta::new("r1", "Example Wire"))?;
/// let check = check_candidates(&coding.to_json()).expect("a candidate file");
/// assert!(check.is_ok());
/// assert_eq!(check.counts.pending, coding.candidates.len());
///
/// let broken = coding.to_json().replacen("\"rule\": \"met\"", "\"rule\": \"mett\"", 1);
/// let check = check_candidates(&broken).expect("a candidate file");
/// assert_eq!(check.issues.len(), 1);
/// println!("{}", check.issues[0]); // line:column: candidate c1: unknown rule "mett" (the rules: met, ...)
/// # Ok::<(), factgraph::coding::CodingError>(())
/// ```
pub fn check_candidates(text: &str) -> Option<CandidateCheck> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Value = serde_json::from_str(text).ok()?;
    let section = doc.get("candidates")?;
    let mut c = Checker {
        text,
        check: CandidateCheck::default(),
    };
    c.section(&doc, section);
    Some(c.check)
}

/// The check under way: the file's text (for positions) and what was found.
struct Checker<'t> {
    text: &'t str,
    check: CandidateCheck,
}

/// A path into the document: its segments, and how it is written in messages.
fn dotted(path: &[Seg<'_>]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

impl Checker<'_> {
    fn issue(&mut self, path: &[Seg<'_>], kind: CandidateIssueKind) {
        if self.check.issues.len() >= MAX_ISSUES {
            self.check.more += 1;
            return;
        }
        let (line, column) = locate(self.text, path);
        self.check
            .issues
            .push(CandidateIssue { line, column, kind });
    }

    fn malformed(&mut self, path: &[Seg<'_>], what: &str) {
        let at = dotted(path);
        self.issue(
            path,
            CandidateIssueKind::Malformed {
                at,
                what: what.to_owned(),
            },
        );
    }

    fn section(&mut self, doc: &Value, section: &Value) {
        let root = [Seg::Key("candidates")];
        let recorded: Option<Vec<char>> = section
            .get("text")
            .and_then(Value::as_str)
            .map(|t| t.chars().collect());
        let text_chars = match section.get("text_chars").and_then(Value::as_u64) {
            Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
            None => {
                self.malformed(
                    &[Seg::Key("candidates"), Seg::Key("text_chars")],
                    "expected the text's length in characters, a number",
                );
                recorded.as_ref().map_or(usize::MAX, Vec::len)
            }
        };
        if let Some(r) = &recorded
            && r.len() != text_chars
        {
            self.malformed(
                &[Seg::Key("candidates"), Seg::Key("text")],
                &format!(
                    "the recorded text has {} characters, not the {text_chars} of `text_chars`",
                    r.len()
                ),
            );
        }
        let spans = Spans {
            text_chars,
            recorded: recorded.as_deref(),
        };
        let mut known: HashSet<&str> = doc
            .get("entities")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| e.get("id").and_then(Value::as_str))
            .collect();
        let entities = section.get("entities").and_then(Value::as_array);
        if entities.is_none() {
            self.malformed(
                &[Seg::Key("candidates"), Seg::Key("entities")],
                "expected an array of candidate entities",
            );
        }
        for (i, e) in entities.into_iter().flatten().enumerate() {
            let at = [Seg::Key("candidates"), Seg::Key("entities"), Seg::Index(i)];
            match e.pointer("/entity/id").and_then(Value::as_str) {
                Some(id) => {
                    known.insert(id);
                }
                None => self.malformed(&at, "expected an `entity` record with an `id`"),
            }
            for (m, mention) in e
                .get("mentions")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let path = [
                    at[0],
                    at[1],
                    at[2],
                    Seg::Key("mentions"),
                    Seg::Index(m),
                    Seg::Key("chars"),
                ];
                self.span(&path, mention.get("chars"), None, &spans);
            }
        }
        let Some(facts) = section.get("facts").and_then(Value::as_array) else {
            self.malformed(&root, "expected `facts`, an array of candidate facts");
            return;
        };
        for (i, f) in facts.iter().enumerate() {
            self.fact(i, f, &known, &spans);
        }
    }

    fn fact(&mut self, i: usize, f: &Value, known: &HashSet<&str>, spans: &Spans<'_>) {
        let at = |key: &'static str| {
            [
                Seg::Key("candidates"),
                Seg::Key("facts"),
                Seg::Index(i),
                Seg::Key(key),
            ]
        };
        let id = f
            .get("id")
            .and_then(Value::as_str)
            .map_or_else(|| format!("#{}", i + 1), str::to_owned);
        match f.get("review").and_then(Value::as_str) {
            Some("pending") | None => self.check.counts.pending += 1,
            Some("accepted") => self.check.counts.accepted += 1,
            Some("rejected") => self.check.counts.rejected += 1,
            Some(other) => {
                self.check.counts.pending += 1;
                self.issue(
                    &at("review"),
                    CandidateIssueKind::UnknownReview {
                        candidate: id.clone(),
                        mark: other.to_owned(),
                    },
                );
            }
        }
        match f.get("rule").and_then(Value::as_str) {
            Some(rule) if Rule::from_name(rule).is_some() => {}
            Some(rule) => self.issue(
                &at("rule"),
                CandidateIssueKind::UnknownRule {
                    candidate: id.clone(),
                    rule: rule.to_owned(),
                },
            ),
            None => self.malformed(&at("rule"), "expected the rule's name, a string"),
        }
        if let Some(s) = f.get("sentence") {
            let path = [
                at("sentence")[0],
                at("sentence")[1],
                at("sentence")[2],
                Seg::Key("sentence"),
                Seg::Key("chars"),
            ];
            self.span(&path, s.get("chars"), None, spans);
        }
        for key in ["cue", "subject_words", "object_words", "citation"] {
            let Some(part) = f.get(key).filter(|v| !v.is_null()) else {
                continue;
            };
            let base = at(key);
            let path = [base[0], base[1], base[2], base[3], Seg::Key("chars")];
            let words = part.get("words").and_then(Value::as_str);
            self.span(&path, part.get("chars"), words, spans);
        }
        let Some(fact) = f.get("fact").filter(|v| v.is_object()) else {
            self.malformed(&at("fact"), "expected the candidate's `fact` record");
            return;
        };
        for field in ["subject", "object", "place", "recipient"] {
            if let Some(key) = fact.get(field).and_then(Value::as_str)
                && !known.contains(key)
            {
                let path = [
                    at("fact")[0],
                    at("fact")[1],
                    at("fact")[2],
                    Seg::Key("fact"),
                    Seg::Key(field),
                ];
                self.issue(
                    &path,
                    CandidateIssueKind::UnknownEntity {
                        candidate: id.clone(),
                        field: field.to_owned(),
                        id: key.to_owned(),
                    },
                );
            }
        }
        for (s, source) in fact
            .get("sources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            for field in ["source", "speaker"] {
                if let Some(key) = source.get(field).and_then(Value::as_str)
                    && !known.contains(key)
                {
                    let path = [
                        Seg::Key("candidates"),
                        Seg::Key("facts"),
                        Seg::Index(i),
                        Seg::Key("fact"),
                        Seg::Key("sources"),
                        Seg::Index(s),
                        Seg::Key(field),
                    ];
                    self.issue(
                        &path,
                        CandidateIssueKind::UnknownEntity {
                            candidate: id.clone(),
                            field: format!("sources[{s}].{field}"),
                            id: key.to_owned(),
                        },
                    );
                }
            }
        }
    }

    /// Checks the span at `path` (`value`, which should be `[start, end]`), and its
    /// `words` against the recorded text when the file records it.
    fn span(
        &mut self,
        path: &[Seg<'_>],
        value: Option<&Value>,
        words: Option<&str>,
        spans: &Spans<'_>,
    ) {
        let pair = value
            .and_then(Value::as_array)
            .and_then(|a| match a.as_slice() {
                [s, e] => Some((s.as_u64()?, e.as_u64()?)),
                _ => None,
            });
        let Some((start, end)) = pair else {
            self.malformed(path, "expected a span [start, end] of character offsets");
            return;
        };
        let (start, end) = (
            usize::try_from(start).unwrap_or(usize::MAX),
            usize::try_from(end).unwrap_or(usize::MAX),
        );
        if start > end || end > spans.text_chars {
            self.issue(
                path,
                CandidateIssueKind::BadSpan {
                    at: dotted(path),
                    span: format!("[{start}, {end}]"),
                    text_chars: spans.text_chars,
                },
            );
            return;
        }
        if let (Some(words), Some(text)) = (words, spans.recorded)
            && let Some(found) = text.get(start..end)
        {
            let found: String = found.iter().collect();
            if found != words {
                self.issue(
                    path,
                    CandidateIssueKind::WrongWords {
                        at: dotted(path),
                        words: words.to_owned(),
                        found,
                    },
                );
            }
        }
    }
}

/// What spans are checked against: the text's length, and the text when the file
/// records it (HTML input).
struct Spans<'a> {
    text_chars: usize,
    recorded: Option<&'a [char]>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coding::{Coder, ReportMeta};
    use crate::store::graph::KnowledgeGraph;

    fn file() -> String {
        // Made-up text.
        Coder::new(&KnowledgeGraph::new())
            .code(
                "General Ann Example met Colonel Bob Sample in Kazakhstan.",
                &ReportMeta::new("r1", "Example Wire"),
            )
            .unwrap()
            .to_json()
    }

    #[test]
    fn a_coder_file_is_clean() {
        let check = check_candidates(&file()).unwrap();
        assert!(check.is_ok(), "{:?}", check.issues);
        assert!(check.counts.pending >= 1);
    }

    #[test]
    fn not_a_candidate_file() {
        assert!(check_candidates("{\"factgraph\": 2}").is_none());
        assert!(check_candidates("{").is_none());
    }

    #[test]
    fn each_fault_is_located() {
        let f = file()
            .replacen("\"rule\": \"met\"", "\"rule\": \"mett\"", 1)
            .replacen("\"review\": \"pending\"", "\"review\": \"maybe\"", 1)
            .replacen("\"subject\": \"", "\"subject\": \"nobody_", 1);
        let text_chars = "\"text_chars\": ";
        let at = f.find(text_chars).unwrap() + text_chars.len();
        let f = format!(
            "{}3{}",
            &f[..at],
            &f[at..].trim_start_matches(char::is_numeric)
        );
        let check = check_candidates(&f).unwrap();
        let kinds: Vec<&CandidateIssueKind> = check.issues.iter().map(|i| &i.kind).collect();
        assert!(
            kinds.iter().any(
                |k| matches!(k, CandidateIssueKind::UnknownRule { rule, .. } if rule == "mett")
            )
        );
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, CandidateIssueKind::UnknownReview { .. }))
        );
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, CandidateIssueKind::UnknownEntity { .. }))
        );
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, CandidateIssueKind::BadSpan { .. }))
        );
        for i in &check.issues {
            let line = f.lines().nth(i.line - 1).unwrap();
            assert!(i.column <= line.chars().count() + 1, "{i}");
        }
    }
}
