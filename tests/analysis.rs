//! Analysis through the public API: petgraph's algorithms on the graph and on views agree
//! with the same algorithms on `as_petgraph()`; centrality and the k shortest connections
//! agree with brute force on small graphs of made-up data (property tests); filters change
//! the answers where they should on the embedded datasets.
//!
//! `PROPTEST_CASES=2000 cargo test --release --test analysis` runs more cases.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use factgraph::analysis::{AnalysisError, Centrality};
use factgraph::petgraph;
use factgraph::petgraph::graph::{DiGraph, NodeIndex};
use factgraph::petgraph::visit::{
    Bfs, Dfs, EdgeFiltered, EdgeRef, IntoEdgeReferences, IntoEdgesDirected, IntoNeighborsDirected,
    IntoNodeIdentifiers, IntoNodeReferences, NodeCount, NodeIndexable, NodeRef, UndirectedAdaptor,
};
use factgraph::{
    Attribution, Entity, EntityId, EntityKind, Fact, FactId, Filter, GraphError, KnowledgeGraph,
    Modality, Relation, SearchError, View, datasets,
};
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::algo::{connected_components, dijkstra, kosaraju_scc, page_rank, tarjan_scc};
use proptest::prelude::*;

/// The materialised petgraph copy.
fn materialised(g: &KnowledgeGraph) -> DiGraph<EntityId, FactId, u32> {
    g.as_petgraph()
}

/// The entity each node of the materialised graph stands for.
fn entity_of(pg: &DiGraph<EntityId, FactId, u32>, n: NodeIndex<u32>) -> EntityId {
    pg[n]
}

fn node_of(pg: &DiGraph<EntityId, FactId, u32>, id: EntityId) -> NodeIndex<u32> {
    pg.node_indices().find(|n| pg[*n] == id).expect("a node")
}

fn sorted_components(sccs: Vec<Vec<EntityId>>) -> BTreeSet<BTreeSet<EntityId>> {
    sccs.into_iter().map(|c| c.into_iter().collect()).collect()
}

