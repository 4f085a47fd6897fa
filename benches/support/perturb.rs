//! The resolution benchmark: made-up variants of the corpus's real report files, coded as
//! if by someone else, merged into the corpus, and scored against the re-keying map.
//!
//! Shared by `examples/resolution.rs` (the table in the README) and `tests/resolution.rs`
//! (the targets), through `#[path]`. Everything generated here is a made-up variant of a real
//! report: the facts are the report's own, the keys and the names are rewritten.
//!
//! Each report file is recoded once per *variation class*: every entity gets a new key, its
//! aliases are dropped (another coder does not copy ours) and its name is rewritten by the
//! class's rule where the rule applies. The rules are written from how real reports differ
//! (transliteration tables, declension endings, spelling pairs, generic-word lists, ...), never
//! per name. The recoded file is merged into a copy of the corpus; an entity whose original
//! exists must be merged into it. *Negative* classes write names that must stay apart from
//! the entity they were made from: another edition (a number changed), a namesake of another
//! kind, a person's namesake (another given name), a neighbouring country's body, the
//! counterpart of an event (opening / closing).
//!
//! A variant whose folded name is carried by *another* entity of its kind, or (for a negative)
//! by any entity of its kind, says nothing about resolution and is skipped (counted).

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use factgraph::corpus::{EntityDecision, MergePolicy};
use factgraph::{KnowledgeGraph, normalize_name};
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// Random numbers

/// SplitMix64: small, seeded, the same stream on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let i = self.below(items.len());
        items.get(i)
    }
}

/// A seed for one (file, class, entity) so that each case draws its own stream.
fn mix(seed: u64, parts: &[&str]) -> u64 {
    // FNV-1a over the parts, then the seed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

// ---------------------------------------------------------------------------------------
// The classes

/// A way independently coded reports name the same thing differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Keys changed, names as written (the control).
    Rekeyed,
    /// A romanisation of the Cyrillic form by another system: BGN/PCGN, GOST 7.79-B,
    /// scholarly, Kazakh Latin (2021).
    Transliteration,
    /// The Cyrillic original.
    Cyrillic,
    /// A Russian case ending on a person's name in Cyrillic (genitive "Алтынбаева", ...).
    CaseEnding,
    /// British and American spelling.
    Spelling,
    /// A compound joined or split ("Peacekeeping" / "Peace Keeping", "Al-Kut" / "Al Kut").
    Compound,
    /// A generic word of the kind added or dropped ("... Program", "... Forces").
    GenericWord,
    /// A qualifier written another way: "X of Kazakhstan" / "X (Kazakhstan)", "(Q)" /
    /// ", Q", a parenthetical without a date dropped.
    Qualifier,
    /// The two sides of an event or agreement swapped ("X-Y talks" / "Y-X meeting"), or
    /// "A of B" as "B A".
    WordOrder,
    /// An acronym for its expansion or the expansion for the acronym.
    Acronym,
    /// A rank, title or honorific before a person's name.
    Rank,
    /// One letter replaced, dropped, doubled, or two letters swapped.
    Typo,
    /// Every class above that applies, one after the other.
    All,
}

impl Class {
    pub const POSITIVE: [Class; 13] = [
        Class::Rekeyed,
        Class::Transliteration,
        Class::Cyrillic,
        Class::CaseEnding,
        Class::Spelling,
        Class::Compound,
        Class::GenericWord,
        Class::Qualifier,
        Class::WordOrder,
        Class::Acronym,
        Class::Rank,
        Class::Typo,
        Class::All,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::Rekeyed => "re-keyed only",
            Class::Transliteration => "transliteration",
            Class::Cyrillic => "Cyrillic original",
            Class::CaseEnding => "Russian case ending",
            Class::Spelling => "British/American",
            Class::Compound => "compound joined/split",
            Class::GenericWord => "generic word +/-",
            Class::Qualifier => "qualifier",
            Class::WordOrder => "word order",
            Class::Acronym => "acronym/expansion",
            Class::Rank => "rank/honorific",
            Class::Typo => "typo/transposition",
            Class::All => "all together",
        }
    }
}

/// Names that must stay apart from the entity they were made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Negative {
    /// Another edition or plan: a number changed (Steppe Eagle 2015 / 2016).
    Edition,
    /// The same name for an entity of another kind.
    OtherKind,
    /// A person with the same surname and another given name.
    PersonNamesake,
    /// A neighbouring country's body ("Ministry of Defence of Kyrgyzstan").
    Neighbour,
    /// The counterpart of an event or unit (opening / closing, first / second).
    Counterpart,
}

impl Negative {
    pub const ALL: [Negative; 5] = [
        Negative::Edition,
        Negative::OtherKind,
        Negative::PersonNamesake,
        Negative::Neighbour,
        Negative::Counterpart,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Negative::Edition => "NEG another edition",
            Negative::OtherKind => "NEG namesake, other kind",
            Negative::PersonNamesake => "NEG person namesake",
            Negative::Neighbour => "NEG neighbour's body",
            Negative::Counterpart => "NEG counterpart",
        }
    }
}

// ---------------------------------------------------------------------------------------
// Text helpers

fn is_cyrillic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// `word` with the case pattern of `model`: capitalised, upper or as is.
fn like(model: &str, word: &str) -> String {
    let mut m = model.chars().filter(|c| c.is_alphabetic());
    let first_upper = m.next().is_some_and(char::is_uppercase);
    let rest_upper = model.chars().filter(|c| c.is_alphabetic()).count() > 1
        && model
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    if rest_upper {
        word.to_uppercase()
    } else if first_upper {
        let mut c = word.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    } else {
        word.to_owned()
    }
}

/// Applies `f` to each maximal run of letters of `name` (words), keeping the rest.
fn map_words(name: &str, mut f: impl FnMut(&str) -> String) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in name.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push_str(&f(&word));
                word.clear();
            }
            out.push(c);
        }
    }
    if !word.is_empty() {
        out.push_str(&f(&word));
    }
    out
}

// ---------------------------------------------------------------------------------------
// Transliteration

/// A romanisation system: Cyrillic letter → Latin, lower case.
#[derive(Debug, Clone, Copy)]
enum System {
    Bgn,
    Gost,
    Scholarly,
    KazakhLatin,
}

const SYSTEMS: [System; 4] = [
    System::Bgn,
    System::Gost,
    System::Scholarly,
    System::KazakhLatin,
];

