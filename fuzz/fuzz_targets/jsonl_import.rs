//! Any bytes as JSON Lines, imported in both modes into an empty graph and into the
//! article: never a panic; stop-at-first-error is all or nothing and its error's line is in
//! the input; skip-and-report keeps the good lines, whose export reloads to an equal graph;
//! read whole or in small chunks, the result is the same.
#![no_main]

use std::io::{BufReader, Read};

use factgraph::KnowledgeGraph;
use factgraph::interchange::jsonl::{ImportMode, import_jsonl, to_jsonl};
use libfuzzer_sys::fuzz_target;

/// A reader that returns at most `n` bytes per call.
struct Trickle<'a>(&'a [u8], usize);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        let (head, tail) = self.0.split_at(n);
        buf[..n].copy_from_slice(head);
        self.0 = tail;
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let line_count = data.split(|b| *b == b'\n' || *b == b'\r').count();
    let base = factgraph::datasets::edm_2004_v1_i133();
    for start in [KnowledgeGraph::new(), base.clone()] {
        let mut g = start.clone();
        match import_jsonl(&mut g, data, ImportMode::StopAtFirstError) {
            Ok(_) => {
                let mut copy = KnowledgeGraph::new();
                let text = to_jsonl(&g);
                let r = import_jsonl(&mut copy, text.as_bytes(), ImportMode::StopAtFirstError);
                assert!(r.is_ok(), "export does not reload: {r:?}");
                copy.set_title(g.title().map(str::to_owned));
                assert!(copy == g, "export reloads to another graph");
            }
            Err(e) => {
                assert!(g == start, "a rejected import changed the graph");
                assert!(e.line() >= 1 && e.line() <= line_count.max(1), "line {}: {e}", e.line());
            }
        }
        // In chunks of 1 to 7 bytes: the same outcome.
        let chunk = data.first().map_or(1, |b| usize::from(b % 7) + 1);
        let mut h = start.clone();
        let chunked = import_jsonl(
            &mut h,
            BufReader::with_capacity(chunk, Trickle(data, chunk)),
            ImportMode::StopAtFirstError,
        );
        assert!(h == g, "chunked import differs");
        let _ = chunked;

        let mut s = start.clone();
        let report = import_jsonl(&mut s, data, ImportMode::SkipAndReport);
        assert!(report.is_ok(), "skip-and-report failed");
        if let Ok(report) = report {
            for e in &report.errors {
                assert!(e.line() >= 1 && e.line() <= line_count.max(1), "line {}: {e}", e.line());
            }
        }
        let mut copy = KnowledgeGraph::new();
        let text = to_jsonl(&s);
        assert!(import_jsonl(&mut copy, text.as_bytes(), ImportMode::StopAtFirstError).is_ok());
    }
});
