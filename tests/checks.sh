# What the scripted tests (tests/smoke, tests/faults) share: counted checks and removing a
# throwaway ./hub data folder, PostgreSQL's files included when they had to live elsewhere.
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

# remove_data_dir DIR: the folder, and PostgreSQL's files if ./hub put them under /var/tmp.
remove_data_dir() {
  local pg_elsewhere
  pg_elsewhere=$(cat "$1/postgres.location" 2>/dev/null)
  rm -rf "$1"
  case $pg_elsewhere in /var/tmp/modelhub-*/postgres) rm -rf "$(dirname "$pg_elsewhere")" ;; esac
}
