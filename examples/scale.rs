//! Scale report: builds a synthetic graph of MADE-UP data and prints build times, memory and
//! query latencies of factgraph next to a floor (a minimal per-relation compressed-sparse-row
//! layout over plain integer arrays, `benches/support/floor.rs`) on the same data and the
//! same inputs, with the ratio. Issue 4's table, and issue 9's 100M-fact run.
//!
//! ```text
//! cargo run --release --example scale -- --entities 1000000          # 1M entities, 10M facts
//! cargo run --release --example scale -- --sizes 250000,500000,1000000   # doubling table
//! cargo run --release --example scale -- --entities 100000 --check   # also compare answers
//! cargo run --release --example scale -- --entities 1000000 --lean   # one graph at a time
//! cargo run --release --example scale -- --entities 10000000         # 100M facts: lean
//! ```
//!
//! Options: `--entities N`, `--sizes N,N,…`, `--facts-per-entity F` (10), `--seed S` (2024),
//! `--queries N` (1000 per class; a tenth of that for connections, a twentieth for ego
//! networks, 16 hubs), `--passes P` (1; with more, each query's fastest time is kept, which
//! filters noise but measures warm caches: 1 000 queries' data fit in the processor's
//! cache), `--budget SECS` (30: a class stops after this much time on the factgraph side;
//! the floor then runs exactly the same inputs and passes), `--check` (compare floor and
//! factgraph answers on a few thousand random queries first), `--no-json` (skip the JSON
//! round trip, which needs the most memory), `--lean` / `--no-lean` (force the lean mode on
//! or off; by default a size is lean above 10 million facts, where a normal run would not
//! fit in 24 GiB), `--no-snapshot` (lean mode: skip the snapshot file round trip).
//! With no arguments it runs a tiny graph (2 000 entities) with `--check`, normal then lean,
//! in seconds even in a debug build; that is what the examples test runs. Only release-build
//! figures mean anything.
//!
//! How it measures (normal mode):
//! - **build from facts**: a new graph from the generated graph's entities and facts
//!   (cloned out beforehand, not timed) in one transaction, so with validation and every
//!   index; **from JSON**: `KnowledgeGraph::from_json` on the graph's JSON text in memory;
//!   **from snapshot**: `KnowledgeGraph::from_snapshot` on the snapshot bytes in memory;
//!   **floor**: parse the facts as CSV from memory and build the floor's arrays.
//! - **open file in a new process**: the snapshot file opened by
//!   `KnowledgeGraph::open_snapshot` in a fresh process (this program, run with
//!   `--open-child FILE`), to its first answer (a typed one-hop query); beside it the floor
//!   reading its CSV file and building its arrays in another fresh process
//!   (`--floor-child CSV KINDS`), to the same first answer. Each then answers 1,000 more
//!   typed one-hop queries and reports its resident memory (`VmRSS`, and of it what is
//!   not file pages: `open_snapshot` maps the file, and its mapped columns are page-cache
//!   pages shared with other processes); the two must find the same number of hops. The
//!   file is usually in the page cache, having just been written. `--no-snapshot` skips
//!   it.
//! - **memory**: a counting global allocator. "graph heap" is the live heap after building
//!   minus before (the graph alone; the consumed inputs are freed); "peak during build" is
//!   the highest live heap during the build minus before (inputs included); "process peak"
//!   is `VmHWM` of `/proc/self/status` (reset at the start of each size where the kernel
//!   allows), for everything this run holds (generated graph, JSON text, floor, …).
//! - **queries**: each query is timed alone (the x86-64 time-stamp counter read around one
//!   call, calibrated against `Instant`; its own overhead is measured and subtracted), in
//!   one pass over deterministic random inputs by default, so on a large graph each query
//!   meets cold caches as an interactive query would; median, 95th percentile and mean. The
//!   floor runs exactly the inputs and passes factgraph ran, after it. The load average is
//!   printed: other work on the machine (2 cores) shows in the figures.
//!
//! The normal mode holds at once the generated graph, a second graph built from clones of
//! its entities and facts, the JSON text and a graph loaded from it, the snapshot bytes,
//! the CSV text and the floor: 13.2 GiB at 10M facts with the store of December 2026.
//! **Lean mode** holds one graph at a time, so its process peak is that of one graph's
//! build or snapshot load (the staged batch beside the graph being built), for the
//! 100M-fact run:
//! - **build**: the entities and facts of `factgraph::synthetic::Generator` are made
//!   65 536 at a time and staged straight into the transaction of the measured graph (no
//!   generated graph, no clones). "from facts, validated, all indexes" is staging (with
//!   validation) plus the commit, shown apart; generating the made-up items is timed apart
//!   and not counted. The same work as the normal mode's build, without the inputs held
//!   beside it (its "peak during build" is the staged batch and the graph).
//! - **JSON**: skipped (printed as "skipped (lean)").
//! - **snapshot**: the graph is saved to a file in the temporary directory (`TMPDIR`),
//!   dropped, and loaded again from the file (timed: `load_snapshot`, which reads and
//!   checks it into the process's own memory, as the floor's arrays are); the loaded
//!   graph is the one queried. The mapped open (`open_snapshot`) is the open line's. The file is removed afterwards.
//!   `--no-snapshot` skips this.
//! - **queries**: query inputs are drawn and the floor's inputs (fact columns, names and
//!   aliases in one string) read while the graph is live; factgraph's queries run (and,
//!   with `--check`, factgraph's answers are recorded as digests); then the graph is
//!   dropped, the floor is built from CSV and runs the same inputs and passes, and its
//!   answers are compared with the recorded ones.
//! - **memory**: as in normal mode, plus the live heap and `VmHWM` after each stage.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use factgraph::synthetic::{Generator, SyntheticConfig, generate};
use factgraph::{Entity, Fact, GraphError, KnowledgeGraph};

#[path = "../benches/support/floor.rs"]
mod floor;

/// The JSON floor: the same document deserialized by serde_json into plain structs that
/// borrow its strings (every field of the format read, nothing validated or indexed):
/// what any JSON reader must at least pay.
// The fields are filled, never read: the parse is what is timed.
#[allow(dead_code)]
mod json_floor {
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct Doc<'a> {
        #[serde(borrow, default)]
        pub title: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub entities: Vec<Entity<'a>>,
        #[serde(borrow, default)]
        pub reports: Vec<BTreeMap<Cow<'a, str>, serde_json::Value>>,
        #[serde(borrow)]
        pub facts: Vec<Fact<'a>>,
    }

    #[derive(Deserialize)]
    pub struct Entity<'a> {
        #[serde(borrow)]
        pub id: Cow<'a, str>,
        #[serde(borrow)]
        pub kind: Cow<'a, str>,
        #[serde(borrow)]
        pub name: Cow<'a, str>,
        #[serde(borrow, default)]
        pub aliases: Vec<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub attributes: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
        #[serde(borrow, default)]
        pub note: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub merged_ids: Vec<Cow<'a, str>>,
    }

    #[derive(Deserialize)]
    pub struct Fact<'a> {
        #[serde(borrow, default)]
        pub id: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pub relation: Cow<'a, str>,
        #[serde(borrow)]
        pub subject: Cow<'a, str>,
        #[serde(borrow)]
        pub object: Cow<'a, str>,
        #[serde(borrow, default)]
        pub date: Option<Cow<'a, str>>,
        #[serde(default)]
        pub year_inferred: bool,
        #[serde(borrow, default)]
        pub valid: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub modality: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub place: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub recipient: Option<Cow<'a, str>>,
        #[serde(default)]
        pub role: Option<serde_json::Value>,
        #[serde(borrow, default)]
        pub sources: Vec<Source<'a>>,
        #[serde(borrow, default)]
        pub note: Option<Cow<'a, str>>,
    }

    #[derive(Deserialize)]
    pub struct Source<'a> {
        #[serde(borrow, default)]
        pub report: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub source: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub reported: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub speaker: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub quote: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub inferred: Option<Cow<'a, str>>,
    }
}

