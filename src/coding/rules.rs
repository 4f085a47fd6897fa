//! The relation rules: cue words and the names around them. Each rule is a function
//! over one sentence; each fact it proposes carries the rule, the cue's words and the
//! ends' words.

use super::coder::{Doc, M, MAX_PER_SENTENCE, Sent};
use super::cues::{self, HEAD_NOUNS, TROOPS};
use super::general;
use super::model::{Candidate, Rule};
use super::span::Span;
use crate::model::kind::EntityKind;
use crate::model::modality::Modality;
use crate::model::relation::Relation;

/// Runs every rule over the sentence.
pub(crate) fn run(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    // A conditional states nothing ("If testing brings results, ..."): left to the reader.
    let first = sent.text.split_whitespace().next().unwrap_or("");
    if matches!(first, "If" | "Unless" | "Should" | "Were") {
        return;
    }
    intention(doc, sent);
    met(doc, sent);
    visit(doc, sent);
    apposition(doc, sent);
    participation(doc, sent);
    troops(doc, sent);
    addressed(doc, sent);
    held(doc, sent);
    topics(doc, sent);
    signed(doc, sent);
    general::agreed(doc, sent);
    general::supply(doc, sent);
    general::host_and_visit(doc, sent);
    general::ministry_from_title(doc, sent);
    general::met_each_other(doc, sent);
}

pub(crate) fn is_actor(k: EntityKind) -> bool {
    matches!(
        k,
        EntityKind::Person | EntityKind::Country | EntityKind::StateBody | EntityKind::Organisation
    )
}

/// Whether the mention is a possessor ("Kazakhstan’s Deputy Defense Minister").
fn possessive(doc: &Doc<'_, '_, '_>, m: &M) -> bool {
    let after = doc.text.get(m.span.end..).unwrap_or("");
    after.starts_with("’s") || after.starts_with("'s")
}

/// The sentence's subject before `pos`: its first person, else its first actor; a
/// sentence that opens with "He" or "She" is about the last person named.
pub(crate) fn subject_before(doc: &Doc<'_, '_, '_>, sent: &Sent<'_>, pos: usize) -> Option<M> {
    let before = |m: &&M| m.span.end <= pos && !m.adjective && !sent.in_citation(m.span);
    let person = sent
        .mentions
        .iter()
        .filter(before)
        .find(|m| m.kind == EntityKind::Person)
        .copied();
    if person.is_some() {
        return person;
    }
    // "He met ...", "During the trip he met ...": a pronoun before the cue, with no person
    // named before it, is the last person named (in this sentence or an earlier one).
    if let Some(span) = pronoun_before(sent, pos) {
        let ent = doc.last_person?;
        return Some(M {
            span,
            ent,
            kind: EntityKind::Person,
            adjective: false,
        });
    }
    // The first actor: a name, or a country's adjective and a noun ("Russian troops").
    sent.mentions
        .iter()
        .filter(|m| m.span.end <= pos && !sent.in_citation(m.span))
        .find_map(|m| {
            if !is_actor(m.kind) || possessive(doc, m) {
                None
            } else if !m.adjective {
                Some(*m)
            } else {
                general::adjective_actor(doc, sent, m)
                    .filter(|s| s.end <= pos)
                    .map(|span| M {
                        span,
                        adjective: false,
                        ..*m
                    })
            }
        })
}

/// The last "he" or "she" of the sentence before `pos`, as a word.
fn pronoun_before(sent: &Sent<'_>, pos: usize) -> Option<Span> {
    let upto = pos.checked_sub(sent.span.start)?;
    let lower = sent.lower.get(..upto)?;
    let mut found = None;
    let mut start = None;
    for (i, c) in lower
        .char_indices()
        .chain(std::iter::once((lower.len(), ' ')))
    {
        if c.is_alphabetic() {
            start.get_or_insert(i);
        } else if let Some(b) = start.take()
            && matches!(lower.get(b..i), Some("he" | "she"))
        {
            found = Some(Span::new(sent.span.start + b, sent.span.start + i));
        }
    }
    found
}

/// Mentions in `from..to`, outside citations.
fn between<'a>(sent: &'a Sent<'_>, from: usize, to: usize) -> impl Iterator<Item = &'a M> + 'a {
    sent.mentions
        .iter()
        .filter(move |m| m.span.start >= from && m.span.end <= to && !sent.in_citation(m.span))
}

/// The end of the clause that starts at `from`: the sentence's end, or the first
/// citation after `from`.
pub(crate) fn clause_end(sent: &Sent<'_>, from: usize) -> usize {
    sent.cited
        .iter()
        .filter(|c| c.start >= from)
        .map(|c| c.start)
        .min()
        .unwrap_or(sent.span.end)
}

