#!/usr/bin/env bash
# Prints the size (raw and gzipped) of every .wasm the playground's first screen loads and fails when their
# gzipped total is over budget. The analysis worker runs the app's own wasm (the page hands it the compiled
# module), so today that is one file; a worker with a wasm of its own would be a second dist/*.wasm and counts.
set -euo pipefail
cd "$(dirname "$0")/.."
# The one place the budget is written (bytes, gzipped): 450 KB for the app and its worker (issue 11).
BUDGET_GZIP_BYTES=$((450 * 1024))
shopt -s nullglob
files=(dist/*.wasm)
[ "${#files[@]}" -gt 0 ] || { echo "size: no dist/*.wasm; run make build" >&2; exit 1; }
total=0
for wasm in "${files[@]}"; do
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  total=$((total + gz))
  printf 'size: %s raw %d bytes, gzipped %d bytes\n' "$(basename "$wasm")" "$raw" "$gz"
done
grep -q 'analysisWorkerRun' web/analysis-worker.js && echo "size: the analysis worker runs the app's wasm (no second file)"
# Fetched only when asked for (How to change this, Tighten, the islands: scripts/build-analyses.sh), so not the first screen's.
for wasm in dist/analyses/*.wasm; do
  printf 'size: on demand, not counted: analyses/%s gzipped %d bytes\n' "$(basename "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
done
printf 'size: first-screen wasm gzipped %d bytes in %d file(s) (budget %d)\n' "$total" "${#files[@]}" "$BUDGET_GZIP_BYTES"
if [ "$total" -gt "$BUDGET_GZIP_BYTES" ]; then
  echo "size: over budget by $((total - BUDGET_GZIP_BYTES)) bytes" >&2
  exit 1
fi
