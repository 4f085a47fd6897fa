//! GraphML export, for Gephi, yEd, Cytoscape, networkx and igraph.
//!
//! One `<graph edgedefault="directed">`; entity *n* is `<node id="n<n>">`, fact *n* is
//! `<edge id="e<n>">` from its subject to its object, carrying among others the fact's
//! content key (`fact_key`) and whether a report states it (`stated`, `false` for a fact
//! the coder inferred). Every attribute is declared by a typed `<key>` ([`NODE_KEYS`],
//! [`EDGE_KEYS`], [`GRAPH_KEYS`]); a `<data>` element is written only when the value is
//! present (no note, no date: no element), except booleans, counts and the fact key, which
//! are always written.
//!
//! Lists and maps, which GraphML cannot type, are written as JSON text: `aliases` as a JSON
//! array of strings, `attributes` as a JSON object, `source_keys` as a JSON array. `label`
//! repeats the name (nodes) or the relation (edges) because Gephi and yEd show an attribute
//! of that name.
//!
//! Text is escaped for XML 1.0: `&`, `<`, `>` always, `"` and `'` in attribute values,
//! carriage returns as `&#13;` (and tab and line feed too inside attribute values) so that
//! a parser returns them unchanged. XML 1.0 cannot hold the other C0 control characters
//! (U+0000–U+001F except tab, line feed and carriage return) nor U+FFFE and U+FFFF in any
//! form: each is **replaced by U+FFFD**. Every other character, non-ASCII included, is
//! written as it is in UTF-8.

use std::io::{self, Write};

use super::escape::{xml_attr, xml_text};
use super::precision_name;
use crate::model::quantity::QuantityKind;
use crate::store::graph::KnowledgeGraph;

/// A declared GraphML attribute: its `<key id>`, `attr.name` and `attr.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct GraphmlKey {
    /// The `id` of the `<key>`, used by `<data key="...">`.
    pub id: &'static str,
    /// The attribute name tools show (`attr.name`).
    pub name: &'static str,
    /// `string`, `int` or `boolean` (`attr.type`).
    pub ty: &'static str,
}

const fn key(id: &'static str, name: &'static str, ty: &'static str) -> GraphmlKey {
    GraphmlKey { id, name, ty }
}

/// Keys of the `<graph>`: `title`.
pub const GRAPH_KEYS: [GraphmlKey; 1] = [key("g_title", "title", "string")];

/// Keys of nodes (entities): `kind`, `key`, `name`, `label` (= name), `aliases` (JSON
/// array), `attributes` (JSON object), `note`.
pub const NODE_KEYS: [GraphmlKey; 7] = [
    key("n_kind", "kind", "string"),
    key("n_key", "key", "string"),
    key("n_name", "name", "string"),
    key("n_label", "label", "string"),
    key("n_aliases", "aliases", "string"),
    key("n_attributes", "attributes", "string"),
    key("n_note", "note", "string"),
];