/// Proposes one fact, if the schema allows it and it is not proposed already.
#[allow(clippy::too_many_arguments)]
pub(crate) fn emit(
    doc: &mut Doc<'_, '_, '_>,
    sent: &Sent<'_>,
    relation: Relation,
    subject: (usize, Span),
    object: (usize, Span),
    modality: Modality,
    rule: Rule,
    cue: Span,
    title: Option<String>,
) -> bool {
    let (Some(s), Some(o)) = (doc.entities.get(subject.0), doc.entities.get(object.0)) else {
        return false;
    };
    if subject.0 == object.0 || !relation.allows(s.kind, o.kind) {
        return false;
    }
    let here = doc
        .candidates
        .iter()
        .filter(|c| c.sentence == sent.index)
        .count();
    if here >= MAX_PER_SENTENCE {
        return false;
    }
    let same = |c: &Candidate| {
        c.relation == relation
            && c.modality == modality
            && ((c.subject == subject.0 && c.object == object.0)
                || (relation.is_symmetric() && c.subject == object.0 && c.object == subject.0))
    };
    if doc.candidates.iter().any(same) {
        return false;
    }
    // An end written as a country's adjective and a noun ("Moroccan diplomats").
    let widened = |span: Span| {
        sent.mentions
            .iter()
            .any(|m| m.adjective && m.span.start == span.start && m.span.end < span.end)
    };
    let inferred = (widened(subject.1) || widened(object.1))
        .then(|| super::general::ADJECTIVE_ACTOR.to_owned());
    // The date nearest the cue in the sentence.
    let date = sent
        .dates
        .iter()
        .min_by_key(|d| d.span.start.abs_diff(cue.start))
        .map(|d| d.date);
    doc.candidates.push(Candidate {
        id: String::new(),
        relation,
        subject: subject.0,
        object: object.0,
        date,
        modality,
        title,
        rule,
        sentence: sent.index,
        cue,
        subject_span: subject.1,
        object_span: object.1,
        citation: None,
        speaker: sent.speaker.filter(|&sp| sp != object.0),
        quote: sent.quote,
        inferred,
    });
    true
}

/// "X met A, B and C", "X held talks with A".
fn met(doc: &mut Doc<'_, '_, '_>, sent: &Sent<'_>) {
    for c in [
        "met with",
        "met",
        "meets",
        "meeting with",
        "held talks with",
        "talks with",
        "talked with",
        "spoke with",
        "conferred with",
        "telephoned",
    ] {
        for cue in sent.find_cue(c) {
            let Some(subj) = subject_before(doc, sent, cue.start) else {
                continue;
            };
            let end = clause_end(sent, cue.end);
            // A country's adjective and a noun only close to the cue ("met Polish
            // officials"), not in a later clause ("..., a Polish official said").
            let objs: Vec<M> = general::actors_between(doc, sent, cue.end, end)
                .into_iter()
                .filter(|m| {
                    sent.mentions
                        .iter()
                        .all(|a| !a.adjective || a.span.start != m.span.start)
                        || doc
                            .text
                            .get(cue.end..m.span.start)
                            .is_some_and(|g| !g.contains(',') && g.split_whitespace().count() <= 3)
                })
                .collect();
            let persons: Vec<M> = objs
                .iter()
                .copied()
                .filter(|m| m.kind == EntityKind::Person)
                .collect();
            let chosen = if persons.is_empty() {
                objs.into_iter().take(1).collect()
            } else {
                persons
            };
            for o in chosen {
                emit(
                    doc,
                    sent,
                    Relation::Met,
                    (subj.ent, subj.span),
                    (o.ent, o.span),
                    Modality::Reported,
                    Rule::Met,
                    cue,
                    None,
                );
            }
            doc.meetings = Some(subj.ent);
        }
    }
}

/// "X's trip to P", "X visited P", "X arrived in P".
fn visit(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    for c in [
        "trip to",
        "visit to",
        "visited",
        "arrived in",
        "travelled to",
        "traveled to",
        "flew to",
        "visits",
    ] {
        for cue in sent.find_cue(c) {
            let known = between(sent, cue.end, (cue.end + 40).min(sent.span.end))
                .find(|m| matches!(m.kind, EntityKind::Place | EntityKind::Country) && !m.adjective)
                .copied();
            let place = match known {
                Some(m) => Some(m),
                None => named_place_after(doc, sent, cue.end),
            }
            .filter(|m| matches!(m.kind, EntityKind::Place | EntityKind::Country));
            let Some(place) = place else { continue };
            // "Sembinov’s visit to": the possessor is the visitor.
            let subj = subject_before(doc, sent, cue.start);
            let Some(subj) = subj else { continue };
            // "NATO peacekeeping troops have arrived in Bosnia": troops that arrive are
            // deployed, not visiting.
            let between_words = sent.lower_from(subj.span.end);
            let gap = between_words
                .get(..cue.start.saturating_sub(subj.span.end))
                .unwrap_or("");
            let troops = gap
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| TROOPS.contains(&w));
            let relation = if troops && subj.kind != EntityKind::Person {
                Relation::DeployedTo
            } else {
                Relation::Visited
            };
            emit(
                doc,
                sent,
                relation,
                (subj.ent, subj.span),
                (place.ent, place.span),
                Modality::Reported,
                Rule::Visit,
                cue,
                None,
            );
            if relation == Relation::Visited {
                doc.visited = Some(place.ent);
            }
        }
    }
}

