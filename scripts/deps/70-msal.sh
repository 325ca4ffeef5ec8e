#!/usr/bin/env bash
# MSAL.js for the dashboard's Entra ID sign-in (docs/adr/0090): @azure/msal-browser, unmodified, installed from
# functions/CloudStatus.Functions/Dashboard/msal/package-lock.json, and its browser bundle copied to
# Dashboard/wwwroot/msal-browser.min.js, where the build embeds it with the dashboard. The copy is committed so any
# build (and `azd up`) serves it without npm; CloudStatus.Functions.Tests holds it byte-equal to the locked package.
# Run this after changing the pinned version and commit both.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/deps/lib/npm-from-lock.sh"
dir="$root/functions/CloudStatus.Functions/Dashboard/msal"
npm_from_lock msal "$dir" "for the dashboard's sign-in bundle" @azure/msal-browser/lib/msal-browser.min.js

bundle="$dir/node_modules/@azure/msal-browser/lib/msal-browser.min.js"
served="$root/functions/CloudStatus.Functions/Dashboard/wwwroot/msal-browser.min.js"
if ! cmp -s "$bundle" "$served"; then
  cp "$bundle" "$served"
  echo "msal: copied $(head -c 60 "$bundle" | head -n 1) into Dashboard/wwwroot (commit it)"
fi
