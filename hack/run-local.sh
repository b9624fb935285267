#!/usr/bin/env bash
# hack/run-local.sh [RUN-ARGS...]: run the operator, with its admission webhook, against a local control plane.
#
# Starts etcd + kube-apiserver (hack/control-plane.sh) in .local/control-plane, installs crds/ and waits until
# they are Established, registers the ValidatingWebhookConfiguration `mailserver-operator` with a url to
# https://127.0.0.1:$MAILSERVER_WEBHOOK_PORT (default 9443), builds and starts `mailserver-operator run` as the
# operator's service account (DIR/kubeconfig-operator) with RUN-ARGS and --probe-allow-network 127.0.0.0/8 (so that it
# may probe mail servers on this machine; in a cluster, loopback and private addresses are refused), waits until it
# is ready (it issues its own serving certificate and fills in the configuration's caBundle), applies examples/
# through the webhook, and prints
# the KUBECONFIG to use with kubectl in another terminal. There, as admin, a bad object is refused exactly as in a
# cluster: try `kubectl apply -f examples/invalid/tls-none-on-implicit-tls-port.yaml` or
# `kubectl -n mail-share delete mailserver gmail`. Ctrl-C stops the operator and everything this script started.
# The data persists between runs: stop, then delete .local/control-plane for a fresh cluster.
# MAILSERVER_LOCAL_DIR chooses another directory; MAILSERVER_HEALTH_PORT (default 8081) the /readyz port.
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

WEBHOOK_PORT=${MAILSERVER_WEBHOOK_PORT:-9443}
HEALTH_PORT=${MAILSERVER_HEALTH_PORT:-8081}
OPERATOR_USER=system:serviceaccount:mailserver-operator-system:mailserver-operator
OPERATOR_PID=""
STOP_CONTROL_PLANE=false

if "$CONTROL_PLANE" status "$DIR"; then
  log "reusing the control plane already running in $DIR; it keeps running when this script ends"
else
  STOP_CONTROL_PLANE=true
fi
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$OPERATOR_PID" ] && kill -0 "$OPERATOR_PID" 2>/dev/null; then
    kill -TERM "$OPERATOR_PID" 2>/dev/null || true
    wait "$OPERATOR_PID" 2>/dev/null || true
  fi
  if $STOP_CONTROL_PLANE; then
    "$CONTROL_PLANE" stop "$DIR" || true
  fi
}
trap cleanup EXIT
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

# The namespace of the leader-election Lease (`run --lease-namespace`) and of the webhook's certificate Secret.
operator_namespace=${POD_NAMESPACE:-mailserver-operator-system}
kubectl get namespace "$operator_namespace" >/dev/null 2>&1 || kubectl create namespace "$operator_namespace" >&2

# The same webhook as deploy/, but called on loopback: clientConfig.url instead of a Service. No caBundle here:
# the operator fills it in (server-side apply leaves the operator's field alone on the next run).
kubectl apply --server-side --force-conflicts --field-manager=run-local -f - >&2 <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: mailserver-operator
webhooks:
  - name: mailservers.mailshare.io
    admissionReviewVersions: ["v1"]
    sideEffects: None
    failurePolicy: Fail
    timeoutSeconds: 10
    clientConfig:
      url: https://127.0.0.1:$WEBHOOK_PORT/validate-mailshare-io-v1alpha1-mailserver
    rules:
      - apiGroups: ["mailshare.io"]
        apiVersions: ["v1alpha1"]
        operations: ["CREATE", "UPDATE", "DELETE"]
        resources: ["mailservers"]
        scope: Namespaced
EOF

log "building the operator"
# Built from the repository, run from the caller's directory: relative paths in RUN-ARGS (--ca-bundle ca.pem) mean
# what the caller meant.
(cd "$ROOT" && dotnet build src/MailServerOperator -nologo -v quiet >&2)
log "starting the operator as $OPERATOR_USER (Ctrl-C stops it and the control plane)"
started=$(millis)
"$ROOT/src/MailServerOperator/bin/Debug/net10.0/mailserver-operator" run \
  --kubeconfig "$(dirname "$KUBECONFIG")/kubeconfig-operator" --operator-username "$OPERATOR_USER" \
  --webhook-bind-address "https://127.0.0.1:$WEBHOOK_PORT" --health-probe-bind-address "http://127.0.0.1:$HEALTH_PORT" \
  --webhook-service-namespace "$operator_namespace" --lease-namespace "$operator_namespace" \
  --probe-allow-network 127.0.0.0/8 "$@" &
OPERATOR_PID=$!
# Ready: caches synced and the serving certificate loaded (its CA is in the caBundle by then).
until curl -fsS "http://127.0.0.1:$HEALTH_PORT/readyz" >/dev/null 2>&1; do
  kill -0 "$OPERATOR_PID" 2>/dev/null || { log "the operator exited before it was ready"; exit 1; }
  sleep 0.2
done
log "operator ready in $(($(millis) - started)) ms"

if [ -f "$ROOT/examples/kustomization.yaml" ]; then
  # Through the webhook like any other apply; the first attempts may meet an apiserver that has not yet seen the
  # caBundle the operator just published.
  for attempt in $(seq 1 25); do
    kubectl apply -k "$ROOT/examples" >&2 && break
    [ "$attempt" -lt 25 ] || { log "examples/ could not be applied"; exit 1; }
    sleep 0.2
  done
else
  log "examples/ has no kustomization.yaml yet: no examples applied"
fi

log "in another terminal:"
echo "export KUBECONFIG=$KUBECONFIG"
wait "$OPERATOR_PID"
