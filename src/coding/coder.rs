//! The coder: one pass per sentence that finds the names, dates and citations, then runs
//! the relation rules (`rules.rs`) over them.

use std::collections::HashMap;

use super::cues::{self, HONORIFICS, OPENERS, RANKS};
use super::dates::{self, Context, FoundDate};
use super::model::{Candidate, Citation, CodedEntity, Coding, Link, Mention};
use super::names::{self, Gazetteer, Origin};
use super::span::{Sentence, Span, split_sentences};
use super::{CodingError, ReportMeta};
use crate::model::kind::EntityKind;
use crate::store::graph::KnowledgeGraph;
use crate::store::names::normalize_name;

/// The most bytes of text one call codes (10 MB): a budget, not a format limit.
pub const MAX_TEXT_BYTES: usize = 10 << 20;

/// The most candidate facts one sentence may propose: rules over a pathological list stop
/// there.
pub(crate) const MAX_PER_SENTENCE: usize = 64;

/// A name in the sentence being coded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct M {
    pub(crate) span: Span,
    pub(crate) ent: usize,
    pub(crate) kind: EntityKind,
    /// "Kazakhstani", "British": a country's adjective.
    pub(crate) adjective: bool,
}

/// A machine coder bound to the graph it links names to.
///
/// Building it files every name and alias of the graph in one automaton (O(total length
/// of the names)); coding a text is then O(length of the text) plus the matches.
///
/// ```
/// use factgraph::coding::{Coder, ReportMeta};
/// use factgraph::KnowledgeGraph;
/// let graph = KnowledgeGraph::new();
/// let coder = Coder::new(&graph);
/// // Made-up text.
/// let text = "General Ann Example, Chief of the General Staff, met Bob Sample \
///             and Carl Test on May 4 (Example Wire, May 4).";
/// let meta = ReportMeta::new("r1", "Example Monitor").published("2020-05-06".parse()?);
/// let coding = coder.code(text, &meta)?;
/// let met: Vec<_> = coding.candidates.iter().filter(|c| c.relation.as_str() == "met").collect();
/// assert_eq!(met.len(), 2);
/// assert_eq!(coding.entities[met[0].subject].name, "Ann Example");
/// assert_eq!(coding.words(met[0].cue), "met");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Coder<'g> {
    graph: &'g KnowledgeGraph,
    gazetteer: Gazetteer,
}

impl<'g> Coder<'g> {
    /// A coder that links names to `graph` (an empty graph: only the coder's dictionary).
    pub fn new(graph: &'g KnowledgeGraph) -> Coder<'g> {
        Coder {
            graph,
            gazetteer: Gazetteer::new(graph),
        }
    }

    /// Codes `text` (plain text; paragraphs separated by blank lines) as the report `meta`
    /// describes.
    ///
    /// # Errors
    /// [`CodingError::TooLong`] for a text over [`MAX_TEXT_BYTES`].
    pub fn code(&self, text: &str, meta: &ReportMeta) -> Result<Coding, CodingError> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(CodingError::TooLong {
                bytes: text.len(),
                max: MAX_TEXT_BYTES,
            });
        }
        let mut doc = Doc {
            coder: self,
            text,
            ctx: Context::of(meta.published),
            published: meta.published,
            entities: Vec::new(),
            by_key: HashMap::new(),
            by_entry: HashMap::new(),
            citations: Vec::new(),
            candidates: Vec::new(),
            last_person: None,
            last_event: None,
            meetings: None,
            visited: None,
        };
        let sentences = split_sentences(text);
        let mut covered: Vec<usize> = Vec::new();
        let mut paragraph = usize::MAX;
        for s in &sentences {
            if s.paragraph != paragraph {
                paragraph = s.paragraph;
                covered.clear();
            }
            let first = doc.candidates.len();
            let cites_before = doc.citations.len();
            doc.sentence(s);
            for i in first..doc.candidates.len() {
                covered.push(i);
            }
            // A citation covers its sentence and the earlier ones of its paragraph back to
            // the previous citation.
            if let Some(c) = doc
                .citations
                .len()
                .checked_sub(1)
                .filter(|&c| c >= cites_before)
            {
                for i in covered.drain(..) {
                    if let Some(cand) = doc.candidates.get_mut(i) {
                        cand.citation.get_or_insert(c);
                    }
                }
            }
        }
        for (i, c) in doc.candidates.iter_mut().enumerate() {
            c.id = format!("c{}", i + 1);
        }
        Ok(Coding {
            text: text.to_owned(),
            sentences,
            entities: doc.entities,
            citations: doc.citations,
            candidates: doc.candidates,
            report: meta.clone(),
            input: super::InputFormat::Text,
        })
    }
}

