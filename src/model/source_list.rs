//! A fact's attribution list, held in place when it has one entry.
//!
//! Most facts have exactly one attribution. As a `Box<[Attribution]>` each such list was a
//! heap block of its own, allocated when the fact was built and freed when a graph copied
//! it into its attribution pool: a large build spent a third of its staging time in `free`.
//! [`SourceList`] keeps a single attribution inline, so a fact with none or one needs no
//! heap block at all. It reads as a slice (`Deref`), and compares, hashes and prints as
//! one, so nothing outside this module sees the difference.

use super::attribution::Attribution;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

/// The attributions of a [`Fact`](super::fact::Fact), in the order given.
///
/// Built from a `Vec` or an iterator, a one-element list is always `One`. `Many` holds the
/// empty list (an empty boxed slice does not allocate) and lists of two or more. Equality,
/// hashing and `Debug` go through the slice, so the representation never shows.
#[derive(Clone)]
pub(crate) enum SourceList {
    /// The common case: one attribution, no heap block. It is the largest variant, and its
    /// outlet id's non-zero niche tags the enum, so the list is the size of an attribution
    /// (24 bytes) rather than a boxed slice plus a tag word.
    One(Attribution),
    /// None, or two and more.
    Many(Box<[Attribution]>),
}

impl SourceList {
    /// Appends an attribution (for [`Fact::with_source`](super::fact::Fact::with_source),
    /// which adds them one at a time: the first stays inline).
    pub(crate) fn push(&mut self, attribution: Attribution) {
        *self = match std::mem::take(self) {
            SourceList::Many(list) if list.is_empty() => SourceList::One(attribution),
            // Sized once: no growth to shrink back.
            old => {
                let mut v = Vec::with_capacity(old.len() + 1);
                v.extend(old);
                v.push(attribution);
                SourceList::Many(v.into_boxed_slice())
            }
        };
    }
}

impl Default for SourceList {
    /// The empty list, without allocating.
    fn default() -> Self {
        SourceList::Many(Box::default())
    }
}

impl Deref for SourceList {
    type Target = [Attribution];

    fn deref(&self) -> &[Attribution] {
        match self {
            SourceList::One(a) => std::slice::from_ref(a),
            SourceList::Many(list) => list,
        }
    }
}

impl DerefMut for SourceList {
    fn deref_mut(&mut self) -> &mut [Attribution] {
        match self {
            SourceList::One(a) => std::slice::from_mut(a),
            SourceList::Many(list) => list,
        }
    }
}

impl PartialEq for SourceList {
    /// As slices: a one-element `Many` (which the constructors never make) equals `One`.
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for SourceList {}

impl Hash for SourceList {
    /// Exactly the slice's hash: the store content-hashes `&[Attribution]` to share equal
    /// lists, and the same content must give the same hash whichever form holds it.
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl fmt::Debug for SourceList {
    /// As the slice, so that a fact's `Debug` output is what it was with a boxed slice.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl From<Vec<Attribution>> for SourceList {
    /// One element: inline (the vector's block is freed here); otherwise the vector's
    /// block, trimmed to its length.
    fn from(mut v: Vec<Attribution>) -> Self {
        if v.len() == 1
            && let Some(a) = v.pop()
        {
            return SourceList::One(a);
        }
        SourceList::Many(v.into_boxed_slice())
    }
}

impl FromIterator<Attribution> for SourceList {
    /// Allocates only once a second attribution arrives.
    fn from_iter<I: IntoIterator<Item = Attribution>>(iter: I) -> Self {
        let mut iter = iter.into_iter();
        let Some(first) = iter.next() else {
            return SourceList::default();
        };
        let Some(second) = iter.next() else {
            return SourceList::One(first);
        };
        let mut v = Vec::with_capacity(iter.size_hint().0.saturating_add(2));
        v.push(first);
        v.push(second);
        v.extend(iter);
        SourceList::Many(v.into_boxed_slice())
    }
}

/// The by-value iterator of a [`SourceList`]: the attributions are moved out, their rare
/// parts' boxes with them (the attribution pool keeps those boxes' contents, not copies).
pub(crate) type IntoIter =
    std::iter::Chain<std::option::IntoIter<Attribution>, std::vec::IntoIter<Attribution>>;

impl IntoIterator for SourceList {
    type Item = Attribution;
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        // `Vec::new()` and `into_vec` do not allocate.
        match self {
            SourceList::One(a) => Some(a).into_iter().chain(Vec::new()),
            SourceList::Many(list) => None.into_iter().chain(list.into_vec()),
        }
    }
}

impl<'a> IntoIterator for &'a SourceList {
    type Item = &'a Attribution;
    type IntoIter = std::slice::Iter<'a, Attribution>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut SourceList {
    type Item = &'a mut Attribution;
    type IntoIter = std::slice::IterMut<'a, Attribution>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::SourceList;
    use crate::model::attribution::Attribution;
    use crate::model::date::FactDate;
    use crate::model::ids::EntityId;
    use std::hash::BuildHasher;

