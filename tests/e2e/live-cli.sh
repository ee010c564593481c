#!/usr/bin/env bash
# fast
# Online or offline (issue 7): without a manager `unitsec security` falls back to offline and says
# so once; --offline=yes forces offline, --offline=no insists. With systemd 252 as PID 1 of a
# container: the overview, JSON, transient units, errors and thresholds as systemd-analyze online.
set -u
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${UNITSEC:-$top/build/unitsec}
# shellcheck source=../lib/nspawn.sh
. "$top/tests/lib/nspawn.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
check() { # $1 = description, rest = command that must succeed
        local what=$1
        shift
        n=$((n + 1))
        if "$@"; then
                echo "ok $n - $what"
        else
                echo "not ok $n - $what"
        fi
}
skip() {
        n=$((n + 1))
        echo "ok $n # SKIP $1"
}
same() { cmp -s "$1" "$2" || { diff "$1" "$2" | head -n 10 | cut -c1-300 | sed 's/^/# /'; return 1; }; }
# The parity fields of --json=short rows (set and exposure by json_field), one per line, sorted.
fields() { python3 -c 'import json, sys
for l in sys.stdin:
    if l.startswith("[{\"set\""):
        print("\n".join(sorted("%s %s %s" % (r["json_field"], r["set"], r["exposure"]) for r in json.loads(l))))
    else:
        print(l, end="")' <"$1"; }
lines() { [ "$(wc -l <"$1")" -eq "$2" ]; }

if ! "$bin" security --help 2>/dev/null | grep -q -- "--machine"; then
        echo "1..0 # SKIP this build has no online mode"
        exit 0
fi

# --- on this host: only when PID 1 is not systemd (else the fallback cannot be seen) ---
printf '[Service]\nExecStart=/bin/true\nPrivateTmp=yes\n' >"$tmp/x.service"
"$bin" security --no-pager --offline=yes "$tmp/x.service" >"$tmp/x-off.out" 2>/dev/null
if [ -d /run/systemd/system ]; then
        skip "systemd runs this host: no fallback to see"
else
        "$bin" security --no-pager --offline=yes "$tmp/x.service" >"$tmp/off.out" 2>"$tmp/off.err"
        "$bin" security --no-pager "$tmp/x.service" >"$tmp/auto.out" 2>"$tmp/auto.err"
        check "no manager: the offline result" same "$tmp/off.out" "$tmp/auto.out"
        check "no manager: said once on stderr" lines "$tmp/auto.err" $(($(wc -l <"$tmp/off.err") + 1))
        check "no manager: the line says offline" grep -q offline "$tmp/auto.err"
        check "--offline=yes: nothing said" lines "$tmp/off.err" 0
        "$bin" security --no-pager --offline=no "$tmp/x.service" >"$tmp/no.out" 2>"$tmp/no.err"
        rc=$?
        check "--offline=no without a manager fails (exit $rc)" [ $rc -eq 1 ]
        check "--offline=no without a manager: nothing on stdout" lines "$tmp/no.out" 0
fi

# libsystemd is loaded only to talk to a manager: without it, offline works and the online
# mode says what is missing (hidden here inside unitsec run's mount namespace)
lib=$(ldconfig -p 2>/dev/null | awk '/libsystemd\.so\.0 / { print $NF; exit }')
if [ -n "$lib" ] && [ "$(id -u)" = 0 ]; then
        hide=(run -p "InaccessiblePaths=$(readlink -f "$lib")" --)
        "$bin" "${hide[@]}" "$bin" security --no-pager --offline=yes "$tmp/x.service" >"$tmp/nolib-off.out" 2>/dev/null
        rc=$?
        check "without libsystemd: offline scoring works (exit $rc)" [ $rc -eq 0 ]
        check "without libsystemd: offline scoring gives the same report" same "$tmp/x-off.out" "$tmp/nolib-off.out"
        "$bin" "${hide[@]}" "$bin" security --no-pager --offline=no "$tmp/x.service" >"$tmp/nolib.out" 2>"$tmp/nolib.err"
        rc=$?
        check "without libsystemd: --offline=no fails cleanly (exit $rc)" [ $rc -eq 1 ]
        check "without libsystemd: the message names the library" grep -q 'libsystemd.so.0 is not installed' "$tmp/nolib.err"
else
        for _ in 1 2 3 4; do skip "libsystemd.so.0 not found or not root (unitsec run hides it)"; done
fi

"$bin" security --host=a --machine=b x.service >/dev/null 2>&1
rc=$?
check "--host= with --machine= is a usage error (exit $rc)" [ $rc -ne 0 ]
"$bin" security --offline=yes --machine=b x.service >/dev/null 2>&1
rc=$?
check "--machine= with --offline=yes is a usage error (exit $rc)" [ $rc -ne 0 ]

# --- against a running manager ---
if ! nspawn_usable; then
        skip "$NSPAWN_SKIP"
        echo "1..$n"
        exit 0
fi
if ! nspawn_start; then
        skip "systemd-nspawn does not work here: $NSPAWN_SKIP"
        echo "1..$n"
        exit 0
fi
trap 'nspawn_stop; rm -rf "$tmp"' EXIT
root=$(nspawn_root)
mkdir -p "$root/opt/unitsec" && cp "$bin" "$root/opt/unitsec/unitsec"
cp "$tmp/x.service" "$root/etc/systemd/system/live-x.service"
nspawn_exec systemctl daemon-reload
nspawn_exec systemd-run --quiet --unit=live-transient -p PrivateTmp=yes -p ProtectSystem=strict \
        -p IPAddressDeny=any -p IPAddressAllow=127.0.0.1 -p DynamicUser=yes sleep 600

both() { # $1 = name of the comparison, rest = arguments of `security`
        local key=$1 t cmd
        shift
        for t in sa us; do
                cmd=systemd-analyze
                [ $t = us ] && cmd=/opt/unitsec/unitsec
                nspawn_exec env LC_ALL=C.UTF-8 SYSTEMD_COLORS=0 $cmd security --no-pager "$@" >"$tmp/$key.$t" 2>"$tmp/$key.$t.err"
                echo $? >"$tmp/$key.$t.rc"
        done
}
overall() { grep -v '^[✓✗ ] ' "$1"; }
both overview
check "overview: the same text as systemd-analyze" same "$tmp/overview.sa" "$tmp/overview.us"
check "overview: lists the transient unit" grep -q '^live-transient.service' "$tmp/overview.us"
both overview-json --json=short
check "overview --json=short: the same" same "$tmp/overview-json.sa" "$tmp/overview-json.us"
both transient --json=short live-transient.service
fields "$tmp/transient.sa" >"$tmp/t1"
fields "$tmp/transient.us" >"$tmp/t2"
check "transient unit (only online): the same rows" same "$tmp/t1" "$tmp/t2"
both transient-text live-transient
overall "$tmp/transient-text.sa" >"$tmp/t1"
overall "$tmp/transient-text.us" >"$tmp/t2"
check "transient unit: the same overall line" same "$tmp/t1" "$tmp/t2"
both several live-x live-transient.service nothere.service
overall "$tmp/several.sa" >"$tmp/t1"
overall "$tmp/several.us" >"$tmp/t2"
check "several units: reports then the overview of those" same "$tmp/t1" "$tmp/t2"
check "several units with one not found: exit 1 as systemd" same "$tmp/several.sa.rc" "$tmp/several.us.rc"
check "not found: said on stderr" grep -q nothere "$tmp/several.us.err"
both refuse live-x.service systemd-journald.socket live-transient.service
check "a non-service is refused: same exit" same "$tmp/refuse.sa.rc" "$tmp/refuse.us.rc"
overall "$tmp/refuse.sa" >"$tmp/t1"
overall "$tmp/refuse.us" >"$tmp/t2"
check "a non-service stops the run, no overview" same "$tmp/t1" "$tmp/t2"
both threshold --threshold=50
check "overview --threshold=50: same exit ($(cat "$tmp/threshold.sa.rc"))" same "$tmp/threshold.sa.rc" "$tmp/threshold.us.rc"
both threshold-one --threshold=95 live-x.service
check "one unit --threshold=95: same exit ($(cat "$tmp/threshold-one.sa.rc"))" same "$tmp/threshold-one.sa.rc" "$tmp/threshold-one.us.rc"
both offline --offline=yes /etc/systemd/system/live-x.service
overall "$tmp/offline.sa" >"$tmp/t1"
overall "$tmp/offline.us" >"$tmp/t2"
check "--offline=yes with a manager: offline numbers" same "$tmp/t1" "$tmp/t2"
check "--offline=yes with a manager: nothing said" lines "$tmp/offline.us.err" 0
both online live-x.service
check "PrivateTmp=yes implies PrivateMounts= online only" \
        sh -c "grep -q '^✓ PrivateMounts=' '$tmp/online.us' && grep -q '^✗ PrivateMounts=' '$tmp/offline.us'"

# --- the user manager of root (needs PAM configuration, which the volatile /etc lacks) ---
cp -a /etc/pam.d /etc/security "$root/etc/" 2>/dev/null
[ -e "$root/etc/passwd" ] || cp -a /etc/passwd /etc/group "$root/etc/"
if ! nspawn_exec systemctl start user@0.service >/dev/null 2>&1; then
        skip "the user manager of root does not start in the container"
else
        mkdir -p "$root/root/.config/systemd/user"
        printf '[Service]\nExecStart=/bin/sleep 1000\nPrivateTmp=yes\nUMask=0077\n' >"$root/root/.config/systemd/user/u1.service"
        nspawn_exec env XDG_RUNTIME_DIR=/run/user/0 systemctl --user daemon-reload
        both_user() { # like both, for --user
                local key=$1 t cmd
                shift
                for t in sa us; do
                        cmd=systemd-analyze
                        [ $t = us ] && cmd=/opt/unitsec/unitsec
                        nspawn_exec env XDG_RUNTIME_DIR=/run/user/0 LC_ALL=C.UTF-8 SYSTEMD_COLORS=0 $cmd security --user \
                                --no-pager "$@" >"$tmp/$key.$t" 2>"$tmp/$key.$t.err"
                done
        }
        both_user user-overview
        check "--user overview: the same as systemd-analyze" same "$tmp/user-overview.sa" "$tmp/user-overview.us"
        both_user user-u1 --json=short u1.service
        fields "$tmp/user-u1.sa" >"$tmp/t1"
        fields "$tmp/user-u1.us" >"$tmp/t2"
        check "--user unit: the same rows" same "$tmp/t1" "$tmp/t2"
        both_user user-u1-text u1
        overall "$tmp/user-u1-text.sa" >"$tmp/t1"
        overall "$tmp/user-u1-text.us" >"$tmp/t2"
        check "--user unit: the same overall line" same "$tmp/t1" "$tmp/t2"
fi
echo "1..$n"
