//! General English shapes the seed article's rules did not reach: actors written as a
//! country's adjective and a noun ("Moroccan diplomats"), agreements ("agreed to",
//! "agreed on"), aid and supply verbs ("provided", "delivered", "sent ... to"), a host
//! and a guest ("hosted Minister X"), and a visit ahead ("will visit"). Each candidate
//! that reads more than the words say carries the reason (`inferred`).

use super::coder::{Doc, M, Sent};
use super::cues::{HEAD_NOUNS, TROOPS};
use super::model::Rule;
use super::rules::{clause_end, emit, is_actor, modality_before, noun_phrase, subject_before};
use super::span::Span;
use crate::model::kind::EntityKind;
use crate::model::modality::Modality;
use crate::model::relation::Relation;

/// Why a country named by its adjective and a noun is the actor.
pub(crate) const ADJECTIVE_ACTOR: &str =
    "the country read from its adjective and a noun (\"Moroccan diplomats\")";

/// Nouns for people acting for their country, besides the troops' ("Polish officials",
/// "French warships").
const GROUP_NOUNS: &[&str] = &[
    "officials",
    "official",
    "diplomats",
    "diplomat",
    "government",
    "authorities",
    "leaders",
    "leader",
    "delegation",
    "delegates",
    "negotiators",
    "ministers",
    "envoy",
    "envoys",
    "navy",
    "army",
    "warships",
    "ships",
    "vessels",
    "instructors",
    "advisers",
    "advisors",
    "experts",
    "doctors",
    "police",
    "intelligence",
    "side",
    "sides",
];

/// Words a group noun may follow inside the phrase ("Russian military officials").
const GROUP_MODIFIERS: &[&str] = &[
    "military",
    "defence",
    "defense",
    "foreign",
    "security",
    "senior",
    "border",
    "naval",
    "air",
    "intelligence",
    "peacekeeping",
    "special",
];

/// The words of an actor written as a country's adjective and a group noun: "Russian
/// troops", "Hungarian and Romanian officials" (from either adjective), "Russian military
/// officials". `None` when `m` is not such an adjective.
pub(crate) fn adjective_actor(doc: &Doc<'_, '_, '_>, sent: &Sent<'_>, m: &M) -> Option<Span> {
    if !m.adjective || m.kind != EntityKind::Country {
        return None;
    }
    let rest = doc.text.get(m.span.end..sent.span.end)?;
    let mut at = m.span.end;
    let mut words = rest.split(' ').skip(1).peekable();
    // " and Romanian": another adjective of the list.
    let mut steps = 0;
    while let Some(w) = words.next() {
        steps += 1;
        if steps > 6 {
            return None;
        }
        let offset = rest.get(at - m.span.end..).and_then(|r| r.find(w))?;
        let start = at + offset;
        let bare = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        let lower = bare.to_lowercase();
        if TROOPS.contains(&lower.as_str()) || GROUP_NOUNS.contains(&lower.as_str()) {
            return Some(Span::new(m.span.start, start + bare.len()));
        }
        let joins = (lower == "and" || lower == "or") && words.peek().is_some();
        let adjective = sent
            .mentions
            .iter()
            .any(|o| o.adjective && o.span.start == start);
        if bare.len() != w.len() || !(joins || adjective || GROUP_MODIFIERS.contains(&&*lower)) {
            return None;
        }
        at = start + w.len();
    }
    None
}

/// Mentions of actors in `from..to` outside citations, adjective actors included (their
/// span widened to the noun): objects of "met", "hosted", subjects of "agreed".
pub(crate) fn actors_between(
    doc: &Doc<'_, '_, '_>,
    sent: &Sent<'_>,
    from: usize,
    to: usize,
) -> Vec<M> {
    sent.mentions
        .iter()
        .filter(|m| m.span.start >= from && m.span.end <= to && !sent.in_citation(m.span))
        .filter_map(|m| {
            if !is_actor(m.kind) {
                return None;
            }
            if !m.adjective {
                return Some(*m);
            }
            let span = adjective_actor(doc, sent, m)?;
            Some(M {
                span,
                adjective: false,
                ..*m
            })
        })
        .collect()
}

