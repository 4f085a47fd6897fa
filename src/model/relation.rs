//! The kinds of relation and the schema that says which entity kinds each one joins.

use std::fmt;
use std::str::FromStr;

use super::kind::{EntityKind, KindSet};
use crate::error::UnknownName;

/// What a fact says about its two entities. Serialized as [`Relation::as_str`].
///
/// A fact reads `subject relation object`: "Sembinov `met` Armitage", "Kazakhstan `hosted`
/// Steppe Eagle 2004".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Relation {
    /// The two ends met (symmetric).
    Met,
    /// The subject visited a place, country or body.
    Visited,
    /// The subject signed an agreement.
    Signed,
    /// The subject is a party to an agreement.
    PartyTo,
    /// The subject took part in an exercise, event or programme.
    ParticipatedIn,
    /// The subject hosted an exercise or event.
    Hosted,
    /// A person holds a post in a body; the title and rank are the fact's [`Role`](crate::Role).
    HoldsPosition,
    /// The subject is a component of the object (a ministry of a country, an exercise of a series).
    PartOf,
    /// The subject is a member of an organisation or body.
    MemberOf,
    /// The subject attended an event.
    Attended,
    /// A person addressed an event or body.
    Addressed,
    /// The subject discussed a topic.
    Discussed,
    /// The subject is deployed to a place or country.
    DeployedTo,
    /// The subject supplies a piece of equipment (the receiver is the fact's `recipient`).
    Supplies,
    /// The subject plans, intends or proposes the object.
    Plans,
    /// The subject is located in a place or country.
    LocatedIn,
}

/// The schema entry of a relation: which kinds may stand at each end, and symmetry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RelationSchema {
    /// Kinds allowed as subject.
    pub subject: KindSet,
    /// Kinds allowed as object.
    pub object: KindSet,
    /// Whether `a r b` implies `b r a` (then either end may be given as subject).
    pub symmetric: bool,
}

use EntityKind as K;

const ACTORS: KindSet = KindSet::of(&[K::Person, K::Country, K::StateBody, K::Organisation]);
const BODIES: KindSet = KindSet::of(&[K::Country, K::StateBody, K::Organisation]);
const WHERE: KindSet = KindSet::of(&[K::Place, K::Country]);

