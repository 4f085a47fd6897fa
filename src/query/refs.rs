//! Borrowed views of entities, facts and attributions that can follow their references.

use std::fmt;

use crate::model::date::FactDate;
use crate::model::entity::Entity;
use crate::model::fact::{Fact, Role};
use crate::model::ids::{EntityId, FactId};
use crate::model::kind::EntityKind;
use crate::model::modality::Modality;
use crate::model::relation::Relation;
use crate::model::report::Report;
use crate::query::neighbours::Hop;
use crate::query::time::{
    ALL_KNOWN, Coverage, coverage, kept, version_date, version_place, version_stated, version_valid,
};
use crate::store::attributions::{AttributionIter, AttributionView};
use crate::store::facts::FactView;
use crate::store::graph::KnowledgeGraph;

/// An entity of a graph, with its id. Dereferences to [`Entity`].
#[derive(Debug, Clone, Copy)]
pub struct EntityRef<'g> {
    pub(crate) graph: &'g KnowledgeGraph,
    pub(crate) id: EntityId,
    pub(crate) entity: &'g Entity,
}

impl<'g> EntityRef<'g> {
    /// The id.
    #[inline]
    pub fn id(&self) -> EntityId {
        self.id
    }

    /// The entity data.
    pub fn entity(&self) -> &'g Entity {
        self.entity
    }

    /// The graph this entity belongs to.
    pub fn graph(&self) -> &'g KnowledgeGraph {
        self.graph
    }

    /// The canonical name, with the graph's lifetime.
    pub fn name(&self) -> &'g str {
        &self.entity.name
    }

    /// The stable key, with the graph's lifetime.
    pub fn key(&self) -> &'g str {
        &self.entity.key
    }

    /// The kind.
    pub fn kind(&self) -> EntityKind {
        self.entity.kind
    }
}

impl std::ops::Deref for EntityRef<'_> {
    type Target = Entity;
    fn deref(&self) -> &Entity {
        self.entity
    }
}

impl PartialEq for EntityRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.graph, other.graph) && self.id == other.id
    }
}

impl Eq for EntityRef<'_> {}

/// Consistent with `PartialEq`: the graph (by address) and the id.
///
/// clippy's `mutable_key_type` lint fires on a set of these, because the graph caches its
/// search index in a cell; the hash reads only the address and the id, which never change,
/// so the lint may be allowed there.
impl std::hash::Hash for EntityRef<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.graph, state);
        self.id.hash(state);
    }
}

impl fmt::Display for EntityRef<'_> {
    /// The canonical name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.entity.name)
    }
}

/// A fact of a graph, with its id, able to resolve its entities. [`fact`](Self::fact)
/// gives its data as stored, with ids; [`to_fact`](Self::to_fact) an owned copy.
///
/// A reference that came through a known-by view (a [`View`](crate::View) or a
/// [`Filter`](crate::Filter) with `known_by`) shows the fact as the reports out by then
/// gave it: [`date`](Self::date), [`valid`](Self::valid), [`place`](Self::place),
/// [`sources`](Self::sources), [`attributions`](Self::attributions),
/// [`support`](Self::support), [`is_stated`](Self::is_stated), its text and
/// [`to_fact`](Self::to_fact) answer for that version (see the [time
/// views](crate::query::time)); [`whole`](Self::whole) gives the fact as merged from every
/// report. Two references to one fact are equal whatever version they show.
#[derive(Debug, Clone, Copy)]
pub struct FactRef<'g> {
    pub(crate) graph: &'g KnowledgeGraph,
    pub(crate) fact: FactView<'g>,
    /// The last day of the reports this reference shows ([`ALL_KNOWN`]: all of them).
    pub(crate) known_by: i32,
}

impl<'g> FactRef<'g> {
    /// The id (the fact number).
    #[inline]
    pub fn id(&self) -> FactId {
        self.fact.id()
    }

