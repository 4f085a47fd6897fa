//! Generates a synthetic graph of MADE-UP data and prints how long that took and what the
//! graph looks like: entity kinds, relations, degrees, dates, modalities, attributions.
//!
//! ```text
//! cargo run --release --example synthetic_stats -- [ENTITIES] [SEED] [FACTS_PER_ENTITY]
//! ```
//!
//! Defaults: 10 000 entities, seed 42, 10 facts per entity (small, so a debug build runs it
//! in about a second). Time generation in a release build, e.g.
//! `cargo run --release --example synthetic_stats -- 100000` (a million facts).

use std::collections::BTreeMap;
use std::time::Instant;

use factgraph::synthetic::{SyntheticConfig, generate};
use factgraph::{EntityKind, Modality, Precision, Relation, Span};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut config = SyntheticConfig::new(10_000, 42);
    if let Some(n) = args.next() {
        config.entities = n.replace('_', "").parse()?;
    }
    if let Some(s) = args.next() {
        config.seed = s.parse()?;
    }
    if let Some(f) = args.next() {
        config.facts_per_entity = f.parse()?;
    }

    let start = Instant::now();
    let g = generate(&config)?;
    let took = start.elapsed();
    println!("{}", g.title().unwrap_or_default());
    println!(
        "generated {} entities and {} facts in {:.3} s",
        g.entity_count(),
        g.fact_count(),
        took.as_secs_f64()
    );

    println!("\nentities by kind:");
    for &k in EntityKind::ALL {
        let n = g.entities_of_kind(k).len();
        println!(
            "  {:<13} {:>9}  {:5.1} %",
            k.as_str(),
            n,
            100.0 * n as f64 / g.entity_count().max(1) as f64
        );
    }

    println!("\nfacts by relation:");
    for &r in Relation::ALL {
        let n = g.facts_of_relation(r).len();
        println!(
            "  {:<16} {:>9}  {:5.1} %",
            r.as_str(),
            n,
            100.0 * n as f64 / g.fact_count().max(1) as f64
        );
    }

    // Degrees: facts at each entity (either end).
    let mut degree = vec![0usize; g.entity_count()];
    for f in g.facts() {
        degree[f.subject().id().index()] += 1;
        degree[f.object().id().index()] += 1;
    }
    let mut sorted = degree.clone();
    sorted.sort_unstable();
    let pct = |p: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(0)
    };
    println!(
        "\ndegree: mean {:.1}, median {}, p90 {}, p99 {}, p99.9 {}, max {}; isolated {}",
        2.0 * g.fact_count() as f64 / g.entity_count().max(1) as f64,
        pct(0.5),
        pct(0.9),
        pct(0.99),
        pct(0.999),
        pct(1.0),
        sorted.iter().take_while(|d| **d == 0).count()
    );
    let mut top: Vec<(usize, usize)> = degree.iter().copied().enumerate().collect();
    top.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let ids: Vec<_> = g.entities().map(|e| e.id()).collect();
    println!("busiest entities:");
    for (i, d) in top.iter().take(12) {
        if let Some(e) = g.entity(ids[*i]) {
            println!("  {:<20} {:<13} {:>7}", e.name(), e.kind().as_str(), d);
        }
    }
    // Log-binned degree histogram.
    let mut bins: BTreeMap<u32, usize> = BTreeMap::new();
    for d in &degree {
        let bin = if *d == 0 {
            0
        } else {
            usize::BITS - d.leading_zeros()
        };
        *bins.entry(bin).or_default() += 1;
    }
    println!("degree histogram (entities with degree in [2^(b-1), 2^b)):");
    for (b, n) in bins {
        let lo = if b == 0 { 0 } else { 1usize << (b - 1) };
        println!("  {:>7}..  {:>8}", lo, n);
    }

    let mut precision: BTreeMap<&str, usize> = BTreeMap::new();
    let mut inferred = 0;
    for f in g.facts() {
        let d = f.date();
        inferred += usize::from(d.year_inferred());
        let label = match (d.span(), d.precision()) {
            (Span::Unknown, _) => "unknown",
            (Span::Between(..), _) => "range",
            (_, Some(Precision::Day)) => "day",
            (_, Some(Precision::Month)) => "month",
            _ => "year",
        };
        *precision.entry(label).or_default() += 1;
    }
    println!("\nfact dates: {precision:?}; year inferred {inferred}");
    let mut modality: BTreeMap<&str, usize> = BTreeMap::new();
    for &m in Modality::ALL {
        modality.insert(m.as_str(), g.with_modality(m).count());
    }
    println!("modalities: {modality:?}");
    let (mut attributions, mut speakers, mut quotes, mut places) = (0, 0, 0, 0);
    for f in g.facts() {
        places += usize::from(f.place().is_some());
        for s in f.sources() {
            attributions += 1;
            speakers += usize::from(s.speaker().is_some());
            quotes += usize::from(s.quote().is_some());
        }
    }
    println!(
        "attributions {attributions} ({:.2} per fact), with speaker {speakers}, with quote {quotes}; facts with place {places}",
        attributions as f64 / g.fact_count().max(1) as f64
    );
    Ok(())
}
