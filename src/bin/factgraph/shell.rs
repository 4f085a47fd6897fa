//! The interactive shell, with history (rustyline). A query on one line runs on Enter; a
//! query that goes on over several lines (pasted from the docs, or a first line that is
//! not a whole query yet) runs at a `;` or a blank line. A bad query prints its error and
//! the shell goes on.

use std::path::PathBuf;

use factgraph::KnowledgeGraph;
use factgraph::cypher::Params;
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use super::output::{self, Format};
use super::{Failure, parse_params, stdio};

const HELP: &str = "\
Type a Cypher query (see docs/CYPHER.md), for example
  MATCH (p:Person)-[m:met]-(q:Person {name: \"Sembinov\"}) RETURN p.name, m.date
A whole query on one line runs on Enter. Over several lines (or pasted), it runs at a `;`
at the end of a line or at a blank line.
Commands:
  :help                 this text
  :quit, :q             leave (Ctrl-D too)
  :format table|json|csv  how results print (now: {format})
  :sources on|off       cite the facts and sources behind each row (now: {sources})
  :param NAME=VALUE     set a parameter, used as $NAME (:param alone lists them)
  :search TEXT          ranked full-text search over names, aliases, notes and quotes
";

/// What to do with the query text read so far.
#[derive(Debug, PartialEq, Eq)]
enum Next {
    /// Run it.
    Run,
    /// Read another line.
    More,
}

/// Whether `buffer` (the lines read so far, the last one just added) is a query to run:
/// at a `;` ending the last line, at a blank line, or when it is one line that is a whole
/// query (or fails for another reason than its end: the error is shown at once).
fn next(buffer: &[String]) -> Next {
    match buffer {
        [] => Next::More,
        [.., last] if last.trim().is_empty() || last.trim_end().ends_with(';') => Next::Run,
        [one] => match factgraph::cypher::Query::parse(one) {
            Ok(_) => Next::Run,
            Err(e) if e.to_string().contains("found the end of the query") => Next::More,
            Err(_) => Next::Run,
        },
        _ => Next::More,
    }
}

/// The query text of `buffer`: its lines joined, a final `;` removed; `None` when it has
/// nothing but blanks and comments.
fn query_text(buffer: &[String]) -> Option<String> {
    let text = buffer.join("\n");
    let text = text.trim_end().trim_end_matches(';').trim_end().to_owned();
    let has_query = text
        .lines()
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"));
    has_query.then_some(text)
}

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
    // The lines of a query read so far.
    let mut buffer: Vec<String> = Vec::new();
    // A closed standard output ends the shell: nothing it answers can be seen.
    while !stdio::closed() {
        let prompt = if buffer.is_empty() {
            "factgraph> "
        } else {
            "       ...> "
        };
        let line = match editor.readline(prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                buffer.clear();
                continue;
            }
            Err(ReadlineError::Eof) if !buffer.is_empty() => String::new(),
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(format!("cannot read input: {e}")),
        };
        if buffer.is_empty() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(command) = line.strip_prefix(':') {
                let _ = editor.add_history_entry(line);
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
        }
        buffer.push(line);
        if next(&buffer) == Next::More {
            continue;
        }
        let Some(query) = query_text(&buffer) else {
            buffer.clear();
            continue;
        };
        buffer.clear();
        let _ = editor.add_history_entry(query.as_str());
        match g.query(&query, &params) {
            Ok(result) => {
                for w in result.warnings() {
                    stdio::err(&format!("warning: {w}"));
                }
                stdio::out(&output::render(&result, format, sources))?;
            }
            Err(e) => stdio::err(&format!("error: {}", output::query_error(&query, &e))),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn one_whole_line_runs_and_an_unfinished_one_waits() {
        assert_eq!(next(&lines(&["MATCH (a) RETURN a"])), Next::Run);
        assert_eq!(next(&lines(&["MATCH (a)-[r]->(b)"])), Next::More);
        assert_eq!(next(&lines(&["// a comment"])), Next::More);
        // A typo shows its error at once rather than waiting.
        assert_eq!(next(&lines(&["MATCH (a) RETRN a"])), Next::Run);
    }

    #[test]
    fn several_lines_run_at_a_semicolon_or_a_blank_line() {
        let two = ["MATCH (a)-[r]->(b)", "RETURN a"];
        assert_eq!(next(&lines(&two)), Next::More);
        assert_eq!(next(&lines(&[two[0], two[1], ""])), Next::Run);
        assert_eq!(next(&lines(&[two[0], "RETURN a;"])), Next::Run);
        assert_eq!(
            query_text(&lines(&[two[0], "RETURN a;"])).as_deref(),
            Some("MATCH (a)-[r]->(b)\nRETURN a")
        );
        assert_eq!(query_text(&lines(&["// only a comment", ""])), None);
    }
}
