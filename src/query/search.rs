//! Ranked full-text search over names, aliases, entity notes, fact notes and quotes.
//!
//! Text is folded as entity resolution and `find` suggestions fold names
//! ([`normalize_name`](crate::normalize_name()), Cyrillic transliterated with
//! [`transliterate`](crate::corpus::transliterate), split into words, British spellings
//! read as American ones, and each word reduced to a skeleton that forgets how
//! transliteration systems differ), so "defence" finds "defense" and "Алтынбаев" finds
//! "Altynbayev". Common words ("of", "the", ...) are left out of a query unless it has no
//! other words.
//!
//! A hit ranks by, in order:
//! 1. **exact**: a name or alias of the entity is the query, word for word;
//! 2. **phrase**: a name or alias holds the query's words side by side, in order;
//! 3. the number of query words the entity or fact holds (all before some);
//! 4. the number of them found in a name or alias rather than a note or quote;
//! 5. a BM25-style score: the sum over matched words of their inverse document frequency
//!    `ln(1 + (N - n + 0.5) / (n + 0.5))` (N documents, n holding the word), doubled for a
//!    word in a name or alias;
//! 6. entities before facts, then by id.
//!
//! # Cost
//! The word index is built on the first search, in O(total text), kept in the graph and
//! dropped by the next mutation. A search then costs O(Σ postings of its query words +
//! candidates × log) with a budget: at most [`MAX_QUERY_WORDS`] words are used, at most
//! [`MAX_CANDIDATES`] entities and facts become candidates (rarest words first; a word too
//! common to add its documents only scores the candidates found so far), and at most
//! [`MAX_HITS`] hits come back.

use std::collections::HashMap;
use std::fmt;

use crate::query::refs::{EntityRef, FactRef};
use crate::store::graph::KnowledgeGraph;
use crate::store::words::{Doc, IN_NAME, Posting, STOP_WORDS, words};

/// The most query words a search uses; later words are ignored.
pub const MAX_QUERY_WORDS: usize = 16;
/// The most entities and facts a search scores.
pub const MAX_CANDIDATES: usize = 10_000;
/// The most hits a search returns.
pub const MAX_HITS: usize = 100;

/// What a search hit names.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum SearchTarget<'g> {
    /// An entity, found by its names, aliases or note.
    Entity(EntityRef<'g>),
    /// A fact, found by its note or a quote in its sources.
    Fact(FactRef<'g>),
}

/// One answer of [`KnowledgeGraph::search`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SearchHit<'g> {
    /// The entity or fact.
    pub target: SearchTarget<'g>,
    /// The text that matched best: a name, an alias, a note or a quote, as written.
    pub text: &'g str,
    /// How many of the query's words it holds.
    pub matched: usize,
    /// How many of those are in a name or alias (not only in a note or quote).
    pub in_names: usize,
    /// How many words the query had (after leaving out common words).
    pub query_words: usize,
    /// A name or alias is the query, word for word.
    pub exact: bool,
    /// A name or alias holds the query's words side by side.
    pub phrase: bool,
    /// The BM25-style score (rank 5 of the module docs).
    pub score: f64,
}

impl SearchHit<'_> {
    /// The canonical name of the entity, or the fact as a line of prose.
    pub fn name(&self) -> String {
        match self.target {
            SearchTarget::Entity(e) => e.name().to_owned(),
            SearchTarget::Fact(f) => f.to_string(),
        }
    }

    /// The entity found, if the hit is an entity.
    pub fn entity(&self) -> Option<EntityRef<'_>> {
        match self.target {
            SearchTarget::Entity(e) => Some(e),
            SearchTarget::Fact(_) => None,
        }
    }
}

impl fmt::Display for SearchHit<'_> {
    /// `Ministry of Defense of Kazakhstan (state_body) — "Kazakh Ministry of Defence"`, or
    /// `fact: <the fact> — "<note or quote>"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.target {
            SearchTarget::Entity(e) => {
                write!(f, "{} ({})", e.name(), e.kind())?;
                if self.text != e.name() {
                    write!(f, " — {:?}", clip(self.text))?;
                }
                Ok(())
            }
            SearchTarget::Fact(fact) => write!(f, "fact: {fact} — {:?}", clip(self.text)),
        }
    }
}

