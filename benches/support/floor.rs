//! The floor: the least work that answers the benchmark's queries, over plain integer arrays.
//!
//! Shared by `benches/queries.rs` and `examples/scale.rs` (each includes this file with
//! `#[path = ...] mod floor;`), so both measure factgraph against the same floor on the same
//! inputs. It is deliberately minimal: no evidence, no validation, no strings except a name
//! table, every array sized once. It uses only factgraph's public API to read a graph.
//!
//! # Data
//!
//! A fact is five integers ([`Columns`]): subject index, relation (position in
//! [`Relation::ALL`]), object index, and the first and last day of its date as day numbers
//! since 1970-01-01 (from `FactDate::earliest()/latest()` and
//! `PartialDate::first_day_number()`; [`UNDATED`] for an unknown date). Entity kinds (one byte
//! each) are kept too, for the two-hop pattern's "exercises".
//!
//! # Layout
//!
//! - **Adjacency**: two compressed-sparse-row arrays, by subject (`out`) and by object (`in`).
//!   A row is one (entity, relation) pair, rows ordered entity-major (`entity * 16 +
//!   relation`), so the facts of one entity and relation are one contiguous slice of
//!   `[other end, fact]` pairs (in fact order), and the facts of one entity over all
//!   relations are one contiguous slice too (used by the shortest connection and the ego
//!   network, which ignore types).
//! - **Date counts**: the first days of all dated facts, sorted, and their last days,
//!   sorted. The facts overlapping `[a, b]` are those that start on or before `b` minus those
//!   that end before `a` (a fact ending before `a` starts before `b`), so a count is two
//!   binary searches, whatever the length of the facts' ranges.
//! - **Date lists**: long ranges are what makes a "sorted by first day" index scan too much
//!   (a fact of a whole year starting 11 months before the window overlaps it). Facts are
//!   split into span classes by powers of two of their length in days (0, 1, 2–3, 4–7, …);
//!   each class is sorted by first day and remembers its longest span `s`, and the window
//!   `[a, b]` reads the class's first days in `[a − s, b]`, keeping those whose last day is
//!   `≥ a`. Within a class every span is more than half of `s`, so the entries read but
//!   rejected are at most about as many as those kept. The classes are slices of three
//!   arrays (first day, last day, fact) ordered by (class, first day, fact), made by one
//!   counting sort. The result is sorted by (first day, last day, fact).
//! - **Names**: a hash map (multiplicative hash, final avalanche) from folded name or alias to the
//!   entity. Folding here is lower-casing and white-space collapsing only (no Unicode
//!   decomposition); that is enough for the synthetic graphs' ASCII names, and
//!   [`check`] verifies it gives factgraph's answers.
//!
//! # CSV
//!
//! [`write_csv`] writes `subject,relation,object,first_day,last_day` (relation by name,
//! empty days for an undated fact) and [`load_csv`] parses that back and builds the floor:
//! the "load 10M facts from CSV" floor of issue 4.

#![allow(dead_code)] // The bench and the example use different parts.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::hint::black_box;

use factgraph::{
    DateMatch, DateRange, Direction, EntityId, EntityKind, Filter, KnowledgeGraph, PartialDate,
    Relation,
};

/// Number of relations: rows per entity in the adjacency arrays.
pub const RELATIONS: usize = Relation::ALL.len();
/// The day number of an undated fact's first and last day.
pub const UNDATED: i32 = i32::MIN;
/// "No entity / no fact" in parent links.
const NONE: u32 = u32::MAX;

const MEMBER_OF: u8 = Relation::MemberOf as u8;
const PARTICIPATED_IN: u8 = Relation::ParticipatedIn as u8;
const EXERCISE: u8 = EntityKind::Exercise as u8;
const PERSON: u8 = EntityKind::Person as u8;

/// Relation codes (positions in `Relation::ALL`) of symmetric relations, as a bit set.
fn symmetric_mask() -> u32 {
    Relation::ALL
        .iter()
        .filter(|r| r.is_symmetric())
        .fold(0, |m, r| m | 1 << (*r as u32))
}

// ---------------------------------------------------------------------------------------
// Plain columns

/// The facts of a graph as plain integer columns (fact `i` is index `i` of each column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// Kind of each entity (position in `EntityKind::ALL`); its length is the entity count.
    pub kinds: Vec<u8>,
    /// Subject index of each fact.
    pub subject: Vec<u32>,
    /// Relation code of each fact (position in `Relation::ALL`).
    pub relation: Vec<u8>,
    /// Object index of each fact.
    pub object: Vec<u32>,
    /// First day (days since 1970-01-01), or [`UNDATED`].
    pub first: Vec<i32>,
    /// Last day, or [`UNDATED`].
    pub last: Vec<i32>,
}

impl Columns {
    /// Reads the facts of `g` through its public API.
    pub fn from_graph(g: &KnowledgeGraph) -> Columns {
        let n = g.fact_count();
        let mut c = Columns {
            kinds: g.entities().map(|e| e.kind() as u8).collect(),
            subject: Vec::with_capacity(n),
            relation: Vec::with_capacity(n),
            object: Vec::with_capacity(n),
            first: Vec::with_capacity(n),
            last: Vec::with_capacity(n),
        };
        for f in g.facts() {
            let fact = f.fact();
            c.subject.push(fact.subject().index() as u32);
            c.relation.push(fact.relation() as u8);
            c.object.push(fact.object().index() as u32);
            let date = fact.date();
            match (date.earliest(), date.latest()) {
                (Some(a), Some(b)) => {
                    c.first.push(a.first_day_number());
                    c.last.push(b.first_day_number());
                }
                _ => {
                    c.first.push(UNDATED);
                    c.last.push(UNDATED);
                }
            }
        }
        c
    }

    /// Number of facts.
    pub fn fact_count(&self) -> usize {
        self.subject.len()
    }

    /// Number of entities.
    pub fn entity_count(&self) -> usize {
        self.kinds.len()
    }

    /// Heap bytes of the columns.
    pub fn heap_bytes(&self) -> usize {
        self.kinds.capacity()
            + self.subject.capacity() * 4
            + self.relation.capacity()
            + self.object.capacity() * 4
            + self.first.capacity() * 4
            + self.last.capacity() * 4
    }
}

// ---------------------------------------------------------------------------------------
// The floor

/// Which ends of a typed one-hop query to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// Facts where the entity is the subject.
    Out,
    /// Facts where the entity is the object.
    In,
    /// Both (always the case for a symmetric relation).
    Both,
}

impl Dir {
    /// The factgraph direction.
    pub fn direction(self) -> Direction {
        match self {
            Dir::Out => Direction::Outgoing,
            Dir::In => Direction::Incoming,
            Dir::Both => Direction::Both,
        }
    }
}

/// Facts of one span class: positions `start..end` of the list arrays, sorted by first day
/// (then fact number).
#[derive(Debug, Clone, Copy, Default)]
struct SpanClass {
    max_span: i32,
    start: usize,
    end: usize,
}

/// The floor's read-only graph; see the module documentation for the layout.
#[derive(Debug, Clone)]
pub struct Floor {
    kinds: Vec<u8>,
    symmetric: u32,
    out_off: Vec<u32>,
    out_adj: Vec<[u32; 2]>,
    in_off: Vec<u32>,
    in_adj: Vec<[u32; 2]>,
    days: Days,
    /// Per relation, the same date arrays over that relation's facts.
    by_relation: Vec<Days>,
}

