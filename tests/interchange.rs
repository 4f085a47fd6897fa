//! The interchange formats checked by reading them back: DOT with a small DOT lexer (and
//! with Graphviz itself when `dot` is installed), GraphML with an XML parser (roxmltree),
//! Neo4j CSV with an RFC 4180 reader written here, Cypher with a lexer for its string
//! literals written here, JSON Lines by importing it.
//!
//! The "hostile" graph below is made-up data: names and keys chosen to break naive
//! escaping (quotes, backslashes, line breaks, a Cypher injection, `<script>`, a
//! spreadsheet formula, Cyrillic text). Every one must come back unchanged from every
//! format.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read};

use factgraph::interchange::dot::{DotOptions, to_dot};
use factgraph::interchange::graphml::{EDGE_KEYS, NODE_KEYS, to_graphml};
use factgraph::interchange::jsonl::{ImportMode, JsonlErrorKind, import_jsonl, to_jsonl};
use factgraph::interchange::neo4j::{
    CsvContent, label, relationship_type, to_cypher, to_neo4j_csv, write_neo4j_csv,
};
use factgraph::{
    Attribution, Entity, EntityKind, Fact, FactDate, Filter, JsonErrorKind, KnowledgeGraph,
    LookupError, Modality, Relation, Role, datasets,
};

// ---------------------------------------------------------------------------------------
// Test data
// ---------------------------------------------------------------------------------------

const QUOTES: &str = r#"Ann "the Quote" O'Neil"#;
const BACKSLASHES: &str = r"C:\Users\back\\slash\";
const NEWLINES: &str = "First line\nSecond line";
const CYPHER: &str = r#""}); MATCH (n) DETACH DELETE n; //"#;
const SCRIPT: &str = r#"<script>alert("x")</script> & {braces} | pipe"#;
const FORMULA: &str = "=cmd|' /C calc'!A0";
const CYRILLIC: &str = "Республика Казахстан";
const PLACE: &str = "Place ]]> &amp; <![CDATA[x]]> \\N \\n";
/// A key that is hard for every format (comma, quotes, semicolon, pipe, backslash).
const ODD_KEY: &str = r#"key, "odd"; semi|pipe \ end"#;

/// The names every export must keep exactly.
fn hostile_names() -> Vec<&'static str> {
    vec![
        QUOTES,
        BACKSLASHES,
        NEWLINES,
        CYPHER,
        SCRIPT,
        FORMULA,
        CYRILLIC,
        PLACE,
    ]
}

/// Made-up data with hostile names, keys, aliases, attributes, notes and quotes.
fn hostile() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::with_title("Made-up \"hostile\" graph </title> \\ \n second line");
    let add = |g: &mut KnowledgeGraph, e: Entity| g.add_entity(e).expect("valid entity");
    let quote = add(&mut g, Entity::new("p_quote", EntityKind::Person, QUOTES));
    let backslash = add(
        &mut g,
        Entity::new("p_backslash", EntityKind::Person, BACKSLASHES).with_alias("back;slash"),
    );
    let newline = add(
        &mut g,
        Entity::new("p_newline", EntityKind::Person, NEWLINES)
            .with_note("note line 1\r\nnote line 2\ttab"),
    );
    let cypher = add(&mut g, Entity::new("p_cypher", EntityKind::Person, CYPHER));
    let script = add(
        &mut g,
        Entity::new("o_script", EntityKind::Organisation, SCRIPT),
    );
    let formula = add(
        &mut g,
        Entity::new("s_formula", EntityKind::StateBody, FORMULA)
            .with_alias("+SUM(A1)")
            .with_alias("-2")
            .with_alias("@import")
            .with_attribute("rank", "Major \"General\", retired")
            .with_attribute("weird key!", "v,1;2")
            .with_attribute("name", "shadowed"),
    );
    let cyr = add(
        &mut g,
        Entity::new("c_cyr", EntityKind::Country, CYRILLIC)
            .with_alias("Казахстан")
            .with_attribute("country_code", "KZ"),
    );
    let place = add(&mut g, Entity::new(ODD_KEY, EntityKind::Place, PLACE));
    let widget = add(
        &mut g,
        Entity::new("e_widget", EntityKind::Equipment, "Widget-9"),
    );
    let wire = add(
        &mut g,
        Entity::new("src_wire", EntityKind::Source, "Made-up Wire; Agency"),
    );
    let fact = |g: &mut KnowledgeGraph, f: Fact| g.add_fact(f).expect("valid fact");
    fact(
        &mut g,
        Fact::new(Relation::Met, quote, cypher)
            .on(FactDate::parse_inferred("2004-11-19").expect("date"))
            .at(place)
            .with_source(
                Attribution::new(wire)
                    .reported_on(FactDate::day(2004, 11, 20).expect("date"))
                    .with_speaker(formula)
                    .with_quote(r#"He said "no\" way'"#),
            ),
    );
    fact(
        &mut g,
        Fact::new(Relation::Plans, formula, widget).with_modality(Modality::Planned),
    );
    fact(
        &mut g,
        Fact::new(Relation::Supplies, cyr, widget)
            .to(script)
            .with_modality(Modality::Claimed)
            .on("2003/2008".parse().expect("date"))
            .with_source(Attribution::new(wire)),
    );
    fact(
        &mut g,
        Fact::new(Relation::HoldsPosition, backslash, formula)
            .with_role(Role::new(r#"Deputy "Minister", \ <b>"#).with_rank("Major-General")),
    );
    fact(
        &mut g,
        Fact::new(Relation::Met, newline, quote)
            .with_modality(Modality::Intended)
            .with_note("a note with \"quotes\"\nand a second line"),
    );
    fact(
        &mut g,
        Fact::new(Relation::MemberOf, cyr, script)
            .with_modality(Modality::Proposed)
            .on(FactDate::month(2004, 11).expect("date")),
    );
    fact(
        &mut g,
        Fact::new(Relation::Visited, newline, cyr).on(FactDate::year(2004).expect("date")),
    );
    g
}

fn dataset() -> &'static KnowledgeGraph {
    datasets::edm_2004_v1_i133()
}

// ---------------------------------------------------------------------------------------
// DOT
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Id(String),
    /// The raw text between the quotes, escapes untouched.
    Str(String),
    Punct(&'static str),
}

/// A DOT lexer: identifiers, quoted strings (where `\` escapes the next character for the
/// purpose of finding the closing quote, as Graphviz's lexer does), punctuation, `//`
/// comments.
fn dot_tokens(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while let Some(&c) = chars.get(i) {
        match c {
            c if c.is_whitespace() => i += 1,
            '/' if chars.get(i + 1) == Some(&'/') => {
                while chars.get(i).is_some_and(|c| *c != '\n') {
                    i += 1;
                }
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => panic!("unterminated DOT string: {s}"),
                        Some('"') => break,
                        Some('\\') => {
                            s.push('\\');
                            s.push(*chars.get(i + 1).expect("character after backslash"));
                            i += 2;
                        }
                        Some('\n') => panic!("raw line break inside a DOT string: {s}"),
                        Some(c) => {
                            s.push(*c);
                            i += 1;
                        }
                    }
                }
                i += 1;
                out.push(Tok::Str(s));
            }
            '-' if chars.get(i + 1) == Some(&'>') => {
                out.push(Tok::Punct("->"));
                i += 2;
            }
            '{' | '}' | '[' | ']' | '=' | ',' | ';' => {
                out.push(Tok::Punct(match c {
                    '{' => "{",
                    '}' => "}",
                    '[' => "[",
                    ']' => "]",
                    '=' => "=",
                    ',' => ",",
                    _ => ";",
                }));
                i += 1;
            }
            c if c.is_ascii_alphanumeric() || c == '_' || c == '.' => {
                let mut s = String::new();
                while let Some(&c) = chars.get(i) {
                    if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                        s.push(c);
                        i += 1;
                    } else {
                        break;
                    }
                }
                out.push(Tok::Id(s));
            }
            other => panic!("unexpected character {other:?} in DOT outside strings"),
        }
    }
    out
}

/// Decodes a Graphviz escString as rendered: `\\` → `\`, `\"` → `"`, `\n` → line break.
fn esc_string(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                Some('n') => out.push('\n'),
                other => panic!("unexpected escape \\{other:?} in {raw}"),
            }
        } else {
            out.push(c);
        }
    }
    // Graphviz also decodes HTML entities in ordinary labels; the exporter writes `&` as
    // `&amp;` and no other entity.
    out.replace("&amp;", "&")
}

type Attrs = BTreeMap<String, String>;

#[derive(Debug, Default)]
struct DotGraph {
    nodes: BTreeMap<String, Attrs>,
    edges: Vec<(String, String, Attrs)>,
    graph_attrs: Attrs,
    clusters: Vec<String>,
}

fn value(t: &Tok) -> String {
    match t {
        Tok::Id(s) => s.clone(),
        Tok::Str(s) => esc_string(s),
        Tok::Punct(p) => panic!("expected a value, found {p}"),
    }
}

