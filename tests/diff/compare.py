#!/usr/bin/env python3
"""Differential test: `unitsec security` against `systemd-analyze security`.

usage: compare.py [--bin PATH] [--dir DIR | --seed S] [--count N] [--jobs J]
                  [--show K] [--reference-only] [--keep]

With --dir, the cases of DIR (written by gen.py) are used; otherwise gen.py
writes --count cases for --seed (random when not given) into a temporary
directory. For every case both tools are run from / with LC_ALL=C.UTF-8,
SYSTEMD_COLORS=0 and SYSTEMD_UNIT_PATH unset:

  TOOL security --no-pager --offline=yes --root=ROOT [ARGS] --json=short UNIT
  TOOL security --no-pager --offline=yes --root=ROOT [ARGS] UNIT

and compared: exit status (zero or not, for each of the two runs), for each
test (by json_field) set, name and exposure, and the whole overall line of the
text mode (unit id, X.Y, band, glyph). Descriptions and row order are not
compared. The reference results are cached in DIR/<n>/ref.json, so a second
run on the same --dir only runs unitsec.

Prints the seed first, then the first --show differing cases (their files and
both results), the per-test coverage (which of the 81 tests the reference saw
passing, failing and N/A, with the badness values), and a summary line:

  differential: seed S: N/M cases agree (exit A/M, overall B/C, rows D/E)

Exit status: 0 when every case agrees, 1 on any difference, 2 on usage errors.
"""
import argparse
import concurrent.futures as cf
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = "systemd-analyze"
OVERALL = re.compile(r"^(?:→|->) Overall exposure level for (\S+): (\d+\.\d+) (\w+)(?: (.*))?$", re.M)

ENV = {k: v for k, v in os.environ.items()
       if k not in ("SYSTEMD_UNIT_PATH", "SYSTEMD_ANALYZE_DEBUG", "LANG", "LC_CTYPE", "LANGUAGE")}
ENV.update(LC_ALL="C.UTF-8", SYSTEMD_COLORS="0", SYSTEMD_PAGER="cat", PAGER="cat", NO_COLOR="1")
if not ENV.get("XDG_RUNTIME_DIR"):
    # --user needs it (the cases with --user are expected to fail under --root anyway)
    ENV["XDG_RUNTIME_DIR"] = tempfile.gettempdir()
ENV_DEBUG = dict(ENV, SYSTEMD_ANALYZE_DEBUG="1")

