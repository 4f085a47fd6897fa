//! Query benchmarks on synthetic graphs of MADE-UP data (see `factgraph::synthetic`).
//!
//! Each graph size is generated once, outside the timing loops; query inputs are drawn
//! from a seeded generator, so every run measures the same queries. One iteration runs a
//! whole batch of queries; the throughput line counts queries (or, for `neighbours`, the
//! hops returned).
//!
//! ```text
//! cargo bench --bench queries                 # everything, a few minutes on 2 cores
//! cargo bench --bench queries -- connection   # one group
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use factgraph::synthetic::{SyntheticConfig, generate};
use factgraph::{EntityId, Filter, KnowledgeGraph, Relation};

/// Graph sizes in entities (with the default 10 facts per entity).
const SIZES: [usize; 2] = [10_000, 100_000];
/// Seed of the graphs.
const GRAPH_SEED: u64 = 2024;
/// Seed of the query inputs.
const QUERY_SEED: u64 = 7;

/// Lookups per iteration.
const LOOKUPS: usize = 1_000;
/// Hub entities (the busiest by number of facts) queried per iteration.
const HUBS: usize = 16;
/// Ordinary (non-hub) entities queried per iteration.
const NON_HUBS: usize = 1_000;
/// Random pairs connected per iteration.
const PAIRS: usize = 32;

/// SplitMix64, for deterministic query inputs.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn index(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// A graph and the inputs of every benchmark on it.
struct Fixture {
    size: usize,
    graph: KnowledgeGraph,
    /// Canonical names of random entities.
    names: Vec<String>,
    /// Aliases of random entities that have one.
    aliases: Vec<String>,
    /// (entity, one of its relations) for the busiest entities.
    hub_queries: Vec<(EntityId, Relation)>,
    /// (entity, one of its relations) for random entities that are not hubs.
    non_hub_queries: Vec<(EntityId, Relation)>,
    /// Random pairs of entities.
    pairs: Vec<(EntityId, EntityId)>,
}

impl Fixture {
    fn new(size: usize) -> Self {
        let graph = generate(&SyntheticConfig::new(size, GRAPH_SEED))
            .unwrap_or_else(|e| panic!("synthetic graph of {size}: {e}"));
        let mut rng = Rng(QUERY_SEED ^ size as u64);
        let ids: Vec<EntityId> = graph.entities().map(|e| e.id()).collect();

        let names = (0..LOOKUPS)
            .map(|_| graph.entity(ids[rng.index(ids.len())]))
            .map(|e| e.map(|e| e.name().to_owned()).unwrap_or_default())
            .collect();
        let with_alias: Vec<EntityId> = graph
            .entities()
            .filter(|e| !e.aliases().is_empty())
            .map(|e| e.id())
            .collect();
        let aliases = (0..LOOKUPS)
            .map(|_| graph.entity(with_alias[rng.index(with_alias.len())]))
            .map(|e| e.map(|e| e.aliases()[0].clone()).unwrap_or_default())
            .collect();

        // Degrees, and the relation of each fact at each entity.
        let mut degree = vec![0usize; ids.len()];
        for f in graph.facts() {
            degree[f.subject().id().index()] += 1;
            degree[f.object().id().index()] += 1;
        }
        let mut by_degree: Vec<usize> = (0..ids.len()).collect();
        by_degree.sort_unstable_by(|a, b| degree[*b].cmp(&degree[*a]).then(a.cmp(b)));
        let hubs = &by_degree[..HUBS];
        // One relation per query: that of a random fact at the entity, so busy relations
        // are asked about more often, as in use.
        let relation_at = |id: EntityId, rng: &mut Rng| {
            let hops: Vec<Relation> = graph
                .neighbours(id, Filter::any())
                .map(|h| h.fact().relation())
                .collect();
            hops[rng.index(hops.len())]
        };
        let hub_queries = hubs
            .iter()
            .map(|i| (ids[*i], relation_at(ids[*i], &mut rng)))
            .collect();
        // Non-hubs: entities outside the top 1 % by degree, with at least one fact.
        let top = &by_degree[..ids.len() / 100];
        let ordinary: Vec<usize> = by_degree[top.len()..]
            .iter()
            .copied()
            .filter(|i| degree[*i] > 0)
            .collect();
        let non_hub_queries = (0..NON_HUBS)
            .map(|_| {
                let i = ordinary[rng.index(ordinary.len())];
                (ids[i], relation_at(ids[i], &mut rng))
            })
            .collect();
        let pairs = (0..PAIRS)
            .map(|_| (ids[rng.index(ids.len())], ids[rng.index(ids.len())]))
            .collect();

        let fixture = Fixture {
            size,
            graph,
            names,
            aliases,
            hub_queries,
            non_hub_queries,
            pairs,
        };
        fixture.describe();
        fixture
    }

