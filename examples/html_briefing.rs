//! Writes a briefing page (`factgraph::briefing`) and, beside it, the Rust API's answers
//! that `scripts/check_html.py` compares the page with in a browser.
//!
//! ```text
//! cargo run --example html_briefing -- [OUT_DIR] [FOCUS_NAME]
//! ```
//!
//! OUT_DIR defaults to `target/html-briefing`, the focus to "Altynbayev"; the graph is the
//! built-in corpus. Written: `briefing.html`, and `expect.json` with, for each state of the
//! page's filters the check sets, the entity keys and fact numbers that
//! [`KnowledgeGraph::ego_network`](factgraph::KnowledgeGraph::ego_network) answers, and the
//! citations of the facts within one hop.

use std::error::Error;
use std::path::PathBuf;

use factgraph::briefing::{self, BriefingOptions, Focus};
use factgraph::{DateRange, EntityId, Filter, KnowledgeGraph, PartialDate, Relation, datasets};
use serde_json::{Value, json};

/// What `ego_network` answers for the focus through `filter` within `hops`.
fn state(g: &KnowledgeGraph, focus: EntityId, name: &str, hops: usize, filter: Filter) -> Value {
    let ego = g
        .ego_network(focus, hops, filter)
        .expect("the focus is in the graph");
    let mut facts: Vec<usize> = ego.fact_ids().iter().map(|f| f.index()).collect();
    facts.sort_unstable();
    let mut keys: Vec<&str> = ego.entities().map(|e| e.key()).collect();
    keys.sort_unstable();
    json!({"name": name, "hops": hops, "entities": keys, "facts": facts})
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/html-briefing".into()));
    let name = args.next().unwrap_or_else(|| "Altynbayev".into());
    let g = datasets::corpus();
    let focus = Focus::resolve(g, &name)?;
    let id = focus.entity.id();
    std::fs::create_dir_all(&dir)?;
    let page = dir.join("briefing.html");
    let bytes = briefing::write_html(g, &BriefingOptions::new().focus(id), &page)?;

    // The relation most frequent at the focus, for the relation filter.
    let one_hop = g.ego_network(id, 1, Filter::any()).ok_or("no network")?;
    let mut counts: Vec<(usize, Relation)> = Relation::ALL
        .iter()
        .map(|r| (one_hop.facts().filter(|f| f.relation() == *r).count(), *r))
        .collect();
    counts.sort_by_key(|(n, r)| (std::cmp::Reverse(*n), *r as u8));
    let relation = counts.first().map(|(_, r)| *r).ok_or("no relation")?;
    let year = PartialDate::year(2004)?;
    let states = vec![
        state(g, id, "hops1", 1, Filter::any()),
        state(g, id, "hops2", 2, Filter::any()),
        state(g, id, "relation", 1, Filter::relation(relation)),
        state(g, id, "stated", 1, Filter::any().stated_only()),
        state(g, id, "year", 1, Filter::any().during(DateRange::of(year))),
    ];
    // The citations of each fact within one hop, as the page should show them.
    let citations: Vec<Value> = one_hop
        .facts()
        .map(|f| {
            let sources: Vec<Value> = f
                .sources()
                .map(|s| {
                    json!({
                        "publication": s.publication().name(),
                        "cited": s.cited().map(|c| c.name()),
                        "speaker": s.speaker().map(|p| p.name()),
                        "quote": s.quote(),
                        "url": s.report().and_then(|r| r.url()),
                        "inferred": s.inferred(),
                    })
                })
                .collect();
            json!({"fact": f.id().index(), "text": f.to_string(), "sources": sources})
        })
        .collect();
    let expect = json!({
        "focus": focus.entity.key(),
        "focus_name": focus.entity.name(),
        "relation": relation.to_string(),
        "year": year.to_string(),
        "states": states,
        "citations": citations,
    });
    std::fs::write(
        dir.join("expect.json"),
        serde_json::to_string_pretty(&expect)?,
    )?;
    println!(
        "wrote {} ({bytes} bytes) and expect.json: focus {}, {} entities and {} facts within one hop",
        page.display(),
        focus.entity.name(),
        one_hop.entity_count(),
        one_hop.fact_count()
    );
    Ok(())
}
