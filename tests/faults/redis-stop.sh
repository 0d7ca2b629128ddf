#!/usr/bin/env bash
# Fault test of issue 10: stop Redis under a running stack. Jobs must still complete, each set of
# bytes must still be fetched once (the locks fall back to PostgreSQL), the Api must answer at once
# and its ready check say Degraded; once Redis is started again, ready must say Healthy.
# Half of a repository's files are downloaded with Redis up (the baseline), the other half with
# Redis stopped, each file by two jobs at once; the figures compare the two halves.
set -uo pipefail

# The stack, the checks and the helpers.
# shellcheck source-path=SCRIPTDIR source=lib/stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
# Files from 20 kB up become download jobs (22 of the Wan repository's 42 files) instead of being fetched by the sync.
export Sync__SmallFileLimitBytes=20000
wan=Wan-AI/Wan2.1-T2V-1.3B

# wait_jobs SECONDS ID...: until every job is completed (0), or one failed or the time is up (1).
# Polling a running job reads its live progress from Redis: the slowest poll is kept in slowest_poll (ms).
slowest_poll=0
wait_jobs() {
  local deadline=$((SECONDS + $1)) id state answer ms; shift
  for id in "$@"; do
    while :; do
      answer=$(curl -sS -w '\n%{time_total}' "$api/v1/hub/jobs/$id" 2>/dev/null)
      state=$(head -n 1 <<< "$answer" | jq -r .state 2>/dev/null)
      ms=$(tail -n 1 <<< "$answer" | awk '{ printf "%d", $1 * 1000 }')
      [ "$ms" -gt "$slowest_poll" ] && slowest_poll=$ms
      case $state in
        completed) break ;;
        failed|cancelled) echo "job $id: $state: $(get "$api/v1/hub/jobs/$id" | jq -r .error)"; return 1 ;;
      esac
      [ "$SECONDS" -lt "$deadline" ] || { echo "job $id not completed after $1 s (state $state)"; return 1; }
      sleep 0.3
    done
  done
}
sync_job() { post "$api/v1/hub/sync" -d "{\"repo_id\":\"$1\"}" | jq -r .id; }
# download_twice FILES: two jobs per file (one JSON object a line), submitted together, for the workers to contend over.
download_twice() {
  local ids
  ids=$(jq -sc 'map(.id)' <<< "$1")
  { post "$api/v1/hub/download" -d "{\"artifact_ids\":$ids}"; post "$api/v1/hub/download" -d "{\"artifact_ids\":$ids}"; } | jq -r '.jobs[].id'
}
ready() { curl -sS "$api/health/ready"; }
# wait_ready STATUS SECONDS
wait_ready() {
  local deadline=$((SECONDS + $2))
  until [ "$(ready | jq -r .status)" = "$1" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "ready: $(ready)"; return 1; }
    sleep 0.2
  done
}
# Content fetches (GET of /cdn/…) since the log was cleared, per path: none may appear twice.
fetched_twice() { get "$sim/_sim/requests" | jq '[.last[] | select(.kind == "cdn" and .method == "GET") | .path] | group_by(.) | map(select(length > 1)) | length'; }
cdn_fetches() { get "$sim/_sim/requests" | jq '[.last[] | select(.kind == "cdn" and .method == "GET")] | length'; }
bytes_of() { jq -s 'map(.size) | add // 0' <<< "$1"; }
time_get() { curl -fsS -o /dev/null -w '%{time_total}' "$api$1" | awk '{ printf "%d", $1 * 1000 }'; }

start_stack

# Redis up: the sync, a first download to warm the DownloadService up, then the baseline: every
# other large file of the repository (by size), twice.
started=$(now)
check "$wan syncs with Redis up" wait_jobs 120 "$(sync_job "$wan")"
synced_up=$(now)
check "sim/moving-main syncs with Redis up" wait_jobs 120 "$(sync_job sim/moving-main)"
warm_up=$(get "$api/v1/hub/models/sim/moving-main/files" | jq -c '.items[] | select(.stored == false)')
mapfile -t jobs_warm_up < <(download_twice "$warm_up")
check "a first download completes" wait_jobs 120 "${jobs_warm_up[@]}"
files=$(get "$api/v1/hub/models/$wan/files" | jq -c '[.items[] | select(.stored == false)] | sort_by(.size) | .[]')
count=$(grep -c . <<< "$files")
[ "$count" -ge 20 ] || give_up "the sync leaves at least 20 files to download (it left $count)"
half_up=$(awk 'NR % 2 == 1' <<< "$files")
half_down=$(awk 'NR % 2 == 0' <<< "$files")
curl -fsS -X DELETE "$sim/_sim/requests" > /dev/null
up_started=$(now)
mapfile -t jobs_up < <(download_twice "$half_up")
slowest_poll=0
check "${#jobs_up[@]} download jobs complete with Redis up" wait_jobs 180 "${jobs_up[@]}"
downloaded_up=$(now)
slowest_poll_up=$slowest_poll
check "with Redis up, no file is fetched twice ($(cdn_fetches) content fetches)" test "$(fetched_twice)" = 0

