//! Blocking for entity resolution: which existing entities an incoming one is scored
//! against.
//!
//! Scoring an incoming entity against every entity of its kind makes a merge quadratic
//! (1,000 incoming names against 1,000 existing ones with long names took 44 s). Instead
//! each name of an existing entity is filed under *block keys* that a variant of the name
//! keeps with high probability, and an incoming entity is scored only against the entities
//! that share keys with it:
//!
//! - each word's skeleton (people: its stem without a case ending), and for words of four
//!   letters or more the first and last two letters of the skeleton and of the word as
//!   written, and three of each for words of seven letters or more (a typo changes one end
//!   at most);
//! - each pair of adjacent words joined (`peace keeping` meets `peacekeeping`);
//! - the acronym letters of a word written as one, and the initials of each run of two to
//!   six words of names of up to eight words (`MFA` meets `Ministry of Foreign Affairs`);
//!   the expansion words of a well-known acronym;
//! - the whole name's skeletons.
//!
//! # Bounds
//! Per incoming entity: at most [`MAX_NAMES`] of its names and of each candidate's names
//! are compared (the names first given), at most [`MAX_POSTINGS`] key postings are visited
//! (rarest keys first, so the telling keys count), a candidate must share at least one key
//! in eight of the incoming name's, at most [`MAX_CANDIDATES`] candidates (most shared
//! keys first) and [`MAX_PAIRS`] pairs of names are scored, each pair in time bounded by
//! the [`MAX_WORDS`](super::resolve::MAX_WORDS) words of a name. The cost of resolving one entity is therefore bounded whatever
//! the graph holds, and a merge costs O(incoming entities) scorings plus indexing the
//! existing entities of the kinds that need scoring, once per merge.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use super::resolve::vocabulary::ACRONYMS;
use super::resolve::{NameForm, Token};
use crate::model::entity::Entity;
use crate::model::kind::EntityKind;
use crate::store::hash::IdMap;

/// The most names of one entity that are indexed and compared.
pub(crate) const MAX_NAMES: usize = 16;

/// The most key postings visited to find the candidates of one incoming entity.
pub(crate) const MAX_POSTINGS: usize = 20_000;

/// The most candidates scored for one incoming entity.
pub(crate) const MAX_CANDIDATES: usize = 64;

/// The most pairs of names scored for one incoming entity, over all its candidates (most
/// shared keys first, the incoming entity's own name first): 500 entities of 16 names of
/// 24 words, each near the others, took 434 s without it.
pub(crate) const MAX_PAIRS: usize = 256;

/// Names of more words than this get no run-initials keys (they would be many and common).
const MAX_WORDS_FOR_INITIALS: usize = 8;

/// The block index of the entities being merged, built lazily per kind: a merge whose
/// incoming entities all match by key never builds it.
///
/// A graph keeps it between merges (in its type-erased `merge_blocks` slot), so that a
/// merge into a large graph does not prepare every existing name again: entities are only
/// appended (positions never change) and a merge is the only change to an existing
/// entity's names, which it files as it makes them; entities added otherwise are filed
/// lazily, kind by kind, when a merge first needs them. A merge takes the index out and
/// puts it back only when it succeeds, so a failed merge leaves no stale entry. Not
/// counted by [`memory_usage`](crate::KnowledgeGraph::memory_usage), like the search
/// index: a cache.
#[derive(Debug, Default)]
pub(crate) struct Blocks {
    /// Per entity (by position): its prepared names, at most [`MAX_NAMES`].
    forms: Vec<Vec<NameForm>>,
    /// Per entity, the names `forms` were made from, in the same order.
    names: Vec<Vec<Box<str>>>,
    /// (kind slot, key) → positions of the entities filed under it.
    postings: IdMap<(usize, u64), Vec<u32>>,
    hasher: KeyHasher,
    /// Per kind slot: how many entities of the list have been looked at for indexing.
    indexed: Vec<usize>,
}

/// Hashes block keys: a tag and the key's text, seeded per merge (the text is the user's).
#[derive(Debug, Default)]
struct KeyHasher(RandomState);

