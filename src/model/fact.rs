//! Facts: the edges of the graph, each with its evidence.

use super::attribution::Attribution;
use super::date::FactDate;
use super::ids::{EntityId, ReportId};
use super::modality::Modality;
use super::recurrence::Recurrence;
use super::relation::Relation;
use super::source_list::SourceList;
use std::num::NonZeroU32;

/// The post a person holds, for [`Relation::HoldsPosition`]: title and rank as data.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Role {
    /// The title: "Deputy Defense Minister".
    pub title: String,
    /// The military or diplomatic rank, if given: "Major-General".
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub rank: Option<String>,
}

impl Role {
    /// A role with a title and no rank.
    pub fn new(title: impl Into<String>) -> Self {
        Role {
            title: title.into(),
            rank: None,
        }
    }

    /// Sets the rank.
    pub fn with_rank(mut self, rank: impl Into<String>) -> Self {
        self.rank = Some(rank.into());
        self
    }
}

/// A statement `subject relation object` with its date, modality, qualifiers and sources.
///
/// Built with chained setters and checked when added to a graph
/// ([`KnowledgeGraph::add_fact`](crate::KnowledgeGraph::add_fact)).
///
/// ```
/// use factgraph::{Attribution, Entity, EntityKind, Fact, FactDate, KnowledgeGraph, Modality, Relation};
/// // Made-up data.
/// let mut g = KnowledgeGraph::new();
/// let a = g.add_entity(Entity::new("a", EntityKind::Person, "Ann Example"))?;
/// let b = g.add_entity(Entity::new("b", EntityKind::Person, "Bob Example"))?;
/// let src = g.add_entity(Entity::new("wire", EntityKind::Source, "Example Wire"))?;
/// let f = g.add_fact(
///     Fact::new(Relation::Met, a, b)
///         .on(FactDate::month(2021, 3)?)
///         .with_modality(Modality::Planned)
///         .with_source(Attribution::new(src)),
/// )?;
/// assert_eq!(g.fact(f).map(|f| f.fact().modality()), Some(Modality::Planned));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub(crate) relation: Relation,
    pub(crate) modality: Modality,
    pub(crate) date: FactDate,
    pub(crate) subject: EntityId,
    pub(crate) object: EntityId,
    /// Inline when there is one attribution, as for most facts (see [`SourceList`]).
    pub(crate) sources: SourceList,
    /// Place, recipient, role, note, valid time, recurrence and edition: most facts have
    /// none, so they live behind one pointer (a fact is 56 bytes, not 144).
    pub(crate) extra: Option<Box<Extra>>,
}

/// The qualifiers few facts carry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Extra {
    pub(crate) place: Option<EntityId>,
    pub(crate) recipient: Option<EntityId>,
    pub(crate) role: Option<Role>,
    /// A boxed `str`, not a `String`: with the valid time, `Extra` stays 80 bytes.
    pub(crate) note: Option<Box<str>>,
    /// `UNKNOWN` when not given: an `Option` would add a padded word.
    pub(crate) valid: FactDate,
    /// How often the fact comes back (its date is then the series' span).
    pub(crate) recurrence: Option<Recurrence>,
    /// For `part_of` from an edition to its series: the edition's ordinal, as stated.
    pub(crate) edition: Option<NonZeroU32>,
}

impl Fact {
    /// `subject relation object`, date unknown, modality reported, no sources.
    pub fn new(relation: Relation, subject: EntityId, object: EntityId) -> Self {
        Fact {
            relation,
            modality: Modality::Reported,
            date: FactDate::UNKNOWN,
            subject,
            object,
            sources: SourceList::default(),
            extra: None,
        }
    }

    fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    fn extra(&self) -> Option<&Extra> {
        self.extra.as_deref()
    }

    /// Sets the date.
    pub fn on(mut self, date: FactDate) -> Self {
        self.date = date;
        self
    }

    /// Sets the modality.
    pub fn with_modality(mut self, modality: Modality) -> Self {
        self.modality = modality;
        self
    }

    /// Sets where it happened (a place or country).
    pub fn at(mut self, place: EntityId) -> Self {
        self.extra_mut().place = Some(place);
        self
    }

    /// Sets the receiver (for [`Relation::Supplies`]).
    pub fn to(mut self, recipient: EntityId) -> Self {
        self.extra_mut().recipient = Some(recipient);
        self
    }