/// Date arrays over a set of facts: sorted first and last days (counts) and the span-class
/// lists (lists).
#[derive(Debug, Clone, Default)]
pub struct Days {
    firsts: Vec<i32>,
    lasts: Vec<i32>,
    classes: Vec<SpanClass>,
    list_first: Vec<i32>,
    list_last: Vec<i32>,
    list_fact: Vec<u32>,
}

/// A CSR of `rows` rows: `row(i)` and `other[i]` of fact `i`, facts in order within a row.
/// Counting sort; the offsets array doubles as the fill cursor (counts are stored two slots
/// ahead, so after the fill `off[r]` is the start of row `r`).
fn csr(rows: usize, row: impl Fn(usize) -> usize, other: &[u32]) -> (Vec<u32>, Vec<[u32; 2]>) {
    let m = other.len();
    let mut off = vec![0u32; rows + 2];
    for i in 0..m {
        off[row(i) + 2] += 1;
    }
    for r in 2..rows + 2 {
        off[r] += off[r - 1];
    }
    let mut adj = vec![[0u32; 2]; m];
    for (i, o) in other.iter().enumerate() {
        let p = &mut off[row(i) + 1];
        adj[*p as usize] = [*o, i as u32];
        *p += 1;
    }
    off.truncate(rows + 1);
    (off, adj)
}

/// The keys sorted (a counting sort over a small range, a comparison sort otherwise).
fn sorted(mut keys: Vec<i32>) -> Vec<i32> {
    let (Some(&lo), Some(&hi)) = (keys.iter().min(), keys.iter().max()) else {
        return keys;
    };
    let range = (i64::from(hi) - i64::from(lo) + 1) as usize;
    if range > 4 * keys.len() + 4096 {
        keys.sort_unstable();
        return keys;
    }
    let mut count = vec![0u32; range];
    for k in &keys {
        count[(k - lo) as usize] += 1;
    }
    let mut at = 0;
    for (d, n) in count.iter().enumerate() {
        keys[at..at + *n as usize].fill(lo + d as i32);
        at += *n as usize;
    }
    keys
}

/// Span class of a range of `span` days: 0 for one day, then 1 + ⌊log₂ span⌋.
fn span_class(span: i32) -> usize {
    if span <= 0 {
        0
    } else {
        32 - (span as u32).leading_zeros() as usize
    }
}

impl Days {
    /// The date arrays of the facts `facts` of `c` (dated facts, ascending).
    fn build(c: &Columns, facts: &[u32]) -> Days {
        let days = |i: &u32| (c.first[*i as usize], c.last[*i as usize]);
        // Span classes: one pass for their sizes, longest spans and the range of days.
        let (mut sizes, mut max_span) = ([0usize; 33], [0i32; 33]);
        let (mut lo, mut hi, mut dated) = (i32::MAX, i32::MIN, 0usize);
        for (f, l) in facts.iter().map(days) {
            let k = span_class(l - f);
            sizes[k] += 1;
            max_span[k] = max_span[k].max(l - f);
            lo = lo.min(f);
            hi = hi.max(f);
            dated += 1;
        }
        let used = sizes.iter().rposition(|n| *n > 0).map_or(0, |k| k + 1);
        let mut classes = Vec::with_capacity(used);
        let mut start = 0;
        for k in 0..used {
            classes.push(SpanClass {
                max_span: max_span[k],
                start,
                end: start + sizes[k],
            });
            start += sizes[k];
        }
        // The list arrays, ordered by (class, first day, fact): a counting sort on that key,
        // reading the facts in order and scattering (a comparison sort if days span too much).
        let (mut list_first, mut list_last, mut list_fact) =
            (vec![0i32; dated], vec![0i32; dated], vec![0u32; dated]);
        let range = if dated == 0 {
            0
        } else {
            (i64::from(hi) - i64::from(lo) + 1) as usize
        };
        if used * range <= 4 * dated + (1 << 16) {
            let key = |k: usize, f: i32| k * range + (f - lo) as usize;
            let mut cursor = vec![0u32; used * range + 1];
            for (f, l) in facts.iter().map(days) {
                cursor[key(span_class(l - f), f) + 1] += 1;
            }
            for x in 1..cursor.len() {
                cursor[x] += cursor[x - 1];
            }
            for i in facts {
                let (f, l) = days(i);
                let p = &mut cursor[key(span_class(l - f), f)];
                let at = *p as usize;
                *p += 1;
                list_first[at] = f;
                list_last[at] = l;
                list_fact[at] = *i;
            }
        } else {
            let mut order: Vec<u32> = facts.to_vec();
            order.sort_unstable_by_key(|i| {
                let i = *i as usize;
                (span_class(c.last[i] - c.first[i]), c.first[i], i)
            });
            for (at, i) in order.into_iter().enumerate() {
                let i = i as usize;
                (list_first[at], list_last[at], list_fact[at]) = (c.first[i], c.last[i], i as u32);
            }
        }
        // First and last days of all dated facts, each sorted, for counts.
        let firsts = sorted(facts.iter().map(|i| c.first[*i as usize]).collect());
        let lasts = sorted(facts.iter().map(|i| c.last[*i as usize]).collect());

        Days {
            firsts,
            lasts,
            classes,
            list_first,
            list_last,
            list_fact,
        }
    }

    fn heap_bytes(&self) -> usize {
        (self.firsts.capacity() + self.lasts.capacity()) * 4
            + (self.list_first.capacity() + self.list_last.capacity() + self.list_fact.capacity())
                * 4
            + self.classes.capacity() * std::mem::size_of::<SpanClass>()
    }

    /// Number of dated facts overlapping days `a..=b`: two binary searches.
    fn count(&self, a: i32, b: i32) -> usize {
        let started = self.firsts.partition_point(|d| *d <= b);
        let ended = self.lasts.partition_point(|d| *d < a);
        started - ended
    }

    /// The dated facts overlapping days `a..=b` as (first day, last day, fact), sorted.
    fn list(&self, a: i32, b: i32, out: &mut Vec<(i32, i32, u32)>) {
        out.clear();
        for c in &self.classes {
            let first = &self.list_first[c.start..c.end];
            let from = a.saturating_sub(c.max_span);
            let lo = c.start + first.partition_point(|d| *d < from);
            let hi = c.start + first.partition_point(|d| *d <= b);
            for i in lo..hi {
                if self.list_last[i] >= a {
                    out.push((self.list_first[i], self.list_last[i], self.list_fact[i]));
                }
            }
        }
        out.sort_unstable();
    }
}

impl Floor {
    /// Builds the floor from columns. Panics on an entity index out of range (columns read
    /// from a graph or parsed by [`parse_csv`] never have one).
    pub fn build(c: &Columns) -> Floor {
        let rows = c.entity_count() * RELATIONS;
        let (s, r, o) = (&c.subject, &c.relation, &c.object);
        let (out_off, out_adj) = csr(rows, |i| s[i] as usize * RELATIONS + r[i] as usize, o);
        let (in_off, in_adj) = csr(rows, |i| o[i] as usize * RELATIONS + r[i] as usize, s);

        // The dated facts, and the same split by relation in one pass.
        let dated: Vec<u32> = (0..c.fact_count() as u32)
            .filter(|i| c.first[*i as usize] != UNDATED)
            .collect();
        let mut per_relation = vec![Vec::new(); RELATIONS];
        for i in &dated {
            per_relation[c.relation[*i as usize] as usize].push(*i);
        }
        let days = Days::build(c, &dated);
        let by_relation = per_relation.iter().map(|f| Days::build(c, f)).collect();
        Floor {
            kinds: c.kinds.clone(),
            symmetric: symmetric_mask(),
            out_off,
            out_adj,
            in_off,
            in_adj,
            days,
            by_relation,
        }
    }

