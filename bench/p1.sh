#!/usr/bin/env bash
# bench/p1.sh [--size N] [--rounds R] [--trace DIR [--trace-profile PROFILE|PROVIDERS]] NAME=OPERATOR[,ENV=VALUE...] ...: P1
# (N creates at concurrency 4 with random `order` -> every status current and in its final position) for several
# published operators or runtime settings and the floor (the same creates, then one status PATCH per server),
# interleaved round by round on one control plane so that each round sees the same load; prints each one's median P1
# time, its ratio to the floor's, and the operator's CPU seconds during P1.
#
#   hack/publish.sh /tmp/op-a; bench/p1.sh --rounds 5 a=/tmp/op-a/mailserver-operator \
#     a-tc0=/tmp/op-a/mailserver-operator,DOTNET_TieredCompilation=0
#   --trace DIR: also record each operator round with dotnet-trace; --perf DIR: with perf record -e cpu-clock -g (give
#   the variant DOTNET_PerfMapEnabled=1); the tracing costs CPU in that round: trace and measure in separate runs
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
case "${1:-}" in -h | --help | "") sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;; esac
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_control_plane p1
dotnet "$E2E" p1 "$KUBECONFIG" "$@"
