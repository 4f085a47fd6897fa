//! Deterministic synthetic graphs (made-up data) for benchmarks, tests and examples.
//!
//! # ⚠ Everything here is made up
//!
//! The graphs this module builds are **invented by a pseudo-random number generator**. No
//! entity, fact, date, quote or attribution in them refers to anything that happened or to
//! any real person, country, body or publication. Names are deliberately artificial
//! (`"Person 12345"`, `"Country 3"`, `"State Body 17"`, aliases such as `"PER-12345"`) so a
//! synthetic graph can never be mistaken for reporting. Use them to measure and test the
//! crate, never as data.
//!
//! # What a generated graph looks like
//!
//! The graph is shaped like a large collection of news-reported facts about security
//! cooperation, built through the ordinary validated API ([`KnowledgeGraph::transaction`]),
//! so every fact satisfies [`Relation::schema`] and the qualifier rules.
//!
//! ## Entities
//!
//! For `n` requested entities (`n > 0`):
//!
//! | kind | how many | skew of activity (Zipf exponent by rank) | aliases |
//! |---|---|---|---|
//! | `person` | the rest (about 41 % minus the countries) | 0.75 | 20 % |
//! | `event` | 18 % | 0.5 | 10 % |
//! | `state_body` | 15 % | 1.0 (hub ministries) | 50 % |
//! | `place` | 6 % | 0.75 | 10 % |
//! | `organisation` | 4 % | 1.0 | 80 % |
//! | `agreement`, `exercise`, `programme` | 4 % each | 0.75 | 10 % |
//! | `equipment` | 3 % | 0.75 | 10 % |
//! | `source` | 1 % | 1.0 (a few big agencies) | 50 % |
//! | `country` | `n / 50`, at most 200 | 1.25 (strong hubs) | all |
//!
//! Every kind has at least one entity, so asking for fewer than 11 entities gives 11;
//! otherwise the graph has exactly `n`. Entities of different kinds are interleaved in a shuffled
//! order. Within a kind, entity number *k* has rank *k*: `"Country 1"` is the busiest
//! country, `"Person 1"` the busiest person.
//!
//! Names are unique per entity, also after [name folding](crate::normalize_name): the name is
//! `"<Kind> <k>"`, the key `"<kind>_<k>"` (`"state_body_17"`), the optional alias
//! `"<ABBR>-<k>"` (`"SB-17"`), so [`KnowledgeGraph::find`] by name or alias is unambiguous.
//! Countries carry a made-up `country_code` attribute (`"XAB"`), state bodies and sources a
//! `type`, some persons a `rank`.
//!
//! ## Facts
//!
//! `round(n × facts_per_entity)` facts, each drawn independently: first the relation, with
//! these weights (percent):
//!
//! | met | discussed | participated_in | attended | holds_position | visited | part_of | member_of | located_in | signed | hosted | plans | party_to | addressed | deployed_to | supplies |
//! |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
//! | 14 | 12 | 12 | 10 | 7 | 6 | 6 | 5 | 5 | 4 | 4 | 4 | 3 | 3 | 3 | 2 |
//!
//! then the kind of each end among the kinds the relation's schema allows, in proportion to
//! a fixed share of fact ends per kind (person 35, state body 20, event 15, organisation 8,
//! country 6, place 6, exercise 5, agreement 4, programme 4, equipment 3, source 1), then the
//! entity within the kind by its Zipf rank weight. The result is a skewed, power-law-like
//! degree distribution with hub countries, ministries, organisations and agencies. An
//! entity is not linked to itself unless its kind has a single entity.
//!
//! - **Dates** of facts are spread uniformly over 2005-01-01 to 2024-12-31: 65 % known to
//!   the day (a tenth of those with `year_inferred`), 15 % to the month, 7 % to the year,
//!   5 % ranges (of a few days, of months, or of years) and 8 % unknown.
//! - **Modality**: 80 % reported, 8 % planned, 4 % each intended, proposed and claimed
//!   (`plans` facts are planned, intended or proposed).
//! - **Qualifiers**: about a third of meetings, visits, signings, participations, hostings,
//!   attendances, addresses and discussions have a place (a place or a country);
//!   `holds_position` always has a role (a title fitting the body, a rank 35 % of the time);
//!   70 % of `supplies` facts have a recipient. No other fact has a role or recipient.
//! - **Attributions**: one (70 %) or two (30 %) per fact, by source entities (busy agencies
//!   more often). The report date is unknown 10 % of the time; otherwise it follows the
//!   fact (or precedes a plan, intention, proposal or claim). About a quarter of
//!   attributions name a speaker, a few carry a (made-up) quote.
//!
//! # Determinism
//!
//! The same [`SyntheticConfig`] always gives the same graph: same entities and facts in the
//! same order, so [`KnowledgeGraph::to_json`] is byte-identical. The generator uses its own
//! SplitMix64 generator, integer arithmetic and only correctly rounded floating-point
//! operations (`+ - × ÷ √`), so the result does not depend on the platform's maths library.
//! The entities depend only on `entities` and `seed`, and facts are drawn one after
//! another from their own stream: a graph with more facts per entity starts with exactly
//! the facts of one with fewer.
//!
//! # Cost
//!
//! Time O(entities + facts × log entities) and memory linear in the size of the graph:
//! 100 000 entities and a million facts take a few seconds in a release build.

use crate::error::{DateError, GraphError};
use crate::model::attribution::Attribution;
use crate::model::date::{FactDate, PartialDate, civil_from_days};
use crate::model::entity::Entity;
use crate::model::fact::{Fact, Role};
use crate::model::ids::EntityId;
use crate::model::kind::{EntityKind, KindSet};
use crate::model::modality::Modality;
use crate::model::relation::Relation;
use crate::store::graph::KnowledgeGraph;