/// petgraph's algorithms on `&g` and on `view` give what they give on the materialised graph.
fn agree_with_materialised(g: &KnowledgeGraph, view: View<'_>) {
    let pg = materialised(g);
    let live: BTreeSet<EntityId> = g.entities().map(|e| e.id()).collect();
    let ids: Vec<EntityId> = g.node_identifiers().collect();
    assert_eq!(ids.iter().copied().collect::<BTreeSet<_>>(), live);
    assert_eq!(ids.len(), g.node_count());
    assert_eq!(g.node_references().count(), g.node_count());
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(NodeIndexable::to_index(&g, *id), i, "compact indices");
        assert_eq!(NodeIndexable::from_index(&g, i), *id);
    }
    for r in g.node_references() {
        assert_eq!(r.weight().name(), g.entity(r.id()).unwrap().name());
    }
    // Every edge list, both directions, as fact ids.
    for &id in &ids {
        for dir in [Outgoing, Incoming] {
            for e in g.edges_directed(id, dir) {
                let f = e.fact();
                assert_eq!(
                    (e.source(), e.target()),
                    (f.subject().id(), f.object().id())
                );
                assert_eq!(*e.weight(), f.id());
                assert!(
                    if dir == Outgoing {
                        e.source()
                    } else {
                        e.target()
                    } == id
                );
            }
            let mut ours: Vec<FactId> = g.edges_directed(id, dir).map(|e| e.id()).collect();
            let mut theirs: Vec<FactId> = pg
                .edges_directed(node_of(&pg, id), dir)
                .map(|e| *e.weight())
                .collect();
            ours.sort();
            theirs.sort();
            assert_eq!(ours, theirs, "{id} {dir:?}");
            let mut n1: Vec<EntityId> = g.neighbors_directed(id, dir).collect();
            let mut n2: Vec<EntityId> = pg
                .neighbors_directed(node_of(&pg, id), dir)
                .map(|n| entity_of(&pg, n))
                .collect();
            n1.sort();
            n2.sort();
            assert_eq!(n1, n2);
        }
    }
    let all: Vec<FactId> = g.edge_references().map(|e| e.id()).collect();
    assert_eq!(all, g.facts().map(|f| f.id()).collect::<Vec<_>>());
    let kept: Vec<FactId> = view.edge_references().map(|e| e.id()).collect();
    assert_eq!(kept, view.facts().map(|f| f.id()).collect::<Vec<_>>());
    // Traversals and shortest paths from a few entities.
    for &s in ids.iter().step_by(ids.len() / 7 + 1) {
        let ours: HashMap<EntityId, u32> = dijkstra(g, s, None, |_| 1u32).into_iter().collect();
        let theirs: HashMap<EntityId, u32> = dijkstra(&pg, node_of(&pg, s), None, |_| 1u32)
            .into_iter()
            .map(|(n, d)| (entity_of(&pg, n), d))
            .collect();
        assert_eq!(ours, theirs);
        let mut bfs = Bfs::new(g, s);
        let mut seen = BTreeSet::new();
        while let Some(n) = bfs.next(g) {
            seen.insert(n);
        }
        let mut dfs = Dfs::new(&pg, node_of(&pg, s));
        let mut seen2 = BTreeSet::new();
        while let Some(n) = dfs.next(&pg) {
            seen2.insert(entity_of(&pg, n));
        }
        assert_eq!(seen, seen2);
        // On the view: the materialised graph with the view's facts only.
        let kept = EdgeFiltered::from_fn(&pg, |e| view.contains(&g.fact(*e.weight()).unwrap()));
        let ours: HashMap<EntityId, u32> = dijkstra(view, s, None, |_| 1u32).into_iter().collect();
        let theirs: HashMap<EntityId, u32> = dijkstra(&kept, node_of(&pg, s), None, |_| 1u32)
            .into_iter()
            .map(|(n, d)| (entity_of(&pg, n), d))
            .collect();
        assert_eq!(ours, theirs);
    }
    // Facts both ways, as connections take them: petgraph's hop counts are the lengths of
    // our own shortest connections, and of the first of the k shortest.
    for &s in ids.iter().step_by(ids.len() / 5 + 1) {
        let hops = dijkstra(UndirectedAdaptor(view), s, None, |_| 1usize);
        for &t in ids.iter().step_by(ids.len() / 5 + 1) {
            let ours = g
                .try_connection(s, t, view.filter(), usize::MAX)
                .unwrap()
                .map(|c| c.len());
            assert_eq!(ours, hops.get(&t).copied(), "{s} {t}");
            let first = g
                .k_shortest_connections(s, t, 2, view.filter(), usize::MAX)
                .unwrap()
                .first()
                .map(|r| r.len());
            assert_eq!(first, ours);
        }
    }
    // Strongly connected components: the materialised graph also has a node per
    // rolled-back id, isolated; leave those out.
    let theirs = sorted_components(
        tarjan_scc(&pg)
            .into_iter()
            .map(|c| c.into_iter().map(|n| entity_of(&pg, n)).collect::<Vec<_>>())
            .filter(|c| c.iter().all(|id| live.contains(id)))
            .collect(),
    );
    assert_eq!(sorted_components(tarjan_scc(g)), theirs);
    assert_eq!(sorted_components(kosaraju_scc(g)), theirs);
    let burnt = pg.node_count() - g.node_count();
    assert_eq!(connected_components(g), connected_components(&pg) - burnt);
    let ranks = page_rank(g, 0.85_f64, 5);
    assert_eq!(ranks.len(), g.node_count());
    if burnt == 0 {
        let theirs = page_rank(&pg, 0.85_f64, 5);
        for (a, b) in ranks.iter().zip(&theirs) {
            assert!((a - b).abs() < 1e-12, "{a} {b}");
        }
    }
}

