#!/usr/bin/env bash
# Builds the playground's on-demand analyses (crates/iamplay-web-analyses: fixes, the tightest policy, JSON Patch)
# into web/analyses-dist/, which Trunk copies to dist/analyses/. The page loads it only when one of them is asked
# for (web/analyses-lazy.js), so the first screen's wasm (scripts/size-budget.sh) does not carry them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=web/analyses-dist
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --locked --target wasm32-unknown-unknown -p iamplay-web-analyses
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" "$target/wasm32-unknown-unknown/release/iamplay_web_analyses.wasm"
# Rust's wasm32 output uses these post-MVP features; binaryen must be told (it does not read rustc's choice).
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue \
  "$out/iamplay_web_analyses_bg.wasm" -o "$out/iamplay_web_analyses_bg.wasm"
