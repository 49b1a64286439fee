#!/usr/bin/env bash
# Benchmarks the packaged service (embedded H2 + Lucene) on generated data imported through its API, with load
# driven from a second process with wrk; then, with the service stopped, runs the same searches in-process on plain
# Lucene (bench/floor) to show what the service costs over that floor.
# Every scenario is reported beside a trivial endpoint of the same service measured in the same run, so the
# ratios survive a noisy machine. Needs python3 and wrk (apt-get install wrk).
#
#   bench/run.sh                      # 1,000,000 statements
#   STATEMENTS=100000 DURATION=10 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

STATEMENTS=${STATEMENTS:-1000000}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-15}           # seconds of each scenario run first and not measured, here and in the floor (JIT)
PORT=${PORT:-18090}
WORK=${WORK:-target/bench}
DATA=$(realpath -m "$WORK/data-$STATEMENTS")   # H2 wants an absolute (or ./) path
GEN=$WORK/generated-$STATEMENTS
QUERIES=$WORK/queries-$STATEMENTS.tsv
FLOOR_INDEX=$WORK/floor-index-$STATEMENTS
OUT=${OUT:-bench/results/latest.md}
BASE=http://127.0.0.1:$PORT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q package -DskipTests
  ./mvnw -B -q -f bench/floor/pom.xml package
fi
mkdir -p "$WORK" "$(dirname "$OUT")"

APP=${APP:-target/quarkus-app}
CP="$APP/app/*:$APP/lib/main/*"
PASSWORD="bench-$RANDOM-$RANDOM-password"
HASH=$(java -cp "$CP" org.verbatim.security.Passwords "$PASSWORD")
export VERBATIM_SECURITY_USERS_BENCH_PASSWORD_HASH="$HASH" VERBATIM_SECURITY_USERS_BENCH_ROLES=editor,admin
export VERBATIM_DEMO_DATA_ENABLED=false VERBATIM_DATA_DIR="$DATA" QUARKUS_HTTP_PORT=$PORT
# The service's JVM as deployed (docker/Dockerfile.jvm): a 512 MiB heap and two malloc arenas keep its RSS under
# 1 GiB, the parallel collector, and the classes of one earlier start mapped from a class-data archive (below).
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx512m -XX:+UseParallelGC}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
CDS=$(realpath -m "$WORK/app-cds.jsa")
PID=
SAMPLER=
stop() {
  [ -z "$SAMPLER" ] || { kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=; }
  [ -z "$PID" ] || { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; }
}
cleanup() { stop; rm -rf "$FLOOR_INDEX"; }
trap cleanup EXIT
launch() {  # [java options]: sets STARTED_S, seconds from launch to ready
  local t0; t0=$(date +%s.%N)
  java $SERVICE_JAVA_OPTS "$@" -jar "$APP/quarkus-run.jar" >> "$WORK/service.log" 2>&1 &
  PID=$!
  until curl -fs "$BASE/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$PID" 2>/dev/null || { echo "the service stopped; see $WORK/service.log" >&2; exit 1; }
    sleep 0.05  # the time to ready is reported to this resolution
  done
  STARTED_S=$(echo "$(date +%s.%N) - $t0" | bc)
}
start() { launch -XX:SharedArchiveFile="$CDS"; }
file_mib() { echo $(( $(stat -c %s "$DATA/verbatim.mv.db") / 1048576 )); }
rss_mib() { echo $(( $(awk '/VmRSS/ {print $2}' /proc/"$PID"/status) / 1024 )); }
# RSS counts the pages of files mapped from disk (the search index, the jars), which the kernel can drop, besides the
# process's own (anonymous) memory: both, in MiB.
rss_anon_mib() { awk '/^VmRSS|^RssAnon/ {printf "%d ", $2 / 1024} END {print ""}' /proc/"$PID"/status; }
max_of() { awk -v c="$2" '$c > m {m = $c} END {print m + 0}' "$1"; }  # file, column
sample_rss() {  # every $1 seconds into file $2, until stopped: sets SAMPLER
  ( while kill -0 "$PID" 2>/dev/null; do rss_anon_mib; sleep "$1"; done ) > "$2" 2>/dev/null &
  SAMPLER=$!
}
stop_sampler() { kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=; }

wait_indexed() {  # until the search index has caught up with the database
  until curl -fs -u "bench:$PASSWORD" "$BASE/api/v1/admin/search-index" | grep -q '"pending":0'; do sleep 1; done
}
[ -f "$GEN/statements.ndjson" ] || python3 bench/generate.py --statements "$STATEMENTS" --out "$GEN"