/// The size and seed of a synthetic graph (see the [module documentation](self) for what
/// is generated).
///
/// ```
/// use factgraph::synthetic::SyntheticConfig;
/// let c = SyntheticConfig::new(5_000, 7);
/// assert_eq!(c.facts_per_entity, 10.0);
/// assert_eq!(c.fact_count(), 50_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct SyntheticConfig {
    /// How many entities to make. Every kind gets at least one entity, so 1 to 10 give 11;
    /// 0 gives an empty graph.
    pub entities: usize,
    /// Facts per requested entity on average (default 10.0); the graph has
    /// `round(entities × facts_per_entity)` facts. Negative or not-a-number means none.
    pub facts_per_entity: f64,
    /// The seed: the same configuration always gives the same graph.
    pub seed: u64,
}

impl Default for SyntheticConfig {
    /// 10 000 entities, 10 facts per entity, seed 42.
    fn default() -> Self {
        SyntheticConfig {
            entities: 10_000,
            facts_per_entity: 10.0,
            seed: 42,
        }
    }
}

impl SyntheticConfig {
    /// `entities` entities with the default 10 facts per entity and the given seed.
    pub fn new(entities: usize, seed: u64) -> Self {
        SyntheticConfig {
            entities,
            seed,
            ..SyntheticConfig::default()
        }
    }

    /// This configuration with `facts_per_entity` facts per entity on average.
    ///
    /// ```
    /// use factgraph::synthetic::SyntheticConfig;
    /// let c = SyntheticConfig::new(1_000, 7).with_facts_per_entity(2.5);
    /// assert_eq!(c.fact_count(), 2_500);
    /// ```
    #[must_use]
    pub fn with_facts_per_entity(mut self, facts_per_entity: f64) -> Self {
        self.facts_per_entity = facts_per_entity;
        self
    }

    /// The number of facts the generated graph will have.
    pub fn fact_count(&self) -> usize {
        if self.entities == 0 || self.facts_per_entity.is_nan() || self.facts_per_entity <= 0.0 {
            return 0;
        }
        // A saturating conversion: absurdly large values become usize::MAX.
        (self.entities as f64 * self.facts_per_entity).round() as usize
    }
}

/// Why a synthetic graph could not be built. The generator only makes valid entities,
/// dates and facts, so in practice this means the graph would exceed its capacity
/// ([`GraphError::Capacity`]); any other variant would be a bug in this module.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SyntheticError {
    /// Adding an entity or fact failed.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// Building a date failed.
    #[error(transparent)]
    Date(#[from] DateError),
}

/// Generates a synthetic graph of **made-up** entities and facts; see the
/// [module documentation](self) for the distributions. Deterministic: the same
/// configuration gives the same graph.
///
/// # Errors
/// [`SyntheticError`] when the graph would exceed a graph's capacity.
///
/// ```
/// use factgraph::synthetic::{generate, SyntheticConfig};
/// use factgraph::{EntityKind, Filter, Relation};
///
/// let config = SyntheticConfig::new(2_000, 7);
/// let g = generate(&config)?;
/// assert_eq!((g.entity_count(), g.fact_count()), (2_000, 20_000));
///
/// // Names and aliases are unique: lookups are unambiguous.
/// let hub = g.find("Country 1")?; // the busiest country
/// assert_eq!(hub.kind(), EntityKind::Country);
/// assert_eq!(g.find("cty-1")?.id(), hub.id());
///
/// // Hubs have many neighbours.
/// let met = g.neighbours(hub.id(), Filter::relation(Relation::Met)).count();
/// assert!(met > 20);
///
/// // The same configuration gives the same graph.
/// assert_eq!(generate(&config)?, g);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn generate(config: &SyntheticConfig) -> Result<KnowledgeGraph, SyntheticError> {
    let generator = Generator::new(config)?;
    let mut graph = KnowledgeGraph::with_title(generator.title());
    graph.apply(|batch| {
        for entity in generator.entities() {
            batch.add_entity(entity)?;
        }
        for fact in generator.facts() {
            batch.add_fact(fact?)?;
        }
        Ok::<(), SyntheticError>(())
    })?;
    Ok(graph)
}

/// The entities and facts of a synthetic graph, made one at a time on demand: what
/// [`generate`] adds to a new graph, for a caller that wants to add them itself (to time
/// generation apart from building, or to build a large graph without holding the generated
/// values and the graph at once). **Made-up data**, as everything in this module.
///
/// Facts name entities by [`EntityId`]s that are the entities' positions in
/// [`entities`](Self::entities): add all the entities, in order, to an empty graph before
/// the facts (as one [`KnowledgeGraph::transaction`] or [`KnowledgeGraph::add_all`] does),
/// and the result equals [`generate`]'s graph.
///
/// Cost: [`new`](Self::new) draws the entities' kinds and rank weights, O(entities) time
/// and about 13 bytes per entity; each iterator then makes its items in O(1) memory, facts
/// in O(log entities) time each.
///
/// ```
/// use factgraph::synthetic::{generate, Generator, SyntheticConfig, SyntheticError};
/// use factgraph::KnowledgeGraph;
///
/// let config = SyntheticConfig::new(1_000, 7);
/// let generator = Generator::new(&config)?;
/// let mut g = KnowledgeGraph::with_title(generator.title());
/// g.transaction(|batch| {
///     for entity in generator.entities() {
///         batch.add_entity(entity)?;
///     }
///     for fact in generator.facts() {
///         batch.add_fact(fact?)?;
///     }
///     Ok::<(), SyntheticError>(())
/// })?;
/// assert_eq!(g.fact_count(), generator.fact_count());
/// assert_eq!(g, generate(&config)?);
/// # Ok::<(), SyntheticError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Generator {
    title: String,
    seed: u64,
    facts: usize,
    /// The kind of each entity, in id order.
    order: Vec<EntityKind>,
    /// The entity generator's state after the shuffle, where the entities' draws start.
    entity_rng: Rng,
    population: Population,
    tables: FactTables,
}

