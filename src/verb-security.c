/* SPDX-License-Identifier: MIT */
/* unitsec security: scores units offline exactly as `systemd-analyze security` (v252). */
#include <getopt.h>

#include "exec-settings.h"
#include "log.h"
#include "pager.h"
#include "parse-util.h"
#include "security-document.h"
#include "security-output.h"
#include "security-overview.h"
#include "security-paths.h"
#include "security-profile.h"
#include "strv.h"
#include "terminal.h"
#include "unit-load.h"
#include "verbs.h"

static SecurityJsonMode arg_json = SECURITY_JSON_OFF;
static bool arg_format_json;
static unsigned arg_threshold = 100;
static const char *arg_policy;
static const char *arg_profile;
static bool arg_all;

/* A unit named on the command line, loaded and scored. */
typedef struct Analysed {
        Unit *unit;
        ExecSettings settings;
        bool settings_loaded;
        SecurityReport report;
} Analysed;

static void analysed_done(Analysed *a) {
        if (a->settings_loaded)
                exec_settings_done(&a->settings);
        security_report_done(&a->report);
        unit_free(a->unit);
        *a = (Analysed) {};
}

static void help(void) {
        printf("Usage: unitsec security [OPTIONS] [UNIT|PATH...]\n\n"
               "Score units' exposure exactly as systemd-analyze security (systemd 252) does, offline.\n"
               "With no unit, print an overview of every service in the search path.\n\n"
               "Options:\n"
               "  -h --help                 show this help\n"
               "     --offline=BOOL         accepted for compatibility; only offline analysis exists\n"
               "     --json=MODE            pretty, short or off (systemd's JSON); --json=help lists them\n"
               "     --format=json          unitsec's own JSON document (not with --json)\n"
               "     --threshold=N          fail (exit 1) when a unit's exposure in tenths is above N (0..100)\n"
               "     --security-policy=FILE weights, ranges and texts per test (JSON)\n"
               "     --profile=NAME|PATH    add a portable profile as the drop-in profile.conf\n"
               "     --all                  overview: also templates (as instance i), masked and oneshot\n\n"
               "Global options --root=DIR, --user, --system and --no-pager apply too.\n");
}

enum {
        ARG_OFFLINE = 0x100,
        ARG_JSON,
        ARG_FORMAT,
        ARG_THRESHOLD,
        ARG_POLICY,
        ARG_PROFILE,
        ARG_ALL,
};

static int parse_option(int c, const char *v) {
        int r;
        switch (c) {
        case ARG_OFFLINE:
                r = parse_boolean(v);
                if (r < 0)
                        return log_usage_error("--offline= needs a boolean, not '%s'", v);
                if (r == 0)
                        return log_usage_error("--offline=no is not supported: unitsec only analyses unit files offline");
                return 1;
        case ARG_JSON:
                if (streq(v, "help")) {
                        for (SecurityJsonMode m = 0; m < _SECURITY_JSON_MODE_MAX; m++)
                                puts(security_json_mode_to_string(m));
                        return 0;
                }
                arg_json = security_json_mode_from_string(v);
                if (arg_json < 0)
                        return log_usage_error("--json= takes pretty, short or off, not '%s'", v);
                return 1;
        case ARG_FORMAT:
                if (!streq(v, "json"))
                        return log_usage_error("--format= only knows 'json', not '%s'", v);
                arg_format_json = true;
                return 1;
        case ARG_THRESHOLD:
                if (safe_atou(v, &arg_threshold) < 0 || arg_threshold > 100)
                        return log_usage_error("--threshold= needs an integer from 0 to 100, not '%s'", v);
                return 1;
        case ARG_POLICY:
                arg_policy = v;
                return 1;
        case ARG_PROFILE:
                arg_profile = v;
                return 1;
        case ARG_ALL:
                arg_all = true;
                return 1;
        }
        return 1;
}

