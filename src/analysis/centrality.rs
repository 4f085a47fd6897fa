//! Centrality over a view: degree, PageRank and betweenness, each top result with the
//! facts behind it.

use std::cmp::Ordering;
use std::fmt;

use super::AnalysisError;
use super::snapshot::{Snapshot, charge};
use crate::query::refs::{EntityRef, FactRef};
use crate::query::time::View;

/// Options of the centrality measures: how many results, how many facts with each, the
/// work budget, and the measure's own parameters. Each measure reads the fields its
/// documentation names.
///
/// ```
/// use factgraph::analysis::Centrality;
/// let options = Centrality::new().top(5).facts(3).samples(200).budget(10_000_000);
/// assert_eq!(options.top_n(), 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Centrality {
    top: usize,
    facts: usize,
    budget: Option<usize>,
    damping: f64,
    iterations: usize,
    tolerance: f64,
    directed: bool,
    samples: Option<usize>,
    seed: u64,
}

impl Default for Centrality {
    fn default() -> Self {
        Centrality::new()
    }
}

impl Centrality {
    /// The top 10 results, 5 facts each, the graph's
    /// [`search_expansions`](crate::Limits::search_expansions) as the budget; PageRank with
    /// damping 0.85, at most 100 iterations, tolerance 1e-10, facts taken both ways;
    /// betweenness from every entity.
    pub const fn new() -> Self {
        Centrality {
            top: 10,
            facts: 5,
            budget: None,
            damping: 0.85,
            iterations: 100,
            tolerance: 1e-10,
            directed: false,
            samples: None,
            seed: 0x5eed,
        }
    }

    /// How many results (the highest scores).
    pub const fn top(mut self, n: usize) -> Self {
        self.top = n;
        self
    }

    /// How many results are asked for.
    pub const fn top_n(&self) -> usize {
        self.top
    }

    /// At most this many facts behind each result.
    pub const fn facts(mut self, n: usize) -> Self {
        self.facts = n;
        self
    }

    /// The work budget, in units of an entity or a fact end visited; the default is the
    /// graph's [`Limits::search_expansions`](crate::Limits::search_expansions).
    pub const fn budget(mut self, units: usize) -> Self {
        self.budget = Some(units);
        self
    }

    /// PageRank: the probability of following a fact rather than jumping anywhere
    /// (`0.0..=1.0`; 0.85 by default).
    pub const fn damping(mut self, d: f64) -> Self {
        self.damping = d;
        self
    }

    /// PageRank: at most this many iterations.
    pub const fn iterations(mut self, n: usize) -> Self {
        self.iterations = n;
        self
    }

    /// PageRank: stop when the ranks change by less than this in total (L1).
    pub const fn tolerance(mut self, t: f64) -> Self {
        self.tolerance = t;
        self
    }

    /// PageRank: follow facts from subject to object only (symmetric relations both
    /// ways). By default facts are followed both ways, as connections are.
    pub const fn directed(mut self, yes: bool) -> Self {
        self.directed = yes;
        self
    }

    /// Betweenness: estimate from `n` source entities drawn at random (seeded, so the same
    /// options give the same answer) instead of all, scaling up: O(n × facts) instead of
    /// O(entities × facts).
    pub const fn samples(mut self, n: usize) -> Self {
        self.samples = Some(n);
        self
    }

    /// Betweenness: the seed of the sample of sources.
    pub const fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// An entity with its score and the facts behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked<'g> {
    /// The entity.
    pub entity: EntityRef<'g>,
    /// Its score (see the measure).
    pub score: f64,
    /// How many facts of the view link it to other entities.
    pub degree: usize,
    /// The facts behind the score, the most telling first (see the measure), at most
    /// [`Centrality::facts`].
    pub facts: Vec<FactRef<'g>>,
}

impl fmt::Display for Ranked<'_> {
    /// `Kazakhstan  0.0732  (41 facts)`, then one indented line per fact with its sources.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}  {:.4}  ({} facts)",
            self.entity, self.score, self.degree
        )?;
        for fact in &self.facts {
            write!(f, "\n    {}  [{}]", fact, fact.sources_line())?;
        }
        Ok(())
    }
}

