//! Neo4j: CSV files for `neo4j-admin database import full`, and a Cypher script for small
//! graphs.
//!
//! # The mapping
//!
//! Every entity is a node with two labels, `Entity` and its kind in PascalCase
//! ([`label`]: `Person`, `StateBody`, …), and the properties `key` (unique), `name`, `kind`,
//! `aliases` (a list of strings, absent when empty), `note`, `attributes` (the whole
//! attribute map as JSON text, absent when empty) and one property per attribute whose
//! name is a plain identifier (`[A-Za-z_][A-Za-z0-9_]*`) other than those just listed
//! (`rank`, `country_code`, …): the JSON text keeps every attribute, the plain properties
//! make the usual ones easy to query.
//!
//! Every fact is a relationship from subject to object whose type is the relation in
//! UPPER_SNAKE case ([`relationship_type`]: `MET`, `HOLDS_POSITION`, …), with the
//! properties `fact` (the fact number), `date` (as in the JSON format: `2004-11-19`,
//! `2004-11`, `2004`, `2003/2008`), `precision` (`day`, `month`, `year`), `year_inferred`,
//! `earliest` and `latest` (Neo4j `date`s: the first and last day the date may stand for),
//! `modality`, `reported` (whether the modality is `reported`), `place` and `recipient`
//! (entity keys), `role_title`, `role_rank`, `sources` (one line per attribution:
//! `Kazinform, 2004-11-17 (year inferred), statement by …`), `source_keys` (the keys of the
//! source entities, in the same order), `source_count`, `note`, `fact_key` (the fact's
//! [content key](crate::FactKey), 16 hexadecimal digits) and `stated` (`false` when the
//! coder inferred the fact from every report it has, see
//! [`Fact::is_inferred`](crate::Fact::is_inferred)). Absent values (no date, no note) are
//! absent properties.
//!
//! # CSV files ([`to_neo4j_csv`], [`write_neo4j_csv`])
//!
//! One nodes file per entity kind present (`nodes_<kind>.csv`) with the header
//! `key:ID,name,aliases:string[],kind,note,attributes[,<attribute>...],:LABEL`, and one
//! relationships file per relation present (`rels_<relation>.csv`) with the header
//! `:START_ID,:END_ID,:TYPE,fact:int,date,precision,year_inferred:boolean,earliest:date,latest:date,modality,reported:boolean,place,recipient,role_title,role_rank,sources:string[],source_keys:string[],source_count:int,note,fact_key,stated:boolean,valid,personnel:long,money:long,money_currency,killed:long,wounded:long,count:long,duration:long,duration_unit,quantities,recurrence,edition:int`.
//! The entity key is the import id (one global id space) and is stored as the `key`
//! property.
//!
//! Fields follow RFC 4180 with LF line ends: a field is quoted when it is empty (an empty
//! string, as opposed to an absent value, which is an empty unquoted field), contains a
//! comma, a double quote or a line break, and inner quotes are doubled. Values starting
//! with `=`, `+`, `-`, `@`, tab or carriage return are quoted as well but **kept exactly**:
//! Neo4j does not evaluate formulas, so nothing is prefixed or changed; do not open the
//! files in a spreadsheet if that matters to you.
//!
//! Lists use an **array delimiter chosen per export** ([`Neo4jCsv::array_delimiter`]):
//! `;` when no list element contains `;`, else the first of `|`, U+001F, U+001E, U+001D,
//! U+001C, U+E000, U+E001, … that no element contains. neo4j-admin has no escape for the
//! array delimiter inside an element, so choosing one that does not occur is the only
//! lossless way. The generated `import.sh` passes it (as `--array-delimiter=U+XXXX`)
//! together with `--multiline-fields=true` (names and notes may contain line breaks),
//! `--legacy-style-quoting=false` (a backslash before a quote is an ordinary character) and
//! `--ignore-empty-strings=false`, `--trim-strings=false` (values are kept as written).
//!
//! # Cypher script ([`to_cypher`], [`write_cypher`])
//!
//! A uniqueness constraint on `Entity.key`, then one `MERGE` statement per entity (merged
//! on its key) and one per fact (matched on its ends, merged on its fact number), each
//! ending with `;`: running it twice changes nothing. Every string is a single-quoted
//! Cypher literal in which `\`, `'`, `"`, line breaks, tabs and every other control
//! character are backslash-escaped, so no name can end its literal; property keys are in
//! backticks; labels and relationship types come from the fixed vocabulary. No data is
//! written into comments. Run it with `cypher-shell -f factgraph.cypher`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::escape::{csv_field, cypher_string, shell_word};
use super::precision_name;
use crate::model::kind::EntityKind;
use crate::model::quantity::QuantityKind;
use crate::model::relation::Relation;
use crate::query::refs::{EntityRef, FactRef};
use crate::store::graph::KnowledgeGraph;

