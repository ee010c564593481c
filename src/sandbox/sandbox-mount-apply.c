/* SPDX-License-Identifier: MIT */
/* Applies the mount table in the sandbox child: every mount first (by fd: open_tree,
 * fsmount, move_mount; targets opened without following symlinks), then the read-only
 * and noexec passes over each entry and every mount below it. */
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "sandbox-mount.h"

#define MOUNTINFO_MAX (8u << 20)

static int open_nofollow(const char *path, int flags) {
        struct open_how how = {
                .flags = O_CLOEXEC | flags,
                .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
        };
        int fd = (int) syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
        return fd < 0 ? -errno : fd;
}

static int attach(int tree_fd, int target_fd) {
        return RET_NERRNO(move_mount(tree_fd, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH));
}

static int clone_tree(int dfd, const char *path, bool recursive) {
        unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
        if (isempty(path))
                flags |= AT_EMPTY_PATH;
        int fd = open_tree(dfd, strempty(path), flags);
        return fd < 0 ? -errno : fd;
}

/* set: attributes to set; a negative-flagged clear is passed as ATTR_CLEAR | flag. */
#define ATTR_CLEAR (UINT64_C(1) << 63)

static int set_attr(int fd, const char *path, uint64_t set, bool recursive) {
        struct mount_attr a = { .attr_set = set };
        if (set & ATTR_CLEAR)
                a = (struct mount_attr) { .attr_clr = set & ~ATTR_CLEAR };
        unsigned flags = (isempty(path) ? AT_EMPTY_PATH : 0) | (recursive ? AT_RECURSIVE : 0);
        return RET_NERRNO(mount_setattr(fd, strempty(path), flags, &a, sizeof(a)));
}

/* A detached file system instance; options "k=v,flag,...". */
static int fs_new(const char *type, const char *options, uint64_t attrs) {
        _cleanup_close_ int fs = fsopen(type, FSOPEN_CLOEXEC);
        if (fs < 0)
                return -errno;
        if (fsconfig(fs, FSCONFIG_SET_STRING, "source", type, 0) < 0)
                return -errno;
        _cleanup_free_ char *copy = xstrdup(strempty(options));
        for (char *p = copy, *next; p && *p; p = next) {
                next = strchr(p, ',');
                if (next)
                        *next++ = 0;
                char *v = strchr(p, '=');
                if (v)
                        *v++ = 0;
                if (*p == 0 || streq(p, "ro") || streq(p, "rw"))
                        continue; /* applied by the read-only pass */
                if (fsconfig(fs, v ? FSCONFIG_SET_STRING : FSCONFIG_SET_FLAG, p, v, 0) < 0)
                        return -errno;
        }
        if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
                return -errno;
        int mnt = fsmount(fs, FSMOUNT_CLOEXEC, attrs);
        return mnt < 0 ? -errno : mnt;
}

static int mkdir_parents(const char *path) {
        char buf[PATH_MAX];
        if (snprintf(buf, sizeof(buf), "%s", path) >= (int) sizeof(buf))
                return -ENAMETOOLONG;
        for (char *p = buf + 1; (p = strchr(p, '/')); p++) {
                *p = 0;
                if (mkdir(buf, 0755) < 0 && errno != EEXIST)
                        return -errno;
                *p = '/';
        }
        return 0;
}

/* Creates a missing mount target: a directory, or an empty file for a non-directory source. */
static int create_target(const char *path, bool dir) {
        int r = mkdir_parents(path);
        if (r < 0)
                return r;
        if (dir)
                return mkdir(path, 0755) < 0 && errno != EEXIST ? -errno : 0;
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
                return errno == EEXIST ? 0 : -errno;
        (void) close(fd);
        return 0;
}

