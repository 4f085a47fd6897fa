//! `factgraph`: ask, merge, check and export report files from the command line.
//!
//! Built with the `cli` feature: `cargo install --path . --features cli`.
//!
//! Commands that read data take report files or directories (`.json`, `.jsonl`,
//! `.ndjson`, directories read recursively); with none they use the built-in corpus, and
//! with `--with-corpus` the files merge into it. For `ask` and `search` the **last**
//! argument is the query or text and any before it are the paths. Exit codes: 0 success,
//! 1 a data or query error, 2 a usage error.

mod code;
mod html;
mod load;
mod output;
mod shell;
mod stdio;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use factgraph::cypher::{Param, Params};
use factgraph::interchange::{dot, graphml, jsonl, neo4j, rdf};
use factgraph::{EntityKind, KnowledgeGraph, LookupError, PartialDate, Relation};

use load::Loaded;
use output::Format;

/// Ask questions of a knowledge graph of news-reported facts, in a Cypher subset; merge,
/// check and export report files.
///
/// PATHS are report files (.json, .jsonl, .ndjson) or directories of them; without any,
/// the built-in corpus (the EDM 2004 article and the kazakhstan_defence reports) is used.
/// With --with-corpus the files merge into the built-in corpus, and the merge report says
/// what they changed. A snapshot (.fgsnap) given first is the graph the others merge into.
///
/// The shell keeps its history in $FACTGRAPH_HISTORY, else ~/.factgraph_history.
#[derive(Parser, Debug)]
#[command(name = "factgraph", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Merge the given files into the built-in corpus (the merge report covers only what
    /// they changed) instead of reading them alone.
    #[arg(long, global = true)]
    with_corpus: bool,
    /// When to show a progress bar (on standard error) while loading files: `auto` when
    /// standard error is a terminal and there are several files.
    #[arg(long, global = true, value_enum, default_value_t = load::Progress::Auto)]
    progress: load::Progress,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// A one-screen briefing: the graph in numbers, what the files changed, the best
    /// corroborated facts, where reports disagree and the latest reports (--full: the
    /// merge report and every fact), or an HTML page to look at (--html).
    Brief {
        /// Report files or directories (none: the built-in corpus); a `.fgsnap` snapshot may come first.
        paths: Vec<PathBuf>,
        /// Print the whole merge report and every fact by relation, in date order.
        #[arg(long)]
        full: bool,
        #[command(flatten)]
        page: html::HtmlArgs,
    },
    /// Run a Cypher query (see docs/CYPHER.md). The last argument is the query.
    ///
    /// Example: factgraph ask 'MATCH (p:Person)-[m:met]-(q:Person {name: $who}) RETURN p, m.date' --param who=Sembinov
    Ask {
        /// [PATHS...] QUERY: report files or directories, then the query.
        #[arg(required = true, num_args = 1.., value_name = "[PATHS...] QUERY")]
        args: Vec<OsString>,
        /// A parameter, `name=value`: an integer, `true`/`false`, a date (`2004-11`,
        /// `2004-11-19`, or `date:2004` for a year), anything else a string
        /// (`str:2004-11` keeps a date-like text a string).
        #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Cite the facts and sources behind each row (the default in every format).
        #[arg(long, overrides_with = "no_sources")]
        sources: bool,
        /// Leave out the citations.
        #[arg(long, overrides_with = "sources")]
        no_sources: bool,
    },
    /// An interactive Cypher shell with history (`:help` inside).
    Shell {
        /// Report files or directories (none: the built-in corpus); a `.fgsnap` snapshot may come first.
        paths: Vec<PathBuf>,
    },
    /// Merge files, print the merge report, and write the merged graph with -o.
    ///
    /// `factgraph merge --with-corpus mine.json` reports what mine.json changes in the
    /// built-in corpus; `factgraph merge saved.fgsnap mine.json` what it changes in a
    /// saved graph.
    Merge {
        /// Report files or directories (at least one, unless --with-corpus).
        paths: Vec<PathBuf>,
        /// Where to write the merged graph, atomically: factgraph JSON, or a binary
        /// snapshot when the name ends in `.fgsnap` (which every command then loads fast).
        #[arg(long, short = 'o', value_name = "OUT.json|OUT.fgsnap")]
        output: Option<PathBuf>,
    },
    /// Check each file on its own and report every error with file:line:column.
    ///
    /// A JSON document is checked past each refused entity, report or fact; malformed JSON
    /// stops the check of that file. A JSON Lines file reports every bad line.
    Check {
        /// Report files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The most errors listed per JSON document (the others are counted).
        #[arg(long, value_name = "N", default_value_t = 100)]
        max_errors: usize,
    },
    /// Write the graph in an interchange format.
    Export {
        /// Report files or directories (none: the built-in corpus); a `.fgsnap` snapshot may come first.
        paths: Vec<PathBuf>,
        /// The format.
        #[arg(long, short = 'f', value_enum)]
        format: ExportFormat,
        /// The output file (a directory for neo4j and parquet); standard output when left out.
        #[arg(long, short = 'o', value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Ranked full-text search over names, aliases, notes and quotes. The last argument is
    /// the text.
    Search {
        /// [PATHS...] TEXT: report files or directories, then the text.
        #[arg(required = true, num_args = 1.., value_name = "[PATHS...] TEXT")]
        args: Vec<OsString>,
        /// The most hits to print.
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
    },
    /// Propose candidate facts from a report's plain text, for review (docs/CODING.md).
    Code(code::CodeArgs),
    /// Accept or reject the candidates of a candidate file; --apply writes a plain report.
    Review(code::ReviewArgs),
    /// Counts of entities by kind, facts by relation, reports and conflicts.
    Stats {
        /// Report files or directories (none: the built-in corpus); a `.fgsnap` snapshot may come first.
        paths: Vec<PathBuf>,
    },
}