fn romanise_letter(c: char, system: System) -> Option<&'static str> {
    use System::*;
    // Letters every system writes alike.
    let common = match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'з' => "z",
        'и' => "i",
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
        'қ' => "q",
        _ => "",
    };
    if !common.is_empty() {
        return Some(common);
    }
    let s = match (system, c) {
        (Bgn, 'ё') => "yo",
        (Bgn, 'ж') => "zh",
        (Bgn, 'й') => "y",
        (Bgn, 'х') => "kh",
        (Bgn, 'ц') => "ts",
        (Bgn, 'ч') => "ch",
        (Bgn, 'ш') => "sh",
        (Bgn, 'щ') => "shch",
        (Bgn, 'ъ') => "\"",
        (Bgn, 'ы') => "y",
        (Bgn, 'ь') => "'",
        (Bgn, 'э') => "e",
        (Bgn, 'ю') => "yu",
        (Bgn, 'я') => "ya",
        (Bgn, 'ә') => "a",
        (Bgn, 'ғ') => "gh",
        (Bgn, 'ң') => "ng",
        (Bgn, 'ө') => "o",
        (Bgn, 'ұ' | 'ү') => "u",
        (Bgn, 'һ') => "h",
        (Bgn, 'і') => "i",
        (Gost, 'ё') => "yo",
        (Gost, 'ж') => "zh",
        (Gost, 'й') => "j",
        (Gost, 'х') => "x",
        (Gost, 'ц') => "cz",
        (Gost, 'ч') => "ch",
        (Gost, 'ш') => "sh",
        (Gost, 'щ') => "shh",
        (Gost, 'ъ') => "``",
        (Gost, 'ы') => "y'",
        (Gost, 'ь') => "`",
        (Gost, 'э') => "e`",
        (Gost, 'ю') => "yu",
        (Gost, 'я') => "ya",
        (Gost, 'ә') => "a`",
        (Gost, 'ғ') => "g`",
        (Gost, 'ң') => "n`",
        (Gost, 'ө') => "o`",
        (Gost, 'ұ') => "u`",
        (Gost, 'ү') => "u`",
        (Gost, 'һ') => "h",
        (Gost, 'і') => "i`",
        (Scholarly, 'ё') => "ë",
        (Scholarly, 'ж') => "ž",
        (Scholarly, 'й') => "j",
        (Scholarly, 'х') => "x",
        (Scholarly, 'ц') => "c",
        (Scholarly, 'ч') => "č",
        (Scholarly, 'ш') => "š",
        (Scholarly, 'щ') => "šč",
        (Scholarly, 'ъ') => "ʺ",
        (Scholarly, 'ы') => "y",
        (Scholarly, 'ь') => "ʹ",
        (Scholarly, 'э') => "è",
        (Scholarly, 'ю') => "ju",
        (Scholarly, 'я') => "ja",
        (Scholarly, 'ә') => "ä",
        (Scholarly, 'ғ') => "ğ",
        (Scholarly, 'ң') => "ņ",
        (Scholarly, 'ө') => "ö",
        (Scholarly, 'ұ') => "u",
        (Scholarly, 'ү') => "ü",
        (Scholarly, 'һ') => "h",
        (Scholarly, 'і') => "i",
        (KazakhLatin, 'ё') => "io",
        (KazakhLatin, 'ж') => "j",
        (KazakhLatin, 'й') => "i",
        (KazakhLatin, 'х') => "h",
        (KazakhLatin, 'ц') => "ts",
        (KazakhLatin, 'ч') => "ch",
        (KazakhLatin, 'ш') => "ş",
        (KazakhLatin, 'щ') => "şş",
        (KazakhLatin, 'ъ' | 'ь') => "",
        (KazakhLatin, 'ы') => "y",
        (KazakhLatin, 'э') => "e",
        (KazakhLatin, 'ю') => "iu",
        (KazakhLatin, 'я') => "ia",
        (KazakhLatin, 'ә') => "ä",
        (KazakhLatin, 'ғ') => "ğ",
        (KazakhLatin, 'ң') => "ñ",
        (KazakhLatin, 'ө') => "ö",
        (KazakhLatin, 'ұ') => "ū",
        (KazakhLatin, 'ү') => "ü",
        (KazakhLatin, 'һ') => "h",
        (KazakhLatin, 'і') => "ı",
        _ => return None,
    };
    Some(s)
}

/// Romanises Cyrillic text by `system`; BGN/PCGN writes `е` as `ye` at the start of a
/// word and after a vowel. Other characters pass through.
fn romanise(text: &str, system: System) -> String {
    map_words(text, |w| {
        let mut out = String::new();
        let mut prev: Option<char> = None;
        for c in w.chars() {
            let lower = c.to_lowercase().next().unwrap_or(c);
            let after_vowel = prev.is_none_or(|p| "аеёиоуыэюяәөұүі".contains(p));
            let latin = match (system, lower) {
                (System::Bgn, 'е') if after_vowel => "ye".to_owned(),
                _ => match romanise_letter(lower, system) {
                    Some(l) => l.to_owned(),
                    None => lower.to_string(),
                },
            };
            if c.is_uppercase() {
                let mut l = latin.chars();
                if let Some(f) = l.next() {
                    out.extend(f.to_uppercase());
                    out.extend(l);
                }
            } else {
                out.push_str(&latin);
            }
            prev = Some(lower);
        }
        out
    })
}

