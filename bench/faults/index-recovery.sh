#!/usr/bin/env bash
# Fault drill: the embedded search index is lost while the service is stopped. Against the packaged jar (H2), on a
# fresh data directory with a few thousand statements imported through the API, for each kind of damage (index
# directory removed; files truncated; garbage written over the segment files; half the files deleted) it checks
# that the service
#   - starts at once (ready while the rebuild has not finished), with a WARN saying what it found,
#   - answers searches with 503, a problem document and Retry-After while the index is rebuilt, and CRUD as usual,
#   - shows the rebuild's progress in the log (counts and percentage) and in /q/metrics,
#   - ends with as many statements in the index as in the database, found by their words, including one written
#     during the rebuild.
# 5,000 statements are rebuilt in about a second, too fast to watch: the drill sets VERBATIM_SEARCH_REBUILD_HOLD_FILE,
# so the rebuild waits after its first batch (2,000 statements) until the drill deletes that file.
#
#   bench/faults/index-recovery.sh                  # builds the jar first if target/quarkus-app has none
#   STATEMENTS=10000 PORT=18102 bench/faults/index-recovery.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

STATEMENTS=${STATEMENTS:-5000}
PORT=${PORT:-18102}
START_LIMIT=${START_LIMIT:-60}   # seconds from launch to ready (about 10 on an idle machine)
APP=${APP:-target/quarkus-app}
BASE=http://127.0.0.1:$PORT
API=$BASE/api/v1

[ -f "$APP/quarkus-run.jar" ] || ./mvnw -B -q package -DskipTests
WORK=$(mktemp -d /tmp/index-recovery.XXXXXX)
DATA=$WORK/data
HOLD=$WORK/hold-rebuild
PID=
stop() { [ -z "$PID" ] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=; }; }
cleanup() { stop; rm -rf "$WORK"; }
trap cleanup EXIT

CP="$APP/app/*:$APP/lib/main/*"
PASSWORD="drill-$RANDOM-$RANDOM-password"
export VERBATIM_SECURITY_USERS_DRILL_PASSWORD_HASH="$(java -cp "$CP" org.verbatim.security.Passwords "$PASSWORD")"
export VERBATIM_SECURITY_USERS_DRILL_ROLES=editor,admin
export VERBATIM_DEMO_DATA_ENABLED=false VERBATIM_DATA_DIR="$DATA" QUARKUS_HTTP_PORT=$PORT
export VERBATIM_SEARCH_REBUILD_HOLD_FILE="$HOLD"
AUTH=(-u "drill:$PASSWORD")

FAILED=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; FAILED=$((FAILED + 1)); }
expect() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

start() {  # $1: log file; sets STARTED_S, seconds from launch to ready
  local t0; t0=$(date +%s.%N)
  java -Xmx512m -jar "$APP/quarkus-run.jar" > "$1" 2>&1 &
  PID=$!
  until curl -fs "$BASE/q/health/ready" > /dev/null 2>&1; do
    if ! kill -0 "$PID" 2> /dev/null; then PID=; STARTED_S=never; return 1; fi
    if (( $(echo "$(date +%s.%N) - $t0 > $START_LIMIT + 60" | bc) )); then STARTED_S=never; return 1; fi
    sleep 0.1
  done
  STARTED_S=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
}
field() {  # JSON on stdin, a Python expression over it as d
  python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}
