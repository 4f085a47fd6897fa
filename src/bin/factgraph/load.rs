//! Loading report files for a command: the built-in corpus when no path is given, else
//! every file merged in path order, with a progress bar (one tick per file) on a terminal
//! or as `--progress` says.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use factgraph::corpus::{
    FileFormat, LoadError, MergePolicy, MergeReport, read_json_file, report_files,
};
use factgraph::datasets;
use factgraph::interchange::jsonl::{ImportMode, import_jsonl};
use factgraph::{KnowledgeGraph, Limits};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

use super::Failure;

/// When to draw the progress bar of a load, on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Progress {
    /// When standard error is a terminal and there are at least two files.
    #[default]
    Auto,
    /// Always, for any number of files, whatever standard error is (a pipe, a log file).
    Always,
    /// Never.
    Never,
}

/// A merged graph and how it was merged.
pub struct Loaded {
    pub graph: KnowledgeGraph,
    pub report: MergeReport,
    /// The number of files read (0 for the built-in corpus).
    pub files: usize,
    /// What the files merged into.
    pub base: Base,
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

/// A progress bar on standard error for `n` files: with `Auto`, hidden when standard
/// error is not a terminal (indicatif's default) or for a single file.
fn progress(n: usize, when: Progress) -> ProgressBar {
    let bar = match when {
        Progress::Never => return ProgressBar::hidden(),
        Progress::Auto if n < 2 => return ProgressBar::hidden(),
        Progress::Auto => ProgressBar::new(n as u64),
        Progress::Always => ProgressBar::with_draw_target(
            Some(n as u64),
            ProgressDrawTarget::term_like_with_hz(Box::new(Stderr), 20),
        ),
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files  {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// Standard error taken for an 80-column ANSI terminal, for `--progress always`:
/// indicatif's own terminal target hides itself when standard error is not a terminal.
#[derive(Debug)]
struct Stderr;

impl Stderr {
    fn write(s: &str) -> std::io::Result<()> {
        std::io::stderr().lock().write_all(s.as_bytes())
    }

    fn cursor(n: usize, code: char) -> std::io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        Stderr::write(&format!("\x1b[{n}{code}"))
    }
}

impl TermLike for Stderr {
    fn width(&self) -> u16 {
        80
    }

    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        Stderr::cursor(n, 'A')
    }

    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        Stderr::cursor(n, 'B')
    }

    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        Stderr::cursor(n, 'C')
    }

    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        Stderr::cursor(n, 'D')
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        Stderr::write(&format!("{s}\n"))
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        Stderr::write(s)
    }

    fn clear_line(&self) -> std::io::Result<()> {
        Stderr::write("\r\x1b[2K")
    }

    fn flush(&self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// Where the files of a command merge into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// An empty graph, or the snapshot given as the first path; the built-in corpus when
    /// no path is given.
    Paths,
    /// The built-in corpus (`--with-corpus`): the merge report covers only the files.
    Corpus,
}

/// The graph of `paths` merged in order with the default policy into `base`, or the
/// built-in corpus when there are no paths.
pub fn load(paths: &[PathBuf], base: Base, when: Progress) -> Result<Loaded, Failure> {
    if paths.is_empty() {
        let (g, report) = datasets::try_corpus().map_err(|e| e.to_string())?;
        return Ok(Loaded {
            graph: g.clone(),
            // With --with-corpus and no files, nothing was merged into the corpus.
            report: match base {
                Base::Corpus => MergeReport::default(),
                Base::Paths => report.clone(),
            },
            files: 0,
            base,
        });
    }
    // A snapshot first: the built graph it holds, into which the other files merge.
    let (mut graph, rest) = match (paths.split_first(), base) {
        (Some((first, _)), Base::Corpus) if is_snapshot(first) => {
            return Err(format!(
                "{}: --with-corpus merges files into the built-in corpus; a snapshot is a \
                 graph of its own (give it first without --with-corpus to merge into it)",
                first.display()
            ));
        }
        (_, Base::Corpus) => (
            datasets::try_corpus().map_err(|e| e.to_string())?.0.clone(),
            paths,
        ),
        (Some((first, rest)), Base::Paths) if is_snapshot(first) => (
            KnowledgeGraph::open_snapshot(first).map_err(|e| e.to_string())?,
            rest,
        ),
        _ => (KnowledgeGraph::new(), paths),
    };
    if let Some(p) = rest.iter().find(|p| is_snapshot(p)) {
        return Err(format!(
            "{}: a snapshot can only be the first path (the graph the others merge into)",
            p.display()
        ));
    }
    let files = if rest.is_empty() {
        Vec::new()
    } else {
        self::files(rest)?
    };
    let bar = progress(files.len(), when);
    let policy = MergePolicy::new();
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
        files: files.len() + (paths.len() - rest.len()),
        base,
    })
}

/// Whether `path` is a factgraph snapshot: named `*.fgsnap`, or a file that starts with
/// the snapshot magic.
pub fn is_snapshot(path: &Path) -> bool {
    if is_snapshot_name(path) {
        return true;
    }
    let mut magic = [0u8; 8];
    path.is_file()
        && File::open(path)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
            .is_ok()
        && magic == factgraph::snapshot::MAGIC
}

/// Whether an output path names a snapshot (`*.fgsnap`).
pub fn is_snapshot_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case(SNAPSHOT_EXTENSION))
}

/// The file extension of snapshots the tool writes and recognises.
pub const SNAPSHOT_EXTENSION: &str = "fgsnap";

/// What `check` found: one line per error (or note), and the number of errors.
#[derive(Debug, Default)]
pub struct Checked {
    pub lines: Vec<String>,
    pub errors: usize,
}

