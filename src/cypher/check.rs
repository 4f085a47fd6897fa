//! Checking a query against the schema and the parameters, and compiling it into a plan:
//! nothing here reads the graph's data.

use std::cell::RefCell;
use std::collections::HashMap;

use super::Budget;
use super::ast::{
    Arrow, BinOp, Expr, Ident, Literal, NodePattern, Pattern, Pos, Query, RelPattern,
};
use super::error::{CypherError, closest, q};
use super::{Param, Params};
use crate::model::date::PartialDate;
use crate::model::kind::{EntityKind, KindSet};
use crate::model::modality::{Modality, ModalitySet};
use crate::model::relation::Relation;
use crate::model::relation::RelationSet;
use crate::store::names::normalize_name;

/// What a node pattern variable must match.
#[derive(Debug, Clone)]
pub(crate) struct NodeSpec {
    pub(crate) kinds: KindSet,
    /// Folded names: each must be the entity's name or one of its aliases.
    pub(crate) names: Vec<Arg>,
    /// Keys the entity must have.
    pub(crate) keys: Vec<Arg>,
    /// The names as written in the query (`None` for a parameter, whose value is
    /// shown), parallel to `names`: what a warning quotes.
    pub(crate) written: Vec<Option<String>>,
}

/// A string of a node pattern: written in the query (names already folded) or a
/// parameter slot (see [`Slot::folded`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg {
    Fixed(String),
    Param(usize),
}

/// A parameter the plan reads, with the value it was compiled or last bound with.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub(crate) name: String,
    pub(crate) value: Param,
    /// The folded string, for a parameter used as a node pattern's name.
    pub(crate) folded: String,
    pub(crate) fold: bool,
    /// Whether the value was compiled into the plan (a date() argument, a vocabulary
    /// name, `SKIP`, `LIMIT`, a time view): another value needs checking and compiling
    /// again.
    pub(crate) baked: bool,
}

fn same_type(a: &Param, b: &Param) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn const_of(p: &Param) -> Const {
    match p {
        Param::Str(s) => Const::Str(s.clone()),
        Param::Int(n) => Const::Int(*n),
        Param::Bool(b) => Const::Bool(*b),
        Param::Date(d) => Const::Date(*d),
    }
}

/// The evidence a relationship's facts must have, pushed down from `WHERE` into the
/// neighbour filter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Evidence {
    /// Inclusive day-number window the fact's date must lie within.
    pub(crate) window: Option<(i32, i32)>,
    pub(crate) modalities: ModalitySet,
    pub(crate) stated_only: bool,
    pub(crate) min_reports: u16,
    pub(crate) min_outlets: u16,
}

/// A relationship pattern between two node slots.
#[derive(Debug, Clone)]
pub(crate) struct RelSpec {
    pub(crate) left: usize,
    pub(crate) right: usize,
    pub(crate) arrow: Arrow,
    pub(crate) relations: RelationSet,
    pub(crate) min: u32,
    pub(crate) max: u32,
    pub(crate) var_length: bool,
    /// `shortestPath`: one shortest chain of facts between the two (bound) ends, through
    /// [`KnowledgeGraph::try_connection`](crate::KnowledgeGraph::try_connection).
    pub(crate) shortest: bool,
    pub(crate) evidence: Evidence,
}

/// Node properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeProp {
    Name,
    Key,
    Kind,
    Aliases,
    Note,
}

/// Relationship properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RelProp {
    Date,
    Valid,
    Modality,
    Relation,
    Sources,
    Source,
    Report,
    Reports,
    Outlets,
    Origins,
    Stated,
    Place,
    Recipient,
    Title,
    Rank,
    From,
    Until,
    Precision,
    Key,
    Note,
    Url,
    Outlet,
    Cited,
    Speaker,
    Quote,
    Inferred,
    Reported,
    Conflicts,
    Conflict,
    /// A typed quantity's value (issue 19): the first report's, without `of`.
    Quantity(crate::model::quantity::QuantityKind),
    /// Every quantity with its report, as text.
    Quantities,
}

const NODE_PROPS: &[(&str, NodeProp)] = &[
    ("name", NodeProp::Name),
    ("key", NodeProp::Key),
    ("kind", NodeProp::Kind),
    ("aliases", NodeProp::Aliases),
    ("note", NodeProp::Note),
];

const REL_PROPS: &[(&str, RelProp)] = &[
    ("date", RelProp::Date),
    ("valid", RelProp::Valid),
    ("modality", RelProp::Modality),
    ("relation", RelProp::Relation),
    ("sources", RelProp::Sources),
    ("source", RelProp::Source),
    ("report", RelProp::Report),
    ("reports", RelProp::Reports),
    ("outlets", RelProp::Outlets),
    ("origins", RelProp::Origins),
    ("stated", RelProp::Stated),
    ("place", RelProp::Place),
    ("recipient", RelProp::Recipient),
    ("title", RelProp::Title),
    ("rank", RelProp::Rank),
    ("from", RelProp::From),
    ("until", RelProp::Until),
    ("precision", RelProp::Precision),
    ("key", RelProp::Key),
    ("note", RelProp::Note),
    ("url", RelProp::Url),
    ("outlet", RelProp::Outlet),
    ("cited", RelProp::Cited),
    ("speaker", RelProp::Speaker),
    ("quote", RelProp::Quote),
    ("inferred", RelProp::Inferred),
    ("reported", RelProp::Reported),
    ("conflicts", RelProp::Conflicts),
    ("conflict", RelProp::Conflict),
    ("personnel", RelProp::Quantity(QK::Personnel)),
    ("money", RelProp::Quantity(QK::Money)),
    ("killed", RelProp::Quantity(QK::Killed)),
    ("wounded", RelProp::Quantity(QK::Wounded)),
    ("count", RelProp::Quantity(QK::Count)),
    ("duration", RelProp::Quantity(QK::Duration)),
    ("quantities", RelProp::Quantities),
];

