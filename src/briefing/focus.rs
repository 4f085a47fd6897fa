//! Choosing the entity a briefing is about, from a name a user typed.

use crate::error::{Candidate, LookupError};
use crate::limits::quote;
use crate::query::refs::EntityRef;
use crate::query::search::SearchTarget;
use crate::store::graph::KnowledgeGraph;
use crate::store::names::normalize_name;

/// The entity a name chose, and how: [`Focus::resolve`]. `how` says it in words when the
/// name was not the entity's name or alias, so that a caller can tell the user what was
/// taken for what they typed.
#[derive(Debug, Clone)]
pub struct Focus<'g> {
    /// The entity.
    pub entity: EntityRef<'g>,
    /// `None` when the name is a name or alias of the entity; otherwise why it was chosen
    /// (`"Altynbayev": the one name holding the word with the fewest other words, …`).
    pub how: Option<String>,
}

/// The most names a search for the focus looks at.
const CANDIDATES: usize = 20;

impl<'g> Focus<'g> {
    /// The entity `name` means: the one entity with that name or alias (as
    /// [`KnowledgeGraph::find`]), or else, among the entities whose name or an alias holds
    /// every word of `name` (as [`KnowledgeGraph::search`] folds words, so `Altynbaev`
    /// finds `Altynbayev`), the one whose matching name has the fewest other words: a
    /// surname chooses the person (`Mukhtar Altynbayev`) over the events named after
    /// them (`Altynbayev press conference (10 September 2005)`).
    ///
    /// ```
    /// use factgraph::{briefing::Focus, Entity, EntityKind, KnowledgeGraph};
    /// // Made-up data.
    /// let mut g = KnowledgeGraph::new();
    /// g.add_entity(Entity::new("ann", EntityKind::Person, "Ann Examplova"))?;
    /// g.add_entity(Entity::new("c", EntityKind::Event, "Examplova press conference (2020)"))?;
    /// let focus = Focus::resolve(&g, "Examplova")?; // no name or alias, a word of two
    /// assert_eq!(focus.entity.name(), "Ann Examplova");
    /// assert!(focus.how.is_some()); // the page and the tool say how it was chosen
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`LookupError::Ambiguous`] when several entities share the name, or when several
    /// names hold the words with equally few others (the candidates listed);
    /// [`LookupError::NotFound`] with the closest names when no name holds the words.
    pub fn resolve(graph: &'g KnowledgeGraph, name: &str) -> Result<Focus<'g>, LookupError> {
        let not_found = match graph.find(name) {
            Ok(entity) => return Ok(Focus { entity, how: None }),
            Err(e @ LookupError::NotFound { .. }) => e,
            Err(e) => return Err(e),
        };
        let q = graph.limits().quote_chars;
        let words = normalize_name(name).split_whitespace().count().max(1);
        // Entity hits whose names hold every query word, with how many other words the
        // matching name has.
        let mut best: Vec<(usize, EntityRef<'g>, &'g str)> = Vec::new();
        for hit in graph.search(name).take(CANDIDATES) {
            let SearchTarget::Entity(e) = hit.target else {
                continue;
            };
            if hit.matched < hit.query_words || hit.in_names < hit.matched {
                continue;
            }
            let extra = normalize_name(hit.text)
                .split_whitespace()
                .count()
                .saturating_sub(words);
            best.push((extra, e, hit.text));
        }
        best.sort_by_key(|(extra, e, _)| (*extra, e.id()));
        match best.as_slice() {
            [] => Err(not_found),
            [(extra, e, text), rest @ ..] => {
                let tied: Vec<_> = rest.iter().take_while(|(x, ..)| x == extra).collect();
                if !tied.is_empty() {
                    return Err(LookupError::Ambiguous {
                        name: quote(name, q),
                        candidates: std::iter::once(e)
                            .chain(tied.iter().map(|(_, e, _)| e))
                            .map(|e| Candidate {
                                id: e.id(),
                                key: quote(e.key(), q),
                                name: quote(e.name(), q),
                                kind: e.kind(),
                            })
                            .collect(),
                    });
                }
                let others: Vec<&str> = rest.iter().take(3).map(|(_, e, _)| e.name()).collect();
                let mut how = format!(
                    "{:?} is no name or alias; {:?} holds its words with the fewest others",
                    quote(name, q),
                    quote(text, q)
                );
                if !others.is_empty() {
                    how.push_str(&format!(" (also holding them: {})", others.join("; ")));
                }
                Ok(Focus {
                    entity: *e,
                    how: Some(how),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Entity, EntityKind, datasets};

    #[test]
    fn a_full_name_is_taken_as_is() {
        let g = datasets::corpus();
        let f = Focus::resolve(g, "Mukhtar Altynbayev").unwrap();
        assert_eq!(f.entity.key(), "mukhtar_altynbayev");
        assert!(f.how.is_none());
    }

    /// Made-up data: a person and an event named after her.
    fn made_up() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        g.add_entity(Entity::new("ann", EntityKind::Person, "Ann Examplova"))
            .unwrap();
        g.add_entity(Entity::new(
            "conf",
            EntityKind::Event,
            "Examplova press conference (1 May 2020)",
        ))
        .unwrap();
        g.add_entity(Entity::new("bob", EntityKind::Person, "Bob Twin"))
            .unwrap();
        g.add_entity(Entity::new("bib", EntityKind::Person, "Bib Twin"))
            .unwrap();
        g
    }

    #[test]
    fn a_surname_chooses_the_person_and_says_so() {
        let g = made_up();
        let f = Focus::resolve(&g, "examplova").unwrap();
        assert_eq!(f.entity.key(), "ann");
        let how = f.how.unwrap();
        assert!(
            how.contains("Ann Examplova") && how.contains("press conference"),
            "{how}"
        );
        // In the corpus, the minister's surname alone is one of his aliases.
        let corpus = datasets::corpus();
        let minister = Focus::resolve(corpus, "Altynbayev").unwrap();
        assert_eq!(minister.entity.key(), "mukhtar_altynbayev");
    }

    #[test]
    fn a_tie_is_ambiguous_with_the_candidates() {
        let g = made_up();
        match Focus::resolve(&g, "Twin") {
            Err(LookupError::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nothing_close_is_not_found_with_suggestions() {
        let g = datasets::corpus();
        assert!(matches!(
            Focus::resolve(g, "Zzyzx Qwerty"),
            Err(LookupError::NotFound { .. })
        ));
    }
}
