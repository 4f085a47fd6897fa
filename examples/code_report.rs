//! Codes a report's text into candidate facts and, given a hand coding, scores them.
//!
//! `cargo run --release --example code_report -- TEXT [published] [empty|corpus|corpus-without-seed]`
//! With no TEXT, codes the seed article at `$FACTGRAPH_SEED` or
//! `/work/shared/seed/edm-2004-v1-i133.txt` and scores it against
//! `datasets::edm_2004_v1_i133()`.
//!
//! `cargo run --release --example code_report -- --batch [N] [THREADS]` measures speed on
//! MADE-UP generated reports against the built-in corpus: N reports (10,000 by default)
//! on THREADS threads (2), one coder per thread, the graph shared; and the median time of
//! a made-up report of about 1,000 words.

use factgraph::KnowledgeGraph;
use factgraph::coding::{Coder, ReportMeta, score};
use factgraph::corpus::MergePolicy;
use factgraph::datasets;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--batch") {
        let n = args.get(1).map_or(Ok(10_000), |a| a.parse())?;
        let threads = args.get(2).map_or(Ok(2), |a| a.parse())?;
        return batch(n, threads);
    }
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

/// Speed on made-up reports: `n` reports coded on `threads` threads (one coder each, the
/// built-in corpus shared), then a report of about 1,000 words coded 21 times.
fn batch(n: usize, threads: usize) -> Result<(), Box<dyn std::error::Error>> {
    let graph = datasets::corpus();
    let reports: Vec<String> = (0..n).map(|i| made_up_report(i as u64, 6)).collect();
    let words: usize = reports.iter().map(|r| r.split_whitespace().count()).sum();
    let meta = ReportMeta::new("made_up", "Made-up Wire").published("2021-05-06".parse()?);
    let threads = threads.max(1);
    let chunk = n.div_ceil(threads).max(1);
    let start = std::time::Instant::now();
    let candidates: usize = std::thread::scope(|s| {
        let handles: Vec<_> = reports
            .chunks(chunk)
            .map(|part| {
                let meta = &meta;
                s.spawn(move || {
                    let coder = Coder::new(graph);
                    part.iter()
                        .filter_map(|r| coder.code(r, meta).ok())
                        .map(|c| c.candidates.len())
                        .sum::<usize>()
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).sum()
    });
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{n} made-up reports ({words} words, {candidates} candidates) on {threads} threads: \
         {secs:.2} s, {:.0} reports/s (coders built included)",
        n as f64 / secs
    );
    // One report of about 1,000 words: paragraphs of made-up reports until it is that long.
    let mut long = String::new();
    let mut seed = 1_000_000;
    while long.split_whitespace().count() < 1_000 {
        long.push_str(&made_up_report(seed, 1));
        seed += 1;
    }
    let coder = Coder::new(graph);
    let mut times: Vec<f64> = (0..21)
        .map(|_| {
            let t = std::time::Instant::now();
            let _ = coder.code(&long, &meta);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "a made-up report of {} words: {:.2} ms (median of 21), {} candidates",
        long.split_whitespace().count(),
        times[10],
        coder.code(&long, &meta)?.candidates.len()
    );
    Ok(())
}

/// A MADE-UP report: `paragraphs` paragraphs of sentences the rules know (meetings,
/// visits, exercises, topics, plans, signings, citations) and of filler, with made-up
/// people and outlets and real country names, chosen by a fixed pseudo-random sequence.
fn made_up_report(seed: u64, paragraphs: usize) -> String {
    const FIRST: [&str; 8] = ["Ann", "Bob", "Cid", "Dana", "Emil", "Fay", "Gus", "Hana"];
    const LAST: [&str; 8] = [
        "Example",
        "Sample",
        "Test",
        "Specimen",
        "Placeholder",
        "Mock",
        "Dummy",
        "Fictive",
    ];
    const RANK: [&str; 4] = ["General", "Colonel", "Major", "Admiral"];
    const COUNTRY: [&str; 8] = [
        "Kazakhstan",
        "Kyrgyzstan",
        "Uzbekistan",
        "Turkey",
        "Poland",
        "Georgia",
        "Mongolia",
        "Azerbaijan",
    ];
    const MONTH: [&str; 4] = ["March", "May", "June", "October"];
    const OUTLET: [&str; 3] = ["Made-up Wire", "Example News Agency", "Sample Daily"];
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut pick = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n
    };
    let mut out = String::new();
    for _ in 0..paragraphs {
        let mut person = || format!("{} {}", FIRST[pick(8)], LAST[pick(8)]);
        let (p1, p2, p3, p4) = (person(), person(), person(), person());
        let rank = RANK[pick(4)];
        let (c1, c2) = (COUNTRY[pick(8)], COUNTRY[pick(8)]);
        let (month, day) = (MONTH[pick(4)], 1 + pick(28));
        let outlet = OUTLET[pick(3)];
        let year = 2010 + pick(12);
        let sentences = [
            format!(
                "{rank} {p1} met {p2}, {p3} and {p4} in {c2} on {month} {day} ({outlet}, {month} {day})."
            ),
            format!("{p2}, Deputy Defense Minister of {c1}, visited {c2} on Wednesday."),
            format!(
                "Troops from {c1} took part in the Steppe Falcon {year} exercise held in {c2}."
            ),
            "The sides discussed military education, border security and joint training."
                .to_owned(),
            format!("{c1} plans to supply trucks to {c2}, according to {outlet}."),
            format!("{c1} signed a defense cooperation plan with {c2} in {year}."),
            "Officials said the talks had been constructive and would continue next year."
                .to_owned(),
            "The ministry gave no further details of the programme or of its cost.".to_owned(),
        ];
        for _ in 0..3 {
            out.push_str(&sentences[pick(sentences.len())]);
            out.push(' ');
        }
        out.push_str("\n\n");
    }
    out
}
