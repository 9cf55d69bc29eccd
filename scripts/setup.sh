#!/usr/bin/env bash
# Installs everything the playground needs to build, serve and test, skipping what is already
# there. Safe to run again and again; `serve.sh` and `test.sh` run it first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

started=$(date +%s)
step() { printf '\n== setup: %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif have sudo; then sudo "$@"; else
  echo "setup: need root (or sudo) to run: $*" >&2; exit 1; fi; }

if ! have cargo || ! have rustup; then
  echo "setup: Rust (cargo and rustup) is required: https://rustup.rs" >&2
  exit 1
fi

step "rustfmt and clippy"
if rustup component list --installed | grep -q '^rustfmt' && rustup component list --installed | grep -q '^clippy'; then echo "present"
else rustup component add rustfmt clippy; fi

step "wasm32 target"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then echo "present"
else rustup target add wasm32-unknown-unknown; fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, or Trunk tries to download one.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
step "wasm-bindgen-cli $wbg_version"
if have wasm-bindgen && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$wbg_version" ]; then echo "present"
else cargo install wasm-bindgen-cli --version "$wbg_version" --force; fi

step "trunk 0.21.14"
if have trunk && trunk --version | grep -q ' 0\.21\.14'; then echo "present"
else cargo install trunk --version 0.21.14 --locked --force; fi

step "wasm-pack"
if have wasm-pack; then echo "present ($(wasm-pack --version))"
else cargo install wasm-pack --locked; fi

step "Chromium and ChromeDriver (Debian)"
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then echo "present"
else
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
fi

step "npm dev packages (binaryen's wasm-opt, playwright-core)"
if ! have npm; then echo "setup: Node.js and npm are required" >&2; exit 1; fi
if [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] \
   && [ node_modules/.package-lock.json -nt package-lock.json ]; then echo "present"
else npm ci --no-audit --no-fund; fi

step "crates (so builds work offline)"
cargo fetch --quiet

echo
echo "setup: done in $(( $(date +%s) - started )) s"
