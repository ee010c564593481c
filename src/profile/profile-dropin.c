/* SPDX-License-Identifier: MIT */
/* A profile's observations turned into settings: one row per measure, each with the
 * condition on the profile that allows it and the sentence that says so. */
#include <linux/capability.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/socket.h>

#include "af-list.h"
#include "cap-list.h"
#include "profile-dropin.h"
#include "strv.h"
#include "syscall-groups.h"

typedef struct Out {
        FILE *f;
} Out;

static void emit(Out *o, const char *setting, const char *because, ...) _printf_(3, 4);
static void emit(Out *o, const char *setting, const char *because, ...) {
        va_list ap;
        va_start(ap, because);
        fputs("# ", o->f);
        vfprintf(o->f, because, ap);
        va_end(ap);
        fprintf(o->f, "\n%s\n", setting);
}

/* One word of a path list setting: "-" prefix, '%' doubled (specifiers), quoted when the
 * path holds blanks, quotes or backslashes. */
static char *path_word(const char *path) {
        bool quote = strpbrk(path, " \t\n\"'\\") != NULL;
        size_t n = strlen(path);
        char *w = xmalloc(2 * n + 5), *o = w;
        if (quote)
                *o++ = '"';
        *o++ = '-';
        for (const char *s = path; *s; s++) {
                if (*s == '%')
                        *o++ = '%';
                else if (quote && (*s == '"' || *s == '\\'))
                        *o++ = '\\';
                *o++ = *s == '\n' ? ' ' : *s;
        }
        if (quote)
                *o++ = '"';
        *o = 0;
        return w;
}

/* "Key=word word..." for a list of paths. */
static char *path_list_setting(const char *key, char *const *paths) {
        _cleanup_strv_free_ char **words = NULL;
        STRV_FOREACH(p, paths)
                strv_consume(&words, path_word(*p));
        _cleanup_free_ char *j = strv_join(words, " ");
        return xasprintf("%s=%s", key, j);
}

static bool path_below(const char *path, const char *dir) {
        const char *rest = startswith(path, dir);
        return rest && (rest[0] == 0 || rest[0] == '/' || streq(dir, "/"));
}

/* Paths touched at or below dir, with any of the uses (0: any use). */
static size_t touched_below(const Profile *p, const char *dir, unsigned uses) {
        size_t n = 0;
        for (size_t i = 0; i < p->paths.n_slots; i++) {
                const StrMapEntry *e = &p->paths.slots[i];
                if (e->key && path_below(e->key, dir) && (!uses || (e->value & uses)))
                        n++;
        }
        return n;
}

/* True if some touched path lies below dir, or dir lies below a touched directory that
 * was listed... a place counts as untouched only if nothing at or below it was used and
 * it is not on the way to something used. */
static bool untouched(const Profile *p, const char *dir) {
        return touched_below(p, dir, 0) == 0;
}

static bool syscall_seen(const Profile *p, const char *name) {
        return strmap_get(&p->syscalls, name) != NULL;
}

static bool cap_needed(const Profile *p, int cap) {
        for (size_t i = 0; i < p->capabilities.n_slots; i++)
                if (p->capabilities.slots[i].key && p->capabilities.slots[i].value == (uint64_t) cap)
                        return true;
        return false;
}

static bool family_used(const Profile *p, int af) {
        return af > 0 && af < 64 && (p->families & (UINT64_C(1) << af));
}

/* ---- file system ---- */

static const char *const scratch_dirs[] = { "/tmp", "/var/tmp" };
/* API file systems: ProtectSystem= leaves them alone. */
static const char *const api_dirs[] = { "/dev", "/proc", "/sys" };

static bool in_list(const char *path, const char *const *dirs, size_t n) {
        for (size_t i = 0; i < n; i++)
                if (path_below(path, dirs[i]))
                        return true;
        return false;
}

static char *parent_dir(const char *path) {
        const char *slash = strrchr(path, '/');
        if (!slash || slash == path)
                return xstrdup("/");
        return xstrndup(path, (size_t) (slash - path));
}

