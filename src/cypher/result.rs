//! What a query returns: columns, rows of values, and the facts behind each row.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use crate::model::date::FactDate;
use crate::model::ids::{EntityId, FactId};
use crate::query::connection::Connection;
use crate::query::refs::{EntityRef, FactRef};
use crate::store::graph::KnowledgeGraph;

/// A value in a result row.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value<'g> {
    /// No value (a fact without a valid time asked for `r.valid`).
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
    /// A date, with its precision.
    Date(FactDate),
    /// An entity (a node variable).
    Entity(EntityRef<'g>),
    /// A fact (a relationship variable).
    Fact(FactRef<'g>),
    /// A chain of facts (the path variable of a `shortestPath`), as
    /// [`KnowledgeGraph::connection`] returns it.
    Path(Connection<'g>),
}

/// A value as the search produces it: ids and borrowed strings, turned into a
/// [`Value`] when read. Equal cells are equal values for grouping and `DISTINCT`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Cell<'g> {
    Null,
    Bool(bool),
    Int(i64),
    Str(Cow<'g, str>),
    Date(FactDate),
    Entity(EntityId),
    Fact(FactId),
    /// A path: its first entity and its facts in order (boxed: rare, and it keeps every
    /// other cell small).
    Path(Box<(EntityId, Box<[FactId]>)>),
}

/// Fact `id`, shown as known by day `by` (a query's `KNOWN BY`), or as stored.
pub(crate) fn fact_as_known(
    graph: &KnowledgeGraph,
    id: FactId,
    by: Option<i32>,
) -> Option<FactRef<'_>> {
    let f = graph.fact(id)?;
    Some(by.map_or(f, |d| f.at_day(d)))
}

impl<'g> Cell<'g> {
    /// The value, a fact shown as known by day `by` (`None`: as stored).
    pub(crate) fn into_value(self, graph: &'g KnowledgeGraph, by: Option<i32>) -> Value<'g> {
        match self {
            Cell::Null => Value::Null,
            Cell::Bool(b) => Value::Bool(b),
            Cell::Int(n) => Value::Int(n),
            Cell::Str(s) => Value::Str(s.into_owned()),
            Cell::Date(d) => Value::Date(d),
            Cell::Entity(id) => graph.entity(id).map_or(Value::Null, Value::Entity),
            Cell::Fact(id) => fact_as_known(graph, id, by).map_or(Value::Null, Value::Fact),
            Cell::Path(p) => {
                let by = by.unwrap_or(crate::query::time::ALL_KNOWN);
                Connection::along(graph, p.0, &p.1, by).map_or(Value::Null, Value::Path)
            }
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Cell::Bool(_) => 0,
            Cell::Int(_) => 1,
            Cell::Str(_) => 2,
            Cell::Date(_) => 3,
            Cell::Entity(_) => 4,
            Cell::Fact(_) => 5,
            Cell::Path(_) => 6,
            Cell::Null => 7,
        }
    }

    /// [`Value::order`], on cells.
    pub(crate) fn order(&self, other: &Cell<'_>, graph: &KnowledgeGraph) -> Ordering {
        let name = |id: &EntityId| graph.entity(*id).map_or("", |e| e.name());
        match (self, other) {
            (Cell::Bool(a), Cell::Bool(b)) => a.cmp(b),
            (Cell::Int(a), Cell::Int(b)) => a.cmp(b),
            (Cell::Str(a), Cell::Str(b)) => a.cmp(b),
            (Cell::Date(a), Cell::Date(b)) => a.cmp(b),
            (Cell::Entity(a), Cell::Entity(b)) => name(a).cmp(name(b)).then(a.cmp(b)),
            (Cell::Fact(a), Cell::Fact(b)) => a.cmp(b),
            (Cell::Path(a), Cell::Path(b)) => a.1.len().cmp(&b.1.len()).then(a.1.cmp(&b.1)),
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }
}

/// A row of an [`Output`]: its match (the index of its cells) and its facts' range.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub(crate) at: u32,
    pub(crate) facts: (u32, u32),
}

/// The matches and rows of a run, in flat arenas: match `m`'s values are
/// `cells[m * width..][..width]`, its facts end at `ends[m]`.
#[derive(Debug, Default)]
pub(crate) struct Output<'g> {
    pub(crate) width: usize,
    pub(crate) cells: Vec<Cell<'g>>,
    pub(crate) facts: Vec<FactId>,
    pub(crate) ends: Vec<u32>,
    pub(crate) rows: Vec<Span>,
    /// Rows that are the matches `first..first + count` (no grouping or ordering), in
    /// place of `rows`.
    pub(crate) direct: Option<(usize, usize)>,
    /// The query's `KNOWN BY` day: its facts are shown as known then.
    pub(crate) known_by: Option<i32>,
    /// Why nothing matched, when a name or key of a node pattern names no entity (or
    /// none of the pattern's kind); empty when something matched.
    pub(crate) warnings: Vec<String>,
}

impl Output<'_> {
    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        match self.direct {
            Some((_, count)) => count,
            None => self.rows.len(),
        }
    }

    /// Row `row`: its match and its facts' range.
    pub(crate) fn span(&self, row: usize) -> Option<Span> {
        match self.direct {
            Some((first, count)) => {
                if row >= count {
                    return None;
                }
                let m = first + row;
                let start = if m == 0 { 0 } else { *self.ends.get(m - 1)? };
                Some(Span {
                    at: u32::try_from(m).ok()?,
                    facts: (start, *self.ends.get(m)?),
                })
            }
            None => self.rows.get(row).copied(),
        }
    }
}

