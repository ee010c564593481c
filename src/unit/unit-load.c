/* SPDX-License-Identifier: MIT */
/* unit_load(): fragment, aliases, masks, templates and drop-ins as systemd 252 finds them. The
 * name map (name-map.c) finds the fragment and the unit's names; this file reads the fragment,
 * gives the unit its id and names as the manager's merge does, and finds, shadows, orders and
 * reads the drop-ins. Everything is read inside --root (unit-fs.c). */
#include <dirent.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "log.h"
#include "name-map.h"
#include "strmap.h"
#include "strv.h"
#include "unit-file.h"
#include "unit-fs.h"
#include "unit-load.h"

/* systemd's unit_file_find_dirs() without the directory: NAME, the template's name, then the dash
 * prefixes ("foo-bar-baz" → "foo-bar-", "foo-"), each again with its template, recursively; in
 * the order systemd looks for NAME.d in each search directory. */
static void dropin_names(const char *name, char ***names, unsigned depth) {
        strv_extend(names, name);
        if (depth > 64)
                return;
        bool is_instance = unit_name_is_valid(name, UNIT_NAME_INSTANCE);
        if (is_instance) {
                _cleanup_free_ char *t = NULL;
                if (unit_name_template(name, &t) >= 0)
                        dropin_names(t, names, depth + 1);
        }
        if (unit_type_from_string(name) >= 0)
                return; /* the type-wide directory has no prefixes */
        _cleanup_free_ char *prefix = NULL, *instance = NULL;
        if (unit_name_to_prefix(name, &prefix) < 0)
                return;
        bool chopped = false;
        for (;;) {
                char *dash = strrchr(prefix, '-');
                if (!dash || dash == prefix)
                        return;
                if (dash[1] != 0 || chopped) {
                        dash[1] = 0;
                        break;
                }
                *dash = 0; /* a trailing dash: chop it off once and look again */
                chopped = true;
        }
        if (is_instance)
                (void) unit_name_to_instance(name, &instance);
        const char *suffix = strrchr(name, '.');
        _cleanup_free_ char *built = xasprintf("%s%s%s%s", prefix, instance ? "@" : "", strempty(instance), suffix);
        if (unit_name_is_valid(built, UNIT_NAME_ANY))
                dropin_names(built, names, depth + 1);
}

/* NAME.d in every search directory (following symlinks), for the names of dropin_names(). The
 * name map knows which DIR/NAME.d entries exist: only those are looked at. */
static void find_dirs(const NameMap *m, const char *name, char ***dirs) {
        _cleanup_strv_free_ char **names = NULL, **listed = NULL;
        dropin_names(name, &names, 0);
        STRV_FOREACH(n, names) {
                char *b = xasprintf("%s.d", *n);
                if (name_map_may_have_dir_base(m, b))
                        strv_consume(&listed, b);
                else
                        free(b);
        }
        STRV_FOREACH(d, m->lp->search_path)
                STRV_FOREACH(n, listed) {
                        _cleanup_free_ char *p = xpath_join(*d, *n);
                        struct stat st;
                        if (name_map_may_have_dir(m, p) && unit_fs_stat(m->lp->root, p, true, &st) >= 0 &&
                            S_ISDIR(st.st_mode))
                                strv_extend(dirs, p);
                }
}

static char **find_dropin_dirs(const NameMap *m, char *const *names, UnitType type) {
        char **dirs = NULL;
        if (m->n_dotd == 0)
                return NULL;
        STRV_FOREACH(n, names)
                find_dirs(m, *n, &dirs);
        find_dirs(m, unit_type_to_string(type), &dirs);
        return dirs;
}

static bool is_dropin_entry(int dfd, const struct dirent *de) {
        if (de->d_name[0] == '.' || !endswith(de->d_name, ".conf"))
                return false;
        unsigned char type = de->d_type;
        struct stat st;
        if (type == DT_UNKNOWN && fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) >= 0)
                type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
        return type == DT_REG || type == DT_LNK;
}

typedef struct Dropin {
        char *path;
        const char *base; /* inside path */
        size_t seq;       /* order found in: directory order, then listing */
} Dropin;

