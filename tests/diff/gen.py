#!/usr/bin/env python3
"""Random unit trees for the differential test of `unitsec security`.

usage: gen.py --out DIR [--seed S] [--count N]

Writes one tree per case, DIR/<n>/root/{etc,run,lib,usr/lib,usr/local/lib}/systemd/...,
and DIR/cases.jsonl with one line per case:
  {"n": <int>, "unit": <name to analyse>, "args": [<extra options>], "style": <str>}
plus DIR/seed. The seed is printed first so that a failing run can be replayed
with the same --seed and --count (same Python major version).

The units mix every directive the 81 tests of `systemd-analyze security` read
(spec §2.1–§2.4, §3) with resets, repeated lines, odd spellings, drop-ins in
several places (NAME.d, template, dash-prefix, type-wide, alias, /etc shadowing
/lib), templates, instances, aliases, masks, non-service units, and now and then
a --threshold or a --security-policy file. Most of them load; some are meant to
fail, and then both tools must fail. The generator never models the semantics:
systemd-analyze is the oracle.
"""
import argparse
import json
import os
import random
import sys

# ---------------------------------------------------------------- vocabulary

BOOL_TRUE = ["yes", "yes", "yes", "true", "on", "1", "YES", "True", "On", "y", "t", "TRUE"]
BOOL_FALSE = ["no", "no", "no", "false", "off", "0", "NO", "False", "Off", "n", "f"]
BOOL_BAD = ["maybe", "2", "yess", "ja", "-1"]

CAPS = """CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID
CAP_SETUID CAP_SETPCAP CAP_LINUX_IMMUTABLE CAP_NET_BIND_SERVICE CAP_NET_BROADCAST CAP_NET_ADMIN
CAP_NET_RAW CAP_IPC_LOCK CAP_IPC_OWNER CAP_SYS_MODULE CAP_SYS_RAWIO CAP_SYS_CHROOT CAP_SYS_PTRACE
CAP_SYS_PACCT CAP_SYS_ADMIN CAP_SYS_BOOT CAP_SYS_NICE CAP_SYS_RESOURCE CAP_SYS_TIME
CAP_SYS_TTY_CONFIG CAP_MKNOD CAP_LEASE CAP_AUDIT_WRITE CAP_AUDIT_CONTROL CAP_SETFCAP
CAP_MAC_OVERRIDE CAP_MAC_ADMIN CAP_SYSLOG CAP_WAKE_ALARM CAP_BLOCK_SUSPEND CAP_AUDIT_READ
CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE""".split()
CAP_ODD = ["CAP_FOO", "cap_nonsense", "63", "64", "-1", "CAP_", "ALL", "0x5", "010", "+5", "0b101", "5.0",
           "0X15", "0x", "040", "41"]

NAMESPACES = ["cgroup", "ipc", "net", "mnt", "pid", "user", "uts"]

FAMILIES = ["AF_INET", "AF_INET6", "AF_UNIX", "AF_LOCAL", "AF_NETLINK", "AF_PACKET"]
FAMILIES_OTHER = ["AF_BLUETOOTH", "AF_CAN", "AF_ALG", "AF_VSOCK", "AF_XDP", "AF_KEY", "AF_QIPCRTR"]
FAMILIES_ODD = ["AF_FOO", "af_unix", "inet", "AF_MAX"]

CHECKED_GROUPS = ["@swap", "@obsolete", "@clock", "@cpu-emulation", "@debug", "@mount", "@module",
                  "@raw-io", "@reboot", "@privileged", "@resources"]
OTHER_GROUPS = ["@system-service", "@default", "@known", "@basic-io", "@file-system", "@network-io", "@process",
                "@signal", "@setuid", "@chown", "@aio", "@io-event", "@ipc", "@keyring", "@memlock",
                "@pkey", "@sync", "@timer"]
