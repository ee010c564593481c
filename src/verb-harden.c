/* SPDX-License-Identifier: MIT */
/* unitsec harden: proposes a hardening drop-in for services, explains it, scores it with the
 * security engine, and applies or reverts it safely. */
#include <getopt.h>

#include "harden-apply.h"
#include "harden-json.h"
#include "harden-plan.h"
#include "live-apply.h"
#include "log.h"
#include "profile-dropin.h"
#include "parse-util.h"
#include "security-paths.h"
#include "strv.h"
#include "unit-file.h"
#include "unit-load.h"
#include "verbs.h"

typedef enum HardenAction { ACTION_PRINT, ACTION_APPLY, ACTION_REVERT } HardenAction;

static HardenLevel arg_level = HARDEN_STANDARD;
static int arg_target = -1; /* tenths, -1 unset */
static HardenAction arg_action = ACTION_PRINT;
static bool arg_force;
static const char *arg_output;
static int arg_json; /* 0 off, 1 short, 2 pretty */
static const char *arg_observed; /* --observed=PROFILE.json (src/profile/) */
static bool arg_reload, arg_restart;
static unsigned arg_grace = 10; /* seconds */

static void help(void) {
        printf("Usage: unitsec harden [OPTIONS] UNIT|PATH...\n\n"
               "Propose a hardening drop-in for services: what each line blocks, what it may break,\n"
               "and the exposure it reaches (scored like 'unitsec security'). Prints only, by default.\n\n"
               "Options:\n"
               "  -h --help              show this help\n"
               "     --level=LEVEL       conservative, standard (default) or strict: how much risk of\n"
               "                         breaking the daemon to accept\n"
               "     --target=X.Y        the fewest measures of the level that reach this exposure;\n"
               "                         exit 1 if the level cannot\n"
               "     --apply             write the drop-in as " HARDEN_DROPIN_NAME " (the old one is kept\n"
               "                         as " HARDEN_BACKUP_NAME ")\n"
               "     --revert            remove unitsec's drop-in and restore the backup\n"
               "     --force             also replace or remove a drop-in unitsec did not write\n"
               "     --output=FILE       write the drop-in to FILE instead (one unit only)\n"
               "     --json=MODE         short or pretty: the proposal as JSON\n"
               "     --reload            with --apply, on the live system: daemon-reload afterwards\n"
               "     --restart           also restart the unit; if it fails within the grace period,\n"
               "                         take the drop-in back out and bring the unit back as it was\n"
               "     --grace=SECONDS     how long the restarted unit must stay up (default 10)\n"
               "     --observed=PROFILE  the drop-in allows exactly what 'unitsec profile' saw the\n"
               "                         service do (instead of a level's measures)\n\n"
               "A unit given by name gets /etc/systemd/system/UNIT.d/ under --root; a unit given as\n"
               "a path gets UNIT.d/ beside its file. Global options --root, --user, --system apply.\n"
               "See 'man unitsec' for details.\n");
}

enum { ARG_LEVEL = 0x100, ARG_TARGET, ARG_APPLY, ARG_REVERT, ARG_FORCE, ARG_OUTPUT, ARG_JSON, ARG_RELOAD, ARG_RESTART, ARG_GRACE, ARG_OBSERVED };

static int parse_target(const char *v) {
        unsigned whole, tenth = 0;
        const char *dot = strchr(v, '.');
        _cleanup_free_ char *w = dot ? xstrndup(v, (size_t) (dot - v)) : xstrdup(v);
        if (safe_atou(w, &whole) < 0 || (dot && (strlen(dot + 1) != 1 || safe_atou(dot + 1, &tenth) < 0)) ||
            whole * 10 + tenth > 100)
                return log_usage_error("--target= needs an exposure from 0.0 to 10.0, not '%s'", v);
        arg_target = (int) (whole * 10 + tenth);
        return 1;
}

