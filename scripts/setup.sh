#!/usr/bin/env bash
# Installs every tool `make serve` and `make test` need, idempotently: a second run only checks.
# Needs rustup, node and npm. Prints what it installs and why. See ../shared/recipes/wasm-toolchain.md.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14   # newer Trunk needs a newer rustc than this machine's
# The wasm-bindgen CLI must equal the `wasm-bindgen` crate in Cargo.lock exactly (Trunk and the test runner check).
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, "", $0); print; exit}' Cargo.lock)
: "${WB_VERSION:?could not read the wasm-bindgen version from Cargo.lock}"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# 1. Rust: the wasm target and the lint/format components.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target (the core, wasm package and playground build for it)"
  rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding rustup component $component (make test runs it)"
    rustup component add "$component"
  fi
done

# 2. Chromium + ChromeDriver from Debian (wasm-bindgen-test and the page tests; no tool downloads a browser).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing chromium and chromium-driver from apt (browser tests)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver
fi

# 3. wasm-bindgen CLI (also brings wasm-bindgen-test-runner). No --locked: its lockfile pins a crate the
#    registry here lacks.
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]; then
  say "installing wasm-bindgen-cli $WB_VERSION (must match Cargo.lock; ~3 min)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# 4. Trunk, compiled from crates.io (~11 min cold).
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (builds the playground; ~11 min)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# 5. npm: Monaco (runtime), esbuild (bundles Monaco), binaryen (wasm-opt 132), playwright-core (drives the
#    system Chromium), typescript (checks the npm package's types), axe-core (the page tests' accessibility audit).
#    `npm ci` only when the lock changed.
stamp=web/node_modules/.iamplay-lock
if ! cmp -s web/package-lock.json "$stamp" 2>/dev/null; then
  say "installing npm packages from web/package-lock.json"
  (cd web && npm ci --no-audit --no-fund --ignore-scripts)
  cp web/package-lock.json "$stamp"
fi

# 6. Crates, so `trunk build --offline` can run cargo offline.
cargo fetch --locked -q

# 7. The page tests under tests/ import playwright-core from web/'s packages.
[ -L tests/node_modules ] || ln -sfn ../web/node_modules tests/node_modules
