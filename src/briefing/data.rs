//! The page's data: the focus's ego network, the facts the summary names, and every
//! entity and report they refer to, shaped as one JSON document the page's script reads.
//!
//! Entities, reports, facts and conflicts are arrays; they refer to each other by
//! position, so each string is written once. Each fact carries what the chart, the
//! timeline and the citation panel need: its ends, relation, modality, date (with its
//! precision, qualifiers, open ends and inferred year), valid time, support, whether it
//! is stated, the conflicts it is in, and each attribution as report, publication, cited
//! outlet, speaker, quote and the coder's reason for an inference.

use std::collections::HashMap;

use serde::Serialize;

use crate::corpus::Support;
use crate::model::date::{Bound, FactDate, PartialDate, Precision, Span};
use crate::model::ids::{EntityId, FactId, ReportId};
use crate::model::kind::EntityKind;
use crate::model::modality::Modality;
use crate::model::relation::Relation;
use crate::query::ego::EgoNetwork;
use crate::query::refs::FactRef;
use crate::store::graph::KnowledgeGraph;

/// The most conflicts the page lists beyond those in the focus's network.
const OTHER_CONFLICTS: usize = 30;
/// The most conflicts examined at all (the graph's conflicts are found lazily).
const CONFLICT_BUDGET: usize = 100_000;
/// The length of the summary's lists (best corroborated, recently reported).
const TOP: usize = 10;
/// The most entities outside the page's tables whose names the search box knows (so it
/// can say "in the graph, not in this network"); past this, only the page's own.
const MAX_NAMES: usize = 50_000;

/// The page's data, serialized once into the page.
#[derive(Serialize)]
pub(crate) struct PageData<'g> {
    /// The format of this document, for the script.
    pub version: u32,
    pub title: String,
    pub focus: usize,
    /// How the focus was chosen, when the name asked for was not its own.
    pub focus_note: Option<String>,
    /// The most hops the data holds (1 or 2).
    pub hops: usize,
    /// The date filter the page opens with (EDTF partial dates).
    pub from: Option<String>,
    pub to: Option<String>,
    pub relations: Vec<RelationJson>,
    pub modalities: Vec<String>,
    pub kinds: Vec<String>,
    pub entities: Vec<EntityJson<'g>>,
    pub reports: Vec<ReportJson<'g>>,
    pub facts: Vec<FactJson<'g>>,
    pub conflicts: Vec<ConflictJson>,
    pub summary: SummaryJson,
    /// Entities outside the tables: (key, name, kind, aliases), for the search box.
    pub names: Vec<(&'g str, &'g str, String, &'g [String])>,
}

#[derive(Serialize)]
pub(crate) struct RelationJson {
    pub name: String,
    pub phrase: &'static str,
    pub symmetric: bool,
}

#[derive(Serialize)]
pub(crate) struct EntityJson<'g> {
    pub key: &'g str,
    pub name: &'g str,
    pub kind: String,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub aliases: &'g [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<(&'g str, &'g str)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'g str>,
    /// Within the data's hops of the focus.
    pub ego: bool,
}

#[derive(Serialize)]
pub(crate) struct ReportJson<'g> {
    pub key: &'g str,
    pub outlet: usize,
    pub headline: Option<&'g str>,
    pub url: Option<&'g str>,
    pub published: Option<String>,
    pub language: Option<&'g str>,
    pub author: Option<&'g str>,
}

/// A date as the timeline draws it.
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct DateJson {
    /// EDTF, with "(year inferred)" when it is.
    pub text: String,
    /// First and last day (days since 1970-01-01) the date may stand for; `None` on an
    /// open or unknown side.
    pub first: Option<i32>,
    pub last: Option<i32>,
    /// What each side is: `date`, `open` (`..`: goes on) or `unknown` (ends at a time
    /// not given).
    pub lo: &'static str,
    pub hi: &'static str,
    /// `day`, `month` or `year` (the coarser end's); `None` without a dated end.
    pub precision: Option<&'static str>,
    /// EDTF `?`, `~` or `%` on some end.
    pub qualified: bool,
    pub year_inferred: bool,
}

