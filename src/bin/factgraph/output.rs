//! Printing answers: aligned tables, JSON and CSV; query errors with a caret; the briefing.

use std::collections::HashSet;

use clap::ValueEnum;
use factgraph::cypher::{CypherError, QueryResult, Value};
use factgraph::query::summary::best_corroborated;
use factgraph::{FactRef, KnowledgeGraph, Relation, Report, ReportId};
use serde_json::{Value as Json, json};

use super::load::{Base, Loaded};

/// How `ask` and the shell print a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned text table (with numbered citations under it).
    Table,
    /// One JSON object: columns, rows with values and citations (each fact's content
    /// key, text and sources: report, URL, outlet, date, cited outlet, speaker, quote,
    /// stated or inferred with the reason), and warnings.
    Json,
    /// CSV with a header row; citation columns (fact_keys, reports, urls, outlets,
    /// published, reported, cited, speakers, quotes, inferred) hold one entry per attribution,
    /// joined with " | ".
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

/// A fact with its citations, as JSON: the fact's content key (stable across loads) and
/// text, then one object per attribution with the report's key, URL, outlet and date,
/// the outlet it cites, the speaker and quote, and whether it is stated or inferred (with
/// the coder's reason).
fn fact_json(f: FactRef<'_>) -> Json {
    let sources: Vec<Json> = f
        .sources()
        .map(|s| {
            let report = s.report();
            json!({
                "report": report.map(|r| r.key()),
                "url": report.and_then(|r| r.url()),
                "outlet": s.publication().name(),
                "published": report.map(|r| r.published().to_string()),
                "reported": s.reported().to_string(),
                "cited": s.cited().map(|c| c.name()),
                "speaker": s.speaker().map(|p| p.name()),
                "quote": s.quote(),
                "stated": s.inferred().is_none(),
                "inferred": s.inferred(),
            })
        })
        .collect();
    json!({
        "fact": f.key().to_string(),
        "text": f.to_string(),
        "relation": f.relation().as_str(),
        "subject": f.subject().key(),
        "object": f.object().key(),
        "sources": sources,
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
                json!({"values": values, "citations": facts})
            } else {
                json!({"values": values})
            }
        })
        .collect();
    json!({"columns": result.columns, "rows": rows, "warnings": result.warnings()})
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The citation columns of CSV output: one entry per attribution of the row's facts, in
/// the same order in every column, joined with ` | `.
const CSV_CITATION_COLUMNS: [&str; 10] = [
    "fact_keys",
    "reports",
    "urls",
    "outlets",
    "published",
    "reported",
    "cited",
    "speakers",
    "quotes",
    "inferred",
];

/// The separator of the entries of a citation column.
const CSV_SEPARATOR: &str = " | ";