impl Generator {
    /// Draws the entities' kinds and order for `config`; the entities and facts themselves
    /// are made by [`entities`](Self::entities) and [`facts`](Self::facts).
    ///
    /// # Errors
    /// [`SyntheticError`] when the graph would exceed a graph's entity capacity.
    pub fn new(config: &SyntheticConfig) -> Result<Generator, SyntheticError> {
        let plan = KindPlan::new(config.entities);
        let facts = config.fact_count();
        let title = format!(
            "Synthetic graph of MADE-UP data: {} entities, {} facts, seed {}",
            plan.total(),
            facts,
            config.seed
        );
        let mut rng = Rng::new(config.seed, 1);
        // Interleave the kinds in a shuffled order (Fisher-Yates).
        let mut order: Vec<EntityKind> = EntityKind::ALL
            .iter()
            .copied()
            .flat_map(|k| std::iter::repeat_n(k, plan.count(k)))
            .collect();
        for i in (1..order.len()).rev() {
            let j = rng.index(i + 1);
            order.swap(i, j);
        }
        let population = Population::new(&plan, &order)?;
        let tables = FactTables::new(&population)?;
        Ok(Generator {
            title,
            seed: config.seed,
            facts,
            order,
            entity_rng: rng,
            population,
            tables,
        })
    }

    /// The title [`generate`] gives the graph (it says the data are made up).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// How many entities [`entities`](Self::entities) makes.
    pub fn entity_count(&self) -> usize {
        self.order.len()
    }

    /// How many facts [`facts`](Self::facts) makes: [`SyntheticConfig::fact_count`].
    pub fn fact_count(&self) -> usize {
        self.facts
    }

    /// The entities, in id order (the same every time).
    pub fn entities(&self) -> SyntheticEntities<'_> {
        SyntheticEntities {
            order: self.order.iter(),
            rng: self.entity_rng.clone(),
            numbers: [0; EntityKind::COUNT],
        }
    }

    /// The facts, in order (the same every time). An item is an error only if a date could
    /// not be made, which would be a bug in this module.
    pub fn facts(&self) -> SyntheticFacts<'_> {
        SyntheticFacts {
            generator: self,
            rng: Rng::new(self.seed, 2),
            next: 0,
        }
    }
}

/// The entities of a [`Generator`], made one at a time.
#[derive(Debug, Clone)]
pub struct SyntheticEntities<'a> {
    order: std::slice::Iter<'a, EntityKind>,
    rng: Rng,
    /// Entities made so far, per kind (the next one's number is one more).
    numbers: [usize; EntityKind::COUNT],
}

impl Iterator for SyntheticEntities<'_> {
    type Item = Entity;

    fn next(&mut self) -> Option<Entity> {
        let kind = *self.order.next()?;
        let number = match self.numbers.get_mut(kind as usize) {
            Some(n) => {
                *n += 1;
                *n
            }
            None => 1,
        };
        Some(make_entity(&mut self.rng, kind, number))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.order.size_hint()
    }
}

impl ExactSizeIterator for SyntheticEntities<'_> {}

/// The facts of a [`Generator`], made one at a time.
#[derive(Debug, Clone)]
pub struct SyntheticFacts<'a> {
    generator: &'a Generator,
    rng: Rng,
    /// The number of the next fact to draw.
    next: usize,
}

