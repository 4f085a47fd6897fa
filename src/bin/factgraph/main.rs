//! `factgraph`: ask, merge, check and export report files from the command line.
//!
//! Built with the `cli` feature: `cargo install --path . --features cli`.
//!
//! Commands that read data take report files or directories (`.json`, `.jsonl`,
//! `.ndjson`, directories read recursively); with none they use the built-in corpus. For
//! `ask` and `search` the **last** argument is the query or text and any before it are the
//! paths. Exit codes: 0 success, 1 a data or query error, 2 a usage error.

mod load;
mod output;
mod shell;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use factgraph::cypher::{Param, Params};
use factgraph::interchange::{dot, graphml, jsonl, neo4j, rdf};
use factgraph::{EntityKind, KnowledgeGraph, PartialDate, Relation};

use load::Loaded;
use output::Format;

/// Ask questions of a knowledge graph of news-reported facts, in a Cypher subset; merge,
/// check and export report files.
///
/// PATHS are report files (.json, .jsonl, .ndjson) or directories of them; without any,
/// the built-in corpus (the EDM 2004 article and the kazakhstan_defence reports) is used.
#[derive(Parser, Debug)]
#[command(name = "factgraph", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to show a progress bar (on standard error) while loading files: `auto` when
    /// standard error is a terminal and there are several files.
    #[arg(long, global = true, value_enum, default_value_t = load::Progress::Auto)]
    progress: load::Progress,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the merge report and a short briefing.
    Brief {
        /// Report files or directories (none: the built-in corpus); a `.fgsnap` snapshot may come first.
        paths: Vec<PathBuf>,
    },
    /// Run a Cypher query (see docs/CYPHER.md). The last argument is the query.
    ///
    /// Example: factgraph ask 'MATCH (p:Person)-[m:met]-(q:Person {name: $who}) RETURN p, m.date' --param who=Sembinov
    Ask {
        /// [PATHS...] QUERY: report files or directories, then the query.
        #[arg(required = true, num_args = 1.., value_name = "[PATHS...] QUERY")]
        args: Vec<String>,
        /// A parameter, `name=value`: an integer, `true`/`false`, `date:2004-11` for a date,
        /// anything else a string.
        #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Cite the facts and sources behind each row (the default for tables).
        #[arg(long, overrides_with = "no_sources")]
        sources: bool,
        /// Leave out the citations.
        #[arg(long)]
        no_sources: bool,
    },
    /// An interactive Cypher shell with history (`:help` inside).
    Shell {
        /// Report files or directories (none: the built-in corpus); a `.fgsnap` snapshot may come first.
        paths: Vec<PathBuf>,
    },
    /// Merge files, print the merge report, and write the merged graph with -o.
    Merge {
        /// Report files or directories.
        #[arg(required = true)]
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
        args: Vec<String>,
        /// The most hits to print.
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
    },
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
    #[cfg(feature = "parquet")]
    Parquet,
}