/// The interchange formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// factgraph's JSON document.
    Json,
    /// JSON Lines.
    Jsonl,
    /// RDF N-Triples.
    Ntriples,
    /// RDF Turtle.
    Turtle,
    /// RDF N-Quads, one named graph per report.
    Nquads,
    /// RDF TriG, one named graph per report.
    Trig,
    /// GraphML.
    Graphml,
    /// Graphviz DOT.
    Dot,
    /// neo4j-admin CSV files and import.sh, into the directory -o.
    Neo4j,
    /// Parquet files (entities, reports, facts, attributions), into the directory -o.
    /// Only in a build with the `parquet` feature.
    Parquet,
    /// PLOVER event records, JSON Lines (docs/PLOVER.md).
    Plover,
    /// The flat event table, CSV: one row per event with PLOVER and CAMEO codes.
    Events,
}

/// A failure to report on standard error, exit code 1.
type Failure = String;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            stdio::err(&format!("factgraph: error: {}", visible(&message)));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let progress = cli.progress;
    let base = if cli.with_corpus {
        load::Base::Corpus
    } else {
        load::Base::Paths
    };
    match cli.command {
        Command::Brief { paths, full, page } => {
            let loaded = load::load(&paths, base, progress)?;
            match &page.html {
                Some(out) => html::write(&loaded, &page, out)?,
                None if full => stdio::out(&output::brief_full(&loaded))?,
                None => stdio::out(&output::brief(&loaded))?,
            }
        }
        Command::Ask {
            args,
            params,
            format,
            sources,
            no_sources,
        } => {
            let (paths, query) = split_last(args, "query")?;
            // A final `;`, as Cypher tools accept it.
            let query = query.trim_end().trim_end_matches(';').to_owned();
            let params = parse_params(&params)?;
            let loaded = load::load(&paths, base, progress)?;
            let with_sources = sources || !no_sources;
            let result = loaded
                .graph
                .query(&query, &params)
                .map_err(|e| output::query_error(&query, &e))?;
            for w in result.warnings() {
                stdio::err(&visible(&format!("factgraph: warning: {w}")));
            }
            stdio::out(&output::render(&result, format, with_sources))?;
        }
        Command::Shell { paths } => {
            let loaded = load::load(&paths, base, progress)?;
            shell::run(&loaded.graph)?;
        }
        Command::Merge { paths, output } => {
            if paths.is_empty() && base == load::Base::Paths {
                return Err(
                    "merge needs report files or directories (or --with-corpus to start from \
                     the built-in corpus)"
                        .to_owned(),
                );
            }
            let loaded = load::load(&paths, base, progress)?;
            stdio::out(&loaded.report.to_string())?;
            if let Some(out) = output {
                report_stale_temps(&out);
                if load::is_snapshot_name(&out) {
                    loaded
                        .graph
                        .save_snapshot(&out)
                        .map_err(|e| e.to_string())?;
                } else {
                    write_atomically(&out, loaded.graph.to_json().as_bytes())?;
                }
                stdio::err(&format!(
                    "wrote {} ({} entities, {} facts, {} reports)",
                    out.display(),
                    loaded.graph.entity_count(),
                    loaded.graph.fact_count(),
                    loaded.graph.report_count()
                ));
            }
        }
        Command::Check { paths, max_errors } => {
            if base == load::Base::Corpus {
                return Err(
                    "check reads each file on its own; --with-corpus does not apply \
                     (`factgraph merge --with-corpus FILE` shows what FILE changes in the corpus)"
                        .to_owned(),
                );
            }
            let checked = load::check(&paths, max_errors, progress)?;
            for line in &checked.lines {
                stdio::err(&visible(line));
            }
            if checked.errors > 0 {
                stdio::err(&format!(
                    "factgraph: error: {} error{} found",
                    checked.errors,
                    if checked.errors == 1 { "" } else { "s" }
                ));
                return Ok(ExitCode::FAILURE);
            }
            stdio::out("ok: every file loads\n")?;
        }
        Command::Export {
            paths,
            format,
            output,
        } => {
            let loaded = load::load(&paths, base, progress)?;
            export(&loaded.graph, format, output.as_deref())?;
        }
        Command::Search { args, limit } => {
            let (paths, text) = split_last(args, "text")?;
            let loaded = load::load(&paths, base, progress)?;
            let hits = loaded.graph.search(&text);
            if hits.len() == 0 {
                stdio::out(&visible(&format!("no match for {text:?}\n")))?;
                // The names `find` would suggest: a misspelt name is not a silent nothing.
                if let Err(LookupError::NotFound { closest, .. }) = loaded.graph.find(&text)
                    && !closest.is_empty()
                {
                    stdio::out(&visible(&format!(
                        "the closest names: {}\n",
                        closest.join("; ")
                    )))?;
                }
            }
            for (i, hit) in hits.take(limit).enumerate() {
                if stdio::closed() {
                    break;
                }
                stdio::out(&format!(
                    "{:>3}. {hit}  [{}/{} words]\n",
                    i + 1,
                    hit.matched,
                    hit.query_words
                ))?;
            }
        }
        Command::Stats { paths } => {
            let loaded = load::load(&paths, base, progress)?;
            stdio::out(&stats(&loaded))?;
        }
        Command::Code(args) => code::code(args)?,
        Command::Review(args) => code::review(args)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `[PATHS...] LAST`: the paths (any bytes the system allows) and the last argument, the
/// `what` (a query or a text), which must be UTF-8 (clap made sure there is one). A query
/// or text given before the paths (`ask QUERY file.json`) is diagnosed, not read as a
/// path.
fn split_last(mut args: Vec<OsString>, what: &str) -> Result<(Vec<PathBuf>, String), Failure> {
    let last = args.pop().unwrap_or_default();
    let last = last.into_string().map_err(|last| {
        format!(
            "the {what} (the last argument) is not valid UTF-8: {}",
            last.to_string_lossy()
        )
    })?;
    let paths: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    if let Some(misplaced) = paths.iter().find(|p| !p.exists() && looks_like_text(p))
        && Path::new(&last).exists()
    {
        return Err(format!(
            "{:?} is not a file, and the last argument {:?} is: the {what} must be the last \
             argument (factgraph {} [PATHS...] {})",
            misplaced.to_string_lossy(),
            last,
            if what == "query" { "ask" } else { "search" },
            what.to_uppercase()
        ));
    }
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        let hint = if looks_like_text(missing) {
            format!(" (the {what} must be the last argument)")
        } else {
            String::new()
        };
        return Err(format!(
            "{}: no such file or directory{hint}",
            missing.display()
        ));
    }
    Ok((paths, last))
}