impl Iterator for SyntheticFacts<'_> {
    type Item = Result<Fact, SyntheticError>;

    fn next(&mut self) -> Option<Self::Item> {
        let g = self.generator;
        if g.tables.relations.is_empty() {
            return None;
        }
        let sources = g
            .population
            .by_kind
            .get(EntityKind::Source as usize)
            .map_or(&[][..], Vec::as_slice);
        while self.next < g.facts {
            let n = self.next;
            self.next += 1;
            // `None` answers impossible empty tables only: every draw is made to succeed.
            match make_fact(&mut self.rng, &g.population, &g.tables, sources, n) {
                Ok(Some(fact)) => return Some(Ok(fact)),
                Ok(None) => {}
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.generator.facts.saturating_sub(self.next);
        (0, Some(left))
    }
}

// ---------------------------------------------------------------------------------------
// Random numbers

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and good enough for test data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    /// A generator for one purpose (`stream`) of one seed.
    fn new(seed: u64, stream: u64) -> Self {
        let mut mix = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng(mix.next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; the bias is below 2^-32 for our `n`).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform index into a slice of length `n > 0`.
    fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        lo + self.below((hi - lo + 1) as u64) as i32
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// Uniform in `[0, 1)`, exactly representable.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform choice among `items` (never empty here; the default answers an empty one).
    fn pick<T: Copy + Default>(&mut self, items: &[T]) -> T {
        items
            .get(self.index(items.len()))
            .copied()
            .unwrap_or_default()
    }
}

/// Choice among items with integer weights.
#[derive(Debug, Clone)]
struct Weighted<T> {
    /// Items with the running total of weights up to and including them.
    items: Vec<(T, u64)>,
    total: u64,
}

impl<T: Copy> Weighted<T> {
    fn new(pairs: impl IntoIterator<Item = (T, u64)>) -> Self {
        let mut total = 0;
        let items = pairs
            .into_iter()
            .filter(|(_, w)| *w > 0)
            .map(|(t, w)| {
                total += w;
                (t, total)
            })
            .collect();
        Weighted { items, total }
    }

    fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// `None` only when empty.
    fn sample(&self, rng: &mut Rng) -> Option<T> {
        let x = rng.below(self.total);
        let i = self.items.partition_point(|(_, c)| *c <= x);
        self.items.get(i).or(self.items.last()).map(|(t, _)| *t)
    }
}

// ---------------------------------------------------------------------------------------
// Entities

/// Zipf exponents, chosen among values whose weights need only `÷` and `√`.
#[derive(Debug, Clone, Copy)]
enum Skew {
    /// s = 0.5
    Mild,
    /// s = 0.75
    Medium,
    /// s = 1
    Strong,
    /// s = 1.25
    Hub,
}

impl Skew {
    /// The weight of rank `r` (from 0): `1 / (r + 1)^s`.
    fn weight(self, r: usize) -> f64 {
        let x = (r + 1) as f64;
        match self {
            Skew::Mild => 1.0 / x.sqrt(),
            Skew::Medium => 1.0 / (x.sqrt() * x.sqrt().sqrt()),
            Skew::Strong => 1.0 / x,
            Skew::Hub => 1.0 / (x * x.sqrt().sqrt()),
        }
    }
}

/// What the generator knows about one kind.
struct KindSpec {
    kind: EntityKind,
    /// Name prefix.
    label: &'static str,
    /// Alias prefix.
    abbr: &'static str,
    /// Share of entities in per mille (persons and countries are computed, see `KindPlan`).
    permille: usize,
    /// Weight of the kind when a fact end may be of several kinds.
    end_share: u64,
    skew: Skew,
    /// Percent of entities with an alias.
    alias_percent: u64,
}

const SPECS: [KindSpec; EntityKind::COUNT] = [
    KindSpec {
        kind: EntityKind::Person,
        label: "Person",
        abbr: "PER",
        permille: 0,
        end_share: 35,
        skew: Skew::Medium,
        alias_percent: 20,
    },
    KindSpec {
        kind: EntityKind::Country,
        label: "Country",
        abbr: "CTY",
        permille: 0,
        end_share: 6,
        skew: Skew::Hub,
        alias_percent: 100,
    },
    KindSpec {
        kind: EntityKind::StateBody,
        label: "State Body",
        abbr: "SB",
        permille: 150,
        end_share: 20,
        skew: Skew::Strong,
        alias_percent: 50,
    },
    KindSpec {
        kind: EntityKind::Organisation,
        label: "Organisation",
        abbr: "ORG",
        permille: 40,
        end_share: 8,
        skew: Skew::Strong,
        alias_percent: 80,
    },
    KindSpec {
        kind: EntityKind::Agreement,
        label: "Agreement",
        abbr: "AGR",
        permille: 40,
        end_share: 4,
        skew: Skew::Medium,
        alias_percent: 10,
    },
    KindSpec {
        kind: EntityKind::Exercise,
        label: "Exercise",
        abbr: "EX",
        permille: 40,
        end_share: 5,
        skew: Skew::Medium,
        alias_percent: 10,
    },
    KindSpec {
        kind: EntityKind::Event,
        label: "Event",
        abbr: "EVT",
        permille: 180,
        end_share: 15,
        skew: Skew::Mild,
        alias_percent: 10,
    },
    KindSpec {
        kind: EntityKind::Programme,
        label: "Programme",
        abbr: "PRG",
        permille: 40,
        end_share: 4,
        skew: Skew::Medium,
        alias_percent: 10,
    },
    KindSpec {
        kind: EntityKind::Equipment,
        label: "Equipment",
        abbr: "EQ",
        permille: 30,
        end_share: 3,
        skew: Skew::Medium,
        alias_percent: 10,
    },
    KindSpec {
        kind: EntityKind::Place,
        label: "Place",
        abbr: "PLC",
        permille: 60,
        end_share: 6,
        skew: Skew::Medium,
        alias_percent: 10,
    },
    KindSpec {
        kind: EntityKind::Source,
        label: "Source",
        abbr: "SRC",
        permille: 10,
        end_share: 1,
        skew: Skew::Strong,
        alias_percent: 50,
    },
];

fn spec(kind: EntityKind) -> &'static KindSpec {
    // `SPECS` has one entry per kind, in `EntityKind::ALL` order (checked by a test).
    SPECS.get(kind as usize).unwrap_or(&SPECS[0])
}

/// How many entities of each kind, indexed like [`EntityKind::ALL`].
struct KindPlan {
    counts: [usize; EntityKind::COUNT],
}

impl KindPlan {
    fn new(n: usize) -> Self {
        let mut counts = [0; EntityKind::COUNT];
        if n == 0 {
            return KindPlan { counts };
        }
        for s in &SPECS {
            if let Some(count) = counts.get_mut(s.kind as usize) {
                *count = match s.kind {
                    EntityKind::Person => 0,
                    EntityKind::Country => (n / 50).clamp(1, 200),
                    _ => (n * s.permille / 1000).max(1),
                };
            }
        }
        let others: usize = counts.iter().sum();
        if let Some(people) = counts.get_mut(EntityKind::Person as usize) {
            *people = n.saturating_sub(others).max(1);
        }
        KindPlan { counts }
    }

    fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    fn count(&self, kind: EntityKind) -> usize {
        self.counts.get(kind as usize).copied().unwrap_or(0)
    }
}

