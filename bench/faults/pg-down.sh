#!/usr/bin/env bash
# Fault test: PostgreSQL stops under load and comes back. Starts a private PostgreSQL cluster (never the machine's
# own), the PostgreSQL build of the service on it, and drives reads and writes (bench/faults/pg_down.py) while
# PostgreSQL is stopped with -m immediate and started again. Checks: readiness DOWN within seconds; every request
# during the outage answered within the bound by a 503 problem document with Retry-After, never a 500; liveness UP
# throughout; the service recovers by itself; every acknowledged write stored exactly; the search index caught up;
# one WARN in the log for the outage. Prints PASS/FAIL lines and exits non-zero on any FAIL.
#
#   bench/faults/pg-down.sh                   # builds the PostgreSQL jar first (./mvnw package -Ppostgresql)
#   SKIP_BUILD=1 bench/faults/pg-down.sh      # uses target/quarkus-app as it is (it must be a PostgreSQL build)
#
# Settings (environment): PG_PORT (55432), PORT (18121, the service), OUTAGE (15 s), LATENCY_BOUND (8 s: the
# pool's acquisition timeout of 5 s, within which it retries connecting, and 3 s for a busy machine),
# RECOVERY_BOUND (15 s), PG_BIN (the newest /usr/lib/postgresql/*/bin). As root, PostgreSQL runs as user postgres.
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_PORT=${PG_PORT:-55432}
PORT=${PORT:-18121}
OUTAGE=${OUTAGE:-15}
LATENCY_BOUND=${LATENCY_BOUND:-8}
RECOVERY_BOUND=${RECOVERY_BOUND:-15}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
APP=${APP:-target/quarkus-app}

[ -x "$PG_BIN/initdb" ] || { echo "FAIL no PostgreSQL server binaries (set PG_BIN)" >&2; exit 1; }
if pg_isready -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null || curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "FAIL port $PG_PORT or $PORT is taken; set PG_PORT / PORT" >&2
  exit 1
fi
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q package -DskipTests -Ppostgresql

WORK=$(mktemp -d /tmp/pgdown-XXXXXX)
CLUSTER=$WORK/cluster
PID=
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -z "$PID" ] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; }
  [ ! -f "$CLUSTER/postmaster.pid" ] || as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
[ "$(id -u)" != 0 ] || chown postgres "$WORK"

# --- A private cluster: its own directory, port and socket directory ------------------------------------------
as_pg "$PG_BIN/initdb" -D "$CLUSTER" -U postgres -A trust --no-sync >"$WORK/initdb.log" 2>&1
PG_START="$PG_BIN/pg_ctl -D $CLUSTER -l $CLUSTER/server.log -w -o '-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1' start"
PG_STOP="$PG_BIN/pg_ctl -D $CLUSTER -w stop -m immediate"
if [ "$(id -u)" = 0 ]; then
  PG_START="runuser -u postgres -- sh -c \"$PG_START\""
  PG_STOP="runuser -u postgres -- $PG_STOP"
fi
sh -c "$PG_START" >/dev/null
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "create database verbatim"

# --- The service ------------------------------------------------------------------------------------------------
CP="$APP/app/*:$APP/lib/main/*"
PASSWORD="pgdown-$RANDOM-$RANDOM-password"
export VERBATIM_SECURITY_USERS_FAULT_PASSWORD_HASH="$(java -cp "$CP" org.verbatim.security.Passwords "$PASSWORD")"
export VERBATIM_SECURITY_USERS_FAULT_ROLES=editor,admin VERBATIM_DEMO_DATA_ENABLED=false
export VERBATIM_DATA_DIR="$WORK/data" QUARKUS_HTTP_PORT=$PORT
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/verbatim" QUARKUS_DATASOURCE_USERNAME=postgres
java -Xmx512m -jar "$APP/quarkus-run.jar" >"$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { tail -20 "$WORK/service.log"; echo "FAIL the service did not start (a PostgreSQL build?)"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { echo "FAIL the service is not ready after 60 s"; exit 1; }

# --- Load, outage, recovery, checks --------------------------------------------------------------------------
status=0
python3 bench/faults/pg_down.py --port "$PORT" --user fault --password "$PASSWORD" \
  --stop-db "$PG_STOP" --start-db "$PG_START" --service-log "$WORK/service.log" \
  --outage "$OUTAGE" --latency-bound "$LATENCY_BOUND" --recovery-bound "$RECOVERY_BOUND" || status=$?
if [ "$status" != 0 ]; then
  echo "== The service's log, without stack traces:"
  grep -v '^[[:space:]]' "$WORK/service.log" | tail -40
fi
exit "$status"
