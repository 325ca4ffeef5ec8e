#!/usr/bin/env bash
# Debian's Chromium for the dashboard browser tests (tests/CloudStatus.Dev.Tests/Dashboard drives /usr/bin/chromium
# through Microsoft.Playwright; Playwright never downloads a browser of its own here). Idempotent: does nothing when
# chromium is already on the PATH. Needs root (CI runs as root on Debian).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium already installed: $(chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "chromium installed: $(chromium --version 2>/dev/null || echo unknown version)"
