/* SPDX-License-Identifier: MIT */
/* unitsec: global options, the verb table, exit-status mapping. Nothing else. */
#include <getopt.h>
#include <locale.h>

#include "log.h"
#include "strv.h"
#include "verbs.h"

GlobalOptions arg_global = { .scope = UNIT_SCOPE_SYSTEM };

typedef struct Verb {
        const char *name;
        int (*run)(int argc, char **argv);
        const char *summary;
} Verb;

static const Verb verbs[] = {
        { "security", verb_security, "score units' exposure as systemd-analyze security does (default)" },
        { "cat", verb_cat, "print a unit's fragment and drop-ins in the order applied" },
        { "show", verb_show, "print the effective typed settings, one Key=value per line" },
        { "harden", verb_harden, "propose, explain and safely apply a hardening drop-in" },
        { "run", verb_run, "run a unit or a command in its sandbox, in the foreground" },
        { "profile", verb_profile, "trace a program and record what it needs, for harden --observed" },
        { "edit", verb_edit, "edit a service's drop-in in $EDITOR, checked and scored before it is written" },
        { "report", verb_report, "merge security --format=json results of many hosts into a table or HTML page" },
};

static void help(void) {
        printf("Usage: unitsec [OPTIONS] [VERB] [ARGS...]\n\n"
               "Harden systemd services: score, propose, run and profile.\n\n"
               "Verbs:\n");
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                printf("  %-10s %s\n", verbs[i].name, verbs[i].summary);
        printf("\nWith no verb, unitsec prints the security overview of every service.\n\n"
               "Global options (before or after the verb):\n"
               "  -h --help            show this help, or a verb's help after the verb\n"
               "     --version         show the version\n"
               "     --root=DIR        read unit files below DIR instead of /\n"
               "     --system          system service manager's units (default)\n"
               "     --user            user service manager's units\n"
               "     --no-pager        do not pipe output into a pager\n\n"
               "Run 'unitsec VERB --help' for a verb's options, 'man unitsec' for details.\n");
}

static int set_root(const char *v) {
        if (isempty(v))
                return log_usage_error("--root= needs a directory");
        char *abs = NULL;
        if (v[0] == '/')
                abs = xstrdup(v);
        else {
                _cleanup_free_ char *cwd = getcwd(NULL, 0);
                if (!cwd)
                        return log_error_errno(-errno, "unitsec: cannot get the current directory: %m");
                abs = xasprintf("%s/%s", cwd, v);
        }
        size_t l = strlen(abs);
        while (l > 1 && abs[l - 1] == '/')
                abs[--l] = 0;
        free(arg_global.root);
        arg_global.root = streq(abs, "/") ? (free(abs), NULL) : abs;
        return 0;
}

/* Takes the global options out of argv wherever they stand (up to "--"); the rest is kept in
 * order. Returns 1 to go on, 0 to exit successfully (--help/--version), < 0 on error.
 * *ret_help is set when --help came after the verb (the verb prints its own help then). */
static int parse_global(int *argc, char **argv, bool *ret_verb_help) {
        int out = 1;
        bool seen_verb = false, end = false;
        *ret_verb_help = false;
        for (int i = 1; i < *argc; i++) {
                char *a = argv[i];
                const char *v;
                if (end || a[0] != '-' || streq(a, "-")) {
                        seen_verb = seen_verb || a[0] != '-';
                        argv[out++] = a;
                        continue;
                }
                if (streq(a, "--")) {
                        end = true;
                        argv[out++] = a;
                        continue;
                }
                int r = 0;
                if (streq(a, "--help") || streq(a, "-h")) {
                        if (!seen_verb) {
                                help();
                                return 0;
                        }
                        *ret_verb_help = true;
                        argv[out++] = a;
                } else if (streq(a, "--version")) {
                        printf("unitsec %s\n", UNITSEC_VERSION);
                        return 0;
                } else if ((v = startswith(a, "--root="))) {
                        r = set_root(v);
                } else if (streq(a, "--root")) {
                        if (i + 1 >= *argc)
                                return log_usage_error("option '--root' requires an argument");
                        r = set_root(argv[++i]);
                } else if (streq(a, "--user"))
                        arg_global.scope = UNIT_SCOPE_USER;
                else if (streq(a, "--system"))
                        arg_global.scope = UNIT_SCOPE_SYSTEM;
                else if (streq(a, "--no-pager"))
                        arg_global.no_pager = true;
                else
                        argv[out++] = a; /* a verb option (or an unknown one: the verb says so) */
                if (r < 0)
                        return r;
        }
        argv[out] = NULL;
        *argc = out;
        return 1;
}

int main(int argc, char **argv) {
        (void) setlocale(LC_ALL, "");
        bool verb_help;
        int r = parse_global(&argc, argv, &verb_help);
        if (r <= 0)
                return r < 0 ? EXIT_FAILED : EXIT_OK;

        /* argv[1] is the verb, or an option of the default verb, or nothing. */
        const Verb *verb = NULL;
        int vargc = argc - 1;
        char **vargv = argv + 1;
        if (argc > 1 && argv[1][0] != '-') {
                for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                        if (streq(argv[1], verbs[i].name))
                                verb = &verbs[i];
                if (!verb) {
                        log_usage_error("unknown verb '%s'", argv[1]);
                        return EXIT_FAILED;
                }
        } else {
                /* No verb: the overview (security with its options). Rebuild argv with the name. */
                verb = &verbs[0];
                vargv = argv; /* argv[0] stands in for the verb name */
                vargc = argc;
                vargv[0] = (char *) verb->name;
        }
        r = verb->run(vargc, vargv);
        free(arg_global.root);
        if (r < 0)
                return EXIT_FAILED;
        return r;
}
