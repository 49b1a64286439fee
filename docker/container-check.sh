#!/usr/bin/env bash
# Container check: builds docker/Dockerfile.jvm for the H2 and the PostgreSQL build, runs each image as a user
# would and checks that it becomes ready, writes and reads records with credentials, keeps them when the
# container is replaced, and does not run as root. Prints image size, time to ready and memory use.
#
# Needs root (rootful podman), the container tools in shared/ beside the repository, and PostgreSQL on
# 127.0.0.1:5432 with user postgres and trust authentication (as .ci/run sets up).
# Removes what it made (containers, volumes, images, the database, build output) on success and on failure,
# and touches no container, volume, image or port it did not make.
#
#   docker/container-check.sh
#   env: CONTAINER_TOOLS  the folder of setup.sh and make-base-image.sh (default: ../shared/tools/container
#                         beside the repository)
#        KEEP_BASE_IMAGE=1  keep the stand-in base image when this script made it (faster next run)
set -euo pipefail

started_at=$(date +%s%N)
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

TOOLS=${CONTAINER_TOOLS:-$REPO/../shared/tools/container}
for tool in setup.sh make-base-image.sh containers.conf; do
  if [[ ! -f $TOOLS/$tool ]]; then
    echo "container-check: $TOOLS/$tool not found; the container tools are expected in shared/tools/container" \
         "beside the repository (or set CONTAINER_TOOLS)" >&2
    exit 2
  fi
done
TOOLS=$(cd "$TOOLS" && pwd)
# Required on these machines: runc instead of crun, and ulimits within the VM's hard limits.
export CONTAINERS_CONF=$TOOLS/containers.conf

PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
export PGHOST PGPORT PGUSER
if ! pg_isready -q; then
  echo "container-check: PostgreSQL does not accept connections on $PGHOST:$PGPORT (.ci/run starts it)" >&2
  exit 2
fi

RID=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
PREFIX=verbatim-check-$RID
IMAGE_H2=localhost/$PREFIX:h2
IMAGE_PG=localhost/$PREFIX:postgresql
DATABASE=verbatim_container_$RID
BASE_IMAGE=docker.io/library/eclipse-temurin:17-jre
PG_BUILD_DIR=container-postgresql   # under target/, so that target/quarkus-app keeps the default build
WORK=$(mktemp -d "/tmp/$PREFIX.XXXXXX")
USER_NAME=checker
PASSWORD=check-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
MEMORY=1g

CONTAINERS=() VOLUMES=() IMAGES=() BASE_MADE=0 DATABASE_MADE=0
SUMMARY=()

say() { printf '== %s\n' "$*"; }
fail() { echo "container-check: FAILED: $*" >&2; exit 1; }
now() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.0f MiB", b / 1048576 }'; }

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [[ $rc != 0 ]]; then
    for c in "${CONTAINERS[@]}"; do
      if podman container exists "$c"; then echo "--- last log lines of $c"; podman logs --tail 40 "$c" 2>&1; fi
    done
  fi
  say "Cleaning up"
  for c in "${CONTAINERS[@]}"; do podman rm -f -v -t 5 "$c" >/dev/null 2>&1; done
  for v in "${VOLUMES[@]}"; do podman volume rm -f "$v" >/dev/null 2>&1; done
  for i in "${IMAGES[@]}"; do podman rmi -f "$i" >/dev/null 2>&1; done
  if [[ $BASE_MADE == 1 && ${KEEP_BASE_IMAGE:-0} != 1 ]]; then
    podman rmi -f "$BASE_IMAGE" localhost/debian-jre17:bookworm >/dev/null 2>&1
  fi
  if [[ $DATABASE_MADE == 1 ]]; then
    psql -v ON_ERROR_STOP=1 -q -d postgres -c "drop database if exists $DATABASE with (force)" \
      || echo "container-check: could not drop database $DATABASE" >&2
  fi
  rm -rf "$REPO/target/$PG_BUILD_DIR"
  # The stand-in's root file system is built with /proc, /sys and /dev mounted into it: never descend into mounts.
  if findmnt -rn -o TARGET | grep -q "^$WORK/"; then
    echo "container-check: left $WORK in place, something is still mounted below it" >&2
  else
    rm -rf --one-file-system "$WORK"
  fi
  echo "container-check: total time $(seconds_since "$started_at") s"
  if [[ $rc == 0 ]]; then echo "container-check: passed"; else echo "container-check: FAILED (exit $rc)" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ))
    if ! ss -Htan "( sport = :$port )" | grep -q .; then echo "$port"; return; fi
  done
  fail "no free port found"
}

