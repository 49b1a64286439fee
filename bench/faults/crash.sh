#!/usr/bin/env bash
# Kills the packaged service (embedded H2 + Lucene) with SIGKILL at random, seeded moments, during a large import
# and during a mixed write load, and checks after each restart that no acknowledged write was lost and that the
# search index agrees with the database. See bench/README.md, "Fault tests".
#
#   bench/faults/crash.sh                                   # CI size: 3 + 3 kills, 3,000 statements, ~3 min
#   CRASH_SEED=1234 bench/faults/crash.sh                   # the same moments again
#   CRASH_ROUNDS=10 CRASH_STATEMENTS=50000 CRASH_THREADS=8 CRASH_WRITES=1000 bench/faults/crash.sh
#   CRASH_KINDS=writes bench/faults/crash.sh                # only the write load (or: import)
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${CRASH_PORT:-18111}
WORK=${CRASH_WORK:-/tmp/crash-faults}
APP=${APP:-target/quarkus-app}
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q package -DskipTests
mkdir -p "$WORK"

cleanup() {  # the service, if the script was interrupted while it ran
  local pid
  pid=$(cat "$WORK/service.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q quarkus-run.jar "/proc/$pid/cmdline" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$WORK/service.pid"
  [ -n "${CRASH_KEEP:-}" ] || rm -rf "$WORK"/import-* "$WORK"/writes
}
trap cleanup EXIT

python3 bench/faults/crash.py --app "$APP" --work "$WORK" --port "$PORT" \
  ${CRASH_SEED:+--seed "$CRASH_SEED"} \
  --rounds "${CRASH_ROUNDS:-3}" --statements "${CRASH_STATEMENTS:-3000}" --threads "${CRASH_THREADS:-4}" \
  --writes "${CRASH_WRITES:-100}" --kinds "${CRASH_KINDS:-import,writes}" ${CRASH_KEEP:+--keep}