impl Relation {
    /// Every relation, in declaration order.
    ///
    /// A slice, not an array: its length is not part of the type, so a relation added in a
    /// later version is not a breaking change.
    pub const ALL: &'static [Relation] = &[
        Relation::Met,
        Relation::Visited,
        Relation::Signed,
        Relation::PartyTo,
        Relation::ParticipatedIn,
        Relation::Hosted,
        Relation::HoldsPosition,
        Relation::PartOf,
        Relation::MemberOf,
        Relation::Attended,
        Relation::Addressed,
        Relation::Discussed,
        Relation::DeployedTo,
        Relation::Supplies,
        Relation::Plans,
        Relation::LocatedIn,
    ];

    /// How many there are: the size of tables indexed by [`slot`](Self::slot).
    pub(crate) const COUNT: usize = Self::ALL.len();

    /// The stable serialized name, e.g. `"holds_position"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Relation::Met => "met",
            Relation::Visited => "visited",
            Relation::Signed => "signed",
            Relation::PartyTo => "party_to",
            Relation::ParticipatedIn => "participated_in",
            Relation::Hosted => "hosted",
            Relation::HoldsPosition => "holds_position",
            Relation::PartOf => "part_of",
            Relation::MemberOf => "member_of",
            Relation::Attended => "attended",
            Relation::Addressed => "addressed",
            Relation::Discussed => "discussed",
            Relation::DeployedTo => "deployed_to",
            Relation::Supplies => "supplies",
            Relation::Plans => "plans",
            Relation::LocatedIn => "located_in",
        }
    }

    /// A phrase for prose, e.g. `"took part in"`.
    pub const fn phrase(self) -> &'static str {
        match self {
            Relation::Met => "met",
            Relation::Visited => "visited",
            Relation::Signed => "signed",
            Relation::PartyTo => "is party to",
            Relation::ParticipatedIn => "took part in",
            Relation::Hosted => "hosted",
            Relation::HoldsPosition => "holds a post in",
            Relation::PartOf => "is part of",
            Relation::MemberOf => "is a member of",
            Relation::Attended => "attended",
            Relation::Addressed => "addressed",
            Relation::Discussed => "discussed",
            Relation::DeployedTo => "is deployed to",
            Relation::Supplies => "supplies",
            Relation::Plans => "plans",
            Relation::LocatedIn => "is located in",
        }
    }

    /// The schema entry for this relation. This table is the schema; it is the same as the
    /// one in `docs/FORMAT.md`.
    ///
    /// ```
    /// use factgraph::{EntityKind, Relation};
    /// let s = Relation::HoldsPosition.schema();
    /// assert!(s.subject.contains(EntityKind::Person));
    /// assert!(!s.object.contains(EntityKind::Exercise));
    /// assert!(Relation::Met.schema().symmetric);
    /// ```
    pub const fn schema(self) -> RelationSchema {
        let (subject, object, symmetric) = match self {
            Relation::Met => (ACTORS, ACTORS, true),
            Relation::Visited => (
                KindSet::of(&[K::Person, K::StateBody, K::Organisation]),
                KindSet::of(&[K::Place, K::Country, K::StateBody, K::Organisation]),
                false,
            ),
            Relation::Signed => (ACTORS, KindSet::of(&[K::Agreement]), false),
            Relation::PartyTo => (BODIES, KindSet::of(&[K::Agreement]), false),
            // An organisation as object: an operation of a multinational organisation or
            // force ("took part in the Polish-led division"), issue 19.
            Relation::ParticipatedIn => (
                ACTORS,
                KindSet::of(&[K::Exercise, K::Event, K::Programme, K::Organisation]),
                false,
            ),
            // A person hosts a meeting or visit ("the Secretary hosted the minister").
            Relation::Hosted => (
                KindSet::of(&[
                    K::Person,
                    K::Country,
                    K::StateBody,
                    K::Organisation,
                    K::Place,
                    K::Source,
                ]),
                KindSet::of(&[K::Exercise, K::Event]),
                false,
            ),
            // A country holds a rotating post of an organisation (a chairmanship): only
            // in an organisation, which `allows` checks.
            Relation::HoldsPosition => (KindSet::of(&[K::Person, K::Country]), BODIES, false),
            Relation::PartOf => (
                KindSet::of(&[
                    K::StateBody,
                    K::Organisation,
                    K::Place,
                    K::Exercise,
                    K::Event,
                    K::Programme,
                    K::Agreement,
                ]),
                KindSet::of(&[
                    K::StateBody,
                    K::Organisation,
                    K::Country,
                    K::Place,
                    K::Exercise,
                    K::Event,
                    K::Programme,
                    K::Agreement,
                ]),
                false,
            ),
            Relation::MemberOf => (ACTORS, KindSet::of(&[K::Organisation, K::StateBody]), false),
            Relation::Attended => (ACTORS, KindSet::of(&[K::Event]), false),
            Relation::Addressed => (
                KindSet::of(&[K::Person]),
                KindSet::of(&[K::Event, K::Organisation, K::StateBody]),
                false,
            ),
            Relation::Discussed => (
                KindSet::of(&[
                    K::Person,
                    K::Event,
                    K::Country,
                    K::StateBody,
                    K::Organisation,
                ]),
                KindSet::ANY.without(K::Source),
                false,
            ),
            Relation::DeployedTo => (
                KindSet::of(&[K::Country, K::StateBody, K::Organisation, K::Equipment]),
                WHERE,
                false,
            ),
            Relation::Supplies => (BODIES, KindSet::of(&[K::Equipment]), false),
            Relation::Plans => (
                ACTORS,
                KindSet::of(&[
                    K::Exercise,
                    K::Event,
                    K::Programme,
                    K::Agreement,
                    K::Equipment,
                ]),
                false,
            ),
            Relation::LocatedIn => (
                KindSet::of(&[
                    K::Place,
                    K::Event,
                    K::Exercise,
                    K::StateBody,
                    K::Organisation,
                ]),
                WHERE,
                false,
            ),
        };
        RelationSchema {
            subject,
            object,
            symmetric,
        }
    }

    /// Whether `subject relation object` is allowed by the schema: both kinds in the
    /// [`schema`](Self::schema)'s sets, and one rule the sets cannot say: a country holds
    /// a position only in an organisation (a chairmanship), not in a state body or
    /// another country.
    ///
    /// ```
    /// use factgraph::{EntityKind as K, Relation};
    /// assert!(Relation::HoldsPosition.allows(K::Country, K::Organisation));
    /// assert!(!Relation::HoldsPosition.allows(K::Country, K::StateBody));
    /// assert!(Relation::Hosted.allows(K::Person, K::Event));
    /// ```
    pub const fn allows(self, subject: EntityKind, object: EntityKind) -> bool {
        let s = self.schema();
        if matches!(self, Relation::HoldsPosition)
            && matches!(subject, K::Country)
            && !matches!(object, K::Organisation)
        {
            return false;
        }
        s.subject.contains(subject) && s.object.contains(object)
    }

    /// Whether the relation is symmetric (`met`).
    pub const fn is_symmetric(self) -> bool {
        self.schema().symmetric
    }

    /// Whether the relation states something that holds over a period (a post, a
    /// membership, a part, an agreement in force, a deployment, a location), and so may
    /// carry a valid time ([`Fact::valid_during`](crate::Fact::valid_during)) besides its
    /// date: `holds_position`, `member_of`, `part_of`, `party_to`, `deployed_to`,
    /// `located_in`.
    pub const fn holds_over_time(self) -> bool {
        matches!(
            self,
            Relation::HoldsPosition
                | Relation::MemberOf
                | Relation::PartOf
                | Relation::PartyTo
                | Relation::DeployedTo
                | Relation::LocatedIn
        )
    }

    pub(crate) const fn slot(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Relation {
    type Err = UnknownName;

    /// Parses the serialized name.
    ///
    /// ```
    /// use factgraph::Relation;
    /// assert_eq!("party_to".parse::<Relation>()?, Relation::PartyTo);
    /// # Ok::<(), factgraph::UnknownName>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Relation::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == s)
            .or_else(|| {
                Relation::ALL
                    .iter()
                    .copied()
                    .find(|r| crate::model::names_word(s, r.as_str()))
            })
            .ok_or_else(|| UnknownName {
                what: "relation",
                value: s.to_owned(),
                expected: Relation::ALL.iter().map(|r| r.as_str()).collect(),
            })
    }
}

