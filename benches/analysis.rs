//! Analysis benchmarks on synthetic graphs of MADE-UP data (see `factgraph::synthetic`).
//!
//! | group | what one iteration runs |
//! |---|---|
//! | `page_rank` | `View::page_rank` over the whole graph (100 iterations at most, tolerance 1e-10), top 10 with 5 facts each |
//! | `page_rank_stated` | the same over the stated, reported-as-done facts |
//! | `betweenness_sampled` | `View::betweenness` estimated from 64 sources |
//! | `k_shortest` | `k_shortest_connections` with k = 5 for 16 seeded pairs of entities |
//! | `connection` | `try_connection` for the same pairs: the k = 1 baseline |
//! | `petgraph_dijkstra` | `petgraph::algo::dijkstra` (unit weights) on `&KnowledgeGraph` from 16 entities, and on `as_petgraph()` side by side |
//!
//! ```text
//! cargo bench --bench analysis                 # everything, a few minutes on 2 cores
//! cargo bench --bench analysis -- k_shortest   # one group
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use factgraph::analysis::Centrality;
use factgraph::petgraph::algo::dijkstra;
use factgraph::petgraph::graph::NodeIndex;
use factgraph::synthetic::{SyntheticConfig, generate};
use factgraph::{EntityId, Filter, KnowledgeGraph};

/// Graph sizes in entities (with the default 10 facts per entity).
const SIZES: [usize; 2] = [10_000, 100_000];
/// Seed of the graphs (the one `benches/queries.rs` uses).
const GRAPH_SEED: u64 = 2024;
/// Pairs per iteration of `k_shortest` and `connection`.
const PAIRS: usize = 16;
/// The k of `k_shortest`.
const K: usize = 5;
/// A budget no query here reaches.
const BUDGET: usize = usize::MAX;

/// Entities drawn by a seeded generator (SplitMix64), so every run asks the same.
fn draw(g: &KnowledgeGraph, n: usize, seed: u64) -> Vec<EntityId> {
    let ids: Vec<EntityId> = g.entities().map(|e| e.id()).collect();
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ids[((z ^ (z >> 31)) % ids.len() as u64) as usize]
        })
        .collect()
}

fn analysis(c: &mut Criterion) {
    for size in SIZES {
        let g = generate(&SyntheticConfig::new(size, GRAPH_SEED))
            .unwrap_or_else(|e| panic!("synthetic graph of {size}: {e}"));
        let ends = draw(&g, 2 * PAIRS, 7 ^ size as u64);
        let pairs: Vec<(EntityId, EntityId)> = ends.chunks(2).map(|p| (p[0], p[1])).collect();
        let any = g.view(Filter::any());
        let stated = g.view(Filter::any().stated_only().reported_only());
        let options = Centrality::new().budget(BUDGET);

        // What the benchmarks compute, so the timings can be read against it.
        let top = any.page_rank(&options).unwrap_or_else(|e| panic!("{e}"));
        let routes: Vec<usize> = pairs
            .iter()
            .map(|(a, b)| {
                g.k_shortest_connections(*a, *b, K, Filter::any(), BUDGET)
                    .map_or(0, |r| r.len())
            })
            .collect();
        eprintln!(
            "[{} entities, {} facts] top PageRank {} ({:.5}); {} of {} pairs connected, {} routes found",
            g.entity_count(),
            g.fact_count(),
            top.first().map_or("-", |r| r.entity.name()),
            top.first().map_or(0.0, |r| r.score),
            routes.iter().filter(|n| **n > 0).count(),
            pairs.len(),
            routes.iter().sum::<usize>(),
        );

        let mut group = c.benchmark_group("analysis");
        group.sample_size(10);
        group.sampling_mode(SamplingMode::Flat);
        group.warm_up_time(Duration::from_millis(500));
        group.throughput(Throughput::Elements(g.fact_count() as u64));
        group.bench_function(BenchmarkId::new("page_rank", size), |b| {
            b.iter(|| black_box(any.page_rank(&options)))
        });
        group.bench_function(BenchmarkId::new("page_rank_stated", size), |b| {
            b.iter(|| black_box(stated.page_rank(&options)))
        });
        group.bench_function(BenchmarkId::new("betweenness_sampled", size), |b| {
            b.iter(|| black_box(any.betweenness(&options.samples(64))))
        });
        group.throughput(Throughput::Elements(pairs.len() as u64));
        group.bench_function(BenchmarkId::new("k_shortest", size), |b| {
            b.iter(|| {
                for (a, z) in &pairs {
                    let _ = black_box(g.k_shortest_connections(*a, *z, K, Filter::any(), BUDGET));
                }
            })
        });
        group.bench_function(BenchmarkId::new("connection", size), |b| {
            b.iter(|| {
                for (a, z) in &pairs {
                    let _ = black_box(g.try_connection(*a, *z, Filter::any(), BUDGET));
                }
            })
        });
        let pg = g.as_petgraph();
        group.bench_function(BenchmarkId::new("petgraph_dijkstra/factgraph", size), |b| {
            b.iter(|| {
                for (a, _) in &pairs {
                    black_box(dijkstra(&g, *a, None, |_| 1u32).len());
                }
            })
        });
        group.bench_function(
            BenchmarkId::new("petgraph_dijkstra/as_petgraph", size),
            |b| {
                b.iter(|| {
                    for (a, _) in &pairs {
                        black_box(dijkstra(&pg, NodeIndex::new(a.index()), None, |_| 1u32).len());
                    }
                })
            },
        );
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = analysis
}
criterion_main!(benches);
