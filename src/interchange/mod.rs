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

/// A fact's quantities as edge properties of the GraphML and Neo4j exports: one typed
/// number per kind (`personnel`, `money`, …: the first report's, in attribution order, of
/// the quantities without `of`, as the event table of [`plover`] takes them), the unit of
/// the money and duration numbers, and every quantity with its report as a JSON list.
#[cfg(any(feature = "graphml", feature = "neo4j"))]
pub(crate) struct EdgeQuantities {
    /// One number per kind, in the order of [`QuantityKind::ALL`](crate::QuantityKind::ALL),
    /// with its unit (a currency code or a unit of time).
    pub(crate) first: Vec<(crate::QuantityKind, Option<KindNumber>)>,
    /// Every quantity as a JSON object (`kind`, `amount` as text, `qualifier`, `value`,
    /// `low`, `high`, `unit`, `of`, `source`, `report`); `None` when there are none.
    pub(crate) json: Option<String>,
}

/// A number of one kind and its unit (a currency code or a unit of time).
#[cfg(any(feature = "graphml", feature = "neo4j"))]
type KindNumber = (u64, Option<String>);

#[cfg(any(feature = "graphml", feature = "neo4j"))]
impl EdgeQuantities {
    pub(crate) fn of(f: crate::FactRef<'_>) -> Self {
        let mut first: Vec<(crate::QuantityKind, Option<KindNumber>)> = crate::QuantityKind::ALL
            .iter()
            .map(|&k| (k, None))
            .collect();
        let mut list = Vec::new();
        for s in f.sources() {
            for q in s.attribution().quantities() {
                let amount = q.amount();
                if q.what().is_none() {
                    if let Some((_, slot @ None)) = first.iter_mut().find(|(k, _)| *k == q.kind()) {
                        *slot = Some((amount.value(), q.unit().map(|u| u.to_string())));
                    }
                }
                let (low, high) = amount.ends();
                list.push(serde_json::json!({
                    "kind": q.kind().as_str(),
                    "amount": amount.to_string(),
                    "qualifier": amount.qualifier(),
                    "value": amount.value(),
                    "low": low,
                    "high": high,
                    "unit": q.unit().map(|u| u.to_string()),
                    "of": q.what(),
                    "source": s.source().key(),
                    "report": s.report().map(|r| r.key().to_owned()),
                }));
            }
        }
        EdgeQuantities {
            first,
            // Serializing JSON values built here cannot fail.
            json: (!list.is_empty()).then(|| serde_json::to_string(&list).unwrap_or_default()),
        }
    }

    /// The number of `kind`, if a report gave one.
    pub(crate) fn value(&self, kind: crate::QuantityKind) -> Option<u64> {
        self.first
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, v)| v.as_ref().map(|(n, _)| *n))
    }

    /// The unit of the number of `kind`, if it has one.
    pub(crate) fn unit(&self, kind: crate::QuantityKind) -> Option<&str> {
        self.first
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, v)| v.as_ref().and_then(|(_, u)| u.as_deref()))
    }
}
