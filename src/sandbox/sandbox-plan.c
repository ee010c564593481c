/* SPDX-License-Identifier: MIT */
/* Phase one of the sandbox, in the parent: validate everything, resolve what can be
 * resolved (users, paths, seccomp programs, limits) and change nothing. */
#include <fcntl.h>
#include <grp.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "parse-util.h"
#include "sandbox-internal.h"
#include "strv.h"

static const char *const step_names[_SANDBOX_STEP_MAX] = {
        [SANDBOX_STEP_SETTINGS] = "settings",
        [SANDBOX_STEP_UNSHARE] = "namespaces",
        [SANDBOX_STEP_PRIVATE_USERS] = "PrivateUsers=",
        [SANDBOX_STEP_PROPAGATION] = "mount propagation",
        [SANDBOX_STEP_ROOT_DIRECTORY] = "RootDirectory=",
        [SANDBOX_STEP_PROTECT_SYSTEM] = "ProtectSystem=",
        [SANDBOX_STEP_PROTECT_HOME] = "ProtectHome=",
        [SANDBOX_STEP_PRIVATE_TMP] = "PrivateTmp=",
        [SANDBOX_STEP_PRIVATE_DEVICES] = "PrivateDevices=",
        [SANDBOX_STEP_READ_WRITE_PATHS] = "ReadWritePaths=",
        [SANDBOX_STEP_READ_ONLY_PATHS] = "ReadOnlyPaths=",
        [SANDBOX_STEP_INACCESSIBLE_PATHS] = "InaccessiblePaths=",
        [SANDBOX_STEP_EXEC_PATHS] = "ExecPaths=",
        [SANDBOX_STEP_NO_EXEC_PATHS] = "NoExecPaths=",
        [SANDBOX_STEP_TEMPORARY_FILE_SYSTEM] = "TemporaryFileSystem=",
        [SANDBOX_STEP_BIND_PATHS] = "BindPaths=",
        [SANDBOX_STEP_PROTECT_KERNEL_TUNABLES] = "ProtectKernelTunables=",
        [SANDBOX_STEP_PROTECT_KERNEL_MODULES] = "ProtectKernelModules=",
        [SANDBOX_STEP_PROTECT_KERNEL_LOGS] = "ProtectKernelLogs=",
        [SANDBOX_STEP_PROTECT_CONTROL_GROUPS] = "ProtectControlGroups=",
        [SANDBOX_STEP_PROTECT_PROC] = "ProtectProc=",
        [SANDBOX_STEP_MOUNT_FLAGS] = "read-only pass",
        [SANDBOX_STEP_PRIVATE_NETWORK] = "PrivateNetwork=",
        [SANDBOX_STEP_PROTECT_HOSTNAME] = "ProtectHostname=",
        [SANDBOX_STEP_LIMITS] = "Limit*=",
        [SANDBOX_STEP_UMASK] = "UMask=",
        [SANDBOX_STEP_USER] = "User=",
        [SANDBOX_STEP_GROUP] = "Group=",
        [SANDBOX_STEP_SUPPLEMENTARY_GROUPS] = "SupplementaryGroups=",
        [SANDBOX_STEP_CAPABILITY_BOUNDING_SET] = "CapabilityBoundingSet=",
        [SANDBOX_STEP_AMBIENT_CAPABILITIES] = "AmbientCapabilities=",
        [SANDBOX_STEP_NO_NEW_PRIVILEGES] = "NoNewPrivileges=",
        [SANDBOX_STEP_WORKING_DIRECTORY] = "WorkingDirectory=",
        [SANDBOX_STEP_EXEC_DIRECTORIES] = "RuntimeDirectory=/StateDirectory=/...",
        [SANDBOX_STEP_SECCOMP] = "system call filter",
        [SANDBOX_STEP_CLOSE_FDS] = "closing inherited file descriptors",
        [SANDBOX_STEP_EXEC] = "executing the program",
};

const char *sandbox_step_to_string(SandboxStep s) {
        if (s < 0 || s >= _SANDBOX_STEP_MAX)
                return "sandbox";
        return step_names[s];
}