    /// Sets the role (for [`Relation::HoldsPosition`]).
    pub fn with_role(mut self, role: Role) -> Self {
        self.extra_mut().role = Some(role);
        self
    }

    /// Adds a source attribution.
    pub fn with_source(mut self, attribution: Attribution) -> Self {
        self.sources.push(attribution);
        self
    }

    /// Replaces all source attributions.
    pub fn with_sources(mut self, attributions: impl IntoIterator<Item = Attribution>) -> Self {
        self.sources = attributions.into_iter().collect();
        self
    }

    /// Sets the valid time: the period over which the fact holds ("in force 2003–2008",
    /// "minister since 2001": `2001/..`), kept apart from [`date`](Self::date), which is
    /// when it happened or was observed. Only for relations that
    /// [hold over time](Relation::holds_over_time).
    ///
    /// ```
    /// use factgraph::{Entity, EntityKind, Fact, FactDate, KnowledgeGraph, Relation, Role};
    /// // Made-up data.
    /// let mut g = KnowledgeGraph::new();
    /// let p = g.add_entity(Entity::new("p", EntityKind::Person, "Ann Example"))?;
    /// let b = g.add_entity(Entity::new("b", EntityKind::StateBody, "Example Ministry"))?;
    /// let f = g.add_fact(
    ///     Fact::new(Relation::HoldsPosition, p, b)
    ///         .with_role(Role::new("Minister"))
    ///         .valid_during("2001/..".parse()?),
    /// )?;
    /// assert_eq!(g.fact(f).and_then(|f| f.valid()).map(|v| v.to_string()), Some("2001/..".into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn valid_during(mut self, period: FactDate) -> Self {
        self.extra_mut().valid = period;
        self
    }

    /// The valid time, if given.
    pub fn valid(&self) -> Option<FactDate> {
        self.extra().map(|e| e.valid).filter(|v| !v.is_unknown())
    }

    /// Says that the fact comes back every year (or N years, or months): its
    /// [`date`](Self::date) is then the span over which the series runs (`2003/..`: since
    /// 2003, still running), which must have a start. See [`Recurrence`].
    ///
    /// ```
    /// use factgraph::{Entity, EntityKind, Fact, KnowledgeGraph, PartialDate, Recurrence, Relation};
    /// // Made-up data: a yearly exercise hosted since 2003.
    /// let mut g = KnowledgeGraph::new();
    /// let c = g.add_entity(Entity::new("c", EntityKind::Country, "Exampleland"))?;
    /// let x = g.add_entity(Entity::new("x", EntityKind::Exercise, "Example Eagle"))?;
    /// let f = g.add_fact(Fact::new(Relation::Hosted, c, x).on("2003/..".parse()?)
    ///     .recurring(Recurrence::YEARLY))?;
    /// let holds = |y| -> Result<bool, factgraph::DateError> {
    ///     Ok(g.as_of(PartialDate::year(y)?).facts().any(|r| r.id() == f))
    /// };
    /// assert!(holds(2010)?, "as of 2010 the series was running");
    /// assert!(!holds(2002)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recurring(mut self, recurrence: Recurrence) -> Self {
        self.extra_mut().recurrence = Some(recurrence);
        self
    }

    /// How often the fact comes back, if it recurs.
    pub fn recurrence(&self) -> Option<Recurrence> {
        self.extra().and_then(|e| e.recurrence)
    }

    /// Sets the ordinal of an edition in its series ("the eighth annual"): only on a
    /// `part_of` fact from the edition (an exercise or event) to its series.
    pub fn edition(mut self, ordinal: NonZeroU32) -> Self {
        self.extra_mut().edition = Some(ordinal);
        self
    }

    /// The edition's ordinal in its series, as the coder wrote it.
    pub fn edition_number(&self) -> Option<NonZeroU32> {
        self.extra().and_then(|e| e.edition)
    }

    /// The quantities the fact's reports give, each with the attribution that gave it.
    pub fn quantities(
        &self,
    ) -> impl Iterator<Item = (&Attribution, &super::quantity::Quantity)> + '_ {
        self.sources
            .iter()
            .flat_map(|a| a.quantities().iter().map(move |q| (a, q)))
    }

    /// Sets the free-text note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.extra_mut().note = Some(note.into().into_boxed_str());
        self
    }

    /// The relation.
    pub fn relation(&self) -> Relation {
        self.relation
    }

    /// The subject.
    pub fn subject(&self) -> EntityId {
        self.subject
    }

    /// The object.
    pub fn object(&self) -> EntityId {
        self.object
    }

    /// The date of the fact itself.
    pub fn date(&self) -> FactDate {
        self.date
    }

    /// Reported, planned, intended, proposed or claimed.
    pub fn modality(&self) -> Modality {
        self.modality
    }

    /// Where it happened.
    pub fn place(&self) -> Option<EntityId> {
        self.extra().and_then(|e| e.place)
    }

    /// Who receives (for `supplies`).
    pub fn recipient(&self) -> Option<EntityId> {
        self.extra().and_then(|e| e.recipient)
    }

    /// Title and rank (for `holds_position`).
    pub fn role(&self) -> Option<&Role> {
        self.extra().and_then(|e| e.role.as_ref())
    }

    /// The attributions, in the order given.
    pub fn sources(&self) -> &[Attribution] {
        &self.sources
    }

    /// The free-text note.
    pub fn note(&self) -> Option<&str> {
        self.extra().and_then(|e| e.note.as_deref())
    }

    /// The other end of the fact seen from `id`, if `id` is one of its ends.
    pub fn other_end(&self, id: EntityId) -> Option<EntityId> {
        if self.subject == id {
            Some(self.object)
        } else if self.object == id {
            Some(self.subject)
        } else {
            None
        }
    }

    /// Rewrites every entity id the fact refers to (for copying facts between graphs).
    pub(crate) fn map_entities(&mut self, mut f: impl FnMut(EntityId) -> EntityId) {
        self.subject = f(self.subject);
        self.object = f(self.object);
        if let Some(e) = self.extra.as_deref_mut() {
            e.place = e.place.map(&mut f);
            e.recipient = e.recipient.map(&mut f);
        }
        for a in self.sources.iter_mut() {
            a.source = f(a.source);
            a.speaker = a.speaker.map(&mut f);
        }
    }

    /// Rewrites every report id the fact's attributions refer to.
    pub(crate) fn map_reports(&mut self, mut f: impl FnMut(ReportId) -> ReportId) {
        for a in self.sources.iter_mut() {
            if let Some(e) = a.extra.as_deref_mut() {
                e.report = e.report.map(&mut f);
            }
        }
    }

    /// Whether the coder inferred the fact from every report it has (no report states it
    /// outright). A fact with no attributions is not inferred.
    ///
    /// ```
    /// use factgraph::datasets;
    /// let g = datasets::edm_2004_v1_i133();
    /// let inferred: Vec<String> = g.facts().filter(|f| f.is_inferred()).map(|f| f.to_string()).collect();
    /// assert!(inferred.contains(&"Astana regional command is located in Astana".to_owned()));
    /// ```
    pub fn is_inferred(&self) -> bool {
        !self.sources.is_empty() && self.sources.iter().all(|a| !a.is_stated())
    }

    /// Whether at least one report states the fact outright, or it has no attributions.
    pub fn is_stated(&self) -> bool {
        !self.is_inferred()
    }

    /// Every entity the fact refers to: ends, place, recipient, sources and speakers.
    pub fn referenced_entities(&self) -> impl Iterator<Item = EntityId> + '_ {
        [
            Some(self.subject),
            Some(self.object),
            self.place(),
            self.recipient(),
        ]
        .into_iter()
        .flatten()
        .chain(
            self.sources
                .iter()
                .flat_map(|a| std::iter::once(a.source).chain(a.speaker)),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_stay_compact() {
        // Every fact is 56 bytes: 48, and 8 more since its one attribution (most facts
        // have one) is held in place rather than in a heap block of its own. The rare
        // qualifiers share one allocation of at most 88 bytes: 80 with the valid time, 8
        // more for recurrence and edition (issue 19). A graph keeps each in a sparse
        // column, so this is the owned form's cost only.
        assert_eq!(std::mem::size_of::<super::Fact>(), 56);
        assert!(std::mem::size_of::<super::Extra>() <= 88);
        assert_eq!(std::mem::size_of::<crate::Attribution>(), 24);
    }
}
