//! A briefing to look at: one self-contained HTML page with a link chart of an entity's
//! network, a timeline, a summary of the graph, a search box, and every fact's citations
//! one click away (feature `html`, on by default).
//!
//! ```
//! use factgraph::briefing::{self, BriefingOptions, Focus};
//! let g = factgraph::datasets::corpus();
//! let focus = Focus::resolve(g, "Altynbayev")?;
//! let page = briefing::to_html(g, &BriefingOptions::new().focus(focus.entity.id()))?;
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! assert!(page.len() < 2_000_000);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The page works offline, opened from disk: it holds the drawing library
//! ([cytoscape.js](https://js.cytoscape.org) 3.35.0, MIT, vendored under
//! `src/briefing/assets/vendor/` with its licence), its own script and style, and the
//! data as one JSON document; a Content Security Policy (`default-src 'none'`, scripts
//! and styles only by the page's nonce) forbids any request. Names, quotes and notes are
//! data: the JSON is escaped so that it cannot end its element (see `embed`), and the
//! script shows every string with `textContent`, never as markup.
//!
//! What the page holds: the focus's ego network within [`BriefingOptions::hops`] hops
//! (every fact among the entities reached, as [`KnowledgeGraph::ego_network`] finds
//! them), the facts the summary names (best corroborated, most recently reported, the
//! conflicts), and every entity and report those facts refer to. The filters (relation,
//! modality, stated only, date range, hops) run in the page, with the semantics of
//! [`Filter`] and [`KnowledgeGraph::ego_network`]: a
//! relation, modality or date filter also decides which entities are reached. The
//! date range set here ([`BriefingOptions::from`], [`to`](BriefingOptions::to)) is the
//! one the page opens with, and the reader may widen it: the data is not cut to it.
//!
//! Design and the choice of drawing library: `docs/BRIEFING.md`.
//!
//! # Cost
//! One ego-network search (within the graph's
//! [`search_expansions`](crate::Limits::search_expansions) budget), one pass over the
//! facts for the summary, and the graph's conflicts (at most 100,000 examined). The
//! page is the library (442 KB), the script, and about 1.5 KB per fact it holds.

mod data;
mod embed;
mod focus;

use std::path::{Path, PathBuf};

pub use focus::Focus;

use crate::model::date::PartialDate;
use crate::model::ids::EntityId;
use crate::query::connection::SearchError;
use crate::query::neighbours::Filter;
use crate::store::graph::KnowledgeGraph;

/// The vendored drawing library: cytoscape.js, minified, as published on npm.
const CYTOSCAPE: &str = include_str!("assets/vendor/cytoscape.min.js");
/// The page's own script.
const SCRIPT: &str = include_str!("assets/briefing.js");
/// The page's style.
const STYLE: &str = include_str!("assets/briefing.css");
/// The page, with `{{NAME}}` slots for the parts above.
const TEMPLATE: &str = include_str!("assets/page.html");

/// The version of the vendored cytoscape.js (`src/briefing/assets/vendor/README.md`).
pub const CYTOSCAPE_VERSION: &str = "3.35.0";

/// The default of [`BriefingOptions::max_facts`].
pub const DEFAULT_MAX_FACTS: usize = 20_000;

/// What a briefing page shows: the focus, how many hops around it, the date range it
/// opens with. The default focuses on the entity with the most facts, two hops, no date
/// range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefingOptions {
    focus: Option<EntityId>,
    focus_note: Option<String>,
    hops: usize,
    from: Option<PartialDate>,
    to: Option<PartialDate>,
    max_facts: usize,
}

impl Default for BriefingOptions {
    fn default() -> Self {
        BriefingOptions::new()
    }
}

impl BriefingOptions {
    /// No focus (the entity with the most facts is taken), two hops, no date range.
    pub fn new() -> Self {
        BriefingOptions {
            focus: None,
            focus_note: None,
            hops: 2,
            from: None,
            to: None,
            max_facts: DEFAULT_MAX_FACTS,
        }
    }

    /// The entity the chart is centred on.
    pub fn focus(mut self, entity: EntityId) -> Self {
        self.focus = Some(entity);
        self
    }

    /// A line the page shows under the focus's name: how it was chosen (see
    /// [`Focus::how`]).
    pub fn focus_note(mut self, note: impl Into<String>) -> Self {
        self.focus_note = Some(note.into());
        self
    }

    /// The most hops from the focus the page holds: 1 or 2 (the page shows 1 first and
    /// offers 2). Other values are refused by [`to_html`] with [`BriefingError::Hops`].
    pub fn hops(mut self, hops: usize) -> Self {
        self.hops = hops;
        self
    }

    /// The first day of the date range the page opens with: from the first day of `date`.
    pub fn from(mut self, date: PartialDate) -> Self {
        self.from = Some(date);
        self
    }

    /// The last day of the date range the page opens with: to the last day of `date`.
    pub fn to(mut self, date: PartialDate) -> Self {
        self.to = Some(date);
        self
    }

