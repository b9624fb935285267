#!/usr/bin/env bash
# port-free.sh HOST PORT... : fail when one of the ports already accepts connections (another test run?).
h=$1; shift
for p in "$@"; do
  if (exec 3<>"/dev/tcp/$h/$p") 2>/dev/null; then
    echo "port $h:$p is already in use (another test run or a leftover server?)" >&2
    exit 1
  fi
done
