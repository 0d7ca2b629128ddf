# A whole instance at once: everything it runs stopped together, and the throwaway instances of
# ./hub test and ./hub bench, which start from nothing and stop when the command ends.
# shellcheck shell=bash

# Everything an instance runs, in the reverse order of starting it.
stop_stack() {
  stop_services
  stop_simulator
  stop_redis
  stop_rabbitmq
  stop_postgres
}

# start_throwaway_infrastructure FSYNC: stop what a killed earlier run left, start from nothing, stop it all on exit.
start_throwaway_infrastructure() {
  trap 'stop_stack >/dev/null' EXIT
  start_fresh_infrastructure "$@"
}

# start_fresh_infrastructure FSYNC: the same with no exit trap, for an instance whose caller stops it (the
# edge benchmark's second stack, started from a subshell that ends at once).
start_fresh_infrastructure() {
  stop_stack >/dev/null
  remove_postgres_files
  rm -rf "$STATE_DIR"
  prepare_state_dir
  step "Starting throwaway PostgreSQL, RabbitMQ and Redis ($INSTANCE)"
  MODELHUB_PG_FSYNC=${1:-on} start_postgres
  start_rabbitmq no
  start_redis
}
