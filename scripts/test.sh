#!/usr/bin/env bash
# Runs every test in the solution and ends with one line: "N passed, N failed, N skipped".
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter Category!=Slow]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# Test dependencies that are not NuGet packages (emulators, browsers) are installed by this script
# when a suite needs them; see scripts/test-deps.sh.
if [ -x scripts/test-deps.sh ]; then
  scripts/test-deps.sh || { echo "test dependencies could not be installed"; echo "0 passed, 1 failed"; exit 1; }
fi

dotnet build CloudStatus.sln -c Release -nologo -v quiet -clp:ErrorsOnly
build_rc=$?
if [ $build_rc -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test CloudStatus.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
test_rc=$?

passed=0; failed=0; skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done

# CI keeps only the tail of the output: name each failed test (with the first lines of its message) just above the count.
for trx in "${trx_files[@]}"; do
  awk '
    /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1; next }
    want && /<Message>/ { sub(/.*<Message>/, ""); msg = ""; lines = 0; inmsg = 1 }
    inmsg { done = sub(/<\/Message>.*/, ""); if (lines < 4) msg = msg (lines ? " | " : "") $0; lines++
            if (done) { print "FAILED " name ": " substr(msg, 1, 400); want = 0; inmsg = 0 } }
  ' "$trx"
done

# A test host that crashed leaves no counters behind: count the run as a failure rather than a pass.
if [ $test_rc -ne 0 ] && [ $failed -eq 0 ]; then
  failed=1
fi

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ $failed -eq 0 ]