use crate::model::quantity::QuantityKind as QK;

impl RelProp {
    /// Several strings, any of which may match a comparison (`r.source = "Kazinform"`
    /// holds when some outlet has that name).
    pub(crate) fn is_many(self) -> bool {
        matches!(
            self,
            RelProp::Source
                | RelProp::Report
                | RelProp::Place
                | RelProp::Recipient
                | RelProp::Url
                | RelProp::Outlet
                | RelProp::Cited
                | RelProp::Speaker
                | RelProp::Quote
                | RelProp::Inferred
                | RelProp::Conflict
        )
    }

    /// Compared exactly rather than folded: keys and URLs.
    pub(crate) fn is_exact(self) -> bool {
        matches!(self, RelProp::Report | RelProp::Url | RelProp::Key)
    }
}

const FUNCTIONS: &[&str] = &[
    "count",
    "date",
    "fold",
    "holds_post",
    "length",
    "max",
    "min",
    "sum",
];

/// A constant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Const {
    Str(String),
    Int(i64),
    Bool(bool),
    Date(PartialDate),
}

/// A checked expression over the slots of a binding.
#[derive(Debug, Clone)]
pub(crate) enum CExpr {
    Const(Const),
    /// A parameter slot, read when the query runs.
    Param(usize),
    Node(usize),
    Rel(usize),
    /// The path of a `shortestPath` relationship.
    Path(usize),
    /// `length(p)`: the hops of a `shortestPath` relationship.
    Length(usize),
    NodeProp(usize, NodeProp),
    RelProp(usize, RelProp),
    Fold(Box<CExpr>),
    /// `sum(x)`, `max(x)`, `min(x)` of an integer over each group's matches (a whole
    /// RETURN item, like `count`).
    Agg(AggOp, Box<CExpr>),
    /// `holds_post(r, title)`: the fact gives its subject the one-holder post `title`
    /// names in its object (as [`View::holders_of`](crate::View::holders_of) reads it).
    HoldsPost(usize, Box<CExpr>),
    Not(Box<CExpr>),
    And(Box<CExpr>, Box<CExpr>),
    Or(Box<CExpr>, Box<CExpr>),
    Cmp(BinOp, Box<CExpr>, Box<CExpr>),
    Count,
}

/// An aggregate other than `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AggOp {
    Sum,
    Max,
    Min,
}

impl CExpr {
    /// Whether the expression aggregates the matches of a group (`count`, `sum`, `max`,
    /// `min`): such a column is folded over a group rather than grouped by.
    pub(crate) fn is_aggregate(&self) -> bool {
        matches!(self, CExpr::Count | CExpr::Agg(..))
    }
}

/// Types of expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Str,
    /// Several strings, any of which may match (`r.source`, `r.report`).
    Strs,
    Int,
    Bool,
    Date,
    Node,
    Rel,
    Path,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Str | Ty::Strs => "a string",
            Ty::Int => "an integer",
            Ty::Bool => "a boolean",
            Ty::Date => "a date",
            Ty::Node => "a node",
            Ty::Rel => "a relationship",
            Ty::Path => "a path",
        }
    }
}

/// A checked, compiled query.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) nodes: Vec<NodeSpec>,
    pub(crate) rels: Vec<RelSpec>,
    /// Conditions, each a conjunct of some `WHERE`, with the node and relationship slots
    /// it reads.
    pub(crate) conds: Vec<(CExpr, Vec<usize>, Vec<usize>)>,
    pub(crate) as_of: Option<PartialDate>,
    pub(crate) known_by: Option<PartialDate>,
    pub(crate) columns: Vec<String>,
    pub(crate) items: Vec<CExpr>,
    pub(crate) distinct: bool,
    /// Sort keys: column and whether descending.
    pub(crate) order: Vec<(usize, bool)>,
    pub(crate) skip: usize,
    pub(crate) limit: Option<usize>,
    /// The parameters the plan reads.
    pub(crate) params: Vec<Slot>,
    /// Each relationship's evidence from its pattern, before `WHERE` is pushed down.
    pub(crate) base: Vec<Evidence>,
    /// Whether the search order may change with the parameters (a name or a condition
    /// reads one).
    pub(crate) reschedule: bool,
}

impl Plan {
    /// The key or folded name `a` stands for.
    pub(crate) fn text<'a>(&'a self, a: &'a Arg) -> &'a str {
        match a {
            Arg::Fixed(s) => s,
            Arg::Param(i) => match self.params.get(*i) {
                Some(s) if s.fold => &s.folded,
                Some(Slot {
                    value: Param::Str(s),
                    ..
                }) => s,
                _ => "",
            },
        }
    }