/// The state of one text's coding.
pub(crate) struct Doc<'c, 'g, 't> {
    coder: &'c Coder<'g>,
    pub(crate) text: &'t str,
    ctx: Context,
    pub(crate) published: crate::model::date::FactDate,
    pub(crate) entities: Vec<CodedEntity>,
    by_key: HashMap<String, usize>,
    by_entry: HashMap<usize, usize>,
    pub(crate) citations: Vec<Citation>,
    pub(crate) candidates: Vec<Candidate>,
    /// The last person a sentence was about ("He also envisages ...").
    pub(crate) last_person: Option<usize>,
    /// The last event named ("The session discussed ...").
    pub(crate) last_event: Option<usize>,
    /// The last "X met ..." subject, for "The meetings ...", "Talks ...".
    pub(crate) meetings: Option<usize>,
    /// The last place a visit went to.
    pub(crate) visited: Option<usize>,
}

/// One sentence, prepared for the rules.
pub(crate) struct Sent<'t> {
    pub(crate) index: usize,
    pub(crate) span: Span,
    pub(crate) text: &'t str,
    pub(crate) lower: String,
    pub(crate) mentions: Vec<M>,
    pub(crate) dates: Vec<FoundDate>,
    /// Parenthesised citations and quotations: the rules do not look inside citations.
    pub(crate) cited: Vec<Span>,
    pub(crate) speaker: Option<usize>,
    pub(crate) quote: Option<Span>,
}

impl Sent<'_> {
    /// The byte offset in the sentence of a text offset.
    pub(crate) fn local(&self, at: usize) -> usize {
        at.saturating_sub(self.span.start)
    }

    /// The lower-case text from `from` (a text offset) to the end of the sentence.
    pub(crate) fn lower_from(&self, from: usize) -> &str {
        self.lower.get(self.local(from)..).unwrap_or("")
    }

    /// Offsets (in the text) of each whole-word occurrence of `cue` in the sentence.
    pub(crate) fn find_cue(&self, cue: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(i) = self.lower.get(from..).and_then(|h| h.find(cue)) {
            let at = from + i;
            let before = self.lower.get(..at).and_then(|b| b.chars().next_back());
            let after = self
                .lower
                .get(at + cue.len()..)
                .and_then(|a| a.chars().next());
            if !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric)
            {
                let span = Span::new(self.span.start + at, self.span.start + at + cue.len());
                if !self.cited.iter().any(|c| c.contains(span)) {
                    out.push(span);
                }
            }
            from = at + cue.len().max(1);
        }
        out
    }

    pub(crate) fn in_citation(&self, s: Span) -> bool {
        self.cited.iter().any(|c| c.contains(s))
    }
}

impl<'c, 'g, 't> Doc<'c, 'g, 't> {
    fn sentence(&mut self, s: &Sentence) {
        let stext = s.span.text(self.text);
        // Lower case keeps byte offsets only for text whose lower case has the same length.
        let lower: String = stext
            .chars()
            .map(|c| {
                let l = c.to_lowercase().next().unwrap_or(c);
                if l.len_utf8() == c.len_utf8() { l } else { c }
            })
            .collect();
        let mut sent = Sent {
            index: s.index,
            span: s.span,
            text: stext,
            lower,
            mentions: Vec::new(),
            dates: Vec::new(),
            cited: Vec::new(),
            speaker: None,
            quote: None,
        };
        let found = self.coder.gazetteer.find(self.text, s.span);
        for f in &found {
            let ent = self.known(f.entry);
            // "Central Iraq": a region of a known place, named as written.
            let region = self.region(f.span, ent);
            // "Steppe Eagle 2004" where the graph knows only "Steppe Eagle": a dated edition.
            if region.is_none() {
                if let Some((span, name, kind)) = self.edition(f.span, ent) {
                    let r = self.new_entity(&name, kind, "dated edition of a known series");
                    self.add_mention(&mut sent, span, r, false);
                    continue;
                }
            }
            match region {
                Some((span, name)) => {
                    let r = self.new_entity(&name, EntityKind::Place, "region of a known place");
                    self.add_mention(&mut sent, span, r, false);
                }
                None => self.add_mention(&mut sent, f.span, ent, f.adjective),
            }
        }
        super::cite::citations(self, &mut sent);
        self.unknown_names(&mut sent);
        sent.dates = dates::find_dates(self.text, s.span, self.ctx)
            .into_iter()
            .filter(|d| {
                !sent
                    .mentions
                    .iter()
                    .any(|m| m.span.start < d.span.end && d.span.start < m.span.end)
            })
            .collect();
        super::cite::speaker(self, &mut sent);
        super::rules::run(self, &mut sent);
        if let Some(p) = sent
            .mentions
            .iter()
            .find(|m| m.kind == EntityKind::Person && !sent.in_citation(m.span))
        {
            self.last_person = Some(p.ent);
        }
    }

