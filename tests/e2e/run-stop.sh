#!/usr/bin/env bash
# fast
# The stop sequence of `unitsec run` honours the unit's stop settings as systemd 252 does:
# KillSignal=, TimeoutStopSec= (then FinalKillSignal=, SIGKILL by default), SendSIGKILL=no
# (left running, with a warning), TimeoutStopSec=0 (no timeout: a second SIGTERM ends the
# wait), KillMode=, RuntimeDirectoryPreserve=, TimeoutStartSec= of Type=oneshot. Each case
# has its default counterpart, so a setting that were ignored would fail here.
set -u
U=${UNITSEC:-build/unitsec}
if [ "$(id -u)" != 0 ]; then echo "ok 1 # SKIP needs root (namespaces, mounts)"; exit 0; fi
if [ -z "${UNITSEC_PRIVATE_NS:-}" ]; then
        T=$(mktemp -d /tmp/unitsec-run-stop.XXXXXX)
        trap 'rm -rf "$T"' EXIT
        export UNITSEC_PRIVATE_NS=$T
        unshare -m --propagation private bash -c 'mount -t tmpfs tmpfs /run || exit 1; exec bash "$0"' "$0"
        exit $?
fi
T=$UNITSEC_PRIVATE_NS
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected '$2', got '$3'"; fi; }
wait_file() { for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.05; done; return 1; }
alive() { kill -0 "$1" 2>/dev/null; }
ms() { echo $(($(date +%s%N) / 1000000)); }

# unit NAME BODY...: a service whose main process writes its pid to $T/NAME.pid first.
unit() {
        local name=$1
        shift
        printf '[Service]\n' >"$T/$name.service"
        printf '%s\n' "$@" >>"$T/$name.service"
}
# start NAME: runs it in the background, waits for its pid file; sets $pid (unitsec) and $main.
start() {
        rm -f "$T/$1.pid"
        "$U" run "$T/$1.service" >"$T/$1.out" 2>"$T/$1.err" &
        pid=$!
        wait_file "$T/$1.pid" || echo "# $1 did not start: $(cat "$T/$1.err")"
        main=$(cat "$T/$1.pid" 2>/dev/null)
}
# stop: SIGTERM to unitsec, waits; sets $rc and $took (ms).
stop() {
        local t0
        t0=$(ms)
        kill -TERM $pid
        wait $pid
        rc=$?
        took=$(($(ms) - t0))
}

# KillSignal=: the stop signal itself.
for sig in default USR1; do
        unit "sig-$sig" "ExecStart=/bin/sh -c 'trap \"echo USR1 >$T/sig-$sig.got; exit 7\" USR1; trap \"echo TERM >$T/sig-$sig.got; exit 8\" TERM; echo \$\$\$\$ >$T/sig-$sig.pid; while :; do sleep 0.05; done'" \
                "$([ $sig = default ] || echo "KillSignal=SIG$sig")"
        start "sig-$sig"
        stop
        want=$([ $sig = default ] && echo "8 TERM" || echo "7 USR1")
        check "KillSignal=$sig: the main process gets it (status, signal seen)" "$want" "$rc $(cat "$T/sig-$sig.got" 2>/dev/null)"
done

# TimeoutStopSec=: a process that ignores SIGTERM is killed with SIGKILL once it has passed.
unit timeout "ExecStart=/bin/sh -c 'echo \$\$\$\$ >$T/timeout.pid; trap \"\" TERM; exec sleep 1000'" "TimeoutStopSec=1"
start timeout
stop
check "TimeoutStopSec=1: SIGKILL after the timeout (status 137)" 137 $rc
if [ $took -ge 900 ] && [ $took -lt 4000 ]; then ok "TimeoutStopSec=1: stopped after about 1 s ($took ms)"
else notok "TimeoutStopSec=1: stopped after about 1 s" "$took ms"; fi
grep -q "still running after the stop timeout" "$T/timeout.err"
check "TimeoutStopSec=1: the escalation is reported" 0 $?

# FinalKillSignal=: the signal sent after the timeout.
unit final "ExecStart=/bin/sh -c 'echo \$\$\$\$ >$T/final.pid; trap \"\" TERM; trap \"echo USR2 >$T/final.got; exit 9\" USR2; while :; do sleep 0.05; done'" \
        "TimeoutStopSec=500ms" "FinalKillSignal=SIGUSR2"
start final
stop
check "FinalKillSignal=SIGUSR2: sent after TimeoutStopSec= instead of SIGKILL" "9 USR2" "$rc $(cat "$T/final.got" 2>/dev/null)"