/// The rows of one run of a [`PreparedQuery`](super::PreparedQuery), borrowed from its
/// buffers: values are ids and borrowed strings until read with
/// [`value`](Rows::value); [`to_result`](Rows::to_result) makes an owned
/// [`QueryResult`].
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a, 'g> {
    pub(crate) graph: &'g KnowledgeGraph,
    pub(crate) columns: &'a [String],
    pub(crate) out: &'a Output<'g>,
}

impl<'a, 'g> Rows<'a, 'g> {
    /// The column names.
    pub fn columns(&self) -> &'a [String] {
        self.columns
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.out.len() == 0
    }

    fn cell(&self, row: usize, col: usize) -> Option<&'a Cell<'g>> {
        let span = self.out.span(row)?;
        if col >= self.out.width {
            return None;
        }
        self.out.cells.get(span.at as usize * self.out.width + col)
    }

    /// The value of row `row` in column `col`.
    pub fn value(&self, row: usize, col: usize) -> Option<Value<'g>> {
        self.cell(row, col)
            .map(|c| c.clone().into_value(self.graph, self.out.known_by))
    }

    /// The supporting facts of row `row`, in fact number order (as [`Row::facts`]).
    pub fn facts(&self, row: usize) -> &'a [FactId] {
        self.out
            .span(row)
            .and_then(|s| self.out.facts.get(s.facts.0 as usize..s.facts.1 as usize))
            .unwrap_or(&[])
    }

    /// The rows as an owned [`QueryResult`].
    pub fn to_result(&self) -> QueryResult<'g> {
        let rows = (0..self.len())
            .map(|r| Row {
                values: (0..self.out.width)
                    .map(|c| self.value(r, c).unwrap_or(Value::Null))
                    .collect(),
                facts: self.facts(r).to_vec(),
            })
            .collect();
        QueryResult {
            columns: self.columns.to_vec(),
            rows,
            graph: self.graph,
            known_by: self.out.known_by,
            warnings: self.out.warnings.clone(),
        }
    }

    /// Why nothing matched, when a name or key written in a node pattern (or given as
    /// its parameter) names no entity, or none of the pattern's kind: each warning
    /// quotes the name and the closest names the graph knows (as
    /// [`KnowledgeGraph::find`] suggests them). Empty when some match was found.
    pub fn warnings(&self) -> &'a [String] {
        &self.out.warnings
    }
}

