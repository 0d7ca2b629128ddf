#!/usr/bin/env bash
# Fault test: kill -9 the DownloadService in the middle of a large download; its supervisor must start it
# again by itself (the test starts nothing). The job must complete, the blob must hash to its name, and the
# bytes asked for a second time must stay under half the file (the downloader resumes from its part file). Figures are printed; the file size
# is MODELHUB_FAULTS_FILE_BYTES (512 MiB by default), throttled so the download takes about
# MODELHUB_FAULTS_SECONDS (10).
set -uo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/harness.sh"
size=${MODELHUB_FAULTS_FILE_BYTES:-536870912}
seconds=${MODELHUB_FAULTS_SECONDS:-10}
connections=8 # the DownloadService's Downloads:Connections default; each body is throttled on its own
export MODELHUB_SIMULATOR_ARGS="--Simulator:LargeFileBytes=$size"
model=sim/large-file
file=cold.safetensors

# asked_for before|after: "requests bytes" of the file's content requests before or after the kill (a
# range without an end runs to the end of the file).
asked_for() {
  content_requests "$model" | awk -v t="$killed" -v side="$1" -v size="$size" '
    (side == "before") == ($1 < t) { split(substr($3, 7), r, "-"); bytes += (r[2] == "" ? size - 1 : r[2]) - r[1] + 1; n++ }
    END { printf "%d %.0f\n", n, bytes }'
}

figure 'file: %s/%s, %s bytes (%s), throttled to about %s s' "$model" "$file" "$size" "$(mib "$size")" "$seconds"
start_stack
check "$model syncs" syncs "$model" 120
artifact=$(repo_file "$model" "$file" | jq -r .id)
[[ $artifact =~ ^[0-9a-f-]{36}$ ]] || give_up "the sync lists $file"
throttle "$model" $((size / seconds / connections)) || give_up "the simulator takes the throttle"
forget_requests

# The download, and the kill once 30% of it is done.
download_id=$(download_jobs "[\"$artifact\"]")
[[ $download_id =~ ^[0-9a-f-]{36}$ ]] || give_up "the download is accepted"
started=$(now)
wait_progress "$download_id" bytes_done $((size * 3 / 10)) $((seconds * 6))
done_at_kill=${progress_done:-0}
if ((done_at_kill < size * 3 / 10 || done_at_kill > size * 7 / 10)) || ! crash download; then
  give_up "the download reaches 30-70% ($done_at_kill bytes done) with a DownloadService running"
fi
killed=$(now)
figure 'killed the DownloadService (kill -9) after %s at %s bytes done (%d%%)' \
  "$(elapsed "$started" "$killed")" "$done_at_kill" $((done_at_kill * 100 / size))
check "the DownloadService is gone" wait_gone "$crashed_pid" 10
figure 'left in temp/ by the killed service: %s part file(s), %s on disk' "$(part_files)" "$(mib "$(part_bytes_on_disk)")"

# The supervisor starts it again, and the job completes.
check "the supervisor starts the DownloadService again by itself, and it is ready" back_by_itself download "$crashed_pid" 60
restarted=$(now)
figure 'the DownloadService was back (a new process, ready) %s after the kill; restarts counted by its supervisor: %s' \
  "$(elapsed "$killed" "$restarted")" "$(service_restarts download)"
check "the supervisor counts one restart of it, and of nothing else" test "$(services_restarted)" = "download 1"
check "the download job completes after the restart" wait_jobs $((seconds * 12)) "$download_id"
completed=$(now)

# What was asked for again: whatever was asked for beyond the file's size was asked twice, an upper
# bound, since the requests cut short by the kill had not sent all they asked for; at least the bytes
# counted done before the kill that were asked for again.
read -r requests_before asked_before <<< "$(asked_for before)"
read -r requests_after asked_after <<< "$(asked_for after)"
refetched=$((asked_before + asked_after - size))
refetched_least=$((done_at_kill - (size - asked_after)))
[ "$refetched_least" -ge 0 ] || refetched_least=0
figure 'content requests: %d before the kill (%s asked), %d after (%s asked, %d%% of the file)' \
  "$requests_before" "$(mib "$asked_before")" "$requests_after" "$(mib "$asked_after")" $((asked_after * 100 / size))
figure 're-fetched after the restart: at most %s bytes (%s, %s of the file: asked before the kill and again after it), at least %s bytes (%s: counted done before the kill and asked again)' \
  "$refetched" "$(mib "$refetched")" "$(percent "$refetched" "$size")" "$refetched_least" "$(percent "$refetched_least" "$size")"
figure 'time to complete after the restart: %s (whole download: %s)' "$(elapsed "$restarted" "$completed")" "$(elapsed "$started" "$completed")"
check "the requests after the kill cover the rest of the file" test "$asked_after" -ge $((size - done_at_kill))
check "bytes re-fetched are under 50% of the file" test $((refetched * 2)) -lt "$size"

final=$(job "$download_id")
figure 'job: state %s, attempts %s, bytes_done %s' "$(jq -r .state <<< "$final")" "$(jq -r .attempts <<< "$final")" "$(jq -r .progress.bytes_done <<< "$final")"
announced=$(upstream_sha256 "$model" "$file")
check "ModelHub recorded the SHA-256 the upstream announced" test "$(repo_file "$model" "$file" | jq -r .sha256)" = "$announced"
blob=$(blob_path "$announced")
check "the blob is stored at full size" test "$(stat -c %s "$blob" 2>/dev/null)" = "$size"
check "the blob hashes to its name" hashes_to_its_name "$blob"
check "temp/ holds no leftover part" no_part_left

finish
