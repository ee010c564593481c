#!/usr/bin/env bash
# fast
# RuntimeDirectory=, StateDirectory=, CacheDirectory=, LogsDirectory=, ConfigurationDirectory=:
# created with owner and mode, writable under ProtectSystem=strict (except the configuration
# one), announced in $RUNTIME_DIRECTORY & co, the runtime one removed after the stop. Runs in
# a private mount namespace with fresh /run /var/lib /var/cache /var/log and an overlay on
# /etc, so that the host's own directories are never touched.
set -u
U=${UNITSEC:-build/unitsec}
if [ "$(id -u)" != 0 ]; then echo "ok 1 # SKIP needs root (namespaces, mounts)"; exit 0; fi
if [ -z "${UNITSEC_PRIVATE_NS:-}" ]; then
        T=$(mktemp -d /tmp/unitsec-run-dirs.XXXXXX)
        trap 'rm -rf "$T"' EXIT
        mkdir -p "$T/upper" "$T/work"
        export UNITSEC_PRIVATE_NS=$T
        exec unshare -m --propagation private bash -c '
                for d in /run /var/lib /var/cache /var/log; do mount -t tmpfs tmpfs "$d" || exit 1; done
                mount -t overlay overlay -o "lowerdir=/etc,upperdir=$UNITSEC_PRIVATE_NS/upper,workdir=$UNITSEC_PRIVATE_NS/work" /etc || exit 1
                exec bash "$0"' "$0"
fi
T=$UNITSEC_PRIVATE_NS
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected '$2', got '$3'"; fi; }

cat >"$T/dirs.service" <<UNIT
[Service]
User=nobody
ProtectSystem=strict
RuntimeDirectory=unitsec-rt unitsec-rt2/sub
RuntimeDirectoryMode=0750
StateDirectory=unitsec-state
CacheDirectory=unitsec-cache
LogsDirectory=unitsec-logs
ConfigurationDirectory=unitsec-conf
ExecStart=/bin/sh -c 'touch /run/unitsec-rt/a /var/lib/unitsec-state/a /var/cache/unitsec-cache/a /var/log/unitsec-logs/a && ! touch /etc/unitsec-conf/a 2>/dev/null && echo "\$RUNTIME_DIRECTORY|\$STATE_DIRECTORY|\$CONFIGURATION_DIRECTORY" >/var/lib/unitsec-state/env && stat -c "%%U %%a" /run/unitsec-rt >/var/lib/unitsec-state/rt'
UNIT
"$U" run "$T/dirs.service" 2>"$T/err"
check "the service writes into its directories under ProtectSystem=strict, not into /etc" 0 $?
check "\$RUNTIME_DIRECTORY & co list the full paths" "/run/unitsec-rt:/run/unitsec-rt2/sub|/var/lib/unitsec-state|/etc/unitsec-conf" \
        "$(cat /var/lib/unitsec-state/env 2>/dev/null)"
check "RuntimeDirectory= owned by User= with RuntimeDirectoryMode=" "nobody 750" "$(cat /var/lib/unitsec-state/rt 2>/dev/null)"
check "StateDirectory= kept, owned by User=" "nobody" "$(stat -c %U /var/lib/unitsec-state 2>/dev/null)"
check "ConfigurationDirectory= owned by root" "root" "$(stat -c %U /etc/unitsec-conf 2>/dev/null)"
test ! -e /run/unitsec-rt && test ! -e /run/unitsec-rt2/sub
check "RuntimeDirectory= removed after the stop" 0 $?
ln -s /tmp /var/cache/unitsec-evil
cat >"$T/evil.service" <<UNIT
[Service]
CacheDirectory=unitsec-evil/x
ExecStart=/bin/true
UNIT
"$U" run "$T/evil.service" 2>/dev/null
check "a symlink on the way is refused (125), not followed" "125 no" "$? $([ -e /tmp/x ] && echo yes || echo no)"
