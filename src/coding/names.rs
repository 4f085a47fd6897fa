//! Finding names in text: every name and alias of the graph the user codes against (and
//! the coder's small dictionary) in one Aho-Corasick automaton, plus capitalised phrases
//! that name nothing known yet.
//!
//! Cost: building is O(total length of the names); a search is O(length of the text +
//! matches), whatever the number of names.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::cues::{self, BODIES, COUNTRIES};
use super::span::Span;
use crate::model::kind::EntityKind;
use crate::store::graph::KnowledgeGraph;
use crate::store::names::normalize_name;

/// Where a known entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An entity of the graph the coder links to.
    Graph,
    /// The coder's own dictionary (countries, a few well-known bodies).
    Dictionary,
}

/// A name the coder knows: a graph entity or a dictionary entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) kind: EntityKind,
    pub(crate) name: String,
    pub(crate) aliases: Vec<String>,
    pub(crate) origin: Origin,
}

/// One pattern of the automaton.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    entry: usize,
    /// Acronyms and short names match only in their own case ("US", not "us").
    exact_case: bool,
    /// An adjective of a country ("Kazakhstani").
    adjective: bool,
}

/// A known name found in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    pub(crate) span: Span,
    pub(crate) entry: usize,
    pub(crate) adjective: bool,
}

/// The automaton over every known name.
#[derive(Debug, Clone)]
pub(crate) struct Gazetteer {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    pub(crate) entries: Vec<Entry>,
    texts: Vec<String>,
}