/// The ranks of the `top` highest scores, highest first, ties by entity id.
fn top_ranks(scores: &[f64], top: usize) -> Vec<usize> {
    let order = |a: &usize, b: &usize| -> Ordering {
        let (sa, sb) = (
            scores.get(*a).copied().unwrap_or(0.0),
            scores.get(*b).copied().unwrap_or(0.0),
        );
        sb.total_cmp(&sa).then(a.cmp(b))
    };
    let mut ranks: Vec<usize> = (0..scores.len()).collect();
    if top < ranks.len() {
        if top == 0 {
            return Vec::new();
        }
        ranks.select_nth_unstable_by(top - 1, order);
        ranks.truncate(top);
    }
    ranks.sort_unstable_by(order);
    ranks
}

/// A result for rank `u`, its facts taken from its slots in order of `telling` (highest
/// first, ties by neighbour).
fn ranked<'g>(
    view: &View<'g>,
    s: &Snapshot,
    u: usize,
    score: f64,
    cap: usize,
    telling: impl Fn(usize) -> f64,
) -> Option<Ranked<'g>> {
    let g = view.graph();
    let id = *s.ids.get(u)?;
    let mut slots: Vec<usize> = s.slots(u).collect();
    slots.sort_by(|a, b| telling(*b).total_cmp(&telling(*a)).then(a.cmp(b)));
    let facts = slots
        .iter()
        .flat_map(|slot| s.facts(*slot).iter())
        .take(cap)
        .filter_map(|f| g.fact(*f))
        .collect();
    Some(Ranked {
        entity: g.entity(id)?,
        score,
        degree: s.degree(u),
        facts,
    })
}

impl<'g> View<'g> {
    fn budget_of(&self, options: &Centrality) -> usize {
        options
            .budget
            .unwrap_or(self.graph().limits().search_expansions)
    }