static int parse_option(int c, const char *v) {
        switch (c) {
        case ARG_LEVEL:
                arg_level = harden_level_from_string(v);
                if (arg_level < 0)
                        return log_usage_error("--level= takes conservative, standard or strict, not '%s'", v);
                return 1;
        case ARG_TARGET:
                return parse_target(v);
        case ARG_APPLY:
        case ARG_REVERT:
                if (arg_action != ACTION_PRINT)
                        return log_usage_error("--apply and --revert cannot be combined");
                arg_action = c == ARG_APPLY ? ACTION_APPLY : ACTION_REVERT;
                return 1;
        case ARG_FORCE:
                arg_force = true;
                return 1;
        case ARG_OUTPUT:
                if (isempty(v))
                        return log_usage_error("--output= needs a file name");
                arg_output = v;
                return 1;
        case ARG_RELOAD:
                arg_reload = true;
                return 1;
        case ARG_RESTART:
                arg_restart = true;
                return 1;
        case ARG_GRACE:
                if (safe_atou(v, &arg_grace) < 0 || arg_grace > 3600)
                        return log_usage_error("--grace= needs a number of seconds from 0 to 3600, not '%s'", v);
                return 1;
        case ARG_OBSERVED:
                if (isempty(v))
                        return log_usage_error("--observed= needs a profile written by 'unitsec profile'");
                arg_observed = v;
                return 1;
        case ARG_JSON:
                arg_json = streq(v, "short") ? 1 : streq(v, "pretty") ? 2 : streq(v, "off") ? 0 : -1;
                if (arg_json < 0)
                        return log_usage_error("--json= takes short, pretty or off, not '%s'", v);
                return 1;
        }
        return 1;
}

static int parse_argv(int argc, char **argv) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "level", required_argument, NULL, ARG_LEVEL },
                { "target", required_argument, NULL, ARG_TARGET },
                { "apply", no_argument, NULL, ARG_APPLY },
                { "revert", no_argument, NULL, ARG_REVERT },
                { "force", no_argument, NULL, ARG_FORCE },
                { "output", required_argument, NULL, ARG_OUTPUT },
                { "json", required_argument, NULL, ARG_JSON },
                { "observed", required_argument, NULL, ARG_OBSERVED },
                { "reload", no_argument, NULL, ARG_RELOAD },
                { "restart", no_argument, NULL, ARG_RESTART },
                { "grace", required_argument, NULL, ARG_GRACE },
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
                        if (optopt >= ARG_LEVEL)
                                return log_usage_error("option '%s' needs a value", argv[optind - 1]);
                        return log_usage_error("unknown option '%s'", argv[optind - 1]);
                }
                r = parse_option(c, optarg);
                if (r <= 0)
                        return r;
        }
        size_t n = strv_length(argv + optind);
        if (n == 0)
                return log_usage_error("harden needs at least one unit name or path");
        if (arg_observed && (arg_json || arg_target >= 0))
                return log_usage_error("--observed= cannot be combined with --json= or --target=");
        if (arg_output && (n > 1 || arg_action != ACTION_PRINT))
                return log_usage_error("--output= takes one unit and cannot be combined with --apply or --revert");
        if ((arg_reload || arg_restart) && (arg_action != ACTION_APPLY || arg_global.root))
                return log_usage_error("--reload and --restart need --apply on the live system (no --root=)");
        return 1;
}

static int load_unit(const LookupPaths *lp, const char *arg, Unit **ret) {
        _cleanup_free_ char *name = NULL;
        int r = unit_arg_to_name(arg, &name);
        if (r < 0)
                return log_error_errno(r, "'%s' is not a valid unit name or path", arg);
        if (unit_name_to_type(name) != UNIT_SERVICE)
                return log_error_errno(-EOPNOTSUPP, "'%s': harden only proposes drop-ins for services", arg);
        r = unit_load(lp, name, ret);
        if (r == -ENOENT)
                return log_error_errno(r, "unit '%s' not found", name);
        if (r < 0)
                return log_error_errno(r, "unit '%s' failed to load: %m", name);
        if ((*ret)->masked)
                return log_error_errno(-ERFKILL, "unit '%s' is masked", (*ret)->id);
        return 0;
}

/* An earlier drop-in of unitsec's is what the new proposal replaces: the unit is analysed without it. */
static void drop_own_file(Unit *u, const HardenDest *d) {
        if (harden_dest_is_ours(d) != 1)
                return;
        for (size_t i = 0; i < u->n_files; i++)
                if (u->files[i].is_dropin && (streq(u->files[i].path, d->path) || streq_ptr(u->files[i].display_path, d->host))) {
                        unit_file_done(&u->files[i]);
                        memmove(u->files + i, u->files + i + 1, (u->n_files - i - 1) * sizeof(UnitFile));
                        u->n_files--;
                        return;
                }
}

