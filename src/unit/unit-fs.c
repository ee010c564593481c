/* SPDX-License-Identifier: MIT */
/* Root-confined file access. Paths are resolved by an own bounded walk (lstat + readlink per
 * component, absolute symlink targets restart at the root, ".." stops at the root), then the
 * result is opened with openat2(RESOLVE_IN_ROOT|RESOLVE_NO_SYMLINKS|RESOLVE_NO_MAGICLINKS) so a
 * symlink swapped in meanwhile cannot lead out; without openat2, openat(O_NOFOLLOW) relative to
 * the root's fd. */
#include "unit-fs.h"

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

static int open_root(const char *root) {
        int fd = open(root ? root : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        return fd < 0 ? -errno : fd;
}

char *unit_fs_host_path(const char *root, const char *path) {
        if (!root)
                return xstrdup(path);
        return xasprintf("%s%s%s", root, path[0] == '/' ? "" : "/", path);
}

char *unit_fs_path_normalize(const char *path) {
        size_t n = strlen(path);
        char *out = xmalloc(n + 2);
        size_t o = 0;
        for (const char *p = path; *p;) {
                p += strspn(p, "/");
                size_t l = strcspn(p, "/");
                if (l == 0)
                        break;
                if (l == 1 && p[0] == '.') {
                } else if (l == 2 && p[0] == '.' && p[1] == '.') {
                        while (o > 0 && out[--o] != '/')
                                ;
                } else {
                        out[o++] = '/';
                        memcpy(out + o, p, l);
                        o += l;
                }
                p += l;
        }
        if (o == 0)
                out[o++] = '/';
        out[o] = 0;
        return out;
}

/* Drops the last component of done (a "/a/b" string, "" for the root). */
static void pop_component(char *done) {
        char *s = strrchr(done, '/');
        if (s)
                *s = 0;
}

static int stat_rel(int rootfd, const char *p, struct stat *st, int flags) {
        const char *rel = p[0] == '/' ? p + 1 : p;
        return RET_NERRNO(fstatat(rootfd, *rel ? rel : ".", st, flags | AT_EMPTY_PATH));
}

static int read_link_rel(int rootfd, const char *p, char **ret) {
        char buf[PATH_MAX];
        const char *rel = p[0] == '/' ? p + 1 : p;
        ssize_t n = readlinkat(rootfd, rel, buf, sizeof buf - 1);
        if (n < 0)
                return -errno;
        buf[n] = 0;
        *ret = xstrdup(buf);
        return 0;
}

/* Directories already walked without meeting a symlink or "..", per root: the walk of a file in
 * them starts behind them (a unit tree reads thousands of files from a handful of directories).
 * This is only a shortcut of the walk, not of the confinement: the file is then opened with
 * openat2(RESOLVE_IN_ROOT|RESOLVE_NO_SYMLINKS), so a directory swapped for a symlink since
 * fails the open instead of leading anywhere. Without openat2 the cache stays off. */
typedef struct DirCache {
        char *root;  /* "" for "/" */
        int root_fd; /* O_PATH fd of the root, or -1 */
        char *dirs[16];
        size_t next;
} DirCache;

static DirCache dir_cache = { .root_fd = -1 };
static int openat2_works = -1; /* unknown, 0, 1 */

void unit_fs_flush(void) {
        free(dir_cache.root);
        dir_cache.root = NULL;
        closep(&dir_cache.root_fd);
        dir_cache.root_fd = -1;
        for (size_t i = 0; i < ELEMENTSOF(dir_cache.dirs); i++) {
                free(dir_cache.dirs[i]);
                dir_cache.dirs[i] = NULL;
        }
        dir_cache.next = 0;
}

/* The root's fd: the cached one (borrowed, *ret_owned stays -1) while the cache is on and
 * for this root, else a new one that the caller closes through *ret_owned. */
static int root_get(const char *root, int *ret_owned) {
        *ret_owned = -1;
        if (openat2_works > 0 && dir_cache.root && streq(dir_cache.root, strempty(root))) {
                if (dir_cache.root_fd < 0)
                        dir_cache.root_fd = open_root(root);
                if (dir_cache.root_fd >= 0)
                        return dir_cache.root_fd;
        }
        int fd = open_root(root);
        if (fd >= 0)
                *ret_owned = fd;
        return fd;
}

static const char *dir_cache_lookup(const char *root, const char *path) {
        if (openat2_works <= 0 || !dir_cache.root || !streq(dir_cache.root, strempty(root)))
                return NULL;
        const char *slash = strrchr(path, '/');
        if (!slash || slash == path)
                return NULL;
        size_t l = (size_t) (slash - path);
        for (size_t i = 0; i < ELEMENTSOF(dir_cache.dirs); i++) {
                const char *d = dir_cache.dirs[i];
                if (d && strlen(d) == l && strncmp(d, path, l) == 0)
                        return d;
        }
        return NULL;
}

static void dir_cache_add(const char *root, const char *resolved) {
        const char *slash = strrchr(resolved, '/');
        if (openat2_works <= 0 || !slash || slash == resolved)
                return;
        if (!dir_cache.root || !streq(dir_cache.root, strempty(root))) {
                unit_fs_flush();
                dir_cache.root = xstrdup(strempty(root));
        }
        if (dir_cache_lookup(root, resolved))
                return;
        size_t i = dir_cache.next++ % ELEMENTSOF(dir_cache.dirs);
        free(dir_cache.dirs[i]);
        dir_cache.dirs[i] = xstrndup(resolved, (size_t) (slash - resolved));
}

/* Walks path inside the root. Besides the resolved path it notes what systemd 252, which opens
 * unit files and drop-ins through the host's file system, would have met: a symlink to
 * "/dev/null" (a mask: the walk stops there), or a way out of the root (an absolute symlink, or a
 * ".." above the root) — only when there is a root. */
static int chase_fd(int rootfd, const char *root, const char *path, char **ret_resolved, UnitFsChase *info) {
        bool has_root = root;
        _cleanup_free_ char *todo = xstrdup(path), *done = NULL;
        unsigned hops = 0;
        size_t pos = 0;
        bool plain = true; /* no symlink, no ".." met: the path is its own resolution */
        *info = (UnitFsChase) {};
        const char *cached = dir_cache_lookup(root, path);
        if (cached) {
                done = xstrdup(cached);
                pos = strlen(cached);
        } else
                done = xstrdup("");
        for (;;) {
                pos += strspn(todo + pos, "/");
                size_t l = strcspn(todo + pos, "/");
                if (l == 0)
                        break;
                _cleanup_free_ char *c = xstrndup(todo + pos, l);
                pos += l;
                if (streq(c, "."))
                        continue;
                if (streq(c, "..")) {
                        plain = false;
                        if (!*done && has_root && !info->escaped)
                                info->escaped = xstrdup(todo);
                        pop_component(done);
                        continue;
                }
                _cleanup_free_ char *cand = xpath_join(done, c);
                struct stat st;
                int r = stat_rel(rootfd, cand, &st, AT_SYMLINK_NOFOLLOW);
                if (r < 0)
                        return r;
                if (S_ISLNK(st.st_mode)) {
                        _cleanup_free_ char *target = NULL, *norm = NULL;
                        plain = false;
                        if (++hops > UNIT_FS_SYMLINK_MAX)
                                return -ELOOP;
                        r = read_link_rel(rootfd, cand, &target);
                        if (r < 0)
                                return r;
                        if (target[0] == '/' && streq((norm = unit_fs_path_normalize(target)), "/dev/null")) {
                                *ret_resolved = xstrdup("/dev/null");
                                info->devnull = true;
                                return 0;
                        }
                        if (target[0] == '/') {
                                done[0] = 0;
                                if (has_root && !info->escaped)
                                        info->escaped = xstrdup(target);
                        }
                        char *t = xpath_join(target, todo + pos);
                        free(todo);
                        todo = t;
                        pos = 0;
                        continue;
                }
                if (todo[pos + strspn(todo + pos, "/")] && !S_ISDIR(st.st_mode))
                        return -ENOTDIR;
                free(done);
                done = TAKE_PTR(cand);
        }
        if (plain)
                dir_cache_add(root, done);
        *ret_resolved = xstrdup(*done ? done : "/");
        return 0;
}

void unit_fs_chase_done(UnitFsChase *info) {
        free(info->escaped);
        info->escaped = NULL;
}

int unit_fs_chase(const char *root, const char *path, char **ret_resolved, UnitFsChase *ret_info) {
        _cleanup_close_ int owned = -1;
        int rootfd = root_get(root, &owned);
        if (rootfd < 0)
                return rootfd;
        UnitFsChase info;
        int r = chase_fd(rootfd, root, path, ret_resolved, &info);
        if (ret_info && (r >= 0 || info.escaped))
                *ret_info = info;
        else
                unit_fs_chase_done(&info);
        return r;
}

int unit_fs_readlink(const char *root, const char *path, char **ret_target) {
        _cleanup_close_ int owned = -1;
        int rootfd = root_get(root, &owned);
        if (rootfd < 0)
                return rootfd;
        _cleanup_free_ char *dir = xstrdup(path), *resolved = NULL;
        char *slash = strrchr(dir, '/');
        if (!slash || !slash[1])
                return -EINVAL;
        *slash = 0;
        _cleanup_(unit_fs_chase_done) UnitFsChase info = {};
        int r = chase_fd(rootfd, root, *dir ? dir : "/", &resolved, &info);
        if (r < 0)
                return r;
        _cleanup_free_ char *p = xpath_join(streq(resolved, "/") ? "" : resolved, slash + 1);
        return read_link_rel(rootfd, p, ret_target);
}

int unit_fs_stat(const char *root, const char *path, bool follow, struct stat *ret) {
        _cleanup_close_ int owned = -1;
        int rootfd = root_get(root, &owned);
        if (rootfd < 0)
                return rootfd;
        _cleanup_free_ char *resolved = NULL;
        if (!follow) {
                _cleanup_free_ char *dir = xstrdup(path);
                char *slash = strrchr(dir, '/');
                if (!slash || !slash[1])
                        return stat_rel(rootfd, path, ret, 0);
                *slash = 0;
                _cleanup_(unit_fs_chase_done) UnitFsChase info = {};
                int r = chase_fd(rootfd, root, *dir ? dir : "/", &resolved, &info);
                if (r < 0)
                        return r;
                _cleanup_free_ char *p = xpath_join(streq(resolved, "/") ? "" : resolved, slash + 1);
                return stat_rel(rootfd, p, ret, AT_SYMLINK_NOFOLLOW);
        }
        _cleanup_(unit_fs_chase_done) UnitFsChase info = {};
        int r = chase_fd(rootfd, root, path, &resolved, &info);
        if (r < 0)
                return r;
        if (info.devnull)
                return RET_NERRNO(stat("/dev/null", ret));
        return stat_rel(rootfd, resolved, ret, AT_SYMLINK_NOFOLLOW);
}

/* Opens a resolved (symlink-free) path below rootfd without following anything. */
static int open_resolved(int rootfd, const char *resolved, int flags) {
        const char *rel = resolved[0] == '/' ? resolved + 1 : resolved;
        if (!*rel)
                rel = ".";
        struct open_how how = {
                .flags = (uint64_t) (flags | O_CLOEXEC | O_NOFOLLOW),
                .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
        };
        long fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof how);
        if (fd >= 0) {
                openat2_works = 1;
                return (int) fd;
        }
        if (errno != ENOSYS && errno != EPERM)
                return -errno;
        openat2_works = 0;
        fd = openat(rootfd, rel, flags | O_CLOEXEC | O_NOFOLLOW);
        return fd < 0 ? -errno : (int) fd;
}

