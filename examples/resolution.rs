//! The resolution benchmark: the corpus's report files recoded as if by someone else
//! (made-up variants of real reports: new keys, names rewritten by one variation class at a
//! time, then all together, plus names that must stay apart) and merged into the corpus.
//! Prints the table of `docs/MERGING.md`, "Resolution benchmark".
//!
//! ```text
//! cargo run --release --example resolution [-- --seed N] [--failures]
//! cargo run --release --example resolution -- --merge FILE [--into BASE]   # time one merge
//! ```
//!
//! A debug build runs every tenth file, to stay quick where `tests/examples.rs` runs it (the
//! figures of the README come from a release build over all of them).

#[path = "../benches/support/perturb.rs"]
mod perturb;

use factgraph::datasets;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed = args
        .iter()
        .position(|a| a == "--seed")
        .and_then(|i| args.get(i + 1))
        .map(|s| s.parse::<u64>())
        .transpose()?
        .unwrap_or(17);
    let failures = args.iter().any(|a| a == "--failures");
    if let Some(path) = args
        .iter()
        .position(|a| a == "--merge")
        .and_then(|i| args.get(i + 1))
    {
        let base = args
            .iter()
            .position(|a| a == "--into")
            .and_then(|i| args.get(i + 1));
        return merge_one(path, base.map(String::as_str));
    }
    let stride = if cfg!(debug_assertions) { 10 } else { 1 };
    let config = perturb::Config { seed, stride };
    let corpus = datasets::corpus();
    let files = datasets::KAZAKHSTAN_DEFENCE_FILES;
    let rows = perturb::run(corpus, files, &config);
    println!(
        "Resolution benchmark: {} of the {} report files, seed {seed}; made-up variants of real reports.\n",
        files.len().div_ceil(stride),
        files.len()
    );
    print!("{}", perturb::table(&rows));
    let (cases, silent, dup, wrong) = perturb::totals(&rows);
    let (time, merged) = perturb::sequential_merge_time(corpus, files, &config);
    println!(
        "\npositives: {cases} cases, {silent} silent duplicates ({:.2} %), {dup} duplicates in all ({:.2} %); wrong merges: {wrong}",
        100.0 * silent as f64 / cases.max(1) as f64,
        100.0 * dup as f64 / cases.max(1) as f64
    );
    println!(
        "{merged} recoded files (all classes together) merged one after another into the corpus in {:.1} ms",
        time.as_secs_f64() * 1e3
    );
    if failures {
        println!("\nFailures:");
        for r in &rows {
            for f in &r.failures {
                println!("  [{}] {f}", r.class);
            }
        }
    }
    Ok(())
}

/// Merges one file into an empty graph (or into `base`, loaded as it is) and prints the time
/// and the size of the report (the hostile inputs of issue 17, V4 and V5).
fn merge_one(path: &str, base: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let incoming = factgraph::KnowledgeGraph::from_json(&text)?;
    let mut g = match base {
        Some(b) => factgraph::KnowledgeGraph::from_json(&std::fs::read_to_string(b)?)?,
        None => factgraph::KnowledgeGraph::new(),
    };
    let start = std::time::Instant::now();
    let report = g.merge(&incoming, &factgraph::corpus::MergePolicy::new())?;
    let time = start.elapsed();
    let (near, more) = report
        .entities
        .iter()
        .map(|d| match d {
            factgraph::corpus::EntityDecision::Added { near, more, .. } => (near.len(), *more),
            _ => (0, 0),
        })
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let shown = report.to_string().len();
    println!(
        "{path}: {} entities in, {} after the merge, {} merged by name, {near} near matches listed and {more} counted, report {shown} bytes; merge {:.2} s",
        incoming.entities().len(),
        g.entities().len(),
        report.merged().count(),
        time.as_secs_f64()
    );
    Ok(())
}
