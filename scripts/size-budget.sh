#!/usr/bin/env bash
# Prints the playground's .wasm size (raw and gzipped) and fails when the gzipped size is over budget.
set -euo pipefail
cd "$(dirname "$0")/.."
# The one place the budget is written (bytes, gzipped): 450 KB, the first-screen budget of the developers' guide
# ("Playground budgets: first-screen wasm (app + worker wasm if separate) <= 450 KB gzipped").
BUDGET_GZIP_BYTES=$((450 * 1024))
wasm=$(ls dist/iamplay-web-*_bg.wasm 2>/dev/null | head -n 1)
[ -n "$wasm" ] || { echo "size: no dist/iamplay-web-*_bg.wasm; run make build" >&2; exit 1; }
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
printf 'size: %s raw %d bytes, gzipped %d bytes (budget %d)\n' "$(basename "$wasm")" "$raw" "$gz" "$BUDGET_GZIP_BYTES"
if [ "$gz" -gt "$BUDGET_GZIP_BYTES" ]; then
  echo "size: over budget by $((gz - BUDGET_GZIP_BYTES)) bytes" >&2
  exit 1
fi
