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
use crate::model::date::FactDate;
use crate::model::entity::Entity;
use crate::model::fact::{Fact, Role};
use crate::model::ids::{EntityId, FactId, FactKey, ReportId};
use crate::model::kind::EntityKind;
use crate::model::modality::Modality;
use crate::model::periods::{combine_periods, periods_compatible};
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
    /// Key → canonical name the user asks for.
    renames: BTreeMap<String, String>,
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
            renames: BTreeMap::new(),
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

    /// After the merge, the entity named by `key` (an existing or incoming key, or one a
    /// past merge united with it) has the canonical name `name`; its former canonical name
    /// becomes an alias. This is the only way a merge renames an existing entity besides a
    /// canonical name marked `sic` (see [`KnowledgeGraph::merge`]); the rename is listed in
    /// [`MergeReport::renames`]. A key that names no entity after the merge is a
    /// [`MergeError::BadRename`].
    ///
    /// ```
    /// use factgraph::corpus::MergePolicy;
    /// use factgraph::KnowledgeGraph;
    /// // Made-up data.
    /// let mut g = KnowledgeGraph::from_json(r#"{"factgraph": 2, "entities": [
    ///     {"id": "kz", "kind": "country", "name": "Kazakhstan"}]}"#)?;
    /// let more = r#"{"factgraph": 2, "entities": [
    ///     {"id": "rk", "kind": "country", "name": "Republic of Kazakhstan"}]}"#;
    /// let policy = MergePolicy::new().same("rk", "kz");
    /// g.merge_json(more, &policy)?;
    /// assert_eq!(g.get("kz")?.name(), "Kazakhstan"); // kept: an alias was added
    /// let report = g.merge_json(more, &policy.rename("kz", "Republic of Kazakhstan"))?;
    /// assert_eq!(g.get("kz")?.name(), "Republic of Kazakhstan");
    /// assert_eq!(report.renames.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rename(mut self, key: impl Into<String>, name: impl Into<String>) -> Self {
        self.renames.insert(key.into(), name.into());
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
    /// A [rename](MergePolicy::rename) names a key that no entity has after the merge, or
    /// a name that folds to nothing.
    #[error("the rename of `{key}` to {name:?} names no entity, or no usable name")]
    BadRename {
        /// The key.
        key: String,
        /// The name asked for.
        name: String,
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
    /// The value kept: the existing one (a merge never overwrites what the graph holds);
    /// between two incoming records of one merge, the one met first in key order.
    pub kept: String,
    /// The value set aside.
    pub other: String,
}

/// How many new conflicts a [`MergeReport`] lists; the rest are counted.
pub const MAX_LISTED_CONFLICTS: usize = 1_000;

/// How many pairs of facts a merge compares at most when it looks for new conflicts: a
/// merge of one statement made with thousands of dates must not take minutes.
pub const MAX_CONFLICT_CHECKS: usize = 1_000_000;

/// Why a merge changed an entity's canonical name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RenameReason {
    /// The user asked for it ([`MergePolicy::rename`]).
    Policy,
    /// The old canonical name is marked as a misspelling (the entity's `sic` attribute)
    /// and the merge brought a name that is not.
    Sic,
}

/// A change of an entity's canonical name. A merge renames nothing on its own: an
/// incoming name that differs becomes an alias.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rename {
    /// The entity's canonical key.
    pub key: String,
    /// The name before (now an alias).
    pub from: String,
    /// The canonical name after.
    pub to: String,
    /// Why.
    pub reason: RenameReason,
}

/// How a merge changed facts that were in the graph before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FactChangeKind {
    /// A report gave a more precise date, a place or a valid time: the fact now says more.
    Refined,
    /// Claims of several existing facts are now one fact.
    United,
    /// The existing fact's attributions are now spread over several facts (a more precise
    /// report split them by date).
    Split,
}

/// An existing fact a merge changed, with both content keys. Existing facts change only
/// when the merge brings a claim of the same statement; a merge of unrelated data leaves
/// every existing fact as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FactChange {
    /// What happened.
    pub kind: FactChangeKind,
    /// The content keys of the existing facts involved, before the merge.
    pub before: Vec<FactKey>,
    /// The content keys of the facts that hold their claims after it.
    pub after: Vec<FactKey>,
    /// The facts after the merge, in one line each.
    pub description: String,
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
    /// Conflicts that were not there before, the first [`MAX_LISTED_CONFLICTS`].
    pub new_conflicts: Vec<NewConflict>,
    /// New conflicts beyond [`MAX_LISTED_CONFLICTS`], counted, not listed: the report
    /// stays small whatever the input.
    pub new_conflicts_unlisted: usize,
    /// Whether looking for new conflicts stopped at [`MAX_CONFLICT_CHECKS`] pairs of
    /// facts (one statement made thousands of times with different dates): some may be
    /// missing; [`KnowledgeGraph::conflicts`] lists them all.
    pub conflicts_unchecked: bool,
    /// Canonical names the merge changed, each with its reason.
    pub renames: Vec<Rename>,
    /// Existing facts the merge changed (refined, united or split), each with its reason.
    pub facts_changed: Vec<FactChange>,
    /// The candidate facts of candidate files (written by `factgraph code`), left out:
    /// candidates are never facts of a graph until a review applies them.
    pub candidates: CandidateCounts,
}

