# PostgreSQL as a local process on 127.0.0.1:$PG_PORT, data under the state folder.
# shellcheck shell=bash

PG_USER=modelhub

# PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must be
# able to reach its data folder. A state folder below a private home (e.g. /root, mode 700)
# is out of its reach: then its files live under /var/tmp, in a folder named after ours.
postgres_root() {
  local pointer="$STATE_DIR/postgres.location"
  if [ -s "$pointer" ]; then
    cat "$pointer"
    return
  fi
  local dir="$STATE_DIR/postgres"
  if is_root; then
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir" 2>/dev/null; then
      rmdir "$dir" 2>/dev/null || true
      dir="/var/tmp/modelhub-$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-16)/postgres"
      mkdir -p "$dir"
      chown postgres:postgres "$dir" "$(dirname "$dir")"
      printf '%s' "$dir" > "$pointer"
    fi
  fi
  printf '%s' "$dir"
}

as_pg_owner() {
  if is_root; then
    # From /, which the postgres user can always enter (it may not enter the repository).
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

postgres_url() {
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s' "$PG_PORT" "${1:-modelhub}" "$PG_USER" "$(secret postgres)"
}

start_postgres() {
  local bin root data
  bin=$(postgres_bin_dir) || die "PostgreSQL's server programs were not found"
  root=$(postgres_root)
  data="$root/data"
  mkdir -p "$root"
  is_root && chown postgres:postgres "$root"

  if as_pg_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; then
    say "   postgres already running on 127.0.0.1:$PG_PORT"
    return
  fi
  require_port_free "$PG_PORT" postgres

  if [ ! -s "$data/PG_VERSION" ]; then
    local pwfile="$root/.initdb-password"
    (umask 077 && secret postgres > "$pwfile")
    is_root && chown postgres:postgres "$pwfile"
    as_pg_owner "$bin/initdb" -D "$data" -U "$PG_USER" --pwfile="$pwfile" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >"$LOG_DIR/initdb.log" 2>&1 \
      || { rm -f "$pwfile"; cat "$LOG_DIR/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
  fi

  # No Unix socket: every client comes over TCP on loopback, so nothing is written to /var/run.
  as_pg_owner "$bin/pg_ctl" start -w -t 60 -D "$data" -l "$root/postgres.log" \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=${MODELHUB_PG_FSYNC:-on}" >/dev/null \
    || { tail -n 20 "$root/postgres.log" >&2; die "PostgreSQL did not start (log: $root/postgres.log)"; }
  say "   postgres on 127.0.0.1:$PG_PORT"
}

stop_postgres() {
  local bin root
  bin=$(postgres_bin_dir) || return 0
  root=$(postgres_root)
  [ -d "$root/data" ] || return 0
  if as_pg_owner "$bin/pg_ctl" status -D "$root/data" >/dev/null 2>&1; then
    as_pg_owner "$bin/pg_ctl" stop -D "$root/data" -m fast -w -t 60 >/dev/null
    say "   stopped postgres"
  fi
}

status_postgres() {
  local bin root pid
  bin=$(postgres_bin_dir) || { printf '%-18s %-8s\n' postgres 'not installed'; return; }
  root=$(postgres_root)
  if as_pg_owner "$bin/pg_ctl" status -D "$root/data" >/dev/null 2>&1; then
    pid=$(head -n 1 "$root/data/postmaster.pid" 2>/dev/null)
    printf '%-18s %-8s 127.0.0.1:%-6s pid %s\n' postgres running "$PG_PORT" "$pid"
  else
    printf '%-18s %-8s 127.0.0.1:%s\n' postgres stopped "$PG_PORT"
  fi
}

# Removes the instance's PostgreSQL files (the test instance starts from nothing each run).
remove_postgres_files() {
  local root
  root=$(postgres_root)
  rm -rf "$root"
  [ -s "$STATE_DIR/postgres.location" ] && rmdir "$(dirname "$root")" 2>/dev/null
  rm -f "$STATE_DIR/postgres.location"
}
