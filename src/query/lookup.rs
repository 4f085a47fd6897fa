//! Finding entities and facts: by id, key, name or alias, kind and relation.
//!
//! One way to look an entity up, by what you hold:
//!
//! | you hold | call | answer | when it is not there |
//! |---|---|---|---|
//! | an [`EntityId`] from this graph | [`entity(id)`](KnowledgeGraph::entity) | `Option<EntityRef>` | `None` (an id from another graph) |
//! | a stable key (`"us_dod"`, or a key a merge retired) | [`get(key)`](KnowledgeGraph::get) | `Result<EntityRef, LookupError>` | [`LookupError::UnknownKey`] |
//! | a name or alias a person typed | [`find(name)`](KnowledgeGraph::find) | `Result<EntityRef, LookupError>` | [`LookupError::NotFound`] with the closest names, or [`LookupError::Ambiguous`] |
//! | a name shared across kinds | [`find_kind(name, kind)`](KnowledgeGraph::find_kind) | as `find` | as `find` |
//! | a name, wanting every bearer | [`find_all(name)`](KnowledgeGraph::find_all) | iterator | empty |
//!
//! Keys are exact; names are folded (case, whitespace, diacritics). Every lookup returns an
//! [`EntityRef`], which gives the id, the entity and its facts: there is no separate "id of
//! key" lookup (`entity_by_key`, deprecated, was one; `get(key)?.id()` says the same and
//! says which key was missing). `fact(id)` is the one lookup of a fact by id.

use crate::error::{Candidate, LookupError};
use crate::limits::quote;
use crate::model::ids::{EntityId, FactId};
use crate::model::kind::EntityKind;
use crate::model::relation::Relation;
use crate::query::refs::{EntityRef, FactRef};
use crate::store::graph::KnowledgeGraph;
use crate::store::names::normalize_name;

