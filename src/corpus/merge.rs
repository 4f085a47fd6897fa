//! Merging one graph into another: entity resolution, corroboration, conflicts.
//!
//! A merge is computed as a whole and then swapped in, so a rejected merge leaves the graph
//! as it was. The result depends on the set of statements, not on the order they arrived
//! in (see [`KnowledgeGraph::merge`] for the rules and their limits).

use crate::store::facts::FactView;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use thiserror::Error;

use super::blocking::{Blocks, MAX_NAMES, MAX_PAIRS};
use super::conflicts::ConflictKind;
use super::identity::Statement;
use super::resolve::{NameForm, score};
use crate::error::GraphError;
use crate::json::JsonError;
use crate::model::attribution::Attribution;
use crate::model::date::{Bound, FactDate, PartialDate, Span};
use crate::model::entity::Entity;
use crate::model::fact::{Fact, Role};
use crate::model::ids::{EntityId, FactKey, ReportId};
use crate::model::kind::EntityKind;
use crate::model::modality::Modality;
use crate::model::relation::Relation;
use crate::model::report::Report;
use crate::store::graph::KnowledgeGraph;
use crate::store::names::normalize_name;

/// How a merge decides which incoming entities are existing ones.
///
/// 1. A key the user maps with [`same`](Self::same) or [`distinct`](Self::distinct) is
///    decided that way.
/// 2. The same key (or a key a past merge united with an entity) is the same entity.
/// 3. Otherwise the incoming entity's names are scored
///    ([`name_similarity`](crate::corpus::name_similarity)) against the names of the
///    entities of the same kind that share block keys with them (words, word ends,
///    initials: at most 64 candidates, 16 names a side and 256 pairs of names, so
///    resolving one entity costs a bounded amount whatever the graph holds). The best candidate at or above
///    `merge_at` is merged when no other is, or when it leads the next by 0.05 or more;
///    otherwise the match is ambiguous, and the entity is added and the candidates
///    reported; candidates at or above `report_at` are reported as near matches kept
///    apart (at most [`MAX_NEAR`] listed, the rest counted).
///
/// ```
/// use factgraph::corpus::MergePolicy;
/// let policy = MergePolicy::new()
///     .thresholds(0.9, 0.75)
///     .same("altnybayev", "mukhtar_altynbayev") // a misspelling in an official release
///     .distinct("steppe_eagle_2005");
/// assert_eq!(policy.merge_at(), 0.9);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MergePolicy {
    merge_at: f32,
    report_at: f32,
    same: BTreeMap<String, String>,
    distinct: BTreeSet<String>,
}

impl Default for MergePolicy {
    fn default() -> Self {
        MergePolicy::new()
    }
}

impl MergePolicy {
    /// Merge at a score of 0.85 or more; report near matches from 0.7.
    pub fn new() -> Self {
        MergePolicy {
            merge_at: 0.85,
            report_at: 0.7,
            same: BTreeMap::new(),
            distinct: BTreeSet::new(),
        }
    }

    /// Sets both thresholds, each clamped to 0..=1 (a `NaN` counts as 1), `report_at` at
    /// most `merge_at`. A `merge_at` above 1 never merges by name.
    pub fn thresholds(mut self, merge_at: f32, report_at: f32) -> Self {
        let clamp = |x: f32| if x.is_nan() { 1.0 } else { x.clamp(0.0, 1.0) };
        self.merge_at = if merge_at > 1.0 {
            f32::INFINITY
        } else {
            clamp(merge_at)
        };
        self.report_at = clamp(report_at).min(self.merge_at);
        self
    }

    /// The incoming entity with key `incoming` is the existing entity with key `existing`.
    pub fn same(mut self, incoming: impl Into<String>, existing: impl Into<String>) -> Self {
        let incoming = incoming.into();
        self.distinct.remove(&incoming);
        self.same.insert(incoming, existing.into());
        self
    }

    /// The incoming entity with key `incoming` is new, whatever its name matches (its key,
    /// if already used, still names the existing entity).
    pub fn distinct(mut self, incoming: impl Into<String>) -> Self {
        let incoming = incoming.into();
        self.same.remove(&incoming);
        self.distinct.insert(incoming);
        self
    }

    /// The score at or above which names merge.
    pub fn merge_at(&self) -> f32 {
        self.merge_at
    }

    /// The score at or above which a near match is reported.
    pub fn report_at(&self) -> f32 {
        self.report_at
    }
}

/// Why a merge was refused. The graph is unchanged.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum MergeError {
    /// One key, two kinds: the incoming entity and the existing one cannot be the same.
    #[error("entity `{key}` is a {existing} here but a {incoming} in the merged data")]
    KindMismatch {
        /// The key.
        key: String,
        /// The existing entity's kind.
        existing: EntityKind,
        /// The incoming entity's kind.
        incoming: EntityKind,
    },
    /// A user mapping names an entity that does not exist, or one of another kind.
    #[error(
        "the mapping of `{incoming}` names `{target}`, which is not an entity of the same kind here"
    )]
    BadMapping {
        /// The incoming key.
        incoming: String,
        /// The target key.
        target: String,
    },
    /// The merged data is not a valid document.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// The merged graph failed validation (a fact united two ends the schema does not
    /// allow together, for example).
    #[error("the merged graph is invalid: {0}")]
    Invalid(#[from] GraphError),
}

/// A candidate kept apart from an incoming entity.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NearMatch {
    /// The existing entity's key.
    pub key: String,
    /// Its canonical name.
    pub name: String,
    /// The best score between their names.
    pub score: f32,
}