/// The actors of the clause before `pos`: "X and Y agreed", "Hungarian and Romanian
/// officials agreed", else the sentence's subject.
fn subjects_before(doc: &Doc<'_, '_, '_>, sent: &Sent<'_>, pos: usize) -> Vec<M> {
    let Some(first) = subject_before(doc, sent, pos) else {
        return Vec::new();
    };
    let mut out = vec![first];
    // "Norwegian and Danish officials": the other adjectives of the phrase.
    for m in &sent.mentions {
        if m.adjective
            && m.kind == EntityKind::Country
            && m.span.start > first.span.start
            && m.span.end < first.span.end
            && out.iter().all(|o| o.ent != m.ent)
        {
            out.push(M {
                span: Span::new(m.span.start, first.span.end),
                adjective: false,
                ..*m
            });
        }
    }
    // Coordinated with the first: joined by "and" or a comma only.
    let mut end = first.span.end;
    for m in actors_between(doc, sent, first.span.end, pos) {
        let gap = doc.text.get(end..m.span.start).unwrap_or("").trim();
        let gap = gap.trim_start_matches(',').trim();
        let plain = gap.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>();
        let joined = matches!(plain.as_slice(), ["and"] | ["and", "the"] | [] | ["the"]);
        if !joined || out.iter().any(|o: &M| o.ent == m.ent) {
            break;
        }
        end = m.span.end;
        out.push(m);
    }
    out
}

/// Words that end a verb phrase or an object phrase.
const PHRASE_STOPS: &[&str] = &[
    "to",
    "for",
    "with",
    "after",
    "before",
    "as",
    "but",
    "while",
    "which",
    "who",
    "that",
    "if",
    "despite",
    "because",
    "on",
    "in",
    "by",
    "until",
    "from",
    "following",
];

/// The words from `from` up to a comma, a stop word (from its second word on) or `to`,
/// at most `max` words: an object phrase ("nearly 25,000 tons of food aid").
fn phrase_after(doc: &Doc<'_, '_, '_>, from: usize, to: usize, max: usize) -> Option<Span> {
    let text = doc.text.get(from..to)?;
    let lead = text.len() - text.trim_start().len();
    let start = from + lead;
    let mut end = start;
    let mut at = start;
    for (n, w) in text.trim_start().split(' ').enumerate() {
        if n >= max || w.is_empty() {
            break;
        }
        let bare = w.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '%');
        if n > 0 && PHRASE_STOPS.contains(&bare.to_lowercase().as_str()) {
            break;
        }
        end = at + bare.len();
        if bare.len() != w.len() {
            break;
        }
        at += w.len() + 1;
    }
    // A trailing article or conjunction is not part of it.
    let mut span = Span::new(start, end);
    while let Some(last) = span.text(doc.text).rsplit(' ').next() {
        if span.text(doc.text).contains(' ') && matches!(last, "a" | "an" | "the" | "and" | "or") {
            span = Span::new(span.start, span.end - last.len() - 1);
        } else {
            break;
        }
    }
    (span.end > span.start).then_some(span)
}

