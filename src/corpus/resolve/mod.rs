//! Entity resolution: how alike two names are, across scripts, spellings, word orders,
//! qualifiers and acronyms.
//!
//! # Folding
//! A name is split into words and each word folded as every name comparison in the crate
//! folds it (`match_words` in `store/names.rs`: case, diacritics, invisible
//! characters, Cyrillic transliterated, `U.S.` → `us`, American spelling, then a
//! *skeleton* that forgets what transliteration systems write differently, so `Altynbayev`,
//! `Altynbaev`, `Alty'nbaev` (GOST) and `Алтынбаев` are one word). Words that identify
//! nothing are dropped: `of`, `the`, ... and, for people, titles and ranks (`Col.-Gen.`,
//! `Defense Minister`). Each word remembers whether it stood in parentheses (a
//! *qualifier*), whether it is a *generic* word of the kind (`Program`, `Forces`,
//! `exercise`, `meeting`: the lists are in `corpus/resolve/vocabulary.rs` and the README)
//! and whether it was written as an acronym
//! (`PfP`, `MoD`, `NATO`). For people, a Russian case ending is also stripped
//! (`Алтынбаева`, `Мухтаром` → the stem of `Altynbayev`, `Mukhtar`).
//!
//! # Score
//! Two names score from 0 (unrelated) to 1 (the same words once folded):
//! - **Numbers** must agree: the numbers (digits, and ordinals such as "first") outside
//!   parentheses are equal, and those inside too unless one name has none there (a date
//!   left out). `Steppe Eagle 2013` and `Steppe Eagle 2014`, plans for 2008–2012 and
//!   2013–2017, first and second cycles score 0.
//! - **Words are paired in any order**, best pairs first: equal words 1.0, equal skeletons
//!   0.95, equal stems (people) 0.92, one edit in a word of five letters or more 0.9, two
//!   edits in a word of ten or more 0.86; shorter words (`US`, `Iraq`/`Iran`) match only
//!   whole. Words written joined on one side and apart on the other are joined first
//!   (`Peacekeeping` / `Peace Keeping`, `Al-Kut` / `Alkut`).
//! - **Every word must find a partner**, except generic words (× 0.97), qualifiers dropped
//!   on one side (× 0.95; qualifiers left unpaired on both sides contradict each other),
//!   and for people middle initials and patronymics (× 0.97). The score is then the lowest
//!   pair's similarity times those factors, so one wrong word (`Kazakhstan` /
//!   `Kyrgyzstan`, `opening` / `closing`) sinks the whole name. A name with a word left
//!   over scores at most 0.6 × the share of its words paired.
//! - **Acronyms**: a word of a short table of well-known ones (MoD, DoD, CENTCOM, PfP, NATO, CSTO,
//!   SCO, US, UK, UN, EU) stands for its expansion; any other acronym of three letters or
//!   more matches a run of words whose initials it spells (`FMF` / `Foreign Military
//!   Financing`), at 0.92.
//! - A person's one-word name is compared with the first and last word of the other (a
//!   surname alone) at 0.95 of that similarity.
//!
//! The score is symmetric: the two names are put in a fixed order before they are paired.
//!
//! # Cost
//! A name keeps at most [`MAX_WORDS`] words (longer names are compared only for
//! equality). Pairing costs one comparison per pair of words; a comparison is a few string
//! equalities, and an edit distance only for words of at most [`MAX_FUZZY_WORD`]
//! characters whose lengths and letters differ by at most two, so no input makes a
//! comparison slow.

pub(crate) mod vocabulary;

use crate::model::kind::EntityKind;
pub(crate) use crate::store::names::skeleton;
pub use crate::store::names::transliterate;
use crate::store::names::{edit_distance, fold_words, is_word_char};
use vocabulary::{
    ACRONYMS, CASE_ENDINGS, ORDINALS, PATRONYMIC_ENDINGS, STOP_WORDS, TITLES, generic_words,
};

/// Words longer than this are compared only for equality, never by edit distance.
pub const MAX_FUZZY_WORD: usize = 40;

/// Names with more words than this are compared only for equality.
pub const MAX_WORDS: usize = 16;

/// Similarity at or above which two words may be paired.
const PAIR_AT: f32 = 0.75;

