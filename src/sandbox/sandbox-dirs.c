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

int sandbox_plan_prepare_host(const SandboxPlan *p, SandboxFailure *f) {
        for (size_t i = 0; i < p->n_directories; i++) {
                const struct SandboxDirectory *d = &p->directories[i];
                bool created;
                int fd = mkdir_walk(d->path, d->mode, &created);
                if (fd < 0)
                        return sandbox_fail(f, SANDBOX_STEP_EXEC_DIRECTORIES, fd, d->path);
                char proc[64];
                snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
                int r = 0;
                if (chmod(proc, d->mode) < 0)
                        r = -errno;
                bool own = d->type != EXEC_DIRECTORY_CONFIGURATION && p->change_identity;
                if (r >= 0 && own && fchownat(fd, "", p->uid, p->gid, AT_EMPTY_PATH) < 0)
                        r = -errno;
                (void) close(fd);
                if (r < 0)
                        return sandbox_fail(f, SANDBOX_STEP_EXEC_DIRECTORIES, r, d->path);
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