# members of the checked groups (and a few that only resolve to pseudo numbers on x86-64)
SYSCALLS = """swapon swapoff _sysctl afs_syscall create_module get_kernel_syms getpmsg putpmsg
query_module security sysfs tuxcall uselib ustat vserver bdflush break adjtimex clock_adjtime
clock_settime settimeofday clock_settime64 modify_ldt vm86 subpage_prot lookup_dcookie
perf_event_open pidfd_getfd ptrace rtas chroot fsconfig fsmount fsopen fspick mount mount_setattr
move_mount open_tree pivot_root umount umount2 delete_module finit_module init_module ioperm iopl
pciconfig_read kexec_file_load kexec_load reboot chown fchown fchownat lchown chown32 acct bpf
capset fanotify_init nfsservctl open_by_handle_at quotactl setdomainname setfsuid setgroups
sethostname setresuid setreuid setuid vhangup ioprio_set mbind migrate_pages move_pages nice
sched_setaffinity sched_setattr sched_setparam sched_setscheduler set_mempolicy setpriority
setrlimit read write openat close execve""".split()
SYSCALL_ODD = ["nosuchcall", "foo_bar", "@nosuchgroup"]
ERRNOS = ["EPERM", "EACCES", "ENOSYS", "1", "kill"]

ARCHES = ["native", "native", "x86-64", "x86", "x32", "arm64", "nosucharch"]

IP_ENTRIES = ["any", "localhost", "link-local", "multicast", "0.0.0.0/0", "::/0", "0.0.0.0/0 ::/0",
              "10.0.0.0/8", "127.0.0.1", "127.0.0.0/8", "127.0.0.1/1", "127.1.2.3", "::1",
              "::1/64", "::1/128", "::ffff:127.0.0.1", "192.168.1.7/24", "fe80::1/64", "::/1",
              "0.0.0.0/1", "127.0.0.1/8", "300.1.1.1", "notanaddress"]
IP_DENY_ALL = ["any", "0.0.0.0/0 ::/0", "::/0 0.0.0.0/0", "any", "0.0.0.0/0", "::/0"]

DEVICES = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/sda", "/dev/fuse", "char-rtc", "char-pts",
           "block-loop", "char-*", "block-sd", "/dev/tty0", "/dev/nosuch", "/dev/char/1:3", "/dev/%i",
           "char-nosuch", "/sys/x", "/dev/tpmrm0", "/dev/", "/dev//null"]
DEVICE_MODES = ["", "r", "w", "m", "rw", "rwm", "wr", "mr", "rrw", "x", "rwx"]

USERS = ["nobody", "root", "0", "65534", "foo", "www-data", "daemon", "1000", "%i", "%p",
         "4294967294", "_svc", "a" * 40, "Foo", "nobody", "root", "foo", "app", "nobody", "0"]
USERS_BAD = ["", "00", "bar baz", "-user", "4294967295", "foo:bar", "%Z", "%n"]
USER_SPECIFIERS = ["%I", "%N", "%j", "%J", "svc-%i", "%%x", "u%p"]

UNIT_PREFIXES = ["app", "web-server", "data-sync-agent", "nobody", "root", "0", "65534", "foo",
                 "queue_worker", "x", "my-app-daemon", "1abc", "svc-" + "a" * 40, "backup",
                 "Metrics"]
INSTANCES = ["bar", "i", "tty1", "root", "nobody", "0", "65534", "a-b", "www-data", "00", "x y",
             "foo.bar"]

NOISE = [
    ("Unit", "Description", ["random test unit", "x %n", "A unit with \"quotes\""]),
    ("Unit", "After", ["network.target", "basic.target local-fs.target"]),
    ("Unit", "Documentation", ["man:foo(8)"]),
    ("EXEC", "Environment", ["FOO=bar", "\"A=b c\" D=e"]),
    ("EXEC", "WorkingDirectory", ["/", "-/srv/%i", "~"]),
    ("EXEC", "Group", ["nogroup", "adm", "0"]),
    ("EXEC", "Nice", ["5", "-5"]),
    ("EXEC", "ReadWritePaths", ["/var/lib/x", "-/var/cache/x"]),
    ("EXEC", "TemporaryFileSystem", ["/var:ro"]),
    ("EXEC", "InaccessiblePaths", ["/home", "-/srv"]),
    ("EXEC", "LimitNOFILE", ["1024"]),
    ("EXEC", "SystemCallErrorNumber", ["EPERM", "EACCES"]),
    ("EXEC", "FooBarBaz", ["1"]),          # unknown directive: a warning, ignored
    ("Install", "WantedBy", ["multi-user.target"]),
]


