#!/usr/bin/env bash
# Backup and restore, tested. Starts the packaged service on a fresh database, imports generated statements
# (bench/generate.py) and makes a few writes, then makes an online backup while writers go on creating statements:
# H2 through POST /api/v1/admin/backups, PostgreSQL with pg_dump -Fc. Restores it into a fresh data directory (unzip)
# or a new database (pg_restore), starts a second instance on it, and compares: the statements (sorted NDJSON
# exports), speakers and events must be the first instance's at backup time (bench/faults/backup_restore.py says
# exactly what that means), and search must work on the restored instance. Prints PASS/FAIL lines; non-zero exit on
# any FAIL.
#
#   bench/faults/backup-restore.sh                              # H2; builds the default jar unless SKIP_BUILD=1
#   bench/faults/backup-restore.sh --postgresql                 # PostgreSQL on a private cluster started here;
#                                                               # builds with -Ppostgresql unless SKIP_BUILD=1
#   bench/faults/backup-restore.sh --postgresql=127.0.0.1:5432  # PostgreSQL on that server (user postgres, no
#                                                               # password): two databases of its own, dropped after
#
# Settings (environment): STATEMENTS (3000), PORT_A and PORT_B (18122, 18123), and for the private cluster
# (bench/faults/private-pg.sh) PG_PORT (25432, or the next free port) and PG_BIN.
set -euo pipefail
cd "$(dirname "$0")/../.."

MODE=h2
PG_SERVER=
for arg in "$@"; do
  case $arg in
    --postgresql) MODE=postgresql ;;
    --postgresql=*) MODE=postgresql; PG_SERVER=${arg#*=} ;;
    *) echo "usage: $0 [--postgresql[=host:port]]" >&2; exit 2 ;;
  esac
done
STATEMENTS=${STATEMENTS:-3000}
PORT_A=${PORT_A:-18122}
PORT_B=${PORT_B:-18123}
APP=${APP:-target/quarkus-app}
. bench/faults/private-pg.sh

if [ -z "${SKIP_BUILD:-}" ]; then
  if [ "$MODE" = h2 ]; then ./mvnw -B -q package -DskipTests; else ./mvnw -B -q package -DskipTests -Ppostgresql; fi
fi

WORK=$(mktemp -d /tmp/backup-restore-XXXXXX)
PIDS=()
SUFFIX=$RANDOM$RANDOM
DB_A=verbatim_backup_a_$SUFFIX
DB_B=verbatim_backup_b_$SUFFIX
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  private_pg_stop
  if [ -n "$PG_SERVER" ]; then
    psql -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -c "drop database if exists $DB_A" \
      -c "drop database if exists $DB_B" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$MODE" = postgresql ]; then
  if [ -n "$PG_SERVER" ]; then
    PG_HOST=${PG_SERVER%:*}
    PG_PORT=${PG_SERVER##*:}
  else
    PG_HOST=127.0.0.1
    private_pg_start "$WORK"
  fi
  psql -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -c "create database $DB_A"
fi

CP="$APP/app/*:$APP/lib/main/*"
PASSWORD="backup-$RANDOM-$RANDOM-password"
export VERBATIM_SECURITY_USERS_BACKUP_PASSWORD_HASH="$(java -cp "$CP" org.verbatim.security.Passwords "$PASSWORD")"
export VERBATIM_SECURITY_USERS_BACKUP_ROLES=editor,admin VERBATIM_DEMO_DATA_ENABLED=false

start() {  # name port data-dir database: starts an instance and waits until it is ready
  local name=$1 port=$2 data=$3 db=$4 t0
  t0=$(date +%s.%N)
  if [ "$MODE" = postgresql ]; then
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$db" QUARKUS_DATASOURCE_USERNAME=postgres \
      VERBATIM_DATA_DIR="$data" QUARKUS_HTTP_PORT=$port java -Xmx512m -jar "$APP/quarkus-run.jar" \
      >"$WORK/$name.log" 2>&1 &
  else
    VERBATIM_DATA_DIR="$data" QUARKUS_HTTP_PORT=$port java -Xmx512m -jar "$APP/quarkus-run.jar" \
      >"$WORK/$name.log" 2>&1 &
  fi
  PIDS+=($!)
  until curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; do
    kill -0 "${PIDS[-1]}" 2>/dev/null || { tail -20 "$WORK/$name.log"; echo "FAIL instance $name did not start"; exit 1; }
    sleep 0.5
  done
  echo "     instance $name ready in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s"
}
driver() { python3 bench/faults/backup_restore.py "$@" --user backup --password "$PASSWORD" --state "$WORK/state.json"; }

echo "== $MODE: $STATEMENTS generated statements, an online backup while writes go on, a restore, a comparison"
python3 bench/generate.py --statements "$STATEMENTS" --out "$WORK/generated" >/dev/null
start a "$PORT_A" "$WORK/a-data" "$DB_A"

status=0
if [ "$MODE" = postgresql ]; then
  BACKUP=$WORK/verbatim.dump
  driver load-and-back-up --port "$PORT_A" --statements "$WORK/generated/statements.ndjson" --backup-file "$BACKUP" \
    --backup-command "pg_dump -h $PG_HOST -p $PG_PORT -U postgres -Fc -f $BACKUP $DB_A" || status=$?
  [ "$status" = 0 ] || exit "$status"
  psql -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -c "create database $DB_B"
  t0=$(date +%s.%N)
  pg_restore -h "$PG_HOST" -p "$PG_PORT" -U postgres --no-owner --exit-on-error -d "$DB_B" "$BACKUP"
  echo "     pg_restore into a new database: $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s"
else
  BACKUP=$WORK/backup.zip
  driver load-and-back-up --port "$PORT_A" --statements "$WORK/generated/statements.ndjson" \
    --backup-file "$BACKUP" || status=$?
  [ "$status" = 0 ] || exit "$status"
  # Restore: the zip holds the database file; the search index is rebuilt at start.
  mkdir -p "$WORK/b-data"
  python3 -m zipfile -e "$BACKUP" "$WORK/b-data"
  echo "     unzipped: $(cd "$WORK/b-data" && ls)"
fi
start b "$PORT_B" "$WORK/b-data" "$DB_B"
driver compare --port "$PORT_B" || status=$?
exit "$status"
