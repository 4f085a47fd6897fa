#!/usr/bin/env python3
"""Loads factgraph's exports into real engines and asks them the Rust API's questions.

Usage: check_scaleout.py EXPORT_DIR [EXPORT_DIR ...]

Each EXPORT_DIR is written by `cargo run --example scaleout --features parquet -- DIR
DATASET` and holds parquet/*.parquet, neo4j/*.csv, factgraph.nq, factgraph.trig and
answers.json (what the Rust API answers). For each directory:

  * DuckDB reads the six Parquet files (quantities and PLOVER events too);
  * Apache Spark (pyspark, local mode) reads them too, and runs the same SQL;
  * Kuzu, an embedded openCypher engine, loads the Neo4j CSV files and answers in Cypher;
  * Oxigraph (pyoxigraph) loads the N-Quads and the TriG and answers the per-report
    question with SPARQL `GRAPH ?g`.

Each engine must load every row (answers.json `counts`) and give the same answers as
the Rust API. The questions are defined in examples/scaleout.rs; the Rust answers come
only from answers.json. Prints PASS/FAIL per check and a closing
"N passed, N failed" line; exits non-zero if anything failed.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

# ----------------------------------------------------------------------------------------
# The questions in SQL (DuckDB and Spark run the same text) and Cypher.

NOVEMBER_2004 = ("2004-11-01", "2004-11-30")

SQL = {
    "met_sembinov_november_2004": f"""
        SELECT o.name AS name, f.date AS date
        FROM facts f JOIN entities s ON s.key = f.subject JOIN entities o ON o.key = f.object
        WHERE f.relation = 'met' AND f.modality = 'reported' AND s.name = 'Bolat Sembinov'
          AND f.date_first >= DATE '{NOVEMBER_2004[0]}' AND f.date_last <= DATE '{NOVEMBER_2004[1]}'
        UNION
        SELECT s.name AS name, f.date AS date
        FROM facts f JOIN entities s ON s.key = f.subject JOIN entities o ON o.key = f.object
        WHERE f.relation = 'met' AND f.modality = 'reported' AND o.name = 'Bolat Sembinov'
          AND f.date_first >= DATE '{NOVEMBER_2004[0]}' AND f.date_last <= DATE '{NOVEMBER_2004[1]}'
    """,
    "signed_five_year_plan": """
        SELECT DISTINCT s.name AS name, f.date AS date
        FROM facts f JOIN entities s ON s.key = f.subject JOIN entities p ON p.key = f.object
        WHERE f.relation = 'signed' AND f.modality = 'reported'
          AND p.name = 'US-Kazakhstan five-year cooperation plan'
    """,
    "steppe_eagle_participants": """
        WITH series AS (SELECT key FROM entities WHERE name = 'Steppe Eagle'),
        targets AS (
            SELECT key FROM series
            UNION
            SELECT f.subject AS key FROM facts f JOIN series ON f.object = series.key
            WHERE f.relation = 'part_of' AND f.modality = 'reported'
        )
        SELECT DISTINCT p.name AS name
        FROM facts f JOIN targets t ON f.object = t.key JOIN entities p ON p.key = f.subject
        WHERE f.relation = 'participated_in' AND f.modality = 'reported'
    """,
}

TABLES = ("entities", "reports", "facts", "attributions", "quantities", "events")

COUNT_SQL = {
    "entities": "SELECT count(*) FROM entities",
    "reports": "SELECT count(*) FROM reports",
    "facts": "SELECT count(*) FROM facts",
    "attributions": "SELECT count(*) FROM attributions",
    "quantities": "SELECT count(*) FROM quantities",
    "events": "SELECT count(*) FROM events",
}

# Quantities per kind: compared with answers.json `quantities_by_kind`.
QUANTITIES_BY_KIND_SQL = "SELECT kind, count(*) FROM quantities GROUP BY kind"

CYPHER = {
    "met_sembinov_november_2004": f"""
        MATCH (s:Entity {{name: 'Bolat Sembinov'}})-[r:MET]-(o:Entity)
        WHERE r.reported AND r.earliest >= date('{NOVEMBER_2004[0]}')
          AND r.latest <= date('{NOVEMBER_2004[1]}')
        RETURN DISTINCT o.name, r.date
    """,
    "signed_five_year_plan": """
        MATCH (s:Entity)-[r:SIGNED]->(p:Entity {name: 'US-Kazakhstan five-year cooperation plan'})
        WHERE r.reported
        RETURN DISTINCT s.name, r.date
    """,
    "steppe_eagle_participants": """
        MATCH (p:Entity)-[r:PARTICIPATED_IN]->(x:Entity {name: 'Steppe Eagle'})
        WHERE r.reported
        RETURN DISTINCT p.name AS name
        UNION
        MATCH (p:Entity)-[r:PARTICIPATED_IN]->(x:Entity)-[q:PART_OF]->(s:Entity {name: 'Steppe Eagle'})
        WHERE r.reported AND q.reported
        RETURN DISTINCT p.name AS name
    """,
}

SPARQL_FACTS_BY_REPORT = """
    PREFIX fg: <https://factgraph.example/ns#>
    SELECT ?g ?key WHERE { GRAPH ?g { ?f a fg:Fact ; fg:fact_key ?key } }