# ---------------------------------------------------------------- values

class Gen:
    def __init__(self, rng):
        self.r = rng

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def some(self, seq, lo, hi):
        k = self.r.randint(lo, min(hi, len(seq)))
        return self.r.sample(seq, k)

    def boolean(self, good=None):
        if good is None:
            good = self.chance(0.5)
        if self.chance(0.04):
            return self.pick(BOOL_BAD)
        return self.pick(BOOL_TRUE if good else BOOL_FALSE)

    def caps(self):
        names = self.some(CAPS, 1, 12)
        out = []
        for c in names:
            roll = self.r.random()
            if roll < 0.12:
                c = c.lower()
            elif roll < 0.18:
                c = str(CAPS.index(c))
            elif roll < 0.21:
                c = c.capitalize()
            out.append(c)
        if self.chance(0.1):
            out.append(self.pick(CAP_ODD))
        if self.chance(0.05):
            out = [self.pick(CAP_ODD)]
        return " ".join(out)

    def cap_line(self):
        roll = self.r.random()
        if roll < 0.08:
            return ""
        if roll < 0.11:
            return "~"
        return ("~" if self.chance(0.5) else "") + self.caps()

    def cap_lines(self, ambient=False):
        n = self.r.choice([1, 1, 1, 2, 2, 3])
        lines = [self.cap_line() for _ in range(n)]
        if not ambient and self.chance(0.15):
            # a tight allow list: the hardened case
            lines = [" ".join(self.some(CAPS, 0, 3)) or "CAP_FOO"]
        return lines

    def ns_line(self):
        roll = self.r.random()
        if roll < 0.08:
            return ""
        if roll < 0.3:
            return self.boolean()
        v = " ".join(self.some(NAMESPACES, 1, 7))
        if self.chance(0.05):
            v += " " + self.pick(["foo", "network", "mount"])
        return ("~" if self.chance(0.5) else "") + v

    def af_line(self):
        roll = self.r.random()
        if roll < 0.07:
            return ""
        if roll < 0.15:
            return "none"
        fams = self.some(FAMILIES, 0, 4) + self.some(FAMILIES_OTHER, 0, 2)
        if not fams:
            fams = [self.pick(FAMILIES)]
        if self.chance(0.08):
            fams.append(self.pick(FAMILIES_ODD))
        self.r.shuffle(fams)
        return ("~" if self.chance(0.45) else "") + " ".join(fams)

    def syscall_item(self, allow):
        roll = self.r.random()
        if roll < 0.35:
            s = self.pick(CHECKED_GROUPS)
        elif roll < 0.5:
            s = self.pick(OTHER_GROUPS)
        elif roll < 0.97:
            s = self.pick(SYSCALLS)
        else:
            s = self.pick(SYSCALL_ODD)
        if self.chance(0.08):
            s += ":" + self.pick(ERRNOS)
        return s

    def scf_line(self, first):
        roll = self.r.random()
        if roll < 0.06:
            return ""
        if first is not None and self.chance(0.5):
            inv = first          # same polarity: adds
        else:
            inv = self.chance(0.5)
        if self.chance(0.15):
            # a whole checked group, the way hardened units do it
            items = self.some(CHECKED_GROUPS, 1, 4)
            if not inv and self.chance(0.5):
                items = ["@system-service"]
        else:
            items = [self.syscall_item(not inv) for _ in range(self.r.randint(1, 6))]
        return ("~" if inv else "") + " ".join(items)

    def scf_lines(self):
        n = self.r.choice([1, 1, 1, 2, 2, 3, 4])
        lines, first = [], None
        for _ in range(n):
            line = self.scf_line(first)
            if line and first is None:
                first = line.startswith("~")
            if not line:
                first = None
            lines.append(line)
        return lines

    def arch_line(self):
        if self.chance(0.1):
            return ""
        return " ".join(self.some(ARCHES, 1, 2))

    def ip_line(self, deny):
        roll = self.r.random()
        if roll < 0.07:
            return ""
        if deny and roll < 0.6:
            return self.pick(IP_DENY_ALL)
        return " ".join(self.some(IP_ENTRIES, 1, 3))

    def device_line(self):
        if self.chance(0.08):
            return ""
        mode = self.pick(DEVICE_MODES)
        return self.pick(DEVICES) + (" " + mode if mode else "")

    def umask(self):
        roll = self.r.random()
        if roll < 0.6:
            return self.pick(["0022", "0027", "0077", "0007", "0070", "0067", "0002", "0000", "077",
                              "22", "0777", "0026", "0037", "0057"])
        if roll < 0.95:
            return "0%03o" % self.r.randint(0, 0o777)
        return self.pick(["0o22", "8", "abc", "", "00022", "1777"])


