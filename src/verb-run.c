/* SPDX-License-Identifier: MIT */
/* unitsec run [OPTIONS] UNIT|PATH
 * unitsec run [OPTIONS] -- CMD ARGS...
 * Runs a unit's commands, or any command, in the foreground inside the sandbox its
 * settings describe (src/sandbox/). Settings come from the unit's files, then --dropin=
 * files, then -p assignments, all through the one directive table (exec_settings_load).
 * Exit status: the program's; 128+N if signal N killed it; 125 when unitsec fails; 126 when
 * the program cannot be run, 127 when it is not found. */
#include <getopt.h>

#include "directives.h"
#include "log.h"
#include "read-file.h"
#include "run-env.h"
#include "sandbox-probe.h"
#include "sandbox.h"
#include "strv.h"
#include "unit-file.h"
#include "unit-fs.h"
#include "unit-load.h"
#include "verb-run-service.h"
#include "verbs.h"

enum {
        EXIT_RUN_FAILED = 125,
        EXIT_RUN_CANNOT_EXEC = 126,
        EXIT_RUN_NOT_FOUND = 127,
};

static char **arg_properties = NULL;
static char **arg_dropins = NULL;
static bool arg_same_dir = false;
static bool arg_verify = false;
static bool arg_verify_inside = false;
static const char *arg_verify_marker = NULL;
static char **arg_verify_controls = NULL;
static const char *arg_unit = NULL;
static char **arg_cmd = NULL;

static void run_help(void) {
        printf("Usage: unitsec run [OPTIONS] UNIT|PATH\n"
               "       unitsec run [OPTIONS] -- CMD [ARGS...]\n"
               "       unitsec run --verify [OPTIONS] [UNIT|PATH]\n\n"
               "Run a unit's ExecStart= (or any command) in the foreground, inside the sandbox\n"
               "its settings describe, without systemd.\n\n"
               "Options:\n"
               "  -h --help            show this help\n"
               "  -p --property=K=V    apply one setting, after the unit's files and drop-ins\n"
               "     --dropin=FILE     apply a drop-in file after the unit's own (repeatable)\n"
               "     --same-dir        with -- CMD: run in the current directory\n"
               "     --verify          instead of running, probe inside the sandbox that each\n"
               "                       directive holds: one PASS/FAIL line each, exit 1 on FAIL\n"
               "     --verify-control=K=V  with --verify: weaken the sandbox (not the\n"
               "                       expectations) by one setting, as a negative control\n"
               "     --verify-inside   run the probes of the settings without building a sandbox:\n"
               "                       test the one unitsec already runs in (e.g. systemd-run's)\n"
               "     --verify-marker=PATH  a file in the outer /tmp that PrivateTmp= must hide\n"
               "     --root=DIR        read unit files below DIR (the program runs on the host)\n\n"
               "Exit status: the program's; 128+N when signal N killed it; 125 when unitsec\n"
               "fails; 126 when the program cannot be run; 127 when it is not found.\n"
               "See 'man unitsec' for details.\n");
}

static int run_parse_args(int argc, char **argv) {
        enum { ARG_DROPIN = 0x100, ARG_SAME_DIR, ARG_VERIFY, ARG_VERIFY_CONTROL, ARG_VERIFY_INSIDE, ARG_VERIFY_MARKER };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "property", required_argument, NULL, 'p' },
                { "dropin", required_argument, NULL, ARG_DROPIN },
                { "same-dir", no_argument, NULL, ARG_SAME_DIR },
                { "verify", no_argument, NULL, ARG_VERIFY },
                { "verify-control", required_argument, NULL, ARG_VERIFY_CONTROL },
                { "verify-inside", no_argument, NULL, ARG_VERIFY_INSIDE },
                { "verify-marker", required_argument, NULL, ARG_VERIFY_MARKER },
                {},
        };
        int c;
        optind = 0;
        while ((c = getopt_long(argc, argv, "hp:", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        run_help();
                        return 0;
                case 'p':
                        if (!strchr(optarg, '='))
                                return log_usage_error("-p needs Directive=value, got '%s'", optarg);
                        strv_extend(&arg_properties, optarg);
                        break;
                case ARG_DROPIN:
                        strv_extend(&arg_dropins, optarg);
                        break;
                case ARG_SAME_DIR:
                        arg_same_dir = true;
                        break;
                case ARG_VERIFY:
                        arg_verify = true;
                        break;
                case ARG_VERIFY_INSIDE:
                        arg_verify = arg_verify_inside = true;
                        break;
                case ARG_VERIFY_MARKER:
                        arg_verify_marker = optarg;
                        break;
                case ARG_VERIFY_CONTROL:
                        if (!strchr(optarg, '='))
                                return log_usage_error("--verify-control needs Directive=value, got '%s'", optarg);
                        strv_extend(&arg_verify_controls, optarg);
                        break;
                default:
                        return -EINVAL;
                }
        return 1;
}

/* A command line as an ExecStart= value: each word double-quoted, with '%' doubled and the
 * ':' prefix so that '$' is taken literally. */
static char *exec_start_from_argv(char *const *cmd) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        if (!f)
                abort();
        fputc(':', f);
        for (char *const *a = cmd; *a; a++) {
                fputs(a == cmd ? "\"" : " \"", f);
                for (const char *p = *a; *p; p++)
                        switch (*p) {
                        case '\\': fputs("\\\\", f); break;
                        case '"': fputs("\\\"", f); break;
                        case '%': fputs("%%", f); break;
                        case '\n': fputs("\\n", f); break;
                        default: fputc(*p, f);
                        }
                fputc('"', f);
        }
        fclose(f);
        return buf;
}