static char *parent_dir(const char *p, unsigned up) {
        char *d = xstrdup(p);
        for (unsigned i = 0; i < up; i++) {
                char *s = strrchr(d, '/');
                if (s)
                        *s = 0;
        }
        return d;
}

static ssize_t search_index(const LookupPaths *lp, const char *dir) {
        for (size_t i = 0; lp->search_path && lp->search_path[i]; i++)
                if (streq(lp->search_path[i], dir))
                        return (ssize_t) i;
        return -1;
}

/* A drop-in of our name in a directory of higher priority would hide ours from systemd. */
static int check_not_shadowed(const LookupPaths *lp, const Unit *u, const HardenDest *d) {
        _cleanup_free_ char *ours = parent_dir(d->dir, 1);
        ssize_t mine = search_index(lp, ours);
        for (size_t i = 0; mine >= 0 && i < u->n_files; i++) {
                const char *p = u->files[i].path, *b = strrchr(p, '/');
                if (!u->files[i].is_dropin || !b || !streq(b + 1, HARDEN_DROPIN_NAME) || streq(p, d->path))
                        continue;
                _cleanup_free_ char *theirs = parent_dir(p, 2);
                ssize_t k = search_index(lp, theirs);
                if (k >= 0 && k < mine)
                        return log_error_errno(-EEXIST, "'%s' would hide unitsec's drop-in '%s' from systemd, not proposing",
                                               u->files[i].display_path, d->host);
        }
        return 0;
}

static void print_next_steps(const HardenDest *d, const Unit *u, bool unchanged) {
        const char *at = strchr(u->id, '@');
        _cleanup_free_ char *pattern = at ? xasprintf("%.*s@*%s", (int) (at - u->id), u->id, strrchr(u->id, '.')) : NULL;
        printf("# %s %s\n", unchanged ? "already in place, unchanged:" : "written:", d->host);
        if (d->root)
                printf("# the unit tree is under %s: run these on that system\n", d->root);
        printf("# next: systemctl daemon-reload && systemctl restart %s%s%s\n", at ? "'" : "", pattern ?: u->id,
               at ? "'" : "");
}

static int revert_dropin(void *userdata) {
        int r = harden_revert(userdata, true);
        return r == -ENOENT ? 0 : r;
}

/* --reload/--restart: the drop-in takes effect on the running manager, and is taken back out
 * if the restarted unit fails (src/live/live-apply.h). */
static int activate(const char *id, const HardenDest *d) {
        LiveApplyOptions o = {
                .reload = arg_reload,
                .restart = arg_restart,
                .grace_usec = (uint64_t) arg_grace * 1000000ULL,
                .timeout_usec = 120ULL * 1000000ULL,
        };
        return live_apply_connect_and_activate(arg_global.scope, id, &o, revert_dropin, (void *) d);
}

static int apply_one(const HardenDest *d, const Unit *u, const char *text) {
        int r = harden_apply(d, text, arg_force);
        if (r == -EEXIST)
                return log_error_errno(r, "'%s' exists and unitsec did not write it, not replaced (use --force)", d->host);
        if (r == -ENOENT || r == -ENOTDIR)
                return log_error_errno(r, "cannot write '%s', nothing was changed: a symlink on the way leads to a "
                                       "missing place (links are followed inside the root only)", d->host);
        if (r < 0)
                return log_error_errno(r, "cannot write '%s', nothing was changed: %m", d->host);
        if (arg_reload || arg_restart)
                return activate(u->id, d);
        if (!arg_json)
                print_next_steps(d, u, r == 1);
        return 0;
}

static int revert_one(const HardenDest *d) {
        int r = harden_revert(d, arg_force);
        if (r == -ENOENT)
                return log_error_errno(r, "'%s': no drop-in of unitsec's to revert", d->host);
        if (r == -EEXIST)
                return log_error_errno(r, "'%s' was not written by unitsec, not removed (use --force)", d->host);
        if (r < 0)
                return log_error_errno(r, "cannot revert '%s': %m", d->host);
        printf("%s %s\n", r == 1 ? "restored the backup as" : "removed", d->host);
        printf("# next: systemctl daemon-reload\n");
        return 0;
}

/* Emits a plan: text or JSON (collected in json_all), to --output, or applied. Returns 1 when the
 * target was missed. */