int unit_fs_open_dir(const char *root, const char *path) {
        _cleanup_close_ int owned = -1;
        int rootfd = root_get(root, &owned);
        if (rootfd < 0)
                return rootfd;
        _cleanup_free_ char *resolved = NULL;
        _cleanup_(unit_fs_chase_done) UnitFsChase info = {};
        int r = chase_fd(rootfd, root, path, &resolved, &info);
        if (info.escaped)
                return -EXDEV;
        if (r < 0)
                return r;
        if (info.devnull)
                return -ENOTDIR;
        return open_resolved(rootfd, resolved, O_RDONLY | O_DIRECTORY);
}

static bool is_devnull(const struct stat *st) {
        return S_ISCHR(st->st_mode) && st->st_rdev == makedev(1, 3);
}

/* Reads fd to its end. The buffer starts at the size fstat() gave (+1, so that the end is seen
 * without growing it) and doubles if the file grew meanwhile; nothing is zeroed. */
static int read_fd(int fd, size_t size_hint, char **ret_data, size_t *ret_size) {
        size_t n = 0, allocated = (size_hint < UNIT_FS_FILE_MAX ? size_hint : UNIT_FS_FILE_MAX) + 2;
        _cleanup_free_ char *data = xmalloc(allocated);
        for (;;) {
                if (allocated - n - 1 == 0) {
                        allocated *= 2;
                        data = xrealloc(data, allocated);
                }
                ssize_t k = read(fd, data + n, allocated - n - 1);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0)
                        return -errno;
                if (k == 0)
                        break;
                n += (size_t) k;
                if (n > UNIT_FS_FILE_MAX)
                        return -EFBIG;
                if (n < size_hint + 1 && n >= size_hint) /* the size fstat() gave, and room was left: the end */
                        break;
        }
        data[n] = 0;
        *ret_data = TAKE_PTR(data);
        *ret_size = n;
        return 0;
}

