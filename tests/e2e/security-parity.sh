#!/usr/bin/env bash
# Number-for-number parity of `unitsec security` with systemd 252 on the reference corpus.
set -u
shared=${UNITSEC_SHARED:-}
bin=${UNITSEC:-build/unitsec}
n=0
for split in real synthetic; do
        n=$((n + 1))
        if [ -z "$shared" ] || [ ! -x "$shared/tools/parity" ] || [ ! -d "$shared/corpus/$split" ]; then
                echo "ok $n # SKIP parity tool or corpus '$split' not found (set UNITSEC_SHARED)"
                continue
        fi
        out=$("$shared/tools/parity" --bin "$bin" --show 5 "$shared/corpus/$split" 2>&1)
        rc=$?
        summary=$(printf '%s\n' "$out" | tail -n 1)
        if [ $rc -eq 0 ]; then
                echo "ok $n - parity $split: $summary"
        else
                printf '%s\n' "$out" | head -n 5 | sed 's/^/# /'
                echo "not ok $n - parity $split: $summary"
        fi
done
echo "1..$n"