static int is_mount_root(int fd) {
        struct statx sx;
        if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_TYPE, &sx) < 0)
                return -errno;
        if (!(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
                return -EOPNOTSUPP;
        return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

/* Nodes to cover inaccessible paths with, one per file type, mode 0000, on a private
 * read-only tmpfs that is never attached anywhere itself. */
typedef struct Inaccessible {
        int fd;
} Inaccessible;

static int inaccessible_init(Inaccessible *in) {
        if (in->fd >= 0)
                return 0;
        int fd = fs_new("tmpfs", "mode=0755,size=64k", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
        if (fd < 0)
                return fd;
        /* In a user namespace device nodes cannot be made: a mode 0000 file stands in (the
         * mount is nodev anyway, so a device node there could not be opened either). */
        if (mknodat(fd, "chr", S_IFCHR, makedev(0, 0)) < 0 && (errno != EPERM || mknodat(fd, "chr", S_IFREG, 0) < 0))
                goto fail;
        if (mknodat(fd, "blk", S_IFBLK, makedev(0, 0)) < 0 && (errno != EPERM || mknodat(fd, "blk", S_IFREG, 0) < 0))
                goto fail;
        if (mkdirat(fd, "dir", 0) < 0 || mknodat(fd, "reg", S_IFREG, 0) < 0 || mknodat(fd, "fifo", S_IFIFO, 0) < 0 ||
            mknodat(fd, "sock", S_IFSOCK, 0) < 0) {
        fail:;
                int r = -errno;
                (void) close(fd);
                return r;
        }
        int r = set_attr(fd, "", MOUNT_ATTR_RDONLY, false);
        if (r < 0) {
                (void) close(fd);
                return r;
        }
        in->fd = fd;
        return 0;
}

static int apply_inaccessible(Inaccessible *in, int target) {
        struct stat st;
        if (fstatat(target, "", &st, AT_EMPTY_PATH) < 0)
                return -errno;
        const char *node = S_ISDIR(st.st_mode) ? "dir" : S_ISCHR(st.st_mode) ? "chr" :
                           S_ISBLK(st.st_mode) ? "blk" : S_ISFIFO(st.st_mode) ? "fifo" :
                           S_ISSOCK(st.st_mode) ? "sock" : "reg";
        int r = inaccessible_init(in);
        if (r < 0)
                return r;
        _cleanup_close_ int tree = clone_tree(in->fd, node, false);
        if (tree < 0)
                return tree;
        return attach(tree, target);
}

static int apply_self_bind(int target) {
        int r = is_mount_root(target);
        if (r != 0)
                return r < 0 ? r : 0;
        _cleanup_close_ int tree = clone_tree(target, "", true);
        if (tree < 0)
                return tree;
        return attach(tree, target);
}

/* src: the source, opened before the first mount (as systemd, sources are seen as on the
 * host, even where an entry applied earlier covers them). */
static int apply_bind(const MountEntry *m, int src, int target) {
        if (src < 0)
                return src;
        _cleanup_close_ int tree = clone_tree(src, "", m->recursive);
        if (tree < 0)
                return tree;
        return attach(tree, target);
}

static int apply_fs(int target, const char *type, const char *options, uint64_t attrs) {
        _cleanup_close_ int mnt = fs_new(type, options, attrs);
        if (mnt < 0)
                return mnt;
        return attach(mnt, target);
}

int sandbox_private_dev_apply(int target); /* sandbox-dev.c */

static int apply_one(const MountEntry *m, Inaccessible *in, int src, int target) {
        switch (m->mode) {
        case MOUNT_INACCESSIBLE:
                return apply_inaccessible(in, target);
        case MOUNT_BIND:
                return apply_bind(m, src, target);
        case MOUNT_PRIVATE_TMP:
                return apply_fs(target, "tmpfs", "mode=1777",
                                MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_STRICTATIME);
        case MOUNT_PRIVATE_DEV:
                return sandbox_private_dev_apply(target);
        case MOUNT_PROCFS:
                return apply_fs(target, "proc", m->options,
                                MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
        case MOUNT_TMPFS:
                return apply_fs(target, "tmpfs", m->options, MOUNT_ATTR_NODEV | MOUNT_ATTR_STRICTATIME);
        case MOUNT_READONLY:
        case MOUNT_READWRITE:
        case MOUNT_NOEXEC:
        case MOUNT_EXEC:
        case MOUNT_READWRITE_IMPLICIT:
                return apply_self_bind(target);
        default:
                return -EINVAL;
        }
}

/* Opens the target of m, creating it if the entry allows. 0 with *ret = -1: missing and
 * may be skipped. */
static int open_target(const MountEntry *m, int src, int *ret) {
        int fd = open_nofollow(m->path, O_PATH);
        if (fd == -ENOENT && m->create) {
                struct stat st;
                bool dir = !m->source || (src >= 0 && fstat(src, &st) >= 0 && S_ISDIR(st.st_mode));
                int r = create_target(m->path, dir);
                if (r < 0)
                        return r;
                fd = open_nofollow(m->path, O_PATH);
        }
        if (fd == -ENOENT && m->ignore_missing) {
                *ret = -1;
                return 0;
        }
        if (fd < 0)
                return fd;
        *ret = fd;
        return 0;
}

/* Mount points from /proc/self/mountinfo, unescaped, in a NUL-separated buffer. */
typedef struct MountPoints {
        char *buf;
        char **paths;
        size_t n;
} MountPoints;

static void mount_points_done(MountPoints *mp) {
        free(mp->buf);
        free(mp->paths);
}

static void unescape_octal(char *s) {
        char *o = s;
        for (char *p = s; *p; p++) {
                if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' &&
                    p[3] <= '7') {
                        *o++ = (char) (((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0'));
                        p += 3;
                } else
                        *o++ = *p;
        }
        *o = 0;
}

static int mount_points_read(MountPoints *ret) {
        _cleanup_close_ int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        size_t size = 0, alloc = 0;
        char *buf = NULL;
        for (;;) {
                GREEDY_REALLOC(buf, alloc, size + 65536);
                ssize_t k = read(fd, buf + size, alloc - size - 1);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0) {
                        free(buf);
                        return -errno;
                }
                if (k == 0)
                        break;
                size += (size_t) k;
                if (size > MOUNTINFO_MAX) {
                        free(buf);
                        return -EFBIG;
                }
        }
        buf[size] = 0;
        MountPoints mp = { .buf = buf };
        size_t alloc_paths = 0;
        for (char *line = buf, *next; line && *line; line = next) {
                next = strchr(line, '\n');
                if (next)
                        *next++ = 0;
                char *f = line;
                for (int i = 0; i < 4 && f; i++) /* mount id, parent id, major:minor, root */
                        f = strchr(f, ' ') ? strchr(f, ' ') + 1 : NULL;
                if (!f)
                        continue;
                f[strcspn(f, " ")] = 0;
                unescape_octal(f);
                GREEDY_REALLOC(mp.paths, alloc_paths, mp.n + 1);
                mp.paths[mp.n++] = f;
        }
        *ret = mp;
        return 0;
}

/* True if mount point p (below entry i) is under another entry j below i that keeps its own
 * setting (deny(j) true). */
static bool excluded(const MountTable *t, const bool *applied, size_t i, const char *p,
                     bool (*deny)(const MountEntry *m)) {
        for (size_t j = i + 1; j < t->n; j++) {
                const MountEntry *d = &t->entries[j];
                if (!applied[j] || streq(d->path, t->entries[i].path))
                        continue;
                if (!path_below_or_equal(d->path, t->entries[i].path))
                        break; /* sorted: nothing further is below i */
                if (deny(d) && path_below_or_equal(p, d->path))
                        return true;
        }
        return false;
}

/* As systemd 252: the read-only pass of an entry leaves the trees of all other entries below
 * it to them (so NoExecPaths=/ExecPaths= entries under ProtectSystem=strict stay writable,
 * as there); the noexec pass leaves those of other ExecPaths=/NoExecPaths= entries. */
static bool keeps_write(const MountEntry *m) {
        (void) m;
        return true;
}

static bool keeps_exec(const MountEntry *m) {
        return m->mode == MOUNT_EXEC || m->mode == MOUNT_NOEXEC;
}

static int flag_pass(const MountTable *t, const bool *applied, const MountPoints *mp, size_t i, uint64_t attr,
                     bool recursive, bool (*deny)(const MountEntry *m)) {
        const char *top = t->entries[i].path;
        _cleanup_close_ int fd = open_nofollow(top, O_PATH);
        if (fd < 0)
                return fd;
        int r = set_attr(fd, "", attr, false);
        if (r < 0 || !recursive)
                return r;
        for (size_t k = 0; k < mp->n; k++) {
                const char *p = mp->paths[k];
                if (streq(p, top) || !path_below_or_equal(p, top) || excluded(t, applied, i, p, deny))
                        continue;
                _cleanup_close_ int sub = open_nofollow(p, O_PATH);
                if (sub == -ENOENT || sub == -EACCES || sub == -ELOOP)
                        continue; /* hidden by a mount on top: nothing reachable to protect */
                if (sub < 0)
                        return sub;
                r = set_attr(sub, "", attr, false);
                if (r < 0 && r != -EINVAL) /* EINVAL: not a mount point any more (covered) */
                        return r;
        }
        return 0;
}

static int flag_passes(const MountTable *t, const bool *applied, SandboxFailure *f) {
        MountPoints mp = {};
        int r = mount_points_read(&mp);
        if (r < 0)
                return sandbox_fail(f, SANDBOX_STEP_MOUNT_FLAGS, r, "/proc/self/mountinfo");
        for (size_t i = 0; i < t->n && r >= 0; i++) {
                const MountEntry *m = &t->entries[i];
                if (!applied[i])
                        continue;
                if (mount_entry_read_only(m) || m->mode == MOUNT_PRIVATE_DEV) {
                        bool rec = m->mode != MOUNT_TMPFS && m->mode != MOUNT_PRIVATE_DEV;
                        r = flag_pass(t, applied, &mp, i, MOUNT_ATTR_RDONLY, rec, keeps_write);
                }
                if (r >= 0 && mount_entry_noexec(m))
                        r = flag_pass(t, applied, &mp, i, MOUNT_ATTR_NOEXEC, true, keeps_exec);
                else if (r >= 0 && m->mode == MOUNT_EXEC) /* ExecPaths= lifts noexec, as systemd does */
                        r = flag_pass(t, applied, &mp, i, ATTR_CLEAR | MOUNT_ATTR_NOEXEC, true, keeps_exec);
                if (r < 0)
                        (void) sandbox_fail(f, m->step, r, m->path);
        }
        mount_points_done(&mp);
        return r;
}

/* The bind sources, each opened before any mount; a negative errno where that failed. */
static int *open_sources(const MountTable *t) {
        int *src = xcalloc(t->n ? t->n : 1, sizeof(int));
        for (size_t i = 0; i < t->n; i++)
                src[i] = t->entries[i].mode == MOUNT_BIND ? open_nofollow(t->entries[i].source, O_PATH) : -EBADF;
        return src;
}

static void close_sources(const MountTable *t, int *src) {
        for (size_t i = 0; i < t->n; i++)
                if (src[i] >= 0)
                        (void) close(src[i]);
        free(src);
}

int sandbox_mounts_apply(const MountTable *t, SandboxFailure *f) {
        Inaccessible in = { .fd = -1 };
        bool *applied = xcalloc(t->n ? t->n : 1, sizeof(bool));
        int *src = open_sources(t);
        int r = 0;
        for (size_t i = 0; i < t->n && r >= 0; i++) {
                const MountEntry *m = &t->entries[i];
                int target = -1;
                if (m->mode == MOUNT_BIND && src[i] < 0) {
                        if (src[i] == -ENOENT && m->ignore_missing)
                                continue; /* "-" source that does not exist: skipped, as systemd does */
                        r = src[i]; /* before any mount point is made for it */
                        (void) sandbox_fail(f, m->step, -r, m->source);
                        break;
                }
                r = open_target(m, src[i], &target);
                if (r >= 0 && target >= 0) {
                        r = apply_one(m, &in, src[i], target);
                        (void) close(target);
                        applied[i] = r >= 0;
                }
                if (r < 0)
                        (void) sandbox_fail(f, m->step, r, m->path);
        }
        close_sources(t, src);
        if (r >= 0)
                r = flag_passes(t, applied, f);
        if (in.fd >= 0)
                (void) close(in.fd);
        free(applied);
        return r;
}
