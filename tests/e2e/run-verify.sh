#!/usr/bin/env bash
# fast
# unitsec run --verify: all PASS for a sandbox that sets every supported directive; and for
# each directive alone, PASS with it and FAIL once --verify-control takes it out of the
# sandbox (the negative control: the probe really detects the directive's absence).
set -u
U=${UNITSEC:-build/unitsec}
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
if [ "$(id -u)" != 0 ]; then
        echo "ok 1 # SKIP needs root (namespaces, mounts)"
        exit 0
fi
T=$(mktemp -d /tmp/unitsec-run-verify.XXXXXX)
trap 'rm -rf "$T"' EXIT
# Paths outside /tmp (PrivateTmp= hides it) that the sandbox only views differently: the
# host's copies are never written.
# directive | value | value that takes it out again
table="ProtectSystem|strict|no
ProtectHome|yes|no
PrivateTmp|yes|no
PrivateDevices|yes|no
PrivateNetwork|yes|no
PrivateIPC|yes|no
ProtectHostname|yes|no
ProtectClock|yes|no
ProtectKernelModules|yes|no
ProtectKernelLogs|yes|no
ProtectKernelTunables|yes|no
ProtectControlGroups|yes|no
ProcSubset|pid|all
ProtectProc|invisible|default
NoNewPrivileges|yes|no
PrivateUsers|yes|no
CapabilityBoundingSet|~CAP_SYS_ADMIN|CAP_SYS_ADMIN
SystemCallFilter|@system-service|
SystemCallArchitectures|native|
RestrictAddressFamilies|AF_UNIX AF_INET|
RestrictNamespaces|yes|no
LockPersonality|yes|no
MemoryDenyWriteExecute|yes|no
RestrictRealtime|yes|no
RestrictSUIDSGID|yes|no
UMask|0077|0022
User|nobody|
ReadOnlyPaths|/var/lib|
InaccessiblePaths|/srv|
NoExecPaths|/opt|
TemporaryFileSystem|/mnt|"

all=()
while IFS='|' read -r d on off; do all+=(-p "$d=$on"); done <<<"$table"
out=$("$U" run --verify "${all[@]}" 2>"$T/err"); rc=$?
lines=$(printf '%s\n' "$out" | grep -c '^PASS ')
if [ $rc -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL' && [ "$lines" -ge 30 ]; then
        ok "every directive at once: all $lines probes PASS"
else
        notok "every directive at once: all PASS" "$(printf '%s\n' "$out" | grep -v '^PASS'; cat "$T/err")"
fi

while IFS='|' read -r d on off; do
        out=$("$U" run --verify -p "$d=$on" 2>/dev/null); rc=$?
        mine=$(printf '%s\n' "$out" | grep -c " $d= ")
        if [ $rc -eq 0 ] && [ "$mine" -ge 1 ] && ! printf '%s\n' "$out" | grep -q '^FAIL'; then
                ok "$d=$on alone: PASS"
        else
                notok "$d=$on alone: PASS" "$out"
        fi
        out=$("$U" run --verify -p "$d=$on" --verify-control="$d=$off" 2>/dev/null); rc=$?
        if [ $rc -eq 1 ] && printf '%s\n' "$out" | grep -q "^FAIL $d= "; then
                ok "$d= taken out of the sandbox: its probe reports FAIL"
        else
                notok "$d= taken out of the sandbox: its probe reports FAIL" "rc=$rc $out"
        fi
done <<<"$table"
