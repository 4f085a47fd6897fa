#!/usr/bin/env bash
# The HTML briefing (issue 22) in a real browser: headless Chromium from Debian opens the
# page `factgraph brief --html` writes for Altynbayev from disk and checks it against the
# Rust API's answers (scripts/check_html.py says what), and a page of hostile made-up
# names. Installs what it needs (chromium, chromium-driver, selenium), idempotently.
# Screenshots: target/html-check/briefing.png and hostile.png.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null
fi
python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q 'selenium>=4.20,<5'

out="${CARGO_TARGET_DIR:-target}/html-check"
mkdir -p "$out"
cargo build -q --features cli --bin factgraph
bin="${CARGO_TARGET_DIR:-target}/debug/factgraph"
"$bin" brief --html "$out/briefing.html" --focus Altynbayev
# The Rust API's answers for the same focus (and its own copy of the page).
cargo run -q --example html_briefing -- "$out/api" Altynbayev
size=$(stat -c %s "$out/briefing.html")
echo "page: $size bytes"
[ "$size" -lt 2000000 ]
python3 scripts/check_html.py hostile "$out/hostile.json"
"$bin" brief --html "$out/hostile.html" "$out/hostile.json" --focus 'Ministry <of> "Truth"'
python3 scripts/check_html.py check "$out/briefing.html" "$out/api/expect.json" \
  "$out/hostile.html" "$out/hostile.json" "$out"