#[derive(Serialize)]
pub(crate) struct SupportJson {
    pub reports: usize,
    pub outlets: usize,
    pub origins: usize,
    pub stated: usize,
    pub date_reports: usize,
    pub place_reports: usize,
}

#[derive(Serialize)]
pub(crate) struct SourceJson<'g> {
    pub report: Option<usize>,
    /// The publication that carried it.
    pub publication: usize,
    /// The outlet the report cites, when not its own.
    pub cited: Option<usize>,
    /// The report date of the attribution.
    pub reported: Option<String>,
    pub speaker: Option<usize>,
    pub quote: Option<&'g str>,
    /// The coder's reason, when the report does not state the fact.
    pub inferred: Option<&'g str>,
    /// The attribution as one line (what it gives where it differs from the fact).
    pub text: String,
}

#[derive(Serialize)]
pub(crate) struct FactJson<'g> {
    /// The fact number.
    pub id: u32,
    /// The content key (survives reloads and merges).
    pub key: String,
    pub relation: String,
    pub subject: usize,
    pub object: usize,
    pub modality: String,
    pub date: Option<DateJson>,
    pub valid: Option<DateJson>,
    pub place: Option<usize>,
    pub recipient: Option<usize>,
    pub role: Option<(&'g str, Option<&'g str>)>,
    pub note: Option<&'g str>,
    /// The fact as a line of prose.
    pub text: String,
    pub stated: bool,
    pub support: SupportJson,
    /// The day by which a report had certainly carried it.
    pub known: Option<String>,
    /// Among the focus's network (drawn in the chart when the filters allow).
    pub ego: bool,
    pub conflicts: Vec<usize>,
    pub sources: Vec<SourceJson<'g>>,
}

#[derive(Serialize)]
pub(crate) struct ConflictJson {
    pub kind: String,
    pub sides: [usize; 2],
}

#[derive(Serialize)]
pub(crate) struct SummaryJson {
    pub entities: usize,
    pub facts: usize,
    pub reports: usize,
    pub outlets: usize,
    pub inferred: usize,
    /// Facts stated by two or more outlets.
    pub corroborated: usize,
    pub conflicts: usize,
    /// Whether `conflicts` stopped at the budget (then it is a lower bound).
    pub conflicts_capped: bool,
    pub first_report: Option<String>,
    pub last_report: Option<String>,
    pub by_relation: Vec<(String, usize)>,
    pub by_kind: Vec<(String, usize)>,
    /// Facts (indices) best corroborated in the whole graph.
    pub best: Vec<usize>,
    /// Facts (indices) best corroborated in the focus's network.
    pub focus_best: Vec<usize>,
    /// Facts (indices) most recently reported, latest first.
    pub recent: Vec<usize>,
    /// Conflicts (indices) to list: those in the focus's network first.
    pub open_conflicts: Vec<usize>,
    pub ego_entities: usize,
    pub ego_facts: usize,
}

/// The date of a fact as the timeline draws it; `None` when unknown.
pub(crate) fn date_json(d: FactDate) -> Option<DateJson> {
    let side = |b: Bound, first: bool| match b {
        Bound::Date(p) => (
            Some(if first {
                p.first_day_number()
            } else {
                p.last_day_number()
            }),
            "date",
        ),
        Bound::Open => (None, "open"),
        Bound::Unknown => (None, "unknown"),
    };
    let ((first, lo), (last, hi)) = match d.span() {
        Span::Unknown => return None,
        Span::On(p) => (side(Bound::Date(p), true), side(Bound::Date(p), false)),
        Span::Between(a, b) => (side(Bound::Date(a), true), side(Bound::Date(b), false)),
        Span::Interval(a, b) => (side(a, true), side(b, false)),
    };
    Some(DateJson {
        text: d.describe(),
        first,
        last,
        lo,
        hi,
        precision: d.precision().map(|p| match p {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }),
        qualified: d.is_qualified(),
        year_inferred: d.year_inferred(),
    })
}

