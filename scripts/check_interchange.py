#!/usr/bin/env python3
"""Checks factgraph's exports with the external tools named for them.

Called by scripts/check_interchange.sh, which installs the tools and writes the exports
first. Usage:

    check_interchange.py EXPORT_DIR ANSWERS_JSON [HOSTILE_EXPORT_DIR HOSTILE_GRAPH_JSON]

EXPORT_DIR holds what `cargo run --example export -- EXPORT_DIR` wrote for the embedded
dataset (factgraph.json, .dot, .graphml, .nt, .ttl); ANSWERS_JSON is the output of
`cargo run --example answers`. The optional pair is the export of a made-up graph with
hostile names, and that graph's JSON: its names must come back unchanged.

Checks:
  * Graphviz `dot` renders every .dot file to SVG and PNG without an error;
  * networkx reads the GraphML with as many nodes as entities and edges as facts;
  * rdflib and pyoxigraph both parse the N-Triples and the Turtle, and all four readings
    hold the same triples; the RDF names every entity (by fg:key, with its fg:name) and
    reifies every fact;
  * SPARQL for three of the article's questions, run by pyoxigraph on a Store loaded from
    the N-Triples and on one loaded from the Turtle, and by rdflib, gives the answers the
    Rust query API gives (ANSWERS_JSON).

Prints one PASS/FAIL line per check and exits 1 if any check failed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import traceback
from xml.etree import ElementTree
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import rdflib

FG = "https://factgraph.example/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

PREFIXES = f"""PREFIX rdf: <{RDF}>
PREFIX fg: <{FG}>
"""

# The three questions, defined exactly as in examples/answers.rs.
#
# "Lies wholly within a calendar period" (a year or a day) is tested on the lexical form:
# a date literal is YYYY, YYYY-MM or YYYY-MM-DD, and every day it stands for falls in the
# period exactly when its lexical form starts with the period's (2004-11-19 starts with
# 2004; 2004 does not start with 2004-11-19). A range lies within when both ends do.
QUERIES = {
    # Reported meetings are asserted triples; `met` is symmetric and asserted once, in the
    # stored direction, so both directions are asked.
    "met_sembinov": PREFIXES
    + """
SELECT DISTINCT ?name WHERE {
  ?sembinov fg:name|fg:alias "Sembinov" .
  ?sembinov fg:met|^fg:met ?other .
  ?other fg:name ?name .
}
ORDER BY ?name
""",
    # Date and modality live on the reification (rdf:Statement) of each fact.
    "exercises_2004": PREFIXES
    + """
SELECT DISTINCT ?name WHERE {
  VALUES ?relation { fg:hosted fg:participated_in }
  ?fact rdf:predicate ?relation ;
        rdf:object ?exercise ;
        fg:modality "reported" .
  ?exercise a fg:Exercise ;
            fg:name ?name .
  {
    ?fact fg:date ?date .
    FILTER(STRSTARTS(STR(?date), "2004"))
  } UNION {
    ?fact fg:date_start ?start ;
          fg:date_end ?end .
    FILTER(STRSTARTS(STR(?start), "2004") && STRSTARTS(STR(?end), "2004"))
  }
}
ORDER BY ?name
""",
    "sources_19_november_meetings": PREFIXES
    + """
