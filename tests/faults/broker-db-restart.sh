#!/usr/bin/env bash
# Fault test: 200 download jobs in flight while RabbitMQ is killed (kill -9, as their commands are still
# being sent and the first downloads run), then 200 more while PostgreSQL shuts down as in a crash
# (immediate shutdown, a tenth of the jobs done); each time `./hub up` starts it again, and nothing else: a
# service that lost its way is left to stop itself and to its supervisor (no restart by hand). Every job must
# complete without a second attempt, no file may be sent whole twice by the upstream (the bytes a request cut by
# the stop carried and the download had not kept are counted), every blob must be stored once
# and hash to its name, a subscriber must hear of every artifact, and no message may land in an _error or
# _skipped queue. Figures are printed. MODELHUB_FAULTS_JOBS sets the jobs per phase (200; 20 to 500),
# MODELHUB_FAULTS_DOWN_SECONDS how long the broker or the database stays down before `./hub up` (5).
# shellcheck disable=SC2317 # the stop conditions are called through wait_for_jobs
set -uo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/harness.sh"
jobs=${MODELHUB_FAULTS_JOBS:-200}
down_seconds=${MODELHUB_FAULTS_DOWN_SECONDS:-5}
model=sim/many-weights
# Two phases of the simulator's 128 KiB weights, each body throttled to about a third of a second.
export MODELHUB_SIMULATOR_ARGS="--Simulator:ManyWeightsCount=$((2 * jobs))"
rate=393216
# Below the weights' size: the sync records them and leaves their bytes to the download jobs.
export Sync__SmallFileLimitBytes=65536
events_queue=faults-artifact-downloaded

# When to stop: while the jobs are being announced and their commands sent (the first download runs)...
while_dispatching() { [ "$(state_count running "$1")" -ge 1 ]; }
# ... or once a tenth of them is done and more run, most still waiting in the queue.
while_downloading() { [ "$(state_count completed "$1")" -ge $((jobs / 10)) ] && [ "$(state_count running "$1")" -ge 1 ]; }
all_finished() { [ $(($(state_count completed "$1") + $(state_count failed "$1") + $(state_count cancelled "$1"))) -eq "$jobs" ]; }

