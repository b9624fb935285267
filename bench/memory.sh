#!/usr/bin/env bash
# bench/memory.sh [--servers N] [--rounds R] [--memory-limit-mib M] [--inspect CMD] NAME=OPERATOR[,ENV=VALUE...] ...:
# P1 and P3 for several published operators or runtime settings, interleaved round by round on one control plane so
# that each round sees the same load. Per variant and round the operator (as bench/e2e.sh runs it) starts in an empty
# namespace, N servers are created; then: P1 s, operator CPU s during P1, RSS 3 s after settling, RSS 20 s later, and
# the settled RSS split by /proc/PID/smaps (GC heap, JIT code, thread stacks, native heap, app/framework assemblies,
# native libraries). Prints medians per variant ("figure: ... [NAME] = ...").
#
#   hack/publish.sh /tmp/op
#   bench/memory.sh --rounds 3 base=/tmp/op/mailserver-operator b4m=/tmp/op/mailserver-operator,DOTNET_GCgen0MaxBudget=400000
#   --inspect 'dotnet-gcdump collect -p $PID -o /tmp/$VARIANT-$ROUND.gcdump'   runs after each measurement (PID, VARIANT, ROUND)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
log() { echo "memory: $*" >&2; }
args=() variants=0
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) args+=(--size "$2"); shift 2 ;;
    --rounds | --memory-limit-mib | --inspect | --idle-seconds) args+=("$1" "$2"); shift 2 ;;
    *=*) args+=(--variant "$1"); variants=$((variants + 1)); shift ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
[ $variants -gt 0 ] || { log "name at least one NAME=OPERATOR"; exit 2; }
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_control_plane memory
dotnet "$E2E" memory --kubeconfig "$KUBECONFIG" "${args[@]}"
