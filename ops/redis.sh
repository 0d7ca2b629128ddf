# Redis as a local process on 127.0.0.1:$REDIS_PORT, password-protected, no persistence:
# it holds only what ModelHub can rebuild (cache, locks, live progress).
# shellcheck shell=bash

redis_url() {
  printf '127.0.0.1:%s,password=%s' "$REDIS_PORT" "$(secret redis)"
}

start_redis() {
  local dir="$STATE_DIR/redis" pid
  if pid=$(pid_of "$dir/redis.pid" redis-server); then
    say "   redis already running on 127.0.0.1:$REDIS_PORT (pid $pid)"
    return
  fi
  require_port_free "$REDIS_PORT" redis
  mkdir -p "$dir"
  # The password goes in a private config file, not on the command line where ps shows it.
  (umask 077 && cat > "$dir/redis.conf" <<CONF
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $dir/redis.pid
logfile $LOG_DIR/redis.log
dir $dir
save ""
appendonly no
requirepass $(secret redis)
CONF
  )
  redis-server "$dir/redis.conf" || die "Redis did not start (log: $LOG_DIR/redis.log)"
  wait_for_port "$REDIS_PORT" 20 || die "Redis did not open port $REDIS_PORT (log: $LOG_DIR/redis.log)"
  say "   redis on 127.0.0.1:$REDIS_PORT"
}

stop_redis() {
  stop_pid "$STATE_DIR/redis/redis.pid" redis-server redis
}

status_redis() {
  local pid
  if pid=$(pid_of "$STATE_DIR/redis/redis.pid" redis-server); then
    printf '%-18s %-8s 127.0.0.1:%-6s pid %s\n' redis running "$REDIS_PORT" "$pid"
  else
    printf '%-18s %-8s 127.0.0.1:%s\n' redis stopped "$REDIS_PORT"
  fi
}
