#!/usr/bin/env bash
# Sourced by the dependency steps: npm_from_lock LABEL DIR WHAT-FOR REQUIRED-PATH...
# Runs `npm ci` in DIR only when node_modules is missing, lacks a REQUIRED-PATH (relative to DIR/node_modules), or was
# installed from another lock file (a stamp with the lock file's hash is written after a successful install).
npm_from_lock() {
  local label=$1 dir=$2 what_for=$3
  shift 3
  local stamp="$dir/node_modules/.cloudstatus-lock.sha256"

  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "$label: node and npm (Node 20 or later) are required $what_for" >&2
    return 1
  fi

  local want present=1 path
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  for path in "$@"; do
    [ -e "$dir/node_modules/$path" ] || present=0
  done
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ $present -eq 1 ]; then
    echo "$label: up to date ($(node --version))"
    return 0
  fi

  echo "$label: npm ci in ${dir#"$root"/} ($(node --version))"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
}
