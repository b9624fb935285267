#!/usr/bin/env bash
# hack/control-plane.sh: a local etcd + kube-apiserver for humans, the same control plane the integration tests
# start (tests/MailServerOperator.IntegrationTests/Infrastructure/ControlPlane.cs).
#
#   hack/control-plane.sh start DIR    start it in DIR (or reuse what already runs there); prints the kubeconfig path
#   hack/control-plane.sh stop DIR     stop the processes listed in DIR/*.pid (SIGTERM, then SIGKILL after 10 s)
#   hack/control-plane.sh status DIR   exit 0 when both processes run
#   hack/control-plane.sh env DIR      print `export KUBECONFIG=DIR/kubeconfig`
#
# DIR keeps etcd's data, certificates and tokens, so a later start serves the same objects with the same
# kubeconfig; delete DIR (after stop) for a fresh cluster. Users: admin (system:masters) in DIR/kubeconfig,
# tester (no RBAC bindings) in DIR/kubeconfig-tester, and the operator's service account as a token user
# (system:serviceaccount:mailserver-operator-system:mailserver-operator, system:masters) in DIR/kubeconfig-operator:
# the admission webhook lets only that user change the built-ins. Authorization is RBAC; there is no controller-manager
# (no garbage collection, no default service account, deleted namespaces stay Terminating).
# Binaries: TEST_ASSET_KUBE_APISERVER / TEST_ASSET_ETCD, else hack/envtest.sh (which honours KUBEBUILDER_ASSETS).
# Needs openssl and curl.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STOP_GRACE_SECONDS=10
READY_TIMEOUT_SECONDS=90

log() { echo "control-plane: $*" >&2; }
die() { log "$*"; exit 1; }
usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# Whether DIR/NAME.pid names a live process that belongs to DIR (guards against a reused process id).
running() {
  local pidfile="$DIR/$1.pid" pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$DIR/"
}

stop_one() {
  local name=$1 pid
  if running "$name"; then
    pid=$(cat "$DIR/$name.pid")
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((STOP_GRACE_SECONDS * 10))); do
      running "$name" || break
      sleep 0.1
    done
    if running "$name"; then
      log "$name did not stop within ${STOP_GRACE_SECONDS}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    # Its command line empties when it starts to exit, well before it has closed its files and ports: wait for that.
    for _ in $(seq 1 $((STOP_GRACE_SECONDS * 10))); do
      exiting "$pid" || break
      sleep 0.1
    done
  fi
  rm -f "$DIR/$name.pid"
}

# Whether PID is between the start of its exit (no command line any more) and the end of it (a zombie, or gone).
exiting() {
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ -z "$(tr -d '\0' <"/proc/$1/cmdline" 2>/dev/null)" ]
}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# reuse_or_pick_port VAR: keeps $VAR when that port is still free (so an old kubeconfig keeps working), else picks one.
reuse_or_pick_port() {
  local var=$1 port=${!1:-}
  if [ -n "$port" ] && port_is_free "$port" && [[ " $TAKEN_PORTS " != *" $port "* ]]; then
    TAKEN_PORTS="$TAKEN_PORTS $port"
    return
  fi
  for _ in $(seq 1 200); do
    # Below Linux's ephemeral range (32768-60999): a port picked here and bound seconds later by etcd or kube-apiserver
    # cannot meanwhile become the local port of some outgoing connection. 24000-29999 is the integration tests' own
    # (tests/.../Infrastructure/LoopbackPorts.cs); the test mail servers stay below 24000.
    port=$((30000 + RANDOM % 2768))
    if port_is_free "$port" && [[ " $TAKEN_PORTS " != *" $port "* ]]; then
      TAKEN_PORTS="$TAKEN_PORTS $port"
      printf -v "$var" '%s' "$port"
      return
    fi
  done
  die "no free port found on 127.0.0.1"
}

choose_ports() {
  ETCD_PORT="" ETCD_PEER_PORT="" APISERVER_PORT="" TAKEN_PORTS=""
  # shellcheck disable=SC1091
  [ -f "$DIR/ports.env" ] && . "$DIR/ports.env"
  running etcd || { reuse_or_pick_port ETCD_PORT && reuse_or_pick_port ETCD_PEER_PORT; }
  running kube-apiserver || reuse_or_pick_port APISERVER_PORT
  printf 'ETCD_PORT=%s\nETCD_PEER_PORT=%s\nAPISERVER_PORT=%s\n' "$ETCD_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT" >"$DIR/ports.env"
}