# ---------------------------------------------------------------- settings

def exec_settings(g, style, name_prefix, template=True):
    """Returns a list of (section-tag, key, value) in definition order.
    section-tag 'EXEC' is the type's own section, 'Unit' the [Unit] section."""
    hard = style == "hardened"
    worst = style == "worst"
    if style == "few":
        p = 0.06
    elif style in ("hardened", "worst"):
        p = 0.7
    else:
        p = 0.3
    out = []

    def add(key, values, tag="EXEC"):
        for v in values:
            out.append((tag, key, v))

    def want(extra=1.0):
        return g.chance(min(1.0, p * extra))

    def b(key, extra=1.0):
        if not want(extra):
            return
        vals = []
        for _ in range(g.r.choice([1, 1, 1, 2, 3])):
            if hard:
                vals.append(g.boolean(g.chance(0.85)))
            elif worst:
                vals.append(g.boolean(g.chance(0.15)))
            else:
                vals.append(g.boolean() if not g.chance(0.04) else "")
        add(key, vals)

    if want():
        vals = []
        for _ in range(g.r.choice([1, 1, 2])):
            u = g.pick(USERS) if not g.chance(0.05) else g.pick(USERS_BAD)
            if g.chance(0.04):
                u = g.pick(USER_SPECIFIERS)
            if u == "%p" and g.chance(0.5):
                u = name_prefix
            if u == "%i" and not template and g.chance(0.9):
                u = "%p"      # %i is empty outside templates: an invalid user (now and then)
            vals.append(u)
        add("User", vals)
    b("DynamicUser", 1.2)
    if want(0.8):
        add("SupplementaryGroups", [g.pick(["", "wheel", "adm audio", "video", "%i"])
                                    for _ in range(g.r.choice([1, 1, 2]))])
    for key in ["PrivateDevices", "PrivateMounts", "PrivateNetwork", "PrivateTmp", "PrivateUsers",
                "ProtectControlGroups", "ProtectKernelModules", "ProtectKernelTunables",
                "ProtectKernelLogs", "ProtectClock", "ProtectHostname", "LockPersonality",
                "MemoryDenyWriteExecute", "NoNewPrivileges", "RemoveIPC", "RestrictRealtime",
                "RestrictSUIDSGID"]:
        b(key)
    if want():
        choices = ["yes", "read-only", "tmpfs", "no"] * 3 + ["true", "1", "off", "Yes",
                                                            "READ-ONLY", "readonly", ""]
        add("ProtectHome", [("yes" if hard and g.chance(0.6) else g.pick(choices))
                            for _ in range(g.r.choice([1, 1, 2]))])
    if want():
        choices = ["strict", "full", "yes", "no"] * 3 + ["true", "0", "on", "STRICT", "ful", ""]
        add("ProtectSystem", [("strict" if hard and g.chance(0.6) else g.pick(choices))
                              for _ in range(g.r.choice([1, 1, 2]))])
    if want(0.6):
        add("RootDirectory", [g.pick(["", "/", "/srv/root", "/srv/%i", "//", "", "/", "/srv/root"] + (
            ["relative/dir"] if g.chance(0.2) else []))])
    if want(0.4):
        add("RootImage", [g.pick(["", "/", "/srv/image.raw", "/var/lib/machines/%p.raw"])])
    if want(0.2):
        add("MountImages", [g.pick(["/srv/a.raw:/mnt/a", "-/srv/b.raw:/mnt/b", ""])])
    if want(0.2):
        add(g.pick(["LoadCredentialEncrypted", "SetCredentialEncrypted", "LoadCredential",
                    "SetCredential"]),
            [g.pick(["token:/etc/creds/token", "key:Zm9vYmFy", "a", ""])])
    if want(1.5):
        add("CapabilityBoundingSet", g.cap_lines())
    if want(0.7):
        add("AmbientCapabilities", g.cap_lines(ambient=True))
    if want():
        add("UMask", [g.umask() for _ in range(g.r.choice([1, 1, 2]))])
    if want():
        add("KeyringMode", [g.pick(["private", "shared", "inherit", "Private", "bogus", ""])])
    if want():
        add("ProtectProc", [g.pick(["invisible", "ptraceable", "noaccess", "default", "yes", ""])])
    if want():
        add("ProcSubset", [g.pick(["pid", "all", "PID", "none", ""])])
    if want():
        add("NotifyAccess", [g.pick(["none", "main", "exec", "all", "All", "bogus", ""])])
    if want(0.6):
        add("Delegate", [g.pick(["yes", "no", "", "cpu memory", "pids", "true", "off", "bogus"])])
    if want(1.3):
        add("RestrictNamespaces", [g.ns_line() for _ in range(g.r.choice([1, 1, 2, 3]))])
    if want(1.3):
        add("RestrictAddressFamilies", [g.af_line() for _ in range(g.r.choice([1, 1, 2, 3]))])
    if want():
        add("SystemCallArchitectures", [g.arch_line() for _ in range(g.r.choice([1, 1, 2]))])
    if want(1.6):
        add("SystemCallFilter", g.scf_lines())
    if want():
        add("IPAddressDeny", [g.ip_line(True) for _ in range(g.r.choice([1, 1, 2]))])
    if want():
        add("IPAddressAllow", [g.ip_line(False) for _ in range(g.r.choice([1, 1, 2]))])
    if want(0.25):
        add(g.pick(["IPIngressFilterPath", "IPEgressFilterPath"]),
            [g.pick(["/sys/fs/bpf/filter", "", "relative"])])
    if want(1.2):
        add("DevicePolicy", [g.pick(["auto", "closed", "strict", "closed", "strict", "bogus", ""])])
    if want(1.2):
        add("DeviceAllow", [g.device_line() for _ in range(g.r.choice([1, 1, 2, 3]))])
    if g.chance(0.1 if style != "few" else 0.03):
        add("DefaultDependencies", [g.boolean(False)], tag="Unit")
    for tag, key, vals in NOISE:
        if g.chance(0.08):
            add(key, [g.pick(vals)], tag=tag)
    # the order of definition is random; the oracle decides
    g.r.shuffle(out)
    return out