/// One word of a name, prepared for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Folded, transliterated, American spelling.
    pub(crate) word: String,
    /// The transliteration skeleton of `word`.
    pub(crate) skel: String,
    /// For people, `skel` without a Russian case ending; otherwise `skel`.
    pub(crate) stem: String,
    /// It stood in parentheses.
    pub(crate) qualifier: bool,
    /// A generic word of the kind.
    pub(crate) generic: bool,
    /// Written as an acronym: its letters (the capitals of `PfP`, all of `NATO`).
    pub(crate) acronym: Option<String>,
    /// The lengths in characters of `word`, `skel` and `stem`, and whether `word` has a
    /// digit: read for every pair of words compared.
    lens: [usize; 3],
    number: bool,
}

impl Token {
    fn new(word: String, kind: EntityKind, qualifier: bool, acronym: Option<String>) -> Token {
        let skel = skeleton(&word);
        let stem = if kind == EntityKind::Person {
            strip_case_ending(&skel)
        } else {
            skel.clone()
        };
        let lens = [
            word.chars().count(),
            skel.chars().count(),
            stem.chars().count(),
        ];
        Token {
            number: word.chars().any(|c| c.is_ascii_digit()),
            lens,
            generic: in_list(generic_words(kind), &word),
            word,
            skel,
            stem,
            qualifier,
            acronym,
        }
    }

    fn is_number(&self) -> bool {
        self.number
    }
}

/// Whether `word` is in `list`, or one edit away from a word of six letters or more of it
/// ("Geneeal", "exercsies"): such lists are words a report adds around a name, misspelt as
/// often as the name.
fn in_list(list: &[&str], word: &str) -> bool {
    list.contains(&word)
        || (word.len() >= 6
            && list
                .iter()
                .any(|w| w.len() >= 6 && edit_distance(w, word, 1).is_some()))
}

/// A person's word without a Russian case ending, when a stem of three letters or more
/// remains.
fn strip_case_ending(skel: &str) -> String {
    for ending in CASE_ENDINGS {
        if let Some(stem) = skel.strip_suffix(ending)
            && stem.chars().count() >= 3
        {
            return stem.to_owned();
        }
    }
    skel.to_owned()
}

/// A name prepared for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameForm {
    pub(crate) tokens: Vec<Token>,
    /// Numbers outside and inside parentheses, sorted.
    numbers: (Vec<String>, Vec<String>),
    /// With more words than [`MAX_WORDS`], all its words: compared only for equality.
    long: Option<Vec<String>>,
}