SandboxPlan *sandbox_plan_free(SandboxPlan *p) {
        if (!p)
                return NULL;
        mount_table_done(&p->mounts);
        seccomp_programs_done(&p->seccomp);
        free(p->groups);
        free(p->adjustments);
        free(p->working_directory);
        free(p->home);
        free(p->root_directory);
        if (p->dynamic_uid_lock >= 0)
                (void) close(p->dynamic_uid_lock);
        for (size_t i = 0; i < p->n_directories; i++) {
                free(p->directories[i].path);
                free(p->directories[i].private_root);
                free(p->directories[i].link);
                free(p->directories[i].link_target);
        }
        free(p->directories);
        strv_free(p->not_applied);
        free(p);
        return NULL;
}

const SandboxLimitAdjustment *sandbox_plan_limit_adjustments(const SandboxPlan *p, size_t *ret_n) {
        *ret_n = p->n_adjustments;
        return p->adjustments;
}

char *const *sandbox_plan_not_applied(const SandboxPlan *p) {
        return p->not_applied;
}

static bool exec_directories_set(const ExecSettings *s) {
        for (int t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                if (!strv_isempty(s->directories[t].paths))
                        return true;
        return false;
}

/* Settings this sandbox cannot honour. Running without them would be weaker than what the
 * unit asks for, so they stop the run. */
static int check_unsupported(const ExecSettings *s, SandboxFailure *f) {
        const struct {
                bool set;
                const char *name;
        } rows[] = {
                { s->root_directory && exec_directories_set(s), "RootDirectory= with *Directory=" },
                { !!s->root_image, "RootImage=" },
                { s->mount_images, "MountImages=" },
        };
        for (size_t i = 0; i < ELEMENTSOF(rows); i++)
                if (rows[i].set)
                        return sandbox_fail(f, SANDBOX_STEP_SETTINGS, EOPNOTSUPP, rows[i].name);
        return 0;
}

/* DeviceAllow= entries from the unit files; those implied by PrivateDevices= and
 * ProtectClock= (no file) are covered by the minimal /dev. */
static bool user_device_allow(const ExecSettings *s) {
        for (size_t i = 0; i < s->n_device_allow; i++)
                if (s->device_allow[i].origin.file)
                        return true;
        return false;
}

/* Settings that need the service manager (cgroups, BPF): reported, not applied. */
static void collect_not_applied(const ExecSettings *s, SandboxPlan *p) {
        const struct {
                bool set;
                const char *name;
        } rows[] = {
                { s->n_ip_address_allow > 0, "IPAddressAllow=" },
                { s->n_ip_address_deny > 0, "IPAddressDeny=" },
                { s->ip_filter_path_set, "IPIngressFilterPath=/IPEgressFilterPath=" },
                { user_device_allow(s), "DeviceAllow=" },
                /* PrivateDevices= implies DevicePolicy=closed; its minimal /dev is that policy */
                { s->device_policy != CGROUP_DEVICE_POLICY_AUTO && s->device_policy >= 0 && !s->private_devices,
                  "DevicePolicy=" },
                { s->remove_ipc, "RemoveIPC=" },
                { s->syscall_log_set, "SystemCallLog=" },
        };
        for (size_t i = 0; i < ELEMENTSOF(rows); i++)
                if (rows[i].set)
                        strv_extend(&p->not_applied, rows[i].name);
}

static int resolve_user(const char *name, uid_t *ret_uid, gid_t *ret_gid, char **ret_home) {
        unsigned n;
        struct passwd *pw;
        errno = 0;
        if (safe_atou(name, &n) >= 0)
                pw = getpwuid((uid_t) n);
        else
                pw = getpwnam(name);
        if (!pw) {
                if (safe_atou(name, &n) < 0 || n == (unsigned) -1)
                        return errno > 0 ? -errno : -ESRCH;
                *ret_uid = (uid_t) n; /* numeric and not in the database: allowed, as systemd */
                *ret_gid = (gid_t) n;
                *ret_home = xstrdup("/");
                return 0;
        }
        *ret_uid = pw->pw_uid;
        *ret_gid = pw->pw_gid;
        *ret_home = xstrdup(pw->pw_dir);
        return 0;
}

static int resolve_group(const char *name, gid_t *ret) {
        unsigned n;
        if (safe_atou(name, &n) >= 0 && n != (unsigned) -1) {
                *ret = (gid_t) n;
                return 0;
        }
        errno = 0;
        struct group *g = getgrnam(name);
        if (!g)
                return errno > 0 ? -errno : -ESRCH;
        *ret = g->gr_gid;
        return 0;
}

#define DYNAMIC_UID_MIN 61184u /* systemd's range for dynamic users */
#define DYNAMIC_UID_MAX 65519u

/* DynamicUser= with a name no static user has: a free uid (= gid) in systemd's range,
 * chosen from a hash of the name as systemd does, held by a lock file for the run so that
 * two runs never share one. */
static int allocate_dynamic_user(const char *name, SandboxPlan *p) {
        uint32_t h = 2166136261u; /* FNV-1a */
        for (const char *c = name; *c; c++)
                h = (h ^ (uint8_t) *c) * 16777619u;
        (void) mkdir("/run/unitsec", 0755);
        if (mkdir("/run/unitsec/dynamic-uid", 0755) < 0 && errno != EEXIST)
                return -errno;
        const unsigned span = DYNAMIC_UID_MAX - DYNAMIC_UID_MIN + 1;
        for (unsigned i = 0; i < span; i++) {
                uid_t uid = DYNAMIC_UID_MIN + (h + i) % span;
                if (getpwuid(uid) || getgrgid((gid_t) uid))
                        continue;
                char path[64];
                snprintf(path, sizeof(path), "/run/unitsec/dynamic-uid/%u", (unsigned) uid);
                int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (fd < 0)
                        return -errno;
                if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
                        (void) close(fd);
                        continue; /* another run holds it */
                }
                p->dynamic_uid_lock = fd;
                p->uid = uid;
                p->gid = (gid_t) uid;
                p->home = xstrdup("/");
                return 0;
        }
        return -EBUSY;
}

