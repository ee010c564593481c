/* SPDX-License-Identifier: MIT */
/* Reading the tracee's memory and resolving its paths through /proc. */
#include <fcntl.h>
#include <sys/uio.h>

#include "strv.h"
#include "tracer-internal.h"

int tracer_read(pid_t tid, uint64_t addr, void *buf, size_t n) {
        struct iovec local = { buf, n }, remote = { (void *) (uintptr_t) addr, n };
        ssize_t k = process_vm_readv(tid, &local, 1, &remote, 1, 0);
        if (k < 0)
                return -errno;
        return (size_t) k == n ? 0 : -EFAULT;
}

/* Page by page: a string may end just before an unmapped page. */
int tracer_read_string(pid_t tid, uint64_t addr, char *buf, size_t size) {
        const size_t page = 4096;
        size_t got = 0;
        while (got < size) {
                size_t chunk = page - ((addr + got) & (page - 1));
                if (chunk > size - got)
                        chunk = size - got;
                struct iovec local = { buf + got, chunk }, remote = { (void *) (uintptr_t) (addr + got), chunk };
                ssize_t k = process_vm_readv(tid, &local, 1, &remote, 1, 0);
                if (k <= 0)
                        return k < 0 ? -errno : -EFAULT;
                if (memchr(buf + got, 0, (size_t) k))
                        return 0;
                got += (size_t) k;
        }
        buf[size - 1] = 0;
        return -ENAMETOOLONG;
}

char *path_normalize(const char *path) {
        size_t len = strlen(path);
        char *out = xmalloc(len + 2);
        size_t o = 0;
        const char *p = path;
        while (*p) {
                while (*p == '/')
                        p++;
                size_t n = strcspn(p, "/");
                if (n == 0)
                        break;
                if (n == 1 && p[0] == '.') {
                        /* nothing */
                } else if (n == 2 && p[0] == '.' && p[1] == '.') {
                        while (o > 0 && out[o - 1] != '/')
                                o--;
                        if (o > 0)
                                o--;
                } else {
                        out[o++] = '/';
                        memcpy(out + o, p, n);
                        o += n;
                }
                p += n;
        }
        if (o == 0)
                out[o++] = '/';
        out[o] = 0;
        return out;
}

/* Open /proc/TID directories of the threads seen last, so that a lookup walks "fd/N" only.
 * A thread's entry is dropped when it is reaped (tracer_forget()), before its number can be
 * reused. */
static struct {
        pid_t tid;
        int fd;
} proc_dirs[16];
static unsigned proc_dirs_next;

static int proc_dir(pid_t tid) {
        for (size_t i = 0; i < ELEMENTSOF(proc_dirs); i++)
                if (proc_dirs[i].tid == tid && proc_dirs[i].fd > 0)
                        return proc_dirs[i].fd;
        char path[32];
        (void) snprintf(path, sizeof path, "/proc/%d", (int) tid);
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        unsigned k = proc_dirs_next++ % ELEMENTSOF(proc_dirs);
        if (proc_dirs[k].fd > 0)
                (void) close(proc_dirs[k].fd);
        proc_dirs[k].tid = tid;
        proc_dirs[k].fd = fd;
        return fd;
}

void tracer_forget(pid_t tid) {
        for (size_t i = 0; i < ELEMENTSOF(proc_dirs); i++)
                if (proc_dirs[i].tid == tid && proc_dirs[i].fd > 0) {
                        (void) close(proc_dirs[i].fd);
                        proc_dirs[i].fd = 0;
                        proc_dirs[i].tid = 0;
                }
}

static char *proc_link(pid_t tid, int dirfd) {
        char link[32], target[TRACER_PATH_MAX];
        int pfd = proc_dir(tid);
        if (pfd < 0)
                return NULL;
        if (dirfd == AT_FDCWD)
                (void) snprintf(link, sizeof link, "cwd");
        else
                (void) snprintf(link, sizeof link, "fd/%d", dirfd);
        ssize_t n = readlinkat(pfd, link, target, sizeof target - 1);
        if (n <= 0 || target[0] != '/')
                return NULL; /* gone, or not a path: pipe:[...], anon_inode:... */
        target[n] = 0;
        /* A deleted file or directory: the kernel appends " (deleted)". */
        const char *del = " (deleted)";
        if ((size_t) n > strlen(del) && streq(target + n - strlen(del), del))
                target[n - strlen(del)] = 0;
        return xstrdup(target);
}

char *tracer_resolve(pid_t tid, int dirfd, const char *path) {
        if (path[0] == '/')
                return path_normalize(path);
        _cleanup_free_ char *base = proc_link(tid, dirfd);
        if (!base)
                return NULL;
        if (path[0] == 0)
                return path_normalize(base);
        _cleanup_free_ char *joined = xasprintf("%s/%s", base, path);
        return path_normalize(joined);
}

TracerPending *tracer_pending_get(Tracer *t, pid_t tid) {
        for (size_t i = 0; i < t->n_pending; i++)
                if (t->pending[i].tid == tid)
                        return &t->pending[i];
        GREEDY_REALLOC(t->pending, t->n_pending_allocated, t->n_pending + 1);
        TracerPending *pe = &t->pending[t->n_pending++];
        *pe = (TracerPending) { .tid = tid };
        return pe;
}

void tracer_pending_drop(Tracer *t, TracerPending *pe) {
        for (int i = 0; i < 2; i++)
                free(pe->paths[i]);
        *pe = t->pending[--t->n_pending];
}
