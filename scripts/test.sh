#!/usr/bin/env bash
# Sets up if needed, then checks formatting and lints (`cargo fmt --check`, `cargo clippy` for
# both targets), then runs every test: native (`cargo test`), in the browser
# (`wasm-pack test --headless --chrome`), and end to end (the release build in headless
# Chromium, driven by playwright-core). CI runs exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

section() { printf '\n==== %s\n' "$*"; }
started=$(date +%s)

section "format and lints: cargo fmt --check, cargo clippy (native and wasm32)"
cargo fmt --all --check
cargo clippy --offline --all-targets -- -D warnings
cargo clippy --offline --all-targets --target wasm32-unknown-unknown -- -D warnings

section "native tests: cargo test"
cargo test --offline

section "browser tests: wasm-pack test --headless --chrome"
wasm-pack test --headless --chrome -- --offline --test web

section "end-to-end: trunk build --release, then headless Chromium via playwright-core"
trunk build --release --offline
node --test --test-reporter=spec tests/e2e/

section "all tests passed in $(( $(date +%s) - started )) s"
