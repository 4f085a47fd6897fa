#!/bin/sh
# Runs every fuzz target for SECONDS (default 600) each, one after another, with the
# binaries already built by `cargo fuzz build`; logs go to fuzz/logs/<target>.log.
set -u
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=${*:-merge_json json_load jsonl_import name_lookup}
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
for t in $targets; do
  mkdir -p "corpus/$t" "artifacts/$t"
  # -rss_limit_mb (libFuzzer's default, said out loud): an allocation over 2 GB, or a
  # process over it, is a crash.
  # libFuzzer stops at a corpus folder that does not exist: seeds only where there are some.
  seeds=""
  [ -d "seeds/$t" ] && seeds="seeds/$t"
  # shellcheck disable=SC2086 # an empty $seeds must vanish, not become "".
  "$bin/$t" "corpus/$t" $seeds -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 > "logs/$t.log" 2>&1
  echo "$t exit $?" >> logs/summary.txt
done