use floor::{Columns, Counts, Floor, Names, Scratch, Workload};

// ---------------------------------------------------------------------------------------
// Counting allocator

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting live bytes and their peak.
struct Counting;

fn grew(n: usize) {
    let now = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to the system allocator; only counters change.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Resets the peak to the current live bytes and returns them.
fn reset_peak() -> usize {
    let now = live();
    PEAK.store(now, Ordering::Relaxed);
    now
}

fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// `VmHWM` (peak resident set) of this process, in bytes.
fn vm_hwm() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The 1-minute load average.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

/// Resets `VmHWM` to the current resident set (Linux `clear_refs` 5); false if not allowed.
fn reset_vm_hwm() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

// ---------------------------------------------------------------------------------------
// Options

#[derive(Debug, Clone)]
struct Options {
    sizes: Vec<usize>,
    facts_per_entity: f64,
    seed: u64,
    queries: usize,
    budget: Duration,
    passes: usize,
    check: bool,
    json: bool,
    /// Lean mode: `Some(true)` with `--lean`, `Some(false)` with `--no-lean`, `None` to
    /// choose by size (lean above [`LEAN_ABOVE_FACTS`] facts).
    lean: Option<bool>,
    /// In lean mode, round-trip the graph through a snapshot file.
    snapshot: bool,
    /// The no-argument run: fewer checked queries.
    tiny: bool,
    /// Median cost of reading the clock twice (ns, subtracted from every query time), and
    /// nanoseconds per clock tick.
    clock: (f64, f64),
}

fn parse_count(s: &str) -> Result<usize, String> {
    s.replace('_', "")
        .parse()
        .map_err(|e| format!("{s:?} is not a count: {e}"))
}

fn options() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut o = Options {
        sizes: vec![2_000],
        facts_per_entity: 10.0,
        seed: 2024,
        queries: 1_000,
        budget: Duration::from_secs(30),
        passes: 1,
        check: false,
        json: true,
        lean: None,
        snapshot: true,
        tiny: false,
        clock: (0.0, 1.0),
    };
    if args.is_empty() {
        // The tiny run of the examples test: small, quick (in a debug build too), checked.
        o.queries = 100;
        o.check = true;
        o.tiny = true;
        return Ok(o);
    }
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--entities" => o.sizes = vec![parse_count(value()?)?],
            "--sizes" => {
                o.sizes = value()?
                    .split(',')
                    .map(parse_count)
                    .collect::<Result<_, _>>()?
            }
            "--facts-per-entity" => {
                o.facts_per_entity = value()?.parse().map_err(|e| format!("{a}: {e}"))?
            }
            "--seed" => o.seed = value()?.parse().map_err(|e| format!("{a}: {e}"))?,
            "--queries" => o.queries = parse_count(value()?)?.max(1),
            "--budget" => {
                let s: f64 = value()?.parse().map_err(|e| format!("{a}: {e}"))?;
                o.budget = Duration::from_secs_f64(s.max(0.0));
            }
            "--passes" => o.passes = parse_count(value()?)?.max(1),
            "--check" => o.check = true,
            "--no-json" => o.json = false,
            "--lean" => o.lean = Some(true),
            "--no-lean" => o.lean = Some(false),
            "--no-snapshot" => o.snapshot = false,
            "--help" | "-h" => {
                return Err(
                    "usage: scale [--entities N | --sizes N,N,…] [--facts-per-entity F] \
                            [--seed S] [--queries N] [--budget SECS] [--passes P] [--check] [--no-json] \
                            [--lean | --no-lean] [--no-snapshot]"
                        .into(),
                );
            }
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    if o.sizes.is_empty() || o.sizes.contains(&0) {
        return Err("sizes must be positive".into());
    }
    Ok(o)
}

/// Above this many facts a run is lean unless `--no-lean` says otherwise. The normal run
/// holds about 1.3 GiB per million facts at once (13.2 GiB at 10M facts, with the store of
/// December 2026), so the next size up would not fit on a 24 GiB machine; a lean run
/// holds one graph at a time.
const LEAN_ABOVE_FACTS: usize = 10_000_000;

impl Options {
    /// Whether the run of `facts` facts is lean.
    fn lean(&self, facts: usize) -> bool {
        self.lean.unwrap_or(facts > LEAN_ABOVE_FACTS)
    }
}

// ---------------------------------------------------------------------------------------
// Measuring

/// Median and 95th percentile of per-query times.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    n: usize,
    passes: usize,
    median: f64,
    p95: f64,
    mean: f64,
}

/// Statistics of per-query times, less the timer's own overhead.
fn stats(mut ns: Vec<f64>, passes: usize, overhead: f64) -> Stats {
    if ns.is_empty() {
        return Stats::default();
    }
    for x in &mut ns {
        *x = (*x - overhead).max(0.0);
    }
    ns.sort_by(f64::total_cmp);
    let at = |q: f64| ns[((ns.len() - 1) as f64 * q).round() as usize];
    Stats {
        n: ns.len(),
        passes,
        median: at(0.5),
        p95: at(0.95),
        mean: ns.iter().sum::<f64>() / ns.len() as f64,
    }
}

/// Times `f` on each item alone (after warming up on the first few), in up to `passes`
/// passes over the items, keeping each item's fastest time (which filters out the noise of
/// interrupts and of other work on the machine, but from the second pass on the inputs'
/// data are in cache: one pass gives cold-cache latencies, several warm-cache ones). The first pass stops once `budget` is spent
/// (and at least 5 items were timed); a further pass runs only if it fits in the budget too.
/// `limit` fixes the number of items and passes instead (to run exactly what another side ran).
fn time_each<T>(
    items: &[T],
    passes: usize,
    (overhead, o_ns_per_tick): (f64, f64),
    budget: Duration,
    limit: Option<(usize, usize)>,
    mut f: impl FnMut(&T) -> usize,
) -> Stats {
    for it in items.iter().take(3) {
        black_box(f(black_box(it)));
    }
    let start = Instant::now();
    let mut best: Vec<f64> = Vec::with_capacity(items.len());
    let n_max = limit.map_or(items.len(), |l| l.0);
    for it in &items[..n_max] {
        let t = clock::ticks();
        black_box(f(black_box(it)));
        best.push((clock::ticks() - t) as f64 * o_ns_per_tick);
        if limit.is_none() && best.len() >= 5 && start.elapsed() > budget {
            break;
        }
    }
    let first_pass = start.elapsed();
    let n = best.len();
    let passes = limit.map_or(passes, |l| l.1).max(1);
    let mut done = 1;
    while done < passes {
        if limit.is_none() && start.elapsed() + first_pass > budget {
            break;
        }
        for (i, it) in items[..n].iter().enumerate() {
            let t = clock::ticks();
            black_box(f(black_box(it)));
            best[i] = best[i].min((clock::ticks() - t) as f64 * o_ns_per_tick);
        }
        done += 1;
    }
    stats(best, done, overhead)
}