/// The entities of a generated graph, by kind, with their rank samplers.
#[derive(Debug, Clone)]
struct Population {
    /// Per kind: ids in rank order.
    by_kind: [Vec<EntityId>; EntityKind::COUNT],
    /// Per kind: running totals of rank weights.
    cumulative: Vec<Vec<f64>>,
}

impl Population {
    fn has(&self, kind: EntityKind) -> bool {
        self.by_kind
            .get(kind as usize)
            .is_some_and(|ids| !ids.is_empty())
    }

    /// An entity of `kind`, busier ranks more often; `None` only if `kind` has none.
    fn sample(&self, kind: EntityKind, rng: &mut Rng) -> Option<EntityId> {
        let ids = self.by_kind.get(kind as usize)?;
        let cum = self.cumulative.get(kind as usize)?;
        let total = *cum.last()?;
        let x = rng.unit() * total;
        let i = cum.partition_point(|c| *c <= x);
        ids.get(i).or(ids.last()).copied()
    }

    /// Kinds from `allowed` that have entities, weighted by their share of fact ends.
    fn kinds(&self, allowed: KindSet) -> Weighted<EntityKind> {
        Weighted::new(
            allowed
                .iter()
                .filter(|k| self.has(*k))
                .map(|k| (k, spec(k).end_share)),
        )
    }
}

const STATE_BODY_TYPES: [&str; 6] = [
    "ministry",
    "department",
    "command",
    "armed service",
    "government",
    "agency",
];
const SOURCE_TYPES: [&str; 3] = ["news agency", "broadcaster", "publication"];
const RANKS: [&str; 8] = [
    "Colonel",
    "Major-General",
    "Lieutenant-General",
    "General",
    "Rear Admiral",
    "Vice Admiral",
    "Admiral",
    "Captain",
];

/// A made-up three-letter code for country number `k` (from 1): `XAA`, `XAB`, ….
fn country_code(k: usize) -> String {
    let i = (k - 1) % (26 * 26);
    let letter = |x: usize| char::from(b'A' + x as u8);
    format!("X{}{}", letter(i / 26), letter(i % 26))
}

impl Population {
    /// The ids of each kind in rank order and their rank weights, for entities of the
    /// kinds `order` in id order.
    fn new(plan: &KindPlan, order: &[EntityKind]) -> Result<Population, GraphError> {
        let mut by_kind: [Vec<EntityId>; EntityKind::COUNT] = Default::default();
        for &k in EntityKind::ALL {
            if let Some(ids) = by_kind.get_mut(k as usize) {
                ids.reserve_exact(plan.count(k));
            }
        }
        for (i, kind) in order.iter().enumerate() {
            let id = EntityId::from_index(i).ok_or(GraphError::Capacity("entities"))?;
            if let Some(ids) = by_kind.get_mut(*kind as usize) {
                ids.push(id);
            }
        }
        let cumulative = EntityKind::ALL
            .iter()
            .map(|&k| {
                let skew = spec(k).skew;
                let mut total = 0.0;
                (0..plan.count(k))
                    .map(|r| {
                        total += skew.weight(r);
                        total
                    })
                    .collect()
            })
            .collect();
        Ok(Population {
            by_kind,
            cumulative,
        })
    }
}

/// Entity number `number` (from 1) of `kind`.
fn make_entity(rng: &mut Rng, kind: EntityKind, number: usize) -> Entity {
    let s = spec(kind);
    let mut entity = Entity::new(
        format!("{}_{number}", kind.as_str()),
        kind,
        format!("{} {number}", s.label),
    );
    if rng.chance(s.alias_percent) {
        entity = entity.with_alias(format!("{}-{number}", s.abbr));
    }
    match kind {
        EntityKind::Country => entity.with_attribute("country_code", country_code(number)),
        EntityKind::StateBody => entity.with_attribute("type", rng.pick(&STATE_BODY_TYPES)),
        EntityKind::Source => entity.with_attribute("type", rng.pick(&SOURCE_TYPES)),
        EntityKind::Person if rng.chance(30) => entity.with_attribute("rank", rng.pick(&RANKS)),
        _ => entity,
    }
}

// ---------------------------------------------------------------------------------------
// Facts

/// Relation weights in percent (sum 100).
const RELATION_WEIGHTS: [(Relation, u64); Relation::COUNT] = [
    (Relation::Met, 14),
    (Relation::Visited, 6),
    (Relation::Signed, 4),
    (Relation::PartyTo, 3),
    (Relation::ParticipatedIn, 12),
    (Relation::Hosted, 4),
    (Relation::HoldsPosition, 7),
    (Relation::PartOf, 6),
    (Relation::MemberOf, 5),
    (Relation::Attended, 10),
    (Relation::Addressed, 3),
    (Relation::Discussed, 12),
    (Relation::DeployedTo, 3),
    (Relation::Supplies, 2),
    (Relation::Plans, 4),
    (Relation::LocatedIn, 5),
];

/// Relations that often say where something happened.
const PLACED: [Relation; 8] = [
    Relation::Met,
    Relation::Visited,
    Relation::Signed,
    Relation::ParticipatedIn,
    Relation::Hosted,
    Relation::Attended,
    Relation::Addressed,
    Relation::Discussed,
];

const TITLES_COUNTRY: [&str; 5] = [
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Ambassador",
];
const TITLES_BODY: [&str; 6] = [
    "Minister",
    "Deputy Minister",
    "Chief of General Staff",
    "Commander",
    "Head of Department",
    "Spokesperson",
];
const TITLES_ORGANISATION: [&str; 4] = [
    "Secretary General",
    "Deputy Secretary General",
    "Special Representative",
    "Chair",
];

