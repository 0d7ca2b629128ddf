# The services run under supervisord (Debian's `supervisor`), one per instance, started by the first service `up`
# starts: a service that crashes, or stops itself because the broker lost its consumer (Messaging:ExitWhenConsumerLostFor,
# a minute under ./hub up), is started again at once, as compose restarts a container. Its configuration, socket and
# pid live in the state folder, one program file per service instance (mode 600: the connection strings hold
# passwords); `down` stops the services and then the supervisor.
# shellcheck shell=bash

supervisor_conf() { printf '%s' "$STATE_DIR/supervisord.conf"; }
supervisor_programs() { printf '%s' "$RUN_DIR/programs"; }
supervisor_log() { printf '%s' "$LOG_DIR/supervisord.log"; }
supervisor_pid() { pid_of "$RUN_DIR/supervisord.pid" supervisord; }
supervisor_ctl() { supervisorctl -c "$(supervisor_conf)" "$@"; }

# supervisord reads its files with Python's %-interpolation: a literal % is written %%.
conf_value() { printf '%s' "${1//%/%%}"; }

# ensure_supervisor: this instance's supervisord, started when it does not run. It inherits this shell's environment,
# so what the user exported (OTEL_*, HF_TOKEN, Upstream__…) reaches every service it starts, restarts included.
ensure_supervisor() {
  supervisor_pid >/dev/null && return 0
  mkdir -p "$(supervisor_programs)"
  write_supervisor_conf
  # A new supervisor starts a new count of restarts; the last one's log stays beside it.
  [ -f "$(supervisor_log)" ] && mv "$(supervisor_log)" "$(supervisor_log).1"
  supervisord -c "$(supervisor_conf)" || die "supervisord did not start (log: $(supervisor_log))"
  local _
  for _ in $(seq 1 100); do
    supervisor_ctl pid >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "supervisord does not answer on $RUN_DIR/supervisor.sock (log: $(supervisor_log))"
}

write_supervisor_conf() {
  (
    umask 077
    cat > "$(supervisor_conf)" <<EOF
; Written by ./hub up for this data folder; rewritten when the supervisor starts.
[unix_http_server]
file=$(conf_value "$RUN_DIR/supervisor.sock")
chmod=0700

[supervisord]
logfile=$(conf_value "$(supervisor_log)")
logfile_maxbytes=10MB
logfile_backups=2
pidfile=$(conf_value "$RUN_DIR/supervisord.pid")
directory=$(conf_value "$STATE_DIR")
childlogdir=$(conf_value "$LOG_DIR")
identifier=modelhub-$INSTANCE

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$(conf_value "$RUN_DIR/supervisor.sock")

[include]
files=$(conf_value "$(supervisor_programs)")/*.conf
EOF
  )
}

# write_program NAME ENV...: the service instance's program file. autorestart: whatever way it ends (a crash, or
# exit 0 after it stopped itself), it is started again; one that cannot stay up 5 s three times in a row is left
# FATAL, for its log to be read. TERM, then KILL after 20 s, to the whole process group.
write_program() {
  local svc=$1 pair environment=""
  shift
  for pair in "$@"; do
    [[ $pair == *\"* || $pair == *$'\n'* ]] && die "the setting ${pair%%=*} holds a quote or a newline, which supervisord cannot pass on"
    environment+="${environment:+,}${pair%%=*}=\"$(conf_value "${pair#*=}")\""
  done
  (
    umask 077
    cat > "$(supervisor_programs)/$svc.conf" <<EOF
[program:$svc]
command=$(conf_value "$(command -v dotnet)") $(service_dll "$svc")
directory=$(conf_value "$STATE_DIR/app/$(service_kind "$svc")")
environment=$environment
autostart=true
autorestart=true
startsecs=5
startretries=3
stopsignal=TERM
stopwaitsecs=20
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile=$(conf_value "$LOG_DIR/$svc.log")
stdout_logfile_maxbytes=50MB
stdout_logfile_backups=2
EOF
  )
}

# supervise NAME ENV...: the instance (re)written and started: a program the supervisor knew is removed first, so
# that `update` adds it again with the new file and starts it, without waiting for it here.
supervise() {
  local svc=$1
  shift
  ensure_supervisor
  supervisor_ctl stop "$svc" >/dev/null 2>&1
  supervisor_ctl remove "$svc" >/dev/null 2>&1
  write_program "$svc" "$@"
  supervisor_ctl update "$svc" >/dev/null || die "supervisord did not take $svc (log: $(supervisor_log))"
}

# service_pid NAME: the running instance's pid, or a failure.
service_pid() {
  local pid
  supervisor_pid >/dev/null || return 1
  pid=$(supervisor_ctl pid "$1" 2>/dev/null)
  [[ $pid =~ ^[1-9][0-9]*$ ]] && [ -d "/proc/$pid" ] && printf '%s' "$pid"
}

# service_state NAME: supervisord's word for it (STARTING, RUNNING, BACKOFF, STOPPED, EXITED, FATAL), or STOPPED.
service_state() {
  local state=""
  supervisor_pid >/dev/null && state=$(supervisor_ctl status "$1" 2>/dev/null | awk 'NR == 1 { print $2 }')
  printf '%s' "${state:-STOPPED}"
}

# service_restarts NAME: how often this supervisor started the instance after its first start.
service_restarts() {
  local spawned
  spawned=$(grep -c "spawned: '$1' with pid" "$(supervisor_log)" 2>/dev/null)
  printf '%s' $(( ${spawned:-0} > 1 ? ${spawned:-0} - 1 : 0 ))
}

# stop_supervised: every service, then the supervisor (each service TERM, then KILL after 20 s).
stop_supervised() {
  local pid line _
  pid=$(supervisor_pid) || return 0
  while read -r line; do
    say "   stopped ${line%%:*}"
  done < <(supervisor_ctl stop all 2>&1 | grep ': stopped$')
  supervisor_ctl shutdown >/dev/null 2>&1
  for _ in $(seq 1 100); do
    [ -d "/proc/$pid" ] || break
    sleep 0.2
  done
  [ -d "/proc/$pid" ] && { warn "supervisord did not stop in 20 s; killing it"; kill -KILL "$pid" 2>/dev/null; }
  rm -f "$RUN_DIR/supervisord.pid"
}
