#!/usr/bin/env bash
# Smoke test of ./hub itself: `up` on a fresh data folder brings up a working stack, a second
# `up` is harmless, a killed service comes back by itself (its supervisor), and `down` leaves no
# process and no open port behind.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
data=$(mktemp -d "${TMPDIR:-/tmp}/modelhub-smoke.XXXXXX")
export MODELHUB_PORT_BASE=${MODELHUB_SMOKE_PORT_BASE:-27400}
api="http://127.0.0.1:$((MODELHUB_PORT_BASE + 80))"
ports=(32 69 72 73 79 80 81 82 83 104 105 106 107)
# shellcheck source-path=SCRIPTDIR source=../checks.sh
source "$repo/tests/checks.sh"

port_closed() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
all_ports_closed() {
  local offset
  for offset in "${ports[@]}"; do port_closed $((MODELHUB_PORT_BASE + offset)) || { echo "port $((MODELHUB_PORT_BASE + offset)) still open"; return 1; }; done
}
# Every pid ./hub recorded or shows (the supervisor, the services, redis, rabbitmq, postgres) must be gone.
recorded_pids() {
  cat "$data"/run/*.pid "$data"/redis/redis.pid "$data"/rabbitmq/rabbitmq.pid 2>/dev/null
  "$repo/hub" status --data-dir "$data" | sed -n 's/.* pid \([0-9]*\).*/\1/p'
  postgres_pid "$data"
}
# services_running N: N service instances say running (the status, and the supervisor's log, shown when not).
services_running() {
  local status
  status=$("$repo/hub" status --data-dir "$data")
  [ "$(grep -Ec '^(api|sync|download|scan)(-[0-9]+)? +running' <<< "$status")" -eq "$1" ] && return 0
  printf '%s\n' "$status"
  tail -n 20 "$data/logs/supervisord.log"
  return 1
}
service_line() { "$repo/hub" status --data-dir "$data" | grep -E "^$1 "; }
service_pid() { service_line "$1" | sed -n 's/.* pid \([0-9]*\),.*/\1/p'; }
# back_by_itself NAME OLD_PID: within a minute, running again under another pid, ready, one restart counted.
back_by_itself() {
  local _ line
  for _ in $(seq 1 120); do
    line=$(service_line "$1")
    [[ $line == *" running "* && $line != *"pid $2,"* && $line == *"restarts 1" ]] && return 0
    sleep 0.5
  done
  echo "hub status: $line"
  return 1
}
no_recorded_process_alive() {
  local pid
  for pid in $1; do
    if [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; then
      echo "pid $pid still running: $(tr '\0' ' ' < "/proc/$pid/cmdline")"; return 1
    fi
  done
}
http_status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

up_log=$(mktemp)
check "up starts the stack" bash -c "'$repo/hub' up --data-dir '$data' > '$up_log' 2>&1"
masked_keys "$up_log"
key=$(admin_key "$up_log")
check "up prints an admin key once, and keeps only its hash" bash -c "[[ '$key' == mh_* ]] && ! grep -rqF '$key' '$data'"
check "a change without the key is refused" \
  test "$(http_status -X POST "$api/v1/hub/register" -H 'Content-Type: application/json' -d '{"repo_id":"smoke/test-model"}')" = 401
check "the API registers a repository with the key" \
  test "$(http_status -X POST "$api/v1/hub/register" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"repo_id":"smoke/test-model"}')" = 201
check "the API lists it" bash -c "curl -fsS '$api/v1/hub/models' | grep -q smoke/test-model"
check "every service is ready" services_running 4
# A line per SQL statement would cost CPU on every file a snapshot stores and drown the logs.
check "no service logs each database command" bash -c "! grep -q '\"Category\":\"Npgsql.Command\"' '$data'/logs/*.log"
# Its memory goal depends on it: the download path is plain SQL, and nothing it loads may pull EF Core in.
check "the DownloadService has loaded no EF Core" bash -c "! grep -q EntityFrameworkCore /proc/$(service_pid download)/maps"
check "a second up is harmless, makes no second key, and adds instances" \
  bash -c "'$repo/hub' up --workers 2 --api 2 --data-dir '$data' > '$up_log' 2>&1 && ! grep -q 'Admin API key' '$up_log'"
masked_keys "$up_log"
check "two instances of the Api and of every worker run" services_running 8
check "the second Api answers on base+100" test "$(http_status "http://127.0.0.1:$((MODELHUB_PORT_BASE + 100))/v1/hub/models/smoke/test-model")" = 200
check "./hub key makes a reader key" bash -c "'$repo/hub' key --role reader --name smoke --data-dir '$data' | grep -q 'New reader key .*: mh_'"
check "the repository is still there" test "$(http_status "$api/v1/hub/models/smoke/test-model")" = 200
killed=$(service_pid download)
kill -9 "$killed"
check "a killed service is started again by its supervisor, and status counts the restart" back_by_itself download "$killed"
pids=$(recorded_pids | tr '\n' ' ')
check "down stops everything" "$repo/hub" down --data-dir "$data"
check "no process is left behind" no_recorded_process_alive "$pids"
check "no port is left open" all_ports_closed

remove_data_dir "$data"
rm -f "$up_log"
printf 'smoke: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