/// The Neo4j label of an entity kind, in PascalCase: `Person`, `StateBody`, …
pub const fn label(kind: EntityKind) -> &'static str {
    kind.pascal_name()
}

/// The Neo4j relationship type of a relation, in UPPER_SNAKE case: `MET`,
/// `HOLDS_POSITION`, …
pub const fn relationship_type(relation: Relation) -> &'static str {
    match relation {
        Relation::Met => "MET",
        Relation::Visited => "VISITED",
        Relation::Signed => "SIGNED",
        Relation::PartyTo => "PARTY_TO",
        Relation::ParticipatedIn => "PARTICIPATED_IN",
        Relation::Hosted => "HOSTED",
        Relation::HoldsPosition => "HOLDS_POSITION",
        Relation::PartOf => "PART_OF",
        Relation::MemberOf => "MEMBER_OF",
        Relation::Attended => "ATTENDED",
        Relation::Addressed => "ADDRESSED",
        Relation::Discussed => "DISCUSSED",
        Relation::DeployedTo => "DEPLOYED_TO",
        Relation::Supplies => "SUPPLIES",
        Relation::Plans => "PLANS",
        Relation::LocatedIn => "LOCATED_IN",
    }
}

/// The label every entity node carries besides its kind's.
pub const ENTITY_LABEL: &str = "Entity";

/// Node properties with a fixed meaning; an attribute with one of these names is kept only
/// in the `attributes` JSON text.
const RESERVED: [&str; 6] = ["key", "name", "aliases", "kind", "note", "attributes"];

/// Whether an attribute gets a property of its own: a plain identifier, not reserved.
fn plain_attribute(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name)
}

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CsvContent {
    /// The entities of one kind.
    Nodes(EntityKind),
    /// The facts of one relation.
    Relationships(Relation),
}

/// One CSV file for `neo4j-admin database import`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CsvFile {
    /// The file name: `nodes_<kind>.csv` or `rels_<relation>.csv`.
    pub name: String,
    /// What it holds.
    pub content: CsvContent,
    /// The CSV text, header line first.
    pub text: String,
}

/// The CSV export of a graph for `neo4j-admin database import full`, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Neo4jCsv {
    /// Nodes files (in kind order), then relationships files (in relation order); only
    /// kinds and relations that occur.
    pub files: Vec<CsvFile>,
    /// The array delimiter the lists are written with; see the [module
    /// documentation](self).
    pub array_delimiter: char,
}

impl Neo4jCsv {
    /// The options of `neo4j-admin database import full` after the database name, each as
    /// one argument, files named relative to the folder holding them.
    pub fn import_arguments(&self) -> Vec<String> {
        let mut args = vec![
            format!(
                "--array-delimiter=U+{:04X}",
                u32::from(self.array_delimiter)
            ),
            "--multiline-fields=true".to_owned(),
            "--legacy-style-quoting=false".to_owned(),
            "--ignore-empty-strings=false".to_owned(),
            "--trim-strings=false".to_owned(),
        ];
        for f in &self.files {
            let option = match f.content {
                CsvContent::Nodes(_) => "--nodes",
                CsvContent::Relationships(_) => "--relationships",
            };
            args.push(format!("{option}={}", f.name));
        }
        args
    }

