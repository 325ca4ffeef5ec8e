#!/usr/bin/env bash
# OpenAPI tooling for the API contract tests: Spectral (npm, from tests/openapi-lint/package-lock.json) lints the
# served document, and Kiota (the Microsoft.OpenApi.Kiota dotnet tool pinned in .config/dotnet-tools.json) generates
# the C# client that tests/CloudStatus.Functions.Client.Tests builds and drives. `dotnet tool restore` does nothing
# when the tool is present.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/deps/lib/npm-from-lock.sh"
npm_from_lock "openapi tools" "$root/tests/openapi-lint" "for the Spectral lint test" .bin/spectral

(cd "$root" && dotnet tool restore >/dev/null)
echo "openapi tools: kiota $(cd "$root" && dotnet kiota --version | head -n 1)"
