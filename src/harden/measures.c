/* SPDX-License-Identifier: MIT */
/* The table of hardening measures and the functions that decide each one for a unit. */
#include <ctype.h>
#include <linux/capability.h>
#include <stddef.h>
#include <sys/socket.h>

#include "cap-list.h"
#include "af-list.h"
#include "measures.h"
#include "security-syscall.h"
#include "security-tests.h"
#include "strv.h"

#define CAP(c) (UINT64_C(1) << (c))
#define BOOL_AT(field) offsetof(ExecSettings, field)

static const char *const level_names[_HARDEN_LEVEL_MAX] = {
        [HARDEN_CONSERVATIVE] = "conservative",
        [HARDEN_STANDARD] = "standard",
        [HARDEN_STRICT] = "strict",
};

const char *harden_level_to_string(HardenLevel l) {
        return l >= 0 && l < _HARDEN_LEVEL_MAX ? level_names[l] : NULL;
}

HardenLevel harden_level_from_string(const char *s) {
        for (HardenLevel l = 0; l < _HARDEN_LEVEL_MAX; l++)
                if (streq(s, level_names[l]))
                        return l;
        return _HARDEN_LEVEL_INVALID;
}

static char **one_line(const char *key, const char *value) {
        char **l = NULL;
        strv_consume(&l, xasprintf("%s=%s", key, value));
        return l;
}

/* A directive the unit assigns itself is the unit's decision: never touched. */
static bool unit_decided(const HardenMeasure *m, const HardenContext *c) {
        return harden_facts_sets(c->facts, m->directive);
}

static char **propose_bool(const HardenMeasure *m, const HardenContext *c) {
        if (unit_decided(m, c) || *(const bool *) ((const char *) c->now + m->offset))
                return NULL;
        return one_line(m->directive, "yes");
}

/* RemoveIPC= only means something for a service that does not run as root. */
static char **propose_unprivileged_bool(const HardenMeasure *m, const HardenContext *c) {
        if (c->facts->flags & FACT_PRIVILEGED)
                return NULL;
        return propose_bool(m, c);
}

static bool path_is_plain(const char *p) {
        return strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+@") == strlen(p);
}

static int protect_system_rank(const char *v) {
        static const char *const order[] = { "no", "yes", "full", "strict" };
        for (size_t i = 0; i < ELEMENTSOF(order); i++)
                if (streq(v, order[i]))
                        return (int) i;
        return 0;
}

static bool already_writable(const ExecSettings *s, const char *path) {
        for (size_t i = 0; i < s->read_write_paths.n; i++)
                if (streq(s->read_write_paths.entries[i].path, path))
                        return true;
        return false;
}

/* ProtectSystem=strict comes with the writable paths the unit's facts call for. */
static char **propose_protect_system(const HardenMeasure *m, const HardenContext *c) {
        if (unit_decided(m, c) || (int) c->now->protect_system >= protect_system_rank(m->value))
                return NULL;
        char **l = one_line(m->directive, m->value);
        if (!streq(m->value, "strict"))
                return l;
        STRV_FOREACH(p, c->facts->writable)
                if (path_is_plain(*p) && !already_writable(c->now, *p))
                        strv_consume(&l, xasprintf("ReadWritePaths=-%s", *p));
        if (c->facts->runtime_directory && path_is_plain(c->facts->runtime_directory))
                strv_consume(&l, xasprintf("RuntimeDirectory=%s", c->facts->runtime_directory));
        return l;
}

static int protect_home_rank(ProtectHome h) {
        static const int rank[_PROTECT_HOME_MAX] = {
                [PROTECT_HOME_NO] = 0, [PROTECT_HOME_READ_ONLY] = 1, [PROTECT_HOME_TMPFS] = 2, [PROTECT_HOME_YES] = 3,
        };
        return h >= 0 && h < _PROTECT_HOME_MAX ? rank[h] : 0;
}

static char **propose_protect_home(const HardenMeasure *m, const HardenContext *c) {
        ProtectHome want = streq(m->value, "yes") ? PROTECT_HOME_YES : PROTECT_HOME_READ_ONLY;
        if (unit_decided(m, c) || protect_home_rank(c->now->protect_home) >= protect_home_rank(want))
                return NULL;
        return one_line(m->directive, m->value);
}

