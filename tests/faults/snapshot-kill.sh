#!/usr/bin/env bash
# Fault test: kill -9 the DownloadService in the middle of a snapshot of 10,000 files; its supervisor must start it
# again by itself. The snapshot job must complete with every file stored and verified against the upstream's word,
# and what the killed service had stored must not be fetched again: the files fetched twice stay within those its
# batches had in flight (the batches an instance runs at once x the files a batch fetches at once). Figures are printed.
# shellcheck disable=SC2317 # the checks are called through check
set -uo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/harness.sh"
# The sync records the files and stores none of them: the snapshot fetches them all.
export Sync__SmallFileLimitBytes=0
model=sim/ten-thousand-files
in_flight=$((2 * 16)) # Snapshots:ConcurrentBatches x Snapshots:FileConcurrency, the defaults

# resolve_counts: "requests files twice" of the model's file fetches at resolve since forget_requests (its LFS files,
# fetched at the CDN after the redirect, are counted there by fetch_counts).
resolve_counts() {
  get "$sim/_sim/requests?limit=1000000&repo=$model" \
    | jq -r '.last[] | select(.kind == "resolve" and .method == "GET") | .path' \
    | awk '{ n[$1]++; requests++ } END { for (p in n) { files++; if (n[p] > 1) twice++ } printf "%d %d %d\n", requests, files, twice }'
}

# stored_as_announced: every file of the model is recorded with a SHA-256 whose blob is stored, and that blob is the
# upstream's: an LFS file's SHA-256 is the one its tree announces, any other file's git blob id is the tree's oid.
stored_as_announced() {
  local tree ours joined regular bad
  tree=$(tree_files "$model" '"\(.path) \(.oid) \(.lfs.oid // "-")"' | sort) || return 1
  ours=$(repo_files "$model" | jq -r '"\(.path) \(.sha256 // "-")"' | sort)
  [ "$(grep -c . <<< "$ours")" = "$(grep -c . <<< "$tree")" ] \
    || { echo "ModelHub lists $(grep -c . <<< "$ours") files, the upstream $(grep -c . <<< "$tree")"; return 1; }
  # "path oid lfs_sha256 our_sha256" a file.
  joined=$(join <(printf '%s\n' "$tree") <(printf '%s\n' "$ours"))
  bad=$(awk -v store="$store" '{ blob = store "/blobs/sha256/" $4; if ((getline _ < blob) < 0) print $1 ": no blob"; close(blob) }
                                $3 != "-" && $3 != $4 { print $1 ": " $4 ", the upstream announces " $3 }' <<< "$joined")
  # The regular files: their blobs' git ids, beside the oids the tree announces.
  regular=$(awk -v store="$store" '$3 == "-" { print $1, $2, store "/blobs/sha256/" $4 }' <<< "$joined")
  bad+=$(paste -d' ' <(printf '%s\n' "$regular") <(awk '{ print $3 }' <<< "$regular" | git hash-object --stdin-paths 2>/dev/null) \
    | awk '$2 != $4 { print $1 ": git id " $4 ", the upstream announces " $2 }')
  [ -z "$bad" ] || { head -5 <<< "$bad"; return 1; }
}

start_stack
check "$model syncs, storing none of its files" syncs "$model" 120
files=$(repo_files "$model" | grep -c .)
figure 'snapshot of %s: %s files, none stored' "$model" "$files"
forget_requests

snapshot_id=$(post "$api/v1/hub/download" -d "{\"repo_id\": \"$model\"}" | jq -r '.jobs[0].id')
[[ $snapshot_id =~ ^[0-9a-f-]{36}$ ]] || give_up "the snapshot is accepted as one job"
started=$(now)
wait_progress "$snapshot_id" items_done $((files * 3 / 10)) 120
done_at_kill=${progress_done:-0}
if ((done_at_kill < files * 3 / 10 || done_at_kill > files * 8 / 10)) || ! crash download; then
  give_up "the snapshot reaches 30-80% ($done_at_kill of $files files done) with a DownloadService running"
fi
killed=$(now)
figure 'killed the DownloadService (kill -9) after %s at %s of %s files done' "$(elapsed "$started" "$killed")" "$done_at_kill" "$files"
check "the DownloadService is gone" wait_gone "$crashed_pid" 10

check "the supervisor starts the DownloadService again by itself, and it is ready" back_by_itself download "$crashed_pid" 60
restarted=$(now)
figure 'the DownloadService was back %s after the kill' "$(elapsed "$killed" "$restarted")"
check "the snapshot job completes after the restart" wait_jobs 300 "$snapshot_id"
completed=$(now)
final=$(job "$snapshot_id")
figure 'job: state %s, attempts %s, %s of %s files, %s failed; %s' "$(jq -r .state <<< "$final")" "$(jq -r .attempts <<< "$final")" \
  "$(jq -r .progress.items_done <<< "$final")" "$(jq -r .progress.items_total <<< "$final")" "$(jq -r .progress.items_failed <<< "$final")" "$(jq -r .summary <<< "$final")"
figure 'time to complete after the restart: %s (whole snapshot: %s)' "$(elapsed "$restarted" "$completed")" "$(elapsed "$started" "$completed")"
check "the job counts every file done, none failed" test "$(jq -r '"\(.progress.items_done) \(.progress.items_failed)"' <<< "$final")" = "$files 0"

read -r resolved resolved_files resolved_twice <<< "$(resolve_counts)"
read -r cdn_requests cdn_files _ cdn_twice <<< "$(fetch_counts "$model")"
twice=$((resolved_twice + cdn_twice))
figure 'upstream: %s fetches at resolve for %s files, %s at the CDN for %s LFS files; fetched twice: %s (at most %s were in flight at the kill)' \
  "$resolved" "$resolved_files" "$cdn_requests" "$cdn_files" "$twice" "$in_flight"
check "what the killed service stored was not fetched again" test "$twice" -le "$in_flight"
check "every file is stored as the upstream announces it" stored_as_announced
check "every blob hashes to its name" every_blob_hashes_to_its_name
check "temp/ holds no leftover part" no_part_left

finish
