//! The name index: case-, whitespace- and diacritic-insensitive lookup of names and aliases.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::hash::IdMap;
use crate::model::ids::EntityId;

/// Folds a name for comparison: compatibility decomposition (NFKD), combining marks
/// dropped (so `é` matches `e`, `Ä` matches `A`), letters with strokes and ligatures
/// spelled out (`ł` → `l`, `ø` → `o`, `ß` → `ss`, `æ` → `ae`), Unicode lower-casing, typographic
/// apostrophes and dashes unified, and runs of white space collapsed to one space.
///
/// ```
/// use factgraph::normalize_name;
/// assert_eq!(normalize_name("  Mukhtar   ALTYNBAYEV "), "mukhtar altynbayev");
/// assert_eq!(normalize_name("Żółć Café"), normalize_name("zolc cafe"));
/// assert_eq!(normalize_name("Kazakhstan’s"), normalize_name("Kazakhstan's"));
/// assert_eq!(normalize_name("АЛТЫНБАЕВ"), normalize_name("алтынбаев"));
/// ```
pub fn normalize_name(name: &str) -> String {
    if name.is_ascii() {
        return normalize_ascii(name);
    }
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => out.push('\''),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            // Letters whose stroke or ligature is not a combining mark, so NFKD keeps them.
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ħ' | 'Ħ' => out.push('h'),
            'ı' => out.push('i'),
            'ß' | 'ẞ' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The same folding for ASCII text, where decomposition changes nothing: only case, the
/// backtick and white space.
fn normalize_ascii(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // `char::is_whitespace`, as the general path uses, also counts U+000B and U+001C..=U+001F.
    for word in name.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.bytes().map(|b| match b {
            b'`' => '\'',
            b => char::from(b.to_ascii_lowercase()),
        }));
    }
    out
}

/// Maps folded names to the entities that carry them.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    map: HashMap<Box<str>, Slot>,
    /// The index closest-name search uses, built on the first failed lookup and kept up to
    /// date from then on: graphs that never fail a lookup never pay for it.
    fuzzy: OnceLock<Fuzzy>,
}

/// Nearly every name belongs to one entity; sharing is the exception and costs a box.
#[derive(Debug, Clone)]
enum Slot {
    One(EntityId),
    #[allow(clippy::box_collection)] // keeps `Slot` at 16 bytes: a thin pointer on purpose
    Many(Box<Vec<EntityId>>),
}

impl Slot {
    fn ids(&self) -> &[EntityId] {
        match self {
            Slot::One(id) => std::slice::from_ref(id),
            Slot::Many(ids) => ids,
        }
    }
}

/// Names longer than this (in characters, folded) are neither suggested nor searched
/// for: nobody mistypes a name of hundreds of characters, and edit distance costs the
/// product of the two lengths.
pub(crate) const CLOSEST_MAX_CHARS: usize = 128;

/// What a closest-name search did: the names found and the work it spent.
#[derive(Debug, Default)]
pub(crate) struct Closest<'a> {
    pub(crate) names: Vec<(&'a str, &'a [EntityId])>,
    /// Posting-list entries visited plus edit-distance cells computed.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) work: usize,
}

impl NameIndex {
    /// Grows the map once for `n` more names (a bulk load would rehash it a dozen times).
    pub(crate) fn reserve(&mut self, n: usize) {
        self.map.reserve(n);
    }

    pub(crate) fn insert(&mut self, folded: String, id: EntityId) {
        match self.map.get_mut(folded.as_str()) {
            None => {
                if let Some(fuzzy) = self.fuzzy.get_mut() {
                    fuzzy.add(&folded);
                }
                self.map.insert(folded.into_boxed_str(), Slot::One(id));
            }
            Some(slot) => match slot {
                Slot::One(other) if *other == id => {}
                Slot::One(other) => *slot = Slot::Many(Box::new(vec![*other, id])),
                Slot::Many(ids) => {
                    // Ids only grow and an entity's names go in together, so a repeat is
                    // the last entry: O(1), where a search of the list made many entities
                    // sharing one name quadratic.
                    if ids.last() != Some(&id) {
                        ids.push(id);
                    }
                }
            },
        }
    }