# The 81 tests in evaluation order (spec table 2.1); row 34 keeps its ')'.
TESTS = """UserOrDynamicUser SupplementaryGroups PrivateDevices PrivateMounts PrivateNetwork PrivateTmp
PrivateUsers ProtectControlGroups ProtectKernelModules ProtectKernelTunables ProtectKernelLogs
ProtectClock ProtectHome ProtectHostname ProtectSystem RootDirectoryOrRootImage LockPersonality
MemoryDenyWriteExecute NoNewPrivileges CapabilityBoundingSet_CAP_SYS_ADMIN
CapabilityBoundingSet_CAP_SET_UID_GID_PCAP CapabilityBoundingSet_CAP_SYS_PTRACE
CapabilityBoundingSet_CAP_SYS_TIME CapabilityBoundingSet_CAP_NET_ADMIN
CapabilityBoundingSet_CAP_SYS_RAWIO CapabilityBoundingSet_CAP_SYS_MODULE
CapabilityBoundingSet_CAP_AUDIT CapabilityBoundingSet_CAP_SYSLOG
CapabilityBoundingSet_CAP_SYS_NICE_RESOURCE CapabilityBoundingSet_CAP_MKNOD
CapabilityBoundingSet_CAP_CHOWN_FSETID_SETFCAP CapabilityBoundingSet_CAP_DAC_FOWNER_IPC_OWNER
CapabilityBoundingSet_CAP_KILL CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)
CapabilityBoundingSet_CAP_SYS_BOOT CapabilityBoundingSet_CAP_MAC CapabilityBoundingSet_CAP_LINUX_IMMUTABLE
CapabilityBoundingSet_CAP_IPC_LOCK CapabilityBoundingSet_CAP_SYS_CHROOT
CapabilityBoundingSet_CAP_BLOCK_SUSPEND CapabilityBoundingSet_CAP_WAKE_ALARM CapabilityBoundingSet_CAP_LEASE
CapabilityBoundingSet_CAP_SYS_TTY_CONFIG CapabilityBoundingSet_CAP_SYS_PACCT CapabilityBoundingSet_CAP_BPF
UMask KeyringMode ProtectProc ProcSubset NotifyAccess RemoveIPC Delegate RestrictRealtime RestrictSUIDSGID
RestrictNamespaces_user RestrictNamespaces_mnt RestrictNamespaces_ipc RestrictNamespaces_pid
RestrictNamespaces_cgroup RestrictNamespaces_net RestrictNamespaces_uts
RestrictAddressFamilies_AF_INET_INET6 RestrictAddressFamilies_AF_UNIX RestrictAddressFamilies_AF_NETLINK
RestrictAddressFamilies_AF_PACKET RestrictAddressFamilies_OTHER SystemCallArchitectures
SystemCallFilter_swap SystemCallFilter_obsolete SystemCallFilter_clock SystemCallFilter_cpu_emulation
SystemCallFilter_debug SystemCallFilter_mount SystemCallFilter_module SystemCallFilter_raw_io
SystemCallFilter_reboot SystemCallFilter_privileged SystemCallFilter_resources IPAddressDeny DeviceAllow
AmbientCapabilities""".split()
assert len(TESTS) == 81
N_A = 18446744073709551615


def run(cmd, env):
    try:
        p = subprocess.run(cmd, cwd="/", env=env, capture_output=True, timeout=60)
        return {"rc": p.returncode, "out": p.stdout.decode("utf-8", "replace"),
                "err": p.stderr.decode("utf-8", "replace")}
    except subprocess.TimeoutExpired:
        return {"rc": 124, "out": "", "err": "timed out after 60 s"}
    except OSError as e:
        return {"rc": 127, "out": "", "err": str(e)}


def parse_json(out):
    """The JSON arrays on stdout (one per unit), concatenated; None if it does not parse."""
    dec = json.JSONDecoder()
    rows, i, s = [], 0, out.strip()
    try:
        while i < len(s):
            v, j = dec.raw_decode(s, i)
            if not isinstance(v, list):
                return None
            rows += v
            i = j
            while i < len(s) and s[i].isspace():
                i += 1
    except ValueError:
        return None
    return rows


def analyse(tool, case, root, env):
    base = [tool, "security", "--no-pager", "--offline=yes", "--root=" + root] + case["args"]
    j = run(base + ["--json=short", case["unit"]], env)
    t = run(base + [case["unit"]], ENV)
    rows = parse_json(j["out"]) if j["out"].strip() else []
    m = OVERALL.findall(t["out"])
    return {"json": j, "text": t, "rows": rows,
            "overall": [" ".join(x for x in g if x) for g in m]}


def result_of(case, dirpath, binary, reference_only):
    root = os.path.join(dirpath, "%04d" % case["n"], "root")
    cache = os.path.join(dirpath, "%04d" % case["n"], "ref.json")
    ref = None
    if os.path.exists(cache):
        try:
            with open(cache) as f:
                ref = json.load(f)
        except ValueError:
            ref = None
    if ref is None:
        ref = analyse(REFERENCE, case, root, ENV_DEBUG)
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        with open(cache, "w") as f:
            json.dump(ref, f)
    got = None if reference_only else analyse(binary, case, root, ENV)
    return case, ref, got


