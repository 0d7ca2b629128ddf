# ./hub test: the dotnet tests against throwaway servers (MODELHUB_TEST_PORT_BASE, folder .hub/test), or with
# --faults the scripted fault tests of tests/faults; each ends with the one line CI sums.
# shellcheck shell=bash

cmd_test() {
  if [ "${1:-}" = "--faults" ]; then
    shift
    run_fault_tests "$@"
    return
  fi
  [ "${1:-}" = "--" ] && shift
  ensure_packages
  ensure_test_packages
  configure_instance "$DATA_DIR/test" "$TEST_PORT_BASE" test
  # Two runs would stop each other's servers: the second waits for the first.
  mkdir -p "$DATA_DIR"
  exec 9> "$DATA_DIR/test.lock"
  flock -n 9 || { say "another ./hub test is running on $DATA_DIR; waiting for it"; flock 9; }
  start_throwaway_infrastructure off

  step "Running the tests"
  local results="$STATE_DIR/results" status
  ConnectionStrings__Postgres=$(postgres_url modelhub_test) \
  ConnectionStrings__RabbitMq=$(rabbit_url) \
  ConnectionStrings__Redis=$(redis_url) \
  MODELHUB_TEST_RABBITMQCTL=$(write_rabbitmqctl_wrapper) \
  MODELHUB_TEST_REDIS_CONF="$STATE_DIR/redis/redis.conf" \
  MODELHUB_TEST_CHROMIUM=$(command -v chromium) \
  MODELHUB_TEST_ARTIFACTS="$STATE_DIR/artifacts" \
    dotnet test "$REPO_ROOT/ModelHub.sln" -nologo --logger "trx" --results-directory "$results" "$@"
  status=$?
  print_test_summary "$results" "$status"
  return $status
}

# The scripted fault tests (tests/faults/NAME.sh: kill, restart, stop the real processes), one after
# another on MODELHUB_FAULTS_PORT_BASE; each prints its figures and a "faults:" line, summed at the end.
run_fault_tests() {
  local names=("$@") name script output passed=0 failed=0 status=0
  if [ "${#names[@]}" -eq 0 ]; then
    for script in "$REPO_ROOT"/tests/faults/*.sh; do names+=("$(basename "$script" .sh)"); done
  fi
  for name in "${names[@]}"; do
    script="$REPO_ROOT/tests/faults/$name.sh"
    [ -f "$script" ] || die "no fault test '$name' (tests/faults/*.sh)"
    step "Fault test: $name"
    output=$(mktemp)
    bash "$script" 2>&1 | tee "$output"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    # A script that died before its closing line counts as one failure.
    if grep -q '^faults: [0-9]* passed, [0-9]* failed' "$output"; then
      passed=$((passed + $(sed -n 's/^faults: \([0-9]*\) passed.*/\1/p' "$output" | tail -n 1)))
      failed=$((failed + $(sed -n 's/^faults: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$output" | tail -n 1)))
    else
      failed=$((failed + 1))
    fi
    rm -f "$output"
  done
  say ""
  say "faults: $passed passed, $failed failed (${#names[@]} fault tests)"
  [ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
}

# One closing line over every test project, from the TRX files; $2 is dotnet test's status. A project that
# did not build, or a test host that crashed, leaves no failed test in any TRX file: it counts as one.
print_test_summary() {
  local passed=0 failed=0 skipped=0 file counters status=${2:-0}
  for file in "$1"/*.trx; do
    [ -f "$file" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$file" | head -n 1)
    passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<< "$counters")))
    failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<< "$counters")))
    skipped=$((skipped + $(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<< "$counters")))
  done
  say ""
  # The failed tests by name, next to the totals: a long run's log may keep only its end.
  if [ "$failed" -gt 0 ]; then
    cat "$1"/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' \
      | sed -n 's/.* testName="\([^"]*\)".*/FAIL \1/p' | sed 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
  fi
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    say "FAIL dotnet test exited with $status, yet no test failed: a project did not build or a test host crashed (see above)"
    failed=1
  fi
  say "tests: $passed passed, $failed failed, $skipped skipped"
}
