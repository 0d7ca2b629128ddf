# RabbitMQ of the stack: a queue of our own for ArtifactDownloaded and its events (through the
# management API), the dead-letter queues (through the instance's rabbitmqctl), and MassTransit's
# counters of a queue (through a service's Prometheus metrics).
# shellcheck shell=bash
# shellcheck disable=SC2154 # data comes from stack.sh

# management_api METHOD PATH [curl options]: the password goes to curl on stdin, never on a command line.
management_api() {
  local method=$1 path=$2
  shift 2
  printf 'user = "%s:%s"\n' "$RABBIT_USER" "$(secret rabbitmq)" \
    | curl -fsS -K - -X "$method" -H 'Content-Type: application/json' "$@" "http://127.0.0.1:$RABBIT_MGMT_PORT/api$path"
}

# subscribe_to_downloads QUEUE: a durable queue bound to ArtifactDownloaded, as the audit-log subscriber has one.
# The exchange is declared first, with MassTransit's settings, as the README tells a subscriber without MassTransit
# to do: until the first event is published, no ModelHub service needs it (the Api hears RepositoryFilesStored).
subscribe_to_downloads() {
  management_api PUT "/exchanges/%2F/ModelHub.Contracts.Downloads%3AArtifactDownloaded" \
      -d '{"type": "fanout", "durable": true, "auto_delete": false}' > /dev/null \
    && management_api PUT "/queues/%2F/$1" -d '{"durable": true}' > /dev/null \
    && management_api POST "/bindings/%2F/e/ModelHub.Contracts.Downloads%3AArtifactDownloaded/q/$1" -d '{}' > /dev/null
}

# take_download_events QUEUE: takes every event the queue holds: "artifactId sha256 deduplicated" per line.
# The management API hands a payload it does not take for text over in base64; one such message must not
# turn the whole list into nothing. The raw answer is kept in $data/events-raw.json for what went wrong.
take_download_events() {
  management_api POST "/queues/%2F/$1/get" -d '{"count": 100000, "ackmode": "ack_requeue_false", "encoding": "auto"}' \
    > "$data/events-raw.json" || { echo "taking the events failed" >&2; return 1; }
  jq -r '.[] | (if .payload_encoding == "base64" then .payload | @base64d else .payload end) | fromjson | .message
    | "\(.artifactId) \(.sha256) \(.deduplicated)"' "$data/events-raw.json"
}

# heard_of IDS EVENTS: how many of the artifacts IDS (a JSON array) the events name.
heard_of() {
  jq -n -r --argjson ids "$1" --arg events "$2" \
    '($events | split("\n") | map(select(. != "") | split(" ")[0]) | unique) as $heard | [$ids[] | select(IN($heard[]))] | length'
}

# hear_downloads QUEUE IDS: the queue's events in $events, and in $heard how many artifacts of IDS (a JSON
# array) they name. An event is published as its job is recorded complete, so it should be in the queue by
# the time the jobs are; a late one gets 10 s. When they still fall short, says what the broker holds.
hear_downloads() {
  local queue=$1 ids=$2 wanted _
  wanted=$(jq length <<< "$ids")
  events=$(take_download_events "$queue")
  heard=$(heard_of "$ids" "$events")
  for _ in $(seq 1 20); do
    [ "$heard" -lt "$wanted" ] || break
    sleep 0.5
    events=$(printf '%s\n%s' "$events" "$(take_download_events "$queue")" | grep .)
    heard=$(heard_of "$ids" "$events")
  done
  [ "$heard" -eq "$wanted" ] || describe_queue "$queue"
}

# event_counts: "repeats fresh fresh_twice" of $events: events for an artifact already named, contents
# announced as newly stored (not deduplicated), and of those, contents announced so more than once.
event_counts() {
  awk '{ seen[$1]++; if (seen[$1] > 1) repeats++; if ($3 == "false") fresh[$2]++ }
    END { for (c in fresh) { n++; if (fresh[c] > 1) twice++ } printf "%d %d %d\n", repeats, n, twice }' <<< "$events"
}

# What the broker says of a queue and its bindings, when its events fall short.
describe_queue() {
  printf 'events queue: %s; raw answer: %s bytes, %s messages; bindings: %s\n' \
    "$(management_api GET "/queues/%2F/$1" | jq -c '{state, messages, consumers, durable}' 2>&1)" \
    "$(wc -c < "$data/events-raw.json")" "$(jq length "$data/events-raw.json" 2>&1)" \
    "$(management_api GET "/queues/%2F/$1/bindings" | jq -c 'map(.source)' 2>&1)"
}

# Prints every _error and _skipped queue with its messages; fails if there is one, or rabbitmqctl does.
no_dead_letters() {
  local queues found
  queues=$("$(write_rabbitmqctl_wrapper)" -q list_queues --no-table-headers name messages) \
    || { echo "rabbitmqctl list_queues failed"; return 1; }
  found=$(awk '$1 ~ /_(error|skipped)$/ { printf "%s%s %d", sep, $1, $2; sep = ", " }' <<< "$queues")
  printf 'dead letters: %s (of %d queues)\n' "${found:-none}" "$(lines "$queues")"
  [ -z "$found" ]
}

# bus_counters SERVICE QUEUE: MassTransit's counters for one queue, from the service's Prometheus metrics:
# "receive N" (deliveries, redeliveries included), "consume N" (consumer runs, retries included),
# "<counter>/<exception> N" (those that threw).
bus_counters() {
  get "http://127.0.0.1:$(service_port "$1")/metrics" 2>/dev/null | awk -v queue="messaging_masstransit_destination=\"$2\"" '
    index($0, queue) == 0 || $0 !~ /^messaging_masstransit_[a-z_]*_ea_total[{]/ || $0 ~ /_active_/ { next }
    {
      name = $0; sub(/[{].*/, "", name); sub(/^messaging_masstransit_/, "", name); sub(/_ea_total$/, "", name)
      if (match($0, /exception_type="[^"]*"/)) { name = name "/" substr($0, RSTART + 16, RLENGTH - 17) }
      value = $0; sub(/^[^}]*[}] */, "", value); split(value, fields, " ")
      n[name] += fields[1]
    }
    END { for (k in n) print k, n[k] }' | sort
}
# bus_changes BEFORE AFTER: what moved between two bus_counters snapshots, on one line.
bus_changes() {
  awk 'NR == FNR { before[$1] = $2; next } $2 != before[$1] { printf "%s%s %d", sep, $1, $2 - before[$1]; sep = ", " }' \
    <(echo "$1") <(echo "$2")
}
