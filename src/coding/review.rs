//! Reviewing a candidate file: marking candidates accepted or rejected, and turning the
//! file into a plain report file in which the accepted candidates are ordinary stated
//! facts and nothing of the candidates' marks remains.
//!
//! The loader reads a candidate file too, and leaves its whole `candidates` section out:
//! candidates become facts only through [`CandidateFile::into_report`].

use serde_json::{Value, json};

use super::CodingError;

/// A candidate's review mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    /// Not reviewed yet: the loader leaves it out.
    Pending,
    /// Accepted: [`CandidateFile::into_report`] makes it an ordinary fact (the loader
    /// still leaves it out of a candidate file).
    Accepted,
    /// Rejected: left out.
    Rejected,
}

impl Review {
    /// The mark as the file writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Review::Pending => "pending",
            Review::Accepted => "accepted",
            Review::Rejected => "rejected",
        }
    }
}

/// A candidate file held for review.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateFile {
    doc: Value,
}

impl CandidateFile {
    /// Reads a candidate file.
    ///
    /// # Errors
    /// [`CodingError::NotCandidates`] when `text` is not JSON or has no `candidates`.
    pub fn parse(text: &str) -> Result<CandidateFile, CodingError> {
        let doc: Value =
            serde_json::from_str(text).map_err(|e| CodingError::NotCandidates(e.to_string()))?;
        if doc
            .pointer("/candidates/facts")
            .and_then(Value::as_array)
            .is_none()
        {
            return Err(CodingError::NotCandidates(
                "no `candidates.facts` array".into(),
            ));
        }
        Ok(CandidateFile { doc })
    }

    fn facts(&self) -> &[Value] {
        self.doc
            .pointer("/candidates/facts")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The candidates' ids, in file order.
    pub fn ids(&self) -> Vec<String> {
        self.facts()
            .iter()
            .filter_map(|f| f.get("id").and_then(Value::as_str).map(str::to_owned))
            .collect()
    }

    /// The number of candidates with each mark: (pending, accepted, rejected).
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for f in self.facts() {
            match f.get("review").and_then(Value::as_str) {
                Some("accepted") => c.1 += 1,
                Some("rejected") => c.2 += 1,
                _ => c.0 += 1,
            }
        }
        c
    }

    /// One line describing candidate `id`: its rule, fact and words.
    pub fn describe(&self, id: &str) -> Option<String> {
        let f = self
            .facts()
            .iter()
            .find(|f| f.get("id").and_then(Value::as_str) == Some(id))?;
        let s = |p: &str| f.pointer(p).and_then(Value::as_str).unwrap_or("");
        Some(format!(
            "{id} [{}] {} {} {}  «{}» … «{}» … «{}»{}",
            s("/review"),
            s("/fact/subject"),
            s("/fact/relation"),
            s("/fact/object"),
            s("/subject_words/words"),
            s("/cue/words"),
            s("/object_words/words"),
            f.pointer("/citation/words")
                .and_then(Value::as_str)
                .map(|c| format!("  cited {c}"))
                .unwrap_or_default()
        ))
    }

    /// Marks candidate `id`.
    ///
    /// # Errors
    /// [`CodingError::UnknownCandidate`] when the file has no such candidate.
    pub fn mark(&mut self, id: &str, review: Review) -> Result<(), CodingError> {
        let count = self.facts().len();
        let facts = self
            .doc
            .pointer_mut("/candidates/facts")
            .and_then(Value::as_array_mut);
        let found = facts.and_then(|fs| {
            fs.iter_mut()
                .find(|f| f.get("id").and_then(Value::as_str) == Some(id))
        });
        match found.and_then(Value::as_object_mut) {
            Some(f) => {
                f.insert("review".into(), json!(review.as_str()));
                Ok(())
            }
            None => Err(CodingError::UnknownCandidate {
                id: id.to_owned(),
                count,
            }),
        }
    }

    /// Marks every candidate still pending.
    pub fn mark_pending(&mut self, review: Review) {
        for id in self.ids() {
            let pending = self.describe(&id).is_some_and(|d| d.contains("[pending]"));
            if pending {
                let _ = self.mark(&id, review);
            }
        }
    }

    /// The file with its marks, as JSON.
    pub fn to_json(&self) -> String {
        super::output::ordered(&self.doc)
    }

    /// A plain report file: the accepted candidates as ordinary facts, with the entities
    /// they name; the candidates section and every mark gone.
    pub fn into_report(mut self) -> String {
        let cands = self.doc.get("candidates").cloned().unwrap_or(Value::Null);
        let accepted: Vec<Value> = cands
            .get("facts")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|f| f.get("review").and_then(Value::as_str) == Some("accepted"))
            .filter_map(|f| f.get("fact").cloned())
            .collect();
        let used = |id: &str| {
            accepted.iter().any(|f| {
                ["/subject", "/object", "/place", "/recipient"]
                    .iter()
                    .any(|p| f.pointer(p).and_then(Value::as_str) == Some(id))
                    || f.get("sources")
                        .and_then(Value::as_array)
                        .is_some_and(|ss| {
                            ss.iter().any(|s| {
                                s.get("source").and_then(Value::as_str) == Some(id)
                                    || s.get("speaker").and_then(Value::as_str) == Some(id)
                            })
                        })
            })
        };
        let entities: Vec<Value> = cands
            .get("entities")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| e.get("entity"))
            .filter(|e| e.get("id").and_then(Value::as_str).is_some_and(used))
            .cloned()
            .collect();
        if let Some(obj) = self.doc.as_object_mut() {
            obj.remove("candidates");
            if let Some(list) = obj.get_mut("entities").and_then(Value::as_array_mut) {
                list.extend(entities);
            }
            if let Some(list) = obj.get_mut("facts").and_then(Value::as_array_mut) {
                list.extend(accepted);
            }
        }
        super::output::ordered(&self.doc)
    }
}
