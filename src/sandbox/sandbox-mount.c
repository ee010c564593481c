/* SPDX-License-Identifier: MIT */
/* The sandbox's mount table: directive tables, normalization, sorting, pruning. */
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <sys/syscall.h>

#include "sandbox-mount.h"

typedef struct MountTemplate {
        const char *path;
        MountMode mode;
        bool ignore_missing;
        bool read_only;
        const char *options;
} MountTemplate;

#define T_END { NULL, 0, false, false, NULL }

/* The facts below are systemd.exec(5)'s, checked against systemd 252's behaviour. */
static const MountTemplate protect_system_yes[] = {
        { "/usr", MOUNT_READONLY, false },
        { "/boot", MOUNT_READONLY, true },
        { "/efi", MOUNT_READONLY, true },
        T_END,
};
static const MountTemplate protect_system_full[] = {
        { "/usr", MOUNT_READONLY, false },
        { "/boot", MOUNT_READONLY, true },
        { "/efi", MOUNT_READONLY, true },
        { "/etc", MOUNT_READONLY, false },
        T_END,
};
/* strict: everything read-only except the API file systems (left to PrivateDevices= and
 * ProtectKernelTunables=) and the home directories (left to ProtectHome=). */
static const MountTemplate protect_system_strict[] = {
        { "/", MOUNT_READONLY, false },
        { "/proc", MOUNT_READWRITE_IMPLICIT, false },
        { "/sys", MOUNT_READWRITE_IMPLICIT, false },
        { "/dev", MOUNT_READWRITE_IMPLICIT, false },
        { "/home", MOUNT_READWRITE_IMPLICIT, true },
        { "/run/user", MOUNT_READWRITE_IMPLICIT, true },
        { "/root", MOUNT_READWRITE_IMPLICIT, true },
        T_END,
};
static const MountTemplate protect_home_yes[] = {
        { "/home", MOUNT_INACCESSIBLE, true },
        { "/run/user", MOUNT_INACCESSIBLE, true },
        { "/root", MOUNT_INACCESSIBLE, true },
        T_END,
};
static const MountTemplate protect_home_read_only[] = {
        { "/home", MOUNT_READONLY, true },
        { "/run/user", MOUNT_READONLY, true },
        { "/root", MOUNT_READONLY, true },
        T_END,
};
/* Writable: systemd 252 mounts these tmpfs read-write (checked against it), whatever older
 * man pages say. */
static const MountTemplate protect_home_tmpfs[] = {
        { "/home", MOUNT_TMPFS, true, false, "mode=0755" },
        { "/run/user", MOUNT_TMPFS, true, false, "mode=0755" },
        { "/root", MOUNT_TMPFS, true, false, "mode=0755" },
        T_END,
};
static const MountTemplate private_tmp[] = {
        { "/tmp", MOUNT_PRIVATE_TMP, false },
        { "/var/tmp", MOUNT_PRIVATE_TMP, true },
        T_END,
};
static const MountTemplate private_devices[] = {
        { "/dev", MOUNT_PRIVATE_DEV, false },
        T_END,
};
static const MountTemplate protect_kernel_tunables[] = {
        { "/proc/acpi", MOUNT_READONLY, true },
        { "/proc/apm", MOUNT_READONLY, true },
        { "/proc/asound", MOUNT_READONLY, true },
        { "/proc/bus", MOUNT_READONLY, true },
        { "/proc/fs", MOUNT_READONLY, true },
        { "/proc/irq", MOUNT_READONLY, true },
        { "/proc/kallsyms", MOUNT_INACCESSIBLE, true },
        { "/proc/kcore", MOUNT_INACCESSIBLE, true },
        { "/proc/latency_stats", MOUNT_READONLY, true },
        { "/proc/mtrr", MOUNT_READONLY, true },
        { "/proc/scsi", MOUNT_READONLY, true },
        { "/proc/sys", MOUNT_READONLY, true },
        { "/proc/sysrq-trigger", MOUNT_READONLY, true },
        { "/proc/timer_stats", MOUNT_READONLY, true },
        { "/sys", MOUNT_READONLY, false },
        { "/sys/fs/bpf", MOUNT_INACCESSIBLE, true },
        { "/sys/fs/cgroup", MOUNT_READWRITE_IMPLICIT, false }, /* ProtectControlGroups= decides */
        { "/sys/fs/selinux", MOUNT_READWRITE_IMPLICIT, true },
        { "/sys/kernel/debug", MOUNT_READONLY, true },
        { "/sys/kernel/tracing", MOUNT_READONLY, true },
        T_END,
};
static const MountTemplate protect_kernel_modules[] = {
        { "/lib/modules", MOUNT_INACCESSIBLE, true },
        { "/usr/lib/modules", MOUNT_INACCESSIBLE, true },
        T_END,
};
static const MountTemplate protect_kernel_logs[] = {
        { "/proc/kmsg", MOUNT_INACCESSIBLE, true },
        { "/dev/kmsg", MOUNT_INACCESSIBLE, true },
        T_END,
};
static const MountTemplate protect_control_groups[] = {
        { "/sys/fs/cgroup", MOUNT_READONLY, false },
        T_END,
};

