//! Writes the corpus's PLOVER records and event table, with the Rust API's counts per
//! category and year beside them, for `scripts/check_events.sh` to compare with what
//! DuckDB counts in the table and to validate each record against `docs/plover.schema.json`.
//!
//! ```text
//! cargo run --example events -- [OUT_DIR]
//! ```
//!
//! OUT_DIR defaults to `target/events`. Written: `plover.jsonl`, `events.csv` and
//! `counts.json` (`{"records": N, "by_category_year": [[category, year, count], ...]}`).

use std::error::Error;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::PathBuf;

use factgraph::datasets;
use factgraph::interchange::plover;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/events"), PathBuf::from);
    fs::create_dir_all(&dir)?;
    let g = datasets::corpus();
    let records = plover::write_jsonl(g, BufWriter::new(File::create(dir.join("plover.jsonl"))?))?;
    let rows = plover::write_csv(g, BufWriter::new(File::create(dir.join("events.csv"))?))?;
    let counts: Vec<(&str, String, usize)> = plover::counts_by_category_and_year(g)
        .into_iter()
        .map(|((c, y), n)| (c, y, n))
        .collect();
    let json = serde_json::json!({ "records": records, "rows": rows, "by_category_year": counts });
    fs::write(
        dir.join("counts.json"),
        serde_json::to_string_pretty(&json)?,
    )?;
    println!(
        "{records} PLOVER records, {rows} event rows, in {}",
        dir.display()
    );
    Ok(())
}