impl Gazetteer {
    /// The names of `graph` (all kinds) and the dictionary entries the graph does not
    /// already name.
    pub(crate) fn new(graph: &KnowledgeGraph) -> Gazetteer {
        let mut g = Gazetteer {
            ac: None,
            patterns: Vec::new(),
            entries: Vec::new(),
            texts: Vec::new(),
        };
        for e in &graph.entities {
            let entry = g.entries.len();
            g.entries.push(Entry {
                key: e.key.clone(),
                kind: e.kind,
                name: e.name.clone(),
                aliases: e.aliases.clone(),
                origin: Origin::Graph,
            });
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                g.add(n, entry, false);
            }
        }
        let known = |name: &str| graph.names.get(&normalize_name(name)).first().copied();
        for (key, name, aliases, adjectives) in COUNTRIES {
            let entry = match known(name) {
                Some(id) => id.index(),
                None => {
                    g.entries.push(Entry {
                        key: (*key).to_owned(),
                        kind: EntityKind::Country,
                        name: (*name).to_owned(),
                        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
                        origin: Origin::Dictionary,
                    });
                    let entry = g.entries.len() - 1;
                    for n in std::iter::once(name).chain(aliases.iter()) {
                        g.add(n, entry, false);
                    }
                    entry
                }
            };
            for a in *adjectives {
                g.add(a, entry, true);
            }
        }
        for (key, kind, name, aliases) in BODIES {
            if known(name).is_some() || aliases.iter().any(|a| known(a).is_some()) {
                continue;
            }
            g.entries.push(Entry {
                key: (*key).to_owned(),
                kind: *kind,
                name: (*name).to_owned(),
                aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
                origin: Origin::Dictionary,
            });
            let entry = g.entries.len() - 1;
            for n in std::iter::once(name).chain(aliases.iter()) {
                g.add(n, entry, false);
            }
        }
        g.ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&g.texts)
            .ok();
        g
    }

    fn add(&mut self, name: &str, entry: usize, adjective: bool) {
        let name = name.trim();
        if name.chars().count() < 2 {
            return;
        }
        let exact_case = name.len() <= 4 || !name.chars().any(char::is_lowercase);
        let pattern = Pattern {
            entry,
            exact_case,
            adjective,
        };
        // Texts write the apostrophe either way.
        if name.contains('\'') {
            self.texts.push(name.replace('\'', "’"));
            self.patterns.push(pattern);
        }
        self.texts.push(name.to_owned());
        self.patterns.push(pattern);
    }

    /// The known names in `within` of `text`, leftmost-longest, on word boundaries.
    pub(crate) fn find(&self, text: &str, within: Span) -> Vec<Found> {
        let mut out = Vec::new();
        let (Some(ac), Some(hay)) = (&self.ac, text.get(within.start..within.end)) else {
            return out;
        };
        for m in ac.find_iter(hay) {
            let Some(p) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            let found = hay.get(m.start()..m.end()).unwrap_or("");
            if p.exact_case
                && self
                    .texts
                    .get(m.pattern().as_usize())
                    .is_some_and(|t| t != found)
            {
                continue;
            }
            // The first letter must be as written when the name starts with a capital
            // ("Army" the body, not "army" the word), unless the name is all lower case.
            let pattern_text = self
                .texts
                .get(m.pattern().as_usize())
                .map_or("", String::as_str);
            let cap = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
            if cap(pattern_text) && !cap(found) {
                continue;
            }
            let before = hay.get(..m.start()).and_then(|b| b.chars().next_back());
            let after = hay.get(m.end()..).and_then(|a| a.chars().next());
            if before.is_some_and(is_name_char) || after.is_some_and(is_name_char) {
                continue;
            }
            out.push(Found {
                span: Span::new(within.start + m.start(), within.start + m.end()),
                entry: p.entry,
                adjective: p.adjective,
            });
        }
        out
    }

    /// The entry a name folds to, through the graph's name index (case, diacritics,
    /// transliteration), for names the automaton did not find written as stored.
    pub(crate) fn lookup(&self, graph: &KnowledgeGraph, name: &str) -> Option<usize> {
        match graph.names.get(&normalize_name(name)) {
            [id] => Some(id.index()),
            _ => None,
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// A capitalised phrase ("Bolat Sembinov", "Ministry of Defense", "Steppe Eagle 2004"):
/// words that start with a capital letter, joined by a few small words and followed by
/// numbers. Spans in text order, not overlapping `taken`.
pub(crate) fn capitalised(text: &str, within: Span, taken: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let Some(s) = text.get(within.start..within.end) else {
        return out;
    };
    // Words with their byte spans (letters, digits, hyphens, apostrophes, dots inside).
    let mut words: Vec<Span> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        let inner = c.is_alphanumeric() || (start.is_some() && matches!(c, '-' | '.'));
        if inner {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(b) = start.take() {
            let w = s.get(b..i).unwrap_or("");
            let trimmed = w.trim_end_matches(['.', '-']);
            words.push(Span::new(
                within.start + b,
                within.start + b + trimmed.len(),
            ));
        }
    }
    let is_cap = |sp: &Span| sp.text(text).chars().next().is_some_and(char::is_uppercase);
    let is_num = |sp: &Span| sp.text(text).chars().all(|c| c.is_ascii_digit());
    let free = |sp: &Span| !taken.iter().any(|t| t.start < sp.end && sp.start < t.end);
    let gap_ok = |a: &Span, b: &Span| {
        text.get(a.end..b.start)
            .is_some_and(|g| g.chars().all(|c| c == ' ' || c == '\u{a0}'))
    };
    let mut i = 0;
    while i < words.len() {
        let Some(w) = words.get(i) else { break };
        if !is_cap(w)
            || !free(w)
            || cues::MONTH_NAMES.contains(&w.text(text))
            || cues::WEEKDAYS.contains(&w.text(text))
        {
            i += 1;
            continue;
        }
        let mut end = i;
        let mut j = i + 1;
        while let Some(n) = words.get(j) {
            let Some(prev) = words.get(j - 1) else { break };
            if !gap_ok(prev, n) || !free(n) {
                break;
            }
            if cues::MONTH_NAMES.contains(&n.text(text)) || cues::WEEKDAYS.contains(&n.text(text)) {
                break;
            }
            if is_cap(n) || is_num(n) {
                end = j;
                j += 1;
            } else if cues::NAME_JOINERS.contains(&n.text(text))
                && words
                    .get(j + 1)
                    .is_some_and(|x| is_cap(x) && free(x) && gap_ok(n, x))
            {
                j += 1;
            } else {
                break;
            }
        }
        if let (Some(a), Some(b)) = (words.get(i), words.get(end)) {
            out.push(Span::new(a.start, b.end));
        }
        i = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_known_names_on_word_boundaries() {
        let g = KnowledgeGraph::new();
        let z = Gazetteer::new(&g);
        let t = "US troops and us, Kazakhstani officers in Iraqis and Iraq";
        let found: Vec<&str> = z
            .find(t, Span::new(0, t.len()))
            .iter()
            .map(|f| f.span.text(t))
            .collect();
        assert_eq!(found, ["US", "Kazakhstani", "Iraq"]);
    }

    #[test]
    fn capitalised_phrases() {
        let t = "Major-General Bolat Sembinov met the Ministry of Defense and Steppe Eagle 2004 of note";
        let c: Vec<&str> = capitalised(t, Span::new(0, t.len()), &[])
            .iter()
            .map(|s| s.text(t))
            .collect();
        assert_eq!(
            c,
            [
                "Major-General Bolat Sembinov",
                "Ministry of Defense",
                "Steppe Eagle 2004"
            ]
        );
    }
}
