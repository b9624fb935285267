#!/usr/bin/env bash
# bench/e2e.sh [--quick] [--memory-limit] [OPTIONS...]: the end-to-end benchmark on a local real control plane.
#
# Publishes the operator as the image has it (hack/publish.sh), starts etcd + kube-apiserver (hack/control-plane.sh)
# in a scratch directory, installs crds/, and runs bench/MailServerOperator.E2E: per size and round, a floor (the
# same creates, then one status PATCH per server, at the same concurrency) and the operator
# (`run --disable-verification --disable-webhook --leader-elect=false --namespace NS`) as its own process.
# Prints every figure per round ("e2e: NAME = VALUE"), then medians ("figure: ...") and ratios to the floor ("ratio: ...").
#
#   bench/e2e.sh                  full run: N = 1,000 and 10,000, 3 rounds each, P2 over 60 s, P5 over 200 changes
#   bench/e2e.sh --memory-limit   the same with the operator inside a 256 MiB cgroup v1 memory group (root; as a pod's limit)
#   bench/e2e.sh --quick          CI: N = 50, one round, P2 over 1 s, 1 s to settle, 20 changes; fails unless every figure is printed
#   --no-build                    use the solution's Release build output instead of publishing (the test suite does)
#   OPTIONS: --sizes 1000 --rounds 5 --changes 200 --quiet-seconds 60 --settle-seconds 5 --concurrency 4 --seed 8
#            --operator-env DOTNET_gcServer=0 (repeatable: compare GC settings)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
log() { echo "e2e: $*" >&2; }

args=() quick=false build=true
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --quick) quick=true; args+=(--sizes 50 --rounds 1 --quiet-seconds 1 --settle-seconds 1 --changes 20) ;;
    --memory-limit) args+=(--memory-limit-mib 256) ;;
    *) args+=("$arg") ;;
  esac
done

KUBEBUILDER_ASSETS=$(hack/envtest.sh)
export KUBEBUILDER_ASSETS
WORK=$(mktemp -d)
PLANE="$WORK/control-plane"
cleanup() {
  hack/control-plane.sh stop "$PLANE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

OPERATOR="$ROOT/src/MailServerOperator/bin/Release/net10.0/mailserver-operator"
if $build; then
  log "publishing the operator and building the benchmark"
  hack/publish.sh "$WORK/operator" >/dev/null
  OPERATOR="$WORK/operator/mailserver-operator"
  dotnet build bench/MailServerOperator.E2E -c Release -nologo -v quiet >&2
fi
KUBECONFIG=$(hack/control-plane.sh start "$PLANE")
export KUBECONFIG
kubectl apply --server-side --field-manager=e2e -f crds/mailshare.io_mailservers.yaml >/dev/null
kubectl wait --for condition=established --timeout=60s -f crds/mailshare.io_mailservers.yaml >/dev/null

log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
out="$WORK/output.txt"
dotnet bench/MailServerOperator.E2E/bin/Release/net10.0/MailServerOperator.E2E.dll \
  --kubeconfig "$KUBECONFIG" --operator "$OPERATOR" \
  --control-plane-dir "$PLANE" --repo "$ROOT" "${args[@]}" | tee "$out"

if $quick; then
  missing=0
  for figure in "P1 creates → statuses current, s" "P1 operator CPU, s" "P1 API calls PATCH mailservers/status" "P1 API calls POST events" \
    "P1 API calls all writes" "P2 writes in" "P3 RSS settled, MiB" "P3 RSS after relist, MiB" "P5 change → Valid visible p50, ms" \
    "P5 change → Valid visible p99, ms" "P6 start → ready, s"; do
    grep -q "^figure: $figure.* = [0-9]" "$out" || { log "figure missing: $figure"; missing=1; }
  done
  grep -q "^ratio: P1 creates" "$out" || { log "ratio missing: P1"; missing=1; }
  [ $missing -eq 0 ] && log "every figure printed"
  exit $missing
fi