static char **propose_protect_proc(const HardenMeasure *m, const HardenContext *c) {
        if (unit_decided(m, c) || c->now->protect_proc != PROTECT_PROC_DEFAULT)
                return NULL;
        return one_line(m->directive, m->value);
}

static char **propose_proc_subset(const HardenMeasure *m, const HardenContext *c) {
        if (unit_decided(m, c) || c->now->proc_subset == PROC_SUBSET_PID)
                return NULL;
        return one_line(m->directive, m->value);
}

static char **propose_keyring(const HardenMeasure *m, const HardenContext *c) {
        if (unit_decided(m, c) || c->now->keyring_mode == KEYRING_PRIVATE)
                return NULL;
        return one_line(m->directive, m->value);
}

/* Adds the bits of the row's mask the umask lacks; bits it has are kept (never weakened). */
static char **propose_umask(const HardenMeasure *m, const HardenContext *c) {
        mode_t want = (mode_t) strtoul(m->value, NULL, 8);
        if (unit_decided(m, c) || (c->now->umask & want) == want)
                return NULL;
        _cleanup_free_ char *v = xasprintf("%04o", (unsigned) (c->now->umask | want));
        return one_line(m->directive, v);
}

static char **propose_architectures(const HardenMeasure *m, const HardenContext *c) {
        if (unit_decided(m, c) || strv_length(c->now->syscall_architectures) > 0)
                return NULL;
        return one_line(m->directive, m->value);
}

static char *caps_to_words(uint64_t caps) {
        _cleanup_strv_free_ char **l = NULL;
        for (int i = 0; i <= CAPABILITY_LAST; i++) {
                if (!(caps & CAP(i)) || !capability_to_name(i))
                        continue;
                char *n = xstrdup(capability_to_name(i));
                for (char *p = n; *p; p++)
                        *p = (char) toupper((unsigned char) *p);
                strv_consume(&l, n);
        }
        return strv_join(l, " ");
}

/* Drops the row's capabilities from the bounding set ("~" form: it only ever removes), except
 * those the unit calls for. A unit with its own allow list has said what it needs. */
static char **propose_caps(const HardenMeasure *m, const HardenContext *c) {
        if (c->facts->caps_allow_list)
                return NULL;
        uint64_t drop = m->caps & c->now->capability_bounding_set & ~c->facts->keep_caps;
        if (drop == 0)
                return NULL;
        _cleanup_free_ char *words = caps_to_words(drop);
        _cleanup_free_ char *v = xasprintf("~%s", words);
        return one_line(m->directive, v);
}

/* The allow list, only where the unit has no system call filter of its own. */
static char **propose_syscall_allow(const HardenMeasure *m, const HardenContext *c) {
        if (unit_decided(m, c) || c->settings->syscall_filter.set)
                return NULL;
        return one_line(m->directive, m->value);
}

/* "~@group" where the filter in force still lets the group through: removes it from our allow
 * list, or adds it to a deny list. An allow list the unit wrote itself is its decision. */
static char **propose_syscall_deny(const HardenMeasure *m, const HardenContext *c) {
        const char *offender = NULL;
        int r = security_syscall_check(&c->now->syscall_filter, m->value, &offender);
        if (r < 0 || r == SECURITY_SYSCALL_ALLOW_OK || r == SECURITY_SYSCALL_DENY_OK)
                return NULL;
        if (c->settings->syscall_filter.set && c->settings->syscall_filter.allow_list)
                return NULL;
        _cleanup_free_ char *v = xasprintf("~%s", m->value);
        return one_line(m->directive, v);
}

static const int af_standard[] = { AF_UNIX, AF_NETLINK, AF_INET, AF_INET6 };

/* With no RestrictAddressFamilies= of the unit's own: an allow list. The strict row leaves out
 * what the facts do not call for (netlink; the network without FACT_NETWORK; AF_UNIX without
 * notify or D-Bus). */
static char **propose_af_allow(const HardenMeasure *m, const HardenContext *c) {
        if (unit_decided(m, c) || c->settings->address_families.set)
                return NULL;
        bool strict = streq(m->value, "strict");
        unsigned f = c->facts->flags;
        _cleanup_strv_free_ char **l = NULL;
        for (size_t i = 0; i < ELEMENTSOF(af_standard); i++) {
                int af = af_standard[i];
                if (strict && (af == AF_NETLINK || ((af == AF_INET || af == AF_INET6) && !(f & FACT_NETWORK)) ||
                               (af == AF_UNIX && !(f & FACT_UNIX_SOCKET))))
                        continue;
                strv_extend(&l, af == AF_UNIX ? "AF_UNIX" : af == AF_NETLINK ? "AF_NETLINK" :
                                af == AF_INET ? "AF_INET" : "AF_INET6");
        }
        _cleanup_free_ char *v = l ? strv_join(l, " ") : xstrdup("none");
        return one_line(m->directive, v);
}

