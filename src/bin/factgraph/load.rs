//! Loading report files for a command: the built-in corpus when no path is given, else
//! every file merged in path order, with a progress bar (one tick per file) on a terminal.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use factgraph::KnowledgeGraph;
use factgraph::corpus::{FileFormat, LoadError, MergePolicy, MergeReport, report_files};
use factgraph::datasets;
use factgraph::interchange::jsonl::{ImportMode, import_jsonl};
use indicatif::{ProgressBar, ProgressStyle};

use super::Failure;

/// A merged graph and how it was merged.
pub struct Loaded {
    pub graph: KnowledgeGraph,
    pub report: MergeReport,
    /// The number of files read (0 for the built-in corpus).
    pub files: usize,
}

/// The files under `paths`, in order.
fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    for p in paths {
        let found = report_files(p).map_err(|e| e.to_string())?;
        if found.is_empty() {
            return Err(format!(
                "{}: no report files (.json, .jsonl, .ndjson)",
                p.display()
            ));
        }
        out.extend(found);
    }
    Ok(out)
}

/// A progress bar on standard error for `n` files; hidden when standard error is not a
/// terminal (indicatif's default) or for a single file.
fn progress(n: usize) -> ProgressBar {
    if n < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(n as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files  {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// The graph of `paths` merged in order with the default policy, or the built-in corpus.
pub fn load(paths: &[PathBuf]) -> Result<Loaded, Failure> {
    if paths.is_empty() {
        let (g, report) = datasets::try_corpus().map_err(|e| e.to_string())?;
        return Ok(Loaded {
            graph: g.clone(),
            report: report.clone(),
            files: 0,
        });
    }
    let files = files(paths)?;
    let bar = progress(files.len());
    let policy = MergePolicy::new();
    let mut graph = KnowledgeGraph::new();
    let mut report = MergeReport::default();
    for file in &files {
        bar.set_message(file.display().to_string());
        let r = graph.merge_path(file, &policy).map_err(|e| {
            bar.finish_and_clear();
            e.to_string()
        })?;
        report.absorb(r);
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(Loaded {
        graph,
        report,
        files: files.len(),
    })
}

/// Loads each file under `paths` on its own and returns every error, each starting
/// `file:line:column:` where the position is known. JSON Lines files report every bad
/// line; a JSON document stops at its first error.
pub fn check(paths: &[PathBuf]) -> Result<Vec<String>, Failure> {
    let files = files(paths)?;
    let bar = progress(files.len());
    let mut errors = Vec::new();
    for file in &files {
        bar.set_message(file.display().to_string());
        errors.extend(check_file(file));
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(errors)
}

fn check_file(file: &Path) -> Vec<String> {
    if FileFormat::of_path(file) == Some(FileFormat::JsonLines) {
        let reader = match File::open(file) {
            Ok(f) => BufReader::new(f),
            Err(e) => return vec![format!("{}: {e}", file.display())],
        };
        let mut g = KnowledgeGraph::new();
        return match import_jsonl(&mut g, reader, ImportMode::SkipAndReport) {
            Ok(report) => report
                .errors
                .iter()
                .map(|e| {
                    let col = e.column().unwrap_or(1);
                    format!("{}:{}:{col}: {}", file.display(), e.line(), e.kind())
                })
                .collect(),
            Err(e) => vec![format!(
                "{}:{}:{}: {}",
                file.display(),
                e.line(),
                e.column().unwrap_or(1),
                e.kind()
            )],
        };
    }
    match KnowledgeGraph::new().merge_path(file, &MergePolicy::new()) {
        Ok(_) => Vec::new(),
        Err(LoadError::Merge { path, source }) => {
            vec![format!("{}: cannot merge: {source}", path.display())]
        }
        Err(e) => vec![e.to_string()],
    }
}
