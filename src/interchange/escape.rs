//! Escaping of text for the formats written by this module: XML 1.0 (GraphML), DOT quoted
//! strings (Graphviz), Cypher string literals (Neo4j scripts) and RFC 4180 CSV fields
//! (Neo4j bulk import).
//!
//! Every function is total: any Rust string, including control characters, quotes,
//! backslashes, line breaks and non-ASCII text, yields output that the target parser reads
//! back as the same text, except where a format cannot hold a character at all (XML 1.0
//! cannot hold most C0 control characters; DOT labels cannot show them), which is said at
//! each function.

#[cfg(feature = "neo4j")]
use std::fmt::Write as _;

/// The character written instead of one a format cannot hold.
#[cfg(any(feature = "dot", feature = "graphml"))]
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` matches the XML 1.0 `Char` production: tab, line feed, carriage return,
/// U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF. Everything else (the other C0 control
/// characters, U+FFFE and U+FFFF) may not appear in an XML 1.0 document in any form, not
/// even as a character reference.
#[cfg(any(feature = "dot", feature = "graphml"))]
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}'
    )
}

/// Appends `s` as XML 1.0 character data (element content).
///
/// `&`, `<` and `>` become `&amp;`, `&lt;` and `&gt;` (`>` so that `]]>` never appears);
/// a carriage return becomes `&#13;` so that end-of-line normalization does not turn it
/// into a line feed. Characters XML 1.0 forbids are replaced by U+FFFD.
#[cfg(feature = "graphml")]
pub(crate) fn xml_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push(REPLACEMENT),
        }
    }
}

/// Appends `s` as the value of an XML 1.0 attribute written between double quotes.
///
/// As [`xml_text`], and also `"` and `'` become `&quot;` and `&apos;`, and tab, line feed
/// and carriage return become character references (`&#9;`, `&#10;`, `&#13;`) so that
/// attribute-value normalization keeps them.
#[cfg(feature = "graphml")]
pub(crate) fn xml_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push(REPLACEMENT),
        }
    }
}

/// `s` as a DOT double-quoted string meant for an `escString` attribute (`label`,
/// `tooltip`), quotes included.
///
/// In a DOT quoted string only `\"` is an escape; Graphviz then reads `label` values as
/// `escString`, where `\\` is one backslash, `\n` a centred line break and `\N`, `\G`, `\l`
/// and the like have meanings of their own; and Graphviz decodes HTML entities (`&amp;`,
/// `&lt;`, `&#65;`) in every label, HTML-like or not. So: `\` → `\\`, `"` → `\"`, `&` →
/// `&amp;`, a line break (LF, CR or CR LF) → `\n`. Every other character is written as it is (the file is UTF-8 and
/// says so with `charset="UTF-8"`), except control characters, which a label cannot show,
/// and U+FFFE and U+FFFF, which Graphviz would copy into SVG where XML forbids them: a tab
/// becomes a space and the others U+FFFD. `<`, `>`, `{`, `}` and `|` need nothing in a
/// quoted string (they are only special in record shapes and HTML-like labels, neither of
/// which is used).
#[cfg(feature = "dot")]
pub(crate) fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push(' '),
            // Graphviz copies labels into SVG, which is XML: a character XML 1.0 cannot
            // hold (U+FFFE, U+FFFF) would make the picture ill-formed.
            c if c.is_control() || !is_xml_char(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as a Cypher string literal between single quotes, quotes included.
///
/// `\` → `\\`, `'` → `\'`, `"` → `\"`, tab, line feed, carriage return, backspace and form
/// feed → `\t`, `\n`, `\r`, `\b`, `\f`; every other control character (C0, DEL, C1) and the
/// line and paragraph separators U+2028 and U+2029 → `\uXXXX`. Nothing is lost: Cypher
/// reads the literal back as exactly `s`, and no character of `s` can end the literal.
#[cfg(feature = "neo4j")]
pub(crate) fn cypher_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{C}' => out.push_str("\\f"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                // Every control character is in the Basic Multilingual Plane.
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Whether a CSV field must be quoted: it is empty (so that it reads as an empty string and
/// not as a missing value), contains a comma, a double quote or a line break (RFC 4180), or
/// starts with a character a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return). Quoting changes nothing in the value; for the formula characters it
/// only marks the field as text.
#[cfg(feature = "neo4j")]
fn csv_needs_quotes(s: &str) -> bool {
    s.is_empty()
        || s.starts_with(['=', '+', '-', '@', '\t', '\r'])
        || s.contains([',', '"', '\n', '\r'])
}

/// Appends `s` as one RFC 4180 CSV field: as it is, or between double quotes with inner
/// double quotes doubled when [`csv_needs_quotes`] says so. The value is kept exactly.
#[cfg(feature = "neo4j")]
pub(crate) fn csv_field(out: &mut String, s: &str) {
    if csv_needs_quotes(s) {
        out.push('"');
        for c in s.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// `s` in single quotes for a POSIX shell: every `'` becomes `'\''`.
#[cfg(feature = "neo4j")]
pub(crate) fn shell_word(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(all(test, feature = "dot", feature = "graphml", feature = "neo4j"))]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        let mut o = String::new();
        xml_text(&mut o, s);
        o
    }

    fn attr(s: &str) -> String {
        let mut o = String::new();
        xml_attr(&mut o, s);
        o
    }

    fn csv(s: &str) -> String {
        let mut o = String::new();
        csv_field(&mut o, s);
        o
    }

    #[test]
    fn xml() {
        assert_eq!(text("a<b>&c]]>\"'"), "a&lt;b&gt;&amp;c]]&gt;\"'");
        assert_eq!(text("x\r\ny\tz"), "x&#13;\ny\tz");
        assert_eq!(
            text("bell\u{7}nul\u{0}\u{FFFE}"),
            "bell\u{FFFD}nul\u{FFFD}\u{FFFD}"
        );
        assert_eq!(
            attr("\"'<&>\t\n\r"),
            "&quot;&apos;&lt;&amp;&gt;&#9;&#10;&#13;"
        );
        assert_eq!(text("Алтынбаев 😀"), "Алтынбаев 😀");
        assert!(is_xml_char('\u{85}'));
        assert!(!is_xml_char('\u{1F}'));
    }

    #[test]
    fn dot() {
        assert_eq!(dot_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(dot_string("ends\\"), r#""ends\\""#);
        assert_eq!(dot_string("l1\nl2\r\nl3\rl4"), r#""l1\nl2\nl3\nl4""#);
        assert_eq!(dot_string("<{|}>"), r#""<{|}>""#);
        assert_eq!(dot_string("A &amp; B"), r#""A &amp;amp; B""#);
        assert_eq!(dot_string("\\N\u{1}\t"), "\"\\\\N\u{FFFD} \"");
    }

    #[test]
    fn cypher() {
        assert_eq!(cypher_string(r#"it's "x" \ y"#), r#"'it\'s \"x\" \\ y'"#);
        assert_eq!(
            cypher_string("a\nb\r\t\u{0}\u{7F}\u{2028}"),
            r"'a\nb\r\t\u0000\u007F\u2028'"
        );
        assert_eq!(cypher_string("Кирилица"), "'Кирилица'");
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv("plain"), "plain");
        assert_eq!(csv(""), "\"\"");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv("l1\nl2"), "\"l1\nl2\"");
        assert_eq!(csv("=cmd|' /C calc'!A0"), "\"=cmd|' /C calc'!A0\"");
        assert_eq!(csv("-1"), "\"-1\"");
        assert_eq!(csv("a;b"), "a;b");
    }

    #[test]
    fn shell() {
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
