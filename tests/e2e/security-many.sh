#!/usr/bin/env bash
# fast
# One invocation over many units. From 512 units on, on more than one CPU, `unitsec security`
# scores ranges of the units in child processes (one per CPU, $UNITSEC_PROCESSES to choose) and
# puts their output back in place; whatever the processes, the output must be what scoring the
# units in order prints:
#   - against systemd-analyze on the same ~770 units (errors in both halves): the exit status and
#     the overall lines, unit by unit, in order (the overall line is a fixed interface);
#   - against unitsec itself on the same arguments in chunks of 150 (too few to split), in one
#     run bound to one CPU (not split), with three processes, and where no child can be started:
#     the whole text, byte for byte, with stdout and
#     stderr apart, together (all load errors come first, then the reports, as with
#     systemd-analyze), with stdout to /dev/null, with --json=short, with --threshold, and
#     with a policy that some units of both halves cannot be scored with.
set -u
bin=${UNITSEC:-build/unitsec}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
shared=${UNITSEC_SHARED:-}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
unset SYSTEMD_UNIT_PATH
export LC_ALL=C.UTF-8 SYSTEMD_COLORS=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

if [ -z "$shared" ] || [ ! -f "$shared/corpus/real/expected.jsonl" ]; then
        echo "1..0 # SKIP no corpus (set UNITSEC_SHARED)"
        exit 0
fi
python3 "$top/bench/lib/mktree.py" --corpus "$shared/corpus/real" --out "$t/tree" --target 700 \
        --list "$t/units" >/dev/null || { echo "1..0 # SKIP cannot build the unit tree"; exit 0; }
mapfile -t units <"$t/units"
# a unit that is not there and a name that is no unit name, in each half
args=("${units[@]:0:100}" no-such-unit.service "${units[@]:100:400}" 'not a unit' "${units[@]:500}"
        no-such-either.service)