# ---------------------------------------------------------------- layout

# in search-path priority order (systemd-analyze unit-paths, prefixed by --root)
UNIT_DIRS = ["etc/systemd/system", "run/systemd/system", "usr/local/lib/systemd/system", "lib/systemd/system",
             "usr/lib/systemd/system"]
RARE_DIRS = ["etc/systemd/system.control", "run/systemd/transient", "etc/systemd/system.attached",
             "run/systemd/generator", "run/systemd/generator.late"]

TYPE_SECTION = {"service": "Service", "socket": "Socket", "mount": "Mount", "swap": "Swap",
                "timer": "Timer", "slice": "Slice", "target": "Unit", "path": "Path", "scope": "Scope"}
CGROUP_KEYS = {"DevicePolicy", "DeviceAllow", "IPAddressDeny", "IPAddressAllow", "IPIngressFilterPath",
               "IPEgressFilterPath", "Delegate"}


QUOTABLE = {"SystemCallFilter", "RestrictAddressFamilies", "CapabilityBoundingSet", "AmbientCapabilities",
            "RestrictNamespaces", "SystemCallArchitectures", "IPAddressDeny", "IPAddressAllow",
            "SupplementaryGroups"}


def format_line(g, key, value):
    sep = "="
    if g.chance(0.03):
        sep = g.pick([" = ", " =", "= "])
    line = key + sep + value
    if g.chance(0.02):
        line = "  " + line
    if g.chance(0.02):
        line += "   "
    if " " in value and g.chance(0.03):
        # a continuation line, now and then with a comment line inside
        head, tail = value.split(" ", 1)
        line = key + sep + head + " \\\n" + ("# inside\n" if g.chance(0.3) else "") + "  " + tail
    elif " " in value.strip() and key in QUOTABLE and g.chance(0.04):
        # a quoted word (not the first: a leading '~' stays outside)
        words = value.split(" ")
        i = g.r.randrange(1, len(words))
        words[i] = '"%s"' % words[i]
        line = key + sep + " ".join(words)
    return line