void mount_table_done(MountTable *t) {
        for (size_t i = 0; i < t->n; i++) {
                free(t->entries[i].path);
                free(t->entries[i].source);
                free(t->entries[i].options);
        }
        free(t->entries);
        free(t->root);
        *t = (MountTable) {};
}

/* Absolute, single slashes, "." components dropped, no trailing slash; NULL if not absolute or
 * with a ".." component. */
static char *path_normalize(const char *p) {
        if (!p || p[0] != '/' || strlen(p) >= PATH_MAX)
                return NULL;
        char *out = xmalloc(strlen(p) + 2);
        size_t o = 0;
        for (const char *s = p; *s;) {
                while (*s == '/')
                        s++;
                size_t l = strcspn(s, "/");
                if (l == 0)
                        break;
                if (l == 1 && s[0] == '.') {
                        s += l;
                        continue;
                }
                if (l == 2 && s[0] == '.' && s[1] == '.') {
                        free(out);
                        return NULL;
                }
                out[o++] = '/';
                memcpy(out + o, s, l);
                o += l;
                s += l;
        }
        if (o == 0)
                out[o++] = '/';
        out[o] = 0;
        return out;
}

bool path_below_or_equal(const char *path, const char *prefix) {
        if (streq(prefix, "/"))
                return path[0] == '/';
        const char *rest = startswith(path, prefix);
        return rest && (*rest == 0 || *rest == '/');
}

int sandbox_fail(SandboxFailure *f, SandboxStep step, int error, const char *path) {
        error = error < 0 ? -error : error;
        if (f) {
                *f = (SandboxFailure) { .step = step, .error = error };
                if (path)
                        snprintf(f->path, sizeof(f->path), "%s", path);
        }
        return -error;
}

/* "ro" among the comma-separated options. */
static bool options_read_only(const char *opts) {
        for (const char *p = opts; p && *p;) {
                size_t l = strcspn(p, ",");
                if (l == 2 && strncmp(p, "ro", 2) == 0)
                        return true;
                p += l + (p[l] == ',');
        }
        return false;
}

/* in_root: the path is inside RootDirectory= (templates, "+" paths, mount targets); the
 * entry then holds the host path root + path. */
static int table_add_at(MountTable *t, const char *path, bool in_root, MountMode mode, SandboxStep step,
                        bool ignore_missing, SandboxFailure *f, MountEntry **ret) {
        char *norm = path_normalize(path);
        if (!norm) {
                (void) sandbox_fail(f, step, EINVAL, path);
                return -EINVAL;
        }
        in_root = in_root && t->root;
        if (in_root) {
                char *full = streq(norm, "/") ? xstrdup(t->root) : xasprintf("%s%s", t->root, norm);
                free(norm);
                norm = full;
        }
        GREEDY_REALLOC(t->entries, t->allocated, t->n + 1);
        MountEntry *m = &t->entries[t->n++];
        *m = (MountEntry) { .path = norm, .mode = mode, .step = step, .ignore_missing = ignore_missing, .in_root = in_root };
        if (ret)
                *ret = m;
        return 0;
}

static int table_add(MountTable *t, const char *path, MountMode mode, SandboxStep step, bool ignore_missing,
                     SandboxFailure *f, MountEntry **ret) {
        return table_add_at(t, path, true, mode, step, ignore_missing, f, ret);
}

