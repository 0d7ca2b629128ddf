# Figures: what a fault script prints so that runs can be compared.
# shellcheck shell=bash

now() { date +%s.%N; }
# elapsed FROM TO: the seconds between two `now`s, "12.3 s".
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", b - a }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
# percent PART WHOLE: "12.3%", truncated rather than rounded.
percent() { printf '%d.%d%%' $(($1 * 100 / $2)) $(($1 * 1000 / $2 % 10)); }
# lines TEXT: how many non-empty lines it holds.
lines() { grep -c . <<< "$1"; }

# figure FORMAT ARGS...: one line of figures, FORMAT as printf's.
figure() {
  local format=$1
  shift
  # shellcheck disable=SC2059 # the format is the caller's, as printf's own
  printf -- "$format\n" "$@"
}
