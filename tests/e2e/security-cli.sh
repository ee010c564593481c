#!/usr/bin/env bash
# fast
# Options and exit statuses of `unitsec security` against systemd-analyze security on the same inputs.
set -u
bin=${UNITSEC:-build/unitsec}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export SYSTEMD_UNIT_PATH= LC_ALL=C.UTF-8 SYSTEMD_COLORS=0
have_sa=false
command -v systemd-analyze >/dev/null && systemd-analyze --version 2>/dev/null | grep -q '^systemd 252' && have_sa=true
mkdir -p "$t/u"
printf '[Service]\nExecStart=/bin/true\n' >"$t/u/x.service"
printf '[Service]\nExecStart=/bin/true\nUser=foo\nPrivateNetwork=yes\n' >"$t/u/y.service"
printf '[Service]\nExecStart=/bin/true\nUser=00\n' >"$t/u/bad.service"
printf '[Unit]\nDescription=t\n[Timer]\nOnCalendar=daily\n' >"$t/u/q.timer"
printf '[Service]\nExecStart=/bin/true\n' >"$t/u/tm@.service"
printf '{"PrivateNetwork":{"weight":0},"CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)":{"weight":9999}}' >"$t/p.json"
printf '{"PrivateNetwork":' >"$t/broken.json"
printf '{"UMask":{"range":3}}' >"$t/abort.json"
printf '{"PrivateNetwork":{"range":0}}' >"$t/zero.json"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

# exit status of unitsec must equal the expected one (given, or systemd-analyze's)
check_rc() { # want args...
        local want=$1; shift
        "$bin" security --offline=yes "$@" >"$t/out" 2>"$t/err"
        local rc=$?
        if [ "$rc" -eq "$want" ]; then ok "exit $want: $*"; else nok "exit $rc, want $want: $*"; sed 's/^/# /' "$t/err" | head -3; fi
}
check_like_sa() { # args...
        if ! $have_sa; then skip "systemd-analyze 252 missing: $*"; return; fi
        # an inner shell reports systemd's aborts (134), quietly
        bash -c 'systemd-analyze security --offline=yes "$@" >/dev/null 2>&1; exit $?' _ "$@" 2>/dev/null
        local want=$?
        [ "$want" -eq 134 ] && want=1
        check_rc "$want" "$@"
}
overall() { "$bin" security --offline=yes "$@" 2>/dev/null | sed -n 's/.*Overall exposure level for \([^:]*\): \([0-9.]*\) \([A-Z]*\).*/\1 \2 \3/p'; }
sa_overall() { systemd-analyze security --offline=yes "$@" 2>/dev/null | sed -n 's/.*Overall exposure level for \([^:]*\): \([0-9.]*\) \([A-Z]*\).*/\1 \2 \3/p'; }
check_overall() { # expected args...
        local want=$1; shift
        local got; got=$(overall "$@")
        if [ "$got" = "$want" ]; then ok "overall '$want': $*"; else nok "overall '$got', want '$want': $*"; fi
}

check_overall "x.service 9.6 UNSAFE" "$t/u/x.service"
check_overall "y.service 8.7 EXPOSED" "$t/u/y.service"
check_overall "q.timer 9.8 UNSAFE" "$t/u/q.timer"
check_overall "tm@i.service 9.6 UNSAFE" "$t/u/tm@.service"
check_like_sa --threshold=95 "$t/u/x.service"
check_like_sa --threshold=96 "$t/u/x.service"
check_like_sa --threshold=101 "$t/u/x.service"
check_like_sa --threshold=9.6 "$t/u/x.service"
check_like_sa --json=short "$t/u/x.service"
check_like_sa --json=pretty "$t/u/x.service"
check_like_sa --json=bogus "$t/u/x.service"
check_like_sa --json=help
check_like_sa --offline=maybe "$t/u/x.service"
check_like_sa "$t/u/bad.service"
check_like_sa "$t/u/bad.service" "$t/u/x.service"
check_like_sa "$t/u/missing.service"
check_like_sa "$t/u/noext"
check_like_sa --security-policy="$t/p.json" "$t/u/x.service"
check_like_sa --security-policy="$t/broken.json" "$t/u/x.service"
check_like_sa --security-policy="$t/nonexistent.json" "$t/u/x.service"
check_like_sa --security-policy="$t/abort.json" "$t/u/x.service"
check_like_sa --security-policy="$t/zero.json" "$t/u/x.service"
check_rc 1 --offline=no "$t/u/x.service"
XDG_RUNTIME_DIR=$t check_like_sa --user --root="$t/u" x.service
check_rc 1 --json=short --format=json "$t/u/x.service"
check_rc 0 --format=json "$t/u/x.service"
if $have_sa; then
        want=$(sa_overall --security-policy="$t/p.json" "$t/u/x.service")
        check_overall "$want" --security-policy="$t/p.json" "$t/u/x.service"