/// A failure to report on standard error, exit code 1.
type Failure = String;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("factgraph: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let progress = cli.progress;
    match cli.command {
        Command::Brief { paths } => {
            let loaded = load::load(&paths, progress)?;
            print!("{}", output::brief(&loaded));
        }
        Command::Ask {
            args,
            params,
            format,
            sources,
            no_sources,
        } => {
            let (paths, query) = split_last(args);
            let params = parse_params(&params)?;
            let loaded = load::load(&paths, progress)?;
            let with_sources = !no_sources && (sources || format == Format::Table);
            let result = loaded
                .graph
                .query(&query, &params)
                .map_err(|e| output::query_error(&query, &e))?;
            print!("{}", output::render(&result, format, with_sources));
        }
        Command::Shell { paths } => {
            let loaded = load::load(&paths, progress)?;
            shell::run(&loaded.graph)?;
        }
        Command::Merge { paths, output } => {
            let loaded = load::load(&paths, progress)?;
            print!("{}", loaded.report);
            if let Some(out) = output {
                if load::is_snapshot_name(&out) {
                    loaded
                        .graph
                        .save_snapshot(&out)
                        .map_err(|e| e.to_string())?;
                } else {
                    write_atomically(&out, loaded.graph.to_json().as_bytes())?;
                }
                eprintln!(
                    "wrote {} ({} entities, {} facts, {} reports)",
                    out.display(),
                    loaded.graph.entity_count(),
                    loaded.graph.fact_count(),
                    loaded.graph.report_count()
                );
            }
        }
        Command::Check { paths, max_errors } => {
            let checked = load::check(&paths, max_errors, progress)?;
            for line in &checked.lines {
                eprintln!("{line}");
            }
            if checked.errors > 0 {
                eprintln!(
                    "factgraph: error: {} error{} found",
                    checked.errors,
                    if checked.errors == 1 { "" } else { "s" }
                );
                return Ok(ExitCode::FAILURE);
            }
            println!("ok: every file loads");
        }
        Command::Export {
            paths,
            format,
            output,
        } => {
            let loaded = load::load(&paths, progress)?;
            export(&loaded.graph, format, output.as_deref())?;
        }
        Command::Search { args, limit } => {
            let (paths, text) = split_last(args);
            let loaded = load::load(&paths, progress)?;
            let hits = loaded.graph.search(&text);
            if hits.len() == 0 {
                println!("no match for {text:?}");
            }
            for (i, hit) in hits.take(limit).enumerate() {
                println!(
                    "{:>3}. {hit}  [{}/{} words]",
                    i + 1,
                    hit.matched,
                    hit.query_words
                );
            }
        }
        Command::Stats { paths } => {
            let loaded = load::load(&paths, progress)?;
            print!("{}", stats(&loaded));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `[PATHS...] LAST`: the paths and the last argument (clap made sure there is one).
fn split_last(mut args: Vec<String>) -> (Vec<PathBuf>, String) {
    let last = args.pop().unwrap_or_default();
    (args.into_iter().map(PathBuf::from).collect(), last)
}

/// `name=value` pairs: integers, booleans, `date:...` dates, strings.
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
        } else if let Ok(n) = value.parse::<i64>() {
            n.into()
        } else if value == "true" || value == "false" {
            (value == "true").into()
        } else {
            value.into()
        };
        params.insert(name, value);
    }
    Ok(params)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so a
/// reader never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| format!("{}: not a file name", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}: {e}", path.display())
    })
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
        ExportFormat::Dot => dot::to_dot(
            g,
            &dot::DotOptions::default()
                .hide_isolated(true)
                .with_legend(true),
        ),
        ExportFormat::Neo4j => {
            let dir = out.ok_or("neo4j export needs a directory: -o DIR")?;
            let files = neo4j::write_neo4j_csv(g, dir)
                .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
            eprintln!(
                "wrote {} CSV files and {} into {}",
                files.csv.len(),
                files.script.display(),
                dir.display()
            );
            return Ok(());
        }
        #[cfg(feature = "parquet")]
        ExportFormat::Parquet => {
            let dir = out.ok_or("parquet export needs a directory: -o DIR")?;
            let written = factgraph::interchange::parquet::write_dir(g, dir)
                .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
            eprintln!(
                "wrote entities.parquet ({} rows), reports.parquet ({}), facts.parquet ({}) \
                 and attributions.parquet ({}) into {}",
                written.entities,
                written.reports,
                written.facts,
                written.attributions,
                dir.display()
            );
            return Ok(());
        }
    };
    match out {
        Some(path) => {
            write_atomically(path, text.as_bytes())?;
            eprintln!("wrote {} ({} bytes)", path.display(), text.len());
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("cannot write to standard output: {e}"))?;
        }
    }
    Ok(())
}

fn stats(loaded: &Loaded) -> String {
    let g = &loaded.graph;
    let mut out = String::new();
    out.push_str(&format!(
        "{}\n{} entities, {} facts, {} reports, {} conflicts; {} facts inferred by the coder\n",
        g.title().unwrap_or("(untitled graph)"),
        g.entity_count(),
        g.fact_count(),
        g.report_count(),
        g.conflicts().count(),
        g.facts().filter(|f| f.is_inferred()).count(),
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
