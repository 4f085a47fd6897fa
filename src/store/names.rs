//! The name index: case-, whitespace- and diacritic-insensitive lookup of names and aliases.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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

impl NameIndex {
    pub(crate) fn insert(&mut self, folded: String, id: EntityId) {
        match self.map.get_mut(folded.as_str()) {
            None => {
                self.map.insert(folded.into_boxed_str(), Slot::One(id));
            }
            Some(slot) => match slot {
                Slot::One(other) if *other == id => {}
                Slot::One(other) => *slot = Slot::Many(Box::new(vec![*other, id])),
                Slot::Many(ids) => {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            },
        }
    }

    pub(crate) fn get(&self, folded: &str) -> &[EntityId] {
        self.map.get(folded).map(Slot::ids).unwrap_or(&[])
    }

    /// Up to `n` distinct folded names nearest to `folded` by edit distance, best first,
    /// only those within a third of the query's length. A full scan: it runs only when a
    /// lookup fails.
    pub(crate) fn closest(&self, folded: &str, n: usize) -> Vec<(&str, &[EntityId])> {
        let query: Vec<char> = folded.chars().collect();
        let limit = (query.len() / 3).max(2);
        let mut scored: Vec<(usize, &str, &[EntityId])> = self
            .map
            .iter()
            .filter_map(|(name, slot)| {
                let d = edit_distance(&query, name, limit)?;
                Some((d, &**name, slot.ids()))
            })
            .collect();
        scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(n)
            .map(|(_, name, ids)| (name, ids))
            .collect()
    }
}

/// Levenshtein distance between `a` and `b`, or `None` if it exceeds `limit`.
fn edit_distance(a: &[char], b: &str, limit: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().filter(|d| *d <= limit)
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
        let a: Vec<char> = "sembinov".chars().collect();
        assert_eq!(edit_distance(&a, "sembinov", 3), Some(0));
        assert_eq!(edit_distance(&a, "sembinof", 3), Some(1));
        assert_eq!(edit_distance(&a, "armitage", 3), None);
    }

    #[test]
    fn closest_names() {
        let mut idx = NameIndex::default();
        idx.insert("bolat sembinov".into(), EntityId::at(0));
        idx.insert("sembinov".into(), EntityId::at(0));
        idx.insert("richard armitage".into(), EntityId::at(1));
        let c = idx.closest("sembinof", 5);
        assert_eq!(c.first().map(|x| x.0), Some("sembinov"));
        assert!(c.iter().all(|x| x.0 != "richard armitage"));
    }
}
