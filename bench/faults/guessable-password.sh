#!/usr/bin/env bash
# A deployment with a guessable password does not start. Starts the packaged service (prod profile, fresh data
# directory) with a user whose password is a demo password, then with one whose password is its name: each run must
# exit non-zero, name the user in its refusal, and never answer on its port. A run with a strong password must become
# ready. Prints PASS/FAIL lines; non-zero exit on any FAIL.
#
#   bench/faults/guessable-password.sh    # builds the default jar unless SKIP_BUILD=1; PORT (18124)
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-18124}
APP=${APP:-target/quarkus-app}
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q package -DskipTests
CP="$APP/app/*:$APP/lib/main/*"
WORK=$(mktemp -d /tmp/guessable-password-XXXXXX)
PID=
cleanup() { [ -z "$PID" ] || kill "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
FAILED=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; FAILED=1; }

# run NAME PASSWORD: starts the service with that one user; sets EXIT (the exit code, or "ready") and LOG.
run() {
  local user=$1 password=$2
  LOG="$WORK/$user.log"
  rm -rf "$WORK/data"
  env "VERBATIM_SECURITY_USERS_${user^^}_PASSWORD_HASH=$(java -cp "$CP" org.verbatim.security.Passwords "$password")" \
    "VERBATIM_SECURITY_USERS_${user^^}_ROLES=editor" VERBATIM_DATA_DIR="$WORK/data" QUARKUS_HTTP_PORT="$PORT" \
    java -jar "$APP/quarkus-run.jar" > "$LOG" 2>&1 &
  PID=$!
  EXIT=
  for _ in $(seq 1 600); do
    if ! kill -0 "$PID" 2>/dev/null; then
      wait "$PID" && EXIT=0 || EXIT=$?
      break
    fi
    if curl -fs "http://localhost:$PORT/q/health/ready" > /dev/null 2>&1; then
      EXIT=ready
      break
    fi
    sleep 0.1
  done
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=
}

for user_password in "alice admin-demo" "bob bob"; do
  read -r user password <<< "$user_password"
  run "$user" "$password"
  if [ "$EXIT" != ready ] && [ "$EXIT" != 0 ] && grep -q "Refusing to start: user '$user' has a default or guessable password" "$LOG"; then
    pass "user '$user' with password '$password': the service refuses to start (exit $EXIT)"
  else
    fail "user '$user' with password '$password': expected a refusal, got '$EXIT'; see below"
    tail -20 "$LOG"
  fi
done

run carol "strong-$RANDOM-$RANDOM-password"
if [ "$EXIT" = ready ]; then
  pass "user 'carol' with a strong password: the service starts"
else
  fail "user 'carol' with a strong password: expected the service to start, got '$EXIT'"
  tail -20 "$LOG"
fi
exit $FAILED