    /// Number of entities.
    pub fn entity_count(&self) -> usize {
        self.kinds.len()
    }

    /// Number of facts.
    pub fn fact_count(&self) -> usize {
        self.out_adj.len()
    }

    /// Number of dated facts.
    pub fn dated_count(&self) -> usize {
        self.days.firsts.len()
    }

    /// Kind code of an entity.
    pub fn kind(&self, e: u32) -> u8 {
        self.kinds[e as usize]
    }

    /// Heap bytes of the floor (capacities of its arrays).
    pub fn heap_bytes(&self) -> usize {
        self.kinds.capacity()
            + (self.out_off.capacity() + self.in_off.capacity()) * 4
            + (self.out_adj.capacity() + self.in_adj.capacity()) * 8
            + self.days.heap_bytes()
            + self.by_relation.iter().map(Days::heap_bytes).sum::<usize>()
    }

    fn slice<'a>(off: &[u32], adj: &'a [[u32; 2]], lo: usize, hi: usize) -> &'a [[u32; 2]] {
        &adj[off[lo] as usize..off[hi] as usize]
    }

    /// `[object, fact]` of the facts with subject `e` and relation `r`, in fact order.
    pub fn out_row(&self, e: u32, r: u8) -> &[[u32; 2]] {
        let row = e as usize * RELATIONS + r as usize;
        Self::slice(&self.out_off, &self.out_adj, row, row + 1)
    }

    /// `[subject, fact]` of the facts with object `e` and relation `r`, in fact order.
    pub fn in_row(&self, e: u32, r: u8) -> &[[u32; 2]] {
        let row = e as usize * RELATIONS + r as usize;
        Self::slice(&self.in_off, &self.in_adj, row, row + 1)
    }

    /// `[other end, fact]` of every fact at `e` as subject, then as object, any relation.
    pub fn incident(&self, e: u32) -> (&[[u32; 2]], &[[u32; 2]]) {
        let row = e as usize * RELATIONS;
        (
            Self::slice(&self.out_off, &self.out_adj, row, row + RELATIONS),
            Self::slice(&self.in_off, &self.in_adj, row, row + RELATIONS),
        )
    }

    /// Typed one-hop: the `[other end, fact]` pairs of relation `r` at `e`, as subject (first
    /// slice) and as object (second slice), as `dir` asks; both for a symmetric relation.
    /// A fact linking `e` to itself appears once per end, as in factgraph.
    pub fn one_hop(&self, e: u32, r: u8, dir: Dir) -> (&[[u32; 2]], &[[u32; 2]]) {
        let dir = if self.symmetric & (1 << r) != 0 {
            Dir::Both
        } else {
            dir
        };
        let out: &[[u32; 2]] = if dir == Dir::In {
            &[]
        } else {
            self.out_row(e, r)
        };
        let inc: &[[u32; 2]] = if dir == Dir::Out {
            &[]
        } else {
            self.in_row(e, r)
        };
        (out, inc)
    }

    /// Two-hop pattern: the distinct exercises that bodies `person` is a member of took part
    /// in (person → member_of → body → participated_in → exercise), ascending, into `out`.
    pub fn two_hop(&self, person: u32, out: &mut Vec<u32>) {
        out.clear();
        for [body, _] in self.out_row(person, MEMBER_OF) {
            for [x, _] in self.out_row(*body, PARTICIPATED_IN) {
                if self.kinds[*x as usize] == EXERCISE {
                    out.push(*x);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// Number of dated facts overlapping days `a..=b`: two binary searches.
    pub fn window_count(&self, a: i32, b: i32) -> usize {
        self.days.count(a, b)
    }

    /// The dated facts overlapping days `a..=b` as (first day, last day, fact), sorted.
    pub fn window_list(&self, a: i32, b: i32, out: &mut Vec<(i32, i32, u32)>) {
        self.days.list(a, b, out);
    }

    /// Number of dated facts of relation `r` overlapping days `a..=b`: two binary searches
    /// in that relation's arrays.
    pub fn relation_window_count(&self, r: u8, a: i32, b: i32) -> usize {
        self.by_relation[r as usize].count(a, b)
    }

    /// The dated facts of relation `r` overlapping days `a..=b`, sorted.
    pub fn relation_window_list(&self, r: u8, a: i32, b: i32, out: &mut Vec<(i32, i32, u32)>) {
        self.by_relation[r as usize].list(a, b, out);
    }

    /// Shortest connection between `a` and `z`, ignoring direction and relation: a
    /// bidirectional breadth-first search expanding the smaller frontier a whole level at a
    /// time. Returns the number of hops and leaves the facts of the path, from `a` to `z`,
    /// in `path`; `None` if not connected.
    pub fn connection(
        &self,
        s: &mut Scratch,
        a: u32,
        z: u32,
        path: &mut Vec<u32>,
    ) -> Option<usize> {
        path.clear();
        if a == z {
            return Some(0);
        }
        let stamp = s.next_stamp();
        let [fwd, bwd] = &mut s.sides;
        fwd.start(a, stamp);
        bwd.start(z, stamp);
        loop {
            if fwd.frontier.is_empty() || bwd.frontier.is_empty() {
                return None;
            }
            let forward = fwd.frontier.len() <= bwd.frontier.len();
            let (mine, theirs) = if forward {
                (&mut *fwd, &*bwd)
            } else {
                (&mut *bwd, &*fwd)
            };
            if let Some((len, middle)) = self.expand(mine, theirs, stamp, &mut s.next) {
                let mut at = middle;
                while fwd.parent[at as usize][0] != NONE {
                    let [prev, fact] = fwd.parent[at as usize];
                    path.push(fact);
                    at = prev;
                }
                path.reverse();
                let mut at = middle;
                while bwd.parent[at as usize][0] != NONE {
                    let [next, fact] = bwd.parent[at as usize];
                    path.push(fact);
                    at = next;
                }
                return Some(len as usize);
            }
        }
    }

    /// Expands one whole level of `mine`; the meeting with the shortest total, if any.
    fn expand(
        &self,
        mine: &mut Side,
        theirs: &Side,
        stamp: u32,
        next: &mut Vec<u32>,
    ) -> Option<(u32, u32)> {
        next.clear();
        let mut best: Option<(u32, u32)> = None;
        for &u in &mine.frontier {
            let depth = mine.depth[u as usize] + 1;
            let (out, inc) = self.incident(u);
            for &[v, fact] in out.iter().chain(inc) {
                let vi = v as usize;
                if mine.seen[vi] == stamp {
                    continue;
                }
                mine.seen[vi] = stamp;
                mine.depth[vi] = depth;
                mine.parent[vi] = [u, fact];
                next.push(v);
                if theirs.seen[vi] == stamp {
                    let total = depth + theirs.depth[vi];
                    if best.is_none_or(|(b, _)| total < b) {
                        best = Some((total, v));
                    }
                }
            }
        }
        std::mem::swap(&mut mine.frontier, next);
        best
    }

    /// Ego network: the entities within `k` hops of `center` (any relation, either
    /// direction) into `entities`, and the facts among them into `facts`, both ascending.
    pub fn ego(
        &self,
        s: &mut Scratch,
        center: u32,
        k: usize,
        entities: &mut Vec<u32>,
        facts: &mut Vec<u32>,
    ) {
        entities.clear();
        facts.clear();
        let stamp = s.next_stamp();
        let side = &mut s.sides[0];
        side.seen[center as usize] = stamp;
        entities.push(center);
        let mut level = 0..1;
        for _ in 0..k {
            let end = entities.len();
            for i in level.clone() {
                let (out, inc) = self.incident(entities[i]);
                for &[v, _] in out.iter().chain(inc) {
                    if side.seen[v as usize] != stamp {
                        side.seen[v as usize] = stamp;
                        entities.push(v);
                    }
                }
            }
            level = end..entities.len();
        }
        for &u in entities.iter() {
            let (out, _) = self.incident(u);
            for &[v, fact] in out {
                if side.seen[v as usize] == stamp {
                    facts.push(fact);
                }
            }
        }
        entities.sort_unstable();
        facts.sort_unstable();
    }
}

/// One side of a breadth-first search: marks, depths and parent links per entity.
#[derive(Debug, Clone)]
struct Side {
    seen: Vec<u32>,
    depth: Vec<u32>,
    parent: Vec<[u32; 2]>,
    frontier: Vec<u32>,
}

impl Side {
    fn new(n: usize) -> Side {
        Side {
            seen: vec![0; n],
            depth: vec![0; n],
            parent: vec![[NONE; 2]; n],
            frontier: Vec::new(),
        }
    }

    fn start(&mut self, e: u32, stamp: u32) {
        self.seen[e as usize] = stamp;
        self.depth[e as usize] = 0;
        self.parent[e as usize] = [NONE; 2];
        self.frontier.clear();
        self.frontier.push(e);
    }
}

/// Reusable per-entity arrays for searches (marked with a stamp, so nothing is cleared
/// between queries).
#[derive(Debug, Clone)]
pub struct Scratch {
    stamp: u32,
    sides: [Side; 2],
    next: Vec<u32>,
}

impl Scratch {
    /// Scratch space for a floor of `n` entities.
    pub fn new(n: usize) -> Scratch {
        Scratch {
            stamp: 0,
            sides: [Side::new(n), Side::new(n)],
            next: Vec::new(),
        }
    }

    fn next_stamp(&mut self) -> u32 {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            for s in &mut self.sides {
                s.seen.fill(0);
            }
            self.stamp = 1;
        }
        self.stamp
    }
}

// ---------------------------------------------------------------------------------------
// Names

/// A multiplicative hash (FxHash-like) with a final avalanche; plenty for short names.
#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        for b in chunks.remainder() {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (the table index) weakly mixed, which clusters
        // similar names ("person 12345", "person 12346"): finish with a full avalanche.
        let mut h = self.0;
        h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h = (h ^ (h >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// Folds a name: lower case, runs of white space as one space, no leading or trailing space.
pub fn fold(name: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    for c in name.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// [`fold`] for a short ASCII name, into `buf`; `None` for a long or non-ASCII name.
fn fold_ascii<'a>(name: &str, buf: &'a mut [u8; 96]) -> Option<&'a str> {
    if name.len() > buf.len() || !name.is_ascii() {
        return None;
    }
    let (mut n, mut space) = (0, false);
    for b in name.bytes() {
        if char::from(b).is_whitespace() {
            space = n > 0;
        } else {
            if space {
                buf[n] = b' ';
                n += 1;
                space = false;
            }
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// Folded name or alias → entity (or [`NONE`] when several entities share it).
#[derive(Debug, Clone, Default)]
pub struct Names {
    map: HashMap<Box<str>, u32, BuildHasherDefault<FxHasher>>,
}

impl Names {
    /// The names and aliases of the entities of `g`.
    pub fn build(g: &KnowledgeGraph) -> Names {
        let mut names = Names::default();
        let mut folded = String::new();
        for e in g.entities() {
            let id = e.id().index() as u32;
            for name in e.names() {
                names.insert(name, id, &mut folded);
            }
        }
        names
    }

    /// The index of these (name or alias, entity index) pairs.
    pub fn from_names<'a>(list: impl IntoIterator<Item = (&'a str, u32)>) -> Names {
        let mut names = Names::default();
        let mut folded = String::new();
        for (name, id) in list {
            names.insert(name, id, &mut folded);
        }
        names
    }

    fn insert(&mut self, name: &str, id: u32, folded: &mut String) {
        fold(name, folded);
        self.map
            .entry(folded.as_str().into())
            .and_modify(|v| {
                if *v != id {
                    *v = NONE
                }
            })
            .or_insert(id);
    }

    /// The one entity with this name or alias. A short ASCII name is folded on the stack.
    pub fn find(&self, name: &str) -> Option<u32> {
        let mut buf = [0u8; 96];
        let mut heap = String::new();
        let folded: &str = match fold_ascii(name, &mut buf) {
            Some(f) => f,
            None => {
                fold(name, &mut heap);
                &heap
            }
        };
        self.map.get(folded).copied().filter(|v| *v != NONE)
    }

    /// Number of folded names.
    pub fn len(&self) -> usize {
        self.map.len()
    }
}

// ---------------------------------------------------------------------------------------
// CSV

/// The relation code of a relation name.
pub fn relation_code(name: &[u8]) -> Option<u8> {
    let r = match name {
        b"met" => Relation::Met,
        b"visited" => Relation::Visited,
        b"signed" => Relation::Signed,
        b"party_to" => Relation::PartyTo,
        b"participated_in" => Relation::ParticipatedIn,
        b"hosted" => Relation::Hosted,
        b"holds_position" => Relation::HoldsPosition,
        b"part_of" => Relation::PartOf,
        b"member_of" => Relation::MemberOf,
        b"attended" => Relation::Attended,
        b"addressed" => Relation::Addressed,
        b"discussed" => Relation::Discussed,
        b"deployed_to" => Relation::DeployedTo,
        b"supplies" => Relation::Supplies,
        b"plans" => Relation::Plans,
        b"located_in" => Relation::LocatedIn,
        _ => return None,
    };
    Some(r as u8)
}

/// The header line of the CSV.
pub const CSV_HEADER: &str = "subject,relation,object,first_day,last_day\n";

fn push_int(out: &mut Vec<u8>, v: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut u = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if v < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends the facts as CSV (with a header line) to `out`.
pub fn write_csv(c: &Columns, out: &mut Vec<u8>) {
    out.reserve(c.fact_count() * 36 + CSV_HEADER.len());
    out.extend_from_slice(CSV_HEADER.as_bytes());
    for i in 0..c.fact_count() {
        push_int(out, i64::from(c.subject[i]));
        out.push(b',');
        out.extend_from_slice(Relation::ALL[c.relation[i] as usize].as_str().as_bytes());
        out.push(b',');
        push_int(out, i64::from(c.object[i]));
        out.push(b',');
        if c.first[i] != UNDATED {
            push_int(out, i64::from(c.first[i]));
            out.push(b',');
            push_int(out, i64::from(c.last[i]));
        } else {
            out.push(b',');
        }
        out.push(b'\n');
    }
}

/// An integer at `*pos` (optional minus sign, then at most 18 digits), then the byte `sep`;
/// `*pos` moves past the separator.
fn int_then(b: &[u8], pos: &mut usize, sep: u8) -> Option<i64> {
    let mut p = *pos;
    let neg = b.get(p) == Some(&b'-');
    p += usize::from(neg);
    let start = p;
    let mut v: i64 = 0;
    while let Some(d) = b.get(p).filter(|d| d.is_ascii_digit()) {
        v = v * 10 + i64::from(d - b'0');
        p += 1;
    }
    if p == start || p - start > 18 || b.get(p) != Some(&sep) {
        return None;
    }
    *pos = p + 1;
    Some(if neg { -v } else { v })
}

/// Parses CSV written by [`write_csv`] into columns, for entities of the given kinds.
pub fn parse_csv(bytes: &[u8], kinds: Vec<u8>) -> Result<Columns, String> {
    let b = bytes
        .strip_prefix(CSV_HEADER.as_bytes())
        .ok_or("missing CSV header")?;
    let n = kinds.len() as i64;
    let lines = b.iter().filter(|x| **x == b'\n').count();
    let mut c = Columns {
        kinds,
        subject: Vec::with_capacity(lines),
        relation: Vec::with_capacity(lines),
        object: Vec::with_capacity(lines),
        first: Vec::with_capacity(lines),
        last: Vec::with_capacity(lines),
    };
    let entity = |v: i64| (0..n).contains(&v).then_some(v as u32);
    let day = |v: i64| i32::try_from(v).ok().filter(|d| *d != UNDATED);
    let mut pos = 0;
    while pos < b.len() {
        let record = (|| {
            let s = int_then(b, &mut pos, b',').and_then(entity)?;
            let len = b[pos..].iter().position(|x| *x == b',')?;
            let r = relation_code(&b[pos..pos + len])?;
            pos += len + 1;
            let o = int_then(b, &mut pos, b',').and_then(entity)?;
            if b[pos..].starts_with(b",\n") {
                pos += 2;
                return Some((s, r, o, UNDATED, UNDATED));
            }
            let first = int_then(b, &mut pos, b',').and_then(day)?;
            let last = int_then(b, &mut pos, b'\n').and_then(day)?;
            (first <= last).then_some((s, r, o, first, last))
        })();
        let (s, r, o, first, last) =
            record.ok_or_else(|| format!("CSV line {}: bad record", c.subject.len() + 2))?;
        c.subject.push(s);
        c.relation.push(r);
        c.object.push(o);
        c.first.push(first);
        c.last.push(last);
    }
    Ok(c)
}

/// Parses CSV and builds the floor: the floor's "load".
pub fn load_csv(bytes: &[u8], kinds: Vec<u8>) -> Result<Floor, String> {
    Ok(Floor::build(&parse_csv(bytes, kinds)?))
}

// ---------------------------------------------------------------------------------------
// Query inputs

/// SplitMix64, for deterministic query inputs.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn index(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// The calendar date (year, month, day) of a day number (days since 1970-01-01).
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = i64::from(z) + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m as u32, d as u32)
}

/// A typed one-hop query.
#[derive(Debug, Clone, Copy)]
pub struct OneHop {
    /// The entity.
    pub entity: u32,
    /// The relation code.
    pub relation: u8,
    /// Which ends.
    pub dir: Dir,
}

impl OneHop {
    /// The same query as a factgraph filter.
    pub fn filter(&self) -> Filter {
        Filter::relation(Relation::ALL[self.relation as usize]).direction(self.dir.direction())
    }
}

/// A window of days, with the same window as a factgraph range.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// First day.
    pub first: i32,
    /// Last day.
    pub last: i32,
    /// The factgraph range.
    pub range: DateRange,
}

/// How many inputs of each class to draw.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    /// Name lookups, and as many alias lookups.
    pub lookups: usize,
    /// Typed one-hop queries at random entities.
    pub one_hop: usize,
    /// Hub entities (the busiest) for one-hop queries.
    pub hubs: usize,
    /// Two-hop pattern queries.
    pub two_hop: usize,
    /// Pairs for shortest connections.
    pub pairs: usize,
    /// 30-day windows.
    pub windows: usize,
    /// Ego network centres.
    pub egos: usize,
}

impl Counts {
    /// `n` of every class (and 16 hubs).
    pub fn all(n: usize) -> Counts {
        Counts {
            lookups: n,
            one_hop: n,
            hubs: 16,
            two_hop: n,
            pairs: n,
            windows: n,
            egos: n,
        }
    }
}

/// Days in a date window.
pub const WINDOW_DAYS: i32 = 30;

/// Deterministic inputs of every query class, drawn from one graph.
#[derive(Debug, Clone)]
pub struct Workload {
    /// Entity ids of the graph, by index (to turn floor indexes into factgraph ids).
    pub ids: Vec<EntityId>,
    /// Canonical names of random entities, with the entity.
    pub names: Vec<(String, u32)>,
    /// Aliases of random entities that have one, with the entity.
    pub aliases: Vec<(String, u32)>,
    /// Typed one-hop queries at random entities with a fact: the relation and end of a
    /// random fact at the entity (so busy relations are asked about more often); `met`
    /// (symmetric) is asked in both directions.
    pub one_hop: Vec<OneHop>,
    /// The same at the busiest entities.
    pub hubs: Vec<OneHop>,
    /// Random persons with at least one `member_of` fact as subject.
    pub two_hop: Vec<u32>,
    /// Random pairs of entities with at least one fact each.
    pub pairs: Vec<(u32, u32)>,
    /// Random 30-day windows between the 1st and 99th percentile of first days.
    pub windows: Vec<Window>,
    /// The same windows, each with a relation drawn at random among those with dated facts.
    pub relation_windows: Vec<(Window, u8)>,
    /// Random entities with at least one fact.
    pub egos: Vec<u32>,
}

impl Workload {
    /// Draws `counts` inputs from `g` (for names and ids) and `columns` (its facts as
    /// [`Columns::from_graph`] reads them), with `seed`. Only plain arrays are read besides
    /// the names, so the inputs can be drawn before the floor is built (the lean scale run
    /// drops the graph first); they are the same inputs as the floor's own adjacency would
    /// give (its rows order facts by relation, then fact).
    pub fn new(
        g: &KnowledgeGraph,
        columns: &Columns,
        counts: Counts,
        seed: u64,
    ) -> Result<Workload, String> {
        let mut rng = Rng(seed);
        let ids: Vec<EntityId> = g.entities().map(|e| e.id()).collect();
        let n = ids.len();
        if n == 0 || columns.fact_count() == 0 || columns.entity_count() != n {
            return Err("the graph has no facts".into());
        }
        // One pass over the facts: degrees (a fact at both ends counts twice, as in the
        // floor's rows), persons with a `member_of` fact, the relations with dated facts.
        let mut degrees = vec![0u32; n];
        let mut members = vec![false; n];
        let mut dated_relation = [false; RELATIONS];
        for i in 0..columns.fact_count() {
            let (s, r, o) = (
                columns.subject[i] as usize,
                columns.relation[i],
                columns.object[i] as usize,
            );
            degrees[s] += 1;
            degrees[o] += 1;
            if r == MEMBER_OF && columns.kinds[s] == PERSON {
                members[s] = true;
            }
            if columns.first[i] != UNDATED {
                dated_relation[r as usize] = true;
            }
        }
        let degree = |e: u32| degrees[e as usize] as usize;
        let active: Vec<u32> = (0..n as u32).filter(|e| degree(*e) > 0).collect();
        let with_alias: Vec<u32> = g
            .entities()
            .filter(|e| !e.aliases().is_empty())
            .map(|e| e.id().index() as u32)
            .collect();
        let name_of = |e: u32| g.entity(ids[e as usize]).map(|e| e.name().to_owned());
        let names = (0..counts.lookups)
            .map(|_| {
                let e = rng.index(n) as u32;
                Ok((name_of(e).ok_or("entity")?, e))
            })
            .collect::<Result<_, String>>()?;
        let aliases = if with_alias.is_empty() {
            Vec::new()
        } else {
            (0..counts.lookups)
                .map(|_| {
                    let e = with_alias[rng.index(with_alias.len())];
                    let alias = g
                        .entity(ids[e as usize])
                        .map(|x| x.aliases()[0].clone())
                        .ok_or("entity")?;
                    Ok((alias, e))
                })
                .collect::<Result<_, String>>()?
        };

        // A one-hop query at `e` asks about a random fact at `e`: the `k`-th of its facts
        // as the floor lists them (facts as subject by relation, then facts as object by
        // relation). Only `k` is random; the relation and end of the `k`-th fact are found
        // afterwards, in one more pass, from per-relation counts at the chosen entities.
        let one_hop_at: Vec<(u32, usize)> = (0..counts.one_hop)
            .map(|_| {
                let e = active[rng.index(active.len())];
                (e, rng.index(degree(e)))
            })
            .collect();
        let mut by_degree = active.clone();
        by_degree.sort_unstable_by(|a, b| degree(*b).cmp(&degree(*a)).then(a.cmp(b)));
        let hubs_at: Vec<(u32, usize)> = by_degree
            .iter()
            .take(counts.hubs)
            .map(|e| (*e, rng.index(degree(*e))))
            .collect();
        let mut rows: HashMap<u32, [usize; 2 * RELATIONS], BuildHasherDefault<FxHasher>> =
            one_hop_at
                .iter()
                .chain(&hubs_at)
                .map(|(e, _)| (*e, [0; 2 * RELATIONS]))
                .collect();
        for i in 0..columns.fact_count() {
            let r = columns.relation[i] as usize;
            if let Some(row) = rows.get_mut(&columns.subject[i]) {
                row[r] += 1;
            }
            if let Some(row) = rows.get_mut(&columns.object[i]) {
                row[RELATIONS + r] += 1;
            }
        }
        let symmetric = symmetric_mask();
        let query_at = |&(e, k): &(u32, usize)| {
            let row = &rows[&e];
            let mut before = 0;
            let at = row
                .iter()
                .position(|n| {
                    before += n;
                    before > k
                })
                .unwrap_or(0);
            let (relation, dir) = if at < RELATIONS {
                (at as u8, Dir::Out)
            } else {
                ((at - RELATIONS) as u8, Dir::In)
            };
            let dir = if symmetric & (1 << relation) != 0 {
                Dir::Both
            } else {
                dir
            };
            OneHop {
                entity: e,
                relation,
                dir,
            }
        };
        let one_hop = one_hop_at.iter().map(query_at).collect();
        let hubs = hubs_at.iter().map(query_at).collect();
        drop(rows);

        let members: Vec<u32> = (0..n as u32).filter(|e| members[*e as usize]).collect();
        let two_hop = if members.is_empty() {
            Vec::new()
        } else {
            (0..counts.two_hop)
                .map(|_| members[rng.index(members.len())])
                .collect()
        };
        let pairs = (0..counts.pairs)
            .map(|_| {
                (
                    active[rng.index(active.len())],
                    active[rng.index(active.len())],
                )
            })
            .collect();

        // The 1st and 99th percentiles of the dated facts' first days (as in the sorted
        // array of the floor's date counts).
        let mut firsts: Vec<i32> = columns
            .first
            .iter()
            .copied()
            .filter(|d| *d != UNDATED)
            .collect();
        let percentile = |firsts: &mut Vec<i32>, at: usize| *firsts.select_nth_unstable(at).1;
        let windows = if firsts.is_empty() {
            Vec::new()
        } else {
            let len = firsts.len();
            let lo = percentile(&mut firsts, len / 100);
            let hi = percentile(&mut firsts, len * 99 / 100).max(lo);
            (0..counts.windows)
                .map(|_| {
                    let first = lo + rng.index((hi - lo + 1) as usize) as i32;
                    let last = first + WINDOW_DAYS - 1;
                    let day = |d: i32| {
                        let (y, m, dd) = civil_from_days(d);
                        let p = PartialDate::day(y, m, dd).map_err(|e| e.to_string())?;
                        if p.first_day_number() != d {
                            return Err(format!("day {d} converts to {p}"));
                        }
                        Ok(p)
                    };
                    let range =
                        DateRange::new(day(first)?, day(last)?).map_err(|e| e.to_string())?;
                    Ok(Window { first, last, range })
                })
                .collect::<Result<_, String>>()?
        };
        drop(firsts);
        let dated_relations: Vec<u8> = (0..RELATIONS as u8)
            .filter(|r| dated_relation[*r as usize])
            .collect();
        let relation_windows = if dated_relations.is_empty() {
            Vec::new()
        } else {
            windows
                .iter()
                .map(|w| (*w, dated_relations[rng.index(dated_relations.len())]))
                .collect()
        };
        let egos = (0..counts.egos)
            .map(|_| active[rng.index(active.len())])
            .collect();
        Ok(Workload {
            ids,
            names,
            aliases,
            one_hop,
            hubs,
            two_hop,
            pairs,
            windows,
            relation_windows,
            egos,
        })
    }

    /// The factgraph id of an entity index.
    pub fn id(&self, e: u32) -> EntityId {
        self.ids[e as usize]
    }
}

// ---------------------------------------------------------------------------------------
// The same queries through factgraph's public API, as measured

/// Typed one-hop through factgraph: visits the other end of every hop; the number of hops.
pub fn fg_one_hop(g: &KnowledgeGraph, w: &Workload, q: &OneHop) -> usize {
    g.neighbours(w.id(q.entity), q.filter()).fold(0, |n, hop| {
        black_box(hop.other().id());
        n + 1
    })
}

/// Typed one-hop through the floor: the same work.
pub fn floor_one_hop(f: &Floor, q: &OneHop) -> usize {
    let (out, inc) = f.one_hop(q.entity, q.relation, q.dir);
    out.iter().chain(inc).fold(0, |n, p| {
        black_box(p[0]);
        n + 1
    })
}

/// The two-hop pattern through factgraph (`neighbours` twice, then distinct).
pub fn fg_two_hop(g: &KnowledgeGraph, person: EntityId, out: &mut Vec<EntityId>) -> usize {
    out.clear();
    let member_of = Filter::relation(Relation::MemberOf).direction(Direction::Outgoing);
    let took_part = Filter::relation(Relation::ParticipatedIn)
        .direction(Direction::Outgoing)
        .kinds(&[EntityKind::Exercise]);
    for body in g.neighbours(person, member_of) {
        for x in g.neighbours(body.other().id(), took_part) {
            out.push(x.other().id());
        }
    }
    out.sort_unstable();
    out.dedup();
    out.len()
}

/// Shortest connection through factgraph: its length.
pub fn fg_connection(g: &KnowledgeGraph, a: EntityId, z: EntityId) -> Option<usize> {
    g.connection(a, z, Filter::any()).map(|c| c.len())
}

/// Date-window count through factgraph.
pub fn fg_window_count(g: &KnowledgeGraph, w: &Window) -> usize {
    g.count_in(w.range, DateMatch::Overlaps)
}

/// Date-window list through factgraph: the number of facts listed.
pub fn fg_window_list(g: &KnowledgeGraph, w: &Window) -> usize {
    let list = g.timeline(w.range, DateMatch::Overlaps);
    black_box(list.last().map(|f| f.id()));
    list.len()
}

/// Date-window count of one relation through factgraph.
pub fn fg_relation_window_count(g: &KnowledgeGraph, (w, r): &(Window, u8)) -> usize {
    g.window(w.range)
        .relation(Relation::ALL[*r as usize])
        .count()
}

/// Date-window list of one relation through factgraph: the number of facts listed.
pub fn fg_relation_window_list(g: &KnowledgeGraph, (w, r): &(Window, u8)) -> usize {
    let mut n = 0;
    for f in g
        .window(w.range)
        .relation(Relation::ALL[*r as usize])
        .facts()
    {
        black_box(f.id());
        n += 1;
    }
    n
}

/// Ego network at k hops through factgraph: entities + facts of the result.
pub fn fg_ego(g: &KnowledgeGraph, center: EntityId, k: usize) -> usize {
    g.ego_network(center, k, Filter::any())
        .map_or(0, |e| e.entity_count() + e.fact_count())
}

// ---------------------------------------------------------------------------------------
// Self-check

/// What [`check`] compared.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Queries compared, by class.
    pub compared: Vec<(&'static str, usize)>,
}

impl std::fmt::Display for CheckReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: usize = self.compared.iter().map(|c| c.1).sum();
        write!(f, "{total} queries agree (")?;
        for (i, (what, n)) in self.compared.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{what} {n}")?;
        }
        write!(f, ")")
    }
}

