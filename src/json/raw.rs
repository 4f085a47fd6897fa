//! The serialized records, read and written as plain data; all checking happens when they
//! are turned into a graph.
//!
//! Strings are `Cow`: borrowed from the input text when it has no escapes (most ids, dates
//! and names), so loading does not allocate a string per field; and borrowed from the graph
//! when writing.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// The current format version, written as `"factgraph": 2`.
pub(crate) const FORMAT_VERSION: u32 = 2;

/// Versions this crate reads: 1 (no reports) and 2.
pub(crate) const READS_VERSIONS: [u32; 2] = [1, 2];

/// The whole document, for writing. Reading streams it instead (see `stream`).
#[derive(Debug, Serialize)]
pub(crate) struct RawGraph<'a> {
    pub factgraph: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub title: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(borrow)]
    pub reports: Vec<RawReport<'a>>,
    #[serde(default)]
    #[serde(borrow)]
    pub entities: Vec<RawEntity<'a>>,
    #[serde(default)]
    #[serde(borrow)]
    pub facts: Vec<RawFact<'a>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an entity object")]
pub(crate) struct RawEntity<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub kind: Cow<'a, str>,
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(borrow)]
    pub aliases: Vec<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[serde(borrow, deserialize_with = "unique_attributes")]
    pub attributes: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub note: Option<Cow<'a, str>>,
    /// Keys of entities a merge united with this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(borrow)]
    pub merged_ids: Vec<Cow<'a, str>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a report object")]
pub(crate) struct RawReport<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub outlet: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub headline: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub url: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    #[serde(borrow)]
    pub published: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub published_year_inferred: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub language: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub author: Option<Cow<'a, str>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a fact object")]
pub(crate) struct RawFact<'a> {
    /// The fact's content key; written for reference, recomputed on reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub relation: Cow<'a, str>,
    #[serde(borrow)]
    pub subject: Cow<'a, str>,
    #[serde(borrow)]
    pub object: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    #[serde(borrow)]
    pub date: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub year_inferred: bool,
    /// The valid time (EDTF), for relations that hold over a period.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    #[serde(borrow)]
    pub valid: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub valid_year_inferred: bool,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    #[serde(borrow)]
    pub modality: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub place: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub recipient: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub role: Option<RawRole<'a>>,
    /// How often the fact comes back (`yearly`, `every 2 years`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub recurrence: Option<Cow<'a, str>>,
    /// The ordinal of an edition in its series (`part_of` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(borrow)]
    pub sources: Vec<RawSource<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub note: Option<Cow<'a, str>>,
}

/// A role: `{"title": ..., "rank": ...}`, or a title alone written as a string
/// (`"role": "Deputy Minister"`), which reads as `{"title": "Deputy Minister"}`.
#[derive(Debug, Serialize)]
pub(crate) struct RawRole<'a> {
    pub title: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<Cow<'a, str>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for RawRole<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RoleVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for RoleVisitor<'a> {
            type Value = RawRole<'a>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a role: {\"title\": \"...\", \"rank\": \"...\"} (rank optional), or its title as a string",
                )
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(RawRole {
                    title: Cow::Borrowed(v),
                    rank: None,
                })
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawRole {
                    title: Cow::Owned(v.to_owned()),
                    rank: None,
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let (mut title, mut rank) = (None, None);
                while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
                    match key.as_ref() {
                        "title" if title.is_some() => {
                            return Err(de::Error::duplicate_field("title"));
                        }
                        "rank" if rank.is_some() => {
                            return Err(de::Error::duplicate_field("rank"));
                        }
                        "title" => title = Some(map.next_value::<Text<'de>>()?.0),
                        "rank" => rank = Some(map.next_value::<Option<Text<'de>>>()?.map(|t| t.0)),
                        other => return Err(de::Error::unknown_field(other, &["title", "rank"])),
                    }
                }
                Ok(RawRole {
                    title: title.ok_or_else(|| de::Error::missing_field("title"))?,
                    rank: rank.flatten(),
                })
            }
        }
        d.deserialize_any(RoleVisitor(std::marker::PhantomData))
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an attribution object (an entry of `sources`)"
)]
pub(crate) struct RawSource<'a> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub report: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub source: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    #[serde(borrow)]
    pub reported: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub reported_year_inferred: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub speaker: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub quote: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub inferred: Option<Cow<'a, str>>,
    /// The date this source gives the fact, when it differs from the fact's date.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    #[serde(borrow)]
    pub date: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub date_year_inferred: bool,
    /// The coder's note on this report's statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub note: Option<Cow<'a, str>>,
    /// The valid time this source gives, when it differs from the fact's (`unknown`:
    /// none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub valid: Option<Cow<'a, str>>,
    /// The place this source gives, when it differs from the fact's (`""`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub place: Option<Cow<'a, str>>,
    /// The numbers this report gives for the fact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<RawQuantity>,
}

/// A quantity as written: `{"kind": "personnel", "value": "about 1000"}`. Quantities are
/// rare, so their strings are owned.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a quantity object")]
pub(crate) struct RawQuantity {
    pub kind: String,
    pub value: RawValue,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
}

/// A quantity's value: a whole number (exact), or the text form (`about 1000`).
#[derive(Debug, Serialize, Deserialize)]
#[serde(
    untagged,
    expecting = "a whole number or an amount such as \"about 1000\""
)]
pub(crate) enum RawValue {
    Number(u64),
    Text(String),
}

// Frequent optional strings (date, modality, report date) are a plain `Cow` whose empty
// value means "absent": `Option<Cow>` would always allocate, as serde borrows only into a
// bare `Cow<'a, str>`.

fn is_false(b: &bool) -> bool {
    !*b
}

/// A string borrowed from the input when it has no escapes.
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

/// An `attributes` object whose keys must be distinct, as everywhere else in the format:
/// a repeated key is an error, not a silent overwrite.
fn unique_attributes<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<Cow<'de, str>, Cow<'de, str>>, D::Error> {
    struct Unique;
    impl<'de> Visitor<'de> for Unique {
        type Value = BTreeMap<Cow<'de, str>, Cow<'de, str>>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of string attributes")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
                let Text(value) = map.next_value::<Text<'de>>()?;
                if out.contains_key(&key) {
                    return Err(de::Error::custom(format_args!(
                        "duplicate attribute `{}`",
                        crate::limits::quote(&key, crate::Limits::DEFAULT.quote_chars)
                    )));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique)
}
