#!/usr/bin/env bash
# Runs the test suite and ends with "N passed, N failed, N skipped".
#   tests/run.sh --build DIR (--fast|--full)
# Every component speaks TAP: cmocka binaries (CMOCKA_MESSAGE_OUTPUT=TAP) and the
# tests/e2e/*.sh scripts ("ok N - what", "not ok N - what", "ok N # SKIP why").
# --fast runs the cmocka tests and the e2e scripts marked "# fast" on line 2.
set -u
build=build
mode=fast
while [ $# -gt 0 ]; do
        case "$1" in
        --build) build=$2; shift 2 ;;
        --fast) mode=fast; shift ;;
        --full) mode=full; shift ;;
        *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
        esac
done
top=$(cd "$(dirname "$0")/.." && pwd)
export UNITSEC="$top/$build/unitsec"
export UNITSEC_TOP="$top"
export UNITSEC_SHARED="${UNITSEC_SHARED:-$(cd "$top/../shared" 2>/dev/null && pwd)}"
export CMOCKA_MESSAGE_OUTPUT=TAP
export LC_ALL=C.UTF-8
unset SYSTEMD_UNIT_PATH
pass=0 fail=0 skip=0
failed_names=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # $1 = component name; reads TAP on stdin
        local comp=$1 line
        while IFS= read -r line; do
                case "$line" in
                "not ok"*) fail=$((fail + 1)); failed_names+=("$comp: ${line#not ok }"); echo "  FAIL $comp: ${line#not ok }" ;;
                "ok "*"# SKIP"* | "ok "*"# skip"*) skip=$((skip + 1)); echo "  skip $comp: ${line#ok }" ;;
                "ok "*) pass=$((pass + 1)) ;;
                "1..0"*"# SKIP"* | "1..0"*"# skip"*) skip=$((skip + 1)); echo "  skip $comp: ${line#1..0 }" ;;
                esac
        done
}

run_component() { # $1 = name, rest = command
        local name=$1; shift
        local rc start=$SECONDS
        "$@" >"$log" 2>&1; rc=$?
        local before=$((pass + fail + skip)) bfail=$fail
        count "$name" <"$log"
        if [ $rc -ne 0 ] && [ $fail -eq $bfail ]; then
                # a crash or a non-TAP failure still counts as one failure
                fail=$((fail + 1)); failed_names+=("$name: exit status $rc")
                echo "  FAIL $name: exit status $rc"; tail -n 20 "$log" | sed 's/^/    /'
        elif [ $fail -ne $bfail ]; then
                grep -v '^ok ' "$log" | head -n 60 | sed 's/^/    /'
        fi
        printf '%-40s %5d tests %4ds\n' "$name" $((pass + fail + skip - before)) $((SECONDS - start))
}

for t in "$top/$build"/tests/test-*; do
        [ -x "$t" ] || continue
        run_component "$(basename "$t")" "$t"
done
for t in "$top"/tests/e2e/*.sh; do
        [ -f "$t" ] || continue
        if [ "$mode" = fast ] && ! sed -n 2p "$t" | grep -q '# fast'; then
                continue
        fi
        run_component "e2e/$(basename "$t" .sh)" bash "$t"
done
echo
if [ $fail -gt 0 ]; then
        echo "failed:"
        printf '  %s\n' "${failed_names[@]}"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
