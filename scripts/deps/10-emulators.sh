#!/usr/bin/env bash
# Emulators for the storage contract suites: Azurite (Table storage) and the Cosmos DB API server, installed from
# tests/emulators/package-lock.json. Runs `npm ci` only when node_modules is missing or was installed from another
# lock file (a stamp with the lock file's hash is written after a successful install).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$root/tests/emulators"
stamp="$dir/node_modules/.cloudstatus-lock.sha256"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "emulators: node and npm (Node 20 or later) are required to run the Azurite and Cosmos DB contract tests" >&2
  exit 1
fi

want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
  && [ -f "$dir/node_modules/azurite/package.json" ] && [ -f "$dir/node_modules/@vercel/cosmosdb-server/package.json" ]; then
  echo "emulators: up to date ($(node --version))"
  exit 0
fi

echo "emulators: npm ci in tests/emulators ($(node --version))"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" > "$stamp"