# run_container NAME IMAGE [podman run options...]: starts it and waits until /q/health/ready answers.
# The health check stays in the image but podman's timer for it is off (no systemd here); it is run by hand.
# podman still complains about systemd on stderr, which is shown only when the run fails.
run_container() {
  local name=$1 image=$2 port=$3; shift 3
  CONTAINERS+=("$name")
  local t0; t0=$(now)
  if ! podman run -d --name "$name" --health-interval=disable "$@" "$image" >/dev/null 2>"$WORK/run.err"; then
    cat "$WORK/run.err" >&2
    fail "podman run $name"
  fi
  for _ in $(seq 1 360); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; then
      READY_SECONDS=$(seconds_since "$t0")
      echo "$name ready $READY_SECONDS s after podman run"
      return
    fi
    [[ $(podman inspect -f '{{.State.Status}}' "$name") == running ]] || fail "$name stopped before it was ready"
    sleep 0.5
  done
  fail "$name not ready after 180 s"
}

# request METHOD URL [curl options...]: sets STATUS, BODY (file) and LOCATION.
request() {
  local method=$1 url=$2; shift 2
  STATUS=$(curl -sS -X "$method" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$@" "$url")
  BODY=$WORK/body
  LOCATION=$(grep -i '^location:' "$WORK/headers" | tr -d '\r' | awk '{print $2}' || true)
}

expect() {  # expect STATUS what
  [[ $STATUS == "$1" ]] || fail "$2: HTTP $STATUS instead of $1: $(head -c 600 "$BODY")"
}

# create_records BASE_URL: a speaker, an event and a statement, as an editor; sets STATEMENT_ID and TEXT.
create_records() {
  local api=$1/api/v1 auth=(-u "$USER_NAME:$PASSWORD") json=(-H 'Content-Type: application/json')
  # shellcheck disable=SC1111  # curly quotes on purpose: the text must come back byte for byte
  TEXT="“Records outlive their container.” [check $RID, $2]"

  request POST "$api/speakers" "${json[@]}" --data-binary '{"name": "Container Check '"$RID"'", "kind": "PERSON"}'
  expect 401 "writing without credentials is refused"
  request POST "$api/speakers" -u "$USER_NAME:wrong-$PASSWORD" "${json[@]}" \
    --data-binary '{"name": "Container Check '"$RID"'", "kind": "PERSON"}'
  expect 401 "a wrong password is refused"

  request POST "$api/speakers" "${auth[@]}" "${json[@]}" --data-binary '{
    "name": "Container Check '"$RID"'", "kind": "PERSON", "title": "Release engineer", "country": "NL"}'
  expect 201 "create a speaker"
  local speaker=${LOCATION##*/}
  request POST "$api/events" "${auth[@]}" "${json[@]}" --data-binary '{
    "name": "Container check '"$RID"'", "kind": "MEETING", "startDate": "2025-06-24",
    "location": {"city": "Antalya", "country": "TR"}, "participantIds": ["'"$speaker"'"]}'
  expect 201 "create an event"
  local event=${LOCATION##*/}
  request POST "$api/statements" "${auth[@]}" "${json[@]}" --data-binary '{
    "text": "'"$TEXT"'", "kind": "QUOTE", "speakerId": "'"$speaker"'", "statedOn": "2025-06-24",
    "eventId": "'"$event"'", "language": "en", "topics": ["containers"],
    "sources": [{"publisher": "Verbatim", "url": "https://example.org/container-check", "publishedOn": "2025-06-24"}]}'
  expect 201 "create a statement"
  STATEMENT_ID=${LOCATION##*/}
  [[ -n $STATEMENT_ID ]] || fail "no Location header on the created statement"
  echo "created speaker $speaker, event $event, statement $STATEMENT_ID"
}

# read_back BASE_URL: the statement is there, with its text unchanged, and the search index finds it.
read_back() {
  request GET "$1/api/v1/statements/$STATEMENT_ID"
  expect 200 "read the statement back"
  grep -qF "\"text\":\"$TEXT\"" "$BODY" || fail "the statement's text changed: $(head -c 600 "$BODY")"
  request GET "$1/api/v1/statements?topic=containers"
  expect 200 "list statements by topic"
  grep -qF "$STATEMENT_ID" "$BODY" || fail "the statement is not listed by its topic"
  # The index (in the data directory) follows commits shortly after, not within the request.
  for _ in $(seq 1 40); do
    request GET "$1/api/v1/statements?q=outlive+container"
    expect 200 "full-text search"
    grep -qF "$STATEMENT_ID" "$BODY" && break
    sleep 0.5
  done
  grep -qF "$STATEMENT_ID" "$BODY" || fail "full-text search does not find the statement"
  echo "read back statement $STATEMENT_ID, also through full-text search"
}

statement_total() {
  request GET "$1/api/v1/statements?size=1"
  expect 200 "list statements"
  grep -o '"total":[0-9]*' "$BODY" | cut -d: -f2
}

# check_running NAME PORT LABEL: non-root, read-only code, health check, probes, heap size and memory use.
check_running() {
  local name=$1 port=$2 label=$3
  local uid pid1_uid
  uid=$(podman exec "$name" id -u)
  pid1_uid=$(podman exec "$name" awk '/^Uid:/ { print $2 }' /proc/1/status)
  [[ $uid != 0 && $pid1_uid != 0 ]] || fail "$name runs as root (id -u $uid, PID 1 uid $pid1_uid)"
  [[ $(podman exec "$name" cat /proc/1/comm) == java ]] || fail "PID 1 of $name is not java"
  if podman exec "$name" sh -c 'test -w /deployments/quarkus-run.jar || test -w /deployments/lib'; then
    fail "the service can change its own code"
  fi
  echo "$name runs as uid $pid1_uid (java is PID 1) and cannot change its code"

  podman healthcheck run "$name" >/dev/null 2>&1 || fail "the image's HEALTHCHECK does not report healthy"
  if podman exec -e QUARKUS_HTTP_PORT=1 "$name" bash /deployments/healthcheck.sh 2>/dev/null; then
    fail "the health check script reports healthy when nothing answers"
  fi
  for probe in live ready started; do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/$probe" || fail "/q/health/$probe does not answer 200"
  done
  echo "HEALTHCHECK healthy; /q/health/live, /ready, /started answer 200"

  local heap limit
  heap=$(podman exec "$name" java -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "MaxHeapSize" { print $4 }')
  limit=$(podman inspect -f '{{.HostConfig.Memory}}' "$name")
  # Half the limit (Dockerfile.jvm): the rest is the JVM's own memory and native buffers.
  awk -v h="$heap" -v l="$limit" 'BEGIN { exit !(l > 0 && h / l > 0.45 && h / l < 0.55) }' \
    || fail "the heap ($heap) is not half the memory limit ($limit)"
  echo "max heap $(mib "$heap") of a $(mib "$limit") memory limit"
  # The class-data archive recorded when the image was built: mapped only when it matches the image's JVM and jars.
  podman exec "$name" grep -q /deployments/app-cds.jsa /proc/1/maps \
    || fail "the service does not use the image's class-data archive (/deployments/app-cds.jsa)"
  echo "the service maps the image's class-data archive"

  local rss stats
  rss=$(podman exec "$name" awk '/^VmRSS:/ { print $2 * 1024 }' /proc/1/status)
  stats=$(podman stats --no-stream --format '{{.MemUsage}}' "$name" 2>/dev/null || echo n/a)
  echo "memory after the smoke requests: java RSS $(mib "$rss"); podman stats $stats"
  SUMMARY+=("$label: RSS $(mib "$rss") (podman stats: $stats)")
}

stop_container() {
  local name=$1 t0 code
  t0=$(now)
  if ! podman stop -t 30 "$name" >/dev/null 2>"$WORK/stop.err"; then
    cat "$WORK/stop.err" >&2
    fail "podman stop $name"
  fi
  code=$(podman inspect -f '{{.State.ExitCode}}' "$name")
  echo "$name stopped in $(seconds_since "$t0") s, exit code $code"
  [[ $code == 0 || $code == 143 ]] || fail "$name did not stop cleanly on SIGTERM (exit code $code)"
}

image_size() {
  local size base
  size=$(podman image inspect -f '{{.Size}}' "$1")
  base=$(podman image inspect -f '{{.Size}}' "$BASE_IMAGE")
  echo "$(mib "$size") ($(mib $((size - base))) on top of the base image)"
}

# ---------------------------------------------------------------------------------------------------------------
say "Podman and the base image"
bash "$TOOLS/setup.sh"
if podman image exists "$BASE_IMAGE"; then
  echo "using the existing $BASE_IMAGE: $(podman image inspect -f '{{index .Labels "org.opencontainers.image.description"}}' "$BASE_IMAGE")"
else
  BASE_MADE=1
  t0=$(now)
  WORK=$WORK/base-image bash "$TOOLS/make-base-image.sh" docker/Dockerfile.jvm
  echo "base image made in $(seconds_since "$t0") s"
fi

# Both Maven builds first, the PostgreSQL one into its own folder: target/quarkus-app keeps the default (H2)
# build whatever happens below.
say "Maven: PostgreSQL build into target/$PG_BUILD_DIR"
t0=$(now)
./mvnw -B -q package -DskipTests -Ppostgresql -Dquarkus.package.output-directory=$PG_BUILD_DIR
mkdir -p "$WORK/context-postgresql/target" "$WORK/context-postgresql/docker"
cp -a "target/$PG_BUILD_DIR" "$WORK/context-postgresql/target/quarkus-app"
cp docker/healthcheck.sh "$WORK/context-postgresql/docker/"
cp .dockerignore "$WORK/context-postgresql/"
say "Maven: H2 build (the default) into target/quarkus-app"
./mvnw -B -q package -DskipTests
echo "both builds in $(seconds_since "$t0") s"

HASH=$(java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' org.verbatim.security.Passwords "$PASSWORD")
USERS=(-e "VERBATIM_SECURITY_USERS_${USER_NAME^^}_PASSWORD_HASH=$HASH" -e "VERBATIM_SECURITY_USERS_${USER_NAME^^}_ROLES=editor,admin")

say "Images"
t0=$(now)
IMAGES+=("$IMAGE_H2")
podman build -q --pull=never --format docker -f docker/Dockerfile.jvm -t "$IMAGE_H2" . >/dev/null
IMAGES+=("$IMAGE_PG")
podman build -q --pull=never --format docker -f docker/Dockerfile.jvm -t "$IMAGE_PG" "$WORK/context-postgresql" >/dev/null
echo "both images built in $(seconds_since "$t0") s"
echo "image $IMAGE_H2: $(image_size "$IMAGE_H2")"
echo "image $IMAGE_PG: $(image_size "$IMAGE_PG")"
SUMMARY+=("image size (H2 build): $(image_size "$IMAGE_H2")")

# ---------------------------------------------------------------------------------------------------------------
# The root file system is read-only, as in the Kubernetes manifest: only the volume (and /tmp) can be written.
say "H2 build: a fresh named volume, bridge network"
VOLUME_H2=$PREFIX-h2-data
VOLUMES+=("$VOLUME_H2")
podman volume create "$VOLUME_H2" >/dev/null
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
H2_RUN=(-p "127.0.0.1:$PORT:8080" -v "$VOLUME_H2:/deployments/data" --read-only --memory "$MEMORY" "${USERS[@]}")
run_container "$PREFIX-h2-1" "$IMAGE_H2" "$PORT" "${H2_RUN[@]}"
SUMMARY+=("H2, first start (migrations, demo data): ready $READY_SECONDS s after podman run")
create_records "$BASE" h2
read_back "$BASE"
TOTAL=$(statement_total "$BASE")
check_running "$PREFIX-h2-1" "$PORT" "H2"
podman exec "$PREFIX-h2-1" test -f /deployments/data/verbatim.mv.db || fail "no H2 database in the volume"
podman exec "$PREFIX-h2-1" test -d /deployments/data/index || fail "no search index in the volume"
stop_container "$PREFIX-h2-1"

say "H2 build: a new container on the same volume"
run_container "$PREFIX-h2-2" "$IMAGE_H2" "$PORT" "${H2_RUN[@]}"
SUMMARY+=("H2, start on existing data: ready $READY_SECONDS s after podman run")
read_back "$BASE"
[[ $(statement_total "$BASE") == "$TOTAL" ]] || fail "the statement count changed across the restart"
echo "data survived the new container ($TOTAL statements)"
stop_container "$PREFIX-h2-2"

# ---------------------------------------------------------------------------------------------------------------
# The host's PostgreSQL listens on 127.0.0.1, which the bridge network cannot reach: host network, own port.
say "PostgreSQL build: database $DATABASE on $PGHOST:$PGPORT, host network"
psql -v ON_ERROR_STOP=1 -q -d postgres -c "create database $DATABASE"
DATABASE_MADE=1
VOLUME_PG=$PREFIX-pg-data
VOLUMES+=("$VOLUME_PG")
podman volume create "$VOLUME_PG" >/dev/null
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
PG_RUN=(--network=host -e "QUARKUS_HTTP_PORT=$PORT" -e QUARKUS_HTTP_HOST=127.0.0.1
        -e "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DATABASE"
        -e "QUARKUS_DATASOURCE_USERNAME=$PGUSER" -e VERBATIM_DEMO_DATA_ENABLED=false
        -v "$VOLUME_PG:/deployments/data" --read-only --memory "$MEMORY" "${USERS[@]}")
run_container "$PREFIX-pg-1" "$IMAGE_PG" "$PORT" "${PG_RUN[@]}"
SUMMARY+=("PostgreSQL, first start (migrations): ready $READY_SECONDS s after podman run")
create_records "$BASE" postgresql
read_back "$BASE"
stored=$(printf "select count(*) from statement where text = :'text';\n" \
  | psql -v ON_ERROR_STOP=1 -tA -d "$DATABASE" -v text="$TEXT")
[[ $stored == 1 ]] || fail "the statement is not in PostgreSQL database $DATABASE"
echo "the statement is stored in PostgreSQL"
check_running "$PREFIX-pg-1" "$PORT" "PostgreSQL"
stop_container "$PREFIX-pg-1"

say "PostgreSQL build: a new container"
run_container "$PREFIX-pg-2" "$IMAGE_PG" "$PORT" "${PG_RUN[@]}"
SUMMARY+=("PostgreSQL, start on existing data: ready $READY_SECONDS s after podman run")
read_back "$BASE"
stop_container "$PREFIX-pg-2"

say "Summary"
printf '  %s\n' "${SUMMARY[@]}"
