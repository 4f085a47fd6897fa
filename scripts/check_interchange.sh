#!/usr/bin/env bash
# Checks every export of factgraph with the external tool named for it.
#
# Run from anywhere, after `cargo test` (CI runs it on a fresh Debian machine with the Rust
# toolchain, gcc and Python 3 with pip):
#
#     scripts/check_interchange.sh
#
# It installs what it needs from the registries: Graphviz from Debian (apt-get, when `dot`
# is missing; as root or through sudo) and pyoxigraph, networkx and rdflib from PyPI into a
# virtual environment (target/check-venv, reused by later runs). It then
#
#   1. writes every export of the embedded dataset with `cargo run --example export`
#      into target/export, and the Rust query API's answers to three questions with
#      `cargo run --example answers`;
#   2. writes a made-up graph with hostile names (scripts/hostile_graph.py) and exports it
#      into target/export-hostile;
#   3. runs scripts/check_interchange.py on both: `dot` renders the DOT to SVG and PNG,
#      networkx loads the GraphML and compares node and edge counts with factgraph.json,
#      rdflib and pyoxigraph parse the N-Triples and the Turtle and must agree, and SPARQL
#      run by pyoxigraph (and rdflib) must give the Rust answers.
#
# Prints PASS/FAIL per check; exits non-zero if anything failed.
#
# Environment: PYTHON (default python3), CARGO (default cargo), CHECK_DIR (where the venv and
# the outputs go, default target: target/check-venv, target/export, target/export-hostile,
# target/check).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
CARGO="${CARGO:-cargo}"
CHECK_DIR="${CHECK_DIR:-target}"
VENV="${CHECK_DIR}/check-venv"
EXPORT_DIR="${CHECK_DIR}/export"
HOSTILE_DIR="${CHECK_DIR}/export-hostile"
WORK_DIR="${CHECK_DIR}/check"
# Versions the checks were written against (their Python APIs).
PY_PACKAGES=("pyoxigraph>=0.5,<0.6" "networkx>=3.2,<4" "rdflib>=7.1,<8")

step() { printf '\n== %s\n' "$*"; }

fail() {
    printf 'FAIL  %s\n' "$*"
    exit 1
}

# --- Graphviz ------------------------------------------------------------------------
step "Graphviz"
if ! command -v dot >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        fail "Graphviz: 'dot' is missing and neither root nor sudo is available to install it"
    fi
    echo "dot not found: installing graphviz from Debian"
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -q || fail "Graphviz: apt-get update"
    "${SUDO[@]}" apt-get install -y -q graphviz || fail "Graphviz: apt-get install graphviz"
fi
dot -V 2>&1 || fail "Graphviz: dot -V"

# --- Python tools --------------------------------------------------------------------
step "Python virtual environment ${VENV}"
if [ ! -x "${VENV}/bin/python" ]; then
    "${PYTHON}" -m venv "${VENV}" || fail "Python: ${PYTHON} -m venv ${VENV}"
fi
"${VENV}/bin/python" -m pip install --quiet --disable-pip-version-check "${PY_PACKAGES[@]}" \
    || fail "Python: pip install ${PY_PACKAGES[*]}"
"${VENV}/bin/python" -m pip list --disable-pip-version-check 2>/dev/null \
    | grep -iE '^(pyoxigraph|networkx|rdflib) ' || true

# --- Exports -------------------------------------------------------------------------
step "Exports"
mkdir -p "${WORK_DIR}"
rm -rf "${EXPORT_DIR}" "${HOSTILE_DIR}"
"${CARGO}" run --quiet --example export -- "${EXPORT_DIR}" \
    || fail "export: cargo run --example export -- ${EXPORT_DIR}"
ls -l "${EXPORT_DIR}"
"${CARGO}" run --quiet --example answers > "${WORK_DIR}/answers.json" \
    || fail "answers: cargo run --example answers"
cat "${WORK_DIR}/answers.json"

"${VENV}/bin/python" scripts/hostile_graph.py "${WORK_DIR}/hostile.json" \
    || fail "hostile graph: scripts/hostile_graph.py"
"${CARGO}" run --quiet --example export -- "${HOSTILE_DIR}" "${WORK_DIR}/hostile.json" \
    || fail "export: cargo run --example export -- ${HOSTILE_DIR} ${WORK_DIR}/hostile.json"

# --- Checks --------------------------------------------------------------------------
step "Checks"
"${VENV}/bin/python" scripts/check_interchange.py \
    "${EXPORT_DIR}" "${WORK_DIR}/answers.json" \
    "${HOSTILE_DIR}" "${WORK_DIR}/hostile.json"
