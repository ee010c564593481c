#!/usr/bin/env bash
# Benchmarks of unitsec against the reference tools (`make bench`).
#   bench/run.sh PATH/TO/unitsec [NAME...]
# Runs every benchmark of the list below (or only the NAMEs given): bench/NAME.sh UNITSEC.
# Each prints its own results; the status is 1 if any of them fails. Environment: BENCH_RUNS (repetitions, default 3),
# BENCH_TIMEOUT (seconds per run, default 300), UNITSEC_SHARED (the shared folder with corpus/).
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
        echo "usage: bench/run.sh PATH/TO/unitsec [BENCHMARK...]" >&2
        exit 2
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
shift

# The list of benchmarks, in order: security first, then every other bench/*.sh (run-*.sh for
# `unitsec run`, profile-*.sh for `unitsec profile`, ...), each called as SCRIPT UNITSEC.
# Name some on the command line to run only those (with or without .sh).
benchmarks=(security)
for f in "$here"/*.sh; do
        b=$(basename "$f" .sh)
        case "$b" in run | security) continue ;; esac
        benchmarks+=("$b")
done
if [ $# -gt 0 ]; then
        benchmarks=()
        for b in "$@"; do benchmarks+=("${b%.sh}"); done
fi

rc=0
for b in "${benchmarks[@]}"; do
        if [ ! -f "$here/$b.sh" ]; then
                echo "bench: no benchmark '$b' ($here/$b.sh)" >&2
                rc=1
                continue
        fi
        echo "== $b"
        bash "$here/$b.sh" "$bin" || rc=1
done
exit $rc
