//! The typed data model: entity kinds, relations and their schema, dates, modality,
//! evidence, entities and facts.

pub mod attributes;
pub mod attribution;
pub mod date;
pub mod entity;
pub mod fact;
pub mod ids;
pub mod kind;
pub mod modality;
pub(crate) mod periods;
pub mod quantity;
pub mod recurrence;
pub mod relation;
pub mod report;
#[cfg(feature = "serde")]
pub mod serde_impl;
pub(crate) mod source_list;

/// Whether `written` names the vocabulary word `canonical` (a kind, relation or modality
/// name), ignoring ASCII case and the separators `_`, `-` and space: `state_body`,
/// `StateBody`, `STATE_BODY` and `state body` are one name, in JSON files as in Cypher.
pub(crate) fn names_word(written: &str, canonical: &str) -> bool {
    let fold = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .map(|c| c.to_ascii_lowercase())
            .collect::<Vec<char>>()
    };
    written == canonical || fold(written) == fold(canonical)
}
