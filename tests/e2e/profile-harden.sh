#!/usr/bin/env bash
# fast
# profile -> drop-in -> run: programs hardened from their own profile still work under
# `unitsec run`, and one more thing they never did while profiled (a write elsewhere, a new
# socket family, a system call outside the list) is stopped. A program that needs no
# network and no privilege comes out at exposure 2.0 or below (systemd-analyze security is
# the judge). A real daemon (python3 -m http.server) profiled while serving, hardened from
# its profile, serves again; its exposure before and after is printed.
# The drop-in comes from `unitsec harden --observed=` when that option exists, else from
# `unitsec profile --show-dropin` (the same translation, src/profile/profile-dropin.c).
set -u
U=$(realpath "${UNITSEC:-build/unitsec}")
TOP=${UNITSEC_TOP:-$(pwd)}
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected '$2', got '$3'"; fi; }
if [ "$(id -u)" != 0 ]; then echo "ok 1 # SKIP needs root (unitsec run builds namespaces)"; exit 0; fi
if ! command -v gcc >/dev/null; then echo "ok 1 # SKIP needs gcc"; exit 0; fi
T=$(mktemp -d /tmp/unitsec-profile-harden.XXXXXX)
chmod 0755 "$T"
trap 'rm -rf "$T"' EXIT
SRC=$TOP/tests/e2e/profile
gcc -O2 -o "$T/svc" "$SRC/svc.c" && gcc -O2 -o "$T/helper" "$SRC/helper.c" && gcc -O2 -o "$T/files" "$SRC/files.c" ||
        { echo "not ok 1 - the test programs build"; exit 1; }
mkdir -p "$T/conf" "$T/data" "$T/elsewhere" "$T/in" "$T/out"
echo "setting=1" >"$T/conf/app.conf"
echo "payload" >"$T/in/a.txt"

# dropin PROFILE UNIT OUT
dropin() {
        if "$U" harden --help 2>/dev/null | grep -q -- '--observed'; then
                "$U" harden --observed="$1" --output="$3" "$2" >/dev/null
        else
                "$U" profile --show-dropin "$1" >"$3"
        fi
}
# exposure ROOT UNIT: systemd-analyze's overall exposure
exposure() {
        (cd / && env -u SYSTEMD_UNIT_PATH LC_ALL=C.UTF-8 SYSTEMD_COLORS=0 systemd-analyze security --no-pager \
                --offline=yes --root="$1" "$2" 2>/dev/null) | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'
}

# --- svc: config, data file, AF_INET on loopback, fork + exec of a helper
printf '[Service]\nExecStart=%s %s %s\n' "$T/svc" "$T" "$T/helper" >"$T/svc.service"
"$U" profile -o "$T/svc.json" -- "$T/svc" "$T" "$T/helper" >/dev/null 2>&1
dropin "$T/svc.json" "$T/svc.service" "$T/svc.conf"
grep -q "^ReadWritePaths=-$T/data\$" "$T/svc.conf"
check "svc: ReadWritePaths= is the data directory it wrote in" 0 $?
grep -q '^RestrictAddressFamilies=AF_INET$' "$T/svc.conf"
check "svc: RestrictAddressFamilies= exactly AF_INET" 0 $?
grep -q '^# ' "$T/svc.conf" && ! grep -B1 '^[A-Z]' "$T/svc.conf" | grep -q '^--$'
check "svc: every setting is preceded by the observation that allowed it" 0 $?
out=$("$U" run --dropin="$T/svc.conf" -- "$T/svc" "$T" "$T/helper" 2>"$T/svc.err"); rc=$?
check "svc: runs under the drop-in made from its profile" "0:ok" "$rc:$out"
test -s "$T/data/helper.log"; check "svc: its helper ran and wrote under the sandbox" 0 $?
for e in "write:Read-only file system" "inet6:Address family not supported by protocol" "syscall:Operation not permitted"; do
        what=${e%%:*} want=${e#*:}
        out=$("$T/svc" "$T" "$T/helper" --extra="$what" 2>&1)
        check "svc --extra=$what: allowed without the sandbox (control)" "extra $what: allowed" "$out"
        out=$("$U" run --dropin="$T/svc.conf" -- "$T/svc" "$T" "$T/helper" --extra="$what" 2>/dev/null); rc=$?
        check "svc --extra=$what: stopped by the sandbox from its profile" "3:extra $what: $want" "$rc:$out"
done

# --- harden --observed --apply writes unitsec's drop-in beside the unit, --revert takes it out
if "$U" harden --help 2>/dev/null | grep -q -- '--observed'; then
        mkdir -p "$T/units"
        cp "$T/svc.service" "$T/units/svc.service"
        "$U" harden --observed="$T/svc.json" --apply "$T/units/svc.service" >/dev/null 2>"$T/apply.err"
        check "harden --observed --apply: unitsec's drop-in, with its marker" "# unitsec harden: --observed=$T/svc.json" \
                "$(head -n 1 "$T/units/svc.service.d/50-unitsec-harden.conf" 2>&1)"
        out=$("$U" run "$T/units/svc.service" 2>/dev/null)
        check "... the unit runs under it" "ok" "$out"
        "$U" harden --revert "$T/units/svc.service" >/dev/null 2>&1
        test ! -e "$T/units/svc.service.d/50-unitsec-harden.conf"
        check "... and --revert takes it out" 0 $?
        err=$("$U" harden --observed="$T/conf/app.conf" "$T/units/svc.service" 2>&1)
        case "$err" in *"not a unitsec profile"*) ok "harden --observed= with a file that is no profile: an error naming it" ;;
        *) notok "harden --observed= with a file that is no profile: an error naming it" "$err" ;; esac
