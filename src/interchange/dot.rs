//! Graphviz DOT export.
//!
//! Entities are nodes `n<index>` (the entity's position in the graph, so ids are always
//! valid DOT identifiers whatever the keys and names), labelled with their name, with a
//! shape and fill colour per [kind](EntityKind) ([`kind_style`]). Facts are edges
//! subject → object in fact-number order, labelled with the relation (and the title for
//! `holds_position`) and the date; symmetric relations (`met`) are drawn without an arrow
//! head. Facts not reported as done are drawn dashed (`planned`, `intended`) or dotted
//! (`proposed`, `claimed`), in grey, with the modality in brackets before the relation.
//! Facts the coder inferred rather than read in a report
//! ([`Fact::is_inferred`](crate::Fact::is_inferred)) have `[inferred]` just before the
//! relation (after the modality, if shown: `[planned] [inferred] supplies`) and are
//! otherwise drawn as their modality says.
//!
//! Labels are DOT quoted strings read by Graphviz as `escString`: `\` is written `\\`, `"`
//! is written `\"`, `&` is written `&amp;` (Graphviz decodes HTML entities in every label)
//! and a line break `\n`; everything else, `<`, `{`, `|` and non-ASCII text
//! included, is written as it is and renders as written (the graph says
//! `charset="UTF-8"`). Control characters, which a label cannot show, become a space (tab)
//! or U+FFFD. No key, name or other data is ever written into a DOT comment.
//!
//! To draw a part of a graph, pass a subgraph (such as
//! [`EgoNetwork::to_graph`](crate::EgoNetwork::to_graph)) or restrict to a set of facts with
//! [`DotOptions::only_facts`] (such as the facts of a query answer).
//!
//! Render with `dot -Tpng factgraph.dot -o factgraph.png` (or `-Tsvg`).

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::escape::dot_string;
use crate::model::ids::FactId;
use crate::model::kind::EntityKind;
use crate::model::modality::Modality;
use crate::query::refs::FactRef;
use crate::store::graph::KnowledgeGraph;

/// What to draw and how. The default draws every entity and fact, with dates, no legend.
///
/// ```
/// use factgraph::interchange::dot::DotOptions;
/// let options = DotOptions::default().with_legend(true).hide_isolated(true);
/// assert!(options.legend && options.hide_isolated && options.dates);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DotOptions {
    /// Draw only these facts and the entities at their ends; `None` draws every fact and
    /// every entity. Ids the graph did not issue are ignored.
    pub facts: Option<BTreeSet<FactId>>,
    /// Leave out entities that no drawn fact touches (such as news sources, which appear in
    /// attributions rather than as ends of facts).
    pub hide_isolated: bool,
    /// Put the dates of facts in edge labels.
    pub dates: bool,
    /// Add a legend: a cluster with one sample node per kind drawn.
    pub legend: bool,
    /// Graphviz `rankdir`: `LR` (default) or `TB`, `RL`, `BT`.
    pub rankdir: RankDir,
}

/// The direction Graphviz lays out ranks in (its `rankdir` attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RankDir {
    /// Left to right.
    #[default]
    LeftRight,
    /// Top to bottom.
    TopBottom,
    /// Right to left.
    RightLeft,
    /// Bottom to top.
    BottomTop,
}

impl RankDir {
    fn as_str(self) -> &'static str {
        match self {
            RankDir::LeftRight => "LR",
            RankDir::TopBottom => "TB",
            RankDir::RightLeft => "RL",
            RankDir::BottomTop => "BT",
        }
    }
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions {
            facts: None,
            hide_isolated: false,
            dates: true,
            legend: false,
            rankdir: RankDir::default(),
        }
    }
}

impl DotOptions {
    /// The default options: everything, with dates, no legend.
    pub fn new() -> Self {
        DotOptions::default()
    }

    /// Draw only these facts (and the entities at their ends).
    pub fn only_facts(mut self, facts: impl IntoIterator<Item = FactId>) -> Self {
        self.facts = Some(facts.into_iter().collect());
        self
    }

    /// Leave out entities no drawn fact touches.
    pub fn hide_isolated(mut self, hide: bool) -> Self {
        self.hide_isolated = hide;
        self
    }

    /// Dates in edge labels or not.
    pub fn with_dates(mut self, dates: bool) -> Self {
        self.dates = dates;
        self
    }

    /// Add a legend cluster or not.
    pub fn with_legend(mut self, legend: bool) -> Self {
        self.legend = legend;
        self
    }