const SPEAKERS: KindSet = KindSet::of(&[
    EntityKind::Person,
    EntityKind::Country,
    EntityKind::StateBody,
    EntityKind::Organisation,
]);

/// The tables facts are drawn from.
/// The kinds generated at each end of `relation`: the schema's, without the rare cases
/// issue 19 added (a person hosting, a country holding a chairmanship, taking part in an
/// organisation's operation), so that a seed gives the same graph as before them and the
/// performance figures stay comparable.
fn generated_ends(relation: Relation) -> (KindSet, KindSet) {
    let s = relation.schema();
    match relation {
        Relation::HoldsPosition => (s.subject.without(EntityKind::Country), s.object),
        Relation::Hosted => (s.subject.without(EntityKind::Person), s.object),
        Relation::ParticipatedIn => (s.subject, s.object.without(EntityKind::Organisation)),
        _ => (s.subject, s.object),
    }
}

#[derive(Debug, Clone)]
struct FactTables {
    relations: Weighted<Relation>,
    subjects: Vec<Weighted<EntityKind>>,
    objects: Vec<Weighted<EntityKind>>,
    places: Weighted<EntityKind>,
    recipients: Weighted<EntityKind>,
    modalities: Weighted<Modality>,
    /// First and last day (day numbers) facts may fall on.
    first_day: i32,
    last_day: i32,
}

impl FactTables {
    fn new(pop: &Population) -> Result<Self, DateError> {
        let subjects: Vec<_> = Relation::ALL
            .iter()
            .map(|r| pop.kinds(generated_ends(*r).0))
            .collect();
        let objects: Vec<_> = Relation::ALL
            .iter()
            .map(|r| pop.kinds(generated_ends(*r).1))
            .collect();
        // A relation whose ends cannot be filled is never drawn.
        let relations = Weighted::new(RELATION_WEIGHTS.iter().map(|&(r, w)| {
            let fillable =
                |ends: &[Weighted<EntityKind>]| ends.get(r as usize).is_some_and(|w| !w.is_empty());
            let ok = fillable(&subjects) && fillable(&objects);
            (r, if ok { w } else { 0 })
        }));
        Ok(FactTables {
            relations,
            subjects,
            objects,
            places: pop.kinds(KindSet::of(&[EntityKind::Place, EntityKind::Country])),
            recipients: pop.kinds(KindSet::of(&[
                EntityKind::Country,
                EntityKind::StateBody,
                EntityKind::Organisation,
            ])),
            modalities: Weighted::new([
                (Modality::Reported, 80),
                (Modality::Planned, 8),
                (Modality::Intended, 4),
                (Modality::Proposed, 4),
                (Modality::Claimed, 4),
            ]),
            first_day: PartialDate::day(2005, 1, 1)?.first_day_number(),
            last_day: PartialDate::day(2024, 12, 31)?.first_day_number(),
        })
    }
}

fn make_fact(
    rng: &mut Rng,
    pop: &Population,
    t: &FactTables,
    sources: &[EntityId],
    n: usize,
) -> Result<Option<Fact>, SyntheticError> {
    // Relations are drawn only when both ends have kinds with entities, so every draw
    // below succeeds; `None` answers an impossible empty table.
    let Some(relation) = t.relations.sample(rng) else {
        return Ok(None);
    };
    let draw_kind = |ends: &[Weighted<EntityKind>], rng: &mut Rng| {
        ends.get(relation as usize).and_then(|w| w.sample(rng))
    };
    let Some(subject_kind) = draw_kind(&t.subjects, rng) else {
        return Ok(None);
    };
    let Some(object_kind) = draw_kind(&t.objects, rng) else {
        return Ok(None);
    };
    let Some(subject) = pop.sample(subject_kind, rng) else {
        return Ok(None);
    };
    let Some(mut object) = pop.sample(object_kind, rng) else {
        return Ok(None);
    };
    for _ in 0..4 {
        if object != subject {
            break;
        }
        if let Some(o) = pop.sample(object_kind, rng) {
            object = o;
        }
    }
    if object == subject {
        // A tiny kind drawn against itself: take the next entity of the kind, if any.
        let ids = pop
            .by_kind
            .get(object_kind as usize)
            .map_or(&[][..], Vec::as_slice);
        if let Some(i) = ids.iter().position(|id| *id == object)
            && let Some(&next) = ids.get((i + 1) % ids.len())
        {
            object = next;
        }
    }

    let date = fact_date(rng, t)?;
    let modality = if relation == Relation::Plans {
        rng.pick(&[Modality::Planned, Modality::Intended, Modality::Proposed])
    } else {
        t.modalities.sample(rng).unwrap_or_default()
    };
    let mut fact = Fact::new(relation, subject, object)
        .on(date)
        .with_modality(modality);

    if PLACED.contains(&relation) && !t.places.is_empty() && rng.chance(35) {
        if let Some(place) = t.places.sample(rng).and_then(|k| pop.sample(k, rng)) {
            fact = fact.at(place);
        }
    }
    if relation == Relation::Supplies && !t.recipients.is_empty() && rng.chance(70) {
        if let Some(recipient) = t.recipients.sample(rng).and_then(|k| pop.sample(k, rng)) {
            fact = fact.to(recipient);
        }
    }
    if relation == Relation::HoldsPosition {
        let title = match object_kind {
            EntityKind::Country => rng.pick(&TITLES_COUNTRY),
            EntityKind::Organisation => rng.pick(&TITLES_ORGANISATION),
            _ => rng.pick(&TITLES_BODY),
        };
        let mut role = Role::new(title);
        if rng.chance(35) {
            role = role.with_rank(rng.pick(&RANKS));
        }
        fact = fact.with_role(role);
    }

    if !sources.is_empty() {
        let reports = if rng.chance(30) { 2 } else { 1 };
        let mut first_source = None;
        for _ in 0..reports {
            // `sources` is not empty, so these draws succeed.
            let Some(mut source) = pop.sample(EntityKind::Source, rng) else {
                continue;
            };
            if first_source == Some(source) {
                if let Some(s) = pop.sample(EntityKind::Source, rng) {
                    source = s;
                }
                if first_source == Some(source) {
                    continue;
                }
            }
            first_source = Some(source);
            let mut a = Attribution::new(source).reported_on(report_date(rng, t, date, modality)?);
            if rng.chance(25) {
                let speaker = if SPEAKERS.contains(subject_kind) && rng.chance(70) {
                    Some(subject)
                } else {
                    pop.sample(EntityKind::Person, rng)
                };
                // Every generated graph has at least one person, so a speaker is found.
                if let Some(speaker) = speaker {
                    a = a.with_speaker(speaker);
                    if rng.chance(12) {
                        a = a.with_quote(format!("Made-up quote number {n}."));
                    }
                }
            }
            fact = fact.with_source(a);
        }
    }
    Ok(Some(fact))
}

