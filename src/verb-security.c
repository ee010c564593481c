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
/* What is kept of a unit between loading and printing: its id and its report (the unit files
 * and typed settings are freed once the report is built, so that thousands of units stay cheap). */
typedef struct Analysed {
        char *id;
        bool scored;
        SecurityReport report;
} Analysed;

static void analysed_done(Analysed *a) {
        if (a->scored)
                security_report_done(&a->report);
        free(a->id);
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

/* Loads one argument (name check, files, typed settings) into *ret_unit and ret_settings. Logs one
 * message on failure. */
static int load_one(const LookupPaths *lp, const char *profile, const char *arg, Unit **ret_unit,
                    ExecSettings *ret_settings) {
        _cleanup_free_ char *name = NULL;
        _cleanup_unit_free_ Unit *u = NULL;
        int r = unit_arg_to_name(arg, &name);
        if (r < 0)
                return log_error_errno(r, "'%s' is not a valid unit name or path, ignoring", arg);
        r = unit_load(lp, name, &u);
        if (r == -ENOENT)
                return log_error_errno(r, "unit '%s' not found", name);
        if (r < 0)
                return log_error_errno(r, "unit '%s' failed to load: %m", name);
        if (u->masked)
                return log_error_errno(-ERFKILL, "unit '%s' is masked", u->id);
        if (!isempty(profile)) {
                r = security_profile_apply(profile, u);
                if (r < 0)
                        return r;
        }
        r = exec_settings_load(u, ret_settings);
        if (r < 0)
                return log_error_errno(r, "unit '%s' has a bad unit file setting, not analysed", u->id);
        *ret_unit = TAKE_PTR(u);
        return 0;
}

/* Loads and scores one argument into a. A unit that does not load is reported and left unscored
 * (returns the error); a policy the scorer cannot apply returns -EDOM. With doc, the unit's entry
 * (files, tests, origins) is added while the files are at hand. */
static int load_and_score(const LookupPaths *lp, const char *profile, const char *arg,
                          const SecurityPolicy *policy, SecurityDocument *doc, Analysed *a) {
        _cleanup_unit_free_ Unit *u = NULL;
        ExecSettings settings;
        int r = load_one(lp, profile, arg, &u, &settings);
        if (r < 0)
                return r;
        SecurityInput in = { .settings = &settings, .unit_id = u->id };
        r = security_report_build(&in, policy, &a->report);
        if (r >= 0) {
                a->scored = true;
                a->id = xstrdup(u->id);
                if (doc)
                        security_document_add(doc, u->id, u, &settings, &a->report, true);
        }
        exec_settings_done(&settings);
        return r;
}

/* Prints one scored unit; returns 1 when it is over the threshold. */
static int print_unit(const Analysed *a, const SecurityStyle *st) {
        if (arg_json != SECURITY_JSON_OFF)
                security_print_json(stdout, &a->report, arg_json);
        else {
                security_print_table(stdout, &a->report, st);
                security_print_overall(stdout, a->id, a->report.exposure, st);
        }
        return a->report.exposure > arg_threshold;
}

/* The profile file of each argument, "" for none (without --profile, or for an argument that is no
 * unit name: that is reported when loading). Any missing profile stops the run, as in v252. */
static int find_profiles(char **args, char ***ret) {
        size_t n = strv_length(args);
        _cleanup_strv_free_ char **paths = xcalloc(n + 1, sizeof(char *));
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *name = NULL, *path = NULL;
                if (arg_profile && unit_arg_to_name(args[i], &name) >= 0) {
                        int r = security_profile_find(arg_profile, unit_name_to_type(name), &path);
                        if (r < 0)
                                return r;
                }
                paths[i] = path ? TAKE_PTR(path) : xstrdup("");
        }
        *ret = TAKE_PTR(paths);
        return 0;
}

/* Loads and scores every argument first, as systemd loads them all before printing (its load
 * errors come first). Returns 1 if all loaded, 0 if some did not, -EDOM when the policy cannot
 * be applied: then the remaining units are still loaded (their errors reported) but not scored. */
static int load_all(const LookupPaths *lp, char **args, char **profiles, const SecurityPolicy *policy,
                    SecurityDocument *doc, Analysed *units) {
        bool all = true;
        int policy_error = 0;
        for (size_t i = 0; args[i]; i++) {
                int r = load_and_score(lp, profiles[i], args[i], policy_error < 0 ? NULL : policy, doc, &units[i]);
                if (r == -EDOM) {
                        policy_error = r;
                        continue;
                }
                all = all && r >= 0;
        }
        return policy_error < 0 ? policy_error : all;
}

/* Prints the scored units in argument order. Returns 1 if one is over the threshold, else 0. */
static int print_all(const Analysed *units, size_t n, SecurityDocument *doc) {
        bool over = false;
        (void) pager_open(arg_global.no_pager);
        static char buffer[1 << 18];
        if (!terminal_stdout_is_tty()) /* reports run to megabytes: write them in large blocks */
                (void) setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
        SecurityStyle st = style();
        for (size_t i = 0; i < n; i++) {
                if (!units[i].scored)
                        continue;
                if (doc) /* the entries were added while loading; only the threshold is left */
                        over = over || units[i].report.exposure > arg_threshold;
                else
                        over = print_unit(&units[i], &st) > 0 || over;
        }
        if (doc)
                security_document_print(stdout, doc);
        pager_close();
        return over;
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
        SecurityDocument *doc = arg_format_json ? security_document_new() : NULL;
        int loaded = load_all(&lp, args, profiles, policy, doc, units);
        if (loaded >= 0)
                r = print_all(units, n, doc);
        for (size_t i = 0; i < n; i++)
                analysed_done(&units[i]);
        free(units);
        security_document_free(doc);
        if (loaded < 0)
                return loaded;
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