/* Returns 1 to go on, 0 to exit successfully, < 0 on a usage error. */
static int parse_argv(int argc, char **argv) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "offline", required_argument, NULL, ARG_OFFLINE },
                { "json", required_argument, NULL, ARG_JSON },
                { "format", required_argument, NULL, ARG_FORMAT },
                { "threshold", required_argument, NULL, ARG_THRESHOLD },
                { "security-policy", required_argument, NULL, ARG_POLICY },
                { "profile", required_argument, NULL, ARG_PROFILE },
                { "all", no_argument, NULL, ARG_ALL },
                {},
        };
        int c, r;
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0) {
                if (c == 'h') {
                        help();
                        return 0;
                }
                if (c == '?') {
                        if (optopt >= ARG_OFFLINE)
                                return log_usage_error("option '%s' needs a value", argv[optind - 1]);
                        return log_usage_error("unknown option '%s'", argv[optind - 1]);
                }
                r = parse_option(c, optarg);
                if (r <= 0)
                        return r;
        }
        if (arg_format_json && arg_json != SECURITY_JSON_OFF)
                return log_usage_error("--format=json and --json= cannot be combined");
        return 1;
}

static SecurityStyle style(void) {
        return (SecurityStyle) {
                .utf8 = terminal_is_utf8(),
                .colors = terminal_colors_enabled(),
                .columns = terminal_columns(),
        };
}

static int lookup_paths_for_args(char **args, LookupPaths *ret) {
        _cleanup_strv_free_ char **dirs = NULL;
        STRV_FOREACH(a, args) {
                _cleanup_free_ char *d = NULL;
                if (unit_arg_extra_dir(*a, &d) >= 0 && d && !strv_contains(dirs, d))
                        strv_consume(&dirs, TAKE_PTR(d));
        }
        int r = security_lookup_paths_init(ret, arg_global.scope, arg_global.root, dirs);
        if (r < 0)
                return log_error_errno(r, "cannot set up the unit search path: %m");
        return 0;
}

/* Loads one argument: name check, files, typed settings. Logs one message on failure. */
static int load_one(const LookupPaths *lp, const char *profile, const char *arg, Analysed *a) {
        _cleanup_free_ char *name = NULL;
        int r = unit_arg_to_name(arg, &name);
        if (r < 0)
                return log_error_errno(r, "'%s' is not a valid unit name or path, ignoring", arg);
        r = unit_load(lp, name, &a->unit);
        if (r == -ENOENT)
                return log_error_errno(r, "unit '%s' not found", name);
        if (r < 0)
                return log_error_errno(r, "unit '%s' failed to load: %m", name);
        if (a->unit->masked)
                return log_error_errno(-ERFKILL, "unit '%s' is masked", a->unit->id);
        if (!isempty(profile)) {
                r = security_profile_apply(profile, a->unit);
                if (r < 0)
                        return r;
        }
        r = exec_settings_load(a->unit, &a->settings);
        if (r < 0)
                return log_error_errno(r, "unit '%s' has a bad unit file setting, not analysed", a->unit->id);
        a->settings_loaded = true;
        return 0;
}

/* Prints one scored unit; returns 1 when it is over the threshold. */
static int print_unit(const Analysed *a, const SecurityStyle *st, SecurityDocument *doc) {
        if (doc)
                security_document_add(doc, a->unit->id, a->unit, &a->settings, &a->report, true);
        else if (arg_json != SECURITY_JSON_OFF)
                security_print_json(stdout, &a->report, arg_json);
        else {
                security_print_table(stdout, &a->report, st);
                security_print_overall(stdout, a->unit->id, a->report.exposure, st);
        }
        return a->report.exposure > arg_threshold;
}

/* The profile file of each argument, "" for none (without --profile, or for an argument that is no
 * unit name: that is reported when loading). Any missing profile stops the run, as in v252. */
