//! serde support for the model types (feature `serde`, on by default).
//!
//! Simple types derive serde where they are declared. The types below keep a compact or
//! validated inner form, so they are written through a plain public form and read back
//! through the same constructors the builder API uses: a deserialized date is a checked
//! date, and nothing reaches the packed representations unchecked.
//!
//! | type | serialized as |
//! |---|---|
//! | [`PartialDate`] | its EDTF text, `"2004-11-19"`, `"2004-11"`, `"2004~"` |
//! | [`FactDate`] | `{"date": "<EDTF>", "year_inferred": true}` (`year_inferred` only when set) |
//! | [`DateRange`] | its text, `"2004-11-01/2004-11-30"`, `"../.."` |
//! | [`EntityId`], [`ReportId`] | the index, a number |
//! | [`FactKey`] | 16 hexadecimal digits (a JSON number would lose bits of a `u64`) |
//! | [`KindSet`], [`ModalitySet`] | a list of names, `["person", "country"]` |
//! | [`Fact`], [`Attribution`] | a flat object of their parts, absent parts left out |
//!
//! Ids are handles into one graph: a deserialized id means something only to the graph that
//! issued it (lookups with another id return `None`). To move data between graphs, use the
//! JSON format ([`KnowledgeGraph::to_json`](crate::KnowledgeGraph::to_json)), which names
//! entities by key.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use super::attribution::Attribution;
use super::date::{DateRange, FactDate, PartialDate};
use super::fact::{Fact, Role};
use super::ids::{EntityId, FactKey, ReportId};
use super::kind::{EntityKind, KindSet};
use super::modality::{Modality, ModalitySet};
use super::quantity::{Amount, Quantity, QuantityKind, Unit};
use super::recurrence::Recurrence;
use super::relation::Relation;

/// Serialize through `Display`, deserialize through `FromStr` (which validates).
macro_rules! text_form {
    ($ty:ty, $what:literal) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

text_form!(PartialDate, "an EDTF date such as \"2004-11-19\"");
text_form!(DateRange, "a date range such as \"2004-11-01/2004-11-30\"");
text_form!(Amount, "an amount such as \"29\" or \"about 1000\"");
text_form!(
    Recurrence,
    "a recurrence such as \"yearly\" or \"every 2 years\""
);
text_form!(QuantityKind, "a quantity kind such as \"personnel\"");

/// The public form of a [`Quantity`]: kind, amount (text), unit, what is counted.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantityForm {
    kind: QuantityKind,
    value: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    of: Option<String>,
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        QuantityForm {
            kind: self.kind(),
            value: self.amount(),
            unit: self.unit().map(|u| u.to_string()),
            of: self.what().map(str::to_owned),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = QuantityForm::deserialize(d)?;
        let unit = match f.unit.as_deref() {
            None => None,
            Some(u) => Some(Unit::parse_for(f.kind, u).map_err(de::Error::custom)?),
        };
        let q = Quantity::new(f.kind, f.value, unit).map_err(de::Error::custom)?;
        match f.of {
            None => Ok(q),
            Some(of) => q.of(of).map_err(de::Error::custom),
        }
    }
}

impl Serialize for FactKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FactKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        FactKey::parse(&text).ok_or_else(|| {
            de::Error::invalid_value(de::Unexpected::Str(&text), &"16 hexadecimal digits")
        })
    }
}

impl Serialize for EntityId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.index() as u64)
    }
}

impl<'de> Deserialize<'de> for EntityId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let index = u32::deserialize(d)?;
        EntityId::from_index(index as usize).ok_or_else(|| {
            de::Error::invalid_value(
                de::Unexpected::Unsigned(u64::from(index)),
                &"an entity index below 4294967295",
            )
        })
    }
}

impl Serialize for ReportId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.index() as u64)
    }
}

impl<'de> Deserialize<'de> for ReportId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let index = u32::deserialize(d)?;
        ReportId::from_index(index as usize).ok_or_else(|| {
            de::Error::invalid_value(
                de::Unexpected::Unsigned(u64::from(index)),
                &"a report index below 4294967295",
            )
        })
    }
}

/// Serializes the members of a set as a list of names.
fn members<S: Serializer, T: Serialize>(
    s: S,
    items: impl ExactSizeIterator<Item = T>,
) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(items.len()))?;
    for item in items {
        seq.serialize_element(&item)?;
    }
    seq.end()
}

/// Reads a list of names into a `Vec`, for the sets' `of` constructors.
struct ListOf<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListOf<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of names")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }
}

impl Serialize for KindSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let kinds: Vec<EntityKind> = self.iter().collect();
        members(s, kinds.into_iter())
    }
}

impl<'de> Deserialize<'de> for KindSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let kinds = d.deserialize_seq(ListOf::<EntityKind>(std::marker::PhantomData))?;
        Ok(KindSet::of(&kinds))
    }
}

