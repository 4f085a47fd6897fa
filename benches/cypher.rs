//! The query language against the Rust API, on the same synthetic graph of MADE-UP data
//! (`factgraph::synthetic`) and the same inputs: each group holds `rust/SIZE` and
//! `cypher/SIZE`, so each figure reads as the cost of asking in Cypher rather than Rust.
//! Queries are prepared once (`Query::prepare`: parsed, checked, planned) and run with
//! parameters (`PreparedQuery::run`), as the Rust calls are compiled once;
//! `one_hop_text` parses, checks and plans the text on every call (`KnowledgeGraph::query`).
//!
//! | group | Rust API | Cypher |
//! |---|---|---|
//! | `one_hop` | `get`, then `neighbours` with `met`, rows collected | `MATCH (a {key: $k})-[m:met]-(b) RETURN b` |
//! | `two_hop` | `neighbours` twice (member_of → participated_in, exercises), distinct | `MATCH (p:person {key: $k})-[:member_of]->(b)-[:participated_in]->(x:exercise) RETURN DISTINCT x` |
//! | `window_count` | `timeline` of a 30-day window (within), `met` facts counted | `MATCH (a)-[r:participated_in]->(b) WHERE r.date >= $from AND r.date <= $to RETURN count(*)` |
//! | `connection` | `connection` with `Filter::any()` between two entities | `MATCH p = shortestPath((a {key: $a})-[*]-(b {key: $b})) RETURN p` |
//!
//! Before measuring, every Cypher answer is checked against the Rust one. Results are in
//! docs/CYPHER.md (Cost against the Rust API).
//!
//! ```text
//! cargo bench --bench cypher -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use factgraph::cypher::{Params, PreparedQuery, Query};
use factgraph::synthetic::{SyntheticConfig, generate};
use factgraph::{
    DateMatch, DateRange, Direction, EntityId, EntityKind, Filter, KnowledgeGraph, PartialDate,
    Relation,
};

/// Graph size in entities (10 facts per entity).
const SIZE: usize = 10_000;
const GRAPH_SEED: u64 = 2024;
const QUERY_SEED: u64 = 7;
/// Inputs per iteration.
const ONE_HOP: usize = 200;
const TWO_HOP: usize = 200;
const WINDOWS: usize = 20;
const PAIRS: usize = 32;

/// SplitMix64: the inputs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Fixture {
    graph: KnowledgeGraph,
    /// Keys of persons for one hop.
    one_hop: Vec<String>,
    /// Keys of persons with a `member_of` fact for two hops.
    two_hop: Vec<String>,
    /// 30-day windows.
    windows: Vec<(PartialDate, PartialDate)>,
    /// Keys of pairs of entities (any kind) for the shortest connection.
    pairs: Vec<(String, String)>,
}

fn fixture() -> Fixture {
    let graph = generate(&SyntheticConfig::new(SIZE, GRAPH_SEED)).expect("synthetic graph");
    let mut rng = Rng(QUERY_SEED);
    let persons: Vec<EntityId> = graph
        .entities_of_kind(EntityKind::Person)
        .map(|e| e.id())
        .collect();
    let key = |id: EntityId| {
        graph
            .entity(id)
            .map(|e| e.key().to_owned())
            .unwrap_or_default()
    };
    let one_hop = (0..ONE_HOP)
        .map(|_| key(persons[rng.below(persons.len())]))
        .collect();
    let members: Vec<EntityId> = persons
        .iter()
        .copied()
        .filter(|p| graph.neighbours(*p, member_of()).next().is_some())
        .collect();
    let two_hop = (0..TWO_HOP)
        .map(|_| key(members[rng.below(members.len())]))
        .collect();
    let windows = (0..WINDOWS)
        .map(|_| {
            // A first day in 2005-2023, then 29 more days.
            let (y, m, d) = (2005 + rng.below(19) as i32, 1 + rng.below(11) as u32, 1);
            let from = PartialDate::day(y, m, d).expect("a day");
            let to = PartialDate::day(y, m + 1, d).expect("a day");
            (from, to)
        })
        .collect();
    let all: Vec<EntityId> = graph.entities().map(|e| e.id()).collect();
    let pairs = (0..PAIRS)
        .map(|_| {
            let a = all[rng.below(all.len())];
            let z = all[rng.below(all.len())];
            (key(a), key(z))
        })
        .collect();
    Fixture {
        graph,
        one_hop,
        two_hop,
        windows,
        pairs,
    }
}