static int emit(const HardenPlan *p, const HardenDest *d, const Unit *u, json_object *json_all) {
        _cleanup_free_ char *text = harden_plan_render(p);
        int r;
        if (arg_output) {
                r = harden_write_output(arg_output, text);
                if (r < 0)
                        return log_error_errno(r, "cannot write '%s', nothing was changed: %m", arg_output);
        }
        if (arg_json)
                json_object_array_add(json_all, harden_plan_to_json(p, text));
        else if (!arg_output)
                fputs(text, stdout);
        if (arg_action == ACTION_APPLY)
                return apply_one(d, u, text);
        return 0;
}

/* --observed: the drop-in from the profile (src/profile/profile-dropin.c), printed, written or applied. */
static int emit_observed(const HardenDest *d, const Unit *u) {
        _cleanup_free_ char *marker = xasprintf("%s --observed=%s", HARDEN_MARKER, arg_observed), *text = NULL;
        int r = profile_dropin_from_file(arg_observed, u->id, marker, &text);
        if (r < 0)
                return log_error_errno(r, "cannot read the profile '%s': %s", arg_observed,
                                       r == -EBADMSG ? "not a unitsec profile" : strerror(-r));
        if (arg_output) {
                r = harden_write_output(arg_output, text);
                if (r < 0)
                        return log_error_errno(r, "cannot write '%s', nothing was changed: %m", arg_output);
        } else
                fputs(text, stdout);
        return arg_action == ACTION_APPLY ? apply_one(d, u, text) : 0;
}

static int harden_one(const LookupPaths *lp, const char *arg, json_object *json_all) {
        _cleanup_unit_free_ Unit *u = NULL;
        _cleanup_(harden_dest_done) HardenDest d = {};
        HardenPlan p;
        int r = load_unit(lp, arg, &u);
        if (r < 0)
                return r;
        r = harden_dest_for(arg, u, arg_global.root, &d);
        if (r < 0)
                return log_error_errno(r, "'%s': cannot tell where its drop-in goes: %m", arg);
        if (arg_action == ACTION_REVERT)
                return revert_one(&d);
        r = check_not_shadowed(lp, u, &d);
        if (r < 0)
                return r;
        drop_own_file(u, &d);
        if (arg_observed)
                return emit_observed(&d, u);
        r = harden_plan_build(u, arg_global.root, d.path, d.host, arg_level, &p);
        if (r < 0)
                return r;
        bool missed = arg_target >= 0 && (r = harden_plan_fit_target(&p, (unsigned) arg_target)) == 0;
        if (r >= 0 && missed) {
                char best[8], want[8];
                log_error("%s: level %s reaches %s at best, above the target %s", u->id, harden_level_to_string(arg_level),
                          security_format_tenths(p.after.exposure, best, sizeof(best)),
                          security_format_tenths((unsigned) arg_target, want, sizeof(want)));
        }
        if (r >= 0 && !(missed && arg_action == ACTION_APPLY))
                r = emit(&p, &d, u, json_all);
        harden_plan_done(&p);
        return r < 0 ? r : missed;
}

static int lookup_paths_for_args(char **args, LookupPaths *ret) {
        return security_lookup_paths_for_args(ret, arg_global.scope, arg_global.root, args, strv_length(args));
}

static void print_json(json_object *all) {
        int flags = arg_json == 2 ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN;
        json_object *o = json_object_array_length(all) == 1 ? json_object_array_get_idx(all, 0) : all;
        puts(json_object_to_json_string_ext(o, flags | JSON_C_TO_STRING_NOSLASHESCAPE));
}

int verb_harden(int argc, char **argv) {
        int r = parse_argv(argc, argv);
        if (r <= 0)
                return r;
        if (arg_global.scope == UNIT_SCOPE_USER && isempty(getenv("XDG_RUNTIME_DIR")))
                return log_error_errno(-ENXIO, "--user needs $XDG_RUNTIME_DIR to build the user search path");
        char **args = argv + optind;
        _cleanup_(lookup_paths_done) LookupPaths lp = {};
        r = lookup_paths_for_args(args, &lp);
        if (r < 0)
                return r;
        json_object *all = json_object_new_array();
        bool failed = false;
        STRV_FOREACH(a, args)
                failed = harden_one(&lp, *a, all) != 0 || failed;
        if (arg_json && json_object_array_length(all) > 0)
                print_json(all);
        json_object_put(all);
        return failed ? EXIT_FAILED : EXIT_OK;
}
