/* SPDX-License-Identifier: MIT */
/* --verify probes (see sandbox-probe.h): building the list from the settings, running each
 * probe in its own process inside the finished sandbox. */
#include <dirent.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/capability.h>
#include <net/if.h>
#include <pwd.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "sandbox-internal.h"
#include "sandbox-probe.h"
#include "strv.h"
#include "syscall-groups.h"

#define TMPFS_MAGIC_VALUE 0x01021994

void sandbox_probes_done(SandboxProbeList *l) {
        for (size_t i = 0; i < l->n; i++)
                free(l->probes[i].arg);
        free(l->probes);
        *l = (SandboxProbeList) {};
}

static void add(SandboxProbeList *l, const char *directive, ProbeKind kind, const char *arg, long value) {
        l->probes = xrealloc(l->probes, (l->n + 1) * sizeof(SandboxProbe));
        l->probes[l->n++] = (SandboxProbe) { directive, kind, arg ? xstrdup(arg) : NULL, value, 0 };
}

/* Calls that are harmless whatever happens (bad pointers, invalid fds, no-op values). */
static const struct {
        const char *name;
        long a0, a1, a2;
} harmless_calls[] = {
        { "uname", 0, 0, 0 }, { "sysinfo", 0, 0, 0 }, { "times", 0, 0, 0 }, { "getcpu", 0, 0, 0 },
        { "getppid", 0, 0, 0 }, { "sched_yield", 0, 0, 0 }, { "mount", 0, 0, 0 }, { "umount2", 0, 0, 0 },
        { "pivot_root", 0, 0, 0 }, { "chroot", 0, 0, 0 }, { "swapon", 0, 0, 0 }, { "swapoff", 0, 0, 0 },
        { "init_module", 0, 0, 0 }, { "finit_module", -1, 0, 0 }, { "delete_module", 0, 0, 0 },
        { "reboot", 0, 0, 0 }, { "syslog", 10, 0, 0 }, { "clock_settime", 0, 0, 0 }, { "clock_adjtime", 0, 0, 0 },
        { "adjtimex", 0, 0, 0 }, { "settimeofday", 0, 0, 0 }, { "bpf", -1, 0, 0 }, { "perf_event_open", 0, 0, 0 },
        { "setns", -1, 0, 0 }, { "ioperm", 0, 0, 0 }, { "iopl", 0, 0, 0 }, { "kcmp", 0, 0, 0 },
        { "mkdir", 0, 0, 0 }, { "rmdir", 0, 0, 0 }, { "unlink", 0, 0, 0 }, { "getrandom", 0, 0, 0 },
};

static int harmless_index(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(harmless_calls); i++)
                if (streq(harmless_calls[i].name, name))
                        return (int) i;
        return -1;
}

static long filter_expectation(const ExecSettings *s, int error) {
        int e = error >= 0 ? error : s->syscall_error_number;
        return e >= 0 && e <= 4095 ? e : -1; /* -1: killed with SIGSYS */
}

static void build_syscall_filter(const ExecSettings *s, SandboxProbeList *l) {
        const SyscallFilter *f = &s->syscall_filter;
        if (!f->set && f->n_entries == 0)
                return;
        if (!f->allow_list) {
                for (size_t i = 0; i < f->n_entries; i++)
                        if (harmless_index(f->entries[i].name) >= 0) {
                                add(l, "SystemCallFilter=", PROBE_SYSCALL, f->entries[i].name,
                                    filter_expectation(s, f->entries[i].error));
                                return;
                        }
                return;
        }
        for (size_t i = 0; i < ELEMENTSOF(harmless_calls); i++)
                if (syscall_resolve_name(harmless_calls[i].name) >= 0 &&
                    !syscall_filter_contains(f, harmless_calls[i].name)) {
                        add(l, "SystemCallFilter=", PROBE_SYSCALL, harmless_calls[i].name, filter_expectation(s, -1));
                        return;
                }
}

