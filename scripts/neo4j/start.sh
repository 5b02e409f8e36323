#!/usr/bin/env bash
# Start a local Neo4j 5.26 Community server without Docker and without the
# Neo4j tarball: jars come from Maven Central (scripts/neo4j/pom.xml), the
# server runs as `java -cp .neo4j/lib/* org.neo4j.server.CommunityEntryPoint`.
#
# Idempotent: exits 0 at once if a Bolt server already answers on the port.
# Everything it fetches or writes lives under <repo>/.neo4j/ (git-ignored).
#
# Environment (all optional):
#   NEO4J_PASSWORD       initial password of user neo4j (default graph-mtl-dev, >= 8 chars);
#                        only applied when the database is created (first start)
#   NEO4J_BOLT_PORT      default 7687
#   NEO4J_HTTP_PORT      default 7474
#   NEO4J_HEAP           max heap, default 1g
#   NEO4J_PAGECACHE      page cache, default 512m
#   NEO4J_START_TIMEOUT  seconds to wait for Bolt, default 120
#   JAVA_HOME            JDK to use (17 or 21); else `java` on PATH
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
N4J_DIR="$REPO_ROOT/.neo4j"
LIB_DIR="$N4J_DIR/lib"
HOME_DIR="$N4J_DIR/home"
CONF_DIR="$HOME_DIR/conf"
PID_FILE="$N4J_DIR/neo4j.pid"
LOG_FILE="$N4J_DIR/neo4j.log"
POM="$SCRIPT_DIR/pom.xml"

BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
HTTP_PORT="${NEO4J_HTTP_PORT:-7474}"
HEAP="${NEO4J_HEAP:-1g}"
PAGECACHE="${NEO4J_PAGECACHE:-512m}"
TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
PASSWORD="${NEO4J_PASSWORD:-graph-mtl-dev}"

log() { echo "neo4j: $*"; }
die() { echo "neo4j: ERROR: $*" >&2; exit 1; }

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

# HTTP discovery document (only when curl exists; not required).
http_ping() {
  command -v curl >/dev/null 2>&1 || return 0
  curl -fsS --max-time 5 "http://127.0.0.1:$HTTP_PORT/" 2>/dev/null | grep -q '"bolt_direct"'
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

if bolt_ping; then
  log "already running"
  exit 0
fi

mkdir -p "$N4J_DIR"

# One start.sh at a time per clone (a second one waits, then sees the server).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$N4J_DIR/start.lock"
  flock -w $(( TIMEOUT + 300 )) 9 || die "another start.sh holds $N4J_DIR/start.lock"
  if bolt_ping; then
    log "already running"
    exit 0
  fi
fi

# A pid file of a live server that does not answer yet: another start is in
# progress; just wait for it below instead of starting a second JVM.
PID=""
if [[ -f "$PID_FILE" ]]; then
  old="$(cat "$PID_FILE" 2>/dev/null || true)"
  if is_our_server "$old"; then
    PID="$old"
    log "server process $PID exists but does not answer yet; waiting for it"
  else
    rm -f "$PID_FILE"
  fi
fi

# ---------------------------------------------------------------- java
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java || true)"
fi
[[ -n "$JAVA" ]] || die "no java found (set JAVA_HOME or put java 17/21 on PATH)"
JAVA_MAJOR="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
case "$JAVA_MAJOR" in
  17|21) ;;
  *) log "warning: Neo4j 5.26 supports Java 17 and 21; $JAVA is Java $JAVA_MAJOR" ;;
esac

if [[ -z "$PID" ]]; then
  # ------------------------------------------------------------ jars
  # Re-fetch when pom.xml changes (its checksum is kept beside the jars).
  POM_SUM="$(sha256sum "$POM" | cut -d' ' -f1)"
  if [[ ! -f "$LIB_DIR/.pom.sha256" || "$(cat "$LIB_DIR/.pom.sha256")" != "$POM_SUM" ]]; then
    command -v mvn >/dev/null 2>&1 || die "mvn (Maven) is needed to fetch the Neo4j jars"
    log "fetching jars with Maven into $LIB_DIR"
    rm -rf "$LIB_DIR.tmp"
    if ! mvn -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
        -DoutputDirectory="$LIB_DIR.tmp" -DincludeScope=runtime >"$N4J_DIR/mvn.log" 2>&1; then
      tail -n 50 "$N4J_DIR/mvn.log" >&2
      die "mvn dependency:copy-dependencies failed (full output: $N4J_DIR/mvn.log)"
    fi
    echo "$POM_SUM" >"$LIB_DIR.tmp/.pom.sha256"
    rm -rf "$LIB_DIR"
    mv "$LIB_DIR.tmp" "$LIB_DIR"
  fi

  # ------------------------------------------------------------ config
  mkdir -p "$CONF_DIR" "$HOME_DIR"/{data,logs,run,import,plugins}
  cat >"$CONF_DIR/neo4j.conf" <<EOF
