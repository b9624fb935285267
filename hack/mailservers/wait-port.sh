#!/usr/bin/env bash
# wait-port.sh HOST PORT [TIMEOUT_S] [PID] : poll until a TCP port accepts connections;
# with PID, fail as soon as that process has exited.
h=$1; p=$2; t=${3:-10}; pid=${4:-}; end=$((SECONDS + t))
until (exec 3<>"/dev/tcp/$h/$p") 2>/dev/null; do
  if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then echo "process $pid exited before $h:$p opened" >&2; exit 1; fi
  [ $SECONDS -ge $end ] && { echo "timeout waiting for $h:$p" >&2; exit 1; }
  sleep 0.05
done