def compare(ref, got):
    """Returns (problems, exit_ok, overall_pair_or_None, rows_checked, rows_ok, bad_fields)."""
    problems, bad_fields = [], []
    notes = compare.notes = []
    exit_ok = True
    for mode in ("json", "text"):
        # zero or not; unitsec must never die by a signal the reference did not die by.
        # (systemd's policy aborts, SIGABRT = 134, against unitsec's exit 1 is only noted.)
        r, g = (128 - x if x < 0 else x for x in (ref[mode]["rc"], got[mode]["rc"]))
        if (r == 0) != (g == 0) or (g >= 128 and r != g):
            exit_ok = False
            problems.append("exit status (%s mode): reference %d, unitsec %d" % (mode, r, g))
        elif r != g and r >= 128:
            notes.append("exit status (%s mode): reference %d, unitsec %d" % (mode, r, g))
    overall = None
    if ref["overall"] or got["overall"]:
        overall = ref["overall"] == got["overall"]
        if not overall:
            problems.append("overall: reference %r, unitsec %r" % (ref["overall"], got["overall"]))
    rows_checked = rows_ok = 0
    rref, rgot = ref["rows"], got["rows"]
    if rgot is None:
        problems.append("unitsec json does not parse: %r" % got["json"]["out"][:200])
        return problems, exit_ok, overall, len(rref or []), 0, ["<json>"]
    if rref is None:
        problems.append("reference json does not parse")
        return problems, exit_ok, overall, 0, 0, ["<json>"]
    if len(rref) != len(rgot):
        problems.append("row count: reference %d, unitsec %d" % (len(rref), len(rgot)))
    if rref and not rgot:
        return problems, exit_ok, overall, len(rref), 0, ["<no rows>"]
    if rgot and not rref:
        return problems, exit_ok, overall, 0, 0, ["<extra rows>"]
    # several units could give several arrays; here there is one unit per case
    by_got = {}
    for row in rgot:
        if isinstance(row, dict):
            by_got.setdefault(row.get("json_field"), []).append(row)
    seen = set()
    for w in rref:
        f = w.get("json_field")
        rows_checked += 1
        cand = by_got.get(f) or []
        if f in seen or not cand:
            if not cand:
                problems.append("%s: missing in unitsec's output" % f)
                bad_fields.append(f)
            continue
        seen.add(f)
        g = cand[0]
        diffs = []
        for k in ("set", "name", "exposure"):
            if g.get(k, "<absent>") != w.get(k):
                diffs.append("%s %s != %s" % (k, json.dumps(w.get(k), ensure_ascii=False),
                                              json.dumps(g.get(k, "<absent>"), ensure_ascii=False)))
        if "badness" in g and "badness" in w and g["badness"] != w["badness"]:
            diffs.append("badness %s != %s" % (w["badness"], g["badness"]))
        if diffs:
            bad_fields.append(f)
            extra = ""
            if w.get("description") or g.get("description"):
                extra = "\n        reference: %s\n        unitsec:   %s" % (w.get("description"), g.get("description"))
            problems.append("%s: %s (reference first)%s" % (f, ", ".join(diffs), extra))
        else:
            rows_ok += 1
    extra = sorted(set(by_got) - {w.get("json_field") for w in rref})
    if extra:
        problems.append("unitsec has extra rows: %s" % ", ".join(map(str, extra)))
    return problems, exit_ok, overall, rows_checked, rows_ok, bad_fields


def show_tree(root):
    lines = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        if d == root:
            files = [x for x in files if x != "ref.json"]
        for name in sorted(files + [x for x in dirs if os.path.islink(os.path.join(d, x))]):
            p = os.path.join(d, name)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                lines.append("  --- %s -> %s" % (rel, os.readlink(p)))
                continue
            lines.append("  --- %s" % rel)
            try:
                with open(p, encoding="utf-8", errors="replace") as f:
                    text = f.read(8000)
            except OSError as e:
                text = "(unreadable: %s)\n" % e
            lines += ["      " + x for x in text.rstrip("\n").split("\n")] if text else ["      (empty)"]
    return "\n".join(lines)


