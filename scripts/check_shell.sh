#!/usr/bin/env bash
# Tests `factgraph shell` in a real terminal: tmux starts it in a detached session,
# send-keys types a query, a bad query and :quit, and capture-pane reads the screen.
#
#     scripts/check_shell.sh
#
# Installs tmux from Debian (apt-get, as root) when it is missing and builds the binary
# with `cargo build --features cli`. Exits non-zero, printing the screen, on failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v tmux >/dev/null 2>&1; then
  echo "tmux missing: installing it with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux
fi

cargo build --quiet --features cli --bin factgraph
bin="$(cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/factgraph"

session="factgraph-check-$$"
history="$(mktemp)"
screen="$(mktemp)"
cleanup() {
  tmux kill-session -t "$session" 2>/dev/null || true
  rm -f "$history" "$screen"
}
trap cleanup EXIT

tmux new-session -d -s "$session" -x 200 -y 50 \
  "FACTGRAPH_HISTORY='$history' '$bin' shell; echo SHELL-EXITED-\$?; sleep 30"

# Wait for the prompt, then type.
wait_for() {
  for _ in $(seq 1 100); do
    tmux capture-pane -p -t "$session" > "$screen"
    if grep -qF -- "$1" "$screen"; then return 0; fi
    sleep 0.1
  done
  echo "FAIL: did not see: $1"; cat "$screen"; exit 1
}
wait_for "factgraph>"
tmux send-keys -t "$session" 'MATCH (p:Person)-[m:met]-(q:Person {name: "Sembinov"}) RETURN p.name ORDER BY p.name' Enter
wait_for "Richard Armitage"
tmux send-keys -t "$session" 'MATCH (c:country)-[:mett]-(p) RETURN c' Enter
wait_for "did you mean"
# A two-line query from docs/CYPHER.md, pasted (with its comment line), runs at the blank line.
tmux set-buffer -b fgpaste "$(printf '%s\n%s\n%s\n' \
  '// Who took part in Steppe Eagle 2004' \
  'MATCH (a)-[r:participated_in]->(:Exercise {name: "Steppe Eagle 2004"})' \
  'RETURN a.name, r.stated ORDER BY a.name')"
tmux paste-buffer -p -b fgpaste -t "$session"
tmux send-keys -t "$session" Enter Enter
wait_for "United Kingdom"
# Typed over two lines: the first is not a whole query, so the shell waits, then runs at
# the blank line.
tmux send-keys -t "$session" 'MATCH (a)-[s:signed]->(:agreement {name: "five-year cooperation plan"})' Enter
wait_for "...>"
tmux send-keys -t "$session" 'RETURN a.name AS signer, s.date' Enter
sleep 0.5
tmux send-keys -t "$session" Enter
wait_for "signer"
tmux send-keys -t "$session" ':format csv' Enter
tmux send-keys -t "$session" 'MATCH (p:Person {name: "Sembinov"}) RETURN p.name' Enter
wait_for "Bolat Sembinov"
tmux send-keys -t "$session" ':quit' Enter
wait_for "SHELL-EXITED-0"

for expected in "| facts" "[1] Bolat Sembinov met" "1:21: unknown relation" "p.name,fact_keys" "a.name" "r.stated"; do
  grep -qF -- "$expected" "$screen" || { echo "FAIL: screen lacks: $expected"; cat "$screen"; exit 1; }
done
grep -qF ':quit' "$history" || { echo "FAIL: history not saved"; exit 1; }
echo "PASS: factgraph shell answers, runs a pasted two-line query, survives a bad query, switches format, saves history and quits"
