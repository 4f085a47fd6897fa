//! The coder's dictionaries: countries and their adjectives, a few well-known bodies,
//! titles and ranks, and the cue words that tell an unknown name's kind.
//!
//! These are small, fixed lists (`const`), not learnt: what they miss, the analyst's graph
//! supplies (its names and aliases are matched first) or the review corrects.

use crate::model::kind::EntityKind;

/// A country: key, name, other names, adjectives ("Kazakhstani", "Kazakh").
pub(crate) type CountryEntry = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

/// Countries the coder knows without a graph.
pub(crate) const COUNTRIES: &[CountryEntry] = &[
    ("afghanistan", "Afghanistan", &[], &["Afghan"]),
    ("armenia", "Armenia", &[], &["Armenian"]),
    ("azerbaijan", "Azerbaijan", &[], &["Azerbaijani", "Azeri"]),
    ("belarus", "Belarus", &[], &["Belarusian"]),
    ("canada", "Canada", &[], &["Canadian"]),
    (
        "china",
        "China",
        &["People's Republic of China", "PRC"],
        &["Chinese"],
    ),
    ("france", "France", &[], &["French"]),
    ("georgia", "Georgia", &[], &["Georgian"]),
    ("germany", "Germany", &[], &["German"]),
    ("india", "India", &[], &["Indian"]),
    ("iran", "Iran", &[], &["Iranian"]),
    ("iraq", "Iraq", &[], &["Iraqi"]),
    ("israel", "Israel", &[], &["Israeli"]),
    ("italy", "Italy", &[], &["Italian"]),
    ("japan", "Japan", &[], &["Japanese"]),
    (
        "kazakhstan",
        "Kazakhstan",
        &["Republic of Kazakhstan"],
        &["Kazakhstani", "Kazakh"],
    ),
    (
        "kyrgyzstan",
        "Kyrgyzstan",
        &["Kyrgyz Republic"],
        &["Kyrgyz"],
    ),
    ("lithuania", "Lithuania", &[], &["Lithuanian"]),
    ("moldova", "Moldova", &[], &["Moldovan"]),
    ("mongolia", "Mongolia", &[], &["Mongolian"]),
    ("netherlands", "Netherlands", &["Holland"], &["Dutch"]),
    ("north_korea", "North Korea", &["DPRK"], &["North Korean"]),
    ("pakistan", "Pakistan", &[], &["Pakistani"]),
    ("poland", "Poland", &[], &["Polish"]),
    ("russia", "Russia", &["Russian Federation"], &["Russian"]),
    ("saudi_arabia", "Saudi Arabia", &[], &["Saudi"]),
    (
        "south_korea",
        "South Korea",
        &["Republic of Korea"],
        &["South Korean"],
    ),
    ("spain", "Spain", &[], &["Spanish"]),
    ("syria", "Syria", &[], &["Syrian"]),
    ("tajikistan", "Tajikistan", &[], &["Tajik"]),
    ("turkey", "Turkey", &["Türkiye"], &["Turkish"]),
    ("turkmenistan", "Turkmenistan", &[], &["Turkmen"]),
    ("ukraine", "Ukraine", &[], &["Ukrainian"]),
    (
        "united_kingdom",
        "United Kingdom",
        &["UK", "U.K.", "Britain", "Great Britain"],
        &["British"],
    ),
    (
        "united_states",
        "United States",
        &[
            "US",
            "U.S.",
            "USA",
            "U.S.A.",
            "United States of America",
            "America",
        ],
        &["American"],
    ),
    ("uzbekistan", "Uzbekistan", &[], &["Uzbek"]),
    ("albania", "Albania", &[], &["Albanian"]),
    ("algeria", "Algeria", &[], &["Algerian"]),
    ("argentina", "Argentina", &[], &["Argentine", "Argentinian"]),
    ("australia", "Australia", &[], &["Australian"]),
    ("austria", "Austria", &[], &["Austrian"]),
    ("bangladesh", "Bangladesh", &[], &["Bangladeshi"]),
    ("belgium", "Belgium", &[], &["Belgian"]),
    (
        "bosnia_and_herzegovina",
        "Bosnia and Herzegovina",
        &["Bosnia"],
        &["Bosnian"],
    ),
    ("brazil", "Brazil", &[], &["Brazilian"]),
    ("bulgaria", "Bulgaria", &[], &["Bulgarian"]),
    ("chile", "Chile", &[], &["Chilean"]),
    ("colombia", "Colombia", &[], &["Colombian"]),
    ("croatia", "Croatia", &[], &["Croatian"]),
    ("cuba", "Cuba", &[], &["Cuban"]),
    ("cyprus", "Cyprus", &[], &["Cypriot"]),
    ("czechia", "Czechia", &["Czech Republic"], &["Czech"]),
    ("denmark", "Denmark", &[], &["Danish"]),
    ("egypt", "Egypt", &[], &["Egyptian"]),
    ("eritrea", "Eritrea", &[], &["Eritrean"]),
    ("estonia", "Estonia", &[], &["Estonian"]),
    ("ethiopia", "Ethiopia", &[], &["Ethiopian"]),
    ("finland", "Finland", &[], &["Finnish"]),
    ("greece", "Greece", &[], &["Greek"]),
    ("hungary", "Hungary", &[], &["Hungarian"]),
    ("indonesia", "Indonesia", &[], &["Indonesian"]),
    ("ireland", "Ireland", &[], &["Irish"]),
    ("jordan", "Jordan", &[], &["Jordanian"]),
    ("kenya", "Kenya", &[], &["Kenyan"]),
    ("kosovo", "Kosovo", &[], &["Kosovar"]),
    ("kuwait", "Kuwait", &[], &["Kuwaiti"]),
    ("latvia", "Latvia", &[], &["Latvian"]),
    ("lebanon", "Lebanon", &[], &["Lebanese"]),
    ("libya", "Libya", &[], &["Libyan"]),
    ("liberia", "Liberia", &[], &["Liberian"]),
    (
        "macedonia",
        "North Macedonia",
        &["Macedonia"],
        &["Macedonian"],
    ),
    ("malaysia", "Malaysia", &[], &["Malaysian"]),
    ("mexico", "Mexico", &[], &["Mexican"]),
    ("morocco", "Morocco", &[], &["Moroccan"]),
    ("mozambique", "Mozambique", &[], &["Mozambican"]),
    ("nigeria", "Nigeria", &[], &["Nigerian"]),
    ("norway", "Norway", &[], &["Norwegian"]),
    ("peru", "Peru", &[], &["Peruvian"]),
    (
        "philippines",
        "Philippines",
        &[],
        &["Philippine", "Filipino"],
    ),
    ("portugal", "Portugal", &[], &["Portuguese"]),
    ("qatar", "Qatar", &[], &["Qatari"]),
    ("romania", "Romania", &[], &["Romanian"]),
    ("rwanda", "Rwanda", &[], &["Rwandan"]),
    ("senegal", "Senegal", &[], &["Senegalese"]),
    ("serbia", "Serbia", &[], &["Serbian"]),
    ("slovakia", "Slovakia", &[], &["Slovak"]),
    ("slovenia", "Slovenia", &[], &["Slovenian"]),
    ("somalia", "Somalia", &[], &["Somali"]),
    ("south_africa", "South Africa", &[], &["South African"]),
    ("sri_lanka", "Sri Lanka", &[], &["Sri Lankan"]),
    ("sudan", "Sudan", &[], &["Sudanese"]),
    ("sweden", "Sweden", &[], &["Swedish"]),
    ("switzerland", "Switzerland", &[], &["Swiss"]),
    ("taiwan", "Taiwan", &[], &["Taiwanese"]),
    ("tanzania", "Tanzania", &[], &["Tanzanian"]),
    ("thailand", "Thailand", &[], &["Thai"]),
    ("tunisia", "Tunisia", &[], &["Tunisian"]),
    ("uganda", "Uganda", &[], &["Ugandan"]),
    (
        "united_arab_emirates",
        "United Arab Emirates",
        &["UAE", "Emirates"],
        &["Emirati"],
    ),
    ("venezuela", "Venezuela", &[], &["Venezuelan"]),
    ("vietnam", "Vietnam", &[], &["Vietnamese"]),
    ("yemen", "Yemen", &[], &["Yemeni"]),
    ("zambia", "Zambia", &[], &["Zambian"]),
    ("zimbabwe", "Zimbabwe", &[], &["Zimbabwean"]),
    ("benin", "Benin", &[], &["Beninese"]),
    ("ghana", "Ghana", &[], &["Ghanaian"]),
    ("mauritania", "Mauritania", &[], &["Mauritanian"]),
    ("gambia", "Gambia", &["The Gambia"], &["Gambian"]),
    ("fiji", "Fiji", &[], &["Fijian"]),
    ("panama", "Panama", &[], &["Panamanian"]),
    (
        "ivory_coast",
        "Ivory Coast",
        &["Côte d'Ivoire"],
        &["Ivorian"],
    ),
    ("new_zealand", "New Zealand", &[], &["New Zealander"]),
    ("bahrain", "Bahrain", &[], &["Bahraini"]),
    ("oman", "Oman", &[], &["Omani"]),
    ("nepal", "Nepal", &[], &["Nepalese"]),
    ("myanmar", "Myanmar", &["Burma"], &["Burmese"]),
];

