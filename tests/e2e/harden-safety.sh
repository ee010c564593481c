#!/usr/bin/env bash
# fast
# The safety rules of `unitsec harden`: nothing weakened or repeated, AF_UNIX kept for notify
# services, writable paths for ProtectSystem=strict, --apply atomic with a backup, --revert,
# --root never left, read-only and full target directories, --output, --target, --json.
set -u
: "${UNITSEC:?}"
t=$(mktemp -d)
n=0
cleanup() {
        for m in "$t"/ro/etc/systemd/system "$t"/full/etc/systemd/system; do
                mountpoint -q "$m" 2>/dev/null && umount "$m"
        done
        rm -rf "$t"
}
trap cleanup EXIT
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { # check "what" command...
        local what=$1; shift
        if "$@" >/dev/null 2>&1; then ok "$what"; else nok "$what"; fi
}
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

unit() { # unit ROOT NAME CONTENT
        mkdir -p "$1/etc/systemd/system"
        printf '%s\n' "$3" >"$1/etc/systemd/system/$2"
}
H() { "$UNITSEC" harden --no-pager "$@"; }
has_line() { grep -qx -- "$2" <<<"$1"; }
no_line_matching() { ! grep -q -- "$2" <<<"$1"; }

# --- nothing weakened or repeated -------------------------------------------------------------
r=$t/keep
unit "$r" keep.service '[Service]
ExecStart=/usr/bin/keepd
PrivateTmp=no
ProtectSystem=strict
UMask=0077
CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_SETUID
SystemCallFilter=@system-service @mount
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_PACKET
ProtectHome=read-only'
for level in conservative standard strict; do
        out=$(H --root="$r" --level=$level keep.service 2>&1)
        body=$(grep -v '^#' <<<"$out")
        check "$level: what the unit sets is left alone" \
                bash -c '! grep -Eq "^(PrivateTmp|ProtectSystem|UMask|CapabilityBoundingSet|RestrictAddressFamilies|ProtectHome)=" <<<"$1"' _ "$body"
        check "$level: its own system call allow list is not narrowed" no_line_matching "$body" '^SystemCallFilter=~@mount'
        js=$(H --root="$r" --level=$level --json=short keep.service 2>/dev/null)
        check "$level: no test gets worse and the exposure does not grow" python3 -c '
import json, sys
p = json.loads(sys.argv[1])
rank = {"pass": 0, "n/a": 0, "fail": 1}
assert p["exposure_after"] <= p["exposure_before"]
for c in p["changed_tests"]:
    b, a = c["before"], c["after"]
    assert rank[a["outcome"]] <= rank[b["outcome"]], c
    assert (a.get("exposure") or 0) <= (b.get("exposure") or 0), c
' "$js"
done
out=$(H --root="$r" --level=strict keep.service 2>/dev/null)
check "a second run over its own output proposes the same (idempotent, nothing repeated)" \
        bash -c 'H() { "$UNITSEC" harden --no-pager "$@"; }; mkdir -p "$1/etc/systemd/system/keep.service.d" &&
                 printf "%s\n" "$2" >"$1/etc/systemd/system/keep.service.d/50-unitsec-harden.conf" &&
                 [ "$(H --root="$1" --level=strict keep.service 2>/dev/null)" = "$2" ]' _ "$r" "$out"
rm -rf "$r/etc/systemd/system/keep.service.d"

# --- no trailing comments: every line is a comment, a section, empty or Key=value without " #"
out=$(H --root="$r" --level=strict keep.service 2>/dev/null)
check "the proposal has comments only on their own lines" \
        bash -c '! grep -Ev "^(#.*|\[Service\]|[A-Za-z]+=[^#]*|)$" <<<"$1"' _ "$out"
check "the first line is the marker" bash -c 'head -1 <<<"$1" | grep -q "^# unitsec harden:"' _ "$out"

# --- AF_UNIX for notify / D-Bus services ------------------------------------------------------
r=$t/af
unit "$r" note.service '[Service]
Type=notify
ExecStart=/usr/bin/noted'
unit "$r" bus.service '[Service]
BusName=org.example.Bus
ExecStart=/usr/bin/busd'
unit "$r" plain.service '[Service]
ExecStart=/usr/bin/plaind'
for u in note bus; do
        for level in standard strict; do
                out=$(H --root="$r" --level=$level $u.service 2>/dev/null)
                check "$u.service $level keeps AF_UNIX" bash -c 'grep "^RestrictAddressFamilies=" <<<"$1" | grep -qw AF_UNIX' _ "$out"
        done
