//! Evidence: which report carried a fact, through which outlet, in whose words, and
//! whether the report states it or the coder inferred it.

use super::date::FactDate;
use super::ids::{EntityId, ReportId};
use super::quantity::Quantity;

/// One report of a fact: "Eurasia Daily Monitor (report) cites Kazinform (source) of 17
/// November (reported) that Altynbayev (speaker) said …".
///
/// - `source` is the outlet the statement came through. With a [`report`](Self::report),
///   it is the outlet the report cites, or the report's own outlet when the report says it
///   on its own authority. Without a report (data in the format of version 1), it is the
///   outlet that reported the fact.
/// - `reported` is the date of the source's item, distinct from the date of the fact.
/// - [`inferred`](Self::inferred) gives the coder's reason when the report does not state
///   the fact outright; `None` means the report states it.
/// - [`claimed_date`](Self::claimed_date) is the date this source gives the fact when it
///   differs from the fact's date (two reports may date one event differently);
///   [`claimed_valid`](Self::claimed_valid) and [`claimed_place`](Self::claimed_place) the
///   same for the valid time and the place. A merge sets them, so that the fact as any
///   subset of its reports gave it can be told (the known-by views).
///
/// ```
/// use factgraph::{Attribution, Entity, EntityKind, FactDate, KnowledgeGraph};
/// let mut g = KnowledgeGraph::new();
/// let agency = g.add_entity(Entity::new("agency", EntityKind::Source, "Made-up Agency"))?;
/// let who = g.add_entity(Entity::new("who", EntityKind::Person, "A. Made-Up"))?;
/// let a = Attribution::new(agency)
///     .reported_on(FactDate::day(2020, 5, 1)?)
///     .with_speaker(who)
///     .with_quote("We will meet.")
///     .inferred_because("the date is read off the headline");
/// assert_eq!(a.quote(), Some("We will meet."));
/// assert_eq!(a.inferred(), Some("the date is read off the headline"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attribution {
    pub(crate) source: EntityId,
    pub(crate) speaker: Option<EntityId>,
    pub(crate) reported: FactDate,
    // What few attributions carry, behind one pointer so the common case stays 24 bytes:
    // every fact has attributions, few have a report, a quote, an inference or a date of
    // their own.
    pub(crate) extra: Option<Box<AttributionExtra>>,
}

/// The rarer parts of an attribution.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct AttributionExtra {
    pub(crate) report: Option<ReportId>,
    // Boxed `str`s: two words each, not three, as these are never appended to.
    pub(crate) quote: Option<Box<str>>,
    pub(crate) inferred: Option<Box<str>>,
    pub(crate) claimed: Option<FactDate>,
    pub(crate) note: Option<Box<str>>,
    pub(crate) claimed_valid: Option<FactDate>,
    /// `Some(None)`: the source gives no place; `Some(Some(p))`: it gives `p`.
    pub(crate) claimed_place: Option<Option<EntityId>>,
    /// The numbers this report gives for the fact (empty: none). A graph keeps them in a
    /// sparse column of their own, not here.
    /// Behind its own pointer: one word here, so attributions without numbers (nearly
    /// all) do not pay for a vector's three.
    #[allow(clippy::box_collection)]
    pub(crate) quantities: Option<Box<Vec<Quantity>>>,
}

impl Attribution {
    /// A report by `source` (an entity of kind `source`), date unknown.
    pub fn new(source: EntityId) -> Self {
        Attribution {
            source,
            speaker: None,
            reported: FactDate::UNKNOWN,
            extra: None,
        }
    }

    fn extra_mut(&mut self) -> &mut AttributionExtra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// Tidies the extra part: dropped when empty, so equal attributions compare equal.
    pub(crate) fn settle(&mut self) {
        if self.extra.as_deref() == Some(&AttributionExtra::default()) {
            self.extra = None;
        }
    }

    /// Sets the report the statement was read in. `source` then names the outlet the
    /// report cites, or the report's own outlet for what it says on its own authority.
    pub fn in_report(mut self, report: ReportId) -> Self {
        self.extra_mut().report = Some(report);
        self
    }

    /// Sets the date of the report.
    pub fn reported_on(mut self, date: FactDate) -> Self {
        self.reported = date;
        self
    }

    /// Sets whose statement the fact is.
    pub fn with_speaker(mut self, speaker: EntityId) -> Self {
        self.speaker = Some(speaker);
        self
    }

    /// Sets the quoted words (keep them to a short phrase).
    pub fn with_quote(mut self, quote: impl Into<String>) -> Self {
        self.extra_mut().quote = Some(quote.into().into_boxed_str());
        self
    }

