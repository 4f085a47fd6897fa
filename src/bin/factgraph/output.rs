//! Printing answers: aligned tables, JSON and CSV; query errors with a caret; the briefing.

use std::collections::HashSet;

use clap::ValueEnum;
use factgraph::cypher::{CypherError, QueryResult, Value};
use factgraph::{FactRef, Relation};
use serde_json::{Value as Json, json};

use super::load::Loaded;

/// How `ask` and the shell print a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned text table (with numbered citations under it).
    Table,
    /// One JSON object: columns, and rows with values and facts.
    Json,
    /// CSV with a header row (a `sources` column with the citations).
    Csv,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        <Format as ValueEnum>::from_str(s.trim(), true)
            .map_err(|_| format!("unknown format {s:?} (table, json or csv)"))
    }
}

/// The result in `format`, with its citations when `sources`.
pub fn render(result: &QueryResult<'_>, format: Format, sources: bool) -> String {
    match format {
        Format::Table if sources => result.with_sources().to_string(),
        Format::Table => result.to_string(),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(result, sources))
                .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
            text.push('\n');
            text
        }
        Format::Csv => to_csv(result, sources),
    }
}

fn value_json(v: &Value<'_>) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(n) => json!(n),
        Value::Str(s) => json!(s),
        Value::Date(d) => json!(d.to_string()),
        Value::Entity(e) => json!({"key": e.key(), "name": e.name(), "kind": e.kind().to_string()}),
        Value::Fact(f) => json!({"fact": f.id().index(), "text": f.to_string()}),
        Value::Path(p) => json!({
            "path": p.entities().map(|e| e.key()).collect::<Vec<_>>(),
            "facts": p.hops().iter().map(|h| h.fact().id().index()).collect::<Vec<_>>(),
            "text": v.to_string(),
        }),
        other => json!(other.to_string()),
    }
}

fn fact_json(f: FactRef<'_>) -> Json {
    json!({
        "fact": f.id().index(),
        "text": f.to_string(),
        "sources": f.sources().map(|s| s.to_string()).collect::<Vec<_>>(),
    })
}

fn to_json(result: &QueryResult<'_>, sources: bool) -> Json {
    let rows: Vec<Json> = result
        .rows
        .iter()
        .map(|row| {
            let values: Vec<Json> = row.values.iter().map(value_json).collect();
            if sources {
                let facts: Vec<Json> = result.facts(row).map(fact_json).collect();
                json!({"values": values, "facts": facts})
            } else {
                json!({"values": values})
            }
        })
        .collect();
    json!({"columns": result.columns, "rows": rows})
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn to_csv(result: &QueryResult<'_>, sources: bool) -> String {
    let mut header: Vec<String> = result.columns.iter().map(|c| field(c)).collect();
    if sources {
        header.push("sources".into());
    }
    let mut out = header.join(",");
    out.push('\n');
    for row in &result.rows {
        let mut cells: Vec<String> = row.values.iter().map(|v| field(&v.to_string())).collect();
        if sources {
            let cites: Vec<String> = result
                .facts(row)
                .map(|f| format!("{f} — {}", f.sources_line()))
                .collect();
            cells.push(field(&cites.join(" | ")));
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// The most characters of the query's line shown on each side of the caret: a query of
/// one 100,000-character line must not print it whole (twice, with the padding).
const CONTEXT_CHARS: usize = 60;

/// The error with the query's offending line (at most [`CONTEXT_CHARS`] characters each
/// side of the column, cut with "…") and a caret under the column.
pub fn query_error(query: &str, e: &CypherError) -> String {
    let mut out = e.to_string();
    if let Some((line, column)) = e.position()
        && let Some(text) = query.lines().nth(line.saturating_sub(1) as usize)
    {
        let column = column.saturating_sub(1) as usize;
        let from = column.saturating_sub(CONTEXT_CHARS);
        let shown: String = text
            .chars()
            .skip(from)
            .take(column - from + CONTEXT_CHARS)
            .collect();
        let before = if from > 0 { "…" } else { "" };
        let after = if text.chars().nth(column + CONTEXT_CHARS).is_some() {
            "…"
        } else {
            ""
        };
        let pad: String = before
            .chars()
            .map(|_| ' ')
            .chain(
                shown
                    .chars()
                    .take(column - from)
                    .map(|c| if c == '\t' { '\t' } else { ' ' }),
            )
            .collect();
        out.push_str(&format!("\n  {before}{shown}{after}\n  {pad}^"));
    }
    out
}

/// The merge report and a short briefing: counts, the reports, the facts stated by two or
/// more outlets, and the conflicts.
pub fn brief(loaded: &Loaded) -> String {
    let g = &loaded.graph;
    let mut out = String::new();
    if loaded.files == 0 {
        out.push_str("== How the built-in corpus was merged ==\n");
    } else {
        out.push_str(&format!("== How {} files were merged ==\n", loaded.files));
    }
    out.push_str(&loaded.report.to_string());
    out.push_str(&format!(
        "\n== BRIEFING: {} ==\n{} entities, {} facts from {} reports; {} inferred by the coder, {} stated by two or more outlets.\n",
        g.title().unwrap_or("the merged report files"),
        g.entity_count(),
        g.fact_count(),
        g.report_count(),
        g.facts().filter(|f| f.is_inferred()).count(),
        g.facts().filter(|f| f.support().outlets >= 2).count(),
    ));
    out.push_str("\nFacts by relation:");
    for &relation in Relation::ALL {
        let n = g.facts_of_relation(relation).len();
        if n > 0 {
            out.push_str(&format!(" {relation} {n};"));
        }
    }
    out.push('\n');
    let mut strong: Vec<FactRef<'_>> = g
        .facts()
        .filter(|f| f.support().outlets >= 2 && !f.is_inferred())
        .collect();
    strong.sort_by_key(|f| (std::cmp::Reverse(f.support().outlets), f.date(), f.id()));
    out.push_str("\n== Best corroborated (stated by the most outlets) ==\n");
    for f in strong.iter().take(10) {
        let s = f.support();
        out.push_str(&format!(
            "- {f}  [{} outlets, {} independent origins]\n",
            s.outlets, s.origins
        ));
    }
    let conflicts: Vec<_> = g.conflicts().collect();
    out.push_str(&format!(
        "\n== Where reports disagree ({}) ==\n",
        conflicts.len()
    ));
    let mut seen = HashSet::new();
    for c in conflicts.iter().take(10) {
        if seen.insert(c.to_string()) {
            out.push_str(&format!("- {c}\n"));
        }
    }
    out
}