/// "X and Y agreed to hold joint exercises", "X agreed on a pact", "X promised to ...":
/// a named or described agreement agreed on is `signed` (marked inferred: agreeing is
/// read as the signing), anything else agreed to is `plans`, planned.
pub(crate) fn agreed(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    const CUES: &[(&str, Modality)] = &[
        ("agreed to", Modality::Planned),
        ("agreed on", Modality::Planned),
        ("agreed upon", Modality::Planned),
        ("agreed in principle to", Modality::Planned),
        ("agree to", Modality::Planned),
        ("promised to", Modality::Intended),
        ("pledged to", Modality::Intended),
        ("offered to", Modality::Proposed),
    ];
    for (c, modality) in CUES {
        for cue in sent.find_cue(c) {
            // "agreed on Wednesday that ...": "on" begins a date, not what was agreed.
            if sent
                .dates
                .iter()
                .any(|d| d.span.start >= cue.end && d.span.start <= cue.end + 1)
            {
                continue;
            }
            let subjects = subjects_before(doc, sent, cue.start);
            if subjects.is_empty() {
                continue;
            }
            let end = clause_end(sent, cue.end);
            let stop = sent
                .text
                .get(sent.local(cue.end)..)
                .and_then(|t| t.find([',', ';', ':']))
                .map_or(end, |i| (cue.end + i).min(end));
            let named = sent
                .mentions
                .iter()
                .find(|m| {
                    m.span.start >= cue.end
                        && m.span.end <= stop
                        && matches!(
                            m.kind,
                            EntityKind::Agreement
                                | EntityKind::Programme
                                | EntityKind::Exercise
                                | EntityKind::Event
                        )
                })
                .map(|m| (m.ent, m.span, m.kind));
            let object = match named {
                Some(x) => x,
                None => {
                    let kinds = [
                        EntityKind::Agreement,
                        EntityKind::Exercise,
                        EntityKind::Programme,
                        EntityKind::Event,
                    ];
                    let np = noun_phrase(doc, sent, cue.end, stop, &kinds)
                        .filter(|(sp, _)| sp.start <= cue.end + 40)
                        .map(|(sp, k)| (drop_verb(doc, cue, sp), k));
                    let (span, kind) = match np {
                        Some(x) => x,
                        // "agreed to share information": the verb phrase itself.
                        None => match phrase_after(doc, cue.end, stop, 6) {
                            Some(sp) => (sp, EntityKind::Programme),
                            None => continue,
                        },
                    };
                    let name = capitalise(span.text(doc.text));
                    let ent = doc.new_entity(&name, kind, "what was agreed");
                    doc.add_mention(sent, span, ent, false);
                    (ent, span, kind)
                }
            };
            let signing = object.2 == EntityKind::Agreement && *modality == Modality::Planned;
            for s in subjects {
                let (relation, m, why) = if signing {
                    (
                        Relation::Signed,
                        Modality::Reported,
                        Some("an agreement agreed on is read as signed"),
                    )
                } else {
                    (Relation::Plans, *modality, None)
                };
                let pushed = emit(
                    doc,
                    sent,
                    relation,
                    (s.ent, s.span),
                    (object.0, object.1),
                    m,
                    Rule::Agreed,
                    cue,
                    None,
                );
                if let (true, Some(why)) = (pushed, why) {
                    mark_inferred(doc, why);
                }
            }
        }
    }
}

/// "agreed to hold joint drills": the phrase less the verb right after "to".
fn drop_verb(doc: &Doc<'_, '_, '_>, cue: Span, np: Span) -> Span {
    let words = np.text(doc.text);
    let right_after = doc
        .text
        .get(cue.end..np.start)
        .is_some_and(|g| g.trim().is_empty());
    match words.split_once(' ') {
        Some((verb, rest)) if right_after && cue.text(doc.text).ends_with(" to") => Span::new(
            np.start + verb.len() + 1,
            np.start + verb.len() + 1 + rest.len(),
        ),
        _ => np,
    }
}

