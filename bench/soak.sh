#!/usr/bin/env bash
# Soak: a sustained mixed read/write load (bench/mixed.lua) on the packaged service (embedded H2 + Lucene), at
# about 80% of the rate it can answer, sampled every 30 s. See bench/README.md, "Soak".
#
#   bench/soak.sh                                  # 10 minutes, on 10,000 imported statements
#   SOAK_DURATION=120 bench/soak.sh                # 2 minutes
#   SOAK_LOAD=90 SOAK_CONNECTIONS=16 SOAK_STATEMENTS=100000 bench/soak.sh
#
# FAILs when a request failed (an answer other than 200/201, or a socket error), when the p99 of the last interval
# is more than twice that of the first, or when the service's RSS or thread count grows steadily (see below).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${SOAK_DURATION:-600}
INTERVAL=${SOAK_INTERVAL:-30}
LOAD=${SOAK_LOAD:-80}
CONNECTIONS=${SOAK_CONNECTIONS:-8}
PROBE=${SOAK_PROBE:-20}
STATEMENTS=${SOAK_STATEMENTS:-10000}
PORT=${SOAK_PORT:-18114}
WORK=${SOAK_WORK:-/tmp/soak-verbatim}
APP=${APP:-target/quarkus-app}
BASE=http://127.0.0.1:$PORT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q package -DskipTests
mkdir -p "$WORK"
DATA=$WORK/data
GEN=$WORK/generated-$STATEMENTS

CP="$APP/app/*:$APP/lib/main/*"
PASSWORD="soak-$RANDOM-$RANDOM-password"
HASH=$(java -cp "$CP" org.verbatim.security.Passwords "$PASSWORD")
export VERBATIM_SECURITY_USERS_SOAK_PASSWORD_HASH="$HASH" VERBATIM_SECURITY_USERS_SOAK_ROLES=editor,admin
export VERBATIM_DEMO_DATA_ENABLED=false VERBATIM_DATA_DIR="$DATA" QUARKUS_HTTP_PORT=$PORT
PID=
cleanup() {
  [ -z "$PID" ] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; }
  [ -n "${SOAK_KEEP:-}" ] || rm -rf "$DATA"
}
trap cleanup EXIT

rm -rf "$DATA"
java -Xmx${SOAK_HEAP:-512m} -jar "$APP/quarkus-run.jar" > "$WORK/service.log" 2>&1 &
PID=$!
until curl -fs "$BASE/q/health/ready" >/dev/null 2>&1; do
  kill -0 "$PID" 2>/dev/null || { echo "FAIL soak: the service stopped; see $WORK/service.log" >&2; exit 1; }
  sleep 0.5
done

# Data: generated statements, imported through the API, and a speaker and an event for the writes.
[ -f "$GEN/statements.ndjson" ] || python3 bench/generate.py --statements "$STATEMENTS" --out "$GEN"
curl -fsS -u "soak:$PASSWORD" -H 'Content-Type: application/x-ndjson' --data-binary @"$GEN/statements.ndjson" \
  "$BASE/api/v1/imports" > "$WORK/import.json"
until curl -fs -u "soak:$PASSWORD" "$BASE/api/v1/admin/search-index" | grep -q '"pending":0'; do sleep 1; done
json_id() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
SPEAKER=$(curl -fsS -u "soak:$PASSWORD" -H 'Content-Type: application/json' "$BASE/api/v1/speakers" \
  -d '{"name": "Soak Speaker", "kind": "PERSON"}' | json_id)
EVENT=$(curl -fsS -u "soak:$PASSWORD" -H 'Content-Type: application/json' "$BASE/api/v1/events" \
  -d '{"name": "Soak briefing", "kind": "PRESS_BRIEFING", "startDate": "2025-05-12"}' | json_id)
head -500 "$GEN/speaker-ids.txt" > "$WORK/speakers.txt"
export MIX_IDS="$GEN/statement-ids.txt" MIX_SPEAKERS="$WORK/speakers.txt" MIX_SPEAKER_ID=$SPEAKER MIX_EVENT_ID=$EVENT
export MIX_AUTH=$(printf '%s' "soak:$PASSWORD" | base64 -w0) MIX_THREADS=1

run_wrk() {  # seconds, output file; MIX_RATE from the environment
  wrk -t1 -c"$CONNECTIONS" -d"$1s" --timeout 10s --latency -s bench/mixed.lua "$BASE" > "$2" 2>&1 || true
}
rps_of() { awk '/Requests\/sec/ {print $2}' "$1"; }

