//! The analyst's typed questions: meetings, agreements, exercises and posts.
//!
//! Meetings and posts come one per fact, as iterators. Parties, signatories, participants,
//! hosts and an actor's exercises come grouped by entity ([`Supported`]), as a `Vec`: an
//! entity's group is complete only once every hop has been seen (a later fact may support
//! the first entity again), so no caller could stop early and save work.

use crate::model::date::FactDate;
use crate::model::fact::Role;
use crate::model::ids::EntityId;
use crate::model::kind::EntityKind;
use crate::model::relation::{Direction, Relation};
use crate::query::neighbours::{Filter, Hop};
use crate::query::refs::{EntityRef, FactRef};
use crate::store::graph::KnowledgeGraph;
use crate::store::hash::IdMap;

/// An entity in an answer together with every fact that supports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Supported<'g> {
    /// The entity.
    pub entity: EntityRef<'g>,
    /// The facts behind it, in fact-number order.
    pub facts: Vec<FactRef<'g>>,
}

/// Groups hops by their other end, keeping first-seen order and every supporting fact.
pub fn group_by_other<'g>(hops: impl IntoIterator<Item = Hop<'g>>) -> Vec<Supported<'g>> {
    let mut out: Vec<Supported<'g>> = Vec::new();
    let mut slot: IdMap<EntityId, usize> = IdMap::default();
    for hop in hops {
        let i = *slot.entry(hop.other_id()).or_insert_with(|| {
            out.push(Supported {
                entity: hop.other(),
                facts: Vec::new(),
            });
            out.len() - 1
        });
        if let Some(s) = out.get_mut(i) {
            s.facts.push(hop.fact());
        }
    }
    for s in &mut out {
        s.facts.sort_by_key(|f| f.id());
        s.facts.dedup();
    }
    out
}

/// A meeting: who met whom, when, where, according to whom (the fact's sources).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Meeting<'g> {
    /// One side (the entity asked about, or the fact's subject).
    pub who: EntityRef<'g>,
    /// The other side.
    pub with: EntityRef<'g>,
    /// The supporting `met` fact.
    pub fact: FactRef<'g>,
}

impl<'g> Meeting<'g> {
    /// When.
    pub fn date(&self) -> FactDate {
        self.fact.date()
    }

    /// Where, if known.
    pub fn place(&self) -> Option<EntityRef<'g>> {
        self.fact.place()
    }
}

/// A post: a person, the body they serve in, title and rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Position<'g> {
    /// The person.
    pub person: EntityRef<'g>,
    /// The body.
    pub body: EntityRef<'g>,
    /// Title and rank.
    pub role: &'g Role,
    /// The supporting `holds_position` fact.
    pub fact: FactRef<'g>,
}

impl KnowledgeGraph {
    /// Everyone `entity` met (either side of a `met` fact), with when, where and sources.
    ///
    /// ```
    /// use factgraph::datasets;
    /// let g = datasets::edm_2004_v1_i133();
    /// let s = g.find("Sembinov")?;
    /// let mut met: Vec<&str> = g.meetings(s.id(), Filter::any()).map(|m| m.with.name()).collect();
    /// met.sort();
    /// assert_eq!(met, ["James MacDougall", "Mira Ricardel", "Richard Armitage"]);
    /// # use factgraph::Filter;
    /// # Ok::<(), factgraph::LookupError>(())
    /// ```
    pub fn meetings(
        &self,
        entity: EntityId,
        filter: Filter,
    ) -> impl Iterator<Item = Meeting<'_>> + '_ {
        let filter = filter.relations(crate::RelationSet::of(&[Relation::Met]));
        self.neighbours(entity, filter).map(|hop| Meeting {
            who: hop.from(),
            with: hop.other(),
            fact: hop.fact(),
        })
    }

    /// Every meeting in the graph, once per `met` fact (subject as `who`).
    pub fn all_meetings(&self) -> impl Iterator<Item = Meeting<'_>> + '_ {
        self.facts_of_relation(Relation::Met).map(|fact| Meeting {
            who: fact.subject(),
            with: fact.object(),
            fact,
        })
    }

    /// The parties to an agreement (`party_to`), each with its facts.
    pub fn parties(&self, agreement: EntityId) -> Vec<Supported<'_>> {
        group_by_other(self.neighbours(
            agreement,
            Filter::relation(Relation::PartyTo).direction(Direction::Incoming),
        ))
    }

    /// The signatories of an agreement (`signed`), each with its facts (and so the date).
    pub fn signatories(&self, agreement: EntityId) -> Vec<Supported<'_>> {
        group_by_other(self.neighbours(
            agreement,
            Filter::relation(Relation::Signed).direction(Direction::Incoming),
        ))
    }

    /// Who took part in an exercise (or event, or programme), each with its facts.
    pub fn participants(&self, exercise: EntityId, filter: Filter) -> Vec<Supported<'_>> {
        group_by_other(
            self.neighbours(
                exercise,
                filter
                    .relations(crate::RelationSet::of(&[Relation::ParticipatedIn]))
                    .direction(Direction::Incoming),
            ),
        )
    }

    /// Who hosted an exercise or event, each with its facts.
    pub fn hosts(&self, exercise: EntityId) -> Vec<Supported<'_>> {
        group_by_other(self.neighbours(
            exercise,
            Filter::relation(Relation::Hosted).direction(Direction::Incoming),
        ))
    }

    /// The exercises an actor took part in, each with its facts.
    pub fn exercises_of(&self, actor: EntityId, filter: Filter) -> Vec<Supported<'_>> {
        group_by_other(
            self.neighbours(
                actor,
                filter
                    .relations(crate::RelationSet::of(&[Relation::ParticipatedIn]))
                    .direction(Direction::Outgoing)
                    .kinds(&[EntityKind::Exercise]),
            ),
        )
    }

    /// The posts a person holds.
    pub fn positions_of(&self, person: EntityId) -> impl Iterator<Item = Position<'_>> + '_ {
        self.neighbours(
            person,
            Filter::relation(Relation::HoldsPosition).direction(Direction::Outgoing),
        )
        .filter_map(|hop| position(hop.fact()))
    }

    /// The people who hold posts in a body.
    pub fn post_holders(&self, body: EntityId) -> impl Iterator<Item = Position<'_>> + '_ {
        self.neighbours(
            body,
            Filter::relation(Relation::HoldsPosition).direction(Direction::Incoming),
        )
        .filter_map(|hop| position(hop.fact()))
    }
}

/// A `holds_position` fact as a post.
pub(crate) fn position(fact: FactRef<'_>) -> Option<Position<'_>> {
    Some(Position {
        person: fact.subject(),
        body: fact.object(),
        role: fact.role()?,
        fact,
    })
}