/// What a merge did with one incoming entity.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EntityDecision {
    /// Its key (or a key merged earlier) is an existing entity's: united with it.
    SameKey {
        /// The key.
        key: String,
    },
    /// Its names matched an existing entity's: united with it.
    Merged {
        /// The incoming key.
        incoming: String,
        /// The existing key it was merged into (before any change of canonical key).
        into: String,
        /// The score.
        score: f32,
        /// The two names that matched best: (incoming, existing).
        names: (String, String),
    },
    /// The user's mapping said it is an existing entity.
    Mapped {
        /// The incoming key.
        incoming: String,
        /// The existing key.
        into: String,
    },
    /// Added as a new entity; `near` lists candidates kept apart (several at or above the
    /// merge threshold make the match ambiguous).
    Added {
        /// The key.
        key: String,
        /// Near matches, best first, at most [`MAX_NEAR`].
        near: Vec<NearMatch>,
        /// Near matches beyond those listed, counted, not listed: the report stays small
        /// whatever the input (3,000 entities of one name merged into 3,000 others made
        /// 13.5 million records before). Only the candidates resolution scored (at most 64)
        /// are counted.
        more: usize,
    },
}

/// An attribute (or report field) two sources give different values.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AttributeDifference {
    /// The entity's (or report's) key after the merge.
    pub key: String,
    /// The attribute.
    pub attribute: String,
    /// The value kept (the smaller of the two, so the result does not depend on merge order).
    pub kept: String,
    /// The value set aside.
    pub other: String,
}

/// A conflict that the merge introduced, by the content keys of its two facts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewConflict {
    /// What the facts disagree about.
    pub kind: ConflictKind,
    /// The two facts.
    pub facts: (FactKey, FactKey),
    /// Both sides in one line, with their sources.
    pub description: String,
}

/// Every decision a merge made.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct MergeReport {
    /// One decision per incoming entity, in the incoming graph's order.
    pub entities: Vec<EntityDecision>,
    /// Incoming reports added.
    pub reports_added: Vec<String>,
    /// Incoming reports that were already there: (incoming key, existing key), matched by
    /// key or by URL.
    pub reports_matched: Vec<(String, String)>,
    /// New facts.
    pub facts_added: usize,
    /// Attributions that joined an existing fact: corroboration by another report, or the
    /// same report adding a citation.
    pub attributions_added: usize,
    /// Incoming attributions that were already there (merging the same data again).
    pub attributions_unchanged: usize,
    /// Attributes and report fields the two sides gave different values.
    pub differences: Vec<AttributeDifference>,
    /// Conflicts that were not there before.
    pub new_conflicts: Vec<NewConflict>,
}

impl MergeReport {
    /// The entities merged by name.
    pub fn merged(&self) -> impl Iterator<Item = &EntityDecision> {
        self.entities
            .iter()
            .filter(|d| matches!(d, EntityDecision::Merged { .. }))
    }

    /// The entities added.
    pub fn added(&self) -> impl Iterator<Item = &EntityDecision> {
        self.entities
            .iter()
            .filter(|d| matches!(d, EntityDecision::Added { .. }))
    }

    /// Whether the merge changed nothing.
    pub fn is_noop(&self) -> bool {
        self.added().next().is_none()
            && self.merged().next().is_none()
            && self.reports_added.is_empty()
            && self.facts_added == 0
            && self.attributions_added == 0
    }

    /// Folds another report into this one (for a merge of several files).
    pub fn absorb(&mut self, other: MergeReport) {
        self.entities.extend(other.entities);
        self.reports_added.extend(other.reports_added);
        self.reports_matched.extend(other.reports_matched);
        self.facts_added += other.facts_added;
        self.attributions_added += other.attributions_added;
        self.attributions_unchanged += other.attributions_unchanged;
        self.differences.extend(other.differences);
        self.new_conflicts.extend(other.new_conflicts);
    }
}

impl fmt::Display for MergeReport {
    /// A readable account: counts, then every merge, near match, difference and conflict.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let same = self
            .entities
            .iter()
            .filter(|d| {
                matches!(
                    d,
                    EntityDecision::SameKey { .. } | EntityDecision::Mapped { .. }
                )
            })
            .count();
        writeln!(
            f,
            "entities: {} added, {} merged by name, {} by key or mapping; reports: {} added, {} already known",
            self.added().count(),
            self.merged().count(),
            same,
            self.reports_added.len(),
            self.reports_matched.len()
        )?;
        writeln!(
            f,
            "facts: {} added, {} attributions joined existing facts, {} already present; {} new conflicts",
            self.facts_added,
            self.attributions_added,
            self.attributions_unchanged,
            self.new_conflicts.len()
        )?;
        for d in &self.entities {
            match d {
                EntityDecision::Merged {
                    incoming,
                    into,
                    score,
                    names,
                } => writeln!(
                    f,
                    "  merged `{incoming}` into `{into}` ({:?} ~ {:?}, score {score:.2})",
                    names.0, names.1
                )?,
                EntityDecision::Mapped { incoming, into } => {
                    writeln!(f, "  mapped `{incoming}` to `{into}` (user mapping)")?
                }
                EntityDecision::Added { key, near, more } if !near.is_empty() => {
                    let list: Vec<String> = near
                        .iter()
                        .map(|n| format!("`{}` {:?} {:.2}", n.key, n.name, n.score))
                        .collect();
                    let more = if *more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    };
                    writeln!(
                        f,
                        "  added `{key}`, kept apart from {}{more}",
                        list.join(", ")
                    )?
                }
                _ => {}
            }
        }
        for d in &self.differences {
            writeln!(
                f,
                "  `{}`.{}: kept {:?}, other source says {:?}",
                d.key, d.attribute, d.kept, d.other
            )?;
        }
        for c in &self.new_conflicts {
            writeln!(f, "  new {}", c.description)?;
        }
        Ok(())
    }
}