def render(g, sections, comment_rate=0.05):
    """sections: list of (section, [(key, value)]). Returns the file text."""
    out = []
    if g.chance(0.05):
        out.append(g.pick(["# generated", "; comment", "#[Service]"]))
    for sec, items in sections:
        if not items and g.chance(0.5):
            continue
        out.append("[%s]" % sec)
        split = g.r.randrange(len(items)) if items and g.chance(0.04) else -1
        for i, (key, value) in enumerate(items):
            if i == split:
                out.append("[%s]" % sec)          # the same section twice
            if g.chance(comment_rate):
                out.append(g.pick(["# " + key + "=yes", "; nothing", "", "#"]))
            out.append(format_line(g, key, value))
        out.append("")
    if g.chance(0.02):
        out.append("[X-Extra]\nFoo=bar\n")
    text = "\n".join(out) + "\n"
    if g.chance(0.01):
        text = text.replace("\n", "\r\n")
    if g.chance(0.01):
        text = "\ufeff" + text
    return text


def base_section_items(g, utype, name):
    """The lines a unit of this type needs to load."""
    if utype == "service":
        items = []
        if not g.chance(0.02):        # a service without ExecStart= fails to load
            items.append(("ExecStart", g.pick(["/bin/true", "/usr/bin/sleep infinity",
                                               "-/usr/sbin/daemon --foreground", "@/bin/sh sh -c true"])))
        if g.chance(0.25):
            items.append(("Type", g.pick(["simple", "notify", "notify", "forking", "exec", "oneshot",
                                           "idle", "bogus"])))
        return items
    if utype == "socket":
        return [("ListenStream", g.pick(["/run/%p.sock", "127.0.0.1:8080", "[::]:99"]))]
    if utype == "mount":
        return [("What", "/dev/disk/by-label/data"), ("Where", "/" + name.rsplit(".", 1)[0].replace("-", "/"))]
    if utype == "swap":
        return [("What", "/" + name.rsplit(".", 1)[0].replace("-", "/"))]
    if utype == "timer":
        return [("OnCalendar", "daily")]
    if utype == "path":
        return [("PathExists", "/run/flag")]
    return []


def unit_type_for(g):
    roll = g.r.random()
    for t, w in [("service", 0.80), ("socket", 0.05), ("mount", 0.04), ("timer", 0.03), ("slice", 0.03),
                 ("swap", 0.015), ("target", 0.01), ("path", 0.01), ("scope", 0.005)]:
        if roll < w:
            return t
        roll -= w
    return "service"