    /// The whole command line for a database, shell-quoted where needed, to run in the
    /// folder holding the files.
    ///
    /// ```
    /// let csv = factgraph::interchange::neo4j::to_neo4j_csv(factgraph::datasets::edm_2004_v1_i133());
    /// let cmd = csv.import_command("neo4j");
    /// assert!(cmd.starts_with("neo4j-admin database import full neo4j --array-delimiter=U+"));
    /// assert!(cmd.contains(" --nodes=nodes_person.csv ") && cmd.contains(" --relationships=rels_met.csv"));
    /// ```
    pub fn import_command(&self, database: &str) -> String {
        let db = if !database.is_empty()
            && database
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            database.to_owned()
        } else {
            shell_word(database)
        };
        let mut cmd = format!("neo4j-admin database import full {db}");
        for a in self.import_arguments() {
            cmd.push(' ');
            cmd.push_str(&a);
        }
        cmd
    }

    /// A POSIX shell script that runs the import from the folder it sits in: `sh import.sh
    /// [DATABASE]` (default `neo4j`; set `NEO4J_ADMIN` to the path of `neo4j-admin` if it is
    /// not on the `PATH`). The database must not exist yet; add
    /// `--overwrite-destination=true` to replace one.
    pub fn import_script(&self) -> String {
        let mut s = String::from(
            "#!/bin/sh\n\
             # Loads the factgraph CSV files in this folder into a new Neo4j database\n\
             # with neo4j-admin (Neo4j 5). Usage: sh import.sh [DATABASE]  (default: neo4j)\n\
             # The database must not exist yet (or add --overwrite-destination=true).\n\
             # Stop the database first; start it afterwards and create the key constraint:\n\
             #   CREATE CONSTRAINT factgraph_entity_key IF NOT EXISTS\n\
             #     FOR (n:Entity) REQUIRE n.key IS UNIQUE;\n\
             set -eu\n\
             cd \"$(dirname \"$0\")\"\n\
             exec \"${NEO4J_ADMIN:-neo4j-admin}\" database import full \"${1:-neo4j}\"",
        );
        for a in self.import_arguments() {
            s.push_str(" \\\n  ");
            s.push_str(&a);
        }
        s.push('\n');
        s
    }
}

/// The paths [`write_neo4j_csv`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Neo4jFiles {
    /// The CSV files, in the order of [`Neo4jCsv::files`].
    pub csv: Vec<PathBuf>,
    /// The `import.sh` script.
    pub script: PathBuf,
    /// The array delimiter used.
    pub array_delimiter: char,
}

/// Picks an array delimiter that occurs in no list element.
fn choose_delimiter(graph: &KnowledgeGraph) -> char {
    let mut used = BTreeSet::new();
    let mut note = |s: &str| used.extend(s.chars());
    for e in graph.entities() {
        e.aliases().iter().for_each(|a| note(a));
    }
    for f in graph.facts() {
        for s in f.sources() {
            note(&s.to_string());
            note(s.source().key());
        }
    }
    [';', '|', '\u{1F}', '\u{1E}', '\u{1D}', '\u{1C}']
        .into_iter()
        .chain(('\u{E000}'..='\u{F8FF}').chain('\u{F0000}'..='\u{FFFFD}'))
        .find(|c| !used.contains(c))
        // More distinct characters than the private use areas hold cannot occur in a
        // graph that fits in memory; fall back to the default all the same.
        .unwrap_or(';')
}

/// A CSV line under construction.
struct Row {
    line: String,
    first: bool,
}

impl Row {
    fn new() -> Self {
        Row {
            line: String::new(),
            first: true,
        }
    }

    fn sep(&mut self) {
        if !self.first {
            self.line.push(',');
        }
        self.first = false;
    }

