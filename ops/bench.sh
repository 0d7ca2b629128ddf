# ./hub bench and ./hub bench-worker: each benchmark on a throwaway stack of its own (MODELHUB_BENCH_PORT_BASE,
# folder .hub/bench) with only the services it measures, then the benchmark program (bench/) against it.
# shellcheck shell=bash

BENCHMARKS=(saga sync download scan serve edge pipeline listings snapshot)
# What a benchmark runs: the services, the simulator and the benchmarks themselves (no test project).
BENCH_PROJECTS=(src/Api src/SyncService src/DownloadService src/ScanService tests/UpstreamSimulator bench/ModelHub.Benchmarks)

configure_bench_instance() { configure_instance "$DATA_DIR/bench" "$BENCH_PORT_BASE" bench; }

# ./hub bench [all|NAME] [options]: one benchmark on a throwaway stack, or (no name, or 'all') every one in
# turn, each on its own throwaway stack, then one table of all their rows.
cmd_bench() {
  local benchmark=all
  if [ $# -gt 0 ] && [[ $1 != --* ]]; then
    benchmark=$1
    shift
  fi
  if [ "$benchmark" = all ]; then
    bench_all "$@"
  else
    run_benchmark "$benchmark" "$@"
  fi
}

# Each benchmark appends its rows to one results file (MODELHUB_BENCH_RESULTS), and the shell the time it took;
# the benchmark program's `report FILE` prints them as one table. The code is built once for all of them.
bench_all() {
  local results name started status
  # Smaller sizes than a single benchmark's keep the whole run near 15 minutes on a busy 2-core machine (each
  # can be set higher): one run per side of a 2 GiB store for the scan, two 5-second wrk runs per side for serve.
  export MODELHUB_BENCH_SCAN_BYTES=${MODELHUB_BENCH_SCAN_BYTES:-2147483648} MODELHUB_BENCH_SCAN_RUNS=${MODELHUB_BENCH_SCAN_RUNS:-1}
  export MODELHUB_BENCH_SERVE_RUNS=${MODELHUB_BENCH_SERVE_RUNS:-2} MODELHUB_BENCH_SERVE_SECONDS=${MODELHUB_BENCH_SERVE_SECONDS:-5}
  ensure_packages
  ensure_bench_tools "${BENCHMARKS[@]}"
  mkdir -p "$DATA_DIR/bench-results"
  results="$DATA_DIR/bench-results/$(date -u +%Y%m%dT%H%M%SZ).tsv"
  configure_bench_instance
  stop_stack >/dev/null
  rm -rf "$STATE_DIR"
  prepare_state_dir
  build_services "${BENCH_PROJECTS[@]/#/$REPO_ROOT/}"
  for name in "${BENCHMARKS[@]}"; do
    step "Benchmark $name"
    started=$SECONDS
    # A subshell each: a benchmark that dies (die exits) ends only itself, and its status is recorded.
    (MODELHUB_BENCH_RESULTS="$results" BENCH_PREBUILT=yes run_benchmark "$name" "$@")
    status=$?
    printf '#duration\t%s\t%s\t%s\n' "$name" $((SECONDS - started)) "$status" >> "$results"
  done
  say ""
  say "results: $results"
  dotnet run --project "$REPO_ROOT/bench/ModelHub.Benchmarks" -c Release --no-build -- report "$results"
}

# The baselines' tools: curl -o + openssl dgst (download), openssl (scan), nginx and wrk (serve), wrk (listings).
ensure_bench_tools() {
  local wanted=() name
  for name in "$@"; do
    case $name in
      download|scan) command -v openssl >/dev/null || wanted+=(openssl) ;;
      serve) nginx_binary >/dev/null || wanted+=(nginx); command -v wrk >/dev/null || wanted+=(wrk) ;;
      listings|edge) command -v wrk >/dev/null || wanted+=(wrk) ;;
    esac
  done
  mapfile -t wanted < <(printf '%s\n' "${wanted[@]}" | sed '/^$/d' | sort -u)
  [ "${#wanted[@]}" -eq 0 ] || install_packages "${wanted[@]}"
}

