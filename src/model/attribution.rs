//! Evidence: who reported a fact, when, and whose words it is.

use super::date::FactDate;
use super::ids::EntityId;

/// One report of a fact: "Kazinform reported on 17 November that Altynbayev said …".
///
/// `reported` is the date of the report, distinct from the date of the fact itself.
///
/// ```
/// use factgraph::{Attribution, Entity, EntityKind, FactDate, KnowledgeGraph};
/// let mut g = KnowledgeGraph::new();
/// let agency = g.add_entity(Entity::new("agency", EntityKind::Source, "Made-up Agency"))?;
/// let who = g.add_entity(Entity::new("who", EntityKind::Person, "A. Made-Up"))?;
/// let a = Attribution::new(agency)
///     .reported_on(FactDate::day(2020, 5, 1)?)
///     .with_speaker(who)
///     .with_quote("We will meet.");
/// assert_eq!(a.quote(), Some("We will meet."));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub(crate) source: EntityId,
    pub(crate) reported: FactDate,
    pub(crate) speaker: Option<EntityId>,
    // Boxed twice so the common case (no quote) costs one pointer: every fact carries
    // attributions, few carry quotes.
    #[allow(clippy::box_collection)] // a thin pointer on purpose, see above
    pub(crate) quote: Option<Box<String>>,
}

impl Attribution {
    /// A report by `source` (an entity of kind `source`), date unknown.
    pub fn new(source: EntityId) -> Self {
        Attribution {
            source,
            reported: FactDate::UNKNOWN,
            speaker: None,
            quote: None,
        }
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

    /// Sets the quoted words.
    pub fn with_quote(mut self, quote: impl Into<String>) -> Self {
        self.quote = Some(Box::new(quote.into()));
        self
    }

    /// The reporting source.
    pub fn source(&self) -> EntityId {
        self.source
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
        self.quote.as_deref().map(String::as_str)
    }
}
