//! Writes a graph in every interchange format into a folder.
//!
//! ```text
//! cargo run --example export -- [OUT_DIR] [GRAPH.json]
//! ```
//!
//! OUT_DIR defaults to `target/export`; the graph defaults to the embedded dataset
//! (`factgraph::datasets::edm_2004_v1_i133()`). Written:
//!
//! | file | format | read it with |
//! |---|---|---|
//! | `factgraph.json` | the crate's JSON format | `KnowledgeGraph::from_json` |
//! | `factgraph.jsonl` | JSON Lines (entity and fact lines) | `interchange::jsonl::import_jsonl` |
//! | `factgraph.dot` | Graphviz DOT (isolated entities left out, with a legend) | `dot -Tpng factgraph.dot -o graph.png` |
//! | `factgraph.graphml` | GraphML | Gephi, yEd, `networkx.read_graphml` |
//! | `factgraph.cypher` | Cypher script | `cypher-shell -f factgraph.cypher` |
//! | `neo4j/` | CSV files and `import.sh` | `sh neo4j/import.sh` (runs `neo4j-admin database import full`) |
//! | `factgraph.nt`, `factgraph.ttl` | RDF N-Triples and Turtle | any RDF store, e.g. Oxigraph |

use std::error::Error;
use std::path::{Path, PathBuf};

use factgraph::KnowledgeGraph;
use factgraph::interchange::dot::{DotOptions, to_dot};
use std::io::Write;

use factgraph::interchange::file::write_atomically;
use factgraph::interchange::graphml::to_graphml;
use factgraph::interchange::jsonl::to_jsonl;
use factgraph::interchange::neo4j::{to_cypher, write_neo4j_csv};
use factgraph::interchange::rdf::{RdfOptions, to_ntriples, to_turtle};

fn write(dir: &Path, name: &str, text: &str) -> Result<(), Box<dyn Error>> {
    let path = dir.join(name);
    // Atomic: a failed export leaves the previous file whole.
    write_atomically(&path, |w| w.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("  {:<22} {:>8} bytes", name, text.len());
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args_os().skip(1);
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/export"));
    let loaded;
    let graph: &KnowledgeGraph = match args.next() {
        Some(path) => {
            let path = PathBuf::from(path);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            loaded =
                KnowledgeGraph::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            &loaded
        }
        None => factgraph::datasets::edm_2004_v1_i133(),
    };
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;

    println!(
        "{}: {} entities, {} facts -> {}",
        graph.title().unwrap_or("(untitled graph)"),
        graph.entity_count(),
        graph.fact_count(),
        out.display()
    );
    write(&out, "factgraph.json", &graph.to_json())?;
    write(&out, "factgraph.jsonl", &to_jsonl(graph))?;
    let dot_options = DotOptions::default().hide_isolated(true).with_legend(true);
    write(&out, "factgraph.dot", &to_dot(graph, &dot_options))?;
    write(&out, "factgraph.graphml", &to_graphml(graph))?;
    write(&out, "factgraph.cypher", &to_cypher(graph))?;

    // ---- RDF (src/interchange/rdf.rs) ----
    let rdf = RdfOptions::default();
    write(&out, "factgraph.nt", &to_ntriples(graph, &rdf))?;
    write(&out, "factgraph.ttl", &to_turtle(graph, &rdf))?;
    // ---- end of RDF ----

    let neo4j = write_neo4j_csv(graph, &out.join("neo4j"))
        .map_err(|e| format!("cannot write {}: {e}", out.join("neo4j").display()))?;
    println!(
        "  neo4j/                 {} CSV files and import.sh (array delimiter U+{:04X})",
        neo4j.csv.len(),
        u32::from(neo4j.array_delimiter)
    );

    println!();
    println!("Next:");
    println!(
        "  dot -Tpng {} -o graph.png",
        out.join("factgraph.dot").display()
    );
    println!(
        "  python3 -c 'import networkx as nx; g = nx.read_graphml(\"{}\"); print(g)'",
        out.join("factgraph.graphml").display()
    );
    println!("  sh {} [DATABASE]", neo4j.script.display());
    println!(
        "  cypher-shell -f {}",
        out.join("factgraph.cypher").display()
    );
    Ok(())
}