fn support_json(s: Support) -> SupportJson {
    SupportJson {
        reports: s.reports,
        outlets: s.outlets,
        origins: s.origins,
        stated: s.stated,
        date_reports: s.date_reports,
        place_reports: s.place_reports,
    }
}

/// Fills the tables, each entity, report and fact once.
pub(crate) struct Tables<'g> {
    graph: &'g KnowledgeGraph,
    ego: &'g EgoNetwork<'g>,
    entity_at: HashMap<EntityId, usize>,
    report_at: HashMap<ReportId, usize>,
    fact_at: HashMap<FactId, usize>,
    pub entities: Vec<EntityJson<'g>>,
    pub reports: Vec<ReportJson<'g>>,
    pub facts: Vec<FactJson<'g>>,
}

impl<'g> Tables<'g> {
    pub fn new(graph: &'g KnowledgeGraph, ego: &'g EgoNetwork<'g>) -> Self {
        Tables {
            graph,
            ego,
            entity_at: HashMap::new(),
            report_at: HashMap::new(),
            fact_at: HashMap::new(),
            entities: Vec::new(),
            reports: Vec::new(),
            facts: Vec::new(),
        }
    }

    /// The position of an entity in the table, added if new.
    pub fn entity(&mut self, id: EntityId) -> usize {
        if let Some(at) = self.entity_at.get(&id) {
            return *at;
        }
        let e = self.graph.entity_ref(id);
        let at = self.entities.len();
        self.entities.push(EntityJson {
            key: e.key(),
            name: e.name(),
            kind: e.kind().to_string(),
            aliases: e.entity().aliases(),
            attributes: e
                .entity()
                .attributes()
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
            note: e.entity().note(),
            ego: self.ego.contains(id),
        });
        self.entity_at.insert(id, at);
        at
    }

    fn report(&mut self, id: ReportId) -> Option<usize> {
        if let Some(at) = self.report_at.get(&id) {
            return Some(*at);
        }
        let r = self.graph.report(id)?;
        let outlet = self.entity(r.outlet());
        let at = self.reports.len();
        self.reports.push(ReportJson {
            key: r.key(),
            outlet,
            headline: r.headline(),
            url: r.url(),
            published: (!r.published().is_unknown()).then(|| r.published().describe()),
            language: r.language(),
            author: r.author(),
        });
        self.report_at.insert(id, at);
        Some(at)
    }

    /// The position of a fact in the table, added (with its entities and reports) if new.
    pub fn fact(&mut self, f: FactRef<'g>) -> usize {
        if let Some(at) = self.fact_at.get(&f.id()) {
            return *at;
        }
        let subject = self.entity(f.subject().id());
        let object = self.entity(f.object().id());
        let place = f.place().map(|p| self.entity(p.id()));
        let recipient = f.recipient().map(|p| self.entity(p.id()));
        let mut sources = Vec::with_capacity(f.sources().len());
        for s in f.sources() {
            let report = s.attribution().report().and_then(|r| self.report(r));
            let publication = self.entity(s.publication().id());
            let cited = s.cited().map(|c| self.entity(c.id()));
            let speaker = s.speaker().map(|p| self.entity(p.id()));
            let reported = s.reported();
            sources.push(SourceJson {
                report,
                publication,
                cited,
                reported: (!reported.is_unknown()).then(|| reported.describe()),
                speaker,
                quote: s.quote(),
                inferred: s.inferred(),
                text: s.to_string(),
            });
        }
        let at = self.facts.len();
        self.facts.push(FactJson {
            id: f.id().index() as u32,
            key: self
                .graph
                .fact_key(f.id())
                .map_or_else(String::new, |k| k.to_string()),
            relation: f.relation().to_string(),
            subject,
            object,
            modality: f.modality().to_string(),
            date: date_json(f.date()),
            valid: f.valid().and_then(date_json),
            place,
            recipient,
            role: f.role().map(|r| (r.title.as_str(), r.rank.as_deref())),
            note: f.note(),
            text: f.to_string(),
            stated: f.is_stated(),
            support: support_json(f.support()),
            known: f.known_since().map(|d| d.to_string()),
            ego: self.ego.contains_fact(f.id()),
            conflicts: Vec::new(),
            sources,
        });
        self.fact_at.insert(f.id(), at);
        at
    }