/// One row of the query table.
#[derive(Debug, Clone)]
struct Row {
    what: &'static str,
    factgraph: Stats,
    floor: Stats,
}

/// The query classes, in table order.
const CLASSES: [&str; 11] = [
    "find by name",
    "find by alias",
    "one-hop typed",
    "one-hop, hubs",
    "two-hop pattern",
    "shortest connection",
    "30-day window count",
    "30-day window list",
    "30-day window count, 1 relation",
    "30-day window list, 1 relation",
    "ego network k=2",
];

/// Times factgraph on the inputs of class `i` of [`CLASSES`].
fn fg_class(i: usize, g: &KnowledgeGraph, w: &Workload, o: &Options) -> Stats {
    let mut set = Vec::new();
    match i {
        0 => time_each(&w.names, o.passes, o.clock, o.budget, None, |(n, _)| {
            g.find(n).map_or(0, |e| e.id().index())
        }),
        1 => time_each(&w.aliases, o.passes, o.clock, o.budget, None, |(n, _)| {
            g.find(n).map_or(0, |e| e.id().index())
        }),
        2 => time_each(&w.one_hop, o.passes, o.clock, o.budget, None, |x| {
            floor::fg_one_hop(g, w, x)
        }),
        3 => time_each(&w.hubs, o.passes, o.clock, o.budget, None, |x| {
            floor::fg_one_hop(g, w, x)
        }),
        4 => time_each(&w.two_hop, o.passes, o.clock, o.budget, None, |p| {
            floor::fg_two_hop(g, w.id(*p), &mut set)
        }),
        5 => time_each(&w.pairs, o.passes, o.clock, o.budget, None, |(a, z)| {
            floor::fg_connection(g, w.id(*a), w.id(*z)).unwrap_or(usize::MAX)
        }),
        6 => time_each(&w.windows, o.passes, o.clock, o.budget, None, |x| {
            floor::fg_window_count(g, x)
        }),
        7 => time_each(&w.windows, o.passes, o.clock, o.budget, None, |x| {
            floor::fg_window_list(g, x)
        }),
        8 => time_each(
            &w.relation_windows,
            o.passes,
            o.clock,
            o.budget,
            None,
            |x| floor::fg_relation_window_count(g, x),
        ),
        9 => time_each(
            &w.relation_windows,
            o.passes,
            o.clock,
            o.budget,
            None,
            |x| floor::fg_relation_window_list(g, x),
        ),
        _ => time_each(&w.egos, o.passes, o.clock, o.budget, None, |c| {
            floor::fg_ego(g, w.id(*c), 2)
        }),
    }
}

/// Times the floor on the inputs of class `i` of [`CLASSES`]: the inputs and passes
/// factgraph ran (`fg`).
fn floor_class(
    i: usize,
    fl: &Floor,
    names: &Names,
    w: &Workload,
    o: &Options,
    fg: &Stats,
    scratch: &mut Scratch,
) -> Stats {
    let limit = Some((fg.n, fg.passes));
    let (passes, clock, budget) = (o.passes, o.clock, Duration::MAX);
    let (mut set, mut path, mut list) = (Vec::new(), Vec::new(), Vec::new());
    let (mut ego_e, mut ego_f) = (Vec::new(), Vec::new());
    match i {
        0 => time_each(&w.names, passes, clock, budget, limit, |(n, _)| {
            names.find(n).map_or(0, |e| e as usize)
        }),
        1 => time_each(&w.aliases, passes, clock, budget, limit, |(n, _)| {
            names.find(n).map_or(0, |e| e as usize)
        }),
        2 => time_each(&w.one_hop, passes, clock, budget, limit, |x| {
            floor::floor_one_hop(fl, x)
        }),
        3 => time_each(&w.hubs, passes, clock, budget, limit, |x| {
            floor::floor_one_hop(fl, x)
        }),
        4 => time_each(&w.two_hop, passes, clock, budget, limit, |p| {
            fl.two_hop(*p, &mut set);
            set.len()
        }),
        5 => time_each(&w.pairs, passes, clock, budget, limit, |(a, z)| {
            fl.connection(scratch, *a, *z, &mut path)
                .unwrap_or(usize::MAX)
        }),
        6 => time_each(&w.windows, passes, clock, budget, limit, |x| {
            fl.window_count(x.first, x.last)
        }),
        7 => time_each(&w.windows, passes, clock, budget, limit, |x| {
            fl.window_list(x.first, x.last, &mut list);
            list.len()
        }),
        8 => time_each(
            &w.relation_windows,
            passes,
            clock,
            budget,
            limit,
            |(x, r)| fl.relation_window_count(*r, x.first, x.last),
        ),
        9 => time_each(
            &w.relation_windows,
            passes,
            clock,
            budget,
            limit,
            |(x, r)| {
                fl.relation_window_list(*r, x.first, x.last, &mut list);
                list.len()
            },
        ),
        _ => time_each(&w.egos, passes, clock, budget, limit, |c| {
            fl.ego(scratch, *c, 2, &mut ego_e, &mut ego_f);
            ego_e.len() + ego_f.len()
        }),
    }
}

fn measured(what: &str, s: &Stats) {
    eprintln!("  measured {what} ({} queries, {} passes)", s.n, s.passes);
}

/// A fine clock for timing single queries: the time-stamp counter on x86-64 (`Instant` may
/// tick in steps of 10 ns or more in virtual machines), `Instant` elsewhere.
mod clock {
    use std::time::{Duration, Instant};

    /// The current time in ticks.
    #[cfg(target_arch = "x86_64")]
    pub fn ticks() -> u64 {
        use std::arch::x86_64::{_mm_lfence, _rdtsc};
        // SAFETY: `lfence` and `rdtsc` are part of x86-64 and have no preconditions; the
        // fences keep the measured work from moving across the reads.
        unsafe {
            _mm_lfence();
            let t = _rdtsc();
            _mm_lfence();
            t
        }
    }

    /// The current time in ticks (nanoseconds since the first call).
    #[cfg(not(target_arch = "x86_64"))]
    pub fn ticks() -> u64 {
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_nanos() as u64
    }

    /// Nanoseconds per tick, calibrated against `Instant` over 50 ms (the counter of a
    /// current x86-64 processor runs at a constant rate).
    pub fn ns_per_tick() -> f64 {
        let (t, i) = (ticks(), Instant::now());
        while i.elapsed() < Duration::from_millis(50) {
            std::hint::spin_loop();
        }
        let (dt, di) = (ticks() - t, i.elapsed());
        di.as_nanos() as f64 / dt.max(1) as f64
    }
}

/// The median cost of reading the clock around nothing, in nanoseconds.
fn timer_overhead(ns_per_tick: f64) -> f64 {
    let mut ticks: Vec<u64> = (0..10_000)
        .map(|_| {
            let t = clock::ticks();
            black_box(());
            clock::ticks() - t
        })
        .collect();
    ticks.sort_unstable();
    ticks[ticks.len() / 2] as f64 * ns_per_tick
}

// ---------------------------------------------------------------------------------------
// Formatting