static void build_families(const ExecSettings *s, SandboxProbeList *l) {
        static const int candidates[] = { AF_PACKET, AF_NETLINK, AF_INET6, AF_INET, AF_UNIX, AF_BLUETOOTH, AF_ALG };
        const AddressFamilies *a = &s->address_families;
        if (!a->set)
                return;
        for (size_t i = 0; i < ELEMENTSOF(candidates); i++) {
                bool listed = a->families & (UINT64_C(1) << candidates[i]);
                if (listed != a->allow_list) {
                        add(l, "RestrictAddressFamilies=", PROBE_SOCKET_FAMILY, NULL, candidates[i]);
                        return;
                }
        }
}

static void build_namespaces(const ExecSettings *s, SandboxProbeList *l) {
        static const struct {
                unsigned long flag;
                const char *name;
        } ns[] = { { CLONE_NEWUSER, "user" }, { CLONE_NEWNET, "net" }, { CLONE_NEWNS, "mnt" }, { CLONE_NEWIPC, "ipc" },
                   { CLONE_NEWUTS, "uts" }, { CLONE_NEWPID, "pid" }, { CLONE_NEWCGROUP, "cgroup" } };
        for (size_t i = 0; i < ELEMENTSOF(ns); i++)
                if (!(s->restrict_namespaces & ns[i].flag)) {
                        add(l, "RestrictNamespaces=", PROBE_NAMESPACE, ns[i].name, (long) ns[i].flag);
                        return;
                }
}

static void build_paths(const PathList *pl, const char *directive, ProbeKind kind, SandboxProbeList *l) {
        for (size_t i = 0; i < pl->n; i++) {
                struct stat st;
                if (pl->entries[i].ignore_missing && lstat(pl->entries[i].path, &st) < 0)
                        continue;
                add(l, directive, kind, pl->entries[i].path, 0);
        }
}

static void add_namespace_probe(SandboxProbeList *l, const char *directive, const char *ns) {
        char link[64];
        struct stat st;
        /* PID 1's: the host's, or the container's when unitsec runs in someone else's sandbox */
        snprintf(link, sizeof(link), "/proc/1/ns/%s", ns);
        if (stat(link, &st) < 0) {
                snprintf(link, sizeof(link), "/proc/self/ns/%s", ns);
                if (stat(link, &st) < 0)
                        return;
        }
        add(l, directive, PROBE_OTHER_NAMESPACE, ns, (long) st.st_ino);
}

