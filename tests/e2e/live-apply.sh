#!/usr/bin/env bash
# Live apply (issue 7): in a container with systemd 252 as PID 1, `harden --apply --reload
# --restart` leaves a service that keeps working hardened and active, and takes the drop-in back
# out of one the hardening breaks (it writes to /usr), bringing it back as it was.
set -u
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${UNITSEC:-$top/build/unitsec}
# shellcheck source=../lib/nspawn.sh
. "$top/tests/lib/nspawn.sh"

skip_all() {
        echo "1..0 # SKIP $1"
        exit 0
}
[ -x "$bin" ] || skip_all "no binary at $bin"
"$bin" harden --help 2>/dev/null | grep -q -- --restart || skip_all "this build has no harden --restart"
nspawn_usable || skip_all "$NSPAWN_SKIP"
nspawn_start || skip_all "systemd-nspawn does not work here: $NSPAWN_SKIP"
root=$(nspawn_root)
mkdir -p "$root/opt/unitsec" && cp "$bin" "$root/opt/unitsec/unitsec"
us=/opt/unitsec/unitsec
dropin=etc/systemd/system/%s.service.d/50-unitsec-harden.conf

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
has_dropin() { [ -f "$root/$(printf "$dropin" "$1")" ]; }
no_dropin() { ! has_dropin "$1"; }
is_active() { [ "$(nspawn_exec systemctl is-active "$1" 2>/dev/null)" = active ]; }
is_inactive() { [ "$(nspawn_exec systemctl is-active "$1" 2>/dev/null)" = inactive ]; }
score() { nspawn_exec systemd-analyze security --no-pager "$1" 2>/dev/null | sed -n 's/.*: \([0-9]*\.[0-9]\) .*/\1/p'; }
lower() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

cat >"$root/etc/systemd/system/live-good.service" <<'EOF'
[Service]
ExecStart=/bin/sleep infinity
EOF
cat >"$root/etc/systemd/system/live-notify.service" <<'EOF'
[Service]
Type=notify
NotifyAccess=all
ExecStart=/bin/sh -c 'systemd-notify --ready; exec sleep infinity'
EOF
# writes to /usr (writable in the container) until it cannot: any ProtectSystem= stops it
cat >"$root/etc/systemd/system/live-bad.service" <<'EOF'
[Service]
ExecStart=/bin/sh -c 'while touch /usr/lib/unitsec-live-probe; do sleep 0.2; done; echo cannot write to /usr; exit 1'
EOF
nspawn_exec systemctl daemon-reload
nspawn_exec systemctl start live-good.service live-notify.service live-bad.service
check "the test services run before" is_active live-good.service
check "the writer runs before" is_active live-bad.service

for u in live-good live-notify; do
        before=$(score $u.service)
        nspawn_exec $us harden --apply --reload --restart --grace=2 $u.service >/dev/null 2>"$root/tmp/err"
        rc=$?
        check "$u: harden --apply --reload --restart succeeds (exit $rc)" [ $rc -eq 0 ]
        check "$u: stays active" is_active $u.service
        check "$u: the drop-in is in place" has_dropin $u
        after=$(score $u.service)
        check "$u: the manager scores it lower ($before -> $after)" lower "$after" "$before"
done

pid_before=$(nspawn_exec systemctl show -P MainPID live-bad.service)
nspawn_exec $us harden --apply --reload --restart --grace=3 live-bad.service >/dev/null 2>"$root/tmp/err"
rc=$?
check "live-bad: a failing hardening exits 1 (exit $rc)" [ $rc -eq 1 ]
check "live-bad: the drop-in is taken back out" no_dropin live-bad
check "live-bad: active again as before" is_active live-bad.service
check "live-bad: the report names the failure" grep -q "failed with the hardening" "$root/tmp/err"
check "live-bad: the report shows the journal" grep -q "Read-only file system\|cannot write to /usr" "$root/tmp/err"
check "live-bad: it runs a new process (was $pid_before)" \
        [ "$(nspawn_exec systemctl show -P MainPID live-bad.service)" != "$pid_before" ]
nspawn_exec systemctl show -P FragmentPath -P DropInPaths live-bad.service | grep -q unitsec &&
        check "live-bad: the manager no longer reads the drop-in" false ||
        check "live-bad: the manager no longer reads the drop-in" true

nspawn_exec systemctl stop live-bad.service
nspawn_exec $us harden --apply --reload --restart --grace=3 live-bad.service >/dev/null 2>&1
check "live-bad stopped before: stopped again after the revert, not failed" is_inactive live-bad.service
check "live-bad stopped before: no drop-in" no_dropin live-bad

nspawn_exec $us harden --apply --reload live-bad.service >/dev/null 2>&1
rc=$?
check "--reload alone writes and reloads (exit $rc)" [ $rc -eq 0 ]
check "--reload alone: the manager reads the drop-in" \
        sh -c "nsenter -t $NSPAWN_INIT -m -p -- systemctl show -P DropInPaths live-bad.service | grep -q 50-unitsec-harden"

"$bin" harden --reload --root=/nonexistent x.service >/dev/null 2>&1
rc=$?
check "--reload without --apply is a usage error (exit $rc)" [ $rc -ne 0 ]
echo "1..$n"
