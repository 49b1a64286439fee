#!/usr/bin/env bash
# Measures what durable H2 commits cost: the packaged service with H2's default write delay and with WRITE_DELAY=0
# (the shipped setting), alternately, in one run. See bench/README.md, "Fault tests".
#
#   bench/faults/durability-cost.sh                       # 20 s of writes per setting and client count, twice each
#   COST_SECONDS=10 COST_REPEATS=1 COST_LINES=5000 bench/faults/durability-cost.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${COST_PORT:-18112}
WORK=${COST_WORK:-/tmp/crash-cost}
APP=${APP:-target/quarkus-app}
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q package -DskipTests
mkdir -p "$WORK"
cleanup() {
  local pid
  pid=$(cat "$WORK/service.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q quarkus-run.jar "/proc/$pid/cmdline" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$WORK"/cost-* "$WORK/service.pid"
}
trap cleanup EXIT

python3 bench/faults/durability-cost.py --app "$APP" --work "$WORK" --port "$PORT" \
  --lines "${COST_LINES:-20000}" --seconds "${COST_SECONDS:-20}" --repeats "${COST_REPEATS:-2}" \
  "write delay 500 ms (H2 default)|jdbc:h2:file:DATA/verbatim;DB_CLOSE_ON_EXIT=FALSE" \
  "WRITE_DELAY=0|jdbc:h2:file:DATA/verbatim;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
