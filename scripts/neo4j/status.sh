#!/usr/bin/env bash
# Exit 0 (and say so) when a Neo4j server answers a real Bolt handshake on
# 127.0.0.1:$NEO4J_BOLT_PORT (default 7687); exit 1 otherwise. Used by the Makefile.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
PID_FILE="$REPO_ROOT/.neo4j/neo4j.pid"
BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"

# Same check as start.sh: magic preamble + version proposals, non-zero version back.
bolt_ping() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "\x60\x60\xb0\x17\x00\x04\x04\x05\x00\x00\x04\x04\x00\x00\x00\x00\x00\x00\x00\x00" >&3
    reply="$(head -c 4 <&3 | od -An -tx1 | tr -d " \n")"
    exec 3>&-
    [[ ${#reply} -eq 8 && "$reply" != "00000000" ]]
  ' _ "$BOLT_PORT" 2>/dev/null
}

if bolt_ping; then
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  echo "neo4j: running on bolt://127.0.0.1:$BOLT_PORT${pid:+ (pid $pid)}"
  exit 0
fi
echo "neo4j: not running"
exit 1