/// A name right after a movement cue ("visited Ankara", "arrived in Osh") that no
/// mention covers: the cue tells it is a place. Capitalised words, as the name finder
/// reads them; a new place entity and its mention are added.
fn named_place_after(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>, from: usize) -> Option<M> {
    let rest = doc.text.get(from..sent.span.end)?;
    let start = from + (rest.len() - rest.trim_start().len());
    if sent
        .mentions
        .iter()
        .any(|m| m.span.start <= start && start < m.span.end)
    {
        return None;
    }
    let mut end = start;
    let mut at = start;
    for word in doc.text.get(start..sent.span.end)?.split(' ') {
        let name = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        let capital = name.chars().next().is_some_and(char::is_uppercase);
        if !capital
            || name.chars().any(|c| !(c.is_alphabetic() || c == '-'))
            || cues::MONTH_NAMES.contains(&name)
            || cues::WEEKDAYS.contains(&name)
            || cues::OPENERS.contains(&name)
        {
            break;
        }
        end = at + name.len();
        if name.len() != word.len() {
            break;
        }
        at += word.len() + 1;
    }
    if end <= start {
        return None;
    }
    let span = Span::new(start, end);
    let name = span.text(doc.text).to_owned();
    let ent = doc.new_entity(&name, EntityKind::Place, "after a movement cue");
    let kind = doc.entities.get(ent).map_or(EntityKind::Place, |e| e.kind);
    doc.add_mention(sent, span, ent, false);
    Some(M {
        span,
        ent,
        kind,
        adjective: false,
    })
}

/// "X, head of Eurasia affairs at the Pentagon": a post at a named body, in apposition.
fn apposition(doc: &mut Doc<'_, '_, '_>, sent: &Sent<'_>) {
    let persons: Vec<M> = sent
        .mentions
        .iter()
        .copied()
        .filter(|m| m.kind == EntityKind::Person)
        .collect();
    for p in persons {
        let after = doc.text.get(p.span.end..sent.span.end).unwrap_or("");
        let Some(rest) = after.strip_prefix(", ") else {
            continue;
        };
        let len = rest.find([',', ';', '(']).unwrap_or(rest.len());
        let app = Span::new(p.span.end + 2, p.span.end + 2 + len);
        let body = between(sent, app.start, app.end)
            .find(|m| {
                matches!(m.kind, EntityKind::StateBody | EntityKind::Organisation) && !m.adjective
            })
            .copied();
        let Some(body) = body else { continue };
        let title_text = doc.text.get(app.start..body.span.start).unwrap_or("");
        let title = title_text
            .trim_end()
            .trim_end_matches(" the")
            .trim_end_matches(" at")
            .trim_end_matches(" of")
            .trim_end_matches(" in")
            .trim();
        let starts_title = title.split(' ').next().is_some_and(|w| {
            cues::TITLE_WORDS.contains(&w)
                || matches!(
                    w,
                    "head" | "chief" | "director" | "commander" | "deputy" | "spokesman"
                )
        });
        if title.is_empty() || !starts_title || title.split(' ').count() > 8 {
            continue;
        }
        emit(
            doc,
            sent,
            Relation::HoldsPosition,
            (p.ent, p.span),
            (body.ent, body.span),
            Modality::Reported,
            Rule::Apposition,
            app,
            Some(title.to_owned()),
        );
    }
}

/// "participation by U.S. and British servicemen" in an exercise named in the sentence;
/// "X took part in E", "X participated in E".
fn participation(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    let events = |sent: &Sent<'_>| -> Vec<M> {
        sent.mentions
            .iter()
            .copied()
            .filter(|m| {
                matches!(
                    m.kind,
                    EntityKind::Exercise | EntityKind::Event | EntityKind::Programme
                )
            })
            .collect()
    };
    for c in ["participation by", "participation of"] {
        for cue in sent.find_cue(c) {
            let Some(ev) = events(sent)
                .into_iter()
                .rev()
                .find(|m| m.span.end <= cue.start)
            else {
                continue;
            };
            let end = clause_end(sent, cue.end).min(cue.end + 60);
            let actors: Vec<M> = between(sent, cue.end, end)
                .copied()
                .filter(|m| is_actor(m.kind))
                .collect();
            for a in actors {
                emit(
                    doc,
                    sent,
                    Relation::ParticipatedIn,
                    (a.ent, a.span),
                    (ev.ent, ev.span),
                    Modality::Reported,
                    Rule::Participation,
                    cue,
                    None,
                );
            }
        }
    }
    for c in [
        "took part in",
        "take part in",
        "participated in",
        "participate in",
        "participates in",
        "joined",
        "influence behind",
        "role in",
        "involved in",
        "engaged in",
    ] {
        for cue in sent.find_cue(c) {
            let Some(subj) = subject_before(doc, sent, cue.start) else {
                continue;
            };
            let end = clause_end(sent, cue.end);
            let stop = sent
                .text
                .get(sent.local(cue.end)..)
                .and_then(|t| t.find([',', ';']))
                .map_or(end, |i| (cue.end + i).min(end));
            let mut objs: Vec<M> = between(sent, cue.end, stop)
                .copied()
                .filter(|m| {
                    matches!(
                        m.kind,
                        EntityKind::Exercise | EntityKind::Event | EntityKind::Programme
                    )
                })
                .collect();
            if objs.is_empty() {
                // "a critical influence behind much of Kazakhstan’s military reform".
                if let Some((np, kind)) = noun_phrase(
                    doc,
                    sent,
                    cue.end,
                    stop,
                    &[
                        EntityKind::Programme,
                        EntityKind::Exercise,
                        EntityKind::Event,
                    ],
                ) {
                    let ent = phrase_entity(doc, sent, np, kind);
                    objs.push(M {
                        span: np,
                        ent,
                        kind,
                        adjective: false,
                    });
                }
            }
            let modality = modality_before(sent, cue.start).unwrap_or(Modality::Reported);
            for o in objs {
                emit(
                    doc,
                    sent,
                    Relation::ParticipatedIn,
                    (subj.ent, subj.span),
                    (o.ent, o.span),
                    modality,
                    Rule::Participation,
                    cue,
                    None,
                );
            }
        }
    }
}