#[test]
fn petgraph_algorithms_run_on_the_embedded_datasets_and_their_views() {
    let edm = datasets::edm_2004_v1_i133();
    agree_with_materialised(edm, edm.view(Filter::any().stated_only()));
    let corpus = datasets::corpus();
    agree_with_materialised(
        corpus,
        corpus.view(Filter::relation(Relation::Met).modalities(factgraph::ModalitySet::REPORTED)),
    );
}

/// A small graph of made-up people and countries: `met` between people, `visited` from a
/// person to a country; each fact reported, planned, or inferred by the coder. A
/// rolled-back batch may leave burnt ids between the entities.
#[derive(Debug, Clone)]
struct Small {
    people: usize,
    countries: usize,
    facts: Vec<(usize, usize, u8)>,
    burn_after: Option<usize>,
}

fn small_strategy() -> impl Strategy<Value = Small> {
    (2usize..7, 0usize..3)
        .prop_flat_map(|(people, countries)| {
            let n = people + countries;
            (
                Just(people),
                Just(countries),
                prop::collection::vec((0..n, 0..n, 0u8..3), 0..24),
                prop::option::of(0..n),
            )
        })
        .prop_map(|(people, countries, facts, burn_after)| Small {
            people,
            countries,
            facts,
            burn_after,
        })
}

fn build(s: &Small) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    let source = g
        .add_entity(Entity::new("wire", EntityKind::Source, "Example Wire"))
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..s.people + s.countries {
        if s.burn_after == Some(i) {
            let r: Result<(), GraphError> = g.transaction(|b| {
                b.add_entity(Entity::new("gone", EntityKind::Person, "Gone"))?;
                Err(GraphError::EmptyKey)
            });
            assert!(r.is_err());
        }
        let (kind, name) = if i < s.people {
            (EntityKind::Person, format!("Person {i}"))
        } else {
            (EntityKind::Country, format!("Country {i}"))
        };
        ids.push(
            g.add_entity(Entity::new(format!("e{i}"), kind, name))
                .unwrap(),
        );
    }
    for &(a, b, how) in &s.facts {
        let relation = match (a < s.people, b < s.people) {
            (true, true) => Relation::Met,
            (true, false) => Relation::Visited,
            _ => continue,
        };
        if a == b {
            continue;
        }
        let mut source = Attribution::new(source);
        if how == 2 {
            source = source.inferred_because("made up");
        }
        let mut f = Fact::new(relation, ids[a], ids[b]).with_source(source);
        if how == 1 {
            f = f.with_modality(Modality::Planned);
        }
        g.add_fact(f).unwrap();
    }
    g
}

/// The view's facts as an undirected simple graph: entity → neighbours.
fn links(view: &View<'_>) -> BTreeMap<EntityId, BTreeSet<EntityId>> {
    let mut m: BTreeMap<EntityId, BTreeSet<EntityId>> = view
        .graph()
        .entities()
        .map(|e| (e.id(), BTreeSet::new()))
        .collect();
    for f in view.facts() {
        let (a, b) = (f.subject().id(), f.object().id());
        if a != b {
            m.get_mut(&a).unwrap().insert(b);
            m.get_mut(&b).unwrap().insert(a);
        }
    }
    m
}

/// Distances and numbers of shortest paths from `s`.
fn bfs_counts(
    adj: &BTreeMap<EntityId, BTreeSet<EntityId>>,
    s: EntityId,
) -> HashMap<EntityId, (u32, f64)> {
    let mut out = HashMap::from([(s, (0u32, 1.0f64))]);
    let mut q = VecDeque::from([s]);
    while let Some(u) = q.pop_front() {
        let (du, su) = out[&u];
        for &v in &adj[&u] {
            match out.get_mut(&v) {
                None => {
                    out.insert(v, (du + 1, su));
                    q.push_back(v);
                }
                Some((dv, sv)) if *dv == du + 1 => *sv += su,
                _ => {}
            }
        }
    }
    out
}