/// Well-known bodies: key, kind, name, other names.
pub(crate) const BODIES: &[(&str, EntityKind, &str, &[&str])] = &[
    (
        "nato",
        EntityKind::Organisation,
        "NATO",
        &["North Atlantic Treaty Organization"],
    ),
    (
        "united_nations",
        EntityKind::Organisation,
        "United Nations",
        &["UN", "U.N."],
    ),
    (
        "european_union",
        EntityKind::Organisation,
        "European Union",
        &["EU"],
    ),
    (
        "osce",
        EntityKind::Organisation,
        "OSCE",
        &["Organization for Security and Co-operation in Europe"],
    ),
    (
        "csto",
        EntityKind::Organisation,
        "CSTO",
        &["Collective Security Treaty Organization"],
    ),
    (
        "sco",
        EntityKind::Organisation,
        "Shanghai Cooperation Organisation",
        &["SCO"],
    ),
    (
        "us_department_of_defense",
        EntityKind::StateBody,
        "United States Department of Defense",
        &[
            "Pentagon",
            "U.S. Department of Defense",
            "US Department of Defense",
        ],
    ),
    (
        "us_department_of_state",
        EntityKind::StateBody,
        "United States Department of State",
        &["State Department", "U.S. Department of State"],
    ),
    (
        "us_central_command",
        EntityKind::StateBody,
        "U.S. Central Command",
        &["CENTCOM"],
    ),
];

