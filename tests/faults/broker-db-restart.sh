#!/usr/bin/env bash
# Fault test of issue 10: 200 download jobs in flight while RabbitMQ is killed (kill -9, as their
# commands are still being sent and the first downloads run), then 200 more while PostgreSQL shuts
# down as in a crash (immediate shutdown, a tenth of the jobs done); each time `./hub up` starts it
# again. Every job must complete without a second attempt, no file's bytes may be fetched twice,
# every blob must be stored once and hash to its name, a subscriber must hear of every artifact,
# and no message may land in an _error or _skipped queue. Figures are printed.
# MODELHUB_FAULTS_JOBS sets the jobs per phase (200; 20 to 500), MODELHUB_FAULTS_DOWN_SECONDS how
# long the broker or the database stays down before `./hub up` (5).
set -uo pipefail

# The stack, the checks and the helpers.
# shellcheck source-path=SCRIPTDIR source=lib/stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
jobs=${MODELHUB_FAULTS_JOBS:-200}
down_seconds=${MODELHUB_FAULTS_DOWN_SECONDS:-5}
model=sim/many-weights
# Two phases of the simulator's 128 KiB weights, each body throttled to about a third of a second.
export MODELHUB_SIMULATOR_ARGS="--Simulator:ManyWeightsCount=$((2 * jobs))"
rate=393216
# Below the weights' size: the sync records them and leaves their bytes to the download jobs.
export Sync__SmallFileLimitBytes=65536
management="http://127.0.0.1:$((MODELHUB_PORT_BASE + 73))/api"
events_queue=faults-artifact-downloaded

# PostgreSQL, RabbitMQ, Redis, the simulator and four services: all but the stopped one are found running.
up_restarts_one() { hub_up && [ "$(grep -c 'already running' "$up_log")" -eq 7 ]; }

# The instance's own rabbitmqctl: ops/rabbitmq.sh knows its node name and environment.
rabbitmqctl_of_instance() {
  # shellcheck source=/dev/null
  (. "$repo/ops/common.sh" && . "$repo/ops/rabbitmq.sh" && configure_instance "$data" "$MODELHUB_PORT_BASE" up && write_rabbitmqctl_wrapper)
}
# management_api METHOD PATH [curl options]: the password goes to curl on stdin, never on a command line.
management_api() {
  local method=$1 path=$2; shift 2
  printf 'user = "modelhub:%s"\n' "$(cat "$data/secrets/rabbitmq")" \
    | curl -fsS -K - -X "$method" -H 'Content-Type: application/json' "$@" "$management$path"
}
# A durable queue of our own bound to ArtifactDownloaded, as the audit-log subscriber has one.
subscribe_to_downloads() {
  management_api PUT "/queues/%2F/$events_queue" -d '{"durable": true}' > /dev/null \
    && management_api POST "/bindings/%2F/e/ModelHub.Contracts.Downloads%3AArtifactDownloaded/q/$events_queue" -d '{}' > /dev/null
}
# Takes every event the queue holds: "artifactId sha256 deduplicated" per line. The management API hands a
# payload it does not take for text over in base64; one such message must not turn the whole list into nothing.
# The raw answer is kept in $data/events-raw.json for what went wrong.
take_download_events() {
  management_api POST "/queues/%2F/$events_queue/get" -d '{"count": 100000, "ackmode": "ack_requeue_false", "encoding": "auto"}' \
    > "$data/events-raw.json" || { echo "taking the events failed" >&2; return 1; }
  jq -r '.[] | (if .payload_encoding == "base64" then .payload | @base64d else .payload end) | fromjson | .message
    | "\(.artifactId) \(.sha256) \(.deduplicated)"' "$data/events-raw.json"
}
# heard_of IDS EVENTS: how many of the artifacts IDS (a JSON array) the events name.
heard_of() {
  jq -n -r --argjson ids "$1" --arg events "$2" \
    '($events | split("\n") | map(select(. != "") | split(" ")[0]) | unique) as $heard | [$ids[] | select(IN($heard[]))] | length'
}
# What the broker says of our queue and its binding, when the events fall short.
describe_events_queue() {
  printf 'events queue: %s; raw answer: %s bytes, %s messages; bindings: %s\n' \
    "$(management_api GET "/queues/%2F/$events_queue" | jq -c '{state, messages, consumers, durable}' 2>&1)" \
    "$(wc -c < "$data/events-raw.json")" "$(jq length "$data/events-raw.json" 2>&1)" \
    "$(management_api GET "/queues/%2F/$events_queue/bindings" | jq -c 'map(.source)' 2>&1)"
}
# Prints every _error and _skipped queue with its messages; fails if there is one, or rabbitmqctl does.
no_dead_letters() {
  local queues found
  queues=$("$ctl" -q list_queues --no-table-headers name messages) || { echo "rabbitmqctl list_queues failed"; return 1; }
  found=$(awk '$1 ~ /_(error|skipped)$/ { printf "%s%s %d", sep, $1, $2; sep = ", " }' <<< "$queues")
  printf 'dead letters: %s (of %d queues)\n' "${found:-none}" "$(grep -c . <<< "$queues")"
  [ -z "$found" ]
}