/// Betweenness by its definition: over unordered pairs, the share of shortest paths
/// through each entity.
fn brute_betweenness(view: &View<'_>) -> BTreeMap<EntityId, f64> {
    let adj = links(view);
    let counts: HashMap<EntityId, HashMap<EntityId, (u32, f64)>> =
        adj.keys().map(|s| (*s, bfs_counts(&adj, *s))).collect();
    let mut bc: BTreeMap<EntityId, f64> = adj.keys().map(|v| (*v, 0.0)).collect();
    let ids: Vec<EntityId> = adj.keys().copied().collect();
    for (i, s) in ids.iter().enumerate() {
        for t in &ids[i + 1..] {
            let Some(&(dst, sst)) = counts[s].get(t) else {
                continue;
            };
            for v in &ids {
                if v == s || v == t {
                    continue;
                }
                if let (Some(&(dsv, ssv)), Some(&(dvt, svt))) = (counts[s].get(v), counts[v].get(t))
                    && dsv + dvt == dst
                {
                    *bc.get_mut(v).unwrap() += ssv * svt / sst;
                }
            }
        }
    }
    bc
}

/// PageRank by a dense transition matrix, iterated to a fixed point.
fn brute_page_rank(view: &View<'_>, d: f64, directed: bool) -> BTreeMap<EntityId, f64> {
    let ids: Vec<EntityId> = view.graph().entities().map(|e| e.id()).collect();
    let n = ids.len();
    let at = |id: EntityId| ids.iter().position(|x| *x == id).unwrap();
    let mut w = vec![vec![0.0f64; n]; n];
    for f in view.facts() {
        let (a, b) = (at(f.subject().id()), at(f.object().id()));
        if a == b {
            continue;
        }
        w[a][b] += 1.0;
        if !directed || f.relation().is_symmetric() {
            w[b][a] += 1.0;
        }
    }
    let mut r = vec![1.0 / n as f64; n];
    for _ in 0..5_000 {
        let mut next = vec![0.0; n];
        for (u, row) in w.iter().enumerate() {
            let out: f64 = row.iter().sum();
            for (v, x) in next.iter_mut().enumerate() {
                *x += (1.0 - d) / n as f64 * r[u];
                *x += if out == 0.0 {
                    d * r[u] / n as f64
                } else {
                    d * r[u] * row[v] / out
                };
            }
        }
        r = next;
    }
    ids.into_iter().zip(r).collect()
}

/// Every simple path from `s` to `t`, ordered by length then ids.
fn brute_paths(view: &View<'_>, s: EntityId, t: EntityId) -> Vec<Vec<EntityId>> {
    fn go(
        adj: &BTreeMap<EntityId, BTreeSet<EntityId>>,
        path: &mut Vec<EntityId>,
        t: EntityId,
        out: &mut Vec<Vec<EntityId>>,
    ) {
        let u = *path.last().unwrap();
        if u == t {
            out.push(path.clone());
            return;
        }
        for &v in &adj[&u] {
            if !path.contains(&v) {
                path.push(v);
                go(adj, path, t, out);
                path.pop();
            }
        }
    }
    let adj = links(view);
    let mut out = Vec::new();
    go(&adj, &mut vec![s], t, &mut out);
    out.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    out
}

