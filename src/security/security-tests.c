/* SPDX-License-Identifier: MIT */
#include <assert.h>
#include <linux/capability.h>
#include <sched.h>
#include <stddef.h>
#include <sys/socket.h>

#include "security-syscall.h"
#include "strv.h"
#include "security-tests.h"

#define FIELD_BOOL(s, off) (*(const bool *) ((const char *) (s) + (off)))
#define CAP(c) (UINT64_C(1) << (c))

/* A verdict whose text (if any) is formatted for this unit: owned. */
static void verdict(SecurityVerdict *ret, uint64_t badness, char *description) {
        *ret = (SecurityVerdict) { .badness = badness, .text = description, .owned_text = description };
}

/* A verdict with a fixed text. */
static void verdict_static(SecurityVerdict *ret, uint64_t badness, const char *text) {
        *ret = (SecurityVerdict) { .badness = badness, .text = text };
}

static bool user_is_root(const char *user) {
        return streq_ptr(user, "root") || streq_ptr(user, "0");
}

/* The user a DynamicUser= unit runs as when User= is unset: the unit name prefix. */
static char *effective_user(const SecurityInput *in) {
        const ExecSettings *s = in->settings;
        if (s->user || !s->dynamic_user || !in->unit_id)
                return s->user ? xstrdup(s->user) : NULL;
        size_t n = strcspn(in->unit_id, "@.");
        return xstrndup(in->unit_id, n);
}

bool security_runs_privileged(const SecurityInput *in) {
        _cleanup_free_ char *user = effective_user(in);
        if (user_is_root(user))
                return true;
        if (in->settings->dynamic_user)
                return false;
        return isempty(user);
}

static void rule_user(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        _cleanup_free_ char *user = effective_user(in);
        (void) t;
        if (streq_ptr(user, "nobody"))
                verdict_static(ret, 9, "runs as the shared 'nobody' account, which services should not use");
        else if (in->settings->dynamic_user && !user_is_root(user))
                verdict(ret, 0, xasprintf("runs as a transient dynamic user ('%s')", strempty(user)));
        else if (!isempty(user) && !user_is_root(user))
                verdict(ret, 0, xasprintf("runs as the non-root account '%s'", user));
        else
                verdict(ret, 10, NULL);
}

/* 0 when the bool field at param is on. */
static void rule_bool(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        verdict(ret, FIELD_BOOL(in->settings, t->param) ? 0 : 1, NULL);
}

/* Inverted: 1 when the bool field at param is on. */
static void rule_bool_bad(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        verdict(ret, FIELD_BOOL(in->settings, t->param) ? 1 : 0, NULL);
}

/* N/A when privileged, else like rule_bool. */
static void rule_unprivileged_bool(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        if (security_runs_privileged(in))
                verdict(ret, SECURITY_BADNESS_NA, NULL);
        else
                rule_bool(t, in, ret);
}

static void rule_supplementary_groups(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        (void) t;
        if (security_runs_privileged(in))
                verdict(ret, SECURITY_BADNESS_NA, NULL);
        else
                verdict(ret, strv_length(in->settings->supplementary_groups) > 0 ? 1 : 0, NULL);
}

static void rule_protect_home(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        static const struct { uint64_t b; const char *text; } map[_PROTECT_HOME_MAX] = {
                [PROTECT_HOME_NO] = { 10, "home directories are fully readable and writable" },
                [PROTECT_HOME_YES] = { 0, "home directories are hidden from the service" },
                [PROTECT_HOME_READ_ONLY] = { 5, "home directories can be read but not written" },
                [PROTECT_HOME_TMPFS] = { 1, "home directories are replaced by empty stand-ins" },
        };
        ProtectHome h = in->settings->protect_home;
        (void) t;
        if (h < 0 || h >= _PROTECT_HOME_MAX)
                h = PROTECT_HOME_NO;
        verdict_static(ret, map[h].b, map[h].text);
}

static void rule_protect_system(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        static const struct { uint64_t b; const char *text; } map[_PROTECT_SYSTEM_MAX] = {
                [PROTECT_SYSTEM_NO] = { 10, "the OS tree (/usr, /boot, /etc) is writable without restriction" },
                [PROTECT_SYSTEM_YES] = { 5, "/usr and /boot are read-only, /etc stays writable" },
                [PROTECT_SYSTEM_FULL] = { 3, "/usr, /boot and /etc are read-only, the rest stays writable" },
                [PROTECT_SYSTEM_STRICT] = { 0, "the whole OS tree is read-only" },
        };
        ProtectSystem p = in->settings->protect_system;
        (void) t;
        if (p < 0 || p >= _PROTECT_SYSTEM_MAX)
                p = PROTECT_SYSTEM_NO;
        verdict_static(ret, map[p].b, map[p].text);
}