/* "~AF_X" where the families in force still allow it: a deny list grows, our allow list shrinks.
 * An allow list the unit wrote itself is its decision. */
static char **propose_af_deny(const HardenMeasure *m, const HardenContext *c) {
        const AddressFamilies *a = &c->now->address_families;
        const AddressFamilies *own = &c->settings->address_families;
        uint64_t bit = UINT64_C(1) << (streq(m->value, "AF_PACKET") ? AF_PACKET : AF_NETLINK);
        if (own->set && own->allow_list)
                return NULL;
        if (a->set && (a->allow_list ? !(a->families & bit) : !!(a->families & bit)))
                return NULL;
        _cleanup_free_ char *v = xasprintf("~%s", m->value);
        return one_line(m->directive, v);
}

static char **propose_namespaces(const HardenMeasure *m, const HardenContext *c) {
        if (unit_decided(m, c) || c->now->restrict_namespaces == 0)
                return NULL;
        return one_line(m->directive, m->value);
}

/* IPAddressDeny=any: the unit's IPAddressAllow= entries keep working (allow wins). The standard
 * row only fires when the unit has such an allow list, i.e. it said where it may talk to. */
static char **propose_ip_deny(const HardenMeasure *m, const HardenContext *c) {
        if (unit_decided(m, c))
                return NULL;
        if (m->level < HARDEN_STRICT && c->settings->n_ip_address_allow == 0)
                return NULL;
        return one_line(m->directive, m->value);
}

/* Sensitive places a service has no business reading; each dropped when the unit refers to it or
 * its facts say it needs it. */
static const struct {
        const char *path;
        unsigned needed_by; /* HardenFact bits */
} sensitive_paths[] = {
        { "/etc/shadow", FACT_PAM },          { "/etc/shadow-", FACT_PAM },
        { "/etc/gshadow", FACT_PAM },         { "/etc/gshadow-", FACT_PAM },
        { "/etc/sudoers", FACT_SETUID },      { "/etc/sudoers.d", FACT_SETUID },
        { "/etc/ssl/private", FACT_NETWORK }, { "/etc/ssh/ssh_host_rsa_key", FACT_SSH },
        { "/etc/ssh/ssh_host_ecdsa_key", FACT_SSH }, { "/etc/ssh/ssh_host_ed25519_key", FACT_SSH },
        { "/etc/krb5.keytab", FACT_PAM | FACT_NETWORK }, { "/root", FACT_HOME },
};

static char **propose_inaccessible(const HardenMeasure *m, const HardenContext *c) {
        _cleanup_strv_free_ char **l = NULL;
        (void) m;
        for (size_t i = 0; i < ELEMENTSOF(sensitive_paths); i++) {
                if ((c->facts->flags & sensitive_paths[i].needed_by) ||
                    harden_facts_refers_to(c->facts, sensitive_paths[i].path))
                        continue;
                strv_consume(&l, xasprintf("-%s", sensitive_paths[i].path));
        }
        if (!l)
                return NULL;
        _cleanup_free_ char *v = strv_join(l, " ");
        return one_line("InaccessiblePaths", v);
}

#define C HARDEN_CONSERVATIVE
#define S HARDEN_STANDARD
#define X HARDEN_STRICT