static void build_filesystem(const ExecSettings *s, const char *marker, SandboxProbeList *l) {
        static const char *const system_ro[_PROTECT_SYSTEM_MAX][4] = {
                [PROTECT_SYSTEM_YES] = { "/usr" },
                [PROTECT_SYSTEM_FULL] = { "/usr", "/etc" },
                [PROTECT_SYSTEM_STRICT] = { "/usr", "/etc", "/var", "/" },
        };
        if (s->protect_system > 0 && s->protect_system < _PROTECT_SYSTEM_MAX)
                for (size_t i = 0; i < 4 && system_ro[s->protect_system][i]; i++)
                        add(l, "ProtectSystem=", PROBE_PATH_READ_ONLY, system_ro[s->protect_system][i], 0);
        static const ProbeKind home_kind[_PROTECT_HOME_MAX] = {
                [PROTECT_HOME_YES] = PROBE_PATH_HIDDEN,
                [PROTECT_HOME_READ_ONLY] = PROBE_PATH_READ_ONLY,
                [PROTECT_HOME_TMPFS] = PROBE_PATH_TMPFS,
        };
        if (s->protect_home > 0 && s->protect_home < _PROTECT_HOME_MAX) {
                add(l, "ProtectHome=", home_kind[s->protect_home], "/root", 0);
                if (s->protect_home == PROTECT_HOME_TMPFS)
                        add(l, "ProtectHome=", PROBE_HOME_EMPTY, "/root", 0);
        }
        if (s->private_tmp) {
                add(l, "PrivateTmp=", PROBE_HOST_TMP_HIDDEN, marker, 0);
                add(l, "PrivateTmp=", PROBE_PATH_WRITABLE, "/tmp", 0);
        }
        if (s->private_devices)
                add(l, "PrivateDevices=", PROBE_NO_DEVICES, "/dev", 0);
        if (s->protect_kernel_tunables) {
                add(l, "ProtectKernelTunables=", PROBE_PATH_READ_ONLY, "/proc/sys", 0);
                add(l, "ProtectKernelTunables=", PROBE_PATH_READ_ONLY, "/sys", 0);
        }
        if (s->protect_control_groups)
                add(l, "ProtectControlGroups=", PROBE_PATH_READ_ONLY, "/sys/fs/cgroup", 0);
        if (s->proc_subset == PROC_SUBSET_PID)
                add(l, "ProcSubset=", PROBE_PATH_MISSING, "/proc/sys", 0);
        if (s->protect_proc > PROTECT_PROC_DEFAULT && s->protect_proc < _PROTECT_PROC_MAX)
                add(l, "ProtectProc=", PROBE_PROC_HIDEPID, NULL, s->protect_proc);
        build_paths(&s->read_only_paths, "ReadOnlyPaths=", PROBE_PATH_READ_ONLY, l);
        build_paths(&s->read_write_paths, "ReadWritePaths=", PROBE_PATH_WRITABLE, l);
        build_paths(&s->inaccessible_paths, "InaccessiblePaths=", PROBE_PATH_HIDDEN, l);
        build_paths(&s->no_exec_paths, "NoExecPaths=", PROBE_PATH_NOEXEC, l);
        build_paths(&s->exec_paths, "ExecPaths=", PROBE_PATH_EXEC, l);
        for (size_t i = 0; i < s->n_temporary_filesystems; i++)
                add(l, "TemporaryFileSystem=", PROBE_PATH_TMPFS, s->temporary_filesystems[i].path, 0);
}

static void build_kernel(const ExecSettings *s, SandboxProbeList *l) {
        if (s->private_network) {
                add(l, "PrivateNetwork=", PROBE_LOOPBACK_ONLY, NULL, 0);
                add_namespace_probe(l, "PrivateNetwork=", "net");
        }
        if (s->private_ipc)
                add_namespace_probe(l, "PrivateIPC=", "ipc");
        if (s->protect_hostname) {
                add_namespace_probe(l, "ProtectHostname=", "uts");
                add(l, "ProtectHostname=", PROBE_SETHOSTNAME, NULL, 0);
        }
        if (s->protect_clock)
                add(l, "ProtectClock=", PROBE_SETTIME, NULL, 0);
        if (s->protect_kernel_modules) {
                add(l, "ProtectKernelModules=", PROBE_MODULE, NULL, 0);
                add(l, "ProtectKernelModules=", PROBE_CAP_DROPPED, NULL, CAP_SYS_MODULE);
        }
        if (s->protect_kernel_logs) {
                add(l, "ProtectKernelLogs=", PROBE_SYSLOG, NULL, 0);
                add(l, "ProtectKernelLogs=", PROBE_PATH_HIDDEN, "/dev/kmsg", 0);
        }
}