/// One query's answer reduced to its length and a hash of its normalised content, so a
/// workload's answers take little memory: the lean scale run keeps factgraph's answers after
/// dropping the graph, and compares them with the floor's later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digest {
    /// Items in the answer.
    pub len: usize,
    /// Hash of the items in order.
    pub hash: u64,
}

impl Digest {
    fn of(items: impl IntoIterator<Item = u64>) -> Digest {
        let mut h = FxHasher::default();
        let mut len = 0;
        for x in items {
            h.write_u64(x);
            len += 1;
        }
        Digest {
            len,
            hash: h.finish(),
        }
    }
}

/// factgraph's or the floor's answers to every input of a workload, normalised so that the
/// two sides' answers are equal when they agree (see [`check`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    /// Entities, facts, dated facts, and facts overlapping all days.
    pub totals: [usize; 4],
    /// Per query class: its name and one digest per input.
    pub classes: Vec<(&'static str, Vec<Digest>)>,
}

/// A (other end, fact) pair as one number, for digests of sorted pairs.
fn pair(other: usize, fact: usize) -> u64 {
    ((other as u64) << 32) | fact as u64
}

/// factgraph's answers to every input of `w`: lookups must find the entity the input was
/// drawn from, a window list must have as many facts as the window count.
pub fn fg_answers(g: &KnowledgeGraph, w: &Workload) -> Result<Answers, String> {
    let mut a = Answers {
        totals: [
            g.entity_count(),
            g.fact_count(),
            g.fact_count() - g.undated().len(),
            g.count_in(DateRange::ALL, DateMatch::Overlaps),
        ],
        classes: Vec::new(),
    };
    for (what, list) in [("names", &w.names), ("aliases", &w.aliases)] {
        let mut digests = Vec::with_capacity(list.len());
        for (name, e) in list {
            let fg = g.find(name).map(|x| x.id()).ok();
            if fg != Some(w.id(*e)) {
                return Err(format!("find {name:?}: factgraph {fg:?}, expected {e}"));
            }
            digests.push(Digest::of([u64::from(*e)]));
        }
        a.classes.push((what, digests));
    }
    for (what, list) in [("one-hop", &w.one_hop), ("hub one-hop", &w.hubs)] {
        let digests = list
            .iter()
            .map(|q| {
                let mut hops: Vec<u64> = g
                    .neighbours(w.id(q.entity), q.filter())
                    .map(|h| pair(h.other().id().index(), h.fact().id().index()))
                    .collect();
                hops.sort_unstable();
                Digest::of(hops)
            })
            .collect();
        a.classes.push((what, digests));
    }
    let mut set = Vec::new();
    let digests = w
        .two_hop
        .iter()
        .map(|p| {
            fg_two_hop(g, w.id(*p), &mut set);
            let mut found: Vec<u64> = set.iter().map(|e| e.index() as u64).collect();
            found.sort_unstable();
            Digest::of(found)
        })
        .collect();
    a.classes.push(("two-hop", digests));
    let digests = w
        .pairs
        .iter()
        .map(|(x, z)| {
            let len = fg_connection(g, w.id(*x), w.id(*z));
            Digest::of([len.map_or(u64::MAX, |l| l as u64)])
        })
        .collect();
    a.classes.push(("connection", digests));
    let mut digests = Vec::with_capacity(w.windows.len());
    for win in &w.windows {
        let count = g.count_in(win.range, DateMatch::Overlaps);
        let mut facts: Vec<u64> = g
            .timeline(win.range, DateMatch::Overlaps)
            .iter()
            .map(|f| f.id().index() as u64)
            .collect();
        if facts.len() != count {
            return Err(format!(
                "window {}..={}: factgraph count {count}, list {}",
                win.first,
                win.last,
                facts.len()
            ));
        }
        facts.sort_unstable();
        digests.push(Digest::of(facts));
    }
    a.classes.push(("window count+list", digests));
    let mut digests = Vec::with_capacity(w.relation_windows.len());
    for (win, r) in &w.relation_windows {
        let relation = Relation::ALL[*r as usize];
        let window = g.window(win.range).relation(relation);
        let mut facts: Vec<u64> = window.facts().map(|f| f.id().index() as u64).collect();
        if facts.len() != window.count() {
            return Err(format!(
                "{relation} window {}..={}: factgraph count {}, list {}",
                win.first,
                win.last,
                window.count(),
                facts.len()
            ));
        }
        facts.sort_unstable();
        digests.push(Digest::of(facts));
    }
    a.classes.push(("relation window count+list", digests));
    let mut digests = Vec::with_capacity(w.egos.len());
    for c in &w.egos {
        let ego = g
            .ego_network(w.id(*c), 2, Filter::any())
            .ok_or("ego network of an entity of the graph")?;
        // The ego graph also carries entities its facts cite (places, sources, …); the
        // entities within k hops are the centre and the ends of its facts.
        let index = |key: &str| g.get(key).map(|e| e.id().index() as u64);
        let mut reached: Vec<u64> = ego
            .facts()
            .flat_map(|f| [index(f.subject().key()), index(f.object().key())])
            .chain(std::iter::once(Ok(u64::from(*c))))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("ego of {c}: {e}"))?;
        reached.sort_unstable();
        reached.dedup();
        digests.push(Digest::of(
            std::iter::once(ego.fact_count() as u64).chain(reached),
        ));
    }
    a.classes.push(("ego k=2", digests));
    Ok(a)
}