    /// Adds a name of an entity that may be older than the newest (a merge gave an
    /// existing entity an alias): the entity's place in a shared name's list is found, not
    /// assumed to be the end, so the list stays sorted and without repeats.
    pub(crate) fn insert_for_existing(&mut self, folded: String, id: EntityId) {
        match self.map.get_mut(folded.as_str()) {
            None => self.insert(folded, id),
            Some(slot) => match slot {
                Slot::One(other) if *other == id => {}
                Slot::One(other) => {
                    let (a, b) = if *other < id {
                        (*other, id)
                    } else {
                        (id, *other)
                    };
                    *slot = Slot::Many(Box::new(vec![a, b]));
                }
                Slot::Many(ids) => {
                    if let Err(at) = ids.binary_search(&id) {
                        ids.insert(at, id);
                    }
                }
            },
        }
    }

    pub(crate) fn get(&self, folded: &str) -> &[EntityId] {
        self.map.get(folded).map(Slot::ids).unwrap_or(&[])
    }

    /// Up to `n` distinct folded names nearest to `folded` by edit distance, best first,
    /// only those within a third of the query's length (at least 2) that share a
    /// character trigram with it.
    ///
    /// Cost: at most `budget` units of work, a unit being one posting-list entry visited
    /// or one edit-distance cell computed, whatever the number and length of the names;
    /// plus, on the first call, building the trigram index in O(total length of the
    /// names, up to [`CLOSEST_MAX_CHARS`] each). Queries longer than
    /// [`CLOSEST_MAX_CHARS`] find nothing. When the budget runs out the answer is the best
    /// found so far, rarest trigrams first.
    pub(crate) fn closest(&self, folded: &str, n: usize, budget: usize) -> Closest<'_> {
        let query: Vec<char> = folded.chars().take(CLOSEST_MAX_CHARS + 1).collect();
        if query.is_empty() || query.len() > CLOSEST_MAX_CHARS || n == 0 {
            return Closest::default();
        }
        let fuzzy = self.fuzzy.get_or_init(|| {
            let mut f = Fuzzy::default();
            for name in self.map.keys() {
                f.add(name);
            }
            f
        });
        let limit = (query.len() / 3).max(2);
        let mut work = 0usize;
        // Candidates by shared trigrams, rarest trigrams first so that a budget spent on
        // the common ones ("$$a") leaves the telling ones counted.
        let mut grams: Vec<u64> = trigrams(&query).collect();
        grams.sort_unstable();
        grams.dedup();
        let mut lists: Vec<&[u32]> = grams
            .iter()
            .filter_map(|g| fuzzy.grams.get(g).map(Vec::as_slice))
            .collect();
        lists.sort_by_key(|l| l.len());
        // Name numbers are our own: the fast id hasher is safe here.
        let mut shared: IdMap<u32, u32> = IdMap::default();
        for list in lists {
            if work >= budget / 2 {
                break;
            }
            let take = list.len().min(budget / 2 - work);
            work += take;
            for &slot in list.iter().take(take) {
                *shared.entry(slot).or_insert(0) += 1;
            }
        }
        let mut candidates: Vec<(u32, u32)> = shared
            .into_iter()
            .filter_map(|(slot, count)| {
                let len = fuzzy.lens.get(slot as usize).copied()? as usize;
                (len.abs_diff(query.len()) <= limit).then_some((slot, count))
            })
            .collect();
        // Most shared trigrams first: those are verified before the budget runs out.
        candidates.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut scored: Vec<(usize, &str)> = Vec::new();
        let mut b: Vec<char> = Vec::with_capacity(CLOSEST_MAX_CHARS);
        for (slot, _) in candidates {
            let Some(name) = fuzzy.names.get(slot as usize) else {
                continue;
            };
            b.clear();
            b.extend(name.chars());
            let cells = query.len() * (2 * limit + 1);
            if work + cells > budget {
                break;
            }
            work += cells;
            if let Some(d) = edit_distance(&query, &b, limit) {
                scored.push((d, name));
            }
        }
        scored.sort_unstable();
        let names = scored
            .into_iter()
            .filter_map(|(_, name)| self.map.get_key_value(name))
            .map(|(name, slot)| (&**name, slot.ids()))
            .take(n)
            .collect();
        Closest { names, work }
    }
}