    /// The most facts the network may hold ([`DEFAULT_MAX_FACTS`]); a larger one is
    /// refused with [`BriefingError::TooLarge`] rather than written as a page no browser
    /// draws usefully.
    pub fn max_facts(mut self, n: usize) -> Self {
        self.max_facts = n;
        self
    }
}

/// Why a briefing page could not be made or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BriefingError {
    /// The focus is not an entity of this graph.
    #[error("the focus, {id}, is not in this graph")]
    UnknownFocus {
        /// The id given.
        id: EntityId,
    },
    /// The graph has no entity to focus on.
    #[error("the graph has no entities to brief on")]
    Empty,
    /// Hops other than 1 or 2.
    #[error("hops must be 1 or 2, not {hops}")]
    Hops {
        /// The value given.
        hops: usize,
    },
    /// The date range begins after it ends.
    #[error("the date range is reversed: from {from} begins after to {to} ends")]
    Reversed {
        /// The first date.
        from: PartialDate,
        /// The last date.
        to: PartialDate,
    },
    /// Finding the network followed more facts than the graph's search budget.
    #[error(
        "the {hops}-hop network of `{focus}` is past the search budget ({budget} facts followed); ask for 1 hop"
    )]
    Budget {
        /// The focus's name.
        focus: String,
        /// The hops asked for.
        hops: usize,
        /// The budget.
        budget: usize,
    },
    /// The network holds more facts than [`BriefingOptions::max_facts`].
    #[error(
        "the {hops}-hop network of `{focus}` holds {facts} facts, more than the limit of {max}; ask for 1 hop or raise the limit"
    )]
    TooLarge {
        /// The focus's name.
        focus: String,
        /// The hops asked for.
        hops: usize,
        /// The facts in the network.
        facts: usize,
        /// The limit.
        max: usize,
    },
    /// The page could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

/// The entity with the most facts (the first such), for a page asked without a focus.
fn busiest(graph: &KnowledgeGraph) -> Option<EntityId> {
    graph
        .entities()
        .map(|e| (graph.adjacency.all(e.id()).len(), e.id()))
        .max_by_key(|(n, id)| (*n, std::cmp::Reverse(*id)))
        .map(|(_, id)| id)
}

/// A nonce for the page's Content Security Policy: 128 bits from the standard library's
/// randomly keyed hasher (a fresh key per call), so that markup smuggled into the data
/// could not name it even if it escaped its element.
fn nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    let part = |salt: u64| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(salt);
        if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            h.write_u128(t.as_nanos());
        }
        h.finish()
    };
    format!("{:016x}{:016x}", part(1), part(2))
}

/// The briefing page for `graph` as one self-contained HTML document (see the [module
/// documentation](self)).
///
/// # Errors
/// [`BriefingError::UnknownFocus`], [`Empty`](BriefingError::Empty),
/// [`Hops`](BriefingError::Hops), [`Reversed`](BriefingError::Reversed),
/// [`Budget`](BriefingError::Budget) or [`TooLarge`](BriefingError::TooLarge), as they
/// say.
pub fn to_html(graph: &KnowledgeGraph, options: &BriefingOptions) -> Result<String, BriefingError> {
    if !(1..=2).contains(&options.hops) {
        return Err(BriefingError::Hops { hops: options.hops });
    }
    if let (Some(from), Some(to)) = (options.from, options.to) {
        if from.first_day_number() > to.last_day_number() {
            return Err(BriefingError::Reversed { from, to });
        }
    }
    let focus = match options.focus {
        Some(id) => id,
        None => busiest(graph).ok_or(BriefingError::Empty)?,
    };
    let budget = graph.limits().search_expansions;
    let ego = graph
        .try_ego_network(focus, options.hops, Filter::any(), budget)
        .map_err(|e| match e {
            SearchError::UnknownEntity { id } => BriefingError::UnknownFocus { id },
            SearchError::Budget { budget } => BriefingError::Budget {
                focus: graph.entity_ref(focus).name().to_owned(),
                hops: options.hops,
                budget,
            },
        })?;
    if ego.fact_count() > options.max_facts {
        return Err(BriefingError::TooLarge {
            focus: ego.center().name().to_owned(),
            hops: options.hops,
            facts: ego.fact_count(),
            max: options.max_facts,
        });
    }
    let note = options.focus_note.clone().or_else(|| {
        options
            .focus
            .is_none()
            .then(|| "no focus was asked for: the entity with the most facts".to_owned())
    });
    let data = data::page_data(graph, &ego, options.hops, note, (options.from, options.to));
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "null".to_owned());
    let title = format!("{} — {}", ego.center().name(), data.title);
    Ok(fill(&[
        ("TITLE", &embed::html_text(&title)),
        ("NONCE", &nonce()),
        ("STYLE", STYLE),
        ("CYTOSCAPE", CYTOSCAPE),
        ("SCRIPT", SCRIPT),
        ("DATA", &embed::json_for_script(&json)),
    ]))
}

