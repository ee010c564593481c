#!/usr/bin/env bash
# fast
# unitsec run UNIT in the foreground for each service type: forking (PIDFile=), notify
# (NOTIFY_SOCKET, READY=1), simple; stopping on SIGTERM runs ExecStop= with $MAINPID and
# kills every process of the service; a main process that exits leaves nothing behind.
set -u
U=${UNITSEC:-build/unitsec}
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected '$2', got '$3'"; fi; }
if [ "$(id -u)" != 0 ]; then
        echo "ok 1 # SKIP needs root (namespaces, mounts)"
        exit 0
fi
T=$(mktemp -d /tmp/unitsec-run-service.XXXXXX)
trap 'rm -rf "$T"' EXIT
wait_file() { for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.1; done; return 1; }
alive() { kill -0 "$1" 2>/dev/null; }

# Type=forking: the starting process exits, the daemon lives on; unitsec stays in the foreground.
cat >"$T/fork.service" <<UNIT
[Service]
Type=forking
PIDFile=$T/daemon.pid
ExecStart=/bin/sh -c '(trap "exit 0" TERM; while :; do sleep 0.1; done) </dev/null >/dev/null 2>&1 & echo \$! >$T/daemon.pid'
ExecStop=/bin/sh -c 'echo "stop \$MAINPID" >$T/stop'
ProtectSystem=strict
ReadWritePaths=$T
UNIT
"$U" run "$T/fork.service" 2>"$T/fork.err" &
pid=$!
wait_file "$T/daemon.pid"
sleep 0.3
daemon=$(cat "$T/daemon.pid")
alive $pid && alive "$daemon"
check "Type=forking: unitsec supervises the forked daemon in the foreground" 0 $?
kill -TERM $pid
wait $pid
rc=$?
check "Type=forking: stopped cleanly on SIGTERM" 0 $rc
check "ExecStop= runs with \$MAINPID" "stop $daemon" "$(cat "$T/stop" 2>/dev/null)"
alive "$daemon"
check "the daemon is gone after the stop" 1 $?

# Type=notify: readiness through NOTIFY_SOCKET from the main process.
cat >"$T/notify.service" <<UNIT
[Service]
Type=notify
ExecStart=/usr/bin/python3 -c 'import os, socket, time; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b"STATUS=warming up" + bytes([10]) + b"READY=1", os.environ["NOTIFY_SOCKET"]); open("$T/notified", "w").write("x"); time.sleep(300)'
PrivateNetwork=yes
UNIT
"$U" run "$T/notify.service" 2>"$T/notify.err" &
pid=$!
wait_file "$T/notified"
for _ in $(seq 50); do grep -q ready "$T/notify.err" && break; sleep 0.1; done
grep -q "notify.service: ready" "$T/notify.err"
check "Type=notify: READY=1 is reported" 0 $?
grep -q "notify.service: warming up" "$T/notify.err"
check "Type=notify: STATUS= is shown" 0 $?
kill -INT $pid
wait $pid
check "SIGINT stops it; 128+15 since SIGTERM killed the main process" 143 $?

# Every process of the service is stopped, not only the main one.
cat >"$T/tree.service" <<UNIT
[Service]
ExecStart=/bin/sh -c 'sleep 1000 & echo \$! >$T/child; setsid sleep 1000 & echo \$! >$T/setsid; wait'
UNIT
"$U" run "$T/tree.service" &
pid=$!
wait_file "$T/setsid"; wait_file "$T/child"
kill -TERM $pid
wait $pid
alive "$(cat "$T/child")" || alive "$(cat "$T/setsid")"
check "the stop kills the whole process tree, setsid ones too" 1 $?

# A main process that exits on its own: its status, and its leftovers are killed.
cat >"$T/exit.service" <<UNIT
[Service]
ExecStart=/bin/sh -c '(sleep 1000 </dev/null >/dev/null 2>&1 & echo \$! >$T/orphan); exit 3'
UNIT
timeout 30 "$U" run "$T/exit.service"
check "the main process's exit status" 3 $?
alive "$(cat "$T/orphan")"
check "processes left behind by the main process are killed" 1 $?

# Type=oneshot: every ExecStart= in order.
cat >"$T/oneshot.service" <<UNIT
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo one >>$T/oneshot'
ExecStart=/bin/sh -c 'echo two >>$T/oneshot'
ExecStart=-/bin/false
ExecStartPost=/bin/sh -c 'echo post >>$T/oneshot'
UNIT
"$U" run "$T/oneshot.service"
check "Type=oneshot: all ExecStart= then ExecStartPost=, '-' ignores a failure" "0 one two post" \
        "$? $(echo $(cat "$T/oneshot"))"
cat >"$T/prefail.service" <<UNIT
[Service]
ExecStartPre=/bin/sh -c 'exit 4'
ExecStart=/bin/sh -c 'echo started >$T/prefail'
UNIT
"$U" run "$T/prefail.service" 2>/dev/null
check "a failing ExecStartPre= stops the start with its status" "4 no" "$? $([ -e "$T/prefail" ] && echo yes || echo no)"

# Command prefixes: "+" runs outside the sandbox, "!" inside it but without User=.
cat >"$T/prefix.service" <<UNIT
[Service]
Type=oneshot
User=nobody
ProtectSystem=strict
ReadWritePaths=$T
ExecStart=+/bin/sh -c 'echo "plus \$(id -u) \$(grep -c " / ro," /proc/self/mountinfo)" >>$T/prefix'
ExecStart=!/bin/sh -c 'echo "bang \$(id -u) \$(grep -c " / ro," /proc/self/mountinfo)" >>$T/prefix'
ExecStart=/bin/sh -c 'echo "none \$(id -u) \$(grep -c " / ro," /proc/self/mountinfo)" >>$T/prefix'
UNIT
chmod 0777 "$T"
: >"$T/prefix"
chmod 0666 "$T/prefix"
"$U" run "$T/prefix.service" 2>/dev/null
check "'+' unsandboxed, '!' sandboxed as root, no prefix sandboxed as User=" \
        "0 plus 0 0 bang 0 1 none 65534 1" "$? $(echo $(cat "$T/prefix" 2>/dev/null))"

# A hostile PID file (a FIFO) must not block unitsec: it falls back to the remaining child.
cat >"$T/fifo.service" <<UNIT
[Service]
Type=forking
PIDFile=$T/fifo.pid
ExecStart=/bin/sh -c 'mkfifo $T/fifo.pid; (sleep 1000 </dev/null >/dev/null 2>&1 &); exit 0'
UNIT
timeout 30 "$U" run "$T/fifo.service" 2>"$T/fifo.err" &
pid=$!
for _ in $(seq 100); do grep -q "guessing" "$T/fifo.err" && break; sleep 0.1; done
grep -q "guessing the main process" "$T/fifo.err"
check "a FIFO as PID file is refused without blocking" 0 $?
kill -TERM $pid
wait $pid
check "... and the guessed daemon is stopped" 143 $?
