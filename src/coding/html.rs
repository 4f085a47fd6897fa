//! HTML reports (feature `html-input`): the page's text as a reader sees it, through
//! html2text, for the coder to read. The candidate file then records that text, since its
//! spans refer to it and not to the HTML.

use super::coder::MAX_TEXT_BYTES;
use super::{Coder, Coding, CodingError, InputFormat, ReportMeta};

/// The widest line html2text lays out: wide enough that no sentence is wrapped, so a
/// paragraph stays one line of text (line breaks inside one are harmless to the coder,
/// but the recorded text reads better without them).
const WIDTH: usize = 10_000;

/// The deepest nesting of elements read (a crude count of open tags less closed ones):
/// html2text lays out nested blocks recursively, and a page nested deeper than any real
/// one would cost its stack.
pub const MAX_HTML_DEPTH: usize = 256;

/// The text of an HTML page: blocks and paragraphs separated by blank lines, list items
/// on lines of their own, character references decoded, scripts, styles and tags left
/// out, links without their addresses or brackets, list items without bullets.
///
/// ```
/// use factgraph::coding::html_to_text;
/// // Made-up page.
/// let text = html_to_text("<html><body><h1>Made-up Wire</h1>\
///     <p>General Ann Example met Colonel Bob Sample &amp; Major Cid Test.</p></body></html>")?;
/// assert!(text.contains("General Ann Example met Colonel Bob Sample & Major Cid Test."));
/// # Ok::<(), factgraph::coding::CodingError>(())
/// ```
///
/// # Errors
/// [`CodingError::TooLong`] over [`MAX_TEXT_BYTES`], [`CodingError::Html`] for a page
/// nested deeper than [`MAX_HTML_DEPTH`] or one html2text cannot lay out.
pub fn html_to_text(html: &str) -> Result<String, CodingError> {
    if html.len() > MAX_TEXT_BYTES {
        return Err(CodingError::TooLong {
            bytes: html.len(),
            max: MAX_TEXT_BYTES,
        });
    }
    if let Some(depth) = too_deep(html) {
        return Err(CodingError::Html(format!(
            "elements nested {depth} deep, more than the {MAX_HTML_DEPTH} read"
        )));
    }
    // The trivial decorator: no brackets round links, no bullets, no `*` for emphasis.
    let text = html2text::config::with_decorator(html2text::render::TrivialDecorator::new())
        .raw_mode(true)
        .link_footnotes(false)
        .allow_width_overflow()
        .string_from_read(html.as_bytes(), WIDTH)
        .map_err(|e| CodingError::Html(e.to_string()))?;
    // Lines trimmed of the layout's trailing spaces; runs of blank lines made one.
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
        blank = false;
    }
    Ok(out)
}

/// The nesting depth when it passes [`MAX_HTML_DEPTH`]: `<` followed by a letter opens,
/// `</` closes, `/>`, the void elements and those that close their like do not nest. Crude (it ignores comments and
/// tags that are never closed, so it overcounts), and linear.
fn too_deep(html: &str) -> Option<usize> {
    // Void elements, and those an opening of the same closes (`<p>`, `<li>`, ...).
    const FLAT: [&str; 21] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option",
    ];
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')) {
        i += off + 1;
        match b.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name: String = html
                    .get(i..)
                    .unwrap_or("")
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                let end = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'>'));
                let self_closing = end.is_some_and(|e| e > 0 && b.get(i + e - 1) == Some(&b'/'));
                if !self_closing && !FLAT.contains(&name.as_str()) {
                    depth += 1;
                    if depth > MAX_HTML_DEPTH {
                        return Some(depth);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

impl Coder<'_> {
    /// Codes an HTML page: its text ([`html_to_text`]) is coded as [`code`](Self::code)
    /// codes plain text, and the [`Coding`] keeps that text, to which every span refers
    /// (the candidate file records it under `candidates.text`).
    ///
    /// # Errors
    /// Those of [`html_to_text`] and [`code`](Self::code).
    pub fn code_html(&self, html: &str, meta: &ReportMeta) -> Result<Coding, CodingError> {
        let text = html_to_text(html)?;
        let mut coding = self.code(&text, meta)?;
        coding.input = InputFormat::Html;
        Ok(coding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::graph::KnowledgeGraph;

    #[test]
    fn paragraphs_and_references() {
        // Made-up page.
        let html = "<!DOCTYPE html><html><head><title>t</title><style>p{}</style>\
                    <script>var x = '<p>no</p>';</script></head><body>\
                    <p>Ann Example met Bob&nbsp;Sample.</p><ul><li>one</li><li>two</li></ul>\
                    <p>Second <a href=\"https://example.org\">paragraph</a>.</p></body></html>";
        let text = html_to_text(html).unwrap();
        assert!(
            text.contains("Ann Example met Bob\u{a0}Sample.\n"),
            "{text:?}"
        );
        assert!(text.contains("\n\nSecond paragraph.\n"), "{text:?}");
        assert!(
            !text.contains("var x") && !text.contains("example.org"),
            "{text:?}"
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let html = "<div>".repeat(100_000);
        assert!(matches!(html_to_text(&html), Err(CodingError::Html(_))));
        for ok in ["<p>a", "<li>b", "<br>"] {
            assert!(html_to_text(&ok.repeat(20_000)).is_ok());
        }
        assert!(html_to_text(&"<div>".repeat(MAX_HTML_DEPTH)).is_ok());
    }

    #[test]
    fn an_html_coding_records_its_text() {
        // Made-up page.
        let html = "<p>General Ann Example met Colonel Bob Sample in Kazakhstan.</p>";
        let coding = Coder::new(&KnowledgeGraph::new())
            .code_html(html, &ReportMeta::new("r", "Example Wire"))
            .unwrap();
        assert!(!coding.candidates.is_empty());
        let json = coding.to_value();
        assert_eq!(json["candidates"]["input"], "html");
        assert_eq!(json["candidates"]["text"], coding.text.as_str());
        let check = crate::coding::check_candidates(&coding.to_json()).unwrap();
        assert!(check.is_ok(), "{:?}", check.issues);
    }
}
