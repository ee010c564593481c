#!/usr/bin/env bash
# fast
# unitsec run: exit statuses, -p and --dropin through the directive table, a unit file with
# ExecStartPre=/Environment=/EnvironmentFile=, signal forwarding, and no trace left on the
# host (mount table, /tmp). Expected values follow env(1)/chroot(1) and systemd.exec(5).
set -u
U=${UNITSEC:-build/unitsec}
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
check() { # name, expected, actual
        if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected '$2', got '$3'"; fi
}
if [ "$(id -u)" != 0 ]; then
        echo "ok 1 # SKIP needs root (namespaces, mounts)"
        exit 0
fi
T=$(mktemp -d /tmp/unitsec-run-e2e.XXXXXX)
trap 'rm -rf "$T"' EXIT
# The mount points the sandbox touches (other programs on the host may mount elsewhere).
our_mounts() { awk '{ print $4, $5 }' /proc/self/mountinfo |
        grep -E ' /(usr|etc|tmp|var/tmp|root|home|dev|proc|sys|run/user)?(/|$)' | sort; }
mounts_before=$(our_mounts)

out=$("$U" run -- echo hello '$HOME' '%i' 2>&1); rc=$?
check "-- CMD runs, arguments kept literally" "0:hello \$HOME %i" "$rc:$out"
"$U" run -- sh -c 'exit 7' 2>/dev/null
check "exit status of the program" 7 $?
"$U" run -- sh -c 'kill -TERM $$' 2>/dev/null
check "128+N when a signal kills it" 143 $?
"$U" run -- unitsec-no-such-program 2>/dev/null
check "127 when the program is missing" 127 $?
"$U" run -- /etc/hostname 2>/dev/null
check "126 when it cannot be executed" 126 $?
"$U" run -p ReadOnlyPaths=/nonexistent-unitsec -- true 2>/dev/null
check "125 when the sandbox cannot be built" 125 $?
err=$("$U" run -p ReadOnlyPaths=/nonexistent-unitsec -- true 2>&1 >/dev/null)
case "$err" in *ReadOnlyPaths=*/nonexistent-unitsec*) ok "the message names the directive and the path" ;;
*) notok "the message names the directive and the path" "$err" ;; esac
"$U" run -p ReadOnlyPaths=-/nonexistent-unitsec -- true
check "'-' prefix ignores a missing path" 0 $?

out=$("$U" run -p ProtectSystem=strict -- sh -c 'touch /usr/unitsec-probe 2>&1; echo $?' 2>&1)
case "$out" in *"Read-only file system"*1) ok "-p ProtectSystem=strict: EROFS under /usr" ;;
*) notok "-p ProtectSystem=strict: EROFS under /usr" "$out" ;; esac
echo host >"$T/host-file"
out=$("$U" run -p PrivateTmp=yes -- sh -c "ls -A /tmp; echo inside >/tmp/inside-file; cat /tmp/inside-file")
check "-p PrivateTmp=yes: empty /tmp, writable" "inside" "$out"
test ! -e /tmp/inside-file
check "private /tmp files do not reach the host" 0 $?

printf '[Service]\nProtectHome=yes\nInaccessiblePaths=%s\n' "$T/host-file" >"$T/harden.conf"
out=$("$U" run --dropin="$T/harden.conf" -- sh -c "ls -A /root | wc -l; cat $T/host-file 2>/dev/null | wc -c")
check "--dropin applies the file's settings" "0 0" "$(echo $out)"
printf '[Service]\nPrivateNetwork=yes\n' >"$T/net.conf"
out=$("$U" run --dropin="$T/net.conf" -p PrivateNetwork=no -- sh -c 'grep -c : /proc/net/dev')
host_ifaces=$(grep -c : /proc/net/dev)
check "-p applies after --dropin" "$host_ifaces" "$out"
"$U" run --dropin=<(printf '[Service]\nProtectSystem=strict\n') -- sh -c 'touch /usr/unitsec-probe' 2>/dev/null
check "--dropin reads a pipe, as bash's <(unitsec harden ...) gives" 1 $?
"$U" run -p BindReadOnlyPaths=-"$T/no-such-source":"$T/no-such-target" -- sh -c "test ! -e $T/no-such-target"
check "BindReadOnlyPaths= with '-' skips a missing source (as systemd)" 0 $?
"$U" run -p BindReadOnlyPaths="$T/no-such-source":"$T/no-such-target" -- true 2>/dev/null
check "BindReadOnlyPaths= without '-' fails on a missing source" 125 $?
test ! -e "$T/no-such-source" && test ! -e "$T/no-such-target"
check "a missing bind source leaves no mount point on the host" 0 $?
out=$("$U" run -p DynamicUser=yes -- sh -c 'echo $(id -u) $USER; touch /usr/unitsec-probe 2>/dev/null || echo ro; ls -A /tmp | wc -l' 2>/dev/null)
set -- $out
if [ $# = 4 ] && [ "$1" -ge 61184 ] && [ "$1" -le 65519 ] && [ "$2 $3 $4" = "unitsec-run ro 0" ]; then
        ok "DynamicUser=yes: a free uid of systemd's range, with its implied protections"
else
        notok "DynamicUser=yes: a free uid of systemd's range, with its implied protections" "$out"
fi
out=$("$U" run -p ProtectSystem=bogus -- true 2>&1)
case "$out" in *"-p:1"*) ok "a bad -p value is reported as -p:LINE" ;; *) notok "a bad -p value is reported as -p:LINE" "$out" ;; esac

cat >"$T/env" <<'EOF'
# comment
FROM_FILE="quoted value"
OVERRIDE=file
EOF
cat >"$T/unitsec-e2e.service" <<EOF
[Service]
Type=simple
Environment=OVERRIDE=unit WORDS="a b"
EnvironmentFile=$T/env
EnvironmentFile=-$T/missing-env
ExecStartPre=/bin/sh -c 'echo pre >$T/pre-ran'
ExecStart=/bin/sh -c 'echo "\$FROM_FILE|\$OVERRIDE|\$USER|\$1|\$2" >$T/start-ran' sh \$WORDS
ProtectSystem=strict
ReadWritePaths=$T
User=nobody
EOF
chmod 0777 "$T"
"$U" run "$T/unitsec-e2e.service"
rc=$?
check "a unit file runs: ExecStartPre= then ExecStart=" "0:pre" "$rc:$(cat "$T/pre-ran" 2>/dev/null)"
check "Environment=, EnvironmentFile= overriding it, User=, \$WORDS split" "quoted value|file|nobody|a|b" \
        "$(cat "$T/start-ran" 2>/dev/null)"

"$U" run -- sh -c 'trap "exit 42" TERM; touch '"$T"'/ready; while :; do sleep 0.1; done' &
pid=$!
for _ in $(seq 50); do [ -e "$T/ready" ] && break; sleep 0.1; done
kill -TERM $pid
wait $pid
check "SIGTERM is passed on to the program" 42 $?

check "no mount left behind" "$mounts_before" "$(our_mounts)"
test ! -e /tmp/inside-file && test ! -e /usr/unitsec-probe
check "host /tmp untouched, nothing written under /usr" 0 $?
