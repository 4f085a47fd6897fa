//! The PLOVER mapping table in docs/PLOVER.md is the code's.

#[test]
fn the_documented_table_is_the_code() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/PLOVER.md"))
        .expect("docs/PLOVER.md");
    for row in factgraph::interchange::plover::mapping_rows() {
        assert!(doc.contains(&row), "missing from docs/PLOVER.md: {row}");
    }
}
