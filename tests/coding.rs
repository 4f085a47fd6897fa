//! The coder measured on the seed article against its hand coding: fails if the figures
//! fall. The article's text is not in the repository; it is read from `$FACTGRAPH_SEED`
//! or `/work/shared/seed/edm-2004-v1-i133.txt`, and the test is skipped with a note when
//! neither exists.

use factgraph::KnowledgeGraph;
use factgraph::coding::review::{CandidateFile, Review};
use factgraph::coding::{Coder, ReportMeta, check_candidates, score};
use factgraph::corpus::MergePolicy;
use factgraph::cypher::Params;
use factgraph::datasets;

fn seed_text() -> Option<String> {
    let path = std::env::var("FACTGRAPH_SEED")
        .unwrap_or_else(|_| "/work/shared/seed/edm-2004-v1-i133.txt".to_owned());
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) => {
            eprintln!("note: seed article not read from {path} ({e}); coding figures not checked");
            None
        }
    }
}

fn corpus_without_seed() -> KnowledgeGraph {
    // The built-in corpus is the seed article merged with these files: without the
    // article it is these files alone.
    let mut g = KnowledgeGraph::new();
    for (file, json) in datasets::KAZAKHSTAN_DEFENCE_FILES {
        g.merge_json(json, &MergePolicy::new())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    g
}

fn meta() -> ReportMeta {
    ReportMeta::new("edm_2004_v1_i133", "Eurasia Daily Monitor")
        .published("2004-11".parse().unwrap())
}

#[test]
fn seed_article_figures_hold() {
    let Some(text) = seed_text() else { return };
    let corpus = corpus_without_seed();
    for (label, graph) in [
        ("empty graph", KnowledgeGraph::new()),
        ("corpus without the article", corpus),
    ] {
        let coding = Coder::new(&graph).code(&text, &meta()).unwrap();
        let s = score(&coding, datasets::edm_2004_v1_i133()).unwrap();
        eprintln!(
            "{label}: recall {}/{}, precision {}/{}, citations {}/{}",
            s.found, s.stated, s.correct, s.candidates, s.cited_right, s.found
        );
        assert!(s.recall() >= 0.80, "{label}: recall {:.2}", s.recall());
        assert!(
            s.precision() >= 0.60,
            "{label}: precision {:.2}",
            s.precision()
        );
        assert!(
            s.citations() >= 0.90,
            "{label}: citations {:.2}",
            s.citations()
        );
        // Every span lies in the text, on character boundaries.
        for c in &coding.candidates {
            for sp in [c.cue, c.subject_span, c.object_span] {
                assert!(text.get(sp.start..sp.end).is_some());
            }
        }
    }
}

#[test]
fn reviewed_candidates_merge_as_a_report() {
    // Made-up report text.
    let text = "Colonel Ann Example, Chief of the Example General Staff, met Bob Sample on \
                May 4 in Exampleton (Example Wire, May 4). She also plans to attend Steppe Eagle 2021.";
    let meta =
        ReportMeta::new("madeup_1", "Example Monitor").published("2021-05-06".parse().unwrap());
    let coding = Coder::new(datasets::corpus()).code(text, &meta).unwrap();
    assert!(!coding.candidates.is_empty());
    let mut file = CandidateFile::parse(&coding.to_json()).unwrap();
    assert_eq!(file.counts().0, coding.candidates.len());
    file.mark("c1", Review::Accepted).unwrap();
    file.mark_pending(Review::Rejected);
    assert!(file.mark("c999", Review::Accepted).is_err());
    let report = file.into_report();
    assert!(!report.contains("candidates"));
    assert!(!report.contains("review"));
    let mut g = datasets::corpus().clone();
    let before = g.fact_count();
    g.merge_json(&report, &MergePolicy::new()).unwrap();
    assert_eq!(g.fact_count(), before + 1);
}

/// A second, MADE-UP report (`tests/data/made_up_report.txt`) with its hand coding
/// (`tests/data/made_up_report.json`), written before the coder was run on it: the
/// figures are those of a text the rules were not written from (docs/CODING.md).
#[test]
fn made_up_report_figures() {
    let text = include_str!("data/made_up_report.txt");
    let gold = KnowledgeGraph::from_json(include_str!("data/made_up_report.json")).unwrap();
    let meta = ReportMeta::new("made_up_report", "Made-up Monitor")
        .published("2021-03-06".parse().unwrap());
    let coding = Coder::new(&KnowledgeGraph::new())
        .code(text, &meta)
        .unwrap();
    let s = score(&coding, &gold).unwrap();
    eprintln!(
        "made-up report: recall {}/{}, precision {}/{}, citations {}/{}",
        s.found, s.stated, s.correct, s.candidates, s.cited_right, s.found
    );
    for c in &coding.candidates {
        let k = |i: usize| coding.entity(i).map_or("?", |e| e.key.as_str());
        eprintln!(
            "  {} {} {} [{}]",
            k(c.subject),
            c.relation,
            k(c.object),
            c.rule.as_str()
        );
    }
    // Floors at the figures of docs/CODING.md (8/16, 8/12).
    assert!(s.found >= 8, "recall {}/{}", s.found, s.stated);
    assert!(
        s.precision() >= 0.66,
        "precision {}/{}",
        s.correct,
        s.candidates
    );
}

/// Shapes the rules read in any text, not the seed's words: a pronoun after an opening
/// phrase, a title before a name, a place named only by the movement cue before it, a
/// list of topics without known head nouns, troops that arrive.
#[test]
fn general_shapes() {
    // Made-up text.
    let text = "Colonel Ann Example arrived in Exampleton on May 3. During the trip she met \
                Deputy Foreign Minister Bob Sample. The talks focused on pilot exchanges and \
                cyber defence. NATO peacekeeping troops have arrived in Sampleland.";
    let coding = Coder::new(&KnowledgeGraph::new())
        .code(text, &meta())
        .unwrap();
    let found: Vec<(String, &str, String)> = coding
        .candidates
        .iter()
        .map(|c| {
            let name = |i: usize| coding.entity(i).map_or(String::new(), |e| e.name.clone());
            (name(c.subject), c.relation.as_str(), name(c.object))
        })
        .collect();
    for want in [
        ("Ann Example", "visited", "Exampleton"),
        ("Ann Example", "met", "Bob Sample"),
        ("NATO", "deployed_to", "Sampleland"),
    ] {
        assert!(
            found
                .iter()
                .any(|f| (f.0.as_str(), f.1, f.2.as_str()) == want),
            "{want:?} not in {found:?}"
        );
    }
    let topics: Vec<&str> = found
        .iter()
        .filter(|f| f.1 == "discussed")
        .map(|f| f.2.as_str())
        .collect();
    assert_eq!(topics.len(), 2, "{found:?}");
}

#[test]
fn queries_never_see_candidates() {
    // Made-up report text.
    let text = "General Ann Example met Colonel Bob Sample and Major Cid Test in Kazakhstan.";
    let coding = Coder::new(&KnowledgeGraph::new())
        .code(text, &meta())
        .unwrap();
    let n = coding.candidates.len();
    assert!(n >= 2, "{n} candidates");
    let json = coding.to_json();
    // Loaded alone: the report and its outlet, no fact, no candidate entity.
    let g = KnowledgeGraph::from_json(&json).unwrap();
    assert_eq!(g.fact_count(), 0);
    assert!(g.find("Bob Sample").is_err());
    assert_eq!(g.search("Sample").len(), 0);
    let r = g
        .query(
            "MATCH (a:person)-[m:met]-(b) RETURN a.name, b.name",
            &Params::new(),
        )
        .unwrap();
    assert!(r.rows.is_empty());
    // Merged into the corpus: nothing of it but the report; the merge report counts them.
    let mut corpus = datasets::corpus().clone();
    let before = (corpus.fact_count(), corpus.entity_count());
    let report = corpus.merge_json(&json, &MergePolicy::new()).unwrap();
    assert_eq!(corpus.fact_count(), before.0);
    assert_eq!(report.candidates.pending, n);
    assert!(report.to_string().contains("candidates left out"));
    // Accepted but not applied: still out.
    let mut file = CandidateFile::parse(&json).unwrap();
    file.mark_pending(Review::Accepted);
    let mut g = KnowledgeGraph::new();
    let report = g.merge_json(&file.to_json(), &MergePolicy::new()).unwrap();
    assert_eq!((g.fact_count(), report.candidates.accepted), (0, n));
    // The check sees them all, and no issue in what the coder wrote.
    let check = check_candidates(&file.to_json()).unwrap();
    assert!(check.is_ok(), "{:?}", check.issues);
    assert_eq!(check.counts.accepted, n);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Made-up words that trigger the rules, and odd characters.
    const WORDS: &[&str] = &[
        "met",
        "Ann",
        "Example",
        "Kazakhstan’s",
        "Ministry",
        "of",
        "Defense",
        ",",
        ";",
        ":",
        "(",
        ")",
        "Wire",
        "November",
        "19",
        "2004",
        "on",
        "Wednesday",
        "exercises",
        "held",
        "within",
        "Steppe",
        "Eagle",
        "plans",
        "to",
        "professionalize",
        "its",
        "army",
        "He",
        "envisages",
        "introducing",
        "testing",
        "Kazakhstani",
        "servicemen",
        "serving",
        "in",
        "Central",
        "Iraq",
        "“",
        "”",
        "said",
        ".",
        "\n\n",
        "é",
        "Ж",
        "👍",
        "focused",
        "and",
    ];

    /// Made-up HTML pieces: tags, references, scripts, and the words above.
    #[cfg(feature = "html-input")]
    const TAGS: &[&str] = &[
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<br>",
        "<b>",
        "</b>",
        "<a href=\"x\">",
        "</a>",
        "<script>",
        "</script>",
        "&amp;",
        "&nbsp;",
        "&#x416;",
        "<!--",
        "-->",
        "<li>",
        "<",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn spans_lie_in_the_text(words in proptest::collection::vec(0..WORDS.len(), 0..60)) {
            let text: String = words.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
            let coding = Coder::new(&KnowledgeGraph::new()).code(&text, &meta()).unwrap();
            for c in &coding.candidates {
                for s in [c.cue, c.subject_span, c.object_span] {
                    prop_assert!(text.get(s.start..s.end).is_some());
                }
                prop_assert!(c.subject != c.object);
            }
            for e in &coding.entities {
                for m in &e.mentions {
                    prop_assert!(text.get(m.span.start..m.span.end).is_some());
                }
            }
            prop_assert!(KnowledgeGraph::from_json(&coding.to_json()).is_ok());
            let check = check_candidates(&coding.to_json());
            prop_assert!(check.is_some_and(|c| c.is_ok()));
        }

        #[cfg(feature = "html-input")]
        #[test]
        fn html_codes_its_text(parts in proptest::collection::vec((0..TAGS.len(), 0..WORDS.len()), 0..60)) {
            let html: String = parts.iter().map(|&(t, w)| format!("{} {}", TAGS[t], WORDS[w])).collect();
            let coding = Coder::new(&KnowledgeGraph::new()).code_html(&html, &meta()).unwrap();
            prop_assert_eq!(coding.text.clone(), factgraph::coding::html_to_text(&html).unwrap());
            for c in &coding.candidates {
                prop_assert!(coding.text.get(c.cue.start..c.cue.end).is_some());
            }
            let check = check_candidates(&coding.to_json());
            prop_assert!(check.is_some_and(|c| c.is_ok()));
        }
    }
}
