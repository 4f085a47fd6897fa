//! Running a plan: anchors from the name, key and kind indexes (or, for a relationship
//! with a date window and no selective end, from the date index), expansion along typed
//! adjacency with the neighbour filter, conditions as soon as their variables are bound,
//! then grouping, `DISTINCT`, ordering and paging.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::time::Instant;

use super::Budget;
use super::ast::{Arrow, BinOp};
use super::check::Const;
use super::check::{AggOp, Arg, CExpr, NodeProp, NodeSpec, Plan, RelProp};
use super::error::CypherError;
use super::result::{Cell, Output, Span, Value, fact_as_known};
use crate::model::date::{DateRange, FactDate, Precision};
use crate::model::ids::{EntityId, FactId};
use crate::model::kind::KindSet;
use crate::model::periods::date_ends;
use crate::model::relation::Direction;
use crate::query::connection::SearchError;
use crate::query::neighbours::Filter;
use crate::query::refs::{EntityRef, FactRef};
use crate::store::dates::Match;
use crate::store::graph::KnowledgeGraph;
use crate::store::names::normalize_name;

/// One step of the search.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Op {
    /// Bind a node from an index.
    Scan(usize),
    /// Follow relationship `rel` from bound node `from` to node `to`.
    Expand { rel: usize, from: usize, to: usize },
    /// Bind relationship `rel` and both its (unbound) ends from the date index: the facts
    /// whose date lies within the relationship's window.
    Dated(usize),
}

/// The buffers of a run, kept by a prepared query so that running it again allocates
/// little: the schedule, the bindings and the output arena.
#[derive(Debug, Default)]
pub(crate) struct Scratch<'g> {
    scheduled: bool,
    ops: Vec<(Op, Vec<usize>)>,
    /// The neighbour filter of each step.
    filters: Vec<Option<Filter>>,
    nodes: Vec<Option<EntityId>>,
    rels: Vec<Vec<FactId>>,
    candidates: Vec<EntityId>,
    pub(crate) out: Output<'g>,
    index: HashMap<u64, u32, BuildHasherDefault<Fx>>,
    /// Per group: its first match and last match, and the next group of the same hash.
    groups: Vec<(u32, u32, u32)>,
    /// Per match: the next match of its group.
    next: Vec<u32>,
    /// Per entity: its group, when the only grouping key is one entity (`NONE` between
    /// runs; `touched` lists the entries to reset).
    dense: Vec<u32>,
    touched: Vec<usize>,
}

impl Scratch<'_> {
    /// Plans the search order again on the next run.
    pub(crate) fn unschedule(&mut self) {
        self.scheduled = false;
    }
}

const NONE: u32 = u32::MAX;

/// The expansion at which a run starts its clock: reading the clock costs about as much
/// as a short run, and the expansions before take microseconds.
const TIMED_FROM: u64 = 64;