/* /tmp and /var/tmp can be private if the program only used what it created there. */
static bool private_tmp_fits(const Profile *p) {
        for (size_t i = 0; i < p->paths.n_slots; i++) {
                const StrMapEntry *e = &p->paths.slots[i];
                if (!e->key || !in_list(e->key, scratch_dirs, ELEMENTSOF(scratch_dirs)))
                        continue;
                if (streq(e->key, "/tmp") || streq(e->key, "/var/tmp"))
                        continue;
                if (!(e->value & PATH_USE_CREATE))
                        return false;
                /* ... in a directory that is /tmp itself or that it created too */
                _cleanup_free_ char *parent = parent_dir(e->key);
                const StrMapEntry *pe = strmap_get(&p->paths, parent);
                if (!streq(parent, "/tmp") && !streq(parent, "/var/tmp") && !(pe && (pe->value & PATH_USE_CREATE)))
                        return false;
        }
        return true;
}

static const struct {
        const char *base, *directive;
} exec_dirs[] = {
        { "/var/lib", "StateDirectory" },
        { "/var/cache", "CacheDirectory" },
        { "/var/log", "LogsDirectory" },
        { "/run", "RuntimeDirectory" },
};

/* A directory the program created right below /var/lib, /var/cache, /var/log or /run: the
 * matching *Directory= creates it for the service, no need to open the parent for writing.
 * Returns the index in exec_dirs or -1. */
static int exec_dir_of(const char *path, unsigned use) {
        struct stat st;
        if (!(use & PATH_USE_CREATE))
                return -1;
        _cleanup_free_ char *parent = parent_dir(path);
        for (size_t i = 0; i < ELEMENTSOF(exec_dirs); i++)
                if (streq(parent, exec_dirs[i].base) && stat(path, &st) >= 0 && S_ISDIR(st.st_mode))
                        return (int) i;
        return -1;
}

static bool below_exec_dir(const Profile *p, const char *path) {
        for (size_t i = 0; i < p->paths.n_slots; i++) {
                const StrMapEntry *e = &p->paths.slots[i];
                if (e->key && exec_dir_of(e->key, (unsigned) e->value) >= 0 && path_below(path, e->key))
                        return true;
        }
        return false;
}

char **profile_writable_dirs(const Profile *p) {
        bool private_tmp = private_tmp_fits(p);
        char **dirs = NULL;
        for (size_t i = 0; i < p->paths.n_slots; i++) {
                const StrMapEntry *e = &p->paths.slots[i];
                if (!e->key || !(e->value & (PATH_USE_WRITE | PATH_USE_CREATE)))
                        continue;
                if (in_list(e->key, api_dirs, ELEMENTSOF(api_dirs)))
                        continue;
                if (private_tmp && in_list(e->key, scratch_dirs, ELEMENTSOF(scratch_dirs)))
                        continue;
                if (below_exec_dir(p, e->key))
                        continue;
                char *d = parent_dir(e->key);
                if (strv_contains(dirs, d))
                        free(d);
                else
                        strv_consume(&dirs, d);
        }
        strv_sort(dirs);
        /* Drop entries below another (sorted: a parent comes first). */
        char **out = NULL;
        STRV_FOREACH(d, dirs) {
                size_t n = strv_length(out);
                if (n > 0 && path_below(*d, out[n - 1]))
                        continue;
                strv_extend(&out, *d);
        }
        strv_free(dirs);
        return out;
}

static void emit_exec_dirs(Out *o, const Profile *p) {
        for (size_t i = 0; i < p->paths.n_slots; i++) {
                const StrMapEntry *e = &p->paths.slots[i];
                int k = e->key ? exec_dir_of(e->key, (unsigned) e->value) : -1;
                if (k < 0)
                        continue;
                _cleanup_free_ char *line = xasprintf("%s=%s", exec_dirs[k].directive,
                                                      e->key + strlen(exec_dirs[k].base) + 1);
                emit(o, line, "it created '%s' (the directive creates it, its parent stays read-only)", e->key);
        }
}

static const char *const home_dirs[] = { "/home", "/root", "/run/user" };
#define HOME_BINDS_MAX 16

/* Nothing used: ProtectHome=yes. A few files read (or looked at): ProtectHome=tmpfs with
 * just those bound read-only. More: read-only. Written: left alone. */