    /// A string value (quoted as needed).
    fn text(&mut self, s: &str) {
        self.sep();
        csv_field(&mut self.line, s);
    }

    /// An optional string value: absent is an empty unquoted field.
    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.text(s),
            None => self.sep(),
        }
    }

    /// A number, boolean or date: never needs quotes.
    fn raw(&mut self, s: &str) {
        self.sep();
        self.line.push_str(s);
    }

    /// A list joined with the array delimiter; absent when empty.
    fn list(&mut self, items: &[String], delimiter: char) {
        if items.is_empty() {
            self.sep();
        } else {
            self.text(&items.join(delimiter.encode_utf8(&mut [0; 4])));
        }
    }

    fn finish(mut self, out: &mut String) {
        self.line.push('\n');
        out.push_str(&self.line);
    }
}

/// The graph as CSV files for `neo4j-admin database import full`, in memory. See the
/// [module documentation](self) for files, headers and quoting.
///
/// ```
/// use factgraph::interchange::neo4j::to_neo4j_csv;
/// let csv = to_neo4j_csv(factgraph::datasets::edm_2004_v1_i133());
/// let people = csv.files.iter().find(|f| f.name == "nodes_person.csv").ok_or("no people")?;
/// assert!(people.text.starts_with("key:ID,name,aliases:string[],kind,note,attributes,"));
/// assert!(people.text.contains("\nbolat_sembinov,Bolat Sembinov,"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_neo4j_csv(graph: &KnowledgeGraph) -> Neo4jCsv {
    let delimiter = choose_delimiter(graph);
    let mut files = Vec::new();
    for &kind in EntityKind::ALL {
        let entities: Vec<EntityRef<'_>> = graph.entities_of_kind(kind).collect();
        if entities.is_empty() {
            continue;
        }
        let columns: BTreeSet<&str> = entities
            .iter()
            .flat_map(|e| e.entity().attributes().keys())
            .map(String::as_str)
            .filter(|n| plain_attribute(n))
            .collect();
        let mut text = String::from("key:ID,name,aliases:string[],kind,note,attributes");
        for c in &columns {
            text.push(',');
            text.push_str(c);
        }
        text.push_str(",:LABEL\n");
        for e in entities {
            let mut row = Row::new();
            row.text(e.key());
            row.text(e.name());
            row.list(e.aliases(), delimiter);
            row.text(kind.as_str());
            row.opt(e.note());
            if e.attributes().is_empty() {
                row.opt(None);
            } else {
                row.text(&json_text(e.attributes()));
            }
            for c in &columns {
                row.opt(e.attribute(c));
            }
            row.text(&format!("{ENTITY_LABEL}{delimiter}{}", label(kind)));
            row.finish(&mut text);
        }
        files.push(CsvFile {
            name: format!("nodes_{}.csv", kind.as_str()),
            content: CsvContent::Nodes(kind),
            text,
        });
    }
    for &relation in Relation::ALL {
        let facts: Vec<FactRef<'_>> = graph.facts_of_relation(relation).collect();
        if facts.is_empty() {
            continue;
        }
        let mut text = String::from(
            ":START_ID,:END_ID,:TYPE,fact:int,date,precision,year_inferred:boolean,\
             earliest:date,latest:date,modality,reported:boolean,place,recipient,role_title,\
             role_rank,sources:string[],source_keys:string[],source_count:int,note,fact_key,\
             stated:boolean,valid,personnel:long,money:long,money_currency,killed:long,\
             wounded:long,count:long,duration:long,duration_unit,quantities,recurrence,\
             edition:int\n",
        );
        for f in facts {
            let date = f.date();
            let mut row = Row::new();
            row.text(f.subject().key());
            row.text(f.object().key());
            row.raw(relationship_type(relation));
            row.raw(&f.id().index().to_string());
            row.opt((!date.is_unknown()).then(|| date.to_string()).as_deref());
            row.opt(date.precision().map(precision_name));
            row.raw(bool_text(date.year_inferred()));
            row.raw(&date.earliest().map(|d| d.to_string()).unwrap_or_default());
            row.raw(&date.latest().map(|d| d.to_string()).unwrap_or_default());
            row.text(f.modality().as_str());
            row.raw(bool_text(f.modality().is_reported()));
            row.opt(f.place().map(|p| p.key()));
            row.opt(f.recipient().map(|p| p.key()));
            row.opt(f.role().map(|r| r.title.as_str()));
            row.opt(f.role().and_then(|r| r.rank.as_deref()));
            let summaries: Vec<String> = f.sources().map(|s| s.to_string()).collect();
            let keys: Vec<String> = f.sources().map(|s| s.source().key().to_owned()).collect();
            row.list(&summaries, delimiter);
            row.list(&keys, delimiter);
            row.raw(&keys.len().to_string());
            row.opt(f.note());
            row.raw(&graph.fact_key_at(f.id().index()).to_string());
            row.raw(bool_text(!f.is_inferred()));
            let valid = f.valid().map(|v| v.to_string());
            row.opt(valid.as_deref());
            let q = super::EdgeQuantities::of(f);
            let number = |kind| q.value(kind).map(|v| v.to_string()).unwrap_or_default();
            row.raw(&number(QuantityKind::Personnel));
            row.raw(&number(QuantityKind::Money));
            row.opt(q.unit(QuantityKind::Money));
            row.raw(&number(QuantityKind::Killed));
            row.raw(&number(QuantityKind::Wounded));
            row.raw(&number(QuantityKind::Count));
            row.raw(&number(QuantityKind::Duration));
            row.opt(q.unit(QuantityKind::Duration));
            row.opt(q.json.as_deref());
            row.opt(f.fact().recurrence().map(|r| r.to_string()).as_deref());
            row.raw(
                &f.fact()
                    .edition_number()
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            );
            row.finish(&mut text);
        }
        files.push(CsvFile {
            name: format!("rels_{}.csv", relation.as_str()),
            content: CsvContent::Relationships(relation),
            text,
        });
    }
    Neo4jCsv {
        files,
        array_delimiter: delimiter,
    }
}

