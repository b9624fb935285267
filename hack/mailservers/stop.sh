#!/usr/bin/env bash
# stop.sh PIDFILE... : TERM every recorded PID, wait up to 10 s for each, then KILL; remove the PID files.
pids=()
for f in "$@"; do
  [ -f "$f" ] || continue
  pid=$(cat "$f"); rm -f "$f"
  kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
done
gone() { ! kill -0 "$1" 2>/dev/null || [ "$(ps -o stat= -p "$1")" = Z ]; }
for pid in "${pids[@]}"; do
  for _ in $(seq 100); do gone "$pid" && break; sleep 0.1; done
  gone "$pid" || kill -KILL "$pid" 2>/dev/null
  echo "stopped $pid"
done