def print_case(case, dirpath, ref, got, problems):
    d = os.path.join(dirpath, "%04d" % case["n"])
    print("=== case %d: %s %s (style %s)" % (case["n"], case["unit"], " ".join(case["args"]), case["style"]))
    print(show_tree(d))
    for who, r in (("reference", ref), ("unitsec", got)):
        err = (r["json"]["err"] or r["text"]["err"]).strip()
        print("  %s: exit %d/%d, overall %s%s" % (
            who, r["json"]["rc"], r["text"]["rc"], r["overall"] or "-",
            ("\n    stderr: " + err.replace("\n", "\n            ")[:1500]) if err else ""))
    print("  differences:")
    for p in problems:
        print("    " + p)
    print()


def coverage(results):
    cov = {f: {"pass": 0, "fail": 0, "na": 0, "badness": set()} for f in TESTS}
    for _, ref, _ in results:
        for row in ref["rows"] or []:
            c = cov.get(row.get("json_field"))
            if c is None:
                continue
            s = row.get("set")
            c["pass" if s is True else "fail" if s is False else "na"] += 1
            b = row.get("badness")
            if b is not None:
                c["badness"].add("N/A" if b == N_A else b)
    return cov


def print_type_coverage(results):
    """Per unit type: the tests the reference never saw passing, or never saw failing."""
    by = {}
    for case, ref, _ in results:
        t = case.get("type", "?")
        rows = ref["rows"] or []
        if not rows:
            continue
        e = by.setdefault(t, {"n": 0, "pass": set(), "fail": set()})
        e["n"] += 1
        for row in rows:
            if row.get("set") is True:
                e["pass"].add(row.get("json_field"))
            elif row.get("set") is False:
                e["fail"].add(row.get("json_field"))
    def compact(fields):
        if not fields:
            return "-"
        if len(fields) > 40:
            return "all but %s" % (", ".join(f for f in TESTS if f not in fields) or "-")
        return ", ".join(fields)

    print("coverage by unit type (scored cases; tests never seen passing / never seen failing):")
    for t, e in sorted(by.items(), key=lambda x: -x[1]["n"]):
        never_pass = [f for f in TESTS if f not in e["pass"]]
        never_fail = [f for f in TESTS if f not in e["fail"]]
        print("  %-8s %5d cases; never passing: %s; never failing: %s" % (
            t, e["n"], compact(never_pass), compact(never_fail)))


def print_coverage(cov):
    both = [f for f in TESTS if cov[f]["pass"] and cov[f]["fail"]]
    print("coverage by the reference (pass/fail/N/A counts; badness values seen):")
    for f in TESTS:
        c = cov[f]
        mark = "both" if f in both else "ONLY-PASS" if c["pass"] else "ONLY-FAIL" if c["fail"] else "NEVER"
        bad = sorted(c["badness"], key=lambda x: (isinstance(x, str), x))
        print("  %-60s %-9s %5d/%5d/%5d  {%s}" % (f, mark, c["pass"], c["fail"], c["na"],
                                                  ", ".join(map(str, bad))))
    never = [f for f in TESTS if f not in both]
    print("tests seen both passing and failing: %d/81" % len(both))
    if never:
        print("tests NOT seen both ways: " + ", ".join(never))
    return len(both)