/// Whether an argument reads as a query or a text rather than a path: it has a space, or
/// a parenthesis or brace (a pattern).
fn looks_like_text(arg: &Path) -> bool {
    arg.to_str()
        .is_some_and(|s| s.contains(char::is_whitespace) || s.contains(['(', '{', '[']))
}

/// `text` with control characters other than line ends and tabs, and the characters that
/// reorder text on a terminal, written as escapes: what the tool prints from its input
/// cannot move the cursor or hide what follows.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let hidden = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}');
        if hidden {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Removes the temporary files that earlier runs writing `path` left when they were
/// killed, and says so on standard error.
fn report_stale_temps(path: &Path) {
    if let Ok(removed) = factgraph::interchange::file::remove_stale_temps(path) {
        for (p, bytes) in removed {
            stdio::err(&format!(
                "removed {} ({bytes} bytes), left by an earlier run that was killed",
                p.display()
            ));
        }
    }
}

/// `name=value` pairs: integers, booleans, dates (`2004-11`, `2004-11-19`, or
/// `date:...` for any EDTF date such as a year), `str:...` for a string that would read
/// as something else, anything else a string.
fn parse_params(pairs: &[String]) -> Result<Params, Failure> {
    let mut params = Params::new();
    for pair in pairs {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("--param {pair:?}: expected NAME=VALUE"))?;
        let name = name.trim().trim_start_matches('$');
        let value: Param = if let Some(d) = value.strip_prefix("date:") {
            let date: PartialDate = d
                .parse()
                .map_err(|e| format!("--param {name}: not a date: {e}"))?;
            date.into()
        } else if let Some(text) = value.strip_prefix("str:") {
            text.into()
        } else if let Ok(n) = value.parse::<i64>() {
            n.into()
        } else if value == "true" || value == "false" {
            (value == "true").into()
        } else if looks_like_date(value) {
            let date: PartialDate = value.parse().map_err(|e| {
                format!(
                    "--param {name}={value}: reads as a date but is not one ({e}); write \
                     str:{value} for a string"
                )
            })?;
            date.into()
        } else {
            value.into()
        };
        params.insert(name, value);
    }
    Ok(params)
}

