/* SPDX-License-Identifier: MIT */
/* The name map. Every entry of every search directory whose name is a valid unit name counts;
 * the first directory holding a name wins. A regular entry maps to its path. A symlink whose
 * target lies inside the search path is an alias and maps to the target's name (checked with
 * systemd 252: a link to the same name is ignored, so a later directory's file of that name
 * wins); any other symlink (outside the search path, /dev/null) maps to the link's own path. */
#include <dirent.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "log.h"
#include "name-map.h"
#include "strv.h"
#include "unit-fs.h"

#define ALIAS_FOLLOW_MAX 16

void name_map_done(NameMap *m) {
        for (size_t i = 0; i < m->n; i++) {
                free(m->entries[i].name);
                free(m->entries[i].value);
        }
        free(m->entries);
        for (size_t i = 0; i < m->n_stands; i++)
                free(m->stands[i].name);
        free(m->stands);
        strv_free(m->dotd);
        strv_free(m->dotd_base);
        *m = (NameMap) {};
}

static int cmp_str(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

bool name_map_may_have_dir(const NameMap *m, const char *path) {
        return m->n_dotd > 0 && bsearch(&path, m->dotd, m->n_dotd, sizeof(char *), cmp_str);
}

bool name_map_may_have_dir_base(const NameMap *m, const char *base) {
        return m->n_dotd > 0 && bsearch(&base, m->dotd_base, m->n_dotd, sizeof(char *), cmp_str);
}

static int cmp_entry_name(const void *key, const void *e) {
        return strcmp(key, ((const NameEntry *) e)->name);
}

/* After name_map_build() the entries are sorted by name: a binary search. */
static const NameEntry *name_map_find(const NameMap *m, const char *name) {
        return m->n ? bsearch(name, m->entries, m->n, sizeof(NameEntry), cmp_entry_name) : NULL;
}

/* Appended in search-path order; name_map_build() keeps the first of each name. */
static void name_map_add(NameMap *m, const char *name, char *value, bool is_path) {
        GREEDY_REALLOC(m->entries, m->allocated, m->n + 1);
        m->entries[m->n] = (NameEntry) { xstrdup(name), value, is_path, m->n };
        m->n++;
}

static int cmp_entries(const void *a, const void *b) {
        const NameEntry *x = a, *y = b;
        int c = strcmp(x->name, y->name);
        return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sorts by name, keeping only the earliest entry of each name (O(n log n) even for hostile
 * directories with very many files). */
static void name_map_finish(NameMap *m) {
        if (m->n == 0)
                return;
        qsort(m->entries, m->n, sizeof(NameEntry), cmp_entries);
        size_t out = 1;
        for (size_t i = 1; i < m->n; i++) {
                if (streq(m->entries[i].name, m->entries[out - 1].name)) {
                        free(m->entries[i].name);
                        free(m->entries[i].value);
                } else
                        m->entries[out++] = m->entries[i];
        }
        m->n = out;
}

/* The part of p below the search directory holding it, or NULL. */
static const char *search_path_tail(const LookupPaths *lp, const char *p) {
        STRV_FOREACH(d, lp->search_path) {
                const char *rest = startswith(p, *d);
                if (rest && rest[0] == '/')
                        return rest + 1;
        }
        return NULL;
}

/* systemd's alias rules: same type; plain → plain, template → template, instance → instance of
 * the same instance name or → template; no aliases of devices, slices, scopes. */
static bool alias_is_valid(const char *src, const char *dst) {
        UnitType t = unit_name_to_type(src);
        if (t < 0 || !unit_type_may_alias(t) || unit_name_to_type(dst) != t)
                return false;
        if (!unit_name_is_valid(src, UNIT_NAME_PLAIN) && !unit_type_may_template(t))
                return false;
        if (unit_name_is_valid(src, UNIT_NAME_PLAIN))
                return unit_name_is_valid(dst, UNIT_NAME_PLAIN);
        if (unit_name_is_valid(src, UNIT_NAME_TEMPLATE))
                return unit_name_is_valid(dst, UNIT_NAME_TEMPLATE);
        if (unit_name_is_valid(dst, UNIT_NAME_TEMPLATE))
                return true;
        _cleanup_free_ char *a = NULL, *b = NULL;
        return unit_name_is_valid(dst, UNIT_NAME_INSTANCE) && unit_name_to_instance(src, &a) >= 0 &&
               unit_name_to_instance(dst, &b) >= 0 && streq(a, b);
}

static void add_symlink(NameMap *m, int dfd, const char *dir, const char *name) {
        char buf[4096];
        ssize_t k = readlinkat(dfd, name, buf, sizeof buf - 1);
        if (k < 0) {
                log_debug("cannot read symlink '%s/%s', ignoring: %m", dir, name);
                return;
        }
        buf[k] = 0;
        _cleanup_free_ char *abs = buf[0] == '/' ? xstrdup(buf) : xpath_join(dir, buf);
        _cleanup_free_ char *target = unit_fs_path_normalize(abs);
        const char *tail = search_path_tail(m->lp, target);
        if (!tail) { /* a mask or a linked unit file */
                name_map_add(m, name, xpath_join(dir, name), true);
                return;
        }
        const char *dst = strrchr(target, '/') + 1;
        if (strchr(tail, '/') && !streq(dst, name))
                log_warning("suspicious symlink '%s/%s' to '%s', taking it as an alias", dir, name, target);
        if (!alias_is_valid(name, dst)) {
                log_notice("symlink '%s/%s' to '%s' is not a valid alias, ignoring it", dir, name, target);
                return;
        }
        if (streq(dst, name))
                return; /* an alias of itself does nothing */
        name_map_add(m, name, xstrdup(dst), false);
}

static void scan_dir(NameMap *m, const char *dir) {
        int fd = unit_fs_open_dir(m->lp->root, dir);
        DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
        if (!d) {
                if (fd >= 0)
                        (void) close(fd);
                return;
        }
        struct dirent *de;
        while ((de = readdir(d))) {
                if (de->d_type != DT_REG && endswith(de->d_name, ".d")) {
                        m->dotd = xrealloc(m->dotd, (m->n_dotd + 2) * sizeof(char *));
                        m->dotd_base = xrealloc(m->dotd_base, (m->n_dotd + 2) * sizeof(char *));
                        m->dotd[m->n_dotd] = xpath_join(dir, de->d_name);
                        m->dotd_base[m->n_dotd++] = xstrdup(de->d_name);
                        m->dotd[m->n_dotd] = m->dotd_base[m->n_dotd] = NULL;
                }
                if (!unit_name_is_valid(de->d_name, UNIT_NAME_ANY))
                        continue;
                unsigned char type = de->d_type;
                struct stat st;
                if (type == DT_UNKNOWN && fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) >= 0)
                        type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
                /* systemd 252 passes over directories, FIFOs and the like: a later file of the
                 * name wins (checked: "not found" when there is none) */
                if (type == DT_LNK)
                        add_symlink(m, dirfd(d), dir, de->d_name);
                else if (type == DT_REG)
                        name_map_add(m, de->d_name, xpath_join(dir, de->d_name), true);
        }
        closedir(d);
}

static void build_stands(NameMap *m);

void name_map_build(const LookupPaths *lp, NameMap *ret) {
        *ret = (NameMap) { .lp = lp, .built = true };
        STRV_FOREACH(d, lp->search_path)
                scan_dir(ret, *d);
        name_map_finish(ret);
        if (ret->n_dotd > 0) {
                qsort(ret->dotd, ret->n_dotd, sizeof(char *), cmp_str);
                qsort(ret->dotd_base, ret->n_dotd, sizeof(char *), cmp_str);
        }
        build_stands(ret);
}

int name_map_resolve(const NameMap *m, const char *name, const char **ret_path) {
        for (unsigned i = 0; i < ALIAS_FOLLOW_MAX; i++) {
                const NameEntry *e = name_map_find(m, name);
                if (!e)
                        return -ENOENT;
                if (e->is_path) {
                        *ret_path = e->value;
                        return 0;
                }
                name = e->value;
        }
        return -ELOOP;
}

bool name_map_path_is_mask(const LookupPaths *lp, const char *path) {
        struct stat st;
        if (unit_fs_stat(lp->root, path, true, &st) < 0)
                return false;
        return (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3) ||
               (S_ISREG(st.st_mode) && st.st_size == 0);
}

static const char *base(const char *p) { return strrchr(p, '/') ? strrchr(p, '/') + 1 : p; }

/* The name of the file entry src resolves to (with src's instance put in if that file is a
 * template), or NULL. */
static char *entry_file_name(const NameMap *m, const char *src, const char **ret_path) {
        if (name_map_resolve(m, src, ret_path) < 0)
                return NULL;
        _cleanup_free_ char *instance = NULL;
        char *n = NULL;
        if (!unit_name_is_valid(base(*ret_path), UNIT_NAME_TEMPLATE) || !unit_name_is_valid(src, UNIT_NAME_INSTANCE) ||
            unit_name_to_instance(src, &instance) < 0)
                return xstrdup(base(*ret_path));
        return unit_name_replace_instance(base(*ret_path), instance, &n) < 0 ? NULL : n;
}

static int cmp_stands(const void *a, const void *b) {
        const NameStands *x = a, *y = b;
        int c = strcmp(x->name, y->name);
        return c ? c : (x->entry > y->entry) - (x->entry < y->entry);
}

/* The index of which entries stand for which name, so that add_names() need not walk them all.
 * An entry that maps to a path stands for its own name (the path ends in that name); only aliases
 * stand for another one, so only they are indexed: stands_next() puts the entry of the name itself
 * in its place among them. */
static void build_stands(NameMap *m) {
        for (size_t i = 0; i < m->n; i++) {
                if (m->entries[i].is_path)
                        continue;
                const char *path = NULL;
                char *n = entry_file_name(m, m->entries[i].name, &path);
                if (!n)
                        continue;
                GREEDY_REALLOC(m->stands, m->allocated_stands, m->n_stands + 1);
                m->stands[m->n_stands++] = (NameStands) { n, path, i };
        }
        if (m->n_stands > 0)
                qsort(m->stands, m->n_stands, sizeof(NameStands), cmp_stands);
}

/* The first index entry standing for name (they follow in entry order), or m->n_stands. */
static size_t stands_first(const NameMap *m, const char *name) {
        size_t lo = 0, hi = m->n_stands;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (strcmp(m->stands[mid].name, name) < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

/* Walks the entries that stand for one name, in entry order: the indexed aliases and the name's
 * own entry. */
typedef struct StandsWalk {
        const char *name;
        size_t k;          /* next alias in m->stands */
        const NameEntry *own; /* the name's own entry, until it is given out */
} StandsWalk;

static StandsWalk stands_walk(const NameMap *m, const char *name) {
        const NameEntry *e = name_map_find(m, name);
        return (StandsWalk) { .name = name, .k = stands_first(m, name), .own = e && e->is_path ? e : NULL };
}

static bool stands_next(const NameMap *m, StandsWalk *w, NameStands *ret) {
        bool alias = w->k < m->n_stands && streq(m->stands[w->k].name, w->name);
        size_t own = w->own ? (size_t) (w->own - m->entries) : SIZE_MAX;
        if (w->own && (!alias || own < m->stands[w->k].entry)) {
                *ret = (NameStands) { (char *) w->name, w->own->value, own };
                w->own = NULL;
                return true;
        }
        if (!alias)
                return false;
        *ret = m->stands[w->k++];
        return true;
}

static void add_name(char ***names, const char *n) {
        if (!strv_contains(*names, n))
                strv_extend(names, n);
}

/* systemd's add_names(): name itself, then every entry that stands for name (an alias of a
 * template, asked for as an instance, with the instance; unless that instance has a file of
 * its own that is not the fragment). */
static void add_names(const NameMap *m, const char *requested, const char *instance, const char *fragment_base,
                      const char *name, char ***names) {
        if (!unit_name_is_valid(requested, UNIT_NAME_TEMPLATE))
                add_name(names, name);
        StandsWalk w = stands_walk(m, name);
        for (NameStands st; stands_next(m, &w, &st);) {
                const char *src = m->entries[st.entry].name, *add = src;
                _cleanup_free_ char *inst = NULL;
                if (instance && unit_name_is_valid(src, UNIT_NAME_TEMPLATE)) {
                        const char *inst_path = NULL;
                        if (unit_name_replace_instance(src, instance, &inst) < 0)
                                continue;
                        if (name_map_resolve(m, inst, &inst_path) >= 0 && fragment_base &&
                            !streq(base(inst_path), fragment_base))
                                continue; /* that instance is a unit of its own */
                        add = inst;
                }
                /* a name already there needs no look at the file (saves a walk per unit) */
                if (!strv_contains(*names, add) && !name_map_path_is_mask(m->lp, st.path))
                        add_name(names, add);
        }
}

int name_map_find_fragment(const NameMap *m, const char *name, const char **ret_path, char ***ret_names) {
        _cleanup_free_ char *instance = NULL, *template = NULL;
        char **names = NULL;
        const char *path = NULL;
        (void) unit_name_to_instance(name, &instance);
        add_names(m, name, instance, NULL, name, &names);
        int r = name_map_resolve(m, name, &path);
        if (r == -ENOENT && instance && unit_name_template(name, &template) >= 0)
                r = name_map_resolve(m, template, &path);
        if (r >= 0 && !streq(base(path), name))
                add_names(m, name, instance, base(path), base(path), &names);
        *ret_names = names;
        if (r >= 0)
                *ret_path = path;
        return r;
}
