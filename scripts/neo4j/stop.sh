#!/usr/bin/env bash
# Stop the local Neo4j server started by scripts/neo4j/start.sh:
# SIGTERM (clean shutdown), wait up to NEO4J_STOP_TIMEOUT (30) s, then SIGKILL.
# Exits 0 when nothing was running. Data in .neo4j/home/data is kept.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
source "$SCRIPT_DIR/common.sh"
TIMEOUT="${NEO4J_STOP_TIMEOUT:-30}"

PID=""
if [[ -f "$PID_FILE" ]]; then
  PID="$(cat "$PID_FILE" 2>/dev/null || true)"
  is_our_server "$PID" || PID=""
fi
# No (valid) pid file: look for a server of this clone's home dir anyway.
if [[ -z "$PID" ]]; then
  for dir in /proc/[0-9]*; do
    p="${dir#/proc/}"
    if is_our_server "$p"; then PID="$p"; break; fi
  done
fi

if [[ -z "$PID" ]]; then
  rm -f "$PID_FILE"
  log "not running"
  exit 0
fi

log "stopping pid $PID"
kill -TERM "$PID" 2>/dev/null || true
deadline=$(( SECONDS + TIMEOUT ))
while alive "$PID" && (( SECONDS < deadline )); do
  sleep 0.5
done
if alive "$PID"; then
  log "still alive after ${TIMEOUT}s, sending KILL"
  kill -KILL "$PID" 2>/dev/null || true
  for _ in $(seq 50); do alive "$PID" || break; sleep 0.2; done
fi
rm -f "$PID_FILE"
log "stopped"