    /// The fact data as stored (merged from every report, whatever view this reference
    /// came through), borrowed from the graph's columns, with ends as ids.
    pub fn fact(&self) -> FactView<'g> {
        self.fact
    }

    /// The graph the fact is in.
    pub fn graph(&self) -> &'g KnowledgeGraph {
        self.graph
    }

    /// The fact's content key: a digest of what it says (relation, ends' keys, modality,
    /// role, recipient), the same in every graph that holds the fact, whatever its load
    /// order; what citations and exports name a fact by (see
    /// [`KnowledgeGraph::fact_by_key`]).
    ///
    /// ```
    /// let g = factgraph::datasets::edm_2004_v1_i133();
    /// let f = g.facts().next().unwrap();
    /// assert_eq!(g.fact_by_key(f.key()).map(|x| x.id()), Some(f.id()));
    /// ```
    pub fn key(&self) -> crate::FactKey {
        self.graph.key_of(self.fact)
    }

    /// The same fact, shown as known by day `by` ([`ALL_KNOWN`]: as stored).
    pub(crate) fn at_day(&self, by: i32) -> FactRef<'g> {
        FactRef {
            known_by: by,
            ..*self
        }
    }

    /// An owned copy of the fact, as this reference shows it: for a version, its date,
    /// valid time and place, and only its attributions, each keeping its own date, valid
    /// time and place where they differ from the version's (as a merge of those reports
    /// alone would).
    pub fn to_fact(&self) -> Fact {
        let mut fact = self.fact.to_fact();
        if coverage(self.graph, self.fact, self.known_by) != Coverage::Part {
            return fact;
        }
        let (date, valid, place) = (self.date(), self.valid(), self.place().map(|p| p.id()));
        fact.date = date;
        // A version has a valid time or place only where the stored fact has one.
        if let Some(e) = fact.extra.as_deref_mut() {
            e.valid = valid.unwrap_or(FactDate::UNKNOWN);
            e.place = place;
        }
        let stored = self.fact;
        fact.sources = self
            .attributions()
            .map(|a| {
                let own_date = a.claimed_date().unwrap_or(stored.date());
                let own_valid = match a.claimed_valid() {
                    Some(v) if v.is_unknown() => None,
                    Some(v) => Some(v),
                    None => stored.valid(),
                };
                let own_place = a.claimed_place().unwrap_or(stored.place());
                let mut b = a.to_attribution();
                if let Some(e) = b.extra.as_deref_mut() {
                    e.claimed = (own_date != date).then_some(own_date);
                    e.claimed_valid = (valid.is_some() && own_valid != valid)
                        .then(|| own_valid.unwrap_or(FactDate::UNKNOWN));
                    e.claimed_place = (own_place != place).then_some(own_place);
                }
                b.settle();
                b
            })
            .collect();
        fact
    }

    /// The relation.
    pub fn relation(&self) -> Relation {
        self.fact.relation()
    }

    /// The date of the fact (of its version, through a known-by view).
    pub fn date(&self) -> FactDate {
        if self.known_by == ALL_KNOWN {
            return self.fact.date();
        }
        version_date(self.graph, self.fact, self.known_by)
    }

    /// The modality.
    pub fn modality(&self) -> Modality {
        self.fact.modality()
    }

    /// The subject.
    pub fn subject(&self) -> EntityRef<'g> {
        self.graph.entity_ref(self.fact.subject())
    }

    /// The object.
    pub fn object(&self) -> EntityRef<'g> {
        self.graph.entity_ref(self.fact.object())
    }

    /// Whether the coder inferred the fact from every report it has (every report of
    /// its version).
    pub fn is_inferred(&self) -> bool {
        !self.is_stated()
    }

    /// Whether at least one report states the fact outright (one of its version's), or
    /// it has no attributions.
    pub fn is_stated(&self) -> bool {
        version_stated(self.graph, self.fact, self.known_by)
    }

    /// The attributions, as data (its version's, through a known-by view).
    pub fn attributions(&self) -> impl ExactSizeIterator<Item = AttributionView<'g>> + use<'g> {
        self.sources().map(|s| s.attribution)
    }

    /// Where it happened (its version's place, through a known-by view).
    pub fn place(&self) -> Option<EntityRef<'g>> {
        let place = if self.known_by == ALL_KNOWN {
            self.fact.place()
        } else {
            version_place(self.graph, self.fact, self.known_by)
        };
        place.map(|p| self.graph.entity_ref(p))
    }

    /// Who receives (for `supplies`).
    pub fn recipient(&self) -> Option<EntityRef<'g>> {
        self.fact.recipient().map(|p| self.graph.entity_ref(p))
    }

    /// Title and rank (for `holds_position`).
    pub fn role(&self) -> Option<&'g Role> {
        self.fact.role()
    }

    /// The free-text note.
    pub fn note(&self) -> Option<&'g str> {
        self.fact.note()
    }

    /// The valid time: the period the fact holds over, if given (its version's, through
    /// a known-by view).
    pub fn valid(&self) -> Option<FactDate> {
        if self.known_by == ALL_KNOWN {
            return self.fact.valid();
        }
        version_valid(self.graph, self.fact, self.known_by)
    }

    /// The attributions, with their entities resolved (through a known-by view, only
    /// those of the reports out by then).
    pub fn sources(&self) -> Sources<'g> {
        let by = self.known_by;
        let (graph, fact) = (self.graph, self.fact);
        let left = if by == ALL_KNOWN {
            fact.sources().len()
        } else {
            fact.sources()
                .iter()
                .filter(|a| kept(graph, *a, by))
                .count()
        };
        Sources {
            graph,
            fact: fact.id(),
            by,
            iter: fact.sources().iter(),
            left,
        }
    }

    /// The sources as one line: `Interfax-Kazakhstan, 2004-11-19 (year inferred); Kazinform, …`.
    pub fn sources_line(&self) -> String {
        let v: Vec<String> = self.sources().map(|s| s.to_string()).collect();
        if v.is_empty() {
            "no source".to_owned()
        } else {
            v.join("; ")
        }
    }
}