/// "Kazakhstani forces in Steppe Eagle", "Kazakhstani peacekeepers in Iraq",
/// "servicemen serving in Central Iraq", "the deployment of X troops to P".
fn troops(doc: &mut Doc<'_, '_, '_>, sent: &Sent<'_>) {
    let countries: Vec<M> = sent
        .mentions
        .iter()
        .copied()
        .filter(|m| m.kind == EntityKind::Country && m.adjective && !sent.in_citation(m.span))
        .collect();
    for c in countries {
        let after = sent.lower_from(c.span.end);
        let words: Vec<&str> = after.split_whitespace().take(5).collect();
        let Some(noun) = words
            .first()
            .map(|w| w.trim_matches(|x: char| !x.is_alphanumeric()))
        else {
            continue;
        };
        if !TROOPS.contains(&noun) {
            continue;
        }
        let rest: Vec<&str> = words.iter().skip(1).copied().collect();
        let preps: &[&[&str]] = &[
            &["in"],
            &["to"],
            &["serving", "in"],
            &["deployed", "in"],
            &["deployed", "to"],
            &["stationed", "in"],
            &["based", "in"],
        ];
        let Some(p) = preps
            .iter()
            .find(|p| rest.len() >= p.len() && rest.iter().zip(p.iter()).all(|(a, b)| a == b))
        else {
            continue;
        };
        // Where the preposition ends in the text.
        let mut off = c.span.end + (after.len() - after.trim_start().len()) + noun.len();
        for w in p.iter() {
            let Some(i) = sent.lower_from(off).find(w) else {
                break;
            };
            off += i + w.len();
        }
        let target = between(sent, off, (off + 3).min(sent.span.end) + 40)
            .find(|m| m.span.start <= off + 6 && !m.adjective)
            .copied();
        let Some(t) = target else { continue };
        let cue = Span::new(c.span.start, off);
        // Whether a candidate was proposed does not matter here: the cue is spent either way.
        match t.kind {
            EntityKind::Exercise | EntityKind::Event => emit(
                doc,
                sent,
                Relation::ParticipatedIn,
                (c.ent, c.span),
                (t.ent, t.span),
                Modality::Reported,
                Rule::TroopsInExercise,
                cue,
                None,
            ),
            EntityKind::Place | EntityKind::Country => emit(
                doc,
                sent,
                Relation::DeployedTo,
                (c.ent, c.span),
                (t.ent, t.span),
                Modality::Reported,
                Rule::TroopsInPlace,
                cue,
                None,
            ),
            _ => false,
        };
    }
}

/// Words that end a noun phrase on its left.
const NP_STOPS: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "this",
    "that",
    "these",
    "those",
    "of",
    "in",
    "through",
    "with",
    "for",
    "to",
    "towards",
    "as",
    "well",
    "further",
    "closer",
    "between",
    "by",
    "at",
    "from",
    "into",
    "within",
    "during",
    "about",
    "on",
    "upon",
    "and",
    "or",
    "is",
    "was",
    "were",
    "be",
    "been",
    "which",
    "who",
    "introducing",
    "exploring",
    "making",
    "our",
    "new",
];

/// The first noun phrase in `from..to` that ends in a head noun of `kinds` (or any head
/// noun when `kinds` is empty): its words and kind, outside known names.
pub(crate) fn noun_phrase(
    doc: &Doc<'_, '_, '_>,
    sent: &Sent<'_>,
    from: usize,
    to: usize,
    kinds: &[EntityKind],
) -> Option<(Span, EntityKind)> {
    let text = doc.text.get(from..to)?;
    let mut words: Vec<Span> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphanumeric() || (start.is_some() && c == '-') {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(b) = start.take() {
            words.push(Span::new(from + b, from + i));
        }
        if !(c.is_alphanumeric() || c == '-' || c == ' ' || c == '’' || c == '\'')
            && start.is_none()
            && !words.is_empty()
        {
            // Punctuation ends the search region for a phrase that started before it.
            words.push(Span::new(from + i, from + i));
        }
    }
    let lowerw = |s: &Span| s.text(doc.text).to_lowercase();
    for (h, w) in words.iter().enumerate() {
        let lw = lowerw(w);
        let Some((_, kind)) = HEAD_NOUNS
            .iter()
            .find(|(n, k)| *n == lw && (kinds.is_empty() || kinds.contains(k)))
        else {
            continue;
        };
        if sent
            .mentions
            .iter()
            .any(|m| m.span.start <= w.start && w.end <= m.span.end)
        {
            continue;
        }
        let mut first = h;
        while first > 0 {
            let Some(p) = words.get(first - 1) else { break };
            let lp = lowerw(p);
            let joined_on = (lp == "on" || lp == "and")
                && first >= 2
                && words
                    .get(first - 2)
                    .is_some_and(|x| !NP_STOPS.contains(&lowerw(x).as_str()));
            if p.start == p.end
                || lp == "s"
                || (NP_STOPS.contains(&lp.as_str()) && !joined_on)
                || p.text(doc.text)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                || h - first >= 5
            {
                break;
            }
            first -= 1;
        }
        let a = words.get(first)?;
        return Some((Span::new(a.start, w.end), *kind));
    }
    None
}