    /// Prints what the queries return, so the timings can be read against it.
    fn describe(&self) {
        let g = &self.graph;
        let hops =
            |qs: &[(EntityId, Relation)]| qs.iter().map(|q| neighbours(g, *q)).sum::<usize>();
        let lengths: Vec<usize> = self
            .pairs
            .iter()
            .filter_map(|(a, b)| g.connection(*a, *b, Filter::any()).map(|c| c.len()))
            .collect();
        eprintln!(
            "[{} entities, {} facts] hub queries return {} hops, non-hub queries {} hops; \
             {}/{} pairs connected, mean length {:.2}",
            g.entity_count(),
            g.fact_count(),
            hops(&self.hub_queries),
            hops(&self.non_hub_queries),
            lengths.len(),
            self.pairs.len(),
            lengths.iter().sum::<usize>() as f64 / lengths.len().max(1) as f64,
        );
    }
}

/// Runs one typed-neighbours query, visits the other end of every hop, and returns the
/// number of hops.
fn neighbours(g: &KnowledgeGraph, (id, relation): (EntityId, Relation)) -> usize {
    g.neighbours(id, Filter::relation(relation))
        .fold(0, |n, hop| {
            black_box(hop.other().id());
            n + 1
        })
}

fn bench_find(c: &mut Criterion, fx: &Fixture) {
    let g = &fx.graph;
    let mut group = c.benchmark_group("find");
    group.throughput(Throughput::Elements(LOOKUPS as u64));
    for (what, names) in [("name", &fx.names), ("alias", &fx.aliases)] {
        assert!(
            names.iter().all(|n| g.find(n).is_ok()),
            "every {what} is found"
        );
        group.bench_with_input(BenchmarkId::new(what, fx.size), names, |b, names| {
            b.iter(|| {
                for n in names {
                    black_box(g.find(black_box(n)).map(|e| e.id()).ok());
                }
            });
        });
    }
    group.finish();
}

fn bench_neighbours(c: &mut Criterion, fx: &Fixture) {
    let g = &fx.graph;
    let mut group = c.benchmark_group("neighbours");
    for (what, queries) in [("hub", &fx.hub_queries), ("non_hub", &fx.non_hub_queries)] {
        let hops: usize = queries.iter().map(|q| neighbours(g, *q)).sum();
        group.throughput(Throughput::Elements(hops as u64));
        group.bench_with_input(BenchmarkId::new(what, fx.size), queries, |b, queries| {
            b.iter(|| {
                for q in queries {
                    black_box(neighbours(g, black_box(*q)));
                }
            });
        });
    }
    group.finish();
}

fn bench_connection(c: &mut Criterion, fx: &Fixture) {
    let g = &fx.graph;
    let mut group = c.benchmark_group("connection");
    // Milliseconds per iteration: flat sampling keeps the run short.
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(fx.pairs.len() as u64));
    group.bench_with_input(BenchmarkId::new("any", fx.size), &fx.pairs, |b, pairs| {
        b.iter(|| {
            for (a, z) in pairs {
                black_box(
                    g.connection(black_box(*a), *z, Filter::any())
                        .map(|c| c.len()),
                );
            }
        });
    });
    group.finish();
}

fn queries(c: &mut Criterion) {
    for size in SIZES {
        let fx = Fixture::new(size);
        bench_find(c, &fx);
        bench_neighbours(c, &fx);
        bench_connection(c, &fx);
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
