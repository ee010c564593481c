/* SPDX-License-Identifier: MIT */
/* The unit search path of systemd 252 on Debian 12 (checked with `systemd-analyze unit-paths`,
 * also with --user and $SYSTEMD_UNIT_PATH unset / set / empty / ending in ':'). */
#include "log.h"
#include "name-map.h"
#include "strv.h"
#include "unit-fs.h"
#include "unit-load.h"

static const char *const system_defaults[] = {
        "/etc/systemd/system.control",
        "/run/systemd/system.control",
        "/run/systemd/transient",
        "/run/systemd/generator.early",
        "/etc/systemd/system",
        "/etc/systemd/system.attached",
        "/run/systemd/system",
        "/run/systemd/system.attached",
        "/run/systemd/generator",
        "/usr/local/lib/systemd/system",
        "/lib/systemd/system",
        "/usr/lib/systemd/system",
        "/run/systemd/generator.late",
};

/* Adds "<each entry of the ':'-list value, or dflt if unset/empty>/suffix". */
static void add_xdg(char ***l, const char *value, const char *dflt, const char *suffix) {
        const char *v = isempty(value) ? dflt : value;
        while (v && *v) {
                size_t n = strcspn(v, ":");
                if (n > 0 && v[0] == '/')
                        strv_consume(l, xasprintf("%.*s/%s", (int) n, v, suffix));
                v += n + (v[n] == ':');
        }
}

static char *xdg_home(const char *var, const char *home_rel) {
        const char *v = getenv(var), *home = getenv("HOME");
        if (!isempty(v) && v[0] == '/')
                return xstrdup(v);
        if (isempty(home) || home[0] != '/')
                return NULL;
        return xasprintf("%s/%s", home, home_rel);
}

static void add_runtime(char ***l, const char *runtime, const char *suffix) {
        if (!isempty(runtime) && runtime[0] == '/')
                strv_consume(l, xasprintf("%s/systemd/%s", runtime, suffix));
}

static void add_in(char ***l, const char *dir, const char *suffix) {
        if (dir)
                strv_consume(l, xasprintf("%s/systemd/%s", dir, suffix));
}

static char **user_defaults(void) {
        _cleanup_free_ char *config = xdg_home("XDG_CONFIG_HOME", ".config");
        _cleanup_free_ char *data = xdg_home("XDG_DATA_HOME", ".local/share");
        const char *runtime = getenv("XDG_RUNTIME_DIR");
        char **l = NULL;
        add_in(&l, config, "user.control");
        add_runtime(&l, runtime, "user.control");
        add_runtime(&l, runtime, "transient");
        add_runtime(&l, runtime, "generator.early");
        add_in(&l, config, "user");
        add_xdg(&l, getenv("XDG_CONFIG_DIRS"), "/etc/xdg", "systemd/user");
        strv_extend(&l, "/etc/systemd/user");
        add_runtime(&l, runtime, "user");
        strv_extend(&l, "/run/systemd/user");
        add_runtime(&l, runtime, "generator");
        add_in(&l, data, "user");
        add_xdg(&l, getenv("XDG_DATA_DIRS"), "/usr/local/share:/usr/share", "systemd/user");
        strv_extend(&l, "/usr/local/lib/systemd/user");
        strv_extend(&l, "/usr/lib/systemd/user");
        add_runtime(&l, runtime, "generator.late");
        return l;
}

static void add_defaults(char ***l, UnitScope scope) {
        if (scope == UNIT_SCOPE_USER) {
                _cleanup_strv_free_ char **u = user_defaults();
                STRV_FOREACH(p, u)
                        strv_extend(l, *p);
                return;
        }
        for (size_t i = 0; i < ELEMENTSOF(system_defaults); i++)
                strv_extend(l, system_defaults[i]);
}

/* $SYSTEMD_UNIT_PATH: unset → defaults; "" → nothing; "a:b" → a, b; "a:b:" → a, b, defaults. */
static void add_env(char ***l, UnitScope scope) {
        const char *e = getenv("SYSTEMD_UNIT_PATH");
        if (!e) {
                add_defaults(l, scope);
                return;
        }
        while (*e) {
                size_t n = strcspn(e, ":");
                if (n > 0)
                        strv_consume(l, xstrndup(e, n));
                e += n;
                if (*e == ':' && e[1] == 0) {
                        add_defaults(l, scope);
                        break;
                }
                e += *e == ':';
        }
}

/* systemd 252 opens the search directories through the host's file system: below --root, one
 * reached through an absolute symlink (or a ".." above the root) would be read from the host.
 * unitsec refuses it, once, here. */
static bool escapes_root(const char *root, const char *dir) {
        if (!root || streq(root, "/"))
                return false;
        _cleanup_free_ char *resolved = NULL;
        UnitFsChase info = {};
        (void) unit_fs_chase(root, dir, &resolved, &info);
        bool escaped = info.escaped;
        if (escaped)
                log_warning("search directory '%s%s' leads out of the root (via '%s'); systemd would read the "
                            "host's units there, ignoring it", root, dir, info.escaped);
        unit_fs_chase_done(&info);
        return escaped;
}

int lookup_paths_init(LookupPaths *lp, UnitScope scope, const char *root, char *const *extra_dirs) {
        _cleanup_strv_free_ char **raw = NULL;
        char **out = NULL;
        STRV_FOREACH(d, extra_dirs)
                strv_extend(&raw, *d);
        add_env(&raw, scope);
        STRV_FOREACH(p, raw) {
                if ((*p)[0] != '/')
                        continue; /* systemd drops relative entries */
                char *n = unit_fs_path_normalize(*p);
                if (strv_contains(out, n) || escapes_root(root, n))
                        free(n);
                else
                        strv_consume(&out, n);
        }
        *lp = (LookupPaths) {
                .scope = scope,
                .root = root && !streq(root, "/") ? unit_fs_path_normalize(root) : NULL,
                .search_path = out,
                .name_map = xcalloc(1, sizeof(NameMap)),
        };
        return 0;
}

void lookup_paths_flush(const LookupPaths *lp) {
        if (lp && lp->name_map)
                name_map_done(lp->name_map);
        unit_fs_flush();
}

void lookup_paths_done(LookupPaths *lp) {
        if (!lp)
                return;
        free(lp->root);
        strv_free(lp->search_path);
        lookup_paths_flush(lp);
        free(lp->name_map);
        *lp = (LookupPaths) {};
}
