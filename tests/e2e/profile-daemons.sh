#!/usr/bin/env bash
# Real Debian daemons profiled while serving, hardened from their profile, run again:
# nginx (forking, root master binding port 80, workers switching to www-data), redis-server
# (notify, User=, its own sandbox) and memcached (simple, behind a Perl wrapper). Each is
# profiled with `unitsec profile --duration` as its packaged unit (without its sandbox)
# while a client talks to it, the drop-in comes from its profile (`harden --observed=` when
# that option exists, else `profile --show-dropin`), then `unitsec run` runs the unit with
# that drop-in and it must answer again. Exposure before and after (systemd-analyze
# security, the unit as packaged, then with the drop-in) is printed and must go down.
# Private mount and network namespaces with a fresh /run, as tests/e2e/run-daemons.sh.
set -u
U=$(realpath "${UNITSEC:-build/unitsec}")
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
        T=$(mktemp -d /tmp/unitsec-profile-daemons.XXXXXX)
        trap 'rm -rf "$T"' EXIT
        export UNITSEC_PRIVATE_NS=$T
        unshare -m -n --propagation private bash -c \
                'mount -t tmpfs -o mode=0755 tmpfs /run && ip link set lo up || exit 1; exec bash "$0"' "$0"
        exit $?
fi
T=$UNITSEC_PRIVATE_NS
chmod 0755 "$T"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
mkdir -p /run/lock
systemd-tmpfiles --create --prefix=/run >/dev/null 2>&1

request() { # port → first line of the answer to the daemon's usual health request
        python3 "$(dirname "$0")/../lib/ask-daemon.py" "$1"
}
good() { case "$1:$2" in "nginx:HTTP/1.1 200 OK" | "redis-server:+PONG" | "memcached:VERSION "*) return 0 ;; esac; return 1; }
exposure() { # ROOT UNIT
        (cd / && env -u SYSTEMD_UNIT_PATH LC_ALL=C.UTF-8 SYSTEMD_COLORS=0 systemd-analyze security --no-pager \
                --offline=yes --root="$1" "$2" 2>/dev/null) | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'
}
dropin() { # PROFILE UNIT OUT
        if "$U" harden --help 2>/dev/null | grep -q -- '--observed'; then
                "$U" harden --observed="$1" --output="$3" "$2" >/dev/null
        else
                "$U" profile --show-dropin "$1" >"$3"
        fi
}

for d in $present; do
        name=${d%%:*} port=${d##*:}
        R=$T/root-$name/lib/systemd/system
        mkdir -p "$R"
        cp "/lib/systemd/system/$name.service" "$R/"
        before=$(exposure "$T/root-$name" "$name.service")
        (cd "$T" && "$U" profile -o "$T/$name.json" --duration=6 "$name.service" >"$T/$name.profile-out" 2>&1) &
        up=$!
        answer=$(request "$port")
        wait $up
        if good "$name" "$answer"; then ok "$name: serves while profiled ($answer)"
        else notok "$name: serves while profiled" "got '$answer': $(tail -n 5 "$T/$name.profile-out" | tr '\n' '|')"; continue; fi
        mkdir -p "$R/$name.service.d"
        dropin "$T/$name.json" "$R/$name.service" "$R/$name.service.d/observed.conf"
        after=$(exposure "$T/root-$name" "$name.service")
        "$U" run --dropin="$R/$name.service.d/observed.conf" "$name.service" >"$T/$name.out" 2>"$T/$name.err" &
        pid=$!
        answer=$(request "$port")
        kill -TERM $pid
        wait $pid
        if good "$name" "$answer"; then ok "$name: hardened from its profile, serves again under unitsec run ($answer)"
        else notok "$name: hardened from its profile, serves again under unitsec run" \
                "got '$answer': $(tail -n 5 "$T/$name.err" | tr '\n' '|') drop-in: $(grep -v '^#' "$R/$name.service.d/observed.conf" | tr '\n' ' ')"; fi
        echo "# $name exposure (systemd-analyze security): packaged $before, with the observed drop-in $after"
        if [ -n "$before" ] && [ -n "$after" ] && python3 -c "import sys; sys.exit(0 if float('$after') < float('$before') else 1)"; then
                ok "$name: exposure $before -> $after"
        else
                notok "$name: exposure goes down" "before '$before', after '$after'"
        fi
done
echo "1..$n"
