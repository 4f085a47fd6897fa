#!/usr/bin/env bash
# The event-data exports checked by tools someone else wrote: every PLOVER record of the
# corpus is validated against docs/plover.schema.json (written from the PLOVER manual's
# field list) by Python `jsonschema`, and the flat event table is loaded into DuckDB, whose
# counts per PLOVER category and year must equal the Rust API's
# (interchange::plover::counts_by_category_and_year, written by examples/events.rs).
#
#     scripts/check_events.sh
#
# Installs jsonschema and duckdb from PyPI into a virtual environment
# (target/events-venv, reused). Environment: PYTHON, CARGO, CHECK_DIR (default target).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
CARGO="${CARGO:-cargo}"
CHECK_DIR="${CHECK_DIR:-target}"
VENV="${CHECK_DIR}/events-venv"
OUT="${CHECK_DIR}/events"

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet "jsonschema>=4.18,<5" "duckdb>=1.1,<3"

"$CARGO" run --quiet --example events -- "$OUT"

"$VENV/bin/python" - "$OUT" docs/plover.schema.json <<'PY'
import json, sys
import duckdb, jsonschema

out, schema_path = sys.argv[1], sys.argv[2]
schema = json.load(open(schema_path))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failed = 0
records = [json.loads(line) for line in open(f"{out}/plover.jsonl")]
for i, r in enumerate(records, 1):
    for e in validator.iter_errors(r):
        failed += 1
        print(f"FAIL record {i} ({r.get('id')}): {e.message}")
api = json.load(open(f"{out}/counts.json"))
print(("PASS" if failed == 0 else "FAIL") + f" {len(records)} PLOVER records against the schema")
if len(records) != api["records"]:
    failed += 1
    print(f"FAIL {len(records)} records read, the API wrote {api['records']}")

con = duckdb.connect()
rows = con.execute(
    f"SELECT plover_event, CAST(year AS VARCHAR), count(*) FROM read_csv('{out}/events.csv', header=true, all_varchar=true) "
    "GROUP BY ALL ORDER BY 1, 2").fetchall()
duck = [[c, y, n] for c, y, n in rows]
want = sorted(api["by_category_year"])
if duck == want:
    print(f"PASS DuckDB counts per category and year equal the API's ({len(want)} cells, {sum(n for *_, n in want)} events)")
else:
    failed += 1
    print("FAIL DuckDB counts differ from the API's:")
    print("  duckdb:", duck)
    print("  api:   ", want)
total = con.execute(f"SELECT count(*) FROM read_csv('{out}/events.csv', header=true, all_varchar=true)").fetchone()[0]
if total != api["rows"]:
    failed += 1
    print(f"FAIL DuckDB read {total} rows, the API wrote {api['rows']}")
sys.exit(1 if failed else 0)
PY
echo "check_events: passed"
