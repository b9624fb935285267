#!/usr/bin/env bash
# hack/run-local.sh [RUN-ARGS...]: run the operator in the foreground against a local control plane.
#
# Starts etcd + kube-apiserver (hack/control-plane.sh) in .local/control-plane, installs crds/ and waits until
# they are Established, applies examples/, prints the KUBECONFIG to use with kubectl in another terminal, then
# runs `mailserver-operator run --kubeconfig ... RUN-ARGS...`. Ctrl-C stops the operator and everything this
# script started. The data persists between runs: stop, then delete .local/control-plane for a fresh cluster.
# MAILSERVER_LOCAL_DIR chooses another directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${MAILSERVER_LOCAL_DIR:-$ROOT/.local/control-plane}
CONTROL_PLANE="$ROOT/hack/control-plane.sh"

log() { echo "run-local: $*" >&2; }
millis() { date +%s%3N; }

ensure_kubectl() {
  command -v kubectl >/dev/null && return
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    log "kubectl is missing: installing Debian's kubernetes-client package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq kubernetes-client >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq kubernetes-client >/dev/null; }
  else
    log "kubectl is missing: install it (Debian: sudo apt-get install kubernetes-client) and run this again"
    exit 1
  fi
}

ensure_kubectl
KUBEBUILDER_ASSETS=$("$ROOT/hack/envtest.sh")
export KUBEBUILDER_ASSETS

if "$CONTROL_PLANE" status "$DIR"; then
  log "reusing the control plane already running in $DIR; it keeps running when this script ends"
else
  stop_control_plane() {
    trap - EXIT INT TERM
    "$CONTROL_PLANE" stop "$DIR" || true
  }
  trap stop_control_plane EXIT
fi
# An INT or TERM ends the script through EXIT, which stops what it started.
trap 'exit 130' INT
trap 'exit 143' TERM

started=$(millis)
KUBECONFIG=$("$CONTROL_PLANE" start "$DIR")
export KUBECONFIG
log "control plane ready in $(($(millis) - started)) ms"

mapfile -t crds < <(grep -l '^kind: CustomResourceDefinition' "$ROOT"/crds/*.yaml 2>/dev/null || true)
if [ ${#crds[@]} -eq 0 ]; then
  log "crds/ holds no CustomResourceDefinition yet: nothing to install"
else
  files=()
  for crd in "${crds[@]}"; do files+=(-f "$crd"); done
  started=$(millis)
  # Server-side apply: a client-side apply would store the whole CRD in an annotation, which has a size limit.
  kubectl apply --server-side --force-conflicts --field-manager=run-local "${files[@]}" >&2
  kubectl wait --for condition=established --timeout=60s "${files[@]}" >&2
  log "CRDs Established in $(($(millis) - started)) ms"
fi

if [ -f "$ROOT/examples/kustomization.yaml" ]; then
  kubectl apply -k "$ROOT/examples" >&2
else
  log "examples/ has no kustomization.yaml yet: no examples applied"
fi

# The namespace of the leader-election Lease (`run --lease-namespace`, default mailserver-operator-system).
lease_namespace=${POD_NAMESPACE:-mailserver-operator-system}
kubectl get namespace "$lease_namespace" >/dev/null 2>&1 || kubectl create namespace "$lease_namespace" >&2

log "in another terminal:"
echo "export KUBECONFIG=$KUBECONFIG"
log "starting the operator (Ctrl-C stops it and the control plane)"
cd "$ROOT"
dotnet run --project src/MailServerOperator -- run --kubeconfig "$KUBECONFIG" "$@"
