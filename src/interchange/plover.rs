//! Event data: every event-like fact as a PLOVER record (the Open Event Data Alliance's
//! ontology, successor of CAMEO) and as a row of a flat event table.
//!
//! [`PloverCode::of`] maps a relation with its modality to a PLOVER event category, quad
//! class, mode and context, and to the CAMEO root code PLOVER replaces; the table, with
//! the cases that have no equivalent, is `docs/PLOVER.md`. States (a post, a membership,
//! an agreement in force, a location, a part) are not events and give no record;
//! `addressed` has none either (CAMEO's public statements, which PLOVER dropped).
//!
//! [`records`] gives one [`EventRecord`] per event-like fact with a known date;
//! [`write_jsonl`] writes them as PLOVER JSON Lines (standard field names: `id`, `date`,
//! `enddate`, `actor`, `recipient`, `event`, `quad_code`, `mode`, `context`, `event_loc`,
//! `cite_info`, `coder`, `comment`, and the magnitude fields `size`, `dead`, `injured`;
//! factgraph's own fields are prefixed `fg_`), and [`write_csv`] the flat table, one row
//! per event. Actors carry their ISO 3166 alpha-3 code (the entity's `country_code`
//! attribute; `IGO` for an organisation, as PLOVER codes international bodies; for a
//! person, the code of the body of their first post) and a PLOVER sector code (`sector`
//! attribute: `GOV`, `MIL`, `LEG`, `SPY`).
//!
//! Cost: one pass over the facts; each record reads its fact's attributions.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::model::date::Span;
use crate::model::kind::EntityKind;
use crate::model::modality::Modality;
use crate::model::quantity::QuantityKind;
use crate::model::relation::Relation;
use crate::query::refs::{EntityRef, FactRef};
use crate::store::graph::KnowledgeGraph;

/// PLOVER's four quad classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Quad {
    /// Verbal cooperation (quad code 1): AGREE, CONSULT, SUPPORT, CONCEDE.
    VerbalCooperation,
    /// Material cooperation (2): COOPERATE, AID, RETREAT.
    MaterialCooperation,
    /// Verbal conflict (3).
    VerbalConflict,
    /// Material conflict (4).
    MaterialConflict,
}

impl Quad {
    /// PLOVER's `quad_code`, 1 to 4.
    pub const fn code(self) -> u8 {
        match self {
            Quad::VerbalCooperation => 1,
            Quad::MaterialCooperation => 2,
            Quad::VerbalConflict => 3,
            Quad::MaterialConflict => 4,
        }
    }
}

/// A relation's event coding: PLOVER category, quad class, mode and context where PLOVER
/// defines one, and the CAMEO root (two-digit cue category) it replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PloverCode {
    /// The PLOVER event category, e.g. `CONSULT`.
    pub event: &'static str,
    /// Its quad class.
    pub quad: Quad,
    /// The PLOVER mode, if one applies (`visit` for CONSULT).
    pub mode: Option<&'static str>,
    /// The PLOVER context, if one applies (`military`).
    pub context: Option<&'static str>,
    /// The CAMEO root code, two digits (`04`).
    pub cameo: &'static str,
}

const fn code(
    event: &'static str,
    quad: Quad,
    mode: Option<&'static str>,
    context: Option<&'static str>,
    cameo: &'static str,
) -> Option<PloverCode> {
    Some(PloverCode {
        event,
        quad,
        mode,
        context,
        cameo,
    })
}