/// A Latin romanisation (BGN-like, as the corpus writes Russian and Kazakh names) back in
/// Cyrillic: the longest match of a digraph table, `y` as `й` after a vowel and `ы`
/// otherwise.
fn cyrillise(text: &str) -> String {
    const TABLE: &[(&str, &str)] = &[
        ("shch", "щ"),
        ("dzh", "дж"),
        ("zh", "ж"),
        ("kh", "х"),
        ("ts", "ц"),
        ("ch", "ч"),
        ("sh", "ш"),
        ("yu", "ю"),
        ("ya", "я"),
        ("yo", "ё"),
        ("ye", "е"),
        ("gh", "ғ"),
        ("a", "а"),
        ("b", "б"),
        ("c", "к"),
        ("d", "д"),
        ("e", "е"),
        ("f", "ф"),
        ("g", "г"),
        ("h", "х"),
        ("i", "и"),
        ("j", "дж"),
        ("k", "к"),
        ("l", "л"),
        ("m", "м"),
        ("n", "н"),
        ("o", "о"),
        ("p", "п"),
        ("q", "қ"),
        ("r", "р"),
        ("s", "с"),
        ("t", "т"),
        ("u", "у"),
        ("v", "в"),
        ("w", "в"),
        ("x", "кс"),
        ("z", "з"),
    ];
    map_words(text, |w| {
        let lower: String = w.to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let rest: String = chars[i..].iter().collect();
            let c = chars[i];
            if c == 'y' {
                let prev_vowel = i > 0 && "aeiou".contains(chars[i - 1]);
                let next_vowel = chars.get(i + 1).is_some_and(|n| "aeiou".contains(*n));
                if !next_vowel || !matches!(chars.get(i + 1), Some('a' | 'u' | 'o' | 'e')) {
                    out.push_str(if prev_vowel { "й" } else { "ы" });
                    i += 1;
                    continue;
                }
            }
            match TABLE.iter().find(|(l, _)| rest.starts_with(l)) {
                Some((l, c)) => {
                    out.push_str(c);
                    i += l.chars().count();
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        like(w, &out)
    })
}

/// Whether a person's name reads as Russian or Kazakh: a surname with a Slavic or Turkic
/// ending, or a name written in Cyrillic.
fn slavic_or_turkic(name: &str) -> bool {
    if is_cyrillic(name) {
        return true;
    }
    let last = name.split_whitespace().last().unwrap_or("").to_lowercase();
    ["ov", "ev", "in", "yn", "ova", "eva", "uly", "ly"]
        .iter()
        .any(|e| last.ends_with(e))
}

/// The Cyrillic form of an entity's name, when it has one: the name or a Cyrillic alias of
/// a person or place, or a Russian or Kazakh person's name written back in Cyrillic.
fn cyrillic_form(e: &Source) -> Option<String> {
    if is_cyrillic(&e.name) {
        return Some(e.name.clone());
    }
    if !matches!(e.kind.as_str(), "person" | "place") {
        return None;
    }
    // A Cyrillic alias of a one-word name is the name in its own script; of a longer name
    // it is usually a translation ("Алматинская область"), which is not this class.
    let one_word = |s: &str| !s.trim().contains(' ');
    if let Some(a) = e.aliases.iter().find(|a| is_cyrillic(a) && one_word(a)) {
        if one_word(&e.name) {
            return Some(a.clone());
        }
    }
    (e.kind == "person" && slavic_or_turkic(&e.name)).then(|| cyrillise(&e.name))
}

/// A Russian noun phrase's word in one of the oblique cases, by its ending.
fn decline(word: &str, case: usize) -> String {
    let chars: Vec<char> = word.chars().collect();
    let Some(&last) = chars.last() else {
        return word.to_owned();
    };
    let stem: String = chars[..chars.len() - 1].iter().collect();
    let hush = |c: char| "гкхжшчщ".contains(c);
    // Cases: 0 genitive, 1 dative, 2 instrumental, 3 prepositional.
    let vowel = "аеёиоуыэюя".contains(last);
    let surname = word.ends_with("ов") || word.ends_with("ев") || word.ends_with("ин");
    match (last, case) {
        ('а', 0) => format!(
            "{stem}{}",
            if stem.chars().last().is_some_and(hush) {
                "и"
            } else {
                "ы"
            }
        ),
        ('а', 1 | 3) => format!("{stem}е"),
        ('а', _) => format!("{stem}ой"),
        ('я', 0) => format!("{stem}и"),
        ('я', 2) => format!("{stem}ей"),
        ('я', _) => format!("{stem}е"),
        ('й', 0) => format!("{stem}я"),
        ('й', 1) => format!("{stem}ю"),
        ('й', 2) => format!("{stem}ем"),
        ('й', _) => format!("{stem}е"),
        (_, _) if vowel || last == 'ь' => word.to_owned(),
        (_, 0) => format!("{word}а"),
        (_, 1) => format!("{word}у"),
        (_, 2) if surname => format!("{word}ым"),
        (c, 2) if "жшчщц".contains(c) => format!("{word}ем"),
        (_, 2) => format!("{word}ом"),
        (_, _) => format!("{word}е"),
    }
}

// ---------------------------------------------------------------------------------------
// Word lists of the rules

/// British spellings and their American forms.
const SPELLING_PAIRS: &[(&str, &str)] = &[
    ("defence", "defense"),
    ("offence", "offense"),
    ("licence", "license"),
    ("centre", "center"),
    ("centres", "centers"),
    ("theatre", "theater"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("labour", "labor"),
    ("harbour", "harbor"),
    ("honour", "honor"),
];

/// A British or American spelling of one word, by the pairs and the -ise/-ize, -isation/
/// -ization rule (not for words that are -ise in both, such as "exercise").
fn respell(word: &str) -> Option<String> {
    let w = word.to_lowercase();
    for (uk, us) in SPELLING_PAIRS {
        if w == *uk {
            return Some(like(word, us));
        }
        if w == *us {
            return Some(like(word, uk));
        }
    }
    const BOTH: &[&str] = &[
        "exercise",
        "enterprise",
        "compromise",
        "advise",
        "revise",
        "expertise",
        "size",
        "prize",
        "seize",
    ];
    if BOTH.contains(&w.as_str()) {
        return None;
    }
    for (a, b) in [
        ("isation", "ization"),
        ("ization", "isation"),
        ("ised", "ized"),
        ("ized", "ised"),
        ("ise", "ize"),
        ("ize", "ise"),
    ] {
        if w.len() > a.len() + 3 && w.ends_with(a) {
            return Some(like(word, &format!("{}{b}", &w[..w.len() - a.len()])));
        }
    }
    None
}

/// Prefixes that English writes joined, hyphenated or apart ("peacekeeping").
const COMPOUND_HEADS: &[&str] = &[
    "peace", "air", "multi", "head", "counter", "inter", "news", "cross", "sea", "land",
];

/// Generic words of each kind that reports add or leave out.
fn generic_words(kind: &str) -> &'static [&'static str] {
    match kind {
        "programme" => &["Program", "Programme", "Initiative"],
        "state_body" => &["Forces"],
        "exercise" => &["exercise", "exercises", "drills"],
        "source" => &["news agency", "newspaper", "news"],
        "organisation" => &["Organization"],
        "agreement" => &["agreement"],
        _ => &[],
    }
}

/// Well-known acronyms and their expansions (the same short list the README documents for
/// the resolver: the acronyms the corpus's reports use).
const ACRONYMS: &[(&str, &str)] = &[
    ("MoD", "Ministry of Defence"),
    ("DoD", "Department of Defense"),
    ("CENTCOM", "Central Command"),
    ("PfP", "Partnership for Peace"),
    ("NATO", "North Atlantic Treaty Organization"),
    ("US", "United States"),
    ("UN", "United Nations"),
];

const FUNCTION_WORDS: &[&str] = &["of", "for", "the", "and", "in", "on", "to", "at", "a", "an"];

/// Ranks, titles and honorifics put before a person's name.
const RANKS: &[&str] = &[
    "Gen.",
    "General",
    "Col.-Gen.",
    "Colonel General",
    "Maj. Gen.",
    "Lt. Gen.",
    "Colonel",
    "Mr.",
    "Dr.",
    "Ambassador",
    "Minister",
    "Defense Minister",
    "Secretary",
    "President",
];

/// Countries next to Kazakhstan, with their adjectives.
const NEIGHBOURS: &[(&str, &str)] = &[
    ("Kyrgyzstan", "Kyrgyz"),
    ("Uzbekistan", "Uzbek"),
    ("Tajikistan", "Tajik"),
    ("Turkmenistan", "Turkmen"),
    ("Russia", "Russian"),
];

/// Words with a counterpart that names another thing of the same sort.
const COUNTERPARTS: &[(&str, &str)] = &[
    ("opening", "closing"),
    ("closing", "opening"),
    ("first", "second"),
    ("second", "third"),
    ("Land", "Air"),
    ("Air", "Naval"),
    ("Army", "Navy"),
    ("Foreign", "Internal"),
    ("Defense", "Interior"),
    ("Defence", "Interior"),
];

// ---------------------------------------------------------------------------------------
// The rules

/// An entity of a report file, as written.
#[derive(Debug, Clone)]
pub struct Source {
    pub key: String,
    pub kind: String,
    pub name: String,
    pub aliases: Vec<String>,
}

/// The variant of `e`'s name under `class`, or `None` when the class does not apply.
fn vary(e: &Source, class: Class, rng: &mut Rng) -> Option<String> {
    let name = e.name.as_str();
    let out = match class {
        Class::Rekeyed | Class::All => return Some(name.to_owned()),
        Class::Transliteration => {
            let cyr = cyrillic_form(e)?;
            let system = *rng.pick(&SYSTEMS)?;
            romanise(&cyr, system)
        }
        Class::Cyrillic => {
            if is_cyrillic(name) {
                return None;
            }
            cyrillic_form(e)?
        }
        Class::CaseEnding => {
            if e.kind != "person" {
                return None;
            }
            let cyr = cyrillic_form(e)?;
            let case = rng.below(4);
            map_words(&cyr, |w| {
                if w.chars().count() > 2 {
                    decline(w, case)
                } else {
                    w.to_owned()
                }
            })
        }
        Class::Spelling => map_words(name, |w| respell(w).unwrap_or_else(|| w.to_owned())),
        Class::Compound => compound(name, rng)?,
        Class::GenericWord => {
            let words = generic_words(&e.kind);
            let lower = name.to_lowercase();
            match words
                .iter()
                .find(|g| lower.ends_with(&format!(" {}", g.to_lowercase())))
            {
                Some(g) => name[..name.len() - g.len() - 1].trim_end().to_owned(),
                None => {
                    // Added only to short names, and never "Forces" to a body that is not
                    // an armed service: a coder adds the word a report would use.
                    if e.kind == "state_body" || name.split(' ').count() > 3 {
                        return None;
                    }
                    let g = rng.pick(words)?;
                    // Before a trailing parenthetical, if any: "Steppe Eagle 2017 exercise (...)".
                    match name.find(" (") {
                        Some(i) => format!("{} {g}{}", &name[..i], &name[i..]),
                        None => format!("{name} {g}"),
                    }
                }
            }
        }
        Class::Qualifier => qualifier(name)?,
        Class::WordOrder => {
            if !matches!(
                e.kind.as_str(),
                "event" | "agreement" | "state_body" | "organisation"
            ) {
                return None;
            }
            word_order(name, rng)?
        }
        Class::Acronym => acronym(name)?,
        Class::Rank => {
            if e.kind != "person" {
                return None;
            }
            format!("{} {name}", rng.pick(RANKS)?)
        }
        Class::Typo => typo(name, rng)?,
    };
    (normalize_name(&out) != normalize_name(name)).then_some(out)
}

/// Joins or splits one compound: a hyphen between words becomes a space (or nothing, between
/// lower-case words and after a one- or two-letter prefix), a word starting with a compound
/// head is split, or a head written apart is joined.
fn compound(name: &str, rng: &mut Rng) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut options: Vec<String> = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if *c != '-' || i == 0 || i + 1 >= chars.len() {
            continue;
        }
        let (before, after) = (chars[i - 1], chars[i + 1]);
        if !(before.is_alphanumeric() && after.is_alphanumeric()) {
            continue;
        }
        let left: String = chars[..i].iter().collect();
        let right: String = chars[i + 1..].iter().collect();
        let prefix_len = left.split(' ').next_back().map_or(0, |w| w.chars().count());
        options.push(format!("{left} {right}"));
        if after.is_lowercase() || prefix_len <= 2 {
            options.push(format!(
                "{left}{}",
                right
                    .to_lowercase()
                    .chars()
                    .take(1)
                    .chain(right.chars().skip(1))
                    .collect::<String>()
            ));
        }
    }
    let words: Vec<&str> = name.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        let lower = w.to_lowercase();
        for head in COMPOUND_HEADS {
            if lower.len() > head.len() + 3
                && lower.starts_with(head)
                && lower.chars().all(char::is_alphabetic)
            {
                let rest = &w[head.len()..];
                let mut parts = words.clone();
                let split = format!("{} {}", &w[..head.len()], like(&w[..1], rest));
                parts[i] = &split;
                options.push(parts.join(" "));
            }
            if lower == *head
                && let Some(next) = words.get(i + 1)
                && next.chars().all(char::is_alphabetic)
                && next.len() > 3
            {
                let joined = format!("{w}{}", next.to_lowercase());
                let mut parts: Vec<String> = words.iter().map(|s| (*s).to_owned()).collect();
                parts[i] = joined;
                parts.remove(i + 1);
                options.push(parts.join(" "));
            }
        }
    }
    rng.pick(&options).cloned()
}

