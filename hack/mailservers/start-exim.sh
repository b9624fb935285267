#!/usr/bin/env bash
# start-exim.sh DIR : install Exim if missing, write the instance (setup-exim.sh) if DIR has none, start the
# daemon in the foreground (-bdf) as a background job and wait until its ports accept connections.
# PID -> DIR/exim.pid (stop with stop.sh DIR/exim.pid).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/mailservers.env"
. "$HERE/apply-port-offset.sh"
DIR=${1:?usage: start-exim.sh DIR}
"$HERE/ensure-packages.sh" exim
PATH="$PATH:/usr/sbin:/sbin"
PORTS=("$EXIM_SMTP_PORT" "$EXIM_SMTPS_PORT" "$EXIM_NOTLS_PORT" "$EXIM_NOAUTH_PORT")
"$HERE/port-free.sh" "$MAILTEST_HOST" "${PORTS[@]}"
mkdir -p "$DIR"
[ -f "$DIR/exim.conf" ] || "$HERE/setup-exim.sh" "$DIR" >/dev/null
# -C makes exim drop root (it logs "exim user lost privilege for using -C option") and run as Debian-exim
exim -C "$DIR/exim.conf" -bdf >"$DIR/stdout.log" 2>&1 </dev/null &
pid=$!
echo "$pid" > "$DIR/exim.pid"
for p in "${PORTS[@]}"; do
  "$HERE/wait-port.sh" "$MAILTEST_HOST" "$p" 15 "$pid" || { cat "$DIR/stdout.log" >&2; "$HERE/stop.sh" "$DIR/exim.pid"; exit 1; }
done
echo "exim pid $pid ready (log: $DIR/log/mainlog)"