# SendSIGKILL=no: what survives the timeout is left running, with a warning.
unit nokill "ExecStart=/bin/sh -c 'echo \$\$\$\$ >$T/nokill.pid; trap \"\" TERM; exec sleep 1000'" "TimeoutStopSec=500ms" "SendSIGKILL=no"
start nokill
stop
alive "$main"
check "SendSIGKILL=no: the process that ignores SIGTERM is left running" 0 $?
grep -q "left running (KillMode=control-group, SendSIGKILL=no)" "$T/nokill.err"
check "SendSIGKILL=no: reported as left running" 0 $?
kill -KILL "$main" 2>/dev/null

# TimeoutStopSec=0: no timeout; unitsec waits until a second SIGTERM, then kills.
unit notimeout "ExecStart=/bin/sh -c 'echo \$\$\$\$ >$T/notimeout.pid; trap \"\" TERM; exec sleep 1000'" "TimeoutStopSec=0"
start notimeout
kill -TERM $pid
sleep 1.5
alive $pid && alive "$main"
check "TimeoutStopSec=0: still waiting 1.5 s after SIGTERM" 0 $?
kill -TERM $pid
wait $pid
rc=$?
alive "$main"
check "TimeoutStopSec=0: a second SIGTERM ends the wait with SIGKILL, nothing left" "137 1" "$rc $?"

# KillMode=: control-group (default) sends SIGTERM to every process; mixed only to the main
# one, the others get SIGKILL once it is gone; process stops only the main one; none nothing.
cat >"$T/child.sh" <<'SH'
trap 'echo TERM >"$1"; exit 0' TERM
echo $$ >"$2"
while :; do sleep 0.05; done
SH
for mode in control-group mixed process none; do
        unit "mode-$mode" "ExecStart=/bin/sh -c '/bin/sh $T/child.sh $T/mode-$mode.term $T/mode-$mode.child & echo \$\$\$\$ >$T/mode-$mode.pid; wait'" \
                "KillMode=$mode"
        start "mode-$mode"
        wait_file "$T/mode-$mode.child"
        child=$(cat "$T/mode-$mode.child")
        stop
        alive "$child" && left=running || left=gone
        term=$(cat "$T/mode-$mode.term" 2>/dev/null)
        case $mode in
        control-group) want="gone TERM" ;;
        mixed) want="gone " ;;
        process | none) want="running " ;;
        esac
        check "KillMode=$mode: the other process (state, signal it saw)" "$want" "$left $term"
        kill -KILL "$child" 2>/dev/null
        [ $mode = none ] && kill -KILL "$main" 2>/dev/null
done
grep -q "of the service left running (KillMode=process)" "$T/mode-process.err"
check "KillMode=process: what is left is reported" 0 $?
grep -q "processes of the service left running (KillMode=none)" "$T/mode-none.err"
check "KillMode=none: the main process and the other one are left, and reported" 0 $?

# RuntimeDirectoryPreserve=: yes keeps the directory after the stop; no and restart remove it.
for keep in no yes restart; do
        unit "keep-$keep" "RuntimeDirectory=unitsec-keep-$keep" "RuntimeDirectoryPreserve=$keep" \
                "ExecStart=/bin/sh -c 'echo \$\$\$\$ >$T/keep-$keep.pid; echo x >/run/unitsec-keep-$keep/f; exec sleep 1000'"
        start "keep-$keep"
        stop
        kept=$([ -e "/run/unitsec-keep-$keep/f" ] && echo kept || echo removed)
        check "RuntimeDirectoryPreserve=$keep: the directory is $([ $keep = yes ] && echo kept || echo removed)" \
                "$([ $keep = yes ] && echo kept || echo removed)" "$kept"
done

# TimeoutStartSec=: Type=oneshot has no start timeout by default; with one, a command that
# runs longer is killed and the run fails (125).
unit oneshot-slow "Type=oneshot" "ExecStart=/bin/sleep 1.5"
"$U" run "$T/oneshot-slow.service" 2>/dev/null
check "Type=oneshot without TimeoutStartSec=: no start timeout" 0 $?
unit oneshot-timeout "Type=oneshot" "TimeoutStartSec=500ms" "ExecStart=/bin/sleep 30"
t0=$(ms)
"$U" run "$T/oneshot-timeout.service" 2>"$T/oneshot-timeout.err"
rc=$?
took=$(($(ms) - t0))
check "TimeoutStartSec=500ms: the command is killed, the run fails" "125 yes" \
        "$rc $([ $took -lt 5000 ] && grep -q "timed out" "$T/oneshot-timeout.err" && echo yes)"