static void unit_file_add_assignment(UnitFile *f, const char *section, const char *key, const char *value) {
        f->assignments = xrealloc(f->assignments, (f->n_assignments + 1) * sizeof(UnitAssignment));
        unit_assignment_init(&f->assignments[f->n_assignments], section, key, value, (unsigned) f->n_assignments + 1);
        f->n_assignments++;
}

static void unit_add_file(Unit *u, UnitFile f) {
        u->files = xrealloc(u->files, (u->n_files + 1) * sizeof(UnitFile));
        u->files[u->n_files++] = f;
}

/* The unit systemd-run would make for "-- CMD": a service with only ExecStart=. */
static Unit *transient_unit(char *const *cmd) {
        Unit *u = xcalloc(1, sizeof(Unit));
        u->id = xstrdup("unitsec-run.service");
        u->requested = xstrdup(u->id);
        u->type = UNIT_SERVICE;
        u->scope = arg_global.scope;
        UnitFile f = { .path = xstrdup("command line"), .display_path = xstrdup("command line") };
        _cleanup_free_ char *start = exec_start_from_argv(cmd);
        unit_file_add_assignment(&f, "Service", "ExecStart", start);
        unit_add_file(u, f);
        return u;
}

static int load_unit(const char *arg, Unit **ret) {
        _cleanup_strv_free_ char **dirs = NULL;
        _cleanup_free_ char *name = NULL, *d = NULL;
        if (unit_arg_extra_dir(arg, &d) >= 0 && d)
                strv_extend(&dirs, d);
        if (unit_arg_to_name(arg, &name) < 0)
                return log_error_errno(-EINVAL, "'%s' is not a valid unit name or path", arg);
        LookupPaths lp = {};
        int r = lookup_paths_init(&lp, arg_global.scope, arg_global.root, dirs);
        if (r < 0)
                return log_error_errno(r, "cannot build the unit search path: %m");
        r = unit_load(&lp, name, ret);
        lookup_paths_done(&lp);
        if (r == -ENOENT)
                return log_error_errno(r, "unit '%s' not found", name);
        if (r < 0)
                return log_error_errno(r, "unit '%s' cannot be loaded: %m", name);
        if ((*ret)->masked)
                return log_error_errno(-ERFKILL, "unit '%s' is masked", (*ret)->id);
        if ((*ret)->type != UNIT_SERVICE)
                return log_error_errno(-EINVAL, "unit '%s' is not a service", (*ret)->id);
        return 0;
}

static int add_dropins(Unit *u) {
        STRV_FOREACH(p, arg_dropins) {
                _cleanup_free_ char *data = NULL;
                size_t size = 0;
                int r = read_user_file(*p, UNIT_FS_FILE_MAX, &data, &size);
                if (r < 0)
                        return log_error_errno(r, "cannot read the drop-in '%s': %m", *p);
                UnitFile f = { .path = xstrdup(*p), .display_path = xstrdup(*p), .is_dropin = true };
                (void) unit_file_parse(&f, data, size, u->type);
                unit_add_file(u, f);
        }
        return 0;
}