fn attr_list(toks: &[Tok], i: &mut usize) -> Attrs {
    assert_eq!(toks[*i], Tok::Punct("["));
    *i += 1;
    let mut attrs = Attrs::new();
    while toks[*i] != Tok::Punct("]") {
        let k = value(&toks[*i]);
        assert_eq!(toks[*i + 1], Tok::Punct("="), "attribute {k} without value");
        let v = value(&toks[*i + 2]);
        assert!(attrs.insert(k.clone(), v).is_none(), "attribute {k} twice");
        *i += 3;
        if toks[*i] == Tok::Punct(",") {
            *i += 1;
        }
    }
    *i += 1;
    attrs
}

/// Parses the statements this crate writes; panics on anything else.
fn parse_body(toks: &[Tok], i: &mut usize, g: &mut DotGraph) {
    assert_eq!(toks[*i], Tok::Punct("{"));
    *i += 1;
    loop {
        match &toks[*i] {
            Tok::Punct("}") => {
                *i += 1;
                return;
            }
            Tok::Id(kw) if kw == "graph" => {
                *i += 1;
                g.graph_attrs = attr_list(toks, i);
            }
            Tok::Id(kw) if kw == "node" || kw == "edge" => {
                *i += 1;
                attr_list(toks, i);
            }
            Tok::Id(kw) if kw == "subgraph" => {
                g.clusters.push(value(&toks[*i + 1]));
                *i += 2;
                let mut inner = DotGraph::default();
                parse_body(toks, i, &mut inner);
                assert!(inner.edges.is_empty());
            }
            Tok::Id(a) if toks[*i + 1] == Tok::Punct("->") => {
                let b = value(&toks[*i + 2]);
                *i += 3;
                let attrs = attr_list(toks, i);
                g.edges.push((a.clone(), b, attrs));
            }
            Tok::Id(n) if toks[*i + 1] == Tok::Punct("[") => {
                *i += 1;
                let attrs = attr_list(toks, i);
                assert!(g.nodes.insert(n.clone(), attrs).is_none(), "node {n} twice");
            }
            Tok::Id(k) if toks[*i + 1] == Tok::Punct("=") => {
                *i += 3; // graph attribute inside a cluster
                let _ = k;
            }
            other => panic!("unexpected DOT token {other:?}"),
        }
        if toks[*i] == Tok::Punct(";") {
            *i += 1;
        }
    }
}

fn parse_dot(text: &str) -> DotGraph {
    let toks = dot_tokens(text);
    let mut depth = 0i32;
    for t in &toks {
        match t {
            Tok::Punct("{") => depth += 1,
            Tok::Punct("}") => {
                depth -= 1;
                assert!(depth >= 0, "unbalanced braces");
            }
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced braces");
    assert_eq!(toks[0], Tok::Id("digraph".into()));
    assert_eq!(toks[1], Tok::Id("factgraph".into()));
    let mut i = 2;
    let mut g = DotGraph::default();
    parse_body(&toks, &mut i, &mut g);
    assert_eq!(i, toks.len(), "tokens after the closing brace");
    g
}

fn expected_edge_label(f: &factgraph::FactRef<'_>) -> String {
    let mut l = String::new();
    if !f.modality().is_reported() {
        l.push_str(&format!("[{}] ", f.modality()));
    }
    if f.is_inferred() {
        l.push_str("[inferred] ");
    }
    l.push_str(f.relation().as_str());
    if let Some(r) = f.role() {
        l.push('\n');
        l.push_str(&r.title);
    }
    if !f.date().is_unknown() {
        l.push('\n');
        l.push_str(&f.date().describe());
    }
    l
}

fn check_dot_against(g: &KnowledgeGraph, dot: &DotGraph, facts: &BTreeSet<usize>) {
    let expected_edges: Vec<_> = g
        .facts()
        .filter(|f| facts.contains(&f.id().index()))
        .collect();
    assert_eq!(dot.edges.len(), expected_edges.len());
    for (f, (a, b, attrs)) in expected_edges.iter().zip(&dot.edges) {
        assert_eq!(a, &format!("n{}", f.subject().id().index()));
        assert_eq!(b, &format!("n{}", f.object().id().index()));
        assert_eq!(attrs["label"], expected_edge_label(f), "{f}");
        let style = match f.modality() {
            Modality::Reported => "solid",
            Modality::Planned | Modality::Intended => "dashed",
            Modality::Proposed | Modality::Claimed => "dotted",
            other => panic!("no DOT style expected for {other:?}"),
        };
        assert_eq!(attrs["style"], style);
        assert_eq!(
            attrs.get("dir").map(String::as_str),
            f.relation().is_symmetric().then_some("none")
        );
        assert_eq!(attrs["tooltip"], format!("fact {}", f.id().index()));
    }
    for (id, attrs) in &dot.nodes {
        let index: usize = id
            .strip_prefix('n')
            .expect("node ids are n<index>")
            .parse()
            .expect("index");
        let e = g.entities().nth(index).expect("node of an entity");
        assert_eq!(attrs["label"], e.name());
        assert_eq!(attrs["tooltip"], format!("{}: {}", e.kind(), e.key()));
        let style = factgraph::interchange::dot::kind_style(e.kind());
        assert_eq!(attrs["shape"], style.shape);
        assert_eq!(attrs["fillcolor"], style.fill);
    }
    for (a, b, _) in &dot.edges {
        assert!(
            dot.nodes.contains_key(a) && dot.nodes.contains_key(b),
            "edge to an undrawn node"
        );
    }
}

#[test]
fn dot_whole_dataset() {
    let g = dataset();
    let text = to_dot(g, &DotOptions::default());
    let dot = parse_dot(&text);
    assert_eq!(dot.nodes.len(), g.entity_count());
    check_dot_against(g, &dot, &(0..g.fact_count()).collect());
    assert_eq!(dot.graph_attrs["charset"], "UTF-8");
    assert_eq!(
        dot.graph_attrs["label"],
        g.title().expect("the dataset has a title")
    );
    assert!(dot.clusters.is_empty());
    // Planned, intended, claimed facts are drawn differently and say so.
    for f in g.not_reported() {
        let (_, _, attrs) = &dot.edges[f.id().index()];
        assert_ne!(attrs["style"], "solid");
        assert!(attrs["label"].starts_with(&format!("[{}]", f.modality())));
    }
}

#[test]
fn dot_subgraphs_and_fact_sets() {
    let g = dataset();
    // An ego network is exported by passing it.
    let s = g.find("Sembinov").expect("in the dataset");
    let ego = g
        .ego_network(s.id(), 1, Filter::any())
        .expect("in the graph")
        .to_graph();
    let dot = parse_dot(&to_dot(&ego, &DotOptions::default()));
    assert_eq!(dot.nodes.len(), ego.entity_count());
    check_dot_against(&ego, &dot, &(0..ego.fact_count()).collect());

    // A query answer: the facts of a `met` query, and only their ends.
    let met: BTreeSet<usize> = g
        .facts_of_relation(Relation::Met)
        .map(|f| f.id().index())
        .collect();
    let options =
        DotOptions::default().only_facts(met.iter().map(|i| g.facts().nth(*i).expect("fact").id()));
    let dot = parse_dot(&to_dot(g, &options));
    check_dot_against(g, &dot, &met);
    let ends: BTreeSet<String> = g
        .facts_of_relation(Relation::Met)
        .flat_map(|f| [f.subject().id().index(), f.object().id().index()])
        .map(|i| format!("n{i}"))
        .collect();
    assert_eq!(dot.nodes.keys().cloned().collect::<BTreeSet<_>>(), ends);

    // Hiding isolated entities drops those at no end of a fact (most news sources, which
    // are only in attributions), and keeps every fact.
    let dot = parse_dot(&to_dot(
        g,
        &DotOptions::default().hide_isolated(true).with_legend(true),
    ));
    let ends: BTreeSet<String> = g
        .facts()
        .flat_map(|f| [f.subject().id().index(), f.object().id().index()])
        .map(|i| format!("n{i}"))
        .collect();
    assert!(ends.len() < g.entity_count());
    assert!(
        g.entities_of_kind(EntityKind::Source)
            .any(|s| !ends.contains(&format!("n{}", s.id().index())))
    );
    assert_eq!(dot.nodes.keys().cloned().collect::<BTreeSet<_>>(), ends);
    check_dot_against(g, &dot, &(0..g.fact_count()).collect());
    assert_eq!(dot.clusters, ["cluster_legend"]);
}

#[test]
fn dot_keeps_hostile_names() {
    let g = hostile();
    let text = to_dot(&g, &DotOptions::default());
    let dot = parse_dot(&text);
    assert_eq!(dot.nodes.len(), g.entity_count());
    check_dot_against(&g, &dot, &(0..g.fact_count()).collect());
    let labels: BTreeSet<&str> = dot.nodes.values().map(|a| a["label"].as_str()).collect();
    for name in hostile_names() {
        assert!(labels.contains(name), "{name:?} not drawn as written");
    }
    assert_eq!(dot.graph_attrs["label"], g.title().expect("title"));
    // No data in comments: every comment line is one of the fixed legend lines.
    for line in text.lines().filter(|l| l.trim_start().starts_with("//")) {
        assert!(!line.contains("Ann") && !line.contains("MATCH"), "{line}");
    }
}

/// When Graphviz is installed, render the hostile graph to SVG and read the node labels
/// back from it: Graphviz itself must show each name as written.
#[test]
fn dot_renders_hostile_names_with_graphviz_when_installed() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let g = hostile();
    let text = to_dot(&g, &DotOptions::default());
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("Graphviz `dot` not found: rendering not checked here (scripts/ checks it)");
        return;
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write to dot");
    let out = child.wait_with_output().expect("dot runs");
    assert!(
        out.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).expect("UTF-8 SVG");
    let doc = roxmltree::Document::parse_with_options(
        &svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("dot writes well-formed SVG");
    let mut labels = HashMap::new();
    for n in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("node"))
    {
        let title = n
            .children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .expect("node title");
        let lines: Vec<&str> = n
            .descendants()
            .filter(|c| c.has_tag_name("text"))
            .map(|t| t.text().unwrap_or(""))
            .collect();
        let tooltip = n
            .descendants()
            .find_map(|c| c.attribute(("http://www.w3.org/1999/xlink", "title")))
            .unwrap_or("")
            .to_owned();
        labels.insert(title.to_owned(), (lines.join("\n"), tooltip));
    }
    for e in g.entities() {
        let (shown, tooltip) = &labels[&format!("n{}", e.id().index())];
        assert_eq!(
            shown,
            e.name(),
            "Graphviz shows {shown:?} for {:?}",
            e.name()
        );
        assert_eq!(tooltip, &format!("{}: {}", e.kind(), e.key()));
    }
    // Edge labels, found by their tooltip `fact N` (Graphviz may reorder edges).
    let edges: BTreeMap<String, String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("edge"))
        .map(|n| {
            let lines: Vec<&str> = n
                .descendants()
                .filter(|c| c.has_tag_name("text"))
                .map(|t| t.text().unwrap_or(""))
                .collect();
            let tooltip = n
                .descendants()
                .find_map(|c| c.attribute(("http://www.w3.org/1999/xlink", "title")))
                .expect("edge tooltip");
            (tooltip.to_owned(), lines.join("\n"))
        })
        .collect();
    let expected: BTreeMap<String, String> = g
        .facts()
        .map(|f| (format!("fact {}", f.id().index()), expected_edge_label(&f)))
        .collect();
    assert_eq!(edges, expected);
}

