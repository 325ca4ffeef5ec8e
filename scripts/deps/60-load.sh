#!/usr/bin/env bash
# autocannon (npm), for the load measured while a fault runs (tests/CloudStatus.Faults.Tests/LoadDuringFaultTests.cs),
# installed from tests/load/package-lock.json.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/deps/lib/npm-from-lock.sh"
npm_from_lock load "$root/tests/load" "to measure the API under load during a fault" autocannon/package.json