/* -p assignments as one last drop-in; the key decides the section. */
static void add_properties(Unit *u, char **props, const char *name) {
        if (!props)
                return;
        UnitFile f = { .path = xstrdup(name), .display_path = xstrdup(name), .is_dropin = true };
        STRV_FOREACH(p, props) {
                const char *eq = strchr(*p, '=');
                _cleanup_free_ char *key = xstrndup(*p, (size_t) (eq - *p));
                const char *section = !directive_find(SECTION_SERVICE, key) && directive_find(SECTION_UNIT, key)
                                              ? "Unit" : "Service";
                unit_file_add_assignment(&f, section, key, eq + 1);
        }
        unit_add_file(u, f);
}

/* The unit file line that set the path at fault, if one did: "FILE:LINE: " before the
 * message says where to look. */
static void report_origin(const ExecSettings *s, const SandboxFailure *f) {
        const PathList *lists[] = { &s->read_write_paths, &s->read_only_paths, &s->inaccessible_paths,
                                    &s->exec_paths, &s->no_exec_paths };
        const Origin *o = NULL;
        for (size_t i = 0; !o && i < ELEMENTSOF(lists); i++)
                for (size_t k = 0; !o && k < lists[i]->n; k++)
                        if (streq(lists[i]->entries[k].path, f->path))
                                o = &lists[i]->entries[k].origin;
        for (size_t k = 0; !o && k < s->n_bind_mounts; k++)
                if (streq(s->bind_mounts[k].source, f->path) || streq(s->bind_mounts[k].destination, f->path))
                        o = &s->bind_mounts[k].origin;
        if (o && o->file)
                log_error("%s:%u: %s names '%s', which is the problem below", o->file, o->line,
                          sandbox_step_to_string(f->step), f->path);
}

static const char *const limit_names[EXEC_N_RLIMITS] = {
        "LimitCPU=", "LimitFSIZE=", "LimitDATA=", "LimitSTACK=", "LimitCORE=", "LimitRSS=",
        "LimitNPROC=", "LimitNOFILE=", "LimitMEMLOCK=", "LimitAS=", "LimitLOCKS=", "LimitSIGPENDING=",
        "LimitMSGQUEUE=", "LimitNICE=", "LimitRTPRIO=", "LimitRTTIME=",
};

static void warn_plan(const SandboxPlan *p) {
        STRV_FOREACH(d, sandbox_plan_not_applied(p))
                log_warning("%s needs the service manager and is not applied by unitsec run", *d);
        size_t n;
        const SandboxLimitAdjustment *a = sandbox_plan_limit_adjustments(p, &n);
        for (size_t i = 0; i < n; i++)
                log_warning("%s lowered to %llu, the most this host grants without CAP_SYS_RESOURCE",
                            a[i].resource >= 0 && a[i].resource < EXEC_N_RLIMITS ? limit_names[a[i].resource] : "Limit",
                            (unsigned long long) a[i].granted);
}

/* Options, then either one unit or "-- CMD ARGS...". Returns 1 to go on, 0 after --help. */
static int parse_all(int argc, char **argv) {
        int dashdash = -1;
        for (int i = 1; i < argc && dashdash < 0; i++)
                if (streq(argv[i], "--"))
                        dashdash = i;
        int r = run_parse_args(dashdash < 0 ? argc : dashdash, argv);
        if (r <= 0)
                return r;
        int first = optind, end = dashdash < 0 ? argc : dashdash;
        if (dashdash >= 0) {
                if (first != end)
                        return log_usage_error("give either a unit or '-- CMD', not both");
                if (dashdash + 1 >= argc)
                        return log_usage_error("no command after '--'");
                arg_cmd = argv + dashdash + 1;
        } else if (end - first == 1)
                arg_unit = argv[first];
        else if (!(arg_verify && end == first))
                return log_usage_error("run needs one unit, or '-- CMD [ARGS...]'");
        return 1;
}

/* The unit with --dropin files and -p settings (and extra ones, for --verify-control). */
static int make_unit(char **extra, Unit **ret) {
        static char *const placeholder[] = { (char *) "/bin/true", NULL };
        int r;
        if (arg_unit) {
                r = load_unit(arg_unit, ret);
                if (r < 0)
                        return r;
        } else
                *ret = transient_unit(arg_cmd ? arg_cmd : placeholder);
        r = add_dropins(*ret);
        if (r < 0)
                return r;
        add_properties(*ret, arg_properties, "-p");
        add_properties(*ret, extra, "--verify-control");
        return 0;
}