impl NameForm {
    pub(crate) fn new(name: &str, kind: EntityKind) -> NameForm {
        let mut tokens: Vec<Token> = Vec::new();
        let mut depth = 0usize;
        let mut long = false;
        let mut rest = name;
        // Words as written, with the parentheses they stand in.
        while !rest.is_empty() {
            let start = rest.find(is_word_char).unwrap_or(rest.len());
            for c in rest.get(..start).unwrap_or("").chars() {
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            let after = rest.get(start..).unwrap_or("");
            let end = after
                .find(|c: char| !is_word_char(c))
                .unwrap_or(after.len());
            let raw = after.get(..end).unwrap_or("");
            rest = after.get(end..).unwrap_or("");
            if raw.is_empty() {
                continue;
            }
            let words = fold_words(raw);
            let acronym = if words.len() == 1 {
                acronym_letters(raw)
            } else {
                None
            };
            for w in words {
                if STOP_WORDS.contains(&w.as_str()) {
                    continue;
                }
                if tokens.len() == MAX_WORDS {
                    long = true;
                    break;
                }
                // Ordinals are numbers, also misspelt ("furst", "seccond").
                let w = ORDINALS
                    .iter()
                    .find(|(o, _)| {
                        *o == w
                            || (w.len() >= 5 && o.len() >= 5 && edit_distance(o, &w, 1).is_some())
                    })
                    .map_or(w, |(_, n)| (*n).to_owned());
                tokens.push(Token::new(w, kind, depth > 0, acronym.clone()));
            }
            if long {
                break;
            }
        }
        if kind == EntityKind::Person {
            let kept: Vec<Token> = tokens
                .iter()
                .filter(|t| !in_list(TITLES, &t.word))
                .cloned()
                .collect();
            if !kept.is_empty() {
                tokens = kept;
            }
        }
        let mut numbers: (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for t in &tokens {
            let side = if t.qualifier {
                &mut numbers.1
            } else {
                &mut numbers.0
            };
            for run in t.word.split(|c: char| !c.is_ascii_digit()) {
                if !run.is_empty() {
                    let trimmed = run.trim_start_matches('0');
                    side.push(if trimmed.is_empty() { "0" } else { trimmed }.to_owned());
                }
            }
        }
        numbers.0.sort_unstable();
        numbers.1.sort_unstable();
        let long = long.then(|| crate::store::names::match_words(name));
        NameForm {
            tokens,
            numbers,
            long,
        }
    }

    /// The number of words outside parentheses.
    pub(crate) fn core_len(&self) -> usize {
        self.tokens.iter().filter(|t| !t.qualifier).count()
    }

    /// Whether it has no words to compare.
    pub(crate) fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// The letters of a word written as an acronym: two capitals or more, letters only, at most
/// ten; the capitals of a mixed-case one (`PfP` → `pp`, `MoD` → `md`), all of an
/// upper-case one (`NATO` → `nato`).
fn acronym_letters(raw: &str) -> Option<String> {
    let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if upper < 2 || letters.len() > 10 || raw.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let picked: String = if upper == letters.len() {
        letters.iter().collect()
    } else {
        letters.iter().filter(|c| c.is_uppercase()).collect()
    };
    let folded: String = fold_words(&picked).concat();
    (!folded.is_empty()).then_some(folded)
}

/// Similarity of two words in 0..=1.
fn word_similarity(a: &Token, b: &Token, person: bool) -> f32 {
    if a.word == b.word {
        return 1.0;
    }
    // Numbers match only whole.
    if a.is_number() || b.is_number() {
        return 0.0;
    }
    if a.skel == b.skel {
        return 0.95;
    }
    if person && a.stem == b.stem {
        return 0.92;
    }
    // The length that decides how many edits a word may take is the written word's (a
    // skeleton writes "press" as "pres").
    let ([written_a, ..], [written_b, ..]) = (a.lens, b.lens);
    let written = written_a.max(written_b);
    let fuzzy = |part: usize, x: &str, y: &str| {
        let len_of = |t: &Token| t.lens.get(part).copied().unwrap_or(0);
        let (lx, ly) = (len_of(a), len_of(b));
        let len = lx.max(ly).max(written);
        // Short words (initials, "US", "Iraq"/"Iran") match only whole; more than two
        // edits never pair (the lengths tell before the distance is computed).
        if len <= 3 || len > MAX_FUZZY_WORD || lx.abs_diff(ly) > 2 {
            return 0.0;
        }
        match edit_distance(x, y, 2) {
            Some(1) if len >= 5 => 0.9,
            Some(1) => 0.75,
            Some(2) if len >= 10 => 0.86,
            _ => 0.0,
        }
    };
    // The skeletons, and the words as written: a typo can spoil a skeleton's digraphs
    // ("Minitsry": "ts" read as one letter).
    let s: f32 = f32::max(fuzzy(1, &a.skel, &b.skel), fuzzy(0, &a.word, &b.word));
    if person && (a.stem != a.skel || b.stem != b.skel) {
        s.max(fuzzy(2, &a.stem, &b.stem) * 0.98)
    } else {
        s
    }
}

/// Whether a word left without a partner does not make the names different things.
fn ignorable(t: &Token, person: bool) -> Option<f32> {
    if t.generic {
        return Some(0.97);
    }
    if t.qualifier {
        return Some(0.95);
    }
    if person
        && (t.word.chars().count() == 1 || PATRONYMIC_ENDINGS.iter().any(|e| t.skel.ends_with(e)))
    {
        return Some(0.97);
    }
    None
}

/// Joins adjacent words of `a` whose concatenation is a word of `b` ("peace keeping" →
/// "peacekeeping" when `b` writes it joined).
fn join_compounds(a: &[Token], b: &[Token], kind: EntityKind) -> Option<Vec<Token>> {
    let mut out: Vec<Token> = Vec::with_capacity(a.len());
    let mut changed = false;
    let mut i = 0;
    while let Some(t) = a.get(i) {
        if let Some(next) = a.get(i + 1)
            && t.qualifier == next.qualifier
            && !t.is_number()
        {
            // The skeleton of the joined word: the two skeletons, a letter doubled at the
            // seam written once.
            let seam = t
                .skel
                .chars()
                .last()
                .is_some_and(|c| next.skel.starts_with(c));
            let tail = if seam {
                next.skel.get(1..).unwrap_or("")
            } else {
                next.skel.as_str()
            };
            let len = t.skel.len() + tail.len();
            let exact = |x: &Token| {
                x.skel.len() == len && x.skel.starts_with(&t.skel) && x.skel.ends_with(tail)
            };
            // Joined and misspelt ("engineersaoper"): one edit in a long compound.
            let near = |x: &Token| {
                len >= 8
                    && x.skel.len().abs_diff(len) <= 1
                    && edit_distance(&x.skel, &format!("{}{tail}", t.skel), 1).is_some()
            };
            if b.iter().any(|x| exact(x) || near(x)) {
                let word = format!("{}{}", t.word, next.word);
                out.push(Token::new(word, kind, t.qualifier, None));
                changed = true;
                i += 2;
                continue;
            }
        }
        out.push(t.clone());
        i += 1;
    }
    changed.then_some(out)
}

/// Pairs the words of two names (see the module documentation); `a` and `b` in a fixed
/// order so that the result is symmetric.
fn align(a: &[Token], b: &[Token], kind: EntityKind) -> f32 {
    let person = kind == EntityKind::Person;
    let joined_a = join_compounds(a, b, kind);
    let a = joined_a.as_deref().unwrap_or(a);
    let joined_b = join_compounds(b, a, kind);
    let b = joined_b.as_deref().unwrap_or(b);
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    let mut low = 1.0f32;
    let mut paired = 0usize;
    let mut telling = false;
    let mut take = |i: usize, j: usize, s: f32, used_a: &mut [bool], used_b: &mut [bool]| {
        if let (Some(ua), Some(ub)) = (used_a.get_mut(i), used_b.get_mut(j)) {
            *ua = true;
            *ub = true;
        }
        low = low.min(s);
        paired += 1;
        let generic = a.get(i).is_some_and(|t| t.generic) && b.get(j).is_some_and(|t| t.generic);
        telling |= !generic;
    };
    // Best pairs first. Equal words, then equal skeletons, then equal stems are paired in
    // order before any edit distance is computed (the greedy order by similarity, without
    // scoring the pairs of words that are already taken).
    type Same = fn(&Token, &Token) -> bool;
    let stages: [(f32, Same); 3] = [
        (1.0, |x, y| x.word == y.word),
        (0.95, |x, y| {
            x.skel == y.skel && !x.is_number() && !y.is_number()
        }),
        (0.92, |x, y| {
            x.stem == y.stem && !x.is_number() && !y.is_number()
        }),
    ];
    for (stage, (s, same)) in stages.into_iter().enumerate() {
        if stage == 2 && !person {
            break;
        }
        for (i, x) in a.iter().enumerate() {
            if used_a.get(i).copied().unwrap_or(true) {
                continue;
            }
            let found = b
                .iter()
                .enumerate()
                .find(|(j, y)| !used_b.get(*j).copied().unwrap_or(true) && same(x, y));
            if let Some((j, _)) = found {
                take(i, j, s, &mut used_a, &mut used_b);
            }
        }
    }
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (i, x) in a.iter().enumerate() {
        if used_a.get(i).copied().unwrap_or(true) {
            continue;
        }
        for (j, y) in b.iter().enumerate() {
            if used_b.get(j).copied().unwrap_or(true) {
                continue;
            }
            let s = word_similarity(x, y, person);
            if s >= PAIR_AT {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (s, i, j) in pairs {
        let (Some(ua), Some(ub)) = (used_a.get(i), used_b.get(j)) else {
            continue;
        };
        if *ua || *ub {
            continue;
        }
        take(i, j, s, &mut used_a, &mut used_b);
    }
    let mut factor = 1.0f32;
    let mut unpaired = 0usize;
    let mut qualifiers = (false, false);
    for (side, (tokens, used)) in [(a, &used_a), (b, &used_b)].into_iter().enumerate() {
        for (t, u) in tokens.iter().zip(used) {
            if *u {
                continue;
            }
            match ignorable(t, person) {
                Some(f) => {
                    factor = factor.min(f);
                    if t.qualifier && !t.generic {
                        if side == 0 {
                            qualifiers.0 = true;
                        } else {
                            qualifiers.1 = true;
                        }
                    }
                }
                None => unpaired += 1,
            }
        }
    }
    if !telling || paired == 0 {
        return 0.0;
    }
    if unpaired > 0 || (qualifiers.0 && qualifiers.1) {
        // Not the same name; how much of it is shared, for near matches only.
        let extra = unpaired.max(1);
        return 0.6 * low * paired as f32 / (paired + extra) as f32;
    }
    low * factor
}

/// The words of `t` with each well-known acronym replaced by its expansion, or `None` if it
/// has none.
fn expand(t: &[Token], kind: EntityKind) -> Option<Vec<Token>> {
    if !t.iter().any(|x| ACRONYMS.iter().any(|(a, _)| *a == x.word)) {
        return None;
    }
    let mut out = Vec::with_capacity(t.len() + 4);
    for x in t {
        match ACRONYMS.iter().find(|(a, _)| *a == x.word) {
            Some((_, words)) => out.extend(
                words
                    .iter()
                    .map(|w| Token::new((*w).to_owned(), kind, x.qualifier, None)),
            ),
            None => out.push(x.clone()),
        }
    }
    Some(out)
}

/// `b` with a run of words whose initials spell an acronym of `a` replaced by that
/// acronym's word, or `None` if there is no such run.
fn contract(a: &[Token], b: &[Token]) -> Option<Vec<Token>> {
    for t in a {
        let Some(letters) = &t.acronym else { continue };
        let n = letters.chars().count();
        // Two letters are too weak to tell by initials ("ИФ", Interfax, is not "ИА
        // Фергана.Ру"): two-letter acronyms match through the table only.
        if n < 3 || n > b.len() {
            continue;
        }
        for start in 0..=(b.len() - n) {
            let Some(run) = b.get(start..start + n) else {
                continue;
            };
            let initials: String = run.iter().filter_map(|x| x.word.chars().next()).collect();
            if &initials == letters && run.iter().all(|x| x.qualifier == t.qualifier) {
                let mut out: Vec<Token> = b.get(..start).unwrap_or(&[]).to_vec();
                out.push(t.clone());
                out.extend_from_slice(b.get(start + n..).unwrap_or(&[]));
                return Some(out);
            }
        }
    }
    None
}

/// Whether the numbers of two names agree (see the module documentation): all equal
/// (wherever they stand: "(20 July 1998)" and ", 20 July 1998"), or those outside
/// parentheses equal and one name without the other's date in parentheses.
fn numbers_agree(a: &NameForm, b: &NameForm) -> bool {
    if a.numbers.0 == b.numbers.0
        && (a.numbers.1 == b.numbers.1
            || (a.numbers.1.is_empty() && is_date(&b.numbers.1))
            || (b.numbers.1.is_empty() && is_date(&a.numbers.1)))
    {
        return true;
    }
    fn all(f: &NameForm) -> Vec<&str> {
        let mut v: Vec<&str> = f
            .numbers
            .0
            .iter()
            .chain(&f.numbers.1)
            .map(String::as_str)
            .collect();
        v.sort_unstable();
        v
    }
    all(a) == all(b)
}

/// Whether numbers in parentheses read as a date: they include a year. A qualifier that
/// is a date may be left out ("Steppe Eagle 2017 closing ceremony (4 August 2017)"); one
/// that is not ("(first cycle)") names another thing.
fn is_date(numbers: &[String]) -> bool {
    numbers
        .iter()
        .any(|n| n.len() == 4 && n.parse::<u32>().is_ok_and(|y| (1000..3000).contains(&y)))
}

/// The score of two prepared names, in 0..=1 (see the module documentation).
pub(crate) fn score(a: &NameForm, b: &NameForm, kind: EntityKind) -> f32 {
    if a.tokens.is_empty() || b.tokens.is_empty() || !numbers_agree(a, b) {
        return 0.0;
    }
    fn words(f: &NameForm) -> Vec<&str> {
        f.tokens.iter().map(|t| t.word.as_str()).collect()
    }
    if a.long.is_some() || b.long.is_some() {
        return if a.long == b.long { 1.0 } else { 0.0 };
    }
    if words(a) == words(b) {
        return 1.0;
    }
    // A fixed order of the two sides, so that the greedy pairing is symmetric.
    fn key(f: &NameForm) -> Vec<&str> {
        f.tokens.iter().map(|t| t.skel.as_str()).collect()
    }
    let (a, b) = if (key(a), words(a)) <= (key(b), words(b)) {
        (a, b)
    } else {
        (b, a)
    };
    if key(a) == key(b) {
        return 0.95;
    }
    let (x, y) = (a.tokens.as_slice(), b.tokens.as_slice());
    let mut best = align(x, y, kind);
    if best < 1.0 {
        let ex = expand(x, kind);
        let ey = expand(y, kind);
        if ex.is_some() || ey.is_some() {
            let ex = ex.as_deref().unwrap_or(x);
            let ey = ey.as_deref().unwrap_or(y);
            best = best.max(0.97 * align(ex, ey, kind));
        }
    }
    if best < 0.92 {
        if let Some(cy) = contract(x, y) {
            best = best.max(0.92 * align(x, &cy, kind));
        }
        if let Some(cx) = contract(y, x) {
            best = best.max(0.92 * align(&cx, y, kind));
        }
    }
    if kind == EntityKind::Person {
        best = best.max(surname_alone(a, b));
    }
    best.clamp(0.0, 1.0)
}

/// A person's one-word name against the first and last word of a longer one.
fn surname_alone(a: &NameForm, b: &NameForm) -> f32 {
    let (one, many) = match (a.core_len(), b.core_len()) {
        (1, n) if n > 1 => (a, b),
        (n, 1) if n > 1 => (b, a),
        _ => return 0.0,
    };
    let Some(w) = one.tokens.iter().find(|t| !t.qualifier) else {
        return 0.0;
    };
    let core: Vec<&Token> = many.tokens.iter().filter(|t| !t.qualifier).collect();
    [core.first(), core.last()]
        .into_iter()
        .flatten()
        .map(|t| 0.95 * word_similarity(w, t, true))
        .fold(0.0, f32::max)
}

/// How alike two names of entities of `kind` are, from 0 (unrelated) to 1 (the same once
/// folded); see the [module documentation](crate::corpus::resolve) for the rules. The
/// score is symmetric.
///
/// ```
/// use factgraph::EntityKind;
/// use factgraph::corpus::name_similarity;
/// let p = EntityKind::Person;
/// assert_eq!(name_similarity("Алтынбаев", "Altynbaev", p), 1.0);
/// assert!(name_similarity("Altynbayev", "Алтынбаев", p) >= 0.95);
/// assert!(name_similarity("Col.-Gen. Altnybayev", "Altynbayev", p) > 0.85);
/// assert!(name_similarity("Altynbaev", "Mukhtar Altynbayev", p) > 0.85);
/// assert!(name_similarity("Мухтара Алтынбаева", "Mukhtar Altynbayev", p) > 0.85); // genitive
/// assert!(name_similarity("Nurlan Altynbayev", "Mukhtar Altynbayev", p) < 0.7);
/// let b = EntityKind::StateBody;
/// assert!(name_similarity("Ministry of Defence (Kazakhstan)", "Ministry of Defense of Kazakhstan", b) > 0.85);
/// assert!(name_similarity("Kazakh MoD", "Kazakh Ministry of Defence", b) > 0.85);
/// assert!(name_similarity("Ministry of Defense of Kyrgyzstan", "Ministry of Defense of Kazakhstan", b) < 0.7);
/// let e = EntityKind::Event;
/// assert!(name_similarity("Altynbayev-Cohen talks (20 July 1998)", "Cohen-Altynbayev meeting (20 July 1998)", e) > 0.85);
/// let a = EntityKind::Agreement;
/// assert_eq!(name_similarity("Cooperation Plan 2008-2012", "Cooperation Plan 2013-2017", a), 0.0);
/// ```
pub fn name_similarity(a: &str, b: &str, kind: EntityKind) -> f32 {
    score(&NameForm::new(a, kind), &NameForm::new(b, kind), kind)
}

#[cfg(test)]
mod tests;
