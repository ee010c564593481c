/* SPDX-License-Identifier: MIT */
#include "log.h"
#include "security-paths.h"
#include "strv.h"
#include "strv.h"

static const char *const volatile_suffixes[] = {
        "transient",
        "generator.early",
        "generator",
        "generator.late",
};

/* The volatile directories of the compiled-in defaults of scope. */
static char **volatile_dirs(UnitScope scope) {
        char **l = NULL;
        const char *runtime = getenv("XDG_RUNTIME_DIR");
        for (size_t i = 0; i < ELEMENTSOF(volatile_suffixes); i++) {
                if (scope == UNIT_SCOPE_SYSTEM)
                        strv_consume(&l, xasprintf("/run/systemd/%s", volatile_suffixes[i]));
                else if (!isempty(runtime))
                        strv_consume(&l, xasprintf("%s/systemd/%s", runtime, volatile_suffixes[i]));
        }
        return l;
}

/* Whether the compiled-in defaults are part of the path ($SYSTEMD_UNIT_PATH unset or ending in ':'). */
static bool uses_defaults(void) {
        const char *e = getenv("SYSTEMD_UNIT_PATH");
        return !e || (*e && endswith(e, ":"));
}

int security_lookup_paths_init(LookupPaths *lp, UnitScope scope, const char *root, char *const *extra_dirs) {
        int r = lookup_paths_init(lp, scope, root, extra_dirs);
        if (r < 0 || !uses_defaults())
                return r;
        _cleanup_strv_free_ char **drop = volatile_dirs(scope);
        size_t out = 0;
        for (size_t i = 0; lp->search_path && lp->search_path[i]; i++) {
                if (strv_contains(drop, lp->search_path[i]) && !strv_contains(extra_dirs, lp->search_path[i]))
                        free(lp->search_path[i]);
                else
                        lp->search_path[out++] = lp->search_path[i];
        }
        if (lp->search_path)
                lp->search_path[out] = NULL;
        lookup_paths_flush(lp); /* nothing was read yet; the contract asks for it after a change */
        return 0;
}

int security_lookup_paths_for_args(LookupPaths *lp, UnitScope scope, const char *root, char *const *args, size_t n) {
        _cleanup_strv_free_ char **dirs = unit_args_extra_dirs(args, n);
        int r = security_lookup_paths_init(lp, scope, root, dirs);
        if (r < 0)
                return log_error_errno(r, "cannot set up the unit search path: %m");
        return 0;
}