/// A small multiplicative hasher (as rustc's FxHash) for grouping cells: the keys are
/// ids and short strings of one run, not input an attacker chooses.
#[derive(Debug, Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            for (d, c) in b.iter_mut().zip(chunk) {
                *d = *c;
            }
            self.write_u64(u64::from_le_bytes(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

struct Run<'g, 'p> {
    graph: &'g KnowledgeGraph,
    plan: &'p Plan,
    budget: &'p Budget,
    s: &'p mut Scratch<'g>,
    expansions: u64,
    /// When the run was first timed: at its [`TIMED_FROM`]th expansion.
    started: Option<Instant>,
    /// Matches after which the search stops (`LIMIT` without grouping or ordering).
    cap: usize,
    full: bool,
    /// Bytes of text copied or folded so far by values and conditions: a row costs what
    /// its strings cost, not only its expansions (an 8 MB parameter folded for every row
    /// took 28 s under a 100 ms budget when only expansions read the clock).
    work: std::cell::Cell<u64>,
    /// The work at which the clock is read next.
    next_clock: u64,
    /// Bytes of text in the matches so far, for [`Budget::max_bytes`].
    bytes: usize,
    /// Constant strings folded once for the run (keyed by their address and length),
    /// not once per row.
    folded: std::cell::RefCell<Vec<FoldedConst>>,
}

/// A constant string of the plan (its address and length) and its folded form.
type FoldedConst = ((usize, usize), std::rc::Rc<str>);

/// The most pairs of facts compared to find one fact's conflicts (`r.conflicts`,
/// `r.conflict`): a statement made thousands of times with different dates must not make
/// every row quadratic.
const CONFLICTS_PER_FACT: usize = 10_000;

/// The work, in bytes of text, after which a run reads the clock again (about a
/// millisecond of folding).
const CLOCK_BYTES: u64 = 1 << 20;

/// Runs `plan` on `graph`; the rows are left in `s.out`.
pub(crate) fn execute<'g>(
    graph: &'g KnowledgeGraph,
    plan: &Plan,
    budget: &Budget,
    s: &mut Scratch<'g>,
) -> Result<(), CypherError> {
    if !s.scheduled {
        s.ops = schedule(graph, plan);
        s.scheduled = true;
        set_filters(plan, s);
    }
    s.nodes.clear();

    s.nodes.resize(plan.nodes.len(), None);
    s.rels.resize_with(plan.rels.len(), Vec::new);
    s.rels.iter_mut().for_each(Vec::clear);
    let out = &mut s.out;
    out.width = plan.items.len();
    out.cells.clear();
    out.facts.clear();
    out.ends.clear();
    out.rows.clear();
    out.direct = None;
    // Facts read in conditions and returned are the versions known by the `KNOWN BY` day.
    out.known_by = plan.known_by.map(|d| d.last_day_number());
    let merge = plan.distinct || plan.items.iter().any(CExpr::is_aggregate);
    let cap = match plan.limit {
        Some(l) if !merge && plan.order.is_empty() => plan.skip.saturating_add(l),
        _ => usize::MAX,
    };
    let mut run = Run {
        graph,
        plan,
        budget,
        s,
        expansions: 0,
        started: None,
        cap,
        full: cap == 0,
        work: std::cell::Cell::new(0),
        next_clock: CLOCK_BYTES,
        bytes: 0,
        folded: std::cell::RefCell::new(Vec::new()),
    };
    if !run.full {
        run.step(0)?;
    }
    finish(graph, plan, merge, s);
    s.out.warnings.clear();
    // Only an empty answer pays for the warnings (a few hash lookups, and an edit-distance
    // search per unknown name).
    if s.out.ends.is_empty() {
        s.out.warnings = name_warnings(graph, plan);
    }
    Ok(())
}

/// Why a node pattern matched nothing: each name or key it was given that names no
/// entity (with the closest names), or no entity of its kinds.
fn name_warnings(graph: &KnowledgeGraph, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for spec in &plan.nodes {
        for (i, arg) in spec.names.iter().enumerate() {
            let folded = plan.text(arg);
            let shown = match (spec.written.get(i), arg) {
                (Some(Some(w)), _) => w.as_str(),
                (_, Arg::Param(p)) => plan.param_text(*p).unwrap_or(folded),
                _ => folded,
            };
            let shown = crate::cypher::error::q(shown);
            let ids = graph.names.get(folded);
            if ids.is_empty() {
                let close = graph.suggestions(folded, |_| true);
                out.push(if close.is_empty() {
                    format!("no entity is named `{shown}`, and no name is close to it")
                } else {
                    format!(
                        "no entity is named `{shown}`; the closest names: {}",
                        close.join("; ")
                    )
                });
            } else if !ids.iter().any(|id| {
                graph
                    .entity(*id)
                    .is_some_and(|e| spec.kinds.contains(e.kind()))
            }) {
                let named: Vec<String> = ids
                    .iter()
                    .filter_map(|id| graph.entity(*id))
                    .map(|e| format!("{} ({})", e.name(), e.kind()))
                    .collect();
                out.push(format!(
                    "`{shown}` names {}, not a {}",
                    named.join(", "),
                    spec.kinds.to_string().replace(", ", " or ")
                ));
            }
        }
        for arg in &spec.keys {
            let key = plan.text(arg);
            if graph.get(key).is_err() {
                out.push(format!(
                    "no entity has the key `{}`",
                    crate::cypher::error::q(key)
                ));
            }
        }
    }
    out
}

/// The neighbour filter of each step of the schedule: kept with it, since a schedule
/// is planned again whenever a parameter may change the evidence.
fn set_filters(plan: &Plan, s: &mut Scratch<'_>) {
    s.filters.clear();
    for (op, _) in &s.ops {
        let filter = match *op {
            Op::Scan(_) => None,
            Op::Dated(rel) => plan.rels.get(rel).and_then(|r| filter_of(plan, r)),
            Op::Expand { rel, from, to } => plan.rels.get(rel).and_then(|spec| {
                let filter = filter_of(plan, spec)?;
                let direction = match (spec.arrow, from == spec.left) {
                    (Arrow::Both, _) => Direction::Both,
                    (Arrow::Right, true) | (Arrow::Left, false) => Direction::Outgoing,
                    _ => Direction::Incoming,
                };
                let filter = filter.direction(direction);
                Some(match plan.nodes.get(to) {
                    Some(n) if !spec.var_length => filter.kind_set(n.kinds),
                    _ => filter,
                })
            }),
        };
        s.filters.push(filter);
    }
}

/// The neighbour filter of a relationship: its relations, the time views and the
/// evidence pushed down from `WHERE`; `None` if it can match nothing.
fn filter_of(plan: &Plan, r: &super::check::RelSpec) -> Option<Filter> {
    let mut f = Filter::any().relations(r.relations);
    if let Some(d) = plan.as_of {
        f = f.as_of(d);
    }
    if let Some(d) = plan.known_by {
        f = f.known_by(d);
    }
    let ev = r.evidence;
    if let Some((a, b)) = ev.window {
        if a > b {
            return None;
        }
        f = f.within(DateRange::from_days(a, b));
    }
    f = f.modalities(ev.modalities);
    if ev.stated_only {
        f = f.stated_only();
    }
    Some(f.min_reports(ev.min_reports).min_outlets(ev.min_outlets))
}

/// How many entities an anchor on this node would start from: a key is one, a name is
/// its few bearers, a kind is its extent.
fn estimate(graph: &KnowledgeGraph, plan: &Plan, spec: &NodeSpec) -> usize {
    if !spec.keys.is_empty() {
        return 1;
    }
    if let Some(name) = spec.names.first() {
        return graph.names.get(plan.text(name)).len();
    }
    if spec.kinds == KindSet::ANY {
        return graph.entity_count();
    }
    spec.kinds
        .iter()
        .map(|k| graph.by_kind.get(k.slot()).map_or(0, Vec::len))
        .sum()
}

/// Whether flag `i` is set (`false` past the end).
fn flag(v: &[bool], i: usize) -> bool {
    v.get(i).copied().unwrap_or(false)
}

/// Sets flag `i` (if there is one).
fn set(v: &mut [bool], i: usize) {
    if let Some(b) = v.get_mut(i) {
        *b = true;
    }
}

/// The estimate for node `i` (the most past the end).
fn cost(est: &[usize], i: usize) -> usize {
    est.get(i).copied().unwrap_or(usize::MAX)
}

/// Orders the search: start from the most selective node, then follow relationships from
/// bound nodes (those closing a cycle first), starting again from the most selective
/// unbound node for a disconnected pattern. Each condition runs right after the step that
/// binds the last of its variables.
fn schedule(graph: &KnowledgeGraph, plan: &Plan) -> Vec<(Op, Vec<usize>)> {
    let est: Vec<usize> = plan
        .nodes
        .iter()
        .map(|n| estimate(graph, plan, n))
        .collect();
    let mut bound = vec![false; plan.nodes.len()];
    let mut done = vec![false; plan.rels.len()];
    let mut ops = Vec::new();
    loop {
        let mut best: Option<(usize, Op)> = None;
        for (i, r) in plan.rels.iter().enumerate() {
            if flag(&done, i) {
                continue;
            }
            let cand = match (flag(&bound, r.left), flag(&bound, r.right)) {
                // A shortest path is searched between two bound ends.
                (true, false) | (false, true) if r.shortest => None,
                (true, true) => Some((
                    0,
                    Op::Expand {
                        rel: i,
                        from: r.left,
                        to: r.right,
                    },
                )),
                (true, false) => Some((
                    1 + cost(&est, r.right),
                    Op::Expand {
                        rel: i,
                        from: r.left,
                        to: r.right,
                    },
                )),
                (false, true) => Some((
                    1 + cost(&est, r.left),
                    Op::Expand {
                        rel: i,
                        from: r.right,
                        to: r.left,
                    },
                )),
                (false, false) => None,
            };
            if let Some(c) = cand
                && best.as_ref().is_none_or(|b| c.0 < b.0)
            {
                best = Some(c);
            }
        }
        let op = match best {
            Some((_, op)) => op,
            None => {
                // Anchor: the most selective unbound node, preferring those with relationships.
                let in_rel = |n: usize| {
                    plan.rels
                        .iter()
                        .zip(&done)
                        .any(|(r, d)| !d && (r.left == n || r.right == n))
                };
                let Some(n) = (0..plan.nodes.len())
                    .filter(|n| !flag(&bound, *n))
                    .min_by_key(|n| (!in_rel(*n), cost(&est, *n)))
                else {
                    break;
                };
                // A dated relationship between two unbound nodes starts from the date
                // index when its window holds fewer facts than the node anchor has
                // entities (counting the window is O(log n)).
                let dated = plan
                    .rels
                    .iter()
                    .enumerate()
                    .filter(|(i, r)| {
                        !flag(&done, *i)
                            && !r.var_length
                            && !flag(&bound, r.left)
                            && !flag(&bound, r.right)
                    })
                    .filter_map(|(i, r)| {
                        let (a, b) = r.evidence.window?;
                        let n = if a > b {
                            0
                        } else {
                            graph.dates.count(
                                DateRange::from_days(a, b),
                                Match::Overlaps,
                                crate::RelationSet::ANY,
                            )
                        };
                        Some((n, i))
                    })
                    .min();
                match dated {
                    Some((w, rel)) if in_rel(n) && w < cost(&est, n) => Op::Dated(rel),
                    _ => Op::Scan(n),
                }
            }
        };
        match op {
            Op::Scan(n) => set(&mut bound, n),
            Op::Expand { rel, to, .. } => {
                set(&mut done, rel);
                set(&mut bound, to);
            }
            Op::Dated(rel) => {
                set(&mut done, rel);
                if let Some(r) = plan.rels.get(rel) {
                    set(&mut bound, r.left);
                    set(&mut bound, r.right);
                }
            }
        }
        ops.push((op, Vec::new()));
    }
    // Attach each condition to the first step after which its variables are bound.
    let mut bound = vec![false; plan.nodes.len()];
    let mut rel_bound = vec![false; plan.rels.len()];
    let mut placed = vec![false; plan.conds.len()];
    for (op, conds) in ops.iter_mut() {
        match *op {
            Op::Scan(n) => set(&mut bound, n),
            Op::Expand { rel, to, .. } => {
                set(&mut rel_bound, rel);
                set(&mut bound, to);
            }
            Op::Dated(rel) => {
                set(&mut rel_bound, rel);
                if let Some(r) = plan.rels.get(rel) {
                    set(&mut bound, r.left);
                    set(&mut bound, r.right);
                }
            }
        }
        for (i, (e, ns, rs)) in plan.conds.iter().enumerate() {
            if !flag(&placed, i)
                && ns.iter().all(|n| flag(&bound, *n))
                && rs.iter().all(|r| flag(&rel_bound, *r))
            {
                set(&mut placed, i);
                if !implied(plan, e) {
                    conds.push(i);
                }
            }
        }
    }
    ops
}

/// Whether condition `e` is exactly what its relationship's neighbour filter already
/// checks, so that evaluating it on each match could never fail: a comparison of a
/// one-hop relationship's date with a date constant or parameter. `push_down` narrows the
/// filter's window to `[d₀, ∞)` for `>= D`, `[d₁ + 1, ∞)` for `> D`, `(-∞, d₁]` for `<= D`,
/// `(-∞, d₀ - 1]` for `< D` and `[d₀, d₁]` for `= D`, and the filter (and the date index
/// of [`Op::Dated`]) keep a fact when its days `[f₀, f₁]` lie within the window
/// (`FactDate::within`): the same inequalities on the same day bounds as [`date_cmp`], an
/// unknown date failing both.
fn implied(plan: &Plan, e: &CExpr) -> bool {
    let CExpr::Cmp(op, l, r) = e else {
        return false;
    };
    matches!(
        op,
        BinOp::Eq | BinOp::Ge | BinOp::Gt | BinOp::Le | BinOp::Lt
    ) && matches!(**l, CExpr::RelProp(i, RelProp::Date)
        if plan.rels.get(i).is_some_and(|spec| !spec.var_length))
        && matches!(plan.constant(r), Some(Const::Date(_)))
}

impl<'g> Run<'g, '_> {
    fn tick(&mut self) -> Result<(), CypherError> {
        self.expansions += 1;
        if self.expansions > self.budget.max_expansions {
            return Err(CypherError::Budget {
                limit: "expansions",
                value: self.budget.max_expansions,
            });
        }
        if self.expansions == TIMED_FROM {
            self.started = Some(Instant::now());
        }
        if self.expansions % 1024 == 0 || self.work.get() >= self.next_clock {
            self.clock()?;
        }
        Ok(())
    }

    /// Reads the clock: every 1024 expansions, and after every [`CLOCK_BYTES`] of work
    /// on text (which starts the clock if the expansions have not).
    fn clock(&mut self) -> Result<(), CypherError> {
        let work = self.work.get();
        if work >= self.next_clock {
            self.next_clock = work.saturating_add(CLOCK_BYTES);
            if self.started.is_none() {
                self.started = Some(Instant::now());
            }
        }
        if self
            .started
            .is_some_and(|t| t.elapsed() >= self.budget.max_time)
        {
            return Err(CypherError::Budget {
                limit: "time",
                value: u64::try_from(self.budget.max_time.as_millis()).unwrap_or(u64::MAX),
            });
        }
        Ok(())
    }

    /// Charges `n` bytes of work on text.
    fn charge_bytes(&self, n: usize) {
        self.work.set(
            self.work
                .get()
                .saturating_add(u64::try_from(n).unwrap_or(u64::MAX)),
        );
    }

    /// `s` folded, charged by its length.
    fn fold(&self, s: &str) -> String {
        self.charge_bytes(s.len());
        normalize_name(s)
    }

    /// The constant string `c` of the plan folded: once per run.
    fn fold_const(&self, c: &str) -> std::rc::Rc<str> {
        let key = (c.as_ptr() as usize, c.len());
        if let Some((_, f)) = self.folded.borrow().iter().find(|(k, _)| *k == key) {
            return f.clone();
        }
        let f: std::rc::Rc<str> = self.fold(c).into();
        self.folded.borrow_mut().push((key, f.clone()));
        f
    }

    /// Counts `n` expansions done at once (a shortest-path search), then checks the
    /// limits as [`tick`](Self::tick) does.
    fn charge(&mut self, n: usize) -> Result<(), CypherError> {
        self.expansions = self
            .expansions
            .saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
        if self.expansions > self.budget.max_expansions {
            return Err(CypherError::Budget {
                limit: "expansions",
                value: self.budget.max_expansions,
            });
        }
        match self.started {
            None if self.expansions >= TIMED_FROM => self.started = Some(Instant::now()),
            Some(t) if t.elapsed() >= self.budget.max_time => {
                return Err(CypherError::Budget {
                    limit: "time",
                    value: u64::try_from(self.budget.max_time.as_millis()).unwrap_or(u64::MAX),
                });
            }
            _ => {}
        }
        Ok(())
    }

    fn step(&mut self, k: usize) -> Result<(), CypherError> {
        let Some(op) = self.s.ops.get(k).map(|o| o.0) else {
            return self.emit();
        };
        match op {
            Op::Dated(rel) => self.dated(k, rel),
            Op::Scan(n) => self.scan(k, n),
            Op::Expand { rel, from, to } => self.expand(k, rel, from, to),
        }
    }

    #[inline(never)]
    fn scan(&mut self, k: usize, n: usize) -> Result<(), CypherError> {
        let (graph, plan) = (self.graph, self.plan);
        let Some(spec) = plan.nodes.get(n) else {
            return Ok(());
        };
        let mut owned = std::mem::take(&mut self.s.candidates);
        owned.clear();
        let single;
        let candidates: &[EntityId] = if let Some(key) = spec.keys.first() {
            single = graph.key_id(plan.text(key));
            single.as_slice()
        } else if let Some(name) = spec.names.first() {
            graph.names.get(plan.text(name))
        } else if spec.kinds == KindSet::ANY {
            owned.extend(graph.entities().map(|e| e.id()));
            &owned
        } else {
            owned.extend(spec.kinds.iter().flat_map(|kind| {
                graph
                    .by_kind
                    .get(kind.slot())
                    .into_iter()
                    .flatten()
                    .copied()
            }));
            owned.sort_unstable();
            &owned
        };
        // An entity found by its only key need only have the kind.
        let found = spec.keys.len() == 1 && spec.names.is_empty();
        let check = |run: &Self, id: EntityId| {
            if found {
                spec.kinds == KindSet::ANY
                    || graph
                        .entity(id)
                        .is_some_and(|e| spec.kinds.contains(e.kind()))
            } else {
                run.accepts(n, id)
            }
        };
        let mut result = Ok(());
        for &id in candidates {
            if let Err(e) = self.tick() {
                result = Err(e);
                break;
            }
            if check(self, id) {
                self.bind(n, Some(id));
                if self.conditions(k)
                    && let Err(e) = self.step(k + 1)
                {
                    result = Err(e);
                    break;
                }
                if self.full {
                    break;
                }
            }
        }
        self.bind(n, None);
        self.s.candidates = owned;
        result
    }

    #[inline(never)]
    fn expand(&mut self, k: usize, rel: usize, from: usize, to: usize) -> Result<(), CypherError> {
        let (graph, plan) = (self.graph, self.plan);
        let (Some(spec), Some(Some(filter))) = (plan.rels.get(rel), self.s.filters.get(k).copied())
        else {
            return Ok(());
        };
        let Some(Some(start)) = self.s.nodes.get(from).copied() else {
            return Ok(());
        };
        let target = self.s.nodes.get(to).copied().flatten();
        if spec.shortest {
            return match target {
                Some(end) => self.shortest(k, rel, start, end, filter),
                None => Ok(()),
            };
        }
        if spec.var_length {
            let (min, max) = (spec.min, spec.max);
            return self.walk(k, rel, to, target, start, filter, 0, min, max);
        }
        let named = plan
            .nodes
            .get(to)
            .is_none_or(|n| !n.keys.is_empty() || !n.names.is_empty());
        // With one relationship, no other can have used a fact.
        let shared = plan.rels.len() > 1;
        for h in graph.neighbours(start, filter) {
            let (other, fact) = (h.other_id(), h.fact().id());
            self.tick()?;
            self.clear_path(rel);
            if (shared && self.used(fact)) || target.is_some_and(|t| t != other) {
                continue;
            }
            // The filter keeps the node's kinds; names and keys are checked here.
            if target.is_none() && named && !self.accepts(to, other) {
                continue;
            }
            self.bind(to, Some(other));
            // Reuses the list's allocation: this runs once per hop.
            self.push_path(rel, fact);
            if self.conditions(k) {
                self.step(k + 1)?;
            }
            if self.full {
                break;
            }
        }
        self.clear_path(rel);
        if target.is_none() {
            self.bind(to, None);
        }
        Ok(())
    }

    /// Binds relationship `rel` and its ends to each fact of its date window that passes
    /// its filter, in fact order, each way the arrow (or a symmetric relation) allows:
    /// the matches [`Op::Expand`] from either end would find.
    #[inline(never)]
    fn dated(&mut self, k: usize, rel: usize) -> Result<(), CypherError> {
        let graph = self.graph;
        let (Some(spec), Some(Some(filter))) =
            (self.plan.rels.get(rel), self.s.filters.get(k).copied())
        else {
            return Ok(());
        };
        let Some((a, b)) = spec.evidence.window.filter(|(a, b)| a <= b) else {
            return Ok(());
        };
        let (left, right, arrow) = (spec.left, spec.right, spec.arrow);
        let mut facts: Vec<FactId> = Vec::new();
        graph.dates.for_each_matching(
            DateRange::from_days(a, b),
            Match::Within,
            crate::RelationSet::ANY,
            |e| facts.push(e.fact),
        );
        facts.sort_unstable();
        'facts: for fact in facts {
            self.tick()?;
            let f = graph.fact_ref(fact);
            if !filter.accepts_fact(&f) {
                continue;
            }
            let (s, o) = (f.fact.subject(), f.fact.object());
            let ways: &[(EntityId, EntityId)] =
                if arrow == Arrow::Both || f.relation().is_symmetric() {
                    &[(s, o), (o, s)]
                } else if arrow == Arrow::Left {
                    &[(o, s)]
                } else {
                    &[(s, o)]
                };
            for &(l, r) in ways {
                if (left == right && l != r) || !self.accepts(left, l) || !self.accepts(right, r) {
                    continue;
                }
                self.bind(left, Some(l));
                self.bind(right, Some(r));
                self.clear_path(rel);
                self.push_path(rel, fact);
                if self.conditions(k) {
                    self.step(k + 1)?;
                }
                if self.full {
                    break 'facts;
                }
            }
        }
        self.clear_path(rel);
        self.bind(left, None);
        self.bind(right, None);
        Ok(())
    }

    /// Binds `shortestPath` relationship `rel` to the shortest chain of facts from `from`
    /// to `to` that `filter` allows, if its length is within the bounds: the search is
    /// [`KnowledgeGraph::connection_within`], charged to this run's expansions.
    fn shortest(
        &mut self,
        k: usize,
        rel: usize,
        from: EntityId,
        to: EntityId,
        filter: Filter,
    ) -> Result<(), CypherError> {
        let Some(spec) = self.plan.rels.get(rel) else {
            return Ok(());
        };
        self.tick()?;
        let remaining = self.budget.max_expansions.saturating_sub(self.expansions);
        let mut left = usize::try_from(remaining).unwrap_or(usize::MAX);
        let before = left;
        let found = self.graph.connection_within(from, to, filter, &mut left);
        self.charge(before.saturating_sub(left))?;
        let path = match found {
            Ok(Some(path)) => path,
            Ok(None) | Err(SearchError::UnknownEntity { .. }) => return Ok(()),
            Err(_) => {
                return Err(CypherError::Budget {
                    limit: "expansions",
                    value: self.budget.max_expansions,
                });
            }
        };
        let hops = u32::try_from(path.len()).unwrap_or(u32::MAX);
        if hops < spec.min || hops > spec.max {
            return Ok(());
        }
        self.clear_path(rel);
        for hop in path.hops() {
            self.push_path(rel, hop.fact().id());
        }
        if self.conditions(k) {
            self.step(k + 1)?;
        }
        self.clear_path(rel);
        Ok(())
    }

    /// Walks paths of `min..=max` hops from `at` for a variable-length relationship, each
    /// fact used once per match.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &mut self,
        k: usize,
        rel: usize,
        to: usize,
        target: Option<EntityId>,
        at: EntityId,
        filter: Filter,
        depth: u32,
        min: u32,
        max: u32,
    ) -> Result<(), CypherError> {
        if depth >= min {
            let fits = match target {
                Some(t) => t == at,
                None => self.accepts(to, at),
            };
            if fits {
                self.bind(to, Some(at));
                if self.conditions(k) {
                    self.step(k + 1)?;
                }
                if target.is_none() {
                    self.bind(to, None);
                }
            }
        }
        if depth >= max || self.full {
            return Ok(());
        }
        let graph = self.graph;
        for h in graph.neighbours(at, filter) {
            let (other, fact) = (h.other_id(), h.fact().id());
            self.tick()?;
            if self.used(fact) {
                continue;
            }
            if let Some(path) = self.s.rels.get_mut(rel) {
                path.push(fact);
            }
            let r = self.walk(k, rel, to, target, other, filter, depth + 1, min, max);
            if let Some(path) = self.s.rels.get_mut(rel) {
                path.pop();
            }
            r?;
            if self.full {
                break;
            }
        }
        Ok(())
    }

    /// Binds (or with `None` unbinds) node `n`.
    #[inline]
    fn bind(&mut self, n: usize, id: Option<EntityId>) {
        if let Some(slot) = self.s.nodes.get_mut(n) {
            *slot = id;
        }
    }

    /// Empties relationship `rel`'s list of facts, keeping its allocation.
    #[inline]
    fn clear_path(&mut self, rel: usize) {
        if let Some(path) = self.s.rels.get_mut(rel) {
            path.clear();
        }
    }

    /// Adds `fact` to relationship `rel`'s list of facts.
    #[inline]
    fn push_path(&mut self, rel: usize, fact: FactId) {
        if let Some(path) = self.s.rels.get_mut(rel) {
            path.push(fact);
        }
    }

    fn used(&self, fact: FactId) -> bool {
        self.s.rels.iter().any(|r| r.contains(&fact))
    }

    /// Whether entity `id` fits node `n`'s kind, names and keys.
    fn accepts(&self, n: usize, id: EntityId) -> bool {
        let plan = self.plan;
        let (Some(spec), Some(e)) = (plan.nodes.get(n), self.graph.entity(id)) else {
            return false;
        };
        spec.kinds.contains(e.kind())
            && spec.keys.iter().all(|k| plan.text(k) == e.key())
            && spec
                .names
                .iter()
                .all(|name| e.names().any(|x| normalize_name(x) == plan.text(name)))
    }

    fn conditions(&self, k: usize) -> bool {
        let Some((_, conds)) = self.s.ops.get(k) else {
            return true;
        };
        conds.iter().all(|c| {
            self.plan
                .conds
                .get(*c)
                .is_some_and(|(e, _, _)| self.truth(e) == Some(true))
        })
    }

    /// Appends a match to the output: its values, then its facts, sorted.
    #[inline(never)]
    fn emit(&mut self) -> Result<(), CypherError> {
        if self.s.out.ends.len() >= self.budget.max_rows {
            return Err(CypherError::Budget {
                limit: "rows",
                value: u64::try_from(self.budget.max_rows).unwrap_or(u64::MAX),
            });
        }
        for e in &self.plan.items {
            // Nodes, the most common column, written in place.
            if let CExpr::Node(n) = e
                && let Some(Some(id)) = self.s.nodes.get(*n).copied()
            {
                self.s.out.cells.push(Cell::Entity(id));
            } else {
                let c = self.cell(e);
                if let Cell::Str(text) = &c {
                    self.bytes = self.bytes.saturating_add(text.len());
                    if self.bytes > self.budget.max_bytes {
                        return Err(CypherError::Budget {
                            limit: "bytes",
                            value: u64::try_from(self.budget.max_bytes).unwrap_or(u64::MAX),
                        });
                    }
                }
                self.s.out.cells.push(c);
            }
        }
        let s = &mut *self.s;
        let start = s.out.facts.len();
        for r in &s.rels {
            // One fact a relationship but for paths: pushed rather than copied.
            for &f in r {
                s.out.facts.push(f);
            }
        }
        if s.out.facts.len() > start + 1 {
            sort_dedup(&mut s.out.facts, start);
        }
        s.out.ends.push(index(s.out.facts.len()));
        if s.out.ends.len() >= self.cap {
            self.full = true;
        }
        Ok(())
    }

    fn fact_id(&self, r: usize) -> Option<FactId> {
        self.s.rels.get(r).and_then(|f| f.first()).copied()
    }

    /// The fact bound to relationship `r`, as the query's `KNOWN BY` knows it.
    fn fact(&self, r: usize) -> Option<FactRef<'g>> {
        self.fact_id(r)
            .and_then(|f| fact_as_known(self.graph, f, self.s.out.known_by))
    }

    /// The value of `e` for the current binding, strings borrowed where they can be.
    fn cell(&self, e: &CExpr) -> Cell<'g> {
        let g = self.graph;
        let node = |n: &usize| self.s.nodes.get(*n).copied().flatten();
        match e {
            CExpr::Const(_) | CExpr::Param(_) => match self.plan.constant(e) {
                Some(Const::Str(s)) => {
                    self.charge_bytes(s.len());
                    Cell::Str(Cow::Owned(s))
                }
                Some(Const::Int(n)) => Cell::Int(n),
                Some(Const::Bool(b)) => Cell::Bool(b),
                Some(Const::Date(d)) => Cell::Date(FactDate::on(d)),
                None => Cell::Null,
            },
            CExpr::Node(n) => node(n).map_or(Cell::Null, Cell::Entity),
            CExpr::Rel(r) => self.fact_id(*r).map_or(Cell::Null, Cell::Fact),
            CExpr::Path(r) => {
                let start = self.plan.rels.get(*r).and_then(|spec| node(&spec.left));
                match (start, self.s.rels.get(*r)) {
                    (Some(start), Some(facts)) => {
                        Cell::Path(Box::new((start, facts.as_slice().into())))
                    }
                    _ => Cell::Null,
                }
            }
            CExpr::Length(r) => Cell::Int(self.s.rels.get(*r).map_or(0, |f| count(f.len()))),
            CExpr::NodeProp(n, p) => match node(n).and_then(|id| g.entity(id)) {
                None => Cell::Null,
                Some(e) => match p {
                    NodeProp::Name => Cell::Str(Cow::Borrowed(e.name())),
                    NodeProp::Key => Cell::Str(Cow::Borrowed(e.key())),
                    NodeProp::Kind => Cell::Str(Cow::Borrowed(e.kind().as_str())),
                    NodeProp::Note => e
                        .entity()
                        .note()
                        .map_or(Cell::Null, |n| Cell::Str(Cow::Borrowed(n))),
                    NodeProp::Aliases => joined(e.entity().aliases().to_vec()),
                },
            },
            CExpr::RelProp(r, p) => match self.fact(*r) {
                None => Cell::Null,
                Some(f) => match p {
                    RelProp::Date => Cell::Date(f.date()),
                    RelProp::Valid => f.valid().map_or(Cell::Null, Cell::Date),
                    RelProp::Modality => Cell::Str(Cow::Borrowed(f.modality().as_str())),
                    RelProp::Relation => Cell::Str(Cow::Borrowed(f.relation().as_str())),
                    RelProp::Sources => Cell::Str(Cow::Owned(f.sources_line())),
                    RelProp::Source | RelProp::Report => {
                        Cell::Str(Cow::Owned(strings(&f, *p, false).join("; ")))
                    }
                    RelProp::Reports => Cell::Int(count(f.support().reports)),
                    RelProp::Outlets => Cell::Int(count(f.support().outlets)),
                    RelProp::Origins => Cell::Int(count(f.support().origins)),
                    RelProp::Stated => Cell::Bool(f.is_stated()),
                    RelProp::Place => f.place().map_or(Cell::Null, |e| Cell::Entity(e.id())),
                    RelProp::Recipient => {
                        f.recipient().map_or(Cell::Null, |e| Cell::Entity(e.id()))
                    }
                    RelProp::Title => f
                        .role()
                        .map_or(Cell::Null, |r| Cell::Str(Cow::Borrowed(r.title.as_str()))),
                    RelProp::Rank => f
                        .role()
                        .and_then(|r| r.rank.as_deref())
                        .map_or(Cell::Null, |r| Cell::Str(Cow::Borrowed(r))),
                    RelProp::From => f
                        .valid()
                        .and_then(|v| date_ends(&v).0)
                        .map_or(Cell::Null, |d| Cell::Date(FactDate::on(d))),
                    RelProp::Until => f
                        .valid()
                        .and_then(|v| date_ends(&v).1)
                        .map_or(Cell::Null, |d| Cell::Date(FactDate::on(d))),
                    RelProp::Precision => match (if f.date().is_unknown() {
                        f.valid().unwrap_or(f.date())
                    } else {
                        f.date()
                    })
                    .precision()
                    {
                        Some(Precision::Day) => Cell::Str(Cow::Borrowed("day")),
                        Some(Precision::Month) => Cell::Str(Cow::Borrowed("month")),
                        Some(Precision::Year) => Cell::Str(Cow::Borrowed("year")),
                        None => Cell::Null,
                    },
                    RelProp::Key => Cell::Str(Cow::Owned(f.key().to_string())),
                    RelProp::Note => f.note().map_or(Cell::Null, |n| Cell::Str(Cow::Borrowed(n))),
                    RelProp::Reported => f
                        .sources()
                        .map(|s| match (s.reported(), s.report()) {
                            (d, Some(r)) if d.is_unknown() => r.published(),
                            (d, _) => d,
                        })
                        .filter(|d| !d.is_unknown())
                        .min()
                        .map_or(Cell::Null, Cell::Date),
                    RelProp::Conflicts => Cell::Int(count(self.conflicts_of(&f).len())),
                    RelProp::Quantity(kind) => f
                        .fact()
                        .quantities()
                        .find(|(_, q)| q.kind() == *kind && q.what().is_none())
                        .and_then(|(_, q)| i64::try_from(q.amount().value()).ok())
                        .map_or(Cell::Null, Cell::Int),
                    RelProp::Quantities => {
                        let list: Vec<String> = f
                            .fact()
                            .quantities()
                            .map(|(a, q)| {
                                let by = a
                                    .report()
                                    .and_then(|r| g.report(r))
                                    .map_or_else(String::new, |r| format!(" [{}]", r.key));
                                format!("{q}{by}")
                            })
                            .collect();
                        if list.is_empty() {
                            Cell::Null
                        } else {
                            Cell::Str(Cow::Owned(list.join("; ")))
                        }
                    }
                    RelProp::Conflict => joined(self.conflicts_of(&f)),
                    RelProp::Url
                    | RelProp::Outlet
                    | RelProp::Cited
                    | RelProp::Speaker
                    | RelProp::Quote
                    | RelProp::Inferred => joined(strings(&f, *p, false)),
                },
            },
            CExpr::HoldsPost(r, title) => match (self.fact(*r), self.cell(title)) {
                (Some(f), Cell::Str(t)) => Cell::Bool(holds_post(g, &f, &t)),
                _ => Cell::Null,
            },
            CExpr::Fold(x) => match self.cell(x) {
                Cell::Str(s) => Cell::Str(Cow::Owned(self.fold(&s))),
                _ => Cell::Null,
            },
            CExpr::Count => Cell::Int(1),
            // A match's own value; the group folds them (see `finish`).
            CExpr::Agg(_, x) => match self.cell(x) {
                Cell::Int(n) => Cell::Int(n),
                _ => Cell::Null,
            },
            CExpr::Not(_) | CExpr::And(..) | CExpr::Or(..) | CExpr::Cmp(..) => {
                self.truth(e).map_or(Cell::Null, Cell::Bool)
            }
        }
    }

    /// The conflicts fact `f` is a side of, described (the other side and both sides'
    /// sources), at most [`CONFLICTS_PER_FACT`] pairs compared; then the numbers its own
    /// reports disagree on.
    fn conflicts_of(&self, f: &FactRef<'_>) -> Vec<String> {
        let touching = self.graph.conflicts_touching(&[f.id()], CONFLICTS_PER_FACT);
        touching
            .pairs
            .iter()
            .map(|pair| self.graph.describe_conflict(*pair))
            .chain(
                self.graph
                    .quantity_conflicts_of(f.id())
                    .iter()
                    .map(|c| c.to_string()),
            )
            .collect()
    }

    fn value(&self, e: &CExpr) -> Value<'g> {
        self.cell(e).into_value(self.graph, self.s.out.known_by)
    }

    /// The truth of a condition: `None` when unknown (a comparison with an unknown date or
    /// a null), which `WHERE` treats as false.
    fn truth(&self, e: &CExpr) -> Option<bool> {
        match e {
            CExpr::Not(x) => self.truth(x).map(|b| !b),
            CExpr::And(a, b) => match (self.truth(a), self.truth(b)) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            },
            CExpr::Or(a, b) => match (self.truth(a), self.truth(b)) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            },
            CExpr::Cmp(op, a, b) => self.compare(*op, a, b),
            e => match self.value(e) {
                Value::Bool(b) => Some(b),
                _ => None,
            },
        }
    }

    fn compare(&self, op: BinOp, a: &CExpr, b: &CExpr) -> Option<bool> {
        // A constant or parameter on the right is borrowed and folded once per run.
        let constant = self.plan.constant_str(b);
        // Several values: any may match (`r.source`, `r.report`), and names of entities
        // are matched with their aliases.
        let many: Option<Vec<String>> = match a {
            CExpr::RelProp(r, RelProp::Conflict) => self.fact(*r).map(|f| self.conflicts_of(&f)),
            CExpr::RelProp(r, p) if p.is_many() => self.fact(*r).map(|f| strings(&f, *p, true)),
            CExpr::NodeProp(n, NodeProp::Aliases) => self
                .s
                .nodes
                .get(*n)
                .copied()
                .flatten()
                .and_then(|id| self.graph.entity(id))
                .map(|e| e.entity().aliases().to_vec()),
            CExpr::NodeProp(n, NodeProp::Name) if op == BinOp::Contains => self
                .s
                .nodes
                .get(*n)
                .copied()
                .flatten()
                .and_then(|id| self.graph.entity(id))
                .map(|e| e.names().map(str::to_owned).collect()),
            _ => None,
        };
        if let Some(list) = many {
            // None of a value that may be missing (a fact with no speaker) compares as
            // unknown, like a null: neither `=` nor `<>` holds.
            if list.is_empty() {
                return None;
            }
            let (s, folded): (Cow<'_, str>, std::rc::Rc<str>) = match constant {
                Some(c) => (Cow::Borrowed(c), self.fold_const(c)),
                None => match self.value(b) {
                    Value::Str(s) => {
                        let f = self.fold(&s).into();
                        (Cow::Owned(s), f)
                    }
                    _ => return None,
                },
            };
            let exact = matches!(a, CExpr::RelProp(_, p) if p.is_exact());
            let hit = |x: &String| match op {
                BinOp::Contains => self.fold(x).contains(&*folded),
                _ if exact => **x == *s,
                _ => *self.fold(x) == *folded,
            };
            let any = list.iter().any(hit);
            return Some(if op == BinOp::Ne { !any } else { any });
        }
        let left = self.value(a);
        if op == BinOp::Contains
            && let Value::Str(x) = &left
        {
            let needle: std::rc::Rc<str> = match constant {
                Some(c) => self.fold_const(c),
                None => match self.value(b) {
                    Value::Str(y) => self.fold(&y).into(),
                    _ => return None,
                },
            };
            return Some(self.fold(x).contains(&*needle));
        }
        let right = self.value(b);
        use std::cmp::Ordering as O;
        let ord = match (&left, &right) {
            (Value::Date(x), Value::Date(y)) => {
                return date_cmp(op, *x, *y);
            }
            (Value::Str(x), Value::Str(y)) => x.cmp(y),
            (Value::Int(x), Value::Int(y)) => x.cmp(y),
            (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
            (Value::Entity(x), Value::Entity(y)) => x.id().cmp(&y.id()),
            (Value::Fact(x), Value::Fact(y)) => x.id().cmp(&y.id()),
            _ => return None,
        };
        Some(match op {
            BinOp::Eq => ord == O::Equal,
            BinOp::Ne => ord != O::Equal,
            BinOp::Lt => ord == O::Less,
            BinOp::Le => ord != O::Greater,
            BinOp::Gt => ord == O::Greater,
            BinOp::Ge => ord != O::Less,
            _ => return None,
        })
    }
}