impl KeyHasher {
    /// The key of `tag` and the concatenation of `parts` (the hasher is a stream, so
    /// `["peace", "keping"]` and `["peacekeping"]` are one key).
    fn key(&self, tag: u8, parts: &[&str]) -> u64 {
        let mut h = self.0.build_hasher();
        h.write_u8(tag);
        for p in parts {
            h.write(p.as_bytes());
        }
        // 0xff never occurs in UTF-8: the end of the text.
        h.write_u8(0xff);
        h.finish()
    }
}

/// The block keys of one prepared name.
fn keys(hasher: &KeyHasher, form: &NameForm, out: &mut Vec<u64>) {
    let tokens = &form.tokens;
    let mut buf = String::new();
    for t in tokens {
        // People's words by their stem, so that a case ending keeps the key.
        let w = t.stem.as_str();
        if w.is_empty() {
            continue;
        }
        out.push(hasher.key(b'w', &[w]));
        // A typo changes the start or the end of a word, rarely both: three letters of
        // each for long words, two for short ones (a letter dropped from "Trend").
        let written = t.word.chars().count();
        let affixes: &[usize] = match written {
            0..=3 => &[],
            4..=6 => &[2],
            _ => &[2, 3],
        };
        for &affix in affixes {
            for x in [w, t.word.as_str()] {
                let n = x.chars().count();
                let cut = |k: usize| x.char_indices().nth(k).map_or(x.len(), |(i, _)| i);
                let tag = if affix == 2 {
                    [b'p', b's']
                } else {
                    [b'P', b'S']
                };
                out.push(hasher.key(tag[0], &[x.get(..cut(affix)).unwrap_or(x)]));
                out.push(hasher.key(
                    tag[1],
                    &[x.get(cut(n.saturating_sub(affix))..).unwrap_or(x)],
                ));
            }
        }
        if let Some(letters) = &t.acronym {
            out.push(hasher.key(b'w', &[letters]));
        }
        if let Some((_, words)) = ACRONYMS.iter().find(|(a, _)| *a == t.word) {
            for w in *words {
                out.push(hasher.key(b'w', &[&crate::store::names::skeleton(w)]));
            }
        }
    }
    for pair in tokens.windows(2) {
        if let [a, b] = pair {
            out.push(hasher.key(b'w', &[&a.skel, &b.skel]));
        }
    }
    let core: Vec<&Token> = tokens.iter().filter(|t| !t.qualifier).collect();
    if core.len() <= MAX_WORDS_FOR_INITIALS {
        for start in 0..core.len() {
            buf.clear();
            for (len, t) in core.iter().skip(start).take(6).enumerate() {
                buf.extend(t.word.chars().next());
                if len >= 1 {
                    out.push(hasher.key(b'w', &[&buf]));
                }
            }
        }
    }
    let mut whole = Vec::with_capacity(2 * tokens.len());
    for t in tokens {
        whole.push(t.skel.as_str());
        whole.push(" ");
    }
    out.push(hasher.key(b'x', &whole));
}

impl Blocks {
    /// Indexes the entities of `kind` in `list` not yet looked at.
    fn ensure(&mut self, kind: EntityKind, list: &[Entity]) {
        let slot = kind.slot();
        if self.indexed.len() <= slot {
            self.indexed.resize(slot + 1, 0);
        }
        if self.forms.len() < list.len() {
            self.forms.resize_with(list.len(), Vec::new);
            self.names.resize_with(list.len(), Vec::new);
        }
        let from = self.indexed.get(slot).copied().unwrap_or(0);
        for (i, e) in list.iter().enumerate().skip(from) {
            if e.kind == kind {
                self.file(i, e.kind, e.names());
            }
        }
        if let Some(n) = self.indexed.get_mut(slot) {
            *n = list.len();
        }
    }