/// How many machine-coded candidate facts a candidate file holds, by review mark
/// (docs/CODING.md). The loader leaves them all out, accepted ones included, until
/// `coding::review::CandidateFile::into_report` makes the accepted ones facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CandidateCounts {
    /// Not reviewed yet.
    pub pending: usize,
    /// Accepted, not yet applied.
    pub accepted: usize,
    /// Rejected.
    pub rejected: usize,
}

impl CandidateCounts {
    /// Counts of `pending`, `accepted` and `rejected` candidates.
    pub const fn new(pending: usize, accepted: usize, rejected: usize) -> CandidateCounts {
        CandidateCounts {
            pending,
            accepted,
            rejected,
        }
    }

    /// All the candidates.
    pub const fn total(&self) -> usize {
        self.pending + self.accepted + self.rejected
    }

    /// The sums of both counts.
    pub const fn plus(self, other: CandidateCounts) -> CandidateCounts {
        CandidateCounts::new(
            self.pending + other.pending,
            self.accepted + other.accepted,
            self.rejected + other.rejected,
        )
    }
}

impl fmt::Display for CandidateCounts {
    /// `3 pending, 1 accepted, 0 rejected`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} pending, {} accepted, {} rejected",
            self.pending, self.accepted, self.rejected
        )
    }
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
            && self.renames.is_empty()
            && self.facts_changed.is_empty()
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
        self.new_conflicts_unlisted += other.new_conflicts_unlisted;
        self.conflicts_unchecked |= other.conflicts_unchecked;
        self.renames.extend(other.renames);
        self.facts_changed.extend(other.facts_changed);
        self.candidates = self.candidates.plus(other.candidates);
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
            "facts: {} added, {} attributions joined existing facts, {} already present, {} existing facts changed; {} new conflicts; {} renames",
            self.facts_added,
            self.attributions_added,
            self.attributions_unchanged,
            self.facts_changed.len(),
            self.new_conflicts.len() + self.new_conflicts_unlisted,
            self.renames.len()
        )?;
        if self.candidates.total() > 0 {
            writeln!(
                f,
                "candidates left out (not facts until reviewed and applied): {}",
                self.candidates
            )?;
        }
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
        for r in &self.renames {
            let why = match r.reason {
                RenameReason::Policy => "asked for by the merge policy",
                RenameReason::Sic => "the old name is marked sic",
            };
            writeln!(
                f,
                "  renamed `{}` from {:?} to {:?} ({why}); the old name is an alias",
                r.key, r.from, r.to
            )?;
        }
        for d in &self.differences {
            writeln!(
                f,
                "  `{}`.{}: kept {:?}, other source says {:?}",
                d.key, d.attribute, d.kept, d.other
            )?;
        }
        for c in &self.facts_changed {
            let what = match c.kind {
                FactChangeKind::Refined => "refined by a new report",
                FactChangeKind::United => "united",
                FactChangeKind::Split => "split by date",
            };
            writeln!(f, "  existing fact {what}: {}", c.description)?;
        }
        for c in &self.new_conflicts {
            writeln!(f, "  new {}", c.description)?;
        }
        if self.new_conflicts_unlisted > 0 {
            writeln!(
                f,
                "  ... and {} more new conflicts (KnowledgeGraph::conflicts lists them)",
                self.new_conflicts_unlisted
            )?;
        }
        if self.conflicts_unchecked {
            writeln!(
                f,
                "  (the search for new conflicts stopped after {MAX_CONFLICT_CHECKS} pairs of facts; some may be missing)"
            )?;
        }
        Ok(())
    }
}

/// Content keys of a graph's facts, each computed once: the facts of a conflict-heavy
/// statement appear in many pairs.
struct KeyCache<'g> {
    graph: &'g KnowledgeGraph,
    keys: HashMap<FactId, FactKey>,
}

impl<'g> KeyCache<'g> {
    fn new(graph: &'g KnowledgeGraph) -> Self {
        KeyCache {
            graph,
            keys: HashMap::new(),
        }
    }

    fn of(&mut self, id: FactId) -> FactKey {
        let graph = self.graph;
        *self
            .keys
            .entry(id)
            .or_insert_with(|| graph.fact_key_at(id.index()))
    }
}

/// Where each of a merge's resulting facts landed: its id, and the positions (before the
/// merge) of the existing facts whose claims it holds.
type Placed = Vec<(FactId, Vec<usize>)>;

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
    /// How often it recurs, and its edition ordinal (issue 19): kept from the first claim
    /// of a cluster that gives one.
    recurrence: Option<crate::model::recurrence::Recurrence>,
    edition: Option<std::num::NonZeroU32>,
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

