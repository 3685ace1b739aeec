#!/usr/bin/env bash
# Bundles Monaco (JSON language only) with esbuild into web/monaco-dist. Skips the work when the bundle is
# newer than its inputs.
set -euo pipefail
cd "$(dirname "$0")"
out=monaco-dist
if [ -f "$out/monaco-entry.js" ] && [ "$out/monaco-entry.js" -nt package-lock.json ] && [ "$out/monaco-entry.js" -nt monaco-entry.js ]; then
  exit 0
fi
rm -rf "$out.tmp"
esbuild=node_modules/.bin/esbuild
$esbuild monaco-entry.js --bundle --format=esm --splitting --minify --loader:.ttf=file \
  --outdir="$out.tmp" --log-level=warning --legal-comments=external
$esbuild node_modules/monaco-editor/esm/vs/editor/editor.worker.js --bundle --format=esm --minify \
  --outfile="$out.tmp/editor.worker.js" --log-level=warning
$esbuild node_modules/monaco-editor/esm/vs/language/json/json.worker.js --bundle --format=esm --minify \
  --outfile="$out.tmp/json.worker.js" --log-level=warning
cp node_modules/monaco-editor/LICENSE "$out.tmp/LICENSE-monaco-editor.txt"
rm -rf "$out" && mv "$out.tmp" "$out"