    /// Files names of the entity at position `i` (up to the entity's [`MAX_NAMES`]).
    fn file<'a>(&mut self, i: usize, kind: EntityKind, names: impl Iterator<Item = &'a str>) {
        let Ok(pos) = u32::try_from(i) else { return };
        if self.forms.len() <= i {
            self.forms.resize_with(i + 1, Vec::new);
        }
        if self.names.len() <= i {
            self.names.resize_with(i + 1, Vec::new);
        }
        let mut buf = Vec::new();
        for name in names {
            let Some(forms) = self.forms.get_mut(i) else {
                return;
            };
            if forms.len() >= MAX_NAMES {
                break;
            }
            let form = NameForm::new(name, kind);
            if form.is_empty() || forms.contains(&form) {
                continue;
            }
            buf.clear();
            keys(&self.hasher, &form, &mut buf);
            buf.sort_unstable();
            buf.dedup();
            for k in buf.drain(..) {
                let list = self.postings.entry((kind.slot(), k)).or_default();
                // Lists stay sorted and without repeats when a merge files more names of
                // an entity filed long ago (usually `pos` is the last or goes last).
                match list.last() {
                    Some(last) if *last < pos => list.push(pos),
                    None => list.push(pos),
                    Some(_) => {
                        if let Err(at) = list.binary_search(&pos) {
                            list.insert(at, pos);
                        }
                    }
                }
            }
            forms.push(form);
            if let Some(names) = self.names.get_mut(i) {
                names.push(name.into());
            }
        }
    }

    /// After the entity at position `i` was united with `incoming`: files the incoming
    /// names if the entity is indexed already (otherwise indexing it later reads them).
    pub(crate) fn united(&mut self, i: usize, incoming: &Entity) {
        let slot = incoming.kind.slot();
        if self.indexed.get(slot).is_some_and(|n| i < *n) {
            self.file(i, incoming.kind, incoming.names());
        }
    }

    /// The prepared names of the entity at position `i`.
    pub(crate) fn forms(&self, i: usize) -> &[NameForm] {
        self.forms.get(i).map_or(&[], Vec::as_slice)
    }

    /// The names [`forms`](Self::forms) were made from, in the same order.
    pub(crate) fn names(&self, i: usize) -> &[Box<str>] {
        self.names.get(i).map_or(&[], Vec::as_slice)
    }

    /// The positions of the entities of `kind` that `mine` (an incoming entity's prepared
    /// names) is to be scored against, most shared keys first, within the bounds of the
    /// module documentation.
    pub(crate) fn candidates(
        &mut self,
        kind: EntityKind,
        mine: &[NameForm],
        list: &[Entity],
    ) -> Vec<usize> {
        self.ensure(kind, list);
        let mut wanted: Vec<u64> = Vec::new();
        let mut least = usize::MAX;
        for form in mine {
            let before = wanted.len();
            keys(&self.hasher, form, &mut wanted);
            least = least.min(wanted.len() - before);
        }
        wanted.sort_unstable();
        wanted.dedup();
        let slot = kind.slot();
        let mut lists: Vec<&[u32]> = wanted
            .into_iter()
            .filter_map(|k| self.postings.get(&(slot, k)).map(Vec::as_slice))
            .collect();
        // Rarest first; equal lengths by their entities, not by the (seeded) key hashes, so
        // that a run that exhausts the budget visits the same lists every time.
        lists.sort_by_key(|l| (l.len(), l.first().copied(), l.last().copied()));
        let mut shared: IdMap<u32, u32> = IdMap::default();
        let mut visited = 0usize;
        for list in lists {
            let take = list.len().min(MAX_POSTINGS - visited);
            visited += take;
            for pos in list.iter().take(take) {
                *shared.entry(*pos).or_insert(0) += 1;
            }
            if visited >= MAX_POSTINGS {
                break;
            }
        }
        // A candidate shares at least one key in eight of the incoming name's.
        let needed = u32::try_from((least / 8).max(1)).unwrap_or(u32::MAX);
        let mut found: Vec<(u32, u32)> = shared.into_iter().filter(|(_, n)| *n >= needed).collect();
        found.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        found
            .into_iter()
            .take(MAX_CANDIDATES)
            .map(|(pos, _)| pos as usize)
            .collect()
    }
}