/// The most near matches listed for one added entity; the rest are counted
/// ([`EntityDecision::Added`]'s `more`).
pub const MAX_NEAR: usize = 5;

/// How far ahead of the next candidate the best one must be to merge when both are at or
/// above the merge threshold.
const MARGIN: f32 = 0.05;

/// Where an incoming entity goes.
#[derive(Clone, Copy)]
enum Target {
    Existing(usize),
    New,
}

/// One statement of one source about one fact: the unit that merging regroups.
struct Claim {
    relation: Relation,
    ends: (usize, usize),
    modality: Modality,
    role: Option<Role>,
    recipient: Option<usize>,
    place: Option<usize>,
    valid: Option<FactDate>,
    date: FactDate,
    note: Option<String>,
    attribution: Option<Attribution>,
    /// Position of the fact it came from: existing facts first, then incoming ones.
    seq: usize,
    from_existing: bool,
}

/// Notes of several sources as one: distinct parts, sorted, joined by " | ".
fn join_notes<'a>(notes: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let parts: BTreeSet<&str> = notes
        .into_iter()
        .flat_map(|n| n.split(" | "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.into_iter().collect::<Vec<_>>().join(" | "))
    }
}

/// The preferred of two keys or names: the longer (more complete), then the smaller.
fn preferred<'a>(a: &'a str, b: &'a str) -> &'a str {
    match a.chars().count().cmp(&b.chars().count()) {
        std::cmp::Ordering::Greater => a,
        std::cmp::Ordering::Less => b,
        std::cmp::Ordering::Equal => a.min(b),
    }
}

/// The preferred of two names: one in Latin script (the language of the crate's data and
/// most analysts' reports) over one that is not, then the longer, then the smaller.
fn preferred_name<'a>(a: &'a str, b: &'a str) -> &'a str {
    let latin = |s: &str| {
        !s.chars()
            .any(|c| c.is_alphabetic() && !c.is_ascii() && ('\u{0400}'..='\u{052F}').contains(&c))
    };
    match (latin(a), latin(b)) {
        (true, false) => a,
        (false, true) => b,
        _ => preferred(a, b),
    }
}

/// Decides where one incoming entity goes.
fn resolve_entity(
    ents: &Entities,
    incoming: &Entity,
    policy: &MergePolicy,
    blocks: &mut Blocks,
) -> Result<(Target, EntityDecision), MergeError> {
    if let Some(target) = policy.same.get(&incoming.key) {
        return match ents.find(target) {
            Some(i) if ents.list.get(i).map(|e| e.kind) == Some(incoming.kind) => Ok((
                Target::Existing(i),
                EntityDecision::Mapped {
                    incoming: incoming.key.clone(),
                    into: target.clone(),
                },
            )),
            _ => Err(MergeError::BadMapping {
                incoming: incoming.key.clone(),
                target: target.clone(),
            }),
        };
    }
    if let Some(i) = ents.find(&incoming.key) {
        let existing = ents.list.get(i).map_or(incoming.kind, |e| e.kind);
        if existing != incoming.kind {
            return Err(MergeError::KindMismatch {
                key: incoming.key.clone(),
                existing,
                incoming: incoming.kind,
            });
        }
        return Ok((
            Target::Existing(i),
            EntityDecision::SameKey {
                key: incoming.key.clone(),
            },
        ));
    }
    let added = |near, more| {
        Ok((
            Target::New,
            EntityDecision::Added {
                key: incoming.key.clone(),
                near,
                more,
            },
        ))
    };
    if policy.distinct.contains(&incoming.key) {
        return added(Vec::new(), 0);
    }
    // Names are scored only against the candidates blocking finds (bounded per entity, see
    // `corpus::blocking`), at most `MAX_NAMES` names on each side.
    let mine: Vec<(NameForm, &str)> = incoming
        .names()
        .take(MAX_NAMES)
        .map(|n| (NameForm::new(n, incoming.kind), n))
        .filter(|(f, _)| !f.is_empty())
        .collect();
    let forms: Vec<NameForm> = mine.iter().map(|(f, _)| f.clone()).collect();
    let candidates = blocks.candidates(incoming.kind, &forms, &ents.list);
    // A person's one-word name (a surname alone) is compared only when one side has no
    // fuller name: "Kayrat Cohen" is not "William S. Cohen" because the latter is also
    // called "Cohen".
    let person = incoming.kind == EntityKind::Person;
    let full = |f: &NameForm| f.core_len() > 1;
    let mine_full = mine.iter().any(|(f, _)| full(f));
    // (score, entity index, incoming name, existing name)
    let mut scored: Vec<(f32, usize, &str, &str)> = Vec::new();
    let mut pairs_left = MAX_PAIRS;
    for i in candidates {
        let Some(e) = ents.list.get(i) else {
            continue;
        };
        if e.kind != incoming.kind {
            continue;
        }
        let theirs = blocks.forms(i);
        let theirs_full = theirs.iter().any(full);
        let mut best: Option<(f32, &str, &str)> = None;
        for (form, name) in &mine {
            for (other_form, other_name) in theirs.iter().zip(e.names()) {
                if person && mine_full && theirs_full && (!full(form) || !full(other_form)) {
                    continue;
                }
                if pairs_left == 0 {
                    break;
                }
                pairs_left -= 1;
                let s = score(form, other_form, incoming.kind);
                if best.is_none_or(|b| s > b.0) {
                    best = Some((s, name, other_name));
                }
            }
        }
        if let Some((s, a, b)) = best
            && s >= policy.report_at
            && s > 0.0
        {
            scored.push((s, i, a, b));
        }
    }
    scored.sort_by(|x, y| {
        y.0.total_cmp(&x.0).then_with(|| {
            let key = |i: usize| ents.list.get(i).map(|e| &e.key);
            key(x.1).cmp(&key(y.1))
        })
    });
    // The best candidate merges when it is at or above the threshold and clearly ahead of
    // the next (by `MARGIN`); two close candidates above it are ambiguous.
    let runner_up = scored.get(1).map_or(0.0, |s| s.0);
    if let Some(&(s, i, a, b)) = scored.first()
        && s >= policy.merge_at
        && (runner_up < policy.merge_at || s - runner_up >= MARGIN)
        && let Some(into) = ents.list.get(i)
    {
        return Ok((
            Target::Existing(i),
            EntityDecision::Merged {
                incoming: incoming.key.clone(),
                into: into.key.clone(),
                score: s,
                names: (a.to_owned(), b.to_owned()),
            },
        ));
    }
    let more = scored.len().saturating_sub(MAX_NEAR);
    added(
        scored
            .iter()
            .take(MAX_NEAR)
            .filter_map(|(s, i, _, _)| {
                ents.list.get(*i).map(|e| NearMatch {
                    key: e.key.clone(),
                    name: e.name.clone(),
                    score: *s,
                })
            })
            .collect(),
        more,
    )
}