static void rule_root_directory(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        const ExecSettings *s = in->settings;
        bool own = (!isempty(s->root_directory) && !streq(s->root_directory, "/")) ||
                   (!isempty(s->root_image) && !streq(s->root_image, "/"));
        (void) t;
        verdict(ret, own ? 0 : 1, NULL);
}

/* 1 when any capability of the mask is in the bounding set. */
static void rule_capability(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        verdict(ret, (in->settings->capability_bounding_set & t->param) ? 1 : 0, NULL);
}

static void rule_ambient(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        (void) t;
        verdict(ret, in->settings->ambient_capabilities ? 1 : 0, NULL);
}

static void rule_umask(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        static const struct { mode_t bit; uint64_t b; const char *text; } steps[] = {
                { 0002, 10, "new files are writable by everyone (umask %04o)" },
                { 0004, 5, "new files are readable by everyone (umask %04o)" },
                { 0020, 2, "new files are writable by the group (umask %04o)" },
                { 0040, 1, "new files are readable by the group (umask %04o)" },
        };
        mode_t m = in->settings->umask;
        (void) t;
        for (size_t i = 0; i < ELEMENTSOF(steps); i++)
                if (!(m & steps[i].bit))
                        return verdict(ret, steps[i].b, xasprintf(steps[i].text, (unsigned) m));
        verdict(ret, 0, xasprintf("new files are private to the owning user (umask %04o)", (unsigned) m));
}

static void rule_keyring(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        (void) t;
        verdict(ret, in->settings->keyring_mode == KEYRING_PRIVATE ? 0 : 1, NULL);
}

static void rule_protect_proc(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        ProtectProc p = in->settings->protect_proc;
        (void) t;
        if (p == PROTECT_PROC_INVISIBLE || p == PROTECT_PROC_PTRACEABLE)
                verdict(ret, 0, NULL);
        else if (p == PROTECT_PROC_NOACCESS)
                verdict_static(ret, 1, "other users' processes are listed in /proc but not accessible");
        else
                verdict(ret, 3, NULL);
}

static void rule_proc_subset(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        (void) t;
        verdict(ret, in->settings->proc_subset == PROC_SUBSET_PID ? 0 : 1, NULL);
}

static void rule_notify_access(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        (void) t;
        verdict(ret, in->settings->notify_access == NOTIFY_ALL ? 1 : 0, NULL);
}

/* 1 while the namespace type (CLONE_NEW* in param) may still be created. */
static void rule_namespace(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        verdict(ret, (in->settings->restrict_namespaces & t->param) ? 1 : 0, NULL);
}

enum { AF_CLASS_INET, AF_CLASS_UNIX, AF_CLASS_NETLINK, AF_CLASS_PACKET, AF_CLASS_OTHER };

static unsigned af_class(unsigned family) {
        switch (family) {
        case AF_INET:
        case AF_INET6:
                return AF_CLASS_INET;
        case AF_UNIX:
                return AF_CLASS_UNIX;
        case AF_NETLINK:
                return AF_CLASS_NETLINK;
        case AF_PACKET:
                return AF_CLASS_PACKET;
        default:
                return AF_CLASS_OTHER;
        }
}

/* Spec §2.4: a class passes when the allow list leaves it out or the deny list names it. */
static void rule_address_family(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        const AddressFamilies *a = &in->settings->address_families;
        bool pass = a->allow_list;
        for (unsigned f = 0; f < 64; f++)
                if ((a->families & (UINT64_C(1) << f)) && af_class(f) == t->param)
                        pass = !a->allow_list;
        verdict(ret, pass ? 0 : 1, NULL);
}

static void rule_architectures(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        char **a = in->settings->syscall_architectures;
        (void) t;
        if (strv_length(a) == 0)
                verdict_static(ret, 10, "system calls may use any ABI the kernel offers");
        else if (strv_length(a) == 1 && streq(a[0], "native"))
                verdict_static(ret, 0, "system calls are limited to the native ABI");
        else {
                _cleanup_free_ char *list = strv_join(a, " ");
                verdict(ret, 8, xasprintf("system calls may use several ABIs (%s)", list));
        }
}

