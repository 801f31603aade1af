# Starts a throwaway PostgreSQL server on 127.0.0.1 for the tests and benchmarks; sourced by scripts/test.
# Installs Debian's postgresql package first if it is missing (apt-get, as root).
# After pg_start: PG_PORT, PG_DIR and OFFERWALL_TEST_POSTGRES are set; pg_stop stops it and deletes its folder.
# PG_SETTINGS, if set, adds server settings ("-c name=value ..."): scripts/bench sizes its buffers.
# PG_RELOADABLE_DURABILITY=1 writes fsync=off and full_page_writes=off into postgresql.conf instead of the command line, where
# ALTER SYSTEM could not override them: scripts/bench's durable phase switches them on with a reload and back.

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_install() {
  if [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ]; then return 0; fi
  echo "PostgreSQL is not installed: installing Debian's postgresql package..."
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "Installing PostgreSQL needs root (or sudo)." >&2; return 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  [ -x "$(pg_bin)/initdb" ] || { echo "PostgreSQL install failed." >&2; return 1; }
}

# Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses to run as root).
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

pg_start() {
  pg_install || return 1
  local bin; bin=$(pg_bin)
  PG_DIR=$(mktemp -d /tmp/offerwall-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
  PG_PORT=$(pg_free_port)
  pg_as_owner "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  # A throwaway server: durability off for speed; it is deleted after the run.
  local durability="-c fsync=off -c full_page_writes=off"
  if [ "${PG_RELOADABLE_DURABILITY:-}" = 1 ]; then
    printf '\n# scripts/postgres.sh (PG_RELOADABLE_DURABILITY=1): a throwaway server\nfsync = off\nfull_page_writes = off\n' >>"$PG_DIR/data/postgresql.conf"
    durability=""
  fi
  pg_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 $durability -c max_connections=300 ${PG_SETTINGS:-}" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  export PG_PORT PG_DIR
  export OFFERWALL_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') started on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as_owner "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}

# A streaming replica of the server pg_start started, for the read-replica tests: a base backup taken with
# pg_basebackup -R (which writes standby.signal and primary_conninfo), started as a hot standby on another port.
# PostgreSQL's defaults already allow it (wal_level=replica, max_wal_senders=10, and initdb's pg_hba trusts
# replication from 127.0.0.1). After pg_replica_start: PG_REPLICA_PORT, PG_REPLICA_DIR and OFFERWALL_TEST_POSTGRES_REPLICA.
pg_replica_start() {
  [ -n "${PG_DIR:-}" ] || { echo "pg_replica_start: start the primary first (pg_start)." >&2; return 1; }
  local bin; bin=$(pg_bin)
  PG_REPLICA_DIR="$PG_DIR/replica"
  PG_REPLICA_PORT=$(pg_free_port)
  pg_as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$PG_REPLICA_DIR" -R -X stream --no-sync \
    >"$PG_DIR/basebackup.log" 2>&1 || { cat "$PG_DIR/basebackup.log" >&2; return 1; }
  pg_as_owner "$bin/pg_ctl" -D "$PG_REPLICA_DIR" -l "$PG_DIR/replica.log" -w -t 60 \
    -o "-p $PG_REPLICA_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300 -c hot_standby=on ${PG_SETTINGS:-}" \
    start >/dev/null || { cat "$PG_DIR/replica.log" >&2; return 1; }
  export PG_REPLICA_PORT PG_REPLICA_DIR
  export OFFERWALL_TEST_POSTGRES_REPLICA="Host=127.0.0.1;Port=$PG_REPLICA_PORT;Username=postgres;Database=postgres"
  echo "PostgreSQL streaming replica started on 127.0.0.1:$PG_REPLICA_PORT ($PG_REPLICA_DIR)"
}

pg_replica_stop() {
  [ -n "${PG_REPLICA_DIR:-}" ] || return 0
  pg_as_owner "$(pg_bin)/pg_ctl" -D "$PG_REPLICA_DIR" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_REPLICA_DIR"
  PG_REPLICA_DIR=""
}