/// Aliases sorted by folded form, without repeats or the canonical name: the same set of
/// names gives the same entity, whatever order they came in.
fn tidy_aliases(e: &mut Entity) {
    let mut seen: HashSet<String> = HashSet::from([normalize_name(&e.name)]);
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    for n in std::mem::take(&mut e.aliases) {
        let folded = normalize_name(&n);
        if seen.insert(folded.clone()) {
            aliases.insert(folded, n);
        }
    }
    e.aliases = aliases.into_values().collect();
}

/// The entities of the merged graph, being built.
struct Entities {
    list: Vec<Entity>,
    /// Merged key → entity index.
    merged: BTreeMap<String, usize>,
    touched: Vec<bool>,
    differences: Vec<AttributeDifference>,
}

impl Entities {
    fn find(&self, key: &str) -> Option<usize> {
        self.list
            .iter()
            .position(|e| e.key == key)
            .or_else(|| self.merged.get(key).copied())
    }

    /// Unites `incoming` with entity `i`: keys, names, attributes and notes.
    fn unite(&mut self, i: usize, incoming: &Entity) {
        let Some(e) = self.list.get_mut(i) else {
            return;
        };
        if let Some(t) = self.touched.get_mut(i) {
            *t = true;
        }
        if incoming.key != e.key && !self.merged.contains_key(&incoming.key) {
            if preferred(&incoming.key, &e.key) == incoming.key {
                let old = std::mem::replace(&mut e.key, incoming.key.clone());
                self.merged.insert(old, i);
            } else {
                self.merged.insert(incoming.key.clone(), i);
            }
        }
        // The canonical name is the preferred of the records' own names (never an alias,
        // so "Steppe Eagle" does not give way to "Steppe Eagle exercises").
        let mut names: Vec<String> = e.names().map(str::to_owned).collect();
        names.extend(incoming.names().map(str::to_owned));
        e.name = preferred_name(&e.name, &incoming.name).to_owned();
        e.aliases = names;
        tidy_aliases(e);
        for (k, v) in &incoming.attributes {
            match e.attributes.get_mut(k) {
                None => {
                    e.attributes.insert(k.clone(), v.clone());
                }
                Some(old) if old != v => {
                    let (kept, other) = if v < old {
                        (v.clone(), old.clone())
                    } else {
                        (old.clone(), v.clone())
                    };
                    *old = kept.clone();
                    self.differences.push(AttributeDifference {
                        key: e.key.clone(),
                        attribute: k.clone(),
                        kept,
                        other,
                    });
                }
                Some(_) => {}
            }
        }
        e.note = join_notes(
            e.note
                .as_deref()
                .into_iter()
                .chain(incoming.note.as_deref()),
        );
    }
}