/// `YYYY-MM` or `YYYY-MM-DD`, optionally with EDTF's `?`, `~` or `%`: a date written as a
/// parameter value. A bare year stays an integer (`date:2004` makes it a date).
fn looks_like_date(value: &str) -> bool {
    let core = value.trim_end_matches(['?', '~', '%']);
    let parts: Vec<&str> = core.split('-').collect();
    matches!(parts.as_slice(), [y, m] | [y, m, _] if y.len() == 4 && m.len() == 2)
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// Writes `bytes` to `path` atomically (a reader never sees half a file), through the
/// library's writer, which also removes temporary files of killed earlier runs.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    factgraph::interchange::file::write_atomically(path, |w| w.write_all(bytes))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn export(g: &KnowledgeGraph, format: ExportFormat, out: Option<&Path>) -> Result<(), Failure> {
    let text = match format {
        ExportFormat::Json => g.to_json(),
        ExportFormat::Jsonl => jsonl::to_jsonl(g),
        ExportFormat::Ntriples => rdf::to_ntriples(g, &rdf::RdfOptions::default()),
        ExportFormat::Turtle => rdf::to_turtle(g, &rdf::RdfOptions::default()),
        ExportFormat::Nquads => rdf::to_nquads(g, &rdf::RdfOptions::default()),
        ExportFormat::Trig => rdf::to_trig(g, &rdf::RdfOptions::default()),
        ExportFormat::Graphml => graphml::to_graphml(g),
        ExportFormat::Plover | ExportFormat::Events => {
            let mut bytes = Vec::new();
            let written = if format == ExportFormat::Plover {
                factgraph::interchange::plover::write_jsonl(g, &mut bytes)
            } else {
                factgraph::interchange::plover::write_csv(g, &mut bytes)
            };
            written.map_err(|e| format!("cannot write the events: {e}"))?;
            String::from_utf8(bytes).map_err(|e| format!("cannot write the events: {e}"))?
        }
        ExportFormat::Dot => dot::to_dot(
            g,
            &dot::DotOptions::default()
                .hide_isolated(true)
                .with_legend(true),
        ),
        ExportFormat::Neo4j => {
            let dir = out.ok_or("neo4j export needs a directory: -o DIR")?;
            report_stale_temps(dir);
            let files = neo4j::write_neo4j_csv(g, dir)
                .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
            stdio::err(&format!(
                "wrote {} CSV files and {} into {}",
                files.csv.len(),
                files.script.display(),
                dir.display()
            ));
            return Ok(());
        }
        #[cfg(not(feature = "parquet"))]
        ExportFormat::Parquet => {
            return Err(
                "this factgraph was built without Parquet: the `parquet` feature \
                 adds it (cargo install --path . --features cli,parquet)"
                    .to_owned(),
            );
        }
        #[cfg(feature = "parquet")]
        ExportFormat::Parquet => {
            let dir = out.ok_or("parquet export needs a directory: -o DIR")?;
            report_stale_temps(dir);
            let written = factgraph::interchange::parquet::write_dir(g, dir)
                .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
            stdio::err(&format!(
                "wrote entities.parquet ({} rows), reports.parquet ({}), facts.parquet ({}), \
                 attributions.parquet ({}), quantities.parquet ({}) and events.parquet ({}) \
                 into {}",
                written.entities,
                written.reports,
                written.facts,
                written.attributions,
                written.quantities,
                written.events,
                dir.display()
            ));
            return Ok(());
        }
    };
    match out {
        Some(path) => {
            report_stale_temps(path);
            write_atomically(path, text.as_bytes())?;
            stdio::err(&format!("wrote {} ({} bytes)", path.display(), text.len()));
        }
        None => stdio::out(&text)?,
    }
    Ok(())
}

fn stats(loaded: &Loaded) -> String {
    let g = &loaded.graph;
    let mut out = String::new();
    out.push_str(&format!(
        "{}\n{}\n",
        g.title().unwrap_or("(untitled graph)"),
        g.summary()
    ));
    out.push_str("\nentities by kind:\n");
    for &kind in EntityKind::ALL {
        let n = g.entities_of_kind(kind).len();
        if n > 0 {
            out.push_str(&format!("  {:<22} {n:>6}\n", kind.to_string()));
        }
    }
    out.push_str("\nfacts by relation:\n");
    for &relation in Relation::ALL {
        let n = g.facts_of_relation(relation).len();
        if n > 0 {
            out.push_str(&format!("  {:<22} {n:>6}\n", relation.to_string()));
        }
    }
    out
}