    /// Marks the fact as inferred by the coder from this report, with the reason.
    pub fn inferred_because(mut self, reason: impl Into<String>) -> Self {
        self.extra_mut().inferred = Some(reason.into().into_boxed_str());
        self
    }

    /// Sets the date this source gives the fact, when it differs from the fact's date.
    pub fn claiming_date(mut self, date: FactDate) -> Self {
        self.extra_mut().claimed = Some(date);
        self
    }

    /// Sets the coder's note on this report's statement (a merge keeps each report's note
    /// here, and the fact's note joins them).
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.extra_mut().note = Some(note.into().into_boxed_str());
        self
    }

    /// Adds a number this report gives for the fact (troops, money, casualties, a count,
    /// a duration); a fact's quantities are those of its attributions, each with its
    /// report.
    ///
    /// ```
    /// use factgraph::{Amount, Attribution, Entity, EntityKind, KnowledgeGraph, Quantity, QuantityKind};
    /// // Made-up data.
    /// let mut g = KnowledgeGraph::new();
    /// let wire = g.add_entity(Entity::new("wire", EntityKind::Source, "Made-up Wire"))?;
    /// let a = Attribution::new(wire)
    ///     .with_quantity(Quantity::new(QuantityKind::Personnel, Amount::About(30), None)?);
    /// assert_eq!(a.quantities()[0].amount(), Amount::About(30));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_quantity(mut self, quantity: Quantity) -> Self {
        self.extra_mut()
            .quantities
            .get_or_insert_with(Box::default)
            .push(quantity);
        self
    }

    /// The numbers this report gives for the fact, in the order given.
    pub fn quantities(&self) -> &[Quantity] {
        self.extra
            .as_deref()
            .and_then(|e| e.quantities.as_deref())
            .map_or(&[], |v| v.as_slice())
    }

    /// The coder's note on this report's statement, if any.
    pub fn note(&self) -> Option<&str> {
        self.extra.as_deref().and_then(|e| e.note.as_deref())
    }

    /// The outlet the statement came through (see the type's documentation).
    pub fn source(&self) -> EntityId {
        self.source
    }

    /// The report it was read in, if known.
    pub fn report(&self) -> Option<ReportId> {
        self.extra.as_deref().and_then(|e| e.report)
    }

    /// The date of the report.
    pub fn reported(&self) -> FactDate {
        self.reported
    }

    /// Whose statement it is, if the fact is someone's statement.
    pub fn speaker(&self) -> Option<EntityId> {
        self.speaker
    }

    /// The quoted words, if any.
    pub fn quote(&self) -> Option<&str> {
        self.extra.as_deref().and_then(|e| e.quote.as_deref())
    }

    /// Why the coder inferred the fact from this report; `None` when the report states it.
    pub fn inferred(&self) -> Option<&str> {
        self.extra.as_deref().and_then(|e| e.inferred.as_deref())
    }

    /// Whether the report states the fact outright (not inferred).
    pub fn is_stated(&self) -> bool {
        self.inferred().is_none()
    }

    /// Sets the valid time this source gives the fact, when it differs from the fact's
    /// (an unknown date: this source gives none).
    pub fn claiming_valid(mut self, period: FactDate) -> Self {
        self.extra_mut().claimed_valid = Some(period);
        self
    }

    /// The valid time this source gives the fact when it differs from the fact's own
    /// (a merge keeps each report's here); an unknown date means the source gives none.
    pub fn claimed_valid(&self) -> Option<FactDate> {
        self.extra.as_deref().and_then(|e| e.claimed_valid)
    }

    /// The date this source gives the fact, when it differs from the fact's own date.
    pub fn claimed_date(&self) -> Option<FactDate> {
        self.extra.as_deref().and_then(|e| e.claimed)
    }

    /// Sets the place this source gives the fact, when it differs from the fact's
    /// (`None`: this source gives no place).
    ///
    /// ```
    /// use factgraph::{Attribution, Entity, EntityKind, KnowledgeGraph};
    /// let mut g = KnowledgeGraph::new();
    /// let wire = g.add_entity(Entity::new("wire", EntityKind::Source, "Made-up Wire"))?;
    /// let a = Attribution::new(wire).claiming_place(None);
    /// assert_eq!(a.claimed_place(), Some(None)); // the wire does not say where
    /// assert_eq!(Attribution::new(wire).claimed_place(), None); // it gives the fact's place
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn claiming_place(mut self, place: Option<EntityId>) -> Self {
        self.extra_mut().claimed_place = Some(place);
        self
    }

    /// The place this source gives the fact when it differs from the fact's own (a merge
    /// keeps each report's here): `Some(None)` when the source gives no place, `None`
    /// when it gives the fact's.
    pub fn claimed_place(&self) -> Option<Option<EntityId>> {
        self.extra.as_deref().and_then(|e| e.claimed_place)
    }
}