static void build_process(const ExecSettings *s, SandboxProbeList *l) {
        if (s->no_new_privileges)
                add(l, "NoNewPrivileges=", PROBE_NO_NEW_PRIVS, NULL, 0);
        if (s->private_users)
                add(l, "PrivateUsers=", PROBE_USER_MAP, NULL, 0);
        for (int c = 0; c <= CAP_LAST_CAP; c++)
                if (!(s->capability_bounding_set & (UINT64_C(1) << c))) {
                        add(l, "CapabilityBoundingSet=", PROBE_CAP_DROPPED, NULL, c);
                        break;
                }
        struct passwd *pw = s->user ? getpwnam(s->user) : NULL;
        if (pw)
                add(l, "User=", PROBE_UID, NULL, (long) pw->pw_uid);
        build_syscall_filter(s, l);
        if (s->syscall_architectures && seccomp_arch_native() == SCMP_ARCH_X86_64 &&
            !strv_contains(s->syscall_architectures, "x86"))
                add(l, "SystemCallArchitectures=", PROBE_ARCH_X86, NULL, 0);
        build_families(s, l);
        if ((s->restrict_namespaces & NAMESPACE_FLAGS_ALL) != NAMESPACE_FLAGS_ALL)
                build_namespaces(s, l);
        if (s->lock_personality)
                add(l, "LockPersonality=", PROBE_PERSONALITY, NULL, 0);
        if (s->memory_deny_write_execute)
                add(l, "MemoryDenyWriteExecute=", PROBE_WX_MEMORY, NULL, 0);
        if (s->restrict_realtime)
                add(l, "RestrictRealtime=", PROBE_REALTIME, NULL, 0);
        if (s->restrict_suid_sgid)
                add(l, "RestrictSUIDSGID=", PROBE_SUID, NULL, 0);
        if (s->umask != 0022)
                add(l, "UMask=", PROBE_UMASK, NULL, s->umask);
}

/* The system call each probe makes, where SystemCallFilter= may refuse it first. */
static const char *const probe_syscalls[_PROBE_KIND_MAX] = {
        [PROBE_SETHOSTNAME] = "sethostname", [PROBE_SETTIME] = "clock_settime", [PROBE_MODULE] = "finit_module",
        [PROBE_SYSLOG] = "syslog", [PROBE_SOCKET_FAMILY] = "socket", [PROBE_NAMESPACE] = "unshare",
        [PROBE_PERSONALITY] = "personality", [PROBE_WX_MEMORY] = "mmap", [PROBE_REALTIME] = "sched_setscheduler",
        [PROBE_SUID] = "fchmod",
};

static int filter_outcome(const ExecSettings *s, const char *name) {
        const SyscallFilter *f = &s->syscall_filter;
        if (!f->set && f->n_entries == 0)
                return 0;
        int nr = syscall_resolve_name(name);
        for (size_t i = 0; i < f->n_entries; i++)
                if (f->entries[i].number == nr) {
                        if (f->allow_list)
                                return f->entries[i].error >= 0 ? (int) filter_expectation(s, f->entries[i].error) : 0;
                        return (int) filter_expectation(s, f->entries[i].error);
                }
        return f->allow_list ? (int) filter_expectation(s, -1) : 0;
}

void sandbox_probes_build(const ExecSettings *s, const char *host_tmp_marker, SandboxProbeList *ret) {
        SandboxProbeList l = {};
        build_filesystem(s, host_tmp_marker, &l);
        build_kernel(s, &l);
        build_process(s, &l);
        for (size_t i = 0; i < l.n; i++)
                if (probe_syscalls[l.probes[i].kind])
                        l.probes[i].expect = filter_outcome(s, probe_syscalls[l.probes[i].kind]);
        *ret = l;
}

/* Probe outcomes: 0 blocked as expected; else 1 + the errno seen (0: the operation was
 * allowed). Encoded as the probe process's exit status. */
#define BLOCKED 0
#define SEEN(e) (1 + ((e) > 250 ? 250 : (e)))

static int probe_expect = 0; /* the running probe's SandboxProbe.expect */

static int expect_errno(long r, int want) {
        if (probe_expect > 0)
                want = probe_expect;
        if (r >= 0)
                return SEEN(0);
        return errno == want ? BLOCKED : SEEN(errno);
}

static int probe_access(const char *path, int mode, int want) {
        return expect_errno(access(path, mode), want);
}

static bool dir_empty(const char *path) {
        DIR *d = opendir(path);
        if (!d)
                return true;
        struct dirent *de;
        bool empty = true;
        while (empty && (de = readdir(d)))
                empty = streq(de->d_name, ".") || streq(de->d_name, "..");
        closedir(d);
        return empty;
}