/// The iterator of [`FactRef::sources`]: the attributions of the fact, or of its version
/// through a known-by view, in their stored order.
#[derive(Debug, Clone)]
pub struct Sources<'g> {
    graph: &'g KnowledgeGraph,
    fact: FactId,
    by: i32,
    iter: AttributionIter<'g>,
    left: usize,
}

impl<'g> Iterator for Sources<'g> {
    type Item = SourceRef<'g>;

    fn next(&mut self) -> Option<SourceRef<'g>> {
        let (graph, by) = (self.graph, self.by);
        let a = self.iter.by_ref().find(|a| kept(graph, *a, by))?;
        self.left = self.left.saturating_sub(1);
        Some(SourceRef {
            graph,
            fact: self.fact,
            attribution: a,
            known_by: by,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Sources<'_> {}

impl PartialEq for FactRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.graph, other.graph) && self.id() == other.id()
    }
}

impl Eq for FactRef<'_> {}

/// Consistent with `PartialEq`: the graph (by address) and the id.
impl std::hash::Hash for FactRef<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.graph, state);
        self.id().hash(state);
    }
}

impl fmt::Display for FactRef<'_> {
    /// One line of prose: `Bolat Sembinov met Richard Armitage, in Washington, on 2004-11-19
    /// (year inferred)`, with the modality when it is not `reported` and the role for
    /// `holds_position`; a version's date, valid time and place through a known-by view.
    /// Sources are not included; see [`FactRef::sources_line`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fact = self.fact;
        if !fact.modality().is_reported() {
            write!(f, "[{}] ", fact.modality())?;
        }
        write!(
            f,
            "{} {} {}",
            self.subject(),
            fact.relation().phrase(),
            self.object()
        )?;
        if let Some(role) = fact.role() {
            write!(f, " as {}", role.title)?;
            if let Some(rank) = &role.rank {
                write!(f, " ({rank})")?;
            }
        }
        if let Some(r) = self.recipient() {
            write!(f, " to {r}")?;
        }
        if let Some(p) = self.place() {
            write!(f, ", in {p}")?;
        }
        let date = self.date();
        if !date.is_unknown() {
            write!(f, ", {}", date.describe())?;
        }
        if let Some(v) = self.valid() {
            write!(f, " (valid {v})")?;
        }
        Ok(())
    }
}