/* Reads an opened unit file: /dev/null reads as empty (a mask), regular files up to the cap. */
static int read_opened(int fd, char **ret_data, size_t *ret_size, UnitFsChase *ret_info) {
        struct stat st;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (is_devnull(&st)) {
                if (ret_info)
                        ret_info->devnull = true;
                *ret_data = xstrdup("");
                *ret_size = 0;
                return 0;
        }
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode))
                return -EBADFD;
        if (st.st_size > (off_t) UNIT_FS_FILE_MAX)
                return -EFBIG;
        return read_fd(fd, (size_t) st.st_size, ret_data, ret_size);
}

int unit_fs_read_file(const char *root, const char *path, char **ret_data, size_t *ret_size, UnitFsChase *ret_info) {
        _cleanup_close_ int owned = -1;
        int rootfd = root_get(root, &owned);
        if (rootfd < 0)
                return rootfd;
        _cleanup_free_ char *resolved = NULL;
        UnitFsChase info;
        /* In a directory walked before, a file that opens without meeting a symlink needs no
         * walk; a symlink (ELOOP) or any other failure takes the full walk. */
        const char *cached = dir_cache_lookup(root, path);
        const char *base = strrchr(path, '/');
        if (cached && base && !streq(base, "/.") && !streq(base, "/..") && base[1]) {
                _cleanup_close_ int fd = open_resolved(rootfd, path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
                if (fd >= 0) {
                        if (ret_info)
                                *ret_info = (UnitFsChase) {};
                        return read_opened(fd, ret_data, ret_size, ret_info);
                }
        }
        int r = chase_fd(rootfd, root, path, &resolved, &info);
        bool escaped = info.escaped;
        if (ret_info && (r >= 0 || escaped))
                *ret_info = info;
        else
                unit_fs_chase_done(&info);
        if (escaped) /* whether or not the target exists inside the root */
                return -EXDEV;
        if (r < 0)
                return r;
        if (info.devnull) {
                if (ret_info)
                        ret_info->devnull = true;
                *ret_data = xstrdup("");
                *ret_size = 0;
                return 0;
        }
        _cleanup_close_ int fd = open_resolved(rootfd, resolved, O_RDONLY | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return fd;
        return read_opened(fd, ret_data, ret_size, ret_info);
}
