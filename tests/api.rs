//! The conventions of the public API that the other tests do not cover on their way:
//! hashing of the reference types, `Display` of hops and date ranges, the `Limits`
//! builders.

// The graph caches its word index in a cell, so clippy calls a reference type a mutable
// key; their hashes read only the graph's address and an id, which never change.
#![allow(clippy::mutable_key_type)]

use std::collections::HashSet;

use factgraph::{DateRange, Filter, Limits, PartialDate, datasets};

#[test]
fn reference_types_hash_as_they_compare() {
    let g = datasets::edm_2004_v1_i133();
    let twice: Vec<_> = g.entities().chain(g.entities()).collect();
    let set: HashSet<_> = twice.iter().copied().collect();
    assert_eq!(set.len(), g.entity_count());
    let facts: HashSet<_> = g.facts().chain(g.facts()).collect();
    assert_eq!(facts.len(), g.fact_count());
    let sources: HashSet<_> = g.facts().flat_map(|f| f.sources()).collect();
    let attributions: usize = g.facts().map(|f| f.sources().len()).sum();
    assert_eq!(sources.len(), attributions);
    let s = g.find("Bolat Sembinov").expect("in the dataset");
    let hops: HashSet<_> = g
        .neighbours(s.id(), Filter::any())
        .chain(g.neighbours(s.id(), Filter::any()))
        .collect();
    assert_eq!(hops.len(), g.neighbours(s.id(), Filter::any()).count());
    // The same entity seen through another graph is another reference.
    let copy = g.clone();
    let other = copy.get(s.key()).expect("copied");
    assert!(!set.contains(&other));
}

#[test]
fn hops_and_ranges_display() {
    let g = datasets::edm_2004_v1_i133();
    let s = g.find("Bolat Sembinov").expect("in the dataset");
    for hop in g.neighbours(s.id(), Filter::any()) {
        let line = hop.to_string();
        let relation = hop.fact().relation().to_string();
        assert!(line.starts_with(s.name()), "{line}");
        assert!(line.ends_with(hop.other().name()), "{line}");
        assert!(line.contains(&relation), "{line}");
        let long = format!("{hop:#}");
        assert!(long.starts_with(&line) && long.len() > line.len(), "{long}");
    }
    let y = PartialDate::year(2004).expect("a year");
    let r = DateRange::of(y);
    assert_eq!(r.to_string(), "2004-01-01/2004-12-31");
    assert_eq!(r.to_string().parse::<DateRange>().ok(), Some(r));
    assert_eq!(
        "../2004".parse::<DateRange>().map(|r| r.to_string()).ok(),
        Some("../2004-12-31".to_owned())
    );
}

#[test]
fn limits_builders_change_one_limit() {
    let l = Limits::default().with_max_depth(3).with_quote_chars(10);
    assert_eq!((l.max_depth, l.quote_chars), (3, 10));
    assert_eq!(l.with_max_depth(64).with_quote_chars(200), Limits::DEFAULT);
}