fn filters() -> [Filter; 3] {
    [
        Filter::any(),
        Filter::any().stated_only(),
        Filter::any().reported_only(),
    ]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

/// 32 cases by default; `PROPTEST_CASES=N` for more.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn visit_traits_agree_with_the_materialised_graph(s in small_strategy()) {
        let g = build(&s);
        agree_with_materialised(&g, g.view(Filter::any().stated_only()));
    }

    #[test]
    fn centrality_agrees_with_brute_force(s in small_strategy()) {
        let g = build(&s);
        let all = Centrality::new().top(usize::MAX).facts(usize::MAX);
        for filter in filters() {
            let view = g.view(filter);
            let bc = brute_betweenness(&view);
            let ours = view.betweenness(&all).unwrap();
            prop_assert_eq!(ours.len(), g.entity_count());
            for r in &ours {
                prop_assert!(close(r.score, bc[&r.entity.id()]), "{} {} {}", r.entity, r.score, bc[&r.entity.id()]);
            }
            prop_assert!(ours.windows(2).all(|w| w[0].score > w[1].score
                || (w[0].score == w[1].score && w[0].entity.id() < w[1].entity.id())));
            // As many sources as entities is the exact answer.
            let sampled = view.betweenness(&all.samples(g.entity_count())).unwrap();
            prop_assert_eq!(&sampled, &ours);
            for directed in [false, true] {
                let pr = brute_page_rank(&view, 0.85, directed);
                let ours = view
                    .page_rank(&all.directed(directed).iterations(10_000).tolerance(1e-15))
                    .unwrap();
                prop_assert_eq!(ours.len(), g.entity_count());
                prop_assert!(close(ours.iter().map(|r| r.score).sum::<f64>(), 1.0));
                for r in &ours {
                    prop_assert!(close(r.score, pr[&r.entity.id()]), "{} {} {}", r.entity, r.score, pr[&r.entity.id()]);
                }
            }
            for r in view.degree_centrality(&all).unwrap() {
                let id = r.entity.id();
                let mine: BTreeSet<FactId> = view
                    .facts()
                    .filter(|f| (f.subject().id() == id) != (f.object().id() == id))
                    .map(|f| f.id())
                    .collect();
                prop_assert_eq!(r.score, mine.len() as f64);
                prop_assert_eq!(r.degree, mine.len());
                // The facts behind a result are its own facts in the view, each once.
                let behind: BTreeSet<FactId> = r.facts.iter().map(|f| f.id()).collect();
                prop_assert_eq!(behind.len(), r.facts.len());
                prop_assert_eq!(behind, mine);
            }
        }
    }

    #[test]
    fn k_shortest_connections_agree_with_brute_force(
        s in small_strategy(), a in 0usize..9, b in 0usize..9, k in 1usize..6,
    ) {
        let g = build(&s);
        let ids: Vec<EntityId> = g.entities().map(|e| e.id()).collect();
        let (from, to) = (ids[a % ids.len()], ids[b % ids.len()]);
        for filter in filters() {
            let view = g.view(filter);
            let want: Vec<Vec<EntityId>> = brute_paths(&view, from, to).into_iter().take(k).collect();
            let routes = g.k_shortest_connections(from, to, k, filter, 1_000_000).unwrap();
            let got: Vec<Vec<EntityId>> =
                routes.iter().map(|r| r.entities().map(|e| e.id()).collect()).collect();
            prop_assert_eq!(&got, &want);
            for r in &routes {
                for (hop, facts) in r.connection().hops().iter().zip(r.facts()) {
                    let (u, v) = (hop.from().id(), hop.other().id());
                    let linking: Vec<FactId> = view
                        .facts()
                        .filter(|f| {
                            (f.subject().id(), f.object().id()) == (u, v)
                                || (f.subject().id(), f.object().id()) == (v, u)
                        })
                        .map(|f| f.id())
                        .collect();
                    prop_assert_eq!(facts.iter().map(|f| f.id()).collect::<Vec<_>>(), linking);
                    prop_assert_eq!(hop.fact().id(), facts[0].id());
                }
            }
            if let Some(first) = routes.first() {
                let one = g.try_connection(from, to, filter, 1_000_000).unwrap().unwrap();
                prop_assert_eq!(first.len(), one.len());
            }
        }
    }
}

#[test]
fn equally_short_routes_come_in_id_order() {
    // Made up: a diamond 0 - {1, 2} - 3, and a longer way 0 - 4 - 5 - 3.
    let s = Small {
        people: 6,
        countries: 0,
        facts: vec![
            (0, 2, 0),
            (2, 3, 0),
            (0, 1, 0),
            (1, 3, 0),
            (0, 4, 0),
            (4, 5, 0),
            (5, 3, 0),
        ],
        burn_after: None,
    };
    let g = build(&s);
    let (from, to) = (g.get("e0").unwrap().id(), g.get("e3").unwrap().id());
    let keys: Vec<Vec<&str>> = g
        .k_shortest_connections(from, to, 5, Filter::any(), 1_000)
        .unwrap()
        .iter()
        .map(|r| r.entities().map(|e| e.key()).collect())
        .collect();
    assert_eq!(
        keys,
        [
            vec!["e0", "e1", "e3"],
            vec!["e0", "e2", "e3"],
            vec!["e0", "e4", "e5", "e3"]
        ]
    );
}

