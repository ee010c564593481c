#!/usr/bin/env bash
# fast
# unitsec profile: the JSON it writes (version, run facts, paths and how they were used,
# socket families, processes), *at() paths through dup'ed directory fds, fchdir and fork,
# threads, vfork, signal handlers, group stops, W+X mappings, setuid programs, exit
# statuses, --duration and SIGTERM, the default output name, --merge, and errors.
# Expected values come from what the small test programs (tests/e2e/profile/) do.
set -u
U=$(realpath "${UNITSEC:-build/unitsec}")
TOP=${UNITSEC_TOP:-$(pwd)}
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected '$2', got '$3'"; fi; }
if ! command -v gcc >/dev/null || ! command -v python3 >/dev/null; then
        echo "ok 1 # SKIP needs gcc and python3"; exit 0
fi
T=$(mktemp -d /tmp/unitsec-profile-e2e.XXXXXX)
trap 'rm -rf "$T"' EXIT
SRC=$TOP/tests/e2e/profile
gcc -O2 -o "$T/svc" "$SRC/svc.c" && gcc -O2 -o "$T/helper" "$SRC/helper.c" &&
        gcc -O2 -pthread -o "$T/multi" "$SRC/multi.c" || { echo "not ok 1 - the test programs build"; exit 1; }
mkdir -p "$T/conf" "$T/data" "$T/d/sub"
echo "setting=1" >"$T/conf/app.conf"
# q FILE EXPR: a python expression over the profile d
q() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1; }

out=$("$U" profile -o "$T/svc.json" -- "$T/svc" "$T" "$T/helper" 2>&1); rc=$?
check "profile -- CMD succeeds and the program runs" "0" "$rc"
check "versioned JSON with one run: command, kernel, architecture, time" \
        "1 $T/svc $(uname -r) $(uname -m) True" \
        "$(q "$T/svc.json" "d['unitsec_profile'], d['runs'][0]['command'][0], d['runs'][0]['kernel'], d['runs'][0]['architecture'], d['runs'][0]['time'].endswith('Z')")"
check "the config file is read" "['read']" "$(q "$T/svc.json" "d['paths']['$T/conf/app.conf']")"
check "the data file is written and created" "['write', 'create']" "$(q "$T/svc.json" "d['paths']['$T/data/out.txt']")"
check "the helper's own write is seen (fork + exec followed)" "['write', 'create']" "$(q "$T/svc.json" "d['paths']['$T/data/helper.log']")"
check "both executables are recorded as exec" "['exec'] ['exec']" "$(q "$T/svc.json" "d['paths']['$T/svc'], d['paths']['$T/helper']")"
check "AF_INET on loopback: family, no network beyond loopback" "['AF_INET'] False True" \
        "$(q "$T/svc.json" "d['socket_families'], d['network']['beyond_loopback'], 'bind 127.0.0.1:0' in d['network']['addresses']")"
check "two processes, no capability, no W+X, no namespace" "2 [] 0 []" \
        "$(q "$T/svc.json" "d['processes'], d['capabilities'], d['wx_mappings'], d['namespaces']")"
check "traced calls include bind/connect/execve; read/write are assumed" "True True" \
        "$(q "$T/svc.json" "all(c in d['syscalls']['traced'] for c in ('bind','connect','execve')), all(c in d['syscalls']['assumed'] for c in ('read','write','futex'))")"
# systemd-analyze syscall-filter lists each group with its nested groups unexpanded.
systemd-analyze syscall-filter --no-pager >"$T/groups" 2>/dev/null
check "every assumed call is in @system-service (systemd-analyze syscall-filter)" "" \
        "$(python3 - "$T/groups" "$T/svc.json" <<'PYEOF'
import json, sys
groups, cur = {}, None
for line in open(sys.argv[1]):
    s = line.strip()
    if line.startswith('@'):
        cur = s; groups[cur] = []
    elif cur and s and not s.startswith('#'):
        groups[cur].append(s)