# MassTransit's counters for one queue, from a service's Prometheus metrics: "receive N" (deliveries, redeliveries
# included), "consume N" (consumer runs, retries included), "<counter>/<exception> N" (those that threw).
bus_counters() {
  get "http://127.0.0.1:$1/metrics" 2>/dev/null | awk -v queue="messaging_masstransit_destination=\"$2\"" '
    index($0, queue) == 0 || $0 !~ /^messaging_masstransit_[a-z_]*_ea_total[{]/ || $0 ~ /_active_/ { next }
    {
      name = $0; sub(/[{].*/, "", name); sub(/^messaging_masstransit_/, "", name); sub(/_ea_total$/, "", name)
      if (match($0, /exception_type="[^"]*"/)) { name = name "/" substr($0, RSTART + 16, RLENGTH - 17) }
      value = $0; sub(/^[^}]*[}] */, "", value); split(value, fields, " ")
      n[name] += fields[1]
    }
    END { for (k in n) print k, n[k] }' | sort
}
# bus_changes BEFORE AFTER: what moved between two bus_counters snapshots, on one line.
bus_changes() {
  awk 'NR == FNR { before[$1] = $2; next } $2 != before[$1] { printf "%s%s %d", sep, $1, $2 - before[$1]; sep = ", " }' \
    <(echo "$1") <(echo "$2")
}

# "id state attempts dispatched error" per job of the phase: the downloads made since it began
# (nothing while the database is away).
phase_jobs() {
  get "$api/v1/hub/jobs?kind=download&limit=500&since=$since" 2>/dev/null \
    | jq -r '.items[] | "\(.id) \(.state) \(.attempts) \(.dispatched_at != null) \(.error // "")"'
}
# "state count" lines; Pending is split into pending (command sent) and undispatched.
count_states() { awk '{ s = ($2 == "pending" && $4 == "false") ? "undispatched" : $2; n[s]++ } END { for (s in n) printf "%s %d\n", s, n[s] }'; }
state_count() { awk -v s="$1" '$1 == s { print $2 }' <<< "$2" | grep . || echo 0; }

# When to stop: while the jobs are being announced and their commands sent (the first download runs)...
while_dispatching() { [ "$(state_count running "$1")" -ge 1 ]; }
# ... or once a tenth of them is done and more run, most still waiting in the queue.
while_downloading() { [ "$(state_count completed "$1")" -ge $((jobs / 10)) ] && [ "$(state_count running "$1")" -ge 1 ]; }
# wait_until WHEN: polls the phase's jobs; leaves the last counts in the caller's $counts.
wait_until() {
  local deadline=$((SECONDS + 90))
  while [ "$SECONDS" -lt "$deadline" ]; do
    counts=$(phase_jobs | count_states)
    "$1" "$counts" && return 0
    sleep 0.1
  done
  return 1
}
# A service whose ready check reports a queue of its without a consumer at the broker (RabbitMQ.Client 7.2's
# connection-shutdown deadlock after the kill: docs/reliability.md) is restarted, as its operator would, and
# counted in $restarted; the script says so loudly. A queue left without a consumer unreported still fails.
restart_services_without_consumers() {
  local name offset lost pid
  for name in api:80 sync:81 download:82 scan:83; do
    offset=${name#*:}; name=${name%:*}
    lost=$(curl -s --max-time 5 "http://127.0.0.1:$((MODELHUB_PORT_BASE + offset))/health/ready" 2>/dev/null \
      | jq -r '.checks["broker-consumers"] | select(.status == "Unhealthy") | .description' 2>/dev/null)
    [ -n "$lost" ] || continue
    echo "RESTART $name: its ready check says $lost"
    pid=$(cat "$data/run/$name.pid" 2>/dev/null) && kill "$pid" 2>/dev/null && { wait_gone "$pid" 30 || kill -9 "$pid"; }
    hub_up || echo "up did not start $name again"
    restarted="${restarted:+$restarted, }$name"
  done
}
# Until every job of the phase is completed, failed or cancelled.
wait_all_finished() {
  local deadline=$((SECONDS + $1)) counts next_look=$((SECONDS + 5))
  while [ "$SECONDS" -lt "$deadline" ]; do
    counts=$(phase_jobs | count_states)
    [ $(($(state_count completed "$counts") + $(state_count failed "$counts") + $(state_count cancelled "$counts"))) -eq "$jobs" ] && return 0
    if [ "$SECONDS" -ge "$next_look" ]; then restart_services_without_consumers; next_look=$((SECONDS + 5)); fi
    sleep 0.5
  done
  echo "after $1 s: $(tr '\n' ' ' <<< "$counts")"; return 1
}
wait_gone() {
  local _
  for _ in $(seq 1 $(($2 * 10))); do [ -d "/proc/$1" ] || return 0; sleep 0.1; done
  return 1
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The broker dies at once: no goodbye to its clients, unacknowledged messages go back to their queues.
stop_rabbitmq_hard() {
  local pid
  pid=$(cat "$data/rabbitmq/rabbitmq.pid" 2>/dev/null) && [ -n "$pid" ] && kill -9 "$pid" && wait_gone "$pid" 20
}
# SIGQUIT is PostgreSQL's immediate shutdown: sessions end at once, no checkpoint, crash recovery on start.
stop_postgres_hard() {
  local root pid
  root=$(cat "$data/postgres.location" 2>/dev/null || echo "$data/postgres")
  pid=$(head -n 1 "$root/data/postmaster.pid" 2>/dev/null) && [ -n "$pid" ] && kill -QUIT "$pid" && wait_gone "$pid" 30
}

# run_phase N NAME PORT STOPPER WHEN: submit the phase's downloads, stop NAME at WHEN, ./hub up, check.
run_phase() {
  local phase=$1 name=$2 port=$3 stopper=$4 when=$5 ids response counts stopped_at up_at open_at back_at drained_at finished_jobs up_pid post_pid
  local downloads_bus saga_bus
  printf -- '--- phase %d: %s stopped and started again with %d downloads in flight\n' "$phase" "$name" "$jobs"
  ids=$(jq -c --argjson from $(((phase - 1) * jobs)) --argjson n "$jobs" \
    '[.items[] | select(.path | startswith("weights/"))] | sort_by(.path) | .[$from:$from + $n] | map(.id)' <<< "$files")
  curl -fsS -X DELETE "$sim/_sim/requests" > /dev/null
  downloads_bus=$(bus_counters $((MODELHUB_PORT_BASE + 82)) download-artifact)
  saga_bus=$(bus_counters $((MODELHUB_PORT_BASE + 80)) job-lifecycle)
  since=$(date -u -d '-2 sec' +%Y-%m-%dT%H:%M:%SZ)
  response="$data/download-response.json"
  post "$api/v1/hub/download" -d "{\"artifact_ids\": $ids}" > "$response" & post_pid=$!
  wait_until "$when" || give_up "the downloads get going"
  stopped_at=$(now)
  "$stopper" || give_up "$name stops"
  printf 'stopped %s with jobs %s\n' "$name" "$(sort <<< "$counts" | tr '\n' ' ')"
  wait "$post_pid"
  check "the $jobs downloads were accepted (202), the stop notwithstanding" test "$(jq '.jobs | length' "$response" 2>/dev/null)" = "$jobs"
  sleep "$down_seconds"
  up_at=$(now)
  up_restarts_one & up_pid=$!
  while ! port_open "$port" && kill -0 "$up_pid" 2>/dev/null; do sleep 0.1; done
  open_at=$(now)
  check "up starts $name again, and finds everything else running" wait "$up_pid"
  back_at=$(now)
  masked | grep -E '^   (postgres|rabbitmq) on'
  restarted=""
  check "all $jobs jobs of phase $phase finish" wait_all_finished 240
  drained_at=$(now)
  printf 'services restarted because their ready check found a queue without its consumer: %s\n' "${restarted:-none}"
  finished_jobs=$(phase_jobs)
  printf '%s was down %s, from the kill until its port opened again (./hub up ran %d s after the stop; the port opened %s into it; up returned after %s, every service ready)\n' \
    "$name" "$(elapsed "$stopped_at" "$open_at")" "$down_seconds" "$(elapsed "$up_at" "$open_at")" "$(elapsed "$up_at" "$back_at")"
  printf 'every job finished %s after %s was back (%s after up returned; the phase: %s from the kill)\n' \
    "$(elapsed "$open_at" "$drained_at")" "$name" "$(elapsed "$back_at" "$drained_at")" "$(elapsed "$stopped_at" "$drained_at")"
  report_jobs "$finished_jobs"
  printf 'bus, download-artifact (DownloadService): %s\n' "$(bus_changes "$downloads_bus" "$(bus_counters $((MODELHUB_PORT_BASE + 82)) download-artifact)")"
  printf 'bus, job-lifecycle (the saga, in the Api): %s\n' "$(bus_changes "$saga_bus" "$(bus_counters $((MODELHUB_PORT_BASE + 80)) job-lifecycle)")"
  check_fetches "$ids"
  check_events "$ids"
  check "no _error or _skipped queue" no_dead_letters
}

report_jobs() {
  local completed failed
  completed=$(awk '$2 == "completed"' <<< "$1" | grep -c .)
  failed=$(awk '$2 == "failed"' <<< "$1" | grep -c .)
  printf 'jobs: %d completed, %d failed; attempts: %s\n' "$completed" "$failed" \
    "$(awk '{ n[$3]++ } END { for (a in n) printf "%d job(s) with %d ", n[a], a }' <<< "$1")"
  awk '$2 == "failed" { $1 = $2 = $3 = $4 = ""; print "  failed:" $0 }' <<< "$1" | sort | uniq -c | head -5
  check "all $jobs jobs completed" test "$completed" -eq "$jobs"
  check "no job needed a second attempt" test -z "$(awk '$3 != 1' <<< "$1")"
}

# What the upstream was asked for: each content (the CDN serves it by SHA-256) from byte 0 once;
# a download cut short by the stop resumes from its part file with a Range that starts past 0.
check_fetches() {
  local requests contents from_zero resumed twice
  requests=$(get "$sim/_sim/requests?repo=$model&limit=100000" \
    | jq -r '.last[] | select(.kind == "cdn" and .method == "GET") | "\(.path | split("/") | last) \(.range // "bytes=0-")"')
  contents=$(jq -r --argjson ids "$1" '[.items[] | select(.id | IN($ids[])) | .sha256] | unique | length' <<< "$files")
  from_zero=$(awk '$2 ~ /^bytes=0-/ { print $1 }' <<< "$requests" | sort | uniq -c)
  twice=$(awk '$1 > 1' <<< "$from_zero" | grep -c .)
  resumed=$(awk '$2 !~ /^bytes=0-/' <<< "$requests" | grep -c .)
  printf 'upstream: %d content requests for %d distinct contents (%d files): %d from byte 0, %d resumed mid-file; %d content(s) fetched from byte 0 more than once\n' \
    "$(grep -c . <<< "$requests")" "$contents" "$jobs" "$(grep -c . <<< "$from_zero")" "$resumed" "$twice"
  check "each distinct content was fetched from the upstream once (resumptions aside)" \
    test "$twice" -eq 0 -a "$(grep -c . <<< "$from_zero")" -eq "$contents"
}

# What a subscriber heard: ArtifactDownloaded for every artifact, bytes announced as new once per content.
# A command run again after its first run stored the bytes (redelivered by the broker, or retried after
# the database came back) announces them as already stored (deduplicated), as the contract says.
check_events() {
  local events heard repeats fresh fresh_twice contents
  events=$(take_download_events)
  heard=$(heard_of "$1" "$events")
  # An event is published as its job is recorded complete, so it should be in the queue by now; give a late one 10 s.
  for _ in $(seq 1 20); do
    [ "$heard" -lt "$jobs" ] || break
    sleep 0.5
    events=$(printf '%s\n%s' "$events" "$(take_download_events)" | grep .)
    heard=$(heard_of "$1" "$events")
  done
  [ "$heard" -eq "$jobs" ] || describe_events_queue
  repeats=$(( $(grep -c . <<< "$events") - $(awk '{ print $1 }' <<< "$events" | sort -u | grep -c .) ))
  fresh=$(awk '$3 == "false" { print $2 }' <<< "$events" | sort -u | grep -c .)
  fresh_twice=$(awk '$3 == "false" { print $2 }' <<< "$events" | sort | uniq -d | grep -c .)
  contents=$(jq -r --argjson ids "$1" '[.items[] | select(.id | IN($ids[])) | .sha256] | unique | length' <<< "$files")
  printf 'ArtifactDownloaded: %d events, for %d/%d artifacts; %d repeated (a command run again found its work done); %d of %d contents announced as newly stored, %d only as already stored (their download was run again after it had stored them)\n' \
    "$(grep -c . <<< "$events")" "$heard" "$jobs" "$repeats" "$fresh" "$contents" $((contents - fresh))
  check "subscribers heard of every artifact" test "$heard" -eq "$jobs"
  check "no content was announced as newly stored twice" test "$fresh_twice" -eq 0
}

# Every file of the repository, page after page (1,000 at most per page; 500 jobs a phase need 1,000 weights and more).
all_files() {
  local cursor="" page items="[]"
  while :; do
    page=$(get "$api/v1/hub/models/$model/files?limit=1000${cursor:+&cursor=$cursor}") || return 1
    items=$(jq -c -s '.[0] + .[1].items' <(echo "$items") <(echo "$page"))
    cursor=$(jq -r '.next_cursor // empty' <<< "$page")
    [ -n "$cursor" ] || break
  done
  jq -c '{items: .}' <<< "$items"
}

# The store after both phases: one blob per distinct content of the completed artifacts, intact, no part left.
check_store() {
  local blobs expected bad
  blobs=$(find "$data/store/blobs/sha256" -type f -printf '%f\n' | sort)
  expected=$(all_files | jq -r '.items[] | select(.status == "completed") | .sha256' | sort -u)
  printf 'store: %d blobs for %d distinct contents of completed artifacts\n' "$(grep -c . <<< "$blobs")" "$(grep -c . <<< "$expected")"
  check "each content is stored once, and nothing else" test "$blobs" = "$expected"
  bad=$(cd "$data/store/blobs/sha256" && sha256sum -- * | awk '$1 != $2' | grep -c .)
  check "every blob hashes to its name" test "$bad" -eq 0
  check "temp/ holds no leftover part" test -z "$(find "$data/store/temp" -type f)"
}

if ! [[ $jobs =~ ^[0-9]+$ ]] || [ "$jobs" -lt 20 ] || [ "$jobs" -gt 500 ]; then
  give_up "MODELHUB_FAULTS_JOBS is a number from 20 to 500"
fi
printf 'jobs: %d downloads of %s per phase, each body throttled to %d bytes/s; down for %d s before ./hub up\n' \
  "$jobs" "$model" "$rate" "$down_seconds"
started_at=$SECONDS
start_stack
ctl=$(rabbitmqctl_of_instance)

sync_id=$(post "$api/v1/hub/sync" -d "{\"repo_id\":\"$model\"}" | jq -r '.id // .jobs[0].id')
check "$model syncs" wait_job "$sync_id" 120
files=$(all_files)
[ "$(jq '[.items[] | select(.path | startswith("weights/"))] | length' <<< "$files")" -eq $((2 * jobs)) ] \
  || give_up "the sync lists $((2 * jobs)) weights"
curl -fsS -X PUT "$sim/_sim/repos/$model/faults" -H 'Content-Type: application/json' -d "{\"bytesPerSecond\": $rate}" > /dev/null \
  || give_up "the simulator takes the throttle"
check "a queue of our own hears ArtifactDownloaded, as the audit-log subscriber's does" subscribe_to_downloads

echo "(bus figures, from MassTransit's counters: receive = deliveries, redeliveries included; consume = consumer runs, retries included; <counter>/<exception> = those that threw)"
run_phase 1 RabbitMQ $((MODELHUB_PORT_BASE + 72)) stop_rabbitmq_hard while_dispatching
run_phase 2 PostgreSQL $((MODELHUB_PORT_BASE + 32)) stop_postgres_hard while_downloading

echo "--- after both phases"
check_store
printf 'whole test: %d s\n' $((SECONDS - started_at))
finish