    /// Degree centrality: the entities linked to others by the most facts of the view
    /// (facts of the [view's filter](View::filter): relations, modalities, stated-only,
    /// date window, as-of, known-by; taken in either direction). The score is that number
    /// of facts; the facts behind it are its facts, those shared with the neighbours it
    /// has most facts with first. Reads [`Centrality::top`], [`facts`](Centrality::facts)
    /// and [`budget`](Centrality::budget). O(entities + facts).
    ///
    /// ```
    /// use factgraph::{analysis::Centrality, datasets, Filter};
    /// let g = datasets::corpus();
    /// for r in g.view(Filter::any().stated_only()).degree_centrality(&Centrality::new().top(3).facts(2))? {
    ///     println!("{r}");
    /// }
    /// # Ok::<(), factgraph::analysis::AnalysisError>(())
    /// ```
    ///
    /// # Errors
    /// [`AnalysisError::Budget`] when reading the view costs more than the budget.
    pub fn degree_centrality(
        &self,
        options: &Centrality,
    ) -> Result<Vec<Ranked<'g>>, AnalysisError> {
        let mut spent = 0;
        let s = Snapshot::build(
            self.graph(),
            self.filter(),
            self.budget_of(options),
            &mut spent,
        )?;
        let scores: Vec<f64> = (0..s.len()).map(|u| s.degree(u) as f64).collect();
        Ok(top_ranks(&scores, options.top)
            .into_iter()
            .filter_map(|u| {
                let score = scores.get(u).copied().unwrap_or(0.0);
                ranked(self, &s, u, score, options.facts, |slot| {
                    f64::from(s.weight(slot))
                })
            })
            .collect())
    }

    /// PageRank over the view: the stationary probability of a walk that follows a fact
    /// of the view with probability [`damping`](Centrality::damping) (each fact equally
    /// likely, so two facts between the same entities count twice) and jumps to any
    /// entity otherwise; an entity with no facts jumps anywhere. Facts are followed both
    /// ways unless [`directed`](Centrality::directed). Scores sum to 1. The facts behind a
    /// result are its facts with the neighbours that give it the most rank first.
    ///
    /// Power iteration until the ranks change by less than
    /// [`tolerance`](Centrality::tolerance) or after [`iterations`](Centrality::iterations);
    /// each iteration costs O(entities + facts). (petgraph's `page_rank`, which also runs on
    /// views, costs O(entities² × degree) per iteration and counts parallel facts once.)
    ///
    /// ```
    /// use factgraph::{analysis::Centrality, datasets, Filter};
    /// let g = datasets::corpus();
    /// let top = g.view(Filter::any()).page_rank(&Centrality::new().top(3).facts(2))?;
    /// for r in &top {
    ///     println!("{r}");
    /// }
    /// assert!(top.windows(2).all(|w| w[0].score >= w[1].score));
    /// # Ok::<(), factgraph::analysis::AnalysisError>(())
    /// ```
    ///
    /// # Errors
    /// [`AnalysisError::Budget`] when the next iteration would pass the budget;
    /// [`AnalysisError::Damping`] for a damping outside `0.0..=1.0`.
    pub fn page_rank(&self, options: &Centrality) -> Result<Vec<Ranked<'g>>, AnalysisError> {
        let d = options.damping;
        if !(0.0..=1.0).contains(&d) {
            return Err(AnalysisError::Damping { damping: d });
        }
        let budget = self.budget_of(options);
        let mut spent = 0;
        let s = Snapshot::build(self.graph(), self.filter(), budget, &mut spent)?;
        let ranks = page_rank_kernel(&s, options, budget, &mut spent)?;
        let out_weight: Vec<f64> = (0..s.len())
            .map(|u| {
                s.slots(u)
                    .map(|slot| edge_weight(&s, slot, options.directed))
                    .sum()
            })
            .collect();
        Ok(top_ranks(&ranks, options.top)
            .into_iter()
            .filter_map(|v| {
                let score = ranks.get(v).copied().unwrap_or(0.0);
                // What the neighbour of a slot sends along it.
                let sent = |slot: usize| -> f64 {
                    let u = s.nbr(slot);
                    let w = s
                        .slot_of(u, v)
                        .map_or(0.0, |back| edge_weight(&s, back, options.directed));
                    let total = out_weight.get(u).copied().unwrap_or(0.0);
                    if total > 0.0 {
                        ranks.get(u).copied().unwrap_or(0.0) * w / total
                    } else {
                        0.0
                    }
                };
                ranked(self, &s, v, score, options.facts, sent)
            })
            .collect())
    }

    /// Betweenness centrality over the view (facts taken both ways, entities linked by
    /// several facts counted as one link): for each entity, the sum over pairs of other
    /// entities of the share of their shortest connections that pass through it
    /// (Brandes' algorithm; unnormalised, each unordered pair once). The facts behind a
    /// result are its facts that carry the most shortest connections (their pair's edge
    /// betweenness), first.
    ///
    /// Exact betweenness costs O(entities × (entities + facts)); with
    /// [`samples`](Centrality::samples) it is estimated from that many sources, at
    /// O(samples × (entities + facts)). The budget is checked against that bound before
    /// any search starts.
    ///
    /// ```
    /// use factgraph::{analysis::Centrality, datasets, Filter};
    /// let g = datasets::edm_2004_v1_i133();
    /// for r in g.view(Filter::any()).betweenness(&Centrality::new().top(3).facts(2))? {
    ///     println!("{r}");
    /// }
    /// // Too little budget for the exact answer: a typed error, not a long wait.
    /// let small = Centrality::new().budget(1_000);
    /// assert!(g.view(Filter::any()).betweenness(&small).is_err());
    /// # Ok::<(), factgraph::analysis::AnalysisError>(())
    /// ```
    ///
    /// # Errors
    /// [`AnalysisError::Budget`] when the bound above passes the budget (the error gives
    /// the bound: ask for fewer samples).
    pub fn betweenness(&self, options: &Centrality) -> Result<Vec<Ranked<'g>>, AnalysisError> {
        let budget = self.budget_of(options);
        let mut spent = 0;
        let s = Snapshot::build(self.graph(), self.filter(), budget, &mut spent)?;
        let (scores, pair) = betweenness_kernel(&s, options, budget, &mut spent)?;
        Ok(top_ranks(&scores, options.top)
            .into_iter()
            .filter_map(|v| {
                let score = scores.get(v).copied().unwrap_or(0.0);
                ranked(self, &s, v, score, options.facts, |slot| {
                    pair.get(slot).copied().unwrap_or(0.0)
                })
            })
            .collect())
    }
}