/// Military and civil ranks written before a name.
pub(crate) const RANKS: &[&str] = &[
    "Army-General",
    "Major-General",
    "Lieutenant-General",
    "Colonel-General",
    "Brigadier-General",
    "Major General",
    "Lieutenant General",
    "Brigadier General",
    "General",
    "Gen.",
    "Colonel",
    "Col.",
    "Lieutenant",
    "Lt.",
    "Major",
    "Maj.",
    "Captain",
    "Capt.",
    "Admiral",
    "Adm.",
    "Sergeant",
    "Marshal",
];

/// Words that make a capitalised phrase a title (a post), not a name.
pub(crate) const TITLE_WORDS: &[&str] = &[
    "Minister",
    "Secretary",
    "Deputy",
    "Assistant",
    "Chief",
    "Head",
    "Director",
    "Commander",
    "President",
    "Prime",
    "Ambassador",
    "Chairman",
    "Spokesman",
    "Spokeswoman",
    "Advisor",
    "Adviser",
    "Envoy",
    "Attaché",
    "Undersecretary",
    "Under",
    "Vice",
    "Governor",
    "Speaker",
];

/// Honorifics and titles written straight before a person's name.
pub(crate) const HONORIFICS: &[&str] = &[
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Dr",
    "Dr.",
    "Minister",
    "President",
    "Secretary",
    "Ambassador",
    "Senator",
    "Premier",
];

