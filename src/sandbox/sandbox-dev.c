/* SPDX-License-Identifier: MIT */
/* PrivateDevices=: a minimal /dev on a new tmpfs, as systemd builds it: the pseudo devices
 * null zero full random urandom tty copied from the host, ptmx, the host's devpts, shm,
 * mqueue and hugepages mounts, and the usual symlinks. No physical device is reachable. */
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <limits.h>

#include "sandbox-mount.h"

int sandbox_private_dev_apply(int target);

static const char *const dev_nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
static const char *const dev_submounts[] = { "pts", "shm", "mqueue", "hugepages" };
static const struct {
        const char *name, *target;
} dev_links[] = {
        { "fd", "/proc/self/fd" },
        { "stdin", "/proc/self/fd/0" },
        { "stdout", "/proc/self/fd/1" },
        { "stderr", "/proc/self/fd/2" },
        { "log", "/run/systemd/journal/dev-log" },
};

/* Names whose node could not be made (mknod refused in a user namespace): an empty file
 * stands there, and the host's node is bound onto it once the new /dev is attached. */
static bool need_bind[ELEMENTSOF(dev_nodes) + 1];

static int copy_node(int host_dev, int dir, const char *name, size_t index) {
        struct stat st;
        if (fstatat(host_dev, name, &st, 0) < 0)
                return errno == ENOENT ? 0 : -errno;
        if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
                return 0;
        if (mknodat(dir, name, st.st_mode & (S_IFMT | 07777), st.st_rdev) >= 0) {
                if (index >= ELEMENTSOF(dev_nodes))
                        return 0; /* ptmx has none */
                /* /dev/char/MAJOR:MINOR, as systemd's private /dev has it */
                char link[32], target[NAME_MAX + 4];
                snprintf(link, sizeof(link), "char/%u:%u", major(st.st_rdev), minor(st.st_rdev));
                snprintf(target, sizeof(target), "../%s", name);
                if ((mkdirat(dir, "char", 0755) < 0 && errno != EEXIST) || symlinkat(target, dir, link) < 0)
                        return -errno;
                return 0;
        }
        if (errno != EPERM)
                return -errno;
        if (mknodat(dir, name, S_IFREG | 0644, 0) < 0)
                return -errno;
        need_bind[index] = true;
        return 0;
}

static int bind_nodes(int host_dev, int dev) {
        for (size_t i = 0; i < ELEMENTSOF(dev_nodes) + 1; i++) {
                if (!need_bind[i])
                        continue;
                const char *name = i < ELEMENTSOF(dev_nodes) ? dev_nodes[i] : "ptmx";
                _cleanup_close_ int tree = open_tree(host_dev, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
                _cleanup_close_ int t = openat(dev, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                if (tree < 0 || t < 0)
                        return -errno;
                if (move_mount(tree, "", t, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
                        return -errno;
        }
        return 0;
}

static int populate(int host_dev, int dir) {
        for (size_t i = 0; i < ELEMENTSOF(dev_nodes); i++) {
                int r = copy_node(host_dev, dir, dev_nodes[i], i);
                if (r < 0)
                        return r;
        }
        struct stat st;
        if (fstatat(host_dev, "ptmx", &st, AT_SYMLINK_NOFOLLOW) >= 0) {
                int r = S_ISLNK(st.st_mode) ? RET_NERRNO(symlinkat("pts/ptmx", dir, "ptmx"))
                                             : copy_node(host_dev, dir, "ptmx", ELEMENTSOF(dev_nodes));
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < ELEMENTSOF(dev_submounts); i++)
                if (mkdirat(dir, dev_submounts[i], 0755) < 0)
                        return -errno;
        for (size_t i = 0; i < ELEMENTSOF(dev_links); i++)
                if (symlinkat(dev_links[i].target, dir, dev_links[i].name) < 0)
                        return -errno;
        return 0;
}

static void close_all(int *fds, size_t n) {
        for (size_t i = 0; i < n; i++)
                if (fds[i] >= 0)
                        (void) close(fds[i]);
}

static int attach_submounts(int dev, const int *trees) {
        for (size_t i = 0; i < ELEMENTSOF(dev_submounts); i++) {
                if (trees[i] < 0)
                        continue;
                struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS };
                _cleanup_close_ int t = (int) syscall(SYS_openat2, dev, dev_submounts[i], &how, sizeof(how));
                if (t < 0)
                        return -errno;
                if (move_mount(trees[i], "", t, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
                        return -errno;
        }
        return 0;
}

int sandbox_private_dev_apply(int target) {
        int trees[ELEMENTSOF(dev_submounts)];
        _cleanup_close_ int host_dev = open("/dev", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (host_dev < 0)
                return -errno;
        /* Clone the host's submounts before the new /dev hides them. */
        for (size_t i = 0; i < ELEMENTSOF(dev_submounts); i++) {
                trees[i] = open_tree(host_dev, dev_submounts[i], OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
                if (trees[i] < 0 && errno != ENOENT && errno != EINVAL) {
                        int r = -errno;
                        close_all(trees, i);
                        return r;
                }
        }
        int r = 0;
        _cleanup_close_ int fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
        if (fs < 0 || fsconfig(fs, FSCONFIG_SET_STRING, "source", "tmpfs", 0) < 0 ||
            fsconfig(fs, FSCONFIG_SET_STRING, "mode", "0755", 0) < 0 ||
            fsconfig(fs, FSCONFIG_SET_STRING, "size", "4m", 0) < 0 ||
            fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
                r = -errno;
        _cleanup_close_ int mnt = r < 0 ? -1 : fsmount(fs, FSMOUNT_CLOEXEC,
                                                        MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC | MOUNT_ATTR_STRICTATIME);
        if (r >= 0 && mnt < 0)
                r = -errno;
        if (r >= 0)
                r = populate(host_dev, mnt);
        if (r >= 0)
                r = RET_NERRNO(move_mount(mnt, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH));
        if (r >= 0) {
                _cleanup_close_ int dev = open("/dev", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                r = dev < 0 ? -errno : attach_submounts(dev, trees);
                if (r >= 0)
                        r = bind_nodes(host_dev, dev);
        }
        close_all(trees, ELEMENTSOF(dev_submounts));
        return r;
}
