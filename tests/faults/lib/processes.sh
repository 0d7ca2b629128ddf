# The stack's processes: crash one as a fault would, wait until it is gone, start a server again with `./hub up`,
# and see which services their supervisor started again by itself.
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # data and up_log come from stack.sh; crashed_pid, open_at and restarted are for the script

# crash COMPONENT: stops it as a crash would and leaves its pid in $crashed_pid; fails when it does not run.
# PostgreSQL gets SIGQUIT, its immediate shutdown: sessions end at once, no checkpoint, crash recovery on
# start. Everything else gets kill -9, which for RabbitMQ means no goodbye to its clients: their
# unacknowledged messages go back to their queues.
crash() {
  local signal=KILL
  case $1 in
    postgres) crashed_pid=$(postgres_pid "$data"); signal=QUIT ;;
    rabbitmq) crashed_pid=$(pid_of "$STATE_DIR/rabbitmq/rabbitmq.pid" beam) ;;
    redis) crashed_pid=$(pid_of "$STATE_DIR/redis/redis.pid" redis-server) ;;
    *) crashed_pid=$(service_pid "$1") ;;
  esac
  [ -n "$crashed_pid" ] && kill -s "$signal" "$crashed_pid"
}

# wait_gone PID SECONDS: until the process has ended (0), or SECONDS pass (1).
wait_gone() {
  local _
  for _ in $(seq 1 $(($2 * 10))); do [ -d "/proc/$1" ] || return 0; sleep 0.1; done
  return 1
}

# up_restarts_one: `./hub up` again, which must find every component but the stopped one running:
# PostgreSQL, RabbitMQ, Redis, the simulator and the four services, eight in all.
up_restarts_one() { hub_up && [ "$(grep -c 'already running' "$up_log")" -eq 7 ]; }

# up_until_open PORT: up_restarts_one in the background; $open_at is when PORT opened, the status is up's.
up_until_open() {
  local up_pid
  up_restarts_one & up_pid=$!
  while ! port_open "$1" && kill -0 "$up_pid" 2>/dev/null; do sleep 0.1; done
  open_at=$(now)
  wait "$up_pid"
}

# services_restarted: "api 1, download 2": each service the supervisor started again since the stack came up (a
# crash, or a service that stopped itself when the broker had lost its consumer: docs/reliability.md); empty when none.
services_restarted() {
  local name count list=""
  for name in "${SERVICES[@]}"; do
    count=$(service_restarts "$name")
    [ "$count" -gt 0 ] && list="${list:+$list, }$name $count"
  done
  printf '%s' "$list"
}

# back_by_itself NAME OLD_PID SECONDS: the supervisor started the service again (another pid) and it is ready.
back_by_itself() {
  local name=$1 old=$2 pid _
  for _ in $(seq 1 $(($3 * 2))); do
    pid=$(service_pid "$name") && [ "$pid" != "$old" ] && curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$(service_port "$name")/health/ready" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}