impl PloverCode {
    /// The coding of `relation` with `modality`, given the kind of its object (hosting an
    /// exercise is material cooperation, hosting a meeting a consultation); `None` where
    /// PLOVER has no equivalent (states, and `addressed`). A planned, intended or proposed
    /// cooperative act is AGREE (CAMEO 03), as PLOVER codes cooperation in the future
    /// tense; a claimed one is coded as reported.
    ///
    /// ```
    /// use factgraph::{EntityKind, Modality, Relation};
    /// use factgraph::interchange::plover::PloverCode;
    /// let met = PloverCode::of(Relation::Met, Modality::Reported, EntityKind::Person);
    /// assert_eq!(met.map(|c| (c.event, c.cameo)), Some(("CONSULT", "04")));
    /// let plan = PloverCode::of(Relation::Visited, Modality::Planned, EntityKind::Country);
    /// assert_eq!(plan.map(|c| c.event), Some("AGREE"));
    /// assert!(PloverCode::of(Relation::HoldsPosition, Modality::Reported, EntityKind::StateBody).is_none());
    /// ```
    pub const fn of(relation: Relation, modality: Modality, object: EntityKind) -> Option<Self> {
        use Quad::*;
        let reported = Self::reported(relation, object);
        match (reported, modality) {
            (None, _) => None,
            (Some(_), Modality::Planned | Modality::Intended | Modality::Proposed) => {
                code("AGREE", VerbalCooperation, None, None, "03")
            }
            (some, _) => some,
        }
    }

    const fn reported(relation: Relation, object: EntityKind) -> Option<Self> {
        use Quad::*;
        const MIL: Option<&str> = Some("military");
        match relation {
            Relation::Met | Relation::Discussed => {
                code("CONSULT", VerbalCooperation, None, None, "04")
            }
            Relation::Visited => code("CONSULT", VerbalCooperation, Some("visit"), None, "04"),
            Relation::Attended => code(
                "CONSULT",
                VerbalCooperation,
                Some("multilateral"),
                None,
                "04",
            ),
            Relation::Hosted => match object {
                EntityKind::Exercise => code("COOPERATE", MaterialCooperation, None, MIL, "06"),
                _ => code("CONSULT", VerbalCooperation, Some("visit"), None, "04"),
            },
            Relation::Signed => code("SUPPORT", VerbalCooperation, None, None, "05"),
            Relation::ParticipatedIn => match object {
                EntityKind::Event => code("CONSULT", VerbalCooperation, None, None, "04"),
                _ => code("COOPERATE", MaterialCooperation, None, MIL, "06"),
            },
            Relation::DeployedTo => match object {
                EntityKind::Equipment => None,
                _ => code("AID", MaterialCooperation, None, MIL, "07"),
            },
            Relation::Supplies => code("AID", MaterialCooperation, None, MIL, "07"),
            Relation::Plans => code("AGREE", VerbalCooperation, None, None, "03"),
            Relation::PartyTo
            | Relation::HoldsPosition
            | Relation::PartOf
            | Relation::MemberOf
            | Relation::LocatedIn
            | Relation::Addressed => None,
        }
    }
}

/// An actor or recipient of a record: PLOVER's entity object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Actor {
    /// The entity's name as the graph has it.
    pub entity_name: String,
    /// ISO 3166 alpha-3 code, or `IGO` for an international organisation; absent when
    /// unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// PLOVER sector code (`GOV`, `MIL`, `LEG`, `SPY`), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector_code: Option<String>,
    /// The entity's stable key in the graph (PLOVER's `identifier_id`).
    pub identifier_id: String,
    /// The entity's kind in factgraph.
    pub fg_kind: &'static str,
}

impl Actor {
    fn of(e: EntityRef<'_>) -> Actor {
        let g = e.graph();
        let attr = |e: EntityRef<'_>, k: &str| e.entity().attributes.get(k).cloned();
        let (code, sector) = match e.kind() {
            EntityKind::Organisation => (Some("IGO".to_owned()), attr(e, "sector")),
            EntityKind::Person => {
                // A person is coded as the body of their first post.
                let posts = crate::query::neighbours::Filter::any()
                    .relations(crate::query::neighbours::RelationSet::of(&[
                        Relation::HoldsPosition,
                    ]))
                    .direction(crate::model::relation::Direction::Outgoing);
                let post = g
                    .neighbours(e.id(), posts)
                    .map(|h| h.fact())
                    .min_by_key(|f| f.id())
                    .map(|f| f.object());
                match post {
                    Some(b) if b.kind() == EntityKind::Organisation => {
                        (Some("IGO".to_owned()), None)
                    }
                    Some(b) => (attr(b, "country_code"), attr(b, "sector")),
                    None => (attr(e, "country_code"), attr(e, "sector")),
                }
            }
            _ => (attr(e, "country_code"), attr(e, "sector")),
        };
        Actor {
            entity_name: e.name().to_owned(),
            code,
            sector_code: sector,
            identifier_id: e.key().to_owned(),
            fg_kind: e.kind().as_str(),
        }
    }
}