total=${#args[@]}
echo "# $total arguments, $(nproc) usable CPUs: $([ "$(nproc)" -gt 1 ] && echo "split across processes" || echo "one process unless UNITSEC_PROCESSES says more")"

run() { "$bin" security --offline=yes --root="$t/tree" --no-pager "$@"; }

# the expected text: the same arguments in chunks that one process scores; rc 1 if any chunk's is
chunks() { # OPTIONS... ; writes $t/c.out, $t/c.err, $t/c.rc
        : >"$t/c.out"
        : >"$t/c.err"
        local rc=0 r
        for ((i = 0; i < total; i += 150)); do
                run "$@" "${args[@]:i:150}" >>"$t/c.out" 2>>"$t/c.err"
                r=$?
                [ $r -gt $rc ] && rc=$r
        done
        echo $rc >"$t/c.rc"
}

same() { # NAME FILE-A FILE-B
        if cmp -s "$2" "$3"; then
                ok "$1"
        else
                nok "$1"
                diff "$2" "$3" | head -n 10 | sed 's/^/# /'
        fi
}

# stdout and stderr apart
run "${args[@]}" >"$t/a.out" 2>"$t/a.err"
rc=$?
chunks
# not a vacuous comparison: every unit of the list was scored
scored=$(grep -c '^→ Overall exposure level for ' "$t/a.out")
[ "$scored" = "${#units[@]}" ] && ok "all ${#units[@]} units scored" || nok "$scored of ${#units[@]} units scored"
same "stdout with stdout and stderr apart" "$t/c.out" "$t/a.out"
same "stderr (load errors of both halves, in order)" "$t/c.err" "$t/a.err"
[ "$rc" = "$(cat "$t/c.rc")" ] && ok "exit status $rc" || nok "exit status $rc, chunks $(cat "$t/c.rc")"

# the same run on one CPU, where it is not split
if command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null; then
        taskset -c 0 "$bin" security --offline=yes --root="$t/tree" --no-pager "${args[@]}" >"$t/one.out" 2>"$t/one.err"
        r=$?
        if cmp -s "$t/one.out" "$t/a.out" && cmp -s "$t/one.err" "$t/a.err" && [ $r = $rc ]; then
                ok "the same as on one CPU (one process)"
        else
                nok "not the same as on one CPU (exit $r)"
        fi
else
        skip "taskset is not available"
fi

# three processes (UNITSEC_PROCESSES), and no child at all (fork fails inside unitsec run's
# seccomp filter: the parent scores what the children would have)
UNITSEC_PROCESSES=3 "$bin" security --offline=yes --root="$t/tree" --no-pager "${args[@]}" >"$t/three.out" 2>"$t/three.err"
r=$?
if cmp -s "$t/three.out" "$t/a.out" && cmp -s "$t/three.err" "$t/a.err" && [ $r = $rc ]; then
        ok "the same with three processes"
else
        nok "not the same with three processes (exit $r)"
fi
# (an ASan build's leak check needs a thread of its own at exit, which the filter stops too)
nofork=(run -p 'SystemCallFilter=~clone clone3 fork vfork' -p SystemCallErrorNumber=EAGAIN
        -p Environment=ASAN_OPTIONS=detect_leaks=0 --)
if "$bin" "${nofork[@]}" /bin/sh -c '/bin/true' 2>/dev/null; then
        skip "unitsec run cannot stop fork() here"
else
        "$bin" "${nofork[@]}" "$bin" security --offline=yes --root="$t/tree" --no-pager "${args[@]}" \
                >"$t/nofork.out" 2>"$t/nofork.err"
        r=$?
        if cmp -s "$t/nofork.out" "$t/a.out" && cmp -s "$t/nofork.err" "$t/a.err" && [ $r = $rc ]; then
                ok "the same when no child process can be started"
        else
                nok "not the same when no child process can be started (exit $r)"
                diff "$t/a.err" "$t/nofork.err" | head -n 5 | sed 's/^/# /'
        fi
fi

# one stream: every load error first, then the reports
run "${args[@]}" >"$t/b.all" 2>&1
cat "$t/c.err" "$t/c.out" >"$t/c.all"
same "stdout and stderr together: errors first, then the reports" "$t/c.all" "$t/b.all"
UNITSEC_PROCESSES=3 run "${args[@]}" >"$t/b3.all" 2>&1
same "the same with three processes" "$t/c.all" "$t/b3.all"

# reports to /dev/null (the children write there themselves)
run "${args[@]}" >/dev/null 2>"$t/d.err"
r=$?
if cmp -s "$t/c.err" "$t/d.err" && [ $r = "$(cat "$t/c.rc")" ]; then
        ok "stdout to /dev/null: same errors and exit status"
else
        nok "stdout to /dev/null: exit $r"
fi

# systemd's JSON, one array per unit
run --json=short "${args[@]}" >"$t/j.out" 2>/dev/null
chunks --json=short
same "--json=short" "$t/c.out" "$t/j.out"

# a threshold some units pass and some do not
run --threshold=60 "${args[@]}" >"$t/h.out" 2>/dev/null
r=$?
chunks --threshold=60
if cmp -s "$t/c.out" "$t/h.out" && [ $r = "$(cat "$t/c.rc")" ] && [ $r = 1 ]; then
        ok "--threshold=60: same reports, exit status 1"
else
        nok "--threshold=60: exit $r, chunks $(cat "$t/c.rc")"
fi

# a policy that some units (in both halves) cannot be scored with: one process reports the
# first such unit once and prints no report; the load messages of all units stay, in order
printf '{"UMask":{"range":3}}' >"$t/policy.json"
first=""
for u in "${units[@]:0:40}"; do # a unit the policy can score goes first, so that both halves run
        if run --security-policy="$t/policy.json" "$u" >/dev/null 2>&1; then
                first=$u
                break
        fi
done
if [ -n "$first" ]; then
        args=("$first" "${args[@]}")
        total=${#args[@]}
        chunks --security-policy="$t/policy.json"
        # one run says it for the first unit only: the chunks' messages with later ones dropped
        awk '/the security policy gives/ { if (seen++) next } { print }' "$t/c.err" >"$t/c.perr"
        for procs in 2 3; do
                UNITSEC_PROCESSES=$procs run --security-policy="$t/policy.json" "${args[@]}" >"$t/p.out" 2>"$t/p.err"
                r=$?
                if [ $r = 1 ] && [ ! -s "$t/p.out" ] && cmp -s "$t/c.perr" "$t/p.err" &&
                        [ "$(grep -c 'the security policy gives' "$t/c.err")" -gt 1 ]; then
                        ok "a policy that cannot score units of every range ($procs processes): one message, no report, exit 1"
                else
                        nok "a policy that cannot score units of every range ($procs processes): exit $r"
                        diff "$t/c.perr" "$t/p.err" | head -n 10 | sed 's/^/# /'
                fi
        done
        args=("${args[@]:1}")
        total=${#args[@]}
else
        skip "no unit of the tree passes the test policy"
        skip "no unit of the tree passes the test policy"
fi

# against the reference
if command -v systemd-analyze >/dev/null && systemd-analyze --version 2>/dev/null | grep -q '^systemd 252'; then
        systemd-analyze security --offline=yes --root="$t/tree" --no-pager "${args[@]}" >"$t/s.out" 2>/dev/null
        src=$?
        [ $rc = $src ] && ok "exit status as systemd-analyze's ($src)" || nok "exit status $rc, systemd-analyze $src"
        overall() { sed -n 's/^→ Overall exposure level for \([^:]*\): \([0-9.]*\) \([A-Z]*\) .*/\1 \2 \3/p' "$1"; }
        overall "$t/s.out" >"$t/s.overall"
        overall "$t/a.out" >"$t/a.overall"
        if [ -s "$t/s.overall" ] && cmp -s "$t/s.overall" "$t/a.overall"; then
                ok "overall lines as systemd-analyze's, in order ($(wc -l <"$t/s.overall") units)"
        else
                nok "overall lines differ from systemd-analyze's"
                diff "$t/s.overall" "$t/a.overall" | head -n 10 | sed 's/^/# /'
        fi
else
        skip "systemd-analyze 252 is not installed"
        skip "systemd-analyze 252 is not installed"
fi
echo "1..$n"