/// At most 80 characters of `text`, with `…` when cut.
fn clip(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

#[derive(Default)]
struct Acc {
    matched: usize,
    in_name: usize,
    score: f64,
}

impl KnowledgeGraph {
    /// Ranked full-text search over entity names, aliases and notes, fact notes and the
    /// quotes in facts' sources, best first; see the [module docs](crate::query::search)
    /// for the folding, the rank and the cost. An empty query finds nothing.
    ///
    /// The hits are ranked when the search runs (the best hit is known only once every
    /// posting is scored, within the [`MAX_HITS`] cap); the iterator hands them out best
    /// first, so a caller that wants the top few takes them without copying the rest.
    ///
    /// ```
    /// use factgraph::query::search::SearchTarget;
    /// let g = factgraph::datasets::corpus();
    /// let best = g.search("training session").next().ok_or("no hit")?;
    /// assert_eq!(
    ///     best.name(),
    ///     "Operational and mobilization training session (17 November 2004)"
    /// );
    /// assert!(matches!(best.target, SearchTarget::Entity(_)));
    /// // "Defence" finds "Defense"; both ministries hold the phrase in a name or alias.
    /// let ministries: Vec<String> = g
    ///     .search("Ministry of Defence")
    ///     .take_while(|h| h.phrase)
    ///     .map(|h| h.name())
    ///     .collect();
    /// assert!(ministries.contains(&"Ministry of Defense of Kazakhstan".to_owned()));
    /// assert!(ministries.contains(&"United States Department of Defense".to_owned()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn search<'g>(
        &'g self,
        text: &str,
    ) -> impl ExactSizeIterator<Item = SearchHit<'g>> + use<'g> {
        self.ranked_hits(text).into_iter()
    }

    /// The hits of [`search`](Self::search), ranked, in a `Vec`.
    fn ranked_hits(&self, text: &str) -> Vec<SearchHit<'_>> {
        let raw = words(text);
        let all = dedup(raw.clone());
        // Stop words in their folded form (the folding writes "with" as "vith").
        let stop: Vec<String> = STOP_WORDS.iter().flat_map(|w| words(w)).collect();
        let mut query: Vec<String> = all.iter().filter(|w| !stop.contains(w)).cloned().collect();
        if query.is_empty() {
            query = all.clone();
        }
        query.truncate(MAX_QUERY_WORDS);
        if query.is_empty() {
            return Vec::new();
        }
        let index = self.word_index();
        let n_docs = index.docs as f64;
        let mut lists: Vec<&[Posting]> = query
            .iter()
            .filter_map(|w| index.words.get(w.as_str()).map(Vec::as_slice))
            .collect();
        lists.sort_by_key(|l| l.len());

        let mut found: HashMap<u64, (Doc, Acc)> = HashMap::new();
        for list in lists {
            let n = list.len() as f64;
            let idf = (1.0 + (n_docs - n + 0.5) / (n + 0.5)).ln();
            let credit = |acc: &mut Acc, p: &Posting| {
                acc.matched += 1;
                let in_name = p.fields & IN_NAME != 0;
                acc.in_name += usize::from(in_name);
                acc.score += if in_name { 2.0 * idf } else { idf };
            };
            if found.len() + list.len() <= MAX_CANDIDATES {
                for p in list {
                    let (_, acc) = found
                        .entry(p.doc.key())
                        .or_insert_with(|| (p.doc, Acc::default()));
                    credit(acc, p);
                }
            } else {
                // Too common to add candidates: score the ones found so far.
                for (key, (_, acc)) in found.iter_mut() {
                    if let Some(p) = list
                        .binary_search_by_key(key, |p| p.doc.key())
                        .ok()
                        .and_then(|i| list.get(i))
                    {
                        credit(acc, p);
                    }
                }
            }
        }

        let exact_phrase = raw.join(" ");
        let mut hits: Vec<SearchHit<'_>> = found
            .into_values()
            .map(|(doc, acc)| self.hit(doc, acc, &query, &raw, &exact_phrase))
            .collect();
        hits.sort_by(|a, b| {
            (b.exact, b.phrase, b.matched, b.in_names)
                .cmp(&(a.exact, a.phrase, a.matched, a.in_names))
                .then_with(|| b.score.total_cmp(&a.score))
                .then_with(|| doc_key(a).cmp(&doc_key(b)))
        });
        hits.truncate(MAX_HITS);
        hits
    }

    fn hit(
        &self,
        doc: Doc,
        acc: Acc,
        query: &[String],
        raw: &[String],
        exact_phrase: &str,
    ) -> SearchHit<'_> {
        let holds = |text: &str| {
            let w = words(text);
            query.iter().filter(|q| w.contains(q)).count()
        };
        let mut hit = SearchHit {
            target: match doc {
                Doc::Entity(id) => SearchTarget::Entity(self.entity_ref(id)),
                Doc::Fact(id) => SearchTarget::Fact(self.fact_ref(id)),
            },
            text: "",
            matched: acc.matched,
            query_words: query.len(),
            exact: false,
            phrase: false,
            in_names: acc.in_name,
            score: acc.score,
        };
        let texts: Vec<(&str, bool)> = match hit.target {
            SearchTarget::Entity(e) => e
                .entity()
                .names()
                .map(|n| (n, true))
                .chain(e.entity().note().map(|n| (n, false)))
                .collect(),
            SearchTarget::Fact(f) => f
                .note()
                .into_iter()
                .chain(f.sources().filter_map(|s| s.quote()))
                .map(|t| (t, false))
                .collect(),
        };
        let mut best = 0;
        for (text, is_name) in texts {
            if is_name && acc.in_name == query.len() {
                let w = words(text);
                if w.join(" ") == exact_phrase {
                    hit.exact = true;
                    hit.phrase = true;
                    hit.text = text;
                    return hit;
                }
                if !hit.phrase && w.windows(raw.len()).any(|win| win == raw) {
                    hit.phrase = true;
                    hit.text = text;
                    best = usize::MAX;
                }
            }
            if best != usize::MAX {
                let n = holds(text);
                if n > best || hit.text.is_empty() {
                    best = n;
                    hit.text = text;
                }
            }
        }
        hit
    }
}

fn doc_key(hit: &SearchHit<'_>) -> u64 {
    match hit.target {
        SearchTarget::Entity(e) => Doc::Entity(e.id()).key(),
        SearchTarget::Fact(f) => Doc::Fact(f.id()).key(),
    }
}

fn dedup(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for w in words {
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}