static void emit_home(Out *o, const Profile *p) {
        _cleanup_strv_free_ char **used = NULL;
        for (size_t i = 0; i < p->paths.n_slots; i++) {
                const StrMapEntry *e = &p->paths.slots[i];
                if (!e->key || !in_list(e->key, home_dirs, ELEMENTSOF(home_dirs)))
                        continue;
                if (e->value & (PATH_USE_WRITE | PATH_USE_CREATE)) {
                        fprintf(o->f, "# ProtectHome= left alone: '%s' was written\n", e->key);
                        return;
                }
                bool root = false;
                for (size_t k = 0; k < ELEMENTSOF(home_dirs); k++)
                        root = root || streq(e->key, home_dirs[k]);
                /* Names looked for that do not exist (a PATH search) need no binding. */
                struct stat st;
                if (!root && lstat(e->key, &st) >= 0)
                        strv_extend(&used, e->key);
        }
        if (!used) {
                emit(o, "ProtectHome=yes", "nothing that exists below /home, /root or /run/user was used");
                return;
        }
        if (strv_length(used) > HOME_BINDS_MAX) {
                emit(o, "ProtectHome=read-only", "home directories were read, never written");
                return;
        }
        strv_sort(used);
        _cleanup_free_ char *binds = path_list_setting("BindReadOnlyPaths", used);
        _cleanup_free_ char *both = xasprintf("ProtectHome=tmpfs\n%s", binds);
        emit(o, both, "in home directories only these were used, read-only: empty homes with just them");
}

static void emit_filesystem(Out *o, const Profile *p) {
        _cleanup_strv_free_ char **rw = profile_writable_dirs(p);
        emit_exec_dirs(o, p);
        emit(o, "ProtectSystem=strict", "%s", rw ? "writes were seen only in the directories of ReadWritePaths= below"
                                                : "no write outside /dev, /proc, /sys and a private /tmp was seen");
        if (rw) {
                /* "-": a directory the unit's own RuntimeDirectory= & co create is not there
                 * yet when the sandbox is built. */
                _cleanup_free_ char *line = path_list_setting("ReadWritePaths", rw);
                emit(o, line, "the directories of the files written or created");
        }
        if (private_tmp_fits(p))
                emit(o, "PrivateTmp=yes", "in /tmp and /var/tmp only files it created itself were used");
        emit_home(o, p);
}

static const char *const sensitive[] = {
        "/etc/shadow", "/etc/gshadow", "/etc/ssh", "/etc/sudoers", "/etc/sudoers.d",
        "/etc/ssl/private", "/var/backups", "/var/mail", "/boot", "/var/spool/cron", "/etc/krb5.keytab",
        "/etc/wireguard", "/etc/NetworkManager/system-connections", "/etc/ipsec.secrets", "/etc/ppp/chap-secrets",
};

static void emit_inaccessible(Out *o, const Profile *p) {
        _cleanup_strv_free_ char **l = NULL;
        for (size_t i = 0; i < ELEMENTSOF(sensitive); i++)
                if (untouched(p, sensitive[i]) && access(sensitive[i], F_OK) >= 0)
                        strv_extend(&l, sensitive[i]);
        if (!l)
                return;
        _cleanup_free_ char *line = path_list_setting("InaccessiblePaths", l);
        emit(o, line, "sensitive places never touched");
}

static const char *const standard_devices[] = {
        "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/ptmx",
        "/dev/pts", "/dev/shm", "/dev/mqueue", "/dev/hugepages", "/dev/fd", "/dev/stdin", "/dev/stdout",
        "/dev/stderr", "/dev/log", "/dev/core",
};

/* Only /proc itself, /proc/self, /proc/thread-self and /proc/PID were used. */
static bool proc_subset_fits(const Profile *p) {
        for (size_t i = 0; i < p->paths.n_slots; i++) {
                const char *k = p->paths.slots[i].key, *rest;
                if (!k || !(rest = startswith(k, "/proc/")))
                        continue;
                size_t n = strcspn(rest, "/");
                bool pid = n > 0 && strspn(rest, "0123456789") == n;
                if (!pid && strncmp(rest, "self", n) != 0 && strncmp(rest, "thread-self", n) != 0)
                        return false;
        }
        return true;
}