# A throwaway CA, a serving certificate for 127.0.0.1/localhost signed by it, the service-account key, two tokens.
make_credentials() {
  [ -f "$DIR/tokens.csv" ] && return
  command -v openssl >/dev/null || die "openssl is missing (Debian: apt-get install openssl)"
  (
    cd "$DIR"
    openssl ecparam -name prime256v1 -genkey -noout -out ca.key
    openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=mailserver-operator-local-ca" -out ca.crt
    openssl ecparam -name prime256v1 -genkey -noout -out apiserver.key
    openssl req -new -key apiserver.key -subj "/CN=kube-apiserver" -out apiserver.csr
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=CA:FALSE" \
      "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -sha256 \
      -extfile apiserver.ext -out apiserver.crt 2>/dev/null
    openssl ecparam -name prime256v1 -genkey -noout -out sa.key
    printf '%s,admin,admin,"system:masters"\n%s,tester,tester\n' "$(openssl rand -hex 24)" "$(openssl rand -hex 24)" >tokens.csv.tmp
    chmod 600 ./*.key tokens.csv.tmp
    mv tokens.csv.tmp tokens.csv
  )
}

token_of() { awk -F, -v user="$1" '$2 == user { print $1 }' "$DIR/tokens.csv"; }

OPERATOR_USER=system:serviceaccount:mailserver-operator-system:mailserver-operator

# The operator's user, also in a DIR made before it existed; the apiserver reads the token file only when it starts.
ensure_operator_token() {
  [ -n "$(token_of "$OPERATOR_USER")" ] && return
  printf '%s,%s,%s,"system:masters"\n' "$(openssl rand -hex 24)" "$OPERATOR_USER" "$OPERATOR_USER" >>"$DIR/tokens.csv"
  if running kube-apiserver; then
    log "added the operator's user to $DIR/tokens.csv: restarting kube-apiserver to read it"
    stop_one kube-apiserver
  fi
}

write_kubeconfig() {
  local user=$1 path=$2
  cat >"$path.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local-control-plane
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 <"$DIR/ca.crt")
users:
- name: $user
  user:
    token: $(token_of "$user")
contexts:
- name: $user@local-control-plane
  context:
    cluster: local-control-plane
    user: $user
current-context: $user@local-control-plane
EOF
  chmod 600 "$path.tmp"
  mv "$path.tmp" "$path"
}

# Runs NAME detached (own session: a Ctrl-C in the terminal does not reach it; `stop` does), records its pid.
spawn() {
  local name=$1
  shift
  echo "--- $(date -u +%FT%TZ) starting $*" >>"$DIR/$name.log"
  setsid "$@" >>"$DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/$name.pid"
}

wait_ready() {
  local name=$1 started=$2
  shift 2
  for _ in $(seq 1 $((READY_TIMEOUT_SECONDS * 10))); do
    if "$@" >/dev/null 2>&1; then
      log "$name ready in $(($(date +%s%3N) - started)) ms"
      return
    fi
    if ! running "$name"; then
      tail -n 30 "$DIR/$name.log" >&2
      die "$name exited before it was ready (log: $DIR/$name.log)"
    fi
    sleep 0.1
  done
  tail -n 30 "$DIR/$name.log" >&2
  die "$name not ready after ${READY_TIMEOUT_SECONDS}s (log: $DIR/$name.log)"
}

find_binaries() {
  if [ -n "${TEST_ASSET_KUBE_APISERVER:-}" ] && [ -n "${TEST_ASSET_ETCD:-}" ]; then
    APISERVER_BIN=$TEST_ASSET_KUBE_APISERVER ETCD_BIN=$TEST_ASSET_ETCD
  else
    local assets
    assets=$("$HERE/envtest.sh")
    APISERVER_BIN=${TEST_ASSET_KUBE_APISERVER:-$assets/kube-apiserver} ETCD_BIN=${TEST_ASSET_ETCD:-$assets/etcd}
  fi
  [ -x "$APISERVER_BIN" ] || die "kube-apiserver not found at $APISERVER_BIN"
  [ -x "$ETCD_BIN" ] || die "etcd not found at $ETCD_BIN"
}

start() {
  command -v curl >/dev/null || die "curl is missing (Debian: apt-get install curl)"
  [ -d "$DIR" ] || { mkdir -p "$DIR" && chmod 700 "$DIR"; }
  make_credentials
  ensure_operator_token
  if running etcd && running kube-apiserver; then
    log "already running in $DIR"
    echo "$DIR/kubeconfig"
    return
  fi
  find_binaries
  choose_ports
  local started
  if ! running etcd; then
    started=$(date +%s%3N)
    spawn etcd "$ETCD_BIN" --name=local --data-dir="$DIR/etcd-data" \
      --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
      --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
      --initial-cluster="local=http://127.0.0.1:$ETCD_PEER_PORT"
    wait_ready etcd "$started" curl -fsS "http://127.0.0.1:$ETCD_PORT/health"
  fi
  if ! running kube-apiserver; then
    started=$(date +%s%3N)
    spawn kube-apiserver "$APISERVER_BIN" --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
      --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$APISERVER_PORT" --insecure-port=0 \
      --tls-cert-file="$DIR/apiserver.crt" --tls-private-key-file="$DIR/apiserver.key" \
      --token-auth-file="$DIR/tokens.csv" --authorization-mode=RBAC \
      --service-account-issuer=https://kubernetes.default.svc \
      --service-account-key-file="$DIR/sa.key" --service-account-signing-key-file="$DIR/sa.key" \
      --service-cluster-ip-range=10.0.0.0/24 --disable-admission-plugins=ServiceAccount \
      --endpoint-reconciler-type=none --allow-privileged=true
    # curl -f: without it curl succeeds on a 500 too.
    wait_ready kube-apiserver "$started" curl -fsS --cacert "$DIR/ca.crt" \
      -H "Authorization: Bearer $(token_of admin)" "https://127.0.0.1:$APISERVER_PORT/readyz"
  fi
  write_kubeconfig admin "$DIR/kubeconfig"
  write_kubeconfig tester "$DIR/kubeconfig-tester"
  write_kubeconfig "$OPERATOR_USER" "$DIR/kubeconfig-operator"
  echo "$DIR/kubeconfig"
}

[ $# -eq 2 ] || usage
DIR=$(realpath -m "$2")
case "$1" in
  start) start ;;
  stop)
    stop_one kube-apiserver
    stop_one etcd
    ;;
  status) running etcd && running kube-apiserver ;;
  env) echo "export KUBECONFIG=$DIR/kubeconfig" ;;
  *) usage ;;
esac
