#!/usr/bin/env bash
# Online parity: `unitsec security` against a running systemd 252 (PID 1 of a container) scores
# like `systemd-analyze security` online in the same container, unit for unit (every row's set
# and exposure, the overall line with band and glyph, the exit status), for every service of
# ../shared/corpus/real and for random directive mixes from tests/diff/gen.py; the overview too.
#   LIVE_CASES=N   number of random mixes (default 200)   LIVE_SEED=S   their seed
set -u
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${UNITSEC:-$top/build/unitsec}
shared=${UNITSEC_SHARED:-$(cd "$top/../shared" 2>/dev/null && pwd)}
cases=${LIVE_CASES:-200}
seed=${LIVE_SEED:-$RANDOM}
# shellcheck source=../lib/nspawn.sh
. "$top/tests/lib/nspawn.sh"

skip_all() {
        echo "1..0 # SKIP $1"
        exit 0
}
[ -x "$bin" ] || skip_all "no binary at $bin"
"$bin" security --help 2>/dev/null | grep -q -- "--machine" || skip_all "this build has no online mode"
nspawn_usable || skip_all "$NSPAWN_SKIP"
tmp=$(mktemp -d)
cleanup() {
        nspawn_stop
        rm -rf "$tmp"
}
nspawn_start || { rm -rf "$tmp"; skip_all "systemd-nspawn does not work here: $NSPAWN_SKIP"; }
trap cleanup EXIT
root=$(nspawn_root)
mkdir -p "$root/opt/unitsec" && cp "$bin" "$root/opt/unitsec/unitsec"

n=0
tap() { # $1 = ok/not ok, rest = text
        n=$((n + 1))
        local s=$1
        shift
        echo "$s $n - $*"
}

# Runs both tools inside on one invocation; outputs go to $tmp/$1.{sa,us}.{json,txt,rc}.
run_both() { # $1 = key, rest = arguments of `security`
        local key=$1 t
        shift
        for t in sa us; do
                local cmd=systemd-analyze
                [ $t = us ] && cmd=/opt/unitsec/unitsec
                nspawn_exec env LC_ALL=C.UTF-8 SYSTEMD_COLORS=0 NO_COLOR=1 $cmd security --no-pager --json=short "$@" \
                        >"$tmp/$key.$t.json" 2>/dev/null
                echo $? >"$tmp/$key.$t.jrc"
                nspawn_exec env LC_ALL=C.UTF-8 SYSTEMD_COLORS=0 NO_COLOR=1 $cmd security --no-pager "$@" \
                        >"$tmp/$key.$t.txt" 2>"$tmp/$key.$t.err"
                echo $? >"$tmp/$key.$t.rc"
        done
        echo "$key" >>"$tmp/keys.$group"
}

# Compares every key of a group; prints "matched/total" and the first differences as comments.
compare_group() { # $1 = group
        python3 - "$tmp" "$1" <<'PY'
import json, sys
tmp, group = sys.argv[1], sys.argv[2]
def read(p):
    try:
        return open(p, encoding="utf-8", errors="replace").read()
    except OSError:
        return ""
def rows(text):
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("["):
            continue
        try:
            out.append({r["json_field"]: (r["set"], r["exposure"]) for r in json.loads(line) if "json_field" in r}
                       or json.loads(line))
        except ValueError:
            out.append(line)
    return out
def overall(text):
    return [l for l in text.splitlines() if "Overall exposure level" in l or l.startswith("UNIT ")
            or (l and not l.startswith(("  ", "\u2713", "\u2717")) and "EXPOSURE" not in l and "NAME" not in l)]
keys = read(f"{tmp}/keys.{group}").split()
bad = []
# units systemd scored: overall lines, or rows of an overview table
scored = sum(max(read(f"{tmp}/{k}.sa.txt").count("Overall exposure level"),
                 sum(1 for l in read(f"{tmp}/{k}.sa.txt").splitlines() if l.endswith(tuple("\U0001F922\U0001F628\U0001F641\U0001F610\U0001F642\U0001F600\U0001F607")) and "Overall" not in l))
             for k in keys)
def read_rc(p):
    # systemd aborts (SIGABRT, 134) on impossible policy ranges, where unitsec exits 1
    rc = read(p).strip()
    return "1" if rc == "134" else rc
for k in keys:
    f = lambda t, e: read_rc(f"{tmp}/{k}.{t}.{e}") if e in ("rc", "jrc") else read(f"{tmp}/{k}.{t}.{e}")
    why = []
    if f("sa", "rc").strip() != f("us", "rc").strip():
        why.append(f"exit {f('sa', 'rc').strip()} vs {f('us', 'rc').strip()}")
    if f("sa", "jrc").strip() != f("us", "jrc").strip():
        why.append(f"json exit {f('sa', 'jrc').strip()} vs {f('us', 'jrc').strip()}")
    a, b = rows(f("sa", "json")), rows(f("us", "json"))
    if a != b:
        if len(a) == len(b) and all(isinstance(x, dict) for x in a + b):
            d = [(j, x.get(j), y.get(j)) for x, y in zip(a, b) for j in sorted(set(x) | set(y)) if x.get(j) != y.get(j)]
            why.append("rows " + "; ".join(f"{j}: {p} vs {q}" for j, p, q in d[:4]))
        else:
            why.append(f"json {str(a)[:120]} vs {str(b)[:120]}")
    if overall(f("sa", "txt")) != overall(f("us", "txt")):
        why.append(f"text {overall(f('sa', 'txt'))[:3]} vs {overall(f('us', 'txt'))[:3]}")
    if why:
        bad.append(f"{k}: " + " | ".join(why))
print(f"{len(keys) - len(bad)}/{len(keys)} (systemd scored {scored} units)")
for b in bad[:15]:
    print("# " + b[:400])
if len(keys) > 1 and scored * 2 < len(keys):
    for k in keys[:5]:
        print(f"# {k}: " + read(f"{tmp}/{k}.sa.err").strip().replace("\n", " / ")[:200])
sys.exit(1 if bad or not keys else 0)
PY
}

