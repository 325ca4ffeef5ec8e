#!/usr/bin/env bash
# Installs what the tests need beyond NuGet packages: every executable scripts/deps/*.sh, in name order.
# Each step is idempotent (it checks before it installs) and prints one line of what it did.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shopt -s nullglob
for step in "$root"/scripts/deps/*.sh; do
  echo "test dependencies: $(basename "$step")"
  bash "$step"
done
