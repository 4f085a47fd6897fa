//! Any text as a query, run against a small fixed graph (the built-in EDM article) under
//! a tight budget, with a string parameter `$s` made from the input (up to megabytes:
//! the long strings that the time budget used to miss). Never a panic; every run ends
//! within its time budget plus a margin (the clock must be read inside every loop that
//! can be long, not only between expansions), and the text of its rows stays within the
//! budget's bytes.
//!
//! The input: the first byte sets how many times the text after the first line is
//! repeated to make `$s` (0 to 255 times, up to 2 MiB); the first line is the query.
#![no_main]

use std::time::{Duration, Instant};

use factgraph::cypher::{Budget, Params, Query, Value};
use libfuzzer_sys::fuzz_target;

/// The time budget of each run, and the margin allowed past it (a fuzzing machine is
/// busy; a run that checks its clock every millisecond of work stays far below).
const MAX_TIME: Duration = Duration::from_millis(100);
const MARGIN: Duration = Duration::from_millis(1900);
const MAX_BYTES: usize = 1 << 20;

fuzz_target!(|data: &[u8]| {
    let Some((&times, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (query, tail) = text.split_once('\n').unwrap_or((text, ""));
    let Ok(q) = Query::parse(query) else {
        return;
    };
    let mut s = tail.repeat(usize::from(times));
    s.truncate(s.floor_char_boundary(2 << 20));
    let params = Params::new()
        .with("s", s)
        .with("n", i64::from(times))
        .with("t", "Mira Ricardel");
    let budget = Budget {
        max_rows: 10_000,
        max_expansions: 100_000,
        max_time: MAX_TIME,
        max_hops: 4,
        max_bytes: MAX_BYTES,
    };
    let g = factgraph::datasets::edm_2004_v1_i133();
    let started = Instant::now();
    let result = g.run(&q, &params, budget);
    let took = started.elapsed();
    assert!(took < MAX_TIME + MARGIN, "{query:?} took {took:?}");
    if let Ok(result) = result {
        let bytes: usize = result
            .rows
            .iter()
            .flat_map(|r| r.values.iter())
            .map(|v| match v {
                Value::Str(s) => s.len(),
                _ => 0,
            })
            .sum();
        assert!(bytes <= MAX_BYTES, "{query:?}: {bytes} bytes of text");
    }
});