/// One quantity of a record, with the report that gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RecordQuantity {
    /// `personnel`, `money`, `killed`, `wounded`, `count` or `duration`.
    pub kind: &'static str,
    /// The value a chart plots ([`Amount::value`](crate::Amount::value)).
    pub value: u64,
    /// The amount as the report gives it (`about 30`).
    pub amount: String,
    /// Currency or unit of time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// What is counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// The report's key (or, without reports, the outlet's).
    pub report: String,
}

/// PLOVER's `cite_info`: where the record comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CiteInfo {
    /// Each report: its key, outlet, headline, address and publication date.
    pub publications: Vec<Publication>,
}

/// A report the record cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Publication {
    /// The report's key.
    pub report: String,
    /// The outlet's name.
    pub outlet: String,
    /// The headline, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// The address, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The publication date (EDTF), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

/// PLOVER's `event_loc`: where it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EventLoc {
    /// The place's name.
    pub placename: String,
    /// The place's key.
    pub identifier_id: String,
    /// The country code, if the place is a country or has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
}

/// One event as a PLOVER record (field names as the PLOVER manual's "Data Fields";
/// factgraph's own prefixed `fg_`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EventRecord {
    /// `fg-` and the fact's content key: stable across loads.
    pub id: String,
    /// The first day of the fact's date, `YYYY-MM-DD`.
    pub date: String,
    /// The last day, when the date is longer than a day and bounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enddate: Option<String>,
    /// Who acted: for a symmetric relation (a meeting) every participant, and no
    /// recipient, as PLOVER codes reciprocal events.
    pub actor: Vec<Actor>,
    /// To whom, if anyone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recipient: Vec<Actor>,
    /// The PLOVER category, one.
    pub event: Vec<&'static str>,
    /// 1 to 4 (see [`Quad`]).
    pub quad_code: u8,
    /// PLOVER modes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mode: Vec<&'static str>,
    /// PLOVER contexts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<&'static str>,
    /// Where, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_loc: Option<EventLoc>,
    /// People taking part (the first report's total, `personnel` without `of`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// People killed (the first report's number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dead: Option<u64>,
    /// People wounded (the first report's number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub injured: Option<u64>,
    /// The reports.
    pub cite_info: CiteInfo,
    /// `factgraph`.
    pub coder: &'static str,
    /// The coder's inference, when no report states the fact outright.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The CAMEO root code PLOVER's category replaces.
    pub fg_cameo: &'static str,
    /// The factgraph relation.
    pub fg_relation: &'static str,
    /// The factgraph modality.
    pub fg_modality: &'static str,
    /// The fact's date as EDTF.
    pub fg_date: String,
    /// How often it recurs, if it does (its date is the series' span).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fg_recurrence: Option<String>,
    /// Every quantity, each with its report.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fg_quantities: Vec<RecordQuantity>,
    /// Distinct reports.
    pub fg_reports: usize,
    /// Distinct outlets.
    pub fg_outlets: usize,
}