// ---------------------------------------------------------------------------------------
// GraphML
// ---------------------------------------------------------------------------------------

const GRAPHML_NS: &str = "http://graphml.graphdrawing.org/xmlns";

struct Graphml {
    /// key id → (for, attr.name, attr.type)
    keys: HashMap<String, (String, String, String)>,
    nodes: Vec<(String, HashMap<String, String>)>,
    edges: Vec<(String, String, String, HashMap<String, String>)>,
    graph_data: HashMap<String, String>,
    edgedefault: String,
}

fn parse_graphml(text: &str) -> Graphml {
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    let root = doc.root_element();
    assert!(root.has_tag_name((GRAPHML_NS, "graphml")));
    let mut keys = HashMap::new();
    for k in root
        .children()
        .filter(|n| n.has_tag_name((GRAPHML_NS, "key")))
    {
        let id = k.attribute("id").expect("key id").to_owned();
        let entry = (
            k.attribute("for").expect("for").to_owned(),
            k.attribute("attr.name").expect("attr.name").to_owned(),
            k.attribute("attr.type").expect("attr.type").to_owned(),
        );
        assert!(keys.insert(id, entry).is_none(), "duplicate key id");
    }
    let graphs: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name((GRAPHML_NS, "graph")))
        .collect();
    assert_eq!(graphs.len(), 1);
    let graph = graphs[0];
    // Data by attribute name, checking each key is declared for this element kind.
    let data = |el: roxmltree::Node<'_, '_>, target: &str| -> HashMap<String, String> {
        let mut m = HashMap::new();
        for d in el
            .children()
            .filter(|n| n.has_tag_name((GRAPHML_NS, "data")))
        {
            let key = d.attribute("key").expect("data key");
            let (for_, name, _) = keys
                .get(key)
                .unwrap_or_else(|| panic!("undeclared key {key}"));
            assert_eq!(for_, target, "key {key} used on a {target}");
            let text: String = d.text().unwrap_or("").to_owned();
            assert!(m.insert(name.clone(), text).is_none(), "{name} twice");
        }
        m
    };
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for el in graph.children().filter(|n| n.is_element()) {
        if el.has_tag_name((GRAPHML_NS, "node")) {
            nodes.push((el.attribute("id").expect("id").to_owned(), data(el, "node")));
        } else if el.has_tag_name((GRAPHML_NS, "edge")) {
            edges.push((
                el.attribute("id").expect("id").to_owned(),
                el.attribute("source").expect("source").to_owned(),
                el.attribute("target").expect("target").to_owned(),
                data(el, "edge"),
            ));
        } else {
            assert!(
                el.has_tag_name((GRAPHML_NS, "data")),
                "unexpected {:?}",
                el.tag_name()
            );
        }
    }
    Graphml {
        graph_data: data(graph, "graph"),
        keys,
        nodes,
        edges,
        edgedefault: graph.attribute("edgedefault").unwrap_or("").to_owned(),
    }
}

fn check_graphml(g: &KnowledgeGraph) {
    let gm = parse_graphml(&to_graphml(g));
    assert_eq!(gm.edgedefault, "directed");
    // Typed keys as declared by the crate, and those an analyst needs.
    for k in NODE_KEYS.iter().chain(&EDGE_KEYS) {
        let (_, name, ty) = &gm.keys[k.id];
        assert_eq!((name.as_str(), ty.as_str()), (k.name, k.ty));
    }
    let by_name = |target: &str, name: &str| {
        gm.keys
            .values()
            .find(|(f, n, _)| f == target && n == name)
            .map(|(_, _, t)| t.clone())
            .unwrap_or_else(|| panic!("no {target} key {name}"))
    };
    for (n, t) in [
        ("kind", "string"),
        ("key", "string"),
        ("name", "string"),
        ("aliases", "string"),
    ] {
        assert_eq!(by_name("node", n), t);
    }
    for (n, t) in [
        ("relation", "string"),
        ("date", "string"),
        ("precision", "string"),
        ("year_inferred", "boolean"),
        ("modality", "string"),
        ("sources", "string"),
        ("source_count", "int"),
        ("fact", "int"),
        ("fact_key", "string"),
        ("stated", "boolean"),
    ] {
        assert_eq!(by_name("edge", n), t);
    }
    assert_eq!(gm.graph_data.get("title").map(String::as_str), g.title());

    assert_eq!(gm.nodes.len(), g.entity_count());
    for (e, (id, d)) in g.entities().zip(&gm.nodes) {
        assert_eq!(id, &format!("n{}", e.id().index()));
        assert_eq!(d["kind"], e.kind().as_str());
        assert_eq!(d["key"], e.key());
        assert_eq!(d["name"], e.name());
        assert_eq!(d["label"], e.name());
        let aliases: Vec<String> = d
            .get("aliases")
            .map(|a| serde_json::from_str(a).expect("aliases are a JSON array"))
            .unwrap_or_default();
        assert_eq!(aliases, e.aliases());
        let attributes: BTreeMap<String, String> = d
            .get("attributes")
            .map(|a| serde_json::from_str(a).expect("attributes are a JSON object"))
            .unwrap_or_default();
        assert_eq!(&attributes, e.attributes());
        assert_eq!(d.get("note").map(String::as_str), e.note());
    }

    assert_eq!(gm.edges.len(), g.fact_count());
    for (f, (id, source, target, d)) in g.facts().zip(&gm.edges) {
        assert_eq!(id, &format!("e{}", f.id().index()));
        assert_eq!(source, &format!("n{}", f.subject().id().index()));
        assert_eq!(target, &format!("n{}", f.object().id().index()));
        assert_eq!(d["fact"], f.id().index().to_string());
        let key = g.fact_key(f.id()).expect("key");
        assert_eq!(d["fact_key"], key.to_string());
        assert_eq!(factgraph::FactKey::parse(&d["fact_key"]), Some(key));
        assert_eq!(d["stated"], (!f.is_inferred()).to_string());
        assert_eq!(d["relation"], f.relation().as_str());
        assert_eq!(d["modality"], f.modality().as_str());
        assert_eq!(d["reported"], f.modality().is_reported().to_string());
        let date = f.date();
        assert_eq!(
            d.get("date").cloned(),
            (!date.is_unknown()).then(|| date.to_string())
        );
        let precision = date.precision().map(|p| format!("{p:?}").to_lowercase());
        assert_eq!(d.get("precision").cloned(), precision);
        assert_eq!(d["year_inferred"], date.year_inferred().to_string());
        assert_eq!(
            d.get("earliest").cloned(),
            date.earliest().map(|x| x.to_string())
        );
        assert_eq!(
            d.get("latest").cloned(),
            date.latest().map(|x| x.to_string())
        );
        assert_eq!(
            d.get("place").map(String::as_str),
            f.place().map(|p| p.key())
        );
        assert_eq!(
            d.get("recipient").map(String::as_str),
            f.recipient().map(|p| p.key())
        );
        assert_eq!(d.get("role_title"), f.role().map(|r| &r.title));
        assert_eq!(d.get("role_rank"), f.role().and_then(|r| r.rank.as_ref()));
        assert_eq!(d["source_count"], f.sources().len().to_string());
        if f.sources().len() > 0 {
            assert_eq!(d["sources"], f.sources_line());
            let keys: Vec<String> = serde_json::from_str(&d["source_keys"]).expect("JSON array");
            let expected: Vec<&str> = f.sources().map(|s| s.source().key()).collect();
            assert_eq!(keys, expected);
        } else {
            assert!(!d.contains_key("sources") && !d.contains_key("source_keys"));
        }
        assert_eq!(d.get("note").map(String::as_str), f.note());
    }
}

