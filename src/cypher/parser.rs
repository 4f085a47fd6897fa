//! Tokens to a syntax tree, by recursive descent. See `docs/CYPHER.md` for the grammar.

use super::ast::{
    Arrow, BinOp, Expr, Ident, Length, Literal, MatchClause, NodePattern, OrderItem, Pattern, Pos,
    Query, RelPattern, Return, ReturnItem,
};
use super::error::CypherError;
use super::lexer::{Tok, Token, tokenize};

/// Words that cannot name a variable or an alias.
pub(crate) const KEYWORDS: &[&str] = &[
    "MATCH", "WHERE", "RETURN", "AS", "OF", "KNOWN", "BY", "DISTINCT", "ORDER", "ASC", "DESC",
    "SKIP", "LIMIT", "AND", "OR", "NOT", "CONTAINS", "TRUE", "FALSE",
];

/// How deeply expressions may nest: deeper text is refused rather than risking the stack.
const MAX_DEPTH: u32 = 64;

/// The most `AND`/`OR` operators in a query: a chain of them is a tree as deep as it is
/// long, which printing and checking walk recursively.
const MAX_CONNECTIVES: u32 = 256;

/// The most relationship and node patterns in a query: the search recurses once per step.
const MAX_PATTERN_PARTS: usize = 128;

/// Parses a whole query.
pub(crate) fn parse(text: &str) -> Result<Query, CypherError> {
    let tokens = tokenize(text)?;
    let mut p = Parser {
        tokens,
        i: 0,
        depth: 0,
        connectives: 0,
        parts: 0,
    };
    let q = p.query()?;
    p.expect(&Tok::End, "the end of the query")?;
    Ok(q)
}

struct Parser {
    tokens: Vec<Token>,
    i: usize,
    depth: u32,
    connectives: u32,
    parts: usize,
}

