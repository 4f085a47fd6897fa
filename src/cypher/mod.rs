//! A schema-checked subset of Cypher: ask the graph in a query language instead of Rust.
//!
//! ```
//! use factgraph::cypher::Params;
//! use factgraph::datasets;
//!
//! let g = datasets::edm_2004_v1_i133();
//! let result = g.query(
//!     "MATCH (p:Person)-[m:met]-(q:Person {name: $who}) RETURN p.name, m.date ORDER BY m.date",
//!     &Params::new().with("who", "Sembinov"),
//! )?;
//! assert!(result.rows.iter().any(|r| r.values[0].as_str() == Some("Richard Armitage")));
//! // Every row carries the facts that matched, with their sources.
//! for row in &result.rows {
//!     assert!(result.facts(row).all(|f| f.sources().len() > 0));
//! }
//! println!("{}", result.with_sources());
//! # Ok::<(), factgraph::cypher::CypherError>(())
//! ```
//!
//! A query is parsed ([`Query::parse`]), checked against the schema and the parameters
//! before any data is read (unknown kinds, relations, properties and variables, patterns
//! no relation allows, type errors: each a [`CypherError`] with line, column and, where
//! one is close, a suggestion), then planned onto the indexes: it starts from the most
//! selective node (a key, a name, a kind) and follows typed adjacency with
//! [`Filter`](crate::Filter)s that carry the relation types, direction, kinds, date
//! window, modality and evidence conditions, and the `AS OF` / `KNOWN BY` views. A
//! [`Budget`] bounds rows, expansions, time, path length and the bytes of the rows' text.
//!
//! The grammar, what is not supported and how each construct maps onto the Rust API are
//! in `docs/CYPHER.md`.

pub mod ast;
mod check;
mod error;
mod exec;
mod lexer;
mod parser;
mod result;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

pub use ast::Query;
pub use error::CypherError;
pub use result::{QueryResult, Row, Rows, Value, WithSources};

use crate::model::date::PartialDate;
use crate::store::graph::KnowledgeGraph;

/// The value of a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A date (usable where `date("...")` is).
    Date(PartialDate),
}

impl From<&str> for Param {
    fn from(s: &str) -> Self {
        Param::Str(s.to_owned())
    }
}

impl From<String> for Param {
    fn from(s: String) -> Self {
        Param::Str(s)
    }
}

impl From<i64> for Param {
    fn from(n: i64) -> Self {
        Param::Int(n)
    }
}

impl From<bool> for Param {
    fn from(b: bool) -> Self {
        Param::Bool(b)
    }
}

impl From<PartialDate> for Param {
    fn from(d: PartialDate) -> Self {
        Param::Date(d)
    }
}

/// The parameters of a query: `$name` → value. A `$name` not given is an error.
///
/// ```
/// use factgraph::cypher::{Param, Params};
/// use factgraph::PartialDate;
/// let p = Params::new().with("who", "Sembinov").with("since", PartialDate::year(2004)?).with("n", 2);
/// assert_eq!(p.get("n"), Some(&Param::Int(2)));
/// # Ok::<(), factgraph::DateError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(BTreeMap<String, Param>);

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Params::default()
    }

    /// These parameters with `name` set to `value`.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Param>) -> Self {
        self.insert(name, value);
        self
    }

    /// Sets `name` to `value`.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Param>) {
        self.0.insert(name.into(), value.into());
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&Param> {
        self.0.get(name)
    }
}

/// Limits on one run of a query. Going over one stops the query with
/// [`CypherError::Budget`] naming the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The most matches (rows before grouping, `DISTINCT` and `LIMIT`). Default 100,000.
    pub max_rows: usize,
    /// The most entities and facts looked at (anchor candidates and hops). Default
    /// 1,000,000.
    pub max_expansions: u64,
    /// The longest run, timed from its 64th expansion (the first take microseconds; a
    /// shorter run is not timed) or its first MiB of work on text, whichever comes first;
    /// the clock is read every 1,024 expansions and after every MiB of text folded or
    /// copied. Default 10 seconds.
    pub max_time: Duration,
    /// The longest variable-length path: the bound of an open `*` and the largest
    /// upper bound allowed. Default 6.
    pub max_hops: u32,
    /// The most bytes of text the matches may hold (the strings of every row, counted
    /// before grouping, `DISTINCT` and `LIMIT`): a long string returned in every row is
    /// a copy per row. Default 64 MiB.
    pub max_bytes: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_rows: 100_000,
            max_expansions: 1_000_000,
            max_time: Duration::from_secs(10),
            max_hops: 6,
            max_bytes: 64 << 20,
        }
    }
}