#[test]
fn graphml_dataset_element_by_element() {
    check_graphml(dataset());
}

#[test]
fn graphml_keeps_hostile_names() {
    let g = hostile();
    check_graphml(&g);
    let gm = parse_graphml(&to_graphml(&g));
    let names: BTreeSet<&str> = gm.nodes.iter().map(|(_, d)| d["name"].as_str()).collect();
    for name in hostile_names() {
        assert!(names.contains(name), "{name:?}");
    }
    // The carriage return of the note survives the XML parser's line-end normalization.
    assert!(
        gm.nodes
            .iter()
            .any(|(_, d)| d.get("note").is_some_and(|n| n.contains("\r\n")))
    );
}

#[test]
fn graphml_replaces_characters_xml_cannot_hold() {
    // Made-up data.
    let mut g = KnowledgeGraph::new();
    g.add_entity(Entity::new(
        "bell\u{7}",
        EntityKind::Person,
        "nul\u{0}and\u{1F}unit\u{FFFF}",
    ))
    .expect("valid entity");
    let gm = parse_graphml(&to_graphml(&g));
    assert_eq!(gm.nodes[0].1["name"], "nul\u{FFFD}and\u{FFFD}unit\u{FFFD}");
    assert_eq!(gm.nodes[0].1["key"], "bell\u{FFFD}");
}

// ---------------------------------------------------------------------------------------
// Neo4j CSV
// ---------------------------------------------------------------------------------------

/// An RFC 4180 reader. A field is `None` when empty and unquoted (Neo4j reads it as no
/// value) and `Some("")` when written `""`. Accepts LF or CRLF line ends.
fn read_csv(text: &str) -> Vec<Vec<Option<String>>> {
    let chars: Vec<char> = text.chars().collect();
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut i = 0;
    loop {
        // One field.
        let field = if chars.get(i) == Some(&'"') {
            let mut s = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => panic!("unterminated quoted field"),
                    Some('"') if chars.get(i + 1) == Some(&'"') => {
                        s.push('"');
                        i += 2;
                    }
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        s.push(*c);
                        i += 1;
                    }
                }
            }
            Some(s)
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.get(i) {
                if c == ',' || c == '\n' || (c == '\r' && chars.get(i + 1) == Some(&'\n')) {
                    break;
                }
                assert!(c != '"', "quote inside an unquoted field");
                s.push(c);
                i += 1;
            }
            (!s.is_empty()).then_some(s)
        };
        row.push(field);
        match chars.get(i) {
            Some(',') => i += 1,
            Some('\r') => {
                i += 2;
                rows.push(std::mem::take(&mut row));
            }
            Some('\n') => {
                i += 1;
                rows.push(std::mem::take(&mut row));
            }
            None => {
                if row != [None] {
                    rows.push(row);
                }
                return rows;
            }
            Some(c) => panic!("unexpected {c:?} after a field"),
        }
        if i >= chars.len() {
            return rows;
        }
    }
}

/// A parsed CSV file: header names and rows as maps by header name.
fn csv_records(text: &str) -> (Vec<String>, Vec<HashMap<String, Option<String>>>) {
    let mut rows = read_csv(text).into_iter();
    let header: Vec<String> = rows
        .next()
        .expect("header")
        .into_iter()
        .map(|h| h.expect("header fields are not empty"))
        .collect();
    let records = rows
        .map(|r| {
            assert_eq!(r.len(), header.len(), "row width");
            header.iter().cloned().zip(r).collect()
        })
        .collect();
    (header, records)
}

fn check_neo4j_csv(g: &KnowledgeGraph) {
    let csv = to_neo4j_csv(g);
    let delim = csv.array_delimiter;
    let split = |s: &Option<String>| -> Vec<String> {
        s.as_deref()
            .map(|s| s.split(delim).map(str::to_owned).collect())
            .unwrap_or_default()
    };
    // Entities rebuilt from the nodes files.
    let mut entities: HashMap<String, Entity> = HashMap::new();
    let mut rels = Vec::new();
    for file in &csv.files {
        let (header, records) = csv_records(&file.text);
        match file.content {
            CsvContent::Nodes(kind) => {
                assert_eq!(file.name, format!("nodes_{}.csv", kind.as_str()));
                assert_eq!(
                    header[..6],
                    [
                        "key:ID",
                        "name",
                        "aliases:string[]",
                        "kind",
                        "note",
                        "attributes"
                    ]
                );
                assert_eq!(header.last().map(String::as_str), Some(":LABEL"));
                for r in records {
                    let key = r["key:ID"].clone().expect("key");
                    let mut e = Entity::new(key.clone(), kind, r["name"].clone().expect("name"));
                    for a in split(&r["aliases:string[]"]) {
                        e = e.with_alias(a);
                    }
                    assert_eq!(r["kind"].as_deref(), Some(kind.as_str()));
                    if let Some(n) = &r["note"] {
                        e = e.with_note(n.clone());
                    }
                    let attributes: BTreeMap<String, String> = r["attributes"]
                        .as_deref()
                        .map(|a| serde_json::from_str(a).expect("JSON object"))
                        .unwrap_or_default();
                    for (k, v) in &attributes {
                        // Plain identifiers also have a column of their own, with the same
                        // value, unless the name is one of the fixed columns.
                        let reserved = ["key", "name", "aliases", "kind", "note", "attributes"];
                        if let Some(col) = r
                            .get(k.as_str())
                            .filter(|_| !reserved.contains(&k.as_str()))
                        {
                            assert_eq!(col.as_deref(), Some(v.as_str()));
                        }
                        e = e.with_attribute(k.clone(), v.clone());
                    }
                    assert_eq!(
                        split(&r[":LABEL"]),
                        ["Entity".to_owned(), label(kind).to_owned()]
                    );
                    assert!(entities.insert(key, e).is_none(), "duplicate id");
                }
            }
            CsvContent::Relationships(relation) => {
                assert_eq!(file.name, format!("rels_{}.csv", relation.as_str()));
                assert_eq!(
                    header,
                    [
                        ":START_ID",
                        ":END_ID",
                        ":TYPE",
                        "fact:int",
                        "date",
                        "precision",
                        "year_inferred:boolean",
                        "earliest:date",
                        "latest:date",
                        "modality",
                        "reported:boolean",
                        "place",
                        "recipient",
                        "role_title",
                        "role_rank",
                        "sources:string[]",
                        "source_keys:string[]",
                        "source_count:int",
                        "note",
                        "fact_key",
                        "stated:boolean",
                        "valid",
                        "personnel:long",
                        "money:long",
                        "money_currency",
                        "killed:long",
                        "wounded:long",
                        "count:long",
                        "duration:long",
                        "duration_unit",
                        "quantities",
                        "recurrence",
                        "edition:int"
                    ]
                );
                for r in records {
                    assert_eq!(r[":TYPE"].as_deref(), Some(relationship_type(relation)));
                    rels.push(r);
                }
            }
            other => panic!("unexpected CSV content {other:?}"),
        }
    }
    // Every entity comes back equal: key, kind, name, aliases, attributes, note.
    assert_eq!(entities.len(), g.entity_count());
    for e in g.entities() {
        assert_eq!(&entities[e.key()], e.entity(), "{}", e.key());
    }
    // Every fact comes back with what the format carries.
    assert_eq!(rels.len(), g.fact_count());
    rels.sort_by_key(|r| {
        r["fact:int"]
            .as_deref()
            .and_then(|f| f.parse::<usize>().ok())
    });
    for (f, r) in g.facts().zip(&rels) {
        let get = |k: &str| r[k].as_deref();
        assert_eq!(get("fact:int"), Some(f.id().index().to_string().as_str()));
        assert_eq!(get(":START_ID"), Some(f.subject().key()));
        assert_eq!(get(":END_ID"), Some(f.object().key()));
        let date = match get("date") {
            Some(d) => d
                .parse::<FactDate>()
                .expect("date")
                .with_year_inferred(get("year_inferred:boolean") == Some("true")),
            None => FactDate::UNKNOWN,
        };
        assert_eq!(date, f.date());
        assert_eq!(get("modality"), Some(f.modality().as_str()));
        assert_eq!(get("place"), f.place().map(|p| p.key()));
        assert_eq!(get("recipient"), f.recipient().map(|p| p.key()));
        assert_eq!(get("role_title"), f.role().map(|x| x.title.as_str()));
        assert_eq!(get("role_rank"), f.role().and_then(|x| x.rank.as_deref()));
        let summaries: Vec<String> = f.sources().map(|s| s.to_string()).collect();
        assert_eq!(split(&r["sources:string[]"]), summaries);
        let keys: Vec<&str> = f.sources().map(|s| s.source().key()).collect();
        assert_eq!(split(&r["source_keys:string[]"]), keys);
        assert_eq!(
            get("source_count:int"),
            Some(keys.len().to_string().as_str())
        );
        assert_eq!(get("note"), f.note());
        let key = g.fact_key(f.id()).expect("key").to_string();
        assert_eq!(get("fact_key"), Some(key.as_str()));
        assert_eq!(
            get("stated:boolean"),
            Some(if f.is_inferred() { "false" } else { "true" })
        );
    }

    // The import command names every file and the delimiter.
    let script = csv.import_script();
    assert!(script.starts_with("#!/bin/sh\n"));
    assert!(script.contains("database import full \"${1:-neo4j}\""));
    assert!(script.contains(&format!("--array-delimiter=U+{:04X}", u32::from(delim))));
    assert!(script.contains("--multiline-fields=true"));
    for file in &csv.files {
        let option = match file.content {
            CsvContent::Nodes(_) => "--nodes",
            CsvContent::Relationships(_) => "--relationships",
            other => panic!("unexpected CSV content {other:?}"),
        };
        assert!(
            script.contains(&format!("  {option}={}", file.name)),
            "{}",
            file.name
        );
    }
}