/// Sets the reason on the candidate just proposed, keeping a reason it already has.
fn mark_inferred(doc: &mut Doc<'_, '_, '_>, why: &str) {
    if let Some(c) = doc.candidates.last_mut() {
        match &mut c.inferred {
            Some(r) => {
                r.push_str("; ");
                r.push_str(why);
            }
            None => c.inferred = Some(why.to_owned()),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// "X provided A to Y", "X delivered A", "X sent arms to Y", "X gave Y A": `supplies`
/// of what was given (equipment, aid); troops sent "to" an exercise take part in it,
/// troops sent "to" a place are deployed there.
pub(crate) fn supply(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    const CUES: &[&str] = &[
        "provided",
        "provides",
        "providing",
        "provide",
        "supplied",
        "supplies",
        "supplying",
        "supply",
        "delivered",
        "delivering",
        "deliver",
        "donated",
        "donating",
        "donate",
        "handed over",
        "gave",
        "give",
        "sent",
        "send",
        "sending",
        "contribute",
        "contributed",
        "dispatched",
        "dispatch",
    ];
    for c in CUES {
        for cue in sent.find_cue(c) {
            // "the supply of weapons": a noun, not a verb.
            let before = sent.lower.get(..sent.local(cue.start)).unwrap_or("");
            let noun = sent.lower_from(cue.end).starts_with(" of ")
                || before.split_whitespace().next_back().is_some_and(|w| {
                    matches!(w, "the" | "a" | "an" | "its" | "their" | "his" | "her")
                });
            if noun {
                continue;
            }
            let Some(subj) = subject_before(doc, sent, cue.start) else {
                continue;
            };
            let end = clause_end(sent, cue.end);
            let stop = sent
                .text
                .get(sent.local(cue.end)..)
                .and_then(|t| t.find([',', ';', ':', '(']))
                .map_or(end, |i| (cue.end + i).min(end));
            // "gave the Ivory Coast 5.1 million dollars": the recipient first.
            let mut from = cue.end;
            if let Some(r) = actors_between(doc, sent, cue.end, stop)
                .into_iter()
                .find(|m| {
                    doc.text
                        .get(cue.end..m.span.start)
                        .is_some_and(|g| matches!(g.trim(), "" | "the"))
                })
            {
                from = r.span.end;
            }
            let Some(what) = phrase_after(doc, from, stop, 8) else {
                continue;
            };
            let words = what.text(doc.text).to_lowercase();
            let modality = modality_before(sent, cue.start)
                .or_else(|| will_before(sent, cue.start))
                .unwrap_or(Modality::Reported);
            // The phrase's head noun (its last word) says whether troops are sent.
            let troops = words
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty())
                .is_some_and(|w| TROOPS.contains(&w) && w != "military");
            if troops {
                // "send 40 servicemen to the exercises", "sent troops to Bosnia".
                let rest = sent.lower_from(what.end);
                let Some(to) = rest.strip_prefix(" to ") else {
                    continue;
                };
                let at = what.end + (rest.len() - to.len());
                let target = sent
                    .mentions
                    .iter()
                    .find(|m| m.span.start >= at && m.span.start <= at + 12 && !m.adjective)
                    .copied();
                let Some(t) = target else { continue };
                let relation = match t.kind {
                    EntityKind::Exercise | EntityKind::Event => Relation::ParticipatedIn,
                    EntityKind::Place | EntityKind::Country => Relation::DeployedTo,
                    _ => continue,
                };
                emit(
                    doc,
                    sent,
                    relation,
                    (subj.ent, subj.span),
                    (t.ent, t.span),
                    modality,
                    Rule::Supply,
                    cue,
                    None,
                );
                continue;
            }
            // Only what is given: aid, arms, money, goods (a head noun says so).
            if !words.split(|c: char| !c.is_alphanumeric()).any(|w| {
                SUPPLY_NOUNS.contains(&w)
                    || HEAD_NOUNS
                        .iter()
                        .any(|(n, k)| *n == w && *k == EntityKind::Equipment)
            }) {
                continue;
            }
            let name = capitalise(what.text(doc.text));
            let ent = doc.new_entity(&name, EntityKind::Equipment, "what was given");
            doc.add_mention(sent, what, ent, false);
            emit(
                doc,
                sent,
                Relation::Supplies,
                (subj.ent, subj.span),
                (ent, what),
                modality,
                Rule::Supply,
                cue,
                None,
            );
        }
    }
}

/// Nouns of what is given as aid or supply.
const SUPPLY_NOUNS: &[&str] = &[
    "aid",
    "arms",
    "weapons",
    "ammunition",
    "equipment",
    "supplies",
    "goods",
    "medicine",
    "medicines",
    "food",
    "fuel",
    "vehicles",
    "tanks",
    "missiles",
    "helicopters",
    "aircraft",
    "jets",
    "rifles",
    "dollars",
    "euros",
    "loan",
    "loans",
    "grant",
    "grants",
    "funds",
    "funding",
    "money",
    "assistance",
    "intelligence",
    "photographs",
    "tents",
    "material",
    "materiel",
    "uniforms",
    "drones",
    "radars",
    "boats",
];

/// "will provide", "would send": planned.
fn will_before(sent: &Sent<'_>, pos: usize) -> Option<Modality> {
    let before = sent.lower.get(..sent.local(pos))?.trim_end();
    let last = before.rsplit(' ').next()?;
    matches!(last, "will" | "would" | "shall").then_some(Modality::Planned)
}

/// "X hosted Minister Y", "X welcomed Y": a host meets the guest (`met`, marked
/// inferred); "X will visit P": a visit ahead (`visited`, planned).
pub(crate) fn host_and_visit(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    for c in ["hosted", "hosts", "welcomed", "received", "receives"] {
        for cue in sent.find_cue(c) {
            // "a lunch hosted by X": the passive names the host after the cue.
            if sent.lower_from(cue.end).starts_with(" by ") {
                continue;
            }
            let Some(host) = subject_before(doc, sent, cue.start) else {
                continue;
            };
            let end = clause_end(sent, cue.end);
            // The guest right after the cue (a title may stand before the name).
            let guest = actors_between(doc, sent, cue.end, end)
                .into_iter()
                .find(|m| m.span.start <= cue.end + 48)
                .filter(|m| {
                    let gap = doc.text.get(cue.end..m.span.start).unwrap_or("");
                    !gap.contains([',', ';'])
                        && gap.split(' ').filter(|w| !w.is_empty()).count() <= 4
                });
            let Some(guest) = guest else { continue };
            if emit(
                doc,
                sent,
                Relation::Met,
                (host.ent, host.span),
                (guest.ent, guest.span),
                Modality::Reported,
                Rule::Hosted,
                cue,
                None,
            ) {
                mark_inferred(doc, "a host meets the guest");
            }
        }
    }
    for c in ["will visit", "to visit", "would visit", "plans to visit"] {
        for cue in sent.find_cue(c) {
            let Some(subj) = subject_before(doc, sent, cue.start) else {
                continue;
            };
            let place = sent
                .mentions
                .iter()
                .find(|m| {
                    m.span.start >= cue.end
                        && m.span.start <= cue.end + 4
                        && !m.adjective
                        && matches!(m.kind, EntityKind::Place | EntityKind::Country)
                })
                .copied();
            let Some(place) = place else { continue };
            let modality = if c.starts_with("to") {
                modality_before(sent, cue.start).unwrap_or(Modality::Intended)
            } else {
                Modality::Planned
            };
            emit(
                doc,
                sent,
                Relation::Visited,
                (subj.ent, subj.span),
                (place.ent, place.span),
                modality,
                Rule::Visit,
                cue,
                None,
            );
        }
    }
}

/// "X, Deputy Defense Minister of Kyrgyzstan", "the Chilean Foreign Minister X",
/// "Peru's Defence Minister X": a minister's title names the ministry and the country
/// names whose; `holds_position` in "Ministry of Defense of Kyrgyzstan", marked inferred
/// (the text names no ministry).
pub(crate) fn ministry_from_title(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    let persons: Vec<M> = sent
        .mentions
        .iter()
        .copied()
        .filter(|m| m.kind == EntityKind::Person && !sent.in_citation(m.span))
        .collect();
    for p in persons {
        // The title after the name, in apposition ("X, Deputy Defense Minister of P,").
        let after = doc.text.get(p.span.end..sent.span.end).unwrap_or("");
        let apposition = after.strip_prefix(", ").map(|rest| {
            let len = rest.find([',', ';', '(']).unwrap_or(rest.len()).min(60);
            Span::new(p.span.end + 2, p.span.end + 2 + len)
        });
        // The title before the name ("Peru's Defence Minister X"): back to a comma or
        // the sentence's start, at most 60 bytes.
        let back = doc.text.get(sent.span.start..p.span.start).unwrap_or("");
        let from = back.rfind([',', ';', '(']).map_or(0, |i| i + 1);
        let from = sent.span.start + from.max(back.len().saturating_sub(60));
        let before = Span::new(from, p.span.start);
        for (span, after_name) in [(apposition, true), (Some(before), false)] {
            let Some(span) = span else { continue };
            let Some(words) = doc.text.get(span.start..span.end) else {
                continue;
            };
            let lower = words.to_lowercase();
            let Some(at) = lower.find("minister") else {
                continue;
            };
            // Before the name, the title stands right against it ("Minister X").
            if !after_name
                && lower
                    .get(at + "minister".len()..)
                    .is_none_or(|t| !t.trim().is_empty())
            {
                continue;
            }
            let domain = if lower.contains("defense") || lower.contains("defence") {
                "Defense"
            } else if lower.contains("foreign") {
                "Foreign Affairs"
            } else {
                continue;
            };
            // Whose: "of <Country>" in the apposition, a country's adjective or
            // possessor just before the title.
            let country = sent
                .mentions
                .iter()
                .find(|m| {
                    m.kind == EntityKind::Country
                        && m.span.start >= span.start
                        && m.span.end <= span.end
                        && if after_name {
                            !m.adjective
                                && doc
                                    .text
                                    .get(..m.span.start)
                                    .is_some_and(|t| t.ends_with("of "))
                        } else {
                            m.span.end <= span.start + at
                        }
                })
                .copied();
            let Some(country) = country else { continue };
            let Some(cname) = doc.entities.get(country.ent).map(|e| e.name.clone()) else {
                continue;
            };
            // The title's words: from the first capitalised word to "Minister".
            let title_start = words
                .get(..at)
                .and_then(|t| {
                    let local = country.span.end.saturating_sub(span.start).min(at);
                    let t = if after_name { t } else { t.get(local..)? };
                    Some(
                        at - t.len()
                            + (t.len() - t.trim_start_matches(|c: char| !c.is_uppercase()).len()),
                    )
                })
                .unwrap_or(at);
            let title_end = at + "minister".len();
            let title = words
                .get(title_start..title_end)
                .unwrap_or("Minister")
                .trim()
                .to_owned();
            let name = format!("Ministry of {domain} of {cname}");
            let ent = doc.new_entity(&name, EntityKind::StateBody, "a minister's title");
            let title_span = Span::new(span.start + title_start, span.start + title_end);
            if emit(
                doc,
                sent,
                Relation::HoldsPosition,
                (p.ent, p.span),
                (ent, title_span),
                Modality::Reported,
                Rule::Apposition,
                title_span,
                Some(title),
            ) {
                mark_inferred(doc, "the ministry read from the minister's title");
            }
            break;
        }
    }
}

/// "X and Y held talks", "X and Y met on Monday", "X and Y renewed negotiations": the
/// actors joined before the cue met each other (no "with" after the cue: the `met` rule
/// reads that).
pub(crate) fn met_each_other(doc: &mut Doc<'_, '_, '_>, sent: &mut Sent<'_>) {
    const CUES: &[&str] = &[
        "held talks",
        "hold talks",
        "met",
        "negotiated",
        "held negotiations",
        "renewed negotiations",
        "resumed negotiations",
        "resumed talks",
        "renewed talks",
        "opened talks",
    ];
    for c in CUES {
        for cue in sent.find_cue(c) {
            if sent.lower_from(cue.end).trim_start().starts_with("with") {
                continue;
            }
            let subjects = subjects_before(doc, sent, cue.start);
            for (i, a) in subjects.iter().enumerate() {
                for b in subjects.iter().skip(i + 1) {
                    emit(
                        doc,
                        sent,
                        Relation::Met,
                        (a.ent, a.span),
                        (b.ent, b.span),
                        Modality::Reported,
                        Rule::Met,
                        cue,
                        None,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::KnowledgeGraph;
    use crate::coding::{Coder, ReportMeta};

    /// (subject, relation, object, modality, inferred) of each candidate of a made-up text.
    fn code(text: &str) -> Vec<(String, String, String, String, bool)> {
        let meta = ReportMeta::new("made_up", "Made-up Wire")
            .published("2021-03-06".parse().unwrap_or_default());
        let graph = KnowledgeGraph::new();
        let Ok(coding) = Coder::new(&graph).code(text, &meta) else {
            return Vec::new();
        };
        let name = |i: usize| coding.entity(i).map_or(String::new(), |e| e.name.clone());
        coding
            .candidates
            .iter()
            .map(|c| {
                (
                    name(c.subject),
                    c.relation.as_str().to_owned(),
                    name(c.object),
                    c.modality.as_str().to_owned(),
                    c.inferred.is_some(),
                )
            })
            .collect()
    }

    fn has(found: &[(String, String, String, String, bool)], s: &str, r: &str, o: &str) -> bool {
        found.iter().any(|f| f.0 == s && f.1 == r && f.2 == o)
    }

    #[test]
    fn adjective_and_noun_is_the_country_inferred() {
        // Made-up sentences.
        let f = code("Peruvian instructors took part in the Condor Shield 2030 exercises.");
        assert!(
            has(&f, "Peru", "participated_in", "Condor Shield 2030"),
            "{f:?}"
        );
        assert!(f.iter().all(|x| x.4), "{f:?}");
        let f = code("Norwegian and Danish officials agreed to hold joint naval drills.");
        assert!(has(&f, "Norway", "plans", "Joint naval drills"), "{f:?}");
        assert!(has(&f, "Denmark", "plans", "Joint naval drills"), "{f:?}");
        // An adjective before a noun that is not a group of people names nobody.
        let f = code("Peruvian coffee took part in the Condor Shield 2030 exercises.");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn agreed_to_and_agreed_on() {
        // Made-up sentences.
        let f = code("Chile and Peru have agreed to share information on border crossings.");
        assert!(has(&f, "Chile", "plans", "Share information"), "{f:?}");
        assert!(has(&f, "Peru", "plans", "Share information"), "{f:?}");
        assert!(f.iter().all(|x| x.3 == "planned"), "{f:?}");
        let f = code("Chile and Peru agreed upon a new border agreement.");
        assert!(has(&f, "Chile", "signed", "Border agreement"), "{f:?}");
        assert!(f.iter().all(|x| x.4), "{f:?}");
        // "agreed on Monday that ...": a date, not what was agreed.
        let f = code("Chile and Peru agreed on Monday that talks should go on.");
        assert!(f.iter().all(|x| x.1 != "plans"), "{f:?}");
    }

    #[test]
    fn aid_and_supply_verbs() {
        // Made-up sentences.
        let f = code("Norway delivered 40 tons of medicine to Chile.");
        assert!(
            has(&f, "Norway", "supplies", "40 tons of medicine"),
            "{f:?}"
        );
        let f = code("Norway will provide night-vision equipment to Peru.");
        assert!(
            has(&f, "Norway", "supplies", "Night-vision equipment"),
            "{f:?}"
        );
        assert!(f.iter().any(|x| x.3 == "planned"), "{f:?}");
        let f = code("Chile plans to send 30 servicemen to the Condor Shield 2030 exercises.");
        assert!(
            has(&f, "Chile", "participated_in", "Condor Shield 2030"),
            "{f:?}"
        );
        let f = code("Norway sent troops to Chile.");
        assert!(has(&f, "Norway", "deployed_to", "Chile"), "{f:?}");
        // Military intelligence is given, not troops sent.
        let f = code("Norway is providing military intelligence to Chile.");
        assert!(
            has(&f, "Norway", "supplies", "Military intelligence"),
            "{f:?}"
        );
        // Sending a letter is not a supply, nor is "the supply of" a verb.
        let f = code("Norway sent a letter to Chile.");
        assert!(f.is_empty(), "{f:?}");
        let f = code("Chile looks to Norway for the supply of arms.");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_ministers_title_names_the_ministry() {
        // Made-up sentences.
        let f = code("Colonel Bo Exempel, Deputy Defense Minister of Chile, arrived in Lima.");
        assert!(
            has(
                &f,
                "Bo Exempel",
                "holds_position",
                "Ministry of Defense of Chile"
            ),
            "{f:?}"
        );
        let f = code("The Peruvian Foreign Minister Ana Ejemplo met Bo Exempel.");
        assert!(
            has(
                &f,
                "Ana Ejemplo",
                "holds_position",
                "Ministry of Foreign Affairs of Peru"
            ),
            "{f:?}"
        );
        assert!(
            f.iter().filter(|x| x.1 == "holds_position").all(|x| x.4),
            "{f:?}"
        );
        // No country, no ministry guessed.
        let f = code("Defense Minister Bo Exempel arrived in Lima.");
        assert!(f.iter().all(|x| x.1 != "holds_position"), "{f:?}");
    }

    #[test]
    fn joined_actors_meet_each_other() {
        // Made-up sentences.
        let f = code("Chile and Peru held talks on border crossings on Monday.");
        assert!(has(&f, "Chile", "met", "Peru"), "{f:?}");
        let f = code("Norwegian and Danish negotiators renewed negotiations in Oslo.");
        assert!(has(&f, "Norway", "met", "Denmark"), "{f:?}");
        // One actor alone meets no one.
        let f = code("Chile held talks on border crossings.");
        assert!(f.iter().all(|x| x.1 != "met"), "{f:?}");
    }

    #[test]
    fn host_meets_guest_and_visit_ahead() {
        // Made-up sentences.
        let f = code("President Ana Ejemplo hosted Prime Minister Bo Exempel in Lima.");
        assert!(has(&f, "Ana Ejemplo", "met", "Bo Exempel"), "{f:?}");
        assert!(f.iter().all(|x| x.4), "{f:?}");
        // The passive names the host after the cue: no guest read from it.
        let f = code("General Bo Exempel spoke at a dinner hosted by Colonel Ana Ejemplo.");
        assert!(f.iter().all(|x| x.1 != "met"), "{f:?}");
        let f = code("Defence Minister Bo Exempel will visit Chile in June.");
        assert!(has(&f, "Bo Exempel", "visited", "Chile"), "{f:?}");
        assert!(f.iter().any(|x| x.3 == "planned"), "{f:?}");
    }
}