/* Missing, or the empty mode 0000 node standing in for an inaccessible path. */
static int probe_hidden(const char *path) {
        struct stat st;
        if (lstat(path, &st) < 0)
                return errno == ENOENT || errno == EACCES ? BLOCKED : SEEN(errno);
        if ((st.st_mode & 07777) != 0)
                return SEEN(0);
        if (S_ISDIR(st.st_mode))
                return dir_empty(path) ? BLOCKED : SEEN(0);
        if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
                return st.st_rdev == 0 ? BLOCKED : SEEN(0);
        return st.st_size == 0 ? BLOCKED : SEEN(0);
}

static int probe_mount_flag(const char *path, unsigned long flag, bool want) {
        struct statvfs sv;
        if (statvfs(path, &sv) < 0)
                return SEEN(errno);
        return !!(sv.f_flag & flag) == want ? BLOCKED : SEEN(0);
}

/* On a read-only mount, which is what makes writes fail with EROFS whoever the user is. */
static int probe_read_only(const char *path) {
        struct statvfs sv;
        if (statvfs(path, &sv) < 0)
                return errno == ENOENT ? BLOCKED : SEEN(errno);
        return sv.f_flag & ST_RDONLY ? BLOCKED : SEEN(0);
}

static int probe_tmpfs(const char *path) {
        struct statfs sf;
        if (statfs(path, &sf) < 0)
                return SEEN(errno);
        return sf.f_type == TMPFS_MAGIC_VALUE ? BLOCKED : SEEN(0);
}