/* The texts of a group's verdicts that do not name a syscall, made once per test. */
static const char *group_text(const SecurityTest *t, unsigned variant) {
        static const char *const fmt[] = { "the allow list keeps %s out", "the deny list blocks all of %s",
                                           "system calls are not filtered, %s is available" };
        static char *cache[SECURITY_TESTS_MAX][ELEMENTSOF(fmt)];
        size_t i = (size_t) (t - security_tests);
        assert(i < SECURITY_TESTS_MAX && variant < ELEMENTSOF(fmt));
        if (!cache[i][variant])
                cache[i][variant] = xasprintf(fmt[variant], t->group);
        return cache[i][variant];
}

static void rule_syscall_group(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        const char *group = t->group, *o = NULL;
        int r = security_syscall_check(&in->settings->syscall_filter, group, &o);
        switch (r) {
        case SECURITY_SYSCALL_ALLOW_LEAKS:
                return verdict(ret, 9, xasprintf("the allow list lets %s through ('%s')", group, o));
        case SECURITY_SYSCALL_ALLOW_OK:
                return verdict_static(ret, 0, group_text(t, 0));
        case SECURITY_SYSCALL_DENY_LEAKS:
                return verdict(ret, 10, xasprintf("the deny list misses part of %s ('%s')", group, o));
        case SECURITY_SYSCALL_DENY_OK:
                return verdict_static(ret, 0, group_text(t, 1));
        default:
                return verdict_static(ret, 10, group_text(t, 2));
        }
}

static bool prefix_is_any(const IPAddressPrefix *p, int family) {
        return p->family == family && p->prefixlen == 0;
}

/* Offline: judged on the masked address whatever the prefix (127.0.0.0/8, or exactly ::1). */
static bool prefix_is_localhost(const IPAddressPrefix *p) {
        static const uint8_t loopback6[16] = { [15] = 1 };
        if (p->family == AF_INET)
                return p->address[0] == 127;
        return p->family == AF_INET6 && memcmp(p->address, loopback6, 16) == 0;
}

static void rule_ip_address_deny(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        const ExecSettings *s = in->settings;
        bool any4 = false, any6 = false, allow_other = false;
        (void) t;
        if (s->ip_filter_path_set)
                return verdict_static(ret, 0, "custom BPF programs filter IP traffic");
        for (size_t i = 0; i < s->n_ip_address_deny; i++) {
                any4 = any4 || prefix_is_any(&s->ip_address_deny[i], AF_INET);
                any6 = any6 || prefix_is_any(&s->ip_address_deny[i], AF_INET6);
        }
        if (!any4 || !any6)
                return verdict_static(ret, 10, "IP traffic is not denied by default (no IPAddressDeny=any)");
        for (size_t i = 0; i < s->n_ip_address_allow; i++)
                allow_other = allow_other || !prefix_is_localhost(&s->ip_address_allow[i]);
        if (allow_other)
                verdict_static(ret, 5, "IP traffic is denied except to allowed addresses beyond localhost");
        else if (s->n_ip_address_allow > 0)
                verdict_static(ret, 2, "IP traffic is denied except to localhost");
        else
                verdict_static(ret, 0, "all IP traffic is denied");
}

static char *device_allow_list(const ExecSettings *s) {
        _cleanup_strv_free_ char **l = NULL;
        for (size_t i = 0; i < s->n_device_allow; i++) {
                unsigned p = s->device_allow[i].permissions;
                strv_consume(&l, xasprintf("%s:%s%s%s", strempty(s->device_allow[i].path),
                                           p & CGROUP_DEVICE_READ ? "r" : "", p & CGROUP_DEVICE_WRITE ? "w" : "",
                                           p & CGROUP_DEVICE_MKNOD ? "m" : ""));
        }
        return strv_join(l, " ");
}

static void rule_device_allow(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret) {
        const ExecSettings *s = in->settings;
        (void) t;
        if (s->device_policy != CGROUP_DEVICE_POLICY_STRICT && s->device_policy != CGROUP_DEVICE_POLICY_CLOSED)
                return verdict_static(ret, 10, "device access is not limited by a device policy");
        if (s->n_device_allow == 0)
                return verdict_static(ret, 0, "device access is limited to the basic pseudo devices");
        _cleanup_free_ char *list = device_allow_list(s);
        verdict(ret, 5, xasprintf("device access is limited, but these are allowed: %s", list));
}

#define B(field) .rule = rule_bool, .param = offsetof(ExecSettings, field)
#define CAPS(mask) .rule = rule_capability, .param = (mask)
#define NS(flag) .rule = rule_namespace, .param = (flag)
#define AFC(c) .rule = rule_address_family, .param = (c)
#define SCF(g) .rule = rule_syscall_group, .group = (g), .directive = "SystemCallFilter"

