# The stack's Api: requests (changes with the admin key), jobs submitted and waited for with a
# ceiling, download jobs counted by state, a repository's files, the ready checks.
# shellcheck shell=bash
# shellcheck disable=SC2154 # api and key come from stack.sh

get() { curl -fsS --max-time 60 "$@"; }
post() { curl -fsS --max-time 60 -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$@"; }
job() { get "$api/v1/hub/jobs/$1"; }
# answer_ms PATH: how long the Api took to answer a GET of PATH, in whole ms.
answer_ms() { curl -fsS --max-time 60 -o /dev/null -w '%{time_total}' "$api$1" | awk '{ printf "%d", $1 * 1000 }'; }

# sync_job REPO: a sync of the repository (registered on the way if need be); prints the job's id.
sync_job() { post "$api/v1/hub/sync" -d "{\"repo_id\":\"$1\"}" | jq -r '.id // .jobs[0].id'; }
# syncs REPO SECONDS: the repository is synced within SECONDS.
syncs() { wait_jobs "$2" "$(sync_job "$1")"; }
# download_jobs IDS: a download job per artifact of IDS (a JSON array); prints the jobs' ids, one a line.
download_jobs() { post "$api/v1/hub/download" -d "{\"artifact_ids\": $1}" | jq -r '.jobs[].id'; }

# wait_jobs SECONDS ID...: until every job is completed (0), or one failed or was cancelled, or the time
# is up (1). Polling a running job reads its live progress from Redis: the slowest poll (ms) is kept in
# $slowest_poll, which a script resets before the jobs it measures.
slowest_poll=0
wait_jobs() {
  local seconds=$1 deadline=$((SECONDS + $1)) id answer state ms
  shift
  for id in "$@"; do
    while :; do
      answer=$(curl -sS --max-time 60 -w '\n%{time_total}' "$api/v1/hub/jobs/$id" 2>/dev/null)
      state=$(head -n 1 <<< "$answer" | jq -r .state 2>/dev/null)
      ms=$(tail -n 1 <<< "$answer" | awk '{ printf "%d", $1 * 1000 }')
      [ "$ms" -gt "$slowest_poll" ] && slowest_poll=$ms
      case $state in
        completed) break ;;
        failed|cancelled) echo "job $id: $state: $(job "$id" | jq -r .error)"; return 1 ;;
      esac
      [ "$SECONDS" -lt "$deadline" ] || { echo "job $id not completed after $seconds s (state $state)"; return 1; }
      sleep 0.3
    done
  done
}

# wait_progress JOB FIELD VALUE SECONDS: until the job's progress FIELD (bytes_done, items_done) reaches VALUE (0) or
# SECONDS pass (1); the last figure read is left in $progress_done.
wait_progress() {
  local deadline=$((SECONDS + $4))
  progress_done=0
  while [ "$SECONDS" -lt "$deadline" ]; do
    progress_done=$(job "$1" | jq -r ".progress.$2 // 0")
    [ "${progress_done:-0}" -ge "$3" ] && return 0
    sleep 0.1
  done
  return 1
}

# download_jobs_since TIME: "id state attempts dispatched error" per download job made since TIME
# (nothing while the database is away).
download_jobs_since() {
  get "$api/v1/hub/jobs?kind=download&limit=500&since=$1" 2>/dev/null \
    | jq -r '.items[] | "\(.id) \(.state) \(.attempts) \(.dispatched_at != null) \(.error // "")"'
}
# count_states: "state count" lines of those jobs; pending is split into pending (command sent) and undispatched.
count_states() { awk '{ s = ($2 == "pending" && $4 == "false") ? "undispatched" : $2; n[s]++ } END { for (s in n) printf "%s %d\n", s, n[s] }'; }
# state_count STATE COUNTS
state_count() { awk -v s="$1" '$1 == s { print $2 }' <<< "$2" | grep . || echo 0; }

# wait_for_jobs SINCE SECONDS POLL CONDITION [EVERY_5_S]: polls the download jobs made since SINCE every
# POLL seconds until `CONDITION COUNTS` holds (0) or SECONDS pass (1, the last counts printed); the last
# counts are left in $counts. EVERY_5_S, when given, runs every 5 s meanwhile.
wait_for_jobs() {
  local since=$1 seconds=$2 poll=$3 condition=$4 every=${5:-} deadline=$((SECONDS + $2)) next=$((SECONDS + 5))
  while [ "$SECONDS" -lt "$deadline" ]; do
    counts=$(download_jobs_since "$since" | count_states)
    "$condition" "$counts" && return 0
    if [ -n "$every" ] && [ "$SECONDS" -ge "$next" ]; then "$every"; next=$((SECONDS + 5)); fi
    sleep "$poll"
  done
  echo "after $seconds s: $(tr '\n' ' ' <<< "$counts")"
  return 1
}

# job_figures JOBS: the figures of download_jobs_since's lines: how many completed and failed, their
# attempts, and the first failures' errors.
job_figures() {
  figure 'jobs: %d completed, %d failed; attempts: %s' "$(jobs_in completed "$1")" "$(jobs_in failed "$1")" \
    "$(awk '{ n[$3]++ } END { for (a in n) printf "%d job(s) with %d ", n[a], a }' <<< "$1")"
  awk '$2 == "failed" { $1 = $2 = $3 = $4 = ""; print "  failed:" $0 }' <<< "$1" | sort | uniq -c | head -5
}
# jobs_in STATE JOBS: how many of download_jobs_since's lines are in that state.
jobs_in() { awk -v s="$1" '$2 == s' <<< "$2" | grep -c .; }

# repo_files REPO: every file of the repository, one JSON object a line, page after page.
repo_files() {
  local cursor="" page
  while :; do
    page=$(get "$api/v1/hub/models/$1/files?limit=1000${cursor:+&cursor=$cursor}") || return 1
    jq -c '.items[]' <<< "$page"
    cursor=$(jq -r '.next_cursor // empty' <<< "$page")
    [ -n "$cursor" ] || break
  done
}
# repo_file REPO PATH: that file of the repository, as a JSON object.
repo_file() { repo_files "$1" | jq -c -n --arg p "$2" 'first(inputs | select(.path == $p))'; }

# ready [SERVICE]: the /health/ready answer of a service, the Api's when none is named.
ready() { curl -sS --max-time 10 "http://127.0.0.1:$(service_port "${1:-api}")/health/ready"; }
ready_status() { ready "$@" | jq -r .status 2>/dev/null; }
# redis_calls OUTCOME [SERVICE]: the service's calls of Redis so far that were sent, or skipped while its circuit was
# open (its modelhub.redis.calls counter on /metrics; 0 before the first).
redis_calls() {
  get "http://127.0.0.1:$(service_port "${2:-api}")/metrics" 2>/dev/null \
    | awk -v outcome="modelhub_redis_outcome=\"$1\"" 'index($0, "modelhub_redis_calls_total{") == 1 && index($0, outcome) { n += $NF } END { printf "%d", n }'
}
# wait_ready STATUS SECONDS: until the Api's ready check says STATUS (0), or SECONDS pass (1, its answer printed).
wait_ready() {
  local deadline=$((SECONDS + $2))
  until [ "$(ready_status api)" = "$1" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "ready: $(ready api)"; return 1; }
    sleep 0.2
  done
}
