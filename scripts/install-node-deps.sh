#!/usr/bin/env bash
# npm ci, unless node_modules already matches package-lock.json.
set -euo pipefail
# onnxruntime-node's installer otherwise tries to download CUDA files, which fails offline.
export ONNXRUNTIME_NODE_INSTALL_CUDA=skip
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  exit 0
fi
npm ci --no-audit --no-fund