const HardenMeasure harden_measures[] = {
        /* File system view */
        { "protect-system-yes", "protect-system", "ProtectSystem", C, false, 0, propose_protect_system, .value = "yes",
          .blocks = "writes to /usr and /boot, where programs and the kernel live",
          .breaks = "daemons that update their own files under /usr (self-updaters, plugin installers)" },
        { "protect-system-full", "protect-system", "ProtectSystem", S, false, 0, propose_protect_system, .value = "full",
          .blocks = "writes to /usr, /boot and /etc: no tampering with programs or configuration",
          .breaks = "daemons that rewrite their configuration or state under /etc (network managers, cups)" },
        { "protect-system-strict", "protect-system", "ProtectSystem", X, true, 0, propose_protect_system, .value = "strict",
          .blocks = "writes anywhere but the listed paths, /dev, /proc and /sys",
          .breaks = "daemons that write to a place not listed here (a spool, a socket or log in an odd directory)" },
        { "protect-home-read-only", "protect-home", "ProtectHome", C, false, FACT_HOME, propose_protect_home, .value = "read-only",
          .blocks = "writes to /home, /root and /run/user",
          .breaks = "daemons that deliver into users' homes (mail delivery to ~/Maildir, file sharing)" },
        { "protect-home-yes", "protect-home", "ProtectHome", S, false, FACT_HOME, propose_protect_home, .value = "yes",
          .blocks = "any access to /home, /root and /run/user",
          .breaks = "daemons that serve or read data under /home (web servers with ~/public_html, backups)" },
        { "private-tmp", NULL, "PrivateTmp", S, false, 0, propose_bool, BOOL_AT(private_tmp),
          .blocks = "reading other programs' files in /tmp and /var/tmp, and /tmp races",
          .breaks = "daemons that talk through sockets or files other programs left in /tmp (X11, some IPC)" },
        { "inaccessible-paths", NULL, "InaccessiblePaths", S, false, 0, propose_inaccessible,
          .blocks = "reading password hashes, sudo rules, private TLS and SSH host keys and /root",
          .breaks = "daemons that authenticate users themselves or terminate TLS with keys kept there" },
        /* Kernel and devices */
        { "private-devices", NULL, "PrivateDevices", S, false, FACT_DEVICES, propose_bool, BOOL_AT(private_devices),
          .blocks = "raw access to disks, memory and hardware devices (a minimal /dev only)",
          .breaks = "daemons that drive hardware (sensors, serial ports, GPUs, disks)" },
        { "private-mounts", NULL, "PrivateMounts", S, false, FACT_NAMESPACES | FACT_DEVICES, propose_bool, BOOL_AT(private_mounts),
          .blocks = "mounts made by the service reaching the host, and host mounts reaching it later",
          .breaks = "daemons that mount file systems for others (automounters, disk managers)" },
        { "protect-kernel-modules", NULL, "ProtectKernelModules", C, false, FACT_MODULES, propose_bool, BOOL_AT(protect_kernel_modules),
          .blocks = "loading kernel modules, the classic rootkit step",
          .breaks = "daemons that load a driver module on start" },
        { "protect-kernel-logs", NULL, "ProtectKernelLogs", C, false, 0, propose_bool, BOOL_AT(protect_kernel_logs),
          .blocks = "reading and clearing the kernel log ring buffer",
          .breaks = "kernel log collectors (klogd-like daemons)" },
        { "protect-kernel-tunables", NULL, "ProtectKernelTunables", S, false, FACT_KERNEL_TUNABLES, propose_bool, BOOL_AT(protect_kernel_tunables),
          .blocks = "changing kernel settings in /proc/sys and /sys",
          .breaks = "daemons that set sysctls themselves (network managers, forwarding routers)" },
        { "protect-control-groups", NULL, "ProtectControlGroups", C, false, FACT_DELEGATE, propose_bool, BOOL_AT(protect_control_groups),
          .blocks = "rewriting the control group tree and its resource limits",
          .breaks = "daemons that manage their own control groups (container managers)" },
        { "protect-clock", NULL, "ProtectClock", C, false, FACT_CLOCK, propose_bool, BOOL_AT(protect_clock),
          .blocks = "setting the system and hardware clocks",
          .breaks = "time synchronisation daemons (NTP, PTP)" },
        { "protect-hostname", NULL, "ProtectHostname", C, false, 0, propose_bool, BOOL_AT(protect_hostname),
          .blocks = "changing the host name and domain name",
          .breaks = "daemons that set the host name (DHCP clients, hostname managers)" },
        { "protect-proc", NULL, "ProtectProc", S, false, FACT_PROCESSES, propose_protect_proc, .value = "invisible",
          .blocks = "seeing other users' processes in /proc",
          .breaks = "monitoring daemons that watch processes of other users" },
        { "proc-subset", NULL, "ProcSubset", X, true, FACT_PROCESSES, propose_proc_subset, .value = "pid",
          .blocks = "reading system-wide kernel information in /proc (only process directories stay)",
          .breaks = "daemons that read /proc/meminfo, /proc/cpuinfo, /proc/loadavg or /proc/net" },
        /* Privileges */
        { "no-new-privileges", NULL, "NoNewPrivileges", S, false, FACT_SETUID, propose_bool, BOOL_AT(no_new_privileges),
          .blocks = "gaining privileges through setuid/setgid programs and file capabilities",
          .breaks = "daemons that run setuid helpers (sendmail's, sudo, ping on old systems)" },
        { "restrict-suid-sgid", NULL, "RestrictSUIDSGID", C, false, FACT_SETUID, propose_bool, BOOL_AT(restrict_suid_sgid),
          .blocks = "creating setuid/setgid files, a way to leave a backdoor",
          .breaks = "package managers and installers that create setuid programs" },
        { "lock-personality", NULL, "LockPersonality", C, false, 0, propose_bool, BOOL_AT(lock_personality),
          .blocks = "switching the execution domain (personality), used to reach old kernel paths",
          .breaks = "emulators that run binaries of other systems" },
        { "restrict-realtime", NULL, "RestrictRealtime", C, false, FACT_REALTIME, propose_bool, BOOL_AT(restrict_realtime),
          .blocks = "realtime scheduling, with which a process can starve the whole system",
          .breaks = "audio and other low-latency daemons" },
        { "memory-deny-write-execute", NULL, "MemoryDenyWriteExecute", S, false, FACT_JIT, propose_bool, BOOL_AT(memory_deny_write_execute),
          .blocks = "memory that is both writable and executable, the usual home of injected code",
          .breaks = "JIT compilers (Java, JavaScript, PCRE JIT, LuaJIT) and some plugin loaders" },
        { "keyring-private", NULL, "KeyringMode", C, false, 0, propose_keyring, .value = "private",
          .blocks = "sharing kernel keyring keys with other services",
          .breaks = "services that expect keys another service put in the user keyring" },
        { "remove-ipc", NULL, "RemoveIPC", C, false, 0, propose_unprivileged_bool, BOOL_AT(remove_ipc),
          .blocks = "System V and POSIX IPC objects left behind after the service stops",
          .breaks = "services whose shared memory must outlive a restart" },
        { "umask-0027", "umask", "UMask", S, false, 0, propose_umask, .value = "0027",
          .blocks = "new files readable or writable by everyone",
          .breaks = "daemons whose files other users must read (public web content, shared sockets)" },
        { "umask-0077", "umask", "UMask", X, true, 0, propose_umask, .value = "0077",
          .blocks = "new files readable by the group",
          .breaks = "daemons whose files the group reads (log files read by adm)" },
        /* Capabilities: one row per kind of power */
        { "caps-rare", NULL, "CapabilityBoundingSet", C, false, 0, propose_caps,
          .caps = CAP(CAP_SYS_BOOT) | CAP(CAP_SYS_PACCT) | CAP(CAP_SYS_TTY_CONFIG) | CAP(CAP_LINUX_IMMUTABLE) |
                  CAP(CAP_BPF) | CAP(CAP_MAC_ADMIN) | CAP(CAP_MAC_OVERRIDE) | CAP(CAP_BLOCK_SUSPEND) | CAP(CAP_LEASE) |
                  CAP(CAP_AUDIT_CONTROL) | CAP(CAP_AUDIT_READ) | CAP(CAP_AUDIT_WRITE) | CAP(CAP_SYS_RAWIO),
          .blocks = "rebooting, process accounting, BPF programs, security module policy, audit rules, raw I/O ports",
          .breaks = "only daemons whose job is one of these (audit daemons, bootloaders, power managers)" },
        { "caps-module", NULL, "CapabilityBoundingSet", C, false, FACT_MODULES, propose_caps, .caps = CAP(CAP_SYS_MODULE),
          .blocks = "loading kernel modules", .breaks = "daemons that load a driver module on start" },
        { "caps-time", NULL, "CapabilityBoundingSet", C, false, FACT_CLOCK, propose_caps,
          .caps = CAP(CAP_SYS_TIME) | CAP(CAP_WAKE_ALARM),
          .blocks = "setting the clock and wake-up alarms", .breaks = "time synchronisation daemons" },
        { "caps-admin", NULL, "CapabilityBoundingSet", S, false, FACT_NAMESPACES | FACT_DEVICES, propose_caps,
          .caps = CAP(CAP_SYS_ADMIN) | CAP(CAP_SYS_PTRACE) | CAP(CAP_MKNOD),
          .blocks = "mounting, namespaces and most administration, tracing other processes, creating device nodes",
          .breaks = "container managers, debuggers, daemons that mount or create devices" },
        { "caps-net-admin", NULL, "CapabilityBoundingSet", S, false, FACT_KERNEL_TUNABLES, propose_caps,
          .caps = CAP(CAP_NET_ADMIN),
          .blocks = "reconfiguring interfaces, routes and firewall rules",
          .breaks = "network managers, VPN and routing daemons" },
        { "caps-resources", NULL, "CapabilityBoundingSet", S, false, FACT_REALTIME, propose_caps,
          .caps = CAP(CAP_SYS_NICE) | CAP(CAP_SYS_RESOURCE) | CAP(CAP_IPC_LOCK) | CAP(CAP_SYSLOG),
          .blocks = "raising priorities and resource limits, locking memory, reading the kernel log",
          .breaks = "daemons that raise their own limits (open files) or lock keys in memory" },
        { "caps-chroot", NULL, "CapabilityBoundingSet", S, false, FACT_SSH | FACT_NAMESPACES, propose_caps,
          .caps = CAP(CAP_SYS_CHROOT),
          .blocks = "chroot(), a step in some escapes", .breaks = "daemons that chroot themselves (sshd, ftp, bind)" },
        { "caps-kill", NULL, "CapabilityBoundingSet", X, true, 0, propose_caps, .caps = CAP(CAP_KILL),
          .blocks = "signalling processes of other users",
          .breaks = "daemons that signal children running under other accounts" },
        { "caps-identity", NULL, "CapabilityBoundingSet", X, true, FACT_PAM | FACT_SETUID, propose_caps,
          .caps = CAP(CAP_SETUID) | CAP(CAP_SETGID) | CAP(CAP_SETPCAP),
          .blocks = "changing user and group identity or capabilities",
          .breaks = "root daemons that drop to another user themselves (most classic daemons)" },
        { "caps-files", NULL, "CapabilityBoundingSet", X, true, FACT_PAM | FACT_SETUID, propose_caps,
          .caps = CAP(CAP_DAC_OVERRIDE) | CAP(CAP_DAC_READ_SEARCH) | CAP(CAP_FOWNER) | CAP(CAP_IPC_OWNER) |
                  CAP(CAP_CHOWN) | CAP(CAP_FSETID) | CAP(CAP_SETFCAP),
          .blocks = "overriding file permissions and changing ownership of any file",
          .breaks = "root daemons that read files of other accounts or chown their data" },
        { "caps-net", NULL, "CapabilityBoundingSet", X, true, FACT_NETWORK, propose_caps,
          .caps = CAP(CAP_NET_BIND_SERVICE) | CAP(CAP_NET_BROADCAST) | CAP(CAP_NET_RAW),
          .blocks = "binding ports below 1024 and raw sockets",
          .breaks = "root daemons listening on a low port, ping-like tools" },
        /* Namespaces, system calls, network */
        { "restrict-namespaces", NULL, "RestrictNamespaces", S, false, FACT_NAMESPACES, propose_namespaces, .value = "yes",
          .blocks = "creating namespaces, a large kernel attack surface (user namespaces above all)",
          .breaks = "container tools and browsers with their own sandbox" },
        { "syscall-architectures", NULL, "SystemCallArchitectures", C, false, 0, propose_architectures, .value = "native",
          .blocks = "system calls through the 32-bit and other non-native entry points",
          .breaks = "32-bit programs run on a 64-bit system" },
        { "syscall-filter", NULL, "SystemCallFilter", S, false, FACT_MODULES | FACT_CLOCK | FACT_NAMESPACES | FACT_DEVICES,
          propose_syscall_allow, .value = "@system-service",
          .blocks = "every system call an ordinary service does not need (mount, modules, swap, reboot, raw I/O, debug ...)",
          .breaks = "daemons that need an unusual system call; they are killed when they make it" },
        { "syscall-mount", NULL, "SystemCallFilter", S, false, FACT_NAMESPACES | FACT_DEVICES, propose_syscall_deny, .value = "@mount",
          .blocks = "mounting and changing the mount table", .breaks = "daemons that mount file systems" },
        { "syscall-module", NULL, "SystemCallFilter", C, false, FACT_MODULES, propose_syscall_deny, .value = "@module",
          .blocks = "loading kernel modules", .breaks = "daemons that load a driver module" },
        { "syscall-reboot", NULL, "SystemCallFilter", C, false, 0, propose_syscall_deny, .value = "@reboot",
          .blocks = "rebooting and kexec", .breaks = "power managers" },
        { "syscall-swap", NULL, "SystemCallFilter", C, false, 0, propose_syscall_deny, .value = "@swap",
          .blocks = "turning swap on and off", .breaks = "swap managers" },
        { "syscall-raw-io", NULL, "SystemCallFilter", S, false, FACT_DEVICES, propose_syscall_deny, .value = "@raw-io",
          .blocks = "raw I/O port and PCI access", .breaks = "hardware daemons and X servers" },
        { "syscall-clock", NULL, "SystemCallFilter", S, false, FACT_CLOCK, propose_syscall_deny, .value = "@clock",
          .blocks = "setting the clock", .breaks = "time synchronisation daemons" },
        { "syscall-debug", NULL, "SystemCallFilter", S, false, 0, propose_syscall_deny, .value = "@debug",
          .blocks = "ptrace and performance counters", .breaks = "debuggers and profilers" },
        { "syscall-obsolete", NULL, "SystemCallFilter", S, false, 0, propose_syscall_deny, .value = "@obsolete",
          .blocks = "obsolete system calls nobody should call", .breaks = "very old binaries" },
        { "syscall-cpu-emulation", NULL, "SystemCallFilter", S, false, 0, propose_syscall_deny, .value = "@cpu-emulation",
          .blocks = "CPU emulation calls (vm86, modify_ldt)", .breaks = "DOS and 16-bit emulators" },
        { "syscall-privileged", NULL, "SystemCallFilter", X, true, FACT_PAM | FACT_SETUID | FACT_NAMESPACES, propose_syscall_deny,
          .value = "@privileged",
          .blocks = "privileged system calls (chown, setuid, chroot, capset ...)",
          .breaks = "root daemons that change identity or ownership themselves" },
        { "syscall-resources", NULL, "SystemCallFilter", X, true, FACT_REALTIME, propose_syscall_deny, .value = "@resources",
          .blocks = "changing priorities, limits and CPU/memory placement",
          .breaks = "daemons that renice themselves or raise their own limits" },
        { "af-standard", "af", "RestrictAddressFamilies", S, false, 0, propose_af_allow, .value = "standard",
          .blocks = "socket families other than local, netlink and Internet (packet, bluetooth, can ...)",
          .breaks = "daemons that sniff packets or speak an unusual protocol (DHCP servers, bluetooth)" },
        { "af-strict", "af", "RestrictAddressFamilies", X, true, 0, propose_af_allow, .value = "strict",
          .blocks = "every socket family the unit's facts do not call for",
          .breaks = "daemons that use the network, netlink (interface lists) or syslog()'s local socket" },
        { "af-packet", NULL, "RestrictAddressFamilies", C, false, 0, propose_af_deny, .value = "AF_PACKET",
          .blocks = "raw packet sockets (sniffing, spoofing)", .breaks = "DHCP servers, network monitors" },
        { "ip-deny-allow-list", "ip-deny", "IPAddressDeny", S, false, 0, propose_ip_deny, .value = "any",
          .blocks = "IP traffic to anything but the unit's own IPAddressAllow= list",
          .breaks = "nothing the unit's allow list does not already rule out" },
        { "ip-deny", "ip-deny", "IPAddressDeny", X, true, FACT_NETWORK, propose_ip_deny, .value = "any",
          .blocks = "all IP traffic", .breaks = "any daemon that talks over the network, even to localhost" },
        { "private-network", NULL, "PrivateNetwork", X, true, FACT_NETWORK, propose_bool, BOOL_AT(private_network),
          .blocks = "the host's network: only a private loopback interface remains",
          .breaks = "any daemon that talks over the network" },
        { "private-users", NULL, "PrivateUsers", X, true, FACT_NAMESPACES, propose_bool, BOOL_AT(private_users),
          .blocks = "seeing the host's users; root inside has no power outside",
          .breaks = "daemons that change ownership of files or run as several users" },
};

#undef C
#undef S
#undef X

const size_t harden_measures_count = ELEMENTSOF(harden_measures);

bool harden_measure_allowed(const HardenMeasure *m, HardenLevel level, const HardenFacts *f) {
        if (m->level > level || (m->needs_check && level < HARDEN_STRICT))
                return false;
        return !(m->vetoes & f->flags);
}
