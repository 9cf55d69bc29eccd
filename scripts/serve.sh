#!/usr/bin/env bash
# Sets up if needed, then serves the playground with Trunk and prints its address.
# Extra arguments go to `trunk serve` (e.g. --release, --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
echo
echo "Serving the playground at http://127.0.0.1:8080/  (Ctrl-C to stop)"
exec trunk serve --offline "$@"