#[test]
fn neo4j_csv_dataset_round_trip() {
    let g = dataset();
    check_neo4j_csv(g);
    let csv = to_neo4j_csv(g);
    // `;` unless the data holds one (the dataset's notes do), then the next candidate.
    assert!(matches!(csv.array_delimiter, ';' | '|'));
    let kinds: BTreeSet<EntityKind> = g.entities().map(|e| e.kind()).collect();
    let relations: BTreeSet<Relation> = g.facts().map(|f| f.relation()).collect();
    assert_eq!(csv.files.len(), kinds.len() + relations.len());
    assert!(csv.import_command("neo4j").starts_with(&format!(
        "neo4j-admin database import full neo4j --array-delimiter=U+{:04X} ",
        u32::from(csv.array_delimiter)
    )));
}

#[test]
fn neo4j_csv_keeps_hostile_names() {
    let g = hostile();
    check_neo4j_csv(&g);
    let csv = to_neo4j_csv(&g);
    // `;` is in an alias and `|` in a source summary: another delimiter is chosen.
    assert!(![';', '|', ',', '"', '\n'].contains(&csv.array_delimiter));
    let mut names = BTreeSet::new();
    for f in &csv.files {
        if let CsvContent::Nodes(_) = f.content {
            for r in csv_records(&f.text).1 {
                names.insert(r["name"].clone().expect("name"));
            }
        }
    }
    for name in hostile_names() {
        assert!(names.contains(name), "{name:?}");
    }
    // Formula-like values are quoted, and kept exactly.
    let bodies = csv
        .files
        .iter()
        .find(|f| f.name == "nodes_state_body.csv")
        .expect("file");
    assert!(bodies.text.contains("\"=cmd|' /C calc'!A0\""));
    assert!(bodies.text.contains(",\"Major \"\"General\"\", retired\","));
}

#[test]
fn neo4j_files_on_disk() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("interchange-neo4j");
    let _ = std::fs::remove_dir_all(&dir);
    let written = write_neo4j_csv(&hostile(), &dir).expect("written");
    assert_eq!(written.script, dir.join("import.sh"));
    let csv = to_neo4j_csv(&hostile());
    for (path, file) in written.csv.iter().zip(&csv.files) {
        assert_eq!(std::fs::read_to_string(path).expect("readable"), file.text);
    }
    assert_eq!(
        std::fs::read_to_string(&written.script).expect("script"),
        csv.import_script()
    );
}

// ---------------------------------------------------------------------------------------
// Cypher
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum CTok {
    /// A backtick-quoted identifier.
    Ident(String),
    /// A decoded string literal.
    Lit(String),
}

/// One statement: its text with each literal replaced by `?` and identifiers kept, and the
/// identifiers and literals in order.
#[derive(Debug)]
struct Statement {
    skeleton: String,
    toks: Vec<CTok>,
}

/// Splits a Cypher script into statements, decoding single-quoted literals with Cypher's
/// escapes. Panics on a double-quoted string, an unknown escape or a raw line break inside a
/// literal (none of which the exporter writes).
fn cypher_statements(script: &str) -> Vec<Statement> {
    let chars: Vec<char> = script.chars().collect();
    let mut out = Vec::new();
    let mut cur = Statement {
        skeleton: String::new(),
        toks: Vec::new(),
    };
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while chars.get(i).is_some_and(|c| *c != '\n') {
                    i += 1;
                }
            }
            '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => panic!("unterminated literal {s}"),
                        Some('\'') => break,
                        Some('\n') => panic!("raw line break in a literal: {s}"),
                        Some('\\') => {
                            let e = *chars.get(i + 1).expect("escape");
                            i += 2;
                            match e {
                                '\\' => s.push('\\'),
                                '\'' => s.push('\''),
                                '"' => s.push('"'),
                                'n' => s.push('\n'),
                                'r' => s.push('\r'),
                                't' => s.push('\t'),
                                'b' => s.push('\u{8}'),
                                'f' => s.push('\u{C}'),
                                'u' => {
                                    let hex: String = chars[i..i + 4].iter().collect();
                                    let code = u32::from_str_radix(&hex, 16).expect("hex");
                                    s.push(char::from_u32(code).expect("char"));
                                    i += 4;
                                }
                                other => panic!("unknown escape \\{other}"),
                            }
                        }
                        Some(c) => {
                            s.push(*c);
                            i += 1;
                        }
                    }
                }
                i += 1;
                cur.skeleton.push('?');
                cur.toks.push(CTok::Lit(s));
            }
            '`' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|c| *c == '`')
                    .expect("closing backtick");
                let name: String = chars[i + 1..i + 1 + end].iter().collect();
                cur.skeleton.push_str(&format!("`{name}`"));
                cur.toks.push(CTok::Ident(name));
                i += end + 2;
            }
            '"' => panic!("double-quoted string outside a literal"),
            ';' => {
                out.push(std::mem::replace(
                    &mut cur,
                    Statement {
                        skeleton: String::new(),
                        toks: Vec::new(),
                    },
                ));
                i += 1;
            }
            c => {
                cur.skeleton.push(c);
                i += 1;
            }
        }
    }
    assert!(
        cur.skeleton.trim().is_empty(),
        "text after the last statement: {}",
        cur.skeleton
    );
    out
}

/// The literals after each identifier (the values of a map literal).
fn props(toks: &[CTok]) -> HashMap<String, Vec<String>> {
    let mut m: HashMap<String, Vec<String>> = HashMap::new();
    let mut current = None;
    for t in toks {
        match t {
            CTok::Ident(k) => {
                current = Some(k.clone());
                m.entry(k.clone()).or_default();
            }
            CTok::Lit(v) => {
                if let Some(k) = &current {
                    m.entry(k.clone()).or_default().push(v.clone());
                }
            }
        }
    }
    m
}

fn lits(toks: &[CTok]) -> Vec<&str> {
    toks.iter()
        .filter_map(|t| match t {
            CTok::Lit(s) => Some(s.as_str()),
            CTok::Ident(_) => None,
        })
        .collect()
}