/// The weight of a slot's link for PageRank.
fn edge_weight(s: &Snapshot, slot: usize, directed: bool) -> f64 {
    f64::from(if directed {
        s.forward(slot)
    } else {
        s.weight(slot)
    })
}

/// PageRank by power iteration over the snapshot (push style), in rank order.
fn page_rank_kernel(
    s: &Snapshot,
    o: &Centrality,
    budget: usize,
    spent: &mut usize,
) -> Result<Vec<f64>, AnalysisError> {
    let n = s.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let nf = n as f64;
    let out: Vec<f64> = (0..n)
        .map(|u| {
            s.slots(u)
                .map(|slot| edge_weight(s, slot, o.directed))
                .sum()
        })
        .collect();
    let mut rank = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    let step = n + s.slot_count();
    for _ in 0..o.iterations {
        charge(spent, step, budget)?;
        let dangling: f64 = rank
            .iter()
            .zip(&out)
            .filter(|(_, w)| **w == 0.0)
            .map(|(r, _)| *r)
            .sum();
        let base = (1.0 - o.damping) / nf + o.damping * dangling / nf;
        next.iter_mut().for_each(|x| *x = base);
        for (u, (r, w)) in rank.iter().zip(&out).enumerate() {
            if *w == 0.0 {
                continue;
            }
            let share = o.damping * r / w;
            for slot in s.slots(u) {
                let weight = edge_weight(s, slot, o.directed);
                if weight > 0.0
                    && let Some(x) = next.get_mut(s.nbr(slot))
                {
                    *x += share * weight;
                }
            }
        }
        let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < o.tolerance {
            break;
        }
    }
    Ok(rank)
}

