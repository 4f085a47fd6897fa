//! Datasets built into the crate.
//!
//! Each is a JSON document in the crate's own format, compiled into the library with
//! `include_str!` and parsed, through the same validation as any other data, once on first
//! use.

use once_cell::sync::Lazy;

use crate::json::JsonError;
use crate::store::graph::KnowledgeGraph;

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
        // is a build defect, not bad input.
        Err(e) => panic!("embedded dataset edm_2004_v1_i133 is invalid: {e}"),
    }
}

/// Like [`edm_2004_v1_i133`], returning the load error instead of panicking.
pub fn try_edm_2004_v1_i133() -> Result<&'static KnowledgeGraph, &'static JsonError> {
    EDM_2004_V1_I133.as_ref()
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_dataset_loads() {
        if let Err(e) = super::try_edm_2004_v1_i133() {
            panic!("{e}");
        }
    }
}