fn member_of() -> Filter {
    Filter::relation(Relation::MemberOf).direction(Direction::Outgoing)
}

fn rust_one_hop(g: &KnowledgeGraph, key: &str) -> usize {
    let Some(a) = g.get(key).ok().map(|e| e.id()) else {
        return 0;
    };
    let rows: Vec<_> = g
        .neighbours(a, Filter::relation(Relation::Met))
        .map(|h| (h.other(), h.fact().id()))
        .collect();
    black_box(&rows);
    rows.len()
}

fn rust_two_hop(g: &KnowledgeGraph, key: &str) -> usize {
    let Some(p) = g.get(key).ok().map(|e| e.id()) else {
        return 0;
    };
    let took_part = Filter::relation(Relation::ParticipatedIn)
        .direction(Direction::Outgoing)
        .kinds(&[EntityKind::Exercise]);
    let mut out = Vec::new();
    for body in g.neighbours(p, member_of()) {
        for x in g.neighbours(body.other().id(), took_part) {
            out.push(x.other().id());
        }
    }
    out.sort_unstable();
    out.dedup();
    black_box(&out);
    out.len()
}

fn rust_window(g: &KnowledgeGraph, from: PartialDate, to: PartialDate) -> usize {
    let range = DateRange::new(from, to).expect("a window");
    g.timeline(range, DateMatch::Within)
        .iter()
        .filter(|f| f.relation() == Relation::ParticipatedIn)
        .count()
}

/// The hops of the shortest connection, if any within `max` hops (the Cypher query's
/// bound, the budget's `max_hops`).
fn rust_connection(g: &KnowledgeGraph, a: &str, z: &str, max: usize) -> Option<usize> {
    let (a, z) = (g.get(a).ok()?.id(), g.get(z).ok()?.id());
    let c = g.connection(a, z, Filter::any())?;
    black_box(&c);
    (c.len() <= max).then_some(c.len())
}

struct Prepared<'g> {
    one_hop: PreparedQuery<'g>,
    two_hop: PreparedQuery<'g>,
    window: PreparedQuery<'g>,
    connection: PreparedQuery<'g>,
}

const ONE_HOP_TEXT: &str = "MATCH (a {key: $k})-[m:met]-(b) RETURN b";

fn prepared(f: &Fixture) -> Prepared<'_> {
    let prepare = |q: &str, params: &Params| {
        Query::parse(q)
            .and_then(|q| q.prepare(&f.graph, params))
            .expect("the bench's queries check")
    };
    let (a, b) = f.windows[0];
    Prepared {
        one_hop: prepare(ONE_HOP_TEXT, &key_params(&f.one_hop[0])),
        two_hop: prepare(
            "MATCH (p:person {key: $k})-[:member_of]->(b)-[:participated_in]->(x:exercise) RETURN DISTINCT x",
            &key_params(&f.two_hop[0]),
        ),
        window: prepare(
            "MATCH (a)-[r:participated_in]->(b) WHERE r.date >= $from AND r.date <= $to RETURN count(*)",
            &window_params(a, b),
        ),
        connection: prepare(
            "MATCH p = shortestPath((a {key: $a})-[*]-(b {key: $b})) RETURN p",
            &pair_params(&f.pairs[0]),
        ),
    }
}

fn cypher_rows(q: &mut PreparedQuery<'_>, params: &Params) -> usize {
    let r = q.run(params).expect("the query runs");
    black_box(&r);
    r.len()
}

fn cypher_count(q: &mut PreparedQuery<'_>, params: &Params) -> usize {
    let r = q.run(params).expect("the query runs");
    match r.value(0, 0) {
        Some(factgraph::cypher::Value::Int(n)) => n as usize,
        _ => 0,
    }
}

fn key_params(key: &str) -> Params {
    Params::new().with("k", key)
}

fn window_params(from: PartialDate, to: PartialDate) -> Params {
    Params::new().with("from", from).with("to", to)
}

fn pair_params((a, z): &(String, String)) -> Params {
    Params::new().with("a", a.as_str()).with("b", z.as_str())
}

/// The hops of the path the query found, if it found one.
fn cypher_hops(q: &mut PreparedQuery<'_>, params: &Params) -> Option<usize> {
    let r = q.run(params).expect("the query runs");
    match r.value(0, 0) {
        Some(factgraph::cypher::Value::Path(p)) => Some(p.len()),
        _ => None,
    }
}

