# Sourced by the other scripts: the tool paths every step needs.
# shellcheck shell=bash
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROME_BIN="${CHROME_BIN:-/usr/bin/chromium}"
# The browser test runner's default 20 s is too short for a 2-core machine.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"
