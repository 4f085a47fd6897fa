//! Text to tokens, each with its line and column.

use super::ast::Pos;
use super::error::CypherError;

/// A token of the query language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A name: keyword, variable, label, property or function.
    Ident(String),
    /// A string literal, unescaped.
    Str(String),
    /// A non-negative integer literal.
    Int(i64),
    /// `$name`.
    Param(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Colon,
    Comma,
    Dot,
    DotDot,
    Pipe,
    Star,
    Minus,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    /// The end of the text.
    End,
}

impl Tok {
    /// The token as quoted in a syntax error.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("`{}`", super::error::q(s)),
            Tok::Str(_) => "a string".into(),
            Tok::Int(n) => format!("`{n}`"),
            Tok::Param(p) => format!("`${}`", super::error::q(p)),
            Tok::End => "the end of the query".into(),
            t => format!("`{}`", t.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::Colon => ":",
            Tok::Comma => ",",
            Tok::Dot => ".",
            Tok::DotDot => "..",
            Tok::Pipe => "|",
            Tok::Star => "*",
            Tok::Minus => "-",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::Eq => "=",
            Tok::Ne => "<>",
            _ => "",
        }
    }
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) pos: Pos,
}

/// Splits `text` into tokens, ending with [`Tok::End`]. `//` starts a comment to the end
/// of the line. O(length of the text).
pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, CypherError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1u32, 1u32);
    let at = |i: usize| chars.get(i).copied();
    while let Some(c) = at(i) {
        let pos = Pos { line, column: col };
        let err = |message: String| CypherError::Syntax {
            line: pos.line,
            column: pos.column,
            message,
        };
        if c == '\n' {
            i += 1;
            line += 1;
            col = 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            col += 1;
            continue;
        }
        if c == '/' && at(i + 1) == Some('/') {
            while at(i).is_some_and(|c| c != '\n') {
                i += 1;
                col += 1;
            }
            continue;
        }
        let start = i;
        let tok = if c.is_ascii_alphabetic() || c == '_' {
            while at(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                i += 1;
            }
            Tok::Ident(chars.get(start..i).unwrap_or_default().iter().collect())
        } else if c == '$' {
            i += 1;
            while at(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                i += 1;
            }
            if i == start + 1 {
                return Err(err("`$` must be followed by a parameter name".into()));
            }
            Tok::Param(chars.get(start + 1..i).unwrap_or_default().iter().collect())
        } else if c.is_ascii_digit() {
            while at(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            let digits: String = chars.get(start..i).unwrap_or_default().iter().collect();
            match digits.parse::<i64>() {
                Ok(n) => Tok::Int(n),
                Err(_) => {
                    return Err(err(format!(
                        "integer `{}` is too large",
                        super::error::q(digits)
                    )));
                }
            }
        } else if c == '"' || c == '\'' {
            let (s, next, lines, last_col) = string(&chars, i, c, line, col)?;
            i = next;
            out.push(Token {
                tok: Tok::Str(s),
                pos,
            });
            if lines > 0 {
                line += lines;
                col = last_col;
            } else {
                col += (next - start) as u32;
            }
            continue;
        } else {
            let two = at(i + 1);
            let (tok, len) = match (c, two) {
                ('<', Some('=')) => (Tok::Le, 2),
                ('<', Some('>')) => (Tok::Ne, 2),
                ('>', Some('=')) => (Tok::Ge, 2),
                ('.', Some('.')) => (Tok::DotDot, 2),
                ('(', _) => (Tok::LParen, 1),
                (')', _) => (Tok::RParen, 1),
                ('[', _) => (Tok::LBracket, 1),
                (']', _) => (Tok::RBracket, 1),
                ('{', _) => (Tok::LBrace, 1),
                ('}', _) => (Tok::RBrace, 1),
                (':', _) => (Tok::Colon, 1),
                (',', _) => (Tok::Comma, 1),
                ('.', _) => (Tok::Dot, 1),
                ('|', _) => (Tok::Pipe, 1),
                ('*', _) => (Tok::Star, 1),
                ('-', _) => (Tok::Minus, 1),
                ('<', _) => (Tok::Lt, 1),
                ('>', _) => (Tok::Gt, 1),
                ('=', _) => (Tok::Eq, 1),
                _ => {
                    return Err(err(format!(
                        "unexpected character `{}`",
                        super::error::q(c)
                    )));
                }
            };
            i += len;
            tok
        };
        col += (i - start) as u32;
        out.push(Token { tok, pos });
    }
    out.push(Token {
        tok: Tok::End,
        pos: Pos { line, column: col },
    });
    Ok(out)
}