"""


def normalise(question: str, rows) -> list:
    """Rows as the sorted, duplicate-free JSON lists of answers.json."""
    if question == "steppe_eagle_participants":
        return sorted({r[0] for r in rows})
    return sorted({(r[0], r[1]) for r in rows}, key=lambda t: (t[0], t[1] or ""))


def expected(answers: dict, question: str) -> list:
    value = answers[question]
    if question == "steppe_eagle_participants":
        return sorted(value)
    return sorted((tuple(v) for v in value), key=lambda t: (t[0], t[1] or ""))


# ----------------------------------------------------------------------------------------
# Reporting


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def run(self, name: str, fn) -> None:
        start = time.monotonic()
        try:
            detail = fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported, then counted
            self.failed += 1
            print(f"FAIL  {name}: {type(e).__name__}: {e}", flush=True)
            traceback.print_exc(limit=3)
            return
        self.passed += 1
        took = time.monotonic() - start
        print(f"PASS  {name} ({took:.1f} s)" + (f": {detail}" if detail else ""), flush=True)


def same(what: str, got, want) -> str:
    if got != want:
        raise AssertionError(f"{what}: engine {got!r} != Rust API {want!r}")
    shown = want if len(str(want)) < 160 else f"{len(want)} items"
    return f"{what} = {shown}"


# ----------------------------------------------------------------------------------------
# Engines


def check_sql_engine(checks: Checks, label: str, query, answers: dict) -> None:
    """`query(sql)` returns a list of row tuples."""
    for table, sql in COUNT_SQL.items():
        checks.run(
            f"{label}: {table} rows",
            lambda sql=sql, table=table: same(table, query(sql)[0][0], answers["counts"][table]),
        )
    checks.run(
        f"{label}: quantities per kind",
        lambda: same(
            "quantities_by_kind",
            sorted((k, n) for k, n in query(QUANTITIES_BY_KIND_SQL)),
            sorted(answers["quantities_by_kind"].items()),
        ),
    )
    for question, sql in SQL.items():
        checks.run(
            f"{label}: {question}",
            lambda sql=sql, question=question: same(
                question, normalise(question, query(sql)), expected(answers, question)
            ),
        )


def duckdb_checks(checks: Checks, folder: Path, answers: dict) -> None:
    import duckdb

    con = duckdb.connect()
    for table in TABLES:
        path = folder / "parquet" / f"{table}.parquet"
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
    check_sql_engine(checks, f"DuckDB {duckdb.__version__} [{folder.name}]",
                     lambda sql: con.execute(sql).fetchall(), answers)
    con.close()


def spark_session():
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("factgraph-check-scaleout")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def spark_checks(checks: Checks, spark, folder: Path, answers: dict) -> None:
    for table in TABLES:
        spark.read.parquet(str(folder / "parquet" / f"{table}.parquet")).createOrReplaceTempView(table)

    def query(sql: str):
        return [tuple(r) for r in spark.sql(sql).collect()]

    check_sql_engine(checks, f"Spark {spark.version} [{folder.name}]", query, answers)


def read_neo4j_csv(folder: Path):
    """The Neo4j CSV export as (nodes, relationships): dicts of the columns used here."""
    script = (folder / "neo4j" / "import.sh").read_text(encoding="utf-8")
    marker = "--array-delimiter=U+"
    at = script.index(marker) + len(marker)
    delimiter = chr(int(script[at:at + 4], 16))
    nodes, rels = [], []
    for path in sorted((folder / "neo4j").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = [h.split(":")[0] if not h.startswith(":") else h for h in next(reader)]
            for row in reader:
                rec = dict(zip(header, row))
                if path.name.startswith("nodes_"):
                    nodes.append({"key": rec["key"], "name": rec["name"], "kind": rec["kind"],
                                  "aliases": [a for a in rec["aliases"].split(delimiter) if a]})
                else:
                    rels.append(rec)
    return nodes, rels


def parse_date(text: str):
    return datetime.date.fromisoformat(text) if text else None


def kuzu_checks(checks: Checks, folder: Path, answers: dict) -> None:
    import kuzu

    label = f"Kuzu {kuzu.__version__} [{folder.name}]"
    nodes, rels = read_neo4j_csv(folder)
    db_dir = Path(tempfile.mkdtemp(prefix="factgraph-kuzu-"))
    db = kuzu.Database(str(db_dir / "db"))
    con = kuzu.Connection(db)

    def load() -> str:
        con.execute("CREATE NODE TABLE Entity(key STRING, name STRING, kind STRING, "
                    "aliases STRING[], PRIMARY KEY (key))")
        for n in nodes:
            con.execute("CREATE (:Entity {key: $key, name: $name, kind: $kind, aliases: $aliases})", n)
        for rel_type in sorted({r[":TYPE"] for r in rels}):
            con.execute(f"CREATE REL TABLE {rel_type}(FROM Entity TO Entity, fact INT64, "
                        "date STRING, earliest DATE, latest DATE, modality STRING, "
                        "reported BOOLEAN, fact_key STRING)")
        for r in rels:
            con.execute(
                "MATCH (a:Entity {key: $s}), (b:Entity {key: $o}) "
                f"CREATE (a)-[:{r[':TYPE']} {{fact: $fact, date: $date, earliest: $earliest, "
                "latest: $latest, modality: $modality, reported: $reported, fact_key: $key}]->(b)",
                {"s": r[":START_ID"], "o": r[":END_ID"], "fact": int(r["fact"]),
                 "date": r["date"] or None, "earliest": parse_date(r["earliest"]),
                 "latest": parse_date(r["latest"]), "modality": r["modality"],
                 "reported": r["reported"] == "true", "key": r["fact_key"]},
            )
        return f"{len(nodes)} nodes, {len(rels)} relationships from neo4j/*.csv"

    def rows(cypher: str) -> list:
        result = con.execute(cypher)
        out = []
        while result.has_next():
            out.append(tuple(result.get_next()))
        return out

    checks.run(f"{label}: load the Neo4j CSV", load)
    checks.run(f"{label}: entities", lambda: same(
        "entities", rows("MATCH (n:Entity) RETURN count(n)")[0][0], answers["counts"]["entities"]))
    checks.run(f"{label}: facts", lambda: same(
        "facts", rows("MATCH ()-[r]->() RETURN count(r)")[0][0], answers["counts"]["facts"]))
    for question, cypher in CYPHER.items():
        checks.run(
            f"{label}: {question}",
            lambda cypher=cypher, question=question: same(
                question, normalise(question, rows(cypher)), expected(answers, question)
            ),
        )
    con.close()
    db.close()
    shutil.rmtree(db_dir, ignore_errors=True)


def oxigraph_checks(checks: Checks, folder: Path, answers: dict) -> None:
    import pyoxigraph as ox

    label = f"Oxigraph {ox.__version__} [{folder.name}]"
    want = {g: sorted(keys) for g, keys in answers["facts_by_report"].items()}
    stores = {}

    def load(name: str, fmt) -> str:
        store = ox.Store()
        store.load(path=str(folder / name), format=fmt)
        stores[name] = store
        graphs = {str(g.value) for g in store.named_graphs()}
        return f"{len(store)} quads in {len(graphs)} named graphs"

    checks.run(f"{label}: load factgraph.nq", lambda: load("factgraph.nq", ox.RdfFormat.N_QUADS))
    checks.run(f"{label}: load factgraph.trig", lambda: load("factgraph.trig", ox.RdfFormat.TRIG))

    def same_quads() -> str:
        a, b = stores["factgraph.nq"], stores["factgraph.trig"]
        return same("quads (N-Quads, TriG)", set(a), set(b)) and f"{len(a)} quads"

    checks.run(f"{label}: N-Quads and TriG hold the same quads", same_quads)

    def per_report() -> str:
        got: dict = {}
        for row in stores["factgraph.nq"].query(SPARQL_FACTS_BY_REPORT):
            got.setdefault(str(row["g"].value), set()).add(str(row["key"].value))
        got = {g: sorted(keys) for g, keys in got.items()}
        same("facts by report", got, want)
        largest = max(want.items(), key=lambda kv: len(kv[1]))
        return f"{len(want)} report graphs; {largest[0].rsplit('/', 1)[-1]} supports {len(largest[1])} facts"

    checks.run(f"{label}: facts_by_report (GRAPH ?g)", per_report)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    folders = [Path(a) for a in argv[1:]]
    checks = Checks()
    answers = {f: json.loads((f / "answers.json").read_text(encoding="utf-8")) for f in folders}

    for f in folders:
        print(f"--- DuckDB: {f}", flush=True)
        duckdb_checks(checks, f, answers[f])
    print("--- Spark (local mode)", flush=True)
    start = time.monotonic()
    try:
        spark = spark_session()
    except Exception as e:  # noqa: BLE001
        checks.failed += 1
        print(f"FAIL  Spark: cannot start a local session: {e}", flush=True)
        spark = None
    if spark is not None:
        print(f"      Spark {spark.version} started in {time.monotonic() - start:.1f} s "
              f"(Java: {os.environ.get('JAVA_HOME', 'from PATH')})", flush=True)
        try:
            for f in folders:
                spark_checks(checks, spark, f, answers[f])
        finally:
            spark.stop()
    for f in folders:
        print(f"--- Kuzu (openCypher): {f}", flush=True)
        kuzu_checks(checks, f, answers[f])
    for f in folders:
        print(f"--- Oxigraph: {f}", flush=True)
        oxigraph_checks(checks, f, answers[f])

    print(f"\n{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