# As the image does at build time: one start, on an empty data directory, records the classes it loads (AppCDS);
# every start below maps them. Recorded afresh each run, since the archive holds only for the jars it was made from.
rm -f "$CDS"
VERBATIM_DATA_DIR=$(realpath -m "$WORK/training") launch -XX:ArchiveClassesAtExit="$CDS"
stop; rm -rf "$WORK/training"
[ -s "$CDS" ] || { echo "no class-data archive was recorded; see $WORK/service.log" >&2; exit 1; }

if [ ! -f "$DATA/verbatim.mv.db" ]; then
  rm -rf "$DATA"; start
  # Import through the API, sampling the service's RSS meanwhile.
  sample_rss 1 "$WORK/import-rss.txt"
  t0=$(date +%s.%N)
  curl -fsS -u "bench:$PASSWORD" -H 'Content-Type: application/x-ndjson' --data-binary @"$GEN/statements.ndjson" \
    "$BASE/api/v1/imports" > "$WORK/import.json"
  IMPORT_S=$(echo "$(date +%s.%N) - $t0" | bc)
  wait_indexed
  INDEXED_S=$(echo "$(date +%s.%N) - $t0" | bc)
  stop_sampler
  IMPORT_RSS_MAX=$(max_of "$WORK/import-rss.txt" 1); IMPORT_ANON_MAX=$(max_of "$WORK/import-rss.txt" 2)
  # The database file grows by what is written while freed space waits out H2's retention time (45 s); then the
  # service's housekeeping shrinks it. Its size at the end of the import and once it settles (at most 5 minutes).
  FILE_IMPORTED=$(file_mib); FILE_SETTLED=$FILE_IMPORTED
  for _ in $(seq 1 30); do  # until it has shrunk and then held for 10 s
    sleep 10; now=$(file_mib)
    [ "$now" -lt "$FILE_IMPORTED" ] && [ "$now" -eq "$FILE_SETTLED" ] && break
    FILE_SETTLED=$now
  done
  stop
fi
start                       # everything stored and indexed
READY_S=$STARTED_S
RSS_START=$(rss_mib)

# One request list for the service and the floor, drawn from the data (seeded); a file of paths per shape for wrk.
python3 bench/queries.py --gen "$GEN" --out "$QUERIES"
SHAPES=(trivial get by-speaker one two phrase filtered facets)
for s in "${SHAPES[@]}"; do awk -F'\t' -v s="$s" '$1 == s {print $2}' "$QUERIES" > "$WORK/$s.txt"; done
declare -A LABEL=([trivial]="trivial (/q/health/live)" [get]="get by id" [by-speaker]="list by speaker"
  [one]="search, one term" [two]="search, two terms" [phrase]="search, phrase"
  [filtered]="search + speaker + 1-year range" [facets]="search + all facets" [mixed]="mixed read/write")

FAILED=0
check() {  # condition-as-exit-status, message: prints PASS or FAIL
  if "${@:2}"; then echo "PASS: $1"; else echo "FAIL: $1"; FAILED=1; fi
}
declare -A RPS P50 P99
scenario() {  # shape, connections, seconds[, lua script]: one wrk run, recorded in RPS/P50/P99 under "shape-c"
  local out="$WORK/wrk-$1-$2.txt" bad
  PATHS="$WORK/$1.txt" wrk -t1 -c"$2" -d"$3s" --latency -s "${4:-bench/random-path.lua}" "$BASE" > "$out"
  RPS[$1-$2]=$(awk '/Requests\/sec/ {print $2}' "$out")
  P50[$1-$2]=$(awk '$1=="50%" {print $2}' "$out")
  P99[$1-$2]=$(awk '$1=="99%" {print $2}' "$out")
  bad=$(awk '/Non-2xx/ {print $NF}' "$out")
  if [ -n "$bad" ]; then echo "FAIL: $1 at $2 clients: $bad answers were not 2xx; see $out"; FAILED=1; fi
}

# Warm-up: each scenario once at one client, not measured, so that neither side is measured while compiling.
for s in "${SHAPES[@]}"; do scenario "$s" 1 "$WARMUP"; done
for c in 1 4; do
  for s in "${SHAPES[@]}"; do scenario "$s" "$c" "$DURATION"; done
done
RSS_AFTER=$(rss_mib)

# The service's totals for every search of the list, to be compared with the floor's.
python3 - "$BASE" "$QUERIES" > "$WORK/service-totals.tsv" <<'EOF'
import json, sys, urllib.request
base, queries = sys.argv[1], sys.argv[2]
for line in open(queries):
    shape, path = line.rstrip("\n").split("\t")
    if path.startswith("/api/v1/statements?") and "q=" in path:
        print(path + "\t" + str(json.load(urllib.request.urlopen(base + path))["total"]))
