/* SPDX-License-Identifier: MIT */
/* unitsec cat UNIT...: the fragment and the drop-ins of each unit, in the order applied,
 * each file headed by "# PATH" (its path inside --root), as `systemctl cat` prints them. */
#include <getopt.h>
#include <sys/stat.h>

#include "log.h"
#include "strv.h"
#include "unit-fs.h"
#include "unit-load.h"
#include "verbs.h"

static void cat_help(void) {
        printf("Usage: unitsec cat [OPTIONS] UNIT...\n\n"
               "Print each unit's fragment, then its drop-ins in the order they apply,\n"
               "each headed by '# PATH'. UNIT is a unit name or a path to a unit file\n"
               "(its directory is searched first).\n\n"
               "Options:\n"
               "  -h --help            show this help\n"
               "     --root=DIR        read unit files below DIR instead of /\n"
               "     --system / --user which service manager's units (default: --system)\n\n"
               "See 'man unitsec' for details.\n");
}

static int cat_file(const Unit *u, const UnitFile *f, bool *first) {
        _cleanup_free_ char *data = NULL;
        size_t size = 0;
        int r = unit_fs_read_file(u->root, f->path, &data, &size, NULL);
        if (r < 0)
                return log_error_errno(r, "cannot read '%s': %m", f->display_path);
        printf("%s# %s\n", *first ? "" : "\n", f->path);
        *first = false;
        fwrite(data, 1, size, stdout);
        if (size > 0 && data[size - 1] != '\n')
                putchar('\n');
        return 0;
}

static int cat_one(const LookupPaths *lp, const char *arg, bool *first) {
        _cleanup_free_ char *name = NULL;
        _cleanup_unit_free_ Unit *u = NULL;
        fflush(stdout); /* keep the earlier units' text before this one's messages */
        if (unit_arg_to_name(arg, &name) < 0)
                return log_error_errno(-EINVAL, "'%s' is not a valid unit name", arg);
        struct stat st;
        if (strchr(arg, '/') && stat(arg, &st) >= 0 && !S_ISREG(st.st_mode))
                return log_error_errno(-EBADFD, "'%s' is not a regular file", arg);
        int r = unit_load(lp, name, &u);
        if (r == -ENOENT)
                return log_error_errno(r, "unit %s not found", name);
        if (r < 0)
                return log_error_errno(r, "unit %s cannot be loaded", name);
        if (u->masked)
                return log_error_errno(-ERFKILL, "unit %s is masked", u->id);
        for (size_t i = 0; i < u->n_files; i++) {
                r = cat_file(u, &u->files[i], first);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int cat_parse_args(int argc, char **argv) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                {},
        };
        int c;
        optind = 0;
        while ((c = getopt_long(argc, argv, "+h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        cat_help();
                        return 0;
                default:
                        return log_usage_error("cat: unknown option");
                }
        if (optind >= argc)
                return log_usage_error("cat: at least one unit is needed");
        return 1;
}

int verb_cat(int argc, char **argv) {
        int r = cat_parse_args(argc, argv);
        if (r <= 0)
                return r;
        _cleanup_strv_free_ char **extra = unit_args_extra_dirs(argv + optind, (size_t) (argc - optind));
        LookupPaths lp;
        r = lookup_paths_init(&lp, arg_global.scope, arg_global.root, extra);
        if (r < 0)
                return log_error_errno(r, "cannot set up the unit search path: %m");
        bool first = true, failed = false;
        for (int i = optind; i < argc; i++)
                failed = cat_one(&lp, argv[i], &first) < 0 || failed;
        lookup_paths_done(&lp);
        fflush(stdout);
        return failed ? EXIT_FAILED : EXIT_OK;
}
