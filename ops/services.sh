# The four ModelHub services: built once, published into the state folder, run under this instance's supervisor
# (ops/supervisor.sh).
# shellcheck shell=bash

SERVICES=(api sync download scan)

# A service's instances are named api, api-2, …, sync, sync-2, …: one kind, one set of binaries.
service_kind() { echo "${1%%-*}"; }

service_project() {
  case $(service_kind "$1") in
    api) echo Api ;;
    sync) echo SyncService ;;
    download) echo DownloadService ;;
    scan) echo ScanService ;;
  esac
}

# Extra instances listen on base + 100 + 4 × (n − 2) + the kind's offset (api 0, sync 1, download 2, scan 3).
service_port() {
  if [[ $1 == *-* ]]; then
    local n=${1##*-} offset
    case $(service_kind "$1") in api) offset=0 ;; sync) offset=1 ;; download) offset=2 ;; scan) offset=3 ;; esac
    echo $((PORT_BASE_OF_INSTANCE + 100 + 4 * (n - 2) + offset))
    return
  fi
  case $1 in
    api) echo "$API_PORT" ;;
    sync) echo "$SYNC_PORT" ;;
    download) echo "$DOWNLOAD_PORT" ;;
    scan) echo "$SCAN_PORT" ;;
  esac
}

service_dll() { echo "ModelHub.$(service_project "$1").dll"; }

# The instances `up` runs: one of each, or what --api N / --workers N asked for (kept in the state folder).
service_instances() {
  local api=1 workers=1 kind n
  [ -f "$STATE_DIR/instances" ] && read -r api workers < "$STATE_DIR/instances"
  for kind in "${SERVICES[@]}"; do
    local count=$workers
    [ "$kind" = api ] && count=$api
    echo "$kind"
    for ((n = 2; n <= count; n++)); do echo "$kind-$n"; done
  done
}

# record_instance_counts API WORKERS: what --api N / --workers N asked for, kept for the next `up`; an empty
# count keeps the one recorded before.
record_instance_counts() {
  local api=1 workers=1
  [ -f "$STATE_DIR/instances" ] && read -r api workers < "$STATE_DIR/instances"
  echo "${1:-$api} ${2:-$workers}" > "$STATE_DIR/instances"
}