impl KnowledgeGraph {
    /// The entity with this id, or `None` for an id this graph did not issue.
    pub fn entity(&self, id: EntityId) -> Option<EntityRef<'_>> {
        self.entity_data(id).map(|entity| EntityRef {
            graph: self,
            id,
            entity,
        })
    }

    /// The fact with this id, or `None` for an id this graph did not issue.
    pub fn fact(&self, id: FactId) -> Option<FactRef<'_>> {
        self.fact_data(id).map(|fact| FactRef {
            graph: self,
            fact,
            known_by: crate::query::time::ALL_KNOWN,
        })
    }

    /// The entity with this stable key, or with a key a merge retired for it (see the
    /// [module documentation](self) for the other lookups). O(1).
    ///
    /// # Errors
    /// [`LookupError::UnknownKey`], quoting the key, when no entity has it.
    ///
    /// ```
    /// use factgraph::{datasets, LookupError};
    /// let g = datasets::edm_2004_v1_i133();
    /// let dod = g.get("us_department_of_defense")?;
    /// assert_eq!(g.entity(dod.id()).map(|e| e.key()), Some(dod.key()));
    /// assert!(matches!(g.get("no_such_key"), Err(LookupError::UnknownKey { .. })));
    /// # Ok::<(), LookupError>(())
    /// ```
    pub fn get(&self, key: &str) -> Result<EntityRef<'_>, LookupError> {
        self.key_id(key)
            .map(|id| self.entity_ref(id))
            .ok_or_else(|| LookupError::UnknownKey {
                key: quote(key, self.limits.quote_chars),
            })
    }

    /// The one entity with this name or alias, compared case-, whitespace- and
    /// diacritic-insensitively (see [`normalize_name`](crate::normalize_name())).
    ///
    /// O(length of the name) when found. A failed lookup searches for the closest names,
    /// compared in the folded form search and entity resolution use (Cyrillic
    /// transliterated, romanisation and spelling differences forgotten, so "Тасмагамбетоф"
    /// suggests "Imangali Tasmagambetov"), within a work budget ([`Limits::closest_work`](crate::Limits::closest_work)): at
    /// most that many trigram postings visited plus edit-distance cells computed, so it
    /// costs at most a few milliseconds whatever the graph holds (the first failed lookup
    /// also builds a trigram index of the names, once, in O(total name length)).
    ///
    /// # Errors
    /// A name several entities share is [`LookupError::Ambiguous`], listing them; an
    /// unknown name is [`LookupError::NotFound`] with the canonical names of the entities
    /// whose names or aliases are closest (for words inside names, see
    /// [`search`](Self::search)).
    ///
    /// ```
    /// use factgraph::{datasets, LookupError};
    /// let g = datasets::edm_2004_v1_i133();
    /// assert_eq!(g.find("  PENTAGON ")?.key(), "us_department_of_defense");
    /// match g.find("Sembinoff") {
    ///     Err(LookupError::NotFound { closest, .. }) => assert_eq!(closest.first().map(String::as_str), Some("Bolat Sembinov")),
    ///     other => panic!("{other:?}"),
    /// }
    /// # Ok::<(), LookupError>(())
    /// ```
    pub fn find(&self, name: &str) -> Result<EntityRef<'_>, LookupError> {
        let folded = normalize_name(name);
        match self.names.get(&folded) {
            [id] => Ok(self.entity_ref(*id)),
            [] => Err(LookupError::NotFound {
                name: quote(name, self.limits.quote_chars),
                closest: self.suggestions(&folded, |_| true),
            }),
            ids => Err(LookupError::Ambiguous {
                name: quote(name, self.limits.quote_chars),
                candidates: ids.iter().map(|id| self.candidate(*id)).collect(),
            }),
        }
    }

    /// Like [`find`](Self::find) but only among entities of `kind`, which settles names
    /// shared across kinds ("Steppe Eagle" the series and an event of that name).
    ///
    /// # Errors
    /// As [`find`](Self::find), among the entities of `kind` only.
    pub fn find_kind(&self, name: &str, kind: EntityKind) -> Result<EntityRef<'_>, LookupError> {
        let folded = normalize_name(name);
        let ids: Vec<EntityId> = self
            .names
            .get(&folded)
            .iter()
            .copied()
            .filter(|id| self.entity_ref(*id).kind() == kind)
            .collect();
        match ids.as_slice() {
            [id] => Ok(self.entity_ref(*id)),
            [] => Err(LookupError::NotFound {
                name: quote(name, self.limits.quote_chars),
                closest: self.suggestions(&folded, |id| self.kind_of(id) == Some(kind)),
            }),
            ids => Err(LookupError::Ambiguous {
                name: quote(name, self.limits.quote_chars),
                candidates: ids.iter().map(|id| self.candidate(*id)).collect(),
            }),
        }
    }

    /// The id of the entity with this key, or `None`.
    #[deprecated(
        since = "0.2.0",
        note = "use `get(key)`: it answers with an `EntityRef` (`.id()` for the id) or a `LookupError` naming the key"
    )]
    pub fn entity_by_key(&self, key: &str) -> Option<EntityId> {
        self.key_id(key)
    }

    /// Every entity carrying this name or alias (folded as in [`find`](Self::find)).
    pub fn find_all(&self, name: &str) -> impl Iterator<Item = EntityRef<'_>> + '_ {
        self.names
            .get(&normalize_name(name))
            .to_vec()
            .into_iter()
            .map(move |id| self.entity_ref(id))
    }

    /// Up to five canonical names of the entities whose names or aliases are closest to
    /// `folded`, best first, each once, only entities `keep` accepts.
    pub(crate) fn suggestions(&self, folded: &str, keep: impl Fn(EntityId) -> bool) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, ids) in self
            .names
            .closest(folded, 20, self.limits.closest_work)
            .names
        {
            for id in ids.iter().copied().filter(|id| keep(*id)) {
                let name = self.entity_ref(id).name();
                if out.len() < 5 && !out.iter().any(|n| n == name) {
                    out.push(name.to_owned());
                }
            }
        }
        out
    }

    fn candidate(&self, id: EntityId) -> Candidate {
        let e = self.entity_ref(id);
        let q = self.limits.quote_chars;
        Candidate {
            id,
            key: quote(e.key(), q),
            name: quote(e.name(), q),
            kind: e.kind(),
        }
    }

    /// Every entity, in insertion order.
    pub fn entities(&self) -> impl ExactSizeIterator<Item = EntityRef<'_>> + '_ {
        LiveIds {
            next: 0,
            end: self.entities.len(),
            remaining: self.entity_count(),
            holes: &self.burnt,
        }
        .map(move |i| self.entity_ref(EntityId::at(i as u32)))
    }

    /// Every fact, in insertion order (fact number order).
    pub fn facts(&self) -> impl ExactSizeIterator<Item = FactRef<'_>> + '_ {
        (0..self.facts.len()).map(move |i| self.fact_ref(FactId(i as u32)))
    }

    /// The entities of one kind, in insertion order; from the kind index, O(answer).
    pub fn entities_of_kind(
        &self,
        kind: EntityKind,
    ) -> impl ExactSizeIterator<Item = EntityRef<'_>> + '_ {
        self.by_kind
            .get(kind.slot())
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(move |id| self.entity_ref(*id))
    }

    /// The facts of one relation, in insertion order; from the relation index, O(answer).
    pub fn facts_of_relation(
        &self,
        relation: Relation,
    ) -> impl ExactSizeIterator<Item = FactRef<'_>> + '_ {
        self.by_relation
            .get(relation.slot())
            .map_or(&[][..], |l| l.as_slice())
            .iter()
            .map(move |id| self.fact_ref(*id))
    }
}

/// Entity positions in order, skipping the placeholders of burnt ids.
struct LiveIds<'g> {
    next: usize,
    end: usize,
    remaining: usize,
    /// The burnt ranges not yet passed.
    holes: &'g [(u32, u32)],
}

impl Iterator for LiveIds<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.next < self.end {
            match self.holes.split_first() {
                Some((&(start, end), rest)) if start as usize <= self.next => {
                    self.next = self.next.max(end as usize);
                    self.holes = rest;
                }
                _ => {
                    let i = self.next;
                    self.next += 1;
                    self.remaining = self.remaining.saturating_sub(1);
                    return Some(i);
                }
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for LiveIds<'_> {}
