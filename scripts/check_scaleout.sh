#!/usr/bin/env bash
# Proves the scale-out paths on real engines: the Parquet export in DuckDB and in Apache
# Spark (local mode), the Neo4j CSV export in Kuzu (an embedded openCypher engine), and the
# N-Quads and TriG exports (one named graph per report) in Oxigraph. Each engine must load
# every row and answer the questions of examples/scaleout.rs as the Rust API does.
#
# Run from anywhere (CI runs it on a fresh Debian machine with the Rust toolchain, gcc,
# Python 3.11 with pip and Java 17):
#
#     scripts/check_scaleout.sh
#
# It installs what it needs from PyPI into a virtual environment (target/scaleout-venv,
# reused by later runs): duckdb, pyspark (which runs on the machine's Java 17), kuzu and
# pyoxigraph. It then
#
#   1. writes the exports of the embedded article and of the merged corpus, with the Rust
#      API's answers (answers.json), by `cargo run --example scaleout --features parquet`
#      into target/scaleout/seed and target/scaleout/corpus;
#   2. runs scripts/check_scaleout.py on both folders.
#
# Prints PASS/FAIL per check and "N passed, N failed"; exits non-zero if anything failed.
#
# Environment: PYTHON (default python3), CARGO (default cargo), CHECK_DIR (where the venv
# and the exports go, default target).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
CARGO="${CARGO:-cargo}"
CHECK_DIR="${CHECK_DIR:-target}"
VENV="${CHECK_DIR}/scaleout-venv"
OUT="${CHECK_DIR}/scaleout"
# Versions the checks were written against. Kuzu 0.11.3 is the engine's last release; see
# docs/INTERCHANGE.md for why not FalkorDB.
PY_PACKAGES=("duckdb>=1.1,<3" "pyspark>=4.0,<5" "kuzu==0.11.3" "pyoxigraph>=0.5,<0.6")
# Spark binds its driver to the loopback interface only.
export SPARK_LOCAL_IP=127.0.0.1

step() { printf '\n== %s\n' "$*"; }
fail() {
    printf 'FAIL  %s\n' "$*"
    exit 1
}
started=$SECONDS
mkdir -p "${CHECK_DIR}"

step "Java (for Spark)"
command -v java >/dev/null 2>&1 || fail "Java: 'java' is not on PATH (Spark needs Java 17 or later)"
java -version 2>&1 | head -1

step "Python virtual environment ${VENV}"
if [ ! -x "${VENV}/bin/python" ]; then
    "${PYTHON}" -m venv "${VENV}" || fail "Python: ${PYTHON} -m venv ${VENV}"
fi
t=$SECONDS
"${VENV}/bin/python" -m pip install --quiet --disable-pip-version-check "${PY_PACKAGES[@]}" \
    || fail "Python: pip install ${PY_PACKAGES[*]}"
"${VENV}/bin/python" -m pip list --disable-pip-version-check 2>/dev/null \
    | grep -iE '^(duckdb|pyspark|kuzu|pyoxigraph) ' || true
echo "pip: $((SECONDS - t)) s"

step "Exports and the Rust API's answers"
t=$SECONDS
for dataset in seed corpus; do
    "${CARGO}" run --quiet --example scaleout --features parquet -- "${OUT}/${dataset}" "${dataset}" \
        > "${OUT}-${dataset}.log" 2>&1 \
        || { cat "${OUT}-${dataset}.log"; fail "export: cargo run --example scaleout --features parquet -- ${OUT}/${dataset} ${dataset}"; }
    head -4 "${OUT}-${dataset}.log"
done
echo "cargo: $((SECONDS - t)) s"

step "Engines"
t=$SECONDS
"${VENV}/bin/python" scripts/check_scaleout.py "${OUT}/seed" "${OUT}/corpus"
echo "engines: $((SECONDS - t)) s; check_scaleout.sh: $((SECONDS - started)) s in all"