static int find_profiles(char **args, char ***ret) {
        _cleanup_strv_free_ char **paths = NULL;
        STRV_FOREACH(a, args) {
                _cleanup_free_ char *name = NULL, *path = NULL;
                if (arg_profile && unit_arg_to_name(*a, &name) >= 0) {
                        int r = security_profile_find(arg_profile, unit_name_to_type(name), &path);
                        if (r < 0)
                                return r;
                }
                strv_consume(&paths, path ? TAKE_PTR(path) : xstrdup(""));
        }
        *ret = TAKE_PTR(paths);
        return 0;
}

/* Loads every argument first, as systemd does; returns true if all loaded. ok[i] tells which did. */
static bool load_all(const LookupPaths *lp, char **args, char **profiles, Analysed *units, bool *ok) {
        bool all = true;
        for (size_t i = 0; args[i]; i++) {
                ok[i] = load_one(lp, profiles[i], args[i], &units[i]) >= 0;
                all = all && ok[i];
        }
        return all;
}

/* Scores and prints the loaded units in argument order. Returns 1 if one is over the threshold,
 * 0, or -EDOM when the policy cannot be applied. */
static int score_and_print(char **args, const SecurityPolicy *policy, Analysed *units, const bool *ok) {
        bool over = false;
        int r = 0;
        (void) pager_open(arg_global.no_pager);
        SecurityStyle st = style();
        SecurityDocument *doc = arg_format_json ? security_document_new() : NULL;
        for (size_t i = 0; args[i] && r >= 0; i++) {
                if (!ok[i])
                        continue;
                SecurityInput in = { .settings = &units[i].settings, .unit_id = units[i].unit->id };
                r = security_report_build(&in, policy, &units[i].report);
                if (r >= 0)
                        over = print_unit(&units[i], &st, doc) > 0 || over;
        }
        if (doc && r >= 0)
                security_document_print(stdout, doc);
        pager_close();
        security_document_free(doc);
        return r < 0 ? r : over;
}

static int analyse_units(char **args, const SecurityPolicy *policy) {
        _cleanup_(lookup_paths_done) LookupPaths lp = {};
        _cleanup_strv_free_ char **profiles = NULL;
        size_t n = strv_length(args);
        int r = find_profiles(args, &profiles);
        if (r < 0)
                return r;
        r = lookup_paths_for_args(args, &lp);
        if (r < 0)
                return r;
        Analysed *units = xcalloc(n, sizeof(Analysed));
        bool *ok = xcalloc(n, sizeof(bool));
        bool loaded = load_all(&lp, args, profiles, units, ok);
        r = score_and_print(args, policy, units, ok);
        for (size_t i = 0; i < n; i++)
                analysed_done(&units[i]);
        free(units);
        free(ok);
        if (r < 0)
                return r;
        return r > 0 || !loaded ? EXIT_FAILED : EXIT_OK;
}

int verb_security(int argc, char **argv) {
        _cleanup_(security_policy_freep) SecurityPolicy *policy = NULL;
        int r = parse_argv(argc, argv);
        if (r <= 0)
                return r;
        if (arg_global.scope == UNIT_SCOPE_USER && isempty(getenv("XDG_RUNTIME_DIR")))
                return log_error_errno(-ENXIO, "--user needs $XDG_RUNTIME_DIR to build the user search path");
        if (arg_global.scope == UNIT_SCOPE_USER && arg_global.root) /* v252 cannot set that up either */
                return log_error_errno(-EINVAL, "--user cannot be combined with --root=%s", arg_global.root);
        r = security_policy_load(arg_policy, &policy);
        if (r < 0)
                return r;
        char **args = argv + optind;
        if (strv_length(args) == 0)
                return security_overview(&(SecurityOverviewOptions) {
                        .policy = policy,
                        .all = arg_all,
                        .threshold = arg_threshold,
                        .json = arg_json,
                        .format_json = arg_format_json,
                        .no_pager = arg_global.no_pager,
                });
        return analyse_units(args, policy);
}
