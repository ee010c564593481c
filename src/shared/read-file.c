/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>

#include "read-file.h"

/* Waits until fd (non-blocking) can be read; -EINTR is retried. */
static int wait_readable(int fd) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        for (;;) {
                if (poll(&p, 1, -1) >= 0)
                        return 0;
                if (errno != EINTR)
                        return -errno;
        }
}

int read_user_file(const char *path, size_t max, char **ret_data, size_t *ret_size) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        struct stat st;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
                return -EBADFD;
        size_t n = 0, allocated = 4096;
        _cleanup_free_ char *data = xmalloc(allocated);
        for (;;) {
                if (allocated - n < 2)
                        data = xrealloc(data, allocated *= 2);
                ssize_t k = read(fd, data + n, allocated - n - 1);
                if (k < 0 && errno == EAGAIN) {
                        int r = wait_readable(fd);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0)
                        return -errno;
                if (k == 0)
                        break;
                n += (size_t) k;
                if (n > max)
                        return -EFBIG;
        }
        data[n] = 0;
        *ret_data = TAKE_PTR(data);
        *ret_size = n;
        return 0;
}
