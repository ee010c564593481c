#!/usr/bin/env bash
# Random units (every directive the 81 tests read, odd spellings, repeats, resets; services,
# templates, sockets and mounts) scored by unitsec and by systemd-analyze security (v252), with
# and without a portable profile and a policy: set/exposure of each row and the exit status.
set -u
bin=${UNITSEC:-build/unitsec}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
if ! systemd-analyze --version 2>/dev/null | grep -q '^systemd 252'; then
        echo "ok 1 # SKIP systemd-analyze 252 not installed"
        echo "1..1"
        exit 0
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
printf '{"PrivateNetwork":{"weight":0},"UMask":{"range":50,"weight":3000},"RemoveIPC":{"weight":99999},"DeviceAllow":{"range":11}}' >"$t/policy.json"
n=0
for run in "1:" "2:--security-policy=$t/policy.json" "3:--profile=strict"; do
        n=$((n + 1))
        seed=${run%%:*} extra=${run#*:}
        if [ "$extra" = --profile=strict ] && [ ! -d /usr/lib/systemd/portable/profile/strict ]; then
                echo "ok $n # SKIP portable profiles not installed (systemd-container)"
                continue
        fi
        out=$(python3 - "$bin" "$t/r$seed" "$seed" 60 $extra <<'PY'
import random, os, sys, json, subprocess, shutil
bin=sys.argv[1]; root=sys.argv[2]; seed=int(sys.argv[3]); N=int(sys.argv[4])
random.seed(seed)
B=["yes","no","true","false","1","0","on","off","y","n","maybe",""]
D={
 "User":["root","0","nobody","65534","foo","www-data","","%i"],
 "DynamicUser":B, "SupplementaryGroups":["", "wheel", "adm audio", "0"],
 "PrivateDevices":B,"PrivateMounts":B,"PrivateNetwork":B,"PrivateTmp":B,"PrivateUsers":B,
 "ProtectControlGroups":B,"ProtectKernelModules":B,"ProtectKernelTunables":B,"ProtectKernelLogs":B,"ProtectClock":B,
 "ProtectHome":B+["read-only","tmpfs","bogus"],"ProtectHostname":B,"ProtectSystem":B+["strict","full","bogus"],
 "RootDirectory":["","/","/srv/r"],"RootImage":["","/img.raw"],"LockPersonality":B,"MemoryDenyWriteExecute":B,"NoNewPrivileges":B,
 "CapabilityBoundingSet":["","~","CAP_SYS_ADMIN","~CAP_SYS_ADMIN CAP_NET_RAW","cap_kill cap_chown","CAP_FOO","~CAP_SETUID CAP_SETGID","21"],
 "AmbientCapabilities":["","CAP_NET_RAW","~CAP_NET_RAW","CAP_FOO"],
 "UMask":["0022","0077","0027","0007","0070","0002","abc","777"],
 "KeyringMode":["private","shared","inherit","bogus"],"ProtectProc":["default","noaccess","invisible","ptraceable","x"],
 "ProcSubset":["all","pid","x"],"NotifyAccess":["none","all","main","exec"],"RemoveIPC":B,"Delegate":B+["cpu memory","pids"],
 "RestrictRealtime":B,"RestrictSUIDSGID":B,
 "RestrictNamespaces":["","yes","no","user","~user","net ipc","~mnt pid","cgroup uts"],
 "RestrictAddressFamilies":["","none","AF_UNIX","~AF_UNIX","AF_INET AF_INET6","~AF_INET6","AF_NETLINK AF_PACKET","~AF_BLUETOOTH","AF_LOCAL"],
 "SystemCallArchitectures":["","native","x86-64","native x86"],
 "SystemCallFilter":["","@system-service","~@privileged","~@privileged @resources","@known","read write","~@mount","mount","reboot:EPERM swapon","~swapon:EPERM","~@obsolete @debug","@clock","~@cpu-emulation @raw-io @reboot @swap @module"],
 "IPAddressDeny":["","any","0.0.0.0/0","::/0","0.0.0.0/0 ::/0"],"IPAddressAllow":["","localhost","127.0.0.1","::1/64","10.0.0.0/8","link-local","127.0.0.1/1","::1","::ffff:127.0.0.1","multicast","any"],
 "IPIngressFilterPath":["","/sys/fs/bpf/x"],
 "DevicePolicy":["auto","closed","strict","bogus"],"DeviceAllow":["","/dev/null rw","/dev/zero r","char-rtc","/dev/sda rwm","/dev/x bogus"],
 "Type":["simple","notify","oneshot","forking"],
 "MountImages":["","/a.raw:/mnt"],"LoadCredentialEncrypted":["","x:/etc/x"],"SetCredentialEncrypted":["","y:abc"],
 "IPEgressFilterPath":["","/sys/fs/bpf/e"],"Group":["","adm","0"],"SystemCallErrorNumber":["EPERM",""],

}
EXTRA=sys.argv[5:]
shutil.rmtree(root, ignore_errors=True)
bad=0
for i in range(N):
    d=os.path.join(root,str(i),"etc/systemd/system"); os.makedirs(d)
    lines=["[Service]","ExecStart=/bin/true"]
    unit_lines=["[Unit]"]
    if random.random()<0.1: unit_lines.append("DefaultDependencies=no")
    for k in random.sample(list(D), random.randint(3,18)):
        for _ in range(random.choice([1,1,1,2,3])):
            lines.append(f"{k}={random.choice(D[k])}")
    name=random.choice(["svc.service","foo@.service","nobody.service","root.service","svc.socket","mnt-x.mount"])
    if name.endswith(".socket"): lines=[l.replace("[Service]","[Socket]").replace("ExecStart=/bin/true","ListenStream=80") for l in lines if not l.startswith("Type=")]
    if name.endswith(".mount"): lines=[l.replace("[Service]","[Mount]").replace("ExecStart=/bin/true","What=/dev/sda\nWhere=/mnt/x") for l in lines if not l.startswith("Type=")]
    open(os.path.join(d,name),"w").write("\n".join(unit_lines+lines)+"\n")
    env=dict(os.environ); env.pop("SYSTEMD_UNIT_PATH",None); env.update(LC_ALL="C.UTF-8",SYSTEMD_COLORS="0")
    def run(cmd):
        p=subprocess.run(cmd,capture_output=True,env=env,cwd="/")
        return p.returncode,p.stdout.decode(),p.stderr.decode()
    r1=run(["systemd-analyze","security","--offline=yes","--root="+os.path.join(root,str(i)),"--json=short"]+EXTRA+[name])
    r2=run([bin,"security","--offline=yes","--root="+os.path.join(root,str(i)),"--json=short"]+EXTRA+[name])
    if (r1[0]==0)!=(r2[0]==0):
        print(f"{i} {name}: exit sa={r1[0]} us={r2[0]} :: {r1[2].strip()[:200]} || {r2[2].strip()[:200]}"); bad+=1; continue
    if r1[0]!=0: continue
    a={t["json_field"]:t for t in json.loads(r1[1])}; b={t["json_field"]:t for t in json.loads(r2[1])}
    diffs=[f"{k}: {b[k]['set']},{b[k]['exposure']} want {a[k]['set']},{a[k]['exposure']}" for k in a if (a[k]['set'],a[k]['exposure'])!=(b[k]['set'],b[k]['exposure'])]
    if diffs: print(f"{i} {name}: "+"; ".join(diffs[:5])); bad+=1
print(f"seed {seed}: {bad}/{N} differ")
PY
)
        summary=$(printf '%s\n' "$out" | tail -n 1)
        if printf '%s' "$summary" | grep -q ': 0/'; then
                echo "ok $n - random units ${extra:-plain}: $summary"
        else
                printf '%s\n' "$out" | head -n 5 | sed 's/^/# /'
                echo "not ok $n - random units ${extra:-plain}: $summary"
        fi
done
echo "1..$n"