impl Checked {
    /// Adds `other`'s lines and errors after these.
    fn absorb(&mut self, other: Checked) {
        self.lines.extend(other.lines);
        self.errors += other.errors;
    }
}

/// Checks each file under `paths` on its own and returns every error, each starting
/// `file:line:column:` where the position is known. JSON Lines files report every bad
/// line; a JSON document every refused entity, report or fact and record of the wrong
/// shape, up to `max_errors` listed per file, stopping only at malformed JSON.
pub fn check(paths: &[PathBuf], max_errors: usize, when: Progress) -> Result<Checked, Failure> {
    // Snapshots are checked whole (header, checksums, every value, the graph's rules).
    let (snapshots, reports): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| is_snapshot(p));
    let mut files = if reports.is_empty() {
        Vec::new()
    } else {
        self::files(&reports)?
    };
    files.extend(snapshots);
    let bar = progress(files.len(), when);
    let mut checked = Checked::default();
    for file in &files {
        bar.set_message(file.display().to_string());
        if is_snapshot(file) {
            if let Err(e) = KnowledgeGraph::open_snapshot(file) {
                checked.errors += 1;
                checked.lines.push(format!("{}: {e}", file.display()));
            }
            bar.inc(1);
            continue;
        }
        let found = match FileFormat::of_path(file) {
            Some(FileFormat::JsonLines) => check_lines(file),
            _ => check_json(file, max_errors),
        };
        checked.errors += found.errors;
        checked.lines.extend(found.lines);
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(checked)
}

/// Every error of a JSON document; if it has none, merging it into an empty graph too.
fn check_json(file: &Path, max_errors: usize) -> Checked {
    let one = |line: String| Checked {
        lines: vec![line],
        errors: 1,
    };
    // A regular file of a bounded size, stopped early when it cannot be JSON at all.
    let bytes = match read_json_file(file, &Limits::default()) {
        Ok(b) => b,
        Err(LoadError::Json { path, source }) => {
            return one(format!(
                "{}:{}:{}: {}",
                path.display(),
                source.line(),
                source.column(),
                source.kind()
            ));
        }
        Err(e) => return one(e.to_string()),
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        // The loader locates the first invalid byte.
        Err(_) => {
            return match KnowledgeGraph::from_json_slice(&bytes) {
                Err(e) => one(format!(
                    "{}:{}:{}: {}",
                    file.display(),
                    e.line(),
                    e.column(),
                    e.kind()
                )),
                Ok(_) => one(format!("{}: not UTF-8", file.display())),
            };
        }
    };
    let check = KnowledgeGraph::check_json(text, max_errors);
    let candidates = check_candidates(file, text);
    if check.is_ok() {
        let mut checked = match KnowledgeGraph::new().merge_path(file, &MergePolicy::new()) {
            Ok(_) => Checked::default(),
            Err(LoadError::Merge { path, source }) => {
                one(format!("{}: cannot merge: {source}", path.display()))
            }
            Err(e) => one(e.to_string()),
        };
        checked.absorb(candidates);
        return checked;
    }
    let mut lines: Vec<String> = check
        .errors
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{}: {}",
                file.display(),
                e.line(),
                e.column(),
                e.kind()
            )
        })
        .collect();
    if check.more > 0 {
        lines.push(format!(
            "{}: ... and {} more error{} (only the first {} are listed; see --max-errors)",
            file.display(),
            check.more,
            if check.more == 1 { "" } else { "s" },
            check.errors.len()
        ));
    }
    if check.stopped {
        lines.push(format!(
            "{}: checking stopped at the error above; the rest of the file was not read",
            file.display()
        ));
    }
    let mut checked = Checked {
        lines,
        errors: check.count(),
    };
    checked.absorb(candidates);
    checked
}

/// A candidate file's `candidates` section (which the loader leaves out): a note with
/// its candidates by review mark, then each issue located; nothing for another file.
fn check_candidates(file: &Path, text: &str) -> Checked {
    let Some(check) = factgraph::coding::check_candidates(text) else {
        return Checked::default();
    };
    let mut lines = vec![format!(
        "{}: note: a candidate file: {} candidate{} ({}), none of them in the graph it loads \
         into until `factgraph review {} --apply REPORT.json` writes the accepted ones as facts",
        file.display(),
        check.counts.total(),
        if check.counts.total() == 1 { "" } else { "s" },
        check.counts,
        file.display()
    )];
    lines.extend(
        check
            .issues
            .iter()
            .map(|i| format!("{}:{}:{}: {}", file.display(), i.line, i.column, i.kind)),
    );
    if check.more > 0 {
        lines.push(format!(
            "{}: ... and {} more candidate error{}",
            file.display(),
            check.more,
            if check.more == 1 { "" } else { "s" }
        ));
    }
    Checked {
        lines,
        errors: check.issues.len() + check.more,
    }
}

fn check_lines(file: &Path) -> Checked {
    let lines = check_lines_file(file);
    Checked {
        errors: lines.len(),
        lines,
    }
}

fn check_lines_file(file: &Path) -> Vec<String> {
    // Checked before opening: opening a FIFO would block.
    if let Err(e) = factgraph::interchange::file::regular_file_len(file) {
        return vec![format!("{}: {e}", file.display())];
    }
    let reader = match File::open(file) {
        Ok(f) => BufReader::new(f),
        Err(e) => return vec![format!("{}: {e}", file.display())],
    };
    let mut g = KnowledgeGraph::new();
    match import_jsonl(&mut g, reader, ImportMode::SkipAndReport) {
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
    }
}