static int plan_identity(const ExecSettings *s, SandboxPlan *p, SandboxFailure *f) {
        p->uid = 0;
        p->gid = 0;
        bool dynamic = s->dynamic_user && s->user && !getpwnam(s->user);
        if (dynamic) {
                int r = allocate_dynamic_user(s->user, p);
                if (r < 0)
                        return sandbox_fail(f, SANDBOX_STEP_USER, r, s->user);
                p->change_identity = true;
        } else if (s->user) {
                int r = resolve_user(s->user, &p->uid, &p->gid, &p->home);
                if (r < 0)
                        return sandbox_fail(f, SANDBOX_STEP_USER, r, s->user);
                p->change_identity = true;
        }
        if (s->group && !(dynamic && streq(s->group, s->user) && !getgrnam(s->group))) {
                int r = resolve_group(s->group, &p->gid);
                if (r < 0)
                        return sandbox_fail(f, SANDBOX_STEP_GROUP, r, s->group);
                p->change_identity = true;
        }
        STRV_FOREACH(g, s->supplementary_groups) {
                gid_t gid;
                int r = resolve_group(*g, &gid);
                if (r < 0)
                        return sandbox_fail(f, SANDBOX_STEP_SUPPLEMENTARY_GROUPS, r, *g);
                p->groups = xrealloc(p->groups, (p->n_groups + 1) * sizeof(gid_t));
                p->groups[p->n_groups++] = gid;
                p->change_identity = true;
        }
        return 0;
}

static bool have_effective_cap(int cap) {
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
        struct __user_cap_data_struct d[2] = {};
        if (syscall(SYS_capget, &h, d) < 0)
                return false;
        return d[cap / 32].effective & (1u << (cap % 32));
}

static rlim_t to_rlim(uint64_t v) {
        return v == UINT64_MAX ? RLIM_INFINITY : (rlim_t) v;
}