def unit_name(g, utype):
    if utype == "mount":
        return g.pick(["srv-data", "var-lib-app", "mnt"]) + ".mount"
    if utype == "swap":
        return g.pick(["dev-sdb2", "swapfile"]) + ".swap"
    return g.pick(UNIT_PREFIXES) + "." + utype


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def symlink(target, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.lexists(path):
        os.unlink(path)
    os.symlink(target, path)


def dash_prefixes(stem):
    """'a-b-c' (no instance) → ['a-', 'a-b-']"""
    parts = stem.split("-")
    return ["-".join(parts[:i]) + "-" for i in range(1, len(parts))]


def make_case(g, root, n):
    style = g.pick(["random"] * 5 + ["hardened"] * 2 + ["worst", "few", "few"])
    utype = unit_type_for(g)
    name = unit_name(g, utype)
    stem, suffix = name.rsplit(".", 1)
    prefix = stem
    template = None
    analysed = name
    if utype == "service" and g.chance(0.2):
        template = stem + "@." + suffix
        if g.chance(0.3):
            analysed = template                        # analysed as stem@i.service
        else:
            inst = g.pick(INSTANCES)
            if inst == "a-b" and g.chance(0.5):
                inst = "a\\x2db"
            analysed = "%s@%s.%s" % (stem, inst, suffix)
        name = template

    settings = exec_settings(g, style, prefix, template is not None)
    if utype in ("timer", "target", "path"):
        # no exec or cgroup context: the settings are unknown there (warnings only)
        settings = [s for s in settings if g.chance(0.3)]
    elif utype == "slice":
        settings = [s for s in settings if s[1] in CGROUP_KEYS or s[0] == "Unit" or g.chance(0.1)]

    sec = TYPE_SECTION[utype]
    base = base_section_items(g, utype, name)

    # where the fragment lives, and which settings go to drop-ins
    frag_dir = g.pick(UNIT_DIRS[:1] * 3 + UNIT_DIRS[3:5] * 3 + UNIT_DIRS + RARE_DIRS[:1])
    dropin_sets = {}     # (dir, dname) -> {basename: [(tag,key,value)]}
    frag_items = []
    dropin_dnames = [name + ".d"]
    if template and analysed != template:
        dropin_dnames.append(analysed + ".d")
    if "-" in stem and not template:
        dropin_dnames += [p + "." + suffix + ".d" for p in dash_prefixes(stem)]
    if template and "-" in stem:
        dropin_dnames += [p + "." + suffix + ".d" for p in dash_prefixes(stem)]
    dropin_dnames.append(suffix + ".d")        # type-wide
    basenames = ["10-a.conf", "50-override.conf", "override.conf", "zz-last.conf", "00-first.conf"]
    n_dropin_files = g.pick([0, 0, 1, 1, 2, 3, 4]) if style != "few" else g.pick([0, 1])
    places = []
    for _ in range(n_dropin_files):
        d = g.pick(UNIT_DIRS + UNIT_DIRS[:1] * 2 + RARE_DIRS[:2])
        places.append((d, g.pick(dropin_dnames), g.pick(basenames)))
    for item in settings:
        if places and g.chance(0.5):
            dropin_sets.setdefault(g.pick(places), []).append(item)
        else:
            frag_items.append(item)

    def sections_of(items, with_base):
        unit_items = [(k, v) for t, k, v in items if t == "Unit"]
        own = ([(k, v) for k, v in base] if with_base else []) + [(k, v) for t, k, v in items if t == "EXEC"]
        inst = [(k, v) for t, k, v in items if t == "Install"]
        secs = [("Unit", unit_items)]
        if sec != "Unit":
            secs.append((sec, own))
        else:
            secs[0] = ("Unit", unit_items + own)
        if inst:
            secs.append(("Install", inst))
        return secs

    sysroot = os.path.join(root, "root")
    os.makedirs(sysroot, exist_ok=True)
    frag_text = render(g, sections_of(frag_items, True))
    frag_path = os.path.join(sysroot, frag_dir, name)
    # no fragment at all (drop-ins only): a service fails, a slice loads with defaults
    no_fragment = g.chance(0.25 if utype == "slice" else 0.015)
    if not no_fragment:
        write(frag_path, frag_text)

    # a shadowed copy in a lower-priority directory: must be ignored
    if g.chance(0.12):
        lower = [d for d in UNIT_DIRS if UNIT_DIRS.index(d) > UNIT_DIRS.index(frag_dir)] \
            if frag_dir in UNIT_DIRS else UNIT_DIRS[1:]
        if lower:
            bad = "[%s]\n%sUser=00\nPrivateNetwork=yes\nCapabilityBoundingSet=\n" % (
                sec, "ExecStart=/bin/false\n" if utype == "service" else "")
            write(os.path.join(sysroot, g.pick(lower), name), bad)

    # an instance-specific fragment beats the template
    if template and analysed != template and g.chance(0.08):
        write(os.path.join(sysroot, frag_dir, analysed),
              render(g, sections_of(exec_settings(g, "few", prefix), True)))

    for (d, dname, base_name), items in dropin_sets.items():
        text = render(g, sections_of(items, False))
        write(os.path.join(sysroot, d, dname, base_name), text)
    # the same drop-in name in /etc and in /lib: /etc shadows /lib
    if dropin_sets and g.chance(0.25):
        (d, dname, base_name) = g.pick(sorted(dropin_sets))
        other = "lib/systemd/system" if d.startswith("etc") else "etc/systemd/system"
        items = exec_settings(g, "few", prefix, template is not None)
        write(os.path.join(sysroot, other, dname, base_name), render(g, sections_of(items, False)))
    # a drop-in for another unit: must not apply
    if g.chance(0.1):
        write(os.path.join(sysroot, "etc/systemd/system", "other.service.d", "x.conf"),
              "[Service]\nPrivateNetwork=yes\nUser=foo\n")
    # odd drop-in files: not .conf (ignored), masked with /dev/null
    if g.chance(0.05):
        write(os.path.join(sysroot, "etc/systemd/system", name + ".d", "notes.txt"),
              "[%s]\nPrivateNetwork=yes\n" % sec)
    if dropin_sets and g.chance(0.05):
        (d, dname, base_name) = g.pick(sorted(dropin_sets))
        symlink("/dev/null", os.path.join(sysroot, "etc/systemd/system", dname, base_name))

    # aliases: analyse the unit by another name
    if not template and utype not in ("mount", "swap", "scope") and g.chance(0.12):
        alias = g.pick(["alias", "other-name", "dbus-org.example"]) + "." + suffix
        if g.chance(0.7):
            target = os.path.relpath(frag_path, os.path.join(sysroot, "etc/systemd/system"))
            if g.chance(0.5):
                target = "/" + os.path.relpath(frag_path, sysroot)       # absolute, as installed
            symlink(target, os.path.join(sysroot, "etc/systemd/system", alias))
        else:
            symlink(name, os.path.join(sysroot, frag_dir, alias))
        if g.chance(0.4):
            write(os.path.join(sysroot, "etc/systemd/system", alias + ".d", "alias.conf"),
                  render(g, sections_of(exec_settings(g, "few", prefix, False), False)))
        if g.chance(0.7):
            analysed = alias

    # masks: an empty file or /dev/null in a higher-priority directory
    if g.chance(0.03):
        mask = os.path.join(sysroot, "etc/systemd/system.control" if frag_dir.startswith("etc")
                            else "etc/systemd/system", name)
        if g.chance(0.5):
            symlink("/dev/null", mask)
        else:
            write(mask, "")

    args = []
    if g.chance(0.015):
        # systemd 252 cannot build the user search path under --root: it must fail
        args.append("--user")
        write(os.path.join(sysroot, "etc/systemd/user", analysed), frag_text)
    if g.chance(0.05):
        args.append("--threshold=%d" % g.pick([0, 50, 84, 95, 96, 100]))
    if g.chance(0.05):
        policy = {}
        for field in g.r.sample(["PrivateNetwork", "UserOrDynamicUser", "ProtectSystem", "UMask",
                                 "SystemCallFilter_mount",
                                 "CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)",
                                 "CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW",
                                 "DeviceAllow", "NoSuchTest"], 2):
            entry = {}
            if g.chance(0.7):
                entry["weight"] = g.pick([0, 1, 50, 2000, 9999])
            if g.chance(0.3):
                entry["range"] = g.pick([10, 20, 100, 10, 1, 0])
            if g.chance(0.2):
                entry["description_bad"] = "policy text"
            policy[field] = entry
        ppath = os.path.join(root, "policy.json")
        write(ppath, json.dumps(policy))
        args.append("--security-policy=" + ppath)
    return {"n": n, "unit": analysed, "args": args, "style": style, "type": utype}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--count", type=int, default=500)
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else int.from_bytes(os.urandom(4), "little")
    print("seed: %d" % seed, flush=True)
    rng = random.Random(seed)
    g = Gen(rng)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "seed"), "w") as f:
        f.write("%d\n" % seed)
    with open(os.path.join(a.out, "cases.jsonl"), "w") as f:
        for n in range(a.count):
            case = make_case(g, os.path.join(a.out, "%04d" % n), n)
            f.write(json.dumps(case) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