static void emit_kernel(Out *o, const Profile *p) {
        bool devices = true;
        for (size_t i = 0; i < p->paths.n_slots && devices; i++) {
                const char *k = p->paths.slots[i].key;
                if (k && path_below(k, "/dev") && !streq(k, "/dev") &&
                    !in_list(k, standard_devices, ELEMENTSOF(standard_devices)))
                        devices = false;
        }
        if (devices && !cap_needed(p, CAP_MKNOD))
                emit(o, "PrivateDevices=yes", "only the standard pseudo devices (null, zero, random, tty, ...) were used");
        if (touched_below(p, "/proc/sys", PATH_USE_WRITE) + touched_below(p, "/sys", PATH_USE_WRITE) == 0)
                emit(o, "ProtectKernelTunables=yes", "nothing in /proc/sys or /sys was written");
        if (!cap_needed(p, CAP_SYS_MODULE) && untouched(p, "/usr/lib/modules") && untouched(p, "/lib/modules"))
                emit(o, "ProtectKernelModules=yes", "no module was loaded and the module directories were not used");
        if (untouched(p, "/dev/kmsg") && untouched(p, "/proc/kmsg") && !syscall_seen(p, "syslog"))
                emit(o, "ProtectKernelLogs=yes", "the kernel log was not used");
        if (touched_below(p, "/sys/fs/cgroup", PATH_USE_WRITE | PATH_USE_CREATE) == 0)
                emit(o, "ProtectControlGroups=yes", "nothing in /sys/fs/cgroup was written");
        if (!cap_needed(p, CAP_SYS_TIME) && !syscall_seen(p, "adjtimex") && !syscall_seen(p, "clock_adjtime"))
                emit(o, "ProtectClock=yes", "the clock was not set");
        if (!syscall_seen(p, "sethostname") && !syscall_seen(p, "setdomainname"))
                emit(o, "ProtectHostname=yes", "the host name was not set");
        if (!syscall_seen(p, "mount") && !syscall_seen(p, "umount2") && !(p->namespaces & PROFILE_NS_MNT))
                emit(o, "PrivateMounts=yes", "no mount was made");
        if (proc_subset_fits(p))
                emit(o, "ProcSubset=pid", "in /proc only process directories were used");
        if (!syscall_seen(p, "personality"))
                emit(o, "LockPersonality=yes", "personality() was not called");
        if (!syscall_seen(p, "sched_setscheduler") && !syscall_seen(p, "sched_setattr") &&
            !syscall_seen(p, "sched_setparam"))
                emit(o, "RestrictRealtime=yes", "no scheduling policy was set");
}

/* ---- network ---- */

static void emit_network(Out *o, const Profile *p) {
        bool inet = family_used(p, AF_INET) || family_used(p, AF_INET6);
        uint64_t others = p->families & ~((UINT64_C(1) << AF_UNIX) | (UINT64_C(1) << AF_NETLINK));
        if (!inet && !others)
                emit(o, "PrivateNetwork=yes", "no socket family other than AF_UNIX%s was used",
                     family_used(p, AF_NETLINK) ? " and AF_NETLINK" : "");
        if (!p->network_beyond_loopback) {
                if (inet)
                        emit(o, "IPAddressAllow=localhost", "IP was used on loopback only");
                emit(o, "IPAddressDeny=any", "%s", inet ? "no address beyond loopback was used" : "IP was not used");
        }
        if (!p->families) {
                emit(o, "RestrictAddressFamilies=none", "no socket was opened");
                return;
        }
        _cleanup_strv_free_ char **l = NULL;
        for (int af = 1; af < 64; af++)
                if (family_used(p, af) && af_to_name(af))
                        strv_extend(&l, af_to_name(af));
        _cleanup_free_ char *j = strv_join(l, " ");
        _cleanup_free_ char *line = xasprintf("RestrictAddressFamilies=\nRestrictAddressFamilies=%s", j);
        emit(o, line, "exactly the socket families used (the empty line first drops the unit's own list)");
}

/* ---- system calls ---- */

static bool syscall_used(const Profile *p, const char *name) {
        return syscall_seen(p, name) || strv_contains(p->assumed, name);
}

/* A direct subgroup of @system-service none of whose calls was used (or is in @default). */
static bool group_unused(const Profile *p, const char *group) {
        const SyscallGroup *g = syscall_group_find(group);
        const SyscallGroup *def = syscall_group_find("@default");
        if (!g || !def)
                return false;
        size_t n, nd;
        const SyscallRef *m = syscall_group_expand(g, &n);
        const SyscallRef *dm = syscall_group_expand(def, &nd);
        for (size_t i = 0; i < n; i++) {
                if (syscall_used(p, m[i].name))
                        return false;
                for (size_t k = 0; k < nd; k++)
                        if (dm[k].number == m[i].number)
                                return false;
        }
        return true;
}