# run_phase N NAME COMPONENT PORT WHEN: the phase's downloads submitted, COMPONENT crashed at WHEN and
# started again by `./hub up`, then every job, content, event and queue of the phase checked.
run_phase() {
  local phase=$1 name=$2 component=$3 port=$4 when=$5 ids contents accepted="$data/accepted-$1" since post_pid
  local downloads_bus saga_bus stopped_at up_at back_at drained_at finished requests from_zero resumed whole_twice again sent refetched
  local repeats fresh fresh_twice
  figure '--- phase %d: %s stopped and started again with %d downloads in flight' "$phase" "$name" "$jobs"
  ids=$(jq -sc --argjson from $(((phase - 1) * jobs)) --argjson n "$jobs" \
    'map(select(.path | startswith("weights/"))) | sort_by(.path) | .[$from:$from + $n] | map(.id)' <<< "$files")
  contents=$(jq -sr --argjson ids "$ids" 'map(select(.id | IN($ids[])) | .sha256) | unique | length' <<< "$files")
  forget_requests
  downloads_bus=$(bus_counters download download-artifact)
  saga_bus=$(bus_counters api job-lifecycle)
  since=$(date -u -d '-2 sec' +%Y-%m-%dT%H:%M:%SZ)
  download_jobs "$ids" > "$accepted" & post_pid=$!
  wait_for_jobs "$since" 90 0.1 "$when" || give_up "the downloads get going"
  stopped_at=$(now)
  { crash "$component" && wait_gone "$crashed_pid" 30; } || give_up "$name stops"
  figure 'stopped %s with jobs %s' "$name" "$(sort <<< "$counts" | tr '\n' ' ')"
  wait "$post_pid"
  check "the $jobs downloads were accepted (202), the stop notwithstanding" test "$(lines "$(cat "$accepted")")" = "$jobs"

  sleep "$down_seconds"
  up_at=$(now)
  check "up starts $name again, and finds everything else running" up_until_open "$port"
  back_at=$(now)
  masked | grep -E '^   (postgres|rabbitmq) on'
  check "all $jobs jobs of phase $phase finish, no service restarted by the test" wait_for_jobs "$since" 240 0.5 all_finished
  drained_at=$(now)
  restarted=$(services_restarted)
  figure 'services their supervisor started again since the stack came up (one stops itself when the broker has lost its consumer for a minute): %s' "${restarted:-none}"
  figure '%s was down %s, from the kill until its port opened again (./hub up ran %d s after the stop; the port opened %s into it; up returned after %s, every service ready)' \
    "$name" "$(elapsed "$stopped_at" "$open_at")" "$down_seconds" "$(elapsed "$up_at" "$open_at")" "$(elapsed "$up_at" "$back_at")"
  figure 'every job finished %s after %s was back (%s after up returned; the phase: %s from the kill)' \
    "$(elapsed "$open_at" "$drained_at")" "$name" "$(elapsed "$back_at" "$drained_at")" "$(elapsed "$stopped_at" "$drained_at")"
  finished=$(download_jobs_since "$since")
  job_figures "$finished"
  check "all $jobs jobs completed" test "$(jobs_in completed "$finished")" -eq "$jobs"
  check "no job needed a second attempt" test -z "$(awk '$3 != 1' <<< "$finished")"
  figure 'bus, download-artifact (DownloadService): %s' "$(bus_changes "$downloads_bus" "$(bus_counters download download-artifact)")"
  figure 'bus, job-lifecycle (the saga, in the Api): %s' "$(bus_changes "$saga_bus" "$(bus_counters api job-lifecycle)")"

  # Each content sent whole once. A download cut short by the stop resumes from its part file past byte 0, or
  # from byte 0 when its lock was lost before a byte reached the part file: the bytes the cut request carried
  # are then sent again, and counted.
  read -r requests from_zero resumed _ <<< "$(fetch_counts "$model")"
  read -r whole_twice again sent refetched <<< "$(sent_counts "$model")"
  figure 'upstream: %d content requests for %d distinct contents (%d files): %d from byte 0, %d resumed mid-file; %d content(s) asked for from byte 0 again after a cut request' \
    "$requests" "$contents" "$jobs" "$from_zero" "$resumed" "$again"
  figure 'upstream bytes: %s sent, %s of them sent twice (the part of a cut request the download had not kept); %d content(s) sent whole more than once' \
    "$sent" "$refetched" "$whole_twice"
  check "each distinct content was sent whole by the upstream once (what a cut request carried aside)" test "$whole_twice" -eq 0 -a "$from_zero" -eq "$contents"
  # A command run again after its first run stored the bytes (redelivered by the broker, or retried after the
  # database came back) announces them as already stored (deduplicated), as the contract says.
  hear_downloads "$events_queue" "$ids"
  read -r repeats fresh fresh_twice <<< "$(event_counts)"
  figure 'ArtifactDownloaded: %d events, for %d/%d artifacts; %d repeated (a command run again found its work done); %d of %d contents announced as newly stored, %d only as already stored (their download was run again after it had stored them)' \
    "$(lines "$events")" "$heard" "$jobs" "$repeats" "$fresh" "$contents" $((contents - fresh))
  check "subscribers heard of every artifact" test "$heard" -eq "$jobs"
  check "no content was announced as newly stored twice" test "$fresh_twice" -eq 0
  check "no _error or _skipped queue" no_dead_letters
}

if ! [[ $jobs =~ ^[0-9]+$ ]] || [ "$jobs" -lt 20 ] || [ "$jobs" -gt 500 ]; then
  give_up "MODELHUB_FAULTS_JOBS is a number from 20 to 500"
fi
figure 'jobs: %d downloads of %s per phase, each body throttled to %d bytes/s; down for %d s before ./hub up' \
  "$jobs" "$model" "$rate" "$down_seconds"
started_at=$SECONDS
start_stack
# Bound long before the broker is killed: once a binding made a second or two before a kill -9 was gone after
# the restart (RabbitMQ 3.10), and every event of both phases with it.
check "a queue of our own hears ArtifactDownloaded, as the audit-log subscriber's does" subscribe_to_downloads "$events_queue"
check "$model syncs" syncs "$model" 120
files=$(repo_files "$model")
[ "$(jq -s 'map(select(.path | startswith("weights/"))) | length' <<< "$files")" -eq $((2 * jobs)) ] \
  || give_up "the sync lists $((2 * jobs)) weights"
throttle "$model" "$rate" || give_up "the simulator takes the throttle"

figure "(bus figures, from MassTransit's counters: receive = deliveries, redeliveries included; consume = consumer runs, retries included; <counter>/<exception> = those that threw)"
run_phase 1 RabbitMQ rabbitmq "$AMQP_PORT" while_dispatching
run_phase 2 PostgreSQL postgres "$PG_PORT" while_downloading

figure '--- after both phases'
# One blob per distinct content of the completed artifacts, intact, and no part left.
expected=$(repo_files "$model" | jq -r 'select(.status == "completed") | .sha256' | sort -u)
figure 'store: %d blobs for %d distinct contents of completed artifacts' "$(blob_count)" "$(lines "$expected")"
check "each content is stored once, and nothing else" test "$(stored_contents)" = "$expected"
check "every blob hashes to its name" every_blob_hashes_to_its_name
check "the store holds exactly the contents the upstream announced for $model" test "$(stored_contents)" = "$(upstream_contents "$model")"
check "temp/ holds no leftover part" no_part_left
figure 'whole test: %d s' $((SECONDS - started_at))
finish
