/* SPDX-License-Identifier: MIT */
/* The drop-in on disk: its place, atomic writes with a backup, and revert. */
#include <fcntl.h>

#include "atomic-file.h"
#include "harden-apply.h"
#include "harden-plan.h"
#include "unit-fs.h"
#include "unit-name.h"

#define DROPIN_MAX (1024U * 1024U)

static int dropin_dir_name(const char *arg, const Unit *u, char **ret) {
        const char *base = strrchr(arg, '/') ? strrchr(arg, '/') + 1 : arg;
        if (unit_name_is_valid(base, UNIT_NAME_TEMPLATE) && unit_name_is_valid(u->id, UNIT_NAME_INSTANCE))
                return unit_name_template(u->id, ret);
        *ret = xstrdup(u->id);
        return 0;
}

int harden_dest_for(const char *arg, const Unit *u, const char *root, HardenDest *ret) {
        _cleanup_free_ char *name = NULL;
        HardenDest d = {};
        int r = dropin_dir_name(arg, u, &name);
        if (r < 0)
                return r;
        if (strchr(arg, '/')) {
                _cleanup_free_ char *abs = arg[0] == '/' ? xstrdup(arg) : NULL;
                if (!abs) {
                        _cleanup_free_ char *cwd = getcwd(NULL, 0);
                        if (!cwd)
                                return -errno;
                        abs = xasprintf("%s/%s", cwd, arg);
                }
                _cleanup_free_ char *norm = unit_fs_path_normalize(abs);
                *strrchr(norm, '/') = 0;
                d.dir = xasprintf("%s/%s.d", norm, name);
        } else {
                d.root = root ? xstrdup(root) : NULL;
                d.dir = xasprintf("/etc/systemd/%s/%s.d", u->scope == UNIT_SCOPE_USER ? "user" : "system", name);
        }
        d.path = xasprintf("%s/%s", d.dir, HARDEN_DROPIN_NAME);
        d.host = unit_fs_host_path(d.root, d.path);
        *ret = d;
        return 0;
}

void harden_dest_done(HardenDest *d) {
        free(d->root);
        free(d->dir);
        free(d->path);
        free(d->host);
        *d = (HardenDest) {};
}

static bool text_is_ours(const char *data) {
        return startswith(data, HARDEN_MARKER) != NULL;
}

/* -ENOENT: no file; 1 ours, 0 foreign; *ret_data the content when it could be read. */
static int inspect(int dfd, char **ret_data) {
        size_t size;
        *ret_data = NULL;
        int r = read_regular_at(dfd, HARDEN_DROPIN_NAME, DROPIN_MAX, ret_data, &size);
        if (r == -ENOENT)
                return r;
        if (r < 0)
                return 0; /* a symlink, a FIFO, something big: not ours */
        return text_is_ours(*ret_data);
}

int harden_dest_is_ours(const HardenDest *d) {
        _cleanup_close_ int dfd = open_dir_in_root(d->root, d->dir, false);
        _cleanup_free_ char *data = NULL;
        if (dfd < 0)
                return dfd == -ENOENT ? -ENOENT : 0;
        return inspect(dfd, &data);
}

int harden_apply(const HardenDest *d, const char *text, bool force) {
        _cleanup_close_ int dfd = open_dir_in_root(d->root, d->dir, true);
        _cleanup_free_ char *old = NULL;
        if (dfd < 0)
                return dfd;
        int r = inspect(dfd, &old);
        if (r == 0 && !force)
                return -EEXIST;
        if (r == 1 && streq(old, text))
                return 1;
        if (old) {
                r = atomic_write_at(dfd, HARDEN_BACKUP_NAME, old, strlen(old), 0644);
                if (r < 0)
                        return r;
        }
        r = atomic_write_at(dfd, HARDEN_DROPIN_NAME, text, strlen(text), 0644);
        return r < 0 ? r : 0;
}

int harden_revert(const HardenDest *d, bool force) {
        _cleanup_close_ int dfd = open_dir_in_root(d->root, d->dir, false);
        _cleanup_free_ char *data = NULL;
        if (dfd < 0)
                return dfd;
        int r = inspect(dfd, &data);
        if (r == 0 && !force)
                return -EEXIST;
        if (renameat(dfd, HARDEN_BACKUP_NAME, dfd, HARDEN_DROPIN_NAME) >= 0)
                return fsync(dfd) < 0 ? -errno : 1;
        if (errno != ENOENT)
                return -errno;
        if (r == -ENOENT)
                return -ENOENT;
        if (unlinkat(dfd, HARDEN_DROPIN_NAME, 0) < 0)
                return -errno;
        return fsync(dfd) < 0 ? -errno : 0;
}

int harden_write_output(const char *path, const char *text) {
        _cleanup_free_ char *dir = xstrdup(path);
        char *slash = strrchr(dir, '/');
        const char *name = slash ? slash + 1 : path;
        if (isempty(name))
                return -EISDIR;
        if (slash)
                slash[slash == dir ? 1 : 0] = 0;
        _cleanup_close_ int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return -errno;
        return atomic_write_at(dfd, name, text, strlen(text), 0644);
}