/// Decides where one incoming entity goes.
fn resolve_entity(
    graph: &KnowledgeGraph,
    ents: &Entities,
    incoming: &Entity,
    policy: &MergePolicy,
    blocks: &mut Blocks,
) -> Result<(Target, EntityDecision), MergeError> {
    if let Some(target) = policy.same.get(&incoming.key) {
        return match ents.find(graph, target) {
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
    if let Some(i) = ents.find(graph, &incoming.key) {
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
            for (other_form, other_name) in theirs.iter().zip(blocks.names(i)) {
                if person && mine_full && theirs_full && (!full(form) || !full(other_form)) {
                    continue;
                }
                if pairs_left == 0 {
                    break;
                }
                pairs_left -= 1;
                let s = score(form, other_form, incoming.kind);
                // Equal scores: the smaller pair of names, so that the report does not
                // depend on the order names were filed in.
                let (name, other_name) = (*name, &**other_name);
                if best.is_none_or(|b| s > b.0 || (s == b.0 && (name, other_name) < (b.1, b.2))) {
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
    /// Keys this merge united with an entity → its index (the graph's own merged keys are
    /// found through its key index).
    merged: BTreeMap<String, usize>,
    /// Keys of the entities this merge adds → their index.
    added: HashMap<String, usize>,
    touched: Vec<bool>,
    differences: Vec<AttributeDifference>,
    renames: Vec<Rename>,
}

impl Entities {
    /// The entity a key names: an existing one through the graph's key index (keys and
    /// merged keys; a merge never changes an existing key), or one this merge adds or
    /// united the key with. O(1), where a scan of the list made a merge of many entities
    /// into a large graph quadratic.
    fn find(&self, graph: &KnowledgeGraph, key: &str) -> Option<usize> {
        graph
            .key_id(key)
            .map(EntityId::index)
            .filter(|i| *i < self.list.len())
            .or_else(|| self.added.get(key).copied())
            .or_else(|| self.merged.get(key).copied())
    }

    /// Unites `incoming` with entity `i`: keys, names, attributes and notes. What entity
    /// `i` holds is kept: its key and canonical name stay (the incoming ones become a
    /// merged key and an alias), and an attribute the two give different values keeps its
    /// value, the other being reported. The one exception is a canonical name marked `sic`
    /// (a misspelling kept as the source wrote it), which gives way to an incoming name
    /// that is not, and the rename is reported.
    fn unite(&mut self, i: usize, incoming: &Entity) {
        let Some(e) = self.list.get_mut(i) else {
            return;
        };
        if let Some(t) = self.touched.get_mut(i) {
            *t = true;
        }
        if incoming.key != e.key && !self.merged.contains_key(&incoming.key) {
            self.merged.insert(incoming.key.clone(), i);
        }
        let mut names: Vec<String> = e.names().map(str::to_owned).collect();
        names.extend(incoming.names().map(str::to_owned));
        e.aliases = names;
        for (k, v) in &incoming.attributes {
            match e.attributes.get_mut(k) {
                None => {
                    e.attributes.insert(k.clone(), v.clone());
                }
                Some(old) if old != v && k == SIC => {
                    // Both records mark misspellings: all of them stay marked.
                    let joined: BTreeSet<&str> = old
                        .split(" | ")
                        .chain(v.split(" | "))
                        .map(str::trim)
                        .collect();
                    *old = joined.into_iter().collect::<Vec<_>>().join(" | ");
                }
                Some(old) if old != v => {
                    self.differences.push(AttributeDifference {
                        key: e.key.clone(),
                        attribute: k.clone(),
                        kept: old.clone(),
                        other: v.clone(),
                    });
                }
                Some(_) => {}
            }
        }
        if is_sic(e, &e.name) {
            let better = unmarked_name(e).map(str::to_owned);
            if let Some(better) = better {
                let from = std::mem::replace(&mut e.name, better.clone());
                record_rename(
                    &mut self.renames,
                    Rename {
                        key: e.key.clone(),
                        from,
                        to: better,
                        reason: RenameReason::Sic,
                    },
                );
            }
        }
        tidy_aliases(e);
        e.note = join_notes(
            e.note
                .as_deref()
                .into_iter()
                .chain(incoming.note.as_deref()),
        );
    }

    /// Applies the policy's renames; returns each renamed entity's position and a record
    /// of its new name (for the block index).
    fn rename(
        &mut self,
        graph: &KnowledgeGraph,
        policy: &MergePolicy,
    ) -> Result<Vec<(usize, Entity)>, MergeError> {
        let mut renamed = Vec::new();
        for (key, name) in &policy.renames {
            let bad = || MergeError::BadRename {
                key: key.clone(),
                name: name.clone(),
            };
            let e = self
                .find(graph, key)
                .and_then(|i| self.list.get_mut(i))
                .ok_or_else(bad)?;
            if normalize_name(name).is_empty() {
                return Err(bad());
            }
            if e.name != *name {
                let from = std::mem::replace(&mut e.name, name.clone());
                e.aliases.push(from.clone());
                tidy_aliases(e);
                renamed.push(Entity::new(e.key.clone(), e.kind, name.clone()));
                record_rename(
                    &mut self.renames,
                    Rename {
                        key: e.key.clone(),
                        from,
                        to: name.clone(),
                        reason: RenameReason::Policy,
                    },
                );
            }
        }
        Ok(renamed
            .into_iter()
            .filter_map(|e| self.find(graph, &e.key).map(|i| (i, e)))
            .collect())
    }
}

/// The attribute that marks names as misspellings kept as the source wrote them: its value
/// is the name, or several joined by ` | `.
pub const SIC: &str = "sic";

/// Whether `name` is marked as a misspelling of `e` (compared folded).
fn is_sic(e: &Entity, name: &str) -> bool {
    let folded = normalize_name(name);
    e.attributes
        .get(SIC)
        .is_some_and(|v| v.split(" | ").any(|m| normalize_name(m) == folded))
}

/// The name a canonical name marked `sic` gives way to: the first unmarked one, in Latin
/// script if there is one (the language of the crate's data and most analysts' reports).
fn unmarked_name(e: &Entity) -> Option<&str> {
    let latin = |s: &str| !s.chars().any(|c| ('\u{0400}'..='\u{052F}').contains(&c));
    let first = e.names().find(|n| !is_sic(e, n));
    e.names().find(|n| !is_sic(e, n) && latin(n)).or(first)
}

/// Adds a rename to the report; a second rename of the same entity in one merge extends the
/// first (A → B then B → C is reported as A → C, with the later reason), and one that
/// comes back to where it started is no rename.
fn record_rename(renames: &mut Vec<Rename>, r: Rename) {
    match renames.iter().position(|x| x.key == r.key) {
        Some(i) => {
            let back = renames.get(i).is_some_and(|x| x.from == r.to);
            if back {
                renames.remove(i);
            } else if let Some(x) = renames.get_mut(i) {
                x.to = r.to;
                x.reason = r.reason;
            }
        }
        None => renames.push(r),
    }
}

/// A new entity whose canonical name is marked `sic` takes its first unmarked alias as
/// canonical name instead; the rename is returned for the report.
fn settle_sic(e: &mut Entity) -> Option<Rename> {
    if !is_sic(e, &e.name) {
        return None;
    }
    let better = unmarked_name(e)?.to_owned();
    let from = std::mem::replace(&mut e.name, better.clone());
    e.aliases.push(from.clone());
    tidy_aliases(e);
    Some(Rename {
        key: e.key.clone(),
        from,
        to: better,
        reason: RenameReason::Sic,
    })
}

impl KnowledgeGraph {
    /// Merges `other` (a report file, or any graph) into this graph.
    ///
    /// - **Entities** are resolved as [`MergePolicy`] describes. **Nothing the graph holds is
    ///   changed silently:** an existing entity keeps its key, canonical name, attribute
    ///   values and note; an incoming key becomes a merged key that still names it
    ///   ([`get`](Self::get), `merged_ids` in JSON, [`merged_keys_of`](Self::merged_keys_of)),
    ///   an incoming name an alias, an incoming attribute fills a gap or, when it differs,
    ///   is reported in [`MergeReport::differences`]; notes are joined. A canonical name
    ///   changes only when the policy asks ([`MergePolicy::rename`]) or when it is marked
    ///   as a misspelling kept as the source wrote it (the attribute [`SIC`] holds it) and
    ///   another name is known; both are listed in [`MergeReport::renames`].
    /// - **Reports** with the same key or URL are one report; a field the existing record
    ///   lacks is filled in, a field it has is kept and a different incoming value reported.
    /// - **Facts** are regrouped as statements: statements with the same relation, ends
    ///   (either order for symmetric relations), modality, role and recipient, and
    ///   compatible dates and places, are one fact with all their attributions
    ///   (corroboration). Its date is the most precise one; an attribution whose source
    ///   gives a less precise date keeps it as [`claimed_date`](crate::Attribution::claimed_date).
    ///   Statements with incompatible dates or places stay separate facts and, when no
    ///   report supports both, are [conflicts](Self::conflicts). Only the statements the
    ///   incoming facts make are regrouped: every other existing fact stays as it is, and
    ///   an existing fact that a new claim refines, unites with another or splits is listed
    ///   in [`MergeReport::facts_changed`].
    ///
    /// Merging the same data twice changes nothing, and the result depends on what was
    /// merged, not on the order (up to fact and entity numbering), with one exception
    /// that follows from the rule above: which of an entity's keys and names is canonical
    /// is the first one merged. Entities with all their keys and names, attributes and
    /// facts with their attributions are the same. One limit: entity resolution is greedy,
    /// so three spellings where A ~ B and B ~ C but not A ~ C may resolve differently by
    /// order; such cases are reported as near matches.
    ///
    /// Cost: in proportion to what the merge brings, not to the graph, in the common
    /// case: the existing facts of the statements the incoming facts make are found
    /// through the adjacency of their ends, new entities, reports and facts are appended
    /// through one validated batch, and the existing entities, reports and facts the merge
    /// changes are updated in place. What still costs in proportion to the graph: the
    /// first merge into a graph files the names of the entities of the kinds it resolves
    /// (O(entities); the graph keeps them for later merges, a copy of the graph does
    /// not); every merge copies the entity records (a later one-fact merge into 100,000
    /// entities and 1M facts takes about 20 ms in all); and when a merge unites, splits or redates existing facts the graph is
    /// rebuilt (O(facts), as a fresh load). Entity ids survive every merge; fact ids
    /// survive one applied in place, and may change when facts unite, so name facts across
    /// merges by [`fact_key`](Self::fact_key). For figures:
    /// `cargo run --release --example merge_cost -- 10000 100000`.
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

        // 1. Entities, in key order so that the order within the incoming graph does not
        // matter; each is resolved against the entities so far, earlier incoming ones
        // included (a document may name one person twice).
        let mut ents = Entities {
            list: self.entities.clone(),
            merged: BTreeMap::new(),
            added: HashMap::new(),
            touched: vec![false; self.entities.len()],
            differences: Vec::new(),
            renames: Vec::new(),
        };
        // The index the last merge kept (see `Blocks`), back only if this one succeeds.
        let mut blocks: Blocks = self.merge_blocks.take();
        let mut order: Vec<(usize, &Entity)> = other.entities.iter().enumerate().collect();
        order.sort_by(|(_, x), (_, y)| x.key.cmp(&y.key));
        let mut index: Vec<usize> = vec![0; other.entities.len()];
        for (j, incoming) in order {
            let (target, decision) = resolve_entity(self, &ents, incoming, policy, &mut blocks)?;
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
                    ents.renames.extend(settle_sic(&mut e));
                    ents.added.insert(e.key.clone(), ents.list.len());
                    ents.list.push(e);
                    ents.touched.push(true);
                    ents.list.len() - 1
                }
            };
            if let Some(slot) = index.get_mut(j) {
                *slot = i;
            }
        }
        for (i, e) in ents.rename(self, policy)? {
            blocks.united(i, &e);
        }
        let map_entity = |id: EntityId| index.get(id.index()).copied().unwrap_or(0);

        // 2. Reports.
        let mut reports: Vec<Report> = self.reports.clone();
        let mut report_index: Vec<usize> = Vec::with_capacity(other.reports.len());
        // Reports by key and by URL, looked up rather than scanned for every incoming one;
        // the URL map is built only when some incoming report has a URL.
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut by_url: Option<HashMap<String, usize>> = None;
        for r in &other.reports {
            let url_index = |reports: &[Report]| -> HashMap<String, usize> {
                let mut m = HashMap::new();
                for (i, x) in reports.iter().enumerate() {
                    if let Some(u) = &x.url {
                        m.entry(u.clone()).or_insert(i);
                    }
                }
                m
            };
            let found = self
                .report_keys
                .get(&r.key)
                .map(|id| id.index())
                .or_else(|| by_key.get(&r.key).copied())
                .or_else(|| {
                    let u = r.url.as_ref()?;
                    by_url
                        .get_or_insert_with(|| url_index(&reports))
                        .get(u)
                        .copied()
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
                    by_key.insert(r.key.clone(), reports.len());
                    if let (Some(m), Some(u)) = (by_url.as_mut(), &r.url) {
                        m.entry(u.clone()).or_insert(reports.len());
                    }
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

        // 3. Claims, grouped by statement. Only the statements the incoming facts make are
        // regrouped: an existing fact of any other statement is kept exactly as it is. The
        // existing facts of those statements are found through the adjacency of their
        // ends, so this costs what the incoming facts touch, not the graph.
        let keys: Vec<&str> = ents.list.iter().map(|e| e.key.as_str()).collect();
        let swap = |s: usize, o: usize| keys.get(o) < keys.get(s);
        let touched: HashSet<Statement<usize>> = other
            .facts
            .iter()
            .map(|f| Statement::of(f, map_entity, swap))
            .collect();
        let mut existing: BTreeSet<FactId> = BTreeSet::new();
        let mut pairs_done: HashSet<(usize, Relation, usize)> = HashSet::new();
        for f in other.facts.iter() {
            let (s, o) = (map_entity(f.subject()), map_entity(f.object()));
            // Each pair of ends once: one statement made thousands of times is one lookup.
            if s < self.entities.len()
                && o < self.entities.len()
                && pairs_done.insert((s, f.relation(), o))
            {
                existing.extend(self.facts_between(EntityId::at(s as u32), f.relation(), o));
            }
        }
        existing.retain(|id| {
            self.facts
                .get(id.index())
                .is_some_and(|f| touched.contains(&Statement::of(f, |e| e.index(), swap)))
        });
        let mut groups: HashMap<Statement<usize>, Vec<Claim>> = HashMap::new();
        for &id in &existing {
            if let Some(f) = self.facts.get(id.index()) {
                push_claims(
                    &mut groups,
                    f,
                    &|e| e.index(),
                    &|r| r,
                    &keys,
                    id.index(),
                    true,
                );
            }
        }
        for (seq, f) in (self.facts.len()..).zip(other.facts.iter()) {
            push_claims(&mut groups, f, &map_entity, &map_report, &keys, seq, false);
        }

        // 4. Facts from groups: (first position, fact, positions of the existing facts
        // whose claims it holds).
        let mut results: Vec<(usize, Fact, Vec<usize>)> = Vec::new();
        for (_, claims) in groups {
            for cluster in cluster(claims, &keys, &reports) {
                let mut from: Vec<usize> = cluster
                    .iter()
                    .filter(|c| c.from_existing)
                    .map(|c| c.seq)
                    .collect();
                from.sort_unstable();
                from.dedup();
                let first = cluster.iter().map(|c| c.seq).min().unwrap_or(0);
                let Some((fact, existing_attrs, all_attrs, incoming_attrs)) =
                    build_fact(&cluster, &keys, &reports)
                else {
                    continue;
                };
                if from.is_empty() {
                    report.facts_added += 1;
                } else {
                    report.attributions_added += all_attrs - existing_attrs;
                    report.attributions_unchanged +=
                        incoming_attrs.saturating_sub(all_attrs - existing_attrs);
                }
                results.push((first, fact, from));
            }
        }
        results.sort_by_key(|(first, f, _)| (*first, self.key_of_parts(f, &keys)));
        let old_keys: HashMap<usize, FactKey> = existing
            .iter()
            .map(|id| (id.index(), self.fact_key_at(id.index())))
            .collect();
        let before = self.conflicts_touching(
            &existing.iter().copied().collect::<Vec<_>>(),
            MAX_CONFLICT_CHECKS,
        );
        let conflicts_before: HashSet<(FactKey, FactKey, ConflictKind)> = {
            let mut key = KeyCache::new(self);
            before
                .pairs
                .iter()
                .map(|&(a, b, kind)| (key.of(a), key.of(b), kind))
                .collect()
        };
        report.differences = std::mem::take(&mut ents.differences);
        report.renames = std::mem::take(&mut ents.renames);

        // 5. In place when every existing fact keeps its identity and date (claims joined
        // it, or it gained a place or a valid time): new entities, reports and facts are
        // appended through one validated batch, and what changed is updated. Otherwise
        // (existing facts united, split or redated) the graph is rebuilt.
        let in_place = in_place_plan(&mut results, |j| self.facts.get(j));
        // Where each result landed: its fact id in the merged graph.
        let (placed, merged) = match in_place {
            Some(plan) => {
                let placed = self.merge_in_place(ents, reports, results, &plan)?;
                (placed, None)
            }
            None => {
                let (g, placed) = self.merge_rebuilt(other, ents, reports, results)?;
                (placed, Some(g))
            }
        };
        if let Some(g) = merged {
            *self = g;
        }
        self.merge_blocks.put(blocks);
        let changed: Vec<(FactId, &[usize])> = placed
            .iter()
            .map(|(id, from)| (*id, from.as_slice()))
            .collect();
        report.facts_changed = self.changes(&old_keys, &changed);
        let after: Vec<FactId> = placed.iter().map(|(id, _)| *id).collect();
        let found = self.conflicts_touching(&after, MAX_CONFLICT_CHECKS);
        report.conflicts_unchecked = before.exhausted || found.exhausted;
        let mut key = KeyCache::new(self);
        for (x, y, kind) in found.pairs {
            let (a, b) = (key.of(x), key.of(y));
            if conflicts_before.contains(&(a, b, kind)) {
                continue;
            }
            if report.new_conflicts.len() < MAX_LISTED_CONFLICTS {
                report.new_conflicts.push(NewConflict {
                    kind,
                    facts: (a, b),
                    description: self.describe_conflict((x, y, kind)),
                });
            } else {
                report.new_conflicts_unlisted += 1;
            }
        }
        Ok(report)
    }

    /// The facts of `relation` between entities `s` and `o` (either way round), from the
    /// adjacency: O(log degree + answer).
    fn facts_between(
        &self,
        s: EntityId,
        relation: Relation,
        o: usize,
    ) -> impl Iterator<Item = FactId> + '_ {
        use crate::store::adjacency::{AdjEntry, End};
        let (lo, hi) = (
            AdjEntry::key_of(relation, End::Subject),
            AdjEntry::key_of(relation, End::Object) + 1,
        );
        self.adjacency
            .key_range(s, lo, hi)
            .iter()
            .filter(move |e| e.other().index() == o)
            .map(|e| e.fact)
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// Applies a merge to this graph in place (see step 5 of [`merge`](Self::merge)):
    /// returns, per result, its fact id and the existing facts whose claims it holds.
    fn merge_in_place(
        &mut self,
        ents: Entities,
        reports: Vec<Report>,
        results: Vec<(usize, Fact, Vec<usize>)>,
        plan: &[Option<usize>],
    ) -> Result<Placed, MergeError> {
        let old_entities = self.entities.len();
        let old_reports = self.reports.len();
        let Entities {
            list,
            merged,
            touched,
            ..
        } = ents;
        let mut list = list.into_iter();
        let updated: Vec<(usize, Entity)> = list
            .by_ref()
            .take(old_entities)
            .enumerate()
            .filter(|(i, e)| {
                touched.get(*i).copied().unwrap_or(false) && self.entities.get(*i) != Some(e)
            })
            .collect();
        let new_entities: Vec<Entity> = list.collect();
        let new_keys: Vec<(String, usize)> = merged
            .into_iter()
            .filter(|(k, _)| !self.merged_keys.contains_key(k))
            .collect();
        let mut reports = reports.into_iter();
        let updated_reports: Vec<(usize, Report)> = reports
            .by_ref()
            .take(old_reports)
            .enumerate()
            .filter(|(i, r)| self.reports.get(*i) != Some(r))
            .collect();
        let new_reports: Vec<Report> = reports.collect();
        let mut replaced: Vec<(FactId, Fact)> = Vec::new();
        let mut appended: Vec<Fact> = Vec::new();
        let mut placed: Vec<(Option<FactId>, Vec<usize>)> = Vec::new();
        for ((_, fact, from), slot) in results.into_iter().zip(plan) {
            match slot.and_then(|j| u32::try_from(j).ok()) {
                Some(j) => {
                    replaced.push((FactId(j), fact));
                    placed.push((Some(FactId(j)), from));
                }
                None => {
                    appended.push(fact);
                    placed.push((None, from));
                }
            }
        }
        let base = self.facts.len();
        self.apply(|b| {
            for (k, e) in new_entities.into_iter().enumerate() {
                let id = b.add_entity(e)?;
                if id.index() != old_entities + k {
                    // Positions were planned from the graph's length; a batch that numbers
                    // otherwise would misplace every fact that names the entity.
                    return Err(GraphError::UnknownEntity {
                        field: "merged entity",
                        id,
                    });
                }
            }
            for (k, i) in new_keys {
                b.add_merged_key(k, EntityId::at(i as u32))?;
            }
            for r in new_reports {
                b.add_report(r)?;
            }
            for (_, f) in &replaced {
                b.check_fact(f)?;
            }
            for f in appended {
                b.add_fact(f)?;
            }
            Ok::<(), GraphError>(())
        })?;
        // Validated; each update keeps what the indexes read (checked when planned).
        for (i, e) in updated {
            self.update_entity(EntityId::at(i as u32), e);
        }
        for (i, r) in updated_reports {
            if let Some(id) = ReportId::from_index(i) {
                self.update_report(id, r);
            }
        }
        for (id, f) in replaced {
            self.update_fact(id, f);
        }
        let mut next = base as u32;
        Ok(placed
            .into_iter()
            .map(|(id, from)| {
                let id = id.unwrap_or_else(|| {
                    next += 1;
                    FactId(next - 1)
                });
                (id, from)
            })
            .collect())
    }

    /// Rebuilds the graph with a merge's results (see step 5 of [`merge`](Self::merge)):
    /// every existing fact no result holds, then the results, validated as a fresh load.
    fn merge_rebuilt(
        &self,
        other: &KnowledgeGraph,
        mut ents: Entities,
        reports: Vec<Report>,
        results: Vec<(usize, Fact, Vec<usize>)>,
    ) -> Result<(KnowledgeGraph, Placed), MergeError> {
        let held: HashSet<usize> = results
            .iter()
            .flat_map(|(_, _, from)| from)
            .copied()
            .collect();
        // (first position, fact, existing facts it holds, whether it is a result)
        let mut built: Vec<(usize, Fact, Vec<usize>, bool)> = self
            .facts
            .iter()
            .enumerate()
            .filter(|(i, _)| !held.contains(i))
            .map(|(i, f)| (i, f.to_fact(), Vec::new(), false))
            .collect();
        built.extend(
            results
                .into_iter()
                .map(|(first, f, from)| (first, f, from, true)),
        );
        let keys: Vec<&str> = ents.list.iter().map(|e| e.key.as_str()).collect();
        built.sort_by_cached_key(|(first, f, _, _)| (*first, self.key_of_parts(f, &keys)));
        let mut g = KnowledgeGraph::new();
        g.limits = self.limits;
        g.title = self.title.clone().or_else(|| other.title.clone());
        // The graph's merged keys and this merge's: the new graph starts with none.
        let mut merged_keys: BTreeMap<String, usize> = self
            .merged_keys
            .iter()
            .map(|(k, id)| (k.clone(), id.index()))
            .collect();
        merged_keys.extend(std::mem::take(&mut ents.merged));
        let mut placed = Vec::new();
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
            for (_, f, from, result) in built {
                let id = b.add_fact(f)?;
                if result {
                    placed.push((id, from));
                }
            }
            Ok::<(), GraphError>(())
        })?;
        Ok((g, placed))
    }

    /// How existing facts fared in a merge, this graph being the merged one: `placed`
    /// gives each result's fact id and the existing facts (by position before the merge,
    /// whose keys `old_keys` holds) whose claims it holds. Refined: one existing fact, one
    /// result, another content key; united: several existing facts in one; split: one in
    /// several.
    fn changes(
        &self,
        old_keys: &HashMap<usize, FactKey>,
        placed: &[(FactId, &[usize])],
    ) -> Vec<FactChange> {
        let mut out = Vec::new();
        let mut after_of: BTreeMap<usize, Vec<FactId>> = BTreeMap::new();
        for (id, from) in placed {
            for &j in *from {
                after_of.entry(j).or_default().push(*id);
            }
        }
        let old_key = |j: usize| old_keys.get(&j).copied().unwrap_or(FactKey(0));
        let new_key = |id: FactId| self.fact_key(id).unwrap_or(FactKey(0));
        let describe = |ids: &[FactId]| {
            ids.iter()
                .filter_map(|id| self.fact(*id))
                .map(|f| format!("{f} [{}]", f.sources_line()))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        for (id, from) in placed {
            if from.len() > 1 {
                out.push(FactChange {
                    kind: FactChangeKind::United,
                    before: from.iter().map(|j| old_key(*j)).collect(),
                    after: vec![new_key(*id)],
                    description: describe(&[*id]),
                });
            }
        }
        let alone = |id: FactId| placed.iter().any(|(x, from)| *x == id && from.len() == 1);
        for (j, after) in after_of {
            let kind = match after.as_slice() {
                [id] if alone(*id) && old_key(j) != new_key(*id) => FactChangeKind::Refined,
                [_, _, ..] => FactChangeKind::Split,
                _ => continue,
            };
            out.push(FactChange {
                kind,
                before: vec![old_key(j)],
                after: after.iter().map(|id| new_key(*id)).collect(),
                description: describe(&after),
            });
        }
        out
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

/// Whether a merge's results can be applied in place, and where: per result, the
/// existing fact it replaces, or `None` for a new fact. In place needs every result to hold
/// the claims of at most one existing fact, every touched existing fact to go to one result
/// only, and that result to keep what the indexes read of it (relation, ends, modality,
/// date; `old` gives an existing fact's): the date index is not updated in place. A
/// symmetric fact whose ends a merge put the other way round is turned back. `None` when
/// the graph must be rebuilt.
fn in_place_plan<'g>(
    results: &mut [(usize, Fact, Vec<usize>)],
    old: impl Fn(usize) -> Option<FactView<'g>>,
) -> Option<Vec<Option<usize>>> {
    let mut seen: HashSet<usize> = HashSet::new();
    results
        .iter_mut()
        .map(|(_, fact, from)| match from.as_slice() {
            [] => Some(None),
            [j] if seen.insert(*j) => {
                let o = old(*j)?;
                if fact.relation.is_symmetric()
                    && (fact.subject, fact.object) == (o.object(), o.subject())
                {
                    std::mem::swap(&mut fact.subject, &mut fact.object);
                }
                let same = (
                    o.relation(),
                    o.subject(),
                    o.object(),
                    o.modality(),
                    o.date(),
                ) == (
                    fact.relation,
                    fact.subject,
                    fact.object,
                    fact.modality,
                    fact.date,
                );
                same.then_some(Some(*j))
            }
            _ => None,
        })
        .collect()
}

/// Unites an incoming report record with an existing one: a field only the incoming
/// record gives is filled in; a field both give differently keeps the existing value, and
/// the other is reported.
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
                diffs.push(AttributeDifference {
                    key: existing.key.clone(),
                    attribute: format!("report.{name}"),
                    kept: m.clone(),
                    other: t.clone(),
                });
            }
            _ => {}
        }
    }
    if existing.published.is_unknown() {
        existing.published = incoming.published;
    } else if !incoming.published.is_unknown() && incoming.published != existing.published {
        diffs.push(AttributeDifference {
            key: existing.key.clone(),
            attribute: "report.published".into(),
            kept: existing.published.to_string(),
            other: incoming.published.to_string(),
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
        // The source's own place, likewise (`Some(None)`: it gives none).
        let place = match attribution.as_ref().and_then(|a| a.claimed_place()) {
            Some(p) => p.map(map_entity),
            None => f.place().map(map_entity),
        };
        let attribution = attribution.map(|mut a| {
            a.source = EntityId::at(map_entity(a.source) as u32);
            a.speaker = a.speaker.map(|sp| EntityId::at(map_entity(sp) as u32));
            if let Some(e) = a.extra.as_deref_mut() {
                e.report = e.report.map(map_report);
                e.claimed = None;
                e.claimed_valid = None;
                e.claimed_place = None;
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
            place,
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
            recurrence: f.recurrence(),
            edition: f.edition_number(),
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
    // (date, its day bounds, place, members): the bounds are computed once per cluster,
    // as a statement made with thousands of dates compares each claim with every cluster.
    type Slot = (FactDate, Option<(i32, i32)>, Option<usize>, Vec<Claim>);
    let mut clusters: Vec<Slot> = Vec::new();
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
        let bounds = c.date.day_bounds();
        let slot = if c.date.is_unknown() {
            let mut dated = clusters
                .iter()
                .enumerate()
                .filter(|(_, (d, ..))| !d.is_unknown());
            match (dated.next(), dated.next()) {
                (Some((only, (_, _, p, m))), None) if place_ok(*p, m) => Some(only),
                _ => clusters
                    .iter()
                    .position(|(d, _, p, m)| d.is_unknown() && place_ok(*p, m)),
            }
        } else {
            clusters.iter().position(|(d, b, p, m)| {
                let nested = match (b, bounds) {
                    (Some((a0, a1)), Some((b0, b1))) => {
                        (*a0 <= b0 && b1 <= *a1) || (b0 <= *a0 && *a1 <= b1)
                    }
                    _ => true,
                };
                !d.is_unknown() && nested && dates_fit(c.relation, d, &c.date) && place_ok(*p, m)
            })
        };
        match slot {
            Some(i) => {
                if let Some(entry) = clusters.get_mut(i) {
                    if entry.2.is_none() {
                        entry.2 = c.place;
                    }
                    entry.3.push(c);
                }
            }
            None => clusters.push((c.date, bounds, c.place, vec![c])),
        }
    }
    clusters.into_iter().map(|(.., c)| c).collect()
}

/// Whether two claims' dates may be one fact's: compatible (one contains the other) and,
/// for a state whose claims both give a period as date (`2003/..`, `2006/..`), periods
/// that may be one: "since 2003" does not absorb "since 2006".
fn dates_fit(relation: Relation, a: &FactDate, b: &FactDate) -> bool {
    if relation.holds_over_time() && a.is_open_ended() && b.is_open_ended() {
        return periods_compatible(a, b);
    }
    a.compatible(b)
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
    if let Some(r) = cluster.iter().find_map(|c| c.recurrence) {
        fact = fact.recurring(r);
    }
    if let Some(e) = cluster.iter().find_map(|c| c.edition) {
        fact = fact.edition(e);
    }
    let with_date = |c: &Claim| {
        c.attribution.clone().map(|mut a| {
            if c.date != date {
                a = a.claiming_date(c.date);
            }
            if valid.is_some() && c.valid != valid {
                a = a.claiming_valid(c.valid.unwrap_or(FactDate::UNKNOWN));
            }
            // The place this claim gives, kept where it is not the fact's (a claim
            // without one joined a placed fact), for the known-by views.
            let place = c.place.map(|p| EntityId::at(p as u32));
            if place != fact.place() {
                a = a.claiming_place(place);
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
    fact.sources = all.into();
    Some((fact, counts.0, counts.1, counts.2))
}
