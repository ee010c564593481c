#!/usr/bin/env bash
# fast
# Hardened services still work under `unitsec run`: three small daemons, one per service
# type (simple, forking with PIDFile= and RuntimeDirectory=, notify), each run with the
# drop-in that `unitsec harden --level=standard` proposes for it, answer a request on
# loopback, and stop cleanly on SIGTERM leaving no process behind. Runs in a private mount
# namespace with a fresh /run (RuntimeDirectory= never touches the host's) and /srv for the
# daemon's script (PrivateTmp= hides /tmp from the services, as it should).
set -u
U=${UNITSEC:-build/unitsec}
if [ "$(id -u)" != 0 ]; then echo "ok 1 # SKIP needs root (namespaces, mounts)"; exit 0; fi
if [ -z "${UNITSEC_PRIVATE_NS:-}" ]; then
        T=$(mktemp -d /tmp/unitsec-run-harden.XXXXXX)
        trap 'rm -rf "$T"' EXIT
        export UNITSEC_PRIVATE_NS=$T
        exec unshare -m --propagation private bash -c \
                'mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /srv || exit 1; exec bash "$0"' "$0"
fi
T=$UNITSEC_PRIVATE_NS
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
PY=/usr/bin/python3
pydir=$($PY -c 'import os; print(os.path.dirname(os.__file__))')

# A TCP server answering "pong <pid>" to every connection; forks into the background when
# asked (PIDFile=), sends READY=1 when $NOTIFY_SOCKET is set.
cat >/srv/pong.py <<'PYEOF'
import os, socket, sys
port, mode = int(sys.argv[1]), sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen()
if mode == "forking":
    if os.fork():
        os._exit(0)
    os.setsid()
    if os.fork():
        os._exit(0)
    with open(sys.argv[3], "w") as f:
        f.write("%d\n" % os.getpid())
if mode == "notify":
    n = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    n.sendto(b"READY=1", os.environ["NOTIFY_SOCKET"])
while True:
    c, _ = s.accept()
    c.sendall(b"pong %d\n" % os.getpid())
    c.close()
PYEOF
chmod 0755 "$T"; chmod 0644 /srv/pong.py

cat >"$T/web.service" <<UNIT
[Service]
ExecStart=$PY -m http.server 18631 --bind 127.0.0.1 --directory $pydir
UNIT
cat >"$T/pong-forking.service" <<UNIT
[Service]
Type=forking
RuntimeDirectory=unitsec-pong
PIDFile=/run/unitsec-pong/pong.pid
ExecStart=$PY /srv/pong.py 18632 forking /run/unitsec-pong/pong.pid
UNIT
cat >"$T/pong-notify.service" <<UNIT
[Service]
Type=notify
DynamicUser=no
User=nobody
ExecStart=$PY /srv/pong.py 18633 notify
UNIT

request() { # port → first line of the answer
        $PY - "$1" <<'PYEOF'
import socket, sys, time
port = int(sys.argv[1])
for _ in range(100):
    try:
        c = socket.create_connection(("127.0.0.1", port), timeout=2)
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit(1)
if port == 18631:
    c.sendall(b"GET /os.py HTTP/1.0\r\n\r\n")
data = b""
while True:
    b = c.recv(4096)
    if not b:
        break
    data += b
print(data.split(b"\n")[0].decode().strip())
PYEOF
}

for svc in web:18631 pong-forking:18632 pong-notify:18633; do
        name=${svc%%:*} port=${svc##*:}
        if ! "$U" harden --level=standard --output="$T/$name.conf" "$T/$name.service" >/dev/null 2>"$T/$name.harden-err" ||
                ! grep -q '^ProtectSystem=' "$T/$name.conf"; then
                notok "$name: harden --level=standard proposes a drop-in" "$(cat "$T/$name.harden-err")"
                continue
        fi
        "$U" run --dropin="$T/$name.conf" "$T/$name.service" >"$T/$name.out" 2>"$T/$name.err" &
        pid=$!
        answer=$(request "$port")
        case "$answer" in
        "HTTP/1.0 200 OK" | "pong "*) ok "$name: hardened with the standard drop-in, answers on loopback ($answer)" ;;
        *) notok "$name: hardened with the standard drop-in, answers on loopback" "got '$answer': $(tail -n 5 "$T/$name.err")" ;;
        esac
        daemon=${answer#pong }
        kill -TERM $pid
        wait $pid
        rc=$?
        case $rc in
        0 | 143) ok "$name: stops cleanly on SIGTERM (status $rc)" ;;
        *) notok "$name: stops cleanly on SIGTERM" "status $rc: $(tail -n 5 "$T/$name.err")" ;;
        esac
        if [ -n "$daemon" ] && [ "$daemon" != "$answer" ] && kill -0 "$daemon" 2>/dev/null; then
                notok "$name: no process left behind" "$daemon still runs"
                kill -KILL "$daemon"
        else
                ok "$name: no process left behind"
        fi
done
test ! -e /run/unitsec-pong
if [ $? = 0 ]; then ok "RuntimeDirectory= removed after the stop"; else notok "RuntimeDirectory= removed after the stop"; fi