else
        skip "systemd-analyze 252 missing: policy overall"
fi

# JSON modes parse, have 81 rows, and the pretty form uses systemd's layout
if "$bin" security --offline=yes --json=short "$t/u/x.service" | python3 -c 'import json,sys; a=json.load(sys.stdin); sys.exit(0 if len(a)==81 else 1)'; then
        ok "--json=short: 81 rows"
else nok "--json=short: 81 rows"; fi
if "$bin" security --offline=yes --json=pretty "$t/u/x.service" | grep -q "$(printf '^\t\t"set" : ')"; then
        ok "--json=pretty: tab indentation and \"key\" : value"
else nok "--json=pretty layout"; fi
if "$bin" security --offline=yes --format=json "$t/u/x.service" | python3 -c 'import json,sys; d=json.load(sys.stdin); u=d["units"][0]; sys.exit(0 if u["exposure_tenths"]==96 and u["band"]=="UNSAFE" and len(u["tests"])==81 else 1)'; then
        ok "--format=json document"
else nok "--format=json document"; fi

# portable profiles (systemd-container)
if $have_sa && [ -d /usr/lib/systemd/portable/profile/strict ]; then
        for p in default nonetwork strict trusted; do
                want=$(sa_overall --profile=$p "$t/u/x.service")
                check_overall "$want" --profile=$p "$t/u/x.service"
        done
        check_like_sa --profile=nosuch "$t/u/x.service"
        check_like_sa --profile=strict "$t/u/q.timer"
        check_like_sa --profile=/tmp/x.txt "$t/u/x.service"
else
        skip "portable profiles or systemd-analyze missing (apt-get install systemd-container)"
fi

# overview: every service of the search path, aliases folded, templates only as enabled
# instances (--all: also as instance i), masked and oneshot units only with --all
r="$t/root/etc/systemd/system"
mkdir -p "$r/multi-user.target.wants"
printf '[Service]\nExecStart=/bin/true\nPrivateNetwork=yes\n' >"$r/a.service"
ln -s a.service "$r/b.service"
printf '[Service]\nExecStart=/bin/true\nUser=%%i\n' >"$r/c@.service"
ln -s ../c@.service "$r/multi-user.target.wants/c@web.service"
ln -s /dev/null "$r/m.service"
printf '[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$r/o.service"
ov() { (cd / && env -u SYSTEMD_UNIT_PATH "$bin" security --root="$t/root" "$@" 2>/dev/null); }
cols() { python3 -c 'import json,sys; print(" ".join(u["unit"]+"="+str(u["exposure"]) for u in json.load(sys.stdin)))'; }
sa_x() { (cd / && env -u SYSTEMD_UNIT_PATH systemd-analyze security --offline=yes --root="$t/root" "$1" 2>/dev/null) |
        sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p'; }
if $have_sa; then
        got=$(ov --json=short | cols)
        want="a.service=$(sa_x a.service) c@web.service=$(sa_x c@web.service)"
        [ "$got" = "$want" ] && ok "overview: $got" || nok "overview: '$got', want '$want'"
        got=$(ov --all --json=short | cols)
        want="a.service=$(sa_x a.service) c@i.service=$(sa_x c@.service) c@web.service=$(sa_x c@web.service) m.service=None o.service=$(sa_x o.service)"
        [ "$got" = "$want" ] && ok "overview --all: $got" || nok "overview --all: '$got', want '$want'"
        ov --threshold=10 >/dev/null
        [ $? -eq 1 ] && ok "overview --threshold=10 fails" || nok "overview --threshold=10 fails"
        ov --threshold=100 >/dev/null
        [ $? -eq 0 ] && ok "overview --threshold=100 passes" || nok "overview --threshold=100 passes"
else
        skip "systemd-analyze 252 missing: overview"
fi

# ASCII glyphs with LANG=C
if LC_ALL= LANG=C "$bin" security --offline=yes "$t/u/x.service" | grep -q '^-> Overall exposure level for x.service: 9.6 UNSAFE :-{$'; then
        ok "ASCII overall line with LANG=C"
else nok "ASCII overall line with LANG=C"; fi
echo "1..$n"
