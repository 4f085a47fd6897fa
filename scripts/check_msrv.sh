#!/usr/bin/env bash
# Checks what can be checked of the declared minimum Rust version (`rust-version` in
# Cargo.toml) with the toolchain at hand:
#  1. clippy's `incompatible_msrv` lint, which reads `rust-version`, flags standard-library
#     items stabilised after it; `.ci/run` already denies it (it is warn-by-default, and
#     clippy runs with `-D warnings`), so this script does not run clippy again;
#  2. every dependency in Cargo.lock declares a `rust-version` no newer than ours;
#  3. if the MSRV toolchain itself is installed (`rustup toolchain install <version>`), the
#     crate is built with it. Where it is not, this step says so and is skipped: language
#     features newer than the MSRV are then not caught (see docs/TESTING.md, "Minimum Rust
#     version").
set -euo pipefail
cd "$(dirname "$0")/.."

metadata=$(cargo metadata --format-version 1 --all-features --locked)
msrv=$(printf '%s' "$metadata" | python3 -c '
import json, sys
m = json.load(sys.stdin)
print(next(p["rust_version"] for p in m["packages"] if p["name"] == "factgraph"))
')
echo "declared rust-version: $msrv"

printf '%s' "$metadata" | python3 -c '
import json, sys
msrv = sys.argv[1]
def v(s):
    parts = [int(x) for x in s.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))
m = json.load(sys.stdin)
newer = [(p["name"], p["version"], p["rust_version"]) for p in m["packages"]
         if p.get("rust_version") and p["name"] != "factgraph" and v(p["rust_version"]) > v(msrv)]
declared = sum(1 for p in m["packages"] if p.get("rust_version"))
total = len(m["packages"])
if newer:
    for name, version, rv in newer:
        print(f"dependency {name} {version} needs Rust {rv}, newer than {msrv}")
    sys.exit(1)
print(f"packages in the lock file: {declared} of {total} declare a rust-version, none newer than {msrv}")
' "$msrv"

if command -v rustup >/dev/null && rustup toolchain list | grep -q "^$msrv"; then
  cargo "+$msrv" check --locked --all-targets --all-features
  echo "built with Rust $msrv"
else
  echo "skipped: the Rust $msrv toolchain is not installed (rustup toolchain install $msrv)"
fi