    pub(crate) fn add_mention(
        &mut self,
        sent: &mut Sent<'_>,
        span: Span,
        ent: usize,
        adjective: bool,
    ) {
        let Some(e) = self.entities.get_mut(ent) else {
            return;
        };
        let kind = e.kind;
        if !e.mentions.iter().any(|m| m.span == span) {
            e.mentions.push(Mention {
                span,
                sentence: sent.index,
            });
        }
        let at = sent.mentions.partition_point(|m| m.span.start < span.start);
        sent.mentions.insert(
            at,
            M {
                span,
                ent,
                kind,
                adjective,
            },
        );
    }

    /// The coded entity of a gazetteer entry.
    fn known(&mut self, entry: usize) -> usize {
        if let Some(&i) = self.by_entry.get(&entry) {
            return i;
        }
        let Some(e) = self.coder.gazetteer.entries.get(entry) else {
            return 0;
        };
        let link = match e.origin {
            Origin::Graph => Link::Graph,
            Origin::Dictionary => Link::Dictionary,
        };
        let (key, kind, name, aliases) = (e.key.clone(), e.kind, e.name.clone(), e.aliases.clone());
        let i = self.entity(key, kind, name, aliases, link);
        self.by_entry.insert(entry, i);
        i
    }

    fn entity(
        &mut self,
        key: String,
        kind: EntityKind,
        name: String,
        aliases: Vec<String>,
        link: Link,
    ) -> usize {
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        let i = self.entities.len();
        self.by_key.insert(key.clone(), i);
        self.entities.push(CodedEntity {
            key,
            kind,
            name,
            aliases,
            link,
            mentions: Vec::new(),
        });
        i
    }

    /// A new candidate entity named `name` (or the one already proposed under that name).
    pub(crate) fn new_entity(&mut self, name: &str, kind: EntityKind, cue: &'static str) -> usize {
        let name = name.trim();
        // A name the graph knows under another spelling or script.
        if let Some(entry) = self.coder.gazetteer.lookup(self.coder.graph, name) {
            return self.known(entry);
        }
        let folded = normalize_name(name);
        let mut key = slug(name);
        if key.is_empty() {
            key = "entity".to_owned();
        }
        if let Some(&i) = self.by_key.get(&format!("new:{folded}")) {
            return i;
        }
        let mut unique = format!("{key}_new");
        let mut n = 2;
        while self.by_key.contains_key(&unique) || self.coder.graph.key_id(&unique).is_some() {
            unique = format!("{key}_new{n}");
            n += 1;
        }
        let i = self.entity(unique, kind, name.to_owned(), Vec::new(), Link::New { cue });
        self.by_key.insert(format!("new:{folded}"), i);
        i
    }

