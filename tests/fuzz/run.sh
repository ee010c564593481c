#!/usr/bin/env bash
# tests/fuzz/run.sh [RUNS]: builds the libFuzzer targets with clang (ASan+UBSan) in
# build/fuzz/ and runs each for RUNS executions (default 1000000) on a copy of its seed
# corpus; libFuzzer prints executions and coverage. A crash leaves crash-* in build/fuzz/;
# copy it into tests/fuzz/regressions/<target>/ so tests/unit/test-unit-fuzz-regressions.c
# replays it. Needs clang and libFuzzer (Debian: libclang-rt-14-dev).
set -eu
runs=${1:-1000000}
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/fuzz
cc=${CLANG:-clang}
mkdir -p "$out"
if ! command -v "$cc" >/dev/null; then
        echo "fuzz: $cc not found" >&2
        exit 1
fi
flags=(-g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I"$top/src/shared" -I"$top/src/unit")
# target name → the sources it needs besides its own file
declare -A sources=(
        [unit-file]="src/unit/unit-file.c src/unit/unit-name.c src/shared/log.c src/shared/macro.c src/shared/extract-word.c"
)
status=0
for target in "${!sources[@]}"; do
        bin=$out/fuzz-$target
        srcs=()
        for s in ${sources[$target]}; do srcs+=("$top/$s"); done
        "$cc" "${flags[@]}" -o "$bin" "$top/tests/fuzz/fuzz-$target.c" "${srcs[@]}"
        corpus=$out/corpus-$target
        mkdir -p "$corpus"
        cp -n "$top/tests/fuzz/seeds/$target/"* "$corpus/" 2>/dev/null || true
        echo "== fuzz-$target: $runs runs"
        (cd "$out" && "$bin" -runs="$runs" -max_len=8192 -print_final_stats=1 "$corpus") || status=1
done
exit $status