    /// Sets the layout direction.
    pub fn with_rankdir(mut self, rankdir: RankDir) -> Self {
        self.rankdir = rankdir;
        self
    }
}

/// How one entity kind is drawn: a Graphviz shape and a fill colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct KindStyle {
    /// Graphviz node shape.
    pub shape: &'static str,
    /// Fill colour, `#rrggbb`.
    pub fill: &'static str,
}

/// The shape and colour of each kind.
///
/// | kind | shape | fill |
/// |---|---|---|
/// | person | ellipse | `#cfe2ff` (blue) |
/// | country | doubleoctagon | `#ffe0b3` (orange) |
/// | state_body | box | `#d4edda` (green) |
/// | organisation | hexagon | `#e2d4f0` (violet) |
/// | agreement | note | `#fff3bf` (yellow) |
/// | exercise | diamond | `#f8d7da` (red) |
/// | event | parallelogram | `#d1ecf1` (cyan) |
/// | programme | cds | `#e9ecef` (grey) |
/// | equipment | box3d | `#dee2e6` (dark grey) |
/// | place | house | `#c3e6cb` (sage) |
/// | source | tab | `#f5f5f5` (white) |
pub const fn kind_style(kind: EntityKind) -> KindStyle {
    let (shape, fill) = match kind {
        EntityKind::Person => ("ellipse", "#cfe2ff"),
        EntityKind::Country => ("doubleoctagon", "#ffe0b3"),
        EntityKind::StateBody => ("box", "#d4edda"),
        EntityKind::Organisation => ("hexagon", "#e2d4f0"),
        EntityKind::Agreement => ("note", "#fff3bf"),
        EntityKind::Exercise => ("diamond", "#f8d7da"),
        EntityKind::Event => ("parallelogram", "#d1ecf1"),
        EntityKind::Programme => ("cds", "#e9ecef"),
        EntityKind::Equipment => ("box3d", "#dee2e6"),
        EntityKind::Place => ("house", "#c3e6cb"),
        EntityKind::Source => ("tab", "#f5f5f5"),
    };
    KindStyle { shape, fill }
}

/// The Graphviz edge `style` of a modality: `solid` for reported, `dashed` for planned
/// and intended, `dotted` for proposed and claimed.
pub const fn modality_style(modality: Modality) -> &'static str {
    match modality {
        Modality::Reported => "solid",
        Modality::Planned | Modality::Intended => "dashed",
        Modality::Proposed | Modality::Claimed => "dotted",
    }
}

/// The graph as DOT text. See the [module documentation](self) for the mapping.
///
/// ```
/// use factgraph::interchange::dot::{to_dot, DotOptions};
/// use factgraph::{datasets, Filter};
/// let g = datasets::edm_2004_v1_i133();
/// let sembinov = g.find("Sembinov")?;
/// let ego = g.ego_network(sembinov.id(), 1, Filter::any()).ok_or("not in graph")?.to_graph();
/// let dot = to_dot(&ego, &DotOptions::default().hide_isolated(true));
/// assert!(dot.starts_with("// factgraph"));
/// assert!(dot.contains("label=\"Bolat Sembinov\""));
///
/// // Only the facts of a query answer: what is planned, intended, proposed or claimed.
/// let plans = g.not_reported().map(|f| f.id());
/// let dot = to_dot(g, &DotOptions::default().only_facts(plans));
/// assert!(dot.contains("style=dashed") && !dot.contains("style=solid"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_dot(graph: &KnowledgeGraph, options: &DotOptions) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and only valid UTF-8 is written.
    let _ = write_dot(graph, &mut out, options);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the graph as DOT to the file at `path`, atomically (see [`super::file`]): a
/// failed write leaves the old file as it was.
///
/// # Errors
/// The I/O error of creating, writing, syncing or renaming the file.
pub fn write_dot_file(
    graph: &KnowledgeGraph,
    path: &std::path::Path,
    options: &DotOptions,
) -> io::Result<()> {
    super::file::write_atomically(path, |w| write_dot(graph, w, options))
}

