//! Finding where a value sits in JSON text, to give semantic errors a line and column.
//!
//! serde_json reports positions for syntax and type errors only; errors found after
//! parsing (an unknown relation, a missing entity) would otherwise have no position. This
//! walks the already-parsed text along a path such as `facts[3].relation`.

/// One step of a path into a JSON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// 1-based line and column (in characters) of the value at `path`, or of the deepest
/// enclosing value found when part of the path is absent (a defaulted field).
pub(crate) fn locate(text: &str, path: &[Seg<'_>]) -> (usize, usize) {
    let mut scan = Scan {
        b: text.as_bytes(),
        i: 0,
        best: 0,
    };
    scan.find(path);
    line_column(text, scan.best)
}

/// The bytes `start..end` of the value at `path`, when the whole path is there.
pub(crate) fn value_span(text: &str, path: &[Seg<'_>]) -> Option<(usize, usize)> {
    let mut scan = Scan {
        b: text.as_bytes(),
        i: 0,
        best: 0,
    };
    scan.find(path)?;
    let start = scan.i;
    scan.skip_value()?;
    Some((start, scan.i))
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The byte offset of the first `[` or `{` (outside strings) that opens a value nested more
/// than `max` deep, if any. One pass over the bytes; never fails on malformed text (the
/// parser reports that).
pub(crate) fn too_deep(text: &str, max: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
    /// Offset of the deepest value reached so far.
    best: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// Returns the raw (still escaped) content of a string.
    fn string(&mut self) -> Option<&[u8]> {
        self.eat(b'"')?;
        let start = self.i;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => self.i += 2,
                _ => self.i += 1,
            }
        }
        let s = self.b.get(start..self.i)?;
        self.i += 1;
        Some(s)
    }

    fn skip_value(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.i += 1;
                self.ws();
                if self.peek()? == close {
                    self.i += 1;
                    return Some(());
                }
                loop {
                    if open == b'{' {
                        self.string()?;
                        self.eat(b':')?;
                    }
                    self.skip_value()?;
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        c if c == close => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            _ => {
                while !matches!(
                    self.peek()?,
                    b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                ) {
                    self.i += 1;
                }
                Some(())
            }
        }
    }

    fn find(&mut self, path: &[Seg<'_>]) -> Option<()> {
        self.ws();
        self.best = self.i;
        let (first, rest) = match path.split_first() {
            None => return Some(()),
            Some(x) => x,
        };
        match *first {
            Seg::Key(key) => {
                self.eat(b'{')?;
                loop {
                    let matches = self.string()? == key.as_bytes();
                    self.eat(b':')?;
                    if matches {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        _ => return None,
                    }
                }
            }
            Seg::Index(n) => {
                self.eat(b'[')?;
                for _ in 0..n {
                    self.skip_value()?;
                    self.eat(b',')?;
                }
                self.find(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\\\"y\"}],\n  \"facts\": [\n    {\"r\": 1},\n    {\"r\": \"met\"}\n  ]\n}";
        assert_eq!(
            locate(text, &[Seg::Key("facts"), Seg::Index(1), Seg::Key("r")]),
            (5, 11)
        );
        assert_eq!(locate(text, &[Seg::Key("facts"), Seg::Index(0)]), (4, 5));
        // A missing key falls back to the enclosing object.
        assert_eq!(
            locate(text, &[Seg::Key("facts"), Seg::Index(1), Seg::Key("zz")]),
            (5, 5)
        );
        assert_eq!(
            locate(text, &[Seg::Key("a"), Seg::Index(1), Seg::Key("b")]),
            (2, 18)
        );
    }

    #[test]
    fn spans_of_values() {
        let text = "{\"facts\": [ {\"r\": 1}, {\"r\": [2, \"]\"]} ]}";
        let span = value_span(text, &[Seg::Key("facts"), Seg::Index(1)]).unwrap();
        assert_eq!(&text[span.0..span.1], "{\"r\": [2, \"]\"]}");
        assert_eq!(value_span(text, &[Seg::Key("facts"), Seg::Index(5)]), None);
        assert_eq!(
            value_span("{\"facts\": [", &[Seg::Key("facts"), Seg::Index(0)]),
            None
        );
    }

    #[test]
    fn depth() {
        assert_eq!(too_deep("[[1]]", 2), None);
        assert_eq!(too_deep("[[[1]]]", 2), Some(2));
        assert_eq!(too_deep(r#"["[[[", {"a": "\\"}, [[]]]"#, 2), Some(22));
        assert_eq!(too_deep(r#""\"[[[""#, 1), None);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in ["", "{", "[", "\"", "{\"facts\": [", "{\"facts\": [1,", "\\"] {
            let _ = locate(t, &[Seg::Key("facts"), Seg::Index(3), Seg::Key("x")]);
        }
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("é\né", 5), (2, 2));
    }
}
