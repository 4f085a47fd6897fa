//! The HTML briefing page (issue 22) through the public API: the page for the corpus
//! focused on Altynbayev is small enough, loads nothing from outside, embeds its data once
//! and holds the focus's network as `ego_network` answers it; hostile names stay data.
//! The page is checked in a real browser by `scripts/check_html.sh`.

use factgraph::briefing::{self, BriefingOptions, Focus};
use factgraph::{Filter, KnowledgeGraph, datasets};
use serde_json::Value;

/// The JSON the page embeds, read back as the page's script reads it.
fn data(page: &str) -> Value {
    let start = page
        .find(r#"<script id="fg-data" type="application/json">"#)
        .expect("the data element");
    let rest = &page[start..];
    let body = &rest[rest.find('>').expect("tag end") + 1..rest.find("</script>").expect("end")];
    serde_json::from_str(body).expect("the data is JSON")
}

#[test]
fn the_corpus_page_for_altynbayev_holds_his_network_and_loads_nothing() {
    let g = datasets::corpus();
    let focus = Focus::resolve(g, "Altynbayev").expect("in the corpus");
    let page =
        briefing::to_html(g, &BriefingOptions::new().focus(focus.entity.id())).expect("a page");
    assert!(page.len() < 2_000_000, "{} bytes", page.len());

    // No external reference: nothing is loaded by src or href, no CSS import or url(),
    // and the policy forbids any request. URLs appear only as data (citations).
    let lower = page.to_lowercase();
    for needle in [
        "src=\"http",
        "src='http",
        "href=\"http",
        "href='http",
        "@import",
        "url(http",
        "<link",
    ] {
        assert!(!lower.contains(needle), "the page holds {needle:?}");
    }
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    assert_eq!(
        lower.matches("<script").count(),
        3,
        "the data and two scripts"
    );

    // The data, once, holds the focus and every neighbour and fact `ego_network` answers.
    let d = data(&page);
    let entities = d["entities"].as_array().expect("entities");
    let focus_key = entities[d["focus"].as_u64().expect("focus") as usize]["key"].clone();
    assert_eq!(focus_key, "mukhtar_altynbayev");
    let ego = g
        .ego_network(focus.entity.id(), 2, Filter::any())
        .expect("a network");
    let keys: Vec<&str> = entities
        .iter()
        .filter(|e| e["ego"] == true)
        .map(|e| e["key"].as_str().expect("key"))
        .collect();
    let mut want: Vec<&str> = ego.entities().map(|e| e.key()).collect();
    let mut got = keys.clone();
    want.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, want);
    let one_hop = g
        .ego_network(focus.entity.id(), 1, Filter::any())
        .expect("a network");
    assert!(one_hop.entity_count() > 5);
    for e in one_hop.entities() {
        assert!(keys.contains(&e.key()), "{} is missing", e.name());
    }
    let facts: Vec<u64> = d["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .filter(|f| f["ego"] == true)
        .map(|f| f["id"].as_u64().expect("id"))
        .collect();
    assert_eq!(facts.len(), ego.fact_count());
    // Each fact's citations are there: every attribution, with its outlet.
    for f in d["facts"].as_array().expect("facts") {
        let id = f["id"].as_u64().expect("id") as usize;
        let fact = g.facts().nth(id).expect("a fact of the graph");
        assert_eq!(
            f["sources"].as_array().expect("sources").len(),
            fact.sources().len()
        );
    }
    // The summary's numbers are the graph's.
    assert_eq!(d["summary"]["facts"].as_u64(), Some(g.fact_count() as u64));
    assert_eq!(
        d["summary"]["conflicts"].as_u64(),
        Some(g.conflicts().count() as u64)
    );
}

#[test]
fn hostile_names_quotes_and_notes_cannot_leave_the_data() {
    // Made-up data with the hostile strings of scripts/hostile_graph.py and more.
    let hostile = [
        "</script><script>alert(1)</script>",
        "<!-- <script>alert(2)</script> -->",
        "<img src=x onerror=alert(3)>",
        "\u{202e}gnp.exe\u{202c} \u{2066}isolate\u{2069} \u{2028}",
        "</SCRIPT\t>",
    ];
    let mut json = String::from(
        r#"{"factgraph": 2, "reports": [{"id": "r", "outlet": "w", "published": "2020-01-01", "url": "javascript:alert(4)", "headline": "</script>"}],
        "entities": [{"id": "w", "kind": "source", "name": "Made-up Wire"}, {"id": "m", "kind": "state_body", "name": "Made-up Ministry"}"#,
    );
    for (i, h) in hostile.iter().enumerate() {
        json.push_str(&format!(
            r#", {{"id": "p{i}", "kind": "person", "name": {n}, "aliases": [{n}], "note": {n}}}"#,
            n = serde_json::to_string(h).expect("json")
        ));
    }
    json.push_str(r#"], "facts": ["#);
    for (i, h) in hostile.iter().enumerate() {
        let n = serde_json::to_string(h).expect("json");
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!(
            r#"{{"relation": "holds_position", "subject": "p{i}", "object": "m", "role": {{"title": {n}}}, "note": {n},
              "sources": [{{"report": "r", "quote": {n}, "speaker": "p{i}", "inferred": {n}}}]}}"#
        ));
    }
    json.push_str("]}");
    let g = KnowledgeGraph::from_json(&json).expect("the made-up graph loads");
    let m = g.find("Made-up Ministry").expect("the ministry");
    let page = briefing::to_html(&g, &BriefingOptions::new().focus(m.id())).expect("a page");
    let lower = page.to_lowercase();
    assert_eq!(lower.matches("<script").count(), 3);
    assert_eq!(lower.matches("</script").count(), 3);
    assert!(!lower.contains("<img") && !lower.contains("<!-- <script"));
    assert!(!page.contains('\u{202e}') && !page.contains('\u{2066}') && !page.contains('\u{2028}'));
    // The strings come back unchanged when the page's script parses its data.
    let d = data(&page);
    let names: Vec<&str> = d["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| e["name"].as_str().expect("name"))
        .collect();
    for h in hostile {
        assert!(names.contains(&h), "{h:?}");
    }
    let quotes: Vec<&str> = d["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .flat_map(|f| f["sources"].as_array().expect("sources"))
        .map(|s| s["quote"].as_str().expect("quote"))
        .collect();
    assert_eq!(quotes.len(), hostile.len());
}

#[test]
fn the_page_is_written_atomically_and_errors_say_what() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("briefing-write");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a directory");
    let g = datasets::edm_2004_v1_i133();
    let path = dir.join("brief.html");
    let bytes = briefing::write_html(g, &BriefingOptions::new(), &path).expect("written");
    assert_eq!(
        std::fs::metadata(&path).expect("a file").len() as usize,
        bytes
    );
    let err = briefing::write_html(g, &BriefingOptions::new(), &dir.join("no/such/dir/x.html"))
        .expect_err("no such directory");
    assert!(err.to_string().contains("x.html"), "{err}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}