/// A new entity named after a phrase: "Kazakhstan's military reform" when a possessor
/// stands before it.
fn phrase_entity(
    doc: &mut Doc<'_, '_, '_>,
    sent: &mut Sent<'_>,
    span: Span,
    kind: EntityKind,
) -> usize {
    let words = span.text(doc.text);
    let before = doc.text.get(sent.span.start..span.start).unwrap_or("");
    let possessor = sent
        .mentions
        .iter()
        .find(|m| {
            m.span.end <= span.start
                && matches!(before.get(m.span.end - sent.span.start..), Some(b) if b == "’s " || b == "'s ")
        })
        .map(|m| doc.entities.get(m.ent).map(|e| e.name.clone()).unwrap_or_default());
    let name = match possessor {
        Some(p) => format!("{p}'s {words}"),
        None => capitalise(words),
    };
    let ent = doc.new_entity(&name, kind, "head noun of a phrase");
    doc.add_mention(sent, span, ent, false);
    ent
}

fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// "X addressed E" (an event named or described: "an operational training session");
/// "X explained during a television interview".
fn addressed(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    for c in [
        "addressed",
        "spoke at",
        "speaking at",
        "during a",
        "during an",
        "in an interview",
        "in a speech",
    ] {
        for cue in sent.find_cue(c) {
            let Some(subj) =
                subject_before(doc, sent, cue.start).filter(|m| m.kind == EntityKind::Person)
            else {
                continue;
            };
            let end = clause_end(sent, cue.end).min(cue.end + 80);
            let named = between(sent, cue.end, end)
                .find(|m| m.kind == EntityKind::Event)
                .copied();
            let (ent, span) = match named {
                Some(m) => (m.ent, m.span),
                None => {
                    let Some((np, _)) = noun_phrase(doc, sent, cue.end, end, &[EntityKind::Event])
                    else {
                        continue;
                    };
                    let words = np.text(doc.text).to_owned();
                    let head = words.rsplit(' ').next().unwrap_or("");
                    let name = if matches!(head, "interview" | "briefing" | "speech") {
                        // One person's event: named after them.
                        let who = doc
                            .entities
                            .get(subj.ent)
                            .map(|e| e.name.rsplit(' ').next().unwrap_or("").to_owned())
                            .unwrap_or_default();
                        format!("{who}'s {words}")
                    } else if words
                        .split(' ')
                        .any(|w| matches!(w, "government" | "parliament" | "cabinet"))
                    {
                        // "a government session": whose government the sentence says.
                        match sent
                            .mentions
                            .iter()
                            .find(|m| m.kind == EntityKind::Country && !m.adjective)
                        {
                            Some(cm) => format!(
                                "{} {words}",
                                doc.entities
                                    .get(cm.ent)
                                    .map(|e| e.name.clone())
                                    .unwrap_or_default()
                            ),
                            None => capitalise(&words),
                        }
                    } else {
                        capitalise(&words)
                    };
                    let ent = doc.new_entity(&name, EntityKind::Event, "event noun after a cue");
                    doc.add_mention(sent, np, ent, false);
                    (ent, np)
                }
            };
            emit(
                doc,
                sent,
                Relation::Addressed,
                (subj.ent, subj.span),
                (ent, span),
                Modality::Reported,
                Rule::Addressed,
                cue,
                None,
            );
            doc.last_event = Some(ent);
        }
    }
}

/// "E held in P", "E took place in P", "held within Kazakhstan: A, B and C"; a body in
/// place of P hosted E.
fn held(doc: &mut Doc<'_, '_, '_>, sent: &Sent<'_>) {
    for c in [
        "held",
        "took place",
        "takes place",
        "was conducted",
        "were conducted",
    ] {
        for cue in sent.find_cue(c) {
            // "held on November 17 in X": a date may come first.
            let window_end = clause_end(sent, cue.end).min(cue.end + 48);
            let after = sent.lower_from(cue.end);
            let in_at = ["in ", "within ", "at "]
                .iter()
                .filter_map(|p| after.find(p))
                .min();
            let Some(in_at) = in_at.filter(|&i| i < 30) else {
                continue;
            };
            let from = cue.end + in_at;
            let Some(place) = between(sent, from, window_end)
                .find(|m| {
                    !m.adjective
                        && matches!(
                            m.kind,
                            EntityKind::Place | EntityKind::Country | EntityKind::StateBody
                        )
                })
                .copied()
            else {
                continue;
            };
            // The events: the one just before the cue, or a list after a colon.
            let mut events: Vec<M> = sent
                .mentions
                .iter()
                .copied()
                .filter(|m| {
                    matches!(m.kind, EntityKind::Event | EntityKind::Exercise)
                        && m.span.end <= cue.start
                        && cue.start - m.span.end <= 2
                })
                .collect();
            let colon = doc
                .text
                .get(place.span.end..sent.span.end)
                .and_then(|t| t.trim_start().strip_prefix(':').map(|_| ()));
            if colon.is_some() {
                events.extend(sent.mentions.iter().copied().filter(|m| {
                    m.span.start > place.span.end
                        && matches!(m.kind, EntityKind::Event | EntityKind::Exercise)
                }));
            }
            for e in events {
                if place.kind == EntityKind::StateBody {
                    emit(
                        doc,
                        sent,
                        Relation::Hosted,
                        (place.ent, place.span),
                        (e.ent, e.span),
                        Modality::Reported,
                        Rule::Hosted,
                        cue,
                        None,
                    );
                } else {
                    emit(
                        doc,
                        sent,
                        Relation::LocatedIn,
                        (e.ent, e.span),
                        (place.ent, place.span),
                        Modality::Reported,
                        Rule::HeldIn,
                        cue,
                        None,
                    );
                }
            }
        }
    }
    for cue in sent.find_cue("hosted") {
        let Some(host) = subject_before(doc, sent, cue.start) else {
            continue;
        };
        let end = clause_end(sent, cue.end);
        let evs: Vec<M> = between(sent, cue.end, end)
            .copied()
            .filter(|m| matches!(m.kind, EntityKind::Event | EntityKind::Exercise))
            .collect();
        for e in evs {
            emit(
                doc,
                sent,
                Relation::Hosted,
                (host.ent, host.span),
                (e.ent, e.span),
                Modality::Reported,
                Rule::Hosted,
                cue,
                None,
            );
        }
    }
}

