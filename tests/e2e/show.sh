#!/usr/bin/env bash
# fast
# unitsec show against the reference corpus and the rules: for every unit systemd-analyze
# scored, the settings that one security test reads directly (PrivateNetwork= & co) must
# agree with systemd's verdict for that test; load failures must fail alike (bad setting,
# syntax error, masked, not found); and a few implied settings are checked by the rules of
# spec §2.2 on hand-made units.
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

# json_field → (show key, predicate on the shown value that means "passes")
yes = lambda v: v == "yes"
CHECKS = {
    "PrivateDevices": ("PrivateDevices", yes), "PrivateMounts": ("PrivateMounts", yes),
    "PrivateNetwork": ("PrivateNetwork", yes), "PrivateTmp": ("PrivateTmp", yes),
    "PrivateUsers": ("PrivateUsers", yes), "ProtectControlGroups": ("ProtectControlGroups", yes),
    "ProtectKernelModules": ("ProtectKernelModules", yes), "ProtectKernelTunables": ("ProtectKernelTunables", yes),
    "ProtectKernelLogs": ("ProtectKernelLogs", yes), "ProtectClock": ("ProtectClock", yes),
    "ProtectHostname": ("ProtectHostname", yes), "LockPersonality": ("LockPersonality", yes),
    "MemoryDenyWriteExecute": ("MemoryDenyWriteExecute", yes), "NoNewPrivileges": ("NoNewPrivileges", yes),
    "RestrictRealtime": ("RestrictRealtime", yes), "RestrictSUIDSGID": ("RestrictSUIDSGID", yes),
    "ProtectSystem": ("ProtectSystem", lambda v: v == "strict"),
    "ProtectHome": ("ProtectHome", lambda v: v == "yes"),
    "ProcSubset": ("ProcSubset", lambda v: v == "pid"),
    "KeyringMode": ("KeyringMode", lambda v: v == "private"),
    "NotifyAccess": ("NotifyAccess", lambda v: v != "all"),
    "Delegate": ("Delegate", lambda v: v != "yes"),
    "AmbientCapabilities": ("AmbientCapabilities", lambda v: v == ""),
    "CapabilityBoundingSet_CAP_SYS_ADMIN": ("CapabilityBoundingSet", lambda v: "cap_sys_admin" not in v.split()),
    "CapabilityBoundingSet_CAP_SYS_TIME": ("CapabilityBoundingSet", lambda v: "cap_sys_time" not in v.split()),
    "CapabilityBoundingSet_CAP_MKNOD": ("CapabilityBoundingSet", lambda v: "cap_mknod" not in v.split()),
    "SystemCallArchitectures": ("SystemCallArchitectures", lambda v: v == "native"),
}
env = {k: v for k, v in os.environ.items() if k != "SYSTEMD_UNIT_PATH"}
n = 0

def report(ok, what, problem=None):
    global n
    n += 1
    problem = " ".join(str(problem).split()) if problem and not ok else None
    print(("ok" if ok else "not ok") + f" {n} - {what}" + (f": {problem}" if problem else ""))

for split in ("real", "synthetic"):
    for line in open(os.path.join(tmp, split, "expected.jsonl")):
        e = json.loads(line)
        root = os.path.join(tmp, split, e["package"], "root")
        p = subprocess.run([binary, "show", "--root=" + root, e["unit"]], cwd="/", env=env,
                           capture_output=True, timeout=30)
        out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        what = f"show {split}/{e['package']} {e['unit']}"
        want_err = e.get("stderr") or ""
        if e.get("tests") is None:
            want = ("bad unit file setting" if "bad unit file setting" in want_err else
                    "masked" if "masked" in want_err else "not found" if "not found" in want_err else
                    "failed to load" if "failed to load" in want_err else None)
            if want is None:
                continue
            report(p.returncode != 0 and want.split()[-1] in err, what, f"want failure '{want}', got rc={p.returncode} {err.strip()[-120:]}")
            continue
        if p.returncode != 0:
            report(False, what, f"rc={p.returncode} {err.strip()[-120:]}")
            continue
        shown = {}
        for l in out.splitlines():
            if "=" in l:
                k, v = l.split("=", 1)
                shown.setdefault(k, v)
        bad = []
        for t in e["tests"]:
            c = CHECKS.get(t["json_field"])
            if not c or t["set"] is None or c[0] not in shown:
                continue
            if c[1](shown[c[0]]) != t["set"]:
                bad.append(f"{c[0]}={shown[c[0]][:40]} but systemd says set={t['set']} for {t['json_field']}")
        report(not bad, what, "; ".join(bad[:3]) if bad else None)

