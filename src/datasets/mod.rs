//! Datasets built into the crate.
//!
//! Each is a JSON document in the crate's own format, compiled into the library with
//! `include_str!` and parsed, through the same validation as any other data, once on first
//! use.
//!
//! # Review against the honest-data rule (issue-17 session)
//!
//! Every enumeration and number of the EDM article ([`edm_2004_v1_i133`]) was checked
//! against the dataset; each item is a fact or a typed field, and a number the model has
//! no field for (there is no quantity or duration field) is in a fact's `note`. Items marked
//! *added* were missing before the review (72 facts and 45 entities before, 84 and 52
//! after).
//!
//! - The three U.S. officials Sembinov met: a `met` and an `attended` fact each.
//! - The topics of the Washington talks (paragraph 2): the five-year plan, NATO,
//!   technical military matters (*added*: the programme
//!   `us_kazakhstan_technical_military_matters`, which had no entity), Cooperative Threat
//!   Reduction, the war on terror, Afghanistan, Iraq, the servicemen in Central Iraq, army
//!   professionalization: one `discussed` fact each; the C-130s and U.S. assistance as
//!   inferred topics.
//! - "Five-year" plan: in the agreement's name and in the notes of both `party_to` facts
//!   (no duration field; the start and end are not stated, so no `valid`). "Signed in 2003":
//!   the `date` of both `signed` facts.
//! - Professionalization: "contract personnel" in a "mixed manning system", in the plan's
//!   note (no count is given).
//! - C-130 transport aircraft: `supplies` (planned), `type` attribute; airlift and air
//!   mobility in the note.
//! - "Weapons and equipment" Kazakhstan looks to the United States for: *added*, one
//!   `supplies` fact each (`weapons`, `military_equipment`), intended, inferred.
//! - 2004 (the Ministry's claimed progress): the `date` of the claim. "Throughout the year"
//!   (training tasks): in the note of Altynbayev's address (*added*).
//! - The three exercises, Saryarka 2004, Rubezh 2004, Steppe Eagle 2004: `discussed`,
//!   `hosted` and `located_in` each, dated 2004 from the names.
//! - Steppe Eagle's participants (U.S., British, Kazakhstani) and the wished-for further
//!   Central Asian countries: `participated_in` per country; the unnamed countries in the
//!   note of the `plans` fact (no relation takes a region as participant).
//! - Psychological testing "for the first time" and its reason (commanders bear arms):
//!   the `plans` fact's note (the reason *added*).
//! - Akhmetov's four measures (terrorism and extremism, crisis cooperation of state bodies,
//!   border-protection technology, migration control): *added*, one programme each,
//!   `discussed` by the 17 November session (his words as a short quote) and `part_of` the
//!   grouping programme (inferred); the crisis-cooperation measure also `plans` of the
//!   government, from the article's summary. Before, the four were only in a note.
//! - Dates "November 17" and "November 19": `year_inferred`; the cited items' dates are
//!   each attribution's `reported`. Volume 1, issue 133: the outlet's attributes.
//! - "A small peacekeeping presence" in Central Iraq: no number is given; in the
//!   `deployed_to` note.

use once_cell::sync::Lazy;

use crate::corpus::{MergeError, MergePolicy, MergeReport};
use crate::json::JsonError;
use crate::store::graph::KnowledgeGraph;

mod kazakhstan_defence_files;

/// The report files of the Kazakhstan defence-cooperation corpus: (file name, JSON text),
/// in publication order. Each is a self-contained document of format version 2 with one
/// report; `src/datasets/kazakhstan_defence/README.md` lists them with their URLs and
/// documents the coding rules and every judgement call.
pub const KAZAKHSTAN_DEFENCE_FILES: &[(&str, &str)] = kazakhstan_defence_files::FILES;

/// Why the embedded corpus failed to build: the file and the error. A build defect.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CorpusError {
    /// The file.
    pub file: &'static str,
    /// The error.
    pub error: Box<MergeError>,
}

impl std::fmt::Display for CorpusError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.error)
    }
}

impl std::error::Error for CorpusError {}