# The most the mix gets, unpaced, briefly.
MIX_RATE=0 run_wrk "$PROBE" "$WORK/probe.txt"
MAX=$(rps_of "$WORK/probe.txt")
TARGET=$(python3 -c "print(round($MAX * $LOAD / 100, 1))")
echo "maximum of the mix: $MAX requests/s ($CONNECTIONS connections, ${PROBE}s); holding $TARGET ($LOAD%)" \
  "for ${DURATION}s, sampled every ${INTERVAL}s"

# The soak: one wrk run per interval, the service sampled after each.
SAMPLES=$WORK/samples.tsv
: > "$SAMPLES"
t0=$(date +%s)
i=0
while [ $(( $(date +%s) - t0 )) -lt "$DURATION" ]; do
  i=$((i + 1))
  MIX_RATE=$TARGET run_wrk "$INTERVAL" "$WORK/interval-$i.txt"
  kill -0 "$PID" 2>/dev/null || { echo "FAIL soak: the service died; see $WORK/service.log"; exit 1; }
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
  threads=$(ls "/proc/$PID/task" | wc -l)
  db=$(stat -c %s "$DATA/verbatim.mv.db")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$(( $(date +%s) - t0 ))" "$WORK/interval-$i.txt" "$rss" "$threads" "$db" \
    >> "$SAMPLES"
done

python3 - "$SAMPLES" "$TARGET" <<'PY'
import re, sys

samples, target = sys.argv[1], float(sys.argv[2])

def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

rows = []
for line in open(samples):
    n, at, path, rss, threads, db = line.rstrip("\n").split("\t")
    out = open(path).read()
    statuses = {int(c): int(k) for c, k in re.findall(r"^status (\d+) (\d+)$", out, re.M)}
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    rows.append({
        "n": int(n), "at": int(at), "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "ok": sum(k for c, k in statuses.items() if c in (200, 201)),
        "writes": statuses.get(201, 0),
        "errors": sum(k for c, k in statuses.items() if c not in (200, 201)),
        "socket": sum(map(int, socket.groups())) if socket else 0,
        "rss": int(rss) // 1024, "threads": int(threads), "db": int(db) / 2**20,
    })

print()
print("| interval | at | requests/s | p50 | p99 | writes | errors | socket errors | RSS | threads | H2 file |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['n']} | {r['at']} s | {r['rps']:.1f} | {r['p50']:.1f} ms | {r['p99']:.1f} ms | {r['writes']} |"
          f" {r['errors']} | {r['socket']} | {r['rss']} MiB | {r['threads']} | {r['db']:.1f} MiB |")

def steady_growth(values, times):
    """Growth is steady when a straight line fits the samples after the first (warm-up) closely (r >= 0.9) and
    rises over them by the answer; a plateau, a saw-tooth or noise fits badly or rises little."""
    v, t = values[1:], times[1:]
    if len(v) < 3 or len(set(v)) == 1:
        return 0.0
    mt, mv = sum(t) / len(t), sum(v) / len(v)
    stt = sum((x - mt) ** 2 for x in t)
    svv = sum((y - mv) ** 2 for y in v)
    slope = sum((x - mt) * (y - mv) for x, y in zip(t, v)) / stt
    r = slope * (stt / svv) ** 0.5
    return slope * (t[-1] - t[0]) if r >= 0.9 else 0.0

failures = []
errors = sum(r["errors"] for r in rows)
socket = sum(r["socket"] for r in rows)
if errors or socket:
    failures.append(f"{errors} answers other than 200/201 and {socket} socket errors")
if rows[-1]["p99"] > 2 * rows[0]["p99"]:
    failures.append(f"p99 of the last interval {rows[-1]['p99']:.1f} ms, more than twice the first's"
                    f" {rows[0]['p99']:.1f} ms")
times = [r["at"] for r in rows]
rss_growth = steady_growth([r["rss"] for r in rows], times)
if rss_growth > max(64, 0.2 * rows[1 if len(rows) > 1 else 0]["rss"]):
    failures.append(f"RSS grew steadily by {rss_growth:.0f} MiB")
thread_growth = steady_growth([r["threads"] for r in rows], times)
if thread_growth >= 10:
    failures.append(f"the thread count grew steadily by {thread_growth:.0f}")
total = sum(r["ok"] + r["errors"] for r in rows)
print(f"\n{len(rows)} intervals, {total} requests ({sum(r['writes'] for r in rows)} writes) at {target} requests/s"
      f" targeted; RSS {rows[0]['rss']} -> {rows[-1]['rss']} MiB, threads {rows[0]['threads']} ->"
      f" {rows[-1]['threads']}, steady growth of RSS {rss_growth:.0f} MiB and threads {thread_growth:.0f}")
if failures:
    print("FAIL soak: " + "; ".join(failures))
    sys.exit(1)
print(f"PASS soak: no errors, p99 {rows[0]['p99']:.1f} -> {rows[-1]['p99']:.1f} ms, no steady growth")
PY
