//! How many Kazakh troops served in Iraq, by year, according to whom: answered from the
//! typed quantities of the built-in corpus, each number with its report, and the
//! disagreements between reports.
//!
//! ```text
//! cargo run --example troops
//! ```
//!
//! The same question in Cypher (`factgraph ask`, docs/CYPHER.md):
//!
//! ```text
//! factgraph ask "MATCH (a)-[r:deployed_to]->(b {name: 'Iraq'}) WHERE r.personnel > 0 RETURN a.name, r.valid, r.personnel, r.quantities"
//! ```

use std::collections::BTreeMap;

use factgraph::{Bound, FactDate, QuantityKind, Relation, Span, datasets};

/// The first and last year a date covers (an open end: the first year only).
fn years(d: FactDate) -> Option<(i32, i32)> {
    match d.span() {
        Span::On(a) => Some((a.year_value(), a.year_value())),
        Span::Between(a, b) | Span::Interval(Bound::Date(a), Bound::Date(b)) => {
            Some((a.year_value(), b.year_value()))
        }
        Span::Interval(Bound::Date(a), _) => Some((a.year_value(), a.year_value())),
        _ => None,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let g = datasets::corpus();
    let iraq = g.find("Iraq")?;
    // Year → (number as given, report, outlet).
    let mut by_year: BTreeMap<i32, Vec<(String, String, String)>> = BTreeMap::new();
    for f in g.facts() {
        if f.relation() != Relation::DeployedTo || f.object().id() != iraq.id() {
            continue;
        }
        // The years the deployment covers: its valid time, else its date's years.
        let span = f.valid().unwrap_or(f.date());
        let Some((from, to)) = years(span) else {
            continue;
        };
        for (a, q) in f.fact().quantities() {
            if q.kind() != QuantityKind::Personnel || q.what().is_some() {
                continue;
            }
            let report = a.report().and_then(|r| g.report(r));
            let who = report.map_or_else(String::new, |r| r.key().to_owned());
            let outlet = report
                .and_then(|r| g.entity(r.outlet()))
                .map_or_else(String::new, |e| e.name().to_owned());
            // A report's number is counted in the year it was published (what it saw), or
            // in every year of the deployment when the report is undated.
            let published = report.and_then(|r| years(r.published())).map(|(y, _)| y);
            let years: Vec<i32> = match published {
                Some(y) if (from..=to).contains(&y) => vec![y],
                _ => vec![from],
            };
            for y in years {
                let label = format!("{} ({})", q.amount(), f.modality());
                by_year
                    .entry(y)
                    .or_default()
                    .push((label, who.clone(), outlet.clone()));
            }
        }
    }
    println!("Kazakh troops in Iraq, by year, according to whom (typed quantities):");
    for (year, rows) in &by_year {
        for (n, report, outlet) in rows {
            println!("  {year}  {n:<24} {outlet} [{report}]");
        }
    }
    println!("\nWhere reports disagree:");
    for c in g.quantity_conflicts() {
        if c.fact.object().id() == iraq.id() {
            println!("  {c}");
        }
    }
    Ok(())
}