/* Limits above the hard limit are lowered when the host cannot raise it. */
static int plan_limits(const ExecSettings *s, SandboxPlan *p, SandboxFailure *f) {
        bool can_raise = have_effective_cap(CAP_SYS_RESOURCE);
        for (int i = 0; i < EXEC_N_RLIMITS && i < RLIM_NLIMITS; i++) {
                const ResourceLimit *l = &s->rlimits[i];
                if (!l->set)
                        continue;
                struct rlimit want = { .rlim_cur = to_rlim(l->soft), .rlim_max = to_rlim(l->hard) }, cur;
                if (want.rlim_max != RLIM_INFINITY && (want.rlim_cur == RLIM_INFINITY || want.rlim_cur > want.rlim_max))
                        return sandbox_fail(f, SANDBOX_STEP_LIMITS, EINVAL, NULL);
                if (getrlimit(i, &cur) < 0)
                        return sandbox_fail(f, SANDBOX_STEP_LIMITS, errno, NULL);
                bool above = cur.rlim_max != RLIM_INFINITY &&
                             (want.rlim_max == RLIM_INFINITY || want.rlim_max > cur.rlim_max);
                if (above && !can_raise) {
                        p->adjustments = xrealloc(p->adjustments, (p->n_adjustments + 1) * sizeof(SandboxLimitAdjustment));
                        p->adjustments[p->n_adjustments++] = (SandboxLimitAdjustment) {
                                .resource = i, .wanted = l->hard, .granted = cur.rlim_max };
                        want.rlim_max = cur.rlim_max;
                        if (want.rlim_cur == RLIM_INFINITY || want.rlim_cur > want.rlim_max)
                                want.rlim_cur = want.rlim_max;
                }
                p->rlimit_set[i] = true;
                p->rlimits[i] = want;
        }
        return 0;
}

/* Capabilities that the protections imply are dropped from the bounding set, as systemd
 * does when it loads the unit (repeating it is harmless). */
static uint64_t implied_bounding_set(const ExecSettings *s) {
        uint64_t b = s->capability_bounding_set;
        const struct {
                bool on;
                uint64_t caps;
        } rows[] = {
                { s->protect_kernel_modules, UINT64_C(1) << CAP_SYS_MODULE },
                { s->protect_kernel_logs, UINT64_C(1) << CAP_SYSLOG },
                { s->protect_clock, (UINT64_C(1) << CAP_SYS_TIME) | (UINT64_C(1) << CAP_WAKE_ALARM) },
                { s->private_devices, (UINT64_C(1) << CAP_MKNOD) | (UINT64_C(1) << CAP_SYS_RAWIO) },
        };
        for (size_t i = 0; i < ELEMENTSOF(rows); i++)
                if (rows[i].on)
                        b &= ~rows[i].caps;
        return b;
}

static int plan_working_directory(const ExecSettings *s, SandboxPlan *p) {
        const char *wd = s->working_directory;
        if (wd && wd[0] == '-') {
                p->working_directory_ignore_missing = true;
                wd++;
        }
        if (isempty(wd))
                wd = "/";
        if (streq(wd, "~"))
                wd = p->home ? p->home : "/root";
        if (wd[0] != '/')
                return -EINVAL;
        p->working_directory = xstrdup(wd);
        return 0;
}

static const char *const directory_prefix[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = "/run",
        [EXEC_DIRECTORY_STATE] = "/var/lib",
        [EXEC_DIRECTORY_CACHE] = "/var/cache",
        [EXEC_DIRECTORY_LOGS] = "/var/log",
        [EXEC_DIRECTORY_CONFIGURATION] = "/etc",
};

/* DynamicUser= keeps StateDirectory=, CacheDirectory= and LogsDirectory= below a "private"
 * directory that only root may enter, and links PREFIX/NAME to private/NAME, as systemd does:
 * the uid may be another one next time, and other users must not reach the data meanwhile. */
static bool directory_is_private(const ExecSettings *s, ExecDirectoryType t) {
        return s->dynamic_user &&
               (t == EXEC_DIRECTORY_STATE || t == EXEC_DIRECTORY_CACHE || t == EXEC_DIRECTORY_LOGS);
}

/* "../" for each '/' in name, then "private/NAME": the link target relative to the link. */
static char *private_link_target(const char *name) {
        size_t up = 0;
        for (const char *c = name; *c; c++)
                up += *c == '/';
        char *target = xcalloc(up * 3 + strlen("private/") + strlen(name) + 1, 1);
        for (size_t i = 0; i < up; i++)
                strcat(target, "../");
        strcat(target, "private/");
        strcat(target, name);
        return target;
}

