# The fault scripts' harness: a fault script sources this file, which brings in one file per concern.
#   figures.sh    times, sizes and shares, and one line of figures
#   stack.sh      the throwaway `./hub up --simulator` stack: its folder and ports, its start, its end
#                 with the closing "faults:" line
#   api.sh        the Api: submit jobs, wait for jobs with a ceiling, count them by state, a repository's
#                 files, the ready checks
#   simulator.sh  the upstream simulator: throttle a repository, the content requests it answered
#   broker.sh     RabbitMQ: a queue of our own and its events (management API), dead letters, MassTransit's
#                 counters of a queue
#   processes.sh  crash a component, wait until it is gone, start it again, restart a stuck service
#   store.sh      the model store: blobs that hash to their name, part files left in temp/
# shellcheck shell=bash source-path=SCRIPTDIR source-path=SCRIPTDIR/lib

lib=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=figures.sh
source "$lib/figures.sh"
# shellcheck source=stack.sh
source "$lib/stack.sh"
# shellcheck source=api.sh
source "$lib/api.sh"
# shellcheck source=simulator.sh
source "$lib/simulator.sh"
# shellcheck source=broker.sh
source "$lib/broker.sh"
# shellcheck source=processes.sh
source "$lib/processes.sh"
# shellcheck source=store.sh
source "$lib/store.sh"
