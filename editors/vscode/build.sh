#!/usr/bin/env bash
# Build editors/vscode/jingzhun.vsix from a fresh clone: install the npm packages (package-lock.json when
# present), run the grammar tests, package. Needs node and npm; everything else comes from the npm registry.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm test
# vsce packs node_modules itself only with dependencies resolved by npm; bundle the runtime dependency tree.
npx vsce package --skip-license -o jingzhun.vsix
echo "built $(pwd)/jingzhun.vsix"