fn to_csv(result: &QueryResult<'_>, sources: bool) -> String {
    let mut header: Vec<String> = result.columns.iter().map(|c| field(c)).collect();
    if sources {
        header.extend(CSV_CITATION_COLUMNS.iter().map(|c| (*c).to_owned()));
    }
    let mut out = header.join(",");
    out.push('\n');
    for row in &result.rows {
        let mut cells: Vec<String> = row.values.iter().map(|v| field(&v.to_string())).collect();
        if sources {
            let mut columns: [Vec<String>; 10] = Default::default();
            for f in result.facts(row) {
                let key = f.key().to_string();
                for s in f.sources() {
                    let report = s.report();
                    let entry = [
                        key.clone(),
                        report.map(|r| r.key().to_owned()).unwrap_or_default(),
                        report.and_then(|r| r.url()).unwrap_or_default().to_owned(),
                        s.publication().name().to_owned(),
                        report
                            .map(|r| r.published().to_string())
                            .unwrap_or_default(),
                        s.reported().to_string(),
                        s.cited().map(|c| c.name().to_owned()).unwrap_or_default(),
                        s.speaker().map(|p| p.name().to_owned()).unwrap_or_default(),
                        s.quote().unwrap_or_default().replace(CSV_SEPARATOR, " / "),
                        s.inferred()
                            .unwrap_or_default()
                            .replace(CSV_SEPARATOR, " / "),
                    ];
                    for (column, value) in columns.iter_mut().zip(entry) {
                        column.push(value);
                    }
                }
            }
            cells.extend(columns.iter().map(|c| field(&c.join(CSV_SEPARATOR))));
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

/// How many items each section of the one-screen briefing lists.
const BRIEF_ITEMS: usize = 8;

/// The one-screen briefing (about 50 lines): the graph in numbers, what the files
/// changed (with `--with-corpus` or a snapshot, only theirs), the best corroborated facts,
/// where reports disagree, and the latest reports with what they said.
pub fn brief(loaded: &Loaded) -> String {
    let g = &loaded.graph;
    let mut out = String::new();
    out.push_str(&format!(
        "== BRIEFING: {} ==\n{}.\n",
        g.title().unwrap_or("the merged report files"),
        g.summary()
    ));
    out.push_str(&by_relation(g));
    let what = match (loaded.files, loaded.base) {
        (0, Base::Paths) => "the built-in corpus was merged".to_owned(),
        (0, Base::Corpus) => "no file was merged into the corpus".to_owned(),
        (n, Base::Corpus) => format!("your {} merged into the corpus", files(n)),
        (n, Base::Paths) => format!("the {} merged", files(n)),
    };
    out.push_str(&format!("\n== What changed: {what} ==\n"));
    for line in loaded.report.to_string().lines().take(2) {
        out.push_str(&format!("  {line}\n"));
    }
    out.push_str(&candidates_line(loaded));
    let strong = best_corroborated(g.facts());
    out.push_str(&format!(
        "\n== Best corroborated ({} stated by two or more outlets; the first {}) ==\n",
        strong.len(),
        BRIEF_ITEMS.min(strong.len())
    ));
    for f in strong.iter().take(BRIEF_ITEMS) {
        out.push_str(&short(&format!("- {}", support_line(f))));
    }
    let conflicts = distinct_conflicts(g);
    out.push_str(&format!(
        "\n== Where reports disagree ({}; the first {}) ==\n",
        conflicts.len(),
        BRIEF_ITEMS.min(conflicts.len())
    ));
    for c in conflicts.iter().take(BRIEF_ITEMS) {
        out.push_str(&short(&format!("- {c}")));
    }
    let mut reports: Vec<(ReportId, &Report)> = g.reports().collect();
    reports.sort_by_key(|(id, r)| (std::cmp::Reverse(r.published()), std::cmp::Reverse(*id)));
    out.push_str(&format!(
        "\n== Latest reports ({} in all; the newest {}) ==\n",
        reports.len(),
        BRIEF_ITEMS.min(reports.len())
    ));
    for (id, r) in reports.iter().take(BRIEF_ITEMS) {
        let facts = g.reported_in(*id).count();
        out.push_str(&short(&format!(
            "- {} {} ({}): {facts} fact{}",
            r.published(),
            g.entity(r.outlet()).map_or("?", |e| e.name()),
            r.key(),
            if facts == 1 { "" } else { "s" }
        )));
    }
    out.push_str(
        "\n`factgraph brief --full` lists the merge report and every fact; `factgraph ask` \
         answers questions (docs/CYPHER.md).\n",
    );
    out
}

/// The full briefing: the whole merge report, every fact by relation in date order with
/// its support, every conflict.
pub fn brief_full(loaded: &Loaded) -> String {
    let g = &loaded.graph;
    let mut out = String::new();
    match (loaded.files, loaded.base) {
        (0, Base::Paths) => out.push_str("== How the built-in corpus was merged ==\n"),
        (n, _) => out.push_str(&format!(
            "== How {} {} merged ==\n",
            files(n),
            if n == 1 { "was" } else { "were" }
        )),
    }
    out.push_str(&loaded.report.to_string());
    out.push_str(&candidates_line(loaded));
    out.push_str(&format!(
        "\n== BRIEFING: {} ==\n{} entities, {} facts from {} reports.\n",
        g.title().unwrap_or("the merged report files"),
        g.entity_count(),
        g.fact_count(),
        g.report_count(),
    ));
    out.push_str(&by_relation(g));
    for &relation in Relation::ALL {
        let mut facts: Vec<FactRef<'_>> = g.facts_of_relation(relation).collect();
        if facts.is_empty() {
            continue;
        }
        facts.sort_by_key(|f| (f.date(), f.id()));
        out.push_str(&format!(
            "\n== {} ({}) ==\n",
            relation.phrase(),
            facts.len()
        ));
        for f in facts {
            out.push_str(&format!("- {}\n  {}\n", support_line(&f), f.sources_line()));
        }
    }
    let conflicts = distinct_conflicts(g);
    out.push_str(&format!(
        "\n== Where reports disagree ({}) ==\n",
        conflicts.len()
    ));
    for c in &conflicts {
        out.push_str(&format!("- {c}\n"));
    }
    out
}

/// What candidate files held, which the graph leaves out: a line, or nothing when the
/// files held no candidates.
fn candidates_line(loaded: &Loaded) -> String {
    let c = loaded.report.candidates;
    if c.total() == 0 {
        return String::new();
    }
    format!(
        "  candidate files: {} candidate fact{} pending review ({c}), not in the graph nor in\n  \
         any count here until `factgraph review FILE --apply REPORT.json` makes the accepted ones a report.\n",
        c.pending,
        if c.pending == 1 { "" } else { "s" },
    )
}

/// `n file(s)`.
fn files(n: usize) -> String {
    format!("{n} file{}", if n == 1 { "" } else { "s" })
}

/// One line of counts by relation.
fn by_relation(g: &KnowledgeGraph) -> String {
    let mut out = String::from("Facts by relation:");
    for &relation in Relation::ALL {
        let n = g.facts_of_relation(relation).len();
        if n > 0 {
            out.push_str(&format!(" {relation} {n};"));
        }
    }
    out.push('\n');
    out
}

/// A fact with its support.
fn support_line(f: &FactRef<'_>) -> String {
    let s = f.support();
    format!(
        "{f}  [{} report{}, {} outlet{}, {} independent origin{}{}]",
        s.reports,
        if s.reports == 1 { "" } else { "s" },
        s.outlets,
        if s.outlets == 1 { "" } else { "s" },
        s.origins,
        if s.origins == 1 { "" } else { "s" },
        if f.is_inferred() { "; inferred" } else { "" }
    )
}

/// The conflicts, each description once: facts that disagree, then numbers that do.
fn distinct_conflicts(g: &KnowledgeGraph) -> Vec<String> {
    let mut seen = HashSet::new();
    g.conflicts()
        .map(|c| c.to_string())
        .chain(g.quantity_conflicts().map(|c| c.to_string()))
        .filter(|c| seen.insert(c.clone()))
        .collect()
}

/// The most characters of a line of the one-screen briefing.
const LINE_CHARS: usize = 160;

/// `line` cut to [`LINE_CHARS`] characters with "…", and a line end.
fn short(line: &str) -> String {
    let mut out: String = line.chars().take(LINE_CHARS).collect();
    if line.chars().nth(LINE_CHARS).is_some() {
        out.push('…');
    }
    out.push('\n');
    out
}