else
        for i in 1 2 3 4; do ok "harden --observed # SKIP the option is not there"; done
fi

# --- files: no network, no privilege: exposure <= 2.0 and still works
R=$T/root/etc/systemd/system
mkdir -p "$R/files.service.d"
printf '[Service]\nExecStart=%s %s %s\n' "$T/files" "$T/in/a.txt" "$T/out/b.txt" >"$R/files.service"
before=$(exposure "$T/root" files.service)
"$U" profile -o "$T/files.json" -- "$T/files" "$T/in/a.txt" "$T/out/b.txt" >/dev/null 2>&1
dropin "$T/files.json" "$R/files.service" "$R/files.service.d/observed.conf"
after=$(exposure "$T/root" files.service)
echo "# files.service exposure (systemd-analyze): before $before, after $after"
if [ -n "$after" ] && python3 -c "import sys; sys.exit(0 if float('$after') <= 2.0 else 1)"; then
        ok "files: exposure $after <= 2.0 after profile -> drop-in (was $before)"
else
        notok "files: exposure <= 2.0 after profile -> drop-in" "before '$before', after '$after'"
fi
ours=$("$U" --root="$T/root" security files.service 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
check "files: unitsec security agrees with systemd-analyze" "$after" "$ours"
rm -f "$T/out/b.txt"
"$U" --root="$T/root" run files.service 2>/dev/null
check "files: still works under unitsec run with the drop-in" "0 payload" "$? $(cat "$T/out/b.txt" 2>/dev/null)"

# --- a directory it creates in /var/lib becomes StateDirectory=, not a writable /var/lib
name=unitsec-profile-e2e-$$
rm -rf "/var/lib/$name"
"$U" profile -o "$T/state.json" -- sh -c "mkdir /var/lib/$name && echo 1 >/var/lib/$name/db" >/dev/null 2>&1
"$U" profile --show-dropin "$T/state.json" >"$T/state.conf"
rm -rf "/var/lib/$name"
check "a directory created in /var/lib: StateDirectory=, /var/lib not writable" "StateDirectory=$name 0" \
        "$(grep '^StateDirectory=' "$T/state.conf") $(grep -c '^ReadWritePaths=.*/var/lib' "$T/state.conf")"
out=$("$U" run --dropin="$T/state.conf" -- sh -c "echo 2 >/var/lib/$name/db && cat /var/lib/$name/db" 2>/dev/null)
check "... and the program can write there under unitsec run" "2" "$out"
rm -rf "/var/lib/$name"

# --- a file read in a home directory: empty homes with just that file (ProtectHome=tmpfs)
mkdir -p /root && echo "home-setting" >"$T/home-conf" && cp "$T/home-conf" /root/.unitsec-profile-e2e-$$
"$U" profile -o "$T/home.json" -- /bin/cat /root/.unitsec-profile-e2e-$$ >/dev/null 2>&1
"$U" profile --show-dropin "$T/home.json" >"$T/home.conf"
check "a file read in /root: ProtectHome=tmpfs and just that file bound" "ProtectHome=tmpfs BindReadOnlyPaths=-/root/.unitsec-profile-e2e-$$" \
        "$(grep -E '^(ProtectHome|BindReadOnlyPaths)=' "$T/home.conf" | tr '\n' ' ' | sed 's/ $//')"
out=$("$U" run --dropin="$T/home.conf" -- sh -c "cat /root/.unitsec-profile-e2e-$$; ls -A /root | wc -l" 2>/dev/null)
check "... and under unitsec run it reads it, and nothing else is in /root" "home-setting 1" "$(echo $out)"
rm -f /root/.unitsec-profile-e2e-$$

# --- a unit: without --sandboxed its sandbox is lifted, with it kept; coverage said plainly
cat >"$T/u.service" <<UNIT
[Service]
ExecStart=/bin/sh -c 'cat /etc/hostname >/dev/null; echo x >$T/elsewhere/unit-wrote'
ExecReload=/bin/kill -HUP \$MAINPID
ProtectSystem=strict
ReadWritePaths=$T/data
UNIT
(cd "$T" && "$U" profile "$T/u.service" >/dev/null 2>&1)
check "unit: NAME.profile.json; without its sandbox the write succeeds; ExecReload= never ran" "['read'] ['write', 'create'] True" \
        "$(python3 -c "import json; d=json.load(open('$T/u.profile.json')); print(d['paths'].get('/etc/hostname'), d['paths'].get('$T/elsewhere/unit-wrote'), 'ExecReload= never ran' in d['notes'])" 2>&1)"
rm -f "$T/elsewhere/unit-wrote"
"$U" profile --sandboxed -o "$T/us.json" "$T/u.service" >/dev/null 2>&1
check "unit --sandboxed: under its own sandbox the write fails (not recorded); unitsec's own mounts are not" "['read'] None False" \
        "$(python3 -c "import json; d=json.load(open('$T/us.json')); print(d['paths'].get('/etc/hostname'), d['paths'].get('$T/elsewhere/unit-wrote'), any(c in d['syscalls']['traced'] for c in ('mount', 'unshare', 'pivot_root')))" 2>&1)"

# --- a real daemon: python3 -m http.server, profiled while serving
PY=/usr/bin/python3
if [ ! -x $PY ]; then
        ok "daemon # SKIP no /usr/bin/python3"
        echo "1..$n"; exit 0
fi
pydir=$($PY -c 'import os; print(os.path.dirname(os.__file__))')
port=$((18700 + RANDOM % 200))
R=$T/root2/etc/systemd/system
mkdir -p "$R/web.service.d"
printf '[Service]\nExecStart=%s -m http.server %s --bind 127.0.0.1 --directory %s\n' $PY $port "$pydir" >"$R/web.service"
get() { # → HTTP status line of GET /os.py, retrying while the server starts
        $PY - "$port" <<'PYEOF'
import socket, sys, time
for _ in range(100):
    try:
        c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit(1)
c.sendall(b"GET /os.py HTTP/1.0\r\n\r\n")
print(c.makefile("rb").readline().decode().strip())
PYEOF
}
before=$(exposure "$T/root2" web.service)
(cd "$T" && "$U" --root="$T/root2" profile -o "$T/web.json" --duration=4 web.service >"$T/web.out" 2>&1) &
up=$!
answer=$(get)
wait $up
check "daemon: serves while profiled" "HTTP/1.0 200 OK" "$answer"
dropin "$T/web.json" "$R/web.service" "$R/web.service.d/observed.conf"
after=$(exposure "$T/root2" web.service)
"$U" --root="$T/root2" run web.service >"$T/web2.out" 2>&1 &
up=$!
answer=$(get)
kill -TERM $up
wait $up
check "daemon: hardened from its profile, still serves under unitsec run" "HTTP/1.0 200 OK" "$answer"
echo "# web.service (python3 -m http.server) exposure (systemd-analyze): before $before, after $after"
if [ -n "$after" ] && [ -n "$before" ] && python3 -c "import sys; sys.exit(0 if float('$after') < float('$before') else 1)"; then
        ok "daemon: exposure $before before, $after after"
else
        notok "daemon: exposure lowered" "before '$before', after '$after'"
fi
echo "1..$n"
