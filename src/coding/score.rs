//! Measuring a coding against a hand coding of the same report: recall of its stated
//! facts, precision of the candidates and whether each found fact's citation is right,
//! after resolving the candidates' entities to the hand coding's by the merge's own
//! entity resolution.

use std::collections::HashMap;

use super::Coding;
use super::CodingError;
use super::review::{CandidateFile, Review};
use crate::corpus::{EntityDecision, MergeError, MergePolicy};
use crate::model::relation::Relation;
use crate::store::graph::KnowledgeGraph;

/// The figures of one coding against a hand coding.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct Score {
    /// Stated facts of the hand coding (no attribution marked inferred).
    pub stated: usize,
    /// Of those, how many a candidate proposes (subject, relation, object after
    /// resolution; either order for symmetric relations).
    pub found: usize,
    /// Candidates proposed.
    pub candidates: usize,
    /// Candidates that are a fact of the hand coding, stated or inferred.
    pub correct: usize,
    /// Found stated facts whose candidate cites the same outlet (or none, when the hand
    /// coding has the report's own authority).
    pub cited_right: usize,
}

impl Score {
    /// `found / stated`.
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.stated)
    }

    /// `correct / candidates`.
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.candidates)
    }

    /// `cited_right / found`.
    pub fn citations(&self) -> f64 {
        ratio(self.cited_right, self.found)
    }
}

/// Whether a gold fact is stated, and the outlets its attributions cite.
type Known = (bool, Vec<Option<String>>);

/// Subject key, relation, object key.
type Triple = (String, Relation, String);

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores `coding` against `gold`, a hand coding of the same report: every candidate is
/// accepted, the result merged into a copy of `gold` with the default [`MergePolicy`],
/// and each candidate's ends read through the merge's decisions.
///
/// # Errors
/// [`CodingError::Merge`] when the accepted candidates do not load or merge into `gold`.
pub fn score(coding: &Coding, gold: &KnowledgeGraph) -> Result<Score, CodingError> {
    let merge_error = |e: MergeError| CodingError::Merge(Box::new(e));
    let mut file = CandidateFile::parse(&coding.to_json())?;
    file.mark_pending(Review::Accepted);
    let incoming = KnowledgeGraph::from_json(&file.into_report())
        .map_err(|e| merge_error(MergeError::Json(e)))?;
    let mut g = gold.clone();
    let report = g
        .merge(&incoming, &MergePolicy::new())
        .map_err(merge_error)?;
    let mut map: HashMap<&str, &str> = HashMap::new();
    for d in &report.entities {
        match d {
            EntityDecision::SameKey { key } => {
                map.insert(key, key);
            }
            EntityDecision::Merged { incoming, into, .. }
            | EntityDecision::Mapped { incoming, into } => {
                map.insert(incoming, into);
            }
            _ => {}
        }
    }
    let key = |i: usize| coding.entity(i).map_or("", |e| e.key.as_str());
    let resolve = |k: &str| map.get(k).copied();
    let mut s = Score::default();
    // Gold facts: (subject, relation, object) → (stated, cited outlets).
    let mut facts: HashMap<Triple, Known> = HashMap::new();
    for f in gold.facts() {
        let cited: Vec<Option<String>> = f
            .sources()
            .map(|a| a.cited().map(|e| e.key().to_owned()))
            .collect();
        let e = facts
            .entry((
                f.subject().key().to_owned(),
                f.relation(),
                f.object().key().to_owned(),
            ))
            .or_insert((false, Vec::new()));
        e.0 |= f.is_stated();
        e.1.extend(cited);
    }
    s.stated = facts.values().filter(|(st, _)| *st).count();
    s.candidates = coding.candidates.len();
    let mut found: HashMap<Triple, bool> = HashMap::new();
    for c in &coding.candidates {
        let (Some(a), Some(b)) = (resolve(key(c.subject)), resolve(key(c.object))) else {
            continue;
        };
        let forward = (a.to_owned(), c.relation, b.to_owned());
        let backward = (b.to_owned(), c.relation, a.to_owned());
        let hit = facts.get_key_value(&forward).or_else(|| {
            c.relation
                .is_symmetric()
                .then(|| facts.get_key_value(&backward))
                .flatten()
        });
        let Some((k, (stated, cited))) = hit else {
            continue;
        };
        s.correct += 1;
        if *stated {
            let source = c
                .citation
                .and_then(|i| coding.citations.get(i))
                .and_then(|cit| resolve(key(cit.source)))
                .map(str::to_owned);
            let right = cited.contains(&source);
            let slot = found.entry(k.clone()).or_insert(false);
            *slot |= right;
        }
    }
    s.found = found.len();
    s.cited_right = found.values().filter(|r| **r).count();
    Ok(s)
}
