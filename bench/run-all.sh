#!/usr/bin/env bash
# Runs every benchmark once, in sequence, and writes the figures under bench/results/ (about 20 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release bench/CloudStatus.Bench/CloudStatus.Bench.csproj -v quiet -nologo
bench() { dotnet bench/CloudStatus.Bench/bin/Release/net10.0/CloudStatus.Bench.dll "$@"; }
mkdir -p bench/results
uptime | sed 's/^/load while running: /' > bench/results/load.txt
bench compare --out bench/results
bench chart --servers 10 --out bench/results
bench micro --out bench/results/micro
bench scale --out bench/results
uptime | sed 's/^/load while running: /' >> bench/results/load.txt
