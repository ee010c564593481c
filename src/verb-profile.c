/* SPDX-License-Identifier: MIT */
/* unitsec profile [OPTIONS] -- CMD ARGS...
 * unitsec profile [OPTIONS] UNIT|PATH
 * unitsec profile --merge A.json B.json... -o C.json
 * unitsec profile --show-dropin PROFILE.json
 * Traces a program (src/profile/tracer.h) and writes what it was seen doing as a JSON
 * profile; merges profiles; prints the drop-in a profile allows (profile-dropin.h). */
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>

#include "log.h"
#include "parse-util.h"
#include "profile-dropin.h"
#include "profile.h"
#include "strv.h"
#include "tracer.h"
#include "unit-load.h"
#include "verbs.h"

static const char *arg_output = NULL;
static unsigned arg_duration = 0;
static bool arg_merge = false;
static bool arg_show_dropin = false;
static bool arg_sandboxed = false;
static char **arg_dropins = NULL;

static void profile_help(void) {
        printf("Usage: unitsec profile [OPTIONS] -- CMD [ARGS...]\n"
               "       unitsec profile [OPTIONS] UNIT|PATH\n"
               "       unitsec profile --merge A.json B.json... -o C.json\n"
               "       unitsec profile --show-dropin PROFILE.json...\n\n"
               "Trace a program with all its threads and children and record what it needs:\n"
               "paths and how they are used, system calls, socket families, network use beyond\n"
               "loopback, W+X mappings, namespaces, identity changes, capability-needing\n"
               "operations and setuid/setgid programs run. The result feeds\n"
               "'unitsec harden --observed=PROFILE.json'.\n\n"
               "Options:\n"
               "  -h --help            show this help\n"
               "  -o --output=FILE     write the profile to FILE (default: NAME.profile.json)\n"
               "     --duration=SECS   stop after SECS seconds (the program gets SIGTERM)\n"
               "     --sandboxed       UNIT: trace it under its own sandbox (default: without it;\n"
               "                       its user, environment and commands are kept)\n"
               "     --dropin=FILE     UNIT: apply a drop-in file after the unit's own (repeatable)\n"
               "     --merge           union the profiles given as arguments into -o FILE\n"
               "     --show-dropin     print the hardening drop-in the profiles allow (united)\n\n"
               "Ctrl-C ends the trace cleanly: the program gets the signal and the profile is\n"
               "written. A second Ctrl-C kills the program. See 'man unitsec' for details.\n");
}

