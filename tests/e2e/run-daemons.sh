#!/usr/bin/env bash
# Real Debian daemons under `unitsec run`, each with its packaged unit as is plus the drop-in
# that `unitsec harden --level=standard` proposes for it: nginx (Type=forking, PIDFile=,
# ExecStartPre=, ExecStop= through start-stop-daemon, KillMode=mixed, TimeoutStopSec=5),
# redis-server (Type=notify, User=, RuntimeDirectory=, TimeoutStopSec=0, its own heavy
# sandbox) and memcached (Type=simple behind a Perl wrapper that execs it). Each must answer
# a request on loopback, then stop cleanly on SIGTERM: status 0 (or 143), no process of it
# left, its RuntimeDirectory= gone.
#
# Runs in private mount and network namespaces: a fresh /run (prepared from the packages'
# tmpfiles.d, as boot does) so that PID files and runtime directories never touch the
# host's, and its own loopback so that the ports cannot clash with daemons of the host.
# Install the daemons with tools/install-deps.sh (it keeps them from starting).
set -u
U=${UNITSEC:-build/unitsec}
if [ "$(id -u)" != 0 ]; then echo "ok 1 # SKIP needs root (namespaces, mounts)"; exit 0; fi
DAEMONS="nginx:/usr/sbin/nginx:80 redis-server:/usr/bin/redis-server:6379 memcached:/usr/bin/memcached:11211"
present=""
for d in $DAEMONS; do
        name=${d%%:*} rest=${d#*:}
        [ -x "${rest%%:*}" ] && [ -e "/lib/systemd/system/$name.service" ] && present="$present $d"
done
if [ -z "$present" ]; then
        echo "ok 1 # SKIP none of nginx, redis-server, memcached is installed (tools/install-deps.sh)"
        exit 0
fi
if [ -z "${UNITSEC_PRIVATE_NS:-}" ]; then
        T=$(mktemp -d /tmp/unitsec-run-daemons.XXXXXX)
        trap 'rm -rf "$T"' EXIT
        export UNITSEC_PRIVATE_NS=$T
        unshare -m -n --propagation private bash -c \
                'mount -t tmpfs -o mode=0755 tmpfs /run && ip link set lo up || exit 1; exec bash "$0"' "$0"
        exit $?
fi
T=$UNITSEC_PRIVATE_NS
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
mkdir -p /run/lock
systemd-tmpfiles --create --prefix=/run >/dev/null 2>&1 # only below the private /run

for d in $DAEMONS; do
        case " $present " in *" $d "*) ;; *) n=$((n + 1)); echo "ok $n # SKIP ${d%%:*} is not installed"; continue ;; esac
done

# The first line of the answer of the daemon on 127.0.0.1:PORT to its usual health request.
request() {
        python3 "$(dirname "$0")/../lib/ask-daemon.py" "$1"
}

# Every process below $1, for the check that none is left.
tree() {
        local kids
        kids=$(ps -o pid= --ppid "$1" 2>/dev/null)
        for k in $kids; do
                echo "$k"
                tree "$k"
        done
}

for d in $present; do
        name=${d%%:*} port=${d##*:}
        if ! "$U" harden --level=standard --output="$T/$name.conf" "$name.service" >/dev/null 2>"$T/$name.harden-err" ||
                ! grep -q '^\[Service\]' "$T/$name.conf"; then
                notok "$name: harden --level=standard proposes a drop-in" "$(tail -n 3 "$T/$name.harden-err")"
                continue
        fi
        start=$(date +%s%N)
        "$U" run --dropin="$T/$name.conf" "$name.service" >"$T/$name.out" 2>"$T/$name.err" &
        pid=$!
        answer=$(request "$port")
        case "$name:$answer" in
        "nginx:HTTP/1.1 200 OK" | "redis-server:+PONG" | "memcached:VERSION "*)
                ok "$name: runs hardened (unit + standard drop-in) and answers on loopback ($answer)" ;;
        *)
                notok "$name: runs hardened (unit + standard drop-in) and answers on loopback" \
                        "got '$answer': $(tail -n 5 "$T/$name.err" | tr '\n' '|')" ;;
        esac
        procs=$(tree $pid)
        kill -TERM $pid
        wait $pid
        rc=$?
        ms=$((($(date +%s%N) - start) / 1000000))
        case $rc in
        0 | 143) ok "$name: stops cleanly on SIGTERM (status $rc, ${ms} ms in all)" ;;
        *) notok "$name: stops cleanly on SIGTERM" "status $rc: $(tail -n 5 "$T/$name.err" | tr '\n' '|')" ;;
        esac
        left=""
        for p in $procs; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
        if [ -z "$procs" ]; then
                notok "$name: no process left behind" "no process of the service seen while it ran"
        elif [ -n "$left" ]; then
                notok "$name: no process left behind" "still running:$left"
                kill -KILL $left 2>/dev/null
        else
                ok "$name: no process left behind ($(echo $procs | wc -w) seen while it ran)"
        fi
done
if [ -e /run/redis ]; then notok "redis-server: RuntimeDirectory=redis removed after the stop"
elif case " $present " in *" redis-server:"*) true ;; *) false ;; esac; then ok "redis-server: RuntimeDirectory=redis removed after the stop"
fi
echo "1..$n"