# The same answers with Redis up, to compare.
answers=("/v1/hub/models" "/v1/hub/jobs" "/v1/hub/jobs/${jobs_up[0]}" "/v1/hub/models/$wan/files" "/api/models/$wan")
declare -A answers_up
for path in "${answers[@]}"; do answers_up[$path]=$(time_get "$path"); done

# Redis stops (as a crash would).
redis_pid=$(cat "$data/redis/redis.pid" 2>/dev/null)
[ -n "$redis_pid" ] && kill -9 "$redis_pid" || give_up "Redis runs with a pid file"
stopped=$(now)
printf 'stopped Redis (kill -9 %s)\n' "$redis_pid"
check "the Api's ready says Degraded within 15 s" wait_ready Degraded 15
report=$(curl -sS -w '\n%{http_code}' "$api/health/ready")
check "ready answers 200 while Degraded" test "$(tail -n 1 <<< "$report")" = 200
check "ready's redis check is Degraded, postgres Healthy" \
  test "$(head -n 1 <<< "$report" | jq -r '[.checks.redis.status, .checks.postgres.status] | join(" ")')" = "Degraded Healthy"
printf 'ready: %s\n' "$(head -n 1 <<< "$report" | jq -c '{status, redis: .checks.redis.description}')"
for port in 81 82 83; do
  check "the service on base+$port says Degraded" bash -c "curl -sS http://127.0.0.1:$((MODELHUB_PORT_BASE + port))/health/ready | jq -e '.status == \"Degraded\"' > /dev/null"
done

# With Redis down: a sync of another repository, then the other half twice.
curl -fsS -X DELETE "$sim/_sim/requests" > /dev/null
sync_started=$(now)
check "sim/shards syncs with Redis down" wait_jobs 120 "$(sync_job sim/shards)"
down_started=$(now)
mapfile -t jobs_down < <(download_twice "$half_down")
slowest_poll=0
check "${#jobs_down[@]} download jobs complete with Redis down" wait_jobs 180 "${jobs_down[@]}"
downloaded_down=$(now)
printf 'slowest poll of a job while the downloads ran: %s ms with Redis down (%s ms with Redis up)\n' "$slowest_poll" "$slowest_poll_up"
check "with Redis down, no file is fetched twice ($(cdn_fetches) content fetches)" test "$(fetched_twice)" = 0

slowest=0
for path in "${answers[@]}"; do
  ms=$(time_get "$path") || ms=-1
  printf 'GET %s: %s ms with Redis down (%s ms with Redis up)\n' "$path" "$ms" "${answers_up[$path]}"
  check "GET $path answers with Redis down" test "$ms" -ge 0
  [ "$ms" -gt "$slowest" ] && slowest=$ms
done
# A Redis call that waited for its timeout would take seconds (it used to be 5 s, and then fail).
[ "$slowest_poll" -gt "$slowest" ] && slowest=$slowest_poll
check "every answer and job poll took under 2 s (slowest $slowest ms)" test "$slowest" -lt 2000

bad=0
for blob in "$data"/store/blobs/sha256/*; do
  [ "$(sha256sum "$blob" | cut -d' ' -f1)" = "$(basename "$blob")" ] || { echo "bad blob: $blob"; bad=$((bad + 1)); }
done
check "every blob ($(find "$data/store/blobs/sha256" -type f | wc -l)) hashes to its name" test "$bad" = 0
check "temp/ holds no leftover part" test -z "$(find "$data/store/temp" -type f 2>/dev/null)"

# Redis back: `./hub up` starts what is not running.
restarted=$(now)
check "up starts Redis again" hub_up
up_returned=$(now)
check "the Api's ready says Healthy again within 30 s" wait_ready Healthy 30
back=$(now)
check "a sync completes with Redis back" wait_jobs 60 "$(sync_job "$wan")"

printf 'syncs: %s with Redis up %s, sim/shards with Redis down %s\n' "$wan" "$(elapsed "$started" "$synced_up")" "$(elapsed "$sync_started" "$down_started")"
printf 'downloads, Redis up (baseline): %d jobs for %d files (%s) in %s\n' \
  "${#jobs_up[@]}" "$(grep -c . <<< "$half_up")" "$(mib "$(bytes_of "$half_up")")" "$(elapsed "$up_started" "$downloaded_up")"
printf 'downloads, Redis down: %d jobs for %d files (%s) in %s\n' \
  "${#jobs_down[@]}" "$(grep -c . <<< "$half_down")" "$(mib "$(bytes_of "$half_down")")" "$(elapsed "$down_started" "$downloaded_down")"
printf 'Redis down for %s in all; ./hub up took %s, and ready said Healthy %s after it returned\n' \
  "$(elapsed "$stopped" "$up_returned")" "$(elapsed "$restarted" "$up_returned")" "$(elapsed "$up_returned" "$back")"

finish