done
out=$(H --root="$r" --level=strict plain.service 2>/dev/null)
check "a plain service at strict gets no socket family (needs a check)" has_line "$out" "RestrictAddressFamilies=none"
check "which is marked as needing a check" bash -c 'grep -B5 "^RestrictAddressFamilies=none" <<<"$1" | grep -q "needs a check"' _ "$out"
out=$(H --root="$r" --level=standard plain.service 2>/dev/null)
check "measures that need a check are left out below strict" no_line_matching "$out" "needs a check"

# --- what is left out, and why ------------------------------------------------------------------
r=$t/why
unit "$r" jit.service '[Service]
ExecStart=/usr/bin/java -jar /srv/app.jar
PrivateTmp=no'
out=$(H --root="$r" jit.service 2>/dev/null)
check "a JIT keeps writable+executable memory, and the header says why" bash -c '! grep -q "^MemoryDenyWriteExecute=" <<<"$1" && grep -q "^#   memory-deny-write-execute: the service runs a JIT" <<<"$1"' _ "$out"
check "the header names what the unit sets itself" bash -c 'grep -q "^#   PrivateTmp=: the unit sets it itself" <<<"$1"' _ "$out"
check "--json lists what was left out" bash -c '"$UNITSEC" harden --root="$1" --json=short jit.service 2>/dev/null | python3 -c "
import json, sys
p = json.load(sys.stdin)
assert {\"measure\": \"memory-deny-write-execute\", \"reason\": \"the service runs a JIT\"} in p[\"left_out\"]"' _ "$r"

# --- writable paths for ProtectSystem=strict --------------------------------------------------
r=$t/rw
unit "$r" stated.service '[Service]
Type=forking
PIDFile=/run/stated/stated.pid
ExecStart=/usr/sbin/stated'
unit "$r" pidrun.service '[Service]
Type=forking
PIDFile=/run/pidrun.pid
ExecStart=/usr/sbin/pidrun'
mkdir -p "$r/var/lib/stated" "$r/var/log/stated" "$r/var/spool/stated"
out=$(H --root="$r" --level=strict stated.service 2>/dev/null)
check "strict: ProtectSystem=strict" has_line "$out" "ProtectSystem=strict"
check "strict: /var/lib/NAME found under the root stays writable" has_line "$out" "ReadWritePaths=-/var/lib/stated"
check "strict: /var/log/NAME stays writable" has_line "$out" "ReadWritePaths=-/var/log/stated"
check "strict: /var/spool/NAME stays writable" has_line "$out" "ReadWritePaths=-/var/spool/stated"
check "strict: a missing /var/cache/NAME is not listed" no_line_matching "$out" "/var/cache/stated"
check "strict: PIDFile= in /run/NAME gets RuntimeDirectory=NAME" has_line "$out" "RuntimeDirectory=stated"
out=$(H --root="$r" --level=strict pidrun.service 2>/dev/null)
check "strict: PIDFile= directly in /run keeps /run writable" has_line "$out" "ReadWritePaths=-/run"

unit "$r" cmdline.service '[Service]
ExecStart=/usr/bin/appd --data /srv/app/data --log=/var/log/appd.log'
out=$(H --root="$r" --level=strict cmdline.service 2>/dev/null)
check "strict: a data directory named on the command line stays writable" has_line "$out" "ReadWritePaths=-/srv/app/data"
check "strict: a log file named as --opt=PATH stays writable" has_line "$out" "ReadWritePaths=-/var/log/appd.log"

# --- ProtectHome and the block list look at what the unit uses ---------------------------------
r=$t/home
unit "$r" homed.service '[Service]
ExecStart=/home/app/bin/appd --data /srv/app
ReadOnlyPaths=/etc/ssl/private/app.pem'
unit "$r" wd.service '[Service]
ExecStart=/usr/bin/wd
WorkingDirectory=/root/work'
unit "$r" spec.service '[Service]
ExecStart=/usr/bin/spec --config %h/.specrc'
for u in homed wd spec; do
        out=$(H --root="$r" --level=strict $u.service 2>/dev/null)
        check "$u.service: no ProtectHome= when it lives under a home" no_line_matching "$out" "^ProtectHome="
done
out=$(H --root="$r" --level=standard homed.service 2>/dev/null)
check "the block list leaves out a path the unit refers to" bash -c 'grep "^InaccessiblePaths=" <<<"$1" | grep -vq /etc/ssl/private' _ "$out"
check "the block list still hides the password hashes" bash -c 'grep "^InaccessiblePaths=" <<<"$1" | grep -q -- "-/etc/shadow "' _ "$out"
out=$(H --root="$r" --level=standard wd.service 2>/dev/null)
check "the block list leaves /root alone for a unit working there" bash -c 'grep "^InaccessiblePaths=" <<<"$1" | grep -vq -- "-/root"' _ "$out"

# --- --apply: atomic, marker, backup, revert ----------------------------------------------------
r=$t/apply
unit "$r" app.service '[Service]
ExecStart=/usr/bin/appd'
d=$r/etc/systemd/system/app.service.d
f=$d/50-unitsec-harden.conf
out=$(H --root="$r" --apply app.service 2>&1)
check "--apply writes the drop-in" test -f "$f"
check "--apply prints the commands to run" bash -c 'grep -q "systemctl daemon-reload && systemctl restart app.service" <<<"$1"' _ "$out"
check "the file starts with the marker" bash -c 'head -1 "$1" | grep -q "^# unitsec harden:"' _ "$f"
check "no backup when nothing was replaced" test ! -e "$f.unitsec-backup"
first=$(cat "$f")
check "applying the same again changes nothing" bash -c '"$UNITSEC" harden --root="$1" --apply app.service 2>&1 | grep -q unchanged && [ ! -e "$2.unitsec-backup" ]' _ "$r" "$f"
H --root="$r" --apply --level=strict app.service >/dev/null 2>&1
check "a new level replaces it" bash -c 'grep -q "level strict" "$1"' _ "$f"
check "the replaced file is kept as the backup" bash -c '[ "$(cat "$1.unitsec-backup")" = "$2" ]' _ "$f" "$first"
check "no temporary file is left" bash -c '[ -z "$(ls -A "$1" | grep -v -e "^50-unitsec-harden.conf$" -e "^50-unitsec-harden.conf.unitsec-backup$")" ]' _ "$d"
check "systemd would ignore the backup (not .conf)" bash -c '[[ "$1" != *.conf ]]' _ "$f.unitsec-backup"
check "--revert restores the backup" bash -c '"$UNITSEC" harden --root="$1" --revert app.service >/dev/null && [ "$(cat "$2")" = "$3" ] && [ ! -e "$2.unitsec-backup" ]' _ "$r" "$f" "$first"
check "a second --revert removes unitsec's drop-in" bash -c '"$UNITSEC" harden --root="$1" --revert app.service >/dev/null && [ ! -e "$2" ]' _ "$r" "$f"
check "--revert with nothing to revert fails" bash -c '! "$UNITSEC" harden --root="$1" --revert app.service 2>/dev/null' _ "$r"

# --- a file unitsec did not write ---------------------------------------------------------------
mkdir -p "$d"
echo "[Service]" >"$f"
echo "PrivateTmp=no" >>"$f"
check "a foreign file is not replaced without --force" bash -c '! "$UNITSEC" harden --root="$1" --apply app.service 2>/dev/null && grep -q PrivateTmp=no "$2"' _ "$r" "$f"
check "--revert does not remove a foreign file" bash -c '! "$UNITSEC" harden --root="$1" --revert app.service 2>/dev/null && [ -e "$2" ]' _ "$r" "$f"
check "with --force it is replaced and kept as the backup" bash -c '"$UNITSEC" harden --root="$1" --apply --force app.service >/dev/null 2>&1 && head -1 "$2" | grep -q "^# unitsec harden:" && grep -q PrivateTmp=no "$2.unitsec-backup"' _ "$r" "$f"
check "the foreign file's setting was respected (analysed as part of the unit)" bash -c '! grep -q "^PrivateTmp=" "$1"' _ "$f"

# --- a drop-in of the same name with a higher priority would hide ours --------------------------
r=$t/shadow
unit "$r" sh.service '[Service]
ExecStart=/usr/bin/sh-d'
mkdir -p "$r/etc/systemd/system.control/sh.service.d"
printf '[Service]\nPrivateTmp=yes\n' >"$r/etc/systemd/system.control/sh.service.d/50-unitsec-harden.conf"
err=$(H --root="$r" --apply sh.service 2>&1 >/dev/null); rc=$?
check "a same-named drop-in of higher priority: refused, not mispredicted" bash -c '[ $1 -ne 0 ] && grep -q "would hide" <<<"$2"' _ $rc "$err"
check "... nothing written" test ! -e "$r/etc/systemd/system/sh.service.d"

# --- templates and aliases -----------------------------------------------------------------------
r=$t/names
unit "$r" tpl@.service '[Service]
ExecStart=/usr/bin/tpl %i'
unit "$r" real.service '[Service]
ExecStart=/usr/bin/real
[Install]
Alias=other.service'
ln -s real.service "$r/etc/systemd/system/other.service"
H --root="$r" --apply tpl@.service >/dev/null 2>&1
check "a template's drop-in goes to foo@.service.d" test -f "$r/etc/systemd/system/tpl@.service.d/50-unitsec-harden.conf"
H --root="$r" --apply other.service >/dev/null 2>&1
check "an alias's drop-in goes to its target's directory" test -f "$r/etc/systemd/system/real.service.d/50-unitsec-harden.conf"
mkdir -p "$t/bypath"
printf '[Service]\nExecStart=/usr/bin/p\n' >"$t/bypath/p.service"
H --apply "$t/bypath/p.service" >/dev/null 2>&1
check "a unit given as a path gets UNIT.d beside it" test -f "$t/bypath/p.service.d/50-unitsec-harden.conf"

# --- --root is never left ---------------------------------------------------------------------------
r=$t/esc
outside=$t/outside
mkdir -p "$outside"
unit "$r" esc.service '[Service]
ExecStart=/usr/bin/esc'
ln -s "$outside" "$r/etc/systemd/system/esc.service.d"
err=$(H --root="$r" --apply esc.service 2>&1 >/dev/null); rc=$?
check "a drop-in directory linking out of the root: refused" bash -c '[ $1 -ne 0 ] && grep -Eq "(out of|inside) the root" <<<"$2"' _ $rc "$err"
check "... and nothing written on the host" bash -c '[ -z "$(ls -A "$1")" ]' _ "$outside"
r2=$t/esc2
mkdir -p "$r2/lib/systemd/system" "$r2/etc" "$t/outside2"
printf '[Service]\nExecStart=/usr/bin/esc\n' >"$r2/lib/systemd/system/esc.service"
ln -s "../../../../../../../../../..$t/outside2" "$r2/etc/systemd"
err=$(H --root="$r2" --apply esc.service 2>&1 >/dev/null); rc=$?
check "a relative symlink climbing out of the root: --apply fails clearly" bash -c '[ $1 -ne 0 ] && grep -q "inside the root" <<<"$2"' _ $rc "$err"
check "... and nothing written on the host" bash -c '[ -z "$(ls -A "$1")" ]' _ "$t/outside2"
mkdir -p "$r2$t/outside2"
H --root="$r2" --apply esc.service >/dev/null 2>&1
check "... with its target present inside the root, the drop-in lands there" test -f "$r2$t/outside2/system/esc.service.d/50-unitsec-harden.conf"
check "... still nothing on the host" bash -c '[ -z "$(ls -A "$1")" ]' _ "$t/outside2"
r=$t/outp
unit "$r" outp.service '[Service]
ExecStart=/usr/bin/outp'
check "--output= writes the drop-in to a host file" bash -c '"$UNITSEC" harden --root="$1" --output="$2/out.conf" outp.service 2>/dev/null && head -1 "$2/out.conf" | grep -q "^# unitsec harden:"' _ "$r" "$t"

# --- read-only and full target directories ---------------------------------------------------------
if [ "$(id -u)" != 0 ]; then
        skip "read-only and full target directories need root (mount)"
else
        r=$t/ro
        unit "$r" ro.service '[Service]
ExecStart=/usr/bin/ro'
        mkdir -p "$r/etc/systemd/system/ro.service.d"
        if mount --bind -o ro "$r/etc/systemd/system" "$r/etc/systemd/system" 2>/dev/null ||
           { mount --bind "$r/etc/systemd/system" "$r/etc/systemd/system" && mount -o remount,bind,ro "$r/etc/systemd/system"; } 2>/dev/null; then
                err=$(H --root="$r" --apply ro.service 2>&1 >/dev/null); rc=$?
                check "read-only: --apply fails" test $rc -ne 0
                check "read-only: the error names the file and the cause" bash -c 'grep -q "50-unitsec-harden.conf" <<<"$1" && grep -qi "read-only" <<<"$1"' _ "$err"
                check "read-only: no file at all" bash -c '[ -z "$(ls -A "$1/etc/systemd/system/ro.service.d")" ]' _ "$r"
        else
                skip "cannot make a read-only bind mount here"
        fi
        r=$t/full
        unit "$r" full.service '[Service]
ExecStart=/usr/bin/full'
        if mount -t tmpfs -o size=64k tmpfs "$r/etc/systemd/system" 2>/dev/null; then
                printf '[Service]\nExecStart=/usr/bin/full\n' >"$r/etc/systemd/system/full.service"
                mkdir -p "$r/etc/systemd/system/full.service.d"
                echo "# unitsec harden: old" >"$r/etc/systemd/system/full.service.d/50-unitsec-harden.conf"
                dd if=/dev/zero of="$r/etc/systemd/system/filler" bs=4k count=64 2>/dev/null
                err=$(H --root="$r" --apply full.service 2>&1 >/dev/null); rc=$?
                check "full: --apply fails" test $rc -ne 0
                check "full: the error says the device is full" bash -c 'grep -qi "no space" <<<"$1"' _ "$err"
                check "full: the old drop-in is intact and nothing else is left" bash -c '
                        [ "$(cat "$1/50-unitsec-harden.conf")" = "# unitsec harden: old" ] &&
                        [ "$(ls -A "$1")" = "50-unitsec-harden.conf" ]' _ "$r/etc/systemd/system/full.service.d"
        else
                skip "cannot mount a small tmpfs here"
        fi
fi

# --- --target and --json ------------------------------------------------------------------------
r=$t/tg
unit "$r" tg.service '[Service]
ExecStart=/usr/bin/tg'
js=$(H --root="$r" --json=short tg.service 2>/dev/null)
full=$(python3 -c 'import json,sys; p=json.loads(sys.argv[1]); print(len(p["measures"]))' "$js")
js8=$(H --root="$r" --json=short --target=8.0 tg.service 2>/dev/null); rc=$?
check "--target reachable: exit 0" test $rc -eq 0
check "--target picks fewer measures and reaches the target" python3 -c '
import json, sys
p = json.loads(sys.argv[1])
assert p["exposure_after"] <= 8.0 and len(p["measures"]) < int(sys.argv[2]), p["exposure_after"]' "$js8" "$full"
err=$(H --root="$r" --level=conservative --target=1.0 tg.service 2>&1 >/dev/null); rc=$?
check "--target out of reach: exit 1" test $rc -eq 1
check "--target out of reach: says the best it can do" bash -c 'grep -q "at best" <<<"$1"' _ "$err"
check "--json=pretty is JSON with directives, tests and scores" bash -c '"$UNITSEC" harden --root="$1" --json=pretty tg.service 2>/dev/null | python3 -c "
import json, sys
p = json.load(sys.stdin)
assert p[\"measures\"] and p[\"changed_tests\"] and p[\"exposure_after\"] < p[\"exposure_before\"]
assert all(m[\"blocks\"] and m[\"may_break\"] and m[\"lines\"] for m in p[\"measures\"])"' _ "$r"
check "a usage error exits 1" bash -c '! "$UNITSEC" harden --level=bogus tg.service 2>/dev/null'
check "a socket unit is refused" bash -c '! "$UNITSEC" harden --root="$1" tg.socket 2>/dev/null' _ "$r"
echo "1..$n"