static int plan_directory(const ExecSettings *s, SandboxPlan *p, ExecDirectoryType t, const char *name,
                          SandboxFailure *f) {
        if (strchr(name, ':'))
                return sandbox_fail(f, SANDBOX_STEP_SETTINGS, EOPNOTSUPP, "*Directory=NAME:LINK");
        if (name[0] == '/' || strstr(name, ".."))
                return sandbox_fail(f, SANDBOX_STEP_EXEC_DIRECTORIES, EINVAL, name);
        bool private = directory_is_private(s, t);
        struct SandboxDirectory d = {
                .type = t,
                .mode = s->directories[t].mode ? s->directories[t].mode : 0755,
                .path = private ? xasprintf("%s/private/%s", directory_prefix[t], name)
                                : xasprintf("%s/%s", directory_prefix[t], name),
                .private_root = private ? xasprintf("%s/private", directory_prefix[t]) : NULL,
                .link = private ? xasprintf("%s/%s", directory_prefix[t], name) : NULL,
                .link_target = private ? private_link_target(name) : NULL,
        };
        p->directories = xrealloc(p->directories, (p->n_directories + 1) * sizeof(p->directories[0]));
        p->directories[p->n_directories++] = d;
        if (t == EXEC_DIRECTORY_CONFIGURATION)
                return 0;
        if (private)
                return mount_table_add_private_directory(&p->mounts, d.private_root, d.path, f);
        return mount_table_add_created(&p->mounts, d.path, MOUNT_READWRITE, SANDBOX_STEP_EXEC_DIRECTORIES, f);
}

/* The exec directories, and a writable mount entry for each (the configuration one stays
 * under whatever protects /etc). "NAME:LINK" symlink forms are not supported yet. */
static int plan_directories(const ExecSettings *s, SandboxPlan *p, SandboxFailure *f) {
        for (int t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                STRV_FOREACH(name, s->directories[t].paths) {
                        int r = plan_directory(s, p, t, *name, f);
                        if (r < 0)
                                return r;
                }
        return 0;
}

static int plan_fill(const ExecSettings *s, SandboxPlan *p, SandboxFailure *f) {
        int r = check_unsupported(s, f);
        if (r < 0)
                return r;
        collect_not_applied(s, p);
        p->private_users = s->private_users;
        p->root_directory = s->root_directory ? xstrdup(s->root_directory) : NULL;
        p->unshare_flags = CLONE_NEWNS | (s->private_network ? CLONE_NEWNET : 0) |
                           (s->private_ipc ? CLONE_NEWIPC : 0) | (s->protect_hostname ? CLONE_NEWUTS : 0);
        if ((r = mount_table_build(s, &p->mounts, f)) < 0 || (r = plan_directories(s, p, f)) < 0 ||
            (r = mount_table_resolve(&p->mounts, f)) < 0)
                return r;
        if ((r = plan_identity(s, p, f)) < 0 || (r = plan_limits(s, p, f)) < 0)
                return r;
        if (plan_working_directory(s, p) < 0)
                return sandbox_fail(f, SANDBOX_STEP_WORKING_DIRECTORY, EINVAL, s->working_directory);
        if ((r = sandbox_seccomp_build(s, &p->seccomp, f)) < 0)
                return r;
        p->bounding_set = implied_bounding_set(s);
        p->ambient = s->ambient_capabilities & p->bounding_set;
        p->no_new_privileges = s->no_new_privileges;
        p->umask = s->umask;
        p->preserve_runtime_directories = s->runtime_directory_preserve == EXEC_PRESERVE_YES;
        p->new_session_keyring = s->keyring_mode == KEYRING_PRIVATE || s->keyring_mode == KEYRING_SHARED;
        return 0;
}

int sandbox_plan_new(const ExecSettings *s, SandboxPlan **ret, SandboxFailure *ret_failure) {
        SandboxPlan *p = xcalloc(1, sizeof(SandboxPlan));
        p->dynamic_uid_lock = -1;
        SandboxFailure dummy;
        int r = plan_fill(s, p, ret_failure ? ret_failure : &dummy);
        if (r < 0) {
                sandbox_plan_free(p);
                return r;
        }
        *ret = p;
        return 0;
}
