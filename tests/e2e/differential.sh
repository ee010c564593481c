#!/usr/bin/env bash
# Differential test of `unitsec security` against systemd-analyze on >= 500 random units.
# TAP: one line. Seed from $DIFF_SEED (random otherwise), count from $DIFF_COUNT (default 500).
set -u
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${UNITSEC:-$top/build/unitsec}
echo "1..1"
if ! command -v systemd-analyze >/dev/null 2>&1; then
        echo "ok 1 # SKIP systemd-analyze is not installed"
        exit 0
fi
if [ ! -x "$bin" ]; then
        echo "ok 1 # SKIP no unitsec binary at $bin"
        exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
        echo "ok 1 # SKIP python3 is not installed"
        exit 0
fi
seed=${DIFF_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
count=${DIFF_COUNT:-500}
[ "$count" -ge 500 ] 2>/dev/null || count=500
out=$(mktemp)
trap 'rm -f "$out"' EXIT
python3 "$top/tests/diff/compare.py" --bin "$bin" --seed "$seed" --count "$count" --jobs 2 \
        --show 3 --quiet-coverage >"$out" 2>&1
rc=$?
summary=$(grep '^differential: ' "$out" | tail -n 1)
[ -n "$summary" ] || summary="compare.py exited $rc without a summary (seed $seed)"
if [ $rc -eq 0 ]; then
        echo "ok 1 - $summary"
else
        # the details (the first differing units and both results) as TAP comments
        sed 's/^/# /' "$out" | head -n 400
        echo "not ok 1 - $summary (replay: DIFF_SEED=$seed)"
fi