int mount_table_add_created(MountTable *t, const char *path, MountMode mode, SandboxStep step, SandboxFailure *f) {
        MountEntry *m;
        int r = table_add(t, path, mode, step, false, f, &m);
        if (r >= 0)
                m->create = true;
        return r;
}

int mount_table_add_private_directory(MountTable *t, const char *private_root, const char *dir, SandboxFailure *f) {
        MountEntry *m;
        int r = table_add(t, private_root, MOUNT_TMPFS, SANDBOX_STEP_EXEC_DIRECTORIES, false, f, &m);
        if (r < 0)
                return r;
        m->options = xstrdup("mode=0755");
        m->read_only = m->create = true;
        r = table_add(t, dir, MOUNT_BIND, SANDBOX_STEP_EXEC_DIRECTORIES, false, f, &m);
        if (r < 0)
                return r;
        m->source = xstrdup(dir);
        m->create = m->source_prepared = true;
        return 0;
}

static int add_templates(MountTable *t, const MountTemplate *tpl, SandboxStep step, SandboxFailure *f) {
        for (; tpl->path; tpl++) {
                MountEntry *m;
                int r = table_add(t, tpl->path, tpl->mode, step, tpl->ignore_missing, f, &m);
                if (r < 0)
                        return r;
                m->read_only = tpl->read_only;
                m->options = tpl->options ? xstrdup(tpl->options) : NULL;
                m->create = tpl->mode == MOUNT_TMPFS && !tpl->ignore_missing;
        }
        return 0;
}