# Generated by scripts/neo4j/start.sh on every start; edit the script, not this file.
# Network: loopback only, Bolt + HTTP, no HTTPS.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$BOLT_PORT
server.bolt.advertised_address=127.0.0.1:$BOLT_PORT
server.bolt.tls_level=DISABLED
server.http.enabled=true
server.http.listen_address=127.0.0.1:$HTTP_PORT
server.http.advertised_address=127.0.0.1:$HTTP_PORT
server.https.enabled=false

# Security: authentication on (user neo4j, password set before the first start).
dbms.security.auth_enabled=true

# Memory: the heap is set by start.sh with -Xms/-Xmx (these two lines only document it).
server.memory.heap.initial_size=$HEAP
server.memory.heap.max_size=$HEAP
server.memory.pagecache.size=$PAGECACHE
# Keep transaction logs small on a dev machine.
db.tx_log.rotation.retention_policy=2 files

# Directories: all under .neo4j/home (git-ignored).
server.directories.data=$HOME_DIR/data
server.directories.logs=$HOME_DIR/logs
server.directories.run=$HOME_DIR/run
server.directories.import=$HOME_DIR/import
server.directories.plugins=$HOME_DIR/plugins
server.directories.lib=$LIB_DIR

# No usage reports to Neo4j (there is no internet here anyway).
dbms.usage_report.enabled=false

# Neo4j Browser may fetch guides and styles from a local server (scripts/serve_guide.py).
browser.remote_content_hostname_whitelist=localhost,127.0.0.1
EOF

  # ------------------------------------------------------------ password
  # Only before the very first start: set-initial-password writes
  # data/dbms/auth.ini, which the server reads when it creates the system db.
  if [[ ! -d "$HOME_DIR/data/databases/system" ]]; then
    (( ${#PASSWORD} >= 8 )) || die "NEO4J_PASSWORD must have at least 8 characters"
    log "setting the initial password of user neo4j"
    NEO4J_HOME="$HOME_DIR" NEO4J_CONF="$CONF_DIR" \
      "$JAVA" -cp "$LIB_DIR/*" org.neo4j.cli.AdminTool \
      dbms set-initial-password "$PASSWORD" >>"$LOG_FILE" 2>&1 \
      || { tail -n 50 "$LOG_FILE" >&2; die "set-initial-password failed"; }
  fi

  # ------------------------------------------------------------ start
  # JVM flags: the ones the Neo4j tarball's default neo4j.conf passes
  # (server.jvm.additional); without the --add-opens the page cache and the
  # native transaction-log accessor fall back to slower code and warn.
  JVM_OPTS=(
    "-Xms$HEAP" "-Xmx$HEAP"
    -XX:+UseG1GC
    -XX:-OmitStackTraceInFastThrow
    -XX:+UnlockExperimentalVMOptions
    -XX:+TrustFinalNonStaticFields
    -XX:+DisableExplicitGC
    -Djdk.nio.maxCachedBufferSize=1024
    -Dio.netty.tryReflectionSetAccessible=true
    -Djdk.tls.ephemeralDHKeySize=2048
    -Djdk.tls.rejectClientInitiatedRenegotiation=true
    -Dlog4j2.disable.jmx=true
    -Dlog4j.layout.jsonTemplate.maxStringLength=32768
    -Dfile.encoding=UTF-8
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    -XX:+ExitOnOutOfMemoryError
  )
  log "starting Neo4j (log: $LOG_FILE)"
  echo "==== $(date -u '+%Y-%m-%dT%H:%M:%SZ') start.sh: starting ====" >>"$LOG_FILE"
  cd "$HOME_DIR"
  NEO4J_HOME="$HOME_DIR" NEO4J_CONF="$CONF_DIR" nohup "$JAVA" "${JVM_OPTS[@]}" \
    -cp "$LIB_DIR/*" org.neo4j.server.CommunityEntryPoint \
    --home-dir="$HOME_DIR" --config-dir="$CONF_DIR" --console-mode \
    >>"$LOG_FILE" 2>&1 </dev/null 9>&- &
  PID=$!
  echo "$PID" >"$PID_FILE"
fi

# ---------------------------------------------------------------- wait
deadline=$(( SECONDS + TIMEOUT ))
while (( SECONDS < deadline )); do
  if bolt_ping && http_ping; then
    log "ready on bolt://127.0.0.1:$BOLT_PORT"
    log "browser: http://127.0.0.1:$HTTP_PORT/browser/ (user neo4j, pid $PID)"
    exit 0
  fi
  if ! alive "$PID"; then
    echo "neo4j: ERROR: server process $PID exited; last 50 lines of $LOG_FILE:" >&2
    tail -n 50 "$LOG_FILE" >&2
    rm -f "$PID_FILE"
    exit 1
  fi
  sleep 1
done
echo "neo4j: ERROR: no Bolt answer on 127.0.0.1:$BOLT_PORT after ${TIMEOUT}s; last 50 lines of $LOG_FILE:" >&2
tail -n 50 "$LOG_FILE" >&2
exit 1
