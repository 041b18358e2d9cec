# What the benches against one hot row (bench/coupons, bench/lottery) have in common; sourced by their run
# scripts, from the repository root. Starts target/tokuten.jar on a fresh embedded PostgreSQL in a temporary
# directory (deleted at the end), on a loopback port; creates the "hotrow" database pgbench runs in on that same
# server; compiles bench/lib/HotRowBench.java into $BENCH_LIB (a bench compiles its class
# there too and runs from it: one class loader, so the bench reaches the library's package-private members). Sets DATA, PORT, TOKEN, LOG, PID, PGPORT, PSQL.
# Settings: BENCH_JFR, BENCH_PGSS, BENCH_JAVA_OPTS, BENCH_POOL, BENCH_HEAP, BENCH_GC_LOG (see bench/coupons/run).
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -f target/tokuten.jar ] || mvn -B -q -DskipTests package
# pgbench is in Debian's server package (postgresql-15, pulled in by postgresql-contrib), psql in the client's
if ! pgbench --version >/dev/null 2>&1 || ! psql --version >/dev/null 2>&1; then
  apt-get update -q >/dev/null && apt-get install -y -q postgresql-contrib postgresql-client >/dev/null
fi
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TOKEN="bench-operator-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
LOG="$DATA/tokuten.log"
OPTS=()
# deep stacks: a request under Tomcat, Spring Security's filters and Spring MVC is more than JFR's 64 frames
[ -n "${BENCH_JFR:-}" ] && OPTS=("-XX:FlightRecorderOptions:stackdepth=512")
[ -n "${BENCH_GC_LOG:-}" ] && OPTS+=("-Xlog:gc:file=${BENCH_GC_LOG}")
# the server's own options (jvm.options, as ./tokuten run uses them) unless BENCH_JVM_OPTIONS=none, then BENCH_JAVA_OPTS
if [ "${BENCH_JVM_OPTIONS:-}" != none ]; then
  while IFS= read -r o; do OPTS+=("$o"); done < <(grep -v '^[[:space:]]*\(#\|$\)' jvm.options)
fi
# shellcheck disable=SC2206
OPTS+=(${BENCH_JAVA_OPTS:-})
start_node() {
  env SERVER_PORT="$PORT" TOKUTEN_DATA_DIR="$DATA" TOKUTEN_BACKUP_DIR="$DATA/backups" TOKUTEN_DEMO=false TOKUTEN_BOOTSTRAP_OPERATOR_TOKEN="$TOKEN" \
    ${BENCH_POOL:+TOKUTEN_DB_POOL_SIZE=$BENCH_POOL} \
    "$JAVA_HOME/bin/java" "-Xmx${BENCH_HEAP:-1g}" -XX:+ExitOnOutOfMemoryError ${OPTS[@]+"${OPTS[@]}"} -jar target/tokuten.jar >>"$LOG" 2>&1 &
  PID=$!
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$PORT/actuator/health" | grep -q '"UP"' && return 0
    kill -0 "$PID" 2>/dev/null || { cat "$LOG"; exit 1; }
    sleep 1
  done
  echo "the node did not start in 180 s"; tail -50 "$LOG"; exit 1
}
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; [ -n "$PID" ] && wait "$PID" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
start_node
CONF=$(find "$DATA" -name postgresql.auto.conf | head -1)
if [ -n "${BENCH_PGSS:-}" ]; then
  # statement statistics of the embedded PostgreSQL: load pg_stat_statements and start again
  kill "$PID"; wait "$PID" 2>/dev/null || true
  echo "shared_preload_libraries = 'pg_stat_statements'" >>"$CONF"
  echo "pg_stat_statements.track = all" >>"$CONF"
  start_node
fi
PGPORT=$(sed -n 4p "$(dirname "$CONF")/postmaster.pid")
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "create database hotrow"
"${PSQL[@]}" -d hotrow -f bench/lib/hot-row-setup.sql >/dev/null
[ -n "${BENCH_PGSS:-}" ] && "${PSQL[@]}" -d postgres -c "create extension if not exists pg_stat_statements"
echo "$(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' + changes'), $(nproc) cores,"\
  "load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
echo "PostgreSQL $("${PSQL[@]}" -d postgres -A -t -c 'show server_version'), fsync $("${PSQL[@]}" -d postgres -A -t -c 'show fsync'),"\
  "synchronous_commit $("${PSQL[@]}" -d postgres -A -t -c 'show synchronous_commit'), pgbench $(pgbench --version | awk '{print $3}')"
BENCH_LIB="$DATA/bench-lib"
"$JAVA_HOME/bin/javac" -nowarn -d "$BENCH_LIB" bench/lib/HotRowBench.java

# After the bench: the load, where the node's time went (BENCH_JFR), whether the node survived, its errors.
bench_end() {
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
  if [ -n "${BENCH_JFR:-}" ]; then
    for phase in "$@"; do
      [ -f "$BENCH_JFR.$phase.jfr" ] || continue
      echo "where the node's time went during the $phase ($BENCH_JFR.$phase.jfr):"
      "$JAVA_HOME/bin/java" bench/coupons/Profile.java "$BENCH_JFR.$phase.jfr"
    done
  fi
  if kill -0 "$PID" 2>/dev/null; then echo "node still running"; else echo "node DIED"; fi
  grep -c 'ERROR' "$LOG" | sed 's/^/ERROR lines in the node log: /' || true
  # the first few of them, with the lines after each (the exception), since the log goes with the run's directory
  grep -A 3 -m 5 'ERROR' "$LOG" | cut -c1-400 | sed 's/^/  /' || true
}
