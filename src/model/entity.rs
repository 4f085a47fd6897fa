//! Entities: the nodes of the graph.

use super::attributes::Attributes;
use super::kind::EntityKind;

/// A named thing the news talks about: a person, a country, a ministry, an exercise...
///
/// `key` is the stable identity used in serialized data and must be unique in a graph;
/// `name` is the canonical display name; `aliases` are other names lookups accept.
///
/// ```
/// use factgraph::{Entity, EntityKind};
/// let dod = Entity::new("us_dod", EntityKind::StateBody, "U.S. Department of Defense")
///     .with_alias("Pentagon")
///     .with_attribute("country_code", "US");
/// assert_eq!(dod.aliases(), ["Pentagon"]);
/// assert_eq!(dod.attribute("country_code"), Some("US"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Entity {
    pub(crate) key: String,
    pub(crate) kind: EntityKind,
    pub(crate) name: String,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub(crate) aliases: Vec<String>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Attributes::is_empty")
    )]
    pub(crate) attributes: Attributes,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub(crate) note: Option<String>,
}

impl Entity {
    /// A new entity with no aliases or attributes. Validity (non-empty key and name, unique
    /// key) is checked when it is added to a graph.
    pub fn new(key: impl Into<String>, kind: EntityKind, name: impl Into<String>) -> Self {
        Entity {
            key: key.into(),
            kind,
            name: name.into(),
            aliases: Vec::new(),
            attributes: Attributes::new(),
            note: None,
        }
    }

    /// Adds an alias.
    pub fn with_alias(mut self, alias: impl Into<String>) -> Self {
        self.aliases.push(alias.into());
        self
    }

    /// Sets an attribute (e.g. `rank`).
    pub fn with_attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.attributes.insert(name.into(), value.into());
        self
    }

    /// Sets the free-text note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The stable key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The kind.
    pub fn kind(&self) -> EntityKind {
        self.kind
    }

    /// The canonical name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Other names.
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }

    /// The canonical name followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// All attributes, sorted by name.
    pub fn attributes(&self) -> &Attributes {
        &self.attributes
    }

    /// One attribute.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// The free-text note.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

impl Entity {
    /// Heap bytes of the strings and lists it owns.
    pub(crate) fn heap_bytes(&self) -> usize {
        use crate::heap::vec_bytes;
        self.key.capacity()
            + self.name.capacity()
            + vec_bytes(&self.aliases)
            + self.aliases.iter().map(String::capacity).sum::<usize>()
            + self.attributes.heap_bytes()
            + self.note.as_ref().map_or(0, String::capacity)
    }
}