    /// Capitalised phrases that name nothing known: proposed as new entities when a cue
    /// tells their kind.
    fn unknown_names(&mut self, sent: &mut Sent<'_>) {
        let taken: Vec<Span> = sent
            .mentions
            .iter()
            .map(|m| m.span)
            .chain(sent.cited.iter().copied())
            .collect();
        let chunks = names::capitalised(self.text, sent.span, &taken);
        // "exercises held within Kazakhstan: A, B and C": names after a colon that follows a
        // plural head noun take its kind.
        let list_kind = list_kind(sent);
        for mut span in chunks {
            let mut cue: Option<(EntityKind, &'static str)> = None;
            // Strip a sentence opener and ranks; a rank or honorific makes a person.
            loop {
                let t = span.text(self.text);
                let first_end = t.find(' ').unwrap_or(t.len());
                let first = t.get(..first_end).unwrap_or("");
                let is_rank = RANKS.contains(&first) || HONORIFICS.contains(&first);
                let opener = OPENERS.contains(&first);
                if first_end >= t.len() && !is_rank {
                    break;
                }
                if is_rank {
                    cue = Some((EntityKind::Person, "rank"));
                } else if !opener {
                    break;
                }
                let rest = t.get(first_end..).unwrap_or("");
                let skip = first_end + (rest.len() - rest.trim_start().len());
                span = Span::new(span.start + skip, span.end);
                if span.start >= span.end {
                    break;
                }
            }
            // "Defense Minister Ruslan Omurov", "Foreign Minister Andrei Kozyrev": a title
            // followed by two to four other capitalised words is a title and a person's
            // name; the name is kept, the title told its kind.
            if let Some(name) = name_after_title(self.text, span) {
                span = name;
                cue = Some((EntityKind::Person, "title"));
            }
            let t = span.text(self.text);
            if t.is_empty() || OPENERS.contains(&t) || RANKS.contains(&t) {
                continue;
            }
            if cues::is_title(t) {
                continue;
            }
            // Known under another spelling or script.
            if let Some(entry) = self.coder.gazetteer.lookup(self.coder.graph, t) {
                let ent = self.known(entry);
                self.add_mention(sent, span, ent, false);
                continue;
            }
            if let Some(p) = self.same_person(t) {
                self.add_mention(sent, span, p, false);
                continue;
            }
            if t.split(' ')
                .next()
                .is_some_and(|w| cues::DIRECTIONS.contains(&w))
                && t.contains(' ')
            {
                let ent = self.new_entity(t, EntityKind::Place, "region");
                self.add_mention(sent, span, ent, false);
                continue;
            }
            let after = self.text.get(span.end..sent.span.end).unwrap_or("");
            let before = self.text.get(sent.span.start..span.start).unwrap_or("");
            let prev_word = before
                .trim_end()
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("")
                .to_lowercase();
            let series = self.series_kind(t);
            let kind = cue
                .or_else(|| cues::kind_of_name(t))
                .or(series)
                .or_else(|| next_head(after))
                .or_else(|| {
                    list_kind
                        .filter(|(_, at)| span.start > *at)
                        .map(|(k, _)| (k, "list after a kind"))
                })
                .or_else(|| person_by_context(t, after))
                .or_else(|| {
                    (matches!(prev_word.as_str(), "to" | "in" | "at" | "from") && !t.contains(' '))
                        .then_some((EntityKind::Place, "place after a preposition"))
                });
            let Some((kind, why)) = kind else {
                continue;
            };
            // Sentence-initial single words name something only with a cue.
            if span.start == sent.span.start
                && !t.contains(' ')
                && why == "place after a preposition"
            {
                continue;
            }
            let ent = self.new_entity(t, kind, why);
            self.add_mention(sent, span, ent, false);
        }
    }

    /// "Central Iraq" around a mention of Iraq: the span and name of the region.
    fn region(&self, span: Span, ent: usize) -> Option<(Span, String)> {
        let kind = self.entities.get(ent)?.kind;
        if !matches!(kind, EntityKind::Country | EntityKind::Place) {
            return None;
        }
        let before = self.text.get(..span.start)?;
        let word = before
            .strip_suffix(' ')?
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()?;
        if !cues::DIRECTIONS.contains(&word) {
            return None;
        }
        let start = span.start - 1 - word.len();
        let s = Span::new(start, span.end);
        Some((s, s.text(self.text).to_owned()))
    }

    /// "Steppe Eagle 2004" around a mention of the series "Steppe Eagle".
    fn edition(&self, span: Span, ent: usize) -> Option<(Span, String, EntityKind)> {
        let kind = self.entities.get(ent)?.kind;
        if !matches!(kind, EntityKind::Exercise | EntityKind::Event) {
            return None;
        }
        let after = self.text.get(span.end..)?;
        let year = after.strip_prefix(' ')?.get(..4)?;
        let next = after.get(5..).and_then(|a| a.chars().next());
        if !year.bytes().all(|b| b.is_ascii_digit()) || next.is_some_and(char::is_alphanumeric) {
            return None;
        }
        let s = Span::new(span.start, span.end + 5);
        Some((s, s.text(self.text).to_owned(), kind))
    }

    /// A person named earlier in full and now by surname alone ("Sembinov").
    fn same_person(&self, name: &str) -> Option<usize> {
        if name.contains(' ') {
            return None;
        }
        self.entities.iter().position(|e| {
            e.kind == EntityKind::Person
                && e.name.contains(' ')
                && e.name.rsplit(' ').next() == Some(name)
        })
    }

    /// "Steppe Eagle" after "Steppe Eagle 2004": a series of the same kind.
    fn series_kind(&self, name: &str) -> Option<(EntityKind, &'static str)> {
        self.entities.iter().find_map(|e| {
            let rest = e.name.strip_prefix(name)?.trim();
            (rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit()))
                .then_some((e.kind, "series of a dated edition"))
        })
    }
}

