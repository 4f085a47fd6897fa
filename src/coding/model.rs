//! What the coder proposes: entities with their mentions, citations and candidate facts,
//! each tied to the words it comes from.

use super::span::{Sentence, Span};
use crate::model::date::FactDate;
use crate::model::kind::EntityKind;
use crate::model::modality::Modality;
use crate::model::relation::Relation;

/// How a coded entity is linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// An entity of the graph coded against (its key is the entity's key).
    Graph,
    /// An entry of the coder's small dictionary of countries and well-known bodies.
    Dictionary,
    /// A name the graph does not know: a new candidate entity, its kind guessed from
    /// `cue` (the word or position that told it: "Ministry", "rank", "exercise list").
    New {
        /// What told the kind.
        cue: &'static str,
    },
}

/// Where a name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// The words.
    pub span: Span,
    /// The sentence's index.
    pub sentence: usize,
}

/// An entity the coded text names.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedEntity {
    /// Its key: the graph's key when linked, else made from the name.
    pub key: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Its canonical name.
    pub name: String,
    /// Other names (the graph's, or the forms the text used).
    pub aliases: Vec<String>,
    /// How it is linked.
    pub link: Link,
    /// Where the text names it.
    pub mentions: Vec<Mention>,
}

/// A citation of an outlet: "(Interfax-Kazakhstan, November 19)", "according to Kazinform".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Citation {
    /// The cited outlet (an index into [`Coding::entities`]).
    pub source: usize,
    /// The cited item's date, if given.
    pub date: Option<FactDate>,
    /// The citation's words.
    pub span: Span,
    /// The sentence it is written in.
    pub sentence: usize,
}

/// The rule that proposed a candidate fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// "X met A, B and C".
    Met,
    /// "X's trip to P", "X visited P".
    Visit,
    /// "X signed A".
    Signed,
    /// "participation by X", "X took part in E".
    Participation,
    /// "Kazakhstani forces in Steppe Eagle": troops of a country in an exercise.
    TroopsInExercise,
    /// "Kazakhstani peacekeepers in Iraq": troops of a country in a place.
    TroopsInPlace,
    /// "E held in P" (a place or country).
    HeldIn,
    /// "E held in B" (a body), or "B hosted E".
    Hosted,
    /// "X addressed E", "X explained during an interview".
    Addressed,
    /// "discussed", "focused on", "touched upon", "noting", "report on": one fact per
    /// topic of the enumeration.
    Topic,
    /// "X, head of ... at B": a post in apposition.
    Apposition,
    /// "would like", "envisages", "plans to", "keen to": a plan or intention.
    Intention,
    /// "X supplies E to Y", "X provided, delivered, donated, sent A (to Y)".
    Supply,
    /// "X and Y agreed to ...", "X agreed on a pact", "promised to", "offered to".
    Agreed,
}

impl Rule {
    /// Every rule.
    pub const ALL: &'static [Rule] = &[
        Rule::Met,
        Rule::Visit,
        Rule::Signed,
        Rule::Participation,
        Rule::TroopsInExercise,
        Rule::TroopsInPlace,
        Rule::HeldIn,
        Rule::Hosted,
        Rule::Addressed,
        Rule::Topic,
        Rule::Apposition,
        Rule::Intention,
        Rule::Supply,
        Rule::Agreed,
    ];

    /// The rule a candidate file names (`"met"`, `"troops_in_place"`), if there is one.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.as_str() == name)
    }

    /// The rule's name as the candidate file writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Rule::Met => "met",
            Rule::Visit => "visit",
            Rule::Signed => "signed",
            Rule::Participation => "participation",
            Rule::TroopsInExercise => "troops_in_exercise",
            Rule::TroopsInPlace => "troops_in_place",
            Rule::HeldIn => "held_in",
            Rule::Hosted => "hosted",
            Rule::Addressed => "addressed",
            Rule::Topic => "topic",
            Rule::Apposition => "apposition",
            Rule::Intention => "intention",
            Rule::Supply => "supply",
            Rule::Agreed => "agreed",
        }
    }
}

/// A candidate fact: machine-coded, awaiting review.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Its id in the candidate file (`c1`, `c2`, ...).
    pub id: String,
    /// The relation.
    pub relation: Relation,
    /// The subject (an index into [`Coding::entities`]).
    pub subject: usize,
    /// The object (an index into [`Coding::entities`]).
    pub object: usize,
    /// The date, if the sentence gives one.
    pub date: Option<FactDate>,
    /// Reported, planned, intended, ...
    pub modality: Modality,
    /// The title, for `holds_position`.
    pub title: Option<String>,
    /// The rule that proposed it.
    pub rule: Rule,
    /// The sentence it comes from.
    pub sentence: usize,
    /// The cue words ("met", "trip to", "envisages").
    pub cue: Span,
    /// The subject's and the object's words.
    pub subject_span: Span,
    /// The object's words.
    pub object_span: Span,
    /// The citation it is attributed through (an index into [`Coding::citations`]), or
    /// `None` when the report says it on its own authority.
    pub citation: Option<usize>,
    /// The speaker whose statement it is (an index into [`Coding::entities`]).
    pub speaker: Option<usize>,
    /// The speaker's quoted words, cut to a short phrase.
    pub quote: Option<Span>,
    /// Why the candidate reads more than its words state ("a host meets the guest"), or
    /// `None` when it is stated outright; written as the source's `inferred`.
    pub inferred: Option<String>,
}

/// The coding of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Coding {
    /// The coded text.
    pub text: String,
    /// Its sentences.
    pub sentences: Vec<Sentence>,
    /// The entities it names.
    pub entities: Vec<CodedEntity>,
    /// The outlets it cites.
    pub citations: Vec<Citation>,
    /// The candidate facts.
    pub candidates: Vec<Candidate>,
    /// The report's description.
    pub report: super::ReportMeta,
    /// What the text was read from: plain text, or the text of an HTML page (which the
    /// candidate file then records, since its spans refer to it).
    pub input: InputFormat,
}

/// What a coded text was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum InputFormat {
    /// Plain text, coded as given.
    #[default]
    Text,
    /// An HTML page, whose text (`coding::html_to_text`, feature `html-input`) was coded.
    Html,
}

impl InputFormat {
    /// `text` or `html`, as the candidate file writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
        }
    }
}

impl Coding {
    /// The entity at `index` of [`entities`](Self::entities).
    pub fn entity(&self, index: usize) -> Option<&CodedEntity> {
        self.entities.get(index)
    }

    /// The words of a span of the coded text.
    pub fn words(&self, span: Span) -> &str {
        span.text(&self.text)
    }
}
