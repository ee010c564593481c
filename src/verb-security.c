/* SPDX-License-Identifier: MIT */
/* unitsec security: scores units exactly as `systemd-analyze security` (v252): online through the running
 * service manager (src/live/), else offline from the unit files. */
#include <getopt.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "exec-settings.h"
#include "live-security.h"
#include "log.h"
#include "pager.h"
#include "parse-util.h"
#include "security-document.h"
#include "security-output.h"
#include "security-overview.h"
#include "security-paths.h"
#include "security-profile.h"
#include "security-sarif.h"
#include "strv.h"
#include "terminal.h"
#include "unit-load.h"
#include "verbs.h"

static SecurityJsonMode arg_json = SECURITY_JSON_OFF;
static bool arg_format_json;
static bool arg_format_sarif;
static SecuritySarif *sarif_doc; /* --format=sarif: results added while loading, printed at the end */
static unsigned arg_threshold = 100;
static const char *arg_policy;
static const char *arg_profile;
static bool arg_all;
static int arg_offline = -1; /* -1: online when a service manager runs */
static const char *arg_host, *arg_machine;

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
               "Score units' exposure exactly as systemd-analyze security (systemd 252) does. When a\n"
               "service manager runs, ask it (online); else read the unit files (offline). With no\n"
               "unit, print an overview: of the manager's loaded services, or offline of every service\n"
               "in the search path.\n\n"
               "Options:\n"
               "  -h --help                 show this help\n"
               "     --offline=BOOL         yes: read the unit files; no: ask the manager, fail without one\n"
               "  -H --host=[USER@]HOST     ask the manager of a remote host (over ssh)\n"
               "  -M --machine=CONTAINER    ask the manager of a local container\n"
               "     --json=MODE            pretty, short or off (systemd's JSON); --json=help lists them\n"
               "     --format=json|sarif    unitsec's own JSON document, or SARIF 2.1.0 (not with --json)\n"
               "     --threshold=N          fail (exit 1) when a unit's exposure in tenths is above N (0..100)\n"
               "     --security-policy=FILE weights, ranges and texts per test (JSON)\n"
               "     --profile=NAME|PATH    add a portable profile as the drop-in profile.conf\n"
               "     --all                  offline overview: also templates (as instance i), masked and oneshot\n\n"
               "Global options --root=DIR, --user, --system and --no-pager apply too.\n"
               "See 'man unitsec' for details.\n");
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
                arg_offline = r;
                return 1;
        case 'H':
                arg_host = v;
                return 1;
        case 'M':
                arg_machine = v;
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
                if (!streq(v, "json") && !streq(v, "sarif"))
                        return log_usage_error("--format= takes json or sarif, not '%s'", v);
                arg_format_json = streq(v, "json");
                arg_format_sarif = !arg_format_json;
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
                { "host", required_argument, NULL, 'H' },
                { "machine", required_argument, NULL, 'M' },
                {},
        };
        int c, r;
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, "hH:M:", options, NULL)) >= 0) {
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
        if (arg_host && arg_machine)
                return log_usage_error("--host= and --machine= cannot be combined");
        if ((arg_host || arg_machine) && arg_offline > 0)
                return log_usage_error("--host= and --machine= need the online mode");
        if ((arg_format_json || arg_format_sarif) && arg_json != SECURITY_JSON_OFF)
                return log_usage_error("--format= and --json= cannot be combined");
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
        return security_lookup_paths_for_args(ret, arg_global.scope, arg_global.root, args, strv_length(args));
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
                if (sarif_doc)
                        security_sarif_add(sarif_doc, u, &settings, &a->report);
        }
        exec_settings_done(&settings);
        return r;
}

