#!/usr/bin/env bash
# Benchmarks of unitsec against the reference tools (`make bench`).
#   bench/run.sh PATH/TO/unitsec [NAME...]
# Runs every benchmark of the list below (or only the NAMEs given): bench/NAME.sh UNITSEC.
# Each prints its own results. Environment: BENCH_RUNS (repetitions, default 3),
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

# The list of benchmarks, in order. Add new ones here (bench/<name>.sh, called with the binary).
benchmarks=(
        security        # score ~5,000 real units: unitsec vs systemd-analyze security --offline
        # run           # (slot) unitsec run vs systemd-run
        # profile       # (slot) unitsec profile
)
[ $# -gt 0 ] && benchmarks=("$@")

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
