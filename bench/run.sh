#!/usr/bin/env bash
# Benchmarks the packaged service (embedded H2 + Lucene) on generated data imported through its API, with load
# driven from a second process with wrk.
# Every scenario is reported beside a trivial endpoint of the same service measured in the same run, so the
# ratios survive a noisy machine. Needs python3 and wrk (apt-get install wrk).
#
#   bench/run.sh                      # 1,000,000 statements
#   STATEMENTS=100000 DURATION=10 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

STATEMENTS=${STATEMENTS:-1000000}
DURATION=${DURATION:-20}
PORT=${PORT:-18090}
WORK=${WORK:-target/bench}
DATA=$(realpath -m "$WORK/data-$STATEMENTS")   # H2 wants an absolute (or ./) path
GEN=$WORK/generated-$STATEMENTS
OUT=${OUT:-bench/results/latest.md}
BASE=http://127.0.0.1:$PORT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q package -DskipTests
mkdir -p "$WORK" "$(dirname "$OUT")"

APP=${APP:-target/quarkus-app}
CP="$APP/app/*:$APP/lib/main/*"
PASSWORD="bench-$RANDOM-$RANDOM-password"
HASH=$(java -cp "$CP" org.verbatim.security.Passwords "$PASSWORD")
export VERBATIM_SECURITY_USERS_BENCH_PASSWORD_HASH="$HASH" VERBATIM_SECURITY_USERS_BENCH_ROLES=editor,admin
export VERBATIM_DEMO_DATA_ENABLED=false VERBATIM_DATA_DIR="$DATA" QUARKUS_HTTP_PORT=$PORT
PID=
stop() { [ -z "$PID" ] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=; }; }
trap stop EXIT
start() {  # sets STARTED_S: seconds from launch to ready
  local t0; t0=$(date +%s.%N)
  java -Xmx1g -jar "$APP/quarkus-run.jar" >> "$WORK/service.log" 2>&1 &
  PID=$!
  until curl -fs "$BASE/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$PID" 2>/dev/null || { echo "the service stopped; see $WORK/service.log" >&2; exit 1; }
    sleep 0.2
  done
  STARTED_S=$(echo "$(date +%s.%N) - $t0" | bc)
}
rss_mib() { echo $(( $(awk '/VmRSS/ {print $2}' /proc/"$PID"/status) / 1024 )); }

wait_indexed() {  # until the search index has caught up with the database
  until curl -fs -u "bench:$PASSWORD" "$BASE/api/v1/admin/search-index" | grep -q '"pending":0'; do sleep 1; done
}
if [ ! -f "$DATA/verbatim.mv.db" ]; then
  [ -f "$GEN/statements.ndjson" ] || python3 bench/generate.py --statements "$STATEMENTS" --out "$GEN"
  rm -rf "$DATA"; start
  # Import through the API, sampling the service's RSS meanwhile.
  ( while kill -0 "$PID" 2>/dev/null; do rss_mib; sleep 1; done ) > "$WORK/import-rss.txt" 2>/dev/null &
  SAMPLER=$!
  t0=$(date +%s.%N)
  curl -fsS -u "bench:$PASSWORD" -H 'Content-Type: application/x-ndjson' --data-binary @"$GEN/statements.ndjson" \
    "$BASE/api/v1/imports" > "$WORK/import.json"
  IMPORT_S=$(echo "$(date +%s.%N) - $t0" | bc)
  wait_indexed
  INDEXED_S=$(echo "$(date +%s.%N) - $t0" | bc)
  kill "$SAMPLER" 2>/dev/null || true
  IMPORT_RSS_MAX=$(sort -n "$WORK/import-rss.txt" | tail -1)
  stop
fi
start                       # everything stored and indexed
READY_S=$STARTED_S
RSS_START=$(rss_mib)

# Request files: ids, speakers and queries drawn from the generated data.
shuf -n 2000 --random-source=<(yes) "$GEN/statement-ids.txt" | sed "s|^|/api/v1/statements/|" > "$WORK/get.txt"
head -200 "$GEN/speaker-ids.txt" | sed "s|^|/api/v1/statements?speakerId=|" > "$WORK/by-speaker.txt"
SPK=$(head -1 "$GEN/speaker-ids.txt")
words="ceasefire peace sanctions energy security trade defence aid elections border troops crisis"
: > "$WORK/one.txt"; : > "$WORK/two.txt"; : > "$WORK/phrase.txt"; : > "$WORK/filtered.txt"; : > "$WORK/facets.txt"
for a in $words; do
  echo "/api/v1/statements?q=$a" >> "$WORK/one.txt"
  for b in $words; do
    [ "$a" = "$b" ] && continue
    echo "/api/v1/statements?q=$a+$b" >> "$WORK/two.txt"
    echo "/api/v1/statements?q=%22$a+$b%22" >> "$WORK/phrase.txt"
    echo "/api/v1/statements?q=$a+$b&speakerId=$SPK&from=2010-01-01&to=2010-12-31" >> "$WORK/filtered.txt"
    echo "/api/v1/statements?q=$a+$b&facets=speaker,event,kind,topic,year,publisher" >> "$WORK/facets.txt"
  done
done
echo "/q/health/live" > "$WORK/trivial.txt"

scenario() {  # name, file, connections -> "rps p50 p99"
  PATHS="$WORK/$2" wrk -t1 -c"$3" -d"${DURATION}s" --latency -s bench/random-path.lua "$BASE" > "$WORK/$1-$3.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1-$3.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$1-$3.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$1-$3.txt")
  grep -q "Non-2xx" "$WORK/$1-$3.txt" && echo "warning: $1 had non-2xx answers" >&2
  echo "$rps $p50 $p99"
}

{
  echo "# Verbatim benchmark"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1)."
  echo "$STATEMENTS statements, embedded H2 + Lucene, wrk ${DURATION}s per scenario, 1 thread."
  echo
  if [ -n "${IMPORT_S:-}" ]; then
    echo "- Import through the API ($(wc -l < "$GEN/statements.ndjson") NDJSON lines): ${IMPORT_S}s, $(echo "$(wc -l < "$GEN/statements.ndjson") / $IMPORT_S" | bc) lines/s; $(grep -o '"created":[0-9]*,"merged":[0-9]*,"unchanged":[0-9]*,"failed":[0-9]*' "$WORK/import.json")"
    echo "- Searchable (index caught up) ${INDEXED_S}s after the import started; service RSS at most ${IMPORT_RSS_MAX} MiB meanwhile"
  fi
  echo "- Start with everything stored and indexed, launch to ready: ${READY_S}s"
  echo
  echo "| scenario | clients | requests/s | p50 | p99 | requests/s vs trivial |"
  echo "|---|---|---|---|---|---|"
  for c in 1 4; do
    read -r trps tp50 tp99 < <(scenario trivial trivial.txt $c)
    echo "| trivial (/q/health/live) | $c | $trps | $tp50 | $tp99 | 1.00 |"
    for s in "get by id:get.txt" "list by speaker:by-speaker.txt" "search, one term:one.txt" \
             "search, two terms:two.txt" "search, phrase:phrase.txt" \
             "search + speaker + 1-year range:filtered.txt" "search + all facets:facets.txt"; do
      read -r rps p50 p99 < <(scenario "$(echo "${s%%:*}" | tr ' ,+' '___')" "${s##*:}" $c)
      echo "| ${s%%:*} | $c | $rps | $p50 | $p99 | $(echo "scale=3; $rps / $trps" | bc) |"
    done
  done
  echo
  echo "RSS of the service: ${RSS_START} MiB after start, $(rss_mib) MiB after the scenarios."
} | tee "$OUT"
