#!/usr/bin/env bash
# Microsoft's Azure IoT Node.js device SDK (azure-iot-device, azure-iot-device-mqtt), unmodified, for the dev hub
# conformance test (tests/CloudStatus.Dev.Tests/Hub/NodeSdkConformanceTests.cs), installed from
# tests/node-sdk/package-lock.json. Runs `npm ci` only when node_modules is missing or came from another lock file.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$root/tests/node-sdk"
stamp="$dir/node_modules/.cloudstatus-lock.sha256"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "node-sdk: node and npm (Node 20 or later) are required to run the IoT Hub SDK conformance test" >&2
  exit 1
fi

want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
  && [ -f "$dir/node_modules/azure-iot-device/package.json" ] && [ -f "$dir/node_modules/azure-iot-device-mqtt/package.json" ]; then
  echo "node-sdk: up to date ($(node --version))"
  exit 0
fi

echo "node-sdk: npm ci in tests/node-sdk ($(node --version))"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" > "$stamp"