metric() { curl -fs "$BASE/q/metrics" | awk -v name="$1" '$1 == name {print int($2)}'; }
live_count() { curl -fs "$API/statements?size=1" | field 'd["total"]'; }
status() { curl -fs "${AUTH[@]}" "$API/admin/search-index"; }
create_statement() {  # $1: a word to find it by; prints its id
  local speaker event
  speaker=$(curl -fs "${AUTH[@]}" -H 'Content-Type: application/json' "$API/speakers" \
    -d "{\"name\": \"Drill Speaker $1\", \"kind\": \"PERSON\"}" | field 'd["id"]')
  event=$(curl -fs "${AUTH[@]}" -H 'Content-Type: application/json' "$API/events" \
    -d "{\"name\": \"Drill $1\", \"kind\": \"INTERVIEW\", \"startDate\": \"2025-05-12\"}" | field 'd["id"]')
  curl -fs "${AUTH[@]}" -H 'Content-Type: application/json' "$API/statements" -d "{\"text\": \"Said during the drill: $1\",
    \"kind\": \"QUOTE\", \"speakerId\": \"$speaker\", \"statedOn\": \"2025-05-12\", \"eventId\": \"$event\",
    \"sources\": [{\"publisher\": \"Drill Wire\"}]}" | field 'd["id"]'
}
finds() {  # $1: query, $2: id; whether a search for the query lists the statement
  curl -fs -G "$API/statements" --data-urlencode "q=$1" --data-urlencode size=100 \
    | field "'$2' in [item['id'] for item in d['items']]" | grep -qx True
}

# --- A data directory with an intact index ----------------------------------------------------------------------
python3 bench/generate.py --statements "$STATEMENTS" --out "$WORK/generated" > /dev/null
start "$WORK/service-load.log" || { echo "FAIL the service did not start; see $WORK/service-load.log"; exit 1; }
t0=$(date +%s.%N)
curl -fsS "${AUTH[@]}" -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/generated/statements.ndjson" \
  "$API/imports" > "$WORK/import.json"
until [ "$(status | field 'd["pending"]')" = 0 ]; do sleep 0.5; done
echo "Imported and indexed $(field 'd["created"]' < "$WORK/import.json") statements in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s"

# Searches to repeat after each recovery: four words of a statement's text as a phrase, which finds that statement.
: > "$WORK/samples"
while read -r line; do
  read -r id phrase < <(echo "$line" | field 'd["id"] + " \"" + " ".join(d["text"].rstrip(".").split()[2:6]) + "\""')
  curl -fs -o /dev/null "$API/statements/$id" && finds "$phrase" "$id" && echo "$id $phrase" >> "$WORK/samples"
done < <(awk 'NR % 997 == 1' "$WORK/generated/statements.ndjson")
SAMPLES=$(wc -l < "$WORK/samples")
[ "$SAMPLES" -ge 3 ] || { echo "FAIL only $SAMPLES sample searches find their statement on the intact index"; exit 1; }
stop