impl Query {
    /// Parses a query of the subset. Checking against the schema happens when it runs
    /// (or with [`check`](Query::check)).
    ///
    /// # Errors
    /// [`CypherError`] for text outside the supported subset, with its line and column.
    ///
    /// ```
    /// use factgraph::cypher::Query;
    /// let q = Query::parse("match (a:person)-[:met]-(b) return a, count(*)")?;
    /// assert_eq!(q.to_string(), "MATCH (a:person)-[:met]-(b) RETURN a, count(*)");
    /// let e = Query::parse("MATCH (a) RETURN").unwrap_err();
    /// assert_eq!(e.position(), Some((1, 17)));
    /// # Ok::<(), factgraph::cypher::CypherError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Query, CypherError> {
        parser::parse(text)
    }

    /// Checks the query against the schema and `params` without running it: the errors
    /// [`KnowledgeGraph::run`] would give before reading any data.
    ///
    /// # Errors
    /// [`CypherError`] for a name the schema does not know (with the closest one), a type
    /// mismatch or a parameter that is missing or of the wrong type.
    ///
    /// ```
    /// use factgraph::cypher::{CypherError, Params, Query};
    /// let q = Query::parse("MATCH (c:country)-[:mett]-(p) RETURN c")?;
    /// let e = q.check(&Params::new()).unwrap_err();
    /// assert!(e.to_string().starts_with("1:21: unknown relation `mett`; did you mean `met`? (the relations: met, visited,"));
    /// # Ok::<(), CypherError>(())
    /// ```
    pub fn check(&self, params: &Params) -> Result<(), CypherError> {
        check::compile(self, params, &Budget::default()).map(|_| ())
    }
}

/// A query checked against the schema and planned once, to be run many times with
/// different parameters: a run binds the new values, searches with buffers kept from the
/// previous run and returns [`Rows`] borrowed from them.
///
/// Parameters of the same types as those it was prepared with are bound without checking
/// again, except values compiled into the plan (a `date()` argument, a kind, relation or
/// modality name, `SKIP`, `LIMIT`, `AS OF`, `KNOWN BY`): a different value there, a
/// different type or a missing parameter checks and plans the query again, with the
/// same errors as [`KnowledgeGraph::run`].
///
/// ```
/// use factgraph::cypher::{Params, Query};
/// let g = factgraph::datasets::edm_2004_v1_i133();
/// let q = Query::parse("MATCH (a {name: $n})-[:met]-(b) RETURN b.name ORDER BY b.name")?;
/// let mut prepared = q.prepare(g, &Params::new().with("n", "Sembinov"))?;
/// let rows = prepared.run(&Params::new().with("n", "Sembinov"))?;
/// assert!(!rows.is_empty());
/// assert!(rows.facts(0).len() == 1);
/// let first = rows.value(0, 0).unwrap().to_string();
/// let again = prepared.run(&Params::new().with("n", "Nobody"))?;
/// assert!(again.is_empty());
/// // The same answer as through `KnowledgeGraph::run`.
/// let all = prepared.run(&Params::new().with("n", "Sembinov"))?.to_result();
/// assert_eq!(all.rows[0].values[0].to_string(), first);
/// # Ok::<(), factgraph::cypher::CypherError>(())
/// ```
#[derive(Debug)]
pub struct PreparedQuery<'g> {
    graph: &'g KnowledgeGraph,
    query: Query,
    plan: check::Plan,
    budget: Budget,
    scratch: exec::Scratch<'g>,
}