/// Writes [`to_html`]'s page to `path`, atomically (a reader never sees half a page).
///
/// # Errors
/// As [`to_html`], and [`BriefingError::Write`] when the file cannot be written.
pub fn write_html(
    graph: &KnowledgeGraph,
    options: &BriefingOptions,
    path: &Path,
) -> Result<usize, BriefingError> {
    use std::io::Write;
    let page = to_html(graph, options)?;
    crate::interchange::file::write_atomically(path, |w| w.write_all(page.as_bytes())).map_err(
        |source| BriefingError::Write {
            path: path.to_owned(),
            source,
        },
    )?;
    Ok(page.len())
}

/// The template with each `{{NAME}}` slot replaced by its part, in one pass over the
/// template only: a part that holds `{{…}}` (the library might) is copied as is.
fn fill(parts: &[(&str, &str)]) -> String {
    let extra: usize = parts.iter().map(|(_, p)| p.len()).sum();
    let mut out = String::with_capacity(TEMPLATE.len() + extra);
    let mut rest = TEMPLATE;
    while let Some(start) = rest.find("{{") {
        let (before, slot) = rest.split_at(start);
        out.push_str(before);
        let name_end = slot.find("}}");
        let part = name_end.and_then(|end| {
            let name = slot.get(2..end)?;
            parts
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, p)| (*p, end + 2))
        });
        match part {
            Some((p, len)) => {
                out.push_str(p);
                rest = slot.get(len..).unwrap_or("");
            }
            None => {
                out.push_str("{{");
                rest = slot.get(2..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets;
    use crate::{Entity, EntityKind, Fact, Relation};

    #[test]
    fn every_slot_of_the_template_is_filled_once() {
        for slot in ["TITLE", "NONCE", "STYLE", "CYTOSCAPE", "SCRIPT", "DATA"] {
            assert!(TEMPLATE.contains(&format!("{{{{{slot}}}}}")), "{slot}");
        }
        let g = datasets::edm_2004_v1_i133();
        let page = to_html(g, &BriefingOptions::new()).unwrap();
        for slot in [
            "{{TITLE}}",
            "{{NONCE}}",
            "{{STYLE}}",
            "{{SCRIPT}}",
            "{{DATA}}",
        ] {
            assert!(!page.contains(slot), "{slot}");
        }
        // The data is embedded once.
        assert_eq!(page.matches("id=\"fg-data\"").count(), 1);
    }

    #[test]
    fn the_policy_forbids_requests_and_names_the_nonce() {
        let g = datasets::edm_2004_v1_i133();
        let page = to_html(g, &BriefingOptions::new()).unwrap();
        let csp = page
            .split("Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap();
        assert!(csp.starts_with("default-src 'none'"), "{csp}");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap();
        assert_eq!(nonce.len(), 32);
        assert_eq!(page.matches(&format!("nonce=\"{nonce}\"")).count(), 3);
    }

    #[test]
    fn bad_options_are_refused_with_what_was_wrong() {
        let g = datasets::edm_2004_v1_i133();
        let e = to_html(g, &BriefingOptions::new().hops(3)).unwrap_err();
        assert!(matches!(e, BriefingError::Hops { hops: 3 }));
        let from = PartialDate::year(2005).unwrap();
        let to = PartialDate::year(2004).unwrap();
        let e = to_html(g, &BriefingOptions::new().from(from).to(to)).unwrap_err();
        assert!(e.to_string().contains("reversed"), "{e}");
        let e = to_html(g, &BriefingOptions::new().max_facts(3)).unwrap_err();
        assert!(matches!(e, BriefingError::TooLarge { max: 3, .. }), "{e}");
        assert!(matches!(
            to_html(&KnowledgeGraph::new(), &BriefingOptions::new()),
            Err(BriefingError::Empty)
        ));
    }

    #[test]
    fn hostile_names_and_notes_stay_inside_the_data() {
        // Made-up data.
        let mut g = KnowledgeGraph::new();
        let evil = "</script><script>alert(1)</script><!-- \u{202e}gnp.exe \u{2028}";
        let a = g
            .add_entity(Entity::new("a", EntityKind::Person, evil).with_note(evil))
            .unwrap();
        let b = g
            .add_entity(Entity::new(
                "b",
                EntityKind::Person,
                "<img src=x onerror=alert(2)>",
            ))
            .unwrap();
        g.add_fact(Fact::new(Relation::Met, a, b).with_note(evil))
            .unwrap();
        let page = to_html(&g, &BriefingOptions::new().focus(a)).unwrap();
        // The page's own markup has exactly two script elements that run and one of data.
        assert_eq!(page.to_lowercase().matches("<script").count(), 3);
        assert_eq!(page.to_lowercase().matches("</script").count(), 3);
        assert!(!page.contains("<img"));
        assert!(!page.contains('\u{202e}') && !page.contains('\u{2028}'));
        // The title (written by Rust) is escaped as text.
        assert!(page.contains("&lt;/script&gt;"));
    }

    #[test]
    fn fill_copies_parts_verbatim() {
        let out = fill(&[("TITLE", "{{DATA}}"), ("DATA", "x")]);
        assert!(
            out.contains("<title>{{DATA}}"),
            "a part is not scanned again"
        );
    }
}