def expand(g, seen):
    out = set()
    for m in groups.get(g, []):
        if m.startswith('@'):
            if m not in seen:
                seen.add(m); out |= expand(m, seen)
        else:
            out.add(m)
    return out
allowed = expand('@system-service', set())
print(' '.join(c for c in json.load(open(sys.argv[2]))['syscalls']['assumed'] if c not in allowed))
PYEOF
)"

"$U" profile -o "$T/at.json" -- "$T/multi" "$T/d" at 2>/dev/null
check "openat through a dup2'ed directory fd" "['write', 'create']" "$(q "$T/at.json" "d['paths'].get('$T/d/sub/via-dirfd')")"
check "relative path after fchdir + chdir" "['write', 'create']" "$(q "$T/at.json" "d['paths'].get('$T/d/sub/via-cwd')")"
check "a forked child uses the inherited directory fd" "['write', 'create']" "$(q "$T/at.json" "d['paths'].get('$T/d/sub/child-inherited')")"
"$U" profile -o "$T/threads.json" -- "$T/multi" "$T/d" threads 2>/dev/null
check "four threads, each file seen" "5 4" "$(q "$T/threads.json" "d['processes'], len([p for p in d['paths'] if p.startswith('$T/d/thread-')])")"
timeout 20 "$U" profile -o "$T/texec.json" -- "$T/multi" "$T/d" thread-exec 2>/dev/null
check "a thread other than the leader execs: followed, no hang" "['write', 'create'] ['write', 'create'] 0" \
        "$(q "$T/texec.json" "d['paths'].get('$T/d/thread-7'), d['paths'].get('$T/d/from-thread-exec'), d['runs'][0]['exit_status']")"
"$U" profile -o "$T/vfork.json" -- "$T/multi" "$T/d" vfork 2>/dev/null
check "vfork + exec of touch is followed" "['write', 'create'] True" \
        "$(q "$T/vfork.json" "d['paths'].get('$T/d/from-vfork'), 'exec' in d['paths'].get('/usr/bin/touch', [])")"
"$U" profile -o "$T/signal.json" -- "$T/multi" "$T/d" signal 2>/dev/null
check "a signal is delivered to its handler (which creates a file)" "['write', 'create']" "$(q "$T/signal.json" "d['paths'].get('$T/d/from-handler')")"
test -e "$T/d/from-handler"; check "the handler really ran" 0 $?
"$U" profile -o "$T/wx.json" -- "$T/multi" "$T/d" wx 2>/dev/null
check "a W+X mapping is counted" "1" "$(q "$T/wx.json" "d['wx_mappings']")"

"$U" profile -o "$T/stop.json" -- "$T/multi" "$T/d" stop 2>/dev/null &
up=$!
for _ in $(seq 50); do
        child=$(pgrep -P "$up" multi)
        [ -n "$child" ] && grep -q '^State:.*t' "/proc/$child/status" 2>/dev/null && break
        sleep 0.1
done
kill -CONT "$child" 2>/dev/null
wait "$up"
check "a group stop (SIGSTOP) holds, SIGCONT resumes, the program finishes" "0 ['write']" \
        "$(q "$T/stop.json" "d['runs'][0]['exit_status'], d['paths'].get('/dev/null')")"

printf '#!/bin/sh\nexit 0\n' >"$T/script.sh"
chmod +x "$T/script.sh"
"$U" profile -o "$T/script.json" -- "$T/script.sh" 2>/dev/null
check "a script: its own path and its interpreter are exec" "True True" \
        "$(q "$T/script.json" "'exec' in d['paths'].get('$T/script.sh', []), 'exec' in d['paths'].get('/usr/bin/dash', d['paths'].get('/bin/sh', []))")"