/// The trigram index of closest-name search: each distinct folded name of at most
/// [`CLOSEST_MAX_CHARS`] characters gets a number, and each trigram of it (padded at both
/// ends, so short names have some) lists the numbers of the names that contain it.
#[derive(Debug, Clone, Default)]
struct Fuzzy {
    names: Vec<Box<str>>,
    lens: Vec<u8>,
    grams: HashMap<u64, Vec<u32>>,
}

impl Fuzzy {
    fn add(&mut self, name: &str) {
        let chars: Vec<char> = name.chars().take(CLOSEST_MAX_CHARS + 1).collect();
        if chars.is_empty() || chars.len() > CLOSEST_MAX_CHARS {
            return;
        }
        let Ok(slot) = u32::try_from(self.names.len()) else {
            return;
        };
        let mut grams: Vec<u64> = trigrams(&chars).collect();
        grams.sort_unstable();
        grams.dedup();
        for g in grams {
            self.grams.entry(g).or_default().push(slot);
        }
        self.names.push(name.into());
        // At most CLOSEST_MAX_CHARS (128), so it fits.
        self.lens.push(u8::try_from(chars.len()).unwrap_or(u8::MAX));
    }
}

/// The trigrams of `s` padded with two boundary marks at each end, each packed in 64 bits.
fn trigrams(s: &[char]) -> impl Iterator<Item = u64> + '_ {
    const PAD: u32 = 0x11_0000; // above every scalar value
    let code = move |i: usize| -> u64 {
        // Position `i` in the padded string: two marks, the text, two marks.
        match i.checked_sub(2).and_then(|j| s.get(j)) {
            Some(c) => u64::from(u32::from(*c)),
            None => u64::from(PAD),
        }
    };
    (0..s.len() + 2).map(move |i| (code(i) << 42) | (code(i + 1) << 21) | code(i + 2))
}

