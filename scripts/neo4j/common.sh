# Shared by start.sh, stop.sh and status.sh (sourced, not run): the clone's
# paths and the checks that tell whether a server answers and whether it is ours.
# Callers set SCRIPT_DIR first.

#
# NEO4J_DIR picks the server: <repo>/.neo4j (the default) is the one people use
# (`make neo4j`, bolt 7687); `make test` runs a second one of its own in
# <repo>/.neo4j-test on bolt 17687 (NEO4J_TEST=1 sets both). Every server runs
# from the same jars, <repo>/.neo4j/lib, fetched once.

REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
if [[ "${NEO4J_TEST:-}" == 1 ]]; then
  : "${NEO4J_DIR:=$REPO_ROOT/.neo4j-test}" "${NEO4J_BOLT_PORT:=17687}" "${NEO4J_HTTP_PORT:=17474}"
fi
N4J_DIR="${NEO4J_DIR:-$REPO_ROOT/.neo4j}"
LIB_DIR="$REPO_ROOT/.neo4j/lib"
HOME_DIR="$N4J_DIR/home"
PID_FILE="$N4J_DIR/neo4j.pid"
BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"

log() { echo "neo4j: $*"; }

# Real Bolt handshake: send the magic preamble + 4 version proposals
# (5.0-5.4, 4.4, none, none) and expect a non-zero 4-byte version back.
bolt_ping() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "\x60\x60\xb0\x17\x00\x04\x04\x05\x00\x00\x04\x04\x00\x00\x00\x00\x00\x00\x00\x00" >&3
    reply="$(head -c 4 <&3 | od -An -tx1 | tr -d " \n")"
    exec 3>&-
    [[ ${#reply} -eq 8 && "$reply" != "00000000" ]]
  ' _ "$BOLT_PORT" 2>/dev/null
}

# Running and not a zombie (an unreaped exited process still answers kill -0).
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state="$(sed -E 's/^[0-9]+ \(.*\) (.).*/\1/' "/proc/$1/stat" 2>/dev/null || echo Z)"
  [[ "$state" != "Z" ]]
}

# Is $1 a live Neo4j server process started from this home dir?
is_our_server() {
  local pid="$1"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  local cmd
  cmd="$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  grep -qxF "org.neo4j.server.CommunityEntryPoint" <<<"$cmd" && grep -qxF -- "--home-dir=$HOME_DIR" <<<"$cmd"
}