/* The settings keep pointers into the unit (Origin.file): *ret_unit must outlive them. */
static int load_settings(char **extra, ExecSettings *ret, Unit **ret_unit) {
        _cleanup_unit_free_ Unit *u = NULL;
        int r = make_unit(extra, &u);
        if (r < 0)
                return r;
        r = exec_settings_load(u, ret);
        if (r < 0)
                return log_error_errno(r, "unit '%s' has a bad setting, not run", u->id);
        *ret_unit = TAKE_PTR(u);
        return 0;
}

/* --verify: the probes of the settings (without --verify-control), run in the sandbox
 * built from the settings with them. One PASS/FAIL line each; 1 if any failed. */
static int verify(const ExecSettings *expected, const SandboxPlan *p) {
        char marker[] = "/tmp/unitsec-verify-XXXXXX";
        if (!arg_verify_marker) {
                int fd = mkstemp(marker);
                if (fd < 0)
                        return log_error_errno(-errno, "cannot create a marker file in /tmp: %m");
                (void) close(fd);
        }
        SandboxProbeList l = {};
        sandbox_probes_build(expected, arg_verify_marker ? arg_verify_marker : marker, &l);
        SandboxProbeResult *res = NULL;
        SandboxFailure f = {};
        int r = sandbox_probes_run(p, &l, &res, &f);
        if (!arg_verify_marker)
                (void) unlink(marker);
        if (r < 0) {
                sandbox_probes_done(&l);
                return run_report_failure("--verify", &f);
        }
        size_t failed = 0;
        for (size_t i = 0; i < l.n; i++) {
                _cleanup_free_ char *what = sandbox_probe_describe(&l.probes[i]);
                printf("%s %-26s %s", res[i].pass ? "PASS" : "FAIL", l.probes[i].directive, what);
                if (!res[i].pass && res[i].signal)
                        printf(": killed by %s", strsignal(res[i].signal));
                else if (!res[i].pass)
                        printf(": %s", res[i].error ? strerror(res[i].error) : "allowed");
                putchar('\n');
                failed += !res[i].pass;
        }
        if (l.n == 0)
                printf("no sandboxing directive to verify\n");
        free(res);
        sandbox_probes_done(&l);
        return failed > 0;
}

static int run_main(int argc, char **argv) {
        int r = parse_all(argc, argv);
        if (r <= 0)
                return r < 0 ? EXIT_RUN_FAILED : 0;
        ExecSettings s, expected;
        _cleanup_unit_free_ Unit *unit = NULL, *expected_unit = NULL;
        if (load_settings(arg_verify_controls, &s, &unit) < 0)
                return EXIT_RUN_FAILED;
        const char *id = unit->id;
        if (arg_verify_inside) { /* probes only: no plan, whose making may itself be filtered */
                r = verify(&s, NULL);
                exec_settings_done(&s);
                return r;
        }
        if (arg_same_dir && !s.working_directory)
                s.working_directory = getcwd(NULL, 0);
        SandboxPlan *p = NULL;
        SandboxFailure f = {};
        r = sandbox_plan_new(&s, &p, &f);
        if (r < 0) {
                report_origin(&s, &f);
                r = run_report_failure(id, &f);
                exec_settings_done(&s);
                return r == EXIT_RUN_CANNOT_EXEC || r == EXIT_RUN_NOT_FOUND ? EXIT_RUN_FAILED : r;
        }
        warn_plan(p);
        if (sandbox_plan_prepare_host(p, &f) < 0)
                r = run_report_failure(id, &f);
        else if (arg_verify) {
                r = arg_verify_controls ? load_settings(NULL, &expected, &expected_unit) : 0;
                if (r >= 0) {
                        r = verify(arg_verify_controls ? &expected : &s, p);
                        if (arg_verify_controls)
                                exec_settings_done(&expected);
                } else
                        r = EXIT_RUN_FAILED;
        } else {
                char **envp = NULL;
                r = run_env_build(&s, &envp) < 0 ? EXIT_RUN_FAILED : run_service_foreground(p, &s, envp, id);
                strv_free(envp);
        }
        sandbox_plan_cleanup_host(p);
        sandbox_plan_free(p);
        exec_settings_done(&s);
        return r;
}

int verb_run(int argc, char **argv) {
        int r = run_main(argc, argv);
        arg_properties = strv_free(arg_properties);
        arg_dropins = strv_free(arg_dropins);
        arg_verify_controls = strv_free(arg_verify_controls);
        /* 0..255 is an exit status here, never "failed" (main maps negative values to 1). */
        return r;
}
