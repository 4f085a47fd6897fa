//! Interchange with other tools: Graphviz, GraphML, RDF, Neo4j and JSON Lines import.