impl KnowledgeGraph {
    /// Merges `other` (a report file, or any graph) into this graph.
    ///
    /// - **Entities** are resolved as [`MergePolicy`] describes; united entities pool their
    ///   names (the longest becomes the canonical name, the rest aliases), attributes (on
    ///   disagreement the smaller value is kept and the difference reported) and notes. The
    ///   longer key becomes canonical; the other keeps naming the entity
    ///   ([`get`](Self::get), and `merged_ids` in JSON).
    /// - **Reports** with the same key or URL are one report.
    /// - **Facts** are regrouped as statements: statements with the same relation, ends
    ///   (either order for symmetric relations), modality, role and recipient, and
    ///   compatible dates and places, are one fact with all their attributions
    ///   (corroboration). Its date is the most precise one; an attribution whose source
    ///   gives a less precise date keeps it as [`claimed_date`](crate::Attribution::claimed_date).
    ///   Statements with incompatible dates or places stay separate facts and, when no
    ///   report supports both, are [conflicts](Self::conflicts).
    ///
    /// Merging the same data twice changes nothing, and the result depends on what was
    /// merged, not on the order (up to fact and entity numbering): entities, keys, names,
    /// attributes and facts with their content keys are the same. One limit: entity
    /// resolution is greedy, so three spellings where A ~ B and B ~ C but not A ~ C may
    /// resolve differently by order; such cases are reported as near matches.
    ///
    /// Cost: the merged graph is rebuilt, O(facts + entities of a kind × incoming
    /// entities) with the validation of a fresh load. Fact and entity ids issued before the
    /// merge stay valid for existing entities; fact ids may change when facts unite, so
    /// name facts across merges by [`fact_key`](Self::fact_key).
    ///
    /// # Errors
    /// [`MergeError`]; the graph is then unchanged.
    ///
    /// ```
    /// use factgraph::corpus::{EntityDecision, MergePolicy};
    /// use factgraph::KnowledgeGraph;
    /// // Made-up data: one minister spelt three ways, one meeting reported twice.
    /// let a = r#"{"factgraph": 2,
    ///   "reports": [{"id": "r1", "outlet": "wire", "published": "2020-05-01"}],
    ///   "entities": [{"id": "wire", "kind": "source", "name": "Example Wire"},
    ///     {"id": "ivanov", "kind": "person", "name": "Pyotr Ivanov"},
    ///     {"id": "smith", "kind": "person", "name": "Ann Smith"}],
    ///   "facts": [{"relation": "met", "subject": "ivanov", "object": "smith", "date": "2020-04-30",
    ///     "sources": [{"report": "r1"}]}]}"#;
    /// let b = r#"{"factgraph": 2,
    ///   "reports": [{"id": "r2", "outlet": "post", "published": "2020-05-02"}],
    ///   "entities": [{"id": "post", "kind": "source", "name": "Example Post"},
    ///     {"id": "p_ivanov", "kind": "person", "name": "Пётр Иванов"},
    ///     {"id": "a_smith", "kind": "person", "name": "Ann Smith"}],
    ///   "facts": [{"relation": "met", "subject": "a_smith", "object": "p_ivanov", "date": "2020-04",
    ///     "sources": [{"report": "r2"}]}]}"#;
    /// let mut g = KnowledgeGraph::new();
    /// g.merge_json(a, &MergePolicy::new())?;
    /// let report = g.merge_json(b, &MergePolicy::new())?;
    /// assert_eq!(report.merged().count(), 2); // Пётр Иванов ~ Pyotr Ivanov, Ann Smith
    /// assert_eq!(g.fact_count(), 1); // one meeting
    /// let met = g.facts().next().unwrap();
    /// assert_eq!(met.support().reports, 2);
    /// assert_eq!(met.date().to_string(), "2020-04-30"); // the more precise date
    /// // Merging again changes nothing.
    /// let before = g.clone();
    /// assert!(g.merge_json(b, &MergePolicy::new())?.is_noop());
    /// assert!(g == before);
    /// # Ok::<(), factgraph::corpus::MergeError>(())
    /// ```
    pub fn merge(
        &mut self,
        other: &KnowledgeGraph,
        policy: &MergePolicy,
    ) -> Result<MergeReport, MergeError> {
        let mut report = MergeReport::default();
        let before: HashSet<(FactKey, FactKey, ConflictKind)> = self
            .conflicts()
            .map(|c| {
                let (a, b) = c.keys();
                (a, b, c.kind)
            })
            .collect();

        // 1. Entities, in key order so that the order within the incoming graph does not
        // matter; each is resolved against the entities so far, earlier incoming ones
        // included (a document may name one person twice).
        let mut ents = Entities {
            list: self.entities.clone(),
            merged: self
                .merged_keys
                .iter()
                .map(|(k, id)| (k.clone(), id.index()))
                .collect(),
            touched: vec![false; self.entities.len()],
            differences: Vec::new(),
        };
        let mut blocks = Blocks::new();
        let mut order: Vec<(usize, &Entity)> = other.entities.iter().enumerate().collect();
        order.sort_by(|(_, x), (_, y)| x.key.cmp(&y.key));
        let mut index: Vec<usize> = vec![0; other.entities.len()];
        for (j, incoming) in order {
            let (target, decision) = resolve_entity(&ents, incoming, policy, &mut blocks)?;
            report.entities.push(decision);
            let i = match target {
                Target::Existing(i) => {
                    ents.unite(i, incoming);
                    blocks.united(i, incoming);
                    i
                }
                Target::New => {
                    let mut e = incoming.clone();
                    tidy_aliases(&mut e);
                    ents.list.push(e);
                    ents.touched.push(true);
                    ents.list.len() - 1
                }
            };
            if let Some(slot) = index.get_mut(j) {
                *slot = i;
            }
        }
        let map_entity = |id: EntityId| index.get(id.index()).copied().unwrap_or(0);

        // 2. Reports.
        let mut reports: Vec<Report> = self.reports.clone();
        let mut report_index: Vec<usize> = Vec::with_capacity(other.reports.len());
        for r in &other.reports {
            let found = reports.iter().position(|x| x.key == r.key).or_else(|| {
                r.url
                    .as_ref()
                    .and_then(|u| reports.iter().position(|x| x.url.as_ref() == Some(u)))
            });
            match found {
                Some(i) => {
                    if let Some(existing) = reports.get_mut(i) {
                        report
                            .reports_matched
                            .push((r.key.clone(), existing.key.clone()));
                        unite_report(existing, r, &mut ents.differences);
                    }
                    report_index.push(i);
                }
                None => {
                    let mut copy = r.clone();
                    copy.outlet = EntityId::at(map_entity(r.outlet) as u32);
                    report.reports_added.push(r.key.clone());
                    reports.push(copy);
                    report_index.push(reports.len() - 1);
                }
            }
        }
        let map_report = |id: ReportId| {
            report_index
                .get(id.index())
                .and_then(|i| ReportId::from_index(*i))
                .unwrap_or(id)
        };

        // 3. Claims, grouped by statement.
        let keys: Vec<&str> = ents.list.iter().map(|e| e.key.as_str()).collect();
        let mut groups: HashMap<Statement<usize>, Vec<Claim>> = HashMap::new();
        let existing = self
            .facts
            .iter()
            .map(|f| (f, true, None::<&dyn Fn(EntityId) -> usize>));
        let mut seq = 0usize;
        for (f, from_existing, _) in existing {
            push_claims(
                &mut groups,
                f,
                &|id| id.index(),
                &|r| r,
                &keys,
                seq,
                from_existing,
            );
            seq += 1;
        }
        for f in other.facts.iter() {
            push_claims(&mut groups, f, &map_entity, &map_report, &keys, seq, false);
            seq += 1;
        }

        // 4. Facts from groups.
        let mut built: Vec<(usize, Fact)> = Vec::new();
        for (_, claims) in groups {
            for cluster in cluster(claims, &keys, &reports) {
                let has_existing = cluster.iter().any(|c| c.from_existing);
                let first = cluster.iter().map(|c| c.seq).min().unwrap_or(0);
                let Some((fact, existing_attrs, all_attrs, incoming_attrs)) =
                    build_fact(&cluster, &keys, &reports)
                else {
                    continue;
                };
                if has_existing {
                    report.attributions_added += all_attrs - existing_attrs;
                    report.attributions_unchanged +=
                        incoming_attrs.saturating_sub(all_attrs - existing_attrs);
                } else {
                    report.facts_added += 1;
                }
                built.push((first, fact));
            }
        }
        built.sort_by_key(|(first, f)| (*first, self.key_of_parts(f, &keys)));

        // 5. The new graph, validated as a fresh load.
        let mut g = KnowledgeGraph::new();
        g.limits = self.limits;
        g.title = self.title.clone().or_else(|| other.title.clone());
        let merged_keys = std::mem::take(&mut ents.merged);
        report.differences = std::mem::take(&mut ents.differences);
        g.apply(|b| {
            for (i, e) in ents.list.into_iter().enumerate() {
                // Ids a rolled-back transaction burnt stay burnt in the rebuilt graph.
                if self.is_burnt(i) {
                    b.add_placeholder()?;
                } else {
                    b.add_entity(e)?;
                }
            }
            for (k, i) in merged_keys {
                b.add_merged_key(k, EntityId::at(i as u32))?;
            }
            for (i, r) in reports.into_iter().enumerate() {
                // Report ids a rolled-back transaction burnt stay burnt.
                if self.is_burnt_report(i) {
                    b.add_report_placeholder()?;
                } else {
                    b.add_report(r)?;
                }
            }
            for (_, f) in built {
                b.add_fact(f)?;
            }
            Ok::<(), GraphError>(())
        })?;
        for c in g.conflicts() {
            let (a, b) = c.keys();
            if !before.contains(&(a, b, c.kind)) {
                report.new_conflicts.push(NewConflict {
                    kind: c.kind,
                    facts: (a, b),
                    description: c.to_string(),
                });
            }
        }
        *self = g;
        Ok(report)
    }

