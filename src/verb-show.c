/* SPDX-License-Identifier: MIT */
/* unitsec show UNIT...: the effective typed settings of each unit after its drop-ins and the
 * implied settings, one Key=value per line in directive-table order. Units are found as
 * `systemd-analyze security --offline` finds them. */
#include <getopt.h>

#include "directives.h"
#include "exec-format.h"
#include "exec-settings.h"
#include "log.h"
#include "security-paths.h"
#include "strv.h"
#include "unit-load.h"
#include "verbs.h"

static void show_help(void) {
        printf("Usage: unitsec show [OPTIONS] UNIT...\n\n"
               "Print the effective settings of each unit (after drop-ins and the settings\n"
               "other settings imply), one Key=value per line. Several units are separated\n"
               "by an empty line. UNIT is a unit name or a path to a unit file.\n\n"
               "Options:\n"
               "  -h --help            show this help\n"
               "     --root=DIR        read unit files below DIR instead of /\n"
               "     --system / --user which service manager's units (default: --system)\n\n"
               "See 'man unitsec' for details.\n");
}

static void show_settings(const ExecSettings *s) {
        for (size_t i = 0; i < directive_table_count; i++) {
                _cleanup_free_ char *v = exec_format_directive(s, &directive_table[i]);
                if (v)
                        printf("%s=%s\n", directive_table[i].name, v);
        }
}

/* Reports a load failure the way systemd-analyze words its meaning. */
static int show_load_error(const char *id, int r) {
        switch (r) {
        case -ENOENT:
                return log_error_errno(r, "unit %s not found", id);
        case -ERFKILL:
                return log_error_errno(r, "unit %s is masked", id);
        case -ENOEXEC:
                return log_error_errno(r, "unit %s has a bad unit file setting", id);
        case -EBADMSG:
                return log_error_errno(r, "unit %s failed to load: the unit file has a syntax error", id);
        default:
                return log_error_errno(r, "unit %s failed to load: %m", id);
        }
}

static int show_one(const LookupPaths *lp, const char *arg, bool *first) {
        _cleanup_free_ char *name = NULL;
        _cleanup_unit_free_ Unit *u = NULL;
        ExecSettings s;

        if (unit_arg_to_name(arg, &name) < 0)
                return log_error_errno(-EINVAL, "'%s' is not a valid unit name", arg);
        int r = unit_load(lp, name, &u);
        if (r < 0)
                return r == -ENOENT ? show_load_error(name, r) : r;
        if (u->masked)
                return show_load_error(u->id, -ERFKILL);
        r = exec_settings_load(u, &s);
        if (r < 0)
                return show_load_error(u->id, r);
        printf("%sId=%s\n", *first ? "" : "\n", u->id);
        *first = false;
        show_settings(&s);
        exec_settings_done(&s);
        return 0;
}

static int show_parse_args(int argc, char **argv) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                {},
        };
        int c;

        optind = 0;
        while ((c = getopt_long(argc, argv, "+h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        show_help();
                        return 0;
                default:
                        return log_usage_error("show: unknown option");
                }
        if (optind >= argc)
                return log_usage_error("show: at least one unit is needed");
        return 1;
}

int verb_show(int argc, char **argv) {
        LookupPaths lp;
        bool first = true, failed = false;
        int r = show_parse_args(argc, argv);

        if (r <= 0)
                return r;
        /* the search path `systemd-analyze security --offline` uses, so that show prints what
         * the security verb scores */
        r = security_lookup_paths_for_args(&lp, arg_global.scope, arg_global.root, argv + optind, (size_t) (argc - optind));
        if (r < 0)
                return r;
        for (int i = optind; i < argc; i++)
                failed = show_one(&lp, argv[i], &first) < 0 || failed;
        lookup_paths_done(&lp);
        fflush(stdout);
        return failed ? EXIT_FAILED : EXIT_OK;
}
