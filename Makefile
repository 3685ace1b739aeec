# iamplay: the two front-door commands are `make serve` and `make test`. Every target installs what it needs
# first (scripts/setup.sh, idempotent), so both work on a fresh Debian machine with rustup, node and npm.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# npm's wasm-opt (binaryen 132) must win over any older one on the system; cargo-installed tools come next.
export PATH := $(CURDIR)/web/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner
# Headless Chromium leaves profile folders in TMPDIR: keep them in a scratch folder under target/.
export TMPDIR := $(CURDIR)/target/tmp
export CHROMIUM ?= /usr/bin/chromium

WASM32 := --target wasm32-unknown-unknown

.PHONY: help setup monaco analyses build dist serve test lint fmt-check clippy test-native test-wasm-node \
        test-wasm-browser test-e2e size bench clean-tmp npm test-npm

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

setup: ## install every tool the other targets need (idempotent)
	@mkdir -p $(TMPDIR)
	@scripts/setup.sh

monaco: setup ## bundle Monaco (JSON language only) into web/monaco-dist
	@web/build-monaco.sh

analyses: setup ## build the on-demand analyses wasm into web/analyses-dist (scripts/build-analyses.sh)
	@scripts/build-analyses.sh

build: monaco analyses ## build the playground into dist/ (release, wasm-opt)
	trunk build --release --offline

dist: build ## the self-contained static site in dist/

serve: monaco analyses ## build and serve the playground on http://127.0.0.1:8080
	trunk serve --offline --address 127.0.0.1 --port 8080

test: setup lint test-native test-wasm-node test-wasm-browser test-npm test-e2e size docs-check ## every check CI runs
	@echo "make test: all checks passed"

lint: fmt-check clippy ## rustfmt and clippy (host and wasm32)

fmt-check:
	cargo fmt --all --check

clippy:
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo clippy --workspace --lib --bins --tests --locked $(WASM32) -- -D warnings

test-native: ## unit, golden and doc tests on the host
	cargo test --workspace --locked

test-wasm-node: ## the core's tests compiled to wasm32, run in node
	cargo test -p iamplay-core --locked $(WASM32)

test-wasm-browser: ## the core's tests, the web crate's DOM tests and the JS API contract in headless Chromium
	WASM_BINDGEN_USE_BROWSER=1 cargo test -p iamplay-core --locked $(WASM32)
	cargo test -p iamplay-web --locked $(WASM32)
	cargo test -p iamplay-wasm --locked $(WASM32)

test-e2e: build ## Playwright (playwright-core + system Chromium) against the built dist/
	node --test --test-concurrency=1 tests/e2e/

size: build ## print the first screen's wasm size (app + worker) and fail over the budget in scripts/size-budget.sh
	@scripts/size-budget.sh

docs-check: build npm ## every link and code sample in the docs (samples run through the CLI and the npm package)
	cargo build --locked -q -p iamplay-cli
	node --test tests/docs/

release: setup ## CLI binary, npm tarballs and the site zip into target/release-artifacts/ (scripts/release.sh)
	@scripts/release.sh

bench: setup npm build ## criterion benchmarks, 1,000 decisions through the node package next to native, the questions in Chromium, page metrics
	cargo bench -p iamplay-core
	cargo bench -p iamplay-core --locked --features ffi --bench ffi
	cargo bench -p iamplay-core --locked --features catalog --bench analysis
	npm ci --prefix scripts/bench --no-audit --no-fund
	node scripts/bench-node.mjs
	node scripts/bench-chromium.mjs
	@scripts/size-budget.sh
	node scripts/page-metrics.mjs

npm: setup ## the npm packages: target/npm/iamplay (web, ES module) and target/npm/iamplay-node (Node.js)
	@scripts/npm.sh

test-npm: npm ## type-check a TypeScript example against the package's .d.ts; node tests of the node package
	tsc --noEmit -p tests/npm/tsconfig.json
	node --test tests/npm/

# Fuzzing needs the nightly toolchain and cargo-fuzz (installed here when missing); see docs/security.md.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: ## seed the fuzz corpora and run each fuzz target for FUZZ_SECONDS (default 60), one at a time
	@rustup toolchain list | grep -q '^nightly' || { echo "make fuzz needs the nightly toolchain (rustup toolchain install nightly)" >&2; exit 2; }
	@mkdir -p $(TMPDIR)
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh

include scripts/catalog.mk
include scripts/managed-policies.mk

.PHONY: docs-check release

clean-tmp: ## remove leftover headless browser profiles
	rm -rf $(TMPDIR)
