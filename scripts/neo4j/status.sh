#!/usr/bin/env bash
# Exit 0 (and say so) when a Neo4j server answers a real Bolt handshake on
# 127.0.0.1:$NEO4J_BOLT_PORT (default 7687); exit 1 otherwise. Used by the Makefile.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
source "$SCRIPT_DIR/common.sh"

if bolt_ping; then
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  echo "neo4j: running on bolt://127.0.0.1:$BOLT_PORT${pid:+ (pid $pid)}"
  exit 0
fi
echo "neo4j: not running"
exit 1
