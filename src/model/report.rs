//! Reports: the documents facts come from (an article, a ministry's release, a broadcast).

use super::date::FactDate;
use super::ids::EntityId;

/// One published document: its outlet, headline, address, date, language and author.
///
/// A report is the provenance of the facts coded from it. Its `outlet` is the publication
/// that carried it (an entity of kind `source`); an [`Attribution`](crate::Attribution) of
/// a fact names the report and, when the report cites another outlet for the statement,
/// that outlet as its `source`. So "Eurasia Daily Monitor, 23 November 2004, citing
/// Interfax-Kazakhstan of 19 November" is one report (EDM's) and one cited outlet
/// (Interfax-Kazakhstan).
///
/// `key` is the stable identity in serialized data and must be unique in a graph.
///
/// ```
/// use factgraph::{Entity, EntityKind, FactDate, KnowledgeGraph, Report};
/// // Made-up data.
/// let mut g = KnowledgeGraph::new();
/// let wire = g.add_entity(Entity::new("wire", EntityKind::Source, "Example Wire"))?;
/// let r = g.add_report(
///     Report::new("wire_2020_05_01", wire)
///         .with_headline("Ministers meet")
///         .with_url("https://example.org/1")
///         .published_on(FactDate::day(2020, 5, 1)?)
///         .with_language("en"),
/// )?;
/// assert_eq!(g.report(r).map(|r| r.headline()), Some(Some("Ministers meet")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Report {
    pub(crate) key: String,
    pub(crate) outlet: EntityId,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub(crate) headline: Option<String>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub(crate) url: Option<String>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "FactDate::is_unknown")
    )]
    pub(crate) published: FactDate,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub(crate) language: Option<String>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub(crate) author: Option<String>,
}

impl Report {
    /// A report with this key, carried by `outlet` (an entity of kind `source`); date
    /// unknown, no headline, address, language or author.
    pub fn new(key: impl Into<String>, outlet: EntityId) -> Self {
        Report {
            key: key.into(),
            outlet,
            headline: None,
            url: None,
            published: FactDate::UNKNOWN,
            language: None,
            author: None,
        }
    }

    /// Sets the headline.
    pub fn with_headline(mut self, headline: impl Into<String>) -> Self {
        self.headline = Some(headline.into());
        self
    }

    /// Sets the URL or other identifier (`edm:1:133`, a DOI, an archive number).
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Sets the publication date.
    pub fn published_on(mut self, date: FactDate) -> Self {
        self.published = date;
        self
    }

    /// Sets the language (an ISO 639-1 code such as `en`, `ru`, `kk`).
    pub fn with_language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Sets the author.
    pub fn with_author(mut self, author: impl Into<String>) -> Self {
        self.author = Some(author.into());
        self
    }

    /// The stable key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The outlet that published it.
    pub fn outlet(&self) -> EntityId {
        self.outlet
    }

    /// The headline.
    pub fn headline(&self) -> Option<&str> {
        self.headline.as_deref()
    }

    /// The URL or other identifier.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// The publication date.
    pub fn published(&self) -> FactDate {
        self.published
    }

    /// The language code.
    pub fn language(&self) -> Option<&str> {
        self.language.as_deref()
    }

    /// The author.
    pub fn author(&self) -> Option<&str> {
        self.author.as_deref()
    }

    /// Rewrites the outlet id (for copying reports between graphs).
    pub(crate) fn map_entities(&mut self, mut f: impl FnMut(EntityId) -> EntityId) {
        self.outlet = f(self.outlet);
    }
}

impl Report {
    /// Heap bytes of its strings.
    pub(crate) fn heap_bytes(&self) -> usize {
        let opt = |s: &Option<String>| s.as_ref().map_or(0, String::capacity);
        self.key.capacity()
            + opt(&self.headline)
            + opt(&self.url)
            + opt(&self.language)
            + opt(&self.author)
    }
}
