//! Entity resolution: how alike two names are, across scripts, spellings and titles.
//!
//! Names are compared in a folded form: [`normalize_name`] (case, diacritics, white space),
//! then Cyrillic transliterated to Latin (Russian and Kazakh letters, a simplified BGN/PCGN
//! table: `Алтынбаев` → `altynbaev`), then split into words of letters and digits. For
//! people, titles and ranks are dropped (`Col.-Gen. Altnybayev` → `altnybayev`). Each word
//! is also reduced to a *skeleton* that forgets the spelling differences transliteration
//! systems make (`kh`/`h`, `yo`/`ye`/`e`, `y` between vowels, doubled letters,
//! `-ence`/`-ense`), so
//! `Altynbayev`, `Altynbaev` and `Алтынбаев` share one skeleton.
//!
//! The score of two names is 1.0 when their folded words are equal, 0.95 when their
//! skeletons are equal, and otherwise the lowest similarity of their words taken in
//! order (1 − edit distance / length, with transpositions counted as one edit), so one
//! wrong word (`Kazakhstan` / `Kyrgyzstan`) sinks the whole name. A one-word name of a
//! person is compared with the first and last word of the other (a surname alone) at 0.95
//! of that similarity. Names whose numbers differ (`Steppe Eagle 2013`, `Steppe Eagle
//! 2014`; plans for 2008–2012 and 2013–2017) score 0: numbers name different things.
//!
//! Cost: linear in the names' lengths for equal words; the edit distance of two words is
//! computed only for words of at most [`MAX_FUZZY_WORD`] characters, in time proportional
//! to the product of their lengths, so no input makes a comparison slow.

use crate::model::kind::EntityKind;
use crate::store::names::normalize_name;

/// Words longer than this are compared only for equality, never by edit distance.
pub const MAX_FUZZY_WORD: usize = 40;

/// Names with more words than this are compared only for equality.
const MAX_WORDS: usize = 16;

/// Titles and ranks dropped from people's names before comparing them.
const TITLES: &[&str] = &[
    "adm",
    "admiral",
    "amb",
    "ambassador",
    "army",
    "brig",
    "brigadier",
    "capt",
    "captain",
    "cmdr",
    "col",
    "colonel",
    "commander",
    "deputy",
    "dr",
    "gen",
    "general",
    "lt",
    "lieutenant",
    "maj",
    "major",
    "minister",
    "mr",
    "mrs",
    "ms",
    "prof",
    "sgt",
    "sergeant",
    "president",
    "prime",
    "rear",
    "vice",
    "senator",
    "sen",
    "secretary",
];

/// A name prepared for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameForm {
    words: Vec<String>,
    skeletons: Vec<String>,
    digits: String,
}

impl NameForm {
    pub(crate) fn new(name: &str, kind: EntityKind) -> NameForm {
        let folded = transliterate(&normalize_name(name));
        let mut words: Vec<String> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        if kind == EntityKind::Person {
            let kept: Vec<String> = words
                .iter()
                .filter(|w| !TITLES.contains(&w.as_str()))
                .cloned()
                .collect();
            if !kept.is_empty() {
                words = kept;
            }
        }
        let digits = words
            .iter()
            .flat_map(|w| w.chars().filter(char::is_ascii_digit))
            .collect();
        let skeletons = words.iter().map(|w| skeleton(w)).collect();
        NameForm {
            words,
            skeletons,
            digits,
        }
    }
}

/// Transliterates Cyrillic letters in folded (lower-case, decomposed) text to Latin; other
/// characters pass through. Folding has already turned `й` into `и` and `ё` into `е`.
///
/// ```
/// use factgraph::corpus::transliterate;
/// assert_eq!(transliterate("алтынбаев"), "altynbaev");
/// assert_eq!(transliterate("жасузаков"), "zhasuzakov");
/// assert_eq!(transliterate("қазақстан"), "qazaqstan");
/// ```
pub fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let latin = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'і' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' | 'һ' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            // Kazakh letters.
            'ә' => "a",
            'ғ' => "gh",
            'қ' => "q",
            'ң' => "ng",
            'ө' => "o",
            'ұ' | 'ү' => "u",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(latin);
    }
    out
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// A word without the differences transliteration systems make.
pub(crate) fn skeleton(word: &str) -> String {
    let w = word
        .replace("kh", "h")
        .replace("gh", "g")
        .replace("q", "k")
        .replace("ence", "ense")
        .replace("iy", "i")
        // Ё and Е romanised as "yo"/"ye" or "e" (Pyotr / Petr, Yevgeny / Evgeny).
        .replace("yo", "e")
        .replace("ye", "e")
        .replace("ck", "k");
    let b = w.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    for (i, &c) in b.iter().enumerate() {
        // `y` between vowels ("bayev" / "baev"), and doubled letters.
        if c == b'y'
            && i > 0
            && b.get(i + 1).is_some_and(|n| is_vowel(*n) && *n != b'y')
            && b.get(i - 1).is_some_and(|p| is_vowel(*p))
        {
            continue;
        }
        if out.last() == Some(&c) {
            continue;
        }
        out.push(c);
    }
    String::from_utf8(out).unwrap_or_else(|_| w.clone())
}

