#!/usr/bin/env bash
# Number-for-number parity of `unitsec security` with systemd 252 on the reference corpus.
#
# The shared corpus lost its symbolic links when it was packaged: every alias, mask and .wants
# link is stored as a small regular file that holds the link target (e.g. "mariadb.service" or
# "/dev/null"), while expected.jsonl was recorded on the real links. systemd itself would read
# such a file as a broken unit. So the test runs parity on a temporary copy where those files are
# turned back into links (tests/lib/corpus-copy.py), and also prints the result on the corpus as
# stored, as a comment.
set -u
shared=${UNITSEC_SHARED:-}
bin=${UNITSEC:-build/unitsec}
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
for split in real synthetic; do
        n=$((n + 1))
        if [ -z "$shared" ] || [ ! -x "$shared/tools/parity" ] || [ ! -d "$shared/corpus/$split" ]; then
                echo "ok $n # SKIP parity tool or corpus '$split' not found (set UNITSEC_SHARED)"
                continue
        fi
        raw=$("$shared/tools/parity" --bin "$bin" --show 0 "$shared/corpus/$split" 2>&1 | tail -n 1)
        echo "# corpus as stored (links flattened to files): $raw"
        python3 "$top/tests/lib/corpus-copy.py" "$tmp" "$shared/corpus/$split" >/dev/null 2>&1
        out=$("$shared/tools/parity" --bin "$bin" --show 5 "$tmp/$split" 2>&1)
        rc=$?
        summary=$(printf '%s\n' "$out" | tail -n 1)
        if [ $rc -eq 0 ]; then
                echo "ok $n - parity $split (links restored): $summary"
        else
                printf '%s\n' "$out" | head -n 5 | sed 's/^/# /'
                echo "not ok $n - parity $split (links restored): $summary"
        fi
done
echo "1..$n"