/// One attribution of a fact, able to resolve its source and speaker.
#[derive(Debug, Clone, Copy)]
pub struct SourceRef<'g> {
    graph: &'g KnowledgeGraph,
    fact: FactId,
    attribution: AttributionView<'g>,
    /// The known-by day of the fact it cites ([`ALL_KNOWN`]: the fact as stored): what
    /// its own date and place are compared with.
    known_by: i32,
}

impl<'g> SourceRef<'g> {
    /// The attribution data.
    pub fn attribution(&self) -> AttributionView<'g> {
        self.attribution
    }

    /// The outlet the statement came through: the outlet the report cites, or the
    /// report's own outlet for what it says on its own authority.
    pub fn source(&self) -> EntityRef<'g> {
        self.graph.entity_ref(self.attribution.source())
    }

    /// The report it was read in.
    pub fn report(&self) -> Option<&'g Report> {
        self.attribution.report().and_then(|r| self.graph.report(r))
    }

    /// The publication that carried it: the report's outlet, or without a report the
    /// source itself.
    pub fn publication(&self) -> EntityRef<'g> {
        match self.report() {
            Some(r) => self.graph.entity_ref(r.outlet),
            None => self.source(),
        }
    }

    /// The outlet the report cites for the statement, when it is not the report's own
    /// (Eurasia Daily Monitor citing Kazinform gives Kazinform).
    pub fn cited(&self) -> Option<EntityRef<'g>> {
        match self.report() {
            Some(r) if r.outlet != self.attribution.source() => Some(self.source()),
            _ => None,
        }
    }

    /// Why the coder inferred the fact from this report; `None` when it is stated.
    pub fn inferred(&self) -> Option<&'g str> {
        self.attribution.inferred()
    }

    /// The date of the report.
    pub fn reported(&self) -> FactDate {
        self.attribution.reported()
    }

    /// Whose statement it is.
    pub fn speaker(&self) -> Option<EntityRef<'g>> {
        self.attribution.speaker().map(|s| self.graph.entity_ref(s))
    }

    /// The quoted words.
    pub fn quote(&self) -> Option<&'g str> {
        self.attribution.quote()
    }
}

/// Two source refs are equal when they view the same attribution of the same graph.
impl PartialEq for SourceRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.graph, other.graph)
            && self.fact == other.fact
            && self.attribution.position() == other.attribution.position()
    }
}

impl Eq for SourceRef<'_> {}

/// Consistent with `PartialEq`: the graph, the fact and the attribution, by address
/// (facts with equal attribution lists share one copy, so the address alone does not
/// tell two facts' attributions apart).
impl std::hash::Hash for SourceRef<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.graph, state);
        self.fact.hash(state);
        self.attribution.position().hash(state);
    }
}

/// Consistent with the derived `PartialEq`: the ends, the fact and the direction.
impl std::hash::Hash for Hop<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.from.hash(state);
        self.other.hash(state);
        self.fact.hash(state);
        self.forward.hash(state);
    }
}