#[test]
fn rolled_back_ids_are_not_nodes() {
    let s = Small {
        people: 4,
        countries: 1,
        facts: vec![(0, 1, 0), (1, 2, 0), (2, 3, 1), (3, 4, 0)],
        burn_after: Some(2),
    };
    let g = build(&s);
    let pg = materialised(&g);
    assert_eq!(pg.node_count(), g.node_count() + 1);
    assert_eq!(g.node_identifiers().count(), g.entity_count());
    assert_eq!(g.node_bound(), g.entity_count());
    let ranks = page_rank(&g, 0.85_f64, 20);
    assert_eq!(ranks.len(), g.entity_count());
    assert!((ranks.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert_eq!(connected_components(&g), 2); // the source, and the chain
}

#[test]
fn betweenness_has_a_budget_and_a_sampled_estimate() {
    let g = datasets::corpus();
    let view = g.view(Filter::any());
    let err = view
        .betweenness(&Centrality::new().budget(100_000))
        .unwrap_err();
    let AnalysisError::Budget { budget, needed } = err else {
        panic!("{err}");
    };
    assert_eq!(budget, 100_000);
    assert!(needed > budget);
    let sampled = view
        .betweenness(&Centrality::new().budget(100_000).samples(20).top(3))
        .unwrap();
    assert_eq!(sampled.len(), 3);
    // The same options give the same estimate.
    let again = view
        .betweenness(&Centrality::new().budget(100_000).samples(20).top(3))
        .unwrap();
    assert_eq!(sampled, again);
    assert!(matches!(
        view.page_rank(&Centrality::new().damping(1.5)),
        Err(AnalysisError::Damping { .. })
    ));
    assert!(matches!(
        view.page_rank(&Centrality::new().budget(10)),
        Err(AnalysisError::Budget { .. })
    ));
}

#[test]
fn the_facts_behind_betweenness_are_on_its_paths() {
    let g = datasets::corpus();
    let view = g.view(Filter::any());
    for r in view
        .betweenness(&Centrality::new().top(5).facts(3))
        .unwrap()
    {
        assert!(!r.facts.is_empty(), "{r}");
        for f in &r.facts {
            assert!(f.subject().id() == r.entity.id() || f.object().id() == r.entity.id());
            assert!(view.contains(f));
        }
    }
}

#[test]
fn leaving_out_inferred_or_planned_links_changes_the_routes() {
    let g = datasets::edm_2004_v1_i133();
    let us = g.find("United States").unwrap().id();
    let eagle = g.find("Steppe Eagle 2004").unwrap().id();
    let any = g
        .k_shortest_connections(us, eagle, 3, Filter::any(), 1_000_000)
        .unwrap();
    let stated = g
        .k_shortest_connections(us, eagle, 3, Filter::any().stated_only(), 1_000_000)
        .unwrap();
    // "The US took part in Steppe Eagle 2004" is inferred: the direct link goes.
    assert!(any[0].facts()[0].iter().any(|f| f.is_inferred()));
    assert_ne!(
        any.iter().map(|r| r.len()).collect::<Vec<_>>(),
        stated.iter().map(|r| r.len()).collect::<Vec<_>>()
    );
    for r in &stated {
        assert!(r.facts().iter().flatten().all(|f| !f.is_inferred()));
    }
    let reported = g
        .k_shortest_connections(us, eagle, 5, Filter::any().reported_only(), 1_000_000)
        .unwrap();
    for r in &reported {
        assert!(
            r.facts()
                .iter()
                .flatten()
                .all(|f| f.modality() == Modality::Reported)
        );
    }
    assert!(matches!(
        g.k_shortest_connections(us, eagle, 3, Filter::any(), 2),
        Err(SearchError::Budget { budget: 2 })
    ));
}
