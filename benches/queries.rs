//! Query benchmarks on synthetic graphs of MADE-UP data (see `factgraph::synthetic`), each
//! against a floor measured side by side on the same data and the same inputs.
//!
//! The floor (`benches/support/floor.rs`) is a minimal per-relation compressed-sparse-row
//! layout over plain integer arrays, built from the same facts, answering the same queries;
//! every group holds `factgraph/SIZE` and `floor/SIZE`, so each figure reads as a ratio to
//! the floor. Before measuring, the floor's answers are checked against factgraph's on a
//! sample of the inputs.
//!
//! Each graph size is generated once, outside the timing loops; query inputs are drawn
//! from a seeded generator, so every run measures the same queries. One iteration runs a
//! whole batch of queries; the throughput line counts queries (facts for build and load).
//!
//! | group | factgraph | floor |
//! |---|---|---|
//! | `build` | a new graph from the entities and facts, one validated transaction | CSR and date arrays from the integer columns |
//! | `load` | `KnowledgeGraph::from_json`; `factgraph_snapshot`: `KnowledgeGraph::from_snapshot` | parse CSV (`subject,relation,object,first_day,last_day`) and build |
//! | `find_name`, `find_alias` | `find` | folded-name hash map |
//! | `one_hop`, `one_hop_hub` | `neighbours` with a relation and direction | one CSR row (two for `met`) |
//! | `two_hop` | `neighbours` twice (person → member_of → body → participated_in → exercise), distinct | two CSR rows per body, sort + dedup |
//! | `connection` | `connection` with `Filter::any()` | bidirectional BFS over the CSR |
//! | `window_count`, `window_list` | `count_in`, `timeline` (30-day window, overlaps) | two binary searches; span classes |
//! | `window_count_relation` | `window(range).relation(r).count()` | two binary searches in the relation's arrays |
//! | `ego` | `ego_network(k = 2)`, a borrowed view | two BFS levels, facts among the reached |
//! | `time_views` | the one-hop queries with every relation, through `as_of(2012-06-01)`, `known_by(2015-01-01)` and both (succession, versions); no floor: it has no report times | — |
//!
//! ```text
//! cargo bench --bench queries                  # everything, about 5 minutes on 2 cores
//! cargo bench --bench queries -- connection    # one group
//! cargo bench --bench queries -- floor         # the floor only
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main, measurement::WallTime,
};
use factgraph::synthetic::{SyntheticConfig, generate};
use factgraph::{Entity, Fact, Filter, GraphError, KnowledgeGraph};

#[path = "support/floor.rs"]
mod floor;

use floor::{Columns, Counts, Floor, Names, Scratch, Workload};

/// Graph sizes in entities (with the default 10 facts per entity).
const SIZES: [usize; 2] = [10_000, 100_000];
/// Seed of the graphs.
const GRAPH_SEED: u64 = 2024;
/// Seed of the query inputs.
const QUERY_SEED: u64 = 7;

/// Inputs per iteration, by class.
const COUNTS: Counts = Counts {
    lookups: 1_000,
    one_hop: 1_000,
    hubs: 16,
    two_hop: 1_000,
    pairs: 32,
    windows: 100,
    egos: 8,
};
/// Windows listed per iteration (the first of the counted ones).
const LISTED_WINDOWS: usize = 16;

/// A graph, the floor built from it, and the inputs of every benchmark on them.
struct Fixture {
    size: usize,
    graph: KnowledgeGraph,
    entities: Vec<Entity>,
    facts: Vec<Fact>,
    json: String,
    columns: Columns,
    csv: Vec<u8>,
    floor: Floor,
    names: Names,
    w: Workload,
}

