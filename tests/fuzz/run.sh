#!/usr/bin/env bash
# tests/fuzz/run.sh [RUNS] [TARGET...]: builds the libFuzzer targets with clang (ASan+UBSan)
# in build/fuzz/ and runs each for RUNS executions (default 1000000) on a copy of its seed
# corpus tests/fuzz/seeds/<target>/; libFuzzer prints executions and coverage. A crash leaves
# crash-* in build/fuzz/; copy it into tests/fuzz/regressions/<target>/ so the cmocka test
# tests/unit/test-unit-fuzz-regressions.c replays it. Needs clang and libFuzzer (Debian:
# clang, libclang-rt-14-dev; `tools/install-deps.sh --fuzz`).
#
# Every target is linked against the whole library (all of src/ but main.c, as an archive),
# compiled once.
set -eu
runs=${1:-1000000}
shift || true
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/fuzz
cc=${CLANG:-clang}
if ! command -v "$cc" >/dev/null; then
        echo "fuzz: $cc not found (tools/install-deps.sh --fuzz)" >&2
        exit 1
fi
mkdir -p "$out/obj"
includes=()
for d in "$top"/src "$top"/src/*/; do includes+=(-I"${d%/}"); done
cflags=(-g -O1 -std=gnu11 -D_GNU_SOURCE -DUNITSEC_VERSION='"fuzz"' -fsanitize=fuzzer-no-link,address,undefined
        -fno-sanitize-recover=undefined "${includes[@]}" $(pkg-config --cflags libseccomp json-c))
pcs="libseccomp json-c"
pkg-config --exists libsystemd && pcs="$pcs libsystemd"
libs=($(pkg-config --libs $pcs))

objs=()
for src in $(cd "$top" && find src -name '*.c' ! -path src/main.c | sort); do
        obj=$out/obj/${src//\//_}.o
        if [ ! -e "$obj" ] || [ "$top/$src" -nt "$obj" ] || [ -n "$(find "$top/src" -name '*.h' -newer "$obj" -print -quit)" ]; then
                "$cc" "${cflags[@]}" -c -o "$obj" "$top/$src"
        fi
        objs+=("$obj")
done
# an archive, so that a target pulls only the objects it needs (not the verbs and main's globals)
rm -f "$out/libunitsec-fuzz.a"
ar rcs "$out/libunitsec-fuzz.a" "${objs[@]}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
        for f in "$top"/tests/fuzz/fuzz-*.c; do t=${f##*/fuzz-}; targets+=("${t%.c}"); done
fi
status=0
for target in "${targets[@]}"; do
        bin=$out/fuzz-$target
        "$cc" "${cflags[@]/fuzzer-no-link/fuzzer}" -o "$bin" "$top/tests/fuzz/fuzz-$target.c" "$out/libunitsec-fuzz.a" "${libs[@]}"
        corpus=$out/corpus-$target
        mkdir -p "$corpus"
        cp -n "$top/tests/fuzz/seeds/$target/"* "$corpus/" 2>/dev/null || true
        echo "== fuzz-$target: $runs runs"
        (cd "$out" && "$bin" -runs="$runs" -max_len=8192 -print_final_stats=1 "$corpus") || status=1
done
exit $status