fn check_cypher(g: &KnowledgeGraph) {
    let script = to_cypher(g);
    let statements = cypher_statements(&script);
    assert_eq!(statements.len(), 1 + g.entity_count() + g.fact_count());
    assert_eq!(
        statements[0].skeleton.trim(),
        "CREATE CONSTRAINT factgraph_entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE n.key IS UNIQUE"
    );
    for s in &statements {
        assert!(
            !s.skeleton.contains("DELETE") && !s.skeleton.contains("DETACH"),
            "{}",
            s.skeleton
        );
    }
    for (e, s) in g.entities().zip(&statements[1..]) {
        let prefix = format!(
            "MERGE (n:Entity {{key: ?}}) SET n:{}, n += {{",
            label(e.kind())
        );
        assert!(s.skeleton.trim().starts_with(&prefix), "{}", s.skeleton);
        assert_eq!(lits(&s.toks)[0], e.key());
        let p = props(&s.toks);
        assert_eq!(p["name"], [e.name()]);
        assert_eq!(p["kind"], [e.kind().as_str()]);
        assert_eq!(p.get("aliases").cloned().unwrap_or_default(), e.aliases());
        assert_eq!(p.get("note").map(|n| n[0].as_str()), e.note());
        if !e.attributes().is_empty() {
            let a: BTreeMap<String, String> =
                serde_json::from_str(&p["attributes"][0]).expect("JSON");
            assert_eq!(&a, e.attributes());
        }
    }
    for (f, s) in g.facts().zip(&statements[1 + g.entity_count()..]) {
        let prefix = format!(
            "MATCH (a:Entity {{key: ?}}), (b:Entity {{key: ?}}) MERGE (a)-[r:{} {{fact: {}}}]->(b) SET r += {{",
            relationship_type(f.relation()),
            f.id().index()
        );
        assert!(s.skeleton.trim().starts_with(&prefix), "{}", s.skeleton);
        let l = lits(&s.toks);
        assert_eq!((l[0], l[1]), (f.subject().key(), f.object().key()));
        let p = props(&s.toks);
        assert_eq!(p["modality"], [f.modality().as_str()]);
        let date = f.date();
        assert_eq!(
            p.get("date").map(|d| d[0].clone()),
            (!date.is_unknown()).then(|| date.to_string())
        );
        assert_eq!(
            p.get("role_title").map(|d| d[0].as_str()),
            f.role().map(|r| r.title.as_str())
        );
        let keys: Vec<&str> = f.sources().map(|s| s.source().key()).collect();
        assert_eq!(p.get("source_keys").cloned().unwrap_or_default(), keys);
        assert_eq!(p.get("note").map(|n| n[0].as_str()), f.note());
        let key = g.fact_key(f.id()).expect("key").to_string();
        assert_eq!(p["fact_key"], [key]);
        assert!(
            s.skeleton
                .contains(&format!("`stated`: {}", !f.is_inferred())),
            "{}",
            s.skeleton
        );
        assert!(
            s.skeleton
                .contains(&format!("`year_inferred`: {}", date.year_inferred()))
        );
        if let Some(d) = date.earliest() {
            assert!(s.skeleton.contains("`earliest`: date(?)"));
            assert!(l.contains(&d.to_string().as_str()));
        }
    }
}

#[test]
fn cypher_dataset() {
    check_cypher(dataset());
}