static bool in_system_service(const char *name) {
        size_t n;
        const SyscallRef *m = syscall_group_expand(syscall_group_find("@system-service"), &n);
        for (size_t i = 0; i < n; i++)
                if (streq(m[i].name, name))
                        return true;
        return false;
}

static void emit_syscalls(Out *o, const Profile *p) {
        _cleanup_strv_free_ char **extra = NULL, **removed = NULL;
        for (size_t i = 0; i < p->syscalls.n_slots; i++) {
                const char *k = p->syscalls.slots[i].key;
                if (k && syscall_is_known(k) && !in_system_service(k))
                        strv_extend(&extra, k);
        }
        strv_sort(extra);
        /* The subgroups of @system-service, and @privileged, some of whose calls it holds. */
        const SyscallGroup *ss = syscall_group_find("@system-service");
        for (size_t i = 0; ss && ss->members[i]; i++)
                if (ss->members[i][0] == '@' && !streq(ss->members[i], "@default") && group_unused(p, ss->members[i]))
                        strv_extend(&removed, ss->members[i]);
        if (group_unused(p, "@privileged"))
                strv_extend(&removed, "@privileged");
        _cleanup_free_ char *je = strv_join(extra, " ");
        _cleanup_free_ char *line = xasprintf("SystemCallFilter=\nSystemCallFilter=@system-service%s%s", extra ? " " : "", je);
        emit(o, line, "%s (the empty line first drops the unit's own lists)",
             extra ? "@system-service and the calls outside it that were seen" : "every call seen is in @system-service");
        if (removed) {
                _cleanup_free_ char *jr = strv_join(removed, " ");
                _cleanup_free_ char *line2 = xasprintf("SystemCallFilter=~%s", jr);
                emit(o, line2, "no call of these groups was seen");
        }
        emit(o, "SystemCallErrorNumber=EPERM", "a call outside the list fails instead of killing the service");
        bool other_arch = false;
        for (size_t i = 0; i < p->syscalls.n_slots; i++)
                if (p->syscalls.slots[i].key && startswith(p->syscalls.slots[i].key, "arch-"))
                        other_arch = true;
        if (!other_arch)
                emit(o, "SystemCallArchitectures=native", "only native system calls were seen");
}

/* ---- privileges ---- */

/* A run as root (or as a unit's unknown user) that used a file whose permission bits do not
 * let root in without CAP_DAC_*: owned by another user, and neither group 0 nor others
 * allowed. Stats the files now (the profile keeps no modes). */
static bool may_run_as_root(const Profile *p) {
        for (size_t i = 0; i < p->n_runs; i++)
                if (p->runs[i].uid <= 0)
                        return true;
        return false;
}

static uint64_t dac_caps(const Profile *p, Out *o) {
        uint64_t caps = 0;
        if (!may_run_as_root(p))
                return 0;
        for (size_t i = 0; i < p->paths.n_slots; i++) {
                const StrMapEntry *e = &p->paths.slots[i];
                struct stat st;
                if (!e->key || !(e->value & (PATH_USE_READ | PATH_USE_WRITE)) || lstat(e->key, &st) < 0 ||
                    st.st_uid == 0 || S_ISLNK(st.st_mode))
                        continue;
                mode_t want = (e->value & PATH_USE_WRITE) ? S_IWOTH : S_IROTH;
                mode_t group = want << 3;
                if ((st.st_mode & want) || (st.st_gid == 0 && (st.st_mode & group)))
                        continue;
                int cap = (e->value & PATH_USE_WRITE) ? CAP_DAC_OVERRIDE : CAP_DAC_READ_SEARCH;
                if (!(caps & (UINT64_C(1) << cap)))
                        fprintf(o->f, "# %s: %s '%s' owned by uid %u, mode %04o\n", capability_to_name(cap),
                                cap == CAP_DAC_OVERRIDE ? "writes" : "reads", e->key, (unsigned) st.st_uid,
                                (unsigned) (st.st_mode & 07777));
                caps |= UINT64_C(1) << cap;
        }
        return caps;
}