fn is_keyword(s: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(s))
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.tokens.get(self.i).map_or(&Tok::End, |t| &t.tok)
    }

    fn peek_at(&self, n: usize) -> &Tok {
        self.tokens.get(self.i + n).map_or(&Tok::End, |t| &t.tok)
    }

    fn pos(&self) -> Pos {
        self.tokens
            .get(self.i)
            .or_else(|| self.tokens.last())
            .map_or(Pos { line: 1, column: 1 }, |t| t.pos)
    }

    fn bump(&mut self) {
        if self.i + 1 < self.tokens.len() {
            self.i += 1;
        }
    }

    fn error(&self, expected: &str) -> CypherError {
        let pos = self.pos();
        CypherError::Syntax {
            line: pos.line,
            column: pos.column,
            message: format!("expected {expected}, found {}", self.peek().describe()),
        }
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == tok {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<(), CypherError> {
        if self.eat(tok) {
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    fn at_keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Ident(s) if s.eq_ignore_ascii_case(kw))
    }

    fn eat_keyword(&mut self, kw: &str) -> bool {
        if self.at_keyword(kw) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect_keyword(&mut self, kw: &str) -> Result<(), CypherError> {
        if self.eat_keyword(kw) {
            Ok(())
        } else {
            Err(self.error(&format!("`{kw}`")))
        }
    }

    /// Any name, keywords included (labels, types, properties, map keys).
    fn name(&mut self, what: &str) -> Result<Ident, CypherError> {
        let pos = self.pos();
        match self.peek().clone() {
            Tok::Ident(name) => {
                self.bump();
                Ok(Ident { name, pos })
            }
            _ => Err(self.error(what)),
        }
    }

    /// A name that is not a keyword (variables, aliases).
    fn variable(&mut self, what: &str) -> Result<Ident, CypherError> {
        match self.peek() {
            Tok::Ident(s) if !is_keyword(s) => self.name(what),
            _ => Err(self.error(what)),
        }
    }

    fn query(&mut self) -> Result<Query, CypherError> {
        let mut matches = Vec::new();
        if !self.at_keyword("MATCH") {
            return Err(self.error("`MATCH`"));
        }
        while self.eat_keyword("MATCH") {
            let mut patterns = vec![self.pattern()?];
            while self.eat(&Tok::Comma) {
                patterns.push(self.pattern()?);
            }
            let filter = if self.eat_keyword("WHERE") {
                Some(self.expr()?)
            } else {
                None
            };
            matches.push(MatchClause { patterns, filter });
        }
        let mut as_of = None;
        let mut known_by = None;
        if self.eat_keyword("AS") {
            self.expect_keyword("OF")?;
            as_of = Some(self.expr()?);
        }
        if self.eat_keyword("KNOWN") {
            self.expect_keyword("BY")?;
            known_by = Some(self.expr()?);
        }
        if !self.at_keyword("RETURN") {
            let what = match (as_of.is_some(), known_by.is_some()) {
                (false, false) => "`MATCH`, `WHERE`, `AS OF`, `KNOWN BY` or `RETURN`",
                (true, false) => "`KNOWN BY` or `RETURN`",
                _ => "`RETURN`",
            };
            return Err(self.error(what));
        }
        self.bump();
        let ret = self.ret()?;
        Ok(Query {
            matches,
            as_of,
            known_by,
            ret,
        })
    }

    fn pattern(&mut self) -> Result<Pattern, CypherError> {
        let path = if matches!(self.peek(), Tok::Ident(_)) && *self.peek_at(1) == Tok::Eq {
            let v = self.variable("a path variable")?;
            self.bump();
            Some(v)
        } else {
            None
        };
        let shortest = matches!(self.peek(), Tok::Ident(s) if s.eq_ignore_ascii_case("shortestPath"))
            && *self.peek_at(1) == Tok::LParen;
        if shortest {
            self.bump();
            self.bump();
        }
        let start = self.node()?;
        let mut steps = Vec::new();
        while matches!(self.peek(), Tok::Minus | Tok::Lt) {
            let rel = self.rel()?;
            let node = self.node()?;
            steps.push((rel, node));
        }
        if shortest {
            self.expect(&Tok::RParen, "`)` closing `shortestPath(`")?;
        }
        Ok(Pattern {
            path,
            shortest,
            start,
            steps,
        })
    }

    fn node(&mut self) -> Result<NodePattern, CypherError> {
        self.part()?;
        let pos = self.pos();
        self.expect(&Tok::LParen, "`(` opening a node pattern")?;
        let var = match self.peek() {
            Tok::Ident(_) => Some(self.variable("a variable")?),
            _ => None,
        };
        let label = if self.eat(&Tok::Colon) {
            Some(self.name("a kind after `:`")?)
        } else {
            None
        };
        let mut props = Vec::new();
        if self.eat(&Tok::LBrace) && !self.eat(&Tok::RBrace) {
            loop {
                let key = self.name("a property name")?;
                self.expect(&Tok::Colon, "`:` after the property name")?;
                let value = self.expr()?;
                props.push((key, value));
                if self.eat(&Tok::RBrace) {
                    break;
                }
                self.expect(&Tok::Comma, "`,` or `}`")?;
            }
        }
        self.expect(&Tok::RParen, "`)` closing the node pattern")?;
        Ok(NodePattern {
            var,
            label,
            props,
            pos,
        })
    }

    fn rel(&mut self) -> Result<RelPattern, CypherError> {
        self.part()?;
        let pos = self.pos();
        let left = self.eat(&Tok::Lt);
        self.expect(&Tok::Minus, "`-`")?;
        let mut var = None;
        let mut types = Vec::new();
        let mut length = None;
        if self.eat(&Tok::LBracket) {
            if let Tok::Ident(_) = self.peek() {
                var = Some(self.variable("a variable")?);
            }
            if self.eat(&Tok::Colon) {
                types.push(self.name("a relation type after `:`")?);
                while self.eat(&Tok::Pipe) {
                    self.eat(&Tok::Colon);
                    types.push(self.name("a relation type after `|`")?);
                }
            }
            if self.eat(&Tok::Star) {
                let min = self.opt_u32()?;
                let (min, max) = if self.eat(&Tok::DotDot) {
                    (min, self.opt_u32()?)
                } else {
                    (min, min)
                };
                length = Some(Length { min, max });
            }
            self.expect(&Tok::RBracket, "`]` closing the relationship pattern")?;
        }
        self.expect(&Tok::Minus, "`-`")?;
        let right = self.eat(&Tok::Gt);
        let arrow = match (left, right) {
            (false, true) => Arrow::Right,
            (true, false) => Arrow::Left,
            (false, false) => Arrow::Both,
            (true, true) => {
                return Err(CypherError::Syntax {
                    line: pos.line,
                    column: pos.column,
                    message: "a relationship points one way or none, not both".into(),
                });
            }
        };
        Ok(RelPattern {
            var,
            types,
            arrow,
            length,
            pos,
        })
    }

    fn opt_u32(&mut self) -> Result<Option<u32>, CypherError> {
        match *self.peek() {
            Tok::Int(n) => {
                let n = u32::try_from(n).map_err(|_| self.error("a path length below 2^32"))?;
                self.bump();
                Ok(Some(n))
            }
            _ => Ok(None),
        }
    }

    fn ret(&mut self) -> Result<Return, CypherError> {
        let distinct = self.eat_keyword("DISTINCT");
        let mut items = Vec::new();
        loop {
            let expr = self.expr()?;
            let alias = if self.eat_keyword("AS") {
                Some(self.variable("a column name after `AS`")?)
            } else {
                None
            };
            items.push(ReturnItem { expr, alias });
            if !self.eat(&Tok::Comma) {
                break;
            }
        }
        let mut order = Vec::new();
        if self.eat_keyword("ORDER") {
            self.expect_keyword("BY")?;
            loop {
                let expr = self.expr()?;
                let descending = if self.eat_keyword("DESC") {
                    true
                } else {
                    self.eat_keyword("ASC");
                    false
                };
                order.push(OrderItem { expr, descending });
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        let skip = if self.eat_keyword("SKIP") {
            Some(self.count_arg()?)
        } else {
            None
        };
        let limit = if self.eat_keyword("LIMIT") {
            Some(self.count_arg()?)
        } else {
            None
        };
        Ok(Return {
            distinct,
            items,
            order,
            skip,
            limit,
        })
    }

    /// An integer literal or a parameter, for `SKIP` and `LIMIT`.
    fn count_arg(&mut self) -> Result<Expr, CypherError> {
        let pos = self.pos();
        match self.peek().clone() {
            Tok::Int(n) => {
                self.bump();
                Ok(Expr::Literal(Literal::Int(n), pos))
            }
            Tok::Param(name) => {
                self.bump();
                Ok(Expr::Param(Ident { name, pos }))
            }
            _ => Err(self.error("an integer or a parameter")),
        }
    }

    fn expr(&mut self) -> Result<Expr, CypherError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let pos = self.pos();
            return Err(CypherError::Syntax {
                line: pos.line,
                column: pos.column,
                message: format!("expression nested more than {MAX_DEPTH} deep"),
            });
        }
        let e = self.or();
        self.depth -= 1;
        e
    }

    /// Counts one `AND`/`OR`, refusing more than [`MAX_CONNECTIVES`].
    fn connective(&mut self) -> Result<(), CypherError> {
        self.connectives += 1;
        if self.connectives > MAX_CONNECTIVES {
            let pos = self.pos();
            return Err(CypherError::Syntax {
                line: pos.line,
                column: pos.column,
                message: format!("more than {MAX_CONNECTIVES} AND/OR operators"),
            });
        }
        Ok(())
    }

    /// Counts one node or relationship pattern, refusing more than [`MAX_PATTERN_PARTS`].
    fn part(&mut self) -> Result<(), CypherError> {
        self.parts += 1;
        if self.parts > MAX_PATTERN_PARTS {
            let pos = self.pos();
            return Err(CypherError::Syntax {
                line: pos.line,
                column: pos.column,
                message: format!("more than {MAX_PATTERN_PARTS} node and relationship patterns"),
            });
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, CypherError> {
        let mut l = self.and()?;
        while self.eat_keyword("OR") {
            self.connective()?;
            let r = self.and()?;
            l = Expr::Binary(BinOp::Or, Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn and(&mut self) -> Result<Expr, CypherError> {
        let mut l = self.not()?;
        while self.eat_keyword("AND") {
            self.connective()?;
            let r = self.not()?;
            l = Expr::Binary(BinOp::And, Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn not(&mut self) -> Result<Expr, CypherError> {
        let pos = self.pos();
        if self.eat_keyword("NOT") {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(CypherError::Syntax {
                    line: pos.line,
                    column: pos.column,
                    message: format!("expression nested more than {MAX_DEPTH} deep"),
                });
            }
            let e = self.not();
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(e?), pos));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, CypherError> {
        let l = self.primary()?;
        let op = match self.peek() {
            Tok::Eq => BinOp::Eq,
            Tok::Ne => BinOp::Ne,
            Tok::Lt => BinOp::Lt,
            Tok::Le => BinOp::Le,
            Tok::Gt => BinOp::Gt,
            Tok::Ge => BinOp::Ge,
            Tok::Ident(s) if s.eq_ignore_ascii_case("CONTAINS") => BinOp::Contains,
            _ => return Ok(l),
        };
        self.bump();
        let r = self.primary()?;
        Ok(Expr::Binary(op, Box::new(l), Box::new(r)))
    }

    fn primary(&mut self) -> Result<Expr, CypherError> {
        let pos = self.pos();
        match self.peek().clone() {
            Tok::Str(s) => {
                self.bump();
                Ok(Expr::Literal(Literal::Str(s), pos))
            }
            Tok::Int(n) => {
                self.bump();
                Ok(Expr::Literal(Literal::Int(n), pos))
            }
            Tok::Param(name) => {
                self.bump();
                Ok(Expr::Param(Ident { name, pos }))
            }
            Tok::LParen => {
                self.bump();
                let e = self.expr()?;
                self.expect(&Tok::RParen, "`)`")?;
                Ok(e)
            }
            Tok::Ident(s) if s.eq_ignore_ascii_case("true") => {
                self.bump();
                Ok(Expr::Literal(Literal::Bool(true), pos))
            }
            Tok::Ident(s) if s.eq_ignore_ascii_case("false") => {
                self.bump();
                Ok(Expr::Literal(Literal::Bool(false), pos))
            }
            Tok::Ident(name) if *self.peek_at(1) == Tok::LParen => {
                self.bump();
                self.bump();
                let name = name.to_ascii_lowercase();
                if name == "count" && *self.peek() == Tok::Star {
                    self.bump();
                    self.expect(&Tok::RParen, "`)`")?;
                    return Ok(Expr::CountStar(pos));
                }
                let mut args = Vec::new();
                if !self.eat(&Tok::RParen) {
                    loop {
                        args.push(self.expr()?);
                        if self.eat(&Tok::RParen) {
                            break;
                        }
                        self.expect(&Tok::Comma, "`,` or `)`")?;
                    }
                }
                Ok(Expr::Call(Ident { name, pos }, args))
            }
            Tok::Ident(_) => {
                let v = self.variable("an expression")?;
                if self.eat(&Tok::Dot) {
                    let p = self.name("a property name after `.`")?;
                    Ok(Expr::Prop(v, p))
                } else {
                    Ok(Expr::Var(v))
                }
            }
            _ => Err(self.error("an expression")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        let q = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let printed = q.to_string();
        let again = parse(&printed).unwrap_or_else(|e| panic!("{printed}: {e}"));
        assert_eq!(q, again, "{printed}");
        printed
    }

    #[test]
    fn prints_canonical_text() {
        assert_eq!(
            round_trip(
                "match (p:Person)-[m:met]-(q:Person {name: 'Sembinov'}) return p, m.date, m.sources"
            ),
            "MATCH (p:Person)-[m:met]-(q:Person {name: \"Sembinov\"}) RETURN p, m.date, m.sources"
        );
        assert_eq!(
            round_trip(
                "MATCH (a)<--(b), (c)-[:part_of*1..3]->(d) WHERE NOT (a.name = 'x' OR b.key <> $k) AND c.kind = 'place' RETURN DISTINCT a AS x, COUNT(*) ORDER BY x desc SKIP 1 LIMIT $n"
            ),
            "MATCH (a)<-[]-(b), (c)-[:part_of*1..3]->(d) WHERE NOT (a.name = \"x\" OR b.key <> $k) AND c.kind = \"place\" RETURN DISTINCT a AS x, count(*) ORDER BY x DESC SKIP 1 LIMIT $n"
        );
        round_trip(
            "MATCH (a)-[r:met|visited*2]-(b) AS OF date(\"1999\") KNOWN BY date('2004') RETURN a",
        );
        round_trip("MATCH (a) WHERE a OR (b AND c) OR NOT NOT d RETURN a");
        assert_eq!(
            round_trip("match p=SHORTESTPATH((a {name: $a})-[:met|:signed*..4]-(b)) return p"),
            "MATCH p = shortestPath((a {name: $a})-[:met|signed*..4]-(b)) RETURN p"
        );
        round_trip("MATCH shortestPath((a)-[*]-(b)), q = (c) RETURN length(q)");
    }

    #[test]
    fn errors_are_located() {
        let e = parse("MATCH (a)\nRETURN a.name AS").unwrap_err();
        assert_eq!(e.position(), Some((2, 17)));
        assert!(e.to_string().contains("expected a column name"), "{e}");
        let e = parse("MATCH (a)<-[r]->(b) RETURN a").unwrap_err();
        assert_eq!(e.position(), Some((1, 10)));
        let deep = format!(
            "MATCH (a) WHERE {}a{} RETURN a",
            "(".repeat(200),
            ")".repeat(200)
        );
        assert!(parse(&deep).is_err());
        let nots = format!("MATCH (a) WHERE {}a RETURN a", "NOT ".repeat(200));
        assert!(parse(&nots).is_err());
        let chain = format!("MATCH (a) WHERE a{} RETURN a", " AND a".repeat(300));
        assert!(
            parse(&chain)
                .unwrap_err()
                .to_string()
                .contains("more than 256 AND/OR")
        );
        let long = format!("MATCH (a){} RETURN a", "--()".repeat(100));
        assert!(
            parse(&long)
                .unwrap_err()
                .to_string()
                .contains("more than 128 node")
        );
    }
}
