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
        # A sanitizer build's leak check stops the world with ptrace, which systemd's
        # SystemCallFilter= may forbid: it would spin forever at exit (make check SANITIZE=1).
        sd=$(inside systemd-run --wait --pipe -q "${props[@]}" -E ASAN_OPTIONS=detect_leaks=0 \
                /opt/unitsec/unitsec run --verify-inside \
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

# The stop settings side by side: a main process and a child record the signals they get
# ("stubborn" ones ignore SIGTERM); systemd stops the unit with `systemctl stop`, unitsec on
# SIGTERM. Compared: the signals each saw, and which of them is still alive afterwards (this
# is how SendSIGKILL=no was found to send KillSignal= a second time after the timeout). A
# plain process that exits on the first signal may still see it twice under systemd (it finds
# the process again in the cgroup before it is gone): there each signal counts once.
cat >"$T/bin/stop-probe.sh" <<'SH'
rec=$1 mode=$2 who=${3:-main}
for s in TERM USR1 USR2 HUP; do
        if [ "$s" = TERM ] && [ "$mode" = stubborn ]; then
                trap "echo $who:$s >>$rec" $s
        else
                trap "echo $who:$s >>$rec; exit 0" $s
        fi
done
[ "$who" = main ] && { /bin/sh "$0" "$rec" "$mode" child & }
echo "$who $$" >>"$rec.pids"
while :; do sleep 0.1; done
SH
stop_outcome() { # REC MODE, run through CMD... (to read files and check pids where the service ran)
        local rec=$1 uniq=""
        [ "$2" = plain ] && uniq=-u
        shift 2
        "$@" sh -c 'sort '"$uniq"' "$0" 2>/dev/null; sort "$0.pids" | while read -r who p; do kill -0 $p 2>/dev/null && echo "$who:alive" ||
                echo "$who:gone"; kill -KILL $p 2>/dev/null; done; rm -f "$0" "$0.pids"' "$rec" | tr '\n' ' '
}
k=0
while IFS= read -r row; do
        k=$((k + 1))
        mode=${row%% *} settings=${row#* }
        props=()
        IFS=';' read -r -a list <<<"$settings"
        for a in "${list[@]}"; do [ -n "$a" ] && props+=(-p "$a"); done
        rec=/run/unitsec-stop-$k.rec
        inside systemd-run -q --unit="unitsec-stop-$k" "${props[@]}" /bin/sh /opt/unitsec/stop-probe.sh "$rec" "$mode" \
                >/dev/null 2>&1
        for _ in $(seq 50); do [ "$(inside cat "$rec.pids" 2>/dev/null | wc -l)" = 2 ] && break; sleep 0.1; done
        inside systemctl stop "unitsec-stop-$k" 2>/dev/null
        sd=$(stop_outcome "$rec" "$mode" inside)
        "$U" run "${props[@]}" -- /bin/sh "$T/bin/stop-probe.sh" "$T/stop.rec" "$mode" 2>/dev/null &
        pid=$!
        for _ in $(seq 50); do [ "$(cat "$T/stop.rec.pids" 2>/dev/null | wc -l)" = 2 ] && break; sleep 0.1; done
        kill -TERM $pid
        wait $pid
        us=$(stop_outcome "$T/stop.rec" "$mode" env)
        if [ -n "$sd" ] && [ "$sd" = "$us" ]; then
                ok "stop with $mode processes, $settings: unitsec and systemd agree ($us)"
        else
                notok "stop with $mode processes, $settings: unitsec and systemd agree" "systemd: $sd | unitsec: $us"
        fi
done <<'TABLE'
plain ;
plain KillSignal=SIGUSR1
plain KillMode=mixed
plain KillMode=process
stubborn TimeoutStopSec=1;FinalKillSignal=SIGUSR2
stubborn TimeoutStopSec=1
stubborn TimeoutStopSec=1;SendSIGKILL=no
stubborn TimeoutStopSec=1;KillMode=mixed
stubborn TimeoutStopSec=1;KillMode=mixed;SendSIGKILL=no
plain KillMode=none
TABLE