static int probe_no_devices(void) {
        static const char *const allowed[] = { "null", "zero", "full", "random", "urandom", "tty", "ptmx" };
        DIR *d = opendir("/dev");
        if (!d)
                return SEEN(errno);
        struct dirent *de;
        int r = BLOCKED;
        while (r == BLOCKED && (de = readdir(d))) {
                struct stat st;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
                    !(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
                        continue;
                bool ok = false;
                for (size_t i = 0; i < ELEMENTSOF(allowed); i++)
                        ok = ok || streq(de->d_name, allowed[i]);
                if (!ok)
                        r = SEEN(0);
        }
        closedir(d);
        return r;
}

static int probe_loopback_only(void) {
        FILE *f = fopen("/proc/self/net/dev", "re"); /* /proc/net is hidden by ProcSubset=pid */
        if (!f)
                return SEEN(errno);
        char line[512];
        size_t n = 0;
        bool lo = false;
        while (fgets(line, sizeof(line), f)) {
                char *colon = strchr(line, ':');
                if (!colon)
                        continue;
                *colon = 0;
                n++;
                lo = lo || streq(line + strspn(line, " "), "lo");
        }
        fclose(f);
        if (n != 1 || !lo)
                return SEEN(0);
        /* Any socket takes the interface ioctls; AF_UNIX is the one least likely filtered. */
        int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        struct ifreq ifr = {};
        strncpy(ifr.ifr_name, "lo", sizeof(ifr.ifr_name) - 1);
        if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
                return SEEN(errno);
        return ifr.ifr_flags & IFF_UP ? BLOCKED : SEEN(ENETDOWN);
}

static int probe_namespace_differs(const char *ns, long host_ino) {
        char link[64];
        snprintf(link, sizeof(link), "/proc/self/ns/%s", ns);
        struct stat st;
        if (stat(link, &st) < 0)
                return SEEN(errno);
        return (long) st.st_ino != host_ino ? BLOCKED : SEEN(0);
}

static int probe_hidepid(long mode) {
        static const char *const names[_PROTECT_PROC_MAX] = {
                [PROTECT_PROC_NOACCESS] = "hidepid=noaccess",
                [PROTECT_PROC_INVISIBLE] = "hidepid=invisible",
                [PROTECT_PROC_PTRACEABLE] = "hidepid=ptraceable",
        };
        FILE *f = fopen("/proc/self/mountinfo", "re");
        if (!f)
                return SEEN(errno);
        char line[4096];
        int r = SEEN(0);
        while (fgets(line, sizeof(line), f))
                if (strstr(line, " /proc ") && strstr(line, " - proc ") && strstr(line, names[mode]))
                        r = BLOCKED;
        fclose(f);
        return r;
}

static int probe_arch_x86(void) {
#if defined(__x86_64__)
        long ret = 20; /* getpid on i386 */
        __asm__ volatile("int $0x80" : "+a"(ret) : : "memory");
        return ret == -ENOSYS ? BLOCKED : SEEN(0); /* no 32-bit entry at all: nothing to bypass */
#else
        return BLOCKED;
#endif
}

static int probe_syscall(const char *name, long want) {
        int i = harmless_index(name), nr = syscall_resolve_name(name);
        if (i < 0 || nr < 0)
                return SEEN(ENOSYS);
        long r = syscall(nr, harmless_calls[i].a0, harmless_calls[i].a1, harmless_calls[i].a2);
        if (want < 0)
                return SEEN(r < 0 ? errno : 0); /* should have been killed */
        return expect_errno(r, (int) want);
}

static int probe_user_map(void) {
        FILE *f = fopen("/proc/self/uid_map", "re");
        if (!f)
                return SEEN(errno);
        unsigned inside, outside, count;
        int r = BLOCKED;
        while (fscanf(f, "%u %u %u", &inside, &outside, &count) == 3)
                if (count > 1)
                        r = SEEN(0);
        fclose(f);
        return r;
}

static int probe_settime(void) {
        struct timespec ts;
        if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
                return SEEN(errno);
        return expect_errno(clock_settime(CLOCK_REALTIME, &ts), EPERM);
}

static int probe_sethostname(void) {
        char name[256] = {};
        if (gethostname(name, sizeof(name) - 1) < 0)
                return SEEN(errno);
        return expect_errno(sethostname(name, strlen(name)), EPERM);
}

static int probe_suid(void) {
        int fd = memfd_create("unitsec-probe", MFD_CLOEXEC);
        if (fd < 0)
                return SEEN(errno);
        return expect_errno(fchmod(fd, 04755), EPERM);
}

static int probe_wx(void) {
        void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return expect_errno(p == MAP_FAILED ? -1 : 0, EPERM);
}

static int probe_realtime(void) {
        struct sched_param sp = { .sched_priority = 1 };
        return expect_errno(sched_setscheduler(0, SCHED_FIFO, &sp), EPERM);
}

static int run_probe(const SandboxProbe *p) {
        switch (p->kind) {
        case PROBE_PATH_READ_ONLY: return probe_read_only(p->arg);
        case PROBE_PATH_WRITABLE: return probe_mount_flag(p->arg, ST_RDONLY, false);
        case PROBE_PATH_HIDDEN: return probe_hidden(p->arg);
        case PROBE_PATH_MISSING: return probe_access(p->arg, F_OK, ENOENT);
        case PROBE_PATH_NOEXEC: return probe_mount_flag(p->arg, ST_NOEXEC, true);
        case PROBE_PATH_EXEC: return probe_mount_flag(p->arg, ST_NOEXEC, false);
        case PROBE_PATH_TMPFS: return probe_tmpfs(p->arg);
        case PROBE_HOME_EMPTY: return dir_empty(p->arg) ? BLOCKED : SEEN(0);
        case PROBE_HOST_TMP_HIDDEN: return probe_access(p->arg, F_OK, ENOENT);
        case PROBE_NO_DEVICES: return probe_no_devices();
        case PROBE_LOOPBACK_ONLY: return probe_loopback_only();
        case PROBE_OTHER_NAMESPACE: return probe_namespace_differs(p->arg, p->value);
        case PROBE_SETHOSTNAME: return probe_sethostname();
        case PROBE_SETTIME: return probe_settime();
        case PROBE_MODULE: return expect_errno(syscall(SYS_finit_module, -1, "", 0), EPERM);
        case PROBE_SYSLOG: return expect_errno(klogctl(10, NULL, 0), EPERM);
        case PROBE_PROC_HIDEPID: return probe_hidepid(p->value);
        case PROBE_NO_NEW_PRIVS: return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? BLOCKED : SEEN(0);
        case PROBE_CAP_DROPPED: return prctl(PR_CAPBSET_READ, p->value, 0, 0, 0) == 0 ? BLOCKED : SEEN(0);
        case PROBE_UID: return (long) getuid() == p->value ? BLOCKED : SEEN(0);
        case PROBE_USER_MAP: return probe_user_map();
        case PROBE_UMASK: {
                mode_t m = umask(0);
                return (long) m == p->value ? BLOCKED : SEEN(0);
        }
        case PROBE_SYSCALL: return probe_syscall(p->arg, p->value);
        case PROBE_ARCH_X86: return probe_arch_x86();
        case PROBE_SOCKET_FAMILY: return expect_errno(socket((int) p->value, SOCK_DGRAM, 0), EAFNOSUPPORT);
        case PROBE_NAMESPACE: return expect_errno(unshare((int) p->value), EPERM);
        case PROBE_PERSONALITY: return expect_errno(personality(PER_LINUX32), EPERM);
        case PROBE_WX_MEMORY: return probe_wx();
        case PROBE_REALTIME: return probe_realtime();
        case PROBE_SUID: return probe_suid();
        default: return SEEN(EINVAL);
        }
}

static bool expects_sigsys(const SandboxProbe *p) {
        return (p->kind == PROBE_SYSCALL && p->value < 0) || p->kind == PROBE_ARCH_X86 || p->expect < 0;
}

/* In the sandbox: one process per probe. */
static SandboxProbeResult probe_in_child(const SandboxProbe *p) {
        pid_t pid = fork();
        if (pid < 0)
                return (SandboxProbeResult) { .error = errno };
        if (pid == 0) {
                probe_expect = p->expect;
                _exit(run_probe(p));
        }
        int status;
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return (SandboxProbeResult) { .error = errno };
        if (WIFSIGNALED(status))
                return (SandboxProbeResult) { .pass = WTERMSIG(status) == SIGSYS && expects_sigsys(p),
                                              .signal = WTERMSIG(status) };
        int code = WEXITSTATUS(status);
        return (SandboxProbeResult) { .pass = code == BLOCKED, .error = code == BLOCKED ? 0 : code - 1 };
}

static _noreturn_ void verify_child(const SandboxPlan *plan, const SandboxProbeList *l, int fd) {
        SandboxFailure f = {};
        int r = plan ? sandbox_enter(plan, &f) : 0; /* no plan: probe the sandbox we are in */
        if (r >= 0 && plan && (r = sandbox_seccomp_load(&plan->seccomp)) < 0)
                (void) sandbox_fail(&f, SANDBOX_STEP_SECCOMP, r, NULL);
        (void) !write(fd, &f, sizeof(f));
        if (r < 0)
                _exit(125);
        for (size_t i = 0; i < l->n; i++) {
                SandboxProbeResult res = probe_in_child(&l->probes[i]);
                (void) !write(fd, &res, sizeof(res));
        }
        _exit(0);
}

static int read_full(int fd, void *buf, size_t size) {
        size_t got = 0;
        while (got < size) {
                ssize_t k = read(fd, (char *) buf + got, size - got);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0)
                        return k < 0 ? -errno : -EPIPE;
                got += (size_t) k;
        }
        return 0;
}

