#!/usr/bin/env bash
# Fault test: PostgreSQL stops under load and comes back. Starts a private PostgreSQL cluster (never the machine's
# own), the PostgreSQL build of the service on it, and drives reads and writes (bench/faults/pg_down.py) while
# PostgreSQL is stopped with -m immediate and started again. Checks: readiness DOWN within seconds; every request
# during the outage answered within the bound by a 503 problem document with Retry-After (or, for lists and
# searches of statements, by the search index, which needs no database), never a 500; liveness UP
# throughout; the service recovers by itself; every acknowledged write stored exactly; the search index caught up;
# one WARN in the log for the outage. Prints PASS/FAIL lines and exits non-zero on any FAIL.
#
#   bench/faults/pg-down.sh                   # builds the PostgreSQL jar first (./mvnw package -Ppostgresql)
#   SKIP_BUILD=1 bench/faults/pg-down.sh      # uses target/quarkus-app as it is (it must be a PostgreSQL build)
#
# Settings (environment): PORT (18121, the service), OUTAGE (15 s), LATENCY_BOUND (8 s: the pool's acquisition
# timeout of 5 s, within which it retries connecting, and 3 s for a busy machine), RECOVERY_BOUND (15 s), and for
# the private cluster (bench/faults/private-pg.sh) PG_PORT (25432, or the next free port) and PG_BIN.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-18121}
OUTAGE=${OUTAGE:-15}
LATENCY_BOUND=${LATENCY_BOUND:-8}
RECOVERY_BOUND=${RECOVERY_BOUND:-15}
APP=${APP:-target/quarkus-app}
. bench/faults/private-pg.sh

if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "FAIL port $PORT is taken; set PORT" >&2
  exit 1
fi
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q package -DskipTests -Ppostgresql

WORK=$(mktemp -d /tmp/pgdown-XXXXXX)
PID=
cleanup() {
  [ -z "$PID" ] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; }
  private_pg_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- A private cluster: its own directory, port and socket directory ------------------------------------------
private_pg_start "$WORK"
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