fn time(ns: f64) -> String {
    let (v, unit) = if ns < 1e3 {
        (ns, "ns")
    } else if ns < 1e6 {
        (ns / 1e3, "µs")
    } else if ns < 1e9 {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    let digits = if v < 10.0 {
        2
    } else if v < 100.0 {
        1
    } else {
        0
    };
    format!("{v:.digits$} {unit}")
}

fn secs(d: Duration) -> String {
    time(d.as_nanos() as f64)
}

fn bytes(b: usize) -> String {
    let b = b as f64;
    if b < 1024.0 * 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    } else {
        format!("{:.2} GiB", b / (1024.0 * 1024.0 * 1024.0))
    }
}

fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.1}×", a / b)
    } else {
        "–".into()
    }
}

// ---------------------------------------------------------------------------------------
// One size

/// What one size measured.
#[derive(Debug, Clone, Default)]
struct Report {
    entities: usize,
    facts: usize,
    generate: Duration,
    build: Duration,
    graph_bytes: usize,
    /// The built graph's own estimate of its heap, by part.
    parts: factgraph::MemoryUsage,
    build_peak: usize,
    json_len: usize,
    from_json: Option<Duration>,
    /// serde_json's own parse of the same text into plain structs: the JSON floor.
    json_floor: Option<Duration>,
    json_graph_bytes: usize,
    json_peak: usize,
    snapshot_len: usize,
    from_snapshot: Option<Duration>,
    /// The snapshot file opened in a fresh process, and the floor's CSV file loaded in
    /// another (`--no-snapshot` skips it).
    opened: Option<(Opened, Opened)>,
    csv_len: usize,
    floor_load: Duration,
    floor_build: Duration,
    floor_bytes: usize,
    names_bytes: usize,
    vm_hwm: Option<usize>,
    load: String,
    rows: Vec<Row>,
    /// What only a lean run measures; `None` in a normal run.
    lean: Option<Lean>,
}

/// What a lean run measures besides the normal report.
#[derive(Debug, Clone, Default)]
struct Lean {
    /// Staging the entities and facts in the transaction, with validation.
    staging: Duration,
    /// Committing the staged batch (every index); stage + commit is the build.
    commit: Duration,
    /// Writing the snapshot file.
    snapshot_save: Option<Duration>,
    /// Peak heap while writing the snapshot, over the graph's.
    save_peak: usize,
    /// Live heap of the graph loaded from the snapshot file, and the peak while loading.
    loaded: (usize, usize),
    /// Peak heap once the graph is dropped: CSV, columns and floors, query inputs.
    floor_peak: usize,
    /// (stage, live heap, VmHWM) after each stage.
    stages: Vec<(&'static str, usize, Option<usize>)>,
}

impl Lean {
    fn stage(&mut self, what: &'static str) {
        let (heap, hwm) = (live(), vm_hwm());
        eprintln!(
            "  {what}: live heap {}, VmHWM {}",
            bytes(heap),
            hwm.map_or("?".into(), bytes)
        );
        self.stages.push((what, heap, hwm));
    }
}

/// The names and aliases of a graph's entities in one string, for the floor's name index
/// after the graph is gone.
struct NameList {
    text: String,
    /// End of each name in `text`, and its entity.
    ends: Vec<(usize, u32)>,
}

impl NameList {
    fn of(g: &KnowledgeGraph) -> NameList {
        let mut list = NameList {
            text: String::new(),
            ends: Vec::new(),
        };
        for e in g.entities() {
            for name in e.names() {
                list.text.push_str(name);
                list.ends.push((list.text.len(), e.id().index() as u32));
            }
        }
        list
    }