# Every instance the supervisor was given, running or not (what `status` looks at).
recorded_instances() {
  local file
  for file in "$(supervisor_programs)"/*.conf; do
    [ -f "$file" ] || continue
    file=$(basename "$file" .conf)
    [[ $file =~ ^(api|sync|download|scan)(-[0-9]+)?$ ]] && echo "$file"
  done
}

# Publishing into the state folder keeps the running binaries apart from the work tree,
# so `dotnet build` or `dotnet test` in the repository never overwrites a running service.
# build_services [PROJECT...]: the solution, or only the projects given (the benchmarks need no test project).
build_services() {
  local svc project
  # Publishing over a running service's files would pull them from under it: while any service
  # runs, the published binaries stay as they are (`./hub down` first to run new code).
  for svc in $(recorded_instances); do
    if service_pid "$svc" >/dev/null; then
      say "   services are running: keeping their binaries (./hub down, then ./hub up, to run new code)"
      return
    fi
  done
  step "Building ModelHub (Release)"
  : > "$LOG_DIR/build.log"
  if [ $# -gt 0 ]; then
    build_projects "$LOG_DIR/build.log" "$@"
  else
    build_projects "$LOG_DIR/build.log" "$REPO_ROOT/ModelHub.sln"
  fi
  for svc in "${SERVICES[@]}"; do
    project=$(service_project "$svc")
    dotnet publish "$REPO_ROOT/src/$project/ModelHub.$project.csproj" -c Release --no-build -nologo -v quiet \
      -o "$STATE_DIR/app/$svc" >> "$LOG_DIR/build.log" 2>&1 \
      || { tail -n 40 "$LOG_DIR/build.log" >&2; die "publishing $project failed (log: $LOG_DIR/build.log)"; }
  done
}

# build_projects LOG PROJECT...: a Release build of each, errors only, the log kept.
build_projects() {
  local log=$1 project
  shift
  for project in "$@"; do
    dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly >> "$log" 2>&1 \
      || { tail -n 40 "$log" >&2; die "building $(basename "$project") failed (log: $log)"; }
  done
}

# prepare_store DIR: the model store the services share, with its three folders.
prepare_store() {
  STORE_DIR=$1
  mkdir -p "$STORE_DIR/blobs/sha256" "$STORE_DIR/metadata" "$STORE_DIR/temp"
}

# The environment every service gets; anything the user exported (OTEL_*, HF_TOKEN, Upstream__Endpoints__1__Token, ...)
# passes through. One upstream is HF_ENDPOINT, as ever; several (comma-separated) are Upstream:Endpoints in their order.
# A service whose queue has had no consumer at the broker for a minute stops, and its supervisor starts it again,
# unless Messaging__ExitWhenConsumerLostFor was exported.
service_env() {
  printf '%s\n' \
    "ConnectionStrings__Postgres=$(postgres_url modelhub)" \
    "ConnectionStrings__RabbitMq=$(rabbit_url)" \
    "ConnectionStrings__Redis=$(redis_url)" \
    "Storage__Root=$STORE_DIR"
  [ -n "${Messaging__ExitWhenConsumerLostFor:-}" ] || printf '%s\n' "Messaging__ExitWhenConsumerLostFor=00:01:00"
  local urls i
  IFS=, read -ra urls <<< "$UPSTREAM"
  if [ ${#urls[@]} -eq 1 ]; then
    printf '%s\n' "HF_ENDPOINT=${urls[0]%/}"
    return
  fi
  for i in "${!urls[@]}"; do
    printf '%s\n' "Upstream__Endpoints__${i}__Url=${urls[$i]%/}"
  done
}

migrate_database() {
  step "Applying database migrations"
  local envs
  mapfile -t envs < <(service_env)
  env "${envs[@]}" dotnet "$STATE_DIR/app/api/$(service_dll api)" migrate > "$LOG_DIR/migrate.log" 2>&1 \
    || { tail -n 30 "$LOG_DIR/migrate.log" >&2; die "the migrations failed (log: $LOG_DIR/migrate.log)"; }
}

start_service() {
  local svc=$1 port pid envs
  port=$(service_port "$svc")
  if pid=$(service_pid "$svc"); then
    say "   $svc already running on 127.0.0.1:$port (pid $pid)"
    return
  fi
  require_port_free "$port" "$svc"
  mapfile -t envs < <(service_env; [ "$(service_kind "$svc")" = api ] && api_key_env)
  supervise "$svc" "${envs[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$port" "OTEL_SERVICE_NAME=${OTEL_SERVICE_NAME_PREFIX:-modelhub}-$svc"
}

# wait_until_ready NAME: its ready check answers 200; a service the supervisor gave up on (it could not stay up) fails.
wait_until_ready() {
  local svc=$1 port i state down=0
  port=$(service_port "$svc")
  for i in $(seq 1 450); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null; then
      say "   $svc ready on http://127.0.0.1:$port"
      return 0
    fi
    # Asking the supervisor costs a Python start: once a second. Stopped twice in a row: a program just added may not
    # have been started by the supervisor's next round yet.
    if [ $((i % 5)) -eq 0 ]; then
      state=$(service_state "$svc")
      [[ $state =~ ^(STOPPED|EXITED)$ ]] && down=$((down + 1)) || down=0
      if [ "$state" = FATAL ] || [ "$down" -ge 2 ]; then
        tail -n 30 "$LOG_DIR/$svc.log" >&2
        die "$svc exited while starting ($state; log: $LOG_DIR/$svc.log)"
      fi
    fi
    sleep 0.2
  done
  curl -sS "http://127.0.0.1:$port/health/ready" >&2 || true
  die "$svc is not ready after 90 s (log: $LOG_DIR/$svc.log)"
}

start_services() {
  step "Starting the services"
  local svc
  local instances
  mapfile -t instances < <(service_instances)
  for svc in "${instances[@]}"; do start_service "$svc"; done
  for svc in "${instances[@]}"; do wait_until_ready "$svc"; done
}

# The services and their supervisor; also a service an older ./hub started with a pid file of its own.
stop_services() {
  local file svc
  stop_supervised
  for file in "$RUN_DIR"/*.pid; do
    [ -f "$file" ] || continue
    svc=$(basename "$file" .pid)
    [[ $svc =~ ^(api|sync|download|scan)(-[0-9]+)?$ ]] && stop_pid "$file" "$(service_dll "$svc")" "$svc"
  done
}

# One line per instance: its state, address, pid and how often the supervisor restarted it.
status_services() {
  local svc port pid state statuses
  statuses=$(supervisor_pid >/dev/null && supervisor_ctl status 2>/dev/null)
  for svc in $( (service_instances; recorded_instances) | awk '!seen[$0]++'); do
    port=$(service_port "$svc")
    state=$(awk -v name="$svc" '$1 == name { print $2 }' <<< "$statuses")
    pid=$(awk -v name="$svc" '$1 == name && $3 == "pid" { sub(",", "", $4); print $4 }' <<< "$statuses")
    # STARTING is the supervisor's word for the first 5 s (startsecs) of a process that may well be ready already.
    case $state in
      RUNNING|STARTING) state=running; curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null || state=starting ;;
      BACKOFF) state=starting ;;
      FATAL) state=failed ;;
      *) state=stopped ;;
    esac
    printf '%-18s %-8s http://127.0.0.1:%-6s %s\n' "$svc" "$state" "$port" \
      "${pid:+pid $pid, }restarts $(service_restarts "$svc")"
  done
  pid=$(supervisor_pid) && printf '%-18s %-8s %-24s pid %s (log: %s)\n' supervisord running "$RUN_DIR/supervisor.sock" "$pid" "$(supervisor_log)"
}

# The upstream simulator (tests/UpstreamSimulator): a Hugging Face look-alike for machines without internet.
SIMULATOR_DLL=ModelHub.UpstreamSimulator.dll

simulator_url() { printf 'http://127.0.0.1:%s' "$SIMULATOR_PORT"; }

# MODELHUB_SIMULATOR_ARGS: extra arguments for the simulator, split on spaces
# (e.g. "--Simulator:LargeFileBytes=2147483648").
start_simulator() {
  local pid extra=()
  read -r -a extra <<< "${MODELHUB_SIMULATOR_ARGS:-}"
  if pid=$(pid_of "$RUN_DIR/simulator.pid" "$SIMULATOR_DLL"); then
    say "   simulator already running on $(simulator_url) (pid $pid)"
    return
  fi
  require_port_free "$SIMULATOR_PORT" simulator
  require_port_free "$SIMULATOR_BRIDGE_PORT" "simulator bridge"
  dotnet publish "$REPO_ROOT/tests/UpstreamSimulator/ModelHub.UpstreamSimulator.csproj" -c Release --no-build -nologo -v quiet \
    -o "$STATE_DIR/app/simulator" >> "$LOG_DIR/build.log" 2>&1 || die "publishing the simulator failed (log: $LOG_DIR/build.log)"
  (
    cd "$STATE_DIR/app/simulator" || exit 1
    # LFS files are redirected to the bridge, another host (localhost) on its own port, as huggingface.co does.
    nohup dotnet "$SIMULATOR_DLL" --urls "$(simulator_url);http://127.0.0.1:$SIMULATOR_BRIDGE_PORT" \
      --Simulator:BridgePort="$SIMULATOR_BRIDGE_PORT" "${extra[@]}" >> "$LOG_DIR/simulator.log" 2>&1 &
    echo $! > "$RUN_DIR/simulator.pid"
  )
  wait_for_port "$SIMULATOR_PORT" 60 || die "the simulator did not start (log: $LOG_DIR/simulator.log)"
  say "   simulator on $(simulator_url)"
}

stop_simulator() {
  stop_pid "$RUN_DIR/simulator.pid" "$SIMULATOR_DLL" simulator
}

status_simulator() {
  local pid
  if pid=$(pid_of "$RUN_DIR/simulator.pid" "$SIMULATOR_DLL"); then
    printf '%-18s %-8s http://127.0.0.1:%-6s pid %s (bridge on port %s)\n' simulator running "$SIMULATOR_PORT" "$pid" "$SIMULATOR_BRIDGE_PORT"
  fi
}

# API keys: "<name> <role> <hash>" lines in the secrets folder (hashes only; a key is shown once).
api_keys_file() { printf '%s' "$SECRETS_DIR/api-keys"; }

# new_api_key NAME ROLE: makes a key with the built Api, records its hash, prints the key.
new_api_key() {
  local name=$1 role=$2 output key hash
  output=$(dotnet "$STATE_DIR/app/api/$(service_dll api)" new-key) || die "could not make an API key"
  key=$(sed -n 's/^key  //p' <<< "$output")
  hash=$(sed -n 's/^hash //p' <<< "$output")
  (umask 077; printf '%s %s %s\n' "$name" "$role" "$hash" >> "$(api_keys_file)")
  printf '%s' "$key"
}

# The Api's Auth__Keys__N__* settings, from the key file, and where it keeps the keys that sign
# admin-page sessions (with reads protected: Auth__ProtectReads=true ./hub up).
api_key_env() {
  local file i=0 name role hash
  printf '%s\n' "Auth__SessionKeysPath=$SECRETS_DIR/session-keys"
  file=$(api_keys_file)
  [ -f "$file" ] || return 0
  while read -r name role hash; do
    [ -n "$hash" ] || continue
    printf '%s\n' "Auth__Keys__${i}__Name=$name" "Auth__Keys__${i}__Role=$role" "Auth__Keys__${i}__Hash=$hash"
    i=$((i + 1))
  done < "$file"
}