static int cmp_dropin(const void *a, const void *b) {
        const Dropin *x = a, *y = b;
        int c = strcmp(x->base, y->base);
        return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int list_dir(const LookupPaths *lp, const char *dir, Dropin **list, size_t *n, size_t *allocated) {
        int fd = unit_fs_open_dir(lp->root, dir);
        if (fd == -EXDEV)
                return log_error_errno(fd, "drop-in directory '%s%s' leads out of the root; systemd would read it "
                                       "from the host, refusing", strempty(lp->root), dir);
        DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
        if (!d) {
                if (fd >= 0)
                        (void) close(fd);
                return 0;
        }
        struct dirent *de;
        while ((de = readdir(d))) {
                if (!is_dropin_entry(dirfd(d), de))
                        continue;
                GREEDY_REALLOC(*list, *allocated, *n + 1);
                char *p = xpath_join(dir, de->d_name);
                (*list)[*n] = (Dropin) { p, strrchr(p, '/') + 1, *n };
                (*n)++;
        }
        closedir(d);
        return 0;
}

/* systemd's conf_files_list_strv(): *.conf of every directory; of equal basenames the first
 * directory's wins; sorted by basename. A directory systemd would read from outside --root
 * (through an absolute symlink) fails the unit. */
static int list_dropins(const LookupPaths *lp, char *const *dirs, char ***ret) {
        Dropin *list = NULL;
        size_t n = 0, allocated = 0;
        int r = 0;
        STRV_FOREACH(dir, dirs)
                if ((r = list_dir(lp, *dir, &list, &n, &allocated)) < 0)
                        break;
        if (n > 0)
                qsort(list, n, sizeof(Dropin), cmp_dropin);
        char **paths = xcalloc(n + 1, sizeof(char *));
        size_t k = 0;
        const char *kept = NULL; /* basename of the last file kept; points into paths[k - 1] */
        for (size_t i = 0; i < n; i++) {
                if (!kept || !streq(list[i].base, kept)) {
                        kept = list[i].base;
                        paths[k++] = TAKE_PTR(list[i].path);
                } else if (r >= 0)
                        log_debug("drop-in '%s' is shadowed by an earlier one, skipping", list[i].path);
                free(list[i].path);
        }
        free(list);
        if (r < 0) {
                strv_free(paths);
                return r;
        }
        *ret = paths;
        return 0;
}

static const char *read_error_text(int r) {
        switch (r) {
        case -EISDIR:
                return "is a directory, not a unit file";
        case -EBADFD:
                return "is not a regular file (FIFO, socket or device)";
        case -EFBIG:
                return "is too large (over 4 MiB)";
        case -ELOOP:
                return "has too many levels of symbolic links";
        default:
                return NULL;
        }
}

static void log_read_error(const UnitFile *f, int r, const UnitFsChase *info) {
        int level = f->is_dropin ? LOG_LEVEL_WARNING : LOG_LEVEL_ERR;
        const char *why = read_error_text(r);
        if (r == -EXDEV)
                log_internal(LOG_LEVEL_ERR, r,
                             "'%s' leads out of the root (via '%s'); systemd would read it from the host, refusing",
                             f->display_path, strna(info->escaped));
        else if (why)
                log_internal(level, r, "'%s' %s%s", f->display_path, why, f->is_dropin ? ", ignoring" : "");
        else
                log_internal(level, r, "cannot read '%s'%s: %m", f->display_path, f->is_dropin ? ", ignoring" : "");
}

/* Reads and lexes one file. Returns 1 if it is a mask (/dev/null, or an empty fragment). */
static int load_file(const LookupPaths *lp, const char *path, bool dropin, UnitType type, UnitFile *ret) {
        _cleanup_free_ char *data = NULL;
        _cleanup_(unit_fs_chase_done) UnitFsChase info = {};
        size_t size = 0;
        *ret = (UnitFile) { .path = xstrdup(path), .display_path = unit_fs_host_path(lp->root, path), .is_dropin = dropin };
        int r = unit_fs_read_file(lp->root, path, &data, &size, &info);
        if (r < 0) {
                log_read_error(ret, r, &info);
                return r;
        }
        if (info.devnull || size == 0)
                return 1;
        (void) unit_file_parse(ret, data, size, type);
        return 0;
}

static void unit_add_file(Unit *u, UnitFile *f) {
        u->files = xrealloc(u->files, (u->n_files + 1) * sizeof(UnitFile));
        u->files[u->n_files++] = *f;
        *f = (UnitFile) {};
}

/* An unreadable drop-in is skipped, as systemd does; one that systemd would read from outside
 * the root fails the unit. */
static int load_dropins(const NameMap *m, Unit *u, char *const *names) {
        const LookupPaths *lp = m->lp;
        _cleanup_strv_free_ char **dirs = find_dropin_dirs(m, names, u->type);
        _cleanup_strv_free_ char **paths = NULL;
        int r = list_dropins(lp, dirs, &paths);
        if (r < 0)
                return r;
        STRV_FOREACH(p, paths) {
                UnitFile f;
                r = load_file(lp, *p, true, u->type, &f);
                if (r < 0)
                        unit_file_done(&f);
                else
                        unit_add_file(u, &f); /* a masked drop-in stays listed, with nothing in it */
                if (r == -EXDEV)
                        return r;
        }
        return 0;
}

/* The name the fragment gives: its file name, with the instance put in if it is a template. */
static char *fragment_name(const char *fragment, const char *instance) {
        const char *b = strrchr(fragment, '/') + 1;
        char *n = NULL;
        if (!unit_name_is_valid(b, UNIT_NAME_TEMPLATE))
                return xstrdup(b);
        return instance && unit_name_replace_instance(b, instance, &n) >= 0 ? n : NULL;
}

/* The manager's merge of names (systemd's merge_by_names()): each name joins the unit (a template
 * name with the unit's instance); the id becomes the fragment's name only if that name is
 * literally among them — so an instance of an aliased template keeps the name asked for. */
static void unit_set_names(Unit *u, const char *fragment, char *const *names) {
        _cleanup_free_ char *instance = NULL;
        (void) unit_name_to_instance(u->requested, &instance);
        _cleanup_free_ char *fid = fragment ? fragment_name(fragment, instance) : NULL;
        _cleanup_strv_free_ char **all = NULL;
        strv_extend(&all, u->requested);
        u->id = xstrdup(u->requested);
        STRV_FOREACH(k, names) {
                char *n = NULL;
                if (unit_name_is_valid(*k, UNIT_NAME_TEMPLATE)) {
                        if (!instance || unit_name_replace_instance(*k, instance, &n) < 0)
                                continue;
                } else
                        n = xstrdup(*k);
                if (strv_contains(all, n))
                        free(n);
                else
                        strv_consume(&all, n);
                if (fid && streq(*k, fid)) {
                        free(u->id);
                        u->id = xstrdup(fid);
                }
        }
        /* drop-ins are searched for the id first, then the other names (systemd: in hash order) */
        STRV_FOREACH(n, all)
                if (!streq(*n, u->id))
                        strv_extend(&u->aliases, *n);
        strv_sort(u->aliases);
}

/* The units systemd 252 loads without a fragment (checked with systemd-analyze: a slice or device
 * with a drop-in or no file at all scores, and so does the root mount "-.mount"; any other service,
 * socket, target, mount, automount, swap, timer or path is not found). */
static bool unit_may_lack_fragment(UnitType t, const char *name) {
        return t == UNIT_SLICE || t == UNIT_DEVICE || streq(name, "-.mount");
}

static Unit *unit_new(const LookupPaths *lp, const char *name) {
        Unit *u = xcalloc(1, sizeof(Unit));
        u->requested = xstrdup(name);
        u->type = unit_name_to_type(name);
        u->scope = lp->scope;
        u->root = lp->root ? xstrdup(lp->root) : NULL;
        return u;
}

static int unit_fill(const NameMap *m, Unit *u, const char *fragment) {
        const LookupPaths *lp = m->lp;
        _cleanup_strv_free_ char **names = NULL;
        strv_extend(&names, u->id);
        STRV_FOREACH(a, u->aliases)
                strv_extend(&names, *a);
        if (!fragment)
                return load_dropins(m, u, names);
        UnitFile f;
        int r = load_file(lp, fragment, false, u->type, &f);
        if (r < 0) {
                unit_file_done(&f);
                return r;
        }
        if (r > 0) {
                unit_file_done(&f);
                u->masked = true; /* systemd still reads the drop-ins of a masked unit (and warns) */
        } else
                unit_add_file(u, &f);
        return load_dropins(m, u, names);
}

int unit_load(const LookupPaths *lp, const char *name, Unit **ret) {
        _cleanup_free_ char *instantiated = NULL;
        if (unit_name_is_valid(name, UNIT_NAME_TEMPLATE)) { /* as systemd-analyze: "foo@.service" is "foo@i.service" */
                int r = unit_name_replace_instance(name, "i", &instantiated);
                if (r < 0)
                        return r;
                name = instantiated;
        }
        if (!unit_name_is_valid(name, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                return -EINVAL;
        if (unit_name_is_valid(name, UNIT_NAME_INSTANCE) && !unit_type_may_template(unit_name_to_type(name)))
                return log_error_errno(-EINVAL, "unit %s: %s units cannot be templates or instances", name,
                                       unit_type_to_string(unit_name_to_type(name)));
        UnitType type = unit_name_to_type(name);
        if (type == UNIT_SCOPE)
                return -ENOENT; /* systemd 252 loads scopes only as transient units, never from a file */
        NameMap local = {}, *m = lp->name_map ? lp->name_map : &local;
        if (!m->built)
                name_map_build(lp, m);
        m->lp = lp;
        const char *fragment = NULL;
        _cleanup_strv_free_ char **names = NULL;
        int r = name_map_find_fragment(m, name, &fragment, &names);
        if (r == -ELOOP) {
                /* systemd 252 reports such a unit as not found */
                log_warning("unit %s: its alias symlinks form a loop, treating it as not found", name);
                r = -ENOENT;
        }
        if (r == -ENOENT && unit_may_lack_fragment(type, name)) {
                fragment = NULL; /* drop-ins alone make the unit */
                r = 0;
        }
        if (r < 0) {
                name_map_done(&local);
                return r;
        }
        _cleanup_unit_free_ Unit *u = unit_new(lp, name);
        unit_set_names(u, fragment, names);
        r = unit_fill(m, u, fragment);
        name_map_done(&local);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(u);
        return 0;
}

Unit *unit_free(Unit *u) {
        if (!u)
                return NULL;
        for (size_t i = 0; i < u->n_files; i++)
                unit_file_done(&u->files[i]);
        free(u->files);
        free(u->id);
        free(u->requested);
        free(u->root);
        strv_free(u->aliases);
        free(u);
        return NULL;
}

static const char *path_basename(const char *p) {
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
}

static char *absolute_arg(const char *arg) {
        if (arg[0] == '/')
                return xstrdup(arg);
        _cleanup_free_ char *cwd = getcwd(NULL, 0);
        return cwd ? xpath_join(cwd, arg) : NULL;
}

/* The argument's directory, as given (relative to the current one, or absolute). */
static char *arg_dir(const char *arg) {
        const char *slash = strrchr(arg, '/');
        if (!slash)
                return xstrdup(".");
        return slash == arg ? xstrdup("/") : xstrndup(arg, (size_t) (slash - arg));
}

/* The entry names of one directory, so that thousands of arguments there cost one listing and
 * not an access() each. A name that is not listed does not exist; one that is listed is still
 * checked with access() (a dangling symlink is listed but does not count). Only on file systems
 * that compare names byte by byte: not where "Foo.service" may open "foo.service" (case-folding
 * directories, FAT, NTFS, SMB, ...), where the listing could not answer for access(). */
typedef struct ArgListing {
        char *dir;    /* as the arguments give it: "." for bare names */
        bool listed;  /* names holds the listing */
        StrMap names;
} ArgListing;

static bool dir_compares_bytes(int fd) {
        struct statfs sf;
        if (fstatfs(fd, &sf) < 0)
                return false;
        switch ((unsigned long) sf.f_type) {
        case EXT4_SUPER_MAGIC: /* also ext2 and ext3 */
        case TMPFS_MAGIC:
        case XFS_SUPER_MAGIC:
        case BTRFS_SUPER_MAGIC:
        case OVERLAYFS_SUPER_MAGIC:
                break;
        default:
                return false;
        }
        int flags = 0;
        if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
                return errno == ENOTTY || errno == EOPNOTSUPP || errno == EINVAL; /* no flags, no folding */
        return !(flags & FS_CASEFOLD_FL);
}

static void arg_listing_load(ArgListing *l, const char *dir) {
        free(l->dir);
        strmap_done(&l->names);
        *l = (ArgListing) { .dir = xstrdup(dir) };
        DIR *d = opendir(dir);
        if (!d)
                return;
        if (dir_compares_bytes(dirfd(d))) {
                struct dirent *de;
                errno = 0;
                while ((de = readdir(d)))
                        (void) strmap_ensure(&l->names, de->d_name);
                l->listed = errno == 0;
        }
        closedir(d);
}

static void arg_listing_done(ArgListing *l) {
        free(l->dir);
        strmap_done(&l->names);
}

/* access(path, F_OK) >= 0, answered from l where it holds path's directory. */
static bool arg_exists(const char *path, const char *dir, const char *base, const ArgListing *l) {
        if (l && l->listed && streq(l->dir, dir) && unit_name_is_valid(base, UNIT_NAME_ANY) &&
            !strmap_get(&l->names, base))
                return false;
        return access(path, F_OK) >= 0;
}

static int arg_extra_dir(const char *arg, const ArgListing *l, char **ret_dir) {
        *ret_dir = NULL;
        if (isempty(arg))
                return 0;
        /* access() resolves a relative argument against the current directory itself; the
         * directory is made absolute only for an argument that names a file */
        _cleanup_free_ char *dir = arg_dir(arg);
        const char *base = path_basename(arg);
        bool found = arg_exists(arg, dir, base, l);
        if (!found && unit_name_is_valid(base, UNIT_NAME_INSTANCE)) {
                _cleanup_free_ char *t = NULL, *tp = NULL;
                if (unit_name_template(base, &t) >= 0) {
                        tp = xpath_join(dir, t);
                        found = arg_exists(tp, dir, t, l);
                }
        }
        if (!found)
                return 0;
        _cleanup_free_ char *abs = absolute_arg(arg);
        if (!abs)
                return -errno;
        char *slash = strrchr(abs, '/');
        *ret_dir = slash == abs ? xstrdup("/") : xstrndup(abs, (size_t) (slash - abs));
        return 0;
}

int unit_arg_extra_dir(const char *arg, char **ret_dir) {
        return arg_extra_dir(arg, NULL, ret_dir);
}

/* From this many arguments on, their most common directory is listed once (see ArgListing). */
#define ARGS_LISTING_MIN 64

char **unit_args_extra_dirs(char *const *args, size_t n) {
        char **dirs = NULL;
        ArgListing listing = {};
        if (n >= ARGS_LISTING_MIN) { /* in practice one directory: the current one, for bare names */
                size_t bare = 0;
                for (size_t i = 0; i < n; i++)
                        bare += args[i] && !strchr(args[i], '/');
                if (bare >= ARGS_LISTING_MIN)
                        arg_listing_load(&listing, ".");
        }
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *d = NULL;
                if (arg_extra_dir(args[i], listing.dir ? &listing : NULL, &d) >= 0 && d && !strv_contains(dirs, d))
                        strv_consume(&dirs, TAKE_PTR(d));
        }
        arg_listing_done(&listing);
        return dirs;
}

int unit_arg_to_name(const char *arg, char **ret_name) {
        const char *base = path_basename(arg);
        if (!unit_name_is_valid(base, UNIT_NAME_ANY))
                return -EINVAL;
        if (unit_name_is_valid(base, UNIT_NAME_TEMPLATE))
                return unit_name_replace_instance(base, "i", ret_name);
        *ret_name = xstrdup(base);
        return 0;
}