/// Whether `s` is the name of a country of the corpus (read from its files).
fn is_country(s: &str) -> bool {
    COUNTRIES.with(|c| c.borrow().iter().any(|n| n == s))
}

thread_local! {
    /// The names of the corpus's countries, set by [`run`].
    static COUNTRIES: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The qualifier written another way.
fn qualifier(name: &str) -> Option<String> {
    // "X of C" → "X (C)" for a country C.
    if let Some(i) = name.rfind(" of ") {
        let tail = &name[i + 4..];
        if is_country(tail) {
            return Some(format!("{} ({tail})", &name[..i]));
        }
    }
    if let (Some(open), true) = (name.rfind(" ("), name.ends_with(')')) {
        let inner = &name[open + 2..name.len() - 1];
        let head = &name[..open];
        if inner.chars().any(|c| c.is_ascii_digit()) {
            return Some(format!("{head}, {inner}"));
        }
        // A parenthetical without a date is left out.
        return Some(head.to_owned());
    }
    if let Some(i) = name.rfind(", ") {
        return Some(format!("{} ({})", &name[..i], &name[i + 2..]));
    }
    None
}

/// The two sides of a hyphenated pair swapped ("Cohen-Altynbayev meeting" → "Altynbayev-Cohen
/// talks"), or "A of B" as "B A".
fn word_order(name: &str, rng: &mut Rng) -> Option<String> {
    // " - " between phrases first, then a hyphen between two capitalised words.
    if let Some(i) = name.find(" - ") {
        let left = &name[..i];
        let right_all = &name[i + 3..];
        // The right side runs to the next lower-case word that is not a proper noun's.
        let words: Vec<&str> = right_all.split(' ').collect();
        let n = words
            .iter()
            .position(|w| w.chars().next().is_some_and(char::is_lowercase))
            .unwrap_or(words.len());
        let right = words[..n].join(" ");
        let rest = words[n..].join(" ");
        let sep = if rest.is_empty() { "" } else { " " };
        return Some(swap_noun(&format!("{right} - {left}{sep}{rest}"), rng));
    }
    let words: Vec<&str> = name.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        if let Some((a, b)) = w.split_once('-')
            && a.chars().next().is_some_and(char::is_uppercase)
            && b.chars().next().is_some_and(char::is_uppercase)
            && !b.contains('-')
            // Two names of three letters or more ("Al-Kut" is one name).
            && a.chars().count() >= 3
            && b.chars().count() >= 3
            && a.chars().all(char::is_alphabetic)
            && b.chars().all(char::is_alphabetic)
        {
            let mut parts: Vec<String> = words.iter().map(|s| (*s).to_owned()).collect();
            parts[i] = format!("{b}-{a}");
            return Some(swap_noun(&parts.join(" "), rng));
        }
    }
    if let Some(i) = name.rfind(" of ")
        && !name.contains('(')
    {
        let (a, b) = (&name[..i], &name[i + 4..]);
        if is_country(b) {
            return Some(format!("{b} {a}"));
        }
    }
    None
}

