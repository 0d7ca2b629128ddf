# The stack's model store: its blobs, named by the SHA-256 of their bytes, and the part files that
# downloads write in temp/.
# shellcheck shell=bash
# shellcheck disable=SC2154 # store comes from stack.sh

blob_path() { printf '%s/blobs/sha256/%s' "$store" "$1"; }
blob_count() { find "$store/blobs/sha256" -type f | wc -l; }
# stored_contents: the blobs' names, sorted.
stored_contents() { find "$store/blobs/sha256" -type f -printf '%f\n' | sort; }

hashes_to_its_name() { [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$(basename "$1")" ]; }
# every_blob_hashes_to_its_name: prints each blob that does not, and fails if there is one (one sha256sum for them all).
every_blob_hashes_to_its_name() {
  find "$store/blobs/sha256" -type f -exec sha256sum {} + \
    | awk '{ n = split($2, part, "/"); if ($1 != part[n]) { print "bad blob: " $2; bad++ } } END { exit bad > 0 }'
}

no_part_left() { [ -z "$(find "$store/temp" -type f 2>/dev/null)" ]; }
part_files() { find "$store/temp" -type f | wc -l; }
# Part files are sized up front (sparse): the bytes they hold on disk say how much was written into them.
part_bytes_on_disk() { find "$store/temp" -type f -printf '%b\n' 2>/dev/null | awk '{ s += $1 * 512 } END { printf "%.0f", s }'; }
