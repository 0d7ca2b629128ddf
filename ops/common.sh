# Shared helpers for ./hub: configuration, logging, pid files, secrets.
# shellcheck shell=bash

say()  { printf '%s\n' "$*"; }
step() { printf '==> %s\n' "$*"; }
warn() { printf 'hub: %s\n' "$*" >&2; }
die()  { printf 'hub: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# configure_instance STATE_DIR PORT_BASE NAME
# Sets the globals every component uses. `up` and `test` are two instances with their own
# folders and ports, so the tests never touch a running stack.
configure_instance() {
  STATE_DIR=$1
  local base=$2
  INSTANCE=$3
  PORT_BASE_OF_INSTANCE=$base
  PG_PORT=$((base + 32))
  EPMD_PORT=$((base + 69))
  RABBIT_DIST_PORT=$((base + 70))
  AMQP_PORT=$((base + 72))
  RABBIT_MGMT_PORT=$((base + 73))
  REDIS_PORT=$((base + 79))
  API_PORT=$((base + 80))
  SYNC_PORT=$((base + 81))
  DOWNLOAD_PORT=$((base + 82))
  SCAN_PORT=$((base + 83))
  NGINX_PORT=$((base + 85))
  SIMULATOR_PORT=$((base + 90))
  SIMULATOR_BRIDGE_PORT=$((base + 91))
  RUN_DIR="$STATE_DIR/run"
  LOG_DIR="$STATE_DIR/logs"
  SECRETS_DIR="$STATE_DIR/secrets"
}

prepare_state_dir() {
  mkdir -p "$STATE_DIR" "$RUN_DIR" "$LOG_DIR" "$SECRETS_DIR"
  chmod 700 "$SECRETS_DIR"
}

# secret NAME: a random password made on first use and kept (mode 600) in the state folder.
secret() {
  local file="$SECRETS_DIR/$1"
  if [ ! -s "$file" ]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$file")
  fi
  cat "$file"
}

# pid_of PIDFILE PATTERN: prints the pid when that process is alive and its command line
# matches PATTERN, so a recycled pid never makes us signal a stranger.
pid_of() {
  local file=$1 pattern=$2 pid
  [ -s "$file" ] || return 1
  pid=$(tr -d '[:space:]' < "$file")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$pattern" || return 1
  printf '%s' "$pid"
}

# stop_pid PIDFILE PATTERN LABEL: TERM, wait up to 20 s, then KILL.
stop_pid() {
  local file=$1 pattern=$2 label=$3 pid i
  if pid=$(pid_of "$file" "$pattern"); then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
      [ -d "/proc/$pid" ] || break
      sleep 0.2
    done
    if [ -d "/proc/$pid" ]; then
      warn "$label did not stop in 20 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      # Until it is gone: the next `up` finds its ports taken while it is still dying.
      for i in $(seq 1 50); do
        [ -d "/proc/$pid" ] || break
        sleep 0.1
      done
    fi
    say "   stopped $label (pid $pid)"
  fi
  rm -f "$file"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for_port PORT SECONDS
wait_for_port() {
  local i
  for i in $(seq 1 $(($2 * 5))); do
    port_open "$1" && return 0
    sleep 0.2
  done
  return 1
}

require_port_free() {
  if port_open "$1"; then
    die "port $1 ($2) is already in use by another program. Set MODELHUB_PORT_BASE to move ModelHub's ports."
  fi
}