/// Sentence openers that are not names.
pub(crate) const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "Such",
    "Thus",
    "But",
    "And",
    "Although",
    "If",
    "As",
    "Equally",
    "Often",
    "However",
    "In",
    "On",
    "At",
    "For",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "Talks",
    "After",
    "Before",
    "During",
    "When",
    "While",
    "Since",
    "Meanwhile",
    "Also",
    "Both",
    "Each",
    "Some",
    "Many",
    "Most",
    "There",
    "According",
    "Under",
    "With",
    "By",
    "From",
    "To",
    "Earlier",
    "Later",
    "Then",
    "Yet",
    "So",
];

/// Words that may join capitalised words inside one name ("Ministry of Defense",
/// "Partnership for Peace").
pub(crate) const NAME_JOINERS: &[&str] = &["of", "for"];

/// Capitalised words that make the name after them a region ("Central Iraq").
pub(crate) const DIRECTIONS: &[&str] = &[
    "Central", "Northern", "Southern", "Eastern", "Western", "North", "South", "East", "West",
    "Upper", "Lower",
];

/// Weekday names: never a name of their own, and they end a capitalised phrase ("On
/// Wednesday, Defense Minister ...").
pub(crate) const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Month names, which end a capitalised phrase ("Washington on November 19").
pub(crate) const MONTH_NAMES: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Cue words in a name and the kind they mean, checked in this order; the first that
/// occurs as a word wins.
pub(crate) const KIND_CUES: &[(&str, EntityKind)] = &[
    ("Ministry", EntityKind::StateBody),
    ("Department", EntityKind::StateBody),
    ("Command", EntityKind::StateBody),
    ("Forces", EntityKind::StateBody),
    ("Army", EntityKind::StateBody),
    ("Navy", EntityKind::StateBody),
    ("Air Force", EntityKind::StateBody),
    ("Guard", EntityKind::StateBody),
    ("Government", EntityKind::StateBody),
    ("Parliament", EntityKind::StateBody),
    ("Senate", EntityKind::StateBody),
    ("Majilis", EntityKind::StateBody),
    ("Agency", EntityKind::StateBody),
    ("Committee", EntityKind::StateBody),
    ("Council", EntityKind::StateBody),
    ("Service", EntityKind::StateBody),
    ("Embassy", EntityKind::StateBody),
    ("Brigade", EntityKind::StateBody),
    ("Battalion", EntityKind::StateBody),
    ("Organization", EntityKind::Organisation),
    ("Organisation", EntityKind::Organisation),
    ("Alliance", EntityKind::Organisation),
    ("Union", EntityKind::Organisation),
    ("Nations", EntityKind::Organisation),
    ("Agreement", EntityKind::Agreement),
    ("Treaty", EntityKind::Agreement),
    ("Memorandum", EntityKind::Agreement),
    ("Accord", EntityKind::Agreement),
    ("Protocol", EntityKind::Agreement),
    ("Plan", EntityKind::Agreement),
    ("Exercise", EntityKind::Exercise),
    ("Exercises", EntityKind::Exercise),
    ("Programme", EntityKind::Programme),
    ("Program", EntityKind::Programme),
    ("Initiative", EntityKind::Programme),
    ("Partnership", EntityKind::Programme),
    ("Reduction", EntityKind::Programme),
    ("Conference", EntityKind::Event),
    ("Summit", EntityKind::Event),
    ("Forum", EntityKind::Event),
    ("Session", EntityKind::Event),
    ("Meeting", EntityKind::Event),
    ("Interfax", EntityKind::Source),
    ("News", EntityKind::Source),
    ("Television", EntityKind::Source),
    ("Radio", EntityKind::Source),
    ("Times", EntityKind::Source),
    ("Agency", EntityKind::Source),
    ("Region", EntityKind::Place),
    ("Oblast", EntityKind::Place),
    ("Province", EntityKind::Place),
    ("City", EntityKind::Place),
];