# Debian puts nginx in /usr/sbin, which is not on every user's PATH.
nginx_binary() {
  if [ -x /usr/sbin/nginx ]; then
    printf '%s' /usr/sbin/nginx
  else
    command -v nginx
  fi
}

# Only the services a benchmark measures: in `saga`, the benchmark's own instant worker takes the commands;
# `pipeline` and `listings` write their rows straight into the database.
bench_services() {
  case $1 in
    saga|listings) echo api ;;
    sync) echo api sync ;;
    download|serve|edge) echo api sync download ;;
    scan) echo api scan ;;
    pipeline) echo api download ;;
    snapshot) echo api sync download ;;
    *) return 1 ;;
  esac
}

# run_benchmark NAME [options]: its stack, then the benchmark program with the options.
run_benchmark() {
  local benchmark=$1 measured services svc bench_key
  shift
  measured=$(bench_services "$benchmark") || die "unknown benchmark '$benchmark' (all, ${BENCHMARKS[*]})"
  read -r -a services <<< "$measured"
  ensure_packages
  ensure_bench_tools "$benchmark"
  configure_bench_instance
  start_bench_infrastructure
  prepare_store "$STATE_DIR/store"
  UPSTREAM=$(simulator_url)
  [ "${BENCH_PREBUILT:-}" = yes ] || build_services "${BENCH_PROJECTS[@]/#/$REPO_ROOT/}"
  # sim/large-file's two weights: 2 GiB each for the download and serve benchmarks, 512 MiB for the edge's (64 MiB otherwise).
  MODELHUB_SIMULATOR_ARGS=$(large_file_argument "$benchmark") start_simulator
  migrate_database
  rm -f "$(api_keys_file)"
  bench_key=$(new_api_key bench admin)
  # The snapshot benchmark's syncs record the files and store none: its snapshots fetch them all.
  if [ "$benchmark" = snapshot ]; then export Sync__SmallFileLimitBytes=0; fi
  step "Starting ${services[*]}"
  for svc in "${services[@]}"; do start_service "$svc"; done
  for svc in "${services[@]}"; do wait_until_ready "$svc"; done
  [ "$benchmark" = serve ] && require_port_free "$NGINX_PORT" "the serve benchmark's nginx"
  if [ "$benchmark" = edge ]; then
    trap 'stop_bench_edge; stop_stack >/dev/null' EXIT
    start_bench_edge
    set -a
    # shellcheck disable=SC1091
    . "$DATA_DIR/bench-edge/bench.env"
    set +a
  fi
  step "Running the benchmark"
  run_bench_program "$bench_key" "$benchmark" "$@"
}

large_file_argument() {
  case $1 in
    download|serve) echo "--Simulator:LargeFileBytes=${MODELHUB_BENCH_LARGE_FILE_BYTES:-2147483648}" ;;
    edge) echo "--Simulator:LargeFileBytes=${MODELHUB_BENCH_EDGE_FILE_BYTES:-536870912}" ;;
  esac
}

# The edge benchmark's second ModelHub, an edge whose upstreams are the central (the bench stack's Api), then the
# simulator: its own PostgreSQL, RabbitMQ, Redis and store on MODELHUB_BENCH_PORT_BASE + 300, running the services the
# central published. Its Api's address, key, store and pid reach the benchmark program as MODELHUB_BENCH_EDGE_*.
configure_bench_edge_instance() { configure_instance "$DATA_DIR/bench-edge" "$((BENCH_PORT_BASE + 300))" bench-edge; }

