//! Whether a fact is reported as done or only as a plan, intention, proposal or claim.

use std::fmt;
use std::str::FromStr;

use crate::error::UnknownName;

/// How the source presents a fact. Serialized as [`Modality::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Modality {
    /// Reported as having happened or as holding.
    #[default]
    Reported,
    /// Reported as planned: a decided future action.
    Planned,
    /// Someone intends or wants it.
    Intended,
    /// Someone proposes it.
    Proposed,
    /// Someone claims it, and the source does not confirm it.
    Claimed,
}

impl Modality {
    /// Every modality, in declaration order.
    ///
    /// A slice, not an array: its length is not part of the type, so a modality added in a
    /// later version is not a breaking change.
    pub const ALL: &'static [Modality] = &[
        Modality::Reported,
        Modality::Planned,
        Modality::Intended,
        Modality::Proposed,
        Modality::Claimed,
    ];

    /// How many there are: the size of tables indexed by [`slot`](Self::slot).
    pub(crate) const COUNT: usize = Self::ALL.len();

    /// The stable serialized name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Modality::Reported => "reported",
            Modality::Planned => "planned",
            Modality::Intended => "intended",
            Modality::Proposed => "proposed",
            Modality::Claimed => "claimed",
        }
    }

    /// Whether the fact is reported as done (not a plan, intention, proposal or claim).
    pub const fn is_reported(self) -> bool {
        matches!(self, Modality::Reported)
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Modality {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Modality::ALL
            .iter()
            .copied()
            .find(|m| m.as_str() == s)
            .or_else(|| {
                Modality::ALL
                    .iter()
                    .copied()
                    .find(|m| crate::model::names_word(s, m.as_str()))
            })
            .ok_or_else(|| UnknownName {
                what: "modality",
                value: s.to_owned(),
                expected: Modality::ALL.iter().map(|m| m.as_str()).collect(),
            })
    }
}

/// A set of modalities, for filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ModalitySet(u8);

impl ModalitySet {
    /// Every modality.
    pub const ANY: ModalitySet = ModalitySet((1 << Modality::COUNT) - 1);
    /// Only [`Modality::Reported`].
    pub const REPORTED: ModalitySet = ModalitySet(1);
    /// Plans, intentions, proposals and claims: everything but [`Modality::Reported`].
    pub const NOT_REPORTED: ModalitySet = ModalitySet(0b1_1110);

    /// A set of the given modalities.
    pub const fn of(ms: &[Modality]) -> Self {
        let mut bits = 0;
        let mut rest = ms;
        while let [m, tail @ ..] = rest {
            bits |= 1 << (*m as u8);
            rest = tail;
        }
        ModalitySet(bits)
    }

    /// The modalities in both sets.
    pub const fn intersection(self, other: ModalitySet) -> ModalitySet {
        ModalitySet(self.0 & other.0)
    }

    /// Whether `m` is in the set.
    pub const fn contains(self, m: Modality) -> bool {
        self.0 & (1 << (m as u8)) != 0
    }
}

impl Default for ModalitySet {
    fn default() -> Self {
        ModalitySet::ANY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets() {
        assert!(ModalitySet::REPORTED.contains(Modality::Reported));
        assert!(!ModalitySet::REPORTED.contains(Modality::Planned));
        for &m in Modality::ALL {
            assert!(ModalitySet::ANY.contains(m));
            assert_eq!(ModalitySet::NOT_REPORTED.contains(m), !m.is_reported());
            assert_eq!(m.as_str().parse::<Modality>().ok(), Some(m));
        }
    }
}