EOF

# Export: every statement streamed as NDJSON, timed, with the service's RSS sampled meanwhile.
EXPECTED=$(curl -fsS "$BASE/api/v1/statements?size=1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
RSS_BEFORE_EXPORT=$(rss_mib)
sample_rss 0.2 "$WORK/export-rss.txt"
t0=$(date +%s.%N)
curl -fsS "$BASE/api/v1/statements/export?format=ndjson" | wc -lc > "$WORK/export-count.txt"
EXPORT_S=$(echo "$(date +%s.%N) - $t0" | bc)
stop_sampler
read -r EXPORT_LINES EXPORT_BYTES < "$WORK/export-count.txt"
EXPORT_RSS_MAX=$(max_of "$WORK/export-rss.txt" 1); EXPORT_ANON_MAX=$(max_of "$WORK/export-rss.txt" 2)
check "export streamed $EXPORT_LINES statements of $EXPECTED" [ "$EXPORT_LINES" -eq "$EXPECTED" ]

# --- Mixed read/write: runs bench/mixed.lua when it exists ---------------------------------------------------------
# It writes, so it runs last against the service (and leaves $DATA changed: delete it to start again from the
# generated data). wrk gets the script with PATHS (every read request of the list, one a line), GEN (the generated
# data's directory: statement-ids.txt, speaker-ids.txt, statements.ndjson) and AUTHORIZATION (a Basic header value
# for a user with the editor and admin roles) in its environment.
MIXED=
if [ -f bench/mixed.lua ]; then
  MIXED=mixed
  cut -f2 "$QUERIES" | grep -v '^/q/' > "$WORK/mixed.txt"
  export GEN AUTHORIZATION="Basic $(printf 'bench:%s' "$PASSWORD" | base64 -w0)"
  for c in 1 4; do scenario mixed "$c" "$DURATION" bench/mixed.lua; done
  unset AUTHORIZATION
fi
# -------------------------------------------------------------------------------------------------------------------
SEGMENTS=$(find "$DATA/index" -name '*.si' | wc -l)

# Rebuilds of the search index from the database, each timed by the service itself (its lastRebuild): the admin
# endpoint's, which replaces every document of an index that keeps answering; then a lost index's, rebuilt at start
# (the index directory deleted while the service is stopped), which adds them to an empty one.
last_rebuild() {  # prints "statements seconds" once the latest rebuild has finished, nothing before
  curl -fsS -u "bench:$PASSWORD" "$BASE/api/v1/admin/search-index" | python3 -c '
import datetime, json, sys
r = json.load(sys.stdin).get("lastRebuild") or {}
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
if "finishedAt" in r: print(r["indexed"], (t(r["finishedAt"]) - t(r["startedAt"])).total_seconds())'
}
wait_rebuilt() {  # a failed rebuild never finishes (one at start is tried again every 30 s): give up after an hour
  local waited=0
  until [ -n "$(last_rebuild)" ]; do
    [ $(( waited++ )) -lt 3600 ] || { echo "FAIL: no rebuild finished within an hour; see $WORK/service.log" >&2; return 1; }
    sleep 1
  done
  last_rebuild
}
curl -fsS -u "bench:$PASSWORD" -X POST "$BASE/api/v1/admin/search-index/rebuild" > /dev/null
REBUILT=$(wait_rebuilt)
read -r REBUILD_N REBUILD_S <<< "$REBUILT"
stop
rm -rf "$DATA/index"
start
REBUILT=$(wait_rebuilt)
read -r LOST_N LOST_S <<< "$REBUILT"
LOST_READY_S=$STARTED_S
stop

# The floor: the same searches on plain Lucene, in-process, now that the service no longer competes for the CPU.
java -Xmx1g -jar bench/floor/target/floor.jar --data "$GEN/statements.ndjson" --queries "$QUERIES" \
  --index "$FLOOR_INDEX" --warmup "$WARMUP" --duration "$DURATION" --out "$WORK/floor.tsv" \
  --totals "$WORK/floor-totals.tsv" --index-out "$WORK/floor-index.tsv" | tee "$WORK/floor.txt"
rm -rf "$FLOOR_INDEX"
floor_index() { awk -F'\t' -v k="$1" '$1 == k {print $2}' "$WORK/floor-index.tsv"; }
DIFFERENT=$(awk -F'\t' 'NR == FNR {floor[$1] = $2; next} !($1 in floor) || floor[$1] != $2 {n++} END {print n + 0}' \
  "$WORK/floor-totals.tsv" "$WORK/service-totals.tsv")
check "the floor finds as many statements as the service for $(( $(wc -l < "$WORK/service-totals.tsv") - DIFFERENT ))\
 of $(wc -l < "$WORK/service-totals.tsv") searches" [ "$DIFFERENT" -eq 0 ]

{
  echo "# Verbatim benchmark"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1)."
  echo "$STATEMENTS statements, embedded H2 + Lucene, wrk ${DURATION}s per scenario after ${WARMUP}s of warm-up, 1 thread."
  echo
  if [ -n "${IMPORT_S:-}" ]; then
    echo "- Import through the API ($(wc -l < "$GEN/statements.ndjson") NDJSON lines): ${IMPORT_S}s, $(echo "$(wc -l < "$GEN/statements.ndjson") / $IMPORT_S" | bc) lines/s; $(grep -o '"created":[0-9]*,"merged":[0-9]*,"unchanged":[0-9]*,"failed":[0-9]*' "$WORK/import.json")"
    echo "- Searchable (index caught up) ${INDEXED_S}s after the import started; service RSS at most ${IMPORT_RSS_MAX} MiB meanwhile (its own memory, without mapped files: at most ${IMPORT_ANON_MAX} MiB)"
    echo "- Database file: ${FILE_IMPORTED} MiB when the index had caught up, ${FILE_SETTLED} MiB once it settled"
  fi
  echo "- Start with everything stored and indexed, launch to ready: ${READY_S}s"
  echo
  echo "| scenario | clients | requests/s | p50 | p99 | requests/s vs trivial |"
  echo "|---|---|---|---|---|---|"
  for c in 1 4; do
    for s in "${SHAPES[@]}" $MIXED; do
      echo "| ${LABEL[$s]} | $c | ${RPS[$s-$c]} | ${P50[$s-$c]} | ${P99[$s-$c]} | $(printf '%.3f' "$(echo "scale=3; ${RPS[$s-$c]} / ${RPS[trivial-$c]}" | bc)") |"
    done
  done
  [ -n "$MIXED" ] || echo "| mixed read/write | | not run: bench/mixed.lua is absent | | | |"
  echo
  echo "RSS of the service: ${RSS_START} MiB after start, ${RSS_AFTER} MiB after the scenarios."
  echo
  echo "## Export"
  echo
  echo "\`GET /api/v1/statements/export?format=ndjson\`, every statement, after the scenarios: $EXPORT_LINES statements," \
    "$(( EXPORT_BYTES / 1048576 )) MiB in ${EXPORT_S}s: $(echo "$EXPORT_LINES / $EXPORT_S" | bc) statements/s," \
    "$(echo "scale=1; $EXPORT_BYTES / 1048576 / $EXPORT_S" | bc) MiB/s; service RSS ${RSS_BEFORE_EXPORT} MiB before," \
    "at most ${EXPORT_RSS_MAX} MiB during it (without mapped files: ${EXPORT_ANON_MAX} MiB). Trivial endpoint in the same run: ${RPS[trivial-1]} requests/s at 1 client."
  echo
  echo "## Rebuilding the search index"
  echo
  echo "- \`POST /api/v1/admin/search-index/rebuild\` (every document replaced; the index answers meanwhile): $REBUILD_N" \
    "statements in ${REBUILD_S}s, $(echo "$REBUILD_N / $REBUILD_S" | bc) statements/s"
  echo "- A lost index (directory deleted, service started): ready in ${LOST_READY_S}s, rebuilt in the background:" \
    "$LOST_N statements in ${LOST_S}s, $(echo "$LOST_N / $LOST_S" | bc) statements/s"
  echo
  echo "## Search: the service against the floor"
  echo
  echo "The floor runs the same search requests in-process on plain Lucene $(sed -n 's|.*<lucene.version>\(.*\)</lucene.version>.*|\1|p' bench/floor/pom.xml),"
  echo "one thread, ${WARMUP}s of warm-up then ${DURATION}s per shape, with the service stopped (bench/floor). It indexed"
  echo "$(floor_index statements) statements in $(floor_index seconds)s ($(floor_index statements_per_s) statements/s, one thread; index: $(floor_index index_mib) MiB,"
  echo "segments: $(floor_index segments)). Segments in the service's index: $SEGMENTS (the facets' cost grows with them)."
  echo
  python3 bench/compare.py <(for c in 1 4; do for s in trivial one two phrase filtered facets; do
    printf '%s\t%s\t%s\t%s\t%s\n' "$s" "$c" "${RPS[$s-$c]}" "${P50[$s-$c]}" "${P99[$s-$c]}"; done; done) "$WORK/floor.tsv"
} | tee "$OUT"
[ "$FAILED" -eq 0 ] || { echo "FAIL: see above; $OUT holds the figures all the same" >&2; exit 1; }