int sandbox_probes_run(const SandboxPlan *plan, const SandboxProbeList *l, SandboxProbeResult **ret,
                       SandboxFailure *ret_failure) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) < 0)
                return sandbox_fail(ret_failure, SANDBOX_STEP_UNSHARE, errno, NULL);
        pid_t pid = fork();
        if (pid < 0) {
                int r = -errno;
                (void) close(fds[0]);
                (void) close(fds[1]);
                return sandbox_fail(ret_failure, SANDBOX_STEP_UNSHARE, r, NULL);
        }
        if (pid == 0) {
                (void) close(fds[0]);
                verify_child(plan, l, fds[1]);
        }
        (void) close(fds[1]);
        SandboxFailure f = {};
        SandboxProbeResult *res = xcalloc(l->n + 1, sizeof(SandboxProbeResult));
        int r = read_full(fds[0], &f, sizeof(f));
        if (r >= 0 && f.error != 0)
                r = -f.error;
        for (size_t i = 0; r >= 0 && i < l->n; i++)
                r = read_full(fds[0], &res[i], sizeof(res[i]));
        (void) close(fds[0]);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
        if (r < 0) {
                free(res);
                if (f.error == 0)
                        f = (SandboxFailure) { .step = SANDBOX_STEP_EXEC, .error = -r };
                if (ret_failure)
                        *ret_failure = f;
                return r;
        }
        *ret = res;
        return 0;
}

