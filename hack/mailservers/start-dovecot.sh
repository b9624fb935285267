#!/usr/bin/env bash
# start-dovecot.sh DIR [apop|noapop|notls] : install Dovecot if missing, write the instance (setup-dovecot.sh) if
# DIR has none, start it in the foreground as a background job and wait until its ports accept connections.
# PID -> DIR/dovecot.pid (stop with stop.sh DIR/dovecot.pid).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/mailservers.env"
. "$HERE/apply-port-offset.sh"
DIR=${1:?usage: start-dovecot.sh DIR [apop|noapop|notls]}
VARIANT=${2:-apop}
case "$VARIANT" in
  apop) PORTS=("$DOVECOT_POP3_PORT" "$DOVECOT_POP3S_PORT" "$DOVECOT_IMAP_PORT" "$DOVECOT_IMAPS_PORT" \
               "$DOVECOT_SUBMISSION_PORT" "$DOVECOT_SUBMISSIONS_PORT") ;;
  noapop) PORTS=("$DOVECOT_NOAPOP_POP3_PORT" "$DOVECOT_NOAPOP_POP3S_PORT") ;;
  notls) PORTS=("$DOVECOT_NOTLS_POP3_PORT" "$DOVECOT_NOTLS_IMAP_PORT" "$DOVECOT_NOTLS_IMAP_LOGINDISABLED_PORT") ;;
  *) echo "start-dovecot.sh: unknown variant '$VARIANT'" >&2; exit 2 ;;
esac
"$HERE/ensure-packages.sh" dovecot
PATH="$PATH:/usr/sbin:/sbin"
"$HERE/port-free.sh" "$MAILTEST_HOST" "${PORTS[@]}"
mkdir -p "$DIR"
[ -f "$DIR/dovecot.conf" ] || "$HERE/setup-dovecot.sh" "$DIR" "$VARIANT" >/dev/null
dovecot -F -c "$DIR/dovecot.conf" >"$DIR/stdout.log" 2>&1 </dev/null &
pid=$!
echo "$pid" > "$DIR/dovecot.pid"
for p in "${PORTS[@]}"; do
  "$HERE/wait-port.sh" "$MAILTEST_HOST" "$p" 15 "$pid" || { cat "$DIR/stdout.log" >&2; "$HERE/stop.sh" "$DIR/dovecot.pid"; exit 1; }
done
echo "dovecot ($VARIANT) pid $pid ready (log: $DIR/dovecot.log)"