/// The modality a cue before `pos` gives: "plans to" → planned, "would like" → intended.
pub(crate) fn modality_before(sent: &Sent<'_>, pos: usize) -> Option<Modality> {
    let before = sent.lower.get(..sent.local(pos))?;
    let tail: String = before
        .chars()
        .rev()
        .take(30)
        .collect::<String>()
        .chars()
        .rev()
        .collect();
    INTENTIONS
        .iter()
        .find(|(c, _)| tail.contains(c))
        .map(|(_, m)| *m)
}

/// Cues of plans and intentions, and the modality each gives.
const INTENTIONS: &[(&str, Modality)] = &[
    ("would like", Modality::Intended),
    ("wants to", Modality::Intended),
    ("want to", Modality::Intended),
    ("keen to", Modality::Intended),
    ("intends to", Modality::Intended),
    ("intend to", Modality::Intended),
    ("hopes to", Modality::Intended),
    ("seeks to", Modality::Intended),
    ("envisages", Modality::Planned),
    ("plans to", Modality::Planned),
    ("plans for", Modality::Planned),
    ("is planning", Modality::Planned),
    ("are planning", Modality::Planned),
    ("is to", Modality::Planned),
    ("will hold", Modality::Planned),
    ("proposed", Modality::Proposed),
    ("suggested", Modality::Proposed),
];

/// "X would like E to ...", "X envisages introducing P", "X’s plans to professionalize
/// its army": `plans` with the cue's modality.
fn intention(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    for (c, modality) in INTENTIONS {
        for cue in sent.find_cue(c) {
            // "Kazakhstan’s plans to": the possessor plans.
            let possessor = sent
                .mentions
                .iter()
                .rev()
                .find(|m| {
                    m.span.end <= cue.start
                        && cue.start - m.span.end <= 6
                        && possessive(doc, m)
                        && is_actor(m.kind)
                })
                .copied();
            let Some(subj) = possessor.or_else(|| subject_before(doc, sent, cue.start)) else {
                continue;
            };
            let end = clause_end(sent, cue.end);
            let stop = sent
                .text
                .get(sent.local(cue.end)..)
                .and_then(|t| t.find([',', ';', ':']))
                .map_or(end, |i| (cue.end + i).min(end));
            let plannable = |k: EntityKind| {
                matches!(
                    k,
                    EntityKind::Exercise
                        | EntityKind::Event
                        | EntityKind::Programme
                        | EntityKind::Agreement
                        | EntityKind::Equipment
                )
            };
            let named = between(sent, cue.end, stop)
                .find(|m| plannable(m.kind) && m.span.start <= cue.end + 24)
                .copied();
            let (ent, span) = match named {
                Some(m) => (m.ent, m.span),
                None => match verb_object(doc, sent, cue.end, stop) {
                    Some(x) => x,
                    None => continue,
                },
            };
            emit(
                doc,
                sent,
                Relation::Plans,
                (subj.ent, subj.span),
                (ent, span),
                *modality,
                Rule::Intention,
                cue,
                None,
            );
        }
    }
}

