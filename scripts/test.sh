#!/usr/bin/env bash
# Installs what is missing, builds the dashboard and runs every check: types, lint, formatting, and
# the Vitest suites (unit, integration with real ffmpeg/onnxruntime/SQLite/Redis, browser e2e).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh --test || exit 1
bash scripts/install-node-deps.sh || exit 1
npm run --silent build >/dev/null || exit 1
mkdir -p test-results
checks_failed=0
echo "== typecheck"; npx tsc --noEmit || checks_failed=$((checks_failed + 1))
echo "== lint"; npx eslint src test bench scripts || checks_failed=$((checks_failed + 1))
echo "== format"; npx prettier --check --log-level warn . || checks_failed=$((checks_failed + 1))
echo "== tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
status=$?
node scripts/summarise-tests.mjs test-results/vitest.json 3 "$checks_failed" || status=1
[ "$checks_failed" -eq 0 ] || status=1
exit $status
