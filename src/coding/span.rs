//! Spans of text and the split into paragraphs and sentences.
//!
//! Every offset the coder hands out is a byte offset into the text it was given, on a
//! character boundary; [`Span::chars`] turns one into character offsets for the candidate
//! file. Cost: one pass over the text.

/// A half-open byte range `start..end` of the coded text, on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The text the span covers, or `""` when it does not fit `text`.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The span in characters (`[first, one past the last]`), as the candidate file writes
    /// it. O(start + length).
    pub fn chars(&self, text: &str) -> [usize; 2] {
        let count = |b: usize| text.get(..b).map_or(0, |s| s.chars().count());
        let start = count(self.start);
        [start, start + self.text(text).chars().count()]
    }

    /// Whether `other` lies within this span.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// One sentence of the text, with the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Its position among the text's sentences, from 0.
    pub index: usize,
    /// Its position among the text's paragraphs (blank-line separated), from 0.
    pub paragraph: usize,
    /// Where it is, without surrounding white space.
    pub span: Span,
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Maj", "Capt", "Adm", "Sgt", "St", "Jan", "Feb",
    "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "vs", "etc",
    "Inc", "Ltd", "Co", "Gov", "Sen", "Rep", "Prof", "U.S", "U.K", "U.N", "e.g", "i.e",
];

/// Splits `text` into sentences: a sentence ends at `.`, `!` or `?` (and any closing
/// quotes or brackets after it) followed by white space and a capital letter, digit,
/// quote or bracket, unless the word before the stop is an abbreviation or a single
/// capital (an initial); a blank line always ends a sentence and a paragraph.
///
/// ```
/// use factgraph::coding::split_sentences;
/// let text = "Gen. A. Example met Bob. It rained.\n\nNew paragraph.";
/// let s = split_sentences(text);
/// assert_eq!(s.len(), 3);
/// assert_eq!(s[0].span.text(text), "Gen. A. Example met Bob.");
/// assert_eq!(s[2].paragraph, 1);
/// ```
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (paragraph, (start, end)) in paragraphs(text).into_iter().enumerate() {
        split_paragraph(text, start, end, paragraph, &mut out);
    }
    out
}

/// Byte ranges of the paragraphs: runs of text between blank lines.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut line_start = 0;
    let mut last_content_end = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank {
            if let Some(s) = start.take() {
                out.push((s, last_content_end));
            }
        } else {
            if start.is_none() {
                start = Some(line_start);
            }
            last_content_end = line_start + line.trim_end().len();
        }
        line_start += line.len();
    }
    if let Some(s) = start {
        out.push((s, last_content_end));
    }
    out
}

fn split_paragraph(
    text: &str,
    start: usize,
    end: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let Some(para) = text.get(start..end) else {
        return;
    };
    let mut sentence_start = 0;
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let Some(&(at, c)) = chars.get(i) else { break };
        if matches!(c, '.' | '!' | '?') {
            // Closing quotes and brackets belong to the sentence.
            let mut j = i + 1;
            while let Some(&(_, q)) = chars.get(j) {
                if matches!(q, '"' | '\'' | '”' | '’' | ')' | ']' | '»') {
                    j += 1;
                } else {
                    break;
                }
            }
            let stop_end = chars.get(j).map_or(para.len(), |&(b, _)| b);
            let followed = chars.get(j).is_some_and(|&(_, w)| w.is_whitespace());
            let next = chars
                .iter()
                .skip(j)
                .find(|(_, w)| !w.is_whitespace())
                .map(|&(_, w)| w);
            let starts_new = next.is_some_and(|n| {
                n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '(' | '[' | '\'')
            });
            if c == '.' && is_abbreviation(para.get(..at).unwrap_or("")) {
                i = j;
                continue;
            }
            if followed && starts_new {
                push(
                    text,
                    start + sentence_start,
                    start + stop_end,
                    paragraph,
                    out,
                );
                sentence_start = stop_end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push(text, start + sentence_start, end, paragraph, out);
}

/// Whether the word that ends `before` is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    let mut cs = word.chars();
    let initial = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
    initial || ABBREVIATIONS.contains(&word)
}

fn push(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let Some(s) = text.get(start..end) else {
        return;
    };
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return;
    }
    let span = Span::new(start + lead, start + lead + trimmed.len());
    out.push(Sentence {
        index: out.len(),
        paragraph,
        span,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_paragraphs() {
        let t = "One met U.S. officials (Wire, May 2). Two.\n\nThree said “yes.” Four";
        let s = split_sentences(t);
        let texts: Vec<&str> = s.iter().map(|x| x.span.text(t)).collect();
        assert_eq!(
            texts,
            [
                "One met U.S. officials (Wire, May 2).",
                "Two.",
                "Three said “yes.”",
                "Four"
            ]
        );
        assert_eq!(
            s.iter().map(|x| x.paragraph).collect::<Vec<_>>(),
            [0, 0, 1, 1]
        );
    }

    #[test]
    fn char_offsets() {
        let t = "Ä b";
        assert_eq!(Span::new(3, 4).chars(t), [2, 3]);
    }
}
