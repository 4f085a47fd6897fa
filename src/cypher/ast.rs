//! The syntax tree of a query. [`Display`](std::fmt::Display) prints the canonical text:
//! keywords in upper case, one space between clauses, strings in double quotes, and
//! parentheses only where precedence needs them. Parsing the printed text gives an equal
//! tree.

use std::fmt;

/// Where something was written: line and column, both from 1 (columns count characters).
///
/// Positions are not part of a query's meaning: every `Pos` equals every other, so that a
/// query equals its reprinted form whatever its layout.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1, in characters.
    pub column: u32,
}

impl PartialEq for Pos {
    fn eq(&self, _: &Pos) -> bool {
        true
    }
}

impl Eq for Pos {}

/// A name as written (variable, label, relation type, property, parameter, alias), with
/// its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it was written.
    pub pos: Pos,
}

/// A whole query: `MATCH` clauses, optional time views, and `RETURN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// One or more `MATCH` clauses, each with its patterns and optional `WHERE`.
    pub matches: Vec<MatchClause>,
    /// `AS OF expr`: the valid-time view.
    pub as_of: Option<Expr>,
    /// `KNOWN BY expr`: the report-time view.
    pub known_by: Option<Expr>,
    /// The `RETURN` clause with ordering and paging.
    pub ret: Return,
}

/// `MATCH pattern, ... [WHERE expr]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchClause {
    /// The comma-separated patterns.
    pub patterns: Vec<Pattern>,
    /// The condition.
    pub filter: Option<Expr>,
}

/// A path pattern: a node, then relationship and node steps; or, written
/// `p = shortestPath((a)-[*..6]-(b))`, the shortest path between two nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The path variable (`p = ...`), for a `shortestPath`.
    pub path: Option<Ident>,
    /// Whether the pattern is wrapped in `shortestPath(...)`: the shortest chain of facts
    /// between its two nodes rather than every path.
    pub shortest: bool,
    /// The first node.
    pub start: NodePattern,
    /// The steps after it.
    pub steps: Vec<(RelPattern, NodePattern)>,
}

/// `(var:label {key: value, ...})`, every part optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodePattern {
    /// The variable.
    pub var: Option<Ident>,
    /// The label: an entity kind.
    pub label: Option<Ident>,
    /// The property map (`name`, `key`), values literals or parameters.
    pub props: Vec<(Ident, Expr)>,
    /// Where the `(` was written.
    pub pos: Pos,
}

/// Which way a relationship pattern points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arrow {
    /// `-[]->`: from the left node (subject) to the right one (object).
    Right,
    /// `<-[]-`: from the right node (subject) to the left one (object).
    Left,
    /// `-[]-`: either way.
    Both,
}

/// The bounds of a variable-length relationship, `*min..max`; a missing bound is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Length {
    /// The fewest hops (1 when absent).
    pub min: Option<u32>,
    /// The most hops (the budget's `max_hops` when absent).
    pub max: Option<u32>,
}

/// `-[var:type|type*min..max]->` and its other directions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelPattern {
    /// The variable.
    pub var: Option<Ident>,
    /// The relation types, any of which may match (none: every relation).
    pub types: Vec<Ident>,
    /// The direction.
    pub arrow: Arrow,
    /// Bounds, for a variable-length relationship.
    pub length: Option<Length>,
    /// Where the relationship's first character was written.
    pub pos: Pos,
}

/// A literal value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// A string.
    Str(String),
    /// A non-negative integer.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `OR`.
    Or,
    /// `AND`.
    And,
    /// `=`.
    Eq,
    /// `<>`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `CONTAINS`.
    Contains,
}

impl BinOp {
    /// The operator as written.
    pub const fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "OR",
            BinOp::And => "AND",
            BinOp::Eq => "=",
            BinOp::Ne => "<>",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Contains => "CONTAINS",
        }
    }

    /// Binding strength: `OR` 1, `AND` 2, comparisons 4 (`NOT` is 3).
    const fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            _ => 4,
        }
    }
}

/// An expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A literal.
    Literal(Literal, Pos),
    /// `$name`.
    Param(Ident),
    /// A variable.
    Var(Ident),
    /// `var.property`.
    Prop(Ident, Ident),
    /// `function(args)`; the name is kept in lower case.
    Call(Ident, Vec<Expr>),
    /// `count(*)`.
    CountStar(Pos),
    /// `NOT expr`.
    Not(Box<Expr>, Pos),
    /// `left op right`.
    Binary(BinOp, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Where the expression starts.
    pub fn pos(&self) -> Pos {
        match self {
            Expr::Literal(_, p) | Expr::CountStar(p) | Expr::Not(_, p) => *p,
            Expr::Param(i) | Expr::Var(i) | Expr::Prop(i, _) | Expr::Call(i, _) => i.pos,
            Expr::Binary(_, l, _) => l.pos(),
        }
    }

    fn precedence(&self) -> u8 {
        match self {
            Expr::Binary(op, ..) => op.precedence(),
            Expr::Not(..) => 3,
            _ => 5,
        }
    }
}

