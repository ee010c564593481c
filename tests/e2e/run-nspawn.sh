#!/usr/bin/env bash
# unitsec run side by side with systemd 252's own sandbox: systemd boots as PID 1 of a
# container (systemd-nspawn -D / --volatile=yes); inside it `systemd-run -p D=V` starts
# `unitsec run --verify-inside -p D=V`, which runs the probes in systemd's sandbox; on the
# host `unitsec run --verify -p D=V` runs the same probes in unitsec's. The two must agree,
# probe by probe, directive by directive.
set -u
U=${UNITSEC:-build/unitsec}
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
skip_all() { echo "ok 1 # SKIP $1"; exit 0; }
[ "$(id -u)" = 0 ] || skip_all "needs root"
command -v systemd-nspawn >/dev/null || skip_all "systemd-nspawn not installed (package systemd-container)"
T=$(mktemp -d /tmp/unitsec-nspawn.XXXXXX)
machine="unitsec-cmp-$$"
ns_pid=
cleanup() {
        if [ -n "$ns_pid" ] && kill -0 "$ns_pid" 2>/dev/null; then
                kill -TERM "$ns_pid" 2>/dev/null
                for _ in $(seq 100); do kill -0 "$ns_pid" 2>/dev/null || break; sleep 0.2; done
                kill -KILL "$ns_pid" 2>/dev/null
        fi
        rm -rf "$T"
}
trap cleanup EXIT
mkdir "$T/bin"
cp "$U" "$T/bin/unitsec"
setsid systemd-nspawn -D / --volatile=yes --private-network --boot --register=no --keep-unit \
        --console=passive --machine="$machine" --bind-ro="$T/bin:/opt/unitsec" \
        -- systemd.firstboot=off systemd.unit=basic.target >"$T/nspawn.log" 2>&1 </dev/null &
ns_pid=$!
init=
for _ in $(seq 150); do
        init=$(pgrep -P "$ns_pid" -x systemd | head -n1)
        [ -n "$init" ] && timeout 2 nsenter -t "$init" -m -p -- systemctl is-system-running 2>/dev/null |
                grep -qE 'running|degraded' && break
        init=
        sleep 0.2
done
[ -n "$init" ] || skip_all "the container did not boot: $(tail -n 3 "$T/nspawn.log" | tr '\n' ' ')"
inside() { timeout 60 nsenter -t "$init" -m -p -- "$@"; }
inside sh -c 'echo marker >/tmp/unitsec-marker'

# Paths avoid /opt (the binary lives there in the container) and /tmp (PrivateTmp=).
# One row: Directive=value settings separated by ';'.
while IFS= read -r row; do
        props=()
        IFS=';' read -r -a settings <<<"$row"
        for a in "${settings[@]}"; do props+=(-p "$a"); done
        sd=$(inside systemd-run --wait --pipe -q "${props[@]}" /opt/unitsec/unitsec run --verify-inside \
                --verify-marker=/tmp/unitsec-marker "${props[@]}" 2>/dev/null | grep -E '^(PASS|FAIL)')
        us=$("$U" run --verify "${props[@]}" 2>/dev/null | grep -E '^(PASS|FAIL)')
        if [ -z "$us" ]; then
                notok "$row: unitsec ran no probe"
        elif [ "$sd" = "$us" ]; then
                ok "$row: unitsec and systemd agree ($(echo "$us" | cut -c1-4 | tr '\n' ' '))"
        else
                notok "$row: unitsec and systemd agree" "systemd: $(echo $sd) | unitsec: $(echo $us)"
        fi
done <<'TABLE'
ProtectSystem=yes
ProtectSystem=full
ProtectSystem=strict
ProtectHome=yes
ProtectHome=read-only
ProtectHome=tmpfs
PrivateTmp=yes
PrivateDevices=yes
PrivateNetwork=yes
PrivateIPC=yes
ProtectHostname=yes
ProtectClock=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectKernelTunables=yes
ProtectControlGroups=yes
ProcSubset=pid
ProtectProc=invisible
NoNewPrivileges=yes
PrivateUsers=yes
DynamicUser=yes
PrivateUsers=yes;User=nobody;ProtectProc=invisible;ProcSubset=pid;PrivateDevices=yes
CapabilityBoundingSet=~CAP_SYS_ADMIN
SystemCallFilter=@system-service
SystemCallFilter=~@mount
SystemCallFilter=@system-service;SystemCallErrorNumber=EPERM
SystemCallFilter=~@mount;SystemCallErrorNumber=EACCES
SystemCallArchitectures=native
RestrictAddressFamilies=AF_UNIX AF_INET
RestrictNamespaces=yes
RestrictNamespaces=net
LockPersonality=yes
MemoryDenyWriteExecute=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
UMask=0077
User=nobody
ReadOnlyPaths=/var/lib
InaccessiblePaths=/srv
NoExecPaths=/usr/share
TemporaryFileSystem=/media
TABLE

# DynamicUser='s private layout of StateDirectory=, side by side: what the service sees of it
# and what the host keeps. unitsec's host side is a private tmpfs on /var/lib, so the host's
# real /var/lib is never touched.
layout_probe='s=${STATE_DIRECTORY%%:*}; touch "$s/f" && echo "writable $s"; ls -a /var/lib/private | tr "\n" " "; echo;
grep " /var/lib/private " /proc/self/mountinfo | cut -d" " -f6 | cut -d, -f1'
layout_host='echo "$(stat -c "%a %U" /var/lib/private) $(readlink /var/lib/unitsec-dyn) $(readlink /var/lib/unitsec-dyn2/sub)";
stat -c "%a %U" /var/lib/private/unitsec-dyn | sed "s/ root$/ root!/; s/ [^!]*$/ dynamic/"; ls /var/lib/private/unitsec-dyn'
dyn_props=(-p DynamicUser=yes -p "StateDirectory=unitsec-dyn unitsec-dyn2/sub")
sd=$(inside systemd-run --wait --pipe -q "${dyn_props[@]}" /bin/sh -c "$layout_probe" 2>/dev/null;
        inside /bin/sh -c "$layout_host" 2>/dev/null)
us=$(PROBE=$layout_probe HOST=$layout_host unshare -m --propagation private /bin/sh -c \
        'mount -t tmpfs tmpfs /var/lib || exit 1; "$@" -- /bin/sh -c "$PROBE" 2>/dev/null; /bin/sh -c "$HOST"' \
        sh "$U" run "${dyn_props[@]}" 2>/dev/null)
if [ -n "$sd" ] && [ "$sd" = "$us" ]; then
        ok "DynamicUser= StateDirectory= layout: unitsec and systemd agree ($(echo $us))"
else
        notok "DynamicUser= StateDirectory= layout: unitsec and systemd agree" "systemd: $(echo $sd) | unitsec: $(echo $us)"
fi
