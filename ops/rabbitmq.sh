# RabbitMQ as a local Erlang node on 127.0.0.1:$AMQP_PORT, with its own epmd on $EPMD_PORT,
# so neither a system RabbitMQ nor another ModelHub instance is disturbed.
# shellcheck shell=bash

RABBIT_USER=modelhub
RABBIT_SBIN=/usr/lib/rabbitmq/bin

rabbit_env() {
  local dir="$STATE_DIR/rabbitmq"
  export HOME="$dir" \
    RABBITMQ_NODENAME="modelhub-$INSTANCE@localhost" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$AMQP_PORT" \
    RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_PID_FILE="$dir/rabbitmq.pid" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    ERL_EPMD_PORT="$EPMD_PORT" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

rabbit_url() {
  printf 'amqp://%s:%s@127.0.0.1:%s/' "$RABBIT_USER" "$(secret rabbitmq)" "$AMQP_PORT"
}

write_rabbit_config() {
  local dir="$STATE_DIR/rabbitmq" with_management=$1
  mkdir -p "$dir/log" "$dir/mnesia"
  : > "$dir/rabbitmq-env.conf"
  # default_user is created on the node's first boot only, with full rights on "/".
  (umask 077 && cat > "$dir/rabbitmq.conf" <<CONF
default_user = $RABBIT_USER
default_pass = $(secret rabbitmq)
loopback_users = none
log.file.level = warning
# A snapshot job holds its message while it runs (README: Downloads): 24 h instead of the default 30 min.
consumer_timeout = 86400000
CONF
  )
  if [ "$with_management" = yes ]; then
    printf 'management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\n' "$RABBIT_MGMT_PORT" >> "$dir/rabbitmq.conf"
    printf '[rabbitmq_management].\n' > "$dir/enabled_plugins"
  else
    printf '[].\n' > "$dir/enabled_plugins"
  fi
}

start_rabbitmq() {
  local with_management=${1:-no} dir="$STATE_DIR/rabbitmq" pid
  if pid=$(pid_of "$dir/rabbitmq.pid" beam); then
    say "   rabbitmq already running on 127.0.0.1:$AMQP_PORT (pid $pid)"
    return
  fi
  require_port_free "$AMQP_PORT" rabbitmq
  # A node that stopped or died on its own leaves our epmd running: the new node registers with it.
  local epmd_running=no
  pid_of "$RUN_DIR/epmd.pid" epmd >/dev/null && epmd_running=yes
  [ "$epmd_running" = yes ] || require_port_free "$EPMD_PORT" epmd
  write_rabbit_config "$with_management"
  (
    rabbit_env
    if [ "$epmd_running" = no ]; then
      # Our own epmd, started by us so that `down` can stop it by its pid.
      nohup epmd -address 127.0.0.1 -port "$EPMD_PORT" > "$LOG_DIR/epmd.log" 2>&1 &
      echo $! > "$RUN_DIR/epmd.pid"
      wait_for_port "$EPMD_PORT" 10 || die "epmd did not start (log: $LOG_DIR/epmd.log)"
    fi
    "$RABBIT_SBIN/rabbitmq-server" -detached > "$LOG_DIR/rabbitmq-start.log" 2>&1
    # `timeout` too: a rabbitmqctl that cannot reach its epmd waits for ever, whatever its own --timeout says.
    timeout 120 "$RABBIT_SBIN/rabbitmqctl" -q wait --timeout 90 "$RABBITMQ_PID_FILE" > "$LOG_DIR/rabbitmq-wait.log" 2>&1 \
      || { tail -n 30 "$dir"/log/*.log >&2 2>/dev/null; die "RabbitMQ did not start (logs: $dir/log)"; }
  ) || exit 1
  say "   rabbitmq on 127.0.0.1:$AMQP_PORT$([ "$with_management" = yes ] && printf ' (management UI on http://127.0.0.1:%s)' "$RABBIT_MGMT_PORT")"
}

stop_rabbitmq() {
  local dir="$STATE_DIR/rabbitmq" pid
  if pid=$(pid_of "$dir/rabbitmq.pid" beam); then
    (rabbit_env && timeout 60 "$RABBIT_SBIN/rabbitmqctl" -q stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1) \
      || stop_pid "$dir/rabbitmq.pid" beam rabbitmq
    say "   stopped rabbitmq (pid $pid)"
  fi
  rm -f "$dir/rabbitmq.pid"
  # rabbitmqctl stop leaves epmd behind; it is ours, so it goes too.
  stop_pid "$RUN_DIR/epmd.pid" epmd epmd
}

status_rabbitmq() {
  local pid
  if pid=$(pid_of "$STATE_DIR/rabbitmq/rabbitmq.pid" beam); then
    printf '%-18s %-8s 127.0.0.1:%-6s pid %s\n' rabbitmq running "$AMQP_PORT" "$pid"
    [ -f "$STATE_DIR/rabbitmq/enabled_plugins" ] && grep -q management "$STATE_DIR/rabbitmq/enabled_plugins" \
      && printf '%-18s %-8s http://127.0.0.1:%s\n' '  management UI' '' "$RABBIT_MGMT_PORT"
  else
    printf '%-18s %-8s 127.0.0.1:%s\n' rabbitmq stopped "$AMQP_PORT"
  fi
  if pid=$(pid_of "$RUN_DIR/epmd.pid" epmd); then
    printf '%-18s %-8s 127.0.0.1:%-6s pid %s\n' epmd running "$EPMD_PORT" "$pid"
  fi
}

# A rabbitmqctl that reaches this instance's node, for tests that stop and start the broker.
write_rabbitmqctl_wrapper() {
  local wrapper="$RUN_DIR/rabbitmqctl"
  (
    rabbit_env
    {
      printf '#!/usr/bin/env bash\n'
      local name
      for name in HOME RABBITMQ_NODENAME RABBITMQ_PID_FILE RABBITMQ_CONF_ENV_FILE ERL_EPMD_ADDRESS ERL_EPMD_PORT \
        RABBITMQ_MNESIA_BASE RABBITMQ_LOG_BASE RABBITMQ_CONFIG_FILE RABBITMQ_ENABLED_PLUGINS_FILE; do
        printf 'export %s=%q\n' "$name" "${!name}"
      done
      printf 'exec %q "$@"\n' "$RABBIT_SBIN/rabbitmqctl"
    } > "$wrapper"
  )
  chmod 700 "$wrapper"
  printf '%s' "$wrapper"
}
