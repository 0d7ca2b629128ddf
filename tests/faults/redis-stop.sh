#!/usr/bin/env bash
# Fault test: kill -9 Redis under a running stack. Jobs must still complete, each set of bytes must
# still be fetched once (the locks fall back to PostgreSQL), the Api must answer without sending the stopped Redis
# a call (its circuit's counters on /metrics, not a stopwatch), and its ready
# check say Degraded; once Redis is started again, ready must say Healthy. Half of a repository's files
# are downloaded with Redis up (the baseline), the other half with Redis stopped, each file by two jobs
# at once; the figures compare the two halves.
set -uo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/harness.sh"
# Files from 20 kB up become download jobs (22 of the Wan repository's 42 files) instead of being fetched by the sync.
export Sync__SmallFileLimitBytes=20000
wan=Wan-AI/Wan2.1-T2V-1.3B

# download_twice FILES: two jobs per file (one JSON object a line), submitted together, for the workers to contend over.
download_twice() {
  local ids
  ids=$(jq -sc 'map(.id)' <<< "$1")
  download_jobs "$ids"
  download_jobs "$ids"
}
to_download() { repo_files "$1" | jq -sc 'map(select(.stored == false)) | sort_by(.size) | .[]'; }

start_stack

# Redis up: the syncs, a first download to warm the DownloadService up, then the baseline: every other
# large file of the repository (by size), twice.
started=$(now)
check "$wan syncs with Redis up" syncs "$wan" 120
synced_up=$(now)
check "sim/moving-main syncs with Redis up" syncs sim/moving-main 120
mapfile -t jobs_warm_up < <(download_twice "$(to_download sim/moving-main)")
check "a first download completes" wait_jobs 120 "${jobs_warm_up[@]}"
files=$(to_download "$wan")
[ "$(lines "$files")" -ge 20 ] || give_up "the sync leaves at least 20 files to download (it left $(lines "$files"))"
half_up=$(awk 'NR % 2 == 1' <<< "$files")
half_down=$(awk 'NR % 2 == 0' <<< "$files")
forget_requests
up_started=$(now)
mapfile -t jobs_up < <(download_twice "$half_up")
slowest_poll=0
check "${#jobs_up[@]} download jobs complete with Redis up" wait_jobs 180 "${jobs_up[@]}"
downloaded_up=$(now)
slowest_poll_up=$slowest_poll
check "with Redis up, no file is fetched twice ($(lines "$(content_requests)") content fetches)" test "$(fetched_twice)" = 0
answers=("/v1/hub/models" "/v1/hub/jobs" "/v1/hub/jobs/${jobs_up[0]}" "/v1/hub/models/$wan/files" "/api/models/$wan")
declare -A answers_up
for path in "${answers[@]}"; do answers_up[$path]=$(answer_ms "$path"); done

# Redis dies.
crash redis || give_up "Redis runs with a pid file"
stopped=$(now)
figure 'stopped Redis (kill -9 %s)' "$crashed_pid"
check "the Api's ready says Degraded within 15 s" wait_ready Degraded 15
report=$(curl -sS -w '\n%{http_code}' "$api/health/ready")
check "ready answers 200 while Degraded" test "$(tail -n 1 <<< "$report")" = 200
check "ready's redis check is Degraded, postgres Healthy" \
  test "$(head -n 1 <<< "$report" | jq -r '[.checks.redis.status, .checks.postgres.status] | join(" ")')" = "Degraded Healthy"
figure 'ready: %s' "$(head -n 1 <<< "$report" | jq -c '{status, redis: .checks.redis.description}')"
for svc in sync download scan; do
  check "the service on base+$(($(service_port "$svc") - MODELHUB_PORT_BASE)) says Degraded" test "$(ready_status "$svc")" = Degraded
done
# From here until Redis is back, a call sent to it would wait for its timeout: the Api's circuit must send none.
sent_down=$(redis_calls sent)
skipped_down=$(redis_calls skipped)

# With Redis down: a sync of another repository, then the other half twice.
forget_requests
sync_started=$(now)
check "sim/shards syncs with Redis down" syncs sim/shards 120
down_started=$(now)
mapfile -t jobs_down < <(download_twice "$half_down")
slowest_poll=0
check "${#jobs_down[@]} download jobs complete with Redis down" wait_jobs 180 "${jobs_down[@]}"
downloaded_down=$(now)
figure 'slowest poll of a job while the downloads ran: %s ms with Redis down (%s ms with Redis up)' "$slowest_poll" "$slowest_poll_up"
check "with Redis down, no file is fetched twice ($(lines "$(content_requests)") content fetches)" test "$(fetched_twice)" = 0
slowest=$slowest_poll
for path in "${answers[@]}"; do
  ms=$(answer_ms "$path") || ms=-1
  figure 'GET %s: %s ms with Redis down (%s ms with Redis up)' "$path" "$ms" "${answers_up[$path]}"
  check "GET $path answers with Redis down" test "$ms" -ge 0
  [ "$ms" -gt "$slowest" ] && slowest=$ms
done
figure "the Api's calls of Redis while it was down: %d sent, %d skipped at once (slowest answer or job poll: %d ms)" \
  $(($(redis_calls sent) - sent_down)) $(($(redis_calls skipped) - skipped_down)) "$slowest"
check "the Api sent the stopped Redis no call for those answers and job polls" test "$(redis_calls sent)" -eq "$sent_down"
check "it skipped the calls they made (live progress, caches)" test "$(redis_calls skipped)" -gt "$skipped_down"
check "every blob ($(blob_count)) hashes to its name" every_blob_hashes_to_its_name
check "every blob is a content the upstream announced" only_announced "$(upstream_contents "$wan" sim/moving-main sim/shards)"
check "temp/ holds no leftover part" no_part_left

# Redis back: `./hub up` starts what is not running.
restarted=$(now)
check "up starts Redis again" hub_up
up_returned=$(now)
check "the Api's ready says Healthy again within 30 s" wait_ready Healthy 30
back=$(now)
check "a sync completes with Redis back" syncs "$wan" 60

figure 'syncs: %s with Redis up %s, sim/shards with Redis down %s' "$wan" "$(elapsed "$started" "$synced_up")" "$(elapsed "$sync_started" "$down_started")"
figure 'downloads, Redis up (baseline): %d jobs for %d files (%s) in %s' \
  "${#jobs_up[@]}" "$(lines "$half_up")" "$(mib "$(jq -s 'map(.size) | add // 0' <<< "$half_up")")" "$(elapsed "$up_started" "$downloaded_up")"
figure 'downloads, Redis down: %d jobs for %d files (%s) in %s' \
  "${#jobs_down[@]}" "$(lines "$half_down")" "$(mib "$(jq -s 'map(.size) | add // 0' <<< "$half_down")")" "$(elapsed "$down_started" "$downloaded_down")"
figure 'Redis down for %s in all; ./hub up took %s, and ready said Healthy %s after it returned' \
  "$(elapsed "$stopped" "$up_returned")" "$(elapsed "$restarted" "$up_returned")" "$(elapsed "$up_returned" "$back")"

finish
