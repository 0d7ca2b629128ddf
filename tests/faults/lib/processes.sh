# The stack's processes: crash one as a fault would, wait until it is gone, start it again with
# `./hub up`, and restart a service stuck without its consumer as its operator would.
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
    *) crashed_pid=$(pid_of "$RUN_DIR/$1.pid" "$(service_dll "$1")") ;;
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

# A service whose ready check reports a queue of its without a consumer at the broker (RabbitMQ.Client
# 7.2's connection-shutdown deadlock after a broker kill: docs/reliability.md) is restarted, as its
# operator would, added to $restarted, and said so loudly. A queue left without a consumer unreported
# still fails the waits.
restart_services_without_consumers() {
  local name lost pid
  for name in "${SERVICES[@]}"; do
    lost=$(ready "$name" 2>/dev/null | jq -r '.checks["broker-consumers"] | select(.status == "Unhealthy") | .description' 2>/dev/null)
    [ -n "$lost" ] || continue
    echo "RESTART $name: its ready check says $lost"
    pid=$(pid_of "$RUN_DIR/$name.pid" "$(service_dll "$name")") && kill "$pid" 2>/dev/null && { wait_gone "$pid" 30 || kill -9 "$pid"; }
    hub_up || echo "up did not start $name again"
    restarted="${restarted:+$restarted, }$name"
  done
}
