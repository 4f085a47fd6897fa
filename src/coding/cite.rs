//! Citations and speakers: "(Interfax-Kazakhstan, November 19)", "according to
//! Kazinform", "Akhmetov said, “...”".

use super::coder::{Doc, Sent};
use super::dates;
use super::model::Citation;
use super::span::Span;
use crate::model::kind::EntityKind;

/// The most words a quote keeps: a short phrase, not the text.
pub(crate) const QUOTE_WORDS: usize = 8;

/// Finds the parenthesised citations of the sentence ("(Outlet, Month Day)", "(Outlet)")
/// and "according to Outlet", records them and marks their words as cited.
pub(crate) fn citations(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    let text = doc.text;
    let mut at = 0;
    while let Some(open) = sent.text.get(at..).and_then(|t| t.find('(')) {
        let open = at + open;
        let Some(close) = sent.text.get(open..).and_then(|t| t.find(')')) else {
            break;
        };
        let close = open + close;
        at = close + 1;
        let inner = sent.text.get(open + 1..close).unwrap_or("");
        let (name, date_part) = match inner.split_once(',') {
            Some((n, d)) => (n.trim(), Some(d)),
            None => (inner.trim(), None),
        };
        if name.is_empty()
            || !name.chars().next().is_some_and(char::is_uppercase)
            || name.split(' ').count() > 6
        {
            continue;
        }
        let inner_start = sent.span.start + open + 1;
        let date_span = date_part.map(|d| {
            let s = inner_start + inner.len() - d.len();
            Span::new(s, s + d.len())
        });
        let date = date_span.and_then(|ds| {
            dates::find_dates(text, ds, dates::Context::of(doc_published(doc)))
                .first()
                .map(|f| f.date)
        });
        // A citation names an outlet, and gives a date or is an outlet the text or graph
        // knows as one.
        let name_span = Span::new(
            inner_start + (inner.len() - inner.trim_start().len()),
            inner_start + inner.trim_start().len().min(inner.len()),
        );
        let name_span = Span::new(name_span.start, name_span.start + name.len());
        let known = sent
            .mentions
            .iter()
            .find(|m| m.span == name_span && m.kind == EntityKind::Source)
            .map(|m| m.ent);
        if date.is_none() && known.is_none() {
            continue;
        }
        let source = match known {
            Some(e) => e,
            None => {
                sent.mentions.retain(|m| !name_span.contains(m.span));
                doc.new_entity(name, EntityKind::Source, "citation")
            }
        };
        if !sent.mentions.iter().any(|m| m.span == name_span) {
            doc.add_mention(sent, name_span, source, false);
        }
        let span = Span::new(sent.span.start + open, sent.span.start + close + 1);
        sent.cited.push(span);
        doc.citations.push(Citation {
            source,
            date,
            span,
            sentence: sent.index,
        });
    }
    // "according to Outlet"
    for cue in sent.find_cue("according to") {
        let m = sent
            .mentions
            .iter()
            .find(|m| m.span.start > cue.end && m.span.start <= cue.end + 2)
            .copied();
        if let Some(m) = m.filter(|m| m.kind == EntityKind::Source) {
            sent.cited.push(Span::new(cue.start, m.span.end));
            doc.citations.push(Citation {
                source: m.ent,
                date: None,
                span: Span::new(cue.start, m.span.end),
                sentence: sent.index,
            });
        }
    }
}

fn doc_published(doc: &Doc<'_, '_, '_>) -> crate::model::date::FactDate {
    doc.published
}

/// The speaker of the sentence ("X said", "As X explained", "X told") and the first words
/// of its quotation.
pub(crate) fn speaker(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    let verbs = [
        "said",
        "explained",
        "told",
        "stated",
        "noted",
        "added",
        "declared",
        "stressed",
        "announced",
    ];
    for v in verbs {
        for cue in sent.find_cue(v) {
            let who = sent
                .mentions
                .iter()
                .rev()
                .find(|m| {
                    m.span.end <= cue.start
                        && cue.start - m.span.end <= 3
                        && matches!(
                            m.kind,
                            EntityKind::Person
                                | EntityKind::StateBody
                                | EntityKind::Organisation
                                | EntityKind::Country
                        )
                })
                .map(|m| m.ent);
            if let Some(w) = who {
                sent.speaker = Some(w);
            }
        }
    }
    // A sentence that opens with a pronoun inside a quote keeps the last speaker.
    let open = sent.text.find(['“', '"']);
    if let Some(o) = open {
        let start = o + sent
            .text
            .get(o..)
            .and_then(|t| t.chars().next())
            .map_or(1, char::len_utf8);
        let rest = sent.text.get(start..).unwrap_or("");
        let mut end = rest.find(['”', '"']).unwrap_or(rest.len());
        // At most QUOTE_WORDS words.
        let mut words = 0;
        for (i, c) in rest.char_indices() {
            if i >= end {
                break;
            }
            if c == ' ' {
                words += 1;
                if words >= QUOTE_WORDS {
                    end = i;
                    break;
                }
            }
        }
        let phrase = rest
            .get(..end)
            .unwrap_or("")
            .trim_end_matches([',', '.', ' ']);
        if !phrase.is_empty() {
            let s = sent.span.start + start;
            sent.quote = Some(Span::new(s, s + phrase.len()));
        }
    }
    if sent.speaker.is_none() && sent.quote.is_some() {
        sent.speaker = doc.last_person;
    }
}
