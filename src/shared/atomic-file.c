/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <stdint.h>
#include <linux/openat2.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "atomic-file.h"

static int write_all(int fd, const char *data, size_t size) {
        while (size > 0) {
                ssize_t k = write(fd, data, size);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                data += k;
                size -= (size_t) k;
        }
        return 0;
}

static int open_temporary(int dirfd, const char *name, mode_t mode, char **ret_tmp) {
        for (unsigned attempt = 0; attempt < 16; attempt++) {
                uint32_t rnd = 0;
                if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) < 0)
                        rnd = (uint32_t) getpid() * 2654435761u + attempt;
                char *tmp = xasprintf("%s.tmp-%08x", name, rnd);
                int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
                if (fd >= 0) {
                        *ret_tmp = tmp;
                        return fd;
                }
                int r = -errno;
                free(tmp);
                if (r != -EEXIST)
                        return r;
        }
        return -EEXIST;
}

int atomic_write_at(int dirfd, const char *name, const char *data, size_t size, mode_t mode) {
        _cleanup_free_ char *tmp = NULL;
        int fd = open_temporary(dirfd, name, mode, &tmp);
        if (fd < 0)
                return fd;
        int r = write_all(fd, data, size);
        if (r >= 0 && fchmod(fd, mode) < 0)
                r = -errno;
        if (r >= 0 && fsync(fd) < 0)
                r = -errno;
        if (close(fd) < 0 && r >= 0)
                r = -errno;
        if (r >= 0 && renameat(dirfd, tmp, dirfd, name) < 0)
                r = -errno;
        if (r < 0) {
                (void) unlinkat(dirfd, tmp, 0);
                return r;
        }
        return fsync(dirfd) < 0 ? -errno : 0;
}

int read_regular_at(int dirfd, const char *name, size_t max, char **ret_data, size_t *ret_size) {
        _cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
        struct stat st;
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode))
                return -EBADFD;
        if ((uint64_t) st.st_size > max)
                return -EFBIG;
        char *buf = xmalloc((size_t) st.st_size + 1);
        size_t n = 0;
        for (;;) {
                ssize_t k = read(fd, buf + n, (size_t) st.st_size - n);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0) {
                        int r = -errno;
                        free(buf);
                        return r;
                }
                if (k == 0 || (n += (size_t) k) == (size_t) st.st_size)
                        break;
        }
        buf[n] = 0;
        *ret_data = buf;
        *ret_size = n;
        return 0;
}

static int open_in_root(int rootfd, const char *rel) {
        struct open_how how = {
                .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
                .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
        };
        long fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
        return fd < 0 ? -errno : (int) fd;
}

int open_dir_in_root(const char *root, const char *path, bool create) {
        if (!path || path[0] != '/')
                return -EINVAL;
        _cleanup_close_ int rootfd = open(isempty(root) ? "/" : root, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (rootfd < 0)
                return -errno;
        _cleanup_close_ int fd = open_in_root(rootfd, ".");
        _cleanup_free_ char *prefix = xstrdup(path);
        if (fd < 0)
                return fd;
        /* Walk one component at a time so that a missing one can be created in its parent. */
        for (const char *p = path + strspn(path, "/"); *p;) {
                size_t len = strcspn(p, "/");
                _cleanup_free_ char *comp = xstrndup(p, len);
                size_t end = (size_t) (p - path) + len;
                p += len;
                p += strspn(p, "/");
                if (streq(comp, ".") || streq(comp, ".."))
                        return -EINVAL;
                memcpy(prefix, path, end);
                prefix[end] = 0;
                int next = open_in_root(rootfd, prefix);
                if (next == -ENOENT && create) {
                        if (mkdirat(fd, comp, 0755) < 0 && errno != EEXIST)
                                return -errno;
                        next = open_in_root(rootfd, prefix);
                }
                if (next < 0)
                        return next;
                closep(&fd);
                fd = next;
        }
        int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        return dfd < 0 ? -errno : dfd;
}