/// The first and last day of a date as `YYYY-MM-DD`, the last only when it differs and is
/// bounded; `None` for an undated fact or one whose start is not given.
fn days(date: crate::FactDate) -> Option<(String, Option<String>)> {
    let (first, last) = match date.span() {
        Span::On(d) => (d, Some(d)),
        Span::Between(a, b) => (a, Some(b)),
        Span::Interval(crate::Bound::Date(a), crate::Bound::Date(b)) => (a, Some(b)),
        Span::Interval(crate::Bound::Date(a), _) => (a, None),
        _ => return None,
    };
    let day = |d: crate::PartialDate| d.first_day().to_string();
    let end = last.map(|l| l.last_day().to_string());
    let start = day(first);
    Some((start.clone(), end.filter(|e| *e != start)))
}

/// The record of one fact, or `None` when it is not an event (see [`PloverCode::of`]) or
/// has no dated start (PLOVER requires a date).
pub fn record(fact: FactRef<'_>) -> Option<EventRecord> {
    let g = fact.graph();
    let coded = PloverCode::of(fact.relation(), fact.modality(), fact.object().kind())?;
    let (date, enddate) = days(fact.date())?;
    let (s, o) = (fact.subject(), fact.object());
    let actor_like = |e: &EntityRef<'_>| {
        matches!(
            e.kind(),
            EntityKind::Person
                | EntityKind::Country
                | EntityKind::StateBody
                | EntityKind::Organisation
        )
    };
    let (actor, recipient) = if fact.relation().is_symmetric() {
        (vec![Actor::of(s), Actor::of(o)], Vec::new())
    } else if fact.relation() == Relation::Supplies {
        (
            vec![Actor::of(s)],
            fact.recipient().map(Actor::of).into_iter().collect(),
        )
    } else if actor_like(&o) {
        (vec![Actor::of(s)], vec![Actor::of(o)])
    } else {
        (vec![Actor::of(s)], Vec::new())
    };
    // The place: the fact's, or the object when it is where the event happened.
    let loc = fact.place().or_else(|| {
        (matches!(fact.relation(), Relation::Visited | Relation::DeployedTo)
            && matches!(o.kind(), EntityKind::Place | EntityKind::Country))
        .then_some(o)
    });
    let event_loc = loc.map(|p| EventLoc {
        placename: p.name().to_owned(),
        identifier_id: p.key().to_owned(),
        country_code: p.entity().attributes.get("country_code").cloned(),
    });
    let report_key = |a: &crate::AttributionView<'_>| match a.report().and_then(|r| g.report(r)) {
        Some(r) => r.key.clone(),
        None => g
            .entity(a.source())
            .map_or_else(String::new, |e| e.key().to_owned()),
    };
    let mut quantities = Vec::new();
    let (mut size, mut dead, mut injured) = (None, None, None);
    for (a, q) in fact.fact().quantities() {
        let v = q.amount().value();
        if q.what().is_none() {
            let slot = match q.kind() {
                QuantityKind::Personnel => Some(&mut size),
                QuantityKind::Killed => Some(&mut dead),
                QuantityKind::Wounded => Some(&mut injured),
                _ => None,
            };
            if let Some(slot) = slot {
                slot.get_or_insert(v);
            }
        }
        quantities.push(RecordQuantity {
            kind: q.kind().as_str(),
            value: v,
            amount: q.amount().to_string(),
            unit: q.unit().map(|u| u.to_string()),
            of: q.what().map(str::to_owned),
            report: report_key(&a),
        });
    }
    let mut publications: Vec<Publication> = Vec::new();
    for a in fact.attributions() {
        let Some(r) = a.report().and_then(|r| g.report(r)) else {
            continue;
        };
        if publications.iter().any(|p| p.report == r.key) {
            continue;
        }
        publications.push(Publication {
            report: r.key.clone(),
            outlet: g
                .entity(r.outlet)
                .map_or_else(String::new, |e| e.name().to_owned()),
            headline: r.headline.clone(),
            url: r.url.clone(),
            published: (!r.published.is_unknown()).then(|| r.published.to_string()),
        });
    }
    let comment = fact.is_inferred().then(|| {
        let mut why: Vec<&str> = fact.attributions().filter_map(|a| a.inferred()).collect();
        why.dedup();
        format!("inferred by the coder: {}", why.join("; "))
    });
    let support = fact.support();
    Some(EventRecord {
        id: format!("fg-{}", fact.key()),
        date,
        enddate,
        actor,
        recipient,
        event: vec![coded.event],
        quad_code: coded.quad.code(),
        mode: coded.mode.into_iter().collect(),
        context: coded.context.into_iter().collect(),
        event_loc,
        size,
        dead,
        injured,
        cite_info: CiteInfo { publications },
        coder: "factgraph",
        comment,
        fg_cameo: coded.cameo,
        fg_relation: fact.relation().as_str(),
        fg_modality: fact.modality().as_str(),
        fg_date: fact.date().to_string(),
        fg_recurrence: fact.fact().recurrence().map(|r| r.to_string()),
        fg_quantities: quantities,
        fg_reports: support.reports,
        fg_outlets: support.outlets,
    })
}

