//! Interchange with other tools: Graphviz, GraphML, RDF, Neo4j, Parquet and JSON Lines import.
//!
//! | format | module | for | read it with |
//! |---|---|---|---|
//! | Graphviz DOT | [`dot`] | pictures of a graph or a part of it | `dot -Tpng factgraph.dot -o graph.png` |
//! | GraphML | [`graphml`] | Gephi, yEd, Cytoscape, networkx, igraph | `networkx.read_graphml("factgraph.graphml")` |
//! | RDF N-Triples, Turtle, N-Quads and TriG (feature `rdf`, default) | `rdf` | SPARQL stores (Oxigraph, …); N-Quads and TriG with one named graph per report | see that module |
//! | Neo4j CSV and Cypher | [`neo4j`] | a Neo4j database | `sh neo4j/import.sh`, `cypher-shell -f factgraph.cypher` |
//! | Parquet (feature `parquet`) | `parquet` | DuckDB, Apache Spark, Polars, pandas | `SELECT * FROM 'facts.parquet'` |
//! | JSON Lines | [`jsonl`] | bulk loading of facts into a graph | [`jsonl::import_jsonl`] |
//! | PLOVER event records (JSON Lines) and an event table (CSV) | [`plover`] | event-data tools: GDELT, ICEWS, POLECAT users; DuckDB, pandas | `SELECT plover_event, year, count(*) FROM 'events.csv' GROUP BY ALL` |
//!
//! Every exporter takes a [`KnowledgeGraph`](crate::KnowledgeGraph): to export a part of a
//! graph, pass a subgraph such as an ego network made a graph of its own ([`EgoNetwork::to_graph`](crate::EgoNetwork::to_graph)).
//! Entities are always identified by their stable key (or by their position, where the
//! format needs ids of its own), facts by their fact number. Every string is escaped for the
//! target format by one function per format, tested on hostile names (quotes, backslashes,
//! line breaks, `<script>`, Cypher and spreadsheet injections, Cyrillic). `docs/INTERCHANGE.md`
//! describes each mapping and the command that reads the output.
//!
//! Each exporter sits behind a feature of its name (`dot`, `graphml`, `neo4j`, `rdf`; all
//! four are in `interchange`, a default feature; `parquet` is not default). JSON Lines import/export and the atomic
//! file writing in [`mod@file`] are always built: the corpus loader reads JSON Lines.

#[cfg(feature = "dot")]
pub mod dot;
#[cfg(any(feature = "dot", feature = "graphml", feature = "neo4j"))]
mod escape;
pub mod file;
#[cfg(feature = "graphml")]
pub mod graphml;
pub mod jsonl;
#[cfg(feature = "neo4j")]
pub mod neo4j;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod plover;
#[cfg(feature = "rdf")]
pub mod rdf;

/// The name of a precision as written in exports: `day`, `month` or `year`.
#[cfg(any(feature = "graphml", feature = "neo4j"))]
pub(crate) const fn precision_name(p: crate::Precision) -> &'static str {
    match p {
        crate::Precision::Day => "day",
        crate::Precision::Month => "month",
        crate::Precision::Year => "year",
    }
}