# Implied settings by the rules of spec §2.2, on hand-made units.
d = os.path.join(tmp, "hand")
os.makedirs(d)
def unit(name, body):
    open(os.path.join(d, name), "w").write(body)
    p = subprocess.run([binary, "show", os.path.join(d, name)], cwd="/", env={**env, "SYSTEMD_UNIT_PATH": ""},
                       capture_output=True, timeout=30)
    return p.returncode, dict(l.split("=", 1) for l in p.stdout.decode().splitlines() if "=" in l), p.stderr.decode()

rc, s, _ = unit("foo.service", "[Service]\nExecStart=/bin/true\nDynamicUser=yes\nProtectSystem=no\n")
report(rc == 0 and s["User"] == "foo" and s["Group"] == "foo" and s["ProtectSystem"] == "strict"
       and s["ProtectHome"] == "read-only" and s["PrivateTmp"] == "yes" and s["RemoveIPC"] == "yes"
       and s["NoNewPrivileges"] == "yes" and s["RestrictSUIDSGID"] == "yes", "DynamicUser=yes implies", str(s)[:200])
rc, s, _ = unit("clock.service", "[Service]\nExecStart=/bin/true\nPrivateDevices=yes\nProtectClock=yes\n")
caps = s.get("CapabilityBoundingSet", "").split()
report(rc == 0 and s["DevicePolicy"] == "closed" and s["DeviceAllow"] == "char-rtc:r"
       and not {"cap_mknod", "cap_sys_rawio", "cap_sys_time", "cap_wake_alarm"} & set(caps)
       and "cap_sys_admin" in caps, "PrivateDevices=yes + ProtectClock=yes imply", str(s)[:200])
rc, s, _ = unit("dev.service", "[Service]\nExecStart=/bin/true\nDevicePolicy=strict\nDeviceAllow=/dev/null rw\n"
                "DeviceAllow=/dev/zero r\nRootImage=/i.raw\nLoadCredentialEncrypted=k\n")
report(rc == 0 and s["DeviceAllow"] == "/dev/tpmrm0:rw block-device-mapper:rwm block-blkext:rwm block-loop:rwm "
       "/dev/mapper/control:rw /dev/loop-control:rw /dev/zero:r /dev/null:rw", "implied devices in prepend order", s.get("DeviceAllow"))
rc, s, _ = unit("caps.service", "[Service]\nExecStart=/bin/true\nCapabilityBoundingSet=~CAP_KILL\nCapabilityBoundingSet=CAP_CHOWN\n"
                "RestrictNamespaces=~user\nRestrictNamespaces=~net\nType=notify\n")
report(rc == 0 and "cap_kill" not in s["CapabilityBoundingSet"].split() and "cap_chown" in s["CapabilityBoundingSet"].split()
       and s["RestrictNamespaces"] == "cgroup ipc mnt pid uts" and s["NotifyAccess"] == "main", "merge rules", str(s)[:200])
rc, s, err = unit("two.service", "[Service]\nExecStart=/bin/a\nExecStart=/bin/b\n")
report(rc == 1 and "bad unit file setting" in err and "several ExecStart=" in err, "two ExecStart= without oneshot fail", err)
rc, s, err = unit("nope.service", "[Service]\nExecStart=/bin/true\nUser=%i\n")
report(rc == 1 and "bad unit file setting" in err, "User=%i with an empty instance is fatal", err)
print(f"1..{n}")
PY