impl fmt::Display for Hop<'_> {
    /// The step as an arrow along the relation, from the entity it starts at:
    /// `Mira Ricardel —met→ Bolat Sembinov`, or `Kazakhstan ←hosted— Steppe Eagle` when
    /// the step runs from the fact's object to its subject. With `{:#}` the fact and its
    /// sources follow in parentheses.
    ///
    /// ```
    /// use factgraph::{datasets, Filter};
    /// let g = datasets::edm_2004_v1_i133();
    /// let s = g.find("Bolat Sembinov")?;
    /// let hop = g.neighbours(s.id(), Filter::any()).next().ok_or("no hop")?;
    /// assert!(hop.to_string().starts_with("Bolat Sembinov "));
    /// assert!(format!("{hop:#}").ends_with(")"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let relation = self.fact.relation();
        if self.forward {
            write!(f, "{} —{relation}→ {}", self.from(), self.other())?;
        } else {
            write!(f, "{} ←{relation}— {}", self.from(), self.other())?;
        }
        if f.alternate() {
            write!(f, "  ({}; {})", self.fact, self.fact.sources_line())?;
        }
        Ok(())
    }
}

impl fmt::Display for SourceRef<'_> {
    /// `Eurasia Daily Monitor 2004-11 citing Kazinform, 2004-11-17 (year inferred),
    /// statement by Mukhtar Altynbayev`; `(inferred: reason)` at the end when the report
    /// does not state the fact.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.report() {
            Some(r) => {
                write!(f, "{}", self.graph.entity_ref(r.outlet))?;
                if !r.published.is_unknown() {
                    write!(f, " {}", r.published)?;
                }
                if let Some(c) = self.cited() {
                    write!(f, " citing {c}")?;
                }
            }
            None => write!(f, "{}", self.source())?,
        }
        if !self.attribution.reported().is_unknown() {
            write!(f, ", {}", self.attribution.reported().describe())?;
        }
        if let Some(s) = self.speaker() {
            write!(f, ", statement by {s}")?;
        }
        // What this report gives where it differs from the fact shown (the merged fact,
        // or the version of a known-by view).
        let (claimed_date, claimed_place) = match self.graph.fact_data(self.fact) {
            Some(fact) if self.known_by != ALL_KNOWN => {
                let date = self.attribution.claimed_date().unwrap_or(fact.date());
                let place = self.attribution.claimed_place().unwrap_or(fact.place());
                (
                    (date != version_date(self.graph, fact, self.known_by)).then_some(date),
                    (place != version_place(self.graph, fact, self.known_by)).then_some(place),
                )
            }
            _ => (
                self.attribution.claimed_date(),
                self.attribution.claimed_place(),
            ),
        };
        match claimed_date {
            Some(d) if d.is_unknown() => write!(f, ", gives no date")?,
            Some(d) => write!(f, ", dated {}", d.describe())?,
            None => {}
        }
        match claimed_place {
            Some(None) => write!(f, ", gives no place")?,
            Some(Some(p)) => write!(f, ", places it in {}", self.graph.entity_ref(p))?,
            None => {}
        }
        if let Some(why) = self.attribution.inferred() {
            write!(f, " (inferred: {why})")?;
        }
        Ok(())
    }
}

impl KnowledgeGraph {
    /// Internal: a ref for an id known to be valid (issued by this graph and stored in its
    /// facts). Ids inside stored facts were validated on insertion, so this cannot fail for
    /// them; an out-of-range id is a bug in this crate, never a consequence of input.
    #[inline]
    pub(crate) fn entity_ref(&self, id: EntityId) -> EntityRef<'_> {
        // Valid by construction (see above), and on every traversal's path: no fallback.
        #[allow(clippy::indexing_slicing)]
        let entity = &self.entities[id.index()];
        EntityRef {
            graph: self,
            id,
            entity,
        }
    }

    #[inline]
    pub(crate) fn fact_ref(&self, id: FactId) -> FactRef<'_> {
        // Valid by construction (see above), and on every traversal's path: no check here
        // (a view of a row past the end would read fallbacks, not panic).
        FactRef {
            graph: self,
            fact: self.facts.view(id),
            known_by: ALL_KNOWN,
        }
    }
}
