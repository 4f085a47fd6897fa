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
//!   letters or more the first and last letters of the skeleton and of the word as written,
//!   three of each for words of seven letters or more, two for shorter ones (a typo changes
//!   one end at most);
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
//! in eight of the incoming name's, and at most [`MAX_CANDIDATES`] candidates (most shared
//! keys first) are scored. The cost of resolving one entity is therefore bounded whatever
//! the graph holds, and a merge costs O(incoming entities) scorings plus indexing the
//! existing entities of the kinds that need scoring, once per merge.

use std::collections::HashMap;

use super::resolve::vocabulary::ACRONYMS;
use super::resolve::{NameForm, Token};
use crate::model::entity::Entity;
use crate::model::kind::EntityKind;

/// The most names of one entity that are indexed and compared.
pub(crate) const MAX_NAMES: usize = 16;

/// The most key postings visited to find the candidates of one incoming entity.
pub(crate) const MAX_POSTINGS: usize = 20_000;

/// The most candidates scored for one incoming entity.
pub(crate) const MAX_CANDIDATES: usize = 64;

/// Names of more words than this get no run-initials keys (they would be many and common).
const MAX_WORDS_FOR_INITIALS: usize = 8;

/// The block index of the entities being merged, built lazily per kind: a merge whose
/// incoming entities all match by key never builds it.
#[derive(Debug, Default)]
pub(crate) struct Blocks {
    /// Per entity (by position): its prepared names, at most [`MAX_NAMES`].
    forms: Vec<Vec<NameForm>>,
    /// (kind slot, key) → positions of the entities filed under it.
    postings: HashMap<(usize, String), Vec<u32>>,
    /// Per kind slot: how many entities of the list have been looked at for indexing.
    indexed: Vec<usize>,
}

/// The block keys of one prepared name.
fn keys(form: &NameForm, out: &mut Vec<String>) {
    let tokens = &form.tokens;
    for t in tokens {
        // People's words by their stem, so that a case ending keeps the key.
        let w = &t.stem;
        if w.is_empty() {
            continue;
        }
        out.push(format!("w:{w}"));
        // A typo changes the start or the end of a word, rarely both: three letters of
        // each for long words, two for short ones (a letter dropped from "Trend").
        let written = t.word.chars().count();
        if written >= 4 {
            let affix = if written >= 7 { 3 } else { 2 };
            for x in [w, &t.word] {
                let chars: Vec<char> = x.chars().collect();
                let n = chars.len();
                out.push(format!(
                    "p:{}",
                    chars.iter().take(affix).collect::<String>()
                ));
                out.push(format!(
                    "s:{}",
                    chars
                        .iter()
                        .skip(n.saturating_sub(affix))
                        .collect::<String>()
                ));
            }
        }
        if let Some(letters) = &t.acronym {
            out.push(format!("w:{letters}"));
        }
        if let Some((_, words)) = ACRONYMS.iter().find(|(a, _)| *a == t.word) {
            out.extend(
                words
                    .iter()
                    .map(|w| format!("w:{}", crate::store::names::skeleton(w))),
            );
        }
    }
    for pair in tokens.windows(2) {
        if let [a, b] = pair {
            out.push(format!("w:{}{}", a.skel, b.skel));
        }
    }
    let core: Vec<&Token> = tokens.iter().filter(|t| !t.qualifier).collect();
    if core.len() <= MAX_WORDS_FOR_INITIALS {
        for start in 0..core.len() {
            for len in 2..=6 {
                let Some(run) = core.get(start..start + len) else {
                    break;
                };
                let initials: String = run.iter().filter_map(|t| t.word.chars().next()).collect();
                out.push(format!("w:{initials}"));
            }
        }
    }
    let whole: Vec<&str> = tokens.iter().map(|t| t.skel.as_str()).collect();
    out.push(format!("x:{}", whole.join(" ")));
}

impl Blocks {
    /// An index for a list of entities, nothing built yet.
    pub(crate) fn new() -> Blocks {
        Blocks::default()
    }

    /// Indexes the entities of `kind` in `list` not yet looked at.
    fn ensure(&mut self, kind: EntityKind, list: &[Entity]) {
        let slot = kind.slot();
        if self.indexed.len() <= slot {
            self.indexed.resize(slot + 1, 0);
        }
        if self.forms.len() < list.len() {
            self.forms.resize_with(list.len(), Vec::new);
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
            keys(&form, &mut buf);
            buf.sort_unstable();
            buf.dedup();
            for k in buf.drain(..) {
                let list = self.postings.entry((kind.slot(), k)).or_default();
                if list.last() != Some(&pos) {
                    list.push(pos);
                }
            }
            forms.push(form);
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
        let mut wanted: Vec<String> = Vec::new();
        let mut least = usize::MAX;
        for form in mine {
            let before = wanted.len();
            keys(form, &mut wanted);
            least = least.min(wanted.len() - before);
        }
        wanted.sort_unstable();
        wanted.dedup();
        let slot = kind.slot();
        let mut lists: Vec<&[u32]> = wanted
            .into_iter()
            .filter_map(|k| self.postings.get(&(slot, k)).map(Vec::as_slice))
            .collect();
        lists.sort_by_key(|l| l.len());
        let mut shared: HashMap<u32, u32> = HashMap::new();
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