const SecurityTest security_tests[SECURITY_TESTS_MAX] = {
        { "User=/DynamicUser=", "UserOrDynamicUser", 2000, 10, .rule = rule_user, .directive = "User",
          .description_bad = "runs as root" },
        { "SupplementaryGroups=", "SupplementaryGroups", 200, 1, .rule = rule_supplementary_groups,
          .directive = "SupplementaryGroups", .description_good = "no supplementary groups",
          .description_bad = "supplementary groups are configured",
          .description_na = "runs as root, supplementary groups do not matter" },
        { "PrivateDevices=", "PrivateDevices", 1000, 1, B(private_devices), .directive = "PrivateDevices",
          .description_good = "hardware device nodes are hidden",
          .description_bad = "hardware device nodes may be reachable" },
        { "PrivateMounts=", "PrivateMounts", 1000, 1, B(private_mounts), .directive = "PrivateMounts",
          .description_good = "mounts stay in a private namespace",
          .description_bad = "mounts may propagate to the host" },
        { "PrivateNetwork=", "PrivateNetwork", 2500, 1, B(private_network), .directive = "PrivateNetwork",
          .description_good = "isolated from the host network",
          .description_bad = "shares the host network" },
        { "PrivateTmp=", "PrivateTmp", 1000, 1, true, B(private_tmp), .directive = "PrivateTmp",
          .description_good = "has a private /tmp, other programs' files are hidden",
          .description_bad = "shares /tmp with other programs" },
        { "PrivateUsers=", "PrivateUsers", 1000, 1, B(private_users), .directive = "PrivateUsers",
          .description_good = "other user accounts are not visible",
          .description_bad = "other user accounts are visible" },
        { "ProtectControlGroups=", "ProtectControlGroups", 1000, 1, B(protect_control_groups),
          .directive = "ProtectControlGroups", .description_good = "the cgroup tree is read-only",
          .description_bad = "the cgroup tree is writable" },
        { "ProtectKernelModules=", "ProtectKernelModules", 1000, 1, B(protect_kernel_modules),
          .directive = "ProtectKernelModules", .description_good = "kernel modules can be neither loaded nor read",
          .description_bad = "kernel modules can be loaded or read" },
        { "ProtectKernelTunables=", "ProtectKernelTunables", 1000, 1, B(protect_kernel_tunables),
          .directive = "ProtectKernelTunables", .description_good = "kernel tunables (/proc/sys, /sys) are read-only",
          .description_bad = "kernel tunables (/proc/sys, /sys) are writable" },
        { "ProtectKernelLogs=", "ProtectKernelLogs", 1000, 1, B(protect_kernel_logs),
          .directive = "ProtectKernelLogs", .description_good = "the kernel log buffer is out of reach",
          .description_bad = "the kernel log buffer can be read and written" },
        { "ProtectClock=", "ProtectClock", 1000, 1, B(protect_clock), .directive = "ProtectClock",
          .description_good = "system and hardware clocks are write-protected",
          .description_bad = "system and hardware clocks can be set" },
        { "ProtectHome=", "ProtectHome", 1000, 10, true, .rule = rule_protect_home, .directive = "ProtectHome" },
        { "ProtectHostname=", "ProtectHostname", 50, 1, B(protect_hostname), .directive = "ProtectHostname",
          .description_good = "host and domain name cannot be changed",
          .description_bad = "host and domain name can be changed" },
        { "ProtectSystem=", "ProtectSystem", 1000, 10, true, .rule = rule_protect_system,
          .directive = "ProtectSystem" },
        { "RootDirectory=/RootImage=", "RootDirectoryOrRootImage", 200, 1, true, .rule = rule_root_directory,
          .directive = "RootDirectory", .description_good = "runs in its own root directory or image",
          .description_bad = "runs in the host's root file system" },
        { "LockPersonality=", "LockPersonality", 100, 1, B(lock_personality), .directive = "LockPersonality",
          .description_good = "the execution domain (personality) is locked",
          .description_bad = "the execution domain (personality) can be switched" },
        { "MemoryDenyWriteExecute=", "MemoryDenyWriteExecute", 100, 1, B(memory_deny_write_execute),
          .directive = "MemoryDenyWriteExecute", .description_good = "writable+executable memory is refused",
          .description_bad = "writable+executable memory is allowed" },
        { "NoNewPrivileges=", "NoNewPrivileges", 1000, 1, B(no_new_privileges), .directive = "NoNewPrivileges",
          .description_good = "exec cannot gain privileges (setuid, file capabilities)",
          .description_bad = "exec can gain privileges (setuid, file capabilities)" },
        { "CapabilityBoundingSet=~CAP_SYS_ADMIN", "CapabilityBoundingSet_CAP_SYS_ADMIN", 1500, 1,
          CAPS(CAP(CAP_SYS_ADMIN)), .directive = "CapabilityBoundingSet",
          .description_good = "no CAP_SYS_ADMIN (system administration)",
          .description_bad = "holds CAP_SYS_ADMIN (system administration)" },
        { "CapabilityBoundingSet=~CAP_SET(UID|GID|PCAP)", "CapabilityBoundingSet_CAP_SET_UID_GID_PCAP", 1500, 1,
          CAPS(CAP(CAP_SETUID) | CAP(CAP_SETGID) | CAP(CAP_SETPCAP)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot change UID, GID or capabilities",
          .description_bad = "may change UID, GID or capabilities (CAP_SETUID/SETGID/SETPCAP)" },
        { "CapabilityBoundingSet=~CAP_SYS_PTRACE", "CapabilityBoundingSet_CAP_SYS_PTRACE", 1500, 1,
          CAPS(CAP(CAP_SYS_PTRACE)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot trace other processes",
          .description_bad = "may trace other processes (CAP_SYS_PTRACE)" },
        { "CapabilityBoundingSet=~CAP_SYS_TIME", "CapabilityBoundingSet_CAP_SYS_TIME", 1000, 1,
          CAPS(CAP(CAP_SYS_TIME)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot set the system time",
          .description_bad = "may set the system time (CAP_SYS_TIME)" },
        { "CapabilityBoundingSet=~CAP_NET_ADMIN", "CapabilityBoundingSet_CAP_NET_ADMIN", 1000, 1,
          CAPS(CAP(CAP_NET_ADMIN)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot reconfigure networking",
          .description_bad = "may reconfigure networking (CAP_NET_ADMIN)" },
        { "CapabilityBoundingSet=~CAP_SYS_RAWIO", "CapabilityBoundingSet_CAP_SYS_RAWIO", 1000, 1,
          CAPS(CAP(CAP_SYS_RAWIO)), .directive = "CapabilityBoundingSet",
          .description_good = "no raw I/O access",
          .description_bad = "may do raw I/O (CAP_SYS_RAWIO)" },
        { "CapabilityBoundingSet=~CAP_SYS_MODULE", "CapabilityBoundingSet_CAP_SYS_MODULE", 1000, 1,
          CAPS(CAP(CAP_SYS_MODULE)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot load kernel modules",
          .description_bad = "may load kernel modules (CAP_SYS_MODULE)" },
        { "CapabilityBoundingSet=~CAP_AUDIT_*", "CapabilityBoundingSet_CAP_AUDIT", 500, 1,
          CAPS(CAP(CAP_AUDIT_CONTROL) | CAP(CAP_AUDIT_READ) | CAP(CAP_AUDIT_WRITE)),
          .directive = "CapabilityBoundingSet", .description_good = "no access to the audit subsystem",
          .description_bad = "may use the audit subsystem (CAP_AUDIT_*)" },
        { "CapabilityBoundingSet=~CAP_SYSLOG", "CapabilityBoundingSet_CAP_SYSLOG", 500, 1,
          CAPS(CAP(CAP_SYSLOG)), .directive = "CapabilityBoundingSet",
          .description_good = "no kernel log privileges",
          .description_bad = "holds kernel log privileges (CAP_SYSLOG)" },
        { "CapabilityBoundingSet=~CAP_SYS_(NICE|RESOURCE)", "CapabilityBoundingSet_CAP_SYS_NICE_RESOURCE", 500, 1,
          CAPS(CAP(CAP_SYS_NICE) | CAP(CAP_SYS_RESOURCE)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot raise priorities or resource limits",
          .description_bad = "may raise priorities or resource limits (CAP_SYS_NICE/RESOURCE)" },
        { "CapabilityBoundingSet=~CAP_MKNOD", "CapabilityBoundingSet_CAP_MKNOD", 500, 1,
          CAPS(CAP(CAP_MKNOD)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot create device nodes",
          .description_bad = "may create device nodes (CAP_MKNOD)" },
        { "CapabilityBoundingSet=~CAP_(CHOWN|FSETID|SETFCAP)", "CapabilityBoundingSet_CAP_CHOWN_FSETID_SETFCAP",
          1000, 1, CAPS(CAP(CAP_CHOWN) | CAP(CAP_FSETID) | CAP(CAP_SETFCAP)),
          .directive = "CapabilityBoundingSet",
          .description_good = "cannot change file owners, setuid bits or file capabilities freely",
          .description_bad = "may change file owners, setuid bits or file capabilities (CAP_CHOWN/FSETID/SETFCAP)" },
        { "CapabilityBoundingSet=~CAP_(DAC_*|FOWNER|IPC_OWNER)", "CapabilityBoundingSet_CAP_DAC_FOWNER_IPC_OWNER",
          1000, 1,
          CAPS(CAP(CAP_DAC_OVERRIDE) | CAP(CAP_DAC_READ_SEARCH) | CAP(CAP_FOWNER) | CAP(CAP_IPC_OWNER)),
          .directive = "CapabilityBoundingSet", .description_good = "file and IPC permission checks apply",
          .description_bad = "may bypass file and IPC permission checks (CAP_DAC_*/FOWNER/IPC_OWNER)" },
        { "CapabilityBoundingSet=~CAP_KILL", "CapabilityBoundingSet_CAP_KILL", 500, 1, CAPS(CAP(CAP_KILL)),
          .directive = "CapabilityBoundingSet", .description_good = "cannot signal other users' processes",
          .description_bad = "may signal any process (CAP_KILL)" },
        { "CapabilityBoundingSet=~CAP_NET_(BIND_SERVICE|BROADCAST|RAW)",
          "CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)", 500, 1,
          CAPS(CAP(CAP_NET_BIND_SERVICE) | CAP(CAP_NET_BROADCAST) | CAP(CAP_NET_RAW)),
          .directive = "CapabilityBoundingSet",
          .description_good = "no privileged ports, broadcasting or raw sockets",
          .description_bad = "may bind privileged ports, broadcast or open raw sockets (CAP_NET_*)" },
        { "CapabilityBoundingSet=~CAP_SYS_BOOT", "CapabilityBoundingSet_CAP_SYS_BOOT", 100, 1,
          CAPS(CAP(CAP_SYS_BOOT)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot reboot the machine", .description_bad = "may reboot the machine (CAP_SYS_BOOT)" },
        { "CapabilityBoundingSet=~CAP_MAC_*", "CapabilityBoundingSet_CAP_MAC", 100, 1,
          CAPS(CAP(CAP_MAC_ADMIN) | CAP(CAP_MAC_OVERRIDE)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot change or bypass MAC policy",
          .description_bad = "may change or bypass MAC policy (CAP_MAC_*)" },
        { "CapabilityBoundingSet=~CAP_LINUX_IMMUTABLE", "CapabilityBoundingSet_CAP_LINUX_IMMUTABLE", 75, 1,
          CAPS(CAP(CAP_LINUX_IMMUTABLE)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot set the immutable file flag",
          .description_bad = "may set the immutable file flag (CAP_LINUX_IMMUTABLE)" },
        { "CapabilityBoundingSet=~CAP_IPC_LOCK", "CapabilityBoundingSet_CAP_IPC_LOCK", 50, 1,
          CAPS(CAP(CAP_IPC_LOCK)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot pin memory in RAM", .description_bad = "may pin memory in RAM (CAP_IPC_LOCK)" },
        { "CapabilityBoundingSet=~CAP_SYS_CHROOT", "CapabilityBoundingSet_CAP_SYS_CHROOT", 50, 1,
          CAPS(CAP(CAP_SYS_CHROOT)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot chroot", .description_bad = "may chroot (CAP_SYS_CHROOT)" },
        { "CapabilityBoundingSet=~CAP_BLOCK_SUSPEND", "CapabilityBoundingSet_CAP_BLOCK_SUSPEND", 25, 1,
          CAPS(CAP(CAP_BLOCK_SUSPEND)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot block system suspend",
          .description_bad = "may block system suspend (CAP_BLOCK_SUSPEND)" },
        { "CapabilityBoundingSet=~CAP_WAKE_ALARM", "CapabilityBoundingSet_CAP_WAKE_ALARM", 25, 1,
          CAPS(CAP(CAP_WAKE_ALARM)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot program wake-up alarms",
          .description_bad = "may program wake-up alarms (CAP_WAKE_ALARM)" },
        { "CapabilityBoundingSet=~CAP_LEASE", "CapabilityBoundingSet_CAP_LEASE", 25, 1, CAPS(CAP(CAP_LEASE)),
          .directive = "CapabilityBoundingSet", .description_good = "cannot take file leases",
          .description_bad = "may take file leases (CAP_LEASE)" },
        { "CapabilityBoundingSet=~CAP_SYS_TTY_CONFIG", "CapabilityBoundingSet_CAP_SYS_TTY_CONFIG", 25, 1,
          CAPS(CAP(CAP_SYS_TTY_CONFIG)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot hang up terminals",
          .description_bad = "may hang up terminals (CAP_SYS_TTY_CONFIG)" },
        { "CapabilityBoundingSet=~CAP_SYS_PACCT", "CapabilityBoundingSet_CAP_SYS_PACCT", 25, 1,
          CAPS(CAP(CAP_SYS_PACCT)), .directive = "CapabilityBoundingSet",
          .description_good = "cannot switch process accounting",
          .description_bad = "may switch process accounting (CAP_SYS_PACCT)" },
        { "CapabilityBoundingSet=~CAP_BPF", "CapabilityBoundingSet_CAP_BPF", 25, 1, CAPS(CAP(CAP_BPF)),
          .directive = "CapabilityBoundingSet", .description_good = "cannot load BPF programs",
          .description_bad = "may load BPF programs (CAP_BPF)" },
        { "UMask=", "UMask", 100, 10, .rule = rule_umask, .directive = "UMask" },
        { "KeyringMode=", "KeyringMode", 1000, 1, .rule = rule_keyring, .directive = "KeyringMode",
          .description_good = "the kernel keyring is private to the service",
          .description_bad = "the kernel keyring is shared with other services" },
        { "ProtectProc=", "ProtectProc", 1000, 3, .rule = rule_protect_proc, .directive = "ProtectProc",
          .description_good = "other users' processes are hidden in /proc",
          .description_bad = "all processes are visible in /proc" },
        { "ProcSubset=", "ProcSubset", 10, 1, .rule = rule_proc_subset, .directive = "ProcSubset",
          .description_good = "only process entries of /proc are visible",
          .description_bad = "all of /proc is visible" },
        { "NotifyAccess=", "NotifyAccess", 1000, 1, .rule = rule_notify_access, .directive = "NotifyAccess",
          .description_good = "child processes cannot report service state",
          .description_bad = "any process of the service can report its state" },
        { "RemoveIPC=", "RemoveIPC", 100, 1, .rule = rule_unprivileged_bool,
          .param = offsetof(ExecSettings, remove_ipc), .directive = "RemoveIPC",
          .description_good = "leftover SysV IPC objects are removed",
          .description_bad = "SysV IPC objects may outlive the service",
          .description_na = "runs as root, IPC cleanup does not apply" },
        { "Delegate=", "Delegate", 100, 1, .rule = rule_bool_bad, .param = offsetof(ExecSettings, delegate),
          .directive = "Delegate", .description_good = "no cgroup subtree is delegated",
          .description_bad = "manages a delegated cgroup subtree" },
        { "RestrictRealtime=", "RestrictRealtime", 500, 1, B(restrict_realtime), .directive = "RestrictRealtime",
          .description_good = "realtime scheduling is refused",
          .description_bad = "realtime scheduling is possible" },
        { "RestrictSUIDSGID=", "RestrictSUIDSGID", 1000, 1, B(restrict_suid_sgid), .directive = "RestrictSUIDSGID",
          .description_good = "setuid/setgid files cannot be created",
          .description_bad = "setuid/setgid files can be created" },
        { "RestrictNamespaces=~user", "RestrictNamespaces_user", 1500, 1, NS(CLONE_NEWUSER),
          .directive = "RestrictNamespaces", .description_good = "cannot create user namespaces",
          .description_bad = "may create user namespaces" },
        { "RestrictNamespaces=~mnt", "RestrictNamespaces_mnt", 500, 1, NS(CLONE_NEWNS),
          .directive = "RestrictNamespaces", .description_good = "cannot create mount namespaces",
          .description_bad = "may create mount namespaces" },
        { "RestrictNamespaces=~ipc", "RestrictNamespaces_ipc", 500, 1, NS(CLONE_NEWIPC),
          .directive = "RestrictNamespaces", .description_good = "cannot create IPC namespaces",
          .description_bad = "may create IPC namespaces" },
        { "RestrictNamespaces=~pid", "RestrictNamespaces_pid", 500, 1, NS(CLONE_NEWPID),
          .directive = "RestrictNamespaces", .description_good = "cannot create PID namespaces",
          .description_bad = "may create PID namespaces" },
        { "RestrictNamespaces=~cgroup", "RestrictNamespaces_cgroup", 500, 1, NS(CLONE_NEWCGROUP),
          .directive = "RestrictNamespaces", .description_good = "cannot create cgroup namespaces",
          .description_bad = "may create cgroup namespaces" },
        { "RestrictNamespaces=~net", "RestrictNamespaces_net", 500, 1, NS(CLONE_NEWNET),
          .directive = "RestrictNamespaces", .description_good = "cannot create network namespaces",
          .description_bad = "may create network namespaces" },
        { "RestrictNamespaces=~uts", "RestrictNamespaces_uts", 100, 1, NS(CLONE_NEWUTS),
          .directive = "RestrictNamespaces", .description_good = "cannot create UTS (hostname) namespaces",
          .description_bad = "may create UTS (hostname) namespaces" },
        { "RestrictAddressFamilies=~AF_(INET|INET6)", "RestrictAddressFamilies_AF_INET_INET6", 1500, 1,
          AFC(AF_CLASS_INET), .directive = "RestrictAddressFamilies",
          .description_good = "cannot open IPv4/IPv6 sockets", .description_bad = "may open IPv4/IPv6 sockets" },
        { "RestrictAddressFamilies=~AF_UNIX", "RestrictAddressFamilies_AF_UNIX", 25, 1, AFC(AF_CLASS_UNIX),
          .directive = "RestrictAddressFamilies", .description_good = "cannot open UNIX-domain sockets",
          .description_bad = "may open UNIX-domain sockets" },
        { "RestrictAddressFamilies=~AF_NETLINK", "RestrictAddressFamilies_AF_NETLINK", 200, 1,
          AFC(AF_CLASS_NETLINK), .directive = "RestrictAddressFamilies",
          .description_good = "cannot open netlink sockets", .description_bad = "may open netlink sockets" },
        { "RestrictAddressFamilies=~AF_PACKET", "RestrictAddressFamilies_AF_PACKET", 1000, 1,
          AFC(AF_CLASS_PACKET), .directive = "RestrictAddressFamilies",
          .description_good = "cannot open packet sockets", .description_bad = "may open packet sockets" },
        { "RestrictAddressFamilies=~\u2026", "RestrictAddressFamilies_OTHER", 1250, 1, AFC(AF_CLASS_OTHER),
          .directive = "RestrictAddressFamilies",
          .description_good = "cannot open sockets of other families",
          .description_bad = "may open sockets of other families" },
        { "SystemCallArchitectures=", "SystemCallArchitectures", 1000, 10, .rule = rule_architectures,
          .directive = "SystemCallArchitectures" },
        { "SystemCallFilter=~@swap", "SystemCallFilter_swap", 1000, 10, SCF("@swap") },
        { "SystemCallFilter=~@obsolete", "SystemCallFilter_obsolete", 250, 10, SCF("@obsolete") },
        { "SystemCallFilter=~@clock", "SystemCallFilter_clock", 1000, 10, SCF("@clock") },
        { "SystemCallFilter=~@cpu-emulation", "SystemCallFilter_cpu_emulation", 250, 10, SCF("@cpu-emulation") },
        { "SystemCallFilter=~@debug", "SystemCallFilter_debug", 1000, 10, SCF("@debug") },
        { "SystemCallFilter=~@mount", "SystemCallFilter_mount", 1000, 10, SCF("@mount") },
        { "SystemCallFilter=~@module", "SystemCallFilter_module", 1000, 10, SCF("@module") },
        { "SystemCallFilter=~@raw-io", "SystemCallFilter_raw_io", 1000, 10, SCF("@raw-io") },
        { "SystemCallFilter=~@reboot", "SystemCallFilter_reboot", 1000, 10, SCF("@reboot") },
        { "SystemCallFilter=~@privileged", "SystemCallFilter_privileged", 700, 10, SCF("@privileged") },
        { "SystemCallFilter=~@resources", "SystemCallFilter_resources", 700, 10, SCF("@resources") },
        { "IPAddressDeny=", "IPAddressDeny", 1000, 10, .rule = rule_ip_address_deny, .directive = "IPAddressDeny" },
        { "DeviceAllow=", "DeviceAllow", 1000, 10, .rule = rule_device_allow, .directive = "DeviceAllow" },
        { "AmbientCapabilities=", "AmbientCapabilities", 500, 1, .rule = rule_ambient,
          .directive = "AmbientCapabilities", .description_good = "no ambient capabilities are passed",
          .description_bad = "ambient capabilities are passed to the processes" },
};

int security_test_from_json_field(const char *field) {
        for (size_t i = 0; i < ELEMENTSOF(security_tests); i++)
                if (streq(security_tests[i].json_field, field))
                        return (int) i;
        return -ENOENT;
}