impl Fixture {
    fn new(size: usize) -> Self {
        let graph = generate(&SyntheticConfig::new(size, GRAPH_SEED))
            .unwrap_or_else(|e| panic!("synthetic graph of {size}: {e}"));
        let columns = Columns::from_graph(&graph);
        let floor = Floor::build(&columns);
        let names = Names::build(&graph);
        let mut csv = Vec::new();
        floor::write_csv(&columns, &mut csv);
        let w = Workload::new(&graph, &columns, COUNTS, QUERY_SEED ^ size as u64)
            .unwrap_or_else(|e| panic!("inputs for {size}: {e}"));

        // The floor must give factgraph's answers (on a sample, to keep setup short).
        let sample = Counts {
            lookups: 200,
            one_hop: 500,
            hubs: 16,
            two_hop: 200,
            pairs: 32,
            windows: 32,
            egos: 4,
        };
        let checked = Workload::new(&graph, &columns, sample, QUERY_SEED ^ 0xC4EC)
            .and_then(|s| floor::check(&graph, &floor, &names, &columns, &s))
            .unwrap_or_else(|e| panic!("floor and factgraph disagree at {size}: {e}"));
        let reloaded = floor::parse_csv(&csv, columns.kinds.clone())
            .unwrap_or_else(|e| panic!("CSV of {size}: {e}"));
        assert!(reloaded == columns, "the CSV round trip changes the facts");

        let fixture = Fixture {
            size,
            entities: graph.entities().map(|e| e.entity().clone()).collect(),
            facts: graph.facts().map(|f| f.to_fact()).collect(),
            json: graph.to_json(),
            graph,
            columns,
            csv,
            floor,
            names,
            w,
        };
        eprintln!("[{size}] floor check: {checked}");
        fixture.describe();
        fixture
    }

    /// Prints what the queries return, so the timings can be read against it.
    fn describe(&self) {
        let (g, w) = (&self.graph, &self.w);
        let hops =
            |qs: &[floor::OneHop]| qs.iter().map(|q| floor::fg_one_hop(g, w, q)).sum::<usize>();
        let lengths: Vec<usize> = w
            .pairs
            .iter()
            .filter_map(|(a, z)| floor::fg_connection(g, w.id(*a), w.id(*z)))
            .collect();
        let mut set = Vec::new();
        let exercises: usize = w
            .two_hop
            .iter()
            .map(|p| floor::fg_two_hop(g, w.id(*p), &mut set))
            .sum();
        let in_window: usize = w.windows.iter().map(|x| floor::fg_window_count(g, x)).sum();
        eprintln!(
            "[{} entities, {} facts; JSON {} MB, CSV {} MB] one-hop queries return {} hops, \
             hub queries {}; two-hop {:.1} exercises per person; {}/{} pairs connected, mean \
             length {:.2}; {:.0} facts per 30-day window",
            g.entity_count(),
            g.fact_count(),
            self.json.len() / 1_000_000,
            self.csv.len() / 1_000_000,
            hops(&w.one_hop),
            hops(&w.hubs),
            exercises as f64 / w.two_hop.len().max(1) as f64,
            lengths.len(),
            w.pairs.len(),
            lengths.iter().sum::<usize>() as f64 / lengths.len().max(1) as f64,
            in_window as f64 / w.windows.len().max(1) as f64,
        );
    }

    fn id(&self, side: &str) -> BenchmarkId {
        BenchmarkId::new(side, self.size)
    }
}

/// Builds a graph from entities and facts in one validated transaction.
fn build(entities: Vec<Entity>, facts: Vec<Fact>) -> Result<KnowledgeGraph, GraphError> {
    KnowledgeGraph::from_parts(entities, facts)
}

/// A group for work of many milliseconds per iteration: few samples, flat sampling.
fn slow_group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_millis(500));
    group
}

fn bench_build(c: &mut Criterion, fx: &Fixture) {
    let mut group = slow_group(c, "build");
    group.throughput(Throughput::Elements(fx.facts.len() as u64));
    group.bench_function(fx.id("factgraph"), |b| {
        b.iter_batched(
            || (fx.entities.clone(), fx.facts.clone()),
            |(entities, facts)| build(entities, facts).map(|g| g.fact_count()),
            BatchSize::PerIteration,
        );
    });
    group.bench_function(fx.id("floor"), |b| {
        b.iter(|| Floor::build(black_box(&fx.columns)).fact_count());
    });
    group.finish();
}

