#!/usr/bin/env bash
# Emulators for the storage contract suites: Azurite (Table storage) and the Cosmos DB API server, installed from
# tests/emulators/package-lock.json.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/deps/lib/npm-from-lock.sh"
npm_from_lock emulators "$root/tests/emulators" "to run the Azurite and Cosmos DB contract tests" \
  azurite/package.json @vercel/cosmosdb-server/package.json