# start_bench_edge: called with the central's configuration; the edge's own is set in a subshell, so the central's
# globals stay as they are. Stopped by stop_bench_edge (the caller's exit trap).
start_bench_edge() {
  local central_app=$STATE_DIR/app upstreams
  upstreams="http://127.0.0.1:$API_PORT,$(simulator_url)"
  (
    configure_bench_edge_instance
    start_fresh_infrastructure on
    ln -s "$central_app" "$STATE_DIR/app"
    prepare_store "$STATE_DIR/store"
    UPSTREAM=$upstreams
    OTEL_SERVICE_NAME_PREFIX=modelhub-edge
    migrate_database
    rm -f "$(api_keys_file)"
    key=$(new_api_key bench admin)
    step "Starting the edge's api, sync and download (upstreams: $UPSTREAM)"
    for svc in api sync download; do start_service "$svc"; done
    for svc in api sync download; do wait_until_ready "$svc"; done
    printf '%s\n' "MODELHUB_BENCH_EDGE_API=http://127.0.0.1:$API_PORT" "MODELHUB_BENCH_EDGE_API_KEY=$key" \
      "MODELHUB_BENCH_EDGE_STORE=$STORE_DIR" "MODELHUB_BENCH_EDGE_API_PID=$(service_pid api)" \
      > "$STATE_DIR/bench.env"
  ) || die "the edge did not start (logs: $DATA_DIR/bench-edge/logs)"
}

stop_bench_edge() { (configure_bench_edge_instance && stop_stack >/dev/null); }

# A throwaway start removes the state folder; under `bench all` the services were published there once, for
# every benchmark, so they are kept aside meanwhile.
start_bench_infrastructure() {
  if [ "${BENCH_PREBUILT:-}" = yes ]; then
    rm -rf "$DATA_DIR/bench-app"
    mv "$STATE_DIR/app" "$DATA_DIR/bench-app" || die "no published services in $STATE_DIR/app"
    start_throwaway_infrastructure on
    mv "$DATA_DIR/bench-app" "$STATE_DIR/app"
  else
    start_throwaway_infrastructure on
  fi
}

# run_bench_program KEY ARGS...: the benchmark program, told where everything of the stack is.
run_bench_program() {
  local key=$1
  shift
  ConnectionStrings__Postgres=$(postgres_url modelhub) \
  ConnectionStrings__RabbitMq=$(rabbit_url) \
  MODELHUB_BENCH_API="http://127.0.0.1:$API_PORT" \
  MODELHUB_BENCH_API_KEY="$key" \
  MODELHUB_BENCH_UPSTREAM="$(simulator_url)" \
  MODELHUB_BENCH_DOWNLOAD_PID=$(service_pid download) \
  MODELHUB_BENCH_SYNC_PID=$(service_pid sync) \
  MODELHUB_BENCH_SCAN_PID=$(service_pid scan) \
  MODELHUB_BENCH_API_PID=$(service_pid api) \
  MODELHUB_BENCH_NGINX=$(nginx_binary) \
  MODELHUB_BENCH_NGINX_PORT=$NGINX_PORT \
  MODELHUB_BENCH_STORE="$STORE_DIR" \
  MODELHUB_BENCH_HUB="$REPO_ROOT/hub" \
  MODELHUB_DATA_DIR="$DATA_DIR" \
  MODELHUB_BENCH_PORT_BASE="$BENCH_PORT_BASE" \
    dotnet run --project "$REPO_ROOT/bench/ModelHub.Benchmarks" -c Release --no-build -- "$@"
}

# ./hub bench-worker NAME (e.g. download-2): one more instance of a worker on the running bench stack, started as
# `./hub up --workers N` starts one (`bench pipeline` asks for it); its progress on stderr, its pid last on stdout.
cmd_bench_worker() {
  [[ ${1:-} =~ ^(sync|download|scan)-[2-8]$ ]] || die "bench-worker needs an instance name such as download-2"
  configure_bench_instance
  [ -d "$RUN_DIR" ] || die "no bench stack in $STATE_DIR: run ./hub bench first"
  STORE_DIR="$STATE_DIR/store"
  UPSTREAM=$(simulator_url)
  start_service "$1" >&2
  wait_until_ready "$1" >&2
  service_pid "$1"
  echo
}