report_group() { # $1 = group, $2 = description
        local out rc
        out=$(compare_group "$1")
        rc=$?
        if [ $rc -eq 0 ]; then
                tap ok "$2: $(echo "$out" | head -n 1) match"
        else
                echo "$out" | tail -n +2
                tap "not ok" "$2: $(echo "$out" | head -n 1) match"
        fi
}

# The shared corpus stores symbolic links as small files holding the target; make links again
# (targets in the unit directory itself become relative, as they are one directory here).
restore_links() { # $1 = directory
        python3 - "$1" <<'PY'
import os, sys
for dp, _, fns in os.walk(sys.argv[1]):
    for f in fns:
        p = os.path.join(dp, f)
        if os.path.islink(p) or os.path.getsize(p) > 400:
            continue
        lines = open(p, "rb").read().decode("utf-8", "replace").strip("\n").split("\n")
        t = lines[0].strip() if len(lines) == 1 else ""
        if not t or any(c in t for c in "=[ ") or t[0] in "#;":
            continue
        for pre in ("/lib/systemd/system/", "/usr/lib/systemd/system/"):
            if t.startswith(pre) and "/" not in t[len(pre):]:
                t = t[len(pre):]
        os.unlink(p)
        os.symlink(t, p)
PY
}

# 1. Every service of the real corpus, installed at once into /usr/lib/systemd/system.
group=corpus
if [ -n "$shared" ] && [ -d "$shared/corpus/real" ]; then
        mkdir -p "$tmp/corpus"
        for d in "$shared"/corpus/real/*/root/lib/systemd/system; do
                cp -r "$d"/. "$tmp/corpus/" 2>/dev/null
        done
        chmod -R u+w "$tmp/corpus"
        restore_links "$tmp/corpus"
        cp -a "$tmp/corpus"/. "$root/usr/lib/systemd/system/"
        nspawn_exec systemctl daemon-reload
        i=0
        for f in "$tmp"/corpus/*.service; do
                [ -f "$f" ] && [ ! -L "$f" ] || continue
                i=$((i + 1))
                run_both "corpus-$i" "$(basename "$f")"
        done
        report_group corpus "corpus/real services online"
        group=overview
        run_both overview
        report_group overview "online overview of the manager's services (corpus installed)"
        group=several
        run_both several dbus.service systemd-logind nothere.service cron.service ssh@.service
        report_group several "several units: reports, then the overview of just those"
else
        n=$((n + 1))
        echo "ok $n # SKIP corpus not found (set UNITSEC_SHARED)"
fi

# 2. Random directive mixes, one case at a time (type-wide drop-ins touch every service).
install_case() { # $1 = case tree (…/root); prints the installed paths
        local src=$1 d dst
        for d in etc run lib usr/lib usr/local/lib; do
                [ -d "$src/$d/systemd" ] || continue
                dst=$d
                [ "$d" = lib ] && dst=usr/lib
                (cd "$src/$d" && find systemd \( -type f -o -type l \) -print) | while IFS= read -r p; do
                        mkdir -p "$(dirname "$root/$dst/$p")"
                        cp -a "$src/$d/$p" "$root/$dst/$p"
                        echo "$root/$dst/$p"
                done
        done
}
if [ "$cases" -gt 0 ]; then
        group=random
        python3 "$top/tests/diff/gen.py" --out "$tmp/gen" --seed "$seed" --count "$cases" >/dev/null 2>&1
        while IFS= read -r line; do
                c=$(printf '%s' "$line" | python3 -c 'import json,sys; c=json.load(sys.stdin); print("%04d" % c["n"])')
                unit=$(printf '%s' "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["unit"])')
                mapfile -t args < <(printf '%s' "$line" | python3 -c 'import json,sys; [print(a) for a in json.load(sys.stdin)["args"]]')
                for a in "${args[@]}"; do
                        case "$a" in
                        --security-policy=*) mkdir -p "$root$(dirname "${a#*=}")" && cp "${a#*=}" "$root${a#*=}" ;;
                        esac
                done
                install_case "$tmp/gen/$c/root" >"$tmp/installed"
                nspawn_exec systemctl daemon-reload
                run_both "random-$c" "${args[@]}" "$unit"
                while IFS= read -r p; do rm -f "$p"; done <"$tmp/installed"
        done <"$tmp/gen/cases.jsonl"
        nspawn_exec systemctl daemon-reload
        report_group random "$cases random directive mixes online (seed $seed)"
fi
echo "1..$n"
