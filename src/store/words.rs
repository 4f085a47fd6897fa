//! The word index behind [`KnowledgeGraph::search`]: folded words of names, aliases, notes
//! and quotes → the entities and facts whose text holds them.
//!
//! Built on the first search from the graph's entities and facts (O(total text)) and kept
//! until the next mutation, which drops it.

use std::collections::HashMap;

use once_cell::sync::OnceCell;

use crate::model::ids::{EntityId, FactId};
use crate::store::graph::KnowledgeGraph;
use crate::store::names::match_words;

/// What a word was found in: an entity or a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Doc {
    Entity(EntityId),
    Fact(FactId),
}

impl Doc {
    /// The order of posting lists: entities before facts, each by id.
    pub(crate) fn key(self) -> u64 {
        match self {
            Doc::Entity(id) => id.index() as u64,
            Doc::Fact(id) => (1 << 32) | id.index() as u64,
        }
    }
}

/// Where in a document a word occurs: a bit set.
pub(crate) const IN_NAME: u8 = 1;
pub(crate) const IN_TEXT: u8 = 2;

/// One posting: a document and where in it the word occurs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Posting {
    pub(crate) doc: Doc,
    pub(crate) fields: u8,
}

/// Word → postings sorted by document; whole folded names → entities.
#[derive(Debug, Default)]
pub(crate) struct WordIndex {
    pub(crate) words: HashMap<Box<str>, Vec<Posting>>,
    /// The number of documents (entities and facts with any text).
    pub(crate) docs: usize,
}

/// The lazily built index, cached in the graph. Cloning a graph clones a built index.
#[derive(Clone, Default)]
pub(crate) struct WordCache(OnceCell<std::sync::Arc<WordIndex>>);

impl std::fmt::Debug for WordCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = if self.0.get().is_some() {
            "built"
        } else {
            "not built"
        };
        write!(f, "WordCache({state})")
    }
}

impl WordCache {
    /// Forgets the index; the next search rebuilds it.
    pub(crate) fn clear(&mut self) {
        self.0 = OnceCell::new();
    }
}

/// Words too common to rank by; dropped from queries unless nothing else is left.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
];

/// The folded words of `text`, as every comparison of names folds them
/// ([`match_words`]: case, diacritics, invisible characters, Cyrillic transliterated,
/// possessive `'s` dropped, American spelling, transliteration skeletons), so "defence"
/// finds "defense" and "Алтынбаев" finds "Altynbayev".
pub(crate) fn words(text: &str) -> Vec<String> {
    match_words(text)
}

impl KnowledgeGraph {
    /// The word index, built on first use.
    pub(crate) fn word_index(&self) -> &WordIndex {
        self.words
            .0
            .get_or_init(|| std::sync::Arc::new(self.build_word_index()))
    }

    fn build_word_index(&self) -> WordIndex {
        let mut index = WordIndex::default();
        let add = |index: &mut WordIndex, doc: Doc, text: &str, field: u8| {
            for w in words(text) {
                let list = index.words.entry(w.into_boxed_str()).or_default();
                match list.last_mut() {
                    Some(p) if p.doc == doc => p.fields |= field,
                    _ => list.push(Posting { doc, fields: field }),
                }
            }
        };
        for (i, e) in self.entities.iter().enumerate() {
            let doc = Doc::Entity(EntityId::at(i as u32));
            for name in e.names() {
                add(&mut index, doc, name, IN_NAME);
            }
            if let Some(note) = e.note() {
                add(&mut index, doc, note, IN_TEXT);
            }
            index.docs += 1;
        }
        for (i, f) in self.facts.iter().enumerate() {
            let doc = Doc::Fact(FactId(i as u32));
            let mut any = false;
            for text in f
                .note()
                .into_iter()
                .chain(f.sources().iter().filter_map(|a| a.quote()))
            {
                add(&mut index, doc, text, IN_TEXT);
                any = true;
            }
            index.docs += usize::from(any);
        }
        // Documents were visited in order, so each list is already sorted by document.
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_of_words() {
        assert_eq!(
            words("Kazakhstan's Ministry of Defence"),
            ["kazahstan", "ministry", "of", "defense"]
        );
        assert_eq!(
            words("Минобороны  Казахстана"),
            ["minoborony", "kazahstana"]
        );
        assert_eq!(words("C-130 (17 November)"), ["c", "130", "17", "november"]);
        // One folding for every script and romanisation.
        assert_eq!(words("Алтынбаев"), words("Altynbayev"));
    }
}