"$U" profile -o "$T/exit.json" -- sh -c 'exit 3' 2>/dev/null
check "the program's exit status is recorded" "3 exit" "$(q "$T/exit.json" "d['runs'][0]['exit_status'], d['runs'][0]['ended_by']")"
"$U" profile -o "$T/dur.json" --duration=1 -- sleep 30 2>/dev/null
check "--duration=1 ends the run with SIGTERM" "143 duration True" \
        "$(q "$T/dur.json" "d['runs'][0]['exit_status'], d['runs'][0]['ended_by'], d['runs'][0]['duration_sec'] < 5")"
"$U" profile -o "$T/term.json" -- sleep 30 2>/dev/null &
up=$!
sleep 0.5
kill -TERM $up
wait $up
check "SIGTERM to unitsec: the program gets it, the profile is written" "143 interrupt" \
        "$(q "$T/term.json" "d['runs'][0]['exit_status'], d['runs'][0]['ended_by']")"

# Ctrl-C on a terminal: the foreground group (unitsec and the program) gets SIGINT once.
python3 - "$U" "$T/ctrlc.json" >"$T/ctrlc.out" 2>&1 <<'PYEOF'
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "profile", "-o", sys.argv[2], "--", "sleep", "30"])
time.sleep(1.0)
os.write(fd, b"\x03")
while True:
    try:
        if not os.read(fd, 1024):
            break
    except OSError:
        break
_, st = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(st))
PYEOF
check "Ctrl-C on a terminal: the program gets SIGINT, the profile is written, unitsec exits 0" "0 130 interrupt" \
        "$(cat "$T/ctrlc.out") $(q "$T/ctrlc.json" "d['runs'][0]['exit_status'], d['runs'][0]['ended_by']" | tr -d '(),' )"

if [ "$(id -u)" = 0 ]; then
        cp /bin/true "$T/suid-true" && chmod 4755 "$T/suid-true"
        "$U" profile -o "$T/suid.json" -- "$T/suid-true" 2>/dev/null
        check "a setuid executable run is recorded" "[{'path': '$T/suid-true', 'setuid': True, 'setgid': False}]" \
                "$(q "$T/suid.json" "d['setuid_executables']")"
        "$U" profile --show-dropin "$T/suid.json" | grep -q '^NoNewPrivileges='
        check "no NoNewPrivileges= after a setuid program ran" 1 $?
else
        ok "setuid executable # SKIP needs root"
        ok "setuid drop-in # SKIP needs root"
fi

(cd "$T" && "$U" profile -- "$T/multi" "$T/d" wx >"$T/default.out" 2>&1)
test -f "$T/multi.profile.json"; check "without -o: NAME.profile.json in the current directory" 0 $?
grep -q "multi.profile.json" "$T/default.out"; check "... and unitsec says so" 0 $?

"$U" profile --merge "$T/svc.json" "$T/wx.json" -o "$T/merged.json" 2>/dev/null
check "--merge: runs appended, paths and counts united" "2 ['write', 'create'] 1" \
        "$(q "$T/merged.json" "len(d['runs']), d['paths']['$T/data/out.txt'], d['wx_mappings']")"
echo '{"hello": 1}' >"$T/bogus.json"
err=$("$U" profile --merge "$T/bogus.json" -o "$T/m2.json" 2>&1); rc=$?
case "$rc:$err" in 1:*"$T/bogus.json"*"not a unitsec profile"*) ok "--merge refuses a file that is no profile, naming it" ;;
*) notok "--merge refuses a file that is no profile, naming it" "$rc: $err" ;; esac
err=$("$U" profile -o "$T/x.json" -- unitsec-no-such-program 2>&1); rc=$?
case "$rc:$err" in 1:*"not found"*) ok "a missing program is an error" ;; *) notok "a missing program is an error" "$rc: $err" ;; esac
err=$("$U" profile -o /nonexistent-unitsec/p.json -- touch "$T/must-not-exist" 2>&1); rc=$?
test ! -e "$T/must-not-exist"
check "an unwritable output directory is refused before the program runs" "1 0" "$rc $?"
"$U" profile --duration=abc -- true 2>/dev/null
check "a bad --duration= is a usage error" 1 $?
echo "1..$n"
