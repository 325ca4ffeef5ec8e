#!/usr/bin/env bash
# Microsoft's Azure IoT Node.js device SDK (azure-iot-device, azure-iot-device-mqtt), unmodified, for the dev hub
# conformance test (tests/CloudStatus.Dev.Tests/Hub/NodeSdkConformanceTests.cs), installed from
# tests/node-sdk/package-lock.json.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/deps/lib/npm-from-lock.sh"
npm_from_lock node-sdk "$root/tests/node-sdk" "to run the IoT Hub SDK conformance test" \
  azure-iot-device/package.json azure-iot-device-mqtt/package.json
