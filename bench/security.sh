#!/usr/bin/env bash
# Benchmark: score ~5,000 real units in ONE invocation, full per-unit reports to /dev/null.
#   systemd-analyze security --offline=yes --root=TREE --no-pager UNIT1 UNIT2 ...
#   unitsec security --offline=yes --root=TREE --no-pager UNIT1 UNIT2 ...
# then the ratio (target: unitsec at least 20x faster) and `unitsec security --root=TREE`
# (the overview). The tree: every package of the shared corpus/real, copied under several
# names (bench/lib/mktree.py). hyperfine is used when installed, else bench/lib/timeit.py.
# Environment: BENCH_UNITS (default 5000), BENCH_RUNS (3: runs of systemd-analyze, ~2.5 s each),
# BENCH_RUNS_UNITSEC (20: unitsec's runs are short, and a VM's noise moves a median of 3 by 10%),
# BENCH_TIMEOUT (300 s per run), UNITSEC_SHARED, BENCH_KEEP=1 to keep the tree (its path is printed).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin=$1
shared=${UNITSEC_SHARED:-$top/../shared}
runs=${BENCH_RUNS:-3}
runs_us=${BENCH_RUNS_UNITSEC:-20}
timeout=${BENCH_TIMEOUT:-300}
target=${BENCH_UNITS:-5000}
ref=systemd-analyze

if [ ! -f "$shared/corpus/real/expected.jsonl" ]; then
        echo "security: SKIP, no corpus at $shared/corpus/real (set UNITSEC_SHARED)"
        exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/unitsec-bench.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
        echo "tree kept in $tmp"
else
        trap 'rm -rf "$tmp"' EXIT
fi
python3 "$here/lib/mktree.py" --corpus "$shared/corpus/real" --out "$tmp/tree" --target "$target" \
        --list "$tmp/units" || exit 1
n=$(grep -c . "$tmp/units")

# [RUNS=N] measure NAME CMD... : prints "best=S median=S runs=N rc=R" or "timeout=S runs=N"
measure() {
        local runs=${RUNS:-$runs}
        if command -v hyperfine >/dev/null 2>&1; then
                local json=$tmp/hf.json
                if ! timeout $((timeout * runs + 60)) hyperfine -N --style none --runs "$runs" -i \
                        --export-json "$json" -- "$* $(tr '\n' ' ' <"$tmp/units")" >/dev/null 2>&1; then
                        echo "timeout=$((timeout * runs)) runs=$runs"
                        return
                fi
                python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]
print("best=%.3f median=%.3f runs=%d rc=%d" % (r["min"], r["median"], len(r["times"]), max(r.get("exit_codes") or [0])))' "$json"
        else
                python3 "$here/lib/timeit.py" --runs "$runs" --timeout "$timeout" --args-file "$tmp/units" -- "$@"
        fi
}
field() { # $1 = result line, $2 = key
        printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}
show() { # $1 = label, $2 = result line
        if [ -n "$(field "$2" timeout)" ]; then
                printf '%-44s timed out (> %s s per run)\n' "$1" "$(field "$2" timeout)"
        else
                printf '%-44s median %8.3f s   best %8.3f s   (%s runs, exit %s)\n' "$1" \
                        "$(field "$2" median)" "$(field "$2" best)" "$(field "$2" runs)" "$(field "$2" rc)"
        fi
}

echo "security: $n units, one invocation each, full reports to /dev/null"
if command -v "$ref" >/dev/null 2>&1; then
        r_ref=$(measure "$ref" security --offline=yes --root="$tmp/tree" --no-pager)
        show "systemd-analyze security ($n units)" "$r_ref"
else
        r_ref=""
        echo "systemd-analyze is not installed: no reference time"
fi
r_us=$(RUNS=$runs_us measure "$bin" security --offline=yes --root="$tmp/tree" --no-pager)
show "unitsec security ($n units)" "$r_us"

if [ -n "$r_ref" ] && [ -n "$(field "$r_ref" median)" ]; then
        python3 -c 'import sys
a, b, t = float(sys.argv[1]), sys.argv[2], float(sys.argv[3])
if not b:
    print("ratio: unitsec timed out, so it is more than %.0fx SLOWER than systemd-analyze (target: 20x faster, NOT met)" % (t / a))
    sys.exit(0)
x = a / float(b) if float(b) > 0 else float("inf")
what = "%.1fx faster than" % x if x >= 1 else "%.1fx SLOWER than" % (1 / x)
print("ratio: unitsec is %s systemd-analyze (medians; target >= 20x faster: %s)" % (what, "met" if x >= 20 else "NOT met"))' \
                "$(field "$r_ref" median)" "$(field "$r_us" median)" "$timeout"
fi

# the overview: every service of the tree, one line each
ov=$(cd / && LC_ALL=C.UTF-8 python3 "$here/lib/timeit.py" --runs "$runs_us" --timeout "$timeout" -- \
        "$bin" security --root="$tmp/tree" --no-pager)
show "unitsec security --root=TREE (overview)" "$ov"
