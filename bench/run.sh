#!/usr/bin/env bash
# bench/run.sh [BenchmarkDotNet args]: run every benchmark in Release and print, per class, each method's time
# as a Ratio to the class's floor (the Baseline), measured in the same run on the same machine.
# Default job: short (3 warm-ups, 3 iterations), enough for ratios; pass --job default for tighter numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--filter '*' --job short)
dotnet run -c Release --project bench/MailServerOperator.Benchmarks -- "${args[@]}" --artifacts bench/BenchmarkDotNet.Artifacts