/// "meeting" and "talks" are said of the same meeting.
fn swap_noun(name: &str, rng: &mut Rng) -> String {
    if rng.below(2) == 0 {
        return name.to_owned();
    }
    map_words(name, |w| match w {
        "meeting" => "talks".to_owned(),
        "talks" => "meeting".to_owned(),
        _ => w.to_owned(),
    })
}

/// An acronym of the table for its expansion (or back), else the initials of a run of three
/// or more capitalised words (function words between them add nothing).
fn acronym(name: &str) -> Option<String> {
    for (short, long) in ACRONYMS {
        // Either spelling of the expansion ("Ministry of Defense").
        let other = map_words(long, |w| respell(w).unwrap_or_else(|| w.to_owned()));
        for long in [long.to_string(), other] {
            if let Some(i) = find_ci(name, &long) {
                return Some(format!("{}{short}{}", &name[..i], &name[i + long.len()..]));
            }
        }
    }
    let words: Vec<&str> = name.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        let bare: String = w.chars().filter(|c| c.is_alphabetic()).collect();
        if let Some((short, long)) = ACRONYMS.iter().find(|(s, _)| *s == bare) {
            let mut parts: Vec<String> = words.iter().map(|s| (*s).to_owned()).collect();
            parts[i] = w.replace(short, long);
            return Some(parts.join(" "));
        }
    }
    // The longest run of capitalised words, function words inside allowed.
    // A country's name is not part of an acronym ("MFA of Kazakhstan").
    let cap = |w: &str| {
        !FUNCTION_WORDS.contains(&w.to_lowercase().as_str())
            && w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(char::is_alphabetic)
            && w.chars().skip(1).any(char::is_lowercase)
            && !is_country(w)
    };
    let mut best: Option<(usize, usize, usize)> = None; // (start, end, capitalised words)
    let mut i = 0;
    while i < words.len() {
        if cap(words[i]) {
            let mut j = i;
            let mut n = 0;
            let mut end = i;
            while j < words.len() && (cap(words[j]) || FUNCTION_WORDS.contains(&words[j])) {
                if cap(words[j]) {
                    n += 1;
                    end = j + 1;
                }
                j += 1;
            }
            if n >= 3 && best.is_none_or(|b| n > b.2) {
                best = Some((i, end, n));
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    let (start, end, _) = best?;
    let initials: String = words[start..end]
        .iter()
        .filter(|w| cap(w))
        .filter_map(|w| w.chars().next())
        .collect();
    let mut parts: Vec<String> = words[..start].iter().map(|s| (*s).to_owned()).collect();
    parts.push(initials);
    parts.extend(words[end..].iter().map(|s| (*s).to_owned()));
    Some(parts.join(" "))
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.to_lowercase();
    let n = needle.to_lowercase();
    // ASCII needles only: byte offsets agree between the two strings.
    if h.len() != hay.len() {
        return None;
    }
    let i = h.find(&n)?;
    let before_ok = i == 0 || !h.as_bytes()[i - 1].is_ascii_alphanumeric();
    let after = i + n.len();
    let after_ok = after >= h.len() || !h.as_bytes()[after].is_ascii_alphanumeric();
    (before_ok && after_ok).then_some(i)
}

/// One typo in a word of five letters or more: a letter replaced by a neighbour on the
/// keyboard, dropped or doubled, or two adjacent letters swapped.
fn typo(name: &str, rng: &mut Rng) -> Option<String> {
    const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
    let words: Vec<&str> = name.split(' ').collect();
    let eligible: Vec<usize> = (0..words.len())
        .filter(|i| {
            let w = words[*i];
            w.chars().count() >= 5 && w.chars().all(|c| c.is_ascii_alphabetic())
        })
        .collect();
    let &i = rng.pick(&eligible)?;
    let mut chars: Vec<char> = words[i].chars().collect();
    // Not the first letter: readers and coders rarely get that one wrong.
    let at = 1 + rng.below(chars.len() - 1);
    match rng.below(4) {
        0 => {
            let c = chars[at].to_ascii_lowercase();
            let row = ROWS.iter().find(|r| r.contains(c))?;
            let pos = row.find(c)?;
            let near: Vec<char> = row
                .chars()
                .enumerate()
                .filter(|(j, _)| j.abs_diff(pos) == 1)
                .map(|(_, c)| c)
                .collect();
            chars[at] = *rng.pick(&near)?;
        }
        1 => {
            chars.remove(at);
        }
        2 => {
            let c = chars[at];
            chars.insert(at, c);
        }
        _ => {
            if at + 1 < chars.len() {
                chars.swap(at, at + 1);
            } else {
                chars.swap(at - 1, at);
            }
        }
    }
    let mut parts: Vec<String> = words.iter().map(|s| (*s).to_owned()).collect();
    parts[i] = chars.into_iter().collect();
    Some(parts.join(" "))
}

/// The variant of `e` that must stay apart: (name, kind), or `None` when the class does not
/// apply.
fn negate(
    e: &Source,
    class: Negative,
    persons: &[Source],
    rng: &mut Rng,
) -> Option<(String, String)> {
    let name = e.name.as_str();
    match class {
        Negative::Edition => {
            // Change the first number: years by 1 to 3, other numbers by 1.
            let mut out = String::new();
            let mut digits = String::new();
            let mut done = false;
            let flush = |digits: &mut String, out: &mut String, done: &mut bool, rng: &mut Rng| {
                if digits.is_empty() {
                    return;
                }
                if *done {
                    out.push_str(digits);
                } else if let Ok(n) = digits.parse::<u64>() {
                    let step = if (1900..2100).contains(&n) {
                        1 + rng.below(3) as u64
                    } else {
                        1
                    };
                    out.push_str(&(n + step).to_string());
                    *done = true;
                } else {
                    out.push_str(digits);
                }
                digits.clear();
            };
            // Editions and plans are numbered in the name, not in a qualifier (a URL's digits).
            let mut depth = 0usize;
            for c in name.chars() {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                if c.is_ascii_digit() && depth == 0 {
                    digits.push(c);
                } else {
                    flush(&mut digits, &mut out, &mut done, rng);
                    out.push(c);
                }
            }
            flush(&mut digits, &mut out, &mut done, rng);
            done.then(|| (out, e.kind.clone()))
        }
        Negative::OtherKind => {
            const KINDS: [&str; 5] = ["person", "place", "source", "event", "programme"];
            let others: Vec<&str> = KINDS.iter().copied().filter(|k| *k != e.kind).collect();
            Some((name.to_owned(), (*rng.pick(&others)?).to_owned()))
        }
        Negative::PersonNamesake => {
            if e.kind != "person" || is_cyrillic(name) {
                return None;
            }
            let words: Vec<&str> = name.split(' ').collect();
            if words.len() < 2 {
                return None;
            }
            let first = words[0];
            let givens: Vec<&str> = persons
                .iter()
                .filter(|p| !is_cyrillic(&p.name))
                .filter_map(|p| p.name.split(' ').next())
                .filter(|g| g.len() > 2 && !g.ends_with('.') && !g.eq_ignore_ascii_case(first))
                .collect();
            let other = rng.pick(&givens)?;
            Some((format!("{other} {}", words[1..].join(" ")), e.kind.clone()))
        }
        Negative::Neighbour => {
            let (country, adjective) = *rng.pick(NEIGHBOURS)?;
            let mut changed = false;
            let out = map_words(name, |w| match w {
                "Kazakhstan" => {
                    changed = true;
                    country.to_owned()
                }
                "Kazakh" | "Kazakhstani" => {
                    changed = true;
                    adjective.to_owned()
                }
                _ => w.to_owned(),
            });
            changed.then(|| (out, e.kind.clone()))
        }
        Negative::Counterpart => {
            if !matches!(e.kind.as_str(), "event" | "state_body" | "agreement") {
                return None;
            }
            let mut changed = false;
            let out = map_words(name, |w| match COUNTERPARTS.iter().find(|(a, _)| *a == w) {
                Some((_, b)) if !changed => {
                    changed = true;
                    (*b).to_owned()
                }
                _ => w.to_owned(),
            });
            changed.then(|| (out, e.kind.clone()))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Recoding a file

/// What a case expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// Merged into the entity that has (or merged) this key in the corpus.
    Same(String),
    /// Kept apart from every existing entity.
    Apart,
}

/// One recoded entity.
#[derive(Debug, Clone)]
pub struct Case {
    pub key: String,
    pub original: String,
    pub variant: String,
    pub expect: Expect,
    /// For a negative, the key of the entity it was made from.
    pub origin: Option<String>,
}

/// One recoded report file: its JSON, its cases, and the variants skipped because another
/// entity of the kind carries the name.
#[derive(Debug, Clone)]
pub struct Recoded {
    pub file: String,
    pub json: String,
    pub cases: Vec<Case>,
    pub skipped: usize,
}

/// The names (folded) of the corpus, by kind, with the keys of their entities.
pub struct CorpusNames {
    by_kind: HashMap<(String, String), Vec<String>>,
}

impl CorpusNames {
    pub fn of(g: &KnowledgeGraph) -> CorpusNames {
        let mut by_kind: HashMap<(String, String), Vec<String>> = HashMap::new();
        for e in g.entities() {
            for n in e.entity().names() {
                by_kind
                    .entry((e.kind().to_string(), normalize_name(n)))
                    .or_default()
                    .push(e.key().to_owned());
            }
        }
        CorpusNames { by_kind }
    }

    /// The keys of the entities of `kind` carrying `name` (folded).
    fn holders(&self, kind: &str, name: &str) -> &[String] {
        self.by_kind
            .get(&(kind.to_owned(), normalize_name(name)))
            .map_or(&[], Vec::as_slice)
    }
}

fn sources_of(doc: &Value) -> Vec<Source> {
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    doc.get("entities")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|e| Source {
                    key: str_of(e, "id"),
                    kind: str_of(e, "kind"),
                    name: str_of(e, "name"),
                    aliases: e
                        .get("aliases")
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Recodes one report file under a positive class: new keys everywhere (entities and
/// reports), aliases and merge records dropped, names varied. `corpus` is the merged corpus
/// the file will be merged into (for the ground truth and the skip rule).
pub fn recode(
    file: &str,
    text: &str,
    class: Class,
    seed: u64,
    corpus: &KnowledgeGraph,
    names: &CorpusNames,
) -> Recoded {
    let mut doc: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let sources = sources_of(&doc);
    let tag = format!("{class:?}").to_lowercase();
    let mut keys: HashMap<String, String> = HashMap::new();
    let mut new_names: HashMap<String, String> = HashMap::new();
    let mut cases = Vec::new();
    let mut skipped = 0;
    for (n, e) in sources.iter().enumerate() {
        let new_key = format!("x_{tag}_{}_{n}", file.split('-').next().unwrap_or("f"));
        keys.insert(e.key.clone(), new_key.clone());
        let mut rng = Rng::new(mix(seed, &[file, &tag, &e.key]));
        let variant = if class == Class::All {
            let mut cur = e.clone();
            let mut script_done = false;
            for c in Class::POSITIVE {
                if matches!(c, Class::Rekeyed | Class::All) {
                    continue;
                }
                // The script classes rewrite the whole name from its Cyrillic form: one of
                // them at most.
                if matches!(
                    c,
                    Class::Transliteration | Class::Cyrillic | Class::CaseEnding
                ) && script_done
                {
                    continue;
                }
                if let Some(v) = vary(&cur, c, &mut rng) {
                    // Each class applies with even odds, so that "all" mixes them.
                    if rng.below(2) == 0 {
                        cur.name = v;
                        script_done |= matches!(
                            c,
                            Class::Transliteration | Class::Cyrillic | Class::CaseEnding
                        );
                    }
                }
            }
            (normalize_name(&cur.name) != normalize_name(&e.name)).then_some(cur.name)
        } else {
            vary(e, class, &mut rng)
        };
        let name = match (class, variant) {
            (Class::Rekeyed, _) => e.name.clone(),
            (_, Some(v)) => v,
            (_, None) => e.name.clone(),
        };
        let counted = class == Class::Rekeyed || name != e.name;
        let original_id = corpus.get(&e.key).ok().map(|r| r.id());
        let others = names
            .holders(&e.kind, &name)
            .iter()
            .any(|k| corpus.get(k).ok().map(|r| r.id()) != original_id);
        if counted && others {
            skipped += 1;
        } else if counted {
            cases.push(Case {
                key: new_key.clone(),
                original: e.name.clone(),
                variant: name.clone(),
                expect: Expect::Same(e.key.clone()),
                origin: None,
            });
        }
        new_names.insert(e.key.clone(), name);
    }
    rewrite(&mut doc, &keys, &new_names, &tag);
    Recoded {
        file: file.to_owned(),
        json: ordered(&doc),
        cases,
        skipped,
    }
}

/// A file of the entities of `text` that `class` applies to, renamed (and for
/// [`Negative::OtherKind`] re-kinded) to stay apart; no facts.
pub fn recode_negative(
    file: &str,
    text: &str,
    class: Negative,
    seed: u64,
    names: &CorpusNames,
    persons: &[Source],
) -> Recoded {
    let doc: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let sources = sources_of(&doc);
    let tag = format!("{class:?}").to_lowercase();
    let mut entities = Vec::new();
    let mut cases = Vec::new();
    let mut skipped = 0;
    for (n, e) in sources.iter().enumerate() {
        let mut rng = Rng::new(mix(seed, &[file, &tag, &e.key]));
        let Some((name, kind)) = negate(e, class, persons, &mut rng) else {
            continue;
        };
        if !names.holders(&kind, &name).is_empty() {
            skipped += 1;
            continue;
        }
        let key = format!("n_{tag}_{}_{n}", file.split('-').next().unwrap_or("f"));
        entities.push(serde_json::json!({"id": key, "kind": kind, "name": name}));
        cases.push(Case {
            key,
            original: e.name.clone(),
            variant: name,
            expect: Expect::Apart,
            origin: Some(e.key.clone()),
        });
    }
    let doc = serde_json::json!({"factgraph": 2, "entities": entities, "facts": []});
    Recoded {
        file: file.to_owned(),
        json: serde_json::to_string(&doc).unwrap_or_default(),
        cases,
        skipped,
    }
}

/// The document with its parts in the order the format wants them (`serde_json` sorts an
/// object's keys): reports, then entities, then facts.
fn ordered(doc: &Value) -> String {
    let part = |k: &str| doc.get(k).map_or("[]".to_owned(), |v| v.to_string());
    format!(
        "{{\"factgraph\": 2, \"reports\": {}, \"entities\": {}, \"facts\": {}}}",
        part("reports"),
        part("entities"),
        part("facts")
    )
}

/// Every person of the corpus files (for namesakes).
pub fn persons(files: &[(&str, &str)]) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for (_, text) in files {
        let doc: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        out.extend(sources_of(&doc).into_iter().filter(|s| s.kind == "person"));
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out.dedup_by(|a, b| a.key == b.key);
    out
}

/// New keys for every entity and report reference of a report file; names replaced,
/// aliases, notes and merge records dropped.
fn rewrite(
    doc: &mut Value,
    keys: &HashMap<String, String>,
    names: &HashMap<String, String>,
    tag: &str,
) {
    let swap = |v: &mut Value, keys: &HashMap<String, String>| {
        if let Some(new) = v.as_str().and_then(|s| keys.get(s)) {
            *v = Value::String(new.clone());
        }
    };
    let mut reports: HashMap<String, String> = HashMap::new();
    if let Some(list) = doc.get_mut("reports").and_then(Value::as_array_mut) {
        for (i, r) in list.iter_mut().enumerate() {
            if let Some(id) = r.get("id").and_then(Value::as_str) {
                reports.insert(id.to_owned(), format!("r_{tag}_{i}_{id}"));
            }
            if let Some(v) = r.get_mut("id") {
                swap(v, &reports);
            }
            if let Some(v) = r.get_mut("outlet") {
                swap(v, keys);
            }
        }
    }
    if let Some(list) = doc.get_mut("entities").and_then(Value::as_array_mut) {
        for e in list.iter_mut() {
            let Some(obj) = e.as_object_mut() else {
                continue;
            };
            let old = obj
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            if let Some(n) = names.get(&old) {
                obj.insert("name".into(), Value::String(n.clone()));
            }
            obj.remove("aliases");
            obj.remove("note");
            obj.remove("merged_ids");
            if let Some(v) = obj.get_mut("id") {
                swap(v, keys);
            }
        }
    }
    if let Some(list) = doc.get_mut("facts").and_then(Value::as_array_mut) {
        for f in list.iter_mut() {
            for field in ["subject", "object", "place", "recipient"] {
                if let Some(v) = f.get_mut(field) {
                    swap(v, keys);
                }
            }
            if let Some(sources) = f.get_mut("sources").and_then(Value::as_array_mut) {
                for s in sources.iter_mut() {
                    for field in ["source", "speaker"] {
                        if let Some(v) = s.get_mut(field) {
                            swap(v, keys);
                        }
                    }
                    if let Some(v) = s.get_mut("report") {
                        swap(v, &reports);
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Scoring

/// The counts of one class.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub class: String,
    /// Variants merged into the corpus and judged.
    pub cases: usize,
    /// Merged into the right entity (positives) or kept apart (negatives).
    pub right: usize,
    /// Added although the original exists, with no near match naming it.
    pub silent: usize,
    /// Added although the original exists, with a near match (or ambiguity) naming it.
    pub flagged: usize,
    /// Merged into another entity (positives), or into the one it was made from
    /// (negatives).
    pub wrong: usize,
    /// Negatives merged into an entity other than the one they were made from.
    pub elsewhere: usize,
    /// Added with at least one near match listed.
    pub near: usize,
    /// Variants skipped: another entity of the kind carries the name.
    pub skipped: usize,
    /// Total time in `KnowledgeGraph::merge`.
    pub merge_time: Duration,
    /// Merges that failed (each case of the file counts as wrong).
    pub errors: usize,
    /// Examples of failures, for the reader: (class, original, variant, outcome).
    pub failures: Vec<String>,
}

/// Merges each recoded file into a copy of `corpus` and judges its cases.
pub fn judge(class: &str, corpus: &KnowledgeGraph, files: &[Recoded]) -> Row {
    let mut row = Row {
        class: class.to_owned(),
        ..Row::default()
    };
    let before = corpus.entities().len();
    let policy = MergePolicy::new();
    for f in files {
        row.skipped += f.skipped;
        if f.cases.is_empty() {
            continue;
        }
        let incoming = match KnowledgeGraph::from_json(&f.json) {
            Ok(g) => g,
            Err(e) => {
                row.errors += 1;
                row.cases += f.cases.len();
                row.wrong += f.cases.len();
                row.failures.push(format!("{}: {e}", f.file));
                continue;
            }
        };
        let mut g = corpus.clone();
        let start = Instant::now();
        let report = g.merge(&incoming, &policy);
        row.merge_time += start.elapsed();
        let report = match report {
            Ok(r) => r,
            Err(e) => {
                row.errors += 1;
                row.cases += f.cases.len();
                row.wrong += f.cases.len();
                row.failures.push(format!("{}: {e}", f.file));
                continue;
            }
        };
        let near: BTreeMap<&str, Vec<&str>> = report
            .entities
            .iter()
            .filter_map(|d| match d {
                EntityDecision::Added { key, near, .. } => {
                    Some((key.as_str(), near.iter().map(|n| n.key.as_str()).collect()))
                }
                _ => None,
            })
            .collect();
        for c in &f.cases {
            row.cases += 1;
            let Ok(got) = g.get(&c.key) else {
                row.wrong += 1;
                continue;
            };
            let added = got.id().index() >= before;
            let listed = near.get(c.key.as_str()).cloned().unwrap_or_default();
            if added && !listed.is_empty() {
                row.near += 1;
            }
            let outcome = match &c.expect {
                Expect::Same(orig) => {
                    let want = corpus.get(orig).ok().map(|r| r.id());
                    if Some(got.id()) == want {
                        row.right += 1;
                        None
                    } else if added {
                        let named = listed
                            .iter()
                            .any(|k| corpus.get(k).ok().map(|r| r.id()) == want);
                        if named {
                            row.flagged += 1;
                            Some("added, flagged")
                        } else {
                            row.silent += 1;
                            Some("added")
                        }
                    } else {
                        row.wrong += 1;
                        Some("WRONG MERGE")
                    }
                }
                Expect::Apart => {
                    let origin = c
                        .origin
                        .as_deref()
                        .and_then(|k| corpus.get(k).ok())
                        .map(|r| r.id());
                    if added {
                        row.right += 1;
                        None
                    } else if Some(got.id()) == origin {
                        row.wrong += 1;
                        Some("WRONG MERGE")
                    } else {
                        // Another entity than the one the variant was made from: the rule
                        // may have written that entity's name in other words ("Land" →
                        // "Air" gives the Air Force); listed for the reader to judge.
                        row.elsewhere += 1;
                        Some("merged elsewhere")
                    }
                }
            };
            if let Some(o) = outcome {
                let into = if added {
                    String::new()
                } else {
                    format!(" into {:?}", got.name())
                };
                row.failures
                    .push(format!("{o}{into}: {:?} as {:?}", c.original, c.variant));
            }
        }
    }
    row
}

/// The benchmark's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub seed: u64,
    /// Every `stride`-th report file (1: all).
    pub stride: usize,
}

/// Every class over the corpus's report files: one row per class, the negatives after.
pub fn run(corpus: &KnowledgeGraph, files: &[(&str, &str)], config: &Config) -> Vec<Row> {
    let names = CorpusNames::of(corpus);
    let people = persons(files);
    set_countries(corpus);
    let chosen: Vec<(&str, &str)> = files
        .iter()
        .step_by(config.stride.max(1))
        .copied()
        .collect();
    let mut rows = Vec::new();
    for class in Class::POSITIVE {
        let recoded: Vec<Recoded> = chosen
            .iter()
            .map(|(f, t)| recode(f, t, class, config.seed, corpus, &names))
            .collect();
        rows.push(judge(class.name(), corpus, &recoded));
    }
    for class in Negative::ALL {
        let recoded: Vec<Recoded> = chosen
            .iter()
            .map(|(f, t)| recode_negative(f, t, class, config.seed, &names, &people))
            .collect();
        rows.push(judge(class.name(), corpus, &recoded));
    }
    rows
}

/// Reads the corpus's country names for the qualifier and word-order rules.
pub fn set_countries(corpus: &KnowledgeGraph) {
    let names: Vec<String> = corpus
        .entities()
        .filter(|e| e.kind() == factgraph::EntityKind::Country)
        .flat_map(|e| e.entity().names().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    COUNTRIES.with(|c| *c.borrow_mut() = names);
}

/// The time to merge every recoded file of the "all together" class, one after another,
/// into one copy of the corpus: a corpus's worth of independently coded reports.
pub fn sequential_merge_time(
    corpus: &KnowledgeGraph,
    files: &[(&str, &str)],
    config: &Config,
) -> (Duration, usize) {
    let names = CorpusNames::of(corpus);
    set_countries(corpus);
    let incoming: Vec<KnowledgeGraph> = files
        .iter()
        .step_by(config.stride.max(1))
        .map(|(f, t)| recode(f, t, Class::All, config.seed, corpus, &names))
        .filter_map(|r| KnowledgeGraph::from_json(&r.json).ok())
        .collect();
    let mut g = corpus.clone();
    let policy = MergePolicy::new();
    let start = Instant::now();
    let mut merged = 0;
    for other in &incoming {
        if g.merge(other, &policy).is_ok() {
            merged += 1;
        }
    }
    (start.elapsed(), merged)
}

/// The table, in Markdown.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| class | cases | right | silent dup. | flagged dup. | wrong merges | neg. merged elsewhere | near listed | skipped | merge ms |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    let mut total = Row {
        class: "**total**".into(),
        ..Row::default()
    };
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} |\n",
            r.class,
            r.cases,
            r.right,
            r.silent,
            r.flagged,
            r.wrong,
            r.elsewhere,
            r.near,
            r.skipped,
            r.merge_time.as_secs_f64() * 1e3
        ));
        total.cases += r.cases;
        total.right += r.right;
        total.silent += r.silent;
        total.flagged += r.flagged;
        total.wrong += r.wrong;
        total.elsewhere += r.elsewhere;
        total.near += r.near;
        total.skipped += r.skipped;
        total.merge_time += r.merge_time;
    }
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} |\n",
        total.class,
        total.cases,
        total.right,
        total.silent,
        total.flagged,
        total.wrong,
        total.elsewhere,
        total.near,
        total.skipped,
        total.merge_time.as_secs_f64() * 1e3
    ));
    out
}

/// Silent duplicates over every positive case, and wrong merges over every case.
pub fn totals(rows: &[Row]) -> (usize, usize, usize, usize) {
    let positives: Vec<&Row> = rows
        .iter()
        .filter(|r| !r.class.starts_with("NEG"))
        .collect();
    let cases: usize = positives.iter().map(|r| r.cases).sum();
    let silent: usize = positives.iter().map(|r| r.silent).sum();
    let dup: usize = positives.iter().map(|r| r.silent + r.flagged).sum();
    let wrong: usize = rows.iter().map(|r| r.wrong).sum();
    (cases, silent, dup, wrong)
}
