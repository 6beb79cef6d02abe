#!/usr/bin/env bash
# Installs what is missing, builds the dashboard and runs the system (embedded mode).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
bash scripts/install-node-deps.sh
npm run --silent build >/dev/null
exec node --import tsx src/cli.ts serve "$@"