/// The answers agree before anything is timed.
fn check(f: &Fixture, p: &mut Prepared<'_>) {
    let g = &f.graph;
    for k in &f.one_hop {
        assert_eq!(
            rust_one_hop(g, k),
            cypher_rows(&mut p.one_hop, &key_params(k)),
            "{k}"
        );
    }
    for k in &f.two_hop {
        assert_eq!(
            rust_two_hop(g, k),
            cypher_rows(&mut p.two_hop, &key_params(k)),
            "{k}"
        );
    }
    for (a, b) in &f.windows {
        assert_eq!(
            rust_window(g, *a, *b),
            cypher_count(&mut p.window, &window_params(*a, *b)),
            "{a}..{b}"
        );
    }
    let max = factgraph::cypher::Budget::default().max_hops as usize;
    let mut connected = 0;
    for pair in &f.pairs {
        let hops = rust_connection(g, &pair.0, &pair.1, max);
        assert_eq!(
            hops,
            cypher_hops(&mut p.connection, &pair_params(pair)),
            "{pair:?}"
        );
        connected += usize::from(hops.is_some());
    }
    assert!(connected > PAIRS / 2, "{connected}/{PAIRS} pairs connected");
}

fn bench(c: &mut Criterion) {
    let f = fixture();
    let mut p = prepared(&f);
    check(&f, &mut p);
    let g = &f.graph;
    let size = SIZE.to_string();

    let mut group = c.benchmark_group("one_hop");
    group.throughput(Throughput::Elements(ONE_HOP as u64));
    group.bench_function(BenchmarkId::new("rust", &size), |b| {
        b.iter(|| f.one_hop.iter().map(|k| rust_one_hop(g, k)).sum::<usize>())
    });
    let params: Vec<Params> = f.one_hop.iter().map(|k| key_params(k)).collect();
    group.bench_function(BenchmarkId::new("cypher", &size), |b| {
        b.iter(|| {
            params
                .iter()
                .map(|ps| cypher_rows(&mut p.one_hop, ps))
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("one_hop_text");
    group.throughput(Throughput::Elements(ONE_HOP as u64));
    group.bench_function(BenchmarkId::new("cypher", &size), |b| {
        b.iter(|| {
            params
                .iter()
                .map(|ps| g.query(ONE_HOP_TEXT, ps).map_or(0, |r| r.rows.len()))
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("two_hop");
    group.throughput(Throughput::Elements(TWO_HOP as u64));
    group.bench_function(BenchmarkId::new("rust", &size), |b| {
        b.iter(|| f.two_hop.iter().map(|k| rust_two_hop(g, k)).sum::<usize>())
    });
    let params: Vec<Params> = f.two_hop.iter().map(|k| key_params(k)).collect();
    group.bench_function(BenchmarkId::new("cypher", &size), |b| {
        b.iter(|| {
            params
                .iter()
                .map(|ps| cypher_rows(&mut p.two_hop, ps))
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("window_count");
    group.throughput(Throughput::Elements(WINDOWS as u64));
    group.bench_function(BenchmarkId::new("rust", &size), |b| {
        b.iter(|| {
            f.windows
                .iter()
                .map(|(a, z)| rust_window(g, *a, *z))
                .sum::<usize>()
        })
    });
    let params: Vec<Params> = f
        .windows
        .iter()
        .map(|(a, z)| window_params(*a, *z))
        .collect();
    group.bench_function(BenchmarkId::new("cypher", &size), |b| {
        b.iter(|| {
            params
                .iter()
                .map(|ps| cypher_count(&mut p.window, ps))
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("connection");
    group.throughput(Throughput::Elements(PAIRS as u64));
    group.bench_function(BenchmarkId::new("rust", &size), |b| {
        b.iter(|| {
            f.pairs
                .iter()
                .filter_map(|(a, z)| rust_connection(g, a, z, usize::MAX))
                .sum::<usize>()
        })
    });
    let params: Vec<Params> = f.pairs.iter().map(pair_params).collect();
    group.bench_function(BenchmarkId::new("cypher", &size), |b| {
        b.iter(|| {
            params
                .iter()
                .map(|ps| cypher_rows(&mut p.connection, ps))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
