//! Unit tests of resolution's private parts; the tests of each variation class are in
//! `tests/resolution.rs`.

use super::*;

#[test]
fn skeletons_forget_transliteration() {
    assert_eq!(skeleton("altynbayev"), "altynbaev");
    assert_eq!(skeleton("mukhtar"), "muhtar");
    assert_eq!(skeleton("defence"), skeleton("defense"));
}

#[test]
fn forms_keep_qualifiers_numbers_and_acronyms() {
    let f = NameForm::new("PfP Planning (first cycle, 2004)", EntityKind::Programme);
    assert_eq!(f.core_len(), 2);
    assert_eq!(f.numbers.0, Vec::<String>::new());
    assert_eq!(f.numbers.1, ["1", "2004"]);
    assert_eq!(
        f.tokens.first().and_then(|t| t.acronym.as_deref()),
        Some("pp")
    );
    let p = NameForm::new("Мухтара Алтынбаева", EntityKind::Person);
    let stems: Vec<&str> = p.tokens.iter().map(|t| t.stem.as_str()).collect();
    assert_eq!(stems, ["muhtar", "altynbaev"]);
}