impl<'g> Value<'g> {
    fn rank(&self) -> u8 {
        match self {
            Value::Bool(_) => 0,
            Value::Int(_) => 1,
            Value::Str(_) => 2,
            Value::Date(_) => 3,
            Value::Entity(_) => 4,
            Value::Fact(_) => 5,
            Value::Path(_) => 6,
            Value::Null => 7,
        }
    }

    /// The order of `ORDER BY`: numbers, strings, dates (by [`FactDate`]'s order),
    /// entities by name then id, facts by number, paths by length then facts; nulls last.
    pub fn order(&self, other: &Value<'_>) -> Ordering {
        match (self, other) {
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            (Value::Str(a), Value::Str(b)) => a.cmp(b),
            (Value::Date(a), Value::Date(b)) => a.cmp(b),
            (Value::Entity(a), Value::Entity(b)) => {
                a.name().cmp(b.name()).then(a.id().cmp(&b.id()))
            }
            (Value::Fact(a), Value::Fact(b)) => a.id().cmp(&b.id()),
            (Value::Path(a), Value::Path(b)) => a.len().cmp(&b.len()).then_with(|| {
                let facts = |p: &Connection<'_>| -> Vec<FactId> {
                    p.hops().iter().map(|h| h.fact().id()).collect()
                };
                facts(a).cmp(&facts(b))
            }),
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }

    /// The entity, for a node value.
    pub fn as_entity(&self) -> Option<EntityRef<'g>> {
        match self {
            Value::Entity(e) => Some(*e),
            _ => None,
        }
    }

    /// The path, for a path value.
    pub fn as_path(&self) -> Option<&Connection<'g>> {
        match self {
            Value::Path(p) => Some(p),
            _ => None,
        }
    }

    /// The string, for a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Display for Value<'_> {
    /// Entities by name, facts as one line of prose, dates with a note when the year was
    /// inferred, paths as names and relations (`A -[met]- B -[signed]-> C`), null as `null`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Str(s) => f.write_str(s),
            Value::Date(d) => f.write_str(&d.describe()),
            Value::Entity(e) => f.write_str(e.name()),
            Value::Fact(x) => write!(f, "{x}"),
            Value::Path(p) => {
                let mut entities = p.entities();
                if let Some(start) = entities.next() {
                    f.write_str(start.name())?;
                }
                for (hop, e) in p.hops().iter().zip(entities) {
                    let relation = hop.fact().relation();
                    match hop.direction() {
                        _ if relation.is_symmetric() => write!(f, " -[{relation}]- ")?,
                        crate::Direction::Incoming => write!(f, " <-[{relation}]- ")?,
                        _ => write!(f, " -[{relation}]-> ")?,
                    }
                    f.write_str(e.name())?;
                }
                Ok(())
            }
        }
    }
}

/// One row: its values, one per column, and the facts that matched its relationship
/// patterns (for a grouped or `DISTINCT` row, of every match merged into it), in fact
/// number order.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'g> {
    /// The values, in column order.
    pub values: Vec<Value<'g>>,
    /// The supporting facts.
    pub facts: Vec<FactId>,
}

impl<'g> Row<'g> {
    /// The value in column `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&Value<'g>> {
        self.values.get(i)
    }
}

/// The answer to a query: named columns and rows, each row with its facts. Displays as an
/// aligned text table; [`with_sources`](QueryResult::with_sources) adds the citations.
#[derive(Debug, Clone)]
pub struct QueryResult<'g> {
    /// The column names: the alias, or the expression's canonical text.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Row<'g>>,
    pub(crate) graph: &'g KnowledgeGraph,
    /// The query's `KNOWN BY` day: its facts are shown as known then.
    pub(crate) known_by: Option<i32>,
    pub(crate) warnings: Vec<String>,
}