impl Query {
    /// Checks the query against the schema and the types of `params` and plans it for
    /// `graph`, with the default [`Budget`]; see [`PreparedQuery`].
    ///
    /// # Errors
    /// [`CypherError`] when [`check`](Self::check) refuses the query.
    pub fn prepare<'g>(
        &self,
        graph: &'g KnowledgeGraph,
        params: &Params,
    ) -> Result<PreparedQuery<'g>, CypherError> {
        let budget = Budget::default();
        Ok(PreparedQuery {
            graph,
            query: self.clone(),
            plan: check::compile(self, params, &budget)?,
            budget,
            scratch: exec::Scratch::default(),
        })
    }
}

impl<'g> PreparedQuery<'g> {
    /// The same query, run within `budget` (checked and planned again).
    ///
    /// # Errors
    /// [`CypherError`] when the query no longer checks against the graph.
    pub fn with_budget(mut self, budget: Budget) -> Result<Self, CypherError> {
        let params = Params(
            self.plan
                .params
                .iter()
                .map(|s| (s.name.clone(), s.value.clone()))
                .collect(),
        );
        self.plan = check::compile(&self.query, &params, &budget)?;
        self.budget = budget;
        self.scratch.unschedule();
        Ok(self)
    }

    /// The query.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// Runs the query with `params`.
    ///
    /// # Errors
    /// [`CypherError`] for parameters that do not check, or [`CypherError::Budget`] when
    /// the run exceeds its budget.
    pub fn run(&mut self, params: &Params) -> Result<Rows<'_, 'g>, CypherError> {
        if !self.plan.rebind(params) {
            self.plan = check::compile(&self.query, params, &self.budget)?;
            self.scratch.unschedule();
        } else if self.plan.reschedule {
            self.scratch.unschedule();
        }
        exec::execute(self.graph, &self.plan, &self.budget, &mut self.scratch)?;
        Ok(Rows {
            graph: self.graph,
            columns: &self.plan.columns,
            out: &self.scratch.out,
        })
    }
}

impl FromStr for Query {
    type Err = CypherError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Query::parse(s)
    }
}

impl KnowledgeGraph {
    /// Parses, checks and runs a query with the default [`Budget`].
    ///
    /// # Errors
    /// [`CypherError`] when the text does not parse or check, or the run exceeds the
    /// default [`Budget`].
    ///
    /// ```
    /// use factgraph::{cypher::Params, datasets};
    /// let g = datasets::edm_2004_v1_i133();
    /// let r = g.query(
    ///     "MATCH (a)-[:participated_in]->(:exercise {name: \"Steppe Eagle 2004\"}) RETURN DISTINCT a.name ORDER BY a.name",
    ///     &Params::new(),
    /// )?;
    /// assert!(r.rows.iter().any(|row| row.values[0].as_str() == Some("Kazakhstan")));
    /// # Ok::<(), factgraph::cypher::CypherError>(())
    /// ```
    pub fn query(&self, text: &str, params: &Params) -> Result<QueryResult<'_>, CypherError> {
        self.run(&Query::parse(text)?, params, Budget::default())
    }

    /// Checks and runs a parsed query within `budget`.
    ///
    /// # Errors
    /// [`CypherError`] for parameters that do not check, or [`CypherError::Budget`] when
    /// the run exceeds its budget.
    ///
    /// ```
    /// use factgraph::cypher::{Budget, CypherError, Params, Query};
    /// let g = factgraph::datasets::corpus();
    /// let q = Query::parse("MATCH (a)-[]-(b)-[]-(c) RETURN count(*)")?;
    /// let tight = Budget { max_expansions: 100, ..Budget::default() };
    /// match g.run(&q, &Params::new(), tight) {
    ///     Err(CypherError::Budget { limit, .. }) => assert_eq!(limit, "expansions"),
    ///     other => panic!("{other:?}"),
    /// }
    /// # Ok::<(), CypherError>(())
    /// ```
    pub fn run(
        &self,
        query: &Query,
        params: &Params,
        budget: Budget,
    ) -> Result<QueryResult<'_>, CypherError> {
        let plan = check::compile(query, params, &budget)?;
        let mut scratch = exec::Scratch::default();
        exec::execute(self, &plan, &budget, &mut scratch)?;
        Ok(Rows {
            graph: self,
            columns: &plan.columns,
            out: &scratch.out,
        }
        .to_result())
    }
}
