#!/usr/bin/env bash
# (not fast: about 20 s, it copies the corpus to restore its symlinks)
# unitsec cat against the reference corpus: where systemd-analyze loaded a unit, cat prints its
# files (the first header is the fragment systemd used); where systemd said "masked" or "not
# found", cat fails saying the same.
#
# The shared corpus stores symlinks flattened into small files holding the link target;
# tests/lib/corpus-copy.py turns them back into symlinks in a private copy.
set -u
UNITSEC=${UNITSEC:-build/unitsec}
SHARED=${UNITSEC_SHARED:-$(cd "$(dirname "$0")/../../../shared" 2>/dev/null && pwd)}
if [ ! -d "$SHARED/corpus" ] || ! command -v python3 >/dev/null; then
        echo "1..0 # SKIP no corpus or no python3"
        exit 0
fi
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
"$(dirname "$0")/../lib/corpus-copy.py" "$tmp" "$SHARED/corpus/real" "$SHARED/corpus/synthetic" >/dev/null 2>&1
python3 - "$tmp" "$UNITSEC" <<'PY'
import json, os, subprocess, sys
tmp, binary = sys.argv[1], sys.argv[2]
n = 0
env = {k: v for k, v in os.environ.items() if k != "SYSTEMD_UNIT_PATH"}
for split in ("real", "synthetic"):
    for line in open(os.path.join(tmp, split, "expected.jsonl")):
        e = json.loads(line)
        root = os.path.join(tmp, split, e["package"], "root")
        p = subprocess.run([binary, "cat", "--root=" + root, e["unit"]], cwd="/", env=env,
                           capture_output=True, timeout=30)
        out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        want_err = e.get("stderr", "")
        what = f"{split}/{e['package']} {e['unit']}"
        problem = None
        if "is masked." in want_err.split("\n")[-2:][0] if want_err else False:
            if p.returncode == 0 or "masked" not in err:
                problem = f"want masked, got rc={p.returncode} {err.strip()[:100]}"
        elif want_err.startswith("Unit ") and "not found" in want_err:
            if p.returncode == 0 or "not found" not in err:
                problem = f"want not found, got rc={p.returncode} {err.strip()[:100]}"
        elif "masked" in want_err:
            if p.returncode == 0 or "masked" not in err:
                problem = f"want masked, got rc={p.returncode} {err.strip()[:100]}"
        else:
            first = out.split("\n", 1)[0]
            if p.returncode != 0 or not first.startswith("# /"):
                problem = f"want success, got rc={p.returncode} {err.strip()[:100]}"
            elif e.get("kind") == "fragment":
                want = "/" + e["path"].split("/root/", 1)[1]
                if first != "# " + want:
                    problem = f"first file {first!r}, want {want!r}"
        n += 1
        print(("not ok" if problem else "ok") + f" {n} - cat {what}" + (f": {problem}" if problem else ""))
print(f"1..{n}")
PY