/// The object of a plan written as a verb phrase: "introducing psychological testing for
/// senior officers" (a phrase after a gerund), "to further professionalize its army"
/// (a verb in -ize made a noun: "professionalization of the army").
fn verb_object(
    doc: &mut Doc<'_, '_, '_>,
    sent: &mut Sent<'_>,
    from: usize,
    to: usize,
) -> Option<(usize, Span)> {
    let text = doc.text.get(from..to)?;
    let lead = text.len() - text.trim_start().len();
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut pos = from + lead;
    for w in text.trim_start().split(' ') {
        words.push((pos, w));
        pos += w.len() + 1;
        if words.len() >= 9 {
            break;
        }
    }
    let skip = |w: &str| {
        matches!(
            w,
            "to" | "further"
                | "also"
                | "then"
                | "soon"
                | "be"
                | "make"
                | "real"
                | "progress"
                | "towards"
        )
    };
    let mut i = 0;
    while words.get(i).is_some_and(|(_, w)| skip(w)) {
        i += 1;
    }
    let (vstart, verb) = *words.get(i)?;
    let rest: Vec<&(usize, &str)> = words.iter().skip(i + 1).take(4).collect();
    if let Some(stem) = verb
        .strip_suffix("ize")
        .or_else(|| verb.strip_suffix("ise"))
    {
        // "professionalize its army" → "professionalization of the army".
        let obj: Vec<&str> = rest
            .iter()
            .map(|(_, w)| *w)
            .take_while(|w| {
                !matches!(
                    *w,
                    "with"
                        | "by"
                        | "in"
                        | "to"
                        | "and"
                        | "so"
                        | "are"
                        | "is"
                        | "was"
                        | "were"
                        | "will"
                )
            })
            .take(3)
            .map(|w| {
                if matches!(w, "its" | "their" | "his" | "her") {
                    "the"
                } else {
                    w
                }
            })
            .collect();
        let name =
            capitalise(format!("{stem}ization of {}", obj.join(" ")).trim_end_matches(['.', ',']));
        let end = rest
            .get(obj.len().saturating_sub(1))
            .map_or(vstart + verb.len(), |(p, w)| p + w.len());
        let span = Span::new(vstart, end.min(to));
        let ent = doc.new_entity(&name, EntityKind::Programme, "verb made a noun");
        doc.add_mention(sent, span, ent, false);
        return Some((ent, span));
    }
    if verb.ends_with("ing") {
        // "introducing psychological testing for senior officers".
        let after = rest.first().map_or(to, |(p, _)| *p);
        let tail = doc.text.get(after..to)?;
        let len = tail.find([',', ';', '.']).unwrap_or(tail.len());
        let words_n = tail
            .get(..len)?
            .split(' ')
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        if words_n.trim().is_empty() || words_n.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let span = Span::new(after, after + words_n.len());
        let (_, kind) = noun_phrase(doc, sent, span.start, span.end, &[])
            .unwrap_or((span, EntityKind::Programme));
        let kind = if matches!(
            kind,
            EntityKind::Event
                | EntityKind::Exercise
                | EntityKind::Programme
                | EntityKind::Agreement
                | EntityKind::Equipment
        ) {
            kind
        } else {
            EntityKind::Programme
        };
        let ent = doc.new_entity(&capitalise(&words_n), kind, "phrase after a gerund");
        doc.add_mention(sent, span, ent, false);
        return Some((ent, span));
    }
    None
}

/// Topic cues: the subject discussed each item of the enumeration that follows.
const TOPIC_CUES: &[&str] = &[
    "discussed",
    "focused on",
    "touched upon",
    "touched on",
    "talked about",
    "noting",
    "highlighting",
    "report on",
    "exploring",
    "dealt with",
    "centred on",
    "centered on",
    "agenda included",
];

/// "The meetings focused on A, B, as well as C and D": one `discussed` fact per item.
fn topics(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    let mut cues: Vec<Span> = TOPIC_CUES.iter().flat_map(|c| sent.find_cue(c)).collect();
    cues.sort();
    for (n, cue) in cues.iter().enumerate() {
        let Some(subject) = topic_holder(doc, sent, cue.start) else {
            continue;
        };
        let next_cue = cues.get(n + 1).map_or(sent.span.end, |c| c.start);
        let end = clause_end(sent, cue.end).min(next_cue);
        // Items: split on commas, semicolons, "and", "as well as".
        let region = doc.text.get(cue.end..end).unwrap_or("").to_owned();
        let mut items: Vec<Span> = Vec::new();
        // Items that head a list after a colon ("exercises held within X: A, B").
        let mut headers: Vec<Span> = Vec::new();
        let mut last = 0;
        let lower = region.to_lowercase();
        let mut i = 0;
        let bytes = lower.as_bytes();
        while i < lower.len() {
            let rest = lower.get(i..).unwrap_or("");
            let sep = [
                ", as well as ",
                ", and ",
                " and ",
                ", ",
                "; ",
                " as well as ",
                ": ",
            ]
            .iter()
            .find(|s| rest.starts_with(**s))
            .map(|s| s.len());
            if let Some(len) = sep {
                if rest.starts_with(": ") {
                    headers.push(Span::new(cue.end + last, cue.end + i));
                }
                items.push(Span::new(cue.end + last, cue.end + i));
                i += len;
                last = i;
            } else {
                i += 1;
                while i < bytes.len() && !lower.is_char_boundary(i) {
                    i += 1;
                }
            }
            // A relative clause ends the list.
            if rest.starts_with(", which") || rest.starts_with(" that ") {
                break;
            }
        }
        if i >= lower.len() {
            items.push(Span::new(cue.end + last, end));
        }
        for item in items {
            let named: Vec<M> = between(sent, item.start, item.end)
                .copied()
                .filter(|m| {
                    !m.adjective
                        && !possessive(doc, m)
                        && m.kind != EntityKind::Source
                        && !held_place(doc, m)
                })
                .collect();
            if named.is_empty() && !headers.contains(&item) {
                let found = noun_phrase(doc, sent, item.start, item.end, &[])
                    .or_else(|| bare_topic(doc.text, item).map(|sp| (sp, EntityKind::Programme)));
                if let Some((np, kind)) = found {
                    let kind = if kind == EntityKind::Event {
                        EntityKind::Programme
                    } else {
                        kind
                    };
                    let ent = phrase_entity(doc, sent, np, kind);
                    emit(
                        doc,
                        sent,
                        Relation::Discussed,
                        subject,
                        (ent, np),
                        Modality::Reported,
                        Rule::Topic,
                        *cue,
                        None,
                    );
                }
            }
            for m in named {
                emit(
                    doc,
                    sent,
                    Relation::Discussed,
                    subject,
                    (m.ent, m.span),
                    Modality::Reported,
                    Rule::Topic,
                    *cue,
                    None,
                );
            }
        }
    }
}