/// The floor's answers to every input of `w`, in the form of [`fg_answers`]. `columns` are
/// the facts the floor was built from: each connection's path is checked against them.
pub fn floor_answers(
    floor: &Floor,
    names: &Names,
    columns: &Columns,
    w: &Workload,
) -> Result<Answers, String> {
    for &r in Relation::ALL {
        if relation_code(r.as_str().as_bytes()) != Some(r as u8) {
            return Err(format!("relation code of {r:?}"));
        }
    }
    let mut a = Answers {
        totals: [
            floor.entity_count(),
            floor.fact_count(),
            floor.dated_count(),
            floor.window_count(i32::MIN + 1, i32::MAX),
        ],
        classes: Vec::new(),
    };
    for (what, list) in [("names", &w.names), ("aliases", &w.aliases)] {
        let mut digests = Vec::with_capacity(list.len());
        for (name, e) in list {
            let fl = names.find(name);
            if fl != Some(*e) {
                return Err(format!("find {name:?}: floor {fl:?}, expected {e}"));
            }
            digests.push(Digest::of([u64::from(*e)]));
        }
        a.classes.push((what, digests));
    }
    for (what, list) in [("one-hop", &w.one_hop), ("hub one-hop", &w.hubs)] {
        let digests = list
            .iter()
            .map(|q| {
                let (out, inc) = floor.one_hop(q.entity, q.relation, q.dir);
                let mut hops: Vec<u64> = out
                    .iter()
                    .chain(inc)
                    .map(|p| pair(p[0] as usize, p[1] as usize))
                    .collect();
                hops.sort_unstable();
                Digest::of(hops)
            })
            .collect();
        a.classes.push((what, digests));
    }
    let mut set = Vec::new();
    let digests = w
        .two_hop
        .iter()
        .map(|p| {
            // Ascending already: a floor that did not sort would differ here.
            floor.two_hop(*p, &mut set);
            Digest::of(set.iter().map(|e| u64::from(*e)))
        })
        .collect();
    a.classes.push(("two-hop", digests));
    let mut scratch = Scratch::new(floor.entity_count());
    let mut path = Vec::new();
    let mut digests = Vec::with_capacity(w.pairs.len());
    for (x, z) in &w.pairs {
        let len = floor.connection(&mut scratch, *x, *z, &mut path);
        if len.is_some() {
            let mut at = *x;
            for fact in &path {
                let f = *fact as usize;
                let (s, o) = (
                    *columns.subject.get(f).ok_or("fact of the path")?,
                    *columns.object.get(f).ok_or("fact of the path")?,
                );
                at = if s == at {
                    o
                } else if o == at {
                    s
                } else {
                    return Err(format!("floor path {x}–{z} is broken at fact {fact}"));
                };
            }
            if at != *z || Some(path.len()) != len {
                return Err(format!("floor path {x}–{z} does not end at {z}"));
            }
        }
        digests.push(Digest::of([len.map_or(u64::MAX, |l| l as u64)]));
    }
    a.classes.push(("connection", digests));
    let mut listed = Vec::new();
    let window_digest = |count: usize, listed: &[(i32, i32, u32)], what: String| {
        if !listed.is_sorted() {
            return Err(format!("floor {what} list not in date order"));
        }
        if listed.len() != count {
            return Err(format!(
                "floor {what}: count {count}, list {}",
                listed.len()
            ));
        }
        let mut facts: Vec<u64> = listed.iter().map(|x| u64::from(x.2)).collect();
        facts.sort_unstable();
        Ok(Digest::of(facts))
    };
    let mut digests = Vec::with_capacity(w.windows.len());
    for win in &w.windows {
        floor.window_list(win.first, win.last, &mut listed);
        let count = floor.window_count(win.first, win.last);
        digests.push(window_digest(
            count,
            &listed,
            format!("window {}..={}", win.first, win.last),
        )?);
    }
    a.classes.push(("window count+list", digests));
    let mut digests = Vec::with_capacity(w.relation_windows.len());
    for (win, r) in &w.relation_windows {
        floor.relation_window_list(*r, win.first, win.last, &mut listed);
        let count = floor.relation_window_count(*r, win.first, win.last);
        let what = format!(
            "{} window {}..={}",
            Relation::ALL[*r as usize],
            win.first,
            win.last
        );
        digests.push(window_digest(count, &listed, what)?);
    }
    a.classes.push(("relation window count+list", digests));
    let (mut ents, mut facts) = (Vec::new(), Vec::new());
    let mut digests = Vec::with_capacity(w.egos.len());
    for c in &w.egos {
        floor.ego(&mut scratch, *c, 2, &mut ents, &mut facts);
        let mut reached: Vec<u64> = ents.iter().map(|e| u64::from(*e)).collect();
        reached.sort_unstable();
        digests.push(Digest::of(
            std::iter::once(facts.len() as u64).chain(reached),
        ));
    }
    a.classes.push(("ego k=2", digests));
    Ok(a)
}

