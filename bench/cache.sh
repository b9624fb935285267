#!/usr/bin/env bash
# bench/cache.sh [--servers N] [--rounds R] [--memory-limit] [--gcdump DIR] NAME=OPERATOR[,ENV=VALUE...] ...: P3 and P6
# alone (the cache and the list path), without P1's creates: N servers (10,000 by default) are created and brought to
# a current status once, then each operator and the floor (bench/e2e.sh's paged list+watch informer) start in turn,
# round by round: start -> /readyz and CPU to ready (P6), RSS once idle (P3), RSS and CPU after a forced relist, the
# memory group's peak (--memory-limit: 256 MiB), and with --gcdump a dotnet-gcdump of each operator settled and
# right after the relist (round 1); --list-timing 500,2000 first times the paged list per page size (ListTiming.cs:
# curl's wait and transfer against a raw Utf8JsonReader pass and KubernetesClient's). About 2 minutes of setup at 10,000, then about 1 minute per start.
#
#   hack/publish.sh /tmp/op-a; (change) hack/publish.sh /tmp/op-b
#   bench/cache.sh --memory-limit --rounds 2 a=/tmp/op-a/mailserver-operator b=/tmp/op-b/mailserver-operator
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --servers | --rounds | --gcdump | --list-timing) args+=("$1" "$2"); shift 2 ;;
    --memory-limit) args+=(--memory-limit-mib 256); shift ;;
    *=*) args+=("$1"); shift ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_control_plane cache
dotnet "$E2E" cache \
  --kubeconfig "$KUBECONFIG" --control-plane-dir "$WORK/control-plane" --repo "$ROOT" "${args[@]}"