fn bench_load(c: &mut Criterion, fx: &Fixture) {
    let mut group = slow_group(c, "load");
    group.throughput(Throughput::Elements(fx.facts.len() as u64));
    group.bench_function(fx.id("factgraph"), |b| {
        b.iter(|| {
            KnowledgeGraph::from_json(black_box(&fx.json))
                .map(|g| g.fact_count())
                .ok()
        });
    });
    let snapshot = fx.graph.to_snapshot();
    group.bench_function(fx.id("factgraph_snapshot"), |b| {
        b.iter(|| {
            KnowledgeGraph::from_snapshot(black_box(&snapshot))
                .map(|g| g.fact_count())
                .ok()
        });
    });
    group.bench_function(fx.id("floor"), |b| {
        b.iter(|| {
            floor::load_csv(black_box(&fx.csv), fx.columns.kinds.clone())
                .map(|f| f.fact_count())
                .ok()
        });
    });
    group.finish();
}

fn bench_find(c: &mut Criterion, fx: &Fixture) {
    let (g, w) = (&fx.graph, &fx.w);
    for (group_name, names) in [("find_name", &w.names), ("find_alias", &w.aliases)] {
        let mut group = c.benchmark_group(group_name);
        group.throughput(Throughput::Elements(names.len() as u64));
        group.bench_function(fx.id("factgraph"), |b| {
            b.iter(|| {
                for (n, _) in names {
                    black_box(g.find(black_box(n)).map(|e| e.id()).ok());
                }
            });
        });
        group.bench_function(fx.id("floor"), |b| {
            b.iter(|| {
                for (n, _) in names {
                    black_box(fx.names.find(black_box(n)));
                }
            });
        });
        group.finish();
    }
}

fn bench_one_hop(c: &mut Criterion, fx: &Fixture) {
    let (g, w) = (&fx.graph, &fx.w);
    for (group_name, queries) in [("one_hop", &w.one_hop), ("one_hop_hub", &w.hubs)] {
        let mut group = c.benchmark_group(group_name);
        group.throughput(Throughput::Elements(queries.len() as u64));
        group.bench_function(fx.id("factgraph"), |b| {
            b.iter(|| {
                for q in queries {
                    black_box(floor::fg_one_hop(g, w, black_box(q)));
                }
            });
        });
        group.bench_function(fx.id("floor"), |b| {
            b.iter(|| {
                for q in queries {
                    black_box(floor::floor_one_hop(&fx.floor, black_box(q)));
                }
            });
        });
        group.finish();
    }
}

fn bench_two_hop(c: &mut Criterion, fx: &Fixture) {
    let (g, w) = (&fx.graph, &fx.w);
    let mut group = c.benchmark_group("two_hop");
    group.throughput(Throughput::Elements(w.two_hop.len() as u64));
    group.bench_function(fx.id("factgraph"), |b| {
        let mut set = Vec::new();
        b.iter(|| {
            for p in &w.two_hop {
                black_box(floor::fg_two_hop(g, w.id(*p), &mut set));
            }
        });
    });
    group.bench_function(fx.id("floor"), |b| {
        let mut set = Vec::new();
        b.iter(|| {
            for p in &w.two_hop {
                fx.floor.two_hop(black_box(*p), &mut set);
                black_box(set.len());
            }
        });
    });
    group.finish();
}

fn bench_connection(c: &mut Criterion, fx: &Fixture) {
    let (g, w) = (&fx.graph, &fx.w);
    let mut group = slow_group(c, "connection");
    group.throughput(Throughput::Elements(w.pairs.len() as u64));
    group.bench_function(fx.id("factgraph"), |b| {
        b.iter(|| {
            for (a, z) in &w.pairs {
                black_box(floor::fg_connection(g, w.id(*a), w.id(*z)));
            }
        });
    });
    group.bench_function(fx.id("floor"), |b| {
        let mut scratch = Scratch::new(fx.floor.entity_count());
        let mut path = Vec::new();
        b.iter(|| {
            for (a, z) in &w.pairs {
                black_box(fx.floor.connection(&mut scratch, *a, *z, &mut path));
            }
        });
    });
    group.finish();
}

