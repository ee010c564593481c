#!/usr/bin/env bash
# `unitsec security --format=sarif` on every unit of the real corpus: each document validates against
# the official SARIF 2.1.0 schema (tests/data/sarif-2.1.0-rtm.5.json, from the npm package
# @microsoft/jest-sarif), has one result per test systemd 252 marked as failing (expected.jsonl), with
# rank = that row's exposure in tenths and a location in a file of the unit.
set -u
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${UNITSEC:-$top/build/unitsec}
shared=${UNITSEC_SHARED:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! python3 -c 'import jsonschema' 2>/dev/null; then
        echo "ok 1 # SKIP python3-jsonschema is not installed"; echo "1..1"; exit 0
fi
if [ -z "$shared" ] || [ ! -d "$shared/corpus/real" ]; then
        echo "ok 1 # SKIP corpus not found (set UNITSEC_SHARED)"; echo "1..1"; exit 0
fi
if ! "$bin" security --help | grep -q sarif; then
        echo "ok 1 # SKIP this build has no security --format=sarif"; echo "1..1"; exit 0
fi
python3 "$top/tests/lib/corpus-copy.py" "$tmp" "$shared/corpus/real" >/dev/null 2>&1
exec python3 - "$bin" "$tmp/real" "$top/tests/data/sarif-2.1.0-rtm.5.json" <<'PYEOF'
import json, os, subprocess, sys, urllib.parse
import jsonschema

binary, corpus, schema_path = sys.argv[1:4]
schema = json.load(open(schema_path))
validator = jsonschema.Draft4Validator(schema)
rows = [json.loads(l) for l in open(os.path.join(corpus, "expected.jsonl"))]
env = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1")
n = 0
bad_schema, bad_results, bad_loc, ran = [], [], [], 0

def check_unit(exp):
    root = os.path.join(corpus, exp["package"], "root")
    # run from the package root so that the artifact URIs are relative to it (as in a source tree)
    p = subprocess.run([binary, "--no-pager", "--root=" + root, "security", "--format=sarif", exp["unit"]],
                       cwd=root, env=env, capture_output=True, text=True, timeout=60)
    if exp.get("exit", 0) != 0 or not exp.get("tests"):
        # systemd refused it (masked, not found): unitsec fails too, and any document it prints is valid
        if p.returncode == 0:
            return "exit 0 where systemd failed"
        if p.stdout.strip():
            errs = list(validator.iter_errors(json.loads(p.stdout)))
            if errs:
                bad_schema.append(f"{exp['unit']}: {errs[0].message[:200]}")
        return None
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr.strip()[:200]}"
    doc = json.loads(p.stdout)
    errs = sorted(validator.iter_errors(doc), key=lambda e: e.path)
    if errs:
        bad_schema.append(f"{exp['unit']}: {errs[0].message[:200]}")
    results = doc["runs"][0]["results"]
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    want = sorted((t["json_field"], round(float(t["exposure"] or 0) * 10)) for t in exp["tests"] if t["set"] is False)
    got = sorted((r["ruleId"], r["rank"]) for r in results)
    if want != got:
        bad_results.append(f"{exp['unit']}: want {len(want)} got {len(got)}: "
                           f"{sorted(set(want) ^ set(got))[:4]}")
    for r in results:
        if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
            bad_results.append(f"{exp['unit']}: ruleIndex of {r['ruleId']} is wrong")
        loc = r["locations"][0]["physicalLocation"]
        path = os.path.join(root, urllib.parse.unquote(loc["artifactLocation"]["uri"]))
        line = loc["region"]["startLine"]
        if not os.path.isfile(path) or line < 1 or line > len(open(path, "rb").read().split(b"\n")):
            bad_loc.append(f"{exp['unit']}: {r['ruleId']} at {loc['artifactLocation']['uri']}:{line}")
    return "ok"

errors = []
for exp in rows:
    r = check_unit(exp)
    if r == "ok":
        ran += 1
    elif r:
        errors.append(f"{exp['unit']}: {r}")

def report(ok, what, details):
    global n
    n += 1
    for d in details[:5]:
        print("# " + d)
    print(("ok" if ok else "not ok") + f" {n} - {what}")

report(not errors, f"security --format=sarif runs on {ran} corpus units", errors)
report(ran > 0 and not bad_schema, f"{ran} SARIF documents validate against the 2.1.0 schema", bad_schema)
report(ran > 0 and not bad_results, "one result per failing test, rank = the row's exposure in tenths", bad_results)
report(ran > 0 and not bad_loc, "every result points at an existing line of a file of the unit", bad_loc)
print(f"1..{n}")
PYEOF
