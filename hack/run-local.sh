#!/usr/bin/env bash
# hack/run-local.sh [RUN-ARGS...]: run the operator, with its admission webhook, against a local control plane and a
# local Dovecot.
#
# Installs what is missing (hack/prerequisites.sh), starts etcd + kube-apiserver (hack/control-plane.sh) in
# .local/control-plane, installs crds/ and waits until they are Established, registers the ValidatingWebhookConfiguration
# `mailserver-operator` with a url to https://127.0.0.1:$MAILSERVER_WEBHOOK_PORT (default 9443), starts the test Dovecot
# (hack/mailservers/start-dovecot.sh, in a temporary directory; MAILTEST_PORT_OFFSET shifts its ports), builds and starts
# `mailserver-operator run` as the operator's service account (DIR/kubeconfig-operator) with RUN-ARGS, with
# --probe-allow-network 127.0.0.0/8 (so that it may probe the mail servers on this machine; in a cluster, loopback and
# private addresses are refused) and with --ca-bundle trusting Dovecot's self-signed certificate (together with any
# --ca-bundle in RUN-ARGS), waits until it is ready (it issues its own serving certificate and fills in the
# configuration's caBundle), applies examples/ through the webhook and the MailServer `local-dovecot` (namespace
# mail-share) backed by that Dovecot, with its probe Secret, and prints the KUBECONFIG to use with kubectl in another
# terminal. There, as admin, a bad object is refused exactly as in a cluster: try
# `kubectl apply -f examples/invalid/tls-none-on-implicit-tls-port.yaml` or `kubectl -n mail-share delete mailserver gmail`.
# Ctrl-C (or SIGTERM) stops the operator, Dovecot and everything else this script started.
# The cluster's data persists between runs: stop, then delete .local/control-plane for a fresh cluster.
# MAILSERVER_LOCAL_DIR chooses another directory; MAILSERVER_HEALTH_PORT (default 8081) the /readyz port;
# MAILSERVER_LOCAL_OPERATOR an operator executable already built, which is then run instead of building one (the test
# suite's QuickStart test gives the build the suite has just made).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${MAILSERVER_LOCAL_DIR:-$ROOT/.local/control-plane}
CONTROL_PLANE="$ROOT/hack/control-plane.sh"

log() { echo "run-local: $*" >&2; }
millis() { date +%s%3N; }

"$ROOT/hack/prerequisites.sh" >&2
KUBEBUILDER_ASSETS=$("$ROOT/hack/envtest.sh")
export KUBEBUILDER_ASSETS

WEBHOOK_PORT=${MAILSERVER_WEBHOOK_PORT:-9443}
HEALTH_PORT=${MAILSERVER_HEALTH_PORT:-8081}
OPERATOR_USER=system:serviceaccount:mailserver-operator-system:mailserver-operator
OPERATOR_PID=""
STOP_CONTROL_PLANE=false
MAIL_DIR=""

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
  rm -f "$DIR/operator.pid"
  if [ -n "$MAIL_DIR" ]; then
    "$ROOT/hack/mailservers/stop.sh" "$MAIL_DIR/dovecot/dovecot.pid" >/dev/null
    rm -rf "$MAIL_DIR"
  fi
  if $STOP_CONTROL_PLANE; then
    "$CONTROL_PLANE" stop "$DIR" || true
  fi
}
trap cleanup EXIT
# An INT or TERM ends the script through EXIT, which stops what it started.
trap 'exit 130' INT
trap 'exit 143' TERM

# The test Dovecot (hack/mailservers/README.md): IMAP4 and SMTP submission with a self-signed certificate, account alice.
# Fresh every run (its certificate is short-lived); in /tmp, which Dovecot's unprivileged processes can reach.
# First, so that ports taken (by a test run with the same MAILTEST_PORT_OFFSET) stop the script before anything else.
MAIL_DIR=$(mktemp -d "${TMPDIR:-/tmp}/run-local-mail-XXXXXX")
chmod 755 "$MAIL_DIR"
"$ROOT/hack/mailservers/start-dovecot.sh" "$MAIL_DIR/dovecot" apop >/dev/null
# shellcheck source=mailservers/mailservers.env
. "$ROOT/hack/mailservers/mailservers.env"
. "$ROOT/hack/mailservers/apply-port-offset.sh"
log "Dovecot (pid $(cat "$MAIL_DIR/dovecot/dovecot.pid")) serves IMAP4 localhost:$DOVECOT_IMAPS_PORT and submission localhost:$DOVECOT_SUBMISSION_PORT from $MAIL_DIR"

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

