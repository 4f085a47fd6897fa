//! An entity's attributes: a small map from names to values, sorted by name.

use std::borrow::Borrow;
use std::collections::BTreeMap;

/// Named values of an entity (`rank`, `country_code`), sorted by name, each name once.
///
/// A sorted vector rather than a `BTreeMap`: most entities have none and the rest one or
/// two, and a B-tree allocates a node for eleven pairs (about 540 bytes) for the first; a
/// quarter of the entities of a synthetic corpus have attributes, so the tree cost 15
/// bytes per fact. Lookups are binary searches; the API follows `BTreeMap`'s.
///
/// ```
/// use factgraph::{Entity, EntityKind};
/// // Made-up data.
/// let e = Entity::new("p", EntityKind::Person, "Ann Example")
///     .with_attribute("rank", "Colonel")
///     .with_attribute("branch", "Air Force");
/// let names: Vec<&str> = e.attributes().keys().map(String::as_str).collect();
/// assert_eq!(names, ["branch", "rank"]);
/// assert_eq!(e.attribute("rank"), Some("Colonel"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Attributes {
    pairs: Vec<(String, String)>,
}

impl Attributes {
    /// No attributes.
    pub const fn new() -> Self {
        Attributes { pairs: Vec::new() }
    }

    /// Number of attributes.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    fn position<Q: Ord + ?Sized>(&self, name: &Q) -> Result<usize, usize>
    where
        String: Borrow<Q>,
    {
        self.pairs.binary_search_by(|(k, _)| k.borrow().cmp(name))
    }

    /// The value of `name`.
    pub fn get<Q: Ord + ?Sized>(&self, name: &Q) -> Option<&String>
    where
        String: Borrow<Q>,
    {
        let i = self.position(name).ok()?;
        self.pairs.get(i).map(|(_, v)| v)
    }

    /// The value of `name`, to change in place.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, name: &Q) -> Option<&mut String>
    where
        String: Borrow<Q>,
    {
        let i = self.position(name).ok()?;
        self.pairs.get_mut(i).map(|(_, v)| v)
    }

    /// Whether `name` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, name: &Q) -> bool
    where
        String: Borrow<Q>,
    {
        self.position(name).is_ok()
    }

    /// Sets `name` to `value`, returning the value it replaces.
    pub fn insert(&mut self, name: String, value: String) -> Option<String> {
        match self.position(name.as_str()) {
            Ok(i) => self
                .pairs
                .get_mut(i)
                .map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                self.pairs.insert(i, (name, value));
                None
            }
        }
    }

    /// Removes `name`, returning its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, name: &Q) -> Option<String>
    where
        String: Borrow<Q>,
    {
        let i = self.position(name).ok()?;
        Some(self.pairs.remove(i).1)
    }

    /// The pairs, sorted by name.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &String)> + DoubleEndedIterator {
        self.pairs.iter().map(|(k, v)| (k, v))
    }

    /// The names, sorted.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &String> + DoubleEndedIterator {
        self.pairs.iter().map(|(k, _)| k)
    }

    /// The values, in the order of their names.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &String> + DoubleEndedIterator {
        self.pairs.iter().map(|(_, v)| v)
    }
}

impl<'a> IntoIterator for &'a Attributes {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.pairs.iter().map(|(k, v)| (k, v))
    }
}

impl IntoIterator for Attributes {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.pairs.into_iter()
    }
}

impl FromIterator<(String, String)> for Attributes {
    /// Later values of a repeated name win, as with `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut pairs: Vec<(String, String)> = iter.into_iter().collect();
        // Stable: among equal names, the last one given is kept.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, String)> = Vec::with_capacity(pairs.len());
        for pair in pairs {
            match out.last_mut() {
                Some(last) if last.0 == pair.0 => *last = pair,
                _ => out.push(pair),
            }
        }
        Attributes { pairs: out }
    }
}

impl Extend<(String, String)> for Attributes {
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl From<BTreeMap<String, String>> for Attributes {
    fn from(map: BTreeMap<String, String>) -> Self {
        Attributes {
            pairs: map.into_iter().collect(),
        }
    }
}

impl From<Attributes> for BTreeMap<String, String> {
    fn from(a: Attributes) -> Self {
        a.pairs.into_iter().collect()
    }
}

impl PartialEq<BTreeMap<String, String>> for Attributes {
    fn eq(&self, other: &BTreeMap<String, String>) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b)
    }
}

impl PartialEq<Attributes> for BTreeMap<String, String> {
    fn eq(&self, other: &Attributes) -> bool {
        other == self
    }
}

/// A JSON object (a map), as the `BTreeMap` it replaces was. Not behind the `serde`
/// feature: the exporters write attributes as JSON whatever the features.
impl serde::Serialize for Attributes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> serde::Deserialize<'de> for Attributes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::<String, String>::deserialize(deserializer).map(Attributes::from)
    }
}

impl Attributes {
    /// Heap bytes of the pairs and their strings.
    pub(crate) fn heap_bytes(&self) -> usize {
        crate::heap::vec_bytes(&self.pairs)
            + self
                .pairs
                .iter()
                .map(|(k, v)| k.capacity() + v.capacity())
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_btreemap() {
        // Made-up names and values.
        let ops = [("b", "1"), ("a", "2"), ("b", "3"), ("c", "4"), ("a", "5")];
        let mut ours = Attributes::new();
        let mut theirs = BTreeMap::new();
        for (k, v) in ops {
            assert_eq!(
                ours.insert(k.to_owned(), v.to_owned()),
                theirs.insert(k.to_owned(), v.to_owned())
            );
            assert_eq!(ours, theirs);
        }
        assert_eq!(ours.remove("b"), theirs.remove("b"));
        assert_eq!(ours.get("a"), theirs.get("a"));
        assert_eq!(ours.get("z"), None);
        assert_eq!(ours, theirs);
        let collected: Attributes = ops
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let want: BTreeMap<String, String> = ops
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(collected, want);
    }
}
