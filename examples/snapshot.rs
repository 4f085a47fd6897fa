//! Saves the embedded corpus as a binary snapshot, loads it back, and reports sizes and
//! times next to the JSON format's; with a path argument, the snapshot is written there.
//!
//! ```text
//! cargo run --release --example snapshot [-- PATH]
//! ```

use std::time::Instant;

use factgraph::{KnowledgeGraph, datasets};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (g, _merges) = datasets::try_corpus()?;
    let t = Instant::now();
    let bytes = g.to_snapshot();
    let saved = t.elapsed();
    let t = Instant::now();
    let back = KnowledgeGraph::from_snapshot(&bytes)?;
    let loaded = t.elapsed();
    if back != *g {
        return Err("the snapshot did not load back the same graph".into());
    }
    let json = g.to_json();
    let t = Instant::now();
    let from_json = KnowledgeGraph::from_json(&json)?;
    let json_loaded = t.elapsed();
    if from_json.fact_count() != g.fact_count() {
        return Err("the JSON did not load back the same facts".into());
    }
    println!(
        "corpus: {} entities, {} facts, {} reports",
        back.entity_count(),
        back.fact_count(),
        back.reports().count()
    );
    println!(
        "snapshot: {} bytes, saved in {saved:.2?}, loaded and checked in {loaded:.2?}",
        bytes.len()
    );
    println!(
        "JSON:     {} bytes, loaded and checked in {json_loaded:.2?}",
        json.len()
    );
    if let Some(path) = std::env::args().nth(1) {
        back.save_snapshot(&path)?;
        let again = KnowledgeGraph::open_snapshot(&path)?;
        println!("written to {path}: loads back {} facts", again.fact_count());
    }
    Ok(())
}