/// Keys of edges (facts): `fact` (the fact number), `fact_key` (the fact's
/// [content key](crate::FactKey), 16 hexadecimal digits), `relation`, `label` (= relation),
/// `date` (as in the JSON format: `2004-11-19`, `2004-11`, `2004`, `2003/2008`),
/// `precision` (`day`, `month` or `year`; the coarser end for a range), `year_inferred`,
/// `earliest` and `latest` (first and last day the date may stand for, `YYYY-MM-DD`),
/// `modality`, `place` and `recipient` (entity keys), `role_title`, `role_rank`, `sources`
/// (one line summarizing the attributions), `source_count`, `source_keys` (JSON array of
/// the source entities' keys, in order), `note`, `reported` (whether the modality is
/// `reported`, for filtering in viewers), `stated` (`false` when the coder inferred the
/// fact from every report it has, see [`Fact::is_inferred`](crate::Fact::is_inferred)),
/// and the fact's quantities: one `long` per kind (`personnel`, `money`, `killed`,
/// `wounded`, `count`, `duration`: the first report's number of that kind without `of`,
/// the value a chart plots), `money_currency` (ISO 4217) and `duration_unit` for those
/// numbers, `quantities` (every quantity of every report as a JSON array of objects:
/// `kind`, `amount`, `qualifier`, `value`, `low`, `high`, `unit`, `of`, `source`,
/// `report`), `recurrence` (`yearly`, `every 2 years`) and `edition` (the ordinal as
/// stated).
pub const EDGE_KEYS: [GraphmlKey; 32] = [
    key("e_fact", "fact", "int"),
    key("e_fact_key", "fact_key", "string"),
    key("e_relation", "relation", "string"),
    key("e_label", "label", "string"),
    key("e_date", "date", "string"),
    key("e_valid", "valid", "string"),
    key("e_precision", "precision", "string"),
    key("e_year_inferred", "year_inferred", "boolean"),
    key("e_earliest", "earliest", "string"),
    key("e_latest", "latest", "string"),
    key("e_modality", "modality", "string"),
    key("e_place", "place", "string"),
    key("e_recipient", "recipient", "string"),
    key("e_role_title", "role_title", "string"),
    key("e_role_rank", "role_rank", "string"),
    key("e_sources", "sources", "string"),
    key("e_source_count", "source_count", "int"),
    key("e_source_keys", "source_keys", "string"),
    key("e_note", "note", "string"),
    key("e_reported", "reported", "boolean"),
    key("e_stated", "stated", "boolean"),
    key("e_personnel", "personnel", "long"),
    key("e_money", "money", "long"),
    key("e_money_currency", "money_currency", "string"),
    key("e_killed", "killed", "long"),
    key("e_wounded", "wounded", "long"),
    key("e_count", "count", "long"),
    key("e_duration", "duration", "long"),
    key("e_duration_unit", "duration_unit", "string"),
    key("e_quantities", "quantities", "string"),
    key("e_recurrence", "recurrence", "string"),
    key("e_edition", "edition", "int"),
];

