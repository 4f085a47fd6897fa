//! Codes a report's text into candidate facts and, given a hand coding, scores them.
//!
//! `cargo run --release --example code_report -- TEXT [published] [empty|corpus|corpus-without-seed]`
//! With no TEXT, codes the seed article at `$FACTGRAPH_SEED` or
//! `/work/shared/seed/edm-2004-v1-i133.txt` and scores it against
//! `datasets::edm_2004_v1_i133()`.

use factgraph::KnowledgeGraph;
use factgraph::coding::{Coder, ReportMeta, score};
use factgraph::corpus::MergePolicy;
use factgraph::datasets;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().cloned().unwrap_or_else(|| {
        std::env::var("FACTGRAPH_SEED")
            .unwrap_or_else(|_| "/work/shared/seed/edm-2004-v1-i133.txt".into())
    });
    let published = args.get(1).map_or("2004-11", String::as_str).parse()?;
    let against = args.get(2).map_or("both", String::as_str);
    let text = std::fs::read_to_string(&path)?;
    let meta = ReportMeta::new("edm_2004_v1_i133", "Eurasia Daily Monitor").published(published);
    let mut graphs: Vec<(&str, KnowledgeGraph)> = Vec::new();
    if matches!(against, "empty" | "both") {
        graphs.push(("empty graph", KnowledgeGraph::new()));
    }
    if matches!(against, "corpus-without-seed" | "both") {
        let mut g = KnowledgeGraph::new();
        for (_, json) in datasets::KAZAKHSTAN_DEFENCE_FILES {
            g.merge_json(json, &MergePolicy::new())?;
        }
        graphs.push(("corpus without the article", g));
    }
    for (label, g) in &graphs {
        let coder = Coder::new(g);
        let coding = coder.code(&text, &meta)?;
        if std::env::var("VERBOSE").is_ok() {
            for c in &coding.candidates {
                let k = |i: usize| coding.entity(i).map_or("?", |e| e.key.as_str());
                let cit = c
                    .citation
                    .and_then(|i| coding.citations.get(i))
                    .map_or("-", |x| k(x.source));
                println!(
                    "{} {} {} {} [{}] {} | {}",
                    c.id,
                    k(c.subject),
                    c.relation,
                    k(c.object),
                    c.rule.as_str(),
                    c.modality,
                    cit
                );
            }
        }
        // Speed: the median of 21 codings of the text.
        let mut times: Vec<f64> = (0..21)
            .map(|_| {
                let t = std::time::Instant::now();
                let _ = coder.code(&text, &meta);
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let words = text.split_whitespace().count();
        println!(
            "{label}: {words} words coded in {:.2} ms (median of 21)",
            times[10]
        );
        let s = score(&coding, datasets::edm_2004_v1_i133())?;
        println!(
            "{label}: recall {}/{} = {:.0} %, precision {}/{} = {:.0} %, citations right {}/{} = {:.0} %",
            s.found,
            s.stated,
            100.0 * s.recall(),
            s.correct,
            s.candidates,
            100.0 * s.precision(),
            s.cited_right,
            s.found,
            100.0 * s.citations()
        );
    }
    Ok(())
}
