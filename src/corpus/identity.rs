//! Content identity of facts: [`FactKey`], a digest of what a fact says.

use crate::model::ids::{FactId, FactKey};
use crate::model::modality::Modality;
use crate::model::relation::Relation;
use crate::store::facts::FactView;
use crate::store::graph::KnowledgeGraph;
use crate::store::names::normalize_name;

/// 64-bit FNV-1a: tiny, fixed for all time (unlike std's hasher, whose algorithm may change
/// between Rust releases), and good enough to tell facts apart inside a corpus.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// A field, length-prefixed so that field boundaries cannot be forged by content.
    fn field(&mut self, text: &str) {
        self.bytes(&(text.len() as u64).to_le_bytes());
        self.bytes(text.as_bytes());
    }
}

impl KnowledgeGraph {
    /// The content key of a fact; `None` for an id this graph did not issue.
    ///
    /// ```
    /// use factgraph::{datasets, KnowledgeGraph};
    /// let g = datasets::edm_2004_v1_i133();
    /// let f = g.facts().next().unwrap();
    /// let key = g.fact_key(f.id()).unwrap();
    /// // The same content gives the same key in another graph, whatever its load order.
    /// let copy = KnowledgeGraph::from_json(&g.to_json())?;
    /// assert_eq!(copy.fact_key(f.id()), Some(key));
    /// assert_eq!(copy.fact_by_key(key).map(|f| f.id()), Some(f.id()));
    /// # Ok::<(), factgraph::JsonError>(())
    /// ```
    pub fn fact_key(&self, id: FactId) -> Option<FactKey> {
        self.facts.get(id.index()).map(|f| self.key_of(f))
    }

    /// Internal: the key of the fact at `index`, which the caller knows exists.
    pub(crate) fn fact_key_at(&self, index: usize) -> FactKey {
        self.facts.get(index).map_or(FactKey(0), |f| self.key_of(f))
    }

    /// The fact with this content key. O(facts): a scan, as keys are computed, not stored.
    pub fn fact_by_key(&self, key: FactKey) -> Option<crate::FactRef<'_>> {
        self.facts
            .iter()
            .position(|f| self.key_of(f) == key)
            .map(|i| self.fact_ref(FactId(i as u32)))
    }

    pub(crate) fn key_of(&self, f: FactView<'_>) -> FactKey {
        let key = |id| self.entity_data(id).map_or("", |e| e.key.as_str());
        let (mut s, mut o) = (key(f.subject()), key(f.object()));
        if f.relation().is_symmetric() && o < s {
            std::mem::swap(&mut s, &mut o);
        }
        let mut h = Fnv::new();
        h.field(f.relation().as_str());
        h.field(s);
        h.field(o);
        h.field(f.modality().as_str());
        match f.role() {
            Some(r) => {
                h.field(&r.title);
                h.field(r.rank.as_deref().unwrap_or(""));
            }
            None => {
                h.field("");
                h.field("");
            }
        }
        h.field(f.recipient().map_or("", key));
        h.field(f.place().map_or("", key));
        h.field(&f.date().to_string());
        h.bytes(&[u8::from(f.date().year_inferred())]);
        // Only when given, so facts without a valid time keep the keys they had.
        if let Some(v) = f.valid() {
            h.field("valid");
            h.field(&v.to_string());
        }
        FactKey(h.0)
    }
}

/// What makes two facts "the same statement" apart from date, place and valid time:
/// relation, ends (in a fixed order for symmetric relations), modality, role (folded) and
/// recipient. Merging groups claims by it; conflict detection compares facts within it.
/// `E` is how ends are named: entity ids in a graph, positions while a merge builds one.
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct Statement<E> {
    relation: Relation,
    ends: (E, E),
    modality: Modality,
    role: Option<(String, Option<String>)>,
    recipient: Option<E>,
}

impl<E: Copy> Statement<E> {
    /// The statement of `f`, its entities named through `name`; `swap` says whether a
    /// symmetric relation's ends go the other way round.
    pub(crate) fn of(
        f: FactView<'_>,
        name: impl Fn(crate::EntityId) -> E,
        swap: impl Fn(E, E) -> bool,
    ) -> Self {
        let (mut s, mut o) = (name(f.subject()), name(f.object()));
        if f.relation().is_symmetric() && swap(s, o) {
            std::mem::swap(&mut s, &mut o);
        }
        Statement {
            relation: f.relation(),
            ends: (s, o),
            modality: f.modality(),
            role: f.role().map(|r| {
                (
                    normalize_name(&r.title),
                    r.rank.as_deref().map(normalize_name),
                )
            }),
            recipient: f.recipient().map(name),
        }
    }

    /// The ends, in the statement's order.
    pub(crate) fn ends(&self) -> (E, E) {
        self.ends
    }
}
