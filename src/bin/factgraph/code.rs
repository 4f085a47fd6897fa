//! `factgraph code` and `factgraph review`: candidate facts from a report's text, and
//! their review (docs/CODING.md).

use std::io::BufRead;
use std::path::PathBuf;

use clap::Args;
use factgraph::KnowledgeGraph;
use factgraph::coding::review::{CandidateFile, Review};
use factgraph::coding::{Coder, ReportMeta};

use super::Failure;
use super::stdio;

/// `factgraph code REPORT.txt`.
#[derive(Args, Debug)]
pub(crate) struct CodeArgs {
    /// The report: plain text (paragraphs separated by blank lines), or an HTML page
    /// (named `.html`/`.htm`, or starting with `<`), whose text is coded and recorded.
    text: PathBuf,
    /// The report's key (default: the file's name).
    #[arg(long)]
    id: Option<String>,
    /// The outlet that published it.
    #[arg(long, default_value = "Unknown outlet")]
    outlet: String,
    /// Its publication date (EDTF: 2004-11-23, 2004-11), against which "November 19" and
    /// "on Wednesday" are read.
    #[arg(long)]
    published: Option<String>,
    /// Its headline.
    #[arg(long)]
    headline: Option<String>,
    /// Its URL.
    #[arg(long)]
    url: Option<String>,
    /// Graph files to link names to (none: the built-in corpus; `--empty`: none at all).
    #[arg(long = "graph", short = 'g')]
    graphs: Vec<PathBuf>,
    /// Link to no graph: only the coder's dictionary of countries and well-known bodies.
    #[arg(long)]
    empty: bool,
    /// Where to write the candidate file (default: standard output).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
}

/// `factgraph review FILE`.
#[derive(Args, Debug)]
pub(crate) struct ReviewArgs {
    /// The candidate file (written back with the marks).
    file: PathBuf,
    /// Accept these candidates (ids such as c3).
    #[arg(long, num_args = 1..)]
    accept: Vec<String>,
    /// Reject these candidates.
    #[arg(long, num_args = 1..)]
    reject: Vec<String>,
    /// Accept every candidate still pending.
    #[arg(long)]
    accept_all: bool,
    /// Ask about each pending candidate on the terminal (y: accept, n: reject, s: skip, q: stop).
    #[arg(long, short = 'i')]
    interactive: bool,
    /// Write a plain report file here: the accepted candidates as ordinary facts, no marks.
    #[arg(long, value_name = "REPORT.json")]
    apply: Option<PathBuf>,
}

pub(crate) fn code(a: CodeArgs) -> Result<(), Failure> {
    let text =
        std::fs::read_to_string(&a.text).map_err(|e| format!("{}: {e}", a.text.display()))?;
    let owned;
    let graph: &KnowledgeGraph = if a.empty {
        owned = KnowledgeGraph::new();
        &owned
    } else if a.graphs.is_empty() {
        factgraph::datasets::corpus()
    } else {
        let mut g = KnowledgeGraph::new();
        g.merge_paths(&a.graphs, &factgraph::corpus::MergePolicy::new())
            .map_err(|e| e.to_string())?;
        owned = g;
        &owned
    };
    let id = a.id.unwrap_or_else(|| {
        a.text.file_stem().map_or_else(
            || "report".to_owned(),
            |s| s.to_string_lossy().replace(['-', ' ', '.'], "_"),
        )
    });
    let mut meta = ReportMeta::new(id, a.outlet);
    if let Some(p) = a.published {
        meta = meta.published(p.parse().map_err(|e| format!("--published {p}: {e}"))?);
    }
    if let Some(h) = a.headline {
        meta = meta.headline(h);
    }
    if let Some(u) = a.url {
        meta = meta.url(u);
    }
    let coder = Coder::new(graph);
    let coding = if is_html(&a.text, &text) {
        let coding = coder.code_html(&text, &meta).map_err(|e| e.to_string())?;
        stdio::err(&format!(
            "{}: read as HTML; its text ({} characters, to which the spans refer) is recorded \
             in the candidate file under candidates.text",
            a.text.display(),
            coding.text.chars().count()
        ));
        coding
    } else {
        coder.code(&text, &meta).map_err(|e| e.to_string())?
    };
    let json = coding.to_json();
    match a.output {
        Some(p) => {
            std::fs::write(&p, json).map_err(|e| format!("{}: {e}", p.display()))?;
            stdio::err(&format!(
                "{} candidate facts, {} entities ({} new) written to {}; review them with `factgraph review {}`",
                coding.candidates.len(),
                coding.entities.len(),
                coding
                    .entities
                    .iter()
                    .filter(|e| matches!(e.link, factgraph::coding::Link::New { .. }))
                    .count(),
                p.display(),
                p.display()
            ));
        }
        None => stdio::out(&json)?,
    }
    Ok(())
}

/// Whether a report is an HTML page: named `.html`, `.htm` or `.xhtml`, or text whose
/// first non-blank character is `<` (plain text never starts with a tag).
fn is_html(path: &std::path::Path, text: &str) -> bool {
    path.extension().is_some_and(|x| {
        ["html", "htm", "xhtml"]
            .iter()
            .any(|h| x.eq_ignore_ascii_case(h))
    }) || text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
}

pub(crate) fn review(a: ReviewArgs) -> Result<(), Failure> {
    let path = &a.file;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut file = CandidateFile::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    for id in &a.accept {
        file.mark(id, Review::Accepted).map_err(|e| e.to_string())?;
    }
    for id in &a.reject {
        file.mark(id, Review::Rejected).map_err(|e| e.to_string())?;
    }
    if a.accept_all {
        file.mark_pending(Review::Accepted);
    }
    if a.interactive {
        let stdin = std::io::stdin();
        let mut lines = stdin.lock().lines();
        for id in file.ids() {
            let Some(d) = file.describe(&id).filter(|d| d.contains("[pending]")) else {
                continue;
            };
            stdio::out(&format!("{d}\naccept? [y/n/s/q] "))?;
            match lines
                .next()
                .transpose()
                .map_err(|e| e.to_string())?
                .as_deref()
                .map(str::trim)
            {
                Some("y") => file
                    .mark(&id, Review::Accepted)
                    .map_err(|e| e.to_string())?,
                Some("n") => file
                    .mark(&id, Review::Rejected)
                    .map_err(|e| e.to_string())?,
                Some("q") | None => break,
                _ => {}
            }
        }
    }
    std::fs::write(path, file.to_json()).map_err(|e| format!("{}: {e}", path.display()))?;
    let (pending, accepted, rejected) = file.counts();
    stdio::err(&format!(
        "{accepted} accepted, {rejected} rejected, {pending} pending"
    ));
    if let Some(out) = a.apply {
        std::fs::write(&out, file.into_report()).map_err(|e| format!("{}: {e}", out.display()))?;
        stdio::err(&format!(
            "report with the accepted facts written to {}; merge it like any report",
            out.display()
        ));
    }
    Ok(())
}