/// Levenshtein distance between `a` and `b`, or `None` if it exceeds `limit`. Banded:
/// only cells within `limit` of the diagonal are computed, O(len × limit).
fn edit_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let big = limit + 1;
    let width = b.len() + 1;
    let mut prev: Vec<usize> = (0..width).map(|j| j.min(big)).collect();
    let mut cur = vec![big; width];
    for (i, ca) in a.iter().enumerate() {
        let row = i + 1;
        let lo = row.saturating_sub(limit).max(1);
        let hi = (row + limit).min(b.len());
        cur.iter_mut().for_each(|c| *c = big);
        if let Some(first) = cur.first_mut() {
            *first = row.min(big);
        }
        let mut row_min = if lo == 1 { row.min(big) } else { big };
        for j in lo..=hi {
            let (Some(cb), Some(&diag), Some(&up), Some(&left)) =
                (b.get(j - 1), prev.get(j - 1), prev.get(j), cur.get(j - 1))
            else {
                continue;
            };
            let v = (diag + usize::from(ca != cb))
                .min(up + 1)
                .min(left + 1)
                .min(big);
            if let Some(c) = cur.get_mut(j) {
                *c = v;
            }
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().filter(|d| *d <= limit)
}

impl NameIndex {
    /// Heap bytes of the map, its names and shared-name lists, and the fuzzy index if
    /// built.
    pub(crate) fn heap_bytes(&self) -> usize {
        use super::memory::{map_bytes, vec_bytes};
        let slots: usize = self
            .map
            .iter()
            .map(|(k, slot)| {
                k.len()
                    + match slot {
                        Slot::One(_) => 0,
                        Slot::Many(ids) => std::mem::size_of::<Vec<EntityId>>() + vec_bytes(ids),
                    }
            })
            .sum();
        let fuzzy = self.fuzzy.get().map_or(0, |f| {
            vec_bytes(&f.names)
                + f.names.iter().map(|n| n.len()).sum::<usize>()
                + vec_bytes(&f.lens)
                + map_bytes(&f.grams)
                + f.grams.values().map(vec_bytes).sum::<usize>()
        });
        map_bytes(&self.map) + slots + fuzzy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_fast_path_agrees_with_the_general_one() {
        for s in [
            "  Bolat\t SEMBINOV ",
            "U.S. Dept`s",
            "a\u{b}b",
            "",
            "x\r\ny",
            "C-130",
        ] {
            let mut general = String::new();
            // The general path, forced by a non-ASCII suffix that folds to nothing visible.
            general.push_str(&normalize_name(&format!("{s}\u{301}")));
            assert_eq!(normalize_ascii(s), general.trim_end(), "{s:?}");
        }
    }

    #[test]
    fn folding() {
        assert_eq!(normalize_name("Steppe\tEagle\n2004"), "steppe eagle 2004");
        assert_eq!(normalize_name(""), "");
        assert_eq!(normalize_name("   "), "");
        assert_eq!(normalize_name("Ⅻ"), "xii");
        assert_eq!(normalize_name("İstanbul"), normalize_name("istanbul"));
    }

    #[test]
    fn distances() {
        let c = |s: &str| s.chars().collect::<Vec<char>>();
        let a = c("sembinov");
        assert_eq!(edit_distance(&a, &c("sembinov"), 3), Some(0));
        assert_eq!(edit_distance(&a, &c("sembinof"), 3), Some(1));
        assert_eq!(edit_distance(&a, &c("armitage"), 3), None);
        assert_eq!(edit_distance(&c("kitten"), &c("sitting"), 3), Some(3));
        assert_eq!(edit_distance(&c("abcdef"), &c("bcdefg"), 2), Some(2));
        assert_eq!(edit_distance(&c(""), &c("ab"), 2), Some(2));
    }

    #[test]
    fn closest_names() {
        let mut idx = NameIndex::default();
        idx.insert("bolat sembinov".into(), EntityId::at(0));
        idx.insert("sembinov".into(), EntityId::at(0));
        idx.insert("richard armitage".into(), EntityId::at(1));
        let c = idx.closest("sembinof", 5, 100_000).names;
        assert_eq!(c.first().map(|x| x.0), Some("sembinov"));
        assert!(c.iter().all(|x| x.0 != "richard armitage"));
        // Names added after the trigram index was built are found too.
        idx.insert("armitage".into(), EntityId::at(1));
        let c = idx.closest("armitag", 5, 100_000).names;
        assert_eq!(c.first().map(|x| x.0), Some("armitage"));
    }

    /// Defect 1 of issue 11: one failed lookup among 100 names of 10,000 characters took
    /// 19 s. Now the work is bounded by the budget, whatever the names.
    #[test]
    fn closest_search_stays_within_its_budget() {
        let mut idx = NameIndex::default();
        for i in 0..100u32 {
            let name: String = std::iter::repeat_n('a', 10_000)
                .chain(i.to_string().chars())
                .collect();
            idx.insert(name, EntityId::at(i));
        }
        for i in 0..2000u32 {
            idx.insert(format!("aaaa name {i}"), EntityId::at(100 + i));
        }
        let long: String = std::iter::repeat_n('a', 10_001).collect();
        let start = std::time::Instant::now();
        let found = idx.closest(&long, 5, 50_000);
        assert!(found.names.is_empty());
        for q in [
            "aaaa name",
            "aaaa nam 17",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ] {
            let found = idx.closest(q, 5, 50_000);
            assert!(found.work <= 50_000, "{q}: {} units of work", found.work);
        }
        assert!(
            idx.closest("aaaa nam 17", 5, 50_000)
                .names
                .iter()
                .any(|n| n.0 == "aaaa name 17")
        );
        assert!(
            start.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
    }
}