SELECT DISTINCT ?name WHERE {
  ?fact rdf:predicate fg:met ;
        fg:modality "reported" ;
        fg:attribution ?attribution .
  ?attribution fg:source ?source .
  ?source fg:name ?name .
  {
    ?fact fg:date ?date .
    FILTER(STRSTARTS(STR(?date), "2004-11-19"))
  } UNION {
    ?fact fg:date_start ?start ;
          fg:date_end ?end .
    FILTER(STRSTARTS(STR(?start), "2004-11-19") && STRSTARTS(STR(?end), "2004-11-19"))
  }
}
ORDER BY ?name
""",
}


class Checks:
    def __init__(self) -> None:
        self.failed: list[str] = []
        self.passed = 0

    def run(self, name: str, fn) -> object:
        """Runs fn(); it returns a detail string (PASS) or raises (FAIL)."""
        try:
            detail = fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported, not raised
            self.failed.append(name)
            print(f"FAIL  {name}: {type(e).__name__}: {e}", flush=True)
            if not isinstance(e, AssertionError):
                traceback.print_exc(limit=3)
            return None
        self.passed += 1
        print(f"PASS  {name}" + (f": {detail}" if detail else ""), flush=True)
        return detail


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def find_one(folder: Path, suffix: str) -> Path:
    preferred = folder / f"factgraph{suffix}"
    if preferred.is_file():
        return preferred
    found = sorted(folder.glob(f"*{suffix}"))
    expect(len(found) >= 1, f"no *{suffix} file in {folder}")
    return found[0]


# ---------------------------------------------------------------------------------------
# Graphviz


def render_dot(path: Path, fmt: str) -> str:
    out = path.with_name(f"{path.name}.{fmt}")
    r = subprocess.run(
        ["dot", f"-T{fmt}", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    expect(r.returncode == 0, f"dot exited with {r.returncode}: {r.stderr.strip()}")
    expect("error" not in r.stderr.lower(), f"dot reported: {r.stderr.strip()}")
    expect(out.is_file() and out.stat().st_size > 0, f"{out} is empty")
    if fmt == "svg":
        ElementTree.parse(out)  # the SVG is well-formed XML, whatever the labels held
    warn = f" (dot said: {r.stderr.strip()})" if r.stderr.strip() else ""
    return f"{out} ({out.stat().st_size} bytes){warn}"


# ---------------------------------------------------------------------------------------
# GraphML


def check_graphml(path: Path, graph: dict) -> str:
    g = nx.read_graphml(path, force_multigraph=True)
    n, m = g.number_of_nodes(), g.number_of_edges()
    expect(
        n == len(graph["entities"]),
        f"{n} nodes, {len(graph['entities'])} entities in factgraph.json",
    )
    expect(
        m == len(graph["facts"]),
        f"{m} edges, {len(graph['facts'])} facts in factgraph.json",
    )
    return f"{n} nodes, {m} edges (networkx {nx.__version__})"


def xml_char(c: str) -> bool:
    """Whether XML 1.0 can hold the character at all (its `Char` production)."""
    o = ord(c)
    return (
        c in "\t\n\r"
        or 0x20 <= o <= 0xD7FF
        or 0xE000 <= o <= 0xFFFD
        or 0x10000 <= o <= 0x10FFFF
    )


def graphml_names(path: Path, graph: dict) -> str:
    """Every entity name is some node's attribute value, unchanged, except for characters
    XML 1.0 cannot hold in any form (most C0 controls), which the GraphML export documents
    as replaced by U+FFFD."""
    g = nx.read_graphml(path, force_multigraph=True)
    values = {v for _, data in g.nodes(data=True) for v in data.values() if isinstance(v, str)}
    missing, replaced = [], 0
    for e in graph["entities"]:
        name = e["name"]
        if name in values:
            continue
        xml_form = "".join(c if xml_char(c) else "\ufffd" for c in name)
        if xml_form != name and xml_form in values:
            replaced += 1
        else:
            missing.append(name)
    expect(not missing, f"names not found on any node: {missing!r}")
    note = f" ({replaced} with characters XML 1.0 cannot hold shown as U+FFFD)" if replaced else ""
    return f"{len(graph['entities'])} names found{note}"


# ---------------------------------------------------------------------------------------
# RDF


def norm_ox(term) -> tuple:
    if isinstance(term, ox.NamedNode):
        return ("I", term.value)
    if isinstance(term, ox.BlankNode):
        return ("B", term.value)
    if isinstance(term, ox.Literal):
        lang = term.language
        return ("L", term.value, lang if lang else term.datatype.value)
    raise TypeError(f"unexpected term {term!r}")


def norm_rdflib(term) -> tuple:
    if isinstance(term, rdflib.URIRef):
        return ("I", str(term))
    if isinstance(term, rdflib.BNode):
        return ("B", str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ("L", str(term), term.language)
        return ("L", str(term), str(term.datatype) if term.datatype else XSD_STRING)
    raise TypeError(f"unexpected term {term!r}")


def parse_oxigraph(path: Path, fmt) -> set:
    triples = set()
    for q in ox.parse(path=str(path), format=fmt):
        triples.add((norm_ox(q.subject), norm_ox(q.predicate), norm_ox(q.object)))
    return triples


def parse_rdflib(path: Path, fmt: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(str(path), format=fmt)
    return g


def rdflib_set(g: rdflib.Graph) -> set:
    return {(norm_rdflib(s), norm_rdflib(p), norm_rdflib(o)) for s, p, o in g}


def check_rdf_content(triples: set, graph: dict) -> str:
    """Every entity is named by its key with its name and class; every fact is reified."""
    key_of = {}
    name_of = {}
    for s, p, o in triples:
        if p == ("I", FG + "key"):
            key_of[o[1]] = s
        elif p == ("I", FG + "name"):
            name_of.setdefault(s, set()).add(o[1])
    for e in graph["entities"]:
        s = key_of.get(e["id"])
        expect(s is not None, f"no subject with fg:key {e['id']!r}")
        expect(name_of.get(s) == {e["name"]}, f"{e['id']!r}: fg:name {name_of.get(s)!r} != {e['name']!r}")
    statements = {s for s, p, o in triples if p == ("I", RDF + "type") and o == ("I", RDF + "Statement")}
    expect(
        len(statements) == len(graph["facts"]),
        f"{len(statements)} rdf:Statement, {len(graph['facts'])} facts",
    )
    return f"{len(graph['entities'])} entities by key and name, {len(statements)} reified facts"


# ---------------------------------------------------------------------------------------


def check_export(checks: Checks, folder: Path, label: str) -> tuple[dict, dict]:
    """Checks every format in `folder`; returns the JSON graph and the parsed RDF readings."""
    graph = json.loads((folder / "factgraph.json").read_text(encoding="utf-8"))
    print(
        f"--- {label}: {folder} ({len(graph['entities'])} entities, {len(graph['facts'])} facts)",
        flush=True,
    )

    # Graphviz.
    dots = sorted(folder.glob("*.dot"))

    def dot_present() -> str:
        expect(bool(dots), f"no .dot file in {folder}")
        return ", ".join(d.name for d in dots)

    checks.run(f"{label}: DOT files present", dot_present)
    for d in dots:
        for fmt in ("svg", "png"):
            checks.run(f"{label}: dot -T{fmt} {d.name}", lambda d=d, fmt=fmt: render_dot(d, fmt))

    # GraphML.
    checks.run(
        f"{label}: networkx reads the GraphML, node and edge counts match",
        lambda: check_graphml(find_one(folder, ".graphml"), graph),
    )
    checks.run(
        f"{label}: networkx reads every node name back",
        lambda: graphml_names(find_one(folder, ".graphml"), graph),
    )

    # RDF: four independent readings.
    nt, ttl = folder / "factgraph.nt", folder / "factgraph.ttl"
    readers = {
        "rdflib N-Triples": lambda: rdflib_set(parse_rdflib(nt, "nt")),
        "rdflib Turtle": lambda: rdflib_set(parse_rdflib(ttl, "turtle")),
        "pyoxigraph N-Triples": lambda: parse_oxigraph(nt, ox.RdfFormat.N_TRIPLES),
        "pyoxigraph Turtle": lambda: parse_oxigraph(ttl, ox.RdfFormat.TURTLE),
    }
    readings: dict[str, set] = {}
    for name, reader in readers.items():

        def read(name=name, reader=reader) -> str:
            readings[name] = reader()
            return f"{len(readings[name])} triples"

        checks.run(f"{label}: {name} parses", read)

    def all_equal() -> str:
        expect(len(readings) == len(readers), "not every reading parsed")
        names = list(readings)
        first = readings[names[0]]
        for n in names[1:]:
            diff = first ^ readings[n]
            expect(
                not diff,
                f"{names[0]} and {n} differ in {len(diff)} triples, e.g. {sorted(diff)[:3]!r}",
            )
        return f"{len(first)} identical triples in all four readings"

    checks.run(f"{label}: N-Triples and Turtle, rdflib and pyoxigraph agree", all_equal)

    def content() -> str:
        expect(bool(readings), "nothing parsed")
        return check_rdf_content(next(iter(readings.values())), graph)

    checks.run(f"{label}: RDF names every entity and reifies every fact", content)
    return graph, readings


def check_sparql(checks: Checks, folder: Path, answers_path: Path) -> None:
    """The three questions in SPARQL, by three engines/loadings, against the Rust answers."""
    rust = json.loads(answers_path.read_text(encoding="utf-8"))
    print(f"--- SPARQL vs Rust query API ({answers_path})", flush=True)
    nt, ttl = folder / "factgraph.nt", folder / "factgraph.ttl"

    def oxigraph_engine(path: Path, fmt):
        store = ox.Store()
        store.load(path=str(path), format=fmt)
        return lambda query: sorted({sol["name"].value for sol in store.query(query)})

    def rdflib_engine(path: Path, fmt: str):
        g = parse_rdflib(path, fmt)
        return lambda query: sorted({str(row["name"]) for row in g.query(query)})

    makers = {
        "pyoxigraph Store from N-Triples": lambda: oxigraph_engine(nt, ox.RdfFormat.N_TRIPLES),
        "pyoxigraph Store from Turtle": lambda: oxigraph_engine(ttl, ox.RdfFormat.TURTLE),
        "rdflib Graph from N-Triples": lambda: rdflib_engine(nt, "nt"),
    }
    engines = {}
    for name, make in makers.items():

        def load(name=name, make=make) -> str:
            engines[name] = make()
            return ""

        checks.run(f"{name} loads", load)

    for question, query in QUERIES.items():
        expected = sorted(rust[question])
        for name, engine in engines.items():

            def compare(engine=engine, query=query, expected=expected) -> str:
                got = engine(query)
                expect(got == expected, f"SPARQL {got!r} != Rust {expected!r}")
                expect(bool(got), "empty answer")
                return json.dumps(got, ensure_ascii=False)

            checks.run(f"{question} [{name}]", compare)


def check_hostile_strings(checks: Checks, source_json: Path, readings: dict) -> None:
    source = json.loads(source_json.read_text(encoding="utf-8"))

    def names_in_rdf() -> str:
        # Every name, alias and quote of the made-up graph is a literal, unchanged.
        wanted = {e["name"] for e in source["entities"]}
        wanted |= {a for e in source["entities"] for a in e.get("aliases", [])}
        wanted |= {
            s["quote"] for f in source["facts"] for s in f.get("sources", []) if "quote" in s
        }
        expect(bool(readings), "nothing parsed")
        for name, triples in readings.items():
            literals = {o[1] for _, _, o in triples if o[0] == "L"}
            missing = wanted - literals
            expect(not missing, f"{name}: not found unchanged: {sorted(missing)!r}")
        return f"{len(wanted)} strings unchanged in {len(readings)} readings"

    checks.run("hostile names: every name, alias and quote survives RDF", names_in_rdf)


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 5):
        print(__doc__, file=sys.stderr)
        return 2
    checks = Checks()
    print(
        f"tools: pyoxigraph {ox.__version__}, rdflib {rdflib.__version__}, "
        f"networkx {nx.__version__}",
        flush=True,
    )
    folder, answers = Path(argv[1]), Path(argv[2])
    check_export(checks, folder, "dataset")
    check_sparql(checks, folder, answers)
    if len(argv) == 5:
        _, readings = check_export(checks, Path(argv[3]), "hostile names")
        check_hostile_strings(checks, Path(argv[4]), readings)

    total = checks.passed + len(checks.failed)
    if checks.failed:
        print(f"FAIL  {len(checks.failed)} of {total} checks failed:")
        for name in checks.failed:
            print(f"        {name}")
        return 1
    print(f"PASS  all {total} checks")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
