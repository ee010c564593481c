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
#include "run-env.h"
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

static void run_help(void) {
        printf("Usage: unitsec run [OPTIONS] UNIT|PATH\n"
               "       unitsec run [OPTIONS] -- CMD [ARGS...]\n\n"
               "Run a unit's ExecStart= (or any command) in the foreground, inside the sandbox\n"
               "its settings describe, without systemd.\n\n"
               "Options:\n"
               "  -h --help            show this help\n"
               "  -p --property=K=V    apply one setting, after the unit's files and drop-ins\n"
               "     --dropin=FILE     apply a drop-in file after the unit's own (repeatable)\n"
               "     --same-dir        with -- CMD: run in the current directory\n"
               "     --root=DIR        read unit files below DIR (the program runs on the host)\n\n"
               "Exit status: the program's; 128+N when signal N killed it; 125 when unitsec\n"
               "fails; 126 when the program cannot be run; 127 when it is not found.\n");
}

static int run_parse_args(int argc, char **argv) {
        enum { ARG_DROPIN = 0x100, ARG_SAME_DIR };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "property", required_argument, NULL, 'p' },
                { "dropin", required_argument, NULL, ARG_DROPIN },
                { "same-dir", no_argument, NULL, ARG_SAME_DIR },
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
        f->assignments[f->n_assignments] = (UnitAssignment) {
                .section = xstrdup(section), .key = xstrdup(key), .value = xstrdup(value),
                .line = (unsigned) f->n_assignments + 1,
        };
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
                int r = unit_fs_read_file(NULL, *p, &data, &size, NULL);
                if (r < 0)
                        return log_error_errno(r, "cannot read the drop-in '%s': %m", *p);
                UnitFile f = { .path = xstrdup(*p), .display_path = xstrdup(*p), .is_dropin = true };
                (void) unit_file_parse(&f, data, size, u->type);
                unit_add_file(u, f);
        }
        return 0;
}

/* -p assignments as one last drop-in; the key decides the section. */
static void add_properties(Unit *u) {
        if (!arg_properties)
                return;
        UnitFile f = { .path = xstrdup("-p"), .display_path = xstrdup("-p"), .is_dropin = true };
        STRV_FOREACH(p, arg_properties) {
                const char *eq = strchr(*p, '=');
                _cleanup_free_ char *key = xstrndup(*p, (size_t) (eq - *p));
                const char *section = !directive_find(SECTION_SERVICE, key) && directive_find(SECTION_UNIT, key)
                                              ? "Unit" : "Service";
                unit_file_add_assignment(&f, section, key, eq + 1);
        }
        unit_add_file(u, f);
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

static int build_unit(int argc, char **argv, Unit **ret) {
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
                *ret = transient_unit(argv + dashdash + 1);
        } else {
                if (end - first != 1)
                        return log_usage_error("run needs one unit, or '-- CMD [ARGS...]'");
                r = load_unit(argv[first], ret);
                if (r < 0)
                        return r;
        }
        r = add_dropins(*ret);
        if (r < 0)
                return r;
        add_properties(*ret);
        return 1;
}

static int run_main(int argc, char **argv) {
        _cleanup_unit_free_ Unit *u = NULL;
        int r = build_unit(argc, argv, &u);
        if (r <= 0)
                return r < 0 ? EXIT_RUN_FAILED : 0;
        ExecSettings s;
        r = exec_settings_load(u, &s);
        if (r < 0) {
                log_error_errno(r, "unit '%s' has a bad setting, not run", u->id);
                return EXIT_RUN_FAILED;
        }
        if (arg_same_dir && !s.working_directory)
                s.working_directory = getcwd(NULL, 0);
        SandboxPlan *p = NULL;
        SandboxFailure f = {};
        r = sandbox_plan_new(&s, &p, &f);
        if (r < 0) {
                r = run_report_failure(u->id, &f);
                exec_settings_done(&s);
                return r == EXIT_RUN_CANNOT_EXEC || r == EXIT_RUN_NOT_FOUND ? EXIT_RUN_FAILED : r;
        }
        warn_plan(p);
        char **envp = NULL;
        r = run_env_build(&s, &envp);
        if (r < 0)
                r = EXIT_RUN_FAILED;
        else
                r = run_service_foreground(p, &s, envp, u->id);
        strv_free(envp);
        sandbox_plan_free(p);
        exec_settings_done(&s);
        return r;
}

int verb_run(int argc, char **argv) {
        int r = run_main(argc, argv);
        arg_properties = strv_free(arg_properties);
        arg_dropins = strv_free(arg_dropins);
        /* 0..255 is an exit status here, never "failed" (main maps negative values to 1). */
        return r;
}
