//! The interactive shell: one query per line, with history (rustyline). A bad query
//! prints its error and the shell goes on.

use std::path::PathBuf;

use factgraph::KnowledgeGraph;
use factgraph::cypher::Params;
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use super::output::{self, Format};
use super::{Failure, parse_params, stdio};

const HELP: &str = "\
Type a Cypher query on one line (see docs/CYPHER.md), for example
  MATCH (p:Person)-[m:met]-(q:Person {name: \"Sembinov\"}) RETURN p.name, m.date
Commands:
  :help                 this text
  :quit, :q             leave (Ctrl-D too)
  :format table|json|csv  how results print (now: {format})
  :sources on|off       cite the facts and sources behind each row (now: {sources})
  :param NAME=VALUE     set a parameter, used as $NAME (:param alone lists them)
  :search TEXT          ranked full-text search over names, aliases, notes and quotes
";

/// Where the history is kept: `$FACTGRAPH_HISTORY`, else `~/.factgraph_history`.
fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FACTGRAPH_HISTORY") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".factgraph_history"))
}

pub fn run(g: &KnowledgeGraph) -> Result<(), Failure> {
    let mut editor = DefaultEditor::new().map_err(|e| format!("cannot start the shell: {e}"))?;
    let history = history_path();
    if let Some(h) = &history {
        // A missing history file is the first run, not an error.
        let _ = editor.load_history(h);
    }
    stdio::out(&format!(
        "factgraph shell: {} entities, {} facts, {} reports. :help for help, :quit to leave.\n",
        g.entity_count(),
        g.fact_count(),
        g.report_count()
    ))?;
    let mut format = Format::Table;
    let mut sources = true;
    let mut params = Params::new();
    let mut param_text: Vec<String> = Vec::new();
    // A closed standard output ends the shell: nothing it answers can be seen.
    while !stdio::closed() {
        let line = match editor.readline("factgraph> ") {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(format!("cannot read input: {e}")),
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(line);
        if let Some(command) = line.strip_prefix(':') {
            let (name, arg) = command.split_once(' ').unwrap_or((command, ""));
            let arg = arg.trim();
            match name {
                "q" | "quit" | "exit" => break,
                "help" | "h" => stdio::out(
                    &HELP
                        .replace("{format}", &format!("{format:?}").to_lowercase())
                        .replace("{sources}", if sources { "on" } else { "off" }),
                )?,
                "format" => match arg.parse::<Format>() {
                    Ok(f) => format = f,
                    Err(e) => stdio::err(&format!("error: {e}")),
                },
                "sources" => match arg {
                    "on" => sources = true,
                    "off" => sources = false,
                    _ => stdio::err("error: :sources on or :sources off"),
                },
                "param" if arg.is_empty() => {
                    for p in &param_text {
                        stdio::out(&format!("  {p}\n"))?;
                    }
                }
                "param" => {
                    param_text.push(arg.to_owned());
                    match parse_params(&param_text) {
                        Ok(p) => params = p,
                        Err(e) => {
                            param_text.pop();
                            stdio::err(&format!("error: {e}"));
                        }
                    }
                }
                "search" => {
                    for (i, hit) in g.search(arg).take(20).enumerate() {
                        stdio::out(&format!("{:>3}. {hit}\n", i + 1))?;
                    }
                }
                _ => stdio::err(&format!(
                    "error: unknown command :{name} (:help lists them)"
                )),
            }
            continue;
        }
        match g.query(line, &params) {
            Ok(result) => stdio::out(&output::render(&result, format, sources))?,
            Err(e) => stdio::err(&format!("error: {}", output::query_error(line, &e))),
        }
    }
    if let Some(h) = &history
        && let Err(e) = editor.save_history(h)
    {
        stdio::err(&format!(
            "factgraph: warning: cannot save the history to {}: {e}",
            h.display()
        ));
    }
    Ok(())
}
