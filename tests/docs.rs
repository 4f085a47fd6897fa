//! The front door stays a front door: the README fits its budget, the crate's rustdoc
//! front page is its own documentation (not the README), and the docs the README maps
//! exist.

/// About 250 lines: what it is, the picture, two commands, the CLI, one example, the map.
const README_BUDGET: usize = 250;

#[test]
fn the_readme_fits_its_budget() {
    let lines = include_str!("../README.md").lines().count();
    assert!(
        lines <= README_BUDGET,
        "README.md has {lines} lines, over its budget of {README_BUDGET}: move detail to docs/"
    );
}

#[test]
fn the_rustdoc_front_page_is_not_the_readme() {
    let lib = include_str!("../src/lib.rs");
    let front: Vec<&str> = lib
        .lines()
        .take_while(|l| l.starts_with("//!") || l.starts_with("#![") || l.is_empty())
        .collect();
    assert!(
        front.iter().any(|l| l.starts_with("//! # Quick start")),
        "the crate documentation opens with its own quick start"
    );
    assert!(
        !front.iter().any(|l| l.contains("README")),
        "the front page includes the README: {front:?}"
    );
}

#[test]
fn the_readme_has_exactly_two_commands_and_its_map_exists() {
    let readme = include_str!("../README.md");
    let two = readme
        .split("## Two commands")
        .nth(1)
        .and_then(|s| s.split("```sh\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("a block of commands");
    assert_eq!(
        two.lines().filter(|l| !l.trim().is_empty()).count(),
        2,
        "{two}"
    );
    let root = env!("CARGO_MANIFEST_DIR");
    for (start, _) in readme.match_indices("latest/source/") {
        let path = &readme[start + "latest/source/".len()..];
        let path = &path[..path.find(')').expect("a link ends")];
        assert!(
            std::path::Path::new(root).join(path).exists(),
            "the README links {path}, which does not exist"
        );
    }
}

/// The first example of docs/FORMAT.md is a version-2 report file that loads on its own
/// and merges into the corpus as it is.
#[test]
fn the_format_guide_opens_with_a_version_2_file_that_merges() {
    let format = include_str!("../docs/FORMAT.md");
    let example = format
        .split("```json\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a JSON example");
    let doc: serde_json::Value = serde_json::from_str(example).expect("valid JSON");
    assert_eq!(doc["factgraph"], 2);
    let alone = factgraph::KnowledgeGraph::from_json(example).expect("loads on its own");
    assert_eq!(alone.fact_count(), 2);
    let mut g = factgraph::datasets::corpus().clone();
    let before = g.fact_count();
    let report = g
        .merge_json(example, &factgraph::corpus::MergePolicy::new())
        .expect("merges into the corpus");
    assert_eq!(g.fact_count(), before + 2, "{report}");
    // Altynbayev is the corpus's, not a new entity.
    assert_eq!(g.find_all("Altynbayev").count(), 1, "{report}");
}
