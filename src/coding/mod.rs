//! Assisted coding: candidate facts proposed from a report's text, each tied to its
//! words, for an analyst to review and merge.
//!
//! [`Coder::code`] reads plain text (see `docs/CODING.md`): it splits sentences
//! ([`split_sentences`]), finds the graph's names and aliases with one Aho-Corasick
//! automaton (and a small dictionary of countries and well-known bodies), proposes new
//! entities for capitalised names whose kind a cue tells (a rank, "Ministry", "exercise"),
//! reads dates against the report's date, citations ("(Interfax-Kazakhstan, November
//! 19)", "according to ...") and speakers, and runs cue rules for meetings, visits,
//! signings, exercises, addresses, topics, posts, deployments, supplies and plans.
//!
//! The result, a [`Coding`], is written as a candidate file ([`Coding::to_json`]): a
//! report file of the documented format whose proposals sit apart in `candidates`, each
//! with its rule, words and `review` mark. The loader leaves that section out;
//! [`review::CandidateFile::into_report`] turns the accepted ones into ordinary facts.
//!
//! Where it stops: no negation, no coreference across sentences beyond "he"/"she" and
//! "the meetings", no irony or hedging beyond the listed modal cues: the review is where
//! these are caught.

mod check;
mod cite;
mod coder;
mod cues;
mod dates;
mod general;
#[cfg(feature = "html-input")]
mod html;
mod model;
mod names;
mod output;
pub mod review;
mod rules;
mod score;
mod span;

pub use crate::corpus::CandidateCounts;
pub use check::{CandidateCheck, CandidateIssue, CandidateIssueKind, MAX_ISSUES, check_candidates};
pub use coder::{Coder, MAX_TEXT_BYTES};
pub use dates::FoundDate;
#[cfg(feature = "html-input")]
pub use html::{MAX_HTML_DEPTH, html_to_text};
pub use model::{Candidate, Citation, CodedEntity, Coding, InputFormat, Link, Mention, Rule};
pub use names::Origin;
pub use score::{Score, score};
pub use span::{Sentence, Span, split_sentences};

use crate::model::date::FactDate;

/// What the coder needs to know of the report: its key, the outlet that published it, and
/// its date (against which "November 19" and "on Wednesday" are read).
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ReportMeta {
    /// The report's key.
    pub id: String,
    /// The outlet's name ("Eurasia Daily Monitor").
    pub outlet: String,
    /// The publication date (unknown: day-and-month dates are then left out).
    pub published: FactDate,
    /// The headline, if known.
    pub headline: Option<String>,
    /// The URL, if known.
    pub url: Option<String>,
    /// The language (ISO 639-1), `en` by default.
    pub language: Option<String>,
}

impl ReportMeta {
    /// A report `id` published by `outlet`, date unknown.
    pub fn new(id: impl Into<String>, outlet: impl Into<String>) -> ReportMeta {
        ReportMeta {
            id: id.into(),
            outlet: outlet.into(),
            ..ReportMeta::default()
        }
    }

    /// The same with the publication date.
    pub fn published(mut self, date: FactDate) -> ReportMeta {
        self.published = date;
        self
    }

    /// The same with a headline.
    pub fn headline(mut self, headline: impl Into<String>) -> ReportMeta {
        self.headline = Some(headline.into());
        self
    }

    /// The same with a URL.
    pub fn url(mut self, url: impl Into<String>) -> ReportMeta {
        self.url = Some(url.into());
        self
    }
}

/// Why a text could not be coded or a candidate file reviewed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CodingError {
    /// The text is over the budget of one call.
    #[error("the text has {bytes} bytes, more than the {max} one call codes; split it")]
    TooLong {
        /// Its length.
        bytes: usize,
        /// The budget.
        max: usize,
    },
    /// The candidate file is not valid JSON or not a candidate file.
    #[error("not a candidate file: {0}")]
    NotCandidates(String),
    /// A candidate id given to accept or reject is not in the file.
    #[error("no candidate `{id}` in the file (it has c1 to c{count})")]
    UnknownCandidate {
        /// The id given.
        id: String,
        /// How many candidates the file has.
        count: usize,
    },
    /// An HTML page that could not be read as text (feature `html-input`).
    #[error("the HTML page could not be read: {0}")]
    Html(String),
    /// Scoring: the accepted candidates did not load or merge into the hand coding.
    #[error("the accepted candidates did not merge: {0}")]
    Merge(Box<crate::corpus::MergeError>),
}