/// Lower-case head nouns of common noun phrases and the kind they name ("an operational
/// and mobilization training session", "the five-year cooperation plan").
pub(crate) const HEAD_NOUNS: &[(&str, EntityKind)] = &[
    ("session", EntityKind::Event),
    ("meeting", EntityKind::Event),
    ("meetings", EntityKind::Event),
    ("conference", EntityKind::Event),
    ("summit", EntityKind::Event),
    ("interview", EntityKind::Event),
    ("briefing", EntityKind::Event),
    ("ceremony", EntityKind::Event),
    ("forum", EntityKind::Event),
    ("talks", EntityKind::Event),
    ("exercise", EntityKind::Exercise),
    ("exercises", EntityKind::Exercise),
    ("drills", EntityKind::Exercise),
    ("plan", EntityKind::Agreement),
    ("agreement", EntityKind::Agreement),
    ("treaty", EntityKind::Agreement),
    ("memorandum", EntityKind::Agreement),
    ("accord", EntityKind::Agreement),
    ("pact", EntityKind::Agreement),
    ("ceasefire", EntityKind::Agreement),
    ("truce", EntityKind::Agreement),
    ("programme", EntityKind::Programme),
    ("program", EntityKind::Programme),
    ("mechanism", EntityKind::Programme),
    ("initiative", EntityKind::Programme),
    ("reform", EntityKind::Programme),
    ("matters", EntityKind::Programme),
    ("testing", EntityKind::Programme),
    ("terror", EntityKind::Programme),
    ("terrorism", EntityKind::Programme),
    ("assistance", EntityKind::Programme),
    ("aircraft", EntityKind::Equipment),
    ("helicopters", EntityKind::Equipment),
    ("weapons", EntityKind::Equipment),
    ("equipment", EntityKind::Equipment),
];

/// Nouns for troops: "Kazakhstani peacekeepers in Iraq", "U.S. servicemen".
pub(crate) const TROOPS: &[&str] = &[
    "troops",
    "forces",
    "servicemen",
    "soldiers",
    "peacekeepers",
    "sappers",
    "engineers",
    "units",
    "battalion",
    "contingent",
    "personnel",
    "officers",
    "military",
    "deminers",
];

/// The kind a capitalised name's own words say, with the cue word.
pub(crate) fn kind_of_name(name: &str) -> Option<(EntityKind, &'static str)> {
    for (cue, kind) in KIND_CUES {
        if contains_word(name, cue) {
            return Some((*kind, cue));
        }
    }
    if name.ends_with("stan") && !name.contains(' ') {
        return Some((EntityKind::Country, "-stan"));
    }
    None
}

/// Whether `hay` has `word` as a whole word (or words).
pub(crate) fn contains_word(hay: &str, word: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|h| h.find(word)) {
        let at = from + i;
        let before = hay.get(..at).and_then(|b| b.chars().next_back());
        let after = hay.get(at + word.len()..).and_then(|a| a.chars().next());
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = at + word.len().max(1);
    }
    false
}

/// Whether a capitalised phrase is a post or title ("Deputy Defense Minister").
pub(crate) fn is_title(phrase: &str) -> bool {
    phrase
        .split(|c: char| c.is_whitespace() || c == '-')
        .any(|w| TITLE_WORDS.contains(&w))
        && !phrase.contains("Ministry")
        && !phrase.contains("Department")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues() {
        assert_eq!(
            kind_of_name("Ministry of Defense").map(|k| k.0),
            Some(EntityKind::StateBody)
        );
        assert_eq!(
            kind_of_name("Tajikistan").map(|k| k.0),
            Some(EntityKind::Country)
        );
        assert!(kind_of_name("Bolat Sembinov").is_none());
        assert!(is_title("Deputy Defense Minister"));
        assert!(!is_title("Ministry of Defense"));
        assert!(contains_word("Air Force of X", "Air Force"));
        assert!(!contains_word("Forceful", "Force"));
    }
}
