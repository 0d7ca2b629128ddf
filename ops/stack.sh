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

# start_throwaway_infrastructure FSYNC: stop what a killed earlier run left, start from nothing.
start_throwaway_infrastructure() {
  stop_stack >/dev/null
  remove_postgres_files
  rm -rf "$STATE_DIR"
  prepare_state_dir
  trap 'stop_stack >/dev/null' EXIT
  step "Starting throwaway PostgreSQL, RabbitMQ and Redis ($INSTANCE)"
  MODELHUB_PG_FSYNC=${1:-on} start_postgres
  start_rabbitmq no
  start_redis
}