    /// Whether an entity is already in the table.
    pub fn has_entity(&self, id: EntityId) -> bool {
        self.entity_at.contains_key(&id)
    }
}

/// Facts ranked by independent corroboration, the first [`TOP`].
fn best<'g>(facts: impl Iterator<Item = FactRef<'g>>) -> Vec<FactRef<'g>> {
    let mut v = crate::query::summary::best_corroborated(facts);
    v.truncate(TOP);
    v
}

/// Everything the page shows, for `ego` (whose centre is the focus).
pub(crate) fn page_data<'g>(
    graph: &'g KnowledgeGraph,
    ego: &'g EgoNetwork<'g>,
    hops: usize,
    focus_note: Option<String>,
    window: (Option<PartialDate>, Option<PartialDate>),
) -> PageData<'g> {
    let mut t = Tables::new(graph, ego);
    let focus = t.entity(ego.center().id());
    for e in ego.entities() {
        t.entity(e.id());
    }
    for f in ego.facts() {
        t.fact(f);
    }
    // Conflicts: every one in the network, and the first others, within a budget.
    let mut conflicts = Vec::new();
    let mut others = 0;
    let mut total = 0;
    let mut capped = false;
    let mut conflict_list = Vec::new();
    for c in graph.conflicts() {
        if total == CONFLICT_BUDGET {
            capped = true;
            break;
        }
        total += 1;
        let mine = c.sides.iter().any(|f| ego.contains_fact(f.id()));
        if !mine {
            if others == OTHER_CONFLICTS {
                continue;
            }
            others += 1;
        }
        let sides = [t.fact(c.sides[0]), t.fact(c.sides[1])];
        let at = conflicts.len();
        for s in sides {
            if let Some(f) = t.facts.get_mut(s) {
                f.conflicts.push(at);
            }
        }
        conflicts.push(ConflictJson {
            kind: c.kind.to_string(),
            sides,
        });
        conflict_list.push((!mine, at));
    }
    conflict_list.sort();
    let best_all: Vec<usize> = best(graph.facts()).into_iter().map(|f| t.fact(f)).collect();
    let focus_best: Vec<usize> = best(ego.facts()).into_iter().map(|f| t.fact(f)).collect();
    let mut recent: Vec<(PartialDate, FactRef<'g>)> = graph
        .facts()
        .filter_map(|f| Some((f.known_since()?, f)))
        .collect();
    recent.sort_by(|(a, fa), (b, fb)| {
        b.last_day_number()
            .cmp(&a.last_day_number())
            .then(fa.id().cmp(&fb.id()))
    });
    let recent: Vec<usize> = recent
        .into_iter()
        .take(TOP)
        .map(|(_, f)| t.fact(f))
        .collect();
    let mut outlets: Vec<EntityId> = graph.reports().map(|(_, r)| r.outlet()).collect();
    outlets.sort_unstable();
    outlets.dedup();
    let published = || {
        graph
            .reports()
            .map(|(_, r)| r.published())
            .filter(|d| !d.is_unknown())
    };
    let counts = graph.summary();
    let summary = SummaryJson {
        entities: graph.entity_count(),
        facts: graph.fact_count(),
        reports: graph.report_count(),
        outlets: outlets.len(),
        inferred: counts.inferred,
        corroborated: counts.corroborated,
        conflicts: total,
        conflicts_capped: capped,
        first_report: published().min().map(|d| d.to_string()),
        last_report: published().max().map(|d| d.to_string()),
        by_relation: Relation::ALL
            .iter()
            .map(|r| (r.to_string(), graph.facts_of_relation(*r).len()))
            .filter(|(_, n)| *n > 0)
            .collect(),
        by_kind: EntityKind::ALL
            .iter()
            .map(|k| (k.to_string(), graph.entities_of_kind(*k).len()))
            .filter(|(_, n)| *n > 0)
            .collect(),
        best: best_all,
        focus_best,
        recent,
        open_conflicts: conflict_list.into_iter().map(|(_, at)| at).collect(),
        ego_entities: ego.entity_count(),
        ego_facts: ego.fact_count(),
    };
    let names = graph
        .entities()
        .filter(|e| !t.has_entity(e.id()))
        .take(MAX_NAMES)
        .map(|e| {
            (
                e.key(),
                e.name(),
                e.kind().to_string(),
                e.entity().aliases(),
            )
        })
        .collect();
    PageData {
        version: 1,
        title: graph.title().unwrap_or("factgraph briefing").to_owned(),
        focus,
        focus_note,
        hops,
        from: window.0.map(|d| d.to_string()),
        to: window.1.map(|d| d.to_string()),
        relations: Relation::ALL
            .iter()
            .map(|r| RelationJson {
                name: r.to_string(),
                phrase: r.phrase(),
                symmetric: r.is_symmetric(),
            })
            .collect(),
        modalities: Modality::ALL.iter().map(|m| m.to_string()).collect(),
        kinds: EntityKind::ALL.iter().map(|k| k.to_string()).collect(),
        entities: t.entities,
        reports: t.reports,
        facts: t.facts,
        conflicts,
        summary,
        names,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets;
    use crate::query::neighbours::Filter;

    #[test]
    fn dates_keep_their_precision_open_ends_and_marks() {
        let month = date_json("2004-11".parse().unwrap()).unwrap();
        assert_eq!(month.precision, Some("month"));
        assert_eq!(
            month.last.unwrap() - month.first.unwrap() + 1,
            30,
            "a month-precise date stands for the month"
        );
        let open = date_json("2003/..".parse().unwrap()).unwrap();
        assert_eq!((open.lo, open.hi, open.last), ("date", "open", None));
        let unknown_end = date_json("2003/".parse().unwrap()).unwrap();
        assert_eq!(unknown_end.hi, "unknown");
        let hedged = date_json("2005-03?".parse().unwrap()).unwrap();
        assert!(hedged.qualified && hedged.text.contains('?'));
        let inferred = date_json(FactDate::parse_inferred("2004-11-19").unwrap()).unwrap();
        assert!(inferred.year_inferred && inferred.text.contains("year inferred"));
        assert_eq!(inferred.first, inferred.last);
        assert!(date_json(FactDate::UNKNOWN).is_none());
    }

    #[test]
    fn the_tables_hold_the_network_once_with_every_citation() {
        let g = datasets::corpus();
        let focus = g.find("Mukhtar Altynbayev").unwrap();
        let ego = g.ego_network(focus.id(), 1, Filter::any()).unwrap();
        let data = page_data(g, &ego, 1, None, (None, None));
        // Every fact of the network is there once, marked as such.
        let ego_facts: Vec<u32> = data.facts.iter().filter(|f| f.ego).map(|f| f.id).collect();
        let mut want: Vec<u32> = ego.fact_ids().iter().map(|f| f.index() as u32).collect();
        want.sort_unstable();
        let mut got = ego_facts.clone();
        got.sort_unstable();
        got.dedup();
        assert_eq!(got.len(), ego_facts.len(), "each fact once");
        assert_eq!(got, want);
        // Each fact's attributions are all there, each with its publication.
        for f in &data.facts {
            let fact = g.fact(FactId(f.id)).unwrap();
            assert_eq!(f.sources.len(), fact.sources().len());
        }
        // Positions refer into the tables.
        let n = data.entities.len();
        assert!(
            data.facts.iter().all(|f| f.subject < n
                && f.object < n
                && f.sources.iter().all(|s| s.publication < n))
        );
        assert_eq!(data.entities[data.focus].key, "mukhtar_altynbayev");
        assert!(data.summary.best.len() <= TOP && !data.summary.best.is_empty());
        assert!(!data.summary.recent.is_empty());
        // Entities outside the tables are searchable by name.
        assert_eq!(data.names.len() + n, g.entity_count());
    }
}