/// The day-precision date of a day number.
fn day(n: i32) -> Result<PartialDate, DateError> {
    let (y, m, d) = civil_from_days(n);
    PartialDate::day(y, m, d)
}

fn fact_date(rng: &mut Rng, t: &FactTables) -> Result<FactDate, DateError> {
    let base = rng.range(t.first_day, t.last_day);
    let (y, m, _) = civil_from_days(base);
    let p = rng.below(100);
    Ok(match p {
        0..65 => FactDate::on(day(base)?).with_year_inferred(rng.chance(10)),
        65..80 => FactDate::month(y, m)?,
        80..87 => FactDate::year(y)?,
        87..92 => {
            let kind = rng.below(20);
            if kind < 12 {
                // A few days: a visit, a session, an exercise.
                let len = rng.range(1, 6);
                let start = base.min(t.last_day - len);
                FactDate::between(day(start)?, day(start + len)?)?
                    .with_year_inferred(rng.chance(10))
            } else if kind < 17 {
                // Months.
                let months = rng.range(1, 6);
                let start = (y * 12 + m as i32 - 1).min(2024 * 12 + 11 - months);
                let end = start + months;
                FactDate::between(
                    PartialDate::month(start / 12, (start % 12 + 1) as u32)?,
                    PartialDate::month(end / 12, (end % 12 + 1) as u32)?,
                )?
            } else {
                // Years: a five-year plan.
                let years = rng.range(1, 5);
                let start = y.min(2024 - years);
                FactDate::between(PartialDate::year(start)?, PartialDate::year(start + years)?)?
            }
        }
        _ => FactDate::UNKNOWN,
    })
}