/// The kind a word after a name gives: "C-130 transport aircraft", "Steppe Eagle exercises".
fn next_head(after: &str) -> Option<(EntityKind, &'static str)> {
    let words: Vec<&str> = after.split_whitespace().take(2).collect();
    for w in words {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if let Some((_, k)) = cues::HEAD_NOUNS
            .iter()
            .find(|(n, k)| *n == w && *k != EntityKind::Programme)
        {
            return Some((*k, "head noun after the name"));
        }
    }
    None
}

/// A person told by what follows: "X, Deputy Minister", "X said".
fn person_by_context(name: &str, after: &str) -> Option<(EntityKind, &'static str)> {
    let words = name.split(' ').count();
    let plain = name
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\''));
    if !plain {
        return None;
    }
    let a = after.trim_start();
    let next: String = a
        .trim_start_matches([',', '’', '\''])
        .trim_start_matches('s')
        .trim_start()
        .chars()
        .take(40)
        .collect();
    let title_next = a.starts_with(',') && {
        let n = next.split([',', ';']).next().unwrap_or("");
        cues::is_title(n) || n.starts_with("head of") || n.starts_with("who")
    };
    let says = ["said", "told", "explained", "stated", "added", "noted"]
        .iter()
        .any(|v| a.starts_with(v));
    if title_next || says {
        return Some((EntityKind::Person, "title or speech after the name"));
    }
    (2..=3)
        .contains(&words)
        .then_some((EntityKind::Person, "two or three capitalised words"))
}

/// For "... exercises held within Kazakhstan: A, B", the kind of the head noun before the
/// colon and the colon's offset.
fn list_kind(sent: &Sent<'_>) -> Option<(EntityKind, usize)> {
    let colon = sent.text.find(':')?;
    let before = sent.lower.get(..colon)?;
    let kind = cues::HEAD_NOUNS
        .iter()
        .filter(|(n, _)| n.ends_with('s') && cues::contains_word(before, n))
        .map(|(_, k)| *k)
        .next()?;
    Some((kind, sent.span.start + colon))
}

/// A key made from a name: lower-case ASCII letters and digits joined by `_`.
/// The name after the last title word of a capitalised phrase, when two to four words
/// follow it and none of them is a title word, a joiner ("of") or a word that names a
/// body ("Ministry", "Council"): "Defense Minister Ruslan Omurov" → "Ruslan Omurov".
fn name_after_title(text: &str, span: Span) -> Option<Span> {
    let t = span.text(text);
    let words: Vec<(usize, &str)> = t
        .split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect();
    let last_title = words.iter().rposition(|(_, w)| {
        cues::TITLE_WORDS.contains(w) || HONORIFICS.contains(w) || RANKS.contains(w)
    })?;
    let rest = words.get(last_title + 1..)?;
    let plain = rest.iter().all(|(_, w)| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
            && !cues::NAME_JOINERS.contains(w)
            && cues::kind_of_name(w).is_none()
    });
    let (first, _) = rest.first()?;
    (plain && (2..=4).contains(&rest.len())).then(|| Span::new(span.start + first, span.end))
}

pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in crate::store::names::transliterate(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('_').to_owned()
}