def main():
    ap = argparse.ArgumentParser(description="unitsec security versus systemd-analyze security")
    ap.add_argument("--bin", default=os.environ.get("UNITSEC"))
    ap.add_argument("--dir")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--show", type=int, default=5)
    ap.add_argument("--reference-only", action="store_true",
                    help="run only systemd-analyze: load rate and coverage of the generator")
    ap.add_argument("--keep", action="store_true", help="keep the generated directory")
    ap.add_argument("--quiet-coverage", action="store_true", help="print only the coverage summary")
    a = ap.parse_args()
    if not a.reference_only and not a.bin:
        print("compare.py: no unitsec binary (--bin or $UNITSEC)", file=sys.stderr)
        return 2
    if a.bin:
        a.bin = os.path.abspath(a.bin)
    if shutil.which(REFERENCE) is None:
        print("compare.py: %s is not installed" % REFERENCE, file=sys.stderr)
        return 2

    tmp = None
    if a.dir:
        dirpath = os.path.abspath(a.dir)
        if not os.path.exists(os.path.join(dirpath, "cases.jsonl")):
            cmd = [sys.executable, os.path.join(HERE, "gen.py"), "--out", dirpath, "--count", str(a.count)]
            if a.seed is not None:
                cmd += ["--seed", str(a.seed)]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    else:
        tmp = tempfile.mkdtemp(prefix="unitsec-diff.")
        dirpath = tmp
        cmd = [sys.executable, os.path.join(HERE, "gen.py"), "--out", dirpath, "--count", str(a.count)]
        if a.seed is not None:
            cmd += ["--seed", str(a.seed)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(dirpath, "seed")) as f:
        seed = f.read().strip()
    print("seed: %s" % seed, flush=True)
    with open(os.path.join(dirpath, "cases.jsonl")) as f:
        cases = [json.loads(x) for x in f if x.strip()]

    try:
        with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
            results = list(ex.map(lambda c: result_of(c, dirpath, a.bin, a.reference_only), cases))

        loaded = sum(1 for _, ref, _ in results if ref["json"]["rc"] == 0 and ref["rows"])
        print("reference: %d/%d cases loaded and scored (exit 0)" % (loaded, len(cases)))
        cov = coverage(results)
        if a.quiet_coverage:
            both = sum(1 for f in TESTS if cov[f]["pass"] and cov[f]["fail"])
            print("tests seen both passing and failing: %d/81" % both)
        else:
            both = print_coverage(cov)
            print_type_coverage(results)
        if a.reference_only:
            print("differential: seed %s: reference only, %d cases, %d/81 tests seen both ways"
                  % (seed, len(cases), both))
            return 0

        agree = exit_ok = ov_ok = ov_n = rows_n = rows_ok = 0
        shown = 0
        field_fail = {}
        first_bad = []
        noted = {}
        for case, ref, got in results:
            problems, e_ok, ov, rc, ro, bad = compare(ref, got)
            exit_ok += e_ok
            if ov is not None:
                ov_n += 1
                ov_ok += ov
            rows_n += rc
            rows_ok += ro
            for f in bad:
                field_fail[f] = field_fail.get(f, 0) + 1
            for x in compare.notes:
                noted.setdefault(x.split(":")[0] + ": " + x.split(": ", 1)[1], []).append(case["n"])
            if not problems:
                agree += 1
                continue
            first_bad.append(case["n"])
            if shown < a.show:
                if shown == 0:
                    print()
                print_case(case, dirpath, ref, got, problems)
                shown += 1
        if field_fail:
            print("rows differing, by test (number of cases):")
            for f, k in sorted(field_fail.items(), key=lambda x: -x[1]):
                print("  %-60s %d" % (f, k))
        for x, ns in sorted(noted.items()):
            print("note (not a failure): %s in %d case(s): %s" % (x, len(ns), " ".join(map(str, ns[:20]))))
        if first_bad:
            print("differing cases: %s%s" % (" ".join(map(str, first_bad[:40])),
                                           " ..." if len(first_bad) > 40 else ""))
            print("replay: tests/diff/compare.py --seed %s --count %d --bin %s" % (seed, len(cases), a.bin))
        print("differential: seed %s: %d/%d cases agree (exit %d/%d, overall %d/%d, rows %d/%d); "
              "%d/81 tests seen both ways" % (seed, agree, len(cases), exit_ok, len(cases), ov_ok, ov_n,
                                              rows_ok, rows_n, both))
        return 0 if agree == len(cases) else 1
    finally:
        if tmp and not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp:
            print("cases kept in %s" % tmp)


if __name__ == "__main__":
    sys.exit(main())
