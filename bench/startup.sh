#!/usr/bin/env bash
# bench/startup.sh [--servers N] [--rounds R] NAME=OPERATOR[,ENV=VALUE...] ...: P6 (process start -> /readyz) with N
# MailServers present, for several published operators or runtime settings, and the floor (bench/e2e.sh's minimal
# paged list+watch informer: start -> synced), interleaved round by round on one control plane so that each round sees
# the same load; prints each one's median start -> ready and CPU seconds to ready, and their ratios to the floor's.
#
#   hack/publish.sh /tmp/op-a; hack/publish.sh /tmp/op-b -r linux-x64 -p:PublishReadyToRun=true
#   bench/startup.sh --servers 1000 --rounds 5 jit=/tmp/op-a/mailserver-operator r2r=/tmp/op-b/mailserver-operator \
#     r2r-tc0=/tmp/op-b/mailserver-operator,DOTNET_TieredCompilation=0
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
log() { echo "startup: $*" >&2; }
servers=1000 rounds=5 variants=()
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) servers=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *=*) variants+=("$1"); shift ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
[ ${#variants[@]} -gt 0 ] || { log "name at least one NAME=OPERATOR"; exit 2; }
variants=("floor=floor" "${variants[@]}")
op_pid=
bench_cleanup() { [ -z "$op_pid" ] || kill -KILL "$op_pid" 2>/dev/null; }
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_control_plane startup
kubectl create namespace startup >/dev/null
python3 - "$servers" >"$WORK/servers.yaml" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    print(f"""---
apiVersion: mailshare.io/v1alpha1
kind: MailServer
metadata: {{name: s-{i}, namespace: startup}}
spec:
  displayName: Server {i}
  order: {i + 1}
  incoming: {{protocol: IMAP4, host: imap{i}.example.jp, port: 993}}
  outgoing: {{host: smtp{i}.example.jp, port: 587}}""")
PY
kubectl apply --server-side --field-manager=bench -f "$WORK/servers.yaml" >/dev/null
log "$servers servers present"

port=$((30000 + RANDOM % 2768)) # below the ephemeral range, as hack/control-plane.sh picks
# One start: the seconds to /readyz and the CPU seconds the process used until then, on one line.
start_once() {
  local operator=$1; shift
  local began ticks
  began=$(date +%s.%N)
  if [ "$operator" = floor ]; then
    dotnet "$E2E" informer "$KUBECONFIG" startup >"$WORK/operator.log" 2>&1 &
    op_pid=$!
    until grep -q synced "$WORK/operator.log"; do sleep 0.01; done
  else
    start_operator "$operator" "$@"
  fi
  ticks=$(awk '{print $14 + $15}' "/proc/$op_pid/stat")
  echo "$(echo "$(date +%s.%N) - $began" | bc) $(echo "scale=3; $ticks / $(getconf CLK_TCK)" | bc)"
  kill -TERM "$op_pid"; wait "$op_pid" 2>/dev/null || true; op_pid=
}

start_operator() {
  local operator=$1; shift
  env "$@" "$operator" run --kubeconfig "$KUBECONFIG" --namespace startup --disable-verification --disable-webhook \
    --leader-elect=false --health-probe-bind-address "http://127.0.0.1:$port" >"$WORK/operator.log" 2>&1 &
  op_pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do
    kill -0 "$op_pid" 2>/dev/null || { log "the operator exited:"; tail -5 "$WORK/operator.log" >&2; exit 1; }
    sleep 0.01
  done
}

for round in $(seq 1 "$rounds"); do
  for variant in "${variants[@]}"; do
    name=${variant%%=*} rest=${variant#*=}
    IFS=, read -r -a parts <<<"$rest"
    result=$(start_once "${parts[0]}" "${parts[@]:1}")
    echo "$name $result" >>"$WORK/results.txt"
    log "round $round $name: start -> ready ${result% *} s, CPU ${result#* } s"
  done
done

python3 - "$WORK/results.txt" "${variants[@]%%=*}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
names = sys.argv[2:]
med = {n: (statistics.median(float(r[1]) for r in rows if r[0] == n), statistics.median(float(r[2]) for r in rows if r[0] == n)) for n in names}
first = names[0]
for n in names:
    ready, cpu = med[n]
    print(f"figure: P6 start → ready, s [{n}] = {ready:.3f} ({ready / med[first][0]:.2f}x {first})")
    print(f"figure: P6 CPU to ready, s [{n}] = {cpu:.3f} ({cpu / med[first][1]:.2f}x {first})")
PY
