//! What a merge costs against the size of the graph it merges into: a one-fact file (made
//! up) merged into synthetic graphs (made-up data) of growing size, and many such files in
//! a row. Issue 17 asks that a merge cost in proportion to what it adds, not to the graph.
//!
//! ```sh
//! cargo run --release --example merge_cost -- [ENTITIES...]   # default: 10000 100000
//! ```

use std::time::Instant;

use factgraph::corpus::MergePolicy;
use factgraph::synthetic::{SyntheticConfig, generate};

fn tiny(n: usize) -> String {
    format!(
        r#"{{"factgraph": 2, "entities": [
        {{"id": "made_up_a{n}", "kind": "person", "name": "Ann Example {n}"}},
        {{"id": "made_up_b{n}", "kind": "person", "name": "Bob Example {n}"}}],
        "facts": [{{"relation": "met", "subject": "made_up_a{n}", "object": "made_up_b{n}",
        "date": "2020-01-02"}}]}}"#
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    println!("| entities | facts | one 1-fact merge | 100 1-fact merges, each |");
    println!("|---:|---:|---:|---:|");
    for n in sizes {
        let mut g = generate(&SyntheticConfig::new(n, 7))?;
        let facts = g.fact_count();
        let policy = MergePolicy::new();
        let t = Instant::now();
        g.merge_json(&tiny(0), &policy)?;
        let one = t.elapsed();
        let t = Instant::now();
        for i in 1..=100 {
            g.merge_json(&tiny(i), &policy)?;
        }
        let each = t.elapsed() / 100;
        println!("| {n} | {facts} | {one:.2?} | {each:.2?} |");
    }
    Ok(())
}