static void emit_privileges(Out *o, const Profile *p) {
        uint64_t caps = dac_caps(p, o);
        for (size_t i = 0; i < p->capabilities.n_slots; i++)
                if (p->capabilities.slots[i].key && p->capabilities.slots[i].value < 64)
                        caps |= UINT64_C(1) << p->capabilities.slots[i].value;
        _cleanup_free_ char *names = capability_set_to_string(caps);
        _cleanup_free_ char *line = caps ? xasprintf("CapabilityBoundingSet=\nCapabilityBoundingSet=%s", names)
                                         : xstrdup("CapabilityBoundingSet=");
        emit(o, line, "%s", caps ? "the capabilities operations needed (see the profile's reasons; the empty line "
                                   "first drops the unit's own set)"
                                 : "no operation that needs a capability was seen");
        if (p->wx_mappings == 0 && p->exec_mprotects == 0)
                emit(o, "MemoryDenyWriteExecute=yes", "no writable and executable mapping was made");
        if (p->setuid_executables.n_entries == 0)
                emit(o, "NoNewPrivileges=yes", "no setuid or setgid program ran");
        if (p->setuid_executables.n_entries == 0)
                emit(o, "RestrictSUIDSGID=yes", "no setuid or setgid program ran (file modes are not recorded)");
        if (p->namespaces == 0)
                emit(o, "RestrictNamespaces=yes", "no namespace was created or joined");
        else {
                _cleanup_strv_free_ char **l = NULL;
                for (unsigned b = 0; b < _PROFILE_NS_COUNT; b++)
                        if (p->namespaces & (1u << b))
                                strv_extend(&l, profile_ns_to_string(1u << b));
                _cleanup_free_ char *j = strv_join(l, " ");
                _cleanup_free_ char *ns = xasprintf("RestrictNamespaces=%s", j);
                emit(o, ns, "only these namespaces were created or joined");
        }
        if (p->identity.n_entries == 0 && !caps)
                emit(o, "PrivateUsers=yes", "no identity change and no capability was needed");
        emit(o, "ProtectProc=invisible", "other processes' /proc entries are not needed by a service that does not manage them");
        if (!syscall_seen(p, "keyctl") && !syscall_seen(p, "add_key") && !syscall_seen(p, "request_key"))
                emit(o, "KeyringMode=private", "the kernel keyring was not used");
        emit(o, "RemoveIPC=yes", "IPC objects do not outlive the service");
        emit(o, "UMask=0077", "files the service creates stay its own");
}

static void emit_header(Out *o, const Profile *p, const char *unit) {
        fprintf(o->f, "# Hardening drop-in%s%s, from the behaviour observed in %zu run(s) by 'unitsec profile':\n",
                unit ? " for " : "", strempty(unit), p->n_runs);
        for (size_t i = 0; i < p->n_runs; i++) {
                _cleanup_free_ char *cmd = strv_join(p->runs[i].command, " ");
                fprintf(o->f, "#   %s  %s (%.1fs, ended by %s)\n", strempty(p->runs[i].time), cmd,
                        p->runs[i].duration, strempty(p->runs[i].ended_by));
        }
        fprintf(o->f, "# Not covered: anything these runs did not do. Settings below allow exactly what was seen.\n");
        STRV_FOREACH(n, p->notes)
                fprintf(o->f, "# Not covered: %s\n", *n);
        fputs("\n[Service]\n", o->f);
}

int profile_to_dropin(const Profile *p, const char *unit, char **ret_text) {
        char *buf = NULL;
        size_t size = 0;
        Out o = { .f = open_memstream(&buf, &size) };
        if (!o.f)
                return -ENOMEM;
        emit_header(&o, p, unit);
        emit_filesystem(&o, p);
        emit_inaccessible(&o, p);
        emit_kernel(&o, p);
        emit_network(&o, p);
        emit_syscalls(&o, p);
        emit_privileges(&o, p);
        if (fclose(o.f) != 0) {
                free(buf);
                return -ENOMEM;
        }
        *ret_text = buf;
        return 0;
}

int profile_dropin_from_file(const char *path, const char *unit, const char *first_line, char **ret_text) {
        Profile p;
        int r = profile_load(path, &p);
        if (r < 0)
                return r;
        _cleanup_free_ char *text = NULL;
        r = profile_to_dropin(&p, unit, &text);
        profile_done(&p);
        if (r < 0)
                return r;
        *ret_text = first_line ? xasprintf("%s\n%s", first_line, text) : TAKE_PTR(text);
        return 0;
}
