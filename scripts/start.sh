#!/usr/bin/env bash
# Installs what is missing, builds the dashboard and the compiled code, and runs the system
# (embedded mode) from dist/ — the same JavaScript an installed package runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
bash scripts/install-node-deps.sh
npm run --silent build >/dev/null
exec node bin/cctv.mjs serve "$@"