/// A small seeded generator (SplitMix64) for the sample of sources: deterministic and
/// dependency-free.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Brandes' algorithm over the snapshot: the betweenness of every rank and of every slot
/// (the pair's edge betweenness, the same at both of its slots).
fn betweenness_kernel(
    s: &Snapshot,
    o: &Centrality,
    budget: usize,
    spent: &mut usize,
) -> Result<(Vec<f64>, Vec<f64>), AnalysisError> {
    let n = s.len();
    let mut sources: Vec<usize> = (0..n).collect();
    if let Some(k) = o.samples
        && k < n
    {
        // A partial Fisher–Yates shuffle: the first k are a uniform sample.
        let mut state = o.seed;
        for i in 0..k {
            let j = i + (splitmix(&mut state) % (n - i) as u64) as usize;
            sources.swap(i, j);
        }
        sources.truncate(k);
        sources.sort_unstable();
    }
    let per_source = n.saturating_add(s.slot_count().saturating_mul(2));
    charge(spent, sources.len().saturating_mul(per_source), budget)?;

    let mut score = vec![0.0f64; n];
    let mut pair = vec![0.0f64; s.slot_count()];
    let mut dist = vec![u32::MAX; n];
    let mut sigma = vec![0.0f64; n];
    let mut delta = vec![0.0f64; n];
    let mut order: Vec<usize> = Vec::new();
    for &src in &sources {
        order.clear();
        if let (Some(d), Some(sg)) = (dist.get_mut(src), sigma.get_mut(src)) {
            *d = 0;
            *sg = 1.0;
        }
        order.push(src);
        let mut head = 0;
        while let Some(&u) = order.get(head) {
            head += 1;
            let du = dist.get(u).copied().unwrap_or(u32::MAX);
            let su = sigma.get(u).copied().unwrap_or(0.0);
            for slot in s.slots(u) {
                let v = s.nbr(slot);
                let (Some(dv), Some(sv)) = (dist.get_mut(v), sigma.get_mut(v)) else {
                    continue;
                };
                if *dv == u32::MAX {
                    *dv = du + 1;
                    order.push(v);
                }
                if *dv == du + 1 {
                    *sv += su;
                }
            }
        }
        for &w in order.iter().rev() {
            let dw = dist.get(w).copied().unwrap_or(0);
            let sw = sigma.get(w).copied().unwrap_or(1.0);
            let coeff = (1.0 + delta.get(w).copied().unwrap_or(0.0)) / sw;
            for slot in s.slots(w) {
                let v = s.nbr(slot);
                if dw > 0 && dist.get(v).copied() == Some(dw - 1) {
                    let c = sigma.get(v).copied().unwrap_or(0.0) * coeff;
                    if let Some(x) = delta.get_mut(v) {
                        *x += c;
                    }
                    if let Some(x) = pair.get_mut(slot) {
                        *x += c;
                    }
                }
            }
            if w != src
                && let Some(x) = score.get_mut(w)
            {
                *x += delta.get(w).copied().unwrap_or(0.0);
            }
        }
        for &w in &order {
            if let (Some(d), Some(sg), Some(dl)) =
                (dist.get_mut(w), sigma.get_mut(w), delta.get_mut(w))
            {
                *d = u32::MAX;
                *sg = 0.0;
                *dl = 0.0;
            }
        }
    }
    // Each unordered pair was counted from both ends (all sources), or is estimated from
    // a sample scaled to all sources.
    let scale = if sources.is_empty() {
        0.0
    } else {
        n as f64 / sources.len() as f64 / 2.0
    };
    score.iter_mut().for_each(|x| *x *= scale);
    // A pair's edge betweenness is what both its slots carried.
    let mut both = vec![0.0; pair.len()];
    for u in 0..n {
        for slot in s.slots(u) {
            let back = s
                .slot_of(s.nbr(slot), u)
                .and_then(|b| pair.get(b).copied())
                .unwrap_or(0.0);
            if let Some(x) = both.get_mut(slot) {
                *x = (pair.get(slot).copied().unwrap_or(0.0) + back) * scale;
            }
        }
    }
    Ok((score, both))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entity::Entity;
    use crate::model::fact::Fact;
    use crate::model::kind::EntityKind;
    use crate::model::relation::Relation;
    use crate::query::neighbours::Filter;
    use crate::store::graph::KnowledgeGraph;

    #[test]
    fn top_ranks_orders_by_score_then_rank_and_cuts() {
        let scores = [1.0, 3.0, 3.0, 0.5, 2.0];
        assert_eq!(top_ranks(&scores, 10), [1, 2, 4, 0, 3]);
        assert_eq!(top_ranks(&scores, 2), [1, 2]);
        assert_eq!(top_ranks(&scores, 0), Vec::<usize>::new());
    }

    /// Made-up data: a star of three people around a fourth, who met one of them twice.
    fn star() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let ids: Vec<_> = (0..4)
            .map(|i| {
                g.add_entity(Entity::new(
                    format!("p{i}"),
                    EntityKind::Person,
                    format!("P{i}"),
                ))
                .unwrap()
            })
            .collect();
        for (a, b) in [(0, 1), (0, 2), (3, 0), (0, 3)] {
            g.add_fact(Fact::new(Relation::Met, ids[a], ids[b]))
                .unwrap();
        }
        g
    }

    #[test]
    fn a_star_centre_carries_every_path_and_ranks_first() {
        let g = star();
        let view = g.view(Filter::any());
        let all = Centrality::new().top(4).facts(10);
        let b = view.betweenness(&all).unwrap();
        assert_eq!(b[0].entity.key(), "p0");
        assert_eq!(b[0].score, 3.0); // the three pairs of leaves
        assert!(b[1..].iter().all(|r| r.score == 0.0));
        // The pair met twice is one link for paths; both its facts are behind the score.
        assert_eq!(b[0].degree, 4);
        let d = view.degree_centrality(&all).unwrap();
        assert_eq!((d[0].entity.key(), d[0].score), ("p0", 4.0));
        assert_eq!((d[1].entity.key(), d[1].score), ("p3", 2.0));
        let p = view.page_rank(&all).unwrap();
        assert_eq!(p[0].entity.key(), "p0");
        assert_eq!(p[1].entity.key(), "p3"); // two facts to the centre outweigh one
    }

    #[test]
    fn samples_are_seeded() {
        let (mut a, mut b) = (7, 7);
        let x: Vec<u64> = (0..4).map(|_| splitmix(&mut a)).collect();
        let y: Vec<u64> = (0..4).map(|_| splitmix(&mut b)).collect();
        assert_eq!(x, y);
        assert_ne!(x[0], x[1]);
    }
}