/// Which way along a fact to walk from an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Direction {
    /// From subject to object: the entity is the subject.
    Outgoing,
    /// From object to subject: the entity is the object.
    Incoming,
    /// Either way.
    Both,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &r in Relation::ALL {
            assert_eq!(r.as_str().parse::<Relation>().ok(), Some(r));
            #[cfg(feature = "serde")]
            assert_eq!(
                serde_json::to_string(&r).ok(),
                Some(format!("\"{}\"", r.as_str()))
            );
        }
        assert!("meets".parse::<Relation>().is_err());
    }

    #[test]
    fn schema_is_sensible() {
        for &r in Relation::ALL {
            let s = r.schema();
            assert!(
                s.subject != KindSet::EMPTY && s.object != KindSet::EMPTY,
                "{r}"
            );
            if s.symmetric {
                assert_eq!(s.subject, s.object, "{r}: symmetric needs equal ends");
            }
        }
        assert!(Relation::Met.allows(K::Person, K::Person));
        assert!(!Relation::Met.allows(K::Person, K::Exercise));
        assert!(!Relation::HoldsPosition.allows(K::Country, K::StateBody));
        assert!(!Relation::HoldsPosition.allows(K::StateBody, K::Organisation));
        assert!(Relation::ParticipatedIn.allows(K::Country, K::Organisation));
        assert_eq!(Relation::ALL.iter().filter(|r| r.is_symmetric()).count(), 1);
    }
}

/// A set of relations, for filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelationSet(pub(crate) u32);

impl RelationSet {
    /// Every relation.
    pub const ANY: RelationSet = RelationSet((1 << Relation::COUNT) - 1);

    /// A set of the given relations.
    pub const fn of(rs: &[Relation]) -> Self {
        let mut bits = 0;
        let mut rest = rs;
        while let [r, tail @ ..] = rest {
            bits |= 1 << (*r as u32);
            rest = tail;
        }
        RelationSet(bits)
    }

    /// Whether `r` is in the set.
    pub const fn contains(self, r: Relation) -> bool {
        self.0 & (1 << (r as u32)) != 0
    }

    /// The relations in the set.
    pub fn iter(self) -> impl Iterator<Item = Relation> {
        Relation::ALL
            .iter()
            .copied()
            .filter(move |r| self.contains(*r))
    }
}