    fn attribution(i: usize) -> Attribution {
        let source = EntityId::from_index(i).unwrap_or_else(|| unreachable!("small index"));
        let a = Attribution::new(source).reported_on(FactDate::UNKNOWN);
        if i % 2 == 1 {
            a.with_quote(format!("quote {i}"))
        } else {
            a
        }
    }

    fn lists() -> Vec<Vec<Attribution>> {
        (0..5).map(|n| (0..n).map(attribution).collect()).collect()
    }

    fn hash_of<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
        foldhash::fast::FixedState::with_seed(7).hash_one(value)
    }

    #[test]
    fn one_element_is_inline_however_made() {
        let a = attribution(3);
        let made = [
            SourceList::from(vec![a.clone()]),
            std::iter::once(a.clone()).collect(),
            {
                let mut l = SourceList::default();
                l.push(a.clone());
                l
            },
            // An iterator whose size hint promises more than it gives.
            vec![a.clone()].into_iter().filter(|_| true).collect(),
        ];
        for l in made {
            assert!(matches!(&l, SourceList::One(x) if *x == a));
        }
    }

    #[test]
    fn empty_and_longer_lists_are_boxed() {
        assert!(matches!(SourceList::default(), SourceList::Many(b) if b.is_empty()));
        assert!(matches!(SourceList::from(Vec::new()), SourceList::Many(b) if b.is_empty()));
        let two: SourceList = (0..2).map(attribution).collect();
        assert!(matches!(two, SourceList::Many(b) if b.len() == 2));
    }

    #[test]
    fn reads_compares_hashes_and_prints_as_the_slice() {
        for v in lists() {
            let l = SourceList::from(v.clone());
            assert_eq!(&*l, v.as_slice());
            assert_eq!(l, v.iter().cloned().collect::<SourceList>());
            assert_eq!(hash_of(&l), hash_of(v.as_slice()));
            assert_eq!(format!("{l:?}"), format!("{:?}", v.as_slice()));
            assert_eq!(format!("{l:#?}"), format!("{:#?}", v.as_slice()));
            assert_eq!(l.clone(), l);
        }
        // A one-element `Many` (not made by the constructors) still equals `One`.
        let a = attribution(1);
        let boxed = SourceList::Many(vec![a.clone()].into_boxed_slice());
        let inline = SourceList::One(a);
        assert_eq!(boxed, inline);
        assert_eq!(hash_of(&boxed), hash_of(&inline));
        assert_ne!(inline, SourceList::default());
    }

    #[test]
    fn round_trips_by_value_and_by_push() {
        for v in lists() {
            let back: Vec<Attribution> = SourceList::from(v.clone()).into_iter().collect();
            assert_eq!(back, v);
            let mut pushed = SourceList::default();
            for a in v.iter().cloned() {
                pushed.push(a);
            }
            assert_eq!(&*pushed, v.as_slice());
            let by_ref: Vec<&Attribution> = (&pushed).into_iter().collect();
            assert_eq!(by_ref, v.iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn edits_in_place() {
        let mut l = SourceList::from(vec![attribution(0)]);
        for a in &mut l {
            a.speaker = EntityId::from_index(9);
        }
        assert_eq!(l.first().and_then(|a| a.speaker()), EntityId::from_index(9));
    }

    #[test]
    fn as_small_as_an_attribution() {
        // The niche of the outlet id tags the enum: no tag word.
        assert_eq!(
            std::mem::size_of::<SourceList>(),
            std::mem::size_of::<Attribution>()
        );
    }
}