/// Reads a string literal opening at `start` with `quote`: the text, the index after the
/// closing quote, the number of line breaks inside, and the column after it.
fn string(
    chars: &[char],
    start: usize,
    quote: char,
    line: u32,
    col: u32,
) -> Result<(String, usize, u32, u32), CypherError> {
    let mut s = String::new();
    let mut i = start + 1;
    let (mut l, mut c) = (line, col + 1);
    loop {
        let here = (l, c);
        let err = |message: &str| CypherError::Syntax {
            line: here.0,
            column: here.1,
            message: message.to_owned(),
        };
        match chars.get(i).copied() {
            None => {
                return Err(CypherError::Syntax {
                    line,
                    column: col,
                    message: "string not closed".into(),
                });
            }
            Some(ch) if ch == quote => return Ok((s, i + 1, l - line, c + 1)),
            Some('\\') => {
                let e = chars.get(i + 1).copied();
                let (ch, len) = match e {
                    Some('n') => ('\n', 2),
                    Some('t') => ('\t', 2),
                    Some('r') => ('\r', 2),
                    Some('\\') => ('\\', 2),
                    Some('"') => ('"', 2),
                    Some('\'') => ('\'', 2),
                    Some('u') => {
                        // \u{X...}: up to six hexadecimal digits.
                        if chars.get(i + 2) != Some(&'{') {
                            return Err(err("expected `{` after `\\u`"));
                        }
                        let mut j = i + 3;
                        let mut hex = String::new();
                        while let Some(h) = chars.get(j).filter(|h| h.is_ascii_hexdigit()) {
                            hex.push(*h);
                            j += 1;
                        }
                        if chars.get(j) != Some(&'}') || hex.is_empty() || hex.len() > 6 {
                            return Err(err("expected `\\u{` 1 to 6 hexadecimal digits `}`"));
                        }
                        let ch = u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .ok_or_else(|| err("not a Unicode scalar value"))?;
                        (ch, j + 1 - i)
                    }
                    _ => {
                        return Err(err(
                            "unknown escape (use \\n \\t \\r \\\\ \\\" \\' or \\u{...})",
                        ));
                    }
                };
                s.push(ch);
                i += len;
                c += len as u32;
            }
            Some('\n') => {
                s.push('\n');
                i += 1;
                l += 1;
                c = 1;
            }
            Some(ch) => {
                s.push(ch);
                i += 1;
                c += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn arrows_and_operators() {
        assert_eq!(
            toks("(a)<-[r]->(b) <> <= .. 12 $p 'x\\'y'"),
            vec![
                Tok::LParen,
                Tok::Ident("a".into()),
                Tok::RParen,
                Tok::Lt,
                Tok::Minus,
                Tok::LBracket,
                Tok::Ident("r".into()),
                Tok::RBracket,
                Tok::Minus,
                Tok::Gt,
                Tok::LParen,
                Tok::Ident("b".into()),
                Tok::RParen,
                Tok::Ne,
                Tok::Le,
                Tok::DotDot,
                Tok::Int(12),
                Tok::Param("p".into()),
                Tok::Str("x'y".into()),
                Tok::End
            ]
        );
    }

    #[test]
    fn positions() {
        let t = tokenize("MATCH\n  (a) // note\n RETURN \"é\" x").unwrap();
        let p: Vec<(u32, u32)> = t.iter().map(|t| (t.pos.line, t.pos.column)).collect();
        assert_eq!(
            p,
            [
                (1, 1),
                (2, 3),
                (2, 4),
                (2, 5),
                (3, 2),
                (3, 9),
                (3, 13),
                (3, 14)
            ]
        );
        let e = tokenize("RETURN\n  \"abc").unwrap_err();
        assert_eq!(e.position(), Some((2, 3)));
        assert_eq!(tokenize("a # b").unwrap_err().position(), Some((1, 3)));
    }
}