static int profile_parse_args(int argc, char **argv) {
        enum { ARG_DURATION = 0x100, ARG_MERGE, ARG_SHOW_DROPIN, ARG_SANDBOXED, ARG_DROPIN };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "output", required_argument, NULL, 'o' },
                { "duration", required_argument, NULL, ARG_DURATION },
                { "merge", no_argument, NULL, ARG_MERGE },
                { "show-dropin", no_argument, NULL, ARG_SHOW_DROPIN },
                { "sandboxed", no_argument, NULL, ARG_SANDBOXED },
                { "dropin", required_argument, NULL, ARG_DROPIN },
                {},
        };
        int c;
        optind = 0;
        /* The command's own options come after "--", where getopt stops. */
        while ((c = getopt_long(argc, argv, "ho:", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        profile_help();
                        return 0;
                case 'o':
                        if (isempty(optarg))
                                return log_usage_error("--output= needs a file name");
                        arg_output = optarg;
                        break;
                case ARG_DURATION: {
                        char *end;
                        errno = 0;
                        unsigned long v = strtoul(optarg, &end, 10);
                        if (errno || end == optarg || *end || v == 0 || v > UINT_MAX / 2)
                                return log_usage_error("--duration= needs a number of seconds, got '%s'", optarg);
                        arg_duration = (unsigned) v;
                        break;
                }
                case ARG_MERGE:
                        arg_merge = true;
                        break;
                case ARG_SHOW_DROPIN:
                        arg_show_dropin = true;
                        break;
                case ARG_SANDBOXED:
                        arg_sandboxed = true;
                        break;
                case ARG_DROPIN:
                        strv_extend(&arg_dropins, optarg);
                        break;
                default:
                        return -EINVAL;
                }
        return 1;
}

/* Loads and unites the profiles named in files. */
static int load_all(char **files, Profile *ret) {
        Profile all;
        profile_init(&all);
        STRV_FOREACH(f, files) {
                Profile one;
                int r = profile_load(*f, &one);
                if (r < 0) {
                        profile_done(&all);
                        return log_error_errno(r, "cannot read the profile '%s': %s", *f,
                                               r == -EBADMSG ? "not a unitsec profile" : strerror(-r));
                }
                profile_merge(&all, &one);
                profile_done(&one);
        }
        *ret = all;
        return 0;
}

static int profile_merge_files(char **files) {
        if (!arg_output)
                return log_usage_error("--merge needs -o FILE");
        if (strv_length(files) < 1)
                return log_usage_error("--merge needs at least one profile");
        Profile all;
        int r = load_all(files, &all);
        if (r < 0)
                return r;
        r = profile_save(&all, arg_output);
        profile_done(&all);
        if (r < 0)
                return log_error_errno(r, "cannot write '%s': %m", arg_output);
        log_info("merged %zu profiles into '%s'", strv_length(files), arg_output);
        return 0;
}

/* Several profiles: the drop-in allows what any of the runs did. */
static int profile_show_dropin(char **files) {
        if (strv_length(files) < 1)
                return log_usage_error("--show-dropin needs a profile");
        Profile p;
        int r = load_all(files, &p);
        if (r < 0)
                return r;
        _cleanup_free_ char *text = NULL;
        r = profile_to_dropin(&p, NULL, &text);
        profile_done(&p);
        if (r < 0)
                return log_error_errno(r, "cannot build the drop-in: %m");
        fputs(text, stdout);
        return 0;
}

/* NAME.profile.json: the command's (or unit's) base name. */
static char *default_output(const char *what) {
        const char *base = strrchr(what, '/');
        base = base ? base + 1 : what;
        _cleanup_free_ char *name = xstrdup(isempty(base) ? "unitsec" : base);
        char *dot = endswith(name, ".service") ? strrchr(name, '.') : NULL;
        if (dot)
                *dot = 0;
        return xasprintf("%s.profile.json", name);
}

static void summary(const Profile *p, const char *out) {
        const ProfileRun *run = &p->runs[p->n_runs - 1];
        log_info("traced %u processes for %.1fs (%s, status %d): %zu paths, %zu system calls seen",
                 p->processes, run->duration, run->ended_by, run->exit_status, p->paths.n_entries,
                 p->syscalls.n_entries);
        log_info("profile written to '%s'", out);
        log_info("next: unitsec harden --observed=%s UNIT, or unitsec profile --show-dropin %s", out, out);
}

/* The profile's directory must take it: checked before the run, not after. */
static int check_output(const char *out) {
        _cleanup_free_ char *dir = xstrdup(out);
        char *slash = strrchr(dir, '/');
        const char *d = slash ? (slash == dir ? "/" : (*slash = 0, dir)) : ".";
        if (access(d, W_OK) < 0)
                return log_error_errno(-errno, "cannot write the profile into '%s': %m", d);
        return 0;
}

static int profile_trace(const TracerOptions *o, const char *name, const char *unit, char **notes) {
        _cleanup_free_ char *out = arg_output ? xstrdup(arg_output) : default_output(name);
        int r = check_output(out);
        if (r < 0)
                return r;
        Profile p;
        profile_init(&p);
        r = tracer_run(o, &p);
        if (r < 0) {
                profile_done(&p);
                if (r == -ENOENT)
                        return log_error_errno(r, "'%s' not found", o->argv[0]);
                return log_error_errno(r, "cannot run '%s': %m", o->argv[0]);
        }
        if (unit)
                p.runs[p.n_runs - 1].unit = xstrdup(unit);
        STRV_FOREACH(n, notes)
                strv_extend(&p.notes, *n);
        r = profile_save(&p, out);
        if (r >= 0)
                summary(&p, out);
        profile_done(&p);
        if (r < 0)
                return log_error_errno(r, "cannot write the profile '%s': %m", out);
        return 0;
}

/* The commands of the unit that a foreground run does not reach, said plainly. */
static char **coverage_notes(const char *arg) {
        _cleanup_strv_free_ char **dirs = NULL;
        _cleanup_free_ char *name = NULL, *d = NULL;
        if (unit_arg_extra_dir(arg, &d) >= 0 && d)
                strv_extend(&dirs, d);
        if (unit_arg_to_name(arg, &name) < 0)
                return NULL;
        LookupPaths lp = {};
        if (lookup_paths_init(&lp, arg_global.scope, arg_global.root, dirs) < 0)
                return NULL;
        _cleanup_unit_free_ Unit *u = NULL;
        int r = unit_load(&lp, name, &u);
        lookup_paths_done(&lp);
        if (r < 0)
                return NULL;
        static const char *const never[] = { "ExecReload", "ExecCondition" };
        char **notes = NULL;
        for (size_t i = 0; i < u->n_files; i++)
                for (size_t j = 0; j < u->files[i].n_assignments; j++)
                        for (size_t k = 0; k < ELEMENTSOF(never); k++) {
                                const UnitAssignment *a = &u->files[i].assignments[j];
                                _cleanup_free_ char *note = xasprintf("%s= never ran", never[k]);
                                if (streq(a->key, never[k]) && !isempty(a->value) && !strv_contains(notes, note))
                                        strv_extend(&notes, note);
                        }
        strv_extend(&notes, "only the code paths this run took were seen: error handling, reloads and "
                            "rarely used features may need more");
        return notes;
}

/* Without --sandboxed the unit runs without its sandbox: this drop-in, applied after the
 * unit's files, sets every sandboxing directive back to its default (identity, environment,
 * working directory, limits and the commands stay the unit's). Settings implied by
 * DynamicUser= cannot be undone this way. */
static const char neutral_dropin[] =
        "[Service]\n"
        "ProtectSystem=no\nProtectHome=no\nPrivateTmp=no\nPrivateDevices=no\nPrivateNetwork=no\n"
        "PrivateUsers=no\nPrivateMounts=no\nPrivateIPC=no\nProtectKernelTunables=no\n"
        "ProtectKernelModules=no\nProtectKernelLogs=no\nProtectControlGroups=no\nProtectClock=no\n"
        "ProtectHostname=no\nProtectProc=default\nProcSubset=all\nReadWritePaths=\nReadOnlyPaths=\n"
        "InaccessiblePaths=\nExecPaths=\nNoExecPaths=\nTemporaryFileSystem=\nBindPaths=\n"
        "BindReadOnlyPaths=\nSystemCallFilter=\nSystemCallArchitectures=\nRestrictAddressFamilies=\n"
        "RestrictNamespaces=no\nCapabilityBoundingSet=~\nNoNewPrivileges=no\nMemoryDenyWriteExecute=no\n"
        "LockPersonality=no\nRestrictRealtime=no\nRestrictSUIDSGID=no\n";

static int write_neutral_dropin(char **ret_path) {
        char *path = xstrdup("/tmp/unitsec-profile-unsandboxed-XXXXXX.conf");
        _cleanup_close_ int fd = mkostemps(path, 5, O_CLOEXEC);
        if (fd < 0 || write(fd, neutral_dropin, strlen(neutral_dropin)) != (ssize_t) strlen(neutral_dropin)) {
                int r = -errno;
                if (fd >= 0)
                        (void) unlink(path);
                free(path);
                return r < 0 ? r : -EIO;
        }
        *ret_path = path;
        return 0;
}

/* The unit runs as 'unitsec run' runs it (its ExecStartPre=, ExecStart=, ExecStop=...), and
 * that run is traced; unitsec's own processes (which build the sandbox) are not recorded. */
static int profile_unit(const char *arg) {
        char self[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0)
                return log_error_errno(-errno, "cannot find the unitsec binary: %m");
        self[n] = 0;
        _cleanup_free_ char *neutral = NULL;
        if (!arg_sandboxed) {
                int r = write_neutral_dropin(&neutral);
                if (r < 0)
                        return log_error_errno(r, "cannot write a temporary drop-in: %m");
        }
        _cleanup_strv_free_ char **argv = NULL;
        strv_extend(&argv, self);
        strv_extend(&argv, "run");
        if (arg_global.root)
                strv_consume(&argv, xasprintf("--root=%s", arg_global.root));
        if (arg_global.scope == UNIT_SCOPE_USER)
                strv_extend(&argv, "--user");
        if (neutral)
                strv_consume(&argv, xasprintf("--dropin=%s", neutral));
        STRV_FOREACH(d, arg_dropins)
                strv_consume(&argv, xasprintf("--dropin=%s", *d));
        strv_extend(&argv, arg);
        _cleanup_strv_free_ char **notes = coverage_notes(arg);
        if (!arg_sandboxed)
                strv_extend(&notes, "the unit ran without its sandbox (settings implied by DynamicUser= excepted)");
        TracerOptions o = { .argv = argv, .duration = arg_duration, .ignore_exe = self };
        int r = profile_trace(&o, arg, arg, notes);
        if (neutral)
                (void) unlink(neutral);
        return r;
}

int verb_profile(int argc, char **argv) {
        int r = profile_parse_args(argc, argv);
        if (r <= 0)
                return r;
        char **rest = argv + optind;
        if (arg_merge)
                return profile_merge_files(rest);
        if (arg_show_dropin)
                return profile_show_dropin(rest);
        bool command = optind > 1 && streq(argv[optind - 1], "--");
        if (!*rest)
                return log_usage_error("profile needs -- CMD [ARGS...] or a unit");
        if (command) {
                TracerOptions o = { .argv = rest, .duration = arg_duration };
                return profile_trace(&o, rest[0], NULL, NULL);
        }
        return profile_unit(rest[0]);
}
