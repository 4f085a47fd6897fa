//! Compares the hand-written CSV field writer of `src/interchange/escape.rs` (copied here,
//! as it is private) with the csv crate, on the entity and fact rows of a synthetic graph
//! of made-up data. The README's figures come from this program:
//! `cd scripts/csv_compare && cargo run --release`.
use std::time::Instant;

fn csv_needs_quotes(s: &str) -> bool {
    s.is_empty()
        || s.starts_with(['=', '+', '-', '@', '\t', '\r'])
        || s.contains([',', '"', '\n', '\r'])
}
fn csv_field(out: &mut String, s: &str) {
    if csv_needs_quotes(s) {
        out.push('"');
        for c in s.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn main() {
    let g = factgraph::synthetic::generate(&factgraph::synthetic::SyntheticConfig::new(200_000, 1))
        .unwrap();
    let rows: Vec<Vec<String>> = g
        .entities()
        .map(|e| {
            vec![
                e.key().to_owned(),
                e.name().to_owned(),
                e.aliases().join(";"),
                e.kind().as_str().to_owned(),
                e.note().unwrap_or("").to_owned(),
                "{\"rank\":\"x\"}".to_owned(),
            ]
        })
        .chain(g.facts().map(|f| {
            vec![
                f.subject().key().to_owned(),
                f.object().key().to_owned(),
                f.relation().as_str().to_uppercase(),
                f.id().index().to_string(),
                f.date().to_string(),
                f.modality().as_str().to_owned(),
                f.sources()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(";"),
            ]
        }))
        .collect();
    let bytes: usize = rows.iter().flatten().map(String::len).sum();
    let mut best = [f64::MAX; 2];
    let mut sizes = [0usize; 2];
    for _ in 0..7 {
        let t = Instant::now();
        let mut out = String::new();
        for r in &rows {
            let mut first = true;
            for f in r {
                if !first {
                    out.push(',');
                }
                first = false;
                csv_field(&mut out, f);
            }
            out.push('\n');
        }
        best[0] = best[0].min(t.elapsed().as_secs_f64());
        sizes[0] = out.len();
        std::hint::black_box(&out);
        let t = Instant::now();
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let out = w.into_inner().unwrap();
        best[1] = best[1].min(t.elapsed().as_secs_f64());
        sizes[1] = out.len();
        std::hint::black_box(&out);
    }
    println!(
        "{} rows, {:.1} MB of field text",
        rows.len(),
        bytes as f64 / 1e6
    );
    println!("hand-written: {:.1} ms ({} bytes)", best[0] * 1e3, sizes[0]);
    println!("csv crate:    {:.1} ms ({} bytes)", best[1] * 1e3, sizes[1]);
}