    /// The content key of a fact under construction whose ends index `keys`.
    fn key_of_parts(&self, f: &Fact, keys: &[&str]) -> String {
        let k = |id: EntityId| keys.get(id.index()).copied().unwrap_or("");
        format!(
            "{}\u{1}{}\u{1}{}\u{1}{}",
            f.relation(),
            k(f.subject()),
            k(f.object()),
            f.date()
        )
    }
}

fn unite_report(existing: &mut Report, incoming: &Report, diffs: &mut Vec<AttributeDifference>) {
    let fields: [(&str, &mut Option<String>, &Option<String>); 4] = [
        ("headline", &mut existing.headline, &incoming.headline),
        ("url", &mut existing.url, &incoming.url),
        ("language", &mut existing.language, &incoming.language),
        ("author", &mut existing.author, &incoming.author),
    ];
    for (name, mine, theirs) in fields {
        match (mine.as_mut(), theirs) {
            (None, Some(t)) => *mine = Some(t.clone()),
            (Some(m), Some(t)) if m != t => {
                let (kept, other) = if t < m {
                    (t.clone(), m.clone())
                } else {
                    (m.clone(), t.clone())
                };
                *m = kept.clone();
                diffs.push(AttributeDifference {
                    key: existing.key.clone(),
                    attribute: format!("report.{name}"),
                    kept,
                    other,
                });
            }
            _ => {}
        }
    }
    if existing.published.is_unknown() {
        existing.published = incoming.published;
    } else if !incoming.published.is_unknown() && incoming.published != existing.published {
        let (a, b) = (
            existing.published.to_string(),
            incoming.published.to_string(),
        );
        if incoming.published.days() < existing.published.days() {
            existing.published = incoming.published;
        }
        diffs.push(AttributeDifference {
            key: existing.key.clone(),
            attribute: "report.published".into(),
            kept: existing.published.to_string(),
            other: if existing.published.to_string() == a {
                b
            } else {
                a
            },
        });
    }
}

