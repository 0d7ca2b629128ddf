# What the fault scripts share: a throwaway `./hub up --simulator` stack in a folder of its own on
# MODELHUB_FAULTS_PORT_BASE (29400), stopped and removed however the script ends, with counted
# checks (tests/checks.sh), the admin key kept out of the log, and a few helpers to talk to it.
# A script sets what it needs in the environment of `./hub up` (MODELHUB_SIMULATOR_ARGS, Sync__…)
# before calling start_stack, and ends with finish.
# shellcheck shell=bash

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../../checks.sh source-path=SCRIPTDIR
source "$repo/tests/checks.sh"

data=$(mktemp -d "${TMPDIR:-/tmp}/modelhub-faults.XXXXXX")
export MODELHUB_PORT_BASE=${MODELHUB_FAULTS_PORT_BASE:-29400}
api="http://127.0.0.1:$((MODELHUB_PORT_BASE + 80))"
# shellcheck disable=SC2034 # the scripts that source this use it
sim="http://127.0.0.1:$((MODELHUB_PORT_BASE + 90))"
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

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", b - a }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

# The key is a secret even here: the log shows the output with it masked.
masked() { sed 's/mh_[A-Za-z0-9_-]*/mh_(masked)/g' "$up_log"; }
hub_up() { "$repo/hub" up --simulator --data-dir "$data" > "$up_log" 2>&1; }

# start_stack: the first `./hub up`, its output (key masked), and the admin key it printed, in $key.
start_stack() {
  hub_up || { masked; give_up "up starts the stack with the simulator"; }
  masked
  passed=$((passed + 1)); echo "PASS up starts the stack with the simulator"
  key=$(sed -n 's/^Admin API key (shown this once; only its hash is kept): //p' "$up_log")
  [[ $key == mh_* ]] || give_up "up prints an admin key"
}

get() { curl -fsS --max-time 60 "$@"; }
post() { curl -fsS --max-time 60 -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$@"; }
job() { get "$api/v1/hub/jobs/$1"; }
# wait_job ID SECONDS: until the job is completed (0) or failed/cancelled/timed out (1).
wait_job() {
  local id=$1 deadline=$((SECONDS + $2)) state
  while [ "$SECONDS" -lt "$deadline" ]; do
    state=$(job "$id" 2>/dev/null | jq -r .state)
    case $state in
      completed) return 0 ;;
      failed|cancelled|canceled) echo "job $id: $state: $(job "$id" | jq -r .error)"; return 1 ;;
    esac
    sleep 0.5
  done
  echo "job $id not completed after $2 s (state $state)"; return 1
}
