//! The kinds of entity.

use std::fmt;
use std::str::FromStr;

use crate::error::UnknownName;

/// What an entity is. Serialized as the snake_case name given by [`EntityKind::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum EntityKind {
    /// A named human being.
    Person,
    /// A sovereign state.
    Country,
    /// A ministry, department, command, armed service or a government.
    StateBody,
    /// An alliance or international body (NATO, the UN).
    Organisation,
    /// A treaty, plan, memorandum or other agreement.
    Agreement,
    /// A military exercise.
    Exercise,
    /// A meeting, visit, session or interview.
    Event,
    /// An initiative, mechanism, campaign or reform.
    Programme,
    /// A type of equipment (an aircraft type, a weapon system).
    Equipment,
    /// A city, region or other place that is not a country.
    Place,
    /// A news agency, broadcaster or publication.
    Source,
}

impl EntityKind {
    /// Every kind, in declaration order.
    ///
    /// A slice, not an array: its length is not part of the type, so a kind added in a
    /// later version is not a breaking change.
    pub const ALL: &'static [EntityKind] = &[
        EntityKind::Person,
        EntityKind::Country,
        EntityKind::StateBody,
        EntityKind::Organisation,
        EntityKind::Agreement,
        EntityKind::Exercise,
        EntityKind::Event,
        EntityKind::Programme,
        EntityKind::Equipment,
        EntityKind::Place,
        EntityKind::Source,
    ];

    /// How many there are: the size of tables indexed by [`slot`](Self::slot).
    pub(crate) const COUNT: usize = Self::ALL.len();

    /// The stable serialized name, e.g. `"state_body"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Country => "country",
            EntityKind::StateBody => "state_body",
            EntityKind::Organisation => "organisation",
            EntityKind::Agreement => "agreement",
            EntityKind::Exercise => "exercise",
            EntityKind::Event => "event",
            EntityKind::Programme => "programme",
            EntityKind::Equipment => "equipment",
            EntityKind::Place => "place",
            EntityKind::Source => "source",
        }
    }

    /// The name in PascalCase (`StateBody`), as class and label names in RDF and Neo4j.
    pub const fn pascal_name(self) -> &'static str {
        match self {
            EntityKind::Person => "Person",
            EntityKind::Country => "Country",
            EntityKind::StateBody => "StateBody",
            EntityKind::Organisation => "Organisation",
            EntityKind::Agreement => "Agreement",
            EntityKind::Exercise => "Exercise",
            EntityKind::Event => "Event",
            EntityKind::Programme => "Programme",
            EntityKind::Equipment => "Equipment",
            EntityKind::Place => "Place",
            EntityKind::Source => "Source",
        }
    }

    /// Position in [`EntityKind::ALL`]; used to index per-kind tables.
    pub(crate) const fn slot(self) -> usize {
        self as usize
    }

    /// The bit of this kind in a [`KindSet`].
    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityKind {
    type Err = UnknownName;

    /// Parses the serialized name, ignoring case and the separators `_`, `-` and space
    /// (as Cypher does).
    ///
    /// ```
    /// use factgraph::EntityKind;
    /// assert_eq!("state_body".parse::<EntityKind>()?, EntityKind::StateBody);
    /// assert_eq!("StateBody".parse::<EntityKind>()?, EntityKind::StateBody);
    /// assert_eq!("Person".parse::<EntityKind>()?, EntityKind::Person);
    /// assert!("ministry".parse::<EntityKind>().is_err());
    /// # Ok::<(), factgraph::UnknownName>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .or_else(|| {
                EntityKind::ALL
                    .iter()
                    .copied()
                    .find(|k| crate::model::names_word(s, k.as_str()))
            })
            .ok_or_else(|| UnknownName {
                what: "entity kind",
                value: s.to_owned(),
                expected: EntityKind::ALL.iter().map(|k| k.as_str()).collect(),
            })
    }
}

/// A set of entity kinds, as used by the [schema](crate::Relation::schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KindSet(u16);

impl KindSet {
    /// The empty set.
    pub const EMPTY: KindSet = KindSet(0);
    /// Every kind.
    pub const ANY: KindSet = KindSet((1 << EntityKind::COUNT) - 1);

    /// A set holding the given kinds.
    pub const fn of(kinds: &[EntityKind]) -> KindSet {
        let mut bits = 0;
        let mut rest = kinds;
        while let [kind, tail @ ..] = rest {
            bits |= kind.bit();
            rest = tail;
        }
        KindSet(bits)
    }

    /// This set without `kind`.
    pub const fn without(self, kind: EntityKind) -> KindSet {
        KindSet(self.0 & !kind.bit())
    }

    /// Whether `kind` is in the set.
    pub const fn contains(self, kind: EntityKind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// The kinds in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = EntityKind> {
        EntityKind::ALL
            .iter()
            .copied()
            .filter(move |k| self.contains(*k))
    }
}

impl fmt::Display for KindSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, k) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(k.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &k in EntityKind::ALL {
            assert_eq!(k.as_str().parse::<EntityKind>().ok(), Some(k));
            #[cfg(feature = "serde")]
            assert_eq!(
                serde_json::to_string(&k).ok(),
                Some(format!("\"{}\"", k.as_str()))
            );
        }
    }

    #[test]
    fn kind_sets() {
        let s = KindSet::of(&[EntityKind::Person, EntityKind::Place]);
        assert!(s.contains(EntityKind::Person));
        assert!(!s.contains(EntityKind::Country));
        assert_eq!(s.to_string(), "person, place");
        assert!(
            !KindSet::ANY
                .without(EntityKind::Source)
                .contains(EntityKind::Source)
        );
        assert_eq!(KindSet::ANY.iter().count(), 11);
    }
}
