#!/usr/bin/env bash
# `make bench`: runs every bench/run-*.sh with the unitsec binary; fails if any fails.
#   bench/run.sh BUILD/unitsec
set -u
U=${1:-build/unitsec}
dir=$(cd "$(dirname "$0")" && pwd)
rc=0
for b in "$dir"/run-*.sh; do
        [ -f "$b" ] || continue
        bash "$b" "$U" || rc=1
done
exit $rc