/// Writes the CSV files of [`to_neo4j_csv`] and `import.sh` as the directory `dir`,
/// atomically: they are written into a temporary directory beside it, synced, and swapped
/// in for the old `dir` (see [`super::file`]). A failed export returns the I/O error and
/// leaves the old directory whole; no stale file of an earlier export stays beside the new
/// ones. An existing `dir` must hold only a previous export (`.csv` files and
/// `import.sh`); a directory with anything else is not replaced
/// ([`io::ErrorKind::AlreadyExists`]).
///
/// # Errors
/// The I/O error of writing the files or swapping the directory;
/// [`io::ErrorKind::AlreadyExists`] when `dir` holds files this export did not write.
///
/// ```no_run
/// use factgraph::interchange::neo4j::write_neo4j_csv;
/// let written = write_neo4j_csv(factgraph::datasets::edm_2004_v1_i133(), "target/export/neo4j".as_ref())?;
/// println!("run: sh {}", written.script.display());
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_neo4j_csv(graph: &KnowledgeGraph, dir: &Path) -> io::Result<Neo4jFiles> {
    let export = to_neo4j_csv(graph);
    let ours = |name: &str| name.ends_with(".csv") || name == "import.sh";
    super::file::replace_dir(dir, ours, |temp| {
        for f in &export.files {
            std::fs::write(temp.join(&f.name), &f.text)?;
        }
        let script = temp.join("import.sh");
        std::fs::write(&script, export.import_script())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
        }
        Ok(())
    })?;
    Ok(Neo4jFiles {
        csv: export.files.iter().map(|f| dir.join(&f.name)).collect(),
        script: dir.join("import.sh"),
        array_delimiter: export.array_delimiter,
    })
}