#[test]
fn cypher_keeps_hostile_names_inside_literals() {
    let g = hostile();
    check_cypher(&g);
    let script = to_cypher(&g);
    let names: BTreeSet<String> = cypher_statements(&script)
        .iter()
        .filter_map(|s| props(&s.toks).get("name").map(|n| n[0].clone()))
        .collect();
    for name in hostile_names() {
        assert!(names.contains(name), "{name:?}");
    }
    // The carriage return of the note survives too.
    assert!(script.contains(r"note line 1\r\nnote line 2\ttab"));
    // The injection stays in its literal: written with escaped quotes.
    assert!(script.contains(r#"'\"}); MATCH (n) DETACH DELETE n; //'"#));
}

// ---------------------------------------------------------------------------------------
// JSON Lines
// ---------------------------------------------------------------------------------------

#[test]
fn jsonl_round_trips() {
    for g in [dataset().clone(), hostile()] {
        let text = to_jsonl(&g);
        assert_eq!(
            text.lines().count(),
            g.entity_count() + g.report_count() + g.fact_count()
        );
        let mut copy = KnowledgeGraph::new();
        copy.set_title(g.title().map(str::to_owned));
        let report = import_jsonl(&mut copy, text.as_bytes(), ImportMode::StopAtFirstError)
            .expect("its own output imports");
        assert_eq!(
            (report.entities_added, report.facts_added),
            (g.entity_count(), g.fact_count())
        );
        assert!(copy == g);
        for name in hostile_names() {
            if g.find_all(name).next().is_some() {
                assert_eq!(copy.find_all(name).next().map(|e| e.name()), Some(name));
            }
        }
    }
}

/// Made-up input: good and bad lines, with blank and comment lines, numbered as in a file.
const MIXED: &[&str] = &[
    "# made-up data",                                                        // 1
    r#"{"entity": {"id": "ann", "kind": "person", "name": "Ann Example"}}"#, // 2
    "",                                                                      // 3
    r#"{"entity": {"id": "bob", "kind": "person", "name": "Bob Example", "aliases": ["Bobby"]}}"#, // 4
    r#"{"entity": {"id": "x", "kind": "robot", "name": "X"}}"#, // 5 unknown kind
    r#"{"fact": {"relation": "met", "subject": "Ann Example", "object": "bobby", "date": "2021-03"}}"#, // 6
    r#"{"fact": {"relation": "met", "subject": "ann", "object": "Nobody Atall"}}"#, // 7 unknown name
    r#"{not json"#,                                                                 // 8 syntax
    r#"{"entity": {"id": "ann", "kind": "person", "name": "Ann Again"}}"#, // 9 duplicate id
    r#"{"entity": {"id": "ann2", "kind": "person", "name": "ann  EXAMPLE"}}"#, // 10
    r#"{"fact": {"relation": "met", "subject": "Ann Example", "object": "bob"}}"#, // 11 ambiguous
    r#"{"fact": {"relation": "met", "subject": "ann", "object": "bob", "date": "2004-02-30"}}"#, // 12 bad date
    r#"{"exercise": {"id": "e"}}"#, // 13 structure
    r#"{"entity": {"id": "ex", "kind": "exercise", "name": "Exercise X"}}"#, // 14
    r#"{"fact": {"relation": "met", "subject": "ann", "object": "ex"}}"#, // 15 schema
    "INVALID-UTF8",                 // 16 (replaced below)
    r#"{"fact": {"relation": "participated_in", "subject": "bob", "object": "exercise x", "modality": "planned"}}"#, // 17
    "   # an indented comment", // 18
    r#"{"fact": {"relation": "met", "subject": "ann", "object": "bob", "extra": 1}}"#, // 19 unknown field
    r#"{"fact": {"relation": "met", "subject": "ann", "object": "bob", "sources": [{"source": "Nowhere Wire"}]}}"#, // 20 unknown source
];

fn mixed_bytes() -> Vec<u8> {
    let mut out = Vec::new();
    for line in MIXED {
        if *line == "INVALID-UTF8" {
            out.extend_from_slice(b"{\"entity\": \"\xff\xfe\"}");
        } else {
            out.extend_from_slice(line.as_bytes());
        }
        out.push(b'\n');
    }
    out
}

/// 1-based column of `needle` in line `n` (1-based) of [`MIXED`].
fn col(n: usize, needle: &str) -> usize {
    let line = MIXED[n - 1];
    line[..line.find(needle).expect("needle in line")]
        .chars()
        .count()
        + 1
}

#[test]
fn jsonl_skip_and_report_lists_every_bad_line() {
    let mut g = KnowledgeGraph::new();
    let report = import_jsonl(&mut g, mixed_bytes().as_slice(), ImportMode::SkipAndReport)
        .expect("skip mode reports");
    let lines: Vec<usize> = report.errors.iter().map(|e| e.line()).collect();
    assert_eq!(lines, [5, 7, 8, 9, 11, 12, 13, 15, 16, 19, 20]);
    assert_eq!(report.lines, MIXED.len());
    assert_eq!(report.skipped, 3);
    assert_eq!((report.entities_added, report.facts_added), (4, 2));
    assert_eq!((g.entity_count(), g.fact_count()), (4, 2));
    assert!(!report.is_clean());

    let by_line: HashMap<usize, &factgraph::interchange::jsonl::JsonlError> =
        report.errors.iter().map(|e| (e.line(), e)).collect();
    let kind = |n: usize| by_line[&n].kind();
    assert!(matches!(
        kind(5),
        JsonlErrorKind::Invalid(JsonErrorKind::UnknownKind { .. })
    ));
    assert_eq!(by_line[&5].column(), Some(col(5, "\"robot\"")));
    match kind(7) {
        JsonlErrorKind::Lookup {
            field,
            source: LookupError::NotFound { name, .. },
        } => {
            assert_eq!((field.as_str(), name.as_str()), ("object", "Nobody Atall"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(by_line[&7].column(), Some(col(7, "\"Nobody")));
    assert!(matches!(kind(8), JsonlErrorKind::Syntax { .. }));
    assert!(matches!(
        kind(9),
        JsonlErrorKind::Invalid(JsonErrorKind::DuplicateId { .. })
    ));
    match kind(11) {
        JsonlErrorKind::Lookup {
            field,
            source: LookupError::Ambiguous { candidates, .. },
        } => {
            assert_eq!(field, "subject");
            let keys: BTreeSet<&str> = candidates.iter().map(|c| c.key.as_str()).collect();
            assert_eq!(keys, BTreeSet::from(["ann", "ann2"]));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        kind(12),
        JsonlErrorKind::Invalid(JsonErrorKind::InvalidDate { .. })
    ));
    assert_eq!(by_line[&12].column(), Some(col(12, "\"2004-02-30\"")));
    assert!(matches!(kind(13), JsonlErrorKind::Structure { .. }));
    assert!(matches!(
        kind(15),
        JsonlErrorKind::Invalid(JsonErrorKind::InvalidFact { .. })
    ));
    assert!(matches!(kind(16), JsonlErrorKind::Utf8));
    assert_eq!(by_line[&16].column(), Some(13));
    assert!(matches!(kind(19), JsonlErrorKind::Structure { .. }));
    match kind(20) {
        JsonlErrorKind::Lookup { field, .. } => assert_eq!(field, "sources[0].source"),
        other => panic!("{other:?}"),
    }
    assert_eq!(by_line[&20].column(), Some(col(20, "\"Nowhere")));
    // Messages carry the line number of the file, not serde_json's line 1.
    let message = by_line[&8].to_string();
    assert!(message.starts_with("line 8, column "), "{message}");
    assert!(!message.contains("line 1 "), "{message}");

    // The good lines resolved names: `Ann Example` and `bobby` (an alias, other case).
    let ann = g.get("ann").expect("ann");
    let met: Vec<&str> = g
        .facts_of_relation(Relation::Met)
        .map(|f| f.object().key())
        .collect();
    assert_eq!(met, ["bob"]);
    assert_eq!(
        g.facts_of_relation(Relation::Met)
            .next()
            .map(|f| f.subject().id()),
        Some(ann.id())
    );
    let plan = g
        .facts_of_relation(Relation::ParticipatedIn)
        .next()
        .expect("line 17");
    assert_eq!(
        (plan.object().key(), plan.modality()),
        ("ex", Modality::Planned)
    );
}

#[test]
fn jsonl_stop_at_first_error_applies_nothing() {
    let mut g = hostile();
    let before = g.clone();
    let err = import_jsonl(
        &mut g,
        mixed_bytes().as_slice(),
        ImportMode::StopAtFirstError,
    )
    .expect_err("line 5 is bad");
    assert_eq!(err.line(), 5);
    assert_eq!(err.column(), Some(col(5, "\"robot\"")));
    assert!(g == before);
    assert_eq!(
        (g.entity_count(), g.fact_count()),
        (before.entity_count(), before.fact_count())
    );

    // A later error, after good entity and fact lines: still nothing applied.
    let text = "{\"entity\": {\"id\": \"new\", \"kind\": \"person\", \"name\": \"New Person\"}}\n\
                {\"fact\": {\"relation\": \"met\", \"subject\": \"New Person\", \"object\": \"p_quote\"}}\n\
                \n\
                {\"fact\": {\"relation\": \"met\", \"subject\": \"new\", \"object\": \"Widget-9\"}}\n";
    let err = import_jsonl(&mut g, text.as_bytes(), ImportMode::StopAtFirstError)
        .expect_err("a person cannot meet equipment");
    assert_eq!(err.line(), 4);
    assert!(matches!(
        err.kind(),
        JsonlErrorKind::Invalid(JsonErrorKind::InvalidFact { fact: 2, .. })
    ));
    assert!(g == before);
    assert!(g.get("new").is_err());
}

#[test]
fn jsonl_resolves_names_of_graph_and_earlier_lines() {
    let mut g = hostile();
    let text = format!(
        "{}\n{}\n{}\n",
        r#"{"entity": {"id": "new", "kind": "person", "name": "Новый Человек", "aliases": ["N. Person"]}}"#,
        // By name and alias of an entity of this same import (not yet in the graph), and by
        // a Cyrillic alias of a graph entity, case-insensitively.
        r#"{"fact": {"relation": "visited", "subject": "n. person", "object": "КАЗАХСТАН"}}"#,
        // By hostile names of graph entities.
        serde_json::json!({"fact": {"relation": "met", "subject": "новый человек", "object": CYPHER,
            "sources": [{"source": "Made-up Wire; Agency", "speaker": FORMULA}]}}),
    );
    let report =
        import_jsonl(&mut g, text.as_bytes(), ImportMode::StopAtFirstError).expect("all resolve");
    assert_eq!((report.entities_added, report.facts_added), (1, 2));
    let new = g.get("new").expect("added");
    let facts: Vec<_> = g.facts().filter(|f| f.subject().id() == new.id()).collect();
    assert_eq!(facts.len(), 2);
    assert_eq!(facts[0].object().key(), "c_cyr");
    assert_eq!(facts[1].object().key(), "p_cypher");
    let src = facts[1].sources().next().expect("a source");
    assert_eq!(src.source().key(), "src_wire");
    assert_eq!(src.speaker().map(|s| s.key()), Some("s_formula"));

    // An id wins over a name; a name shared by a graph entity and a new one is ambiguous.
    let text = "{\"entity\": {\"id\": \"twin\", \"kind\": \"person\", \"name\": \"Ann \\\"the Quote\\\" O'Neil\"}}\n\
                {\"fact\": {\"relation\": \"met\", \"subject\": \"p_quote\", \"object\": \"new\"}}\n\
                {\"fact\": {\"relation\": \"met\", \"subject\": \"ann \\\"THE quote\\\" o'neil\", \"object\": \"new\"}}\n";
    let err =
        import_jsonl(&mut g, text.as_bytes(), ImportMode::StopAtFirstError).expect_err("ambiguous");
    assert_eq!(err.line(), 3);
    match err.kind() {
        JsonlErrorKind::Lookup {
            source: LookupError::Ambiguous { candidates, .. },
            ..
        } => {
            let keys: BTreeSet<&str> = candidates.iter().map(|c| c.key.as_str()).collect();
            assert_eq!(keys, BTreeSet::from(["p_quote", "twin"]));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn jsonl_columns_count_characters() {
    // Made-up data. The stray comma comes after 10 Cyrillic letters (20 bytes in UTF-8).
    let line = r#"{"entity": {"id": "жжжжж", "kind": "person", "name": "жжжжж",}}"#;
    let err = import_jsonl(
        &mut KnowledgeGraph::new(),
        line.as_bytes(),
        ImportMode::StopAtFirstError,
    )
    .expect_err("trailing comma");
    assert!(matches!(err.kind(), JsonlErrorKind::Syntax { .. }));
    let comma = line.find(",}").expect("comma");
    // serde_json reports the character after the comma.
    assert_eq!(err.column(), Some(line[..comma].chars().count() + 2));

    let line = r#"{"entity": {"id": "жжжжж", "kind": "робот", "name": "X"}}"#;
    let err = import_jsonl(
        &mut KnowledgeGraph::new(),
        line.as_bytes(),
        ImportMode::StopAtFirstError,
    )
    .expect_err("unknown kind");
    let kind = line.find("\"робот\"").expect("kind");
    assert_eq!(err.column(), Some(line[..kind].chars().count() + 1));
}

/// A reader that yields some bytes, then fails.
struct Failing {
    data: std::io::Cursor<Vec<u8>>,
}

impl Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.data.read(buf)? {
            0 => Err(std::io::Error::other("disk on fire (made up)")),
            n => Ok(n),
        }
    }
}

#[test]
fn jsonl_read_errors() {
    let good = b"{\"entity\": {\"id\": \"a\", \"kind\": \"person\", \"name\": \"A\"}}\n\
                 {\"entity\": {\"id\": \"b\", \"kind\": \"person\", \"name\": \"B\"}}\n"
        .to_vec();
    let reader = || {
        BufReader::new(Failing {
            data: std::io::Cursor::new(good.clone()),
        })
    };
    let mut g = KnowledgeGraph::new();
    let err = import_jsonl(&mut g, reader(), ImportMode::StopAtFirstError).expect_err("read error");
    assert_eq!((err.line(), err.column()), (3, None));
    assert!(matches!(err.kind(), JsonlErrorKind::Io { .. }));
    assert_eq!(g.entity_count(), 0);

    let report = import_jsonl(&mut g, reader(), ImportMode::SkipAndReport).expect("report");
    assert_eq!(report.entities_added, 2);
    assert_eq!(report.errors.len(), 1);
    assert!(matches!(report.errors[0].kind(), JsonlErrorKind::Io { .. }));
    assert_eq!(g.entity_count(), 2);
}

/// Generates made-up JSON Lines on demand, so the input never exists as a whole.
struct Generated {
    people: usize,
    next: usize,
    line: Vec<u8>,
    pos: usize,
}

impl Generated {
    fn refill(&mut self) {
        let i = self.next;
        self.next += 1;
        self.pos = 0;
        self.line = if i < self.people {
            format!("{{\"entity\": {{\"id\": \"p{i}\", \"kind\": \"person\", \"name\": \"Person Number {i}\"}}}}\n")
        } else if i < 2 * self.people - 1 {
            let a = i - self.people;
            format!(
                "{{\"fact\": {{\"relation\": \"met\", \"subject\": \"person number {a}\", \"object\": \"p{}\"}}}}\r\n",
                a + 1
            )
        } else {
            String::new()
        }
        .into_bytes();
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(buf.len());
            buf[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Generated {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos >= self.line.len() {
            self.refill();
        }
        Ok(&self.line[self.pos..])
    }

    fn consume(&mut self, amount: usize) {
        self.pos += amount;
    }
}

#[test]
fn jsonl_streams_a_generated_input() {
    let people = 3000;
    let mut g = KnowledgeGraph::new();
    let input = Generated {
        people,
        next: 0,
        line: Vec::new(),
        pos: 0,
    };
    let report = import_jsonl(&mut g, input, ImportMode::StopAtFirstError).expect("valid");
    assert_eq!(report.lines, 2 * people - 1);
    assert_eq!((g.entity_count(), g.fact_count()), (people, people - 1));
}

// ---------------------------------------------------------------------------------------
// Every format at once
// ---------------------------------------------------------------------------------------

/// Every export of the dataset says that "Astana regional command is located in Astana" is
/// inferred, not stated, and carries its content key.
#[test]
fn every_export_carries_the_inferred_flag_and_the_fact_key() {
    let g = dataset();
    let f = g
        .facts()
        .find(|f| f.to_string() == "Astana regional command is located in Astana")
        .expect("the dataset's inferred fact");
    assert!(f.is_inferred());
    let n = f.id().index();
    let key = g.fact_key(f.id()).expect("key").to_string();
    let stated = g.facts().find(|f| !f.is_inferred()).expect("a stated fact");
    let stated_key = g.fact_key(stated.id()).expect("key").to_string();
    assert_ne!(key, stated_key);

    // DOT: `[inferred]` before the relation; a stated fact has none.
    let dot = parse_dot(&to_dot(g, &DotOptions::default()));
    let label = |i: usize| dot.edges[i].2["label"].clone();
    assert!(
        label(n).starts_with("[inferred] located_in"),
        "{}",
        label(n)
    );
    assert!(!label(stated.id().index()).contains("[inferred]"));
    let inferred_labels = dot
        .edges
        .iter()
        .filter(|(_, _, a)| a["label"].contains("[inferred] "))
        .count();
    assert_eq!(
        inferred_labels,
        g.facts().filter(|f| f.is_inferred()).count()
    );

    // GraphML: `stated` false and `fact_key` on the edge.
    let gm = parse_graphml(&to_graphml(g));
    let (_, _, _, d) = &gm.edges[n];
    assert_eq!(d["stated"], "false");
    assert_eq!(d["fact_key"], key);
    assert_eq!(gm.edges[stated.id().index()].3["stated"], "true");
    assert_eq!(gm.edges[stated.id().index()].3["fact_key"], stated_key);

    // Neo4j CSV: the fact key, stated flag and valid time columns.
    let csv = to_neo4j_csv(g);
    let file = csv
        .files
        .iter()
        .find(|x| x.content == CsvContent::Relationships(Relation::LocatedIn))
        .expect("rels_located_in.csv");
    let (header, records) = csv_records(&file.text);
    let at = header
        .iter()
        .position(|h| h == "fact_key")
        .expect("a fact_key column");
    assert_eq!(header[at..at + 3], ["fact_key", "stated:boolean", "valid"]);
    let row = records
        .iter()
        .find(|r| r["fact:int"].as_deref() == Some(n.to_string().as_str()))
        .expect("the fact's row");
    assert_eq!(row["fact_key"].as_deref(), Some(key.as_str()));
    assert_eq!(row["stated:boolean"].as_deref(), Some("false"));

    // Cypher: the same two properties.
    let statements = cypher_statements(&to_cypher(g));
    let s = &statements[1 + g.entity_count() + n];
    assert!(
        s.skeleton.contains(&format!("{{fact: {n}}}")),
        "{}",
        s.skeleton
    );
    assert_eq!(props(&s.toks)["fact_key"], [key]);
    assert!(s.skeleton.contains("`stated`: false"), "{}", s.skeleton);
    let s = &statements[1 + g.entity_count() + stated.id().index()];
    assert!(s.skeleton.contains("`stated`: true"), "{}", s.skeleton);
}

#[test]
fn every_export_of_the_hostile_graph_is_well_formed() {
    let g = hostile();
    // Each export parses with the readers above; names were compared in the tests per format.
    parse_dot(&to_dot(&g, &DotOptions::default().with_legend(true)));
    parse_graphml(&to_graphml(&g));
    for f in to_neo4j_csv(&g).files {
        csv_records(&f.text);
    }
    cypher_statements(&to_cypher(&g));
    let mut copy = KnowledgeGraph::new();
    import_jsonl(
        &mut copy,
        to_jsonl(&g).as_bytes(),
        ImportMode::StopAtFirstError,
    )
    .expect("imports");
    for name in hostile_names() {
        assert_eq!(copy.find_all(name).next().map(|e| e.name()), Some(name));
    }
}

// ---------------------------------------------------------------------------------------
// Quantities, recurrence and edition on edges (GraphML and Neo4j)
// ---------------------------------------------------------------------------------------

/// What an edge of fact `f` should carry: the first troop number (without `of`) in
/// attribution order, the number of quantities, and the recurrence.
fn expected_edge_quantities(f: &factgraph::FactRef<'_>) -> (Option<String>, usize, Option<String>) {
    let all: Vec<_> = f
        .attributions()
        .flat_map(|a| a.quantities().to_vec())
        .collect();
    let personnel = all
        .iter()
        .find(|q| q.kind() == factgraph::QuantityKind::Personnel && q.what().is_none())
        .map(|q| q.amount().value().to_string());
    let recurrence = f.fact().recurrence().map(|r| r.to_string());
    (personnel, all.len(), recurrence)
}

fn json_len(text: Option<&str>) -> usize {
    text.map_or(0, |t| {
        serde_json::from_str::<Vec<serde_json::Value>>(t)
            .expect("quantities is a JSON array")
            .len()
    })
}

#[test]
fn graphml_carries_corpus_quantities() {
    let g = datasets::corpus();
    let gm = parse_graphml(&to_graphml(g));
    let mut troops = 0;
    for (f, (id, _, _, d)) in g.facts().zip(&gm.edges) {
        assert_eq!(id, &format!("e{}", f.id().index()));
        let (personnel, count, recurrence) = expected_edge_quantities(&f);
        assert_eq!(d.get("personnel"), personnel.as_ref(), "{id}");
        assert_eq!(
            json_len(d.get("quantities").map(String::as_str)),
            count,
            "{id}"
        );
        assert_eq!(d.get("recurrence"), recurrence.as_ref(), "{id}");
        troops += usize::from(personnel.is_some() && f.relation() == Relation::DeployedTo);
    }
    assert!(troops > 0, "a deployment of the corpus has a troop number");
    let types: HashMap<&str, &str> = EDGE_KEYS.iter().map(|k| (k.name, k.ty)).collect();
    assert_eq!(types.get("personnel"), Some(&"long"));
    assert_eq!(types.get("edition"), Some(&"int"));
}

#[test]
fn neo4j_csv_and_cypher_carry_corpus_quantities() {
    let g = datasets::corpus();
    let csv = to_neo4j_csv(g);
    let mut seen = 0;
    for file in &csv.files {
        if !matches!(file.content, CsvContent::Relationships(_)) {
            continue;
        }
        let (_, records) = csv_records(&file.text);
        for r in records {
            let n: usize = r["fact:int"]
                .as_deref()
                .and_then(|s| s.parse().ok())
                .expect("fact");
            let f = g.facts().nth(n).expect("a fact of the graph");
            let (personnel, count, recurrence) = expected_edge_quantities(&f);
            assert_eq!(r["personnel:long"], personnel, "fact {n}");
            assert_eq!(json_len(r["quantities"].as_deref()), count, "fact {n}");
            assert_eq!(r["recurrence"], recurrence, "fact {n}");
            seen += 1;
        }
    }
    assert_eq!(seen, g.fact_count());
    // The Cypher script sets the same typed property.
    let cypher = to_cypher(g);
    let f = g
        .facts()
        .find(|f| expected_edge_quantities(f).0.is_some())
        .expect("a fact with a troop number");
    let personnel = expected_edge_quantities(&f).0.unwrap_or_default();
    assert!(
        cypher
            .lines()
            .any(|l| l.contains(&format!("{{fact: {}}}", f.id().index()))
                && l.contains(&format!("`personnel`: {personnel}"))),
        "r.personnel of fact {}",
        f.id().index()
    );
}
