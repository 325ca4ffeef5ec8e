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

# The suites that run whole stacks against wall-clock bounds (the dev stack with Chromium, the fault suite with its
# readers) each run alone after the rest, which run side by side: on two cores they would otherwise time each other out.
alone=(CloudStatus.Dev.Tests CloudStatus.Faults.Tests)
together="$root/artifacts/tests-together.slnf"
{
  printf '{ "solution": { "path": "../CloudStatus.sln", "projects": ['
  grep -E '^Project' CloudStatus.sln | awk -F'"' '{print $6}' | grep -E '\.csproj$' \
    | grep -v -F -f <(printf '%s\n' "${alone[@]/%/.csproj}") \
    | sed 's/\\/\\\\/g; s/.*/"&"/' | paste -sd, -
  printf '] } }\n'
} > "$together"

test_rc=0
run_tests() {
  dotnet test "$1" -c Release --no-build -nologo \
    --logger "trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "${@:2}" || test_rc=1
}
run_tests "$together" "$@"
for project in "${alone[@]}"; do
  run_tests "tests/$project/$project.csproj" "$@"
done

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
