# The throwaway stack a fault script runs on: `./hub up --simulator` in a folder of its own on
# MODELHUB_FAULTS_PORT_BASE (29400), stopped and removed however the script ends, which prints the
# counted checks' closing "faults: N passed, M failed" line. A script sets what it needs in the
# environment of `./hub up` (MODELHUB_SIMULATOR_ARGS, Sync__…) before start_stack, and ends with finish.
# shellcheck shell=bash source-path=SCRIPTDIR source-path=SCRIPTDIR/lib
# shellcheck disable=SC2034 # api, sim and store are for the other parts and the scripts

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../../checks.sh
source "$repo/tests/checks.sh"
# ./hub's own parts know where an instance keeps its ports, pid files and secrets.
# shellcheck source=../../../ops/common.sh
source "$repo/ops/common.sh"
# shellcheck source=../../../ops/supervisor.sh
source "$repo/ops/supervisor.sh"
# shellcheck source=../../../ops/services.sh
source "$repo/ops/services.sh"
# shellcheck source=../../../ops/rabbitmq.sh
source "$repo/ops/rabbitmq.sh"

data=$(mktemp -d "${TMPDIR:-/tmp}/modelhub-faults.XXXXXX")
export MODELHUB_PORT_BASE=${MODELHUB_FAULTS_PORT_BASE:-29400}
configure_instance "$data" "$MODELHUB_PORT_BASE" up
api="http://127.0.0.1:$API_PORT"
sim=$(simulator_url)
store="$data/store"
up_log=$(mktemp)

finished=no
# Also the EXIT trap: a script that stops on an error still stops everything, and counts a failure.
finish() {
  local status=$?
  [ "$finished" = yes ] && exit "$status"
  finished=yes
  "$repo/hub" down --data-dir "$data" > /dev/null 2>&1
  remove_data_dir "$data"
  rm -f "$up_log"
  [ "$status" -eq 0 ] || { failed=$((failed + 1)); printf 'FAIL the script stopped early (status %d)\n' "$status"; }
  printf 'faults: %d passed, %d failed\n' "$passed" "$failed"
  [ "$failed" -eq 0 ] && exit 0
  exit 1
}
trap finish EXIT
trap 'failed=$((failed + 1)); echo "FAIL interrupted"; finish' INT TERM
give_up() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; finish; }

masked() { masked_keys "$up_log"; }
hub_up() { "$repo/hub" up --simulator --data-dir "$data" > "$up_log" 2>&1; }

# start_stack: the first `./hub up`, its output (key masked), and the admin key it printed, in $key.
start_stack() {
  hub_up || { masked; give_up "up starts the stack with the simulator"; }
  masked
  passed=$((passed + 1)); echo "PASS up starts the stack with the simulator"
  key=$(admin_key "$up_log")
  [[ $key == mh_* ]] || give_up "up prints an admin key"
}