    fn names(&self) -> Names {
        let mut start = 0;
        Names::from_names(self.ends.iter().map(|&(end, e)| {
            let name = &self.text[start..end];
            start = end;
            (name, e)
        }))
    }
}

/// A temporary file, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(what: &str) -> TempFile {
        let name = format!("factgraph-scale-{}-{what}", std::process::id());
        TempFile(std::env::temp_dir().join(name))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Items generated, then staged, at a time in a lean build: small next to the graph.
const CHUNK: usize = 1 << 16;

fn build_from_facts(
    title: Option<&str>,
    entities: Vec<Entity>,
    facts: Vec<Fact>,
) -> Result<KnowledgeGraph, GraphError> {
    let mut g = match title {
        Some(t) => KnowledgeGraph::with_title(t),
        None => KnowledgeGraph::new(),
    };
    g.add_all(entities, facts)?;
    Ok(g)
}

/// How many inputs of each class `--check` compares.
fn check_counts(o: &Options, size: usize) -> Counts {
    if o.tiny {
        Counts {
            lookups: 100,
            one_hop: 200,
            hubs: 16,
            two_hop: 100,
            pairs: 50,
            windows: 50,
            egos: 5,
        }
    } else {
        Counts {
            lookups: 500,
            one_hop: 1_000,
            hubs: 16,
            two_hop: 500,
            pairs: 200,
            windows: 200,
            // factgraph's ego network costs seconds at a million entities.
            egos: (5_000_000 / size).clamp(5, 50),
        }
    }
}

/// How many inputs of each class are timed.
fn query_counts(o: &Options) -> Counts {
    let q = o.queries;
    Counts {
        lookups: q,
        one_hop: q,
        hubs: 16,
        two_hop: q,
        pairs: (q / 10).max(10),
        windows: q,
        egos: (q / 20).max(5),
    }
}

fn run(size: usize, o: &Options) -> Result<Report, Box<dyn std::error::Error>> {
    let hwm_reset = reset_vm_hwm();
    let load_start = load_average();
    let config = SyntheticConfig::new(size, o.seed).with_facts_per_entity(o.facts_per_entity);
    eprintln!("size {size}: generating…");
    let t = Instant::now();
    let g = generate(&config)?;
    let mut r = Report {
        entities: g.entity_count(),
        facts: g.fact_count(),
        generate: t.elapsed(),
        ..Report::default()
    };

    // factgraph from facts, validated.
    eprintln!("  building from facts…");
    let before = reset_peak();
    let entities: Vec<Entity> = g.entities().map(|e| e.entity().clone()).collect();
    let facts: Vec<Fact> = g.facts().map(|f| f.to_fact()).collect();
    let t = Instant::now();
    let built = build_from_facts(g.title(), entities, facts)?;
    r.build = t.elapsed();
    r.graph_bytes = live().saturating_sub(before);
    r.build_peak = peak().saturating_sub(before);
    r.parts = built.memory_usage();
    if built.entity_count() != g.entity_count() || built.fact_count() != g.fact_count() {
        return Err("the rebuilt graph differs".into());
    }
    drop(built);

    // factgraph from JSON.
    if o.json {
        eprintln!("  JSON round trip…");
        let json = g.to_json();
        r.json_len = json.len();
        let before = reset_peak();
        let t = Instant::now();
        let loaded = KnowledgeGraph::from_json(&json)?;
        r.from_json = Some(t.elapsed());
        r.json_graph_bytes = live().saturating_sub(before);
        r.json_peak = peak().saturating_sub(before);
        if loaded.fact_count() != g.fact_count() {
            return Err("the JSON graph differs".into());
        }
        drop(loaded);
        let t = Instant::now();
        let plain: json_floor::Doc<'_> = serde_json::from_str(&json)?;
        r.json_floor = Some(t.elapsed());
        if plain.facts.len() != g.fact_count() || plain.entities.len() != g.entity_count() {
            return Err("the plain parse differs".into());
        }
        black_box(&plain);
    }

    // factgraph from a binary snapshot.
    eprintln!("  snapshot round trip…");
    let snapshot = g.to_snapshot();
    r.snapshot_len = snapshot.len();
    let t = Instant::now();
    let loaded = KnowledgeGraph::from_snapshot(&snapshot)?;
    r.from_snapshot = Some(t.elapsed());
    if loaded.fact_count() != g.fact_count() || loaded.entity_count() != g.entity_count() {
        return Err("the snapshot graph differs".into());
    }
    drop(loaded);
    let snapshot_file = TempFile::new(&format!("{size}.snapshot"));
    std::fs::write(&snapshot_file.0, &snapshot)?;
    drop(snapshot);

    // The floor: from CSV, and from the arrays alone.
    eprintln!("  floor…");
    let columns = Columns::from_graph(&g);
    let mut csv = Vec::new();
    floor::write_csv(&columns, &mut csv);
    r.csv_len = csv.len();
    let before = reset_peak();
    let t = Instant::now();
    let fl = floor::load_csv(&csv, columns.kinds.clone())?;
    r.floor_load = t.elapsed();
    r.floor_bytes = live().saturating_sub(before);
    drop(csv);
    let t = Instant::now();
    let again = Floor::build(&columns);
    r.floor_build = t.elapsed();
    drop(again);
    let before = live();
    let names = Names::build(&g);
    r.names_bytes = live().saturating_sub(before);

    if o.check {
        eprintln!("  checking answers…");
        let w = Workload::new(&g, &columns, check_counts(o, size), o.seed ^ 0xC4EC)?;
        let report = floor::check(&g, &fl, &names, &columns, &w)?;
        println!("check at {size} entities: {report}");
    }

    if o.snapshot {
        r.opened = Some(open_line(&snapshot_file.0, &columns)?);
    }
    drop(snapshot_file);

    // Queries.
    eprintln!("  queries…");
    let w = Workload::new(&g, &columns, query_counts(o), o.seed ^ size as u64)?;
    drop(columns);
    let mut scratch = Scratch::new(fl.entity_count());
    r.rows = CLASSES
        .iter()
        .enumerate()
        .map(|(i, what)| {
            let factgraph = fg_class(i, &g, &w, o);
            let floor = floor_class(i, &fl, &names, &w, o, &factgraph, &mut scratch);
            measured(what, &factgraph);
            Row {
                what,
                factgraph,
                floor,
            }
        })
        .collect();
    r.vm_hwm = vm_hwm();
    r.load = format!("{} at the start, {} at the end", load_start, load_average());
    if !hwm_reset {
        eprintln!("  (VmHWM could not be reset: it covers the whole process)");
    }
    Ok(r)
}

/// A lean run of one size: one graph at a time, no JSON; see the module documentation.
fn run_lean(size: usize, o: &Options) -> Result<Report, Box<dyn std::error::Error>> {
    let hwm_reset = reset_vm_hwm();
    let load_start = load_average();
    let config = SyntheticConfig::new(size, o.seed).with_facts_per_entity(o.facts_per_entity);
    let mut lean = Lean::default();
    eprintln!("size {size} (lean): generating into the build…");
    let t = Instant::now();
    let generator = Generator::new(&config)?;
    let setup = t.elapsed();
    // Time spent making items inside the transaction.
    let mut generating = Duration::ZERO;
    let mut g = KnowledgeGraph::with_title(generator.title());
    let before = reset_peak();
    let all = Instant::now();
    g.transaction(|batch| -> Result<(), Box<dyn std::error::Error>> {
        // The counts are known: the staged columns grow once.
        batch.reserve(generator.entity_count(), generator.fact_count());
        // Made a chunk at a time so that generating is timed apart from staging.
        let mut entities = generator.entities();
        let mut chunk = Vec::with_capacity(CHUNK);
        loop {
            let t = Instant::now();
            chunk.extend(entities.by_ref().take(CHUNK));
            generating += t.elapsed();
            if chunk.is_empty() {
                break;
            }
            let t = Instant::now();
            for e in chunk.drain(..) {
                batch.add_entity(e)?;
            }
            lean.staging += t.elapsed();
        }
        let mut facts = generator.facts();
        let mut chunk = Vec::with_capacity(CHUNK);
        loop {
            let t = Instant::now();
            for f in facts.by_ref().take(CHUNK) {
                chunk.push(f?);
            }
            generating += t.elapsed();
            if chunk.is_empty() {
                break;
            }
            let t = Instant::now();
            batch.add_facts(chunk.drain(..))?;
            lean.staging += t.elapsed();
        }
        Ok(())
    })?;
    // What the transaction took besides making and staging the items: the commit.
    lean.commit = all.elapsed().saturating_sub(generating + lean.staging);
    let mut r = Report {
        entities: g.entity_count(),
        facts: g.fact_count(),
        generate: setup + generating,
        build: lean.staging + lean.commit,
        graph_bytes: live().saturating_sub(before),
        build_peak: peak().saturating_sub(before),
        ..Report::default()
    };
    r.parts = g.memory_usage();
    drop(generator);
    lean.stage("graph built");

    let mut snapshot_file = None;
    if o.snapshot {
        eprintln!("  snapshot file round trip…");
        let file = TempFile::new(&format!("{size}.snapshot"));
        let before = reset_peak();
        let t = Instant::now();
        g.save_snapshot(&file.0)?;
        lean.snapshot_save = Some(t.elapsed());
        lean.save_peak = peak().saturating_sub(before);
        r.snapshot_len = std::fs::metadata(&file.0)?.len() as usize;
        lean.stage("snapshot file written");
        drop(g);
        lean.stage("graph dropped");
        let before = reset_peak();
        let t = Instant::now();
        // Loaded into the process's own memory, as the floor's arrays are, for the query
        // table: a mapped graph's pages are the page cache's, which the kernel may take
        // back under the memory pressure of this run (the floor's inputs beside the
        // graph). The mapped open is the open line's, in a fresh process.
        g = KnowledgeGraph::load_snapshot(&file.0)?;
        r.from_snapshot = Some(t.elapsed());
        lean.loaded = (live().saturating_sub(before), peak().saturating_sub(before));
        snapshot_file = Some(file);
        if g.fact_count() != r.facts || g.entity_count() != r.entities {
            return Err("the snapshot graph differs".into());
        }
        lean.stage("graph loaded from the snapshot file");
    }

    // Everything the floor needs from the graph, as plain arrays and one string.
    let columns = Columns::from_graph(&g);
    let name_list = NameList::of(&g);
    let checked = if o.check {
        eprintln!("  factgraph's answers for the check…");
        let w = Workload::new(&g, &columns, check_counts(o, size), o.seed ^ 0xC4EC)?;
        let answers = floor::fg_answers(&g, &w)?;
        Some((w, answers))
    } else {
        None
    };
    eprintln!("  queries (factgraph)…");
    let w = Workload::new(&g, &columns, query_counts(o), o.seed ^ size as u64)?;
    lean.stage("query inputs drawn, floor inputs read");
    let fg: Vec<Stats> = CLASSES
        .iter()
        .enumerate()
        .map(|(i, what)| {
            let s = fg_class(i, &g, &w, o);
            measured(what, &s);
            s
        })
        .collect();
    drop(g);
    lean.stage("factgraph queries done, graph dropped");
    // Opened in fresh processes while this one holds no graph.
    if let Some(file) = snapshot_file.take() {
        r.opened = Some(open_line(&file.0, &columns)?);
    }
    // From here on the heap holds the floor's side only (and the query inputs).
    reset_peak();

    eprintln!("  floor…");
    // From the arrays first, so that the CSV text is not held beside this floor too.
    let t = Instant::now();
    let again = Floor::build(&columns);
    r.floor_build = t.elapsed();
    drop(again);
    let mut csv = Vec::new();
    floor::write_csv(&columns, &mut csv);
    r.csv_len = csv.len();
    let kinds = columns.kinds.clone();
    // The check verifies the floor's paths against the columns.
    let columns = checked.is_some().then_some(columns);
    let before = live();
    let t = Instant::now();
    let fl = floor::load_csv(&csv, kinds)?;
    r.floor_load = t.elapsed();
    r.floor_bytes = live().saturating_sub(before);
    drop(csv);
    let before = live();
    let names = name_list.names();
    r.names_bytes = live().saturating_sub(before);
    drop(name_list);
    lean.floor_peak = peak();
    lean.stage("floor loaded from CSV");
    if let (Some((cw, answers)), Some(columns)) = (checked, columns) {
        let floor_answers = floor::floor_answers(&fl, &names, &columns, &cw)?;
        let report = floor::compare(&answers, &floor_answers)?;
        println!("check at {size} entities (lean): {report}");
    }
    eprintln!("  queries (floor)…");
    let mut scratch = Scratch::new(fl.entity_count());
    r.rows = CLASSES
        .iter()
        .zip(fg)
        .enumerate()
        .map(|(i, (what, factgraph))| Row {
            what,
            floor: floor_class(i, &fl, &names, &w, o, &factgraph, &mut scratch),
            factgraph,
        })
        .collect();
    lean.stage("floor queries done");
    r.vm_hwm = vm_hwm();
    r.load = format!("{} at the start, {} at the end", load_start, load_average());
    if !hwm_reset {
        eprintln!("  (VmHWM could not be reset: it covers the whole process)");
    }
    r.lean = Some(lean);
    Ok(r)
}

fn print_report(r: &Report, o: &Options) {
    let fpf = r.facts.max(1) as f64;
    println!();
    println!(
        "factgraph scale report: {} entities, {} facts (synthetic MADE-UP data, seed {}, {} facts per entity)",
        r.entities, r.facts, o.seed, o.facts_per_entity
    );
    println!(
        "generated in {}; load average {} (2 cores)",
        secs(r.generate),
        r.load
    );
    if r.lean.is_some() {
        println!(
            "lean run: one graph at a time, generated straight into the build, no JSON; \
             the floor is built after the graph is dropped"
        );
    }
    println!();
    let floor_load = r.floor_load.as_secs_f64();
    println!(
        "{:<44} {:>11} {:>12} {:>8}",
        "build", "factgraph", "floor (CSV)", "ratio"
    );
    // One row per way of making the graph, each against the floor's CSV load.
    let row = |what: String, t: Duration| {
        println!(
            "{:<44} {:>11} {:>12} {:>8}",
            what,
            secs(t),
            secs(r.floor_load),
            ratio(t.as_secs_f64(), floor_load)
        );
    };
    row("from facts, validated, all indexes".into(), r.build);
    if let Some(l) = &r.lean {
        println!(
            "{:<44} {:>11}",
            "  of which staging with validation",
            secs(l.staging)
        );
        println!(
            "{:<44} {:>11}",
            "  of which commit (every index)",
            secs(l.commit)
        );
        println!(
            "{:<44} {:>11}",
            "  (generating the made-up data, not counted)",
            secs(r.generate)
        );
    }
    if let Some(t) = r.from_json {
        row(format!("from JSON ({})", bytes(r.json_len)), t);
        if let Some(f) = r.json_floor {
            println!(
                "{:<44} {:>11} {:>12} {:>8}",
                "  the JSON floor: serde_json into plain structs",
                secs(f),
                "",
                ratio(t.as_secs_f64(), f.as_secs_f64())
            );
        }
    } else if r.lean.is_some() {
        println!("{:<44} {:>11}", "from JSON", "skipped (lean)");
    }
    match (r.from_snapshot, &r.lean) {
        (Some(t), Some(_)) => row(format!("from snapshot file ({})", bytes(r.snapshot_len)), t),
        (Some(t), None) => row(format!("from snapshot ({})", bytes(r.snapshot_len)), t),
        (None, Some(_)) => println!("{:<44} {:>11}", "from snapshot", "skipped (--no-snapshot)"),
        (None, None) => {}
    }
    if let Some(t) = r.lean.as_ref().and_then(|l| l.snapshot_save) {
        println!("{:<44} {:>11}", "  (writing the snapshot file)", secs(t));
    }
    println!(
        "{:<44} {:>11} {:>12}",
        format!("  (floor: CSV of {}; from arrays alone)", bytes(r.csv_len)),
        "",
        secs(r.floor_build)
    );
    if let Some((fg, fl)) = &r.opened {
        // Each in a fresh process: factgraph's open_snapshot of the file, the floor's
        // read and load of its CSV file; then one typed one-hop query.
        println!(
            "{:<44} {:>11} {:>12} {:>8}",
            "open file in a new process, first answer",
            secs(fg.first_answer),
            secs(fl.first_answer),
            ratio(fg.first_answer.as_secs_f64(), fl.first_answer.as_secs_f64())
        );
        println!(
            "{:<44} {:>11} {:>12} {:>8}",
            format!("  median of the next {CHILD_QUERIES} typed one-hops"),
            time(fg.median.as_nanos() as f64),
            time(fl.median.as_nanos() as f64),
            ratio(fg.median.as_secs_f64(), fl.median.as_secs_f64())
        );
        println!(
            "{:<44} {:>11} {:>12} {:>8}",
            format!("  resident after {CHILD_QUERIES} more queries"),
            bytes(fg.rss),
            bytes(fl.rss),
            ratio(fg.rss as f64, fl.rss as f64)
        );
        // What the floor has resident is its own; factgraph's mapped columns are the
        // file's pages in the page cache, which other processes share.
        let private = |o: &Opened| o.rss.saturating_sub(o.rss_file);
        println!(
            "{:<44} {:>11} {:>12} {:>8}",
            "    of which private (not file pages)",
            bytes(private(fg)),
            bytes(private(fl)),
            ratio(private(fg) as f64, private(fl) as f64)
        );
    }
    println!();
    println!(
        "{:<44} {:>11} {:>12} {:>8}",
        "memory", "factgraph", "floor", "ratio"
    );
    println!(
        "{:<44} {:>11} {:>12} {:>8}",
        "live heap of the built graph",
        bytes(r.graph_bytes),
        bytes(r.floor_bytes),
        ratio(r.graph_bytes as f64, r.floor_bytes as f64)
    );
    println!(
        "{:<44} {:>11.1} {:>12.1} {:>8}",
        "  bytes per fact, all in",
        r.graph_bytes as f64 / fpf,
        r.floor_bytes as f64 / fpf,
        ""
    );
    // The graph's own estimate, by part (`KnowledgeGraph::memory_usage`: capacities, not
    // allocator overhead), per fact.
    let m = &r.parts;
    for (name, b) in [
        ("entities (values, strings, kinds)", m.entities),
        ("lookups (keys, names, kinds)", m.lookups),
        ("facts (columns, attributions, qualifiers)", m.facts),
        ("adjacency", m.adjacency),
        ("dates (date index, undated)", m.dates),
        ("lists (relation, source, report)", m.lists),
        ("reports", m.reports),
    ] {
        println!(
            "{:<44} {:>11.1} {:>12}",
            format!("  of which {name}"),
            b as f64 / fpf,
            ""
        );
    }
    if let Some(l) = &r.lean {
        // The parts above are the built graph's; the batch is reserved from the
        // generator's counts up front, so its heap cannot be split by stage.
        println!(
            "{:<44} {:>11} {:>12}",
            "peak heap during build (batch, no inputs)",
            bytes(r.build_peak),
            ""
        );
        if l.snapshot_save.is_some() {
            println!(
                "{:<44} {:>11} {:>12}",
                "peak heap writing the snapshot (over graph)",
                bytes(l.save_peak),
                ""
            );
            println!(
                "{:<44} {:>11} {:>12}",
                "live heap / peak heap, graph from snapshot",
                bytes(l.loaded.0),
                bytes(l.loaded.1),
            );
        }
    } else {
        println!(
            "{:<44} {:>11} {:>12}",
            "peak heap during build from facts (+inputs)",
            bytes(r.build_peak),
            ""
        );
    }
    if r.from_json.is_some() {
        println!(
            "{:<44} {:>11} {:>12}",
            "live heap / peak heap, graph from JSON",
            bytes(r.json_graph_bytes),
            bytes(r.json_peak),
        );
    }
    println!(
        "{:<44} {:>11} {:>12}",
        "floor name index (not in the floor above)",
        "",
        bytes(r.names_bytes)
    );
    if let Some(h) = r.vm_hwm {
        println!(
            "{:<44} {:>11}",
            "process peak resident (VmHWM, everything)",
            bytes(h)
        );
    }
    if let Some(l) = &r.lean {
        println!(
            "{:<44} {:>11} {:>12}",
            "peak heap without the graph (floor side)",
            "",
            bytes(l.floor_peak)
        );
        println!();
        println!(
            "{:<44} {:>11} {:>12}",
            "lean run, after each stage", "live heap", "VmHWM"
        );
        for (what, heap, hwm) in &l.stages {
            println!(
                "{:<44} {:>11} {:>12}",
                what,
                bytes(*heap),
                hwm.map_or("?".into(), bytes)
            );
        }
    }
    println!();
    println!(
        "{:<22} {:>8} | {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} | {:>7} {:>7} {:>7}",
        "query",
        "n×pass",
        "fg median",
        "fg p95",
        "fg mean",
        "fl median",
        "fl p95",
        "fl mean",
        "median",
        "p95",
        "mean"
    );
    for row in &r.rows {
        let (a, b) = (&row.factgraph, &row.floor);
        println!(
            "{:<22} {:>8} | {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} | {:>7} {:>7} {:>7}",
            row.what,
            format!("{}×{}", a.n, a.passes),
            time(a.median),
            time(a.p95),
            time(a.mean),
            time(b.median),
            time(b.p95),
            time(b.mean),
            ratio(a.median, b.median),
            ratio(a.p95, b.p95),
            ratio(a.mean, b.mean),
        );
    }
    println!(
        "(fg = factgraph, fl = floor; ratios are factgraph / floor; each query timed alone, \
         fastest of its passes, less the timer's overhead of {}; clock {:.3} ns per tick, \
         resolution about 10 ns)",
        time(o.clock.0),
        o.clock.1
    );

    println!();
    println!("issue 4 targets at this size:");
    let within = |what: &str| {
        r.rows
            .iter()
            .find(|x| x.what == what)
            .map(|x| x.factgraph.median / x.floor.median.max(1.0))
    };
    for what in [
        "one-hop typed",
        "two-hop pattern",
        "shortest connection",
        "30-day window count",
    ] {
        if let Some(x) = within(what) {
            println!(
                "  {what:<28} median {x:>9.1}× the floor   {}",
                if x <= 2.0 { "met" } else { "NOT met (≤ 2×)" }
            );
        }
    }
    let b = r.build.as_secs_f64() / floor_load.max(1e-9);
    println!(
        "  {:<28} {b:>16.1}× the floor   {}",
        "build with validation",
        if b <= 2.0 { "met" } else { "NOT met (≤ 2×)" }
    );
    let bpf = r.graph_bytes as f64 / fpf;
    println!(
        "  {:<28} {bpf:>11.1} B per fact   {}",
        "memory",
        if bpf <= 64.0 {
            "met"
        } else {
            "NOT met (≤ 64)"
        }
    );
}

fn print_doubling(reports: &[Report]) {
    println!();
    println!("doubling: each size against the previous one");
    println!(
        "{:>10} {:>10} | {:>10} {:>6} | {:>10} {:>6} | {:>10} {:>6} {:>7} | {:>10} {:>7} | {:>10}",
        "entities",
        "facts",
        "build fg",
        "×prev",
        "from JSON",
        "×prev",
        "graph heap",
        "×prev",
        "B/fact",
        "floor CSV",
        "×prev",
        "VmHWM"
    );
    let mut prev: Option<&Report> = None;
    for r in reports {
        let x = |now: f64, before: Option<f64>| match before {
            Some(b) if b > 0.0 => format!("{:.2}", now / b),
            _ => "".into(),
        };
        let json = r.from_json.map(|d| d.as_secs_f64());
        println!(
            "{:>10} {:>10} | {:>10} {:>6} | {:>10} {:>6} | {:>10} {:>6} {:>7.1} | {:>10} {:>7} | {:>10}",
            r.entities,
            r.facts,
            secs(r.build),
            x(r.build.as_secs_f64(), prev.map(|p| p.build.as_secs_f64())),
            r.from_json.map_or("–".into(), secs),
            x(
                json.unwrap_or(0.0),
                prev.and_then(|p| p.from_json.map(|d| d.as_secs_f64()))
            ),
            bytes(r.graph_bytes),
            x(r.graph_bytes as f64, prev.map(|p| p.graph_bytes as f64)),
            r.graph_bytes as f64 / r.facts.max(1) as f64,
            secs(r.floor_load),
            x(
                r.floor_load.as_secs_f64(),
                prev.map(|p| p.floor_load.as_secs_f64())
            ),
            r.vm_hwm.map_or("–".into(), bytes),
        );
        prev = Some(r);
    }
    println!();
    println!("query medians by size (factgraph / floor)");
    if let Some(first) = reports.first() {
        print!("{:<28}", "query");
        for r in reports {
            print!(" {:>24}", format!("{} entities", r.entities));
        }
        println!();
        for (i, row) in first.rows.iter().enumerate() {
            print!("{:<28}", row.what);
            for r in reports {
                let x = &r.rows[i];
                print!(
                    " {:>24}",
                    format!("{} / {}", time(x.factgraph.median), time(x.floor.median))
                );
            }
            println!();
        }
    }
}

// ---------------------------------------------------------------------------------------
// Open from a file in a fresh process (issue 21): time to first answer, resident memory

/// A field of this process's `/proc/self/status` in bytes: `VmRSS` (the resident set) or
/// `RssFile` (its pages backed by files, which a mapped snapshot's are, shared with every
/// process that maps the same file).
fn proc_status(field: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Queries a child runs after its first answer, and which: a typed one-hop at entity
/// `(i * 7919) % n` with relation `i % 16`, both directions.
const CHILD_QUERIES: usize = 1000;

/// What a child measured: time to open, time to the first answer, resident memory after
/// the first answer and the [`CHILD_QUERIES`] that follow, and its answer count (the two
/// sides must agree).
#[derive(Debug, Clone, Copy, Default)]
struct Opened {
    open: Duration,
    first_answer: Duration,
    rss: usize,
    /// Of `rss`, the pages backed by files (the mapped snapshot): shared, not private.
    rss_file: usize,
    hops: usize,
    /// The median of the [`CHILD_QUERIES`] after the first (each timed alone).
    median: Duration,
}

impl Opened {
    /// What a child measured, with its resident memory now and the median of `times`.
    fn measured(
        open: Duration,
        first_answer: Duration,
        hops: usize,
        times: &mut [Duration],
    ) -> Opened {
        times.sort_unstable();
        Opened {
            open,
            first_answer,
            median: times.get(times.len() / 2).copied().unwrap_or_default(),
            rss: proc_status("VmRSS").unwrap_or(0),
            rss_file: proc_status("RssFile").unwrap_or(0),
            hops,
        }
    }

    fn print(&self) {
        println!(
            "opened {} {} {} {} {} {}",
            self.open.as_nanos(),
            self.first_answer.as_nanos(),
            self.rss,
            self.rss_file,
            self.hops,
            self.median.as_nanos()
        );
    }

    fn parse(out: &str) -> Option<Opened> {
        let line = out.lines().find_map(|l| l.strip_prefix("opened "))?;
        let mut v = line.split_whitespace().map(|x| x.parse::<u128>().ok());
        let mut next = || v.next().flatten();
        let (open, first, rss, rss_file, hops, median) =
            (next()?, next()?, next()?, next()?, next()?, next()?);
        Some(Opened {
            open: Duration::from_nanos(u64::try_from(open).ok()?),
            first_answer: Duration::from_nanos(u64::try_from(first).ok()?),
            rss: usize::try_from(rss).ok()?,
            rss_file: usize::try_from(rss_file).ok()?,
            median: Duration::from_nanos(u64::try_from(median).ok()?),
            hops: usize::try_from(hops).ok()?,
        })
    }
}

/// The child's query `i` over `n` entities: (entity index, relation slot).
fn child_query(i: usize, n: usize) -> (u32, u8) {
    ((i.wrapping_mul(7919) % n.max(1)) as u32, (i % 16) as u8)
}

/// `--open-child FILE`: opens a snapshot with `open_snapshot`, answers one query, then
/// the rest, and prints what it measured.
fn open_child(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let g = KnowledgeGraph::open_snapshot(path)?;
    let open = t.elapsed();
    let relation =
        |r: u8| factgraph::Relation::ALL[usize::from(r) % factgraph::Relation::ALL.len()];
    let Some(first) = g.entities().next().map(|e| e.id()) else {
        return Err("an empty graph".into());
    };
    let mut hops = g
        .neighbours(first, factgraph::Filter::relation(relation(0)))
        .count();
    let first_answer = t.elapsed();
    black_box(hops);
    let ids: Vec<factgraph::EntityId> = g.entities().map(|e| e.id()).collect();
    let mut times = Vec::with_capacity(CHILD_QUERIES);
    for i in 1..=CHILD_QUERIES {
        let (e, r) = child_query(i, ids.len());
        let t = Instant::now();
        hops += g
            .neighbours(ids[e as usize], factgraph::Filter::relation(relation(r)))
            .count();
        times.push(t.elapsed());
    }
    black_box(&g);
    Opened::measured(open, first_answer, hops, &mut times).print();
    Ok(())
}

/// `--floor-child CSV KINDS`: the floor's side: reads its CSV file and builds its arrays,
/// answers the same queries.
fn floor_child(csv: &str, kinds: &str) -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let bytes = std::fs::read(csv)?;
    let kinds = std::fs::read(kinds)?;
    let fl = floor::load_csv(&bytes, kinds)?;
    drop(bytes);
    let open = t.elapsed();
    // Each hop is read, as factgraph's iterator reads each (a count of the slices alone
    // would touch only the offsets).
    let count = |e: u32, r: u8| {
        let (out, inc) = fl.one_hop(e, r, floor::Dir::Both);
        out.iter().chain(inc).fold(0, |n, h| {
            black_box(h);
            n + 1
        })
    };
    let mut hops = count(0, 0);
    let first_answer = t.elapsed();
    black_box(hops);
    let mut times = Vec::with_capacity(CHILD_QUERIES);
    for i in 1..=CHILD_QUERIES {
        let (e, r) = child_query(i, fl.entity_count());
        let t = Instant::now();
        hops += count(e, r);
        times.push(t.elapsed());
    }
    black_box(&fl);
    Opened::measured(open, first_answer, hops, &mut times).print();
    Ok(())
}

/// Runs this program again with `args` and reads what the child measured.
fn spawn_child(args: &[&std::ffi::OsStr]) -> Result<Opened, Box<dyn std::error::Error>> {
    let out = std::process::Command::new(std::env::current_exe()?)
        .args(args)
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    Opened::parse(&text).ok_or_else(|| {
        format!(
            "the child printed no measurement: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into()
    })
}

/// The open line: factgraph opening `snapshot` in a fresh process, then the floor loading
/// `csv` in another.
fn open_line(
    snapshot: &std::path::Path,
    columns: &Columns,
) -> Result<(Opened, Opened), Box<dyn std::error::Error>> {
    eprintln!("  opening the snapshot file in a fresh process…");
    let fg = spawn_child(&["--open-child".as_ref(), snapshot.as_os_str()])?;
    let csv = TempFile::new("floor.csv");
    let kinds = TempFile::new("floor.kinds");
    let mut text = Vec::new();
    floor::write_csv(columns, &mut text);
    std::fs::write(&csv.0, &text)?;
    drop(text);
    std::fs::write(&kinds.0, &columns.kinds)?;
    eprintln!("  loading the floor's CSV file in a fresh process…");
    let fl = spawn_child(&[
        "--floor-child".as_ref(),
        csv.0.as_os_str(),
        kinds.0.as_os_str(),
    ])?;
    if fg.hops != fl.hops {
        return Err(format!(
            "the children disagree: factgraph {} hops, floor {}",
            fg.hops, fl.hops
        )
        .into());
    }
    Ok((fg, fl))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--open-child") => return open_child(args.get(2).ok_or("a file")?),
        Some("--floor-child") => {
            return floor_child(
                args.get(2).ok_or("a CSV file")?,
                args.get(3).ok_or("a kinds file")?,
            );
        }
        _ => {}
    }
    let mut o = options()?;
    if cfg!(debug_assertions) {
        eprintln!("note: a debug build; only release figures mean anything");
    }
    let ns_per_tick = clock::ns_per_tick();
    o.clock = (timer_overhead(ns_per_tick), ns_per_tick);
    let mut reports = Vec::new();
    for &size in &o.sizes {
        let facts = SyntheticConfig::new(size, o.seed)
            .with_facts_per_entity(o.facts_per_entity)
            .fact_count();
        let r = if o.lean(facts) {
            run_lean(size, &o)?
        } else {
            run(size, &o)?
        };
        print_report(&r, &o);
        reports.push(r);
    }
    if o.tiny {
        // The examples test runs this: the lean mode too.
        for &size in &o.sizes {
            let r = run_lean(size, &o)?;
            print_report(&r, &o);
        }
    }
    if reports.len() > 1 {
        print_doubling(&reports);
    }
    Ok(())
}
