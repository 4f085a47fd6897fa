//! Structurally valid snapshots with hostile counts: the fuzz input is read as a recipe
//! (which section gets which count, how much padding follows, what byte fills it), and a
//! body is built to that recipe and framed with correct checksums, so every input reaches
//! the decoder's counts. Counts are drawn from the edges that hurt: 0, 1, the bytes left,
//! 2^16, 2^20, 2^24, 2^28, 2^32 - 1. Run under `-rss_limit_mb=2048` (libFuzzer then also
//! refuses any single allocation over 2 GB): a reservation that follows a count instead
//! of the bytes is a crash. The loader must return a graph or a `SnapshotError`, and
//! what loads must round-trip.
#![no_main]

use factgraph::KnowledgeGraph;
use factgraph::snapshot::frame;
use libfuzzer_sys::fuzz_target;

/// Reads the recipe's bytes one at a time, 0 once they run out.
struct Recipe<'a>(std::slice::Iter<'a, u8>);

impl Recipe<'_> {
    fn byte(&mut self) -> u8 {
        self.0.next().copied().unwrap_or(0)
    }

    /// A hostile count, or a small one; `left` is the padding that will follow.
    fn count(&mut self, left: usize) -> u32 {
        let small = self.byte();
        match self.byte() % 10 {
            0 => 0,
            1 => 1,
            2 => u32::try_from(left).unwrap_or(u32::MAX),
            3 => u32::try_from(left / 8).unwrap_or(u32::MAX),
            4 => 1 << 16,
            5 => 1 << 20,
            6 => 1 << 24,
            7 => 1 << 28,
            8 => u32::MAX,
            _ => u32::from(small),
        }
    }

    fn string(&mut self, body: &mut Vec<u8>) {
        let len = usize::from(self.byte() % 8);
        body.extend_from_slice(&u32::try_from(len).unwrap_or(0).to_le_bytes());
        for _ in 0..len {
            body.push(b'a' + self.byte() % 26);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut r = Recipe(data.iter());
    // Padding: up to 32 MiB of one byte, enough for the counts to pass the "fits in the
    // bytes left" check by the million.
    let padding = match r.byte() % 4 {
        0 => 0,
        1 => usize::from(r.byte()) << 8,
        2 => usize::from(r.byte()) << 14,
        _ => usize::from(r.byte()) << 17,
    };
    let fill = match r.byte() % 4 {
        0 => 0x00, // entity and report placeholders
        1 => 0x01, // present items
        2 => 0xFF, // bad tags
        _ => r.byte(),
    };
    let mut body = Vec::with_capacity(padding + 256);
    body.push(r.byte() % 2); // a title or none
    if body.last() == Some(&1) {
        r.string(&mut body);
    }
    // Which section gets the hostile count: the others are written whole and short.
    let section = r.byte() % 6;
    let hostile = r.count(padding);
    let entities = if section == 0 { hostile } else { 1 };
    body.extend_from_slice(&entities.to_le_bytes());
    if section == 0 {
        body.resize(body.len() + padding, fill);
    } else {
        // One entity: tag, key, kind, name, then aliases and attributes with counts.
        body.push(1);
        r.string(&mut body);
        body.push(r.byte() % 12);
        r.string(&mut body);
        let aliases = if section == 1 { hostile } else { 0 };
        body.extend_from_slice(&aliases.to_le_bytes());
        let attributes = if section == 2 { hostile } else { 0 };
        if section != 1 {
            body.extend_from_slice(&attributes.to_le_bytes());
        }
        if section == 1 || section == 2 {
            body.resize(body.len() + padding, fill);
        } else {
            body.push(0); // no note
            let reports = if section == 3 { hostile } else { 0 };
            body.extend_from_slice(&reports.to_le_bytes());
            let facts = if section == 4 { hostile } else { 0 };
            if section != 3 {
                body.extend_from_slice(&facts.to_le_bytes());
            }
            if section == 5 {
                // A fact whose attribution count is the hostile one.
                body.extend_from_slice(&1u32.to_le_bytes());
                body.extend_from_slice(&[0, 0]); // relation, modality
                body.extend_from_slice(&0u64.to_le_bytes()); // date bits
                body.extend_from_slice(&0u32.to_le_bytes()); // subject
                body.extend_from_slice(&0u32.to_le_bytes()); // object
                body.push(0); // no extra
                body.extend_from_slice(&hostile.to_le_bytes());
            }
            body.resize(body.len() + padding, fill);
        }
    }
    // The rest of the input, as the body's tail (the fuzzer may make it anything).
    body.extend(r.0.copied());
    let bytes = frame(&body);
    if let Ok(g) = KnowledgeGraph::from_snapshot(&bytes) {
        let again = KnowledgeGraph::from_snapshot(&g.to_snapshot());
        assert!(again.is_ok_and(|h| h == g), "round trip");
    }
});