fn report_date(
    rng: &mut Rng,
    t: &FactTables,
    date: FactDate,
    modality: Modality,
) -> Result<FactDate, DateError> {
    if rng.chance(10) {
        return Ok(FactDate::UNKNOWN);
    }
    let bounds = date
        .earliest()
        .zip(date.latest())
        .map(|(a, b)| (a.first_day_number(), b.last_day_number()));
    let n = match bounds {
        None => rng.range(t.first_day, t.last_day),
        // A plan, intention, proposal or claim is reported before the fact.
        Some((a, _)) if !modality.is_reported() => (a - rng.range(1, 365)).max(t.first_day),
        // Reported during or soon after.
        Some((a, b)) => {
            let lag = if rng.chance(70) {
                rng.range(0, 1)
            } else {
                rng.range(2, 14)
            };
            (rng.range(a, b) + lag).min(t.last_day)
        }
    };
    Ok(FactDate::on(day(n)?).with_year_inferred(rng.chance(10)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::Span;
    use crate::query::neighbours::Filter;

    fn small(seed: u64) -> KnowledgeGraph {
        generate(&SyntheticConfig::new(2_000, seed)).unwrap()
    }

    #[test]
    fn same_seed_same_graph() {
        let (a, b) = (small(11), small(11));
        assert_eq!(a.to_json(), b.to_json());
        assert_eq!(a, b);
    }

    #[test]
    fn different_seeds_differ() {
        assert_ne!(small(1).to_json(), small(2).to_json());
    }

    #[test]
    fn more_facts_extend_fewer() {
        let cfg = |f| SyntheticConfig {
            entities: 500,
            facts_per_entity: f,
            seed: 3,
        };
        let few = generate(&cfg(2.0)).unwrap();
        let many = generate(&cfg(4.0)).unwrap();
        assert_eq!(few.fact_count(), 1_000);
        assert_eq!(many.fact_count(), 2_000);
        assert!(
            few.facts()
                .zip(many.facts())
                .all(|(a, b)| a.fact() == b.fact())
        );
        assert!(
            few.entities()
                .zip(many.entities())
                .all(|(a, b)| a.entity() == b.entity())
        );
    }

    #[test]
    fn generator_gives_the_generated_graph() {
        for config in [
            SyntheticConfig::new(0, 1),
            SyntheticConfig::new(3, 1),
            SyntheticConfig::new(1_500, 8).with_facts_per_entity(3.5),
        ] {
            let generator = Generator::new(&config).unwrap();
            let entities: Vec<Entity> = generator.entities().collect();
            let facts: Vec<Fact> = generator.facts().collect::<Result<_, _>>().unwrap();
            assert_eq!(generator.entities().len(), generator.entity_count());
            assert_eq!(entities.len(), generator.entity_count());
            assert_eq!(facts.len(), generator.fact_count());
            assert_eq!(facts.len(), config.fact_count());
            // Each call starts over: the same items again.
            assert!(generator.entities().eq(entities.iter().cloned()));
            assert!(
                generator
                    .facts()
                    .map(Result::unwrap)
                    .eq(facts.iter().cloned())
            );
            let mut built = KnowledgeGraph::with_title(generator.title());
            built.add_all(entities, facts).unwrap();
            let generated = generate(&config).unwrap();
            assert_eq!(built, generated);
            assert_eq!(built.to_json(), generated.to_json());
        }
    }

    #[test]
    fn json_round_trip() {
        let g = generate(&SyntheticConfig::new(500, 4)).unwrap();
        assert_eq!(KnowledgeGraph::from_json(&g.to_json()).unwrap(), g);
    }

    #[test]
    fn sizes_and_edge_cases() {
        let empty = generate(&SyntheticConfig::new(0, 1)).unwrap();
        assert_eq!((empty.entity_count(), empty.fact_count()), (0, 0));
        let tiny = generate(&SyntheticConfig::new(3, 1)).unwrap();
        assert_eq!(tiny.entity_count(), 11);
        assert_eq!(tiny.fact_count(), 30);
        let none = SyntheticConfig {
            facts_per_entity: f64::NAN,
            ..SyntheticConfig::new(100, 1)
        };
        assert_eq!(generate(&none).unwrap().fact_count(), 0);
        for n in (1..=200).chain([999, 12_345, 1_000_000]) {
            assert_eq!(KindPlan::new(n).total(), n.max(11), "{n}");
        }
        for &k in EntityKind::ALL {
            assert_eq!(spec(k).kind, k);
        }
        assert_eq!(KindPlan::new(100_000).count(EntityKind::Country), 200);
        assert_eq!(KindPlan::new(100_000).count(EntityKind::Source), 1_000);
    }

    #[test]
    fn names_are_unique_and_found() {
        let g = small(5);
        let mut aliases = 0;
        for e in g.entities() {
            for name in e.names() {
                assert_eq!(g.find(name).map(|f| f.id()), Ok(e.id()), "{name}");
            }
            aliases += e.aliases().len();
        }
        assert!(aliases > 200, "{aliases}");
    }

    #[test]
    fn shape() {
        let g = small(9);
        let count = |k| g.entities_of_kind(k).len();
        assert_eq!(count(EntityKind::Country), 40);
        assert_eq!(count(EntityKind::Source), 20);
        assert!(count(EntityKind::Person) > 700);
        // Skewed degrees: hubs have far more facts than the average entity (20), and
        // rank 1 of a hub kind is busier than rank 20.
        let mut degree = vec![0usize; g.entity_count()];
        for f in g.facts() {
            degree[f.subject().id().index()] += 1;
            degree[f.object().id().index()] += 1;
        }
        let deg = |name: &str| degree[g.find(name).unwrap().id().index()];
        assert!(deg("Country 1") > 10 * 20, "{}", deg("Country 1"));
        assert!(deg("State Body 1") > 10 * 20, "{}", deg("State Body 1"));
        assert!(deg("Country 1") > 5 * deg("Country 20"));
        let mut sorted = degree.clone();
        sorted.sort_unstable();
        assert!(
            sorted[sorted.len() / 2] < 20,
            "median {}",
            sorted[sorted.len() / 2]
        );
        let hub = g.find("Country 1").unwrap().id();
        // Mixed dates, modalities and attributions.
        let (mut days, mut ranges, mut unknown, mut inferred) = (0, 0, 0, 0);
        for f in g.facts() {
            match f.date().span() {
                Span::Unknown => unknown += 1,
                Span::Between(..) | Span::Interval(..) => ranges += 1,
                Span::On(d) if d.day_value().is_some() => days += 1,
                Span::On(_) => {}
            }
            inferred += usize::from(f.date().year_inferred());
            assert!((1..=2).contains(&f.sources().len()));
            if let Some(d) = f.date().earliest() {
                assert!((2005..=2024).contains(&d.year_value()));
            }
        }
        let n = g.fact_count();
        assert!(days > n / 2 && ranges > n / 50 && unknown > n / 25 && inferred > 0);
        assert!(g.not_reported().len() > n / 10 && g.not_reported().len() < n / 3);
        assert!(
            g.facts()
                .any(|f| f.sources().any(|s| s.speaker().is_some()))
        );
        assert!(
            g.facts_of_relation(Relation::HoldsPosition)
                .all(|f| f.role().is_some())
        );
        assert!(
            g.facts_of_relation(Relation::Supplies)
                .any(|f| f.recipient().is_some())
        );
        // Every relation occurs.
        for &r in Relation::ALL {
            assert!(g.facts_of_relation(r).len() > 0, "{r}");
        }
        let hub_met = g.neighbours(hub, Filter::relation(Relation::Met)).count();
        assert!(hub_met > 10);
    }

    #[test]
    fn calendar() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2004, 2, 29),
            (2005, 1, 1),
            (2024, 12, 31),
            (2000, 3, 1),
        ] {
            let n = PartialDate::day(y, m, d).unwrap().first_day_number();
            assert_eq!(civil_from_days(n), (y, m, d));
        }
        let (a, b) = (
            PartialDate::day(2005, 1, 1).unwrap().first_day_number(),
            PartialDate::day(2024, 12, 31).unwrap().first_day_number(),
        );
        for n in a..=b {
            assert_eq!(day(n).unwrap().first_day_number(), n);
        }
    }
}