/* Prints one scored unit; returns 1 when it is over the threshold. */
static int print_unit(const Analysed *a, const SecurityStyle *st) {
        if (arg_json != SECURITY_JSON_OFF)
                security_print_json(stdout, &a->report, arg_json);
        else {
                security_print_report(stdout, &a->report, a->id, st);
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

/* How reports go out: held until every unit has loaded (so that all load errors come first, as
 * with systemd-analyze), or streamed as each unit is scored where that order cannot be seen. */
typedef struct Printer {
        bool stream;
        bool over; /* a unit over the threshold was printed */
        SecurityStyle style;
} Printer;

static void printer_begin(Printer *p) {
        (void) pager_open(arg_global.no_pager);
        static char buffer[1 << 18];
        if (!terminal_stdout_is_tty()) /* reports run to megabytes: write them in large blocks */
                (void) setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
        p->style = style();
}

/* Streaming needs no policy (one a later unit cannot use must stop all output) and no single
 * document; then only the order between stdout and stderr is at stake. */
static bool stream_possible(const SecurityPolicy *policy, const SecurityDocument *doc) {
        return !policy && !doc && !sarif_doc;
}

/* Loads and scores arguments [from, to); with p->stream each report is printed and dropped at
 * once. Returns 1 if all loaded, 0 if some did not, -EDOM when the policy cannot be applied: then
 * the remaining units are still loaded (their errors reported) but not scored. */
static int load_all(const LookupPaths *lp, char **args, char **profiles, const SecurityPolicy *policy,
                    SecurityDocument *doc, Analysed *units, size_t from, size_t to, Printer *p) {
        bool all = true;
        int policy_error = 0;
        Analysed streamed = {}; /* streamed reports reuse one slot: units[] stays untouched */
        for (size_t i = from; i < to; i++) {
                Analysed *a = p->stream ? &streamed : &units[i];
                int r = load_and_score(lp, profiles[i], args[i], policy_error < 0 ? NULL : policy, doc, a);
                if (r == -EDOM) {
                        policy_error = r;
                        continue;
                }
                all = all && r >= 0;
                if (p->stream && a->scored)
                        p->over = print_unit(a, &p->style) > 0 || p->over;
                if (p->stream)
                        analysed_done(a);
        }
        return policy_error < 0 ? policy_error : all;
}

/* Prints the held reports of units [from, to) in argument order. Returns 1 if one is over the
 * threshold, else 0. */
static int print_all(const Analysed *units, size_t from, size_t to, SecurityDocument *doc, const Printer *p) {
        bool over = false;
        for (size_t i = from; i < to; i++) {
                if (!units[i].scored)
                        continue;
                if (doc || sarif_doc) /* the entries were added while loading; only the threshold is left */
                        over = over || units[i].report.exposure > arg_threshold;
                else
                        over = print_unit(&units[i], &p->style) > 0 || over;
        }
        if (doc)
                security_document_print(stdout, doc);
        if (sarif_doc)
                security_sarif_print(stdout, sarif_doc);
        return over;
}

/* Copies what fd holds from its start to out (a memfd a child wrote): sendfile(), or read/write
 * where out does not take it. */
static void copy_back(int fd, int out) {
        struct stat st;
        if (fstat(fd, &st) < 0)
                return;
        off_t off = 0;
        while (off < st.st_size) {
                ssize_t k = sendfile(out, fd, &off, (size_t) (st.st_size - off));
                if (k > 0)
                        continue;
                if (k < 0 && errno == EINTR)
                        continue;
                break;
        }
        if (off >= st.st_size || lseek(fd, off, SEEK_SET) < 0)
                return;
        char buf[1 << 16];
        ssize_t k;
        while ((k = read(fd, buf, sizeof buf)) > 0 || (k < 0 && errno == EINTR))
                for (ssize_t w = 0, d; k > 0 && w < k; w += d)
                        if ((d = write(out, buf + w, (size_t) (k - w))) < 0 && errno != EINTR)
                                return;
                        else if (d < 0)
                                d = 0;
}

static bool is_dev_null(const struct stat *st) {
        return S_ISCHR(st->st_mode) && st->st_rdev == makedev(1, 3);
}

/* True when the order between what goes to stdout and to stderr cannot be seen: they are
 * different files, or one of them is /dev/null. */
static bool streams_apart(void) {
        struct stat a, b;
        if (fstat(STDOUT_FILENO, &a) < 0 || fstat(STDERR_FILENO, &b) < 0)
                return false;
        return a.st_dev != b.st_dev || a.st_ino != b.st_ino || is_dev_null(&a) || is_dev_null(&b);
}

enum { SPLIT_OVER = 1, SPLIT_NOT_LOADED = 2, SPLIT_POLICY = 4, SPLIT_FAILED = 8 };

/* A range of the units scored by a child process: its messages and its reports go to memfds
 * that the parent copies out in order, after its own, so the output is the one process would
 * give. */
typedef struct Part {
        size_t from, to;
        pid_t pid;
        int out, err;
        bool failed; /* the child died or could not set up: its reports are missing */
} Part;

static pid_t split_start(const LookupPaths *lp, char **args, char **profiles, const SecurityPolicy *policy,
                         Analysed *units, Part *part) {
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        if (pid != 0)
                return pid;
        /* reports for /dev/null need no order, so no buffering either */
        struct stat st;
        bool to_null = fstat(STDOUT_FILENO, &st) >= 0 && is_dev_null(&st);
        if ((!to_null && dup2(part->out, STDOUT_FILENO) < 0) || dup2(part->err, STDERR_FILENO) < 0)
                _exit(SPLIT_FAILED);
        /* both go to our own memfds, which the parent copies out in order: stream if we may */
        Printer p = { .stream = stream_possible(policy, NULL) };
        printer_begin(&p);
        int loaded = load_all(lp, args, profiles, policy, NULL, units, part->from, part->to, &p);
        int code = loaded < 0 ? SPLIT_POLICY : loaded ? 0 : SPLIT_NOT_LOADED;
        if (loaded >= 0 && !p.stream && print_all(units, part->from, part->to, NULL, &p) > 0)
                code |= SPLIT_OVER;
        if (p.over)
                code |= SPLIT_OVER;
        fflush(stdout);
        _exit(code);
}

#define SPLIT_PROCESSES_MAX 64    /* what $UNITSEC_PROCESSES may ask for */
#define SPLIT_PROCESSES_BY_CPU 8  /* at most, without it: one per CPU */
#define SPLIT_UNITS_MIN 256 /* units a process takes at least: each builds the loader's name map */

/* How many processes score n units: without a terminal or pager and not one JSON document, one
 * per CPU this process may run on (taskset, a container's cpuset: not all the machine's), at most
 * 8 and one per SPLIT_UNITS_MIN units. $UNITSEC_PROCESSES sets the number instead (1: never
 * split), still one per SPLIT_UNITS_MIN units at most. */
static size_t split_processes(size_t n) {
        if (n < 2 * SPLIT_UNITS_MIN || arg_format_json || arg_format_sarif || terminal_stdout_is_tty())
                return 1;
        size_t k;
        unsigned want;
        const char *e = getenv("UNITSEC_PROCESSES");
        if (e && safe_atou(e, &want) >= 0 && want >= 1)
                k = want;
        else {
                cpu_set_t set;
                long cpus = sched_getaffinity(0, sizeof set, &set) >= 0 ? CPU_COUNT(&set) : sysconf(_SC_NPROCESSORS_ONLN);
                k = cpus > SPLIT_PROCESSES_BY_CPU ? SPLIT_PROCESSES_BY_CPU : cpus > 1 ? (size_t) cpus : 1;
        }
        if (k > SPLIT_PROCESSES_MAX)
                k = SPLIT_PROCESSES_MAX;
        if (k > n / SPLIT_UNITS_MIN)
                k = n / SPLIT_UNITS_MIN;
        return k;
}

/* Starts a child for each range but the first (the parent's): [n * i / k, n * (i + 1) / k).
 * Returns the number of children started. If one cannot be started (no memfd, no fork), none
 * after it is either: the units from the end of the last child's range on are left to the
 * parent, which scores them after the children. */
static size_t split_all(const LookupPaths *lp, char **args, char **profiles, const SecurityPolicy *policy,
                        Analysed *units, size_t n, size_t k, Part *parts) {
        size_t started = 0;
        for (size_t i = 1; i < k; i++) {
                Part *c = &parts[started];
                *c = (Part) { .from = n * i / k, .to = n * (i + 1) / k, .pid = -1,
                              .out = memfd_create("unitsec-out", MFD_CLOEXEC),
                              .err = memfd_create("unitsec-err", MFD_CLOEXEC) };
                if (c->out >= 0 && c->err >= 0)
                        c->pid = split_start(lp, args, profiles, policy, units, c);
                if (c->pid < 0) {
                        closep(&c->out);
                        closep(&c->err);
                        break;
                }
                started++;
        }
        return started;
}

/* Loads, scores and prints units [0, n), ranges of them possibly in child processes. Returns the
 * exit status, or -EDOM (policy). */
static int analyse_range(const LookupPaths *lp, char **args, char **profiles, const SecurityPolicy *policy,
                         SecurityDocument *doc, Analysed *units, size_t n, bool *ret_streamed) {
        size_t k = split_processes(n), mine = n, done = 0, n_children = 0;
        int split = 0;
        Part children[SPLIT_PROCESSES_MAX];
        Printer p = { .stream = stream_possible(policy, doc) && streams_apart() };
        *ret_streamed = p.stream;
        if (p.stream) /* else only once every unit has loaded: no pager while load errors appear */
                printer_begin(&p);
        if (k > 1) {
                /* With a policy, the first unit is scored before the fork, so that a policy that
                 * cannot be applied is reported once; else all processes start at once (each
                 * builds the loader's name map, in parallel). */
                if (policy) {
                        int r = load_all(lp, args, profiles, policy, doc, units, 0, 1, &p);
                        split = r < 0 ? SPLIT_POLICY : r ? 0 : SPLIT_NOT_LOADED;
                        done = 1;
                }
                if (!(split & SPLIT_POLICY)) { /* else the rest is only loaded, for its messages */
                        mine = n / k;
                        n_children = split_all(lp, args, profiles, policy, units, n, k, children);
                }
        }
        /* what no child took: the parent's own range, and the ranges no child could be started for */
        size_t left = n_children > 0 ? children[n_children - 1].to : mine;
        int loaded = load_all(lp, args, profiles, split & SPLIT_POLICY ? NULL : policy, doc, units, done, mine, &p);
        split |= loaded < 0 ? SPLIT_POLICY : loaded ? 0 : SPLIT_NOT_LOADED;
        for (size_t i = 0; i < n_children; i++) {
                Part *c = &children[i];
                int status;
                while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
                        ;
                int code = WIFEXITED(status) ? WEXITSTATUS(status) : SPLIT_FAILED;
                fflush(stderr);
                if ((split & SPLIT_POLICY) && (code & SPLIT_POLICY) && !(code & SPLIT_FAILED)) {
                        /* An earlier range met a unit the policy cannot score, and so did this one;
                         * one process would have said it once, for the first. So this range's
                         * messages are made again here, by loading it without the policy. */
                        Printer quiet = {};
                        (void) load_all(lp, args, profiles, NULL, NULL, units, c->from, c->to, &quiet);
                } else
                        copy_back(c->err, STDERR_FILENO);
                c->failed = code & SPLIT_FAILED;
                if (c->failed) {
                        log_error("the process scoring units %zu to %zu failed", c->from + 1, c->to);
                        code |= SPLIT_NOT_LOADED;
                }
                split |= code & ~SPLIT_FAILED;
                if (p.stream && !c->failed) { /* before the reports of what is left */
                        fflush(stdout);
                        copy_back(c->out, STDOUT_FILENO);
                }
        }
        if (left < n) {
                loaded = load_all(lp, args, profiles, split & SPLIT_POLICY ? NULL : policy, doc, units, left, n, &p);
                split |= loaded < 0 ? SPLIT_POLICY : loaded ? 0 : SPLIT_NOT_LOADED;
        }
        bool over = p.over;
        if (!p.stream && !(split & SPLIT_POLICY)) {
                printer_begin(&p);
                over = print_all(units, 0, mine, doc, &p) > 0 || over;
                for (size_t i = 0; i < n_children; i++) {
                        fflush(stdout);
                        if (!children[i].failed)
                                copy_back(children[i].out, STDOUT_FILENO);
                }
                if (left < n)
                        over = print_all(units, left, n, doc, &p) > 0 || over;
        }
        pager_close();
        for (size_t i = 0; i < n_children; i++) {
                closep(&children[i].out);
                closep(&children[i].err);
        }
        if (split & SPLIT_POLICY)
                return -EDOM;
        return over || (split & (SPLIT_OVER | SPLIT_NOT_LOADED)) ? EXIT_FAILED : EXIT_OK;
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
        _cleanup_free_ char *cwd = arg_format_sarif ? getcwd(NULL, 0) : NULL;
        sarif_doc = arg_format_sarif ? security_sarif_new(cwd) : NULL; /* URIs relative to the current directory */
        bool streamed;
        r = analyse_range(&lp, args, profiles, policy, doc, units, n, &streamed);
        sarif_doc = security_sarif_free(sarif_doc);
        for (size_t i = 0; !streamed && i < n; i++) /* streaming left units[] alone: not even read */
                analysed_done(&units[i]);
        free(units);
        security_document_free(doc);
        return r;
}

/* Online (spec §2.5, §5) unless --offline=yes or --root=: with the running service manager,
 * else -ENOMEDIUM to go on offline (said once on stderr unless offline was asked for). */
static int security_online(char **args, const SecurityPolicy *policy) {
        _cleanup_(live_manager_freep) LiveManager *m = NULL;
        bool forced = arg_offline == 0 || arg_host || arg_machine;
        if (arg_offline > 0 || (arg_global.root && !forced))
                return -ENOMEDIUM;
        int r = forced || live_manager_expected(arg_global.scope) ?
                live_manager_connect(&(LiveTarget) { arg_global.scope, arg_host, arg_machine }, &m) : -EHOSTDOWN;
        if (r == -ENOPKG && forced)
                return log_error_errno(r, "cannot talk to the service manager: libsystemd.so.0 is not installed");
        if (r < 0 && forced)
                return log_error_errno(r, "cannot talk to the service manager: %m");
        if (r == -ENOPKG) {
                log_notice("libsystemd.so.0 is not installed, analysing the unit files offline");
                return -ENOMEDIUM;
        }
        if (r < 0) {
                log_notice("no service manager to ask, analysing the unit files offline");
                return -ENOMEDIUM;
        }
        return live_security(m, args, &(LiveSecurityOptions) {
                .policy = policy,
                .threshold = arg_threshold,
                .json = arg_json,
                .format_json = arg_format_json,
                .no_pager = arg_global.no_pager,
                .scope = arg_global.scope,
        });
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
        if (strv_length(args) == 0 && arg_format_sarif)
                return log_usage_error("--format=sarif needs the units or unit files to check");
        r = arg_format_sarif ? -ENOMEDIUM : security_online(args, policy); /* SARIF: file lines, offline */
        if (r != -ENOMEDIUM)
                return r;
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
