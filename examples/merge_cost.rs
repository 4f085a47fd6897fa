//! What a merge costs against the size of the graph it merges into: a one-fact file (made
//! up) merged into synthetic graphs (made-up data) of growing size, and many such files in
//! a row. Issue 17 asks that a merge cost in proportion to what it adds, not to the graph.
//!
//! A second table merges hostile files of about 1 MB (made up): one statement made 10,000
//! times with different dates, by a recurring relation (`met`), a relation that happens
//! once (`attended`, every pair of dates a conflict) and a single-holder post, each
//! merged into an empty graph and then again.
//!
//! ```sh
//! cargo run --release --example merge_cost -- 10000 100000   # the README's table
//! ```
//!
//! With no arguments it runs a small graph (2,000 entities) and hostile files of 1,000
//! facts, in seconds even in a debug build: that is what the examples test runs. Only
//! release-build figures mean anything.

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

/// `n` new people (made up), each meeting the next.
fn many(n: usize) -> String {
    let people: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id": "made_up_m{i}", "kind": "person", "name": "Made-up Person{i} Example{i}"}}"#))
        .collect();
    let facts: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"relation": "met", "subject": "made_up_m{i}", "object": "made_up_m{}", "date": "2021-03-0{}"}}"#,
                (i + 1) % n,
                i % 9 + 1
            )
        })
        .collect();
    format!(
        r#"{{"factgraph": 2, "entities": [{}], "facts": [{}]}}"#,
        people.join(","),
        facts.join(",")
    )
}

/// One statement made `n` times with different dates (made up).
fn one_statement(n: usize, relation: &str) -> String {
    let (object_kind, subject) = match relation {
        "attended" => ("event", None),
        "holds_position" => ("state_body", Some(50)),
        _ => ("person", None),
    };
    let mut entities = vec![
        r#"{"id": "a", "kind": "person", "name": "Ann Example"}"#.to_owned(),
        format!(r#"{{"id": "b", "kind": "{object_kind}", "name": "Made-up Body"}}"#),
    ];
    entities.extend(
        (0..100).map(|i| {
            format!(r#"{{"id": "s{i}", "kind": "source", "name": "Made-up Outlet {i}"}}"#)
        }),
    );
    entities.extend(
        (0..subject.unwrap_or(0)).map(|i| {
            format!(r#"{{"id": "p{i}", "kind": "person", "name": "Person{i} Example{i}"}}"#)
        }),
    );
    let facts: Vec<String> = (0..n)
        .map(|i| {
            let d = i % 336;
            let date = format!("{}-{:02}-{:02}", 1900 + i / 336 % 120, d / 28 + 1, d % 28 + 1);
            let head = match subject {
                Some(k) => format!(
                    r#""relation": "{relation}", "subject": "p{}", "object": "b", "role": {{"title": "Minister"}}"#,
                    i % k
                ),
                None => format!(r#""relation": "{relation}", "subject": "a", "object": "b""#),
            };
            format!(r#"{{{head}, "date": "{date}", "sources": [{{"source": "s{}"}}]}}"#, i % 100)
        })
        .collect();
    format!(
        r#"{{"factgraph": 2, "entities": [{}], "facts": [{}]}}"#,
        entities.join(","),
        facts.join(",")
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let small = sizes.is_empty();
    let sizes = if small { vec![2_000] } else { sizes };
    let hostile = if small { 1_000 } else { 10_000 };
    println!(
        "| entities | facts | one 1-fact merge | 100 1-fact merges, each | a file of 1,000 new people and 1,000 meetings |"
    );
    println!("|---:|---:|---:|---:|---:|");
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
        let big = many(1_000);
        let t = Instant::now();
        g.merge_json(&big, &policy)?;
        let thousand = t.elapsed();
        println!("| {n} | {facts} | {one:.2?} | {each:.2?} | {thousand:.2?} |");
    }
    println!();
    println!(
        "| hostile file | bytes | merge into an empty graph | merge again | new conflicts (listed + counted) | all conflicts, `conflicts().count()` |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for relation in ["met", "attended", "holds_position"] {
        let doc = one_statement(hostile, relation);
        let mut g = factgraph::KnowledgeGraph::new();
        let policy = MergePolicy::new();
        let t = Instant::now();
        let first = g.merge_json(&doc, &policy)?;
        let once = t.elapsed();
        let t = Instant::now();
        g.merge_json(&doc, &policy)?;
        let again = t.elapsed();
        // Every pair of an `attended` statement's dates is a conflict (50 million for 10,000
        // dates), listed lazily; counting them is skipped.
        let all = if relation == "attended" {
            format!("({} pairs, not counted)", hostile * (hostile - 1) / 2)
        } else {
            let t = Instant::now();
            let n = g.conflicts().count();
            format!("{n} in {:.2?}", t.elapsed())
        };
        println!(
            "| one `{relation}` statement × {hostile} dates | {} | {once:.2?} | {again:.2?} | {} + {}{} | {all} |",
            doc.len(),
            first.new_conflicts.len(),
            first.new_conflicts_unlisted,
            if first.conflicts_unchecked {
                " (search stopped at its budget)"
            } else {
                ""
            }
        );
    }
    Ok(())
}
