#!/usr/bin/env bash
# hack/deploy-local.sh [RUN-ARGS...]: `kubectl apply -k deploy` against the local control plane, with the operator
# image replaced by a local run of the same binary, under the Deployment's own ServiceAccount and RBAC.
#
# The local control plane (hack/control-plane.sh, in .local/deploy) has no scheduler or kubelet, so the Deployment's
# pods never start; instead this script runs `mailserver-operator run` with the Deployment's arguments, authenticated
# with a token that the TokenRequest API issues for ServiceAccount mailserver-operator-system/mailserver-operator,
# and points the ValidatingWebhookConfiguration at it (clientConfig.url on loopback instead of the Service). Then it
# applies examples/ through the webhook and prints the KUBECONFIG (admin) for kubectl in another terminal.
# Ctrl-C stops the operator and the control plane. The 1.20 control plane does not serve policy/v1 (Kubernetes 1.21+),
# so the PodDisruptionBudget is the one object of deploy/ left out here.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${MAILSERVER_LOCAL_DIR:-$ROOT/.local/deploy}
WEBHOOK_PORT=${MAILSERVER_WEBHOOK_PORT:-9443}
HEALTH_PORT=${MAILSERVER_HEALTH_PORT:-8081}
NS=mailserver-operator-system
SA=mailserver-operator
log() { echo "deploy-local: $*" >&2; }

command -v kubectl >/dev/null || { log "kubectl is missing: run hack/prerequisites.sh"; exit 1; }
KUBEBUILDER_ASSETS=$("$ROOT/hack/envtest.sh")
export KUBEBUILDER_ASSETS
OPERATOR_PID=""
cleanup() {
  trap - EXIT INT TERM
  [ -z "$OPERATOR_PID" ] || { kill -TERM "$OPERATOR_PID" 2>/dev/null || true; wait "$OPERATOR_PID" 2>/dev/null || true; }
  "$ROOT/hack/control-plane.sh" stop "$DIR" || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

KUBECONFIG=$("$ROOT/hack/control-plane.sh" start "$DIR")
export KUBECONFIG

log "kubectl apply -k deploy (without the policy/v1 PodDisruptionBudget)"
# A configuration left pointing at a local run would otherwise end up with both a url and a service.
kubectl delete validatingwebhookconfiguration mailserver-operator --ignore-not-found >&2
kubectl kustomize "$ROOT/deploy" \
  | awk 'BEGIN { RS = "\n---\n"; ORS = "\n---\n" } !/\nkind: PodDisruptionBudget\n/' \
  | kubectl apply -f - >&2
kubectl wait --for condition=established --timeout=60s crd/mailservers.mailshare.io >&2
# The examples' probe Secret is read under the documented per-namespace grant (deploy/tenant), as a tenant would set it up.
kubectl get namespace mail-share >/dev/null 2>&1 || kubectl create namespace mail-share >&2
kubectl -n mail-share apply -f "$ROOT/deploy/tenant/probe-credentials.yaml" >&2

# The webhook calls the local run instead of the Service (the operator keeps the caBundle current either way).
kubectl patch validatingwebhookconfiguration mailserver-operator --type=json -p "[{\"op\":\"replace\",\"path\":\"/webhooks/0/clientConfig\",\"value\":{\"url\":\"https://127.0.0.1:$WEBHOOK_PORT/validate-mailshare-io-v1alpha1-mailserver\"}}]" >&2

# The Deployment's identity: a token for its ServiceAccount, so the RBAC of deploy/ is what the operator gets.
token=$(kubectl create --raw "/api/v1/namespaces/$NS/serviceaccounts/$SA/token" -f - <<<'{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":86400}}' \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"]["token"])')
OPERATOR_KUBECONFIG="$DIR/kubeconfig-deployed"
kubectl config view --raw --minify >"$OPERATOR_KUBECONFIG"
chmod 600 "$OPERATOR_KUBECONFIG"
KUBECONFIG="$OPERATOR_KUBECONFIG" kubectl config set-credentials "$SA" --token="$token" >/dev/null
KUBECONFIG="$OPERATOR_KUBECONFIG" kubectl config set-context --current --user="$SA" >/dev/null

cd "$ROOT"
dotnet build src/MailServerOperator -nologo -v quiet >&2
log "starting the operator as ServiceAccount $NS/$SA"
POD_NAMESPACE=$NS POD_NAME=local-run "$ROOT/src/MailServerOperator/bin/Debug/net10.0/mailserver-operator" run \
  --kubeconfig "$OPERATOR_KUBECONFIG" --leader-elect=true \
  --webhook-bind-address "https://127.0.0.1:$WEBHOOK_PORT" --health-probe-bind-address "http://127.0.0.1:$HEALTH_PORT" "$@" &
OPERATOR_PID=$!
until curl -fsS "http://127.0.0.1:$HEALTH_PORT/readyz" >/dev/null 2>&1; do
  kill -0 "$OPERATOR_PID" 2>/dev/null || { log "the operator exited before it was ready"; exit 1; }
  sleep 0.2
done
for attempt in $(seq 1 25); do
  kubectl apply -k "$ROOT/examples" >&2 && break
  [ "$attempt" -lt 25 ] || { log "examples/ could not be applied"; exit 1; }
  sleep 0.2
done
log "in another terminal:"
echo "export KUBECONFIG=$KUBECONFIG"
wait "$OPERATOR_PID"
