#!/usr/bin/env bash
# OpenAPI tooling for the API contract tests: Spectral (npm, from tests/openapi-lint/package-lock.json) lints the
# served document, and Kiota (the Microsoft.OpenApi.Kiota dotnet tool pinned in .config/dotnet-tools.json) generates
# the C# client that tests/CloudStatus.Functions.ClientTests builds and drives. Idempotent: `npm ci` runs only when
# node_modules is missing or came from another lock file; `dotnet tool restore` does nothing when the tool is present.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$root/tests/openapi-lint"
stamp="$dir/node_modules/.cloudstatus-lock.sha256"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "openapi tools: node and npm (Node 20 or later) are required for the Spectral lint test" >&2
  exit 1
fi

want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$dir/node_modules/.bin/spectral" ]; then
  echo "openapi tools: spectral up to date"
else
  echo "openapi tools: npm ci in tests/openapi-lint ($(node --version))"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

(cd "$root" && dotnet tool restore >/dev/null)
echo "openapi tools: kiota $(cd "$root" && dotnet kiota --version | head -n 1)"
