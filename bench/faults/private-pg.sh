# Sourced by the drills that need a PostgreSQL of their own (never the machine's server): a cluster in a directory
# of its own, its socket in that directory, listening on 127.0.0.1 at a port that is free. As root, PostgreSQL runs
# as user postgres.
#
#   private_pg_start DIR   initdb in DIR/cluster and start it; sets PG_PORT, PG_START and PG_STOP (shell commands that
#                          start it again and stop it with -m immediate). Tries PG_PORT (default 25432, below the
#                          kernel's range of outgoing ports) and the next ports if one cannot be bound; prints the
#                          server's log if it cannot start at all.
#   private_pg_stop        stops it if it runs (for an EXIT trap).

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_CLUSTER=

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

private_pg_start() {
  local dir=$1 first=${PG_PORT:-25432} port start
  [ -x "$PG_BIN/initdb" ] || { echo "FAIL no PostgreSQL server binaries (set PG_BIN)" >&2; return 1; }
  [ "$(id -u)" != 0 ] || chown postgres "$dir"
  PG_CLUSTER=$dir/cluster
  as_pg "$PG_BIN/initdb" -D "$PG_CLUSTER" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; echo "FAIL initdb" >&2; return 1; }
  for port in $(seq "$first" $((first + 9))); do
    # A port something else listens on (another PostgreSQL answers pg_isready; anything else refuses the bind).
    if pg_isready -q -h 127.0.0.1 -p "$port" 2>/dev/null || ss -Htln "sport = :$port" | grep -q .; then continue; fi
    start="$PG_BIN/pg_ctl -D $PG_CLUSTER -l $PG_CLUSTER/server.log -w -t 60"
    start="$start -o '-p $port -k $dir -c listen_addresses=127.0.0.1' start"
    [ "$(id -u)" != 0 ] || start="runuser -u postgres -- sh -c \"$start\""
    if sh -c "$start" >/dev/null 2>&1; then
      PG_PORT=$port
      PG_START=$start
      PG_STOP="$PG_BIN/pg_ctl -D $PG_CLUSTER -w stop -m immediate"
      [ "$(id -u)" != 0 ] || PG_STOP="runuser -u postgres -- $PG_STOP"
      return 0
    fi
    echo "private PostgreSQL did not start on port $port; its log:" >&2
    tail -20 "$PG_CLUSTER/server.log" >&2
  done
  echo "FAIL private PostgreSQL: no port from $first to $((first + 9)) worked" >&2
  return 1
}

private_pg_stop() {
  if [ -n "$PG_CLUSTER" ] && [ -f "$PG_CLUSTER/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_CLUSTER" stop -m immediate >/dev/null 2>&1 || true
  fi
}