/// Splits a fact into claims, one per attribution (one without attribution if it has none).
fn push_claims(
    groups: &mut HashMap<Statement<usize>, Vec<Claim>>,
    f: FactView<'_>,
    map_entity: &dyn Fn(EntityId) -> usize,
    map_report: &dyn Fn(ReportId) -> ReportId,
    keys: &[&str],
    seq: usize,
    from_existing: bool,
) {
    let identity = Statement::of(f, map_entity, |s, o| keys.get(o) < keys.get(s));
    let (s, o) = identity.ends();
    let group = groups.entry(identity).or_default();
    let per_attribution_notes = f.sources().iter().any(|a| a.note().is_some());
    let claim = |attribution: Option<Attribution>| {
        let date = attribution
            .as_ref()
            .and_then(|a| a.claimed_date())
            .unwrap_or(f.date());
        // The source's own valid time: kept on the attribution when it differs from the
        // fact's (unknown: the source gives none).
        let valid = match attribution.as_ref().and_then(|a| a.claimed_valid()) {
            Some(v) if v.is_unknown() => None,
            Some(v) => Some(v),
            None => f.valid(),
        };
        let attribution = attribution.map(|mut a| {
            a.source = EntityId::at(map_entity(a.source) as u32);
            a.speaker = a.speaker.map(|sp| EntityId::at(map_entity(sp) as u32));
            if let Some(e) = a.extra.as_deref_mut() {
                e.report = e.report.map(map_report);
                e.claimed = None;
                e.claimed_valid = None;
            }
            a.settle();
            a
        });
        Claim {
            relation: f.relation(),
            ends: (s, o),
            modality: f.modality(),
            role: f.role().cloned(),
            recipient: f.recipient().map(map_entity),
            place: f.place().map(map_entity),
            valid,
            date,
            // After a merge each attribution carries its own report's note and the fact's
            // note joins them; before, the fact's note is every attribution's.
            note: if per_attribution_notes {
                attribution.as_ref().and_then(|a| a.note())
            } else {
                f.note()
            }
            .map(str::to_owned),
            attribution,
            seq,
            from_existing,
        }
    };
    if f.sources().is_empty() {
        group.push(claim(None));
        return;
    }
    for a in f.sources().iter() {
        group.push(claim(Some(a.to_attribution())));
    }
    // A statement without sources that a merge joined to sourced ones (a fact added
    // through the API, then corroborated by a report) left its date, valid time and note
    // on the fact only: when no attribution carries the fact's date (each has a date of
    // its own), or none its valid time, it is put back as a claim of its own, so merging
    // again rebuilds the same fact.
    let date_orphaned = f.sources().iter().all(|a| a.claimed_date().is_some());
    let valid_orphaned =
        f.valid().is_some() && f.sources().iter().all(|a| a.claimed_valid().is_some());
    if date_orphaned || valid_orphaned {
        let mut orphan = claim(None);
        orphan.note = if per_attribution_notes {
            let theirs: BTreeSet<&str> = f
                .sources()
                .iter()
                .filter_map(|a| a.note())
                .flat_map(|n| n.split(" | "))
                .collect();
            join_notes(
                f.note()
                    .into_iter()
                    .flat_map(|n| n.split(" | "))
                    .filter(|p| !theirs.contains(p)),
            )
        } else {
            None
        };
        group.push(orphan);
    }
}

/// A sortable, order-free description of an attribution.
fn attribution_key(a: &Attribution, keys: &[&str], reports: &[Report]) -> [String; 6] {
    let k = |id: EntityId| keys.get(id.index()).copied().unwrap_or("").to_owned();
    [
        a.report()
            .and_then(|r| reports.get(r.index()))
            .map_or(String::new(), |r| r.key.clone()),
        k(a.source),
        a.speaker.map_or(String::new(), k),
        a.reported.to_string(),
        a.quote().unwrap_or("").to_owned(),
        a.inferred().unwrap_or("").to_owned(),
    ]
}

/// Groups one statement's claims into facts: the most precise date first, each claim
/// joining the first fact whose date and place it is compatible with.
fn cluster(mut claims: Vec<Claim>, keys: &[&str], reports: &[Report]) -> Vec<Vec<Claim>> {
    let place_key = |p: Option<usize>| p.map_or("", |i| keys.get(i).copied().unwrap_or(""));
    claims.sort_by_cached_key(|c| {
        (
            c.date.days().unwrap_or(i64::MAX),
            c.date.day_bounds(),
            c.date.year_inferred(),
            place_key(c.place).is_empty(),
            place_key(c.place).to_owned(),
            c.valid.map(|v| v.to_string()),
            c.attribution
                .as_ref()
                .map(|a| attribution_key(a, keys, reports)),
            c.note.clone(),
        )
    });
    let mut clusters: Vec<(FactDate, Option<usize>, Vec<Claim>)> = Vec::new();
    for c in claims {
        // A claim joins a fact whose place it does not contradict, nor the valid time of
        // any of its members.
        let place_ok = |p: Option<usize>, members: &[Claim]| {
            (p.is_none() || c.place.is_none() || p == c.place)
                && c.valid.is_none_or(|v| {
                    members
                        .iter()
                        .filter_map(|m| m.valid)
                        .all(|w| periods_compatible(&v, &w))
                })
        };
        let slot = if c.date.is_unknown() {
            let dated: Vec<usize> = clusters
                .iter()
                .enumerate()
                .filter(|(_, (d, _, _))| !d.is_unknown())
                .map(|(i, _)| i)
                .collect();
            match dated.as_slice() {
                [only] if clusters.get(*only).is_some_and(|(_, p, m)| place_ok(*p, m)) => {
                    Some(*only)
                }
                _ => clusters
                    .iter()
                    .position(|(d, p, m)| d.is_unknown() && place_ok(*p, m)),
            }
        } else {
            clusters
                .iter()
                .position(|(d, p, m)| !d.is_unknown() && d.compatible(&c.date) && place_ok(*p, m))
        };
        match slot {
            Some(i) => {
                if let Some(entry) = clusters.get_mut(i) {
                    if entry.1.is_none() {
                        entry.1 = c.place;
                    }
                    entry.2.push(c);
                }
            }
            None => clusters.push((c.date, c.place, vec![c])),
        }
    }
    clusters.into_iter().map(|(_, _, c)| c).collect()
}

/// The two ends of a period: each a date's (first, last) days, or `None` for an open or
/// unknown end.
type Ends = (Option<(i32, i32)>, Option<(i32, i32)>);