/// The graph as a GraphML document. See the [module documentation](self).
///
/// ```
/// use factgraph::interchange::graphml::to_graphml;
/// let g = factgraph::datasets::edm_2004_v1_i133();
/// let xml = to_graphml(g);
/// assert!(xml.contains(r#"<graph id="G" edgedefault="directed">"#));
/// assert_eq!(xml.matches("<node ").count(), g.entity_count());
/// assert_eq!(xml.matches("<edge ").count(), g.fact_count());
/// ```
pub fn to_graphml(graph: &KnowledgeGraph) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and only valid UTF-8 is written.
    let _ = write_graphml(graph, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Appends `<data key="id">value</data>` on its own line.
fn data(buf: &mut String, indent: &str, id: &str, value: &str) {
    buf.push_str(indent);
    buf.push_str("<data key=\"");
    xml_attr(buf, id);
    buf.push_str("\">");
    xml_text(buf, value);
    buf.push_str("</data>\n");
}

/// Writes the graph as GraphML (UTF-8) to `writer`, one element at a time. See
/// [`to_graphml`].
///
/// # Errors
/// The I/O error `writer` returns.
pub fn write_graphml(graph: &KnowledgeGraph, mut writer: impl Write) -> io::Result<()> {
    let mut buf = String::new();
    buf.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    buf.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (target, keys) in [
        ("graph", &GRAPH_KEYS[..]),
        ("node", &NODE_KEYS[..]),
        ("edge", &EDGE_KEYS[..]),
    ] {
        for k in keys {
            buf.push_str(&format!(
                "  <key id=\"{}\" for=\"{target}\" attr.name=\"{}\" attr.type=\"{}\"/>\n",
                k.id, k.name, k.ty
            ));
        }
    }
    buf.push_str("  <graph id=\"G\" edgedefault=\"directed\">\n");
    if let Some(title) = graph.title() {
        data(&mut buf, "    ", "g_title", title);
    }
    writer.write_all(buf.as_bytes())?;

    for e in graph.entities() {
        buf.clear();
        buf.push_str(&format!("    <node id=\"n{}\">\n", e.id().index()));
        let ind = "      ";
        data(&mut buf, ind, "n_kind", e.kind().as_str());
        data(&mut buf, ind, "n_key", e.key());
        data(&mut buf, ind, "n_name", e.name());
        data(&mut buf, ind, "n_label", e.name());
        if !e.aliases().is_empty() {
            data(&mut buf, ind, "n_aliases", &json_text(&e.aliases()));
        }
        if !e.attributes().is_empty() {
            data(&mut buf, ind, "n_attributes", &json_text(e.attributes()));
        }
        if let Some(note) = e.note() {
            data(&mut buf, ind, "n_note", note);
        }
        buf.push_str("    </node>\n");
        writer.write_all(buf.as_bytes())?;
    }

    for f in graph.facts() {
        buf.clear();
        buf.push_str(&format!(
            "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\">\n",
            f.id().index(),
            f.subject().id().index(),
            f.object().id().index()
        ));
        let ind = "      ";
        data(&mut buf, ind, "e_fact", &f.id().index().to_string());
        let key = graph.fact_key_at(f.id().index()).to_string();
        data(&mut buf, ind, "e_fact_key", &key);
        data(&mut buf, ind, "e_relation", f.relation().as_str());
        data(&mut buf, ind, "e_label", f.relation().as_str());
        let date = f.date();
        if !date.is_unknown() {
            data(&mut buf, ind, "e_date", &date.to_string());
        }
        if let Some(p) = date.precision() {
            data(&mut buf, ind, "e_precision", precision_name(p));
        }
        if let Some(v) = f.valid() {
            data(&mut buf, ind, "e_valid", &v.to_string());
        }
        data(
            &mut buf,
            ind,
            "e_year_inferred",
            bool_text(date.year_inferred()),
        );
        if let Some(d) = date.earliest() {
            data(&mut buf, ind, "e_earliest", &d.to_string());
        }
        if let Some(d) = date.latest() {
            data(&mut buf, ind, "e_latest", &d.to_string());
        }
        data(&mut buf, ind, "e_modality", f.modality().as_str());
        if let Some(p) = f.place() {
            data(&mut buf, ind, "e_place", p.key());
        }
        if let Some(r) = f.recipient() {
            data(&mut buf, ind, "e_recipient", r.key());
        }
        if let Some(role) = f.role() {
            data(&mut buf, ind, "e_role_title", &role.title);
            if let Some(rank) = &role.rank {
                data(&mut buf, ind, "e_role_rank", rank);
            }
        }
        let count = f.sources().len();
        if count > 0 {
            data(&mut buf, ind, "e_sources", &f.sources_line());
        }
        data(&mut buf, ind, "e_source_count", &count.to_string());
        if count > 0 {
            let keys: Vec<&str> = f.sources().map(|s| s.source().key()).collect();
            data(&mut buf, ind, "e_source_keys", &json_text(&keys));
        }
        if let Some(note) = f.note() {
            data(&mut buf, ind, "e_note", note);
        }
        data(
            &mut buf,
            ind,
            "e_reported",
            bool_text(f.modality().is_reported()),
        );
        data(&mut buf, ind, "e_stated", bool_text(!f.is_inferred()));
        let q = super::EdgeQuantities::of(f);
        for (kind, id) in QUANTITY_KEYS {
            if let Some(v) = q.value(kind) {
                data(&mut buf, ind, id, &v.to_string());
            }
        }
        if let Some(c) = q.unit(QuantityKind::Money) {
            data(&mut buf, ind, "e_money_currency", c);
        }
        if let Some(u) = q.unit(QuantityKind::Duration) {
            data(&mut buf, ind, "e_duration_unit", u);
        }
        if let Some(json) = &q.json {
            data(&mut buf, ind, "e_quantities", json);
        }
        if let Some(r) = f.fact().recurrence() {
            data(&mut buf, ind, "e_recurrence", &r.to_string());
        }
        if let Some(n) = f.fact().edition_number() {
            data(&mut buf, ind, "e_edition", &n.to_string());
        }
        buf.push_str("    </edge>\n");
        writer.write_all(buf.as_bytes())?;
    }
    writer.write_all(b"  </graph>\n</graphml>\n")?;
    writer.flush()
}

/// The per-kind quantity keys of edges.
const QUANTITY_KEYS: [(QuantityKind, &str); 6] = [
    (QuantityKind::Personnel, "e_personnel"),
    (QuantityKind::Money, "e_money"),
    (QuantityKind::Killed, "e_killed"),
    (QuantityKind::Wounded, "e_wounded"),
    (QuantityKind::Count, "e_count"),
    (QuantityKind::Duration, "e_duration"),
];

fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// JSON text of a list or map of strings; serializing strings cannot fail.
fn json_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Writes the graph as GraphML to the file at `path`, atomically (see [`super::file`]): a
/// failed write leaves the old file as it was.
///
/// # Errors
/// The I/O error of creating, writing, syncing or renaming the file.
pub fn write_graphml_file(graph: &KnowledgeGraph, path: &std::path::Path) -> io::Result<()> {
    super::file::write_atomically(path, |w| write_graphml(graph, w))
}
