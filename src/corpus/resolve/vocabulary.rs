//! The fixed word lists of entity resolution: words that do not tell names apart, generic
//! words of each kind, titles, ordinals and the short table of well-known acronyms. All are
//! in folded, American-spelled form (see [`fold_words`](crate::store::names::fold_words)).

use crate::model::kind::EntityKind;

/// Words that carry no identity in any name.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "s",
];

/// Titles, ranks and honorifics dropped from people's names before comparing them (a name
/// of only such words keeps them).
pub(crate) const TITLES: &[&str] = &[
    "adm",
    "admiral",
    "affairs",
    "amb",
    "ambassador",
    "army",
    "brig",
    "brigadier",
    "capt",
    "captain",
    "chairman",
    "chief",
    "cmdr",
    "col",
    "colonel",
    "commander",
    "defense",
    "deputy",
    "dr",
    "foreign",
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
    "president",
    "prime",
    "prof",
    "rear",
    "secretary",
    "sen",
    "senator",
    "sergeant",
    "sgt",
    "staff",
    "vice",
];

/// Words a report adds to or leaves out of a name of this kind without naming another
/// thing ("Partnership for Peace Program", "Steppe Eagle exercise", "the Republic of
/// Kazakhstan"). Words that do tell things apart are not here: "region" (Almaty, Almaty
/// region), "ceremony", "press".
pub(crate) fn generic_words(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Programme => &["program", "programs", "initiative", "initiatives"],
        EntityKind::Exercise => &["exercise", "exercises", "drill", "drills"],
        EntityKind::StateBody => &["forces"],
        EntityKind::Source => &["news", "agency", "newspaper", "website"],
        EntityKind::Organisation => &["organization"],
        EntityKind::Agreement => &["agreement"],
        EntityKind::Event => &["meeting", "meetings", "talks"],
        EntityKind::Country => &["republic"],
        _ => &[],
    }
}

/// Ordinal words, read as numbers: "first cycle" and "second cycle" are different things.
pub(crate) const ORDINALS: &[(&str, &str)] = &[
    ("first", "1"),
    ("second", "2"),
    ("third", "3"),
    ("fourth", "4"),
    ("fifth", "5"),
    ("sixth", "6"),
    ("seventh", "7"),
    ("eighth", "8"),
    ("ninth", "9"),
    ("tenth", "10"),
];

/// Endings of patronymics ("Abishevich", "Ivanovna", "Nazarbayuly"): a middle name a
/// report may leave out.
pub(crate) const PATRONYMIC_ENDINGS: &[&str] = &["vic", "vna", "uly", "kyzy", "kizi"];

/// Russian case endings of people's names in their folded, skeleton form, longest first
/// (genitive Алтынбаева, dative Алтынбаеву, instrumental Алтынбаевым, prepositional
/// Алтынбаеве; Мухтара, Мухтаром; Нартая, Нартаем).
pub(crate) const CASE_ENDINGS: &[&str] = &[
    "ym", "om", "em", "oi", "ei", "ia", "iu", "a", "u", "e", "y", "i",
];

/// Well-known acronyms (folded) and the words of their expansions. Other acronyms match by
/// the initials of the expansion's words (see the module documentation).
pub(crate) const ACRONYMS: &[(&str, &[&str])] = &[
    ("mod", &["ministry", "defense"]),
    ("dod", &["department", "defense"]),
    ("centcom", &["central", "command"]),
    ("pfp", &["partnership", "peace"]),
    ("nato", &["north", "atlantic", "treaty", "organization"]),
    (
        "csto",
        &["collective", "security", "treaty", "organization"],
    ),
    ("sco", &["shanghai", "cooperation", "organization"]),
    ("us", &["united", "states"]),
    ("usa", &["united", "states"]),
    ("uk", &["united", "kingdom"]),
    ("un", &["united", "nations"]),
    ("eu", &["european", "union"]),
];