impl<'g> QueryResult<'g> {
    /// Why nothing matched, when a name or key written in a node pattern (or given as
    /// its parameter) names no entity, or none of the pattern's kind: each warning
    /// quotes the name and the closest names the graph knows (as
    /// [`KnowledgeGraph::find`] suggests them). Empty when some match was found, so an
    /// empty answer is never silent about a likely typo.
    ///
    /// ```
    /// use factgraph::cypher::Params;
    /// let g = factgraph::datasets::corpus();
    /// let r = g.query(r#"MATCH (p {name: "Jaksybekov"})-[:met]-(q) RETURN q.name"#, &Params::new())?;
    /// assert!(r.rows.is_empty());
    /// assert!(r.warnings()[0].contains("Dzhaksybekov"), "{:?}", r.warnings());
    /// # Ok::<(), factgraph::cypher::CypherError>(())
    /// ```
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The index of the column named `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The facts of a row, resolved, with their sources (with `KNOWN BY`, as the reports
    /// out by then gave them).
    pub fn facts<'r>(&self, row: &'r Row<'g>) -> impl Iterator<Item = FactRef<'g>> + 'r {
        let (graph, by) = (self.graph, self.known_by);
        row.facts
            .iter()
            .filter_map(move |f| fact_as_known(graph, *f, by))
    }

    /// The table with a `facts` column of citation numbers, followed by the cited facts
    /// with their sources, one per line: `[1] Bolat Sembinov met ... — Eurasia Daily Monitor ...`.
    pub fn with_sources(&self) -> WithSources<'_, 'g> {
        WithSources(self)
    }

    fn table(&self, f: &mut fmt::Formatter<'_>, cites: Option<&[Vec<usize>]>) -> fmt::Result {
        let mut header: Vec<String> = self.columns.clone();
        let mut cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.values.iter().map(|v| v.to_string()).collect())
            .collect();
        if let Some(cites) = cites {
            header.push("facts".into());
            for (row, c) in cells.iter_mut().zip(cites) {
                row.push(c.iter().map(|n| format!("[{n}]")).collect());
            }
        }
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in &cells {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |f: &mut fmt::Formatter<'_>, row: &[String]| -> fmt::Result {
            let mut text = String::new();
            for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
                if i > 0 {
                    text.push_str(" | ");
                }
                text.push_str(c);
                text.extend(std::iter::repeat_n(' ', w - c.chars().count()));
            }
            writeln!(f, "{}", text.trim_end())
        };
        line(f, &header)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        writeln!(f, "{}", rule.join("-+-"))?;
        for row in &cells {
            line(f, row)?;
        }
        let n = self.rows.len();
        writeln!(f, "({n} row{})", if n == 1 { "" } else { "s" })
    }
}

impl fmt::Display for QueryResult<'_> {
    /// An aligned text table, a rule under the header, and the row count.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.table(f, None)
    }
}

/// A [`QueryResult`] displayed with its citations; see [`QueryResult::with_sources`].
#[derive(Debug, Clone, Copy)]
pub struct WithSources<'a, 'g>(&'a QueryResult<'g>);

impl fmt::Display for WithSources<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let result = self.0;
        let mut cited: Vec<FactId> = Vec::new();
        let cites: Vec<Vec<usize>> = result
            .rows
            .iter()
            .map(|r| {
                r.facts
                    .iter()
                    .map(|id| match cited.iter().position(|c| c == id) {
                        Some(i) => i + 1,
                        None => {
                            cited.push(*id);
                            cited.len()
                        }
                    })
                    .collect()
            })
            .collect();
        result.table(f, Some(&cites))?;
        for (i, id) in cited.iter().enumerate() {
            if let Some(fact) = fact_as_known(result.graph, *id, result.known_by) {
                writeln!(f, "[{}] {fact} — {}", i + 1, fact.sources_line())?;
            }
        }
        Ok(())
    }
}