/// Every event record of the graph, in fact order.
///
/// ```
/// use factgraph::{datasets, interchange::plover};
/// let g = datasets::corpus();
/// let records: Vec<_> = plover::records(&g).collect();
/// assert!(records.iter().any(|r| r.event == ["CONSULT"]));
/// assert!(records.iter().all(|r| (1..=4).contains(&r.quad_code)));
/// ```
pub fn records(graph: &KnowledgeGraph) -> impl Iterator<Item = EventRecord> + '_ {
    graph.facts().filter_map(record)
}

/// Writes every record as PLOVER JSON Lines (one record a line); returns how many.
///
/// # Errors
///
/// When `out` fails.
pub fn write_jsonl(graph: &KnowledgeGraph, mut out: impl Write) -> io::Result<usize> {
    let mut n = 0;
    for r in records(graph) {
        serde_json::to_writer(&mut out, &r).map_err(io::Error::other)?;
        out.write_all(b"\n")?;
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

/// The columns of the event table, in order.
pub const EVENT_COLUMNS: &[&str] = &[
    "id",
    "date",
    "enddate",
    "year",
    "actor_code",
    "actor_sector",
    "actor",
    "recipient_code",
    "recipient_sector",
    "recipient",
    "plover_event",
    "quad_code",
    "mode",
    "context",
    "cameo_root",
    "relation",
    "modality",
    "personnel",
    "money",
    "currency",
    "killed",
    "wounded",
    "count",
    "duration",
    "duration_unit",
    "reports",
    "outlets",
    "inferred",
];

/// The first number a record's reports give for `kind` (without `of`), with its unit.
fn first(r: &EventRecord, kind: QuantityKind) -> (String, String) {
    r.fg_quantities
        .iter()
        .find(|q| q.kind == kind.as_str() && q.of.is_none())
        .map_or_else(Default::default, |q| {
            (q.value.to_string(), q.unit.clone().unwrap_or_default())
        })
}

/// One CSV field, RFC 4180: quoted when it holds a comma, quote or line break, or starts
/// with a character a spreadsheet reads as a formula; the value is kept as it is.
fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(['=', '+', '-', '@', '\t']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// Writes the event table as CSV with a header ([`EVENT_COLUMNS`]): one row per event,
/// the first actor and recipient (a meeting's second participant is its recipient
/// column), quantities as the first report gives them (the PLOVER records keep every
/// report's). Returns the number of rows.
///
/// # Errors
///
/// When `out` fails.
pub fn write_csv(graph: &KnowledgeGraph, mut out: impl Write) -> io::Result<usize> {
    let mut line = EVENT_COLUMNS.join(",");
    line.push('\n');
    out.write_all(line.as_bytes())?;
    let mut n = 0;
    for r in records(graph) {
        line.clear();
        for (i, c) in event_cells(&r).iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            csv_field(&mut line, c);
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

/// The cells of one row of the event table, in the order of [`EVENT_COLUMNS`], as the CSV
/// writes them (an absent value is empty); the Parquet event table types them.
pub(crate) fn event_cells(r: &EventRecord) -> Vec<String> {
    let year = r.date.get(..4).unwrap_or_default().to_owned();
    // A reciprocal event's other participant fills the recipient columns.
    let other = r.recipient.first().or_else(|| r.actor.get(1));
    let a = r.actor.first();
    let (money, currency) = first(r, QuantityKind::Money);
    let (duration, duration_unit) = first(r, QuantityKind::Duration);
    vec![
        r.id.clone(),
        r.date.clone(),
        r.enddate.clone().unwrap_or_default(),
        year,
        a.and_then(|a| a.code.clone()).unwrap_or_default(),
        a.and_then(|a| a.sector_code.clone()).unwrap_or_default(),
        a.map(|a| a.identifier_id.clone()).unwrap_or_default(),
        other.and_then(|a| a.code.clone()).unwrap_or_default(),
        other
            .and_then(|a| a.sector_code.clone())
            .unwrap_or_default(),
        other.map(|a| a.identifier_id.clone()).unwrap_or_default(),
        r.event.join(";"),
        r.quad_code.to_string(),
        r.mode.join(";"),
        r.context.join(";"),
        r.fg_cameo.to_owned(),
        r.fg_relation.to_owned(),
        r.fg_modality.to_owned(),
        first(r, QuantityKind::Personnel).0,
        money,
        currency,
        first(r, QuantityKind::Killed).0,
        first(r, QuantityKind::Wounded).0,
        first(r, QuantityKind::Count).0,
        duration,
        duration_unit,
        r.fg_reports.to_string(),
        r.fg_outlets.to_string(),
        r.comment.is_some().to_string(),
    ]
}

/// Counts of events per PLOVER category and year (the year of the first day), sorted: what
/// the CI compares with DuckDB's count of the table.
pub fn counts_by_category_and_year(graph: &KnowledgeGraph) -> Vec<((&'static str, String), usize)> {
    let mut m: std::collections::BTreeMap<(&'static str, String), usize> = Default::default();
    for r in records(graph) {
        let year = r.date.get(..4).unwrap_or_default().to_owned();
        for e in &r.event {
            *m.entry((*e, year.clone())).or_default() += 1;
        }
    }
    m.into_iter().collect()
}

/// The mapping table as Markdown rows (`docs/PLOVER.md` holds it; a test checks the two
/// agree): relation, modality, object kinds, category, quad, mode, context, CAMEO.
pub fn mapping_rows() -> Vec<String> {
    let mut rows = Vec::new();
    let objects: [(&str, EntityKind); 3] = [
        ("exercise", EntityKind::Exercise),
        ("event", EntityKind::Event),
        ("other", EntityKind::Country),
    ];
    for &r in Relation::ALL {
        for m in [Modality::Reported, Modality::Planned] {
            let all: Vec<Option<PloverCode>> = objects
                .iter()
                .map(|(_, k)| PloverCode::of(r, m, *k))
                .collect();
            let same = all.windows(2).all(|w| w.first() == w.get(1));
            let mut seen: Vec<Option<PloverCode>> = Vec::new();
            for (name, k) in objects {
                let c = PloverCode::of(r, m, k);
                if seen.contains(&c) {
                    continue;
                }
                seen.push(c);
                let name = if same { "any" } else { name };
                let modality = if m == Modality::Reported {
                    "reported, claimed"
                } else {
                    "planned, intended, proposed"
                };
                let mut row = String::new();
                let _ = match c {
                    None => write!(
                        row,
                        "| `{r}` | {modality} | {name} | no equivalent | | | | |"
                    ),
                    Some(c) => write!(
                        row,
                        "| `{r}` | {modality} | {name} | {} | {} | {} | {} | {} |",
                        c.event,
                        c.quad.code(),
                        c.mode.unwrap_or(""),
                        c.context.unwrap_or(""),
                        c.cameo
                    ),
                };
                rows.push(row);
            }
        }
    }
    rows
}
