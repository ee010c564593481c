#!/usr/bin/env bash
# fast
# DynamicUser= with StateDirectory=/CacheDirectory=/LogsDirectory= under `unitsec run`: the
# layout systemd 252 makes (checked side by side in its container): PREFIX/private (root's,
# 0700) holds NAME owned by the dynamic user, PREFIX/NAME is a relative symlink to it
# ("../private/a/b" for "a/b"); inside, PREFIX/private is an empty read-only tmpfs with only
# the service's own directories bound in, writable. A directory left at PREFIX/NAME by a run
# without DynamicUser= moves into private/. Runs with tmpfs on /var/lib, /var/cache, /var/log
# and /run in a private mount namespace, so the host's are never touched.
set -u
U=${UNITSEC:-build/unitsec}
if [ "$(id -u)" != 0 ]; then echo "ok 1 # SKIP needs root (namespaces, mounts)"; exit 0; fi
if [ -z "${UNITSEC_PRIVATE_NS:-}" ]; then
        T=$(mktemp -d /tmp/unitsec-run-dynamic.XXXXXX)
        trap 'rm -rf "$T"' EXIT
        export UNITSEC_PRIVATE_NS=$T
        unshare -m --propagation private bash -c \
                'for d in /var/lib /var/cache /var/log /run; do mount -t tmpfs tmpfs $d || exit 1; done; exec bash "$0"' "$0"
        exit $?
fi
T=$UNITSEC_PRIVATE_NS
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected '$2', got '$3'"; fi; }
chmod 0755 "$T"

mkdir -p /var/lib/private/other-service /var/lib/plain
echo secret >/var/lib/private/other-service/data
cat >"$T/dyn.service" <<UNIT
[Service]
Type=oneshot
DynamicUser=yes
StateDirectory=dyn nested/sub
CacheDirectory=dyn
LogsDirectory=dyn
ExecStart=/bin/sh -c 'echo "\$STATE_DIRECTORY|\$CACHE_DIRECTORY|\$LOGS_DIRECTORY" >/var/lib/dyn/env; \\
  id -u >/var/lib/dyn/uid; echo c >/var/cache/dyn/c; echo l >/var/log/dyn/l; echo s >/var/lib/nested/sub/s; \\
  ls /var/lib/private | tr "\\n" " " >/var/lib/dyn/listing; \\
  (cat /var/lib/private/other-service/data || echo hidden) >/var/lib/dyn/other 2>/dev/null; \\
  (echo x >/var/lib/plain/x && echo written || echo refused) >/var/lib/dyn/plain 2>/dev/null; \\
  grep " /var/lib/private " /proc/self/mountinfo | cut -d" " -f6 | cut -d, -f1 >/var/lib/dyn/mount'
UNIT
"$U" run "$T/dyn.service" 2>"$T/dyn.err"
check "the service runs" 0 $?
uid=$(cat /var/lib/private/dyn/uid 2>/dev/null)
if [ -n "$uid" ] && [ "$uid" -ge 61184 ] && [ "$uid" -le 65519 ]; then ok "it runs as a dynamic uid ($uid)"
else notok "it runs as a dynamic uid" "uid '$uid': $(cat "$T/dyn.err")"; fi
check "\$STATE_DIRECTORY & co name the links" "/var/lib/dyn:/var/lib/nested/sub|/var/cache/dyn|/var/log/dyn" \
        "$(cat /var/lib/private/dyn/env 2>/dev/null)"
check "PREFIX/NAME are relative symlinks into private/" "private/dyn private/dyn private/dyn ../private/nested/sub" \
        "$(readlink /var/lib/dyn) $(readlink /var/cache/dyn) $(readlink /var/log/dyn) $(readlink /var/lib/nested/sub)"
check "PREFIX/private is root's, 0700" "700 root 700 root 700 root" \
        "$(stat -c '%a %U' /var/lib/private /var/cache/private /var/log/private | tr '\n' ' ' | sed 's/ $//')"
check "the directories are the dynamic user's and were written" "$uid $uid $uid $uid c l s" \
        "$(stat -c %u /var/lib/private/dyn /var/cache/private/dyn /var/log/private/dyn /var/lib/private/nested/sub | tr '\n' ' ')$(cat /var/cache/private/dyn/c /var/log/private/dyn/l /var/lib/private/nested/sub/s 2>/dev/null | tr '\n' ' ' | sed 's/ $//')"
check "inside, private/ shows only the service's own directories" "dyn nested " "$(cat /var/lib/private/dyn/listing 2>/dev/null)"
check "another service's private data stays hidden" hidden "$(cat /var/lib/private/dyn/other 2>/dev/null)"
check "the rest of /var/lib stays read-only (ProtectSystem=strict implied)" refused "$(cat /var/lib/private/dyn/plain 2>/dev/null)"
check "private/ itself is a read-only tmpfs inside" ro "$(cat /var/lib/private/dyn/mount 2>/dev/null)"

# A second run keeps the data; a directory from a run without DynamicUser= is moved in.
"$U" run "$T/dyn.service" 2>/dev/null
check "a second run finds its state again" "0 yes" "$? $([ -s /var/lib/private/dyn/uid ] && echo yes)"
mkdir -p /var/lib/migrated && echo old >/var/lib/migrated/data
cat >"$T/mig.service" <<UNIT
[Service]
Type=oneshot
DynamicUser=yes
StateDirectory=migrated
ExecStart=/bin/sh -c 'cat /var/lib/migrated/data >/var/lib/migrated/seen'
UNIT
"$U" run "$T/mig.service" 2>"$T/mig.err"
check "a plain PREFIX/NAME directory is moved into private/ and linked" "0 private/migrated old" \
        "$? $(readlink /var/lib/migrated) $(cat /var/lib/private/migrated/seen 2>/dev/null)"
# A file where the link goes is refused, not replaced.
rm -rf /var/lib/private/clash; echo keep >/var/lib/clash
sed 's/migrated/clash/g' "$T/mig.service" >"$T/clash.service"
"$U" run "$T/clash.service" 2>"$T/clash.err"
check "a file where the link goes: refused (125), left alone" "125 keep" "$? $(cat /var/lib/clash)"
