//! Any text as a query: never a panic; a query that parses prints to text that parses to
//! an equal query, and printing again gives the same text; a refused text's error lies
//! within the text.
#![no_main]

use factgraph::cypher::{Params, Query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Query::parse(text) {
        Ok(q) => {
            let printed = q.to_string();
            let again = match Query::parse(&printed) {
                Ok(a) => a,
                Err(e) => panic!("{printed:?} (from {text:?}) does not parse: {e}"),
            };
            assert_eq!(again, q, "{text:?} -> {printed:?}");
            assert_eq!(again.to_string(), printed);
            // Checking never panics either (no data is read).
            let _ = q.check(&Params::new());
        }
        Err(e) => {
            let (line, column) = e.position().expect("parse errors are located");
            let lines: Vec<&str> = text.split('\n').collect();
            assert!(line >= 1 && (line as usize) <= lines.len(), "{e} in {text:?}");
            let len = lines[line as usize - 1].chars().count();
            assert!(column >= 1 && (column as usize) <= len + 1, "{e} in {text:?}");
        }
    }
});