char *sandbox_probe_describe(const SandboxProbe *p) {
        static const char *const what[_PROBE_KIND_MAX] = {
                [PROBE_PATH_READ_ONLY] = "'%s' is mounted read-only (EROFS)",
                [PROBE_PATH_WRITABLE] = "'%s' is mounted writable",
                [PROBE_PATH_HIDDEN] = "'%s' is inaccessible",
                [PROBE_PATH_MISSING] = "'%s' does not exist (ENOENT)",
                [PROBE_PATH_NOEXEC] = "'%s' is mounted noexec",
                [PROBE_PATH_EXEC] = "'%s' is not mounted noexec",
                [PROBE_PATH_TMPFS] = "'%s' is a tmpfs",
                [PROBE_HOME_EMPTY] = "'%s' shows none of the host's files",
                [PROBE_HOST_TMP_HIDDEN] = "the host's /tmp is not visible",
                [PROBE_NO_DEVICES] = "/dev holds only the pseudo devices",
                [PROBE_LOOPBACK_ONLY] = "only the loopback interface, up",
                [PROBE_OTHER_NAMESPACE] = "own %s namespace",
                [PROBE_SETHOSTNAME] = "changing the host name fails (EPERM)",
                [PROBE_SETTIME] = "setting the clock fails (EPERM)",
                [PROBE_MODULE] = "loading a module fails (EPERM)",
                [PROBE_SYSLOG] = "reading the kernel log fails (EPERM)",
                [PROBE_PROC_HIDEPID] = "/proc hides other users' processes",
                [PROBE_NO_NEW_PRIVS] = "no_new_privs is set",
                [PROBE_CAP_DROPPED] = "a capability is out of the bounding set",
                [PROBE_UID] = "runs as the configured user",
                [PROBE_USER_MAP] = "only root and the service's user are mapped",
                [PROBE_UMASK] = "the umask is the configured one",
                [PROBE_SYSCALL] = "%s() is refused",
                [PROBE_ARCH_X86] = "32-bit system calls are killed (SIGSYS)",
                [PROBE_SOCKET_FAMILY] = "a socket of a refused family fails (EAFNOSUPPORT)",
                [PROBE_NAMESPACE] = "creating a %s namespace fails (EPERM)",
                [PROBE_PERSONALITY] = "changing the personality fails (EPERM)",
                [PROBE_WX_MEMORY] = "writable and executable memory fails (EPERM)",
                [PROBE_REALTIME] = "realtime scheduling fails (EPERM)",
                [PROBE_SUID] = "setting the set-user-ID bit fails (EPERM)",
        };
        const char *fmt = p->kind >= 0 && p->kind < _PROBE_KIND_MAX && what[p->kind] ? what[p->kind] : "probe";
        return xasprintf(fmt, strempty(p->arg));
}
