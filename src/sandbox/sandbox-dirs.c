/* SPDX-License-Identifier: MIT */
/* The exec directories on the host (RuntimeDirectory= & co): created before the start with
 * the right owner and mode, runtime ones removed after the stop. Walks with O_NOFOLLOW and
 * *at() calls, so that a symlink planted on the way is refused, never followed. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

#include "sandbox-internal.h"

#define REMOVE_DEPTH_MAX 64

/* Opens (creating if missing) each component below "/"; returns the fd of the last one. */
static int mkdir_walk(const char *path, mode_t last_mode, bool *ret_created) {
        int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        *ret_created = false;
        for (const char *p = path; *p;) {
                p += strspn(p, "/");
                size_t l = strcspn(p, "/");
                if (l == 0)
                        break;
                char name[NAME_MAX + 1];
                if (l > NAME_MAX) {
                        (void) close(fd);
                        return -ENAMETOOLONG;
                }
                memcpy(name, p, l);
                name[l] = 0;
                p += l;
                bool last = *(p + strspn(p, "/")) == 0;
                bool created = mkdirat(fd, name, last ? last_mode : 0755) >= 0;
                if (!created && errno != EEXIST) {
                        int r = -errno;
                        (void) close(fd);
                        return r;
                }
                int next = openat(fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                int r = -errno;
                (void) close(fd);
                if (next < 0)
                        return r == -ENOTDIR ? -ELOOP : r; /* a symlink or a file where a directory goes */
                fd = next;
                *ret_created = created;
        }
        return fd;
}

/* The directory itself: its mode, and User=/Group= as owner (not for ConfigurationDirectory=). */
static int prepare_directory(const SandboxPlan *p, const struct SandboxDirectory *d) {
        bool created;
        int fd = mkdir_walk(d->path, d->mode, &created);
        if (fd < 0)
                return fd;
        char proc[64];
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
        int r = 0;
        if (chmod(proc, d->mode) < 0)
                r = -errno;
        bool own = d->type != EXEC_DIRECTORY_CONFIGURATION && p->change_identity;
        if (r >= 0 && own && fchownat(fd, "", p->uid, p->gid, AT_EMPTY_PATH) < 0)
                r = -errno;
        (void) close(fd);
        return r;
}

/* Opens the parent of path (creating it, 0755) and points *ret_name at the last component. */
static int open_parent(const char *path, char *buf, size_t size, const char **ret_name) {
        if (strlen(path) >= size)
                return -ENAMETOOLONG;
        strcpy(buf, path);
        char *slash = strrchr(buf, '/');
        if (!slash || slash == buf)
                return -EINVAL;
        *slash = 0;
        *ret_name = slash + 1;
        bool created;
        return mkdir_walk(buf, 0755, &created);
}

/* DynamicUser=: PREFIX/private, root's only. */
static int prepare_private_root(const char *path) {
        bool created;
        int fd = mkdir_walk(path, 0700, &created);
        if (fd < 0)
                return fd;
        char proc[64];
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
        int r = chmod(proc, 0700) < 0 ? -errno : 0;
        (void) close(fd);
        return r;
}

/* A real directory at PREFIX/NAME, left by a run without DynamicUser=, moves into private/
 * (as systemd migrates it) unless private/NAME exists already. */
static int migrate_directory(const struct SandboxDirectory *d) {
        char lbuf[PATH_MAX], pbuf[PATH_MAX];
        const char *lname, *pname;
        _cleanup_close_ int lfd = open_parent(d->link, lbuf, sizeof(lbuf), &lname);
        if (lfd < 0)
                return lfd;
        struct stat st;
        if (fstatat(lfd, lname, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
                return 0;
        _cleanup_close_ int pfd = open_parent(d->path, pbuf, sizeof(pbuf), &pname);
        if (pfd < 0)
                return pfd;
        if (fstatat(pfd, pname, &st, AT_SYMLINK_NOFOLLOW) >= 0)
                return -EEXIST;
        return renameat(lfd, lname, pfd, pname) < 0 ? -errno : 0;
}

/* The link PREFIX/NAME -> private/NAME; a link elsewhere is replaced, anything else refused. */
static int prepare_link(const struct SandboxDirectory *d) {
        char buf[PATH_MAX], target[PATH_MAX];
        const char *name;
        _cleanup_close_ int fd = open_parent(d->link, buf, sizeof(buf), &name);
        if (fd < 0)
                return fd;
        struct stat st;
        if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) >= 0) {
                if (!S_ISLNK(st.st_mode))
                        return -EEXIST;
                ssize_t n = readlinkat(fd, name, target, sizeof(target) - 1);
                if (n >= 0 && (size_t) n == strlen(d->link_target) && memcmp(target, d->link_target, (size_t) n) == 0)
                        return 0;
                if (unlinkat(fd, name, 0) < 0)
                        return -errno;
        }
        return symlinkat(d->link_target, fd, name) < 0 ? -errno : 0;
}

static int prepare_one(const SandboxPlan *p, const struct SandboxDirectory *d, const char **ret_path) {
        int r = 0;
        *ret_path = d->path;
        if (d->private_root) {
                *ret_path = d->private_root;
                if ((r = prepare_private_root(d->private_root)) < 0)
                        return r;
                *ret_path = d->link;
                if ((r = migrate_directory(d)) < 0)
                        return r;
        }
        *ret_path = d->path;
        if ((r = prepare_directory(p, d)) < 0)
                return r;
        *ret_path = d->link;
        return d->link ? prepare_link(d) : 0;
}

int sandbox_plan_prepare_host(const SandboxPlan *p, SandboxFailure *f) {
        for (size_t i = 0; i < p->n_directories; i++) {
                const char *at;
                int r = prepare_one(p, &p->directories[i], &at);
                if (r < 0)
                        return sandbox_fail(f, SANDBOX_STEP_EXEC_DIRECTORIES, r, at);
        }
        return 0;
}

static void remove_below(int dfd, unsigned depth) {
        if (depth > REMOVE_DEPTH_MAX)
                return;
        DIR *d = fdopendir(dfd);
        if (!d) {
                (void) close(dfd);
                return;
        }
        struct dirent *de;
        while ((de = readdir(d))) {
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                int sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub >= 0) {
                        remove_below(sub, depth + 1);
                        (void) unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR);
                } else
                        (void) unlinkat(dirfd(d), de->d_name, 0);
        }
        closedir(d);
}

void sandbox_plan_cleanup_host(const SandboxPlan *p) {
        if (p->preserve_runtime_directories)
                return;
        for (size_t i = 0; i < p->n_directories; i++) {
                const struct SandboxDirectory *d = &p->directories[i];
                if (d->type != EXEC_DIRECTORY_RUNTIME)
                        continue;
                int fd = open(d->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        continue;
                remove_below(fd, 0);
                (void) rmdir(d->path);
        }
}