fn bench_windows(c: &mut Criterion, fx: &Fixture) {
    let (g, w) = (&fx.graph, &fx.w);
    let mut group = c.benchmark_group("window_count");
    group.throughput(Throughput::Elements(w.windows.len() as u64));
    group.bench_function(fx.id("factgraph"), |b| {
        b.iter(|| {
            for x in &w.windows {
                black_box(floor::fg_window_count(g, black_box(x)));
            }
        });
    });
    group.bench_function(fx.id("floor"), |b| {
        b.iter(|| {
            for x in &w.windows {
                black_box(fx.floor.window_count(black_box(x.first), x.last));
            }
        });
    });
    group.finish();

    let mut group = c.benchmark_group("window_count_relation");
    group.throughput(Throughput::Elements(w.relation_windows.len() as u64));
    group.bench_function(fx.id("factgraph"), |b| {
        b.iter(|| {
            for x in &w.relation_windows {
                black_box(floor::fg_relation_window_count(g, black_box(x)));
            }
        });
    });
    group.bench_function(fx.id("floor"), |b| {
        b.iter(|| {
            for (x, r) in &w.relation_windows {
                black_box(
                    fx.floor
                        .relation_window_count(*r, black_box(x.first), x.last),
                );
            }
        });
    });
    group.finish();

    let listed = &w.windows[..LISTED_WINDOWS.min(w.windows.len())];
    let mut group = slow_group(c, "window_list");
    group.throughput(Throughput::Elements(listed.len() as u64));
    group.bench_function(fx.id("factgraph"), |b| {
        b.iter(|| {
            for x in listed {
                black_box(floor::fg_window_list(g, black_box(x)));
            }
        });
    });
    group.bench_function(fx.id("floor"), |b| {
        let mut list = Vec::new();
        b.iter(|| {
            for x in listed {
                fx.floor.window_list(black_box(x.first), x.last, &mut list);
                black_box(list.len());
            }
        });
    });
    group.finish();
}

fn bench_ego(c: &mut Criterion, fx: &Fixture) {
    let (g, w) = (&fx.graph, &fx.w);
    let mut group = slow_group(c, "ego");
    group.throughput(Throughput::Elements(w.egos.len() as u64));
    group.bench_function(fx.id("factgraph"), |b| {
        b.iter(|| {
            for centre in &w.egos {
                black_box(floor::fg_ego(g, w.id(*centre), 2));
            }
        });
    });
    group.bench_function(fx.id("floor"), |b| {
        let mut scratch = Scratch::new(fx.floor.entity_count());
        let (mut entities, mut facts) = (Vec::new(), Vec::new());
        b.iter(|| {
            for centre in &w.egos {
                fx.floor
                    .ego(&mut scratch, *centre, 2, &mut entities, &mut facts);
                black_box(entities.len() + facts.len());
            }
        });
    });
    group.finish();
}

/// The one-hop queries, every relation, through the time views: as of a day (with
/// succession), known by a day (each fact as its version), and both. No floor (its
/// arrays carry no report times); compare with `one_hop` and between the three.
fn bench_time_views(c: &mut Criterion, fx: &Fixture) {
    let (g, w) = (&fx.graph, &fx.w);
    let (Ok(d), Ok(k)) = (
        factgraph::PartialDate::day(2012, 6, 1),
        factgraph::PartialDate::day(2015, 1, 1),
    ) else {
        return;
    };
    let mut group = c.benchmark_group("time_views");
    group.throughput(Throughput::Elements(w.one_hop.len() as u64));
    for (name, filter) in [
        ("no_view", Filter::any()),
        ("as_of", Filter::any().as_of(d)),
        ("known_by", Filter::any().known_by(k)),
        ("as_of_known_by", Filter::any().as_of(d).known_by(k)),
    ] {
        group.bench_function(fx.id(&format!("factgraph_{name}")), |b| {
            b.iter(|| {
                for q in &w.one_hop {
                    let n = g.neighbours(w.id(q.entity), filter).fold(0usize, |n, h| {
                        n + usize::from(!h.fact().date().is_unknown())
                    });
                    black_box(n);
                }
            });
        });
    }
    group.finish();
}

fn queries(c: &mut Criterion) {
    for size in SIZES {
        let fx = Fixture::new(size);
        bench_build(c, &fx);
        bench_load(c, &fx);
        bench_find(c, &fx);
        bench_one_hop(c, &fx);
        bench_two_hop(c, &fx);
        bench_connection(c, &fx);
        bench_windows(c, &fx);
        bench_ego(c, &fx);
        bench_time_views(c, &fx);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = queries
}
criterion_main!(benches);