/// Writes the graph as DOT (UTF-8) to `writer`. See [`to_dot`].
///
/// # Errors
/// The I/O error `writer` returns.
pub fn write_dot(
    graph: &KnowledgeGraph,
    mut writer: impl Write,
    options: &DotOptions,
) -> io::Result<()> {
    let facts: Vec<FactRef<'_>> = graph
        .facts()
        .filter(|f| options.facts.as_ref().is_none_or(|s| s.contains(&f.id())))
        .collect();
    let mut touched = vec![false; graph.id_bound()];
    for f in &facts {
        for id in [f.subject().id(), f.object().id()] {
            if let Some(t) = touched.get_mut(id.index()) {
                *t = true;
            }
        }
    }
    let show_all = options.facts.is_none() && !options.hide_isolated;
    let drawn = |i: usize| show_all || touched.get(i).copied().unwrap_or(false);

    let w = &mut writer;
    writeln!(
        w,
        "// factgraph: {} of {} entities, {} of {} facts",
        graph.entities().filter(|e| drawn(e.id().index())).count(),
        graph.entity_count(),
        facts.len(),
        graph.fact_count()
    )?;
    writeln!(w, "// Nodes: entity kind -> shape, fill colour")?;
    for &kind in EntityKind::ALL {
        let s = kind_style(kind);
        writeln!(w, "//   {:<12} {} {}", kind.as_str(), s.shape, s.fill)?;
    }
    writeln!(
        w,
        "// Edges: subject -> object, labelled with the relation and date; solid = reported,"
    )?;
    writeln!(
        w,
        "//   dashed grey = [planned] or [intended], dotted grey = [proposed] or [claimed];"
    )?;
    writeln!(
        w,
        "//   [inferred] = inferred by the coder, not stated by any report;"
    )?;
    writeln!(w, "//   no arrow head = symmetric relation (met).")?;
    writeln!(w, "digraph factgraph {{")?;
    write!(
        w,
        "  graph [charset=\"UTF-8\", rankdir={}, fontname=\"Helvetica\"",
        options.rankdir.as_str()
    )?;
    if let Some(title) = graph.title() {
        write!(w, ", label={}, labelloc=t", dot_string(title))?;
    }
    writeln!(w, "];")?;
    writeln!(
        w,
        "  node [style=filled, fontname=\"Helvetica\", fontsize=10];"
    )?;
    writeln!(w, "  edge [fontname=\"Helvetica\", fontsize=8];")?;

    for e in graph.entities() {
        if !drawn(e.id().index()) {
            continue;
        }
        let s = kind_style(e.kind());
        writeln!(
            w,
            "  n{} [label={}, shape={}, fillcolor=\"{}\", tooltip={}];",
            e.id().index(),
            dot_string(e.name()),
            s.shape,
            s.fill,
            dot_string(&format!("{}: {}", e.kind(), e.key()))
        )?;
    }

    for f in &facts {
        let mut label = String::new();
        if !f.modality().is_reported() {
            label.push_str(&format!("[{}] ", f.modality()));
        }
        if f.is_inferred() {
            label.push_str("[inferred] ");
        }
        label.push_str(f.relation().as_str());
        if let Some(role) = f.role() {
            label.push('\n');
            label.push_str(&role.title);
        }
        if options.dates && !f.date().is_unknown() {
            label.push('\n');
            label.push_str(&f.date().describe());
        }
        write!(
            w,
            "  n{} -> n{} [label={}, style={}",
            f.subject().id().index(),
            f.object().id().index(),
            dot_string(&label),
            modality_style(f.modality())
        )?;
        if !f.modality().is_reported() {
            write!(w, ", color=\"#666666\", fontcolor=\"#666666\"")?;
        }
        if f.relation().is_symmetric() {
            write!(w, ", dir=none")?;
        }
        writeln!(w, ", tooltip=\"fact {}\"];", f.id().index())?;
    }

    if options.legend {
        let mut kinds: Vec<EntityKind> = graph
            .entities()
            .filter(|e| drawn(e.id().index()))
            .map(|e| e.kind())
            .collect();
        kinds.sort();
        kinds.dedup();
        writeln!(w, "  subgraph cluster_legend {{")?;
        writeln!(w, "    label=\"Legend\"; fontsize=10; style=rounded;")?;
        for kind in kinds {
            let s = kind_style(kind);
            writeln!(
                w,
                "    legend_{k} [label=\"{k}\", shape={}, fillcolor=\"{}\"];",
                s.shape,
                s.fill,
                k = kind.as_str()
            )?;
        }
        writeln!(
            w,
            "    legend_edges [label=\"solid: reported\\ndashed: planned, intended\\ndotted: proposed, claimed\\n[inferred]: not stated, inferred by the coder\", shape=plaintext, style=\"\"];"
        )?;
        writeln!(w, "  }}")?;
    }
    writeln!(w, "}}")?;
    Ok(())
}