# A --ca-bundle in RUN-ARGS is merged with Dovecot's certificate into one bundle (the option takes one file).
args=()
CA_BUNDLE="$DIR/ca-bundle.pem"
cat "$MAIL_DIR/dovecot/certs/server.crt" >"$CA_BUNDLE"
while [ $# -gt 0 ]; do
  case "$1" in
    --ca-bundle) [ $# -ge 2 ] || { log "--ca-bundle needs a FILE"; exit 2; }; extra=$2; shift 2 ;;
    --ca-bundle=*) extra=${1#--ca-bundle=}; shift ;;
    *) args+=("$1"); shift; continue ;;
  esac
  cat "$extra" >>"$CA_BUNDLE" || { log "--ca-bundle $extra: cannot read it"; exit 2; }
done

OPERATOR=${MAILSERVER_LOCAL_OPERATOR:-}
if [ -n "$OPERATOR" ]; then
  log "using the operator $OPERATOR (MAILSERVER_LOCAL_OPERATOR)"
else
  log "building the operator"
  # Built from the repository, run from the caller's directory: relative paths in RUN-ARGS (--ca-bundle ca.pem) mean
  # what the caller meant.
  (cd "$ROOT" && dotnet build src/MailServerOperator -nologo -v quiet >&2)
  OPERATOR="$ROOT/src/MailServerOperator/bin/Debug/net10.0/mailserver-operator"
fi
log "starting the operator as $OPERATOR_USER (Ctrl-C stops it and the control plane)"
started=$(millis)
"$OPERATOR" run \
  --kubeconfig "$(dirname "$KUBECONFIG")/kubeconfig-operator" --operator-username "$OPERATOR_USER" \
  --webhook-bind-address "https://127.0.0.1:$WEBHOOK_PORT" --health-probe-bind-address "http://127.0.0.1:$HEALTH_PORT" \
  --webhook-service-namespace "$operator_namespace" --lease-namespace "$operator_namespace" \
  --probe-allow-network 127.0.0.0/8 --ca-bundle "$CA_BUNDLE" ${args[@]+"${args[@]}"} &
OPERATOR_PID=$!
echo "$OPERATOR_PID" >"$DIR/operator.pid"
# Ready: caches synced and the serving certificate loaded (its CA is in the caBundle by then).
until curl -fsS "http://127.0.0.1:$HEALTH_PORT/readyz" >/dev/null 2>&1; do
  kill -0 "$OPERATOR_PID" 2>/dev/null || { log "the operator exited before it was ready"; exit 1; }
  sleep 0.2
done
log "operator ready in $(($(millis) - started)) ms"

# The examples and local-dovecot, through the webhook like any other apply; the first attempts may meet an apiserver
# that has not yet seen the caBundle the operator just published.
apply() {
  for attempt in $(seq 1 25); do
    kubectl apply "$@" >&2 && return
    [ "$attempt" -lt 25 ] || { log "could not apply $*"; exit 1; }
    sleep 0.2
  done
}
apply -k "$ROOT/examples"
local_dovecot=$(cat <<EOF
# Backed by the local Dovecot: Ready once both of its servers are verified (written by hack/run-local.sh).
apiVersion: v1
kind: Secret
metadata:
  name: local-dovecot-probe
  namespace: mail-share
  labels:
    mailshare.io/probe-credentials: "true"
type: Opaque
stringData:
  username: $MAILTEST_USER
  password: $MAILTEST_PASSWORD
---
apiVersion: mailshare.io/v1alpha1
kind: MailServer
metadata:
  name: local-dovecot
  namespace: mail-share
spec:
  displayName: Local Dovecot
  order: 1
  incoming:
    protocol: IMAP4
    host: localhost
    port: $DOVECOT_IMAPS_PORT
    tls: Implicit
  outgoing:
    host: localhost
    port: $DOVECOT_SUBMISSION_PORT
    tls: StartTls
    authentication:
      mechanism: PLAIN
      useAccountCredentials: true
    maxMessageSize: 10Mi
  probe:
    credentialsSecretRef:
      name: local-dovecot-probe
EOF
)
echo "$local_dovecot" >"$DIR/local-dovecot.yaml"
apply -f "$DIR/local-dovecot.yaml"

log "in another terminal:"
echo "export KUBECONFIG=$KUBECONFIG"
wait "$OPERATOR_PID"