# --- Each kind of damage ------------------------------------------------------------------------------------------
damage() {
  local index=$DATA/index/statements
  case $1 in
    missing) rm -rf "$DATA/index" ;;
    truncated) for f in "$index"/*; do truncate -s $(( $(stat -c %s "$f") / 2 )) "$f"; done ;;
    garbage) for f in "$index"/_*; do head -c 4096 /dev/urandom | dd of="$f" conv=notrunc status=none; done ;;
    half-deleted) ls "$index" | grep -v write.lock | sort | head -n "$(( $(ls "$index" | wc -l) / 2 ))" \
                    | while read -r f; do rm "$index/$f"; done ;;
  esac
}

for kind in missing truncated garbage half-deleted; do
  damage "$kind"
  touch "$HOLD"
  log=$WORK/service-$kind.log
  if ! start "$log"; then
    fail "$kind: the service did not become ready within $((START_LIMIT + 60)) s with the rebuild held"
    tail -20 "$log"; stop; continue
  fi
  expect "$kind: ready in $STARTED_S s (limit $START_LIMIT s) while the rebuild is held" \
    test "$(echo "$STARTED_S <= $START_LIMIT" | bc)" = 1
  warn=$(grep -m1 -E 'WARN .*search index (is unusable|is missing|was unusable)' "$log" | sed 's/.*WARN *//' | cut -c1-150 || true)
  expect "$kind: WARN logged: ${warn:-none}" test -n "$warn"
  for _ in $(seq 1 100); do grep -q 'The rebuild waits' "$log" && break; sleep 0.1; done
  progress=$(grep -m1 -oE 'Rebuilding the search index: [0-9]+ of [0-9]+ statements \([0-9]+ %\)' "$log" || true)
  expect "$kind: progress logged: ${progress:-none}" test -n "$progress"

  database=$(live_count)
  indexed=$(metric verbatim_search_rebuild_indexed_statements)
  target=$(metric verbatim_search_rebuild_target_statements)
  expect "$kind: metrics while held: running=$(metric verbatim_search_rebuild_running) available=$(metric verbatim_search_available) indexed=$indexed target=$target (database $database)" \
    test "$(metric verbatim_search_rebuild_running)/$(metric verbatim_search_available)/$target" = "1/0/$database" -a "${indexed:-0}" -gt 0
  ready=$(curl -fs "$BASE/q/health/ready" | field '[c["data"] for c in d["checks"] if c["name"] == "search-index"][0]')
  expect "$kind: readiness UP with search-index $ready" grep -q "'state': 'rebuilding'" <<< "$ready"

  headers=$(curl -s -D - -o "$WORK/search.json" "$API/statements?q=ceasefire")
  code=$(head -1 <<< "$headers" | awk '{print $2}')
  retry=$(grep -i '^retry-after:' <<< "$headers" | tr -dc 0-9 || true)
  type=$(grep -i '^content-type:' <<< "$headers" | awk '{print $2}' | tr -d '\r;')
  problem=$(field 'd["type"]' < "$WORK/search.json" 2> /dev/null || true)
  expect "$kind: search answers $code, $type, Retry-After ${retry:-none} s, $problem: $(field 'd["detail"][:90]' < "$WORK/search.json" 2> /dev/null)" \
    test "$code/$type/$problem" = "503/application/problem+json/urn:verbatim:problem:search-unavailable" -a "${retry:-0}" -ge 1
  sample=$(head -1 "$WORK/samples" | cut -d' ' -f1)
  word="drill$kind$RANDOM" && word=${word//-/}
  written=$(create_statement "$word" || true)
  codes="$(curl -s -o /dev/null -w '%{http_code}' "$API/statements/$sample") $(curl -s -o /dev/null -w '%{http_code}' "$API/statements?size=5")"
  codes+=" $(curl -s -o /dev/null -w '%{http_code}' "$API/statements/$written")"
  expect "$kind: CRUD meanwhile: create ${written:-failed}, read, list, read new: $codes" \
    test -n "$written" -a "$codes" = "200 200 200"

  t0=$(date +%s.%N)
  rm -f "$HOLD"
  for _ in $(seq 1 600); do
    [ "$(status | field 'd["searchable"] and "finishedAt" in d["lastRebuild"]')" = True ] && break
    sleep 0.1
  done
  rebuilt_s=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
  documents=$(status | field 'd["documents"]')
  database=$(live_count)
  expect "$kind: rebuilt $rebuilt_s s after release; index holds $documents, database $database" \
    test "$documents" = "$database"
  found=0
  while read -r id phrase; do finds "$phrase" "$id" && found=$((found + 1)); done < "$WORK/samples"
  expect "$kind: $found of $SAMPLES sample searches find their statement" test "$found" = "$SAMPLES"
  expect "$kind: the statement written during the rebuild is found" finds "$word" "$written"
  expect "$kind: rebuild finished in the log and metrics (available=$(metric verbatim_search_available), running=$(metric verbatim_search_rebuild_running))" \
    test "$(grep -c 'Rebuilt the search index' "$log")/$(metric verbatim_search_available)/$(metric verbatim_search_rebuild_running)" = "1/1/0"
  stop
done

if [ "$FAILED" -gt 0 ]; then
  echo "FAIL index recovery: $FAILED checks failed"
  exit 1
fi
echo "PASS index recovery: every check passed"
