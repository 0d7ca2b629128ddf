# The upstream simulator of the stack: its knobs, and the log of the requests it answered.
# shellcheck shell=bash
# shellcheck disable=SC2154 # sim comes from stack.sh

# throttle REPO BYTES_PER_SECOND: every body of the repository's files is sent at that rate, each on its own.
throttle() {
  curl -fsS -X PUT "$sim/_sim/repos/$1/faults" -H 'Content-Type: application/json' -d "{\"bytesPerSecond\": $2}" > /dev/null
}
forget_requests() { curl -fsS -X DELETE "$sim/_sim/requests" > /dev/null; }

# content_requests [REPO]: the GETs of file contents (the simulator's CDN, which serves a content by its
# SHA-256) since forget_requests, of one repository or all, oldest first: "epoch path range bytes" a line,
# the range "bytes=0-" for a whole body, bytes what the body carried (less than asked for when it was cut).
content_requests() {
  get "$sim/_sim/requests?limit=1000000${1:+&repo=$1}" | jq -r '
    def epoch: capture("^(?<s>[^.Z+]*)(?<f>[.][0-9]+)?") | ((.s + "Z") | fromdateiso8601) + ((.f // ".0") | tonumber);
    .last[] | select(.kind == "cdn" and .method == "GET") | "\(.at | epoch) \(.path) \(.range // "bytes=0-") \(.bodyBytes)"'
}

# fetched_twice: how many contents were asked for more than once since forget_requests, ranges or not.
fetched_twice() { content_requests | awk '{ print $2 }' | sort | uniq -d | grep -c .; }

# fetch_counts REPO: "requests from_zero resumed twice" of the repository's content requests: how many in
# all, how many contents were fetched from byte 0, how many requests resumed a content past byte 0 (from
# a part file), how many contents were fetched from byte 0 more than once.
fetch_counts() {
  content_requests "$1" | awk '
    { if ($3 ~ /^bytes=0-/) from_zero[$2]++; else resumed++; requests++ }
    END { for (c in from_zero) { contents++; if (from_zero[c] > 1) twice++ }
          printf "%d %d %d %d\n", requests, contents, resumed, twice }'
}

# sent_counts REPO: "whole_twice again sent refetched" of the repository's content requests, by the bytes their
# bodies carried: how many contents were sent whole (from byte 0 to their end) more than once, how many were asked
# for from byte 0 again after a request that was cut short, the bytes sent in all, and the bytes sent beyond each
# content's size (sent twice: the part of a cut request that the download did not keep, and any second copy).
# A content's size is taken as the furthest byte a request reached, so every content must have been sent to its end.
sent_counts() {
  content_requests "$1" | awk '
    { split(substr($3, 7), r, "-"); start = r[1] + 0; n++; path[n] = $2; from[n] = start; bytes[n] = $4 + 0
      sent += $4; total[$2] += $4; if (start + $4 > size[$2]) size[$2] = start + $4 }
    END { for (i = 1; i <= n; i++) if (from[i] == 0) { if (bytes[i] == size[path[i]]) whole[path[i]]++; else cut[path[i]]++ }
          for (c in size) { refetched += total[c] - size[c]; if (whole[c] > 1) whole_twice++; if (cut[c] > 0 && whole[c] > 0) again++ }
          printf "%d %d %.0f %.0f\n", whole_twice, again, sent, refetched }'
}

# upstream_files REPO: each file the simulator announces in the repository's tree at main, page after page
# (following its Link headers), as "sha256 path" a line: an LFS file by the lfs.oid it announces, a regular
# file by the SHA-256 of the bytes it serves. What the store is checked against: the upstream's word, not
# ModelHub's own records.
upstream_files() {
  tree_files "$1" '"\(.lfs.oid // "-") \(.path)"' | while read -r sha256 path; do
    [ "$sha256" = - ] && sha256=$(get "$sim/$1/resolve/main/$path" | sha256sum | cut -d' ' -f1)
    printf '%s %s\n' "$sha256" "$path"
  done
}
# tree_files REPO JQ: each file entry of the repository's tree at main, page after page (following the Link headers),
# printed through the jq expression JQ.
tree_files() {
  local url="$sim/api/models/$1/tree/main?recursive=true" headers
  headers=$(mktemp)
  while [ -n "$url" ]; do
    get -D "$headers" "$url" | jq -r ".[] | select(.type == \"file\") | $2" || { rm -f "$headers"; return 1; }
    url=$(sed -n 's/^[Ll]ink: *<\([^>]*\)>; *rel="next".*/\1/p' "$headers" | tr -d '\r')
  done
  rm -f "$headers"
}
# upstream_contents REPO...: the distinct SHA-256s the simulator announces for the repositories' files, sorted.
upstream_contents() { local repo; for repo in "$@"; do upstream_files "$repo"; done | cut -d' ' -f1 | sort -u; }
# upstream_sha256 REPO PATH: the SHA-256 the simulator announces for one file.
upstream_sha256() { upstream_files "$1" | awk -v p="$2" '$2 == p { print $1; exit }'; }
# only_announced CONTENTS: prints each stored blob not among CONTENTS (sorted SHA-256s), and fails if there is one.
only_announced() { ! stored_contents | comm -23 - <(printf '%s\n' "$1") | grep .; }