/// Compares factgraph's answers with the floor's; the first disagreement is the error.
pub fn compare(fg: &Answers, fl: &Answers) -> Result<CheckReport, String> {
    let names = [
        "entity count",
        "fact count",
        "dated fact count",
        "count over all days",
    ];
    for ((what, a), b) in names.iter().zip(fg.totals).zip(fl.totals) {
        if a != b {
            return Err(format!("{what}: factgraph {a}, floor {b}"));
        }
    }
    let mut report = CheckReport::default();
    if fg.classes.len() != fl.classes.len() {
        return Err("different query classes".into());
    }
    for ((what, a), (other, b)) in fg.classes.iter().zip(&fl.classes) {
        if what != other || a.len() != b.len() {
            return Err(format!("{what}: different inputs"));
        }
        if let Some(i) = (0..a.len()).find(|i| a[*i] != b[*i]) {
            let (x, y) = (a[i], b[i]);
            return Err(format!(
                "{what}, input {i}: factgraph {} items, floor {}{}",
                x.len,
                y.len,
                if x.len == y.len {
                    " (different items)"
                } else {
                    ""
                }
            ));
        }
        report.compared.push((*what, a.len()));
    }
    Ok(report)
}

/// Compares the floor's answers with factgraph's on every input of `w`: same entities for
/// lookups, same (other end, fact) multisets for one-hop queries, same sets for the two-hop
/// pattern, same lengths for connections (and a valid path from the floor), same counts and
/// fact sets for windows, same entities and fact counts for ego networks (k = 2). Also checks
/// the totals and relation names. The first disagreement is the error. The same as
/// [`compare`] of [`fg_answers`] and [`floor_answers`], which the lean scale run calls
/// apart.
pub fn check(
    g: &KnowledgeGraph,
    floor: &Floor,
    names: &Names,
    columns: &Columns,
    w: &Workload,
) -> Result<CheckReport, String> {
    compare(
        &fg_answers(g, w)?,
        &floor_answers(floor, names, columns, w)?,
    )
}