    /// The string of a constant or parameter expression, borrowed (a parameter may be
    /// megabytes: it is not copied for each row).
    /// The string value a parameter slot was bound with, as given (not folded).
    pub(crate) fn param_text(&self, slot: usize) -> Option<&str> {
        match self.params.get(slot) {
            Some(Slot {
                value: Param::Str(s),
                ..
            }) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn constant_str<'a>(&'a self, e: &'a CExpr) -> Option<&'a str> {
        match e {
            CExpr::Const(Const::Str(s)) => Some(s),
            CExpr::Param(i) => match self.params.get(*i) {
                Some(Slot {
                    value: Param::Str(s),
                    ..
                }) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// The value of a constant or parameter expression.
    pub(crate) fn constant(&self, e: &CExpr) -> Option<Const> {
        match e {
            CExpr::Const(c) => Some(c.clone()),
            CExpr::Param(i) => self.params.get(*i).map(|s| const_of(&s.value)),
            _ => None,
        }
    }

    /// Binds new parameter values without checking again: `false` when they need the
    /// query checked and compiled again (a parameter missing, of
    /// another type, or compiled into the plan with another value).
    pub(crate) fn rebind(&mut self, params: &Params) -> bool {
        // One pass: a slot that refuses leaves the others half bound, but then the
        // caller compiles a new plan, and every run binds every slot.
        for s in &mut self.params {
            let v = match params.get(&s.name) {
                Some(v) if same_type(v, &s.value) && (!s.baked || *v == s.value) => v,
                _ => return false,
            };
            if s.fold {
                if *v == s.value {
                    continue;
                }
                if let Param::Str(x) = v {
                    s.folded = normalize_name(x);
                }
            }
            match (&mut s.value, v) {
                (Param::Str(old), Param::Str(new)) => old.clone_from(new),
                (old, new) => *old = new.clone(),
            }
        }
        if self.reschedule {
            // A condition may read a parameter (or a name changed): evidence again.
            self.push_down();
        }
        true
    }

    /// Sets each relationship's evidence: its pattern's, and what the conditions imply.
    pub(crate) fn push_down(&mut self) {
        for (r, b) in self.rels.iter_mut().zip(&self.base) {
            r.evidence = *b;
        }
        for (e, _, _) in &self.conds {
            let CExpr::Cmp(op, l, r) = e else {
                continue;
            };
            let (CExpr::RelProp(i, prop), Some(k)) = (&**l, self.constant(r)) else {
                continue;
            };
            if let Some(spec) = self.rels.get_mut(*i) {
                push_down(*op, *prop, &k, &mut spec.evidence);
            }
        }
    }
}

fn has_param(e: &CExpr) -> bool {
    match e {
        CExpr::Param(_) => true,
        CExpr::Fold(x) | CExpr::Not(x) | CExpr::HoldsPost(_, x) | CExpr::Agg(_, x) => has_param(x),
        CExpr::And(a, b) | CExpr::Or(a, b) | CExpr::Cmp(_, a, b) => has_param(a) || has_param(b),
        _ => false,
    }
}

#[derive(Debug, Clone, Copy)]
enum Var {
    Node(usize),
    Rel(usize),
    /// A variable-length relationship: not usable in expressions.
    Path,
    /// The path variable of a `shortestPath`, with its relationship.
    Shortest(usize),
}

struct Checker<'a> {
    params: &'a Params,
    slots: RefCell<Vec<Slot>>,
    vars: HashMap<String, Var>,
    nodes: Vec<NodeSpec>,
    rels: Vec<(RelSpec, Pos, Vec<Ident>)>,
}

fn at(pos: Pos) -> (u32, u32) {
    (pos.line, pos.column)
}

fn type_error(pos: Pos, message: String) -> CypherError {
    CypherError::Type {
        line: pos.line,
        column: pos.column,
        message,
    }
}

/// A kind by name, ignoring case and separators (`state_body`, `StateBody`, `STATE_BODY`).
pub(crate) fn kind_named(name: &str) -> Option<EntityKind> {
    name.parse().ok()
}

/// A relation by name, ignoring case and separators.
pub(crate) fn relation_named(name: &str) -> Option<Relation> {
    name.parse().ok()
}

fn unknown(
    ident: &Ident,
    what: &'static str,
    vocabulary: impl IntoIterator<Item = &'static str>,
) -> CypherError {
    let known: Vec<&'static str> = vocabulary.into_iter().collect();
    CypherError::Unknown {
        line: ident.pos.line,
        column: ident.pos.column,
        what,
        name: ident.name.clone(),
        suggestion: closest(&ident.name, known.iter().copied()),
        known,
    }
}

/// Checks `query` against the schema and `params` and compiles it.
pub(crate) fn compile(
    query: &Query,
    params: &Params,
    budget: &Budget,
) -> Result<Plan, CypherError> {
    let mut c = Checker {
        params,
        slots: RefCell::new(Vec::new()),
        vars: HashMap::new(),
        nodes: Vec::new(),
        rels: Vec::new(),
    };
    for m in &query.matches {
        for p in &m.patterns {
            let mut left = c.node(&p.start)?;
            for (r, n) in &p.steps {
                let right = c.node(n)?;
                c.rel(r, left, right, budget)?;
                left = right;
            }
            if p.shortest || p.path.is_some() {
                c.shortest(p)?;
            }
        }
    }
    c.check_schema()?;
    // Conditions, as conjuncts.
    let mut conds = Vec::new();
    for m in &query.matches {
        if let Some(w) = &m.filter {
            let (e, ty) = c.expr(w, false)?;
            if ty != Ty::Bool {
                return Err(type_error(
                    w.pos(),
                    format!("WHERE needs a boolean, not {}", ty.name()),
                ));
            }
            split_and(e, &mut conds);
        }
    }
    let rels: Vec<RelSpec> = c.rels.iter().map(|r| r.0.clone()).collect();
    let base = rels.iter().map(|r| r.evidence).collect();
    let mut conditions = Vec::new();
    for e in conds {
        let (mut ns, mut rs) = (Vec::new(), Vec::new());
        slots(&e, &mut ns, &mut rs);
        conditions.push((e, ns, rs));
    }
    let as_of = query.as_of.as_ref().map(|e| c.date_arg(e)).transpose()?;
    let known_by = query.known_by.as_ref().map(|e| c.date_arg(e)).transpose()?;
    // Returned columns.
    let mut items = Vec::new();
    let mut columns = Vec::new();
    for item in &query.ret.items {
        let (e, _) = c.expr(&item.expr, true)?;
        items.push(e);
        columns.push(match &item.alias {
            Some(a) => a.name.clone(),
            None => item.expr.to_string(),
        });
    }
    let mut order = Vec::new();
    for o in &query.ret.order {
        let by_alias = match &o.expr {
            Expr::Var(v) => query
                .ret
                .items
                .iter()
                .position(|i| i.alias.as_ref().is_some_and(|a| a.name == v.name)),
            _ => None,
        };
        let col = match by_alias {
            Some(col) => col,
            None => {
                c.expr(&o.expr, true)?;
                query
                    .ret
                    .items
                    .iter()
                    .position(|i| i.expr == o.expr)
                    .ok_or_else(|| {
                        type_error(
                            o.expr.pos(),
                            format!(
                                "ORDER BY `{}`: order by a returned expression or a column alias",
                                q(&o.expr)
                            ),
                        )
                    })?
            }
        };
        order.push((col, o.descending));
    }
    let skip = match &query.ret.skip {
        Some(e) => c.count_arg(e)?,
        None => 0,
    };
    let limit = query
        .ret
        .limit
        .as_ref()
        .map(|e| c.count_arg(e))
        .transpose()?;
    let reschedule = c
        .nodes
        .iter()
        .any(|n| n.names.iter().any(|a| matches!(a, Arg::Param(_))))
        || conditions.iter().any(|(e, _, _)| has_param(e));
    let mut plan = Plan {
        nodes: c.nodes,
        rels,
        conds: conditions,
        as_of,
        known_by,
        columns,
        items,
        distinct: query.ret.distinct,
        order,
        skip,
        limit,
        params: c.slots.into_inner(),
        base,
        reschedule,
    };
    plan.push_down();
    Ok(plan)
}

fn split_and(e: CExpr, out: &mut Vec<CExpr>) {
    match e {
        CExpr::And(l, r) => {
            split_and(*l, out);
            split_and(*r, out);
        }
        e => out.push(e),
    }
}

fn slots(e: &CExpr, nodes: &mut Vec<usize>, rels: &mut Vec<usize>) {
    match e {
        CExpr::Node(i) | CExpr::NodeProp(i, _) => nodes.push(*i),
        CExpr::Rel(i) | CExpr::RelProp(i, _) | CExpr::Path(i) | CExpr::Length(i) => rels.push(*i),
        CExpr::Fold(x) | CExpr::Not(x) | CExpr::Agg(_, x) => slots(x, nodes, rels),
        CExpr::HoldsPost(i, x) => {
            rels.push(*i);
            slots(x, nodes, rels);
        }
        CExpr::And(a, b) | CExpr::Or(a, b) | CExpr::Cmp(_, a, b) => {
            slots(a, nodes, rels);
            slots(b, nodes, rels);
        }
        CExpr::Const(_) | CExpr::Param(_) | CExpr::Count => {}
    }
}

/// Moves what a condition on one relationship implies into its neighbour filter, so that
/// expansion skips facts early. The condition is still evaluated on every match, so this
/// only needs to be implied by it.
fn push_down(op: BinOp, prop: RelProp, k: &Const, ev: &mut Evidence) {
    match (prop, op, k) {
        (RelProp::Date, op, Const::Date(d)) => {
            let (d0, d1) = (d.first_day_number(), d.last_day_number());
            let w = match op {
                BinOp::Eq => (d0, d1),
                BinOp::Ge => (d0, i32::MAX),
                BinOp::Le => (i32::MIN, d1),
                BinOp::Gt => (d1.saturating_add(1), i32::MAX),
                BinOp::Lt => (i32::MIN, d0.saturating_sub(1)),
                _ => return,
            };
            ev.window = Some(match ev.window {
                Some((a, b)) => (a.max(w.0), b.min(w.1)),
                None => w,
            });
        }
        (RelProp::Modality, BinOp::Eq, Const::Str(s)) => {
            if let Ok(m) = s.parse::<Modality>() {
                let keep = ModalitySet::of(&[m]);
                ev.modalities = ModalitySet::of(
                    &Modality::ALL
                        .iter()
                        .copied()
                        .filter(|m| keep.contains(*m) && ev.modalities.contains(*m))
                        .collect::<Vec<_>>(),
                );
            }
        }
        (RelProp::Stated, BinOp::Eq, Const::Bool(true)) => ev.stated_only = true,
        (RelProp::Reports | RelProp::Outlets, BinOp::Ge | BinOp::Gt | BinOp::Eq, Const::Int(n)) => {
            let n = if op == BinOp::Gt {
                n.saturating_add(1)
            } else {
                *n
            };
            let n = u16::try_from(n).unwrap_or(u16::MAX);
            if prop == RelProp::Reports {
                ev.min_reports = ev.min_reports.max(n);
            } else {
                ev.min_outlets = ev.min_outlets.max(n);
            }
        }
        _ => {}
    }
}

impl Checker<'_> {
    fn node(&mut self, n: &NodePattern) -> Result<usize, CypherError> {
        let kinds = match &n.label {
            Some(l) => match kind_named(&l.name) {
                Some(k) => KindSet::of(&[k]),
                None => {
                    return Err(unknown(
                        l,
                        "entity kind",
                        EntityKind::ALL.iter().map(|k| k.as_str()),
                    ));
                }
            },
            None => KindSet::ANY,
        };
        let (mut names, mut keys, mut written) = (Vec::new(), Vec::new(), Vec::new());
        for (k, v) in &n.props {
            let value = match self.expr(v, false)? {
                (CExpr::Const(Const::Str(s)), _) => Arg::Fixed(s),
                (CExpr::Param(i), Ty::Str) => Arg::Param(i),
                _ => {
                    return Err(type_error(
                        v.pos(),
                        format!(
                            "`{}` in a node pattern takes a string or a parameter",
                            q(&k.name)
                        ),
                    ));
                }
            };
            match k.name.as_str() {
                "name" => names.push(match value {
                    Arg::Fixed(s) => {
                        let folded = normalize_name(&s);
                        written.push(Some(s));
                        Arg::Fixed(folded)
                    }
                    Arg::Param(i) => {
                        written.push(None);
                        if let Some(s) = self.slots.borrow_mut().get_mut(i) {
                            s.fold = true;
                            if let Param::Str(x) = &s.value {
                                s.folded = normalize_name(x);
                            }
                        }
                        Arg::Param(i)
                    }
                }),
                "key" => keys.push(value),
                _ => return Err(unknown(k, "node pattern property", ["name", "key"])),
            }
        }
        let slot = match &n.var {
            Some(v) => match self.vars.get(&v.name) {
                Some(Var::Node(i)) => *i,
                Some(other) => {
                    let what = match other {
                        Var::Shortest(_) => "path",
                        _ => "relationship",
                    };
                    return Err(CypherError::Variable {
                        line: v.pos.line,
                        column: v.pos.column,
                        message: format!("`{}` is a {what}, not a node", q(&v.name)),
                    });
                }
                None => {
                    let i = self.new_node();
                    self.vars.insert(v.name.clone(), Var::Node(i));
                    i
                }
            },
            None => self.new_node(),
        };
        if let Some(spec) = self.nodes.get_mut(slot) {
            spec.kinds = KindSet::of(
                &spec
                    .kinds
                    .iter()
                    .filter(|k| kinds.contains(*k))
                    .collect::<Vec<_>>(),
            );
            spec.names.extend(names);
            spec.keys.extend(keys);
            spec.written.extend(written);
            if spec.kinds == KindSet::EMPTY {
                return Err(type_error(
                    n.pos,
                    "this node is given two different kinds".to_owned(),
                ));
            }
        }
        Ok(slot)
    }

    fn new_node(&mut self) -> usize {
        self.nodes.push(NodeSpec {
            kinds: KindSet::ANY,
            names: Vec::new(),
            keys: Vec::new(),
            written: Vec::new(),
        });
        self.nodes.len() - 1
    }

    fn rel(
        &mut self,
        r: &RelPattern,
        left: usize,
        right: usize,
        budget: &Budget,
    ) -> Result<(), CypherError> {
        let mut relations = Vec::new();
        for t in &r.types {
            match relation_named(&t.name) {
                Some(rel) => relations.push(rel),
                None => {
                    return Err(unknown(
                        t,
                        "relation",
                        Relation::ALL.iter().map(|r| r.as_str()),
                    ));
                }
            }
        }
        let relations = if relations.is_empty() {
            RelationSet::ANY
        } else {
            RelationSet::of(&relations)
        };
        let (min, max) = match r.length {
            None => (1, 1),
            Some(len) => {
                let max = len.max.unwrap_or(budget.max_hops);
                if max > budget.max_hops {
                    return Err(CypherError::Budget {
                        limit: "hops",
                        value: u64::from(budget.max_hops),
                    });
                }
                let min = len.min.unwrap_or(1);
                if min > max {
                    return Err(type_error(
                        r.pos,
                        format!("path length {min}..{max} is empty"),
                    ));
                }
                (min, max)
            }
        };
        let var_length = r.length.is_some();
        let slot = self.rels.len();
        if let Some(v) = &r.var {
            if self.vars.contains_key(&v.name) {
                return Err(CypherError::Variable {
                    line: v.pos.line,
                    column: v.pos.column,
                    message: format!("variable `{}` is already bound", q(&v.name)),
                });
            }
            self.vars.insert(
                v.name.clone(),
                if var_length {
                    Var::Path
                } else {
                    Var::Rel(slot)
                },
            );
        }
        self.rels.push((
            RelSpec {
                left,
                right,
                arrow: r.arrow,
                relations,
                min,
                max,
                var_length,
                shortest: false,
                evidence: Evidence {
                    window: None,
                    modalities: ModalitySet::ANY,
                    stated_only: false,
                    min_reports: 0,
                    min_outlets: 0,
                },
            },
            r.pos,
            r.types.clone(),
        ));
        Ok(())
    }

    /// Checks a `shortestPath` (or a path variable) and marks its relationship, the last
    /// one added: one undirected variable-length relationship between two nodes, from 0 or
    /// 1 hops, as [`KnowledgeGraph::try_connection`](crate::KnowledgeGraph::try_connection)
    /// searches.
    fn shortest(&mut self, p: &Pattern) -> Result<(), CypherError> {
        let at = p.path.as_ref().map_or(p.start.pos, |v| v.pos);
        if !p.shortest {
            return Err(type_error(
                at,
                "a path variable needs `shortestPath(...)`: `p = shortestPath((a)-[*..6]-(b))`"
                    .to_owned(),
            ));
        }
        let ([(r, _)], Some((spec, _, _))) = (p.steps.as_slice(), self.rels.last_mut()) else {
            return Err(type_error(
                at,
                "shortestPath takes one relationship between two nodes: `shortestPath((a)-[*..6]-(b))`"
                    .to_owned(),
            ));
        };
        let Some(length) = r.length else {
            return Err(type_error(
                r.pos,
                "shortestPath needs a variable-length relationship: `-[*..6]-`".to_owned(),
            ));
        };
        if r.arrow != Arrow::Both {
            return Err(type_error(
                r.pos,
                "shortestPath follows facts either way: write `-[...]-` without an arrow"
                    .to_owned(),
            ));
        }
        if length.min.unwrap_or(1) > 1 {
            return Err(type_error(
                r.pos,
                "shortestPath takes a lower bound of 0 or 1".to_owned(),
            ));
        }
        spec.shortest = true;
        let slot = self.rels.len() - 1;
        if let Some(v) = &p.path {
            if self.vars.contains_key(&v.name) {
                return Err(CypherError::Variable {
                    line: v.pos.line,
                    column: v.pos.column,
                    message: format!("variable `{}` is already bound", q(&v.name)),
                });
            }
            self.vars.insert(v.name.clone(), Var::Shortest(slot));
        }
        Ok(())
    }

    /// Every one-hop relationship pattern must be allowed by the schema for some kinds at
    /// its ends.
    fn check_schema(&self) -> Result<(), CypherError> {
        for (spec, pos, types) in &self.rels {
            if spec.var_length {
                continue;
            }
            let (Some(l), Some(r)) = (self.nodes.get(spec.left), self.nodes.get(spec.right)) else {
                continue;
            };
            let allows = |s: KindSet, o: KindSet| {
                spec.relations.iter().any(|rel| {
                    let sch = rel.schema();
                    s.iter().any(|k| sch.subject.contains(k))
                        && o.iter().any(|k| sch.object.contains(k))
                })
            };
            let (s, o) = match spec.arrow {
                Arrow::Left => (r.kinds, l.kinds),
                _ => (l.kinds, r.kinds),
            };
            let ok = allows(s, o) || (spec.arrow == Arrow::Both && allows(o, s));
            if !ok {
                let relation = if types.is_empty() {
                    "any relation".to_owned()
                } else {
                    types
                        .iter()
                        .map(|t| t.name.as_str())
                        .collect::<Vec<_>>()
                        .join("|")
                };
                return Err(CypherError::Schema {
                    line: pos.line,
                    column: pos.column,
                    relation,
                    subject: s,
                    object: o,
                });
            }
        }
        Ok(())
    }

    fn count_arg(&self, e: &Expr) -> Result<usize, CypherError> {
        let value = match e {
            Expr::Literal(Literal::Int(n), _) => Some(*n),
            Expr::Param(p) => match self.bake(self.slot(p)?.0) {
                CExpr::Const(Const::Int(n)) => Some(n),
                _ => None,
            },
            _ => None,
        };
        value.and_then(|n| usize::try_from(n).ok()).ok_or_else(|| {
            type_error(
                e.pos(),
                "SKIP and LIMIT take a non-negative integer".to_owned(),
            )
        })
    }

    fn param(&self, p: &Ident) -> Result<&Param, CypherError> {
        self.params
            .get(&p.name)
            .ok_or_else(|| CypherError::UnknownParameter {
                line: p.pos.line,
                column: p.pos.column,
                name: p.name.clone(),
            })
    }

    /// The slot of parameter `p`, and the type of its value.
    fn slot(&self, p: &Ident) -> Result<(CExpr, Ty), CypherError> {
        let value = self.param(p)?;
        let ty = match value {
            Param::Str(_) => Ty::Str,
            Param::Int(_) => Ty::Int,
            Param::Bool(_) => Ty::Bool,
            Param::Date(_) => Ty::Date,
        };
        let mut slots = self.slots.borrow_mut();
        let i = match slots.iter().position(|s| s.name == p.name) {
            Some(i) => i,
            None => {
                slots.push(Slot {
                    name: p.name.clone(),
                    value: value.clone(),
                    folded: String::new(),
                    fold: false,
                    baked: false,
                });
                slots.len() - 1
            }
        };
        Ok((CExpr::Param(i), ty))
    }

    /// A parameter's value compiled into the plan, as a constant.
    fn bake(&self, e: CExpr) -> CExpr {
        let CExpr::Param(i) = e else {
            return e;
        };
        match self.slots.borrow_mut().get_mut(i) {
            Some(s) => {
                s.baked = true;
                CExpr::Const(const_of(&s.value))
            }
            None => CExpr::Param(i),
        }
    }

    fn date_arg(&self, e: &Expr) -> Result<PartialDate, CypherError> {
        match self.bake(self.expr(e, false)?.0) {
            CExpr::Const(Const::Date(d)) => Ok(d),
            _ => Err(type_error(
                e.pos(),
                "AS OF and KNOWN BY take a date: date(\"1999-12-17\")".to_owned(),
            )),
        }
    }

    fn expr(&self, e: &Expr, top_count: bool) -> Result<(CExpr, Ty), CypherError> {
        let pos = e.pos();
        Ok(match e {
            Expr::Literal(l, _) => match l {
                Literal::Str(s) => (CExpr::Const(Const::Str(s.clone())), Ty::Str),
                Literal::Int(n) => (CExpr::Const(Const::Int(*n)), Ty::Int),
                Literal::Bool(b) => (CExpr::Const(Const::Bool(*b)), Ty::Bool),
            },
            Expr::Param(p) => self.slot(p)?,
            Expr::Var(v) => match self.var(v)? {
                Var::Node(i) => (CExpr::Node(i), Ty::Node),
                Var::Rel(i) => (CExpr::Rel(i), Ty::Rel),
                Var::Shortest(i) => (CExpr::Path(i), Ty::Path),
                Var::Path => return Err(path_var(v)),
            },
            Expr::Prop(v, p) => match self.var(v)? {
                Var::Node(i) => match NODE_PROPS.iter().find(|(n, _)| *n == p.name) {
                    Some((_, prop)) => (
                        CExpr::NodeProp(i, *prop),
                        if *prop == NodeProp::Aliases {
                            Ty::Strs
                        } else {
                            Ty::Str
                        },
                    ),
                    None => {
                        return Err(unknown(
                            p,
                            "node property",
                            NODE_PROPS.iter().map(|(n, _)| *n),
                        ));
                    }
                },
                Var::Rel(i) => match REL_PROPS.iter().find(|(n, _)| *n == p.name) {
                    Some((_, prop)) => {
                        let ty = match prop {
                            RelProp::Date
                            | RelProp::Valid
                            | RelProp::From
                            | RelProp::Until
                            | RelProp::Reported => Ty::Date,
                            RelProp::Reports
                            | RelProp::Outlets
                            | RelProp::Origins
                            | RelProp::Conflicts
                            | RelProp::Quantity(_) => Ty::Int,
                            RelProp::Stated => Ty::Bool,
                            p if p.is_many() => Ty::Strs,
                            _ => Ty::Str,
                        };
                        (CExpr::RelProp(i, *prop), ty)
                    }
                    None => {
                        return Err(unknown(
                            p,
                            "relationship property",
                            REL_PROPS.iter().map(|(n, _)| *n),
                        ));
                    }
                },
                Var::Path => return Err(path_var(v)),
                Var::Shortest(_) => {
                    return Err(type_error(
                        p.pos,
                        format!(
                            "`{}` is a path, which has no properties; `length({})` gives its hops",
                            q(&v.name),
                            q(&v.name)
                        ),
                    ));
                }
            },
            Expr::CountStar(_) => {
                if !top_count {
                    return Err(count_here(pos));
                }
                (CExpr::Count, Ty::Int)
            }
            Expr::Call(f, args) => match (f.name.as_str(), args.as_slice()) {
                ("count", [x]) => {
                    if !top_count {
                        return Err(count_here(pos));
                    }
                    self.expr(x, false)?;
                    (CExpr::Count, Ty::Int)
                }
                (name @ ("sum" | "max" | "min"), [x]) => {
                    if !top_count {
                        return Err(type_error(
                            pos,
                            format!("{name}() may only stand as a whole RETURN item"),
                        ));
                    }
                    let op = match name {
                        "sum" => AggOp::Sum,
                        "max" => AggOp::Max,
                        _ => AggOp::Min,
                    };
                    match self.expr(x, false)? {
                        (e, Ty::Int) => (CExpr::Agg(op, Box::new(e)), Ty::Int),
                        (_, ty) => {
                            return Err(type_error(
                                x.pos(),
                                format!(
                                    "{name}() takes an integer (r.personnel, r.money, r.reports, ...), not {}",
                                    ty.name()
                                ),
                            ));
                        }
                    }
                }
                ("date", [x]) => match self.expr(x, false).map(|(e, t)| (self.bake(e), t))? {
                    (CExpr::Const(Const::Str(s)), _) => {
                        let d = s
                            .parse::<PartialDate>()
                            .map_err(|error| CypherError::Date {
                                line: x.pos().line,
                                column: x.pos().column,
                                error,
                            })?;
                        (CExpr::Const(Const::Date(d)), Ty::Date)
                    }
                    (CExpr::Const(Const::Date(d)), _) => (CExpr::Const(Const::Date(d)), Ty::Date),
                    _ => {
                        return Err(type_error(
                            x.pos(),
                            "date() takes a string literal or parameter in EDTF (\"2004\", \"2004-11\", \"2004-11-19\")".to_owned(),
                        ));
                    }
                },
                ("fold", [x]) => match self.expr(x, false).map(|(e, t)| (self.bake(e), t))? {
                    (CExpr::Const(Const::Str(s)), _) => {
                        (CExpr::Const(Const::Str(normalize_name(&s))), Ty::Str)
                    }
                    (e, Ty::Str) => (CExpr::Fold(Box::new(e)), Ty::Str),
                    (_, ty) => {
                        return Err(type_error(
                            x.pos(),
                            format!("fold() takes a string, not {}", ty.name()),
                        ));
                    }
                },
                ("holds_post", [r, title]) => {
                    let rel = match self.expr(r, false)? {
                        (CExpr::Rel(i), _) => i,
                        (_, ty) => {
                            return Err(type_error(
                                r.pos(),
                                format!(
                                    "holds_post() takes a relationship variable of a \
                                     holds_position pattern, not {}",
                                    ty.name()
                                ),
                            ));
                        }
                    };
                    match self.expr(title, false)? {
                        (t, Ty::Str) => (CExpr::HoldsPost(rel, Box::new(t)), Ty::Bool),
                        (_, ty) => {
                            return Err(type_error(
                                title.pos(),
                                format!("holds_post() takes a title string, not {}", ty.name()),
                            ));
                        }
                    }
                }
                ("length", [x]) => match self.expr(x, false)? {
                    (CExpr::Path(i), _) => (CExpr::Length(i), Ty::Int),
                    (_, ty) => {
                        return Err(type_error(
                            x.pos(),
                            format!(
                                "length() takes a path variable (`p = shortestPath(...)`), not {}",
                                ty.name()
                            ),
                        ));
                    }
                },
                (name, _) if FUNCTIONS.contains(&name) => {
                    return Err(type_error(pos, format!("{name}() takes one argument")));
                }
                _ => return Err(unknown(f, "function", FUNCTIONS.iter().copied())),
            },
            Expr::Not(x, _) => {
                let e = self.bool_expr(x)?;
                (CExpr::Not(Box::new(e)), Ty::Bool)
            }
            Expr::Binary(op @ (BinOp::And | BinOp::Or), l, r) => {
                let (a, b) = (self.bool_expr(l)?, self.bool_expr(r)?);
                let e = if *op == BinOp::And {
                    CExpr::And(Box::new(a), Box::new(b))
                } else {
                    CExpr::Or(Box::new(a), Box::new(b))
                };
                (e, Ty::Bool)
            }
            Expr::Binary(op, l, r) => self.comparison(*op, l, r)?,
        })
    }

    fn bool_expr(&self, e: &Expr) -> Result<CExpr, CypherError> {
        match self.expr(e, false)? {
            (x, Ty::Bool) => Ok(x),
            (_, ty) => Err(type_error(
                e.pos(),
                format!("expected a boolean, found {}", ty.name()),
            )),
        }
    }

    fn comparison(&self, op: BinOp, l: &Expr, r: &Expr) -> Result<(CExpr, Ty), CypherError> {
        let (mut a, mut ta) = self.expr(l, false)?;
        let (mut b, mut tb) = self.expr(r, false)?;
        let mut op = op;
        let mut const_at = r;
        // A constant on the left: turn `date("2004") <= r.date` into `r.date >= date("2004")`.
        let constant = |e: &CExpr| matches!(e, CExpr::Const(_) | CExpr::Param(_));
        if constant(&a) && !constant(&b) && op != BinOp::Contains {
            std::mem::swap(&mut a, &mut b);
            std::mem::swap(&mut ta, &mut tb);
            const_at = l;
            op = match op {
                BinOp::Lt => BinOp::Gt,
                BinOp::Le => BinOp::Ge,
                BinOp::Gt => BinOp::Lt,
                BinOp::Ge => BinOp::Le,
                op => op,
            };
        }
        let pos = l.pos();
        let mismatch = || {
            type_error(
                pos,
                format!(
                    "cannot compare {} with {} by `{}`",
                    ta.name(),
                    tb.name(),
                    op.as_str()
                ),
            )
        };
        let ordered = matches!(op, BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge);
        match (ta, tb) {
            (Ty::Str | Ty::Strs, Ty::Str) if op == BinOp::Contains => {}
            _ if op == BinOp::Contains => return Err(mismatch()),
            (Ty::Strs, Ty::Str) if !ordered => {}
            (Ty::Str, Ty::Str) | (Ty::Int, Ty::Int) | (Ty::Date, Ty::Date) => {}
            (Ty::Bool, Ty::Bool) | (Ty::Node, Ty::Node) | (Ty::Rel, Ty::Rel) if !ordered => {}
            _ => return Err(mismatch()),
        }
        // Names of the vocabulary compared with a constant are checked and made canonical.
        if matches!(
            a,
            CExpr::NodeProp(_, NodeProp::Kind)
                | CExpr::RelProp(_, RelProp::Relation | RelProp::Modality)
        ) {
            b = self.bake(b);
        }
        if let (CExpr::NodeProp(_, NodeProp::Kind), CExpr::Const(Const::Str(s))) = (&a, &mut b) {
            match kind_named(s) {
                Some(k) => *s = k.as_str().to_owned(),
                None => {
                    return Err(bad_name(
                        const_at,
                        s,
                        "entity kind",
                        EntityKind::ALL.iter().map(|k| k.as_str()).collect(),
                    ));
                }
            }
        }
        if let (CExpr::RelProp(_, RelProp::Relation), CExpr::Const(Const::Str(s))) = (&a, &mut b) {
            match relation_named(s) {
                Some(rel) => *s = rel.as_str().to_owned(),
                None => {
                    return Err(bad_name(
                        const_at,
                        s,
                        "relation",
                        Relation::ALL.iter().map(|r| r.as_str()).collect(),
                    ));
                }
            }
        }
        if let (CExpr::RelProp(_, RelProp::Modality), CExpr::Const(Const::Str(s))) = (&a, &b) {
            if s.parse::<Modality>().is_err() {
                return Err(bad_name(
                    const_at,
                    s,
                    "modality",
                    Modality::ALL.iter().map(|m| m.as_str()).collect(),
                ));
            }
        }
        Ok((CExpr::Cmp(op, Box::new(a), Box::new(b)), Ty::Bool))
    }

    fn var(&self, v: &Ident) -> Result<Var, CypherError> {
        self.vars.get(&v.name).copied().ok_or_else(|| {
            let hint = closest(&v.name, self.vars.keys().map(String::as_str))
                .map_or(String::new(), |s| format!("; did you mean `{}`?", q(&s)));
            CypherError::Variable {
                line: v.pos.line,
                column: v.pos.column,
                message: format!("variable `{}` is not defined{hint}", q(&v.name)),
            }
        })
    }
}

fn bad_name(
    at_expr: &Expr,
    s: &str,
    what: &'static str,
    vocabulary: Vec<&'static str>,
) -> CypherError {
    let (line, column) = at(at_expr.pos());
    CypherError::Unknown {
        line,
        column,
        what,
        name: s.to_owned(),
        suggestion: closest(s, vocabulary.iter().copied()),
        known: vocabulary,
    }
}

fn path_var(v: &Ident) -> CypherError {
    CypherError::Variable {
        line: v.pos.line,
        column: v.pos.column,
        message: format!(
            "`{}` names a variable-length relationship, which this subset cannot return or compare; its facts are in each row's facts",
            q(&v.name)
        ),
    }
}

fn count_here(pos: Pos) -> CypherError {
    type_error(
        pos,
        "count() may only stand as a whole RETURN item".to_owned(),
    )
}
