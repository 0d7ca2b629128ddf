# What the scripted tests (tests/smoke, tests/faults) share: counted checks, the output of ./hub up
# with its key masked, where PostgreSQL's pid is, and removing a throwaway ./hub data folder,
# PostgreSQL's files included when they had to live elsewhere.
# shellcheck shell=bash

passed=0 failed=0

# check NAME COMMAND...: runs the command, counts and prints PASS or FAIL.
check() {
  local name=$1; shift
  if "$@"; then
    passed=$((passed + 1)); printf 'PASS %s\n' "$name"
  else
    failed=$((failed + 1)); printf 'FAIL %s\n' "$name"
  fi
}

# The key is a secret even in a test's log: the output of ./hub up (in FILE) is shown with it masked.
masked_keys() { sed 's/mh_[A-Za-z0-9_-]*/mh_(masked)/g' "$1"; }
# admin_key FILE: the admin key the first ./hub up printed.
admin_key() { sed -n 's/^Admin API key (shown this once; only its hash is kept): //p' "$1"; }

# postgres_data DIR: PostgreSQL's data folder of a ./hub data folder, under /var/tmp when ./hub had to put it there.
postgres_data() { printf '%s/data' "$(cat "$1/postgres.location" 2>/dev/null || echo "$1/postgres")"; }
postgres_pid() { head -n 1 "$(postgres_data "$1")/postmaster.pid" 2>/dev/null; }

# remove_data_dir DIR: the folder, and PostgreSQL's files if ./hub put them under /var/tmp.
remove_data_dir() {
  local pg_elsewhere
  pg_elsewhere=$(cat "$1/postgres.location" 2>/dev/null)
  rm -rf "$1"
  case $pg_elsewhere in /var/tmp/modelhub-*/postgres) rm -rf "$(dirname "$pg_elsewhere")" ;; esac
}