/// `RETURN [DISTINCT] item, ... [ORDER BY ...] [SKIP n] [LIMIT n]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Return {
    /// Whether equal rows are merged (their facts united).
    pub distinct: bool,
    /// The returned expressions.
    pub items: Vec<ReturnItem>,
    /// The sort keys.
    pub order: Vec<OrderItem>,
    /// Rows to skip: an integer literal or a parameter.
    pub skip: Option<Expr>,
    /// Rows to keep: an integer literal or a parameter.
    pub limit: Option<Expr>,
}

/// `expr [AS alias]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnItem {
    /// The expression.
    pub expr: Expr,
    /// The column name given.
    pub alias: Option<Ident>,
}

/// `expr [ASC|DESC]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderItem {
    /// A returned expression or a column alias.
    pub expr: Expr,
    /// `DESC`.
    pub descending: bool,
}

/// Writes `s` as a double-quoted string literal that the lexer reads back to `s`.
pub(crate) fn quote(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            '\r' => f.write_str("\\r")?,
            c if c.is_control() => write!(f, "\\u{{{:x}}}", c as u32)?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Str(s) => quote(f, s),
            Literal::Int(n) => write!(f, "{n}"),
            Literal::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Parenthesizes a child that binds more loosely than `min`.
        let child = |f: &mut fmt::Formatter<'_>, e: &Expr, min: u8| {
            if e.precedence() < min {
                write!(f, "({e})")
            } else {
                write!(f, "{e}")
            }
        };
        match self {
            Expr::Literal(l, _) => write!(f, "{l}"),
            Expr::Param(p) => write!(f, "${p}"),
            Expr::Var(v) => write!(f, "{v}"),
            Expr::Prop(v, p) => write!(f, "{v}.{p}"),
            Expr::Call(name, args) => {
                write!(f, "{name}(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
            Expr::CountStar(_) => f.write_str("count(*)"),
            Expr::Not(e, _) => {
                f.write_str("NOT ")?;
                child(f, e, 3)
            }
            Expr::Binary(op, l, r) => {
                let p = op.precedence();
                // Left-associative AND/OR: the right child needs parentheses at equal
                // strength; comparisons do not chain, so both sides need them.
                let (lmin, rmin) = if p == 4 { (5, 5) } else { (p, p + 1) };
                child(f, l, lmin)?;
                write!(f, " {} ", op.as_str())?;
                child(f, r, rmin)
            }
        }
    }
}

impl fmt::Display for NodePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        if let Some(v) = &self.var {
            write!(f, "{v}")?;
        }
        if let Some(l) = &self.label {
            write!(f, ":{l}")?;
        }
        if !self.props.is_empty() {
            if self.var.is_some() || self.label.is_some() {
                f.write_str(" ")?;
            }
            f.write_str("{")?;
            for (i, (k, v)) in self.props.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{k}: {v}")?;
            }
            f.write_str("}")?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for RelPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.arrow == Arrow::Left {
            "<-["
        } else {
            "-["
        })?;
        if let Some(v) = &self.var {
            write!(f, "{v}")?;
        }
        for (i, t) in self.types.iter().enumerate() {
            f.write_str(if i == 0 { ":" } else { "|" })?;
            write!(f, "{t}")?;
        }
        if let Some(len) = self.length {
            f.write_str("*")?;
            if let Some(min) = len.min {
                write!(f, "{min}")?;
            }
            if len.min.is_some() || len.max.is_some() {
                f.write_str("..")?;
            }
            if let Some(max) = len.max {
                write!(f, "{max}")?;
            }
        }
        f.write_str(if self.arrow == Arrow::Right {
            "]->"
        } else {
            "]-"
        })
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{p} = ")?;
        }
        if self.shortest {
            f.write_str("shortestPath(")?;
        }
        write!(f, "{}", self.start)?;
        for (r, n) in &self.steps {
            write!(f, "{r}{n}")?;
        }
        if self.shortest {
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, m) in self.matches.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str("MATCH ")?;
            for (j, p) in m.patterns.iter().enumerate() {
                if j > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{p}")?;
            }
            if let Some(w) = &m.filter {
                write!(f, " WHERE {w}")?;
            }
        }
        if let Some(d) = &self.as_of {
            write!(f, " AS OF {d}")?;
        }
        if let Some(d) = &self.known_by {
            write!(f, " KNOWN BY {d}")?;
        }
        let r = &self.ret;
        f.write_str(" RETURN ")?;
        if r.distinct {
            f.write_str("DISTINCT ")?;
        }
        for (i, item) in r.items.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", item.expr)?;
            if let Some(a) = &item.alias {
                write!(f, " AS {a}")?;
            }
        }
        for (i, o) in r.order.iter().enumerate() {
            f.write_str(if i == 0 { " ORDER BY " } else { ", " })?;
            write!(f, "{}", o.expr)?;
            if o.descending {
                f.write_str(" DESC")?;
            }
        }
        if let Some(s) = &r.skip {
            write!(f, " SKIP {s}")?;
        }
        if let Some(l) = &r.limit {
            write!(f, " LIMIT {l}")?;
        }
        Ok(())
    }
}