/// Optimal string alignment distance (edits and adjacent transpositions) over chars;
/// `None` when either word exceeds [`MAX_FUZZY_WORD`] characters.
fn distance(a: &str, b: &str) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > MAX_FUZZY_WORD || b.len() > MAX_FUZZY_WORD {
        return None;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    // Every position below is inside the `(a.len() + 1) * w` table; the fallbacks of
    // `get` are never taken and cost no more than an index's bounds check.
    let cell = |d: &[usize], k: usize| d.get(k).copied().unwrap_or(0);
    let set = |d: &mut [usize], k: usize, v: usize| {
        if let Some(c) = d.get_mut(k) {
            *c = v;
        }
    };
    // The previous char of `a` (row `i - 1`) and of `b` (column `j - 1`), for
    // transpositions.
    let mut before_a: Option<char> = None;
    for (i, &ca) in (1..).zip(&a) {
        set(&mut d, i * w, i);
        let mut before_b: Option<char> = None;
        for (j, &cb) in (1..).zip(&b) {
            let cost = usize::from(ca != cb);
            let mut v = (cell(&d, (i - 1) * w + j) + 1)
                .min(cell(&d, i * w + j - 1) + 1)
                .min(cell(&d, (i - 1) * w + j - 1) + cost);
            if let (Some(pa), Some(pb)) = (before_a, before_b)
                && ca == pb
                && pa == cb
            {
                v = v.min(cell(&d, (i - 2) * w + j - 2) + 1);
            }
            set(&mut d, i * w + j, v);
            before_b = Some(cb);
        }
        before_a = Some(ca);
    }
    d.last().copied()
}

/// Similarity of two words in 0..=1.
fn word_similarity(a: &str, sa: &str, b: &str, sb: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    if sa == sb {
        return 0.95;
    }
    let len = sa.chars().count().max(sb.chars().count());
    // Short words (initials, "US", "UK") match only exactly.
    if len <= 3 {
        return 0.0;
    }
    match distance(sa, sb) {
        Some(d) => (1.0 - d as f32 / len as f32).max(0.0),
        None => 0.0,
    }
}

/// The score of two prepared names, in 0..=1 (see the module documentation).
pub(crate) fn score(a: &NameForm, b: &NameForm, kind: EntityKind) -> f32 {
    if a.words.is_empty() || b.words.is_empty() || a.digits != b.digits {
        return 0.0;
    }
    if a.words == b.words {
        return 1.0;
    }
    if a.skeletons == b.skeletons {
        return 0.95;
    }
    let mut best = 0.0f32;
    if a.words.len() == b.words.len() && a.words.len() <= MAX_WORDS {
        let mut low = 1.0f32;
        let sides = a.words.iter().zip(&a.skeletons);
        for ((wa, sa), (wb, sb)) in sides.zip(b.words.iter().zip(&b.skeletons)) {
            low = low.min(word_similarity(wa, sa, wb, sb));
        }
        best = low;
    }
    if kind == EntityKind::Person {
        let (one, many) = match (a.words.len(), b.words.len()) {
            (1, n) if n > 1 => (a, b),
            (n, 1) if n > 1 => (b, a),
            _ => return best,
        };
        let (Some(w1), Some(s1)) = (one.words.first(), one.skeletons.first()) else {
            return best;
        };
        let ends = [
            many.words.first().zip(many.skeletons.first()),
            many.words.last().zip(many.skeletons.last()),
        ];
        for (w, s) in ends.into_iter().flatten() {
            let s = word_similarity(w1, s1, w, s);
            best = best.max(0.95 * s);
        }
    }
    best
}

/// How alike two names of entities of `kind` are, from 0 (unrelated) to 1 (the same once
/// folded); see the [module documentation](crate::corpus::resolve) for the rules.
///
/// ```
/// use factgraph::EntityKind;
/// use factgraph::corpus::name_similarity;
/// let p = EntityKind::Person;
/// assert_eq!(name_similarity("Алтынбаев", "Altynbaev", p), 1.0);
/// assert!(name_similarity("Altynbayev", "Алтынбаев", p) >= 0.95);
/// assert!(name_similarity("Col.-Gen. Altnybayev", "Altynbayev", p) > 0.85);
/// assert!(name_similarity("Altynbaev", "Mukhtar Altynbayev", p) > 0.85);
/// assert!(name_similarity("Nurlan Altynbayev", "Mukhtar Altynbayev", p) < 0.7);
/// let a = EntityKind::Agreement;
/// assert_eq!(name_similarity("Cooperation Plan 2008-2012", "Cooperation Plan 2013-2017", a), 0.0);
/// ```
pub fn name_similarity(a: &str, b: &str, kind: EntityKind) -> f32 {
    score(&NameForm::new(a, kind), &NameForm::new(b, kind), kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_forget_transliteration() {
        assert_eq!(skeleton("altynbayev"), "altynbaev");
        assert_eq!(skeleton("mukhtar"), "muhtar");
        assert_eq!(skeleton("defence"), skeleton("defense"));
    }

    #[test]
    fn countries_and_ministries_stay_apart() {
        let c = EntityKind::Country;
        assert!(name_similarity("Kazakhstan", "Kyrgyzstan", c) < 0.7);
        assert!(name_similarity("Iraq", "Iran", c) < 0.85);
        let b = EntityKind::StateBody;
        assert!(
            name_similarity(
                "Ministry of Defense of Kazakhstan",
                "Ministry of Defense of Kyrgyzstan",
                b
            ) < 0.7
        );
        assert!(
            name_similarity(
                "Ministry of Defence of Kazakhstan",
                "Ministry of Defense of Kazakhstan",
                b
            ) >= 0.95
        );
    }

    #[test]
    fn long_words_are_compared_only_for_equality() {
        let long = "a".repeat(10_000);
        let other = format!("{long}b");
        assert_eq!(name_similarity(&long, &other, EntityKind::Place), 0.0);
        assert_eq!(name_similarity(&long, &long, EntityKind::Place), 1.0);
    }
}