static int add_path_list(MountTable *t, const PathList *l, MountMode mode, SandboxStep step, SandboxFailure *f) {
        for (size_t i = 0; i < l->n; i++) {
                int r = table_add_at(t, l->entries[i].path, l->entries[i].relative_to_root, mode, step,
                                     l->entries[i].ignore_missing, f, NULL);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int add_binds(MountTable *t, const ExecSettings *s, SandboxFailure *f) {
        for (size_t i = 0; i < s->n_bind_mounts; i++) {
                const BindMount *b = &s->bind_mounts[i];
                MountEntry *m;
                int r = table_add_at(t, b->destination, true, MOUNT_BIND, SANDBOX_STEP_BIND_PATHS, b->ignore_missing, f, &m);
                if (r < 0)
                        return r;
                m->source = path_normalize(b->source);
                if (!m->source) {
                        (void) sandbox_fail(f, SANDBOX_STEP_BIND_PATHS, EINVAL, b->source);
                        return -EINVAL;
                }
                m->read_only = b->read_only;
                m->recursive = b->recursive;
                m->create = true;
        }
        return 0;
}

/* TemporaryFileSystem=PATH[:OPTIONS]: "ro" makes it read-only; the rest goes to tmpfs. */
static int add_tmpfs(MountTable *t, const ExecSettings *s, SandboxFailure *f) {
        for (size_t i = 0; i < s->n_temporary_filesystems; i++) {
                const TemporaryFileSystem *tf = &s->temporary_filesystems[i];
                MountEntry *m;
                int r = table_add(t, tf->path, MOUNT_TMPFS, SANDBOX_STEP_TEMPORARY_FILE_SYSTEM, false, f, &m);
                if (r < 0)
                        return r;
                m->create = true;
                m->options = xstrdup(isempty(tf->options) ? "mode=0755" : tf->options);
                m->read_only = options_read_only(tf->options);
        }
        return 0;
}

static int add_directives(MountTable *t, const ExecSettings *s, SandboxFailure *f) {
        static const MountTemplate *const system_tables[_PROTECT_SYSTEM_MAX] = {
                [PROTECT_SYSTEM_YES] = protect_system_yes,
                [PROTECT_SYSTEM_FULL] = protect_system_full,
                [PROTECT_SYSTEM_STRICT] = protect_system_strict,
        };
        static const MountTemplate *const home_tables[_PROTECT_HOME_MAX] = {
                [PROTECT_HOME_YES] = protect_home_yes,
                [PROTECT_HOME_READ_ONLY] = protect_home_read_only,
                [PROTECT_HOME_TMPFS] = protect_home_tmpfs,
        };
        const struct {
                bool on;
                const MountTemplate *tpl;
                SandboxStep step;
        } rows[] = {
                { s->protect_system > 0 && s->protect_system < _PROTECT_SYSTEM_MAX,
                  s->protect_system > 0 && s->protect_system < _PROTECT_SYSTEM_MAX ? system_tables[s->protect_system] : NULL,
                  SANDBOX_STEP_PROTECT_SYSTEM },
                { s->protect_home > 0 && s->protect_home < _PROTECT_HOME_MAX,
                  s->protect_home > 0 && s->protect_home < _PROTECT_HOME_MAX ? home_tables[s->protect_home] : NULL,
                  SANDBOX_STEP_PROTECT_HOME },
                { s->private_tmp, private_tmp, SANDBOX_STEP_PRIVATE_TMP },
                { s->private_devices, private_devices, SANDBOX_STEP_PRIVATE_DEVICES },
                { s->protect_kernel_tunables, protect_kernel_tunables, SANDBOX_STEP_PROTECT_KERNEL_TUNABLES },
                { s->protect_kernel_modules, protect_kernel_modules, SANDBOX_STEP_PROTECT_KERNEL_MODULES },
                { s->protect_kernel_logs, protect_kernel_logs, SANDBOX_STEP_PROTECT_KERNEL_LOGS },
                { s->protect_control_groups, protect_control_groups, SANDBOX_STEP_PROTECT_CONTROL_GROUPS },
        };
        for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
                if (!rows[i].on)
                        continue;
                int r = add_templates(t, rows[i].tpl, rows[i].step, f);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int add_procfs(MountTable *t, const ExecSettings *s, SandboxFailure *f) {
        static const char *const hidepid[_PROTECT_PROC_MAX] = {
                [PROTECT_PROC_NOACCESS] = "hidepid=noaccess",
                [PROTECT_PROC_INVISIBLE] = "hidepid=invisible",
                [PROTECT_PROC_PTRACEABLE] = "hidepid=ptraceable",
        };
        bool pp = s->protect_proc > PROTECT_PROC_DEFAULT && s->protect_proc < _PROTECT_PROC_MAX;
        bool subset = s->proc_subset == PROC_SUBSET_PID;
        if (!pp && !subset)
                return 0;
        MountEntry *m;
        int r = table_add(t, "/proc", MOUNT_PROCFS, SANDBOX_STEP_PROTECT_PROC, false, f, &m);
        if (r < 0)
                return r;
        if (pp && subset)
                m->options = xasprintf("%s,subset=pid", hidepid[s->protect_proc]);
        else
                m->options = xstrdup(pp ? hidepid[s->protect_proc] : "subset=pid");
        return 0;
}

/* Component-wise order: a parent sorts before its children ("/a" < "/a/b" < "/a-b"). */
static int path_compare(const char *a, const char *b) {
        for (;;) {
                while (*a == '/')
                        a++;
                while (*b == '/')
                        b++;
                if (!*a || !*b)
                        return (*a != 0) - (*b != 0);
                size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
                int c = strncmp(a, b, la < lb ? la : lb);
                if (c != 0)
                        return c;
                if (la != lb)
                        return la < lb ? -1 : 1;
                a += la;
                b += lb;
        }
}

static int entry_compare(const void *x, const void *y) {
        const MountEntry *a = x, *b = y;
        int c = path_compare(a->path, b->path);
        if (c != 0)
                return c;
        return (a->mode > b->mode) - (a->mode < b->mode);
}

static void entry_drop(MountEntry *m) {
        free(m->path);
        free(m->source);
        free(m->options);
}

/* Equal paths: the first (most restrictive) wins; as systemd, the survivor keeps the loser's
 * read-only flag (and here its noexec one: never weaker than asked). */
static void drop_duplicates(MountTable *t) {
        size_t k = 0;
        for (size_t i = 0; i < t->n; i++) {
                MountEntry *m = &t->entries[i];
                if (k > 0 && streq(t->entries[k - 1].path, m->path)) {
                        t->entries[k - 1].read_only = t->entries[k - 1].read_only || mount_entry_read_only(m);
                        t->entries[k - 1].noexec = t->entries[k - 1].noexec || mount_entry_noexec(m);
                        entry_drop(m);
                } else
                        t->entries[k++] = *m;
        }
        t->n = k;
}

/* Below an inaccessible path nothing else matters. */
static void drop_inaccessible(MountTable *t) {
        size_t k = 0;
        const char *hidden = NULL;
        for (size_t i = 0; i < t->n; i++) {
                MountEntry *m = &t->entries[i];
                if (hidden && path_below_or_equal(m->path, hidden)) {
                        entry_drop(m);
                        continue;
                }
                t->entries[k++] = *m;
                hidden = m->mode == MOUNT_INACCESSIBLE ? t->entries[k - 1].path : NULL;
        }
        t->n = k;
}

/* A read-only/read-write mark below a parent entry with the same mark changes nothing. */
static void drop_nop(MountTable *t) {
        size_t k = 0;
        for (size_t i = 0; i < t->n; i++) {
                MountEntry *m = &t->entries[i];
                bool drop = false;
                if (m->mode == MOUNT_READONLY || m->mode == MOUNT_READWRITE || m->mode == MOUNT_READWRITE_IMPLICIT)
                        for (size_t j = k; j-- > 0;)
                                if (path_below_or_equal(m->path, t->entries[j].path)) {
                                        drop = t->entries[j].mode == m->mode && !m->noexec;
                                        break; /* the closest parent decides */
                                }
                if (drop)
                        entry_drop(m);
                else
                        t->entries[k++] = *m;
        }
        t->n = k;
}

static void table_prune(MountTable *t) {
        drop_duplicates(t);
        drop_inaccessible(t);
        drop_nop(t);
}

static void table_sort_prune(MountTable *t) {
        if (t->n > 1)
                qsort(t->entries, t->n, sizeof(MountEntry), entry_compare);
        table_prune(t);
}

static int canonicalize(const char *p, char **ret);

/* RootDirectory=: the root bound onto itself (so that it can become "/"), and the API file
 * systems in it as systemd 252 mounts them: a fresh /proc, the host's /dev (unless
 * PrivateDevices=) and /sys, an empty /run. */
static int add_root(MountTable *t, const ExecSettings *s, SandboxFailure *f) {
        static const struct {
                const char *path, *source;
                MountMode mode;
        } api[] = {
                { "/proc", NULL, MOUNT_PROCFS },
                { "/dev", "/dev", MOUNT_BIND },
                { "/sys", "/sys", MOUNT_BIND },
                { "/run", NULL, MOUNT_TMPFS },
        };
        MountEntry *m;
        int r = table_add_at(t, "/", true, MOUNT_BIND, SANDBOX_STEP_ROOT_DIRECTORY, false, f, &m);
        if (r < 0)
                return r;
        m->source = xstrdup(t->root);
        m->recursive = true;
        for (size_t i = 0; i < ELEMENTSOF(api); i++) {
                if ((api[i].mode == MOUNT_PROCFS && (s->protect_proc > 0 || s->proc_subset == PROC_SUBSET_PID)) ||
                    (streq(api[i].path, "/dev") && s->private_devices))
                        continue; /* their own directive mounts them */
                r = table_add_at(t, api[i].path, true, api[i].mode, SANDBOX_STEP_ROOT_DIRECTORY, false, f, &m);
                if (r < 0)
                        return r;
                m->source = api[i].source ? xstrdup(api[i].source) : NULL;
                m->recursive = true;
                m->options = api[i].mode == MOUNT_TMPFS ? xstrdup("mode=0755") : NULL;
        }
        return 0;
}

int mount_table_build(const ExecSettings *s, MountTable *ret, SandboxFailure *f) {
        MountTable t = {};
        int r = 0;
        if (s->root_directory) {
                /* the one host read of the build: the root's canonical path prefixes entries */
                r = canonicalize(s->root_directory, &t.root);
                if (r < 0)
                        (void) sandbox_fail(f, SANDBOX_STEP_ROOT_DIRECTORY, r, s->root_directory);
                else if (streq(t.root, "/"))
                        r = sandbox_fail(f, SANDBOX_STEP_ROOT_DIRECTORY, EINVAL, s->root_directory);
                else
                        r = add_root(&t, s, f);
        }
        if (r >= 0)
                r = add_directives(&t, s, f);
        if (r >= 0)
                r = add_procfs(&t, s, f);
        if (r >= 0)
                r = add_path_list(&t, &s->read_write_paths, MOUNT_READWRITE, SANDBOX_STEP_READ_WRITE_PATHS, f);
        if (r >= 0)
                r = add_path_list(&t, &s->read_only_paths, MOUNT_READONLY, SANDBOX_STEP_READ_ONLY_PATHS, f);
        if (r >= 0)
                r = add_path_list(&t, &s->inaccessible_paths, MOUNT_INACCESSIBLE, SANDBOX_STEP_INACCESSIBLE_PATHS, f);
        if (r >= 0)
                r = add_path_list(&t, &s->exec_paths, MOUNT_EXEC, SANDBOX_STEP_EXEC_PATHS, f);
        if (r >= 0)
                r = add_path_list(&t, &s->no_exec_paths, MOUNT_NOEXEC, SANDBOX_STEP_NO_EXEC_PATHS, f);
        if (r >= 0)
                r = add_tmpfs(&t, s, f);
        if (r >= 0)
                r = add_binds(&t, s, f);
        if (r < 0) {
                mount_table_done(&t);
                return r;
        }
        table_sort_prune(&t);
        *ret = t;
        return 0;
}

bool mount_entry_read_only(const MountEntry *m) {
        return m->read_only || m->mode == MOUNT_READONLY || m->mode == MOUNT_INACCESSIBLE;
}

bool mount_entry_noexec(const MountEntry *m) {
        return m->noexec || m->mode == MOUNT_NOEXEC || m->mode == MOUNT_INACCESSIBLE || m->mode == MOUNT_PROCFS;
}

/* The canonical host path of p: symlinks resolved but never out of "/", no magic links.
 * -ENOENT if it does not exist. */
static int canonicalize_in(const char *root_dir, const char *p, char **ret) {
        struct open_how how = {
                .flags = O_PATH | O_CLOEXEC,
                .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
        };
        _cleanup_close_ int root = open(root_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (root < 0)
                return -errno;
        _cleanup_close_ int fd = (int) syscall(SYS_openat2, root, p, &how, sizeof(how));
        if (fd < 0)
                return -errno;
        char link[64], buf[PATH_MAX];
        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, buf, sizeof(buf) - 1);
        if (n < 0)
                return -errno;
        if (n == 0 || buf[0] != '/' || (size_t) n >= sizeof(buf) - 1)
                return -ENAMETOOLONG;
        buf[n] = 0;
        *ret = xstrdup(buf);
        return 0;
}

/* The canonical host path of an entry's path: inside RootDirectory= for in_root entries. */
static int canonicalize_entry(const MountTable *t, const MountEntry *m, char **ret) {
        if (!m->in_root || !t->root)
                return canonicalize_in("/", m->path, ret);
        const char *rel = startswith(m->path, t->root);
        return canonicalize_in(t->root, isempty(rel) ? "/" : rel, ret);
}

static int canonicalize(const char *p, char **ret) {
        return canonicalize_in("/", p, ret);
}

int mount_table_resolve(MountTable *t, SandboxFailure *f) {
        size_t k = 0;
        int r = 0;
        for (size_t i = 0; i < t->n; i++) {
                MountEntry *m = &t->entries[i];
                char *c = NULL;
                int q = r < 0 ? 0 : canonicalize_entry(t, m, &c);
                if (q >= 0 && c) {
                        free(m->path);
                        m->path = c;
                }
                if (r >= 0 && q >= 0 && m->source && !m->source_prepared) {
                        q = canonicalize(m->source, &c);
                        if (q >= 0) {
                                free(m->source);
                                m->source = c;
                        } else if (q == -ENOENT && m->ignore_missing) {
                                entry_drop(m);
                                continue;
                        } else {
                                (void) sandbox_fail(f, m->step, -q, m->source);
                                r = q;
                        }
                } else if (r >= 0 && q == -ENOENT) {
                        /* Missing targets that the sandbox creates, or that an earlier mount
                         * may provide, are checked again in the child. */
                        if (m->ignore_missing && !m->create) {
                                entry_drop(m);
                                continue;
                        }
                        if (!m->create && !m->ignore_missing) {
                                (void) sandbox_fail(f, m->step, ENOENT, m->path);
                                r = q;
                        }
                } else if (r >= 0 && q < 0) {
                        (void) sandbox_fail(f, m->step, -q, m->path);
                        r = q;
                }
                t->entries[k++] = *m;
        }
        t->n = k;
        if (r < 0)
                return r;
        table_sort_prune(t);
        return 0;
}