fn ends(p: &FactDate) -> (Ends, Option<PartialDate>, Option<PartialDate>) {
    let days = |d: PartialDate| (d.first_day_number(), d.last_day_number());
    let (a, b) = match p.span() {
        Span::On(d) => (Some(d), Some(d)),
        Span::Between(a, b) => (Some(a), Some(b)),
        Span::Interval(a, b) => {
            let date = |x| match x {
                Bound::Date(d) => Some(d),
                _ => None,
            };
            (date(a), date(b))
        }
        _ => (None, None),
    };
    ((a.map(days), b.map(days)), a, b)
}

/// Whether two valid times may be the same period: their starts and their ends each
/// compatible (one contains the other), an open or unknown end compatible with any.
/// "Since August 2003" and "2003 to October 2008" may be one deployment; "since
/// August 2003" and "since September 2003" may not.
pub(crate) fn periods_compatible(a: &FactDate, b: &FactDate) -> bool {
    let ((a0, a1), ..) = ends(a);
    let ((b0, b1), ..) = ends(b);
    let fits = |x: Option<(i32, i32)>, y: Option<(i32, i32)>| match (x, y) {
        (Some((x0, x1)), Some((y0, y1))) => (x0 <= y0 && y1 <= x1) || (y0 <= x0 && x1 <= y1),
        _ => true,
    };
    fits(a0, b0) && fits(a1, b1)
}

/// The period two compatible valid times describe together: each end the more precise of
/// the two (a date over an open or unknown end).
fn combine_periods(a: &FactDate, b: &FactDate) -> FactDate {
    let (_, a0, a1) = ends(a);
    let (_, b0, b1) = ends(b);
    let narrower = |x: Option<PartialDate>, y: Option<PartialDate>| match (x, y) {
        (Some(x), Some(y)) => {
            let len = |d: PartialDate| d.last_day_number() - d.first_day_number();
            Some(if (len(y), y.to_string()) < (len(x), x.to_string()) {
                y
            } else {
                x
            })
        }
        (x, None) => x,
        (None, y) => y,
    };
    let end_kind = |p: &FactDate| match p.span() {
        Span::Interval(_, Bound::Open) => Bound::Open,
        _ => Bound::Unknown,
    };
    let start = narrower(a0, b0).map_or(Bound::Unknown, Bound::Date);
    let end = match narrower(a1, b1) {
        Some(d) => Bound::Date(d),
        // Neither gives an end: open if either says it goes on.
        None => match (end_kind(a), end_kind(b)) {
            (Bound::Open, _) | (_, Bound::Open) => Bound::Open,
            _ => Bound::Unknown,
        },
    };
    let out = match (start, end) {
        (Bound::Date(x), Bound::Date(y)) if x == y => FactDate::on(x),
        (s, e) => FactDate::interval(s, e).unwrap_or(*a),
    };
    // Keep an input as it is (with its inferred-year flag) when the union is that input.
    if out.span() == a.span() {
        *a
    } else if out.span() == b.span() {
        *b
    } else {
        out.with_year_inferred(a.year_inferred() || b.year_inferred())
    }
}

/// One fact from a cluster of claims: its head's date, role and place, every distinct
/// attribution. Returns the fact and the counts (existing attributions, all, incoming), or
/// `None` for an empty cluster (clusters are built non-empty, so never).
fn build_fact(
    cluster: &[Claim],
    keys: &[&str],
    reports: &[Report],
) -> Option<(Fact, usize, usize, usize)> {
    let head = cluster.first()?;
    let date = head.date;
    let mut fact = Fact::new(
        head.relation,
        EntityId::at(head.ends.0 as u32),
        EntityId::at(head.ends.1 as u32),
    )
    .on(date)
    .with_modality(head.modality);
    if let Some(role) = &head.role {
        fact = fact.with_role(role.clone());
    }
    if let Some(r) = head.recipient {
        fact = fact.to(EntityId::at(r as u32));
    }
    if let Some(p) = cluster.iter().find_map(|c| c.place) {
        fact = fact.at(EntityId::at(p as u32));
    }
    let valid = cluster
        .iter()
        .filter_map(|c| c.valid)
        .reduce(|a, b| combine_periods(&a, &b));
    if let Some(v) = valid {
        fact = fact.valid_during(v);
    }
    if let Some(note) = join_notes(cluster.iter().filter_map(|c| c.note.as_deref())) {
        fact = fact.with_note(note);
    }
    let with_date = |c: &Claim| {
        c.attribution.clone().map(|mut a| {
            if c.date != date {
                a = a.claiming_date(c.date);
            }
            if valid.is_some() && c.valid != valid {
                a = a.claiming_valid(c.valid.unwrap_or(FactDate::UNKNOWN));
            }
            if let Some(note) = &c.note {
                a = a.with_note(note.clone());
            }
            a
        })
    };
    let mut existing: Vec<Attribution> = cluster
        .iter()
        .filter(|c| c.from_existing)
        .filter_map(with_date)
        .collect();
    existing.sort_by_cached_key(|a| attribution_key(a, keys, reports));
    existing.dedup();
    let incoming = cluster
        .iter()
        .filter(|c| !c.from_existing && c.attribution.is_some())
        .count();
    let mut all: Vec<Attribution> = cluster.iter().filter_map(with_date).collect();
    all.sort_by_cached_key(|a| {
        (
            attribution_key(a, keys, reports),
            a.claimed_date().map(|d| d.to_string()),
        )
    });
    all.dedup();
    let counts = (existing.len(), all.len(), incoming);
    fact.sources = all.into_boxed_slice();
    Some((fact, counts.0, counts.1, counts.2))
}