/// The graph as a Cypher script. See the [module documentation](self).
///
/// ```
/// use factgraph::interchange::neo4j::to_cypher;
/// use factgraph::{Entity, EntityKind, KnowledgeGraph};
/// // Made-up data.
/// let mut g = KnowledgeGraph::new();
/// g.add_entity(Entity::new("x", EntityKind::Person, "O'Brien \"}); MATCH (n) DETACH DELETE n; //"))?;
/// let script = to_cypher(&g);
/// assert!(script.contains(r#"`name`: 'O\'Brien \"}); MATCH (n) DETACH DELETE n; //'"#));
/// # Ok::<(), factgraph::GraphError>(())
/// ```
pub fn to_cypher(graph: &KnowledgeGraph) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and only valid UTF-8 is written.
    let _ = write_cypher(graph, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A Cypher map literal under construction: `{`key`: value, ...}`.
struct CypherMap(BTreeMap<String, String>);

impl CypherMap {
    fn new() -> Self {
        CypherMap(BTreeMap::new())
    }

    fn string(&mut self, key: &str, value: &str) {
        self.0.insert(key.to_owned(), cypher_string(value));
    }

    fn opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.string(key, v);
        }
    }

    fn raw(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn list(&mut self, key: &str, values: &[String]) {
        if !values.is_empty() {
            let items: Vec<String> = values.iter().map(|v| cypher_string(v)).collect();
            self.raw(key, format!("[{}]", items.join(", ")));
        }
    }

    fn render(&self) -> String {
        let mut s = String::from("{");
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            // Keys are fixed names or plain identifiers; backticks for keywords.
            let _ = write!(s, "`{k}`: {v}");
        }
        s.push('}');
        s
    }
}

/// Writes the graph as a Cypher script (UTF-8) to `writer`. See [`to_cypher`].
///
/// # Errors
/// The I/O error `writer` returns.
pub fn write_cypher(graph: &KnowledgeGraph, mut writer: impl Write) -> io::Result<()> {
    let w = &mut writer;
    writeln!(
        w,
        "// factgraph: {} entities, {} facts. Run with: cypher-shell -f factgraph.cypher",
        graph.entity_count(),
        graph.fact_count()
    )?;
    writeln!(
        w,
        "// Entities are merged on their key and facts on their fact number: running it again changes nothing."
    )?;
    writeln!(
        w,
        "CREATE CONSTRAINT factgraph_entity_key IF NOT EXISTS FOR (n:{ENTITY_LABEL}) REQUIRE n.key IS UNIQUE;"
    )?;
    for e in graph.entities() {
        let mut props = CypherMap::new();
        props.string("name", e.name());
        props.string("kind", e.kind().as_str());
        props.list("aliases", e.aliases());
        props.opt("note", e.note());
        if !e.attributes().is_empty() {
            props.string("attributes", &json_text(e.attributes()));
            for (k, v) in e.attributes() {
                if plain_attribute(k) {
                    props.string(k, v);
                }
            }
        }
        writeln!(
            w,
            "MERGE (n:{ENTITY_LABEL} {{key: {}}}) SET n:{}, n += {};",
            cypher_string(e.key()),
            label(e.kind()),
            props.render()
        )?;
    }
    for f in graph.facts() {
        let date = f.date();
        let mut props = CypherMap::new();
        props.opt(
            "date",
            (!date.is_unknown()).then(|| date.to_string()).as_deref(),
        );
        props.opt("precision", date.precision().map(precision_name));
        props.raw("year_inferred", bool_text(date.year_inferred()).to_owned());
        if let Some(d) = date.earliest() {
            props.raw("earliest", format!("date('{d}')"));
        }
        if let Some(d) = date.latest() {
            props.raw("latest", format!("date('{d}')"));
        }
        props.string("modality", f.modality().as_str());
        props.raw("reported", bool_text(f.modality().is_reported()).to_owned());
        props.opt("place", f.place().map(|p| p.key()));
        props.opt("recipient", f.recipient().map(|p| p.key()));
        props.opt("role_title", f.role().map(|r| r.title.as_str()));
        props.opt("role_rank", f.role().and_then(|r| r.rank.as_deref()));
        let summaries: Vec<String> = f.sources().map(|s| s.to_string()).collect();
        let keys: Vec<String> = f.sources().map(|s| s.source().key().to_owned()).collect();
        props.list("sources", &summaries);
        props.list("source_keys", &keys);
        props.raw("source_count", keys.len().to_string());
        props.opt("note", f.note());
        props.string("fact_key", &graph.fact_key_at(f.id().index()).to_string());
        props.raw("stated", bool_text(!f.is_inferred()).to_owned());
        let valid = f.valid().map(|v| v.to_string());
        props.opt("valid", valid.as_deref());
        let q = super::EdgeQuantities::of(f);
        for &kind in QuantityKind::ALL {
            if let Some(v) = q.value(kind) {
                props.raw(kind.as_str(), v.to_string());
            }
        }
        props.opt("money_currency", q.unit(QuantityKind::Money));
        props.opt("duration_unit", q.unit(QuantityKind::Duration));
        props.opt("quantities", q.json.as_deref());
        let recurrence = f.fact().recurrence().map(|r| r.to_string());
        props.opt("recurrence", recurrence.as_deref());
        if let Some(n) = f.fact().edition_number() {
            props.raw("edition", n.to_string());
        }
        writeln!(
            w,
            "MATCH (a:{ENTITY_LABEL} {{key: {}}}), (b:{ENTITY_LABEL} {{key: {}}}) MERGE (a)-[r:{} {{fact: {}}}]->(b) SET r += {};",
            cypher_string(f.subject().key()),
            cypher_string(f.object().key()),
            relationship_type(f.relation()),
            f.id().index(),
            props.render()
        )?;
    }
    writer.flush()
}

fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// JSON text of a map of strings; serializing strings cannot fail.
fn json_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(label(EntityKind::StateBody), "StateBody");
        assert_eq!(relationship_type(Relation::HoldsPosition), "HOLDS_POSITION");
        for &r in Relation::ALL {
            assert_eq!(relationship_type(r), r.as_str().to_uppercase());
        }
        for &k in EntityKind::ALL {
            assert_eq!(label(k).to_lowercase(), k.as_str().replace('_', ""));
        }
        assert!(plain_attribute("rank") && plain_attribute("_x1"));
        assert!(!plain_attribute("1x") && !plain_attribute("a b") && !plain_attribute("name"));
        assert!(!plain_attribute("") && !plain_attribute("é"));
    }

    /// The relationships header, as written and as documented here and in
    /// docs/INTERCHANGE.md.
    #[test]
    fn relationship_header() {
        const HEADER: &str = ":START_ID,:END_ID,:TYPE,fact:int,date,precision,\
            year_inferred:boolean,earliest:date,latest:date,modality,reported:boolean,place,\
            recipient,role_title,role_rank,sources:string[],source_keys:string[],\
            source_count:int,note,fact_key,stated:boolean,valid,personnel:long,money:long,\
            money_currency,killed:long,wounded:long,count:long,duration:long,duration_unit,\
            quantities,recurrence,edition:int";
        let csv = to_neo4j_csv(crate::datasets::edm_2004_v1_i133());
        let rels: Vec<&CsvFile> = csv
            .files
            .iter()
            .filter(|f| matches!(f.content, CsvContent::Relationships(_)))
            .collect();
        assert!(!rels.is_empty());
        for f in rels {
            assert_eq!(f.text.lines().next(), Some(HEADER), "{}", f.name);
        }
        assert!(include_str!("neo4j.rs").contains(&format!("//! `{HEADER}`.")));
        assert!(include_str!("../../docs/INTERCHANGE.md").contains(&format!("\n{HEADER}\n")));
    }
}