impl Serialize for ModalitySet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ms: Vec<Modality> = Modality::ALL
            .iter()
            .copied()
            .filter(|m| self.contains(*m))
            .collect();
        members(s, ms.into_iter())
    }
}

impl<'de> Deserialize<'de> for ModalitySet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let ms = d.deserialize_seq(ListOf::<Modality>(std::marker::PhantomData))?;
        Ok(ModalitySet::of(&ms))
    }
}

fn reported() -> Modality {
    Modality::Reported
}

fn is_reported(m: &Modality) -> bool {
    m.is_reported()
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The public form of a [`FactDate`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FactDateForm {
    date: String,
    #[serde(default, skip_serializing_if = "is_false")]
    year_inferred: bool,
}

impl Serialize for FactDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FactDateForm {
            date: self.to_string(),
            year_inferred: self.year_inferred(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for FactDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let form = FactDateForm::deserialize(d)?;
        let date: FactDate = form.date.parse().map_err(de::Error::custom)?;
        Ok(date.with_year_inferred(form.year_inferred))
    }
}

/// The public form of an [`Attribution`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AttributionForm {
    source: EntityId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    report: Option<ReportId>,
    #[serde(default, skip_serializing_if = "FactDate::is_unknown")]
    reported: FactDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    speaker: Option<EntityId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    inferred: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    claimed_date: Option<FactDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    claimed_valid: Option<FactDate>,
    /// Another place than the fact's that this source gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    claimed_place: Option<EntityId>,
    /// This source gives no place where the fact has one.
    #[serde(default, skip_serializing_if = "is_false")]
    claims_no_place: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    quantities: Vec<Quantity>,
}

impl Serialize for Attribution {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        AttributionForm {
            source: self.source(),
            report: self.report(),
            reported: self.reported(),
            speaker: self.speaker(),
            quote: self.quote().map(str::to_owned),
            inferred: self.inferred().map(str::to_owned),
            claimed_date: self.claimed_date(),
            claimed_valid: self.claimed_valid(),
            claimed_place: self.claimed_place().flatten(),
            claims_no_place: self.claimed_place() == Some(None),
            note: self.note().map(str::to_owned),
            quantities: self.quantities().to_vec(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Attribution {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = AttributionForm::deserialize(d)?;
        let mut a = Attribution::new(f.source).reported_on(f.reported);
        if let Some(r) = f.report {
            a = a.in_report(r);
        }
        if let Some(who) = f.speaker {
            a = a.with_speaker(who);
        }
        if let Some(q) = f.quote {
            a = a.with_quote(q);
        }
        if let Some(why) = f.inferred {
            a = a.inferred_because(why);
        }
        if let Some(date) = f.claimed_date {
            a = a.claiming_date(date);
        }
        if let Some(period) = f.claimed_valid {
            a = a.claiming_valid(period);
        }
        if f.claimed_place.is_some() || f.claims_no_place {
            a = a.claiming_place(f.claimed_place);
        }
        if let Some(note) = f.note {
            a = a.with_note(note);
        }
        for q in f.quantities {
            a = a.with_quantity(q);
        }
        a.settle();
        Ok(a)
    }
}

/// The public form of a [`Fact`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FactForm {
    relation: Relation,
    subject: EntityId,
    object: EntityId,
    #[serde(default, skip_serializing_if = "FactDate::is_unknown")]
    date: FactDate,
    #[serde(default = "reported", skip_serializing_if = "is_reported")]
    modality: Modality,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    place: Option<EntityId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recipient: Option<EntityId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    valid: Option<FactDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recurrence: Option<Recurrence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    edition: Option<std::num::NonZeroU32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sources: Vec<Attribution>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl Serialize for Fact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FactForm {
            relation: self.relation(),
            subject: self.subject(),
            object: self.object(),
            date: self.date(),
            modality: self.modality(),
            place: self.place(),
            recipient: self.recipient(),
            role: self.role().cloned(),
            valid: self.valid(),
            recurrence: self.recurrence(),
            edition: self.edition_number(),
            sources: self.sources().to_vec(),
            note: self.note().map(str::to_owned),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Fact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = FactForm::deserialize(d)?;
        let mut fact = Fact::new(f.relation, f.subject, f.object)
            .on(f.date)
            .with_modality(f.modality)
            .with_sources(f.sources);
        if let Some(p) = f.place {
            fact = fact.at(p);
        }
        if let Some(r) = f.recipient {
            fact = fact.to(r);
        }
        if let Some(role) = f.role {
            fact = fact.with_role(role);
        }
        if let Some(v) = f.valid {
            fact = fact.valid_during(v);
        }
        if let Some(r) = f.recurrence {
            fact = fact.recurring(r);
        }
        if let Some(e) = f.edition {
            fact = fact.edition(e);
        }
        if let Some(note) = f.note {
            fact = fact.with_note(note);
        }
        Ok(fact)
    }
}