static CORPUS: Lazy<Result<(KnowledgeGraph, MergeReport), CorpusError>> = Lazy::new(|| {
    let mut g = KnowledgeGraph::with_title(
        "Kazakhstan's defence cooperation with the United States, NATO and its neighbours, \
         1998-2022: the EDM 2004 article and the reports of the kazakhstan_defence corpus",
    );
    let policy = MergePolicy::new();
    let mut report = MergeReport::default();
    let files = std::iter::once(("edm_2004_v1_i133.json", EDM_2004_V1_I133_JSON))
        .chain(KAZAKHSTAN_DEFENCE_FILES.iter().copied());
    for (file, text) in files {
        let r = g.merge_json(text, &policy).map_err(|error| CorpusError {
            file,
            error: Box::new(error),
        })?;
        report.absorb(r);
    }
    Ok((g, report))
});

/// The default corpus: the EDM 2004 article merged with the reports of
/// [`KAZAKHSTAN_DEFENCE_FILES`] (real, public reports from 1998 to 2022 on Steppe Eagle,
/// KAZBAT and the engineers in Iraq, the cooperation plans, NATO and ministers' visits),
/// through [`KnowledgeGraph::merge`] with the default [`MergePolicy`].
///
/// Built on first call and shared afterwards.
///
/// ```
/// use factgraph::datasets;
/// let g = datasets::corpus();
/// assert!(g.report_count() >= 20);
/// // Different spellings and scripts are one person.
/// let a = g.find("Altynbayev")?.id();
/// assert_eq!(g.find("Mukhtar Altynbayev")?.id(), a);
/// # Ok::<(), factgraph::LookupError>(())
/// ```
pub fn corpus() -> &'static KnowledgeGraph {
    match try_corpus() {
        Ok((g, _)) => g,
        // The embedded files are part of the crate and checked by its tests: a failure is a
        // build defect, documented as a panic; `try_corpus` is the fallible form.
        #[allow(clippy::panic)]
        Err(e) => panic!("embedded corpus is invalid: {e}"),
    }
}

/// Like [`corpus`], with the merge report of every decision, or the error instead of a
/// panic.
///
/// # Errors
/// The [`CorpusError`] naming the embedded file that failed to load or merge, which the
/// crate's tests show cannot happen in a released build.
pub fn try_corpus() -> Result<(&'static KnowledgeGraph, &'static MergeReport), &'static CorpusError>
{
    CORPUS.as_ref().map(|(g, r)| (g, r))
}

/// The JSON text of [`edm_2004_v1_i133`].
pub const EDM_2004_V1_I133_JSON: &str = include_str!("edm_2004_v1_i133.json");

static EDM_2004_V1_I133: Lazy<Result<KnowledgeGraph, JsonError>> =
    Lazy::new(|| KnowledgeGraph::from_json(EDM_2004_V1_I133_JSON));

/// The Eurasia Daily Monitor article of 2004, volume 1, issue 133: a Kazakh deputy defence
/// minister's meetings in Washington on 19 November, the 2003 five-year cooperation plan,
/// the 2004 exercises Steppe Eagle, Rubezh and Saryarka, the 17 November statements
/// reported by Kazinform, Interfax-Kazakhstan and Kazakh Television, planned C-130
/// deliveries and peacekeepers in Iraq.
///
/// The data says only what the article says. The article writes "November 19" in a 2004
/// issue; such dates carry `year_inferred`. The modelling choices made where the article is
/// implicit are listed in `src/datasets/edm_2004_v1_i133.md`.
///
/// Parsed on first call and shared afterwards (a `&'static` graph).
///
/// ```
/// let g = factgraph::datasets::edm_2004_v1_i133();
/// assert!(g.entity_count() > 30);
/// assert!(g.find("Steppe Eagle 2004").is_ok());
/// ```
pub fn edm_2004_v1_i133() -> &'static KnowledgeGraph {
    match try_edm_2004_v1_i133() {
        Ok(g) => g,
        // The embedded text is part of the crate and checked by its tests; a failure here
        // is a build defect, not bad input; documented, and `try_` is the fallible form.
        #[allow(clippy::panic)]
        Err(e) => panic!("embedded dataset edm_2004_v1_i133 is invalid: {e}"),
    }
}

/// Like [`edm_2004_v1_i133`], returning the load error instead of panicking.
///
/// # Errors
/// The [`JsonError`] of the embedded document, which the crate's tests show cannot happen
/// in a released build.
pub fn try_edm_2004_v1_i133() -> Result<&'static KnowledgeGraph, &'static JsonError> {
    EDM_2004_V1_I133.as_ref()
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_corpus_merges() {
        if let Err(e) = super::try_corpus() {
            panic!("{e}");
        }
    }

    #[test]
    fn embedded_dataset_loads() {
        if let Err(e) = super::try_edm_2004_v1_i133() {
            panic!("{e}");
        }
    }
}