/// Compares a fact's date `x` with `y` by the days each may stand for (see
/// `docs/CYPHER.md`): `=` within, `>=` starts on or after `y` starts, `>` starts after
/// `y` ends, `<=` ends on or before `y` ends, `<` ends before `y` starts. Unknown dates
/// compare as unknown.
fn date_cmp(op: BinOp, x: FactDate, y: FactDate) -> Option<bool> {
    let ((x0, x1), (y0, y1)) = (x.day_bounds()?, y.day_bounds()?);
    Some(match op {
        BinOp::Eq => y0 <= x0 && x1 <= y1,
        BinOp::Ne => !(y0 <= x0 && x1 <= y1),
        BinOp::Ge => x0 >= y0,
        BinOp::Gt => x0 > y1,
        BinOp::Le => x1 <= y1,
        BinOp::Lt => x1 < y0,
        BinOp::Contains | BinOp::And | BinOp::Or => return None,
    })
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The strings of a relationship property of several values, sorted, each once: the
/// names (with aliases) of a fact's outlets (`source`: the sources its statements came
/// through and the publications that carried them; `outlet`: the publications;
/// `cited`: the outlets they cite), of its place, recipient and speakers; its reports'
/// keys and URLs; its quotes and the coder's reasons for inferring it. Names with their
/// aliases when `aliases` (what a comparison matches), else the canonical names (what
/// is shown).
fn strings(f: &FactRef<'_>, p: RelProp, aliases: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let names = |out: &mut Vec<String>, e: EntityRef<'_>| {
        if aliases {
            out.extend(e.names().map(str::to_owned));
        } else {
            out.push(e.name().to_owned());
        }
    };
    match p {
        RelProp::Place => {
            if let Some(e) = f.place() {
                names(&mut out, e);
            }
        }
        RelProp::Recipient => {
            if let Some(e) = f.recipient() {
                names(&mut out, e);
            }
        }
        _ => {}
    }
    for s in f.sources() {
        match p {
            RelProp::Report => out.extend(s.report().map(|r| r.key().to_owned())),
            RelProp::Url => out.extend(s.report().and_then(|r| r.url()).map(str::to_owned)),
            RelProp::Source => {
                names(&mut out, s.source());
                names(&mut out, s.publication());
            }
            RelProp::Outlet => names(&mut out, s.publication()),
            RelProp::Cited => {
                if let Some(c) = s.cited() {
                    names(&mut out, c);
                }
            }
            RelProp::Speaker => {
                if let Some(e) = s.speaker() {
                    names(&mut out, e);
                }
            }
            RelProp::Quote => out.extend(s.quote().map(str::to_owned)),
            RelProp::Inferred => out.extend(s.inferred().map(str::to_owned)),
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Several strings as one value: null when there are none, else joined with `; `.
fn joined<'g>(list: Vec<String>) -> Cell<'g> {
    if list.is_empty() {
        Cell::Null
    } else {
        Cell::Str(Cow::Owned(list.join("; ")))
    }
}

/// Whether fact `f` gives its subject the one-holder post that `title` names in its
/// object (every word of `title`, folded, in the role's title, which is a post of one
/// holder): `holds_post(h, "Minister of Defence")`, as
/// [`View::holders_of`](crate::View::holders_of) matches titles.
fn holds_post(graph: &KnowledgeGraph, f: &FactRef<'_>, title: &str) -> bool {
    let Some(role) = f.role() else {
        return false;
    };
    f.relation() == crate::Relation::HoldsPosition
        && crate::query::time::title_matches(graph, f.object().id(), &role.title, title)
}

fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Sorts `v[start..]` and removes repeats.
// Runs once per group in a merge: indexing measured faster here than `get` (two_hop). Every
// index is in bounds: `start + 1 < v.len()` in the 2 case, `w - 1 < w <= i < v.len()` after.
#[allow(clippy::indexing_slicing)]
fn sort_dedup(v: &mut Vec<FactId>, start: usize) {
    match v.len().saturating_sub(start) {
        0 | 1 => return,
        2 => {
            let (a, b) = (v[start], v[start + 1]);
            if a == b {
                v.truncate(start + 1);
            } else if b < a {
                v.swap(start, start + 1);
            }
            return;
        }
        _ => {}
    }
    if let Some(tail) = v.get_mut(start..) {
        tail.sort_unstable();
    }
    let mut w = start;
    for i in start..v.len() {
        if w == start || v[i] != v[w - 1] {
            v[w] = v[i];
            w += 1;
        }
    }
    v.truncate(w);
}

/// Grouping (for `count`), `DISTINCT`, ordering, `SKIP` and `LIMIT`: the rows of
/// `s.out`, from its matches.
/// Folds match `m`'s aggregate cells into its group's representative `rep`: `count` adds
/// one, `sum` adds (nulls skipped), `max` and `min` keep the larger or smaller.
fn fold_aggregates(plan: &Plan, cells: &mut [Cell<'_>], w: usize, rep: usize, m: usize) {
    for (c, item) in plan.items.iter().enumerate() {
        let theirs = match item {
            CExpr::Count => None,
            CExpr::Agg(..) => match cells.get(m * w + c) {
                Some(Cell::Int(n)) => Some(*n),
                _ => continue,
            },
            _ => continue,
        };
        let Some(mine) = cells.get_mut(rep * w + c) else {
            continue;
        };
        *mine = match (item, &*mine, theirs) {
            (CExpr::Count, Cell::Int(x), _) => Cell::Int(x.saturating_add(1)),
            (_, Cell::Null, Some(y)) => Cell::Int(y),
            (CExpr::Agg(AggOp::Sum, _), Cell::Int(x), Some(y)) => Cell::Int(x.saturating_add(y)),
            (CExpr::Agg(AggOp::Max, _), Cell::Int(x), Some(y)) => Cell::Int((*x).max(y)),
            (CExpr::Agg(AggOp::Min, _), Cell::Int(x), Some(y)) => Cell::Int((*x).min(y)),
            _ => continue,
        };
    }
}

fn finish<'g>(graph: &'g KnowledgeGraph, plan: &Plan, merge: bool, s: &mut Scratch<'g>) {
    let out = &mut s.out;
    let w = plan.items.len();
    let n = out.ends.len();
    // Match `m`'s facts are `out.facts[ends[m - 1]..ends[m]]` (from 0 for the first).
    let span_of = |ends: &[u32], m: usize| {
        let start = m
            .checked_sub(1)
            .and_then(|p| ends.get(p))
            .copied()
            .unwrap_or(0);
        (start, ends.get(m).copied().unwrap_or(start))
    };
    if !merge && plan.order.is_empty() {
        // Rows are the matches, paged.
        let first = plan.skip.min(n);
        let count = plan.limit.unwrap_or(usize::MAX).min(n - first);
        out.direct = Some((first, count));
        return;
    }
    if !merge {
        for m in 0..n {
            let facts = span_of(&out.ends, m);
            out.rows.push(Span {
                at: index(m),
                facts,
            });
        }
    } else {
        let counts = |c: usize| plan.items.get(c).is_some_and(CExpr::is_aggregate);
        s.index.clear();
        s.groups.clear();
        s.next.clear();
        // One entity column (and counts): groups found by the entity's number.
        let mut keyed = (0..w).filter(|c| !counts(*c));
        // A node variable's cell is always an entity: every node is bound when a match
        // is emitted.
        let by_entity = match (keyed.next(), keyed.next()) {
            (Some(c), None) if matches!(plan.items.get(c), Some(CExpr::Node(_))) => Some(c),
            (Some(c), None) => (0..n)
                .all(|m| matches!(out.cells.get(m * w + c), Some(Cell::Entity(_))))
                .then_some(c),
            _ => None,
        };
        if by_entity.is_some() && s.dense.len() < graph.entity_count() {
            s.dense.resize(graph.entity_count(), NONE);
        }
        for m in 0..n {
            // Each match has `w` cells.
            let Some(cells) = out.cells.get(m * w..(m + 1) * w) else {
                continue;
            };
            if let Some(c) = by_entity {
                let Some(&Cell::Entity(id)) = cells.get(c) else {
                    continue;
                };
                let slot = id.index();
                s.next.push(NONE);
                match s.dense.get(slot).copied() {
                    Some(NONE) | None => {
                        if let Some(d) = s.dense.get_mut(slot) {
                            *d = index(s.groups.len());
                            s.touched.push(slot);
                        }
                        s.groups.push((index(m), index(m), NONE));
                    }
                    Some(g) => {
                        let Some(group) = s.groups.get_mut(g as usize) else {
                            continue;
                        };
                        let rep = group.0 as usize;
                        fold_aggregates(plan, &mut out.cells, w, rep, m);
                        if let Some(x) = s.next.get_mut(group.1 as usize) {
                            *x = index(m);
                        }
                        group.1 = index(m);
                    }
                }
                continue;
            }
            let mut h = Fx::default();
            for (c, cell) in cells.iter().enumerate() {
                if !counts(c) {
                    cell.hash(&mut h);
                }
            }
            let h = h.finish();
            let mut at = s.index.get(&h).copied().unwrap_or(NONE);
            while let Some(&(rep, _, chain)) = s.groups.get(at as usize) {
                let same = (0..w)
                    .all(|c| counts(c) || out.cells.get(rep as usize * w + c) == cells.get(c));
                if same {
                    break;
                }
                at = chain;
            }
            s.next.push(NONE);
            match s.groups.get_mut(at as usize) {
                Some(group) => {
                    let rep = group.0 as usize;
                    fold_aggregates(plan, &mut out.cells, w, rep, m);
                    if let Some(x) = s.next.get_mut(group.1 as usize) {
                        *x = index(m);
                    }
                    group.1 = index(m);
                }
                None => {
                    let g = index(s.groups.len());
                    let chain = s.index.insert(h, g).unwrap_or(NONE);
                    s.groups.push((index(m), index(m), chain));
                }
            }
        }
        for slot in s.touched.drain(..) {
            if let Some(d) = s.dense.get_mut(slot) {
                *d = NONE;
            }
        }
        for &(rep, _, _) in &s.groups {
            let rep = rep as usize;
            if s.next.get(rep).is_none_or(|&n| n == NONE) {
                let facts = span_of(&out.ends, rep);
                out.rows.push(Span {
                    at: index(rep),
                    facts,
                });
                continue;
            }
            let start = out.facts.len();
            let mut m = rep;
            loop {
                let (a, b) = span_of(&out.ends, m);
                out.facts.extend_from_within(a as usize..b as usize);
                match s.next.get(m).copied().unwrap_or(NONE) {
                    NONE => break,
                    next => m = next as usize,
                }
            }
            sort_dedup(&mut out.facts, start);
            let facts = (index(start), index(out.facts.len()));
            out.rows.push(Span {
                at: index(rep),
                facts,
            });
        }
    }
    // Only counts returned and nothing matched: one row of zeros, as in Cypher
    // (`RETURN count(*)` over no match is 0, not no row).
    if n == 0 && w > 0 && merge && plan.items.iter().all(CExpr::is_aggregate) {
        out.cells.clear();
        // count and sum of nothing are 0; max and min of nothing are null.
        out.cells.extend(plan.items.iter().map(|e| match e {
            CExpr::Agg(AggOp::Max | AggOp::Min, _) => Cell::Null,
            _ => Cell::Int(0),
        }));
        let at = index(out.facts.len());
        out.rows.push(Span {
            at: 0,
            facts: (at, at),
        });
    }
    if !plan.order.is_empty() {
        let cells = &out.cells;
        out.rows.sort_by(|a, b| {
            plan.order
                .iter()
                .map(|(col, desc)| {
                    let x = cells.get(a.at as usize * w + col);
                    let y = cells.get(b.at as usize * w + col);
                    let o = match (x, y) {
                        (Some(x), Some(y)) => x.order(y, graph),
                        _ => std::cmp::Ordering::Equal,
                    };
                    if *desc { o.reverse() } else { o }
                })
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    out.rows.drain(..plan.skip.min(out.rows.len()));
    if let Some(l) = plan.limit {
        out.rows.truncate(l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cypher::{Params, Query, check};

    fn plan(text: &str) -> Plan {
        let q = Query::parse(text).unwrap();
        check::compile(&q, &Params::new(), &Budget::default()).unwrap()
    }

    #[test]
    fn the_named_node_is_the_anchor_wherever_it_is_written() {
        let g = crate::datasets::edm_2004_v1_i133();
        let p = plan(
            "MATCH (a:country)-[:hosted]->(e)<-[:participated_in]-(s {name: 'Sembinov'}) RETURN a",
        );
        let ops = schedule(g, &p);
        assert!(matches!(ops[0].0, Op::Scan(2)), "{:?}", ops);
        assert!(matches!(
            ops[1].0,
            Op::Expand {
                rel: 1,
                from: 2,
                to: 1
            }
        ));
        assert!(matches!(
            ops[2].0,
            Op::Expand {
                rel: 0,
                from: 1,
                to: 0
            }
        ));
    }

    #[test]
    fn conditions_run_when_their_variables_are_bound() {
        let g = crate::datasets::edm_2004_v1_i133();
        let p = plan(
            "MATCH (a {key: 'kazakhstan'})-[r]->(b)-[s]->(c) WHERE a.name = 'Kazakhstan' AND s.reports >= 1 AND r.stated = true RETURN a",
        );
        let ops = schedule(g, &p);
        let placed: Vec<usize> = ops.iter().map(|(_, c)| c.len()).collect();
        assert_eq!(placed, [1, 1, 1]);
    }

    #[test]
    fn where_conditions_are_pushed_into_the_filter() {
        let p = plan(
            "MATCH (a)-[r]->(b) WHERE r.date >= date('2004') AND r.date < date('2005-03') AND r.modality = 'planned' AND r.outlets > 1 AND r.stated = true RETURN a",
        );
        let ev = p.rels[0].evidence;
        let y2004 = first_day("2004");
        let mar = first_day("2005-03");
        assert_eq!(ev.window, Some((y2004, mar - 1)));
        assert!(ev.stated_only);
        assert_eq!(ev.min_outlets, 2);
        assert!(!ev.modalities.contains(crate::Modality::Reported));
        assert!(ev.modalities.contains(crate::Modality::Planned));
        // An impossible window matches nothing, without reading any fact.
        let p = plan(
            "MATCH (a)-[r]->(b) WHERE r.date > date('2005') AND r.date < date('2004') RETURN a",
        );
        assert!(filter_of(&p, &p.rels[0]).is_none());
    }

    #[test]
    fn a_dated_relationship_between_loose_nodes_starts_from_the_date_index() {
        let g = crate::datasets::corpus();
        let p = plan(
            "MATCH (a)-[r:participated_in]->(b) WHERE r.date >= date('2004-01') AND r.date <= date('2004-02') RETURN count(*)",
        );
        let ops = schedule(g, &p);
        assert!(matches!(ops[0].0, Op::Dated(0)), "{ops:?}");
        // A named end is more selective than the window.
        let p = plan(
            "MATCH (a {name: 'Kazakhstan'})-[r:participated_in]->(b) WHERE r.date >= date('2004') RETURN count(*)",
        );
        assert!(matches!(schedule(g, &p)[0].0, Op::Scan(0)));
    }

    #[test]
    fn date_comparisons_the_filter_applies_are_not_evaluated_again() {
        let g = crate::datasets::corpus();
        let q = Query::parse(
            "MATCH (a)-[r]->(b) WHERE r.date >= date('2004') AND r.date < $d AND NOT r.date = date('2005') AND r.date <> date('2006') AND a.name = 'x' RETURN a",
        )
        .unwrap();
        let d = crate::PartialDate::year(2007).unwrap();
        let p = check::compile(&q, &Params::new().with("d", d), &Budget::default()).unwrap();
        let placed: usize = schedule(g, &p).iter().map(|(_, c)| c.len()).sum();
        // `>=` and `<` are the window; `NOT ... =`, `<>` and the name are evaluated.
        assert_eq!((p.conds.len(), placed), (5, 3));
    }

    fn first_day(s: &str) -> i32 {
        s.parse::<crate::PartialDate>().unwrap().first_day_number()
    }
}