/// An item of a topic list without a head noun the dictionary knows ("officer training",
/// "mountain warfare"): the item itself, less a leading article and trailing
/// punctuation, when it is a short phrase of words (at most five) with no verb or clause
/// word in it. Such an item is a topic whatever its words, since the cue said so.
fn bare_topic(text: &str, item: Span) -> Option<Span> {
    const NOT_IN_A_TOPIC: &[&str] = &[
        "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "said",
        "says", "that", "which", "who", "to", "he", "she", "they", "it", "we", "not",
    ];
    let words = item.text(text);
    let lead = words.len() - words.trim_start().len();
    let mut start = item.start + lead;
    let mut phrase = words.trim();
    for article in ["the ", "a ", "an "] {
        if phrase.len() > article.len()
            && phrase
                .get(..article.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(article))
        {
            start += article.len();
            phrase = phrase.get(article.len()..).unwrap_or("");
        }
    }
    let phrase = phrase.trim_end_matches(|c: char| !c.is_alphanumeric());
    let count = phrase.split(' ').count();
    let plain = phrase.split(' ').all(|w| {
        !w.is_empty()
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
            && !NOT_IN_A_TOPIC.contains(&w.to_lowercase().as_str())
    });
    (plain && (1..=5).contains(&count)).then(|| Span::new(start, start + phrase.len()))
}

/// "within Kazakhstan" after "held": the place of the topics, not one of them.
fn held_place(doc: &Doc<'_, '_, '_>, m: &M) -> bool {
    let before = doc.text.get(..m.span.start).unwrap_or("").trim_end();
    ["held in", "held within", "held at", "place in"]
        .iter()
        .any(|c| before.ends_with(c))
}

/// Who discussed: an event named just before the cue, "The meetings", "Talks", "The
/// session" (the last such event), else the sentence's subject.
fn topic_holder(
    doc: &mut Doc<'_, '_, '_>,
    sent: &mut Sent<'_>,
    pos: usize,
) -> Option<(usize, Span)> {
    let local = sent.local(pos);
    let before = sent.lower.get(..local).unwrap_or("");
    let event = sent
        .mentions
        .iter()
        .rev()
        .find(|m| m.span.end <= pos && m.kind == EntityKind::Event)
        .copied();
    if let Some(e) = event {
        return Some((e.ent, e.span));
    }
    let words: Vec<&str> = before.split_whitespace().collect();
    let opener = words
        .iter()
        .rev()
        .take(3)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| {
            matches!(
                *w,
                "meetings" | "meeting" | "talks" | "session" | "conference" | "summit"
            )
        });
    if let Some(w) = opener {
        let span = sent
            .find_cue(w)
            .into_iter()
            .next()
            .unwrap_or(Span::new(sent.span.start, sent.span.start));
        if matches!(w, "meetings" | "meeting" | "talks") {
            if let Some(who) = doc.meetings {
                let who_name = doc
                    .entities
                    .get(who)
                    .map(|e| e.name.rsplit(' ').next().unwrap_or("").to_owned())
                    .unwrap_or_default();
                let name = match doc.visited.and_then(|p| doc.entities.get(p)) {
                    Some(p) => format!("{who_name}'s meetings in {}", p.name),
                    None => format!("{who_name}'s meetings"),
                };
                let ent = doc.new_entity(&name, EntityKind::Event, "meetings named before");
                doc.add_mention(sent, span, ent, false);
                doc.last_event = Some(ent);
                return Some((ent, span));
            }
        }
        if let Some(e) = doc.last_event {
            return Some((e, span));
        }
    }
    subject_before(doc, sent, pos).map(|m| (m.ent, m.span))
}

/// "X signed A", "A signed by X".
fn signed(doc: &mut Doc<'_, '_, '_>, sent: &Sent<'_>) {
    for cue in sent.find_cue("signed") {
        let end = clause_end(sent, cue.end);
        let agreement = sent
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Agreement && !sent.in_citation(m.span))
            .min_by_key(|m| m.span.start.abs_diff(cue.start))
            .copied();
        let Some(a) = agreement else { continue };
        let by = sent.lower_from(cue.end).trim_start().starts_with("by");
        let signers: Vec<M> = if by {
            between(sent, cue.end, end)
                .copied()
                .filter(|m| is_actor(m.kind) && !m.adjective)
                .collect()
        } else {
            subject_before(doc, sent, cue.start)
                .into_iter()
                .filter(|m| m.ent != a.ent && m.span.end <= a.span.start.max(cue.start))
                .collect()
        };
        for s in signers {
            emit(
                doc,
                sent,
                Relation::Signed,
                (s.ent, s.span),
                (a.ent, a.span),
                Modality::Reported,
                Rule::Signed,
                cue,
                None,
            );
        }
    }
}
