#!/usr/bin/env bash
# Installs what is missing, builds the dashboard and runs every test suite (offline).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh --test || exit 1
bash scripts/install-node-deps.sh || exit 1
npm run --silent build >/dev/null || exit 1
mkdir -p test-results
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
status=$?
node scripts/summarise-tests.mjs test-results/vitest.json || status=1
exit $status
